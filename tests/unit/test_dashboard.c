/* The leaders' dashboard (dashboard.h): its sums against the two grouped queries it replaced
 * (one per table, every record joined to its lead's user and unit), kept here as the
 * reference, for every user of the fixture and several periods, over records in every state
 * the sums tell apart: registered, assigned with a deadline past or ahead or none, done on time
 * or late, recalled, secret, led by a unit, by a person, by both or not yet. */
#include "catalog/vocab.h"
#include "dashboard/dashboard.h"
#include "incoming/incoming.h"
#include "test_outgoing_fixture.h"

#define REF_SUMS                                                                                   \
    " count(*),"                                                                                   \
    " sum(i.status = 'registered' OR (i.status = 'assigned' AND (i.deadline IS NULL"               \
    " OR i.deadline >= ?7))),"                                                                     \
    " sum(i.status = 'done' AND (i.deadline IS NULL OR date(i.done_at, '+7 hours') <="             \
    " i.deadline)),"                                                                               \
    " sum(i.status = 'done' AND i.deadline IS NOT NULL AND date(i.done_at, '+7 hours') >"          \
    " i.deadline),"                                                                                \
    " sum(i.status = 'assigned' AND i.deadline < ?7)"
#define REF_WHERE                                                                                  \
    " WHERE i.arrival_date >= ?5 AND i.arrival_date <= ?6 AND i.status <> 'recalled' "             \
    "AND " IN_VISIBLE_SQL

static const db_query q_ref_unit = {
    "t.dash_unit",
    "SELECT COALESCE(i.lead_unit_id, lu.unit_id, 0), n.name," REF_SUMS
    " FROM incoming i LEFT JOIN users lu ON lu.id = i.lead_user_id"
    " LEFT JOIN units n ON n.id = COALESCE(i.lead_unit_id, lu.unit_id)" REF_WHERE
    " GROUP BY 1, 2 ORDER BY 1",
    NULL,
};
static const db_query q_ref_person = {
    "t.dash_person",
    "SELECT COALESCE(i.lead_user_id, 0), lu.name," REF_SUMS
    " FROM incoming i LEFT JOIN users lu ON lu.id = i.lead_user_id" REF_WHERE
    " GROUP BY 1, 2 ORDER BY 1",
    NULL,
};

static int64_t reg(struct fx *f, int who, int k, const char *secrecy)
{
    char code[32];
    snprintf(code, sizeof code, "%d-CV/TU", 100 + k);
    in_new in = {
        .issuer_name = "Thành ủy Cần Thơ",
        .code = code,
        .doc_type = "cong_van",
        .issued_date = "2026-02-20",
        .subject = "Về việc báo cáo tình hình",
        .secrecy = secrecy,
    };
    web_err e;
    int64_t n = 0, id = incoming_register(&f->c[who], &in, &n, &e);
    if (id < 0)
        fail_msg("register: %d %s", e.status, web_err_message(&e));
    return id;
}

/* The state of record k: lead, status, deadline, completion and arrival, all by SQL (the
 * routing services are tested elsewhere; here only the sums of what they leave matter). */
static void shape(struct fx *f, int64_t id, int k)
{
    static const db_query q = {
        "t.dash_shape",
        "UPDATE incoming SET lead_unit_id = ?2, lead_user_id = ?3, status = ?4, deadline = ?5,"
        " done_at = ?6, arrival_date = ?7 WHERE id = ?1",
        NULL,
    };
    static const char *const statuses[] = {"registered", "assigned", "assigned", "assigned",
                                           "done",       "done",     "recalled"};
    static const char *const deadlines[] = {NULL, "2026-02-10", "2026-04-30", "2026-03-05"};
    static const char *const done[] = {"2026-03-04T16:30:00Z", "2026-03-05T18:00:00Z",
                                       "2026-02-01T01:00:00Z"};
    static const char *const arrivals[] = {"2026-02-27", "2026-03-02", "2025-12-30", "2026-01-15"};
    static const int64_t units[] = {0, U_VPTU, U_BTC, U_WARD};
    static const int64_t people[] = {0, 5, 7, 9, 4};
    const char *status = statuses[k % 7];
    db_stmt *s = db_stmt_get(f->d, &q);
    assert_non_null(s);
    db_bind_int(s, 1, id);
    if (strcmp(status, "registered") != 0 && units[(k / 7) % 4])
        db_bind_int(s, 2, units[(k / 7) % 4]);
    else
        db_bind_null(s, 2);
    if (strcmp(status, "registered") != 0 && people[(k / 3) % 5])
        db_bind_int(s, 3, people[(k / 3) % 5]);
    else
        db_bind_null(s, 3);
    db_bind_text(s, 4, status);
    if (deadlines[(k / 2) % 4] && strcmp(status, "registered") != 0)
        db_bind_text(s, 5, deadlines[(k / 2) % 4]);
    else
        db_bind_null(s, 5);
    if (strcmp(status, "done") == 0)
        db_bind_text(s, 6, done[(k / 5) % 3]);
    else
        db_bind_null(s, 6);
    db_bind_text(s, 7, arrivals[(k / 11) % 4]);
    assert_int_equal(db_step(s), DB_DONE);
    db_reset(s);
}

