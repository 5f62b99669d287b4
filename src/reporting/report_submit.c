/* Filling, submitting, returning and accepting a report (reporting.h). Every write validates
 * the whole input first and changes nothing on any error. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "base/config.h"
#include "base/i18n.h"
#include "docno/docno.h"
#include "files/blob.h"
#include "files/files.h"
#include "incoming/incoming.h"
#include "notify/notify.h"
#include "org/org.h"
#include "reporting/reporting_impl.h"
#include "web/dates.h"
#include "web/params.h"

static const db_query q_values = {
    "rep.values", "SELECT indicator_id, num, txt FROM report_values WHERE instance_id = ?1", NULL};
static const db_query q_values_clear = {"rep.values_clear",
                                        "DELETE FROM report_values WHERE instance_id = ?1", NULL};
static const db_query q_value_put = {
    "rep.value_put",
    "INSERT INTO report_values (instance_id, indicator_id, num, txt) VALUES (?1, ?2, ?3, ?4)",
    NULL,
};
static const db_query q_pack = {"rep.pack",
                                "UPDATE report_instances SET num_pack = ?2 WHERE id = ?1", NULL};
static const db_query q_submit = {
    "rep.submit",
    "UPDATE report_instances SET status = ?2, submitted_at = ?3, submitted_by = ?4,"
    " first_submitted_at = coalesce(first_submitted_at, ?3),"
    " doc_code = coalesce(?5, doc_code), doc_date = coalesce(?6, doc_date),"
    " file_sha256 = coalesce(?7, file_sha256), file_name = coalesce(?8, file_name),"
    " file_mime = coalesce(?9, file_mime), file_size = coalesce(?10, file_size)"
    " WHERE id = ?1 AND status IN ('open', 'returned')",
    NULL,
};
static const db_query q_review = {
    "rep.review",
    "UPDATE report_instances SET status = ?2, reviewed_at = ?3, reviewed_by = ?4,"
    " review_comment = ?5, incoming_id = coalesce(?6, incoming_id)"
    " WHERE id = ?1 AND status = 'submitted'",
    NULL,
};

/* The values of one instance in memory, by the form's indicator index. */
typedef struct valset {
    const rep_form *f;
    bool *have;
    double *num;
    const char **txt;
} valset;

static void valset_init(ctx *c, valset *v, const rep_form *f)
{
    v->f = f;
    v->have = arena_alloc(c->a, (size_t)(f->n_ind + 1) * sizeof *v->have);
    v->num = arena_alloc(c->a, (size_t)(f->n_ind + 1) * sizeof *v->num);
    v->txt = arena_alloc(c->a, (size_t)(f->n_ind + 1) * sizeof *v->txt);
}

static int valset_load(ctx *c, valset *v, int64_t instance_id)
{
    db_stmt *s = db_stmt_get(c->db, &q_values);
    if (!s)
        return -1;
    db_bind_int(s, 1, instance_id);
    int rc;
    while ((rc = db_step(s)) == DB_ROW) {
        int64_t ind = db_col_int(s, 0);
        for (int i = 0; i < v->f->n_ind; i++)
            if (v->f->ind[i].id == ind) {
                v->have[i] = true;
                v->num[i] = db_col_null(s, 1) ? NAN : db_col_double(s, 1);
                v->txt[i] = arena_strdup(c->a, db_col_text(s, 2));
            }
    }
    db_reset(s);
    return rc == DB_DONE ? 0 : -1;
}

static bool lookup(void *arg, const char *code, double *num_r)
{
    valset *v = arg;
    for (int i = 0; i < v->f->n_ind; i++)
        if (strcmp(v->f->ind[i].code, code) == 0) {
            if (!v->have[i])
                return false;
            *num_r = isnan(v->num[i]) ? 1 : v->num[i];
            return true;
        }
    return false;
}

/* A number as people type it: "1234", "1.234" (thousands), "12,5" (Vietnamese decimal),
 * "1.234,5", "12.5". */
static bool parse_number(const char *s, bool integer, double *out)
{
    char buf[64];
    size_t n = 0;
    bool comma = strchr(s, ',') != NULL;
    int dots = 0;
    for (const char *p = s; *p; p++)
        dots += *p == '.';
    for (const char *p = s; *p && n < sizeof buf - 1; p++) {
        if (*p == ' ')
            continue;
        if (*p == '.' && (comma || (integer && dots >= 1) || dots > 1))
            continue; /* a thousands separator */
        buf[n++] = *p == ',' ? '.' : *p;
    }
    buf[n] = 0;
    if (!n)
        return false;
    char *end;
    errno = 0;
    double d = strtod(buf, &end);
    if (*end || errno || !isfinite(d) || fabs(d) > 1e15)
        return false;
    if (integer && d != floor(d))
        return false;
    *out = d;
    return true;
}

