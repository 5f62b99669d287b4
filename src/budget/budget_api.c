/* The JSON API of the budget, /api/v1/budget… (docs/api.md "Budget"). Amounts are JSON
 * integers of đồng; a fraction, a string or a negative number is refused with 400. */
#include <string.h>

#include <jansson.h>

#include "base/i18n.h"
#include "budget/budget.h"
#include "budget/budget_web.h"
#include "http/router.h"
#include "org/org.h"
#include "web/dates.h"
#include "web/errors.h"
#include "web/params.h"
#include "web/respond.h"

static json_t *budget_json(ctx *c, const budget *b, bool detail)
{
    json_t *j = json_pack(
        "{s:I, s:I, s:s, s:i, s:s, s:s, s:i, s:s, s:s, s:I}", "id", (json_int_t)b->id, "unit_id",
        (json_int_t)b->unit_id, "unit_name", b->unit_name, "year", b->year, "kind", b->kind,
        "kind_label", budget_kind_label(b->kind), "version", b->version, "status", b->status,
        "status_label", budget_status_label(b->status), "total", (json_int_t)b->total);
    json_object_set_new(j, "supersedes_id",
                        b->supersedes_id > 0 ? json_integer(b->supersedes_id) : json_null());
    json_object_set_new(j, "outgoing_id",
                        b->outgoing_id > 0 ? json_integer(b->outgoing_id) : json_null());
    json_object_set_new(j, "outgoing_notation",
                        b->outgoing_notation ? json_string(b->outgoing_notation) : json_null());
    if (detail) {
        budget_amount *a;
        int n = budget_amounts(c, b->id, &a);
        json_t *arr = json_array();
        for (int i = 0; i < n; i++)
            json_array_append_new(
                arr, json_pack("{s:I, s:s, s:I}", "line_id", (json_int_t)a[i].line_id, "line_name",
                               a[i].line_name, "amount", (json_int_t)a[i].amount));
        json_object_set_new(j, "amounts", arr);
    }
    return j;
}

static bool refused(ctx *c, const web_err *e)
{
    if (!e->n)
        return false;
    web_err_respond(c, e);
    return true;
}

static int this_year(ctx *c)
{
    return atoi(web_today(c));
}

static void api_lines(ctx *c)
{
    static const char *const params[] = {"year", "all", NULL};
    if (!params_check(c, params))
        return;
    web_err e = {0};
    int64_t year = this_year(c), all = 0;
    query_range(c, "year", 2000, 2099, &year, &e);
    query_range(c, "all", 0, 1, &all, &e);
    if (refused(c, &e))
        return;
    json_t *a = json_array();
    if (all) {
        budget_line_row *r;
        int n = budget_lines_all(c, 0, &r);
        for (int i = 0; i < n; i++)
            json_array_append_new(a, bw_line_row_json(&r[i]));
        respond_json(c, 200, json_pack("{s:o}", "items", a));
        return;
    }
    budget_line *l;
    int n = budget_lines_of_year(c, (int)year, &l);
    for (int i = 0; i < n; i++)
        json_array_append_new(
            a, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:s}", "id", (json_int_t)l[i].id,
                         "code", l[i].code, "name", l[i].name, "group", l[i].grp, "group_label",
                         budget_grp_label(l[i].grp), "valid_from", l[i].valid_from, "valid_to",
                         l[i].valid_to ? json_string(l[i].valid_to) : json_null(), "source",
                         l[i].source));
    respond_json(c, 200, json_pack("{s:I, s:o}", "year", (json_int_t)year, "items", a));
}

static void api_list(ctx *c)
{
    static const char *const params[] = {"year", "unit_id", NULL};
    if (!params_check(c, params))
        return;
    web_err e = {0};
    int64_t year = 0, unit_id = 0;
    query_range(c, "year", 2000, 2099, &year, &e);
    query_id(c, "unit_id", &unit_id, &e);
    if (refused(c, &e))
        return;
    budget *v;
    int n = budget_list(c, (int)year, unit_id, &v);
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, budget_json(c, &v[i], false));
    respond_json(c, 200, json_pack("{s:i, s:o}", "total", n > 0 ? n : 0, "items", a));
}

