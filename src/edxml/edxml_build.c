/* Building packages from the database (edxml.h edxml_build, edxml_build_status,
 * edxml_document_id): an issued outgoing document read as issued, its files from the blob
 * store, the reply link (ResponseFor) from outgoing.reply_to_id, the secrecy rule first. */
#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/config.h"
#include "base/i18n.h"
#include "catalog/vocab.h"
#include "edxml/edxml.h"
#include "edxml/edxml_impl.h"
#include "files/blob.h"
#include "rules/rules.h"

static const db_query q_doc = {
    "edxml.doc",
    "SELECT o.id, o.unit_id, o.doc_type, o.subject, o.body, o.secrecy, o.urgency, o.status,"
    " o.number, o.notation, o.issued_date, o.replaces_id, o.copies, o.reply_to_id,"
    " COALESCE(dt.name, o.doc_type), COALESCE(o.signer_text, su.name), st.position,"
    " o.reply_due"
    " FROM outgoing o LEFT JOIN doc_types dt ON dt.code = o.doc_type"
    " LEFT JOIN users su ON su.id = COALESCE(o.signed_by, o.signer_id)"
    " LEFT JOIN staff st ON st.id = su.staff_id WHERE o.id = ?1",
    NULL};
/* The organ a unit speaks for: itself when it has an organ id, else its nearest ancestor that
 * has one (a board of the committee sends as the committee). */
static const db_query q_organ_of_unit = {
    "edxml.organ_of_unit",
    "WITH RECURSIVE up (id, parent_id, organ_id, name, depth) AS (SELECT id, parent_id,"
    " organ_id, name, 0 FROM units WHERE id = ?1 UNION ALL SELECT u.id, u.parent_id,"
    " u.organ_id, u.name, up.depth + 1 FROM units u JOIN up ON u.id = up.parent_id WHERE"
    " up.depth < 20) SELECT organ_id, name FROM up WHERE organ_id IS NOT NULL ORDER BY depth"
    " LIMIT 1",
    NULL};
static const db_query q_files = {
    "edxml.files",
    "SELECT sha256, filename, mime, size FROM attachments WHERE doc_kind = 'out' AND"
    " doc_id = ?1 ORDER BY id LIMIT 32",
    NULL};
static const db_query q_places = {
    "edxml.places",
    "SELECT name FROM outgoing_recipients WHERE outgoing_id = ?1 ORDER BY id LIMIT 200", NULL};
/* The reply link: the incoming record answered, and where it came from (a package from
 * outside: inbox.outgoing_id = -package id; a document of this installation: its id). */
static const db_query q_reply = {
    "edxml.reply",
    "SELECT i.code, i.issued_date, q.outgoing_id, p.document_id, p.from_organ"
    " FROM incoming i LEFT JOIN inbox q ON q.id = i.inbox_id"
    " LEFT JOIN edxml_packages p ON p.id = -q.outgoing_id WHERE i.id = ?1",
    NULL};