/* Reads x as indicator d's value into (have, num, txt); an error message or NULL. */
static const char *parse_value(ctx *c, const rep_indicator *d, json_t *x, bool *have, double *num,
                               const char **txt)
{
    *have = false;
    *num = NAN;
    *txt = NULL;
    if (json_is_null(x) || (json_is_string(x) && !*json_string_value(x)))
        return NULL;
    const char *s = json_is_string(x) ? json_string_value(x) : NULL;
    switch (d->type) {
    case IND_INTEGER:
    case IND_DECIMAL:
    case IND_PERCENT: {
        double v;
        bool ok = json_is_number(x) ? (v = json_number_value(x), true)
                                    : (s && parse_number(s, d->type == IND_INTEGER, &v));
        if (ok && d->type == IND_INTEGER && v != floor(v))
            ok = false;
        if (!ok)
            return arena_printf(c->a,
                                d->type == IND_INTEGER ? _("«%s» phải là số nguyên.")
                                                       : _("«%s» phải là một số."),
                                d->name);
        if (d->type == IND_PERCENT && (v < 0 || v > 100))
            return arena_printf(c->a, _("«%s» là tỷ lệ, phải từ 0 đến 100."), d->name);
        *num = v;
        break;
    }
    case IND_BOOL:
        if (json_is_boolean(x))
            *num = json_is_true(x) ? 1 : 0;
        else if (s && (strcmp(s, "co") == 0 || strcmp(s, "true") == 0 || strcmp(s, "1") == 0 ||
                       strcmp(s, "Có") == 0))
            *num = 1;
        else if (s && (strcmp(s, "khong") == 0 || strcmp(s, "false") == 0 || strcmp(s, "0") == 0 ||
                       strcmp(s, "Không") == 0))
            *num = 0;
        else
            return arena_printf(c->a, _("«%s» chỉ nhận Có hoặc Không."), d->name);
        break;
    case IND_CHOICE: {
        bool found = false;
        for (int i = 0; s && i < d->n_choices; i++)
            found = found || strcmp(d->choices[i], s) == 0;
        if (!found)
            return arena_printf(c->a, _("«%s»: hãy chọn một giá trị trong danh sách."), d->name);
        *txt = s;
        break;
    }
    default:
        if (!s)
            return arena_printf(c->a, _("«%s» phải là văn bản."), d->name);
        if (strlen(s) > REP_MAX_TEXT)
            return arena_printf(c->a, _("«%s» dài quá %d ký tự."), d->name, REP_MAX_TEXT);
        *txt = s;
    }
    *have = true;
    return NULL;
}

/* Applies the given values over v, collecting per-field errors. */
static void apply_values(ctx *c, valset *v, json_t *values, web_err *e)
{
    if (!values)
        return;
    if (!json_is_object(values)) {
        web_err_add(e, 422, "invalid_input", "values",
                    _("«values» phải là một đối tượng: mã chỉ tiêu → giá trị."));
        return;
    }
    const char *code;
    json_t *x;
    json_object_foreach(values, code, x)
    {
        int i = -1;
        for (int k = 0; k < v->f->n_ind; k++)
            if (strcmp(v->f->ind[k].code, code) == 0)
                i = k;
        if (i < 0) {
            web_err_add(e, 422, "invalid_input", arena_strdup(c->a, code),
                        arena_printf(c->a, _("Biểu mẫu không có chỉ tiêu %s."), code));
            continue;
        }
        const char *msg = parse_value(c, &v->f->ind[i], x, &v->have[i], &v->num[i], &v->txt[i]);
        if (msg)
            web_err_add(e, 422, "invalid_input", v->f->ind[i].code, msg);
        else if (v->txt[i])
            v->txt[i] = arena_strdup(c->a, v->txt[i]);
    }
}

/* Computed indicators take their formula's value over the typed ones (missing while one it
 * needs is); a value sent for one is overwritten, never stored as typed. */
static void compute_values(valset *v)
{
    for (int i = 0; i < v->f->n_ind; i++) {
        const rep_indicator *d = &v->f->ind[i];
        if (!d->fparsed)
            continue;
        double x = 0;
        v->have[i] = rexpr_value(d->fparsed, lookup, v, &x);
        v->num[i] = v->have[i] ? (d->type == IND_INTEGER ? round(x) : x) : 0;
        v->txt[i] = NULL;
    }
}

