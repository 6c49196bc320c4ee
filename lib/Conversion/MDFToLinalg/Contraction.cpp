//===- Contraction.cpp - matmul, gemm and conv to linalg ------------------===//
//
// This file implements the lowering of matrix products and convolutions:
// linalg.matmul for 2-D products, a broadcasting linalg.generic for batched
// ones, linalg.conv_2d_nhwc_hwcf between layout transposes for ordinary 2-D
// convolutions, linalg.conv_2d_ngchw_gfchw for grouped ones, and 1-D ones
// as 2-D of height one.
//
//===----------------------------------------------------------------------===//

#include "LoweringUtils.h"
#include "mdf/Conversion/MDFToLinalg/MDFToLinalg.h"
#include "mdf/Dialect/MDF/IR/MDFOps.h"
#include "mlir/Dialect/Utils/IndexingUtils.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/DialectConversion.h"
#include <cstring>

using namespace mlir;
using namespace mlir::mdf;
using namespace mlir::mdf::lowering;

/// A zero-filled tensor of `type`, with `sizes` for its dynamic sizes.
static Value zeros(OpBuilder &b, Location loc, RankedTensorType type,
                   ArrayRef<OpFoldResult> sizes = {}) {
  Value empty = sizes.empty() ? tensor::EmptyOp::create(b, loc, type.getShape(),
                                                        type.getElementType())
                              : emptyWithSizes(b, loc, type, sizes);
  return linalg::FillOp::create(
             b, loc, scalarConstant(b, loc, type.getElementType(), 0.0), empty)
      .getResult(0);
}

/// The sizes of a product of `lhs` [b..., M, K] and `rhs` [b..., K, N]:
/// batch sizes from whichever operand does not broadcast, M and N.
static SmallVector<OpFoldResult> productSizes(OpBuilder &b, Location loc,
                                              Value lhs, Value rhs,
                                              RankedTensorType resultType) {
  int64_t rank = resultType.getRank();
  auto lhsType = cast<RankedTensorType>(lhs.getType());
  auto rhsType = cast<RankedTensorType>(rhs.getType());
  SmallVector<OpFoldResult> sizes;
  for (int64_t i = 0; i < rank - 2; ++i) {
    if (!resultType.isDynamicDim(i)) {
      sizes.push_back(b.getIndexAttr(resultType.getDimSize(i)));
      continue;
    }
    Value source = lhs;
    int64_t dim = i - (rank - lhsType.getRank());
    if (dim < 0 || lhsType.getDimSize(dim) == 1) {
      source = rhs;
      dim = i - (rank - rhsType.getRank());
    }
    sizes.push_back(tensor::getMixedSize(b, loc, source, dim));
  }
  sizes.push_back(tensor::getMixedSize(b, loc, lhs, lhsType.getRank() - 2));
  sizes.push_back(tensor::getMixedSize(b, loc, rhs, rhsType.getRank() - 1));
  return sizes;
}

static RankedTensorType withShape(Value value, ArrayRef<int64_t> shape) {
  return RankedTensorType::get(
      shape, cast<RankedTensorType>(value.getType()).getElementType());
}

