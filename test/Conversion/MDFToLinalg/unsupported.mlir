// RUN: mdf-opt %s --convert-mdf-to-linalg -verify-diagnostics

// Ops this lowering cannot handle yet are reported with their name and
// location, and the pass fails.
func.func @dynamic_reshape(%x: tensor<?x4xf32>) -> tensor<?xf32> {
  // expected-error @+1 {{failed to legalize operation 'mdf.reshape'}}
  %0 = mdf.reshape %x {shape = array<i64: -1>} : tensor<?x4xf32> -> tensor<?xf32>
  return %0 : tensor<?xf32>
}
