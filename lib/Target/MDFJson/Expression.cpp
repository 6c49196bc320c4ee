//===- Expression.cpp - MDF expressions: parsing --------------------------===//

#include "Expression.h"
#include "mdf/Support/Limits.h"
#include "llvm/ADT/StringExtras.h"
#include <charconv>

using namespace mlir::mdf;

namespace {

struct Token {
  enum class Kind { End, Number, Name, Operator };
  Kind kind = Kind::End;
  std::string text;
  double number = 0;
  unsigned column = 1;
};

/// A recursive-descent parser following Python's grammar for the subset.
class Parser {
public:
  explicit Parser(llvm::StringRef source) : source(source) {}

  std::unique_ptr<Expr> parse(std::string &error) {
    if (!tokenize()) {
      error = message;
      return nullptr;
    }
    std::unique_ptr<Expr> expr = parseOr();
    if (expr && current().kind != Token::Kind::End) {
      fail("unexpected '" + current().text + "'");
      expr.reset();
    }
    if (!expr)
      error = message;
    return expr;
  }

private:
  llvm::StringRef source;
  std::vector<Token> tokens;
  size_t index = 0;
  std::string message;

  std::nullptr_t fail(const std::string &what, unsigned column = 0) {
    if (message.empty())
      message = what + " at column " +
                std::to_string(column ? column : current().column);
    return nullptr;
  }

  bool tokenize() {
    size_t pos = 0;
    while (pos < source.size()) {
      char c = source[pos];
      unsigned column = pos + 1;
      if (c == ' ' || c == '\t') {
        ++pos;
        continue;
      }
      Token token;
      token.column = column;
      if (llvm::isDigit(c) ||
          (c == '.' && pos + 1 < source.size() &&
           llvm::isDigit(source[pos + 1]))) {
        size_t end = pos;
        while (end < source.size() &&
               (llvm::isDigit(source[end]) || source[end] == '.'))
          ++end;
        if (end < source.size() && (source[end] == 'e' || source[end] == 'E')) {
          size_t exponent = end + 1;
          if (exponent < source.size() &&
              (source[exponent] == '+' || source[exponent] == '-'))
            ++exponent;
          if (exponent < source.size() && llvm::isDigit(source[exponent])) {
            end = exponent;
            while (end < source.size() && llvm::isDigit(source[end]))
              ++end;
          }
        }
        llvm::StringRef text = source.slice(pos, end);
        auto [last, ec] =
            std::from_chars(text.begin(), text.end(), token.number);
        if (ec != std::errc() || last != text.end()) {
          message = "invalid number '" + text.str() + "' at column " +
                    std::to_string(column);
          return false;
        }
        token.kind = Token::Kind::Number;
        token.text = text.str();
        pos = end;
      } else if (llvm::isAlpha(c) || c == '_') {
        size_t end = pos;
        while (end < source.size() &&
               (llvm::isAlnum(source[end]) || source[end] == '_' ||
                (source[end] == '.' && end + 1 < source.size() &&
                 (llvm::isAlpha(source[end + 1]) || source[end + 1] == '_'))))
          ++end;
        token.kind = Token::Kind::Name;
        token.text = source.slice(pos, end).str();
        pos = end;
      } else {
        static const char *operators[] = {"**", "//", "==", "!=", "<=", ">=",
                                          "+",  "-",  "*",  "/",  "%",  "@",
                                          "<",  ">",  "(",  ")",  "[",  "]",
                                          ","};
        bool matched = false;
        for (const char *op : operators) {
          if (source.substr(pos).starts_with(op)) {
            token.kind = Token::Kind::Operator;
            token.text = op;
            pos += token.text.size();
            matched = true;
            break;
          }
        }
        if (!matched) {
          message = std::string("unexpected character '") + c +
                    "' at column " + std::to_string(column);
          return false;
        }
      }
      tokens.push_back(std::move(token));
    }
    Token end;
    end.column = source.size() + 1;
    end.text = "end of expression";
    tokens.push_back(end);
    return true;
  }

  const Token &current() const { return tokens[index]; }
  bool isOperator(llvm::StringRef op) const {
    return current().kind == Token::Kind::Operator && current().text == op;
  }
  bool isKeyword(llvm::StringRef word) const {
    return current().kind == Token::Kind::Name && current().text == word;
  }

  /// Adds `operand` to `node`; false (after reporting) when the tree grows
  /// higher than the limit.
  bool attach(Expr &node, std::unique_ptr<Expr> operand) {
    node.height = std::max(node.height, operand->height + 1);
    node.operands.push_back(std::move(operand));
    if (node.height <= kMaxNestingDepth)
      return true;
    fail("the expression nests deeper than " +
             std::to_string(kMaxNestingDepth) +
             " levels (parentheses, unary operators or a chain of binary "
             "operators), the most mdf reads",
         node.column);
    return false;
  }

