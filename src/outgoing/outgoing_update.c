/* "Gửi cập nhật" (edXML business 2, issue 18): an issued document that reached recipients
 * electronically — units of the tree through exchange/, other installations through the
 * outside hooks (edxml/ over peers/) — sends them a corrected header (trích yếu, hạn trả lời,
 * người ký) with a reason. The document's own row follows the correction (what the next package
 * carries), its trace and the audit say what changed; the recipients apply it to their copies.
 * Refused for a document never sent electronically (409) or recalled (409). */
#include <string.h>

#include <jansson.h>

#include "audit/audit.h"
#include "base/i18n.h"
#include "exchange/exchange.h"
#include "files/files.h"
#include "http/router.h"
#include "outgoing/outgoing.h"
#include "outgoing/outgoing_impl.h"
#include "web/errors.h"
#include "web/forms.h"
#include "web/layout.h"
#include "web/params.h"
#include "web/respond.h"

#define UPD_MAX_REASON 2000
#define UPD_MAX_SUBJECT 2000
#define UPD_MAX_SIGNER 200

static const db_query q_cur = {
    "outgoing.update_cur",
    "SELECT o.reply_due, COALESCE(o.signer_text, su.name, ''), u.name, o.signer_text"
    " FROM outgoing o"
    " LEFT JOIN users su ON su.id = COALESCE(o.signed_by, o.signer_id)"
    " JOIN units u ON u.id = o.unit_id WHERE o.id = ?1",
    NULL};
static const db_query q_set = {
    "outgoing.update_set",
    "UPDATE outgoing SET subject = ?2, reply_due = ?3, signer_text = ?4 WHERE id = ?1 AND"
    " status = 'issued'",
    NULL};

static const char *trimmed(ctx *c, const char *s)
{
    if (!s)
        return NULL;
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
        n--;
    return arena_strndup(c->a, s, n);
}

typedef struct cur_vals {
    const char *reply_due, *signer, *unit_name;
    const char *signer_text; /* a signer set by an earlier update, NULL none */
} cur_vals;

static int read_cur(ctx *c, int64_t id, cur_vals *v)
{
    db_stmt *s = db_stmt_get(c->db, &q_cur);
    if (!s)
        return -1;
    db_bind_int(s, 1, id);
    int rc = db_step(s);
    if (rc == DB_ROW) {
        v->reply_due = db_col_null(s, 0) ? NULL : arena_strdup(c->a, db_col_text(s, 0));
        v->signer = arena_strdup(c->a, db_col_text(s, 1));
        v->unit_name = arena_strdup(c->a, db_col_text(s, 2));
        v->signer_text = db_col_null(s, 3) ? NULL : arena_strdup(c->a, db_col_text(s, 3));
    }
    db_reset(s);
    return rc == DB_ROW ? 0 : -1;
}

static bool differs(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") != 0;
}

typedef struct found_file {
    int64_t id;
    inbox_file_in got;
} found_file;

/* attach_list callback: the row just added, its strings copied (valid during the call only). */
static void find_file(ctx *c, const attachment *a, void *arg)
{
    found_file *f = arg;
    if (a->id == f->id)
        f->got = (inbox_file_in){arena_strdup(c->a, a->sha256), arena_strdup(c->a, a->filename),
                                 arena_strdup(c->a, a->mime), a->size};
}

