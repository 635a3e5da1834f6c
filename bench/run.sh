#!/usr/bin/env bash
# Runs one benchmark suite against a fresh server, then stops the server.
#
#   bench/run.sh connections   10,000 idle authenticated connections: server RSS
#   bench/run.sh direct        1:1 conversations: max sustained durable msg/s, p99 at 5,000 msg/s
#   bench/run.sh group         groups of 100: deliveries/s
#   bench/run.sh mosquitto     the group load against Debian's mosquitto (WebSocket and TCP)
#   bench/run.sh mqtt          the direct and group loads through mosquitto to transport.mqtt
#   bench/run.sh all           the five, then the comparison
#
# Build first (RelWithDebInfo):
#   cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
#   cmake --build build-bench --target switchboard storage_sqlite transport_websocket sb-loadgen
#
# Environment: SB_BUILD_DIR (default build-bench), SB_BENCH_RESULTS (where the
# reports, JSON lines and server logs go; default $SB_BUILD_DIR/bench-results),
# SB_BENCH_PORT (Switchboard's WebSocket port, default 18081),
# SB_BENCH_MQTT_WS_PORT / SB_BENCH_MQTT_TCP_PORT (18083 / 18883),
# SB_BENCH_DIRECT_RATES / SB_BENCH_GROUP_RATES (the message rate steps, comma-separated),
# SB_BENCH_MQTT_EVENT_QOS (transport.mqtt's event_qos in the mqtt suite, default 1),
# SB_BENCH_WORK_ROOT (where the server's data directory is made, default /tmp;
# /dev/shm takes the disk out of the measurement),
# SB_BENCH_PERF=1 (record a CPU profile of the server with perf),
# SB_BENCH_RT=1 (run the server and the load generator under SCHED_FIFO
# priority 1, so that builds sharing the machine do not preempt them; needs
# root; niceness alone is not enough: a nice -10 broker still waited for a
# CPU half of the time on a machine busy with compilers).
# Every suite stops by itself within about two minutes; everything listens on
# 127.0.0.1 only.
set -euo pipefail

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$bench_dir")
bash "$root/scripts/install-deps.sh" --bench
build_dir=${SB_BUILD_DIR:-$root/build-bench}
loadgen=$build_dir/bin/sb-loadgen
server=$build_dir/bin/switchboard
results=${SB_BENCH_RESULTS:-$build_dir/bench-results}
port=${SB_BENCH_PORT:-18081}
mqtt_ws_port=${SB_BENCH_MQTT_WS_PORT:-18083}
mqtt_tcp_port=${SB_BENCH_MQTT_TCP_PORT:-18883}

# The fan-out load both Switchboard and mosquitto get: 10 groups (topics) of
# 100 members, 10 senders in each, stepping the message rate up until a step
# is not sustained (fewer than 97% of the messages acknowledged or delivered
# within the step, any error, or a p99 above 500 ms: a backlog building up).
# 2,100 msg/s x 99 recipients is the 200,000 deliveries/s target.
# The load generator reads every millisecond rather than on every segment:
# fewer wakeups, epoll calls and TCP ACKs per frame halve its own CPU (it
# shares the two cores with the server), at the price of up to 1 ms added to
# each latency.
group_load=(--scenario group --connections 1000 --group-size 100 --senders-per-group 10
            --rate ${SB_BENCH_GROUP_RATES:-500,750,1000,1250,1500,2100,3000} --warmup 2 --duration 5 --drain 2 --stop-at-saturation
            --max-p99-ms 500
            --read-interval-us 1000)
direct_load=(--scenario direct --connections ${SB_BENCH_DIRECT_CONNECTIONS:-1000}
             --rate ${SB_BENCH_DIRECT_RATES:-5000,7500,10000,12500,15000,20000,25000,30000} --warmup 2 --duration 8 --drain 2 --stop-at-saturation
             --max-p99-ms 500)
# Through the broker every message crosses it twice (request in, reply and
# event out), so the MQTT steps start lower.
mqtt_direct_load=(--scenario direct --connections 1000
                  --rate ${SB_BENCH_MQTT_DIRECT_RATES:-2000,4000,6000,8000,10000,12500,15000} --warmup 2 --duration 6 --drain 2
                  --stop-at-saturation --max-p99-ms 500)
mqtt_group_load=(--scenario group --connections 1000 --group-size 100 --senders-per-group 10
                 --rate ${SB_BENCH_MQTT_GROUP_RATES:-250,500,750,1000,1500,2100} --warmup 2 --duration 5 --drain 2
                 --stop-at-saturation --max-p99-ms 500 --read-interval-us 1000)
idle_load=(--scenario idle --connections 10000 --connect-rate 2000 --duration 10)

# How everything measured is started: as is, or real-time.
run_prefix=()
if [[ "${SB_BENCH_RT:-0}" == 1 ]]; then run_prefix=(chrt --fifo 1); fi

