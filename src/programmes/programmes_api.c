/* The JSON API of the work programmes, /api/v1/programmes… (docs/api.md "Programmes"). */
#include <string.h>

#include <jansson.h>

#include "base/i18n.h"
#include "http/router.h"
#include "programmes/programmes.h"
#include "programmes/programmes_web.h"
#include "web/dates.h"
#include "web/errors.h"
#include "web/params.h"
#include "web/respond.h"

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *id_or_null(int64_t id)
{
    return id > 0 ? json_integer(id) : json_null();
}

static json_t *programme_json(const programme *p)
{
    json_t *j = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:i, s:i, s:i, s:s, s:s, s:s, s:s, s:i}",
                          "id", (json_int_t)p->id, "unit_id", (json_int_t)p->unit_id, "unit_name",
                          p->unit_name, "body", p->body, "kind", p->kind, "title", p->title, "year",
                          p->year, "period", p->period, "version", p->version, "start_date",
                          p->start_date, "end_date", p->end_date, "status", p->status,
                          "status_label", prog_status_label(p->status), "items", p->n_items);
    json_object_set_new(j, "parent_id", id_or_null(p->parent_id));
    json_object_set_new(j, "supersedes_id", id_or_null(p->supersedes_id));
    json_object_set_new(j, "outgoing_id", id_or_null(p->outgoing_id));
    json_object_set_new(j, "outgoing_notation", str_or_null(p->outgoing_notation));
    return j;
}

static json_t *item_json(const prog_item *it)
{
    json_t *coop = json_array();
    for (int i = 0; i < it->n_coop; i++)
        json_array_append_new(coop, json_integer(it->coop_ids[i]));
    json_t *j =
        json_pack("{s:I, s:I, s:i, s:s, s:s, s:s, s:I, s:s, s:o, s:s, s:s, s:s, s:s}", "id",
                  (json_int_t)it->id, "programme_id", (json_int_t)it->programme_id, "seq", it->seq,
                  "title", it->title, "doc_form", it->doc_form, "deciding_body", it->deciding_body,
                  "lead_unit_id", (json_int_t)it->lead_unit_id, "lead_unit_name",
                  it->lead_unit_name, "coop_unit_ids", coop, "due_date", it->due_date, "status",
                  it->status, "status_label", item_status_label(it->status), "programme_title",
                  it->programme_title ? it->programme_title : "");
    json_object_set_new(j, "planned_month",
                        it->planned_month ? json_integer(it->planned_month) : json_null());
    json_object_set_new(j, "planned_date", str_or_null(it->planned_date));
    json_object_set_new(j, "status_reason", str_or_null(it->status_reason));
    json_object_set_new(j, "preparer_user_id", id_or_null(it->preparer_user_id));
    json_object_set_new(j, "result_outgoing_id", id_or_null(it->result_outgoing_id));
    json_object_set_new(j, "origin_item_id", id_or_null(it->origin_item_id));
    json_object_set_new(j, "origin_kind", str_or_null(it->origin_kind));
    json_object_set_new(j, "carried_to_item_id", id_or_null(it->carried_to_item_id));
    return j;
}

static json_t *items_json(prog_item *v, int n)
{
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, item_json(&v[i]));
    return a;
}

static bool refused(ctx *c, const web_err *e)
{
    if (!e->n)
        return false;
    web_err_respond(c, e);
    return true;
}

static void api_list(ctx *c)
{
    static const char *const params[] = {"year", "unit_id", "body", "kind", NULL};
    if (!params_check(c, params))
        return;
    web_err e = {0};
    int64_t year = 0, unit_id = 0;
    int b = -1, k = -1;
    query_range(c, "year", 1930, 2099, &year, &e);
    query_id(c, "unit_id", &unit_id, &e);
    query_enum(c, "body", prog_body_codes, &b, &e);
    query_enum(c, "kind", prog_kind_codes, &k, &e);
    if (refused(c, &e))
        return;
    prog_filter f = {.unit_id = unit_id,
                     .year = (int)year,
                     .body = b >= 0 ? prog_body_codes[b] : NULL,
                     .kind = k >= 0 ? prog_kind_codes[k] : NULL};
    programme *ps;
    int n = prog_list(c, &f, &ps);
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, programme_json(&ps[i]));
    respond_json(c, 200, json_pack("{s:i, s:o}", "total", n, "items", a));
}

