/* JSON API of the outgoing side (docs/api.md, "Outgoing documents, attachments, dossiers").
 * Handlers parse and shape; every rule is in the services. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "web/params.h"
#include "web/respond.h"
#include "base/i18n.h"
#include "files/files.h"
#include "catalog/catalog.h"
#include "catalog/vocab.h"
#include "outgoing/outgoing.h"
#include "outgoing/outgoing_impl.h"
#include "http/router.h"

static void decref(void *p)
{
    json_decref((json_t *)p);
}

/* The request body as an object whose lifetime is the request's. NULL after answering. */
static json_t *body_json(ctx *c)
{
    json_t *j = request_json(c);
    if (j)
        arena_defer(c->a, decref, j);
    return j;
}

static void h_create(ctx *c)
{
    json_t *j = body_json(c);
    if (!j)
        return;
    out_draft in = {0};
    in.register_id = json_int(j, "register_id");
    in.doc_type = json_text(c, j, "doc_type");
    in.subject = json_text(c, j, "subject");
    in.body = json_text(c, j, "body");
    in.signer_id = json_int(j, "signer_id");
    in.replaces_id = json_int(j, "replaces_id");
    in.file_copy_to = json_text(c, j, "file_copy_to");
    in.copies = (int)json_int(j, "copies");
    const char *sec = json_text(c, j, "secrecy"), *urg = json_text(c, j, "urgency");
    in.secrecy = sec ? secrecy_from_code(sec) : 0;
    in.urgency = urg ? urgency_from_code(urg) : 0;
    if (in.register_id == 0 && c->user) {
        /* Without a register the caller's own unit's first register is used. */
        in.register_id = catalog_register_of_unit(c->db, c->user->unit_id);
    }
    json_t *rec = json_object_get(j, "recipients");
    if (rec && !json_is_array(rec)) {
        respond_api_fail(c, 400, _("recipients phải là một mảng."));
        return;
    }
    size_t n = json_array_size(rec);
    if (n > OUT_MAX_RECIPIENTS) {
        respond_api_fail(c, 400, _("Quá nhiều nơi nhận."));
        return;
    }
    in.recipients = arena_alloc(c->a, sizeof *in.recipients * (n ? n : 1));
    for (size_t i = 0; i < n; i++) {
        json_t *r = json_array_get(rec, i);
        if (!json_is_object(r)) {
            respond_api_fail(c, 400, _("Mỗi nơi nhận là một đối tượng {unit_id} hoặc {name}."));
            return;
        }
        in.recipients[i].unit_id = json_int(r, "unit_id");
        in.recipients[i].name = json_text(c, r, "name");
        in.recipients[i].copies = (int)json_int(r, "copies");
        const char *m = json_text(c, r, "method");
        in.recipients[i].want_electronic = m && strcmp(m, "electronic") == 0;
    }
    in.n_recipients = (int)n;
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
    out_filter f = {0};
    f.status = req_query(c->rq, "status");
    f.from = req_query(c->rq, "from");
    f.to = req_query(c->rq, "to");
    f.q = req_query(c->rq, "q");
    const char *lim = req_query(c->rq, "limit"), *off = req_query(c->rq, "offset");
    f.limit = lim ? atoi(lim) : 50;
    f.offset = off ? atoi(off) : 0;
    if (f.limit <= 0 || f.limit > 500)
        f.limit = 50;
    if (f.offset < 0)
        f.offset = 0;
    json_t *arr = json_array();
    outgoing_list(c, &f, add_json, arr);
    respond_json(c, 200, json_pack("{s:o}", "items", arr));
}

static void h_get(ctx *c)
{
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
    json_t *j = body_json(c);
    if (!j)
        return;
    int64_t id = req_param_id(c->rq, "id");
    const char *err;
    int status;
    if (outgoing_save_version(c, id, json_text(c, j, "subject"), json_text(c, j, "body"), &err,
                              &status) != 0)
        respond_api_fail(c, status, err);
    else
        answer_state(c, id);
}

