#!/usr/bin/env bash
# Micro-benchmark of the group commit's statement: what PostgreSQL spends per message in append_batch, by batch size.
# Creates a throwaway database on the given server with this checkout's migrations, seeds 300 conversations, runs
# pgbench (two clients, random conversations, staff texts) for each batch size, and prints PostgreSQL's CPU per
# message (every postgres process: the backends, the WAL writer, what the postmaster reaped) and the latency.
#
#   bench/append-batch.sh                         # batch sizes 1 3 8, 1,500 batches per client each
#   SIZES="1 2 4 16" BATCHES=3000 bench/append-batch.sh
#   MIGRATIONS=/tmp/old/db/src/main/resources/db/migration bench/append-batch.sh   # another commit's migrations
#   STATEMENTS="append_batch insert+update insert commit" bench/append-batch.sh     # and the floors beside it
#
# STATEMENTS (default append_batch) also measures, with the same messages and conversations, what the group commit's
# statement is compared with: "insert+update" the same texts as one plain multi-row INSERT and one UPDATE of their
# conversations in a transaction (no access rules, no answer); "insert" the INSERT alone; "commit" as many one-column
# rows into a table of their own (what a durable commit costs with next to nothing in it).
#
# Needs pgbench and a server it may create a database on, as root reading its processes' CPU from /proc:
# PGURL (default postgresql://postgres@127.0.0.1:5432/postgres). The machine must be otherwise idle.
# PG_PIDS: the postmasters whose processes' CPU is counted (default: the oldest postgres on the machine), e.g. a
# primary and its synchronous standby: PG_PIDS="$(head -1 $PRIMARY/postmaster.pid) $(head -1 $STANDBY/postmaster.pid)".
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PGURL=${PGURL:-postgresql://postgres@127.0.0.1:5432/postgres}
MIGRATIONS=${MIGRATIONS:-$ROOT/db/src/main/resources/db/migration}
SIZES=${SIZES:-"1 3 8"} BATCHES=${BATCHES:-1500} CONVERSATIONS=300
DB=append_bench_$$
WORK=$(mktemp -d /tmp/append-bench.XXXXXX)
DBURL="${PGURL%/*}/$DB"
cleanup() { psql "$PGURL" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT

# CPU ticks of every process of the server: the postmaster's own and its reaped children's, and the live children's.
server_ticks() {
  local pm total=0
  for pm in ${PG_PIDS:-$(pgrep -o -x postgres || pgrep -o postgres)}; do
    total=$((total + $(awk '{print $14 + $15 + $16 + $17}' "/proc/$pm/stat")))
    for child in $(pgrep -P "$pm"); do
      total=$((total + $(awk '{print $14 + $15}' "/proc/$child/stat" 2>/dev/null || echo 0)))
    done
  done
  echo "$total"
}

psql "$PGURL" -qc "CREATE DATABASE $DB" >/dev/null
for migration in $(ls "$MIGRATIONS"/V*.sql | sort -V); do
  psql "$DBURL" -q -v ON_ERROR_STOP=1 -f "$migration" >/dev/null
done
psql "$DBURL" -q -v ON_ERROR_STOP=1 >/dev/null <<SQL
INSERT INTO departments (name) VALUES ('reception');
INSERT INTO staff_users (username, name, user_type, password_hash) VALUES ('alice', 'Alice', 'department_staff', 'x');
INSERT INTO guests (whatsapp_number, name)
    SELECT '+4470000' || lpad(g::text, 5, '0'), 'Guest ' || g FROM generate_series(1, $CONVERSATIONS) g;
INSERT INTO conversations (department_id, guest_id) SELECT 1, g FROM generate_series(1, $CONVERSATIONS) g;
CREATE TABLE bench_commit_floor (id BIGINT);
VACUUM ANALYZE;
SQL

# One pgbench script per statement and batch size: n random conversations, one staff text each.
script() {
  local statement=$1 n=$2 ids="" array
  repeat() { local out="" k; for k in $(seq 1 "$n"); do out="$out${out:+,}$1"; done; echo "$out"; }
  for k in $(seq 1 "$n"); do echo "\\set c$k random(1, $CONVERSATIONS)"; ids="$ids${ids:+,}:c$k"; done
  array="ARRAY[$ids]::bigint[]"
  local insert="INSERT INTO messages (conversation_id, sender_type, sender_id, sender_name, content)"
  insert="$insert SELECT c, 'staff', 1, 'Alice', 'room service please' FROM unnest($array) c;"
  case $statement in
    append_batch)
      echo "SELECT count(*) FROM append_batch($array, '{$(repeat staff)}', '{$(repeat 1)}'," \
           "'{$(repeat Alice)}', '{$(repeat "room service please")}', '{$(repeat NULL)}', '{$(repeat "room service")}'," \
           "'{$(repeat reception)}', '{$(repeat f)}');" ;;
    insert+update)
      echo "BEGIN;"
      echo "$insert"
      echo "UPDATE conversations SET last_message_at = clock_timestamp(), updated_at = clock_timestamp()," \
           "last_message_preview = 'room service' WHERE id = ANY ($array);"
      echo "COMMIT;" ;;
    insert) echo "$insert" ;;
    commit) echo "INSERT INTO bench_commit_floor SELECT c FROM unnest($array) c;" ;;
    *) echo "unknown statement: $statement" >&2; exit 1 ;;
  esac
}

hz=$(getconf CLK_TCK)
printf '| statement | messages per batch | batches | latency per batch ms | PostgreSQL CPU µs per message |\n'
printf '|---|---|---|---|---|\n'
for statement in ${STATEMENTS:-append_batch}; do
  for n in $SIZES; do
    script "$statement" "$n" >"$WORK/batch.sql"
    before=$(server_ticks)
    latency=$(pgbench "$DBURL" -n -M prepared -c 2 -t "$BATCHES" -f "$WORK/batch.sql" 2>&1 \
      | awk -F' = ' '/latency average/ {print $2}' | awk '{print $1}')
    after=$(server_ticks)
    messages=$((2 * BATCHES * n))
    printf '| %s | %s | %s | %s | %s |\n' "$statement" "$n" "$((2 * BATCHES))" "$latency" \
      "$(( (after - before) * 1000000 / hz / messages ))"
  done
done
