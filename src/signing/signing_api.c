/* JSON API of the digital signatures (docs/api.md "## Digital signatures"). Handlers parse and
 * shape; every rule is in the services. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/i18n.h"
#include "files/files.h"
#include "http/router.h"
#include "jobs/jobs.h"
#include "signing/signing.h"
#include "signing/signing_impl.h"
#include "web/params.h"
#include "web/records.h"
#include "web/respond.h"

static const db_query q_att = {
    "signing.attachment",
    "SELECT doc_kind, doc_id, sha256, mime FROM attachments WHERE id = ?1",
    NULL,
};

static json_t *cred_json(const sig_credential *r)
{
    json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:b}", "id", (json_int_t)r->id,
                          "kind", r->kind, "subject", r->subject, "issuer", r->issuer, "not_before",
                          r->not_before, "not_after", r->not_after, "fingerprint", r->fingerprint,
                          "expired", r->expired, "has_key", r->has_key);
    if (r->user_id) {
        json_object_set_new(j, "user_id", json_integer(r->user_id));
        json_object_set_new(j, "user_name", json_string(r->user_name));
    }
    return j;
}

static void h_creds(ctx *c)
{
    if (!params_check(c, NULL))
        return;
    if (!c->user || c->user->role != ROLE_ADMIN) {
        respond_api_fail(c, 403, _("Chỉ quản trị hệ thống quản lý chữ ký số."));
        return;
    }
    sig_credential *v;
    int n = signing_credentials(c, &v);
    json_t *items = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(items, cred_json(&v[i]));
    /* The removed ones stay as history: signatures already made name them. */
    n = signing_removed_credentials(c, &v);
    json_t *removed = json_array();
    for (int i = 0; i < n; i++) {
        json_t *j = cred_json(&v[i]);
        json_object_set_new(j, "removed_at", json_string(v[i].removed_at));
        json_object_set_new(j, "removed_by", json_string(v[i].removed_by));
        json_array_append_new(removed, j);
    }
    respond_json(c, 200, json_pack("{s:o, s:o}", "items", items, "removed", removed));
}

static void h_remove(ctx *c)
{
    json_t *j = params_json_optional(c, NULL);
    if (!j)
        return;
    int64_t id = req_param_id(c->rq, "id");
    const char *err = NULL;
    int status = 0;
    if (signing_remove_credential(c, id, &err, &status) != 0) {
        respond_api_fail(c, status, err);
        return;
    }
    respond_json(c, 200, json_pack("{s:I, s:b}", "id", (json_int_t)id, "removed", 1));
}

static const http_upload *the_file(ctx *c)
{
    const http_upload *u = req_upload(c->rq, "file");
    return u && u->size > 0 ? u : NULL;
}

