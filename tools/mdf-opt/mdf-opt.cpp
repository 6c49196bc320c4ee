//===- mdf-opt.cpp - run passes on mdf and upstream IR ----------*- C++ -*-===//
//
// The mdf optimizer driver: every upstream dialect and pass plus mdf's.
//
//===----------------------------------------------------------------------===//

#include "mdf/Tools/Registration.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  mlir::mdf::registerAllDialects(registry);
  mlir::mdf::registerAllPasses();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "mdf optimizer driver\n", registry));
}