static void api_create(ctx *c)
{
    static const char *const members[] = {"unit_id", "body",  "kind", "year",
                                          "period",  "title", "note", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    int64_t unit_id = 0, year = 0, period = 0;
    const char *body = NULL, *kind = NULL, *title = NULL, *note = NULL;
    json_member_id(c, j, "unit_id", &unit_id, &e);
    json_member_text(c, j, "body", &body, &e);
    json_member_text(c, j, "kind", &kind, &e);
    json_member_range(c, j, "year", 1930, 2099, &year, &e);
    json_member_range(c, j, "period", 0, 53, &period, &e);
    json_member_text(c, j, "title", &title, &e);
    json_member_text(c, j, "note", &note, &e);
    if (!unit_id && !e.n)
        unit_id = c->user->unit_id;
    if (refused(c, &e))
        return;
    prog_new in = {.unit_id = unit_id,
                   .body = body,
                   .kind = kind,
                   .year = (int)year,
                   .period = (int)period,
                   .title = title,
                   .note = note};
    int64_t id = prog_create(c, &in, &e);
    if (id < 0) {
        web_err_respond(c, &e);
        return;
    }
    respond_json(c, 201, programme_json(prog_get(c, id)));
}

static void api_get(ctx *c)
{
    if (!params_check(c, NULL))
        return;
    const programme *p = prog_get(c, req_param_id(c->rq, "id"));
    if (!p) {
        respond_api_fail(c, 404, _("Không tìm thấy chương trình."));
        return;
    }
    prog_item *items;
    int n = prog_items(c, p->id, &items);
    json_t *j = programme_json(p);
    json_object_set_new(j, "item_list", items_json(items, n));
    respond_json(c, 200, j);
}

static void api_bodies(ctx *c)
{
    static const char *const params[] = {"unit_id", NULL};
    if (!params_check(c, params))
        return;
    web_err e = {0};
    int64_t unit_id = c->user->unit_id;
    query_id(c, "unit_id", &unit_id, &e);
    if (refused(c, &e))
        return;
    prog_body *b;
    int n = prog_bodies(c, unit_id, &b);
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, json_pack("{s:s, s:s, s:s}", "body", b[i].body, "name", b[i].name,
                                           "kinds", b[i].kinds));
    respond_json(c, 200, json_pack("{s:I, s:o}", "unit_id", (json_int_t)unit_id, "bodies", a));
}

/* Reads an item's fields from the JSON body (adding and editing take the same); false when the
 * answer was already sent. */
