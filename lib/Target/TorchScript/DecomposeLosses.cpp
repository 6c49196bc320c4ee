//===- DecomposeLosses.cpp - losses and their gradients as TorchScript ----===//
//
// Loss functions and the backward operators of training graphs, written in
// terms of operators the importer converts. The formulas follow ATen's
// (LibTorch 1.13): the same clamping, the same weighting and the same
// normalization of `mean` (nll_loss divides by the sum of the weights).
//
//===----------------------------------------------------------------------===//

#include "Decompositions.h"

using namespace mlir::mdf::torchscript;

// nll_loss, nll_loss2d and nll_loss_nd share a schema: (self, target,
// weight?, reduction, ignore_index). The class dimension is 1, or 0 for an
// unbatched (C,) input.
static const char *const kNllLoss = R"TS(
def decompose(input: Tensor, target: Tensor, weight: Optional[Tensor], reduction: int, ignore_index: int) -> Tensor:
    c, safe, w = _class_terms(input, target, weight, ignore_index)
    loss = (torch.gather(input, c, safe) * w).squeeze(c).neg()
    if reduction == 1:
        return loss.sum() / w.sum()
    if reduction == 2:
        return loss.sum()
    return loss
)TS";

static const char *const kNllLossBackward = R"TS(
def decompose(grad_output: Tensor, input: Tensor, target: Tensor, weight: Optional[Tensor], reduction: int, ignore_index: int, total_weight: Tensor) -> Tensor:
    c, safe, w = _class_terms(input, target, weight, ignore_index)
    g = grad_output
    if reduction == 0:
        g = g.unsqueeze(c)
    elif reduction == 1:
        g = g / total_weight
    return torch.zeros_like(input).scatter(c, safe, (w * g).neg())
)TS";

// Class indices (an integer target) or class probabilities (a floating
// target), with label smoothing as ATen's cross_entropy_loss_label_smoothing
// and cross_entropy_loss_prob_target compute it.
static const char *const kCrossEntropy = R"TS(
def _weighted(x: Tensor, c: int, weight: Optional[Tensor]) -> Tensor:
    if weight is None:
        return x
    return (x.transpose(c, -1) * weight).transpose(c, -1)

def decompose(input: Tensor, target: Tensor, weight: Optional[Tensor], reduction: int, ignore_index: int, label_smoothing: float) -> Tensor:
    c = 1 if input.dim() > 1 else 0
    n = input.size(c)
    logp = torch.log_softmax(input, c)
    if target.is_floating_point():
        t = target
        if label_smoothing > 0.0:
            t = t * (1.0 - label_smoothing) + label_smoothing / n
        loss = _weighted(logp * t, c, weight).sum(c).neg()
        return _reduce(loss, reduction)
    nll = torch.nll_loss_nd(logp, target, weight, reduction, ignore_index)
    if label_smoothing <= 0.0:
        return nll
    ignore = target == ignore_index
    smooth = _weighted(logp, c, weight).sum(c).neg().masked_fill(ignore, 0.0)
    if reduction == 1:
        keep = ignore.bitwise_not()
        if weight is not None:
            safe = torch.where(keep, target, torch.zeros_like(target))
            denom = (weight.index_select(0, safe.reshape(-1)) * keep.reshape(-1).to(weight.dtype)).sum()
        else:
            denom = keep.sum()
        ret = smooth.sum() / denom
    elif reduction == 2:
        ret = smooth.sum()
    else:
        ret = smooth
    return nll * (1.0 - label_smoothing) + ret * (label_smoothing / n)
)TS";

static const char *const kMseLoss = R"TS(
def decompose(input: Tensor, target: Tensor, reduction: int) -> Tensor:
    d = input - target
    return _reduce(d * d, reduction)
)TS";

static const char *const kL1Loss = R"TS(
def decompose(input: Tensor, target: Tensor, reduction: int) -> Tensor:
    return _reduce(torch.abs(input - target), reduction)
)TS";

static const char *const kSmoothL1Loss = R"TS(
def decompose(input: Tensor, target: Tensor, reduction: int, beta: float) -> Tensor:
    d = torch.abs(input - target)
    if beta == 0.0:
        return _reduce(d, reduction)
    return _reduce(torch.where(d < beta, d * d * (0.5 / beta), d - 0.5 * beta), reduction)
)TS";

