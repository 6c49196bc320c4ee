
func.func @forward(%x: tensor<2x4xf32>, %w: tensor<4x3xf32>) -> tensor<?x?xf32> {
  %r = mdf.relu %x : tensor<2x4xf32>
  %g = mdf.gemm %r, %w : (tensor<2x4xf32>, tensor<4x3xf32>) -> tensor<?x?xf32>
  %s = mdf.softmax %g {axis = 1 : i64} : tensor<?x?xf32>
  return %s : tensor<?x?xf32>
}
