/* Numbering of outgoing documents (numbering.h): the notation formats, the Party policy across a
 * committee-term boundary (secret documents in the same sequence), the state policy across a
 * year boundary (secret documents in their own sequence), rollback gives the number back, and
 * 8 threads allocating at once get distinct, gap-free numbers. */
#include "test_outgoing_fixture.h"

#include <pthread.h>

#include "catalog/catalog.h"
#include "numbering/numbering.h"

static void test_format(void **state)
{
    char buf[64];
    numbering_format(POLICY_PARTY, 5, "CV", "VPTU", buf, sizeof buf);
    assert_string_equal(buf, "05-CV/VPTU");
    numbering_format(POLICY_STATE, 123, "QĐ", "UBND", buf, sizeof buf);
    assert_string_equal(buf, "123/QĐ-UBND");
    numbering_format(POLICY_STATE, 7, NULL, "UBND", buf, sizeof buf);
    assert_string_equal(buf, "07/UBND");
}

static const char *next(struct fx *f, int64_t reg_id, const char *type, int secrecy,
                        const char *date)
{
    ctx *c = &f->c[P_CLERK];
    const doc_register *reg = catalog_register_get(c, reg_id);
    assert_non_null(reg);
    long n;
    const char *notation, *err = NULL;
    assert_int_equal(db_begin_write(f->d), 0);
    if (numbering_allocate(c, reg, type, secrecy, date, &n, &notation, NULL, &err) != 0) {
        db_rollback(f->d);
        return NULL;
    }
    assert_int_equal(db_commit(f->d), 0);
    return notation;
}

static void test_party_terms(void **state)
{
    struct fx *f = *state;
    assert_string_equal(next(f, 1, "cong_van", 0, "2025-09-27"), "01-CV/VPTU");
    assert_string_equal(next(f, 1, "cong_van", 0, "2025-09-28"), "02-CV/VPTU");
    /* Secret documents share the sequence of their type (36-HD/VPTW). */
    assert_string_equal(next(f, 1, "cong_van", 2, "2025-09-28"), "03-CV/VPTU");
    /* Each type has its own sequence. */
    assert_string_equal(next(f, 1, "nghi_quyet", 0, "2025-09-28"), "01-NQ/VPTU");
    /* The new term starts again at 01, not the calendar year. */
    assert_string_equal(next(f, 1, "cong_van", 0, "2025-09-29"), "01-CV/VPTU");
    assert_string_equal(next(f, 1, "cong_van", 1, "2026-01-02"), "02-CV/VPTU");
    assert_string_equal(next(f, 1, "cong_van", 0, "2026-12-31"), "03-CV/VPTU");
    /* A date outside every declared term is refused with a message. */
    assert_null(next(f, 1, "cong_van", 0, "2019-05-01"));
    const char *err = NULL, *nt;
    long n;
    ctx *c = &f->c[P_CLERK];
    assert_int_equal(db_begin_write(f->d), 0);
    assert_int_equal(numbering_allocate(c, catalog_register_get(c, 1), "cong_van", 0, "2019-05-01",
                                        &n, &nt, NULL, &err),
                     -1);
    db_rollback(f->d);
    assert_non_null(strstr(err, "nhiệm kỳ"));
    assert_int_equal(numbering_allocate(c, catalog_register_get(c, 1), "khong_co", 0, "2026-01-01",
                                        &n, &nt, NULL, &err),
                     -1);
}

static void test_state_years(void **state)
{
    struct fx *f = *state;
    assert_string_equal(next(f, 2, "quyet_dinh", 0, "2025-12-30"), "01/QĐ-UBND");
    /* One sequence per year for every type (ND 30 Art. 15)… */
    assert_string_equal(next(f, 2, "cong_van", 0, "2025-12-31"), "02/UBND");
    /* …and a separate one for secret documents. */
    assert_string_equal(next(f, 2, "quyet_dinh", 1, "2025-12-31"), "01/QĐ-UBND");
    assert_string_equal(next(f, 2, "ke_hoach", 3, "2025-12-31"), "02/KH-UBND");
    /* 1 January starts again. */
    assert_string_equal(next(f, 2, "quyet_dinh", 0, "2026-01-01"), "01/QĐ-UBND");
    assert_string_equal(next(f, 2, "quyet_dinh", 1, "2026-01-01"), "01/QĐ-UBND");
    assert_string_equal(next(f, 2, "bao_cao", 0, "2026-01-01"), "02/BC-UBND");
}

static void test_rollback_gives_number_back(void **state)
{
    struct fx *f = *state;
    ctx *c = &f->c[P_CLERK];
    const doc_register *reg = catalog_register_get(c, 1);
    long n;
    const char *nt, *err;
    assert_int_equal(db_begin_write(f->d), 0);
    assert_int_equal(numbering_allocate(c, reg, "ke_hoach", 0, "2026-03-02", &n, &nt, NULL, &err),
                     0);
    assert_int_equal(n, 1);
    db_rollback(f->d); /* the issue failed after taking its number */
    assert_string_equal(next(f, 1, "ke_hoach", 0, "2026-03-02"), "01-KH/VPTU");
    assert_int_equal(numbering_peek(c, reg, "ke_hoach", 0, "2026-03-02"), 2);
}

/* ---- concurrency: every thread has its own connection, as the server's workers do ---- */

#define THREADS 8
#define PER_THREAD 100

struct worker {
    const char *path;
    long got[PER_THREAD];
    int failures;
};

static void *worker_run(void *arg)
{
    struct worker *w = arg;
    db *d;
    char *err = NULL;
    if (db_open(w->path, &d, &err) != 0) {
        w->failures = PER_THREAD;
        return NULL;
    }
    arena *a = arena_new();
    user u = {.id = 4, .login = "vanthu", .role = ROLE_CLERK, .unit_id = U_VPTU};
    ctx c = {.a = a, .db = d, .user = &u};
    const doc_register *reg = catalog_register_get(&c, 1);
    for (int i = 0; i < PER_THREAD; i++) {
        for (;;) {
            long n;
            const char *nt, *e;
            if (db_begin_write(d) != 0)
                continue; /* busy: try again, as a clerk would */
            if (numbering_allocate(&c, reg, "cong_van", i % 2, "2026-03-02", &n, &nt, NULL, &e) !=
                0) {
                db_rollback(d);
                w->failures++;
                break;
            }
            if (db_commit(d) == 0) {
                w->got[i] = n;
                break;
            }
        }
    }
    arena_free(&a);
    db_close(&d);
    return NULL;
}

static void test_concurrent_gap_free(void **state)
{
    struct fx *f = *state;
    static struct worker w[THREADS];
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++) {
        memset(&w[i], 0, sizeof w[i]);
        w[i].path = f->dbpath;
        assert_int_equal(pthread_create(&t[i], NULL, worker_run, &w[i]), 0);
    }
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    static char seen[THREADS * PER_THREAD + 1];
    memset(seen, 0, sizeof seen);
    for (int i = 0; i < THREADS; i++) {
        assert_int_equal(w[i].failures, 0);
        for (int j = 0; j < PER_THREAD; j++) {
            long n = w[i].got[j];
            assert_true(n >= 1 && n <= THREADS * PER_THREAD);
            assert_int_equal(seen[n], 0); /* distinct */
            seen[n] = 1;
        }
    }
    for (int n = 1; n <= THREADS * PER_THREAD; n++)
        assert_int_equal(seen[n], 1); /* gap-free */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format),
        cmocka_unit_test_setup_teardown(test_party_terms, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_state_years, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_rollback_gives_number_back, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_concurrent_gap_free, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
