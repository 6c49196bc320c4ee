//===- GraphRunner.cpp - run an MDF graph compiled to native code ---------===//
//
// The scheduler follows the graph-scheduler library the ModECI reference
// uses: the nodes form a consideration queue in dependency order (sets of
// nodes whose senders come earlier); each pass walks the queue and, for each
// set, runs in one time step the nodes whose conditions hold, until the
// termination condition for the environment state update holds (by default:
// every node has run).
//
//===----------------------------------------------------------------------===//

#include "mdf/Tools/GraphRunner.h"
#include "mdf/Tools/Jit.h"
#include "mdf/Dialect/MDF/IR/MDFOps.h"
#include "mdf/Dialect/MDF/Transforms/Passes.h"
#include "mdf/Pipelines/Pipelines.h"
#include "mdf/Support/Json.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mdf/Target/Native/NativeEmitter.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/TargetSelect.h"
#include <cmath>

using namespace mlir;
using namespace mlir::mdf;

namespace {

GraphValue zerosOf(Type type) {
  auto tensor = cast<RankedTensorType>(type);
  GraphValue value;
  value.shape.assign(tensor.getShape().begin(), tensor.getShape().end());
  value.data.assign(tensor.getNumElements(), 0.0);
  return value;
}

struct Port {
  std::string id;
  GraphValue value;
};

struct Edge {
  std::string symbol;
  size_t sender, senderPort, receiver, receiverPort;
};

struct Node {
  std::string id, symbol;
  std::vector<Port> inputs, parameters, outputs;
  std::vector<bool> connected; // per input port
  std::vector<size_t> incoming; // edge indices, file order
  bool everRan = false;
};

/// A scheduler condition (graph-scheduler semantics).
struct Condition {
  std::string type;
  std::vector<size_t> nodes;
  std::vector<Condition> children;
  double n = 0;
  std::string parameter, comparator = ">=";
  double threshold = 0;
};

} // namespace

struct GraphRunner::Impl {
  std::vector<Node> nodes;
  std::vector<Edge> edges;
  llvm::StringMap<size_t> nodeIndex;
  std::vector<std::optional<Condition>> nodeConditions;
  std::optional<Condition> termination;
  std::vector<std::vector<size_t>> queue; // consideration sets
  std::unique_ptr<ExecutionEngine> engine;
  Location loc = UnknownLoc();

  // Scheduler state of the current evaluation.
  std::vector<int64_t> calls;                  // per node, this evaluation
  std::vector<std::vector<int64_t>> useable;   // [dependency][owner]
  std::vector<size_t> lastStep;
  int64_t pass = 0;

  LogicalResult parseCondition(Attribute attr, Condition &condition);
  bool holds(const Condition &condition, size_t owner);
  LogicalResult runNode(size_t index, std::optional<double> timeStep);
  LogicalResult call(StringRef symbol, SmallVectorImpl<void *> &pointers);
};

GraphRunner::GraphRunner() : impl(std::make_unique<Impl>()) {}
GraphRunner::~GraphRunner() = default;

