//===- Decompositions.h - TorchScript operators rewritten as others -*- C++ -*-===//
//
// Operators the importer has no converter for but that are compositions of
// operators it has (losses, the backward ops of training graphs, pooling
// with indices, ...). Each is written in TorchScript as a function
// `decompose` whose parameters follow the operator's schema; the graph is
// rewritten before import by inlining that function in place of the node.
// Only files under lib/Target/TorchScript/ may include this header.
//
//===----------------------------------------------------------------------===//

#ifndef MDF_LIB_TARGET_TORCHSCRIPT_DECOMPOSITIONS_H
#define MDF_LIB_TARGET_TORCHSCRIPT_DECOMPOSITIONS_H

#include <torch/csrc/jit/ir/ir.h>

#include <string>
#include <vector>

namespace mlir::mdf::torchscript {

/// One decomposition: `op` is the qualified name with the overload name when
/// the schema has one ("aten::split.Tensor"), `source` TorchScript that
/// defines `decompose` with the schema's parameters in order. With
/// `firstResultOnly`, only nodes whose other results are unused are
/// rewritten (the function returns the first result); with
/// `otherResultsUsedOnly`, only nodes that use a result after the first
/// (the importer converts the first alone).
struct Decomposition {
  const char *op;
  const char *source;
  bool firstResultOnly = false;
  bool otherResultsUsedOnly = false;
};

/// Helpers every decomposition source may call (`_reduce`, `_pool_out`, ...).
extern const char *const kDecompositionPrelude;

void addLossDecompositions(std::vector<Decomposition> &table);
void addPoolingDecompositions(std::vector<Decomposition> &table);
void addMathDecompositions(std::vector<Decomposition> &table);
void addShapeDecompositions(std::vector<Decomposition> &table);

/// Rewrites every node of `graph` (nested blocks too) that has a
/// decomposition, repeating while rewritten nodes expose more. The inserted
/// nodes keep the source range and call stack of the node they replace.
/// Throws LibTorch's exceptions (a decomposition that does not compile).
void decomposeOperators(torch::jit::Graph &graph);

/// Compiles every decomposition; returns the errors (none when all compile).
std::vector<std::string> compileAllDecompositions();

/// The `op` names of all decompositions, sorted.
std::vector<std::string> getDecomposedOperatorNames();

} // namespace mlir::mdf::torchscript

#endif // MDF_LIB_TARGET_TORCHSCRIPT_DECOMPOSITIONS_H
