# Sourced by the database benchmarks: a throwaway database named "$1_<time>" on the PostgreSQL at PGURL (default:
# this machine's) with the product's migrations applied, its URL in URL; dropped when the script exits unless KEEP=1.
PGURL=${PGURL:-postgresql://postgres@127.0.0.1:5432/postgres}
DB=$1_$(date +%s)
psql "$PGURL" -qc "create database $DB"
cleanup() { [ "${KEEP:-0}" = 1 ] || psql "$PGURL" -qc "drop database if exists $DB with (force)"; }
trap cleanup EXIT
URL=$(echo "$PGURL" | sed -E "s#/[^/]*\$#/$DB#")
# In version order (V9 before V10: a glob sorts them as text).
for f in $(ls "$HERE"/db/src/main/resources/db/migration/V*.sql | sort -V); do
  psql "$URL" -q -v ON_ERROR_STOP=1 -f "$f" >/dev/null
done
