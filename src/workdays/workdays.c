/* The working-day calendar: the service (workdays.h). */
#include "workdays/workdays.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/i18n.h"
#include "db/pg.h"
#include "db/stamp.h"

static const db_query q_day = {"workdays.day", "SELECT kind, name FROM workday_days WHERE day = ?1",
                               NULL};
static const db_query q_week = {
    "workdays.week",
    "SELECT weekend FROM workday_weeks WHERE effective_from <= ?1"
    " AND (effective_to IS NULL OR effective_to >= ?1) ORDER BY effective_from DESC LIMIT 1",
    NULL,
};

/* Days since 1970-01-01 of a civil date (proleptic Gregorian: clock_days_from_civil), and back: the
 * arithmetic of every date here, free of time zones and of the C library's time_t range. */
static void civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static int parse(const char *date, long *z)
{
    int y, m, d;
    if (!date || strlen(date) != 10 || clock_parse_date(date, &y, &m, &d) != 0)
        return -1;
    *z = (long)clock_days_from_civil(y, m, d);
    return 0;
}

static void format(long z, char out[11])
{
    int y, m, d;
    civil_from_days(z, &y, &m, &d);
    unsigned yy = (unsigned)y % 10000u, mm = (unsigned)m % 13u, dd = (unsigned)d % 32u;
    out[0] = (char)('0' + yy / 1000), out[1] = (char)('0' + yy / 100 % 10);
    out[2] = (char)('0' + yy / 10 % 10), out[3] = (char)('0' + yy % 10), out[4] = '-';
    out[5] = (char)('0' + mm / 10), out[6] = (char)('0' + mm % 10), out[7] = '-';
    out[8] = (char)('0' + dd / 10), out[9] = (char)('0' + dd % 10), out[10] = '\0';
}

int workdays_date_add(const char *date, int n, char out[11])
{
    long z;
    if (parse(date, &z) != 0)
        return -1;
    format(z + n, out);
    return 0;
}

int workdays_iso_weekday(const char *date)
{
    long z;
    if (parse(date, &z) != 0)
        return 0;
    /* 1970-01-01 was a Thursday (ISO 4). */
    long w = (z + 3) % 7;
    if (w < 0)
        w += 7;
    return (int)w + 1;
}

/* ---- the calendar in memory (PostgreSQL) ---------------------------------------------------
 *
 * A page counts deadlines day by day: the home page asked 52 one-row statements of the two
 * tables. On PostgreSQL each is a round trip, so there both tables (a few dozen rows a year)
 * are read once and kept per thread while the database stamp (db/stamp.h: the snapshot read
 * once per request) holds; any commit, or a write transaction open now, and the statements
 * answer as before. On SQLite a statement costs about what the stamp does: unchanged there. */
#define CAL_MAX_DAYS 20000
#define CAL_MAX_WEEKS 64

static const db_query q_all_days = {"workdays.all_days",
                                    "SELECT day, kind, name FROM workday_days ORDER BY day", NULL};
static const db_query q_all_weeks = {
    "workdays.all_weeks",
    "SELECT effective_from, coalesce(effective_to, ''), weekend FROM workday_weeks", NULL};

typedef struct cal_day {
    char day[11], kind;
    char *name; /* malloc'd */
} cal_day;
typedef struct cal_week {
    char from[11], to[11]; /* to "": open */
    char weekend[16];
} cal_week;
typedef struct cal_cache {
    db_stamp stamp;
    cal_day *days;
    int ndays;
    cal_week weeks[CAL_MAX_WEEKS];
    int nweeks;
    bool loaded, keyed;
} cal_cache;

static _Thread_local cal_cache tl_cal;
static pthread_key_t cal_key;
static pthread_once_t cal_key_once = PTHREAD_ONCE_INIT;

static void cal_clear(cal_cache *c)
{
    for (int i = 0; i < c->ndays; i++)
        free(c->days[i].name);
    c->ndays = c->nweeks = 0;
    c->loaded = false;
}

static void cal_thread_end(void *p)
{
    cal_cache *c = p;
    cal_clear(c);
    free(c->days);
    c->days = NULL;
}

static void cal_key_init(void)
{
    if (pthread_key_create(&cal_key, cal_thread_end) != 0)
        abort();
}

static void copy10(char out[11], const char *v)
{
    snprintf(out, 11, "%s", v ? v : "");
}

static bool cal_load(db *d, cal_cache *c)
{
    cal_clear(c);
    db_stmt *s = db_stmt_get(d, &q_all_days);
    if (!s)
        return false;
    int rc;
    while ((rc = db_step(s)) == DB_ROW) {
        if (!c->days && !(c->days = malloc(CAL_MAX_DAYS * sizeof *c->days)))
            break;
        if (c->ndays == CAL_MAX_DAYS)
            break;
        cal_day *x = &c->days[c->ndays];
        copy10(x->day, db_col_text(s, 0));
        x->kind = db_col_text(s, 1) ? db_col_text(s, 1)[0] : 0;
        x->name = strdup(db_col_text(s, 2) ? db_col_text(s, 2) : "");
        if (!x->name)
            break;
        c->ndays++;
    }
    db_reset(s);
    if (rc != DB_DONE)
        return false;
    if (!(s = db_stmt_get(d, &q_all_weeks)))
        return false;
    while ((rc = db_step(s)) == DB_ROW) {
        if (c->nweeks == CAL_MAX_WEEKS)
            break;
        cal_week *w = &c->weeks[c->nweeks++];
        copy10(w->from, db_col_text(s, 0));
        copy10(w->to, db_col_text(s, 1));
        snprintf(w->weekend, sizeof w->weekend, "%s", db_col_text(s, 2) ? db_col_text(s, 2) : "");
    }
    db_reset(s);
    if (rc != DB_DONE)
        return false;
    c->loaded = true;
    return true;
}

