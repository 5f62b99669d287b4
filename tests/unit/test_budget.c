/* The Party budget (budget.h): amounts typed on a page, an estimate's cycle (draft, submit,
 * approve, revise), bad input refused with nothing saved, spending against the estimate with
 * the over-estimate rule (warn, then refuse from a date), the settlement only after the year,
 * the report aggregated up the tree, and who may do what. */
#include "test_outgoing_fixture.h"

#include "budget/budget.h"
#include "rules/rules.h"

static const db_query q_nbud = {"t.nbud", "SELECT count(*) FROM budgets", NULL};
static const db_query q_nspend = {"t.nspend", "SELECT count(*) FROM budget_spending", NULL};
static const db_query q_naudit = {
    "t.naudit", "SELECT count(*) FROM audit_log WHERE action LIKE 'budget.%'", NULL};

static void test_parse_amount(void **state)
{
    (void)state;
    int64_t v = 0;
    assert_int_equal(budget_parse_amount("1500000", &v), 0);
    assert_int_equal(v, 1500000);
    assert_int_equal(budget_parse_amount("1.500.000", &v), 0);
    assert_int_equal(v, 1500000);
    assert_int_equal(budget_parse_amount("12 000", &v), 0);
    assert_int_equal(v, 12000);
    assert_int_equal(budget_parse_amount("0", &v), 0);
    assert_int_equal(v, 0);
    static const char *const bad[] = {
        "-5", "1,5", "1500.5", "1.50", "abc", "", "1e6", "1.5000", "99999999999999999999", NULL};
    for (int i = 0; bad[i]; i++)
        assert_int_equal(budget_parse_amount(bad[i], &v), -1);
}

static void ids_of(struct fx *f, int year, int64_t *l)
{
    budget_line *lines;
    int n = budget_lines_of_year(&f->c[P_CLERK], year, &lines);
    assert_true(n >= 12);
    for (int i = 0; i < 3; i++)
        l[i] = lines[i].id;
}

