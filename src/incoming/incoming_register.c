/* Registration of incoming documents (vào sổ): validation, duplicate detection, the
 * arrival number (số đến) and the files of the paper scan, in one transaction with its audit
 * row; and adding files to a registered record. */
#include "incoming/incoming_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "catalog/catalog.h"
#include "catalog/vocab.h"
#include "docno/docno.h"
#include "exchange/exchange.h"
#include "files/files.h"
#include "notify/notify.h"
#include "numbering/numbering.h"
#include "org/org.h"
#include "web/dates.h"
#include "web/errors.h"
#include "web/params.h"
#include "web/respond.h"

/* ---- registration ----------------------------------------------------------------------- */

static const db_query q_unit_name = {
    "incoming.unit_name",
    "SELECT name FROM units WHERE id = ?1",
    NULL,
};
/* The same issuer's document of the same number and date in the register, oldest first; the
 * caller keeps the first one it may see (incoming_may_see). The visibility rule is asked of
 * these few rows only: inside the statement, PostgreSQL prepared its hashed subplans over
 * incoming_assignments at every execution — 0.5 ms of every registration of an import, for a
 * condition that almost never has a row to test. */
static const db_query q_duplicate = {
    "incoming.duplicate",
    "SELECT i.id FROM incoming i WHERE i.unit_id = ?1 AND i.code_norm = ?2"
    " AND i.issued_date = ?3 AND ((?4 > 0 AND i.issuer_unit_id = ?4)"
    " OR lower(i.issuer_name) = lower(?5)) ORDER BY i.id",
    NULL,
};
static const db_query q_insert = {
    "incoming.insert",
    "INSERT INTO incoming (unit_id, year, arrival_number, arrival_date, arrived_at, channel,"
    " inbox_id, issuer_unit_id, issuer_name, code, code_norm, doc_type, issued_date, subject,"
    " signer, pages, secrecy, urgency, due_date, notes, duplicate_of, duplicate_reason,"
    " status, registered_by, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
    " ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, 'registered', ?23,"
    " ?5, ?5)",
    NULL,
};

static const char *unit_name(ctx *c, int64_t id)
{
    db_stmt *s = db_stmt_get(c->db, &q_unit_name);
    if (!s)
        return NULL;
    db_bind_int(s, 1, id);
    const char *name = db_step(s) == DB_ROW ? arena_strdup(c->a, db_col_text(s, 0)) : NULL;
    db_reset(s);
    return name;
}

static const char *trimmed(ctx *c, const char *v, const char *field, const char *label, size_t max,
                           bool required, web_err *e)
{
    const char *err = NULL;
    const char *out = field_text(c, v, label, max, required, &err);
    if (err)
        web_err_add(e, 400, "invalid_input", field, err);
    return out;
}

static bool date_ok(const char *s)
{
    return param_date(s);
}

/* A dissolved unit receives nothing after its last day (valid_to): documents that arrive
 * later belong to its successor, which the message names so the clerk knows where to turn. */
static void refuse_dissolved(ctx *c, int64_t unit_id, const char *arrival, web_err *e)
{
    const unit *u = org_unit_get(c, unit_id);
    if (!u || !u->valid_to || strcmp(arrival, u->valid_to) <= 0)
        return;
    unit_link *links;
    int n = org_unit_links(c, unit_id, &links);
    const char *successor = NULL;
    for (int i = 0; i < n; i++)
        if (links[i].unit_id == unit_id)
            successor = links[i].successor_name;
    web_err_add(e, 409, "unit_dissolved", "unit_id",
                successor ? arena_printf(c->a,
                                         _("Đơn vị «%s» đã giải thể từ sau ngày %s: văn bản đến "
                                           "sau ngày đó vào sổ của đơn vị kế tục «%s»."),
                                         u->name, web_date_vn(c, u->valid_to), successor)
                          : arena_printf(c->a,
                                         _("Đơn vị «%s» đã giải thể từ sau ngày %s, không thể "
                                           "vào sổ văn bản đến."),
                                         u->name, web_date_vn(c, u->valid_to)));
}

/* The validated registration, ready to insert. */
typedef struct in_valid {
    int64_t unit_id, issuer_unit_id, inbox_id;
    const char *issuer_name, *code, *code_norm, *doc_type, *issued_date, *subject, *signer, *notes,
        *due_date, *duplicate_reason, *channel;
    int pages, secrecy, urgency;
} in_valid;

