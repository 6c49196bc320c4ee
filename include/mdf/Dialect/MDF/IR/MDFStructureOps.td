//===- MDFStructureOps.td - the MDF object model -----------*- tablegen -*-===//
//
// Layer 2 of the dialect: the ModECI MDF object model (model, graph, node,
// ports, parameters, functions, edges, scheduler conditions), so MDF files
// round-trip without loss. Every op keeps the JSON fields it came from as
// attributes named like the JSON keys; the expressions in those fields are
// also parsed into regions of compute ops, which `mdf-outline-nodes` turns
// into one step function per node.
//
//===----------------------------------------------------------------------===//

#ifndef MDF_DIALECT_MDF_IR_MDFSTRUCTUREOPS_TD
#define MDF_DIALECT_MDF_IR_MDFSTRUCTUREOPS_TD

include "mdf/Dialect/MDF/IR/MDFBase.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"

/// Structure ops are not Pure: they have no results and must not be erased.
class MDF_StructureOp<string mnemonic, list<Trait> traits = []>
    : Op<MDF_Dialect, mnemonic, traits>;

def MDF_F64Tensor : RankedTensorOf<[F64]>;

def MDF_ModelOp : MDF_StructureOp<"model",
    [NoTerminator, SingleBlock, IsolatedFromAbove]> {
  let summary = "an MDF model: the root of an imported MDF file";
  let description = [{
    Holds the graphs of one MDF model. `format`, `generating_application` and
    `metadata` keep the file's fields of the same names.

    Example:

    ```mlir
    mdf.model "Simple" attributes {format = "ModECI MDF v0.4"} {
      mdf.graph "simple_example" {
      }
    }
    ```
  }];
  let arguments = (ins StrAttr:$id, OptionalAttr<StrAttr>:$format,
                   OptionalAttr<StrAttr>:$generating_application,
                   OptionalAttr<DictionaryAttr>:$metadata);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = "$id attr-dict-with-keyword $body";
  let hasVerifier = 1;
}

def MDF_GraphOp : MDF_StructureOp<"graph",
    [NoTerminator, SingleBlock, HasParent<"ModelOp">]> {
  let summary = "an MDF graph: nodes, edges and scheduler conditions";
  let description = [{
    Holds `mdf.node`, `mdf.edge` and at most one `mdf.conditions` op. Node
    ids are unique within the graph; edges must name existing nodes and
    ports (the verifier checks both).

    Example:

    ```mlir
    mdf.graph "g" {
      mdf.node "a" {
        mdf.output_port "out" : tensor<f64> {value = 1 : i64} value {
          %0 = mdf.constant dense<1.0> : tensor<f64>
          mdf.yield %0 : tensor<f64>
        }
      }
    }
    ```
  }];
  let arguments = (ins StrAttr:$id, OptionalAttr<DictionaryAttr>:$metadata);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = "$id attr-dict-with-keyword $body";
  let hasVerifier = 1;
}

def MDF_NodeOp : MDF_StructureOp<"node",
    [NoTerminator, SingleBlock, HasParent<"GraphOp">]> {
  let summary = "an MDF node: ports, parameters and functions";
  let description = [{
    Holds the node's `mdf.input_port`, `mdf.function`, `mdf.parameter` and
    `mdf.output_port` ops in file order. Expressions inside the node refer to
    input ports, functions and parameters by id with `mdf.ref`; output ports
    are a separate namespace (a parameter and an output port may share an id).

    Example:

    ```mlir
    mdf.node "counter" {
      mdf.parameter "count" : tensor<f64> {value = "count + 1"} value {
        %0 = mdf.ref "count" : tensor<f64>
        %1 = mdf.constant dense<1.0> : tensor<f64>
        %2 = mdf.add %0, %1 : (tensor<f64>, tensor<f64>) -> tensor<f64>
        mdf.yield %2 : tensor<f64>
      }
    }
    ```
  }];
  let arguments = (ins StrAttr:$id, OptionalAttr<DictionaryAttr>:$metadata);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = "$id attr-dict-with-keyword $body";
  let extraClassDeclaration = [{
    /// The input port named `id`, or null.
    InputPortOp lookupInputPort(::llvm::StringRef id);
    /// The output port named `id`, or null.
    OutputPortOp lookupOutputPort(::llvm::StringRef id);
  }];
  let hasVerifier = 1;
}

