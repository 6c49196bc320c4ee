//===- ConvertConvTranspose.cpp - transposed convolutions -----------------===//
//
// This file implements transposed convolutions (aten::conv_transpose1d/2d/3d
// and aten::_convolution with transposed=true) as ordinary convolutions:
// the input gets stride - 1 zeros between its elements and
// dilation * (kernel - 1) - padding of zeros around it (negative amounts
// crop), and the kernel swaps its channel roles per group and is flipped
// in space; then a stride-1 mdf.conv with the same dilation computes the
// transposed convolution.
//
//===----------------------------------------------------------------------===//

#include "GraphImporter.h"

using namespace mlir;
using namespace mlir::mdf;
using namespace mlir::mdf::torchscript;
namespace jit = torch::jit;

namespace {

/// `input` with `before`/`after` elements of padding along `dim`; negative
/// amounts cut elements off instead.
FailureOr<Value> padOrCrop(GraphImporter &importer, Location loc, Value input,
                           int64_t dim, int64_t before, int64_t after) {
  RankedTensorType type = getTensorType(input);
  int64_t rank = type.getRank();
  Value result = input;
  if (before < 0 || after < 0) {
    int64_t size = type.getDimSize(dim);
    FailureOr<Value> cropped =
        buildSlice(importer, loc, result, dim, before < 0 ? -before : 0,
                   after < 0 ? size + after : size);
    if (failed(cropped))
      return failure();
    result = *cropped;
  }
  if (before <= 0 && after <= 0)
    return result;
  SmallVector<int64_t> pads(2 * rank, 0);
  pads[dim] = std::max<int64_t>(before, 0);
  pads[dim + rank] = std::max<int64_t>(after, 0);
  Builder &b = importer.getBuilder();
  return importer.create<PadOp>(loc, result, b.getDenseI64ArrayAttr(pads),
                                b.getF64FloatAttr(0.0));
}

/// `input` with `stride - 1` zeros between neighbours along `dim`:
/// reshape to (..., n, 1, ...), pad the unit dimension to the stride,
/// merge, and drop the trailing zeros.
FailureOr<Value> insertZeros(GraphImporter &importer, Location loc,
                             Value input, int64_t dim, int64_t stride) {
  if (stride == 1)
    return input;
  SmallVector<int64_t> shape(getTensorType(input).getShape());
  int64_t size = shape[dim];
  SmallVector<int64_t> spread(shape);
  spread.insert(spread.begin() + dim + 1, 1);
  FailureOr<Value> unit = importer.reshape(loc, input, spread);
  if (failed(unit))
    return failure();
  FailureOr<Value> padded =
      padOrCrop(importer, loc, *unit, dim + 1, 0, stride - 1);
  if (failed(padded))
    return failure();
  shape[dim] = size * stride;
  FailureOr<Value> merged = importer.reshape(loc, *padded, shape);
  if (failed(merged))
    return failure();
  return buildSlice(importer, loc, *merged, dim, 0, (size - 1) * stride + 1);
}

/// The transposed convolution's weight (Cin, Cout/g, k...) as an ordinary
/// convolution's (Cout, Cin/g, k...), flipped along every spatial dimension.
FailureOr<Value> convWeight(GraphImporter &importer, Location loc, Value weight,
                            int64_t groups) {
  RankedTensorType type = getTensorType(weight);
  ArrayRef<int64_t> shape = type.getShape();
  int64_t in = shape[0], outPerGroup = shape[1];
  ArrayRef<int64_t> kernel = shape.drop_front(2);
  SmallVector<int64_t> grouped = {groups, in / groups, outPerGroup};
  grouped.append(kernel.begin(), kernel.end());
  FailureOr<Value> split = importer.reshape(loc, weight, grouped);
  if (failed(split))
    return failure();
  SmallVector<int64_t> order = {0, 2, 1};
  for (size_t i = 0; i < kernel.size(); ++i)
    order.push_back(3 + i);
  FailureOr<Value> swapped = importer.create<TransposeOp>(loc, *split, order);
  if (failed(swapped))
    return failure();
  SmallVector<int64_t> joined = {groups * outPerGroup, in / groups};
  joined.append(kernel.begin(), kernel.end());
  FailureOr<Value> result = importer.reshape(loc, *swapped, joined);
  if (failed(result))
    return failure();
  for (auto [i, size] : llvm::enumerate(kernel)) {
    if (size == 1)
      continue;
    SmallVector<int64_t> reversed;
    for (int64_t j = size - 1; j >= 0; --j)
      reversed.push_back(j);
    result = importer.create<GatherOp>(
        loc, *result, importer.indexVector(loc, reversed), 2 + i);
    if (failed(result))
      return failure();
  }
  return result;
}

} // namespace