  /// Counts the parser's recursion; refuses input nested beyond the limit
  /// before the stack runs out.
  struct DepthGuard {
    explicit DepthGuard(Parser &parser) : parser(parser) { ++parser.depth; }
    ~DepthGuard() { --parser.depth; }
    bool tooDeep() const { return parser.depth > kMaxNestingDepth; }
    Parser &parser;
  };
  unsigned depth = 0;
  std::nullptr_t failTooDeep() {
    return fail("the expression nests deeper than " +
                std::to_string(kMaxNestingDepth) +
                " levels, the most mdf reads");
  }

  static bool isLiteralZero(const Expr &expr) {
    if (expr.kind == Expr::Kind::Unary && expr.text != "not")
      return isLiteralZero(*expr.operands[0]);
    return expr.kind == Expr::Kind::Number && expr.number == 0;
  }

  static std::unique_ptr<Expr> make(Expr::Kind kind, std::string text,
                                    unsigned column) {
    auto expr = std::make_unique<Expr>();
    expr->kind = kind;
    expr->text = std::move(text);
    expr->column = column;
    return expr;
  }

  /// Parses `expr, expr, ...` (possibly empty) into the operands of
  /// `into`, then the `close` token. False after reporting an error.
  bool parseElements(Expr &into, llvm::StringRef close) {
    if (!isOperator(close)) {
      while (true) {
        auto element = parseOr();
        if (!element || !attach(into, std::move(element)))
          return false;
        if (!isOperator(","))
          break;
        ++index;
      }
    }
    if (!isOperator(close)) {
      fail(("expected '" + close + "'").str());
      return false;
    }
    ++index;
    return true;
  }

  std::unique_ptr<Expr> parseOr() {
    DepthGuard guard(*this);
    if (guard.tooDeep())
      return failTooDeep();
    return parseLogical("or", &Parser::parseAnd);
  }
  std::unique_ptr<Expr> parseAnd() {
    return parseLogical("and", &Parser::parseNot);
  }

  /// A left-associative chain `operand (word operand)*`.
  std::unique_ptr<Expr> parseLogical(llvm::StringRef word,
                                     std::unique_ptr<Expr> (Parser::*operand)()) {
    auto lhs = (this->*operand)();
    while (lhs && isKeyword(word)) {
      unsigned column = current().column;
      ++index;
      auto rhs = (this->*operand)();
      if (!rhs)
        return nullptr;
      auto node = make(Expr::Kind::Logical, word.str(), column);
      if (!attach(*node, std::move(lhs)) || !attach(*node, std::move(rhs)))
        return nullptr;
      lhs = std::move(node);
    }
    return lhs;
  }

  std::unique_ptr<Expr> parseNot() {
    if (isKeyword("not")) {
      DepthGuard guard(*this);
      if (guard.tooDeep())
        return failTooDeep();
      unsigned column = current().column;
      ++index;
      auto operand = parseNot();
      if (!operand)
        return nullptr;
      auto node = make(Expr::Kind::Unary, "not", column);
      if (!attach(*node, std::move(operand)))
        return nullptr;
      return node;
    }
    return parseComparison();
  }

  bool isComparison() const {
    return isOperator("<") || isOperator(">") || isOperator("<=") ||
           isOperator(">=") || isOperator("==") || isOperator("!=");
  }

  /// `a < b <= c` means `(a < b) and (b <= c)`; the middle operand is
  /// parsed once and shared by copying its tree.
  std::unique_ptr<Expr> parseComparison() {
    auto lhs = parseArithmetic();
    if (!lhs || !isComparison())
      return lhs;
    std::unique_ptr<Expr> result;
    while (isComparison()) {
      std::string op = current().text;
      unsigned column = current().column;
      ++index;
      auto rhs = parseArithmetic();
      if (!rhs)
        return nullptr;
      auto node = make(Expr::Kind::Compare, op, column);
      if (!attach(*node, std::move(lhs)) || !attach(*node, clone(*rhs)))
        return nullptr;
      lhs = std::move(rhs);
      if (!result) {
        result = std::move(node);
      } else {
        auto both = make(Expr::Kind::Logical, "and", column);
        if (!attach(*both, std::move(result)) ||
            !attach(*both, std::move(node)))
          return nullptr;
        result = std::move(both);
      }
    }
    return result;
  }

  static std::unique_ptr<Expr> clone(const Expr &expr) {
    auto copy = std::make_unique<Expr>();
    copy->kind = expr.kind;
    copy->number = expr.number;
    copy->text = expr.text;
    copy->column = expr.column;
    copy->height = expr.height;
    for (const auto &operand : expr.operands)
      copy->operands.push_back(clone(*operand));
    return copy;
  }

