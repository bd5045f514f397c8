#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 server from the machine's binaries on a loopback port and
# prints its URL. The server refuses to run as root, so as root it runs as the postgres user.
set -euo pipefail
PORT="${PGPORT_TEST:-55432}"
BIN=/usr/lib/postgresql/15/bin
ROOT="${PGROOT_TEST:-/tmp/belfry-ci-pg}"
if [ ! -x "$BIN/initdb" ]; then
  echo "PostgreSQL 15 binaries not found in $BIN (apt-get install postgresql-15)" >&2
  exit 1
fi
as_pg() {
  if [ "$(id -u)" = "0" ]; then su postgres -s /bin/sh -c "$1"; else sh -c "$1"; fi
}
if ! as_pg "$BIN/pg_ctl -D $ROOT/data status" >/dev/null 2>&1; then
  rm -rf "$ROOT"
  mkdir -p "$ROOT/sock"
  if [ "$(id -u)" = "0" ]; then chown -R postgres:postgres "$ROOT"; fi
  as_pg "$BIN/initdb -D $ROOT/data -U postgres --auth=trust -E UTF8 >/dev/null"
  as_pg "$BIN/pg_ctl -D $ROOT/data -l $ROOT/server.log -o '-p $PORT -k $ROOT/sock -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200' -w start >/dev/null"
fi
echo "postgresql://postgres@127.0.0.1:$PORT/postgres"
