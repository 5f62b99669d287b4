/* The working-day calendar in the JSON API (docs/api.md, "Working days and rule values"):
 * GET /api/v1/workdays?from=&to=, GET /api/v1/workdays/next?date=&add=N, POST /api/v1/workdays,
 * POST /api/v1/workdays/{date}/delete; and the module's start-up and routes. Reading is for
 * every signed-in user (deadlines are counted with it everywhere); writing is the
 * administrator's, checked in the service. */
#include <stdio.h>
#include <string.h>

#include "base/i18n.h"
#include "http/router.h"
#include "rules/rules.h"
#include "web/dates.h"
#include "web/errors.h"
#include "web/params.h"
#include "web/respond.h"
#include "workdays/workdays.h"
#include "workdays/workdays_impl.h"

#define MAX_SPAN 400 /* days one GET may cover */

/* DOMAIN.md §2.2: a registered document is presented to the leader and routed the same day
 * or, at the latest, the next working day. The key belongs to the incoming flow; it is
 * declared here, with the calendar that counts it, because incoming/ reads it through rules.h
 * and has no start-up hook of its own for this issue. */
static const rule_def route_days = {
    "incoming.route_working_days",
    RULE_INT,
    "1",
    0,
    10,
    NULL,
    N_("Trình và phân công văn bản đến chậm nhất sau (ngày làm việc)"),
    N_("Quy chế công tác văn thư: trình trong ngày hoặc ngày làm việc tiếp theo"),
};

void workdays_init(void)
{
    rules_declare(&route_days);
}

static void h_list(ctx *c)
{
    static const char *const params[] = {"from", "to", NULL};
    if (!params_check(c, params))
        return;
    web_err e = {0};
    const char *from = NULL, *to = NULL;
    query_date(c, "from", &from, &e);
    query_date(c, "to", &to, &e);
    if (e.n) {
        web_err_respond(c, &e);
        return;
    }
    if (!from) /* 1 January of to's year, or of this year */
        from = arena_printf(c->a, "%.4s-01-01", to ? to : web_today(c));
    if (!to)
        to = arena_printf(c->a, "%.4s-12-31", from);
    char stop[11];
    if (strcmp(from, to) > 0 || workdays_date_add(from, MAX_SPAN - 1, stop) != 0 ||
        strcmp(to, stop) > 0) {
        respond_api_error(c, 400, "invalid_parameter",
                          arena_printf(c->a,
                                       _("Khoảng ngày phải có «from» không sau «to» và dài "
                                         "không quá %d ngày."),
                                       MAX_SPAN));
        return;
    }
    workday_row *rows;
    int n = workdays_list(c, from, to, &rows);
    if (n < 0) {
        respond_api_error(c, 500, "internal", _(WEB_MSG_DB));
        return;
    }
    json_t *days = json_array(), *worked = json_array();
    char day[11];
    snprintf(day, sizeof day, "%s", from);
    int k = 0;
    while (strcmp(day, to) <= 0) {
        while (k < n && strcmp(rows[k].day, day) < 0)
            k++;
        const workday_row *r = k < n && strcmp(rows[k].day, day) == 0 ? &rows[k] : NULL;
        char why[WORKDAY_MAX_NAME + 1];
        const char *reason = workdays_reason(c->db, day, why, sizeof why);
        if (reason) {
            json_t *j = json_pack("{s:s, s:s, s:s}", "date", day, "reason", reason, "kind",
                                  r ? r->kind : "weekend");
            if (r) {
                json_object_set_new(j, "source", json_string(r->source));
                json_object_set_new(j, "verified", json_boolean(r->verified));
            }
            json_array_append_new(days, j);
        } else if (r && strcmp(r->kind, "work") == 0)
            json_array_append_new(worked,
                                  json_pack("{s:s, s:s, s:s, s:b}", "date", day, "name", r->name,
                                            "source", r->source, "verified", r->verified));
        workdays_date_add(day, 1, day);
    }
    respond_json(c, 200,
                 json_pack("{s:s, s:s, s:o, s:o}", "from", from, "to", to, "non_working", days,
                           "worked", worked));
}

static void h_next(ctx *c)
{
    static const char *const params[] = {"date", "add", NULL};
    if (!params_check(c, params))
        return;
    web_err e = {0};
    const char *date = NULL;
    int64_t add = 0;
    if (query_date(c, "date", &date, &e) == PARAM_ABSENT)
        date = web_today(c);
    query_range(c, "add", -200, 200, &add, &e);
    if (e.n) {
        web_err_respond(c, &e);
        return;
    }
    char out[11], why[WORKDAY_MAX_NAME + 1];
    if (workdays_add(c->db, date, (int)add, out) != 0) {
        respond_api_error(c, 422, "invalid_input",
                          _("Không tìm thấy ngày làm việc trong khoảng cho phép."));
        return;
    }
    const char *reason = workdays_reason(c->db, date, why, sizeof why);
    json_t *j = json_pack("{s:s, s:I, s:s, s:b}", "date", date, "add", (json_int_t)add, "result",
                          out, "date_is_working", reason == NULL);
    if (reason)
        json_object_set_new(j, "date_reason", json_string(reason));
    respond_json(c, 200, j);
}

static json_t *row_out(ctx *c, const char *day)
{
    workday_row *rows;
    int n = workdays_list(c, day, day, &rows);
    if (n <= 0)
        return json_pack("{s:s}", "date", day);
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:b}", "date", rows[0].day, "kind", rows[0].kind,
                     "kind_label", workdays_kind_label(rows[0].kind), "name", rows[0].name,
                     "source", rows[0].source, "verified", rows[0].verified);
}

static void h_set(ctx *c)
{
    static const char *const members[] = {"date", "kind", "name", "source", "verified", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    workday_row in = {0};
    json_member_date(c, j, "date", &in.day, &e);
    json_member_text(c, j, "kind", &in.kind, &e);
    json_member_text(c, j, "name", &in.name, &e);
    json_member_text(c, j, "source", &in.source, &e);
    json_member_bool(c, j, "verified", &in.verified, &e);
    if (!e.n && !workdays_may_edit(c))
        web_err_add(&e, 403, "forbidden", NULL,
                    _("Chỉ quản trị hệ thống mới sửa được lịch ngày làm việc."));
    if (e.n || workdays_set(c, &in, &e) != 0) {
        web_err_respond(c, &e);
        return;
    }
    respond_json(c, 200, row_out(c, in.day));
}

static void h_delete(ctx *c)
{
    if (!params_json_optional(c, NULL))
        return;
    const char *day = req_param(c->rq, "date");
    web_err e;
    if (workdays_clear(c, day, &e) != 0) {
        web_err_respond(c, &e);
        return;
    }
    respond_json(c, 200, json_pack("{s:s, s:b}", "date", day, "deleted", 1));
}

void workdays_api_routes(void)
{
    route_add("GET", "/api/v1/workdays", h_list, ROUTE_API);
    route_add("GET", "/api/v1/workdays/next", h_next, ROUTE_API);
    route_add("POST", "/api/v1/workdays", h_set, ROUTE_API);
    route_add("POST", "/api/v1/workdays/{date}/delete", h_delete, ROUTE_API);
}

void workdays_routes(void)
{
    workdays_web_routes();
    workdays_api_routes();
    rules_routes();
}
