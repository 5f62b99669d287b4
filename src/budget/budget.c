/* The budget service: the catalogue, reading and permissions, estimates and settlements and
 * their way to approval (budget.h). Spending and the report are in budget_spend.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "base/i18n.h"
#include "base/strbuf.h"
#include "budget/budget.h"
#include "budget/budget_impl.h"
#include "catalog/catalog.h"
#include "db/db.h"
#include "org/org.h"
#include "outgoing/outgoing.h"
#include "web/dates.h"
#include "web/respond.h"

const char *const budget_kinds[] = {"DU_TOAN", "QUYET_TOAN", NULL};

static const db_query q_lines = {
    "budget.lines",
    "SELECT l.id, l.code, coalesce((SELECT n.name FROM budget_line_names n WHERE n.line_id = l.id "
    "AND n.until_year >= CAST(?1 AS INTEGER) ORDER BY n.until_year LIMIT 1), l.name), l.grp, "
    "l.valid_from, l.valid_to, l.source FROM budget_lines l WHERE l.valid_from <= ?1 || '-12-31' "
    "AND (l.valid_to IS NULL OR l.valid_to >= ?1 || '-01-01') ORDER BY l.sort_order, l.id",
    NULL};
#define BUDGET_COLS                                                                                \
    "b.id, b.unit_id, b.year, b.kind, b.version, b.status, b.supersedes_id, b.outgoing_id, "       \
    "b.note, b.created_at, b.submitted_at, b.approved_at, u.name, o.notation, (SELECT "            \
    "coalesce(sum(amount), 0) FROM budget_amounts a WHERE a.budget_id = b.id) FROM budgets b "     \
    "JOIN units u ON u.id = b.unit_id LEFT JOIN outgoing o ON o.id = b.outgoing_id "
static const db_query q_get = {"budget.get", "SELECT " BUDGET_COLS "WHERE b.id = ?1", NULL};
static const db_query q_list = {
    "budget.list",
    "SELECT " BUDGET_COLS "WHERE (?1 = 0 OR b.year = ?1) AND (?2 = 0 OR b.unit_id = ?2) ORDER BY "
    "b.year DESC, u.sort_order, u.id, b.kind, b.version DESC",
    NULL};
static const db_query q_amounts = {
    "budget.amounts",
    "SELECT a.line_id, a.amount, coalesce((SELECT n.name FROM budget_line_names n JOIN budgets b "
    "ON b.id = a.budget_id WHERE n.line_id = l.id AND n.until_year >= b.year ORDER BY "
    "n.until_year LIMIT 1), l.name) FROM budget_amounts a JOIN budget_lines l ON l.id = "
    "a.line_id WHERE a.budget_id = ?1 ORDER BY l.sort_order, l.id",
    NULL};
static const db_query q_insert = {
    "budget.insert",
    "INSERT INTO budgets (unit_id, year, kind, version, status, supersedes_id, note, created_by, "
    "created_at) VALUES (?1, ?2, ?3, ?4, 'DU_THAO', ?5, ?6, ?7, ?8)",
    NULL};
static const db_query q_amount_del = {"budget.amount_del",
                                      "DELETE FROM budget_amounts WHERE budget_id = ?1", NULL};
static const db_query q_amount_ins = {
    "budget.amount_ins",
    "INSERT INTO budget_amounts (budget_id, line_id, amount) VALUES (?1, ?2, ?3)", NULL};
static const db_query q_open = {
    "budget.open",
    "SELECT id FROM budgets WHERE unit_id = ?1 AND year = ?2 AND kind = ?3 AND status IN "
    "('DU_THAO', 'TRINH')",
    NULL};
static const db_query q_live = {
    "budget.live",
    "SELECT id FROM budgets WHERE unit_id = ?1 AND year = ?2 AND kind = ?3 AND status = "
    "'DA_DUYET'",
    NULL};
static const db_query q_submit = {
    "budget.submit",
    "UPDATE budgets SET status = 'TRINH', submitted_by = ?2, submitted_at = ?3 WHERE id = ?1 AND "
    "status = 'DU_THAO'",
    NULL};
static const db_query q_approve = {
    "budget.approve",
    "UPDATE budgets SET status = 'DA_DUYET', approved_by = ?2, approved_at = ?3 WHERE id = ?1 AND "
    "status = 'TRINH'",
    NULL};
static const db_query q_retire = {
    "budget.retire",
    "UPDATE budgets SET status = 'HET_HIEU_LUC' WHERE id = ?1 AND status = "
    "'DA_DUYET'",
    NULL};
static const db_query q_outgoing = {
    "budget.outgoing", "UPDATE budgets SET outgoing_id = ?2 WHERE id = ?1 AND outgoing_id IS NULL",
    NULL};
static const db_query q_spent_lines = {
    "budget.spent_lines",
    "SELECT line_id, sum(amount) FROM budget_spending WHERE unit_id = ?1 AND year = ?2 GROUP BY "
    "line_id",
    NULL};

int bud_fail(web_err *e, int status, const char *field, const char *msg)
{
    web_err_add(e, status, respond_code_for(status), field, msg);
    return -1;
}

int bud_begin(ctx *c, web_err *e)
{
    if (db_begin_write(c->db) != 0)
        return bud_fail(e, 503, NULL, _("Cơ sở dữ liệu đang bận, vui lòng thử lại."));
    return 0;
}

int bud_commit(ctx *c, const char *action, const char *entity, int64_t id, json_t *after,
               web_err *e)
{
    if (audit_commit(c->db, c->user, action, entity, id, after) != 0) {
        web_err_db(c, e);
        return -1;
    }
    return 0;
}

int bud_today_year(ctx *c)
{
    return atoi(web_today(c));
}

const char *budget_grp_label(const char *grp)
{
    return grp && strcmp(grp, "DAC_THU") == 0 ? _("Chi đặc thù của Đảng") : _("Chi thường xuyên");
}

const char *budget_kind_label(const char *kind)
{
    return kind && strcmp(kind, "QUYET_TOAN") == 0 ? _("Quyết toán") : _("Dự toán");
}

const char *budget_status_label(const char *s)
{
    if (!s)
        return "";
    if (strcmp(s, "TRINH") == 0)
        return _("Đã trình");
    if (strcmp(s, "DA_DUYET") == 0)
        return _("Đã duyệt");
    if (strcmp(s, "HET_HIEU_LUC") == 0)
        return _("Đã thay thế");
    return _("Dự thảo");
}

static const char *dup(ctx *c, db_stmt *s, int col)
{
    const char *t = db_col_text(s, col);
    return t ? arena_strdup(c->a, t) : NULL;
}

int budget_lines_of_year(ctx *c, int year, budget_line **rows_r)
{
    db_stmt *s = db_stmt_get(c->db, &q_lines);
    if (!s)
        return -1;
    db_bind_text(s, 1, arena_printf(c->a, "%04d", year));
    int n = 0;
    budget_line *v = arena_alloc(c->a, sizeof *v * BUDGET_MAX_LINES);
    while (n < BUDGET_MAX_LINES && db_step(s) == DB_ROW) {
        v[n] = (budget_line){.id = db_col_int(s, 0),
                             .code = dup(c, s, 1),
                             .name = dup(c, s, 2),
                             .grp = dup(c, s, 3),
                             .valid_from = dup(c, s, 4),
                             .valid_to = dup(c, s, 5),
                             .source = dup(c, s, 6)};
        n++;
    }
    db_reset(s);
    *rows_r = v;
    return n;
}

const budget_line *bud_line_in_year(ctx *c, int year, int64_t id)
{
    budget_line *v;
    int n = budget_lines_of_year(c, year, &v);
    for (int i = 0; i < n; i++)
        if (v[i].id == id)
            return &v[i];
    return NULL;
}

static void read_row(ctx *c, db_stmt *s, budget *b)
{
    *b = (budget){.id = db_col_int(s, 0),
                  .unit_id = db_col_int(s, 1),
                  .year = (int)db_col_int(s, 2),
                  .kind = dup(c, s, 3),
                  .version = (int)db_col_int(s, 4),
                  .status = dup(c, s, 5),
                  .supersedes_id = db_col_int(s, 6),
                  .outgoing_id = db_col_int(s, 7),
                  .note = dup(c, s, 8),
                  .created_at = dup(c, s, 9),
                  .submitted_at = dup(c, s, 10),
                  .approved_at = dup(c, s, 11),
                  .unit_name = dup(c, s, 12),
                  .outgoing_notation = dup(c, s, 13),
                  .total = db_col_int(s, 14)};
}

static const budget *load(ctx *c, int64_t id)
{
    db_stmt *s = db_stmt_get(c->db, &q_get);
    if (!s)
        return NULL;
    db_bind_int(s, 1, id);
    budget *b = NULL;
    if (db_step(s) == DB_ROW) {
        b = arena_alloc(c->a, sizeof *b);
        read_row(c, s, b);
    }
    db_reset(s);
    return b;
}

const budget *budget_get(ctx *c, int64_t id)
{
    const budget *b = id > 0 ? load(c, id) : NULL;
    return b && c->user && org_unit_in_scope(c, b->unit_id) ? b : NULL;
}

int budget_list(ctx *c, int year, int64_t unit_id, budget **rows_r)
{
    db_stmt *s = db_stmt_get(c->db, &q_list);
    if (!s)
        return -1;
    db_bind_int(s, 1, year);
    db_bind_int(s, 2, unit_id);
    int n = 0, cap = 64;
    budget *v = arena_alloc(c->a, sizeof *v * (size_t)cap);
    while (db_step(s) == DB_ROW) {
        if (!org_unit_in_scope(c, db_col_int(s, 1)))
            continue;
        if (n == cap) {
            budget *w = arena_alloc(c->a, sizeof *w * (size_t)cap * 2);
            memcpy(w, v, sizeof *v * (size_t)n);
            v = w;
            cap *= 2;
        }
        read_row(c, s, &v[n++]);
    }
    db_reset(s);
    *rows_r = v;
    return n;
}

int budget_amounts(ctx *c, int64_t budget_id, budget_amount **rows_r)
{
    db_stmt *s = db_stmt_get(c->db, &q_amounts);
    if (!s)
        return -1;
    db_bind_int(s, 1, budget_id);
    int n = 0;
    budget_amount *v = arena_alloc(c->a, sizeof *v * BUDGET_MAX_LINES);
    while (n < BUDGET_MAX_LINES && db_step(s) == DB_ROW) {
        v[n] = (budget_amount){
            .line_id = db_col_int(s, 0), .amount = db_col_int(s, 1), .line_name = dup(c, s, 2)};
        n++;
    }
    db_reset(s);
    *rows_r = v;
    return n;
}

/* ---- permissions ------------------------------------------------------------------------ */