LogicalResult GraphRunner::Impl::parseCondition(Attribute attr,
                                                Condition &condition) {
  auto dict = dyn_cast<DictionaryAttr>(attr);
  auto type = dict ? dict.getAs<StringAttr>("type") : StringAttr();
  if (!type)
    return emitError(loc) << "malformed scheduler condition " << attr;
  condition.type = type.str();
  auto kwargs = dict.getAs<DictionaryAttr>("kwargs");
  if (!kwargs)
    kwargs = dict.getAs<DictionaryAttr>("args");
  if (!kwargs)
    return success();
  auto addDependency = [&](Attribute dependency) -> LogicalResult {
    if (auto name = dyn_cast<StringAttr>(dependency)) {
      auto it = nodeIndex.find(name.getValue());
      if (it == nodeIndex.end())
        return emitError(loc) << "condition '" << condition.type
                              << "' names the unknown node '"
                              << name.getValue() << "'";
      condition.nodes.push_back(it->second);
      return success();
    }
    condition.children.emplace_back();
    return parseCondition(dependency, condition.children.back());
  };
  for (NamedAttribute arg : kwargs) {
    StringRef key = arg.getName().getValue();
    Attribute value = arg.getValue();
    if (key == "dependencies" || key == "dependency" || key == "condition" ||
        key == "args") {
      if (auto list = dyn_cast<ArrayAttr>(value)) {
        for (Attribute element : list)
          if (failed(addDependency(element)))
            return failure();
      } else if (failed(addDependency(value))) {
        return failure();
      }
    } else if (key == "n" || key == "threshold") {
      double number = 0;
      if (auto integer = dyn_cast<IntegerAttr>(value))
        number = integer.getInt();
      else if (auto real = dyn_cast<FloatAttr>(value))
        number = real.getValueAsDouble();
      else
        return emitError(loc) << "condition '" << condition.type << "': '"
                              << key << "' must be a number";
      (key == "n" ? condition.n : condition.threshold) = number;
    } else if (key == "parameter" || key == "comparator") {
      auto text = dyn_cast<StringAttr>(value);
      if (!text)
        return emitError(loc) << "condition '" << condition.type << "': '"
                              << key << "' must be a string";
      (key == "parameter" ? condition.parameter : condition.comparator) =
          text.str();
    }
  }
  return success();
}

bool GraphRunner::Impl::holds(const Condition &c, size_t owner) {
  StringRef type = c.type;
  auto anyNode = [&](auto predicate) {
    return llvm::any_of(c.nodes, predicate);
  };
  if (type == "Always")
    return true;
  if (type == "Never")
    return false;
  if (type == "EveryNCalls")
    return anyNode([&](size_t dep) { return useable[dep][owner] >= c.n; });
  if (type == "AfterNCalls")
    return anyNode([&](size_t dep) { return calls[dep] >= c.n; });
  if (type == "AtNCalls")
    return anyNode([&](size_t dep) { return calls[dep] == c.n; });
  if (type == "BeforeNCalls")
    return anyNode([&](size_t dep) { return calls[dep] < c.n; });
  if (type == "AfterCall")
    return anyNode([&](size_t dep) { return calls[dep] > c.n; });
  if (type == "AfterPass")
    return pass > c.n;
  if (type == "AfterNPasses")
    return pass >= c.n;
  if (type == "AtPass")
    return pass == c.n;
  if (type == "BeforePass")
    return pass < c.n;
  if (type == "JustRan")
    return anyNode([&](size_t dep) {
      return llvm::is_contained(lastStep, dep);
    });
  if (type == "AllHaveRun") {
    if (c.nodes.empty())
      return llvm::all_of(calls, [](int64_t n) { return n > 0; });
    return llvm::all_of(c.nodes, [&](size_t dep) { return calls[dep] > 0; });
  }
  if (type == "WhenFinished")
    return anyNode([&](size_t dep) { return calls[dep] > 0; });
  if (type == "All" || type == "And")
    return llvm::all_of(c.children,
                        [&](const Condition &child) { return holds(child, owner); });
  if (type == "Any" || type == "Or")
    return llvm::any_of(c.children,
                        [&](const Condition &child) { return holds(child, owner); });
  if (type == "Not")
    return !c.children.empty() && !holds(c.children.front(), owner);
  if (type == "Threshold") {
    for (size_t dep : c.nodes) {
      const Node &node = nodes[dep];
      const GraphValue *value = nullptr;
      for (const Port &port : node.parameters)
        if (port.id == c.parameter)
          value = &port.value;
      for (const Port &port : node.outputs)
        if (!value && port.id == c.parameter)
          value = &port.value;
      if (!value || value->data.empty())
        return false;
      double x = value->data.front();
      StringRef op = c.comparator;
      if (op == "<")
        return x < c.threshold;
      if (op == "<=")
        return x <= c.threshold;
      if (op == ">")
        return x > c.threshold;
      if (op == "==")
        return x == c.threshold;
      if (op == "!=")
        return x != c.threshold;
      return x >= c.threshold;
    }
    return false;
  }
  return false;
}

