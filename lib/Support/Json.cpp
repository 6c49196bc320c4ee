//===- Json.cpp - an order-preserving JSON document -----------------------===//

#include "mdf/Support/Json.h"
#include "mdf/Support/Limits.h"
#include "llvm/ADT/StringExtras.h"
#include <nlohmann/json.hpp>
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

/// A `const char *` that publishes how far nlohmann's lexer has read, so
/// the SAX handler can place each value in the text.
class CountingIterator {
public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char *;
  using reference = const char &;

  CountingIterator(const char *at, const char **shared)
      : at(at), shared(shared) {}
  reference operator*() const { return *at; }
  CountingIterator &operator++() {
    *shared = ++at;
    return *this;
  }
  CountingIterator operator++(int) {
    CountingIterator before = *this;
    ++*this;
    return before;
  }
  bool operator==(const CountingIterator &other) const {
    return at == other.at;
  }
  bool operator!=(const CountingIterator &other) const {
    return at != other.at;
  }

private:
  const char *at;
  const char **shared;
};

/// Builds the order-keeping document from nlohmann_json's SAX events. A
/// value starts at the first character after the previous event's end that
/// is not blank or a separator (the lexer reads one character past a
/// number, which is always a blank or a separator).
class DocumentBuilder : public nlohmann::json_sax<nlohmann::json> {
public:
  DocumentBuilder(llvm::StringRef text, const char **readUpTo)
      : text(text), readUpTo(readUpTo), eventEnd(text.data()) {}

  Value result;
  std::string error;

  bool null() override { return scalar(Value()); }
  bool boolean(bool value) override {
    Value v;
    v.kind = Value::Kind::Bool;
    v.boolean = value;
    return scalar(std::move(v));
  }
  bool number_integer(number_integer_t value) override {
    Value v;
    v.kind = Value::Kind::Integer;
    v.integer = value;
    return scalar(std::move(v));
  }
  bool number_unsigned(number_unsigned_t value) override {
    Value v;
    if (value <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      v.kind = Value::Kind::Integer;
      v.integer = static_cast<int64_t>(value);
    } else {
      v.kind = Value::Kind::Number;
      v.number = static_cast<double>(value);
    }
    return scalar(std::move(v));
  }
  bool number_float(number_float_t value, const string_t &spelling) override {
    Value v;
    v.kind = Value::Kind::Number;
    v.number = value;
    // Too small a magnitude reads as 0 (as in Python); too large is refused.
    if (std::isinf(value))
      return fail(start(), "the number '" + spelling +
                               "' is out of the range of a double");
    return scalar(std::move(v));
  }
  bool string(string_t &value) override {
    Value v;
    v.kind = Value::Kind::String;
    v.string = std::move(value);
    return scalar(std::move(v));
  }
  bool binary(binary_t &) override {
    return fail(start(), "binary values are not JSON");
  }
  bool start_object(std::size_t) override {
    Value v;
    v.kind = Value::Kind::Object;
    return open(std::move(v));
  }
  bool key(string_t &name) override {
    start(); // the key's own position is not kept
    stack.back().key = std::move(name);
    return true;
  }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override {
    Value v;
    v.kind = Value::Kind::Array;
    return open(std::move(v));
  }
  bool end_array() override { return close(); }

  bool parse_error(std::size_t position, const std::string &lastToken,
                   const nlohmann::detail::exception &ex) override {
    if (!error.empty())
      return false; // a message of ours stopped the parser
    const char *at = text.data() + std::min(position, text.size());
    // The lexer's last token may start with what it read before it.
    llvm::StringRef token = llvm::StringRef(lastToken).trim();
    if (size_t cut = token.find_last_of(" \t\n\r,:[{");
        cut != llvm::StringRef::npos)
      token = token.drop_front(cut + 1);
    // Python's json module writes these unless allow_nan=False; they are
    // not JSON, and MDF gives them no meaning.
    llvm::StringRef word = token.starts_with("N")    ? "NaN"
                           : token.starts_with("I")  ? "Infinity"
                           : token.starts_with("-I") ? "-Infinity"
                                                     : "";
    if (!word.empty())
      return fail(at, "'" + word.str() +
                          "' is not a JSON number (write a finite number; "
                          "Python's json.dump(..., allow_nan=False) refuses "
                          "to write it)");
    llvm::StringRef what = ex.what();
    size_t colon = what.find(": ", what.find("column"));
    if (colon != llvm::StringRef::npos)
      what = what.drop_front(colon + 2);
    if (size_t overflow = what.find("number overflow parsing '");
        overflow != llvm::StringRef::npos) {
      llvm::StringRef number =
          what.drop_front(overflow + strlen("number overflow parsing '"))
              .split('\'')
              .first;
      return fail(at, "the number '" + number.str() +
                          "' is out of the range of a double");
    }
    if (what.contains("ill-formed UTF-8"))
      return fail(at, "the string is not valid UTF-8 (" + what.str() + ")");
    if (lastToken.empty() || what.contains("unexpected end of input"))
      return fail(at, "unexpected end of the file (" + what.str() + ")");
    return fail(at, what.str());
  }

private:
  llvm::StringRef text;
  const char **readUpTo;
  const char *eventEnd;
  /// An open array or object, with the key its next member goes under.
  struct Frame {
    Value value;
    std::string key;
  };
  std::vector<Frame> stack;