static int validate(ctx *c, const in_new *in, in_valid *v, web_err *e)
{
    memset(v, 0, sizeof *v);
    if (!incoming_may_register(c)) {
        web_err_add(e, 403, "forbidden", NULL,
                    _("Chỉ văn thư hoặc lãnh đạo văn phòng được vào sổ văn bản đến."));
        return -1;
    }
    v->unit_id = in->unit_id > 0 ? in->unit_id : c->user->unit_id;
    if (v->unit_id != c->user->unit_id && !org_unit_in_scope(c, v->unit_id)) {
        web_err_add(e, 404, "not_found", "unit_id", _("Không tìm thấy đơn vị nhận."));
        return -1;
    }
    in_new d = *in;
    v->channel = "paper";
    if (in->channel && strcmp(in->channel, "electronic") == 0)
        v->channel = "electronic";
    else if (in->channel && *in->channel && strcmp(in->channel, "paper") != 0)
        web_err_add(e, 400, "invalid_input", "channel",
                    _("«channel» không hợp lệ; chỉ nhận một trong (paper, electronic)."));
    const inbox_row *q = NULL;
    if (in->inbox_id > 0) {
        q = inbox_get(c, in->inbox_id);
        if (!q) {
            web_err_add(e, 404, "not_found", "inbox_id",
                        _("Không tìm thấy văn bản trong hàng chờ."));
            return -1;
        }
        if (strcmp(q->status, "01") != 0 || q->incoming_id) {
            web_err_add(e, 409, "invalid_state", "inbox_id",
                        _("Văn bản này đã được vào sổ, bị từ chối hoặc đã bị thu hồi."));
            return -1;
        }
        v->inbox_id = q->id;
        v->unit_id = q->to_unit_id;
        v->channel = "electronic";
    }
    /* The arrival date is today (register_tx). */
    refuse_dissolved(c, v->unit_id, web_today(c), e);
    if (e->status == 409)
        return -1;
    if (q) {
        if (!d.issuer_unit_id && !(d.issuer_name && *d.issuer_name)) {
            /* A package from outside the tree (edxml/) has no sender unit: its name. */
            if (q->from_unit_id)
                d.issuer_unit_id = q->from_unit_id;
            else
                d.issuer_name = q->from_name;
        }
        if ((!d.due_date || !*d.due_date) && q->due_date)
            d.due_date = q->due_date;
        if (!d.code || !*d.code)
            d.code = q->code;
        if (!d.doc_type || !*d.doc_type)
            d.doc_type = q->doc_type;
        if (!d.issued_date || !*d.issued_date)
            d.issued_date = q->issued_date;
        if (!d.subject || !*d.subject)
            d.subject = q->subject;
        if (!d.secrecy || !*d.secrecy)
            d.secrecy = secrecy_code(q->secrecy);
        if (!d.urgency || !*d.urgency)
            d.urgency = urgency_code(q->urgency);
        if (!d.signer || !*d.signer)
            d.signer = q->signer;
    }
    if (d.issuer_unit_id > 0) {
        v->issuer_unit_id = d.issuer_unit_id;
        v->issuer_name = unit_name(c, d.issuer_unit_id);
        if (!v->issuer_name)
            web_err_add(e, 400, "invalid_input", "issuer_unit_id",
                        _("Tác giả không có trong danh mục đơn vị."));
    } else {
        v->issuer_name =
            trimmed(c, d.issuer_name, "issuer_name", _("Tác giả"), IN_MAX_ISSUER, true, e);
    }
    v->code = trimmed(c, d.code, "code", _("Số, ký hiệu"), IN_MAX_CODE, true, e);
    if (v->code) {
        struct docno dn;
        char *perr = NULL;
        if (docno_parse(v->code, &dn, &perr) != 0) {
            web_err_add(e, 400, "invalid_input", "code",
                        perr ? arena_strdup(c->a, perr) : _("Không đọc được số, ký hiệu văn bản."));
        } else {
            v->code_norm = arena_strdup(c->a, dn.text_normalised);
        }
        free(perr);
    }
    v->doc_type = trimmed(c, d.doc_type, "doc_type", _("Loại văn bản"), 64, true, e);
    if (v->doc_type && !catalog_doc_type_exists(c->db, v->doc_type))
        web_err_add(e, 400, "invalid_input", "doc_type",
                    _("Loại văn bản không có trong danh mục."));
    const char *today = web_today(c);
    v->issued_date = trimmed(c, d.issued_date, "issued_date", _("Ngày tháng văn bản"), 10, true, e);
    if (v->issued_date) {
        if (!date_ok(v->issued_date))
            web_err_add(e, 400, "invalid_input", "issued_date",
                        arena_printf(c->a,
                                     _("Ngày tháng văn bản phải có dạng YYYY-MM-DD, từ %s trở đi."),
                                     PARAM_DATE_MIN));
        else if (strcmp(v->issued_date, today) > 0)
            web_err_add(e, 400, "invalid_input", "issued_date",
                        _("Ngày tháng văn bản không thể ở tương lai."));
    }
    v->subject = trimmed(c, d.subject, "subject", _("Trích yếu"), IN_MAX_SUBJECT, true, e);
    v->signer = trimmed(c, d.signer, "signer", _("Người ký"), IN_MAX_SIGNER, false, e);
    v->notes = trimmed(c, d.notes, "notes", _("Ghi chú"), IN_MAX_NOTE, false, e);
    v->duplicate_reason = trimmed(c, d.duplicate_reason, "duplicate_reason", _("Lý do vẫn vào sổ"),
                                  IN_MAX_NOTE, false, e);
    if (d.pages < 0 || d.pages > IN_MAX_PAGES)
        web_err_add(e, 400, "invalid_input", "pages", _("Số trang phải từ 1 đến 999."));
    v->pages = d.pages;
    v->secrecy = d.secrecy && *d.secrecy ? secrecy_from_code(d.secrecy) : SECRECY_NONE;
    if (v->secrecy < 0)
        web_err_add(e, 400, "invalid_input", "secrecy",
                    _("Độ mật phải là một trong: none, mat, toi_mat, tuyet_mat."));
    v->urgency = d.urgency && *d.urgency ? urgency_from_code(d.urgency) : URGENCY_NORMAL;
    if (v->urgency < 0)
        web_err_add(e, 400, "invalid_input", "urgency",
                    _("Độ khẩn phải là một trong: normal, khan, thuong_khan, hoa_toc, "
                      "hoa_toc_hen_gio."));
    if (d.due_date && *d.due_date) {
        if (!date_ok(d.due_date))
            web_err_add(e, 400, "invalid_input", "due_date",
                        arena_printf(c->a,
                                     _("Hạn giải quyết phải có dạng YYYY-MM-DD, từ %s đến %s."),
                                     PARAM_DATE_MIN, PARAM_DATE_MAX));
        else
            v->due_date = arena_strdup(c->a, d.due_date);
    }
    return e->n ? -1 : 0;
}

