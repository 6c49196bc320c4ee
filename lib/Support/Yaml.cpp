//===- Yaml.cpp - YAML files as order-keeping documents -------------------===//
//
// yaml-cpp parses; this file checks the nesting first (yaml-cpp 0.7 recurses
// once per level with no limit of its own), converts the node tree into
// json::Value, and resolves plain scalars by YAML 1.2's core schema.
//
//===----------------------------------------------------------------------===//

#include "mdf/Support/Yaml.h"
#include "mdf/Support/Limits.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/ConvertUTF.h"
#include <charconv>
#include <cmath>
#include <limits>
#include <yaml-cpp/yaml.h>

using namespace mlir::mdf;
using json::Value;

namespace {

/// "LINE:COLUMN: message" for a 0-based yaml-cpp mark.
llvm::Error errorAt(const YAML::Mark &mark, const llvm::Twine &message) {
  int line = mark.is_null() ? 0 : mark.line, column = mark.is_null() ? 0
                                                                     : mark.column;
  return llvm::createStringError(std::to_string(line + 1) + ":" +
                                 std::to_string(column + 1) + ": " +
                                 message.str());
}

/// The deepest nesting of `text`: block levels (indentation steps and
/// compact `- ` entries) plus flow brackets, outside quoted scalars and
/// comments. Fails at the first place deeper than kMaxNestingDepth.
llvm::Error checkNesting(llvm::StringRef text) {
  std::vector<unsigned> indents; // block levels open on the current line
  unsigned flow = 0;
  char quote = 0;
  unsigned line = 0;
  for (llvm::StringRef rest = text; !rest.empty() || line == 0;) {
    auto [lineText, next] = rest.split('\n');
    rest = next;
    ++line;
    size_t i = 0;
    if (!quote && flow == 0) {
      size_t indent = lineText.find_first_not_of(' ');
      if (indent == llvm::StringRef::npos || lineText[indent] == '#') {
        if (rest.empty())
          break;
        continue;
      }
      while (!indents.empty() && indents.back() >= indent)
        indents.pop_back();
      indents.push_back(indent);
      i = indent;
      // Compact nested sequences: "- - - x" opens one level per dash.
      while (i + 1 < lineText.size() && lineText[i] == '-' &&
             lineText[i + 1] == ' ') {
        i = lineText.find_first_not_of(' ', i + 1);
        if (i == llvm::StringRef::npos)
          i = lineText.size();
        indents.push_back(i);
      }
    }
    bool scalarStart = true; // where a quote opens a quoted scalar
    for (; i < lineText.size(); ++i) {
      char c = lineText[i];
      if (quote == '"') {
        if (c == '\\')
          ++i;
        else if (c == '"')
          quote = 0;
        continue;
      }
      if (quote == '\'') {
        if (c == '\'' && i + 1 < lineText.size() && lineText[i + 1] == '\'')
          ++i;
        else if (c == '\'')
          quote = 0;
        continue;
      }
      if (c == '#' && (i == 0 || lineText[i - 1] == ' '))
        break;
      if ((c == '"' || c == '\'') && scalarStart) {
        quote = c;
        continue;
      }
      if (c == '[' || c == '{') {
        ++flow;
      } else if ((c == ']' || c == '}') && flow > 0) {
        --flow;
      }
      if (indents.size() + flow > kMaxNestingDepth)
        return llvm::createStringError(
            std::to_string(line) + ":" + std::to_string(i + 1) +
            ": mappings, sequences and brackets nest deeper than " +
            std::to_string(kMaxNestingDepth) + " levels, the most mdf reads");
      if (c != ' ')
        scalarStart = c == '[' || c == '{' || c == ',' || c == ':' ||
                      c == '-' || c == '?';
    }
    if (indents.size() + flow > kMaxNestingDepth)
      return llvm::createStringError(
          std::to_string(line) +
          ":1: mappings, sequences and brackets nest deeper than " +
          std::to_string(kMaxNestingDepth) + " levels, the most mdf reads");
    if (rest.empty())
      break;
  }
  return llvm::Error::success();
}

bool isCoreInteger(llvm::StringRef s) {
  llvm::StringRef digits = s;
  if (digits.consume_front("0x"))
    return !digits.empty() && llvm::all_of(digits, llvm::isHexDigit);
  if (digits.consume_front("0o"))
    return !digits.empty() &&
           llvm::all_of(digits, [](char c) { return c >= '0' && c <= '7'; });
  if (!digits.empty() && (digits[0] == '-' || digits[0] == '+'))
    digits = digits.drop_front();
  return !digits.empty() && llvm::all_of(digits, llvm::isDigit);
}

/// [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
bool isCoreFloat(llvm::StringRef s) {
  if (!s.empty() && (s[0] == '-' || s[0] == '+'))
    s = s.drop_front();
  size_t before = s.size();
  s = s.drop_while(llvm::isDigit);
  bool intPart = s.size() != before;
  bool fracPart = false;
  if (s.consume_front(".")) {
    size_t n = s.size();
    s = s.drop_while(llvm::isDigit);
    fracPart = s.size() != n;
  }
  if (!intPart && !fracPart)
    return false;
  if (!s.empty() && (s[0] == 'e' || s[0] == 'E')) {
    s = s.drop_front();
    if (!s.empty() && (s[0] == '-' || s[0] == '+'))
      s = s.drop_front();
    size_t n = s.size();
    s = s.drop_while(llvm::isDigit);
    if (s.size() == n)
      return false;
  }
  return s.empty();
}

class Converter {
public:
  explicit Converter(size_t budget) : budget(budget) {}

