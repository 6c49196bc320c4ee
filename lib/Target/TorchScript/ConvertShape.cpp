//===- ConvertShape.cpp - reshapes, permutations, slices, joins -----------===//
//
// This file implements the converters of aten's shape and data-movement
// operators.
//
//===----------------------------------------------------------------------===//

#include "GraphImporter.h"

#include <algorithm>

using namespace mlir;
using namespace mlir::mdf;
using namespace mlir::mdf::torchscript;
namespace jit = torch::jit;

FailureOr<int64_t> mlir::mdf::torchscript::normalizeDim(GraphImporter &importer,
                                                       jit::Node *node,
                                                       int64_t dim,
                                                       int64_t rank) {
  if (dim < -rank || dim >= rank)
    return importer.emitNodeError(node, "dimension " + Twine(dim) +
                                            " is out of range for rank " +
                                            Twine(rank));
  return dim < 0 ? dim + rank : dim;
}

FailureOr<Value> mlir::mdf::torchscript::atLeast1D(GraphImporter &importer,
                                                   Location loc, Value value) {
  if (getTensorType(value).getRank() != 0)
    return value;
  return importer.reshape(loc, value, ArrayRef<int64_t>{1});
}

FailureOr<Value> mlir::mdf::torchscript::likeRank(GraphImporter &importer,
                                                  Location loc, Value value,
                                                  Value like) {
  if (getTensorType(like).getRank() != 0)
    return value;
  return importer.reshape(loc, value, ArrayRef<int64_t>{});
}

/// `input` reshaped to `shape` (see GraphImporter::reshape).
static FailureOr<Value> reshapeTo(GraphImporter &importer, Location loc,
                                  Value input, ArrayRef<int64_t> shape) {
  return importer.reshape(loc, input, shape);
}

DynamicDim GraphImporter::canonicalDim(DynamicDim dim) const {
  // Each step goes to an earlier value or a recorded equality; the bound
  // only guards against a cycle of equalities.
  for (int steps = 0; steps < 10000; ++steps) {
    auto equal = dimEqualities.find({dim.tensor.getAsOpaquePointer(), dim.dim});
    if (equal != dimEqualities.end()) {
      dim = equal->second;
      continue;
    }
    Operation *op = dim.tensor.getDefiningOp();
    if (!op || op->getNumResults() != 1)
      break;
    if (auto transpose = dyn_cast<TransposeOp>(op)) {
      dim = {transpose.getInput(), transpose.getPermutation()[dim.dim]};
      continue;
    }
    // A reshape with one dynamic dimension on each side and the same
    // static element count besides keeps that size (unsqueeze, squeeze,
    // flatten of static dimensions).
    if (auto reshape = dyn_cast<ReshapeOp>(op)) {
      RankedTensorType from = getTensorType(reshape.getInput());
      RankedTensorType to = getTensorType(dim.tensor);
      auto staticCount = [](RankedTensorType type) {
        int64_t count = 1;
        for (int64_t size : type.getShape())
          if (!ShapedType::isDynamic(size))
            count *= size;
        return count;
      };
      if (from.getNumDynamicDims() != 1 || to.getNumDynamicDims() != 1 ||
          staticCount(from) != staticCount(to))
        break;
      int64_t source = llvm::find_if(from.getShape(), ShapedType::isDynamic) -
                       from.getShape().begin();
      dim = {reshape.getInput(), source};
      continue;
    }
    // Dimensions a slice, a concatenation or a gather does not touch keep
    // their operand's size.
    if (auto slice = dyn_cast<SliceOp>(op)) {
      ArrayRef<int64_t> axes = slice.getAxes(), starts = slice.getStarts(),
                        ends = slice.getEnds(), steps = slice.getSteps();
      bool touched = false;
      for (size_t i = 0; i < starts.size(); ++i) {
        int64_t axis = axes.empty() ? static_cast<int64_t>(i) : axes[i];
        bool keepsAll = starts[i] == 0 && i < ends.size() &&
                        ends[i] >= (int64_t(1) << 62) &&
                        (steps.empty() || steps[i] == 1);
        if (axis == dim.dim && !keepsAll)
          touched = true;
      }
      if (touched)
        break;
      dim.tensor = slice.getInput();
      continue;
    }
    if (auto concat = dyn_cast<ConcatOp>(op)) {
      int64_t rank = getTensorType(dim.tensor).getRank();
      int64_t axis = concat.getAxis() < 0 ? concat.getAxis() + rank
                                          : concat.getAxis();
      if (axis == dim.dim || concat.getInputs().empty())
        break;
      dim.tensor = concat.getInputs().front();
      continue;
    }
    if (auto gather = dyn_cast<GatherOp>(op)) {
      int64_t rank = getTensorType(gather.getInput()).getRank();
      int64_t axis = gather.getAxis() < 0 ? gather.getAxis() + rank
                                          : gather.getAxis();
      int64_t indexRank = getTensorType(gather.getIndices()).getRank();
      if (dim.dim < axis) {
        dim.tensor = gather.getInput();
        continue;
      }
      if (dim.dim >= axis + indexRank) {
        dim = {gather.getInput(), dim.dim - indexRank + 1};
        continue;
      }
      break;
    }
    if (auto expand = dyn_cast<ExpandOp>(op)) {
      int64_t offset = getTensorType(dim.tensor).getRank() -
                       getTensorType(expand.getInput()).getRank();
      if (expand.getShape()[dim.dim] != -1 || dim.dim < offset)
        break;
      dim = {expand.getInput(), dim.dim - offset};
      continue;
    }
    // An elementwise op whose operands of rank > 0 are all one value of the
    // result's shape (where(mask, a, b) of numbers, x == x, x * 2) keeps
    // its sizes.
    SmallVector<Value> shaped;
    for (Value operand : op->getOperands())
      if (auto type = dyn_cast<RankedTensorType>(operand.getType());
          type && type.getRank() > 0 && !llvm::is_contained(shaped, operand))
        shaped.push_back(operand);
    bool elementwise =
        op->hasTrait<OpTrait::Elementwise>() ||
        isa<AddOp, SubOp, MulOp, DivOp, PowOp, RemainderOp, FmodOp, MaximumOp,
            MinimumOp, WhereOp, CompareOp>(op);
    if (shaped.size() == 1 && elementwise &&
        getTensorType(shaped.front()).getShape() ==
            getTensorType(dim.tensor).getShape()) {
      dim.tensor = shaped.front();
      continue;
    }
    if (!op->hasTrait<OpTrait::Elementwise>())
      break;
    auto same = llvm::find_if(op->getOperands(), [&](Value operand) {
      return isa<RankedTensorType>(operand.getType()) &&
             getTensorType(operand).getShape() ==
                 getTensorType(dim.tensor).getShape();
    });
    if (same == op->getOperands().end())
      break;
    dim.tensor = *same;
  }
  return dim;
}

