//===- EntrySizeArguments.cpp - sizes as arguments, bare buffers -*- C++ -*-===//
//
// This file implements mdf-entry-size-arguments: public functions with
// dynamically sized buffers take the dynamic input sizes as index
// arguments and each such buffer as one pointer.
//
//===----------------------------------------------------------------------===//

#include "mdf/Backend/CPU/Passes.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/SymbolTable.h"

namespace mlir::mdf {
#define GEN_PASS_DEF_MDFENTRYSIZEARGUMENTS
#include "mdf/Backend/CPU/Passes.h.inc"
} // namespace mlir::mdf

using namespace mlir;

/// The row-major strides of `type`'s shape with `sizes` for its dynamic
/// dimensions.
static SmallVector<OpFoldResult> rowMajorStrides(OpBuilder &builder,
                                                 Location loc,
                                                 ArrayRef<OpFoldResult> sizes) {
  SmallVector<OpFoldResult> strides(sizes.size());
  OpFoldResult stride = builder.getIndexAttr(1);
  for (int64_t dim = sizes.size() - 1; dim >= 0; --dim) {
    strides[dim] = stride;
    std::optional<int64_t> staticStride = getConstantIntValue(stride);
    std::optional<int64_t> staticSize = getConstantIntValue(sizes[dim]);
    if (staticStride && staticSize) {
      stride = builder.getIndexAttr(*staticStride * *staticSize);
      continue;
    }
    stride = arith::MulIOp::create(
                 builder, loc,
                 getValueOrCreateConstantIndexOp(builder, loc, stride),
                 getValueOrCreateConstantIndexOp(builder, loc, sizes[dim]))
                 .getResult();
  }
  return strides;
}

/// Replaces the dynamically shaped buffer argument `argument` by a rank-0
/// buffer of its element type, reinterpreted with `dynamicSizes`.
static void reinterpretArgument(OpBuilder &builder, BlockArgument argument,
                                ValueRange dynamicSizes) {
  auto type = cast<MemRefType>(argument.getType());
  Location loc = argument.getLoc();
  SmallVector<OpFoldResult> sizes;
  unsigned next = 0;
  for (int64_t dim = 0; dim < type.getRank(); ++dim)
    sizes.push_back(type.isDynamicDim(dim)
                        ? OpFoldResult(dynamicSizes[next++])
                        : OpFoldResult(builder.getIndexAttr(type.getDimSize(dim))));
  SmallVector<OpFoldResult> strides = rowMajorStrides(builder, loc, sizes);
  argument.setType(MemRefType::get({}, type.getElementType(), AffineMap(),
                                   type.getMemorySpace()));
  auto view = memref::ReinterpretCastOp::create(
      builder, loc, type, argument, builder.getIndexAttr(0), sizes, strides);
  argument.replaceAllUsesExcept(view, view);
}

static int64_t countDynamicDims(MemRefType type) {
  return llvm::count_if(type.getShape(), ShapedType::isDynamic);
}

/// Rewrites `func` (marked by mdf-output-size-functions); fails with an
/// error when its buffers are not the identity-layout ones expected.
static LogicalResult rewriteFunction(func::FuncOp func, int64_t numResults,
                                     SymbolTable &symbols) {
  Block &entry = func.front();
  int64_t numInputs = entry.getNumArguments() - numResults;
  if (numInputs < 0)
    return func.emitError("expected the results as out-parameters");
  for (BlockArgument argument : entry.getArguments()) {
    auto type = dyn_cast<MemRefType>(argument.getType());
    if (type && !type.getLayout().isIdentity())
      return func.emitError("argument ")
             << argument.getArgNumber() << " has the non-row-major type "
             << type;
  }
  MLIRContext *context = func.getContext();
  OpBuilder builder = OpBuilder::atBlockBegin(&entry);
  Type indexType = builder.getIndexType();
  Location loc = func.getLoc();

  // Leading size arguments, one per dynamic input size.
  int64_t numInputSizes = 0;
  for (int64_t i = 0; i < numInputs; ++i)
    if (auto type = dyn_cast<MemRefType>(entry.getArgument(i).getType()))
      numInputSizes += countDynamicDims(type);
  SmallVector<Value> inputSizes;
  for (int64_t k = 0; k < numInputSizes; ++k)
    inputSizes.push_back(entry.insertArgument(k, indexType, loc));
  unsigned firstBuffer = inputSizes.size();

  // The result sizes, computed from the input sizes.
  SmallVector<Value> outputSizes;
  std::string implName = (func.getSymName() + "_output_sizes_impl").str();
  auto impl = symbols.lookup<func::FuncOp>(implName);
  if (impl) {
    llvm::append_range(
        outputSizes,
        func::CallOp::create(builder, loc, impl, inputSizes).getResults());
  }

  unsigned nextInput = 0, nextOutput = 0;
  for (int64_t i = 0; i < numInputs + numResults; ++i) {
    BlockArgument argument = entry.getArgument(firstBuffer + i);
    auto type = dyn_cast<MemRefType>(argument.getType());
    if (!type || type.hasStaticShape())
      continue;
    int64_t count = countDynamicDims(type);
    bool isInput = i < numInputs;
    ArrayRef<Value> source = isInput ? inputSizes : outputSizes;
    unsigned &next = isInput ? nextInput : nextOutput;
    if (next + count > static_cast<int64_t>(source.size()))
      return func.emitError("result ")
             << i - numInputs << " has sizes that no output-size function "
             << "computes";
    reinterpretArgument(builder, argument,
                        ArrayRef(source).slice(next, count));
    next += count;
  }
  func.setFunctionType(
      FunctionType::get(context, entry.getArgumentTypes(),
                        func.getFunctionType().getResults()));

  // For callers: the result sizes written to an array of int64.
  if (impl) {
    OpBuilder moduleBuilder(func);
    moduleBuilder.setInsertionPointAfter(func);
    SmallVector<Type> argumentTypes(inputSizes.size(), indexType);
    auto sizesType = MemRefType::get(
        {static_cast<int64_t>(outputSizes.size())}, builder.getI64Type());
    argumentTypes.push_back(sizesType);
    auto wrapper = func::FuncOp::create(
        moduleBuilder, loc, (func.getSymName() + "_output_sizes").str(),
        FunctionType::get(context, argumentTypes, {}));
    symbols.insert(wrapper);
    Block *body = wrapper.addEntryBlock();
    OpBuilder b = OpBuilder::atBlockBegin(body);
    auto call = func::CallOp::create(b, loc, impl,
                                     body->getArguments().drop_back());
    for (auto [index, size] : llvm::enumerate(call.getResults())) {
      Value value = arith::IndexCastOp::create(b, loc, b.getI64Type(), size);
      Value position = arith::ConstantIndexOp::create(b, loc, index);
      memref::StoreOp::create(b, loc, value, body->getArguments().back(),
                              position);
    }
    func::ReturnOp::create(b, loc);
  }
  return success();
}

namespace {
struct EntrySizeArguments
    : public mdf::impl::MDFEntrySizeArgumentsBase<EntrySizeArguments> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    SmallVector<func::FuncOp> marked;
    for (auto func : module.getOps<func::FuncOp>())
      if (func->hasAttr("mdf.num_results") && !func.isExternal())
        marked.push_back(func);
    for (func::FuncOp func : marked) {
      auto count = func->getAttrOfType<IntegerAttr>("mdf.num_results");
      func->removeAttr("mdf.num_results");
      if (failed(rewriteFunction(func, count.getInt(), symbols)))
        return signalPassFailure();
    }
  }
};
} // namespace
