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
// CHECK:   } else {
// CHECK:     memref.dealloc %[[WS]]
// CHECK:   scf.if %[[FREE]] {
// CHECK:     %[[FLAG2:.*]] = memref.get_global @__mdf_workspace_busy_temps
// CHECK:     memref.atomic_rmw assign %c0_i32{{.*}}, %[[FLAG2]][]
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
// CHECK: return
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

// -----

// Temporaries that are one dynamic size (a batch) times a constant share
// one block, packed in units of that size: %a (64 bytes a unit) dies
// before %c, so %c reuses its bytes; %b goes after. Up to 16 units (the
// default scaled-units) the block is a static workspace of 16 x 128 bytes
// with its own busy flag; beyond, or when busy, a heap block.
// CHECK: memref.global "private" @__mdf_scaled_workspace0_scaled : memref<2048xi8> = uninitialized {alignment = 64 : i64}
// CHECK: memref.global "private" @__mdf_scaled_workspace0_busy_scaled : memref<i32> = dense<0>
// CHECK-LABEL: func.func @scaled(
// CHECK-SAME: %[[N:[^:]*]]: index
// CHECK:   %[[BYTES:.*]] = arith.muli %[[N]], %c128
// CHECK:   %[[OLD:.*]] = memref.atomic_rmw assign %c1_i32, %{{.*}}[]
// CHECK:   %[[FREE:.*]] = arith.cmpi eq, %[[OLD]], %c0_i32
// CHECK:   %[[FITS:.*]] = arith.cmpi ule, %[[N]], %c16
// CHECK:   %[[USE:.*]] = arith.andi %[[FREE]], %[[FITS]]
// CHECK:   %[[WS:.*]] = scf.if %[[USE]] -> (memref<?xi8>) {
// CHECK:     %[[G:.*]] = memref.get_global @__mdf_scaled_workspace0_scaled : memref<2048xi8>
// CHECK:     %[[CAST:.*]] = memref.cast %[[G]] : memref<2048xi8> to memref<?xi8>
// CHECK:     scf.yield %[[CAST]]
// CHECK:   } else {
// CHECK:     %[[HEAP:.*]] = memref.alloc(%[[BYTES]]) {alignment = 64 : i64} : memref<?xi8>
// CHECK:   %[[OFF_A:.*]] = arith.muli %[[N]], %c0
// CHECK:   memref.view %[[WS]][%[[OFF_A]]][%[[N]]] : memref<?xi8> to memref<?x16xf32>
// CHECK:   %[[OFF_B:.*]] = arith.muli %[[N]], %c64
// CHECK:   memref.view %[[WS]][%[[OFF_B]]][%[[N]]] : memref<?xi8> to memref<?x16xf32>
// CHECK:   memref.view %[[WS]][%{{.*}}][%[[N]]] : memref<?xi8> to memref<?x16xf32>
// CHECK-NOT: memref.alloc
// CHECK:   scf.if %[[USE]] {
// CHECK:   } else {
// CHECK:     memref.dealloc %[[WS]]
// CHECK:   scf.if %[[FREE]] {
// CHECK:     memref.atomic_rmw assign %c0_i32
// CHECK:   return

// With scaled-units=0 there is no static block: one heap block a call.
// RUN: mdf-opt %s --mdf-static-workspace=scaled-units=0 --split-input-file | FileCheck %s --check-prefix=UNCACHED
// UNCACHED-LABEL: func.func @scaled(
// UNCACHED-NOT: __mdf_scaled_workspace
// UNCACHED: %[[BLOCK:.*]] = memref.alloc(%{{.*}}) {alignment = 64 : i64} : memref<?xi8>
// UNCACHED: memref.dealloc %[[BLOCK]] : memref<?xi8>
// UNCACHED-NEXT: return
func.func @scaled(%n: index, %in: memref<?x16xf32>, %out: memref<?x16xf32>) {
  %a = memref.alloc(%n) : memref<?x16xf32>
  memref.copy %in, %a : memref<?x16xf32> to memref<?x16xf32>
  %b = memref.alloc(%n) : memref<?x16xf32>
  memref.copy %a, %b : memref<?x16xf32> to memref<?x16xf32>
  memref.dealloc %a : memref<?x16xf32>
  %c = memref.alloc(%n) : memref<?x16xf32>
  memref.copy %b, %c : memref<?x16xf32> to memref<?x16xf32>
  memref.copy %c, %out : memref<?x16xf32> to memref<?x16xf32>
  memref.dealloc %b : memref<?x16xf32>
  memref.dealloc %c : memref<?x16xf32>
  return
}
