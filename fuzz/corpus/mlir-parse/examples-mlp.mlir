// A small multi-layer perceptron in the mdf dialect: a 4x4 single-channel
// image is flattened and goes through two fully connected layers and a
// softmax over 3 classes. Its intermediate types are left partly unknown
// (`?`) the way a front end may write them; `mdf-opt --mdf-infer-shapes`
// fills them in from the input type and `--canonicalize` folds the scaling
// by one away.
//
//   mdf-opt examples/mlp.mlir --mdf-infer-shapes --canonicalize

func.func @forward(%image: tensor<1x1x4x4xf32>) -> tensor<?x?xf32> {
  %w1 = mdf.constant dense<[[-0.1762, -0.3492, 0.1509, -0.4276, 0.0359, -0.1343, -0.4420, 0.0074, -0.4625, -0.0664, -0.4301, -0.4093, -0.0755, 0.3269, -0.3762, -0.2768], [0.1274, 0.4477, 0.0771, -0.1033, 0.4763, -0.4534, 0.3585, -0.2104, -0.3557, -0.3822, -0.1915, 0.3161, -0.3193, 0.0816, 0.1389, -0.1276], [0.0477, -0.4372, -0.4404, -0.2940, 0.1804, -0.0724, -0.1859, 0.0856, -0.0468, -0.2002, 0.2944, 0.1990, -0.2559, 0.0744, 0.0252, 0.3751], [0.2294, -0.2121, 0.4802, -0.3819, -0.0819, 0.2571, -0.3480, -0.0110, -0.4608, 0.1682, 0.2646, 0.0730, 0.3755, -0.1863, 0.1953, 0.0944], [0.0799, -0.0438, 0.3400, 0.4447, -0.0259, 0.1642, -0.4393, 0.2015, 0.1471, 0.4931, 0.3219, -0.2154, -0.1142, 0.1687, -0.4774, -0.0383], [-0.3320, -0.3829, -0.4410, 0.2682, -0.3707, -0.2524, -0.1091, 0.3714, -0.4194, -0.0508, 0.0494, 0.3834, 0.3193, 0.3640, -0.2216, -0.0847], [-0.1412, 0.3842, 0.4577, -0.3491, -0.3238, -0.2680, -0.2667, -0.0150, 0.0891, -0.2373, -0.4959, -0.0811, -0.1307, 0.0663, 0.4531, 0.1905], [0.0155, 0.1176, 0.1762, -0.4460, 0.3995, 0.2800, 0.3745, 0.2979, -0.1076, -0.1010, -0.3965, 0.1343, -0.4378, -0.4327, -0.2912, -0.3377]]> : tensor<8x16xf32>
  %b1 = mdf.constant dense<[-0.0320, -0.0895, -0.1000, -0.0697, -0.0797, -0.0273, -0.0949, 0.0749]> : tensor<8xf32>
  %w2 = mdf.constant dense<[[0.1141, -0.3514, -0.2477, -0.1526, -0.1358, -0.3772, 0.3489, 0.4931], [-0.0340, -0.0162, -0.4141, -0.3978, -0.1574, -0.2352, 0.3289, -0.3386], [-0.4769, 0.4510, 0.0283, -0.3534, 0.0432, -0.4730, 0.0281, 0.4785]]> : tensor<3x8xf32>
  %b2 = mdf.constant dense<[0.0727, 0.0392, -0.0478]> : tensor<3xf32>
  %one = mdf.constant dense<1.0> : tensor<f32>

  %x = mdf.flatten %image {start_dim = 1 : i64} : tensor<1x1x4x4xf32> -> tensor<?x?xf32>
  %scaled = mdf.mul %x, %one : (tensor<?x?xf32>, tensor<f32>) -> tensor<?x?xf32>
  %h = mdf.gemm %scaled, %w1, %b1 {trans_b} : (tensor<?x?xf32>, tensor<8x16xf32>, tensor<8xf32>) -> tensor<?x8xf32>
  %a = mdf.relu %h : tensor<?x8xf32>
  %logits = mdf.gemm %a, %w2, %b2 {trans_b} : (tensor<?x8xf32>, tensor<3x8xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  %probs = mdf.softmax %logits {axis = -1 : i64} : tensor<?x3xf32>
  %out = mdf.reshape %probs {shape = array<i64: 1, -1>} : tensor<?x3xf32> -> tensor<?x?xf32>
  return %out : tensor<?x?xf32>
}
