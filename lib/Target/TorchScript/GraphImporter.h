//===- GraphImporter.h - TorchScript graph to mdf ops -----------*- C++ -*-===//
//
// The state of one TorchScript graph import, shared by the per-family
// operator converters. This header includes torch headers: only files under
// lib/Target/TorchScript/ may include it (built with -fexceptions).
//
//===----------------------------------------------------------------------===//

#ifndef MDF_LIB_TARGET_TORCHSCRIPT_GRAPHIMPORTER_H
#define MDF_LIB_TARGET_TORCHSCRIPT_GRAPHIMPORTER_H

#include "mdf/Dialect/MDF/IR/MDFOps.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"

#include <torch/csrc/jit/ir/ir.h>

#include <string>
#include <vector>

namespace mlir::mdf::torchscript {

/// One dynamic dimension of a tensor: a size known only at run time.
struct DynamicDim {
  Value tensor;
  int64_t dim;
  bool operator==(const DynamicDim &other) const {
    return tensor == other.tensor && dim == other.dim;
  }
};

/// A TorchScript value during import: a tensor, a value known at compile
/// time (number, bool, string, None), a size known only at run time, or a
/// list/tuple of those.
struct ImportedValue {
  enum class Kind { None, Tensor, Int, Float, Bool, String, List, DynamicSize };
  Kind kind = Kind::None;
  Value tensor;
  int64_t intValue = 0;
  double floatValue = 0;
  bool boolValue = false;
  std::string string;
  std::vector<ImportedValue> elements;
  /// A DynamicSize is `intValue` (a compile-time factor) times the product
  /// of these dynamic dimensions (`aten::size` of a dynamic dimension, and
  /// products and exact quotients of such sizes). Shape operators that can
  /// express it (view/reshape) accept it; everything else reports it.
  std::vector<DynamicDim> dynamicFactors;
  /// A tensor that holds a Python number known only at run time (an `int`
  /// or `float` argument of forward(), `aten::Int` of a tensor): a 0-D
  /// tensor that type promotion ranks with numbers, not with tensors.
  bool isNumber = false;

  static ImportedValue none() { return {}; }
  static ImportedValue ofNumberTensor(Value v) {
    ImportedValue result = ofTensor(v);
    result.isNumber = true;
    return result;
  }
  static ImportedValue ofTensor(Value v) {
    return make(Kind::Tensor, &ImportedValue::tensor, v);
  }
  static ImportedValue ofInt(int64_t v) {
    return make(Kind::Int, &ImportedValue::intValue, v);
  }
  static ImportedValue ofFloat(double v) {
    return make(Kind::Float, &ImportedValue::floatValue, v);
  }
  static ImportedValue ofBool(bool v) {
    return make(Kind::Bool, &ImportedValue::boolValue, v);
  }
  static ImportedValue ofString(std::string v) {
    return make(Kind::String, &ImportedValue::string, std::move(v));
  }
  static ImportedValue ofList(std::vector<ImportedValue> v) {
    return make(Kind::List, &ImportedValue::elements, std::move(v));
  }
  static ImportedValue ofDynamicSize(int64_t factor,
                                     std::vector<DynamicDim> dims) {
    ImportedValue result =
        make(Kind::DynamicSize, &ImportedValue::dynamicFactors, std::move(dims));
    result.intValue = factor;
    return result;
  }

private:
  /// A value of `kind` whose `field` holds `value`.
  template <typename Field, typename T>
  static ImportedValue make(Kind kind, Field ImportedValue::*field, T &&value) {
    ImportedValue result;
    result.kind = kind;
    result.*field = std::forward<T>(value);
    return result;
  }
};

class GraphImporter;

/// Converts one TorchScript node; reports its own errors at the node.
using NodeConverter = LogicalResult (*)(GraphImporter &, torch::jit::Node *);
using ConverterMap = llvm::StringMap<NodeConverter>;

/// Each op family adds its converters (Convert*.cpp).
void addElementwiseConverters(ConverterMap &map);
void addNeuralNetConverters(ConverterMap &map);
void addShapeConverters(ConverterMap &map);
void addStructureConverters(ConverterMap &map);
void addControlFlowConverters(ConverterMap &map);
void addAttentionConverters(ConverterMap &map);
void addRecurrentConverters(ConverterMap &map);
void addCreationConverters(ConverterMap &map);
void addActivationConverters(ConverterMap &map);
void addReductionConverters(ConverterMap &map);
void addSpatialConverters(ConverterMap &map);
void addConvTransposeConverters(ConverterMap &map);
void addEinsumConverters(ConverterMap &map);
void addIndexingConverters(ConverterMap &map);
void addSortingConverters(ConverterMap &map);
void addViewConverters(ConverterMap &map);

/// The converters of every supported operator, built once.
const ConverterMap &getConverters();

class GraphImporter {
public:
  GraphImporter(MLIRContext *context, OpBuilder &builder)
      : context(context), builder(builder) {}