SmallVector<DynamicDim>
GraphImporter::sortedCanonicalDims(ArrayRef<DynamicDim> dims) const {
  SmallVector<DynamicDim> result;
  for (const DynamicDim &dim : dims)
    result.push_back(canonicalDim(dim));
  llvm::sort(result, [](const DynamicDim &a, const DynamicDim &b) {
    return std::make_pair(a.tensor.getAsOpaquePointer(), a.dim) <
           std::make_pair(b.tensor.getAsOpaquePointer(), b.dim);
  });
  return result;
}

bool GraphImporter::sameDynamicSize(const ImportedValue &a,
                                    const ImportedValue &b) const {
  return a.kind == ImportedValue::Kind::DynamicSize &&
         b.kind == ImportedValue::Kind::DynamicSize &&
         a.intValue == b.intValue &&
         sortedCanonicalDims(a.dynamicFactors) ==
             sortedCanonicalDims(b.dynamicFactors);
}

/// The target shape of a view/reshape of `input` as mdf.reshape takes it:
/// static sizes and at most one -1. A size known only at run time
/// (`x.size(0)`, `b * h * w`) becomes the -1 when it is the only unknown;
/// next to a -1 it must be the product of `input`'s own dynamic
/// dimensions, and the -1 is then the static quotient.
static FailureOr<SmallVector<int64_t>>
getReshapeTarget(GraphImporter &importer, jit::Node *node, Value input) {
  const ImportedValue *list = importer.lookup(node->input(1));
  bool hasDynamic =
      list && list->kind == ImportedValue::Kind::List &&
      llvm::any_of(list->elements, [](const ImportedValue &element) {
        return element.kind == ImportedValue::Kind::DynamicSize;
      });
  if (!hasDynamic)
    return importer.getIntList(node, 1);
  SmallVector<int64_t> shape;
  SmallVector<unsigned> dynamicPositions;
  std::optional<unsigned> inferred;
  for (auto [position, element] : llvm::enumerate(list->elements)) {
    if (element.kind == ImportedValue::Kind::DynamicSize) {
      dynamicPositions.push_back(position);
      shape.push_back(ShapedType::kDynamic);
    } else if (element.kind == ImportedValue::Kind::Int) {
      shape.push_back(element.intValue);
      if (element.intValue == -1)
        inferred = position;
    } else {
      return importer.getIntList(node, 1); // reports the element
    }
  }
  auto unsupported = [&]() {
    if (dynamicPositions.size() == 1)
      return importer.emitNodeError(
          node, "the target shape has a -1 and a size known only at run "
                "time that is not the input's own dynamic size; mdf.reshape "
                "infers one size: give a static size in --input-shape");
    return importer.emitNodeError(
        node, "the target shape has " + Twine(dynamicPositions.size()) +
                  " sizes known only at run time" +
                  (inferred ? " and a -1" : "") +
                  "; mdf.reshape infers one size: give a static size in "
                  "--input-shape, or -1 for all but one of them");
  };
  if (dynamicPositions.size() == 1 && !inferred) {
    shape[dynamicPositions.front()] = -1;
    return shape;
  }
  if (dynamicPositions.size() != 1)
    return unsupported();
  // [n, -1] with n a dynamic size: n must be made of input's dynamic dims.
  const ImportedValue &size = list->elements[dynamicPositions.front()];
  RankedTensorType type = getTensorType(input);
  SmallVector<DynamicDim> inputDims;
  int64_t inputStatic = 1;
  for (int64_t dim = 0; dim < type.getRank(); ++dim) {
    if (type.isDynamicDim(dim))
      inputDims.push_back({input, dim});
    else
      inputStatic *= type.getDimSize(dim);
  }
  int64_t targetStatic = size.intValue;
  for (int64_t extent : shape)
    if (extent >= 0)
      targetStatic *= extent;
  if (importer.sortedCanonicalDims(inputDims) !=
          importer.sortedCanonicalDims(size.dynamicFactors) ||
      targetStatic <= 0 ||
      inputStatic % targetStatic != 0)
    return unsupported();
  shape[*inferred] = inputStatic / targetStatic;
  shape[dynamicPositions.front()] = -1;
  return shape;
}

