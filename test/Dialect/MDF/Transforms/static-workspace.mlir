// RUN: mdf-opt %s --mdf-static-workspace --split-input-file | FileCheck %s
// RUN: mdf-opt %s --mdf-static-workspace=max-bytes=1000 --split-input-file | FileCheck %s --check-prefix=SMALL

// %a (1 KiB) dies at the first copy, so %b reuses its bytes; %c is live
// together with %b and goes after it. The workspace is 2 KiB.
// CHECK: memref.global "private" @__mdf_workspace_temps : memref<2048xi8> = uninitialized {alignment = 64 : i64}
// CHECK: memref.global "private" @__mdf_workspace_busy_temps : memref<i32> = dense<0>
// CHECK-LABEL: func.func @temps(
// CHECK-SAME: %[[IN:.*]]: memref<256xf32>, %[[OUT:.*]]: memref<256xf32>)
// CHECK:   %[[FLAG:.*]] = memref.get_global @__mdf_workspace_busy_temps
// CHECK:   %[[OLD:.*]] = memref.atomic_rmw assign %c1_i32, %[[FLAG]][]
// CHECK:   %[[FREE:.*]] = arith.cmpi eq, %[[OLD]], %c0_i32
// CHECK:   %[[WS:.*]] = scf.if %[[FREE]] -> (memref<2048xi8>) {
// CHECK:     memref.get_global @__mdf_workspace_temps
// CHECK:   } else {
// CHECK:     memref.alloc() {alignment = 64 : i64} : memref<2048xi8>
// CHECK:   %[[A:.*]] = memref.view %[[WS]][%c0{{.*}}][] : memref<2048xi8> to memref<256xf32>
// CHECK:   memref.copy %[[IN]], %[[A]]
// CHECK:   %[[B:.*]] = memref.view %[[WS]][%c0{{.*}}][] : memref<2048xi8> to memref<256xf32>
// CHECK:   %[[C:.*]] = memref.view %[[WS]][%c1024{{.*}}][] : memref<2048xi8> to memref<2x128xf32>
// CHECK-NOT: memref.dealloc %[[A]]
// CHECK:   scf.if %[[FREE]] {
// CHECK:     memref.atomic_rmw assign %c0_i32, %[[FLAG]][]
// CHECK:   } else {
// CHECK:     memref.dealloc %[[WS]]
// CHECK:   return

// SMALL-NOT: __mdf_workspace
// SMALL: memref.alloc() : memref<256xf32>
func.func @temps(%in: memref<256xf32>, %out: memref<256xf32>) {
  %a = memref.alloc() : memref<256xf32>
  memref.copy %in, %a : memref<256xf32> to memref<256xf32>
  memref.copy %a, %out : memref<256xf32> to memref<256xf32>
  %b = memref.alloc() : memref<256xf32>
  %c = memref.alloc() : memref<2x128xf32>
  memref.copy %in, %b : memref<256xf32> to memref<256xf32>
  %c_flat = memref.collapse_shape %c [[0, 1]] : memref<2x128xf32> into memref<256xf32>
  memref.copy %b, %c_flat : memref<256xf32> to memref<256xf32>
  memref.copy %c_flat, %out : memref<256xf32> to memref<256xf32>
  memref.dealloc %a : memref<256xf32>
  memref.dealloc %b : memref<256xf32>
  memref.dealloc %c : memref<2x128xf32>
  return
}

// -----

// A view keeps its buffer alive: %a is used through %sub after %b is
// allocated, so the two do not share bytes.
// CHECK: memref.global "private" @__mdf_workspace_through_view : memref<128xi8>
// CHECK-LABEL: func.func @through_view(
// CHECK: memref.view %{{.*}}[%c0{{.*}}][] : memref<128xi8> to memref<16xf32>
// CHECK: memref.view %{{.*}}[%c64{{.*}}][] : memref<128xi8> to memref<8xf32>
func.func @through_view(%in: memref<16xf32>, %out: memref<8xf32>) {
  %a = memref.alloc() : memref<16xf32>
  memref.copy %in, %a : memref<16xf32> to memref<16xf32>
  %sub = memref.subview %a[8] [8] [1] : memref<16xf32> to memref<8xf32, strided<[1], offset: 8>>
  %b = memref.alloc() : memref<8xf32>
  memref.copy %sub, %b : memref<8xf32, strided<[1], offset: 8>> to memref<8xf32>
  memref.copy %b, %out : memref<8xf32> to memref<8xf32>
  memref.dealloc %a : memref<16xf32>
  memref.dealloc %b : memref<8xf32>
  return
}

// -----

// Buffers that are returned, dynamically sized, allocated in a loop or
// freed conditionally keep their own allocations; no workspace is made.
// CHECK-NOT: __mdf_workspace
// CHECK-LABEL: func.func @kept(
// CHECK-COUNT-4: memref.alloc
func.func @kept(%n: index, %cond: i1) -> memref<4xf32> {
  %ret = memref.alloc() : memref<4xf32>
  %dyn = memref.alloc(%n) : memref<?xf32>
  memref.dealloc %dyn : memref<?xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %n step %c1 {
    %inner = memref.alloc() : memref<4xf32>
    memref.dealloc %inner : memref<4xf32>
  }
  %maybe = memref.alloc() : memref<4xf32>
  scf.if %cond {
    memref.dealloc %maybe : memref<4xf32>
  }
  return %ret : memref<4xf32>
}
