// The CPUPipelineOptions reach the passes, from mdf-opt's pipeline and
// from mdf-compile's --pipeline-options; bad ones are refused.
// RUN: mdf-opt %s --mdf-cpu-pipeline | FileCheck %s --check-prefix=DEFAULT
// RUN: mdf-opt %s '--mdf-cpu-pipeline=vector-tile=16' | FileCheck %s --check-prefix=SIXTEEN
// RUN: mdf-compile %s --pipeline-options='vector-tile=32' --emit=mlir -o %t.lowered.mlir
// RUN: FileCheck %s --check-prefix=THIRTYTWO < %t.lowered.mlir
// RUN: not mdf-compile %s --pipeline-options='vector-size=3' -o %t.o 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// RUN: not mdf-compile %s --pipeline-options='vector-tile=0' -o %t.o 2>&1 | FileCheck %s --check-prefix=ZERO

// 147 has no power-of-two divisor: its vector loop is masked, of the
// vector-tile length.
// DEFAULT: vector<64xf32>
// SIXTEEN: vector<16xf32>
// SIXTEEN-NOT: vector<64xf32>
// THIRTYTWO: vector<32xf32>
// THIRTYTWO-NOT: vector<64xf32>
// UNKNOWN: no such option vector-size
// UNKNOWN: error: --pipeline-options: 'vector-size=3' is not a list of mdf-cpu-pipeline options (whole-loop-limit, vector-tile, workspace-max-bytes)
// ZERO: error: mdf-tile-and-vectorize-loops: whole-loop-limit and masked-tile must be at least 1
func.func @forward(%x: tensor<3x147xf32>) -> tensor<3x147xf32> {
  %0 = mdf.relu %x : tensor<3x147xf32>
  return %0 : tensor<3x147xf32>
}
