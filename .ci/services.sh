#!/usr/bin/env bash
# Starts the services the test suite needs on this machine (loopback only):
# PostgreSQL on 127.0.0.1, with a role and a database for the storage tests; and
# installs Debian's Chromium, the real browser the page tests load pages in.
# Idempotent: safe to run again while the server is up. Runs as root, no input.
#
# The tests read GRIDGOV_TEST_PG_URL, defaulting to the URL below; this script also
# writes it to $GRIDGOV_PG_URL_FILE (default /tmp/gridgov-test-pg.url).
set -euo pipefail

PG_ROLE=gridgov
PG_PASSWORD=gridgov
PG_DB=gridgov_test
URL_FILE="${GRIDGOV_PG_URL_FILE:-/tmp/gridgov-test-pg.url}"

have_server() { compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null && command -v pg_ctlcluster >/dev/null; }

have_browser() { command -v chromium >/dev/null; }

if ! have_server || ! have_browser; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends postgresql postgresql-client chromium fonts-noto-cjk
fi

VERSION="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
CLUSTER=main

if ! pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1 == v && $2 == c { found = 1 } END { exit !found }'; then
  pg_createcluster --port 5432 "$VERSION" "$CLUSTER" -- --auth-local=peer --auth-host=scram-sha-256
fi

PORT="$(pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1 == v && $2 == c { print $3 }')"
CONF_DIR="/etc/postgresql/$VERSION/$CLUSTER/conf.d"
mkdir -p "$CONF_DIR"
# Loopback only; enough connections for the concurrency tests (several processes with small pools).
cat > "$CONF_DIR/gridgov-test.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PORT
max_connections = 200
CONF
chown -R postgres:postgres "$CONF_DIR"

if ! pg_ctlcluster "$VERSION" "$CLUSTER" status >/dev/null 2>&1; then
  pg_ctlcluster "$VERSION" "$CLUSTER" start
fi

for _ in $(seq 1 60); do
  if pg_isready -q -h 127.0.0.1 -p "$PORT"; then break; fi
  sleep 0.5
done
pg_isready -h 127.0.0.1 -p "$PORT"

as_postgres() { su postgres -s /bin/sh -c "$1"; }
PSQL="psql -X -q -v ON_ERROR_STOP=1 -p $PORT"

if [ "$(as_postgres "$PSQL -tAc \"SELECT 1 FROM pg_roles WHERE rolname = '$PG_ROLE'\"")" != "1" ]; then
  as_postgres "$PSQL -c \"CREATE ROLE $PG_ROLE LOGIN CREATEDB PASSWORD '$PG_PASSWORD'\""
fi
if [ "$(as_postgres "$PSQL -tAc \"SELECT 1 FROM pg_database WHERE datname = '$PG_DB'\"")" != "1" ]; then
  as_postgres "$PSQL -c \"CREATE DATABASE $PG_DB OWNER $PG_ROLE\""
fi

URL="postgres://$PG_ROLE:$PG_PASSWORD@127.0.0.1:$PORT/$PG_DB"
printf '%s\n' "$URL" > "$URL_FILE"
chmod 644 "$URL_FILE"
echo "PostgreSQL $VERSION ready: $URL (written to $URL_FILE)"
