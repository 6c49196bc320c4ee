// RUN: mdf-opt %s --split-input-file --verify-diagnostics \
// RUN:   --convert-mdf-to-linalg --mdf-output-size-functions | FileCheck %s

// An output size that is an input size: the size function passes it on,
// and the entry records which input size it is.
// CHECK-LABEL: func.func @relu_rows
// CHECK-SAME: mdf.num_results = 1 : i64, mdf.output_size_sources = array<i64: 0>
// CHECK: func.func private @relu_rows_output_sizes_impl(%[[N:.*]]: index) -> index
// CHECK-NEXT: return %[[N]] : index
func.func @relu_rows(%x: tensor<?x16xf32>) -> tensor<?x16xf32> {
  %r = mdf.relu %x : tensor<?x16xf32>
  return %r : tensor<?x16xf32>
}

// -----

// A computed output size (a concatenation's) is arithmetic on the input
// sizes; its source is -1 (no single input size).
// CHECK-LABEL: func.func @concat_rows
// CHECK-SAME: mdf.output_size_sources = array<i64: -1>
// CHECK: func.func private @concat_rows_output_sizes_impl(%[[A:.*]]: index, %[[B:.*]]: index) -> index
// CHECK-NEXT: %[[S:.*]] = arith.addi %[[A]], %[[B]] : index
// CHECK-NEXT: return %[[S]] : index
func.func @concat_rows(%x: tensor<?x16xf32>, %y: tensor<?x16xf32>) -> tensor<?x16xf32> {
  %c = mdf.concat %x, %y {axis = 0 : i64} : (tensor<?x16xf32>, tensor<?x16xf32>) -> tensor<?x16xf32>
  return %c : tensor<?x16xf32>
}

// -----

// Two dynamic inputs, two dynamic outputs; one result size per dynamic
// result dimension, in order; a transposed size is still a source.
// CHECK-LABEL: func.func @two_outputs
// CHECK-SAME: mdf.num_results = 2 : i64, mdf.output_size_sources = array<i64: 1, 0>
// CHECK: func.func private @two_outputs_output_sizes_impl(%[[A:.*]]: index, %[[B:.*]]: index) -> (index, index)
// CHECK-NEXT: return %[[B]], %[[A]] : index, index
func.func @two_outputs(%x: tensor<?x16xf32>, %y: tensor<4x?xf32>) -> (tensor<?x4xf32>, tensor<?x16xf32>) {
  %t = mdf.transpose %y {permutation = array<i64: 1, 0>} : tensor<4x?xf32> -> tensor<?x4xf32>
  %a = mdf.relu %x : tensor<?x16xf32>
  return %t, %a : tensor<?x4xf32>, tensor<?x16xf32>
}

// -----

// Static results need no size function.
// CHECK-LABEL: func.func @static_result
// CHECK-NOT: mdf.output_size_sources
// CHECK-NOT: output_sizes_impl
func.func @static_result(%x: tensor<?x16xf32>) -> tensor<16xf32> {
  %s = mdf.reduce_sum %x {axes = array<i64: 0>} : tensor<?x16xf32> -> tensor<16xf32>
  return %s : tensor<16xf32>
}

// -----

// A size read from the data cannot be known from the sizes alone.
func.func @by_value(%n: tensor<i64>) -> tensor<?xf32> {
  // expected-error @below {{the size of an output depends on the values of the inputs, not only on their sizes ('tensor.extract')}}
  %v = tensor.extract %n[] : tensor<i64>
  %i = arith.index_cast %v : i64 to index
  %e = tensor.empty(%i) : tensor<?xf32>
  return %e : tensor<?xf32>
}