/* Registration inside an open write transaction. Returns the id or -1 (e filled; the caller
 * rolls back). */
static int64_t register_tx(ctx *c, const in_valid *v, int64_t *number_r, web_err *e)
{
    db_stmt *s = db_stmt_get(c->db, &q_duplicate);
    if (!s)
        goto dberr;
    db_bind_int(s, 1, v->unit_id);
    db_bind_text(s, 2, v->code_norm);
    db_bind_text(s, 3, v->issued_date);
    db_bind_int(s, 4, v->issuer_unit_id);
    db_bind_text(s, 5, v->issuer_name);
    size_t n = 0, cap = 4;
    int64_t *same = arena_alloc(c->a, cap * sizeof *same), dup = 0;
    int step;
    while ((step = db_step(s)) == DB_ROW) {
        ARENA_GROW(c->a, same, n, cap);
        same[n++] = db_col_int(s, 0);
    }
    db_reset(s);
    if (step != DB_DONE)
        goto dberr;
    for (size_t i = 0; i < n && !dup; i++)
        if (incoming_may_see(c, same[i]))
            dup = same[i];
    if (dup && !v->duplicate_reason) {
        e->existing_id = dup;
        web_err_add(e, 409, "duplicate", "duplicate_reason",
                    _("Văn bản này (cùng tác giả, số, ký hiệu và ngày) đã được vào sổ. "
                      "Nếu vẫn cần vào sổ, hãy ghi lý do."));
        return -1;
    }
    char today[16];
    clock_vn_today(today, sizeof today);
    int year = atoi(today);
    int64_t number = numbering_next_arrival(c->db, v->unit_id, year);
    if (number <= 0)
        goto dberr;
    const char *now = web_now_iso(c);
    s = db_stmt_get(c->db, &q_insert);
    if (!s)
        goto dberr;
    db_bind_int(s, 1, v->unit_id);
    db_bind_int(s, 2, year);
    db_bind_int(s, 3, number);
    db_bind_text(s, 4, today);
    db_bind_text(s, 5, now);
    db_bind_text(s, 6, v->channel);
    if (v->inbox_id)
        db_bind_int(s, 7, v->inbox_id);
    else
        db_bind_null(s, 7);
    if (v->issuer_unit_id)
        db_bind_int(s, 8, v->issuer_unit_id);
    else
        db_bind_null(s, 8);
    db_bind_text(s, 9, v->issuer_name);
    db_bind_text(s, 10, v->code);
    db_bind_text(s, 11, v->code_norm);
    db_bind_text(s, 12, v->doc_type);
    db_bind_text(s, 13, v->issued_date);
    db_bind_text(s, 14, v->subject);
    db_bind_text(s, 15, v->signer);
    if (v->pages > 0)
        db_bind_int(s, 16, v->pages);
    else
        db_bind_null(s, 16);
    db_bind_int(s, 17, v->secrecy);
    db_bind_int(s, 18, v->urgency);
    db_bind_text(s, 19, v->due_date);
    db_bind_text(s, 20, v->notes);
    if (dup)
        db_bind_int(s, 21, dup);
    else
        db_bind_null(s, 21);
    db_bind_text(s, 22, dup ? v->duplicate_reason : NULL);
    db_bind_int(s, 23, c->user->id);
    if (db_exec(s) != DB_DONE)
        goto dberr;
    int64_t id = db_last_id(c->db);
    const char *text =
        arena_printf(c->a, _("Vào sổ đến số %lld (%s)"), (long long)number,
                     strcmp(v->channel, "paper") == 0 ? _("bản giấy") : _("điện tử"));
    if (incoming_event_add(c->db, id, c->user->id, "register", 0, text, NULL, NULL, now) != 0)
        goto dberr;
    /* The delivered files become the record's own attachments, on the sender's blobs. */
    if (v->inbox_id &&
        (inbox_link(c->db, v->inbox_id, id) != 0 || inbox_files_attach(c, v->inbox_id, id) < 0))
        goto dberr;
    /* Urgent documents are presented at once (ND 30 Art. 22): the receiving unit's leaders
     * hear of them now, not at the next look at the list. */
    if (urgency_is_urgent(v->urgency)) {
        const char *msg = arena_printf(c->a, _("%s đến: %s — %s"), urgency_label(v->urgency),
                                       v->code, v->subject);
        if (notify_unit_role(c->db, v->unit_id, ROLE_OFFICE_LEADER, NOTIFY_URGENT, "in", id, msg) ||
            notify_unit_role(c->db, v->unit_id, ROLE_COMMITTEE_LEADER, NOTIFY_URGENT, "in", id,
                             msg))
            goto dberr;
    }
    json_t *after =
        json_pack("{s:I, s:I, s:s, s:s, s:s, s:i, s:i}", "arrival_number", (json_int_t)number,
                  "unit_id", (json_int_t)v->unit_id, "code", v->code, "issuer", v->issuer_name,
                  "channel", v->channel, "secrecy", v->secrecy, "urgency", v->urgency);
    char *aj = json_dumps(after, JSON_COMPACT);
    json_decref(after);
    int rc = audit_log(c->db, c->user, dup ? "incoming.register_duplicate" : "incoming.register",
                       "incoming", id, NULL, aj);
    free(aj);
    if (rc != 0)
        goto dberr;
    *number_r = number;
    return id;
dberr:
    web_err_db(c, e);
    return -1;
}

