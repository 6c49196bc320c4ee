//===- ConvertNeuralNet.cpp - convolution, pooling, norms, linear ---------===//
//
// This file implements the converters of aten's neural-network layers:
// convolutions, pooling, normalizations, linear layers and matrix products,
// softmax, embeddings and reductions, and the decompositions other
// converters share (linear, slice, chunk).
//
//===----------------------------------------------------------------------===//

#include "GraphImporter.h"

using namespace mlir;
using namespace mlir::mdf;
using namespace mlir::mdf::torchscript;
namespace jit = torch::jit;

/// PyTorch's symmetric padding as ONNX's before..., after... list.
static SmallVector<int64_t> symmetricPads(ArrayRef<int64_t> padding) {
  SmallVector<int64_t> pads(padding);
  pads.append(padding.begin(), padding.end());
  return pads;
}

//===----------------------------------------------------------------------===//
// Shared decompositions
//===----------------------------------------------------------------------===//

FailureOr<Value> mlir::mdf::torchscript::buildLinear(GraphImporter &importer,
                                                     Location loc, Value input,
                                                     Value weight, Value bias) {
  if (getTensorType(input).getRank() == 2 &&
      getTensorType(weight).getRank() == 2)
    return importer.create<GemmOp>(loc, input, weight, bias, APFloat(1.0),
                                   APFloat(1.0), /*trans_a=*/false,
                                   /*trans_b=*/true);
  FailureOr<Value> transposed =
      importer.create<TransposeOp>(loc, weight, ArrayRef<int64_t>{1, 0});
  if (failed(transposed))
    return failure();
  FailureOr<Value> product = importer.create<MatMulOp>(loc, input, *transposed);
  if (failed(product) || !bias)
    return product;
  return importer.create<AddOp>(loc, *product, bias);
}

FailureOr<Value> mlir::mdf::torchscript::buildSlice(GraphImporter &importer,
                                                    Location loc, Value input,
                                                    int64_t dim, int64_t start,
                                                    int64_t end, int64_t step) {
  return importer.create<SliceOp>(
      loc, input, ArrayRef<int64_t>{start}, ArrayRef<int64_t>{end},
      ArrayRef<int64_t>{dim}, ArrayRef<int64_t>{step});
}

FailureOr<SmallVector<Value>>
mlir::mdf::torchscript::buildChunks(GraphImporter &importer, Location loc,
                                    Value input, int64_t count, int64_t dim) {
  RankedTensorType type = getTensorType(input);
  int64_t rank = type.getRank();
  if (dim < -rank || dim >= rank || count < 1)
    return emitError(loc) << "cannot split dimension " << dim << " of rank "
                          << rank << " into " << count << " chunks";
  if (dim < 0)
    dim += rank;
  int64_t size = type.getDimSize(dim);
  if (ShapedType::isDynamic(size))
    return emitError(loc) << "cannot split a dynamic dimension";
  int64_t chunk = llvm::divideCeil(size, count);
  SmallVector<Value> parts;
  for (int64_t start = 0; start < size; start += chunk) {
    FailureOr<Value> part =
        buildSlice(importer, loc, input, dim, start, start + chunk);
    if (failed(part))
      return failure();
    parts.push_back(*part);
  }
  return parts;
}

//===----------------------------------------------------------------------===//
// Convolution and pooling
//===----------------------------------------------------------------------===//

