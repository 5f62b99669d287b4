/* The job queue (jobs/jobs.h): enqueue in the caller's transaction, run, retry with a delay,
 * permanent failure and its hook, unknown kinds, stale jobs taken back, worker threads that
 * stop at once even while a child process runs (the job goes back to the queue uncounted), and
 * a worker indexing a large backlog never keeps an interactive write waiting. */
#include "test_outgoing_fixture.h"

#include "jobs/jobs.h"
#include "jobs/jobs_impl.h"
#include "search/fts5_vi.h"
#include "search/search.h"

static int runs_ok, runs_flaky, fails_seen;
static char last_fail[256];

static int job_ok(db *d, const char *payload, const char *data_dir, char **err_r)
{
    runs_ok++;
    return 0;
}

static int job_flaky(db *d, const char *payload, const char *data_dir, char **err_r)
{
    if (runs_flaky++ == 0) {
        *err_r = strdup("lỗi tạm thời");
        return -1;
    }
    return 0;
}

static int job_bad(db *d, const char *payload, const char *data_dir, char **err_r)
{
    *err_r = strdup("tệp hỏng");
    return -2;
}

static void bad_failed(db *d, const char *payload, const char *error)
{
    fails_seen++;
    snprintf(last_fail, sizeof last_fail, "%s:%s", payload, error);
}

static int job_sleep(db *d, const char *payload, const char *data_dir, char **err_r)
{
    const char *argv[] = {"sleep", "30", NULL};
    exec_limits lim = EXEC_DEFAULT_LIMITS;
    strbuf out = STRBUF_INIT;
    int r = jobs_exec(argv, NULL, &lim, &out, NULL, err_r);
    sb_free(&out);
    return r;
}

static int vi_hook(void *h)
{
    return fts5_vi_register(h);
}

static int setup(void **state)
{
    (void)fx_value;
    db_add_open_hook(vi_hook);
    fx_setup(state);
    struct fx *f = *state;
    db_thread_init(f->dbpath);
    jobs_register("t.ok", job_ok, NULL);
    jobs_register("t.flaky", job_flaky, NULL);
    jobs_register("t.bad", job_bad, bad_failed);
    jobs_register("t.sleep", job_sleep, NULL);
    runs_ok = runs_flaky = fails_seen = 0;
    return 0;
}

static int teardown(void **state)
{
    db_thread_close();
    return fx_teardown(state);
}

static void enqueue(struct fx *f, const char *kind, const char *payload)
{
    assert_int_equal(db_begin_write(f->d), 0);
    assert_true(jobs_enqueue(f->d, kind, payload) > 0);
    assert_int_equal(db_commit(f->d), 0);
}

static int64_t count_state(struct fx *f, const char *state)
{
    static const db_query q = {"t.jobs_state", "SELECT count(*) FROM jobs WHERE state = ?1", NULL};
    db_stmt *s = db_stmt_get(f->d, &q);
    db_bind_text(s, 1, state);
    assert_int_equal(db_step(s), DB_ROW);
    int64_t n = db_col_int(s, 0);
    db_reset(s);
    return n;
}

static void test_run_retry_fail(void **state)
{
    struct fx *f = *state;
    enqueue(f, "t.ok", "1");
    enqueue(f, "t.ok", "2");
    /* a rolled-back enqueue leaves nothing behind */
    assert_int_equal(db_begin_write(f->d), 0);
    assert_true(jobs_enqueue(f->d, "t.ok", "3") > 0);
    db_rollback(f->d);
    assert_int_equal(jobs_run_pending(10, f->dir), 2);
    assert_int_equal(runs_ok, 2);
    assert_int_equal(count_state(f, "done"), 2);

    /* a failed attempt goes back with a delay; it runs again only when the time comes */
    enqueue(f, "t.flaky", "x");
    assert_int_equal(jobs_run_pending(10, f->dir), 1);
    assert_int_equal(count_state(f, "queued"), 1);
    assert_int_equal(jobs_run_pending(10, f->dir), 0);
    clock_set_fake(FX_NOW + JOBS_RETRY_DELAY_S + 1);
    assert_int_equal(jobs_run_pending(10, f->dir), 1);
    assert_int_equal(count_state(f, "queued"), 0);
    assert_int_equal(runs_flaky, 2);

    /* a permanent failure ends at once, and its hook records it */
    enqueue(f, "t.bad", "42");
    assert_int_equal(jobs_run_pending(10, f->dir), 1);
    assert_int_equal(count_state(f, "failed"), 1);
    assert_int_equal(fails_seen, 1);
    assert_string_equal(last_fail, "42:tệp hỏng");
    static const db_query q = {"t.last_error",
                               "SELECT last_error, attempts FROM jobs WHERE kind = 't.bad'", NULL};
    db_stmt *s = db_stmt_get(f->d, &q);
    assert_int_equal(db_step(s), DB_ROW);
    assert_string_equal(db_col_text(s, 0), "tệp hỏng");
    assert_int_equal(db_col_int(s, 1), 1);
    db_reset(s);

    /* an unknown kind fails for good */
    enqueue(f, "t.nobody", "");
    assert_int_equal(jobs_run_pending(10, f->dir), 1);
    assert_int_equal(count_state(f, "failed"), 2);
}

