// The structure ops parse and print back.
// RUN: mdf-opt %s | mdf-opt | FileCheck %s

// CHECK-LABEL: mdf.model "m" attributes {format = "ModECI MDF v0.4"}
mdf.model "m" attributes {format = "ModECI MDF v0.4"} {
  // CHECK: mdf.graph "g"
  mdf.graph "g" {
    // CHECK: mdf.node "a"
    mdf.node "a" {
      // CHECK: mdf.input_port "in" : tensor<2xf64> {shape = array<i64: 2>}
      mdf.input_port "in" : tensor<2xf64> {shape = array<i64: 2>}
      // CHECK: mdf.parameter "t" : tensor<f64> attributes {default_initial_value = 0 : i64, time_derivative = "1"} initial {
      // CHECK: } derivative {
      mdf.parameter "t" : tensor<f64> attributes {default_initial_value = 0 : i64, time_derivative = "1"} initial {
        %0 = mdf.constant dense<0.0> : tensor<f64>
        mdf.yield %0 : tensor<f64>
      } derivative {
        %0 = mdf.constant dense<1.0> : tensor<f64>
        mdf.yield %0 : tensor<f64>
      }
      // CHECK: mdf.output_port "out" : tensor<2xf64> attributes {value = "in * t"} value {
      // CHECK: mdf.ref "in" : tensor<2xf64>
      mdf.output_port "out" : tensor<2xf64> attributes {value = "in * t"} value {
        %0 = mdf.ref "in" : tensor<2xf64>
        %1 = mdf.ref "t" : tensor<f64>
        %2 = mdf.mul %0, %1 : (tensor<2xf64>, tensor<f64>) -> tensor<2xf64>
        mdf.yield %2 : tensor<2xf64>
      }
    }
    // CHECK: mdf.edge "loop" {receiver = "a", receiver_port = "in", sender = "a", sender_port = "out"}
    mdf.edge "loop" {receiver = "a", receiver_port = "in", sender = "a", sender_port = "out"}
    // CHECK: mdf.conditions {node_specific = {a = {kwargs = {}, type = "Always"}}}
    mdf.conditions {node_specific = {a = {kwargs = {}, type = "Always"}}}
  }
}
