//===- Limits.h - input limits that keep resource bombs out -----*- C++ -*-===//
//
// The limits every mdf reader applies, so that hostile or damaged input
// gets a clear error instead of a stack overflow or an overflowing size
// (documented in docs/robustness.md):
//   - nesting: JSON arrays and objects, MDF expressions (parentheses, unary
//     operators, operator chains) and brackets in MLIR text nest at most
//     kMaxNestingDepth deep;
//   - tensors: at most kMaxTensorElements elements and kMaxTensorBytes
//     bytes each, every size computed with overflow checks.
//
//===----------------------------------------------------------------------===//

#ifndef MDF_SUPPORT_LIMITS_H
#define MDF_SUPPORT_LIMITS_H

#include "mlir/Support/LLVM.h"
#include "llvm/Support/Error.h"
#include <cstdint>
#include <optional>
#include <string>

namespace mlir::mdf {

/// The deepest nesting any reader accepts.
constexpr unsigned kMaxNestingDepth = 512;

/// The most elements one tensor may have (2^40, about 10^12).
constexpr int64_t kMaxTensorElements = int64_t(1) << 40;

/// The most bytes one tensor may take (2^42, 4 TiB).
constexpr int64_t kMaxTensorBytes = int64_t(1) << 42;

/// The element count of `shape` (dynamic sizes count as 1), or nullopt
/// when it overflows or exceeds kMaxTensorElements, or the byte size
/// (`elementBytes` each) exceeds kMaxTensorBytes.
std::optional<int64_t> checkedElementCount(ArrayRef<int64_t> shape,
                                           int64_t elementBytes = 1);

/// Checks that the brackets of MLIR text (`(`, `[`, `{`, `<`, outside
/// strings and comments) nest at most kMaxNestingDepth deep; the upstream
/// parser recurses once per level. The error reads "LINE:COLUMN: ..."
/// naming the limit.
llvm::Error checkMLIRNesting(StringRef text);

} // namespace mlir::mdf

#endif // MDF_SUPPORT_LIMITS_H
