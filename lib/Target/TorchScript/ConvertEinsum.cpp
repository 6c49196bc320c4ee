//===- ConvertEinsum.cpp - aten::einsum as transposes and matmuls ---------===//
//
// This file implements aten::einsum for one or two operands written with
// letters (no `...`, no letter twice in one operand). Letters only one
// operand has and the output lacks are summed first; then the operands are
// laid out as (batch, kept, contracted) and (batch, contracted, kept),
// multiplied as one batched matmul, and the product is reshaped and
// transposed into the output's order.
//
//===----------------------------------------------------------------------===//

#include "GraphImporter.h"
#include "llvm/ADT/StringExtras.h"

using namespace mlir;
using namespace mlir::mdf;
using namespace mlir::mdf::torchscript;
namespace jit = torch::jit;

namespace {

/// A tensor whose dimensions are named by letters.
struct Labeled {
  Value tensor;
  std::string letters;
};

int64_t sizeOf(const Labeled &t, char letter) {
  return getTensorType(t.tensor).getDimSize(t.letters.find(letter));
}

/// `t` with its dimensions in the order `letters` (a permutation).
FailureOr<Labeled> arrange(GraphImporter &importer, Location loc,
                           const Labeled &t, StringRef letters) {
  if (t.letters == letters)
    return t;
  SmallVector<int64_t> order;
  for (char letter : letters)
    order.push_back(t.letters.find(letter));
  FailureOr<Value> moved = importer.create<TransposeOp>(loc, t.tensor, order);
  if (failed(moved))
    return failure();
  return Labeled{*moved, letters.str()};
}

/// `t` summed over the letters `drop`.
FailureOr<Labeled> sumOut(GraphImporter &importer, Location loc,
                          const Labeled &t, StringRef drop) {
  if (drop.empty())
    return t;
  SmallVector<int64_t> axes;
  std::string kept;
  for (auto [index, letter] : llvm::enumerate(t.letters)) {
    if (drop.contains(letter))
      axes.push_back(index);
    else
      kept.push_back(letter);
  }
  FailureOr<Value> sum = importer.create<ReduceSumOp>(loc, t.tensor, axes, false);
  if (failed(sum))
    return failure();
  return Labeled{*sum, kept};
}

/// The product of the sizes of `letters` in `t`; dynamic when one is.
int64_t product(const Labeled &t, StringRef letters) {
  int64_t size = 1;
  for (char letter : letters) {
    int64_t extent = sizeOf(t, letter);
    if (ShapedType::isDynamic(extent))
      return ShapedType::kDynamic;
    size *= extent;
  }
  return size;
}

/// `tensor` reshaped to `shape`, whose one dynamic size (if any) mdf.reshape
/// infers; more than one is reported by `unsupported`.
template <typename Unsupported>
FailureOr<Value> reshapeInferringOne(GraphImporter &importer, Location loc,
                                     Value tensor, ArrayRef<int64_t> shape,
                                     Unsupported unsupported) {
  SmallVector<int64_t> target(shape);
  if (llvm::count_if(target, ShapedType::isDynamic) > 1)
    return unsupported("more than one group of letters (batch, kept, "
                       "contracted) has a size known only at run time");
  for (int64_t &size : target)
    if (ShapedType::isDynamic(size))
      size = -1;
  return importer.reshape(loc, tensor, target);
}

LogicalResult convertEinsum(GraphImporter &importer, jit::Node *node) {
  const ImportedValue *equation = importer.lookup(node->input(0));
  FailureOr<SmallVector<Value>> operands = importer.getTensorList(node, 1);
  if (failed(operands))
    return failure();
  if (!equation || equation->kind != ImportedValue::Kind::String)
    return importer.emitNodeError(node, "the equation must be a string");
  std::string text;
  for (char c : equation->string)
    if (c != ' ')
      text.push_back(c);
  auto [inputsText, outputText] = StringRef(text).split("->");
  SmallVector<StringRef> inputLetters;
  inputsText.split(inputLetters, ',');
  auto unsupported = [&](const Twine &why) {
    return importer.emitNodeError(node, "equation '" + equation->string +
                                            "': " + why);
  };
  if (inputLetters.size() != operands->size() || operands->size() > 2 ||
      operands->empty())
    return unsupported("one or two operands are supported, one term each");
  if (!StringRef(text).contains("->"))
    return unsupported("an explicit output ('->') is needed");
  if (text.find('.') != std::string::npos)
    return unsupported("'...' is not supported");
  SmallVector<Labeled> terms;
  for (auto [letters, tensor] : llvm::zip(inputLetters, *operands)) {
    RankedTensorType type = getTensorType(tensor);
    if (static_cast<int64_t>(letters.size()) != type.getRank())
      return unsupported("each term must name every dimension of its "
                         "operand");
    for (char letter : letters)
      if (llvm::count(letters, letter) != 1 || !llvm::isAlpha(letter))
        return unsupported("each letter may appear once per term");
    terms.push_back({tensor, letters.str()});
  }
  Location loc = importer.getLoc(node);
  // Letters one operand alone has that the output lacks: summed first.
  for (auto [index, term] : llvm::enumerate(terms)) {
    std::string drop;
    for (char letter : term.letters) {
      bool elsewhere = false;
      for (auto [other, otherTerm] : llvm::enumerate(terms))
        elsewhere |= other != index && StringRef(otherTerm.letters).contains(letter);
      if (!elsewhere && !outputText.contains(letter))
        drop.push_back(letter);
    }
    FailureOr<Labeled> summed = sumOut(importer, loc, term, drop);
    if (failed(summed))
      return failure();
    term = *summed;
  }
  Labeled result = terms.front();
  if (terms.size() == 2) {
    // Promote both to one element type.
    const Labeled &lhs = terms[0], &rhs = terms[1];
    std::string batch, lhsKept, rhsKept, contracted;
    for (char letter : lhs.letters) {
      bool inRhs = StringRef(rhs.letters).contains(letter);
      bool inOutput = outputText.contains(letter);
      if (inRhs && inOutput)
        batch.push_back(letter);
      else if (inRhs)
        contracted.push_back(letter);
      else
        lhsKept.push_back(letter);
    }
    for (char letter : rhs.letters)
      if (!StringRef(lhs.letters).contains(letter))
        rhsKept.push_back(letter);
    // (Sizes known only at run time must agree at run time.)
    for (char letter : batch + contracted)
      if (!ShapedType::isDynamic(sizeOf(lhs, letter)) &&
          !ShapedType::isDynamic(sizeOf(rhs, letter)) &&
          sizeOf(lhs, letter) != sizeOf(rhs, letter))
        return unsupported(Twine("the sizes of '") + StringRef(&letter, 1) +
                           "' differ between the operands");
    FailureOr<Labeled> a = arrange(importer, loc, lhs, batch + lhsKept + contracted);
    FailureOr<Labeled> b = arrange(importer, loc, rhs, batch + contracted + rhsKept);
    if (failed(a) || failed(b))
      return failure();
    int64_t batchSize = product(*a, batch), m = product(*a, lhsKept),
            k = product(*a, contracted), n = product(*b, rhsKept);
    FailureOr<Value> a3 = reshapeInferringOne(
        importer, loc, a->tensor, {batchSize, m, k}, unsupported);
    if (failed(a3))
      return failure();
    FailureOr<Value> b3 = reshapeInferringOne(
        importer, loc, b->tensor, {batchSize, k, n}, unsupported);
    if (failed(a3) || failed(b3))
      return failure();
    Type elementType = getTensorType(*a3).getElementType();
    if (getTensorType(*b3).getElementType() != elementType)
      return unsupported("the operands must have one element type");
    FailureOr<Value> product3 = importer.create<MatMulOp>(loc, *a3, *b3);
    if (failed(product3))
      return failure();
    SmallVector<int64_t> shape;
    for (char letter : batch)
      shape.push_back(sizeOf(*a, letter));
    for (char letter : lhsKept)
      shape.push_back(sizeOf(*a, letter));
    for (char letter : rhsKept)
      shape.push_back(sizeOf(*b, letter));
    FailureOr<Value> unflat =
        reshapeInferringOne(importer, loc, *product3, shape, unsupported);
    if (failed(unflat))
      return failure();
    result = {*unflat, batch + lhsKept + rhsKept};
  }
  for (char letter : outputText)
    if (!StringRef(result.letters).contains(letter))
      return unsupported(Twine("output letter '") + StringRef(&letter, 1) +
                         "' is in no operand");
  if (result.letters.size() != outputText.size())
    return unsupported("the output must name each letter once");
  FailureOr<Labeled> arranged = arrange(importer, loc, result, outputText);
  if (failed(arranged))
    return failure();
  importer.mapTensor(node->output(), arranged->tensor);
  return success();
}

} // namespace

void mlir::mdf::torchscript::addEinsumConverters(ConverterMap &map) {
  map["aten::einsum"] = convertEinsum;
}
