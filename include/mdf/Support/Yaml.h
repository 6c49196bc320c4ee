//===- Yaml.h - YAML files as order-keeping documents -----------*- C++ -*-===//
//
// Reads YAML (through yaml-cpp) into the same document model as JSON
// (mdf/Support/Json.h), so importers read both file formats with one code
// path: mappings keep their order, every value knows its line and column,
// and plain scalars resolve as YAML 1.2's core schema says (null, booleans,
// integers, floats, else strings); quoted scalars are strings.
//
//===----------------------------------------------------------------------===//

#ifndef MDF_SUPPORT_YAML_H
#define MDF_SUPPORT_YAML_H

#include "mdf/Support/Json.h"

namespace mlir::mdf::yaml {

/// Parses the first document of `text`. A syntax error reads
/// "LINE:COLUMN: what is wrong". Anchors and aliases are expanded (within a
/// limit proportional to the text, so alias bombs are refused); tags other
/// than YAML's standard ones and `!!python/tuple` (read as a list) are an
/// error naming the tag.
llvm::Expected<json::Value> parse(StringRef text);

} // namespace mlir::mdf::yaml

#endif // MDF_SUPPORT_YAML_H
