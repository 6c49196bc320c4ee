//===- ConvertRecurrent.cpp - aten::lstm and aten::gru --------------------===//
//
// This file implements the converters of LibTorch's fused recurrent layers.
// The sequence length is static, so each layer unrolls into one cell per
// time step; the input projection of a whole sequence is one matmul.
//
//===----------------------------------------------------------------------===//

#include "GraphImporter.h"

using namespace mlir;
using namespace mlir::mdf;
using namespace mlir::mdf::torchscript;
namespace jit = torch::jit;

namespace {

/// The options and weights of aten::lstm / aten::gru.
struct RecurrentLayer {
  bool hasBiases, bidirectional, batchFirst;
  int64_t numLayers;
  /// Per layer and direction: w_ih, w_hh, b_ih, b_hh (biases may be null).
  SmallVector<std::array<Value, 4>> weights;
};

/// One cell step: given the input projection `xProj` [B, G*H] and the
/// state, computes the new state (h first).
using CellStep = llvm::function_ref<FailureOr<SmallVector<Value, 2>>(
    Value xProj, ArrayRef<Value> state, const std::array<Value, 4> &w)>;

} // namespace

/// Reads has_biases ... batch_first (operands `first` on) and the flat
/// parameter list at operand `paramsIndex`.
static FailureOr<RecurrentLayer> getLayer(GraphImporter &importer,
                                          jit::Node *node, unsigned paramsIndex,
                                          unsigned first) {
  FailureOr<SmallVector<Value>> params =
      importer.getTensorList(node, paramsIndex);
  FailureOr<bool> hasBiases = importer.getBool(node, first);
  FailureOr<int64_t> numLayers = importer.getInt(node, first + 1);
  FailureOr<bool> train = importer.getBool(node, first + 3);
  FailureOr<bool> bidirectional = importer.getBool(node, first + 4);
  FailureOr<bool> batchFirst = importer.getBool(node, first + 5);
  if (failed(params) || failed(hasBiases) || failed(numLayers) ||
      failed(train) || failed(bidirectional) || failed(batchFirst))
    return failure();
  RecurrentLayer layer{*hasBiases, *bidirectional, *batchFirst, *numLayers, {}};
  size_t perCell = *hasBiases ? 4 : 2;
  size_t cells = *numLayers * (*bidirectional ? 2 : 1);
  if (params->size() != cells * perCell) {
    (void)importer.emitNodeError(
        node, "expected " + Twine(cells * perCell) + " weight tensors, got " +
                  Twine(params->size()) +
                  " (projections, proj_size, are not supported)");
    return failure();
  }
  for (size_t cell = 0; cell < cells; ++cell) {
    std::array<Value, 4> w = {(*params)[cell * perCell],
                              (*params)[cell * perCell + 1], Value(), Value()};
    if (*hasBiases) {
      w[2] = (*params)[cell * perCell + 2];
      w[3] = (*params)[cell * perCell + 3];
    }
    layer.weights.push_back(w);
  }
  return layer;
}

/// `tensor[index]` along dimension `dim`, with that dimension removed.
static FailureOr<Value> selectAt(GraphImporter &importer, Location loc,
                                 Value tensor, int64_t dim, int64_t index) {
  FailureOr<Value> slice =
      buildSlice(importer, loc, tensor, dim, index, index + 1);
  if (failed(slice))
    return failure();
  SmallVector<int64_t> shape(getTensorType(tensor).getShape());
  shape.erase(shape.begin() + dim);
  return importer.reshape(loc, *slice, shape);
}

/// Stacks same-shaped tensors along a new dimension `dim`.
static FailureOr<Value> stack(GraphImporter &importer, Location loc,
                              ArrayRef<Value> values, int64_t dim) {
  SmallVector<Value> expanded;
  for (Value value : values) {
    SmallVector<int64_t> shape(getTensorType(value).getShape());
    shape.insert(shape.begin() + dim, 1);
    FailureOr<Value> reshaped = importer.reshape(loc, value, shape);
    if (failed(reshaped))
      return failure();
    expanded.push_back(*reshaped);
  }
  if (expanded.size() == 1)
    return expanded.front();
  return importer.create<ConcatOp>(loc, expanded, dim);
}

