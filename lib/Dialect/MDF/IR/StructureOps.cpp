//===- StructureOps.cpp - the MDF object model ------------------*- C++ -*-===//
//
// This file implements verification for the structure ops: unique ids,
// edges that name existing nodes and ports, expression regions that yield
// the declared types and references to names the node defines.
//
//===----------------------------------------------------------------------===//

#include "mdf/Dialect/MDF/IR/MDFOps.h"
#include "mlir/IR/TypeUtilities.h"
#include "llvm/ADT/StringSet.h"

using namespace mlir;
using namespace mlir::mdf;

/// Checks that the ops of type `OpTy` directly inside `block` have distinct
/// ids; `what` names them in the message.
template <typename OpTy>
static LogicalResult verifyUniqueIds(Operation *parent, Block &block,
                                     StringRef what) {
  llvm::StringSet<> seen;
  for (auto op : block.getOps<OpTy>())
    if (!seen.insert(op.getId()).second)
      return parent->emitOpError()
             << "has two " << what << " with the id '" << op.getId() << "'";
  return success();
}

LogicalResult ModelOp::verify() {
  for (Operation &op : getBody().front())
    if (!isa<GraphOp>(op))
      return emitOpError("may only hold mdf.graph ops, not ")
             << op.getName();
  return verifyUniqueIds<GraphOp>(*this, getBody().front(), "graphs");
}

/// The op in `node` of type `OpTy` with id `id`, or null.
template <typename OpTy>
static OpTy lookupInNode(NodeOp node, StringRef id) {
  for (auto op : node.getBody().front().getOps<OpTy>())
    if (op.getId() == id)
      return op;
  return nullptr;
}

InputPortOp NodeOp::lookupInputPort(StringRef id) {
  return lookupInNode<InputPortOp>(*this, id);
}

OutputPortOp NodeOp::lookupOutputPort(StringRef id) {
  return lookupInNode<OutputPortOp>(*this, id);
}

LogicalResult GraphOp::verify() {
  Block &block = getBody().front();
  if (failed(verifyUniqueIds<NodeOp>(*this, block, "nodes")) ||
      failed(verifyUniqueIds<EdgeOp>(*this, block, "edges")))
    return failure();
  llvm::StringMap<NodeOp> nodes;
  unsigned conditions = 0;
  for (Operation &op : block) {
    if (auto node = dyn_cast<NodeOp>(op))
      nodes[node.getId()] = node;
    else if (isa<ConditionsOp>(op))
      ++conditions;
    else if (!isa<EdgeOp>(op))
      return emitOpError("may only hold mdf.node, mdf.edge and "
                         "mdf.conditions ops, not ")
             << op.getName();
  }
  if (conditions > 1)
    return emitOpError("has more than one mdf.conditions op");
  for (EdgeOp edge : block.getOps<EdgeOp>()) {
    NodeOp sender = nodes.lookup(edge.getSender());
    NodeOp receiver = nodes.lookup(edge.getReceiver());
    if (!sender || !receiver)
      return edge.emitOpError("refers to the unknown node '")
             << (sender ? edge.getReceiver() : edge.getSender()) << "'";
    if (!sender.lookupOutputPort(edge.getSenderPort()))
      return edge.emitOpError("refers to the unknown output port '")
             << edge.getSenderPort() << "' of node '" << edge.getSender()
             << "'";
    if (!receiver.lookupInputPort(edge.getReceiverPort()))
      return edge.emitOpError("refers to the unknown input port '")
             << edge.getReceiverPort() << "' of node '" << edge.getReceiver()
             << "'";
  }
  for (ConditionsOp op : block.getOps<ConditionsOp>())
    if (DictionaryAttr specific = op.getNodeSpecificAttr())
      for (NamedAttribute entry : specific)
        if (!nodes.count(entry.getName()))
          return op.emitOpError("has a condition for the unknown node '")
                 << entry.getName().getValue() << "'";
  return success();
}

