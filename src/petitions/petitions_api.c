/* JSON API of petitions and citizen reception (/api/v1/petitions…; docs/api.md "## Petitions").
 * Every handler declares its parameters; the service decides who may do what. No answer here
 * carries an identity except GET …/{id}/identity, for the two people allowed, audited. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/i18n.h"
#include "http/router.h"
#include "petitions/petitions_impl.h"
#include "petitions/petitions_web_impl.h"
#include "web/errors.h"
#include "web/params.h"
#include "web/respond.h"

static bool refused(ctx *c, const web_err *e)
{
    if (!e->n)
        return false;
    web_err_respond(c, e);
    return true;
}

static bool jbool(ctx *c, json_t *j, const char *key, web_err *e)
{
    bool b = false;
    json_member_bool(c, j, key, &b, e);
    return b;
}

static void api_list(ctx *c)
{
    static const char *const params[] = {"kind", "status", "q",      "overdue",
                                         "mine", "limit",  "offset", NULL};
    if (!params_check(c, params))
        return;
    web_err e = {0};
    pet_filter f = {0};
    int k = 0;
    if (query_enum(c, "kind", pet_kinds, &k, &e) == PARAM_OK)
        f.kind = pet_kinds[k];
    if (query_enum(c, "status", pet_statuses, &k, &e) == PARAM_OK)
        f.status = pet_statuses[k];
    f.q = req_query(c->rq, "q");
    query_bool(c, "overdue", &f.overdue, &e);
    query_bool(c, "mine", &f.mine, &e);
    query_page(c, 50, 500, 1000000, &f.limit, &f.offset, &e);
    if (refused(c, &e))
        return;
    if (c->user->role == ROLE_ADMIN) {
        respond_api_error(c, 403, "forbidden",
                          _("Quản trị hệ thống không xem đơn thư (chỉ quản lý bảng thời hạn)."));
        return;
    }
    petition *rows;
    int64_t total;
    int n = pet_list(c, &f, &rows, &total);
    json_t *items = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(items, pet_json(c, &rows[i]));
    respond_json(c, 200, json_pack("{s:I, s:o}", "total", (json_int_t)total, "items", items));
}

static void api_create(ctx *c)
{
    static const char *const members[] = {
        "received_on",   "channel", "source_org", "matter", "summary", "kind",  "complexity",
        "party_related", "remote",  "n_persons",  "name",   "address", "id_no", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    int64_t np = 1;
    json_member_range(c, j, "n_persons", 1, 100000, &np, &e);
    pet_input in = {
        .received_on = json_text(c, j, "received_on"),
        .channel = json_text(c, j, "channel"),
        .source_org = json_text(c, j, "source_org"),
        .matter = json_text(c, j, "matter"),
        .summary = json_text(c, j, "summary"),
        .kind = json_text(c, j, "kind"),
        .complexity = json_text(c, j, "complexity"),
        .party_related = jbool(c, j, "party_related", &e),
        .remote = jbool(c, j, "remote", &e),
        .n_persons = (int)np,
        .who = {json_text(c, j, "name"), json_text(c, j, "address"), json_text(c, j, "id_no")}};
    if (refused(c, &e))
        return;
    int64_t id = pet_register(c, &in, &e);
    if (id < 0) {
        web_err_respond(c, &e);
        return;
    }
    respond_json(c, 201, pet_json(c, pet_get(c, id)));
}

static void api_get(ctx *c)
{
    if (!params_check(c, NULL))
        return;
    const petition *p = pet_get(c, req_param_id(c->rq, "id"));
    if (!p) {
        respond_not_found(c);
        return;
    }
    json_t *j = pet_json(c, p);
    pet_extension *x;
    int n = pet_extensions(c, p->id, &x);
    json_t *arr = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(
            arr, json_pack("{s:i, s:i, s:s, s:s, s:s, s:s, s:s, s:s}", "ordinal", x[i].ordinal,
                           "days", x[i].days, "day_kind", x[i].day_kind, "decided_on",
                           x[i].decided_on, "decision_no", x[i].decision_no, "reason", x[i].reason,
                           "due_before", x[i].due_before, "due_after", x[i].due_after));
    json_object_set_new(j, "extension_list", arr);
    json_object_set_new(j, "max_extensions", json_integer(p->max_extensions));
    json_object_set_new(j, "scans", json_integer(pet_scan_count(c, p->id)));
    respond_json(c, 200, j);
}

static void api_identity(ctx *c)
{
    if (!params_check(c, NULL))
        return;
    web_err e = {0};
    const pet_ident *w = pet_identity(c, req_param_id(c->rq, "id"), &e);
    if (!w) {
        web_err_respond(c, &e);
        return;
    }
    respond_json(
        c, 200,
        json_pack("{s:s, s:s, s:s}", "name", w->name, "address", w->address, "id_no", w->id_no));
}

static void api_action(ctx *c)
{
    static const char *const members[] = {
        "kind",        "party_related",    "complexity",     "remote",
        "screening",   "screening_reason", "handler_id",     "accepted_on",
        "decision_no", "guidance",         "transferred_to", "decided_on",
        "reason",      "result_on",        "result_doc",     "result_text",
        NULL};
    json_t *j = params_json_optional(c, members);
    if (!j)
        return;
    int64_t id = req_param_id(c->rq, "id");
    const char *act = strrchr(c->rq->path, '/');
    act = act ? act + 1 : "";
    web_err e = {0};
    int rc = -1;
    int64_t out = 0;
#define T(k) json_text(c, j, k)
    if (strcmp(act, "classify") == 0)
        rc = pet_classify(c, id, T("kind"), jbool(c, j, "party_related", &e),
                          T("complexity") ? T("complexity") : "normal", jbool(c, j, "remote", &e),
                          &e);
    else if (strcmp(act, "screen") == 0)
        rc = pet_screen(c, id, T("screening"), T("screening_reason"), &e);
    else if (strcmp(act, "assign") == 0)
        rc = pet_assign(c, id, json_int(j, "handler_id"), &e);
    else if (strcmp(act, "accept") == 0)
        rc = pet_accept(c, id, T("accepted_on"), T("decision_no"), &e);
    else if (strcmp(act, "return") == 0)
        rc = pet_return(c, id, T("guidance"), &e);
    else if (strcmp(act, "transfer") == 0)
        rc = pet_transfer(c, id, T("transferred_to"), &out, &e);
    else if (strcmp(act, "file") == 0)
        rc = pet_file(c, id, T("guidance"), &e);
    else if (strcmp(act, "extend") == 0)
        rc = pet_extend(c, id, T("decided_on"), T("decision_no"), T("reason"), &e);
    else if (strcmp(act, "result") == 0)
        rc = pet_result(c, id, T("result_on"), T("result_doc"), T("result_text"), &e);
    else if (strcmp(act, "close") == 0)
        rc = pet_close(c, id, &e);
#undef T
    if (rc != 0) {
        web_err_respond(c, &e);
        return;
    }
    json_t *r = pet_json(c, pet_get(c, id));
    if (out)
        json_object_set_new(r, "outgoing_id", json_integer(out));
    respond_json(c, 200, r);
}

static void api_rules(ctx *c)
{
    if (!params_check(c, NULL))
        return;
    pet_rule *r;
    int n = pet_rules_list(c, &r);
    json_t *items = json_array();
    for (int i = 0; i < n; i++) {
        json_t *o =
            json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:i, s:s, s:i, s:s, s:s}", "id",
                      (json_int_t)r[i].id, "kind", r[i].kind, "party", r[i].party, "complexity",
                      r[i].complexity, "remote", r[i].remote, "stage", r[i].stage, "days",
                      r[i].days, "day_kind", r[i].day_kind, "max_count", r[i].max_count,
                      "effective_from", r[i].effective_from, "source", r[i].source);
        json_object_set_new(o, "effective_to",
                            r[i].effective_to ? json_string(r[i].effective_to) : json_null());
        json_array_append_new(items, o);
    }
    respond_json(c, 200, json_pack("{s:o}", "items", items));
}

static void api_rule_save(ctx *c)
{
    static const char *const members[] = {
        "id",       "kind",      "party",          "complexity",   "remote", "stage", "days",
        "day_kind", "max_count", "effective_from", "effective_to", "source", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    int64_t days = -1, maxc = 0, id = 0;
    json_member_range(c, j, "days", 0, 400, &days, &e);
    json_member_range(c, j, "max_count", 0, 5, &maxc, &e);
    json_member_range(c, j, "id", 1, INT64_MAX, &id, &e);
#define S(k, d) (json_text(c, j, k) ? json_text(c, j, k) : (d))
    pet_rule r = {.id = id,
                  .kind = S("kind", "*"),
                  .party = S("party", "*"),
                  .complexity = S("complexity", "*"),
                  .remote = S("remote", "*"),
                  .stage = json_text(c, j, "stage"),
                  .days = (int)days,
                  .day_kind = json_text(c, j, "day_kind"),
                  .max_count = (int)maxc,
                  .effective_from = json_text(c, j, "effective_from"),
                  .effective_to = json_text(c, j, "effective_to"),
                  .source = S("source", "")};
#undef S
    if (c->user->role != ROLE_ADMIN) {
        respond_api_error(c, 403, "forbidden", _("Chỉ quản trị hệ thống sửa bảng thời hạn."));
        return;
    }
    if (refused(c, &e))
        return;
    int64_t saved = pet_rule_save(c, &r, &e);
    if (saved < 0) {
        web_err_respond(c, &e);
        return;
    }
    respond_json(c, id ? 200 : 201, json_pack("{s:I}", "id", (json_int_t)saved));
}

static void api_report(ctx *c)
{
    static const char *const params[] = {"period", "year", "month", "from", "to", "unit_id", NULL};
    if (!params_check(c, params))
        return;
    const char *from, *to, *period;
    if (!pet_period(c, &from, &to, &period))
        return;
    web_err e = {0};
    int64_t unit = 0;
    query_id(c, "unit_id", &unit, &e);
    if (refused(c, &e))
        return;
    pet_value *v;
    int n = petitions_report_values(c, unit, from, to, &v);
    json_t *vals = json_object(), *items = json_array();
    for (int i = 0; i < n; i++) {
        json_object_set_new(vals, v[i].code, json_integer(v[i].value));
        json_array_append_new(items, json_pack("{s:s, s:s, s:I}", "code", v[i].code, "label",
                                               v[i].label, "value", (json_int_t)v[i].value));
    }
    pet_head_figure *h;
    int nh = petitions_report_heads(c, from, to, &h);
    json_t *heads = json_array();
    for (int i = 0; i < nh; i++)
        json_array_append_new(
            heads, json_pack("{s:s, s:s, s:s, s:i, s:i, s:i, s:i}", "name", h[i].name, "unit_name",
                             h[i].unit_name, "level", h[i].level, "days", h[i].days, "delegated",
                             h[i].delegated, "visits", h[i].visits, "people", h[i].people));
    respond_json(c, 200,
                 json_pack("{s:s, s:s, s:s, s:o, s:o, s:o}", "period", period, "from", from, "to",
                           to, "values", vals, "items", items, "heads", heads));
}

static void api_reception(ctx *c)
{
    static const char *const params[] = {"from", "to", NULL};
    if (!params_check(c, params))
        return;
    const char *from, *to;
    if (!query_period(c, NULL, &from, &to))
        return;
    rec_head *h;
    int nh = rec_heads(c, to, &h);
    json_t *heads = json_array(), *sessions = json_array();
    for (int i = 0; i < nh; i++)
        json_array_append_new(
            heads,
            json_pack("{s:I, s:I, s:I, s:s, s:s, s:s, s:i, s:i, s:i, s:i, s:b}", "id",
                      (json_int_t)h[i].id, "unit_id", (json_int_t)h[i].unit_id, "user_id",
                      (json_int_t)h[i].user_id, "level", h[i].level, "name", h[i].name, "unit_name",
                      h[i].unit_name, "quota_month", h[i].quota, "held_month", h[i].held_month,
                      "quota_quarter", h[i].quota_quarter, "held_quarter", h[i].held_quarter,
                      "below_quota",
                      h[i].held_month < h[i].quota || h[i].held_quarter < h[i].quota_quarter));
    rec_session *s;
    int ns = rec_sessions(c, from, to, &s);
    for (int i = 0; i < ns; i++)
        json_array_append_new(
            sessions, json_pack("{s:I, s:I, s:s, s:s, s:s, s:I, s:s, s:s, s:b, s:i, s:b}", "id",
                                (json_int_t)s[i].id, "head_id", (json_int_t)s[i].head_id, "day",
                                s[i].day, "session", s[i].session, "kind", s[i].kind, "receiver_id",
                                (json_int_t)s[i].receiver_id, "receiver_name", s[i].receiver_name,
                                "venue", s[i].venue, "held", s[i].held, "entries", s[i].entries,
                                "delegated", s[i].delegation_id > 0));
    respond_json(c, 200, json_pack("{s:o, s:o}", "heads", heads, "sessions", sessions));
}

static void api_session(ctx *c)
{
    static const char *const members[] = {"head_id",     "day",   "session", "kind",
                                          "receiver_id", "venue", "note",    NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    int64_t id = rec_session_add(c, json_int(j, "head_id"), json_text(c, j, "day"),
                                 json_text(c, j, "session"), json_text(c, j, "kind"),
                                 json_int(j, "receiver_id"), json_text(c, j, "venue"),
                                 json_text(c, j, "note"), &e);
    if (id < 0) {
        web_err_respond(c, &e);
        return;
    }
    respond_json(c, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

static void api_held(ctx *c)
{
    if (!params_json_optional(c, NULL))
        return;
    web_err e = {0};
    if (rec_session_held(c, req_param_id(c->rq, "id"), &e) != 0) {
        web_err_respond(c, &e);
        return;
    }
    respond_json(c, 200, json_pack("{s:b}", "held", 1));
}

static void api_delegation(ctx *c)
{
    static const char *const members[] = {"head_id", "delegate_id", "date_from",
                                          "date_to", "decision",    NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    int64_t id = rec_delegate(c, json_int(j, "head_id"), json_int(j, "delegate_id"),
                              json_text(c, j, "date_from"), json_text(c, j, "date_to"),
                              json_text(c, j, "decision"), &e);
    if (id < 0) {
        web_err_respond(c, &e);
        return;
    }
    respond_json(c, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

static void api_head(ctx *c)
{
    static const char *const members[] = {"unit_id", "user_id", "level", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    int64_t id = rec_head_add(c, json_int(j, "unit_id"), json_int(j, "user_id"),
                              json_text(c, j, "level"), &e);
    if (id < 0) {
        web_err_respond(c, &e);
        return;
    }
    respond_json(c, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

static void api_entry(ctx *c)
{
    static const char *const members[] = {
        "session_id", "day",          "reception_kind", "content",   "kind",
        "n_people",   "prior_agency", "handling",       "follow_up", "note",
        "source",     "name",         "address",        "id_no",     NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    int64_t np = 1;
    json_member_range(c, j, "n_people", 1, 100000, &np, &e);
    if (refused(c, &e))
        return;
    rec_entry_input in = {
        .session_id = json_int(j, "session_id"),
        .day = json_text(c, j, "day"),
        .reception_kind = json_text(c, j, "reception_kind"),
        .content = json_text(c, j, "content"),
        .kind = json_text(c, j, "kind"),
        .prior_agency = json_text(c, j, "prior_agency"),
        .handling = json_text(c, j, "handling"),
        .follow_up = json_text(c, j, "follow_up"),
        .note = json_text(c, j, "note"),
        .source = json_text(c, j, "source"),
        .n_people = (int)np,
        .who = {json_text(c, j, "name"), json_text(c, j, "address"), json_text(c, j, "id_no")}};
    int64_t id = rec_entry_add(c, &in, &e);
    if (id < 0) {
        web_err_respond(c, &e);
        return;
    }
    respond_json(c, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

static void api_register(ctx *c)
{
    static const char *const params[] = {"from", "to", NULL};
    if (!params_check(c, params))
        return;
    const char *from, *to;
    if (!query_period(c, NULL, &from, &to))
        return;
    rec_entry *x;
    int n = rec_entries(c, from, to, &x);
    json_t *items = json_array();
    for (int i = 0; i < n; i++) {
        json_t *o = json_pack(
            "{s:I, s:i, s:i, s:s, s:s, s:s, s:s, s:s, s:i, s:s, s:s, s:s, s:s, s:s, s:s}", "id",
            (json_int_t)x[i].id, "year", x[i].year, "stt", x[i].stt, "day", x[i].day,
            "reception_kind", x[i].reception_kind, "pseudonym", x[i].pseudonym, "content",
            x[i].content, "kind", x[i].kind, "n_people", x[i].n_people, "prior_agency",
            x[i].prior_agency, "handling", x[i].handling, "follow_up", x[i].follow_up, "note",
            x[i].note, "source", x[i].source, "receiver_name", x[i].receiver_name);
        if (x[i].who)
            json_object_set_new(o, "citizen",
                                json_pack("{s:s, s:s, s:s}", "name", x[i].who->name, "address",
                                          x[i].who->address, "id_no", x[i].who->id_no));
        json_array_append_new(items, o);
    }
    respond_json(c, 200, json_pack("{s:s, s:s, s:o}", "from", from, "to", to, "items", items));
}

void pet_api_routes(void)
{
    route_add("GET", "/api/v1/petitions", api_list, ROUTE_API);
    route_add("POST", "/api/v1/petitions", api_create, ROUTE_API);
    route_add("GET", "/api/v1/petitions/rules", api_rules, ROUTE_API);
    route_add("POST", "/api/v1/petitions/rules", api_rule_save, ROUTE_API);
    route_add("GET", "/api/v1/petitions/report", api_report, ROUTE_API);
    route_add("GET", "/api/v1/petitions/reception", api_reception, ROUTE_API);
    route_add("POST", "/api/v1/petitions/reception/heads", api_head, ROUTE_API);
    route_add("POST", "/api/v1/petitions/reception/sessions", api_session, ROUTE_API);
    route_add("POST", "/api/v1/petitions/reception/sessions/{id}/held", api_held, ROUTE_API);
    route_add("POST", "/api/v1/petitions/reception/delegations", api_delegation, ROUTE_API);
    route_add("POST", "/api/v1/petitions/reception/entries", api_entry, ROUTE_API);
    route_add("GET", "/api/v1/petitions/reception/register", api_register, ROUTE_API);
    route_add("GET", "/api/v1/petitions/{id}", api_get, ROUTE_API);
    route_add("GET", "/api/v1/petitions/{id}/identity", api_identity, ROUTE_API);
    static const char *const acts[] = {"classify", "screen",   "assign", "accept",
                                       "return",   "transfer", "file",   "extend",
                                       "result",   "close",    NULL};
    char pat[80];
    for (int i = 0; acts[i]; i++) {
        snprintf(pat, sizeof pat, "/api/v1/petitions/{id}/%s", acts[i]);
        route_add("POST", pat, api_action, ROUTE_API);
    }
}
