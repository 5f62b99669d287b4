/* The monthly đảng phí report aggregated up the tree, and the transfers: the share each level
 * keeps and passes up, from fee_retention (partyfees.h). */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "audit/audit.h"
#include "base/i18n.h"
#include "db/db.h"
#include "members/members.h"
#include "org/org.h"
#include "partyfees/partyfees.h"
#include "partyfees/pf_impl.h"
#include "rules/rules.h"

/* Row per subtree: the unit's own report (top = the unit), then each child's subtree. kept: what
 * the levels of the subtree kept of the month's transfers; passed_up: what its top passed up
 * (one transfer per unit and month, so the joins do not multiply rows). */
static const db_query q_tree = {
    "partyfees.tree",
    "WITH RECURSIVE t(id, top) AS (SELECT id, id FROM units WHERE parent_id = ?1 "
    " UNION ALL SELECT u.id, t.top FROM units u JOIN t ON u.parent_id = t.id), "
    "x(id, top) AS (SELECT id, top FROM t UNION ALL SELECT ?1, ?1) "
    "SELECT x.top, tu.name, COUNT(*), COUNT(r.id), COALESCE(SUM(r.members), 0), "
    "COALESCE(SUM(r.paid_members), 0), COALESCE(SUM(r.exempt_members), 0), "
    "COALESCE(SUM(r.amount_due), 0), COALESCE(SUM(r.amount_paid), 0), "
    "COALESCE(SUM(ft.retained), 0), COALESCE(SUM(CASE WHEN x.id = x.top THEN ft.passed_up END), "
    "0), COALESCE(SUM(r.abroad_members), 0) FROM x JOIN units tu ON tu.id = x.top "
    "LEFT JOIN fee_reports r ON r.unit_id = x.id AND r.month = ?2 "
    "LEFT JOIN fee_transfers ft ON ft.from_unit_id = x.id AND ft.month = ?2 "
    "GROUP BY x.top ORDER BY x.top <> ?1, tu.sort_order, tu.name",
    /* PostgreSQL: the unit's columns are grouped too (they follow from x.top). */
    "WITH RECURSIVE t(id, top) AS (SELECT id, id FROM units WHERE parent_id = $1 "
    " UNION ALL SELECT u.id, t.top FROM units u JOIN t ON u.parent_id = t.id), "
    "x(id, top) AS (SELECT id, top FROM t UNION ALL SELECT $1::bigint, $1::bigint) "
    "SELECT x.top, tu.name, COUNT(*), COUNT(r.id), COALESCE(SUM(r.members), 0), "
    "COALESCE(SUM(r.paid_members), 0), COALESCE(SUM(r.exempt_members), 0), "
    "COALESCE(SUM(r.amount_due), 0), COALESCE(SUM(r.amount_paid), 0), "
    "COALESCE(SUM(ft.retained), 0), COALESCE(SUM(CASE WHEN x.id = x.top THEN ft.passed_up END), "
    "0), COALESCE(SUM(r.abroad_members), 0) FROM x JOIN units tu ON tu.id = x.top "
    "LEFT JOIN fee_reports r ON r.unit_id = x.id AND r.month = $2 "
    "LEFT JOIN fee_transfers ft ON ft.from_unit_id = x.id AND ft.month = $2 "
    "GROUP BY x.top, tu.name, tu.sort_order ORDER BY x.top <> $1, tu.sort_order, tu.name"};

int pf_tree_report_db(db *d, arena *a, int64_t unit_id, const char *month, pf_agg **rows_r)
{
    *rows_r = NULL;
    db_stmt *s = db_stmt_get(d, &q_tree);
    if (!s)
        return -1;
    db_bind_int(s, 1, unit_id);
    db_bind_text(s, 2, month);
    int cap = 64, n = 0;
    pf_agg *v = arena_alloc(a, sizeof *v * (size_t)cap);
    while (db_step(s) == DB_ROW) {
        if (n == cap) {
            pf_agg *w = arena_alloc(a, sizeof *w * (size_t)cap * 2);
            memcpy(w, v, sizeof *v * (size_t)n);
            v = w;
            cap *= 2;
        }
        pf_agg *g = &v[n++];
        g->unit_id = db_col_int(s, 0);
        g->name = arena_strdup(a, db_col_text(s, 1));
        g->own = g->unit_id == unit_id;
        g->units = (int)db_col_int(s, 2);
        g->units_reported = (int)db_col_int(s, 3);
        g->members = (int)db_col_int(s, 4);
        g->paid_members = (int)db_col_int(s, 5);
        g->exempt_members = (int)db_col_int(s, 6);
        g->due = db_col_int(s, 7);
        g->paid = db_col_int(s, 8);
        g->kept = db_col_int(s, 9);
        g->passed_up = db_col_int(s, 10);
        g->abroad_members = (int)db_col_int(s, 11);
    }
    db_reset(s);
    *rows_r = v;
    return n;
}

