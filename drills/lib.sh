# Shared by the failover drills (run.sh: one Redis with Sentinels; cluster.sh: a Redis Cluster). Sourced, not run.
# PG_PORT and NODE_PORT_BASE may be set before sourcing (two drills on one machine need different ones).
# The caller sets REDIS_URL (what the nodes use), REDIS_PORTS_RE (a regex of the ports their Redis connections go
# to) and, if not the one PostgreSQL on PG_PORT, DB_URL, before node_start and blackhole_node.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA="$JAVA_HOME/bin/java"
NODE_JAR="$ROOT/chat-node/target/chat-node-0.2.0.jar"
LOAD_JAR="$ROOT/loadtest/target/loadtest-0.2.0.jar"
[ -f "$NODE_JAR" ] && [ -f "$LOAD_JAR" ] || (cd "$ROOT" && mvn -B -q package -DskipTests)
PHASE=${PHASE:-25}
WORK=$(mktemp -d /tmp/chat-drills.XXXXXX)
chmod 755 "$WORK"
PG_PORT=${PG_PORT:-15591}
NODE_PORT_BASE=${NODE_PORT_BASE:-18180}   # nodes 1-3 listen on base+1..3
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
declare -A NODE_PID
LOAD_PID=""
BLACKHOLE_RULES=()

unblackhole() {
  for rule in "${BLACKHOLE_RULES[@]:-}"; do [ -n "$rule" ] && iptables -D INPUT $rule 2>/dev/null || true; done
  BLACKHOLE_RULES=()
}

# Drops, on the loopback, every packet to and from these local client ports, both ways, while the sockets stay open.
blackhole_ports() {
  for port in "$@"; do
    for dir in --sport --dport; do
      iptables -I INPUT -i lo -p tcp $dir "$port" -j DROP
      BLACKHOLE_RULES+=("-i lo -p tcp $dir $port -j DROP")
    done
  done
}

# The client ports of a process's established connections to the ports matching the regex $2.
client_ports() { # pid port-regex
  ss -tnpH state established | grep "pid=$1," | awk '{print $3" "$4}' | grep -E ":($2)\$" | awk '{print $1}' \
    | sed 's/.*://'
}

# Black-holes every connection of one node (by its pid) to Redis (REDIS_PORTS_RE): what it publishes from now on goes
# nowhere, until it notices and opens new connections.
blackhole_node() { # pid
  local ports
  ports=$(client_ports "$1" "$REDIS_PORTS_RE")
  blackhole_ports $ports
  echo "== black-holed node pid $1's Redis client ports: $(echo $ports)"
}

can_blackhole() { command -v iptables >/dev/null && iptables -L INPUT -n >/dev/null 2>&1; }

stop_nodes_and_load() {
  unblackhole
  [ -n "$LOAD_PID" ] && kill "$LOAD_PID" 2>/dev/null || true
  for pid in "${NODE_PID[@]:-}"; do kill -9 "$pid" 2>/dev/null || true; done
}

finish_cleanup() {
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pg" -m immediate stop >/dev/null 2>&1 || true
  mkdir -p "$ROOT/drills/last-run" && cp "$WORK"/*.log "$ROOT/drills/last-run/" 2>/dev/null || true
  rm -rf "$WORK"
}

pg_start() {
  mkdir "$WORK/pg" && chown postgres "$WORK/pg"
  runuser -u postgres -- "$PGBIN/initdb" -D "$WORK/pg" -A trust -U postgres >/dev/null
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg/server.log" \
    -o "-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
}

node_start() { # index
  local i=$1 port=$((NODE_PORT_BASE + $1))
  CHAT_PORT=$port CHAT_NODE_ID=drill-$i CHAT_DB_URL="${DB_URL:-jdbc:postgresql://127.0.0.1:$PG_PORT/postgres}" \
  CHAT_DB_USER=postgres CHAT_DB_PASSWORD=postgres CHAT_REDIS_URL="$REDIS_URL" \
  CHAT_AUTH_SECRET="drill-secret-drill-secret-drill-secret-0001" CHAT_ADMIN_USERNAME=admin \
  CHAT_ADMIN_PASSWORD=change-me-now CHAT_PASSWORD_HASH_ITERATIONS=1000 CHAT_DRAIN_GRACE_MS=1000 \
  CHAT_PRESENCE_HEARTBEAT_TTL=5 CHAT_BUS_PROBE_INTERVAL_MS=500 CHAT_DATA_DIR="$WORK/node-$i" \
    "$JAVA" -Xmx384m -XX:+UseG1GC -jar "$NODE_JAR" >> "$WORK/node-$i.log" 2>&1 &
  NODE_PID[$i]=$!
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && return; sleep 0.5; done
  echo "node $i did not start" >&2; exit 1
}
NODES="http://127.0.0.1:$((NODE_PORT_BASE + 1)),http://127.0.0.1:$((NODE_PORT_BASE + 2)),http://127.0.0.1:$((NODE_PORT_BASE + 3))"

drill() { echo "$(date +%s%3N) $1" >> "$WORK/drills.log"; echo "== $(date -u +%T) drill: $1"; }

# The drill runner's steady traffic; OUT is where its JSON goes (docs/drill-results/<stamp>[suffix].json). It sends
# until the drills are done (load_results, one phase after the last drill), at most 15 minutes: node restarts take far
# longer on a loaded machine than the phases assume.
load_start() { # [file-name-suffix]
  mkdir -p "$ROOT/docs/drill-results"
  OUT="$ROOT/docs/drill-results/$(date -u +%Y%m%dT%H%M%SZ)${1:-}.json"
  "$JAVA" -cp "$LOAD_JAR" com.hotelchat.loadtest.DrillRunner --nodes "$NODES" --conversations 20 --subscribers 3 \
    --rate 40 --duration 900 --drills-file "$WORK/drills.log" --stop-file "$WORK/drills.done" --json "$OUT" \
    > "$WORK/drill-runner.log" 2>&1 &
  LOAD_PID=$!
}

# One phase after the last drill, the runner stops sending, counts, and reports.
load_results() {
  sleep "$PHASE"; touch "$WORK/drills.done"
  wait "$LOAD_PID" || true
  LOAD_PID=""
  grep -v '^\[drill\]' "$WORK/drill-runner.log" || true
  echo "== results saved in $OUT"
}