  std::unique_ptr<Expr> parseArithmetic() {
    auto lhs = parseTerm();
    while (lhs && (isOperator("+") || isOperator("-"))) {
      auto node = make(Expr::Kind::Binary, current().text, current().column);
      ++index;
      auto rhs = parseTerm();
      if (!rhs || !attach(*node, std::move(lhs)) ||
          !attach(*node, std::move(rhs)))
        return nullptr;
      lhs = std::move(node);
    }
    return lhs;
  }

  std::unique_ptr<Expr> parseTerm() {
    auto lhs = parseFactor();
    while (lhs && (isOperator("*") || isOperator("/") || isOperator("//") ||
                   isOperator("%") || isOperator("@"))) {
      auto node = make(Expr::Kind::Binary, current().text, current().column);
      ++index;
      auto rhs = parseFactor();
      if (!rhs)
        return nullptr;
      if (node->text != "*" && node->text != "@" && isLiteralZero(*rhs))
        return fail("division by zero ('" + node->text +
                        " 0'; Python raises ZeroDivisionError)",
                    node->column);
      if (!attach(*node, std::move(lhs)) || !attach(*node, std::move(rhs)))
        return nullptr;
      lhs = std::move(node);
    }
    return lhs;
  }

  std::unique_ptr<Expr> parseFactor() {
    if (isOperator("-") || isOperator("+")) {
      DepthGuard guard(*this);
      if (guard.tooDeep())
        return failTooDeep();
      auto node = make(Expr::Kind::Unary, current().text, current().column);
      ++index;
      auto operand = parseFactor();
      if (!operand || !attach(*node, std::move(operand)))
        return nullptr;
      return node;
    }
    return parsePower();
  }

  std::unique_ptr<Expr> parsePower() {
    auto base = parsePostfix();
    if (base && isOperator("**")) {
      auto node = make(Expr::Kind::Binary, "**", current().column);
      ++index;
      auto exponent = parseFactor(); // right-associative, binds unary minus
      if (!exponent || !attach(*node, std::move(base)) ||
          !attach(*node, std::move(exponent)))
        return nullptr;
      return node;
    }
    return base;
  }

  std::unique_ptr<Expr> parsePostfix() {
    auto expr = parseAtom();
    while (expr && (isOperator("(") || isOperator("["))) {
      if (isOperator("(")) {
        if (expr->kind != Expr::Kind::Name)
          return fail("only named functions can be called");
        unsigned column = expr->column;
        auto call = make(Expr::Kind::Call, expr->text, column);
        ++index;
        if (!parseElements(*call, ")"))
          return nullptr;
        expr = std::move(call);
      } else {
        auto node = make(Expr::Kind::Index, "[]", current().column);
        ++index;
        auto subscript = parseOr();
        if (!subscript)
          return nullptr;
        if (!isOperator("]"))
          return fail("expected ']'");
        ++index;
        if (!attach(*node, std::move(expr)) ||
            !attach(*node, std::move(subscript)))
          return nullptr;
        expr = std::move(node);
      }
    }
    return expr;
  }

  std::unique_ptr<Expr> parseAtom() {
    const Token &token = current();
    switch (token.kind) {
    case Token::Kind::Number: {
      auto node = make(Expr::Kind::Number, token.text, token.column);
      node->number = token.number;
      ++index;
      return node;
    }
    case Token::Kind::Name: {
      if (token.text == "and" || token.text == "or" || token.text == "not")
        return fail("unexpected '" + token.text + "'");
      if (token.text == "True" || token.text == "False") {
        auto node = make(Expr::Kind::Number, token.text, token.column);
        node->number = token.text == "True";
        ++index;
        return node;
      }
      auto node = make(Expr::Kind::Name, token.text, token.column);
      ++index;
      return node;
    }
    case Token::Kind::Operator:
      if (token.text == "(") {
        ++index;
        auto inner = parseOr();
        if (!inner)
          return nullptr;
        if (!isOperator(")"))
          return fail("expected ')'");
        ++index;
        return inner;
      }
      if (token.text == "[") {
        auto list = make(Expr::Kind::List, "[]", token.column);
        ++index;
        return parseElements(*list, "]") ? std::move(list) : nullptr;
      }
      return fail("unexpected '" + token.text + "'");
    case Token::Kind::End:
      return fail("unexpected end of expression");
    }
    return nullptr;
  }
};

} // namespace

llvm::Expected<std::unique_ptr<Expr>>
mlir::mdf::parseExpression(llvm::StringRef source) {
  std::string error;
  std::unique_ptr<Expr> expr = Parser(source).parse(error);
  if (!expr)
    return llvm::createStringError(error);
  return std::move(expr);
}

void mlir::mdf::collectNames(const Expr &expr,
                             std::vector<std::string> &names) {
  if (expr.kind == Expr::Kind::Name)
    names.push_back(expr.text);
  for (const auto &operand : expr.operands)
    collectNames(*operand, names);
}
