// mdf-infer-shapes replaces every `?` an op can work out with the inferred
// size; the cases double as tests of each op's shape arithmetic.
// RUN: mdf-opt %s --mdf-infer-shapes --split-input-file | FileCheck %s

// CHECK-LABEL: func.func @broadcasting
// CHECK-SAME: -> (tensor<4x2x3xf32>, tensor<?x3xf32>, tensor<5x3xf32>, tensor<2x3xi1>)
func.func @broadcasting(%a: tensor<2x3xf32>, %b: tensor<4x1x3xf32>, %d: tensor<?x3xf32>, %e: tensor<5x1xf32>, %s: tensor<f32>)
    -> (tensor<?x?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xi1>) {
  // CHECK: mdf.add {{.*}} -> tensor<4x2x3xf32>
  %0 = mdf.add %a, %b : (tensor<2x3xf32>, tensor<4x1x3xf32>) -> tensor<?x?x?xf32>
  // A dynamic size meets 1: still unknown.
  // CHECK: mdf.mul {{.*}} -> tensor<?x3xf32>
  %1 = mdf.mul %d, %s : (tensor<?x3xf32>, tensor<f32>) -> tensor<?x?xf32>
  // A dynamic size meets 5: it must be 5 (or 1) at run time, the result is 5.
  // CHECK: mdf.sub {{.*}} -> tensor<5x3xf32>
  %2 = mdf.sub %d, %e : (tensor<?x3xf32>, tensor<5x1xf32>) -> tensor<?x?xf32>
  // CHECK: mdf.compare {{.*}} -> tensor<2x3xi1>
  %3 = mdf.compare lt, %a, %s : (tensor<2x3xf32>, tensor<f32>) -> tensor<?x?xi1>
  return %0, %1, %2, %3 : tensor<?x?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xi1>
}

// -----

// CHECK-LABEL: func.func @conv_arithmetic
func.func @conv_arithmetic(%x: tensor<1x3x224x224xf32>, %w: tensor<64x3x7x7xf32>,
                           %dw_in: tensor<2x32x17x17xf32>, %dw: tensor<32x1x3x3xf32>,
                           %seq: tensor<1x4x100xf32>, %k1: tensor<8x4x5xf32>,
                           %vol: tensor<1x2x8x9x10xf32>, %k3: tensor<4x2x3x3x3xf32>,
                           %dyn: tensor<?x3x?x32xf32>, %k: tensor<8x3x3x3xf32>)
    -> (tensor<?x?x?x?xf32>, tensor<?x?x?x?xf32>, tensor<?x?x?xf32>, tensor<?x?x?x?x?xf32>, tensor<?x?x?x?xf32>) {
  // ResNet's stem: (224 + 3 + 3 - 7) / 2 + 1 = 112.
  // CHECK: mdf.conv {{.*}} -> tensor<1x64x112x112xf32>
  %0 = mdf.conv %x, %w {pads = array<i64: 3, 3, 3, 3>, strides = array<i64: 2, 2>} : (tensor<1x3x224x224xf32>, tensor<64x3x7x7xf32>) -> tensor<?x?x?x?xf32>
  // Depthwise, dilation 2, asymmetric padding: (17 + 1 + 2 - 5) / 1 + 1 = 16 rows,
  // (17 + 0 + 0 - 5) / 2 + 1 = 7 columns.
  // CHECK: mdf.conv {{.*}} -> tensor<2x32x16x7xf32>
  %1 = mdf.conv %dw_in, %dw {dilations = array<i64: 2, 2>, groups = 32 : i64, pads = array<i64: 1, 0, 2, 0>, strides = array<i64: 1, 2>} : (tensor<2x32x17x17xf32>, tensor<32x1x3x3xf32>) -> tensor<?x?x?x?xf32>
  // 1-D: (100 - 5) / 3 + 1 = 32.
  // CHECK: mdf.conv {{.*}} -> tensor<1x8x32xf32>
  %2 = mdf.conv %seq, %k1 {strides = array<i64: 3>} : (tensor<1x4x100xf32>, tensor<8x4x5xf32>) -> tensor<?x?x?xf32>
  // CHECK: mdf.conv {{.*}} -> tensor<1x4x6x7x8xf32>
  %3 = mdf.conv %vol, %k3 : (tensor<1x2x8x9x10xf32>, tensor<4x2x3x3x3xf32>) -> tensor<?x?x?x?x?xf32>
  // Dynamic batch and height stay dynamic.
  // CHECK: mdf.conv {{.*}} -> tensor<?x8x?x30xf32>
  %4 = mdf.conv %dyn, %k : (tensor<?x3x?x32xf32>, tensor<8x3x3x3xf32>) -> tensor<?x?x?x?xf32>
  return %0, %1, %2, %3, %4 : tensor<?x?x?x?xf32>, tensor<?x?x?x?xf32>, tensor<?x?x?xf32>, tensor<?x?x?x?x?xf32>, tensor<?x?x?x?xf32>
}

