/* Tests for the PostgreSQL driver (db/pg.c) against a real server: `make test-pg` starts a
 * throw-away cluster and sets VP_TEST_PG to its connection string; without it the tests that
 * need a server are skipped with a message. Covered: binding and reading every type and NULL,
 * unique violation → DB_CONSTRAINT, the statement cache (client and server side), rollback,
 * an aborted transaction refusing to commit, gap-free max+1 numbers from 32 concurrent
 * writers (the advisory lock), a killed backend and a restarted server → a clear DB_ERROR then
 * recovery without reopening, and the driver choice from the open target. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/db.h"
#include "db/db_impl.h"
#include "db/pg.h"
#include "db/stamp.h"
#include "followup/followup.h"

static const char *url;

static const db_query q_ins = {"t.ins", "INSERT INTO t(i, d, s, b) VALUES (?1, ?2, ?3, ?4)", NULL};
static const db_query q_get = {"t.get", "SELECT i, d, s, b, IFNULL(s, 'none') FROM t WHERE id = ?1",
                               NULL};
static const db_query q_ins_u = {"t.ins_u", "INSERT INTO t(u) VALUES (?1)", NULL};
static const db_query q_count = {"t.count", "SELECT count(*) FROM t", NULL};
static const db_query q_agg = {"t.agg",
                               "SELECT GROUP_CONCAT(u, '|') FROM (SELECT u FROM t WHERE u LIKE "
                               "?1 ORDER BY u) x",
                               NULL};
static const db_query q_hand = {"t.hand", "SELECT 1", "SELECT $1::bigint + 1"};
static const db_query q_next = {"c.next", "SELECT IFNULL(max(n), 0) + 1 FROM c", NULL};
static const db_query q_take = {"c.take", "INSERT INTO c(n, who) VALUES (?1, ?2)", NULL};
static const db_query q_c_stats = {"c.stats", "SELECT count(*), count(DISTINCT n), max(n) FROM c",
                                   NULL};
static const db_query q_by_text = {"t.by_text", "SELECT count(*) FROM t WHERE s = ?1", NULL};
static const db_query q_bad = {"t.bad", "SELEC nonsense", NULL};
/* A parameter first met in `?N IS NULL` (PostgreSQL cannot type it there), one compared with a
 * number, one with text, and one the SQL never uses. */
static const db_query q_optional = {
    "t.optional",
    "SELECT count(*) FROM t WHERE (?1 IS NULL OR i = ?1) AND (?2 IS NULL OR s = ?2) AND ?4 = 1",
    NULL};
static const db_query q_pid = {"t.pid", "SELECT pg_backend_pid()", NULL};
static const db_query q_kill = {"t.kill", "SELECT pg_terminate_backend(?1)", NULL};
static const db_query q_server_prepared = {"t.server_prepared",
                                           "SELECT count(*) FROM pg_prepared_statements", NULL};

#define SKIP_WITHOUT_PG()                                                                          \
    do {                                                                                           \
        if (!url) {                                                                                \
            print_message("skipped: VP_TEST_PG is unset (run `make test-pg`)\n");                  \
            skip();                                                                                \
        }                                                                                          \
    } while (0)

static db *open_or_fail(void)
{
    db *d = NULL;
    char *err = NULL;
    if (db_open(url, &d, &err) != 0)
        fail_msg("open %s: %s", url, err ? err : "?");
    return d;
}

static int setup(void **state)
{
    if (!url)
        return 0;
    db *d = open_or_fail();
    char *err = NULL;
    int rc = db_exec_script(d,
                            "DROP TABLE IF EXISTS t; DROP TABLE IF EXISTS c;"
                            "DROP TABLE IF EXISTS side;"
                            "CREATE TABLE side(id bigserial PRIMARY KEY, note text);"
                            "CREATE OR REPLACE FUNCTION side_log() RETURNS trigger LANGUAGE plpgsql"
                            " AS $$ BEGIN INSERT INTO side(note) VALUES ('a'), ('b');"
                            " RETURN NEW; END $$;"
                            "CREATE TABLE t(id bigserial PRIMARY KEY, i bigint, d double precision,"
                            " s text, b bytea, u text UNIQUE);"
                            "CREATE TABLE c(n bigint NOT NULL, who bigint NOT NULL);"
                            /* A trigger inserting elsewhere, as the search index does: db_last_id
                             * must still be t's row (SQLite's last_insert_rowid). */
                            "CREATE TRIGGER t_side AFTER INSERT ON t FOR EACH ROW"
                            " EXECUTE FUNCTION side_log();",
                            &err);
    if (rc != 0)
        fail_msg("schema: %s", err);
    *state = d;
    return 0;
}

static int teardown(void **state)
{
    db *d = *state;
    db_close(&d);
    return 0;
}

static int64_t one_int(db *d, const db_query *q)
{
    db_stmt *s = db_stmt_get(d, q);
    assert_non_null(s);
    assert_int_equal(db_step(s), DB_ROW);
    int64_t v = db_col_int(s, 0);
    db_reset(s);
    return v;
}

