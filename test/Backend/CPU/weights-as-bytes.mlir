// RUN: mdf-opt %s --mdf-weights-as-bytes | FileCheck %s
// RUN: mdf-opt %s --mdf-weights-as-bytes | mdf-translate --mlir-to-llvmir | FileCheck %s --check-prefix=LLVM

// A resource weight of 64 floats (256 bytes) becomes 256 bytes over the
// same blob, aligned to 64; uses (addressof) are unchanged.
// CHECK: llvm.mlir.global internal constant @weight(dense_resource<weight> : tensor<256xi8>) {addr_space = 0 : i32, alignment = 64 : i64} : !llvm.array<256 x i8>
// LLVM: @weight = internal constant [256 x i8] c"\00\00\80?\00\00\80?
// LLVM-SAME: align 64
llvm.mlir.global internal constant @weight(dense_resource<weight> : tensor<8x8xf32>) {addr_space = 0 : i32} : !llvm.array<8 x array<8 x f32>>

// A dense (non-splat) i32 table of 80 elements keeps its bytes in order;
// a larger alignment stays.
// CHECK: llvm.mlir.global internal constant @table(dense<"0x{{0+}}0100000002000000{{.*}}"> : tensor<320xi8>) {addr_space = 0 : i32, alignment = 128 : i64} : !llvm.array<320 x i8>
llvm.mlir.global internal constant @table(dense<[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]> : tensor<80xi32>) {addr_space = 0 : i32, alignment = 128 : i64} : !llvm.array<80 x i32>

// Left as they are: small globals, splats, mutable globals, booleans.
// CHECK: llvm.mlir.global internal constant @small(dense<1.000000e+00> : tensor<2xf32>)
// CHECK-SAME: !llvm.array<2 x f32>
llvm.mlir.global internal constant @small(dense<[1.0, 1.0]> : tensor<2xf32>) {addr_space = 0 : i32} : !llvm.array<2 x f32>
// CHECK: llvm.mlir.global internal constant @splat(dense<2.000000e+00> : tensor<128xf32>)
// CHECK-SAME: !llvm.array<128 x f32>
llvm.mlir.global internal constant @splat(dense<2.0> : tensor<128xf32>) {addr_space = 0 : i32} : !llvm.array<128 x f32>
// CHECK: llvm.mlir.global internal @state(dense_resource<weight> : tensor<8x8xf32>)
// CHECK-SAME: !llvm.array<8 x array<8 x f32>>
llvm.mlir.global internal @state(dense_resource<weight> : tensor<8x8xf32>) {addr_space = 0 : i32} : !llvm.array<8 x array<8 x f32>>

// CHECK-LABEL: llvm.func @first
// CHECK: llvm.mlir.addressof @weight : !llvm.ptr
llvm.func @first() -> f32 {
  %0 = llvm.mlir.addressof @weight : !llvm.ptr
  %1 = llvm.load %0 : !llvm.ptr -> f32
  llvm.return %1 : f32
}

{-#
  dialect_resources: {
    builtin: {
      weight: "0x040000000000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F"
    }
  }
#-}
