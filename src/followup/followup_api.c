/* The JSON API of the follow-up (/api/v1/followup…; docs/api.md "Follow-up"). Every handler
 * declares its parameters (web/params.h); the service decides. */
#include <stdint.h>
#include <string.h>

#include <jansson.h>

#include "base/i18n.h"
#include "catalog/vocab.h"
#include "followup/followup.h"
#include "followup/followup_impl.h"
#include "followup/followup_web_impl.h"
#include "http/router.h"
#include "web/errors.h"
#include "web/params.h"
#include "web/respond.h"

/* A refusal; a deadline on a day off also names the next working day ("suggestion"). */
static void fail(ctx *c, const web_err *e, const char *suggestion)
{
    if (!suggestion || !*suggestion || e->status != 400) {
        web_err_respond(c, e);
        return;
    }
    json_t *all = json_array();
    for (int i = 0; i < e->n; i++)
        json_array_append_new(
            all, json_pack("{s:s?, s:s}", "field", e->e[i].field, "message", e->e[i].message));
    respond_json(c, 422,
                 json_pack("{s:{s:s, s:s, s:s?, s:s, s:o}}", "error", "code", "invalid_input",
                           "message", web_err_message(e), "field", e->n ? e->e[0].field : NULL,
                           "suggestion", suggestion, "errors", all));
}

static json_t *counts_json(const fu_count *r)
{
    json_t *j = json_object();
    for (int s = 0; s < FU_NSTATUS; s++)
        json_object_set_new(j, followup_status_code((enum fu_status)s), json_integer(r->n[s]));
    int pm = followup_rate_permille(r);
    json_object_set_new(j, "rate_percent", pm < 0 ? json_null() : json_real(pm / 10.0));
    return j;
}

static void api_list(ctx *c)
{
    static const char *const params[] = {"from",         "to",        "asof",   "bucket",
                                         "lead_unit_id", "leader_id", "month",  "q",
                                         "due_until",    "limit",     "offset", NULL};
    if (!params_check(c, params))
        return;
    fu_filter f;
    const char *bucket;
    if (!fu_query_filter(c, &f, &bucket, true))
        return;
    web_err e = {0};
    query_page(c, 50, FU_MAX_LIST, 1000000, &f.limit, &f.offset, &e);
    if (e.n) {
        web_err_respond(c, &e);
        return;
    }
    fu_task *rows;
    int64_t total;
    int n = followup_list(c, &f, &rows, &total, &e);
    if (n < 0) {
        web_err_respond(c, &e);
        return;
    }
    json_t *arr = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(arr, followup_json(c, &rows[i]));
    respond_json(
        c, 200,
        json_pack("{s:I, s:s, s:o}", "total", (json_int_t)total, "bucket", bucket, "items", arr));
}

static void api_report(ctx *c)
{
    static const char *const params[] = {"by",           "from",      "to",    "asof",
                                         "lead_unit_id", "leader_id", "month", NULL};
    if (!params_check(c, params))
        return;
    fu_filter f;
    const char *bucket;
    if (!fu_query_filter(c, &f, &bucket, false))
        return;
    fu_count *rows, total;
    web_err e = {0};
    int n = followup_report(c, &f, &rows, &total, &e);
    if (n < 0) {
        web_err_respond(c, &e);
        return;
    }
    json_t *arr = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(arr, json_pack("{s:s, s:s, s:o}", "key", rows[i].key, "name",
                                             rows[i].name, "counts", counts_json(&rows[i])));
    respond_json(c, 200,
                 json_pack("{s:s, s:s, s:s, s:s, s:o, s:o}", "by", f.by, "from", f.from, "to", f.to,
                           "asof", f.asof ? f.asof : fu_today(c), "rows", arr, "total",
                           counts_json(&total)));
}

static int coop_ids(ctx *c, json_t *item, fu_item_in *it, const char *field, web_err *e)
{
    json_t *arr = json_object_get(item, "coop_unit_ids");
    if (!arr || json_is_null(arr))
        return 0;
    if (!json_is_array(arr) || json_array_size(arr) > FU_MAX_COOP) {
        web_err_add(e, 400, "invalid_input", field,
                    _("Đơn vị phối hợp là một danh sách mã đơn vị."));
        return -1;
    }
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v)
    {
        if (!json_is_integer(v) || json_integer_value(v) <= 0) {
            web_err_add(e, 400, "invalid_input", field,
                        _("Đơn vị phối hợp là một danh sách mã đơn vị."));
            return -1;
        }
        it->coop[it->n_coop++] = json_integer_value(v);
    }
    (void)c;
    return 0;
}