  MLIRContext *getContext() { return context; }
  OpBuilder &getBuilder() { return builder; }

  /// The MLIR location of a node: the Python source line that produced it
  /// when the .pt kept one, else the TorchScript code line. A damaged
  /// debug record (LibTorch throws reading it) gives an unknown location
  /// and one warning.
  Location getLoc(torch::jit::Node *node);

  /// Imports the nodes of `block` in order; unsupported operators are all
  /// reported before this fails.
  LogicalResult importBlock(torch::jit::Block *block);

  //===--------------------------------------------------------------------===//
  // Values
  //===--------------------------------------------------------------------===//

  void map(torch::jit::Value *value, ImportedValue imported) {
    values[value] = std::move(imported);
  }
  void mapTensor(torch::jit::Value *value, Value tensor) {
    map(value, ImportedValue::ofTensor(tensor));
  }
  /// Maps the single output of `node` to `result` unless it failed.
  LogicalResult mapResult(torch::jit::Node *node, FailureOr<Value> result);
  const ImportedValue *lookup(torch::jit::Value *value) const {
    auto it = values.find(value);
    return it == values.end() ? nullptr : &it->second;
  }

  /// Operand `index` of `node` as a tensor, a compile-time int, float, bool
  /// or list; each reports a mismatch at the node.
  FailureOr<Value> getTensor(torch::jit::Node *node, unsigned index);
  /// A tensor operand that may also be a Python number, which becomes a 0-D
  /// constant of `elementType`.
  FailureOr<Value> getTensorOrScalar(torch::jit::Node *node, unsigned index,
                                     Type elementType);
  FailureOr<int64_t> getInt(torch::jit::Node *node, unsigned index);
  FailureOr<double> getFloat(torch::jit::Node *node, unsigned index);
  FailureOr<bool> getBool(torch::jit::Node *node, unsigned index);
  /// A list of ints; a single int stands for `expand` copies of itself.
  FailureOr<SmallVector<int64_t>>
  getIntList(torch::jit::Node *node, unsigned index, unsigned expand = 1);
  FailureOr<SmallVector<Value>> getTensorList(torch::jit::Node *node,
                                              unsigned index);
  bool isNone(torch::jit::Node *node, unsigned index) const;
  /// An optional tensor operand: null when None.
  FailureOr<Value> getOptionalTensor(torch::jit::Node *node, unsigned index);
  /// The (input, weight, bias) operands every convolution overload starts
  /// with, and the number of spatial dimensions (at least 1).
  struct ConvolutionOperands {
    Value input, weight, bias;
    unsigned spatial;
  };
  FailureOr<ConvolutionOperands>
  getConvolutionOperands(torch::jit::Node *node);

  //===--------------------------------------------------------------------===//
  // Building mdf ops
  //===--------------------------------------------------------------------===//

  /// Creates an mdf op and gives its result the type the op infers; an op
  /// whose operands do not fit is reported at `loc` and erased.
  template <typename OpTy, typename... Args>
  FailureOr<Value> create(Location loc, Args &&...args) {
    auto op = OpTy::create(builder, loc, builder.getNoneType(),
                           std::forward<Args>(args)...);
    return inferResultType(op.getOperation());
  }

  /// `input` reshaped to `shape`: static sizes and -1, where one dynamic
  /// size (taken from a dynamic type) becomes the -1; more than one
  /// unknown cannot be expressed by mdf.reshape and is reported at `loc`.
  FailureOr<Value> reshape(Location loc, Value input, ArrayRef<int64_t> shape);

  /// A tensor of `like`'s shape (which may be dynamic) holding the 0-D
  /// `fill` everywhere: `where(like == like, fill, fill)` (NaN included).
  FailureOr<Value> fillLike(Location loc, Value like, Value fill);

