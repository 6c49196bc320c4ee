//===- GraphImporter.cpp - TorchScript graph to mdf ops ---------*- C++ -*-===//
//
// This file implements the import state shared by the operator converters:
// value lookup, constants, locations and the node walk.
//
//===----------------------------------------------------------------------===//

#include "GraphImporter.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"

#include <c10/core/CPUAllocator.h>
#include <limits>
#include <malloc.h>

using namespace mlir;
using namespace mlir::mdf;
using namespace mlir::mdf::torchscript;
namespace jit = torch::jit;

const ConverterMap &mlir::mdf::torchscript::getConverters() {
  static const ConverterMap converters = [] {
    ConverterMap map;
    addStructureConverters(map);
    addControlFlowConverters(map);
    addElementwiseConverters(map);
    addNeuralNetConverters(map);
    addShapeConverters(map);
    addAttentionConverters(map);
    addRecurrentConverters(map);
    addCreationConverters(map);
    addActivationConverters(map);
    addReductionConverters(map);
    addSpatialConverters(map);
    addConvTransposeConverters(map);
    addEinsumConverters(map);
    addIndexingConverters(map);
    addSortingConverters(map);
    addViewConverters(map);
    return map;
  }();
  return converters;
}

//===----------------------------------------------------------------------===//
// Locations and errors
//===----------------------------------------------------------------------===//

/// The file, line and column of `range` (or of the range it was generated
/// from), if it has them.
static std::optional<std::tuple<std::string, size_t, size_t>>
fileLineColOf(jit::SourceRange range) {
  if (c10::optional<jit::SourceRange> original =
          range.findSourceRangeThatGenerated())
    range = *original;
  if (auto fileLineCol = range.file_line_col())
    return std::make_tuple(std::get<0>(*fileLineCol), std::get<1>(*fileLineCol),
                           std::get<2>(*fileLineCol));
  return std::nullopt;
}

/// Whether `file` is part of PyTorch itself (torch/nn/functional.py, ...)
/// or the importer's own decompositions (compiled from a string): not the
/// user's code.
static bool isInsidePyTorch(StringRef file) {
  return file.contains("-packages/torch/") || file == "<string>";
}

Location GraphImporter::getLoc(jit::Node *node) {
  try {
    return getSourceLoc(node);
  } catch (const std::exception &error) {
    if (!warnedAboutDebugInfo) {
      warnedAboutDebugInfo = true;
      emitWarning(fileLoc()) << "the model's debug information (code/*.debug_pkl) is damaged, "
             "so messages cannot name Python lines: "
          << StringRef(error.what()).split('\n').first;
    }
    return fileLoc();
  }
}

Location GraphImporter::getSourceLoc(jit::Node *node) {
  auto toLoc = [&](const std::tuple<std::string, size_t, size_t> &where) {
    auto [file, line, column] = where;
    return FileLineColLoc::get(context, file, line, column + 1);
  };
  auto innermost = fileLineColOf(node->sourceRange());
  if (innermost && !isInsidePyTorch(std::get<0>(*innermost)))
    return toLoc(*innermost);
  // Inside PyTorch's own code (F.grid_sample calls the operator): the
  // user's line is the innermost call site outside PyTorch.
  if (c10::optional<jit::InlinedCallStackPtr> callStack = node->callstack()) {
    std::vector<jit::InlinedCallStackEntry> frames = (*callStack)->vec();
    for (auto it = frames.rbegin(); it != frames.rend(); ++it)
      if (auto site = fileLineColOf(std::get<1>(*it)))
        if (!isInsidePyTorch(std::get<0>(*site)))
          return toLoc(*site);
  }
  // Traced graphs keep the Python stack as the text of the node's source:
  // one `file(line): function` line per frame, innermost first.
  jit::SourceRange traced = node->sourceRange();
  if (c10::optional<jit::SourceRange> original =
          traced.findSourceRangeThatGenerated())
    traced = *original;
  if (std::shared_ptr<jit::Source> source = traced.source()) {
    // `text` owns the characters the frames point into.
    std::string text = source->text_str().str();
    SmallVector<StringRef> frames;
    StringRef(text).split(frames, '\n');
    for (StringRef frame : frames) {
      size_t open = frame.find("(");
      size_t close = frame.find("): ");
      unsigned line = 0;
      if (open == StringRef::npos || close == StringRef::npos ||
          close < open ||
          frame.slice(open + 1, close).getAsInteger(10, line))
        continue;
      StringRef file = frame.take_front(open);
      if (!isInsidePyTorch(file))
        return FileLineColLoc::get(context, file, line, 1);
    }
  }
  if (innermost)
    return toLoc(*innermost);
  return fileLoc();
}

