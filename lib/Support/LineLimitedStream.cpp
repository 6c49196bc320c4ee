//===- LineLimitedStream.cpp - cut overlong lines of messages -------------===//

#include "mdf/Support/LineLimitedStream.h"

using namespace mlir::mdf;

void LineLimitedStream::write_impl(const char *data, size_t size) {
  position += size;
  for (size_t i = 0; i < size; ++i) {
    char c = data[i];
    if (c == '\n') {
      if (column > limit)
        out << " [... " << (column - limit) << " more characters]";
      out << '\n';
      column = 0;
      continue;
    }
    if (column++ < limit)
      out << c;
  }
  out.flush();
}
