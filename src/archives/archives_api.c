/* The JSON API of the archive (/api/v1/archives…; docs/api.md "Archives"). Every handler
 * declares its parameters (web/params.h); the service decides. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "archives/archives.h"
#include "archives/archives_impl.h"
#include "base/i18n.h"
#include "http/router.h"
#include "web/errors.h"
#include "web/params.h"
#include "web/respond.h"

static void fail(ctx *c, const ar_result *r)
{
    web_err e = {0};
    web_err_add(&e, r->status, respond_code_for(r->status), r->field, r->err);
    web_err_respond(c, &e);
}

static json_t *dossier_json(const ar_dossier *d)
{
    return json_pack("{s:I, s:I, s:s, s:s, s:s, s:s?, s:i, s:i, s:s?, s:s?, s:s?, s:i, s:b, "
                     "s:b}",
                     "id", (json_int_t)d->id, "unit_id", (json_int_t)d->unit_id, "code", d->code,
                     "title", d->title, "unit_name", d->unit_name, "closed_on", d->closed_on,
                     "year", d->year, "retention_years", d->retention_years, "due", d->due,
                     "deposited_on", d->deposited_on, "state", d->state, "doc_count", d->doc_count,
                     "held", d->held, "overdue", d->overdue);
}

static void list_out(ctx *c, int n, const ar_dossier *rows)
{
    if (n < 0) {
        respond_api_fail(c, 500, _(AR_MSG_DB));
        return;
    }
    json_t *arr = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(arr, dossier_json(&rows[i]));
    respond_json(c, 200, json_pack("{s:i, s:o}", "total", n, "items", arr));
}

static void api_due(ctx *c)
{
    static const char *const params[] = {"overdue", NULL};
    if (!params_check(c, params))
        return;
    web_err e = {0};
    bool overdue = false;
    query_bool(c, "overdue", &overdue, &e);
    if (e.n) {
        web_err_respond(c, &e);
        return;
    }
    ar_dossier *rows;
    int n = archives_due_list(c, overdue, &rows);
    list_out(c, n, rows);
}

static void api_historical(ctx *c)
{
    if (!params_check(c, NULL))
        return;
    ar_dossier *rows;
    int n = archives_historical_due(c, &rows);
    list_out(c, n, rows);
}

static void api_candidates(ctx *c)
{
    if (!params_check(c, NULL))
        return;
    if (!archives_is_archivist(c)) {
        respond_api_fail(c, 403, _("Chỉ bộ phận lưu trữ xem danh sách hồ sơ hết hạn."));
        return;
    }
    ar_dossier *rows;
    int n = archives_disposal_candidates(c, &rows);
    list_out(c, n, rows);
}

static void api_search(ctx *c)
{
    static const char *const params[] = {"q", "limit", NULL};
    if (!params_check(c, params))
        return;
    web_err e = {0};
    int64_t limit = 100;
    query_range(c, "limit", 1, AR_MAX_LIST, &limit, &e);
    if (e.n) {
        web_err_respond(c, &e);
        return;
    }
    ar_dossier *rows;
    int n = archives_search(c, req_query(c->rq, "q"), (int)limit, &rows);
    list_out(c, n, rows);
}

static void api_retention(ctx *c)
{
    if (!params_check(c, NULL))
        return;
    ar_retention *rows;
    int n = archives_retention_list(c, &rows);
    json_t *arr = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(
            arr, json_pack(
                     "{s:I, s:s, s:s, s:s, s:o, s:s, s:s?}", "id", (json_int_t)rows[i].id, "scheme",
                     rows[i].scheme, "code", rows[i].code, "heading", rows[i].heading, "years",
                     rows[i].years ? json_integer(rows[i].years) : json_null(), "effective_from",
                     rows[i].effective_from, "effective_to", rows[i].effective_to));
    respond_json(c, 200, json_pack("{s:o}", "items", arr));
}

static void api_retention_add(ctx *c)
{
    static const char *const members[] = {"scheme",         "code",         "heading", "years",
                                          "effective_from", "effective_to", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    ar_retention in = {0};
    int64_t years = 0;
    json_member_text(c, j, "scheme", &in.scheme, &e);
    json_member_text(c, j, "code", &in.code, &e);
    json_member_text(c, j, "heading", &in.heading, &e);
    json_member_range(c, j, "years", 0, 100, &years, &e);
    json_member_date(c, j, "effective_from", &in.effective_from, &e);
    json_member_date(c, j, "effective_to", &in.effective_to, &e);
    if (e.n) {
        web_err_respond(c, &e);
        return;
    }
    in.years = (int)years;
    ar_result r = {0};
    int64_t id = archives_retention_add(c, &in, &r);
    if (id < 0)
        fail(c, &r);
    else
        respond_json(c, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

static void api_heading_code(ctx *c)
{
    static const char *const members[] = {"retention_code", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    ar_result r = {0};
    if (archives_heading_set_code(c, req_param_id(c->rq, "id"), json_text(c, j, "retention_code"),
                                  &r) != 0)
        fail(c, &r);
    else
        respond_json(c, 200, json_pack("{s:b}", "ok", 1));
}

/* dossier_ids: a JSON array of positive integers, at most 1000. */
static int ids_of(ctx *c, json_t *j, int64_t **ids_r, web_err *e)
{
    json_t *a = json_object_get(j, "dossier_ids");
    if (!json_is_array(a) || json_array_size(a) == 0 || json_array_size(a) > 1000) {
        web_err_add(e, 422, "invalid_input", "dossier_ids",
                    _("Hãy chọn từ 1 đến 1000 hồ sơ (danh sách mã hồ sơ)."));
        return -1;
    }
    int64_t *ids = arena_alloc(c->a, sizeof *ids * json_array_size(a));
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v)
    {
        if (!json_is_integer(v) || json_integer_value(v) <= 0) {
            web_err_add(e, 422, "invalid_input", "dossier_ids",
                        _("Hãy chọn từ 1 đến 1000 hồ sơ (danh sách mã hồ sơ)."));
            return -1;
        }
        ids[i] = json_integer_value(v);
    }
    *ids_r = ids;
    return (int)json_array_size(a);
}

