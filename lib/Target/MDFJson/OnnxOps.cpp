//===- OnnxOps.cpp - ONNX ops as MDF functions ----------------------------===//
//
// The table of ONNX ops: schema inputs, import builders and export forms.
// Imported values are f64 tensors (MDF's numbers); ONNX's integer and bool
// tensors are f64 holding integers or 0/1. Shape arithmetic on values known
// at import time (ONNX exporters' Shape > Gather > Unsqueeze > Concat >
// Reshape chains) folds into constants, so the ops that need a literal
// (Reshape's shape, Slice's starts, Pad's pads) get one.
//
//===----------------------------------------------------------------------===//

#include "OnnxOps.h"
#include "mdf/Dialect/MDF/IR/MDFOps.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/TypeSwitch.h"
#include <cmath>
#include <limits>
#include <random>

using namespace mlir;
using namespace mlir::mdf;

namespace {

/// One input of an ONNX op: its schema name and an older name also read.
struct OnnxInput {
  StringRef name;
  StringRef alias = {};
};

class Call;
using Builder = FailureOr<Value> (*)(Call &);

/// One ONNX op: its inputs in schema order and its import builder.
struct OnnxSchema {
  StringRef name;
  SmallVector<OnnxInput, 5> inputs;
  Builder build;
  /// The last input takes a list (Concat's `inputs`).
  bool variadic = false;
};

/// `value` as an integer when a double holds it exactly.
std::optional<int64_t> exactInteger(double value) {
  if (!(std::fabs(value) <= 9007199254740992.0) ||
      value != std::floor(value))
    return std::nullopt;
  return static_cast<int64_t>(value);
}

int64_t product(ArrayRef<int64_t> shape) {
  int64_t count = 1;
  for (int64_t dim : shape)
    count *= dim;
  return count;
}

/// The import of one call: arguments by schema position, literals,
/// attributes and messages.
class Call {
public:
  Call(StringRef op, const OnnxSchema &schema, const OnnxCallSite &site)
      : op(op), schema(schema), site(site) {}

  StringRef op;
  const OnnxSchema &schema;
  const OnnxCallSite &site;

  InFlightDiagnostic error() {
    return emitError(site.loc) << "onnx::" << op << ": ";
  }
  ExpressionEmitter &emitter() { return site.emitter; }
  MLIRContext *context() { return site.builder.getContext(); }

  /// Input `index` or null when it is not given.
  Value optional(unsigned index) {
    const OnnxInput &input = schema.inputs[index];
    for (const auto &[key, value] : site.args)
      if (key == input.name || (!input.alias.empty() && key == input.alias))
        return value;
    return {};
  }
  FailureOr<Value> required(unsigned index) {
    if (Value value = optional(index))
      return value;
    error() << "needs the argument '" << schema.inputs[index].name << "'";
    return failure();
  }
  /// Every value of the variadic input `index`.
  SmallVector<Value> list(unsigned index) {
    SmallVector<Value> values;
    for (const auto &[key, value] : site.args)
      if (key == schema.inputs[index].name)
        values.push_back(value);
    return values;
  }
  std::optional<OnnxLiteral> literal(Value value) {
    if (!value)
      return std::nullopt;
    return site.literalOf(value);
  }
  RankedTensorType typeOf(Value value) {
    return cast<RankedTensorType>(value.getType());
  }

  /// A numeric attribute holding one number.
  std::optional<double> number(StringRef name) {
    std::optional<OnnxLiteral> value = site.attribute(name);
    if (!value || value->values.size() != 1)
      return std::nullopt;
    return value->values[0];
  }
  double number(StringRef name, double fallback) {
    return number(name).value_or(fallback);
  }
  /// Integers from a literal, or failure with a message naming `what`.
  FailureOr<SmallVector<int64_t>> integers(const OnnxLiteral &literal,
                                           StringRef what) {
    SmallVector<int64_t> result;
    for (double value : literal.values) {
      // INT64_MAX ("to the end" of a slice) reads back as 2^63.
      std::optional<int64_t> integer =
          value >= 0x1p63    ? std::numeric_limits<int64_t>::max()
          : value <= -0x1p63 ? std::numeric_limits<int64_t>::min()
          : value == std::floor(value) ? std::optional<int64_t>(
                                             static_cast<int64_t>(value))
                                       : std::nullopt;
      if (!integer) {
        error() << "'" << what << "' must hold integers, not " << value;
        return failure();
      }
      result.push_back(*integer);
    }
    return result;
  }
  /// An integer-list attribute, `fallback` when absent.
  FailureOr<SmallVector<int64_t>> integers(StringRef name,
                                           ArrayRef<int64_t> fallback = {}) {
    std::optional<OnnxLiteral> value = site.attribute(name);
    if (!value)
      return SmallVector<int64_t>(fallback);
    return integers(*value, name);
  }
  /// An integer list from input `index` (newer opsets) or the attribute of
  /// the same name (older ones); nullopt when neither is given.
  FailureOr<std::optional<SmallVector<int64_t>>> inputOrAttribute(
      unsigned index) {
    StringRef name = schema.inputs[index].name;
    std::optional<OnnxLiteral> value;
    if (Value input = optional(index)) {
      value = literal(input);
      if (!value) {
        error() << "'" << name
                << "' must be known when the model is imported (a constant, "
                   "a literal parameter, or computed from them)";
        return failure();
      }
    } else {
      value = site.attribute(name);
    }
    if (!value)
      return std::optional<SmallVector<int64_t>>();
    FailureOr<SmallVector<int64_t>> result = integers(*value, name);
    if (failed(result))
      return failure();
    return std::optional<SmallVector<int64_t>>(std::move(*result));
  }
  /// Like inputOrAttribute, but required.
  FailureOr<SmallVector<int64_t>> requiredList(unsigned index) {
    auto list = inputOrAttribute(index);
    if (failed(list))
      return failure();
    if (!*list) {
      error() << "needs '" << schema.inputs[index].name
              << "' (an argument or a parameter)";
      return failure();
    }
    return std::move(**list);
  }
  /// `axis` made non-negative for rank `rank`, or failure.
  FailureOr<int64_t> normalizeAxis(int64_t axis, int64_t rank,
                                   StringRef what = "axis") {
    int64_t normalized = axis < 0 ? axis + rank : axis;
    if (normalized < 0 || normalized >= rank) {
      error() << what << " " << axis << " is out of range for rank " << rank;
      return failure();
    }
    return normalized;
  }
  /// The static shape of `value`, or failure.
  FailureOr<ArrayRef<int64_t>> staticShape(Value value) {
    RankedTensorType type = typeOf(value);
    if (!type.hasStaticShape()) {
      error() << "needs a static shape, not " << type;
      return failure();
    }
    return type.getShape();
  }

