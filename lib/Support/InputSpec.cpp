//===- InputSpec.cpp - model input shapes from the command line
//------------===//
//
// This file implements the parser of `--input-shape` values.
//
//===----------------------------------------------------------------------===//

#include "mdf/Support/InputSpec.h"
#include "mdf/Support/Limits.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/StringSwitch.h"

using namespace mlir;

static RankedTensorType parseInputSpecOrSay(StringRef text,
                                            MLIRContext *context,
                                            std::string &error) {
  if (text.trim().empty()) {
    error = "an empty shape (write 'scalar' or 'f64:scalar' for a 0-D "
            "tensor, sizes like 1x3x224x224 otherwise)";
    return {};
  }
  Type elementType = Float32Type::get(context);
  StringRef dims = text;
  if (text.contains(':')) {
    auto [prefix, rest] = text.split(':');
    elementType = llvm::StringSwitch<Type>(prefix)
                      .Case("f32", Float32Type::get(context))
                      .Case("f64", Float64Type::get(context))
                      .Case("f16", Float16Type::get(context))
                      .Case("bf16", BFloat16Type::get(context))
                      .Case("i64", IntegerType::get(context, 64))
                      .Case("i32", IntegerType::get(context, 32))
                      .Case("i1", IntegerType::get(context, 1))
                      .Default(Type());
    if (!elementType) {
      error = ("unknown element type '" + prefix +
               "' (expected f32, f64, f16, bf16, i64, i32 or i1)")
                  .str();
      return {};
    }
    dims = rest;
  }
  SmallVector<int64_t> shape;
  if (dims != "scalar" && !dims.empty()) {
    SmallVector<StringRef> parts;
    dims.split(parts, 'x');
    for (StringRef part : parts) {
      int64_t size;
      if (part == "?") {
        shape.push_back(ShapedType::kDynamic);
      } else if (!part.getAsInteger(10, size) && size >= 0) {
        shape.push_back(size);
      } else {
        error = ("bad size '" + part + "' in '" + text +
                 "' (expected sizes like 1x3x224x224, '?' for a dynamic "
                 "size)")
                    .str();
        return {};
      }
    }
  }
  if (!mdf::checkedElementCount(shape, (elementType.getIntOrFloatBitWidth() + 7) /
                                       8)) {
    error = ("'" + text + "' is too large: a tensor may have at most 2^40 "
             "elements and 2^42 bytes")
                .str();
    return {};
  }
  return RankedTensorType::get(shape, elementType);
}

llvm::Expected<RankedTensorType>
mlir::mdf::parseInputSpec(StringRef text, MLIRContext *context) {
  std::string error;
  RankedTensorType type = parseInputSpecOrSay(text, context, error);
  if (!type)
    return llvm::createStringError(error);
  return type;
}

FailureOr<SmallVector<RankedTensorType>>
mlir::mdf::parseInputSpecs(ArrayRef<std::string> texts, MLIRContext *context) {
  SmallVector<RankedTensorType> types;
  for (const std::string &text : texts) {
    llvm::Expected<RankedTensorType> type = parseInputSpec(text, context);
    if (!type)
      return emitError(UnknownLoc::get(context))
             << "--input-shape=" << text << ": "
             << llvm::toString(type.takeError());
    types.push_back(*type);
  }
  return types;
}

std::string mlir::mdf::formatInputSpec(RankedTensorType type) {
  std::string text;
  llvm::raw_string_ostream os(text);
  Type element = type.getElementType();
  if (!element.isF32())
    os << (element.isF64()         ? "f64"
           : element.isF16()       ? "f16"
           : element.isBF16()      ? "bf16"
           : element.isInteger(1)  ? "i1"
           : element.isInteger(64) ? "i64"
                                   : "i32")
       << ":";
  if (type.getRank() == 0)
    os << "scalar";
  llvm::interleave(
      type.getShape(), os,
      [&](int64_t size) {
        if (ShapedType::isDynamic(size))
          os << "?";
        else
          os << size;
      },
      "x");
  return text;
}
