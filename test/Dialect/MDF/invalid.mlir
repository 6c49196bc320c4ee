// Every error the mdf verifiers report, one case per error.
// RUN: mdf-opt %s -split-input-file -verify-diagnostics

func.func @clip(%x: tensor<4xf32>) {
  // expected-error @+1 {{min (2.000000e+00) is greater than max (1.000000e+00)}}
  %0 = mdf.clip %x {min = 2.0 : f64, max = 1.0 : f64} : tensor<4xf32>
  return
}

// -----

func.func @add(%a: tensor<2x3xf32>, %b: tensor<4xf32>) {
  // expected-error @+2 {{operand shapes [2, 3] and [4] do not broadcast (dimension 1 of the result)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.add %a, %b : (tensor<2x3xf32>, tensor<4xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @add(%a: tensor<2x3xf32>, %b: tensor<3xf32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<2x3xf32>' are incompatible with return type(s) of operation 'tensor<3x3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<3x3xf32>
  return
}

// -----

func.func @mul(%a: tensor<2x3xf32>, %b: tensor<3xf64>) {
  // expected-error @+1 {{all of {lhs, rhs, result} have same element type}}
  %0 = mdf.mul %a, %b : (tensor<2x3xf32>, tensor<3xf64>) -> tensor<2x3xf32>
  return
}

// -----

func.func @matmul(%a: tensor<f32>, %b: tensor<3xf32>) {
  // expected-error @+2 {{operands must have rank >= 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.matmul %a, %b : (tensor<f32>, tensor<3xf32>) -> tensor<f32>
  return
}

// -----

func.func @matmul(%a: tensor<2x3xf32>, %b: tensor<4x5xf32>) {
  // expected-error @+2 {{contracting dimensions differ: 3 (lhs) vs 4 (rhs)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.matmul %a, %b : (tensor<2x3xf32>, tensor<4x5xf32>) -> tensor<2x5xf32>
  return
}

// -----

func.func @matmul(%a: tensor<2x2x3xf32>, %b: tensor<3x3x5xf32>) {
  // expected-error @+2 {{operand shapes [2] and [3] do not broadcast}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.matmul %a, %b : (tensor<2x2x3xf32>, tensor<3x3x5xf32>) -> tensor<2x2x5xf32>
  return
}

// -----

func.func @gemm(%a: tensor<2x3xf32>, %b: tensor<4x5xf32>) {
  // expected-error @+2 {{contracting dimensions differ: 3 (a) vs 4 (b)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.gemm %a, %b : (tensor<2x3xf32>, tensor<4x5xf32>) -> tensor<2x5xf32>
  return
}

// -----

func.func @gemm(%a: tensor<2x3xf32>, %b: tensor<3x5xf32>, %c: tensor<5xf64>) {
  // expected-error @+2 {{c must have the element type of a and b}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.gemm %a, %b, %c : (tensor<2x3xf32>, tensor<3x5xf32>, tensor<5xf64>) -> tensor<2x5xf32>
  return
}

// -----

func.func @gemm(%a: tensor<2x3xf32>, %b: tensor<3x5xf32>, %c: tensor<1x2x5xf32>) {
  // expected-error @+2 {{c must have rank <= 2, got 3}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.gemm %a, %b, %c : (tensor<2x3xf32>, tensor<3x5xf32>, tensor<1x2x5xf32>) -> tensor<2x5xf32>
  return
}

// -----

func.func @gemm(%a: tensor<1x3xf32>, %b: tensor<3x5xf32>, %c: tensor<4x1xf32>) {
  // expected-error @+2 {{c does not broadcast to the M x N result}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.gemm %a, %b, %c : (tensor<1x3xf32>, tensor<3x5xf32>, tensor<4x1xf32>) -> tensor<1x5xf32>
  return
}

// -----

func.func @conv(%x: tensor<1x3xf32>, %w: tensor<8x3xf32>) {
  // expected-error @+2 {{input must have rank 3 to 5 (N, C and 1 to 3 spatial dimensions), got 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.conv %x, %w : (tensor<1x3xf32>, tensor<8x3xf32>) -> tensor<1x8xf32>
  return
}

