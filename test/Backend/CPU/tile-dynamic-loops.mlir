// RUN: mdf-opt %s --split-input-file --convert-mdf-to-linalg \
// RUN:   --mdf-tile-dynamic-loops | FileCheck %s

// The dynamic loop is tiled by one: the linalg op inside sees static tiles.
// CHECK-LABEL: func.func @relu_rows
// CHECK: scf.for %[[I:.*]] = %c0 to %{{.*}} step %c1
// CHECK: tensor.extract_slice %arg0[%[[I]], 0] [1, 16] [1, 1] : tensor<?x16xf32> to tensor<1x16xf32>
// CHECK: linalg.generic {{.*}} ins(%{{.*}} : tensor<1x16xf32>) outs(%{{.*}} : tensor<1x16xf32>)
// CHECK: tensor.insert_slice {{.*}} : tensor<1x16xf32> into tensor<?x16xf32>
func.func @relu_rows(%x: tensor<?x16xf32>) -> tensor<?x16xf32> {
  %r = mdf.relu %x : tensor<?x16xf32>
  return %r : tensor<?x16xf32>
}

// -----

// A matmul with a dynamic M becomes one row-matmul per row; the sizes of
// the intermediate come from the input's, so nothing reads the dimension
// of a computed tensor.
// CHECK-LABEL: func.func @linear
// CHECK-NOT: tensor.dim %{{[0-9]+}}
// CHECK: scf.for
// CHECK: linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<1x8xf32>, tensor<8x4xf32>) outs(%{{.*}} : tensor<1x4xf32>)
// CHECK: scf.for
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<1x4xf32>)
func.func @linear(%x: tensor<?x8xf32>, %w: tensor<8x4xf32>) -> tensor<?x4xf32> {
  %m = mdf.matmul %x, %w : (tensor<?x8xf32>, tensor<8x4xf32>) -> tensor<?x4xf32>
  %r = mdf.relu %m : tensor<?x4xf32>
  return %r : tensor<?x4xf32>
}

// -----

// A dynamic pad becomes a fill of the result and a copy of the input into
// its interior, each tiled by one.
// CHECK-LABEL: func.func @pad_rows
// CHECK-NOT: tensor.pad
// CHECK: scf.for
// CHECK: linalg.fill {{.*}} -> tensor<1x20xf32>
// CHECK: tensor.extract_slice %{{.*}}[1, 2] [%{{.*}}, 16] [1, 1]
// CHECK: scf.for
// CHECK: linalg.copy ins(%{{.*}} : tensor<1x16xf32>) outs(%{{.*}} : tensor<1x16xf32>)
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[1, 2] [%{{.*}}, 16] [1, 1]
func.func @pad_rows(%x: tensor<?x16xf32>) -> tensor<?x20xf32> {
  %r = mdf.pad %x {pads = array<i64: 1, 2, 1, 2>, mode = "constant"} : tensor<?x16xf32> -> tensor<?x20xf32>
  return %r : tensor<?x20xf32>
}

// -----

// Static ops are left to the static schedules.
// CHECK-LABEL: func.func @static_relu
// CHECK-NOT: scf.for
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<4x16xf32>)
func.func @static_relu(%x: tensor<4x16xf32>) -> tensor<4x16xf32> {
  %r = mdf.relu %x : tensor<4x16xf32>
  return %r : tensor<4x16xf32>
}
