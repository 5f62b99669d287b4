/* Follow-up (followup.h): the status rule and its SQL twin, assigning with bad input refused
 * and nothing saved, the cycle's permissions, the extension rule, the report and its lists,
 * the reminder sweep sent once. */
#include "test_outgoing_fixture.h"

#include "followup/followup.h"
#include "rules/rules.h"

static const db_query q_tasks = {"t.fu_tasks", "SELECT count(*) FROM followup_tasks", NULL};
static const db_query q_notes = {"t.fu_notes",
                                 "SELECT count(*) FROM notifications WHERE user_id = 6", NULL};
static const db_query q_sql_status = {"t.fu_status", "SELECT fu_status(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                                      NULL};

/* ---- the rule ----------------------------------------------------------------------- */

static void status_rule(void **state)
{
    (void)state;
    const char *d = "2026-03-10";
    assert_int_equal(followup_status(d, d, NULL, NULL, NULL, "2026-03-05", NULL), FU_IN_TIME);
    assert_int_equal(followup_status(d, d, NULL, NULL, NULL, "2026-03-10", NULL), FU_IN_TIME);
    assert_int_equal(followup_status(d, d, NULL, NULL, NULL, "2026-03-11", NULL), FU_OVERDUE);
    assert_int_equal(followup_status(d, d, NULL, NULL, NULL, "2026-03-05", "2026-03-09"),
                     FU_NOT_DUE);
    assert_int_equal(followup_status(NULL, NULL, NULL, NULL, NULL, "2026-03-05", NULL), FU_ONGOING);
    /* done only once confirmed, and only as of the confirmation */
    assert_int_equal(followup_status(d, d, "2026-03-09", NULL, NULL, "2026-03-20", NULL),
                     FU_OVERDUE);
    assert_int_equal(followup_status(d, d, "2026-03-09", "2026-03-12", NULL, "2026-03-20", NULL),
                     FU_DONE_ON_TIME);
    assert_int_equal(followup_status(d, d, "2026-03-09", "2026-03-12", NULL, "2026-03-11", NULL),
                     FU_OVERDUE);
    assert_int_equal(followup_status(d, d, "2026-03-11", "2026-03-11", NULL, "2026-03-20", NULL),
                     FU_DONE_LATE);
    /* on time only thanks to an extension: shown apart */
    assert_int_equal(
        followup_status("2026-03-20", d, "2026-03-15", "2026-03-16", NULL, "2026-03-20", NULL),
        FU_DONE_EXTENDED);
    assert_int_equal(
        followup_status(NULL, NULL, "2026-03-15", "2026-03-16", NULL, "2026-03-20", NULL),
        FU_DONE_ON_TIME);
    /* cancellation wins from its day on */
    assert_int_equal(followup_status(d, d, NULL, NULL, "2026-03-04", "2026-03-05", NULL),
                     FU_CANCELLED);
    assert_int_equal(followup_status(d, d, NULL, NULL, "2026-03-06", "2026-03-05", NULL),
                     FU_IN_TIME);
    /* buckets and the VPCP rate */
    assert_int_equal(followup_bucket_mask("done_on_time"),
                     (1u << FU_DONE_ON_TIME) | (1u << FU_DONE_EXTENDED));
    assert_int_equal(followup_bucket_mask("nonsense"), 0);
    fu_count t = {0};
    t.n[FU_DONE_ON_TIME] = 14068;
    t.n[FU_DONE_LATE] = 1983;
    t.n[FU_IN_TIME] = 5640;
    t.n[FU_OVERDUE] = 223;
    assert_int_equal(followup_rate_permille(&t), 986); /* VPCP 2017: 98.6% */
    fu_count none = {0};
    assert_int_equal(followup_rate_permille(&none), -1);
}

/* The SQL function is the C function: every combination of a small grid agrees. */
static void status_sql_twin(void **state)
{
    struct fx *f = *state;
    const user *u = &f->users[P_OFFICE];
    fu_filter fl = {.from = "2026-01-01", .to = "2026-12-31", .by = "unit"};
    fu_count *rows, total;
    web_err e = {0};
    assert_true(followup_report(&f->c[P_OFFICE], &fl, &rows, &total, &e) >= 0); /* registers */
    (void)u;
    const char *dates[] = {NULL, "2026-03-01", "2026-03-05", "2026-03-10"};
    int n = 0;
    for (int a = 0; a < 4; a++)
        for (int b = 0; b < 4; b++)
            for (int cc = 0; cc < 4; cc++)
                for (int k = 0; k < 4; k++)
                    for (int h = 0; h < 2; h++) {
                        const char *horizon = h ? "2026-03-04" : NULL;
                        db_stmt *s = db_stmt_get(f->d, &q_sql_status);
                        db_bind_text(s, 1, dates[a]);
                        db_bind_text(s, 2, dates[a] ? dates[1] : NULL);
                        db_bind_text(s, 3, dates[b]);
                        db_bind_text(s, 4, dates[cc]);
                        db_bind_text(s, 5, dates[k]);
                        db_bind_text(s, 6, "2026-03-05");
                        db_bind_text(s, 7, horizon);
                        assert_int_equal(db_step(s), DB_ROW);
                        assert_int_equal(db_col_int(s, 0),
                                         followup_status(dates[a], dates[a] ? dates[1] : NULL,
                                                         dates[b], dates[cc], dates[k],
                                                         "2026-03-05", horizon));
                        db_reset(s);
                        n++;
                    }
    assert_int_equal(n, 512);
}

/* ---- assigning ---------------------------------------------------------------------- */

static int64_t assign(struct fx *f, int who, const char *due, int64_t lead, web_err *e)
{
    fu_item_in it = {.content = "Rà soát, bổ sung quy hoạch cán bộ",
                     .clause = "Mục 2",
                     .due = due,
                     .ongoing = due == NULL,
                     .lead_unit_id = lead};
    fu_batch_in in = {.source_title = "Thông báo kết luận số 12-TB/TU",
                      .items = &it,
                      .n_items = 1,
                      .assigned_on = "2026-02-02"};
    int64_t id = 0;
    return followup_create(&f->c[who], &in, &id, e) == 1 ? id : -1;
}

static void bad_input_saves_nothing(void **state)
{
    struct fx *f = *state;
    web_err e = {0};
    /* 2026-04-30 is Reunification Day: refused with the next working day offered */
    fu_item_in items[2] = {{.content = "Việc một", .due = "2026-03-16", .lead_unit_id = U_WARD},
                           {.content = "Việc hai", .due = "2026-04-30", .lead_unit_id = U_WARD}};
    fu_batch_in in = {.source_title = "TB kết luận", .items = items, .n_items = 2};
    int64_t ids[2];
    assert_int_equal(followup_create(&f->c[P_OFFICE], &in, ids, &e), -1);
    assert_string_equal(web_err_field(&e, "items.1.due") ? "items.1.due" : "", "items.1.due");
    assert_int_equal(in.suggestion_item, 1);
    assert_string_equal(in.suggestion, "2026-05-04");
    assert_int_equal(fx_value(f, &q_tasks), 0);
    /* a dissolved unit: refused, its successor named */
    char *err = NULL;
    assert_int_equal(
        db_exec_script(f->d,
                       "INSERT INTO units (id, parent_id, name, abbr, level, valid_from, valid_to, "
                       "created_at, updated_at) VALUES (9, 1, 'Quận ủy Bình Thủy', 'QU', 'HUYEN', "
                       "'2004-01-01', '2025-06-30', 'x', 'x'); INSERT INTO unit_successors "
                       "(unit_id, successor_id, kind, effective_date, created_at) VALUES (9, 4, "
                       "'transfer', '2025-07-01', 'x');",
                       &err),
        0);
    web_err e2 = {0};
    assert_int_equal(assign(f, P_OFFICE, "2026-03-16", 9, &e2), -1);
    const char *m = web_err_field(&e2, "items.0.lead");
    assert_non_null(m);
    assert_non_null(strstr(m, "Quận ủy Bình Thủy đã giải thể"));
    assert_non_null(strstr(m, "Đảng ủy phường Bình Thủy"));
    /* a unit account may not assign; a deadline before the assignment is refused */
    web_err e3 = {0};
    assert_int_equal(assign(f, P_UNIT, "2026-03-16", U_BTC, &e3), -1);
    assert_int_equal(e3.status, 403);
    web_err e4 = {0};
    assert_int_equal(assign(f, P_OFFICE, "2026-01-15", U_WARD, &e4), -1);
    assert_non_null(web_err_field(&e4, "items.0.due"));
    assert_int_equal(fx_value(f, &q_tasks), 0);
}

static void cycle_and_report(void **state)
{
    struct fx *f = *state;
    web_err e = {0};
    int64_t a = assign(f, P_OFFICE, "2026-03-16", U_WARD, &e); /* due in two weeks */
    int64_t b = assign(f, P_OFFICE, "2026-02-25", U_WARD, &e); /* overdue since */
    int64_t c = assign(f, P_OFFICE, NULL, U_BTC, &e);          /* thường xuyên */
    if (e.n)
        fail_msg("%s: %s", e.e[0].field ? e.e[0].field : "", e.e[0].message);
    assert_true(a > 0 && b > 0 && c > 0);
    assert_true(fx_value(f, &q_notes) >= 2); /* the ward's account was told */
    /* scope: the ward sees its tasks, not the Ban's; the Ban's specialist none of the ward's */
    assert_non_null(followup_get(&f->c[P_UNIT], a));
    assert_null(followup_get(&f->c[P_UNIT], c));
    assert_null(followup_get(&f->c[P_SPEC2], a));
    assert_non_null(followup_get(&f->c[P_SPEC2], c));
    /* progress: the lead unit only */
    web_err e1 = {0};
    assert_true(followup_progress(&f->c[P_UNIT], a, "Đã triển khai", NULL, &e1) > 0);
    web_err e2 = {0};
    assert_int_equal(followup_progress(&f->c[P_SPEC2], a, "x", NULL, &e2), -1);
    assert_int_equal(e2.status, 404);
    /* completion needs the reply; confirmation by the office, never by the unit */
    web_err e3 = {0};
    assert_int_equal(followup_complete(&f->c[P_UNIT], a, 0, NULL, NULL, NULL, &e3), -1);
    assert_non_null(web_err_field(&e3, "outgoing_id"));
    char sql[256];
    snprintf(sql, sizeof sql,
             "UPDATE followup_tasks SET completed_on = '2026-03-02', reported_by = 6, "
             "reported_at = 'x' WHERE id IN (%lld, %lld)",
             (long long)a, (long long)b);
    char *err = NULL;
    assert_int_equal(db_exec_script(f->d, sql, &err), 0);
    web_err e4 = {0};
    assert_int_equal(followup_confirm(&f->c[P_UNIT], a, &e4), -1);
    assert_int_equal(e4.status, 403);
    web_err e5 = {0};
    assert_int_equal(followup_confirm(&f->c[P_CLERK], a, &e5), 0);
    web_err e6 = {0};
    assert_int_equal(followup_confirm(&f->c[P_CLERK], b, &e6), 0);
    assert_int_equal(followup_get(&f->c[P_CLERK], a)->status, FU_DONE_ON_TIME);
    assert_int_equal(followup_get(&f->c[P_CLERK], b)->status, FU_DONE_LATE);

    /* the report by unit: the ward one on time, one late; the Ban one ongoing */
    fu_filter fl = {.from = "2026-01-01", .to = "2026-12-31", .by = "unit"};
    fu_count *rows, total;
    web_err e7 = {0};
    int n = followup_report(&f->c[P_OFFICE], &fl, &rows, &total, &e7);
    assert_int_equal(n, 2);
    assert_int_equal(total.n[FU_DONE_ON_TIME], 1);
    assert_int_equal(total.n[FU_DONE_LATE], 1);
    assert_int_equal(total.n[FU_ONGOING], 1);
    /* every count is the length of its list */
    for (int s = 0; s < FU_NSTATUS; s++) {
        fu_filter lf = fl;
        lf.mask = 1u << s;
        fu_task *list;
        int64_t tot;
        web_err e8 = {0};
        int k = followup_list(&f->c[P_OFFICE], &lf, &list, &tot, &e8);
        assert_int_equal(tot, total.n[s]);
        assert_int_equal(k, total.n[s]);
    }
    /* as of the day before the confirmation, nothing was done yet: the late one was overdue */
    fl.asof = "2026-03-01";
    web_err e9 = {0};
    followup_report(&f->c[P_OFFICE], &fl, &rows, &total, &e9);
    assert_int_equal(total.n[FU_DONE_LATE], 0);
    assert_int_equal(total.n[FU_OVERDUE], 1);
    assert_int_equal(total.n[FU_IN_TIME], 1);
    /* by leader and by month answer; a bad "by" is refused */
    fl.asof = NULL;
    fl.by = "month";
    web_err e10 = {0};
    assert_true(followup_report(&f->c[P_OFFICE], &fl, &rows, &total, &e10) >= 2);
    fl.by = "colour";
    web_err e11 = {0};
    assert_int_equal(followup_report(&f->c[P_OFFICE], &fl, &rows, &total, &e11), -1);
}

static void extensions_follow_the_rule(void **state)
{
    struct fx *f = *state;
    web_err e = {0};
    int64_t a = assign(f, P_OFFICE, "2026-03-16", U_WARD, &e);
    char sug[11];
    web_err e1 = {0};
    assert_int_equal(
        followup_extend_request(&f->c[P_UNIT], a, "2026-04-30", "Chờ số liệu", sug, &e1), -1);
    assert_string_equal(sug, "2026-05-04");
    web_err e2 = {0};
    int64_t x = followup_extend_request(&f->c[P_UNIT], a, "2026-03-27", "Chờ số liệu", sug, &e2);
    assert_true(x > 0);
    /* default rule: the Thường trực decides, not the Chánh Văn phòng */
    web_err e3 = {0};
    assert_int_equal(followup_extend_decide(&f->c[P_OFFICE], x, true, NULL, &e3), -1);
    assert_int_equal(e3.status, 403);
    char msg[256];
    assert_int_equal(rules_set(f->d, &f->users[P_ADMIN], "followup.extend_role", "office-leader",
                               "2026-01-01", "thử", msg, sizeof msg),
                     0);
    web_err e4 = {0};
    assert_int_equal(followup_extend_decide(&f->c[P_OFFICE], x, true, NULL, &e4), 0);
    const fu_task *t = followup_get(&f->c[P_OFFICE], a);
    assert_string_equal(t->due_date, "2026-03-27");
    assert_string_equal(t->original_due, "2026-03-16");
    web_err e5 = {0};
    assert_int_equal(followup_extend_decide(&f->c[P_OFFICE], x, true, NULL, &e5), -1);
    assert_int_equal(e5.status, 409);
}

/* Rule followup.ongoing_report_months: a thường xuyên task without a progress report for that
 * long is listed; a report takes it off. */
static void ongoing_periodic_reports(void **state)
{
    struct fx *f = *state;
    web_err e = {0};
    int64_t a = assign(f, P_OFFICE, NULL, U_WARD, &e); /* assigned 2026-02-02, ongoing */
    assert_true(a > 0);
    fu_task *rows;
    assert_int_equal(followup_ongoing_unreported(&f->c[P_OFFICE], 10, &rows), 0); /* rule 0 */
    char msg[256];
    assert_int_equal(rules_set(f->d, &f->users[P_ADMIN], "followup.ongoing_report_months", "1",
                               "2026-01-01", "thử", msg, sizeof msg),
                     0);
    assert_int_equal(followup_ongoing_unreported(&f->c[P_OFFICE], 10, &rows), 1);
    assert_int_equal(rows[0].id, a);
    web_err e1 = {0};
    assert_true(followup_progress(&f->c[P_UNIT], a, "Báo cáo tháng", NULL, &e1) > 0);
    assert_int_equal(followup_ongoing_unreported(&f->c[P_OFFICE], 10, &rows), 0);
}

static void reminders_once(void **state)
{
    struct fx *f = *state;
    web_err e = {0};
    /* FX_NOW is Monday 2026-03-02; three working days later is Thursday 03-05 */
    int64_t a = assign(f, P_OFFICE, "2026-03-05", U_WARD, &e);
    int64_t b = assign(f, P_OFFICE, "2026-03-02", U_WARD, &e);
    int64_t c = assign(f, P_OFFICE, "2026-03-16", U_WARD, &e);
    assert_true(a > 0 && b > 0 && c > 0);
    int64_t before = fx_value(f, &q_notes);
    assert_int_equal(followup_remind_sweep(f->d, "2026-03-02"), 2); /* a (before), b (on the day) */
    assert_int_equal(fx_value(f, &q_notes), before + 2);
    assert_int_equal(followup_remind_sweep(f->d, "2026-03-02"), 0); /* once each */
    assert_int_equal(followup_remind_sweep(f->d, "2026-03-03"), 1); /* b now overdue */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(status_rule),
        cmocka_unit_test_setup_teardown(status_sql_twin, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(bad_input_saves_nothing, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(cycle_and_report, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(extensions_follow_the_rule, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(ongoing_periodic_reports, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(reminders_once, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
