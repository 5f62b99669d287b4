#!/bin/sh
# The PostgreSQL schema (src/db/migrations/pg/) against the SQLite one (src/db/migrations/).
#
#   scripts/check-pg-schema.sh              check (exit 1 on any difference)
#   scripts/check-pg-schema.sh --self-test  prove the check fails when it should
#
# 1. Every SQLite migration has its PostgreSQL twin of the same name, and no twin is left
#    without its SQLite file: a migration added to one dialect only fails here.
# 2. A throw-away PostgreSQL 15 cluster (initdb in a temporary directory, its socket there, no
#    TCP, no service, no root: as root the cluster runs as the postgres account) gets every pg
#    file in number order, each in its own transaction (psql --single-transaction,
#    ON_ERROR_STOP), as the driver's migrate applies them.
# 3. The schema it built is compared with the SQLite schema of a fresh `vanphong init`: tables,
#    columns in order with their type (INTEGER → bigint, TEXT → text, BLOB → bytea, REAL →
#    double precision), NOT NULL and default (strftime('%Y-%m-%dT%H:%M:%SZ', 'now') ≡
#    vp_utc_now(); casts dropped), primary keys, UNIQUE constraints, named indexes (columns,
#    unique, partial), foreign keys (columns, target, ON DELETE) and the number of CHECK
#    constraints of each table. Any difference fails, except the allowances listed below.
#    Before, tests/pgschema/behaviour.sql asserts what the data statements and the trigger
#    functions did (on rows seed_before_020.sql inserts before pg/020), then rolls back.
# 4. The demo office (`vanphong init --demo`) is copied into a second database built by the
#    same files: every row must fit (types, NOT NULL, CHECKs, UTF-8), every foreign key hold,
#    and the row counts agree. About 25 s in all; CHECK_PG_SCHEMA_DEMO=0 skips step 4.
#
# Environment: VANPHONG_BIN (default build/vanphong), PGBIN (default
# /usr/lib/postgresql/15/bin), PG_MIGRATIONS (the pg folder; the self-test points it at a
# broken copy).
set -eu

cd "$(dirname "$0")/.."
BIN=${VANPHONG_BIN:-build/vanphong}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
SQ_MIG=src/db/migrations
PG_MIG=${PG_MIGRATIONS:-src/db/migrations/pg}

# ---- allowances: differences the check accepts, each with its reason -------------------------
# - schema_version: created by each driver's migrate code (db/migrate.c, db/pg.c), not by a
#   migration file; the files never touch it.
# - search_fts and its FTS5 shadow tables (search_fts_data, _idx, _content, _docsize, _config):
#   on SQLite an FTS5 virtual table that the search module creates at run time on a connection
#   with the "vi" tokenizer (020_search.sql says why); on PostgreSQL a plain table with two
#   tsvector columns and GIN indexes, created by pg/020_search.sql. Nothing to compare.
# - sqlite_*: SQLite's own tables (sqlite_sequence, sqlite_stat1).
# - edxml_organs.id (PostgreSQL only, pg/057_pg_parity.sql): on SQLite an organ's public id is
#   the implicit rowid, which no schema listing shows; PostgreSQL has no rowid, so an identity
#   column with its UNIQUE constraint stands for it (copy-to-pg fills it from the rowid).
# The expressions of CHECK constraints and index predicates are not compared (two dialects
# print them differently), only their number and presence; the pg files keep them as written
# in the SQLite files.
ALLOWED_TABLES='^(schema_version|search_fts(_[a-z]+)?|sqlite_.*)$'
ALLOWED_PG_LINES='^(column edxml_organs\.id #[0-9]+ bigint notnull|unique edxml_organs \(id\))$'

