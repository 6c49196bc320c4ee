//===- Passes.td - the CPU back end's passes --------------*- tablegen -*-===//
//
// The passes of mdf-cpu-pipeline after mdf IR is lowered to linalg:
// tiling and vectorization, bufferized copies, the static workspace, the C
// entry points and the last steps to the LLVM dialect.
//
//===----------------------------------------------------------------------===//

#ifndef MDF_BACKEND_CPU_PASSES_TD
#define MDF_BACKEND_CPU_PASSES_TD

include "mlir/Pass/PassBase.td"

def MDFStridedCopiesToLinalg
    : Pass<"mdf-strided-copies-to-linalg", "func::FuncOp"> {
  let summary = "Turn memref.copy of non-contiguous buffers into linalg.copy";
  let description = [{
    The LLVM lowering of `memref.copy` calls the `memrefCopy` function of
    MLIR's C runner library when either side is not contiguous. Compiled
    models must not depend on that library, so this pass rewrites such
    copies into `linalg.copy`, which lowers to plain loops. Copies between
    contiguous buffers stay `memref.copy` (they become `memcpy`).

    With `all`, every copy becomes `linalg.copy` (the GPU pipeline runs
    them as kernels: a host `memcpy` cannot read device memory).

    Example: a `memref.copy` from a strided `memref.subview` becomes
    `linalg.copy ins(%subview) outs(%buffer)`.
  }];
  let options = [
    Option<"all", "all", "bool", "false",
           "Rewrite contiguous copies too">,
  ];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def MDFTileAndVectorizeMatmul
    : Pass<"mdf-tile-and-vectorize-matmul", "ModuleOp"> {
  let summary = "Tile matmuls and convolutions for caches and registers "
                "and vectorize them";
  let description = [{
    The first half of mdf's CPU schedule for matrix products, on tensors:
    each static `linalg.matmul` whose M is a multiple of 8 and N of 32 is
    tiled into cache tiles (up to 128x128x256, sizes that divide the
    problem) and then into 8x32x1 register tiles, which are vectorized into
    `vector.contract`. Other matmuls are left to
    `mdf-tile-and-vectorize-loops`. Channels-last convolutions
    (`linalg.conv_2d_nhwc_hwcf`) and depthwise convolutions
    (`linalg.depthwise_conv_2d_nhwc_hwc`) are tiled to one output row of up
    to 8 pixels and up to 32 channels and one window row, decomposed to 1-D
    convolutions and vectorized.
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

def MDFDistinctResultBuffers
    : Pass<"mdf-distinct-result-buffers", "func::FuncOp"> {
  let summary = "Give every returned buffer its own allocation";
  let description = [{
    `buffer-results-to-out-params` with `hoist-static-allocs` writes each
    result straight into its out-parameter by replacing the result's
    allocation, which is impossible (and crashed MLIR 22) when one buffer is
    returned twice. This pass copies the second and later occurrences of a
    returned buffer into fresh allocations first.

    Example: `return %a, %a : memref<f64>, memref<f64>` becomes
    `%b = memref.alloc() : memref<f64>`, `memref.copy %a, %b`,
    `return %a, %b`.
  }];
  let dependentDialects = ["::mlir::memref::MemRefDialect"];
}

def MDFStaticWorkspace : Pass<"mdf-static-workspace", "ModuleOp"> {
  let summary = "Keep a function's fixed-size temporaries in one reused "
                "static workspace";
  let description = [{
    A compiled model allocates its intermediate buffers on every call. Big
    blocks come straight from the operating system with most C libraries,
    so each call pays page faults and zero-filling again, which can cost
    more than the arithmetic (mobilenet_v2: about ten times).

    This pass gives each function one static, uninitialized (`.bss`)
    workspace and places every fixed-size `memref.alloc` of the function's
    top-level block in it, at a byte offset that no other buffer uses while
    this one is live (live from the allocation to the last use of it or of
    a view of it). Its `memref.dealloc`s go away. Memory is reused between
    calls and between buffers that are not live at the same time.

    Calls stay reentrant: an atomic flag marks the workspace busy for the
    length of a call; a call that finds it busy (another thread, or a
    recursive call) gets one heap allocation of the same size instead and
    frees it on return.

    Temporaries whose sizes are one dynamic size (a dynamic batch) times a
    constant are packed the same way, in units of that size, into one
    block: a static workspace for up to `scaled-units` units (also capped
    by `max-bytes`), with its own busy flag; a larger size, or a busy
    workspace, gets one heap block per call.

    Buffers whose size is not static nor one dynamic size times a constant,
    that are allocated inside loops or branches, that escape through a return, or that are freed
    conditionally keep their own allocation. A function whose workspace
    would exceed `max-bytes` is left alone.

    Example: two 1 KiB temporaries with disjoint lives become
    `memref.view %ws[%c0][]` of one `memref.global "private"
    @__mdf_workspace_forward : memref<1024xi8> = uninitialized`.
  }];
  let options = [
    Option<"maxBytes", "max-bytes", "int64_t", /*default=*/"int64_t(1) << 32",
           "Largest workspace per function, in bytes">,
    Option<"scaledUnits", "scaled-units", "int64_t", /*default=*/"16",
           "Units of a dynamic size (batch entries) that the static "
           "workspace of size-scaled temporaries holds">
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::scf::SCFDialect"];
}

def MDFTileAndVectorizeLoops
    : Pass<"mdf-tile-and-vectorize-loops", "ModuleOp"> {
  let summary = "Tile and vectorize the linalg ops the matmul and "
                "convolution schedule leaves";
  let description = [{
    Runs on tensors after `mdf-tile-and-vectorize-matmul` and gives every
    remaining statically shaped linalg op (elementwise and broadcasting
    generics, reductions, transposes, fills, batched and small matrix
    products, pooling) a vector form instead of a scalar loop nest.

    Each op gets one vector dimension: the loop that is innermost (unit
    stride) in the most input operands, ties going to the output's
    innermost loop. That loop is tiled by a vector length (the whole loop
    up to 128 iterations, else the largest of 128, 64, 32, 16 or 8 that
    divides it, else 64 with masked tails); every other loop is tiled by
    one, and each tile is vectorized. So an elementwise op streams along
    its rows, a reduction over the last dimension reduces whole vectors,
    a matrix-vector or batched product keeps a row of accumulators, and a
    transpose that changes the innermost loop also tiles the input's
    innermost loop by 8 to use register transposes. Pooling windows are
    first tiled to one output row and decomposed to 1-D pooling, which
    vectorizes along the row.

    The pass also runs after bufferization, on the fills and copies
    bufferization makes (of padded inputs); on buffers it uses no masks
    (they would not be lowered any more): a row no listed length divides
    gets the largest divisor up to 7.

    Ops that cannot be vectorized this way keep their loops.

    Example: `linalg.generic` adding a bias to `tensor<1x64x56x56xf32>`
    becomes loops over (n, c, h) around `vector.transfer_read`s of
    `vector<1x1x1x56xf32>`, an `arith.addf` of vectors and a
    `vector.transfer_write`.
  }];
  let options = [
    Option<"wholeLoopLimit", "whole-loop-limit", "int64_t", /*default=*/"128",
           "Loops of up to this many iterations are one vector">,
    Option<"maskedTile", "masked-tile", "int64_t", /*default=*/"64",
           "Vector length of a loop nothing divides (its tail is masked)">
  ];
  let dependentDialects = [
    "::mlir::linalg::LinalgDialect", "::mlir::scf::SCFDialect",
    "::mlir::vector::VectorDialect", "::mlir::tensor::TensorDialect"];
}

def MDFByteBooleans : Pass<"mdf-byte-booleans", "ModuleOp"> {
  let summary = "Keep vectors of booleans one byte per element in memory";
  let description = [{
    Runs on the LLVM dialect. A `memref<...xi1>` holds one byte per
    element, as C's `bool` and numpy's `bool_` do, and scalar loads and
    stores of `i1` read and write whole bytes. LLVM stores a `<N x i1>`
    vector as packed bits instead, so a vectorized comparison would write
    the truth values of a row as bits of its first byte. This pass widens
    every load, store, masked load/store, gather and scatter of a vector of
    `i1` to a vector of `i8` (`zext` before a store, `trunc` after a load),
    so vector and scalar code agree on the layout the caller sees.

    Example: `llvm.store %v, %p : vector<8xi1>, !llvm.ptr` becomes
    `%b = llvm.zext %v : vector<8xi1> to vector<8xi8>` and
    `llvm.store %b, %p : vector<8xi8>, !llvm.ptr`.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

def MDFFinishLLVMLowering : Pass<"mdf-finish-llvm-lowering", "ModuleOp"> {
  let summary = "Lower memref, arith, ub, cf and func to LLVM in one conversion";
  let description = [{
    What `finalize-memref-to-llvm`, `convert-arith-to-llvm`,
    `convert-ub-to-llvm`, `convert-cf-to-llvm`, `convert-func-to-llvm` and
    `reconcile-unrealized-casts` do one after another, in one dialect
    conversion with one type converter: each of those walks the whole
    model, and a big model's lowering spent a fifth of its time in them.
    Functions take the bare-pointer calling convention (a memref argument
    is one pointer) when `bare-pointers` is set, as the C entry points of
    compiled models do. Vector and math ops must already be lowered.

    Example: `func.func @f(%m: memref<4xf32>)` with
    `%v = memref.load %m[%i]` becomes `llvm.func @f(%m: !llvm.ptr)` with a
    `llvm.getelementptr` and an `llvm.load`.
  }];
  let options = [
    Option<"barePointers", "bare-pointers", "bool", /*default=*/"true",
           "Pass memref arguments and results as bare pointers">,
  ];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

def MDFWeightsAsBytes : Pass<"mdf-weights-as-bytes", "ModuleOp"> {
  let summary = "Give constant LLVM globals of numbers one flat byte array";
  let description = [{
    Runs on the LLVM dialect. A weight `memref.global` becomes an
    `llvm.mlir.global` of nested arrays (`!llvm.array<64 x array<3 x ...>>`),
    which the translation to LLVM IR builds as one LLVM constant per
    innermost row (millions for a big model's convolutions, each hashed
    and uniqued), and which LLVM's assembler then writes element by element.
    This pass retypes every constant global of at least 256 bytes whose
    value is a dense or resource elements attribute as `!llvm.array<N x i8>`
    over the same bytes (a resource is shared, not copied), aligned to at
    least 64 bytes. Uses are `llvm.mlir.addressof`, opaque pointers, so no
    use changes.

    Example: `llvm.mlir.global internal constant @w(dense_resource<w> :
    tensor<64x3xf32>) : !llvm.array<64 x array<3 x f32>>` becomes
    `llvm.mlir.global internal constant @w(dense_resource<w> :
    tensor<768xi8>) {alignment = 64 : i64} : !llvm.array<768 x i8>`.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

def MDFOutputSizeFunctions
    : Pass<"mdf-output-size-functions", "ModuleOp"> {
  let summary = "Derive, for each public function with dynamically sized "
                "results, a function that computes those sizes from the "
                "input sizes";
  let description = [{
    A compiled model whose inputs have dynamic sizes (`tensor<?x784xf32>`)
    writes its results into buffers the caller allocates, so the caller
    must learn the result sizes before the call. This pass runs on linalg
    on tensors, before bufferization. For each public function with a
    dynamic result size it adds a private function
    `@<name>_output_sizes_impl` that takes one `index` per dynamic input
    size (inputs in order, dimensions in order) and returns one `index` per
    dynamic result size: a copy of the function whose inputs are empty
    tensors of those sizes, returning `tensor.dim` of its results, reduced
    by shape reification and folding to size arithmetic alone.

    When a result size depends on the values of the inputs (a boolean mask,
    `nonzero`), the copy keeps tensor computations and the pass fails with
    an error at the op that computes the size.

    The function gets `mdf.num_results` (its result count, which
    `mdf-entry-size-arguments` needs after results became out-parameters)
    and `mdf.output_size_sources`: per dynamic result size, the position of
    the input size it equals, or -1 when it is computed.

    Example: `func.func @f(%x: tensor<?x784xf32>) -> tensor<?x10xf32>`
    gets `func.func private @f_output_sizes_impl(%d0: index) -> index`
    returning `%d0`, and `mdf.output_size_sources = array<i64: 0>`.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::tensor::TensorDialect"];
}

def MDFEntrySizeArguments
    : Pass<"mdf-entry-size-arguments", "ModuleOp"> {
  let summary = "Give public functions with dynamically sized buffers one "
                "index argument per dynamic input size and bare buffers";
  let description = [{
    The C entry points of compiled models take bare pointers, which cannot
    carry sizes. This pass runs after bufferization and
    `buffer-results-to-out-params`, on the public functions that
    `mdf-output-size-functions` marked. Each dynamically sized buffer
    argument becomes a rank-0 buffer (one pointer) that a
    `memref.reinterpret_cast` gives back its shape; the dynamic sizes of the
    inputs become leading `index` arguments, and those of the
    out-parameters are computed at entry by calling
    `@<name>_output_sizes_impl`. A public
    `@<name>_output_sizes(index..., memref<Nxi64>)` writes the result sizes
    for callers that allocate the outputs.

    Example: `func.func @f(%x: memref<?x784xf32>, %y: memref<?x10xf32>)`
    becomes `func.func @f(%d0: index, %x: memref<f32>, %y: memref<f32>)`
    whose body uses `memref.reinterpret_cast %x to offset: [0],
    sizes: [%d0, 784], strides: [784, 1]`.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::func::FuncDialect",
                           "::mlir::memref::MemRefDialect"];
}

def MDFTileDynamicLoops : Pass<"mdf-tile-dynamic-loops", "ModuleOp"> {
  let summary = "Tile the dynamic loops of linalg ops by one so the CPU "
                "schedules get static tiles";
  let description = [{
    The CPU schedules (`mdf-tile-and-vectorize-matmul`,
    `mdf-tile-and-vectorize-loops`) choose tiles and vector lengths from
    static sizes. With a dynamic batch, every linalg op of a model has one
    loop whose trip count is known only at run time. This pass tiles each
    such loop of each linalg op on tensors by one and canonicalizes: inside
    the `scf.for` the tile is statically shaped (`min(1, ub - iv)` folds to
    1), so the schedules treat it like the ops of a static model, one
    image or one row at a time.

    Example: `linalg.matmul` of `tensor<?x784xf32>` and
    `tensor<784x128xf32>` becomes an `scf.for` over the rows whose body is
    a `linalg.matmul` of `tensor<1x784xf32>` and `tensor<784x128xf32>`.
  }];
  let dependentDialects = ["::mlir::affine::AffineDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::tensor::TensorDialect"];
}

#endif // MDF_BACKEND_CPU_PASSES_TD