Location GraphImporter::fileLoc() {
  // The module's location is the .pt file.
  if (Block *block = builder.getInsertionBlock())
    if (auto module = block->getParentOp()->getParentOfType<ModuleOp>())
      return module.getLoc();
  return UnknownLoc::get(context);
}

LogicalResult GraphImporter::emitNodeError(jit::Node *node,
                                           const Twine &message) {
  return emitError(getLoc(node))
         << "'" << node->kind().toQualString() << "': " << message;
}

//===----------------------------------------------------------------------===//
// Operand access
//===----------------------------------------------------------------------===//

std::optional<unsigned> mlir::mdf::torchscript::findArgument(jit::Node *node,
                                                             StringRef name) {
  const c10::FunctionSchema *schema = node->maybeSchema();
  if (!schema)
    return std::nullopt;
  for (auto [index, argument] : llvm::enumerate(schema->arguments()))
    if (argument.name() == name && index < node->inputs().size())
      return index;
  return std::nullopt;
}

const ImportedValue *GraphImporter::getOperand(jit::Node *node,
                                               unsigned index) {
  if (index >= node->inputs().size()) {
    (void)emitNodeError(node, "expected at least " + Twine(index + 1) +
                                  " operands, got " +
                                  Twine(node->inputs().size()));
    return nullptr;
  }
  const ImportedValue *value = lookup(node->input(index));
  if (!value)
    (void)emitNodeError(node, "operand " + Twine(index) +
                                  " was not produced by any imported node");
  return value;
}

static const char *kindName(ImportedValue::Kind kind) {
  switch (kind) {
  case ImportedValue::Kind::None:
    return "None";
  case ImportedValue::Kind::Tensor:
    return "a tensor";
  case ImportedValue::Kind::Int:
    return "an int";
  case ImportedValue::Kind::Float:
    return "a float";
  case ImportedValue::Kind::Bool:
    return "a bool";
  case ImportedValue::Kind::String:
    return "a string";
  case ImportedValue::Kind::List:
    return "a list";
  case ImportedValue::Kind::DynamicSize:
    return "a size known only at run time (a '?' of --input-shape)";
  }
  return "a value";
}

/// Reports that operand `index` is not what the converter needs.
static LogicalResult mismatch(GraphImporter &importer, jit::Node *node,
                              unsigned index, StringRef expected,
                              const ImportedValue &got) {
  std::string hint;
  if (got.kind == ImportedValue::Kind::DynamicSize)
    hint = "; this operator needs it static: give a static size in "
           "--input-shape";
  return importer.emitNodeError(
      node, "operand " + Twine(index) + " must be " + expected +
                " known at compile time, got " + kindName(got.kind) + hint);
}

FailureOr<Value> GraphImporter::getTensor(jit::Node *node, unsigned index) {
  const ImportedValue *value = getOperand(node, index);
  if (!value)
    return failure();
  switch (value->kind) {
  case ImportedValue::Kind::Tensor:
    return value->tensor;
  // Numbers are 0-D tensors to TorchScript (prim::NumToTensor).
  case ImportedValue::Kind::Int:
    return scalar(getLoc(node), IntegerType::get(context, 64), value->intValue);
  case ImportedValue::Kind::Float:
    return scalar(getLoc(node), Float32Type::get(context), value->floatValue);
  case ImportedValue::Kind::Bool:
    return scalar(getLoc(node), IntegerType::get(context, 1), value->boolValue);
  default:
    return emitNodeError(node, "operand " + Twine(index) +
                                   " must be a tensor, got " +
                                   kindName(value->kind));
  }
}

FailureOr<Value> GraphImporter::getTensorOrScalar(jit::Node *node,
                                                  unsigned index,
                                                  Type elementType) {
  const ImportedValue *value = getOperand(node, index);
  if (!value)
    return failure();
  switch (value->kind) {
  case ImportedValue::Kind::Tensor:
    return value->tensor;
  case ImportedValue::Kind::Int:
    return scalar(getLoc(node), elementType, value->intValue);
  case ImportedValue::Kind::Float:
    return scalar(getLoc(node), elementType, value->floatValue);
  case ImportedValue::Kind::Bool:
    return scalar(getLoc(node), elementType, value->boolValue);
  default:
    return emitNodeError(node, "operand " + Twine(index) +
                                   " must be a tensor or a number, got " +
                                   kindName(value->kind));
  }
}