typedef struct ref_row {
    int64_t id;
    int sums[5];
    char name[96];
} ref_row;

static int ref(struct fx *f, int who, const db_query *q, const char *from, const char *to,
               ref_row *v, int max)
{
    db_stmt *s = db_stmt_get(f->d, q);
    assert_non_null(s);
    docs_vis_bind(&f->c[who], s);
    db_bind_text(s, 5, from);
    db_bind_text(s, 6, to);
    db_bind_text(s, 7, "2026-03-05"); /* the fixture's today (FX_NOW) */
    int n = 0;
    while (db_step(s) == DB_ROW && n < max) {
        v[n].id = db_col_int(s, 0);
        snprintf(v[n].name, sizeof v[n].name, "%s", db_col_text(s, 1) ? db_col_text(s, 1) : "");
        for (int k = 0; k < 5; k++)
            v[n].sums[k] = (int)db_col_int(s, 2 + k);
        n++;
    }
    db_reset(s);
    return n;
}

static int compared;

static void same(struct fx *f, int who, bool units, const char *from, const char *to)
{
    ref_row want[64];
    int nw = ref(f, who, units ? &q_ref_unit : &q_ref_person, from, to, want, 64);
    dash_row *got;
    int ng = units ? dashboard_by_unit(&f->c[who], from, to, &got)
                   : dashboard_by_person(&f->c[who], from, to, &got);
    if (!dashboard_may_see(&f->c[who])) {
        assert_int_equal(ng, 0);
        return;
    }
    if (ng != nw)
        fail_msg("user %d, %s, %s..%s: %d rows, the reference %d", who, units ? "units" : "people",
                 from, to, ng, nw);
    for (int i = 0; i < nw; i++) {
        const dash_row *g = NULL;
        for (int j = 0; j < ng && !g; j++)
            if (got[j].id == want[i].id)
                g = &got[j];
        if (!g)
            fail_msg("user %d: row %lld missing", who, (long long)want[i].id);
        int sums[5] = {g->received, g->in_progress, g->done_on_time, g->done_late, g->overdue};
        for (int k = 0; k < 5; k++)
            if (sums[k] != want[i].sums[k])
                fail_msg("user %d, %s %lld, %s..%s: sum %d is %d, the reference %d", who,
                         units ? "unit" : "person", (long long)want[i].id, from, to, k, sums[k],
                         want[i].sums[k]);
        if (*want[i].name)
            assert_string_equal(g->name, want[i].name);
        else
            assert_true(strlen(g->name) > 0); /* "Chưa phân công" / "Chưa giao cho cá nhân" */
        compared += want[i].sums[0] > 0;
    }
    /* most received first */
    for (int j = 1; j < ng; j++)
        assert_true(got[j - 1].received >= got[j].received);
}

static void test_sums_match_the_reference(void **state)
{
    struct fx *f = *state;
    static const int clerks[] = {P_CLERK, P_WARD_CLERK};
    static const char *const secrecy[] = {NULL, NULL, NULL, "mat"};
    for (int k = 0; k < 84; k++) {
        int64_t id = reg(f, clerks[k % 2], k, secrecy[k % 4]);
        shape(f, id, k);
    }
    static const char *const periods[][2] = {{"2026-01-01", "2026-12-31"},
                                             {"2026-02-27", "2026-03-02"},
                                             {"2025-01-01", "2026-12-31"},
                                             {"2026-03-03", "2026-12-31"}};
    for (int who = 0; who < P_N; who++)
        for (size_t p = 0; p < sizeof periods / sizeof *periods; p++) {
            same(f, who, true, periods[p][0], periods[p][1]);
            same(f, who, false, periods[p][0], periods[p][1]);
        }
    assert_true(compared > 40);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_sums_match_the_reference, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
