#!/bin/sh
# `vanphong init --demo` made directly on PostgreSQL (run by scripts/test-pg.sh, VP_DB_URL set):
# every migration and every module's demo seed runs through the driver into a fresh database,
# `check` accepts the result, and every table holds as many rows as the same demo made in
# SQLite (the seeds are deterministic but for passwords and the clock). Prints "N passed, M failed".
set -u
BIN=${VANPHONG_BIN:-build/vanphong}
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
ko() { fail=$((fail + 1)); echo "not ok - $1"; }
d=$(mktemp -d /tmp/vp-demo-pg-XXXXXX)
trap 'rm -rf "$d"' EXIT
psql -XAtq "$VP_DB_URL" -c "CREATE DATABASE vp_init_demo TEMPLATE template0" >/dev/null
url=$(printf '%s' "$VP_DB_URL" | sed 's/dbname=[^ ]*/dbname=vp_init_demo/')
if VANPHONG_DEMO_PASSWORD=pw-demo-12345 "$BIN" init --data "$d/pg" --demo --db "$url" >"$d/pg.log" 2>&1 &&
    grep -q "đã thêm văn phòng mẫu" "$d/pg.log"; then
    ok "init --demo on PostgreSQL completes"
else ko "init --demo on PostgreSQL: $(tail -5 "$d/pg.log")"; fi
"$BIN" check --data "$d/pg" --db "$url" >"$d/check.log" 2>&1 && [ "$(tail -1 "$d/check.log")" = ok ] &&
    ok "check accepts it" || ko "check: $(tail -5 "$d/check.log")"
# bench-search measures on PostgreSQL; its --profile (SQLite's statement timer) refuses there
# with a message, where it crashed.
printf 'broad\tkế hoạch\t\n' >"$d/q.tsv"
VP_DB_URL="$url" "$BIN" bench-search --data "$d/pg" --queries "$d/q.tsv" --runs 1 --logins chanhvp \
    >"$d/bench.log" 2>&1 && grep -q '"search"' "$d/bench.log" &&
    ok "bench-search runs on PostgreSQL" || ko "bench-search: $(tail -3 "$d/bench.log")"
VP_DB_URL="$url" "$BIN" bench-search --data "$d/pg" --queries "$d/q.tsv" --runs 1 --logins chanhvp \
    --profile >"$d/prof.log" 2>&1
rc=$?
[ "$rc" = 2 ] && grep -q "pg_stat_statements" "$d/prof.log" &&
    ok "bench-search --profile refuses PostgreSQL with a message" ||
    ko "bench-search --profile on PostgreSQL: exit $rc, $(tail -3 "$d/prof.log")"
env -u VP_DB_URL VANPHONG_DEMO_PASSWORD=pw-demo-12345 "$BIN" init --data "$d/sq" --demo >"$d/sq.log" 2>&1 ||
    ko "init --demo on SQLite: $(tail -3 "$d/sq.log")"
differ="" n=0
for t in $(sqlite3 "$d/sq/vanphong.db" "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'search_fts%' AND name <> 'schema_version' ORDER BY name"); do
    a=$(sqlite3 "$d/sq/vanphong.db" "SELECT count(*) FROM \"$t\"")
    b=$(psql -XAtq "$url" -c "SELECT count(*) FROM \"$t\"" 2>&1)
    n=$((n + 1))
    [ "$a" = "$b" ] || differ="$differ $t($a/$b)"
done
[ -z "$differ" ] && [ "$n" -gt 100 ] && ok "the $n tables hold as many rows as SQLite's demo" ||
    ko "row counts differ (SQLite/PostgreSQL):$differ"
psql -XAtq "$VP_DB_URL" -c "DROP DATABASE vp_init_demo WITH (FORCE)" >/dev/null
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
