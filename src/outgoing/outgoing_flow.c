/* Văn bản đi — the state changes: draft, new version, comment, approve, sign, issue (number
 * and dispatch), recall, attach. Each runs in one write transaction with its audit row. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "files/files.h"
#include "catalog/catalog.h"
#include "catalog/vocab.h"
#include "exchange/exchange.h"
#include "notify/notify.h"
#include "numbering/numbering.h"
#include "incoming/incoming.h"
#include "outgoing/outgoing.h"
#include "outgoing/outgoing_impl.h"
#include "org/org.h"

static const db_query q_insert = {
    "outgoing.insert",
    "INSERT INTO outgoing (register_id, unit_id, doc_type, subject, body, secrecy, urgency, "
    "signer_id, drafted_by, replaces_id, file_copy_to, copies, created_at, updated_at, "
    "reply_to_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13, ?14)",
    NULL,
};
static const db_query q_version_add = {
    "outgoing.version_add",
    "INSERT INTO outgoing_versions (outgoing_id, version, subject, body, created_by, "
    "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    NULL,
};
static const db_query q_set_version = {
    "outgoing.set_version",
    "UPDATE outgoing SET subject = ?2, body = ?3, version = ?4, "
    "updated_at = ?5 WHERE id = ?1 AND status = 'draft' "
    "AND version = ?4 - 1",
    NULL,
};
static const db_query q_recipient_add = {
    "outgoing.recipient_add",
    "INSERT INTO outgoing_recipients (outgoing_id, unit_id, name, copies, want_electronic, "
    "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    NULL,
};
static const db_query q_comment_add = {
    "outgoing.comment_add",
    "INSERT INTO outgoing_comments (outgoing_id, version, body, created_by, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5)",
    NULL,
};
/* Each transition names the state it leaves, so two people acting at once cannot both win. */
static const db_query q_approve = {
    "outgoing.approve",
    "UPDATE outgoing SET status = 'approved', approved_by = ?2, approved_at = ?3, "
    "updated_at = ?3 WHERE id = ?1 AND status = 'draft'",
    NULL,
};
static const db_query q_sign = {
    "outgoing.sign",
    "UPDATE outgoing SET status = 'signed', signed_by = ?2, signed_at = ?3, updated_at = ?3 "
    "WHERE id = ?1 AND status = 'approved'",
    NULL,
};
static const db_query q_issue = {
    "outgoing.issue",
    "UPDATE outgoing SET status = 'issued', issued_by = ?2, issued_at = ?3, issued_date = ?4, "
    "number = ?5, notation = ?6, seq_period = ?7, updated_at = ?3 "
    "WHERE id = ?1 AND status = 'signed'",
    NULL,
};
/* Ký số takes the number at signing (the number and date are on the page before the signature
 * is made); issuing such a document keeps them. */
static const db_query q_sign_numbered = {
    "outgoing.sign_numbered",
    "UPDATE outgoing SET status = 'signed', signed_by = ?2, signed_at = ?3, updated_at = ?3, "
    "issued_date = ?4, number = ?5, notation = ?6, seq_period = ?7 "
    "WHERE id = ?1 AND status = 'approved'",
    NULL,
};
static const db_query q_issue_numbered = {
    "outgoing.issue_numbered",
    "UPDATE outgoing SET status = 'issued', issued_by = ?2, issued_at = ?3, updated_at = ?3 "
    "WHERE id = ?1 AND status = 'signed' AND number IS NOT NULL",
    NULL,
};
static const db_query q_recall = {
    "outgoing.recall",
    "UPDATE outgoing SET status = 'recalled', recalled_at = ?2, recall_reason = ?3, "
    "updated_at = ?2 WHERE id = ?1 AND status = 'issued'",
    NULL,
};
static const db_query q_submit = {
    "outgoing.submit",
    "UPDATE outgoing SET submitted_to = ?2, submitted_at = ?3, updated_at = ?3 "
    "WHERE id = ?1 AND status = 'draft'",
    NULL,
};
/* Back to draft from a submitted draft or an approved document; the approval is undone. */
static const db_query q_return = {
    "outgoing.return",
    "UPDATE outgoing SET status = 'draft', submitted_to = NULL, submitted_at = NULL, "
    "approved_by = NULL, approved_at = NULL, updated_at = ?2 "
    "WHERE id = ?1 AND (status = 'approved' OR (status = 'draft' AND submitted_to IS NOT NULL))",
    NULL,
};
static const db_query q_leaders = {
    "outgoing.leaders",
    "SELECT id FROM users WHERE disabled = 0 AND role IN ('office-leader', 'committee-leader') "
    "ORDER BY name, id",
    NULL,
};
static const db_query q_replaced_by = {
    "outgoing.replaced_by",
    "UPDATE outgoing SET replaced_by_id = ?2 WHERE id = ?1 AND replaced_by_id IS NULL",
    NULL,
};
static const db_query q_recipients_of = {
    "outgoing.recipients_of",
    "SELECT id, unit_id, name FROM outgoing_recipients WHERE outgoing_id = ?1 ORDER BY id",
    NULL,
};
static const db_query q_recipient_sent = {
    "outgoing.recipient_sent",
    "UPDATE outgoing_recipients SET method = ?2, sent_at = ?3 WHERE id = ?1",
    NULL,
};

/* Shared Vietnamese messages. */
#define MSG_BUSY N_("Cơ sở dữ liệu đang bận, vui lòng thử lại.")
#define MSG_DB N_("Không lưu được thay đổi (lỗi cơ sở dữ liệu).")
#define MSG_PAPER_ONLY                                                                             \
    N_("Văn bản Tối mật/Tuyệt mật không được gửi qua mạng; hệ thống ghi nhận chuyển bản giấy.")

