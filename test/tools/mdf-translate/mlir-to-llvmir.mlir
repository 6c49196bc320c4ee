// The upstream LLVM IR export works through mdf-translate.
// RUN: mdf-translate --mlir-to-llvmir %s | FileCheck %s

// CHECK: define float @twice(float %[[X:.*]])
// CHECK: fadd float %[[X]], %[[X]]
llvm.func @twice(%x: f32) -> f32 {
  %0 = llvm.fadd %x, %x : f32
  llvm.return %0 : f32
}
