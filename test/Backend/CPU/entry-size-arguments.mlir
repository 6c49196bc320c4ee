// RUN: mdf-opt %s --split-input-file --verify-diagnostics \
// RUN:   --mdf-entry-size-arguments | FileCheck %s

// One leading index argument per dynamic input size; dynamic buffers become
// bare (rank-0) pointers viewed at their runtime sizes; outputs take the
// sizes the size function computes; callers get `<name>_output_sizes`.
// CHECK-LABEL: func.func @concat_rows(
// CHECK-SAME: %[[A:[^:]*]]: index, %[[B:[^:]*]]: index, %[[X:[^:]*]]: memref<f32>, %[[Y:[^:]*]]: memref<f32>, %[[OUT:[^:]*]]: memref<f32>)
// CHECK-NOT: mdf.num_results
// CHECK: %[[N:.*]] = call @concat_rows_output_sizes_impl(%[[A]], %[[B]])
// CHECK: memref.reinterpret_cast %[[X]] to offset: [0], sizes: [%[[A]], 16], strides: [16, 1] : memref<f32> to memref<?x16xf32>
// CHECK: memref.reinterpret_cast %[[Y]] to offset: [0], sizes: [%[[B]], 16], strides: [16, 1]
// CHECK: %[[VIEW:.*]] = memref.reinterpret_cast %[[OUT]] to offset: [0], sizes: [%[[N]], 16], strides: [16, 1]
// CHECK: func.func @concat_rows_output_sizes(%[[SA:.*]]: index, %[[SB:.*]]: index, %[[SIZES:.*]]: memref<1xi64>)
// CHECK-NEXT: %[[S:.*]] = call @concat_rows_output_sizes_impl(%[[SA]], %[[SB]])
// CHECK-NEXT: %[[S64:.*]] = arith.index_cast %[[S]] : index to i64
// CHECK: memref.store %[[S64]], %[[SIZES]][%{{.*}}] : memref<1xi64>
func.func @concat_rows(%x: memref<?x16xf32>, %y: memref<?x16xf32>, %out: memref<?x16xf32>) attributes {mdf.num_results = 1 : i64} {
  %c0 = arith.constant 0 : index
  %n = memref.dim %x, %c0 : memref<?x16xf32>
  %m = memref.dim %y, %c0 : memref<?x16xf32>
  %sub = memref.subview %out[0, 0] [%n, 16] [1, 1] : memref<?x16xf32> to memref<?x16xf32, strided<[16, 1]>>
  memref.copy %x, %sub : memref<?x16xf32> to memref<?x16xf32, strided<[16, 1]>>
  %sub2 = memref.subview %out[%n, 0] [%m, 16] [1, 1] : memref<?x16xf32> to memref<?x16xf32, strided<[16, 1], offset: ?>>
  memref.copy %y, %sub2 : memref<?x16xf32> to memref<?x16xf32, strided<[16, 1], offset: ?>>
  return
}
func.func private @concat_rows_output_sizes_impl(%a: index, %b: index) -> index {
  %s = arith.addi %a, %b : index
  return %s : index
}

// -----

// Static buffers keep their types; only the dynamic ones change.
// CHECK-LABEL: func.func @mixed(
// CHECK-SAME: %{{.*}}: index, %{{.*}}: memref<4x4xf32>, %{{.*}}: memref<f32>, %{{.*}}: memref<4xf32>)
func.func @mixed(%w: memref<4x4xf32>, %x: memref<?x4xf32>, %out: memref<4xf32>) attributes {mdf.num_results = 1 : i64} {
  return
}

// -----

// Functions that mdf-output-size-functions did not mark are left alone.
// CHECK-LABEL: func.func @unmarked(%{{.*}}: memref<?xf32>)
func.func @unmarked(%x: memref<?xf32>) {
  return
}

// -----

// A dynamic result that no size function describes is an error.
// expected-error @below {{result 0 has sizes that no output-size function computes}}
func.func @no_sizes(%x: memref<?xf32>, %out: memref<?xf32>) attributes {mdf.num_results = 1 : i64} {
  return
}

// -----

// expected-error @below {{argument 0 has the non-row-major type}}
func.func @strided(%x: memref<?xf32, strided<[2]>>, %out: memref<?xf32>) attributes {mdf.num_results = 1 : i64} {
  return
}
