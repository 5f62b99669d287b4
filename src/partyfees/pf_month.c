/* Đảng phí of a month: an organisation's sheet, payments, exemptions and reductions, the
 * monthly report that closes the month (partyfees.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "audit/audit.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "db/db.h"
#include "files/xlsx_read.h"
#include "members/members.h"
#include "org/org.h"
#include "partyfees/partyfees.h"
#include "partyfees/pf_impl.h"
#include "rules/rules.h"
#include "web/params.h"
#include "web/respond.h"

const char *pf_now(ctx *c)
{
    char buf[32];
    clock_iso(clock_now(), buf, sizeof buf);
    return arena_strdup(c->a, buf);
}

const char *pf_this_month(ctx *c)
{
    char buf[16];
    clock_vn_today(buf, sizeof buf);
    return arena_printf(c->a, "%.7s", buf);
}

const char *pf_month_out(ctx *c, const char *m)
{
    return m && strlen(m) >= 7 ? arena_printf(c->a, "%.2s/%.4s", m + 5, m) : "";
}

static const db_query q_closed = {
    "partyfees.closed", "SELECT submitted_at FROM fee_reports WHERE unit_id = ?1 AND month = ?2",
    NULL};

bool pf_month_closed(db *d, int64_t unit_id, const char *month)
{
    db_stmt *s = db_stmt_get(d, &q_closed);
    if (!s)
        return true; /* unknown: refuse a write rather than risk one into a closed month */
    db_bind_int(s, 1, unit_id);
    db_bind_text(s, 2, month);
    bool r = db_step(s) == DB_ROW;
    db_reset(s);
    return r;
}

/* The month's book: the active members, or once the month is closed (its report submitted) the
 * dues it closed with, so a member entered later does not change a reported month and the book
 * keeps the counts of the report that links to it. */
static const db_query q_roster = {
    "partyfees.roster",
    "SELECT m.id, m.full_name, COALESCE(d.fee_category, m.fee_category), d.amount_due, d.reduction_pct, d.amount_paid, "
    "d.channel, d.paid_on, d.id IS NOT NULL, "
    "(SELECT COUNT(*) FROM fee_dues x WHERE x.member_id = m.id AND x.month >= substr(?2, 1, 4) "
    " || '-01' AND x.month <= ?2 AND x.amount_paid < x.amount_due) "
    "FROM party_members m LEFT JOIN fee_dues d ON d.member_id = m.id AND d.month = ?2 "
    "WHERE m.id IN (SELECT id FROM party_members WHERE unit_id = ?1 AND status = 'active' AND "
    "admitted_on <= ?2 || '-31' AND NOT EXISTS (SELECT 1 FROM fee_reports r WHERE r.unit_id = ?1 "
    "AND r.month = ?2) UNION SELECT member_id FROM fee_dues WHERE unit_id = ?1 AND month = ?2) "
    "ORDER BY m.full_name, m.id",
    NULL};
static const db_query q_report = {
    "partyfees.report_row",
    "SELECT members, paid_members, exempt_members, amount_due, amount_paid, submitted_at "
    "FROM fee_reports WHERE unit_id = ?1 AND month = ?2",
    NULL};