bool budget_may_enter(ctx *c, int64_t unit_id)
{
    if (!c->user || unit_id <= 0)
        return false;
    enum role r = c->user->role;
    if (r != ROLE_CLERK && r != ROLE_SPECIALIST && r != ROLE_OFFICE_LEADER)
        return false;
    /* The office is the committee's finance body and guides the levels below (DOMAIN-2 §7):
     * its staff keep the books of every organisation in their scope (a specialist: own unit). */
    return org_unit_in_scope(c, unit_id);
}

bool budget_may_submit(ctx *c, const budget *b)
{
    if (!c->user)
        return false;
    /* A committee below without an office leader among the accounts submits through its own
     * committee account (role unit): the cấp ủy presents its budget to the level above. */
    if (c->user->role == ROLE_UNIT)
        return c->user->unit_id == b->unit_id;
    return budget_may_enter(c, b->unit_id) && c->user->role == ROLE_OFFICE_LEADER;
}

bool budget_may_approve(ctx *c, const budget *b)
{
    return c->user && c->user->role == ROLE_COMMITTEE_LEADER && org_unit_in_scope(c, b->unit_id);
}

/* ---- amounts ---------------------------------------------------------------------------- */

int budget_parse_amount(const char *s, int64_t *out)
{
    if (!s)
        return -1;
    while (*s == ' ')
        s++;
    int64_t v = 0;
    int digits = 0, group = 0;
    bool grouped = false;
    for (const char *p = s; *p; p++) {
        if (*p >= '0' && *p <= '9') {
            if (v > (BUDGET_MAX_AMOUNT - 9) / 10)
                return -1;
            v = v * 10 + (*p - '0');
            digits++;
            group++;
        } else if ((*p == '.' || *p == ' ') && digits > 0) {
            /* A thousands separator: groups of exactly three digits after the first. A comma
             * or a short group is a fraction, refused. */
            if ((grouped && group != 3) || (!grouped && group > 3) || group == 0)
                return -1;
            grouped = true;
            group = 0;
        } else if (*p == ' ' && p[1] == '\0') {
            break;
        } else {
            return -1;
        }
    }
    if (!digits || (grouped && group != 3))
        return -1;
    *out = v;
    return 0;
}

