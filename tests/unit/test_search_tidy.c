/* Merging the FTS5 index's segments (search.h, search/index_tidy.c): an index written in many
 * small transactions is merged level by level by the idle workers and by the import's and the
 * reindex's merge, also with a clerk writing between its steps, and every user's searches
 * answer the same before and after (hits in order, totals, facets). On PostgreSQL there is
 * nothing to merge: the calls are no-ops. */
#include <unistd.h>

#include "test_outgoing_fixture.h"
#include "test_search_same.h"

#include "incoming/incoming.h"
#include "search/fts5_vi.h"
#include "search/search.h"

static const char *subjects[] = {
    "Kế hoạch kiểm tra công tác đảng năm 2026",     "Báo cáo chuyển đổi số trong cơ quan đảng",
    "Hướng dẫn công tác thủy lợi mùa mưa",          "Thông báo kết luận hội nghị chuyển đổi số",
    "Quyết định khen thưởng tập thể có thành tích", "Công văn về việc kiểm điểm cuối năm",
};
enum { NSUBJ = sizeof subjects / sizeof *subjects };

static const char *queries[] = {"kiem tra", "\"chuyển đổi số\"", "thủy*", "cong tac", "đảng"};
enum { NQ = sizeof queries / sizeof *queries };

static int setup(void **state)
{
    (void)fx_value;
    fx_setup(state);
    struct fx *f = *state;
    if (!test_store_pg())
        assert_int_equal(fts5_vi_register(db_sqlite_handle(f->d)), 0);
    return 0;
}

/* Registers n documents, each indexed in a transaction of its own (a segment each while
 * FTS5's automerge is off). who: a clerk of the city or of the ward. */
static void register_each(struct fx *f, int from, int n)
{
    for (int i = from; i < from + n; i++) {
        char code[32];
        snprintf(code, sizeof code, "%d-CV/TU", 100 + i);
        int who = i % 3 == 2 ? P_WARD_CLERK : P_CLERK;
        in_new in = {
            .issuer_name = "Thành ủy",
            .code = code,
            .doc_type = "cong_van",
            .issued_date = "2026-02-27",
            .subject = subjects[i % NSUBJ],
            .secrecy = i % 5 == 4 ? "mat" : NULL,
            .duplicate_reason = "thử",
        };
        web_err e;
        int64_t num = 0;
        if (incoming_register(&f->c[who], &in, &num, &e) < 0)
            fail_msg("register %s: %d %s", code, e.status, web_err_message(&e));
        assert_true(search_sync(f->d, 10) >= 1);
    }
}

static search_result run(struct fx *f, int who, const char *q)
{
    search_filter flt = {.q = q, .secrecy = -1, .limit = 100};
    return search_or_fail(&f->c[who], &flt);
}

static void automerge(struct fx *f, int v)
{
    char sql[96], *err = NULL;
    snprintf(sql, sizeof sql, "INSERT INTO search_fts (search_fts, rank) VALUES ('automerge', %d)",
             v);
    if (db_exec_script(f->d, sql, &err) != 0)
        fail_msg("automerge: %s", err);
}

static void snapshot(struct fx *f, search_result out[NQ][P_N])
{
    for (int q = 0; q < NQ; q++)
        for (int u = 0; u < P_N; u++)
            out[q][u] = run(f, u, queries[q]);
}

static void same_as(struct fx *f, search_result before[NQ][P_N], const char *what)
{
    for (int q = 0; q < NQ; q++)
        for (int u = 0; u < P_N; u++) {
            search_result r = run(f, u, queries[q]);
            search_same(&before[q][u], &r, what, u);
        }
}

static void test_idle_merges_levels(void **state)
{
    struct fx *f = *state;
    TEST_SQLITE_ONLY("FTS5 segments");
    assert_int_equal(search_schema_ensure(f->d), 0);
    automerge(f, 0);
    register_each(f, 0, 12);
    int many = search_segments(f->d);
    assert_true(many >= 10); /* one a transaction */
    search_result before[NQ][P_N];
    snapshot(f, before);
    assert_true(before[1][P_LEADER].total >= 4); /* the phrase, in 4 of the 12 */
    int steps = 0;
    /* one step at most every SEARCH_TIDY_IDLE_MS */
    for (int i = 0; i < 60 && search_segments(f->d) > SEARCH_TIDY_SEGMENTS; i++) {
        steps += search_tidy_idle(f->d);
        usleep(SEARCH_TIDY_IDLE_MS * 1000 + 20000);
    }
    assert_true(steps >= 1);
    int after = search_segments(f->d);
    assert_true(after <= SEARCH_TIDY_SEGMENTS);
    assert_true(after < many);
    assert_int_equal(search_tidy_idle(f->d), 0); /* nothing left: no write */
    same_as(f, before, "after the idle merge");
}

/* The import's and the reindex's merge (whole, then level by level until nothing is left),
 * with a clerk registering between its steps: the segments stay few (when every step put all
 * segments on one level, they reached 1,048 under a writer: index_tidy.c), and the new
 * documents are found at once. */
static void test_tidy_beside_a_writer(void **state)
{
    struct fx *f = *state;
    TEST_SQLITE_ONLY("FTS5 segments");
    assert_int_equal(search_schema_ensure(f->d), 0);
    automerge(f, 0);
    register_each(f, 0, 12);
    automerge(f, 4);
    search_result before[NQ][P_N];
    snapshot(f, before);
    int most = 0, steps = 0;
    for (int i = 12; i < 30; i++) {
        int r = search_tidy(f->d, i == 12, 1); /* the first: the import's whole merge */
        assert_true(r >= 0);
        steps += r;
        register_each(f, i, 1); /* a segment of its own */
        int n = search_segments(f->d);
        most = n > most ? n : most;
    }
    assert_true(steps >= 1);
    assert_true(most <= 13);
    search_result after[NQ][P_N];
    snapshot(f, after);
    assert_true(search_tidy(f->d, false, 0) >= 0);
    assert_true(search_segments(f->d) <= SEARCH_TIDY_SEGMENTS);
    assert_int_equal(search_tidy(f->d, false, 0), 0); /* nothing left */
    same_as(f, after, "after the last merge");
    assert_true(search_tidy(f->d, true, 0) >= 1); /* a reindex's: into one */
    assert_int_equal(search_segments(f->d), 1);
    same_as(f, after, "after the whole merge");
    /* the new ones are found: 12, 18 and 24 (subject 0) are the city clerk's, 24 secret */
    search_result r = run(f, P_LEADER, queries[0]);
    assert_true(r.total >= before[0][P_LEADER].total + 2);
}

static void test_pg_no_op(void **state)
{
    struct fx *f = *state;
    if (!test_store_pg())
        skip();
    register_each(f, 0, 3);
    assert_int_equal(search_segments(f->d), 0);
    assert_int_equal(search_tidy(f->d, true, 0), 0);
    assert_int_equal(search_tidy_idle(f->d), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_idle_merges_levels, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_tidy_beside_a_writer, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_pg_no_op, setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
