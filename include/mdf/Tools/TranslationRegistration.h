//===- TranslationRegistration.h - the translations of mdf-translate -*- C++ -*-===//
//
// Which translations mdf-translate offers: every upstream one plus mdf's
// importers and exporters.
//
//===----------------------------------------------------------------------===//

#ifndef MDF_TOOLS_TRANSLATIONREGISTRATION_H
#define MDF_TOOLS_TRANSLATIONREGISTRATION_H

namespace mlir::mdf {

/// Registers every upstream translation plus mdf's importers and exporters
/// that this build includes; each front end adds its own
/// `register<Name>Translation()` call here.
void registerAllTranslations();

} // namespace mlir::mdf

#endif // MDF_TOOLS_TRANSLATIONREGISTRATION_H
