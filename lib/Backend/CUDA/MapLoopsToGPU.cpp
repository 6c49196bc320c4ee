//===- MapLoopsToGPU.cpp - every loop nest of a function as a kernel ------===//
//
// This file implements mdf-map-loops-to-gpu: parallel loop nests become
// flattened one-thread-per-iteration launches, any other computation on
// buffer contents a launch of one thread, so that the host only allocates,
// makes views and launches.
//
//===----------------------------------------------------------------------===//

#include "mdf/Backend/CUDA/Passes.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"
#include "llvm/ADT/SetVector.h"

namespace mlir::mdf {
#define GEN_PASS_DEF_MDFMAPLOOPSTOGPU
#include "mdf/Backend/CUDA/Passes.h.inc"
} // namespace mlir::mdf

using namespace mlir;

namespace {

/// Whether `op` stays on the host: it manages buffers (allocation, views,
/// globals), calls or returns, launches, or is index arithmetic on values
/// the host has.
bool staysOnHost(Operation *op, const DenseSet<Value> &deviceValues) {
  if (isa<func::ReturnOp, func::CallOp, memref::AllocOp, memref::AllocaOp,
          memref::DeallocOp, memref::GetGlobalOp, memref::DimOp,
          memref::ExtractStridedMetadataOp, memref::ExtractAlignedPointerAsIndexOp,
          ViewLikeOpInterface>(op))
    return true;
  if (isa<gpu::GPUDialect>(op->getDialect()))
    return true;
  if (op->getNumRegions() != 0 || !isMemoryEffectFree(op))
    return false;
  return llvm::none_of(op->getOperands(),
                       [&](Value v) { return deviceValues.contains(v); });
}

struct MapLoopsToGPU
    : public mdf::impl::MDFMapLoopsToGPUBase<MapLoopsToGPU> {
  using Base::Base;

  /// Values that only a kernel has: results of ops moved to the device.
  DenseSet<Value> deviceValues;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    deviceValues.clear();
    if (func.isExternal())
      return;
    if (!func.getBody().hasOneBlock()) {
      func.emitError("mdf-map-loops-to-gpu: the function body must be one "
                     "block (loops are still scf ops)");
      return signalPassFailure();
    }
    if (failed(mapBlock(func.getBody().front())))
      signalPassFailure();
  }

  /// Whether `op` is control flow the host runs, its body mapped in turn:
  /// an `scf.for` or `scf.if` on host values around kernels or
  /// allocations (a counted loop of tensor ops, as decompositions make).
  bool isHostControlFlow(Operation *op) {
    if (!isa<scf::ForOp, scf::IfOp>(op))
      return false;
    if (llvm::any_of(op->getOperands(),
                     [&](Value v) { return deviceValues.contains(v); }))
      return false;
    WalkResult found = op->walk([](Operation *nested) {
      return isa<scf::ParallelOp, memref::AllocOp>(nested)
                 ? WalkResult::interrupt()
                 : WalkResult::advance();
    });
    return found.wasInterrupted();
  }

  /// Maps the ops of `block`: loops to launches, the rest of the work on
  /// tensor data to one-thread kernels.
  LogicalResult mapBlock(Block &block) {
    SmallVector<Operation *> group;
    auto flush = [&]() -> LogicalResult {
      if (group.empty())
        return success();
      LogicalResult result = launchOneThread(group);
      group.clear();
      return result;
    };
    for (Operation &op : llvm::make_early_inc_range(block)) {
      if (isHostControlFlow(&op)) {
        if (failed(flush()))
          return failure();
        for (Region &region : op.getRegions())
          for (Block &nested : region)
            if (failed(mapBlock(nested)))
              return failure();
        continue;
      }
      if (staysOnHost(&op, deviceValues)) {
        for (Value operand : op.getOperands())
          if (deviceValues.contains(operand))
            return op.emitError()
                   << "'" << op.getName()
                   << "' on the host needs a value that only the GPU "
                      "computes (a size read from tensor data); the CUDA "
                      "target cannot compile this model";
        // Host ops that only make values (constants, index arithmetic,
        // views, allocations) move above the open group rather than split
        // it: device values stay inside one kernel.
        bool makesValues =
            isa<memref::AllocOp, memref::AllocaOp, memref::GetGlobalOp>(op) ||
            (isMemoryEffectFree(&op) && op.getNumRegions() == 0 &&
             !op.hasTrait<OpTrait::IsTerminator>());
        if (!group.empty() && makesValues) {
          op.moveBefore(group.front());
          continue;
        }
        if (failed(flush()))
          return failure();
        continue;
      }
      if (isa<scf::WhileOp>(&op))
        return op.emitError(
            "a loop whose condition reads tensor data ('scf.while': Python "
            "`while` on a tensor, or `break` on one) does not run on the GPU "
            "yet: the CUDA target cannot compile this model");
      for (Value result : op.getResults())
        deviceValues.insert(result);
      if (auto loop = dyn_cast<scf::ParallelOp>(&op)) {
        if (failed(flush()) || failed(launchFlattened(loop)))
          return failure();
        continue;
      }
      group.push_back(&op);
    }
    return flush();
  }