/// aten::view / aten::reshape(input, shape).
static LogicalResult convertReshape(GraphImporter &importer, jit::Node *node) {
  FailureOr<Value> input = importer.getTensor(node, 0);
  if (failed(input))
    return failure();
  FailureOr<SmallVector<int64_t>> shape =
      getReshapeTarget(importer, node, *input);
  if (failed(shape))
    return failure();
  FailureOr<Value> result =
      reshapeTo(importer, importer.getLoc(node), *input, *shape);
  if (failed(result))
    return failure();
  // A target size that is one dynamic dimension names the result's.
  if (const ImportedValue *list = importer.lookup(node->input(1));
      list && list->kind == ImportedValue::Kind::List)
    for (auto [position, element] : llvm::enumerate(list->elements))
      if (element.kind == ImportedValue::Kind::DynamicSize &&
          element.intValue == 1 && element.dynamicFactors.size() == 1 &&
          getTensorType(*result).isDynamicDim(position))
        importer.recordDimEquality(*result, position,
                                   element.dynamicFactors.front());
  importer.mapTensor(node->output(), *result);
  return success();
}

/// aten::flatten(input, start_dim, end_dim).
static LogicalResult convertFlatten(GraphImporter &importer, jit::Node *node) {
  FailureOr<Value> input = importer.getTensor(node, 0);
  FailureOr<int64_t> start = importer.getInt(node, 1);
  FailureOr<int64_t> end = importer.getInt(node, 2);
  if (failed(input) || failed(start) || failed(end))
    return failure();
  return importer.mapResult(
      node,
      importer.create<FlattenOp>(importer.getLoc(node), *input, *start, *end));
}

static FailureOr<Value> permute(GraphImporter &importer, jit::Node *node,
                                Value input, ArrayRef<int64_t> dims) {
  int64_t rank = getTensorType(input).getRank();
  SmallVector<int64_t> permutation;
  for (int64_t dim : dims) {
    FailureOr<int64_t> normalized = normalizeDim(importer, node, dim, rank);
    if (failed(normalized))
      return failure();
    permutation.push_back(*normalized);
  }
  return importer.create<TransposeOp>(importer.getLoc(node), input,
                                      permutation);
}

/// aten::permute(input, dims).
static LogicalResult convertPermute(GraphImporter &importer, jit::Node *node) {
  FailureOr<Value> input = importer.getTensor(node, 0);
  FailureOr<SmallVector<int64_t>> dims = importer.getIntList(node, 1);
  if (failed(input) || failed(dims))
    return failure();
  return importer.mapResult(node, permute(importer, node, *input, *dims));
}