  llvm::Error convert(const YAML::Node &node, Value &out, unsigned depth) {
    if (budget == 0)
      return errorAt(node.Mark(),
                     "the document expands (through aliases) to more values "
                     "than mdf reads from a file this size");
    --budget;
    if (depth > kMaxNestingDepth)
      return errorAt(node.Mark(), "mappings and sequences nest deeper than " +
                                      std::to_string(kMaxNestingDepth) +
                                      " levels, the most mdf reads");
    YAML::Mark mark = node.Mark();
    out.line = mark.is_null() ? 0 : mark.line + 1;
    out.column = mark.is_null() ? 0 : mark.column + 1;
    const std::string &tag = node.Tag();
    switch (node.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null:
      out.kind = Value::Kind::Null;
      return llvm::Error::success();
    case YAML::NodeType::Scalar:
      return scalar(node, out);
    case YAML::NodeType::Sequence:
      if (!standardTag(tag, "seq") && tag != "tag:yaml.org,2002:python/tuple")
        return unsupportedTag(node);
      out.kind = Value::Kind::Array;
      for (const YAML::Node &element : node) {
        out.elements.emplace_back();
        if (llvm::Error error = convert(element, out.elements.back(),
                                        depth + 1))
          return error;
      }
      return llvm::Error::success();
    case YAML::NodeType::Map:
      if (!standardTag(tag, "map"))
        return unsupportedTag(node);
      out.kind = Value::Kind::Object;
      for (const auto &member : node) {
        if (!member.first.IsScalar())
          return errorAt(member.first.Mark(),
                         "a mapping key must be a plain value (mdf reads "
                         "MDF's keys: ids and field names)");
        out.members.emplace_back(member.first.Scalar(), Value());
        if (llvm::Error error =
                convert(member.second, out.members.back().second, depth + 1))
          return error;
      }
      return llvm::Error::success();
    }
    return errorAt(mark, "unexpected YAML node");
  }

private:
  size_t budget;

  static bool standardTag(const std::string &tag, llvm::StringRef kind) {
    return tag.empty() || tag == "?" || tag == "!" ||
           tag == ("tag:yaml.org,2002:" + kind).str();
  }
  static llvm::Error unsupportedTag(const YAML::Node &node) {
    return errorAt(node.Mark(), "the YAML tag '" + node.Tag() +
                                    "' has no meaning in MDF (write the "
                                    "value without it)");
  }

