/* The working-day calendar: weekends by the pattern in force, holidays and compensatory days,
 * a weekend day worked in a swap, adding working days across Tết, counting between dates. */
#include "test_outgoing_fixture.h"

#include "rules/rules.h"
#include "workdays/workdays.h"

static void test_weekday_arithmetic(void **state)
{
    (void)state;
    assert_int_equal(workdays_iso_weekday("2026-12-03"), 4); /* Thursday */
    assert_int_equal(workdays_iso_weekday("1970-01-01"), 4);
    assert_int_equal(workdays_iso_weekday("2027-02-06"), 6);
    assert_int_equal(workdays_iso_weekday("2026-02-30"), 0);
    char out[11];
    assert_int_equal(workdays_date_add("2026-12-31", 1, out), 0);
    assert_string_equal(out, "2027-01-01");
    assert_int_equal(workdays_date_add("2024-03-01", -1, out), 0);
    assert_string_equal(out, "2024-02-29");
    assert_int_equal(workdays_date_add("nonsense", 1, out), -1);
}

static void test_calendar(void **state)
{
    struct fx *f = *state;
    db *d = f->d;
    char out[11], why[WORKDAY_MAX_NAME + 1];
    assert_true(workdays_is_working(d, "2026-12-03"));
    assert_false(workdays_is_working(d, "2026-12-05")); /* Saturday */
    assert_false(workdays_is_working(d, "2026-09-02")); /* Quốc khánh */
    assert_string_equal(workdays_reason(d, "2026-09-02", why, sizeof why), "Quốc khánh");
    assert_string_equal(workdays_reason(d, "2026-12-06", why, sizeof why), "Chủ nhật");
    assert_null(workdays_reason(d, "2026-12-03", why, sizeof why));
    /* A Saturday worked in a swap is a working day; the Friday it pays for is not. */
    assert_true(workdays_is_working(d, "2025-04-26"));
    assert_false(workdays_is_working(d, "2025-05-02"));
    /* Six-day week before 2/10/1999: Saturday worked. */
    assert_true(workdays_is_working(d, "1999-09-25"));
    /* The next working day after Tết Bính Ngọ. */
    assert_int_equal(workdays_next(d, "2026-02-14", out), 0);
    assert_string_equal(out, "2026-02-23");
    assert_int_equal(workdays_next(d, "2026-12-03", out), 0);
    assert_string_equal(out, "2026-12-03");
    /* 3 working days before 2026-02-25 (Wednesday) skip Tết: 24, 23, then 13 February. */
    assert_int_equal(workdays_add(d, "2026-02-25", -3, out), 0);
    assert_string_equal(out, "2026-02-13");
    /* 5 working days after Friday 2026-04-24: 28, 29 April, 4, 5, 6 May. */
    assert_int_equal(workdays_add(d, "2026-04-24", 5, out), 0);
    assert_string_equal(out, "2026-05-06");
    assert_int_equal(workdays_between(d, "2026-04-24", "2026-05-06"), 5);
    assert_int_equal(workdays_between(d, "2026-05-06", "2026-04-24"), 0);
    assert_int_equal(workdays_between(d, "x", "2026-04-24"), -1);
    assert_false(workdays_is_working(d, "2026-13-01"));
}

static const rule_def lead = {
    "test.lead_days", RULE_INT, "3", 0, 30, NULL, "Gửi giấy mời trước (ngày làm việc)", "mặc định"};

/* A rule value: the default until a row says otherwise, then the row from its date on; the
 * date before keeps the old value; a value outside the bounds is refused and nothing changes. */
static void test_rules(void **state)
{
    struct fx *f = *state;
    char err[200], buf[256];
    rules_declare(&lead);
    assert_int_equal(rules_int(f->d, "test.lead_days", "2026-01-01"), 3);
    assert_int_equal(rules_set(f->d, &f->users[P_ADMIN], "test.lead_days", "5", "2026-06-01",
                               "QĐ thử", err, sizeof err),
                     0);
    assert_int_equal(rules_int(f->d, "test.lead_days", "2026-05-31"), 3);
    assert_int_equal(rules_int(f->d, "test.lead_days", "2026-06-01"), 5);
    assert_int_equal(rules_set(f->d, &f->users[P_ADMIN], "test.lead_days", "4", "2026-09-01", NULL,
                               err, sizeof err),
                     0);
    assert_int_equal(rules_int(f->d, "test.lead_days", "2026-08-31"), 5);
    assert_int_equal(rules_int(f->d, "test.lead_days", "2027-01-01"), 4);
    assert_int_equal(rules_set(f->d, &f->users[P_ADMIN], "test.lead_days", "99", "2026-10-01", NULL,
                               err, sizeof err),
                     -1);
    assert_string_equal(err, "Nhập một số nguyên từ 0 đến 30.");
    assert_string_equal(rules_text(f->d, "test.lead_days", "2026-10-02", buf, sizeof buf), "4");
    assert_null(rules_text(f->d, "test.unknown", NULL, buf, sizeof buf));
}

