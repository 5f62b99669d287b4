/* A member's status changes and discipline, dated, with history (members.h). A change writes
 * its history row and the member's current state (status, retired, student, fee category and
 * basis) in one transaction with its audit row. Discipline rows go to member_disciplines, the
 * table awards/ reads for the badge wait (form, decided_on): that contract is unchanged, the
 * decision number is a column added beside it. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "audit/audit.h"
#include "base/i18n.h"
#include "db/db.h"
#include "members/members.h"
#include "members/members_impl.h"
#include "web/dates.h"
#include "web/params.h"
#include "web/respond.h"

const char *const member_event_kinds[] = {"retired",   "student",  "abroad",     "returned",
                                          "moved_out", "deceased", "struck_off", NULL};
static const char *const event_labels[] = {
    N_("Nghỉ hưu"), N_("Đi học (học sinh, sinh viên)"), N_("Công tác, học tập ở nước ngoài"),
    N_("Về nước"),  N_("Chuyển sinh hoạt ra ngoài"),    N_("Từ trần"),
    N_("Xóa tên")};

const char *const member_discipline_forms[] = {"reprimand", "warning", "dismissal", NULL};
static const char *const discipline_labels[] = {N_("Khiển trách"), N_("Cảnh cáo"), N_("Cách chức")};

static int index_of(const char *const *list, const char *code)
{
    for (int i = 0; code && list[i]; i++)
        if (strcmp(list[i], code) == 0)
            return i;
    return -1;
}

const char *member_event_label(const char *kind)
{
    int i = index_of(member_event_kinds, kind);
    return i < 0 ? _("Không rõ") : _(event_labels[i]);
}

const char *member_discipline_label(const char *form)
{
    int i = index_of(member_discipline_forms, form);
    return i < 0 ? _("Không rõ") : _(discipline_labels[i]);
}

static const db_query q_event = {
    "members.event",
    "INSERT INTO member_status_events (member_id, kind, happened_on, decision_no, fee_basis,"
    " prev_category, note, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    NULL};
/* The member's current state after the change; ?3.. NULL keeps a column. */
static const db_query q_apply = {
    "members.apply_event",
    "UPDATE party_members SET status = COALESCE(?2, status),"
    " status_on = CASE WHEN ?2 IS NULL THEN status_on ELSE ?3 END,"
    " retired = COALESCE(?4, retired), student = COALESCE(?5, student),"
    " fee_category = COALESCE(?6, fee_category), fee_basis = COALESCE(?7, fee_basis),"
    " updated_at = ?8 WHERE id = ?1",
    NULL};
static const db_query q_last_abroad = {
    "members.last_abroad",
    "SELECT COALESCE(prev_category, 'BHXH') FROM member_status_events WHERE member_id = ?1"
    " AND kind = 'abroad' ORDER BY happened_on DESC, id DESC LIMIT 1",
    NULL};
static const db_query q_events = {
    "members.events",
    "SELECT e.id, e.kind, e.happened_on, e.decision_no, COALESCE(e.fee_basis, -1), e.note,"
    " COALESCE(u.name, '') FROM member_status_events e LEFT JOIN users u ON"
    " u.id = e.created_by WHERE e.member_id = ?1 ORDER BY e.happened_on, e.id LIMIT 200",
    NULL};