/* Validates the (line, amount) pairs against the catalogue of year. */
static int check_amounts(ctx *c, int year, const int64_t *ids, const int64_t *amounts, int n,
                         web_err *e)
{
    if (n > BUDGET_MAX_LINES)
        return bud_fail(e, 400, "lines", _("Quá nhiều mục chi."));
    for (int i = 0; i < n; i++) {
        const char *field = arena_printf(c->a, "line_%lld", (long long)ids[i]);
        if (!bud_line_in_year(c, year, ids[i]))
            bud_fail(e, 400, field,
                     arena_printf(c->a,
                                  _("Mục chi số %lld không có trong danh mục mục chi của năm "
                                    "%d."),
                                  (long long)ids[i], year));
        else if (amounts[i] < 0)
            bud_fail(e, 400, field, _("Số tiền không được âm."));
        else if (amounts[i] > BUDGET_MAX_AMOUNT)
            bud_fail(e, 400, field, _("Số tiền quá lớn."));
        for (int k = 0; k < i; k++)
            if (ids[k] == ids[i])
                bud_fail(e, 400, field, _("Một mục chi chỉ được nhập một lần."));
        if (e->n >= WEB_MAX_ERRORS)
            break;
    }
    return e->n ? -1 : 0;
}

static int write_amounts(ctx *c, int64_t id, const int64_t *ids, const int64_t *amounts, int n)
{
    db_stmt *s = db_stmt_get(c->db, &q_amount_del);
    if (!s)
        return -1;
    db_bind_int(s, 1, id);
    if (db_exec(s) != DB_DONE)
        return -1;
    for (int i = 0; i < n; i++) {
        if (amounts[i] == 0)
            continue; /* a line left empty is no line of the budget */
        s = db_stmt_get(c->db, &q_amount_ins);
        if (!s)
            return -1;
        db_bind_int(s, 1, id);
        db_bind_int(s, 2, ids[i]);
        db_bind_int(s, 3, amounts[i]);
        if (db_exec(s) != DB_DONE)
            return -1;
    }
    return 0;
}