static const db_query q_audits = {
    "test.workday_audits",
    "SELECT count(*) FROM audit_log WHERE action LIKE 'workday.%'",
    NULL,
};

/* A new year seeded: the solar holidays, the day adjacent to 2/9 joined to the weekend, and a
 * compensatory day for each holiday on a weekly day off — on the next WORKING day, so 30/4 on a
 * Sunday is paid on 2/5 (1/5 being a holiday itself). Unverified; once, by the administrator. */
static void test_seed_year(void **state)
{
    struct fx *f = *state;
    web_err e;
    ctx *admin = &f->c[P_ADMIN];
    assert_int_equal(workdays_seed_year(&f->c[P_OFFICE], 2028, &e), -1);
    assert_int_equal(e.status, 403);
    assert_true(workdays_is_working(f->d, "2028-01-03")); /* nothing written */
    /* 2028: 1/1 Saturday, 30/4 Sunday, 1/5 Monday, 2/9 Saturday. */
    assert_int_equal(workdays_iso_weekday("2028-01-01"), 6);
    assert_int_equal(workdays_iso_weekday("2028-04-30"), 7);
    assert_int_equal(workdays_iso_weekday("2028-09-02"), 6);
    assert_int_equal(workdays_seed_year(admin, 2028, &e), 8);
    workday_row *rows;
    int n = workdays_list(admin, "2028-01-01", "2028-12-31", &rows);
    assert_int_equal(n, 8);
    const char *want[][2] = {{"2028-01-01", "holiday"}, {"2028-01-03", "off"},
                             {"2028-04-30", "holiday"}, {"2028-05-01", "holiday"},
                             {"2028-05-02", "off"},     {"2028-09-01", "holiday"},
                             {"2028-09-02", "holiday"}, {"2028-09-04", "off"}};
    for (int i = 0; i < n; i++) {
        assert_string_equal(rows[i].day, want[i][0]);
        assert_string_equal(rows[i].kind, want[i][1]);
        assert_false(rows[i].verified);
    }
    assert_string_equal(rows[1].name, "Nghỉ bù Tết Dương lịch (trùng ngày nghỉ hằng tuần)");
    assert_false(workdays_is_working(f->d, "2028-05-02"));
    char out[11];
    assert_int_equal(workdays_next(f->d, "2028-04-29", out), 0);
    assert_string_equal(out, "2028-05-03");
    /* A year with rows is not seeded again: 409, nothing added. */
    assert_int_equal(workdays_seed_year(admin, 2028, &e), -1);
    assert_int_equal(e.status, 409);
    assert_int_equal(workdays_list(admin, "2028-01-01", "2028-12-31", &rows), 8);
    assert_int_equal(workdays_seed_year(admin, 2100, &e), -1);
    assert_int_equal(e.status, 400);
    assert_int_equal(fx_value(f, &q_audits), 1);
}

/* Setting and removing a day: the administrator only; every field checked before anything is
 * written; a swap (a Saturday worked, a Friday off) moves the count of working days. */
