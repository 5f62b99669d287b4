#include "base/clock.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/i18n.h"

/* Set by one thread (import, demo) while others may read it (import's reader thread). */
static _Atomic int64_t fake_now;

void clock_set_fake(int64_t now)
{
    atomic_store_explicit(&fake_now, now, memory_order_relaxed);
}

/* VANPHONG_FAKE_NOW (with VANPHONG_TEST=1), read once: server threads and job workers ask for
 * the time at once from the start. */
static int64_t env_now;
static pthread_once_t env_once = PTHREAD_ONCE_INIT;

static void env_read(void)
{
    const char *t = getenv("VANPHONG_TEST"), *n = getenv("VANPHONG_FAKE_NOW");
    if (t && strcmp(t, "1") == 0 && n)
        env_now = strtoll(n, NULL, 10);
}

int64_t clock_now(void)
{
    int64_t fake = atomic_load_explicit(&fake_now, memory_order_relaxed);
    if (fake)
        return fake;
    pthread_once(&env_once, env_read);
    if (env_now)
        return env_now;
    return (int64_t)time(NULL);
}

int64_t clock_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void to_tm(int64_t t, struct tm *tm)
{
    time_t tt = (time_t)t;
    gmtime_r(&tt, tm);
}

static void put2(char *p, int v)
{
    p[0] = (char)('0' + v / 10);
    p[1] = (char)('0' + v % 10);
}

/* Written digit by digit: every request asks for it (the session's idle and expiry checks), and
 * strftime was a visible share of a memoised page (docs/perf/pages.md, pages2). Years outside
 * 0..9999 go through strftime as before. */
void clock_iso(int64_t t, char *buf, size_t n)
{
    struct tm tm;
    to_tm(t, &tm);
    int y = tm.tm_year + 1900;
    if (n < 21 || y < 0 || y > 9999) {
        strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
        return;
    }
    put2(buf, y / 100);
    put2(buf + 2, y % 100);
    buf[4] = '-';
    put2(buf + 5, tm.tm_mon + 1);
    buf[7] = '-';
    put2(buf + 8, tm.tm_mday);
    buf[10] = 'T';
    put2(buf + 11, tm.tm_hour);
    buf[13] = ':';
    put2(buf + 14, tm.tm_min);
    buf[16] = ':';
    put2(buf + 17, tm.tm_sec);
    buf[19] = 'Z';
    buf[20] = 0;
}

/* Dates as the reader's language writes them. Vietnamese: dd/mm/yyyy, as on every Vietnamese
 * document. English: ISO 8601 yyyy-mm-dd, because "03/12/2026" reads as 3 December in Britain
 * and as March 12 in the United States, while 2026-12-03 reads one way everywhere; it also keeps
 * the width of dd/mm/yyyy (the registers' printed columns and every caller's buffer stay as
 * they are) and needs no month names. */
static bool english(void)
{
    return strcmp(i18n_lang(), "en") == 0;
}

void clock_vn_date(int64_t t, char *buf, size_t n)
{
    struct tm tm;
    to_tm(t + VN_UTC_OFFSET, &tm);
    strftime(buf, n, english() ? "%Y-%m-%d" : "%d/%m/%Y", &tm);
}

void clock_vn_datetime(int64_t t, char *buf, size_t n)
{
    struct tm tm;
    to_tm(t + VN_UTC_OFFSET, &tm);
    strftime(buf, n, english() ? "%Y-%m-%d %H:%M" : "%d/%m/%Y %H:%M", &tm);
}

void clock_vn_today(char *buf, size_t n)
{
    struct tm tm;
    to_tm(clock_now() + VN_UTC_OFFSET, &tm);
    strftime(buf, n, "%Y-%m-%d", &tm);
}

int clock_parse_date(const char *s, int *y, int *m, int *d)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return -1;
    /* The digits were just checked: no atoi (a register page parses a hundred dates). */
    int yy = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int mm = (s[5] - '0') * 10 + (s[6] - '0'), dd = (s[8] - '0') * 10 + (s[9] - '0');
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (yy < 1900 || yy > 2200 || mm < 1 || mm > 12 || dd < 1)
        return -1;
    int leap = (yy % 4 == 0 && yy % 100 != 0) || yy % 400 == 0;
    int lim = mdays[mm - 1] + (mm == 2 && leap);
    if (dd > lim)
        return -1;
    *y = yy, *m = mm, *d = dd;
    return 0;
}

void clock_date_vn(const char *iso, char *buf, size_t n)
{
    int y, m, d;
    if (iso && english() && clock_parse_date(iso, &y, &m, &d) == 0)
        snprintf(buf, n, "%04d-%02d-%02d", y, m, d);
    else if (iso && clock_parse_date(iso, &y, &m, &d) == 0 && n >= 11) {
        /* "YYYY-MM-DD" → "DD/MM/YYYY": the same digits, moved (y is 1900..2200). */
        memcpy(buf, iso + 8, 2);
        buf[2] = '/';
        memcpy(buf + 3, iso + 5, 2);
        buf[5] = '/';
        memcpy(buf + 6, iso, 4);
        buf[10] = 0;
    } else if (iso && clock_parse_date(iso, &y, &m, &d) == 0)
        snprintf(buf, n, "%02d/%02d/%04d", d, m, y);
    else
        snprintf(buf, n, "%s", iso ? iso : "");
}

/* Days from 1970-01-01 to y-m-d of the proleptic Gregorian calendar (H. Hinnant's
 * days_from_civil). */
int64_t clock_days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int dig2(const char *p)
{
    if (p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9')
        return -1;
    return (p[0] - '0') * 10 + (p[1] - '0');
}

/* The stored form exactly (20 bytes, every field in its range) without strptime and timegm,
 * which every request paid for the session's last-seen time; anything else, -2 (ask strptime,
 * which alone decides what else is accepted). */
static int64_t parse_iso_fast(const char *s)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (strlen(s) != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' ||
        s[16] != ':' || s[19] != 'Z')
        return -2;
    int yh = dig2(s), yl = dig2(s + 2), mo = dig2(s + 5), d = dig2(s + 8), h = dig2(s + 11),
        mi = dig2(s + 14), se = dig2(s + 17);
    if (yh < 0 || yl < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 ||
        se < 0 || se > 59)
        return -2;
    int y = yh * 100 + yl;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (d > mdays[mo - 1] + (mo == 2 && leap))
        return -2;
    return clock_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
}

int64_t clock_parse_iso(const char *s)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    if (!s)
        return -1;
    int64_t fast = parse_iso_fast(s);
    if (fast != -2)
        return fast;
    const char *e = strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm);
    if (!e || *e)
        return -1;
    return (int64_t)timegm(&tm);
}