static void test_target_choice(void **state)
{
    (void)state;
    assert_true(db_target_is_pg("postgresql://vp@localhost/vp"));
    assert_true(db_target_is_pg("postgres:///vp"));
    assert_true(db_target_is_pg("host=/tmp/x user=vp dbname=vp"));
    assert_true(db_target_is_pg("dbname=vp"));
    assert_false(db_target_is_pg("data/vanphong.db"));
    assert_false(db_target_is_pg("/var/lib/vanphong/host=1/vanphong.db"));
    /* A password in the target is refused before any connection is tried. */
    db *d = NULL;
    char *err = NULL;
    assert_int_equal(db_open("postgresql://vp:secret@localhost/vp", &d, &err), -1);
    assert_null(d);
    assert_non_null(strstr(err, "PGPASSFILE"));
    assert_null(strstr(err, "secret"));
    free(err);
    err = NULL;
    assert_int_equal(db_open("host=/nonexistent dbname=x password=secret", &d, &err), -1);
    assert_null(strstr(err, "secret"));
    free(err);
    /* What messages show of a target never holds the password. */
    char *r = db_target_redacted("postgresql://vp:secret@db.example/vp?sslmode=require");
    assert_string_equal(r, "postgresql://vp:***@db.example/vp?sslmode=require");
    free(r);
    r = db_target_redacted("host=db password='a b' dbname=vp");
    assert_string_equal(r, "host=db password=*** dbname=vp");
    free(r);
    r = db_target_redacted("postgresql://vp@db/vp");
    assert_string_equal(r, "postgresql://vp@db/vp");
    free(r);
}

static void test_types_and_null(void **state)
{
    SKIP_WITHOUT_PG();
    db *d = *state;
    static const unsigned char blob[] = {0, 1, 2, 0xff, 0, '\\', 'x'};
    db_stmt *s = db_stmt_get(d, &q_ins);
    db_bind_int(s, 1, -9007199254740993LL);
    db_bind_double(s, 2, 0.1);
    db_bind_text(s, 3, "Thành ủy Cần Thơ — 'quoted' \\x");
    db_bind_blob(s, 4, blob, sizeof blob);
    assert_int_equal(db_exec(s), DB_DONE);
    assert_int_equal(db_changes(d), 1);
    int64_t id1 = db_last_id(d);
    assert_true(id1 > 0);
    s = db_stmt_get(d, &q_ins);
    db_bind_null(s, 1);
    db_bind_null(s, 2);
    db_bind_text(s, 3, NULL);
    db_bind_null(s, 4);
    assert_int_equal(db_exec(s), DB_DONE);
    int64_t id2 = db_last_id(d);
    assert_int_equal(id2, id1 + 1);
    assert_int_equal(id1, 1); /* not side's 2 or 4 */

    s = db_stmt_get(d, &q_get);
    db_bind_int(s, 1, id1);
    assert_int_equal(db_step(s), DB_ROW);
    assert_int_equal(db_col_count(s), 5);
    assert_true(db_col_int(s, 0) == -9007199254740993LL);
    assert_true(db_col_double(s, 1) == 0.1);
    assert_string_equal(db_col_text(s, 2), "Thành ủy Cần Thơ — 'quoted' \\x");
    size_t n = 0;
    const void *p = db_col_blob(s, 3, &n);
    assert_int_equal(n, sizeof blob);
    assert_memory_equal(p, blob, sizeof blob);
    assert_false(db_col_null(s, 3));
    assert_int_equal(db_step(s), DB_DONE);

    s = db_stmt_get(d, &q_get);
    db_bind_int(s, 1, id2);
    assert_int_equal(db_step(s), DB_ROW);
    for (int c = 0; c < 4; c++)
        assert_true(db_col_null(s, c));
    assert_null(db_col_text(s, 2));
    assert_int_equal(db_col_int(s, 0), 0);
    assert_string_equal(db_col_text(s, 4), "none");
    db_reset(s);

    /* A hand-written pg text is used as is. */
    s = db_stmt_get(d, &q_hand);
    db_bind_int(s, 1, 41);
    assert_int_equal(db_step(s), DB_ROW);
    assert_int_equal(db_col_int(s, 0), 42);
    db_reset(s);
    /* A bind out of range fails at the step, with the statement named. */
    s = db_stmt_get(d, &q_hand);
    db_bind_int(s, 2, 1);
    assert_int_equal(db_step(s), DB_ERROR);
    assert_non_null(strstr(db_errmsg(d), "t.hand"));
}