static void answer_import(ctx *c, int64_t id, const char *err, int status)
{
    if (id < 0) {
        respond_api_fail(c, status, err);
        return;
    }
    sig_credential *v;
    int n = signing_credentials(c, &v);
    for (int i = 0; i < n; i++)
        if (v[i].id == id) {
            respond_json(c, 201, cred_json(&v[i]));
            return;
        }
    respond_json(c, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

static void h_signer(ctx *c)
{
    if (!params_multipart(
            c, NULL,
            _("Gửi tệp PKCS#12 (trường «file»), mật khẩu và người ký dạng multipart/form-data.")))
        return;
    int64_t uid = 0;
    if (form_int(c, "user_id", 1, INT64_MAX, &uid) == PARAM_BAD) {
        respond_api_error(c, 422, "invalid_input", _("Hãy chọn tài khoản người ký."));
        return;
    }
    const http_upload *u = the_file(c);
    const char *err = NULL;
    int status = 0;
    int64_t id = signing_import_signer(c, uid, u ? u->tmp_path : NULL, req_form(c->rq, "password"),
                                       &err, &status);
    answer_import(c, id, err, status);
}

static void h_token_cert(ctx *c)
{
    if (!params_multipart(c, NULL,
                          _("Gửi chứng thư của người ký (trường «file») và người ký dạng "
                            "multipart/form-data.")))
        return;
    int64_t uid = 0;
    if (form_int(c, "user_id", 1, INT64_MAX, &uid) == PARAM_BAD) {
        respond_api_error(c, 422, "invalid_input", _("Hãy chọn tài khoản người ký."));
        return;
    }
    const http_upload *u = the_file(c);
    const char *err = NULL;
    int status = 0;
    int64_t id = signing_register_token_cert(c, uid, u ? u->tmp_path : NULL, &err, &status);
    answer_import(c, id, err, status);
}

static void h_ca(ctx *c)
{
    if (!params_multipart(
            c, NULL, _("Gửi chứng thư của tổ chức cấp (trường «file») dạng multipart/form-data.")))
        return;
    const http_upload *u = the_file(c);
    const char *err = NULL;
    int status = 0;
    int64_t id = signing_import_ca(c, u ? u->tmp_path : NULL, &err, &status);
    answer_import(c, id, err, status);
}

static void h_sign(ctx *c)
{
    json_t *j = params_json_optional(c, NULL);
    if (!j)
        return;
    int64_t id = req_param_id(c->rq, "id");
    const char *err = NULL;
    int status = 0;
    int64_t aid = signing_sign_outgoing(c, id, &err, &status);
    if (aid < 0) {
        respond_api_fail(c, status, err);
        return;
    }
    respond_json(c, 201,
                 json_pack("{s:I, s:s}", "attachment_id", (json_int_t)aid, "url",
                           arena_printf(c->a, "/attachments/%lld", (long long)aid)));
}

static void h_signed_file(ctx *c)
{
    if (!params_multipart(c, NULL,
                          _("Gửi tệp PDF đã ký (trường «file») dạng multipart/form-data.")))
        return;
    int64_t id = req_param_id(c->rq, "id");
    const char *err = NULL;
    int status = 0;
    int64_t aid = signing_attach_signed(c, id, the_file(c), &err, &status);
    if (aid < 0) {
        respond_api_fail(c, status, err);
        return;
    }
    respond_json(c, 201,
                 json_pack("{s:I, s:s}", "attachment_id", (json_int_t)aid, "url",
                           arena_printf(c->a, "/attachments/%lld", (long long)aid)));
}

/* The stored verification of an attachment the caller may see (404 otherwise); a PDF never
 * checked (stored before signatures were verified) is checked now and the result kept. */
static void h_att_signature(ctx *c)
{
    if (!params_check(c, NULL))
        return;
    db_stmt *s = db_stmt_get(c->db, &q_att);
    if (!s) {
        respond_api_fail(c, 500, NULL);
        return;
    }
    db_bind_int(s, 1, req_param_id(c->rq, "id"));
    const char *kind = NULL, *sha = NULL, *mime = NULL;
    int64_t doc = 0;
    if (db_step(s) == DB_ROW) {
        kind = arena_strdup(c->a, db_col_text(s, 0));
        doc = db_col_int(s, 1);
        sha = arena_strdup(c->a, db_col_text(s, 2));
        mime = arena_strdup(c->a, db_col_text(s, 3));
    }
    db_reset(s);
    if (!kind || !record_visible(c, kind, doc, NULL)) {
        respond_api_fail(c, 404, _("Không tìm thấy tệp đính kèm."));
        return;
    }
    if (strcmp(mime, "application/pdf") != 0) {
        respond_api_error(c, 409, "conflict", _("Chỉ kiểm tra chữ ký số của tệp PDF."));
        return;
    }
    sig_result r;
    if (!signing_result(c->db, c->a, sha, &r)) {
        /* Not checked yet: its job is queued (the attachment hook); a file stored before the
         * hook existed gets one now. Never a verdict before pdfsig has run. */
        signing_pending(&r);
        if (db_begin_write(c->db) != 0) {
            respond_api_fail(c, 503, NULL);
            return;
        }
        if (signing_check_enqueue(c->db, sha) != 0 || db_commit(c->db) != 0) {
            db_rollback(c->db);
            respond_api_fail(c, 500, NULL);
            return;
        }
        jobs_wake();
    }
    respond_json(c, 200, signing_result_json(c, &r));
}

/* Checks a PDF without keeping it (any signed-in user): the same verdict an upload would get. */
static void h_verify(ctx *c)
{
    if (!params_multipart(c, NULL, _("Gửi tệp PDF (trường «file») dạng multipart/form-data.")))
        return;
    const http_upload *u = the_file(c);
    if (!u) {
        respond_api_error(c, 400, "invalid_input", _("Chưa chọn tệp PDF (trường \"file\")."));
        return;
    }
    strbuf pdf = STRBUF_INIT;
    if (sb_read_file(&pdf, u->tmp_path) != 0 || pdf.len < 5 || memcmp(pdf.buf, "%PDF-", 5) != 0) {
        sb_free(&pdf);
        respond_api_fail(c, 415, _("Tệp tải lên không phải PDF."));
        return;
    }
    sig_result r;
    signing_verify_bytes(c->db, c->a, pdf.buf, pdf.len, &r);
    sb_free(&pdf);
    respond_json(c, 200, signing_result_json(c, &r));
}

void signing_api_routes(void)
{
    route_add("GET", "/api/v1/signing/credentials", h_creds, ROUTE_API);
    route_add("POST", "/api/v1/signing/signers", h_signer, ROUTE_API);
    route_add("POST", "/api/v1/signing/cas", h_ca, ROUTE_API);
    route_add("POST", "/api/v1/signing/token-certificates", h_token_cert, ROUTE_API);
    route_add("POST", "/api/v1/signing/credentials/{id}/remove", h_remove, ROUTE_API);
    route_add("POST", "/api/v1/signing/verify", h_verify, ROUTE_API);
    route_add("POST", "/api/v1/outgoing/{id}/digital-signature", h_sign, ROUTE_API);
    route_add("POST", "/api/v1/outgoing/{id}/signed-file", h_signed_file, ROUTE_API);
    route_add("GET", "/api/v1/attachments/{id}/signature", h_att_signature, ROUTE_API);
}
