//===- GraphEntry.cpp - one evaluation of an MDF graph as a function ------===//
//
// This file builds the entry function mdf-outline-nodes adds for
// ahead-of-time compilation: every node of the graph runs once, in the order
// of the edges, each edge feeding its receiver.
//
//===----------------------------------------------------------------------===//

#include "GraphEntry.h"
#include "llvm/ADT/StringMap.h"

using namespace mlir;
using namespace mlir::mdf;

/// The position of the port named `id` among `ports`.
template <typename PortOp>
static std::optional<size_t> portIndex(ArrayRef<PortOp> ports, StringRef id) {
  for (auto [index, port] : llvm::enumerate(ports))
    if (PortOp(port).getId() == id)
      return index;
  return std::nullopt;
}

/// Node indices such that every edge goes from an earlier node to a later
/// one, ties in file order; fails with a diagnostic on a cycle.
static FailureOr<SmallVector<size_t>>
orderNodes(GraphOp graph, ArrayRef<NodeOp> nodes, ArrayRef<EdgeOp> edges,
           const llvm::StringMap<size_t> &index) {
  SmallVector<unsigned> pending(nodes.size(), 0);
  for (EdgeOp edge : edges)
    ++pending[index.lookup(edge.getReceiver())];
  SmallVector<size_t> order;
  SmallVector<bool> placed(nodes.size(), false);
  while (order.size() < nodes.size()) {
    std::optional<size_t> next;
    for (size_t i = 0; i < nodes.size() && !next; ++i)
      if (!placed[i] && !pending[i])
        next = i;
    if (!next) {
      size_t stuck = llvm::find(placed, false) - placed.begin();
      return graph.emitOpError("has a cycle of edges through node '")
             << NodeOp(nodes[stuck]).getId()
             << "': a compiled entry function needs an acyclic graph (run "
                "cyclic graphs with mdf-run)";
    }
    placed[*next] = true;
    order.push_back(*next);
    for (EdgeOp edge : edges)
      if (edge.getSender() == NodeOp(nodes[*next]).getId())
        --pending[index.lookup(edge.getReceiver())];
  }
  return order;
}

LogicalResult mlir::mdf::buildGraphEntry(OpBuilder &builder, GraphOp graph,
                                         ArrayRef<func::FuncOp> nodeFuncs,
                                         ArrayRef<func::FuncOp> edgeFuncs,
                                         StringRef name) {
  Block &body = graph.getBody().front();
  for (ConditionsOp conditions : body.getOps<ConditionsOp>()) {
    auto isSet = [](DictionaryAttr dict) { return dict && !dict.empty(); };
    if (isSet(conditions.getNodeSpecificAttr()) ||
        isSet(conditions.getTerminationAttr()))
      return conditions.emitOpError(
          "makes the order of evaluation depend on the scheduler, but a "
          "compiled entry function runs each node once (run this model "
          "with mdf-run)");
  }
  SmallVector<NodeOp> nodes(body.getOps<NodeOp>());
  SmallVector<EdgeOp> edges(body.getOps<EdgeOp>());
  llvm::StringMap<size_t> index;
  for (auto [i, node] : llvm::enumerate(nodes))
    index[node.getId()] = i;
  FailureOr<SmallVector<size_t>> order = orderNodes(graph, nodes, edges, index);
  if (failed(order))
    return failure();

  SmallVector<SmallVector<InputPortOp>> inputs;
  SmallVector<SmallVector<OutputPortOp>> outputs;
  for (NodeOp node : nodes) {
    inputs.emplace_back(node.getBody().front().getOps<InputPortOp>());
    outputs.emplace_back(node.getBody().front().getOps<OutputPortOp>());
  }
  // The edge feeding each input port (the last one in file order wins, as
  // in the scheduler, where later edges overwrite earlier ones).
  SmallVector<SmallVector<std::optional<size_t>>> feeder;
  for (auto &ports : inputs)
    feeder.emplace_back(ports.size(), std::nullopt);
  for (auto [e, edge] : llvm::enumerate(edges)) {
    size_t receiver = index.lookup(edge.getReceiver());
    if (std::optional<size_t> port =
            portIndex<InputPortOp>(inputs[receiver], edge.getReceiverPort()))
      feeder[receiver][*port] = e;
  }

  SmallVector<Type> argTypes, resultTypes;
  for (auto [n, ports] : llvm::enumerate(inputs))
    for (auto [p, port] : llvm::enumerate(ports))
      if (!feeder[n][p])
        argTypes.push_back(port.getType());
  for (auto &ports : outputs)
    for (OutputPortOp port : ports)
      resultTypes.push_back(port.getType());
  Location loc = graph.getLoc();
  auto entry = func::FuncOp::create(
      builder, loc, name, builder.getFunctionType(argTypes, resultTypes));
  OpBuilder::InsertionGuard guard(builder);
  Block *entryBlock = entry.addEntryBlock();
  builder.setInsertionPointToStart(entryBlock);

  auto constant = [&](Type type, double value) -> Value {
    auto shaped = cast<RankedTensorType>(type);
    Attribute element =
        isa<FloatType>(shaped.getElementType())
            ? Attribute(builder.getFloatAttr(shaped.getElementType(), value))
            : Attribute(builder.getIntegerAttr(shaped.getElementType(),
                                               static_cast<int64_t>(value)));
    return ConstantOp::create(builder, loc,
                              DenseElementsAttr::get(shaped, element));
  };
  auto scalar = RankedTensorType::get({}, builder.getF64Type());
  Value first = constant(scalar, 1.0), zero = constant(scalar, 0.0);

  // Arguments in file order, handed out as the nodes ask for them.
  SmallVector<SmallVector<Value>> argOf;
  auto nextArg = entryBlock->args_begin();
  for (auto [n, ports] : llvm::enumerate(inputs)) {
    argOf.emplace_back(ports.size(), Value());
    for (size_t p = 0; p < ports.size(); ++p)
      if (!feeder[n][p])
        argOf[n][p] = *nextArg++;
  }

  SmallVector<SmallVector<Value>> results(nodes.size());
  for (size_t n : *order) {
    func::FuncOp step = nodeFuncs[n];
    SmallVector<Value> args = {first, zero, zero};
    for (size_t p = 0; p < inputs[n].size(); ++p) {
      if (!feeder[n][p]) {
        args.push_back(argOf[n][p]);
        continue;
      }
      EdgeOp edge = edges[*feeder[n][p]];
      size_t sender = index.lookup(edge.getSender());
      std::optional<size_t> senderPort =
          portIndex<OutputPortOp>(outputs[sender], edge.getSenderPort());
      if (!senderPort)
        return edge.emitOpError("sends from an unknown port");
      auto call = func::CallOp::create(builder, edge.getLoc(),
                                       edgeFuncs[*feeder[n][p]],
                                       results[sender][*senderPort]);
      args.push_back(call.getResult(0));
    }
    // Stateful parameters start from their initial values (first = 1), so
    // their previous values are never read: zeros.
    for (Type type : step.getArgumentTypes().drop_front(args.size()))
      args.push_back(constant(type, 0.0));
    auto call = func::CallOp::create(builder, nodes[n].getLoc(), step, args);
    results[n].assign(call.result_begin(),
                      call.result_begin() + outputs[n].size());
  }
  SmallVector<Value> returned;
  for (auto &values : results)
    llvm::append_range(returned, values);
  func::ReturnOp::create(builder, loc, returned);
  for (ArrayRef<func::FuncOp> funcs : {nodeFuncs, edgeFuncs})
    for (func::FuncOp func : funcs)
      func.setPrivate();
  return success();
}
