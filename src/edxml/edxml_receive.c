/* Receiving packages (edxml.h edxml_receive, edxml_receive_status): everything is checked
 * before anything is written; a refusal writes its edxml_packages row and its audit entry and
 * nothing else; an accepted document lands in the queue (exchange.h inbox_land) in one
 * transaction with its package row and audit entry. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "audit/audit.h"
#include "base/clock.h"
#include "base/config.h"
#include "base/i18n.h"
#include "catalog/vocab.h"
#include "edxml/edxml.h"
#include "edxml/edxml_impl.h"
#include "exchange/exchange.h"
#include "files/blob.h"
#include "files/files.h"
#include "notify/notify.h"
#include "org/org.h"

void edxml_sha256_hex(const void *p, size_t n, char hex[65])
{
    unsigned char dg[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(dg, p, n);
    sodium_bin2hex(hex, 65, dg, sizeof dg);
}

static const db_query q_record_in = {
    "edxml.record_in",
    "INSERT INTO edxml_packages (direction, kind, document_id, from_organ, to_organ, business,"
    " ref_document_id, status, reason, sha256, channel, user_id, at) VALUES ('in', ?1, ?2, ?3,"
    " ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    NULL};
static const db_query q_set_inbox = {"edxml.set_inbox",
                                     "UPDATE edxml_packages SET inbox_id = ?2 WHERE id = ?1", NULL};
static const db_query q_seen = {
    "edxml.seen",
    "SELECT 1 FROM edxml_packages WHERE direction = 'in' AND status <> '02' AND"
    " ((kind = 'document' AND from_organ = ?1 AND document_id = ?2 AND business = ?3 AND"
    " ?3 <> 2) OR sha256 = ?4) LIMIT 1",
    NULL};
static const db_query q_unit_of_organ = {
    "edxml.unit_of_organ", "SELECT id FROM units WHERE organ_id = ?1 AND valid_to IS NULL LIMIT 1",
    NULL};
static const db_query q_doc_type = {
    "edxml.doc_type",
    "SELECT code FROM doc_types WHERE code = ?1 UNION ALL SELECT code FROM doc_types WHERE"
    " name = ?2 UNION ALL SELECT 'cong_van' LIMIT 1",
    NULL};
/* The queue row a business message is about: the newest accepted package of that DocumentId
 * from that sender that landed. */
static const db_query q_target = {
    "edxml.target",
    "SELECT p.id, q.id, q.incoming_id, q.status FROM edxml_packages p JOIN inbox q ON"
    " q.id = p.inbox_id WHERE p.direction = 'in' AND p.kind = 'document' AND p.from_organ = ?1"
    " AND p.document_id = ?2 AND p.status <> '02' ORDER BY p.id DESC LIMIT 1",
    NULL};
static const db_query q_request = {
    "edxml.request_add",
    "INSERT INTO edxml_requests (package_id, inbox_id, business, reason) VALUES (?1, ?2, ?3, ?4)",
    NULL};
static const db_query q_request_pending = {
    "edxml.request_pending",
    "SELECT 1 FROM edxml_requests WHERE inbox_id = ?1 AND status = 'pending' LIMIT 1", NULL};
static const db_query q_set_status = {"edxml.set_status",
                                      "UPDATE edxml_packages SET status = ?2 WHERE id = ?1", NULL};

static void now_iso(char *buf, size_t n)
{
    clock_iso(clock_now(), buf, n);
}

typedef struct pkg {
    const char *kind, *document_id, *from, *to, *ref, *status, *reason;
    int business;
    char sha[65];
} pkg;

static int64_t record(db *d, const edxml_result *r, const pkg *k)
{
    char now[32];
    now_iso(now, sizeof now);
    db_stmt *s = db_stmt_get(d, &q_record_in);
    if (!s)
        return -1;
    db_bind_text(s, 1, k->kind);
    db_bind_text(s, 2, k->document_id ? k->document_id : "");
    db_bind_text(s, 3, k->from ? k->from : "");
    db_bind_text(s, 4, k->to ? k->to : "");
    db_bind_int(s, 5, k->business);
    db_bind_text(s, 6, k->ref);
    db_bind_text(s, 7, k->status);
    db_bind_text(s, 8, k->reason);
    db_bind_text(s, 9, k->sha);
    db_bind_text(s, 10, r->actor ? "file" : "peer");
    if (r->actor)
        db_bind_int(s, 11, r->actor->id);
    else
        db_bind_null(s, 11);
    db_bind_text(s, 12, now);
    return db_exec(s) == DB_DONE ? db_last_id(d) : -1;
}

