// RUN: mdf-opt %s --mdf-strided-copies-to-linalg | FileCheck %s

// CHECK-LABEL: func.func @copies
func.func @copies(%a: memref<4x4xf32>, %b: memref<4x4xf32>, %c: memref<2x2xf32>) {
  // Contiguous: stays a memref.copy (it becomes memcpy).
  // CHECK: memref.copy %{{.*}}, %{{.*}} : memref<4x4xf32> to memref<4x4xf32>
  memref.copy %a, %b : memref<4x4xf32> to memref<4x4xf32>
  // Strided: a linalg.copy, so no runtime library is needed.
  // CHECK: %[[VIEW:.*]] = memref.subview
  // CHECK: linalg.copy ins(%[[VIEW]] : {{.*}}) outs(%{{.*}} : memref<2x2xf32>)
  %view = memref.subview %a[1, 1] [2, 2] [1, 1] : memref<4x4xf32> to memref<2x2xf32, strided<[4, 1], offset: 5>>
  memref.copy %view, %c : memref<2x2xf32, strided<[4, 1], offset: 5>> to memref<2x2xf32>
  return
}
