//===- Json.cpp - an order-preserving JSON document -----------------------===//

#include "mdf/Support/Json.h"
#include "mdf/Support/Limits.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/ConvertUTF.h"
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>

using namespace mlir::mdf::json;

const Value *Value::get(llvm::StringRef key) const {
  for (const Member &member : members)
    if (member.first == key)
      return &member.second;
  return nullptr;
}

llvm::StringRef Value::kindName() const {
  switch (kind) {
  case Kind::Null:
    return "null";
  case Kind::Bool:
    return "a boolean";
  case Kind::Integer:
  case Kind::Number:
    return "a number";
  case Kind::String:
    return "a string";
  case Kind::Array:
    return "an array";
  case Kind::Object:
    return "an object";
  }
  return "value";
}

namespace {

/// Recursive-descent reader over the whole text, tracking line and column.
class Reader {
public:
  explicit Reader(llvm::StringRef text) : text(text) {}

  bool read(Value &result, std::string &error) {
    skipSpace();
    if (!readValue(result, 0))
      return report(error);
    skipSpace();
    if (pos != text.size()) {
      message = "unexpected text after the JSON value";
      return report(error);
    }
    return true;
  }

private:
  llvm::StringRef text;
  size_t pos = 0;
  unsigned line = 1, column = 1;
  std::string message;