/// aten::_convolution(input, weight, bias, stride, padding, dilation,
/// transposed, output_padding, groups, ...) and
/// aten::conv{1,2,3}d(input, weight, bias, stride, padding, dilation, groups).
static LogicalResult convertConvolution(GraphImporter &importer,
                                        jit::Node *node) {
  FailureOr<GraphImporter::ConvolutionOperands> operands =
      importer.getConvolutionOperands(node);
  if (failed(operands))
    return failure();
  auto [input, weight, bias, spatial] = *operands;
  FailureOr<SmallVector<int64_t>> strides =
      importer.getIntList(node, 3, spatial);
  FailureOr<SmallVector<int64_t>> dilations =
      importer.getIntList(node, 5, spatial);
  if (failed(strides) || failed(dilations))
    return failure();
  SmallVector<int64_t> pads;
  const ImportedValue *padding = importer.lookup(node->input(4));
  if (padding && padding->kind == ImportedValue::Kind::String) {
    // padding='valid' pads nothing; 'same' pads dilation * (kernel - 1) in
    // all, the smaller half before (as PyTorch), and needs stride 1.
    if (padding->string != "valid" && padding->string != "same")
      return importer.emitNodeError(node, "padding must be a list of ints, "
                                          "'valid' or 'same', got '" +
                                              padding->string + "'");
    SmallVector<int64_t> before(spatial, 0), after(spatial, 0);
    if (padding->string == "same") {
      if (llvm::any_of(*strides, [](int64_t s) { return s != 1; }))
        return importer.emitNodeError(
            node, "padding='same' needs stride 1 (PyTorch's rule)");
      ArrayRef<int64_t> kernel = getTensorType(weight).getShape().drop_front(2);
      for (unsigned i = 0; i < spatial && i < kernel.size(); ++i) {
        if (ShapedType::isDynamic(kernel[i]))
          return importer.emitNodeError(node, "needs a static kernel size");
        int64_t total = (*dilations)[i] * (kernel[i] - 1);
        before[i] = total / 2;
        after[i] = total - before[i];
      }
    }
    pads = before;
    pads.append(after);
  } else {
    FailureOr<SmallVector<int64_t>> symmetric =
        importer.getIntList(node, 4, spatial);
    if (failed(symmetric))
      return failure();
    pads = symmetricPads(*symmetric);
  }
  bool isGeneric =
      node->kind().toQualString() == StringRef("aten::_convolution");
  FailureOr<int64_t> groups = importer.getInt(node, isGeneric ? 8 : 6);
  if (failed(groups))
    return failure();
  if (isGeneric) {
    FailureOr<bool> transposed = importer.getBool(node, 6);
    if (failed(transposed))
      return failure();
    if (*transposed) {
      FailureOr<SmallVector<int64_t>> outputPadding =
          importer.getIntList(node, 7, spatial);
      FailureOr<SmallVector<int64_t>> padding =
          importer.getIntList(node, 4, spatial);
      if (failed(outputPadding) || failed(padding))
        return failure();
      return importer.mapResult(
          node, buildTransposedConvolution(
                    importer, importer.getLoc(node), input, weight, bias,
                    *strides, *padding, *outputPadding, *dilations, *groups));
    }
  }
  return importer.mapResult(
      node, importer.create<ConvOp>(importer.getLoc(node), input, weight,
                                    bias, *strides, pads, *dilations,
                                    *groups));
}

namespace {
/// The (input, kernel_size, stride, padding) operands pooling starts with.
struct PoolWindow {
  Value input;
  SmallVector<int64_t> kernel, strides, pads;
};
} // namespace

static FailureOr<PoolWindow> getPoolWindow(GraphImporter &importer,
                                           jit::Node *node) {
  FailureOr<Value> input = importer.getTensor(node, 0);
  if (failed(input))
    return failure();
  unsigned spatial = getTensorType(*input).getRank() - 2;
  FailureOr<SmallVector<int64_t>> kernel =
      importer.getIntList(node, 1, spatial);
  FailureOr<SmallVector<int64_t>> strides =
      importer.getIntList(node, 2, spatial);
  FailureOr<SmallVector<int64_t>> padding =
      importer.getIntList(node, 3, spatial);
  if (failed(kernel) || failed(strides) || failed(padding))
    return failure();
  // PyTorch's default stride is the kernel size (an empty list).
  if (strides->empty())
    strides = *kernel;
  return PoolWindow{*input, *kernel, *strides, symmetricPads(*padding)};
}

/// aten::max_pool{1,2}d(input, kernel, stride, padding, dilation, ceil_mode).
static LogicalResult convertMaxPool(GraphImporter &importer, jit::Node *node) {
  FailureOr<PoolWindow> window = getPoolWindow(importer, node);
  if (failed(window))
    return failure();
  FailureOr<SmallVector<int64_t>> dilations =
      importer.getIntList(node, 4, window->kernel.size());
  FailureOr<bool> ceilMode = importer.getBool(node, 5);
  if (failed(dilations) || failed(ceilMode))
    return failure();
  return importer.mapResult(
      node, importer.create<MaxPoolOp>(importer.getLoc(node), window->input,
                                       window->kernel, window->strides,
                                       window->pads, *dilations, *ceilMode));
}

