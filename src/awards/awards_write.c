/* The steps of a badge case (awards.h): validate everything first, then one transaction with
 * its audit row — a refused step leaves nothing half-saved. */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "audit/audit.h"
#include "awards/awards.h"
#include "base/i18n.h"
#include "org/org.h"
#include "outgoing/outgoing.h"
#include "rules/rules.h"
#include "web/dates.h"
#include "web/params.h"

static const db_query q_member = {
    "awards.member",
    "SELECT unit_id, full_name, admitted_on, status, date(admitted_on, '+' || ?2 || ' years'),"
    " status_on FROM party_members WHERE id = ?1",
    NULL};
static const db_query q_months_early = {
    "awards.months_early",
    /* whole months from the occasion up to the due date (0 when due on or before) */
    "SELECT CASE WHEN ?1 <= ?2 THEN 0 ELSE"
    " (CAST(strftime('%Y', ?1) AS INTEGER) - CAST(strftime('%Y', ?2) AS INTEGER)) * 12 +"
    " CAST(strftime('%m', ?1) AS INTEGER) - CAST(strftime('%m', ?2) AS INTEGER) +"
    " (CASE WHEN strftime('%d', ?1) > strftime('%d', ?2) THEN 1 ELSE 0 END) END",
    NULL};
static const db_query q_block = {
    "awards.block",
    "SELECT max(CASE form WHEN 'warning' THEN date(decided_on, '+' || ?3 || ' months')"
    " WHEN 'dismissal' THEN date(decided_on, '+' || ?4 || ' months') END)"
    " FROM member_disciplines WHERE member_id = ?1 HAVING max(CASE form WHEN 'warning' THEN"
    " date(decided_on, '+' || ?3 || ' months') WHEN 'dismissal' THEN date(decided_on, '+' || ?4"
    " || ' months') END) > ?2",
    NULL};
static const db_query q_exists = {
    "awards.exists",
    "SELECT id, status FROM badge_cases WHERE member_id = ?1 AND milestone_years = ?2"
    " AND kind <> 'reissue'",
    NULL};
static const db_query q_reissue_open = {
    "awards.reissue_open",
    "SELECT id FROM badge_cases WHERE original_case_id = ?1 AND kind = 'reissue'"
    " AND status <> 'presented'",
    NULL};
static const db_query q_insert = {
    "awards.insert",
    "INSERT INTO badge_cases (member_id, unit_id, milestone_years, due_date, kind, early,"
    " early_reason, occasion_date, status, created_by, created_at, updated_at, reissue_reason,"
    " original_case_id, died_on)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'candidate', ?9, ?10, ?10, ?11, ?12, ?13)",
    NULL};
static const db_query q_review = {
    "awards.review",
    "UPDATE badge_cases SET status = 'reviewed', review_on = ?2, review_note = ?3, updated_at = ?4"
    " WHERE id = ?1 AND status = 'candidate'",
    NULL};
static const db_query q_propose = {
    "awards.propose",
    "UPDATE badge_cases SET status = 'proposed', proposed_on = ?2, list_form = ?3, updated_at = ?4"
    " WHERE id = ?1 AND status = 'reviewed'",
    NULL};
static const db_query q_decide = {
    "awards.decide",
    "UPDATE badge_cases SET status = 'decided', decision_no = ?2, decision_on = ?3, decided_by ="
    " ?4, badge_no = ?5, gift_tenths = ?6, base_salary = ?7, gift_amount = ?8, updated_at = ?9,"
    " decision_outgoing_id = ?10"
    " WHERE id = ?1 AND status = 'proposed'",
    NULL};
static const db_query q_badge_no = {
    "awards.badge_no", "SELECT id FROM badge_cases WHERE badge_no = ?1 AND id <> ?2", NULL};
static const db_query q_ceremony = {
    "awards.ceremony",
    "UPDATE badge_cases SET status = 'presented', ceremony_on = ?2, updated_at = ?3"
    " WHERE id = ?1 AND status = 'decided'",
    NULL};
