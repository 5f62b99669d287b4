/* The JSON API of the conferences (/api/v1/conferences…, docs/api.md "Conferences"). Every
 * handler declares what it reads (web/params.h); the rules are the services'. */
#include <string.h>

#include "base/i18n.h"
#include "conferences/conf_web.h"
#include "conferences/conferences.h"
#include "http/router.h"
#include "org/org.h"
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

static void answer_conf(ctx *c, int status, int64_t id)
{
    const conference *k = conf_get(c, id);
    if (!k) {
        respond_api_fail(c, 404, _("Không tìm thấy hội nghị."));
        return;
    }
    respond_json(c, status, conf_json(c, k, true));
}

static void api_list(ctx *c)
{
    static const char *const params[] = {"from", "to", "kind", "limit", "offset", NULL};
    if (!params_check(c, params))
        return;
    web_err e = {0};
    const char *from = NULL, *to = NULL;
    int kind = -1, limit = 50, offset = 0;
    query_date(c, "from", &from, &e);
    query_date(c, "to", &to, &e);
    query_enum(c, "kind", conf_kind_codes, &kind, &e);
    query_page(c, 50, CONF_MAX_LIST, 100000, &limit, &offset, &e);
    if (refused(c, &e))
        return;
    conf_filter f = {.from = from,
                     .to = to,
                     .kind = kind >= 0 ? conf_kind_codes[kind] : NULL,
                     .limit = limit,
                     .offset = offset};
    conference *rows;
    int64_t total = 0;
    int n = conf_list(c, &f, &rows, &total);
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, conf_json(c, &rows[i], false));
    respond_json(c, 200, json_pack("{s:I, s:o}", "total", (json_int_t)total, "items", a));
}

