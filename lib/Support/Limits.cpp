//===- Limits.cpp - input limits that keep resource bombs out -------------===//
//
// This file implements the size and nesting checks of mdf's readers.
//
//===----------------------------------------------------------------------===//

#include "mdf/Support/Limits.h"
#include "mlir/IR/BuiltinTypes.h"

using namespace mlir;
using namespace mlir::mdf;

std::optional<int64_t> mlir::mdf::checkedElementCount(ArrayRef<int64_t> shape,
                                                      int64_t elementBytes) {
  int64_t count = 1;
  for (int64_t size : shape) {
    if (ShapedType::isDynamic(size))
      continue;
    if (size < 0)
      return std::nullopt;
    if (size != 0 && count > kMaxTensorElements / size)
      return std::nullopt;
    count *= size;
  }
  if (count > kMaxTensorElements ||
      (elementBytes > 0 && count > kMaxTensorBytes / elementBytes))
    return std::nullopt;
  return count;
}

static bool findNestingError(StringRef text, std::string &error) {
  unsigned depth = 0, line = 1, column = 1;
  for (size_t i = 0, e = text.size(); i < e; ++i, ++column) {
    char c = text[i];
    if (c == '\n') {
      ++line;
      column = 0;
      continue;
    }
    if (c == '/' && i + 1 < e && text[i + 1] == '/') {
      while (i + 1 < e && text[i + 1] != '\n')
        ++i;
      continue;
    }
    if (c == '"') {
      // Strings may hold any bracket; skip to the closing quote.
      for (++i, ++column; i < e && text[i] != '"'; ++i, ++column) {
        if (text[i] == '\\')
          ++i, ++column;
        else if (text[i] == '\n')
          ++line, column = 0;
      }
      continue;
    }
    if (c == '(' || c == '[' || c == '{' || c == '<') {
      if (++depth > kMaxNestingDepth) {
        error = std::to_string(line) + ":" + std::to_string(column) +
                ": brackets nest deeper than " +
                std::to_string(kMaxNestingDepth) +
                " levels, the most mdf reads";
        return false;
      }
    } else if ((c == ')' || c == ']' || c == '}' || c == '>') && depth > 0 &&
               !(c == '>' && i > 0 && (text[i - 1] == '-' ||
                                       (i + 1 < e && text[i + 1] == '=')))) {
      // `->` and `>=` close nothing.
      --depth;
    }
  }
  return true;
}

llvm::Error mlir::mdf::checkMLIRNesting(StringRef text) {
  std::string error;
  if (!findNestingError(text, error))
    return llvm::createStringError(error);
  return llvm::Error::success();
}
