#!/usr/bin/env bash
# The README's main command: installs what is missing, builds, and runs mdf
# on the bundled example model.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
bin=${MDF_BUILD_DIR:-build}/bin
example=examples/mlp.mlir

echo "== $example: shapes refined and folded (mdf-infer-shapes, canonicalize)"
"$bin/mdf-opt" "$example" --mdf-infer-shapes --canonicalize
