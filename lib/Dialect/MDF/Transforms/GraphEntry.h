//===- GraphEntry.h - one evaluation of an MDF graph as a function -*- C++ -*-===//
//
// Used by mdf-outline-nodes (option entry-function).
//
//===----------------------------------------------------------------------===//

#ifndef MDF_LIB_DIALECT_MDF_TRANSFORMS_GRAPHENTRY_H
#define MDF_LIB_DIALECT_MDF_TRANSFORMS_GRAPHENTRY_H

#include "mdf/Dialect/MDF/IR/MDFOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace mlir::mdf {

/// Builds, at the builder's point, the function `name` that evaluates
/// `graph` once through its outlined functions: `nodeFuncs[i]` is the step
/// function of the graph's i-th node and `edgeFuncs[i]` the function of its
/// i-th edge. Arguments: the input ports no edge feeds; results: every
/// output port (file order). Fails with a diagnostic on cycles and on
/// scheduling conditions.
LogicalResult buildGraphEntry(OpBuilder &builder, GraphOp graph,
                              ArrayRef<func::FuncOp> nodeFuncs,
                              ArrayRef<func::FuncOp> edgeFuncs,
                              StringRef name);

} // namespace mlir::mdf

#endif // MDF_LIB_DIALECT_MDF_TRANSFORMS_GRAPHENTRY_H