/// aten::transpose(input, dim0, dim1) and aten::t(input).
static LogicalResult convertTranspose(GraphImporter &importer,
                                      jit::Node *node) {
  FailureOr<Value> input = importer.getTensor(node, 0);
  if (failed(input))
    return failure();
  int64_t rank = getTensorType(*input).getRank();
  int64_t dim0 = 0, dim1 = rank > 1 ? 1 : 0;
  if (node->inputs().size() > 1) {
    FailureOr<int64_t> a = importer.getInt(node, 1);
    FailureOr<int64_t> b = importer.getInt(node, 2);
    if (failed(a) || failed(b))
      return failure();
    FailureOr<int64_t> na = normalizeDim(importer, node, *a, rank);
    FailureOr<int64_t> nb = normalizeDim(importer, node, *b, rank);
    if (failed(na) || failed(nb))
      return failure();
    dim0 = *na;
    dim1 = *nb;
  }
  SmallVector<int64_t> dims = llvm::to_vector(llvm::seq<int64_t>(0, rank));
  std::swap(dims[dim0], dims[dim1]);
  return importer.mapResult(node, permute(importer, node, *input, dims));
}

/// aten::unsqueeze(input, dim).
static LogicalResult convertUnsqueeze(GraphImporter &importer,
                                      jit::Node *node) {
  FailureOr<Value> input = importer.getTensor(node, 0);
  FailureOr<int64_t> dim = importer.getInt(node, 1);
  if (failed(input) || failed(dim))
    return failure();
  SmallVector<int64_t> shape(getTensorType(*input).getShape());
  FailureOr<int64_t> position =
      normalizeDim(importer, node, *dim, shape.size() + 1);
  if (failed(position))
    return failure();
  shape.insert(shape.begin() + *position, 1);
  return importer.mapResult(
      node, reshapeTo(importer, importer.getLoc(node), *input, shape));
}

/// aten::squeeze(input[, dim]).
static LogicalResult convertSqueeze(GraphImporter &importer, jit::Node *node) {
  FailureOr<Value> input = importer.getTensor(node, 0);
  if (failed(input))
    return failure();
  ArrayRef<int64_t> shape = getTensorType(*input).getShape();
  SmallVector<int64_t> squeezed;
  // PyTorch removes a dimension whose size is 1 at run time: the result's
  // rank would depend on the size. mdf keeps dynamic dimensions, and says so.
  auto warnDynamic = [&](int64_t position) {
    emitWarning(importer.getLoc(node))
        << "'" << node->kind().toQualString() << "': dimension " << position
        << " is known only at run time and is kept; PyTorch would remove it "
           "when it is 1 (give a static size in --input-shape to decide)";
  };
  if (node->inputs().size() > 1) {
    FailureOr<int64_t> dim = importer.getInt(node, 1);
    if (failed(dim))
      return failure();
    FailureOr<int64_t> position =
        normalizeDim(importer, node, *dim, shape.size());
    if (failed(position))
      return failure();
    squeezed.assign(shape.begin(), shape.end());
    if (shape[*position] == 1)
      squeezed.erase(squeezed.begin() + *position);
    else if (ShapedType::isDynamic(shape[*position]))
      warnDynamic(*position);
  } else {
    for (auto [position, size] : llvm::enumerate(shape)) {
      if (ShapedType::isDynamic(size))
        warnDynamic(position);
      if (size != 1)
        squeezed.push_back(size);
    }
  }
  return importer.mapResult(
      node, reshapeTo(importer, importer.getLoc(node), *input, squeezed));
}

/// The (tensors, dim) operands of aten::cat and aten::stack.
static LogicalResult getTensorsAndDim(GraphImporter &importer, jit::Node *node,
                                      SmallVector<Value> &tensors,
                                      int64_t &dim) {
  FailureOr<SmallVector<Value>> inputs = importer.getTensorList(node, 0);
  FailureOr<int64_t> dimension = importer.getInt(node, 1);
  if (failed(inputs) || failed(dimension))
    return failure();
  if (inputs->empty())
    return importer.emitNodeError(node, "needs at least one tensor");
  tensors = std::move(*inputs);
  dim = *dimension;
  return success();
}

/// aten::cat(tensors, dim).
static LogicalResult convertCat(GraphImporter &importer, jit::Node *node) {
  SmallVector<Value> inputs;
  int64_t dim;
  if (failed(getTensorsAndDim(importer, node, inputs, dim)))
    return failure();
  return importer.mapResult(
      node, importer.create<ConcatOp>(importer.getLoc(node), inputs, dim));
}