static void test_constraint_and_translation(void **state)
{
    SKIP_WITHOUT_PG();
    db *d = *state;
    const char *v[] = {"b-2", "a-1", "c-3"};
    for (int i = 0; i < 3; i++) {
        db_stmt *s = db_stmt_get(d, &q_ins_u);
        db_bind_text(s, 1, v[i]);
        assert_int_equal(db_exec(s), DB_DONE);
    }
    db_stmt *s = db_stmt_get(d, &q_ins_u);
    db_bind_text(s, 1, "a-1");
    assert_int_equal(db_exec(s), DB_CONSTRAINT);
    assert_non_null(strstr(db_errmsg(d), "t.ins_u"));
    /* The connection goes on. LIKE is ILIKE (SQLite folds ASCII case). */
    s = db_stmt_get(d, &q_agg);
    db_bind_text(s, 1, "_-%");
    assert_int_equal(db_step(s), DB_ROW);
    assert_string_equal(db_col_text(s, 0), "a-1|b-2|c-3");
    db_reset(s);
    s = db_stmt_get(d, &q_agg);
    db_bind_text(s, 1, "A-%");
    assert_int_equal(db_step(s), DB_ROW);
    assert_string_equal(db_col_text(s, 0), "a-1");
    db_reset(s);

    /* A failed statement aborts a PostgreSQL transaction: commit refuses, nothing is kept. */
    int64_t before = one_int(d, &q_count);
    assert_int_equal(db_begin_write(d), 0);
    assert_true(db_in_tx(d));
    s = db_stmt_get(d, &q_ins_u);
    db_bind_text(s, 1, "d-4");
    assert_int_equal(db_exec(s), DB_DONE);
    s = db_stmt_get(d, &q_ins_u);
    db_bind_text(s, 1, "a-1");
    assert_int_equal(db_exec(s), DB_CONSTRAINT);
    assert_int_not_equal(db_commit(d), 0);
    assert_false(db_in_tx(d));
    assert_int_equal(one_int(d, &q_count), before);
    /* Rollback leaves nothing. */
    assert_int_equal(db_begin_write(d), 0);
    s = db_stmt_get(d, &q_ins_u);
    db_bind_text(s, 1, "e-5");
    assert_int_equal(db_exec(s), DB_DONE);
    db_rollback(d);
    assert_false(db_in_tx(d));
    assert_int_equal(one_int(d, &q_count), before);
    /* A read transaction is read-only. */
    assert_int_equal(db_begin_read(d), 0);
    assert_int_equal(one_int(d, &q_count), before);
    s = db_stmt_get(d, &q_ins_u);
    db_bind_text(s, 1, "f-6");
    assert_int_equal(db_exec(s), DB_ERROR);
    db_rollback(d);
}

static int64_t optional_count(db *d, int64_t i, const char *text)
{
    db_stmt *s = db_stmt_get(d, &q_optional);
    assert_non_null(s);
    if (i)
        db_bind_int(s, 1, i);
    else
        db_bind_null(s, 1);
    if (text)
        db_bind_text(s, 2, text);
    else
        db_bind_null(s, 2);
    db_bind_null(s, 3);
    db_bind_int(s, 4, 1);
    assert_int_equal(db_step(s), DB_ROW);
    int64_t n = db_col_int(s, 0);
    db_reset(s);
    return n;
}

/* `?1 IS NULL OR i = ?1` with NULL bound: the driver tries the parameter the server could not
 * type as text, then as int8 where text meets a number; inside a transaction too. */
static void test_untyped_parameters(void **state)
{
    SKIP_WITHOUT_PG();
    db *d = *state;
    db_stmt *s = db_stmt_get(d, &q_ins);
    db_bind_int(s, 1, 7);
    db_bind_double(s, 2, 1.5);
    db_bind_text(s, 3, "bảy");
    db_bind_null(s, 4);
    assert_int_equal(db_exec(s), DB_DONE);
    assert_int_equal(optional_count(d, 0, NULL), 1);
    assert_int_equal(db_begin_write(d), 0);
    assert_int_equal(optional_count(d, 0, "bảy"), 1);
    assert_int_equal(optional_count(d, 0, "tám"), 0);
    assert_int_equal(db_commit(d), 0);
    assert_int_equal(optional_count(d, 7, NULL), 1);
    assert_int_equal(optional_count(d, 8, "bảy"), 0);
}

/* A parameter first met NULL (so prepared as text) and later bound as text reuses the prepared
 * statement: the home page's list statements were prepared and planned afresh on every
 * request while a text never fitted the variant typed text. */
static void test_variant_reuse(void **state)
{
    SKIP_WITHOUT_PG();
    db *d = *state;
    assert_int_equal(optional_count(d, 0, NULL), 0);
    int64_t server = db_pg_server_prepares(d);
    for (int k = 0; k < 6; k++) {
        assert_int_equal(optional_count(d, 0, k % 2 ? "bảy" : NULL), 0);
        assert_int_equal(optional_count(d, 7, k % 2 ? NULL : "tám"), 0);
    }
    assert_int_equal(db_pg_server_prepares(d), server); /* ?1 was typed int8 at the first */
}

/* A pg text in SQLite's dialect (DB_PG_SQLITE) is translated like a NULL one. */
/* db_last_id as SQLite's last_insert_rowid: the row the INSERT itself wrote (the driver appends
 * RETURNING id for a table whose primary key is an integer id). */
static const db_query q_ins_id = {"t.ins_id", "INSERT INTO t(id, u) VALUES (?1, ?2)", NULL};
static const db_query q_ins_ignore = {"t.ins_ignore", "INSERT OR IGNORE INTO t(u) VALUES (?1)",
                                      NULL};
static const db_query q_ins_select = {
    "t.ins_select", "INSERT INTO t(u) SELECT u || '-copy' FROM t WHERE u LIKE ?1 ORDER BY u", NULL};
static const db_query q_ins_returning = {"t.ins_returning",
                                         "INSERT INTO t(u) VALUES (?1) RETURNING u || '!'", NULL};
static const db_query q_ins_new = {"t.ins_new", "INSERT INTO fresh(note) VALUES (?1)", NULL};
static const db_query q_copy_id = {"t.copy_id", "SELECT id FROM t WHERE u = 'a2-copy'", NULL};

