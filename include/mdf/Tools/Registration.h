//===- Registration.h - what the mdf tools register -------------*- C++ -*-===//
//
// One place that says which dialects, passes and translations the mdf tools
// offer, so mdf-opt, mdf-translate and later drivers stay in step.
//
//===----------------------------------------------------------------------===//

#ifndef MDF_TOOLS_REGISTRATION_H
#define MDF_TOOLS_REGISTRATION_H

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace mlir::mdf {

/// Adds the mdf dialect and every upstream dialect and extension.
void registerAllDialects(DialectRegistry &registry);

/// Registers mdf's passes and every upstream pass.
void registerAllPasses();

/// Registers every upstream translation plus mdf's importers and exporters
/// that this build includes; each front end adds its own
/// `register<Name>Translation()` call here.
void registerAllTranslations();

} // namespace mlir::mdf

#endif // MDF_TOOLS_REGISTRATION_H
