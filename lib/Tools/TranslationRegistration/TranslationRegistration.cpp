//===- TranslationRegistration.cpp - the translations of mdf-translate ---===//
//
// This file implements the registration of every upstream translation and
// mdf's importers and exporters. The TorchScript importer is a client of
// the helper process mdf-import-torchscript, so nothing here loads
// LibTorch.
//
//===----------------------------------------------------------------------===//

#include "mdf/Tools/TranslationRegistration.h"
#include "mdf/Target/MDFJson/MDFJson.h"
#ifdef MDF_ENABLE_TORCHSCRIPT
#include "mdf/Target/TorchScript/TorchScriptImporter.h"
#endif
#include "mlir/InitAllTranslations.h"

void mlir::mdf::registerAllTranslations() {
  mlir::registerAllTranslations();
  registerMDFJsonTranslations();
#ifdef MDF_ENABLE_TORCHSCRIPT
  registerImportTorchScriptTranslation();
#endif
}