int pf_sheet_get(ctx *c, int64_t unit_id, const char *month, pf_sheet *out, web_err *e)
{
    memset(out, 0, sizeof *out);
    const unit *u = unit_id > 0 ? org_unit_get(c, unit_id) : NULL;
    if (!u || !members_may_read(c, unit_id)) {
        web_err_add(e, u ? 403 : 404, u ? "forbidden" : "not_found", "unit",
                    u ? _("Bạn không có quyền xem đảng phí của tổ chức đảng này.")
                      : _("Không tìm thấy tổ chức đảng."));
        return -1;
    }
    if (!pf_month_valid(month)) {
        web_err_add(e, 400, "invalid_parameter", "month", _("Tháng phải có dạng YYYY-MM."));
        return -1;
    }
    out->unit_id = unit_id;
    out->unit_name = u->name;
    out->month = month;
    int64_t flag = rules_int(c->db, "partyfees.unpaid_flag_months", NULL);
    db_stmt *s = db_stmt_get(c->db, &q_roster);
    if (!s)
        return -1;
    db_bind_int(s, 1, unit_id);
    db_bind_text(s, 2, month);
    int cap = 64, n = 0;
    pf_line *v = arena_alloc(c->a, sizeof *v * (size_t)cap);
    /* rows first (the statement is reused by nothing else), dues computed after */
    bool *stored = arena_alloc(c->a, sizeof *stored * 20000);
    while (n < 20000 && db_step(s) == DB_ROW) {
        if (n == cap) {
            pf_line *w = arena_alloc(c->a, sizeof *w * (size_t)cap * 2);
            memcpy(w, v, sizeof *v * (size_t)n);
            v = w;
            cap *= 2;
        }
        pf_line *l = &v[n];
        l->member_id = db_col_int(s, 0);
        l->full_name = arena_strdup(c->a, db_col_text(s, 1));
        l->fee_category = arena_strdup(c->a, db_col_text(s, 2));
        l->due = db_col_int(s, 3);
        l->reduction = (int)db_col_int(s, 4);
        l->paid = db_col_int(s, 5);
        l->channel = arena_strdup(c->a, db_col_text(s, 6) ? db_col_text(s, 6) : "");
        l->paid_on = arena_strdup(c->a, db_col_text(s, 7) ? db_col_text(s, 7) : "");
        stored[n] = db_col_int(s, 8) != 0;
        l->unpaid_months = (int)db_col_int(s, 9);
        n++;
    }
    db_reset(s);
    for (int i = 0; i < n; i++) {
        if (!stored[i]) {
            pf_due d = pf_member_due(c->db, v[i].member_id, month);
            v[i].due = d.due;
            v[i].reduction = d.reduction;
        }
        v[i].flagged = v[i].unpaid_months >= flag;
        out->members++;
        out->due_total += v[i].due;
        out->paid_total += v[i].paid;
        if (v[i].fee_category && strcmp(v[i].fee_category, "NUOC_NGOAI") == 0) {
            out->abroad_members++;
            out->abroad_due += v[i].due;
            out->abroad_paid += v[i].paid;
        }
        if (v[i].reduction >= 100)
            out->exempt_members++;
        else if (v[i].paid >= v[i].due && (v[i].paid > 0 || v[i].due == 0))
            out->paid_members++;
    }
    out->lines = v;
    s = db_stmt_get(c->db, &q_report);
    if (s) {
        db_bind_int(s, 1, unit_id);
        db_bind_text(s, 2, month);
        if (db_step(s) == DB_ROW) {
            out->closed = true;
            out->submitted_at = arena_strdup(c->a, db_col_text(s, 5));
        }
        db_reset(s);
    }
    return n;
}

static const db_query q_upsert = {
    "partyfees.upsert_due",
    "INSERT INTO fee_dues (member_id, unit_id, month, amount_due, reduction_pct, amount_paid, "
    "channel, paid_on, recorded_by, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
    "ON CONFLICT (member_id, month) DO UPDATE SET amount_paid = excluded.amount_paid, "
    "channel = excluded.channel, paid_on = excluded.paid_on, recorded_by = excluded.recorded_by, "
    "updated_at = excluded.updated_at",
    NULL};

static bool channel_valid(const char *ch)
{
    return ch && (strcmp(ch, "DVCQG") == 0 || strcmp(ch, "TIEN_MAT") == 0);
}