static const char *const kHuberLoss = R"TS(
def decompose(input: Tensor, target: Tensor, reduction: int, delta: float) -> Tensor:
    d = torch.abs(input - target)
    return _reduce(torch.where(d < delta, d * d * 0.5, (d - 0.5 * delta) * delta), reduction)
)TS";

static const char *const kBinaryCrossEntropy = R"TS(
def decompose(input: Tensor, target: Tensor, weight: Optional[Tensor], reduction: int) -> Tensor:
    log_x = torch.clamp_min(torch.log(input), -100.0)
    log_1mx = torch.clamp_min(torch.log(1.0 - input), -100.0)
    loss = (target - 1.0) * log_1mx - target * log_x
    if weight is not None:
        loss = loss * weight
    return _reduce(loss, reduction)
)TS";

static const char *const kBinaryCrossEntropyWithLogits = R"TS(
def decompose(input: Tensor, target: Tensor, weight: Optional[Tensor], pos_weight: Optional[Tensor], reduction: int) -> Tensor:
    softplus_neg = torch.log1p(torch.exp(torch.abs(input).neg())) + torch.clamp_min(input.neg(), 0.0)
    if pos_weight is not None:
        loss = (1.0 - target) * input + ((pos_weight - 1.0) * target + 1.0) * softplus_neg
    else:
        loss = (1.0 - target) * input + softplus_neg
    if weight is not None:
        loss = loss * weight
    return _reduce(loss, reduction)
)TS";

static const char *const kKlDiv = R"TS(
def decompose(input: Tensor, target: Tensor, reduction: int, log_target: bool) -> Tensor:
    if log_target:
        loss = torch.exp(target) * (target - input)
    else:
        loss = torch.xlogy(target, target) - target * input
    return _reduce(loss, reduction)
)TS";

static const char *const kSoftMarginLoss = R"TS(
def decompose(input: Tensor, target: Tensor, reduction: int) -> Tensor:
    return _reduce(torch.log1p(torch.exp((target * input).neg())), reduction)
)TS";

static const char *const kMarginRankingLoss = R"TS(
def decompose(input1: Tensor, input2: Tensor, target: Tensor, margin: float, reduction: int) -> Tensor:
    return _reduce(torch.clamp_min((target * (input1 - input2)).neg() + margin, 0.0), reduction)
)TS";

static const char *const kHingeEmbeddingLoss = R"TS(
def decompose(input: Tensor, target: Tensor, margin: float, reduction: int) -> Tensor:
    zeros = torch.zeros_like(input)
    margin_part = torch.where(target != 1, torch.clamp_min(input.neg() + margin, 0.0), zeros)
    self_part = torch.where(target != -1, input, zeros)
    return _reduce(margin_part + self_part, reduction)
)TS";

static const char *const kPoissonNllLoss = R"TS(
def decompose(input: Tensor, target: Tensor, log_input: bool, full: bool, eps: float, reduction: int) -> Tensor:
    if log_input:
        loss = torch.exp(input) - target * input
    else:
        loss = input - target * torch.log(input + eps)
    if full:
        stirling = target * torch.log(target) - target + torch.log(target * 6.283185307179586) * 0.5
        loss = loss + stirling.masked_fill(target <= 1, 0.0)
    return _reduce(loss, reduction)
)TS";

static const char *const kCosineEmbeddingLoss = R"TS(
def decompose(input1: Tensor, input2: Tensor, target: Tensor, margin: float, reduction: int) -> Tensor:
    d = input1.dim() - 1
    dot = (input1 * input2).sum(d)
    mag1 = (input1 * input1).sum(d) + 1e-12
    mag2 = (input2 * input2).sum(d) + 1e-12
    cos = dot / torch.sqrt(mag1 * mag2)
    zeros = torch.zeros_like(cos)
    pos = torch.where(target == 1, 1.0 - cos, zeros)
    neg = torch.where(target == -1, torch.clamp_min(cos - margin, 0.0), zeros)
    return _reduce(pos + neg, reduction)
)TS";

static const char *const kTripletMarginLoss = R"TS(
def decompose(anchor: Tensor, positive: Tensor, negative: Tensor, margin: float, p: float, eps: float, swap: bool, reduction: int) -> Tensor:
    dist_pos = torch.pairwise_distance(anchor, positive, p, eps)
    dist_neg = torch.pairwise_distance(anchor, negative, p, eps)
    if swap:
        dist_neg = torch.minimum(dist_neg, torch.pairwise_distance(positive, negative, p, eps))
    return _reduce(torch.clamp_min(dist_pos - dist_neg + margin, 0.0), reduction)
)TS";

