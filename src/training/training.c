/* Training records: the service (training.h). */
#include "training/training.h"

#include <string.h>

#include <jansson.h>

#include "audit/audit.h"
#include "base/i18n.h"
#include "org/org.h"
#include "web/dates.h"
#include "web/params.h"

const char *const training_kinds[] = {"politics", "state", "it", "language", "other", NULL};

const char *training_kind_label(const char *k)
{
    if (!k)
        return "";
    if (strcmp(k, "politics") == 0)
        return _("Lý luận chính trị");
    if (strcmp(k, "state") == 0)
        return _("Quản lý nhà nước");
    if (strcmp(k, "it") == 0)
        return _("Tin học");
    if (strcmp(k, "language") == 0)
        return _("Ngoại ngữ");
    return _("Khác");
}

bool training_may_write(const user *u)
{
    return u &&
           (u->role == ROLE_ADMIN || u->role == ROLE_OFFICE_LEADER || u->role == ROLE_SPECIALIST);
}

static const db_query q_list = {
    "training.list",
    "SELECT t.id, t.staff_id, s.unit_id, s.full_name, u.name, coalesce(s.position, ''), t.kind,"
    " t.name, t.level, t.certificate, t.started_on, t.ended_on, t.provider FROM training_records t"
    " JOIN staff s ON s.id = t.staff_id JOIN units u ON u.id = s.unit_id"
    " WHERE s.unit_id IN (SELECT value FROM json_each(?1)) AND (?2 = 0 OR s.unit_id = ?2)"
    " AND (?3 IS NULL OR t.kind = ?3) ORDER BY u.name, s.full_name, t.ended_on DESC LIMIT 2000",
    NULL};
