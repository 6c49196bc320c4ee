//===- Registration.h - what the mdf tools register -------------*- C++ -*-===//
//
// One place that says which dialects and passes the mdf tools offer, so
// mdf-opt, mdf-translate, mdf-compile and mdf-run stay in step. The
// translations are in TranslationRegistration.h.
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

} // namespace mlir::mdf

#endif // MDF_TOOLS_REGISTRATION_H