/* Mandatory values and the form's rules; each message beside the first code the rule names. */
static void check_complete(ctx *c, valset *v, web_err *e)
{
    for (int i = 0; i < v->f->n_ind; i++)
        if (v->f->ind[i].required && !v->have[i])
            web_err_add(e, 422, "invalid_input", v->f->ind[i].code,
                        arena_printf(c->a, _("Chưa nhập «%s» (bắt buộc)."), v->f->ind[i].name));
    for (int r = 0; r < v->f->n_rules; r++) {
        const rep_rule *rule = &v->f->rules[r];
        if (!rule->parsed || rexpr_holds(rule->parsed, lookup, v))
            continue;
        const char **codes;
        int n = rexpr_codes(c->a, rule->parsed, &codes);
        web_err_add(e, 422, "rule_broken", n ? codes[0] : NULL, rule->message);
    }
}

/* The numeric values packed for the aggregate (035_reporting.sql num_pack). */
static int valset_pack(ctx *c, const valset *v, int64_t instance_id)
{
    rep_packed *buf = arena_alloc(c->a, (size_t)(v->f->n_ind + 1) * sizeof *buf);
    int n = 0;
    for (int i = 0; i < v->f->n_ind; i++)
        if (v->have[i] && !isnan(v->num[i]))
            buf[n++] = (rep_packed){v->f->ind[i].id, v->num[i]};
    db_stmt *s = db_stmt_get(c->db, &q_pack);
    if (!s)
        return -1;
    db_bind_int(s, 1, instance_id);
    if (n)
        db_bind_blob(s, 2, buf, (size_t)n * sizeof *buf);
    return db_exec(s) == DB_DONE ? 0 : -1;
}

static int valset_store(ctx *c, const valset *v, int64_t instance_id)
{
    db_stmt *s = db_stmt_get(c->db, &q_values_clear);
    if (!s)
        return -1;
    db_bind_int(s, 1, instance_id);
    if (db_exec(s) != DB_DONE)
        return -1;
    for (int i = 0; i < v->f->n_ind; i++) {
        if (!v->have[i])
            continue;
        s = db_stmt_get(c->db, &q_value_put);
        if (!s)
            return -1;
        db_bind_int(s, 1, instance_id);
        db_bind_int(s, 2, v->f->ind[i].id);
        if (isnan(v->num[i]))
            db_bind_null(s, 3);
        else
            db_bind_double(s, 3, v->num[i]);
        db_bind_text(s, 4, v->txt[i]);
        if (db_exec(s) != DB_DONE)
            return -1;
    }
    return valset_pack(c, v, instance_id);
}

json_t *rep_values_json(ctx *c, const rep_instance *r, const rep_form *f)
{
    valset v;
    valset_init(c, &v, f);
    json_t *j = json_object();
    if (valset_load(c, &v, r->id) != 0)
        return j;
    for (int i = 0; i < f->n_ind; i++) {
        if (!v.have[i])
            continue;
        const rep_indicator *d = &f->ind[i];
        json_t *x;
        if (d->type == IND_BOOL)
            x = json_boolean(v.num[i] != 0);
        else if (d->type == IND_INTEGER)
            x = json_integer((json_int_t)v.num[i]);
        else if (!isnan(v.num[i]))
            x = json_real(v.num[i]);
        else
            x = json_string(v.txt[i] ? v.txt[i] : "");
        json_object_set_new(j, d->code, x);
    }
    return j;
}

static bool file_ok(ctx *c, const http_upload *u, const char **mime_r)
{
    const char *mime = attach_sniff(c, u->tmp_path);
    *mime_r = mime;
    return mime && (strcmp(mime, "application/pdf") == 0 || strstr(mime, "wordprocessingml") ||
                    strcmp(mime, "application/msword") == 0);
}

/* Checks of the submission's document fields: its number parses, its date is no later than
 * today, the file is a PDF or Word document. */
static void check_doc(ctx *c, const rep_submission *s, const char **mime_r, web_err *e)
{
    if (s->doc_code && *s->doc_code) {
        struct docno dn;
        char *perr = NULL;
        if (docno_parse(s->doc_code, &dn, &perr) != 0)
            web_err_add(e, 422, "invalid_input", "doc_code",
                        perr ? arena_strdup(c->a, perr) : _("Không đọc được số, ký hiệu."));
        free(perr);
    }
    if (s->doc_date && *s->doc_date &&
        (!param_date(s->doc_date) || strcmp(s->doc_date, web_today(c)) > 0))
        web_err_add(e, 422, "invalid_input", "doc_date",
                    _("Ngày văn bản phải có dạng YYYY-MM-DD và không ở tương lai."));
    if (s->file && s->file->size > 0 && !file_ok(c, s->file, mime_r))
        web_err_add(e, 415, "unsupported_type", "file",
                    _("Văn bản báo cáo có chữ ký phải là tệp PDF hoặc DOCX."));
}

