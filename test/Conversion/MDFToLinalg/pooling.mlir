// RUN: mdf-opt %s --convert-mdf-to-linalg --split-input-file | FileCheck %s

// Max pooling pads with the lowest float; ceil_mode adds trailing padding
// (8 + 0 -> windows up to (4 - 1) * 2 + 3 = 9).
// CHECK-LABEL: func.func @max_pool_ceil
func.func @max_pool_ceil(%x: tensor<1x2x8x8xf32>) -> tensor<1x2x4x4xf32> {
  // CHECK: %[[LOWEST:.*]] = arith.constant -3.40282347E+38 : f32
  // CHECK: tensor.pad %{{.*}} low[0, 0, 0, 0] high[0, 0, 1, 1]
  // CHECK: tensor.yield %[[LOWEST]]
  // CHECK: linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
  %0 = mdf.max_pool %x {ceil_mode, kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>} : tensor<1x2x8x8xf32> -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

// Average pooling divides the window sums by per-position counts: the sum
// pooling of a ones tensor padded like the input.
// CHECK-LABEL: func.func @avg_pool
func.func @avg_pool(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x5x5xf32> {
  // CHECK: linalg.pooling_nchw_sum {{.*}} -> tensor<1x2x5x5xf32>
  // CHECK: linalg.fill {{.*}} -> tensor<1x1x4x4xf32>
  // CHECK: linalg.pooling_nchw_sum {{.*}} -> tensor<1x1x5x5xf32>
  // CHECK: arith.divf
  %0 = mdf.avg_pool %x {kernel_shape = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>} : tensor<1x2x4x4xf32> -> tensor<1x2x5x5xf32>
  return %0 : tensor<1x2x5x5xf32>
}

// -----

// Global average pooling is a 7x7 window.
// CHECK-LABEL: func.func @global_avg
func.func @global_avg(%x: tensor<1x4x7x7xf32>) -> tensor<1x4x1x1xf32> {
  // CHECK: linalg.pooling_nchw_sum {dilations = dense<1> : tensor<2xi64>, strides = dense<7> : tensor<2xi64>}
  %0 = mdf.adaptive_avg_pool %x {output_size = array<i64: 1, 1>} : tensor<1x4x7x7xf32> -> tensor<1x4x1x1xf32>
  return %0 : tensor<1x4x1x1xf32>
}
