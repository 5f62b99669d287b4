/* The working-day calendar: weekends by the pattern in force, holidays and compensatory days,
 * a weekend day worked in a swap, adding working days across Tết, counting between dates. */
#include "test_outgoing_fixture.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_weekday_arithmetic),
        cmocka_unit_test_setup_teardown(test_calendar, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