if [ "${1:-}" = "--self-test" ]; then
    fail=0
    export CHECK_PG_SCHEMA_DEMO=0 # every case below must fail before the demo copy
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT INT TERM
    # a) a column renamed in one pg file must fail the comparison
    cp -r "$PG_MIG" "$work/renamed"
    sed -i 's/^ALTER TABLE fee_dues ADD COLUMN fee_category text;/ALTER TABLE fee_dues ADD COLUMN fee_categ text;/' \
        "$work/renamed/054_fee_dues_category.sql"
    if ! grep -q fee_categ\  "$work/renamed/054_fee_dues_category.sql"; then
        echo "self-test: the rename did not apply (054_fee_dues_category.sql changed?)" >&2
        exit 1
    fi
    if PG_MIGRATIONS="$work/renamed" sh "$0" >"$work/out1" 2>&1; then
        echo "self-test FAILED: a renamed column passed the check" >&2
        fail=1
    elif ! grep -q '^-column fee_dues.fee_category' "$work/out1"; then
        echo "self-test FAILED: the rename failed for another reason:" >&2
        cat "$work/out1" >&2
        fail=1
    else
        echo "self-test: renamed column caught"
    fi
    # b) a SQLite migration without its pg twin must fail before any cluster starts
    cp -r "$PG_MIG" "$work/missing"
    rm "$work/missing/054_fee_dues_category.sql"
    if PG_MIGRATIONS="$work/missing" sh "$0" >"$work/out2" 2>&1; then
        echo "self-test FAILED: a missing pg twin passed the check" >&2
        fail=1
    elif ! grep -q 'no PostgreSQL twin' "$work/out2"; then
        echo "self-test FAILED: the missing twin failed for another reason:" >&2
        cat "$work/out2" >&2
        fail=1
    else
        echo "self-test: missing twin caught"
    fi
    # c) a CHECK left out must fail the comparison
    cp -r "$PG_MIG" "$work/nocheck"
    sed -i 's/ DEFAULT 0 CHECK (secrecy BETWEEN 0 AND 3);/ DEFAULT 0;/' \
        "$work/nocheck/043_reporting_secrecy.sql"
    if PG_MIGRATIONS="$work/nocheck" sh "$0" >"$work/out4" 2>&1; then
        echo "self-test FAILED: a CHECK left out passed the check" >&2
        fail=1
    elif ! grep -q '^-checks report_types' "$work/out4"; then
        echo "self-test FAILED: the missing CHECK failed for another reason:" >&2
        cat "$work/out4" >&2
        fail=1
    else
        echo "self-test: missing CHECK caught"
    fi
    # d) a file that does not apply must stop the check
    cp -r "$PG_MIG" "$work/broken"
    printf 'CREATE TABLE oops (;\n' >>"$work/broken/054_fee_dues_category.sql"
    if PG_MIGRATIONS="$work/broken" sh "$0" >"$work/out3" 2>&1; then
        echo "self-test FAILED: a file with a syntax error passed the check" >&2
        fail=1
    else
        echo "self-test: failing file caught"
    fi
    exit $fail
fi

