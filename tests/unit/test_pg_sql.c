/* Tests for the SQLite → PostgreSQL text translation (db/pg_sql.c): every rule of pg_sql.h,
 * literals and quoted identifiers left alone, and what is reported as untranslated. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "db/pg_sql.h"

static void check(const char *in, const char *want, int want_params)
{
    int n = -1;
    char *w = NULL;
    char *got = pg_sql_translate(in, &n, &w);
    if (strcmp(got, want) != 0)
        fail_msg("translate\n  %s\ngave\n  %s\nwant\n  %s", in, got, want);
    assert_int_equal(n, want_params);
    free(got);
    free(w);
}

static char *warnings_of(const char *in)
{
    char *w = NULL;
    free(pg_sql_translate(in, NULL, &w));
    return w;
}

static void test_placeholders(void **state)
{
    (void)state;
    check("SELECT a FROM t WHERE id = ?1 AND b = ?2", "SELECT a FROM t WHERE id = $1 AND b = $2",
          2);
    check("SELECT ?3, ?1", "SELECT $3, $1", 3);
    check("SELECT ? , ?", "SELECT $1 , $2", 2);
    check("SELECT ?12", "SELECT $12", 12);
    /* Inside literals and quoted identifiers nothing changes. */
    check("SELECT '?1', \"a?1\" FROM t WHERE x = ?1", "SELECT '?1', \"a?1\" FROM t WHERE x = $1",
          1);
    check("SELECT 'it''s ?1 LIKE' -- ?2 like\n, ?1", "SELECT 'it''s ?1 LIKE' -- ?2 like\n, $1", 1);
    check("SELECT 1 /* IFNULL(a, b) ?1 */", "SELECT 1 /* IFNULL(a, b) ?1 */", 0);
}

static void test_functions(void **state)
{
    (void)state;
    check("SELECT IFNULL(a, 0) FROM t", "SELECT COALESCE(a, 0) FROM t", 0);
    check("SELECT ifnull(max(a), ?1) FROM t", "SELECT COALESCE(max(a), $1) FROM t", 1);
    check("SELECT GROUP_CONCAT(name, ', ') FROM t", "SELECT string_agg((name)::text, ', ') FROM t",
          0);
    check("SELECT group_concat(id) FROM t", "SELECT string_agg((id)::text, ',') FROM t", 0);
    check("SELECT group_concat(DISTINCT u.name) FROM u",
          "SELECT string_agg(DISTINCT (u.name)::text, ',') FROM u", 0);
    check("SELECT max(attempts - 1, 0), min(a, b, c), max(x) FROM j",
          "SELECT GREATEST(attempts - 1, 0), LEAST(a, b, c), max(x) FROM j", 0);
    check("SELECT instr(a, ' ') FROM t", "SELECT strpos(a, ' ') FROM t", 0);
    check("SELECT total(amount) FROM t", "SELECT COALESCE(sum(amount), 0)::float8 FROM t", 0);
    check("SELECT last_insert_rowid()", "SELECT lastval()", 0);
    /* A column named like a function is not a call. */
    check("SELECT t.date FROM t", "SELECT t.date FROM t", 0);
}

static void test_dates(void **state)
{
    (void)state;
    check("SELECT date('now')", "SELECT to_char((now() AT TIME ZONE 'UTC'), 'YYYY-MM-DD')", 0);
    check("SELECT datetime('now')",
          "SELECT to_char((now() AT TIME ZONE 'UTC'), 'YYYY-MM-DD HH24:MI:SS')", 0);
    check("SELECT date(due_date, '+7 days')",
          "SELECT to_char((due_date)::text::timestamp + ('+7 days')::interval, 'YYYY-MM-DD')", 0);
    check("SELECT date(?2, '-' || ?1 || ' years', '-12 months')",
          "SELECT to_char(($2)::text::timestamp + ('-' || $1 || ' years')::interval + ('-12 "
          "months')::interval, 'YYYY-MM-DD')",
          2);
    check("SELECT strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
          "SELECT to_char((now() AT TIME ZONE 'UTC'), 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')", 0);
    check("SELECT strftime('%m', ?1)", "SELECT to_char(($1)::text::timestamp, 'MM')", 1);
    check("SELECT strftime('%s', at)",
          "SELECT (extract(epoch FROM (at)::text::timestamp))::bigint::text", 0);
    check("SELECT date(x, 'start of month')",
          "SELECT to_char(date_trunc('month', (x)::text::timestamp), 'YYYY-MM-DD')", 0);
    check("SELECT julianday(b) - julianday(a)",
          "SELECT (extract(epoch FROM (b)::text::timestamp) / 86400.0 + 2440587.5) - "
          "(extract(epoch FROM (a)::text::timestamp) / 86400.0 + 2440587.5)",
          0);
    char *w = warnings_of("SELECT date('now', 'localtime')");
    assert_non_null(w);
    assert_non_null(strstr(w, "localtime"));
    free(w);
}

