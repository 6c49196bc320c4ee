//===- ProgressLine.h - one line that says how far a long job is -*- C++ -*-===//
//
// A compile of a big model takes minutes; on a terminal the tools keep one
// line up to date with the phase and how far it is ("mdf-compile:
// generating code: 45/143 functions"), rewritten in place at most ten times
// a second and erased at the end. When disabled (not a terminal), it prints
// nothing.
//
//===----------------------------------------------------------------------===//

#ifndef MDF_SUPPORT_PROGRESSLINE_H
#define MDF_SUPPORT_PROGRESSLINE_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <string>

namespace mlir::mdf {

class ProgressLine {
public:
  /// Writes to `os` (the tool's stderr) when `enabled`; `tool` starts the
  /// line.
  ProgressLine(llvm::raw_ostream &os, llvm::StringRef tool, bool enabled);
  ~ProgressLine() { finish(); }

  /// Starts a phase ("lowering"); shown at once.
  void phase(llvm::StringRef name);
  /// `done` of `total` `units` ("passes", "functions") of the phase.
  void step(size_t done, size_t total, llvm::StringRef units);
  /// Erases the line; the next output starts on a clean line.
  void finish();

  bool isEnabled() const { return enabled; }

  /// Whether a line should be shown: "always", "never" or "auto" (when
  /// stderr is a terminal).
  static bool shouldShow(llvm::StringRef mode);

private:
  void show(const std::string &text, bool force);

  llvm::raw_ostream &os;
  std::string tool;
  std::string current;
  bool enabled;
  bool shown = false;
  std::chrono::steady_clock::time_point last;
};

} // namespace mlir::mdf

#endif // MDF_SUPPORT_PROGRESSLINE_H
