#!/usr/bin/env bash
# Sets everything up and runs the whole test suite: unit, conformance,
# integration (real daemon over WebSocket), ABI refusal tests, the out-of-tree
# plugin build, and a bounded libFuzzer run. Ends with ctest's summary.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh --test
if [[ -f tests/e2e/package.json ]]; then
  (cd tests/e2e && npm install --no-audit --no-fund --silent >/dev/null)
fi

jobs=$(nproc)
cmake --preset default >/dev/null
cmake --build --preset default -j "$jobs"

if [[ -x scripts/fuzz.sh ]]; then bash scripts/fuzz.sh; fi

ctest --preset default -j "$jobs"