// -----

func.func @conv(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3xf32>) {
  // expected-error @+2 {{weight rank (3) must equal input rank (4)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.conv %x, %w : (tensor<1x3x8x8xf32>, tensor<8x3x3xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @conv(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>) {
  // expected-error @+2 {{groups must be >= 1, got 0}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.conv %x, %w {groups = 0 : i64} : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @conv(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>) {
  // expected-error @+2 {{strides must have 2 entries, got 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.conv %x, %w {strides = array<i64: 1>} : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @conv(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>) {
  // expected-error @+2 {{strides must be >= 1, got 0}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.conv %x, %w {strides = array<i64: 1, 0>} : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @conv(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>) {
  // expected-error @+2 {{pads must be >= 0, got -1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.conv %x, %w {pads = array<i64: 1, 1, -1, 1>} : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @conv(%x: tensor<1x4x8x8xf32>, %w: tensor<8x3x3x3xf32>) {
  // expected-error @+2 {{input channels (4) must equal weight channels (3) times groups (1)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.conv %x, %w : (tensor<1x4x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @conv(%x: tensor<1x4x8x8xf32>, %w: tensor<5x2x3x3xf32>) {
  // expected-error @+2 {{output channels (5) must be divisible by groups (2)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.conv %x, %w {groups = 2 : i64} : (tensor<1x4x8x8xf32>, tensor<5x2x3x3xf32>) -> tensor<1x5x6x6xf32>
  return
}

// -----

func.func @conv(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>, %b: tensor<8xf64>) {
  // expected-error @+2 {{bias must have the input's element type}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.conv %x, %w, %b : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>, tensor<8xf64>) -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @conv(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>, %b: tensor<4xf32>) {
  // expected-error @+2 {{bias must be 1-D with 8 elements (one per output channel)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.conv %x, %w, %b : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>, tensor<4xf32>) -> tensor<1x8x6x6xf32>
  return
}

// -----

func.func @conv(%x: tensor<1x3x2x2xf32>, %w: tensor<8x3x3x3xf32>) {
  // expected-error @+2 {{spatial dimension 0 of size 2 is smaller than the (dilated) window of 3 after padding}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.conv %x, %w : (tensor<1x3x2x2xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x1x1xf32>
  return
}

// -----

func.func @max_pool(%x: tensor<1x3xf32>) {
  // expected-error @+2 {{input must have rank 3 to 5}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.max_pool %x {kernel_shape = array<i64: 2>} : tensor<1x3xf32> -> tensor<1x3xf32>
  return
}

// -----

