//===- StridedCopiesToLinalg.cpp - keep compiled models self-contained ----===//
//
// This file implements the mdf-strided-copies-to-linalg pass.
//
//===----------------------------------------------------------------------===//

#include "mdf/Backend/CPU/Passes.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

namespace mlir::mdf {
#define GEN_PASS_DEF_MDFSTRIDEDCOPIESTOLINALG
#include "mdf/Backend/CPU/Passes.h.inc"
} // namespace mlir::mdf

using namespace mlir;

namespace {

bool isContiguous(Value buffer) {
  auto type = dyn_cast<MemRefType>(buffer.getType());
  return type && type.getLayout().isIdentity();
}

struct MDFStridedCopiesToLinalgPass
    : public mlir::mdf::impl::MDFStridedCopiesToLinalgBase<
          MDFStridedCopiesToLinalgPass> {
  using Base::Base;

  void runOnOperation() override {
    SmallVector<memref::CopyOp> copies;
    getOperation().walk([&](memref::CopyOp copy) {
      if (all || !isContiguous(copy.getSource()) ||
          !isContiguous(copy.getTarget()))
        copies.push_back(copy);
    });
    for (memref::CopyOp copy : copies) {
      OpBuilder builder(copy);
      linalg::CopyOp::create(builder, copy.getLoc(), copy.getSource(),
                             copy.getTarget());
      copy.erase();
    }
  }
};

} // namespace