static const db_query q_disc = {
    "awards.discipline",
    "INSERT INTO member_disciplines (member_id, form, decided_on, created_by, created_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5)",
    NULL};

static bool in_list(const char *v, const char *const *l)
{
    for (; v && *l; l++)
        if (strcmp(v, *l) == 0)
            return true;
    return false;
}

static const char *vn(ctx *c, const char *iso)
{
    return web_date_vn(c, iso);
}

int64_t awards_case_create(ctx *c, const badge_in *in, web_err *e)
{
    memset(e, 0, sizeof *e);
    if (!awards_may_write(c->user)) {
        web_err_add(e, 403, "forbidden", NULL, _("Bạn không có quyền lập hồ sơ Huy hiệu Đảng."));
        return -1;
    }
    static const char *const kinds[] = {"award", "reissue", "posthumous", NULL};
    static const char *const earlies[] = {"none", "illness", "posthumous", NULL};
    const char *kind = in->kind && *in->kind ? in->kind : "award";
    const char *early = in->early && *in->early ? in->early : "none";
    const char *reason = in->early_reason ? in->early_reason : "";
    if (!in_list(kind, kinds))
        web_err_add(e, 400, "invalid_input", "kind",
                    _("Hãy chọn hình thức: tặng, cấp lại hoặc truy tặng."));
    if (!in_list(early, earlies))
        web_err_add(e, 400, "invalid_input", "early", _("Lý do xét sớm không hợp lệ."));
    if (!in->occasion_date || !param_date(in->occasion_date))
        web_err_add(e, 400, "invalid_input", "occasion_date",
                    _("Hãy nhập ngày trao (dd/mm/yyyy)."));
    if (in->member_id <= 0)
        web_err_add(e, 400, "invalid_input", "member_id", _("Hãy chọn đảng viên."));
    bool reissue = strcmp(kind, "reissue") == 0, posthumous = strcmp(kind, "posthumous") == 0;
    const char *rreason = in->reissue_reason && *in->reissue_reason ? in->reissue_reason : NULL;
    if (reissue && !in_list(rreason, (const char *const[]){"lost", "damaged", NULL}))
        web_err_add(e, 400, "invalid_input", "reissue_reason",
                    _("Hãy chọn lý do cấp lại: bị mất hoặc bị hư hỏng."));
    if (reissue && in->original_case_id <= 0)
        web_err_add(e, 400, "invalid_input", "original_case_id",
                    _("Cấp lại phải chọn Huy hiệu đã trao (quyết định gốc)."));
    if (!reissue && rreason)
        web_err_add(e, 400, "invalid_input", "reissue_reason",
                    _("Lý do cấp lại chỉ dùng khi cấp lại Huy hiệu."));
    if (e->n)
        return -1;
    int milestone = in->milestone;
    if (reissue) {
        /* The reissue copies the milestone of the award it replaces: a presented case of the
         * same member, whatever kind (a reissued badge may be lost again). */
        const badge_case *o = awards_case_get(c, in->original_case_id);
        if (!o || o->member_id != in->member_id)
            web_err_add(e, 400, "invalid_input", "original_case_id",
                        _("Không tìm thấy Huy hiệu gốc của đảng viên này."));
        else if (strcmp(o->status, "presented") != 0)
            web_err_add(e, 422, "invalid_state", "original_case_id",
                        _("Huy hiệu gốc chưa được trao: chưa cấp lại được."));
        else
            milestone = o->milestone;
        if (e->n)
            return -1;
        early = "none";
        reason = "";
    }
    if (!awards_is_milestone(c->db, milestone, in->occasion_date)) {
        web_err_add(e, 400, "invalid_input", "milestone",
                    _("Mốc tuổi Đảng không có trong quy định (30, 40, 45 … 90 năm)."));
        return -1;
    }
    db_stmt *s = db_stmt_get(c->db, &q_member);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, in->member_id);
    db_bind_int(s, 2, milestone);
    if (db_step(s) != DB_ROW) {
        db_reset(s);
        web_err_add(e, 400, "invalid_input", "member_id", _("Không tìm thấy đảng viên này."));
        return -1;
    }
    int64_t uid = db_col_int(s, 0);
    const char *status = arena_strdup(c->a, db_col_text(s, 3));
    const char *due = arena_strdup(c->a, db_col_text(s, 4));
    const char *status_on = arena_strdup(c->a, db_col_text(s, 5));
    db_reset(s);
    if (!org_unit_in_scope(c, uid)) {
        web_err_add(e, 400, "invalid_input", "member_id", _("Không tìm thấy đảng viên này."));
        return -1;
    }
    bool dead = strcmp(status, "deceased") == 0;
    if (strcmp(kind, "posthumous") == 0 && !dead)
        web_err_add(e, 400, "invalid_input", "kind", _("Chỉ truy tặng cho đảng viên đã từ trần."));
    if (strcmp(kind, "posthumous") != 0 && strcmp(status, "active") != 0)
        web_err_add(e, 400, "invalid_input", "member_id",
                    dead ? _("Đảng viên đã từ trần: hãy chọn hình thức truy tặng.")
                         : _("Đảng viên không còn sinh hoạt tại đảng bộ."));
    if (strcmp(early, "posthumous") == 0 && strcmp(kind, "posthumous") != 0)
        web_err_add(e, 400, "invalid_input", "early",
                    _("Xét sớm vì truy tặng chỉ dùng khi truy tặng."));
    /* The date of death: the member record's (members/ owns it) when it has one, else typed. */
    const char *died = NULL;
    if (posthumous && dead) {
        died = status_on && param_date(status_on) ? status_on : in->died_on;
        if (!died || !param_date(died))
            web_err_add(e, 400, "invalid_input", "died_on",
                        _("Hãy nhập ngày từ trần của đảng viên."));
        else if (strcmp(died, web_today(c)) > 0)
            web_err_add(e, 400, "invalid_input", "died_on",
                        _("Ngày từ trần không được sau hôm nay."));
        else if (strcmp(died, in->occasion_date) > 0)
            web_err_add(e, 400, "invalid_input", "occasion_date",
                        _("Ngày trao truy tặng phải sau ngày từ trần."));
    }
    if (e->n)
        return -1;
    /* Early? The months from the occasion to the due date against the window of the reason. */
    s = db_stmt_get(c->db, &q_months_early);
    if (!s)
        return web_err_rollback(c, e);
    /* A posthumous award is judged at the date of death (up to the posthumous window before
     * the milestone, DOMAIN-2 §8); the others at the occasion; a reissue is never early. */
    db_bind_text(s, 1, due);
    db_bind_text(s, 2, posthumous ? died : in->occasion_date);
    int64_t months = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
    db_reset(s);
    if (posthumous) {
        early = months > 0 ? "posthumous" : "none";
        int64_t window = rules_int(c->db, "awards.early_posthumous_months", in->occasion_date);
        if (months > window)
            web_err_add(e, 400, "invalid_input", "milestone",
                        arena_printf(c->a,
                                     _("Đảng viên từ trần ngày %s, khi còn %lld tháng mới đủ %d "
                                       "năm tuổi Đảng (ngày %s): quá mức truy tặng sớm (%lld "
                                       "tháng)."),
                                     vn(c, died), (long long)months, milestone, vn(c, due),
                                     (long long)window));
        else if (months > 0 && !*reason)
            reason = arena_printf(c->a, _("Từ trần ngày %s, trước khi đủ tuổi Đảng %lld tháng"),
                                  vn(c, died), (long long)months);
    } else if (months > 0 && !reissue) {
        int64_t window = 0;
        const char *d = in->occasion_date;
        if (strcmp(early, "illness") == 0)
            window = milestone >= rules_int(c->db, "awards.early_high_from", d)
                         ? rules_int(c->db, "awards.early_illness_months_high", d)
                         : rules_int(c->db, "awards.early_illness_months", d);
        else if (strcmp(early, "posthumous") == 0)
            window = rules_int(c->db, "awards.early_posthumous_months", d);
        if (strcmp(early, "none") == 0)
            web_err_add(e, 400, "invalid_input", "early",
                        arena_printf(c->a,
                                     _("Đảng viên chưa đủ %d năm tuổi Đảng vào ngày trao (đủ vào "
                                       "ngày %s). Chỉ xét sớm khi bệnh nặng hoặc truy tặng: hãy "
                                       "chọn lý do xét sớm."),
                                     milestone, vn(c, due)));
        else if (months > window)
            web_err_add(e, 400, "invalid_input", "early",
                        arena_printf(c->a,
                                     _("Sớm %lld tháng, quá mức được xét sớm (%lld tháng) cho "
                                       "mốc %d năm."),
                                     (long long)months, (long long)window, milestone));
        else if (!*reason)
            web_err_add(e, 400, "invalid_input", "early_reason",
                        _("Hãy ghi lý do xét sớm (bệnh nặng, xác nhận của cơ sở y tế…)."));
    }
    if (e->n)
        return -1;
    if (db_begin_write(c->db) != 0) {
        web_err_db(c, e);
        return -1;
    }
    /* Discipline wait and the existing case, inside the transaction (no race with the job). */
    s = db_stmt_get(c->db, &q_block);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, in->member_id);
    db_bind_text(s, 2, in->occasion_date);
    db_bind_int(s, 3, rules_int(c->db, "awards.wait_months_warning", in->occasion_date));
    db_bind_int(s, 4, rules_int(c->db, "awards.wait_months_dismissal", in->occasion_date));
    if (db_step(s) == DB_ROW) {
        const char *until = arena_strdup(c->a, db_col_text(s, 0));
        db_reset(s);
        db_rollback(c->db);
        web_err_add(e, 422, "invalid_state", "occasion_date",
                    arena_printf(c->a,
                                 _("Đảng viên đang trong thời gian chờ sau kỷ luật, đến ngày %s "
                                   "mới được xét Huy hiệu."),
                                 vn(c, until)));
        return -1;
    }
    db_reset(s);
    s = db_stmt_get(c->db, &q_exists);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, in->member_id);
    db_bind_int(s, 2, milestone);
    int64_t existing = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
    db_reset(s);
    if (reissue) {
        /* One reissue at a time for an award: a second request waits for the first. */
        s = db_stmt_get(c->db, &q_reissue_open);
        if (!s)
            return web_err_rollback(c, e);
        db_bind_int(s, 1, in->original_case_id);
        int64_t open = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
        db_reset(s);
        if (open) {
            db_rollback(c->db);
            web_err_add(e, 409, "duplicate", "original_case_id",
                        _("Huy hiệu này đang có hồ sơ cấp lại chưa trao xong."));
            e->existing_id = open;
            return -1;
        }
    }
    if (strcmp(kind, "reissue") != 0 && existing) {
        db_rollback(c->db);
        web_err_add(e, 409, "duplicate", "milestone",
                    _("Đảng viên đã có hồ sơ Huy hiệu cho mốc này."));
        e->existing_id = existing;
        return -1;
    }
    s = db_stmt_get(c->db, &q_insert);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, in->member_id);
    db_bind_int(s, 2, uid);
    db_bind_int(s, 3, milestone);
    db_bind_text(s, 4, due);
    db_bind_text(s, 5, kind);
    db_bind_text(s, 6, early);
    db_bind_text(s, 7, reason);
    db_bind_text(s, 8, in->occasion_date);
    db_bind_int(s, 9, c->user->id);
    db_bind_text(s, 10, web_now_iso(c));
    db_bind_text(s, 11, reissue ? rreason : NULL);
    if (reissue)
        db_bind_int(s, 12, in->original_case_id);
    else
        db_bind_null(s, 12);
    db_bind_text(s, 13, died);
    if (db_exec(s) != DB_DONE)
        return web_err_rollback(c, e);
    int64_t id = db_last_id(c->db);
    json_t *aj =
        json_pack("{s:I, s:i, s:s, s:s, s:s}", "member_id", (json_int_t)in->member_id, "milestone",
                  milestone, "kind", kind, "early", early, "occasion", in->occasion_date);
    if (reissue) {
        json_object_set_new(aj, "reissue_reason", json_string(rreason));
        json_object_set_new(aj, "original_case_id", json_integer(in->original_case_id));
    }
    if (died)
        json_object_set_new(aj, "died_on", json_string(died));
    if (audit_commit(c->db, c->user, "badge.create", "badge", id, aj) != 0) {
        web_err_db(c, e);
        return -1;
    }
    return id;
}

