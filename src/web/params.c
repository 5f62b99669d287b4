/* Declared parameters (web/params.h). */
#include "web/params.h"

#include <errno.h>
#include <stdlib.h>

#include <string.h>

#include "base/clock.h"
#include "base/i18n.h"
#include "http/request.h"
#include "web/dates.h"
#include "web/respond.h"

int param_int(const char *s, int64_t lo, int64_t hi, int64_t *out)
{
    if (!s || !*s)
        return PARAM_ABSENT;
    const char *p = s;
    if (*p == '-' && lo < 0)
        p++;
    if (*p < '0' || *p > '9')
        return PARAM_BAD;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (*end || errno == ERANGE || v < lo || v > hi)
        return PARAM_BAD;
    *out = v;
    return PARAM_OK;
}

int query_int(ctx *c, const char *name, int64_t lo, int64_t hi, int64_t *out)
{
    return param_int(req_query(c->rq, name), lo, hi, out);
}

int form_int(ctx *c, const char *name, int64_t lo, int64_t hi, int64_t *out)
{
    return param_int(req_form(c->rq, name), lo, hi, out);
}

int64_t form_id(ctx *c, const char *name)
{
    int64_t v = 0;
    return form_int(c, name, 1, INT64_MAX, &v) == PARAM_OK ? v : 0;
}

const char *json_member_str(ctx *c, json_t *j, const char *key, bool *bad_r)
{
    json_t *v = json_object_get(j, key);
    if (!v || json_is_null(v))
        return NULL;
    if (!json_is_string(v)) {
        if (bad_r)
            *bad_r = true;
        return NULL;
    }
    return arena_strdup(c->a, json_string_value(v));
}

int json_member_int(json_t *j, const char *key, int64_t lo, int64_t hi, int64_t *out)
{
    json_t *v = json_object_get(j, key);
    if (!v || json_is_null(v))
        return PARAM_ABSENT;
    if (json_is_integer(v)) {
        json_int_t n = json_integer_value(v);
        if (n < lo || n > hi)
            return PARAM_BAD;
        *out = (int64_t)n;
        return PARAM_OK;
    }
    if (json_is_string(v)) {
        int rc = param_int(json_string_value(v), lo, hi, out);
        return rc == PARAM_ABSENT ? PARAM_BAD : rc;
    }
    return PARAM_BAD;
}

const char *json_text(ctx *c, json_t *j, const char *key)
{
    return json_member_str(c, j, key, NULL);
}

int64_t json_int(json_t *j, const char *key)
{
    int64_t v = 0;
    return json_member_int(j, key, INT64_MIN, INT64_MAX, &v) == PARAM_OK ? v : 0;
}

bool query_period(ctx *c, const char *default_to, const char **from_r, const char **to_r)
{
    const char *today = web_today(c);
    const char *from = req_query(c->rq, "from"), *to = req_query(c->rq, "to");
    if (!from || !*from)
        from = arena_printf(c->a, "%.4s-01-01", today);
    if (!to || !*to)
        to = default_to ? default_to : arena_printf(c->a, "%.4s-12-31", today);
    int y, m, d;
    if (clock_parse_date(from, &y, &m, &d) != 0 || clock_parse_date(to, &y, &m, &d) != 0) {
        respond_error(c, 400, "invalid_input", _("Khoảng thời gian không hợp lệ (YYYY-MM-DD)."));
        return false;
    }
    if (strcmp(from, to) > 0) {
        respond_error(c, 400, "invalid_input", _("Ngày bắt đầu phải trước ngày kết thúc."));
        return false;
    }
    *from_r = from;
    *to_r = to;
    return true;
}