/* Checks a payment; the member (in scope, writable) into *m_r. Errors prefixed (imports). */
static void pay_check(ctx *c, int64_t member_id, const char *month, int64_t amount,
                      const char *channel, const char *paid_on, const char *prefix,
                      const member **m_r, web_err *e)
{
    const member *m = members_get(c, member_id);
    *m_r = m;
    if (!m) {
        web_err_add(e, 404, "not_found", "member_id",
                    arena_printf(c->a, "%s%s", prefix, _("Không tìm thấy đảng viên.")));
        return;
    }
    if (!members_may_write(c, m->unit_id)) {
        web_err_add(e, 403, "forbidden", "member_id",
                    arena_printf(c->a, "%s%s", prefix,
                                 _("Bạn không có quyền ghi đảng phí của đảng viên này.")));
        return;
    }
    if (!pf_month_valid(month)) {
        web_err_add(e, 400, "invalid_input", "month",
                    arena_printf(c->a, "%s%s", prefix, _("Tháng phải có dạng YYYY-MM.")));
        return;
    }
    if (strcmp(month, pf_this_month(c)) > 0)
        web_err_add(e, 400, "invalid_input", "month",
                    arena_printf(c->a, "%s%s", prefix, _("Chưa đến tháng này.")));
    if (pf_month_closed(c->db, m->unit_id, month))
        web_err_add(e, 409, "month_closed", "month",
                    arena_printf(c->a, "%s%s", prefix,
                                 arena_printf(c->a,
                                              _("Tháng %s đã khóa sổ (chi bộ đã gửi báo cáo); "
                                                "không ghi thêm khoản nộp vào tháng này."),
                                              pf_month_out(c, month))));
    if (amount < 0 || amount > 1000000000)
        web_err_add(
            e, 400, "invalid_input", "amount",
            arena_printf(c->a, "%s%s", prefix, _("Số tiền phải là số đồng nguyên, không âm.")));
    if (!channel_valid(channel))
        web_err_add(e, 400, "invalid_input", "channel",
                    arena_printf(c->a, "%s%s", prefix,
                                 _("Chọn hình thức nộp: Cổng Dịch vụ công quốc gia hoặc tiền "
                                   "mặt.")));
    if (!paid_on || !param_date(paid_on))
        web_err_add(e, 400, "invalid_input", "paid_on",
                    arena_printf(c->a, "%s%s", prefix, _("Ngày nộp không hợp lệ.")));
}

/* The write of one payment inside the caller's transaction. */
static int pay_tx(ctx *c, const member *m, const char *month, int64_t amount, const char *channel,
                  const char *paid_on)
{
    pf_due d = pf_member_due(c->db, m->id, month);
    db_stmt *s = db_stmt_get(c->db, &q_upsert);
    if (!s)
        return -1;
    db_bind_int(s, 1, m->id);
    db_bind_int(s, 2, m->unit_id);
    db_bind_text(s, 3, month);
    db_bind_int(s, 4, d.due);
    db_bind_int(s, 5, d.reduction);
    db_bind_int(s, 6, amount);
    db_bind_text(s, 7, channel);
    db_bind_text(s, 8, paid_on);
    db_bind_int(s, 9, c->user->id);
    db_bind_text(s, 10, pf_now(c));
    if (db_exec(s) != DB_DONE)
        return -1;
    json_t *j = json_pack("{s:s, s:I, s:I, s:s, s:s}", "month", month, "amount", (json_int_t)amount,
                          "due", (json_int_t)d.due, "channel", channel, "paid_on", paid_on);
    char *js = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    int rc = audit_log(c->db, c->user, "partyfees.pay", "party_member", m->id, NULL, js);
    free(js);
    return rc == 0 ? 0 : -1;
}