static int fail(const char **err_r, int *status_r, int status, const char *msg)
{
    *err_r = msg;
    *status_r = status;
    return -1;
}

static void now_iso(char *buf, size_t n)
{
    clock_iso(clock_now(), buf, n);
}

/* Commits with the audit row, or rolls back; on failure sets the 500 message. */
static int commit_audited(ctx *c, const char *action, int64_t id, json_t *after, const char **err_r,
                          int *status_r)
{
    if (audit_commit(c->db, c->user, action, "outgoing", id, after) != 0)
        return fail(err_r, status_r, 500, _(MSG_DB));
    return 0;
}

/* Loads a document for a change: 404 when absent or not visible. */
static outgoing *load_for_change(ctx *c, int64_t id, const char **err_r, int *status_r)
{
    outgoing *o = outgoing_load(c, id);
    if (!outgoing_visible(c, o)) {
        fail(err_r, status_r, 404, _("Không tìm thấy văn bản."));
        return NULL;
    }
    return o;
}

static int validate_draft(ctx *c, const out_draft *in, const doc_register **reg_r,
                          const char **err_r, int *status_r)
{
    if (!c->user || c->user->role == ROLE_ADMIN || c->user->role == ROLE_NONE)
        return fail(err_r, status_r, 403, _("Tài khoản này không soạn văn bản đi."));
    const doc_register *reg = in->register_id > 0 ? catalog_register_get(c, in->register_id) : NULL;
    /* A register outside the caller's scope is as absent as a record it may not see. */
    if (!reg || !org_unit_in_scope(c, reg->unit_id))
        return fail(err_r, status_r, 404, _("Không tìm thấy sổ văn bản đi."));
    if (!reg->active)
        return fail(err_r, status_r, 400, _("Sổ văn bản đi không hợp lệ."));
    if (!catalog_doc_type_exists(c->db, in->doc_type))
        return fail(err_r, status_r, 400, _("Loại văn bản không có trong danh mục."));
    if (!in->subject || !*in->subject)
        return fail(err_r, status_r, 400, _("Trích yếu là bắt buộc."));
    if (strlen(in->subject) > OUT_MAX_SUBJECT)
        return fail(err_r, status_r, 400, _("Trích yếu quá dài."));
    if (in->body && strlen(in->body) > OUT_MAX_BODY)
        return fail(err_r, status_r, 413, _("Nội dung dự thảo quá dài."));
    if (in->secrecy < 0 || in->secrecy > SECRECY_TUYET_MAT)
        return fail(err_r, status_r, 400, _("Độ mật không hợp lệ."));
    if (in->urgency < 0 || in->urgency > URGENCY_HOA_TOC_HEN_GIO)
        return fail(err_r, status_r, 400, _("Độ khẩn không hợp lệ."));
    if (in->n_recipients > OUT_MAX_RECIPIENTS)
        return fail(err_r, status_r, 400, _("Quá nhiều nơi nhận."));
    if (in->copies < 0 || in->copies > OUT_MAX_COPIES)
        return fail(err_r, status_r, 400, _("Số lượng bản không hợp lệ."));
    for (int i = 0; i < in->n_recipients; i++) {
        const out_recipient_in *r = &in->recipients[i];
        if (r->unit_id > 0) {
            const unit *u = org_unit_get(c, r->unit_id);
            if (!u || !org_unit_active(u))
                return fail(err_r, status_r, 400,
                            _("Nơi nhận không phải đơn vị đang hoạt động trong hệ thống."));
            if (r->want_electronic && secrecy_paper_only(in->secrecy))
                return fail(err_r, status_r, 409, _(MSG_PAPER_ONLY));
        } else if (!r->name || !*r->name || strlen(r->name) > 300) {
            return fail(err_r, status_r, 400, _("Mỗi nơi nhận cần một đơn vị hoặc một tên."));
        }
        if (r->copies < 0 || r->copies > OUT_MAX_RECIPIENT_COPIES)
            return fail(err_r, status_r, 400, _("Số bản gửi không hợp lệ."));
    }
    if (in->signer_id > 0) {
        /* The designated signer will see and sign the document: a leader whose own scope holds
         * the register's unit (the city's leaders for a ward's document, never the reverse). */
        const user *s = auth_user_load(c, in->signer_id);
        if (!s || !role_is_leader(s->role))
            return fail(err_r, status_r, 400,
                        _("Người ký (signer_id) phải là lãnh đạo có thẩm quyền."));
        if (!org_user_unit_in_scope(c->db, s, reg->unit_id))
            return fail(err_r, status_r, 400,
                        _("Người ký (signer_id) phải là lãnh đạo có phạm vi gồm đơn vị của sổ "
                          "văn bản đi."));
    }
    if (in->replaces_id > 0) {
        const outgoing *old = outgoing_get(c, in->replaces_id);
        if (!old)
            return fail(err_r, status_r, 400, _("Không tìm thấy văn bản được thay thế."));
        if (old->status != OUT_ISSUED || old->replaced_by_id)
            return fail(err_r, status_r, 409,
                        _("Chỉ thay thế được văn bản đã phát hành và chưa bị thay thế."));
        if (old->register_id != in->register_id)
            return fail(err_r, status_r, 400,
                        _("Văn bản thay thế phải thuộc cùng sổ với văn bản bị thay thế."));
    }
    if (in->reply_to_id > 0) {
        /* Soạn văn bản trả lời: only to a record the drafter may see and that still stands. */
        const incoming *r = incoming_get(c, in->reply_to_id, false);
        if (!r)
            return fail(err_r, status_r, 400, _("Không tìm thấy văn bản đến được trả lời."));
        if (strcmp(r->status, "recalled") == 0)
            return fail(err_r, status_r, 409, _("Văn bản đến đã bị thu hồi, không trả lời được."));
    }
    *reg_r = reg;
    return 0;
}

