//===- MDFOps.h - mdf op declarations ---------------------------*- C++ -*-===//
//
// Declares the ops of the mdf dialect (generated from MDFOps.td).
//
//===----------------------------------------------------------------------===//

#ifndef MDF_DIALECT_MDF_IR_MDFOPS_H
#define MDF_DIALECT_MDF_IR_MDFOPS_H

#include "mdf/Dialect/MDF/IR/MDFDialect.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "mdf/Dialect/MDF/IR/MDFOpsEnums.h.inc"

namespace mlir::mdf {
/// Returns true when two lists of tensor types agree pairwise in rank,
/// element type and every dimension known in both. mdf ops accept a declared
/// result type that is more or less static than the inferred one.
bool areCompatibleTensorTypes(TypeRange inferred, TypeRange actual);
} // namespace mlir::mdf

#define GET_OP_CLASSES
#include "mdf/Dialect/MDF/IR/MDFOps.h.inc"

#endif // MDF_DIALECT_MDF_IR_MDFOPS_H