/* The case for a step: visible (404), writable by the user (403). */
static const badge_case *step_case(ctx *c, int64_t id, bool unit_may, web_err *e)
{
    memset(e, 0, sizeof *e);
    const badge_case *b = c->user ? awards_case_get(c, id) : NULL;
    if (!b) {
        web_err_add(e, 404, "not_found", NULL, _("Không tìm thấy hồ sơ Huy hiệu."));
        return NULL;
    }
    if (!awards_may_write(c->user) && !(unit_may && c->user->role == ROLE_UNIT)) {
        web_err_add(e, 403, "forbidden", NULL, _("Bạn không có quyền thực hiện bước này."));
        return NULL;
    }
    return b;
}

static int wrong_state(ctx *c, web_err *e, const badge_case *b)
{
    web_err_add(e, 409, "invalid_state", NULL,
                arena_printf(c->a, _("Hồ sơ đang ở bước «%s», không làm được bước này."),
                             awards_status_label(b->status)));
    return -1;
}

static int finish(ctx *c, web_err *e, const char *action, int64_t id, json_t *after)
{
    if (db_changes(c->db) != 1) {
        json_decref(after);
        db_rollback(c->db);
        web_err_add(e, 409, "invalid_state", NULL, _("Hồ sơ vừa được người khác cập nhật."));
        return -1;
    }
    if (audit_commit(c->db, c->user, action, "badge", id, after) != 0) {
        web_err_db(c, e);
        return -1;
    }
    return 0;
}

