//===- Json.h - an order-preserving JSON document ---------------*- C++ -*-===//
//
// A small JSON reader that keeps object members in file order and records
// where every value starts, so importers can keep the order of ids and report
// errors with a line, a column and a JSON path. llvm::json::Object is a hash
// map and loses the order MDF files rely on (parameters are evaluated in
// declaration order).
//
//===----------------------------------------------------------------------===//

#ifndef MDF_SUPPORT_JSON_H
#define MDF_SUPPORT_JSON_H

#include "llvm/Support/Error.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace mlir::mdf::json {

struct Value;
using Member = std::pair<std::string, Value>;

/// One JSON value. Integers without a fraction or exponent that fit in 64
/// bits are kept apart from other numbers so `1` and `1.0` stay distinct.
struct Value {
  enum class Kind { Null, Bool, Integer, Number, String, Array, Object };
  Kind kind = Kind::Null;
  bool boolean = false;
  int64_t integer = 0;
  double number = 0;
  std::string string;
  std::vector<Value> elements;
  std::vector<Member> members;
  unsigned line = 0, column = 0;

  bool isNull() const { return kind == Kind::Null; }
  bool isString() const { return kind == Kind::String; }
  bool isObject() const { return kind == Kind::Object; }
  bool isArray() const { return kind == Kind::Array; }
  bool isNumber() const {
    return kind == Kind::Integer || kind == Kind::Number;
  }
  double asDouble() const {
    return kind == Kind::Integer ? static_cast<double>(integer) : number;
  }
  /// The member called `key` of an object, or null when absent.
  const Value *get(StringRef key) const;
  /// "an object", "an array", "a string", ... for messages.
  StringRef kindName() const;
};

/// Parses `text`. A syntax error reads "LINE:COLUMN: what is wrong".
llvm::Expected<Value> parse(StringRef text);

/// The shortest decimal spelling that reads back as the same double, written
/// the way Python's repr() writes floats (`0.5`, `1.0`, `1e-10`, `nan`).
std::string formatDouble(double value);

/// The shortest decimal spelling that reads back as the same float (an f32
/// weight 0.1f is written `0.1`, not `0.10000000149011612`), in the same
/// style as formatDouble.
std::string formatFloat(float value);

} // namespace mlir::mdf::json

#endif // MDF_SUPPORT_JSON_H
