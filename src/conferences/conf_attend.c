/* Who comes: the invited units' answers, check-in on the day, attendance by category, the
 * roll-up per unit, per parent unit and overall, and the units' study-results reports
 * (conferences.h). */
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/i18n.h"
#include "conferences/conf_impl.h"
#include "conferences/conferences.h"
#include "incoming/incoming.h"
#include "org/org.h"
#include "outgoing/outgoing.h"
#include "web/dates.h"

static const db_query q_answer = {
    "conf.answer",
    "UPDATE conference_invitees SET response = ?3, reason = ?4, substitute_name = ?5, "
    "responded_by = ?6, responded_at = ?7 WHERE conference_id = ?1 AND unit_id = ?2",
    NULL};

/* A refusal for a unit the caller may not answer for (403), or one not invited (400). */
static int not_answerable(ctx *c, const conference *k, int64_t unit_id, web_err *e)
{
    /* Who the caller is comes first: a role or a unit it may never answer for is 403 whether
     * or not that unit is invited. */
    bool could = c->user->role != ROLE_ADMIN && c->user->role != ROLE_SPECIALIST &&
                 org_unit_in_scope(c, unit_id);
    if (could && !conf_is_invitee(c->db, k->id, unit_id))
        return conf_refuse(e, 400, "unit_id", _("Đơn vị này không được mời dự hội nghị."));
    return conf_refuse(e, 403, NULL, _("Bạn không trả lời thay đơn vị này được."));
}

int conf_answer(ctx *c, int64_t id, int64_t unit_id, const char *response, const char *reason,
                const char *substitute, web_err *e)
{
    const conference *k = conf_for_change(c, id, false, e);
    if (!k)
        return -1;
    if (!conf_may_answer(c, k, unit_id))
        return not_answerable(c, k, unit_id, e);
    if (k->minutes_id)
        return conf_refuse(e, 409, NULL, _("Hội nghị đã kết thúc; không trả lời được nữa."));
    bool attend = response && strcmp(response, "attend") == 0,
         decline = response && strcmp(response, "decline") == 0,
         subst = response && strcmp(response, "substitute") == 0;
    if (!attend && !decline && !subst)
        return conf_refuse(e, 400, "response", _("Hãy chọn: tham dự, vắng hoặc cử người dự thay."));
    if (reason && !*reason)
        reason = NULL;
    if (substitute && !*substitute)
        substitute = NULL;
    if (decline && !reason)
        conf_refuse(e, 400, "reason", _("Vắng mặt cần nêu lý do."));
    if (subst && !substitute)
        conf_refuse(e, 400, "substitute", _("Hãy ghi họ tên, chức vụ người dự thay."));
    if ((reason && strlen(reason) > CONF_MAX_TEXT) ||
        (substitute && strlen(substitute) > CONF_MAX_TITLE))
        conf_refuse(e, 400, decline ? "reason" : "substitute", _("Nội dung quá dài."));
    if (e->n)
        return -1;
    if (conf_begin(c, e) != 0)
        return -1;
    db_stmt *s = db_stmt_get(c->db, &q_answer);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, id);
    db_bind_int(s, 2, unit_id);
    db_bind_text(s, 3, response);
    if (!attend && reason)
        db_bind_text(s, 4, reason);
    if (subst)
        db_bind_text(s, 5, substitute);
    db_bind_int(s, 6, c->user->id);
    db_bind_text(s, 7, web_now_iso(c));
    if (db_exec(s) != DB_DONE)
        return web_err_rollback(c, e);
    json_t *after = json_pack("{s:I, s:s}", "unit_id", (json_int_t)unit_id, "response", response);
    if (!attend && reason)
        json_object_set_new(after, "reason", json_string(reason));
    if (subst)
        json_object_set_new(after, "substitute_name", json_string(substitute));
    return conf_commit(c, "conference.answer", id, after, e);
}

