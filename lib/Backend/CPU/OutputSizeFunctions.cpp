//===- OutputSizeFunctions.cpp - result sizes from input sizes --*- C++ -*-===//
//
// This file implements mdf-output-size-functions: for each public function
// with dynamically sized results, a private function that computes those
// sizes from the dynamic sizes of the inputs.
//
//===----------------------------------------------------------------------===//

#include "mdf/Backend/CPU/Passes.h"
#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Transforms/Patterns.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::mdf {
#define GEN_PASS_DEF_MDFOUTPUTSIZEFUNCTIONS
#include "mdf/Backend/CPU/Passes.h.inc"
} // namespace mlir::mdf

using namespace mlir;

/// Whether any argument or result of `func` is a tensor with a dynamic size.
static bool hasDynamicTensors(func::FuncOp func) {
  auto isDynamic = [](Type type) {
    auto tensor = dyn_cast<RankedTensorType>(type);
    return tensor && !tensor.hasStaticShape();
  };
  return llvm::any_of(func.getArgumentTypes(), isDynamic) ||
         llvm::any_of(func.getResultTypes(), isDynamic);
}

/// Whether `op` is arithmetic on sizes (what an output-size function may
/// keep after simplification).
static bool isSizeArithmetic(Operation *op) {
  return isa<func::ReturnOp>(op) ||
         isa<arith::ArithDialect, affine::AffineDialect>(op->getDialect());
}

/// Turns the copy `sizes` of a function into one from the dynamic input
/// sizes to the dynamic result sizes; fails (with an error) when a result
/// size needs the values of the inputs.
static LogicalResult buildSizeFunction(func::FuncOp sizes) {
  MLIRContext *context = sizes.getContext();
  Block &entry = sizes.front();
  Location loc = sizes.getLoc();
  OpBuilder builder = OpBuilder::atBlockBegin(&entry);
  unsigned numInputs = entry.getNumArguments();
  for (unsigned i = 0; i < numInputs; ++i) {
    BlockArgument input = entry.getArgument(i);
    auto type = dyn_cast<RankedTensorType>(input.getType());
    if (!type)
      return sizes.emitError("input ")
             << i << " has the type " << input.getType()
             << "; compiled entry points take tensors";
    SmallVector<Value> dynamicSizes;
    for (int64_t dim = 0; dim < type.getRank(); ++dim)
      if (type.isDynamicDim(dim))
        dynamicSizes.push_back(
            entry.addArgument(builder.getIndexType(), input.getLoc()));
    Value placeholder = tensor::EmptyOp::create(
        builder, input.getLoc(), type.getShape(), type.getElementType(),
        dynamicSizes);
    input.replaceAllUsesWith(placeholder);
  }
  entry.eraseArguments(0, numInputs);

  SmallVector<func::ReturnOp> returns;
  sizes.walk([&](func::ReturnOp ret) { returns.push_back(ret); });
  if (returns.size() != 1)
    return sizes.emitError("a function with dynamically sized results must "
                           "have one return");
  func::ReturnOp ret = returns.front();
  builder.setInsertionPoint(ret);
  SmallVector<Value> resultSizes;
  for (Value result : ret.getOperands()) {
    auto type = cast<RankedTensorType>(result.getType());
    for (int64_t dim = 0; dim < type.getRank(); ++dim)
      if (type.isDynamicDim(dim))
        resultSizes.push_back(tensor::DimOp::create(builder, loc, result, dim));
  }
  func::ReturnOp::create(builder, loc, resultSizes);
  ret.erase();
  SmallVector<Type> resultTypes(resultSizes.size(), builder.getIndexType());
  sizes.setFunctionType(
      FunctionType::get(context, entry.getArgumentTypes(), resultTypes));

  // Sizes through the ops that produce them, then folding; whatever no
  // longer feeds a size goes away.
  RewritePatternSet patterns(context);
  memref::populateResolveRankedShapedTypeResultDimsPatterns(patterns);
  memref::populateResolveShapedTypeResultDimsPatterns(patterns);
  scf::populateSCFForLoopCanonicalizationPatterns(patterns);
  for (Dialect *dialect : context->getLoadedDialects())
    dialect->getCanonicalizationPatterns(patterns);
  for (RegisteredOperationName op : context->getRegisteredOperations())
    op.getCanonicalizationPatterns(patterns, context);
  if (failed(applyPatternsGreedily(sizes, std::move(patterns))))
    return sizes.emitError("the result sizes did not settle");

  Operation *valueDependent = nullptr;
  sizes.walk([&](Operation *op) {
    if (op == sizes.getOperation() || isSizeArithmetic(op))
      return WalkResult::advance();
    // The op that computes a size from data: the deepest one left is
    // usually the culprit (nonzero, a mask), so keep the last.
    valueDependent = op;
    return WalkResult::advance();
  });
  if (valueDependent)
    return valueDependent->emitError(
               "the size of an output depends on the values of the "
               "inputs, not only on their sizes ('")
           << valueDependent->getName()
           << "'); compiled code needs output sizes that follow from the "
              "input sizes";
  return success();
}

namespace {
struct OutputSizeFunctions
    : public mdf::impl::MDFOutputSizeFunctionsBase<OutputSizeFunctions> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    Builder attrs(&getContext());
    for (auto func :
         llvm::make_early_inc_range(module.getOps<func::FuncOp>())) {
      if (func.isPrivate() || func.isExternal() || !hasDynamicTensors(func))
        continue;
      func->setAttr("mdf.num_results",
                    attrs.getI64IntegerAttr(func.getNumResults()));
      bool dynamicResults = llvm::any_of(func.getResultTypes(), [](Type t) {
        return !cast<ShapedType>(t).hasStaticShape();
      });
      if (!dynamicResults)
        continue;
      OpBuilder builder(func);
      builder.setInsertionPointAfter(func);
      auto sizes = cast<func::FuncOp>(builder.clone(*func));
      sizes->removeAttr("mdf.num_results");
      sizes.setPrivate();
      sizes.setSymName((func.getSymName() + "_output_sizes_impl").str());
      symbols.insert(sizes);
      if (failed(buildSizeFunction(sizes))) {
        sizes.erase();
        return signalPassFailure();
      }
      // Which input size each result size is, when it is one.
      SmallVector<int64_t> sources;
      auto ret = cast<func::ReturnOp>(sizes.front().getTerminator());
      for (Value size : ret.getOperands()) {
        auto argument = dyn_cast<BlockArgument>(size);
        sources.push_back(argument ? static_cast<int64_t>(argument.getArgNumber())
                                   : int64_t{-1});
      }
      func->setAttr("mdf.output_size_sources",
                    attrs.getDenseI64ArrayAttr(sources));
    }
  }
};
} // namespace