LogicalResult GraphRunner::Impl::call(StringRef symbol,
                                      SmallVectorImpl<void *> &pointers) {
  SmallVector<void *> packed;
  for (void *&pointer : pointers)
    packed.push_back(&pointer);
  if (llvm::Error error = engine->invokePacked(symbol, packed))
    return emitError(loc) << "calling " << symbol << " failed: "
                          << llvm::toString(std::move(error));
  return success();
}

LogicalResult GraphRunner::Impl::runNode(size_t index,
                                         std::optional<double> timeStep) {
  Node &node = nodes[index];
  // Inputs from the incoming edges, in file order (a later edge into the
  // same port wins, as in the reference).
  for (size_t e : node.incoming) {
    Edge &edge = edges[e];
    GraphValue &from = nodes[edge.sender].outputs[edge.senderPort].value;
    GraphValue &to = node.inputs[edge.receiverPort].value;
    SmallVector<void *> pointers = {from.data.data(), to.data.data()};
    if (failed(call(edge.symbol, pointers)))
      return failure();
  }
  double first = node.everRan ? 0.0 : 1.0;
  double stepping = timeStep ? 1.0 : 0.0;
  double dt = timeStep.value_or(0.0);
  std::vector<GraphValue> updated;
  for (const Port &parameter : node.parameters)
    updated.push_back(parameter.value);
  SmallVector<void *> pointers = {&first, &stepping, &dt};
  for (Port &port : node.inputs)
    pointers.push_back(port.value.data.data());
  for (Port &parameter : node.parameters)
    pointers.push_back(parameter.value.data.data());
  for (Port &port : node.outputs)
    pointers.push_back(port.value.data.data());
  for (GraphValue &value : updated)
    pointers.push_back(value.data.data());
  if (failed(call(node.symbol, pointers)))
    return failure();
  for (auto [parameter, value] : llvm::zip(node.parameters, updated))
    parameter.value = std::move(value);
  node.everRan = true;
  return success();
}

