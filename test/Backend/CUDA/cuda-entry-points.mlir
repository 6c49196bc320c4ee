// RUN: mdf-opt %s --mdf-cuda-entry-points | FileCheck %s

// The body becomes private; the device entry point takes the stream and
// returns the runtime's status; the host one copies the input (only read)
// in and the output (written) out.
// CHECK-LABEL: func.func @model_device(%arg0: memref<4xf32>, %arg1: memref<4xf32>, %arg2: !llvm.ptr) -> i32
// CHECK-NEXT: call @mdfCudaBeginCall(%arg2)
// CHECK-NEXT: call @model_body(%arg0, %arg1)
// CHECK-NEXT: %[[STATUS:.*]] = call @mdfCudaEndCall() : () -> i32
// CHECK-NEXT: return %[[STATUS]]
// CHECK-LABEL: func.func @model(%arg0: memref<4xf32>, %arg1: memref<4xf32>) -> i32
// CHECK: %[[NULL:.*]] = llvm.mlir.zero : !llvm.ptr
// CHECK: call @mdfCudaBeginCall(%[[NULL]])
// CHECK: %[[IN:.*]] = gpu.alloc  () : memref<4xf32>
// CHECK-NEXT: gpu.memcpy %[[IN]], %arg0
// CHECK-NEXT: %[[OUT:.*]] = gpu.alloc  () : memref<4xf32>
// CHECK-NEXT: call @model_body(%[[IN]], %[[OUT]])
// CHECK-NEXT: gpu.memcpy %arg1, %[[OUT]]
// CHECK-NEXT: gpu.dealloc %[[IN]]
// CHECK-NEXT: gpu.dealloc %[[OUT]]
// CHECK-NEXT: %[[STATUS:.*]] = call @mdfCudaEndCall() : () -> i32
// CHECK-NEXT: return %[[STATUS]]
// CHECK-LABEL: func.func private @model_body(%arg0: memref<4xf32>, %arg1: memref<4xf32>)
// CHECK: memref.copy %arg0
// CHECK: func.func private @mdfCudaBeginCall(!llvm.ptr)
// CHECK: func.func private @mdfCudaEndCall() -> i32
func.func @model(%in: memref<4xf32>, %out: memref<4xf32>) {
  %view = memref.subview %out[0] [4] [1] : memref<4xf32> to memref<4xf32, strided<[1]>>
  memref.copy %in, %view : memref<4xf32> to memref<4xf32, strided<[1]>>
  return
}