static const char *const kMultiMarginLoss = R"TS(
def decompose(input: Tensor, target: Tensor, p: int, margin: float, weight: Optional[Tensor], reduction: int) -> Tensor:
    x = input if input.dim() > 1 else input.unsqueeze(0)
    t = target.reshape(-1, 1)
    picked = torch.gather(x, 1, t)
    z = torch.clamp_min(x - picked + margin, 0.0)
    if p == 2:
        z = z * z
    if weight is not None:
        z = z * weight.index_select(0, t.reshape(-1)).unsqueeze(1)
    z = z.scatter(1, t, torch.zeros_like(picked))
    loss = z.sum(1) / x.size(1)
    if input.dim() <= 1:
        loss = loss.squeeze(0)
    return _reduce(loss, reduction)
)TS";

static const char *const kMultilabelMarginLoss = R"TS(
def decompose(input: Tensor, target: Tensor, reduction: int) -> Tensor:
    x = input if input.dim() > 1 else input.unsqueeze(0)
    t = target if target.dim() > 1 else target.unsqueeze(0)
    n = x.size(1)
    # Targets are the class indices before the first -1 of each row.
    valid = torch.cumprod((t >= 0).to(torch.int64), 1) > 0
    safe = torch.where(valid, t, torch.zeros_like(t))
    is_target = torch.zeros_like(x).scatter(1, safe, valid.to(x.dtype)) > 0
    picked = torch.gather(x, 1, safe)
    hinge = torch.clamp_min(1.0 - (picked.unsqueeze(2) - x.unsqueeze(1)), 0.0)
    keep = valid.unsqueeze(2) & is_target.bitwise_not().unsqueeze(1)
    loss = (hinge * keep.to(x.dtype)).sum([1, 2]) / n
    if input.dim() <= 1:
        loss = loss.squeeze(0)
    return _reduce(loss, reduction)
)TS";

// The gradients of activations (the backward graph of a training step).
static const char *const kSigmoidBackward = R"TS(
def decompose(grad_output: Tensor, output: Tensor) -> Tensor:
    return grad_output * output * (1.0 - output)
)TS";

static const char *const kTanhBackward = R"TS(
def decompose(grad_output: Tensor, output: Tensor) -> Tensor:
    return grad_output * (1.0 - output * output)
)TS";

static const char *const kGeluBackward = R"TS(
def decompose(grad_output: Tensor, input: Tensor, approximate: str) -> Tensor:
    if approximate == "tanh":
        k = 0.7978845608028654
        inner = (input + input * input * input * 0.044715) * k
        t = torch.tanh(inner)
        d_inner = (input * input * 0.134145 + 1.0) * k
        return grad_output * (0.5 * (1.0 + t) + input * 0.5 * (1.0 - t * t) * d_inner)
    cdf = (torch.erf(input * 0.7071067811865476) + 1.0) * 0.5
    pdf = torch.exp(input * input * -0.5) * 0.3989422804014327
    return grad_output * (cdf + input * pdf)
)TS";

static const char *const kSoftmaxBackward = R"TS(
def decompose(grad_output: Tensor, output: Tensor, dim: int, input_dtype: int) -> Tensor:
    return (output * (grad_output - (grad_output * output).sum(dim, True))).to(input_dtype)
)TS";

static const char *const kLogSoftmaxBackward = R"TS(
def decompose(grad_output: Tensor, output: Tensor, dim: int, input_dtype: int) -> Tensor:
    return (grad_output - torch.exp(output) * grad_output.sum(dim, True)).to(input_dtype)
)TS";

static const char *const kHardtanhBackward = R"TS(
def decompose(grad_output: Tensor, input: Tensor, min_val: float, max_val: float) -> Tensor:
    inside = (input > min_val) & (input < max_val)
    return torch.where(inside, grad_output, torch.zeros_like(grad_output))
)TS";

static const char *const kLeakyReluBackward = R"TS(
def decompose(grad_output: Tensor, input: Tensor, negative_slope: float, self_is_result: bool) -> Tensor:
    return torch.where(input > 0, grad_output, grad_output * negative_slope)
)TS";

static const char *const kSiluBackward = R"TS(
def decompose(grad_output: Tensor, input: Tensor) -> Tensor:
    s = torch.sigmoid(input)
    return grad_output * s * (1.0 + input * (1.0 - s))
)TS";

