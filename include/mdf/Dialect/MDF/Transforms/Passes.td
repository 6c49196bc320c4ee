//===- Passes.td - mdf dialect passes ---------------------*- tablegen -*-===//
//
// Passes that rewrite mdf IR before it is lowered.
//
//===----------------------------------------------------------------------===//

#ifndef MDF_DIALECT_MDF_TRANSFORMS_PASSES_TD
#define MDF_DIALECT_MDF_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def MDFInferShapes : Pass<"mdf-infer-shapes", "ModuleOp"> {
  let summary = "Refine mdf result types from the operand types";
  let description = [{
    mdf ops accept result types that are less static than their operands
    imply (a `?` where the size is known). This pass walks each function in
    order, gives every mdf result the type its op infers from its operands,
    and, when the function returns refined values, updates the function's
    result types.

    Use it after making a function's argument types more static, e.g. after
    pinning a dynamic batch size. Users that cannot take a new type (ops of
    other dialects, and the return of a function with callers) get the value
    through a `tensor.cast` to the type they saw before.

    Example: with `%x : tensor<1x4xf32>`,
    `mdf.relu %x : tensor<1x4xf32>` feeding
    `mdf.reshape %r {shape = array<i64: -1>} : tensor<1x4xf32> -> tensor<?xf32>`
    gets the result type `tensor<4xf32>`.
  }];
  let dependentDialects = ["::mlir::mdf::MDFDialect",
                           "::mlir::tensor::TensorDialect"];
}

def MDFStridedCopiesToLinalg
    : Pass<"mdf-strided-copies-to-linalg", "func::FuncOp"> {
  let summary = "Turn memref.copy of non-contiguous buffers into linalg.copy";
  let description = [{
    The LLVM lowering of `memref.copy` calls the `memrefCopy` function of
    MLIR's C runner library when either side is not contiguous. Compiled
    models must not depend on that library, so this pass rewrites such
    copies into `linalg.copy`, which lowers to plain loops. Copies between
    contiguous buffers stay `memref.copy` (they become `memcpy`).

    Example: a `memref.copy` from a strided `memref.subview` becomes
    `linalg.copy ins(%subview) outs(%buffer)`.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def MDFTileAndVectorizeMatmul
    : Pass<"mdf-tile-and-vectorize-matmul", "ModuleOp"> {
  let summary = "Tile linalg.matmul for caches and registers and vectorize it";
  let description = [{
    The first half of mdf's CPU schedule for matrix products, on tensors:
    each static `linalg.matmul` whose M is a multiple of 8 and N of 32 is
    tiled into cache tiles (up to 128x128x256, sizes that divide the
    problem) and then into 8x32x1 register tiles, which are vectorized into
    `vector.contract`. Other matmuls keep plain loops.
    `mdf-hoist-and-lower-vectors` finishes the schedule after
    bufferization.
  }];
  let dependentDialects = [
    "::mlir::linalg::LinalgDialect", "::mlir::scf::SCFDialect",
    "::mlir::vector::VectorDialect", "::mlir::transform::TransformDialect"];
}

def MDFHoistAndLowerVectors
    : Pass<"mdf-hoist-and-lower-vectors", "ModuleOp"> {
  let summary = "Keep matmul accumulators in registers and lower vector ops";
  let description = [{
    The second half of mdf's CPU schedule, on buffers: drops the self-copies
    bufferization leaves behind, folds subviews into their uses, hoists the
    read and write of each register tile's accumulator out of the reduction
    loop, and lowers contractions to outer products (FMAs) and transfers
    to 1-D vector loads and stores.
  }];
  let dependentDialects = [
    "::mlir::memref::MemRefDialect", "::mlir::vector::VectorDialect",
    "::mlir::transform::TransformDialect"];
}

#endif // MDF_DIALECT_MDF_TRANSFORMS_PASSES_TD