static bool item_from_json(ctx *c, item_in *in)
{
    static const char *const members[] = {"title",         "doc_form",
                                          "deciding_body", "lead_unit_id",
                                          "coop_unit_ids", "preparer_user_id",
                                          "planned_month", "planned_date",
                                          "note",          NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return false;
    web_err e = {0};
    *in = (item_in){0};
    int64_t lead = 0, prep = 0, month = 0;
    json_member_text(c, j, "title", &in->title, &e);
    json_member_text(c, j, "doc_form", &in->doc_form, &e);
    json_member_text(c, j, "deciding_body", &in->deciding_body, &e);
    json_member_id(c, j, "lead_unit_id", &lead, &e);
    json_member_id(c, j, "preparer_user_id", &prep, &e);
    json_member_range(c, j, "planned_month", 1, 12, &month, &e);
    json_member_date(c, j, "planned_date", &in->planned_date, &e);
    json_member_text(c, j, "note", &in->note, &e);
    json_t *coop = json_object_get(j, "coop_unit_ids");
    int64_t *ids = arena_alloc(c->a, sizeof *ids * (PROG_MAX_COOP + 1));
    if (coop && !json_is_null(coop)) {
        if (!json_is_array(coop))
            web_err_add(&e, 400, "invalid_input", "coop_unit_ids",
                        _("Cơ quan phối hợp là một danh sách mã đơn vị."));
        else {
            size_t i;
            json_t *v;
            json_array_foreach(coop, i, v)
            {
                if (!json_is_integer(v) || json_integer_value(v) <= 0) {
                    web_err_add(&e, 400, "invalid_input", "coop_unit_ids",
                                _("Cơ quan phối hợp là một danh sách mã đơn vị."));
                    break;
                }
                if (in->n_coop <= PROG_MAX_COOP)
                    ids[in->n_coop++] = json_integer_value(v);
            }
        }
    }
    if (refused(c, &e))
        return false;
    in->lead_unit_id = lead;
    in->preparer_user_id = prep;
    in->planned_month = (int)month;
    in->coop_ids = ids;
    return true;
}

static void api_item_add(ctx *c)
{
    item_in in;
    if (!item_from_json(c, &in))
        return;
    web_err e = {0};
    int64_t id = prog_item_add(c, req_param_id(c->rq, "id"), &in, &e);
    if (id < 0) {
        web_err_respond(c, &e);
        return;
    }
    respond_json(c, 201, item_json(prog_item_get(c, id)));
}

static void api_item_edit(ctx *c)
{
    item_in in;
    if (!item_from_json(c, &in))
        return;
    web_err e = {0};
    int64_t id = req_param_id(c->rq, "id");
    if (prog_item_update(c, id, &in, &e) != 0) {
        web_err_respond(c, &e);
        return;
    }
    respond_json(c, 200, item_json(prog_item_get(c, id)));
}

static void api_item_delete(ctx *c)
{
    if (!params_json_optional(c, NULL))
        return;
    web_err e = {0};
    if (prog_item_delete(c, req_param_id(c->rq, "id"), &e) != 0) {
        web_err_respond(c, &e);
        return;
    }
    respond_json(c, 200, json_pack("{s:b}", "deleted", 1));
}

static void api_return(ctx *c)
{
    static const char *const members[] = {"reason", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    const char *reason = NULL;
    json_member_text(c, j, "reason", &reason, &e);
    if (refused(c, &e))
        return;
    int64_t id = req_param_id(c->rq, "id");
    if (prog_return(c, id, reason, &e) != 0) {
        web_err_respond(c, &e);
        return;
    }
    respond_json(c, 200, programme_json(prog_get(c, id)));
}

typedef int64_t (*prog_act_fn)(ctx *c, int64_t id, web_err *e);

static int64_t do_submit(ctx *c, int64_t id, web_err *e)
{
    return prog_submit(c, id, e);
}
static int64_t do_approve(ctx *c, int64_t id, web_err *e)
{
    return prog_approve(c, id, e);
}

static void act(ctx *c, prog_act_fn fn, bool answer_new)
{
    if (!params_json_optional(c, NULL))
        return;
    int64_t id = req_param_id(c->rq, "id");
    web_err e = {0};
    int64_t rc = fn(c, id, &e);
    if (rc < 0) {
        web_err_respond(c, &e);
        return;
    }
    if (answer_new)
        respond_json(c, 201, programme_json(prog_get(c, rc)));
    else
        respond_json(c, 200, programme_json(prog_get(c, id)));
}

static void api_submit(ctx *c)
{
    act(c, do_submit, false);
}
static void api_approve(ctx *c)
{
    act(c, do_approve, false);
}
static void api_revise(ctx *c)
{
    act(c, prog_revise, true);
}

static void api_issue(ctx *c)
{
    if (!params_json_optional(c, NULL))
        return;
    int64_t id = req_param_id(c->rq, "id");
    web_err e = {0};
    int64_t oid = prog_issue(c, id, &e);
    if (oid < 0) {
        web_err_respond(c, &e);
        return;
    }
    json_t *j = programme_json(prog_get(c, id));
    respond_json(c, 201, j);
}

static void api_derive(ctx *c)
{
    static const char *const members[] = {"kind", "period", "item_ids", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    const char *kind = NULL;
    int64_t period = 0;
    json_member_text(c, j, "kind", &kind, &e);
    json_member_range(c, j, "period", 1, 12, &period, &e);
    json_t *arr = json_object_get(j, "item_ids");
    int n = 0;
    int64_t *ids = arena_alloc(c->a, sizeof *ids * (PROG_MAX_PICK + 1));
    if (!json_is_array(arr))
        web_err_add(&e, 400, "invalid_input", "item_ids",
                    _("Chọn ít nhất một nội dung từ chương trình gốc."));
    else {
        size_t i;
        json_t *v;
        json_array_foreach(arr, i, v)
        {
            if (!json_is_integer(v) || json_integer_value(v) <= 0) {
                web_err_add(&e, 400, "invalid_input", "item_ids",
                            _("Nội dung được chọn không hợp lệ."));
                break;
            }
            if (n <= PROG_MAX_PICK)
                ids[n++] = json_integer_value(v);
        }
    }
    if (refused(c, &e))
        return;
    int64_t nid = prog_derive(c, req_param_id(c->rq, "id"), kind, (int)period, ids, n, &e);
    if (nid < 0) {
        web_err_respond(c, &e);
        return;
    }
    respond_json(c, 201, programme_json(prog_get(c, nid)));
}

static void api_item_get(ctx *c)
{
    if (!params_check(c, NULL))
        return;
    const prog_item *it = prog_item_get(c, req_param_id(c->rq, "id"));
    if (!it) {
        respond_api_fail(c, 404, _("Không tìm thấy nội dung chương trình."));
        return;
    }
    json_t *j = item_json(it);
    prog_event *ev;
    int n = prog_item_history(c, it->id, &ev);
    json_t *h = json_array();
    for (int i = 0; i < n; i++) {
        json_t *x = json_pack("{s:I, s:s, s:s, s:s, s:s}", "item_id", (json_int_t)ev[i].item_id,
                              "at", ev[i].at, "actor", ev[i].actor_name, "action", ev[i].action,
                              "programme_title", ev[i].programme_title);
        json_object_set_new(x, "from_status", str_or_null(ev[i].from_status));
        json_object_set_new(x, "to_status", str_or_null(ev[i].to_status));
        json_object_set_new(x, "reason", str_or_null(ev[i].reason));
        json_array_append_new(h, x);
    }
    json_object_set_new(j, "history", h);
    respond_json(c, 200, j);
}

static void api_item_status(ctx *c)
{
    static const char *const members[] = {"status", "reason", "result_outgoing_id", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    const char *status = NULL, *reason = NULL;
    int64_t result = 0;
    json_member_text(c, j, "status", &status, &e);
    json_member_text(c, j, "reason", &reason, &e);
    json_member_id(c, j, "result_outgoing_id", &result, &e);
    if (refused(c, &e))
        return;
    int64_t id = req_param_id(c->rq, "id");
    if (prog_item_status(c, id, status, reason, result, &e) != 0) {
        web_err_respond(c, &e);
        return;
    }
    respond_json(c, 200, item_json(prog_item_get(c, id)));
}

static void api_item_carry(ctx *c)
{
    static const char *const members[] = {"target_id", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    int64_t target = 0;
    json_member_id(c, j, "target_id", &target, &e);
    if (refused(c, &e))
        return;
    int64_t nid = prog_item_carry(c, req_param_id(c->rq, "id"), target, &e);
    if (nid < 0) {
        web_err_respond(c, &e);
        return;
    }
    respond_json(c, 201, item_json(prog_item_get(c, nid)));
}

static void api_lead(ctx *c)
{
    static const char *const params[] = {"unit_id", "from", "to", NULL};
    if (!params_check(c, params))
        return;
    web_err e = {0};
    int64_t unit_id = c->user->unit_id;
    int year = pw_this_year(c);
    const char *from = arena_printf(c->a, "%04d-01-01", year),
               *to = arena_printf(c->a, "%04d-12-31", year);
    query_id(c, "unit_id", &unit_id, &e);
    query_date(c, "from", &from, &e);
    query_date(c, "to", &to, &e);
    if (refused(c, &e))
        return;
    prog_item *items;
    int n = prog_lead_items(c, unit_id, from, to, &items);
    if (n < 0) {
        respond_api_fail(c, 404, _("Không tìm thấy đơn vị."));
        return;
    }
    respond_json(c, 200,
                 json_pack("{s:I, s:s, s:s, s:i, s:o}", "unit_id", (json_int_t)unit_id, "from",
                           from, "to", to, "total", n, "items", items_json(items, n)));
}

static void api_overdue(ctx *c)
{
    if (!params_check(c, NULL))
        return;
    prog_item *items;
    int n = prog_overdue(c, &items);
    respond_json(c, 200,
                 json_pack("{s:s, s:i, s:o}", "today", web_today(c), "total", n, "items",
                           items_json(items, n)));
}

void pw_api_routes(void)
{
    route_add("GET", "/api/v1/programmes", api_list, ROUTE_API);
    route_add("POST", "/api/v1/programmes", api_create, ROUTE_API);
    route_add("GET", "/api/v1/programmes/bodies", api_bodies, ROUTE_API);
    route_add("GET", "/api/v1/programmes/lead", api_lead, ROUTE_API);
    route_add("GET", "/api/v1/programmes/overdue", api_overdue, ROUTE_API);
    route_add("GET", "/api/v1/programmes/items/{id}", api_item_get, ROUTE_API);
    route_add("POST", "/api/v1/programmes/items/{id}/status", api_item_status, ROUTE_API);
    route_add("POST", "/api/v1/programmes/items/{id}/carry", api_item_carry, ROUTE_API);
    route_add("POST", "/api/v1/programmes/items/{id}/edit", api_item_edit, ROUTE_API);
    route_add("POST", "/api/v1/programmes/items/{id}/delete", api_item_delete, ROUTE_API);
    route_add("GET", "/api/v1/programmes/{id}", api_get, ROUTE_API);
    route_add("POST", "/api/v1/programmes/{id}/items", api_item_add, ROUTE_API);
    route_add("POST", "/api/v1/programmes/{id}/submit", api_submit, ROUTE_API);
    route_add("POST", "/api/v1/programmes/{id}/return", api_return, ROUTE_API);
    route_add("POST", "/api/v1/programmes/{id}/approve", api_approve, ROUTE_API);
    route_add("POST", "/api/v1/programmes/{id}/issue", api_issue, ROUTE_API);
    route_add("POST", "/api/v1/programmes/{id}/revise", api_revise, ROUTE_API);
    route_add("POST", "/api/v1/programmes/{id}/derive", api_derive, ROUTE_API);
}
