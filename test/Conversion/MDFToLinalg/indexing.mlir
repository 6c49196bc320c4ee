// RUN: mdf-opt %s --convert-mdf-to-linalg --split-input-file | FileCheck %s

// gather_elements reads where its index says, clamped into the tensor.
// CHECK-LABEL: func.func @gather_elements
func.func @gather_elements(%x: tensor<3x5xf32>, %i: tensor<3x2xi64>) -> tensor<3x2xf32> {
  // CHECK: linalg.generic
  // CHECK: arith.maxsi
  // CHECK: arith.minsi
  // CHECK: tensor.extract %{{.*}}[%{{.*}}, %{{.*}}] : tensor<3x5xf32>
  %0 = mdf.gather_elements %x, %i {axis = 1 : i64} : (tensor<3x5xf32>, tensor<3x2xi64>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

// scatter_elements loops over the indices, carrying the result tensor;
// an out-of-range index leaves it as it is.
// CHECK-LABEL: func.func @scatter_add
func.func @scatter_add(%x: tensor<5x3xf32>, %i: tensor<2x3xi64>, %u: tensor<2x3xf32>) -> tensor<5x3xf32> {
  // CHECK: scf.for {{.*}} iter_args(%{{.*}} = %{{.*}}) -> (tensor<5x3xf32>)
  // CHECK: scf.for
  // CHECK: scf.if
  // CHECK: tensor.extract
  // CHECK: arith.addf
  // CHECK: tensor.insert
  // CHECK: } else {
  %0 = mdf.scatter_elements %x, %i, %u {axis = 0 : i64, reduction = 1 : i64} : (tensor<5x3xf32>, tensor<2x3xi64>, tensor<2x3xf32>) -> tensor<5x3xf32>
  return %0 : tensor<5x3xf32>
}

// -----

// argsort counts, for each element, the elements that sort before it
// (a reduction over a second copy of the axis), then writes the positions
// to those places.
// CHECK-LABEL: func.func @argsort
func.func @argsort(%x: tensor<2x7xf32>) -> tensor<2x7xi64> {
  // CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]
  // CHECK: arith.cmpf olt
  // CHECK: arith.cmpf uno
  // CHECK: scf.for
  // CHECK: tensor.insert
  %0 = mdf.argsort %x {axis = 1 : i64} : tensor<2x7xf32> -> tensor<2x7xi64>
  return %0 : tensor<2x7xi64>
}

// -----

// cumulative runs along the axis, each step combining a slice with the
// one before it.
// CHECK-LABEL: func.func @cumprod
func.func @cumprod(%x: tensor<2x5xf32>) -> tensor<2x5xf32> {
  // CHECK: scf.for %{{.*}} = %c1 to %c5
  // CHECK: tensor.extract_slice %{{.*}}[0, %{{.*}}] [2, 1] [1, 1]
  // CHECK: arith.mulf
  // CHECK: tensor.insert_slice
  %0 = mdf.cumulative %x {axis = 1 : i64, kind = 1 : i64} : tensor<2x5xf32> -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

// Dynamic sizes: the loop runs to the runtime length of the axis, and the
// slices take the other runtime sizes.
// CHECK-LABEL: func.func @cumsum_dynamic
func.func @cumsum_dynamic(%x: tensor<?x?xf32>) -> tensor<?x?xf32> {
  // CHECK-DAG: %[[ROWS:.*]] = tensor.dim %arg0, %c0
  // CHECK-DAG: %[[LENGTH:.*]] = tensor.dim %arg0, %c1
  // CHECK: scf.for %{{.*}} = %c1{{.*}} to %[[LENGTH]]
  // CHECK: tensor.extract_slice %{{.*}}[0, %{{.*}}] [%[[ROWS]], 1] [1, 1] : tensor<?x?xf32> to tensor<?x1xf32>
  // CHECK: arith.addf
  %0 = mdf.cumulative %x {axis = 1 : i64, kind = 0 : i64} : tensor<?x?xf32> -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// CHECK-LABEL: func.func @slice_scatter
func.func @slice_scatter(%x: tensor<3x9xf32>, %u: tensor<3x3xf32>) -> tensor<3x9xf32> {
  // CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[0, 1] [3, 3] [1, 2]
  %0 = mdf.slice_scatter %x, %u {axes = array<i64: 1>, starts = array<i64: 1>, ends = array<i64: 7>, steps = array<i64: 2>} : (tensor<3x9xf32>, tensor<3x3xf32>) -> tensor<3x9xf32>
  return %0 : tensor<3x9xf32>
}