static void test_keywords(void **state)
{
    (void)state;
    check("SELECT id FROM t WHERE name LIKE ?1 ESCAPE '\\'",
          "SELECT id FROM t WHERE name ILIKE $1 ESCAPE '\\'", 1);
    check("SELECT id FROM t WHERE name NOT like 'a%'", "SELECT id FROM t WHERE name NOT ILIKE 'a%'",
          0);
    check("INSERT OR IGNORE INTO t(a, b) VALUES (?1, ?2)",
          "INSERT INTO t(a, b) VALUES ($1, $2) ON CONFLICT DO NOTHING", 2);
    check("insert or ignore into t(a) select x from u;",
          "insert into t(a) select x from u ON CONFLICT DO NOTHING;", 0);
    check("INSERT OR IGNORE INTO t(a) VALUES (?1) RETURNING id",
          "INSERT INTO t(a) VALUES ($1) ON CONFLICT DO NOTHING RETURNING id", 1);
    check("SELECT 1 FROM t WHERE a IS ?1 AND b IS NOT ?2 AND c IS NULL",
          "SELECT 1 FROM t WHERE a IS NOT DISTINCT FROM $1 AND b IS DISTINCT FROM $2 AND c IS NULL",
          2);
    check(
        "SELECT CASE WHEN t.a IS t.b THEN 1 END, x IS NOT y, z IS NOT NULL, w IS TRUE FROM t",
        "SELECT CASE WHEN t.a IS NOT DISTINCT FROM t.b THEN 1 END, x IS DISTINCT FROM y, z IS NOT "
        "NULL, w IS TRUE FROM t",
        0);
    /* PostgreSQL 15 wants an alias on every derived table. */
    check("SELECT count(*) FROM (SELECT 1 FROM t LIMIT ?1)",
          "SELECT count(*) FROM (SELECT 1 FROM t LIMIT $1) AS vp_sub1", 1);
    check("SELECT * FROM (SELECT a FROM t) x JOIN (SELECT b FROM u) ON 1 WHERE 1",
          "SELECT * FROM (SELECT a FROM t) x JOIN (SELECT b FROM u) AS vp_sub1 ON 1 WHERE 1", 0);
    check("SELECT a FROM t WHERE a IN (SELECT b FROM (SELECT b FROM u))",
          "SELECT a FROM t WHERE a IN (SELECT b FROM (SELECT b FROM u) AS vp_sub1)", 0);
    check("SELECT CAST(a AS INTEGER), CAST(b AS REAL), CAST(c AS TEXT) FROM t",
          "SELECT CAST(a AS BIGINT), CAST(b AS DOUBLE PRECISION), CAST(c AS TEXT) FROM t", 0);
    check("SELECT 1 WHERE a == 1 AND b != 2", "SELECT 1 WHERE a = 1 AND b != 2", 0);
    /* SQLite's unary + on a column (keeps an index out) goes; a binary + stays. */
    check("SELECT a + b, x+1 FROM t WHERE c = 1 AND +i.arrival > ?1 ORDER BY +d",
          "SELECT a + b, x+1 FROM t WHERE c = 1 AND i.arrival > $1 ORDER BY d", 1);
    check("INSERT INTO t(k, v) VALUES (?1, ?2) ON CONFLICT(k) DO UPDATE SET v = excluded.v",
          "INSERT INTO t(k, v) VALUES ($1, $2) ON CONFLICT(k) DO UPDATE SET v = excluded.v", 2);
    /* The row's own columns in an upsert's SET name the table (PostgreSQL finds them
     * ambiguous); RETURNING is left alone. */
    check("INSERT INTO seq(k, n) VALUES (?1, 1) ON CONFLICT(k) DO UPDATE SET n = n + 1, "
          "m = CASE WHEN m IS NULL THEN excluded.m ELSE max(m, ?2) END RETURNING n",
          "INSERT INTO seq(k, n) VALUES ($1, 1) ON CONFLICT(k) DO UPDATE SET n = seq.n + 1, "
          "m = CASE WHEN seq.m IS NULL THEN excluded.m ELSE GREATEST(seq.m, $2) END RETURNING n",
          2);
    char *got = pg_sql_translate("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1",
                                 NULL, NULL);
    assert_non_null(strstr(got, "information_schema.tables"));
    assert_non_null(strstr(got, "AS sqlite_schema WHERE type = 'table' AND name = $1"));
    free(got);
}