static void test_set_clear_swap(void **state)
{
    struct fx *f = *state;
    web_err e;
    ctx *admin = &f->c[P_ADMIN];
    workday_row off = {.day = "2026-12-11",
                       .kind = "off",
                       .name = "Nghỉ hoán đổi (làm bù thứ Bảy "
                               "12/12/2026)",
                       .source = "Thông báo thử",
                       .verified = true};
    assert_int_equal(workdays_set(&f->c[P_CLERK], &off, &e), -1);
    assert_int_equal(e.status, 403);
    assert_int_equal(workdays_set(&f->c[P_OFFICE], &off, &e), -1);
    assert_int_equal(e.status, 403);
    assert_true(workdays_is_working(f->d, "2026-12-11"));
    /* bad input: the field named, nothing written */
    workday_row bad = {.day = "2026-12-32", .kind = "feast", .name = "  "};
    assert_int_equal(workdays_set(admin, &bad, &e), -1);
    assert_int_equal(e.status, 400);
    assert_non_null(web_err_field(&e, "date"));
    assert_non_null(web_err_field(&e, "kind"));
    assert_string_equal(web_err_field(&e, "name"), "Hãy ghi tên ngày (ví dụ: Quốc khánh).");
    workday_row weekday_work = {.day = "2026-12-10", .kind = "work", .name = "Làm bù"};
    assert_int_equal(workdays_set(admin, &weekday_work, &e), -1);
    assert_non_null(web_err_field(&e, "kind"));
    assert_int_equal(fx_value(f, &q_audits), 0);
    /* the swap */
    workday_row work = {
        .day = "2026-12-12", .kind = "work", .name = "Làm bù cho thứ Sáu 11/12/2026"};
    assert_int_equal(workdays_set(admin, &off, &e), 0);
    assert_int_equal(workdays_set(admin, &work, &e), 0);
    assert_false(workdays_is_working(f->d, "2026-12-11"));
    assert_true(workdays_is_working(f->d, "2026-12-12"));
    char out[11], why[WORKDAY_MAX_NAME + 1];
    assert_int_equal(workdays_add(f->d, "2026-12-10", 1, out), 0);
    assert_string_equal(out, "2026-12-12");
    assert_int_equal(workdays_between(f->d, "2026-12-09", "2026-12-14"), 3); /* 10, 12, 14 */
    assert_string_equal(workdays_reason(f->d, "2026-12-11", why, sizeof why),
                        "Nghỉ hoán đổi (làm bù thứ Bảy 12/12/2026)");
    /* setting a date again replaces its row */
    off.name = "Nghỉ hoán đổi";
    assert_int_equal(workdays_set(admin, &off, &e), 0);
    workday_row *rows;
    assert_int_equal(workdays_list(admin, "2026-12-11", "2026-12-11", &rows), 1);
    assert_string_equal(rows[0].name, "Nghỉ hoán đổi");
    assert_true(rows[0].verified);
    /* removing */
    assert_int_equal(workdays_clear(&f->c[P_LEADER], "2026-12-11", &e), -1);
    assert_int_equal(e.status, 403);
    assert_int_equal(workdays_clear(admin, "2026-12-11", &e), 0);
    assert_true(workdays_is_working(f->d, "2026-12-11"));
    assert_int_equal(workdays_clear(admin, "2026-12-11", &e), -1);
    assert_int_equal(e.status, 404);
    assert_int_equal(fx_value(f, &q_audits), 4);
}

/* A deadline on a day off: the message names the day and why, and offers the next working
 * day; a working day passes. */
static void test_refuse(void **state)
{
    struct fx *f = *state;
    char msg[600], next[11];
    assert_true(workdays_refuse(f->d, "2026-09-02", msg, sizeof msg, next));
    assert_string_equal(next, "2026-09-03");
    assert_string_equal(msg, "Ngày 02/09/2026 là ngày nghỉ (Quốc khánh). Hãy chọn một ngày làm "
                             "việc: ngày làm việc kế tiếp là 03/09/2026.");
    assert_true(workdays_refuse(f->d, "2026-12-05", msg, sizeof msg, next));
    assert_string_equal(next, "2026-12-07");
    assert_false(workdays_refuse(f->d, "2026-12-04", msg, sizeof msg, next));
    assert_false(workdays_refuse(f->d, "2026-02-30", msg, sizeof msg, next));
}

/* A rule's dated history, latest first; only the administrator sets; the key declared at
 * start-up (workdays_init) is there with its default. */
static void test_rule_history(void **state)
{
    struct fx *f = *state;
    char err[200];
    rules_declare(&lead);
    assert_non_null(rules_def("incoming.route_working_days"));
    assert_int_equal(rules_int(f->d, "incoming.route_working_days", NULL), 1);
    assert_int_equal(rules_set(f->d, &f->users[P_OFFICE], "test.lead_days", "5", "2026-06-01", NULL,
                               err, sizeof err),
                     -1);
    assert_string_equal(err, "Chỉ quản trị hệ thống mới đặt được tham số nghiệp vụ.");
    assert_int_equal(rules_set(f->d, &f->users[P_ADMIN], "test.lead_days", "5", "2026-06-01",
                               "QĐ 1", err, sizeof err),
                     0);
    assert_int_equal(rules_set(f->d, &f->users[P_ADMIN], "test.lead_days", "7", "2027-01-01",
                               "QĐ 2", err, sizeof err),
                     0);
    rule_value_row *h;
    assert_int_equal(rules_history(f->d, f->a, "test.lead_days", &h), 2);
    assert_string_equal(h[0].value, "7");
    assert_string_equal(h[0].effective_from, "2027-01-01");
    assert_string_equal(h[0].effective_to, "");
    assert_string_equal(h[1].value, "5");
    assert_string_equal(h[1].effective_to, "2026-12-31");
    assert_string_equal(h[1].source, "QĐ 1");
    /* a value set from a future date leaves today's (2026-03-02) alone */
    assert_int_equal(rules_int(f->d, "test.lead_days", NULL), 3);
    assert_int_equal(rules_int(f->d, "test.lead_days", "2027-01-01"), 7);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_weekday_arithmetic),
        cmocka_unit_test_setup_teardown(test_calendar, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_rules, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_seed_year, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_set_clear_swap, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_refuse, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_rule_history, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