  /// The i64 indices 0, 1, ... along dimension `dim` of `tensor`, shaped
  /// like `tensor` with every other dimension 1: a constant when the size
  /// is static, else a running count of ones over one line of `tensor`.
  FailureOr<Value> iotaAlong(Location loc, Value tensor, int64_t dim);

  /// A constant tensor of `type` with every element `value`.
  Value splat(Location loc, RankedTensorType type, double value);
  /// A 0-D constant of `elementType`.
  Value scalar(Location loc, Type elementType, double value);
  /// A constant 1-D i64 tensor of `values` (gather indices).
  Value indexVector(Location loc, ArrayRef<int64_t> values);
  /// A constant of `type` holding `values` (row-major), converted to its
  /// element type.
  Value numbers(Location loc, RankedTensorType type, ArrayRef<double> values);
  /// `tensor` converted to `elementType` (itself when it has that type).
  FailureOr<Value> castTo(Location loc, Value tensor, Type elementType);
  /// Operand `index` as a tensor of `elementType`: a number becomes a 0-D
  /// constant of that type, a tensor of another type is converted.
  FailureOr<Value> getTensorAs(torch::jit::Node *node, unsigned index,
                               Type elementType);
  /// Operand `index` as a floating-point tensor: integer and boolean
  /// tensors are converted to the default float type, as PyTorch's float
  /// math (exp, sqrt, sin, ...) does.
  FailureOr<Value> getFloatTensor(torch::jit::Node *node, unsigned index);
  /// A constant from a LibTorch tensor: small ones inline, the rest as
  /// dense_resource blobs that share the tensor's memory (no copy).
  FailureOr<Value> constantFromTensor(Location loc, const at::Tensor &tensor,
                                      StringRef name);

  /// Reports `message` at `node` and returns failure.
  LogicalResult emitNodeError(torch::jit::Node *node, const Twine &message);

  /// The MLIR element type of a LibTorch scalar type, or null.
  Type getElementType(c10::ScalarType scalarType);

  //===--------------------------------------------------------------------===//
  // Sizes known only at run time
  //===--------------------------------------------------------------------===//

  /// The dynamic dimension `dim` followed back to where its size was first
  /// seen: through elementwise ops that keep their operand's shape,
  /// transposes, and reshapes whose target named the size
  /// (`x.view(n, ...)` with `n = y.size(0)`).
  DynamicDim canonicalDim(DynamicDim dim) const;
  /// Whether two sizes known only at run time are the same product of the
  /// same dynamic dimensions.
  bool sameDynamicSize(const ImportedValue &a, const ImportedValue &b) const;
  /// `dims` canonicalized, in a fixed order (a product's identity).
  SmallVector<DynamicDim> sortedCanonicalDims(ArrayRef<DynamicDim> dims) const;
  /// Records that dimension `dim` of `tensor` is the size `equal`.
  void recordDimEquality(Value tensor, int64_t dim, DynamicDim equal) {
    dimEqualities[{tensor.getAsOpaquePointer(), dim}] = equal;
  }

private:
  /// A tensor that shares memory with another (`x[1:3]`, `x.view(...)`):
  /// the tensor it was taken from and the view nodes between the two.
  struct ViewOf {
    torch::jit::Value *base;
    SmallVector<torch::jit::Node *> chain;
  };

  /// Reports `node` when no converter handles its operator, else the nodes
  /// of its blocks that none handles (for nodes that cannot be converted
  /// because an operand failed).
  void reportUnsupported(torch::jit::Node *node);
  /// What follows the conversion of every node: view bookkeeping and the
  /// writes of in-place operators.
  LogicalResult finishNode(torch::jit::Node *node);
  /// Records the output of `node` as a view when `node` is an aten view
  /// operator (slice, select, view, transpose, ...).
  void recordView(torch::jit::Node *node);
  /// After in-place `node` wrote `result` into its first operand: a view
  /// operand passes the write on to its base, and the views of the base
  /// that later nodes read are taken again from the written base.
  LogicalResult propagateWrite(torch::jit::Node *node, Value result);
  /// `base` with `update` written where `view` (taken from `base` by mdf
  /// slices, reshapes and transposes) reads it.
  FailureOr<Value> writeThroughView(torch::jit::Node *node, Value base,
                                    Value view, Value update);