static const db_query q_disc = {
    "members.discipline",
    "INSERT INTO member_disciplines (member_id, form, decided_on, decision_no, note, created_by,"
    " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    NULL};
static const db_query q_discs = {
    "members.disciplines",
    "SELECT d.id, d.form, d.decided_on, d.decision_no, d.note, COALESCE(u.name, '')"
    " FROM member_disciplines d LEFT JOIN users u ON u.id = d.created_by"
    " WHERE d.member_id = ?1 ORDER BY d.decided_on, d.id LIMIT 200",
    NULL};

/* The date of a change: a real date, not after today, not before the admission. */
static void check_date(ctx *c, const member *m, const char *on, const char *field, web_err *e)
{
    if (!on || !*on || !param_date(on))
        web_err_add(e, 400, "invalid_input", field, _("Hãy nhập ngày hợp lệ (dd/mm/yyyy)."));
    else if (strcmp(on, web_today(c)) > 0)
        web_err_add(e, 400, "invalid_input", field, _("Ngày không được sau hôm nay."));
    else if (m->admitted_on && *m->admitted_on && strcmp(on, m->admitted_on) < 0)
        web_err_add(e, 400, "invalid_input", field, _("Ngày không được trước ngày vào Đảng."));
}

/* The member, writable by the caller (a chi bộ's clerk or unit account in scope). */
static const member *writable(ctx *c, int64_t id, web_err *e)
{
    const member *m = members_get(c, id);
    if (!m) {
        web_err_add(e, 404, "not_found", NULL, _("Không tìm thấy đảng viên."));
        return NULL;
    }
    if (!members_may_write(c, m->unit_id)) {
        web_err_add(e, 403, "forbidden", NULL,
                    _("Bạn không có quyền ghi thay đổi cho đảng viên này."));
        return NULL;
    }
    return m;
}

int64_t members_status_add(ctx *c, int64_t id, const char *kind, const char *on,
                           const char *decision_no, int64_t fee_basis, const char *note, web_err *e)
{
    const member *m = writable(c, id, e);
    if (!m)
        return -1;
    on = mem_date_in(c, on);
    int k = index_of(member_event_kinds, kind);
    if (k < 0)
        web_err_add(e, 400, "invalid_input", "kind", _("Hãy chọn loại thay đổi."));
    check_date(c, m, on, "happened_on", e);
    const char *err = NULL;
    const char *dn = field_text(c, decision_no, _("Số quyết định"), 100, false, &err);
    if (err)
        web_err_add(e, 400, "invalid_input", "decision_no", err);
    err = NULL;
    const char *nt = field_text(c, note, _("Ghi chú"), MEMBER_NOTE_MAX, false, &err);
    if (err)
        web_err_add(e, 400, "invalid_input", "note", err);
    if (fee_basis > 10000000000LL)
        web_err_add(e, 400, "invalid_input", "fee_basis", _("Mức căn cứ không hợp lệ."));
    if (k == 0 && fee_basis < 0)
        web_err_add(e, 400, "invalid_input", "fee_basis",
                    _("Hãy nhập lương hưu hằng tháng (đồng): căn cứ đóng đảng phí khi nghỉ hưu."));
    if (k >= 0 && strcmp(m->status, "active") != 0)
        web_err_add(e, 409, "conflict", "kind",
                    _("Đảng viên không còn sinh hoạt ở đây; không ghi thêm thay đổi."));
    else if (k == 3 && strcmp(m->fee_category, "NUOC_NGOAI") != 0)
        web_err_add(e, 409, "conflict", "kind", _("Đảng viên không ở nước ngoài."));
    else if (k == 2 && strcmp(m->fee_category, "NUOC_NGOAI") == 0)
        web_err_add(e, 409, "conflict", "kind", _("Đảng viên đã được ghi là ở nước ngoài."));
    if (e->n)
        return -1;
    if (db_begin_write(c->db) != 0) {
        web_err_add(e, 503, "busy", NULL, _("Cơ sở dữ liệu đang bận, vui lòng thử lại."));
        return -1;
    }
    /* the state the change leaves: NULL keeps a column */
    const char *status = NULL, *cat = NULL;
    int retired = -1, student = -1;
    int64_t basis = fee_basis;
    switch (k) {
    case 0:
        retired = 1, student = 0, cat = "HUU_TRI";
        break;
    case 1:
        student = 1, cat = "HOC_SINH_SINH_VIEN", basis = 0;
        break;
    case 2:
        cat = "NUOC_NGOAI";
        break;
    case 3: {
        db_stmt *q = db_stmt_get(c->db, &q_last_abroad);
        if (!q)
            return web_err_rollback(c, e);
        db_bind_int(q, 1, id);
        cat = db_step(q) == DB_ROW ? arena_strdup(c->a, db_col_text(q, 0)) : "BHXH";
        db_reset(q);
        break;
    }
    case 4:
        status = "moved_out";
        break;
    case 5:
        status = "deceased";
        break;
    default:
        status = "removed";
        break;
    }
    const char *now = mem_now(c);
    db_stmt *s = db_stmt_get(c->db, &q_event);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, id);
    db_bind_text(s, 2, kind);
    db_bind_text(s, 3, on);
    db_bind_text(s, 4, dn ? dn : "");
    if (fee_basis >= 0)
        db_bind_int(s, 5, fee_basis);
    db_bind_text(s, 6, m->fee_category);
    db_bind_text(s, 7, nt ? nt : "");
    db_bind_int(s, 8, c->user->id);
    db_bind_text(s, 9, now);
    if (db_exec(s) != DB_DONE)
        return web_err_rollback(c, e);
    int64_t ev = db_last_id(c->db);
    s = db_stmt_get(c->db, &q_apply);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, id);
    if (status)
        db_bind_text(s, 2, status);
    db_bind_text(s, 3, on);
    if (retired >= 0)
        db_bind_int(s, 4, retired);
    if (student >= 0)
        db_bind_int(s, 5, student);
    if (cat)
        db_bind_text(s, 6, cat);
    if (basis >= 0)
        db_bind_int(s, 7, basis);
    db_bind_text(s, 8, now);
    if (db_exec(s) != DB_DONE)
        return web_err_rollback(c, e);
    if (audit_commit(c->db, c->user, "members.status", "party_member", id,
                     json_pack("{s:s, s:s, s:s}", "kind", kind, "happened_on", on, "decision_no",
                               dn ? dn : "")) != 0) {
        web_err_db(c, e);
        return -1;
    }
    return ev;
}

