#!/usr/bin/env bash
# Failover drills on a Redis Cluster: PostgreSQL, a throwaway Redis Cluster of three primaries and three replicas
# (redis-server --cluster-enabled yes, redis-cli --cluster create --cluster-replicas 1, node timeout 2 s), three chat
# nodes on CHAT_REDIS_URL=redis-cluster://... (sharded pub/sub) and the steady load of real clients of run.sh.
# Drills, in turn, each on one shard while the others keep serving: kill -9 a primary (its replica takes over; the old
# primary comes back as a replica); freeze a primary 10 s (SIGSTOP/SIGCONT); move 2000 slots from one primary to
# another under traffic (redis-cli --cluster reshard); black-hole every node's connections to one primary (iptables
# drops their packets both ways while the sockets stay open; the cluster itself stays healthy); black-hole only the
# nodes' pub/sub connections to one primary. At the end: messages committed, lost, duplicated, out of order, and the
# time to full recovery of each drill. Results: printed, and saved in docs/drill-results/ (suffix -cluster).
set -euo pipefail
PG_PORT=${PG_PORT:-15691}; NODE_PORT_BASE=${NODE_PORT_BASE:-18280}   # not run.sh's: both may run on one machine
source "$(dirname "$0")/lib.sh"
C_PORTS=(16601 16602 16603 16604 16605 16606)
REDIS_URL="redis-cluster://127.0.0.1:${C_PORTS[0]},127.0.0.1:${C_PORTS[1]},127.0.0.1:${C_PORTS[2]}"
REDIS_PORTS_RE=$(IFS='|'; echo "${C_PORTS[*]}")

redis_pid() { cat "$WORK/redis-$1.pid"; }

cleanup() {
  stop_nodes_and_load
  for p in "${C_PORTS[@]}"; do
    [ -f "$WORK/redis-$p.pid" ] && kill -CONT "$(redis_pid "$p")" 2>/dev/null || true
    redis-cli -p "$p" shutdown nosave >/dev/null 2>&1 || true
  done
  finish_cleanup
}
trap cleanup EXIT

cluster_node_start() { # port
  mkdir -p "$WORK/redis-$1"
  redis-server --port "$1" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes --dir "$WORK/redis-$1" \
    --cluster-enabled yes --cluster-config-file nodes.conf --cluster-node-timeout 2000 \
    --pidfile "$WORK/redis-$1.pid" --logfile "$WORK/redis-$1.log"
  for _ in $(seq 1 50); do redis-cli -p "$1" ping >/dev/null 2>&1 && return; sleep 0.1; done
}

# A live, unfrozen node's view of the cluster.
cluster_nodes() {
  for p in "${C_PORTS[@]}"; do
    timeout 2 redis-cli -p "$p" cluster nodes 2>/dev/null | grep -q master && { timeout 2 redis-cli -p "$p" cluster nodes; return; }
  done
}
# Ports of the primaries that serve slots, most slots first.
primaries() {
  cluster_nodes | awk '$3 ~ /master/ && $3 !~ /fail/ && NF > 8 {
      n = 0; for (i = 9; i <= NF; i++) { split($i, r, "-"); n += (r[2] == "" ? 1 : r[2] - r[1] + 1) }
      split($2, a, "[:@]"); print n, a[2] }' | sort -rn | awk '{print $2}'
}
node_id() { redis-cli -p "$1" cluster myid; }
await_cluster_ok() {
  for _ in $(seq 1 150); do
    local ok=1
    for p in "${C_PORTS[@]}"; do
      timeout 2 redis-cli -p "$p" cluster info 2>/dev/null | grep -q cluster_state:ok || ok=0
    done
    [ "$ok" = 1 ] && [ "$(primaries | wc -l)" = 3 ] && return
    sleep 0.2
  done
  echo "the cluster did not become healthy" >&2; exit 1
}

echo "== starting postgresql and a Redis Cluster on ${C_PORTS[*]}"
pg_start
for p in "${C_PORTS[@]}"; do cluster_node_start "$p"; done
redis-cli --cluster create $(printf '127.0.0.1:%s ' "${C_PORTS[@]}") --cluster-replicas 1 --cluster-yes \
  > "$WORK/cluster-create.log"
await_cluster_ok
echo "== starting 3 nodes on $REDIS_URL"
for i in 1 2 3; do node_start $i; done

load_start -cluster
sleep 20   # set-up of users and conversations, then steady traffic

sleep "$PHASE"; P=$(primaries | head -1); drill "kill -9 Redis Cluster primary :$P (its replica takes over)"
kill -9 "$(redis_pid "$P")"
sleep 10; cluster_node_start "$P"; await_cluster_ok   # it comes back as a replica

sleep "$PHASE"; P=$(primaries | head -1); drill "freeze Redis Cluster primary :$P for 10 s (SIGSTOP/SIGCONT)"
kill -STOP "$(redis_pid "$P")"; sleep 10; kill -CONT "$(redis_pid "$P")"; await_cluster_ok

sleep "$PHASE"; FROM=$(primaries | head -1); TO=$(primaries | tail -1)
drill "reshard 2000 slots :$FROM -> :$TO under traffic"
redis-cli --cluster reshard "127.0.0.1:$FROM" --cluster-from "$(node_id "$FROM")" --cluster-to "$(node_id "$TO")" \
  --cluster-slots 2000 --cluster-yes > "$WORK/reshard.log" 2>&1

if can_blackhole; then
  sleep "$PHASE"; P=$(primaries | head -1); drill "black-hole every node's connections to Redis Cluster primary :$P"
  for i in 1 2 3; do blackhole_ports $(client_ports "${NODE_PID[$i]}" "$P"); done
  echo "== black-holed the nodes' client ports to :$P"
  sleep "$PHASE"; unblackhole   # the dead connections were replaced long before; this only tidies up
  P=$(primaries | tail -1); drill "black-hole the nodes' pub/sub connections to Redis Cluster primary :$P"
  blackhole_ports $(redis-cli -p "$P" client list type pubsub | sed -n 's/.* addr=127.0.0.1:\([0-9]*\) .*/\1/p')
  sleep "$PHASE"; unblackhole
else
  echo "== no usable iptables: the black-hole drills are skipped (apt-get install -y iptables)"
fi

load_results
