#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, and runs
# every test (lit regression tests and the generated-docs check) via ctest.
# In CI (CI=true), or when MDF_FUZZ_SECONDS is set, it then builds the
# libFuzzer targets (ASan + UBSan, in build-fuzz/) and runs each for
# MDF_FUZZ_SECONDS (default 60) seconds from the seeds in fuzz/corpus with a
# fixed random seed (so a run finds what the last one found); a crash fails
# the run. Long runs with new seeds: scripts/fuzz.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
ctest --test-dir "${MDF_BUILD_DIR:-build}" --output-on-failure
if [ "${CI:-}" = true ] || [ -n "${MDF_FUZZ_SECONDS:-}" ]; then
  MDF_FUZZ_SEED=${MDF_FUZZ_SEED:-1} scripts/fuzz.sh all "${MDF_FUZZ_SECONDS:-60}"
fi
