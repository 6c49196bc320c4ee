// The CPU pipeline: the accumulators of a tiled matmul stay in registers
// across the reduction loop (hoisted into iter_args, FMAs inside), and the
// entry point takes bare pointers, the output last.
// RUN: mdf-opt %s --mdf-cpu-pipeline --mlir-print-ir-after=mdf-hoist-and-lower-vectors 2>&1 | FileCheck %s --check-prefix=HOISTED
// RUN: mdf-opt %s --mdf-cpu-pipeline | FileCheck %s

// HOISTED: scf.for {{.*}} iter_args({{.*}}) -> (vector<8x32xf32>)
// HOISTED: vector.fma {{.*}} : vector<32xf32>

// CHECK: llvm.func @forward(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr)
// CHECK: llvm.intr.fmuladd
func.func @forward(%a: tensor<64x64xf32>, %b: tensor<64x64xf32>) -> tensor<64x64xf32> {
  %0 = mdf.matmul %a, %b : (tensor<64x64xf32>, tensor<64x64xf32>) -> tensor<64x64xf32>
  return %0 : tensor<64x64xf32>
}
