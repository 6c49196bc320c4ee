// Weights are written in their shortest exact form, innermost lists on one
// line: f32 weights as the shortest decimal that reads back as the same
// float (0.1, not 0.10000000149011612), f64 ones as Python's repr() does.
// RUN: mdf-translate --export-mdf-json %s | FileCheck %s
// RUN: mdf-translate --export-mdf-json %s -o %t.json
// RUN: mdf-translate --import-mdf-json %t.json | mdf-translate --export-mdf-json | diff %t.json -

// CHECK:      "value": [
// CHECK-NEXT:   [0.1, -2.5, 3.0],
// CHECK-NEXT:   [1e-05, 3.4028235e+38, 0.33333334]
// CHECK-NEXT: ]
func.func @forward(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %w = mdf.constant dense<[[0.1, -2.5, 3.0], [1.0e-5, 3.40282347e+38, 0.333333343]]> : tensor<2x3xf32>
  %0 = mdf.add %x, %w : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// An f64 weight keeps every digit it needs, and only those.
// RUN: mdf-translate --import-mdf-json %S/Inputs/numbers.json | mdf-translate --export-mdf-json | FileCheck %s --check-prefix=F64
// F64: "value": [0.30000000000000004, 0.1, 1e-10, 1.5e+20, 2.0, 12345678.901234567]
