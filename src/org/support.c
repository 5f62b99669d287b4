/* Small helpers of the org module: error lists for forms and API, dates, trimming, JSON. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/clock.h"
#include "base/i18n.h"
#include "org/org_impl.h"
#include "web/respond.h"

void org_err_clear(org_err *e)
{
    memset(e, 0, sizeof *e);
}

void org_err_add(org_err *e, int status, const char *field, const char *message)
{
    if (e->status == 0)
        e->status = status;
    if (e->n < ORG_MAX_ERRORS) {
        e->e[e->n].field = field;
        e->e[e->n].message = message;
        e->n++;
    }
}

const char *org_err_code(const org_err *e)
{
    return respond_code_for(e->status ? e->status : 500);
}

const char *org_err_message(const org_err *e)
{
    return e->n > 0 ? e->e[0].message : _("Không ghi được dữ liệu. Hãy thử lại.");
}

const char *org_err_field(const org_err *e, const char *field)
{
    for (int i = 0; i < e->n; i++)
        if (e->e[i].field && strcmp(e->e[i].field, field) == 0)
            return e->e[i].message;
    return NULL;
}

void org_now_iso(char *buf, size_t n)
{
    clock_iso(clock_now(), buf, n);
}

void org_today(char buf[16])
{
    clock_vn_today(buf, 16);
}

void org_next_day(const char *date, char buf[16])
{
    int y, m, d;
    if (!date || clock_parse_date(date, &y, &m, &d) != 0) {
        snprintf(buf, 16, "%s", date ? date : "");
        return;
    }
    /* Noon UTC keeps the arithmetic clear of any day boundary. */
    struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d + 1, .tm_hour = 12};
    time_t t = timegm(&tm);
    struct tm out;
    gmtime_r(&t, &out);
    if (strftime(buf, 16, "%Y-%m-%d", &out) == 0)
        buf[0] = '\0';
}

const char *org_trim(arena *a, const char *s)
{
    if (!s)
        return NULL;
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        n--;
    return arena_strndup(a, s, n);
}

char *org_json_take(json_t *j)
{
    if (!j)
        return NULL;
    char *s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(j);
    return s;
}