/* BEGIN IMMEDIATE waits on the busy timeout; under a burst of clerks a few more tries keep a
 * registration from failing just because others were writing. */
static int begin_write_retry(db *d)
{
    int rc = DB_BUSY;
    for (int i = 0; i < 20 && (rc = db_begin_write(d)) == DB_BUSY; i++)
        ;
    return rc;
}

int64_t incoming_register_in_tx(ctx *c, const in_new *in, const http_upload *ups, int n_ups,
                                int64_t *arrival_number_r, web_err *e)
{
    memset(e, 0, sizeof *e);
    *arrival_number_r = 0;
    if (!c->user) {
        web_err_add(e, 404, "not_found", NULL, _("Không tìm thấy."));
        return -1;
    }
    in_valid v;
    if (validate(c, in, &v, e) != 0)
        return -1;
    int64_t number = 0;
    int64_t id = register_tx(c, &v, &number, e);
    for (int i = 0; id > 0 && i < n_ups; i++) {
        const char *err = NULL;
        int status = 500;
        if (attach_add(c, "in", id, &ups[i], &err, &status) < 0) {
            web_err_add(e, status,
                        status == 413   ? "too_large"
                        : status == 415 ? "unsupported_type"
                        : status == 400 ? "invalid_input"
                                        : "internal",
                        "file", err ? err : _(WEB_MSG_DB));
            id = -1;
        }
    }
    if (id > 0)
        *arrival_number_r = number;
    return id;
}