static void test_lists_and_booleans(void **state)
{
    (void)state;
    /* A JSON array parameter as a list: bigint for an id column, text otherwise. */
    check("SELECT 1 FROM t WHERE i.unit_id IN (SELECT value FROM json_each(?3)) AND period NOT IN "
          "(SELECT value FROM json_each(?2))",
          "SELECT 1 FROM t WHERE i.unit_id IN (SELECT value::bigint FROM "
          "json_array_elements_text(($3)::json) AS j(value)) AND period NOT IN (SELECT value FROM "
          "json_array_elements_text(($2)::json) AS j(value))",
          3);
    char *w = warnings_of("SELECT key FROM json_each(?1)");
    assert_non_null(strstr(w, "json_each()"));
    free(w);
    /* Comparisons are integers in SQLite, booleans in PostgreSQL: summed as ints. */
    check("SELECT sum(status = 'done'), max(a > b), sum(amount), sum(CASE WHEN x = 1 THEN 2 END) "
          "FROM t",
          "SELECT sum((status = 'done')::int), max((a > b)::int), sum(amount), sum(CASE WHEN x = 1 "
          "THEN 2 END) FROM t",
          0);
    /* A parameter used as a time stays text where it is compared with text columns. */
    check("SELECT 1 FROM b WHERE b.starts_at > datetime(?2, '-31 days') AND b.ends_at > ?2",
          "SELECT 1 FROM b WHERE b.starts_at > to_char(($2)::text::timestamp + ('-31 "
          "days')::interval, 'YYYY-MM-DD HH24:MI:SS') AND b.ends_at > $2",
          2);
}

static void test_untranslated_reported(void **state)
{
    (void)state;
    char *w = warnings_of("SELECT rowid, bm25(f) FROM f WHERE f MATCH ?1");
    assert_non_null(w);
    assert_non_null(strstr(w, "rowid"));
    assert_non_null(strstr(w, "bm25()"));
    assert_non_null(strstr(w, "MATCH"));
    free(w);
    w = warnings_of("INSERT OR REPLACE INTO t VALUES (1)");
    assert_non_null(strstr(w, "INSERT OR REPLACE"));
    free(w);
    assert_null(warnings_of("SELECT a FROM t WHERE b = ?1"));
    /* 'match' inside a literal is not FTS. */
    assert_null(warnings_of("SELECT 'match rowid' FROM t"));
}

/* printf with %d, %s, %0Nd and %%: a concatenation; other formats stay reported. */
static void test_printf(void **state)
{
    (void)state;
    check("SELECT printf('%04d/%d', p.number, p.year) = ?1 FROM p",
          "SELECT (lpad((p.number)::text, GREATEST(4, length((p.number)::text)), '0') || '/' || "
          "(p.year)::text) = $1 FROM p",
          1);
    check("SELECT printf('Số %s: 100%%', name) FROM t",
          "SELECT ('Số ' || (name)::text || ': 100%') FROM t", 0);
    check("SELECT printf('x') FROM t", "SELECT ('x') FROM t", 0);
    check("SELECT printf('%d', ?1)", "SELECT (($1)::text)", 1);
    char *w = warnings_of("SELECT printf('%.2f', x) FROM t");
    assert_non_null(w);
    assert_non_null(strstr(w, "printf()"));
    free(w);
    w = warnings_of("SELECT printf('%d %d', x) FROM t"); /* an argument missing */
    assert_non_null(w);
    free(w);
    assert_null(warnings_of("SELECT printf('%05d.TH', i) FROM t"));
    check("SELECT json_array_length(t.files) FROM t",
          "SELECT json_array_length((t.files)::json) FROM t", 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_placeholders),
        cmocka_unit_test(test_functions),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_keywords),
        cmocka_unit_test(test_lists_and_booleans),
        cmocka_unit_test(test_untranslated_reported),
        cmocka_unit_test(test_printf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