server_pid=""
broker_pid=""
perf_pid=""
work_dir=""

usage() {
  sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
}

note() { echo "run.sh: $*" >&2; }

raise_open_files() {
  # Each connection is a descriptor in the load generator and one in the server.
  ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
  if (($(ulimit -n) < 20100)); then
    note "warning: open-file limit $(ulimit -n) is low for 10,000 connections (raise the hard limit)"
  fi
}

wait_for_port() { # port pid
  for _ in $(seq 1 200); do
    kill -0 "$2" 2>/dev/null || return 1
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

stop_pid() { # pid seconds
  local pid=$1
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 $(($2 * 10))); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
    sleep 0.1
  done
  note "pid $pid did not stop in $2 s; killing it"
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  [[ -n "$perf_pid" ]] && stop_pid "$perf_pid" 10
  [[ -n "$server_pid" ]] && stop_pid "$server_pid" 15
  [[ -n "$broker_pid" ]] && stop_pid "$broker_pid" 15
  [[ -n "$work_dir" ]] && rm -rf "$work_dir"
  server_pid="" broker_pid="" perf_pid="" work_dir=""
}
trap cleanup EXIT

start_switchboard() { # suite [config]
  [[ -n "$work_dir" ]] || work_dir=$(mktemp -d ${SB_BENCH_WORK_ROOT:-/tmp}/sb-bench.XXXXXX)
  SB_JWT_SECRET=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')
  export SB_JWT_SECRET
  SB_DATA_DIR=$work_dir SB_WS_PORT=$port SB_MQTT_URL="mqtt://127.0.0.1:$mqtt_tcp_port" \
    SB_MQTT_EVENT_QOS=${SB_BENCH_MQTT_EVENT_QOS:-1} \
    "${run_prefix[@]}" "$server" --config "$bench_dir/${2:-switchboard-bench.yaml}" >"$results/$1.server.log" 2>&1 &
  server_pid=$!
  if ! wait_for_port "$port" "$server_pid"; then
    note "the server did not start; its log:"
    cat "$results/$1.server.log" >&2
    exit 1
  fi
  note "switchboard pid $server_pid on ws://127.0.0.1:$port/v1/ws (data in $work_dir)"
}

start_mosquitto() {
  work_dir=$(mktemp -d /tmp/sb-bench-mqtt.XXXXXX)
  sed -e "s/@WS_PORT@/$mqtt_ws_port/" -e "s/@TCP_PORT@/$mqtt_tcp_port/" \
    "$bench_dir/mosquitto-bench.conf.in" >"$work_dir/mosquitto.conf"
  "${run_prefix[@]}" mosquitto -c "$work_dir/mosquitto.conf" >"$results/mosquitto.server.log" 2>&1 &
  server_pid=$!
  if ! wait_for_port "$mqtt_tcp_port" "$server_pid" || ! wait_for_port "$mqtt_ws_port" "$server_pid"; then
    note "mosquitto did not start; its log:"
    cat "$results/mosquitto.server.log" >&2
    exit 1
  fi
  note "mosquitto $(mosquitto -h 2>/dev/null | head -1 | awk '{print $3}') pid $server_pid: ws://127.0.0.1:$mqtt_ws_port, tcp://127.0.0.1:$mqtt_tcp_port"
}

start_perf() { # name
  [[ "${SB_BENCH_PERF:-0}" == 1 ]] || return 0
  command -v perf >/dev/null || { note "perf is not installed; no profile"; return 0; }
  # A software clock with a fixed period: some virtual machines give no
  # hardware counters and no samples with -F.
  perf record -e task-clock -c 2500000 --call-graph dwarf,4096 -p "$server_pid" -o "$results/$1.perf.data" \
    >/dev/null 2>&1 &
  perf_pid=$!
}

stop_perf() { # name
  [[ -n "$perf_pid" ]] || return 0
  kill -INT "$perf_pid" 2>/dev/null || true
  wait "$perf_pid" 2>/dev/null || true
  perf_pid=""
  {
    echo "== self time"
    perf report -i "$results/$1.perf.data" --stdio --no-children -g none --sort comm,dso,symbol 2>/dev/null |
      grep '%' | head -40
    echo "== with callees"
    perf report -i "$results/$1.perf.data" --stdio --children -g none --sort comm,symbol 2>/dev/null |
      grep '%' | head -60
  } | sed 's/[[:space:]]*$//' >"$results/$1.perf.txt" || true
  note "CPU profile: $results/$1.perf.txt"
}

