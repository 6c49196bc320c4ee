// The convolution block of conv_block.mlir with a dynamic batch, for the
// concurrency test of batch-scaled temporaries.
func.func @forward(%x: tensor<?x8x32x32xf32>) -> tensor<?x8x32x32xf32> {
  %w = mdf.constant dense<0.05> : tensor<8x8x3x3xf32>
  %c = mdf.conv %x, %w {pads = array<i64: 1, 1, 1, 1>} : (tensor<?x8x32x32xf32>, tensor<8x8x3x3xf32>) -> tensor<?x8x32x32xf32>
  %r = mdf.relu %c : tensor<?x8x32x32xf32>
  %d = mdf.conv %r, %w {pads = array<i64: 1, 1, 1, 1>} : (tensor<?x8x32x32xf32>, tensor<8x8x3x3xf32>) -> tensor<?x8x32x32xf32>
  %s = mdf.add %d, %x : (tensor<?x8x32x32xf32>, tensor<?x8x32x32xf32>) -> tensor<?x8x32x32xf32>
  return %s : tensor<?x8x32x32xf32>
}
