//===- Passes.td - the CUDA back end's passes -------------*- tablegen -*-===//
//
// The passes of mdf-cuda-pipeline after mdf IR is bufferized: loops mapped
// to GPU blocks and threads, temporaries in one device workspace, the C
// entry points on host and device buffers, and weights on the device.
//
//===----------------------------------------------------------------------===//

#ifndef MDF_BACKEND_CUDA_PASSES_TD
#define MDF_BACKEND_CUDA_PASSES_TD

include "mlir/Pass/PassBase.td"

def MDFMapLoopsToGPU : Pass<"mdf-map-loops-to-gpu", "func::FuncOp"> {
  let summary = "Run every loop nest of a host function as a GPU kernel";
  let description = [{
    After `convert-linalg-to-parallel-loops`, a model function is a list of
    loop nests over buffers between allocations and views. This pass makes
    each of them a `gpu.launch`, so that no computation on tensor data is
    left on the host:

    - an `scf.parallel` becomes one thread per iteration: its iteration
      space is flattened (the last dimension fastest, so neighbouring
      threads touch neighbouring elements: coalesced accesses), cut into
      blocks of `threads-per-block` threads, and each thread recovers its
      indices from its linear id; the loops nested in it (reductions) run
      in each thread;
    - any other op that reads or writes buffer contents (a lone
      `scf.for`, `memref.load`/`memref.store`, a leftover `linalg` op, in
      runs of consecutive such ops) becomes a kernel of one thread.

    Allocations, deallocations, views, globals and index arithmetic stay on
    the host. A value computed on the device that the host needs (a size
    read from a tensor) is an error naming the op, and so is a loop whose
    condition reads tensor data (`scf.while`): its body allocates on the
    host, which would have to read the condition back each iteration.

    Example:

    ```mlir
    scf.parallel (%i, %j) = (%c0, %c0) to (%c4, %c1000) step (%c1, %c1) {
      ...
    }
    ```

    becomes a `gpu.launch` of 16 blocks of 256 threads whose body computes
    `%i = id / 1000`, `%j = id % 1000` for `id < 4000`.
  }];
  let options = [
    Option<"threadsPerBlock", "threads-per-block", "int64_t", "256",
           "Threads of each block of a flattened loop nest">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::gpu::GPUDialect",
    "::mlir::scf::SCFDialect"];
}

def MDFDeviceWorkspace : Pass<"mdf-device-workspace", "ModuleOp"> {
  let summary = "Temporaries of a GPU model in one device workspace";
  let description = [{
    Packs the fixed-size temporaries (`memref.alloc`) of each function's
    top-level block into one buffer by their live ranges (buffers live at
    the same time do not overlap), as `mdf-static-workspace` does on the
    CPU. The buffer is a private `memref.global` named
    `__mdf_device_workspace_<function>`, which `mdf-device-globals` places
    in device memory once per process. Temporaries it cannot place
    (dynamic sizes) become `gpu.alloc`/`gpu.dealloc`.

    The workspace makes calls of one compiled function from two host
    threads at the same time unsafe; the generated header says so.
  }];
  let dependentDialects = ["::mlir::gpu::GPUDialect"];
}

def MDFCUDAEntryPoints : Pass<"mdf-cuda-entry-points", "ModuleOp"> {
  let summary = "The C entry points of a CUDA model: host and device "
                "buffers";
  let description = [{
    For the public function `@f` of a bufferized model (inputs, then one
    output buffer per result), makes three:

    - `@f_body`, private: the original body, on device buffers;
    - `@f_device(inputs..., outputs..., stream) -> i32` on device pointers
      and a `CUstream` (passed as `!llvm.ptr`): the GPU work goes on that
      stream; it returns when the work is done, with 0 or 1 for a failed
      driver call (`mdf_cuda_last_error()` says which);
    - `@f(inputs..., outputs...) -> i32` on host buffers: device copies of
      the inputs and outputs (`gpu.alloc`, `gpu.memcpy`), the body on the
      default stream, the outputs copied back.

    Both public functions start with `mdfCudaBeginCall(stream)` and end
    with `mdfCudaEndCall()`, the runtime's per-call error state.
  }];
  let dependentDialects = [
    "::mlir::func::FuncDialect", "::mlir::gpu::GPUDialect",
    "::mlir::LLVM::LLVMDialect"];
}

def MDFMergeKernelModules : Pass<"mdf-merge-kernel-modules", "ModuleOp"> {
  let summary = "All kernels of a model in one gpu.module";
  let description = [{
    `gpu-kernel-outlining` puts each kernel in a `gpu.module` of its own;
    each would become its own binary, compiled by its own `ptxas` run and
    loaded by its own driver call. This pass moves every `gpu.func` into
    the first `gpu.module` (renamed where names collide) and points the
    `gpu.launch_func` ops at them, so a model has one binary.

    Example: `@f_kernel::@f_kernel` and `@f_kernel_0::@f_kernel` become
    `@f_kernel::@f_kernel` and `@f_kernel::@f_kernel_1`.
  }];
  let dependentDialects = ["::mlir::gpu::GPUDialect"];
}

def MDFDeviceGlobals : Pass<"mdf-device-globals", "ModuleOp"> {
  let summary = "Host code uses device copies of weights and workspaces";
  let description = [{
    Runs on the host LLVM dialect after `gpu-to-llvm`. Every address of a
    global that was a `memref.global` before lowering (the names are
    listed in the module's `mdf.device_globals` attribute, which
    `mdf-device-workspace` records and this pass removes) taken in a host
    function is replaced by the runtime call
    `mdfCudaDeviceGlobal(host address, bytes, upload)`, which returns a
    device copy made once per process: constants (weights) uploaded, other
    globals (workspaces) only allocated. Kernels thus receive device
    pointers, and weights cross the bus once.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

#endif // MDF_BACKEND_CUDA_PASSES_TD
