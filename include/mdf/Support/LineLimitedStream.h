//===- LineLimitedStream.h - cut overlong lines of messages -----*- C++ -*-===//
//
// Diagnostics quote the source line they point at; a model file can hold a
// line of megabytes (a minified JSON file, MLIR weights in hex). The mdf
// tools print their diagnostics through this stream, which cuts every line
// after a limit and says how much it left out.
//
//===----------------------------------------------------------------------===//

#ifndef MDF_SUPPORT_LINELIMITEDSTREAM_H
#define MDF_SUPPORT_LINELIMITEDSTREAM_H

#include "llvm/Support/raw_ostream.h"

namespace mlir::mdf {

class LineLimitedStream : public llvm::raw_ostream {
public:
  explicit LineLimitedStream(llvm::raw_ostream &out, size_t limit = 1000)
      : out(out), limit(limit) {
    SetUnbuffered();
  }
  ~LineLimitedStream() override { flush(); }

private:
  void write_impl(const char *data, size_t size) override;
  uint64_t current_pos() const override { return position; }

  llvm::raw_ostream &out;
  size_t limit;
  size_t column = 0;
  uint64_t position = 0;
};

} // namespace mlir::mdf

#endif // MDF_SUPPORT_LINELIMITEDSTREAM_H
