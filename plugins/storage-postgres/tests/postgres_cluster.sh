#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the test suite.
#
#   postgres_cluster.sh start STATE_DIR PORT   initdb in a fresh temporary directory, start the
#                                              server on 127.0.0.1:PORT (trust authentication,
#                                              loopback only), create the role and database
#                                              `switchboard`; STATE_DIR remembers where it is
#   postgres_cluster.sh stop STATE_DIR         stop that server and delete its directory
#   postgres_cluster.sh pause STATE_DIR        stop the server, keeping its data (a database outage)
#   postgres_cluster.sh resume STATE_DIR       start it again on the same port
#
# PostgreSQL refuses to run as root: as root, the server runs as the system user
# `switchboard-test` (created on first use). A cluster left behind by an
# interrupted run in STATE_DIR is stopped and removed before a new one starts.
# The server runs with fsync off: it holds test data only.
set -euo pipefail

usage() {
  echo "usage: $0 start STATE_DIR PORT | stop STATE_DIR | pause STATE_DIR | resume STATE_DIR" >&2
  exit 2
}

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [[ -z "$pg_bin" || ! -x "$pg_bin/initdb" ]]; then
  echo "postgres_cluster: no PostgreSQL server under /usr/lib/postgresql (install the 'postgresql' package)" >&2
  exit 1
fi

as_server_user() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u switchboard-test -- "$@"
  else
    "$@"
  fi
}

stop_cluster() {
  local state_dir=$1
  [[ -f "$state_dir/data_dir" ]] || return 0
  local data_dir
  data_dir=$(cat "$state_dir/data_dir")
  if [[ -f "$data_dir/data/postmaster.pid" ]]; then
    as_server_user "$pg_bin/pg_ctl" stop -D "$data_dir/data" -m fast -w -t 30 >/dev/null ||
      as_server_user "$pg_bin/pg_ctl" stop -D "$data_dir/data" -m immediate -w -t 30 >/dev/null || true
  fi
  rm -rf "$data_dir"
  rm -f "$state_dir/data_dir"
}

start_cluster() {
  local state_dir=$1 port=$2
  [[ "$port" =~ ^[0-9]+$ ]] && ((port > 0 && port < 65536)) || {
    echo "postgres_cluster: port must be a number between 1 and 65535, not '$port'" >&2
    exit 2
  }
  mkdir -p "$state_dir"
  stop_cluster "$state_dir"

  if [[ $(id -u) -eq 0 ]] && ! id -u switchboard-test >/dev/null 2>&1; then
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin switchboard-test
  fi
  local data_dir
  data_dir=$(mktemp -d "${TMPDIR:-/tmp}/sb-postgres-XXXXXX")
  echo "$data_dir" >"$state_dir/data_dir"
  [[ $(id -u) -eq 0 ]] && chown switchboard-test: "$data_dir"

  as_server_user "$pg_bin/initdb" -D "$data_dir/data" -U postgres --auth=trust --encoding=UTF8 \
    --locale=C.UTF-8 --no-sync >"$data_dir/initdb.log" 2>&1 || {
    cat "$data_dir/initdb.log" >&2
    exit 1
  }
  cat >>"$data_dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$data_dir'
fsync = off
full_page_writes = off
max_connections = 200
CONF
  if ! as_server_user "$pg_bin/pg_ctl" start -D "$data_dir/data" -l "$data_dir/server.log" -w -t 60 >/dev/null; then
    echo "postgres_cluster: the server did not start on 127.0.0.1:$port:" >&2
    cat "$data_dir/server.log" >&2
    exit 1
  fi
  as_server_user "$pg_bin/psql" -h "$data_dir" -p "$port" -U postgres -d postgres -qX -v ON_ERROR_STOP=1 \
    -c "CREATE ROLE switchboard LOGIN" -c "CREATE DATABASE switchboard OWNER switchboard" >/dev/null
  echo "postgres_cluster: postgresql://switchboard@127.0.0.1:$port/switchboard (data in $data_dir)"
}

data_dir_of() {
  [[ -f "$1/data_dir" ]] || {
    echo "postgres_cluster: no cluster started in $1" >&2
    exit 1
  }
  cat "$1/data_dir"
}

pause_cluster() {
  local data_dir
  data_dir=$(data_dir_of "$1")
  as_server_user "$pg_bin/pg_ctl" stop -D "$data_dir/data" -m fast -w -t 30 >/dev/null
}

resume_cluster() {
  local data_dir
  data_dir=$(data_dir_of "$1")
  as_server_user "$pg_bin/pg_ctl" start -D "$data_dir/data" -l "$data_dir/server.log" -w -t 60 >/dev/null || {
    cat "$data_dir/server.log" >&2
    exit 1
  }
}

case "${1:-}" in
  start) (($# == 3)) || usage; start_cluster "$2" "$3" ;;
  stop) (($# == 2)) || usage; stop_cluster "$2" ;;
  pause) (($# == 2)) || usage; pause_cluster "$2" ;;
  resume) (($# == 2)) || usage; resume_cluster "$2" ;;
  *) usage ;;
esac