int pf_tree_report(ctx *c, int64_t unit_id, const char *month, pf_agg **rows_r, web_err *e)
{
    if (unit_id <= 0 || !members_may_read(c, unit_id)) {
        web_err_add(e, 403, "forbidden", "unit",
                    _("Bạn không có quyền xem báo cáo đảng phí của tổ chức đảng này."));
        return -1;
    }
    if (!pf_month_valid(month)) {
        web_err_add(e, 400, "invalid_parameter", "month", _("Tháng phải có dạng YYYY-MM."));
        return -1;
    }
    return pf_tree_report_db(c->db, c->a, unit_id, month, rows_r);
}

static const db_query q_unit_kind = {
    "partyfees.unit_kind",
    "SELECT u.level, u.parent_id, COALESCE(p.level, '') FROM units u LEFT JOIN units p ON "
    "p.id = u.parent_id WHERE u.id = ?1",
    NULL};
static const db_query q_keep = {
    "partyfees.keep",
    "SELECT keep_pct FROM fee_retention WHERE org_kind = ?1 AND effective_from <= ?2 AND "
    "(effective_to IS NULL OR effective_to >= ?2) ORDER BY effective_from DESC LIMIT 1",
    NULL};
static const db_query q_received = {
    "partyfees.received",
    "SELECT COALESCE(SUM(passed_up), 0) FROM fee_transfers WHERE to_unit_id = ?1 AND month = ?2",
    NULL};
static const db_query q_own_paid = {
    "partyfees.own_paid", "SELECT amount_paid FROM fee_reports WHERE unit_id = ?1 AND month = ?2",
    NULL};
static const db_query q_tr_add = {
    "partyfees.transfer_add",
    "INSERT INTO fee_transfers (from_unit_id, to_unit_id, month, collected, keep_pct, retained, "
    "passed_up, channel, recorded_by, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
    "?10)",
    NULL};

/* The retention kind of a unit from the tree's levels: a chi bộ; a commune/ward grassroots
 * organisation (XA); another grassroots one (CO_SO, BAN); a level above the grassroots. */
static const char *org_kind(const char *level)
{
    if (strcmp(level, "CHI_BO") == 0)
        return "CHI_BO";
    if (strcmp(level, "XA") == 0)
        return "CO_SO_XA";
    if (strcmp(level, "CO_SO") == 0 || strcmp(level, "BAN") == 0)
        return "CO_SO_KHAC";
    return "TREN_CO_SO";
}

