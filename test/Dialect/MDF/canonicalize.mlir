// Every mdf folder, and the cases each must leave alone.
// RUN: mdf-opt %s --canonicalize --split-input-file | FileCheck %s

// CHECK-LABEL: func.func @add_identity
// CHECK-SAME: (%[[X:.*]]: tensor<2xf32>, %[[I:.*]]: tensor<2xi64>)
func.func @add_identity(%x: tensor<2xf32>, %i: tensor<2xi64>) -> (tensor<2xf32>, tensor<2xf32>, tensor<2xi64>) {
  %negzero = mdf.constant dense<-0.0> : tensor<2xf32>
  %zero = mdf.constant dense<0.0> : tensor<2xf32>
  %izero = mdf.constant dense<0> : tensor<2xi64>
  %0 = mdf.add %x, %negzero : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  // x + 0.0 is not x when x is -0.0, so it stays.
  // CHECK: %[[KEPT:.*]] = mdf.add %[[X]], %{{.*}}
  %1 = mdf.add %x, %zero : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  // A constant lhs moves to the right (add is commutative), then folds.
  %2 = mdf.add %izero, %i : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
  // CHECK: return %[[X]], %[[KEPT]], %[[I]]
  return %0, %1, %2 : tensor<2xf32>, tensor<2xf32>, tensor<2xi64>
}

// -----

