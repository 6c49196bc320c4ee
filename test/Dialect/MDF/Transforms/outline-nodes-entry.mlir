// mdf-outline-nodes{entry-function=forward}: one evaluation of the first
// graph as a function. Nodes run in edge order (here "cell" is written first
// but runs after "src"), the unconnected input port is the argument, every
// output port a result, and the step functions become private.
// RUN: mdf-opt %s --split-input-file --verify-diagnostics --mdf-outline-nodes=entry-function=forward | FileCheck %s

// CHECK: func.func private @mdf_g0_n0(
// CHECK: func.func private @mdf_g0_n1(
// CHECK: func.func private @mdf_g0_e0(
// CHECK-LABEL: func.func @forward(
// CHECK-SAME: %[[GAIN:.*]]: tensor<f64>) -> (tensor<f64>, tensor<f64>)
// CHECK-DAG: %[[FIRST:.*]] = mdf.constant dense<1.000000e+00> : tensor<f64>
// CHECK-DAG: %[[ZERO:.*]] = mdf.constant dense<0.000000e+00> : tensor<f64>
// CHECK: %[[SRC:.*]] = call @mdf_g0_n1(%[[FIRST]], %[[ZERO]], %[[ZERO]])
// CHECK: %[[SENT:.*]] = call @mdf_g0_e0(%[[SRC]])
// CHECK: %[[CELL:.*]] = call @mdf_g0_n0(%[[FIRST]], %[[ZERO]], %[[ZERO]], %[[SENT]], %[[GAIN]])
// CHECK: return %[[CELL]], %[[SRC]]
mdf.model "m" {
  mdf.graph "g" {
    mdf.node "cell" {
      mdf.input_port "in" : tensor<f64>
      mdf.input_port "gain" : tensor<f64>
      mdf.output_port "out" : tensor<f64> attributes {value = "in * gain"} value {
        %0 = mdf.ref "in" : tensor<f64>
        %1 = mdf.ref "gain" : tensor<f64>
        %2 = mdf.mul %0, %1 : (tensor<f64>, tensor<f64>) -> tensor<f64>
        mdf.yield %2 : tensor<f64>
      }
    }
    mdf.node "src" {
      mdf.output_port "out" : tensor<f64> attributes {value = 2 : i64} value {
        %0 = mdf.constant dense<2.0> : tensor<f64>
        mdf.yield %0 : tensor<f64>
      }
    }
    mdf.edge "e" {receiver = "cell", receiver_port = "in", sender = "src", sender_port = "out"}
  }
}

// -----

// expected-error @+2 {{has a cycle of edges through node 'a': a compiled entry function needs an acyclic graph (run cyclic graphs with mdf-run)}}
mdf.model "m" {
  mdf.graph "g" {
    mdf.node "a" {
      mdf.input_port "in" : tensor<f64>
      mdf.output_port "out" : tensor<f64> attributes {value = "in"} value {
        %0 = mdf.ref "in" : tensor<f64>
        mdf.yield %0 : tensor<f64>
      }
    }
    mdf.node "b" {
      mdf.input_port "in" : tensor<f64>
      mdf.output_port "out" : tensor<f64> attributes {value = "in"} value {
        %0 = mdf.ref "in" : tensor<f64>
        mdf.yield %0 : tensor<f64>
      }
    }
    mdf.edge "ab" {receiver = "b", receiver_port = "in", sender = "a", sender_port = "out"}
    mdf.edge "ba" {receiver = "a", receiver_port = "in", sender = "b", sender_port = "out"}
  }
}

// -----

mdf.model "m" {
  mdf.graph "g" {
    mdf.node "a" {
      mdf.output_port "out" : tensor<f64> attributes {value = 1 : i64} value {
        %0 = mdf.constant dense<1.0> : tensor<f64>
        mdf.yield %0 : tensor<f64>
      }
    }
    // expected-error @+1 {{makes the order of evaluation depend on the scheduler, but a compiled entry function runs each node once (run this model with mdf-run)}}
    mdf.conditions {node_specific = {a = {type = "Always", args = {}}}}
  }
}
