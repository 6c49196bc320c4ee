// RUN: mdf-opt %s --mdf-device-globals | FileCheck %s

// Host code gets device copies: the weight uploaded (1), the workspace only
// allocated (0); a global not in the list is left alone.
// CHECK-NOT: mdf.device_globals
// CHECK-LABEL: llvm.func @f
// CHECK-DAG: %[[W:.*]] = llvm.mlir.addressof @weights
// CHECK-DAG: %[[WS:.*]] = llvm.mlir.addressof @workspace
// CHECK-DAG: %[[S16:.*]] = llvm.mlir.constant(16 : i64)
// CHECK-DAG: %[[S256:.*]] = llvm.mlir.constant(256 : i64)
// CHECK-DAG: llvm.call @mdfCudaDeviceGlobal(%[[W]], %[[S16]], %{{.*}}) : (!llvm.ptr, i64, i32) -> !llvm.ptr
// CHECK-DAG: llvm.call @mdfCudaDeviceGlobal(%[[WS]], %[[S256]], %{{.*}}) : (!llvm.ptr, i64, i32) -> !llvm.ptr
// CHECK-DAG: llvm.mlir.addressof @other
// CHECK: llvm.func @mdfCudaDeviceGlobal(!llvm.ptr, i64, i32) -> !llvm.ptr
module attributes {mdf.device_globals = [@weights, @workspace]} {
  llvm.mlir.global private constant @weights(dense<1.0> : tensor<4xf32>) : !llvm.array<4 x f32>
  llvm.mlir.global private @workspace() : !llvm.array<256 x i8>
  llvm.mlir.global private constant @other(dense<1.0> : tensor<4xf32>) : !llvm.array<4 x f32>
  llvm.func @use(!llvm.ptr, !llvm.ptr, !llvm.ptr)
  llvm.func @f() {
    %w = llvm.mlir.addressof @weights : !llvm.ptr
    %ws = llvm.mlir.addressof @workspace : !llvm.ptr
    %o = llvm.mlir.addressof @other : !llvm.ptr
    llvm.call @use(%w, %ws, %o) : (!llvm.ptr, !llvm.ptr, !llvm.ptr) -> ()
    llvm.return
  }
}
