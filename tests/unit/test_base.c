/* Tests for the base helpers' fast paths: the string buffer's direct path for plain
 * conversions (%s, %d, %lld, %zu, …) and html_printf's integers print exactly what snprintf
 * prints, every other format still goes through vsnprintf, short or long; dates are parsed
 * and turned around without atoi/snprintf. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "base/strbuf.h"

#define SAME(fmt, ...)                                                                             \
    do {                                                                                           \
        char want[512];                                                                            \
        snprintf(want, sizeof want, fmt, __VA_ARGS__);                                             \
        strbuf sb = STRBUF_INIT;                                                                   \
        sb_adds(&sb, "<");                                                                         \
        sb_printf(&sb, fmt, __VA_ARGS__);                                                          \
        assert_string_equal(sb_str(&sb) + 1, want);                                                \
        assert_int_equal(sb.len, strlen(want) + 1);                                                \
        sb_free(&sb);                                                                              \
    } while (0)

static void test_sb_printf_matches_snprintf(void **state)
{
    SAME("%d", 0);
    SAME("%d|%d|%d", INT_MIN, INT_MAX, -7);
    SAME("%i %u", -42, UINT_MAX);
    SAME("%ld %lu", LONG_MIN, ULONG_MAX);
    SAME("%lld,%llu", LLONG_MIN, ULLONG_MAX);
    SAME("%zu %zd", (size_t)123456789, (ssize_t)-5);
    SAME("%s%lld", ",", 1234567890123LL);
    SAME("[%s] 100%% %c!", "chữ Việt", 'x');
    SAME("%s", "");
    SAME("no conversions at all %s", "");
    /* Anything else is vsnprintf's: flags, width, precision, hex, floats. */
    SAME("%05d|%-4s|%.2f|%x|%lld", 42, "ab", 3.14159, 255u, -1LL);
    SAME("%.3s", "abcdef");
    SAME("%s %02d/%02d/%04d", "ngày", 1, 7, 2025);
}

static void test_sb_printf_long_output(void **state)
{
    char big[3000];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = 0;
    strbuf sb = STRBUF_INIT;
    for (int i = 0; i < 50; i++)
        sb_printf(&sb, "%s%lld", i ? "," : "[", (long long)i * 1000003);
    sb_printf(&sb, "]%.1f%s", 2.5, big); /* the vsnprintf path past the room there was */
    assert_int_equal(sb.len, strlen(sb_str(&sb)));
    assert_non_null(strstr(sb_str(&sb), ",49000147]2.5aaaa"));
    assert_int_equal(sb_str(&sb)[sb.len - 1], 'a');
    sb_free(&sb);
    arena *a = arena_new();
    assert_string_equal(arena_printf(a, "%s-%d", "x", 5), "x-5");
    const char *p = arena_printf(a, "%s|%s", big, big);
    assert_int_equal(strlen(p), 2 * strlen(big) + 1);
    arena_free(&a);
}

static void test_html_printf_integers_and_escaping(void **state)
{
    strbuf sb = STRBUF_INIT;
    html_printf(&sb, "<td>%s</td><td>%d %lld %zu %u %ld</td><td>%03d %x</td>", "a<b & \"c\"", -3,
                -9000000000LL, (size_t)7, 4000000000u, -12L, 7, 255u);
    assert_string_equal(sb_str(&sb), "<td>a&lt;b &amp; &quot;c&quot;</td>"
                                     "<td>-3 -9000000000 7 4000000000 -12</td><td>007 ff</td>");
    sb_free(&sb);
    html_escape(&sb, "Trích yếu <b>'x' & \"y\"</b> đủ>");
    html_escape(&sb, NULL);
    html_escape(&sb, "");
    html_escape(&sb, "&");
    assert_string_equal(sb_str(&sb), "Trích yếu &lt;b&gt;&#39;x&#39; &amp; &quot;y&quot;&lt;/b&gt; "
                                     "đủ&gt;&amp;");
    sb_free(&sb);
}

static void test_sb_add_ids(void **state)
{
    (void)state;
    strbuf sb = STRBUF_INIT;
    sb_add_ids(&sb, NULL, 0);
    assert_string_equal(sb_str(&sb), "[]");
    sb_reset(&sb);
    const int64_t ids[] = {3, 70, 9007199254740993};
    sb_add_ids(&sb, ids, 3);
    assert_string_equal(sb_str(&sb), "[3,70,9007199254740993]");
    sb_free(&sb);
}

/* Numbers and dates in the process language: 1.234 and dd/mm/yyyy in Vietnamese, 1,234 and
 * yyyy-mm-dd in English. */
static void test_locale_forms(void **state)
{
    char buf[32];
    i18n_init("en", NULL);
    assert_string_equal(i18n_number(1234567, buf, sizeof buf), "1,234,567");
    assert_string_equal(i18n_number(-1000, buf, sizeof buf), "-1,000");
    clock_date_vn("2026-12-03", buf, sizeof buf);
    assert_string_equal(buf, "2026-12-03");
    clock_vn_datetime(0, buf, sizeof buf);
    assert_string_equal(buf, "1970-01-01 07:00");
    i18n_init(NULL, NULL);
    assert_string_equal(i18n_number(1234567, buf, sizeof buf), "1.234.567");
    assert_string_equal(i18n_number(999, buf, sizeof buf), "999");
    assert_string_equal(i18n_number(INT64_MIN, buf, sizeof buf), "-9.223.372.036.854.775.808");
    clock_date_vn("2026-12-03", buf, sizeof buf);
    assert_string_equal(buf, "03/12/2026");
    clock_vn_datetime(0, buf, sizeof buf);
    assert_string_equal(buf, "01/01/1970 07:00");
}

static void test_dates(void **state)
{
    char buf[32];
    clock_date_vn("2025-07-01", buf, sizeof buf);
    assert_string_equal(buf, "01/07/2025");
    clock_date_vn("2024-02-29", buf, sizeof buf);
    assert_string_equal(buf, "29/02/2024");
    clock_date_vn("2023-02-29", buf, sizeof buf); /* not a date: shown as given */
    assert_string_equal(buf, "2023-02-29");
    clock_date_vn("2025-7-01", buf, sizeof buf);
    assert_string_equal(buf, "2025-7-01");
    clock_date_vn(NULL, buf, sizeof buf);
    assert_string_equal(buf, "");
    clock_date_vn("2025-12-31", buf, 6); /* a short buffer is cut, never overrun */
    assert_string_equal(buf, "31/12");
    int y, m, d;
    assert_int_equal(clock_parse_date("2200-12-31", &y, &m, &d), 0);
    assert_int_equal(y * 10000 + m * 100 + d, 22001231);
    assert_int_equal(clock_parse_date("1899-12-31", &y, &m, &d), -1);
    assert_int_equal(clock_parse_date("2025-13-01", &y, &m, &d), -1);
    assert_int_equal(clock_parse_date("2025-04-31", &y, &m, &d), -1);
    assert_int_equal(clock_parse_date("2025-04-3x", &y, &m, &d), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sb_printf_matches_snprintf),
        cmocka_unit_test(test_sb_printf_long_output),
        cmocka_unit_test(test_html_printf_integers_and_escaping),
        cmocka_unit_test(test_sb_add_ids),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_locale_forms),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