static void test_last_id_is_the_row_inserted(void **state)
{
    SKIP_WITHOUT_PG();
    db *d = *state;
    /* An explicit id: that id (the sequence never moved). */
    db_stmt *s = db_stmt_get(d, &q_ins_id);
    db_bind_int(s, 1, 1000);
    db_bind_text(s, 2, "explicit");
    assert_int_equal(db_exec(s), DB_DONE);
    assert_int_equal(db_last_id(d), 1000);
    /* A row the sequence numbers, inside a transaction, then one the conflict skips: the value
     * stays the last row inserted (the skipped one still drew a number from the sequence). */
    assert_int_equal(db_begin_write(d), 0);
    s = db_stmt_get(d, &q_ins_u);
    db_bind_text(s, 1, "a1");
    assert_int_equal(db_exec(s), DB_DONE);
    int64_t a1 = db_last_id(d);
    assert_true(a1 > 0 && a1 != 1000);
    s = db_stmt_get(d, &q_ins_ignore);
    db_bind_text(s, 1, "a1");
    assert_int_equal(db_exec(s), DB_DONE);
    assert_int_equal(db_changes(d), 0);
    assert_int_equal(db_last_id(d), a1);
    /* Several rows: the last one (a2-copy, after a1-copy). */
    s = db_stmt_get(d, &q_ins_u);
    db_bind_text(s, 1, "a2");
    assert_int_equal(db_exec(s), DB_DONE);
    s = db_stmt_get(d, &q_ins_select);
    db_bind_text(s, 1, "a%");
    assert_int_equal(db_exec(s), DB_DONE);
    assert_int_equal(db_changes(d), 2);
    assert_int_equal(db_last_id(d), one_int(d, &q_copy_id));
    assert_int_equal(db_commit(d), 0);
    /* A statement with a RETURNING of its own gives its rows to the caller. */
    s = db_stmt_get(d, &q_ins_returning);
    db_bind_text(s, 1, "r");
    assert_int_equal(db_step(s), DB_ROW);
    assert_string_equal(db_col_text(s, 0), "r!");
    assert_int_equal(db_step(s), DB_DONE);
    db_reset(s);
    /* A table a script adds after the connection read the catalogue. */
    char *err = NULL;
    assert_int_equal(db_exec_script(d,
                                    "DROP TABLE IF EXISTS fresh;"
                                    "CREATE TABLE fresh(id bigserial PRIMARY KEY, note text);"
                                    "INSERT INTO fresh(id, note) VALUES (41, 'seed');",
                                    &err),
                     0);
    s = db_stmt_get(d, &q_ins_id);
    db_bind_int(s, 1, 2000);
    db_bind_text(s, 2, "before fresh");
    assert_int_equal(db_exec(s), DB_DONE);
    s = db_stmt_get(d, &q_ins_new);
    db_bind_text(s, 1, "n");
    assert_int_equal(db_exec(s), DB_DONE);
    assert_int_equal(db_last_id(d), 1); /* the sequence's first value: the seed gave its own */
    s = db_stmt_get(d, &q_ins_id);
    db_bind_int(s, 1, 2001);
    db_bind_text(s, 2, "after fresh");
    assert_int_equal(db_exec(s), DB_DONE);
    assert_int_equal(db_last_id(d), 2001);
    assert_int_equal(db_exec_script(d, "DROP TABLE fresh;", &err), 0);
}

/* DB_PG_REPLAN: the statement runs unnamed, planned with its values each time; its prepared
 * twin (the parameters' types) never runs, where a plain statement's counts every execution. */
static const db_query q_replan = {"t.replan", "SELECT count(*) FROM t WHERE u LIKE ?1",
                                  DB_PG_REPLAN};
static const db_query q_plain_like = {"t.plain_like", "SELECT count(*) FROM t WHERE u LIKE ?1",
                                      NULL};
static const db_query q_plans = {
    "t.plans",
    "SELECT coalesce(sum(generic_plans + custom_plans), 0) FROM pg_prepared_statements"
    " WHERE statement LIKE ?1",
    NULL};

static void test_replan(void **state)
{
    SKIP_WITHOUT_PG();
    db *d = *state;
    for (int i = 0; i < 3; i++) {
        db_stmt *s = db_stmt_get(d, &q_ins_u);
        db_bind_text(s, 1, i ? "rp-b" : "rp-a");
        if (i < 2)
            assert_int_equal(db_exec(s), DB_DONE);
        else
            db_reset(s);
    }
    for (int i = 0; i < 8; i++) {
        const db_query *q = i % 2 ? &q_plain_like : &q_replan;
        db_stmt *s = db_stmt_get(d, q);
        db_bind_text(s, 1, i % 4 < 2 ? "rp-%" : "rp-a");
        assert_int_equal(db_step(s), DB_ROW);
        assert_int_equal(db_col_int(s, 0), i % 4 < 2 ? 2 : 1);
        db_reset(s);
    }
    db_stmt *s = db_stmt_get(d, &q_plans);
    db_bind_text(s, 1, "%count(*) FROM t WHERE u %LIKE%");
    assert_int_equal(db_step(s), DB_ROW);
    assert_int_equal(db_col_int(s, 0), 4); /* the plain one's four runs, none of the other's */
    db_reset(s);
}

static const db_query q_pg_sqlite = {"t.pg_sqlite", "SELECT 1",
                                     DB_PG_SQLITE "SELECT IFNULL(?1, 'none') || instr('abc', 'c')"};

