//===- WidenHalfFloats.cpp - compute f16 and bf16 models in f32 -----------===//
//
// This file implements mdf-widen-half-floats: every f16/bf16 tensor inside
// a function becomes f32, with casts at the function's boundary only, so
// the lowering and the CPU back end see f32 arithmetic.
//
//===----------------------------------------------------------------------===//

#include "mdf/Dialect/MDF/IR/MDFOps.h"
#include "mdf/Dialect/MDF/Transforms/Passes.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"

namespace mlir::mdf {
#define GEN_PASS_DEF_MDFWIDENHALFFLOATS
#include "mdf/Dialect/MDF/Transforms/Passes.h.inc"
} // namespace mlir::mdf

using namespace mlir;
using namespace mlir::mdf;

namespace {

bool isHalfFloat(Type type) { return isa<Float16Type, BFloat16Type>(type); }

/// `type` with f32 in place of a half-precision element type, else null.
Type widened(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || !isHalfFloat(tensor.getElementType()))
    return {};
  return tensor.clone(Float32Type::get(type.getContext()));
}

/// The elements of a half-precision constant as f32, exactly; null when
/// they cannot be read (a resource blob that is not loaded).
ElementsAttr widenedConstant(ElementsAttr value, RankedTensorType type) {
  auto halfType = cast<FloatType>(value.getElementType());
  const llvm::fltSemantics &semantics = halfType.getFloatSemantics();
  auto toFloat = [&](uint16_t bits) {
    APFloat element(semantics, APInt(16, bits));
    bool lossy;
    element.convert(APFloat::IEEEsingle(), APFloat::rmNearestTiesToEven,
                    &lossy);
    return element.convertToFloat();
  };
  if (auto dense = dyn_cast<DenseElementsAttr>(value)) {
    if (dense.isSplat())
      return DenseElementsAttr::get(
          type, toFloat(dense.getSplatValue<APFloat>()
                            .bitcastToAPInt()
                            .getZExtValue()));
    SmallVector<float> elements;
    elements.reserve(dense.getNumElements());
    for (const APFloat &element : dense.getValues<APFloat>())
      elements.push_back(
          toFloat(element.bitcastToAPInt().getZExtValue()));
    return DenseElementsAttr::get(type, ArrayRef<float>(elements));
  }
  auto resource = dyn_cast<DenseResourceElementsAttr>(value);
  AsmResourceBlob *blob = resource ? resource.getRawHandle().getBlob() : nullptr;
  if (!blob)
    return {};
  ArrayRef<char> bytes = blob->getData();
  size_t count = bytes.size() / sizeof(uint16_t);
  AsmResourceBlob wide =
      HeapAsmResourceBlob::allocate(count * sizeof(float), alignof(float));
  MutableArrayRef<char> out = wide.getMutableData();
  for (size_t i = 0; i < count; ++i) {
    uint16_t bits;
    std::memcpy(&bits, bytes.data() + i * sizeof(uint16_t), sizeof(bits));
    float element = toFloat(bits);
    std::memcpy(out.data() + i * sizeof(float), &element, sizeof(float));
  }
  return DenseResourceElementsAttr::get(
      type, resource.getRawHandle().getKey().str() + "_f32", std::move(wide));
}

struct WidenHalfFloats
    : public mdf::impl::MDFWidenHalfFloatsBase<WidenHalfFloats> {
  void runOnOperation() override {
    func::FuncOp function = getOperation();
    if (function.isExternal())
      return;
    OpBuilder builder(&getContext());
    Block &entry = function.getBody().front();
    builder.setInsertionPointToStart(&entry);
    for (BlockArgument argument : entry.getArguments())
      if (Type wide = widened(argument.getType())) {
        auto cast = CastOp::create(builder, argument.getLoc(), wide, argument);
        argument.replaceAllUsesExcept(cast, cast);
      }

    WalkResult walk = function.walk([&](Operation *op) {
      if (op == function)
        return WalkResult::advance();
      if (auto ret = dyn_cast<func::ReturnOp>(op)) {
        builder.setInsertionPoint(ret);
        for (OpOperand &operand : ret->getOpOperands()) {
          Type expected = function.getResultTypes()[operand.getOperandNumber()];
          if (widened(expected) && operand.get().getType() != expected)
            operand.set(CastOp::create(builder, ret.getLoc(), expected,
                                       operand.get()));
        }
        return WalkResult::advance();
      }
      if (auto constant = dyn_cast<ConstantOp>(op)) {
        Type wide = widened(constant.getType());
        if (!wide)
          return WalkResult::advance();
        ElementsAttr value = widenedConstant(constant.getValue(),
                                             cast<RankedTensorType>(wide));
        if (!value) {
          constant.emitError("cannot widen this half-precision constant to "
                             "f32: its data is not loaded");
          return WalkResult::interrupt();
        }
        constant.setValueAttr(value);
        constant.getResult().setType(cast<RankedTensorType>(wide));
        return WalkResult::advance();
      }
      // Values inside the function, nested regions included, become f32.
      for (Region &region : op->getRegions())
        for (Block &block : region)
          for (BlockArgument argument : block.getArguments())
            if (Type wide = widened(argument.getType()))
              argument.setType(wide);
      for (OpResult result : op->getResults())
        if (Type wide = widened(result.getType()))
          result.setType(wide);
      return WalkResult::advance();
    });
    if (walk.wasInterrupted())
      return signalPassFailure();
    // A cast to a half type became a cast from f32 to f32.
    function.walk([](CastOp cast) {
      if (cast.getInput().getType() == cast.getType()) {
        cast.getResult().replaceAllUsesWith(cast.getInput());
        cast.erase();
      }
    });
  }
};

} // namespace
