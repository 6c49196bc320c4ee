//===- MDFReductionOps.td - reductions -------------------*- tablegen -*-===//
//
// Sum, mean, max and min over chosen dimensions.
//
//===----------------------------------------------------------------------===//

#ifndef MDF_DIALECT_MDF_IR_MDFREDUCTIONOPS_TD
#define MDF_DIALECT_MDF_IR_MDFREDUCTIONOPS_TD

include "mdf/Dialect/MDF/IR/MDFBase.td"

def MDF_ReduceSumOp : MDF_ReduceOp<"reduce_sum", "sum", MDF_NumericTensor>;
def MDF_ReduceMeanOp : MDF_ReduceOp<"reduce_mean", "mean", MDF_FloatTensor>;
// On booleans the maximum is `any` and the minimum `all`.
def MDF_ReduceMaxOp : MDF_ReduceOp<"reduce_max", "maximum", MDF_AnyTensor>;
def MDF_ReduceMinOp : MDF_ReduceOp<"reduce_min", "minimum", MDF_AnyTensor>;

#endif // MDF_DIALECT_MDF_IR_MDFREDUCTIONOPS_TD
