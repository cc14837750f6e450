#!/usr/bin/env bash
# One Redis against a three-shard Redis Cluster, side by side in one run, with the same load generator and the same
# point: a throwaway PostgreSQL (a fresh database per setup), then for each setup a throwaway Redis (one server; or
# three primaries with three replicas, sharded pub/sub), three chat nodes and loadtest's LoadGenerator. Measured on
# the Redis side: each server's CPU (/proc utime+stime, the whole run) and the publishes it ran (INFO commandstats,
# PUBLISH or SPUBLISH, the same window: from the first send until every delivery was counted, less the idle rate
# measured over 10 s before), against the deliveries the clients received. Prints a table and the modelled
# ceiling (the message rate at which one primary saturates, for 1 and N shards); keeps everything raw in
# docs/bench-results/<stamp>-redis-cluster.json.
#
#   bench/redis-cluster.sh                 # 600 clients, 200 messages/s, 30 s (after LoadGenerator's 15 s warm-up)
#   bench/redis-cluster.sh 1200:600:30     # clients:rate:seconds
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA="$JAVA_HOME/bin/java"
POINT=${1:-600:200:30}
IFS=: read -r CLIENTS RATE DURATION <<< "$POINT"
NODE_JAR="$ROOT/chat-node/target/chat-node-0.2.0.jar"
LOAD_JAR="$ROOT/loadtest/target/loadtest-0.2.0.jar"
[ -f "$NODE_JAR" ] && [ -f "$LOAD_JAR" ] || (cd "$ROOT" && mvn -B -q package -DskipTests)

WORK=$(mktemp -d /tmp/chat-bench-cluster.XXXXXX)
chmod 755 "$WORK"
PG_PORT=15791
SINGLE_PORT=16791
CLUSTER_PORTS=(16701 16702 16703 16704 16705 16706)
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
NODE_PIDS=()
STAMP=$(date -u +%Y%m%dT%H%M%SZ)

