#!/usr/bin/env bash
# bench/append-batch.sh against a throwaway primary with a streaming standby on this machine (Debian's PostgreSQL
# binaries, run as the postgres user): first with the standby synchronous (every commit waits until the standby has
# flushed it, as a production standby for failover runs), then asynchronous, the CPU of both servers counted. What
# synchronous replication costs the group commit, per message and per batch, without the network between two machines
# (add its round trip to every commit's latency).
#
#   bench/append-batch-replicated.sh
#   SIZES="1 4 16" STATEMENTS="append_batch commit" BATCHES=1500 bench/append-batch-replicated.sh
#
# Needs root (runuser), pgbench and psql; ports 15611 and 15612 free. The machine must be otherwise idle.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)}
export SIZES=${SIZES:-"1 4 16"} STATEMENTS=${STATEMENTS:-"append_batch commit"} BATCHES=${BATCHES:-1500}
PRIMARY_PORT=15611 STANDBY_PORT=15612
for p in $PRIMARY_PORT $STANDBY_PORT; do
  [ -z "$(ss -Htln "( sport = :$p )")" ] || { echo "port $p is in use; not touching whatever holds it"; exit 1; }
done
WORK=$(mktemp -d /tmp/append-replicated.XXXXXX)
chmod 755 "$WORK"
as_postgres() { runuser -u postgres -- "$@"; }
cleanup() {
  as_postgres "$PGBIN/pg_ctl" -D "$WORK/standby" -m immediate stop >/dev/null 2>&1 || true
  as_postgres "$PGBIN/pg_ctl" -D "$WORK/primary" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

mkdir -m 700 "$WORK/primary" "$WORK/standby" && chown postgres "$WORK/primary" "$WORK/standby"
as_postgres "$PGBIN/initdb" -D "$WORK/primary" -A trust -U postgres >/dev/null
# in the configuration file, not on the command line, which ALTER SYSTEM could not override for the second half
echo "synchronous_standby_names = 'benchstandby'" >> "$WORK/primary/postgresql.auto.conf"
as_postgres "$PGBIN/pg_ctl" -D "$WORK/primary" -l "$WORK/primary/log" -o "-p $PRIMARY_PORT -k $WORK/primary \
  -c listen_addresses=127.0.0.1" start >/dev/null
as_postgres "$PGBIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$WORK/standby" -R -X stream 2>/dev/null
echo "primary_conninfo = 'host=127.0.0.1 port=$PRIMARY_PORT user=postgres application_name=benchstandby'" \
  >> "$WORK/standby/postgresql.auto.conf"
as_postgres "$PGBIN/pg_ctl" -D "$WORK/standby" -l "$WORK/standby/log" -o "-p $STANDBY_PORT -k $WORK/standby \
  -c listen_addresses=127.0.0.1" start >/dev/null
PRIMARY_URL="postgresql://postgres@127.0.0.1:$PRIMARY_PORT/postgres"
state() { psql "$PRIMARY_URL" -Atc "SELECT sync_state FROM pg_stat_replication WHERE application_name = 'benchstandby'"; }
for _ in $(seq 1 60); do [ "$(state)" = sync ] && break; sleep 0.5; done
export PGURL=$PRIMARY_URL
export PG_PIDS="$(head -1 "$WORK/primary/postmaster.pid") $(head -1 "$WORK/standby/postmaster.pid")"

echo "== synchronous standby ($(state)): every commit waits for the standby's flush"
"$ROOT/bench/append-batch.sh"
psql "$PRIMARY_URL" -qc "ALTER SYSTEM SET synchronous_standby_names = ''" -c "SELECT pg_reload_conf()" >/dev/null
for _ in $(seq 1 20); do [ "$(state)" = async ] && break; sleep 0.5; done
echo
echo "== asynchronous standby ($(state)): commits do not wait for it"
"$ROOT/bench/append-batch.sh"
