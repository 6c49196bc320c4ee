//===- MDFDialect.cpp - the mdf dialect -------------------------*- C++ -*-===//
//
// This file implements the mdf dialect's registration, constant
// materialization and the op definitions generated from ODS.
//
//===----------------------------------------------------------------------===//

#include "mdf/Dialect/MDF/IR/MDFDialect.h"
#include "ShapeInference.h"
#include "mdf/Dialect/MDF/IR/MDFOps.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace mlir::mdf;

#include "mdf/Dialect/MDF/IR/MDFOpsDialect.cpp.inc"
#include "mdf/Dialect/MDF/IR/MDFOpsEnums.cpp.inc"

#define GET_OP_CLASSES
#include "mdf/Dialect/MDF/IR/MDFOps.cpp.inc"

void MDFDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "mdf/Dialect/MDF/IR/MDFOps.cpp.inc"
      >();
}

Operation *MDFDialect::materializeConstant(OpBuilder &builder, Attribute value,
                                           Type type, Location loc) {
  auto elements = dyn_cast<ElementsAttr>(value);
  if (!elements || elements.getType() != type)
    return nullptr;
  return ConstantOp::create(builder, loc, elements);
}

bool mlir::mdf::areCompatibleTensorTypes(TypeRange inferred, TypeRange actual) {
  if (inferred.size() != actual.size())
    return false;
  for (auto [lhs, rhs] : llvm::zip_equal(inferred, actual)) {
    auto lhsTensor = dyn_cast<RankedTensorType>(lhs);
    auto rhsTensor = dyn_cast<RankedTensorType>(rhs);
    if (!lhsTensor || !rhsTensor) {
      if (lhs != rhs)
        return false;
      continue;
    }
    if (lhsTensor.getElementType() != rhsTensor.getElementType() ||
        failed(
            verifyCompatibleShape(lhsTensor.getShape(), rhsTensor.getShape())))
      return false;
  }
  return true;
}