static void test_cycle(void **state)
{
    struct fx *f = *state;
    budget_init();
    web_err e = {0};
    int64_t l[3];
    ids_of(f, 2026, l);
    int64_t n0 = fx_value(f, &q_nbud), a0 = fx_value(f, &q_naudit);
    /* Bad input: a negative amount, a line not in the catalogue, a bad year; nothing saved. */
    int64_t ids[2] = {l[0], 99999}, am[2] = {1000, 2000};
    assert_int_equal(budget_create_estimate(&f->c[P_CLERK], U_VPTU, 2026, ids, am, 2, NULL, &e),
                     -1);
    assert_non_null(web_err_field(&e, "line_99999"));
    e = (web_err){0};
    int64_t neg[1] = {-1};
    assert_int_equal(budget_create_estimate(&f->c[P_CLERK], U_VPTU, 2026, l, neg, 1, NULL, &e), -1);
    assert_int_equal(e.status, 400);
    e = (web_err){0};
    assert_int_equal(budget_create_estimate(&f->c[P_CLERK], U_VPTU, 1990, l, am, 1, NULL, &e), -1);
    assert_int_equal(fx_value(f, &q_nbud), n0);
    assert_int_equal(fx_value(f, &q_naudit), a0);
    /* Who: the ward's unit account and the admin do not draft the city's budget. */
    e = (web_err){0};
    assert_int_equal(budget_create_estimate(&f->c[P_UNIT], U_VPTU, 2026, l, am, 1, NULL, &e), -1);
    assert_int_equal(e.status, 404);
    e = (web_err){0};
    assert_int_equal(budget_create_estimate(&f->c[P_ADMIN], U_VPTU, 2026, l, am, 1, NULL, &e), -1);
    assert_int_equal(e.status, 403);
    /* The cycle. */
    int64_t amounts[3] = {10000000, 5000000, 0};
    e = (web_err){0};
    int64_t id = budget_create_estimate(&f->c[P_SPEC], U_VPTU, 2026, l, amounts, 3, "Thử", &e);
    assert_true(id > 0);
    const budget *b = budget_get(&f->c[P_SPEC], id);
    assert_int_equal(b->total, 15000000);
    e = (web_err){0};
    assert_int_equal(budget_submit(&f->c[P_SPEC], id, &e), -1);
    assert_int_equal(e.status, 403);
    e = (web_err){0};
    assert_int_equal(budget_submit(&f->c[P_OFFICE], id, &e), 0);
    e = (web_err){0};
    assert_int_equal(budget_approve(&f->c[P_OFFICE], id, &e), -1);
    assert_int_equal(e.status, 403);
    e = (web_err){0};
    assert_int_equal(budget_approve(&f->c[P_WARD_LEADER], id, &e), -1);
    assert_int_equal(e.status, 404); /* the ward's leader does not see the city office */
    e = (web_err){0};
    assert_int_equal(budget_approve(&f->c[P_LEADER], id, &e), 0);
    /* Spending: outside the year, a line not in the catalogue, nothing saved. */
    int64_t s0 = fx_value(f, &q_nspend);
    budget_spend_in in = {.unit_id = U_VPTU,
                          .line_id = l[0],
                          .amount = 4000000,
                          .spent_on = "2026-02-10",
                          .voucher_no = "PC01"};
    budget_spend_in bad = in;
    bad.spent_on = "2026-05-01"; /* after today (2026-03-02) */
    e = (web_err){0};
    assert_int_equal(budget_spend_add(&f->c[P_SPEC], &bad, NULL, &e), -1);
    bad = in;
    bad.line_id = 99999;
    e = (web_err){0};
    assert_int_equal(budget_spend_add(&f->c[P_SPEC], &bad, NULL, &e), -1);
    bad = in;
    bad.spent_on = "2025-12-31"; /* no approved estimate for 2025 */
    e = (web_err){0};
    assert_int_equal(budget_spend_add(&f->c[P_SPEC], &bad, NULL, &e), -1);
    assert_int_equal(e.status, 422);
    bad = in;
    bad.amount = 0;
    e = (web_err){0};
    assert_int_equal(budget_spend_add(&f->c[P_SPEC], &bad, NULL, &e), -1);
    assert_int_equal(fx_value(f, &q_nspend), s0);
    /* Within the estimate: no warning; past it: a warning (default), then refused by rule. */
    const char *warn = "x";
    e = (web_err){0};
    assert_true(budget_spend_add(&f->c[P_SPEC], &in, &warn, &e) > 0);
    assert_null(warn);
    in.amount = 7000000;
    in.voucher_no = "PC02";
    e = (web_err){0};
    assert_true(budget_spend_add(&f->c[P_SPEC], &in, &warn, &e) > 0);
    assert_non_null(warn);
    assert_non_null(strstr(warn, "vượt dự toán"));
    char err[256];
    assert_int_equal(
        rules_set(f->d, NULL, "budget.overspend", "refuse", "2026-01-01", "Thử", err, sizeof err),
        0);
    in.voucher_no = "PC03";
    e = (web_err){0};
    assert_int_equal(budget_spend_add(&f->c[P_SPEC], &in, &warn, &e), -1);
    assert_int_equal(e.status, 422);
    assert_int_equal(fx_value(f, &q_nspend), s0 + 2);
    /* The report: the office's figures, and the committee's tree adds them up. */
    budget_report r;
    e = (web_err){0};
    assert_int_equal(budget_report_build(&f->c[P_LEADER], 2026, U_TU, &r, &e), 0);
    assert_int_equal(r.total.estimate, 15000000);
    assert_int_equal(r.total.spent, 11000000);
    assert_int_equal(r.units[0].unit_id, U_TU);
    assert_int_equal(r.units[0].tree.spent, 11000000);
    assert_int_equal(r.units[0].own.spent, 0);
    e = (web_err){0};
    assert_int_equal(budget_report_build(&f->c[P_UNIT], 2026, U_TU, &r, &e), -1);
    assert_int_equal(e.status, 404);
    /* Revision: the old version stays in force until the new one is approved. */
    e = (web_err){0};
    int64_t v2 = budget_revise(&f->c[P_CLERK], id, &e);
    assert_true(v2 > 0);
    e = (web_err){0};
    assert_int_equal(budget_revise(&f->c[P_CLERK], id, &e), -1);
    assert_int_equal(e.status, 409);
    assert_string_equal(budget_get(&f->c[P_CLERK], id)->status, "DA_DUYET");
    e = (web_err){0};
    assert_int_equal(budget_submit(&f->c[P_OFFICE], v2, &e), 0);
    assert_int_equal(budget_approve(&f->c[P_LEADER], v2, &e), 0);
    assert_string_equal(budget_get(&f->c[P_CLERK], id)->status, "HET_HIEU_LUC");
    assert_int_equal(budget_get(&f->c[P_CLERK], v2)->version, 2);
    /* Settlement: not before the year has ended. */
    e = (web_err){0};
    assert_int_equal(budget_settle(&f->c[P_CLERK], U_VPTU, 2026, &e), -1);
    assert_int_equal(e.status, 422);
    assert_true(fx_value(f, &q_naudit) >= a0 + 8);
}

