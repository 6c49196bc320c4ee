// A convolution block with intermediate buffers, for the concurrency test.
func.func @forward(%x: tensor<1x8x32x32xf32>) -> tensor<1x8x32x32xf32> {
  %w = mdf.constant dense<0.05> : tensor<8x8x3x3xf32>
  %c = mdf.conv %x, %w {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x8x32x32xf32>, tensor<8x8x3x3xf32>) -> tensor<1x8x32x32xf32>
  %r = mdf.relu %c : tensor<1x8x32x32xf32>
  %d = mdf.conv %r, %w {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x8x32x32xf32>, tensor<8x8x3x3xf32>) -> tensor<1x8x32x32xf32>
  %s = mdf.add %d, %x : (tensor<1x8x32x32xf32>, tensor<1x8x32x32xf32>) -> tensor<1x8x32x32xf32>
  return %s : tensor<1x8x32x32xf32>
}