/// Runs every layer and direction. `initial` holds the initial states
/// ([layers*dirs, B, H] each: h, and c for LSTM); returns the output
/// sequence followed by the final states in the same layout.
static FailureOr<SmallVector<Value>>
runLayers(GraphImporter &importer, Location loc, Value input,
          ArrayRef<Value> initial, const RecurrentLayer &layer, CellStep step) {
  int64_t timeDim = layer.batchFirst ? 1 : 0;
  RankedTensorType inputType = getTensorType(input);
  if (inputType.getRank() != 3)
    return emitError(loc) << "recurrent layers need a batched 3-D input";
  int64_t steps = inputType.getDimSize(timeDim);
  if (ShapedType::isDynamic(steps))
    return emitError(loc) << "the sequence length must be static";
  int64_t directions = layer.bidirectional ? 2 : 1;
  SmallVector<SmallVector<Value>> finalStates(initial.size());
  Value sequence = input;
  for (int64_t l = 0; l < layer.numLayers; ++l) {
    // outputs[d][t]: the hidden state of direction d at time t.
    SmallVector<SmallVector<Value>> outputs(directions,
                                            SmallVector<Value>(steps));
    for (int64_t d = 0; d < directions; ++d) {
      const std::array<Value, 4> &w = layer.weights[l * directions + d];
      FailureOr<Value> projected =
          buildLinear(importer, loc, sequence, w[0], w[2]);
      if (failed(projected))
        return failure();
      SmallVector<Value, 2> state;
      for (Value init : initial) {
        FailureOr<Value> s =
            selectAt(importer, loc, init, 0, l * directions + d);
        if (failed(s))
          return failure();
        state.push_back(*s);
      }
      for (int64_t i = 0; i < steps; ++i) {
        int64_t t = d == 0 ? i : steps - 1 - i;
        FailureOr<Value> xProj =
            selectAt(importer, loc, *projected, timeDim, t);
        if (failed(xProj))
          return failure();
        FailureOr<SmallVector<Value, 2>> next = step(*xProj, state, w);
        if (failed(next))
          return failure();
        state = *next;
        outputs[d][t] = state.front();
      }
      for (auto [k, s] : llvm::enumerate(state))
        finalStates[k].push_back(s);
    }
    SmallVector<Value> perStep;
    for (int64_t t = 0; t < steps; ++t) {
      SmallVector<Value> both;
      for (int64_t d = 0; d < directions; ++d)
        both.push_back(outputs[d][t]);
      FailureOr<Value> joined = both.size() == 1
                                    ? FailureOr<Value>(both.front())
                                    : importer.create<ConcatOp>(loc, both, -1);
      if (failed(joined))
        return failure();
      perStep.push_back(*joined);
    }
    FailureOr<Value> next = stack(importer, loc, perStep, timeDim);
    if (failed(next))
      return failure();
    sequence = *next;
  }
  SmallVector<Value> results = {sequence};
  for (ArrayRef<Value> states : finalStates) {
    FailureOr<Value> stacked = stack(importer, loc, states, 0);
    if (failed(stacked))
      return failure();
    results.push_back(*stacked);
  }
  return results;
}

/// `h @ w_hh^T + b_hh` split into `count` gates along the last dimension.
static FailureOr<SmallVector<Value>> hiddenGates(GraphImporter &importer,
                                                 Location loc, Value h,
                                                 const std::array<Value, 4> &w,
                                                 int64_t count) {
  FailureOr<Value> projected = buildLinear(importer, loc, h, w[1], w[3]);
  if (failed(projected))
    return failure();
  return buildChunks(importer, loc, *projected, count, -1);
}

