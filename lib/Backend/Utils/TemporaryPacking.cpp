//===- TemporaryPacking.cpp - temporaries packed by live range ------------===//
//
// This file implements the live ranges and packing of a function's
// temporaries shared by the CPU and GPU workspaces.
//
//===----------------------------------------------------------------------===//

#include "mdf/Backend/Utils/TemporaryPacking.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Interfaces/ViewLikeInterface.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace mlir::mdf;

std::optional<int64_t> mdf::staticByteSize(MemRefType type) {
  if (!type.hasStaticShape() || !type.getLayout().isIdentity() ||
      type.getMemorySpace())
    return std::nullopt;
  Type element = type.getElementType();
  if (!element.isIntOrFloat())
    return std::nullopt;
  int64_t elementBytes = llvm::divideCeil(element.getIntOrFloatBitWidth(), 8);
  return type.getNumElements() * elementBytes;
}

/// Fills in the live range and deallocations of `temp`. Returns false when
/// the buffer must keep its own allocation: it escapes through a return,
/// or is freed somewhere other than the top-level block.
static bool analyzeLiveRange(Temporary &temp, Block &block,
                             const DenseMap<Operation *, unsigned> &position) {
  unsigned blockEnd = block.getOperations().size();
  SmallVector<Value> aliases = {temp.alloc.getResult()};
  while (!aliases.empty()) {
    Value alias = aliases.pop_back_val();
    for (Operation *user : alias.getUsers()) {
      if (isa<func::ReturnOp>(user))
        return false;
      Operation *ancestor = block.findAncestorOpInBlock(*user);
      if (!ancestor)
        return false;
      if (auto dealloc = dyn_cast<memref::DeallocOp>(user)) {
        if (ancestor != user)
          return false; // freed conditionally
        temp.deallocs.push_back(dealloc);
        continue;
      }
      temp.end = std::max(temp.end, position.lookup(ancestor));
      if (isa<ViewLikeOpInterface>(user)) {
        llvm::append_range(aliases, user->getResults());
        continue;
      }
      // Any other op that hands out a buffer may alias this one: keep the
      // buffer alive to the end of the block.
      if (llvm::any_of(user->getResultTypes(), llvm::IsaPred<MemRefType>))
        temp.end = blockEnd;
    }
  }
  return true;
}

SmallVector<Temporary> mdf::collectTemporaries(
    Block &block,
    llvm::function_ref<std::optional<int64_t>(memref::AllocOp)> bytesOf) {
  DenseMap<Operation *, unsigned> position;
  for (auto [index, op] : llvm::enumerate(block))
    position[&op] = index;
  SmallVector<Temporary> temps;
  for (auto alloc : block.getOps<memref::AllocOp>()) {
    std::optional<int64_t> bytes = bytesOf(alloc);
    if (!bytes || *bytes == 0)
      continue;
    Temporary temp;
    temp.alloc = alloc;
    temp.bytes = *bytes;
    temp.start = temp.end = position[alloc];
    if (analyzeLiveRange(temp, block, position))
      temps.push_back(std::move(temp));
  }
  return temps;
}

int64_t mdf::packTemporaries(MutableArrayRef<Temporary> temps) {
  int64_t total = 0;
  for (size_t i = 0; i < temps.size(); ++i) {
    Temporary &temp = temps[i];
    // Intervals taken by the already placed buffers still live here.
    SmallVector<std::pair<int64_t, int64_t>> taken;
    for (size_t j = 0; j < i; ++j)
      if (temps[j].end >= temp.start)
        taken.push_back({temps[j].offset, temps[j].offset + temps[j].bytes});
    llvm::sort(taken);
    int64_t offset = 0;
    for (auto [begin, end] : taken) {
      if (offset + temp.bytes <= begin)
        break;
      offset =
          std::max<int64_t>(offset, llvm::alignTo(end, kWorkspaceAlignment));
    }
    temp.offset = offset;
    total = std::max(total, offset + temp.bytes);
  }
  return static_cast<int64_t>(llvm::alignTo(total, kWorkspaceAlignment));
}
