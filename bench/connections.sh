#!/usr/bin/env bash
# Issue 12, target 4: 20,000 connections over three nodes on this machine, idle and then with traffic, and the RSS
# each idle connection costs a node (the RSS difference per connection between none and all connected).
#   mvn -B -q package -DskipTests && bench/connections.sh        # C=20016 D=12 K=3 R=200 T=30
# Nodes start as compare.sh starts them (java -jar, CHAT_* only; password hashing at 1,000 iterations so that
# 20,016 logins do not take an hour). The load generator is split over two processes (a process may hold 20,000
# open files here). Needs ../shared/bench-peer (compare.sh's harness, for seed-plan.mjs and loadgen.mjs).
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PEER=${PEER_DIR:-$ROOT/../shared/bench-peer}
JAR=${JAR:-$ROOT/chat-node/target/chat-node-0.2.0.jar}
C=${C:-20016} D=${D:-12} K=${K:-3} R=${R:-200} T=${T:-30} HOLD=${HOLD:-20}
PGURL=${PGURL:-postgresql://postgres@127.0.0.1:5432/postgres}
RPORT=16492 PORTS=(18491 18492 18493) ADMIN_PW=bench-admin-pw
for p in $RPORT "${PORTS[@]}"; do
  [ -z "$(ss -Htln "( sport = :$p )")" ] || { echo "port $p is in use; not touching whatever holds it"; exit 1; }
done
WORK=${BENCH_PEER_WORK:-/tmp/bench-peer-work}
mkdir -p "$WORK/adapters" && cp "$PEER"/*.mjs "$PEER"/package*.json "$WORK"/ && cp "$PEER"/adapters/*.mjs "$WORK/adapters/" \
  && cp "$ROOT/bench/hold.mjs" "$WORK/" || exit 1
(cd "$WORK" && { [ -d node_modules/ws ] || npm ci --no-audit --no-fund >/dev/null 2>&1; }) || { echo "npm ci failed"; exit 1; }
run=$(mktemp -d /tmp/bench-conn-XXXX) PIDS=() DB=
stop() {
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null; done
  wait 2>/dev/null
  [ -n "$DB" ] && psql "$PGURL" -qc "drop database if exists $DB with (force)" >/dev/null 2>&1
  echo "logs: $run"
}
trap stop EXIT
rss() { awk '/VmRSS/ {print int($2/1024)}' "/proc/$1/status"; }
redis-server --port $RPORT --bind 127.0.0.1 --save "" --appendonly no --dir "$run" >"$run/redis.log" 2>&1 &
PIDS+=($!) RPID=$!
DB=bench_conn_$(date +%s)
psql "$PGURL" -qc "create database $DB" >/dev/null || { DB=; echo "cannot create a database"; exit 1; }
NPIDS=() JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
for p in "${PORTS[@]}"; do
  mkdir -p "$run/node-$p"
  ( cd "$run/node-$p" && exec env CHAT_PORT=$p CHAT_NODE_ID=conn-$p CHAT_ADMIN_USERNAME=admin \
      CHAT_ADMIN_PASSWORD=$ADMIN_PW CHAT_AUTH_SECRET=bench-secret-0123456789abcdef0123456789abcdef \
      CHAT_REDIS_URL=redis://127.0.0.1:$RPORT CHAT_DB_URL="jdbc:postgresql://127.0.0.1:5432/$DB" CHAT_DB_USER=postgres \
      CHAT_DB_PASSWORD= CHAT_PASSWORD_HASH_ITERATIONS=1000 "$JAVA" ${NODE_JAVA_OPTS:-} -jar "$JAR" </dev/null >node.log 2>&1 ) &
  PIDS+=($!) NPIDS+=($!)
  for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$p/healthz" >/dev/null 2>&1 && break
    kill -0 "$!" 2>/dev/null || { echo "node on $p exited: $(tail -2 "$run/node-$p/node.log")"; exit 1; }; sleep 1; done
done
sleep 2
nodes=$(printf 'http://127.0.0.1:%s,' "${PORTS[@]}" | sed 's/,$//')
echo "seeding $C staff users, departments of $D, conversations of $K"
node "$WORK/seed-plan.mjs" --node "http://127.0.0.1:${PORTS[0]}" --admin admin:$ADMIN_PW -C "$C" -D "$D" -K "$K" \
  >"$run/plan.json" 2>"$run/plan.err" || { echo "seeding failed: $(tail -2 "$run/plan.err")"; exit 1; }
half=$(( (C / 2) / D * D ))
sleep "$HOLD" # the nodes settle after seeding, as they will after connecting
before=(); for pid in "${NPIDS[@]}"; do before+=("$(rss "$pid")"); done
echo "RSS MiB before connecting: ${before[*]}"
[ -n "${HISTO:-}" ] && jcmd "${NPIDS[1]}" GC.class_histogram >"$run/histo-before.txt" 2>&1
[ -n "${NMT:-}" ] && jcmd "${NPIDS[1]}" VM.native_memory baseline >/dev/null 2>&1 \
  && jcmd "${NPIDS[1]}" VM.native_memory summary >"$run/nmt-before.txt" 2>&1
# 1. idle: both halves connected and subscribed, nothing sent
mkfifo "$run/hold1" "$run/hold2"
( node "$WORK/hold.mjs" --plan "$run/plan.json" --nodes "$nodes" --from 0 --count $half --seconds 600 <"$run/hold1" >"$run/hold1.out" 2>&1 ) &
( node "$WORK/hold.mjs" --plan "$run/plan.json" --nodes "$nodes" --from $half --count $((C - half)) --seconds 600 <"$run/hold2" >"$run/hold2.out" 2>&1 ) &
exec 7>"$run/hold1" 8>"$run/hold2"
t0=$(date +%s)
until [ -s "$run/hold1.out" ] && [ -s "$run/hold2.out" ]; do sleep 1; [ $(( $(date +%s) - t0 )) -gt 600 ] && break; done
echo "connected in $(( $(date +%s) - t0 )) s: $(cat "$run/hold1.out") $(cat "$run/hold2.out")"
sleep "$HOLD"
sessions=(); for p in "${PORTS[@]}"; do sessions+=("$(curl -fs "http://127.0.0.1:$p/metrics" | awk '/^chat_sessions[ {]/ {print int($NF)}')"); done
after=(); for pid in "${NPIDS[@]}"; do after+=("$(rss "$pid")"); done
echo "sessions per node: ${sessions[*]}; RSS MiB idle: ${after[*]}"
[ -n "${NMT:-}" ] && jcmd "${NPIDS[1]}" VM.native_memory summary.diff >"$run/nmt-after.txt" 2>&1
[ -n "${NMT:-}" ] && cp "$run"/nmt-*.txt /tmp/
[ -n "${HISTO:-}" ] && jcmd "${NPIDS[1]}" GC.class_histogram >"$run/histo-after.txt" 2>&1 && cp "$run"/histo-*.txt /tmp/
for i in 0 1 2; do
  echo "node $i: $(( (after[i] - before[i]) * 1024 / (sessions[i] > 0 ? sessions[i] : 1) )) KiB RSS per idle connection"
done
exec 7>&- 8>&-
wait_holds() { for _ in $(seq 1 30); do pgrep -f hold.mjs >/dev/null || return; sleep 1; done; }
wait_holds
# 2. traffic: the same clients, two load generator processes at R/2 msg/s each
pids="node1=${NPIDS[0]},node2=${NPIDS[1]},node3=${NPIDS[2]},redis=$RPID,postgres=@user:postgres"
node -e "const p=require('$run/plan.json'); const h=$half; require('fs').writeFileSync('$run/plan-a.json', JSON.stringify({clients:p.clients.slice(0,h)})); require('fs').writeFileSync('$run/plan-b.json', JSON.stringify({clients:p.clients.slice(h)}))"
for part in a b; do
  n=$([ $part = a ] && echo $half || echo $((C - half)))
  ( node "$WORK/loadgen.mjs" --adapter seedws --plan "$run/plan-$part.json" --nodes "$nodes" -C "$n" -D "$D" -K "$K" \
      -R $((R / 2)) -T "$T" --warmup 10 --pids "$pids" >"$run/load-$part.json" 2>"$run/load-$part.err" ) &
done
wait_loads() { while pgrep -f "loadgen.mjs" >/dev/null; do sleep 2; done; }
wait_loads
for part in a b; do echo "load $part:"; node "$WORK/report-row.mjs" --header | head -1; node "$WORK/report-row.mjs" <"$run/load-$part.json"; done