/// lhs [b..., M, K] x rhs [b..., K, N] with broadcast batch dimensions.
static Value buildBatchedProduct(OpBuilder &b, Location loc, Value lhs,
                                 Value rhs, RankedTensorType resultType) {
  MLIRContext *context = b.getContext();
  auto lhsType = cast<RankedTensorType>(lhs.getType());
  auto rhsType = cast<RankedTensorType>(rhs.getType());
  SmallVector<OpFoldResult> sizes;
  if (!resultType.hasStaticShape())
    sizes = productSizes(b, loc, lhs, rhs, resultType);
  if (lhsType.getRank() == 2 && rhsType.getRank() == 2)
    return linalg::MatmulOp::create(b, loc, ValueRange{lhs, rhs},
                                    ValueRange{zeros(b, loc, resultType, sizes)})
        .getResult(0);
  int64_t batch = resultType.getRank() - 2;
  int64_t rank = batch + 3; // batch..., m, n, k
  AffineExpr m = getAffineDimExpr(batch, context);
  AffineExpr n = getAffineDimExpr(batch + 1, context);
  AffineExpr k = getAffineDimExpr(batch + 2, context);
  auto batchExprs = [&](RankedTensorType type) {
    SmallVector<AffineExpr> exprs;
    int64_t offset = batch - (type.getRank() - 2);
    for (int64_t i = 0; i < type.getRank() - 2; ++i) {
      bool stretches =
          type.getDimSize(i) == 1 && resultType.getDimSize(offset + i) != 1;
      exprs.push_back(stretches ? getAffineConstantExpr(0, context)
                                : getAffineDimExpr(offset + i, context));
    }
    return exprs;
  };
  SmallVector<AffineExpr> lhsExprs = batchExprs(lhsType);
  lhsExprs.append({m, k});
  SmallVector<AffineExpr> rhsExprs = batchExprs(rhsType);
  rhsExprs.append({k, n});
  SmallVector<AffineExpr> outExprs;
  for (int64_t i = 0; i < batch; ++i)
    outExprs.push_back(getAffineDimExpr(i, context));
  outExprs.append({m, n});
  SmallVector<AffineMap> maps = {AffineMap::get(rank, 0, lhsExprs, context),
                                 AffineMap::get(rank, 0, rhsExprs, context),
                                 AffineMap::get(rank, 0, outExprs, context)};
  SmallVector<utils::IteratorType> iterators(rank - 1,
                                             utils::IteratorType::parallel);
  iterators.push_back(utils::IteratorType::reduction);
  return linalg::GenericOp::create(
             b, loc, resultType, ValueRange{lhs, rhs},
             zeros(b, loc, resultType, sizes), maps, iterators,
             [](OpBuilder &nb, Location l, ValueRange args) {
               linalg::YieldOp::create(
                   nb, l,
                   addScalar(nb, l, args[2],
                             mulScalar(nb, l, args[0], args[1])));
             })
      .getResult(0);
}

/// The bytes of a constant's elements, or nothing (e.g. a blob that is
/// not loaded).
static std::optional<ArrayRef<char>> getConstantBytes(ElementsAttr value) {
  if (auto dense = dyn_cast<DenseElementsAttr>(value)) {
    if (dense.isSplat() || dense.getElementType().isInteger(1))
      return std::nullopt;
    return dense.getRawData();
  }
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(value)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob)
      return std::nullopt;
    return blob->getData();
  }
  return std::nullopt;
}

/// Writes the elements of `input` (row-major, of `shape`) to `output` in
/// the order of `shape` permuted by `permutation`. This runs on every
/// convolution's weights (tens of millions of elements in big models), so
/// the input offset moves by one stride per step instead of being
/// recomputed, and the innermost output dimension is copied in blocks of
/// 16: its input stride is often a whole filter apart, and a block's rows
/// stay in cache while the outer dimensions are walked.
static void permuteElements(ArrayRef<char> input, ArrayRef<int64_t> shape,
                            ArrayRef<int64_t> permutation, size_t elementSize,
                            MutableArrayRef<char> output) {
  constexpr int64_t kBlock = 16;
  int64_t count = output.size() / elementSize;
  if (count == 0)
    return;
  if (permutation.empty()) {
    std::memcpy(output.data(), input.data(), output.size());
    return;
  }
  SmallVector<int64_t> inputStrides = computeStrides(shape);
  int64_t rank = permutation.size();
  SmallVector<int64_t> sizes, strides;
  for (int64_t dim : permutation) {
    sizes.push_back(shape[dim]);
    strides.push_back(inputStrides[dim] * elementSize);
  }
  int64_t innerSize = sizes.back();
  int64_t innerStride = strides.back();
  int64_t rows = count / innerSize;
  for (int64_t start = 0; start < innerSize; start += kBlock) {
    int64_t block = std::min(kBlock, innerSize - start);
    SmallVector<int64_t> index(rank, 0);
    int64_t in = start * innerStride;
    for (int64_t row = 0; row < rows; ++row) {
      const char *from = input.data() + in;
      char *to = output.data() + (row * innerSize + start) * elementSize;
      if (elementSize == 4) {
        for (int64_t i = 0; i < block; ++i)
          std::memcpy(to + i * 4, from + i * innerStride, 4);
      } else {
        for (int64_t i = 0; i < block; ++i)
          std::memcpy(to + i * elementSize, from + i * innerStride,
                      elementSize);
      }
      // The next row: advance the outer dimensions.
      for (int64_t i = rank - 2; i >= 0; --i) {
        in += strides[i];
        if (++index[i] < sizes[i])
          break;
        in -= strides[i] * sizes[i];
        index[i] = 0;
      }
    }
  }
}

