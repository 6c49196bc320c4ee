#!/usr/bin/env bash
# Runs libFuzzer targets for a while and reports executions and crashes.
#
#   scripts/fuzz.sh [TARGET|all] [SECONDS]     (default: all, 60 s each)
#   MDF_FUZZ_RUNS=1000000 scripts/fuzz.sh all 1800
#                     (stop each target after that many executions, or the
#                     seconds, whichever comes first)
#   MDF_FUZZ_TIMEOUT=120 (seconds one input may take; a damaged .pt can keep
#                     LibTorch busy for a minute)
#   MDF_FUZZ_SEED=1 ...  (a fixed random seed: the same mutations each run,
#                     which is what CI uses; default: a new seed each run)
#
# Builds the targets first (MDF_ENABLE_FUZZERS=ON in ${MDF_FUZZ_BUILD_DIR:-
# build-fuzz}, ASan + UBSan). Each target starts from its seeds in
# fuzz/corpus/TARGET and grows a working corpus in
# ${MDF_FUZZ_WORK:-/tmp/mdf-fuzz}/TARGET; a crash is saved there as
# crash-* and the script exits 1. Turn a crash into a regression test:
#   build-fuzz/bin/TARGET /tmp/mdf-fuzz/TARGET/crash-...
# reproduces it; keep the input under test/ and fix the cause.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${MDF_FUZZ_BUILD_DIR:-build-fuzz}
work_root=${MDF_FUZZ_WORK:-/tmp/mdf-fuzz}
target=${1:-all}
seconds=${2:-60}
targets=(json-reader npy-reader mdf-expression mdf-json-import mlir-parse
         torchscript-import)
if [ "$target" != all ]; then
  targets=("$target")
fi

# Only what the targets link is built (not the tools).
if [ ! -f "$build_dir/build.ninja" ]; then
  cmake -G Ninja -S . -B "$build_dir" -DMDF_ENABLE_FUZZERS=ON \
    -DLLVM_EXTERNAL_LIT=/usr/lib/llvm-22/bin/lit >/dev/null
fi
cmake --build "$build_dir" --target mdf-fuzzers >/dev/null

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:detect_container_overflow=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
status=0
for name in "${targets[@]}"; do
  binary=$build_dir/bin/$name
  if [ ! -x "$binary" ]; then
    echo "fuzz: $name: not built (LibTorch missing?)"
    continue
  fi
  work=$work_root/$name
  rm -f "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-*
  mkdir -p "$work/corpus"
  log=$work/fuzz.log
  set +e
  runs_flag=()
  if [ -n "${MDF_FUZZ_RUNS:-}" ]; then
    runs_flag=(-runs="$MDF_FUZZ_RUNS")
  fi
  if [ -n "${MDF_FUZZ_SEED:-}" ]; then
    runs_flag+=(-seed="$MDF_FUZZ_SEED")
  fi
  started=$(date +%s)
  "$binary" "$work/corpus" "fuzz/corpus/$name" -max_total_time="$seconds" \
    "${runs_flag[@]}" \
    -timeout="${MDF_FUZZ_TIMEOUT:-120}" -rss_limit_mb=6144 -print_final_stats=1 \
    -artifact_prefix="$work/" >"$log" 2>&1
  rc=$?
  set -e
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" |
         tail -1 | grep -o '[0-9]*$' || echo 0)
  # Artifacts, plus sanitizer reports of child processes (the TorchScript
  # importer runs LibTorch in one), which libFuzzer does not see.
  artifacts=$(find "$work" -maxdepth 1 \( -name 'crash-*' -o -name 'leak-*' \
              -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
  # A report whose first frame outside the sanitizer runtime is in LibTorch
  # is LibTorch misbehaving inside the importer's child process (the tools
  # turn it into an error); it is counted apart from mdf's own.
  read -r ours torch < <(awk '
    /ERROR: (Address|Leak)Sanitizer/ { open = 1; next }
    /runtime error:/ { ours++; next }
    open && /^ *#[0-9]+ / {
      if ($0 ~ /operator (new|delete)|asan|interceptor|libclang_rt|in (memchr|memcpy|memmove|memset|strlen|free|malloc|realloc|calloc) /)
        next
      if ($0 ~ /libtorch|libc10/) torch++; else ours++
      open = 0
    }
    END { print ours + 0, torch + 0 }' "$log")
  crashes=$ours
  corpus=$(find "$work/corpus" -type f | wc -l)
  elapsed=$(( $(date +%s) - started ))
  echo "fuzz: $name: $runs executions in $elapsed s, corpus $corpus," \
       "$crashes crashes in mdf, $torch inside LibTorch (exit $rc," \
       "$artifacts saved inputs, log $log)"
  if [ "$rc" -ne 0 ] || [ "$crashes" -ne 0 ]; then
    status=1
    grep -m5 -E 'ERROR|SUMMARY|runtime error' "$log" || true
  fi
done
exit $status
