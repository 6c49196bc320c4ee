//===- ConvertAttention.cpp - fused transformer operators -----------------===//
//
// This file implements the converters of the fused inference fast paths
// LibTorch records for nn.MultiheadAttention and nn.TransformerEncoderLayer
// (aten::_native_multi_head_attention, aten::_transformer_encoder_layer_fwd),
// by decomposing them into mdf linear algebra.
//
//===----------------------------------------------------------------------===//

#include "GraphImporter.h"

#include <cmath>

using namespace mlir;
using namespace mlir::mdf;
using namespace mlir::mdf::torchscript;
namespace jit = torch::jit;

namespace {
/// The projection weights of one attention block.
struct AttentionWeights {
  Value qkvWeight, qkvBias, projWeight, projBias;
  int64_t embedDim, numHeads;
};
} // namespace

/// Rows [index * embedDim, (index + 1) * embedDim) of a packed q/k/v tensor.
static FailureOr<Value> qkvPart(GraphImporter &importer, Location loc,
                                Value packed, int64_t index, int64_t embedDim) {
  if (!packed)
    return Value();
  return buildSlice(importer, loc, packed, 0, index * embedDim,
                    (index + 1) * embedDim);
}

/// Projects `input` [B, L, E] with part `index` of the packed weights and
/// splits the heads: [B, H, L, D], or [B, H, D, L] when `transposed`.
static FailureOr<Value> projectHeads(GraphImporter &importer, Location loc,
                                     Value input, const AttentionWeights &w,
                                     int64_t index, bool transposed) {
  FailureOr<Value> weight =
      qkvPart(importer, loc, w.qkvWeight, index, w.embedDim);
  FailureOr<Value> bias = qkvPart(importer, loc, w.qkvBias, index, w.embedDim);
  if (failed(weight) || failed(bias))
    return failure();
  FailureOr<Value> projected =
      buildLinear(importer, loc, input, *weight, *bias);
  if (failed(projected))
    return failure();
  int64_t length = getTensorType(input).getDimSize(1);
  SmallVector<int64_t> shape = {-1, length, w.numHeads,
                                w.embedDim / w.numHeads};
  FailureOr<Value> split = importer.reshape(loc, *projected, shape);
  if (failed(split))
    return failure();
  SmallVector<int64_t> permutation = transposed
                                         ? SmallVector<int64_t>{0, 2, 3, 1}
                                         : SmallVector<int64_t>{0, 2, 1, 3};
  return importer.create<TransposeOp>(loc, *split, permutation);
}

/// softmax(q k^T / sqrt(D)) v with the output projection, for batch-first
/// [B, L, E] inputs. Sets `attentionOut` to the attention weights
/// [B, H, L, S] when it is not null.
static FailureOr<Value> buildAttention(GraphImporter &importer, Location loc,
                                       Value query, Value key, Value value,
                                       const AttentionWeights &w,
                                       Value *attentionOut = nullptr) {
  for (Value input : {query, key, value})
    if (getTensorType(input).getRank() != 3)
      return emitError(loc) << "attention inputs must be batched [batch, "
                               "sequence, embedding] tensors";
  if (w.numHeads < 1 || w.embedDim % w.numHeads != 0)
    return emitError(loc) << "embedding size " << w.embedDim
                          << " is not divisible by " << w.numHeads << " heads";
  FailureOr<Value> q = projectHeads(importer, loc, query, w, 0, false);
  FailureOr<Value> kT = projectHeads(importer, loc, key, w, 1, true);
  FailureOr<Value> v = projectHeads(importer, loc, value, w, 2, false);
  if (failed(q) || failed(kT) || failed(v))
    return failure();
  FailureOr<Value> scores = importer.create<MatMulOp>(loc, *q, *kT);
  if (failed(scores))
    return failure();
  Type elementType = getTensorType(query).getElementType();
  double scale = 1.0 / std::sqrt(static_cast<double>(w.embedDim / w.numHeads));
  scores = importer.create<MulOp>(loc, *scores,
                                  importer.scalar(loc, elementType, scale));
  if (failed(scores))
    return failure();
  FailureOr<Value> attention = importer.create<SoftmaxOp>(loc, *scores, -1);
  if (failed(attention))
    return failure();
  if (attentionOut)
    *attentionOut = *attention;
  FailureOr<Value> context = importer.create<MatMulOp>(loc, *attention, *v);
  if (failed(context))
    return failure();
  context = importer.create<TransposeOp>(loc, *context,
                                         ArrayRef<int64_t>{0, 2, 1, 3});
  if (failed(context))
    return failure();
  int64_t length = getTensorType(query).getDimSize(1);
  context = importer.reshape(
      loc, *context, ArrayRef<int64_t>{-1, length, w.embedDim});
  if (failed(context))
    return failure();
  return buildLinear(importer, loc, *context, w.projWeight, w.projBias);
}

/// Reads embed_dim, num_heads and the four projection tensors starting at
/// operand `first`.
static FailureOr<AttentionWeights>
getAttentionWeights(GraphImporter &importer, jit::Node *node, unsigned first) {
  FailureOr<int64_t> embedDim = importer.getInt(node, first);
  FailureOr<int64_t> numHeads = importer.getInt(node, first + 1);
  FailureOr<Value> qkvWeight = importer.getTensor(node, first + 2);
  FailureOr<Value> qkvBias = importer.getOptionalTensor(node, first + 3);
  FailureOr<Value> projWeight = importer.getTensor(node, first + 4);
  FailureOr<Value> projBias = importer.getOptionalTensor(node, first + 5);
  if (failed(embedDim) || failed(numHeads) || failed(qkvWeight) ||
      failed(qkvBias) || failed(projWeight) || failed(projBias))
    return failure();
  return AttentionWeights{*qkvWeight, *qkvBias,  *projWeight,
                          *projBias,  *embedDim, *numHeads};
}

