/* Tests for the ISO timestamps of base/clock.c: clock_iso written digit by digit and
 * clock_parse_iso's fast path for the stored form must answer exactly what strftime and
 * strptime + timegm answered (pages2 replaced them on every request's path). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>
#include <time.h>

#include "base/clock.h"

static void iso_like_strftime(void **state)
{
    (void)state;
    /* every hour of 1969..2101 (leap years, centuries, 2100 not leap) and odd seconds */
    for (int64_t t = -86400LL * 365; t < 4133894400LL; t += 3600 * 7 + 13) {
        char fast[32], ref[32];
        clock_iso(t, fast, sizeof fast);
        time_t tt = (time_t)t;
        struct tm tm;
        gmtime_r(&tt, &tm);
        strftime(ref, sizeof ref, "%Y-%m-%dT%H:%M:%SZ", &tm);
        assert_string_equal(fast, ref);
        assert_int_equal(clock_parse_iso(fast), t);
    }
}

static int64_t parse_ref(const char *s)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    const char *e = strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm);
    if (!e || *e)
        return -1;
    return (int64_t)timegm(&tm);
}

static void parse_like_strptime(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "2026-12-04T00:25:59Z",
        "2024-02-29T23:59:59Z",
        "2023-02-29T00:00:00Z",
        "2100-02-29T00:00:00Z",
        "2000-02-29T12:00:00Z",
        "2026-13-01T00:00:00Z",
        "2026-00-10T00:00:00Z",
        "2026-04-31T00:00:00Z",
        "2026-01-01T24:00:00Z",
        "2026-01-01T23:60:00Z",
        "2026-01-01T23:59:60Z",
        "2026-01-01 23:59:59Z",
        "2026-01-01T23:59:59",
        "2026-01-01T23:59:59Zx",
        "2026-1-01T23:59:59Z",
        "",
        "garbage",
        "1970-01-01T00:00:00Z",
        "0001-01-01T00:00:00Z",
        "9999-12-31T23:59:59Z",
        "2026-01-01T2a:00:00Z",
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t got = clock_parse_iso(cases[i]), want = parse_ref(cases[i]);
        if (got != want)
            fail_msg("%s: %lld, strptime %lld", cases[i], (long long)got, (long long)want);
    }
    assert_int_equal(clock_parse_iso(NULL), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(iso_like_strftime),
        cmocka_unit_test(parse_like_strptime),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