  bool report(std::string &error) {
    error = std::to_string(line) + ":" + std::to_string(column) + ": " +
            message;
    return false;
  }
  bool fail(const std::string &what) {
    message = what;
    return false;
  }
  char peek() const { return pos < text.size() ? text[pos] : '\0'; }
  void advance() {
    if (text[pos] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
    ++pos;
  }
  void skipSpace() {
    while (pos < text.size() &&
           (text[pos] == ' ' || text[pos] == '\t' || text[pos] == '\n' ||
            text[pos] == '\r'))
      advance();
  }
  bool expect(char c) {
    if (peek() != c)
      return fail(std::string("expected '") + c + "'");
    advance();
    return true;
  }
  bool literal(llvm::StringRef word) {
    if (!text.substr(pos).starts_with(word))
      return fail("invalid literal");
    for (size_t i = 0; i < word.size(); ++i)
      advance();
    return true;
  }

  bool readValue(Value &value, unsigned depth) {
    if (depth > mlir::mdf::kMaxNestingDepth)
      return fail("arrays and objects nest deeper than " +
                  std::to_string(mlir::mdf::kMaxNestingDepth) +
                  " levels, the most mdf reads");
    value.line = line;
    value.column = column;
    switch (peek()) {
    case '{':
      return readObject(value, depth);
    case '[':
      return readArray(value, depth);
    case '"':
      value.kind = Value::Kind::String;
      return readString(value.string);
    case 't':
      value.kind = Value::Kind::Bool;
      value.boolean = true;
      return literal("true");
    case 'f':
      value.kind = Value::Kind::Bool;
      return literal("false");
    case 'n':
      return literal("null");
    case 'N':
    case 'I':
      // Python's json module writes these unless allow_nan=False; they are
      // not JSON, and MDF gives them no meaning.
      return fail("'" + std::string(peek() == 'N' ? "NaN" : "Infinity") +
                  "' is not a JSON number (write a finite number; Python's "
                  "json.dump(..., allow_nan=False) refuses to write it)");
    case '\0':
      return fail("unexpected end of the file");
    default:
      return readNumber(value);
    }
  }

  bool readObject(Value &value, unsigned depth) {
    value.kind = Value::Kind::Object;
    advance();
    skipSpace();
    if (peek() == '}') {
      advance();
      return true;
    }
    while (true) {
      skipSpace();
      if (peek() != '"')
        return fail("expected a string key");
      std::string key;
      if (!readString(key))
        return false;
      skipSpace();
      if (!expect(':'))
        return false;
      skipSpace();
      value.members.emplace_back(std::move(key), Value());
      if (!readValue(value.members.back().second, depth + 1))
        return false;
      skipSpace();
      if (peek() == ',') {
        advance();
        continue;
      }
      if (peek() == '}') {
        advance();
        return true;
      }
      return fail("expected ',' or '}' in an object");
    }
  }

  bool readArray(Value &value, unsigned depth) {
    value.kind = Value::Kind::Array;
    advance();
    skipSpace();
    if (peek() == ']') {
      advance();
      return true;
    }
    while (true) {
      skipSpace();
      value.elements.emplace_back();
      if (!readValue(value.elements.back(), depth + 1))
        return false;
      skipSpace();
      if (peek() == ',') {
        advance();
        continue;
      }
      if (peek() == ']') {
        advance();
        return true;
      }
      return fail("expected ',' or ']' in an array");
    }
  }

  bool readHex4(unsigned &code) {
    code = 0;
    for (int i = 0; i < 4; ++i) {
      char c = peek();
      if (!llvm::isHexDigit(c))
        return fail("invalid \\u escape");
      code = code * 16 + llvm::hexDigitValue(c);
      advance();
    }
    return true;
  }

  bool readString(std::string &out) {
    advance(); // opening quote
    while (true) {
      char c = peek();
      if (pos >= text.size())
        return fail("unterminated string");
      if (c == '"') {
        advance();
        const auto *begin = reinterpret_cast<const llvm::UTF8 *>(out.data());
        if (!llvm::isLegalUTF8String(&begin, begin + out.size()))
          return fail("the string is not valid UTF-8 (byte " +
                      std::to_string(reinterpret_cast<const char *>(begin) -
                                     out.data()) +
                      " of the string)");
        return true;
      }
      if (static_cast<unsigned char>(c) < 0x20)
        return fail("control character in a string");
      if (c != '\\') {
        out.push_back(c);
        advance();
        continue;
      }
      advance();
      char escape = peek();
      if (pos >= text.size())
        return fail("unterminated string");
      advance();
      switch (escape) {
      case '"':
      case '\\':
      case '/':
        out.push_back(escape);
        break;
      case 'b':
        out.push_back('\b');
        break;
      case 'f':
        out.push_back('\f');
        break;
      case 'n':
        out.push_back('\n');
        break;
      case 'r':
        out.push_back('\r');
        break;
      case 't':
        out.push_back('\t');
        break;
      case 'u': {
        unsigned code;
        if (!readHex4(code))
          return false;
        if (code >= 0xD800 && code < 0xDC00 && peek() == '\\') {
          advance();
          if (!expect('u'))
            return false;
          unsigned low;
          if (!readHex4(low))
            return false;
          code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
        }
        char buffer[8];
        char *end = buffer;
        if (!llvm::ConvertCodePointToUTF8(code, end))
          return fail("invalid \\u escape");
        out.append(buffer, end);
        break;
      }
      default:
        return fail("invalid escape in a string");
      }
    }
  }

  bool readNumber(Value &value) {
    size_t start = pos;
    bool integral = true;
    if (peek() == '-')
      advance();
    if (peek() == 'I')
      return fail("'-Infinity' is not a JSON number (write a finite "
                  "number)");
    if (!llvm::isDigit(peek()))
      return fail("invalid value");
    while (llvm::isDigit(peek()))
      advance();
    if (peek() == '.') {
      integral = false;
      advance();
      if (!llvm::isDigit(peek()))
        return fail("invalid number");
      while (llvm::isDigit(peek()))
        advance();
    }
    if (peek() == 'e' || peek() == 'E') {
      integral = false;
      advance();
      if (peek() == '+' || peek() == '-')
        advance();
      if (!llvm::isDigit(peek()))
        return fail("invalid number");
      while (llvm::isDigit(peek()))
        advance();
    }
    const char *first = text.data() + start, *last = text.data() + pos;
    if (integral) {
      auto [end, ec] = std::from_chars(first, last, value.integer);
      if (ec == std::errc() && end == last) {
        value.kind = Value::Kind::Integer;
        return true;
      }
    }
    value.kind = Value::Kind::Number;
    value.number = std::strtod(std::string(first, last).c_str(), nullptr);
    // Too small a magnitude reads as 0 (as in Python); too large is refused.
    if (std::isinf(value.number))
      return fail("the number '" + std::string(first, last) +
                  "' is out of the range of a double");
    return true;
  }
};

} // namespace

llvm::Expected<mlir::mdf::json::Value>
mlir::mdf::json::parse(llvm::StringRef text) {
  Value result;
  std::string error;
  if (!Reader(text).read(result, error))
    return llvm::createStringError(error);
  return std::move(result);
}

std::string mlir::mdf::json::formatDouble(double value) {
  if (std::isnan(value))
    return "nan";
  if (std::isinf(value))
    return value > 0 ? "inf" : "-inf";
  char buffer[64];
  // Python switches to exponent notation below 1e-4 and from 1e16 on.
  double magnitude = std::fabs(value);
  bool scientific = magnitude != 0 && (magnitude < 1e-4 || magnitude >= 1e16);
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value,
                                 scientific ? std::chars_format::scientific
                                            : std::chars_format::fixed);
  std::string text(buffer, end);
  if (scientific) {
    // to_chars writes 1e-10 as "1e-10" but 1.5e+20 as "1.5e+20"; Python
    // pads the exponent to two digits, which to_chars already does.
    return text;
  }
  if (text.find('.') == std::string::npos)
    text += ".0";
  return text;
}
