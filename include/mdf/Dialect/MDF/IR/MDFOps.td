//===- MDFOps.td - all mdf ops ----------------------------*- tablegen -*-===//
//
// The single TableGen entry point for the mdf dialect's ops; each family
// lives in its own file.
//
//===----------------------------------------------------------------------===//

#ifndef MDF_DIALECT_MDF_IR_MDFOPS_TD
#define MDF_DIALECT_MDF_IR_MDFOPS_TD

include "mdf/Dialect/MDF/IR/MDFBase.td"
include "mdf/Dialect/MDF/IR/MDFElementwiseOps.td"
include "mdf/Dialect/MDF/IR/MDFContractionOps.td"
include "mdf/Dialect/MDF/IR/MDFPoolingOps.td"
include "mdf/Dialect/MDF/IR/MDFNormalizationOps.td"
include "mdf/Dialect/MDF/IR/MDFReductionOps.td"
include "mdf/Dialect/MDF/IR/MDFShapeOps.td"
include "mdf/Dialect/MDF/IR/MDFIndexingOps.td"
include "mdf/Dialect/MDF/IR/MDFStructureOps.td"

#endif // MDF_DIALECT_MDF_IR_MDFOPS_TD
