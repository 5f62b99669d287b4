/* Party commendations (awards.h): organisations and members, by form and basis, per year. */
#include <string.h>

#include <jansson.h>

#include "audit/audit.h"
#include "awards/awards.h"
#include "base/i18n.h"
#include "org/org.h"
#include "outgoing/outgoing.h"
#include "web/dates.h"
#include "web/params.h"

const char *const awards_comm_forms[] = {"praise", "certificate", "merit", "flag", NULL};
const char *const awards_comm_bases[] = {"yearly", "five_years", "outstanding", "thematic", NULL};

const char *awards_comm_form_label(const char *f)
{
    if (!f)
        return "";
    if (strcmp(f, "praise") == 0)
        return _("Biểu dương");
    if (strcmp(f, "certificate") == 0)
        return _("Giấy khen");
    if (strcmp(f, "merit") == 0)
        return _("Bằng khen");
    if (strcmp(f, "flag") == 0)
        return _("Cờ thi đua");
    return f;
}

const char *awards_comm_basis_label(const char *b)
{
    if (!b)
        return "";
    if (strcmp(b, "yearly") == 0)
        return _("Hằng năm (HTXSNV)");
    if (strcmp(b, "five_years") == 0)
        return _("HTXSNV tiêu biểu 5 năm liền");
    if (strcmp(b, "outstanding") == 0)
        return _("Đột xuất");
    if (strcmp(b, "thematic") == 0)
        return _("Chuyên đề");
    return b;
}

static const db_query q_list = {
    "awards.comm_list",
    "SELECT k.id, k.target, k.unit_id, u.name, k.member_id, m.full_name, k.form, k.basis, k.year,"
    " k.reason, k.proposal_no, k.decision_no, k.decision_on, k.decided_by,"
    " coalesce(k.decision_outgoing_id, 0) FROM commendations k"
    " JOIN units u ON u.id = k.unit_id LEFT JOIN party_members m ON m.id = k.member_id"
    " WHERE (?1 = 0 OR k.year = ?1) AND k.unit_id IN (SELECT value FROM json_each(?2))"
    " ORDER BY k.year DESC, k.decision_on DESC, k.id DESC LIMIT 2000",
    NULL};
static const db_query q_member_unit = {"awards.comm_member",
                                       "SELECT unit_id FROM party_members WHERE id = ?1", NULL};
