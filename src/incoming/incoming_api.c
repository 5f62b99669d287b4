/* JSON API of the incoming side (docs/api.md, "Incoming documents"). Handlers parse and
 * answer; permission, validation and writes are the services' (incoming.c, routing.c). */
#include <stdlib.h>
#include <string.h>

#include "web/errors.h"
#include "web/params.h"
#include "web/respond.h"
#include "base/i18n.h"
#include "catalog/vocab.h"
#include "exchange/exchange.h"
#include "incoming/incoming_impl.h"
#include "notify/notify.h"
#include "http/router.h"

static void h_create(ctx *c)
{
    json_t *j = request_json(c);
    if (!j)
        return;
    in_new in = {
        .unit_id = json_int(j, "unit_id"),
        .inbox_id = json_int(j, "inbox_id"),
        .issuer_unit_id = json_int(j, "issuer_unit_id"),
        .issuer_name = json_text(c, j, "issuer_name"),
        .code = json_text(c, j, "code"),
        .doc_type = json_text(c, j, "doc_type"),
        .issued_date = json_text(c, j, "issued_date"),
        .subject = json_text(c, j, "subject"),
        .signer = json_text(c, j, "signer"),
        .notes = json_text(c, j, "notes"),
        .pages = (int)json_int(j, "pages"),
        .secrecy = json_text(c, j, "secrecy"),
        .urgency = json_text(c, j, "urgency"),
        .due_date = json_text(c, j, "due_date"),
        .duplicate_reason = json_text(c, j, "duplicate_reason"),
        .channel = json_text(c, j, "channel"),
    };
    json_decref(j);
    web_err e;
    int64_t number = 0;
    int64_t id = incoming_register(c, &in, &number, &e);
    if (id < 0) {
        web_err_respond(c, &e);
        return;
    }
    respond_json(
        c, 201,
        json_pack("{s:I, s:I}", "id", (json_int_t)id, "arrival_number", (json_int_t)number));
}

static void h_list(ctx *c)
{
    const char *lim = req_query(c->rq, "limit"), *off = req_query(c->rq, "offset");
    in_filter f;
    const char *err = in_filter_from_query(c, &f);
    f.limit = lim ? atoi(lim) : IN_PAGE;
    f.offset = off ? atoi(off) : 0;
    if (err) {
        respond_api_error(c, 400, "invalid_input", err);
        return;
    }
    incoming *rows;
    int64_t total;
    bool partial;
    int n = incoming_list_ex(c, &f, &rows, &total, &partial);
    if (n < 0) {
        respond_api_error(c, 500, "internal", _(WEB_MSG_DB));
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
        web_err e;
        int64_t aid = incoming_attach(c, id, &c->rq->uploads[i], &e);
        if (aid < 0) {
            json_decref(ids);
            web_err_respond(c, &e);
            return;
        }
        json_array_append_new(ids, json_integer(aid));
    }
    json_t *out = json_pack("{s:o}", "ids", ids);
    json_object_set(out, "id", json_array_get(ids, 0));
    respond_json(c, 201, out);
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
    const char *reason = json_text(c, j, "reason");
    json_decref(j);
    web_err e;
    if (inbox_refuse(c, id, reason, &e) != 0) {
        web_err_respond(c, &e);
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
    int64_t id = json_int(j, "id");
    json_decref(j);
    if (notify_mark_read(c, id) != 0) {
        respond_api_error(c, 500, "internal", _(WEB_MSG_DB));
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
    route_add("GET", "/api/v1/inbox", h_inbox, ROUTE_API);
    route_add("POST", "/api/v1/inbox/{id}/refuse", h_inbox_refuse, ROUTE_API);
    route_add("GET", "/api/v1/notifications", h_notifications, ROUTE_API);
    route_add("POST", "/api/v1/notifications/read", h_notifications_read, ROUTE_API);
}
