// RUN: mdf-opt %s --convert-mdf-to-linalg --split-input-file | FileCheck %s

// Broadcasting: the size-1 and missing dimensions read index 0 / nothing.
// CHECK-DAG: #[[$ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$ROW:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[$COL:.*]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-LABEL: func.func @broadcast_add
func.func @broadcast_add(%a: tensor<2x1xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  // CHECK: linalg.generic {indexing_maps = [#[[$COL]], #[[$ROW]], #[[$ID]]], iterator_types = ["parallel", "parallel"]}
  // CHECK: arith.addf
  %0 = mdf.add %a, %b : (tensor<2x1xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Integers use the integer ops.
// CHECK-LABEL: func.func @integer_math
func.func @integer_math(%a: tensor<4xi64>, %b: tensor<4xi64>) -> (tensor<4xi64>, tensor<4xi1>) {
  // CHECK: arith.divsi
  %0 = mdf.div %a, %b : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  // CHECK: arith.cmpi slt
  %1 = mdf.compare lt, %a, %b : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi1>
  return %0, %1 : tensor<4xi64>, tensor<4xi1>
}

// -----

// CHECK-LABEL: func.func @activations
func.func @activations(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  // relu: max(x, 0)
  // CHECK: arith.maximumf
  %0 = mdf.relu %x : tensor<4xf32>
  // gelu: 0.5 x (1 + erf(x / sqrt(2)))
  // CHECK: math.erf
  %1 = mdf.gelu %x : tensor<4xf32>
  // clip to [0, 6]
  // CHECK: arith.maximumf
  // CHECK: arith.minimumf
  %2 = mdf.clip %x {min = 0.0 : f64, max = 6.0 : f64} : tensor<4xf32>
  // sigmoid: 1 / (1 + exp(-x))
  // CHECK: arith.negf
  // CHECK: math.exp
  // CHECK: arith.divf
  %3 = mdf.sigmoid %x : tensor<4xf32>
  return %0, %1, %2, %3 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @cast_and_where
func.func @cast_and_where(%c: tensor<4xi1>, %x: tensor<4xi64>, %y: tensor<4xf32>) -> tensor<4xf32> {
  // CHECK: arith.sitofp
  %0 = mdf.cast %x : tensor<4xi64> -> tensor<4xf32>
  // CHECK: arith.select
  %1 = mdf.where %c, %0, %y : (tensor<4xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %1 : tensor<4xf32>
}

// -----

// MDF's logistic: 1 / (1 + exp(-gain * (x + bias) + offset)).
// CHECK-LABEL: func.func @logistic
func.func @logistic(%x: tensor<f64>, %g: tensor<f64>, %b: tensor<f64>, %o: tensor<f64>) -> tensor<f64> {
  // CHECK: ^bb0(%[[X:.*]]: f64, %[[G:.*]]: f64, %[[B:.*]]: f64, %[[O:.*]]: f64, %{{.*}}: f64):
  // CHECK: %[[S:.*]] = arith.addf %[[X]], %[[B]]
  // CHECK: %[[NG:.*]] = arith.negf %[[G]]
  // CHECK: %[[P:.*]] = arith.mulf %[[NG]], %[[S]]
  // CHECK: arith.addf %[[P]], %[[O]]
  %0 = mdf.logistic %x, %g, %b, %o : (tensor<f64>, tensor<f64>, tensor<f64>, tensor<f64>) -> tensor<f64>
  return %0 : tensor<f64>
}

// -----

// Rounding and the log/exp variants map to one math op each; round is
// half-to-even, as in PyTorch.
// CHECK-LABEL: func.func @rounding_and_logs
func.func @rounding_and_logs(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  // CHECK: math.trunc
  %0 = mdf.trunc %x : tensor<4xf32>
  // CHECK: math.roundeven
  %1 = mdf.round %x : tensor<4xf32>
  // CHECK: math.log2
  %2 = mdf.log2 %x : tensor<4xf32>
  // CHECK: math.log1p
  %3 = mdf.log1p %x : tensor<4xf32>
  // CHECK: math.expm1
  %4 = mdf.expm1 %x : tensor<4xf32>
  return %0, %1, %2, %3, %4 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// remainder takes the divisor's sign (Python's %), fmod the dividend's (C's
// fmod); integer divisors of 0 are replaced by 1 so that padding lanes of
// masked vectors cannot trap.
// CHECK-LABEL: func.func @remainders
func.func @remainders(%a: tensor<4xf32>, %b: tensor<4xf32>, %i: tensor<4xi64>, %j: tensor<4xi64>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xi64>, tensor<4xi64>) {
  // CHECK: %[[R:.*]] = arith.remf %[[A:.*]], %[[B:.*]] : f32
  // CHECK: arith.cmpf une, %[[R]]
  // CHECK: arith.xori
  // CHECK: %[[FIXED:.*]] = arith.addf %[[R]], %[[B]]
  // CHECK: arith.select %{{.*}}, %[[FIXED]], %[[R]]
  %0 = mdf.remainder %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  // CHECK: linalg.generic
  // CHECK: arith.remf
  // CHECK-NEXT: linalg.yield
  %1 = mdf.fmod %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  // CHECK: linalg.generic
  // CHECK: %[[ZERO:.*]] = arith.cmpi eq, %[[D:.*]], %{{.*}} : i64
  // CHECK: %[[SAFE:.*]] = arith.select %[[ZERO]], %{{.*}}, %[[D]] : i64
  // CHECK: arith.remsi %{{.*}}, %[[SAFE]] : i64
  // CHECK: arith.addi
  %2 = mdf.remainder %i, %j : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  // CHECK: linalg.generic
  // CHECK: arith.select
  // CHECK: arith.remsi
  // CHECK-NEXT: linalg.yield
  %3 = mdf.fmod %i, %j : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  return %0, %1, %2, %3 : tensor<4xf32>, tensor<4xf32>, tensor<4xi64>, tensor<4xi64>
}