static void api_batch_create(ctx *c)
{
    static const char *const members[] = {"to_archive", "dossier_ids", "note", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    int64_t *ids = NULL;
    int n = ids_of(c, j, &ids, &e);
    const char *note = NULL;
    json_member_text(c, j, "note", &note, &e);
    if (e.n) {
        web_err_respond(c, &e);
        return;
    }
    const char *to = json_text(c, j, "to_archive");
    ar_result r = {0};
    int64_t id = archives_batch_create(c, to ? to : "current", ids, n, note, &r);
    if (id < 0)
        fail(c, &r);
    else
        respond_json(c, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

static void api_batches(ctx *c)
{
    if (!params_check(c, NULL))
        return;
    ar_batch *rows;
    int n = archives_batch_list(c, &rows);
    json_t *arr = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(
            arr, json_pack("{s:I, s:I, s:s, s:s, s:s, s:s?, s:s, s:i}", "id",
                           (json_int_t)rows[i].id, "unit_id", (json_int_t)rows[i].unit_id,
                           "to_archive", rows[i].to_archive, "status", rows[i].status, "created_at",
                           rows[i].created_at, "accepted_on", rows[i].accepted_on, "unit_name",
                           rows[i].unit_name, "dossiers", rows[i].n_dossiers));
    respond_json(c, 200, json_pack("{s:o}", "items", arr));
}

static void api_batch_minutes(ctx *c)
{
    if (!params_check(c, NULL))
        return;
    const char *t = archives_batch_minutes(c, req_param_id(c->rq, "id"));
    if (!t) {
        respond_api_fail(c, 404, _("Không tìm thấy lần giao nộp."));
        return;
    }
    respond_json(c, 200, json_pack("{s:s, s:i}", "minutes", t, "copies", 2));
}

static void api_batch_accept(ctx *c)
{
    if (!params_json_optional(c, NULL))
        return;
    ar_result r = {0};
    if (archives_batch_accept(c, req_param_id(c->rq, "id"), &r) != 0)
        fail(c, &r);
    else
        respond_json(c, 200, json_pack("{s:s}", "status", "accepted"));
}

static void api_hold(ctx *c)
{
    static const char *const members[] = {"dossier_id", "reason", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    ar_result r = {0};
    int64_t id = archives_hold_place(c, json_int(j, "dossier_id"), json_text(c, j, "reason"), &r);
    if (id < 0)
        fail(c, &r);
    else
        respond_json(c, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

static void api_hold_lift(ctx *c)
{
    static const char *const members[] = {"reason", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    ar_result r = {0};
    if (archives_hold_lift(c, req_param_id(c->rq, "id"), json_text(c, j, "reason"), &r) != 0)
        fail(c, &r);
    else
        respond_json(c, 200, json_pack("{s:b}", "ok", 1));
}

static void api_case(ctx *c)
{
    static const char *const members[] = {"dossier_ids", "council", "proposal_doc_id", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    int64_t *ids = NULL;
    int n = ids_of(c, j, &ids, &e);
    if (e.n) {
        web_err_respond(c, &e);
        return;
    }
    char *council = json_dumps(json_object_get(j, "council"), JSON_COMPACT | JSON_ENCODE_ANY);
    ar_result r = {0};
    int64_t id = archives_case_propose(c, ids, n, council, json_int(j, "proposal_doc_id"), &r);
    free(council);
    if (id < 0)
        fail(c, &r);
    else
        respond_json(c, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

static void api_case_secret(ctx *c)
{
    if (!params_json_optional(c, NULL))
        return;
    ar_result r = {0};
    if (archives_case_approve_secret(c, req_param_id(c->rq, "id"), &r) != 0)
        fail(c, &r);
    else
        respond_json(c, 200, json_pack("{s:b}", "ok", 1));
}

static void api_case_decide(ctx *c)
{
    static const char *const members[] = {"approve", "decision_doc_id", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    ar_result r = {0};
    bool approve = json_is_true(json_object_get(j, "approve"));
    if (archives_case_decide(c, req_param_id(c->rq, "id"), approve, json_int(j, "decision_doc_id"),
                             &r) != 0)
        fail(c, &r);
    else
        respond_json(c, 200, json_pack("{s:s}", "status", approve ? "approved" : "rejected"));
}

static void api_case_execute(ctx *c)
{
    if (!params_json_optional(c, NULL))
        return;
    ar_result r = {0};
    int n = archives_case_execute(c, req_param_id(c->rq, "id"), &r);
    if (n < 0)
        fail(c, &r);
    else
        respond_json(c, 200, json_pack("{s:i}", "destroyed", n));
}

static void api_access(ctx *c)
{
    static const char *const members[] = {"dossier_id", "reason", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    ar_result r = {0};
    int64_t id =
        archives_access_request(c, json_int(j, "dossier_id"), json_text(c, j, "reason"), &r);
    if (id < 0)
        fail(c, &r);
    else
        respond_json(c, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

static void api_access_decide(ctx *c)
{
    static const char *const members[] = {"grant", "until", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    ar_result r = {0};
    if (archives_access_grant(c, req_param_id(c->rq, "id"),
                              json_is_true(json_object_get(j, "grant")), json_text(c, j, "until"),
                              &r) != 0)
        fail(c, &r);
    else
        respond_json(c, 200, json_pack("{s:b}", "ok", 1));
}

static void api_scan_approve(ctx *c)
{
    static const char *const members[] = {"doc_kind", "doc_id", "note", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    ar_result r = {0};
    if (archives_scan_approve(c, json_text(c, j, "doc_kind"), json_int(j, "doc_id"),
                              json_text(c, j, "note"), &r) != 0)
        fail(c, &r);
    else
        respond_json(c, 201, json_pack("{s:b}", "ok", 1));
}

static void api_export(ctx *c)
{
    if (!params_check(c, NULL))
        return;
    json_t *j = archives_export_json(c, req_param_id(c->rq, "id"));
    if (!j) {
        respond_api_fail(c, 404, _("Không tìm thấy hồ sơ lưu trữ, hoặc chưa được phép khai thác."));
        return;
    }
    respond_json(c, 200, j);
}

static void api_batch_export(ctx *c)
{
    if (!params_check(c, NULL))
        return;
    json_t *j = archives_batch_export_json(c, req_param_id(c->rq, "id"));
    if (!j) {
        respond_api_fail(c, 404, _("Không tìm thấy lần giao nộp, hoặc chưa được phép khai thác."));
        return;
    }
    respond_json(c, 200, j);
}

static void api_case_draft(ctx *c)
{
    if (!params_json_optional(c, NULL))
        return;
    ar_result r = {0};
    int64_t oid = archives_case_decision_draft(c, req_param_id(c->rq, "id"), &r);
    if (oid < 0)
        fail(c, &r);
    else
        respond_json(c, 201, json_pack("{s:I}", "outgoing_id", (json_int_t)oid));
}

static void api_case_get(ctx *c)
{
    if (!params_check(c, NULL))
        return;
    ar_case k;
    ar_dossier *rows;
    int n = 0;
    if (archives_case_get(c, req_param_id(c->rq, "id"), &k, &rows, &n) != 0) {
        respond_api_fail(c, 404, _("Không tìm thấy đề nghị tiêu hủy."));
        return;
    }
    json_t *ds = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(ds, json_pack("{s:I, s:s, s:s, s:b}", "id", (json_int_t)rows[i].id,
                                            "code", rows[i].code, "title", rows[i].title, "held",
                                            rows[i].held));
    json_t *council = json_loads(k.council, 0, NULL);
    json_t *out =
        json_pack("{s:I, s:s, s:o, s:I, s:b, s:b, s:b, s:s, s:o}", "id", (json_int_t)k.id, "status",
                  k.status, "council", council ? council : json_array(), "decision_doc_id",
                  (json_int_t)k.decision_doc_id, "decision_issued", k.decision_issued, "secret",
                  k.secret, "secret_approved", k.secret_ok, "minutes", k.minutes, "dossiers", ds);
    json_object_set_new(out, "minutes_doc_id",
                        json_integer(archives_case_minutes_doc(c->db, k.id)));
    respond_json(c, 200, out);
}

void archives_api_routes(void)
{
    route_add("GET", "/api/v1/archives/due", api_due, ROUTE_API);
    route_add("GET", "/api/v1/archives/historical-due", api_historical, ROUTE_API);
    route_add("GET", "/api/v1/archives/disposal-candidates", api_candidates, ROUTE_API);
    route_add("GET", "/api/v1/archives/search", api_search, ROUTE_API);
    route_add("GET", "/api/v1/archives/retention", api_retention, ROUTE_API);
    route_add("POST", "/api/v1/archives/retention", api_retention_add, ROUTE_API);
    route_add("POST", "/api/v1/archives/headings/{id}/retention", api_heading_code, ROUTE_API);
    route_add("GET", "/api/v1/archives/batches", api_batches, ROUTE_API);
    route_add("POST", "/api/v1/archives/batches", api_batch_create, ROUTE_API);
    route_add("GET", "/api/v1/archives/batches/{id}/minutes", api_batch_minutes, ROUTE_API);
    route_add("POST", "/api/v1/archives/batches/{id}/accept", api_batch_accept, ROUTE_API);
    route_add("POST", "/api/v1/archives/holds", api_hold, ROUTE_API);
    route_add("POST", "/api/v1/archives/holds/{id}/lift", api_hold_lift, ROUTE_API);
    route_add("POST", "/api/v1/archives/disposals", api_case, ROUTE_API);
    route_add("POST", "/api/v1/archives/disposals/{id}/approve-secret", api_case_secret, ROUTE_API);
    route_add("POST", "/api/v1/archives/disposals/{id}/decide", api_case_decide, ROUTE_API);
    route_add("POST", "/api/v1/archives/disposals/{id}/execute", api_case_execute, ROUTE_API);
    route_add("GET", "/api/v1/archives/disposals/{id}", api_case_get, ROUTE_API);
    route_add("POST", "/api/v1/archives/disposals/{id}/decision-draft", api_case_draft, ROUTE_API);
    route_add("GET", "/api/v1/archives/batches/{id}/export", api_batch_export, ROUTE_API);
    route_add("POST", "/api/v1/archives/access", api_access, ROUTE_API);
    route_add("POST", "/api/v1/archives/access/{id}/decide", api_access_decide, ROUTE_API);
    route_add("POST", "/api/v1/archives/scan-approvals", api_scan_approve, ROUTE_API);
    route_add("GET", "/api/v1/archives/dossiers/{id}/export", api_export, ROUTE_API);
}
