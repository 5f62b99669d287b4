/* Tests for the SQLite driver (db/sqlite.c, migrate.c, maintain.c): migrations from empty and
 * again, the statement cache, error mapping, rollback, and an online backup taken while
 * another connection keeps writing. Each test works in its own temporary directory, on SQLite
 * whatever VP_DB_URL says (the PostgreSQL driver has its own: test_db_pg.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db/db.h"
#include "db/sqlite_impl.h"

static const db_query q_count_versions = {"t.count_versions", "SELECT count(*) FROM schema_version",
                                          NULL};
static const db_query q_make_t = {"t.make", "SELECT 1", NULL};
static const db_query q_insert = {"t.insert", "INSERT INTO t(x, note) VALUES (?1, ?2)", NULL};
static const db_query q_count = {"t.count", "SELECT count(*) FROM t", NULL};
static const db_query q_insert_big = {"t.insert_big", "INSERT INTO big(b) VALUES (zeroblob(?1))",
                                      NULL};
static const db_query q_bad = {"t.bad", "SELEC nonsense", NULL};

struct fixture {
    char dir[64];
    char path[96];
    db *d;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    strcpy(f->dir, "/tmp/vp-test-db-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->path, sizeof f->path, "%s/vanphong.db", f->dir);
    char *err = NULL;
    assert_int_equal(db_open(f->path, &f->d, &err), 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    db_close(&f->d);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
    if (system(cmd) != 0)
        return -1;
    free(f);
    return 0;
}

static int64_t count_of(db *d, const db_query *q)
{
    db_stmt *s = db_stmt_get(d, q);
    assert_non_null(s);
    assert_int_equal(db_step(s), DB_ROW);
    int64_t n = db_col_int(s, 0);
    db_reset(s);
    return n;
}

static void make_table(db *d)
{
    char *err = NULL;
    assert_int_equal(db_exec_script(d,
                                    "CREATE TABLE t(id INTEGER PRIMARY KEY, x INTEGER NOT NULL "
                                    "UNIQUE, note TEXT) STRICT;",
                                    &err),
                     0);
}

static void insert(db *d, int64_t x, const char *note, int expect)
{
    db_stmt *s = db_stmt_get(d, &q_insert);
    assert_non_null(s);
    db_bind_int(s, 1, x);
    db_bind_text(s, 2, note);
    assert_int_equal(db_exec(s), expect);
}

static void test_migrate_from_empty_and_again(void **state)
{
    struct fixture *f = *state;
    char *err = NULL;
    int rc = db_migrate(f->d, &err);
    if (rc != 0)
        fprintf(stderr, "migrate: %s\n", err);
    assert_int_equal(rc, 0);
    const struct embedded_file **v;
    size_t n;
    db_migration_list(&v, &n);
    free(v);
    assert_true(n >= 1);
    assert_int_equal(count_of(f->d, &q_count_versions), (int64_t)n);
    assert_int_equal(db_migrations_pending(f->d, NULL), 0);
    /* Idempotent, also from a second connection. */
    assert_int_equal(db_migrate(f->d, &err), 0);
    db *d2 = NULL;
    assert_int_equal(db_open(f->path, &d2, &err), 0);
    assert_int_equal(db_migrate(d2, &err), 0);
    assert_int_equal(count_of(d2, &q_count_versions), (int64_t)n);
    db_close(&d2);
    assert_null(d2);
    assert_int_equal(db_check(f->d, &err), 0);
}

static void test_pending_before_migrate(void **state)
{
    struct fixture *f = *state;
    char *report = NULL;
    assert_true(db_migrations_pending(f->d, &report) > 0);
    assert_non_null(strstr(report, "002_auth.sql"));
    free(report);
}

static void test_version_number(void **state)
{
    assert_int_equal(db_migration_version("src/db/migrations/002_auth.sql"), 2);
    assert_int_equal(db_migration_version("src/db/migrations/010_catalog.sql"), 10);
    assert_int_equal(db_migration_version("src/db/migrations/auth.sql"), -1);
}