int awards_case_review(ctx *c, int64_t id, const char *on, const char *note, web_err *e)
{
    const badge_case *b = step_case(c, id, true, e);
    if (!b)
        return -1;
    if (strcmp(b->status, "candidate") != 0)
        return wrong_state(c, e, b);
    if (!on || !param_date(on))
        web_err_add(e, 400, "invalid_input", "review_on", _("Hãy nhập ngày chi bộ xét."));
    if (e->n)
        return -1;
    if (db_begin_write(c->db) != 0) {
        web_err_db(c, e);
        return -1;
    }
    db_stmt *s = db_stmt_get(c->db, &q_review);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, id);
    db_bind_text(s, 2, on);
    db_bind_text(s, 3, note ? note : "");
    db_bind_text(s, 4, web_now_iso(c));
    if (db_exec(s) != DB_DONE)
        return web_err_rollback(c, e);
    return finish(c, e, "badge.review", id, json_pack("{s:s}", "review_on", on));
}

int awards_case_propose(ctx *c, int64_t id, const char *on, web_err *e)
{
    const badge_case *b = step_case(c, id, false, e);
    if (!b)
        return -1;
    if (strcmp(b->status, "reviewed") != 0)
        return wrong_state(c, e, b);
    if (!on || !param_date(on))
        web_err_add(e, 400, "invalid_input", "proposed_on",
                    _("Hãy nhập ngày lập danh sách đề nghị."));
    else if (b->review_on && strcmp(on, b->review_on) < 0)
        web_err_add(e, 400, "invalid_input", "proposed_on",
                    _("Ngày đề nghị không được trước ngày chi bộ xét."));
    if (e->n)
        return -1;
    if (db_begin_write(c->db) != 0) {
        web_err_db(c, e);
        return -1;
    }
    db_stmt *s = db_stmt_get(c->db, &q_propose);
    if (!s)
        return web_err_rollback(c, e);
    const char *form = awards_form_of(b->kind);
    db_bind_int(s, 1, id);
    db_bind_text(s, 2, on);
    db_bind_text(s, 3, form);
    db_bind_text(s, 4, web_now_iso(c));
    if (db_exec(s) != DB_DONE)
        return web_err_rollback(c, e);
    return finish(c, e, "badge.propose", id,
                  json_pack("{s:s, s:s}", "proposed_on", on, "form", form));
}

