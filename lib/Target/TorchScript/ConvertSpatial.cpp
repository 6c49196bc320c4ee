//===- ConvertSpatial.cpp - padding, pixel shuffle, upsampling ------------===//
//
// This file implements the converters of aten's spatial rearrangements:
// constant, reflection, replication and circular padding, pixel
// (un)shuffle and nearest/bilinear upsampling. Padding modes other than
// constant and every upsampling are gathers with index vectors known at
// compile time (bilinear: two gathers and a blend per dimension).
//
//===----------------------------------------------------------------------===//

#include "GraphImporter.h"

#include <cmath>

using namespace mlir;
using namespace mlir::mdf;
using namespace mlir::mdf::torchscript;
namespace jit = torch::jit;

namespace {

/// The index each padded position reads along a dimension of `size`.
std::optional<int64_t> sourceIndex(StringRef mode, int64_t i, int64_t size) {
  if (i >= 0 && i < size)
    return i;
  if (mode == "replicate")
    return i < 0 ? 0 : size - 1;
  if (mode == "circular")
    return ((i % size) + size) % size;
  if (mode == "reflect") {
    if (size == 1)
      return 0;
    int64_t period = 2 * (size - 1);
    int64_t j = ((i % period) + period) % period;
    return j < size ? j : period - j;
  }
  return std::nullopt;
}

/// `input` padded by `pads` (PyTorch's order: last dimension first, before
/// and after) in `mode`, constant padding with `value`.
FailureOr<Value> buildPad(GraphImporter &importer, jit::Node *node,
                          Value input, ArrayRef<int64_t> pads, StringRef mode,
                          double value) {
  Location loc = importer.getLoc(node);
  RankedTensorType type = getTensorType(input);
  int64_t rank = type.getRank();
  if (pads.size() % 2 != 0 || static_cast<int64_t>(pads.size()) > 2 * rank)
    return importer.emitNodeError(
        node, "pad needs pairs (before, after) for at most every dimension");
  if (mode == "constant") {
    SmallVector<int64_t> onnxPads(2 * rank, 0);
    for (size_t pair = 0; pair < pads.size() / 2; ++pair) {
      int64_t dim = rank - 1 - pair;
      onnxPads[dim] = pads[2 * pair];
      onnxPads[dim + rank] = pads[2 * pair + 1];
    }
    if (llvm::any_of(onnxPads, [](int64_t p) { return p < 0; }))
      return importer.emitNodeError(node, "negative padding is not supported");
    Builder &b = importer.getBuilder();
    return importer.create<PadOp>(loc, input, b.getDenseI64ArrayAttr(onnxPads),
                                  b.getF64FloatAttr(value));
  }
  if (mode != "reflect" && mode != "replicate" && mode != "circular")
    return importer.emitNodeError(node, "unknown padding mode '" + mode.str() +
                                            "'");
  Value result = input;
  for (size_t pair = 0; pair < pads.size() / 2; ++pair) {
    int64_t dim = rank - 1 - pair;
    int64_t size = type.getDimSize(dim);
    if (ShapedType::isDynamic(size))
      return importer.emitNodeError(node, "needs static padded sizes");
    int64_t before = pads[2 * pair], after = pads[2 * pair + 1];
    if (mode == "reflect" && (before >= size || after >= size))
      return importer.emitNodeError(
          node, "reflection padding must be smaller than the dimension");
    SmallVector<int64_t> indices;
    for (int64_t i = -before; i < size + after; ++i)
      indices.push_back(*sourceIndex(mode, i, size));
    FailureOr<Value> padded = importer.create<GatherOp>(
        loc, result, importer.indexVector(loc, indices), dim);
    if (failed(padded))
      return failure();
    result = *padded;
  }
  return result;
}

/// aten::constant_pad_nd(input, pad, value), aten::pad(input, pad, mode,
/// value), aten::{reflection,replication}_pad{1,2,3}d(input, pad).
LogicalResult convertPad(GraphImporter &importer, jit::Node *node) {
  FailureOr<Value> input = importer.getTensor(node, 0);
  FailureOr<SmallVector<int64_t>> pads = importer.getIntList(node, 1);
  if (failed(input) || failed(pads))
    return failure();
  StringRef kind = node->kind().toQualString();
  std::string mode = "constant";
  double value = 0;
  if (kind.starts_with("aten::reflection_pad"))
    mode = "reflect";
  else if (kind.starts_with("aten::replication_pad"))
    mode = "replicate";
  if (std::optional<unsigned> index = findArgument(node, "mode")) {
    const ImportedValue *name = importer.lookup(node->input(*index));
    if (!name || name->kind != ImportedValue::Kind::String)
      return importer.emitNodeError(node, "mode must be a string");
    mode = name->string;
  }
  if (std::optional<unsigned> index = findArgument(node, "value"))
    if (!importer.isNone(node, *index)) {
      FailureOr<double> number = importer.getFloat(node, *index);
      if (failed(number))
        return failure();
      value = *number;
    }
  return importer.mapResult(
      node, buildPad(importer, node, *input, *pads, mode, value));
}

/// aten::pixel_shuffle(x, r): (N, C r^2, H, W) -> (N, C, H r, W r), and
/// aten::pixel_unshuffle, its inverse; reshape, permute, reshape.
LogicalResult convertPixelShuffle(GraphImporter &importer, jit::Node *node) {
  FailureOr<Value> input = importer.getTensor(node, 0);
  FailureOr<int64_t> factor = importer.getInt(node, 1);
  if (failed(input) || failed(factor))
    return failure();
  RankedTensorType type = getTensorType(*input);
  if (type.getRank() != 4 || !type.hasStaticShape() || *factor < 1)
    return importer.emitNodeError(
        node, "needs a static 4-D input and a positive factor");
  int64_t n = type.getDimSize(0), c = type.getDimSize(1),
          h = type.getDimSize(2), w = type.getDimSize(3), r = *factor;
  Location loc = importer.getLoc(node);
  bool unshuffle =
      node->kind().toQualString() == StringRef("aten::pixel_unshuffle");
  SmallVector<int64_t> split, order, joined;
  if (!unshuffle) {
    if (c % (r * r) != 0)
      return importer.emitNodeError(node, "channels must divide by factor^2");
    split = {n, c / (r * r), r, r, h, w};
    order = {0, 1, 4, 2, 5, 3};
    joined = {n, c / (r * r), h * r, w * r};
  } else {
    if (h % r != 0 || w % r != 0)
      return importer.emitNodeError(node, "height and width must divide by "
                                          "the factor");
    split = {n, c, h / r, r, w / r, r};
    order = {0, 1, 3, 5, 2, 4};
    joined = {n, c * r * r, h / r, w / r};
  }
  FailureOr<Value> spread = importer.reshape(loc, *input, split);
  if (failed(spread))
    return failure();
  FailureOr<Value> moved = importer.create<TransposeOp>(loc, *spread, order);
  if (failed(moved))
    return failure();
  return importer.mapResult(node, importer.reshape(loc, *moved, joined));
}

/// The output sizes of an upsampling: `output_size`, or the input sizes
/// times `scale_factors`/`scales_*` (floored, as PyTorch).
FailureOr<SmallVector<int64_t>> upsampleSizes(GraphImporter &importer,
                                              jit::Node *node,
                                              ArrayRef<int64_t> inputSizes,
                                              SmallVectorImpl<double> &scales) {
  unsigned spatial = inputSizes.size();
  scales.assign(spatial, 0.0);
  std::optional<unsigned> sizeIndex = findArgument(node, "output_size");
  if (sizeIndex && !importer.isNone(node, *sizeIndex)) {
    FailureOr<SmallVector<int64_t>> sizes =
        importer.getIntList(node, *sizeIndex, spatial);
    if (failed(sizes))
      return failure();
    // Explicit scales (the scales_h/scales_w arguments) still decide the
    // source positions when given.
    // A named array: the elements of a braced list in the range-for's
    // initializer would be gone before the loop body runs.
    static const StringRef scaleNames[] = {"scales_d", "scales_h", "scales_w"};
    for (auto [i, name] : llvm::enumerate(ArrayRef<StringRef>(scaleNames)
                                              .take_back(spatial == 1
                                                             ? 1
                                                             : spatial))) {
      StringRef argName = spatial == 1 ? StringRef("scales") : name;
      if (std::optional<unsigned> index = findArgument(node, argName))
        if (!importer.isNone(node, *index)) {
          FailureOr<double> scale = importer.getFloat(node, *index);
          if (failed(scale))
            return failure();
          scales[i] = *scale;
        }
    }
    return *sizes;
  }
  std::optional<unsigned> scaleIndex = findArgument(node, "scale_factors");
  if (!scaleIndex || importer.isNone(node, *scaleIndex))
    return importer.emitNodeError(node, "needs output_size or scale_factor");
  const ImportedValue *list = importer.lookup(node->input(*scaleIndex));
  if (!list || list->kind != ImportedValue::Kind::List ||
      list->elements.size() != spatial)
    return importer.emitNodeError(node, "needs one scale factor per dimension");
  SmallVector<int64_t> sizes;
  for (auto [i, element] : llvm::enumerate(list->elements)) {
    double scale = element.kind == ImportedValue::Kind::Float
                       ? element.floatValue
                       : static_cast<double>(element.intValue);
    scales[i] = scale;
    sizes.push_back(static_cast<int64_t>(std::floor(inputSizes[i] * scale)));
  }
  return sizes;
}

/// aten::upsample_nearest{1,2,3}d and aten::upsample_bilinear2d /
/// upsample_linear1d (align_corners), as gathers per spatial dimension.
LogicalResult convertUpsample(GraphImporter &importer, jit::Node *node) {
  FailureOr<Value> input = importer.getFloatTensor(node, 0);
  if (failed(input))
    return failure();
  RankedTensorType type = getTensorType(*input);
  if (type.getRank() < 3 || !type.hasStaticShape())
    return importer.emitNodeError(node, "needs a static N, C, spatial input");
  ArrayRef<int64_t> inputSizes = type.getShape().drop_front(2);
  SmallVector<double> scales;
  FailureOr<SmallVector<int64_t>> sizes =
      upsampleSizes(importer, node, inputSizes, scales);
  if (failed(sizes))
    return failure();
  StringRef kind = node->kind().toQualString();
  bool linear = kind.contains("linear");
  bool alignCorners = false;
  if (std::optional<unsigned> index = findArgument(node, "align_corners")) {
    FailureOr<bool> value = importer.getBool(node, *index);
    if (failed(value))
      return failure();
    alignCorners = *value;
  }
  Location loc = importer.getLoc(node);
  Type elementType = type.getElementType();
  Value result = *input;
  for (auto [i, inSize] : llvm::enumerate(inputSizes)) {
    int64_t outSize = (*sizes)[i];
    int64_t dim = 2 + i;
    // PyTorch's source scale: given scales invert directly, else in/out.
    double scale = scales[i] > 0 ? 1.0 / scales[i]
                                 : static_cast<double>(inSize) / outSize;
    if (!linear) {
      SmallVector<int64_t> indices;
      for (int64_t o = 0; o < outSize; ++o)
        indices.push_back(std::min<int64_t>(
            static_cast<int64_t>(std::floor(o * scale)), inSize - 1));
      FailureOr<Value> gathered = importer.create<GatherOp>(
          loc, result, importer.indexVector(loc, indices), dim);
      if (failed(gathered))
        return failure();
      result = *gathered;
      continue;
    }
    SmallVector<int64_t> low, high;
    SmallVector<double> weights;
    for (int64_t o = 0; o < outSize; ++o) {
      double source =
          alignCorners ? (outSize > 1 ? o * double(inSize - 1) / (outSize - 1)
                                      : 0.0)
                       : std::max(0.0, (o + 0.5) * scale - 0.5);
      int64_t l = std::min<int64_t>(static_cast<int64_t>(source), inSize - 1);
      int64_t h = std::min<int64_t>(l + 1, inSize - 1);
      low.push_back(l);
      high.push_back(h);
      weights.push_back(source - l);
    }
    FailureOr<Value> lowValues = importer.create<GatherOp>(
        loc, result, importer.indexVector(loc, low), dim);
    FailureOr<Value> highValues = importer.create<GatherOp>(
        loc, result, importer.indexVector(loc, high), dim);
    if (failed(lowValues) || failed(highValues))
      return failure();
    // low + w * (high - low), with w broadcast along `dim`.
    SmallVector<int64_t> weightShape(type.getRank(), 1);
    weightShape[dim] = outSize;
    auto weightType = RankedTensorType::get(weightShape, elementType);
    Value weight = importer.numbers(loc, weightType, weights);
    FailureOr<Value> difference =
        importer.create<SubOp>(loc, *highValues, *lowValues);
    if (failed(difference))
      return failure();
    FailureOr<Value> step = importer.create<MulOp>(loc, *difference, weight);
    if (failed(step))
      return failure();
    FailureOr<Value> blended = importer.create<AddOp>(loc, *lowValues, *step);
    if (failed(blended))
      return failure();
    result = *blended;
  }
  importer.mapTensor(node->output(), result);
  return success();
}

} // namespace

void mlir::mdf::torchscript::addSpatialConverters(ConverterMap &map) {
  for (const char *name :
       {"aten::constant_pad_nd", "aten::pad", "aten::reflection_pad1d",
        "aten::reflection_pad2d", "aten::reflection_pad3d",
        "aten::replication_pad1d", "aten::replication_pad2d",
        "aten::replication_pad3d"})
    map[name] = convertPad;
  map["aten::pixel_shuffle"] = convertPixelShuffle;
  map["aten::pixel_unshuffle"] = convertPixelShuffle;
  for (const char *name :
       {"aten::upsample_nearest1d", "aten::upsample_nearest2d",
        "aten::upsample_nearest3d", "aten::upsample_linear1d",
        "aten::upsample_bilinear2d"})
    map[name] = convertUpsample;
}