/// A compile-time number of type T from an int or bool operand, or a float
/// when `acceptFloat`.
template <typename T>
static FailureOr<T> getNumber(GraphImporter &importer, jit::Node *node,
                              unsigned index, const ImportedValue *value,
                              StringRef expected, bool acceptFloat) {
  if (!value)
    return failure();
  switch (value->kind) {
  case ImportedValue::Kind::Int:
    return static_cast<T>(value->intValue);
  case ImportedValue::Kind::Bool:
    return static_cast<T>(value->boolValue);
  case ImportedValue::Kind::Float:
    if (acceptFloat)
      return static_cast<T>(value->floatValue);
    [[fallthrough]];
  default:
    return mismatch(importer, node, index, expected, *value);
  }
}

FailureOr<Value> GraphImporter::fillLike(Location loc, Value like,
                                         Value fill) {
  FailureOr<Value> mask =
      create<CompareOp>(loc, ComparisonPredicate::eq, like, like);
  if (failed(mask))
    return failure();
  return create<WhereOp>(loc, *mask, fill, fill);
}

FailureOr<Value> GraphImporter::iotaAlong(Location loc, Value tensor,
                                          int64_t dim) {
  RankedTensorType type = cast<RankedTensorType>(tensor.getType());
  int64_t size = type.getDimSize(dim);
  Type i64 = IntegerType::get(context, 64);
  SmallVector<int64_t> iotaShape(type.getRank(), 1);
  iotaShape[dim] = size;
  if (!ShapedType::isDynamic(size)) {
    SmallVector<int64_t> values(size);
    for (int64_t i = 0; i < size; ++i)
      values[i] = i;
    auto iotaType = RankedTensorType::get(iotaShape, i64);
    return ConstantOp::create(builder, loc,
                              DenseElementsAttr::get(iotaType, ArrayRef(values)))
        .getResult();
  }
  // One line of `tensor` along `dim`, as ones (where(x == x, 1, 1) holds
  // for NaN too), summed as it goes, minus one.
  SmallVector<int64_t> starts, ends, axes;
  for (int64_t other = 0; other < type.getRank(); ++other)
    if (other != dim) {
      starts.push_back(0);
      ends.push_back(1);
      axes.push_back(other);
    }
  Value line = tensor;
  if (!axes.empty()) {
    FailureOr<Value> sliced = create<SliceOp>(loc, tensor, starts, ends, axes,
                                              ArrayRef<int64_t>{});
    if (failed(sliced))
      return failure();
    line = *sliced;
  }
  Value one = scalar(loc, i64, 1);
  FailureOr<Value> ones = fillLike(loc, line, one);
  if (failed(ones))
    return failure();
  FailureOr<Value> counts =
      create<CumulativeOp>(loc, *ones, dim, CumulativeKind::sum);
  if (failed(counts))
    return failure();
  return create<SubOp>(loc, *counts, one);
}

FailureOr<Value> GraphImporter::reshape(Location loc, Value input,
                                        ArrayRef<int64_t> shape) {
  SmallVector<int64_t> target(shape);
  int64_t unknowns = llvm::count_if(target, [](int64_t size) {
    return size == -1 || ShapedType::isDynamic(size);
  });
  if (unknowns > 1 && llvm::any_of(target, ShapedType::isDynamic))
    return emitError(loc) << "the result would have " << unknowns
                          << " sizes known only at run time; mdf.reshape "
                             "infers one: give static sizes in --input-shape";
  for (int64_t &size : target)
    if (ShapedType::isDynamic(size))
      size = -1;
  return create<ReshapeOp>(loc, input, target);
}

FailureOr<int64_t> GraphImporter::getInt(jit::Node *node, unsigned index) {
  return getNumber<int64_t>(*this, node, index, getOperand(node, index),
                            "an int", /*acceptFloat=*/false);
}

FailureOr<double> GraphImporter::getFloat(jit::Node *node, unsigned index) {
  return getNumber<double>(*this, node, index, getOperand(node, index),
                           "a number", /*acceptFloat=*/true);
}

