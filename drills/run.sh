#!/usr/bin/env bash
# Failover drills on one machine: a PostgreSQL primary with a synchronous streaming standby, Redis primary + replica +
# three Sentinels, three chat nodes (given both PostgreSQL hosts) and a steady load of real clients (they reconnect and
# resume like the console; senders retry idempotently).
# Drills, in turn: kill -9 a node; SIGTERM a node; kill the Redis primary (Sentinel promotes the replica);
# restart Redis; freeze Redis for 10 s; black-hole every node's pub/sub connection (iptables drops its packets both
# ways while both sockets stay open, as a firewall or NAT that forgot the connection does); cut one node off Redis and
# kill -9 it a second later (what it committed meanwhile it never published: only the repair delivers it); kill -9 the
# PostgreSQL primary (its postmaster and every backend) and promote the standby PG_PROMOTE_DELAY seconds later, as a
# failover manager would. At the end: messages committed, lost, duplicated, out of order, and the time to full recovery
# of each drill. Results: printed, and saved in docs/drill-results/.
# ONLY=postgres (or a comma-separated list of: node, redis, blackhole, postgres) runs only those drills.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
PG_PROMOTE_DELAY=${PG_PROMOTE_DELAY:-5}
ONLY=${ONLY:-}
want() { [ -z "$ONLY" ] || [[ ",$ONLY," == *",$1,"* ]]; }
PG_STANDBY_PORT=$((PG_PORT + 1))
DB_URL="jdbc:postgresql://127.0.0.1:$PG_PORT,127.0.0.1:$PG_STANDBY_PORT/postgres"
R1=16501; R2=16502
S_PORTS=(26501 26502 26503)
REDIS_URL="redis-sentinel://127.0.0.1:${S_PORTS[0]},127.0.0.1:${S_PORTS[1]},127.0.0.1:${S_PORTS[2]}#drillprimary"
REDIS_PORTS_RE="$R1|$R2|${S_PORTS[0]}|${S_PORTS[1]}|${S_PORTS[2]}"

# Drops, on the loopback, every packet of the nodes' pub/sub connections to the primary on port $1 (by their client
# port, both directions). Sentinel's own subscriptions are left alone.
blackhole_pubsub() {
  local ports
  ports=$(redis-cli -p "$1" client list type pubsub | grep -v 'name=sentinel' | sed -n 's/.* addr=127.0.0.1:\([0-9]*\) .*/\1/p')
  blackhole_ports $ports
  echo "== black-holed pub/sub client ports: $(echo $ports)"
}

cleanup() {
  stop_nodes_and_load
  for p in $R1 $R2 "${S_PORTS[@]}"; do redis-cli -p "$p" shutdown nosave >/dev/null 2>&1 || true; done
  pkill -CONT -f "redis-server.*$R1" 2>/dev/null || true
  pkill -CONT -f "redis-server.*$R2" 2>/dev/null || true
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pg-standby" -m immediate stop >/dev/null 2>&1 || true
  finish_cleanup
}
trap cleanup EXIT

redis_start() { # port [replicaof-port]
  local extra=()
  [ -n "${2:-}" ] && extra=(--replicaof 127.0.0.1 "$2")
  redis-server --port "$1" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes --dir "$WORK" \
    --logfile "$WORK/redis-$1.log" "${extra[@]}"
}
primary_port() {
  redis-cli -p "${S_PORTS[0]}" sentinel get-master-addr-by-name drillprimary 2>/dev/null | sed -n 2p
}

echo "== starting postgresql :$PG_PORT + synchronous standby :$PG_STANDBY_PORT, redis primary :$R1 + replica :$R2, sentinels ${S_PORTS[*]}"
mkdir -m 700 "$WORK/pg" "$WORK/pg-standby" && touch "$WORK/pg-primary.log" "$WORK/pg-standby.log"
chown postgres "$WORK/pg" "$WORK/pg-standby" "$WORK/pg-primary.log" "$WORK/pg-standby.log"
runuser -u postgres -- "$PGBIN/initdb" -D "$WORK/pg" -A trust -U postgres >/dev/null
# Every commit waits until the standby has it on disk (synchronous_commit=on is the default), as a production standby runs.
echo "synchronous_standby_names = 'drillstandby'" >> "$WORK/pg/postgresql.conf"
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg-primary.log" \
  -o "-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
