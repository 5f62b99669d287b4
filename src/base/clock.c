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

void clock_iso(int64_t t, char *buf, size_t n)
{
    struct tm tm;
    to_tm(t, &tm);
    strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
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

int64_t clock_parse_iso(const char *s)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    if (!s)
        return -1;
    const char *e = strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm);
    if (!e || *e)
        return -1;
    return (int64_t)timegm(&tm);
}
