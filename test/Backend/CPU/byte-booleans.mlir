// RUN: mdf-opt %s --mdf-byte-booleans | FileCheck %s

// Stores and loads of boolean vectors go through bytes; other vectors and
// scalar booleans are left alone.

// CHECK-LABEL: llvm.func @store_load(
// CHECK-SAME: %[[P:.*]]: !llvm.ptr, %[[V:.*]]: vector<8xi1>, %[[F:.*]]: vector<8xf32>, %[[S:.*]]: i1)
llvm.func @store_load(%p: !llvm.ptr, %v: vector<8xi1>, %f: vector<8xf32>, %s: i1) -> vector<8xi1> {
  // CHECK: %[[W:.*]] = llvm.zext %[[V]] : vector<8xi1> to vector<8xi8>
  // CHECK: llvm.store %[[W]], %[[P]] {alignment = 1 : i64} : vector<8xi8>, !llvm.ptr
  llvm.store %v, %p {alignment = 1 : i64} : vector<8xi1>, !llvm.ptr
  // CHECK: llvm.store %[[F]], %[[P]] : vector<8xf32>, !llvm.ptr
  llvm.store %f, %p : vector<8xf32>, !llvm.ptr
  // CHECK: llvm.store %[[S]], %[[P]] : i1, !llvm.ptr
  llvm.store %s, %p : i1, !llvm.ptr
  // CHECK: %[[L:.*]] = llvm.load %[[P]] : !llvm.ptr -> vector<8xi8>
  // CHECK: %[[T:.*]] = llvm.trunc %[[L]] : vector<8xi8> to vector<8xi1>
  // CHECK: llvm.return %[[T]]
  %l = llvm.load %p : !llvm.ptr -> vector<8xi1>
  llvm.return %l : vector<8xi1>
}

// CHECK-LABEL: llvm.func @masked(
// CHECK-SAME: %[[P:.*]]: !llvm.ptr, %[[V:.*]]: vector<4xi1>, %[[M:.*]]: vector<4xi1>)
llvm.func @masked(%p: !llvm.ptr, %v: vector<4xi1>, %m: vector<4xi1>) -> vector<4xi1> {
  // CHECK: %[[W:.*]] = llvm.zext %[[V]] : vector<4xi1> to vector<4xi8>
  // CHECK: llvm.intr.masked.store %[[W]], %[[P]], %[[M]] {alignment = 1 : i32} : vector<4xi8>, vector<4xi1> into !llvm.ptr
  llvm.intr.masked.store %v, %p, %m {alignment = 1 : i32} : vector<4xi1>, vector<4xi1> into !llvm.ptr
  // CHECK: %[[PT:.*]] = llvm.zext %[[V]] : vector<4xi1> to vector<4xi8>
  // CHECK: %[[L:.*]] = llvm.intr.masked.load %[[P]], %[[M]], %[[PT]] {alignment = 1 : i32} : (!llvm.ptr, vector<4xi1>, vector<4xi8>) -> vector<4xi8>
  // CHECK: %[[T:.*]] = llvm.trunc %[[L]] : vector<4xi8> to vector<4xi1>
  %l = llvm.intr.masked.load %p, %m, %v {alignment = 1 : i32} : (!llvm.ptr, vector<4xi1>, vector<4xi1>) -> vector<4xi1>
  llvm.return %l : vector<4xi1>
}