static json_t *amounts_json(const int64_t *ids, const int64_t *amounts, int n)
{
    json_t *o = json_object();
    for (int i = 0; i < n; i++) {
        char k[32];
        snprintf(k, sizeof k, "%lld", (long long)ids[i]);
        json_object_set_new(o, k, json_integer(amounts[i]));
    }
    return o;
}

static int64_t find(ctx *c, const db_query *q, int64_t unit_id, int year, const char *kind)
{
    db_stmt *s = db_stmt_get(c->db, q);
    if (!s)
        return 0;
    db_bind_int(s, 1, unit_id);
    db_bind_int(s, 2, year);
    db_bind_text(s, 3, kind);
    int64_t id = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
    db_reset(s);
    return id;
}

int64_t bud_live_estimate(ctx *c, int64_t unit_id, int year)
{
    return find(c, &q_live, unit_id, year, "DU_TOAN");
}

static int64_t insert(ctx *c, int64_t unit_id, int year, const char *kind, int version,
                      int64_t supersedes, const char *note)
{
    db_stmt *s = db_stmt_get(c->db, &q_insert);
    if (!s)
        return -1;
    db_bind_int(s, 1, unit_id);
    db_bind_int(s, 2, year);
    db_bind_text(s, 3, kind);
    db_bind_int(s, 4, version);
    if (supersedes > 0)
        db_bind_int(s, 5, supersedes);
    db_bind_text(s, 6, note && *note ? note : NULL);
    db_bind_int(s, 7, c->user->id);
    db_bind_text(s, 8, web_now_iso(c));
    return db_exec(s) == DB_DONE ? db_last_id(c->db) : -1;
}

