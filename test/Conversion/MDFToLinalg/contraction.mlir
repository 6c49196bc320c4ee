// RUN: mdf-opt %s --convert-mdf-to-linalg --split-input-file | FileCheck %s

// CHECK-LABEL: func.func @matmul_2d
func.func @matmul_2d(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<2x4xf32> {
  // CHECK: linalg.fill
  // CHECK: linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<2x3xf32>, tensor<3x4xf32>)
  %0 = mdf.matmul %a, %b : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

// Batched with broadcasting: one generic with a reduction over k; the
// broadcast batch dimension of the rhs is not indexed.
// CHECK-DAG: #[[$LHS:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>
// CHECK-DAG: #[[$RHS:.*]] = affine_map<(d0, d1, d2, d3) -> (d3, d2)>
// CHECK-DAG: #[[$OUT:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @matmul_batched
func.func @matmul_batched(%a: tensor<5x2x3xf32>, %b: tensor<3x4xf32>) -> tensor<5x2x4xf32> {
  // CHECK: linalg.generic {indexing_maps = [#[[$LHS]], #[[$RHS]], #[[$OUT]]], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
  %0 = mdf.matmul %a, %b : (tensor<5x2x3xf32>, tensor<3x4xf32>) -> tensor<5x2x4xf32>
  return %0 : tensor<5x2x4xf32>
}

// -----

// nn.Linear: the weight is transposed, then a matmul and a bias add.
// CHECK-LABEL: func.func @gemm
func.func @gemm(%x: tensor<1x8xf32>, %w: tensor<4x8xf32>, %b: tensor<4xf32>) -> tensor<1x4xf32> {
  // CHECK: linalg.transpose ins(%{{.*}} : tensor<4x8xf32>) {{.*}} permutation = [1, 0]
  // CHECK: linalg.matmul
  // CHECK: linalg.generic
  // CHECK: arith.addf
  %0 = mdf.gemm %x, %w, %b {trans_b} : (tensor<1x8xf32>, tensor<4x8xf32>, tensor<4xf32>) -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

// -----

// Ordinary 2-D convolutions run channels-last, between layout transposes.
// CHECK-LABEL: func.func @conv
func.func @conv(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf32>) -> tensor<1x4x4x4xf32> {
  // CHECK: %[[PADDED:.*]] = tensor.pad %{{.*}} low[0, 0, 1, 1] high[0, 0, 1, 1]
  // CHECK: %[[NHWC:.*]] = linalg.transpose ins(%[[PADDED]] : tensor<1x3x10x10xf32>) {{.*}} permutation = [0, 2, 3, 1]
  // CHECK: %[[HWCF:.*]] = linalg.transpose ins(%{{.*}} : tensor<4x3x3x3xf32>) {{.*}} permutation = [2, 3, 1, 0]
  // CHECK: %[[CONV:.*]] = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%[[NHWC]], %[[HWCF]] : tensor<1x10x10x3xf32>, tensor<3x3x3x4xf32>)
  // CHECK: linalg.transpose ins(%[[CONV]] : tensor<1x4x4x4xf32>) {{.*}} permutation = [0, 3, 1, 2]
  // CHECK: linalg.generic
  %0 = mdf.conv %x, %w, %b {pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// -----

// Depthwise (one filter per channel): channels-last, weights as [KH, KW, C].
// CHECK-LABEL: func.func @depthwise
func.func @depthwise(%x: tensor<1x8x6x6xf32>, %w: tensor<8x1x3x3xf32>) -> tensor<1x8x4x4xf32> {
  // CHECK: linalg.transpose ins(%{{.*}} : tensor<1x8x6x6xf32>) outs(%{{.*}} : tensor<1x6x6x8xf32>) permutation = [0, 2, 3, 1]
  // CHECK: linalg.depthwise_conv_2d_nhwc_hwc
  // CHECK-SAME: ins(%{{.*}}, %{{.*}} : tensor<1x6x6x8xf32>, tensor<3x3x8xf32>)
  // CHECK-SAME: -> tensor<1x4x4x8xf32>
  // CHECK: permutation = [0, 3, 1, 2]
  %0 = mdf.conv %x, %w {groups = 8 : i64} : (tensor<1x8x6x6xf32>, tensor<8x1x3x3xf32>) -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}

// -----

// Grouped: [N, G*C, H, W] as [N, G, C, H, W].
// CHECK-LABEL: func.func @grouped
func.func @grouped(%x: tensor<1x8x6x6xf32>, %w: tensor<4x4x3x3xf32>) -> tensor<1x4x4x4xf32> {
  // CHECK: tensor.expand_shape {{.*}} into tensor<1x2x4x6x6xf32>
  // CHECK: linalg.conv_2d_ngchw_gfchw
  // CHECK-SAME: -> tensor<1x2x2x4x4xf32>
  %0 = mdf.conv %x, %w {groups = 2 : i64} : (tensor<1x8x6x6xf32>, tensor<4x4x3x3xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// -----

// 1-D convolution is 2-D of height one.
// CHECK-LABEL: func.func @conv1d
func.func @conv1d(%x: tensor<1x2x10xf32>, %w: tensor<3x2x4xf32>) -> tensor<1x3x7xf32> {
  // CHECK: linalg.conv_2d_nhwc_hwcf {{.*}} ins(%{{.*}}, %{{.*}} : tensor<1x1x10x2xf32>, tensor<1x4x2x3xf32>)
  %0 = mdf.conv %x, %w : (tensor<1x2x10xf32>, tensor<3x2x4xf32>) -> tensor<1x3x7xf32>
  return %0 : tensor<1x3x7xf32>
}

// -----

// A constant weight is transposed once, at compile time: [[1, 2, 3],
// [4, 5, 6]] becomes the blob of [[1, 4], [2, 5], [3, 6]].
// CHECK-LABEL: func.func @gemm_constant_weight
func.func @gemm_constant_weight(%x: tensor<1x3xf32>) -> tensor<1x2xf32> {
  // CHECK-NOT: linalg.transpose
  // CHECK: %[[WT:.*]] = arith.constant dense_resource<transposed_weight> : tensor<3x2xf32>
  // CHECK: linalg.matmul ins(%{{.*}}, %[[WT]] : tensor<1x3xf32>, tensor<3x2xf32>)
  %w = mdf.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %0 = mdf.gemm %x, %w {trans_b} : (tensor<1x3xf32>, tensor<2x3xf32>) -> tensor<1x2xf32>
  return %0 : tensor<1x2xf32>
}
// CHECK: transposed_weight: "0x040000000000803F00008040000000400000A040000040400000C040"