static void test_pg_text_in_sqlite_dialect(void **state)
{
    SKIP_WITHOUT_PG();
    db *d = *state;
    db_stmt *s = db_stmt_get(d, &q_pg_sqlite);
    db_bind_null(s, 1);
    assert_int_equal(db_step(s), DB_ROW);
    assert_string_equal(db_col_text(s, 0), "none3");
    db_reset(s);
}

/* Inside a write transaction, a number bound against a text column (SQLite does not mind) and
 * a statement that does not prepare leave the transaction usable, as on SQLite. */
static void test_prepare_in_transaction(void **state)
{
    SKIP_WITHOUT_PG();
    db *d = *state;
    assert_int_equal(db_begin_write(d), 0);
    /* No sequence used yet in this session: lastval() fails, under a savepoint. */
    assert_int_equal(db_last_id(d), 0);
    db_stmt *s = db_stmt_get(d, &q_ins);
    db_bind_int(s, 1, 1);
    db_bind_null(s, 2);
    db_bind_text(s, 3, "5");
    db_bind_null(s, 4);
    assert_int_equal(db_exec(s), DB_DONE);
    assert_true(db_last_id(d) > 0);
    s = db_stmt_get(d, &q_by_text);
    db_bind_int(s, 1, 5);
    assert_int_equal(db_step(s), DB_ROW);
    assert_int_equal(db_col_int(s, 0), 1);
    db_reset(s);
    s = db_stmt_get(d, &q_bad);
    assert_non_null(s);
    assert_int_equal(db_step(s), DB_ERROR);
    assert_non_null(strstr(db_errmsg(d), "t.bad"));
    s = db_stmt_get(d, &q_ins_u);
    db_bind_text(s, 1, "after-error");
    assert_int_equal(db_exec(s), DB_DONE);
    assert_int_equal(db_commit(d), 0);
    assert_int_equal(one_int(d, &q_count), 2);
}

static void test_statement_cache(void **state)
{
    SKIP_WITHOUT_PG();
    db *d = *state;
    (void)one_int(d, &q_count);
    int client = db_prepare_count(d), server = db_pg_server_prepares(d);
    int64_t on_server = one_int(d, &q_server_prepared);
    for (int i = 0; i < 5; i++)
        (void)one_int(d, &q_count);
    assert_int_equal(db_prepare_count(d), client + 1); /* + q_server_prepared */
    assert_int_equal(db_pg_server_prepares(d), server + 1);
    assert_int_equal(one_int(d, &q_server_prepared), on_server);
    /* The same statement bound with other types is prepared once more, then reused (text
     * leaves the type to the server, which then takes numbers too). */
    server = db_pg_server_prepares(d);
    for (int i = 0; i < 3; i++) {
        db_stmt *s = db_stmt_get(d, &q_get);
        db_bind_int(s, 1, 1);
        assert_true(db_step(s) >= 0);
        db_reset(s);
        s = db_stmt_get(d, &q_get);
        db_bind_text(s, 1, "1");
        assert_true(db_step(s) >= 0);
        db_reset(s);
    }
    assert_int_equal(db_pg_server_prepares(d), server + 2);
}

/* Cache stamps (db/stamp.h): equal while nothing is committed anywhere, different after a
 * commit by another connection (another node), none inside a write transaction. */
static void test_stamp(void **state)
{
    SKIP_WITHOUT_PG();
    db *d = *state, *other = open_or_fail();
    db_stamp a, b;
    assert_true(db_stamp_take(d, &a));
    (void)one_int(d, &q_count);
    assert_true(db_stamp_take(d, &b));
    assert_true(db_stamp_same(&a, &b));
    db_stmt *s = db_stmt_get(other, &q_ins_u);
    db_bind_text(s, 1, "from-another-node");
    assert_int_equal(db_exec(s), DB_DONE);
    assert_true(db_stamp_take(d, &b));
    assert_false(db_stamp_same(&a, &b));
    assert_int_equal(db_begin_write(d), 0);
    assert_false(db_stamp_take(d, &b));
    db_rollback(d);
    assert_int_equal(db_begin_read(d), 0);
    assert_true(db_stamp_take(d, &a));
    s = db_stmt_get(other, &q_ins_u);
    db_bind_text(s, 1, "during-the-read");
    assert_int_equal(db_exec(s), DB_DONE);
    assert_true(db_stamp_take(d, &b)); /* the read transaction's snapshot has not moved */
    assert_true(db_stamp_same(&a, &b));
    db_rollback(d);
    assert_true(db_stamp_take(d, &b));
    assert_false(db_stamp_same(&a, &b));
    db_close(&other);
}

/* Within a request (db_memo_epoch) the stamp asks the snapshot once: another connection's
 * commit shows at the next request, this connection's own write at once. */
static void test_stamp_epoch(void **state)
{
    SKIP_WITHOUT_PG();
    db *d = *state, *other = open_or_fail();
    db_stamp a, b;
    db_memo_epoch(d);
    assert_true(db_stamp_take(d, &a));
    db_stmt *s = db_stmt_get(other, &q_ins_u);
    db_bind_text(s, 1, "epoch-other");
    assert_int_equal(db_exec(s), DB_DONE);
    assert_true(db_stamp_take(d, &b));
    assert_true(db_stamp_same(&a, &b)); /* the same request */
    db_memo_epoch(d);
    assert_true(db_stamp_take(d, &b));
    assert_false(db_stamp_same(&a, &b)); /* the next one sees it */
    a = b;
    s = db_stmt_get(d, &q_ins_u);
    db_bind_text(s, 1, "epoch-own");
    assert_int_equal(db_exec(s), DB_DONE);
    assert_true(db_stamp_take(d, &b));
    assert_false(db_stamp_same(&a, &b)); /* its own write, at once */
    db_close(&other);
}