int outgoing_send_update(ctx *c, int64_t id, const out_update *in, web_err *e)
{
    outgoing *o = outgoing_load(c, id);
    if (!outgoing_visible(c, o)) {
        web_err_add(e, 404, "not_found", NULL, _("Không tìm thấy văn bản."));
        return -1;
    }
    if (!outgoing_may_recall(c, o)) {
        web_err_add(e, 403, "forbidden", NULL,
                    _("Bạn không có quyền gửi cập nhật văn bản này (văn thư, lãnh đạo đơn vị "
                      "ban hành)."));
        return -1;
    }
    if (o->status == OUT_RECALLED) {
        web_err_add(e, 409, "invalid_state", NULL,
                    _("Văn bản đã bị thu hồi: không gửi cập nhật được."));
        return -1;
    }
    if (o->status != OUT_ISSUED) {
        web_err_add(e, 409, "invalid_state", NULL,
                    _("Chỉ văn bản đã phát hành mới gửi cập nhật được."));
        return -1;
    }
    cur_vals cur = {0};
    if (read_cur(c, id, &cur) != 0) {
        web_err_db(c, e);
        return -1;
    }
    /* Validate everything first: nothing is half-saved. */
    const char *subject = trimmed(c, in->subject), *due = trimmed(c, in->reply_due),
               *signer = trimmed(c, in->signer), *reason = trimmed(c, in->reason);
    if (subject && !*subject)
        web_err_add(e, 400, "invalid_input", "subject", _("Trích yếu không được để trống."));
    else if (subject && strlen(subject) > UPD_MAX_SUBJECT)
        web_err_add(e, 400, "invalid_input", "subject",
                    _("Trích yếu quá dài (tối đa 2000 ký tự)."));
    if (due && *due && !param_date(due))
        web_err_add(e, 400, "invalid_input", "reply_due",
                    _("Hạn trả lời phải là một ngày (dd/mm/yyyy)."));
    else if (due && *due && o->issued_date && strcmp(due, o->issued_date) < 0)
        web_err_add(e, 400, "invalid_input", "reply_due",
                    _("Hạn trả lời không được trước ngày ban hành văn bản."));
    if (signer && strlen(signer) > UPD_MAX_SIGNER)
        web_err_add(e, 400, "invalid_input", "signer",
                    _("Tên người ký quá dài (tối đa 200 ký tự)."));
    if (!reason || !*reason)
        web_err_add(e, 400, "invalid_input", "reason", _("Cần nêu lý do cập nhật."));
    else if (strlen(reason) > UPD_MAX_REASON)
        web_err_add(e, 400, "invalid_input", "reason",
                    _("Lý do cập nhật quá dài (tối đa 2000 ký tự)."));
    if (e->n)
        return -1;
    inbox_change ch = {
        .subject = subject && differs(subject, o->subject) ? subject : NULL,
        .due_date = due && differs(due, cur.reply_due) ? due : NULL,
        .signer = signer && *signer && differs(signer, cur.signer) ? signer : NULL,
    };
    bool has_file = in->file && in->file->size > 0;
    if (!ch.subject && !ch.due_date && !ch.signer && !has_file) {
        web_err_add(e, 400, "invalid_input", "subject",
                    _("Không có thay đổi nào so với văn bản đã gửi: sửa trích yếu, hạn trả lời, "
                      "người ký hoặc thêm tệp."));
        return -1;
    }
    if (db_begin_write(c->db) != 0) {
        web_err_db(c, e);
        return -1;
    }
    db_stmt *s = db_stmt_get(c->db, &q_set);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, id);
    db_bind_text(s, 2, ch.subject ? ch.subject : o->subject);
    db_bind_text(s, 3, ch.due_date ? (*ch.due_date ? ch.due_date : NULL) : cur.reply_due);
    db_bind_text(s, 4, ch.signer ? ch.signer : cur.signer_text);
    if (db_exec(s) != DB_DONE)
        return web_err_rollback(c, e);
    if (db_changes(c->db) != 1) {
        db_rollback(c->db);
        web_err_add(e, 409, "invalid_state", NULL,
                    _("Chỉ văn bản đã phát hành mới gửi cập nhật được."));
        return -1;
    }
    /* An added file becomes the document's own (checked by content like any upload), so the
     * package to outside organs carries it; the copies inside get it on the same blob. */
    inbox_file_in added = {0};
    if (has_file) {
        const char *aerr = NULL;
        int ast = 0;
        int64_t aid = attach_add(c, "out", id, in->file, &aerr, &ast);
        if (aid < 0) {
            db_rollback(c->db);
            web_err_add(e, ast ? ast : 400, "invalid_input", "file",
                        aerr ? aerr : _("Không nhận được tệp."));
            return -1;
        }
        found_file ff = {.id = aid};
        attach_list(c, "out", id, find_file, &ff);
        if (!ff.got.sha256)
            return web_err_rollback(c, e);
        added = ff.got;
        ch.files = &added;
        ch.n_files = 1;
    }
    /* Inside: every open copy in the tree; outside: a package to each organ it reached. */
    int inside = inbox_update_delivered(c->db, id, cur.unit_name, reason, &ch);
    int outside =
        outgoing_outside && outgoing_outside->update ? outgoing_outside->update(c, id, reason) : 0;
    if (inside < 0 || outside < 0)
        return web_err_rollback(c, e);
    if (inside + outside == 0) {
        db_rollback(c->db);
        web_err_add(e, 409, "invalid_state", NULL,
                    _("Văn bản chưa được gửi điện tử đến nơi nhận nào (hoặc nơi nhận đã từ chối, "
                      "đã thu hồi): không có gì để cập nhật."));
        return -1;
    }
    json_t *after =
        json_pack("{s:s, s:s?, s:s?, s:s?, s:s?, s:i, s:i}", "reason", reason, "subject",
                  ch.subject, "reply_due", ch.due_date, "signer", ch.signer, "file",
                  has_file ? added.filename : NULL, "inside", inside, "outside", outside);
    const char *note = arena_printf(
        c->a, "%s%s%s%s%s%s — %s", ch.subject ? _("Trích yếu: ") : "", ch.subject ? ch.subject : "",
        ch.due_date ? _("; Hạn trả lời: ") : "", ch.due_date ? ch.due_date : "",
        ch.signer ? _("; Người ký: ") : "", ch.signer ? ch.signer : "", reason);
    if (outgoing_event(c, id, "update", note) != 0) {
        json_decref(after);
        return web_err_rollback(c, e);
    }
    if (audit_commit(c->db, c->user, "outgoing.update", "outgoing", id, after) != 0) {
        web_err_db(c, e);
        return -1;
    }
    return 0;
}