# ---- 1. every migration has its twin ----------------------------------------------------------
missing=0
for f in "$SQ_MIG"/*.sql; do
    b=$(basename "$f")
    if [ ! -f "$PG_MIG/$b" ]; then
        echo "check-pg-schema: $b has no PostgreSQL twin in $PG_MIG/" \
            "(a first draft: sh scripts/pg-twin.sh $f > $PG_MIG/$b)" >&2
        missing=1
    fi
done
for f in "$PG_MIG"/*.sql; do
    b=$(basename "$f")
    if [ ! -f "$SQ_MIG/$b" ]; then
        echo "check-pg-schema: $PG_MIG/$b has no SQLite migration of that name" >&2
        missing=1
    fi
done
[ $missing = 0 ] || exit 1

[ -x "$BIN" ] || { echo "check-pg-schema: $BIN not built (make)" >&2; exit 1; }
[ -x "$PGBIN/initdb" ] || { echo "check-pg-schema: no $PGBIN/initdb (postgresql-15)" >&2; exit 1; }

# ---- 2. a throw-away cluster and the pg files -------------------------------------------------
tmp=$(mktemp -d)
as_pg() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- env -C / "$@"; else "$@"; fi
}
stop() {
    if [ -f "$tmp/pg/postmaster.pid" ]; then
        as_pg "$PGBIN/pg_ctl" -D "$tmp/pg" -m immediate stop >/dev/null 2>&1 || true
    fi
    rm -rf "$tmp"
}
trap stop EXIT INT TERM
mkdir "$tmp/pg" "$tmp/sock" "$tmp/sq"
if [ "$(id -u)" = 0 ]; then chmod 711 "$tmp"; chown postgres "$tmp/pg" "$tmp/sock"; fi
as_pg "$PGBIN/initdb" -D "$tmp/pg" -U vp -A trust -E UTF8 --locale=C.UTF-8 --no-sync \
    >"$tmp/initdb.log" 2>&1 || { cat "$tmp/initdb.log" >&2; exit 1; }
as_pg "$PGBIN/pg_ctl" -D "$tmp/pg" -w -l "$tmp/sock/server.log" \
    -o "-c listen_addresses='' -k $tmp/sock -c fsync=off" start >/dev/null ||
    { cat "$tmp/sock/server.log" >&2; exit 1; }
psqlx() { "$PGBIN/psql" -X -q -h "$tmp/sock" -U vp -d "${PGDB:-postgres}" -v ON_ERROR_STOP=1 "$@"; }

for f in "$PG_MIG"/*.sql; do
    case $(basename "$f") in
    020_*) # rows for 020's and 024's data statements to work on (an office that already had some)
        psqlx --single-transaction -f tests/pgschema/seed_before_020.sql >"$tmp/apply.log" 2>&1 ||
            { echo "check-pg-schema: tests/pgschema/seed_before_020.sql:" >&2;
              cat "$tmp/apply.log" >&2; exit 1; } ;;
    esac
    if ! psqlx --single-transaction -f "$f" >"$tmp/apply.log" 2>&1; then
        echo "check-pg-schema: $(basename "$f") does not apply on PostgreSQL:" >&2
        cat "$tmp/apply.log" >&2
        exit 1
    fi
    if grep -q 'WARNING' "$tmp/apply.log"; then
        cat "$tmp/apply.log" >&2
    fi
done

# What the data statements and the trigger functions did (ASSERTs), then rolled back.
if ! { echo 'BEGIN;'; cat tests/pgschema/behaviour.sql; echo 'ROLLBACK;'; } |
    psqlx >"$tmp/behaviour.log" 2>&1; then
    echo "check-pg-schema: tests/pgschema/behaviour.sql failed on PostgreSQL:" >&2
    cat "$tmp/behaviour.log" >&2
    exit 1
fi

# ---- 3. both schemas as comparable lines ------------------------------------------------------
psqlx -At -F ' ' >"$tmp/pg.txt" <<'EOF'
WITH t AS (SELECT c.oid, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')),
col AS (SELECT t.relname, a.attname, a.attnum, format_type(a.atttypid, a.atttypmod) AS ty,
               a.attnotnull, a.atthasdef,
               regexp_replace(regexp_replace(pg_get_expr(d.adbin, d.adrelid),
                   '^\(?vp_utc_now\(\)\)?$', 'now'), '^(.*)::[a-z ]+$', '\1') AS dflt,
               row_number() OVER (PARTITION BY t.oid ORDER BY a.attnum) AS pos
        FROM t JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum),
cols AS (SELECT i.indexrelid, string_agg(COALESCE(a.attname, 'expr'), ',' ORDER BY k.n) AS l
         FROM pg_index i CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(att, n)
         LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.att AND k.att > 0
         WHERE k.n <= i.indnkeyatts GROUP BY i.indexrelid)
SELECT 'table ' || relname FROM t
UNION ALL
SELECT 'column ' || relname || '.' || attname || ' #' || pos || ' ' || ty
       || CASE WHEN attnotnull THEN ' notnull' ELSE '' END
       || CASE WHEN atthasdef THEN ' default=' || dflt ELSE '' END FROM col
UNION ALL
SELECT CASE WHEN con.contype = 'p' THEN 'pk ' ELSE 'unique ' END || t.relname || ' (' || cols.l || ')'
FROM t JOIN pg_constraint con ON con.conrelid = t.oid AND con.contype IN ('p', 'u')
JOIN cols ON cols.indexrelid = con.conindid
UNION ALL
SELECT 'index ' || ic.relname || ' on ' || t.relname || ' (' || cols.l || ')'
       || CASE WHEN i.indisunique THEN ' unique' ELSE '' END
       || CASE WHEN i.indpred IS NOT NULL THEN ' partial' ELSE '' END
FROM t JOIN pg_index i ON i.indrelid = t.oid JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN cols ON cols.indexrelid = i.indexrelid
WHERE NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid
                  AND con.contype IN ('p', 'u'))
UNION ALL
SELECT 'fk ' || t.relname || ' ('
       || (SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM unnest(con.conkey)
           WITH ORDINALITY AS k(att, n) JOIN pg_attribute a ON a.attrelid = con.conrelid
           AND a.attnum = k.att) || ') -> ' || r.relname || ' ('
       || (SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM unnest(con.confkey)
           WITH ORDINALITY AS k(att, n) JOIN pg_attribute a ON a.attrelid = con.confrelid
           AND a.attnum = k.att) || ') on delete '
       || CASE con.confdeltype WHEN 'a' THEN 'NO ACTION' WHEN 'r' THEN 'RESTRICT'
               WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' ELSE 'SET DEFAULT' END
FROM t JOIN pg_constraint con ON con.conrelid = t.oid AND con.contype = 'f'
JOIN pg_class r ON r.oid = con.confrelid
UNION ALL
SELECT 'checks ' || t.relname || ' ' || count(*) FROM t
JOIN pg_constraint con ON con.conrelid = t.oid AND con.contype = 'c' GROUP BY t.relname;
EOF

"$BIN" init --data "$tmp/sq" >"$tmp/init.log" 2>&1 || { cat "$tmp/init.log" >&2; exit 1; }
sqlite3 -batch "$tmp/sq/vanphong.db" >"$tmp/sq.txt" <<'EOF'
.mode list
.separator ' '
-- FTS5 virtual tables (search_fts, created by `init` since the tags column) are left out: their
-- columns cannot be listed without the app's "vi" tokenizer, and they are allowed anyway.
CREATE TEMP VIEW t AS SELECT name FROM sqlite_schema
    WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%';
SELECT 'table ' || name FROM t;
SELECT 'column ' || t.name || '.' || c.name || ' #' || (c.cid + 1) || ' '
       || CASE upper(c.type) WHEN 'INTEGER' THEN 'bigint' WHEN 'TEXT' THEN 'text'
               WHEN 'BLOB' THEN 'bytea' WHEN 'REAL' THEN 'double precision'
               ELSE 'sqlite:' || c.type END
       || CASE WHEN c.[notnull] OR c.pk > 0 THEN ' notnull' ELSE '' END
       || CASE WHEN c.dflt_value IS NULL THEN ''
               WHEN c.dflt_value IN ('strftime(''%Y-%m-%dT%H:%M:%SZ'', ''now'')',
                                     '(strftime(''%Y-%m-%dT%H:%M:%SZ'', ''now''))')
               THEN ' default=now' ELSE ' default=' || c.dflt_value END
FROM t, pragma_table_info(t.name) c;
SELECT 'pk ' || name || ' (' || (SELECT group_concat(n, ',') FROM
       (SELECT c.name AS n FROM pragma_table_info(t.name) c WHERE c.pk > 0 ORDER BY c.pk)) || ')'
FROM t WHERE EXISTS (SELECT 1 FROM pragma_table_info(t.name) c WHERE c.pk > 0);
SELECT CASE WHEN l.origin = 'u' THEN 'unique ' || t.name
            ELSE 'index ' || l.name || ' on ' || t.name END
       || ' (' || (SELECT group_concat(n, ',') FROM
                   (SELECT COALESCE(x.name, 'expr') AS n FROM pragma_index_xinfo(l.name) x
                    WHERE x.key = 1 ORDER BY x.seqno)) || ')'
       || CASE WHEN l.origin = 'c' AND l.[unique] THEN ' unique' ELSE '' END
       || CASE WHEN l.partial THEN ' partial' ELSE '' END
FROM t, pragma_index_list(t.name) l WHERE l.origin IN ('c', 'u');
SELECT 'fk ' || t.name || ' (' || (SELECT group_concat(f2."from", ',') FROM
       (SELECT * FROM pragma_foreign_key_list(t.name) ORDER BY id, seq) f2 WHERE f2.id = f.id)
       || ') -> ' || f."table" || ' ('
       || (SELECT group_concat(COALESCE(f2."to", 'id'), ',') FROM
           (SELECT * FROM pragma_foreign_key_list(t.name) ORDER BY id, seq) f2
           WHERE f2.id = f.id) || ') on delete ' || f.on_delete
FROM t, pragma_foreign_key_list(t.name) f WHERE f.seq = 0;
-- CHECK constraints are counted, not compared: SQLite keeps them only in the CREATE text (the
-- word CHECK is counted there; the table comments never write it in capitals).
SELECT 'checks ' || name || ' ' || ((length(sql) - length(replace(sql, 'CHECK', ''))) / 5)
FROM sqlite_schema WHERE type = 'table' AND instr(sql, 'CHECK') > 0;
EOF

allowed() { awk -v re="$ALLOWED_TABLES" '{
    split($2, p, "."); tbl = ($1 == "column") ? p[1] : ($1 == "index") ? $4 : $2;
    if (tbl !~ re) print }' | sort; }
grep -Ev "$ALLOWED_PG_LINES" "$tmp/pg.txt" | allowed >"$tmp/pg.sorted"
allowed <"$tmp/sq.txt" >"$tmp/sq.sorted"
n=$(grep -c '^table ' "$tmp/sq.sorted" || true)
if ! diff -u "$tmp/sq.sorted" "$tmp/pg.sorted" >"$tmp/diff"; then
    echo "check-pg-schema: the PostgreSQL schema differs from SQLite's" \
        "(- SQLite, + PostgreSQL):" >&2
    grep '^[-+][a-z]' "$tmp/diff" >&2
    exit 1
fi
if [ -n "${CHECK_PG_SCHEMA_KEEP:-}" ]; then cp "$tmp/sq.sorted" "$tmp/pg.sorted" "$CHECK_PG_SCHEMA_KEEP/"; fi
echo "check-pg-schema: $(ls "$PG_MIG"/*.sql | wc -l) pg migrations apply; $n tables, same" \
    "$(awk '{ k[$1]++ } END { for (x in k) printf "%s%d %s", (c++ ? ", " : ""), k[x], x }' \
        "$tmp/sq.sorted") as SQLite's"

# ---- 4. the demo office's rows fit the PostgreSQL tables --------------------------------------
# `vanphong init --demo` (a year of a city committee's office, every module) is copied table by
# table into a second database built by the same pg files, the way copy-to-pg would: COPY with
# the triggers off (session_replication_role = replica: search rows are copied, not derived
# again). Every value must fit its column's type, NOT NULL and CHECKs, in valid UTF-8; then
# every foreign key is verified (the replica role skipped them during the load), the
# identities are resynced and the row counts compared. CHECK_PG_SCHEMA_DEMO=0 skips this part
# (the self-test does: its cases are about the schema).
[ "${CHECK_PG_SCHEMA_DEMO:-1}" = 1 ] || exit 0
"$BIN" init --demo --data "$tmp/demo" >"$tmp/demo.log" 2>&1 || { cat "$tmp/demo.log" >&2; exit 1; }
db="$tmp/demo/vanphong.db"
psqlx -c 'CREATE DATABASE demo'
for f in "$PG_MIG"/*.sql; do
    PGDB=demo psqlx --single-transaction -f "$f" >"$tmp/apply.log" 2>&1 ||
        { cat "$tmp/apply.log" >&2; exit 1; }
done
# A script of SELECTs printing COPY's text format: \N for NULL, backslash, tab and line ends
# escaped, a BLOB as \x and its hex (bytea's input). The allowed tables are left out. The
# columns are named: a PostgreSQL-only column (edxml_organs.id) takes its default.
sqlite3 -batch "$db" >"$tmp/demo.sel" <<'EOF'
SELECT 'SELECT ''COPY "' || t.name || '" ('
    || (SELECT group_concat('"' || c.name || '"', ', ') FROM pragma_table_info(t.name) c)
    || ') FROM STDIN;'';' || char(10) || 'SELECT '
    || (SELECT group_concat(CASE WHEN upper(c.type) = 'BLOB'
            THEN 'CASE WHEN "' || c.name || '" IS NULL THEN ''\N'' ELSE ''\\x'' || hex("'
                 || c.name || '") END'
            ELSE 'CASE WHEN "' || c.name || '" IS NULL THEN ''\N'' ELSE replace(replace(replace('
                 || 'replace(CAST("' || c.name || '" AS TEXT), ''\'', ''\\''), char(9), ''\t''),'
                 || ' char(10), ''\n''), char(13), ''\r'') END' END, ' || char(9) || ')
        FROM pragma_table_info(t.name) c)
    || ' FROM "' || t.name || '";' || char(10) || 'SELECT ''\.'';'
FROM sqlite_schema t
WHERE t.type = 'table' AND t.name <> 'schema_version' AND t.name NOT LIKE 'sqlite\_%' ESCAPE '\'
      AND t.name NOT LIKE 'search\_fts%' ESCAPE '\'
ORDER BY t.name;
EOF
{
    echo 'SET session_replication_role = replica;'
    # the rows the migrations seeded (doc types, holidays, rates…) give way to the office's
    echo "TRUNCATE $(sqlite3 -batch "$db" "SELECT name FROM sqlite_schema WHERE type = 'table'" |
        grep -Ev "$ALLOWED_TABLES" | sed 's/.*/"&"/' | paste -sd, -);"
    sqlite3 -batch "$db" <"$tmp/demo.sel"
    echo 'SET session_replication_role = origin;'
} >"$tmp/demo.copy"
if ! PGDB=demo psqlx --single-transaction -f "$tmp/demo.copy" >"$tmp/copy.log" 2>&1; then
    echo "check-pg-schema: the demo office's rows do not fit the PostgreSQL tables:" >&2
    head -20 "$tmp/copy.log" >&2
    exit 1
