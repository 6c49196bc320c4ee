//===- StaticWorkspace.cpp - temporaries in one reused workspace ----------===//
//
// This file implements mdf-static-workspace: the fixed-size temporaries of a
// function's top-level block move into one static buffer, packed by their
// live ranges, guarded by an atomic busy flag so calls stay reentrant.
//
//===----------------------------------------------------------------------===//

#include "mdf/Dialect/MDF/Transforms/Passes.h"
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
#include "mdf/Dialect/MDF/Transforms/Passes.h.inc"
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

  /// Temporaries whose sizes are multiples of one dynamic size `scale`
  /// (a dynamic batch) go into one heap block per call, packed like the
  /// static ones with offsets in units of `scale`: one allocation instead
  /// of one per temporary (each of which the C library may map and zero
  /// afresh).
  void placeScaledTemporaries(func::FuncOp func) {
    Block &block = func.getBody().front();
    DenseMap<Operation *, unsigned> position;
    for (auto [index, op] : llvm::enumerate(block))
      position[&op] = index;
    llvm::MapVector<Value, SmallVector<Temporary>> groups;
    for (auto alloc : block.getOps<memref::AllocOp>()) {
      std::optional<int64_t> bytes = bytesPerUnit(alloc.getType());
      if (!bytes || *bytes == 0 || alloc.getDynamicSizes().size() != 1)
        continue;
      Temporary temp;
      temp.alloc = alloc;
      temp.bytes = *bytes;
      temp.start = temp.end = position[alloc];
      if (analyzeLiveRange(temp, block, position))
        groups[alloc.getDynamicSizes().front()].push_back(std::move(temp));
    }
    for (auto &[scale, temps] : groups) {
      if (temps.size() < 2)
        continue;
      int64_t total = packTemporaries(temps);
      Location loc = func.getLoc();
      OpBuilder builder(func.getContext());
      if (auto argument = dyn_cast<BlockArgument>(scale))
        builder.setInsertionPointToStart(&block);
      else
        builder.setInsertionPointAfterValue(scale);
      Value bytes = arith::MulIOp::create(
          builder, loc, scale, arith::ConstantIndexOp::create(builder, loc, total));
      Value base = memref::AllocOp::create(
          builder, loc, MemRefType::get({ShapedType::kDynamic}, builder.getI8Type()),
          ValueRange{bytes}, builder.getI64IntegerAttr(kAlignment));
      for (Temporary &temp : temps) {
        builder.setInsertionPoint(temp.alloc);
        Location allocLoc = temp.alloc.getLoc();
        Value offset = arith::MulIOp::create(
            builder, allocLoc, scale,
            arith::ConstantIndexOp::create(builder, allocLoc, temp.offset));
        Value view = memref::ViewOp::create(builder, allocLoc,
                                            temp.alloc.getType(), base, offset,
                                            temp.alloc.getDynamicSizes());
        temp.alloc.replaceAllUsesWith(view);
        for (memref::DeallocOp dealloc : temp.deallocs)
          dealloc.erase();
        temp.alloc.erase();
      }
      builder.setInsertionPoint(block.getTerminator());
      memref::DeallocOp::create(builder, loc, base);
    }
  }

  void placeTemporaries(func::FuncOp func, SymbolTable &symbols) {
    placeScaledTemporaries(func);
    Block &block = func.getBody().front();
    DenseMap<Operation *, unsigned> position;
    for (auto [index, op] : llvm::enumerate(block))
      position[&op] = index;

    SmallVector<Temporary> temps;
    for (auto alloc : block.getOps<memref::AllocOp>()) {
      std::optional<int64_t> bytes = byteSize(alloc.getType());
      if (!bytes || *bytes == 0)
        continue;
      Temporary temp;
      temp.alloc = alloc;
      temp.bytes = *bytes;
      temp.start = temp.end = position[alloc];
      if (analyzeLiveRange(temp, block, position))
        temps.push_back(std::move(temp));
    }
    if (temps.empty())
      return;
    int64_t total = packTemporaries(temps);
    if (total > maxBytes)
      return;

    // The workspace and its busy flag, private to this object.
    MLIRContext *context = func.getContext();
    OpBuilder builder(context);
    builder.setInsertionPoint(func);
    Location loc = func.getLoc();
    auto workspaceType = MemRefType::get({total}, builder.getI8Type());
    auto flagType = MemRefType::get({}, builder.getI32Type());
    auto privateVisibility = builder.getStringAttr("private");
    auto workspace = memref::GlobalOp::create(
        builder, loc, ("__mdf_workspace_" + func.getSymName()).str(),
        privateVisibility, workspaceType, builder.getUnitAttr(),
        /*constant=*/false, builder.getI64IntegerAttr(kAlignment));
    symbols.insert(workspace);
    auto flag = memref::GlobalOp::create(
        builder, loc, ("__mdf_workspace_busy_" + func.getSymName()).str(),
        privateVisibility, flagType,
        DenseElementsAttr::get(RankedTensorType::get({}, builder.getI32Type()),
                               builder.getI32IntegerAttr(0)),
        /*constant=*/false, /*alignment=*/nullptr);
    symbols.insert(flag);

    // On entry: take the workspace, or a heap block when it is busy.
    builder.setInsertionPointToStart(&block);
    Value flagRef =
        memref::GetGlobalOp::create(builder, loc, flagType, flag.getSymName());
    Value one = arith::ConstantIntOp::create(builder, loc, 1, 32);
    Value zero = arith::ConstantIntOp::create(builder, loc, 0, 32);
    Value previous = memref::AtomicRMWOp::create(
        builder, loc, arith::AtomicRMWKind::assign, one, flagRef, ValueRange());
    Value acquired = arith::CmpIOp::create(
        builder, loc, arith::CmpIPredicate::eq, previous, zero);
    auto choose = scf::IfOp::create(builder, loc, TypeRange{workspaceType},
                                    acquired, /*withElseRegion=*/true);
    {
      OpBuilder::InsertionGuard guard(builder);
      builder.setInsertionPointToStart(choose.thenBlock());
      Value global = memref::GetGlobalOp::create(builder, loc, workspaceType,
                                                 workspace.getSymName());
      scf::YieldOp::create(builder, loc, global);
      builder.setInsertionPointToStart(choose.elseBlock());
      Value heap = memref::AllocOp::create(builder, loc, workspaceType,
                                           builder.getI64IntegerAttr(kAlignment));
      scf::YieldOp::create(builder, loc, heap);
    }
    Value base = choose.getResult(0);

    // Each temporary becomes a view at its offset.
    for (Temporary &temp : temps) {
      builder.setInsertionPoint(temp.alloc);
      Value offset =
          arith::ConstantIndexOp::create(builder, temp.alloc.getLoc(),
                                         temp.offset);
      Value view = memref::ViewOp::create(builder, temp.alloc.getLoc(),
                                          temp.alloc.getType(), base, offset,
                                          ValueRange());
      temp.alloc.replaceAllUsesWith(view);
      for (memref::DeallocOp dealloc : temp.deallocs)
        dealloc.erase();
      temp.alloc.erase();
    }

    // On return: release the workspace, or free the heap block.
    builder.setInsertionPoint(block.getTerminator());
    auto release = scf::IfOp::create(builder, loc, TypeRange(), acquired,
                                     /*withElseRegion=*/true);
    builder.setInsertionPointToStart(release.thenBlock());
    memref::AtomicRMWOp::create(builder, loc, arith::AtomicRMWKind::assign,
                                zero, flagRef, ValueRange());
    builder.setInsertionPointToStart(release.elseBlock());
    memref::DeallocOp::create(builder, loc, base);
  }
};

} // namespace
