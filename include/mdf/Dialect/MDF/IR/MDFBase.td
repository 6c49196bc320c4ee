//===- MDFBase.td - mdf dialect definition and base classes -*- tablegen -*-===//
//
// The `mdf` dialect, its type constraints, enums and the op base classes that
// keep each compute op definition short.
//
//===----------------------------------------------------------------------===//

#ifndef MDF_DIALECT_MDF_IR_MDFBASE_TD
#define MDF_DIALECT_MDF_IR_MDFBASE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def MDF_Dialect : Dialect {
  let name = "mdf";
  let cppNamespace = "::mlir::mdf";
  let summary = "Tensor compute ops for neural-network and MDF models";
  let description = [{
    The `mdf` dialect is the common representation that every front end of the
    `mdf` compiler (TorchScript, ModECI MDF JSON, hand-written MLIR) produces
    and every back end consumes. Its compute ops take and return ranked
    tensors with value semantics, are named after MDF's function library
    (the ONNX operator set plus MDF's standard functions) and infer their
    result types from their operands, so an importer only needs the shapes of
    the model's inputs.

    Elementwise ops broadcast their operands the way numpy does: shapes are
    aligned at their trailing dimensions and a dimension of size 1 stretches
    to match the other operand.
  }];
  let hasConstantMaterializer = 1;
}

//===----------------------------------------------------------------------===//
// Type constraints
//===----------------------------------------------------------------------===//

def MDF_FloatTensor : RankedTensorOf<[F32, F64, F16, BF16]>;
def MDF_NumericTensor : RankedTensorOf<[F32, F64, F16, BF16, I64, I32]>;
def MDF_AnyTensor : RankedTensorOf<[F32, F64, F16, BF16, I64, I32, I1]>;
def MDF_BoolTensor : RankedTensorOf<[I1]>;
def MDF_IndexTensor : RankedTensorOf<[I64, I32]>;

//===----------------------------------------------------------------------===//
// Enums
//===----------------------------------------------------------------------===//

def MDF_ComparisonPredicate : I64EnumAttr<"ComparisonPredicate",
    "elementwise comparison predicate", [
  I64EnumAttrCase<"eq", 0>, I64EnumAttrCase<"ne", 1>,
  I64EnumAttrCase<"lt", 2>, I64EnumAttrCase<"le", 3>,
  I64EnumAttrCase<"gt", 4>, I64EnumAttrCase<"ge", 5>]> {
  let cppNamespace = "::mlir::mdf";
}

def MDF_GeluApproximation : I64EnumAttr<"GeluApproximation",
    "how gelu evaluates the Gaussian CDF", [
  I64EnumAttrCase<"none", 0>, I64EnumAttrCase<"tanh", 1>]> {
  let cppNamespace = "::mlir::mdf";
}

//===----------------------------------------------------------------------===//
// Op base classes
//===----------------------------------------------------------------------===//

/// Result-type inference through an op adaptor. A declared result type may be
/// more or less static than the inferred one as long as the two agree where
/// both are known; `mdf-infer-shapes` refines results to the inferred types.
def MDF_InferTypeOpAdaptor : InferTypeOpAdaptorBase<[{
    static bool isCompatibleReturnTypes(::mlir::TypeRange inferred,
                                        ::mlir::TypeRange actual) {
      return ::mlir::mdf::areCompatibleTensorTypes(inferred, actual);
    }
  }]>;

class MDF_Op<string mnemonic, list<Trait> traits = []>
    : Op<MDF_Dialect, mnemonic, !listconcat([Pure], traits)>;

/// An op whose result type the C++ function `inferFn` computes from the op's
/// adaptor: `FailureOr<Type> inferFn(const InferenceContext &, Adaptor)`
/// (lib/Dialect/MDF/IR/ShapeInference.h).
class MDF_InferredOp<string mnemonic, string inferFn, list<Trait> traits = []>
    : MDF_Op<mnemonic, !listconcat([MDF_InferTypeOpAdaptor], traits)> {
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *, std::optional<::mlir::Location> location,
        Adaptor adaptor,
        ::llvm::SmallVectorImpl<::mlir::Type> &inferredReturnTypes) {
      ::mlir::FailureOr<::mlir::Type> result = }] # inferFn # [{(
          ::mlir::mdf::InferenceContext{getOperationName(), location},
          adaptor);
      if (::mlir::failed(result))
        return ::mlir::failure();
      inferredReturnTypes.push_back(*result);
      return ::mlir::success();
    }
  }];
}