/// `value` transposed by `permutation`: folded into a new constant when
/// `value` is one (weights are transposed once, at compile time), else a
/// linalg.transpose.
static Value transposed(OpBuilder &b, Location loc, Value value,
                        ArrayRef<int64_t> permutation) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<int64_t> shape;
  for (int64_t dim : permutation)
    shape.push_back(type.getDimSize(dim));
  auto resultType = RankedTensorType::get(shape, type.getElementType());
  ElementsAttr constant;
  std::optional<ArrayRef<char>> bytes;
  if (type.hasStaticShape() && matchPattern(value, m_Constant(&constant)) &&
      (bytes = getConstantBytes(constant))) {
    size_t elementSize = type.getElementTypeBitWidth() / 8;
    AsmResourceBlob blob =
        HeapAsmResourceBlob::allocate(bytes->size(), elementSize);
    permuteElements(*bytes, type.getShape(), permutation, elementSize,
                    blob.getMutableData());
    return arith::ConstantOp::create(
        b, loc,
        DenseResourceElementsAttr::get(resultType, "transposed_weight",
                                       std::move(blob)));
  }
  SmallVector<OpFoldResult> inputSizes = tensor::getMixedSizes(b, loc, value);
  SmallVector<OpFoldResult> sizes;
  for (int64_t dim : permutation)
    sizes.push_back(inputSizes[dim]);
  Value init = emptyWithSizes(b, loc, resultType, sizes);
  return linalg::TransposeOp::create(b, loc, value, init, permutation)
      .getResult()[0];
}

namespace {

struct MatMulLowering : OpConversionPattern<MatMulOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(MatMulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getType());
    Value lhs = adaptor.getLhs(), rhs = adaptor.getRhs();
    auto lhsType = cast<RankedTensorType>(lhs.getType());
    auto rhsType = cast<RankedTensorType>(rhs.getType());
    Location loc = op.getLoc();
    // numpy's vector cases: [K] is [1, K] on the left, [K, 1] on the right.
    if (lhsType.getRank() == 1)
      lhs = reshapeTo(rewriter, loc, lhs,
                          withShape(lhs, {1, lhsType.getDimSize(0)}));
    if (rhsType.getRank() == 1)
      rhs = reshapeTo(rewriter, loc, rhs,
                          withShape(rhs, {rhsType.getDimSize(0), 1}));
    auto lhs2 = cast<RankedTensorType>(lhs.getType());
    auto rhs2 = cast<RankedTensorType>(rhs.getType());
    SmallVector<int64_t> shape(type.getShape());
    if (lhsType.getRank() == 1 || rhsType.getRank() == 1) {
      // Put the removed unit dimensions back for the product.
      shape.assign(type.getShape().begin(), type.getShape().end() -
                                                (lhsType.getRank() != 1) -
                                                (rhsType.getRank() != 1));
      shape.push_back(lhs2.getDimSize(lhs2.getRank() - 2));
      shape.push_back(rhs2.getDimSize(rhs2.getRank() - 1));
    }
    auto productType = withShape(lhs, shape);
    Value product = buildBatchedProduct(rewriter, loc, lhs, rhs, productType);
    // The result's sizes: the product's without the unit dimensions added.
    SmallVector<OpFoldResult> sizes;
    if (!type.hasStaticShape() && productType != type) {
      sizes = productSizes(rewriter, loc, lhs, rhs, productType);
      int64_t rank = productType.getRank();
      if (rhsType.getRank() == 1)
        sizes.erase(sizes.begin() + rank - 1);
      if (lhsType.getRank() == 1)
        sizes.erase(sizes.begin() + rank - 2);
    }
    rewriter.replaceOp(op, reshapeTo(rewriter, loc, product, type, sizes));
    return success();
  }
};