fi
if ! PGDB=demo psqlx -At >"$tmp/demo.check" 2>&1 <<'EOF'
DO $$
DECLARE
    r record;
    n bigint;
    bad text := '';
BEGIN
    FOR r IN SELECT con.conrelid::regclass AS child, a.attname AS col,
                    con.confrelid::regclass AS parent, pa.attname AS pcol
             FROM pg_constraint con
             JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
             JOIN pg_attribute pa ON pa.attrelid = con.confrelid AND pa.attnum = con.confkey[1]
             WHERE con.contype = 'f' AND cardinality(con.conkey) = 1
    LOOP
        EXECUTE format('SELECT count(*) FROM %s c WHERE c.%I IS NOT NULL AND NOT EXISTS '
                       '(SELECT 1 FROM %s p WHERE p.%I = c.%I)',
                       r.child, r.col, r.parent, r.pcol, r.col) INTO n;
        IF n > 0 THEN
            bad := bad || format(' %s.%s → %s: %s rows;', r.child, r.col, r.parent, n);
        END IF;
    END LOOP;
    ASSERT NOT EXISTS (SELECT 1 FROM pg_constraint WHERE contype = 'f'
                       AND cardinality(conkey) > 1), 'a foreign key of several columns';
    ASSERT bad = '', 'foreign keys broken by the copy:' || bad;
