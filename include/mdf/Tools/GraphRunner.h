//===- GraphRunner.h - run an MDF graph compiled to native code -*- C++ -*-===//
//
// Compiles the first graph of an `mdf.model` (mdf-outline-nodes, then
// mdf-cpu-pipeline, JIT with mlir::ExecutionEngine) and evaluates it the way
// the ModECI reference does: a scheduler decides which nodes run in each
// time step from the graph's conditions; a node's run feeds its input ports
// from its incoming edges and then calls its compiled step function.
//
//===----------------------------------------------------------------------===//

#ifndef MDF_TOOLS_GRAPHRUNNER_H
#define MDF_TOOLS_GRAPHRUNNER_H

#include "llvm/Support/Error.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/LLVM.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mlir::mdf {

/// A value of a port or parameter: its shape and its f64 elements.
struct GraphValue {
  SmallVector<int64_t> shape;
  std::vector<double> data;
};

class GraphRunner {
public:
  ~GraphRunner();

  /// Compiles the first graph of the model in `module` (which is not
  /// changed). Emits diagnostics and returns null on failure.
  static std::unique_ptr<GraphRunner> create(ModuleOp module);

  /// One evaluation of the graph (the reference's `evaluate()`), with or
  /// without a time step. Emits a diagnostic and fails when the scheduler
  /// cannot finish.
  LogicalResult evaluate(std::optional<double> timeStep);

  /// The input ports no edge feeds, as "node.port", in file order.
  std::vector<std::string> getUnconnectedInputs() const;
  /// Sets an unconnected input port; an error when there is no such port
  /// or the shape differs.
  llvm::Error setInput(StringRef nodeDotPort, const GraphValue &value);

  /// Every output port as ("node.port", value), in file order.
  std::vector<std::pair<std::string, const GraphValue *>> getOutputs() const;

  /// Every parameter as ("node.parameter", value), in file order.
  std::vector<std::pair<std::string, const GraphValue *>>
  getParameters() const;

  /// The node ids each time step of the last evaluation ran.
  const std::vector<std::vector<std::string>> &getLastSchedule() const {
    return schedule;
  }

  struct Impl;

private:
  GraphRunner();
  std::unique_ptr<Impl> impl;
  std::vector<std::vector<std::string>> schedule;
};

/// Writes `value` the way numpy prints with full precision: a number for a
/// scalar, nested `[...]` lists otherwise.
std::string formatGraphValue(const GraphValue &value);

} // namespace mlir::mdf

#endif // MDF_TOOLS_GRAPHRUNNER_H
