/* The catalogue of budget lines kept on a page (budget.h): add, edit, retire from a date. A
 * retired line keeps its row, so an estimate of a year it covered still reads it as it was. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/i18n.h"
#include "budget/budget.h"
#include "budget/budget_impl.h"
#include "db/db.h"
#include "org/org.h"
#include "web/dates.h"
#include "web/params.h"

static const db_query q_all = {
    "budget.lines_all",
    "SELECT l.id, l.code, l.name, l.grp, l.kind, coalesce(l.parent_id, 0), coalesce(p.name, ''), "
    "l.valid_from, l.valid_to, l.source, (SELECT count(*) FROM budget_amounts a WHERE a.line_id "
    "= l.id) + (SELECT count(*) FROM budget_spending s WHERE s.line_id = l.id) FROM "
    "budget_lines l LEFT JOIN budget_lines p ON p.id = l.parent_id WHERE (?1 = 0 OR l.id = ?1) "
    "ORDER BY l.sort_order, l.id",
    NULL};
static const db_query q_code = {"budget.line_code",
                                "SELECT id FROM budget_lines WHERE code = ?1 AND id <> ?2", NULL};
static const db_query q_parent = {
    "budget.line_parent", "SELECT coalesce(parent_id, 0) FROM budget_lines WHERE id = ?1", NULL};
static const db_query q_in_force = {
    "budget.lines_in_force",
    "SELECT count(*) FROM budget_lines WHERE valid_to IS NULL OR valid_to >= ?1", NULL};
static const db_query q_ins = {
    "budget.line_ins",
    "INSERT INTO budget_lines (code, name, grp, kind, parent_id, sort_order, valid_from, source) "
    "VALUES (?1, ?2, ?3, ?4, nullif(?5, 0), (SELECT coalesce(max(sort_order), 0) + 10 FROM "
    "budget_lines), ?6, ?7)",
    NULL};
static const db_query q_upd = {
    "budget.line_upd",
    "UPDATE budget_lines SET code = ?2, name = ?3, grp = ?4, kind = ?5, parent_id = nullif(?6, "
    "0), source = ?7 WHERE id = ?1",
    NULL};
/* A budget not yet closed (draft, submitted, in force) of a year the line would no longer
 * cover once retired the day before ?2. */
static const db_query q_open_use = {
    "budget.line_open_use",
    "SELECT b.year, u.name FROM budget_amounts a JOIN budgets b ON b.id = a.budget_id JOIN units "
    "u ON u.id = b.unit_id WHERE a.line_id = ?1 AND b.status IN ('DU_THAO', 'TRINH', "
    "'DA_DUYET') AND b.year || '-01-01' >= ?2 ORDER BY b.year LIMIT 1",
    NULL};
static const db_query q_name_last = {
    "budget.line_name_last",
    "SELECT coalesce(max(until_year), 0) FROM budget_line_names WHERE line_id = ?1", NULL};
static const db_query q_name_keep = {
    "budget.line_name_keep",
    "INSERT INTO budget_line_names (line_id, until_year, name) VALUES (?1, ?2, ?3)", NULL};
static const db_query q_retire = {
    "budget.line_retire", "UPDATE budget_lines SET valid_to = date(?2, '-1 day') WHERE id = ?1",
    NULL};

bool budget_may_manage_lines(ctx *c)
{
    if (!c->user)
        return false;
    enum role r = c->user->role;
    if (r == ROLE_ADMIN)
        return true;
    /* One catalogue for the whole installation: kept by the office of the top committee. */
    return (r == ROLE_OFFICE_LEADER || r == ROLE_CLERK) &&
           org_unit_in_scope(c, org_root_unit(c->db));
}

const char *budget_line_kind_label(const char *kind)
{
    return kind && strcmp(kind, "THU") == 0 ? _("Mục thu") : _("Mục chi");
}

static const char *dup(ctx *c, db_stmt *s, int col)
{
    const char *t = db_col_text(s, col);
    return t ? arena_strdup(c->a, t) : NULL;
}

int budget_lines_all(ctx *c, int64_t id, budget_line_row **rows_r)
{
    db_stmt *s = db_stmt_get(c->db, &q_all);
    if (!s)
        return -1;
    db_bind_int(s, 1, id);
    int n = 0, cap = 32;
    budget_line_row *v = arena_alloc(c->a, sizeof *v * (size_t)cap);
    while (db_step(s) == DB_ROW) {
        if (n == cap) {
            budget_line_row *w = arena_alloc(c->a, sizeof *w * (size_t)cap * 2);
            memcpy(w, v, sizeof *v * (size_t)n);
            v = w;
            cap *= 2;
        }
        v[n++] = (budget_line_row){.id = db_col_int(s, 0),
                                   .code = dup(c, s, 1),
                                   .name = dup(c, s, 2),
                                   .grp = dup(c, s, 3),
                                   .kind = dup(c, s, 4),
                                   .parent_id = db_col_int(s, 5),
                                   .parent_name = dup(c, s, 6),
                                   .valid_from = dup(c, s, 7),
                                   .valid_to = dup(c, s, 8),
                                   .source = dup(c, s, 9),
                                   .uses = (int)db_col_int(s, 10)};
    }
    db_reset(s);
    *rows_r = v;
    return n;
}