int awards_case_decide(ctx *c, int64_t id, const char *no, const char *on, const char *by,
                       const char *badge_no, int64_t outgoing_id, web_err *e)
{
    const badge_case *b = step_case(c, id, false, e);
    if (!b)
        return -1;
    if (strcmp(b->status, "proposed") != 0)
        return wrong_state(c, e, b);
    if (outgoing_id > 0) {
        const outgoing *o = outgoing_get(c, outgoing_id);
        if (!o || !o->notation || !o->issued_date) {
            web_err_add(e, 400, "invalid_input", "outgoing_id",
                        _("Không tìm thấy văn bản quyết định đã phát hành này."));
            return -1;
        }
        no = o->notation;
        on = o->issued_date;
    }
    if (!no || !*no || strlen(no) > 60)
        web_err_add(e, 400, "invalid_input", "decision_no", _("Hãy nhập số quyết định."));
    if (!on || !param_date(on))
        web_err_add(e, 400, "invalid_input", "decision_on", _("Hãy nhập ngày quyết định."));
    else if (b->proposed_on && strcmp(on, b->proposed_on) < 0)
        web_err_add(e, 400, "invalid_input", "decision_on",
                    _("Ngày quyết định không được trước ngày đề nghị."));
    if (!badge_no || !*badge_no || strlen(badge_no) > 40)
        web_err_add(e, 400, "invalid_input", "badge_no", _("Hãy nhập số Huy hiệu."));
    if (e->n)
        return -1;
    if (!by || !*by)
        by = _("Ban Thường vụ Thành ủy");
    /* The gift as in force on the decision date: multiple (tenths) × base salary, in whole
     * đồng; a milestone whose multiple is not entered keeps the gift empty (said on the page). */
    int64_t tenths = awards_gift_tenths(c->db, b->milestone, on);
    int64_t base = rules_int(c->db, "awards.base_salary", on);
    if (db_begin_write(c->db) != 0) {
        web_err_db(c, e);
        return -1;
    }
    db_stmt *s = db_stmt_get(c->db, &q_badge_no);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_text(s, 1, badge_no);
    db_bind_int(s, 2, id);
    int dupe = db_step(s) == DB_ROW;
    db_reset(s);
    if (dupe) {
        db_rollback(c->db);
        web_err_add(e, 409, "duplicate", "badge_no",
                    _("Số Huy hiệu này đã được cấp cho người khác."));
        return -1;
    }
    s = db_stmt_get(c->db, &q_decide);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, id);
    db_bind_text(s, 2, no);
    db_bind_text(s, 3, on);
    db_bind_text(s, 4, by);
    db_bind_text(s, 5, badge_no);
    if (tenths > 0) {
        db_bind_int(s, 6, tenths);
        db_bind_int(s, 7, base);
        db_bind_int(s, 8, tenths * base / 10);
    } else {
        db_bind_null(s, 6);
        db_bind_int(s, 7, base);
        db_bind_null(s, 8);
    }
    db_bind_text(s, 9, web_now_iso(c));
    if (outgoing_id > 0)
        db_bind_int(s, 10, outgoing_id);
    else
        db_bind_null(s, 10);
    if (db_exec(s) != DB_DONE)
        return web_err_rollback(c, e);
    return finish(c, e, "badge.decide", id,
                  json_pack("{s:s, s:s, s:s, s:I}", "decision_no", no, "decision_on", on,
                            "badge_no", badge_no, "gift_amount",
                            (json_int_t)(tenths > 0 ? tenths * base / 10 : 0)));
}

