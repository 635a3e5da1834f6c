#!/usr/bin/env bash
# Sets everything up and runs the whole test suite: unit, conformance,
# integration (real daemon over WebSocket), ABI refusal tests, the out-of-tree
# plugin build, the JavaScript client's tests, the web app in Chromium, and a
# bounded libFuzzer run. Ends with ctest's summary.
set -euo pipefail
cd "$(dirname "$0")/.."
# ccache hits across clones of the repository in other directories (CI
# builds a fresh clone): paths relative to the checkout, not hashed.
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=true
bash scripts/install-deps.sh --test
# npm packages of the JavaScript tests, from their committed lockfiles.
bash scripts/npm-ci.sh sdk/js
bash scripts/npm-ci.sh tests/browser

jobs=$(nproc)
cmake --preset default -DSWITCHBOARD_BUILD_TESTS=ON -DSWITCHBOARD_BUILD_BENCH=ON >/dev/null
cmake --build --preset default -j "$jobs"

if [[ -x scripts/fuzz.sh ]]; then bash scripts/fuzz.sh; fi

ctest --preset default -j "$jobs"
