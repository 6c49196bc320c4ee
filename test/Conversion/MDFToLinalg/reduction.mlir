// RUN: mdf-opt %s --convert-mdf-to-linalg | FileCheck %s

// CHECK-DAG: #[[$IN:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[$KEEP:.*]] = affine_map<(d0, d1, d2) -> (d0, 0, 0)>
// CHECK-LABEL: func.func @mean_keep_dims
func.func @mean_keep_dims(%x: tensor<2x3x4xf32>) -> tensor<2x1x1xf32> {
  // CHECK: linalg.generic {indexing_maps = [#[[$IN]], #[[$KEEP]]], iterator_types = ["parallel", "reduction", "reduction"]}
  // CHECK: arith.addf
  // The mean divides by 3 * 4.
  // CHECK: arith.constant 1.200000e+01 : f32
  // CHECK: arith.divf
  %0 = mdf.reduce_mean %x {axes = array<i64: 1, 2>, keep_dims} : tensor<2x3x4xf32> -> tensor<2x1x1xf32>
  return %0 : tensor<2x1x1xf32>
}

// CHECK-LABEL: func.func @max_all
func.func @max_all(%x: tensor<3x4xi64>) -> tensor<i64> {
  // CHECK: arith.constant -9223372036854775808 : i64
  // CHECK: iterator_types = ["reduction", "reduction"]
  // CHECK: arith.maxsi
  %0 = mdf.reduce_max %x : tensor<3x4xi64> -> tensor<i64>
  return %0 : tensor<i64>
}