static int audit(db *d, const edxml_result *r, const char *action, int64_t id, const pkg *k)
{
    json_t *j = json_pack("{s:s, s:s, s:s, s:i, s:s, s:s?}", "document_id",
                          k->document_id ? k->document_id : "", "from", k->from ? k->from : "",
                          "to", k->to ? k->to : "", "business", k->business, "status", k->status,
                          "reason", k->reason);
    char *js = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    int rc = audit_log(d, r->actor, action, "edxml", id, NULL, js);
    free(js);
    return rc;
}

/* The refusal: its row and audit entry only, in its own transaction; a log line for the
 * operator. Returns 1 (refused) or -1. */
static int refuse(db *d, edxml_result *r, pkg *k, int http, const char *msg)
{
    db_rollback(d);
    snprintf(r->status, sizeof r->status, "%s", EDXML_REFUSED);
    snprintf(r->message, sizeof r->message, "%s", msg);
    r->http = http;
    k->status = EDXML_REFUSED;
    k->reason = msg;
    fprintf(stderr, "edxml: refused package %s from %s: %s\n",
            k->document_id ? k->document_id : "?", k->from ? k->from : "?", msg);
    if (db_begin_write(d) != 0)
        return -1;
    int64_t id = record(d, r, k);
    if (id < 0 || audit(d, r, "edxml.refuse", id, k) != 0 || db_commit(d) != 0) {
        db_rollback(d);
        return -1;
    }
    r->package_id = id;
    return 1;
}

static const char *code_text(arena *a, const edxml_doc *p)
{
    if (p->code_number && p->code_notation)
        /* Party form "05-CV/VPTU"; the state form "123/QĐ-UBND" has no slash in the notation. */
        return arena_printf(a, "%s%s%s", p->code_number, strchr(p->code_notation, '/') ? "-" : "/",
                            p->code_notation);
    return p->code_notation ? p->code_notation : p->code_number;
}

static const char *doc_type_of(db *d, arena *a, const edxml_doc *p)
{
    db_stmt *s = db_stmt_get(d, &q_doc_type);
    if (!s)
        return "cong_van";
    db_bind_text(s, 1, p->type_detail ? p->type_detail : "");
    db_bind_text(s, 2, p->type_name ? p->type_name : "");
    const char *code = db_step(s) == DB_ROW ? arena_strdup(a, db_col_text(s, 0)) : "cong_van";
    db_reset(s);
    return code;
}

static int64_t unit_of_organ(db *d, const char *organ_id)
{
    db_stmt *s = db_stmt_get(d, &q_unit_of_organ);
    if (!s)
        return -1;
    db_bind_text(s, 1, organ_id);
    int64_t id = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
    db_reset(s);
    return id;
}

/* Stores the attachments' bytes (content-addressed; an unreferenced blob is swept later if the
 * transaction does not commit) and checks each type by content against the allow-list. */
static int store_files(db *d, arena *a, const edxml_doc *p, inbox_file_in *v, const char **err_r)
{
    ctx c = {.a = a, .db = d};
    for (int i = 0; i < p->n_files; i++) {
        const edxml_file *f = &p->files[i];
        char sha[65];
        const char *berr = NULL;
        if (f->size == 0) {
            *err_r = arena_printf(a, _("Tệp «%s» trong gói tin rỗng."), f->name);
            return 1;
        }
        if (blob_put_bytes(config.blob_dir, config.tmp_dir, f->data, f->size, sha, &berr) != 0) {
            fprintf(stderr, "edxml: blob: %s\n", berr ? berr : "?");
            return -1;
        }
        char path[1024];
        blob_path(config.blob_dir, sha, path, sizeof path);
        const char *mime = attach_sniff(&c, path);
        if (!mime || !attach_mime_allowed(mime)) {
            *err_r = arena_printf(a, _("Tệp «%s» thuộc loại không được nhận."), f->name);
            return 1;
        }
        v[i] = (inbox_file_in){arena_strdup(a, sha), f->name, mime, (int64_t)f->size};
    }
    return 0;
}