const char *outgoing_err_field(const char *err)
{
    static const struct {
        const char *msg, *field;
    } map[] = {
        {"Sổ văn bản đi không hợp lệ.", "register_id"},
        {"Loại văn bản không có trong danh mục.", "doc_type"},
        {"Trích yếu là bắt buộc.", "subject"},
        {"Trích yếu quá dài.", "subject"},
        {"Nội dung dự thảo quá dài.", "body"},
        {"Độ mật không hợp lệ.", "secrecy"},
        {"Độ khẩn không hợp lệ.", "urgency"},
        {"Quá nhiều nơi nhận.", "to_unit"},
        {"Nơi nhận không phải đơn vị đang hoạt động trong hệ thống.", "to_unit"},
        {MSG_PAPER_ONLY, "to_unit"},
        {"Mỗi nơi nhận cần một đơn vị hoặc một tên.", "outside"},
        {"Người ký (signer_id) phải là lãnh đạo có thẩm quyền.", "signer_id"},
        {"Người ký (signer_id) phải là lãnh đạo có phạm vi gồm đơn vị của sổ văn bản đi.",
         "signer_id"},
    };
    for (size_t i = 0; err && i < sizeof map / sizeof map[0]; i++)
        if (strcmp(err, _(map[i].msg)) == 0)
            return map[i].field;
    return NULL;
}

int64_t outgoing_create(ctx *c, const out_draft *in, const char **err_r, int *status_r)
{
    const doc_register *reg;
    if (validate_draft(c, in, &reg, err_r, status_r) != 0)
        return -1;
    const char *body = in->body ? in->body : "";
    if (db_begin_write(c->db) != 0)
        return fail(err_r, status_r, 503, _(MSG_BUSY));
    db_stmt *s = db_stmt_get(c->db, &q_insert);
    if (!s)
        goto dberr;
    db_bind_int(s, 1, reg->id);
    db_bind_int(s, 2, reg->unit_id);
    db_bind_text(s, 3, in->doc_type);
    db_bind_text(s, 4, in->subject);
    db_bind_text(s, 5, body);
    db_bind_int(s, 6, in->secrecy);
    db_bind_int(s, 7, in->urgency);
    if (in->signer_id > 0)
        db_bind_int(s, 8, in->signer_id);
    db_bind_int(s, 9, c->user->id);
    if (in->replaces_id > 0)
        db_bind_int(s, 10, in->replaces_id);
    db_bind_text(s, 11, in->file_copy_to && *in->file_copy_to ? in->file_copy_to : NULL);
    db_bind_int(s, 12, in->copies > 0 ? in->copies : 1);
    char now[32];
    now_iso(now, sizeof now);
    db_bind_text(s, 13, now);
    if (in->reply_to_id > 0)
        db_bind_int(s, 14, in->reply_to_id);
    if (db_exec(s) != DB_DONE)
        goto dberr;
    int64_t id = db_last_id(c->db);
    s = db_stmt_get(c->db, &q_version_add);
    if (!s)
        goto dberr;
    db_bind_int(s, 1, id);
    db_bind_int(s, 2, 1);
    db_bind_text(s, 3, in->subject);
    db_bind_text(s, 4, body);
    db_bind_int(s, 5, c->user->id);
    db_bind_text(s, 6, now);
    if (db_exec(s) != DB_DONE)
        goto dberr;
    for (int i = 0; i < in->n_recipients; i++) {
        const out_recipient_in *r = &in->recipients[i];
        const char *name = r->name;
        if (r->unit_id > 0) {
            const unit *u = org_unit_get(c, r->unit_id);
            name = u ? u->name : name;
        }
        s = db_stmt_get(c->db, &q_recipient_add);
        if (!s)
            goto dberr;
        db_bind_int(s, 1, id);
        if (r->unit_id > 0)
            db_bind_int(s, 2, r->unit_id);
        db_bind_text(s, 3, name ? name : "");
        db_bind_int(s, 4, r->copies > 0 ? r->copies : 1);
        db_bind_int(s, 5, r->want_electronic ? 1 : 0);
        db_bind_text(s, 6, now);
        if (db_exec(s) != DB_DONE)
            goto dberr;
    }
    if (outgoing_event(c, id, "draft", NULL) != 0)
        goto dberr;
    json_t *after = json_pack("{s:I, s:s, s:s, s:s, s:s}", "register_id", (json_int_t)reg->id,
                              "doc_type", in->doc_type, "subject", in->subject, "secrecy",
                              secrecy_code(in->secrecy), "urgency", urgency_code(in->urgency));
    if (in->reply_to_id > 0)
        json_object_set_new(after, "reply_to_id", json_integer(in->reply_to_id));
    if (commit_audited(c, "outgoing.create", id, after, err_r, status_r) != 0)
        return -1;
    return id;
dberr:
    db_rollback(c->db);
    return fail(err_r, status_r, 500, _(MSG_DB));
}