int64_t budget_create_estimate(ctx *c, int64_t unit_id, int year, const int64_t *line_ids,
                               const int64_t *amounts, int n, const char *note, web_err *e)
{
    const unit *u = unit_id > 0 ? org_unit_get(c, unit_id) : NULL;
    if (!u || !org_unit_in_scope(c, unit_id))
        return bud_fail(e, 404, "unit_id", _("Không tìm thấy tổ chức đảng."));
    if (!budget_may_enter(c, unit_id))
        return bud_fail(e, 403, NULL,
                        _("Chỉ văn phòng của cấp ủy (văn thư, chuyên viên, lãnh đạo văn phòng) "
                          "lập dự toán của tổ chức này."));
    if (year < 2000 || year > 2099)
        return bud_fail(e, 400, "year", _("Năm ngân sách không hợp lệ."));
    if (note && strlen(note) > BUDGET_MAX_NOTE)
        bud_fail(e, 400, "note", _("Ghi chú quá dài (tối đa 2.000 ký tự)."));
    if (check_amounts(c, year, line_ids, amounts, n, e) != 0 || e->n)
        return -1;
    if (find(c, &q_open, unit_id, year, "DU_TOAN") || find(c, &q_live, unit_id, year, "DU_TOAN"))
        return bud_fail(e, 409, "year",
                        arena_printf(c->a,
                                     _("%s đã có dự toán năm %d: hãy sửa dự thảo hoặc điều "
                                       "chỉnh dự toán đã duyệt."),
                                     u->name, year));
    if (bud_begin(c, e) != 0)
        return -1;
    int64_t id = insert(c, unit_id, year, "DU_TOAN", 1, 0, note);
    if (id <= 0 || write_amounts(c, id, line_ids, amounts, n) != 0)
        return web_err_rollback(c, e);
    if (bud_commit(c, "budget.create", "budget", id,
                   json_pack("{s:I, s:i, s:s, s:o}", "unit_id", (json_int_t)unit_id, "year", year,
                             "kind", "DU_TOAN", "amounts", amounts_json(line_ids, amounts, n)),
                   e) != 0)
        return -1;
    return id;
}

int budget_set_amounts(ctx *c, int64_t id, const int64_t *line_ids, const int64_t *amounts, int n,
                       web_err *e)
{
    const budget *b = budget_get(c, id);
    if (!b)
        return bud_fail(e, 404, NULL, _("Không tìm thấy dự toán."));
    if (!budget_may_enter(c, b->unit_id))
        return bud_fail(e, 403, NULL, _("Bạn không có quyền sửa dự toán này."));
    if (strcmp(b->kind, "DU_TOAN") != 0)
        return bud_fail(e, 409, NULL, _("Quyết toán lấy số liệu từ các khoản chi, không sửa tay."));
    if (strcmp(b->status, "DU_THAO") != 0)
        return bud_fail(e, 409, NULL, _("Chỉ sửa dự toán đang dự thảo."));
    if (check_amounts(c, b->year, line_ids, amounts, n, e) != 0)
        return -1;
    if (bud_begin(c, e) != 0)
        return -1;
    if (write_amounts(c, id, line_ids, amounts, n) != 0)
        return web_err_rollback(c, e);
    return bud_commit(c, "budget.amounts", "budget", id,
                      json_pack("{s:o}", "amounts", amounts_json(line_ids, amounts, n)), e);
}