  /// Moves `ops` (consecutive) into a launch of one block of one thread.
  LogicalResult launchOneThread(ArrayRef<Operation *> ops) {
    llvm::SmallPtrSet<Operation *, 8> inGroup(ops.begin(), ops.end());
    for (Operation *op : ops)
      for (Value result : op->getResults())
        for (Operation *user : result.getUsers())
          if (!inGroup.contains(op->getBlock()->findAncestorOpInBlock(*user)))
            return user->emitError()
                   << "'" << user->getName()
                   << "' uses a value computed on the GPU by '"
                   << op->getName() << "' outside its kernel";
    OpBuilder builder(ops.front());
    Location loc = ops.front()->getLoc();
    Value one = arith::ConstantIndexOp::create(builder, loc, 1);
    auto launch = gpu::LaunchOp::create(builder, loc, one, one, one, one, one,
                                        one);
    Block &launchBody = launch.getBody().front();
    builder.setInsertionPointToEnd(&launchBody);
    auto terminator = gpu::TerminatorOp::create(builder, loc);
    for (Operation *op : ops)
      op->moveBefore(terminator);
    return success();
  }

  /// Replaces `loop` by a launch of one thread per iteration.
  LogicalResult launchFlattened(scf::ParallelOp loop) {
    if (loop.getNumResults() != 0)
      return loop.emitError("mdf-map-loops-to-gpu: parallel loops with "
                            "reductions are not mapped yet");
    OpBuilder builder(loop);
    Location loc = loop.getLoc();
    auto index = [&](int64_t value) -> Value {
      return arith::ConstantIndexOp::create(builder, loc, value);
    };
    // Trip counts and their product, on the host.
    SmallVector<Value> tripCounts;
    Value total = index(1);
    for (auto [lower, upper, step] :
         llvm::zip(loop.getLowerBound(), loop.getUpperBound(),
                   loop.getStep())) {
      Value extent = builder.createOrFold<arith::SubIOp>(loc, upper, lower);
      Value trips =
          builder.createOrFold<arith::CeilDivSIOp>(loc, extent, step);
      trips = builder.createOrFold<arith::MaxSIOp>(loc, trips, index(0));
      tripCounts.push_back(trips);
      total = builder.createOrFold<arith::MulIOp>(loc, total, trips);
    }
    Value threads = builder.createOrFold<arith::MaxSIOp>(
        loc,
        builder.createOrFold<arith::MinSIOp>(loc, total,
                                             index(threadsPerBlock)),
        index(1));
    Value blocks = builder.createOrFold<arith::MaxSIOp>(
        loc, builder.createOrFold<arith::CeilDivSIOp>(loc, total, threads),
        index(1));
    Value one = index(1);
    auto launch =
        gpu::LaunchOp::create(builder, loc, blocks, one, one, threads, one, one);
    Block &launchBody = launch.getBody().front();
    builder.setInsertionPointToEnd(&launchBody);
    auto terminator = gpu::TerminatorOp::create(builder, loc);
    builder.setInsertionPoint(terminator);

    // The thread's iteration: its linear id, then one index per dimension
    // (the last varies fastest).
    Value id = arith::AddIOp::create(
        builder, loc,
        arith::MulIOp::create(builder, loc, launch.getBlockIds().x,
                              launch.getBlockSize().x),
        launch.getThreadIds().x);
    Value inRange = arith::CmpIOp::create(builder, loc,
                                          arith::CmpIPredicate::ult, id, total);
    auto guard = scf::IfOp::create(builder, loc, TypeRange(), inRange,
                                   /*withElseRegion=*/false);
    builder.setInsertionPointToStart(guard.thenBlock());
    SmallVector<Value> inductionValues(tripCounts.size());
    Value remaining = id;
    for (int64_t dim = static_cast<int64_t>(tripCounts.size()) - 1; dim >= 0;
         --dim) {
      Value position = remaining;
      if (dim > 0) {
        position =
            arith::RemUIOp::create(builder, loc, remaining, tripCounts[dim]);
        remaining =
            arith::DivUIOp::create(builder, loc, remaining, tripCounts[dim]);
      }
      Value scaled = builder.createOrFold<arith::MulIOp>(
          loc, position, loop.getStep()[dim]);
      inductionValues[dim] = builder.createOrFold<arith::AddIOp>(
          loc, loop.getLowerBound()[dim], scaled);
    }
    IRMapping mapping;
    mapping.map(loop.getInductionVars(), inductionValues);
    for (Operation &op : loop.getBody()->without_terminator())
      builder.clone(op, mapping);
    loop.erase();
    return success();
  }
};

} // namespace