int rep_save(ctx *c, int64_t id, const rep_submission *sub, web_err *e)
{
    memset(e, 0, sizeof *e);
    const rep_instance *r = rep_get(c, id);
    if (!r) {
        web_err_add(e, 404, "not_found", NULL, _("Không tìm thấy báo cáo."));
        return -1;
    }
    if (!rep_may_submit(c, r)) {
        web_err_add(e, 403, "forbidden", NULL,
                    _("Chỉ đơn vị báo cáo được nhập và nộp báo cáo này."));
        return -1;
    }
    if (strcmp(r->status, "open") != 0 && strcmp(r->status, "returned") != 0) {
        web_err_add(e, 409, "invalid_state", NULL,
                    _("Báo cáo đã nộp; chỉ sửa và nộp lại được khi bị trả lại."));
        return -1;
    }
    if (strcmp(web_today(c), r->cutoff) < 0) {
        web_err_add(e, 409, "period_not_open", NULL,
                    arena_printf(c->a, _("Kỳ báo cáo chưa mở: số liệu chốt ngày %s."),
                                 web_date_vn(c, r->cutoff)));
        return -1;
    }
    const rep_form *f = rep_form_for(c, r->type_id, NULL, r->form_id);
    if (!f) {
        web_err_add(e, 500, "internal", NULL, _(WEB_MSG_DB));
        return -1;
    }
    valset v;
    valset_init(c, &v, f);
    if (valset_load(c, &v, r->id) != 0) {
        web_err_db(c, e);
        return -1;
    }
    apply_values(c, &v, sub->values, e);
    compute_values(&v);
    const char *mime = NULL;
    check_doc(c, sub, &mime, e);
    if (sub->submit && !e->n)
        check_complete(c, &v, e);
    if (e->n)
        return -1;
    if (db_begin_write(c->db) != 0) {
        web_err_db(c, e);
        return -1;
    }
    if (valset_store(c, &v, r->id) != 0)
        return web_err_rollback(c, e);
    if (sub->submit) {
        const char *sha = NULL;
        if (sub->file && sub->file->size > 0) {
            const char *berr;
            if (blob_put(config.blob_dir, sub->file->tmp_path, sub->file->sha256_hex, &berr) != 0)
                return web_err_rollback(c, e);
            sha = sub->file->sha256_hex;
        }
        db_stmt *s = db_stmt_get(c->db, &q_submit);
        if (!s)
            return web_err_rollback(c, e);
        db_bind_int(s, 1, r->id);
        db_bind_text(s, 2, "submitted");
        db_bind_text(s, 3, web_now_iso(c));
        db_bind_int(s, 4, c->user->id);
        db_bind_text(s, 5, sub->doc_code && *sub->doc_code ? sub->doc_code : NULL);
        db_bind_text(s, 6, sub->doc_date && *sub->doc_date ? sub->doc_date : NULL);
        db_bind_text(s, 7, sha);
        db_bind_text(s, 8, sha ? sub->file->filename : NULL);
        db_bind_text(s, 9, sha ? mime : NULL);
        if (sha)
            db_bind_int(s, 10, sub->file->size);
        if (db_exec(s) != DB_DONE)
            return web_err_rollback(c, e);
        if (db_changes(c->db) != 1) {
            db_rollback(c->db);
            web_err_add(e, 409, "invalid_state", NULL, _("Báo cáo này đã được nộp."));
            return -1;
        }
    }
    if (rep_event_add(c, r->id, sub->submit ? "submit" : "save", NULL) != 0)
        return web_err_rollback(c, e);
    char *vals = sub->values ? rep_dump(sub->values) : NULL;
    json_t *after = json_pack("{s:s, s:s?}", "period", r->period, "values", vals);
    free(vals);
    if (audit_commit(c->db, c->user, sub->submit ? "report.submit" : "report.save", "report", r->id,
                     after) != 0) {
        web_err_db(c, e);
        return -1;
    }
    return 0;
}

static const rep_instance *reviewable(ctx *c, int64_t id, web_err *e)
{
    memset(e, 0, sizeof *e);
    const rep_instance *r = rep_get(c, id);
    if (!r) {
        web_err_add(e, 404, "not_found", NULL, _("Không tìm thấy báo cáo."));
        return NULL;
    }
    if (!rep_may_review(c, r)) {
        web_err_add(e, 403, "forbidden", NULL,
                    _("Chỉ văn thư, lãnh đạo văn phòng nơi nhận được tiếp nhận hoặc trả lại báo "
                      "cáo."));
        return NULL;
    }
    if (strcmp(r->status, "submitted") != 0) {
        web_err_add(e, 409, "invalid_state", NULL,
                    _("Chỉ tiếp nhận hoặc trả lại được báo cáo đã nộp và đang chờ kiểm tra."));
        return NULL;
    }
    return r;
}