/// aten::_native_multi_head_attention(query, key, value, embed_dim,
/// num_head, qkv_weight, qkv_bias, proj_weight, proj_bias, mask,
/// need_weights, average_attn_weights, mask_type).
static LogicalResult convertNativeMultiHeadAttention(GraphImporter &importer,
                                                     jit::Node *node) {
  FailureOr<Value> query = importer.getTensor(node, 0);
  FailureOr<Value> key = importer.getTensor(node, 1);
  FailureOr<Value> value = importer.getTensor(node, 2);
  FailureOr<AttentionWeights> weights = getAttentionWeights(importer, node, 3);
  if (failed(query) || failed(key) || failed(value) || failed(weights))
    return failure();
  if (!importer.isNone(node, 9))
    return importer.emitNodeError(node, "attention masks are not supported");
  Location loc = importer.getLoc(node);
  Value attention;
  FailureOr<Value> output =
      buildAttention(importer, loc, *query, *key, *value, *weights, &attention);
  if (failed(output))
    return failure();
  importer.mapTensor(node->output(0), *output);
  if (node->outputs().size() > 1 && node->output(1)->hasUses()) {
    bool average = true;
    if (node->inputs().size() > 11) {
      FailureOr<bool> flag = importer.getBool(node, 11);
      if (failed(flag))
        return failure();
      average = *flag;
    }
    FailureOr<Value> returned =
        average ? importer.create<ReduceMeanOp>(loc, attention,
                                                ArrayRef<int64_t>{1}, false)
                : FailureOr<Value>(attention);
    if (failed(returned))
      return failure();
    importer.mapTensor(node->output(1), *returned);
  }
  return success();
}

/// aten::_transformer_encoder_layer_fwd(src, embed_dim, num_heads,
/// qkv_weight, qkv_bias, proj_weight, proj_bias, use_gelu, norm_first, eps,
/// norm_weight_1, norm_bias_1, norm_weight_2, norm_bias_2, ffn_weight_1,
/// ffn_bias_1, ffn_weight_2, ffn_bias_2, mask, mask_type).
static LogicalResult convertTransformerEncoderLayer(GraphImporter &importer,
                                                    jit::Node *node) {
  FailureOr<Value> src = importer.getTensor(node, 0);
  FailureOr<AttentionWeights> weights = getAttentionWeights(importer, node, 1);
  FailureOr<bool> useGelu = importer.getBool(node, 7);
  FailureOr<bool> normFirst = importer.getBool(node, 8);
  FailureOr<double> eps = importer.getFloat(node, 9);
  SmallVector<Value, 8> params;
  for (unsigned index = 10; index < 18; ++index) {
    FailureOr<Value> param = importer.getTensor(node, index);
    if (failed(param))
      return failure();
    params.push_back(*param);
  }
  if (failed(src) || failed(weights) || failed(useGelu) || failed(normFirst) ||
      failed(eps))
    return failure();
  if (node->inputs().size() > 18 && !importer.isNone(node, 18))
    return importer.emitNodeError(node, "attention masks are not supported");
  Location loc = importer.getLoc(node);
  int64_t lastAxis = -1;
  auto norm = [&](Value x, unsigned which) {
    return importer.create<LayerNormOp>(loc, x, params[2 * which],
                                        params[2 * which + 1], lastAxis,
                                        APFloat(*eps));
  };
  auto attentionBlock = [&](Value x) {
    return buildAttention(importer, loc, x, x, x, *weights);
  };
  auto feedForward = [&](Value x) -> FailureOr<Value> {
    FailureOr<Value> hidden =
        buildLinear(importer, loc, x, params[4], params[5]);
    if (failed(hidden))
      return failure();
    hidden = *useGelu ? importer.create<GeluOp>(loc, *hidden,
                                                GeluApproximation::none)
                      : importer.create<ReluOp>(loc, *hidden);
    if (failed(hidden))
      return failure();
    return buildLinear(importer, loc, *hidden, params[6], params[7]);
  };
  // x + f(norm(x)) when norm_first, norm(x + f(x)) otherwise.
  auto residual = [&](Value x, unsigned which,
                      auto &&sublayer) -> FailureOr<Value> {
    FailureOr<Value> input = *normFirst ? norm(x, which) : FailureOr<Value>(x);
    if (failed(input))
      return failure();
    FailureOr<Value> out = sublayer(*input);
    if (failed(out))
      return failure();
    FailureOr<Value> sum = importer.create<AddOp>(loc, x, *out);
    if (failed(sum) || *normFirst)
      return sum;
    return norm(*sum, which);
  };
  FailureOr<Value> x = residual(*src, 0, attentionBlock);
  if (failed(x))
    return failure();
  x = residual(*x, 1, feedForward);
  if (failed(x))
    return failure();
  importer.mapTensor(node->output(), *x);
  return success();
}

void mlir::mdf::torchscript::addAttentionConverters(ConverterMap &map) {
  map["aten::_native_multi_head_attention"] = convertNativeMultiHeadAttention;
  map["aten::_transformer_encoder_layer_fwd"] = convertTransformerEncoderLayer;
}