  llvm::Error scalar(const YAML::Node &node, Value &out) {
    const std::string &text = node.Scalar();
    const std::string &tag = node.Tag();
    llvm::StringRef s(text);
    // Quoted scalars ("!") and explicit strings are strings.
    if (tag == "!" || tag == "tag:yaml.org,2002:str") {
      out.kind = Value::Kind::String;
      out.string = text;
      return llvm::Error::success();
    }
    bool plain = tag.empty() || tag == "?";
    auto is = [&](llvm::StringRef kind) {
      return plain || tag == ("tag:yaml.org,2002:" + kind).str();
    };
    if (!plain && !is("null") && !is("bool") && !is("int") && !is("float"))
      return unsupportedTag(node);
    if (is("null") && (s.empty() || s == "~" || s == "null" ||
                       s == "Null" || s == "NULL")) {
      out.kind = Value::Kind::Null;
      return llvm::Error::success();
    }
    if (is("bool")) {
      if (s == "true" || s == "True" || s == "TRUE" || s == "false" ||
          s == "False" || s == "FALSE") {
        out.kind = Value::Kind::Bool;
        out.boolean = s[0] == 't' || s[0] == 'T';
        return llvm::Error::success();
      }
    }
    if (is("int") && isCoreInteger(s)) {
      llvm::StringRef digits = s;
      unsigned radix = 10;
      if (digits.consume_front("0x"))
        radix = 16;
      else if (digits.consume_front("0o"))
        radix = 8;
      bool negative = digits.consume_front("-");
      if (!negative)
        digits.consume_front("+");
      uint64_t magnitude;
      if (!digits.getAsInteger(radix, magnitude) &&
          magnitude <= static_cast<uint64_t>(
                           std::numeric_limits<int64_t>::max())) {
        out.kind = Value::Kind::Integer;
        out.integer = negative ? -static_cast<int64_t>(magnitude)
                               : static_cast<int64_t>(magnitude);
        return llvm::Error::success();
      }
      if (radix == 10)
        return number(node, text, out);
    }
    if (is("float")) {
      std::string folded = s.lower();
      llvm::StringRef f(folded);
      bool negative = f.consume_front("-");
      if (!negative)
        f.consume_front("+");
      if (f == ".inf" || (f == ".nan" && folded[0] == '.')) {
        out.kind = Value::Kind::Number;
        out.number = f == ".nan" ? std::numeric_limits<double>::quiet_NaN()
                     : negative  ? -std::numeric_limits<double>::infinity()
                                 : std::numeric_limits<double>::infinity();
        return llvm::Error::success();
      }
      if (isCoreFloat(s))
        return number(node, text, out);
    }
    if (!plain)
      return errorAt(node.Mark(), "'" + text + "' is not a valid " +
                                      llvm::StringRef(tag).rsplit(':').second +
                                      " value");
    out.kind = Value::Kind::String;
    out.string = text;
    return llvm::Error::success();
  }

  llvm::Error number(const YAML::Node &node, const std::string &text,
                     Value &out) {
    out.kind = Value::Kind::Number;
    out.number = std::strtod(text.c_str(), nullptr);
    // Too small a magnitude reads as 0 (as in Python); too large is refused.
    if (std::isinf(out.number))
      return errorAt(node.Mark(), "the number '" + text +
                                      "' is out of the range of a double");
    return llvm::Error::success();
  }
};

/// YAML is printable Unicode text: valid UTF-8 without C0 controls other
/// than tab, line feed and carriage return.
llvm::Error checkText(llvm::StringRef text) {
  const auto *begin = reinterpret_cast<const llvm::UTF8 *>(text.data());
  const llvm::UTF8 *at = begin;
  bool legal = llvm::isLegalUTF8String(&at, begin + text.size());
  size_t bad = legal ? text.size() : at - begin;
  for (size_t i = 0; i < bad; ++i) {
    unsigned char c = text[i];
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
      bad = i;
      legal = false;
      break;
    }
  }
  if (legal)
    return llvm::Error::success();
  llvm::StringRef before = text.take_front(bad);
  size_t lineStart = before.rfind('\n');
  size_t column = lineStart == llvm::StringRef::npos ? bad : bad - lineStart - 1;
  return llvm::createStringError(
      std::to_string(1 + before.count('\n')) + ":" +
      std::to_string(column + 1) +
      ": the file is not YAML text (byte " + std::to_string(bad) +
      " is a control character or not valid UTF-8)");
}

} // namespace

llvm::Expected<Value> mlir::mdf::yaml::parse(llvm::StringRef text) {
  if (llvm::Error error = checkText(text))
    return std::move(error);
  if (llvm::Error error = checkNesting(text))
    return std::move(error);
  YAML::Node root;
  try {
    root = YAML::Load(text.str());
  } catch (const YAML::Exception &ex) {
    return errorAt(ex.mark, ex.msg);
  } catch (const std::exception &ex) {
    return llvm::createStringError(std::string("1:1: ") + ex.what());
  }
  Value result;
  // Aliases share nodes; expanded, a few lines can stand for billions of
  // values. Allow what a file of this size could spell out, and then some.
  size_t budget = std::max<size_t>(size_t(1) << 20, 16 * text.size());
  try {
    if (llvm::Error error = Converter(budget).convert(root, result, 0))
      return std::move(error);
  } catch (const std::exception &ex) {
    return llvm::createStringError(std::string("1:1: ") + ex.what());
  }
  return std::move(result);
}