static bool code_ok(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n < 1 || n > 30)
        return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' ||
              *p == '-'))
            return false;
    return true;
}

static int64_t one_int(ctx *c, const db_query *q, const char *t, int64_t i, bool *found)
{
    db_stmt *s = db_stmt_get(c->db, q);
    *found = false;
    if (!s)
        return 0;
    if (t)
        db_bind_text(s, 1, t);
    else
        db_bind_int(s, 1, i);
    if (q == &q_code)
        db_bind_int(s, 2, i);
    int64_t v = 0;
    if (db_step(s) == DB_ROW) {
        *found = true;
        v = db_col_int(s, 0);
    }
    db_reset(s);
    return v;
}

/* Checks the fields (nothing written); 0 or -1 with every message in e. */
static int check(ctx *c, int64_t id, const budget_line_in *in, web_err *e)
{
    if (!code_ok(in->code))
        web_err_add(e, 400, "invalid_input", "code",
                    _("Mã mục gồm 1–30 ký tự: chữ in hoa không dấu, số, dấu chấm, gạch."));
    if (!in->name || !*in->name || strlen(in->name) > 300)
        web_err_add(e, 400, "invalid_input", "name", _("Nhập tên mục (tối đa 300 ký tự)."));
    if (!in->grp || (strcmp(in->grp, "THUONG_XUYEN") != 0 && strcmp(in->grp, "DAC_THU") != 0))
        web_err_add(e, 400, "invalid_input", "grp", _("Chọn nhóm: chi thường xuyên hoặc đặc thù."));
    if (!in->kind || (strcmp(in->kind, "CHI") != 0 && strcmp(in->kind, "THU") != 0))
        web_err_add(e, 400, "invalid_input", "kind", _("Chọn loại: mục chi hoặc mục thu."));
    if (!id && !param_date(in->valid_from))
        web_err_add(e, 400, "invalid_input", "valid_from",
                    _("Nhập ngày áp dụng hợp lệ (dd/mm/yyyy)."));
    if (in->source && strlen(in->source) > 300)
        web_err_add(e, 400, "invalid_input", "source", _("Căn cứ tối đa 300 ký tự."));
    if (in->parent_id) {
        bool found;
        /* The parent exists and is not the line itself nor one below it. */
        int64_t p = in->parent_id, guard = 0;
        bool bad = p == id;
        while (!bad && p && guard++ < 16) {
            int64_t up = one_int(c, &q_parent, NULL, p, &found);
            if (!found) {
                bad = true;
                break;
            }
            p = up;
            bad = id && p == id;
        }
        if (bad)
            web_err_add(e, 400, "invalid_input", "parent_id",
                        _("Mục cha không hợp lệ (không có, hoặc là chính mục này hay mục con của "
                          "nó)."));
    }
    if (e->n)
        return -1;
    bool found;
    one_int(c, &q_code, in->code, id, &found);
    if (found)
        return bud_fail(e, 409, "code", _("Mã mục này đã có trong danh mục: chọn mã khác."));
    return 0;
}