static const char *const kEluBackward = R"TS(
def decompose(grad_output: Tensor, alpha: float, scale: float, input_scale: float, is_result: bool, self_or_result: Tensor) -> Tensor:
    x = self_or_result
    if is_result:
        negative = grad_output * input_scale * (x + alpha * scale)
    else:
        negative = grad_output * input_scale * alpha * scale * torch.exp(x * input_scale)
    return torch.where(x > 0, grad_output * scale, negative)
)TS";

static const char *const kSoftplusBackward = R"TS(
def decompose(grad_output: Tensor, input: Tensor, beta: float, threshold: float) -> Tensor:
    z = torch.exp(input * beta)
    return torch.where(input * beta > threshold, grad_output, grad_output * z / (z + 1.0))
)TS";

static const char *const kHardsigmoidBackward = R"TS(
def decompose(grad_output: Tensor, input: Tensor) -> Tensor:
    inside = (input > -3.0) & (input < 3.0)
    return torch.where(inside, grad_output / 6.0, torch.zeros_like(grad_output))
)TS";

static const char *const kHardswishBackward = R"TS(
def decompose(grad_output: Tensor, input: Tensor) -> Tensor:
    middle = grad_output * (input / 3.0 + 0.5)
    return torch.where(input < -3.0, torch.zeros_like(grad_output), torch.where(input <= 3.0, middle, grad_output))
)TS";

static const char *const kMseLossBackward = R"TS(
def decompose(grad_output: Tensor, input: Tensor, target: Tensor, reduction: int) -> Tensor:
    g = grad_output / input.numel() if reduction == 1 else grad_output
    return (input - target) * g * 2.0
)TS";

void mlir::mdf::torchscript::addLossDecompositions(
    std::vector<Decomposition> &table) {
  for (const char *op : {"aten::nll_loss", "aten::nll_loss2d",
                         "aten::nll_loss_nd"})
    table.push_back({op, kNllLoss});
  for (const char *op : {"aten::nll_loss_backward", "aten::nll_loss2d_backward"})
    table.push_back({op, kNllLossBackward});
  table.push_back({"aten::cross_entropy_loss", kCrossEntropy});
  table.push_back({"aten::mse_loss", kMseLoss});
  table.push_back({"aten::l1_loss", kL1Loss});
  table.push_back({"aten::smooth_l1_loss", kSmoothL1Loss});
  table.push_back({"aten::huber_loss", kHuberLoss});
  table.push_back({"aten::binary_cross_entropy", kBinaryCrossEntropy});
  table.push_back({"aten::binary_cross_entropy_with_logits",
                   kBinaryCrossEntropyWithLogits});
  table.push_back({"aten::kl_div", kKlDiv});
  table.push_back({"aten::soft_margin_loss", kSoftMarginLoss});
  table.push_back({"aten::margin_ranking_loss", kMarginRankingLoss});
  table.push_back({"aten::hinge_embedding_loss", kHingeEmbeddingLoss});
  table.push_back({"aten::poisson_nll_loss", kPoissonNllLoss});
  table.push_back({"aten::cosine_embedding_loss", kCosineEmbeddingLoss});
  table.push_back({"aten::triplet_margin_loss", kTripletMarginLoss});
  table.push_back({"aten::multi_margin_loss", kMultiMarginLoss});
  table.push_back({"aten::multilabel_margin_loss", kMultilabelMarginLoss});
  table.push_back({"aten::sigmoid_backward", kSigmoidBackward});
  table.push_back({"aten::tanh_backward", kTanhBackward});
  table.push_back({"aten::gelu_backward", kGeluBackward});
  table.push_back({"aten::_softmax_backward_data", kSoftmaxBackward});
  table.push_back({"aten::_log_softmax_backward_data", kLogSoftmaxBackward});
  table.push_back({"aten::hardtanh_backward", kHardtanhBackward});
  table.push_back({"aten::leaky_relu_backward", kLeakyReluBackward});
  table.push_back({"aten::silu_backward", kSiluBackward});
  table.push_back({"aten::elu_backward", kEluBackward});
  table.push_back({"aten::softplus_backward", kSoftplusBackward});
  table.push_back({"aten::hardsigmoid_backward", kHardsigmoidBackward});
  table.push_back({"aten::hardswish_backward", kHardswishBackward});
  table.push_back({"aten::mse_loss_backward", kMseLossBackward});
}