int pf_pay(ctx *c, int64_t member_id, const char *month, int64_t amount, const char *channel,
           const char *paid_on, web_err *e)
{
    const member *m;
    pay_check(c, member_id, month, amount, channel, paid_on, "", &m, e);
    if (e->n)
        return -1;
    if (db_begin_write(c->db) != 0) {
        web_err_add(e, 503, "busy", NULL, _("Cơ sở dữ liệu đang bận, vui lòng thử lại."));
        return -1;
    }
    /* checked again inside the transaction: a report submitted meanwhile closes the month */
    if (pf_month_closed(c->db, m->unit_id, month)) {
        db_rollback(c->db);
        web_err_add(e, 409, "month_closed", "month", _("Tháng này đã khóa sổ."));
        return -1;
    }
    if (pay_tx(c, m, month, amount, channel, paid_on) != 0 || db_commit(c->db) != 0)
        return web_err_rollback(c, e);
    return 0;
}

static const db_query q_ex_overlap = {
    "partyfees.ex_overlap",
    "SELECT 1 FROM fee_exemptions WHERE member_id = ?1 AND from_month <= ?3 AND to_month >= ?2",
    NULL};
static const db_query q_ex_add = {
    "partyfees.ex_add",
    "INSERT INTO fee_exemptions (member_id, reduction_pct, from_month, to_month, decision, "
    "reason, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    NULL};

static int months_between(const char *a, const char *b)
{
    return (atoi(b) - atoi(a)) * 12 + atoi(b + 5) - atoi(a + 5) + 1;
}

int64_t pf_exempt(ctx *c, int64_t member_id, int pct, const char *from_month, const char *to_month,
                  const char *decision, const char *reason, web_err *e)
{
    const member *m = members_get(c, member_id);
    if (!m) {
        web_err_add(e, 404, "not_found", NULL, _("Không tìm thấy đảng viên."));
        return -1;
    }
    if (!members_may_write(c, m->unit_id)) {
        web_err_add(e, 403, "forbidden", NULL,
                    _("Bạn không có quyền miễn, giảm đảng phí của đảng viên này."));
        return -1;
    }
    if (pct != 30 && pct != 50 && pct != 70 && pct != 100)
        web_err_add(e, 400, "invalid_input", "reduction_pct",
                    _("Mức miễn, giảm là 30%, 50%, 70% hoặc miễn 100%."));
    bool fm = pf_month_valid(from_month), tm = pf_month_valid(to_month);
    if (!fm)
        web_err_add(e, 400, "invalid_input", "from_month", _("Từ tháng phải có dạng YYYY-MM."));
    if (!tm)
        web_err_add(e, 400, "invalid_input", "to_month", _("Đến tháng phải có dạng YYYY-MM."));
    int64_t max = rules_int(c->db, "partyfees.max_reduction_months", NULL);
    if (fm && tm && strcmp(from_month, to_month) > 0)
        web_err_add(e, 400, "invalid_input", "to_month", _("Đến tháng không được trước từ tháng."));
    else if (fm && tm && months_between(from_month, to_month) > max)
        web_err_add(e, 400, "invalid_input", "to_month",
                    arena_printf(c->a,
                                 _("Thời hạn miễn, giảm tối đa %lld tháng; khoảng đã nhập là %d "
                                   "tháng."),
                                 (long long)max, months_between(from_month, to_month)));
    const char *err = NULL;
    const char *dec = field_text(c, decision, _("Quyết định miễn, giảm"), 300, true, &err);
    if (err)
        web_err_add(e, 400, "invalid_input", "decision", err);
    err = NULL;
    const char *rs = field_text(c, reason, _("Lý do"), 1000, false, &err);
    if (err)
        web_err_add(e, 400, "invalid_input", "reason", err);
    if (e->n)
        return -1;
    if (db_begin_write(c->db) != 0) {
        web_err_add(e, 503, "busy", NULL, _("Cơ sở dữ liệu đang bận, vui lòng thử lại."));
        return -1;
    }
    db_stmt *s = db_stmt_get(c->db, &q_ex_overlap);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, member_id);
    db_bind_text(s, 2, from_month);
    db_bind_text(s, 3, to_month);
    bool overlap = db_step(s) == DB_ROW;
    db_reset(s);
    if (overlap) {
        db_rollback(c->db);
        web_err_add(e, 409, "overlap", "from_month",
                    _("Đảng viên đã được miễn, giảm trong một phần khoảng tháng này."));
        return -1;
    }
    s = db_stmt_get(c->db, &q_ex_add);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, member_id);
    db_bind_int(s, 2, pct);
    db_bind_text(s, 3, from_month);
    db_bind_text(s, 4, to_month);
    db_bind_text(s, 5, dec);
    db_bind_text(s, 6, rs ? rs : "");
    db_bind_int(s, 7, c->user->id);
    db_bind_text(s, 8, pf_now(c));
    if (db_exec(s) != DB_DONE)
        return web_err_rollback(c, e);
    int64_t id = db_last_id(c->db);
    if (audit_commit(c->db, c->user, "partyfees.exempt", "party_member", member_id,
                     json_pack("{s:i, s:s, s:s, s:s}", "reduction_pct", pct, "from_month",
                               from_month, "to_month", to_month, "decision", dec)) != 0) {
        web_err_db(c, e);
        return -1;
    }
    return id;
}