static const db_query q_checkin = {
    "conf.checkin",
    "UPDATE conference_invitees SET checked_in_at = ?3, checked_in_by = ?4 WHERE conference_id = "
    "?1 AND unit_id = ?2",
    NULL};

int conf_checkin(ctx *c, int64_t id, int64_t unit_id, bool in, web_err *e)
{
    const conference *k = conf_for_change(c, id, true, e);
    if (!k)
        return -1;
    if (!conf_is_invitee(c->db, id, unit_id))
        return conf_refuse(e, 400, "unit_id", _("Đơn vị này không được mời dự hội nghị."));
    /* Check-in is for the day itself: not before the conference's date. */
    if (in && strcmp(web_today(c), conf_date_of(c, k->starts_at)) < 0)
        return conf_refuse(e, 409, NULL, _("Chưa đến ngày hội nghị; chưa điểm danh được."));
    if (conf_begin(c, e) != 0)
        return -1;
    db_stmt *s = db_stmt_get(c->db, &q_checkin);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, id);
    db_bind_int(s, 2, unit_id);
    if (in) {
        db_bind_text(s, 3, web_now_iso(c));
        db_bind_int(s, 4, c->user->id);
    }
    if (db_exec(s) != DB_DONE)
        return web_err_rollback(c, e);
    return conf_commit(c, in ? "conference.checkin" : "conference.checkin_undo", id,
                       json_pack("{s:I}", "unit_id", (json_int_t)unit_id), e);
}

static const db_query q_attendance_set = {
    "conf.attendance_set",
    "INSERT INTO conference_attendance (conference_id, unit_id, membership, committee_members, "
    "party_members, non_members, absent_with_reason, absent_without_reason, recorded_by, "
    "recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT (conference_id, "
    "unit_id) DO UPDATE SET membership = ?3, committee_members = ?4, party_members = ?5, "
    "non_members = ?6, absent_with_reason = ?7, absent_without_reason = ?8, recorded_by = ?9, "
    "recorded_at = ?10",
    NULL};

static bool count_ok(int v)
{
    return v >= 0 && v <= CONF_MAX_COUNT;
}

int conf_attendance_set(ctx *c, int64_t id, const conf_attendance *a, web_err *e)
{
    const conference *k = conf_for_change(c, id, false, e);
    if (!k)
        return -1;
    if (!conf_may_manage(c, k) && !conf_may_answer(c, k, a->unit_id))
        return not_answerable(c, k, a->unit_id, e);
    if (!conf_is_invitee(c->db, id, a->unit_id))
        return conf_refuse(e, 400, "unit_id", _("Đơn vị này không được mời dự hội nghị."));
    if (!count_ok(a->membership))
        conf_refuse(e, 400, "membership", _("Tổng số đảng viên không hợp lệ."));
    if (!count_ok(a->committee_members))
        conf_refuse(e, 400, "committee_members", _("Số cấp ủy viên không hợp lệ."));
    if (!count_ok(a->party_members))
        conf_refuse(e, 400, "party_members", _("Số đảng viên có mặt không hợp lệ."));
    if (!count_ok(a->non_members))
        conf_refuse(e, 400, "non_members", _("Số quần chúng không hợp lệ."));
    if (!count_ok(a->absent_with_reason))
        conf_refuse(e, 400, "absent_with_reason", _("Số vắng có lý do không hợp lệ."));
    if (!count_ok(a->absent_without_reason))
        conf_refuse(e, 400, "absent_without_reason", _("Số vắng không lý do không hợp lệ."));
    if (e->n)
        return -1;
    if (a->committee_members > a->party_members)
        conf_refuse(e, 400, "committee_members",
                    _("Số cấp ủy viên có mặt không được lớn hơn số đảng viên có mặt."));
    if (a->party_members > a->membership)
        conf_refuse(e, 400, "party_members",
                    _("Số đảng viên có mặt không được lớn hơn tổng số đảng viên của đơn vị."));
    else if (a->party_members + a->absent_with_reason + a->absent_without_reason > a->membership)
        conf_refuse(e, 400, "absent_without_reason",
                    _("Có mặt cộng vắng mặt vượt tổng số đảng viên của đơn vị."));
    if (e->n)
        return -1;
    if (conf_begin(c, e) != 0)
        return -1;
    db_stmt *s = db_stmt_get(c->db, &q_attendance_set);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, id);
    db_bind_int(s, 2, a->unit_id);
    db_bind_int(s, 3, a->membership);
    db_bind_int(s, 4, a->committee_members);
    db_bind_int(s, 5, a->party_members);
    db_bind_int(s, 6, a->non_members);
    db_bind_int(s, 7, a->absent_with_reason);
    db_bind_int(s, 8, a->absent_without_reason);
    db_bind_int(s, 9, c->user->id);
    db_bind_text(s, 10, web_now_iso(c));
    if (db_exec(s) != DB_DONE)
        return web_err_rollback(c, e);
    return conf_commit(c, "conference.attendance", id,
                       json_pack("{s:I, s:i, s:i, s:i, s:i, s:i, s:i}", "unit_id",
                                 (json_int_t)a->unit_id, "membership", a->membership,
                                 "committee_members", a->committee_members, "party_members",
                                 a->party_members, "non_members", a->non_members,
                                 "absent_with_reason", a->absent_with_reason,
                                 "absent_without_reason", a->absent_without_reason),
                       e);
}

