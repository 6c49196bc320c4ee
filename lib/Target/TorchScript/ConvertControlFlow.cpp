//===- ConvertControlFlow.cpp - prim::If and prim::Loop -------------------===//
//
// This file implements the converters of TorchScript control flow. A
// condition known at compile time imports only the branch taken; one that
// depends on tensor data becomes `scf.if`. A loop with a known trip count
// becomes `scf.for` over its tensor values, or is unrolled when its body
// needs the iteration number or carries plain numbers.
//
//===----------------------------------------------------------------------===//

#include "GraphImporter.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;
using namespace mlir::mdf;
using namespace mlir::mdf::torchscript;
namespace jit = torch::jit;

/// Maps the outputs of `node` to the imported values of `outputs`.
static LogicalResult forwardOutputs(GraphImporter &importer, jit::Node *node,
                                    at::ArrayRef<jit::Value *> outputs) {
  for (auto [output, result] : llvm::zip(node->outputs(), outputs)) {
    const ImportedValue *value = importer.lookup(result);
    if (!value)
      return importer.emitNodeError(node, "a block result was not imported");
    importer.map(output, *value);
  }
  return success();
}

/// Imports `block` into `region` (a fresh block) ending in scf.yield of its
/// outputs, which must all be tensors; returns their types.
static FailureOr<SmallVector<Type>> importIntoRegion(GraphImporter &importer,
                                                     jit::Node *node,
                                                     jit::Block *block,
                                                     Region &region) {
  OpBuilder &builder = importer.getBuilder();
  OpBuilder::InsertionGuard guard(builder);
  if (region.empty())
    region.emplaceBlock();
  Block &target = region.front();
  // The builder gave a result-less scf.if an empty scf.yield.
  if (!target.empty())
    target.back().erase();
  builder.setInsertionPointToEnd(&target);
  if (failed(importer.importBlock(block)))
    return failure();
  SmallVector<Value> yielded;
  for (jit::Value *output : block->outputs()) {
    const ImportedValue *value = importer.lookup(output);
    if (!value || value->kind != ImportedValue::Kind::Tensor)
      return importer.emitNodeError(
          node, "a branch that depends on tensor data may only produce "
                "tensors");
    yielded.push_back(value->tensor);
  }
  scf::YieldOp::create(builder, importer.getLoc(node), yielded);
  return llvm::to_vector(ValueRange(yielded).getTypes());
}

/// aten::Bool(tensor): the tensor as a 0-D i1 value for a condition.
static LogicalResult convertBool(GraphImporter &importer, jit::Node *node) {
  const ImportedValue *value = importer.lookup(node->input(0));
  if (value && value->kind != ImportedValue::Kind::Tensor) {
    FailureOr<bool> known = importer.getBool(node, 0);
    if (failed(known))
      return failure();
    importer.map(node->output(), ImportedValue::ofBool(*known));
    return success();
  }
  FailureOr<Value> tensor = importer.getTensor(node, 0);
  if (failed(tensor))
    return failure();
  RankedTensorType type = getTensorType(*tensor);
  if (type.getRank() != 0 && type.getNumElements() != 1)
    return importer.emitNodeError(node, "needs a tensor with one element");
  Location loc = importer.getLoc(node);
  Value condition = *tensor;
  if (type.getRank() != 0) {
    FailureOr<Value> flat =
        importer.create<ReshapeOp>(loc, *tensor, ArrayRef<int64_t>{});
    if (failed(flat))
      return failure();
    condition = *flat;
  }
  if (!type.getElementType().isInteger(1))
    condition = CastOp::create(
        importer.getBuilder(), loc,
        RankedTensorType::get({}, importer.getBuilder().getI1Type()),
        condition);
  importer.mapTensor(node->output(), condition);
  return success();
}

/// prim::If(condition) with a then and an else block.
static LogicalResult convertIf(GraphImporter &importer, jit::Node *node) {
  const ImportedValue *condition = importer.lookup(node->input(0));
  if (!condition)
    return importer.emitNodeError(node, "condition was not imported");
  if (condition->kind == ImportedValue::Kind::Bool) {
    jit::Block *taken = node->blocks()[condition->boolValue ? 0 : 1];
    if (failed(importer.importBlock(taken)))
      return failure();
    return forwardOutputs(importer, node, taken->outputs());
  }
  FailureOr<Value> tensor = importer.getTensor(node, 0);
  if (failed(tensor))
    return failure();
  OpBuilder &builder = importer.getBuilder();
  Location loc = importer.getLoc(node);
  Value flag = tensor::ExtractOp::create(builder, loc, *tensor, ValueRange{});
  // The result types are known once the branches are imported: import into
  // a result-less scf.if, then move the regions into the real one.
  auto draft = scf::IfOp::create(builder, loc, TypeRange{}, flag,
                                 /*withElseRegion=*/false);
  FailureOr<SmallVector<Type>> thenTypes = importIntoRegion(
      importer, node, node->blocks()[0], draft.getThenRegion());
  FailureOr<SmallVector<Type>> elseTypes = importIntoRegion(
      importer, node, node->blocks()[1], draft.getElseRegion());
  if (failed(thenTypes) || failed(elseTypes)) {
    draft->erase();
    return failure();
  }
  if (*thenTypes != *elseTypes) {
    draft->erase();
    return importer.emitNodeError(
        node, "the branches produce tensors of different types");
  }
  auto ifOp = scf::IfOp::create(builder, loc, *thenTypes, flag,
                                /*withElseRegion=*/false);
  ifOp.getThenRegion().takeBody(draft.getThenRegion());
  ifOp.getElseRegion().takeBody(draft.getElseRegion());
  draft->erase();
  for (auto [output, result] : llvm::zip(node->outputs(), ifOp.getResults()))
    importer.mapTensor(output, result);
  return success();
}