/* ---- the page's form and the handlers ------------------------------------------------- */

void outgoing_update_panel(ctx *c, const outgoing *o)
{
    if (o->status != OUT_ISSUED || !outgoing_may_recall(c, o))
        return;
    cur_vals cur = {0};
    if (read_cur(c, o->id, &cur) != 0)
        return;
    strbuf *b = &c->rs->body;
    const char *key = arena_printf(c->a, "/outgoing/%lld/update", (long long)o->id);
    html_printf(b,
                "<section class=\"panel no-print\" id=\"update-panel\"><details%s><summary "
                "class=\"button secondary\" id=\"update-open\">%s</summary>"
                "<p class=\"hint\">%s</p><form class=\"form\" method=\"post\" action=\"%s\" "
                "enctype=\"multipart/form-data\">",
                form_failed(c, key) ? " open" : "", _("Gửi cập nhật"),
                _("Sửa thông tin văn bản đã gửi; nơi nhận điện tử (trong hệ thống và các hệ "
                  "thống liên thông) nhận thông điệp cập nhật kèm lý do."),
                key);
    form_csrf(c);
    form_field_html(c, key,
                    &(form_field){.name = "subject",
                                  .label = _("Trích yếu"),
                                  .type = "textarea",
                                  .id = "u-subject",
                                  .value = o->subject,
                                  .rows = 2,
                                  .required = true});
    form_field_html(c, key,
                    &(form_field){.name = "reply_due",
                                  .label = _("Hạn trả lời"),
                                  .type = "date",
                                  .id = "u-reply-due",
                                  .value = cur.reply_due});
    form_field_html(
        c, key,
        &(form_field){
            .name = "signer", .label = _("Người ký"), .id = "u-signer", .value = cur.signer});
    form_field_html(
        c, key,
        &(form_field){.name = "file",
                      .label = _("Thêm tệp"),
                      .type = "file",
                      .id = "u-file",
                      .hint = _("Không bắt buộc. PDF, ảnh, DOC/DOCX, ODT, XLS/XLSX, TXT; "
                                "tối đa 50 MB.")});
    form_field_html(c, key,
                    &(form_field){.name = "reason",
                                  .label = _("Lý do cập nhật"),
                                  .type = "textarea",
                                  .id = "u-reason",
                                  .rows = 2,
                                  .required = true});
    html_printf(b,
                "<div class=\"actions\"><button id=\"update-send\">%s</button></div></form>"
                "</details></section>",
                _("Gửi cập nhật"));
}

static void h_update(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    out_update in = {req_form(c->rq, "subject"), req_form(c->rq, "reply_due"),
                     req_form(c->rq, "signer"), req_form(c->rq, "reason"),
                     req_upload(c->rq, "file")};
    web_err e = {0};
    int rc = outgoing_send_update(c, id, &in, &e);
    web_after_post(c, arena_printf(c->a, "/outgoing/%lld", (long long)id), rc, &e,
                   _("Đã gửi cập nhật đến các nơi nhận."));
}

static void h_api_update(ctx *c)
{
    static const char *const members[] = {"subject", "reply_due", "signer", "reason", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    out_update in = {0};
    json_member_text(c, j, "subject", &in.subject, &e);
    json_member_text(c, j, "reply_due", &in.reply_due, &e);
    json_member_text(c, j, "signer", &in.signer, &e);
    json_member_text(c, j, "reason", &in.reason, &e);
    int64_t id = req_param_id(c->rq, "id");
    if (e.n || outgoing_send_update(c, id, &in, &e) != 0) {
        web_err_respond(c, &e);
        return;
    }
    respond_json(c, 200,
                 json_pack("{s:I, s:b, s:o}", "id", (json_int_t)id, "sent", 1, "recipients",
                           outgoing_recipients_json(c, id)));
}

void outgoing_update_routes(void)
{
    route_add("POST", "/outgoing/{id}/update", h_update, 0);
    route_add("POST", "/api/v1/outgoing/{id}/update", h_api_update, ROUTE_API);
}