std::unique_ptr<GraphRunner> GraphRunner::create(ModuleOp module) {
  auto models = module.getOps<ModelOp>();
  if (models.empty()) {
    emitError(module.getLoc()) << "the module holds no mdf.model";
    return nullptr;
  }
  ModelOp model = *models.begin();
  auto graphs = model.getBody().front().getOps<GraphOp>();
  GraphOp graph = *graphs.begin();
  std::unique_ptr<GraphRunner> runner(new GraphRunner());
  Impl &impl = *runner->impl;
  impl.loc = graph.getLoc();
  Block &body = graph.getBody().front();
  for (auto [n, nodeOp] : llvm::enumerate(body.getOps<NodeOp>())) {
    Node node;
    node.id = nodeOp.getId().str();
    node.symbol = "mdf_g0_n" + std::to_string(n);
    for (Operation &op : nodeOp.getBody().front()) {
      if (auto port = dyn_cast<InputPortOp>(op))
        node.inputs.push_back({port.getId().str(), zerosOf(port.getType())});
      else if (auto parameter = dyn_cast<ParameterOp>(op))
        node.parameters.push_back(
            {parameter.getId().str(), zerosOf(parameter.getType())});
      else if (auto port = dyn_cast<OutputPortOp>(op))
        node.outputs.push_back({port.getId().str(), zerosOf(port.getType())});
    }
    node.connected.assign(node.inputs.size(), false);
    impl.nodeIndex[node.id] = impl.nodes.size();
    impl.nodes.push_back(std::move(node));
  }
  auto portIndex = [](const std::vector<Port> &ports, StringRef id) {
    for (auto [i, port] : llvm::enumerate(ports))
      if (port.id == id)
        return i;
    return ports.size();
  };
  for (auto [e, edgeOp] : llvm::enumerate(body.getOps<EdgeOp>())) {
    Edge edge;
    edge.symbol = "mdf_g0_e" + std::to_string(e);
    edge.sender = impl.nodeIndex.lookup(edgeOp.getSender());
    edge.receiver = impl.nodeIndex.lookup(edgeOp.getReceiver());
    edge.senderPort =
        portIndex(impl.nodes[edge.sender].outputs, edgeOp.getSenderPort());
    edge.receiverPort =
        portIndex(impl.nodes[edge.receiver].inputs, edgeOp.getReceiverPort());
    Node &receiver = impl.nodes[edge.receiver];
    receiver.incoming.push_back(impl.edges.size());
    receiver.connected[edge.receiverPort] = true;
    impl.edges.push_back(edge);
  }
  // Input ports that combine their edges are not implemented.
  for (NodeOp nodeOp : body.getOps<NodeOp>())
    for (InputPortOp port : nodeOp.getBody().front().getOps<InputPortOp>()) {
      Node &node = impl.nodes[impl.nodeIndex.lookup(nodeOp.getId())];
      size_t index = portIndex(node.inputs, port.getId());
      if (port.getReduce() && *port.getReduce() != "overwrite" &&
          node.connected[index]) {
        port.emitError("input port reduce='")
            << *port.getReduce() << "' with incoming edges is not supported "
            << "yet (only 'overwrite')";
        return nullptr;
      }
    }

  // Conditions.
  impl.nodeConditions.resize(impl.nodes.size());
  for (ConditionsOp conditions : body.getOps<ConditionsOp>()) {
    impl.loc = conditions.getLoc();
    if (DictionaryAttr specific = conditions.getNodeSpecificAttr())
      for (NamedAttribute entry : specific) {
        Condition condition;
        if (failed(impl.parseCondition(entry.getValue(), condition)))
          return nullptr;
        impl.nodeConditions[impl.nodeIndex.lookup(entry.getName())] =
            std::move(condition);
      }
    if (DictionaryAttr termination = conditions.getTerminationAttr())
      for (NamedAttribute entry : termination) {
        StringRef scale = entry.getName().getValue();
        if (!scale.equals_insensitive("environment_state_update") &&
            !scale.equals_insensitive("trial"))
          continue; // other time scales do not end one evaluation
        Condition condition;
        if (failed(impl.parseCondition(entry.getValue(), condition)))
          return nullptr;
        impl.termination = std::move(condition);
      }
  }
  impl.loc = graph.getLoc();

  // Consideration queue: sets of nodes whose senders are all in earlier
  // sets; nodes on cycles go in one set in file order.
  std::vector<bool> placed(impl.nodes.size(), false);
  for (size_t done = 0; done < impl.nodes.size();) {
    std::vector<size_t> set;
    for (size_t i = 0; i < impl.nodes.size(); ++i) {
      if (placed[i])
        continue;
      bool ready = llvm::all_of(impl.nodes[i].incoming, [&](size_t e) {
        size_t sender = impl.edges[e].sender;
        return placed[sender] || sender == i;
      });
      if (ready)
        set.push_back(i);
    }
    if (set.empty())
      for (size_t i = 0; i < impl.nodes.size(); ++i)
        if (!placed[i])
          set.push_back(i);
    for (size_t i : set)
      placed[i] = true;
    done += set.size();
    impl.queue.push_back(std::move(set));
  }

  // Compile.
  OwningOpRef<ModuleOp> compiled(cast<ModuleOp>(module->clone()));
  PassManager pm(module.getContext());
  pm.addPass(createMDFOutlineNodes());
  buildMDFCPUPipeline(pm);
  if (failed(pm.run(*compiled)))
    return nullptr;
  auto engine = createJitSession(*compiled);
  if (!engine) {
    emitError(graph.getLoc())
        << "JIT compilation failed: " << llvm::toString(engine.takeError());
    return nullptr;
  }
  impl.engine = std::move(*engine);
  return runner;
}

