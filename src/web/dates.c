/* Dates in the request's arena (web/dates.h). */
#include "web/dates.h"

#include <time.h>

#include "base/clock.h"
#include "base/i18n.h"

const char *web_today(ctx *c)
{
    char buf[16];
    clock_vn_today(buf, sizeof buf);
    return arena_strdup(c->a, buf);
}

const char *web_now_iso(ctx *c)
{
    char buf[32];
    clock_iso(clock_now(), buf, sizeof buf);
    return arena_strdup(c->a, buf);
}

const char *web_date_add(ctx *c, const char *date, int days)
{
    int y, m, d;
    if (!date || clock_parse_date(date, &y, &m, &d) != 0)
        return NULL;
    struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d + days, .tm_hour = 12};
    time_t t = timegm(&tm);
    struct tm out;
    gmtime_r(&t, &out);
    return arena_printf(c->a, "%04d-%02d-%02d", out.tm_year + 1900, out.tm_mon + 1, out.tm_mday);
}

const char *web_date_vn(ctx *c, const char *iso)
{
    if (!iso || !*iso)
        return "";
    char buf[16];
    clock_date_vn(iso, buf, sizeof buf);
    return arena_strdup(c->a, buf);
}

const char *web_number(ctx *c, int64_t v)
{
    char buf[32];
    return arena_strdup(c->a, i18n_number(v, buf, sizeof buf));
}
