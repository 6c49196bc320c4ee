// Verifier errors of the structure ops.
// RUN: mdf-opt %s -split-input-file -verify-diagnostics

mdf.model "m" {
  mdf.graph "g" {
    mdf.node "a" {
      mdf.output_port "out" : tensor<f64> attributes {value = 1 : i64} value {
        %0 = mdf.constant dense<1.0> : tensor<f64>
        mdf.yield %0 : tensor<f64>
      }
    }
    // expected-error @+1 {{refers to the unknown node 'b'}}
    mdf.edge "e" {receiver = "b", receiver_port = "in", sender = "a", sender_port = "out"}
  }
}

// -----

mdf.model "m" {
  mdf.graph "g" {
    mdf.node "a" {
      mdf.output_port "out" : tensor<f64> attributes {value = "nothing"} value {
        // expected-error @+1 {{refers to 'nothing', which node 'a' does not define}}
        %0 = mdf.ref "nothing" : tensor<f64>
        mdf.yield %0 : tensor<f64>
      }
    }
  }
}

// -----

mdf.model "m" {
  mdf.graph "g" {
    mdf.node "a" {
      mdf.input_port "x" : tensor<2xf64>
      // expected-error @+1 {{region 'value' yields 'tensor<2xf64>' but must yield 'tensor<f64>'}}
      mdf.output_port "out" : tensor<f64> attributes {value = "x"} value {
        %0 = mdf.ref "x" : tensor<2xf64>
        mdf.yield %0 : tensor<2xf64>
      }
    }
  }
}

// -----

mdf.model "m" {
  mdf.graph "g" {
    mdf.node "a" {
      // expected-error @+1 {{has an initial region exactly when it has a 'default_initial_value'}}
      mdf.parameter "p" : tensor<f64> attributes {default_initial_value = 0 : i64, time_derivative = "1"} derivative {
        %0 = mdf.constant dense<1.0> : tensor<f64>
        mdf.yield %0 : tensor<f64>
      }
    }
  }
}

// -----

mdf.model "m" {
  // expected-error @+1 {{has two nodes with the id 'a'}}
  mdf.graph "g" {
    mdf.node "a" {
    }
    mdf.node "a" {
    }
  }
}