/// aten::stack(tensors, dim): unsqueeze each, then concatenate.
static LogicalResult convertStack(GraphImporter &importer, jit::Node *node) {
  SmallVector<Value> inputs;
  int64_t dim;
  if (failed(getTensorsAndDim(importer, node, inputs, dim)))
    return failure();
  Location loc = importer.getLoc(node);
  int64_t rank = getTensorType(inputs.front()).getRank();
  FailureOr<int64_t> position = normalizeDim(importer, node, dim, rank + 1);
  if (failed(position))
    return failure();
  SmallVector<Value> expanded;
  for (Value input : inputs) {
    SmallVector<int64_t> shape(getTensorType(input).getShape());
    shape.insert(shape.begin() + *position, 1);
    FailureOr<Value> reshaped = reshapeTo(importer, loc, input, shape);
    if (failed(reshaped))
      return failure();
    expanded.push_back(*reshaped);
  }
  return importer.mapResult(
      node, importer.create<ConcatOp>(loc, expanded, *position));
}

/// aten::slice(input, dim, start, end, step).
/// aten::slice.t: list[start:end:step] of a list known at compile time.
static LogicalResult convertListSlice(GraphImporter &importer,
                                      jit::Node *node,
                                      const ImportedValue &list) {
  int64_t size = list.elements.size();
  FailureOr<int64_t> step = importer.getInt(node, 3);
  if (failed(step))
    return failure();
  if (*step <= 0)
    return importer.emitNodeError(node, "only positive list slice steps are supported");
  auto bound = [&](unsigned index, int64_t absent) -> FailureOr<int64_t> {
    if (importer.isNone(node, index))
      return absent;
    FailureOr<int64_t> value = importer.getInt(node, index);
    if (failed(value))
      return failure();
    int64_t position = *value < 0 ? *value + size : *value;
    return std::clamp<int64_t>(position, 0, size);
  };
  FailureOr<int64_t> start = bound(1, 0), end = bound(2, size);
  if (failed(start) || failed(end))
    return failure();
  std::vector<ImportedValue> elements;
  for (int64_t i = *start; i < *end; i += *step)
    elements.push_back(list.elements[i]);
  importer.map(node->output(), ImportedValue::ofList(std::move(elements)));
  return success();
}

static LogicalResult convertSlice(GraphImporter &importer, jit::Node *node) {
  if (const ImportedValue *list = importer.lookup(node->input(0));
      list && list->kind == ImportedValue::Kind::List &&
      node->inputs().size() == 4)
    return convertListSlice(importer, node, *list);
  FailureOr<Value> input = importer.getTensor(node, 0);
  FailureOr<int64_t> dim = importer.getInt(node, 1);
  FailureOr<int64_t> start = importer.isNone(node, 2)
                                 ? FailureOr<int64_t>(0)
                                 : importer.getInt(node, 2);
  FailureOr<int64_t> end = importer.isNone(node, 3)
                               ? FailureOr<int64_t>(INT64_MAX)
                               : importer.getInt(node, 3);
  FailureOr<int64_t> step = importer.getInt(node, 4);
  if (failed(input) || failed(dim) || failed(start) || failed(end) ||
      failed(step))
    return failure();
  return importer.mapResult(node,
                            buildSlice(importer, importer.getLoc(node), *input,
                                       *dim, *start, *end, *step));
}

/// aten::select(input, dim, index): a slice of one, then drop the dim.
static LogicalResult convertSelect(GraphImporter &importer, jit::Node *node) {
  FailureOr<Value> input = importer.getTensor(node, 0);
  FailureOr<int64_t> dim = importer.getInt(node, 1);
  FailureOr<int64_t> index = importer.getInt(node, 2);
  if (failed(input) || failed(dim) || failed(index))
    return failure();
  ArrayRef<int64_t> shape = getTensorType(*input).getShape();
  FailureOr<int64_t> position =
      normalizeDim(importer, node, *dim, shape.size());
  if (failed(position))
    return failure();
  // index -1 must end at the end, not at -1 + 1 = 0.
  int64_t end = *index == -1 ? INT64_MAX : *index + 1;
  Location loc = importer.getLoc(node);
  FailureOr<Value> slice =
      buildSlice(importer, loc, *input, *position, *index, end);
  if (failed(slice))
    return failure();
  SmallVector<int64_t> reduced(shape);
  reduced.erase(reduced.begin() + *position);
  return importer.mapResult(node, reshapeTo(importer, loc, *slice, reduced));
}