FailureOr<bool> GraphImporter::getBool(jit::Node *node, unsigned index) {
  return getNumber<bool>(*this, node, index, getOperand(node, index), "a bool",
                         /*acceptFloat=*/false);
}

FailureOr<SmallVector<int64_t>>
GraphImporter::getIntList(jit::Node *node, unsigned index, unsigned expand) {
  const ImportedValue *value = getOperand(node, index);
  if (!value)
    return failure();
  if (value->kind == ImportedValue::Kind::Int)
    return SmallVector<int64_t>(expand, value->intValue);
  if (value->kind != ImportedValue::Kind::List)
    return mismatch(*this, node, index, "a list of ints", *value);
  SmallVector<int64_t> result;
  for (const ImportedValue &element : value->elements) {
    if (element.kind != ImportedValue::Kind::Int)
      return mismatch(*this, node, index, "a list of ints", element);
    result.push_back(element.intValue);
  }
  if (result.size() == 1 && expand > 1)
    result.assign(expand, result.front());
  return result;
}

FailureOr<SmallVector<Value>> GraphImporter::getTensorList(jit::Node *node,
                                                           unsigned index) {
  const ImportedValue *value = getOperand(node, index);
  if (!value)
    return failure();
  if (value->kind != ImportedValue::Kind::List)
    return emitNodeError(node, "operand " + Twine(index) +
                                   " must be a list of tensors, got " +
                                   kindName(value->kind));
  SmallVector<Value> result;
  for (const ImportedValue &element : value->elements) {
    if (element.kind != ImportedValue::Kind::Tensor)
      return emitNodeError(node, "operand " + Twine(index) +
                                     " must be a list of tensors, got an "
                                     "element that is " +
                                     kindName(element.kind));
    result.push_back(element.tensor);
  }
  return result;
}

bool GraphImporter::isNone(jit::Node *node, unsigned index) const {
  if (index >= node->inputs().size())
    return true;
  const ImportedValue *value = lookup(node->input(index));
  return value && value->kind == ImportedValue::Kind::None;
}

FailureOr<GraphImporter::ConvolutionOperands>
GraphImporter::getConvolutionOperands(jit::Node *node) {
  FailureOr<Value> input = getTensor(node, 0);
  FailureOr<Value> weight = getTensor(node, 1);
  FailureOr<Value> bias = getOptionalTensor(node, 2);
  if (failed(input) || failed(weight) || failed(bias))
    return failure();
  unsigned spatial = std::max<int64_t>(getTensorType(*input).getRank() - 2, 1);
  return ConvolutionOperands{*input, *weight, *bias, spatial};
}

FailureOr<Value> GraphImporter::getOptionalTensor(jit::Node *node,
                                                  unsigned index) {
  if (isNone(node, index))
    return Value();
  return getTensor(node, index);
}

//===----------------------------------------------------------------------===//
// Building
//===----------------------------------------------------------------------===//

LogicalResult GraphImporter::mapResult(jit::Node *node,
                                       FailureOr<Value> result) {
  if (failed(result))
    return failure();
  mapTensor(node->output(), *result);
  return success();
}

FailureOr<Value> GraphImporter::inferResultType(Operation *op) {
  auto inferOp = cast<InferTypeOpInterface>(op);
  SmallVector<Type> types;
  if (failed(inferOp.inferReturnTypes(
          context, op->getLoc(), op->getOperands(), op->getRawDictionaryAttrs(),
          op->getPropertiesStorage(), op->getRegions(), types))) {
    op->erase();
    return failure();
  }
  op->getResult(0).setType(types.front());
  return op->getResult(0);
}

Value GraphImporter::splat(Location loc, RankedTensorType type, double value) {
  Type elementType = type.getElementType();
  Attribute element;
  if (auto floatType = dyn_cast<FloatType>(elementType))
    element = FloatAttr::get(floatType, value);
  else
    element = IntegerAttr::get(elementType, static_cast<int64_t>(value));
  return ConstantOp::create(builder, loc,
                            DenseElementsAttr::get(type, element));
}

Value GraphImporter::indexVector(Location loc, ArrayRef<int64_t> values) {
  auto type = RankedTensorType::get({static_cast<int64_t>(values.size())},
                                    IntegerType::get(context, 64));
  return ConstantOp::create(builder, loc, DenseElementsAttr::get(type, values));
}

