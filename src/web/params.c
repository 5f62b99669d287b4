/* Declared parameters (web/params.h). */
#include "web/params.h"

#include <errno.h>
#include <stdlib.h>

#include <string.h>

#include "base/clock.h"
#include "base/i18n.h"
#include "base/strbuf.h"
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
    if (!param_date(from) || !param_date(to)) {
        respond_error(c, 400, "invalid_parameter",
                      arena_printf(c->a,
                                   _("Khoảng thời gian không hợp lệ (YYYY-MM-DD, từ %s đến %s)."),
                                   PARAM_DATE_MIN, PARAM_DATE_MAX));
        return false;
    }
    if (strcmp(from, to) > 0) {
        respond_error(c, 400, "invalid_parameter", _("Ngày bắt đầu phải trước ngày kết thúc."));
        return false;
    }
    *from_r = from;
    *to_r = to;
    return true;
}

/* ---- What a handler accepts ---- */

static bool listed(const char *const *names, const char *name)
{
    for (size_t i = 0; names && names[i]; i++)
        if (strcmp(names[i], name) == 0)
            return true;
    return false;
}

static void unknown(ctx *c, const char *name)
{
    json_t *err =
        json_pack("{s:s, s:s, s:s}", "code", "unknown_parameter", "field", name, "message",
                  arena_printf(c->a, _("Tham số không được hỗ trợ: «%s»."), name));
    respond_json(c, 400, json_pack("{s:o}", "error", err));
}

bool params_multipart(ctx *c, const char *const *members, const char *hint)
{
    if (c->is_api && c->rq->content_type && strcmp(c->rq->content_type, "application/json") == 0) {
        static const char *const none[] = {NULL};
        if (params_json(c, members ? members : none))
            respond_error(c, 400, "invalid_input", hint);
        return false;
    }
    return params_check(c, NULL);
}

bool params_check(ctx *c, const char *const *names)
{
    if (!c->is_api)
        return true;
    const kvlist *q = &c->rq->query;
    for (size_t i = 0; i < q->n; i++)
        if (!listed(names, q->v[i].name)) {
            unknown(c, q->v[i].name);
            return false;
        }
    return true;
}

static void decref(void *p)
{
    json_decref((json_t *)p);
}

static json_t *body_of(ctx *c, const char *const *members, bool optional)
{
    if (!params_check(c, NULL))
        return NULL;
    json_t *j;
    if (optional && (!c->rq->body || c->rq->body_len == 0))
        j = json_object();
    else if (!(j = request_json(c)))
        return NULL;
    arena_defer(c->a, decref, j);
    const char *key;
    json_t *v;
    json_object_foreach(j, key, v)
    {
        if (!listed(members, key)) {
            unknown(c, arena_strdup(c->a, key));
            return NULL;
        }
    }
    return j;
}

json_t *params_json(ctx *c, const char *const *members)
{
    return body_of(c, members, false);
}

json_t *params_json_optional(ctx *c, const char *const *members)
{
    return body_of(c, members, true);
}

bool params_members(ctx *c, json_t *obj, const char *field, const char *const *members, web_err *e)
{
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v)
    {
        if (!listed(members, key)) {
            web_err_add(
                e, 400, "invalid_input", field,
                arena_printf(c->a, _("«%s»: thành phần không được hỗ trợ «%s»."), field, key));
            return false;
        }
    }
    return true;
}

/* ---- Values that report ---- */

bool param_date(const char *s)
{
    int y, m, d;
    return s && clock_parse_date(s, &y, &m, &d) == 0 && strcmp(s, PARAM_DATE_MIN) >= 0 &&
           strcmp(s, PARAM_DATE_MAX) <= 0;
}

/* The error of a body member (400 invalid_input, 422 in the API) or of a query parameter (400
 * invalid_parameter). */
static int bad(web_err *e, bool query, const char *field, const char *msg)
{
    web_err_add(e, 400, query ? "invalid_parameter" : "invalid_input", field, msg);
    return PARAM_BAD;
}

static const char *codes_list(ctx *c, const char *const *codes)
{
    strbuf b = STRBUF_INIT;
    for (size_t i = 0; codes[i]; i++) {
        if (i)
            sb_adds(&b, ", "); /* not html: the codes of a message */
        sb_adds(&b, codes[i]); /* not html: the codes of a message */
    }
    const char *s = arena_strdup(c->a, sb_str(&b));
    sb_free(&b);
    return s;
}

static int enum_of(ctx *c, const char *s, bool query, const char *name, const char *const *codes,
                   int *out, web_err *e)
{
    for (int i = 0; s && codes[i]; i++)
        if (strcmp(s, codes[i]) == 0) {
            *out = i;
            return PARAM_OK;
        }
    return bad(e, query, name,
               arena_printf(c->a, _("«%s» không hợp lệ; chỉ nhận một trong (%s)."), name,
                            codes_list(c, codes)));
}

int json_member_enum(ctx *c, json_t *j, const char *key, const char *const *codes, int *out,
                     web_err *e)
{
    json_t *v = json_object_get(j, key);
    if (!v || json_is_null(v))
        return PARAM_ABSENT;
    return enum_of(c, json_is_string(v) ? json_string_value(v) : NULL, false, key, codes, out, e);
}

