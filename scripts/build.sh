#!/usr/bin/env bash
# Configures (once) and builds mdf into ${MDF_BUILD_DIR:-build}.
# Extra arguments go to the first cmake configure, e.g.
#   scripts/build.sh -DMDF_ENABLE_TORCHSCRIPT=OFF
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${MDF_BUILD_DIR:-build}

if [ ! -f "$build_dir/build.ninja" ]; then
  cmake -G Ninja -S . -B "$build_dir" \
    -DLLVM_EXTERNAL_LIT=/usr/lib/llvm-22/bin/lit "$@"
fi
cmake --build "$build_dir"