static const db_query q_staff = {"training.staff", "SELECT unit_id FROM staff WHERE id = ?1", NULL};
static const db_query q_insert = {
    "training.insert",
    "INSERT INTO training_records (staff_id, kind, name, level, certificate, started_on, ended_on,"
    " provider, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    NULL};
/* The requirement in force on a date is the latest effective_from on or before it for the
 * position and kind; a staff member is due when no record of that kind ends on or before the
 * date. */
static const db_query q_due = {
    "training.due",
    "SELECT s.id, s.full_name, u.name, s.position, r.kind, r.level FROM staff s"
    " JOIN units u ON u.id = s.unit_id JOIN training_requirements r ON r.position = s.position"
    " AND r.effective_from <= ?2 AND (r.effective_to IS NULL OR r.effective_to > ?2)"
    " AND r.effective_from = (SELECT max(effective_from) FROM"
    " training_requirements r2 WHERE r2.position = r.position AND r2.kind = r.kind AND"
    " r2.effective_from <= ?2)"
    " WHERE s.active = 1 AND s.unit_id IN (SELECT value FROM json_each(?1)) AND NOT EXISTS"
    " (SELECT 1 FROM training_records t WHERE t.staff_id = s.id AND t.kind = r.kind AND"
    " t.ended_on <= ?2) ORDER BY u.name, s.full_name, r.kind LIMIT 2000",
    NULL};
static const db_query q_req = {
    "training.req",
    "INSERT INTO training_requirements (position, kind, level, effective_from) VALUES (?1, ?2,"
    " ?3, ?4) ON CONFLICT (position, kind, effective_from) DO UPDATE SET level = ?3",
    NULL};

static const char *dup(ctx *c, db_stmt *s, int i)
{
    return arena_strdup(c->a, db_col_text(s, i));
}

int training_list(ctx *c, int64_t unit_id, const char *kind, training_record **rows_r)
{
    *rows_r = NULL;
    db_stmt *s = db_stmt_get(c->db, &q_list);
    if (!s)
        return -1;
    db_bind_text(s, 1, org_scope_json(c));
    db_bind_int(s, 2, unit_id);
    db_bind_text(s, 3, kind);
    int n = 0, cap = 16, rc;
    training_record *v = arena_alloc(c->a, (size_t)cap * sizeof *v);
    while ((rc = db_step(s)) == DB_ROW) {
        ARENA_GROW(c->a, v, n, cap);
        training_record *r = &v[n++];
        r->id = db_col_int(s, 0);
        r->staff_id = db_col_int(s, 1);
        r->unit_id = db_col_int(s, 2);
        r->staff_name = dup(c, s, 3);
        r->unit_name = dup(c, s, 4);
        r->position = dup(c, s, 5);
        r->kind = dup(c, s, 6);
        r->name = dup(c, s, 7);
        r->level = dup(c, s, 8);
        r->certificate = dup(c, s, 9);
        r->started_on = dup(c, s, 10);
        r->ended_on = dup(c, s, 11);
        r->provider = dup(c, s, 12);
    }
    db_reset(s);
    *rows_r = v;
    return rc == DB_DONE ? n : -1;
}

int training_due_list(ctx *c, const char *date, training_due **rows_r)
{
    *rows_r = NULL;
    db_stmt *s = db_stmt_get(c->db, &q_due);
    if (!s)
        return -1;
    db_bind_text(s, 1, org_scope_json(c));
    db_bind_text(s, 2, date);
    int n = 0, cap = 16, rc;
    training_due *v = arena_alloc(c->a, (size_t)cap * sizeof *v);
    while ((rc = db_step(s)) == DB_ROW) {
        ARENA_GROW(c->a, v, n, cap);
        training_due *r = &v[n++];
        r->staff_id = db_col_int(s, 0);
        r->staff_name = dup(c, s, 1);
        r->unit_name = dup(c, s, 2);
        r->position = dup(c, s, 3);
        r->kind = dup(c, s, 4);
        r->level = dup(c, s, 5);
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

static const char *opt(const char *s)
{
    return s ? s : "";
}

int64_t training_create(ctx *c, const training_record *in, web_err *e)
{
    memset(e, 0, sizeof *e);
    if (!training_may_write(c->user)) {
        web_err_add(e, 403, "forbidden", NULL, _("Bạn không có quyền ghi đào tạo, bồi dưỡng."));
        return -1;
    }
    if (in->staff_id <= 0)
        web_err_add(e, 400, "invalid_input", "staff_id", _("Hãy chọn cán bộ."));
    if (!in_list(in->kind, training_kinds))
        web_err_add(e, 400, "invalid_input", "kind", _("Hãy chọn loại đào tạo."));
    if (!in->name || !*in->name || strlen(in->name) > 300)
        web_err_add(e, 400, "invalid_input", "name", _("Hãy nhập tên khóa học."));
    if (!in->started_on || !param_date(in->started_on))
        web_err_add(e, 400, "invalid_input", "started_on", _("Hãy nhập ngày bắt đầu."));
    if (!in->ended_on || !param_date(in->ended_on))
        web_err_add(e, 400, "invalid_input", "ended_on", _("Hãy nhập ngày kết thúc."));
    else if (in->started_on && param_date(in->started_on) &&
             strcmp(in->ended_on, in->started_on) < 0)
        web_err_add(e, 400, "invalid_input", "ended_on",
                    _("Ngày kết thúc không được trước ngày bắt đầu."));
    if (strlen(opt(in->level)) > 200 || strlen(opt(in->certificate)) > 200 ||
        strlen(opt(in->provider)) > 300)
        web_err_add(e, 400, "invalid_input", "provider", _("Nội dung quá dài."));
    if (e->n)
        return -1;
    db_stmt *s = db_stmt_get(c->db, &q_staff);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, in->staff_id);
    int64_t uid = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
    db_reset(s);
    if (!uid || !org_unit_in_scope(c, uid)) {
        web_err_add(e, 400, "invalid_input", "staff_id", _("Không tìm thấy cán bộ này."));
        return -1;
    }
    if (db_begin_write(c->db) != 0) {
        web_err_db(c, e);
        return -1;
    }
    s = db_stmt_get(c->db, &q_insert);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, in->staff_id);
    db_bind_text(s, 2, in->kind);
    db_bind_text(s, 3, in->name);
    db_bind_text(s, 4, opt(in->level));
    db_bind_text(s, 5, opt(in->certificate));
    db_bind_text(s, 6, in->started_on);
    db_bind_text(s, 7, in->ended_on);
    db_bind_text(s, 8, opt(in->provider));
    db_bind_int(s, 9, c->user->id);
    db_bind_text(s, 10, web_now_iso(c));
    if (db_exec(s) != DB_DONE)
        return web_err_rollback(c, e);
    int64_t id = db_last_id(c->db);
    if (audit_commit(c->db, c->user, "training.create", "training", id,
                     json_pack("{s:I, s:s, s:s, s:s}", "staff_id", (json_int_t)in->staff_id, "kind",
                               in->kind, "name", in->name, "ended_on", in->ended_on)) != 0) {
        web_err_db(c, e);
        return -1;
    }
    return id;
}

int64_t training_requirement_add(ctx *c, const char *position, const char *kind, const char *level,
                                 const char *effective_from, web_err *e)
{
    memset(e, 0, sizeof *e);
    if (!c->user || c->user->role != ROLE_ADMIN) {
        web_err_add(e, 403, "forbidden", NULL, _("Chỉ quản trị viên sửa quy định đào tạo."));
        return -1;
    }
    if (!position || !*position || strlen(position) > 200)
        web_err_add(e, 400, "invalid_input", "position", _("Hãy nhập chức vụ."));
    if (!in_list(kind, training_kinds))
        web_err_add(e, 400, "invalid_input", "kind", _("Hãy chọn loại đào tạo."));
    if (!effective_from || !param_date(effective_from))
        web_err_add(e, 400, "invalid_input", "effective_from", _("Hãy nhập ngày áp dụng."));
    if (e->n)
        return -1;
    if (db_begin_write(c->db) != 0) {
        web_err_db(c, e);
        return -1;
    }
    db_stmt *s = db_stmt_get(c->db, &q_req);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_text(s, 1, position);
    db_bind_text(s, 2, kind);
    db_bind_text(s, 3, opt(level));
    db_bind_text(s, 4, effective_from);
    if (db_exec(s) != DB_DONE)
        return web_err_rollback(c, e);
    int64_t id = db_last_id(c->db);
    if (audit_commit(c->db, c->user, "training.requirement", "training", id,
                     json_pack("{s:s, s:s, s:s}", "position", position, "kind", kind,
                               "effective_from", effective_from)) != 0) {
        web_err_db(c, e);
        return -1;
    }
    return id;
}