int outgoing_save_version(ctx *c, int64_t id, const char *subject, const char *body,
                          const char **err_r, int *status_r)
{
    outgoing *o = load_for_change(c, id, err_r, status_r);
    if (!o)
        return -1;
    if (o->status != OUT_DRAFT)
        return fail(err_r, status_r, 409,
                    _("Chỉ sửa được dự thảo; văn bản đã phê duyệt hoặc đã ký không sửa được."));
    if (!outgoing_may_edit(c, o))
        return fail(err_r, status_r, 403, _("Bạn không có quyền sửa dự thảo này."));
    if (!subject || !*subject)
        return fail(err_r, status_r, 400, _("Trích yếu là bắt buộc."));
    if (strlen(subject) > OUT_MAX_SUBJECT || (body && strlen(body) > OUT_MAX_BODY))
        return fail(err_r, status_r, 413, _("Nội dung dự thảo quá dài."));
    if (!body)
        body = "";
    if (db_begin_write(c->db) != 0)
        return fail(err_r, status_r, 503, _(MSG_BUSY));
    int v = o->version + 1;
    db_stmt *s = db_stmt_get(c->db, &q_set_version);
    if (!s)
        goto dberr;
    db_bind_int(s, 1, id);
    db_bind_text(s, 2, subject);
    db_bind_text(s, 3, body);
    db_bind_int(s, 4, v);
    char now[32];
    now_iso(now, sizeof now);
    db_bind_text(s, 5, now);
    if (db_exec(s) != DB_DONE)
        goto dberr;
    if (db_changes(c->db) != 1) {
        db_rollback(c->db);
        return fail(err_r, status_r, 409,
                    _("Dự thảo vừa được người khác thay đổi; hãy tải lại trang."));
    }
    s = db_stmt_get(c->db, &q_version_add);
    if (!s)
        goto dberr;
    db_bind_int(s, 1, id);
    db_bind_int(s, 2, v);
    db_bind_text(s, 3, subject);
    db_bind_text(s, 4, body);
    db_bind_int(s, 5, c->user->id);
    db_bind_text(s, 6, now);
    if (db_exec(s) != DB_DONE || outgoing_event(c, id, "version", NULL) != 0)
        goto dberr;
    return commit_audited(c, "outgoing.version", id, json_pack("{s:i}", "version", v), err_r,
                          status_r);
dberr:
    db_rollback(c->db);
    return fail(err_r, status_r, 500, _(MSG_DB));
}

int64_t outgoing_comment(ctx *c, int64_t id, const char *text, const char **err_r, int *status_r)
{
    outgoing *o = load_for_change(c, id, err_r, status_r);
    if (!o)
        return -1;
    if (c->user->role == ROLE_ADMIN)
        return fail(err_r, status_r, 403, _("Tài khoản quản trị không góp ý văn bản."));
    if (!text || !*text)
        return fail(err_r, status_r, 400, _("Nội dung góp ý là bắt buộc."));
    if (strlen(text) > OUT_MAX_COMMENT)
        return fail(err_r, status_r, 400, _("Góp ý quá dài."));
    if (db_begin_write(c->db) != 0)
        return fail(err_r, status_r, 503, _(MSG_BUSY));
    db_stmt *s = db_stmt_get(c->db, &q_comment_add);
    if (!s)
        goto dberr;
    db_bind_int(s, 1, id);
    db_bind_int(s, 2, o->version);
    db_bind_text(s, 3, text);
    db_bind_int(s, 4, c->user->id);
    char now[32];
    now_iso(now, sizeof now);
    db_bind_text(s, 5, now);
    if (db_exec(s) != DB_DONE)
        goto dberr;
    int64_t cid = db_last_id(c->db);
    if (outgoing_event(c, id, "comment", NULL) != 0)
        goto dberr;
    if (commit_audited(c, "outgoing.comment", id, json_pack("{s:I}", "comment_id", (json_int_t)cid),
                       err_r, status_r) != 0)
        return -1;
    return cid;
dberr:
    db_rollback(c->db);
    return fail(err_r, status_r, 500, _(MSG_DB));
}

/* Tells the drafter of document id what c->user just did to it (inside the caller's
 * transaction); nothing when the drafter did it. 0 or -1. */
static int tell_drafter(ctx *c, int64_t id, const char *event, const char *note)
{
    const outgoing *o = outgoing_load(c, id);
    if (!o || o->drafted_by == c->user->id)
        return 0;
    const char *what = strcmp(event, "approve") == 0 ? _("Dự thảo đã được phê duyệt")
                       : strcmp(event, "sign") == 0  ? _("Văn bản đã được ký ban hành")
                       : strcmp(event, "issue") == 0 ? _("Văn bản đã được cấp số, phát hành")
                       : strcmp(event, "return") == 0 ? _("Dự thảo bị trả lại")
                                                      : NULL;
    if (!what)
        return 0;
    const char *text = arena_printf(c->a, "%s: %s — %s%s%s", what, o->subject, c->user->name,
                                    note ? ": " : "", note ? note : "");
    return notify_user(c->db, o->drafted_by, NOTIFY_INFO, "out", id, text);
}

/* Runs one transition UPDATE (id, user, now) and its trace/audit rows. */
static int transition(ctx *c, const db_query *q, int64_t id, const char *event, const char *note,
                      const char *action, const char *conflict_msg, const char **err_r,
                      int *status_r)
{
    char now[32];
    now_iso(now, sizeof now);
    if (db_begin_write(c->db) != 0)
        return fail(err_r, status_r, 503, _(MSG_BUSY));
    db_stmt *s = db_stmt_get(c->db, q);
    if (!s)
        goto dberr;
    db_bind_int(s, 1, id);
    db_bind_int(s, 2, c->user->id);
    db_bind_text(s, 3, now);
    if (db_exec(s) != DB_DONE)
        goto dberr;
    if (db_changes(c->db) != 1) {
        db_rollback(c->db);
        return fail(err_r, status_r, 409, conflict_msg);
    }
    if (outgoing_event(c, id, event, note) != 0 || tell_drafter(c, id, event, note) != 0)
        goto dberr;
    return commit_audited(c, action, id, note ? json_pack("{s:s}", "note", note) : NULL, err_r,
                          status_r);
dberr:
    db_rollback(c->db);
    return fail(err_r, status_r, 500, _(MSG_DB));
}

