#!/usr/bin/env bash
# Benchmark: starts a throwaway Redis, a throwaway PostgreSQL and three chat nodes on this machine, runs the load
# generator for each point of the sweep, prints and saves the figures, and stops everything it started.
#
#   bench/run.sh                        # default sweep
#   bench/run.sh "1000:500:30 3000:2000:30"   # points as clients:rate:seconds
#
# Results: docs/bench-results/<timestamp>-<clients>-<rate>.json, and a table on stdout.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA="$JAVA_HOME/bin/java"
SWEEP=${1:-"1000:500:30 1000:2000:30 3000:2000:30"}
DEPARTMENT_SIZE=${DEPARTMENT_SIZE:-50}
SUBSCRIBERS=${SUBSCRIBERS:-3}
NODE_HEAP=${NODE_HEAP:-512m}
NODE_JAR="$ROOT/chat-node/target/chat-node-0.2.0.jar"
LOAD_JAR="$ROOT/loadtest/target/loadtest-0.2.0.jar"
if [ ! -f "$NODE_JAR" ] || [ ! -f "$LOAD_JAR" ]; then
  (cd "$ROOT" && mvn -B -q package -DskipTests)
fi

WORK=$(mktemp -d /tmp/chat-bench.XXXXXX)
chmod 755 "$WORK"
REDIS_PORT=16391
PG_PORT=15491
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
NODE_PIDS=()

cleanup() {
  mkdir -p "$ROOT/bench/last-run" && cp "$WORK"/node-*.log "$ROOT/bench/last-run/" 2>/dev/null || true
  for pid in "${NODE_PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  redis-cli -p $REDIS_PORT shutdown nosave >/dev/null 2>&1 || true
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pg" -m fast stop >/dev/null 2>&1 || true
  sleep 1
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== starting redis on $REDIS_PORT and postgresql on $PG_PORT in $WORK"
redis-server --port $REDIS_PORT --bind 127.0.0.1 --save "" --appendonly no --daemonize yes --dir "$WORK" \
  --logfile "$WORK/redis.log"
mkdir "$WORK/pg" && chown postgres "$WORK/pg"
runuser -u postgres -- "$PGBIN/initdb" -D "$WORK/pg" -A trust -U postgres >/dev/null
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg/server.log" \
  -o "-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=256MB" start >/dev/null

echo "== starting 3 nodes"
PIDS=""
NODES=""
for i in 1 2 3; do
  port=$((18080 + i))
  CHAT_PORT=$port CHAT_NODE_ID=bench-$i \
  CHAT_DB_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres" CHAT_DB_USER=postgres CHAT_DB_PASSWORD=postgres \
  CHAT_DB_POOL_SIZE=20 CHAT_REDIS_URL="redis://127.0.0.1:$REDIS_PORT" \
  CHAT_AUTH_SECRET="bench-secret-bench-secret-bench-secret-0001" \
  CHAT_ADMIN_USERNAME=admin CHAT_ADMIN_PASSWORD=change-me-now CHAT_PASSWORD_HASH_ITERATIONS=1000 \
  CHAT_WS_MAX_COMMANDS_PER_SECOND=1000 CHAT_DATA_DIR="$WORK/node-$i" \
    "$JAVA" -Xms64m -Xmx$NODE_HEAP -XX:+UseG1GC -XX:MaxHeapFreeRatio=20 -XX:MinHeapFreeRatio=10 ${NODE_JAVA_OPTS:-} \
    -jar "$NODE_JAR" > "$WORK/node-$i.log" 2>&1 &
  NODE_PIDS+=($!)
  PIDS="$PIDS${PIDS:+,}$!"
  NODES="$NODES${NODES:+,}http://127.0.0.1:$port"
  # The first node migrates the schema and creates the admin; let it finish before the others start.
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.5; done
done

ulimit -n 20000 2>/dev/null || true
mkdir -p "$ROOT/docs/bench-results"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
run=0
for point in $SWEEP; do
  IFS=: read -r clients rate seconds <<< "$point"
  run=$((run + 1))
  out="$ROOT/docs/bench-results/$STAMP-$clients-$rate.json"
  echo "== clients=$clients rate=$rate/s duration=${seconds}s"
  "$JAVA" -Xmx2g -jar "$LOAD_JAR" --nodes "$NODES" --clients "$clients" --department-size "$DEPARTMENT_SIZE" \
    --subscribers "$SUBSCRIBERS" --rate "$rate" --duration "$seconds" --pids "$PIDS" --json "$out" \
    --run-id "$((RANDOM % 900 + 100))$run"
done
echo "== node logs (copied to bench/last-run/) had $(cat "$WORK"/node-*.log | grep -c ' ERROR ' || true) ERROR lines"