/* "amounts": [{"line_id": 3, "amount": 1500000}, …] — integers only. */
static int read_amounts(ctx *c, json_t *j, int64_t *ids, int64_t *am, web_err *e)
{
    json_t *arr = json_object_get(j, "amounts");
    if (!arr || json_is_null(arr))
        return 0;
    if (!json_is_array(arr) || json_array_size(arr) > BUDGET_MAX_LINES) {
        web_err_add(e, 400, "invalid_input", "amounts",
                    _("\"amounts\" là danh sách {\"line_id\", \"amount\"} (tối đa 64 mục)."));
        return -1;
    }
    int n = 0;
    size_t i;
    json_t *it;
    json_array_foreach(arr, i, it)
    {
        json_t *l = json_object_get(it, "line_id"), *a = json_object_get(it, "amount");
        if (!json_is_object(it) || json_object_size(it) != 2 || !json_is_integer(l) ||
            json_integer_value(l) <= 0) {
            web_err_add(e, 400, "invalid_input", "amounts",
                        _("Mỗi mục gồm đúng \"line_id\" (số) và \"amount\"."));
            return -1;
        }
        if (!json_is_integer(a) || json_integer_value(a) < 0) {
            web_err_add(e, 400, "invalid_input", "amounts",
                        _("Số tiền là số nguyên đồng không âm (không có phần thập phân)."));
            return -1;
        }
        ids[n] = json_integer_value(l);
        am[n++] = json_integer_value(a);
    }
    return n;
}