Value GraphImporter::numbers(Location loc, RankedTensorType type,
                             ArrayRef<double> values) {
  Type elementType = type.getElementType();
  SmallVector<Attribute> elements;
  for (double value : values) {
    if (auto floatType = dyn_cast<FloatType>(elementType))
      elements.push_back(FloatAttr::get(floatType, value));
    else
      elements.push_back(
          IntegerAttr::get(elementType, static_cast<int64_t>(value)));
  }
  return ConstantOp::create(builder, loc,
                            DenseElementsAttr::get(type, elements));
}

Value GraphImporter::scalar(Location loc, Type elementType, double value) {
  return splat(loc, RankedTensorType::get({}, elementType), value);
}

Type GraphImporter::getElementType(c10::ScalarType scalarType) {
  switch (scalarType) {
  case c10::ScalarType::Float:
    return Float32Type::get(context);
  case c10::ScalarType::Double:
    return Float64Type::get(context);
  case c10::ScalarType::Half:
    return Float16Type::get(context);
  case c10::ScalarType::BFloat16:
    return BFloat16Type::get(context);
  case c10::ScalarType::Long:
    return IntegerType::get(context, 64);
  case c10::ScalarType::Int:
    return IntegerType::get(context, 32);
  case c10::ScalarType::Bool:
    return IntegerType::get(context, 1);
  default:
    return {};
  }
}

/// Tensors up to this many elements print inline; larger ones become blobs.
static constexpr int64_t kMaxInlineElements = 16;

/// A resource key from a TorchScript name: letters, digits, '_' and '.'.
static std::string blobNameFor(StringRef name) {
  std::string key;
  for (char c : name)
    key.push_back(llvm::isAlnum(c) || c == '.' ? c : '_');
  return key.empty() || llvm::isDigit(key.front()) ? "weight_" + key : key;
}

/// The bytes really allocated for `storage` when LibTorch's CPU allocator
/// made it (a damaged .pt can declare a storage larger than the data record
/// it was read from); the maximum when that cannot be known.
static uint64_t allocatedBytes(const c10::Storage &storage) {
  static const c10::DeleterFnPtr defaultDeleter =
      c10::GetCPUAllocator()->allocate(1).get_deleter();
  const c10::DataPtr &data = storage.data_ptr();
  if (!data.get() || data.get_deleter() != defaultDeleter ||
      data.get() != data.get_context())
    return std::numeric_limits<uint64_t>::max();
  return ::malloc_usable_size(data.get());
}

FailureOr<Value> GraphImporter::constantFromTensor(Location loc,
                                                   const at::Tensor &tensor,
                                                   StringRef name) {
  Type elementType = getElementType(tensor.scalar_type());
  if (!elementType)
    return emitError(loc) << "tensor constant '" << name << "' has dtype "
                          << c10::toString(tensor.scalar_type())
                          << ", which mdf does not support (f32, f64, f16, "
                             "bf16, i64, i32, bool)";
  // A damaged file can give a tensor a shape its stored data does not cover
  // (LibTorch does not check on load); reading it would run past the data.
  if (tensor.numel() > 0) {
    if (!tensor.has_storage() || !tensor.storage().data())
      return emitError(loc) << "tensor constant '" << name
                            << "' has no data (the file is damaged)";
    int64_t last = tensor.storage_offset();
    for (auto [size, stride] : llvm::zip(tensor.sizes(), tensor.strides())) {
      if (stride < 0)
        return emitError(loc) << "tensor constant '" << name
                              << "' has a negative stride (the file is "
                                 "damaged)";
      last += (size - 1) * stride;
    }
    uint64_t needed = uint64_t(last + 1) * tensor.element_size();
    uint64_t held = std::min<uint64_t>(tensor.storage().nbytes(),
                                       allocatedBytes(tensor.storage()));
    if (tensor.storage_offset() < 0 || needed > held)
      return emitError(loc) << "tensor constant '" << name << "' needs "
                            << needed << " bytes but its data holds " << held
                            << " (the file is damaged)";
  }
  SmallVector<int64_t> shape(tensor.sizes().begin(), tensor.sizes().end());
  auto type = RankedTensorType::get(shape, elementType);
  at::Tensor dense = tensor.contiguous();
  ArrayRef<char> bytes(static_cast<const char *>(dense.data_ptr()),
                       dense.numel() * dense.element_size());
  ElementsAttr value;
  if (elementType.isInteger(1)) {
    const bool *data = dense.data_ptr<bool>();
    value = DenseElementsAttr::get(type, ArrayRef<bool>(data, dense.numel()));
  } else if (dense.numel() <= kMaxInlineElements) {
    value = DenseElementsAttr::getFromRawBuffer(type, bytes);
  } else {
    // The blob keeps the tensor (and so its storage) alive until MLIR lets
    // go of the blob.
    AsmResourceBlob blob(
        bytes, dense.element_size(),
        [keepAlive = dense](void *, size_t, size_t) mutable {
          keepAlive.reset();
        },
        /*dataIsMutable=*/false);
    value = DenseResourceElementsAttr::get(type, blobNameFor(name),
                                           std::move(blob));
  }
  return ConstantOp::create(builder, loc, value).getResult();
}

