//===- Export.cpp - the mdf dialect to ModECI MDF JSON ----------*- C++ -*-===//
//
// Writes MDF v0.4 JSON. An `mdf.model` is written back from the JSON fields
// its structure ops keep, so import ► export ► import gives the same IR. A
// function of compute ops (what the TorchScript importer makes) becomes one
// node per op named after its ONNX function (`onnx::Gemm`), with constant
// operands as parameter values so the file stands alone, and one input node
// per function argument.
//
//===----------------------------------------------------------------------===//

#include "JsonAttributes.h"
#include "OnnxOps.h"
#include "mdf/Dialect/MDF/IR/MDFOps.h"
#include "mdf/Target/MDFJson/MDFJson.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/JSON.h"

using namespace mlir;
using namespace mlir::mdf;

namespace {

using Writer = llvm::json::OStream;

/// Writes `key: attr` when `attr` is set.
LogicalResult writeField(Writer &out, StringRef key, Attribute attr,
                         Operation *op) {
  if (!attr)
    return success();
  out.attributeBegin(key);
  bool written = writeAttributeAsJson(attr, out);
  out.attributeEnd();
  if (!written)
    return op->emitError("cannot write the attribute '")
           << key << "' as JSON: " << attr;
  return success();
}

LogicalResult writeShape(Writer &out, std::optional<ArrayRef<int64_t>> shape) {
  if (!shape)
    return success();
  out.attributeArray("shape", [&] {
    for (int64_t dim : *shape)
      out.value(dim);
  });
  return success();
}

LogicalResult writeNode(Writer &out, NodeOp node) {
  LogicalResult result = success();
  auto check = [&](LogicalResult written) {
    if (failed(written))
      result = failure();
  };
  out.attributeObject(node.getId(), [&] {
    check(writeField(out, "metadata", node.getMetadataAttr(), node));
    Block &body = node.getBody().front();
    if (!body.getOps<InputPortOp>().empty())
      out.attributeObject("input_ports", [&] {
        for (InputPortOp port : body.getOps<InputPortOp>())
          out.attributeObject(port.getId(), [&] {
            check(writeShape(out, port.getShape()));
            check(writeField(out, "type", port.getDtypeAttr(), port));
            check(writeField(out, "reduce", port.getReduceAttr(), port));
            check(writeField(out, "metadata", port.getMetadataAttr(), port));
          });
      });
    if (!body.getOps<FunctionOp>().empty())
      out.attributeObject("functions", [&] {
        for (FunctionOp function : body.getOps<FunctionOp>())
          out.attributeObject(function.getId(), [&] {
            check(writeField(out, "function", function.getFunctionAttr(),
                             function));
            check(writeField(out, "args", function.getArgsAttr(), function));
            check(writeField(out, "value", function.getValueAttr(), function));
            check(writeField(out, "metadata", function.getMetadataAttr(),
                             function));
          });
      });
    if (!body.getOps<ParameterOp>().empty())
      out.attributeObject("parameters", [&] {
        for (ParameterOp parameter : body.getOps<ParameterOp>())
          out.attributeObject(parameter.getId(), [&] {
            check(writeField(out, "value", parameter.getValueAttr(),
                             parameter));
            check(writeField(out, "function", parameter.getFunctionAttr(),
                             parameter));
            check(writeField(out, "args", parameter.getArgsAttr(), parameter));
            check(writeField(out, "default_initial_value",
                             parameter.getDefaultInitialValueAttr(),
                             parameter));
            check(writeField(out, "time_derivative",
                             parameter.getTimeDerivativeAttr(), parameter));
            if (ArrayAttr conditions = parameter.getConditionsAttr()) {
              if (!parameter.getConditionsById()) {
                check(writeField(out, "conditions", conditions, parameter));
              } else {
                out.attributeObject("conditions", [&] {
                  for (Attribute condition : conditions) {
                    auto fields = cast<DictionaryAttr>(condition);
                    auto id = fields.getAs<StringAttr>("id");
                    out.attributeObject(id ? id.getValue() : "", [&] {
                      for (NamedAttribute field : fields)
                        if (field.getName() != "id")
                          check(writeField(out, field.getName(),
                                           field.getValue(), parameter));
                    });
                  }
                });
              }
            }
            check(writeField(out, "metadata", parameter.getMetadataAttr(),
                             parameter));
          });
      });
    if (!body.getOps<OutputPortOp>().empty())
      out.attributeObject("output_ports", [&] {
        for (OutputPortOp port : body.getOps<OutputPortOp>())
          out.attributeObject(port.getId(), [&] {
            check(writeField(out, "value", port.getValueAttr(), port));
            check(writeShape(out, port.getShape()));
            check(writeField(out, "type", port.getDtypeAttr(), port));
            check(writeField(out, "metadata", port.getMetadataAttr(), port));
          });
      });
  });
  return result;
}

LogicalResult writeModel(Writer &out, ModelOp model) {
  LogicalResult result = success();
  auto check = [&](LogicalResult written) {
    if (failed(written))
      result = failure();
  };
  out.object([&] {
    out.attributeObject(model.getId(), [&] {
      check(writeField(out, "format", model.getFormatAttr(), model));
      check(writeField(out, "generating_application",
                       model.getGeneratingApplicationAttr(), model));
      check(writeField(out, "metadata", model.getMetadataAttr(), model));
      out.attributeObject("graphs", [&] {
        for (GraphOp graph : model.getBody().front().getOps<GraphOp>())
          out.attributeObject(graph.getId(), [&] {
            Block &body = graph.getBody().front();
            check(writeField(out, "metadata", graph.getMetadataAttr(), graph));
            out.attributeObject("nodes", [&] {
              for (NodeOp node : body.getOps<NodeOp>())
                check(writeNode(out, node));
            });
            out.attributeObject("edges", [&] {
              for (EdgeOp edge : body.getOps<EdgeOp>())
                out.attributeObject(edge.getId(), [&] {
                  out.attribute("sender", edge.getSender());
                  out.attribute("receiver", edge.getReceiver());
                  out.attribute("sender_port", edge.getSenderPort());
                  out.attribute("receiver_port", edge.getReceiverPort());
                  check(writeField(out, "parameters", edge.getParametersAttr(),
                                   edge));
                  check(writeField(out, "metadata", edge.getMetadataAttr(),
                                   edge));
                });
            });
            for (ConditionsOp conditions : body.getOps<ConditionsOp>())
              out.attributeObject("conditions", [&] {
                check(writeField(out, "node_specific",
                                 conditions.getNodeSpecificAttr(), conditions));
                check(writeField(out, "termination",
                                 conditions.getTerminationAttr(), conditions));
              });
          });
      });
    });
  });
  return result;
}

//===----------------------------------------------------------------------===//
// Compute ops as ONNX nodes
//===----------------------------------------------------------------------===//

/// The shape of a tensor value as a JSON list.
void writeShapeOf(Writer &out, Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  out.attributeArray("shape", [&] {
    for (int64_t dim : type.getShape())
      out.value(dim);
  });
}

/// A constant's elements as a dense f64 attribute JSON can hold, reading
/// resource blobs too.
FailureOr<Attribute> constantValue(ConstantOp constant) {
  ElementsAttr value = constant.getValue();
  auto type = cast<RankedTensorType>(value.getType());
  if (isa<DenseElementsAttr>(value))
    return Attribute(value);
  if (auto blob = dyn_cast<DenseF32ResourceElementsAttr>(value)) {
    std::optional<ArrayRef<float>> data = blob.tryGetAsArrayRef();
    if (!data)
      return failure();
    return Attribute(DenseElementsAttr::get(type, *data));
  }
  if (auto blob = dyn_cast<DenseF64ResourceElementsAttr>(value)) {
    std::optional<ArrayRef<double>> data = blob.tryGetAsArrayRef();
    if (!data)
      return failure();
    return Attribute(DenseElementsAttr::get(type, *data));
  }
  return failure();
}

LogicalResult writeComputeGraph(Writer &out, func::FuncOp func) {
  if (!func.getBody().hasOneBlock())
    return func.emitError("only single-block functions can be exported");
  Block &block = func.getBody().front();
  // Node ids: one input node per argument, then one node per op.
  llvm::DenseMap<Value, std::string> producer;
  for (BlockArgument arg : func.getArguments()) {
    if (!isa<RankedTensorType>(arg.getType()))
      return func.emitError("argument ") << arg.getArgNumber()
                                         << " is not a tensor";
    producer[arg] = "input_" + std::to_string(arg.getArgNumber());
  }
  SmallVector<std::pair<Operation *, OnnxForm>> ops;
  llvm::StringMap<unsigned> counts;
  for (Operation &op : block) {
    if (isa<ConstantOp, func::ReturnOp>(op))
      continue;
    FailureOr<OnnxForm> form = getOnnxForm(&op);
    if (failed(form))
      return op.emitError("'")
             << op.getName() << "' has no MDF JSON export yet (supported: "
             << getExportableOpNames() << ")";
    if (op.getNumOperands() > form->args.size())
      return op.emitError("has more operands than its ONNX form");
    StringRef onnx = StringRef(form->function).drop_front(6);
    producer[op.getResult(0)] =
        onnx.str() + "_" + std::to_string(++counts[onnx]);
    ops.push_back({&op, std::move(*form)});
  }
  LogicalResult result = success();
  out.attributeObject("nodes", [&] {
    for (BlockArgument arg : func.getArguments())
      out.attributeObject(producer[arg], [&] {
        out.attributeObject("input_ports", [&] {
          out.attributeObject("input", [&] {
            writeShapeOf(out, arg);
            out.attribute("type", "float");
          });
        });
        out.attributeObject("output_ports", [&] {
          out.attributeObject("output", [&] { out.attribute("value", "input"); });
        });
      });
    for (auto &entry : ops) {
      Operation *op = entry.first;
      OnnxForm &form = entry.second;
      std::string id = producer[op->getResult(0)];
      out.attributeObject(id, [&] {
        out.attributeObject("input_ports", [&] {
          for (unsigned index = 0; index < op->getNumOperands(); ++index) {
            Value operand = op->getOperand(index);
            if (!operand.getDefiningOp<ConstantOp>())
              out.attributeObject(form.args[index], [&] {
                writeShapeOf(out, operand);
                out.attribute("type", "float");
              });
          }
        });
        out.attributeObject("parameters", [&] {
          for (unsigned index = 0; index < op->getNumOperands(); ++index)
            if (auto constant =
                    op->getOperand(index).getDefiningOp<ConstantOp>()) {
              FailureOr<Attribute> value = constantValue(constant);
              if (failed(value)) {
                constant.emitError("cannot read this constant's data");
                result = failure();
                continue;
              }
              out.attributeObject(form.args[index], [&] {
                if (failed(writeField(out, "value", *value, constant)))
                  result = failure();
              });
            }
          for (auto &attribute : form.attributes)
            out.attributeObject(attribute.first, [&] {
              if (failed(writeField(out, "value", attribute.second, op)))
                result = failure();
            });
          out.attributeObject(id, [&] {
            out.attribute("function", form.function);
            out.attributeObject("args", [&] {
              if (form.variadic) {
                // A list input: "inputs": "['inputs_0', 'inputs_1']".
                std::string list = "[";
                for (unsigned index = 0; index < op->getNumOperands();
                     ++index)
                  list += (index ? ", '" : "'") + form.args[index] + "'";
                out.attribute(form.variadicName, list + "]");
                return;
              }
              for (unsigned index = 0; index < op->getNumOperands(); ++index)
                out.attribute(form.args[index], form.args[index]);
            });
          });
        });
        out.attributeObject("output_ports", [&] {
          out.attributeObject("output", [&] {
            out.attribute("value", id);
            writeShapeOf(out, op->getResult(0));
            out.attribute("type", "float");
          });
        });
      });
    }
  });
  out.attributeObject("edges", [&] {
    for (auto &[op, form] : ops)
      for (auto [index, operand] : llvm::enumerate(op->getOperands())) {
        if (operand.getDefiningOp<ConstantOp>())
          continue;
        std::string sender = producer[operand];
        std::string receiver = producer[op->getResult(0)];
        std::string port = form.args[index];
        out.attributeObject(sender + "_" + receiver + "_" + port, [&] {
          out.attribute("sender", sender);
          out.attribute("receiver", receiver);
          out.attribute("sender_port", "output");
          out.attribute("receiver_port", port);
        });
      }
  });
  return result;
}

} // namespace

LogicalResult mlir::mdf::exportMDFJson(ModuleOp module, llvm::raw_ostream &os) {
  Writer out(os, 4);
  auto models = module.getOps<ModelOp>();
  if (!models.empty()) {
    if (std::next(models.begin()) != models.end())
      return module.emitError("can only export one mdf.model per file");
    if (failed(writeModel(out, *models.begin())))
      return failure();
    os << "\n";
    return success();
  }
  auto funcs = module.getOps<func::FuncOp>();
  if (funcs.empty())
    return module.emitError("nothing to export: the module holds neither an "
                            "mdf.model nor a function");
  func::FuncOp func = *funcs.begin();
  LogicalResult result = success();
  out.object([&] {
    out.attributeObject(func.getSymName(), [&] {
      out.attribute("format", "ModECI MDF v0.4");
      out.attribute("generating_application", "mdf-translate");
      out.attributeObject("graphs", [&] {
        out.attributeObject(func.getSymName(),
                            [&] { result = writeComputeGraph(out, func); });
      });
    });
  });
  os << "\n";
  return result;
}