typedef struct target {
    int64_t package_id, inbox_id, incoming_id;
    const char *status;
} target;

static int target_of(db *d, arena *a, const char *from, const char *document_id, target *t)
{
    db_stmt *s = db_stmt_get(d, &q_target);
    if (!s)
        return -1;
    db_bind_text(s, 1, from);
    db_bind_text(s, 2, document_id);
    int rc = db_step(s);
    if (rc == DB_ROW) {
        t->package_id = db_col_int(s, 0);
        t->inbox_id = db_col_int(s, 1);
        t->incoming_id = db_col_int(s, 2);
        t->status = arena_strdup(a, db_col_text(s, 3));
    }
    db_reset(s);
    return rc == DB_ROW ? 0 : rc == DB_DONE ? 1 : -1;
}

static int exec_id2(db *d, const db_query *q, int64_t a1, const char *t2)
{
    db_stmt *s = db_stmt_get(d, q);
    if (!s)
        return -1;
    db_bind_int(s, 1, a1);
    db_bind_text(s, 2, t2);
    return db_exec(s) == DB_DONE ? 0 : -1;
}

/* A registered target: a request the clerk answers (15/16). 0, 1 when one is already
 * pending, -1. */
static int request_add(db *d, int64_t package_id, const target *t, int business, const char *reason,
                       int64_t unit_id, const char *code)
{
    db_stmt *s = db_stmt_get(d, &q_request_pending);
    if (!s)
        return -1;
    db_bind_int(s, 1, t->inbox_id);
    int pending = db_step(s) == DB_ROW;
    db_reset(s);
    if (pending)
        return 1;
    if (!(s = db_stmt_get(d, &q_request)))
        return -1;
    db_bind_int(s, 1, package_id);
    db_bind_int(s, 2, t->inbox_id);
    db_bind_int(s, 3, business);
    db_bind_text(s, 4, reason ? reason : "");
    if (db_exec(s) != DB_DONE)
        return -1;
    char *text = NULL;
    if (asprintf(&text, _("Cơ quan gửi đề nghị %s văn bản %s đã vào sổ: cần đồng ý hoặc từ chối."),
                 business == EDXML_RECALL   ? _("thu hồi")
                 : business == EDXML_UPDATE ? _("cập nhật")
                                            : _("thay thế"),
                 code ? code : "") < 0)
        return -1;
    int rc = notify_unit_role(d, unit_id, ROLE_CLERK, NOTIFY_RECALLED, NULL, 0, text);
    free(text);
    return rc;
}