//===----------------------------------------------------------------------===//
// The walk
//===----------------------------------------------------------------------===//

//===----------------------------------------------------------------------===//
// Writes through views
//===----------------------------------------------------------------------===//

/// The aten operators whose result shares memory with their first operand.
/// mdf imports most as slices, reshapes and transposes, so a write into the
/// result can be written back; a write into the others (diagonal,
/// as_strided, expand: gathers and broadcasts) is an error rather than a
/// write that would silently not reach the tensor. `reshape` and `flatten`
/// share memory when their input is contiguous, which is how models that
/// write through them use them.
static bool isViewOperator(StringRef kind) {
  static const llvm::StringSet<> kinds = {
      "aten::slice",     "aten::select",     "aten::narrow",
      "aten::view",      "aten::reshape",    "aten::flatten",
      "aten::unflatten", "aten::unsqueeze",  "aten::squeeze",
      "aten::transpose", "aten::permute",    "aten::t",
      "aten::alias",     "aten::detach",     "aten::view_as",
      "aten::reshape_as", "aten::diagonal",  "aten::as_strided",
      "aten::expand",    "aten::expand_as"};
  return kinds.contains(kind);
}

void GraphImporter::recordView(jit::Node *node) {
  if (node->inputs().empty() || node->outputs().size() != 1 ||
      !isViewOperator(node->kind().toQualString()))
    return;
  jit::Value *source = node->input(0);
  const ImportedValue *imported = lookup(source);
  if (!imported || imported->kind != ImportedValue::Kind::Tensor)
    return;
  ViewOf view{source, {}};
  auto it = views.find(source);
  if (it != views.end())
    view = it->second;
  view.chain.push_back(node);
  views[node->output()] = std::move(view);
}

FailureOr<Value> GraphImporter::writeThroughView(jit::Node *node, Value base,
                                                 Value view, Value update) {
  Location loc = getLoc(node);
  while (view != base) {
    Operation *op = view.getDefiningOp();
    if (!op || op->getNumOperands() == 0)
      break;
    Value parent = op->getOperand(0);
    FailureOr<Value> written;
    if (auto slice = dyn_cast<SliceOp>(op)) {
      written = create<SliceScatterOp>(loc, parent, update, slice.getStarts(),
                                       slice.getEnds(), slice.getAxes(),
                                       slice.getSteps());
    } else if (isa<ReshapeOp, FlattenOp>(op)) {
      written = reshape(loc, update,
                                  getTensorType(parent).getShape());
    } else if (auto transpose = dyn_cast<TransposeOp>(op)) {
      ArrayRef<int64_t> order = transpose.getPermutation();
      SmallVector<int64_t> inverse(order.size());
      for (auto [i, source] : llvm::enumerate(order))
        inverse[source] = i;
      written = create<TransposeOp>(loc, update, inverse);
    } else {
      return emitNodeError(node, "writes into a view that mdf cannot write "
                                 "back (made by '" +
                                     op->getName().getStringRef() +
                                     "'); write into a copy and assign it");
    }
    if (failed(written))
      return failure();
    update = *written;
    view = parent;
  }
  if (view != base)
    return emitNodeError(node, "writes into a view that mdf cannot trace "
                               "back to its tensor");
  return update;
}