LogicalResult NodeOp::verify() {
  Block &block = getBody().front();
  if (failed(verifyUniqueIds<InputPortOp>(*this, block, "input ports")) ||
      failed(verifyUniqueIds<OutputPortOp>(*this, block, "output ports")))
    return failure();
  // Input ports, functions and parameters share the namespace expressions
  // refer to.
  llvm::StringMap<Type> names;
  for (Operation &op : block) {
    StringRef id;
    Type type;
    if (auto port = dyn_cast<InputPortOp>(op)) {
      id = port.getId();
      type = port.getType();
    } else if (auto function = dyn_cast<FunctionOp>(op)) {
      id = function.getId();
      type = function.getType();
    } else if (auto parameter = dyn_cast<ParameterOp>(op)) {
      id = parameter.getId();
      type = parameter.getType();
    } else if (isa<OutputPortOp>(op)) {
      continue;
    } else {
      return emitOpError("may only hold port, function and parameter ops, "
                         "not ")
             << op.getName();
    }
    if (!names.try_emplace(id, type).second)
      return emitOpError("defines '") << id << "' twice";
  }
  WalkResult result = walk([&](RefOp ref) {
    auto it = names.find(ref.getName());
    if (it == names.end()) {
      ref.emitOpError("refers to '")
          << ref.getName() << "', which node '" << getId()
          << "' does not define";
      return WalkResult::interrupt();
    }
    if (it->second != ref.getType()) {
      ref.emitOpError("has type ")
          << ref.getType() << " but '" << ref.getName() << "' is "
          << it->second;
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return failure(result.wasInterrupted());
}

/// Checks that `region`, when not empty, yields values of `types`.
static LogicalResult verifyYield(Operation *op, Region &region,
                                 StringRef name, TypeRange types) {
  if (region.empty())
    return success();
  auto yield = dyn_cast<YieldOp>(region.front().getTerminator());
  if (!yield)
    return op->emitOpError("region '") << name << "' must end in mdf.yield";
  if (TypeRange(yield.getValues().getTypes()) != types)
    return op->emitOpError("region '")
           << name << "' yields " << yield.getValues().getTypes()
           << " but must yield " << types;
  return success();
}

LogicalResult FunctionOp::verify() {
  if (!getFunction() && !getValue())
    return emitOpError("needs a 'function' or a 'value'");
  return verifyYield(*this, getValueBody(), "value", getType());
}

LogicalResult OutputPortOp::verify() {
  return verifyYield(*this, getValueBody(), "value", getType());
}

LogicalResult ParameterOp::verify() {
  Type type = getType();
  if (getValue() && getFunction())
    return emitOpError("has both a 'value' and a 'function'");
  if (getValueBody().empty() != (!getValue() && !getFunction()))
    return emitOpError("has a value region exactly when it has a 'value' or "
                       "a 'function'");
  if (getInitialBody().empty() != !getDefaultInitialValue())
    return emitOpError("has an initial region exactly when it has a "
                       "'default_initial_value'");
  if (getDerivativeBody().empty() != !getTimeDerivative())
    return emitOpError("has a derivative region exactly when it has a "
                       "'time_derivative'");
  size_t conditions = getConditions() ? getConditions()->size() : 0;
  if (getConditionBodies().size() != conditions)
    return emitOpError("has ")
           << getConditionBodies().size() << " condition regions for "
           << conditions << " conditions";
  if (failed(verifyYield(*this, getValueBody(), "value", type)) ||
      failed(verifyYield(*this, getInitialBody(), "initial", type)) ||
      failed(verifyYield(*this, getDerivativeBody(), "derivative", type)))
    return failure();
  for (Region &region : getConditionBodies()) {
    auto yield = dyn_cast<YieldOp>(region.front().getTerminator());
    if (!yield || yield.getValues().size() != 2 ||
        !getElementTypeOrSelf(yield.getValues()[0].getType()).isInteger(1) ||
        yield.getValues()[1].getType() != type)
      return emitOpError("condition regions must yield an i1 test and a "
                         "value of type ")
             << type;
  }
  return success();
}

bool ParameterOp::isStateful() {
  if (getDefaultInitialValue() || getTimeDerivative())
    return true;
  bool selfReference = false;
  getValueBody().walk([&](RefOp ref) {
    if (ref.getName() == getId())
      selfReference = true;
  });
  return selfReference;
}