int outgoing_approve(ctx *c, int64_t id, const char *note, const char **err_r, int *status_r)
{
    outgoing *o = load_for_change(c, id, err_r, status_r);
    if (!o)
        return -1;
    if (!outgoing_may_approve(c, o))
        return fail(err_r, status_r, 403,
                    _("Chỉ lãnh đạo văn phòng hoặc lãnh đạo cấp ủy được phê duyệt dự thảo."));
    if (o->status != OUT_DRAFT)
        return fail(err_r, status_r, 409, _("Văn bản không ở trạng thái dự thảo."));
    if (note && strlen(note) > OUT_MAX_COMMENT)
        return fail(err_r, status_r, 400, _("Ý kiến phê duyệt quá dài."));
    return transition(c, &q_approve, id, "approve", note && *note ? note : NULL, "outgoing.approve",
                      _("Văn bản không ở trạng thái dự thảo."), err_r, status_r);
}

int outgoing_sign(ctx *c, int64_t id, const char **err_r, int *status_r)
{
    outgoing *o = load_for_change(c, id, err_r, status_r);
    if (!o)
        return -1;
    const doc_register *reg = catalog_register_get(c, o->register_id);
    if (!outgoing_may_sign(c, o, reg))
        return fail(err_r, status_r, 403, _("Bạn không phải người có thẩm quyền ký văn bản này."));
    if (o->status != OUT_APPROVED)
        return fail(err_r, status_r, 409,
                    o->status == OUT_DRAFT ? _("Dự thảo chưa được phê duyệt, chưa thể ký.")
                                           : _("Văn bản đã được ký."));
    return transition(c, &q_sign, id, "sign", NULL, "outgoing.sign",
                      _("Dự thảo chưa được phê duyệt, chưa thể ký."), err_r, status_r);
}

int outgoing_sign_numbered(ctx *c, int64_t id, long *number_r, const char **notation_r,
                           const char **err_r, int *status_r)
{
    outgoing *o = load_for_change(c, id, err_r, status_r);
    if (!o)
        return -1;
    const doc_register *reg = catalog_register_get(c, o->register_id);
    if (!reg || !outgoing_may_sign(c, o, reg))
        return fail(err_r, status_r, 403, _("Bạn không phải người có thẩm quyền ký văn bản này."));
    if (o->status != OUT_APPROVED)
        return fail(err_r, status_r, 409,
                    o->status == OUT_DRAFT ? _("Dự thảo chưa được phê duyệt, chưa thể ký.")
                                           : _("Văn bản đã được ký."));
    char today[16], now[32];
    clock_vn_today(today, sizeof today);
    now_iso(now, sizeof now);
    long number;
    const char *notation, *period;
    if (numbering_allocate(c, reg, o->doc_type, o->secrecy, today, &number, &notation, &period,
                           err_r) != 0) {
        *status_r = 409;
        return -1;
    }
    db_stmt *s = db_stmt_get(c->db, &q_sign_numbered);
    if (!s)
        return fail(err_r, status_r, 500, _(MSG_DB));
    db_bind_int(s, 1, id);
    db_bind_int(s, 2, c->user->id);
    db_bind_text(s, 3, now);
    db_bind_text(s, 4, today);
    db_bind_int(s, 5, number);
    db_bind_text(s, 6, notation);
    db_bind_text(s, 7, period);
    if (db_exec(s) != DB_DONE)
        return fail(err_r, status_r, 500, _(MSG_DB));
    if (db_changes(c->db) != 1)
        return fail(err_r, status_r, 409, _("Văn bản đã được ký."));
    if (outgoing_event(c, id, "sign", notation) != 0 || tell_drafter(c, id, "sign", NULL) != 0)
        return fail(err_r, status_r, 500, _(MSG_DB));
    *number_r = number;
    *notation_r = notation;
    return 0;
}

/* A leader a draft of unit_id may go to: an active office- or committee-leader whose own
 * scope holds the unit (so the leader will see the draft). */
static const user *leader_for(ctx *c, int64_t leader_id, int64_t unit_id)
{
    const user *u = leader_id > 0 ? auth_user_load(c, leader_id) : NULL;
    if (!u || !role_is_leader(u->role) || !org_user_unit_in_scope(c->db, u, unit_id))
        return NULL;
    return u;
}

int outgoing_leaders(ctx *c, int64_t unit_id, out_leader **rows_r)
{
    *rows_r = NULL;
    db_stmt *s = db_stmt_get(c->db, &q_leaders);
    if (!s)
        return 0;
    int64_t *ids = NULL;
    int n = 0, cap = 0;
    while (db_step(s) == DB_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            int64_t *w = arena_alloc(c->a, (size_t)cap * sizeof *w);
            if (n)
                memcpy(w, ids, (size_t)n * sizeof *w);
            ids = w;
        }
        ids[n++] = db_col_int(s, 0);
    }
    db_reset(s);
    out_leader *v = arena_alloc(c->a, (size_t)(n ? n : 1) * sizeof *v);
    int k = 0;
    for (int i = 0; i < n; i++) {
        const user *u = leader_for(c, ids[i], unit_id);
        if (u)
            v[k++] = (out_leader){u->id, u->name, u->unit_name ? u->unit_name : "", u->role};
    }
    *rows_r = v;
    return k;
}

static outgoing_submit_guard_fn submit_guard;
void outgoing_set_submit_guard(outgoing_submit_guard_fn fn)
{
    submit_guard = fn;
}

