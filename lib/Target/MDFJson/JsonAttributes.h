//===- JsonAttributes.h - JSON values as MLIR attributes --------*- C++ -*-===//
//
// The structure ops keep MDF fields as attributes: integers as i64, other
// numbers as f64, rectangular numeric arrays as dense elements (f64 when any
// element is a float), other arrays as array attributes, objects as
// dictionaries. The mapping is reversible, which makes import ► export ►
// import reproduce the same IR.
//
//===----------------------------------------------------------------------===//

#ifndef MDF_LIB_TARGET_MDFJSON_JSONATTRIBUTES_H
#define MDF_LIB_TARGET_MDFJSON_JSONATTRIBUTES_H

#include "mdf/Support/Json.h"
#include "mlir/IR/Attributes.h"
#include "llvm/Support/JSON.h"

namespace mlir::mdf {

/// `value` as an attribute (see the file comment).
Attribute jsonToAttribute(const json::Value &value, MLIRContext *context);

/// Writes `attr` (made by jsonToAttribute, or a dense f32/f64/i64 array)
/// as JSON; false for attributes JSON cannot hold.
bool writeAttributeAsJson(Attribute attr, llvm::json::OStream &out);

/// The numbers of a literal number or rectangular numeric array, with its
/// shape, or false when `value` is neither.
bool getNumericLiteral(const json::Value &value, std::vector<double> &values,
                       SmallVectorImpl<int64_t> &shape);

/// Why `value` is not a numeric literal, for messages: "a string", "a
/// ragged array ([1] has 3 elements, [0] has 2)", "an array with a string
/// at [0][2]", "an empty array".
std::string describeNonNumericLiteral(const json::Value &value);

/// Bookkeeping for flattening nested lists row-major: the list at `depth`
/// has `size` elements. Records the size of a new dimension, or checks it
/// against the one recorded; false when the nesting is ragged (also when a
/// new dimension starts after values were already taken).
bool recordListSize(SmallVectorImpl<int64_t> &shape, size_t depth,
                    int64_t size, bool haveValues);

} // namespace mlir::mdf

#endif // MDF_LIB_TARGET_MDFJSON_JSONATTRIBUTES_H
