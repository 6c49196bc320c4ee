// RUN: mdf-opt %s --mdf-tile-and-vectorize-matmul --split-input-file | FileCheck %s

// Cache tiles that divide 64x64x64, then 8x32x1 register tiles as one
// vector.contract each.
// CHECK-LABEL: func.func @matmul
func.func @matmul(%a: tensor<64x64xf32>, %b: tensor<64x64xf32>, %c: tensor<64x64xf32>) -> tensor<64x64xf32> {
  // CHECK-COUNT-6: scf.for
  // CHECK: vector.contract {{.*}} : vector<8x1xf32>, vector<1x32xf32> into vector<8x32xf32>
  // CHECK-NOT: linalg.matmul
  %0 = linalg.matmul ins(%a, %b : tensor<64x64xf32>, tensor<64x64xf32>) outs(%c : tensor<64x64xf32>) -> tensor<64x64xf32>
  return %0 : tensor<64x64xf32>
}

// -----

// A matrix-vector product (M = 1) is left to mdf-tile-and-vectorize-loops.
// CHECK-LABEL: func.func @matvec
func.func @matvec(%a: tensor<1x64xf32>, %b: tensor<64x64xf32>, %c: tensor<1x64xf32>) -> tensor<1x64xf32> {
  // CHECK: linalg.matmul
  // CHECK-NOT: vector.contract
  %0 = linalg.matmul ins(%a, %b : tensor<1x64xf32>, tensor<64x64xf32>) outs(%c : tensor<1x64xf32>) -> tensor<1x64xf32>
  return %0 : tensor<1x64xf32>
}

// -----

// A channels-last convolution becomes 1-D convolutions of 8-wide rows into
// 32 channels, vectorized.
// CHECK-LABEL: func.func @conv
func.func @conv(%x: tensor<1x10x10x8xf32>, %w: tensor<3x3x8x32xf32>, %o: tensor<1x8x8x32xf32>) -> tensor<1x8x8x32xf32> {
  // CHECK-NOT: linalg.conv_2d_nhwc_hwcf
  // CHECK: vector.contract {{.*}} into vector<1x8x32xf32>
  %0 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x10x10x8xf32>, tensor<3x3x8x32xf32>) outs(%o : tensor<1x8x8x32xf32>) -> tensor<1x8x8x32xf32>
  return %0 : tensor<1x8x8x32xf32>
}

// -----

// A depthwise convolution becomes 1-D depthwise convolutions of 8-wide rows
// of 32 channels, vectorized into FMAs over channel vectors.
// CHECK-LABEL: func.func @depthwise
func.func @depthwise(%x: tensor<1x10x10x64xf32>, %w: tensor<3x3x64xf32>, %o: tensor<1x8x8x64xf32>) -> tensor<1x8x8x64xf32> {
  // CHECK-NOT: linalg.depthwise_conv
  // CHECK: scf.for {{.*}} to %c64 step %c32
  // CHECK: vector.fma {{.*}} : vector<1x8x32xf32>
  %0 = linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x10x10x64xf32>, tensor<3x3x64xf32>) outs(%o : tensor<1x8x8x64xf32>) -> tensor<1x8x8x64xf32>
  return %0 : tensor<1x8x8x64xf32>
}
