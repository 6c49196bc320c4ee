//===- Decompositions.cpp - inline TorchScript decompositions ------------===//
//
// Rewrites the nodes of a frozen forward graph that have a decomposition
// (Decompositions.h) by inlining the decomposition's TorchScript function
// in their place, before the graph is imported.
//
//===----------------------------------------------------------------------===//

#include "Decompositions.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"

#include <torch/csrc/jit/api/function_impl.h>
#include <torch/csrc/jit/passes/constant_propagation.h>
#include <torch/csrc/jit/passes/dead_code_elimination.h>
#include <torch/csrc/jit/passes/inliner.h>
#include <torch/jit.h>

#include <algorithm>
#include <cstring>
#include <memory>

using namespace mlir::mdf::torchscript;
namespace jit = torch::jit;

const char *const mlir::mdf::torchscript::kDecompositionPrelude = R"TS(
def _reduce(loss: Tensor, reduction: int) -> Tensor:
    # at::Reduction: 0 none, 1 mean, 2 sum.
    if reduction == 1:
        return loss.mean()
    if reduction == 2:
        return loss.sum()
    return loss

def _pool_out(size: int, k: int, s: int, p: int, d: int, ceil_mode: bool) -> int:
    # ATen's pooling_output_shape: with ceil_mode the last window must
    # start inside the input or its left padding.
    out = (size + 2 * p - d * (k - 1) - 1 + ((s - 1) if ceil_mode else 0)) // s + 1
    if ceil_mode and (out - 1) * s >= size + p:
        out = out - 1
    return out

def _per_dim(values: List[int], nd: int, default: List[int]) -> List[int]:
    # A pooling argument given once for all dimensions, per dimension, or
    # not at all (an empty stride means the kernel size).
    if len(values) == 0:
        return default
    if len(values) == 1:
        return [values[0] for _ in range(nd)]
    return values

def _axis_shape(rank: int, axis: int, size: int) -> List[int]:
    # [1, ..., size, ..., 1]: `size` at `axis`, for broadcasting along it.
    shape: List[int] = []
    for i in range(rank):
        shape.append(size if i == axis else 1)
    return shape

def _channel_shape(x: Tensor, channels: int) -> List[int]:
    # The shape that broadcasts a per-channel vector over x (N, C, ...).
    return _axis_shape(x.dim(), 1, channels)

def _index_mask(x: Tensor, dim: int, index: Tensor) -> Tensor:
    # True at the positions along `dim` that `index` lists, shaped to
    # broadcast over x.
    d = dim + x.dim() if dim < 0 else dim
    positions = torch.arange(x.size(d)).unsqueeze(-1)
    chosen = (positions == index.reshape(-1)).any(-1)
    return chosen.reshape(_axis_shape(x.dim(), d, x.size(d)))

def _class_terms(input: Tensor, target: Tensor, weight: Optional[Tensor], ignore_index: int) -> Tuple[int, Tensor, Tensor]:
    # For nll_loss and its gradient: the class dimension, the target as an
    # index along it (0 where ignored) and each target's weight (0 where
    # ignored).
    c = 1 if input.dim() > 1 else 0
    t = target.unsqueeze(c)
    valid = t != ignore_index
    safe = torch.where(valid, t, torch.zeros_like(t))
    w = valid.to(input.dtype)
    if weight is not None:
        w = w * weight.index_select(0, safe.reshape(-1)).reshape(safe.size())
    return c, safe, w
)TS";

/// The source with the dtype names that LibTorch's native resolver does not
/// know (`torch.int64`, ...) replaced by their ScalarType numbers.
static std::string resolveDtypeNames(std::string source) {
  static const std::pair<const char *, c10::ScalarType> names[] = {
      {"torch.float64", c10::ScalarType::Double},
      {"torch.float32", c10::ScalarType::Float},
      {"torch.int64", c10::ScalarType::Long},
      {"torch.int32", c10::ScalarType::Int},
      {"torch.bool", c10::ScalarType::Bool}};
  for (const auto &[name, type] : names) {
    std::string number = std::to_string(static_cast<int>(type));
    for (size_t at = source.find(name); at != std::string::npos;
         at = source.find(name, at + number.size()))
      source.replace(at, std::strlen(name), number);
  }
  return source;
}

namespace {

/// The compiled decompositions, each compiled when a graph first needs it.
class DecompositionLibrary {
public:
  static DecompositionLibrary &get() {
    static DecompositionLibrary library;
    return library;
  }

  const Decomposition *find(jit::Node *node) const {
    const c10::FunctionSchema *schema = node->maybeSchema();
    if (!schema)
      return nullptr;
    std::string key = schema->name();
    if (!schema->overload_name().empty())
      key += "." + schema->overload_name();
    auto it = byName.find(key);
    return it == byName.end() ? nullptr : it->second;
  }

  /// The inlined graph of `decompose` for `entry`.
  std::shared_ptr<jit::Graph> graphFor(const Decomposition &entry) {
    std::shared_ptr<jit::Graph> &graph = compiled[entry.op];
    if (!graph) {
      std::shared_ptr<jit::CompilationUnit> unit;
      try {
        unit = jit::compile(resolveDtypeNames(
            std::string(kDecompositionPrelude) + "\n" + entry.source));
      } catch (const c10::Error &error) {
        throw std::runtime_error(
            std::string("internal error: the importer's decomposition of ") +
            entry.op + " does not compile: " + error.what_without_backtrace());
      }
      graph = jit::toGraphFunction(unit->get_function("decompose"))
                  .graph()
                  ->copy();
      jit::Inline(*graph);
      // Folds what the source computes from literals only (`float("inf")`);
      // the parameters are not constants here.
      jit::ConstantPropagation(graph);
      units.push_back(std::move(unit));
    }
    return graph;
  }

