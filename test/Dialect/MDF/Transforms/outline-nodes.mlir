// mdf-outline-nodes: one step function per node, one per edge.
// RUN: mdf-opt %s --mdf-outline-nodes | FileCheck %s

mdf.model "m" {
  mdf.graph "g" {
    mdf.node "src" {
      mdf.parameter "level" : tensor<f64> attributes {value = 2 : i64} value {
        %0 = mdf.constant dense<2.0> : tensor<f64>
        mdf.yield %0 : tensor<f64>
      }
      mdf.output_port "out" : tensor<f64> attributes {value = "level"} value {
        %0 = mdf.ref "level" : tensor<f64>
        mdf.yield %0 : tensor<f64>
      }
    }
    mdf.node "cell" {
      mdf.input_port "in" : tensor<f64>
      mdf.parameter "v" : tensor<f64> attributes {default_initial_value = 1 : i64, time_derivative = "in - v", conditions = [{test = "v > 5", value = 0 : i64}]} initial {
        %0 = mdf.constant dense<1.0> : tensor<f64>
        mdf.yield %0 : tensor<f64>
      } derivative {
        %0 = mdf.ref "in" : tensor<f64>
        %1 = mdf.ref "v" : tensor<f64>
        %2 = mdf.sub %0, %1 : (tensor<f64>, tensor<f64>) -> tensor<f64>
        mdf.yield %2 : tensor<f64>
      } conditions {
        %0 = mdf.ref "v" : tensor<f64>
        %1 = mdf.constant dense<5.0> : tensor<f64>
        %2 = mdf.compare gt, %0, %1 : (tensor<f64>, tensor<f64>) -> tensor<i1>
        %3 = mdf.constant dense<0.0> : tensor<f64>
        mdf.yield %2, %3 : tensor<i1>, tensor<f64>
      }
      mdf.output_port "out" : tensor<f64> attributes {value = "v"} value {
        %0 = mdf.ref "v" : tensor<f64>
        mdf.yield %0 : tensor<f64>
      }
    }
    mdf.edge "e" {parameters = {weight = 5.000000e-01 : f64}, receiver = "cell", receiver_port = "in", sender = "src", sender_port = "out"}
  }
}

// CHECK-NOT: mdf.model
// CHECK-LABEL: func.func @mdf_g0_n0(
// CHECK-SAME: attributes {mdf.node = "src"}
// CHECK-LABEL: func.func @mdf_g0_n1(
// CHECK-SAME: %[[FIRST:[^:]*]]: tensor<f64>, %[[STEPPING:[^:]*]]: tensor<f64>, %[[DT:[^:]*]]: tensor<f64>, %[[IN:[^:]*]]: tensor<f64>, %[[V:[^:]*]]: tensor<f64>) -> (tensor<f64>, tensor<f64>) attributes {mdf.node = "cell"}
// The first evaluation starts from the initial value.
// CHECK: %[[PREV:.*]] = scf.if
// CHECK:   mdf.constant dense<1.000000e+00>
// CHECK: } else {
// CHECK:   scf.yield %[[V]]
// Forward Euler when stepping, else the initial value again.
// CHECK: %[[D:.*]] = mdf.sub %[[IN]], %[[PREV]]
// CHECK: %[[STEP:.*]] = mdf.mul %[[D]], %[[DT]]
// CHECK: %[[EULER:.*]] = mdf.add %[[PREV]], %[[STEP]]
// CHECK: %[[S:.*]] = mdf.compare gt, %[[STEPPING]]
// CHECK: %[[NEW:.*]] = mdf.where %[[S]], %[[EULER]]
// The condition tests the previous value.
// CHECK: %[[T:.*]] = mdf.compare gt, %[[PREV]]
// CHECK: %[[FINAL:.*]] = mdf.where %[[T]], %{{.*}}, %[[NEW]]
// CHECK: return %[[FINAL]], %[[FINAL]]
// CHECK-LABEL: func.func @mdf_g0_e0(
// CHECK-SAME: attributes {mdf.edge = "e"}
// CHECK: mdf.constant dense<5.000000e-01>
// CHECK: mdf.mul