// CHECK-LABEL: func.func @arith_identities
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
func.func @arith_identities(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) {
  %zero = mdf.constant dense<0.0> : tensor<f32>
  %one = mdf.constant dense<1.0> : tensor<f32>
  %0 = mdf.sub %x, %zero : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
  %1 = mdf.mul %x, %one : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
  %2 = mdf.div %x, %one : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
  %3 = mdf.pow %x, %one : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
  %4 = mdf.maximum %x, %x : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %5 = mdf.minimum %x, %x : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: return %[[X]], %[[X]], %[[X]], %[[X]], %[[X]], %[[X]]
  return %0, %1, %2, %3, %4, %5 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// An identity that would broadcast the other operand does not fold.
// CHECK-LABEL: func.func @identity_needs_broadcast
func.func @identity_needs_broadcast(%x: tensor<3xf32>) -> tensor<2x3xf32> {
  %one = mdf.constant dense<1.0> : tensor<2x3xf32>
  // CHECK: mdf.mul
  %0 = mdf.mul %x, %one : (tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @constant_folding
func.func @constant_folding() -> (tensor<2x2xf32>, tensor<2xf32>, tensor<3xi64>, tensor<3xi64>, tensor<2xf32>, tensor<2xi32>, tensor<2xf32>, tensor<2xi64>) {
  %a = mdf.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %s = mdf.constant dense<10.0> : tensor<f32>
  %v = mdf.constant dense<[1.0, -2.0]> : tensor<2xf32>
  %i = mdf.constant dense<[7, -7, 9]> : tensor<3xi64>
  %two = mdf.constant dense<2> : tensor<3xi64>
  %j = mdf.constant dense<[3, 8]> : tensor<2xi32>
  %k = mdf.constant dense<[5, -1]> : tensor<2xi32>
  // A splat broadcasts into the non-splat's shape.
  // CHECK-DAG: mdf.constant dense<{{\[}}[1.100000e+01, 1.200000e+01], [1.300000e+01, 1.400000e+01]]> : tensor<2x2xf32>
  %0 = mdf.add %a, %s : (tensor<2x2xf32>, tensor<f32>) -> tensor<2x2xf32>
  // CHECK-DAG: mdf.constant dense<[-9.000000e+00, -1.200000e+01]> : tensor<2xf32>
  %1 = mdf.sub %v, %s : (tensor<2xf32>, tensor<f32>) -> tensor<2xf32>
  // Integer division rounds toward zero.
  // CHECK-DAG: mdf.constant dense<[3, -3, 4]> : tensor<3xi64>
  %2 = mdf.div %i, %two : (tensor<3xi64>, tensor<3xi64>) -> tensor<3xi64>
  // CHECK-DAG: mdf.constant dense<[14, -14, 18]> : tensor<3xi64>
  %3 = mdf.mul %i, %two : (tensor<3xi64>, tensor<3xi64>) -> tensor<3xi64>
  // CHECK-DAG: mdf.constant dense<[-1.000000e+00, 2.000000e+00]> : tensor<2xf32>
  %4 = mdf.neg %v : tensor<2xf32>
  %5 = mdf.maximum %j, %k : (tensor<2xi32>, tensor<2xi32>) -> tensor<2xi32>
  // CHECK-DAG: mdf.constant dense<[5, 8]> : tensor<2xi32>
  // CHECK-DAG: mdf.constant dense<[1.000000e+00, -2.000000e+00]> : tensor<2xf32>
  %6 = mdf.minimum %v, %s : (tensor<2xf32>, tensor<f32>) -> tensor<2xf32>
  %neg = mdf.constant dense<[7, -7]> : tensor<2xi64>
  // CHECK-DAG: mdf.constant dense<[-7, 7]> : tensor<2xi64>
  %7 = mdf.neg %neg : tensor<2xi64>
  // CHECK-NOT: mdf.add
  // CHECK-NOT: mdf.sub
  // CHECK-NOT: mdf.div
  // CHECK-NOT: mdf.mul
  // CHECK-NOT: mdf.neg
  // CHECK-NOT: mdf.maximum
  // CHECK-NOT: mdf.minimum
  return %0, %1, %2, %3, %4, %5, %6, %7 : tensor<2x2xf32>, tensor<2xf32>, tensor<3xi64>, tensor<3xi64>, tensor<2xf32>, tensor<2xi32>, tensor<2xf32>, tensor<2xi64>
}

// -----

// Integer division by zero is left to run time.
// CHECK-LABEL: func.func @no_fold_div_by_zero
func.func @no_fold_div_by_zero() -> tensor<2xi64> {
  %a = mdf.constant dense<[1, 2]> : tensor<2xi64>
  %z = mdf.constant dense<[1, 0]> : tensor<2xi64>
  // CHECK: mdf.div
  %0 = mdf.div %a, %z : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

// CHECK-LABEL: func.func @unary_traits
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
func.func @unary_traits(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %0 = mdf.neg %x : tensor<4xf32>
  %1 = mdf.neg %0 : tensor<4xf32>
  // CHECK: %[[R:.*]] = mdf.relu %[[X]]
  %2 = mdf.relu %x : tensor<4xf32>
  %3 = mdf.relu %2 : tensor<4xf32>
  // CHECK: %[[A:.*]] = mdf.abs %[[X]]
  %4 = mdf.abs %x : tensor<4xf32>
  %5 = mdf.abs %4 : tensor<4xf32>
  // CHECK: %[[F:.*]] = mdf.floor %[[X]]
  %6 = mdf.floor %x : tensor<4xf32>
  %7 = mdf.floor %6 : tensor<4xf32>
  // CHECK: %[[C:.*]] = mdf.ceil %[[X]]
  %8 = mdf.ceil %x : tensor<4xf32>
  %9 = mdf.ceil %8 : tensor<4xf32>
  %10 = mdf.clip %x : tensor<4xf32>
  // CHECK: return %[[X]], %[[R]], %[[A]], %[[F]], %[[C]], %[[X]]
  return %1, %3, %5, %7, %9, %10 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @where
// CHECK-SAME: (%[[C:.*]]: tensor<4xi1>, %[[A:.*]]: tensor<4xf32>, %[[B:.*]]: tensor<4xf32>)
func.func @where(%c: tensor<4xi1>, %a: tensor<4xf32>, %b: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %true = mdf.constant dense<true> : tensor<i1>
  %false = mdf.constant dense<false> : tensor<4xi1>
  %0 = mdf.where %c, %a, %a : (tensor<4xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %1 = mdf.where %true, %a, %b : (tensor<i1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %2 = mdf.where %false, %a, %b : (tensor<4xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  // CHECK: %[[KEPT:.*]] = mdf.where %[[C]], %[[A]], %[[B]]
  %3 = mdf.where %c, %a, %b : (tensor<4xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  // CHECK: return %[[A]], %[[A]], %[[B]], %[[KEPT]]
  return %0, %1, %2, %3 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @cast
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>, %[[D:.*]]: tensor<4xf64>)
func.func @cast(%x: tensor<4xf32>, %d: tensor<4xf64>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf64>) {
  %0 = mdf.cast %x : tensor<4xf32> -> tensor<4xf32>
  %1 = mdf.cast %x : tensor<4xf32> -> tensor<4xf64>
  %2 = mdf.cast %1 : tensor<4xf64> -> tensor<4xf32>
  // A narrowing round trip loses precision, so it stays.
  // CHECK: %[[N:.*]] = mdf.cast %[[D]] : tensor<4xf64> -> tensor<4xf32>
  // CHECK: %[[W:.*]] = mdf.cast %[[N]] : tensor<4xf32> -> tensor<4xf64>
  %3 = mdf.cast %d : tensor<4xf64> -> tensor<4xf32>
  %4 = mdf.cast %3 : tensor<4xf32> -> tensor<4xf64>
  // CHECK: return %[[X]], %[[X]], %[[W]]
  return %0, %2, %4 : tensor<4xf32>, tensor<4xf32>, tensor<4xf64>
}

// -----

// CHECK-LABEL: func.func @reshape
// CHECK-SAME: (%[[X:.*]]: tensor<2x6xf32>)
func.func @reshape(%x: tensor<2x6xf32>) -> (tensor<2x6xf32>, tensor<3x4xf32>, tensor<2x3xf32>) {
  %0 = mdf.reshape %x {shape = array<i64: 2, 6>} : tensor<2x6xf32> -> tensor<2x6xf32>
  // CHECK-DAG: %[[R:.*]] = mdf.reshape %[[X]] {shape = array<i64: 3, 4>} : tensor<2x6xf32> -> tensor<3x4xf32>
  %1 = mdf.reshape %x {shape = array<i64: 12>} : tensor<2x6xf32> -> tensor<12xf32>
  %2 = mdf.reshape %1 {shape = array<i64: 3, 4>} : tensor<12xf32> -> tensor<3x4xf32>
  // CHECK-DAG: %[[S:.*]] = mdf.constant dense<5.000000e-01> : tensor<2x3xf32>
  %splat = mdf.constant dense<0.5> : tensor<6xf32>
  %3 = mdf.reshape %splat {shape = array<i64: 2, 3>} : tensor<6xf32> -> tensor<2x3xf32>
  // CHECK: return %[[X]], %[[R]], %[[S]]
  return %0, %2, %3 : tensor<2x6xf32>, tensor<3x4xf32>, tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @transpose_flatten
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
func.func @transpose_flatten(%x: tensor<2x3x4xf32>) -> (tensor<2x3x4xf32>, tensor<4x2x3xf32>, tensor<2x3x4xf32>) {
  %0 = mdf.transpose %x {permutation = array<i64: 0, 1, 2>} : tensor<2x3x4xf32> -> tensor<2x3x4xf32>
  // CHECK: %[[T:.*]] = mdf.transpose %[[X]] {permutation = array<i64: 2, 0, 1>} : tensor<2x3x4xf32> -> tensor<4x2x3xf32>
  %1 = mdf.transpose %x {permutation = array<i64: 1, 0, 2>} : tensor<2x3x4xf32> -> tensor<3x2x4xf32>
  %2 = mdf.transpose %1 {permutation = array<i64: 2, 1, 0>} : tensor<3x2x4xf32> -> tensor<4x2x3xf32>
  %3 = mdf.flatten %x {start_dim = 1 : i64, end_dim = 1 : i64} : tensor<2x3x4xf32> -> tensor<2x3x4xf32>
  // CHECK: return %[[X]], %[[T]], %[[X]]
  return %0, %2, %3 : tensor<2x3x4xf32>, tensor<4x2x3xf32>, tensor<2x3x4xf32>
}

// -----

// CHECK-LABEL: func.func @data_movement
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
func.func @data_movement(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x2xf32>) {
  %0 = mdf.concat %x {axis = 0 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %1 = mdf.slice %x {starts = array<i64: 0, -3>, ends = array<i64: 9223372036854775807, 3>} : tensor<2x3xf32> -> tensor<2x3xf32>
  %2 = mdf.pad %x {pads = array<i64: 0, 0, 0, 0>} : tensor<2x3xf32> -> tensor<2x3xf32>
  %3 = mdf.expand %x {shape = array<i64: 2, -1>} : tensor<2x3xf32> -> tensor<2x3xf32>
  // CHECK: %[[S:.*]] = mdf.slice
  %4 = mdf.slice %x {axes = array<i64: 1>, starts = array<i64: 1>, ends = array<i64: 3>} : tensor<2x3xf32> -> tensor<2x2xf32>
  // CHECK: return %[[X]], %[[X]], %[[X]], %[[X]], %[[S]]
  return %0, %1, %2, %3, %4 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x2xf32>
}
