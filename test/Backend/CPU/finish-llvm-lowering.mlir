// RUN: mdf-opt %s --mdf-finish-llvm-lowering --split-input-file | FileCheck %s
// RUN: mdf-opt %s --mdf-finish-llvm-lowering=bare-pointers=false --split-input-file | FileCheck %s --check-prefix=DESCRIPTOR

// memref, arith, cf and func in one conversion, with bare pointers for
// memref arguments; no unrealized casts are left.
// CHECK-LABEL: llvm.func @sum(
// CHECK-SAME: %{{.*}}: !llvm.ptr) -> f32
// CHECK: llvm.br ^[[HEAD:.*]](
// CHECK: ^[[HEAD]](
// CHECK: llvm.icmp "slt"
// CHECK: llvm.cond_br
// CHECK: llvm.getelementptr
// CHECK: llvm.load
// CHECK: llvm.fadd
// CHECK: llvm.return
// CHECK-NOT: unrealized_conversion_cast
// DESCRIPTOR-LABEL: llvm.func @sum(
// DESCRIPTOR-SAME: %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: i64, %{{.*}}: i64, %{{.*}}: i64) -> f32
func.func @sum(%m: memref<8xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %zero = arith.constant 0.0 : f32
  cf.br ^head(%c0, %zero : index, f32)
^head(%i: index, %acc: f32):
  %more = arith.cmpi slt, %i, %c8 : index
  cf.cond_br %more, ^body, ^done
^body:
  %v = memref.load %m[%i] : memref<8xf32>
  %next = arith.addf %acc, %v : f32
  %j = arith.addi %i, %c1 : index
  cf.br ^head(%j, %next : index, f32)
^done:
  return %acc : f32
}

// -----

// ub.poison and globals go the same way.
// CHECK: llvm.mlir.global private constant @table(dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>)
// CHECK-LABEL: llvm.func @first(
// CHECK: llvm.mlir.addressof @table
// CHECK: llvm.mlir.poison : i32
memref.global "private" constant @table : memref<2xf32> = dense<[1.0, 2.0]>
func.func @first() -> (f32, i32) {
  %t = memref.get_global @table : memref<2xf32>
  %c0 = arith.constant 0 : index
  %v = memref.load %t[%c0] : memref<2xf32>
  %p = ub.poison : i32
  return %v, %p : f32, i32
}

// -----

// floordivsi and ceildivsi expand to arithmetic, as convert-arith-to-llvm
// does.
// CHECK-LABEL: llvm.func @divide(
// CHECK-NOT: arith.
// CHECK: llvm.sdiv
// CHECK-NOT: arith.
// CHECK: llvm.return
func.func @divide(%a: i64, %b: i64) -> (i64, i64) {
  %f = arith.floordivsi %a, %b : i64
  %c = arith.ceildivsi %a, %b : i64
  return %f, %c : i64, i64
}
