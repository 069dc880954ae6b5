#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests (issue 25): initdb into a temp folder as the `postgres`
# user (initdb refuses root), a unix socket in that folder, no TCP, fsync off. Prints the URL of its
# csops_test database on stdout; the tests read it from CSOPS_TEST_POSTGRES_URL.
#   .ci/postgres.sh start [dir]   start a cluster (in a new temp folder unless dir is given), print its URL
#   .ci/postgres.sh stop <dir>    stop it and remove the folder
set -euo pipefail
bindir() {
  if command -v initdb >/dev/null 2>&1; then dirname "$(readlink -f "$(command -v initdb)")"; return; fi
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$found" ] || { echo "postgres.sh: no initdb (install Debian's postgresql package)" >&2; exit 1; }
  echo "$found"
}
as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case "${1:-}" in
  start)
    BIN=$(bindir)
    DIR=${2:-$(mktemp -d /tmp/csops-pg-XXXXXX)}
    mkdir -p "$DIR"
    if [ "$(id -u)" = 0 ]; then
      id postgres >/dev/null 2>&1 || useradd --system --home-dir "$DIR" postgres
      chown postgres "$DIR"
      chmod 755 "$DIR"
    fi
    as_postgres "$BIN/initdb" -D "$DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 || { cat "$DIR/initdb.log" >&2; exit 1; }
    # Members of csops_password_login must give a password (the tests check that a refused login never
    # shows it); everyone else is trusted on the socket, which only this machine's users can reach.
    printf 'local all +csops_password_login scram-sha-256\nlocal all all trust\n' >"$DIR/data/pg_hba.conf"
    as_postgres "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
      -o "-c listen_addresses='' -c unix_socket_directories='$DIR' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null || { cat "$DIR/server.log" >&2; exit 1; }
    as_postgres "$BIN/createdb" -h "$DIR" -U postgres csops_test
    as_postgres "$BIN/psql" -q -h "$DIR" -U postgres -d csops_test -c 'CREATE ROLE csops_password_login NOLOGIN' >/dev/null
    echo "postgres://postgres@/csops_test?host=$DIR"
    ;;
  stop)
    DIR=${2:?usage: postgres.sh stop <dir>}
    BIN=$(bindir)
    [ -d "$DIR/data" ] && as_postgres "$BIN/pg_ctl" -D "$DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$DIR"
    ;;
  *)
    echo "usage: $0 start [dir] | stop <dir>" >&2
    exit 2
    ;;
esac
