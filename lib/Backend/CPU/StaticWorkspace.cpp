//===- StaticWorkspace.cpp - temporaries in one reused workspace ----------===//
//
// This file implements mdf-static-workspace: the fixed-size temporaries of a
// function's top-level block move into one static buffer, packed by their
// live ranges, guarded by an atomic busy flag so calls stay reentrant.
//
//===----------------------------------------------------------------------===//

#include "mdf/Backend/CPU/Passes.h"
#include "mdf/Backend/Utils/TemporaryPacking.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/ViewLikeInterface.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/STLExtras.h"

namespace mlir::mdf {
#define GEN_PASS_DEF_MDFSTATICWORKSPACE
#include "mdf/Backend/CPU/Passes.h.inc"
} // namespace mlir::mdf

using namespace mlir;

namespace {

constexpr int64_t kAlignment = mdf::kWorkspaceAlignment;

/// The size in bytes of a buffer of `type` per unit of its one dynamic
/// size, or nullopt when it has not exactly one.
std::optional<int64_t> bytesPerUnit(MemRefType type) {
  if (type.getNumDynamicDims() != 1 || !type.getLayout().isIdentity() ||
      type.getMemorySpace() || !type.getElementType().isIntOrFloat())
    return std::nullopt;
  int64_t count = 1;
  for (int64_t size : type.getShape())
    if (!ShapedType::isDynamic(size))
      count *= size;
  return count *
         llvm::divideCeil(type.getElementType().getIntOrFloatBitWidth(), 8);
}

/// A workspace: an uninitialized static buffer of `bytes` and the atomic
/// flag that marks it busy during a call, both private to the object.
struct WorkspaceGlobals {
  memref::GlobalOp buffer;
  memref::GlobalOp busy;
};

WorkspaceGlobals createWorkspaceGlobals(func::FuncOp func, SymbolTable &symbols,
                                        StringRef name, int64_t bytes) {
  OpBuilder builder(func);
  Location loc = func.getLoc();
  auto privateVisibility = builder.getStringAttr("private");
  auto buffer = memref::GlobalOp::create(
      builder, loc, (name + "_" + func.getSymName()).str(), privateVisibility,
      MemRefType::get({bytes}, builder.getI8Type()), builder.getUnitAttr(),
      /*constant=*/false, builder.getI64IntegerAttr(kAlignment));
  symbols.insert(buffer);
  auto flagType = MemRefType::get({}, builder.getI32Type());
  auto busy = memref::GlobalOp::create(
      builder, loc, (name + "_busy_" + func.getSymName()).str(),
      privateVisibility, flagType,
      DenseElementsAttr::get(RankedTensorType::get({}, builder.getI32Type()),
                             builder.getI32IntegerAttr(0)),
      /*constant=*/false, /*alignment=*/nullptr);
  symbols.insert(busy);
  return {buffer, busy};
}

/// Sets the busy flag; the result is true when it was clear (the call
/// owns the workspace and must release it).
Value acquireWorkspace(OpBuilder &builder, Location loc,
                       WorkspaceGlobals globals) {
  Value flag = memref::GetGlobalOp::create(builder, loc, globals.busy.getType(),
                                           globals.busy.getSymName());
  Value one = arith::ConstantIntOp::create(builder, loc, 1, 32);
  Value previous = memref::AtomicRMWOp::create(
      builder, loc, arith::AtomicRMWKind::assign, one, flag, ValueRange());
  Value zero = arith::ConstantIntOp::create(builder, loc, 0, 32);
  return arith::CmpIOp::create(builder, loc, arith::CmpIPredicate::eq,
                               previous, zero);
}

/// Clears the busy flag when `acquired`.
void releaseWorkspace(OpBuilder &builder, Location loc,
                      WorkspaceGlobals globals, Value acquired) {
  auto release = scf::IfOp::create(builder, loc, TypeRange(), acquired,
                                   /*withElseRegion=*/false);
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToStart(release.thenBlock());
  Value flag = memref::GetGlobalOp::create(builder, loc, globals.busy.getType(),
                                           globals.busy.getSymName());
  Value zero = arith::ConstantIntOp::create(builder, loc, 0, 32);
  memref::AtomicRMWOp::create(builder, loc, arith::AtomicRMWKind::assign, zero,
                              flag, ValueRange());
}

/// `use ? <the workspace buffer> : <a new heap block of bytes>`, as `type`.
Value workspaceOrHeap(OpBuilder &builder, Location loc,
                      WorkspaceGlobals globals, Value use,
                      MemRefType type, ValueRange dynamicBytes) {
  auto choose = scf::IfOp::create(builder, loc, TypeRange{type}, use,
                                  /*withElseRegion=*/true);
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToStart(choose.thenBlock());
  Value global = memref::GetGlobalOp::create(
      builder, loc, globals.buffer.getType(), globals.buffer.getSymName());
  if (global.getType() != type)
    global = memref::CastOp::create(builder, loc, type, global);
  scf::YieldOp::create(builder, loc, global);
  builder.setInsertionPointToStart(choose.elseBlock());
  Value heap = memref::AllocOp::create(builder, loc, type, dynamicBytes,
                                       builder.getI64IntegerAttr(kAlignment));
  scf::YieldOp::create(builder, loc, heap);
  return choose.getResult(0);
}

/// Frees `base` unless it is the workspace (`used`).
void freeUnlessWorkspace(OpBuilder &builder, Location loc, Value used,
                         Value base) {
  auto release = scf::IfOp::create(builder, loc, TypeRange(), used,
                                   /*withElseRegion=*/true);
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToStart(release.elseBlock());
  memref::DeallocOp::create(builder, loc, base);
}

struct StaticWorkspace
    : public mdf::impl::MDFStaticWorkspaceBase<StaticWorkspace> {
  using MDFStaticWorkspaceBase::MDFStaticWorkspaceBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    for (auto func : llvm::to_vector(module.getOps<func::FuncOp>()))
      if (!func.isExternal() && func.getBody().hasOneBlock())
        placeTemporaries(func, symbols);
  }