/// Op with one tensor operand whose result has the operand's type. ODS
/// derives `inferReturnTypes` from SameOperandsAndResultType.
class MDF_SameTypeOp<string mnemonic, Type type, list<Trait> traits = []>
    : MDF_Op<mnemonic, !listconcat([SameOperandsAndResultType,
                                    InferTypeOpInterface], traits)> {
  let arguments = (ins type:$input);
  let results = (outs type:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

/// Elementwise op with one operand whose result has the operand's type.
class MDF_UnaryOp<string mnemonic, Type type, list<Trait> traits = []>
    : MDF_SameTypeOp<mnemonic, type, !listconcat([Elementwise], traits)>;

/// Unary float op computing a math function elementwise.
class MDF_UnaryFloatOp<string mnemonic, string formula, list<Trait> traits = []>
    : MDF_UnaryOp<mnemonic, MDF_FloatTensor, traits> {
  let summary = "elementwise " # formula;
  let description = "Computes `" # formula # "` for every element of a float "
    # "tensor.\n\nExample:\n\n```mlir\n%y = mdf." # mnemonic
    # " %x : tensor<2x3xf32>\n```";
}

/// Elementwise op over operands broadcast to a common shape, numpy style.
/// Every operand and the result share one element type unless `resultType`
/// says otherwise.
class MDF_BroadcastOp<string mnemonic, list<Trait> traits = []>
    : MDF_InferredOp<mnemonic, "inferBroadcastOpType", traits> {
  let assemblyFormat =
    "operands attr-dict `:` functional-type(operands, results)";
}

class MDF_BinaryOp<string mnemonic, Type type, string formula,
                   list<Trait> traits = []>
    : MDF_BroadcastOp<mnemonic,
        !listconcat([AllElementTypesMatch<["lhs", "rhs", "result"]>], traits)> {
  let summary = "elementwise " # formula # " with broadcasting";
  let description = "Computes `" # formula # "` elementwise after "
    # "broadcasting `lhs` and `rhs` to a common shape (numpy rules).\n\n"
    # "Example:\n\n```mlir\n%z = mdf." # mnemonic # " %x, %y : "
    # "(tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>\n```";
  let arguments = (ins type:$lhs, type:$rhs);
  let results = (outs type:$result);
  let hasFolder = 1;
}

/// Pooling over a window that slides across the spatial dimensions.
class MDF_PoolOp<string mnemonic, string inferFn>
    : MDF_InferredOp<mnemonic, inferFn> {
  let assemblyFormat =
    "$input attr-dict `:` type($input) `->` type($result)";
}

class MDF_AdaptivePoolOp<string mnemonic, string kind>
    : MDF_InferredOp<mnemonic, "inferAdaptivePoolOpType"> {
  let summary = "adaptive " # kind # " pooling to a fixed output size";
  let description = [{
    Pools the spatial dimensions (all but the first two) of `input` down to
    `output_size`, the way PyTorch's `AdaptiveMaxPool`/`AdaptiveAvgPool` do:
    output cell `i` of a dimension of size `n` covers input cells
    `floor(i*n/m)` to `ceil((i+1)*n/m)`. Global pooling is
    `output_size = 1, ..., 1`.

    Example:

    ```mlir
    %y = mdf.}] # mnemonic # [{ %x {output_size = array<i64: 1, 1>}
        : tensor<1x512x7x7xf32> -> tensor<1x512x1x1xf32>
    ```
  }];
  let arguments = (ins MDF_FloatTensor:$input, DenseI64ArrayAttr:$output_size);
  let results = (outs MDF_FloatTensor:$result);
  let assemblyFormat =
    "$input attr-dict `:` type($input) `->` type($result)";
}

class MDF_SoftmaxLikeOp<string mnemonic, string formula>
    : MDF_SameTypeOp<mnemonic, MDF_FloatTensor> {
  let summary = formula # " along one axis";
  let description = "Computes `" # formula # "` along `axis` (negative "
    # "values count from the back), in a numerically stable way.\n\n"
    # "Example:\n\n```mlir\n%y = mdf." # mnemonic
    # " %x {axis = -1 : i64} : tensor<2x10xf32>\n```";
  let arguments = (ins MDF_FloatTensor:$input, I64Attr:$axis);
  let hasVerifier = 1;
}

class MDF_ReduceOp<string mnemonic, string what, Type type>
    : MDF_InferredOp<mnemonic, "inferReduceOpType",
                     [AllElementTypesMatch<["input", "result"]>]> {
  let summary = "reduces dimensions by taking their " # what;
  let description = "Takes the " # what # " over the dimensions listed in "
    # "`axes` (negative values count from the back; absent or empty means all "
    # "dimensions). With `keep_dims` the reduced dimensions stay as size 1.\n\n"
    # "Example:\n\n```mlir\n%y = mdf." # mnemonic
    # " %x {axes = array<i64: 2, 3>, keep_dims} : tensor<1x64x7x7xf32> -> "
    # "tensor<1x64x1x1xf32>\n```";
  let arguments = (ins type:$input,
                   DefaultValuedOptionalAttr<DenseI64ArrayAttr, "{}">:$axes,
                   UnitAttr:$keep_dims);
  let results = (outs type:$result);
  let assemblyFormat =
    "$input attr-dict `:` type($input) `->` type($result)";
}

#endif // MDF_DIALECT_MDF_IR_MDFBASE_TD