static void api_create(ctx *c)
{
    static const char *const members[] = {
        "source_kind", "source_id", "source_title", "assigned_by", "leader_user_id",
        "assigned_on", "priority",  "secrecy",      "items",       NULL};
    static const char *const item_members[] = {
        "clause", "content", "lead_unit_id", "coop_unit_ids", "due_date", "ongoing", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    if (!followup_may_assign(c)) { /* before the input: who may not assign learns only that */
        respond_api_fail(c, 403, _("Chỉ lãnh đạo, văn thư, chuyên viên văn phòng giao nhiệm vụ."));
        return;
    }
    web_err e = {0};
    fu_batch_in in = {0};
    int64_t v = 0;
    json_member_text(c, j, "source_kind", &in.source_kind, &e);
    json_member_id(c, j, "source_id", &in.source_id, &e);
    json_member_text(c, j, "source_title", &in.source_title, &e);
    json_member_text(c, j, "assigned_by", &in.assigned_by, &e);
    json_member_id(c, j, "leader_user_id", &in.leader_user_id, &e);
    json_member_date(c, j, "assigned_on", &in.assigned_on, &e);
    if (json_member_range(c, j, "priority", 0, 2, &v, &e) == PARAM_OK)
        in.priority = (int)v;
    int sec = 0;
    if (json_member_enum(c, j, "secrecy", secrecy_codes, &sec, &e) == PARAM_OK)
        in.secrecy = sec;
    json_t *items = json_object_get(j, "items");
    fu_item_in list[FU_MAX_ITEMS];
    memset(list, 0, sizeof list);
    if (!json_is_array(items) || json_array_size(items) == 0 ||
        json_array_size(items) > FU_MAX_ITEMS)
        web_err_add(&e, 400, "invalid_input", "items",
                    arena_printf(c->a, _("Nhập từ 1 đến %d nhiệm vụ."), FU_MAX_ITEMS));
    else {
        size_t i;
        json_t *it;
        json_array_foreach(items, i, it)
        {
            const char *f = arena_printf(c->a, "items.%zu", i);
            if (!json_is_object(it) || !params_members(c, it, f, item_members, &e))
                continue;
            fu_item_in *x = &list[i];
            bool ongoing = false;
            json_member_text(c, it, "clause", &x->clause, &e);
            json_member_text(c, it, "content", &x->content, &e);
            json_member_id(c, it, "lead_unit_id", &x->lead_unit_id, &e);
            x->due = json_text(c, it, "due_date");
            json_member_bool(c, it, "ongoing", &ongoing, &e);
            x->ongoing = ongoing;
            coop_ids(c, it, x, arena_printf(c->a, "items.%zu.coop", i), &e);
        }
        in.items = list;
        in.n_items = (int)json_array_size(items);
    }
    if (e.n) {
        web_err_respond(c, &e);
        return;
    }
    int64_t ids[FU_MAX_ITEMS];
    int n = followup_create(c, &in, ids, &e);
    if (n < 0) {
        fail(c, &e, in.suggestion);
        return;
    }
    json_t *arr = json_array(), *tasks = json_array();
    for (int i = 0; i < n; i++) {
        json_array_append_new(arr, json_integer(ids[i]));
        const fu_task *t = followup_get(c, ids[i]);
        if (t)
            json_array_append_new(tasks, followup_json(c, t));
    }
    respond_json(c, 201, json_pack("{s:o, s:o}", "ids", arr, "items", tasks));
}

static void api_get(ctx *c)
{
    if (!params_check(c, NULL))
        return;
    int64_t id = req_param_id(c->rq, "id");
    const fu_task *t = followup_get(c, id);
    if (!t) {
        respond_api_fail(c, 404, _("Không tìm thấy nhiệm vụ."));
        return;
    }
    json_t *j = followup_json(c, t);
    fu_event *ev;
    int ne = followup_events(c, id, &ev);
    json_t *events = json_array();
    for (int i = 0; i < ne; i++)
        json_array_append_new(events,
                              json_pack("{s:I, s:s, s:s, s:s, s:s?, s:s?, s:s?}", "id",
                                        (json_int_t)ev[i].id, "at", ev[i].at, "kind", ev[i].kind,
                                        "note", ev[i].note, "unit", ev[i].unit_name, "user",
                                        ev[i].user_name, "filename", ev[i].filename));
    json_object_set_new(j, "events", events);
    fu_extension *xs;
    int nx = followup_extensions(c, id, &xs);
    json_t *exts = json_array();
    for (int i = 0; i < nx; i++)
        json_array_append_new(exts, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s?, s:s?}", "id",
                                              (json_int_t)xs[i].id, "old_due", xs[i].old_due,
                                              "new_due", xs[i].new_due, "reason", xs[i].reason,
                                              "status", xs[i].status, "decided_on",
                                              xs[i].decided_on, "note", xs[i].note));
    json_object_set_new(j, "extensions", exts);
    respond_json(c, 200, j);
}

