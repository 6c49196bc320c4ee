// RUN: mdf-opt %s --mdf-distinct-result-buffers | FileCheck %s

// CHECK-LABEL: func.func @twice(
// CHECK-SAME: %[[A:.*]]: memref<2xf64>)
// CHECK: %[[B:.*]] = memref.alloc() : memref<2xf64>
// CHECK: memref.copy %[[A]], %[[B]]
// CHECK: return %[[A]], %[[B]]
func.func @twice(%a: memref<2xf64>) -> (memref<2xf64>, memref<2xf64>) {
  return %a, %a : memref<2xf64>, memref<2xf64>
}
