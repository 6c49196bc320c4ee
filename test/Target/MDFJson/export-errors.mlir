// Ops without an ONNX form in the exporter are a clear error naming the op.
// RUN: not mdf-translate --export-mdf-json %s 2>&1 | FileCheck %s

func.func @forward(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // CHECK: export-errors.mlir:[[@LINE+1]]:8: error: 'mdf.silu' has no MDF JSON export yet (supported: gemm, matmul,
  %0 = mdf.silu %x : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
