#!/usr/bin/env bash
# Reports at scale (issue 29): seeds a throwaway database on a PostgreSQL (default: this machine's) with the product's
# schema and N messages (default 10 million) of a desk's year (bench/report-data.sql: 20 departments of 8 agents,
# conversations of 10 messages on average), then runs the report's statement (ReportMapper's, read from the source)
# under EXPLAIN ANALYZE with the node's settings (ReportMapper.bound: no parallel workers, no JIT, 64 MB work_mem) for a
# month and a year, of one department and of all twenty, RUNS times each, and prints the execution times. The database
# is dropped at the end unless KEEP=1.
#
#   bench/reports.sh                      # 10,000,000 messages
#   N=1000000 bench/reports.sh            # a quicker look
#   PLANS=1 bench/reports.sh              # also print each statement's plan (the last run's)
#   KEEP=1 bench/reports.sh, then REUSE=<its database> bench/reports.sh   # time again without seeding again
#   LIVE=1 bench/reports.sh               # then appends' latency alone and beside a year's report (RUNS=0: only that)
set -euo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
N=${N:-10000000} RUNS=${RUNS:-3}
if [ -n "${REUSE:-}" ]; then
  URL=$(echo "${PGURL:-postgresql://postgres@127.0.0.1:5432/postgres}" | sed -E "s#/[^/]*\$#/$REUSE#")
else
  . "$HERE"/bench/throwaway-db.sh reports_bench

CONVERSATIONS=$((N / 10))
echo "seeding $N messages in $CONVERSATIONS conversations over a year ($(date -u +%T))"
# Loaded without the message indexes (built after, as a restore would); the full-text one is left out: the report does
# not read it.
psql "$URL" -q -v ON_ERROR_STOP=1 <<SQL
DROP INDEX messages_search;
DROP INDEX messages_conversation;
SET work_mem = '256MB';
\i $HERE/bench/report-data.sql
SELECT pg_temp.seed_desk(ARRAY(SELECT 'desk' || lpad(i::TEXT, 2, '0') FROM generate_series(1, 20) i), 8,
                         $CONVERSATIONS, 10, 365, now());
SQL
echo "indexing ($(date -u +%T))"
psql "$URL" -q -v ON_ERROR_STOP=1 <<'SQL'
SET maintenance_work_mem = '512MB';
CREATE INDEX messages_conversation ON messages (conversation_id, id);
VACUUM ANALYZE;
SQL
fi
psql "$URL" -Atc "select 'messages: ' || count(*) || ', table ' || pg_size_pretty(pg_relation_size('messages'))
  || '; conversations: ' || (select count(*) from conversations) || ', table '
  || pg_size_pretty(pg_relation_size('conversations')) from messages"
# ReportMapper.rows as the node sends it: the text block of the annotation, its parameters as psql variables.
REPORT_SQL=$(awk '/WITH scope AS/{on=1} on{ if ($0 ~ /"""\)/) { sub(/"""\).*/, ""); print; exit } print }' \
    "$HERE"/db/src/main/java/com/hotelchat/db/report/ReportMapper.java \
  | sed -E "s/#\{departmentIds, typeHandler=[^}]*\}/:'ids'::bigint[]/g; s/#\{from\}/:'from'::timestamptz/g; s/#\{to\}/:'to'::timestamptz/g")
ONE=$(psql "$URL" -Atc "select '{' || id || '}' from departments where name = 'desk01'")
ALL=$(psql "$URL" -Atc "select '{' || string_agg(id::text, ',') || '}' from departments where name like 'desk%'")
MONTH_FROM=$(date -u -d '-30 days' +%F) YEAR_FROM=$(date -u -d '-365 days' +%F) TO=$(date -u -d '+1 day' +%F)

run() { # name, ids, from
  local times=() plan
  for _ in $(seq 1 "$RUNS"); do
    plan=$(psql "$URL" -v ON_ERROR_STOP=1 -v ids="$2" -v from="$3" -v to="$TO" -At <<SQL
SET max_parallel_workers_per_gather = 0; SET work_mem = '64MB'; SET jit = off; -- ReportMapper.bound's settings
EXPLAIN (ANALYZE, BUFFERS) $REPORT_SQL;
SQL
)
    times+=("$(echo "$plan" | sed -nE 's/^Execution Time: ([0-9.]+) ms/\1/p')")
  done
  printf '| %s | %s |\n' "$1" "$(printf '%s ms, ' "${times[@]}" | sed 's/, $//')"
  [ "${PLANS:-0}" = 1 ] && echo "$plan" | sed 's/^/    /' || true
}
if [ "$RUNS" -gt 0 ]; then
  echo
  echo "| report (EXPLAIN ANALYZE, no parallel workers, $RUNS runs) | execution time |"
  echo "|---|---|"
  run "one department of 20, the last 30 days" "$ONE" "$MONTH_FROM"
  run "all 20 departments, the last 30 days" "$ALL" "$MONTH_FROM"
  run "one department of 20, the last 365 days" "$ONE" "$YEAR_FROM"
  run "all 20 departments, the last 365 days" "$ALL" "$YEAR_FROM"
fi

# LIVE=1: what a report does to the live path on the same database: appends (V16's append_message, a guest's message to
# a random conversation, as the node's commits do) at 200/s from 4 clients for 40 s, alone and then while the year of
# all twenty departments is computed; per-append latency percentiles from pgbench's log.
[ "${LIVE:-0}" = 1 ] || exit 0
live() { # name
  local dir; dir=$(mktemp -d)
  cat > "$dir/append.sql" <<'SQL'
\set c random(1, 1000000)
SELECT id FROM append_message(:c, 'guest', NULL, 'Guest', 'live', NULL, NULL, FALSE, NULL, 'live');
SQL
  (cd "$dir" && pgbench -n -f append.sql -c 4 -j 2 -R 200 -T 40 -l "$URL" >/dev/null 2>&1)
  cat "$dir"/pgbench_log.* | awk '{print $3}' | sort -n | awk -v name="$1" '{a[NR]=$1} END {
    printf "| %s | %d | %.1f | %.1f | %.1f |\n", name, NR, a[int(NR*0.5)]/1000, a[int(NR*0.99)]/1000, a[NR]/1000 }'
  rm -rf "$dir"
}
echo
echo "| appends at 200/s, 4 clients, 40 s | appends | p50 ms | p99 ms | max ms |"
echo "|---|---|---|---|---|"
live "alone"
psql "$URL" -q -v ids="$ALL" -v from="$YEAR_FROM" -v to="$TO" >/dev/null <<SQL &
SET max_parallel_workers_per_gather = 0; SET work_mem = '64MB'; SET jit = off;
$REPORT_SQL;
SQL
REPORT=$!
sleep 2
live "while a year of 20 departments is reported"
wait $REPORT