/// prim::Loop(trip_count, condition, carried...) unrolled.
static LogicalResult unrollLoop(GraphImporter &importer, jit::Node *node,
                                int64_t tripCount) {
  jit::Block *body = node->blocks()[0];
  std::vector<ImportedValue> carried;
  for (jit::Value *input : node->inputs().slice(2))
    carried.push_back(*importer.lookup(input));
  for (int64_t i = 0; i < tripCount; ++i) {
    importer.map(body->inputs()[0], ImportedValue::ofInt(i));
    for (auto [arg, value] : llvm::zip(body->inputs().slice(1), carried))
      importer.map(arg, value);
    if (failed(importer.importBlock(body)))
      return failure();
    const ImportedValue *more = importer.lookup(body->outputs()[0]);
    for (auto [index, output] : llvm::enumerate(body->outputs().slice(1)))
      carried[index] = *importer.lookup(output);
    if (!more || more->kind != ImportedValue::Kind::Bool)
      return importer.emitNodeError(
          node, "a loop whose exit depends on tensor data is not supported");
    if (!more->boolValue)
      break;
  }
  for (auto [output, value] : llvm::zip(node->outputs(), carried))
    importer.map(output, value);
  return success();
}

/// prim::Loop(trip_count, condition, carried...) as scf.for over tensors.
static LogicalResult convertLoop(GraphImporter &importer, jit::Node *node) {
  FailureOr<int64_t> tripCount = importer.getInt(node, 0);
  FailureOr<bool> condition = importer.getBool(node, 1);
  if (failed(tripCount) || failed(condition))
    return importer.emitNodeError(
        node, "only loops with a trip count known at compile time are "
              "supported");
  if (!*condition || *tripCount <= 0)
    return forwardOutputs(importer, node, node->inputs().slice(2));
  jit::Block *body = node->blocks()[0];
  bool allTensors = llvm::all_of(node->inputs().slice(2), [&](jit::Value *v) {
    const ImportedValue *value = importer.lookup(v);
    return value && value->kind == ImportedValue::Kind::Tensor;
  });
  // The body's exit condition is the constant true of a `for` loop unless
  // it is computed from something in the body.
  jit::Node *exitProducer = body->outputs()[0]->node();
  bool plainFor = exitProducer->kind() == c10::prim::Constant &&
                  exitProducer->owningBlock() != body;
  if (!allTensors || !plainFor || body->inputs()[0]->hasUses())
    return unrollLoop(importer, node, *tripCount);

  OpBuilder &builder = importer.getBuilder();
  Location loc = importer.getLoc(node);
  SmallVector<Value> inits;
  for (jit::Value *input : node->inputs().slice(2))
    inits.push_back(importer.lookup(input)->tensor);
  Value lower = arith::ConstantIndexOp::create(builder, loc, 0);
  Value upper = arith::ConstantIndexOp::create(builder, loc, *tripCount);
  Value step = arith::ConstantIndexOp::create(builder, loc, 1);
  auto forOp = scf::ForOp::create(builder, loc, lower, upper, step, inits);
  {
    OpBuilder::InsertionGuard guard(builder);
    Block *forBody = forOp.getBody();
    if (!forBody->empty())
      forBody->getTerminator()->erase();
    builder.setInsertionPointToEnd(forBody);
    for (auto [arg, iterArg] :
         llvm::zip(body->inputs().slice(1), forOp.getRegionIterArgs()))
      importer.mapTensor(arg, iterArg);
    if (failed(importer.importBlock(body)))
      return failure();
    SmallVector<Value> yielded;
    for (auto [output, init] : llvm::zip(body->outputs().slice(1), inits)) {
      const ImportedValue *value = importer.lookup(output);
      if (!value || value->kind != ImportedValue::Kind::Tensor ||
          value->tensor.getType() != init.getType())
        return importer.emitNodeError(
            node, "a loop-carried tensor changes its type between iterations");
      yielded.push_back(value->tensor);
    }
    scf::YieldOp::create(builder, loc, yielded);
  }
  for (auto [output, result] : llvm::zip(node->outputs(), forOp.getResults()))
    importer.mapTensor(output, result);
  return success();
}

void mlir::mdf::torchscript::addControlFlowConverters(ConverterMap &map) {
  map["aten::Bool"] = convertBool;
  map["prim::If"] = convertIf;
  map["prim::Loop"] = convertLoop;
}