runuser -u postgres -- "$PGBIN/pg_basebackup" -h 127.0.0.1 -p "$PG_PORT" -U postgres -D "$WORK/pg-standby" -R -X stream
# The copy carries the primary's postgresql.conf: once promoted, the standby must not wait for a standby of its own that
# does not exist (every commit would hang), as Patroni's synchronous_mode (not strict) clears it when none is healthy.
printf "primary_conninfo = 'host=127.0.0.1 port=%s user=postgres application_name=drillstandby'\nsynchronous_standby_names = ''\n" \
  "$PG_PORT" >> "$WORK/pg-standby/postgresql.auto.conf"
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pg-standby" -l "$WORK/pg-standby.log" \
  -o "-p $PG_STANDBY_PORT -k $WORK/pg-standby -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
for _ in $(seq 1 60); do
  [ "$(runuser -u postgres -- "$PGBIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -Atc \
    "SELECT sync_state FROM pg_stat_replication WHERE application_name = 'drillstandby'")" = sync ] && break; sleep 0.5
done
redis_start $R1
redis_start $R2 $R1
for p in "${S_PORTS[@]}"; do
  printf 'port %s\nbind 127.0.0.1\ndir %s\nsentinel monitor drillprimary 127.0.0.1 %s 2\nsentinel down-after-milliseconds drillprimary 1000\nsentinel failover-timeout drillprimary 5000\n' \
    "$p" "$WORK" "$R1" > "$WORK/sentinel-$p.conf"
  redis-server "$WORK/sentinel-$p.conf" --sentinel --daemonize yes --logfile "$WORK/sentinel-$p.log"
done
for _ in $(seq 1 60); do
  redis-cli -p "${S_PORTS[0]}" sentinel replicas drillprimary 2>/dev/null | grep -q "master-link-status" && break; sleep 0.5
done
echo "== starting 3 nodes"
for i in 1 2 3; do node_start $i; done

load_start
sleep 20   # set-up of users and conversations, then steady traffic

if want node; then
  sleep "$PHASE"; drill "kill -9 node 3"
  kill -9 "${NODE_PID[3]}"; sleep 8; node_start 3

  sleep "$PHASE"; drill "SIGTERM node 2"
  kill -TERM "${NODE_PID[2]}"; wait "${NODE_PID[2]}" 2>/dev/null || true; node_start 2
fi

if want redis; then
  sleep "$PHASE"; P=$(primary_port); drill "kill -9 Redis primary :$P (Sentinel promotes the replica)"
  pkill -9 -f "redis-server.*:$P" || true
  sleep 10; redis_start "$P"   # it comes back and Sentinel turns it into a replica

  sleep "$PHASE"; P=$(primary_port); drill "restart Redis primary :$P"
  redis-cli -p "$P" shutdown nosave >/dev/null 2>&1 || true; sleep 1; redis_start "$P"

  sleep "$PHASE"; P=$(primary_port); drill "freeze Redis primary :$P for 10 s (SIGSTOP/SIGCONT)"
  pkill -STOP -f "redis-server.*:$P" || true; sleep 10; pkill -CONT -f "redis-server.*:$P" || true
fi

if ! want blackhole; then
  :
elif can_blackhole; then
  sleep "$PHASE"; P=$(primary_port); drill "black-hole every node's pub/sub connection to :$P"
  blackhole_pubsub "$P"
  sleep "$PHASE"; unblackhole   # the dead connections were replaced long before; this only tidies up
  sleep "$PHASE"; drill "cut node 1 off Redis, kill -9 it 1 s later (committed, never published)"
  blackhole_node "${NODE_PID[1]}"
  sleep 1; kill -9 "${NODE_PID[1]}"; unblackhole; sleep 8; node_start 1
else
  echo "== no usable iptables: the black-hole drill is skipped (apt-get install -y iptables)"
fi

if want postgres; then
  # A crash of the primary's machine: SIGKILL to the postmaster and every backend at once; the commits in flight are
  # unanswered. A failover manager (Patroni, CloudNativePG) promotes the standby after its detection time; the nodes,
  # given both hosts, find it by themselves.
  sleep "$PHASE"; PG_PID=$(head -1 "$WORK/pg/postmaster.pid")
  kill -9 "$PG_PID" $(pgrep -P "$PG_PID") 2>/dev/null || true
  drill "kill -9 the PostgreSQL primary :$PG_PORT (postmaster and backends)"
  sleep "$PG_PROMOTE_DELAY"
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pg-standby" promote -w >/dev/null
  drill "promote the PostgreSQL standby :$PG_STANDBY_PORT (${PG_PROMOTE_DELAY} s after the kill)"
fi

load_results
