// RUN: mdf-opt %s --mdf-tile-and-vectorize-loops --split-input-file | FileCheck %s

// Elementwise with a broadcast bias: rows of 56 as single vectors.
// CHECK-LABEL: func.func @bias_relu
// CHECK-NOT: linalg.generic
// CHECK: scf.for {{.*}} step %c56
// CHECK: vector.transfer_read {{.*}} : tensor<1x1x1x56xf32>, vector<1x1x1x56xf32>
// CHECK: arith.addf {{.*}} : vector<1x1x1x56xf32>
// CHECK: arith.maximumf {{.*}} : vector<1x1x1x56xf32>
// CHECK: vector.transfer_write
func.func @bias_relu(%x: tensor<1x64x56x56xf32>, %b: tensor<64xf32>) -> tensor<1x64x56x56xf32> {
  %e = tensor.empty() : tensor<1x64x56x56xf32>
  %zero = arith.constant 0.0 : f32
  %0 = linalg.generic {indexing_maps = [affine_map<(n, c, h, w) -> (n, c, h, w)>, affine_map<(n, c, h, w) -> (c)>, affine_map<(n, c, h, w) -> (n, c, h, w)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%x, %b : tensor<1x64x56x56xf32>, tensor<64xf32>) outs(%e : tensor<1x64x56x56xf32>) {
  ^bb0(%in: f32, %bias: f32, %out: f32):
    %s = arith.addf %in, %bias : f32
    %r = arith.maximumf %s, %zero : f32
    linalg.yield %r : f32
  } -> tensor<1x64x56x56xf32>
  return %0 : tensor<1x64x56x56xf32>
}

// -----

// A reduction over the last dimension (softmax's max): whole rows reduced.
// CHECK-LABEL: func.func @row_max
// CHECK-NOT: linalg.generic
// CHECK: vector.multi_reduction <maximumf>, {{.*}} [1] : vector<1x100xf32> to vector<1xf32>
func.func @row_max(%x: tensor<8x100xf32>, %init: tensor<8xf32>) -> tensor<8xf32> {
  %0 = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i)>], iterator_types = ["parallel", "reduction"]} ins(%x : tensor<8x100xf32>) outs(%init : tensor<8xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %m = arith.maximumf %in, %acc : f32
    linalg.yield %m : f32
  } -> tensor<8xf32>
  return %0 : tensor<8xf32>
}

// -----

// 1000 is a multiple of 8; 1001 of nothing: 64-wide tiles, the tail masked.
// CHECK-LABEL: func.func @odd_row
// CHECK-NOT: linalg.generic
// CHECK: scf.for {{.*}} to %c1000 step %c8
// CHECK: arith.negf {{.*}} : vector<1x8xf32>
// CHECK: scf.for {{.*}} to %c1001 step %c64
// CHECK: %[[MASK:.*]] = vector.create_mask %{{.*}}, %{{.*}} : vector<1x64xi1>
// CHECK: vector.mask %[[MASK]] { vector.transfer_write
func.func @odd_row(%x: tensor<1x1000xf32>) -> (tensor<1x1000xf32>, tensor<1x1001xf32>) {
  %e = tensor.empty() : tensor<1x1000xf32>
  %0 = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<1x1000xf32>) outs(%e : tensor<1x1000xf32>) {
  ^bb0(%in: f32, %out: f32):
    %n = arith.negf %in : f32
    linalg.yield %n : f32
  } -> tensor<1x1000xf32>
  %1 = tensor.empty() : tensor<1x1001xf32>
  %2 = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]} outs(%1 : tensor<1x1001xf32>) {
  ^bb0(%out: f32):
    %c = arith.constant 1.0 : f32
    linalg.yield %c : f32
  } -> tensor<1x1001xf32>
  return %0, %2 : tensor<1x1000xf32>, tensor<1x1001xf32>
}

// -----