// -----

// CHECK-LABEL: func.func @pool_arithmetic
func.func @pool_arithmetic(%x: tensor<1x64x112x112xf32>, %small: tensor<1x1x3x3xf32>, %six: tensor<1x1x6x6xf32>)
    -> (tensor<?x?x?x?xf32>, tensor<?x?x?x?xf32>, tensor<?x?x?x?xf32>, tensor<?x?x?x?xf32>, tensor<?x?x?x?xf32>, tensor<?x?x?x?xf32>) {
  // CHECK: mdf.max_pool {{.*}} -> tensor<1x64x56x56xf32>
  %0 = mdf.max_pool %x {kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x64x112x112xf32> -> tensor<?x?x?x?xf32>
  // GoogLeNet's ceil_mode pool: ceil((112 - 3) / 2) + 1 = 56, floor gives 55.
  // CHECK: mdf.max_pool {{.*}} -> tensor<1x64x56x56xf32>
  %1 = mdf.max_pool %x {ceil_mode, kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>} : tensor<1x64x112x112xf32> -> tensor<?x?x?x?xf32>
  // CHECK: mdf.max_pool {{.*}} -> tensor<1x64x55x55xf32>
  %2 = mdf.max_pool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>} : tensor<1x64x112x112xf32> -> tensor<?x?x?x?xf32>
  // With ceil_mode a last window starting in the padding is dropped:
  // PyTorch gives 2, not ceil((3 + 2 - 2) / 2) + 1 = 3.
  // CHECK: mdf.max_pool {{.*}} -> tensor<1x1x2x2xf32>
  %3 = mdf.max_pool %small {ceil_mode, kernel_shape = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x1x3x3xf32> -> tensor<?x?x?x?xf32>
  // CHECK: mdf.avg_pool {{.*}} -> tensor<1x1x4x4xf32>
  %4 = mdf.avg_pool %six {ceil_mode, kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x1x6x6xf32> -> tensor<?x?x?x?xf32>
  // CHECK: mdf.adaptive_avg_pool {{.*}} -> tensor<1x64x7x7xf32>
  %5 = mdf.adaptive_avg_pool %x {output_size = array<i64: 7, 7>} : tensor<1x64x112x112xf32> -> tensor<?x?x?x?xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<?x?x?x?xf32>, tensor<?x?x?x?xf32>, tensor<?x?x?x?xf32>, tensor<?x?x?x?xf32>, tensor<?x?x?x?xf32>, tensor<?x?x?x?xf32>
}

// -----

// CHECK-LABEL: func.func @contractions
func.func @contractions(%v: tensor<4xf32>, %u: tensor<5xf32>, %m: tensor<4x5xf32>, %b: tensor<7x1x3x4xf32>, %a: tensor<2x4x5xf32>, %x: tensor<?x4xf32>)
    -> (tensor<?xf32>, tensor<?xf32>, tensor<?x?x?x?xf32>, tensor<?x?xf32>) {
  // vector x matrix drops the row dimension.
  // CHECK: mdf.matmul {{.*}} -> tensor<5xf32>
  %0 = mdf.matmul %v, %m : (tensor<4xf32>, tensor<4x5xf32>) -> tensor<?xf32>
  // matrix x vector drops the column dimension.
  // CHECK: mdf.matmul {{.*}} -> tensor<4xf32>
  %1 = mdf.matmul %m, %u : (tensor<4x5xf32>, tensor<5xf32>) -> tensor<?xf32>
  // Batch dimensions broadcast: [7, 1] with [2] gives [7, 2].
  // CHECK: mdf.matmul {{.*}} -> tensor<7x2x3x5xf32>
  %2 = mdf.matmul %b, %a : (tensor<7x1x3x4xf32>, tensor<2x4x5xf32>) -> tensor<?x?x?x?xf32>
  // CHECK: mdf.gemm {{.*}} -> tensor<?x5xf32>
  %3 = mdf.gemm %x, %m : (tensor<?x4xf32>, tensor<4x5xf32>) -> tensor<?x?xf32>
  return %0, %1, %2, %3 : tensor<?xf32>, tensor<?xf32>, tensor<?x?x?x?xf32>, tensor<?x?xf32>
}

// -----

// CHECK-LABEL: func.func @shape_ops
func.func @shape_ops(%x: tensor<2x3x4xf32>, %d: tensor<?x3x4xf32>, %s: tensor<f32>, %ids: tensor<5xi64>, %one: tensor<1x4xf32>)
    -> (tensor<?x?xf32>, tensor<?x?xf32>, tensor<?xf32>, tensor<?x?x?xf32>, tensor<?x?x?xf32>, tensor<?x?x?xf32>, tensor<?x?x?xf32>, tensor<?x?x?xf32>, tensor<?x?x?xf32>) {
  // CHECK: mdf.reshape {{.*}} -> tensor<6x4xf32>
  %0 = mdf.reshape %x {shape = array<i64: -1, 4>} : tensor<2x3x4xf32> -> tensor<?x?xf32>
  // The -1 of a dynamic input stays dynamic.
  // CHECK: mdf.reshape {{.*}} -> tensor<?x12xf32>
  %1 = mdf.reshape %d {shape = array<i64: -1, 12>} : tensor<?x3x4xf32> -> tensor<?x?xf32>
  // A 0-D tensor flattens to one element.
  // CHECK: mdf.flatten {{.*}} -> tensor<1xf32>
  %2 = mdf.flatten %s : tensor<f32> -> tensor<?xf32>
  // Python-style clamping: [-2:100:1] on 3 keeps 2, [0:4:3] on 4 keeps 2.
  // CHECK: mdf.slice {{.*}} -> tensor<2x2x2xf32>
  %3 = mdf.slice %x {axes = array<i64: 1, 2>, starts = array<i64: -2, 0>, ends = array<i64: 100, 4>, steps = array<i64: 1, 3>} : tensor<2x3x4xf32> -> tensor<?x?x?xf32>
  // An empty slice has size 0.
  // CHECK: mdf.slice {{.*}} -> tensor<2x0x4xf32>
  %4 = mdf.slice %x {axes = array<i64: 1>, starts = array<i64: 2>, ends = array<i64: 1>} : tensor<2x3x4xf32> -> tensor<?x?x?xf32>
  // CHECK: mdf.gather {{.*}} -> tensor<2x5x4xf32>
  %5 = mdf.gather %x, %ids {axis = 1 : i64} : (tensor<2x3x4xf32>, tensor<5xi64>) -> tensor<?x?x?xf32>
  // CHECK: mdf.concat {{.*}} -> tensor<?x3x4xf32>
  %6 = mdf.concat %x, %d {axis = 0 : i64} : (tensor<2x3x4xf32>, tensor<?x3x4xf32>) -> tensor<?x?x?xf32>
  // CHECK: mdf.reduce_sum {{.*}} -> tensor<2x1x1xf32>
  %7 = mdf.reduce_sum %x {axes = array<i64: 1, 2>, keep_dims} : tensor<2x3x4xf32> -> tensor<?x?x?xf32>
  // CHECK: mdf.expand {{.*}} -> tensor<3x7x4xf32>
  %8 = mdf.expand %one {shape = array<i64: 3, 7, -1>} : tensor<1x4xf32> -> tensor<?x?x?xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8 : tensor<?x?xf32>, tensor<?x?xf32>, tensor<?xf32>, tensor<?x?x?xf32>, tensor<?x?x?xf32>, tensor<?x?x?xf32>, tensor<?x?x?xf32>, tensor<?x?x?xf32>, tensor<?x?x?xf32>
}

// -----

// Users that cannot take a refined type see the old type through a
// tensor.cast: the return of a function with callers, and other dialects.
// CHECK-LABEL: func.func private @called
// CHECK-SAME: -> tensor<?xf32>
func.func private @called(%x: tensor<4xf32>) -> tensor<?xf32> {
  // CHECK: %[[R:.*]] = mdf.reshape {{.*}} -> tensor<4xf32>
  // CHECK: %[[C:.*]] = tensor.cast %[[R]] : tensor<4xf32> to tensor<?xf32>
  // CHECK: return %[[C]]
  %0 = mdf.reshape %x {shape = array<i64: -1>} : tensor<4xf32> -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// CHECK-LABEL: func.func @caller
func.func @caller(%x: tensor<4xf32>) -> (tensor<?xf32>, tensor<2x2xf32>) {
  %0 = func.call @called(%x) : (tensor<4xf32>) -> tensor<?xf32>
  // CHECK: %[[R:.*]] = mdf.reshape {{.*}} -> tensor<2x2xf32>
  %1 = mdf.reshape %x {shape = array<i64: -1, 2>} : tensor<4xf32> -> tensor<?x?xf32>
  // relu's result must keep its operand's type, so it refines too; the
  // tensor.cast user sees the old type.
  // CHECK: %[[A:.*]] = mdf.relu %[[R]] : tensor<2x2xf32>
  // CHECK: %[[OLD:.*]] = tensor.cast %[[A]] : tensor<2x2xf32> to tensor<?x?xf32>
  // CHECK: tensor.cast %[[OLD]] : tensor<?x?xf32> to tensor<2x2xf32>
  %2 = mdf.relu %1 : tensor<?x?xf32>
  %3 = tensor.cast %2 : tensor<?x?xf32> to tensor<2x2xf32>
  return %0, %3 : tensor<?xf32>, tensor<2x2xf32>
}
