#!/bin/sh
# copy-to-pg on a throw-away cluster (run by scripts/test-pg.sh, VP_DB_URL set): the demo office
# copied whole (every table's count and hash equal), a second copy into the same database
# refused, one changed value found by --verify, a refusal for a non-PostgreSQL target.
# Prints "N passed, M failed".
set -u
BIN=${VANPHONG_BIN:-build/vanphong}
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
ko() { fail=$((fail + 1)); echo "not ok - $1"; }
d=$(mktemp -d /tmp/vp-copy-XXXXXX)
trap 'rm -rf "$d"' EXIT
env -u VP_DB_URL VANPHONG_DEMO_PASSWORD=pw-demo-12345 "$BIN" init --data "$d/data" --demo >"$d/init.log" 2>&1 ||
    { cat "$d/init.log"; echo "0 passed, 1 failed"; exit 1; }
tables=$(sqlite3 "$d/data/vanphong.db" "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_version' AND sql NOT LIKE 'CREATE VIRTUAL%' AND name NOT LIKE 'search_fts_%'")
if "$BIN" copy-to-pg --data "$d/data" --to "$VP_DB_URL" >"$d/out" 2>"$d/err" && grep -q "^ok$" "$d/out" &&
    grep -q "$tables bảng khớp số dòng và mã băm, 0 không khớp" "$d/out"; then
    ok "the demo office copied: $(head -1 "$d/out")"
else ko "copy: $(cat "$d/out" "$d/err" | tail -3)"; fi
docs_sqlite=$(sqlite3 "$d/data/vanphong.db" "SELECT count(*) || ':' || coalesce(max(arrival_number), 0) FROM incoming")
docs_pg=$(psql -XAtq "$VP_DB_URL" -c "SELECT count(*) || ':' || coalesce(max(arrival_number), 0) FROM incoming")
[ "$docs_sqlite" = "$docs_pg" ] && ok "incoming documents and numbers equal ($docs_pg)" || ko "incoming $docs_sqlite vs $docs_pg"
# An outside organ's public id is its SQLite rowid; PostgreSQL's id column gets the same.
organs_sqlite=$(sqlite3 "$d/data/vanphong.db" "SELECT group_concat(rowid || '=' || organ_id, ',') FROM (SELECT rowid, organ_id FROM edxml_organs ORDER BY rowid)")
organs_pg=$(psql -XAtq "$VP_DB_URL" -c "SELECT string_agg(id || '=' || organ_id, ',' ORDER BY id) FROM edxml_organs")
[ -n "$organs_pg" ] && [ "$organs_sqlite" = "$organs_pg" ] && ok "outside organs keep their ids ($organs_pg)" || ko "organ ids: $organs_sqlite vs $organs_pg"
# A new row after the copy takes an id past the copied ones (sequences moved).
next=$(psql -XAtq "$VP_DB_URL" -c "INSERT INTO units (name, abbr, level, valid_from, created_at, updated_at) VALUES ('Đơn vị thử sau khi chép', 'TESTCOPY', 'BAN', '2026-01-01', '2026-01-01', '2026-01-01') RETURNING id" 2>&1 | head -1)
maxid=$(sqlite3 "$d/data/vanphong.db" "SELECT max(id) FROM units")
if [ "${next:-0}" -gt "$maxid" ] 2>/dev/null; then ok "a new unit takes id $next after the copied $maxid"; else ko "new unit id: $next (copied max $maxid)"; fi
psql -XAtq "$VP_DB_URL" -c "DELETE FROM units WHERE abbr = 'TESTCOPY'" >/dev/null
if "$BIN" copy-to-pg --data "$d/data" --to "$VP_DB_URL" >"$d/out2" 2>"$d/err2"; then ko "a second copy was accepted"
elif grep -q "không trống" "$d/err2"; then ok "a second copy into the same database refused"; else ko "second copy: $(cat "$d/err2")"; fi
"$BIN" copy-to-pg --data "$d/data" --to "$VP_DB_URL" --verify >"$d/v1" 2>&1 && ok "--verify agrees after the copy" || ko "verify: $(cat "$d/v1")"
psql -XAtq "$VP_DB_URL" -c "UPDATE incoming SET subject = subject || '.' WHERE id = (SELECT min(id) FROM incoming)" >/dev/null
if "$BIN" copy-to-pg --data "$d/data" --to "$VP_DB_URL" --verify >"$d/v2" 2>&1; then ko "--verify missed a changed subject"
elif grep -q "bảng incoming KHÔNG khớp" "$d/v2"; then ok "--verify names the changed table"; else ko "verify 2: $(cat "$d/v2")"; fi
# reindex --exclusive on PostgreSQL: the GIN indexes dropped for the rebuild, built at its end;
# every document indexed again, its vector tagged with its window (search_pg_window.c)
if "$BIN" reindex --data "$d/data" --exclusive >"$d/ri" 2>&1; then
    gin=$(psql -XAtq "$VP_DB_URL" -c "SELECT count(*) FROM pg_indexes WHERE indexname IN ('search_fts_exact', 'search_fts_folded')")
    rows=$(psql -XAtq "$VP_DB_URL" -c "SELECT (SELECT count(*) FROM search_docs WHERE gone = 0) || ':' || (SELECT count(*) FROM search_docs WHERE dirty = 1) || ':' || (SELECT count(*) FROM search_fts f WHERE f.folded @@ array_to_tsvector(ARRAY[chr(1) || 'w' || (f.rowid / 8192)])::text::tsquery)")
    total=${rows%%:*}
    [ "$gin" = 2 ] && [ "$rows" = "$total:0:$total" ] && [ "$total" -gt 100 ] &&
        ok "reindex --exclusive: both GIN indexes back, $total documents indexed with their window's tag" ||
        ko "reindex --exclusive: GIN indexes $gin, rows $rows"
else ko "reindex --exclusive: $(tail -3 "$d/ri")"; fi
if "$BIN" copy-to-pg --data "$d/data" --to "$d/other.db" >/dev/null 2>&1; then ko "an SQLite target accepted"
elif [ ! -e "$d/other.db" ]; then ok "a non-PostgreSQL target refused, nothing created"; else ko "other.db created"; fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