  std::vector<std::string> compileAll() {
    std::vector<std::string> errors;
    for (const Decomposition &entry : table) {
      try {
        graphFor(entry);
      } catch (const std::exception &error) {
        errors.push_back(error.what());
      }
    }
    return errors;
  }

  std::vector<std::string> names() const {
    std::vector<std::string> result;
    for (const auto &entry : byName)
      result.push_back(entry.getKey().str());
    std::sort(result.begin(), result.end());
    return result;
  }

private:
  DecompositionLibrary() {
    addLossDecompositions(table);
    addPoolingDecompositions(table);
    addMathDecompositions(table);
    addShapeDecompositions(table);
    for (const Decomposition &entry : table)
      byName[entry.op] = &entry;
  }

  std::vector<Decomposition> table;
  llvm::StringMap<const Decomposition *> byName;
  llvm::StringMap<std::shared_ptr<jit::Graph>> compiled;
  std::vector<std::shared_ptr<jit::CompilationUnit>> units;
};

} // namespace

/// Gives `node` and the nodes of its blocks the source range and call stack
/// of `original`, so that diagnostics point at the user's line.
static void inheritLocation(jit::Node *node, jit::Node *original) {
  node->setSourceRange(original->sourceRange());
  if (c10::optional<jit::InlinedCallStackPtr> stack = original->callstack())
    node->setCallStack(*stack);
  for (jit::Block *block : node->blocks())
    for (jit::Node *inner : block->nodes())
      inheritLocation(inner, original);
}

/// Replaces `node` by the decomposition's graph. Returns false when the
/// decomposition does not apply to this node.
static bool rewrite(jit::Node *node, const Decomposition &entry,
                    DecompositionLibrary &library) {
  bool otherResultsUsed =
      llvm::any_of(node->outputs().slice(1),
                   [](jit::Value *value) { return value->hasUses(); });
  if (entry.firstResultOnly && otherResultsUsed)
    return false;
  if (entry.otherResultsUsedOnly && !otherResultsUsed)
    return false;
  std::shared_ptr<jit::Graph> callee = library.graphFor(entry);
  if (callee->inputs().size() != node->inputs().size())
    return false;

  jit::Graph &graph = *node->owningGraph();
  jit::Node *previous = node->prev();
  std::vector<jit::Value *> results;
  {
    jit::WithInsertPoint guard(node);
    results = jit::insertGraph(graph, *callee, node->inputs());
  }
  for (jit::Node *inserted = previous->next(); inserted != node;
       inserted = inserted->next())
    inheritLocation(inserted, node);

  // A function returning several results returns a tuple: its elements
  // (unpacked here when it is not built by a TupleConstruct, as when an
  // `if` returns it).
  size_t expected = entry.firstResultOnly ? 1 : node->outputs().size();
  if (expected > 1 && results.size() == 1 &&
      results[0]->type()->kind() == c10::TypeKind::TupleType) {
    jit::Node *tuple = results[0]->node();
    if (tuple->kind() == c10::prim::TupleConstruct) {
      results.assign(tuple->inputs().begin(), tuple->inputs().end());
    } else {
      jit::WithInsertPoint guard(node);
      jit::Node *unpack = graph.insertNode(graph.createTupleUnpack(results[0]));
      inheritLocation(unpack, node);
      results.assign(unpack->outputs().begin(), unpack->outputs().end());
    }
  }
  if (results.size() != expected)
    throw std::runtime_error(std::string("the decomposition of ") + entry.op +
                             " returns " + std::to_string(results.size()) +
                             " values for " + std::to_string(expected) +
                             " results");
  for (size_t i = 0; i < expected; ++i)
    node->output(i)->replaceAllUsesWith(results[i]);
  node->destroy();
  return true;
}

/// One pass over `block` and its nested blocks; returns whether a node was
/// rewritten.
static bool decomposeBlock(jit::Block *block, DecompositionLibrary &library) {
  bool changed = false;
  for (auto it = block->nodes().begin(); it != block->nodes().end();) {
    jit::Node *node = *it;
    ++it;
    for (jit::Block *inner : node->blocks())
      changed |= decomposeBlock(inner, library);
    if (const Decomposition *entry = library.find(node))
      changed |= rewrite(node, *entry, library);
  }
  return changed;
}

void mlir::mdf::torchscript::decomposeOperators(jit::Graph &graph) {
  DecompositionLibrary &library = DecompositionLibrary::get();
  // A decomposition may use operators that have decompositions of their
  // own (cross_entropy_loss uses nll_loss_nd); none nests deeper than this.
  constexpr int kMaxRounds = 8;
  bool changed = false;
  for (int round = 0; round < kMaxRounds; ++round) {
    changed = decomposeBlock(graph.block(), library);
    if (!changed)
      break;
  }
  jit::EliminateDeadCode(graph.block());
}

std::vector<std::string> mlir::mdf::torchscript::getDecomposedOperatorNames() {
  return DecompositionLibrary::get().names();
}

std::vector<std::string> mlir::mdf::torchscript::compileAllDecompositions() {
  return DecompositionLibrary::get().compileAll();
}