stop_nodes() {
  for pid in "${NODE_PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
  NODE_PIDS=()
}
stop_redis() {
  for p in "$SINGLE_PORT" "${CLUSTER_PORTS[@]}"; do redis-cli -p "$p" shutdown nosave >/dev/null 2>&1 || true; done
}
cleanup() {
  stop_nodes
  stop_redis
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pg" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

redis_start() { # port [cluster]
  mkdir -p "$WORK/redis-$1"
  local extra=()
  [ -n "${2:-}" ] && extra=(--cluster-enabled yes --cluster-config-file nodes.conf --cluster-node-timeout 5000)
  redis-server --port "$1" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes --dir "$WORK/redis-$1" \
    --pidfile "$WORK/redis-$1.pid" --logfile "$WORK/redis-$1.log" "${extra[@]}"
  for _ in $(seq 1 50); do redis-cli -p "$1" ping >/dev/null 2>&1 && return; sleep 0.1; done
}

# "port role cpu_seconds publishes" for each server, role master/slave.
redis_sample() {
  for p in "$@"; do
    local pid role cpu calls
    pid=$(cat "$WORK/redis-$p.pid")
    role=$(redis-cli -p "$p" role | head -1)
    cpu=$(awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' "/proc/$pid/stat")
    calls=$(redis-cli -p "$p" info commandstats | tr -d '\r' \
      | sed -n 's/^cmdstat_s\{0,1\}publish:calls=\([0-9]*\),.*/\1/p' | awk '{s += $1} END {print s + 0}')
    echo "$p $role $cpu $calls"
  done
}

nodes_start() { # redis-url database
  runuser -u postgres -- "$PGBIN/createdb" -h "$WORK/pg" -p $PG_PORT -U postgres "$2"
  local pids="" urls=""
  for i in 1 2 3; do
    local port=$((18380 + i))
    CHAT_PORT=$port CHAT_NODE_ID=bench-$i CHAT_DB_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/$2" \
    CHAT_DB_USER=postgres CHAT_DB_PASSWORD=postgres CHAT_DB_POOL_SIZE=20 CHAT_REDIS_URL="$1" \
    CHAT_AUTH_SECRET="bench-secret-bench-secret-bench-secret-0001" CHAT_ADMIN_USERNAME=admin \
    CHAT_ADMIN_PASSWORD=change-me-now CHAT_PASSWORD_HASH_ITERATIONS=1000 CHAT_WS_MAX_COMMANDS_PER_SECOND=1000 \
    CHAT_DATA_DIR="$WORK/node-$2-$i" \
      "$JAVA" -Xms64m -Xmx512m -XX:+UseG1GC -jar "$NODE_JAR" > "$WORK/node-$2-$i.log" 2>&1 &
    NODE_PIDS+=($!)
    pids="$pids${pids:+,}$!"
    urls="$urls${urls:+,}http://127.0.0.1:$port"
    for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.5; done
  done
  NODE_URLS=$urls
  NODE_PID_LIST=$pids
}

# Runs the point against the running nodes; $1 names the setup, the rest are its Redis ports. Redis is sampled over
# 10 idle seconds first (the nodes' probes and heartbeats, the cluster's own chatter), then from the moment the load
# generator starts sending (its "warming up" line) until it has counted every delivery.
measure() {
  local setup=$1; shift
  redis_sample "$@" > "$WORK/$setup.idle-before"; date +%s.%N > "$WORK/$setup.idle-start"
  sleep 10
  redis_sample "$@" > "$WORK/$setup.idle-after"; date +%s.%N > "$WORK/$setup.idle-end"
  "$JAVA" -Xmx1g -jar "$LOAD_JAR" --nodes "$NODE_URLS" --clients "$CLIENTS" --department-size 50 --subscribers 3 \
    --rate "$RATE" --duration "$DURATION" --pids "$NODE_PID_LIST" --json "$WORK/$setup.json" \
    --run-id "$((RANDOM % 900 + 100))" > "$WORK/$setup.load.log" 2>&1 &
  local load=$!
  until grep -q "warming up" "$WORK/$setup.load.log" 2>/dev/null || ! kill -0 $load 2>/dev/null; do sleep 0.2; done
  redis_sample "$@" > "$WORK/$setup.before"; date +%s.%N > "$WORK/$setup.start"
  wait $load
  redis_sample "$@" > "$WORK/$setup.after"; date +%s.%N > "$WORK/$setup.end"
}

# One server's cost per publish at saturation: redis-benchmark publishes as fast as Redis takes them (pipelines of
# three, as a node writes a message's envelopes together) a 450-byte payload (a message envelope's size) to a channel
# three subscriber connections listen on (one per node); Redis's CPU over the publishes it ran. $1 names it, $2 is
# the port, $3 PUBLISH or SPUBLISH, $4 the channel (on a cluster: one that port's primary serves).
saturate() {
  local subscribe=subscribe subs=()
  [ "$3" = SPUBLISH ] && subscribe=ssubscribe
  for _ in 1 2 3; do redis-cli -p "$2" $subscribe "$4" > /dev/null & subs+=($!); done
  sleep 1
  redis_sample "$2" > "$WORK/$1.sat-before"; date +%s.%N > "$WORK/$1.sat-start"
  redis-benchmark -p "$2" -n 300000 -c 10 -P 3 -q "$3" "$4" "$(head -c 450 /dev/zero | tr '\0' x)" \
    > "$WORK/$1.sat.log" 2>&1
  redis_sample "$2" > "$WORK/$1.sat-after"; date +%s.%N > "$WORK/$1.sat-end"
  for pid in "${subs[@]}"; do kill "$pid" 2>/dev/null || true; done
}

ulimit -n 20000 2>/dev/null || true
echo "== postgresql on $PG_PORT"
mkdir "$WORK/pg" && chown postgres "$WORK/pg"
runuser -u postgres -- "$PGBIN/initdb" -D "$WORK/pg" -A trust -U postgres >/dev/null
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg/server.log" \
  -o "-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=256MB" start >/dev/null

echo "== one Redis on $SINGLE_PORT: $CLIENTS clients, $RATE messages/s, ${DURATION}s"
redis_start $SINGLE_PORT
nodes_start "redis://127.0.0.1:$SINGLE_PORT" single
measure single $SINGLE_PORT
stop_nodes
saturate single $SINGLE_PORT PUBLISH department_bench
stop_redis

echo "== a Redis Cluster of three primaries and three replicas on ${CLUSTER_PORTS[*]}: the same point"
for p in "${CLUSTER_PORTS[@]}"; do redis_start "$p" cluster; done
redis-cli --cluster create $(printf '127.0.0.1:%s ' "${CLUSTER_PORTS[@]}") --cluster-replicas 1 --cluster-yes \
  > "$WORK/cluster-create.log"
for _ in $(seq 1 100); do
  redis-cli -p "${CLUSTER_PORTS[0]}" cluster info | grep -q cluster_state:ok && break; sleep 0.2
done
sleep 2   # replicas finish their first sync
nodes_start "redis-cluster://127.0.0.1:${CLUSTER_PORTS[0]},127.0.0.1:${CLUSTER_PORTS[1]},127.0.0.1:${CLUSTER_PORTS[2]}" cluster
measure cluster "${CLUSTER_PORTS[@]}"
stop_nodes
SLOT=$(redis-cli -p "${CLUSTER_PORTS[0]}" cluster keyslot department_bench)
OWNER=$(redis-cli -p "${CLUSTER_PORTS[0]}" cluster nodes | awk -v s="$SLOT" '$3 ~ /master/ {
    for (i = 9; i <= NF; i++) { split($i, r, "-"); if (s >= r[1] && s <= (r[2] == "" ? r[1] : r[2])) { split($2, a, "[:@]"); print a[2] } } }')
saturate cluster "$OWNER" SPUBLISH department_bench
stop_redis

mkdir -p "$ROOT/docs/bench-results"
OUT="$ROOT/docs/bench-results/$STAMP-redis-cluster.json"
python3 - "$WORK" "$OUT" "$POINT" "$(nproc)" "$(cat /proc/loadavg)" <<'EOF'
import json, sys
work, out, point, cores, loadavg = sys.argv[1:]
def sample(name):
    rows = {}
    for line in open(f"{work}/{name}"):
        port, role, cpu, calls = line.split()
        rows[port] = (role, float(cpu), int(calls))
    return rows
result = {"point": point, "machine_cores": int(cores), "loadavg_at_end": loadavg, "setups": {},
          "note": "cpu_s: Redis CPU from the first send until every delivery was counted, less the idle rate measured "
                  "over 10 s before (probes, heartbeats, cluster gossip) times that window"}
def seconds(name):
    return float(open(f"{work}/{name}").read())
for setup in ("single", "cluster"):
    load = json.load(open(f"{work}/{setup}.json"))
    before, after = sample(f"{setup}.before"), sample(f"{setup}.after")
    idle_before, idle_after = sample(f"{setup}.idle-before"), sample(f"{setup}.idle-after")
    idle_s = seconds(f"{setup}.idle-end") - seconds(f"{setup}.idle-start")
    window_s = seconds(f"{setup}.end") - seconds(f"{setup}.start")
    servers = []
    for port in after:
        role, cpu, calls = after[port]
        idle_rate = (idle_after[port][1] - idle_before[port][1]) / idle_s
        used = cpu - before[port][1]
        servers.append({"port": int(port), "role": role, "cpu_s_measured": round(used, 3),
                        "idle_cpu_s_per_s": round(idle_rate, 4),
                        "cpu_s": round(max(0.0, used - idle_rate * window_s), 3),
                        "publishes": calls - before[port][2]})
    deliveries = load["message_deliveries"] + load["department_updates"]
    primaries = [s for s in servers if s["role"] == "master"]
    publishes = sum(s["publishes"] for s in primaries)
    primary_cpu = sum(s["cpu_s"] for s in primaries)
    all_cpu = sum(s["cpu_s"] for s in servers)
    row = {
        "load": load, "window_s": round(window_s, 1), "servers": servers, "deliveries": deliveries,
        "publishes": publishes,
        "messages_sent": load["messages_sent"],
        "publishes_per_message": round(publishes / max(1, load["messages_sent"]), 3),
        "redis_cpu_s_primaries": round(primary_cpu, 3), "redis_cpu_s_all": round(all_cpu, 3),
        "redis_cpu_us_per_delivery_primaries": round(primary_cpu * 1e6 / max(1, deliveries), 3),
        "redis_cpu_us_per_delivery_all": round(all_cpu * 1e6 / max(1, deliveries), 3),
        "redis_cpu_us_per_publish_primary": round(primary_cpu * 1e6 / max(1, publishes), 2),
        "publish_share": {str(s["port"]): round(s["publishes"] / max(1, publishes), 3) for s in primaries},
    }
    # The modelled ceiling: one primary saturates at one core; a message costs publishes_per_message publishes there.
    per_publish = row["redis_cpu_us_per_publish_primary"]
    one = 1e6 / max(1e-9, per_publish) / max(1e-9, row["publishes_per_message"])
    row["ceiling_messages_per_s_one_primary"] = round(one)
    row["ceiling_messages_per_s_all_primaries"] = round(one / max(row["publish_share"].values()))
    sat_before, sat_after = sample(f"{setup}.sat-before"), sample(f"{setup}.sat-after")
    port = next(iter(sat_after))
    sat_s = seconds(f"{setup}.sat-end") - seconds(f"{setup}.sat-start")
    sat_cpu = sat_after[port][1] - sat_before[port][1]
    sat_publishes = sat_after[port][2] - sat_before[port][2]
    row["saturation"] = {
        "port": int(port), "publishes": sat_publishes, "seconds": round(sat_s, 2), "cpu_s": round(sat_cpu, 3),
        "publishes_per_s": round(sat_publishes / sat_s), "cpu_us_per_publish": round(sat_cpu * 1e6 / max(1, sat_publishes), 2),
        "redis_benchmark": open(f"{work}/{setup}.sat.log").read().replace("\r", "\n").strip().splitlines()[-1][-80:],
    }
    # The modelled ceiling at saturation: a primary's one core over its cost per publish, over publishes per message.
    sat = row["saturation"]["cpu_us_per_publish"]
    one_sat = 1e6 / max(1e-9, sat) / max(1e-9, row["publishes_per_message"])
    row["saturated_ceiling_messages_per_s_one_primary"] = round(one_sat)
    row["saturated_ceiling_messages_per_s_all_primaries"] = round(one_sat / max(row["publish_share"].values()))
    result["setups"][setup] = row
json.dump(result, open(out, "w"), indent=2)
print(f"{'setup':8} {'sent/s':>7} {'deliv.':>8} {'lost':>5} {'pub/msg':>7} {'µs/pub':>7} {'µs/deliv(prim)':>14} "
      f"{'µs/deliv(all)':>13} {'node µs/deliv':>13}  share of publishes")
for setup, r in result["setups"].items():
    load = r["load"]
    share = " ".join(f"{p}:{v:.0%}" for p, v in r["publish_share"].items())
    print(f"{setup:8} {load['send_rate']:7} {r['deliveries']:8} {load['messages_lost']:5} {r['publishes_per_message']:7} "
          f"{r['redis_cpu_us_per_publish_primary']:7} {r['redis_cpu_us_per_delivery_primaries']:14} "
          f"{r['redis_cpu_us_per_delivery_all']:13} {load.get('cpu_us_per_delivery', '-'):>13}  {share}")
for setup, r in result["setups"].items():
    sat = r["saturation"]
    print(f"{setup}: at the load's cost per publish one primary saturates at ~{r['ceiling_messages_per_s_one_primary']} "
          f"messages/s, all its primaries at ~{r['ceiling_messages_per_s_all_primaries']} (the busiest primary's share "
          f"bounds it); saturated ({sat['publishes_per_s']} publishes/s, {sat['cpu_us_per_publish']} µs each): "
          f"~{r['saturated_ceiling_messages_per_s_one_primary']} and ~{r['saturated_ceiling_messages_per_s_all_primaries']}")
print(f"raw: {out}")
EOF
