#!/usr/bin/env bash
# Runs the whole lit suite (TorchScript tests included) on an AddressSanitizer
# + UndefinedBehaviorSanitizer build of mdf, with leak checking on.
#
#   scripts/sanitizer-tests.sh [lit arguments]
#
# The build lives in ${MDF_SANITIZER_BUILD_DIR:-build-fuzz} (configured with
# MDF_ENABLE_FUZZERS=ON, which implies the sanitizers, so scripts/fuzz.sh
# shares it). Leaks inside LibTorch's own start-up are suppressed
# (scripts/lsan.supp); everything else fails its test. About an hour on
# 2 cores, most of it the build; docs/robustness.md records the last run.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${MDF_SANITIZER_BUILD_DIR:-build-fuzz}
if [ ! -f "$build_dir/build.ninja" ]; then
  cmake -G Ninja -S . -B "$build_dir" -DMDF_ENABLE_FUZZERS=ON \
    -DLLVM_EXTERNAL_LIT=/usr/lib/llvm-22/bin/lit
fi
cmake --build "$build_dir"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:detect_container_overflow=0:abort_on_error=0}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/scripts/lsan.supp:print_suppressions=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
exec /usr/lib/llvm-22/bin/lit -sv --timeout=1800 "$@" "$build_dir/test"