# Runs sb-loadgen; keeps its report in <name>.txt and its JSON line in <name>.json.
loadgen() { # name args...
  local name=$1
  shift
  local status=0
  start_perf "$name"
  "${run_prefix[@]}" "$loadgen" --server-pid "$server_pid" --label "$name" --json "$@" | tee "$results/$name.txt" | grep -v '^{' ||
    status=$?
  stop_perf "$name"
  grep '^{' "$results/$name.txt" | tail -1 >"$results/$name.json" || true
  sed -i '/^{/d' "$results/$name.txt"
  return $status
}

verdict() { # value comparison target
  if awk -v v="$1" -v t="$3" "BEGIN { exit !(v $2 t) }"; then echo "meets"; else echo "MISSES"; fi
}

suite_connections() {
  start_switchboard connections
  loadgen connections --url "ws://127.0.0.1:$port/v1/ws" "${idle_load[@]}" || true
  cleanup
  local json=$results/connections.json
  [[ -s "$json" ]] || return 1
  local reached peak connected baseline
  reached=$(jq -r .connections_reached "$json")
  peak=$(jq -r .server_rss_peak_bytes "$json")
  connected=$(jq -r .server_rss_connected_bytes "$json")
  baseline=$(jq -r .server_rss_baseline_bytes "$json")
  echo "connections: $reached held; server RSS $((connected / 1048576)) MiB connected, peak $((peak / 1048576)) MiB" \
    "($(((connected - baseline) / (reached > 0 ? reached : 1))) bytes per connection) —" \
    "$(verdict "$peak" "<=" 300000000) the 300 MB target" | tee -a "$results/summary.txt"
}

suite_direct() {
  start_switchboard direct
  loadgen direct --url "ws://127.0.0.1:$port/v1/ws" "${direct_load[@]}" || true
  cleanup
  local json=$results/direct.json
  [[ -s "$json" ]] || return 1
  local best p99
  best=$(jq -r '.max_sustained.acked_per_s // 0 | floor' "$json")
  p99=$(jq -r '[.steps[] | select(.offered_per_s == 5000)][0].delivery_latency.p99_ms // "n/a"' "$json")
  echo "direct: max sustained $best durable msg/s — $(verdict "$best" ">=" 20000) the 20,000/s target;" \
    "p99 at 5,000 msg/s $p99 ms — $(verdict "$p99" "<=" 50) the 50 ms target" | tee -a "$results/summary.txt"
}

suite_group() {
  start_switchboard group
  loadgen group --url "ws://127.0.0.1:$port/v1/ws" "${group_load[@]}" || true
  cleanup
  local json=$results/group.json
  [[ -s "$json" ]] || return 1
  local best
  best=$(jq -r '.max_sustained.deliveries_per_s // 0 | floor' "$json")
  echo "group: max sustained $best deliveries/s — $(verdict "$best" ">=" 200000) the 200,000/s target" |
    tee -a "$results/summary.txt"
}

suite_mosquitto() {
  command -v mosquitto >/dev/null || { note "mosquitto is not installed (apt-get install mosquitto)"; return 1; }
  start_mosquitto
  loadgen mosquitto-ws --protocol mqtt --url "ws://127.0.0.1:$mqtt_ws_port/" "${group_load[@]}" || true
  loadgen mosquitto-tcp --protocol mqtt --url "tcp://127.0.0.1:$mqtt_tcp_port" "${group_load[@]}" || true
  cleanup
  compare
}

# The chat load through mosquitto's TCP listener to transport.mqtt: each
# message crosses the broker to the server and back out to its recipients.
suite_mqtt() {
  command -v mosquitto >/dev/null || { note "mosquitto is not installed (apt-get install mosquitto)"; return 1; }
  start_mosquitto_tcp_only
  broker_pid=$server_pid
  server_pid=""
  start_switchboard mqtt switchboard-mqtt-bench.yaml
  for _ in $(seq 1 100); do grep -q "connected to the broker" "$results/mqtt.server.log" && break; sleep 0.1; done
  grep -q "connected to the broker" "$results/mqtt.server.log" ||
    { note "transport.mqtt did not connect; its log:"; cat "$results/mqtt.server.log" >&2; return 1; }
  loadgen mqtt-direct --protocol switchboard-mqtt --url "tcp://127.0.0.1:$mqtt_tcp_port" "${mqtt_direct_load[@]}" || true
  loadgen mqtt-group --protocol switchboard-mqtt --url "tcp://127.0.0.1:$mqtt_tcp_port" "${mqtt_group_load[@]}" || true
  cleanup
  local direct group
  direct=$(jq -r '.max_sustained.acked_per_s // 0 | floor' "$results/mqtt-direct.json" 2>/dev/null || echo n/a)
  group=$(jq -r '.max_sustained.deliveries_per_s // 0 | floor' "$results/mqtt-group.json" 2>/dev/null || echo n/a)
  echo "mqtt (event_qos ${SB_BENCH_MQTT_EVENT_QOS:-1}): direct max sustained $direct durable msg/s;" \
    "group max sustained $group deliveries/s (through mosquitto)" |
    tee -a "$results/summary.txt"
}

