#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: MotCua Desk developers
# A throwaway PostgreSQL cluster for the server tests: trust authentication on 127.0.0.1 only,
# its data under /tmp, no fsync (nothing in it needs to survive).
#   scripts/test-postgres.sh start STATE_DIR   starts one; STATE_DIR/url is its admin URL
#   scripts/test-postgres.sh stop STATE_DIR    stops it and removes its data
#   scripts/test-postgres.sh run -- COMMAND... starts one, runs COMMAND with
#                                              MOTCUA_TEST_POSTGRES_URL set, always stops it
# CTest runs start and stop around the "pg:" tests (a fixture); as root (CI) the cluster runs as
# the `postgres` user, since PostgreSQL refuses to run as root.
set -euo pipefail

bindir=$(pg_config --bindir 2>/dev/null || true)
if [[ -z $bindir || ! -x $bindir/initdb ]]; then
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
fi
if [[ -z $bindir || ! -x $bindir/initdb ]]; then
  echo "test-postgres: PostgreSQL's initdb is not installed (scripts/install-deps.sh installs it)" >&2
  exit 1
fi

as_cluster_user() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop() {
  local state=$1
  [[ -f $state/datadir ]] || return 0
  local data
  data=$(cat "$state/datadir")
  if [[ -d $data/data ]]; then
    as_cluster_user "$bindir/pg_ctl" -D "$data/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf -- "$data"
  rm -f -- "$state/datadir" "$state/url"
}

start() {
  local state=$1
  mkdir -p "$state"
  stop "$state"  # a cluster left by an interrupted run
  local data
  data=$(mktemp -d /tmp/motcua-pg-XXXXXX)
  echo "$data" >"$state/datadir"
  if [[ $(id -u) -eq 0 ]]; then chown postgres: "$data"; fi
  chmod 700 "$data"
  if ! as_cluster_user "$bindir/initdb" -D "$data/data" -U postgres --auth=trust --encoding=UTF8 --no-locale \
      --no-sync >"$data/initdb.log" 2>&1; then
    cat "$data/initdb.log" >&2
    echo "test-postgres: initdb failed" >&2
    exit 1
  fi
  local port tries
  for tries in $(seq 1 20); do
    port=$((20000 + RANDOM % 40000))
    if as_cluster_user "$bindir/pg_ctl" -D "$data/data" -l "$data/server.log" -w -t 60 \
        -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off \
            -c full_page_writes=off -c max_connections=400" start >/dev/null 2>&1; then
      echo "postgresql://postgres@127.0.0.1:$port/postgres" >"$state/url"
      echo "test-postgres: PostgreSQL on 127.0.0.1:$port (data in $data)"
      return 0
    fi
  done
  cat "$data/server.log" >&2 || true
  echo "test-postgres: PostgreSQL did not start" >&2
  exit 1
}

case ${1:-} in
  start) start "${2:?STATE_DIR}" ;;
  stop) stop "${2:?STATE_DIR}" ;;
  run)
    shift
    [[ ${1:-} == -- ]] && shift
    state=$(mktemp -d /tmp/motcua-pg-state-XXXXXX)
    trap 'stop "$state"; rm -rf -- "$state"' EXIT
    start "$state"
    MOTCUA_TEST_POSTGRES_URL=$(cat "$state/url") "$@"
    ;;
  *)
    echo "usage: $0 start STATE_DIR | stop STATE_DIR | run -- COMMAND..." >&2
    exit 1
    ;;
esac