static const db_query q_exemptions = {
    "partyfees.exemptions",
    "SELECT id, reduction_pct, from_month, to_month, decision, reason FROM fee_exemptions "
    "WHERE member_id = ?1 ORDER BY from_month DESC",
    NULL};

int pf_exemptions(ctx *c, int64_t member_id, pf_exemption **rows_r)
{
    *rows_r = NULL;
    if (!members_get(c, member_id))
        return 0;
    db_stmt *s = db_stmt_get(c->db, &q_exemptions);
    if (!s)
        return -1;
    db_bind_int(s, 1, member_id);
    int n = 0;
    pf_exemption *v = arena_alloc(c->a, sizeof *v * 100);
    while (n < 100 && db_step(s) == DB_ROW) {
        v[n].id = db_col_int(s, 0);
        v[n].pct = (int)db_col_int(s, 1);
        v[n].from_month = arena_strdup(c->a, db_col_text(s, 2));
        v[n].to_month = arena_strdup(c->a, db_col_text(s, 3));
        v[n].decision = arena_strdup(c->a, db_col_text(s, 4));
        v[n].reason = arena_strdup(c->a, db_col_text(s, 5));
        n++;
    }
    db_reset(s);
    *rows_r = v;
    return n;
}

static const db_query q_materialise = {
    "partyfees.materialise",
    "INSERT INTO fee_dues (member_id, unit_id, month, amount_due, reduction_pct, amount_paid, "
    "recorded_by, updated_at, fee_category) VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6, ?7, ?8) "
    "ON CONFLICT (member_id, month) DO UPDATE SET fee_category = excluded.fee_category",
    NULL};