static cal_cache *cal_for(db *d)
{
    if (!d || !db_is_pg(d))
        return NULL;
    db_stamp now;
    if (!db_stamp_take(d, &now))
        return NULL;
    cal_cache *c = &tl_cal;
    if (!c->keyed) {
        pthread_once(&cal_key_once, cal_key_init);
        pthread_setspecific(cal_key, c);
        c->keyed = true;
    }
    if (!c->loaded || !db_stamp_same(&now, &c->stamp)) {
        if (!cal_load(d, c))
            return NULL;
        c->stamp = now;
    }
    return c;
}

static const cal_day *cal_find(const cal_cache *c, const char *date)
{
    int lo = 0, hi = c->ndays - 1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2, r = strcmp(c->days[mid].day, date);
        if (r == 0)
            return &c->days[mid];
        if (r < 0)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return NULL;
}

/* As q_week: the pattern in force on date, the latest start first; NULL when none. */
static const char *cal_weekend(const cal_cache *c, const char *date)
{
    const cal_week *best = NULL;
    for (int i = 0; i < c->nweeks; i++) {
        const cal_week *w = &c->weeks[i];
        if (strcmp(w->from, date) <= 0 && (!w->to[0] || strcmp(w->to, date) >= 0) &&
            (!best || strcmp(w->from, best->from) > 0))
            best = w;
    }
    return best ? best->weekend : NULL;
}

/* The exception of a date: 'h'oliday, 'o'ff, 'w'ork or 0, its name into buf when given. */
static char day_kind(db *d, const char *date, char *buf, size_t n)
{
    const cal_cache *c = date ? cal_for(d) : NULL;
    if (c) {
        const cal_day *x = cal_find(c, date);
        if (x && buf && n)
            snprintf(buf, n, "%s", x->name);
        return x ? x->kind : 0;
    }
    db_stmt *s = db_stmt_get(d, &q_day);
    if (!s)
        return 0;
    db_bind_text(s, 1, date);
    char k = 0;
    if (db_step(s) == DB_ROW) {
        const char *kind = db_col_text(s, 0);
        k = kind ? kind[0] : 0;
        if (buf && n)
            snprintf(buf, n, "%s", db_col_text(s, 1) ? db_col_text(s, 1) : "");
    }
    db_reset(s);
    return k;
}

static bool weekly_off(db *d, const char *date)
{
    int wd = workdays_iso_weekday(date);
    const cal_cache *c = date ? cal_for(d) : NULL;
    if (c) {
        const char *w = cal_weekend(c, date);
        bool off = wd >= 6; /* no pattern in force: the five-day week */
        if (w) {
            off = false;
            for (const char *p = w; *p; p++)
                if (*p - '0' == wd)
                    off = true;
        }
        return off;
    }
    db_stmt *s = db_stmt_get(d, &q_week);
    if (!s)
        return wd >= 6;
    db_bind_text(s, 1, date);
    bool off = wd >= 6; /* no pattern in force: the five-day week */
    if (db_step(s) == DB_ROW) {
        const char *w = db_col_text(s, 0);
        off = false;
        for (const char *p = w ? w : ""; *p; p++)
            if (*p - '0' == wd)
                off = true;
    }
    db_reset(s);
    return off;
}

bool workdays_is_working(db *d, const char *date)
{
    long z;
    if (parse(date, &z) != 0)
        return false;
    char k = day_kind(d, date, NULL, 0);
    if (k == 'w')
        return true;
    if (k == 'h' || k == 'o')
        return false;
    return !weekly_off(d, date);
}

const char *workdays_reason(db *d, const char *date, char *buf, size_t n)
{
    long z;
    if (!buf || n == 0 || parse(date, &z) != 0)
        return NULL;
    char k = day_kind(d, date, buf, n);
    if (k == 'w')
        return NULL;
    if (k == 'h' || k == 'o')
        return buf;
    if (!weekly_off(d, date))
        return NULL;
    int wd = workdays_iso_weekday(date);
    snprintf(buf, n, "%s",
             wd == 7   ? _("Chủ nhật")
             : wd == 6 ? _("Thứ Bảy")
                       : _("Ngày nghỉ hằng tuần"));
    return buf;
}

int workdays_next(db *d, const char *date, char out[11])
{
    long z;
    if (parse(date, &z) != 0)
        return -1;
    for (int i = 0; i < WORKDAY_SCAN; i++) {
        format(z + i, out);
        if (workdays_is_working(d, out))
            return 0;
    }
    return -1;
}

int workdays_add(db *d, const char *date, int n, char out[11])
{
    long z;
    if (parse(date, &z) != 0)
        return -1;
    if (n == 0)
        return workdays_next(d, date, out);
    int step = n > 0 ? 1 : -1, left = n > 0 ? n : -n;
    for (int i = 1; i <= WORKDAY_SCAN * (left / 200 + 1); i++) {
        format(z + (long)step * i, out);
        if (workdays_is_working(d, out) && --left == 0)
            return 0;
    }
    return -1;
}

int workdays_between(db *d, const char *from, const char *to)
{
    long a, b;
    if (parse(from, &a) != 0 || parse(to, &b) != 0)
        return -1;
    int n = 0;
    char buf[11];
    for (long z = a + 1; z <= b; z++) {
        format(z, buf);
        n += workdays_is_working(d, buf);
    }
    return n;
}
