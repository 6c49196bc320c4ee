// Malformed IR and IR that fails verification both give a located error and
// a non-zero exit.
// RUN: not mdf-opt %s --split-input-file 2>&1 | FileCheck %s

// CHECK: bad-input.mlir:[[# @LINE + 2]]:{{[0-9]+}}: error: custom op 'mdf.frobnicate' is unknown
func.func @unknown_op(%x: tensor<2xf32>) -> tensor<2xf32> {
  %0 = mdf.frobnicate %x : tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// CHECK: bad-input.mlir:[[# @LINE + 2]]:{{[0-9]+}}: error: 'mdf.relu' op operand #0 must be ranked tensor of
func.func @wrong_type(%x: tensor<2xi1>) -> tensor<2xi1> {
  %0 = mdf.relu %x : tensor<2xi1>
  return %0 : tensor<2xi1>
}