static int step_update(ctx *c, const db_query *q, int64_t id, web_err *e)
{
    db_stmt *s = db_stmt_get(c->db, q);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, id);
    db_bind_int(s, 2, c->user->id);
    db_bind_text(s, 3, web_now_iso(c));
    if (db_exec(s) != DB_DONE)
        return web_err_rollback(c, e);
    if (db_changes(c->db) != 1) {
        db_rollback(c->db);
        return bud_fail(e, 409, NULL, _("Dự toán vừa được người khác thay đổi."));
    }
    return 0;
}

int budget_submit(ctx *c, int64_t id, web_err *e)
{
    const budget *b = budget_get(c, id);
    if (!b)
        return bud_fail(e, 404, NULL, _("Không tìm thấy dự toán."));
    if (!budget_may_submit(c, b))
        return bud_fail(e, 403, NULL,
                        _("Lãnh đạo văn phòng (hoặc tài khoản của chính cấp ủy đó) trình dự toán, "
                          "quyết toán."));
    if (strcmp(b->status, "DU_THAO") != 0)
        return bud_fail(e, 409, NULL, _("Chỉ trình bản đang dự thảo."));
    if (b->total <= 0)
        return bud_fail(e, 400, NULL, _("Chưa có số tiền nào: hãy nhập số tiền các mục chi."));
    if (bud_begin(c, e) != 0 || step_update(c, &q_submit, id, e) != 0)
        return -1;
    return bud_commit(c, "budget.submit", "budget", id, NULL, e);
}

int budget_approve(ctx *c, int64_t id, web_err *e)
{
    const budget *b = budget_get(c, id);
    if (!b)
        return bud_fail(e, 404, NULL, _("Không tìm thấy dự toán."));
    if (!budget_may_approve(c, b))
        return bud_fail(e, 403, NULL, _("Thường trực cấp ủy duyệt dự toán, quyết toán."));
    if (strcmp(b->status, "TRINH") != 0)
        return bud_fail(e, 409, NULL, _("Chỉ duyệt bản đã được trình."));
    if (bud_begin(c, e) != 0)
        return -1;
    /* The version it revises stops applying the moment its revision is approved. */
    if (b->supersedes_id > 0) {
        db_stmt *s = db_stmt_get(c->db, &q_retire);
        if (!s)
            return web_err_rollback(c, e);
        db_bind_int(s, 1, b->supersedes_id);
        if (db_exec(s) != DB_DONE)
            return web_err_rollback(c, e);
    }
    if (step_update(c, &q_approve, id, e) != 0)
        return -1;
    return bud_commit(c, "budget.approve", "budget", id,
                      json_pack("{s:I, s:I}", "total", (json_int_t)b->total, "supersedes_id",
                                (json_int_t)b->supersedes_id),
                      e);
}

static const char *decision_body(ctx *c, const budget *b)
{
    budget_amount *a;
    int n = budget_amounts(c, b->id, &a);
    strbuf sb = STRBUF_INIT;
    sb_printf(&sb, _("Phê duyệt %s năm %d của %s, tổng số %s đồng, gồm:\n"),
              strcmp(b->kind, "QUYET_TOAN") == 0 ? _("quyết toán") : _("dự toán"), b->year,
              b->unit_name, web_number(c, b->total));
    for (int i = 0; i < n; i++)
        sb_printf(&sb, "%d. %s: %s %s\n", i + 1, a[i].line_name, web_number(c, a[i].amount),
                  _("đồng"));
    const char *t = arena_strdup(c->a, sb_str(&sb));
    sb_free(&sb);
    return t;
}

