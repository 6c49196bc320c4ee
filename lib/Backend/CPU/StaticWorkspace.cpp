//===- StaticWorkspace.cpp - temporaries in one reused workspace ----------===//
//
// This file implements mdf-static-workspace: the fixed-size temporaries of a
// function's top-level block move into one static buffer, packed by their
// live ranges, guarded by an atomic busy flag so calls stay reentrant.
//
//===----------------------------------------------------------------------===//

#include "mdf/Backend/CPU/Passes.h"
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

/// Byte alignment of every buffer in the workspace (one cache line, and
/// what bufferization asks of its allocations).
constexpr int64_t kAlignment = 64;

/// One temporary: where it is allocated, when it dies, and where it goes.
struct Temporary {
  memref::AllocOp alloc;
  SmallVector<memref::DeallocOp> deallocs;
  unsigned start = 0; ///< position of the allocation in the block
  unsigned end = 0;   ///< position of the last op that uses it
  int64_t bytes = 0;
  int64_t offset = 0;
};

/// The size in bytes of a buffer of `type`, or nullopt when its elements
/// have no fixed byte size here (index, vectors, complex numbers).
std::optional<int64_t> byteSize(MemRefType type) {
  if (!type.hasStaticShape() || !type.getLayout().isIdentity() ||
      type.getMemorySpace())
    return std::nullopt;
  Type element = type.getElementType();
  if (!element.isIntOrFloat())
    return std::nullopt;
  int64_t elementBytes = llvm::divideCeil(element.getIntOrFloatBitWidth(), 8);
  return type.getNumElements() * elementBytes;
}

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

/// Fills in the live range and deallocations of `temp`. Returns false when
/// the buffer must keep its own allocation: it escapes through a return,
/// or is freed somewhere other than the top-level block.
bool analyzeLiveRange(Temporary &temp, Block &block,
                      const DenseMap<Operation *, unsigned> &position) {
  unsigned blockEnd = block.getOperations().size();
  SmallVector<Value> aliases = {temp.alloc.getResult()};
  while (!aliases.empty()) {
    Value alias = aliases.pop_back_val();
    for (Operation *user : alias.getUsers()) {
      if (isa<func::ReturnOp>(user))
        return false;
      Operation *ancestor = block.findAncestorOpInBlock(*user);
      if (!ancestor)
        return false;
      if (auto dealloc = dyn_cast<memref::DeallocOp>(user)) {
        if (ancestor != user)
          return false; // freed conditionally
        temp.deallocs.push_back(dealloc);
        continue;
      }
      temp.end = std::max(temp.end, position.lookup(ancestor));
      if (isa<ViewLikeOpInterface>(user)) {
        llvm::append_range(aliases, user->getResults());
        continue;
      }
      // Any other op that hands out a buffer may alias this one: keep the
      // buffer alive to the end of the block.
      if (llvm::any_of(user->getResultTypes(), llvm::IsaPred<MemRefType>))
        temp.end = blockEnd;
    }
  }
  return true;
}

/// Gives each temporary an offset such that buffers live at the same time
/// do not overlap (first fit, in allocation order). Returns the total size.
int64_t packTemporaries(MutableArrayRef<Temporary> temps) {
  int64_t total = 0;
  for (size_t i = 0; i < temps.size(); ++i) {
    Temporary &temp = temps[i];
    // Intervals taken by the already placed buffers still live here.
    SmallVector<std::pair<int64_t, int64_t>> taken;
    for (size_t j = 0; j < i; ++j)
      if (temps[j].end >= temp.start)
        taken.push_back({temps[j].offset, temps[j].offset + temps[j].bytes});
    llvm::sort(taken);
    int64_t offset = 0;
    for (auto [begin, end] : taken) {
      if (offset + temp.bytes <= begin)
        break;
      offset = std::max<int64_t>(offset, llvm::alignTo(end, kAlignment));
    }
    temp.offset = offset;
    total = std::max(total, offset + temp.bytes);
  }
  return static_cast<int64_t>(llvm::alignTo(total, kAlignment));
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

  /// Collects the top-level allocations of `block` that `bytesOf` sizes
  /// and that may share memory, with their live ranges.
  template <typename BytesOf>
  static SmallVector<Temporary> collectTemporaries(Block &block,
                                                   BytesOf bytesOf) {
    DenseMap<Operation *, unsigned> position;
    for (auto [index, op] : llvm::enumerate(block))
      position[&op] = index;
    SmallVector<Temporary> temps;
    for (auto alloc : block.getOps<memref::AllocOp>()) {
      std::optional<int64_t> bytes = bytesOf(alloc);
      if (!bytes || *bytes == 0)
        continue;
      Temporary temp;
      temp.alloc = alloc;
      temp.bytes = *bytes;
      temp.start = temp.end = position[alloc];
      if (analyzeLiveRange(temp, block, position))
        temps.push_back(std::move(temp));
    }
    return temps;
  }

  /// Replaces each temporary by a view of `base` at its offset (times
  /// `scale` when given).
  static void replaceByViews(OpBuilder &builder, MutableArrayRef<Temporary> temps,
                             Value base, Value scale) {
    for (Temporary &temp : temps) {
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
    llvm::MapVector<Value, SmallVector<Temporary>> groups;
    for (Temporary &temp :
         collectTemporaries(block, [](memref::AllocOp alloc) {
           return alloc.getDynamicSizes().size() == 1
                      ? bytesPerUnit(alloc.getType())
                      : std::nullopt;
         }))
      groups[temp.alloc.getDynamicSizes().front()].push_back(temp);
    unsigned groupIndex = 0;
    for (auto &[scale, temps] : groups) {
      if (temps.size() < 2)
        continue;
      int64_t unitBytes = packTemporaries(temps);
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
    SmallVector<Temporary> temps =
        collectTemporaries(block, [](memref::AllocOp alloc) {
          return byteSize(alloc.getType());
        });
    if (temps.empty())
      return;
    int64_t total = packTemporaries(temps);
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