int outgoing_submit(ctx *c, int64_t id, int64_t leader_id, const char **err_r, int *status_r)
{
    outgoing *o = load_for_change(c, id, err_r, status_r);
    if (!o)
        return -1;
    /* Who before what state: those who may edit a draft (outgoing_may_edit), whatever its
     * state now, are told it is no longer a draft; anyone else is refused. */
    enum role role = c->user->role;
    bool maker = role != ROLE_ADMIN &&
                 (c->user->id == o->drafted_by || role_is_leader(role) || role == ROLE_CLERK) &&
                 org_unit_in_scope(c, o->unit_id);
    if (!maker)
        return fail(err_r, status_r, 403, _("Bạn không có quyền trình dự thảo này."));
    if (o->status != OUT_DRAFT)
        return fail(err_r, status_r, 409, _("Chỉ trình được văn bản đang là dự thảo."));
    const user *leader = leader_for(c, leader_id, o->unit_id);
    if (!leader)
        return fail(err_r, status_r, 400,
                    _("Hãy chọn lãnh đạo nhận trình: lãnh đạo có phạm vi gồm đơn vị của văn bản."));
    const char *refusal = submit_guard ? submit_guard(c, id) : NULL;
    if (refusal) /* 422, not 400: the handlers then name each field (outgoing_findings) */
        return fail(err_r, status_r, 422, refusal);
    char now[32];
    now_iso(now, sizeof now);
    if (db_begin_write(c->db) != 0)
        return fail(err_r, status_r, 503, _(MSG_BUSY));
    db_stmt *s = db_stmt_get(c->db, &q_submit);
    if (!s)
        goto dberr;
    db_bind_int(s, 1, id);
    db_bind_int(s, 2, leader->id);
    db_bind_text(s, 3, now);
    if (db_exec(s) != DB_DONE)
        goto dberr;
    if (db_changes(c->db) != 1) {
        db_rollback(c->db);
        return fail(err_r, status_r, 409, _("Chỉ trình được văn bản đang là dự thảo."));
    }
    if (outgoing_event(c, id, "submit", leader->name) != 0 ||
        notify_user(c->db, leader->id, NOTIFY_INFO, "out", id,
                    arena_printf(c->a, _("Dự thảo trình đồng chí: %s — %s"), o->subject,
                                 c->user->name)) != 0)
        goto dberr;
    return commit_audited(c, "outgoing.submit", id,
                          json_pack("{s:I}", "submitted_to", (json_int_t)leader->id), err_r,
                          status_r);
dberr:
    db_rollback(c->db);
    return fail(err_r, status_r, 500, _(MSG_DB));
}

/* The leaders a document may go back from, whatever its state: those who may approve it, the
 * one it was submitted to, and the one who may sign it. */
static bool may_return_role(ctx *c, const outgoing *o)
{
    if (!c->user || c->user->role == ROLE_ADMIN)
        return false;
    if (outgoing_may_approve(c, o) || (o->submitted_to && c->user->id == o->submitted_to))
        return true;
    const doc_register *reg = catalog_register_get(c, o->register_id);
    return reg && outgoing_may_sign(c, o, reg);
}

bool outgoing_may_return(ctx *c, const outgoing *o)
{
    return (o->status == OUT_APPROVED || (o->status == OUT_DRAFT && o->submitted_to)) &&
           may_return_role(c, o);
}

int outgoing_return(ctx *c, int64_t id, const char *comment, const char **err_r, int *status_r)
{
    outgoing *o = load_for_change(c, id, err_r, status_r);
    if (!o)
        return -1;
    if (!may_return_role(c, o))
        return fail(err_r, status_r, 403, _("Bạn không có quyền trả lại văn bản này."));
    if (!outgoing_may_return(c, o))
        return fail(err_r, status_r, 409,
                    _("Chỉ trả lại được dự thảo đã trình hoặc văn bản đã phê duyệt chưa ký."));
    if (!comment || !*comment)
        return fail(err_r, status_r, 400, _("Hãy ghi ý kiến khi trả lại dự thảo."));
    if (strlen(comment) > OUT_MAX_COMMENT)
        return fail(err_r, status_r, 400, _("Góp ý quá dài."));
    char now[32];
    now_iso(now, sizeof now);
    if (db_begin_write(c->db) != 0)
        return fail(err_r, status_r, 503, _(MSG_BUSY));
    db_stmt *s = db_stmt_get(c->db, &q_return);
    if (!s)
        goto dberr;
    db_bind_int(s, 1, id);
    db_bind_text(s, 2, now);
    if (db_exec(s) != DB_DONE)
        goto dberr;
    if (db_changes(c->db) != 1) {
        db_rollback(c->db);
        return fail(err_r, status_r, 409,
                    _("Chỉ trả lại được dự thảo đã trình hoặc văn bản đã phê duyệt chưa ký."));
    }
    /* The comment stays with the version it was made on, among the others. */
    if (!(s = db_stmt_get(c->db, &q_comment_add)))
        goto dberr;
    db_bind_int(s, 1, id);
    db_bind_int(s, 2, o->version);
    db_bind_text(s, 3, comment);
    db_bind_int(s, 4, c->user->id);
    db_bind_text(s, 5, now);
    if (db_exec(s) != DB_DONE || outgoing_event(c, id, "return", comment) != 0 ||
        tell_drafter(c, id, "return", comment) != 0)
        goto dberr;
    return commit_audited(
        c, "outgoing.return", id,
        json_pack("{s:s, s:s}", "from", out_status_code(o->status), "comment", comment), err_r,
        status_r);
dberr:
    db_rollback(c->db);
    return fail(err_r, status_r, 500, _(MSG_DB));
}