int edxml_receive(db *d, const char *from_organ_id, const void *xml, size_t n, edxml_result *r)
{
    memset(r->status, 0, sizeof r->status);
    r->message[0] = 0;
    r->document_id[0] = 0;
    r->http = 200;
    r->package_id = r->inbox_id = 0;
    pkg k = {.kind = "document", .from = from_organ_id};
    edxml_sha256_hex(xml, n, k.sha);
    arena *a = arena_new();
    edxml_doc *p = NULL;
    edxml_status *st = NULL;
    const char *err = NULL;
    int rc;
    int kind = edxml_parse(a, xml, n, &p, &st, &err);
    if (kind < 0) {
        rc = refuse(d, r, &k, 400, err);
        goto out;
    }
    if (kind == 2) {
        arena_free(&a);
        rc = edxml_receive_status(d, xml, n);
        snprintf(r->status, sizeof r->status, "%s", rc == 0 ? EDXML_ARRIVED : EDXML_REFUSED);
        snprintf(r->message, sizeof r->message, "%s",
                 rc == 0 ? _("Đã nhận thông điệp trạng thái.")
                         : _("Thông điệp trạng thái không khớp văn bản nào đã gửi."));
        r->http = rc == 0 ? 200 : 422;
        return rc < 0 ? -1 : rc;
    }
    k.document_id = p->document_id;
    k.to = p->to[0].organ_id;
    k.business = p->business;
    k.ref = p->business_ref;
    snprintf(r->document_id, sizeof r->document_id, "%s", p->document_id);
    /* Who sent it: the authenticated peer must be the From; by file, From must be known. */
    if (from_organ_id && strcmp(from_organ_id, p->from.organ_id) != 0) {
        rc = refuse(d, r, &k, 422, _("Cơ quan gửi trong gói tin khác với cơ quan đã xác thực."));
        goto out;
    }
    k.from = p->from.organ_id;
    const char *from_name = NULL;
    bool enc = false;
    int64_t from_unit = 0;
    int found = edxml_organ_lookup(d, p->from.organ_id, &from_name, &enc, &from_unit, a);
    if (found < 0) {
        rc = -1;
        goto out;
    }
    if (found > 0) {
        rc =
            refuse(d, r, &k, 422,
                   arena_printf(a, _("Cơ quan gửi (mã %s) chưa được khai báo: không nhận gói tin."),
                                p->from.organ_id));
        goto out;
    }
    /* DOMAIN.md §3: these never travel electronically, whatever the channel. */
    if (secrecy_paper_only((enum secrecy)p->secrecy)) {
        rc = refuse(d, r, &k, 422,
                    _("Văn bản Tối mật, Tuyệt mật không được gửi, nhận qua mạng (Quy định "
                      "217-QĐ/TW): không nhận gói tin."));
        goto out;
    }
    if (p->secrecy == SECRECY_MAT && !r->encrypted_channel) {
        rc = refuse(d, r, &k, 422,
                    _("Văn bản Mật chỉ được nhận qua kênh đã mã hóa (Quy định 217-QĐ/TW): không "
                      "nhận gói tin."));
        goto out;
    }
    /* The recipient: the first To that is a unit here (and, for an upload, the clerk's). */
    int64_t to_unit = 0;
    for (int i = 0; i < p->n_to && !to_unit; i++) {
        int64_t u = unit_of_organ(d, p->to[i].organ_id);
        if (u > 0 && (r->unit_id <= 0 || u == r->unit_id || u == org_scope_anchor(d, r->unit_id)))
            to_unit = u, k.to = p->to[i].organ_id;
    }
    if (!to_unit) {
        rc = refuse(d, r, &k, 422,
                    r->unit_id > 0 ? _("Gói tin không gửi đến đơn vị của bạn.")
                                   : _("Gói tin không gửi đến cơ quan nào của hệ thống này."));
        goto out;
    }
    db_stmt *s = db_stmt_get(d, &q_seen);
    if (!s) {
        rc = -1;
        goto out;
    }
    db_bind_text(s, 1, p->from.organ_id);
    db_bind_text(s, 2, p->document_id);
    db_bind_int(s, 3, p->business);
    db_bind_text(s, 4, k.sha);
    int seen = db_step(s) == DB_ROW;
    db_reset(s);
    if (seen) {
        rc = refuse(d, r, &k, 409,
                    _("Gói tin trùng: văn bản (DocumentId) này đã được nhận trước đây."));
        goto out;
    }
    target t = {0};
    if (p->business != EDXML_NEW) {
        int tr = target_of(d, a, p->from.organ_id, p->business_ref, &t);
        if (tr < 0) {
            rc = -1;
            goto out;
        }
        if (tr > 0 || strcmp(t.status, "01") != 0) {
            rc = refuse(d, r, &k, 422,
                        tr > 0 ? _("Không tìm thấy văn bản được thu hồi, cập nhật hoặc thay thế.")
                               : _("Văn bản được nhắc đến đã bị từ chối hoặc đã thu hồi."));
            goto out;
        }
    }
    inbox_file_in *files = arena_alloc(a, (size_t)(p->n_files + 1) * sizeof *files);
    if (p->business != EDXML_RECALL) {
        int fr = store_files(d, a, p, files, &err);
        if (fr != 0) {
            rc = fr < 0 ? -1 : refuse(d, r, &k, 422, err);
            goto out;
        }
    }
    /* Everything checked: one transaction. */
    inbox_doc doc = {
        .from_unit_id = from_unit,
        .code = code_text(a, p),
        .subject = p->subject,
        .doc_type = doc_type_of(d, a, p),
        .issued_date = p->date,
        .body = p->content ? p->content : "",
        .signer = p->signer_name,
        .secrecy = p->secrecy,
        .urgency = p->priority,
    };
    if (db_begin_write(d) != 0) {
        rc = -1;
        goto out;
    }
    /* Checked again under the write lock: two copies of one package arriving at once. */
    if (!(s = db_stmt_get(d, &q_seen)))
        goto dberr;
    db_bind_text(s, 1, p->from.organ_id);
    db_bind_text(s, 2, p->document_id);
    db_bind_int(s, 3, p->business);
    db_bind_text(s, 4, k.sha);
    seen = db_step(s) == DB_ROW;
    db_reset(s);
    if (seen) {
        rc = refuse(d, r, &k, 409,
                    _("Gói tin trùng: văn bản (DocumentId) này đã được nhận trước đây."));
        goto out;
    }
    k.status = EDXML_ARRIVED;
    int64_t id = record(d, r, &k);
    if (id < 0)
        goto dberr;
    r->package_id = id;
    const char *msg = _("Đã nhận văn bản vào hàng chờ văn bản điện tử đến.");
    if (p->business == EDXML_NEW || p->business == EDXML_REPLACE) {
        doc.outgoing_id = -id;
        int64_t q = inbox_land(d, &doc, to_unit, from_unit ? NULL : from_name, p->due_date, files,
                               p->n_files);
        if (q < 0 || db_stmt_get(d, &q_set_inbox) == NULL)
            goto dberr;
        db_stmt *u = db_stmt_get(d, &q_set_inbox);
        db_bind_int(u, 1, id);
        db_bind_int(u, 2, q);
        if (db_exec(u) != DB_DONE)
            goto dberr;
        r->inbox_id = q;
    }
    if (p->business == EDXML_UPDATE) {
        /* The sender's correction applies to the copy here, queued or registered (migration
         * 055): history kept, the clerks or the record's handler told; agreed (15). */
        inbox_change ch = {.subject = p->subject,
                           .due_date = p->due_date,
                           .signer = p->signer_name,
                           .files = files,
                           .n_files = p->n_files};
        const char *who = from_name && *from_name ? from_name : p->from.name;
        if (inbox_apply_update(d, t.inbox_id, who, p->business_reason, &ch) < 0)
            goto dberr;
        if (!t.incoming_id) {
            doc.outgoing_id = -t.package_id;
            if (inbox_update_waiting(d, t.inbox_id, &doc, p->due_date, files, p->n_files) < 0)
                goto dberr;
        }
        k.status = EDXML_AGREE;
        msg = t.incoming_id ? _("Đã cập nhật văn bản đã vào sổ theo thông điệp của cơ quan gửi.")
                            : _("Đã cập nhật văn bản đang chờ trong hàng chờ.");
        r->inbox_id = t.inbox_id;
        if (exec_id2(d, &q_set_status, id, k.status) != 0)
            goto dberr;
    } else if (p->business != EDXML_NEW) {
        if (!t.incoming_id) {
            /* Still waiting in the queue: applied at once. */
            if (p->business == EDXML_UPDATE) {
                doc.outgoing_id = -t.package_id;
                if (inbox_update_waiting(d, t.inbox_id, &doc, p->due_date, files, p->n_files) != 0)
                    goto dberr;
                k.status = EDXML_AGREE;
                msg = _("Đã cập nhật văn bản đang chờ trong hàng chờ.");
                r->inbox_id = t.inbox_id;
            } else {
                if (inbox_recall(d, -t.package_id) < 0)
                    goto dberr;
                k.status = p->business == EDXML_RECALL ? EDXML_RECALLED : EDXML_ARRIVED;
                msg = p->business == EDXML_RECALL
                          ? _("Đã thu hồi văn bản đang chờ trong hàng chờ.")
                          : _("Đã nhận văn bản thay thế; văn bản cũ đang chờ đã được thu hồi.");
                if (p->business == EDXML_RECALL)
                    r->inbox_id = t.inbox_id;
            }
        } else {
            int qr = request_add(d, id, &t, p->business, p->business_reason, to_unit, doc.code);
            if (qr < 0)
                goto dberr;
            msg = _("Văn bản đã vào sổ: đề nghị của cơ quan gửi chờ văn thư đồng ý hoặc từ chối.");
            if (p->business != EDXML_REPLACE)
                r->inbox_id = t.inbox_id;
        }
        if (exec_id2(d, &q_set_status, id, k.status) != 0)
            goto dberr;
    }
    if (audit(d, r, "edxml.receive", id, &k) != 0 || db_commit(d) != 0)
        goto dberr;
    snprintf(r->status, sizeof r->status, "%s", k.status);
    snprintf(r->message, sizeof r->message, "%s", msg);
    r->http = 201;
    rc = 0;
    goto out;
dberr:
    db_rollback(d);
    rc = -1;
out:
    arena_free(&a);
    return rc;
}