/* The memo (db/memo.c) on PostgreSQL: an entry lives while nothing is committed — by this
 * connection or by any other (another node) — and never inside a write transaction. */
static void test_memo(void **state)
{
    SKIP_WITHOUT_PG();
    db *d = *state, *other = open_or_fail();
    int64_t v = 0;
    uint64_t ver = 0;
    assert_false(db_memo_get(d, "k", &v, &ver));
    assert_true(ver != 0); /* enabled: there is a version to store under */
    db_memo_put(d, "k", 42, ver);
    assert_true(db_memo_get(d, "k", &v, &ver));
    assert_int_equal(v, 42);
    (void)one_int(d, &q_count); /* a read changes nothing */
    assert_true(db_memo_get(d, "k", &v, &ver));
    /* Another connection's commit (another node's) ends it. */
    db_stmt *s = db_stmt_get(other, &q_ins_u);
    db_bind_text(s, 1, "memo-other");
    assert_int_equal(db_exec(s), DB_DONE);
    assert_false(db_memo_get(d, "k", &v, &ver));
    db_memo_put(d, "k", 43, ver);
    assert_true(db_memo_get(d, "k", &v, &ver));
    /* This connection's own write transaction too, once committed. */
    assert_int_equal(db_begin_write(d), 0);
    assert_false(db_memo_get(d, "k", &v, &ver)); /* no version inside a write */
    assert_true(ver == 0);
    s = db_stmt_get(d, &q_ins_u);
    db_bind_text(s, 1, "memo-own");
    assert_int_equal(db_exec(s), DB_DONE);
    assert_int_equal(db_commit(d), 0);
    assert_false(db_memo_get(d, "k", &v, &ver));
    db_memo_put(d, "k", 44, ver);
    /* And an autocommit write of its own. */
    s = db_stmt_get(d, &q_ins_u);
    db_bind_text(s, 1, "memo-own-auto");
    assert_int_equal(db_exec(s), DB_DONE);
    assert_false(db_memo_get(d, "k", &v, &ver));
    /* An epoch (a request) reads the snapshot once: own commits still count at once. */
    db_memo_epoch(d);
    assert_false(db_memo_get(d, "k", &v, &ver));
    db_memo_put(d, "k", 45, ver);
    assert_true(db_memo_get(d, "k", &v, &ver));
    assert_int_equal(db_begin_write(d), 0);
    s = db_stmt_get(d, &q_ins_u);
    db_bind_text(s, 1, "memo-own-epoch");
    assert_int_equal(db_exec(s), DB_DONE);
    assert_int_equal(db_commit(d), 0);
    assert_false(db_memo_get(d, "k", &v, &ver));
    db_memo_put(d, "k", 46, ver);
    s = db_stmt_get(other, &q_ins_u);
    db_bind_text(s, 1, "memo-other-epoch");
    assert_int_equal(db_exec(s), DB_DONE);
    db_memo_epoch(d); /* the next request sees the other's commit */
    assert_false(db_memo_get(d, "k", &v, &ver));
    db_close(&other);
}

/* db_begin_write_rows takes no writer's lock: it runs while another connection holds one, and
 * FOR UPDATE SKIP LOCKED passes over a row another claimer holds (the job claim). */
static const db_query q_skip = {"c.skip", "SELECT n FROM c WHERE who = 7 ORDER BY n LIMIT 1",
                                "SELECT n FROM c WHERE who = 7 ORDER BY n LIMIT 1 FOR UPDATE SKIP "
                                "LOCKED"};

static void test_write_rows(void **state)
{
    SKIP_WITHOUT_PG();
    db *d = *state, *other = open_or_fail();
    for (int n = 1; n <= 2; n++) {
        db_stmt *s = db_stmt_get(d, &q_take);
        db_bind_int(s, 1, n);
        db_bind_int(s, 2, 7);
        assert_int_equal(db_exec(s), DB_DONE);
    }
    assert_int_equal(db_begin_write(d), 0); /* d holds the one writer's lock */
    assert_int_equal(db_begin_write_rows(other), 0);
    assert_int_equal(one_int(other, &q_skip), 1); /* other locks row 1 */
    db_rollback(d);
    assert_int_equal(db_begin_write_rows(d), 0);
    assert_int_equal(one_int(d, &q_skip), 2); /* d skips it: row 2 */
    db_rollback(d);
    db_rollback(other);
    db_close(&other);
}

/* ---- gap-free numbers from concurrent writers ---- */

#define WRITERS 32
#define TAKES 50

struct writer {
    int who;
    int failures;
};

static void *writer_main(void *arg)
{
    struct writer *w = arg;
    db *d = db_thread();
    for (int i = 0; i < TAKES; i++) {
        if (db_begin_write(d) != 0) {
            w->failures++;
            continue;
        }
        db_stmt *s = db_stmt_get(d, &q_next);
        int64_t n = s && db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
        db_reset(s);
        s = db_stmt_get(d, &q_take);
        db_bind_int(s, 1, n);
        db_bind_int(s, 2, w->who);
        if (n < 1 || db_exec(s) != DB_DONE || db_commit(d) != 0) {
            w->failures++;
            db_rollback(d);
        }
    }
    db_thread_close();
    return NULL;
}

