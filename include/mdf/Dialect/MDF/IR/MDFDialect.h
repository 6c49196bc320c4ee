//===- MDFDialect.h - the mdf dialect ---------------------------*- C++ -*-===//
//
// Declares the mdf dialect class.
//
//===----------------------------------------------------------------------===//

#ifndef MDF_DIALECT_MDF_IR_MDFDIALECT_H
#define MDF_DIALECT_MDF_IR_MDFDIALECT_H

#include "mlir/IR/Dialect.h"

#include "mdf/Dialect/MDF/IR/MDFOpsDialect.h.inc"

#endif // MDF_DIALECT_MDF_IR_MDFDIALECT_H