typedef struct recip_row {
    int64_t id, unit_id;
    const char *name;
} recip_row;

static int recipients_of(ctx *c, int64_t id, recip_row **v_r)
{
    db_stmt *s = db_stmt_get(c->db, &q_recipients_of);
    int n = 0;
    recip_row *v = arena_alloc(c->a, sizeof *v * OUT_MAX_RECIPIENTS);
    if (!s)
        return -1;
    db_bind_int(s, 1, id);
    while (n < OUT_MAX_RECIPIENTS && db_step(s) == DB_ROW) {
        v[n].id = db_col_int(s, 0);
        v[n].unit_id = db_col_null(s, 1) ? 0 : db_col_int(s, 1);
        v[n].name = arena_strdup(c->a, db_col_text(s, 2));
        n++;
    }
    db_reset(s);
    *v_r = v;
    return n;
}

/* Dispatch at issue (DOMAIN.md §2.1 step 4): units in the tree get the document in their
 * incoming queue at once; Tối mật/Tuyệt mật go only on paper; outside bodies go by post. */
static int dispatch(ctx *c, const outgoing *o, const char *notation, const char *date,
                    const char *now, const char **note_r, const char **refused_r)
{
    recip_row *v;
    int n = recipients_of(c, o->id, &v);
    if (n < 0)
        return -1;
    bool paper_only = secrecy_paper_only(o->secrecy);
    bool any_unit = false;
    /* What travels: the header as issued, the text, the signer, and (inbox_deliver) the files. */
    const inbox_doc doc = {
        .outgoing_id = o->id,
        .from_unit_id = o->unit_id,
        .code = notation,
        .subject = o->subject,
        .doc_type = o->doc_type,
        .issued_date = date,
        .body = o->body,
        .signer = o->signed_by ? outgoing_user_name(c, o->signed_by) : NULL,
        .secrecy = o->secrecy,
        .urgency = o->urgency,
    };
    for (int i = 0; i < n; i++) {
        const char *method = "post";
        if (v[i].unit_id > 0) {
            any_unit = true;
            method = paper_only ? "paper" : "electronic";
            if (!paper_only && inbox_deliver(c, &doc, v[i].unit_id) != 0)
                return -1;
        } else if (paper_only) {
            method = "paper";
        } else if (outgoing_outside && outgoing_outside->dispatch) {
            /* Another installation reachable through a configured peer (issue 18). */
            int rc = outgoing_outside->dispatch(c, o->id, o->secrecy, o->replaces_id, v[i].name,
                                                refused_r);
            if (rc == 0)
                method = "electronic";
            else if (rc != 1)
                return -1;
        }
        db_stmt *s = db_stmt_get(c->db, &q_recipient_sent);
        if (!s)
            return -1;
        db_bind_int(s, 1, v[i].id);
        db_bind_text(s, 2, method);
        db_bind_text(s, 3, now);
        if (db_exec(s) != DB_DONE)
            return -1;
    }
    if (paper_only && any_unit)
        *note_r = _(MSG_PAPER_ONLY);
    return 0;
}

int outgoing_issue(ctx *c, int64_t id, long *number_r, const char **notation_r, const char **note_r,
                   const char **err_r, int *status_r)
{
    *note_r = NULL;
    outgoing *o = load_for_change(c, id, err_r, status_r);
    if (!o)
        return -1;
    if (!outgoing_may_issue(c, o))
        return fail(err_r, status_r, 403, _("Chỉ văn thư của đơn vị được cấp số, phát hành."));
    if (o->status == OUT_DRAFT || o->status == OUT_APPROVED)
        return fail(err_r, status_r, 409,
                    o->status == OUT_DRAFT
                        ? _("Dự thảo chưa được phê duyệt và ký, không thể phát hành.")
                        : _("Văn bản chưa được ký, không thể phát hành."));
    if (o->status != OUT_SIGNED)
        return fail(err_r, status_r, 409, _("Văn bản đã được phát hành."));
    const doc_register *reg = catalog_register_get(c, o->register_id);
    if (!reg)
        return fail(err_r, status_r, 500, _(MSG_DB));
    char today[16], now[32];
    clock_vn_today(today, sizeof today);
    now_iso(now, sizeof now);
    if (db_begin_write(c->db) != 0)
        return fail(err_r, status_r, 503, _(MSG_BUSY));
    /* The number is taken inside this transaction: any failure below rolls it back, so a
     * failed issue consumes no number (issue 3). A document signed digitally (signing/) took
     * its number at signing: it keeps it. */
    long number = o->number;
    const char *notation = o->notation, *period = NULL;
    db_stmt *s;
    if (o->number > 0 && o->notation) {
        snprintf(today, sizeof today, "%s", o->issued_date ? o->issued_date : today);
        if (!(s = db_stmt_get(c->db, &q_issue_numbered)))
            goto dberr;
        db_bind_int(s, 1, id);
        db_bind_int(s, 2, c->user->id);
        db_bind_text(s, 3, now);
    } else {
        if (numbering_allocate(c, reg, o->doc_type, o->secrecy, today, &number, &notation, &period,
                               err_r) != 0) {
            db_rollback(c->db);
            *status_r = 409;
            return -1;
        }
        if (!(s = db_stmt_get(c->db, &q_issue)))
            goto dberr;
        db_bind_int(s, 1, id);
        db_bind_int(s, 2, c->user->id);
        db_bind_text(s, 3, now);
        db_bind_text(s, 4, today);
        db_bind_int(s, 5, number);
        db_bind_text(s, 6, notation);
        db_bind_text(s, 7, period);
    }
    if (db_exec(s) != DB_DONE)
        goto dberr;
    if (db_changes(c->db) != 1) {
        db_rollback(c->db);
        return fail(err_r, status_r, 409, _("Văn bản đã được phát hành."));
    }
    const char *refused = NULL;
    if (dispatch(c, o, notation, today, now, note_r, &refused) != 0) {
        if (!refused)
            goto dberr;
        db_rollback(c->db);
        return fail(err_r, status_r, 422, refused);
    }
    if (o->replaces_id > 0) {
        s = db_stmt_get(c->db, &q_replaced_by);
        if (!s)
            goto dberr;
        db_bind_int(s, 1, o->replaces_id);
        db_bind_int(s, 2, id);
        if (db_exec(s) != DB_DONE)
            goto dberr;
        if (outgoing_event(c, o->replaces_id, "replaced", arena_printf(c->a, "%s", notation)) != 0)
            goto dberr;
    }
    if (outgoing_event(c, id, "issue", notation) != 0 ||
        tell_drafter(c, id, "issue", notation) != 0 ||
        (o->reply_to_id > 0 &&
         (incoming_reply_issued(c, o->reply_to_id, notation) != 0 ||
          outgoing_reply_issued_inside(c, id, o->reply_to_id, notation, o->subject) != 0)))
        goto dberr;
    json_t *after = json_pack("{s:I, s:s, s:s}", "number", (json_int_t)number, "notation", notation,
                              "issued_date", today);
    if (o->reply_to_id > 0) /* the follow-up of the record it answers closed with it */
        json_object_set_new(after, "reply_to_id", json_integer(o->reply_to_id));
    if (commit_audited(c, "outgoing.issue", id, after, err_r, status_r) != 0)
        return -1;
    *number_r = number;
    *notation_r = notation;
    return 0;
dberr:
    db_rollback(c->db);
    return fail(err_r, status_r, 500,
                _("Không phát hành được văn bản (lỗi cơ sở dữ liệu); "
                  "không có số nào bị sử dụng."));
}

