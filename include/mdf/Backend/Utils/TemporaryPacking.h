//===- TemporaryPacking.h - temporaries packed by live range ----*- C++ -*-===//
//
// The analysis that the CPU static workspace and the GPU device workspace
// share: the top-level allocations of a function body, their live ranges,
// and offsets in one buffer such that buffers live at the same time do not
// overlap.
//
//===----------------------------------------------------------------------===//

#ifndef MDF_BACKEND_UTILS_TEMPORARYPACKING_H
#define MDF_BACKEND_UTILS_TEMPORARYPACKING_H

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"

#include <optional>

namespace mlir::mdf {

/// Byte alignment of every buffer in a workspace (one cache line, and what
/// bufferization asks of its allocations).
constexpr int64_t kWorkspaceAlignment = 64;

/// One temporary: where it is allocated, when it dies, and where it goes.
struct Temporary {
  memref::AllocOp alloc;
  SmallVector<memref::DeallocOp> deallocs;
  unsigned start = 0; ///< position of the allocation in the block
  unsigned end = 0;   ///< position of the last op that uses it
  int64_t bytes = 0;
  int64_t offset = 0;
};

/// The size in bytes of a buffer of `type`, or nullopt when its shape is
/// not static or its elements have no fixed byte size here (index,
/// vectors, complex numbers).
std::optional<int64_t> staticByteSize(MemRefType type);

/// The top-level allocations of `block` that `bytesOf` sizes (nullopt:
/// skip it) and that may share memory (they do not escape through a return
/// and are freed, if at all, in `block` itself), with their live ranges.
SmallVector<Temporary> collectTemporaries(
    Block &block,
    llvm::function_ref<std::optional<int64_t>(memref::AllocOp)> bytesOf);

/// Gives each temporary an offset such that buffers live at the same time
/// do not overlap (first fit, in allocation order). Returns the total size,
/// a multiple of kWorkspaceAlignment.
int64_t packTemporaries(MutableArrayRef<Temporary> temps);

} // namespace mlir::mdf

#endif // MDF_BACKEND_UTILS_TEMPORARYPACKING_H
