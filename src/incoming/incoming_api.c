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

static const char *const channels[] = {"paper", "electronic", NULL};

static void h_create(ctx *c)
{
    static const char *const members[] = {
        "unit_id",     "inbox_id", "issuer_unit_id",   "issuer_name", "code",  "doc_type",
        "issued_date", "subject",  "signer",           "notes",       "pages", "secrecy",
        "urgency",     "due_date", "duplicate_reason", "channel",     NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    in_new in = {0};
    int64_t pages = 0;
    int sec = SECRECY_NONE, urg = URGENCY_NORMAL, channel = 0;
    json_member_id(c, j, "unit_id", &in.unit_id, &e);
    json_member_id(c, j, "inbox_id", &in.inbox_id, &e);
    json_member_id(c, j, "issuer_unit_id", &in.issuer_unit_id, &e);
    json_member_text(c, j, "issuer_name", &in.issuer_name, &e);
    json_member_text(c, j, "code", &in.code, &e);
    json_member_text(c, j, "doc_type", &in.doc_type, &e);
    json_member_date(c, j, "issued_date", &in.issued_date, &e);
    json_member_text(c, j, "subject", &in.subject, &e);
    json_member_text(c, j, "signer", &in.signer, &e);
    json_member_text(c, j, "notes", &in.notes, &e);
    json_member_range(c, j, "pages", 1, IN_MAX_PAGES, &pages, &e);
    /* Absent secrecy/urgency take the inbox row's (or none/normal): pass no code. */
    if (json_member_enum(c, j, "secrecy", secrecy_codes, &sec, &e) == PARAM_OK)
        in.secrecy = secrecy_codes[sec];
    if (json_member_enum(c, j, "urgency", urgency_codes, &urg, &e) == PARAM_OK)
        in.urgency = urgency_codes[urg];
    json_member_date(c, j, "due_date", &in.due_date, &e);
    json_member_text(c, j, "duplicate_reason", &in.duplicate_reason, &e);
    if (json_member_enum(c, j, "channel", channels, &channel, &e) == PARAM_OK)
        in.channel = channels[channel];
    in.pages = (int)pages;
    if (e.n) {
        web_err_respond(c, &e);
        return;
    }
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
    static const char *const params[] = {
        "from",         "to",      "q",    "status", "urgency", "unit_id",
        "lead_unit_id", "overdue", "mine", "limit",  "offset",  NULL};
    if (!params_check(c, params))
        return;
    in_filter f;
    web_err e = {0};
    in_filter_from_query(c, &f, &e);
    query_page(c, IN_PAGE, IN_MAX_PAGE, IN_MAX_OFFSET, &f.limit, &f.offset, &e);
    if (e.n) {
        web_err_respond(c, &e);
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
    if (!params_check(c, NULL))
        return;
    const incoming *r = incoming_get(c, req_param_id(c->rq, "id"), true);
    if (!r) {
        respond_not_found(c);
        return;
    }
    respond_json(c, 200, incoming_json(c, r, true));
}

static void h_attach(ctx *c)
{
    if (!params_check(c, NULL))
        return;
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

static void file_json(ctx *c, int64_t file_id, const char *filename, const char *mime, int64_t size,
                      void *arg)
{
    json_array_append_new(arg,
                          json_pack("{s:I, s:s, s:s, s:I}", "id", (json_int_t)file_id, "filename",
                                    filename, "mime", mime, "size", (json_int_t)size));
}

static void h_inbox(ctx *c)
{
    static const char *const params[] = {"all", NULL};
    if (!params_check(c, params))
        return;
    /* The queue is kept by those who register (clerks, office leaders), as on the page. */
    if (!incoming_may_register(c)) {
        respond_forbidden(c);
        return;
    }
    web_err e = {0};
    bool all = false;
    if (query_bool(c, "all", &all, &e) == PARAM_BAD) {
        web_err_respond(c, &e);
        return;
    }
    inbox_row *rows;
    int n = inbox_list(c, !all, &rows);
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
        json_t *it = json_array_get(items, (size_t)i);
        if (rows[i].incoming_id)
            json_object_set_new(it, "incoming_id", json_integer(rows[i].incoming_id));
        /* What the document carries: its text, signer and files, registered with it. */
        json_object_set_new(it, "body", json_string(rows[i].body ? rows[i].body : ""));
        json_object_set_new(it, "signer",
                            rows[i].signer ? json_string(rows[i].signer) : json_null());
        json_object_set_new(it, "due_date",
                            rows[i].due_date ? json_string(rows[i].due_date) : json_null());
        json_t *files = json_array();
        inbox_files_each(c, rows[i].id, file_json, files);
        json_object_set_new(it, "files", files);
    }
    respond_json(c, 200,
                 json_pack("{s:I, s:o}", "total", (json_int_t)(n < 0 ? 0 : n), "items", items));
}

static void h_inbox_refuse(ctx *c)
{
    static const char *const members[] = {"reason", NULL};
    int64_t id = req_param_id(c->rq, "id");
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    const char *reason = NULL;
    if (json_member_text(c, j, "reason", &reason, &e) == PARAM_BAD) {
        web_err_respond(c, &e);
        return;
    }
    if (inbox_refuse(c, id, reason, &e) != 0) {
        web_err_respond(c, &e);
        return;
    }
    respond_json(c, 200, json_pack("{s:I, s:s}", "id", (json_int_t)id, "status_code", "02"));
}

void incoming_api_routes(void)
{
    route_add("POST", "/api/v1/incoming", h_create, ROUTE_API);
    route_add("GET", "/api/v1/incoming", h_list, ROUTE_API);
    route_add("GET", "/api/v1/incoming/{id}", h_get, ROUTE_API);
    route_add("POST", "/api/v1/incoming/{id}/attachments", h_attach, ROUTE_API);
    route_add("GET", "/api/v1/inbox", h_inbox, ROUTE_API);
    route_add("POST", "/api/v1/inbox/{id}/refuse", h_inbox_refuse, ROUTE_API);
}
