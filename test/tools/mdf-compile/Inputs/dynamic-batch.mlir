// A model whose batch size is given at run time.
func.func @forward(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %y = mdf.relu %x : tensor<?x4xf32>
  return %y : tensor<?x4xf32>
}