  /// Where the token of the current event starts; moves past it.
  const char *start() {
    const char *at = eventEnd, *end = text.data() + text.size();
    while (at < end && (*at == ' ' || *at == '\t' || *at == '\n' ||
                        *at == '\r' || *at == ',' || *at == ':'))
      ++at;
    eventEnd = *readUpTo;
    return at;
  }
  void place(Value &value, const char *at) {
    std::pair<unsigned, unsigned> lc = lineColumn(at);
    value.line = lc.first;
    value.column = lc.second;
  }
  std::pair<unsigned, unsigned> lineColumn(const char *at) const {
    llvm::StringRef before = text.take_front(at - text.data());
    unsigned line = 1 + before.count('\n');
    size_t lineStart = before.rfind('\n');
    unsigned column =
        1 + (lineStart == llvm::StringRef::npos ? before.size()
                                                : before.size() - lineStart - 1);
    return {line, column};
  }
  bool fail(const char *at, const std::string &message) {
    std::pair<unsigned, unsigned> lc = lineColumn(at);
    error = std::to_string(lc.first) + ":" + std::to_string(lc.second) +
            ": " + message;
    return false;
  }
  /// Appends `value` to the open array or object (under the object's last
  /// key), or makes it the result.
  void attach(Value value) {
    if (stack.empty()) {
      result = std::move(value);
      return;
    }
    Frame &parent = stack.back();
    if (parent.value.isArray())
      parent.value.elements.push_back(std::move(value));
    else
      parent.value.members.emplace_back(std::move(parent.key),
                                        std::move(value));
  }
  bool scalar(Value value) {
    place(value, start());
    attach(std::move(value));
    return true;
  }
  bool open(Value value) {
    const char *at = start();
    if (stack.size() >= mlir::mdf::kMaxNestingDepth)
      return fail(at, "arrays and objects nest deeper than " +
                          std::to_string(mlir::mdf::kMaxNestingDepth) +
                          " levels, the most mdf reads");
    place(value, at);
    stack.push_back({std::move(value), {}});
    return true;
  }
  bool close() {
    eventEnd = *readUpTo;
    Value value = std::move(stack.back().value);
    stack.pop_back();
    attach(std::move(value));
    return true;
  }
};

} // namespace

llvm::Expected<mlir::mdf::json::Value>
mlir::mdf::json::parse(llvm::StringRef text) {
  const char *readUpTo = text.data();
  DocumentBuilder builder(text, &readUpTo);
  bool parsed = false;
  try {
    parsed = nlohmann::json::sax_parse(
        CountingIterator(text.data(), &readUpTo),
        CountingIterator(text.data() + text.size(), &readUpTo), &builder,
        nlohmann::json::input_format_t::json, /*strict=*/true,
        /*ignore_comments=*/false);
  } catch (const std::exception &ex) {
    return llvm::createStringError(std::string("1:1: ") + ex.what());
  }
  if (!parsed)
    return llvm::createStringError(
        builder.error.empty() ? std::string("1:1: cannot read the JSON")
                              : builder.error);
  return std::move(builder.result);
}

template <typename T> static std::string formatShortest(T value) {
  if (std::isnan(value))
    return "nan";
  if (std::isinf(value))
    return value > 0 ? "inf" : "-inf";
  char buffer[64];
  // Python switches to exponent notation below 1e-4 and from 1e16 on.
  T magnitude = std::fabs(value);
  bool scientific = magnitude != 0 && (magnitude < T(1e-4) || magnitude >= T(1e16));
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value,
                                 scientific ? std::chars_format::scientific
                                            : std::chars_format::fixed);
  std::string text(buffer, end);
  // to_chars pads the exponent to two digits ("1e-10", "1.5e+20") as
  // Python does.
  if (!scientific && text.find('.') == std::string::npos)
    text += ".0";
  return text;
}

std::string mlir::mdf::json::formatDouble(double value) {
  return formatShortest(value);
}

std::string mlir::mdf::json::formatFloat(float value) {
  return formatShortest(value);
}