int64_t budget_line_save(ctx *c, int64_t id, const budget_line_in *in, web_err *e)
{
    if (!budget_may_manage_lines(c))
        return bud_fail(e, 403, NULL, _("Bạn không có quyền sửa danh mục mục chi, thu."));
    budget_line_row *old = NULL;
    if (id && budget_lines_all(c, id, &old) != 1)
        return bud_fail(e, 404, NULL, _("Không tìm thấy mục chi, thu."));
    if (bud_begin(c, e) != 0)
        return -1;
    if (check(c, id, in, e) != 0) {
        db_rollback(c->db);
        return -1;
    }
    if (!id) {
        bool found;
        int64_t live = one_int(c, &q_in_force, web_today(c), 0, &found);
        if (live >= BUDGET_MAX_LINES) {
            db_rollback(c->db);
            return bud_fail(e, 422, "code",
                            _("Danh mục đã đủ số mục tối đa đang áp dụng: cho thôi áp dụng một "
                              "mục trước."));
        }
    }
    /* A rename: the years before name_from_year keep the former name. */
    if (id && strcmp(old->name, in->name) != 0) {
        int from = in->name_from_year ? in->name_from_year : atoi(web_today(c));
        bool found;
        int64_t last = one_int(c, &q_name_last, NULL, id, &found);
        if (from < 2000 || from > 2099 || from - 1 < last) {
            db_rollback(c->db);
            return bud_fail(e, 422, "name_from_year",
                            _("Năm áp dụng tên mới không hợp lệ: phải sau năm của lần đổi tên "
                              "trước."));
        }
        /* Renamed again from the same year (a typo): the former name is already kept. */
        db_stmt *k = from - 1 == last ? NULL : db_stmt_get(c->db, &q_name_keep);
        if (from - 1 != last && !k) {
            web_err_db(c, e);
            db_rollback(c->db);
            return -1;
        }
        if (k) {
            db_bind_int(k, 1, id);
            db_bind_int(k, 2, from - 1);
            db_bind_text(k, 3, old->name);
        }
        if (k && db_exec(k) != DB_DONE) {
            web_err_db(c, e);
            db_rollback(c->db);
            return -1;
        }
    }
    db_stmt *s = db_stmt_get(c->db, id ? &q_upd : &q_ins);
    if (!s) {
        web_err_db(c, e);
        db_rollback(c->db);
        return -1;
    }
    const char *source = in->source && *in->source ? in->source : _("Văn phòng cập nhật");
    if (id) {
        db_bind_int(s, 1, id);
        db_bind_text(s, 2, in->code);
        db_bind_text(s, 3, in->name);
        db_bind_text(s, 4, in->grp);
        db_bind_text(s, 5, in->kind);
        db_bind_int(s, 6, in->parent_id);
        db_bind_text(s, 7, source);
    } else {
        db_bind_text(s, 1, in->code);
        db_bind_text(s, 2, in->name);
        db_bind_text(s, 3, in->grp);
        db_bind_text(s, 4, in->kind);
        db_bind_int(s, 5, in->parent_id);
        db_bind_text(s, 6, in->valid_from);
        db_bind_text(s, 7, source);
    }
    if (db_exec(s) != DB_DONE) {
        web_err_db(c, e);
        db_rollback(c->db);
        return -1;
    }
    int64_t nid = id ? id : db_last_id(c->db);
    json_t *after =
        json_pack("{s:s, s:s, s:s, s:s, s:I}", "code", in->code, "name", in->name, "grp", in->grp,
                  "kind", in->kind, "parent_id", (json_int_t)in->parent_id);
    if (!id)
        json_object_set_new(after, "valid_from", json_string(in->valid_from));
    if (bud_commit(c, id ? "update" : "create", "budget_line", nid, after, e) != 0)
        return -1;
    return nid;
}

int budget_line_retire(ctx *c, int64_t id, const char *from, web_err *e)
{
    if (!budget_may_manage_lines(c))
        return bud_fail(e, 403, NULL, _("Bạn không có quyền sửa danh mục mục chi, thu."));
    budget_line_row *l;
    if (budget_lines_all(c, id, &l) != 1)
        return bud_fail(e, 404, NULL, _("Không tìm thấy mục chi, thu."));
    if (!param_date(from))
        return bud_fail(e, 400, "retire_from", _("Nhập ngày thôi áp dụng hợp lệ (dd/mm/yyyy)."));
    if (strcmp(from, l->valid_from) <= 0)
        return bud_fail(e, 422, "retire_from",
                        _("Ngày thôi áp dụng phải sau ngày mục bắt đầu áp dụng."));
    if (bud_begin(c, e) != 0)
        return -1;
    db_stmt *s = db_stmt_get(c->db, &q_open_use);
    if (!s) {
        web_err_db(c, e);
        db_rollback(c->db);
        return -1;
    }
    db_bind_int(s, 1, id);
    /* The line stops covering every year whose first day is on or after the retiring date
     * (a line applies to a year when its validity overlaps it). */
    db_bind_text(s, 2, from);
    const char *msg = NULL;
    if (db_step(s) == DB_ROW)
        msg = arena_printf(c->a,
                           _("Mục này đang dùng trong dự toán, quyết toán năm %d của %s chưa kết "
                             "thúc: chọn ngày thôi áp dụng sau năm đó."),
                           (int)db_col_int(s, 0), db_col_text(s, 1));
    db_reset(s);
    if (msg) {
        db_rollback(c->db);
        return bud_fail(e, 409, "retire_from", msg);
    }
    s = db_stmt_get(c->db, &q_retire);
    if (!s) {
        web_err_db(c, e);
        db_rollback(c->db);
        return -1;
    }
    db_bind_int(s, 1, id);
    db_bind_text(s, 2, from);
    if (db_exec(s) != DB_DONE) {
        web_err_db(c, e);
        db_rollback(c->db);
        return -1;
    }
    return bud_commit(c, "retire", "budget_line", id,
                      json_pack("{s:s, s:s}", "code", l->code, "retire_from", from), e);
}