static const db_query q_report_add = {
    "partyfees.report_add",
    "INSERT INTO fee_reports (unit_id, month, members, paid_members, exempt_members, "
    "amount_due, amount_paid, submitted_by, submitted_at, abroad_members) VALUES (?1, ?2, ?3, "
    "?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    NULL};

int pf_submit(ctx *c, int64_t unit_id, const char *month, web_err *e)
{
    if (unit_id <= 0 || !members_may_write(c, unit_id)) {
        web_err_add(e, 403, "forbidden", "unit_id",
                    _("Bạn không có quyền gửi báo cáo đảng phí của tổ chức đảng này."));
        return -1;
    }
    if (!pf_month_valid(month)) {
        web_err_add(e, 400, "invalid_input", "month", _("Tháng phải có dạng YYYY-MM."));
        return -1;
    }
    if (strcmp(month, pf_this_month(c)) > 0) {
        web_err_add(e, 400, "invalid_input", "month", _("Chưa đến tháng này."));
        return -1;
    }
    if (db_begin_write(c->db) != 0) {
        web_err_add(e, 503, "busy", NULL, _("Cơ sở dữ liệu đang bận, vui lòng thử lại."));
        return -1;
    }
    if (pf_month_closed(c->db, unit_id, month)) {
        db_rollback(c->db);
        web_err_add(e, 409, "month_closed", "month",
                    _("Báo cáo đảng phí tháng này đã được gửi; tháng đã khóa sổ."));
        return -1;
    }
    pf_sheet sh;
    web_err e2 = {0};
    int n = pf_sheet_get(c, unit_id, month, &sh, &e2);
    if (n < 0)
        return web_err_rollback(c, e);
    const char *now = pf_now(c);
    /* every member's month is kept as it stood when the report went up */
    for (int i = 0; i < n; i++) {
        db_stmt *s = db_stmt_get(c->db, &q_materialise);
        if (!s)
            return web_err_rollback(c, e);
        db_bind_int(s, 1, sh.lines[i].member_id);
        db_bind_int(s, 2, unit_id);
        db_bind_text(s, 3, month);
        db_bind_int(s, 4, sh.lines[i].due);
        db_bind_int(s, 5, sh.lines[i].reduction);
        db_bind_int(s, 6, c->user->id);
        db_bind_text(s, 7, now);
        db_bind_text(s, 8, sh.lines[i].fee_category);
        if (db_exec(s) != DB_DONE)
            return web_err_rollback(c, e);
    }
    db_stmt *s = db_stmt_get(c->db, &q_report_add);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, unit_id);
    db_bind_text(s, 2, month);
    db_bind_int(s, 3, sh.members);
    db_bind_int(s, 4, sh.paid_members);
    db_bind_int(s, 5, sh.exempt_members);
    db_bind_int(s, 6, sh.due_total);
    db_bind_int(s, 7, sh.paid_total);
    db_bind_int(s, 8, c->user->id);
    db_bind_text(s, 9, now);
    db_bind_int(s, 10, sh.abroad_members);
    if (db_exec(s) != DB_DONE)
        return web_err_rollback(c, e);
    if (audit_commit(c->db, c->user, "partyfees.submit", "unit", unit_id,
                     json_pack("{s:s, s:i, s:i, s:I, s:I}", "month", month, "members", sh.members,
                               "paid_members", sh.paid_members, "amount_due",
                               (json_int_t)sh.due_total, "amount_paid",
                               (json_int_t)sh.paid_total)) != 0) {
        web_err_db(c, e);
        return -1;
    }
    return 0;
}

/* ---- importing payments ---- */

/* line0: the sheet row of the header (1 for CSV; its row in a workbook, so errors name the
 * rows the user sees in Excel). */