/// aten::chunk(input, chunks, dim): a list of slices.
static LogicalResult convertChunk(GraphImporter &importer, jit::Node *node) {
  FailureOr<Value> input = importer.getTensor(node, 0);
  FailureOr<int64_t> chunks = importer.getInt(node, 1);
  FailureOr<int64_t> dim = importer.getInt(node, 2);
  if (failed(input) || failed(chunks) || failed(dim))
    return failure();
  FailureOr<SmallVector<Value>> parts =
      buildChunks(importer, importer.getLoc(node), *input, *chunks, *dim);
  if (failed(parts))
    return failure();
  std::vector<ImportedValue> elements;
  for (Value part : *parts)
    elements.push_back(ImportedValue::ofTensor(part));
  importer.map(node->output(), ImportedValue::ofList(std::move(elements)));
  return success();
}

/// aten::expand(input, size, implicit).
static LogicalResult convertExpand(GraphImporter &importer, jit::Node *node) {
  FailureOr<Value> input = importer.getTensor(node, 0);
  if (failed(input))
    return failure();
  // A size known only at run time that is the input's own size at that
  // position (`x.expand(n, 4, 3)` with `n = x.size(0)`) keeps it: -1.
  const ImportedValue *list = importer.lookup(node->input(1));
  if (list && list->kind == ImportedValue::Kind::List) {
    RankedTensorType type = getTensorType(*input);
    int64_t offset = static_cast<int64_t>(list->elements.size()) - type.getRank();
    SmallVector<int64_t> shape;
    bool resolved = offset >= 0;
    for (auto [position, element] : llvm::enumerate(list->elements)) {
      if (!resolved)
        break;
      if (element.kind == ImportedValue::Kind::Int) {
        shape.push_back(element.intValue);
        continue;
      }
      int64_t dim = static_cast<int64_t>(position) - offset;
      resolved = element.kind == ImportedValue::Kind::DynamicSize && dim >= 0 &&
                 type.isDynamicDim(dim) &&
                 importer.sameDynamicSize(
                     element, ImportedValue::ofDynamicSize(1, {{*input, dim}}));
      shape.push_back(-1);
    }
    if (resolved)
      return importer.mapResult(
          node, importer.create<ExpandOp>(importer.getLoc(node), *input, shape));
  }
  FailureOr<SmallVector<int64_t>> shape = importer.getIntList(node, 1);
  if (failed(shape))
    return failure();
  return importer.mapResult(
      node, importer.create<ExpandOp>(importer.getLoc(node), *input, *shape));
}

/// `input` with the elements along `dim` picked by the static `indices`.
static FailureOr<Value> gatherAlong(GraphImporter &importer, Location loc,
                                    Value input, int64_t dim,
                                    ArrayRef<int64_t> indices) {
  return importer.create<GatherOp>(loc, input,
                                   importer.indexVector(loc, indices), dim);
}

/// The static size of dimension `dim`, or an error.
static FailureOr<int64_t> staticSize(GraphImporter &importer, jit::Node *node,
                                     Value input, int64_t dim) {
  int64_t size = getTensorType(input).getDimSize(dim);
  if (ShapedType::isDynamic(size))
    return importer.emitNodeError(node, "needs a static size along dimension " +
                                            Twine(dim));
  return size;
}

/// Indices along a dimension known only at run time, as a 1-D i64 tensor:
/// `map(iota, size)` of the 0, 1, ... along `dim` and the size (0-D).
template <typename IndexFn>
static FailureOr<Value> dynamicIndicesAlong(GraphImporter &importer,
                                            Location loc, Value tensor,
                                            int64_t dim, IndexFn map) {
  FailureOr<Value> iota = importer.iotaAlong(loc, tensor, dim);
  if (failed(iota))
    return failure();
  FailureOr<Value> flat = importer.reshape(loc, *iota, {-1});
  if (failed(flat))
    return failure();
  FailureOr<Value> last =
      importer.create<ReduceMaxOp>(loc, *flat, ArrayRef<int64_t>{}, false);
  if (failed(last))
    return failure();
  Type i64 = IntegerType::get(importer.getContext(), 64);
  FailureOr<Value> size =
      importer.create<AddOp>(loc, *last, importer.scalar(loc, i64, 1));
  if (failed(size))
    return failure();
  return map(*flat, *size);
}