static void test_statement_cache(void **state)
{
    struct fixture *f = *state;
    db_stmt *a = db_stmt_get(f->d, &q_make_t);
    int n = db_prepare_count(f->d);
    for (int i = 0; i < 100; i++)
        assert_ptr_equal(db_stmt_get(f->d, &q_make_t), a);
    assert_int_equal(db_prepare_count(f->d), n);
    /* A statement left mid-way is reset by the next get. */
    assert_int_equal(db_step(a), DB_ROW);
    a = db_stmt_get(f->d, &q_make_t);
    assert_int_equal(db_step(a), DB_ROW);
    assert_int_equal(db_col_int(a, 0), 1);
    /* Many distinct statements grow the cache without losing any. */
    static db_query many[200];
    for (int i = 0; i < 200; i++) {
        many[i].name = "t.many";
        many[i].sqlite = "SELECT 2";
    }
    for (int i = 0; i < 200; i++)
        assert_non_null(db_stmt_get(f->d, &many[i]));
    int after = db_prepare_count(f->d);
    for (int i = 0; i < 200; i++)
        assert_non_null(db_stmt_get(f->d, &many[i]));
    assert_int_equal(db_prepare_count(f->d), after);
    assert_null(db_stmt_get(f->d, &q_bad));
    assert_non_null(strstr(db_errmsg(f->d), "t.bad"));
}

static void test_error_mapping(void **state)
{
    struct fixture *f = *state;
    make_table(f->d);
    insert(f->d, 1, "a", DB_DONE);
    insert(f->d, 1, "dup", DB_CONSTRAINT);
    assert_non_null(strstr(db_errmsg(f->d), "UNIQUE"));
    /* A bind out of range is reported by the step. */
    db_stmt *s = db_stmt_get(f->d, &q_insert);
    db_bind_int(s, 7, 1);
    assert_int_equal(db_exec(s), DB_ERROR);
    /* A full disk, simulated with a page limit, is DB_FULL with a clear message. */
    char *err = NULL;
    assert_int_equal(
        db_exec_script(f->d, "CREATE TABLE big(b BLOB) STRICT; PRAGMA max_page_count=30;", &err),
        0);
    assert_int_equal(db_begin_write(f->d), 0);
    s = db_stmt_get(f->d, &q_insert_big);
    db_bind_int(s, 1, 1024 * 1024);
    assert_int_equal(db_exec(s), DB_FULL);
    assert_non_null(strstr(db_errmsg(f->d), "ổ đĩa đầy"));
    db_rollback(f->d);
    assert_false(db_in_tx(f->d));
}

static void test_rollback_leaves_nothing(void **state)
{
    struct fixture *f = *state;
    make_table(f->d);
    assert_int_equal(db_begin_write(f->d), 0);
    assert_true(db_in_tx(f->d));
    assert_int_equal(db_begin_write(f->d), DB_ERROR); /* no nesting */
    insert(f->d, 1, "a", DB_DONE);
    insert(f->d, 2, "b", DB_DONE);
    assert_int_equal(db_changes(f->d), 1);
    assert_true(db_last_id(f->d) > 0);
    db_rollback(f->d);
    assert_false(db_in_tx(f->d));
    assert_int_equal(count_of(f->d, &q_count), 0);
    assert_int_equal(db_begin_write(f->d), 0);
    insert(f->d, 3, "c", DB_DONE);
    assert_int_equal(db_commit(f->d), 0);
    assert_int_equal(count_of(f->d, &q_count), 1);
    db_rollback(f->d); /* outside a transaction: no-op */
    db_rollback(NULL);
}

/* A writer thread on its own connection, committing 10 rows per transaction. */
struct writer {
    const char *path;
    volatile int stop;
    int commits;
};

static void *writer_main(void *p)
{
    struct writer *w = p;
    db *d = NULL;
    char *err = NULL;
    if (db_open(w->path, &d, &err) != 0)
        return NULL;
    int64_t x = 1000000;
    while (!w->stop) {
        if (db_begin_write(d) != 0)
            continue;
        for (int i = 0; i < 10; i++) {
            db_stmt *s = db_stmt_get(d, &q_insert);
            db_bind_int(s, 1, x++);
            db_bind_text(s, 2, "ghi trong lúc sao lưu, một dòng khá dài để có nhiều trang");
            db_exec(s);
        }
        if (db_commit(d) == 0)
            w->commits++;
    }
    db_close(&d);
    return NULL;
}

static void test_backup_while_writing(void **state)
{
    struct fixture *f = *state;
    char *err = NULL;
    assert_int_equal(db_migrate(f->d, &err), 0);
    make_table(f->d);
    assert_int_equal(db_begin_write(f->d), 0);
    for (int i = 0; i < 20000; i++)
        insert(f->d, i, "dữ liệu ban đầu để tệp có vài nghìn trang cho các bước sao lưu", DB_DONE);
    assert_int_equal(db_commit(f->d), 0);

    struct writer w = {.path = f->path};
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, writer_main, &w), 0);
    while (w.commits < 3)
        usleep(1000);
    char to[128];
    snprintf(to, sizeof to, "%s/copy.db", f->dir);
    int rc = db_backup(f->d, to, &err);
    if (rc != 0)
        fprintf(stderr, "backup: %s\n", err);
    assert_int_equal(rc, 0);
    int before = w.commits;
    while (w.commits < before + 3)
        usleep(1000);
    w.stop = 1;
    pthread_join(th, NULL);

    db *copy = NULL;
    assert_int_equal(db_open(to, &copy, &err), 0);
    assert_int_equal(db_check(copy, &err), 0);
    int64_t n = count_of(copy, &q_count);
    assert_true(n >= 20000);
    assert_int_equal(n % 10, 0); /* whole transactions only */
    assert_int_equal(db_migrations_pending(copy, NULL), 0);
    db_close(&copy);
    assert_true(count_of(f->d, &q_count) > n);
    char tmp[160];
    snprintf(tmp, sizeof tmp, "%s.tmp-%ld", to, (long)getpid());
    assert_int_not_equal(access(tmp, F_OK), 0);
}