int64_t budget_issue(ctx *c, int64_t id, web_err *e)
{
    const budget *b = budget_get(c, id);
    if (!b)
        return bud_fail(e, 404, NULL, _("Không tìm thấy dự toán."));
    if (!budget_may_enter(c, b->unit_id) ||
        (c->user->role != ROLE_CLERK && c->user->role != ROLE_OFFICE_LEADER))
        return bud_fail(e, 403, NULL, _("Văn thư hoặc lãnh đạo văn phòng lập quyết định."));
    if (strcmp(b->status, "DA_DUYET") != 0)
        return bud_fail(e, 409, NULL, _("Chỉ lập quyết định cho bản đã được duyệt."));
    if (b->outgoing_id > 0)
        return bud_fail(e, 409, NULL, _("Đã có quyết định phê duyệt."));
    /* A board or office has no register of its own: the decision goes into the register its
     * committee's office keeps (org_register_unit), looking up the tree. */
    int64_t reg = 0, at = b->unit_id;
    for (int up = 0; reg <= 0 && at > 0 && up < 8; up++) {
        reg = catalog_register_of_unit(c->db, at);
        if (reg <= 0)
            reg = catalog_register_of_unit(c->db, org_register_unit(c->db, at));
        const unit *u = org_unit_get(c, at);
        at = u ? u->parent_id : 0;
    }
    if (reg <= 0)
        return bud_fail(e, 409, NULL,
                        _("Cấp ủy này chưa có sổ văn bản đi: không lập được quyết "
                          "định."));
    out_draft d = {
        .register_id = reg,
        .doc_type = "quyet_dinh",
        .subject = arena_printf(c->a, _("Quyết định phê duyệt %s năm %d của %s"),
                                strcmp(b->kind, "QUYET_TOAN") == 0 ? _("quyết toán") : _("dự toán"),
                                b->year, b->unit_name),
        .body = decision_body(c, b),
        .copies = 1};
    const char *err = NULL;
    int status = 0;
    /* The outgoing flow owns its transaction; the link is written right after it (as the
     * programmes do): a link lost to a concurrent issue leaves a draft the office deletes. */
    int64_t oid = outgoing_create(c, &d, &err, &status);
    if (oid < 0)
        return bud_fail(e, status ? status : 500, NULL, err);
    if (bud_begin(c, e) != 0)
        return -1;
    db_stmt *s = db_stmt_get(c->db, &q_outgoing);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, id);
    db_bind_int(s, 2, oid);
    if (db_exec(s) != DB_DONE)
        return web_err_rollback(c, e);
    if (db_changes(c->db) != 1) {
        db_rollback(c->db);
        return bud_fail(e, 409, NULL, _("Đã có quyết định phê duyệt."));
    }
    if (bud_commit(c, "budget.issue", "budget", id,
                   json_pack("{s:I}", "outgoing_id", (json_int_t)oid), e) != 0)
        return -1;
    return oid;
}

/* The spending of (unit, year) by line: counts into ids/amounts (BUDGET_MAX_LINES). */
static int spent_by_line(ctx *c, int64_t unit_id, int year, int64_t *ids, int64_t *amounts)
{
    db_stmt *s = db_stmt_get(c->db, &q_spent_lines);
    if (!s)
        return -1;
    db_bind_int(s, 1, unit_id);
    db_bind_int(s, 2, year);
    int n = 0;
    while (n < BUDGET_MAX_LINES && db_step(s) == DB_ROW) {
        ids[n] = db_col_int(s, 0);
        amounts[n++] = db_col_int(s, 1);
    }
    db_reset(s);
    return n;
}

