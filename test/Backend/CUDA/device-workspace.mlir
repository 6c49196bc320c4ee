// RUN: mdf-opt %s --mdf-device-workspace | FileCheck %s

// Two temporaries whose lives do not overlap share offset 0 of one
// workspace global; a dynamic one becomes a device allocation. The module
// lists the globals mdf-device-globals must place on the device.
// CHECK: module attributes {mdf.device_globals = [@weights, @__mdf_device_workspace_f]}
// CHECK: memref.global "private" @__mdf_device_workspace_f : memref<4096xi8> = uninitialized
// CHECK-LABEL: func.func @f
// CHECK: %[[BASE:[0-9]+]] = memref.get_global @__mdf_device_workspace_f
// CHECK: memref.view %[[BASE]][%c0{{(_[0-9]+)?}}][] : memref<4096xi8> to memref<1024xf32>
// CHECK: memref.view %[[BASE]][%c0{{(_[0-9]+)?}}][] : memref<4096xi8> to memref<256xf32>
// CHECK: %[[DYNAMIC:.*]] = gpu.alloc (%arg1) : memref<?xf32>
// CHECK: gpu.dealloc %[[DYNAMIC]]
// CHECK-NOT: memref.alloc
// CHECK-NOT: memref.dealloc
module {
  memref.global "private" constant @weights : memref<4xf32> = dense<1.0>
  func.func @f(%out: memref<256xf32>, %n: index) {
    %c0 = arith.constant 0 : index
    %w = memref.get_global @weights : memref<4xf32>
    %a = memref.alloc() : memref<1024xf32>
    %part = memref.subview %a[0] [4] [1] : memref<1024xf32> to memref<4xf32, strided<[1]>>
    memref.copy %w, %part : memref<4xf32> to memref<4xf32, strided<[1]>>
    memref.dealloc %a : memref<1024xf32>
    %b = memref.alloc() : memref<256xf32>
    memref.copy %b, %out : memref<256xf32> to memref<256xf32>
    memref.dealloc %b : memref<256xf32>
    %d = memref.alloc(%n) : memref<?xf32>
    memref.dealloc %d : memref<?xf32>
    return
  }
}