LogicalResult GraphRunner::evaluate(std::optional<double> timeStep) {
  Impl &s = *impl;
  size_t count = s.nodes.size();
  s.calls.assign(count, 0);
  s.useable.assign(count, std::vector<int64_t>(count, 0));
  s.lastStep.clear();
  s.pass = 0;
  schedule.clear();
  auto terminated = [&] {
    if (s.termination)
      return s.holds(*s.termination, 0);
    return llvm::all_of(s.calls, [](int64_t n) { return n > 0; });
  };
  int64_t idlePasses = 0;
  while (!terminated()) {
    bool ranAny = false;
    for (const std::vector<size_t> &set : s.queue) {
      if (terminated())
        break;
      std::vector<size_t> ready;
      for (size_t node : set)
        if (!s.nodeConditions[node] || s.holds(*s.nodeConditions[node], node))
          ready.push_back(node);
      if (ready.empty())
        continue;
      std::vector<std::string> ids;
      for (size_t node : ready) {
        if (failed(s.runNode(node, timeStep)))
          return failure();
        ids.push_back(s.nodes[node].id);
      }
      for (size_t node : ready) {
        ++s.calls[node];
        for (size_t owner = 0; owner < count; ++owner)
          s.useable[owner][node] = 0;
      }
      for (size_t node : ready)
        for (size_t owner = 0; owner < count; ++owner)
          if (owner != node)
            ++s.useable[node][owner];
      s.lastStep = ready;
      schedule.push_back(std::move(ids));
      ranAny = true;
    }
    ++s.pass;
    idlePasses = ranAny ? 0 : idlePasses + 1;
    if (idlePasses > 1000 || schedule.size() > 10'000'000)
      return emitError(s.loc)
             << "the scheduler cannot finish: no node can run and the "
                "termination condition does not hold (pass "
             << s.pass << ")";
  }
  return success();
}

std::vector<std::string> GraphRunner::getUnconnectedInputs() const {
  std::vector<std::string> result;
  for (const Node &node : impl->nodes)
    for (auto [port, connected] : llvm::zip(node.inputs, node.connected))
      if (!connected)
        result.push_back(node.id + "." + port.id);
  return result;
}

llvm::Error GraphRunner::setInput(StringRef nodeDotPort,
                                  const GraphValue &value) {
  for (Node &node : impl->nodes)
    for (Port &port : node.inputs)
      if (node.id + "." + port.id == nodeDotPort) {
        if (port.value.data.size() != value.data.size())
          return llvm::createStringError(
              "input port " + nodeDotPort.str() + " holds " +
              std::to_string(port.value.data.size()) +
              " elements but the value has " +
              std::to_string(value.data.size()));
        port.value.data = value.data;
        return llvm::Error::success();
      }
  return llvm::createStringError("no input port " + nodeDotPort.str());
}

std::vector<std::pair<std::string, const GraphValue *>>
GraphRunner::getOutputs() const {
  std::vector<std::pair<std::string, const GraphValue *>> result;
  for (const Node &node : impl->nodes)
    for (const Port &port : node.outputs)
      result.push_back({node.id + "." + port.id, &port.value});
  return result;
}

std::vector<std::pair<std::string, const GraphValue *>>
GraphRunner::getParameters() const {
  std::vector<std::pair<std::string, const GraphValue *>> result;
  for (const Node &node : impl->nodes)
    for (const Port &port : node.parameters)
      result.push_back({node.id + "." + port.id, &port.value});
  return result;
}

static void formatDimension(const GraphValue &value, size_t dim,
                            size_t &offset, std::string &out) {
  if (dim == value.shape.size()) {
    out += json::formatDouble(value.data[offset++]);
    return;
  }
  out += "[";
  for (int64_t i = 0; i < value.shape[dim]; ++i) {
    if (i)
      out += ", ";
    formatDimension(value, dim + 1, offset, out);
  }
  out += "]";
}

std::string mlir::mdf::formatGraphValue(const GraphValue &value) {
  std::string out;
  size_t offset = 0;
  formatDimension(value, 0, offset, out);
  return out;
}
