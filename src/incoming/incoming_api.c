/* JSON API of the incoming side (docs/api.md, "Incoming documents"). Handlers parse and
 * answer; permission, validation and writes are the services' (incoming.c, routing.c). */
#include <stdlib.h>
#include <string.h>

#include "web/respond.h"
#include "base/i18n.h"
#include "catalog/vocab.h"
#include "exchange/exchange.h"
#include "incoming/incoming_impl.h"
#include "notify/notify.h"
#include "http/router.h"

void in_respond_err(ctx *c, const in_err *e)
{
    int status = e->status ? e->status : 500;
    if (status == 404) {
        respond_not_found(c);
        return;
    }
    const char *code = e->code ? e->code : "internal";
    const char *msg = in_err_message(e);
    if (!c->is_api) {
        respond_error(c, status, code, msg);
        return;
    }
    json_t *err = json_pack("{s:s, s:s}", "code", code, "message", msg);
    if (e->n && e->e[0].field)
        json_object_set_new(err, "field", json_string(e->e[0].field));
    if (e->existing_id)
        json_object_set_new(err, "existing_id", json_integer(e->existing_id));
    if (e->n > 1) {
        json_t *all = json_array();
        for (int i = 0; i < e->n; i++)
            json_array_append_new(
                all, json_pack("{s:s?, s:s}", "field", e->e[i].field, "message", e->e[i].message));
        json_object_set_new(err, "errors", all);
    }
    respond_json(c, status, json_pack("{s:o}", "error", err));
}

static const char *jstr(ctx *c, json_t *j, const char *key)
{
    json_t *v = json_object_get(j, key);
    return json_is_string(v) ? arena_strdup(c->a, json_string_value(v)) : NULL;
}

static int64_t jint(json_t *j, const char *key)
{
    json_t *v = json_object_get(j, key);
    if (json_is_integer(v))
        return (int64_t)json_integer_value(v);
    if (json_is_string(v))
        return atoll(json_string_value(v));
    return 0;
}

static void h_create(ctx *c)
{
    json_t *j = request_json(c);
    if (!j)
        return;
    in_new in = {
        .unit_id = jint(j, "unit_id"),
        .inbox_id = jint(j, "inbox_id"),
        .issuer_unit_id = jint(j, "issuer_unit_id"),
        .issuer_name = jstr(c, j, "issuer_name"),
        .code = jstr(c, j, "code"),
        .doc_type = jstr(c, j, "doc_type"),
        .issued_date = jstr(c, j, "issued_date"),
        .subject = jstr(c, j, "subject"),
        .signer = jstr(c, j, "signer"),
        .notes = jstr(c, j, "notes"),
        .pages = (int)jint(j, "pages"),
        .secrecy = jstr(c, j, "secrecy"),
        .urgency = jstr(c, j, "urgency"),
        .due_date = jstr(c, j, "due_date"),
        .duplicate_reason = jstr(c, j, "duplicate_reason"),
        .channel = jstr(c, j, "channel"),
    };
    json_decref(j);
    in_err e;
    int64_t number = 0;
    int64_t id = incoming_register(c, &in, &number, &e);
    if (id < 0) {
        in_respond_err(c, &e);
        return;
    }
    respond_json(
        c, 201,
        json_pack("{s:I, s:I}", "id", (json_int_t)id, "arrival_number", (json_int_t)number));
}

static void h_list(ctx *c)
{
    const char *u = req_query(c->rq, "urgency");
    const char *lim = req_query(c->rq, "limit"), *off = req_query(c->rq, "offset");
    const char *ov = req_query(c->rq, "overdue"), *mine = req_query(c->rq, "mine");
    const char *unit = req_query(c->rq, "unit_id");
    in_filter f = {
        .from = req_query(c->rq, "from"),
        .to = req_query(c->rq, "to"),
        .q = req_query(c->rq, "q"),
        .status = req_query(c->rq, "status"),
        .urgency = u && *u ? urgency_from_code(u) : -1,
        .unit_id = unit ? atoll(unit) : 0,
        .overdue_only = ov && strcmp(ov, "1") == 0,
        .mine = mine && strcmp(mine, "1") == 0,
        .limit = lim ? atoi(lim) : IN_PAGE,
        .offset = off ? atoi(off) : 0,
    };
    if (u && *u && f.urgency < 0) {
        respond_api_error(c, 400, "invalid_input", _("Độ khẩn không hợp lệ."));
        return;
    }
    incoming *rows;
    int64_t total;
    bool partial;
    int n = incoming_list_ex(c, &f, &rows, &total, &partial);
    if (n < 0) {
        respond_api_error(c, 500, "internal", _(IN_MSG_DB));
        return;
    }
    json_t *items = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(items, incoming_json(c, &rows[i], false));
    /* total stops counting past IN_COUNT_CAP, and a text filter's past IN_TEXT_EXAMINE
     * records tested: total_is_lower_bound says so. */
    respond_json(c, 200,
                 json_pack("{s:I, s:b, s:o}", "total", (json_int_t)total, "total_is_lower_bound",
                           total > IN_COUNT_CAP || partial, "items", items));
}

