/* The edXML JSON API (docs/api.md "edXML"): export an issued document as a package, import a
 * package into the clerk's queue, list and answer business requests. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "base/config.h"
#include "base/i18n.h"
#include "edxml/edxml.h"
#include "edxml/edxml_impl.h"
#include "exchange/exchange.h"
#include "http/router.h"
#include "web/errors.h"
#include "web/params.h"
#include "web/respond.h"

static void api_export(ctx *c)
{
    static const char *const params[] = {"to", NULL};
    if (!params_check(c, params))
        return;
    int64_t id = req_param_id(c->rq, "id");
    strbuf pkg = STRBUF_INIT;
    web_err e = {0};
    if (edxml_export(c, id, req_query(c->rq, "to"), &pkg, &e) != 0) {
        sb_free(&pkg);
        web_err_respond(c, &e);
        return;
    }
    resp_header(c->a, c->rs, "Content-Type", "application/xml; charset=utf-8");
    resp_header(
        c->a, c->rs, "Content-Disposition",
        arena_printf(c->a, "attachment; filename=\"van-ban-di-%lld.edxml\"", (long long)id));
    resp_header(c->a, c->rs, "Cache-Control", "no-store");
    c->rs->status = 200;
    sb_add(&c->rs->body, pkg.buf, pkg.len);
    sb_free(&pkg);
}

/* The package as the multipart file "package", or as the body itself (application/xml). */
static void api_import(ctx *c)
{
    if (!params_check(c, NULL))
        return;
    const http_upload *u = req_upload(c->rq, "package");
    char tmp[512] = "";
    const char *path = u ? u->tmp_path : NULL;
    if (!u && c->rq->body && c->rq->body_len > 0) {
        /* A small package sent as the body: through a temporary file like an upload. */
        snprintf(tmp, sizeof tmp, "%s/edxml-XXXXXX", config.tmp_dir);
        int fd = mkstemp(tmp);
        if (fd < 0 || write(fd, c->rq->body, c->rq->body_len) != (ssize_t)c->rq->body_len) {
            if (fd >= 0) {
                close(fd);
                unlink(tmp);
            }
            respond_api_fail(c, 500, NULL);
            return;
        }
        close(fd);
        path = tmp;
    }
    edxml_result r;
    int rc = edxml_import(c, path, &r);
    if (*tmp)
        unlink(tmp);
    if (rc < 0) {
        respond_api_fail(c, 500, _(WEB_MSG_DB));
        return;
    }
    if (rc > 0) {
        int st = r.http ? r.http : 422;
        json_t *j = json_pack("{s:{s:s, s:s, s:s, s:s, s:s}}", "error", "code",
                              st == 409 ? "duplicate" : respond_code_for(st), "message", r.message,
                              "field", "package", "edxml_status",
                              r.status[0] ? r.status : EDXML_REFUSED, "document_id", r.document_id);
        respond_json(c, respond_api_status(st, respond_code_for(st)), j);
        return;
    }
    respond_json(c, 201,
                 json_pack("{s:s, s:s, s:s, s:I, s:I}", "edxml_status", r.status, "message",
                           r.message, "document_id", r.document_id, "inbox_id",
                           (json_int_t)r.inbox_id, "package_id", (json_int_t)r.package_id));
}

static const db_query q_requests = {
    "edxml.requests",
    "SELECT r.id, r.inbox_id, r.business, r.reason, r.status, p.document_id, p.from_organ"
    " FROM edxml_requests r JOIN edxml_packages p ON p.id = r.package_id"
    " WHERE r.status = 'pending' ORDER BY r.id LIMIT 200",
    NULL};

static void api_requests(ctx *c)
{
    if (!params_check(c, NULL))
        return;
    if (!c->user || c->user->role != ROLE_CLERK) {
        respond_api_fail(c, 403, _("Chỉ văn thư xem các đề nghị thu hồi, cập nhật, thay thế."));
        return;
    }
    json_t *a = json_array();
    db_stmt *s = db_stmt_get(c->db, &q_requests);
    static const char *const kinds[] = {"new", "recall", "update", "replace"};
    int64_t ids[200], inbox[200];
    int bus[200], n = 0;
    const char *reason[200], *docid[200], *from[200];
    while (s && db_step(s) == DB_ROW && n < 200) {
        ids[n] = db_col_int(s, 0);
        inbox[n] = db_col_int(s, 1);
        bus[n] = (int)db_col_int(s, 2) & 3;
        reason[n] = arena_strdup(c->a, db_col_text(s, 3));
        docid[n] = arena_strdup(c->a, db_col_text(s, 5));
        from[n] = arena_strdup(c->a, db_col_text(s, 6));
        n++;
    }
    if (s)
        db_reset(s);
    /* Only the requests on rows of the caller's own queue (inbox_get decides). */
    for (int i = 0; i < n; i++)
        if (inbox_get(c, inbox[i]))
            json_array_append_new(a, json_pack("{s:I, s:I, s:s, s:s, s:s, s:s}", "id",
                                               (json_int_t)ids[i], "inbox_id", (json_int_t)inbox[i],
                                               "business", kinds[bus[i]], "reason", reason[i],
                                               "document_id", docid[i], "from_organ", from[i]));
    respond_json(c, 200, json_pack("{s:o}", "items", a));
}

static void api_decide(ctx *c)
{
    static const char *const members[] = {"decision", "note", NULL};
    static const char *const decisions[] = {"agree", "refuse", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    int d = -1;
    const char *note = NULL;
    if (json_member_enum(c, j, "decision", decisions, &d, &e) == PARAM_ABSENT)
        web_err_add(&e, 400, "invalid_input", "decision", _("Chọn đồng ý hoặc từ chối."));
    json_member_text(c, j, "note", &note, &e);
    int rc = e.n ? -1 : edxml_request_decide(c, req_param_id(c->rq, "id"), d == 0, note, &e);
    if (rc < 0)
        web_err_respond(c, &e);
    else
        respond_json(c, 200,
                     json_pack("{s:s, s:s}", "status", d == 0 ? "agreed" : "refused",
                               "edxml_status", d == 0 ? EDXML_AGREE : EDXML_DISAGREE));
}

void edxml_api_routes(void)
{
    route_add("GET", "/api/v1/outgoing/{id}/edxml", api_export, ROUTE_API);
    route_add("POST", "/api/v1/edxml/import", api_import, ROUTE_API);
    route_add("GET", "/api/v1/edxml/requests", api_requests, ROUTE_API);
    route_add("POST", "/api/v1/edxml/requests/{id}/decide", api_decide, ROUTE_API);
}
