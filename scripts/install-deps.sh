#!/usr/bin/env bash
# Installs what Switchboard needs from Debian 12's packages (and, for the test
# suite, from npm). Idempotent and quiet when everything is already there.
#   scripts/install-deps.sh          build + run
#   scripts/install-deps.sh --test   build + run + test tools
#   scripts/install-deps.sh --bench  build + run + benchmark tools (bench/run.sh)
set -euo pipefail

build_packages=(
  build-essential cmake ninja-build pkg-config ccache git
  libwebsockets-dev libsqlite3-dev libyaml-cpp-dev
  libboost-program-options-dev libboost-filesystem-dev libboost-dev
  libspdlog-dev libfmt-dev nlohmann-json3-dev libsodium-dev libssl-dev openssl
  libmicrohttpd-dev libvips-dev libpqxx-dev
  libmosquitto-dev libcurl4-openssl-dev libnghttp2-dev
)
test_packages=(
  libgtest-dev libgmock-dev clang libclang-rt-14-dev
  python3 python3-websockets python3-aiortc procps
  chromium fonts-dejavu-core
  postgresql python3-psycopg2
  mosquitto mosquitto-clients python3-paho-mqtt
  coturn
  nginx-light
)
# The JavaScript tests (sdk/js, tests/browser) need node and npm. A machine
# that has them already (e.g. from nodesource) keeps them: Debian's nodejs and
# npm packages would conflict with those.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  test_packages+=(nodejs npm)
fi

bench_packages=(jq mosquitto iproute2 util-linux nginx-light)

packages=("${build_packages[@]}")
case "${1:-}" in
  --test) packages+=("${test_packages[@]}") ;;
  --bench) packages+=("${bench_packages[@]}") ;;
esac

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "install-deps: missing packages: ${missing[*]}; run as root (or with sudo)" >&2
    exit 1
  fi
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Packages with a system service (nginx, mosquitto, coturn, postgresql) are
  # installed, not started: the tests and benchmarks start their own
  # instances on loopback. A policy-rc.d the machine has is left as it is.
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # Debian's nginx would listen on every interface's port 80 from the next boot on.
  if [[ " ${missing[*]} " == *" nginx-light "* ]] && command -v systemctl >/dev/null; then
    systemctl disable --quiet nginx 2>/dev/null || true
  fi
fi