int awards_case_ceremony(ctx *c, int64_t id, const char *on, web_err *e)
{
    const badge_case *b = step_case(c, id, false, e);
    if (!b)
        return -1;
    if (strcmp(b->status, "decided") != 0)
        return wrong_state(c, e, b);
    if (!on || !param_date(on))
        web_err_add(e, 400, "invalid_input", "ceremony_on", _("Hãy nhập ngày trao."));
    else if (b->decision_on && strcmp(on, b->decision_on) < 0)
        web_err_add(e, 400, "invalid_input", "ceremony_on",
                    _("Ngày trao không được trước ngày quyết định."));
    if (e->n)
        return -1;
    if (db_begin_write(c->db) != 0) {
        web_err_db(c, e);
        return -1;
    }
    db_stmt *s = db_stmt_get(c->db, &q_ceremony);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, id);
    db_bind_text(s, 2, on);
    db_bind_text(s, 3, web_now_iso(c));
    if (db_exec(s) != DB_DONE)
        return web_err_rollback(c, e);
    return finish(c, e, "badge.ceremony", id, json_pack("{s:s}", "ceremony_on", on));
}

int64_t awards_discipline_add(ctx *c, int64_t member_id, const char *form, const char *on,
                              web_err *e)
{
    memset(e, 0, sizeof *e);
    static const char *const forms[] = {"reprimand", "warning", "dismissal", NULL};
    if (!awards_may_write(c->user)) {
        web_err_add(e, 403, "forbidden", NULL, _("Bạn không có quyền ghi kỷ luật."));
        return -1;
    }
    if (!in_list(form, forms))
        web_err_add(e, 400, "invalid_input", "form", _("Hình thức kỷ luật không hợp lệ."));
    if (!on || !param_date(on))
        web_err_add(e, 400, "invalid_input", "decided_on", _("Hãy nhập ngày kỷ luật."));
    if (e->n)
        return -1;
    db_stmt *m = db_stmt_get(c->db, &q_member);
    if (!m)
        return web_err_rollback(c, e);
    db_bind_int(m, 1, member_id);
    db_bind_int(m, 2, 0);
    int64_t uid = db_step(m) == DB_ROW ? db_col_int(m, 0) : 0;
    db_reset(m);
    if (!uid || !org_unit_in_scope(c, uid)) {
        web_err_add(e, 400, "invalid_input", "member_id", _("Không tìm thấy đảng viên này."));
        return -1;
    }
    if (db_begin_write(c->db) != 0) {
        web_err_db(c, e);
        return -1;
    }
    db_stmt *s = db_stmt_get(c->db, &q_disc);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, member_id);
    db_bind_text(s, 2, form);
    db_bind_text(s, 3, on);
    db_bind_int(s, 4, c->user->id);
    db_bind_text(s, 5, web_now_iso(c));
    if (db_exec(s) != DB_DONE)
        return web_err_rollback(c, e);
    int64_t id = db_last_id(c->db);
    if (audit_commit(c->db, c->user, "badge.discipline", "badge", member_id,
                     json_pack("{s:s, s:s}", "form", form, "decided_on", on)) != 0) {
        web_err_db(c, e);
        return -1;
    }
    return id;
}