END
$$;
SELECT vp_identity_resync();
-- The trigger functions on the office's own documents and spending derive what SQLite's
-- triggers derived (the copied rows): every document touched once, the spending entered again
-- (the totals rebuilt by the insert trigger), then every entry raised by one đồng.
CREATE TEMP TABLE sd AS SELECT kind, doc_id, unit_id, secrecy, urgency, doc_type, issued_date,
    sort_date, year, status FROM search_docs WHERE gone = 0;
CREATE TEMP TABLE bt AS SELECT * FROM budget_spend_totals;
BEGIN;
UPDATE incoming SET status = status;
UPDATE outgoing SET status = status;
CREATE TEMP TABLE bs AS SELECT * FROM budget_spending;
DELETE FROM budget_spend_totals;
DELETE FROM budget_spending;
INSERT INTO budget_spending SELECT * FROM bs;
DO $$
BEGIN
    ASSERT (SELECT count(*) FROM sd) > 100, 'the demo has documents';
    ASSERT NOT EXISTS (SELECT kind, doc_id, unit_id, secrecy, urgency, doc_type, issued_date,
                              sort_date, year, status FROM search_docs WHERE gone = 0
                       EXCEPT SELECT * FROM sd)
       AND NOT EXISTS (SELECT * FROM sd EXCEPT SELECT kind, doc_id, unit_id, secrecy, urgency,
                              doc_type, issued_date, sort_date, year, status
                       FROM search_docs WHERE gone = 0),
        'search_incoming_upd/search_outgoing_upd derive other filter columns than SQLite';
    ASSERT (SELECT count(*) FROM bt) > 0, 'the demo has spending';
    ASSERT NOT EXISTS (SELECT * FROM budget_spend_totals WHERE amount <> 0
                       EXCEPT SELECT * FROM bt WHERE amount <> 0)
       AND NOT EXISTS (SELECT * FROM bt WHERE amount <> 0
                       EXCEPT SELECT * FROM budget_spend_totals WHERE amount <> 0),
        'budget_spend_totals_ins sums otherwise than SQLite';
    UPDATE budget_spending SET amount = amount + 1;
    ASSERT NOT EXISTS (SELECT b.* FROM bt b LEFT JOIN budget_spend_totals t USING (year, unit_id,
                           line_id)
                       WHERE t.amount IS DISTINCT FROM b.amount + (SELECT count(*) FROM bs
                           WHERE (bs.year, bs.unit_id, bs.line_id) = (b.year, b.unit_id,
                                                                      b.line_id))),
        'budget_spend_totals_upd';
