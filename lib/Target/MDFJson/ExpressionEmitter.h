//===- ExpressionEmitter.h - MDF expressions to mdf ops ---------*- C++ -*-===//
//
// Turns a parsed MDF expression into mdf compute ops on f64 tensors. Names
// become `mdf.ref` ops whose types a lookup callback supplies; numpy
// broadcasting comes from the ops' own type inference.
//
//===----------------------------------------------------------------------===//

#ifndef MDF_LIB_TARGET_MDFJSON_EXPRESSIONEMITTER_H
#define MDF_LIB_TARGET_MDFJSON_EXPRESSIONEMITTER_H

#include "Expression.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include <optional>

namespace mlir::mdf {

/// A value known at import time: a constant, a literal parameter, or
/// something folded from them (ONNX's shape arithmetic: Shape, Gather,
/// Unsqueeze, Concat feeding a Reshape).
struct OnnxLiteral {
  std::vector<double> values;
  SmallVector<int64_t> shape;
};

/// What the emitter knows about a name.
struct NameInfo {
  enum class State { Unknown, Pending, Known };
  State state = State::Unknown;
  RankedTensorType type;
  /// A local name (a function's own `args`): its value, used as is.
  Value value;
};

/// The f64 tensor type of `shape`.
RankedTensorType getF64TensorType(MLIRContext *context,
                                  ArrayRef<int64_t> shape);

/// numpy's broadcast of two shapes, or nullopt when they do not broadcast.
std::optional<SmallVector<int64_t>> broadcastShapes(ArrayRef<int64_t> a,
                                                    ArrayRef<int64_t> b);

class ExpressionEmitter {
public:
  using Lookup = llvm::function_ref<NameInfo(StringRef)>;

  /// `source` is the expression's text, for messages.
  ExpressionEmitter(OpBuilder &builder, Location loc, StringRef source,
                    Lookup lookup)
      : builder(builder), loc(loc), source(source), lookup(lookup) {}

  /// Emits `expr` and returns its value as an f64 tensor. On failure either
  /// a diagnostic was emitted or, when `isPending()`, a name it uses has no
  /// type yet (nothing is emitted then).
  FailureOr<Value> emitNumber(const Expr &expr);
  /// Emits `expr` as an i1 tensor (nonzero is true).
  FailureOr<Value> emitTest(const Expr &expr);
  /// Emits the value of `name` (a reference or a known constant).
  FailureOr<Value> emitName(StringRef name, unsigned column);

  bool isPending() const { return pending; }

  /// What a call knows at import time: the value of an argument, and an
  /// ONNX attribute (a literal parameter) by name.
  struct CallLiterals {
    llvm::function_ref<std::optional<OnnxLiteral>(Value)> valueOf;
    llvm::function_ref<std::optional<OnnxLiteral>(StringRef)> attribute;
  };
  /// Emits `fn(operands)` for an MDF standard function or an ONNX op given
  /// its arguments by name (a list-valued ONNX input once per element).
  FailureOr<Value>
  emitFunctionCall(StringRef function,
                   ArrayRef<std::pair<std::string, Value>> args,
                   const CallLiterals &literals);

  /// An f64 constant of `shape` holding `values`.
  Value emitConstant(ArrayRef<int64_t> shape, ArrayRef<double> values);

  /// `value` broadcast to `type` (numpy rules), or failure with a message
  /// naming `what`.
  FailureOr<Value> broadcastTo(Value value, RankedTensorType type,
                               StringRef what);

  /// Emits an op whose result type its type inference computes.
  template <typename OpTy, typename... Args>
  FailureOr<Value> create(unsigned column, Args &&...args) {
    auto placeholder = getF64TensorType(builder.getContext(), {});
    auto op = OpTy::create(builder, loc, placeholder,
                           std::forward<Args>(args)...);
    return inferResultType(op.getOperation(), column);
  }

  /// Reports `message` about the expression at `column`.
  InFlightDiagnostic error(const Twine &message, unsigned column);

private:
  OpBuilder &builder;
  Location loc;
  StringRef source;
  Lookup lookup;
  bool pending = false;

  FailureOr<Value> inferResultType(Operation *op, unsigned column);
  FailureOr<Value> emit(const Expr &expr);
  FailureOr<Value> toFloat(Value value);
  FailureOr<Value> toBool(Value value, unsigned column);
  FailureOr<Value> emitBinary(StringRef op, Value lhs, Value rhs,
                              unsigned column);
  FailureOr<Value> emitCall(const Expr &expr);
  FailureOr<Value> emitList(const Expr &expr);
  FailureOr<Value> emitIndex(const Expr &expr);
};

} // namespace mlir::mdf

#endif // MDF_LIB_TARGET_MDFJSON_EXPRESSIONEMITTER_H