int64_t pf_transfer_record(ctx *c, int64_t unit_id, const char *month, const char *channel,
                           web_err *e)
{
    if (unit_id <= 0 || !members_may_write(c, unit_id)) {
        web_err_add(e, 403, "forbidden", "unit_id",
                    _("Bạn không có quyền ghi trích nộp đảng phí của tổ chức đảng này."));
        return -1;
    }
    if (!pf_month_valid(month))
        web_err_add(e, 400, "invalid_input", "month", _("Tháng phải có dạng YYYY-MM."));
    if (!channel || (strcmp(channel, "DVCQG") != 0 && strcmp(channel, "TIEN_MAT") != 0 &&
                     strcmp(channel, "CHUYEN_KHOAN") != 0))
        web_err_add(e, 400, "invalid_input", "channel",
                    _("Chọn hình thức chuyển: Cổng Dịch vụ công quốc gia, chuyển khoản hoặc tiền "
                      "mặt."));
    if (e->n)
        return -1;
    if (db_begin_write(c->db) != 0) {
        web_err_add(e, 503, "busy", NULL, _("Cơ sở dữ liệu đang bận, vui lòng thử lại."));
        return -1;
    }
    db_stmt *s = db_stmt_get(c->db, &q_own_paid);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, unit_id);
    db_bind_text(s, 2, month);
    bool reported = db_step(s) == DB_ROW;
    int64_t own = reported ? db_col_int(s, 0) : 0;
    db_reset(s);
    if (!reported) {
        db_rollback(c->db);
        web_err_add(e, 409, "not_reported", "month",
                    _("Chưa gửi báo cáo đảng phí tháng này: gửi báo cáo trước rồi mới trích nộp."));
        return -1;
    }
    s = db_stmt_get(c->db, &q_received);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, unit_id);
    db_bind_text(s, 2, month);
    int64_t received = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
    db_reset(s);
    s = db_stmt_get(c->db, &q_unit_kind);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, unit_id);
    char level[16] = "";
    int64_t parent = 0;
    if (db_step(s) == DB_ROW) {
        snprintf(level, sizeof level, "%s", db_col_text(s, 0) ? db_col_text(s, 0) : "");
        parent = db_col_int(s, 1);
    }
    db_reset(s);
    char first[16];
    snprintf(first, sizeof first, "%s-01", month);
    s = db_stmt_get(c->db, &q_keep);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_text(s, 1, org_kind(level));
    db_bind_text(s, 2, first);
    int keep = db_step(s) == DB_ROW ? (int)db_col_int(s, 0) : 100;
    db_reset(s);
    if (!parent)
        keep = 100; /* the top of the tree passes nothing up */
    int64_t collected = own + received;
    int64_t unitr = rules_int(c->db, "partyfees.round_unit", first);
    int64_t retained = pf_round_share(collected, keep, 100, unitr);
    if (retained > collected)
        retained = collected;
    int64_t up = collected - retained;
    s = db_stmt_get(c->db, &q_tr_add);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, unit_id);
    if (parent)
        db_bind_int(s, 2, parent);
    else
        db_bind_null(s, 2);
    db_bind_text(s, 3, month);
    db_bind_int(s, 4, collected);
    db_bind_int(s, 5, keep);
    db_bind_int(s, 6, retained);
    db_bind_int(s, 7, up);
    db_bind_text(s, 8, channel);
    db_bind_int(s, 9, c->user->id);
    db_bind_text(s, 10, pf_now(c));
    int rc = db_exec(s);
    if (rc == DB_CONSTRAINT) {
        db_rollback(c->db);
        web_err_add(e, 409, "duplicate", "month",
                    _("Đã ghi trích nộp đảng phí tháng này của tổ chức đảng."));
        return -1;
    }
    if (rc != DB_DONE)
        return web_err_rollback(c, e);
    int64_t id = db_last_id(c->db);
    if (audit_commit(c->db, c->user, "partyfees.transfer", "unit", unit_id,
                     json_pack("{s:s, s:I, s:i, s:I, s:I}", "month", month, "collected",
                               (json_int_t)collected, "keep_pct", keep, "retained",
                               (json_int_t)retained, "passed_up", (json_int_t)up)) != 0) {
        web_err_db(c, e);
        return -1;
    }
    return id;
}

static const db_query q_transfers = {
    "partyfees.transfers",
    "SELECT t.id, t.from_unit_id, COALESCE(t.to_unit_id, 0), f.name, COALESCE(u.name, ''), "
    "t.month, t.channel, t.recorded_at, t.collected, t.retained, t.passed_up, t.keep_pct "
    "FROM fee_transfers t JOIN units f ON f.id = t.from_unit_id LEFT JOIN units u ON "
    "u.id = t.to_unit_id WHERE t.month = ?2 AND (t.from_unit_id = ?1 OR t.to_unit_id = ?1) "
    "ORDER BY t.id",
    NULL};

int pf_transfers(ctx *c, int64_t unit_id, const char *month, pf_transfer **rows_r)
{
    *rows_r = NULL;
    if (!members_may_read(c, unit_id) || !pf_month_valid(month))
        return 0;
    db_stmt *s = db_stmt_get(c->db, &q_transfers);
    if (!s)
        return -1;
    db_bind_int(s, 1, unit_id);
    db_bind_text(s, 2, month);
    int n = 0;
    pf_transfer *v = arena_alloc(c->a, sizeof *v * 500);
    while (n < 500 && db_step(s) == DB_ROW) {
        pf_transfer *t = &v[n++];
        t->id = db_col_int(s, 0);
        t->from_unit_id = db_col_int(s, 1);
        t->to_unit_id = db_col_int(s, 2);
        t->from_name = arena_strdup(c->a, db_col_text(s, 3));
        t->to_name = arena_strdup(c->a, db_col_text(s, 4));
        t->month = arena_strdup(c->a, db_col_text(s, 5));
        t->channel = arena_strdup(c->a, db_col_text(s, 6));
        t->recorded_at = arena_strdup(c->a, db_col_text(s, 7));
        t->collected = db_col_int(s, 8);
        t->retained = db_col_int(s, 9);
        t->passed_up = db_col_int(s, 10);
        t->keep_pct = (int)db_col_int(s, 11);
    }
    db_reset(s);
    *rows_r = v;
    return n;
}
