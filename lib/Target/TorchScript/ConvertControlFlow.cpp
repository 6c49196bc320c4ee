//===- ConvertControlFlow.cpp - prim::If and prim::Loop -------------------===//
//
// This file implements the converters of TorchScript control flow. A
// condition known at compile time imports only the branch taken; one that
// depends on tensor data becomes `scf.if`. A loop with a known trip count
// becomes `scf.for` over its tensor values, or is unrolled when its body
// needs the iteration number or carries plain numbers; a loop whose
// condition depends on tensor data becomes `scf.while`.
//
//===----------------------------------------------------------------------===//

#include "GraphImporter.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "llvm/ADT/DenseSet.h"

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
  Location loc = importer.getLoc(node);
  for (jit::Value *output : block->outputs()) {
    const ImportedValue *value = importer.lookup(output);
    // Numbers (a `break` flag, a counter) become 0-D tensors.
    if (value && value->kind == ImportedValue::Kind::Bool)
      yielded.push_back(
          importer.scalar(loc, builder.getI1Type(), value->boolValue));
    else if (value && value->kind == ImportedValue::Kind::Int)
      yielded.push_back(
          importer.scalar(loc, builder.getI64Type(), value->intValue));
    else if (value && value->kind == ImportedValue::Kind::Float)
      yielded.push_back(
          importer.scalar(loc, builder.getF64Type(), value->floatValue));
    else if (value && value->kind == ImportedValue::Kind::Tensor)
      yielded.push_back(value->tensor);
    else
      return importer.emitNodeError(
          node, "a branch that depends on tensor data may only produce "
                "tensors and numbers");
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
        importer.reshape(loc, *tensor, ArrayRef<int64_t>{});
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
  for (auto [output, result] : llvm::zip(node->outputs(), ifOp.getResults())) {
    c10::TypeKind kind = output->type()->kind();
    bool isNumber = kind == c10::TypeKind::BoolType ||
                    kind == c10::TypeKind::IntType ||
                    kind == c10::TypeKind::FloatType;
    importer.map(output, isNumber ? ImportedValue::ofNumberTensor(result)
                                  : ImportedValue::ofTensor(result));
  }
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

/// A condition for scf ops: an i1 from a bool known at compile time or
/// from a 0-D boolean tensor.
static FailureOr<Value> conditionValue(GraphImporter &importer, jit::Node *node,
                                       const ImportedValue *value) {
  OpBuilder &builder = importer.getBuilder();
  Location loc = importer.getLoc(node);
  if (value && value->kind == ImportedValue::Kind::Bool)
    return arith::ConstantIntOp::create(builder, loc, value->boolValue, 1)
        .getResult();
  if (!value || value->kind != ImportedValue::Kind::Tensor ||
      getTensorType(value->tensor).getRank() != 0)
    return importer.emitNodeError(node, "a loop condition must be a bool or "
                                        "a 0-D boolean tensor");
  FailureOr<Value> flag = importer.castTo(loc, value->tensor,
                                          builder.getI1Type());
  if (failed(flag))
    return failure();
  return tensor::ExtractOp::create(builder, loc, *flag, ValueRange{})
      .getResult();
}

/// prim::Loop whose condition depends on tensor data (a `while` loop, or a
/// `for` loop that breaks on data) as scf.while over (iteration, flag,
/// carried tensors): it runs while the flag holds and the trip count is
/// not reached.
static LogicalResult convertWhileLoop(GraphImporter &importer,
                                      jit::Node *node) {
  OpBuilder &builder = importer.getBuilder();
  Location loc = importer.getLoc(node);
  jit::Block *body = node->blocks()[0];
  Type i64 = builder.getI64Type();
  const ImportedValue *trip = importer.lookup(node->input(0));
  Value tripCount;
  if (trip && trip->kind == ImportedValue::Kind::Int) {
    tripCount = arith::ConstantIntOp::create(builder, loc, trip->intValue, 64);
  } else if (trip && trip->kind == ImportedValue::Kind::Tensor &&
             getTensorType(trip->tensor).getRank() == 0) {
    FailureOr<Value> count = importer.castTo(loc, trip->tensor, i64);
    if (failed(count))
      return failure();
    tripCount = tensor::ExtractOp::create(builder, loc, *count, ValueRange{});
  } else {
    return importer.emitNodeError(node, "the trip count must be an int");
  }
  FailureOr<Value> firstFlag =
      conditionValue(importer, node, importer.lookup(node->input(1)));
  if (failed(firstFlag))
    return failure();
  SmallVector<Value> inits = {
      arith::ConstantIntOp::create(builder, loc, 0, 64).getResult(), *firstFlag};
  // Carried numbers (counters) become 0-D tensors.
  SmallVector<bool> carriedNumber;
  for (jit::Value *input : node->inputs().slice(2)) {
    const ImportedValue *value = importer.lookup(input);
    if (value && value->kind == ImportedValue::Kind::Tensor) {
      inits.push_back(value->tensor);
      carriedNumber.push_back(value->isNumber);
    } else if (value && value->kind == ImportedValue::Kind::Int) {
      inits.push_back(importer.scalar(loc, i64, value->intValue));
      carriedNumber.push_back(true);
    } else if (value && value->kind == ImportedValue::Kind::Float) {
      inits.push_back(
          importer.scalar(loc, builder.getF64Type(), value->floatValue));
      carriedNumber.push_back(true);
    } else if (value && value->kind == ImportedValue::Kind::Bool) {
      inits.push_back(
          importer.scalar(loc, builder.getI1Type(), value->boolValue));
      carriedNumber.push_back(true);
    } else {
      return importer.emitNodeError(
          node, "a loop whose condition depends on tensor data may only "
                "carry tensors and numbers");
    }
  }
  SmallVector<Type> beforeTypes(ValueRange(inits).getTypes());
  SmallVector<Type> afterTypes = {i64};
  afterTypes.append(beforeTypes.begin() + 2, beforeTypes.end());
  auto whileOp = scf::WhileOp::create(builder, loc, afterTypes, inits);
  OpBuilder::InsertionGuard guard(builder);
  // Before: continue while the flag holds and i < trip count.
  Block *before = builder.createBlock(
      &whileOp.getBefore(), {}, beforeTypes,
      SmallVector<Location>(beforeTypes.size(), loc));
  Value inRange = arith::CmpIOp::create(builder, loc, arith::CmpIPredicate::slt,
                                        before->getArgument(0), tripCount);
  Value proceed =
      arith::AndIOp::create(builder, loc, inRange, before->getArgument(1));
  SmallVector<Value> forwarded = {before->getArgument(0)};
  for (BlockArgument arg : before->getArguments().drop_front(2))
    forwarded.push_back(arg);
  scf::ConditionOp::create(builder, loc, proceed, forwarded);
  // After: the body, then (i + 1, its condition, its carried values).
  Block *after = builder.createBlock(
      &whileOp.getAfter(), {}, afterTypes,
      SmallVector<Location>(afterTypes.size(), loc));
  Value iteration = after->getArgument(0);
  if (body->inputs()[0]->hasUses())
    importer.map(body->inputs()[0],
                 ImportedValue::ofNumberTensor(tensor::FromElementsOp::create(
                     builder, loc, RankedTensorType::get({}, i64),
                     ValueRange{iteration})));
  for (auto [arg, value, isNumber] :
       llvm::zip(body->inputs().slice(1), after->getArguments().drop_front(),
                 carriedNumber))
    importer.map(arg, isNumber ? ImportedValue::ofNumberTensor(value)
                               : ImportedValue::ofTensor(value));
  if (failed(importer.importBlock(body)))
    return failure();
  FailureOr<Value> nextFlag =
      conditionValue(importer, node, importer.lookup(body->outputs()[0]));
  if (failed(nextFlag))
    return failure();
  SmallVector<Value> yielded = {
      arith::AddIOp::create(builder, loc, iteration,
                            arith::ConstantIntOp::create(builder, loc, 1, 64)),
      *nextFlag};
  for (auto [output, init] :
       llvm::zip(body->outputs().slice(1), ValueRange(inits).drop_front(2))) {
    const ImportedValue *value = importer.lookup(output);
    Type elementType = getTensorType(init).getElementType();
    Value tensor;
    if (value && value->kind == ImportedValue::Kind::Tensor)
      tensor = value->tensor;
    else if (value && value->kind != ImportedValue::Kind::List &&
             value->kind != ImportedValue::Kind::None &&
             value->kind != ImportedValue::Kind::String)
      tensor = importer.scalar(loc, elementType,
                               value->kind == ImportedValue::Kind::Int
                                   ? double(value->intValue)
                                   : value->kind == ImportedValue::Kind::Float
                                         ? value->floatValue
                                         : double(value->boolValue));
    if (tensor && getTensorType(tensor).getElementType() != elementType &&
        getTensorType(tensor).getRank() == 0) {
      FailureOr<Value> cast = importer.castTo(loc, tensor, elementType);
      tensor = succeeded(cast) ? *cast : Value();
    }
    if (!tensor || tensor.getType() != init.getType())
      return importer.emitNodeError(
          node, "a loop-carried tensor changes its type between iterations");
    yielded.push_back(tensor);
  }
  scf::YieldOp::create(builder, loc, yielded);
  for (auto [output, result, isNumber] :
       llvm::zip(node->outputs(), whileOp.getResults().drop_front(),
                 carriedNumber))
    importer.map(output, isNumber ? ImportedValue::ofNumberTensor(result)
                                  : ImportedValue::ofTensor(result));
  return success();
}

/// Whether `value` is computed from a tensor, following its definitions
/// (through nested blocks) back to `loop`'s inputs.
static bool computedFromTensor(jit::Value *value, jit::Node *loop,
                               llvm::DenseSet<jit::Value *> &visited) {
  if (!visited.insert(value).second)
    return false;
  if (value->type()->kind() == c10::TypeKind::TensorType)
    return true;
  jit::Node *producer = value->node();
  // A body argument: the iteration number or a carried value.
  if (producer->kind() == c10::prim::Param) {
    jit::Block *body = loop->blocks()[0];
    for (auto [index, input] : llvm::enumerate(body->inputs()))
      if (input == value && index > 0)
        return computedFromTensor(loop->inputs()[index + 1], loop, visited) ||
               computedFromTensor(body->outputs()[index], loop, visited);
    return false;
  }
  for (jit::Value *input : producer->inputs())
    if (computedFromTensor(input, loop, visited))
      return true;
  for (jit::Block *block : producer->blocks())
    for (jit::Value *output : block->outputs())
      if (computedFromTensor(output, loop, visited))
        return true;
  return false;
}

/// Whether `loop` runs until a condition computed from tensor data.
static bool exitDependsOnData(GraphImporter &importer, jit::Node *loop) {
  const ImportedValue *trip = importer.lookup(loop->input(0));
  const ImportedValue *condition = importer.lookup(loop->input(1));
  if ((condition && condition->kind == ImportedValue::Kind::Tensor) ||
      (trip && trip->kind == ImportedValue::Kind::Tensor))
    return true;
  llvm::DenseSet<jit::Value *> visited;
  return computedFromTensor(loop->blocks()[0]->outputs()[0], loop, visited);
}

/// prim::Loop(trip_count, condition, carried...) as scf.for over tensors.
static LogicalResult convertLoop(GraphImporter &importer, jit::Node *node) {
  if (exitDependsOnData(importer, node))
    return convertWhileLoop(importer, node);
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
  // A loop that carries nothing works by side effects on lists (list
  // comprehensions append): it is unrolled too.
  if (!allTensors || !plainFor || body->inputs()[0]->hasUses() ||
      node->inputs().size() == 2)
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
    bool sameTypes = true;
    for (auto [output, init] : llvm::zip(body->outputs().slice(1), inits)) {
      const ImportedValue *value = importer.lookup(output);
      if (!value || value->kind != ImportedValue::Kind::Tensor)
        return importer.emitNodeError(
            node, "a loop-carried value is not a tensor in every iteration");
      sameTypes &= value->tensor.getType() == init.getType();
      yielded.push_back(value->tensor);
    }
    if (sameTypes)
      scf::YieldOp::create(builder, loc, yielded);
  }
  // A carried tensor whose shape changes from one iteration to the next
  // (x = x[1:] - x[:-1]) cannot be an scf.for: the loop is unrolled, each
  // iteration with its own shapes.
  if (forOp.getBody()->empty() ||
      !isa<scf::YieldOp>(forOp.getBody()->back())) {
    forOp.erase();
    return unrollLoop(importer, node, *tripCount);
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
