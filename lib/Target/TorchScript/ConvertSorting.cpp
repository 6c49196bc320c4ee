//===- ConvertSorting.cpp - sort, argsort and topk ------------------------===//
//
// This file implements the converters of aten's sorting operators, all on
// mdf.argsort (a stable sort: equal elements keep their order, NaN sorts
// last) and a gather of the values.
//
//===----------------------------------------------------------------------===//

#include "GraphImporter.h"

using namespace mlir;
using namespace mlir::mdf;
using namespace mlir::mdf::torchscript;
namespace jit = torch::jit;

namespace {


struct SortArgs {
  int64_t dim = -1;
  bool descending = false;
};

/// dim and descending of sort/argsort, whichever overload (the `stable`
/// ones take them by keyword after `stable`).
FailureOr<SortArgs> getSortArgs(GraphImporter &importer, jit::Node *node) {
  SortArgs args;
  if (std::optional<unsigned> at = findArgument(node, "dim")) {
    FailureOr<int64_t> dim = importer.getInt(node, *at);
    if (failed(dim))
      return failure();
    args.dim = *dim;
  }
  if (std::optional<unsigned> at = findArgument(node, "descending")) {
    FailureOr<bool> descending = importer.getBool(node, *at);
    if (failed(descending))
      return failure();
    args.descending = *descending;
  }
  return args;
}

/// The sort order of `input` along `dim` (0-D inputs sort as one element).
FailureOr<Value> buildArgsort(GraphImporter &importer, jit::Node *node,
                              Value input, int64_t dim, bool descending,
                              int64_t &axis) {
  Location loc = importer.getLoc(node);
  FailureOr<int64_t> normalized = normalizeDim(
      importer, node, dim,
      std::max<int64_t>(getTensorType(input).getRank(), 1));
  FailureOr<Value> data = atLeast1D(importer, loc, input);
  if (failed(normalized) || failed(data))
    return failure();
  axis = *normalized;
  return importer.create<ArgsortOp>(loc, *data, axis, descending);
}

/// Maps the node's outputs to the elements of `input` in `order` (indices
/// along `axis`) and, when it has a second output, to `order` itself.
LogicalResult mapSorted(GraphImporter &importer, jit::Node *node, Value input,
                        Value order, int64_t axis) {
  Location loc = importer.getLoc(node);
  FailureOr<Value> data = atLeast1D(importer, loc, input);
  if (failed(data))
    return failure();
  FailureOr<Value> values =
      importer.create<GatherElementsOp>(loc, *data, order, axis);
  if (failed(values))
    return failure();
  FailureOr<Value> valuesOut = likeRank(importer, loc, *values, input);
  FailureOr<Value> indicesOut = likeRank(importer, loc, order, input);
  if (failed(valuesOut) || failed(indicesOut))
    return failure();
  importer.mapTensor(node->output(0), *valuesOut);
  if (node->outputs().size() > 1)
    importer.mapTensor(node->output(1), *indicesOut);
  return success();
}

/// aten::sort(self, dim=-1, descending=False) -> (values, indices).
LogicalResult convertSort(GraphImporter &importer, jit::Node *node) {
  FailureOr<Value> input = importer.getTensor(node, 0);
  FailureOr<SortArgs> args = getSortArgs(importer, node);
  if (failed(input) || failed(args))
    return failure();
  int64_t axis;
  FailureOr<Value> order =
      buildArgsort(importer, node, *input, args->dim, args->descending, axis);
  if (failed(order))
    return failure();
  return mapSorted(importer, node, *input, *order, axis);
}

/// aten::argsort(self, dim=-1, descending=False).
LogicalResult convertArgsort(GraphImporter &importer, jit::Node *node) {
  FailureOr<Value> input = importer.getTensor(node, 0);
  FailureOr<SortArgs> args = getSortArgs(importer, node);
  if (failed(input) || failed(args))
    return failure();
  int64_t axis;
  FailureOr<Value> order =
      buildArgsort(importer, node, *input, args->dim, args->descending, axis);
  if (failed(order))
    return failure();
  return importer.mapResult(
      node, likeRank(importer, importer.getLoc(node), *order, *input));
}

/// aten::topk(self, k, dim=-1, largest=True, sorted=True) -> (values,
/// indices): the first k of a sort (so always sorted).
LogicalResult convertTopk(GraphImporter &importer, jit::Node *node) {
  FailureOr<Value> input = importer.getTensor(node, 0);
  FailureOr<int64_t> k = importer.getInt(node, 1);
  FailureOr<int64_t> dim = importer.getInt(node, 2);
  FailureOr<bool> largest = importer.getBool(node, 3);
  if (failed(input) || failed(k) || failed(dim) || failed(largest))
    return failure();
  Location loc = importer.getLoc(node);
  int64_t axis;
  FailureOr<Value> order =
      buildArgsort(importer, node, *input, *dim, *largest, axis);
  if (failed(order))
    return failure();
  int64_t size = getTensorType(*order).getDimSize(axis);
  if (*k < 0 || *k > size)
    return importer.emitNodeError(node, "k (" + Twine(*k) +
                                            ") is out of range for a "
                                            "dimension of size " +
                                            Twine(size));
  FailureOr<Value> first = buildSlice(importer, loc, *order, axis, 0, *k);
  if (failed(first))
    return failure();
  return mapSorted(importer, node, *input, *first, axis);
}

} // namespace

void mlir::mdf::torchscript::addSortingConverters(ConverterMap &map) {
  map["aten::sort"] = convertSort;
  map["aten::argsort"] = convertArgsort;
  map["aten::topk"] = convertTopk;
}