/// aten::flip(input, dims): each dimension read backwards.
static LogicalResult convertFlip(GraphImporter &importer, jit::Node *node) {
  FailureOr<Value> input = importer.getTensor(node, 0);
  FailureOr<SmallVector<int64_t>> dims = importer.getIntList(node, 1);
  if (failed(input) || failed(dims))
    return failure();
  Location loc = importer.getLoc(node);
  int64_t rank = getTensorType(*input).getRank();
  Value result = *input;
  for (int64_t dim : *dims) {
    FailureOr<int64_t> axis = normalizeDim(importer, node, dim, rank);
    if (failed(axis))
      return failure();
    FailureOr<Value> flipped;
    if (getTensorType(result).isDynamicDim(*axis)) {
      // (size - 1) - i.
      FailureOr<Value> reversed = dynamicIndicesAlong(
          importer, loc, result, *axis, [&](Value iota, Value size) {
            FailureOr<Value> last = importer.create<SubOp>(
                loc, size, importer.scalar(loc, getTensorType(size).getElementType(), 1));
            return failed(last) ? last
                                : importer.create<SubOp>(loc, *last, iota);
          });
      if (failed(reversed))
        return failure();
      flipped = importer.create<GatherOp>(loc, result, *reversed, *axis);
    } else {
      int64_t size = getTensorType(result).getDimSize(*axis);
      SmallVector<int64_t> reversed;
      for (int64_t i = size - 1; i >= 0; --i)
        reversed.push_back(i);
      flipped = gatherAlong(importer, loc, result, *axis, reversed);
    }
    if (failed(flipped))
      return failure();
    result = *flipped;
  }
  importer.mapTensor(node->output(), result);
  return success();
}

/// aten::roll(input, shifts, dims): elements shifted cyclically; without
/// dims, over the flattened tensor.
static LogicalResult convertRoll(GraphImporter &importer, jit::Node *node) {
  FailureOr<Value> input = importer.getTensor(node, 0);
  FailureOr<SmallVector<int64_t>> shifts = importer.getIntList(node, 1);
  FailureOr<SmallVector<int64_t>> dims = importer.getIntList(node, 2);
  if (failed(input) || failed(shifts) || failed(dims))
    return failure();
  Location loc = importer.getLoc(node);
  RankedTensorType type = getTensorType(*input);
  Value result = *input;
  bool flattened = dims->empty();
  if (flattened) {
    FailureOr<Value> flat = reshapeTo(importer, loc, result, {-1});
    if (failed(flat))
      return failure();
    result = *flat;
    dims->push_back(0);
  }
  if (shifts->size() != dims->size())
    return importer.emitNodeError(node, "needs one shift per dimension");
  for (auto [shift, dim] : llvm::zip(*shifts, *dims)) {
    FailureOr<int64_t> axis =
        normalizeDim(importer, node, dim, getTensorType(result).getRank());
    if (failed(axis))
      return failure();
    FailureOr<Value> rolled;
    if (getTensorType(result).isDynamicDim(*axis)) {
      // (i - shift) mod size, Python's modulo (never negative).
      int64_t by = shift;
      FailureOr<Value> indices = dynamicIndicesAlong(
          importer, loc, result, *axis, [&](Value iota, Value size) {
            FailureOr<Value> moved = importer.create<SubOp>(
                loc, iota, importer.scalar(loc, getTensorType(iota).getElementType(), by));
            return failed(moved)
                       ? moved
                       : importer.create<RemainderOp>(loc, *moved, size);
          });
      if (failed(indices))
        return failure();
      rolled = importer.create<GatherOp>(loc, result, *indices, *axis);
    } else {
      int64_t size = getTensorType(result).getDimSize(*axis);
      SmallVector<int64_t> indices;
      for (int64_t i = 0; i < size; ++i)
        indices.push_back((((i - shift) % size) + size) % size);
      rolled = gatherAlong(importer, loc, result, *axis, indices);
    }
    if (failed(rolled))
      return failure();
    result = *rolled;
  }
  if (flattened)
    return importer.mapResult(node,
                              reshapeTo(importer, loc, result, type.getShape()));
  importer.mapTensor(node->output(), result);
  return success();
}

/// aten::narrow(input, dim, start, length).
static LogicalResult convertNarrow(GraphImporter &importer, jit::Node *node) {
  FailureOr<Value> input = importer.getTensor(node, 0);
  FailureOr<int64_t> dim = importer.getInt(node, 1);
  FailureOr<int64_t> start = importer.getInt(node, 2);
  FailureOr<int64_t> length = importer.getInt(node, 3);
  if (failed(input) || failed(dim) || failed(start) || failed(length))
    return failure();
  FailureOr<int64_t> axis =
      normalizeDim(importer, node, *dim, getTensorType(*input).getRank());
  if (failed(axis))
    return failure();
  int64_t begin = *start;
  if (begin < 0) {
    FailureOr<int64_t> size = staticSize(importer, node, *input, *axis);
    if (failed(size))
      return failure();
    begin += *size;
  }
  return importer.mapResult(node, buildSlice(importer, importer.getLoc(node),
                                             *input, *axis, begin,
                                             begin + *length));
}