int form_enum(ctx *c, const char *name, const char *const *codes, int *out, web_err *e)
{
    const char *s = req_form(c->rq, name);
    if (!s || !*s)
        return PARAM_ABSENT;
    return enum_of(c, s, false, name, codes, out, e);
}

int query_enum(ctx *c, const char *name, const char *const *codes, int *out, web_err *e)
{
    const char *s = req_query(c->rq, name);
    if (!s || !*s)
        return PARAM_ABSENT;
    return enum_of(c, s, true, name, codes, out, e);
}

static const char *range_msg(ctx *c, const char *name, int64_t lo, int64_t hi)
{
    if (hi == INT64_MAX)
        return arena_printf(c->a, _("«%s» phải là số nguyên từ %lld trở lên."), name,
                            (long long)lo);
    return arena_printf(c->a, _("«%s» phải là số nguyên từ %lld đến %lld."), name, (long long)lo,
                        (long long)hi);
}

int json_member_range(ctx *c, json_t *j, const char *key, int64_t lo, int64_t hi, int64_t *out,
                      web_err *e)
{
    int rc = json_member_int(j, key, lo, hi, out);
    return rc == PARAM_BAD ? bad(e, false, key, range_msg(c, key, lo, hi)) : rc;
}

int json_member_id(ctx *c, json_t *j, const char *key, int64_t *out, web_err *e)
{
    return json_member_range(c, j, key, 1, INT64_MAX, out, e);
}

int form_range(ctx *c, const char *name, int64_t lo, int64_t hi, int64_t *out, web_err *e)
{
    int rc = form_int(c, name, lo, hi, out);
    return rc == PARAM_BAD ? bad(e, false, name, range_msg(c, name, lo, hi)) : rc;
}

int query_range(ctx *c, const char *name, int64_t lo, int64_t hi, int64_t *out, web_err *e)
{
    int rc = query_int(c, name, lo, hi, out);
    return rc == PARAM_BAD ? bad(e, true, name, range_msg(c, name, lo, hi)) : rc;
}

int query_id(ctx *c, const char *name, int64_t *out, web_err *e)
{
    return query_range(c, name, 1, INT64_MAX, out, e);
}

static const char *date_msg(ctx *c, const char *name)
{
    return arena_printf(c->a, _("«%s» phải là ngày dạng YYYY-MM-DD, từ %s đến %s."), name,
                        PARAM_DATE_MIN, PARAM_DATE_MAX);
}

int json_member_date(ctx *c, json_t *j, const char *key, const char **out, web_err *e)
{
    json_t *v = json_object_get(j, key);
    if (!v || json_is_null(v))
        return PARAM_ABSENT;
    if (!json_is_string(v) || !param_date(json_string_value(v)))
        return bad(e, false, key, date_msg(c, key));
    *out = arena_strdup(c->a, json_string_value(v));
    return PARAM_OK;
}

int query_date(ctx *c, const char *name, const char **out, web_err *e)
{
    const char *s = req_query(c->rq, name);
    if (!s || !*s)
        return PARAM_ABSENT;
    if (!param_date(s))
        return bad(e, true, name, date_msg(c, name));
    *out = s;
    return PARAM_OK;
}

int json_member_text(ctx *c, json_t *j, const char *key, const char **out, web_err *e)
{
    json_t *v = json_object_get(j, key);
    if (!v || json_is_null(v))
        return PARAM_ABSENT;
    if (!json_is_string(v))
        return bad(e, false, key, arena_printf(c->a, _("«%s» phải là chuỗi văn bản."), key));
    *out = arena_strdup(c->a, json_string_value(v));
    return PARAM_OK;
}

int json_member_bool(ctx *c, json_t *j, const char *key, bool *out, web_err *e)
{
    json_t *v = json_object_get(j, key);
    if (!v || json_is_null(v))
        return PARAM_ABSENT;
    if (json_is_boolean(v))
        *out = json_is_true(v);
    else if (json_is_integer(v) && (json_integer_value(v) == 0 || json_integer_value(v) == 1))
        *out = json_integer_value(v) == 1;
    else
        return bad(e, false, key, arena_printf(c->a, _("«%s» phải là true hoặc false."), key));
    return PARAM_OK;
}

int query_bool(ctx *c, const char *name, bool *out, web_err *e)
{
    const char *s = req_query(c->rq, name);
    if (!s || !*s)
        return PARAM_ABSENT;
    if (strcmp(s, "1") == 0 || strcmp(s, "true") == 0)
        *out = true;
    else if (strcmp(s, "0") == 0 || strcmp(s, "false") == 0)
        *out = false;
    else
        return bad(e, true, name, arena_printf(c->a, _("«%s» phải là 1 hoặc 0."), name));
    return PARAM_OK;
}

void query_page(ctx *c, int dflt, int max, int max_offset, int *limit_r, int *offset_r, web_err *e)
{
    int64_t limit = dflt, offset = 0;
    query_range(c, "limit", 1, max, &limit, e);
    query_range(c, "offset", 0, max_offset, &offset, e);
    *limit_r = (int)limit;
    *offset_r = (int)offset;
}