  FailureOr<Value> inferResultType(Operation *op);
  const ImportedValue *getOperand(torch::jit::Node *node, unsigned index);
  Location getSourceLoc(torch::jit::Node *node);
  /// The location of the .pt file (the module's).
  Location fileLoc();

  MLIRContext *context;
  bool warnedAboutDebugInfo = false;
  OpBuilder &builder;
  llvm::DenseMap<torch::jit::Value *, ImportedValue> values;
  llvm::DenseMap<torch::jit::Value *, ViewOf> views;
  /// Dynamic dimensions known to be another one (from reshape targets).
  llvm::DenseMap<std::pair<const void *, int64_t>, DynamicDim> dimEqualities;
};

/// The index of `node`'s schema argument called `name`, when the node has
/// such an argument (overloads differ in their arguments).
std::optional<unsigned> findArgument(torch::jit::Node *node, StringRef name);

/// Shorthands for converters.
inline RankedTensorType getTensorType(Value value) {
  return cast<RankedTensorType>(value.getType());
}

//===----------------------------------------------------------------------===//
// Type promotion (TypePromotion.cpp)
//===----------------------------------------------------------------------===//

/// PyTorch's default floating-point type (f32).
Type defaultFloatType(MLIRContext *context);
/// Whether `tensor` has a floating-point element type.
bool isFloatElement(Value tensor);
/// The element type PyTorch computes an elementwise operator on `operands`
/// in (`torch.result_type`); null when no operand has a type (all None or
/// lists). Null operands are skipped.
Type resultElementType(MLIRContext *context,
                       ArrayRef<const ImportedValue *> operands);

//===----------------------------------------------------------------------===//
// Decompositions several families share (ConvertNeuralNet.cpp)
//===----------------------------------------------------------------------===//

/// PyTorch's `linear`: x @ weight^T + bias (bias may be null).
FailureOr<Value> buildLinear(GraphImporter &importer, Location loc, Value input,
                             Value weight, Value bias);

//===----------------------------------------------------------------------===//
// Shape helpers (ConvertShape.cpp)
//===----------------------------------------------------------------------===//

/// Normalizes a possibly negative dimension of a rank-`rank` tensor (`rank`
/// is one more for dimensions that may name a new last position; pass 1
/// for a 0-D tensor where PyTorch accepts dim 0 and -1).
FailureOr<int64_t> normalizeDim(GraphImporter &importer,
                                torch::jit::Node *node, int64_t dim,
                                int64_t rank);
/// A 0-D tensor as a 1-D tensor of one element (gathers, scatters and
/// sorts need a dimension; PyTorch treats 0-D as size 1 there); others as
/// they are.
FailureOr<Value> atLeast1D(GraphImporter &importer, Location loc, Value value);
/// `value` back to 0-D when `like` is 0-D.
FailureOr<Value> likeRank(GraphImporter &importer, Location loc, Value value,
                          Value like);

/// `input[..., start:end, ...]` along `dim` (Python bounds, step >= 1).
FailureOr<Value> buildSlice(GraphImporter &importer, Location loc, Value input,
                            int64_t dim, int64_t start, int64_t end,
                            int64_t step = 1);

/// Floor division of two tensors of one element type (ConvertElementwise.cpp):
/// floor(a / b) for floats; for integers (a - remainder(a, b)) / b, which
/// divides exactly.
FailureOr<Value> buildFloorDivide(GraphImporter &importer, Location loc,
                                  Value a, Value b);

/// A transposed convolution (ConvertConvTranspose.cpp): PyTorch's
/// conv_transpose with its weight layout (Cin, Cout / groups, k...).
FailureOr<Value> buildTransposedConvolution(
    GraphImporter &importer, Location loc, Value input, Value weight,
    Value bias, ArrayRef<int64_t> strides, ArrayRef<int64_t> padding,
    ArrayRef<int64_t> outputPadding, ArrayRef<int64_t> dilations,
    int64_t groups);

/// Splits `input` along `dim` into `count` parts of equal size (the last
/// smaller), as torch.chunk does.
FailureOr<SmallVector<Value>> buildChunks(GraphImporter &importer, Location loc,
                                          Value input, int64_t count,
                                          int64_t dim);

} // namespace mlir::mdf::torchscript

#endif // MDF_LIB_TARGET_TORCHSCRIPT_GRAPHIMPORTER_H
