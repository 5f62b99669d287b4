/* JSON API of the outgoing side (docs/api.md, "Outgoing documents, attachments, dossiers").
 * Handlers parse and shape; every rule is in the services. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "web/errors.h"
#include "web/params.h"
#include "web/respond.h"
#include "base/i18n.h"
#include "files/files.h"
#include "catalog/catalog.h"
#include "catalog/vocab.h"
#include "outgoing/outgoing.h"
#include "outgoing/outgoing_impl.h"
#include "http/router.h"

static const char *const methods[] = {"electronic", "paper", "post", NULL};

/* Answers e when it holds an error; true then. */
static bool refused(ctx *c, const web_err *e)
{
    if (!e->n)
        return false;
    web_err_respond(c, e);
    return true;
}

static void h_create(ctx *c)
{
    static const char *const members[] = {
        "register_id", "doc_type",    "subject", "body",         "secrecy",
        "urgency",     "signer_id",   "copies",  "file_copy_to", "replaces_id",
        "recipients",  "reply_to_id", NULL};
    static const char *const recipient[] = {"unit_id", "name", "copies", "method", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    out_draft in = {0};
    int64_t copies = 0;
    int sec = SECRECY_NONE, urg = URGENCY_NORMAL;
    json_member_id(c, j, "register_id", &in.register_id, &e);
    json_member_text(c, j, "doc_type", &in.doc_type, &e);
    json_member_text(c, j, "subject", &in.subject, &e);
    json_member_text(c, j, "body", &in.body, &e);
    json_member_id(c, j, "signer_id", &in.signer_id, &e);
    json_member_id(c, j, "replaces_id", &in.replaces_id, &e);
    json_member_id(c, j, "reply_to_id", &in.reply_to_id, &e);
    json_member_text(c, j, "file_copy_to", &in.file_copy_to, &e);
    json_member_range(c, j, "copies", 1, OUT_MAX_COPIES, &copies, &e);
    json_member_enum(c, j, "secrecy", secrecy_codes, &sec, &e);
    json_member_enum(c, j, "urgency", urgency_codes, &urg, &e);
    in.copies = (int)copies;
    in.secrecy = sec;
    in.urgency = urg;
    json_t *rec = json_object_get(j, "recipients");
    size_t n = json_array_size(rec);
    if (rec && !json_is_null(rec) && !json_is_array(rec))
        web_err_add(&e, 400, "invalid_input", "recipients", _("recipients phải là một mảng."));
    else if (n > OUT_MAX_RECIPIENTS)
        web_err_add(&e, 400, "invalid_input", "recipients", _("Quá nhiều nơi nhận."));
    if (refused(c, &e))
        return;
    in.recipients = arena_alloc(c->a, sizeof *in.recipients * (n ? n : 1));
    for (size_t i = 0; i < n; i++) {
        json_t *r = json_array_get(rec, i);
        if (!json_is_object(r)) {
            web_err_add(&e, 400, "invalid_input", "recipients",
                        _("Mỗi nơi nhận là một đối tượng {unit_id} hoặc {name}."));
            break;
        }
        if (!params_members(c, r, "recipients", recipient, &e))
            break;
        int64_t rc = 0;
        int m = -1;
        web_err one = {0};
        json_member_id(c, r, "unit_id", &in.recipients[i].unit_id, &one);
        json_member_text(c, r, "name", &in.recipients[i].name, &one);
        json_member_range(c, r, "copies", 1, OUT_MAX_RECIPIENT_COPIES, &rc, &one);
        json_member_enum(c, r, "method", methods, &m, &one);
        if (one.n) {
            /* The recipient's member named in the message, the list as the field. */
            web_err_add(
                &e, 400, "invalid_input", "recipients",
                arena_printf(c->a, _("Nơi nhận thứ %zu: %s"), i + 1, web_err_message(&one)));
            break;
        }
        in.recipients[i].copies = (int)rc;
        in.recipients[i].want_electronic = m == 0;
    }
    if (refused(c, &e))
        return;
    in.n_recipients = (int)n;
    if (in.register_id == 0 && c->user) {
        /* Without a register the caller's own unit's first register is used. */
        in.register_id = catalog_register_of_unit(c->db, c->user->unit_id);
    }
    const char *err;
    int status;
    int64_t id = outgoing_create(c, &in, &err, &status);
    if (id < 0) {
        respond_api_fail(c, status, err);
        return;
    }
    respond_json(c, 201, json_pack("{s:I, s:s}", "id", (json_int_t)id, "status", "draft"));
}

static void add_json(ctx *c, const outgoing *o, void *arg)
{
    json_array_append_new((json_t *)arg, outgoing_json(c, o, false));
}

static void h_list(ctx *c)
{
    static const char *const params[] = {"status", "from", "to", "q", "limit", "offset", NULL};
    if (!params_check(c, params))
        return;
    out_filter f = {.q = req_query(c->rq, "q")};
    web_err e = {0};
    int st = -1;
    if (query_enum(c, "status", out_status_codes, &st, &e) == PARAM_OK)
        f.status = out_status_codes[st];
    query_date(c, "from", &f.from, &e);
    query_date(c, "to", &f.to, &e);
    query_page(c, 50, OUT_MAX_PAGE, OUT_MAX_OFFSET, &f.limit, &f.offset, &e);
    if (refused(c, &e))
        return;
    json_t *arr = json_array();
    int64_t total;
    outgoing_list_total(c, &f, add_json, arr, &total);
    respond_json(c, 200, json_pack("{s:I, s:o}", "total", (json_int_t)total, "items", arr));
}

static void h_get(ctx *c)
{
    if (!params_check(c, NULL))
        return;
    const outgoing *o = outgoing_get(c, req_param_id(c->rq, "id"));
    if (!o) {
        respond_api_fail(c, 404, _("Không tìm thấy văn bản."));
        return;
    }
    if (outgoing_audit_open(c, o) != 0) {
        respond_api_fail(c, 503, _("Không ghi được nhật ký truy cập; vui lòng thử lại."));
        return;
    }
    respond_json(c, 200, outgoing_json(c, o, true));
}

static void answer_state(ctx *c, int64_t id)
{
    const outgoing *o = outgoing_get(c, id);
    if (!o) {
        respond_api_fail(c, 404, _("Không tìm thấy văn bản."));
        return;
    }
    respond_json(c, 200, outgoing_json(c, o, false));
}

static void h_version(ctx *c)
{
    static const char *const members[] = {"subject", "body", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    int64_t id = req_param_id(c->rq, "id");
    web_err e = {0};
    const char *subject = NULL, *body = NULL;
    json_member_text(c, j, "subject", &subject, &e);
    json_member_text(c, j, "body", &body, &e);
    if (refused(c, &e))
        return;
    const char *err;
    int status;
    if (outgoing_save_version(c, id, subject, body, &err, &status) != 0)
        respond_api_fail(c, status, err);
    else
        answer_state(c, id);
}

static void h_comment(ctx *c)
{
    static const char *const members[] = {"text", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    const char *text = NULL;
    json_member_text(c, j, "text", &text, &e);
    if (refused(c, &e))
        return;
    const char *err;
    int status;
    int64_t cid = outgoing_comment(c, req_param_id(c->rq, "id"), text, &err, &status);
    if (cid < 0)
        respond_api_fail(c, status, err);
    else
        respond_json(c, 201, json_pack("{s:I}", "id", (json_int_t)cid));
}

static void h_approve(ctx *c)
{
    static const char *const members[] = {"note", NULL};
    json_t *j = params_json_optional(c, members);
    if (!j)
        return;
    web_err e = {0};
    const char *note = NULL;
    json_member_text(c, j, "note", &note, &e);
    if (refused(c, &e))
        return;
    int64_t id = req_param_id(c->rq, "id");
    const char *err;
    int status;
    if (outgoing_approve(c, id, note, &err, &status) != 0)
        respond_api_fail(c, status, err);
    else
        answer_state(c, id);
}

/* A submission the format check refused: every finding with its field — "field" the first
 * error's, "errors" each blocking one, "warnings" the rest — beside the joined message. */
static void refused_check(ctx *c, int64_t id, const char *msg)
{
    out_finding *v;
    int n = outgoing_findings(c, id, &v);
    json_t *errors = json_array(), *warnings = json_array();
    const char *first = NULL;
    for (int i = 0; i < n; i++) {
        json_array_append_new(v[i].error ? errors : warnings,
                              json_pack("{s:s, s:s, s:s}", "field", v[i].field, "message",
                                        v[i].message, "severity",
                                        v[i].error ? "error" : "warning"));
        if (v[i].error && !first)
            first = v[i].field;
    }
    json_t *e = json_pack("{s:s, s:s, s:o, s:o}", "code", "invalid_input", "message", msg, "errors",
                          errors, "warnings", warnings);
    if (first)
        json_object_set_new(e, "field", json_string(first));
    respond_json(c, 422, json_pack("{s:o}", "error", e));
}

static void h_submit(ctx *c)
{
    static const char *const members[] = {"to", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    int64_t to = 0;
    json_member_id(c, j, "to", &to, &e);
    if (refused(c, &e))
        return;
    int64_t id = req_param_id(c->rq, "id");
    const char *err;
    int status;
    if (outgoing_submit(c, id, to, &err, &status) != 0) {
        if (status == 422)
            refused_check(c, id, err);
        else
            respond_api_fail(c, status, err);
    } else {
        answer_state(c, id);
    }
}

static void h_return(ctx *c)
{
    static const char *const members[] = {"comment", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    const char *comment = NULL;
    json_member_text(c, j, "comment", &comment, &e);
    if (refused(c, &e))
        return;
    int64_t id = req_param_id(c->rq, "id");
    const char *err;
    int status;
    if (outgoing_return(c, id, comment, &err, &status) != 0)
        respond_api_fail(c, status, err);
    else
        answer_state(c, id);
}

static void h_sign(ctx *c)
{
    if (!params_json_optional(c, NULL))
        return;
    int64_t id = req_param_id(c->rq, "id");
    const char *err;
    int status;
    if (outgoing_sign(c, id, &err, &status) != 0)
        respond_api_fail(c, status, err);
    else
        answer_state(c, id);
}

static void h_issue(ctx *c)
{
    if (!params_json_optional(c, NULL))
        return;
    int64_t id = req_param_id(c->rq, "id");
    long number;
    const char *notation, *note, *err;
    int status;
    if (outgoing_issue(c, id, &number, &notation, &note, &err, &status) != 0) {
        respond_api_fail(c, status, err);
        return;
    }
    json_t *j = json_pack("{s:I, s:I, s:s, s:s}", "id", (json_int_t)id, "number",
                          (json_int_t)number, "notation", notation, "status", "issued");
    if (note)
        json_object_set_new(j, "dispatch_note", json_string(note));
    json_object_set_new(j, "recipients", outgoing_recipients_json(c, id));
    respond_json(c, 200, j);
}

static void h_recall(ctx *c)
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
    const char *err;
    int status;
    if (outgoing_recall(c, id, reason, &err, &status) != 0)
        respond_api_fail(c, status, err);
    else
        answer_state(c, id);
}

static void h_status(ctx *c)
{
    if (!params_check(c, NULL))
        return;
    int64_t id = req_param_id(c->rq, "id");
    const outgoing *o = outgoing_get(c, id);
    if (!o) {
        respond_api_fail(c, 404, _("Không tìm thấy văn bản."));
        return;
    }
    json_t *j =
        json_pack("{s:I, s:s, s:o}", "id", (json_int_t)id, "status", out_status_code(o->status),
                  "recipients", outgoing_recipients_json(c, id));
    if (o->notation)
        json_object_set_new(j, "notation", json_string(o->notation));
    respond_json(c, 200, j);
}

static void h_attach(ctx *c)
{
    if (!params_check(c, NULL))
        return;
    int64_t id = req_param_id(c->rq, "id");
    const http_upload *u = req_upload(c->rq, "file");
    if (!u && c->rq->n_uploads > 0)
        u = &c->rq->uploads[0];
    const char *err;
    int status;
    if (!u) {
        /* Visibility first: a document the caller may not see answers 404 either way. */
        if (!outgoing_may_see(c, id))
            respond_api_fail(c, 404, _("Không tìm thấy văn bản."));
        else
            respond_api_fail(c, 400, _("Chưa chọn tệp đính kèm (trường \"file\")."));
        return;
    }
    int64_t aid = outgoing_attach(c, id, u, &err, &status);
    if (aid < 0) {
        respond_api_fail(c, status, err);
        return;
    }
    respond_json(c, 201,
                 json_pack("{s:I, s:s}", "id", (json_int_t)aid, "url",
                           arena_printf(c->a, "/attachments/%lld", (long long)aid)));
}

static void h_doc_types(ctx *c)
{
    if (!params_check(c, NULL))
        return;
    doc_type *v;
    int n = catalog_doc_types(c, &v);
    json_t *arr = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s?}", "code", v[i].code, "name",
                                             v[i].name, "abbr_party", v[i].abbr_party, "abbr_state",
                                             v[i].abbr_state));
    respond_json(c, 200, json_pack("{s:i, s:o}", "total", n < 0 ? 0 : n, "items", arr));
}

static void h_registers(ctx *c)
{
    if (!params_check(c, NULL))
        return;
    doc_register *v;
    int n = catalog_registers(c, &v);
    json_t *arr = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(arr, json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:b}", "id",
                                             (json_int_t)v[i].id, "unit_id",
                                             (json_int_t)v[i].unit_id, "name", v[i].name, "policy",
                                             v[i].policy == POLICY_STATE ? "state" : "party",
                                             "issuer_abbr", v[i].issuer_abbr, "signer_role",
                                             v[i].signer_role, "active", v[i].active));
    respond_json(c, 200, json_pack("{s:i, s:o}", "total", n < 0 ? 0 : n, "items", arr));
}