def MDF_InputPortOp : MDF_StructureOp<"input_port", [HasParent<"NodeOp">]> {
  let summary = "an input port of an MDF node";
  let description = [{
    `type` is the port's value type (MDF computes in `f64`). `shape`,
    `dtype` and `reduce` keep the file's `shape`, `type` and `reduce` fields
    when it had them. An input port no edge feeds holds zeros of its type.

    Example:

    ```mlir
    mdf.input_port "input_port1" : tensor<1xf64> {shape = array<i64: 1>}
    ```
  }];
  let arguments = (ins StrAttr:$id, TypeAttrOf<MDF_F64Tensor>:$type,
                   OptionalAttr<DenseI64ArrayAttr>:$shape,
                   OptionalAttr<StrAttr>:$dtype,
                   OptionalAttr<StrAttr>:$reduce,
                   OptionalAttr<DictionaryAttr>:$metadata);
  let assemblyFormat = "$id `:` $type attr-dict";
}

def MDF_FunctionOp : MDF_StructureOp<"function", [HasParent<"NodeOp">]> {
  let summary = "an entry of an MDF node's `functions`";
  let description = [{
    Either a call of a named function (`function` and `args`) or an
    expression (`value`); the region computes it. Functions run before the
    node's parameters are updated, in dependency order.

    Example:

    ```mlir
    mdf.function "f" : tensor<f64> {value = "x * 2"} value {
      %0 = mdf.ref "x" : tensor<f64>
      %1 = mdf.constant dense<2.0> : tensor<f64>
      %2 = mdf.mul %0, %1 : (tensor<f64>, tensor<f64>) -> tensor<f64>
      mdf.yield %2 : tensor<f64>
    }
    ```
  }];
  let arguments = (ins StrAttr:$id, TypeAttrOf<MDF_F64Tensor>:$type,
                   OptionalAttr<StrAttr>:$function,
                   OptionalAttr<DictionaryAttr>:$args,
                   OptionalAttr<AnyAttr>:$value,
                   OptionalAttr<DictionaryAttr>:$metadata);
  let regions = (region SizedRegion<1>:$value_body);
  let assemblyFormat = "$id `:` $type attr-dict-with-keyword `value` $value_body";
  let hasVerifier = 1;
}

def MDF_ParameterOp : MDF_StructureOp<"parameter", [HasParent<"NodeOp">]> {
  let summary = "a parameter of an MDF node, possibly stateful";
  let description = [{
    Keeps the file's fields as attributes: `value` (a literal or an
    expression), `function` and `args` (a function call), `default_initial_value`,
    `time_derivative` and `conditions` (an array of `{id, test, value}`
    dictionaries; `conditions_by_id` records that the file keyed them by id).
    Each expression is parsed into a region that yields its value: `value`
    (the value or the call), `initial` (`default_initial_value`),
    `derivative` (`time_derivative`) and one `conditions` region per
    condition yielding its test (`i1`) and its value.

    A parameter whose value refers to itself, or that has an initial value or
    a time derivative, is stateful. See docs/MDFJson.md for the evaluation
    order.

    Example:

    ```mlir
    mdf.parameter "t" : tensor<f64>
        {default_initial_value = 0 : i64, time_derivative = "1"}
        initial {
      %0 = mdf.constant dense<0.0> : tensor<f64>
      mdf.yield %0 : tensor<f64>
    } derivative {
      %0 = mdf.constant dense<1.0> : tensor<f64>
      mdf.yield %0 : tensor<f64>
    }
    ```
  }];
  let arguments = (ins StrAttr:$id, TypeAttrOf<MDF_F64Tensor>:$type,
                   OptionalAttr<AnyAttr>:$value,
                   OptionalAttr<StrAttr>:$function,
                   OptionalAttr<DictionaryAttr>:$args,
                   OptionalAttr<AnyAttr>:$default_initial_value,
                   OptionalAttr<AnyAttr>:$time_derivative,
                   OptionalAttr<ArrayAttr>:$conditions,
                   UnitAttr:$conditions_by_id,
                   OptionalAttr<DictionaryAttr>:$metadata);
  let regions = (region MaxSizedRegion<1>:$value_body,
                 MaxSizedRegion<1>:$initial_body,
                 MaxSizedRegion<1>:$derivative_body,
                 VariadicRegion<SizedRegion<1>>:$condition_bodies);
  let assemblyFormat = [{
    $id `:` $type attr-dict-with-keyword
    (`value` $value_body^)? (`initial` $initial_body^)?
    (`derivative` $derivative_body^)? (`conditions` $condition_bodies^)?
  }];
  let extraClassDeclaration = [{
    /// True when the parameter keeps a value from one evaluation to the next
    /// in the reference's sense: it refers to itself, or has an initial
    /// value or a time derivative.
    bool isStateful();
  }];
  let hasVerifier = 1;
}