func.func @max_pool(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+2 {{kernel_shape must have 2 entries, got 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.max_pool %x {kernel_shape = array<i64: 2>} : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  return
}

// -----

func.func @max_pool(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+2 {{kernel_shape entries must be >= 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.max_pool %x {kernel_shape = array<i64: 2, 0>} : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  return
}

// -----

func.func @avg_pool(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+2 {{padding of dimension 0 must be at most half the kernel size}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.avg_pool %x {kernel_shape = array<i64: 2, 2>, pads = array<i64: 2, 0, 0, 0>} : tensor<1x3x8x8xf32> -> tensor<1x3x5x4xf32>
  return
}

// -----

func.func @max_pool(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+2 {{dilations must have 2 entries, got 3}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.max_pool %x {kernel_shape = array<i64: 2, 2>, dilations = array<i64: 1, 1, 1>} : tensor<1x3x8x8xf32> -> tensor<1x3x7x7xf32>
  return
}

// -----

func.func @max_pool(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<1x3x3x3xf32>' are incompatible with return type(s) of operation 'tensor<1x3x4x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.max_pool %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>} : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  return
}

// -----

func.func @adaptive_avg_pool(%x: tensor<1x3x8xf32>) {
  // expected-error @+2 {{output_size must have 1 entries, got 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.adaptive_avg_pool %x {output_size = array<i64: 1, 1>} : tensor<1x3x8xf32> -> tensor<1x3x1x1xf32>
  return
}

// -----

func.func @adaptive_max_pool(%x: tensor<1x3x8xf32>) {
  // expected-error @+2 {{output_size entries must be >= 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.adaptive_max_pool %x {output_size = array<i64: 0>} : tensor<1x3x8xf32> -> tensor<1x3x0xf32>
  return
}

// -----

func.func @batch_norm(%x: tensor<4xf32>, %c: tensor<4xf32>) {
  // expected-error @+2 {{input must have rank >= 2 (N, C, ...), got 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.batch_norm %x, %c, %c, %c, %c : (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @batch_norm(%x: tensor<1x4x2x2xf32>, %c: tensor<4xf32>, %v: tensor<3xf32>) {
  // expected-error @+2 {{variance must be 1-D with 4 elements (one per channel), got 'tensor<3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.batch_norm %x, %c, %c, %c, %v : (tensor<1x4x2x2xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<3xf32>) -> tensor<1x4x2x2xf32>
  return
}

// -----

func.func @layer_norm(%x: tensor<2x8xf32>) {
  // expected-error @+2 {{axis 2 is out of range for rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.layer_norm %x {axis = 2 : i64} : (tensor<2x8xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @layer_norm(%x: tensor<2x8xf32>, %g: tensor<2x8xf32>) {
  // expected-error @+2 {{scale must have the shape of the normalized dimensions and the input's element type, got 'tensor<2x8xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.layer_norm %x scale %g : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @softmax(%x: tensor<2x8xf32>) {
  // expected-error @+1 {{axis -3 is out of range for rank 2}}
  %0 = mdf.softmax %x {axis = -3 : i64} : tensor<2x8xf32>
  return
}

// -----

func.func @log_softmax(%x: tensor<2x8xf32>) {
  // expected-error @+1 {{axis 2 is out of range for rank 2}}
  %0 = mdf.log_softmax %x {axis = 2 : i64} : tensor<2x8xf32>
  return
}

// -----

func.func @reduce_sum(%x: tensor<2x8xf32>) {
  // expected-error @+2 {{axis -1 is listed more than once}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.reduce_sum %x {axes = array<i64: 1, -1>} : tensor<2x8xf32> -> tensor<2xf32>
  return
}

// -----

func.func @reduce_mean(%x: tensor<2x8xf32>) {
  // expected-error @+2 {{axis 2 is out of range for rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.reduce_mean %x {axes = array<i64: 2>} : tensor<2x8xf32> -> tensor<2xf32>
  return
}

// -----

func.func @reshape(%x: tensor<2x8xf32>) {
  // expected-error @+2 {{shape may contain -1 only once}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.reshape %x {shape = array<i64: -1, -1>} : tensor<2x8xf32> -> tensor<16xf32>
  return
}

// -----

func.func @reshape(%x: tensor<2x8xf32>) {
  // expected-error @+2 {{shape entry 0 must be >= 0 or -1, got -2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.reshape %x {shape = array<i64: -2, 8>} : tensor<2x8xf32> -> tensor<16xf32>
  return
}

// -----

func.func @reshape(%x: tensor<2x8xf32>) {
  // expected-error @+2 {{cannot reshape 16 elements into a shape with 3 elements per -1 entry}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.reshape %x {shape = array<i64: 3, -1>} : tensor<2x8xf32> -> tensor<3x5xf32>
  return
}

// -----

func.func @reshape(%x: tensor<2x8xf32>) {
  // expected-error @+2 {{cannot reshape 16 elements into 15}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.reshape %x {shape = array<i64: 3, 5>} : tensor<2x8xf32> -> tensor<3x5xf32>
  return
}

// -----

func.func @flatten(%x: tensor<2x8x4xf32>) {
  // expected-error @+2 {{start_dim (2) must not come after end_dim (1)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.flatten %x {start_dim = 2 : i64, end_dim = 1 : i64} : tensor<2x8x4xf32> -> tensor<64xf32>
  return
}

// -----

func.func @flatten(%x: tensor<2x8x4xf32>) {
  // expected-error @+2 {{start_dim 3 is out of range for rank 3}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.flatten %x {start_dim = 3 : i64} : tensor<2x8x4xf32> -> tensor<64xf32>
  return
}

// -----

func.func @transpose(%x: tensor<2x8xf32>) {
  // expected-error @+2 {{permutation must have 2 entries, got 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.transpose %x {permutation = array<i64: 0>} : tensor<2x8xf32> -> tensor<2x8xf32>
  return
}

// -----

func.func @transpose(%x: tensor<2x8xf32>) {
  // expected-error @+2 {{permutation must hold each of 0 to 1 exactly once}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.transpose %x {permutation = array<i64: 1, 1>} : tensor<2x8xf32> -> tensor<8x8xf32>
  return
}

// -----

func.func @concat() {
  // expected-error @+1 {{expected 1 or more operands, but found 0}}
  %0 = mdf.concat {axis = 0 : i64} : () -> tensor<2xf32>
  return
}

// -----

func.func @concat(%a: tensor<2x8xf32>, %b: tensor<8xf32>) {
  // expected-error @+2 {{input 1 has rank 1, expected 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.concat %a, %b {axis = 0 : i64} : (tensor<2x8xf32>, tensor<8xf32>) -> tensor<3x8xf32>
  return
}

// -----

func.func @concat(%a: tensor<2x8xf32>, %b: tensor<2x7xf32>) {
  // expected-error @+2 {{input 1 has size 7 in dimension 1, expected 8}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.concat %a, %b {axis = 0 : i64} : (tensor<2x8xf32>, tensor<2x7xf32>) -> tensor<4x8xf32>
  return
}

// -----

func.func @concat(%a: tensor<2x8xf32>) {
  // expected-error @+2 {{axis 2 is out of range for rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.concat %a {axis = 2 : i64} : (tensor<2x8xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @slice(%x: tensor<2x8xf32>) {
  // expected-error @+2 {{starts, ends, axes and steps must have the same number of entries}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.slice %x {starts = array<i64: 0, 0>, ends = array<i64: 1>} : tensor<2x8xf32> -> tensor<1x8xf32>
  return
}

// -----

func.func @slice(%x: tensor<2x8xf32>) {
  // expected-error @+2 {{axis -1 is sliced more than once}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.slice %x {axes = array<i64: 1, -1>, starts = array<i64: 0, 0>, ends = array<i64: 1, 1>} : tensor<2x8xf32> -> tensor<2x1xf32>
  return
}

// -----

func.func @slice(%x: tensor<2x8xf32>) {
  // expected-error @+2 {{steps must be >= 1, got 0}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.slice %x {starts = array<i64: 0>, ends = array<i64: 1>, steps = array<i64: 0>} : tensor<2x8xf32> -> tensor<1x8xf32>
  return
}

// -----

func.func @slice(%x: tensor<2x8xf32>) {
  // expected-error @+2 {{axis 2 is out of range for rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.slice %x {axes = array<i64: 2>, starts = array<i64: 0>, ends = array<i64: 1>} : tensor<2x8xf32> -> tensor<2x8xf32>
  return
}

// -----

func.func @gather(%x: tensor<f32>, %i: tensor<2xi64>) {
  // expected-error @+2 {{input must have rank >= 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.gather %x, %i : (tensor<f32>, tensor<2xi64>) -> tensor<2xf32>
  return
}

// -----

func.func @gather(%x: tensor<4x3xf32>, %i: tensor<2xi64>) {
  // expected-error @+2 {{axis 2 is out of range for rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.gather %x, %i {axis = 2 : i64} : (tensor<4x3xf32>, tensor<2xi64>) -> tensor<2x3xf32>
  return
}

// -----

func.func @pad(%x: tensor<4x3xf32>) {
  // expected-error @+2 {{pads must have 4 entries (before and after each dimension), got 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.pad %x {pads = array<i64: 1, 1>} : tensor<4x3xf32> -> tensor<6x3xf32>
  return
}

// -----

func.func @pad(%x: tensor<4x3xf32>) {
  // expected-error @+2 {{pads must be >= 0}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.pad %x {pads = array<i64: 1, 0, -1, 0>} : tensor<4x3xf32> -> tensor<4x3xf32>
  return
}

// -----

func.func @expand(%x: tensor<4x3xf32>) {
  // expected-error @+2 {{shape must have at least 2 entries (the input's rank), got 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.expand %x {shape = array<i64: 3>} : tensor<4x3xf32> -> tensor<4x3xf32>
  return
}

// -----

func.func @expand(%x: tensor<4x3xf32>) {
  // expected-error @+2 {{-1 is only allowed for dimensions the input has}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.expand %x {shape = array<i64: -1, 4, 3>} : tensor<4x3xf32> -> tensor<1x4x3xf32>
  return
}

// -----

func.func @expand(%x: tensor<4x3xf32>) {
  // expected-error @+2 {{shape entry 1 must be >= 0 or -1, got -3}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.expand %x {shape = array<i64: 4, -3>} : tensor<4x3xf32> -> tensor<4x3xf32>
  return
}

// -----

func.func @expand(%x: tensor<4x3xf32>) {
  // expected-error @+2 {{cannot expand size 3 to 5 in dimension 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.expand %x {shape = array<i64: 4, 5>} : tensor<4x3xf32> -> tensor<4x5xf32>
  return
}

// -----

func.func @constant() {
  // expected-error @+1 {{result #0 must be ranked tensor of 32-bit float or 64-bit float or 16-bit float or bfloat16 type or 64-bit signless integer or 32-bit signless integer or 1-bit signless integer values}}
  %0 = mdf.constant dense<1> : tensor<2xi8>
  return
}

// -----

func.func @log2_of_integers(%x: tensor<4xi64>) {
  // expected-error @+1 {{'mdf.log2' op operand #0 must be ranked tensor of 32-bit float or 64-bit float or 16-bit float or bfloat16 type values, but got 'tensor<4xi64>'}}
  %0 = mdf.log2 %x : tensor<4xi64>
  return
}

// -----

func.func @gemm_of_vectors(%a: tensor<4xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{'mdf.gemm' op operand #0 must be 2D tensor}}
  %0 = mdf.gemm %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<?x?xf32>
  return
}

// -----

func.func @gather_elements_rank(%x: tensor<3x5xf32>, %i: tensor<3xi64>) {
  // expected-error @+2 {{indices must have the rank of the input (2), got 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.gather_elements %x, %i {axis = 1 : i64} : (tensor<3x5xf32>, tensor<3xi64>) -> tensor<3xf32>
  return
}

// -----

func.func @gather_elements_larger(%x: tensor<3x5xf32>, %i: tensor<4x2xi64>) {
  // expected-error @+2 {{indices dimension 0 (4) is larger than the input's (3)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.gather_elements %x, %i {axis = 1 : i64} : (tensor<3x5xf32>, tensor<4x2xi64>) -> tensor<4x2xf32>
  return
}

// -----

func.func @scatter_elements_updates(%x: tensor<5x3xf32>, %i: tensor<2x3xi64>, %u: tensor<1x3xf32>) {
  // expected-error @+2 {{indices dimension 0 (2) is larger than the updates' (1)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.scatter_elements %x, %i, %u : (tensor<5x3xf32>, tensor<2x3xi64>, tensor<1x3xf32>) -> tensor<5x3xf32>
  return
}

// -----

func.func @slice_scatter_shape(%x: tensor<4x5xf32>, %u: tensor<4x3xf32>) {
  // expected-error @+2 {{update shape ('tensor<4x3xf32>') is not the slice's shape ('tensor<4x2xf32>')}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.slice_scatter %x, %u {axes = array<i64: 1>, ends = array<i64: 3>, starts = array<i64: 1>} : (tensor<4x5xf32>, tensor<4x3xf32>) -> tensor<4x5xf32>
  return
}

// -----

func.func @argsort_axis(%x: tensor<4x5xf32>) {
  // expected-error @+2 {{axis 2 is out of range}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.argsort %x {axis = 2 : i64} : tensor<4x5xf32> -> tensor<4x5xi64>
  return
}

// -----

func.func @cumulative_bool(%x: tensor<4xi1>) {
  // expected-error @+2 {{a running sum or product needs numbers, not booleans}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = mdf.cumulative %x {axis = 0 : i64, kind = 0 : i64} : tensor<4xi1> -> tensor<4xi1>
  return
}