static void answer_task(ctx *c, int rc, const web_err *e, int64_t id, int status)
{
    if (rc < 0) {
        web_err_respond(c, e);
        return;
    }
    const fu_task *t = followup_get(c, id);
    respond_json(c, status, t ? followup_json(c, t) : json_object());
}

static void api_progress(ctx *c)
{
    static const char *const members[] = {"note", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    const char *note = NULL;
    json_member_text(c, j, "note", &note, &e);
    int64_t id = req_param_id(c->rq, "id");
    int64_t rc = e.n ? -1 : followup_progress(c, id, note, NULL, &e);
    if (rc < 0)
        web_err_respond(c, &e);
    else
        respond_json(c, 201, json_pack("{s:I}", "id", (json_int_t)rc));
}

static void api_complete(ctx *c)
{
    static const char *const members[] = {"outgoing_id", "note", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    int64_t oid = 0;
    const char *note = NULL;
    json_member_id(c, j, "outgoing_id", &oid, &e);
    json_member_text(c, j, "note", &note, &e);
    int64_t id = req_param_id(c->rq, "id");
    int rc = e.n ? -1 : followup_complete(c, id, oid, NULL, NULL, note, &e);
    answer_task(c, rc, &e, id, 200);
}

static void api_confirm(ctx *c)
{
    if (!params_json_optional(c, NULL))
        return;
    web_err e = {0};
    int64_t id = req_param_id(c->rq, "id");
    answer_task(c, followup_confirm(c, id, &e), &e, id, 200);
}

static void api_reason(ctx *c, int (*fn)(ctx *, int64_t, const char *, web_err *))
{
    static const char *const members[] = {"reason", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    const char *reason = NULL;
    json_member_text(c, j, "reason", &reason, &e);
    int64_t id = req_param_id(c->rq, "id");
    int rc = e.n ? -1 : fn(c, id, reason, &e);
    answer_task(c, rc, &e, id, 200);
}

static void api_return(ctx *c)
{
    api_reason(c, followup_return);
}

static void api_cancel(ctx *c)
{
    api_reason(c, followup_cancel);
}

static void api_extend(ctx *c)
{
    static const char *const members[] = {"new_due", "reason", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    const char *due = NULL, *reason = NULL;
    json_member_text(c, j, "new_due", &due, &e);
    json_member_text(c, j, "reason", &reason, &e);
    char sug[11] = "";
    int64_t id = req_param_id(c->rq, "id");
    int64_t rc = e.n ? -1 : followup_extend_request(c, id, due, reason, sug, &e);
    if (rc < 0)
        fail(c, &e, sug);
    else
        respond_json(c, 201, json_pack("{s:I}", "id", (json_int_t)rc));
}

static const char *const decisions[] = {"approve", "refuse", NULL};

static void api_decide(ctx *c)
{
    static const char *const members[] = {"decision", "note", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    int d = -1;
    const char *note = NULL;
    if (json_member_enum(c, j, "decision", decisions, &d, &e) == PARAM_ABSENT)
        web_err_add(&e, 400, "invalid_input", "decision", _("Chọn đồng ý hoặc không đồng ý."));
    json_member_text(c, j, "note", &note, &e);
    int rc = e.n ? -1 : followup_extend_decide(c, req_param_id(c->rq, "id"), d == 0, note, &e);
    if (rc < 0)
        web_err_respond(c, &e);
    else
        respond_json(c, 200, json_pack("{s:s}", "status", d == 0 ? "approved" : "refused"));
}

void followup_api_routes(void)
{
    route_add("GET", "/api/v1/followup", api_list, ROUTE_API);
    route_add("POST", "/api/v1/followup", api_create, ROUTE_API);
    route_add("GET", "/api/v1/followup/report", api_report, ROUTE_API);
    route_add("POST", "/api/v1/followup/extensions/{id}/decide", api_decide, ROUTE_API);
    route_add("GET", "/api/v1/followup/{id}", api_get, ROUTE_API);
    route_add("POST", "/api/v1/followup/{id}/progress", api_progress, ROUTE_API);
    route_add("POST", "/api/v1/followup/{id}/complete", api_complete, ROUTE_API);
    route_add("POST", "/api/v1/followup/{id}/confirm", api_confirm, ROUTE_API);
    route_add("POST", "/api/v1/followup/{id}/return", api_return, ROUTE_API);
    route_add("POST", "/api/v1/followup/{id}/extend", api_extend, ROUTE_API);
    route_add("POST", "/api/v1/followup/{id}/cancel", api_cancel, ROUTE_API);
}