def MDF_OutputPortOp : MDF_StructureOp<"output_port", [HasParent<"NodeOp">]> {
  let summary = "an output port of an MDF node";
  let description = [{
    `value` keeps the file's expression; the region computes it after the
    node's parameters are updated. `shape` and `dtype` keep the file's
    fields when present.

    Example:

    ```mlir
    mdf.output_port "out" : tensor<f64> {value = "level"} value {
      %0 = mdf.ref "level" : tensor<f64>
      mdf.yield %0 : tensor<f64>
    }
    ```
  }];
  let arguments = (ins StrAttr:$id, TypeAttrOf<MDF_F64Tensor>:$type,
                   OptionalAttr<AnyAttr>:$value,
                   OptionalAttr<DenseI64ArrayAttr>:$shape,
                   OptionalAttr<StrAttr>:$dtype,
                   OptionalAttr<DictionaryAttr>:$metadata);
  let regions = (region SizedRegion<1>:$value_body);
  let assemblyFormat = "$id `:` $type attr-dict-with-keyword `value` $value_body";
  let hasVerifier = 1;
}

def MDF_EdgeOp : MDF_StructureOp<"edge", [HasParent<"GraphOp">]> {
  let summary = "an MDF edge from an output port to an input port";
  let description = [{
    The receiver's input port gets `weight * value` (elementwise, numpy
    broadcasting) each time the receiver runs; `weight` comes from the
    edge's `parameters` (default 1).

    Example:

    ```mlir
    mdf.edge "e" {sender = "a", sender_port = "out", receiver = "b",
                  receiver_port = "in", parameters = {weight = 5.5e-01 : f64}}
    ```
  }];
  let arguments = (ins StrAttr:$id, StrAttr:$sender, StrAttr:$sender_port,
                   StrAttr:$receiver, StrAttr:$receiver_port,
                   OptionalAttr<DictionaryAttr>:$parameters,
                   OptionalAttr<DictionaryAttr>:$metadata);
  let assemblyFormat = "$id attr-dict";
}

def MDF_ConditionsOp : MDF_StructureOp<"conditions", [HasParent<"GraphOp">]> {
  let summary = "the scheduler conditions of an MDF graph";
  let description = [{
    `node_specific` maps node ids to conditions and `termination` maps time
    scales to conditions, both as in the file: a condition is a dictionary
    `{type = "EveryNCalls", kwargs = {dependencies = "A", n = 2}}`. The
    runtime scheduler interprets them (docs/MDFJson.md lists the supported
    condition types).

    Example:

    ```mlir
    mdf.conditions {node_specific = {A = {type = "Always", kwargs = {}}}}
    ```
  }];
  let arguments = (ins OptionalAttr<DictionaryAttr>:$node_specific,
                   OptionalAttr<DictionaryAttr>:$termination);
  let assemblyFormat = "attr-dict";
}

def MDF_RefOp : MDF_Op<"ref"> {
  let summary = "the current value of a port, parameter or function";
  let description = [{
    Inside the regions of a node's structure ops: the value the named input
    port, function or parameter has at this point of the node's evaluation
    (for a parameter not yet updated in this evaluation, its previous value).

    Example:

    ```mlir
    %v = mdf.ref "input_port1" : tensor<2x2xf64>
    ```
  }];
  let arguments = (ins StrAttr:$name);
  let results = (outs MDF_F64Tensor:$result);
  let assemblyFormat = "$name attr-dict `:` type($result)";
}

def MDF_YieldOp : MDF_Op<"yield", [Terminator, ReturnLike,
    ParentOneOf<["FunctionOp", "ParameterOp", "OutputPortOp"]>]> {
  let summary = "the values an expression region computes";
  let description = [{
    Ends the regions of `mdf.function`, `mdf.parameter` and
    `mdf.output_port`: one value, or for a parameter's condition region the
    test (`i1`) and the value.

    Example:

    ```mlir
    mdf.yield %0 : tensor<f64>
    ```
  }];
  let arguments = (ins Variadic<MDF_AnyTensor>:$values);
  let assemblyFormat = "$values attr-dict `:` type($values)";
}

#endif // MDF_DIALECT_MDF_IR_MDFSTRUCTUREOPS_TD