/* ---- the roll-up ------------------------------------------------------------------------ */

/* Every invited unit with its attendance (zeros when not recorded) and its parent, grouped by
 * parent in the tree's order. */
static const db_query q_rollup = {
    "conf.rollup",
    "SELECT i.unit_id, u.name, coalesce(u.parent_id, 0), coalesce(p.name, ''), a.unit_id IS NOT "
    "NULL, coalesce(a.membership, 0), coalesce(a.committee_members, 0), "
    "coalesce(a.party_members, 0), coalesce(a.non_members, 0), coalesce(a.absent_with_reason, 0), "
    "coalesce(a.absent_without_reason, 0) FROM conference_invitees i JOIN units u ON u.id = "
    "i.unit_id LEFT JOIN units p ON p.id = u.parent_id LEFT JOIN conference_attendance a ON "
    "a.conference_id = i.conference_id AND a.unit_id = i.unit_id WHERE i.conference_id = ?1 "
    "ORDER BY coalesce(p.sort_order, 0), coalesce(u.parent_id, 0), u.sort_order, u.name",
    NULL};

static void add_into(conf_attendance *to, const conf_attendance *a)
{
    to->membership += a->membership;
    to->committee_members += a->committee_members;
    to->party_members += a->party_members;
    to->non_members += a->non_members;
    to->absent_with_reason += a->absent_with_reason;
    to->absent_without_reason += a->absent_without_reason;
    to->recorded = to->recorded || a->recorded;
}

static double pct_of(const conf_attendance *a)
{
    return a->membership > 0 ? 100.0 * a->party_members / a->membership : -1;
}