static const db_query q_sent = {
    "edxml.sent",
    "SELECT id FROM edxml_packages WHERE direction = 'out' AND kind = 'document' AND"
    " document_id = ?1 AND to_organ = ?2 ORDER BY id DESC LIMIT 1",
    NULL};

int edxml_receive_status(db *d, const void *xml, size_t n)
{
    arena *a = arena_new();
    edxml_doc *p = NULL;
    edxml_status *st = NULL;
    const char *err = NULL;
    int rc = 1;
    if (edxml_parse(a, xml, n, &p, &st, &err) != 2)
        goto out;
    db_stmt *s = db_stmt_get(d, &q_sent);
    if (!s) {
        rc = -1;
        goto out;
    }
    db_bind_text(s, 1, st->response_for.document_id);
    db_bind_text(s, 2, st->from.organ_id);
    int64_t sent = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
    db_reset(s);
    if (!sent)
        goto out;
    edxml_result r = {0};
    pkg k = {.kind = "status",
             .document_id = st->response_for.document_id,
             .from = st->from.organ_id,
             .to = st->response_for.organ_id,
             .status = st->code,
             .reason = st->description};
    edxml_sha256_hex(xml, n, k.sha);
    if (db_begin_write(d) != 0) {
        rc = -1;
        goto out;
    }
    int64_t id = record(d, &r, &k);
    if (id < 0 || exec_id2(d, &q_set_status, sent, st->code) != 0 ||
        audit(d, &r, "edxml.status", sent, &k) != 0 || db_commit(d) != 0) {
        db_rollback(d);
        rc = -1;
        goto out;
    }
    rc = 0;
out:
    arena_free(&a);
    return rc;
}

static const db_query q_landed = {
    "edxml.landed",
    "SELECT q.outgoing_id, q.to_unit_id FROM edxml_packages p JOIN inbox q ON q.id = p.inbox_id"
    " WHERE p.direction = 'in' AND p.kind = 'document' AND p.document_id = ?1 AND"
    " p.from_organ = ?2 AND p.status <> '02' ORDER BY p.id DESC LIMIT 1",
    NULL};

int edxml_received_status(db *d, const char *document_id, const char *from_organ,
                          const char **code_r)
{
    db_stmt *s = document_id && from_organ ? db_stmt_get(d, &q_landed) : NULL;
    if (!s)
        return -1;
    db_bind_text(s, 1, document_id);
    db_bind_text(s, 2, from_organ);
    int rc = db_step(s);
    int64_t key = rc == DB_ROW ? db_col_int(s, 0) : 0,
            to_unit = rc == DB_ROW ? db_col_int(s, 1) : 0;
    db_reset(s);
    if (rc != DB_ROW)
        return rc == DB_DONE ? 1 : -1;
    const char *label;
    return inbox_status(d, key, to_unit, code_r, &label) == 0 ? 0 : -1;
}
