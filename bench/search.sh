#!/usr/bin/env bash
# Search at scale (issue 14): seeds a throwaway database on a PostgreSQL (default: this machine's) with the
# product's schema and N messages (default 10 million) over 20 departments, then times the queries the node runs for
# GET /chat/search/ (the SQL of SearchMapper, as a staff member of 2 of the 20 departments) with pgbench, and prints
# p50/p99 per query kind. The database is dropped at the end unless KEEP=1.
#
#   bench/search.sh                       # 10,000,000 messages
#   N=1000000 bench/search.sh             # a quicker look
#
# Words: 'w0' .. 'w4999', drawn with a skew (w0 is in about one message in ten, w4000 in about one in 50,000), plus
# a few hotel words; every message has 8-15 words.
set -euo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
N=${N:-10000000} T=${T:-200}
. "$HERE"/bench/throwaway-db.sh search_bench

echo "seeding $N messages ($(date -u +%T))"
psql "$URL" -q -v ON_ERROR_STOP=1 <<SQL
DROP INDEX messages_search;
DROP INDEX messages_conversation;
INSERT INTO departments (name) SELECT 'dept' || i FROM generate_series(1, 20) i;
INSERT INTO staff_users (username, name, user_type, password_hash) VALUES ('searcher', 'Searcher', 'department_staff', 'x');
INSERT INTO staff_departments (user_id, department_id)
  SELECT u.id, d.id FROM staff_users u, departments d WHERE u.username = 'searcher' AND d.name IN ('dept1', 'dept2');
INSERT INTO guests (whatsapp_number, name, room_number)
  SELECT '+1555' || lpad(i::text, 7, '0'), 'Guest' || i || ' Family' || (i % 977), (100 + i % 900)::text
  FROM generate_series(1, 100000) i;
INSERT INTO conversations (department_id, guest_id)
  SELECT 1 + (i % 20), 1 + (i % 100000) FROM generate_series(1, 200000) i;
INSERT INTO messages (conversation_id, sender_type, sender_id, sender_name, content, created_at)
SELECT 1 + (i % 200000), CASE WHEN i % 2 = 0 THEN 'guest' ELSE 'staff' END, 1, 'Sender',
       (SELECT string_agg(CASE WHEN random() < 0.05 THEN (ARRAY['towels','breakfast','wifi','taxi','spa','pool'])[1 + (random()*5)::int]
                                ELSE 'w' || floor(5000 * power(random(), 3))::int END, ' ')
          FROM generate_series(1, 8 + (i % 8)) g WHERE g > 0 * i),
       now() - make_interval(secs => ($N - i))
FROM generate_series(1, $N) i;
SQL
echo "indexing ($(date -u +%T))"
psql "$URL" -q -v ON_ERROR_STOP=1 <<'SQL'
SET maintenance_work_mem = '512MB';
ALTER TABLE messages ALTER COLUMN search_vector SET STATISTICS 5000;
CREATE INDEX messages_conversation ON messages (conversation_id, id);
CREATE INDEX messages_search ON messages USING gin (search_vector);
VACUUM ANALYZE;
SQL
psql "$URL" -Atc "select 'rows: ' || count(*) || ', table ' || pg_size_pretty(pg_relation_size('messages')) || ', search index ' || pg_size_pretty(pg_relation_size('messages_search')) from messages"
USER_ID=$(psql "$URL" -Atc "select id from staff_users where username = 'searcher'")

# The statement of SearchMapper.messages (and .guests), with the tsquery SearchQuery makes of what was typed (each
# word a quoted prefix lexeme 'w5':*, a "phrase" a quoted lexeme of several words), the word chosen by pgbench.
messages_sql() { cat <<SQL
$1
SELECT m.id AS message_id, m.conversation_id, d.name AS department, g.name AS guest_name, m.sender_name,
       m.private AS private_note, m.created_at,
       ts_headline('simple', m.content, q, 'StartSel=«,StopSel=»,MaxWords=24,MinWords=8,MaxFragments=2') AS snippet
FROM to_tsquery('simple', $2) q, messages m
  JOIN conversations c ON c.id = m.conversation_id JOIN departments d ON d.id = c.department_id
  JOIN guests g ON g.id = c.guest_id
WHERE m.search_vector @@ q
  AND c.department_id IN (SELECT department_id FROM staff_departments WHERE user_id = $USER_ID)
ORDER BY m.id DESC LIMIT 20;
SQL
}
run() { # name, script
  local dir; dir=$(mktemp -d)
  echo "$2" > "$dir/q.sql"
  (cd "$dir" && pgbench -n -f q.sql -t "$T" -c 1 -l "$URL" >/dev/null 2>&1)
  awk '{print $3}' "$dir"/pgbench_log.* | sort -n | awk -v name="$1" '{a[NR]=$1} END {
    printf "| %s | %d | %.1f | %.1f | %.1f |\n", name, NR, a[int(NR*0.5)]/1000, a[int(NR*0.99)]/1000, a[NR]/1000 }'
  rm -rf "$dir"
}
echo
echo "| query (as a member of 2 of 20 departments; page of 20, newest first) | runs | p50 ms | p99 ms | max ms |"
echo "|---|---|---|---|---|"
prefix() { echo "'''' || $1 || ''':*'"; } # the SQL of the tsquery text 'word':*, the word given as SQL
run "a common word (w0 .. w9: also w0x, w0xx)" "$(messages_sql '\set w random(0, 9)' "$(prefix "'w' || :w")")"
run "a mid-frequency word (w200 .. w299)" "$(messages_sql '\set w random(200, 299)' "$(prefix "'w' || :w")")"
run "a rare word (w4000 .. w4999)" "$(messages_sql '\set w random(4000, 4999)' "$(prefix "'w' || :w")")"
run "two words (w20 .. w49 and w100 .. w199)" "$(messages_sql '\set a random(20, 49)
\set b random(100, 199)' "$(prefix "'w' || :a") || ' & ' || $(prefix "'w' || :b")")"
run "a hotel word and a phrase (\"extra towels\" style: \"towels w5\")" "$(messages_sql '\set w random(1, 9)' "'''towels w' || :w || ''''")"
run "a word that is in no message" "$(messages_sql '\set w random(1, 1000)' "$(prefix "'nothing' || :w")")"
run "part of a word typed (tow: towels)" "$(messages_sql '' "$(prefix "'tow'")")"
run "one letter typed (w: every message)" "$(messages_sql '' "$(prefix "'w'")")"
run "a guest by name (Family<n>)" "\set f random(0, 976)
SELECT c.id, d.name, c.status, g.id, g.name, g.room_number, g.whatsapp_number
FROM to_tsquery('simple', $(prefix "'Family' || :f")) q, guests g JOIN conversations c ON c.guest_id = g.id
  JOIN departments d ON d.id = c.department_id
WHERE to_tsvector('simple', g.name || ' ' || COALESCE(g.room_number, '') || ' ' || g.whatsapp_number || ' ' || substr(g.whatsapp_number, 2)) @@ q
  AND c.department_id IN (SELECT department_id FROM staff_departments WHERE user_id = $USER_ID)
ORDER BY c.id DESC LIMIT 20;"
