#!/usr/bin/env bash
# The out-of-tree plugin test (run by ctest, see CMakeLists.txt):
#  1. installs this build (SDK, server, plugins) into a fresh prefix;
#  2. configures and builds examples/echo-plugin from outside the tree with
#     -DCMAKE_PREFIX_PATH=<prefix>, i.e. find_package(Switchboard), and runs
#     the plugin's own tests (the installed SDK's TestHost);
#  3. runs the installed server with a temporary config: temporary data dir,
#     SB_JWT_SECRET, transport.websocket and the example's example.line (by
#     `file:`), both on free loopback ports;
#  4. registers and logs in over a plain TCP connection to example.line, one
#     JSON envelope per line each way;
#  5. stops the server with SIGTERM and expects exit code 0, with the client
#     connection closed by the server.
# Every step is bounded by a timeout; everything stays on 127.0.0.1.
set -euo pipefail

if [[ $# -ne 10 ]]; then
  echo "usage: $0 BUILD_DIR EXAMPLE_DIR WORK_DIR CMAKE CTEST GENERATOR CXX_COMPILER COMPILER_LAUNCHER" \
    "CXX_FLAGS LINKER_FLAGS" >&2
  exit 2
fi
build_dir=$1 example_dir=$2 work=$3 cmake=$4 ctest=$5 generator=$6 cxx=$7 launcher=$8 cxx_flags=$9 linker_flags=${10}

prefix=$work/prefix
server_log=$work/server.log
server_pid=

fail() {
  echo "FAIL: $*" >&2
  if [[ -f $server_log ]]; then
    echo "---- server log (last 40 lines) ----" >&2
    tail -n 40 "$server_log" >&2
  fi
  exit 1
}

stop_leftover_server() {
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then kill -KILL "$server_pid"; fi
}
trap stop_leftover_server EXIT

# Polls `condition` (a command) every 0.1 s for up to `seconds`.
wait_for() {
  local seconds=$1
  shift
  local tries=$((seconds * 10))
  while ((tries-- > 0)); do
    if "$@"; then return 0; fi
    sleep 0.1
  done
  return 1
}

rm -rf "$work"
mkdir -p "$work/data"

echo "== install $build_dir into $prefix"
timeout 120 "$cmake" --install "$build_dir" --prefix "$prefix" >"$work/install.log" 2>&1 ||
  { cat "$work/install.log" >&2; fail "cmake --install failed (is the whole tree built?)"; }
for installed in bin/switchboard include/switchboard/abi.h lib/cmake/Switchboard/SwitchboardConfig.cmake \
  lib/switchboard/plugins/storage.sqlite.so lib/switchboard/plugins/transport.websocket.so; do
  [[ -e $prefix/$installed ]] || fail "the install has no $installed"
done

echo "== build $example_dir out of tree"
timeout 120 "$cmake" -S "$example_dir" -B "$work/example-build" -G "$generator" \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_CXX_COMPILER_LAUNCHER="$launcher" -DCMAKE_CXX_FLAGS="$cxx_flags" \
  -DCMAKE_EXE_LINKER_FLAGS="$linker_flags" -DCMAKE_MODULE_LINKER_FLAGS="$linker_flags" \
  >"$work/example-configure.log" 2>&1 ||
  { cat "$work/example-configure.log" >&2; fail "configuring the example failed"; }
timeout 240 "$cmake" --build "$work/example-build" -j2 >"$work/example-build.log" 2>&1 ||
  { cat "$work/example-build.log" >&2; fail "building the example failed"; }
plugin=$work/example-build/example.line.so
[[ -f $plugin ]] || fail "the example's build did not produce $plugin"
# Hidden visibility: the entry point is the only function the plugin exports.
exported=$(nm -D --defined-only "$plugin" | awk '$2 == "T" { print $3 }')
[[ $exported == sb_plugin_entry_v1 ]] || fail "example.line.so exports: $exported"

echo "== run the example's own tests"
timeout 120 "$ctest" --test-dir "$work/example-build" --output-on-failure --timeout 60 >"$work/example-tests.log" 2>&1 ||
  { cat "$work/example-tests.log" >&2; fail "the example's own tests failed"; }

cat >"$work/switchboard.yaml" <<EOF
server:
  data_dir: $work/data
  log_level: info
auth:
  jwt_secret: \${SB_JWT_SECRET}
plugins:
  - id: storage.sqlite
    config:
      path: $work/data/switchboard.db
  - id: transport.websocket
    config:
      host: 127.0.0.1
      port: 0
  - id: example.line
    file: $plugin
    config:
      host: 127.0.0.1
      port: 0
EOF
export SB_JWT_SECRET=out-of-tree-test-secret-0123456789abcdef

echo "== check the configuration"
timeout 30 "$prefix/bin/switchboard" --check-config --config "$work/switchboard.yaml" >"$work/check.log" 2>&1 ||
  { cat "$work/check.log" >&2; fail "--check-config refused the configuration"; }

echo "== start the installed server"
"$prefix/bin/switchboard" --config "$work/switchboard.yaml" >"$server_log" 2>&1 &
server_pid=$!
server_ready() {
  kill -0 "$server_pid" 2>/dev/null || fail "the server exited during startup"
  grep -q "ready:" "$server_log"
}
wait_for 30 server_ready || fail "the server did not report ready within 30 s"
port=$(sed -n 's/.*\[example\.line\] listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$server_log" | head -n 1)
[[ -n $port ]] || fail "example.line did not log its port"
echo "   example.line on 127.0.0.1:$port"

echo "== talk to example.line"
exec 3<>"/dev/tcp/127.0.0.1/$port"
# Sends one request line and reads one response line within 10 s.
request() {
  printf '%s\n' "$1" >&3
  IFS= read -r -t 10 response <&3 || fail "no response line to: $1"
  echo "   $response"
}
request '{"id":1,"op":"auth.register","data":{"username":"line_user","password":"correct horse battery staple"}}'
[[ $response == *'"id":1'* && $response == *'"ok":true'* ]] || fail "auth.register was not answered ok"
request '{"id":2,"op":"auth.login","data":{"username":"line_user","password":"correct horse battery staple"}}'
[[ $response == *'"id":2'* && $response == *'"ok":true'* && $response == *'"token":'* ]] ||
  fail "auth.login was not answered with a token"
request '{"id":3,"op":"no.such.op","data":{}}'
[[ $response == *'"id":3'* && $response == *'"ok":false'* ]] || fail "an unknown op was not answered with an error"

echo "== stop the server with SIGTERM"
kill -TERM "$server_pid"
server_exited() { ! kill -0 "$server_pid" 2>/dev/null; }
wait_for 30 server_exited || fail "the server did not exit within 30 s of SIGTERM"
status=0
wait "$server_pid" || status=$?
server_pid=
[[ $status -eq 0 ]] || fail "the server exited with status $status"
# The server closed our connection when it stopped example.line.
if IFS= read -r -t 5 response <&3; then fail "the connection is still open after shutdown: $response"; fi
exec 3<&-
grep -q "shutdown complete" "$server_log" || fail "the server did not log a complete shutdown"
echo "PASS"