static const db_query q_record_out = {
    "edxml.record_out",
    "INSERT INTO edxml_packages (direction, kind, document_id, from_organ, to_organ, business,"
    " ref_document_id, status, sha256, outgoing_id, channel, user_id, at) VALUES ('out', ?1, ?2,"
    " ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    NULL};

int edxml_organ_lookup(db *d, const char *organ_id, const char **name_r, bool *encrypted_r,
                       int64_t *unit_r, arena *a)
{
    db_stmt *s = organ_id ? db_stmt_get(d, &q_organ) : NULL;
    if (!s)
        return -1;
    db_bind_text(s, 1, organ_id);
    int rc = db_step(s);
    if (rc == DB_ROW) {
        *name_r = arena_strdup(a, db_col_text(s, 0));
        *encrypted_r = db_col_int(s, 1) != 0;
        *unit_r = db_col_int(s, 2);
    }
    db_reset(s);
    return rc == DB_ROW ? 0 : rc == DB_DONE ? 1 : -1;
}

const db_query q_organ = {
    "edxml.organ",
    "SELECT name, 0, id FROM units WHERE organ_id = ?1 UNION ALL SELECT name, encrypted, 0"
    " FROM edxml_organs WHERE organ_id = ?1 AND disabled_at IS NULL LIMIT 1",
    NULL};

/* "05-CV/VPTU" → number "05", notation "CV/VPTU"; "123/QĐ-UBND" → "123", "QĐ-UBND". */
static void split_code(arena *a, const char *code, const char **num_r, const char **not_r)
{
    const char *p = code;
    while (isdigit((unsigned char)*p))
        p++;
    if (p > code && (*p == '-' || *p == '/')) {
        *num_r = arena_strndup(a, code, (size_t)(p - code));
        *not_r = arena_strdup(a, p + 1);
    } else {
        *num_r = NULL;
        *not_r = arena_strdup(a, code);
    }
}

static int organ_of_unit(db *d, arena *a, int64_t unit_id, edxml_organ *o)
{
    db_stmt *s = db_stmt_get(d, &q_organ_of_unit);
    if (!s)
        return -1;
    db_bind_int(s, 1, unit_id);
    int rc = db_step(s);
    if (rc == DB_ROW) {
        o->organ_id = arena_strdup(a, db_col_text(s, 0));
        o->name = arena_strdup(a, db_col_text(s, 1));
    }
    db_reset(s);
    return rc == DB_ROW ? 0 : rc == DB_DONE ? 1 : -1;
}

/* The issued document as it is read for a package. */
typedef struct outdoc {
    int64_t id, unit_id, replaces_id, reply_to_id;
    const char *doc_type, *subject, *body, *status, *notation, *issued_date, *type_name, *signer,
        *position, *reply_due;
    int secrecy, urgency, copies;
    long number;
} outdoc;

static int outdoc_read(db *d, arena *a, int64_t id, outdoc *o)
{
    db_stmt *s = db_stmt_get(d, &q_doc);
    if (!s)
        return -1;
    db_bind_int(s, 1, id);
    int rc = db_step(s);
    if (rc == DB_ROW) {
        o->id = db_col_int(s, 0);
        o->unit_id = db_col_int(s, 1);
        o->doc_type = arena_strdup(a, db_col_text(s, 2));
        o->subject = arena_strdup(a, db_col_text(s, 3));
        o->body = arena_strdup(a, db_col_text(s, 4));
        o->secrecy = (int)db_col_int(s, 5);
        o->urgency = (int)db_col_int(s, 6);
        o->status = arena_strdup(a, db_col_text(s, 7));
        o->number = (long)db_col_int(s, 8);
        o->notation = arena_strdup(a, db_col_text(s, 9));
        o->issued_date = arena_strdup(a, db_col_text(s, 10));
        o->replaces_id = db_col_int(s, 11);
        o->copies = (int)db_col_int(s, 12);
        o->reply_to_id = db_col_int(s, 13);
        o->type_name = arena_strdup(a, db_col_text(s, 14));
        o->signer = arena_strdup(a, db_col_text(s, 15));
        o->position = arena_strdup(a, db_col_text(s, 16));
        o->reply_due = db_col_null(s, 17) ? NULL : arena_strdup(a, db_col_text(s, 17));
    }
    db_reset(s);
    return rc == DB_ROW ? 0 : rc == DB_DONE ? 1 : -1;
}

static int docid_of(db *d, arena *a, const outdoc *o, const char **id_r)
{
    edxml_organ from = {0};
    if (!o->notation || !o->issued_date || organ_of_unit(d, a, o->unit_id, &from) != 0)
        return -1;
    *id_r = arena_printf(a, "%s,%s,%s", from.organ_id, o->issued_date, o->notation);
    return 0;
}

int edxml_document_id(db *d, int64_t outgoing_id, char *buf, size_t n)
{
    arena *a = arena_new();
    outdoc o = {0};
    const char *id = NULL;
    int rc = outdoc_read(d, a, outgoing_id, &o) == 0 && docid_of(d, a, &o, &id) == 0 ? 0 : -1;
    if (rc == 0)
        snprintf(buf, n, "%s", id);
    arena_free(&a);
    return rc;
}

/* Reads blob sha256 whole into the arena. */
static const unsigned char *blob_read(arena *a, const char *sha256, size_t *n_r)
{
    int64_t size = 0;
    int fd = blob_open(config.blob_dir, sha256, &size);
    if (fd < 0)
        return NULL;
    unsigned char *p = arena_alloc(a, (size_t)size + 1);
    size_t got = 0;
    while (got < (size_t)size) {
        ssize_t k = read(fd, p + got, (size_t)size - got);
        if (k <= 0)
            break;
        got += (size_t)k;
    }
    close(fd);
    if (got != (size_t)size)
        return NULL;
    *n_r = got;
    return p;
}

static int files_read(db *d, arena *a, int64_t id, edxml_doc *p)
{
    db_stmt *s = db_stmt_get(d, &q_files);
    if (!s)
        return -1;
    db_bind_int(s, 1, id);
    p->files = arena_alloc(a, EDXML_MAX_FILES * sizeof *p->files);
    int rc;
    while ((rc = db_step(s)) == DB_ROW && p->n_files < EDXML_MAX_FILES) {
        edxml_file *f = &p->files[p->n_files++];
        snprintf(f->sha256, sizeof f->sha256, "%s", db_col_text(s, 0));
        f->name = arena_strdup(a, db_col_text(s, 1));
        f->mime = arena_strdup(a, db_col_text(s, 2));
        f->content_id = arena_printf(a, "cid:%d", p->n_files);
    }
    db_reset(s);
    if (rc != DB_DONE && rc != DB_ROW)
        return -1;
    for (int i = 0; i < p->n_files; i++)
        if (!(p->files[i].data = blob_read(a, p->files[i].sha256, &p->files[i].size)))
            return -1;
    return 0;
}

static void places_read(db *d, arena *a, int64_t id, edxml_doc *p)
{
    db_stmt *s = db_stmt_get(d, &q_places);
    if (!s)
        return;
    db_bind_int(s, 1, id);
    p->places = arena_alloc(a, 200 * sizeof *p->places);
    while (db_step(s) == DB_ROW && p->n_places < 200)
        p->places[p->n_places++] = arena_strdup(a, db_col_text(s, 0));
    db_reset(s);
}

static void reply_read(db *d, arena *a, int64_t incoming_id, edxml_doc *p)
{
    db_stmt *s = incoming_id > 0 ? db_stmt_get(d, &q_reply) : NULL;
    if (!s)
        return;
    db_bind_int(s, 1, incoming_id);
    if (db_step(s) == DB_ROW) {
        edxml_ref *r = arena_alloc(a, sizeof *r);
        r->code = arena_strdup(a, db_col_text(s, 0));
        r->date = arena_strdup(a, db_col_text(s, 1));
        r->document_id = arena_strdup(a, db_col_text(s, 3));
        r->organ_id = arena_strdup(a, db_col_text(s, 4));
        int64_t from_out = db_col_int(s, 2);
        db_reset(s);
        char buf[256];
        /* A document of this installation answered: its own DocumentId. */
        if (!r->document_id && from_out > 0 && edxml_document_id(d, from_out, buf, sizeof buf) == 0)
            r->document_id = arena_strdup(a, buf);
        p->responses = r;
        p->n_responses = 1;
        return;
    }
    db_reset(s);
}

static void now_iso(char *buf, size_t n)
{
    clock_iso(clock_now(), buf, n);
}

static int fail(char **err_r, const char *msg)
{
    *err_r = strdup(msg);
    return -1;
}

int edxml_build_ex(db *d, int64_t outgoing_id, const char *to_organ_id, int business,
                   bool encrypted_channel, int64_t user_id, strbuf *out, char **err_r)
{
    return edxml_build_reason(d, outgoing_id, to_organ_id, business, encrypted_channel, user_id,
                              NULL, out, err_r);
}

int edxml_build_reason(db *d, int64_t outgoing_id, const char *to_organ_id, int business,
                       bool encrypted_channel, int64_t user_id, const char *reason, strbuf *out,
                       char **err_r)
{
    *err_r = NULL;
    if (business < EDXML_NEW || business > EDXML_REPLACE)
        return fail(err_r, _("Loại nghiệp vụ edXML không hợp lệ."));
    arena *a = arena_new();
    int rc = -1;
    outdoc o = {0};
    edxml_doc p = {0};
    edxml_organ to = {0};
    const char *err = NULL;
    bool enc = false;
    int64_t to_unit = 0;
    int r0 = outdoc_read(d, a, outgoing_id, &o);
    if (r0 != 0) {
        rc = fail(err_r, r0 > 0 ? _("Không tìm thấy văn bản đi.") : _("Lỗi cơ sở dữ liệu."));
        goto out;
    }
    /* Recall is sent for a recalled document; everything else only for an issued one. */
    if (business == EDXML_RECALL ? strcmp(o.status, "recalled") != 0
                                 : strcmp(o.status, "issued") != 0) {
        rc = fail(err_r, business == EDXML_RECALL
                             ? _("Chỉ gửi thông điệp thu hồi cho văn bản đã bị thu hồi.")
                             : _("Chỉ văn bản đã ban hành mới được gửi dưới dạng gói edXML."));
        goto out;
    }
    /* DOMAIN.md §3 (Quy định 217-QĐ/TW): the secrecy rule comes before anything else. */
    if (secrecy_paper_only((enum secrecy)o.secrecy)) {
        rc = fail(err_r, _("Văn bản Tối mật, Tuyệt mật không được gửi qua mạng: chỉ chuyển qua "
                           "kênh cơ yếu hoặc bản giấy (Quy định 217-QĐ/TW)."));
        goto out;
    }
    if (!to_organ_id || !*to_organ_id) {
        rc = fail(err_r, _("Chọn cơ quan nhận."));
        goto out;
    }
    r0 = edxml_organ_lookup(d, to_organ_id, &to.name, &enc, &to_unit, a);
    if (r0 != 0) {
        rc = fail(err_r, r0 > 0 ? _("Cơ quan nhận chưa được khai báo mã định danh.")
                                : _("Lỗi cơ sở dữ liệu."));
        goto out;
    }
    if (o.secrecy == SECRECY_MAT && !encrypted_channel) {
        rc = fail(err_r, _("Văn bản Mật chỉ được gửi qua kênh đã mã hóa bằng sản phẩm mật mã của "
                           "Ban Cơ yếu Chính phủ (Quy định 217-QĐ/TW)."));
        goto out;
    }
    to.organ_id = arena_strdup(a, to_organ_id);
    if (organ_of_unit(d, a, o.unit_id, &p.from) != 0 || docid_of(d, a, &o, &p.document_id) != 0) {
        rc = fail(err_r, _("Đơn vị ban hành chưa có mã định danh điện tử (OrganId): khai báo ở "
                           "trang đơn vị."));
        goto out;
    }
    p.to = &to;
    p.n_to = 1;
    split_code(a, o.notation, &p.code_number, &p.code_notation);
    if (!p.code_number && o.number > 0)
        p.code_number = arena_printf(a, "%ld", o.number);
    p.date = o.issued_date;
    p.type = strcmp(o.doc_type, "cong_van") == 0 ? 1 : 2; /* [unverified] codes, DOMAIN.md §4 */
    p.type_name = o.type_name;
    p.type_detail = o.doc_type;
    p.subject = o.subject;
    p.content = o.body && *o.body ? o.body : NULL;
    p.signer_name = o.signer;
    p.signer_position = o.position;
    p.due_date = o.reply_due;
    p.business_reason = reason;
    p.priority = o.urgency;
    p.secrecy = o.secrecy;
    p.copies = o.copies;
    p.steering = 1;
    places_read(d, a, o.id, &p);
    reply_read(d, a, o.reply_to_id, &p);
    char now[32];
    now_iso(now, sizeof now);
    edxml_trace tr = {p.from.organ_id, now};
    p.trace = &tr;
    p.n_trace = 1;
    p.business = business;
    if (business == EDXML_REPLACE) {
        outdoc old = {0};
        if (!o.replaces_id || outdoc_read(d, a, o.replaces_id, &old) != 0 ||
            docid_of(d, a, &old, &p.business_ref) != 0) {
            rc = fail(err_r, _("Văn bản này không thay thế văn bản nào đã gửi."));
            goto out;
        }
    } else if (business != EDXML_NEW)
        p.business_ref = p.document_id;
    if (files_read(d, a, o.id, &p) != 0) {
        rc = fail(err_r, _("Không đọc được tệp của văn bản trong kho lưu trữ."));
        goto out;
    }
    size_t before = out->len;
    if (edxml_write_doc(&p, out, &err) != 0) {
        rc = fail(err_r, _("Không tạo được gói edXML."));
        goto out;
    }
    char sha[65];
    edxml_sha256_hex(out->buf + before, out->len - before, sha);
    db_stmt *s = db_stmt_get(d, &q_record_out);
    if (!s) {
        rc = fail(err_r, _("Lỗi cơ sở dữ liệu."));
        goto out;
    }
    db_bind_text(s, 1, "document");
    db_bind_text(s, 2, p.document_id);
    db_bind_text(s, 3, p.from.organ_id);
    db_bind_text(s, 4, to_organ_id);
    db_bind_int(s, 5, business);
    db_bind_text(s, 6, p.business_ref);
    db_bind_text(s, 7, ""); /* nothing heard back yet */
    db_bind_text(s, 8, sha);
    db_bind_int(s, 9, o.id);
    db_bind_text(s, 10, user_id ? "file" : "peer");
    if (user_id)
        db_bind_int(s, 11, user_id);
    else
        db_bind_null(s, 11);
    db_bind_text(s, 12, now);
    if (db_exec(s) != DB_DONE) {
        out->len = before;
        rc = fail(err_r, _("Lỗi cơ sở dữ liệu."));
        goto out;
    }
    rc = 0;
out:
    arena_free(&a);
    return rc;
}

int edxml_build(db *d, int64_t outgoing_id, const char *to_organ_id, int business, strbuf *out,
                char **err_r)
{
    arena *a = arena_new();
    const char *name;
    bool enc = false;
    int64_t unit = 0;
    edxml_organ_lookup(d, to_organ_id, &name, &enc, &unit, a);
    arena_free(&a);
    return edxml_build_ex(d, outgoing_id, to_organ_id, business, enc, 0, out, err_r);
}

static const db_query q_received = {
    "edxml.received",
    "SELECT p.to_organ, q.code, q.issued_date FROM edxml_packages p LEFT JOIN inbox q ON"
    " q.id = p.inbox_id WHERE p.direction = 'in' AND p.kind = 'document' AND"
    " p.document_id = ?1 AND p.from_organ = ?2 AND p.status <> '02' ORDER BY p.id DESC LIMIT 1",
    NULL};

int edxml_build_status(db *d, const char *document_id, const char *to_organ_id, const char *code,
                       const char *description, strbuf *out, char **err_r)
{
    *err_r = NULL;
    db_stmt *s = document_id && to_organ_id ? db_stmt_get(d, &q_received) : NULL;
    if (!s)
        return fail(err_r, _("Lỗi cơ sở dữ liệu."));
    db_bind_text(s, 1, document_id);
    db_bind_text(s, 2, to_organ_id);
    arena *a = arena_new();
    edxml_status st = {0};
    int rc = db_step(s);
    if (rc == DB_ROW) {
        st.from.organ_id = arena_strdup(a, db_col_text(s, 0));
        st.response_for.code = arena_strdup(a, db_col_text(s, 1));
        st.response_for.date = arena_strdup(a, db_col_text(s, 2));
    }
    db_reset(s);
    if (rc != DB_ROW) {
        arena_free(&a);
        return fail(err_r, _("Không có gói tin đã nhận với mã văn bản này."));
    }
    char now[32];
    now_iso(now, sizeof now);
    st.response_for.organ_id = to_organ_id;
    st.response_for.document_id = document_id;
    st.code = code;
    st.description = description;
    st.timestamp = now;
    const char *err = NULL;
    size_t before = out->len;
    rc = edxml_write_status(&st, out, &err);
    if (rc == 0) {
        char sha[65];
        edxml_sha256_hex(out->buf + before, out->len - before, sha);
        db_stmt *w = db_stmt_get(d, &q_record_out);
        if (!w)
            rc = -1;
        else {
            db_bind_text(w, 1, "status");
            db_bind_text(w, 2, document_id);
            db_bind_text(w, 3, st.from.organ_id);
            db_bind_text(w, 4, to_organ_id);
            db_bind_int(w, 5, 0);
            db_bind_null(w, 6);
            db_bind_text(w, 7, code);
            db_bind_text(w, 8, sha);
            db_bind_null(w, 9);
            db_bind_text(w, 10, "peer");
            db_bind_null(w, 11);
            db_bind_text(w, 12, now);
            rc = db_exec(w) == DB_DONE ? 0 : -1;
        }
    }
    arena_free(&a);
    return rc == 0 ? 0 : fail(err_r, _("Không tạo được gói trạng thái edXML."));
}