static void api_create(ctx *c)
{
    static const char *const members[] = {
        "title",        "kind",    "mode",    "starts_at", "ends_at",       "venue",
        "participants", "content", "prepare", "unit_id",   "chair_user_id", "programme_item_id",
        "invitees",     NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    conf_input in = {0};
    json_member_text(c, j, "title", &in.title, &e);
    json_member_text(c, j, "kind", &in.kind, &e);
    json_member_text(c, j, "mode", &in.mode, &e);
    json_member_text(c, j, "starts_at", &in.starts_at, &e);
    json_member_text(c, j, "ends_at", &in.ends_at, &e);
    json_member_text(c, j, "venue", &in.venue, &e);
    json_member_text(c, j, "participants", &in.participants, &e);
    json_member_text(c, j, "content", &in.content, &e);
    json_member_text(c, j, "prepare", &in.prepare, &e);
    json_member_id(c, j, "unit_id", &in.unit_id, &e);
    json_member_id(c, j, "chair_user_id", &in.chair_user_id, &e);
    json_member_id(c, j, "programme_item_id", &in.programme_item_id, &e);
    json_t *inv = json_object_get(j, "invitees");
    if (inv && !json_is_array(inv) && !json_is_null(inv))
        web_err_add(&e, 400, "invalid_input", "invitees",
                    _("invitees phải là một danh sách mã đơn vị."));
    if (json_is_array(inv)) {
        size_t n = json_array_size(inv);
        int64_t *ids = arena_alloc(c->a, sizeof *ids * (n + 1));
        for (size_t i = 0; i < n; i++) {
            json_t *x = json_array_get(inv, i);
            ids[i] = json_is_integer(x) && json_integer_value(x) > 0 ? json_integer_value(x) : -1;
        }
        in.invitees = ids;
        in.n_invitees = n > CONF_MAX_INVITEES ? CONF_MAX_INVITEES + 1 : (int)n;
    }
    if (refused(c, &e))
        return;
    int64_t id = conf_create(c, &in, &e);
    if (id < 0) {
        web_err_respond(c, &e);
        return;
    }
    answer_conf(c, 201, id);
}

static void done(ctx *c, int64_t id, int64_t rc, const web_err *e);

static void api_patch(ctx *c)
{
    static const char *const members[] = {"title",   "kind",          "mode",         "starts_at",
                                          "ends_at", "venue",         "participants", "content",
                                          "prepare", "chair_user_id", "reason",       NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    int64_t id = req_param_id(c->rq, "id");
    const conference *k = conf_get(c, id);
    if (!k) {
        respond_api_fail(c, 404, _("Không tìm thấy hội nghị."));
        return;
    }
    /* A member left out keeps its value. */
    web_err e = {0};
    conf_input in = {.title = k->title,
                     .kind = k->kind,
                     .mode = k->mode,
                     .starts_at = k->starts_at,
                     .ends_at = k->ends_at,
                     .venue = k->venue,
                     .participants = k->participants,
                     .content = k->content,
                     .prepare = k->prepare,
                     .chair_user_id = k->chair_user_id};
    json_member_text(c, j, "title", &in.title, &e);
    json_member_text(c, j, "kind", &in.kind, &e);
    json_member_text(c, j, "mode", &in.mode, &e);
    json_member_text(c, j, "starts_at", &in.starts_at, &e);
    json_member_text(c, j, "ends_at", &in.ends_at, &e);
    json_member_text(c, j, "venue", &in.venue, &e);
    json_member_text(c, j, "participants", &in.participants, &e);
    json_member_text(c, j, "content", &in.content, &e);
    json_member_text(c, j, "prepare", &in.prepare, &e);
    json_member_id(c, j, "chair_user_id", &in.chair_user_id, &e);
    const char *reason = NULL;
    json_member_text(c, j, "reason", &reason, &e);
    if (refused(c, &e))
        return;
    /* Once the invitation exists a change is an amendment, with its reason. */
    done(c, id,
         k->invitation_id ? conf_reinvite(c, id, &in, reason, &e) : conf_update(c, id, &in, &e),
         &e);
}

static void api_get(ctx *c)
{
    if (!params_check(c, NULL))
        return;
    answer_conf(c, 200, req_param_id(c->rq, "id"));
}

static void api_due(ctx *c)
{
    if (!params_check(c, NULL))
        return;
    conf_due *d;
    int n = conf_conclusions_due(c, &d);
    json_t *a = json_array();
    for (int i = 0; i < n; i++) {
        json_t *x = conf_json(c, d[i].k, false);
        json_object_set_new(x, "conclusion_due", json_string(d[i].k->conclusion_due));
        json_object_set_new(x, "overdue", json_boolean(d[i].overdue));
        json_object_set_new(x, "working_days_late", json_integer(d[i].days_late));
        json_array_append_new(a, x);
    }
    respond_json(c, 200, json_pack("{s:o}", "items", a));
}

static json_t *attendance_json(const conf_attendance *a)
{
    return json_pack("{s:i, s:i, s:i, s:i, s:i, s:i}", "membership", a->membership,
                     "committee_members", a->committee_members, "party_members", a->party_members,
                     "non_members", a->non_members, "absent_with_reason", a->absent_with_reason,
                     "absent_without_reason", a->absent_without_reason);
}

static void api_attendance(ctx *c)
{
    if (!params_check(c, NULL))
        return;
    int64_t id = req_param_id(c->rq, "id");
    const conference *k = conf_get(c, id);
    if (!k) {
        respond_api_fail(c, 404, _("Không tìm thấy hội nghị."));
        return;
    }
    /* A participant sees its own units' lines; the sums are the organiser's. */
    bool organiser = conf_is_organiser(c, k);
    conf_rollup_row *rows;
    int n = conf_rollup(c, id, &rows);
    json_t *units = json_array(), *groups = json_array(), *total = json_null();
    for (int i = 0; i < n; i++) {
        if (!organiser &&
            (rows[i].group || rows[i].total || !org_unit_in_scope(c, rows[i].a.unit_id)))
            continue;
        json_t *x = attendance_json(&rows[i].a);
        json_object_set_new(x, "pct", rows[i].pct >= 0 ? json_real(rows[i].pct) : json_null());
        if (rows[i].total) {
            total = x;
            continue;
        }
        json_object_set_new(x, "unit_id", json_integer(rows[i].a.unit_id));
        json_object_set_new(x, "unit_name", json_string(rows[i].a.unit_name));
        if (rows[i].group) {
            json_array_append_new(groups, x);
        } else {
            json_object_set_new(x, "parent_id", json_integer(rows[i].a.parent_id));
            json_object_set_new(x, "recorded", json_boolean(rows[i].a.recorded));
            json_array_append_new(units, x);
        }
    }
    conf_endpoint *ep;
    int ne = conf_endpoints(c, id, &ep);
    json_t *pts = json_array();
    int expected = 0, actual = 0;
    for (int i = 0; i < ne; i++) {
        expected += ep[i].expected;
        actual += ep[i].actual > 0 ? ep[i].actual : 0;
        json_t *x = json_pack("{s:I, s:s, s:i}", "unit_id", (json_int_t)ep[i].unit_id, "unit_name",
                              ep[i].unit_name, "expected", ep[i].expected);
        json_object_set_new(x, "actual",
                            ep[i].actual >= 0 ? json_integer(ep[i].actual) : json_null());
        json_array_append_new(pts, x);
    }
    respond_json(c, 200,
                 json_pack("{s:o, s:o, s:o, s:o, s:{s:i, s:i}}", "units", units, "groups", groups,
                           "total", total, "endpoints", pts, "endpoints_total", "expected",
                           expected, "actual", actual));
}

static void api_reports(ctx *c)
{
    if (!params_check(c, NULL))
        return;
    int64_t id = req_param_id(c->rq, "id");
    if (!conf_get(c, id)) {
        respond_api_fail(c, 404, _("Không tìm thấy hội nghị."));
        return;
    }
    conf_report_row *r;
    int n = conf_study_reports(c, id, &r);
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(
            a, json_pack("{s:I, s:s, s:i, s:i, s:f, s:i, s:i, s:s, s:s}", "unit_id",
                         (json_int_t)r[i].unit_id, "unit_name", r[i].unit_name, "members_total",
                         r[i].members_total, "members_attended", r[i].members_attended, "pct",
                         r[i].pct, "mass_attendance", r[i].mass_attendance, "essays", r[i].essays,
                         "note", r[i].note, "submitted_at", r[i].submitted_at));
    respond_json(c, 200, json_pack("{s:o}", "items", a));
}

/* The end of an action on a conference: its JSON, or the refusal. */
static void done(ctx *c, int64_t id, int64_t rc, const web_err *e)
{
    if (rc < 0)
        web_err_respond(c, e);
    else
        answer_conf(c, 200, id);
}

static void api_subject(ctx *c)
{
    static const char *const members[] = {"doc_kind", "doc_id", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    const char *kind = NULL;
    int64_t doc = 0;
    json_member_text(c, j, "doc_kind", &kind, &e);
    json_member_id(c, j, "doc_id", &doc, &e);
    int64_t id = req_param_id(c->rq, "id");
    if (refused(c, &e))
        return;
    done(c, id, conf_subject_add(c, id, kind, doc, &e), &e);
}

static void api_invitee(ctx *c)
{
    static const char *const members[] = {"unit_id", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    int64_t unit_id = 0;
    json_member_id(c, j, "unit_id", &unit_id, &e);
    int64_t id = req_param_id(c->rq, "id");
    if (refused(c, &e))
        return;
    done(c, id, conf_invitee_add(c, id, unit_id, &e), &e);
}

static void api_endpoint(ctx *c)
{
    static const char *const members[] = {"unit_id", "host", "expected", "actual", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    int64_t unit_id = 0, expected = -1, actual = -1;
    const char *host = NULL;
    json_member_id(c, j, "unit_id", &unit_id, &e);
    json_member_text(c, j, "host", &host, &e);
    json_member_range(c, j, "expected", 0, CONF_MAX_COUNT, &expected, &e);
    json_member_range(c, j, "actual", 0, CONF_MAX_COUNT, &actual, &e);
    int64_t id = req_param_id(c->rq, "id");
    if (refused(c, &e))
        return;
    done(c, id, conf_endpoint_set(c, id, unit_id, host, (int)expected, (int)actual, &e), &e);
}

static void api_invitation(ctx *c)
{
    static const char *const members[] = {"date", "reason", NULL};
    json_t *j = params_json_optional(c, members);
    if (!j)
        return;
    web_err e = {0};
    const char *date = NULL, *reason = NULL;
    json_member_date(c, j, "date", &date, &e);
    json_member_text(c, j, "reason", &reason, &e);
    int64_t id = req_param_id(c->rq, "id");
    if (refused(c, &e))
        return;
    int64_t oid = conf_invite(c, id, date, reason, &e);
    if (oid < 0) {
        web_err_respond(c, &e);
        return;
    }
    respond_json(c, 201,
                 json_pack("{s:I, s:I}", "id", (json_int_t)id, "outgoing_id", (json_int_t)oid));
}

static void api_doc(ctx *c, int64_t (*make)(ctx *, int64_t, web_err *))
{
    if (!params_json_optional(c, NULL))
        return;
    web_err e = {0};
    int64_t id = req_param_id(c->rq, "id");
    int64_t oid = make(c, id, &e);
    if (oid < 0) {
        web_err_respond(c, &e);
        return;
    }
    respond_json(c, 201,
                 json_pack("{s:I, s:I}", "id", (json_int_t)id, "outgoing_id", (json_int_t)oid));
}

static void api_minutes(ctx *c)
{
    api_doc(c, conf_minutes);
}

static void api_conclusion(ctx *c)
{
    api_doc(c, conf_conclusion);
}

static void api_answer(ctx *c)
{
    static const char *const members[] = {"unit_id", "response", "reason", "substitute_name", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    int64_t unit_id = 0;
    int resp = -1;
    const char *reason = NULL, *subst = NULL;
    json_member_id(c, j, "unit_id", &unit_id, &e);
    json_member_enum(c, j, "response", conf_response_codes, &resp, &e);
    json_member_text(c, j, "reason", &reason, &e);
    json_member_text(c, j, "substitute_name", &subst, &e);
    int64_t id = req_param_id(c->rq, "id");
    if (refused(c, &e))
        return;
    done(c, id,
         conf_answer(c, id, unit_id, resp >= 0 ? conf_response_codes[resp] : NULL, reason, subst,
                     &e),
         &e);
}

static void api_checkin(ctx *c)
{
    static const char *const members[] = {"unit_id", "in", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    int64_t unit_id = 0;
    bool in = true;
    json_member_id(c, j, "unit_id", &unit_id, &e);
    json_member_bool(c, j, "in", &in, &e);
    int64_t id = req_param_id(c->rq, "id");
    if (refused(c, &e))
        return;
    done(c, id, conf_checkin(c, id, unit_id, in, &e), &e);
}

static int member_count(ctx *c, json_t *j, const char *key, web_err *e)
{
    int64_t v = 0;
    json_member_range(c, j, key, 0, CONF_MAX_COUNT, &v, e);
    return (int)v;
}

static void api_attendance_set(ctx *c)
{
    static const char *const members[] = {
        "unit_id",     "membership",         "committee_members",     "party_members",
        "non_members", "absent_with_reason", "absent_without_reason", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    conf_attendance a = {0};
    json_member_id(c, j, "unit_id", &a.unit_id, &e);
    a.membership = member_count(c, j, "membership", &e);
    a.committee_members = member_count(c, j, "committee_members", &e);
    a.party_members = member_count(c, j, "party_members", &e);
    a.non_members = member_count(c, j, "non_members", &e);
    a.absent_with_reason = member_count(c, j, "absent_with_reason", &e);
    a.absent_without_reason = member_count(c, j, "absent_without_reason", &e);
    int64_t id = req_param_id(c->rq, "id");
    if (refused(c, &e))
        return;
    done(c, id, conf_attendance_set(c, id, &a, &e), &e);
}

static void api_study(ctx *c)
{
    static const char *const members[] = {"unit_id",         "members_total", "members_attended",
                                          "mass_attendance", "essays",        "action_plan_kind",
                                          "action_plan_id",  "note",          NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    conf_study r = {0};
    json_member_id(c, j, "unit_id", &r.unit_id, &e);
    r.members_total = member_count(c, j, "members_total", &e);
    r.members_attended = member_count(c, j, "members_attended", &e);
    r.mass_attendance = member_count(c, j, "mass_attendance", &e);
    r.essays = member_count(c, j, "essays", &e);
    json_member_text(c, j, "action_plan_kind", &r.action_plan_kind, &e);
    json_member_id(c, j, "action_plan_id", &r.action_plan_id, &e);
    json_member_text(c, j, "note", &r.note, &e);
    int64_t id = req_param_id(c->rq, "id");
    if (refused(c, &e))
        return;
    done(c, id, conf_study_submit(c, id, &r, &e), &e);
}

static void api_cancel(ctx *c)
{
    if (!params_json_optional(c, NULL))
        return;
    web_err e = {0};
    int64_t id = req_param_id(c->rq, "id");
    done(c, id, conf_cancel(c, id, &e), &e);
}

void conf_api(void)
{
    route_add("GET", "/api/v1/conferences", api_list, ROUTE_API);
    route_add("POST", "/api/v1/conferences", api_create, ROUTE_API);
    route_add("GET", "/api/v1/conferences/due", api_due, ROUTE_API);
    route_add("GET", "/api/v1/conferences/{id}", api_get, ROUTE_API);
    route_add("PATCH", "/api/v1/conferences/{id}", api_patch, ROUTE_API);
    route_add("GET", "/api/v1/conferences/{id}/attendance", api_attendance, ROUTE_API);
    route_add("POST", "/api/v1/conferences/{id}/attendance", api_attendance_set, ROUTE_API);
    route_add("GET", "/api/v1/conferences/{id}/study-reports", api_reports, ROUTE_API);
    route_add("POST", "/api/v1/conferences/{id}/study-report", api_study, ROUTE_API);
    route_add("POST", "/api/v1/conferences/{id}/subjects", api_subject, ROUTE_API);
    route_add("POST", "/api/v1/conferences/{id}/invitees", api_invitee, ROUTE_API);
    route_add("POST", "/api/v1/conferences/{id}/endpoints", api_endpoint, ROUTE_API);
    route_add("POST", "/api/v1/conferences/{id}/invitation", api_invitation, ROUTE_API);
    route_add("POST", "/api/v1/conferences/{id}/answer", api_answer, ROUTE_API);
    route_add("POST", "/api/v1/conferences/{id}/checkin", api_checkin, ROUTE_API);
    route_add("POST", "/api/v1/conferences/{id}/minutes", api_minutes, ROUTE_API);
    route_add("POST", "/api/v1/conferences/{id}/conclusion", api_conclusion, ROUTE_API);
    route_add("POST", "/api/v1/conferences/{id}/cancel", api_cancel, ROUTE_API);
}