# Side by side: the same fan-out on Switchboard and on mosquitto.
compare() {
  local sb=$results/group.json
  local at='[.steps[] | select(.offered_per_s == $rate)][0].delivery_latency.p99_ms // "n/a"'
  printf '%-14s %17s %16s %17s\n' "fan-out" "max deliveries/s" "p99 @500 msg/s" "p99 @1000 msg/s" |
    tee -a "$results/summary.txt"
  for name in group mosquitto-ws mosquitto-tcp; do
    local json=$results/$name.json
    [[ -s "$json" ]] || continue
    jq -r --arg name "$name" "[\$name, (.max_sustained.deliveries_per_s // 0 | floor),
        (500 as \$rate | $at), (1000 as \$rate | $at)] | @tsv" "$json" |
      awk -F'\t' '{ printf "%-14s %17s %16s %17s\n", $1, $2, $3, $4 }' | tee -a "$results/summary.txt"
  done
  if [[ -s "$sb" ]]; then
    for name in mosquitto-ws mosquitto-tcp; do
      [[ -s "$results/$name.json" ]] || continue
      jq -rn --slurpfile s "$sb" --slurpfile m "$results/$name.json" --arg name "$name" '
        ($s[0].max_sustained.deliveries_per_s // 0) as $a | ($m[0].max_sustained.deliveries_per_s // 0) as $b |
        "switchboard / \($name) max deliveries/s: \(if $b > 0 then ($a / $b * 100 | floor / 100) else "n/a" end)"' |
        tee -a "$results/summary.txt"
    done
  fi
}

main() {
  [[ $# -eq 1 ]] || usage
  local suite=$1
  case "$suite" in connections | direct | group | mosquitto | mqtt | all) ;; *) usage ;; esac
  [[ -x "$loadgen" ]] || { note "build sb-loadgen first (missing $loadgen)"; exit 1; }
  if [[ "$suite" != mosquitto ]]; then
    [[ -x "$server" ]] || { note "build the server and its plugins first (missing $server)"; exit 1; }
  fi
  command -v jq >/dev/null || { note "jq is needed for the summaries (apt-get install jq)"; exit 1; }
  mkdir -p "$results"
  raise_open_files
  # Other work on the machine skews every figure: the load average goes on record.
  echo "== $(date -u +%FT%TZ) $suite on $(nproc) cores, $(uname -r), load average $(cut -d' ' -f1-3 /proc/loadavg)" \
    >>"$results/summary.txt"
  case "$suite" in
    connections) suite_connections ;;
    direct) suite_direct ;;
    group) suite_group ;;
    mosquitto) run_mosquitto_isolated ;;
    mqtt) suite_mqtt ;;
    all)
      # One suite failing does not keep the others from running.
      suite_connections || note "the connections suite failed"
      suite_direct || note "the direct suite failed"
      suite_group || note "the group suite failed"
      suite_mqtt || note "the mqtt suite failed"
      run_mosquitto_isolated || note "the mosquitto suite failed"
      ;;
  esac
  note "reports, JSON lines and logs in $results"
}

# Debian's mosquitto binds its websockets listener to every interface, so
# it runs in a network namespace of its own whose only interface is loopback
# (the load generator with it). Without the privilege for that, only the
# plain TCP listener, which honours 127.0.0.1, is measured.
run_mosquitto_isolated() {
  if [[ "${SB_BENCH_IN_NETNS:-0}" == 1 ]]; then
    suite_mosquitto
  elif unshare --net true 2>/dev/null; then
    SB_BENCH_IN_NETNS=1 unshare --net -- bash -c 'ip link set lo up && exec "$0" mosquitto' "$0"
  else
    note "cannot create a network namespace: measuring mosquitto's TCP listener only"
    command -v mosquitto >/dev/null || { note "mosquitto is not installed"; return 1; }
    start_mosquitto_tcp_only
    loadgen mosquitto-tcp --protocol mqtt --url "tcp://127.0.0.1:$mqtt_tcp_port" "${group_load[@]}" || true
    cleanup
    compare
  fi
}

start_mosquitto_tcp_only() {
  work_dir=$(mktemp -d /tmp/sb-bench-mqtt.XXXXXX)
  sed -e "s/@TCP_PORT@/$mqtt_tcp_port/" -e '/^listener @WS_PORT@/,/^protocol websockets/d' \
    "$bench_dir/mosquitto-bench.conf.in" >"$work_dir/mosquitto.conf"
  "${run_prefix[@]}" mosquitto -c "$work_dir/mosquitto.conf" >"$results/mosquitto.server.log" 2>&1 &
  server_pid=$!
  wait_for_port "$mqtt_tcp_port" "$server_pid" || { cat "$results/mosquitto.server.log" >&2; exit 1; }
}

main "$@"