int members_status_history(ctx *c, int64_t id, member_event **rows_r)
{
    *rows_r = NULL;
    if (!members_get(c, id))
        return 0;
    db_stmt *s = db_stmt_get(c->db, &q_events);
    if (!s)
        return -1;
    db_bind_int(s, 1, id);
    member_event *v = arena_alloc(c->a, sizeof *v * 200);
    int n = 0;
    while (n < 200 && db_step(s) == DB_ROW) {
        v[n].id = db_col_int(s, 0);
        v[n].kind = arena_strdup(c->a, db_col_text(s, 1));
        v[n].on = arena_strdup(c->a, db_col_text(s, 2));
        v[n].decision_no = arena_strdup(c->a, db_col_text(s, 3));
        v[n].fee_basis = db_col_int(s, 4);
        v[n].note = arena_strdup(c->a, db_col_text(s, 5));
        v[n].by = arena_strdup(c->a, db_col_text(s, 6));
        n++;
    }
    db_reset(s);
    *rows_r = v;
    return n;
}

int64_t members_discipline_add(ctx *c, int64_t id, const char *form, const char *on,
                               const char *decision_no, const char *note, web_err *e)
{
    const member *m = writable(c, id, e);
    if (!m)
        return -1;
    on = mem_date_in(c, on);
    if (index_of(member_discipline_forms, form) < 0)
        web_err_add(e, 400, "invalid_input", "form", _("Hãy chọn hình thức kỷ luật."));
    check_date(c, m, on, "decided_on", e);
    const char *err = NULL;
    const char *dn = field_text(c, decision_no, _("Số quyết định"), 100, true, &err);
    if (err)
        web_err_add(e, 400, "invalid_input", "decision_no", err);
    err = NULL;
    const char *nt = field_text(c, note, _("Ghi chú"), MEMBER_NOTE_MAX, false, &err);
    if (err)
        web_err_add(e, 400, "invalid_input", "note", err);
    if (e->n)
        return -1;
    if (db_begin_write(c->db) != 0) {
        web_err_add(e, 503, "busy", NULL, _("Cơ sở dữ liệu đang bận, vui lòng thử lại."));
        return -1;
    }
    db_stmt *s = db_stmt_get(c->db, &q_disc);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, id);
    db_bind_text(s, 2, form);
    db_bind_text(s, 3, on);
    db_bind_text(s, 4, dn);
    db_bind_text(s, 5, nt ? nt : "");
    db_bind_int(s, 6, c->user->id);
    db_bind_text(s, 7, mem_now(c));
    if (db_exec(s) != DB_DONE)
        return web_err_rollback(c, e);
    int64_t did = db_last_id(c->db);
    if (audit_commit(
            c->db, c->user, "members.discipline", "party_member", id,
            json_pack("{s:s, s:s, s:s}", "form", form, "decided_on", on, "decision_no", dn)) != 0) {
        web_err_db(c, e);
        return -1;
    }
    return did;
}

int members_disciplines(ctx *c, int64_t id, member_discipline **rows_r)
{
    *rows_r = NULL;
    if (!members_get(c, id))
        return 0;
    db_stmt *s = db_stmt_get(c->db, &q_discs);
    if (!s)
        return -1;
    db_bind_int(s, 1, id);
    member_discipline *v = arena_alloc(c->a, sizeof *v * 200);
    int n = 0;
    while (n < 200 && db_step(s) == DB_ROW) {
        v[n].id = db_col_int(s, 0);
        v[n].form = arena_strdup(c->a, db_col_text(s, 1));
        v[n].on = arena_strdup(c->a, db_col_text(s, 2));
        v[n].decision_no = arena_strdup(c->a, db_col_text(s, 3));
        v[n].note = arena_strdup(c->a, db_col_text(s, 4));
        v[n].by = arena_strdup(c->a, db_col_text(s, 5));
        n++;
    }
    db_reset(s);
    *rows_r = v;
    return n;
}