static const db_query q_insert = {
    "awards.comm_insert",
    "INSERT INTO commendations (target, unit_id, member_id, form, basis, year, reason,"
    " proposal_no, decision_no, decision_on, decided_by, created_by, created_at,"
    " decision_outgoing_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    NULL};

int awards_comm_list(ctx *c, int year, commendation **rows_r)
{
    *rows_r = NULL;
    db_stmt *s = db_stmt_get(c->db, &q_list);
    if (!s)
        return -1;
    db_bind_int(s, 1, year);
    db_bind_text(s, 2, org_scope_json(c));
    int n = 0, cap = 16, rc;
    commendation *v = arena_alloc(c->a, (size_t)cap * sizeof *v);
    while ((rc = db_step(s)) == DB_ROW) {
        ARENA_GROW(c->a, v, n, cap);
        commendation *k = &v[n++];
        k->id = db_col_int(s, 0);
        k->target = arena_strdup(c->a, db_col_text(s, 1));
        k->unit_id = db_col_int(s, 2);
        k->unit_name = arena_strdup(c->a, db_col_text(s, 3));
        k->member_id = db_col_null(s, 4) ? 0 : db_col_int(s, 4);
        k->member_name = arena_strdup(c->a, db_col_text(s, 5));
        k->form = arena_strdup(c->a, db_col_text(s, 6));
        k->basis = arena_strdup(c->a, db_col_text(s, 7));
        k->year = (int)db_col_int(s, 8);
        k->reason = arena_strdup(c->a, db_col_text(s, 9));
        k->proposal_no = arena_strdup(c->a, db_col_text(s, 10));
        k->decision_no = arena_strdup(c->a, db_col_text(s, 11));
        k->decision_on = arena_strdup(c->a, db_col_text(s, 12));
        k->decided_by = arena_strdup(c->a, db_col_text(s, 13));
        k->decision_outgoing_id = db_col_int(s, 14);
    }
    db_reset(s);
    *rows_r = v;
    return rc == DB_DONE ? n : -1;
}

static bool in_list(const char *v, const char *const *l)
{
    for (; v && *l; l++)
        if (strcmp(v, *l) == 0)
            return true;
    return false;
}

int64_t awards_comm_create(ctx *c, const commendation *in, web_err *e)
{
    memset(e, 0, sizeof *e);
    if (!awards_may_write(c->user)) {
        web_err_add(e, 403, "forbidden", NULL, _("Bạn không có quyền ghi khen thưởng."));
        return -1;
    }
    bool member = in->target && strcmp(in->target, "member") == 0;
    if (!in->target || (!member && strcmp(in->target, "unit") != 0))
        web_err_add(e, 400, "invalid_input", "target",
                    _("Hãy chọn đối tượng: tổ chức hoặc đảng viên."));
    if (!in_list(in->form, awards_comm_forms))
        web_err_add(e, 400, "invalid_input", "form", _("Hãy chọn hình thức khen thưởng."));
    if (!in_list(in->basis, awards_comm_bases))
        web_err_add(e, 400, "invalid_input", "basis", _("Hãy chọn loại khen thưởng."));
    if (in->year < 1930 || in->year > 2100)
        web_err_add(e, 400, "invalid_input", "year", _("Năm khen thưởng không hợp lệ."));
    if (!in->reason || !*in->reason || strlen(in->reason) > 2000)
        web_err_add(e, 400, "invalid_input", "reason", _("Hãy ghi thành tích được khen."));
    if (in->decision_on && *in->decision_on && !param_date(in->decision_on))
        web_err_add(e, 400, "invalid_input", "decision_on", _("Ngày quyết định không hợp lệ."));
    /* A member cannot receive a flag (cờ is for organisations, 29-QĐ/TW 27.2). */
    if (member && in->form && strcmp(in->form, "flag") == 0)
        web_err_add(e, 400, "invalid_input", "form", _("Cờ thi đua chỉ tặng cho tổ chức đảng."));
    const char *dno = in->decision_no, *don = in->decision_on;
    if (in->decision_outgoing_id > 0) {
        const outgoing *o = outgoing_get(c, in->decision_outgoing_id);
        if (!o || o->status != OUT_ISSUED || !o->notation || !o->issued_date)
            web_err_add(e, 400, "invalid_input", "outgoing_id",
                        _("Không tìm thấy văn bản quyết định đã phát hành này."));
        else
            dno = o->notation, don = o->issued_date;
    }
    if (e->n)
        return -1;
    int64_t uid = in->unit_id;
    if (member) {
        db_stmt *s = db_stmt_get(c->db, &q_member_unit);
        if (!s)
            return web_err_rollback(c, e);
        db_bind_int(s, 1, in->member_id);
        uid = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
        db_reset(s);
        if (!uid || !org_unit_in_scope(c, uid)) {
            web_err_add(e, 400, "invalid_input", "member_id", _("Không tìm thấy đảng viên này."));
            return -1;
        }
    } else if (uid <= 0 || !org_unit_in_scope(c, uid)) {
        web_err_add(e, 400, "invalid_input", "unit_id", _("Hãy chọn tổ chức đảng được khen."));
        return -1;
    }
    if (db_begin_write(c->db) != 0) {
        web_err_db(c, e);
        return -1;
    }
    db_stmt *s = db_stmt_get(c->db, &q_insert);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_text(s, 1, member ? "member" : "unit");
    db_bind_int(s, 2, uid);
    if (member)
        db_bind_int(s, 3, in->member_id);
    else
        db_bind_null(s, 3);
    db_bind_text(s, 4, in->form);
    db_bind_text(s, 5, in->basis);
    db_bind_int(s, 6, in->year);
    db_bind_text(s, 7, in->reason);
    db_bind_text(s, 8, in->proposal_no ? in->proposal_no : "");
    db_bind_text(s, 9, dno ? dno : "");
    db_bind_text(s, 10, don && *don ? don : NULL);
    db_bind_text(s, 11, in->decided_by ? in->decided_by : "");
    db_bind_int(s, 12, c->user->id);
    db_bind_text(s, 13, web_now_iso(c));
    if (in->decision_outgoing_id > 0)
        db_bind_int(s, 14, in->decision_outgoing_id);
    else
        db_bind_null(s, 14);
    if (db_exec(s) != DB_DONE)
        return web_err_rollback(c, e);
    int64_t id = db_last_id(c->db);
    if (audit_commit(c->db, c->user, "commendation.create", "commendation", id,
                     json_pack("{s:s, s:s, s:s, s:i}", "target", member ? "member" : "unit", "form",
                               in->form, "basis", in->basis, "year", in->year)) != 0) {
        web_err_db(c, e);
        return -1;
    }
    return id;
}