  Value constant(const OnnxLiteral &literal) {
    return emitter().emitConstant(literal.shape, literal.values);
  }
  template <typename OpTy, typename... Args>
  FailureOr<Value> make(Args &&...args) {
    return emitter().template create<OpTy>(1, std::forward<Args>(args)...);
  }
  DenseI64ArrayAttr array(ArrayRef<int64_t> values) {
    return site.builder.getDenseI64ArrayAttr(values);
  }
  IntegerAttr integer(int64_t value) {
    return site.builder.getI64IntegerAttr(value);
  }
  FloatAttr real(double value) { return site.builder.getF64FloatAttr(value); }
  /// An i1 result as MDF's 0/1 numbers.
  FailureOr<Value> asNumber(FailureOr<Value> value) {
    if (failed(value))
      return failure();
    auto type = typeOf(*value);
    return CastOp::create(site.builder, site.loc,
                          getF64TensorType(context(), type.getShape()),
                          *value)
        .getResult();
  }
  /// A nonzero test of an MDF number.
  FailureOr<Value> asTest(Value value) {
    return make<CompareOp>(ComparisonPredicate::ne, value,
                           emitter().emitConstant({}, 0.0));
  }
  /// `value` reshaped to `shape`.
  FailureOr<Value> reshape(Value value, ArrayRef<int64_t> shape) {
    if (typeOf(value).getShape() == shape)
      return value;
    if (std::optional<OnnxLiteral> known = literal(value))
      return constant({known->values, SmallVector<int64_t>(shape)});
    return make<ReshapeOp>(value, array(shape));
  }
};

//===----------------------------------------------------------------------===//
// Import builders
//===----------------------------------------------------------------------===//

template <typename OpTy> FailureOr<Value> unaryOp(Call &call) {
  FailureOr<Value> x = call.required(0);
  if (failed(x))
    return failure();
  return call.make<OpTy>(*x);
}

/// numpy broadcasting of two literals through `fn`.
std::optional<OnnxLiteral> foldBinary(const OnnxLiteral &a,
                                      const OnnxLiteral &b,
                                      double (*fn)(double, double)) {
  std::optional<SmallVector<int64_t>> shape =
      broadcastShapes(a.shape, b.shape);
  if (!shape)
    return std::nullopt;
  OnnxLiteral result{{}, *shape};
  int64_t count = product(*shape), rank = shape->size();
  result.values.reserve(count);
  auto offsetIn = [&](const OnnxLiteral &literal, int64_t flat) {
    int64_t offset = 0, stride = 1;
    int64_t skip = rank - literal.shape.size();
    for (int64_t dim = rank - 1; dim >= skip; --dim) {
      int64_t size = (*shape)[dim];
      int64_t index = flat % size;
      flat /= size;
      int64_t own = literal.shape[dim - skip];
      offset += (own == 1 ? 0 : index) * stride;
      stride *= own;
    }
    return offset;
  };
  for (int64_t i = 0; i < count; ++i)
    result.values.push_back(
        fn(a.values[offsetIn(a, i)], b.values[offsetIn(b, i)]));
  return result;
}

/// A binary op; with `Fold`, two operands known at import fold.
template <typename OpTy, double (*Fold)(double, double) = nullptr>
FailureOr<Value> binaryOp(Call &call) {
  FailureOr<Value> a = call.required(0), b = call.required(1);
  if (failed(a) || failed(b))
    return failure();
  if constexpr (Fold != nullptr) {
    std::optional<OnnxLiteral> x = call.literal(*a), y = call.literal(*b);
    if (x && y)
      if (std::optional<OnnxLiteral> folded = foldBinary(*x, *y, Fold))
        return call.constant(*folded);
  }
  return call.make<OpTy>(*a, *b);
}
double addFn(double a, double b) { return a + b; }
double subFn(double a, double b) { return a - b; }
double mulFn(double a, double b) { return a * b; }
double divFn(double a, double b) { return a / b; }
double powFn(double a, double b) { return std::pow(a, b); }

template <ComparisonPredicate Predicate> FailureOr<Value> compareOp(Call &call) {
  FailureOr<Value> a = call.required(0), b = call.required(1);
  if (failed(a) || failed(b))
    return failure();
  return call.asNumber(call.make<CompareOp>(Predicate, *a, *b));
}

/// Max, Min, Sum, Mean of any number of inputs.
template <typename OpTy> FailureOr<Value> foldList(Call &call, bool mean) {
  SmallVector<Value> values = call.list(0);
  if (values.empty()) {
    call.error() << "needs at least one input";
    return failure();
  }
  Value result = values.front();
  for (Value value : ArrayRef<Value>(values).drop_front()) {
    FailureOr<Value> next = call.make<OpTy>(result, value);
    if (failed(next))
      return failure();
    result = *next;
  }
  if (!mean || values.size() == 1)
    return result;
  return call.make<DivOp>(
      result, call.emitter().emitConstant({}, double(values.size())));
}

FailureOr<Value> gemm(Call &call) {
  FailureOr<Value> a = call.required(0), b = call.required(1);
  if (failed(a) || failed(b))
    return failure();
  return call.make<GemmOp>(
      *a, *b, call.optional(2), call.real(call.number("alpha", 1.0)),
      call.real(call.number("beta", 1.0)),
      call.number("transA", 0) != 0 ? call.site.builder.getUnitAttr()
                                     : nullptr,
      call.number("transB", 0) != 0 ? call.site.builder.getUnitAttr()
                                     : nullptr);
}

/// ONNX Reshape's sizes (0 copies the input's size, -1 is inferred) made
/// explicit for `input`.
FailureOr<SmallVector<int64_t>> reshapeSizes(Call &call, ArrayRef<int64_t> in,
                                             ArrayRef<int64_t> sizes) {
  SmallVector<int64_t> result;
  int64_t known = 1, inferred = -1;
  for (auto [index, given] : llvm::enumerate(sizes)) {
    int64_t size = given;
    if (size == 0 && index < in.size())
      size = in[index];
    if (size == -1) {
      if (inferred >= 0) {
        call.error() << "the shape has more than one -1";
        return failure();
      }
      inferred = index;
    } else if (size < 0) {
      call.error() << "the shape " << size
                   << " is not a size (integers >= 0, or -1)";
      return failure();
    } else {
      known *= size;
    }
    result.push_back(size);
  }
  int64_t total = product(in);
  if (inferred >= 0) {
    if (known == 0 || total % known != 0) {
      call.error() << "cannot infer the -1 in the shape: " << total
                   << " elements do not divide by " << known;
      return failure();
    }
    result[inferred] = total / known;
  } else if (known != total) {
    call.error() << "cannot reshape " << total << " elements to " << known;
    return failure();
  }
  return result;
}

FailureOr<Value> reshapeOp(Call &call) {
  FailureOr<Value> data = call.required(0);
  if (failed(data))
    return failure();
  FailureOr<SmallVector<int64_t>> sizes = call.requiredList(1);
  if (failed(sizes))
    return failure();
  FailureOr<ArrayRef<int64_t>> in = call.staticShape(*data);
  if (failed(in))
    return failure();
  FailureOr<SmallVector<int64_t>> shape = reshapeSizes(call, *in, *sizes);
  if (failed(shape))
    return failure();
  return call.reshape(*data, *shape);
}

FailureOr<Value> flattenOp(Call &call) {
  FailureOr<Value> input = call.required(0);
  if (failed(input))
    return failure();
  FailureOr<ArrayRef<int64_t>> in = call.staticShape(*input);
  if (failed(in))
    return failure();
  int64_t rank = in->size();
  std::optional<int64_t> axis = exactInteger(call.number("axis", 1));
  if (axis && *axis < 0)
    *axis += rank;
  if (!axis || *axis < 0 || *axis > rank) {
    call.error() << "axis must be an integer from " << -rank << " to "
                 << rank;
    return failure();
  }
  // ONNX Flatten always gives a matrix: dims before `axis`, and after.
  return call.reshape(*input, {product(in->take_front(*axis)),
                               product(in->drop_front(*axis))});
}

/// Unsqueeze and Squeeze: the axes change the shape, not the data.
FailureOr<Value> unsqueezeOrSqueeze(Call &call, bool unsqueeze) {
  FailureOr<Value> data = call.required(0);
  if (failed(data))
    return failure();
  auto axes = call.inputOrAttribute(1);
  if (failed(axes))
    return failure();
  FailureOr<ArrayRef<int64_t>> in = call.staticShape(*data);
  if (failed(in))
    return failure();
  SmallVector<int64_t> shape;
  if (unsqueeze) {
    if (!*axes) {
      call.error() << "needs 'axes'";
      return failure();
    }
    int64_t rank = in->size() + (*axes)->size();
    SmallVector<bool> inserted(rank, false);
    for (int64_t axis : **axes) {
      FailureOr<int64_t> at = call.normalizeAxis(axis, rank);
      if (failed(at))
        return failure();
      inserted[*at] = true;
    }
    for (int64_t dim = 0, next = 0; dim < rank; ++dim)
      shape.push_back(inserted[dim] ? 1 : (*in)[next++]);
  } else {
    int64_t rank = in->size();
    SmallVector<bool> removed(rank, false);
    if (*axes) {
      for (int64_t axis : **axes) {
        FailureOr<int64_t> at = call.normalizeAxis(axis, rank);
        if (failed(at))
          return failure();
        if ((*in)[*at] != 1) {
          call.error() << "dimension " << axis << " has size " << (*in)[*at]
                       << ", not 1";
          return failure();
        }
        removed[*at] = true;
      }
    } else {
      for (int64_t dim = 0; dim < rank; ++dim)
        removed[dim] = (*in)[dim] == 1;
    }
    for (int64_t dim = 0; dim < rank; ++dim)
      if (!removed[dim])
        shape.push_back((*in)[dim]);
  }
  return call.reshape(*data, shape);
}

FailureOr<Value> constantOp(Call &call) {
  for (StringRef name : {"value", "value_float", "value_floats", "value_int",
                         "value_ints"})
    if (std::optional<OnnxLiteral> value = call.site.attribute(name))
      return call.constant(*value);
  call.error() << "needs a literal parameter 'value' (or value_float(s), "
                  "value_int(s))";
  return failure();
}

FailureOr<Value> constantOfShapeOp(Call &call) {
  FailureOr<Value> input = call.required(0);
  if (failed(input))
    return failure();
  std::optional<OnnxLiteral> sizes = call.literal(*input);
  if (!sizes) {
    call.error() << "the shape must be known when the model is imported";
    return failure();
  }
  FailureOr<SmallVector<int64_t>> shape = call.integers(*sizes, "input");
  if (failed(shape))
    return failure();
  if (llvm::any_of(*shape, [](int64_t size) { return size < 0; })) {
    call.error() << "sizes must not be negative";
    return failure();
  }
  double fill = call.number("value", 0.0);
  int64_t count = product(*shape);
  if (count > (int64_t(1) << 26)) {
    call.error() << "refusing to build a constant of " << count
                 << " elements";
    return failure();
  }
  return call.constant({std::vector<double>(count, fill), *shape});
}

FailureOr<Value> shapeOp(Call &call) {
  FailureOr<Value> data = call.required(0);
  if (failed(data))
    return failure();
  FailureOr<ArrayRef<int64_t>> in = call.staticShape(*data);
  if (failed(in))
    return failure();
  int64_t rank = in->size();
  auto clampIndex = [&](double value) {
    int64_t index = static_cast<int64_t>(value);
    if (index < 0)
      index += rank;
    return std::clamp<int64_t>(index, 0, rank);
  };
  int64_t start = clampIndex(call.number("start", 0));
  int64_t end = clampIndex(call.number("end", double(rank)));
  OnnxLiteral result;
  for (int64_t dim = start; dim < end; ++dim)
    result.values.push_back(double((*in)[dim]));
  result.shape = {int64_t(result.values.size())};
  return call.constant(result);
}

FailureOr<Value> gatherOp(Call &call) {
  FailureOr<Value> data = call.required(0), indices = call.required(1);
  if (failed(data) || failed(indices))
    return failure();
  RankedTensorType dataType = call.typeOf(*data);
  FailureOr<int64_t> axis = call.normalizeAxis(
      static_cast<int64_t>(call.number("axis", 0)), dataType.getRank());
  if (failed(axis))
    return failure();
  std::optional<OnnxLiteral> table = call.literal(*data);
  std::optional<OnnxLiteral> which = call.literal(*indices);
  if (which) {
    FailureOr<SmallVector<int64_t>> positions =
        call.integers(*which, "indices");
    if (failed(positions))
      return failure();
    int64_t size = dataType.getDimSize(*axis);
    if (!ShapedType::isDynamic(size))
      for (int64_t &position : *positions) {
        if (position < -size || position >= size) {
          call.error() << "index " << position << " is out of range for size "
                       << size;
          return failure();
        }
        if (position < 0)
          position += size;
      }
    if (table) {
      // Both known: gather here (the shape arithmetic of ONNX exporters).
      ArrayRef<int64_t> shape = table->shape;
      int64_t outer = product(shape.take_front(*axis));
      int64_t inner = product(shape.drop_front(*axis + 1));
      OnnxLiteral result;
      result.shape.append(shape.begin(), shape.begin() + *axis);
      result.shape.append(which->shape.begin(), which->shape.end());
      result.shape.append(shape.begin() + *axis + 1, shape.end());
      for (int64_t o = 0; o < outer; ++o)
        for (int64_t position : *positions)
          for (int64_t i = 0; i < inner; ++i)
            result.values.push_back(
                table->values[(o * size + position) * inner + i]);
      return call.constant(result);
    }
    auto type = RankedTensorType::get(which->shape,
                                      call.site.builder.getI64Type());
    Value constant = ConstantOp::create(
        call.site.builder, call.site.loc,
        DenseElementsAttr::get(type, ArrayRef<int64_t>(*positions)));
    return call.make<GatherOp>(*data, constant, call.integer(*axis));
  }
  auto indexType = RankedTensorType::get(call.typeOf(*indices).getShape(),
                                         call.site.builder.getI64Type());
  Value index =
      CastOp::create(call.site.builder, call.site.loc, indexType, *indices);
  return call.make<GatherOp>(*data, index, call.integer(*axis));
}

FailureOr<Value> concatOp(Call &call) {
  SmallVector<Value> values = call.list(0);
  if (values.empty()) {
    call.error() << "needs 'inputs'";
    return failure();
  }
  int64_t rank = call.typeOf(values.front()).getRank();
  std::optional<double> axisValue = call.number("axis");
  if (!axisValue) {
    call.error() << "needs the parameter 'axis'";
    return failure();
  }
  FailureOr<int64_t> axis =
      call.normalizeAxis(static_cast<int64_t>(*axisValue), rank);
  if (failed(axis))
    return failure();
  // All known: concatenate here.
  SmallVector<OnnxLiteral> literals;
  for (Value value : values)
    if (std::optional<OnnxLiteral> literal = call.literal(value))
      literals.push_back(std::move(*literal));
  if (literals.size() == values.size()) {
    OnnxLiteral result{{}, literals.front().shape};
    result.shape[*axis] = 0;
    for (const OnnxLiteral &part : literals) {
      if (part.shape.size() != result.shape.size()) {
        call.error() << "inputs have different ranks";
        return failure();
      }
      result.shape[*axis] += part.shape[*axis];
    }
    int64_t outer = product(ArrayRef<int64_t>(result.shape).take_front(*axis));
    for (int64_t o = 0; o < outer; ++o)
      for (const OnnxLiteral &part : literals) {
        int64_t chunk = product(ArrayRef<int64_t>(part.shape).drop_front(*axis));
        result.values.insert(result.values.end(),
                             part.values.begin() + o * chunk,
                             part.values.begin() + (o + 1) * chunk);
      }
    return call.constant(result);
  }
  return call.make<ConcatOp>(ValueRange(values), call.integer(*axis));
}

FailureOr<Value> castOp(Call &call) {
  FailureOr<Value> input = call.required(0);
  if (failed(input))
    return failure();
  std::optional<double> to = call.number("to");
  if (!to) {
    call.error() << "needs the parameter 'to' (an ONNX TensorProto type)";
    return failure();
  }
  switch (static_cast<int>(*to)) {
  case 1:  // float
  case 10: // float16
  case 11: // double
  case 16: // bfloat16
    return *input;
  case 9: // bool
    return call.asNumber(call.asTest(*input));
  case 2: case 3: case 4: case 5: case 6: case 7: case 12: case 13:
    if (std::optional<OnnxLiteral> known = call.literal(*input)) {
      for (double &value : known->values)
        value = std::trunc(value);
      return call.constant(*known);
    }
    return call.make<TruncOp>(*input);
  default:
    call.error() << "cannot cast to the ONNX type " << *to;
    return failure();
  }
}

FailureOr<Value> identityOp(Call &call) { return call.required(0); }

FailureOr<Value> convOp(Call &call) {
  FailureOr<Value> x = call.required(0), w = call.required(1);
  if (failed(x) || failed(w))
    return failure();
  auto strides = call.integers("strides"), pads = call.integers("pads"),
       dilations = call.integers("dilations");
  if (failed(strides) || failed(pads) || failed(dilations))
    return failure();
  return call.make<ConvOp>(*x, *w, call.optional(2), call.array(*strides),
                           call.array(*pads), call.array(*dilations),
                           call.integer(int64_t(call.number("group", 1))));
}

FailureOr<Value> maxPoolOp(Call &call) {
  FailureOr<Value> x = call.required(0);
  if (failed(x))
    return failure();
  auto kernel = call.integers("kernel_shape"), strides = call.integers("strides"),
       pads = call.integers("pads"), dilations = call.integers("dilations");
  if (failed(kernel) || failed(strides) || failed(pads) || failed(dilations))
    return failure();
  if (kernel->empty()) {
    call.error() << "needs the parameter 'kernel_shape'";
    return failure();
  }
  return call.make<MaxPoolOp>(
      *x, call.array(*kernel), call.array(*strides), call.array(*pads),
      call.array(*dilations),
      call.number("ceil_mode", 0) != 0 ? call.site.builder.getUnitAttr()
                                        : nullptr);
}

FailureOr<Value> averagePoolOp(Call &call) {
  FailureOr<Value> x = call.required(0);
  if (failed(x))
    return failure();
  auto kernel = call.integers("kernel_shape"), strides = call.integers("strides"),
       pads = call.integers("pads");
  if (failed(kernel) || failed(strides) || failed(pads))
    return failure();
  if (kernel->empty()) {
    call.error() << "needs the parameter 'kernel_shape'";
    return failure();
  }
  UnitAttr unit = call.site.builder.getUnitAttr();
  return call.make<AvgPoolOp>(
      *x, call.array(*kernel), call.array(*strides), call.array(*pads),
      call.number("ceil_mode", 0) != 0 ? unit : nullptr,
      call.number("count_include_pad", 0) != 0 ? unit : nullptr);
}

/// GlobalAveragePool / GlobalMaxPool: a reduction over the spatial dims.
template <typename OpTy> FailureOr<Value> globalPoolOp(Call &call) {
  FailureOr<Value> x = call.required(0);
  if (failed(x))
    return failure();
  int64_t rank = call.typeOf(*x).getRank();
  if (rank < 3) {
    call.error() << "needs N x C x D1 ... input, not rank " << rank;
    return failure();
  }
  SmallVector<int64_t> axes;
  for (int64_t dim = 2; dim < rank; ++dim)
    axes.push_back(dim);
  return call.make<OpTy>(*x, call.array(axes),
                         call.site.builder.getUnitAttr());
}

template <typename OpTy> FailureOr<Value> reduceOp(Call &call) {
  FailureOr<Value> data = call.required(0);
  if (failed(data))
    return failure();
  auto axes = call.inputOrAttribute(1);
  if (failed(axes))
    return failure();
  int64_t rank = call.typeOf(*data).getRank();
  SmallVector<int64_t> dims;
  if (*axes && !(*axes)->empty()) {
    for (int64_t axis : **axes) {
      FailureOr<int64_t> dim = call.normalizeAxis(axis, rank);
      if (failed(dim))
        return failure();
      dims.push_back(*dim);
    }
    llvm::sort(dims);
    dims.erase(std::unique(dims.begin(), dims.end()), dims.end());
  } else {
    if (call.number("noop_with_empty_axes", 0) != 0)
      return *data;
    for (int64_t dim = 0; dim < rank; ++dim)
      dims.push_back(dim);
  }
  bool keep = call.number("keepdims", 1) != 0;
  return call.make<OpTy>(*data, call.array(dims),
                         keep ? call.site.builder.getUnitAttr() : nullptr);
}

template <typename OpTy> FailureOr<Value> softmaxOp(Call &call) {
  FailureOr<Value> input = call.required(0);
  if (failed(input))
    return failure();
  FailureOr<int64_t> axis =
      call.normalizeAxis(static_cast<int64_t>(call.number("axis", -1)),
                         call.typeOf(*input).getRank());
  if (failed(axis))
    return failure();
  return call.make<OpTy>(*input, call.integer(*axis));
}

FailureOr<Value> transposeOp(Call &call) {
  FailureOr<Value> data = call.required(0);
  if (failed(data))
    return failure();
  int64_t rank = call.typeOf(*data).getRank();
  SmallVector<int64_t> reversed;
  for (int64_t dim = rank - 1; dim >= 0; --dim)
    reversed.push_back(dim);
  auto perm = call.integers("perm", reversed);
  if (failed(perm))
    return failure();
  return call.make<TransposeOp>(*data, call.array(*perm));
}

FailureOr<Value> sliceOp(Call &call) {
  FailureOr<Value> data = call.required(0);
  if (failed(data))
    return failure();
  auto starts = call.inputOrAttribute(1), ends = call.inputOrAttribute(2),
       axes = call.inputOrAttribute(3), steps = call.inputOrAttribute(4);
  if (failed(starts) || failed(ends) || failed(axes) || failed(steps))
    return failure();
  if (!*starts || !*ends || (*starts)->size() != (*ends)->size()) {
    call.error() << "needs 'starts' and 'ends' of the same length";
    return failure();
  }
  if (*steps && llvm::any_of(**steps, [](int64_t s) { return s <= 0; })) {
    call.error() << "only positive steps are supported";
    return failure();
  }
  int64_t rank = call.typeOf(*data).getRank();
  SmallVector<int64_t> dims;
  if (*axes) {
    for (int64_t axis : **axes) {
      FailureOr<int64_t> dim = call.normalizeAxis(axis, rank);
      if (failed(dim))
        return failure();
      dims.push_back(*dim);
    }
  }
  return call.make<SliceOp>(*data, call.array(**starts), call.array(**ends),
                            call.array(dims),
                            call.array(*steps ? **steps
                                              : SmallVector<int64_t>()));
}

FailureOr<Value> padOp(Call &call) {
  FailureOr<Value> data = call.required(0);
  if (failed(data))
    return failure();
  auto pads = call.inputOrAttribute(1);
  if (failed(pads))
    return failure();
  int64_t rank = call.typeOf(*data).getRank();
  if (!*pads || int64_t((*pads)->size()) != 2 * rank) {
    call.error() << "needs 'pads' with " << 2 * rank << " sizes";
    return failure();
  }
  if (llvm::any_of(**pads, [](int64_t pad) { return pad < 0; })) {
    call.error() << "negative pads are not supported";
    return failure();
  }
  double fill = call.number("value", 0.0);
  if (Value value = call.optional(2)) {
    std::optional<OnnxLiteral> known = call.literal(value);
    if (!known || known->values.size() != 1) {
      call.error() << "'constant_value' must be one number known when the "
                      "model is imported";
      return failure();
    }
    fill = known->values[0];
  }
  return call.make<PadOp>(*data, call.array(**pads), call.real(fill));
}

FailureOr<Value> clipOp(Call &call) {
  FailureOr<Value> input = call.required(0);
  if (failed(input))
    return failure();
  Value result = *input;
  // Bounds: inputs (opset 11 on; may be tensors) or attributes (before).
  for (auto [index, name, isMin] :
       {std::tuple<unsigned, StringRef, bool>{1, "min", true},
        {2, "max", false}}) {
    Value bound = call.optional(index);
    if (!bound) {
      std::optional<double> value = call.number(name);
      if (!value)
        continue;
      bound = call.emitter().emitConstant({}, *value);
    }
    FailureOr<Value> next = isMin ? call.make<MaximumOp>(result, bound)
                                  : call.make<MinimumOp>(result, bound);
    if (failed(next))
      return failure();
    result = *next;
  }
  return result;
}

FailureOr<Value> leakyReluOp(Call &call) {
  FailureOr<Value> x = call.required(0);
  if (failed(x))
    return failure();
  return call.make<LeakyReluOp>(*x, call.real(call.number("alpha", 0.01)));
}

FailureOr<Value> preluOp(Call &call) {
  FailureOr<Value> x = call.required(0), slope = call.required(1);
  if (failed(x) || failed(slope))
    return failure();
  FailureOr<Value> negative = call.make<CompareOp>(
      ComparisonPredicate::lt, *x, call.emitter().emitConstant({}, 0.0));
  FailureOr<Value> scaled = call.make<MulOp>(*slope, *x);
  if (failed(negative) || failed(scaled))
    return failure();
  return call.make<WhereOp>(*negative, *scaled, *x);
}

FailureOr<Value> notOp(Call &call) {
  FailureOr<Value> x = call.required(0);
  if (failed(x))
    return failure();
  return call.asNumber(call.make<CompareOp>(
      ComparisonPredicate::eq, *x, call.emitter().emitConstant({}, 0.0)));
}

FailureOr<Value> whereOp(Call &call) {
  FailureOr<Value> condition = call.required(0), x = call.required(1),
                   y = call.required(2);
  if (failed(condition) || failed(x) || failed(y))
    return failure();
  FailureOr<Value> test = call.asTest(*condition);
  if (failed(test))
    return failure();
  return call.make<WhereOp>(*test, *x, *y);
}

FailureOr<Value> reciprocalOp(Call &call) {
  FailureOr<Value> x = call.required(0);
  if (failed(x))
    return failure();
  return call.make<DivOp>(call.emitter().emitConstant({}, 1.0), *x);
}

FailureOr<Value> batchNormOp(Call &call) {
  SmallVector<Value, 5> operands;
  for (unsigned index = 0; index < 5; ++index) {
    FailureOr<Value> operand = call.required(index);
    if (failed(operand))
      return failure();
    operands.push_back(*operand);
  }
  return call.make<BatchNormOp>(operands[0], operands[1], operands[2],
                                operands[3], operands[4],
                                call.real(call.number("epsilon", 1e-5)));
}

FailureOr<Value> expandOp(Call &call) {
  FailureOr<Value> input = call.required(0);
  if (failed(input))
    return failure();
  FailureOr<SmallVector<int64_t>> sizes = call.requiredList(1);
  if (failed(sizes))
    return failure();
  // ONNX's Expand broadcasts both ways: the result is the broadcast shape.
  std::optional<SmallVector<int64_t>> shape =
      broadcastShapes(call.typeOf(*input).getShape(), *sizes);
  if (!shape) {
    call.error() << "the input does not broadcast to the shape";
    return failure();
  }
  return call.make<ExpandOp>(*input, call.array(*shape));
}

FailureOr<Value> randomNormalLikeOp(Call &call) {
  FailureOr<Value> input = call.required(0);
  if (failed(input))
    return failure();
  FailureOr<ArrayRef<int64_t>> shape = call.staticShape(*input);
  if (failed(shape))
    return failure();
  // Drawn once, at import, from the given seed (0 when none): the model
  // stays deterministic, as a compiled constant.
  std::mt19937_64 generator(
      static_cast<uint64_t>(call.number("seed", 0.0)));
  std::normal_distribution<double> normal(call.number("mean", 0.0),
                                          call.number("scale", 1.0));
  OnnxLiteral result{{}, SmallVector<int64_t>(*shape)};
  int64_t count = product(*shape);
  for (int64_t i = 0; i < count; ++i)
    result.values.push_back(normal(generator));
  return call.constant(result);
}

FailureOr<Value> loopOp(Call &call) {
  call.error() << "loops with a nested graph are not supported in MDF files "
                  "yet";
  return failure();
}

/// The table, in alphabetical order of ONNX names.
const std::vector<OnnxSchema> &getSchemas() {
  static const std::vector<OnnxSchema> schemas = {
      {"Abs", {{"X"}}, unaryOp<AbsOp>},
      {"Add", {{"A"}, {"B"}}, binaryOp<AddOp, addFn>},
      {"AveragePool", {{"X"}}, averagePoolOp},
      {"BatchNormalization",
       {{"X"}, {"scale"}, {"B"}, {"input_mean", "mean"}, {"input_var", "var"}},
       batchNormOp},
      {"Cast", {{"input"}}, castOp},
      {"Ceil", {{"X"}}, unaryOp<CeilOp>},
      {"Clip", {{"input"}, {"min"}, {"max"}}, clipOp},
      {"Concat", {{"inputs"}}, concatOp, /*variadic=*/true},
      {"Constant", {}, constantOp},
      {"ConstantOfShape", {{"input"}}, constantOfShapeOp},
      {"Conv", {{"X"}, {"W"}, {"B"}}, convOp},
      {"Cos", {{"input", "X"}}, unaryOp<CosOp>},
      {"Div", {{"A"}, {"B"}}, binaryOp<DivOp, divFn>},
      {"Dropout", {{"data"}, {"ratio"}, {"training_mode"}}, identityOp},
      {"Equal", {{"A"}, {"B"}}, compareOp<ComparisonPredicate::eq>},
      {"Erf", {{"input"}}, unaryOp<ErfOp>},
      {"Exp", {{"input", "X"}}, unaryOp<ExpOp>},
      {"Expand", {{"input"}, {"shape"}}, expandOp},
      {"Flatten", {{"input"}}, flattenOp},
      {"Floor", {{"X"}}, unaryOp<FloorOp>},
      {"Gather", {{"data"}, {"indices"}}, gatherOp},
      {"Gemm", {{"A"}, {"B"}, {"C"}}, gemm},
      {"GlobalAveragePool", {{"X"}}, globalPoolOp<ReduceMeanOp>},
      {"GlobalMaxPool", {{"X"}}, globalPoolOp<ReduceMaxOp>},
      {"Greater", {{"A"}, {"B"}}, compareOp<ComparisonPredicate::gt>},
      {"GreaterOrEqual", {{"A"}, {"B"}}, compareOp<ComparisonPredicate::ge>},
      {"Identity", {{"input"}}, identityOp},
      {"LeakyRelu", {{"X"}}, leakyReluOp},
      {"Less", {{"A"}, {"B"}}, compareOp<ComparisonPredicate::lt>},
      {"LessOrEqual", {{"A"}, {"B"}}, compareOp<ComparisonPredicate::le>},
      {"Log", {{"input", "X"}}, unaryOp<LogOp>},
      {"LogSoftmax", {{"input"}}, softmaxOp<LogSoftmaxOp>},
      {"Loop", {{"M"}, {"cond"}, {"v_initial"}}, loopOp},
      {"MatMul", {{"A"}, {"B"}}, binaryOp<MatMulOp>},
      {"Max", {{"data_0"}},
       [](Call &call) { return foldList<MaximumOp>(call, false); }, true},
      {"MaxPool", {{"X"}}, maxPoolOp},
      {"Mean", {{"data_0"}},
       [](Call &call) { return foldList<AddOp>(call, true); }, true},
      {"Min", {{"data_0"}},
       [](Call &call) { return foldList<MinimumOp>(call, false); }, true},
      {"Mul", {{"A"}, {"B"}}, binaryOp<MulOp, mulFn>},
      {"Neg", {{"X"}}, unaryOp<NegOp>},
      {"Not", {{"X"}}, notOp},
      {"Pad", {{"data"}, {"pads"}, {"constant_value"}}, padOp},
      {"Pow", {{"X", "A"}, {"Y", "B"}}, binaryOp<PowOp, powFn>},
      {"PRelu", {{"X"}, {"slope"}}, preluOp},
      {"RandomNormalLike", {{"input"}}, randomNormalLikeOp},
      {"Reciprocal", {{"X"}}, reciprocalOp},
      {"ReduceMax", {{"data"}, {"axes"}}, reduceOp<ReduceMaxOp>},
      {"ReduceMean", {{"data"}, {"axes"}}, reduceOp<ReduceMeanOp>},
      {"ReduceMin", {{"data"}, {"axes"}}, reduceOp<ReduceMinOp>},
      {"ReduceSum", {{"data"}, {"axes"}}, reduceOp<ReduceSumOp>},
      {"Relu", {{"X"}}, unaryOp<ReluOp>},
      {"Reshape", {{"data"}, {"shape"}}, reshapeOp},
      {"Shape", {{"data"}}, shapeOp},
      {"Sigmoid", {{"X"}}, unaryOp<SigmoidOp>},
      {"Sin", {{"input", "X"}}, unaryOp<SinOp>},
      {"Slice", {{"data"}, {"starts"}, {"ends"}, {"axes"}, {"steps"}},
       sliceOp},
      {"Softmax", {{"input"}}, softmaxOp<SoftmaxOp>},
      {"Sqrt", {{"X"}}, unaryOp<SqrtOp>},
      {"Squeeze", {{"data"}, {"axes"}},
       [](Call &call) { return unsqueezeOrSqueeze(call, false); }},
      {"Sub", {{"A"}, {"B"}}, binaryOp<SubOp, subFn>},
      {"Sum", {{"data_0"}},
       [](Call &call) { return foldList<AddOp>(call, false); }, true},
      {"Tan", {{"input"}}, unaryOp<TanOp>},
      {"Tanh", {{"input", "X"}}, unaryOp<TanhOp>},
      {"Transpose", {{"data"}}, transposeOp},
      {"Unsqueeze", {{"data"}, {"axes"}},
       [](Call &call) { return unsqueezeOrSqueeze(call, true); }},
      {"Where", {{"condition"}, {"X"}, {"Y"}}, whereOp},
  };
  return schemas;
}

const OnnxSchema *lookupSchema(StringRef op) {
  for (const OnnxSchema &schema : getSchemas())
    if (schema.name == op)
      return &schema;
  return nullptr;
}

} // namespace