static void h_get(ctx *c)
{
    const incoming *r = incoming_get(c, req_param_id(c->rq, "id"), true);
    if (!r) {
        respond_not_found(c);
        return;
    }
    respond_json(c, 200, incoming_json(c, r, true));
}

static void h_attach(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    if (!incoming_may_see(c, id)) {
        respond_not_found(c);
        return;
    }
    if (c->rq->n_uploads == 0) {
        respond_api_error(c, 400, "invalid_input", _("Chưa có tệp (trường \"file\", multipart)."));
        return;
    }
    json_t *ids = json_array();
    for (size_t i = 0; i < c->rq->n_uploads; i++) {
        in_err e;
        int64_t aid = incoming_attach(c, id, &c->rq->uploads[i], &e);
        if (aid < 0) {
            json_decref(ids);
            in_respond_err(c, &e);
            return;
        }
        json_array_append_new(ids, json_integer(aid));
    }
    json_t *out = json_pack("{s:o}", "ids", ids);
    json_object_set(out, "id", json_array_get(ids, 0));
    respond_json(c, 201, out);
}

static int target_of(json_t *v, in_target *t)
{
    memset(t, 0, sizeof *t);
    if (!json_is_object(v))
        return -1;
    t->unit_id = jint(v, "unit_id");
    t->user_id = jint(v, "user_id");
    return 0;
}

static void h_assign(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    json_t *j = request_json(c);
    if (!j)
        return;
    in_assign in = {
        .from_assignment_id = jint(j, "from_assignment_id"),
        .due_date = jstr(c, j, "due_date"),
        .instruction = jstr(c, j, "instruction"),
    };
    json_t *lead = json_object_get(j, "lead");
    if (lead)
        target_of(lead, &in.lead);
    /* Shorthands: lead_unit_id / lead_user_id, co_unit_ids / co_user_ids. */
    if (!in.lead.unit_id && !in.lead.user_id) {
        in.lead.unit_id = jint(j, "lead_unit_id");
        in.lead.user_id = jint(j, "lead_user_id");
    }
    json_t *co = json_object_get(j, "co");
    size_t i;
    json_t *v;
    if (json_is_array(co))
        json_array_foreach(co, i, v)
        {
            if (in.n_co >= IN_MAX_CO) {
                in.n_co = IN_MAX_CO + 1;
                break;
            }
            target_of(v, &in.co[in.n_co++]);
        }
    static const char *const lists[2] = {"co_unit_ids", "co_user_ids"};
    for (int k = 0; k < 2; k++) {
        json_t *arr = json_object_get(j, lists[k]);
        if (json_is_array(arr))
            json_array_foreach(arr, i, v)
            {
                if (in.n_co >= IN_MAX_CO) {
                    in.n_co = IN_MAX_CO + 1;
                    break;
                }
                in_target *t = &in.co[in.n_co++];
                memset(t, 0, sizeof *t);
                if (k == 0)
                    t->unit_id = json_integer_value(v);
                else
                    t->user_id = json_integer_value(v);
            }
    }
    json_decref(j);
    in_err e;
    if (incoming_assign(c, id, &in, &e) != 0) {
        in_respond_err(c, &e);
        return;
    }
    const incoming *r = incoming_get(c, id, false);
    respond_json(c, 200, r ? incoming_json(c, r, true) : json_object());
}

static void h_progress(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    json_t *j = request_json(c);
    if (!j)
        return;
    const char *action = jstr(c, j, "action");
    in_step in = {
        .note = jstr(c, j, "note"),
        .reply_code = jstr(c, j, "reply_code"),
        .new_due_date = jstr(c, j, "new_due_date"),
        .reason = jstr(c, j, "reason"),
        .assignment_id = jint(j, "assignment_id"),
    };
    json_decref(j);
    if (!action || strcmp(action, "progress") == 0)
        in.action = IN_PROGRESS;
    else if (strcmp(action, "done") == 0)
        in.action = IN_DONE;
    else if (strcmp(action, "extend") == 0)
        in.action = IN_EXTEND;
    else {
        if (!incoming_may_see(c, id))
            respond_not_found(c);
        else
            respond_api_error(c, 400, "invalid_input",
                              _("action phải là một trong: progress, done, extend."));
        return;
    }
    in_err e;
    if (incoming_step(c, id, &in, &e) != 0) {
        in_respond_err(c, &e);
        return;
    }
    const incoming *r = incoming_get(c, id, false);
    respond_json(c, 200, r ? incoming_json(c, r, true) : json_object());
}

