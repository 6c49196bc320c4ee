//===- Npy.cpp - numpy .npy arrays ------------------------------*- C++ -*-===//
//
// This file implements the .npy reader and writer.
//
//===----------------------------------------------------------------------===//

#include "mdf/Support/Npy.h"
#include "mdf/Support/Limits.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>

using namespace mlir;
using namespace mlir::mdf;

size_t mlir::mdf::getElementByteSize(Type type) {
  return type.isInteger(1) ? 1 : type.getIntOrFloatBitWidth() / 8;
}

static Type elementTypeFor(StringRef descr, MLIRContext *context) {
  if (descr == "<f4")
    return Float32Type::get(context);
  if (descr == "<f8")
    return Float64Type::get(context);
  if (descr == "<f2")
    return Float16Type::get(context);
  if (descr == "<i8")
    return IntegerType::get(context, 64);
  if (descr == "<i4")
    return IntegerType::get(context, 32);
  if (descr == "|b1")
    return IntegerType::get(context, 1);
  return {};
}

static StringRef descrFor(Type type) {
  if (type.isF32())
    return "<f4";
  if (type.isF64())
    return "<f8";
  if (type.isF16())
    return "<f2";
  if (type.isInteger(64))
    return "<i8";
  if (type.isInteger(32))
    return "<i4";
  return "|b1";
}

/// The value of `'key': value` in the header dict, up to `end`.
static StringRef headerField(StringRef header, StringRef key) {
  size_t at = header.find(("'" + key + "'").str());
  if (at == StringRef::npos)
    return {};
  StringRef rest = header.drop_front(at + key.size() + 2).ltrim(" :");
  return rest;
}

/// The elements of a Fortran-order array (first index fastest) in C order.
static std::vector<char> fortranToCOrder(StringRef data,
                                         ArrayRef<int64_t> shape,
                                         size_t elementSize) {
  std::vector<char> result(data.size());
  int64_t rank = shape.size();
  SmallVector<int64_t> index(rank, 0);
  size_t count = data.size() / elementSize;
  for (size_t c = 0; c < count; ++c) {
    // `index` is the C-order position c; its offset in Fortran order:
    int64_t offset = 0;
    for (int64_t d = rank - 1; d >= 0; --d)
      offset = offset * shape[d] + index[d];
    std::memcpy(&result[c * elementSize], data.data() + offset * elementSize,
                elementSize);
    for (int64_t d = rank - 1; d >= 0; --d) {
      if (++index[d] < shape[d])
        break;
      index[d] = 0;
    }
  }
  return result;
}

static bool parseNpyOrSay(StringRef bytes, StringRef path,
                          MLIRContext *context, mdf::NpyArray &array,
                          std::string &error);

llvm::Expected<mdf::NpyArray> mlir::mdf::readNpy(StringRef path,
                                                MLIRContext *context) {
  auto file = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                          /*RequiresNullTerminator=*/false);
  if (!file)
    return llvm::createStringError(path + ": " + file.getError().message());
  return parseNpy((*file)->getBuffer(), path, context);
}

llvm::Expected<mdf::NpyArray>
mlir::mdf::parseNpy(StringRef bytes, StringRef path, MLIRContext *context) {
  NpyArray array;
  std::string error;
  if (!parseNpyOrSay(bytes, path, context, array, error))
    return llvm::createStringError(error);
  return array;
}

static bool parseNpyOrSay(StringRef bytes, StringRef path,
                          MLIRContext *context, mdf::NpyArray &array,
                          std::string &error) {
  if (bytes.size() < 10 || !bytes.starts_with("\x93NUMPY")) {
    error = path.str() + ": not a .npy file";
    return false;
  }
  unsigned major = static_cast<unsigned char>(bytes[6]);
  size_t headerLength, offset;
  if (major == 1) {
    headerLength = static_cast<unsigned char>(bytes[8]) |
                   (static_cast<unsigned char>(bytes[9]) << 8);
    offset = 10;
  } else if ((major == 2 || major == 3) && bytes.size() >= 12) {
    headerLength = 0;
    for (int i = 3; i >= 0; --i)
      headerLength =
          (headerLength << 8) | static_cast<unsigned char>(bytes[8 + i]);
    offset = 12;
  } else {
    error = path.str() + ": unsupported .npy version " + std::to_string(major);
    return false;
  }
  if (bytes.size() < offset + headerLength) {
    error = path.str() + ": truncated header";
    return false;
  }
  StringRef header = bytes.substr(offset, headerLength);
  StringRef descr = headerField(header, "descr");
  if (descr.size() < 5 || descr[0] != '\'') {
    error = path.str() + ": malformed header (no descr)";
    return false;
  }
  descr = descr.substr(1, 3);
  Type elementType = elementTypeFor(descr, context);
  if (!elementType) {
    error = path.str() + ": unsupported dtype '" + descr.str() +
            "' (supported: float32, float64, int64, int32, bool)";
    return false;
  }
  // numpy saves transposed views in Fortran order (first index fastest);
  // they are reordered to C order below.
  bool fortranOrder = headerField(header, "fortran_order").starts_with("True");
  StringRef shapeText = headerField(header, "shape");
  if (!shapeText.consume_front("(")) {
    error = path.str() + ": malformed header (no shape)";
    return false;
  }
  shapeText = shapeText.take_until([](char c) { return c == ')'; });
  SmallVector<int64_t> shape;
  SmallVector<StringRef> parts;
  shapeText.split(parts, ',');
  for (StringRef part : parts) {
    part = part.trim();
    if (part.empty())
      continue;
    int64_t size;
    if (part.getAsInteger(10, size) || size < 0) {
      error = path.str() + ": malformed shape '" + shapeText.str() + "'";
      return false;
    }
    shape.push_back(size);
  }
  // The element count must not overflow (a damaged or hostile header).
  if (!checkedElementCount(shape, getElementByteSize(elementType))) {
    error = path.str() + ": shape '" + shapeText.str() +
            "' is too large (a tensor may have at most 2^40 elements and "
            "2^42 bytes)";
    return false;
  }
  array.type = RankedTensorType::get(shape, elementType);
  size_t expected =
      array.type.getNumElements() * getElementByteSize(elementType);
  StringRef payload = bytes.drop_front(offset + headerLength);
  if (payload.size() != expected) {
    error = path.str() + ": holds " + std::to_string(payload.size()) +
            " bytes of data, expected " + std::to_string(expected) +
            " for its shape";
    return false;
  }
  array.data.assign(payload.begin(), payload.end());
  if (fortranOrder && shape.size() > 1)
    array.data =
        fortranToCOrder(payload, shape, getElementByteSize(elementType));
  return true;
}

void mlir::mdf::writeNpy(llvm::raw_ostream &os, const NpyArray &array) {
  std::string header = "{'descr': '" +
                       descrFor(array.type.getElementType()).str() +
                       "', 'fortran_order': False, 'shape': (";
  for (int64_t size : array.type.getShape())
    header += std::to_string(size) + ", ";
  if (array.type.getRank() > 0)
    header.resize(header.size() - (array.type.getRank() == 1 ? 1 : 2));
  header += "), }";
  // Pad so that the data starts on a 64-byte boundary.
  size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  os << "\x93NUMPY" << char(1) << char(0) << char(header.size() & 0xff)
     << char(header.size() >> 8) << header;
  os.write(array.data.data(), array.data.size());
}
