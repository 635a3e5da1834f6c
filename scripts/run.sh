#!/usr/bin/env bash
# Sets everything up and runs Switchboard on its embedded default:
# SQLite in ./data, WebSocket on ws://127.0.0.1:8081/v1/ws, HTTP (API and web
# app) on http://127.0.0.1:8080.
set -euo pipefail
cd "$(dirname "$0")/.."
# ccache hits across clones of the repository in other directories (CI
# builds a fresh clone): paths relative to the checkout, not hashed.
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=true
bash scripts/install-deps.sh
# Only the server and its plugins: the test suites need the test packages
# (scripts/test.sh installs them and turns them back on).
cmake --preset default -DSWITCHBOARD_BUILD_TESTS=OFF -DSWITCHBOARD_BUILD_BENCH=OFF >/dev/null
cmake --build --preset default
exec build/bin/switchboard --config config/switchboard.yaml "$@"
