// Every mdf op prints and parses back to the same text, in both the custom
// and the generic form.
// RUN: mdf-opt %s > %t.1.mlir
// RUN: mdf-opt %t.1.mlir > %t.2.mlir
// RUN: diff %t.1.mlir %t.2.mlir
// RUN: mdf-opt %s --mlir-print-op-generic | mdf-opt > %t.3.mlir
// RUN: diff %t.1.mlir %t.3.mlir
// RUN: FileCheck %s < %t.1.mlir

// CHECK-LABEL: func.func @unary_float
func.func @unary_float(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // CHECK: mdf.exp %{{.*}} : tensor<2x3xf32>
  %0 = mdf.exp %x : tensor<2x3xf32>
  // CHECK: mdf.log
  %1 = mdf.log %0 : tensor<2x3xf32>
  // CHECK: mdf.sqrt
  %2 = mdf.sqrt %1 : tensor<2x3xf32>
  // CHECK: mdf.rsqrt
  %3 = mdf.rsqrt %2 : tensor<2x3xf32>
  // CHECK: mdf.erf
  %4 = mdf.erf %3 : tensor<2x3xf32>
  // CHECK: mdf.tanh
  %5 = mdf.tanh %4 : tensor<2x3xf32>
  // CHECK: mdf.sigmoid
  %6 = mdf.sigmoid %5 : tensor<2x3xf32>
  // CHECK: mdf.sin
  %7 = mdf.sin %6 : tensor<2x3xf32>
  // CHECK: mdf.cos
  %8 = mdf.cos %7 : tensor<2x3xf32>
  // CHECK: mdf.tan
  %9 = mdf.tan %8 : tensor<2x3xf32>
  // CHECK: mdf.sinh
  %10 = mdf.sinh %9 : tensor<2x3xf32>
  // CHECK: mdf.cosh
  %11 = mdf.cosh %10 : tensor<2x3xf32>
  // CHECK: mdf.arcsin
  %12 = mdf.arcsin %11 : tensor<2x3xf32>
  // CHECK: mdf.arccos
  %13 = mdf.arccos %12 : tensor<2x3xf32>
  // CHECK: mdf.arctan
  %14 = mdf.arctan %13 : tensor<2x3xf32>
  // CHECK: mdf.silu
  %15 = mdf.silu %14 : tensor<2x3xf32>
  // CHECK: mdf.hardswish
  %16 = mdf.hardswish %15 : tensor<2x3xf32>
  // CHECK: mdf.floor
  %17 = mdf.floor %16 : tensor<2x3xf32>
  // CHECK: mdf.ceil
  %18 = mdf.ceil %17 : tensor<2x3xf32>
  return %18 : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @rounding_logs_remainders
func.func @rounding_logs_remainders(%x: tensor<2x3xf32>, %i: tensor<4xi64>) -> (tensor<2x3xf32>, tensor<4xi64>) {
  // CHECK: mdf.trunc %{{.*}} : tensor<2x3xf32>
  %0 = mdf.trunc %x : tensor<2x3xf32>
  // CHECK: mdf.round
  %1 = mdf.round %0 : tensor<2x3xf32>
  // CHECK: mdf.log2
  %2 = mdf.log2 %1 : tensor<2x3xf32>
  // CHECK: mdf.log1p
  %3 = mdf.log1p %2 : tensor<2x3xf32>
  // CHECK: mdf.expm1
  %4 = mdf.expm1 %3 : tensor<2x3xf32>
  // CHECK: mdf.remainder %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %5 = mdf.remainder %4, %x : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: mdf.fmod %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %6 = mdf.fmod %5, %x : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: mdf.remainder %{{.*}}, %{{.*}} : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  %7 = mdf.remainder %i, %i : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  return %6, %7 : tensor<2x3xf32>, tensor<4xi64>
}

// CHECK-LABEL: func.func @unary_any
func.func @unary_any(%x: tensor<4xi64>, %y: tensor<?x8xf64>) -> (tensor<4xi64>, tensor<?x8xf64>) {
  // CHECK: mdf.neg %{{.*}} : tensor<4xi64>
  %0 = mdf.neg %x : tensor<4xi64>
  // CHECK: mdf.abs %{{.*}} : tensor<4xi64>
  %1 = mdf.abs %0 : tensor<4xi64>
  // CHECK: mdf.relu %{{.*}} : tensor<4xi64>
  %2 = mdf.relu %1 : tensor<4xi64>
  // CHECK: mdf.relu %{{.*}} : tensor<?x8xf64>
  %3 = mdf.relu %y : tensor<?x8xf64>
  return %2, %3 : tensor<4xi64>, tensor<?x8xf64>
}

// CHECK-LABEL: func.func @activations
func.func @activations(%x: tensor<8xf32>) -> tensor<8xf32> {
  // CHECK: mdf.leaky_relu %{{.*}} {alpha = 2.000000e-01 : f64} : tensor<8xf32>
  %0 = mdf.leaky_relu %x {alpha = 2.000000e-01 : f64} : tensor<8xf32>
  // CHECK: mdf.leaky_relu %{{.*}} : tensor<8xf32>
  %1 = mdf.leaky_relu %0 : tensor<8xf32>
  // CHECK: mdf.clip %{{.*}} {max = 6.000000e+00 : f64, min = 0.000000e+00 : f64} : tensor<8xf32>
  %2 = mdf.clip %1 {min = 0.0 : f64, max = 6.0 : f64} : tensor<8xf32>
  // CHECK: mdf.clip %{{.*}} {min = -1.000000e+00 : f64} : tensor<8xf32>
  %3 = mdf.clip %2 {min = -1.0 : f64} : tensor<8xf32>
  // CHECK: mdf.hardsigmoid %{{.*}} : tensor<8xf32>
  %4 = mdf.hardsigmoid %3 : tensor<8xf32>
  // CHECK: mdf.hardsigmoid %{{.*}} {alpha = 2.000000e-01 : f64} : tensor<8xf32>
  %5 = mdf.hardsigmoid %4 {alpha = 0.2 : f64} : tensor<8xf32>
  // CHECK: mdf.gelu %{{.*}} : tensor<8xf32>
  %6 = mdf.gelu %5 : tensor<8xf32>
  // CHECK: mdf.gelu %{{.*}} approximate tanh : tensor<8xf32>
  %7 = mdf.gelu %6 approximate tanh : tensor<8xf32>
  return %7 : tensor<8xf32>
}

// CHECK-LABEL: func.func @binary
func.func @binary(%a: tensor<2x3xf32>, %b: tensor<3xf32>, %i: tensor<4x1xi32>, %j: tensor<5xi32>) -> (tensor<2x3xf32>, tensor<4x5xi32>) {
  // CHECK: mdf.add %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %0 = mdf.add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: mdf.sub
  %1 = mdf.sub %0, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: mdf.mul
  %2 = mdf.mul %1, %a : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: mdf.div
  %3 = mdf.div %2, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: mdf.pow
  %4 = mdf.pow %3, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: mdf.maximum
  %5 = mdf.maximum %4, %a : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: mdf.minimum
  %6 = mdf.minimum %5, %a : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: mdf.add %{{.*}}, %{{.*}} : (tensor<4x1xi32>, tensor<5xi32>) -> tensor<4x5xi32>
  %7 = mdf.add %i, %j : (tensor<4x1xi32>, tensor<5xi32>) -> tensor<4x5xi32>
  return %6, %7 : tensor<2x3xf32>, tensor<4x5xi32>
}

// CHECK-LABEL: func.func @select_compare_cast
func.func @select_compare_cast(%a: tensor<2x3xf32>, %z: tensor<f32>, %ids: tensor<2x16xi64>) -> (tensor<2x3xf32>, tensor<2x16xf32>) {
  // CHECK: mdf.compare gt, %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xi1>
  %c = mdf.compare gt, %a, %z : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xi1>
  // CHECK: mdf.compare eq
  %d = mdf.compare eq, %a, %a : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xi1>
  // CHECK: mdf.where %{{.*}}, %{{.*}}, %{{.*}} : (tensor<2x3xi1>, tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
  %w = mdf.where %c, %a, %z : (tensor<2x3xi1>, tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
  // CHECK: mdf.cast %{{.*}} : tensor<2x16xi64> -> tensor<2x16xf32>
  %f = mdf.cast %ids : tensor<2x16xi64> -> tensor<2x16xf32>
  return %w, %f : tensor<2x3xf32>, tensor<2x16xf32>
}

// CHECK-LABEL: func.func @mdf_standard_functions
func.func @mdf_standard_functions(%x: tensor<2xf64>, %p: tensor<f64>) -> (tensor<2xf64>, tensor<2xf64>, tensor<2xf64>) {
  // CHECK: mdf.linear %{{.*}}, %{{.*}}, %{{.*}} : (tensor<2xf64>, tensor<f64>, tensor<f64>) -> tensor<2xf64>
  %0 = mdf.linear %x, %p, %p : (tensor<2xf64>, tensor<f64>, tensor<f64>) -> tensor<2xf64>
  // CHECK: mdf.logistic
  %1 = mdf.logistic %x, %p, %p, %p : (tensor<2xf64>, tensor<f64>, tensor<f64>, tensor<f64>) -> tensor<2xf64>
  // CHECK: mdf.exponential
  %2 = mdf.exponential %x, %p, %p, %p, %p : (tensor<2xf64>, tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>) -> tensor<2xf64>
  return %0, %1, %2 : tensor<2xf64>, tensor<2xf64>, tensor<2xf64>
}

// CHECK-LABEL: func.func @contractions
func.func @contractions(%a: tensor<8x12x197x64xf32>, %b: tensor<8x12x64x197xf32>, %v: tensor<64xf32>,
                        %x: tensor<1x512xf32>, %w: tensor<1000x512xf32>, %bias: tensor<1000xf32>,
                        %img: tensor<1x3x224x224xf32>, %k: tensor<64x3x7x7xf32>, %kb: tensor<64xf32>,
                        %seq: tensor<1x16x100xf32>, %dw: tensor<16x1x3xf32>)
    -> (tensor<8x12x197x197xf32>, tensor<8x12x197xf32>, tensor<1x1000xf32>, tensor<512x512xf32>, tensor<1x64x112x112xf32>, tensor<1x16x48xf32>) {
  // CHECK: mdf.matmul %{{.*}}, %{{.*}} : (tensor<8x12x197x64xf32>, tensor<8x12x64x197xf32>) -> tensor<8x12x197x197xf32>
  %0 = mdf.matmul %a, %b : (tensor<8x12x197x64xf32>, tensor<8x12x64x197xf32>) -> tensor<8x12x197x197xf32>
  // CHECK: mdf.matmul %{{.*}}, %{{.*}} : (tensor<8x12x197x64xf32>, tensor<64xf32>) -> tensor<8x12x197xf32>
  %1 = mdf.matmul %a, %v : (tensor<8x12x197x64xf32>, tensor<64xf32>) -> tensor<8x12x197xf32>
  // CHECK: mdf.gemm %{{.*}}, %{{.*}}, %{{.*}} {trans_b} : (tensor<1x512xf32>, tensor<1000x512xf32>, tensor<1000xf32>) -> tensor<1x1000xf32>
  %2 = mdf.gemm %x, %w, %bias {trans_b} : (tensor<1x512xf32>, tensor<1000x512xf32>, tensor<1000xf32>) -> tensor<1x1000xf32>
  // CHECK: mdf.gemm %{{.*}}, %{{.*}} {alpha = 5.000000e-01 : f64, trans_a} : (tensor<1000x512xf32>, tensor<1000x512xf32>) -> tensor<512x512xf32>
  %3 = mdf.gemm %w, %w {alpha = 0.5 : f64, trans_a} : (tensor<1000x512xf32>, tensor<1000x512xf32>) -> tensor<512x512xf32>
  // CHECK: mdf.conv %{{.*}}, %{{.*}}, %{{.*}} {pads = array<i64: 3, 3, 3, 3>, strides = array<i64: 2, 2>} : (tensor<1x3x224x224xf32>, tensor<64x3x7x7xf32>, tensor<64xf32>) -> tensor<1x64x112x112xf32>
  %4 = mdf.conv %img, %k, %kb {pads = array<i64: 3, 3, 3, 3>, strides = array<i64: 2, 2>} : (tensor<1x3x224x224xf32>, tensor<64x3x7x7xf32>, tensor<64xf32>) -> tensor<1x64x112x112xf32>
  // CHECK: mdf.conv %{{.*}}, %{{.*}} {dilations = array<i64: 2>, groups = 16 : i64, strides = array<i64: 2>} : (tensor<1x16x100xf32>, tensor<16x1x3xf32>) -> tensor<1x16x48xf32>
  %5 = mdf.conv %seq, %dw {dilations = array<i64: 2>, groups = 16 : i64, strides = array<i64: 2>} : (tensor<1x16x100xf32>, tensor<16x1x3xf32>) -> tensor<1x16x48xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<8x12x197x197xf32>, tensor<8x12x197xf32>, tensor<1x1000xf32>, tensor<512x512xf32>, tensor<1x64x112x112xf32>, tensor<1x16x48xf32>
}

// CHECK-LABEL: func.func @pooling
func.func @pooling(%x: tensor<1x64x112x112xf32>) -> (tensor<1x64x56x56xf32>, tensor<1x64x56x56xf32>, tensor<1x64x1x1xf32>, tensor<1x64x7x7xf32>) {
  // CHECK: mdf.max_pool %{{.*}} {kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x64x112x112xf32> -> tensor<1x64x56x56xf32>
  %0 = mdf.max_pool %x {kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x64x112x112xf32> -> tensor<1x64x56x56xf32>
  // CHECK: mdf.avg_pool %{{.*}} {ceil_mode, count_include_pad, kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>}
  %1 = mdf.avg_pool %x {ceil_mode, count_include_pad, kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x64x112x112xf32> -> tensor<1x64x56x56xf32>
  // CHECK: mdf.adaptive_avg_pool %{{.*}} {output_size = array<i64: 1, 1>} : tensor<1x64x112x112xf32> -> tensor<1x64x1x1xf32>
  %2 = mdf.adaptive_avg_pool %x {output_size = array<i64: 1, 1>} : tensor<1x64x112x112xf32> -> tensor<1x64x1x1xf32>
  // CHECK: mdf.adaptive_max_pool %{{.*}} {output_size = array<i64: 7, 7>}
  %3 = mdf.adaptive_max_pool %x {output_size = array<i64: 7, 7>} : tensor<1x64x112x112xf32> -> tensor<1x64x7x7xf32>
  return %0, %1, %2, %3 : tensor<1x64x56x56xf32>, tensor<1x64x56x56xf32>, tensor<1x64x1x1xf32>, tensor<1x64x7x7xf32>
}

// CHECK-LABEL: func.func @normalization
func.func @normalization(%x: tensor<1x32x56x56xf32>, %c: tensor<32xf32>, %t: tensor<1x197x768xf32>, %g: tensor<768xf32>) -> (tensor<1x32x56x56xf32>, tensor<1x197x768xf32>, tensor<1x197x768xf32>, tensor<1x197x768xf32>, tensor<1x197x768xf32>) {
  // CHECK: mdf.batch_norm %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {epsilon = 1.000000e-03 : f64}
  %0 = mdf.batch_norm %x, %c, %c, %c, %c {epsilon = 1.000000e-03 : f64} : (tensor<1x32x56x56xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32xf32>) -> tensor<1x32x56x56xf32>
  // CHECK: mdf.layer_norm %{{.*}} scale %{{.*}} bias %{{.*}} {epsilon = 9.9999999999999995E-7 : f64} : (tensor<1x197x768xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<1x197x768xf32>
  %1 = mdf.layer_norm %t scale %g bias %g {epsilon = 1.0e-06 : f64} : (tensor<1x197x768xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<1x197x768xf32>
  // CHECK: mdf.layer_norm %{{.*}} {axis = 1 : i64} : (tensor<1x197x768xf32>) -> tensor<1x197x768xf32>
  %2 = mdf.layer_norm %t {axis = 1 : i64} : (tensor<1x197x768xf32>) -> tensor<1x197x768xf32>
  // CHECK: mdf.softmax %{{.*}} {axis = -1 : i64} : tensor<1x197x768xf32>
  %3 = mdf.softmax %t {axis = -1 : i64} : tensor<1x197x768xf32>
  // CHECK: mdf.log_softmax %{{.*}} {axis = 2 : i64} : tensor<1x197x768xf32>
  %4 = mdf.log_softmax %t {axis = 2 : i64} : tensor<1x197x768xf32>
  return %0, %1, %2, %3, %4 : tensor<1x32x56x56xf32>, tensor<1x197x768xf32>, tensor<1x197x768xf32>, tensor<1x197x768xf32>, tensor<1x197x768xf32>
}

// CHECK-LABEL: func.func @reductions
func.func @reductions(%x: tensor<1x64x7x7xf32>, %i: tensor<3x4xi64>) -> (tensor<1x64x1x1xf32>, tensor<1x64xf32>, tensor<4xi64>, tensor<i64>) {
  // CHECK: mdf.reduce_mean %{{.*}} {axes = array<i64: 2, 3>, keep_dims} : tensor<1x64x7x7xf32> -> tensor<1x64x1x1xf32>
  %0 = mdf.reduce_mean %x {axes = array<i64: 2, 3>, keep_dims} : tensor<1x64x7x7xf32> -> tensor<1x64x1x1xf32>
  // CHECK: mdf.reduce_max %{{.*}} {axes = array<i64: -1, -2>} : tensor<1x64x7x7xf32> -> tensor<1x64xf32>
  %1 = mdf.reduce_max %x {axes = array<i64: -1, -2>} : tensor<1x64x7x7xf32> -> tensor<1x64xf32>
  // CHECK: mdf.reduce_min %{{.*}} {axes = array<i64: 0>} : tensor<3x4xi64> -> tensor<4xi64>
  %2 = mdf.reduce_min %i {axes = array<i64: 0>} : tensor<3x4xi64> -> tensor<4xi64>
  // CHECK: mdf.reduce_sum %{{.*}} : tensor<3x4xi64> -> tensor<i64>
  %3 = mdf.reduce_sum %i : tensor<3x4xi64> -> tensor<i64>
  return %0, %1, %2, %3 : tensor<1x64x1x1xf32>, tensor<1x64xf32>, tensor<4xi64>, tensor<i64>
}

// CHECK-LABEL: func.func @shapes
func.func @shapes(%x: tensor<1x512x1x1xf32>, %y: tensor<1x96x56x56xf32>, %a: tensor<1x64x28x28xf32>, %b: tensor<1x32x28x28xf32>,
                  %t: tensor<1x197x768xf32>, %table: tensor<30522x768xf32>, %ids: tensor<2x16xi64>, %cls: tensor<1x1x768xf32>)
    -> (tensor<1x512xf32>, tensor<1x512xf32>, tensor<1x56x56x96xf32>, tensor<1x96x28x28xf32>, tensor<1x196x768xf32>, tensor<2x16x768xf32>, tensor<1x514x3x3xf32>, tensor<8x1x768xf32>) {
  // CHECK: mdf.reshape %{{.*}} {shape = array<i64: 1, -1>} : tensor<1x512x1x1xf32> -> tensor<1x512xf32>
  %0 = mdf.reshape %x {shape = array<i64: 1, -1>} : tensor<1x512x1x1xf32> -> tensor<1x512xf32>
  // CHECK: mdf.flatten %{{.*}} {start_dim = 1 : i64} : tensor<1x512x1x1xf32> -> tensor<1x512xf32>
  %1 = mdf.flatten %x {start_dim = 1 : i64} : tensor<1x512x1x1xf32> -> tensor<1x512xf32>
  // CHECK: mdf.transpose %{{.*}} {permutation = array<i64: 0, 2, 3, 1>} : tensor<1x96x56x56xf32> -> tensor<1x56x56x96xf32>
  %2 = mdf.transpose %y {permutation = array<i64: 0, 2, 3, 1>} : tensor<1x96x56x56xf32> -> tensor<1x56x56x96xf32>
  // CHECK: mdf.concat %{{.*}}, %{{.*}} {axis = 1 : i64} : (tensor<1x64x28x28xf32>, tensor<1x32x28x28xf32>) -> tensor<1x96x28x28xf32>
  %3 = mdf.concat %a, %b {axis = 1 : i64} : (tensor<1x64x28x28xf32>, tensor<1x32x28x28xf32>) -> tensor<1x96x28x28xf32>
  // CHECK: mdf.slice %{{.*}} {axes = array<i64: 1>, ends = array<i64: 9223372036854775807>, starts = array<i64: 1>} : tensor<1x197x768xf32> -> tensor<1x196x768xf32>
  %4 = mdf.slice %t {axes = array<i64: 1>, ends = array<i64: 9223372036854775807>, starts = array<i64: 1>} : tensor<1x197x768xf32> -> tensor<1x196x768xf32>
  // CHECK: mdf.gather %{{.*}}, %{{.*}} : (tensor<30522x768xf32>, tensor<2x16xi64>) -> tensor<2x16x768xf32>
  %5 = mdf.gather %table, %ids : (tensor<30522x768xf32>, tensor<2x16xi64>) -> tensor<2x16x768xf32>
  // CHECK: mdf.pad %{{.*}} {pads = array<i64: 0, 1, 1, 1, 0, 1, 1, 1>, value = -1.000000e+00 : f64} : tensor<1x512x1x1xf32> -> tensor<1x514x3x3xf32>
  %6 = mdf.pad %x {pads = array<i64: 0, 1, 1, 1, 0, 1, 1, 1>, value = -1.0 : f64} : tensor<1x512x1x1xf32> -> tensor<1x514x3x3xf32>
  // CHECK: mdf.expand %{{.*}} {shape = array<i64: 8, -1, -1>} : tensor<1x1x768xf32> -> tensor<8x1x768xf32>
  %7 = mdf.expand %cls {shape = array<i64: 8, -1, -1>} : tensor<1x1x768xf32> -> tensor<8x1x768xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7 : tensor<1x512xf32>, tensor<1x512xf32>, tensor<1x56x56x96xf32>, tensor<1x96x28x28xf32>, tensor<1x196x768xf32>, tensor<2x16x768xf32>, tensor<1x514x3x3xf32>, tensor<8x1x768xf32>
}

// CHECK-LABEL: func.func @constants
func.func @constants() -> (tensor<2x2xf32>, tensor<3xi64>, tensor<2xi1>, tensor<4xf32>) {
  // CHECK: mdf.constant dense<{{\[}}[1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>
  %0 = mdf.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  // CHECK: mdf.constant dense<[1, 2, 3]> : tensor<3xi64>
  %1 = mdf.constant dense<[1, 2, 3]> : tensor<3xi64>
  // CHECK: mdf.constant dense<[true, false]> : tensor<2xi1>
  %2 = mdf.constant dense<[true, false]> : tensor<2xi1>
  // CHECK: mdf.constant dense_resource<blob> : tensor<4xf32>
  %3 = mdf.constant dense_resource<blob> : tensor<4xf32>
  return %0, %1, %2, %3 : tensor<2x2xf32>, tensor<3xi64>, tensor<2xi1>, tensor<4xf32>
}

// CHECK-LABEL: func.func @indexing
func.func @indexing(%x: tensor<3x5xf32>, %idx: tensor<3x2xi64>, %u: tensor<3x2xf32>) -> (tensor<3x2xf32>, tensor<3x5xf32>, tensor<3x5xi64>, tensor<3x5xf32>, tensor<3x5xf32>) {
  // CHECK: mdf.gather_elements %{{.*}}, %{{.*}} {axis = 1 : i64} : (tensor<3x5xf32>, tensor<3x2xi64>) -> tensor<3x2xf32>
  %0 = mdf.gather_elements %x, %idx {axis = 1 : i64} : (tensor<3x5xf32>, tensor<3x2xi64>) -> tensor<3x2xf32>
  // CHECK: mdf.scatter_elements %{{.*}}, %{{.*}}, %{{.*}} {axis = 1 : i64, reduction = 3 : i64}
  %1 = mdf.scatter_elements %x, %idx, %u {axis = 1 : i64, reduction = 3 : i64} : (tensor<3x5xf32>, tensor<3x2xi64>, tensor<3x2xf32>) -> tensor<3x5xf32>
  // CHECK: mdf.argsort %{{.*}} {axis = 1 : i64, descending = true} : tensor<3x5xf32> -> tensor<3x5xi64>
  %2 = mdf.argsort %x {axis = 1 : i64, descending = true} : tensor<3x5xf32> -> tensor<3x5xi64>
  // CHECK: mdf.cumulative %{{.*}} {axis = 1 : i64, kind = 1 : i64} : tensor<3x5xf32> -> tensor<3x5xf32>
  %3 = mdf.cumulative %x {axis = 1 : i64, kind = 1 : i64} : tensor<3x5xf32> -> tensor<3x5xf32>
  // CHECK: mdf.slice_scatter %{{.*}}, %{{.*}} {axes = array<i64: 1>, ends = array<i64: 5>, starts = array<i64: 1>, steps = array<i64: 2>}
  %4 = mdf.slice_scatter %x, %u {axes = array<i64: 1>, ends = array<i64: 5>, starts = array<i64: 1>, steps = array<i64: 2>} : (tensor<3x5xf32>, tensor<3x2xf32>) -> tensor<3x5xf32>
  return %0, %1, %2, %3, %4 : tensor<3x2xf32>, tensor<3x5xf32>, tensor<3x5xi64>, tensor<3x5xf32>, tensor<3x5xf32>
}

{-#
  dialect_resources: {
    builtin: {
      blob: "0x04000000000080BF0000803F0000004000004040"
    }
  }
#-}
