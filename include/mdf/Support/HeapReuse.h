//===- HeapReuse.h - the heap set up for copying weights --------*- C++ -*-===//
//
// Compiling a model copies its weights several times (read, re-laid out,
// into LLVM constants, into the object file). By default glibc maps every
// allocation over 128 KiB to 32 MiB separately and unmaps it when freed, so
// each copy touches fresh memory in 4 KiB pages, and in a virtual machine
// every fresh page costs microseconds to fault in and clear. resnet18 spent
// a third of its compile time there, vgg16 two thirds.
//
// The tools that compile models therefore run with these glibc tunables:
//   glibc.malloc.hugetlb=1        the heap advised for transparent huge
//                                 pages (2 MiB: 512 times fewer faults)
//   glibc.malloc.mmap_max=0       big blocks from the heap, not mappings
//   glibc.malloc.trim_threshold=256 MiB  freed memory kept for reuse
// glibc reads tunables only when a program starts, so a tool that finds
// them missing sets GLIBC_TUNABLES and starts itself again, once.
// MDF_HEAP_TUNING=off turns this off.
//
//===----------------------------------------------------------------------===//

#ifndef MDF_SUPPORT_HEAPREUSE_H
#define MDF_SUPPORT_HEAPREUSE_H

#include <string>

namespace mlir::mdf {

/// The GLIBC_TUNABLES value for a process that compiles models: `current`
/// (the present value, or null) with mdf's tunables added where it does
/// not set them itself.
std::string heapTunables(const char *current);

/// Call first in main: when the tunables are not in effect (and
/// MDF_HEAP_TUNING is not `off`), sets GLIBC_TUNABLES and runs this
/// program again with the same arguments; returns only if it could not
/// (then the heap is tuned as far as mallopt allows) or when there is
/// nothing to do. Children started later inherit the tunables.
void restartWithHeapTunables(char **argv);

} // namespace mlir::mdf

#endif // MDF_SUPPORT_HEAPREUSE_H