static int import_payments_from(ctx *c, const char *csv, size_t len, int line0, web_err *e)
{
    typedef struct {
        const member *m;
        const char *month, *channel, *paid_on;
        int64_t amount;
    } prow;
    const char *p = csv, *end = csv + len;
    if (len >= 3 && (unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB)
        p += 3;
    int line = line0 - 1, n = 0, bad = 0, cap = 256;
    int col[5] = {-1, -1, -1, -1, -1};
    static const char *const keys[5] = {"member_id", "thang", "so_tien", "hinh_thuc", "ngay_nop"};
    prow *rows = arena_alloc(c->a, sizeof *rows * (size_t)cap);
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        char *ln = arena_strndup(c->a, p, (size_t)(le - p));
        p = nl ? nl + 1 : end;
        line++;
        size_t L = strlen(ln);
        if (L && ln[L - 1] == '\r')
            ln[--L] = 0;
        if (!L)
            continue;
        char sep = strchr(ln, ';') ? ';' : ',';
        char *f[8];
        int nf = 0;
        for (char *t = ln; nf < 8;) {
            f[nf++] = t;
            char *q = strchr(t, sep);
            if (!q)
                break;
            *q = 0;
            t = q + 1;
        }
        if (line == line0) {
            for (int k = 0; k < 5; k++)
                for (int i = 0; i < nf; i++)
                    if (strcmp(f[i], keys[k]) == 0)
                        col[k] = i;
            if (col[0] < 0 || col[1] < 0 || col[2] < 0) {
                web_err_add(e, 400, "invalid_input", "file",
                            _("Tệp không có dòng tiêu đề với các cột «member_id», «thang», "
                              "«so_tien»."));
                return -1;
            }
            continue;
        }
        if (n >= 20000) {
            web_err_add(e, 400, "invalid_input", "file", _("Tệp có quá nhiều dòng."));
            return -1;
        }
        if (n == cap) {
            prow *w = arena_alloc(c->a, sizeof *w * (size_t)cap * 2);
            memcpy(w, rows, sizeof *rows * (size_t)n);
            rows = w;
            cap *= 2;
        }
        const char *v[5];
        for (int k = 0; k < 5; k++)
            v[k] = col[k] >= 0 && col[k] < nf ? f[col[k]] : "";
        int64_t id = 0, amount = -1;
        param_int(v[0], 1, INT64_MAX, &id);
        if (param_int(v[2], 0, 1000000000, &amount) != PARAM_OK)
            amount = -1;
        prow *r = &rows[n++];
        /* a month cell Excel stored as a date arrives as yyyy-mm-dd: its month */
        r->month = strlen(v[1]) == 10 && v[1][4] == '-' && v[1][7] == '-'
                       ? arena_strndup(c->a, v[1], 7)
                       : v[1];
        r->amount = amount;
        r->channel = *v[3] ? v[3] : "TIEN_MAT";
        r->paid_on = *v[4] ? v[4] : arena_printf(c->a, "%s-01", r->month);
        web_err one = {0};
        pay_check(c, id, r->month, amount, r->channel, r->paid_on,
                  arena_printf(c->a, _("Dòng %d: "), line), &r->m, &one);
        if (one.n) {
            bad++;
            for (int i = 0; i < one.n; i++)
                if (e->n < WEB_MAX_ERRORS)
                    web_err_add(e, one.status, one.code, arena_printf(c->a, "row %d", line),
                                one.e[i].message);
        }
    }
    if (bad)
        return -1;
    if (!n) {
        web_err_add(e, 400, "invalid_input", "file", _("Tệp không có dòng khoản nộp nào."));
        return -1;
    }
    if (db_begin_write(c->db) != 0) {
        web_err_add(e, 503, "busy", NULL, _("Cơ sở dữ liệu đang bận, vui lòng thử lại."));
        return -1;
    }
    for (int i = 0; i < n; i++)
        if (pf_month_closed(c->db, rows[i].m->unit_id, rows[i].month) ||
            pay_tx(c, rows[i].m, rows[i].month, rows[i].amount, rows[i].channel, rows[i].paid_on) !=
                0)
            return web_err_rollback(c, e);
    if (db_commit(c->db) != 0)
        return web_err_rollback(c, e);
    return n;
}

int pf_import_payments(ctx *c, const char *csv, size_t len, web_err *e)
{
    return import_payments_from(c, csv, len, 1, e);
}

int pf_import_payments_file(ctx *c, const char *data, size_t len, web_err *e)
{
    if (!xlsx_sniff(data, len))
        return import_payments_from(c, data, len, 1, e);
    const char *err = NULL;
    xlsx_sheet *s = xlsx_read(data, len, NULL, &err);
    int first = 1;
    size_t n = 0;
    char *csv = s ? xlsx_to_csv(s, "member_id", &first, &n, &err) : NULL;
    xlsx_free(s);
    if (!csv) {
        web_err_add(e, 400, "invalid_input", "file", err);
        return -1;
    }
    char *t = arena_strndup(c->a, csv, n);
    free(csv);
    return import_payments_from(c, t, n, first, e);
}