static void h_terms(ctx *c)
{
    static const char *const params[] = {"unit_id", NULL};
    if (!params_check(c, params))
        return;
    web_err e = {0};
    int64_t unit_id = 0;
    if (query_id(c, "unit_id", &unit_id, &e) == PARAM_BAD) {
        web_err_respond(c, &e);
        return;
    }
    term *v;
    int n = catalog_terms(c, unit_id, &v);
    json_t *arr = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(arr,
                              json_pack("{s:I, s:I, s:s, s:s, s:s?}", "id", (json_int_t)v[i].id,
                                        "unit_id", (json_int_t)v[i].unit_id, "name", v[i].name,
                                        "starts_on", v[i].starts_on, "ends_on", v[i].ends_on));
    respond_json(c, 200, json_pack("{s:i, s:o}", "total", n < 0 ? 0 : n, "items", arr));
}

void outgoing_api_routes(void)
{
    route_add("GET", "/api/v1/outgoing", h_list, ROUTE_API);
    route_add("POST", "/api/v1/outgoing", h_create, ROUTE_API);
    route_add("GET", "/api/v1/outgoing/{id}", h_get, ROUTE_API);
    route_add("POST", "/api/v1/outgoing/{id}/versions", h_version, ROUTE_API);
    route_add("POST", "/api/v1/outgoing/{id}/comments", h_comment, ROUTE_API);
    route_add("POST", "/api/v1/outgoing/{id}/approve", h_approve, ROUTE_API);
    route_add("POST", "/api/v1/outgoing/{id}/submit", h_submit, ROUTE_API);
    route_add("POST", "/api/v1/outgoing/{id}/return", h_return, ROUTE_API);
    route_add("POST", "/api/v1/outgoing/{id}/sign", h_sign, ROUTE_API);
    route_add("POST", "/api/v1/outgoing/{id}/issue", h_issue, ROUTE_API);
    route_add("POST", "/api/v1/outgoing/{id}/recall", h_recall, ROUTE_API);
    route_add("GET", "/api/v1/outgoing/{id}/status", h_status, ROUTE_API);
    route_add("POST", "/api/v1/outgoing/{id}/attachments", h_attach, ROUTE_API);
    route_add("GET", "/api/v1/catalog/doc-types", h_doc_types, ROUTE_API);
    route_add("GET", "/api/v1/catalog/registers", h_registers, ROUTE_API);
    route_add("GET", "/api/v1/catalog/terms", h_terms, ROUTE_API);
}
