/* The JSON API of the awards (/api/v1/awards…; docs/api.md "Awards"). Every handler declares
 * its parameters (web/params.h); the service decides. */
#include <string.h>

#include <jansson.h>

#include "awards/awards.h"
#include "awards/awards_web_impl.h"
#include "base/i18n.h"
#include "http/router.h"
#include "web/dates.h"
#include "web/errors.h"
#include "web/params.h"
#include "web/respond.h"

json_t *awards_case_json(ctx *c, const badge_case *b)
{
    (void)c;
    json_t *j =
        json_pack("{s:I, s:I, s:s, s:I, s:s, s:s, s:i, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
                  "id", (json_int_t)b->id, "member_id", (json_int_t)b->member_id, "member_name",
                  b->member_name, "unit_id", (json_int_t)b->unit_id, "unit_name", b->unit_name,
                  "admitted_on", b->admitted_on, "milestone", b->milestone, "due_date", b->due_date,
                  "kind", b->kind, "list_form", awards_form_of(b->kind), "early", b->early,
                  "early_reason", b->early_reason, "occasion_date", b->occasion_date, "status",
                  b->status, "status_label", awards_status_label(b->status));
    json_object_set_new(j, "review_on", b->review_on ? json_string(b->review_on) : json_null());
    json_object_set_new(j, "proposed_on",
                        b->proposed_on ? json_string(b->proposed_on) : json_null());
    json_object_set_new(j, "decision_no",
                        b->decision_no ? json_string(b->decision_no) : json_null());
    json_object_set_new(j, "decision_on",
                        b->decision_on ? json_string(b->decision_on) : json_null());
    json_object_set_new(j, "decision_outgoing_id",
                        b->decision_outgoing_id ? json_integer(b->decision_outgoing_id)
                                                : json_null());
    json_object_set_new(j, "decided_by", b->decided_by ? json_string(b->decided_by) : json_null());
    json_object_set_new(j, "badge_no", b->badge_no ? json_string(b->badge_no) : json_null());
    json_object_set_new(j, "gift_tenths",
                        b->gift_tenths >= 0 ? json_integer(b->gift_tenths) : json_null());
    json_object_set_new(j, "base_salary",
                        b->base_salary >= 0 ? json_integer(b->base_salary) : json_null());
    json_object_set_new(j, "gift_amount",
                        b->gift_amount >= 0 ? json_integer(b->gift_amount) : json_null());
    if (b->decision_on && b->gift_amount < 0)
        json_object_set_new(j, "gift_note",
                            json_string(_("Chưa tính được: chưa nhập hệ số quà cho mốc này")));
    json_object_set_new(j, "ceremony_on",
                        b->ceremony_on ? json_string(b->ceremony_on) : json_null());
    json_object_set_new(j, "reissue_reason",
                        b->reissue_reason ? json_string(b->reissue_reason) : json_null());
    json_object_set_new(j, "original_case_id",
                        b->original_case_id ? json_integer(b->original_case_id) : json_null());
    json_object_set_new(j, "original_decision_no",
                        b->original_decision_no ? json_string(b->original_decision_no)
                                                : json_null());
    json_object_set_new(j, "died_on", b->died_on ? json_string(b->died_on) : json_null());
    return j;
}

static void api_list(ctx *c)
{
    static const char *const params[] = {"occasion", "status", "form", NULL};
    if (!params_check(c, params))
        return;
    web_err e = {0};
    const char *occasion = NULL, *status = req_query(c->rq, "status"),
               *form = req_query(c->rq, "form");
    query_date(c, "occasion", &occasion, &e);
    static const char *const sts[] = {"candidate", "reviewed",  "proposed",
                                      "decided",   "presented", NULL};
    static const char *const forms[] = {"4", "4A", "4B", NULL};
    int ix;
    if (status && *status && query_enum(c, "status", sts, &ix, &e) != PARAM_OK)
        status = NULL;
    if (form && *form && query_enum(c, "form", forms, &ix, &e) != PARAM_OK)
        form = NULL;
    if (e.n) {
        web_err_respond(c, &e);
        return;
    }
    badge_case *v;
    int n = awards_case_list(c, occasion, status && *status ? status : NULL,
                             form && *form ? form : NULL, &v);
    if (n < 0) {
        respond_error(c, 500, "internal", _(WEB_MSG_DB));
        return;
    }
    char next[11];
    awards_target_occasion(c->db, web_today(c), next);
    json_t *arr = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(arr, awards_case_json(c, &v[i]));
    respond_json(c, 200,
                 json_pack("{s:s, s:i, s:o}", "next_occasion", next, "total", n, "items", arr));
}

static void api_get(ctx *c)
{
    if (!params_check(c, (const char *const[]){NULL}))
        return;
    const badge_case *b = awards_case_get(c, req_param_id(c->rq, "id"));
    if (!b) {
        respond_error(c, 404, "not_found", _("Không tìm thấy hồ sơ Huy hiệu."));
        return;
    }
    respond_json(c, 200, awards_case_json(c, b));
}

static void reply(ctx *c, int rc, const web_err *e, int64_t id)
{
    if (rc < 0) {
        web_err_respond(c, e);
        return;
    }
    const badge_case *b = awards_case_get(c, id);
    respond_json(c, 200, b ? awards_case_json(c, b) : json_pack("{s:I}", "id", (json_int_t)id));
}

