//===- Expression.h - MDF expressions: parsing ------------------*- C++ -*-===//
//
// The Python/numpy subset MDF files write their expressions in: numbers,
// names (with dotted module prefixes such as `math.exp`), nested list
// literals, arithmetic (+ - * / // % ** @), comparisons (chained as in
// Python), `and`/`or`/`not`, calls and indexing with constants.
//
//===----------------------------------------------------------------------===//

#ifndef MDF_LIB_TARGET_MDFJSON_EXPRESSION_H
#define MDF_LIB_TARGET_MDFJSON_EXPRESSION_H

#include "llvm/Support/Error.h"
#include "llvm/ADT/StringRef.h"
#include <memory>
#include <string>
#include <vector>

namespace mlir::mdf {

/// A node of an expression's syntax tree.
struct Expr {
  enum class Kind { Number, Name, List, Unary, Binary, Compare, Logical,
                    Call, Index };
  Kind kind;
  /// Number: its value.
  double number = 0;
  /// Name and Call: the (dotted) name; Unary, Binary, Compare, Logical: the
  /// operator's spelling ("-", "**", "<=", "and", ...).
  std::string text;
  /// Operands in source order (for Call: the arguments; for Index: the
  /// indexed value then the index).
  std::vector<std::unique_ptr<Expr>> operands;
  /// 1-based column where the node starts.
  unsigned column = 1;
  /// The levels of the tree below and including this node (1 for a leaf);
  /// the parser refuses trees higher than kMaxNestingDepth, so every
  /// recursive walk over a tree stays shallow.
  unsigned height = 1;
};

/// Parses `source`; the error names the column. Refuses expressions nested more than
/// kMaxNestingDepth levels (parentheses, unary operators, chains of binary
/// operators) and division by a literal zero, which Python refuses too.
llvm::Expected<std::unique_ptr<Expr>> parseExpression(llvm::StringRef source);

/// Appends every name `expr` refers to (not called functions).
void collectNames(const Expr &expr, std::vector<std::string> &names);

} // namespace mlir::mdf

#endif // MDF_LIB_TARGET_MDFJSON_EXPRESSION_H