static void test_stale_job_taken_back(void **state)
{
    struct fx *f = *state;
    enqueue(f, "t.ok", "stale");
    static const db_query q = {"t.make_stale",
                               "UPDATE jobs SET state = 'running', locked_by = 'dead:0',"
                               " locked_at = '2020-01-01T00:00:00Z'",
                               NULL};
    assert_int_equal(db_exec(db_stmt_get(f->d, &q)), DB_DONE);
    assert_int_equal(jobs_run_pending(10, f->dir), 1);
    assert_int_equal(runs_ok, 1);
    assert_int_equal(count_state(f, "done"), 1);
}

static void test_workers_stop_at_once(void **state)
{
    struct fx *f = *state;
    clock_set_fake(0); /* real time for the threads' waits */
    enqueue(f, "t.sleep", "");
    enqueue(f, "t.ok", "a");
    assert_int_equal(jobs_start(2, f->dir), 0);
    int64_t t0 = clock_now_ms();
    while (runs_ok < 1 && clock_now_ms() - t0 < 10000)
        usleep(20000);
    assert_int_equal(runs_ok, 1);
    usleep(300000); /* the sleep job is running in its child by now */
    t0 = clock_now_ms();
    jobs_stop();
    assert_true(clock_now_ms() - t0 < 3000);
    /* the interrupted job is queued again, its attempt not counted */
    static const db_query q = {"t.sleep_state",
                               "SELECT state, attempts FROM jobs WHERE kind = 't.sleep'", NULL};
    db_stmt *s = db_stmt_get(f->d, &q);
    assert_int_equal(db_step(s), DB_ROW);
    assert_string_equal(db_col_text(s, 0), "queued");
    assert_int_equal(db_col_int(s, 1), 0);
    db_reset(s);
    /* and the sandbox works again after a stop */
    const char *argv[] = {"true", NULL};
    exec_limits lim = EXEC_DEFAULT_LIMITS;
    strbuf out = STRBUF_INIT;
    char *err = NULL;
    assert_int_equal(jobs_exec(argv, NULL, &lim, &out, NULL, &err), 0);
    sb_free(&out);
}

/* A backlog for the indexer: LOCK_DOCS documents, each carrying LOCK_TEXT bytes of extracted
 * attachment text (25 MB in all: one transaction over all of it held the lock for seconds). */
enum { LOCK_DOCS = 400, LOCK_TEXT = 64 * 1024, LOCK_WRITES = 8, LOCK_BOUND_MS = 1000 };

static const db_query q_lock_docs = {
    "t.lock_docs",
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)"
    " INSERT INTO incoming (unit_id, year, arrival_number, arrival_date, arrived_at, channel,"
    " issuer_name, code, code_norm, doc_type, issued_date, subject, registered_by, created_at,"
    " updated_at) SELECT 2, 2026, 1000 + i, '2026-03-02', '2026-03-02T03:00:00Z', 'paper',"
    " 'Ban Tổ chức', i || '-CV/BTC', i || '-CV/BTC', 'cong_van', '2026-03-01',"
    " 'Công văn số ' || i, 4, 'x', 'x' FROM n",
    NULL};
static const db_query q_lock_texts = {
    "t.lock_texts",
    "INSERT INTO search_files (attachment_id, doc_kind, doc_id, sha256, state, method, text)"
    " SELECT id, 'in', id, 'x', 'done', 'text',"
    " substr(replace(hex(zeroblob(?1 / 8)), '00', 'văn bản '), 1, ?1) FROM incoming",
    "INSERT INTO search_files (attachment_id, doc_kind, doc_id, sha256, state, method, text)"
    " SELECT id, 'in', id, 'x', 'done', 'text',"
    " substr(repeat('văn bản ', ($1 / 8)::int), 1, ($1)::int) FROM incoming"};
static const db_query q_lock_dirty = {"t.lock_dirty",
                                      "SELECT count(*) FROM search_docs WHERE dirty = 1", NULL};
static const db_query q_lock_write = {"t.lock_write",
                                      "UPDATE units SET updated_at = ?1 WHERE id = 1", NULL};