/// aten::avg_pool{1,2}d(input, kernel, stride, padding, ceil_mode,
/// count_include_pad[, divisor_override]).
static LogicalResult convertAvgPool(GraphImporter &importer, jit::Node *node) {
  FailureOr<PoolWindow> window = getPoolWindow(importer, node);
  if (failed(window))
    return failure();
  FailureOr<bool> ceilMode = importer.getBool(node, 4);
  FailureOr<bool> countIncludePad = importer.getBool(node, 5);
  if (failed(ceilMode) || failed(countIncludePad))
    return failure();
  Location loc = importer.getLoc(node);
  if (node->inputs().size() <= 6 || importer.isNone(node, 6))
    return importer.mapResult(
        node, importer.create<AvgPoolOp>(loc, window->input, window->kernel,
                                         window->strides, window->pads,
                                         *ceilMode, *countIncludePad));
  // divisor_override: window sums over the given divisor. Without
  // ceil_mode every window lies within the padded input, so the average
  // that counts padding is the sum over the kernel's size.
  FailureOr<int64_t> divisor = importer.getInt(node, 6);
  if (failed(divisor))
    return failure();
  if (*divisor == 0)
    return importer.emitNodeError(node, "divisor_override must not be zero");
  if (*ceilMode)
    return importer.emitNodeError(
        node, "divisor_override together with ceil_mode is not supported");
  FailureOr<Value> average = importer.create<AvgPoolOp>(
      loc, window->input, window->kernel, window->strides, window->pads,
      /*ceil_mode=*/false, /*count_include_pad=*/true);
  if (failed(average))
    return failure();
  int64_t windowSize = 1;
  for (int64_t size : window->kernel)
    windowSize *= size;
  Type elementType = getTensorType(*average).getElementType();
  return importer.mapResult(
      node, importer.create<MulOp>(
                loc, *average,
                importer.scalar(loc, elementType,
                                static_cast<double>(windowSize) / *divisor)));
}

/// aten::adaptive_{avg,max}_pool{1,2}d(input, output_size).
template <typename OpTy>
static LogicalResult convertAdaptivePool(GraphImporter &importer,
                                         jit::Node *node) {
  FailureOr<Value> input = importer.getTensor(node, 0);
  if (failed(input))
    return failure();
  unsigned spatial = getTensorType(*input).getRank() - 2;
  FailureOr<SmallVector<int64_t>> outputSize =
      importer.getIntList(node, 1, spatial);
  if (failed(outputSize))
    return failure();
  FailureOr<Value> result =
      importer.create<OpTy>(importer.getLoc(node), *input, *outputSize);
  if (failed(result))
    return failure();
  importer.mapTensor(node->output(0), *result);
  // adaptive_max_pool also returns indices, which inference never needs.
  if (node->outputs().size() > 1 && node->output(1)->hasUses())
    return importer.emitNodeError(node, "the indices output is not supported");
  return success();
}

//===----------------------------------------------------------------------===//
// Normalization, softmax
//===----------------------------------------------------------------------===//

/// aten::batch_norm(input, weight, bias, running_mean, running_var,
/// training, momentum, eps, cudnn_enabled).
static LogicalResult convertBatchNorm(GraphImporter &importer,
                                      jit::Node *node) {
  FailureOr<Value> input = importer.getTensor(node, 0);
  FailureOr<Value> weight = importer.getOptionalTensor(node, 1);
  FailureOr<Value> bias = importer.getOptionalTensor(node, 2);
  FailureOr<Value> mean = importer.getTensor(node, 3);
  FailureOr<Value> variance = importer.getTensor(node, 4);
  FailureOr<bool> training = importer.getBool(node, 5);
  FailureOr<double> eps = importer.getFloat(node, 7);
  if (failed(input) || failed(weight) || failed(bias) || failed(mean) ||
      failed(variance) || failed(training) || failed(eps))
    return failure();
  if (*training)
    return importer.emitNodeError(
        node, "batch statistics (training mode) are not supported; save the "
              "model after model.eval()");
  Location loc = importer.getLoc(node);
  auto channelsType = getTensorType(*mean);
  Value scale = *weight ? *weight : importer.splat(loc, channelsType, 1.0);
  Value shift = *bias ? *bias : importer.splat(loc, channelsType, 0.0);
  return importer.mapResult(
      node, importer.create<BatchNormOp>(loc, *input, scale, shift, *mean,
                                         *variance, APFloat(*eps)));
}