/// aten::lstm(input, [h0, c0], params, has_biases, num_layers, dropout,
/// train, bidirectional, batch_first) -> (output, h_n, c_n).
static LogicalResult convertLstm(GraphImporter &importer, jit::Node *node) {
  FailureOr<Value> input = importer.getTensor(node, 0);
  FailureOr<SmallVector<Value>> initial = importer.getTensorList(node, 1);
  FailureOr<RecurrentLayer> layer = getLayer(importer, node, 2, 3);
  if (failed(input) || failed(initial) || failed(layer))
    return failure();
  if (initial->size() != 2)
    return importer.emitNodeError(node, "expects the initial (h, c) pair");
  Location loc = importer.getLoc(node);
  auto step =
      [&](Value xProj, ArrayRef<Value> state,
          const std::array<Value, 4> &w) -> FailureOr<SmallVector<Value, 2>> {
    FailureOr<SmallVector<Value>> hidden =
        hiddenGates(importer, loc, state[0], w, 1);
    if (failed(hidden))
      return failure();
    FailureOr<Value> gates = importer.create<AddOp>(loc, xProj, (*hidden)[0]);
    if (failed(gates))
      return failure();
    FailureOr<SmallVector<Value>> parts =
        buildChunks(importer, loc, *gates, 4, -1);
    if (failed(parts))
      return failure();
    FailureOr<Value> i = importer.create<SigmoidOp>(loc, (*parts)[0]);
    FailureOr<Value> f = importer.create<SigmoidOp>(loc, (*parts)[1]);
    FailureOr<Value> g = importer.create<TanhOp>(loc, (*parts)[2]);
    FailureOr<Value> o = importer.create<SigmoidOp>(loc, (*parts)[3]);
    if (failed(i) || failed(f) || failed(g) || failed(o))
      return failure();
    FailureOr<Value> keep = importer.create<MulOp>(loc, *f, state[1]);
    FailureOr<Value> write = importer.create<MulOp>(loc, *i, *g);
    if (failed(keep) || failed(write))
      return failure();
    FailureOr<Value> c = importer.create<AddOp>(loc, *keep, *write);
    if (failed(c))
      return failure();
    FailureOr<Value> squashed = importer.create<TanhOp>(loc, *c);
    if (failed(squashed))
      return failure();
    FailureOr<Value> h = importer.create<MulOp>(loc, *o, *squashed);
    if (failed(h))
      return failure();
    return SmallVector<Value, 2>{*h, *c};
  };
  FailureOr<SmallVector<Value>> results =
      runLayers(importer, loc, *input, *initial, *layer, step);
  if (failed(results))
    return failure();
  for (auto [output, result] : llvm::zip(node->outputs(), *results))
    importer.mapTensor(output, result);
  return success();
}

/// aten::gru(input, h0, params, has_biases, num_layers, dropout, train,
/// bidirectional, batch_first) -> (output, h_n).
static LogicalResult convertGru(GraphImporter &importer, jit::Node *node) {
  FailureOr<Value> input = importer.getTensor(node, 0);
  FailureOr<Value> initial = importer.getTensor(node, 1);
  FailureOr<RecurrentLayer> layer = getLayer(importer, node, 2, 3);
  if (failed(input) || failed(initial) || failed(layer))
    return failure();
  Location loc = importer.getLoc(node);
  auto step =
      [&](Value xProj, ArrayRef<Value> state,
          const std::array<Value, 4> &w) -> FailureOr<SmallVector<Value, 2>> {
    FailureOr<SmallVector<Value>> x = buildChunks(importer, loc, xProj, 3, -1);
    FailureOr<SmallVector<Value>> h =
        hiddenGates(importer, loc, state[0], w, 3);
    if (failed(x) || failed(h))
      return failure();
    FailureOr<Value> rSum = importer.create<AddOp>(loc, (*x)[0], (*h)[0]);
    FailureOr<Value> zSum = importer.create<AddOp>(loc, (*x)[1], (*h)[1]);
    if (failed(rSum) || failed(zSum))
      return failure();
    FailureOr<Value> r = importer.create<SigmoidOp>(loc, *rSum);
    FailureOr<Value> z = importer.create<SigmoidOp>(loc, *zSum);
    if (failed(r) || failed(z))
      return failure();
    FailureOr<Value> gated = importer.create<MulOp>(loc, *r, (*h)[2]);
    if (failed(gated))
      return failure();
    FailureOr<Value> nSum = importer.create<AddOp>(loc, (*x)[2], *gated);
    if (failed(nSum))
      return failure();
    FailureOr<Value> n = importer.create<TanhOp>(loc, *nSum);
    if (failed(n))
      return failure();
    // h' = (1 - z) * n + z * h = n + z * (h - n)
    FailureOr<Value> diff = importer.create<SubOp>(loc, state[0], *n);
    if (failed(diff))
      return failure();
    FailureOr<Value> scaled = importer.create<MulOp>(loc, *z, *diff);
    if (failed(scaled))
      return failure();
    FailureOr<Value> next = importer.create<AddOp>(loc, *n, *scaled);
    if (failed(next))
      return failure();
    return SmallVector<Value, 2>{*next};
  };
  FailureOr<SmallVector<Value>> results =
      runLayers(importer, loc, *input, {*initial}, *layer, step);
  if (failed(results))
    return failure();
  for (auto [output, result] : llvm::zip(node->outputs(), *results))
    importer.mapTensor(output, result);
  return success();
}

void mlir::mdf::torchscript::addRecurrentConverters(ConverterMap &map) {
  map["aten::lstm"] = convertLstm;
  map["aten::gru"] = convertGru;
}
