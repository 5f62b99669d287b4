/* Arrival numbers (số đến) under concurrent clerks: 8 threads, each with its own connection
 * (db_thread), register 500 documents each into the same unit; the 4,000 numbers must be
 * distinct and gap-free (1..4000), since each is allocated in its record's own transaction. */
#include "test_outgoing_fixture.h"

#include <pthread.h>

#include "incoming/incoming.h"

#define THREADS 8
#define PER_THREAD 500

struct worker {
    struct fx *f;
    int t, failures;
};

static void *work(void *arg)
{
    struct worker *w = arg;
    arena *a = arena_new();
    ctx c = w->f->c[P_CLERK];
    c.db = db_thread();
    for (int i = 0; i < PER_THREAD; i++) {
        c.a = a;
        char code[32];
        snprintf(code, sizeof code, "%d-CV/TU", w->t * PER_THREAD + i + 1);
        in_new in = {.issuer_name = "Thành ủy",
                     .code = code,
                     .doc_type = "cong_van",
                     .issued_date = "2026-03-01",
                     .subject = "Văn bản thử tải"};
        web_err e;
        int64_t n;
        if (incoming_register(&c, &in, &n, &e) < 0)
            w->failures++;
    }
    arena_free(&a);
    db_thread_close();
    return NULL;
}

static void test_concurrent_numbers(void **state)
{
    struct fx *f = *state;
    db_thread_init(f->dbpath);
    pthread_t th[THREADS];
    struct worker w[THREADS];
    for (int t = 0; t < THREADS; t++) {
        w[t] = (struct worker){.f = f, .t = t};
        assert_int_equal(pthread_create(&th[t], NULL, work, &w[t]), 0);
    }
    for (int t = 0; t < THREADS; t++) {
        pthread_join(th[t], NULL);
        assert_int_equal(w[t].failures, 0);
    }
    static const db_query q_count = {"t.count", "SELECT count(*) FROM incoming", NULL};
    static const db_query q_distinct = {
        "t.distinct", "SELECT count(DISTINCT arrival_number) FROM incoming", NULL};
    static const db_query q_min = {"t.min", "SELECT min(arrival_number) FROM incoming", NULL};
    static const db_query q_max = {"t.max", "SELECT max(arrival_number) FROM incoming", NULL};
    assert_int_equal(fx_value(f, &q_count), THREADS * PER_THREAD);
    assert_int_equal(fx_value(f, &q_distinct), THREADS * PER_THREAD);
    assert_int_equal(fx_value(f, &q_min), 1);
    assert_int_equal(fx_value(f, &q_max), THREADS * PER_THREAD);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_concurrent_numbers, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
