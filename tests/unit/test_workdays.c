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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_weekday_arithmetic),
        cmocka_unit_test_setup_teardown(test_calendar, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_rules, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