/// alpha * A' B' + beta * C.
struct GemmLowering : OpConversionPattern<GemmOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(GemmOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(op.getType());
    Location loc = op.getLoc();
    Value a = op.getTransA() ? transposed(rewriter, loc, adaptor.getA(), {1, 0})
                             : adaptor.getA();
    Value b = op.getTransB() ? transposed(rewriter, loc, adaptor.getB(), {1, 0})
                             : adaptor.getB();
    Value product = buildBatchedProduct(rewriter, loc, a, b, type);
    double alpha = op.getAlpha().convertToDouble();
    double beta = op.getBeta().convertToDouble();
    SmallVector<Value> operands = {product};
    if (adaptor.getC())
      operands.push_back(adaptor.getC());
    if (alpha != 1.0 || adaptor.getC())
      product = buildElementwise(
          rewriter, loc, type, operands,
          [&](OpBuilder &nb, Location l, ValueRange args) -> Value {
            Type elementType = args[0].getType();
            Value y = args[0];
            if (alpha != 1.0)
              y = arith::MulFOp::create(
                  nb, l, y, scalarConstant(nb, l, elementType, alpha));
            if (args.size() > 1) {
              Value c = args[1];
              if (beta != 1.0)
                c = arith::MulFOp::create(
                    nb, l, c, scalarConstant(nb, l, elementType, beta));
              y = arith::AddFOp::create(nb, l, y, c);
            }
            return y;
          });
    rewriter.replaceOp(op, product);
    return success();
  }
};

/// Whether a convolution of `input` [N, C, H, W] with `weight`
/// [F, C/groups, KH, KW] convolves each channel with one filter of its own.
static bool isDepthwise(Value input, Value weight, int64_t groups) {
  int64_t channels = cast<RankedTensorType>(input.getType()).getDimSize(1);
  auto wType = cast<RankedTensorType>(weight.getType());
  return groups > 1 && groups == channels && wType.getDimSize(0) == channels &&
         wType.getDimSize(1) == 1;
}

/// `sizes` in the order `permutation` gives.
static SmallVector<OpFoldResult> permuted(ArrayRef<OpFoldResult> sizes,
                                          ArrayRef<int64_t> permutation) {
  SmallVector<OpFoldResult> result;
  for (int64_t dim : permutation)
    result.push_back(sizes[dim]);
  return result;
}