static void test_check_reports_broken_foreign_key(void **state)
{
    struct fixture *f = *state;
    char *err = NULL;
    assert_int_equal(db_exec_script(f->d,
                                    "CREATE TABLE p(id INTEGER PRIMARY KEY) STRICT;"
                                    "CREATE TABLE c(id INTEGER PRIMARY KEY, p INTEGER REFERENCES "
                                    "p(id)) STRICT;"
                                    "PRAGMA foreign_keys=OFF; INSERT INTO c VALUES (1, 42);"
                                    "PRAGMA foreign_keys=ON;",
                                    &err),
                     0);
    char *report = NULL;
    assert_int_equal(db_check(f->d, &report), -1);
    assert_non_null(strstr(report, "foreign key: c row 1"));
    free(report);
}

/* Issue 17: while a bulk importer claims the checkpoints, another connection's commit that
 * carries the WAL past 1,000 pages leaves the database file alone (a clerk's registration does
 * not copy the import's pages); without the claim it checkpoints, as SQLite's default does. */
static int64_t file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (int64_t)st.st_size : -1;
}

static void big_commit(db *d)
{
    assert_int_equal(db_begin_write(d), 0);
    db_stmt *s = db_stmt_get(d, &q_insert_big);
    assert_non_null(s);
    db_bind_int(s, 1, 5 << 20); /* 5 MB: some 1,300 WAL pages */
    assert_int_equal(db_exec(s), DB_DONE);
    assert_int_equal(db_commit(d), 0);
}

static void test_checkpoints_claim(void **state)
{
    struct fixture *f = *state;
    char *err = NULL;
    assert_int_equal(db_exec_script(f->d, "CREATE TABLE big(b BLOB) STRICT;", &err), 0);
    int64_t before = file_size(f->path);
    char claim[128];
    snprintf(claim, sizeof claim, "%s-import", f->path);
    /* the importer's own connection claims; the writer is another connection */
    db *imp = NULL;
    assert_int_equal(db_open(f->path, &imp, &err), 0);
    assert_int_equal(db_checkpoints_claim(imp), 0);
    assert_int_equal(access(claim, F_OK), 0);
    big_commit(f->d);
    assert_true(file_size(f->path) < before + (1 << 20)); /* all of it still in the WAL */
    db_checkpoints_release(imp);
    assert_int_not_equal(access(claim, F_OK), 0);
    db_close(&imp);
    big_commit(f->d);
    assert_true(file_size(f->path) >= before + (8 << 20)); /* both commits checkpointed */
}

static void test_thread_connection(void **state)
{
    struct fixture *f = *state;
    db_thread_init(f->path);
    db *a = db_thread();
    assert_non_null(a);
    assert_ptr_equal(db_thread(), a);
    assert_string_equal(db_path(a), f->path);
    assert_non_null(db_sqlite_handle(a));
    db_thread_close();
}

/* Every SQLite connection opens with a 32 MiB page cache (sqlite.c cache_pragma): at 1M
 * documents SQLite's 2 MB default sent a quarter of a search's time to pread. */
static void test_page_cache(void **state)
{
    struct fixture *f = *state;
    static const db_query q_cache = {"t.cache", "PRAGMA cache_size", NULL};
    assert_int_equal(count_of(f->d, &q_cache), -32 * 1024);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_migrate_from_empty_and_again, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pending_before_migrate, setup, teardown),
        cmocka_unit_test(test_version_number),
        cmocka_unit_test_setup_teardown(test_statement_cache, setup, teardown),
        cmocka_unit_test_setup_teardown(test_page_cache, setup, teardown),
        cmocka_unit_test_setup_teardown(test_error_mapping, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rollback_leaves_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_backup_while_writing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_check_reports_broken_foreign_key, setup, teardown),
        cmocka_unit_test_setup_teardown(test_thread_connection, setup, teardown),
        cmocka_unit_test_setup_teardown(test_checkpoints_claim, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