static void api_create(ctx *c)
{
    static const char *const members[] = {
        "member_id",     "milestone",        "kind",           "early",   "early_reason",
        "occasion_date", "original_case_id", "reissue_reason", "died_on", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    badge_in in = {.member_id = aw_in_int(c, j, "member_id"),
                   .milestone = (int)aw_in_int(c, j, "milestone"),
                   .kind = aw_in(c, j, "kind"),
                   .early = aw_in(c, j, "early"),
                   .early_reason = aw_in(c, j, "early_reason"),
                   .occasion_date = aw_in(c, j, "occasion_date"),
                   .original_case_id = aw_in_int(c, j, "original_case_id"),
                   .reissue_reason = aw_in(c, j, "reissue_reason"),
                   .died_on = aw_in(c, j, "died_on")};
    web_err e;
    int64_t id = awards_case_create(c, &in, &e);
    if (id < 0) {
        web_err_respond(c, &e);
        return;
    }
    const badge_case *b = awards_case_get(c, id);
    respond_json(c, 201, awards_case_json(c, b));
}

static void api_review(ctx *c)
{
    static const char *const m[] = {"review_on", "review_note", NULL};
    json_t *j = params_json(c, m);
    if (!j)
        return;
    int64_t id = req_param_id(c->rq, "id");
    web_err e = {0};
    int rc = awards_case_review(c, id, aw_in(c, j, "review_on"), aw_in(c, j, "review_note"), &e);
    reply(c, rc, &e, id);
}

static void api_propose(ctx *c)
{
    static const char *const m[] = {"proposed_on", NULL};
    json_t *j = params_json(c, m);
    if (!j)
        return;
    int64_t id = req_param_id(c->rq, "id");
    web_err e = {0};
    int rc = awards_case_propose(c, id, aw_in(c, j, "proposed_on"), &e);
    reply(c, rc, &e, id);
}

static void api_decide(ctx *c)
{
    static const char *const m[] = {"decision_no", "decision_on", "decided_by",
                                    "badge_no",    "outgoing_id", NULL};
    json_t *j = params_json(c, m);
    if (!j)
        return;
    int64_t id = req_param_id(c->rq, "id");
    web_err e = {0};
    int rc = awards_case_decide(c, id, aw_in(c, j, "decision_no"), aw_in(c, j, "decision_on"),
                                aw_in(c, j, "decided_by"), aw_in(c, j, "badge_no"),
                                aw_in_int(c, j, "outgoing_id"), &e);
    reply(c, rc, &e, id);
}

static void api_ceremony(ctx *c)
{
    static const char *const m[] = {"ceremony_on", NULL};
    json_t *j = params_json(c, m);
    if (!j)
        return;
    int64_t id = req_param_id(c->rq, "id");
    web_err e = {0};
    int rc = awards_case_ceremony(c, id, aw_in(c, j, "ceremony_on"), &e);
    reply(c, rc, &e, id);
}

static void api_sweep(ctx *c)
{
    if (!params_json_optional(c, NULL))
        return;
    if (!awards_may_write(c->user)) {
        respond_error(c, 403, "forbidden", _("Bạn không có quyền lập danh sách Huy hiệu."));
        return;
    }
    int n = awards_sweep(c->db, c->user, web_today(c));
    if (n < 0) {
        respond_error(c, 500, "internal", _(WEB_MSG_DB));
        return;
    }
    char next[11];
    awards_target_occasion(c->db, web_today(c), next);
    respond_json(c, 200, json_pack("{s:s, s:i}", "occasion", next, "created", n));
}

static void api_discipline(ctx *c)
{
    static const char *const m[] = {"member_id", "form", "decided_on", NULL};
    json_t *j = params_json(c, m);
    if (!j)
        return;
    web_err e;
    int64_t id = awards_discipline_add(c, aw_in_int(c, j, "member_id"), aw_in(c, j, "form"),
                                       aw_in(c, j, "decided_on"), &e);
    if (id < 0)
        web_err_respond(c, &e);
    else
        respond_json(c, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

static void api_comm_list(ctx *c)
{
    static const char *const params[] = {"year", NULL};
    if (!params_check(c, params))
        return;
    web_err e = {0};
    int64_t year = 0;
    if (query_range(c, "year", 1930, 2100, &year, &e) == PARAM_BAD) {
        web_err_respond(c, &e);
        return;
    }
    commendation *v;
    int n = awards_comm_list(c, (int)year, &v);
    if (n < 0) {
        respond_error(c, 500, "internal", _(WEB_MSG_DB));
        return;
    }
    json_t *arr = json_array(), *counts = json_object();
    for (int i = 0; i < n; i++) {
        json_array_append_new(arr, awards_comm_json(&v[i]));
        json_t *k = json_object_get(counts, v[i].form);
        json_object_set_new(counts, v[i].form, json_integer(k ? json_integer_value(k) + 1 : 1));
    }
    respond_json(c, 200, json_pack("{s:i, s:o, s:o}", "total", n, "counts", counts, "items", arr));
}

void awards_comm_create_handler(ctx *c);

void awards_api_routes(void)
{
    route_add("GET", "/api/v1/awards/cases", api_list, ROUTE_API);
    route_add("POST", "/api/v1/awards/cases", api_create, ROUTE_API);
    route_add("GET", "/api/v1/awards/cases/{id}", api_get, ROUTE_API);
    route_add("POST", "/api/v1/awards/cases/{id}/review", api_review, ROUTE_API);
    route_add("POST", "/api/v1/awards/cases/{id}/propose", api_propose, ROUTE_API);
    route_add("POST", "/api/v1/awards/cases/{id}/decide", api_decide, ROUTE_API);
    route_add("POST", "/api/v1/awards/cases/{id}/ceremony", api_ceremony, ROUTE_API);
    route_add("POST", "/api/v1/awards/sweep", api_sweep, ROUTE_API);
    route_add("POST", "/api/v1/awards/disciplines", api_discipline, ROUTE_API);
    route_add("GET", "/api/v1/awards/commendations", api_comm_list, ROUTE_API);
    route_add("POST", "/api/v1/awards/commendations", awards_comm_create_handler, ROUTE_API);
}
