#!/usr/bin/env bash
# The README's main command: installs what is missing, builds mdf, compiles
# the bundled example model to an object file and a C header, links it into
# a small C program and runs it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
build=${MDF_BUILD_DIR:-build}
mkdir -p "$build/examples"

echo "== mdf-compile examples/mlp.mlir -> $build/examples/mlp.o + mlp.h"
"$build/bin/mdf-compile" examples/mlp.mlir -o "$build/examples/mlp.o" --timing
echo "== clang-22 examples/run_mlp.c $build/examples/mlp.o -> run_mlp"
clang-22 -O2 -I"$build/examples" examples/run_mlp.c "$build/examples/mlp.o" \
  -lm -o "$build/examples/run_mlp"
echo "== $build/examples/run_mlp"
"$build/examples/run_mlp"