// NCHW to NHWC: 8x8 blocks (the widest that divide 56 and 64) transposed
// in registers.
// CHECK-LABEL: func.func @to_nhwc
// CHECK-NOT: linalg.transpose
// CHECK: vector.transfer_read {{.*}} : tensor<1x8x1x8xf32>, vector<1x8x1x8xf32>
// CHECK: vector.transpose {{.*}}, [0, 2, 3, 1] : vector<1x8x1x8xf32> to vector<1x1x8x8xf32>
func.func @to_nhwc(%x: tensor<1x64x56x56xf32>) -> tensor<1x56x56x64xf32> {
  %e = tensor.empty() : tensor<1x56x56x64xf32>
  %0 = linalg.transpose ins(%x : tensor<1x64x56x56xf32>) outs(%e : tensor<1x56x56x64xf32>) permutation = [0, 2, 3, 1]
  return %0 : tensor<1x56x56x64xf32>
}

// -----

// A matrix-vector product: a row of 8 accumulators, one contraction
// (FMA) per k.
// CHECK-LABEL: func.func @matvec
// CHECK-NOT: linalg.matmul
// CHECK: scf.for {{.*}} to %c1000 step %c8
// CHECK: scf.for {{.*}} to %c512 step %c1
// CHECK: vector.contract {{.*}} : vector<1x1xf32>, vector<1x8xf32> into vector<1x8xf32>
func.func @matvec(%a: tensor<1x512xf32>, %b: tensor<512x1000xf32>, %c: tensor<1x1000xf32>) -> tensor<1x1000xf32> {
  %0 = linalg.matmul ins(%a, %b : tensor<1x512xf32>, tensor<512x1000xf32>) outs(%c : tensor<1x1000xf32>) -> tensor<1x1000xf32>
  return %0 : tensor<1x1000xf32>
}

// -----

// Max pooling: one output row and window row per tile, decomposed to 1-D
// pooling and vectorized.
// CHECK-LABEL: func.func @max_pool
// CHECK-NOT: linalg.pooling
// CHECK: vector.transfer_read {{.*}} : tensor<1x1x17xf32>, vector<1x1x17xf32>
// CHECK: arith.maximumf {{.*}} : vector<1x1x1xf32>
func.func @max_pool(%x: tensor<1x8x18x18xf32>, %o: tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32> {
  %w = tensor.empty() : tensor<3x3xf32>
  %0 = linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%x, %w : tensor<1x8x18x18xf32>, tensor<3x3xf32>) outs(%o : tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32>
  return %0 : tensor<1x8x8x8xf32>
}

// -----

// Dynamic shapes are left alone.
// CHECK-LABEL: func.func @dynamic
// CHECK: linalg.generic
func.func @dynamic(%x: tensor<?xf32>) -> tensor<?xf32> {
  %0 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%x : tensor<?xf32>) outs(%x : tensor<?xf32>) {
  ^bb0(%in: f32, %out: f32):
    %n = arith.negf %in : f32
    linalg.yield %n : f32
  } -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

// A reduction whose body reads no input (a count: where(x == x, 1, 1)
// folded to 1) is left to scalar loops: vectorized, it would add the 1 once
// per vector instead of once per element (it summed 7x5 ones to 7).
// CHECK-LABEL: func.func @count
// CHECK-NOT: vector.
// CHECK: linalg.generic
// CHECK-SAME: iterator_types = ["reduction", "reduction"]
// CHECK-NOT: vector.
// CHECK: return
func.func @count(%x: tensor<7x5xf64>) -> tensor<f64> {
  %zero = arith.constant 0.0 : f64
  %one = arith.constant 1.0 : f64
  %empty = tensor.empty() : tensor<f64>
  %init = linalg.fill ins(%zero : f64) outs(%empty : tensor<f64>) -> tensor<f64>
  %sum = linalg.generic {
      indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> ()>],
      iterator_types = ["reduction", "reduction"]}
      ins(%x : tensor<7x5xf64>) outs(%init : tensor<f64>) {
  ^bb0(%in: f64, %acc: f64):
    %next = arith.addf %acc, %one : f64
    linalg.yield %next : f64
  } -> tensor<f64>
  return %sum : tensor<f64>
}
