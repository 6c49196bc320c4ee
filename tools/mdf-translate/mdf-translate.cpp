//===- mdf-translate.cpp - import and export models -------------*- C++ -*-===//
//
// The mdf translation driver: upstream translations plus mdf's importers
// and exporters.
//
//===----------------------------------------------------------------------===//

#include "mdf/Tools/Registration.h"
#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"

int main(int argc, char **argv) {
  mlir::mdf::registerAllTranslations();
  return mlir::failed(
      mlir::mlirTranslateMain(argc, argv, "mdf translation driver\n"));
}