/// aten::layer_norm(input, normalized_shape, weight, bias, eps, cudnn).
static LogicalResult convertLayerNorm(GraphImporter &importer,
                                      jit::Node *node) {
  FailureOr<Value> input = importer.getTensor(node, 0);
  FailureOr<SmallVector<int64_t>> normalized = importer.getIntList(node, 1);
  FailureOr<Value> weight = importer.getOptionalTensor(node, 2);
  FailureOr<Value> bias = importer.getOptionalTensor(node, 3);
  FailureOr<double> eps = importer.getFloat(node, 4);
  if (failed(input) || failed(normalized) || failed(weight) || failed(bias) ||
      failed(eps))
    return failure();
  int64_t axis = getTensorType(*input).getRank() - normalized->size();
  return importer.mapResult(
      node, importer.create<LayerNormOp>(importer.getLoc(node), *input, *weight,
                                         *bias, axis, APFloat(*eps)));
}

/// aten::softmax / aten::log_softmax(input, dim, dtype).
template <typename OpTy>
static LogicalResult convertSoftmax(GraphImporter &importer, jit::Node *node) {
  FailureOr<Value> input = importer.getTensor(node, 0);
  FailureOr<int64_t> dim = importer.getInt(node, 1);
  if (failed(input) || failed(dim))
    return failure();
  if (node->inputs().size() > 2 && !importer.isNone(node, 2))
    return importer.emitNodeError(node, "a dtype argument is not supported");
  return importer.mapResult(
      node, importer.create<OpTy>(importer.getLoc(node), *input, *dim));
}

//===----------------------------------------------------------------------===//
// Linear layers and matrix products
//===----------------------------------------------------------------------===//

/// aten::linear(input, weight, bias).
static LogicalResult convertLinear(GraphImporter &importer, jit::Node *node) {
  FailureOr<Value> input = importer.getTensor(node, 0);
  FailureOr<Value> weight = importer.getTensor(node, 1);
  FailureOr<Value> bias = importer.getOptionalTensor(node, 2);
  if (failed(input) || failed(weight) || failed(bias))
    return failure();
  return importer.mapResult(node, buildLinear(importer, importer.getLoc(node),
                                              *input, *weight, *bias));
}

/// aten::addmm(bias, a, b, beta, alpha) = beta * bias + alpha * (a @ b).
static LogicalResult convertAddmm(GraphImporter &importer, jit::Node *node) {
  FailureOr<Value> bias = importer.getTensor(node, 0);
  FailureOr<Value> a = importer.getTensor(node, 1);
  FailureOr<Value> b = importer.getTensor(node, 2);
  FailureOr<double> beta = importer.getFloat(node, 3);
  FailureOr<double> alpha = importer.getFloat(node, 4);
  if (failed(bias) || failed(a) || failed(b) || failed(beta) || failed(alpha))
    return failure();
  return importer.mapResult(
      node,
      importer.create<GemmOp>(importer.getLoc(node), *a, *b, *bias,
                              APFloat(*alpha), APFloat(*beta), false, false));
}

/// aten::matmul, aten::mm, aten::bmm.
static LogicalResult convertMatMul(GraphImporter &importer, jit::Node *node) {
  FailureOr<Value> a = importer.getTensor(node, 0);
  FailureOr<Value> b = importer.getTensor(node, 1);
  if (failed(a) || failed(b))
    return failure();
  return importer.mapResult(
      node, importer.create<MatMulOp>(importer.getLoc(node), *a, *b));
}