bool mlir::mdf::isKnownOnnxOp(StringRef op) {
  return lookupSchema(op) != nullptr;
}

bool mlir::mdf::isVariadicOnnxInput(StringRef op, StringRef name) {
  const OnnxSchema *schema = lookupSchema(op);
  return schema && schema->variadic && schema->inputs.back().name == name;
}

FailureOr<Value> mlir::mdf::emitOnnxOp(StringRef op,
                                       const OnnxCallSite &site) {
  const OnnxSchema *schema = lookupSchema(op);
  if (!schema) {
    emitError(site.loc) << "the ONNX op 'onnx::" << op
                        << "' is not supported in MDF files yet";
    return failure();
  }
  Call call(op, *schema, site);
  return schema->build(call);
}

//===----------------------------------------------------------------------===//
// Export forms
//===----------------------------------------------------------------------===//

namespace {

/// The form of ONNX op `op` whose operands are its schema's inputs in order.
OnnxForm formOf(StringRef op) {
  OnnxForm form{("onnx::" + op).str(), {}, false, {}, {}};
  if (const OnnxSchema *schema = lookupSchema(op))
    for (const OnnxInput &input : schema->inputs)
      form.args.push_back(input.name.str());
  return form;
}

/// A variadic op: every operand is an element of its list input.
OnnxForm variadicFormOf(StringRef op, unsigned numOperands) {
  OnnxForm form = formOf(op);
  form.variadic = true;
  form.variadicName = form.args.front();
  form.args.clear();
  for (unsigned index = 0; index < numOperands; ++index)
    form.args.push_back(form.variadicName + "_" + std::to_string(index));
  return form;
}

Attribute integerList(MLIRContext *context, ArrayRef<int64_t> values) {
  auto type = RankedTensorType::get({int64_t(values.size())},
                                    IntegerType::get(context, 64));
  return DenseElementsAttr::get(type, values);
}

} // namespace