static void h_inbox(ctx *c)
{
    inbox_row *rows;
    const char *all = req_query(c->rq, "all");
    int n = inbox_list(c, !(all && strcmp(all, "1") == 0), &rows);
    json_t *items = json_array();
    for (int i = 0; i < n; i++) {
        const char *code = NULL, *label = NULL;
        inbox_status(c->db, rows[i].outgoing_id, rows[i].to_unit_id, &code, &label);
        json_array_append_new(
            items,
            json_pack("{s:I, s:I, s:I, s:s?, s:s, s:s, s:s, s:s, s:s, s:s, s:s?, s:s?, s:s?}", "id",
                      (json_int_t)rows[i].id, "outgoing_id", (json_int_t)rows[i].outgoing_id,
                      "to_unit_id", (json_int_t)rows[i].to_unit_id, "from_name", rows[i].from_name,
                      "code", rows[i].code, "subject", rows[i].subject, "doc_type",
                      rows[i].doc_type, "issued_date", rows[i].issued_date, "secrecy",
                      secrecy_code(rows[i].secrecy), "urgency", urgency_code(rows[i].urgency),
                      "status_code", code, "status_label", label, "arrived_at",
                      rows[i].arrived_at));
        if (rows[i].incoming_id)
            json_object_set_new(json_array_get(items, (size_t)i), "incoming_id",
                                json_integer(rows[i].incoming_id));
    }
    respond_json(c, 200,
                 json_pack("{s:I, s:o}", "total", (json_int_t)(n < 0 ? 0 : n), "items", items));
}

static void h_inbox_refuse(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    json_t *j = request_json(c);
    if (!j)
        return;
    const char *reason = jstr(c, j, "reason");
    json_decref(j);
    in_err e;
    if (inbox_refuse(c, id, reason, &e) != 0) {
        in_respond_err(c, &e);
        return;
    }
    respond_json(c, 200, json_pack("{s:I, s:s}", "id", (json_int_t)id, "status_code", "02"));
}

static void h_notifications(ctx *c)
{
    notification *rows;
    int n = notify_list(c, 100, &rows);
    json_t *items = json_array();
    for (int i = 0; i < n; i++) {
        json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:b}", "id", (json_int_t)rows[i].id, "kind",
                              rows[i].kind, "text", rows[i].text, "created_at", rows[i].created_at,
                              "read", rows[i].read_at != NULL);
        if (rows[i].doc_kind && rows[i].doc_id) {
            json_object_set_new(o, "doc_kind", json_string(rows[i].doc_kind));
            json_object_set_new(o, "doc_id", json_integer(rows[i].doc_id));
        }
        json_array_append_new(items, o);
    }
    respond_json(c, 200, json_pack("{s:i, s:o}", "unread", notify_unread_count(c), "items", items));
}

static void h_notifications_read(ctx *c)
{
    json_t *j = c->rq->body && c->rq->body_len ? request_json(c) : json_object();
    if (!j)
        return;
    int64_t id = jint(j, "id");
    json_decref(j);
    if (notify_mark_read(c, id) != 0) {
        respond_api_error(c, 500, "internal", _(IN_MSG_DB));
        return;
    }
    respond_json(c, 200, json_pack("{s:i}", "unread", notify_unread_count(c)));
}

void incoming_api_routes(void)
{
    route_add("POST", "/api/v1/incoming", h_create, ROUTE_API);
    route_add("GET", "/api/v1/incoming", h_list, ROUTE_API);
    route_add("GET", "/api/v1/incoming/{id}", h_get, ROUTE_API);
    route_add("POST", "/api/v1/incoming/{id}/attachments", h_attach, ROUTE_API);
    route_add("POST", "/api/v1/incoming/{id}/assign", h_assign, ROUTE_API);
    route_add("POST", "/api/v1/incoming/{id}/progress", h_progress, ROUTE_API);
    route_add("GET", "/api/v1/inbox", h_inbox, ROUTE_API);
    route_add("POST", "/api/v1/inbox/{id}/refuse", h_inbox_refuse, ROUTE_API);
    route_add("GET", "/api/v1/notifications", h_notifications, ROUTE_API);
    route_add("POST", "/api/v1/notifications/read", h_notifications_read, ROUTE_API);
}