/// aten::embedding(weight, indices, padding_idx, scale_grad, sparse).
static LogicalResult convertEmbedding(GraphImporter &importer,
                                      jit::Node *node) {
  FailureOr<Value> weight = importer.getTensor(node, 0);
  FailureOr<Value> indices = importer.getTensor(node, 1);
  if (failed(weight) || failed(indices))
    return failure();
  return importer.mapResult(
      node, importer.create<GatherOp>(importer.getLoc(node), *weight, *indices,
                                      /*axis=*/0));
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

/// aten::mean / aten::sum(input, dims, keepdim, dtype) and
/// aten::amax / aten::amin(input, dims, keepdim).
template <typename OpTy>
static LogicalResult convertReduction(GraphImporter &importer,
                                      jit::Node *node) {
  FailureOr<Value> input = importer.getTensor(node, 0);
  if (failed(input))
    return failure();
  SmallVector<int64_t> dims;
  bool keepDims = false;
  std::optional<unsigned> dtypeIndex;
  // The one-operand forms (and dtype-only ones) reduce everything.
  if (node->inputs().size() >= 3 && !importer.isNone(node, 1)) {
    const ImportedValue *first = importer.lookup(node->input(1));
    if (first && first->kind != ImportedValue::Kind::Int &&
        first->kind != ImportedValue::Kind::List)
      return importer.emitNodeError(node, "unsupported overload");
    FailureOr<SmallVector<int64_t>> list = importer.getIntList(node, 1);
    FailureOr<bool> keep = importer.getBool(node, 2);
    if (failed(list) || failed(keep))
      return failure();
    dims = *list;
    keepDims = *keep;
    if (node->inputs().size() > 3)
      dtypeIndex = 3;
  } else if (node->inputs().size() >= 3) { // dim=None
    FailureOr<bool> keep = importer.getBool(node, 2);
    if (failed(keep))
      return failure();
    keepDims = *keep;
    if (node->inputs().size() > 3)
      dtypeIndex = 3;
  } else if (node->inputs().size() == 2) {
    dtypeIndex = 1;
  }
  Location loc = importer.getLoc(node);
  // sum of integers and booleans is i64 in PyTorch; dtype= converts first.
  Type elementType = getTensorType(*input).getElementType();
  if (std::is_same_v<OpTy, ReduceSumOp> && !isa<FloatType>(elementType))
    elementType = IntegerType::get(importer.getContext(), 64);
  if (dtypeIndex && !importer.isNone(node, *dtypeIndex)) {
    FailureOr<int64_t> dtype = importer.getInt(node, *dtypeIndex);
    if (failed(dtype))
      return failure();
    elementType = importer.getElementType(static_cast<c10::ScalarType>(*dtype));
    if (!elementType)
      return importer.emitNodeError(node, "unsupported dtype");
  }
  if (std::is_same_v<OpTy, ReduceMeanOp> && !isa<FloatType>(elementType))
    return importer.emitNodeError(
        node, "mean needs a floating-point input or dtype (as in PyTorch)");
  FailureOr<Value> converted = importer.castTo(loc, *input, elementType);
  if (failed(converted))
    return failure();
  return importer.mapResult(
      node, importer.create<OpTy>(loc, *converted, dims, keepDims));
}

void mlir::mdf::torchscript::addNeuralNetConverters(ConverterMap &map) {
  map["aten::_convolution"] = convertConvolution;
  map["aten::conv1d"] = convertConvolution;
  map["aten::conv2d"] = convertConvolution;
  map["aten::conv3d"] = convertConvolution;
  // What traced convolutions with string padding become.
  map["aten::_convolution_mode"] = convertConvolution;
  map["aten::max_pool1d"] = convertMaxPool;
  map["aten::max_pool2d"] = convertMaxPool;
  map["aten::avg_pool1d"] = convertAvgPool;
  map["aten::avg_pool2d"] = convertAvgPool;
  map["aten::adaptive_avg_pool1d"] = convertAdaptivePool<AdaptiveAvgPoolOp>;
  map["aten::adaptive_avg_pool2d"] = convertAdaptivePool<AdaptiveAvgPoolOp>;
  map["aten::adaptive_max_pool1d"] = convertAdaptivePool<AdaptiveMaxPoolOp>;
  map["aten::adaptive_max_pool2d"] = convertAdaptivePool<AdaptiveMaxPoolOp>;
  map["aten::batch_norm"] = convertBatchNorm;
  map["aten::layer_norm"] = convertLayerNorm;
  map["aten::softmax"] = convertSoftmax<SoftmaxOp>;
  map["aten::log_softmax"] = convertSoftmax<LogSoftmaxOp>;
  map["aten::linear"] = convertLinear;
  map["aten::addmm"] = convertAddmm;
  map["aten::matmul"] = convertMatMul;
  map["aten::mm"] = convertMatMul;
  map["aten::bmm"] = convertMatMul;
  map["aten::embedding"] = convertEmbedding;
  map["aten::mean"] = convertReduction<ReduceMeanOp>;
  map["aten::sum"] = convertReduction<ReduceSumOp>;
  map["aten::amax"] = convertReduction<ReduceMaxOp>;
  map["aten::amin"] = convertReduction<ReduceMinOp>;
}
