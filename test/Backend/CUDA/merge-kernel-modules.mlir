// RUN: mdf-opt %s --mdf-merge-kernel-modules | FileCheck %s

// Both kernels end up in the first module, the second renamed; the
// launches follow them.
// CHECK: gpu.module @k
// CHECK: gpu.func @k() kernel
// CHECK: gpu.func @k_0() kernel
// CHECK-NOT: gpu.module
// CHECK: gpu.launch_func @k::@k
// CHECK: gpu.launch_func @k::@k_0
module attributes {gpu.container_module} {
  gpu.module @k {
    gpu.func @k() kernel { gpu.return }
  }
  gpu.module @k_1 {
    gpu.func @k() kernel { gpu.return }
  }
  func.func @f() {
    %c1 = arith.constant 1 : index
    gpu.launch_func @k::@k blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1)
    gpu.launch_func @k_1::@k blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1)
    return
  }
}