static void test_worker_leaves_room_for_writes(void **state)
{
    struct fx *f = *state;
    clock_set_fake(0); /* real time for the threads */
    assert_int_equal(search_schema_ensure(f->d), 0);
    assert_int_equal(db_begin_write(f->d), 0);
    db_stmt *s = db_stmt_get(f->d, &q_lock_docs);
    db_bind_int(s, 1, LOCK_DOCS);
    assert_int_equal(db_exec(s), DB_DONE);
    s = db_stmt_get(f->d, &q_lock_texts);
    db_bind_int(s, 1, LOCK_TEXT);
    assert_int_equal(db_exec(s), DB_DONE);
    assert_int_equal(db_commit(f->d), 0);
    int64_t dirty0 = fx_value(f, &q_lock_dirty);
    assert_true(dirty0 >= LOCK_DOCS);

    assert_int_equal(jobs_start(1, f->dir), 0);
    /* Interactive writes on another connection while the worker indexes: each gets the lock
     * quickly. The worker begins within a few ms on an idle machine, later on a loaded one: the
     * writes go on (bounded) until it has indexed something, so that some were measured while
     * it was at work, and stop once it has. */
    int64_t worst = 0, left = dirty0;
    const int64_t give_up = clock_now_ms() + 30000;
    for (int i = 0; (i < LOCK_WRITES || left == dirty0) && clock_now_ms() < give_up; i++) {
        usleep(i == 0 ? 60000 : 37000);
        int64_t w0 = clock_now_ms();
        assert_int_equal(db_begin_write(f->d), 0);
        s = db_stmt_get(f->d, &q_lock_write);
        db_bind_int(s, 1, w0);
        assert_int_equal(db_exec(s), DB_DONE);
        assert_int_equal(db_commit(f->d), 0);
        int64_t waited = clock_now_ms() - w0;
        if (waited > worst)
            worst = waited;
        left = fx_value(f, &q_lock_dirty);
        if (left == 0)
            break;
    }
    jobs_stop();
    print_message("worst wait for the write lock %lld ms; %lld of %lld documents still dirty\n",
                  (long long)worst, (long long)left, (long long)dirty0);
    assert_true(worst < LOCK_BOUND_MS);
    assert_true(left > 0 && left < dirty0); /* measured while the backlog was being indexed */
}

/* The hourly purge drops finished jobs past their week and nothing else, and finds them through
 * the partial index jobs_done (migration 062): before it, every finished job's row was read at
 * each start-up and every hour (295,000 after a million-document import, to delete none). */
static void test_purge_done(void **state)
{
    struct fx *f = *state;
    static const db_query q_add = {
        "t.add_job",
        "INSERT INTO jobs (kind, payload, state, updated_at) VALUES ('t.ok', ?1, ?2, ?3)", NULL};
    static const struct {
        const char *payload, *state, *at;
    } rows[] = {{"old done", "done", "2020-01-01T00:00:00Z"},
                {"old done 2", "done", "2026-01-01T00:00:00Z"},
                {"new done", "done", "2099-01-01T00:00:00Z"},
                {"old failed", "failed", "2020-01-01T00:00:00Z"},
                {"old queued", "queued", "2020-01-01T00:00:00Z"}};
    assert_int_equal(db_begin_write(f->d), 0);
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        db_stmt *s = db_stmt_get(f->d, &q_add);
        db_bind_text(s, 1, rows[i].payload);
        db_bind_text(s, 2, rows[i].state);
        db_bind_text(s, 3, rows[i].at);
        assert_int_equal(db_exec(s), DB_DONE);
    }
    db_stmt *s = db_stmt_get(f->d, &jobs_q_purge);
    db_bind_text(s, 1, "2026-06-01T00:00:00Z");
    db_bind_int(s, 2, 500);
    assert_int_equal(db_exec(s), DB_DONE);
    assert_int_equal(db_changes(f->d), 2);
    assert_int_equal(db_commit(f->d), 0);
    assert_int_equal(count_state(f, "done"), 1);
    assert_int_equal(count_state(f, "failed"), 1);
    assert_int_equal(count_state(f, "queued"), 1);
    if (test_store_pg())
        return; /* the plan below is SQLite's EXPLAIN QUERY PLAN */
    static const db_query q_plan = {
        "t.purge_plan",
        "EXPLAIN QUERY PLAN DELETE FROM jobs WHERE id IN (SELECT id FROM jobs INDEXED BY"
        " jobs_done WHERE state = 'done' AND updated_at < ?1 LIMIT ?2)",
        NULL};
    assert_non_null(strstr(jobs_q_purge.sqlite, q_plan.sqlite + strlen("EXPLAIN QUERY PLAN ")));
    s = db_stmt_get(f->d, &q_plan);
    db_bind_text(s, 1, "2026-06-01T00:00:00Z");
    db_bind_int(s, 2, 500);
    bool seeks = false;
    while (db_step(s) == DB_ROW)
        seeks = seeks || strstr(db_col_text(s, 3), "USING INDEX jobs_done (updated_at<?)");
    db_reset(s);
    assert_true(seeks);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_run_retry_fail, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stale_job_taken_back, setup, teardown),
        cmocka_unit_test_setup_teardown(test_workers_stop_at_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_worker_leaves_room_for_writes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_purge_done, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
