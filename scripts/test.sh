#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, and runs
# every test (lit regression tests and the generated-docs check) via ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
ctest --test-dir "${MDF_BUILD_DIR:-build}" --output-on-failure
