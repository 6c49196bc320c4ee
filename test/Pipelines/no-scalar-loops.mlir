// Every op family of a small network reaches the loop lowering already
// vectorized: no linalg op is left for convert-linalg-to-loops to turn into
// scalar loop nests. Covered: padded and depthwise convolutions, pooling,
// elementwise with broadcasts, layer norm and softmax (reductions), a
// matrix-vector gemm and bufferization's copies into padded buffers.
// The temporaries end up in one static workspace taken with an atomic
// exchange, not in per-call heap blocks.
// RUN: mdf-opt %s --mdf-cpu-pipeline --mlir-print-ir-before=convert-linalg-to-loops -o /dev/null 2>&1 | FileCheck %s
// RUN: mdf-opt %s --mdf-cpu-pipeline | FileCheck %s --check-prefix=WORKSPACE

// WORKSPACE: llvm.mlir.global private @__mdf_workspace_forward() {{.*}}alignment = 64 {{.*}} : !llvm.array<{{[0-9]+}} x i8>
// WORKSPACE: llvm.mlir.global private @__mdf_workspace_busy_forward(0 : i32)
// WORKSPACE-LABEL: llvm.func @forward(
// WORKSPACE: llvm.atomicrmw xchg
// WORKSPACE: llvm.cond_br
// WORKSPACE: llvm.call @malloc
// WORKSPACE-NOT: llvm.call @malloc
// WORKSPACE: llvm.atomicrmw xchg

// CHECK-LABEL: IR Dump Before ConvertLinalgToLoopsPass
// CHECK-NOT: linalg.
// CHECK: vector.fma
// CHECK-NOT: linalg.
// CHECK: vector.reduction <add>
// CHECK-NOT: linalg.
func.func @forward(%x: tensor<1x16x16x16xf32>, %w: tensor<32x16x3x3xf32>,
                   %dw: tensor<32x1x3x3xf32>, %g: tensor<32xf32>,
                   %fc: tensor<10x32xf32>, %fcb: tensor<10xf32>)
    -> tensor<1x10xf32> {
  %c = mdf.conv %x, %w {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x16x16x16xf32>, tensor<32x16x3x3xf32>) -> tensor<1x32x16x16xf32>
  %r = mdf.relu %c : tensor<1x32x16x16xf32>
  %d = mdf.conv %r, %dw {groups = 32 : i64, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x32x16x16xf32>, tensor<32x1x3x3xf32>) -> tensor<1x32x16x16xf32>
  %p = mdf.max_pool %d {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x32x16x16xf32> -> tensor<1x32x8x8xf32>
  %a = mdf.adaptive_avg_pool %p {output_size = array<i64: 1, 1>} : tensor<1x32x8x8xf32> -> tensor<1x32x1x1xf32>
  %f = mdf.flatten %a {start_dim = 1 : i64} : tensor<1x32x1x1xf32> -> tensor<1x32xf32>
  %n = mdf.layer_norm %f scale %g bias %g : (tensor<1x32xf32>, tensor<32xf32>, tensor<32xf32>) -> tensor<1x32xf32>
  %y = mdf.gemm %n, %fc, %fcb {trans_b} : (tensor<1x32xf32>, tensor<10x32xf32>, tensor<10xf32>) -> tensor<1x10xf32>
  %s = mdf.softmax %y {axis = -1 : i64} : tensor<1x10xf32>
  return %s : tensor<1x10xf32>
}
