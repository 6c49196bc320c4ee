// RUN: mdf-opt %s --convert-mdf-to-linalg --split-input-file | FileCheck %s

// softmax: max-reduce, subtract, exp, sum-reduce, divide.
// CHECK-LABEL: func.func @softmax
func.func @softmax(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]
  // CHECK: arith.maximumf
  // CHECK: arith.subf
  // CHECK: math.exp
  // CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]
  // CHECK: arith.addf
  // CHECK: arith.divf
  %0 = mdf.softmax %x {axis = -1 : i64} : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @layer_norm
func.func @layer_norm(%x: tensor<2x8xf32>, %g: tensor<8xf32>, %b: tensor<8xf32>) -> tensor<2x8xf32> {
  // CHECK-COUNT-2: iterator_types = ["parallel", "reduction"]
  // CHECK: math.rsqrt
  %0 = mdf.layer_norm %x scale %g bias %b : (tensor<2x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// -----

// Batch norm parameters broadcast along the channel dimension.
// CHECK-LABEL: func.func @batch_norm
func.func @batch_norm(%x: tensor<1x4x2x2xf32>, %c: tensor<4xf32>) -> tensor<1x4x2x2xf32> {
  // CHECK: tensor.expand_shape %{{.*}} output_shape [4, 1, 1]
  // CHECK: math.rsqrt
  %0 = mdf.batch_norm %x, %c, %c, %c, %c : (tensor<1x4x2x2xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2x2xf32>
  return %0 : tensor<1x4x2x2xf32>
}
