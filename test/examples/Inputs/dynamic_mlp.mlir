// A two-layer perceptron whose batch size is known only at run time.
func.func @forward(%x: tensor<?x16xf32>) -> tensor<?x3xf32> {
  %w1 = mdf.constant dense<0.125> : tensor<8x16xf32>
  %b1 = mdf.constant dense<[-0.5, -0.25, 0.0, 0.25, 0.5, 0.75, 1.0, -1.0]> : tensor<8xf32>
  %w2 = mdf.constant dense<[[1.0, -1.0, 0.5, 0.0, 0.25, 0.0, 1.0, 2.0], [0.0, 1.0, 0.0, -1.0, 0.0, 0.5, 0.0, 1.0], [-1.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.5, 0.0]]> : tensor<3x8xf32>
  %b2 = mdf.constant dense<[0.1, 0.2, 0.3]> : tensor<3xf32>
  %h = mdf.gemm %x, %w1, %b1 {trans_b} : (tensor<?x16xf32>, tensor<8x16xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %a = mdf.relu %h : tensor<?x8xf32>
  %l = mdf.gemm %a, %w2, %b2 {trans_b} : (tensor<?x8xf32>, tensor<3x8xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  %p = mdf.softmax %l {axis = -1 : i64} : tensor<?x3xf32>
  return %p : tensor<?x3xf32>
}
