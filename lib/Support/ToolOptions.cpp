//===- ToolOptions.cpp - what a tool's --help shows -------------*- C++ -*-===//
//
// This file implements hiding the options a tool did not define.
//
//===----------------------------------------------------------------------===//

#include "mdf/Support/ToolOptions.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"

using namespace llvm;

/// LLVM's generic options, whose category it does not expose.
static bool isGenericOption(StringRef name) {
  static const StringSet<> generic = {
      "help",          "help-list",     "help-hidden", "help-list-hidden",
      "print-options", "print-all-options", "version", "h"};
  return generic.contains(name);
}

void mlir::mdf::hideOptionsRegisteredSoFar() {
  for (auto &entry : cl::getRegisteredOptions())
    if (!isGenericOption(entry.first) &&
        entry.second->getOptionHiddenFlag() == cl::NotHidden)
      entry.second->setHiddenFlag(cl::Hidden);
}

void mlir::mdf::showOnlyToolOptions(
    ArrayRef<const cl::OptionCategory *> categories) {
  for (auto &entry : cl::getRegisteredOptions()) {
    cl::Option *option = entry.second;
    if (option->getOptionHiddenFlag() != cl::NotHidden ||
        isGenericOption(entry.first))
      continue;
    bool ours = any_of(option->Categories, [&](cl::OptionCategory *category) {
      return is_contained(categories, category);
    });
    if (!ours)
      option->setHiddenFlag(cl::Hidden);
  }
}