int64_t budget_revise(ctx *c, int64_t id, web_err *e)
{
    const budget *b = budget_get(c, id);
    if (!b)
        return bud_fail(e, 404, NULL, _("Không tìm thấy dự toán."));
    if (!budget_may_enter(c, b->unit_id))
        return bud_fail(e, 403, NULL, _("Bạn không có quyền điều chỉnh bản này."));
    if (strcmp(b->status, "DA_DUYET") != 0)
        return bud_fail(e, 409, NULL, _("Chỉ điều chỉnh bản đã duyệt, còn hiệu lực."));
    if (find(c, &q_open, b->unit_id, b->year, b->kind))
        return bud_fail(e, 409, NULL, _("Đang có một bản điều chỉnh chưa duyệt."));
    int64_t ids[BUDGET_MAX_LINES], amounts[BUDGET_MAX_LINES];
    int n = 0;
    if (strcmp(b->kind, "QUYET_TOAN") == 0) {
        n = spent_by_line(c, b->unit_id, b->year, ids, amounts);
    } else {
        budget_amount *a;
        n = budget_amounts(c, id, &a);
        for (int i = 0; i < n; i++) {
            ids[i] = a[i].line_id;
            amounts[i] = a[i].amount;
        }
    }
    if (n < 0 || bud_begin(c, e) != 0)
        return n < 0 ? (web_err_db(c, e), -1) : -1;
    int64_t nid = insert(c, b->unit_id, b->year, b->kind, b->version + 1, id, NULL);
    if (nid <= 0 || write_amounts(c, nid, ids, amounts, n) != 0)
        return web_err_rollback(c, e);
    if (bud_commit(
            c, "budget.revise", "budget", nid,
            json_pack("{s:I, s:i}", "supersedes_id", (json_int_t)id, "version", b->version + 1),
            e) != 0)
        return -1;
    return nid;
}

int64_t budget_settle(ctx *c, int64_t unit_id, int year, web_err *e)
{
    const unit *u = unit_id > 0 ? org_unit_get(c, unit_id) : NULL;
    if (!u || !org_unit_in_scope(c, unit_id))
        return bud_fail(e, 404, "unit_id", _("Không tìm thấy tổ chức đảng."));
    if (!budget_may_enter(c, unit_id))
        return bud_fail(e, 403, NULL, _("Chỉ văn phòng của cấp ủy lập quyết toán."));
    if (year < 2000 || year > 2099)
        return bud_fail(e, 400, "year", _("Năm ngân sách không hợp lệ."));
    if (year >= bud_today_year(c))
        return bud_fail(e, 422, "year",
                        arena_printf(c->a,
                                     _("Năm %d chưa kết thúc: chỉ lập quyết toán sau ngày "
                                       "31/12/%d."),
                                     year, year));
    if (!bud_live_estimate(c, unit_id, year))
        return bud_fail(
            e, 422, "year",
            arena_printf(c->a, _("%s chưa có dự toán năm %d được duyệt."), u->name, year));
    if (find(c, &q_open, unit_id, year, "QUYET_TOAN") ||
        find(c, &q_live, unit_id, year, "QUYET_TOAN"))
        return bud_fail(e, 409, "year",
                        arena_printf(c->a, _("%s đã có quyết toán năm %d."), u->name, year));
    int64_t ids[BUDGET_MAX_LINES], amounts[BUDGET_MAX_LINES];
    int n = spent_by_line(c, unit_id, year, ids, amounts);
    if (n < 0) {
        web_err_db(c, e);
        return -1;
    }
    if (bud_begin(c, e) != 0)
        return -1;
    int64_t id = insert(c, unit_id, year, "QUYET_TOAN", 1, 0, NULL);
    if (id <= 0 || write_amounts(c, id, ids, amounts, n) != 0)
        return web_err_rollback(c, e);
    if (bud_commit(c, "budget.settle", "budget", id,
                   json_pack("{s:I, s:i, s:o}", "unit_id", (json_int_t)unit_id, "year", year,
                             "amounts", amounts_json(ids, amounts, n)),
                   e) != 0)
        return -1;
    return id;
}