int outgoing_recall(ctx *c, int64_t id, const char *reason, const char **err_r, int *status_r)
{
    outgoing *o = load_for_change(c, id, err_r, status_r);
    if (!o)
        return -1;
    if (!outgoing_may_recall(c, o))
        return fail(err_r, status_r, 403, _("Bạn không có quyền thu hồi văn bản này."));
    if (o->status != OUT_ISSUED)
        return fail(err_r, status_r, 409, _("Chỉ thu hồi được văn bản đã phát hành."));
    if (!reason || !*reason)
        return fail(err_r, status_r, 400, _("Cần nêu lý do thu hồi."));
    if (strlen(reason) > OUT_MAX_COMMENT)
        return fail(err_r, status_r, 400, _("Lý do thu hồi quá dài."));
    char now[32];
    now_iso(now, sizeof now);
    if (db_begin_write(c->db) != 0)
        return fail(err_r, status_r, 503, _(MSG_BUSY));
    db_stmt *s = db_stmt_get(c->db, &q_recall);
    if (!s)
        goto dberr;
    db_bind_int(s, 1, id);
    db_bind_text(s, 2, now);
    db_bind_text(s, 3, reason);
    if (db_exec(s) != DB_DONE)
        goto dberr;
    if (db_changes(c->db) != 1) {
        db_rollback(c->db);
        return fail(err_r, status_r, 409, _("Chỉ thu hồi được văn bản đã phát hành."));
    }
    /* The number stays with the recalled document (never reused); recipients' copies are
     * marked recalled (edXML status 13). */
    if (inbox_recall(c->db, id) < 0 || outgoing_event(c, id, "recall", reason) != 0 ||
        (outgoing_outside && outgoing_outside->recall &&
         outgoing_outside->recall(c, id, reason) != 0))
        goto dberr;
    return commit_audited(c, "outgoing.recall", id, json_pack("{s:s}", "reason", reason), err_r,
                          status_r);
dberr:
    db_rollback(c->db);
    return fail(err_r, status_r, 500, _(MSG_DB));
}

int64_t outgoing_attach(ctx *c, int64_t id, const http_upload *u, const char **err_r, int *status_r)
{
    outgoing *o = load_for_change(c, id, err_r, status_r);
    if (!o)
        return -1;
    /* Files go with the draft's makers — its drafter, approver or signer — and with the
     * unit's leaders and clerks (the signed scan); not with every reader of the unit. */
    enum role role = c->user->role;
    bool maker = outgoing_involved(c, o) || role_is_leader(role) || role == ROLE_CLERK;
    if (role == ROLE_ADMIN || !maker || !org_unit_in_scope(c, o->unit_id))
        return fail(err_r, status_r, 403, _("Bạn không có quyền đính kèm tệp vào văn bản này."));
    if (o->status == OUT_ISSUED || o->status == OUT_RECALLED)
        return fail(err_r, status_r, 409, _("Văn bản đã phát hành, không thêm tệp được."));
    if (db_begin_write(c->db) != 0)
        return fail(err_r, status_r, 503, _(MSG_BUSY));
    int64_t aid = attach_add(c, "out", id, u, err_r, status_r);
    if (aid < 0) {
        db_rollback(c->db);
        return -1;
    }
    if (outgoing_event(c, id, "attach", NULL) != 0) {
        db_rollback(c->db);
        return fail(err_r, status_r, 500, _(MSG_DB));
    }
    if (commit_audited(
            c, "outgoing.attach", id,
            json_pack("{s:I, s:s}", "attachment_id", (json_int_t)aid, "sha256", u->sha256_hex),
            err_r, status_r) != 0)
        return -1;
    return aid;
}
