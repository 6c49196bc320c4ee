//===- WeightsAsBytes.cpp - constant globals as flat byte arrays ----------===//
//
// This file implements mdf-weights-as-bytes, which retypes the constant
// LLVM-dialect globals that hold a model's weights as one array of bytes,
// so that the translation to LLVM IR builds one constant per weight instead
// of one per innermost row, and the assembler writes it in one piece.
//
//===----------------------------------------------------------------------===//

#include "mdf/Backend/CPU/Passes.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"

namespace mlir::mdf {
#define GEN_PASS_DEF_MDFWEIGHTSASBYTES
#include "mdf/Backend/CPU/Passes.h.inc"
} // namespace mlir::mdf

using namespace mlir;

namespace {

/// Smaller globals are left as they are: they cost nothing either way.
constexpr int64_t kMinimumBytes = 256;
constexpr int64_t kAlignment = 64;

/// `value` as the same bytes typed `tensor<N x i8>`, or null when it is
/// not a dense array of whole-byte numbers.
ElementsAttr asBytes(ElementsAttr value) {
  auto type = cast<ShapedType>(value.getType());
  Type element = type.getElementType();
  if (!element.isIntOrFloat() || element.getIntOrFloatBitWidth() % 8 != 0)
    return {};
  int64_t size =
      type.getNumElements() * (element.getIntOrFloatBitWidth() / 8);
  if (size < kMinimumBytes)
    return {};
  auto bytesType =
      RankedTensorType::get({size}, IntegerType::get(value.getContext(), 8));
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(value)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob || static_cast<int64_t>(blob->getData().size()) != size)
      return {};
    return DenseResourceElementsAttr::get(bytesType, resource.getRawHandle());
  }
  auto dense = dyn_cast<DenseElementsAttr>(value);
  if (!dense || dense.isSplat())
    return {};
  return DenseElementsAttr::getFromRawBuffer(bytesType, dense.getRawData());
}

struct WeightsAsBytes
    : public mdf::impl::MDFWeightsAsBytesBase<WeightsAsBytes> {
  void runOnOperation() override {
    for (auto global : getOperation().getOps<LLVM::GlobalOp>()) {
      if (!global.getConstant() || !global.getValueOrNull())
        continue;
      auto value = dyn_cast<ElementsAttr>(global.getValueOrNull());
      if (!value)
        continue;
      ElementsAttr bytes = asBytes(value);
      if (!bytes)
        continue;
      auto bytesType = cast<ShapedType>(bytes.getType());
      global.setGlobalTypeAttr(TypeAttr::get(LLVM::LLVMArrayType::get(
          bytesType.getElementType(), bytesType.getNumElements())));
      global.setValueAttr(bytes);
      global.setAlignment(
          std::max<uint64_t>(global.getAlignment().value_or(0), kAlignment));
    }
  }
};

} // namespace