int64_t incoming_register_with_files(ctx *c, const in_new *in, const http_upload *ups, int n_ups,
                                     int64_t *arrival_number_r, web_err *e)
{
    memset(e, 0, sizeof *e);
    *arrival_number_r = 0;
    if (!c->user) {
        web_err_add(e, 404, "not_found", NULL, _("Không tìm thấy."));
        return -1;
    }
    if (begin_write_retry(c->db) != 0) {
        web_err_db(c, e);
        return -1;
    }
    int64_t number = 0;
    int64_t id = incoming_register_in_tx(c, in, ups, n_ups, &number, e);
    if (id < 0) {
        db_rollback(c->db);
        return -1;
    }
    if (db_commit(c->db) != 0) {
        web_err_db(c, e);
        return -1;
    }
    *arrival_number_r = number;
    return id;
}

int64_t incoming_register(ctx *c, const in_new *in, int64_t *arrival_number_r, web_err *e)
{
    return incoming_register_with_files(c, in, NULL, 0, arrival_number_r, e);
}

/* The registering clerk, leaders who may route it, and its current holders may add files. */
/* Who may add files to a record the caller sees: those who keep its unit's register — the
 * registering clerk, the unit's clerks and office leaders (the scan, papers that follow) — and
 * the holders of an open assignment (their working files). Committee leaders instruct and
 * sign; filing papers is not theirs. */
static bool may_change(ctx *c, const incoming *r)
{
    enum role role = c->user->role;
    if (r->registered_by == c->user->id)
        return true;
    if ((role == ROLE_CLERK || role == ROLE_OFFICE_LEADER) && org_unit_in_scope(c, r->unit_id))
        return true;
    in_assignment *as;
    int n = incoming_assignments(c, r->id, &as);
    for (int i = 0; i < n; i++)
        if (as[i].mine)
            return true;
    return false;
}

int64_t incoming_attach(ctx *c, int64_t id, const http_upload *u, web_err *e)
{
    memset(e, 0, sizeof *e);
    const incoming *r = incoming_get(c, id, false);
    if (!r) {
        web_err_add(e, 404, "not_found", NULL, _("Không tìm thấy văn bản."));
        return -1;
    }
    if (!may_change(c, r)) {
        web_err_add(e, 403, "forbidden", NULL, _("Bạn không được thêm tệp cho văn bản này."));
        return -1;
    }
    if (!u) {
        web_err_add(e, 400, "invalid_input", "file", _("Chưa chọn tệp."));
        return -1;
    }
    if (begin_write_retry(c->db) != 0) {
        web_err_db(c, e);
        return -1;
    }
    const char *err = NULL;
    int status = 500;
    int64_t aid = attach_add(c, "in", id, u, &err, &status);
    if (aid < 0) {
        db_rollback(c->db);
        web_err_add(e, status,
                    status == 413   ? "too_large"
                    : status == 415 ? "unsupported_type"
                    : status == 400 ? "invalid_input"
                                    : "internal",
                    "file", err ? err : _(WEB_MSG_DB));
        return -1;
    }
    const char *now = web_now_iso(c);
    const char *text = arena_printf(c->a, _("Thêm tệp: %s"), u->filename ? u->filename : "");
    json_t *after =
        json_pack("{s:I, s:s?}", "attachment_id", (json_int_t)aid, "filename", u->filename);
    char *aj = json_dumps(after, JSON_COMPACT);
    json_decref(after);
    int rc = incoming_event_add(c->db, id, c->user->id, "attach", 0, text, NULL, NULL, now);
    if (rc == 0)
        rc = audit_log(c->db, c->user, "incoming.attach", "incoming", id, NULL, aj);
    free(aj);
    if (rc != 0 || db_commit(c->db) != 0) {
        db_rollback(c->db);
        web_err_db(c, e);
        return -1;
    }
    return aid;
}