FailureOr<OnnxForm> mlir::mdf::getOnnxForm(Operation *op) {
  MLIRContext *context = op->getContext();
  Builder b(context);
  auto result = op->getNumResults() == 1
                    ? dyn_cast<RankedTensorType>(op->getResult(0).getType())
                    : RankedTensorType();
  auto with = [&](OnnxForm form, StringRef name, Attribute value) {
    form.attributes.push_back({name.str(), value});
    return form;
  };
  // Integer lists are written only when given (ONNX's defaults otherwise).
  auto addList = [&](OnnxForm &form, StringRef name, ArrayRef<int64_t> list) {
    if (!list.empty())
      form.attributes.push_back({name.str(), integerList(context, list)});
  };
  auto reshapeTo = [&]() -> FailureOr<OnnxForm> {
    if (!result || !result.hasStaticShape())
      return failure();
    OnnxForm form = formOf("Reshape");
    form.args.resize(1);
    return with(form, "shape", integerList(context, result.getShape()));
  };
  auto compare = [&](CompareOp compare) -> FailureOr<OnnxForm> {
    switch (compare.getPredicate()) {
    case ComparisonPredicate::eq:
      return formOf("Equal");
    case ComparisonPredicate::lt:
      return formOf("Less");
    case ComparisonPredicate::le:
      return formOf("LessOrEqual");
    case ComparisonPredicate::gt:
      return formOf("Greater");
    case ComparisonPredicate::ge:
      return formOf("GreaterOrEqual");
    case ComparisonPredicate::ne:
      return failure();
    }
    return failure();
  };
  return llvm::TypeSwitch<Operation *, FailureOr<OnnxForm>>(op)
      .Case([&](GemmOp gemm) -> FailureOr<OnnxForm> {
        OnnxForm form = formOf("Gemm");
        form.attributes = {
            {"alpha", b.getF64FloatAttr(gemm.getAlpha().convertToDouble())},
            {"beta", b.getF64FloatAttr(gemm.getBeta().convertToDouble())},
            {"transA", b.getI64IntegerAttr(gemm.getTransA())},
            {"transB", b.getI64IntegerAttr(gemm.getTransB())}};
        return form;
      })
      .Case([&](MatMulOp) { return formOf("MatMul"); })
      .Case([&](AddOp) { return formOf("Add"); })
      .Case([&](SubOp) { return formOf("Sub"); })
      .Case([&](MulOp) { return formOf("Mul"); })
      .Case([&](DivOp) { return formOf("Div"); })
      .Case([&](PowOp) { return formOf("Pow"); })
      .Case([&](MaximumOp op) { return variadicFormOf("Max", 2); })
      .Case([&](MinimumOp op) { return variadicFormOf("Min", 2); })
      .Case([&](ReluOp) { return formOf("Relu"); })
      .Case([&](SigmoidOp) { return formOf("Sigmoid"); })
      .Case([&](TanhOp) { return formOf("Tanh"); })
      .Case([&](ExpOp) { return formOf("Exp"); })
      .Case([&](LogOp) { return formOf("Log"); })
      .Case([&](SqrtOp) { return formOf("Sqrt"); })
      .Case([&](AbsOp) { return formOf("Abs"); })
      .Case([&](NegOp) { return formOf("Neg"); })
      .Case([&](SinOp) { return formOf("Sin"); })
      .Case([&](CosOp) { return formOf("Cos"); })
      .Case([&](TanOp) { return formOf("Tan"); })
      .Case([&](ErfOp) { return formOf("Erf"); })
      .Case([&](FloorOp) { return formOf("Floor"); })
      .Case([&](CeilOp) { return formOf("Ceil"); })
      .Case([&](LeakyReluOp relu) {
        return with(formOf("LeakyRelu"), "alpha",
                    b.getF64FloatAttr(relu.getAlpha().convertToDouble()));
      })
      .Case([&](ClipOp clip) {
        OnnxForm form = formOf("Clip");
        form.args.resize(1);
        if (std::optional<APFloat> min = clip.getMin())
          form = with(form, "min", b.getF64FloatAttr(min->convertToDouble()));
        if (std::optional<APFloat> max = clip.getMax())
          form = with(form, "max", b.getF64FloatAttr(max->convertToDouble()));
        return form;
      })
      .Case([&](CompareOp op) { return compare(op); })
      .Case([&](WhereOp) { return formOf("Where"); })
      .Case([&](CastOp cast) -> FailureOr<OnnxForm> {
        Type element = result ? result.getElementType() : Type();
        int64_t to = 0;
        if (!element)
          return failure();
        if (element.isF32())
          to = 1;
        else if (element.isF64())
          to = 11;
        else if (element.isF16())
          to = 10;
        else if (element.isBF16())
          to = 16;
        else if (element.isInteger(1))
          to = 9;
        else if (element.isInteger(32))
          to = 6;
        else if (element.isInteger(64))
          to = 7;
        else
          return failure();
        return with(formOf("Cast"), "to", b.getI64IntegerAttr(to));
      })
      .Case([&](ConvOp conv) {
        OnnxForm form = formOf("Conv");
        addList(form, "strides", conv.getStrides());
        addList(form, "pads", conv.getPads());
        addList(form, "dilations", conv.getDilations());
        form.attributes.push_back(
            {"group", b.getI64IntegerAttr(conv.getGroups())});
        return form;
      })
      .Case([&](MaxPoolOp pool) {
        OnnxForm form = formOf("MaxPool");
        addList(form, "kernel_shape", pool.getKernelShape());
        addList(form, "strides", pool.getStrides());
        addList(form, "pads", pool.getPads());
        addList(form, "dilations", pool.getDilations());
        return with(form, "ceil_mode", b.getI64IntegerAttr(pool.getCeilMode()));
      })
      .Case([&](AvgPoolOp pool) {
        OnnxForm form = formOf("AveragePool");
        addList(form, "kernel_shape", pool.getKernelShape());
        addList(form, "strides", pool.getStrides());
        addList(form, "pads", pool.getPads());
        form = with(form, "ceil_mode", b.getI64IntegerAttr(pool.getCeilMode()));
        return with(form, "count_include_pad",
                    b.getI64IntegerAttr(pool.getCountIncludePad()));
      })
      .Case([&](AdaptiveAvgPoolOp pool) -> FailureOr<OnnxForm> {
        if (!llvm::all_of(pool.getOutputSize(),
                          [](int64_t size) { return size == 1; }))
          return failure();
        return formOf("GlobalAveragePool");
      })
      .Case([&](AdaptiveMaxPoolOp pool) -> FailureOr<OnnxForm> {
        if (!llvm::all_of(pool.getOutputSize(),
                          [](int64_t size) { return size == 1; }))
          return failure();
        return formOf("GlobalMaxPool");
      })
      .Case([&](SoftmaxOp softmax) {
        return with(formOf("Softmax"), "axis",
                    b.getI64IntegerAttr(softmax.getAxis()));
      })
      .Case([&](LogSoftmaxOp softmax) {
        return with(formOf("LogSoftmax"), "axis",
                    b.getI64IntegerAttr(softmax.getAxis()));
      })
      .Case<ReduceSumOp, ReduceMeanOp, ReduceMaxOp, ReduceMinOp>(
          [&](auto reduce) {
            StringRef name = llvm::TypeSwitch<Operation *, StringRef>(reduce)
                                 .Case([](ReduceSumOp) { return "ReduceSum"; })
                                 .Case([](ReduceMeanOp) { return "ReduceMean"; })
                                 .Case([](ReduceMaxOp) { return "ReduceMax"; })
                                 .Default([](Operation *) { return "ReduceMin"; });
            OnnxForm form = formOf(name);
            form.args.resize(1);
            SmallVector<int64_t> axes(reduce.getAxes());
            if (axes.empty()) {
              int64_t rank =
                  cast<RankedTensorType>(reduce.getInput().getType()).getRank();
              for (int64_t dim = 0; dim < rank; ++dim)
                axes.push_back(dim);
            }
            if (!axes.empty())
              form.attributes.push_back({"axes", integerList(context, axes)});
            return with(form, "keepdims",
                        b.getI64IntegerAttr(reduce.getKeepDims()));
          })
      .Case([&](ConcatOp concat) {
        return with(variadicFormOf("Concat", concat->getNumOperands()), "axis",
                    b.getI64IntegerAttr(concat.getAxis()));
      })
      .Case([&](TransposeOp transpose) {
        OnnxForm form = formOf("Transpose");
        addList(form, "perm", transpose.getPermutation());
        return form;
      })
      .Case([&](SliceOp slice) {
        OnnxForm form = formOf("Slice");
        form.args.resize(1);
        addList(form, "starts", slice.getStarts());
        addList(form, "ends", slice.getEnds());
        addList(form, "axes", slice.getAxes());
        addList(form, "steps", slice.getSteps());
        return form;
      })
      .Case([&](PadOp pad) {
        OnnxForm form = formOf("Pad");
        form.args.resize(1);
        addList(form, "pads", pad.getPads());
        return with(form, "value",
                    b.getF64FloatAttr(pad.getValue().convertToDouble()));
      })
      .Case([&](GatherOp gather) {
        return with(formOf("Gather"), "axis",
                    b.getI64IntegerAttr(gather.getAxis()));
      })
      .Case([&](ExpandOp expand) -> FailureOr<OnnxForm> {
        if (!result || !result.hasStaticShape())
          return failure();
        OnnxForm form = formOf("Expand");
        form.args.resize(1);
        return with(form, "shape", integerList(context, result.getShape()));
      })
      .Case([&](BatchNormOp norm) {
        return with(formOf("BatchNormalization"), "epsilon",
                    b.getF64FloatAttr(norm.getEpsilon().convertToDouble()));
      })
      .Case([&](ReshapeOp) { return reshapeTo(); })
      .Case([&](FlattenOp) { return reshapeTo(); })
      .Default([](Operation *) { return failure(); });
}

StringRef mlir::mdf::getExportableOpNames() {
  return "gemm, matmul, add, sub, mul, div, pow, maximum, minimum, relu, "
         "sigmoid, tanh, exp, log, sqrt, abs, neg, sin, cos, tan, erf, "
         "floor, ceil, leaky_relu, clip, compare (but ne), where, cast, conv, "
         "max_pool, avg_pool, global adaptive pools, softmax, log_softmax, "
         "reductions, concat, transpose, slice, pad, gather, expand, "
         "batch_norm, reshape, flatten";
}