int conf_rollup_db(db *d, arena *a, int64_t id, conf_rollup_row **rows_r)
{
    *rows_r = NULL;
    db_stmt *s = db_stmt_get(d, &q_rollup);
    if (!s)
        return 0;
    db_bind_int(s, 1, id);
    int n = 0, cap = 32;
    conf_rollup_row *v = arena_alloc(a, (size_t)cap * sizeof *v);
    conf_rollup_row total = {.total = true, .a = {.unit_name = ""}};
    conf_rollup_row group = {0};
    bool in_group = false;
    int members = 0;
    while (db_step(s) == DB_ROW) {
        conf_attendance x = {.unit_id = db_col_int(s, 0),
                             .unit_name = arena_strdup(a, db_col_text(s, 1)),
                             .parent_id = db_col_int(s, 2),
                             .recorded = db_col_int(s, 4) != 0,
                             .membership = (int)db_col_int(s, 5),
                             .committee_members = (int)db_col_int(s, 6),
                             .party_members = (int)db_col_int(s, 7),
                             .non_members = (int)db_col_int(s, 8),
                             .absent_with_reason = (int)db_col_int(s, 9),
                             .absent_without_reason = (int)db_col_int(s, 10)};
        /* A new parent closes the group before it (only groups of two or more are worth a
         * subtotal line). */
        if (in_group && group.a.unit_id != x.parent_id) {
            if (members > 1) {
                ARENA_GROW(a, v, n, cap);
                group.pct = pct_of(&group.a);
                v[n++] = group;
            }
            in_group = false;
        }
        if (!in_group) {
            group = (conf_rollup_row){
                .group = true,
                .a = {.unit_id = x.parent_id, .unit_name = arena_strdup(a, db_col_text(s, 3))}};
            in_group = true;
            members = 0;
        }
        add_into(&group.a, &x);
        add_into(&total.a, &x);
        members++;
        ARENA_GROW(a, v, n, cap);
        v[n++] = (conf_rollup_row){.a = x, .pct = pct_of(&x)};
    }
    db_reset(s);
    if (in_group && members > 1) {
        ARENA_GROW(a, v, n, cap);
        group.pct = pct_of(&group.a);
        v[n++] = group;
    }
    if (n > 0) {
        ARENA_GROW(a, v, n, cap);
        total.pct = pct_of(&total.a);
        v[n++] = total;
    }
    *rows_r = v;
    return n;
}

int conf_rollup(ctx *c, int64_t id, conf_rollup_row **rows_r)
{
    *rows_r = NULL;
    if (!conf_get(c, id))
        return 0;
    return conf_rollup_db(c->db, c->a, id, rows_r);
}

/* ---- study-results reports --------------------------------------------------------------- */

static const db_query q_study = {
    "conf.study",
    "INSERT INTO conference_study_reports (conference_id, unit_id, members_total, "
    "members_attended, pct, mass_attendance, essays, action_plan_kind, action_plan_id, note, "
    "submitted_by, submitted_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) "
    "ON CONFLICT (conference_id, unit_id) DO UPDATE SET members_total = ?3, members_attended = "
    "?4, pct = ?5, mass_attendance = ?6, essays = ?7, action_plan_kind = ?8, action_plan_id = ?9, "
    "note = ?10, submitted_by = ?11, submitted_at = ?12",
    NULL};