static void test_settle_last_year(void **state)
{
    struct fx *f = *state;
    budget_init();
    int64_t l[3];
    ids_of(f, 2025, l);
    int64_t am[2] = {3000000, 1000000};
    web_err e = {0};
    /* The ward's clerk keeps the ward's books; its committee account submits. */
    int64_t id = budget_create_estimate(&f->c[P_WARD_CLERK], U_WARD, 2025, l, am, 2, NULL, &e);
    assert_true(id > 0);
    e = (web_err){0};
    assert_int_equal(budget_submit(&f->c[P_UNIT], id, &e), 0);
    assert_int_equal(budget_approve(&f->c[P_WARD_LEADER], id, &e), 0);
    /* The settlement needs an approved estimate: Ban Tổ chức has none. */
    e = (web_err){0};
    assert_int_equal(budget_settle(&f->c[P_CLERK], U_BTC, 2025, &e), -1);
    assert_int_equal(e.status, 422);
    /* No spending recorded in a clock before today: record directly in 2025 (past). */
    budget_spend_in in = {.unit_id = U_WARD,
                          .line_id = l[1],
                          .amount = 800000,
                          .spent_on = "2025-11-20",
                          .voucher_no = "BT01"};
    e = (web_err){0};
    assert_true(budget_spend_add(&f->c[P_WARD_CLERK], &in, NULL, &e) > 0);
    e = (web_err){0};
    int64_t s = budget_settle(&f->c[P_WARD_CLERK], U_WARD, 2025, &e);
    assert_true(s > 0);
    const budget *b = budget_get(&f->c[P_WARD_CLERK], s);
    assert_string_equal(b->kind, "QUYET_TOAN");
    assert_int_equal(b->total, 800000);
    e = (web_err){0};
    assert_int_equal(budget_settle(&f->c[P_WARD_CLERK], U_WARD, 2025, &e), -1);
    assert_int_equal(e.status, 409);
    /* A settlement is not edited by hand. */
    int64_t one[1] = {5};
    e = (web_err){0};
    assert_int_equal(budget_set_amounts(&f->c[P_WARD_CLERK], s, l, one, 1, &e), -1);
    assert_int_equal(e.status, 409);
    /* The calendar from its rule keys: estimate due the year before, settlement the year after. */
    const char *est, *set;
    budget_calendar(&f->c[P_CLERK], 2026, &est, &set);
    assert_string_equal(est, "2025-07-20");
    assert_string_equal(set, "2027-10-01");
}

/* The running totals the report reads (046) follow every insert, update and delete of an
 * entry, in the same statement: compared with the sums of the entries themselves. */
static const db_query q_totals_off = {
    "t.totals_off",
    "SELECT count(*) FROM (SELECT year, unit_id, line_id, sum(amount) AS a FROM budget_spending "
    "GROUP BY 1, 2, 3) s FULL JOIN budget_spend_totals t USING (year, unit_id, line_id) WHERE "
    "coalesce(s.a, 0) <> coalesce(t.amount, 0)",
    NULL};
static const db_query q_total_of = {
    "t.total_of",
    "SELECT coalesce(sum(amount), -1) FROM budget_spend_totals WHERE year = 2031 AND unit_id = 2",
    NULL};

static int64_t one(db *d, const db_query *q)
{
    db_stmt *s = db_stmt_get(d, q);
    assert_non_null(s);
    int64_t v = db_step(s) == DB_ROW ? db_col_int(s, 0) : -99;
    db_reset(s);
    return v;
}

static void test_spend_totals(void **state)
{
    struct fx *f = *state;
    char *err = NULL;
    int rc = db_exec_script(
        f->d,
        "INSERT INTO budget_spending (unit_id, year, spent_on, line_id, amount, voucher_no, "
        "created_at) VALUES (2, 2031, '2031-01-05', 1, 100, 'A', 'x'), (2, 2031, '2031-02-05', 1, "
        "250, 'B', 'x'), (2, 2031, '2031-02-06', 2, 40, 'C', 'x'), (3, 2031, '2031-03-01', 1, 7, "
        "'D', 'x');"
        "UPDATE budget_spending SET amount = 300 WHERE voucher_no = 'B';"
        "UPDATE budget_spending SET line_id = 3 WHERE voucher_no = 'C';"
        "DELETE FROM budget_spending WHERE voucher_no = 'A';",
        &err);
    assert_int_equal(rc, 0);
    free(err);
    assert_int_equal(one(f->d, &q_totals_off), 0);
    assert_int_equal(one(f->d, &q_total_of), 340);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_amount),
        cmocka_unit_test_setup_teardown(test_cycle, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_settle_last_year, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_spend_totals, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