FailureOr<Value> mlir::mdf::torchscript::buildTransposedConvolution(
    GraphImporter &importer, Location loc, Value input, Value weight,
    Value bias, ArrayRef<int64_t> strides, ArrayRef<int64_t> padding,
    ArrayRef<int64_t> outputPadding, ArrayRef<int64_t> dilations,
    int64_t groups) {
  RankedTensorType inputType = getTensorType(input);
  RankedTensorType weightType = getTensorType(weight);
  int64_t spatial = inputType.getRank() - 2;
  if (spatial < 1 || !inputType.hasStaticShape() ||
      !weightType.hasStaticShape() || weightType.getRank() != spatial + 2)
    return emitError(loc) << "a transposed convolution needs static N, C, "
                             "spatial input and weight shapes";
  if (groups < 1 || weightType.getDimSize(0) % groups != 0)
    return emitError(loc) << "the weight's input channels do not divide "
                             "into " << groups << " groups";
  Value x = input;
  for (int64_t i = 0; i < spatial; ++i) {
    int64_t dim = 2 + i;
    FailureOr<Value> spread = insertZeros(importer, loc, x, dim, strides[i]);
    if (failed(spread))
      return failure();
    int64_t reach = dilations[i] * (weightType.getDimSize(dim) - 1);
    FailureOr<Value> framed =
        padOrCrop(importer, loc, *spread, dim, reach - padding[i],
                  reach - padding[i] + outputPadding[i]);
    if (failed(framed))
      return failure();
    x = *framed;
  }
  FailureOr<Value> kernel = convWeight(importer, loc, weight, groups);
  if (failed(kernel))
    return failure();
  SmallVector<int64_t> ones(spatial, 1), zeros(2 * spatial, 0);
  return importer.create<ConvOp>(loc, x, *kernel, bias, ones, zeros,
                                 dilations, groups);
}

/// aten::conv_transpose{1,2,3}d(input, weight, bias, stride, padding,
/// output_padding, groups, dilation).
static LogicalResult convertConvTranspose(GraphImporter &importer,
                                          jit::Node *node) {
  FailureOr<GraphImporter::ConvolutionOperands> operands =
      importer.getConvolutionOperands(node);
  if (failed(operands))
    return failure();
  auto [input, weight, bias, spatial] = *operands;
  FailureOr<SmallVector<int64_t>> strides = importer.getIntList(node, 3, spatial);
  FailureOr<SmallVector<int64_t>> padding = importer.getIntList(node, 4, spatial);
  FailureOr<SmallVector<int64_t>> outputPadding =
      importer.getIntList(node, 5, spatial);
  FailureOr<int64_t> groups = importer.getInt(node, 6);
  FailureOr<SmallVector<int64_t>> dilations =
      importer.getIntList(node, 7, spatial);
  if (failed(strides) || failed(padding) || failed(outputPadding) ||
      failed(groups) || failed(dilations))
    return failure();
  return importer.mapResult(
      node, buildTransposedConvolution(importer, importer.getLoc(node), input,
                                       weight, bias, *strides, *padding,
                                       *outputPadding, *dilations, *groups));
}

void mlir::mdf::torchscript::addConvTransposeConverters(ConverterMap &map) {
  map["aten::conv_transpose1d"] = convertConvTranspose;
  map["aten::conv_transpose2d"] = convertConvTranspose;
  map["aten::conv_transpose3d"] = convertConvTranspose;
}
