//===- OutlineNodes.cpp - MDF graphs to step functions ----------*- C++ -*-===//
//
// This file implements mdf-outline-nodes: every mdf.node becomes a function
// over its inputs and the previous values of its parameters, every mdf.edge
// a function applying its weight. The expression regions of the structure
// ops are inlined with their mdf.ref ops replaced by the current values.
//
//===----------------------------------------------------------------------===//

#include "GraphEntry.h"
#include "mdf/Dialect/MDF/IR/MDFOps.h"
#include "mdf/Dialect/MDF/Transforms/Passes.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Traits.h"
#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

namespace mlir::mdf {
#define GEN_PASS_DEF_MDFOUTLINENODES
#include "mdf/Dialect/MDF/Transforms/Passes.h.inc"
} // namespace mlir::mdf

using namespace mlir;
using namespace mlir::mdf;

namespace {

using Environment = llvm::StringMap<Value>;

/// Clones the ops of `region` at the builder's point with every mdf.ref
/// replaced by its value in `env`; returns what the region yields.
SmallVector<Value> inlineRegion(OpBuilder &builder, Region &region,
                                const Environment &env) {
  IRMapping mapping;
  Block &block = region.front();
  for (Operation &op : block.without_terminator()) {
    if (auto ref = dyn_cast<RefOp>(op)) {
      mapping.map(ref.getResult(), env.lookup(ref.getName()));
      continue;
    }
    builder.clone(op, mapping);
  }
  SmallVector<Value> results;
  for (Value value : block.getTerminator()->getOperands())
    results.push_back(mapping.lookupOrDefault(value));
  return results;
}

/// True when every mdf.ref in `region` names a value of `env`.
bool refersOnlyTo(Region &region, const Environment &env) {
  bool all = true;
  region.walk([&](RefOp ref) { all &= env.contains(ref.getName()); });
  return all;
}

Value zerosOf(OpBuilder &builder, Location loc, Type type) {
  auto tensor = cast<RankedTensorType>(type);
  return ConstantOp::create(
      builder, loc,
      DenseElementsAttr::get(tensor, builder.getFloatAttr(
                                         tensor.getElementType(), 0.0)));
}

/// `flag > 0.5` as an i1 scalar.
Value isSet(OpBuilder &builder, Location loc, Value flag) {
  Value scalar = tensor::ExtractOp::create(builder, loc, flag, ValueRange{});
  Value half = arith::ConstantOp::create(builder, loc,
                                         builder.getF64FloatAttr(0.5));
  return arith::CmpFOp::create(builder, loc, arith::CmpFPredicate::OGT,
                               scalar, half);
}

/// `where(test, a, b)` with `a` and `b` of one type.
Value select(OpBuilder &builder, Location loc, Value test, Value a, Value b) {
  return WhereOp::create(builder, loc, a.getType(), test, a, b);
}

/// Functions of a node in dependency order (file order among independent
/// ones); a cycle keeps file order and fails in the verifier of the result.
SmallVector<FunctionOp> orderFunctions(NodeOp node) {
  SmallVector<FunctionOp> pending(node.getBody().front().getOps<FunctionOp>());
  llvm::StringSet<> names;
  for (FunctionOp function : pending)
    names.insert(function.getId());
  SmallVector<FunctionOp> ordered;
  llvm::StringSet<> done;
  while (!pending.empty()) {
    bool progress = false;
    for (auto it = pending.begin(); it != pending.end();) {
      bool ready = true;
      it->getValueBody().walk([&](RefOp ref) {
        if (names.contains(ref.getName()) && !done.contains(ref.getName()) &&
            ref.getName() != it->getId())
          ready = false;
      });
      if (!ready) {
        ++it;
        continue;
      }
      done.insert(it->getId());
      ordered.push_back(*it);
      it = pending.erase(it);
      progress = true;
    }
    if (!progress) {
      ordered.append(pending.begin(), pending.end());
      break;
    }
  }
  return ordered;
}

LogicalResult outlineNode(OpBuilder &builder, NodeOp node, StringRef name) {
  Location loc = node.getLoc();
  Block &body = node.getBody().front();
  MLIRContext *context = builder.getContext();
  auto scalar = RankedTensorType::get({}, Float64Type::get(context));
  SmallVector<InputPortOp> inputs(body.getOps<InputPortOp>());
  SmallVector<ParameterOp> parameters(body.getOps<ParameterOp>());
  SmallVector<OutputPortOp> outputs(body.getOps<OutputPortOp>());

  SmallVector<Type> argTypes(3, scalar), resultTypes;
  for (InputPortOp port : inputs)
    argTypes.push_back(port.getType());
  for (ParameterOp parameter : parameters)
    argTypes.push_back(parameter.getType());
  for (OutputPortOp port : outputs)
    resultTypes.push_back(port.getType());
  for (ParameterOp parameter : parameters)
    resultTypes.push_back(parameter.getType());
  auto func = func::FuncOp::create(builder, loc, name,
                                   builder.getFunctionType(argTypes,
                                                           resultTypes));
  func->setAttr("mdf.node", node.getIdAttr());
  OpBuilder::InsertionGuard guard(builder);
  Block *entry = func.addEntryBlock();
  builder.setInsertionPointToStart(entry);
  Value first = entry->getArgument(0), stepping = entry->getArgument(1),
        dt = entry->getArgument(2);

  Environment env;
  for (auto [index, port] : llvm::enumerate(inputs))
    env[port.getId()] = entry->getArgument(3 + index);
  SmallVector<Value> previous;
  for (auto [index, parameter] : llvm::enumerate(parameters)) {
    Value arg = entry->getArgument(3 + inputs.size() + index);
    env[parameter.getId()] = arg;
    previous.push_back(arg);
  }

  // On the first evaluation the previous values are the initial values:
  // `default_initial_value`, else the value of a parameter that does not
  // refer to itself (computed as the reference does, seeing the initial
  // values of the parameters before it), else zeros.
  if (!parameters.empty()) {
    SmallVector<Type> types;
    for (ParameterOp parameter : parameters)
      types.push_back(parameter.getType());
    auto ifOp = scf::IfOp::create(builder, loc, types,
                                  isSet(builder, loc, first),
                                  /*withElseRegion=*/true);
    {
      OpBuilder::InsertionGuard thenGuard(builder);
      builder.setInsertionPointToStart(ifOp.thenBlock());
      Environment initial = env;
      SmallVector<Value> values;
      for (ParameterOp parameter : parameters) {
        Value value;
        if (!parameter.getInitialBody().empty()) {
          value = inlineRegion(builder, parameter.getInitialBody(), initial)[0];
        } else if (!parameter.getValueBody().empty() &&
                   !parameter.isStateful() &&
                   refersOnlyTo(parameter.getValueBody(), initial)) {
          value = inlineRegion(builder, parameter.getValueBody(), initial)[0];
        } else {
          value = zerosOf(builder, loc, parameter.getType());
        }
        initial[parameter.getId()] = value;
        values.push_back(value);
      }
      scf::YieldOp::create(builder, loc, values);
      builder.setInsertionPointToStart(ifOp.elseBlock());
      scf::YieldOp::create(builder, loc, previous);
    }
    for (auto [index, parameter] : llvm::enumerate(parameters)) {
      previous[index] = ifOp.getResult(index);
      env[parameter.getId()] = previous[index];
    }
  }

  for (FunctionOp function : orderFunctions(node))
    env[function.getId()] = inlineRegion(builder, function.getValueBody(),
                                         env)[0];

  Value steppingTest;
  SmallVector<Value> updated;
  for (auto [index, parameter] : llvm::enumerate(parameters)) {
    Value current = previous[index];
    Value value = current;
    if (!parameter.getValueBody().empty()) {
      value = inlineRegion(builder, parameter.getValueBody(), env)[0];
    } else if (!parameter.getDerivativeBody().empty()) {
      // Forward Euler with a time step; re-initialised without one.
      Value derivative =
          inlineRegion(builder, parameter.getDerivativeBody(), env)[0];
      Type type = parameter.getType();
      Value step = MulOp::create(builder, loc, type, derivative, dt);
      Value euler = AddOp::create(builder, loc, type, current, step);
      Value reset = parameter.getInitialBody().empty()
                        ? zerosOf(builder, loc, type)
                        : inlineRegion(builder, parameter.getInitialBody(),
                                       env)[0];
      if (!steppingTest) {
        auto boolType = RankedTensorType::get({}, builder.getI1Type());
        steppingTest = CompareOp::create(
            builder, loc, boolType, ComparisonPredicate::gt, stepping,
            ConstantOp::create(builder, loc,
                               DenseElementsAttr::get(scalar, 0.5)));
      }
      value = select(builder, loc, steppingTest, euler, reset);
    }
    // Conditions see the previous value of the parameter itself.
    for (Region &region : parameter.getConditionBodies()) {
      SmallVector<Value> tested = inlineRegion(builder, region, env);
      Value test = tested[0];
      if (cast<RankedTensorType>(test.getType()).getShape() !=
          cast<RankedTensorType>(parameter.getType()).getShape()) {
        // A test broadcast to the parameter's shape picks elementwise.
        auto testType = RankedTensorType::get(
            cast<RankedTensorType>(parameter.getType()).getShape(),
            builder.getI1Type());
        test = ExpandOp::create(
            builder, loc, testType, test,
            builder.getDenseI64ArrayAttr(testType.getShape()));
      }
      value = select(builder, loc, test, tested[1], value);
    }
    env[parameter.getId()] = value;
    updated.push_back(value);
  }

  SmallVector<Value> results;
  for (OutputPortOp port : outputs)
    results.push_back(inlineRegion(builder, port.getValueBody(), env)[0]);
  results.append(updated);
  func::ReturnOp::create(builder, loc, results);
  return success();
}

/// The input port `id` of `node`.
LogicalResult outlineEdge(OpBuilder &builder, EdgeOp edge,
                          const llvm::StringMap<NodeOp> &nodes,
                          StringRef name) {
  Location loc = edge.getLoc();
  OutputPortOp from =
      nodes.lookup(edge.getSender()).lookupOutputPort(edge.getSenderPort());
  InputPortOp to =
      nodes.lookup(edge.getReceiver()).lookupInputPort(edge.getReceiverPort());
  auto fromType = cast<RankedTensorType>(from.getType());
  auto toType = cast<RankedTensorType>(to.getType());
  auto func = func::FuncOp::create(builder, loc, name,
                                   builder.getFunctionType(fromType, toType));
  func->setAttr("mdf.edge", edge.getIdAttr());
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToStart(func.addEntryBlock());
  Value value = func.getArgument(0);
  if (DictionaryAttr parameters = edge.getParametersAttr())
    if (Attribute weightAttr = parameters.get("weight")) {
      SmallVector<int64_t> shape;
      SmallVector<double> values;
      if (auto number = dyn_cast<FloatAttr>(weightAttr)) {
        values.push_back(number.getValueAsDouble());
      } else if (auto integer = dyn_cast<IntegerAttr>(weightAttr)) {
        values.push_back(integer.getInt());
      } else if (auto dense = dyn_cast<DenseElementsAttr>(weightAttr)) {
        auto type = cast<RankedTensorType>(dense.getType());
        shape.assign(type.getShape().begin(), type.getShape().end());
        if (type.getElementType().isInteger(64))
          for (int64_t v : dense.getValues<int64_t>())
            values.push_back(v);
        else
          for (APFloat v : dense.getValues<APFloat>())
            values.push_back(v.convertToDouble());
      } else {
        return edge.emitOpError("has a weight that is not numeric");
      }
      auto weightType =
          RankedTensorType::get(shape, builder.getF64Type());
      Value weight = ConstantOp::create(
          builder, loc,
          DenseElementsAttr::get(weightType, ArrayRef<double>(values)));
      SmallVector<int64_t> broadcast;
      if (!OpTrait::util::getBroadcastedShape(fromType.getShape(), shape,
                                              broadcast))
        return edge.emitOpError("has a weight of shape [")
               << shape << "] that does not broadcast with " << fromType;
      value = MulOp::create(builder, loc,
                            RankedTensorType::get(broadcast,
                                                  builder.getF64Type()),
                            value, weight);
    }
  auto valueType = cast<RankedTensorType>(value.getType());
  if (valueType != toType) {
    SmallVector<int64_t> broadcast;
    if (!OpTrait::util::getBroadcastedShape(valueType.getShape(),
                                            toType.getShape(), broadcast) ||
        ArrayRef<int64_t>(broadcast) != toType.getShape())
      return edge.emitOpError("sends ")
             << valueType << " to input port '" << edge.getReceiverPort()
             << "' of type " << toType;
    value = ExpandOp::create(builder, loc, toType, value,
                             builder.getDenseI64ArrayAttr(toType.getShape()));
  }
  func::ReturnOp::create(builder, loc, value);
  return success();
}

struct OutlineNodes : public mdf::impl::MDFOutlineNodesBase<OutlineNodes> {
  using MDFOutlineNodesBase::MDFOutlineNodesBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    OpBuilder builder(module.getContext());
    SmallVector<ModelOp> models(module.getOps<ModelOp>());
    for (ModelOp model : models) {
      builder.setInsertionPoint(model);
      for (auto [g, graph] :
           llvm::enumerate(model.getBody().front().getOps<GraphOp>())) {
        Block &body = graph.getBody().front();
        llvm::StringMap<NodeOp> nodes;
        SmallVector<func::FuncOp> nodeFuncs, edgeFuncs;
        for (auto [n, node] : llvm::enumerate(body.getOps<NodeOp>())) {
          nodes[node.getId()] = node;
          std::string name =
              "mdf_g" + std::to_string(g) + "_n" + std::to_string(n);
          if (failed(outlineNode(builder, node, name)))
            return signalPassFailure();
          nodeFuncs.push_back(module.lookupSymbol<func::FuncOp>(name));
        }
        for (auto [e, edge] : llvm::enumerate(body.getOps<EdgeOp>())) {
          std::string name =
              "mdf_g" + std::to_string(g) + "_e" + std::to_string(e);
          if (failed(outlineEdge(builder, edge, nodes, name)))
            return signalPassFailure();
          edgeFuncs.push_back(module.lookupSymbol<func::FuncOp>(name));
        }
        if (g == 0 && !entryFunction.empty() &&
            failed(buildGraphEntry(builder, graph, nodeFuncs, edgeFuncs,
                                   entryFunction)))
          return signalPassFailure();
      }
      model.erase();
    }
  }
};

} // namespace