  /// Replaces each temporary by a view of `base` at its offset (times
  /// `scale` when given).
  static void replaceByViews(OpBuilder &builder, MutableArrayRef<mdf::Temporary> temps,
                             Value base, Value scale) {
    for (mdf::Temporary &temp : temps) {
      builder.setInsertionPoint(temp.alloc);
      Location loc = temp.alloc.getLoc();
      Value offset = arith::ConstantIndexOp::create(builder, loc, temp.offset);
      if (scale)
        offset = arith::MulIOp::create(builder, loc, scale, offset);
      Value view = memref::ViewOp::create(builder, loc, temp.alloc.getType(),
                                          base, offset,
                                          temp.alloc.getDynamicSizes());
      temp.alloc.replaceAllUsesWith(view);
      for (memref::DeallocOp dealloc : temp.deallocs)
        dealloc.erase();
      temp.alloc.erase();
    }
  }

  /// Temporaries whose sizes are multiples of one dynamic size `scale`
  /// (a dynamic batch) go into one block, packed like the static ones with
  /// offsets in units of `scale`. Up to `scaled-units` units the block is a
  /// static workspace reused across calls; beyond, or when another call
  /// holds it, one heap block per call (which the C library may map and
  /// zero afresh on every call: that costs more than the arithmetic).
  void placeScaledTemporaries(func::FuncOp func, SymbolTable &symbols) {
    Block &block = func.getBody().front();
    llvm::MapVector<Value, SmallVector<mdf::Temporary>> groups;
    for (mdf::Temporary &temp :
         mdf::collectTemporaries(block, [](memref::AllocOp alloc) {
           return alloc.getDynamicSizes().size() == 1
                      ? bytesPerUnit(alloc.getType())
                      : std::nullopt;
         }))
      groups[temp.alloc.getDynamicSizes().front()].push_back(temp);
    unsigned groupIndex = 0;
    for (auto &[scale, temps] : groups) {
      if (temps.size() < 2)
        continue;
      int64_t unitBytes = mdf::packTemporaries(temps);
      Location loc = func.getLoc();
      OpBuilder builder(func.getContext());
      if (isa<BlockArgument>(scale))
        builder.setInsertionPointToStart(&block);
      else
        builder.setInsertionPointAfterValue(scale);
      Value bytes = arith::MulIOp::create(
          builder, loc, scale,
          arith::ConstantIndexOp::create(builder, loc, unitBytes));
      auto blockType =
          MemRefType::get({ShapedType::kDynamic}, builder.getI8Type());
      int64_t units = std::min<int64_t>(scaledUnits, maxBytes / unitBytes);
      Value base, useWorkspace, acquired;
      WorkspaceGlobals globals;
      if (units > 0) {
        globals = createWorkspaceGlobals(
            func, symbols,
            ("__mdf_scaled_workspace" + Twine(groupIndex++)).str(),
            units * unitBytes);
        acquired = acquireWorkspace(builder, loc, globals);
        Value fits = arith::CmpIOp::create(
            builder, loc, arith::CmpIPredicate::ule, scale,
            arith::ConstantIndexOp::create(builder, loc, units));
        useWorkspace = arith::AndIOp::create(builder, loc, acquired, fits);
        base = workspaceOrHeap(builder, loc, globals, useWorkspace, blockType,
                               bytes);
      } else {
        base = memref::AllocOp::create(builder, loc, blockType,
                                       ValueRange{bytes},
                                       builder.getI64IntegerAttr(kAlignment));
      }
      replaceByViews(builder, temps, base, scale);
      builder.setInsertionPoint(block.getTerminator());
      if (units > 0) {
        freeUnlessWorkspace(builder, loc, useWorkspace, base);
        releaseWorkspace(builder, loc, globals, acquired);
      } else {
        memref::DeallocOp::create(builder, loc, base);
      }
    }
  }

  void placeTemporaries(func::FuncOp func, SymbolTable &symbols) {
    placeScaledTemporaries(func, symbols);
    Block &block = func.getBody().front();
    SmallVector<mdf::Temporary> temps =
        mdf::collectTemporaries(block, [](memref::AllocOp alloc) {
          return mdf::staticByteSize(alloc.getType());
        });
    if (temps.empty())
      return;
    int64_t total = mdf::packTemporaries(temps);
    if (total > maxBytes)
      return;

    // On entry: take the workspace, or a heap block when it is busy; on
    // return: release the workspace, or free the heap block.
    WorkspaceGlobals globals =
        createWorkspaceGlobals(func, symbols, "__mdf_workspace", total);
    Location loc = func.getLoc();
    OpBuilder builder = OpBuilder::atBlockBegin(&block);
    Value acquired = acquireWorkspace(builder, loc, globals);
    Value base =
        workspaceOrHeap(builder, loc, globals, acquired,
                        cast<MemRefType>(globals.buffer.getType()), {});
    replaceByViews(builder, temps, base, /*scale=*/nullptr);
    builder.setInsertionPoint(block.getTerminator());
    freeUnlessWorkspace(builder, loc, acquired, base);
    releaseWorkspace(builder, loc, globals, acquired);
  }
};

} // namespace