static void h_comment(ctx *c)
{
    json_t *j = body_json(c);
    if (!j)
        return;
    const char *err;
    int status;
    int64_t cid =
        outgoing_comment(c, req_param_id(c->rq, "id"), json_text(c, j, "text"), &err, &status);
    if (cid < 0)
        respond_api_fail(c, status, err);
    else
        respond_json(c, 201, json_pack("{s:I}", "id", (json_int_t)cid));
}

/* approve/sign/recall accept an optional JSON body. */
static json_t *optional_body(ctx *c)
{
    if (!c->rq->body || c->rq->body_len == 0)
        return NULL;
    return body_json(c);
}

static void h_approve(ctx *c)
{
    json_t *j = optional_body(c);
    if (c->rs->status >= 400)
        return;
    int64_t id = req_param_id(c->rq, "id");
    const char *err;
    int status;
    if (outgoing_approve(c, id, j ? json_text(c, j, "note") : NULL, &err, &status) != 0)
        respond_api_fail(c, status, err);
    else
        answer_state(c, id);
}

static void h_sign(ctx *c)
{
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
    json_t *j = body_json(c);
    if (!j)
        return;
    int64_t id = req_param_id(c->rq, "id");
    const char *err;
    int status;
    if (outgoing_recall(c, id, json_text(c, j, "reason"), &err, &status) != 0)
        respond_api_fail(c, status, err);
    else
        answer_state(c, id);
}

static void h_status(ctx *c)
{
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
    doc_type *v;
    int n = catalog_doc_types(c, &v);
    json_t *arr = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s?}", "code", v[i].code, "name",
                                             v[i].name, "abbr_party", v[i].abbr_party, "abbr_state",
                                             v[i].abbr_state));
    respond_json(c, 200, json_pack("{s:o}", "items", arr));
}

static void h_registers(ctx *c)
{
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
    respond_json(c, 200, json_pack("{s:o}", "items", arr));
}

static void h_terms(ctx *c)
{
    term *v;
    const char *u = req_query(c->rq, "unit_id");
    int n = catalog_terms(c, u ? atoll(u) : 0, &v);
    json_t *arr = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(arr,
                              json_pack("{s:I, s:I, s:s, s:s, s:s?}", "id", (json_int_t)v[i].id,
                                        "unit_id", (json_int_t)v[i].unit_id, "name", v[i].name,
                                        "starts_on", v[i].starts_on, "ends_on", v[i].ends_on));
    respond_json(c, 200, json_pack("{s:o}", "items", arr));
}

void outgoing_api_routes(void)
{
    route_add("GET", "/api/v1/outgoing", h_list, ROUTE_API);
    route_add("POST", "/api/v1/outgoing", h_create, ROUTE_API);
    route_add("GET", "/api/v1/outgoing/{id}", h_get, ROUTE_API);
    route_add("POST", "/api/v1/outgoing/{id}/versions", h_version, ROUTE_API);
    route_add("POST", "/api/v1/outgoing/{id}/comments", h_comment, ROUTE_API);
    route_add("POST", "/api/v1/outgoing/{id}/approve", h_approve, ROUTE_API);
    route_add("POST", "/api/v1/outgoing/{id}/sign", h_sign, ROUTE_API);
    route_add("POST", "/api/v1/outgoing/{id}/issue", h_issue, ROUTE_API);
    route_add("POST", "/api/v1/outgoing/{id}/recall", h_recall, ROUTE_API);
    route_add("GET", "/api/v1/outgoing/{id}/status", h_status, ROUTE_API);
    route_add("POST", "/api/v1/outgoing/{id}/attachments", h_attach, ROUTE_API);
    route_add("GET", "/api/v1/catalog/doc-types", h_doc_types, ROUTE_API);
    route_add("GET", "/api/v1/catalog/registers", h_registers, ROUTE_API);
    route_add("GET", "/api/v1/catalog/terms", h_terms, ROUTE_API);
}
