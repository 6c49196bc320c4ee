//===- ProgressLine.cpp - one line that says how far a long job is -------===//
//
// This file implements the progress line of the mdf tools.
//
//===----------------------------------------------------------------------===//

#include "mdf/Support/ProgressLine.h"
#include "llvm/Support/Process.h"

using namespace mlir::mdf;

ProgressLine::ProgressLine(llvm::raw_ostream &os, llvm::StringRef tool,
                           bool enabled)
    : os(os), tool(tool.str()), enabled(enabled) {}

bool ProgressLine::shouldShow(llvm::StringRef mode) {
  if (mode == "always")
    return true;
  if (mode == "never")
    return false;
  return llvm::sys::Process::StandardErrIsDisplayed();
}

void ProgressLine::show(const std::string &text, bool force) {
  if (!enabled)
    return;
  auto now = std::chrono::steady_clock::now();
  if (!force && shown && now - last < std::chrono::milliseconds(100))
    return;
  last = now;
  // Back to the line's start, the text, the rest of the old line cleared.
  os << '\r' << tool << ": " << text << "\x1b[K";
  os.flush();
  shown = true;
}

void ProgressLine::phase(llvm::StringRef name) {
  current = name.str();
  show(current, /*force=*/true);
}

void ProgressLine::step(size_t done, size_t total, llvm::StringRef units) {
  show(current + ": " + std::to_string(done) + "/" + std::to_string(total) +
           " " + units.str(),
       /*force=*/done == total);
}

void ProgressLine::finish() {
  if (!enabled || !shown)
    return;
  os << "\r\x1b[K";
  os.flush();
  shown = false;
}
