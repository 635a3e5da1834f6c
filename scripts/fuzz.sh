#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (preset `fuzz`) and runs each for a
# bounded time (FUZZ_SECONDS, default 30) from its seed corpus. A crash, leak
# or timeout fails the script and leaves the reproducer in build-fuzz/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-30}
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz --target request_decoder_fuzz mqtt_topic_fuzz push_url_fuzz
for target in request_decoder mqtt_topic push_url; do
  corpus=$(mktemp -d)
  cp tests/fuzz/corpus/$target/* "$corpus"/
  echo "fuzz: $target for ${seconds}s"
  (cd build-fuzz && ./bin/${target}_fuzz -max_total_time="$seconds" -max_len=8192 -timeout=10 \
      -print_final_stats=1 "$corpus" 2>&1 | tail -n 12)
  rm -rf "$corpus"
done