struct ConvLowering : OpConversionPattern<ConvOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConvOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    Value input = adaptor.getInput(), weight = adaptor.getWeight();
    auto inputType = cast<RankedTensorType>(input.getType());
    if (!cast<RankedTensorType>(weight.getType()).hasStaticShape())
      return rewriter.notifyMatchFailure(op, "needs a static weight shape");
    int64_t spatial = inputType.getRank() - 2;
    int64_t groups = op.getGroups();
    auto orDefault = [&](ArrayRef<int64_t> values, int64_t fallback,
                         int64_t count) {
      return values.empty() ? SmallVector<int64_t>(count, fallback)
                            : SmallVector<int64_t>(values);
    };
    SmallVector<int64_t> strides = orDefault(op.getStrides(), 1, spatial);
    SmallVector<int64_t> dilations = orDefault(op.getDilations(), 1, spatial);
    SmallVector<int64_t> pads = orDefault(op.getPads(), 0, 2 * spatial);
    SmallVector<int64_t> outShape(type.getShape());
    // 1-D convolution is 2-D convolution of height one.
    if (spatial == 1) {
      auto addUnitHeight = [&](Value value) {
        auto valueType = cast<RankedTensorType>(value.getType());
        SmallVector<int64_t> shape(valueType.getShape());
        shape.insert(shape.begin() + 2, 1);
        SmallVector<OpFoldResult> sizes =
            tensor::getMixedSizes(rewriter, loc, value);
        sizes.insert(sizes.begin() + 2, rewriter.getIndexAttr(1));
        return reshapeTo(rewriter, loc, value, withShape(value, shape), sizes);
      };
      input = addUnitHeight(input);
      weight = addUnitHeight(weight);
      strides.insert(strides.begin(), 1);
      dilations.insert(dilations.begin(), 1);
      pads = {0, pads[0], 0, pads[1]};
      outShape.insert(outShape.begin() + 2, 1);
      spatial = 2;
    }
    if (spatial == 3 && groups != 1)
      return rewriter.notifyMatchFailure(op, "grouped 3-D convolution");
    SmallVector<int64_t> low = {0, 0}, high = {0, 0};
    llvm::append_range(low, ArrayRef(pads).take_front(spatial));
    llvm::append_range(high, ArrayRef(pads).drop_front(spatial));
    input = padWithConstant(rewriter, loc, input, low, high, 0.0);
    auto stridesAttr = rewriter.getI64TensorAttr(strides);
    auto dilationsAttr = rewriter.getI64TensorAttr(dilations);
    auto outType = withShape(input, outShape);
    auto wType = cast<RankedTensorType>(weight.getType());
    // The output's sizes, [N, F, spatial...], for the dynamic ones.
    SmallVector<OpFoldResult> outSizes = {
        tensor::getMixedSize(rewriter, loc, input, 0),
        rewriter.getIndexAttr(wType.getDimSize(0))};
    for (int64_t i = 0; i < spatial; ++i)
      outSizes.push_back(windowOutputSize(
          rewriter, loc, tensor::getMixedSize(rewriter, loc, input, 2 + i),
          wType.getDimSize(2 + i), strides[i], dilations[i]));
    Value result;
    if (groups == 1 && spatial == 2) {
      // Channels-last: the layout the CPU schedule vectorizes well. The
      // weight transpose is of a constant; the activations are transposed
      // in and out.
      Value inputNhwc = transposed(rewriter, loc, input, {0, 2, 3, 1});
      Value weightHwcf = transposed(rewriter, loc, weight, {2, 3, 1, 0});
      auto outNhwc = withShape(
          input, {outShape[0], outShape[2], outShape[3], outShape[1]});
      Value conv = linalg::Conv2DNhwcHwcfOp::create(
                       rewriter, loc, outNhwc,
                       ValueRange{inputNhwc, weightHwcf},
                       ValueRange{zeros(rewriter, loc, outNhwc,
                                        permuted(outSizes, {0, 2, 3, 1}))},
                       stridesAttr, dilationsAttr)
                       .getResult(0);
      result = transposed(rewriter, loc, conv, {0, 3, 1, 2});
    } else if (spatial == 2 && isDepthwise(input, weight, groups)) {
      // One filter per channel: channels-last too, so channel blocks
      // vectorize.
      // [C, 1, KH, KW] -> [1, KH, KW, C] (folded for constant weights)
      // -> [KH, KW, C].
      Value weight1hwc = transposed(rewriter, loc, weight, {1, 2, 3, 0});
      Value weightHwc = reshapeTo(
          rewriter, loc, weight1hwc,
          withShape(weight, {wType.getDimSize(2), wType.getDimSize(3),
                             wType.getDimSize(0)}));
      Value inputNhwc = transposed(rewriter, loc, input, {0, 2, 3, 1});
      auto outNhwc = withShape(
          input, {outShape[0], outShape[2], outShape[3], outShape[1]});
      Value conv = linalg::DepthwiseConv2DNhwcHwcOp::create(
                       rewriter, loc, outNhwc,
                       ValueRange{inputNhwc, weightHwc},
                       ValueRange{zeros(rewriter, loc, outNhwc,
                                        permuted(outSizes, {0, 2, 3, 1}))},
                       stridesAttr, dilationsAttr)
                       .getResult(0);
      result = transposed(rewriter, loc, conv, {0, 3, 1, 2});
    } else if (groups == 1) {
      result = linalg::Conv3DNcdhwFcdhwOp::create(
                   rewriter, loc, outType, ValueRange{input, weight},
                   ValueRange{zeros(rewriter, loc, outType, outSizes)},
                   stridesAttr, dilationsAttr)
                   .getResult(0);
    } else {
      // [N, G*C', H, W] x [G*F', C', KH, KW] as [N, G, C', H, W] x
      // [G, F', C', KH, KW] -> [N, G, F', OH, OW].
      auto paddedType = cast<RankedTensorType>(input.getType());
      int64_t n = paddedType.getDimSize(0), c = paddedType.getDimSize(1);
      int64_t f = wType.getDimSize(0);
      if (ShapedType::isDynamic(c))
        return rewriter.notifyMatchFailure(op, "grouped, dynamic channels");
      SmallVector<OpFoldResult> inputSizes =
          tensor::getMixedSizes(rewriter, loc, input);
      Value groupedInput = reshapeTo(
          rewriter, loc, input,
          withShape(input, {n, groups, c / groups, paddedType.getDimSize(2),
                            paddedType.getDimSize(3)}),
          {inputSizes[0], rewriter.getIndexAttr(groups),
           rewriter.getIndexAttr(c / groups), inputSizes[2], inputSizes[3]});
      Value groupedWeight = reshapeTo(
          rewriter, loc, weight,
          withShape(weight, {groups, f / groups, wType.getDimSize(1),
                             wType.getDimSize(2), wType.getDimSize(3)}));
      auto groupedOut =
          withShape(input, {n, groups, f / groups, outShape[2], outShape[3]});
      SmallVector<OpFoldResult> groupedSizes = {
          outSizes[0], rewriter.getIndexAttr(groups),
          rewriter.getIndexAttr(f / groups), outSizes[2], outSizes[3]};
      Value grouped = linalg::Conv2DNgchwGfchwOp::create(
                          rewriter, loc, groupedOut,
                          ValueRange{groupedInput, groupedWeight},
                          ValueRange{zeros(rewriter, loc, groupedOut,
                                           groupedSizes)},
                          stridesAttr, dilationsAttr)
                          .getResult(0);
      result = reshapeTo(rewriter, loc, grouped, outType, outSizes);
    }
    if (Value bias = adaptor.getBias()) {
      SmallVector<int64_t> biasShape(outType.getRank() - 1, 1);
      biasShape[0] = outShape[1];
      Value biasColumn =
          reshapeTo(rewriter, loc, bias, withShape(bias, biasShape));
      result = buildElementwise(rewriter, loc, outType, {result, biasColumn},
                                [](OpBuilder &b, Location l, ValueRange args) {
                                  return addScalar(b, l, args[0], args[1]);
                                });
    }
    // Back to 1-D: the unit height goes.
    SmallVector<OpFoldResult> finalSizes(outSizes);
    if (type.getRank() != outType.getRank())
      finalSizes.erase(finalSizes.begin() + 2);
    rewriter.replaceOp(op, reshapeTo(rewriter, loc, result, type, finalSizes));
    return success();
  }
};

} // namespace

void mlir::mdf::populateContractionToLinalgPatterns(
    RewritePatternSet &patterns) {
  patterns.add<MatMulLowering, GemmLowering, ConvLowering>(
      patterns.getContext());
}