/// aten::index_select(input, dim, index): a gather along `dim`.
static LogicalResult convertIndexSelect(GraphImporter &importer,
                                        jit::Node *node) {
  FailureOr<Value> input = importer.getTensor(node, 0);
  FailureOr<int64_t> dim = importer.getInt(node, 1);
  FailureOr<Value> index = importer.getTensor(node, 2);
  if (failed(input) || failed(dim) || failed(index))
    return failure();
  int64_t rank = getTensorType(*input).getRank();
  FailureOr<int64_t> axis =
      normalizeDim(importer, node, *dim, std::max<int64_t>(rank, 1));
  if (failed(axis))
    return failure();
  Location loc = importer.getLoc(node);
  Value indices = *index;
  if (getTensorType(indices).getRank() == 0) {
    FailureOr<Value> vector = reshapeTo(importer, loc, indices, {1});
    if (failed(vector))
      return failure();
    indices = *vector;
  }
  return importer.mapResult(
      node, importer.create<GatherOp>(loc, *input, indices, *axis));
}

/// aten::repeat(input, repeats) and aten::tile(input, dims): the input
/// tiled along each dimension, as reshape to (1, s0, 1, s1, ...), expand
/// to (r0, s0, r1, s1, ...) and reshape to (r0 s0, r1 s1, ...).
static LogicalResult convertRepeat(GraphImporter &importer, jit::Node *node) {
  FailureOr<Value> input = importer.getTensor(node, 0);
  FailureOr<SmallVector<int64_t>> repeats = importer.getIntList(node, 1);
  if (failed(input) || failed(repeats))
    return failure();
  ArrayRef<int64_t> inputShape = getTensorType(*input).getShape();
  bool isTile = node->kind().toQualString() == StringRef("aten::tile");
  if (repeats->size() < inputShape.size()) {
    if (!isTile)
      return importer.emitNodeError(
          node, "needs at least as many repeats as the input has dimensions");
    repeats->insert(repeats->begin(), inputShape.size() - repeats->size(), 1);
  }
  // Missing leading dimensions are 1.
  SmallVector<int64_t> shape(repeats->size() - inputShape.size(), 1);
  shape.append(inputShape.begin(), inputShape.end());
  if (llvm::count_if(shape, ShapedType::isDynamic) > 1)
    return importer.emitNodeError(
        node, "needs at most one size known only at run time in its input");
  SmallVector<int64_t> interleaved, expanded, result;
  for (auto [size, times] : llvm::zip(shape, *repeats)) {
    bool dynamic = ShapedType::isDynamic(size);
    interleaved.append({1, size});
    expanded.append({times, dynamic ? -1 : size});
    result.push_back(dynamic ? ShapedType::kDynamic : times * size);
  }
  Location loc = importer.getLoc(node);
  FailureOr<Value> spread = reshapeTo(importer, loc, *input, interleaved);
  if (failed(spread))
    return failure();
  FailureOr<Value> copies = importer.create<ExpandOp>(loc, *spread, expanded);
  if (failed(copies))
    return failure();
  return importer.mapResult(node, reshapeTo(importer, loc, *copies, result));
}

void mlir::mdf::torchscript::addShapeConverters(ConverterMap &map) {
  map["aten::flip"] = convertFlip;
  map["aten::roll"] = convertRoll;
  map["aten::narrow"] = convertNarrow;
  map["aten::index_select"] = convertIndexSelect;
  map["aten::repeat"] = convertRepeat;
  map["aten::tile"] = convertRepeat;
  map["aten::view"] = convertReshape;
  map["aten::reshape"] = convertReshape;
  map["aten::flatten"] = convertFlatten;
  map["aten::permute"] = convertPermute;
  map["aten::transpose"] = convertTranspose;
  map["aten::t"] = convertTranspose;
  map["aten::unsqueeze"] = convertUnsqueeze;
  map["aten::squeeze"] = convertSqueeze;
  map["aten::cat"] = convertCat;
  map["aten::stack"] = convertStack;
  map["aten::slice"] = convertSlice;
  map["aten::select"] = convertSelect;
  map["aten::chunk"] = convertChunk;
  map["aten::expand"] = convertExpand;
}
