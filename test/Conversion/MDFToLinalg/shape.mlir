// RUN: mdf-opt %s --convert-mdf-to-linalg --split-input-file | FileCheck %s

// CHECK-LABEL: func.func @reshape_transpose
func.func @reshape_transpose(%x: tensor<2x6xf32>) -> tensor<4x3xf32> {
  // CHECK: tensor.collapse_shape %{{.*}} {{\[}}[0, 1]] : tensor<2x6xf32> into tensor<12xf32>
  // CHECK: tensor.expand_shape %{{.*}} {{\[}}[0, 1]] output_shape [3, 4]
  %0 = mdf.reshape %x {shape = array<i64: 3, 4>} : tensor<2x6xf32> -> tensor<3x4xf32>
  // CHECK: linalg.transpose {{.*}} permutation = [1, 0]
  %1 = mdf.transpose %0 {permutation = array<i64: 1, 0>} : tensor<3x4xf32> -> tensor<4x3xf32>
  return %1 : tensor<4x3xf32>
}

// -----

// CHECK-LABEL: func.func @concat_slice_pad
func.func @concat_slice_pad(%a: tensor<2x3xf32>, %b: tensor<2x1xf32>) -> tensor<4x4xf32> {
  // CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[0, 0] [2, 3] [1, 1]
  // CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[0, 3] [2, 1] [1, 1]
  %0 = mdf.concat %a, %b {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x4xf32>
  // Python bounds: [-1:] keeps the last row.
  // CHECK: tensor.extract_slice %{{.*}}[1, 0] [1, 4] [1, 1]
  %1 = mdf.slice %0 {axes = array<i64: 0>, starts = array<i64: -1>, ends = array<i64: 9223372036854775807>} : tensor<2x4xf32> -> tensor<1x4xf32>
  // CHECK: tensor.pad %{{.*}} low[1, 0] high[2, 0]
  %2 = mdf.pad %1 {pads = array<i64: 1, 0, 2, 0>} : tensor<1x4xf32> -> tensor<4x4xf32>
  return %2 : tensor<4x4xf32>
}

// -----

// An embedding lookup reads the table with tensor.extract; negative ids
// wrap around.
// CHECK-LABEL: func.func @gather
func.func @gather(%table: tensor<10x4xf32>, %ids: tensor<3xi64>) -> tensor<3x4xf32> {
  // CHECK: linalg.generic
  // CHECK: arith.index_cast
  // CHECK: arith.select
  // CHECK: tensor.extract %{{.*}}[%{{.*}}, %{{.*}}] : tensor<10x4xf32>
  %0 = mdf.gather %table, %ids : (tensor<10x4xf32>, tensor<3xi64>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}