int conf_study_submit(ctx *c, int64_t id, const conf_study *r, web_err *e)
{
    const conference *k = conf_for_change(c, id, false, e);
    if (!k)
        return -1;
    if (!conf_may_answer(c, k, r->unit_id))
        return not_answerable(c, k, r->unit_id, e);
    if (!count_ok(r->members_total) || r->members_total == 0)
        conf_refuse(e, 400, "members_total", _("Tổng số đảng viên phải lớn hơn 0."));
    if (!count_ok(r->members_attended))
        conf_refuse(e, 400, "members_attended", _("Số đảng viên tham gia không hợp lệ."));
    else if (count_ok(r->members_total) && r->members_attended > r->members_total)
        conf_refuse(e, 400, "members_attended",
                    _("Số đảng viên tham gia không được lớn hơn tổng số đảng viên."));
    if (!count_ok(r->mass_attendance))
        conf_refuse(e, 400, "mass_attendance", _("Số lượt quần chúng không hợp lệ."));
    if (!count_ok(r->essays))
        conf_refuse(e, 400, "essays", _("Số bài thu hoạch không hợp lệ."));
    if (r->note && strlen(r->note) > CONF_MAX_TEXT)
        conf_refuse(e, 400, "note", _("Nội dung quá dài."));
    bool plan = r->action_plan_id > 0;
    if (plan) {
        bool in = r->action_plan_kind && strcmp(r->action_plan_kind, "in") == 0,
             out = r->action_plan_kind && strcmp(r->action_plan_kind, "out") == 0;
        if ((!in && !out) || (in ? !incoming_may_see(c, r->action_plan_id)
                                 : !outgoing_may_see(c, r->action_plan_id)))
            conf_refuse(e, 400, "action_plan_id", _("Không tìm thấy văn bản kế hoạch hành động."));
    }
    if (e->n)
        return -1;
    double pct = 100.0 * r->members_attended / r->members_total;
    if (conf_begin(c, e) != 0)
        return -1;
    db_stmt *s = db_stmt_get(c->db, &q_study);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, id);
    db_bind_int(s, 2, r->unit_id);
    db_bind_int(s, 3, r->members_total);
    db_bind_int(s, 4, r->members_attended);
    db_bind_double(s, 5, pct);
    db_bind_int(s, 6, r->mass_attendance);
    db_bind_int(s, 7, r->essays);
    if (plan) {
        db_bind_text(s, 8, r->action_plan_kind);
        db_bind_int(s, 9, r->action_plan_id);
    }
    db_bind_text(s, 10, r->note ? r->note : "");
    db_bind_int(s, 11, c->user->id);
    db_bind_text(s, 12, web_now_iso(c));
    if (db_exec(s) != DB_DONE)
        return web_err_rollback(c, e);
    return conf_commit(c, "conference.study_report", id,
                       json_pack("{s:I, s:i, s:i, s:i, s:i}", "unit_id", (json_int_t)r->unit_id,
                                 "members_total", r->members_total, "members_attended",
                                 r->members_attended, "mass_attendance", r->mass_attendance,
                                 "essays", r->essays),
                       e);
}

/* The organiser sees every unit's report; an invited unit its own (and those in its scope). */
static const db_query q_reports = {
    "conf.reports",
    "SELECT r.unit_id, u.name, r.submitted_at, r.action_plan_kind, r.note, r.members_total, "
    "r.members_attended, r.mass_attendance, r.essays, coalesce(r.action_plan_id, 0), r.pct FROM "
    "conference_study_reports r JOIN units u ON u.id = r.unit_id WHERE r.conference_id = ?1 AND "
    "(?2 OR r.unit_id IN (SELECT value FROM json_each(?3))) ORDER BY u.sort_order, u.name",
    NULL};

int conf_study_reports(ctx *c, int64_t id, conf_report_row **rows_r)
{
    *rows_r = NULL;
    const conference *k = conf_get(c, id);
    db_stmt *s = k ? db_stmt_get(c->db, &q_reports) : NULL;
    if (!s)
        return 0;
    db_bind_int(s, 1, id);
    db_bind_int(s, 2, conf_is_organiser(c, k) ? 1 : 0);
    db_bind_text(s, 3, org_scope_json(c));
    int n = 0, cap = 16;
    conf_report_row *v = arena_alloc(c->a, (size_t)cap * sizeof *v);
    while (db_step(s) == DB_ROW) {
        ARENA_GROW(c->a, v, n, cap);
        const char *pk = db_col_text(s, 3), *note = db_col_text(s, 4);
        v[n] = (conf_report_row){.unit_id = db_col_int(s, 0),
                                 .unit_name = arena_strdup(c->a, db_col_text(s, 1)),
                                 .submitted_at = arena_strdup(c->a, db_col_text(s, 2)),
                                 .action_plan_kind = pk ? arena_strdup(c->a, pk) : NULL,
                                 .note = note ? arena_strdup(c->a, note) : "",
                                 .members_total = (int)db_col_int(s, 5),
                                 .members_attended = (int)db_col_int(s, 6),
                                 .mass_attendance = (int)db_col_int(s, 7),
                                 .essays = (int)db_col_int(s, 8),
                                 .action_plan_id = db_col_int(s, 9),
                                 .pct = db_col_double(s, 10)};
        n++;
    }
    db_reset(s);
    *rows_r = v;
    return n;
}