LogicalResult GraphImporter::propagateWrite(jit::Node *node, Value result) {
  jit::Value *self = node->input(0);
  Value selfTensor = lookup(self)->tensor;
  // An in-place operator keeps its operand's type.
  FailureOr<Value> written =
      castTo(getLoc(node), result,
             getTensorType(selfTensor).getElementType());
  if (failed(written))
    return failure();
  auto viewIt = views.find(self);
  if (getTensorType(*written).getShape() !=
      getTensorType(selfTensor).getShape()) {
    if (viewIt != views.end())
      return emitNodeError(node, "changes the shape of a view in place");
    mapTensor(self, *written);
    return success();
  }
  jit::Value *base = self;
  if (viewIt != views.end()) {
    base = viewIt->second.base;
    const ImportedValue *baseValue = lookup(base);
    if (!baseValue || baseValue->kind != ImportedValue::Kind::Tensor)
      return emitNodeError(node, "writes into a view of a value that is not "
                                 "a tensor");
    FailureOr<Value> newBase =
        writeThroughView(node, baseValue->tensor, selfTensor, *written);
    if (failed(newBase))
      return failure();
    mapTensor(base, *newBase);
  }
  mapTensor(self, *written);
  mapTensor(node->output(), *written);

  // The other views of `base` that later nodes read are taken again from
  // the written base, in the order the graph took them.
  auto usedLater = [&](jit::Value *value) {
    return llvm::any_of(value->uses(), [&](const jit::Use &use) {
      return use.user->isAfter(node);
    });
  };
  SmallVector<jit::Node *> replay;
  llvm::DenseSet<jit::Node *> seen;
  for (auto &[value, view] : views) {
    if (view.base != base || value == self || !usedLater(value))
      continue;
    for (jit::Node *step : view.chain)
      if (seen.insert(step).second)
        replay.push_back(step);
  }
  llvm::sort(replay, [](jit::Node *a, jit::Node *b) { return a->isBefore(b); });
  const ConverterMap &converters = getConverters();
  for (jit::Node *step : replay) {
    auto it = converters.find(step->kind().toQualString());
    if (it == converters.end() || failed(it->second(*this, step)))
      return failure();
  }
  return success();
}

LogicalResult GraphImporter::finishNode(jit::Node *node) {
  recordView(node);
  // An in-place operator (`relu_`, `add_`, `fill_`) also updates its first
  // operand: later uses of that value, of the tensor it is a view of and of
  // that tensor's other views see the result.
  StringRef kind = node->kind().toQualString();
  if (!kind.ends_with("_") || kind.ends_with("__") ||
      node->outputs().size() != 1 || node->inputs().empty())
    return success();
  const ImportedValue *result = lookup(node->output());
  const ImportedValue *self = lookup(node->input(0));
  if (!result)
    return success();
  if (!self || result->kind != ImportedValue::Kind::Tensor ||
      self->kind != ImportedValue::Kind::Tensor) {
    map(node->input(0), *result);
    return success();
  }
  return propagateWrite(node, result->tensor);
}

void GraphImporter::reportUnsupported(jit::Node *node) {
  const ConverterMap &converters = getConverters();
  StringRef kind = node->kind().toQualString();
  if (!converters.count(kind)) {
    emitError(getLoc(node))
        << "unsupported TorchScript operator '" << kind << "'";
    return;
  }
  for (jit::Block *block : node->blocks())
    for (jit::Node *inner : block->nodes())
      reportUnsupported(inner);
}

LogicalResult GraphImporter::importBlock(jit::Block *block) {
  const ConverterMap &converters = getConverters();
  bool failedAny = false;
  llvm::DenseSet<jit::Value *> poisoned;
  for (jit::Node *node : block->nodes()) {
    // A node fed by a failed one is not converted (its operands are
    // missing), but an unsupported operator in it is still reported, so one
    // run lists every operator the model needs.
    if (llvm::any_of(node->inputs(), [&](jit::Value *input) {
          return poisoned.count(input);
        })) {
      reportUnsupported(node);
      poisoned.insert(node->outputs().begin(), node->outputs().end());
      continue;
    }
    StringRef kind = node->kind().toQualString();
    auto it = converters.find(kind);
    if (it == converters.end()) {
      reportUnsupported(node);
    } else if (succeeded(it->second(*this, node)) &&
               succeeded(finishNode(node))) {
      continue;
    }
    failedAny = true;
    poisoned.insert(node->outputs().begin(), node->outputs().end());
  }
  return failure(failedAny);
}