static void api_create(ctx *c)
{
    static const char *const members[] = {"unit_id", "year", "amounts", "note", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    int64_t unit_id = 0, year = 0, ids[BUDGET_MAX_LINES], am[BUDGET_MAX_LINES];
    const char *note = NULL;
    json_member_id(c, j, "unit_id", &unit_id, &e);
    json_member_range(c, j, "year", 2000, 2099, &year, &e);
    json_member_text(c, j, "note", &note, &e);
    if (!unit_id && !e.n)
        web_err_add(&e, 400, "invalid_input", "unit_id", _("Chọn tổ chức đảng."));
    if (!year && !e.n)
        web_err_add(&e, 400, "invalid_input", "year", _("Nhập năm ngân sách."));
    int n = e.n ? 0 : read_amounts(c, j, ids, am, &e);
    if (refused(c, &e))
        return;
    int64_t id = budget_create_estimate(c, unit_id, (int)year, ids, am, n, note, &e);
    if (id < 0) {
        web_err_respond(c, &e);
        return;
    }
    respond_json(c, 201, budget_json(c, budget_get(c, id), true));
}

static void api_get(ctx *c)
{
    if (!params_check(c, NULL))
        return;
    const budget *b = budget_get(c, req_param_id(c->rq, "id"));
    if (!b) {
        respond_api_fail(c, 404, _("Không tìm thấy dự toán."));
        return;
    }
    respond_json(c, 200, budget_json(c, b, true));
}

static void api_amounts(ctx *c)
{
    static const char *const members[] = {"amounts", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    int64_t ids[BUDGET_MAX_LINES], am[BUDGET_MAX_LINES], id = req_param_id(c->rq, "id");
    int n = read_amounts(c, j, ids, am, &e);
    if (refused(c, &e))
        return;
    if (budget_set_amounts(c, id, ids, am, n, &e) != 0) {
        web_err_respond(c, &e);
        return;
    }
    respond_json(c, 200, budget_json(c, budget_get(c, id), true));
}

static void step(ctx *c, int (*fn)(ctx *, int64_t, web_err *))
{
    if (!params_json_optional(c, NULL))
        return;
    int64_t id = req_param_id(c->rq, "id");
    web_err e = {0};
    if (fn(c, id, &e) != 0) {
        web_err_respond(c, &e);
        return;
    }
    respond_json(c, 200, budget_json(c, budget_get(c, id), true));
}

static void api_submit(ctx *c)
{
    step(c, budget_submit);
}

static void api_approve(ctx *c)
{
    step(c, budget_approve);
}

static void api_issue(ctx *c)
{
    if (!params_json_optional(c, NULL))
        return;
    int64_t id = req_param_id(c->rq, "id");
    web_err e = {0};
    int64_t oid = budget_issue(c, id, &e);
    if (oid < 0) {
        web_err_respond(c, &e);
        return;
    }
    respond_json(c, 201, budget_json(c, budget_get(c, id), true));
}

static void api_revise(ctx *c)
{
    if (!params_json_optional(c, NULL))
        return;
    web_err e = {0};
    int64_t nid = budget_revise(c, req_param_id(c->rq, "id"), &e);
    if (nid < 0) {
        web_err_respond(c, &e);
        return;
    }
    respond_json(c, 201, budget_json(c, budget_get(c, nid), true));
}

static void api_settle(ctx *c)
{
    static const char *const members[] = {"unit_id", "year", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    int64_t unit_id = 0, year = 0;
    json_member_id(c, j, "unit_id", &unit_id, &e);
    json_member_range(c, j, "year", 2000, 2099, &year, &e);
    if (!year && !e.n)
        web_err_add(&e, 400, "invalid_input", "year", _("Nhập năm ngân sách."));
    if (refused(c, &e))
        return;
    int64_t id = budget_settle(c, unit_id, (int)year, &e);
    if (id < 0) {
        web_err_respond(c, &e);
        return;
    }
    respond_json(c, 201, budget_json(c, budget_get(c, id), true));
}

static json_t *spend_json(const budget_spend *s)
{
    return json_pack("{s:I, s:I, s:i, s:s, s:I, s:s, s:I, s:s, s:o, s:b}", "id", (json_int_t)s->id,
                     "unit_id", (json_int_t)s->unit_id, "year", s->year, "spent_on", s->spent_on,
                     "line_id", (json_int_t)s->line_id, "line_name", s->line_name, "amount",
                     (json_int_t)s->amount, "voucher_no", s->voucher_no, "note",
                     s->note ? json_string(s->note) : json_null(), "over_estimate", s->over);
}

static void api_spending(ctx *c)
{
    static const char *const params[] = {"unit_id", "year", NULL};
    if (!params_check(c, params))
        return;
    web_err e = {0};
    int64_t unit_id = 0, year = this_year(c);
    query_id(c, "unit_id", &unit_id, &e);
    query_range(c, "year", 2000, 2099, &year, &e);
    if (!unit_id && !e.n)
        unit_id = c->user->unit_id;
    if (refused(c, &e))
        return;
    if (!org_unit_in_scope(c, unit_id)) {
        respond_api_fail(c, 404, _("Không tìm thấy tổ chức đảng."));
        return;
    }
    budget_spend *s;
    int n = budget_spending(c, unit_id, (int)year, &s);
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, spend_json(&s[i]));
    respond_json(c, 200, json_pack("{s:i, s:o}", "total", n > 0 ? n : 0, "items", a));
}

static void api_spend(ctx *c)
{
    static const char *const members[] = {"unit_id",    "spent_on", "line_id", "amount",
                                          "voucher_no", "note",     NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    budget_spend_in in = {0};
    json_member_id(c, j, "unit_id", &in.unit_id, &e);
    json_member_id(c, j, "line_id", &in.line_id, &e);
    json_member_date(c, j, "spent_on", &in.spent_on, &e);
    json_member_text(c, j, "voucher_no", &in.voucher_no, &e);
    json_member_text(c, j, "note", &in.note, &e);
    json_t *a = json_object_get(j, "amount");
    if (!json_is_integer(a) || json_integer_value(a) <= 0)
        web_err_add(&e, 400, "invalid_input", "amount",
                    _("Số tiền chi là số nguyên đồng lớn hơn 0 (không có phần thập phân)."));
    else
        in.amount = json_integer_value(a);
    if (!in.unit_id && !e.n)
        web_err_add(&e, 400, "invalid_input", "unit_id", _("Chọn tổ chức đảng."));
    if (refused(c, &e))
        return;
    const char *warn = NULL;
    int64_t id = budget_spend_add(c, &in, &warn, &e);
    if (id < 0) {
        web_err_respond(c, &e);
        return;
    }
    json_t *r = json_pack("{s:I}", "id", (json_int_t)id);
    json_object_set_new(r, "warning", warn ? json_string(warn) : json_null());
    respond_json(c, 201, r);
}

static json_t *fig_json(const budget_fig *f)
{
    return json_pack("{s:I, s:I, s:I}", "estimate", (json_int_t)f->estimate, "spent",
                     (json_int_t)f->spent, "settled", (json_int_t)f->settled);
}

static void api_report(ctx *c)
{
    static const char *const params[] = {"year", "unit_id", NULL};
    if (!params_check(c, params))
        return;
    web_err e = {0};
    int64_t year = this_year(c), root = 0;
    query_range(c, "year", 2000, 2099, &year, &e);
    query_id(c, "unit_id", &root, &e);
    if (!root && !e.n)
        root = budget_report_default_root(c);
    budget_report r;
    if (refused(c, &e) || budget_report_build(c, (int)year, root, &r, &e) != 0) {
        if (e.n)
            web_err_respond(c, &e);
        return;
    }
    json_t *lines = json_array(), *units = json_array();
    for (int i = 0; i < r.n_lines; i++) {
        json_t *o = fig_json(&r.lines[i].f);
        json_object_set_new(o, "line_id", json_integer(r.lines[i].line_id));
        json_object_set_new(o, "name", json_string(r.lines[i].name));
        json_array_append_new(lines, o);
    }
    for (int i = 0; i < r.n_units; i++)
        json_array_append_new(
            units, json_pack("{s:I, s:s, s:i, s:o, s:o}", "unit_id", (json_int_t)r.units[i].unit_id,
                             "name", r.units[i].name, "depth", r.units[i].depth, "own",
                             fig_json(&r.units[i].own), "tree", fig_json(&r.units[i].tree)));
    respond_json(c, 200,
                 json_pack("{s:i, s:I, s:o, s:o, s:o}", "year", r.year, "unit_id", (json_int_t)root,
                           "total", fig_json(&r.total), "lines", lines, "units", units));
}

static void api_calendar(ctx *c)
{
    static const char *const params[] = {"year", NULL};
    if (!params_check(c, params))
        return;
    web_err e = {0};
    int64_t year = this_year(c);
    query_range(c, "year", 2000, 2099, &year, &e);
    if (refused(c, &e))
        return;
    const char *est, *settle;
    budget_calendar(c, (int)year, &est, &settle);
    respond_json(c, 200,
                 json_pack("{s:I, s:s, s:s, s:b}", "year", (json_int_t)year, "estimate_due", est,
                           "settlement_due", settle, "verified", 0));
}

void bw_api_routes(void)
{
    route_add("GET", "/api/v1/budget/lines", api_lines, ROUTE_API);
    route_add("GET", "/api/v1/budget/calendar", api_calendar, ROUTE_API);
    route_add("GET", "/api/v1/budget/report", api_report, ROUTE_API);
    route_add("GET", "/api/v1/budget/spending", api_spending, ROUTE_API);
    route_add("POST", "/api/v1/budget/spending", api_spend, ROUTE_API);
    route_add("POST", "/api/v1/budget/settle", api_settle, ROUTE_API);
    route_add("GET", "/api/v1/budget", api_list, ROUTE_API);
    route_add("POST", "/api/v1/budget", api_create, ROUTE_API);
    route_add("GET", "/api/v1/budget/{id}", api_get, ROUTE_API);
    route_add("POST", "/api/v1/budget/{id}/amounts", api_amounts, ROUTE_API);
    route_add("POST", "/api/v1/budget/{id}/submit", api_submit, ROUTE_API);
    route_add("POST", "/api/v1/budget/{id}/approve", api_approve, ROUTE_API);
    route_add("POST", "/api/v1/budget/{id}/issue", api_issue, ROUTE_API);
    route_add("POST", "/api/v1/budget/{id}/revise", api_revise, ROUTE_API);
}