static int review_write(ctx *c, const rep_instance *r, const char *status, const char *comment,
                        int64_t incoming_id)
{
    db_stmt *s = db_stmt_get(c->db, &q_review);
    if (!s)
        return -1;
    db_bind_int(s, 1, r->id);
    db_bind_text(s, 2, status);
    db_bind_text(s, 3, web_now_iso(c));
    db_bind_int(s, 4, c->user->id);
    db_bind_text(s, 5, comment);
    if (incoming_id > 0)
        db_bind_int(s, 6, incoming_id);
    if (db_exec(s) != DB_DONE || db_changes(c->db) != 1)
        return -1;
    return 0;
}

int rep_return(ctx *c, int64_t id, const char *comment, web_err *e)
{
    const rep_instance *r = reviewable(c, id, e);
    if (!r)
        return -1;
    while (comment && isspace((unsigned char)*comment))
        comment++;
    if (!comment || !*comment || strlen(comment) > REP_MAX_COMMENT) {
        web_err_add(e, 422, "invalid_input", "comment",
                    _("Hãy ghi rõ nội dung cần sửa (tối đa 4000 ký tự)."));
        return -1;
    }
    if (db_begin_write(c->db) != 0) {
        web_err_db(c, e);
        return -1;
    }
    const char *msg = arena_printf(c->a, _("Báo cáo %s — %s bị trả lại: %s"), r->type_name,
                                   rep_period_label(c->a, r->period), comment);
    if (review_write(c, r, "returned", comment, 0) != 0 ||
        rep_event_add(c, r->id, "return", comment) != 0 ||
        (r->submitted_by > 0 &&
         notify_user(c->db, r->submitted_by, "reporting." NOTIFY_INFO, NULL, r->id, msg)))
        return web_err_rollback(c, e);
    if (audit_commit(c->db, c->user, "report.return", "report", r->id,
                     json_pack("{s:s}", "comment", comment)) != 0) {
        web_err_db(c, e);
        return -1;
    }
    return 0;
}

int rep_accept(ctx *c, int64_t id, web_err *e)
{
    const rep_instance *r = reviewable(c, id, e);
    if (!r)
        return -1;
    if (db_begin_write(c->db) != 0) {
        web_err_db(c, e);
        return -1;
    }
    /* The signed report enters the office's register of incoming documents (vào sổ văn bản
     * đến) with the unit's number and date, in the same transaction: both registers agree. A
     * report sent without a number (the bulk API) is accepted without a register entry. */
    int64_t in_id = 0, arrival = 0;
    if (r->doc_code && *r->doc_code) {
        in_new in = {
            .unit_id = org_register_unit(c->db, c->user->unit_id),
            .issuer_unit_id = r->unit_id,
            .code = r->doc_code,
            .doc_type = "bao_cao",
            .issued_date =
                r->doc_date && *r->doc_date ? r->doc_date : arena_strndup(c->a, web_today(c), 10),
            .subject = arena_printf(c->a, _("Báo cáo %s — %s"), r->type_name,
                                    rep_period_label(c->a, r->period)),
            .channel = "electronic",
            .duplicate_reason = _("Báo cáo định kỳ nộp lại sau khi sửa"),
        };
        web_err ie = {0};
        in_id = incoming_register_in_tx(c, &in, NULL, 0, &arrival, &ie);
        if (in_id < 0) {
            db_rollback(c->db);
            *e = ie;
            return -1;
        }
        if (r->file_sha256 && attach_link(c, "in", in_id, r->file_sha256, r->file_name,
                                          r->file_mime, r->file_size) < 0)
            return web_err_rollback(c, e);
    }
    const char *note =
        in_id > 0 ? arena_printf(c->a, _("Vào sổ văn bản đến số %lld."), (long long)arrival) : NULL;
    if (review_write(c, r, "accepted", NULL, in_id) != 0 ||
        rep_event_add(c, r->id, "accept", note) != 0)
        return web_err_rollback(c, e);
    if (audit_commit(c->db, c->user, "report.accept", "report", r->id,
                     json_pack("{s:I}", "incoming_id", (json_int_t)in_id)) != 0) {
        web_err_db(c, e);
        return -1;
    }
    return 0;
}
