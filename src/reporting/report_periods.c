/* Periods of the reporting regime and their dates (reporting.h): ND 09/2019 Art. 12 data
 * windows, due dates by the type's rule on the working-day calendar. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/i18n.h"
#include "reporting/reporting.h"
#include "workdays/workdays.h"

static void ymd(char out[11], int y, int m, int d)
{
    while (m < 1) {
        m += 12;
        y--;
    }
    unsigned yy = (unsigned)y % 10000u, mm = (unsigned)m % 100u, dd = (unsigned)d % 100u;
    snprintf(out, 11, "%04u-%02u-%02u", yy, mm, dd);
}

static bool digits(const char *s, int n)
{
    for (int i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

int rep_period_parse(const char *key, int cutoff_day, rep_period *p)
{
    memset(p, 0, sizeof *p);
    if (!key || strlen(key) < 4 || strlen(key) > 10 || !digits(key, 4) || cutoff_day < 1 ||
        cutoff_day > 28)
        return -1;
    int y = atoi(key), first = 0; /* first: the period's first month */
    if (y < 2000 || y > 2099)
        return -1;
    const char *r = key + 4;
    if (!*r) {
        snprintf(p->cycle, sizeof p->cycle, "year");
        first = 1, p->last_month = 12;
    } else if (*r != '-')
        return -1;
    else if (strlen(r) == 3 && digits(r + 1, 2)) {
        int m = atoi(r + 1);
        if (m < 1 || m > 12)
            return -1;
        snprintf(p->cycle, sizeof p->cycle, "month");
        first = p->last_month = m;
    } else if (r[1] == 'Q' && r[2] >= '1' && r[2] <= '4' && !r[3]) {
        snprintf(p->cycle, sizeof p->cycle, "quarter");
        p->last_month = (r[2] - '0') * 3;
        first = p->last_month - 2;
    } else if (strcmp(r, "-H1") == 0) {
        snprintf(p->cycle, sizeof p->cycle, "half");
        first = 1, p->last_month = 6;
    } else if (strcmp(r, "-N9") == 0) {
        snprintf(p->cycle, sizeof p->cycle, "nine");
        first = 1, p->last_month = 9;
    } else if ((strncmp(r, "-CD", 3) == 0 || strncmp(r, "-DX", 3) == 0) && strlen(r) <= 6 &&
               strlen(r) > 3 && digits(r + 3, (int)strlen(r) - 3)) {
        snprintf(p->cycle, sizeof p->cycle, "%s", r[1] == 'C' ? "thematic" : "adhoc");
        first = 1, p->last_month = 12; /* the requester sets the dates when opening it */
    } else
        return -1;
    snprintf(p->key, sizeof p->key, "%s", key);
    p->year = y;
    ymd(p->data_from, y, first - 1, cutoff_day + 1);
    ymd(p->cutoff, y, p->last_month, cutoff_day);
    return 0;
}

static const char *const roman[] = {"", "I", "II", "III", "IV"};

const char *rep_period_label(arena *a, const char *key)
{
    rep_period p;
    if (rep_period_parse(key, 14, &p) != 0)
        return arena_strdup(a, key ? key : "");
    if (strcmp(p.cycle, "year") == 0)
        return arena_printf(a, _("Năm %d"), p.year);
    if (strcmp(p.cycle, "month") == 0)
        return arena_printf(a, _("Tháng %d/%d"), p.last_month, p.year);
    if (strcmp(p.cycle, "quarter") == 0)
        return arena_printf(a, _("Quý %s/%d"), roman[p.last_month / 3], p.year);
    if (strcmp(p.cycle, "half") == 0)
        return arena_printf(a, _("6 tháng đầu năm %d"), p.year);
    if (strcmp(p.cycle, "nine") == 0)
        return arena_printf(a, _("9 tháng năm %d"), p.year);
    if (strcmp(p.cycle, "thematic") == 0)
        return arena_printf(a, _("Chuyên đề số %s năm %d"), key + 7, p.year);
    return arena_printf(a, _("Đột xuất số %s năm %d"), key + 7, p.year);
}

int rep_periods_of_year(arena *a, const char *cycle, int year, const char ***keys_r)
{
    const char **v = arena_alloc(a, 12 * sizeof *v);
    int n = 0;
    if (strcmp(cycle, "month") == 0)
        for (int m = 1; m <= 12; m++)
            v[n++] = arena_printf(a, "%04d-%02d", year, m);
    else if (strcmp(cycle, "quarter") == 0)
        for (int q = 1; q <= 4; q++)
            v[n++] = arena_printf(a, "%04d-Q%d", year, q);
    else if (strcmp(cycle, "q1") == 0)
        v[n++] = arena_printf(a, "%04d-Q1", year);
    else if (strcmp(cycle, "half") == 0)
        v[n++] = arena_printf(a, "%04d-H1", year);
    else if (strcmp(cycle, "nine") == 0)
        v[n++] = arena_printf(a, "%04d-N9", year);
    else if (strcmp(cycle, "year") == 0)
        v[n++] = arena_printf(a, "%04d", year);
    *keys_r = v;
    return n;
}

/* The type's due value for a level: its entry in due_by_level, else due_value. */
static int due_for_level(const rep_type *t, const char *level)
{
    int v = t->due_value;
    json_t *j = json_loads(t->due_by_level ? t->due_by_level : "{}", 0, NULL);
    json_t *x = j && level ? json_object_get(j, level) : NULL;
    if (json_is_integer(x))
        v = (int)json_integer_value(x);
    json_decref(j);
    return v;
}

int rep_due_date(db *d, const rep_type *t, const rep_period *p, const char *level, char out[11])
{
    int v = due_for_level(t, level);
    if (strcmp(t->due_kind, "workdays") == 0)
        return workdays_add(d, p->cutoff, v, out);
    if (v < 1 || v > 31)
        return -1;
    char day[11];
    /* A day past the month's end is its last day (a due day 31 in June is the 30th). */
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int last = mdays[p->last_month - 1];
    if (p->last_month == 2 && !((p->year % 4 == 0 && p->year % 100 != 0) || p->year % 400 == 0))
        last = 28;
    ymd(day, p->year, p->last_month, v > last ? last : v);
    return workdays_next(d, day, out);
}
