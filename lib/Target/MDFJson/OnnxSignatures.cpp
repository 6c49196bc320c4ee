//===- OnnxSignatures.cpp - ONNX ops' input names -------------------------===//

#include "OnnxSignatures.h"
#include "llvm/ADT/StringSwitch.h"

using namespace mlir;
using namespace mlir::mdf;

ArrayRef<OnnxInput> mlir::mdf::getOnnxInputs(StringRef op) {
  static const OnnxInput binaryAB[] = {{"A", ""}, {"B", ""}};
  static const OnnxInput pow[] = {{"X", "A"}, {"Y", "B"}};
  static const OnnxInput unaryX[] = {{"X", ""}};
  static const OnnxInput unaryInput[] = {{"input", "X"}};
  static const OnnxInput gemm[] = {{"A", ""}, {"B", ""}, {"C", ""}};
  static const OnnxInput reshape[] = {{"data", ""}, {"shape", ""}};
  static const OnnxInput flatten[] = {{"input", ""}};
  return llvm::StringSwitch<ArrayRef<OnnxInput>>(op)
      .Cases({"Add", "Sub", "Mul", "Div", "MatMul"}, binaryAB)
      .Case("Pow", pow)
      .Cases({"Relu", "Sigmoid", "Sqrt", "Abs", "Neg"}, unaryX)
      .Cases({"Tanh", "Exp", "Log", "Sin", "Cos"}, unaryInput)
      .Case("Gemm", gemm)
      .Case("Reshape", reshape)
      .Case("Flatten", flatten)
      .Default({});
}