static void test_gap_free_concurrent_writers(void **state)
{
    SKIP_WITHOUT_PG();
    db *d = *state;
    db_thread_init(url);
    pthread_t th[WRITERS];
    struct writer w[WRITERS];
    for (int i = 0; i < WRITERS; i++) {
        w[i] = (struct writer){.who = i};
        assert_int_equal(pthread_create(&th[i], NULL, writer_main, &w[i]), 0);
    }
    int failures = 0;
    for (int i = 0; i < WRITERS; i++) {
        pthread_join(th[i], NULL);
        failures += w[i].failures;
    }
    assert_int_equal(failures, 0);
    db_stmt *s = db_stmt_get(d, &q_c_stats);
    assert_int_equal(db_step(s), DB_ROW);
    assert_int_equal(db_col_int(s, 0), WRITERS * TAKES);
    assert_int_equal(db_col_int(s, 1), WRITERS * TAKES); /* no duplicates */
    assert_int_equal(db_col_int(s, 2), WRITERS * TAKES); /* no gaps */
    db_reset(s);
}

/* ---- losing the server ---- */

static void test_killed_connection_recovers(void **state)
{
    SKIP_WITHOUT_PG();
    db *d = *state, *killer = open_or_fail();
    int64_t pid = one_int(d, &q_pid);
    db_stmt *s = db_stmt_get(killer, &q_kill);
    db_bind_int(s, 1, pid);
    assert_int_equal(db_step(s), DB_ROW);
    db_reset(s);
    db_close(&killer);
    uint64_t f0, b0, e0, f1, b1, e1;
    db_error_counts(&f0, &b0, &e0);
    s = db_stmt_get(d, &q_count);
    assert_non_null(s);
    assert_int_equal(db_step(s), DB_ERROR);
    assert_non_null(strstr(db_errmsg(d), "Mất kết nối"));
    db_error_counts(&f1, &b1, &e1);
    assert_true(e1 > e0);
    /* The next statement reconnects; the cache was dropped and is filled again. */
    int resets = db_pg_resets(d);
    assert_true(one_int(d, &q_count) >= 0);
    assert_int_equal(db_pg_resets(d), resets + 1);
    assert_int_not_equal(one_int(d, &q_pid), pid);
}

static int pg_ctl(const char *what)
{
    const char *ctl = getenv("VP_TEST_PG_CTL");
    if (!ctl)
        return -1;
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "%s -w -m fast %s >/dev/null 2>&1", ctl, what);
    return system(cmd);
}

struct late {
    int rc_down;
};

static void *late_thread(void *arg)
{
    struct late *l = arg;
    db *d = db_thread();
    db_stmt *s = db_stmt_get(d, &q_count);
    l->rc_down = s ? db_step(s) : -100;
    db_reset(s);
    db_thread_close();
    return NULL;
}

static void test_server_restart_recovers(void **state)
{
    SKIP_WITHOUT_PG();
    if (!getenv("VP_TEST_PG_CTL")) {
        print_message("skipped: VP_TEST_PG_CTL is unset\n");
        skip();
    }
    db *d = *state;
    assert_true(one_int(d, &q_count) >= 0);
    assert_int_equal(pg_ctl("stop"), 0);
    /* Down: clear errors, no crash, however many times it is asked. */
    for (int i = 0; i < 3; i++) {
        db_stmt *s = db_stmt_get(d, &q_count);
        assert_non_null(s);
        assert_int_equal(db_step(s), DB_ERROR);
        assert_non_null(strstr(db_errmsg(d), "PostgreSQL"));
        assert_true(db_lost(d)); /* what makes a request answer 503 (app/dispatch.c) */
        assert_int_not_equal(db_begin_write(d), 0);
        assert_false(db_in_tx(d));
    }
    /* A thread starting while the server is away gets a connection that fails, not an abort. */
    pthread_t th;
    struct late l = {0};
    db_thread_init(url);
    assert_int_equal(pthread_create(&th, NULL, late_thread, &l), 0);
    pthread_join(th, NULL);
    assert_int_equal(l.rc_down, DB_ERROR);
    assert_int_equal(pg_ctl("start"), 0);
    assert_true(one_int(d, &q_count) >= 0);
    assert_false(db_lost(d));
    assert_int_equal(pthread_create(&th, NULL, late_thread, &l), 0);
    pthread_join(th, NULL);
    assert_int_equal(l.rc_down, DB_ROW);
    /* A restart while idle: the first statement fails, the next one works. */
    assert_int_equal(pg_ctl("restart"), 0);
    db_stmt *s = db_stmt_get(d, &q_count);
    int rc = db_step(s);
    db_reset(s);
    if (rc != DB_ROW)
        assert_int_equal(rc, DB_ERROR);
    assert_true(one_int(d, &q_count) >= 0);
    /* A restart while idle, then a request's first transaction: its start sees the link the
     * server closed and reconnects, so nothing fails (pg.c pg_revive_checked). */
    assert_int_equal(pg_ctl("restart"), 0);
    assert_int_equal(db_begin_read(d), 0);
    assert_true(one_int(d, &q_count) >= 0);
    db_rollback(d);
    /* The connection of a transaction that lost its server is not revived under it. */
    assert_int_equal(db_begin_write(d), 0);
    assert_int_equal(pg_ctl("restart"), 0);
    s = db_stmt_get(d, &q_count);
    assert_int_not_equal(db_step(s), DB_ROW);
    s = db_stmt_get(d, &q_count);
    assert_int_not_equal(db_step(s), DB_ROW);
    assert_int_not_equal(db_commit(d), 0);
    assert_false(db_in_tx(d));
    assert_true(one_int(d, &q_count) >= 0);
}

