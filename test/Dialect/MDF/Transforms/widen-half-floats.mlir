// RUN: mdf-opt %s --mdf-widen-half-floats --split-input-file | FileCheck %s

// Half-precision arguments are cast to f32 on entry, constants are
// converted exactly, every op computes in f32 and half-precision results
// are rounded back just before the return; the signature keeps its types.
// CHECK-LABEL: func.func @mixed(
// CHECK-SAME: %[[X:.*]]: tensor<4xf16>, %[[Y:.*]]: tensor<2x2xbf16>) -> (tensor<4xf16>, tensor<4xf32>, tensor<2x2xbf16>)
// CHECK-DAG: %[[XW:.*]] = mdf.cast %[[X]] : tensor<4xf16> -> tensor<4xf32>
// CHECK-DAG: %[[YW:.*]] = mdf.cast %[[Y]] : tensor<2x2xbf16> -> tensor<2x2xf32>
// CHECK-DAG: %[[C:.*]] = mdf.constant dense<[1.500000e+00, -2.000000e+00, 0.333007813, 6.550400e+04]> : tensor<4xf32>
// CHECK: %[[SUM:.*]] = mdf.add %[[XW]], %[[C]] : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
// CHECK: %[[R:.*]] = mdf.relu %[[SUM]] : tensor<4xf32>
// CHECK: %[[E:.*]] = mdf.exp %[[YW]] : tensor<2x2xf32>
// CHECK: %[[RH:.*]] = mdf.cast %[[R]] : tensor<4xf32> -> tensor<4xf16>
// CHECK: %[[EH:.*]] = mdf.cast %[[E]] : tensor<2x2xf32> -> tensor<2x2xbf16>
// CHECK: return %[[RH]], %[[R]], %[[EH]]
func.func @mixed(%x: tensor<4xf16>, %y: tensor<2x2xbf16>) -> (tensor<4xf16>, tensor<4xf32>, tensor<2x2xbf16>) {
  %c = mdf.constant dense<[1.5, -2.0, 0.333, 65504.0]> : tensor<4xf16>
  %0 = mdf.add %x, %c : (tensor<4xf16>, tensor<4xf16>) -> tensor<4xf16>
  %1 = mdf.relu %0 : tensor<4xf16>
  %2 = mdf.cast %1 : tensor<4xf16> -> tensor<4xf32>
  %3 = mdf.exp %y : tensor<2x2xbf16>
  return %1, %2, %3 : tensor<4xf16>, tensor<4xf32>, tensor<2x2xbf16>
}

// -----

// A resource weight of bf16 becomes an f32 resource with the same values
// (0x3FC0 is 1.5, 0xC000 is -2.0); a splat stays a splat.
// CHECK-LABEL: func.func @weights(
// CHECK-DAG: mdf.constant dense_resource<w_f32> : tensor<2xf32>
// CHECK-DAG: mdf.constant dense<2.500000e-01> : tensor<2xf32>
// CHECK: w_f32: "0x040000000000C03F000000C0"
func.func @weights(%x: tensor<2xf32>) -> tensor<2xf32> {
  %w = mdf.constant dense_resource<w> : tensor<2xbf16>
  %s = mdf.constant dense<0.25> : tensor<2xbf16>
  %0 = mdf.mul %w, %s : (tensor<2xbf16>, tensor<2xbf16>) -> tensor<2xbf16>
  %1 = mdf.cast %0 : tensor<2xbf16> -> tensor<2xf32>
  %2 = mdf.add %x, %1 : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %2 : tensor<2xf32>
}
{-#
  dialect_resources: {
    builtin: {
      w: "0x02000000C03F00C0"
    }
  }
#-}
