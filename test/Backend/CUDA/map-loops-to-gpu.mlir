// RUN: mdf-opt %s --split-input-file --verify-diagnostics --mdf-map-loops-to-gpu --canonicalize | FileCheck %s

// A 4x1000 parallel loop: 4000 threads in blocks of 256, the iteration
// space flattened with the last dimension fastest; the reduction loop
// inside runs in each thread.
// CHECK-LABEL: func.func @parallel
// CHECK-DAG: %[[BLOCKS:.*]] = arith.constant 16 : index
// CHECK-DAG: %[[THREADS:.*]] = arith.constant 256 : index
// CHECK-DAG: %[[TOTAL:.*]] = arith.constant 4000 : index
// CHECK: gpu.launch blocks({{.*}}) in ({{.*}} = %[[BLOCKS]], {{.*}}) threads({{.*}}) in ({{.*}} = %[[THREADS]],
// CHECK: %[[ID:.*]] = arith.addi
// CHECK: %[[IN:.*]] = arith.cmpi ult, %[[ID]], %[[TOTAL]]
// CHECK: scf.if %[[IN]]
// CHECK: %[[J:.*]] = arith.remui %[[ID]], %{{.*}}
// CHECK: %[[I:.*]] = arith.divui %[[ID]], %{{.*}}
// CHECK: scf.for
// CHECK: memref.load %arg0[%[[I]], %{{.*}}]
// CHECK: memref.store %{{.*}}, %arg1[%[[I]], %[[J]]]
// CHECK: gpu.terminator
// CHECK-NOT: scf.parallel
// CHECK: return
func.func @parallel(%a: memref<4x8xf32>, %out: memref<4x1000xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  %c1000 = arith.constant 1000 : index
  %zero = arith.constant 0.0 : f32
  %tmp = memref.alloc() : memref<4xf32>
  scf.parallel (%i, %j) = (%c0, %c0) to (%c4, %c1000) step (%c1, %c1) {
    %sum = scf.for %k = %c0 to %c8 step %c1 iter_args(%acc = %zero) -> f32 {
      %v = memref.load %a[%i, %k] : memref<4x8xf32>
      %s = arith.addf %acc, %v : f32
      scf.yield %s : f32
    }
    memref.store %sum, %out[%i, %j] : memref<4x1000xf32>
    scf.reduce
  }
  memref.dealloc %tmp : memref<4xf32>
  return
}

// -----

// Work that is not a parallel loop (a lone loop, a load and a store) runs
// as one kernel of one thread: nothing reads tensor data on the host.
// CHECK-LABEL: func.func @serial
// CHECK: %[[ONE:.*]] = arith.constant 1 : index
// CHECK: gpu.launch blocks({{.*}}) in ({{.*}} = %[[ONE]], {{.*}} = %[[ONE]], {{.*}} = %[[ONE]]) threads({{.*}}) in ({{.*}} = %[[ONE]], {{.*}} = %[[ONE]], {{.*}} = %[[ONE]])
// CHECK-NEXT: scf.for
// CHECK: memref.load
// CHECK: memref.store
// CHECK: gpu.terminator
// CHECK-NEXT: }
// CHECK-NEXT: return
func.func @serial(%a: memref<8xf32>, %out: memref<f32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %zero = arith.constant 0.0 : f32
  %sum = scf.for %k = %c0 to %c8 step %c1 iter_args(%acc = %zero) -> f32 {
    %v = memref.load %a[%k] : memref<8xf32>
    %s = arith.addf %acc, %v : f32
    scf.yield %s : f32
  }
  memref.store %sum, %out[] : memref<f32>
  return
}

// -----

// A size read from tensor data cannot reach the host.
func.func @size_from_data(%a: memref<1xindex>) {
  %c0 = arith.constant 0 : index
  %n = memref.load %a[%c0] : memref<1xindex>
  // expected-error @+1 {{'memref.alloc' on the host needs a value that only the GPU computes}}
  %buffer = memref.alloc(%n) : memref<?xf32>
  return
}

// -----

// A counted loop around kernels and allocations (as decompositions make)
// stays on the host; its body is mapped: the loop launches a kernel per
// iteration.
// CHECK-LABEL: func.func @counted
// CHECK: scf.for
// CHECK-NEXT: memref.alloc
// CHECK: gpu.launch
// CHECK: memref.load
// CHECK: gpu.terminator
// CHECK: scf.yield
func.func @counted(%a: memref<8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %c8 = arith.constant 8 : index
  %last = scf.for %k = %c0 to %c3 step %c1 iter_args(%in = %a) -> memref<8xf32> {
    %next = memref.alloc() : memref<8xf32>
    scf.parallel (%i) = (%c0) to (%c8) step (%c1) {
      %v = memref.load %in[%i] : memref<8xf32>
      %w = arith.addf %v, %v : f32
      memref.store %w, %next[%i] : memref<8xf32>
      scf.reduce
    }
    scf.yield %next : memref<8xf32>
  }
  return
}