/* followup's status rule: the schema's SQL twin (pg/057_pg_parity.sql) answers what the C
 * function registered on SQLite answers, for every combination of NULLs and dates around the
 * as-of day and the horizon. */
static void fu_status_twin(db *d)
{
    static const db_query q = {"test.fu_status", NULL,
                               "SELECT fu_status($1, $2, $3, $4, $5, $6, $7)"};
    static const char *const days[] = {NULL, "2026-03-01", "2026-03-10", "2026-03-20",
                                       "2026-03-31"};
    enum { ND = sizeof days / sizeof days[0] };
    int checked = 0;
    for (int due = 0; due < ND; due++)
        for (int orig = 0; orig < ND; orig++)
            for (int comp = 0; comp < ND; comp++)
                for (int conf = 0; conf < ND; conf++)
                    for (int canc = 0; canc < ND; canc += 2)
                        for (int hor = 0; hor < ND; hor += 2) {
                            const char *asof = days[2 + (due + comp + conf) % 3];
                            const char *a[7] = {days[due],  days[orig], days[comp], days[conf],
                                                days[canc], asof,       days[hor]};
                            db_stmt *s = db_stmt_get(d, &q);
                            assert_non_null(s);
                            for (int i = 0; i < 7; i++)
                                db_bind_text(s, i + 1, a[i]);
                            assert_int_equal(db_step(s), DB_ROW);
                            int64_t got = db_col_int(s, 0);
                            db_reset(s);
                            int64_t want =
                                followup_status(a[0], a[1], a[2], a[3], a[4], a[5], a[6]);
                            if (got != want)
                                fail_msg("fu_status(%s, %s, %s, %s, %s, %s, %s): pg %lld, C %lld",
                                         a[0], a[1], a[2], a[3], a[4], a[5], a[6], (long long)got,
                                         (long long)want);
                            checked++;
                        }
    assert_true(checked > 1000);
}

static void test_migrate_and_check(void **state)
{
    SKIP_WITHOUT_PG();
    db *d = *state;
    char *err = NULL;
    const struct embedded_file **v;
    size_t n;
    db_migration_list_in("src/db/migrations/pg/", &v, &n);
    free(v);
    int rc = db_migrate(d, &err);
    if (n == 0) {
        /* This branch has no PostgreSQL schema yet: a clear error, not a half-made one. */
        assert_int_equal(rc, -1);
        assert_non_null(strstr(err, "src/db/migrations/pg/"));
        free(err);
        err = NULL;
        assert_int_equal(db_check(d, &err), -1);
        assert_non_null(err);
        free(err);
    } else {
        if (rc != 0)
            fail_msg("migrate: %s", err);
        assert_int_equal(db_migrations_pending(d, NULL), 0);
        assert_int_equal(db_check(d, &err), 0);
    }
    err = NULL;
    assert_null(db_sqlite_handle(d));
    if (n == 0)
        return;
    fu_status_twin(d);
    /* Backup: pg_dump's custom archive, named only once read back; restoring it into a
     * database that holds anything is refused and changes nothing. */
    char dir[] = "/tmp/test_db_pg_XXXXXX", path[64];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/office.pgdump", dir);
    if (db_backup(d, path, &err) != 0)
        fail_msg("backup: %s", err ? err : "?");
    char magic[6] = {0};
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fread(magic, 1, 5, f), 5);
    fclose(f);
    assert_string_equal(magic, "PGDMP");
    assert_int_equal(db_pg_restore(d, path, &err), 1);
    assert_non_null(strstr(err, "not empty"));
    free(err);
    err = NULL;
    assert_int_equal(db_backup(d, "/nonexistent-dir/x.pgdump", &err), -1);
    free(err);
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    url = getenv("VP_TEST_PG");
    if (url && !*url)
        url = NULL;
    if (!url)
        fprintf(stderr, "test_db_pg: VP_TEST_PG is unset: the PostgreSQL tests are skipped "
                        "(run `make test-pg`)\n");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_target_choice),
        cmocka_unit_test_setup_teardown(test_types_and_null, setup, teardown),
        cmocka_unit_test_setup_teardown(test_constraint_and_translation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_prepare_in_transaction, setup, teardown),
        cmocka_unit_test_setup_teardown(test_untyped_parameters, setup, teardown),
        cmocka_unit_test_setup_teardown(test_statement_cache, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stamp, setup, teardown),
        cmocka_unit_test_setup_teardown(test_memo, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stamp_epoch, setup, teardown),
        cmocka_unit_test_setup_teardown(test_variant_reuse, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pg_text_in_sqlite_dialect, setup, teardown),
        cmocka_unit_test_setup_teardown(test_last_id_is_the_row_inserted, setup, teardown),
        cmocka_unit_test_setup_teardown(test_replan, setup, teardown),
        cmocka_unit_test_setup_teardown(test_write_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gap_free_concurrent_writers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_killed_connection_recovers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_server_restart_recovers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_migrate_and_check, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