END
$$;
ROLLBACK;
EOF
then
    echo "check-pg-schema: the demo office copied to PostgreSQL:" >&2
    cat "$tmp/demo.check" >&2
    exit 1
fi
# the row counts on both sides, table by table
sqlite3 -batch "$db" "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name" |
    grep -Ev "$ALLOWED_TABLES" >"$tmp/demo.tables"
while read -r t; do
    echo "$t $(sqlite3 -batch "$db" "SELECT count(*) FROM \"$t\"")"
done <"$tmp/demo.tables" >"$tmp/demo.sq.count"
while read -r t; do
    echo "$t $(PGDB=demo psqlx -At -c "SELECT count(*) FROM \"$t\"")"
done <"$tmp/demo.tables" >"$tmp/demo.pg.count"
if ! diff "$tmp/demo.sq.count" "$tmp/demo.pg.count" >&2; then
    echo "check-pg-schema: the demo office's row counts differ after the copy" >&2
    exit 1
fi
echo "check-pg-schema: the demo office ($(awk '{ s += $2 } END { print s }' "$tmp/demo.sq.count")" \
    "rows in $(wc -l <"$tmp/demo.tables") tables) fits the PostgreSQL tables; foreign keys hold;" \
    "the trigger functions derive what SQLite's triggers did"
