/* Routing of incoming documents (DOMAIN.md §2.2 step 3): a leader names the lead handler
 * (chủ trì), co-handlers (phối hợp) and recipients for information (nhận để biết) with a
 * deadline and an instruction; a unit leader passes the unit's share to a person; holders
 * record progress and finish; leaders extend deadlines, each share's on its own. The record's
 * lead_* and deadline columns follow the current lead so lists read one row. A deputy under
 * an active delegation acts as the leader (tasks_impl.h, acting). */
#include <stdlib.h>
#include <string.h>

#include "web/dates.h"
#include "web/errors.h"
#include "web/params.h"
#include "web/respond.h"
#include "audit/audit.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "catalog/vocab.h"
#include "tasks/tasks.h"
#include "tasks/tasks_impl.h"
#include "notify/notify.h"
#include "org/org.h"
#include "workdays/workdays.h"

/* A deadline must be a working day (issue 13): the message names the day and why, and offers
 * the next working day, which the page puts into the field on a click and the API returns as
 * "suggestion" (routing_api.c). True when refused. */
static bool due_refused(ctx *c, const char *field, const char *date, web_err *e)
{
    char msg[WORKDAY_MAX_NAME + 400], next[11];
    if (!workdays_refuse(c->db, date, msg, sizeof msg, next))
        return false;
    web_err_add(e, 400, "invalid_input", field, arena_strdup(c->a, msg));
    return true;
}

/* ---- writes ----------------------------------------------------------------------------- */

static const db_query q_target_user = {
    "routing.target_user",
    "SELECT name, unit_id, role FROM users WHERE id = ?1 AND disabled = 0",
    NULL,
};
static const db_query q_target_unit = {
    "routing.target_unit",
    "SELECT name FROM units WHERE id = ?1 AND (valid_to IS NULL OR valid_to >= ?2)",
    NULL,
};
static const db_query q_cancel_leads = {
    "routing.cancel_leads",
    "UPDATE incoming_assignments SET status = 'cancelled' WHERE incoming_id = ?1"
    " AND kind = 'lead' AND status IN ('open', 'passed')",
    NULL,
};
static const db_query q_insert_assignment = {
    "routing.insert_assignment",
    "INSERT INTO incoming_assignments (incoming_id, parent_id, kind, to_unit_id, to_user_id,"
    " due_date, instruction, status, assigned_by, assigned_at, on_behalf_of) VALUES (?1, ?2,"
    " ?3, ?4, ?5, ?6, ?7, CASE WHEN ?3 = 'info' THEN 'done' ELSE 'open' END, ?8, ?9, ?10)",
    NULL,
};
static const db_query q_set_lead = {
    "routing.set_lead",
    "UPDATE incoming SET status = 'assigned', lead_unit_id = ?2, lead_user_id = ?3,"
    " deadline = ?4, routed_at = COALESCE(routed_at, ?5), updated_at = ?5, returned_at = NULL,"
    " return_reason = NULL WHERE id = ?1",
    NULL,
};
static const db_query q_touch = {
    "routing.touch",
    "UPDATE incoming SET status = CASE WHEN status = 'registered' THEN 'assigned' ELSE status"
    " END, routed_at = COALESCE(routed_at, ?2), updated_at = ?2 WHERE id = ?1",
    NULL,
};
static const db_query q_assignment_set = {
    "routing.assignment_set_status",
    "UPDATE incoming_assignments SET status = ?2, done_at = ?3, done_by = ?4 WHERE id = ?1",
    NULL,
};
static const db_query q_assignment_due = {
    "routing.assignment_due",
    "UPDATE incoming_assignments SET due_date = ?2 WHERE id = ?1",
    NULL,
};
static const db_query q_deadline = {
    "routing.deadline",
    "UPDATE incoming SET deadline = ?2, updated_at = ?3 WHERE id = ?1",
    NULL,
};
static const db_query q_progress = {
    "routing.progress",
    "UPDATE incoming SET progress = ?2, updated_at = ?3 WHERE id = ?1",
    NULL,
};
static const db_query q_done = {
    "routing.done",
    "UPDATE incoming SET status = 'done', done_at = ?2, reply_code = COALESCE(?3, reply_code),"
    " progress = COALESCE(?4, progress), updated_at = ?2 WHERE id = ?1",
    NULL,
};

static const db_query q_reply_shares = {
    "routing.reply_shares",
    "UPDATE incoming_assignments SET status = 'done', done_at = ?2, done_by = ?3"
    " WHERE incoming_id = ?1 AND status IN ('open', 'passed')",
    NULL,
};
static const db_query q_reply_done = {
    "routing.reply_done",
    "UPDATE incoming SET status = CASE WHEN status = 'done' THEN status ELSE 'done' END,"
    " done_at = COALESCE(done_at, ?2), reply_code = COALESCE(reply_code, ?3), updated_at = ?2"
    " WHERE id = ?1 AND status <> 'recalled'",
    NULL,
};

/* Name of a target, checked: an active account or a unit that still exists, inside the
 * router's scope. A person routed to may see the document afterwards (the assignment itself
 * opens a secret one to them), so the person must be someone the router may direct: an account
 * of a unit in the router's scope that handles documents (not the technical admin). NULL + error
 * on the field. */
static const char *target_check(ctx *c, const in_target *t, const char *field, web_err *e)
{
    if ((t->unit_id > 0) == (t->user_id > 0)) {
        web_err_add(e, 400, "invalid_input", field,
                    _("Hãy chọn một đơn vị hoặc một người (không chọn cả hai)."));
        return NULL;
    }
    db_stmt *s = db_stmt_get(c->db, t->user_id ? &q_target_user : &q_target_unit);
    if (!s)
        return NULL;
    db_bind_int(s, 1, t->user_id ? t->user_id : t->unit_id);
    if (!t->user_id)
        db_bind_text(s, 2, web_today(c));
    const char *name = NULL;
    int64_t unit_id = 0;
    enum role role = ROLE_NONE;
    if (db_step(s) == DB_ROW) {
        name = arena_strdup(c->a, db_col_text(s, 0));
        unit_id = t->user_id ? db_col_int(s, 1) : t->unit_id;
        if (t->user_id)
            role = role_from_code(db_col_text(s, 2));
    }
    db_reset(s);
    if (!name) {
        web_err_add(e, 400, "invalid_input", field,
                    t->user_id ? _("Không tìm thấy người được giao.")
                               : _("Không tìm thấy đơn vị được giao."));
        return NULL;
    }
    if (!org_unit_in_scope(c, unit_id)) {
        web_err_add(e, 400, "invalid_input", field,
                    t->user_id ? _("Người được giao không thuộc đơn vị trong phạm vi của bạn.")
                               : _("Đơn vị được giao không thuộc phạm vi của bạn."));
        return NULL;
    }
    if (t->user_id && (role == ROLE_ADMIN || role == ROLE_NONE)) {
        web_err_add(e, 400, "invalid_input", field,
                    _("Không giao xử lý văn bản cho tài khoản quản trị."));
        return NULL;
    }
    return name;
}

/* A new assignment by the acting caller (ac->actor), for ac->leader when under a delegation. */
static int insert_assignment(const acting *ac, int64_t id, int64_t parent, const char *kind,
                             const in_target *t, const char *due, const char *instruction,
                             const char *now, int64_t *aid_r)
{
    ctx *c = ac->c;
    db_stmt *s = db_stmt_get(c->db, &q_insert_assignment);
    if (!s)
        return -1;
    db_bind_int(s, 1, id);
    if (parent)
        db_bind_int(s, 2, parent);
    else
        db_bind_null(s, 2);
    db_bind_text(s, 3, kind);
    if (t->unit_id)
        db_bind_int(s, 4, t->unit_id);
    else
        db_bind_null(s, 4);
    if (t->user_id)
        db_bind_int(s, 5, t->user_id);
    else
        db_bind_null(s, 5);
    db_bind_text(s, 6, due);
    db_bind_text(s, 7, instruction);
    db_bind_int(s, 8, ac->actor->id);
    db_bind_text(s, 9, now);
    if (ac->leader)
        db_bind_int(s, 10, ac->leader->id);
    else
        db_bind_null(s, 10);
    if (db_exec(s) != DB_DONE)
        return -1;
    *aid_r = db_last_id(c->db);
    return 0;
}

int routing_notify_target(ctx *c, const incoming *r, const in_target *t, const char *kind)
{
    bool urgent = urgency_is_urgent(r->urgency);
    const char *nk = urgent ? NOTIFY_URGENT : NOTIFY_ASSIGNED;
    const char *text =
        urgent ? arena_printf(c->a, _("%s — được giao %s: %s — %s"), urgency_label(r->urgency),
                              kind, r->code, r->subject)
               : arena_printf(c->a, _("Được giao %s: %s — %s"), kind, r->code, r->subject);
    if (t->user_id)
        return notify_user(c->db, t->user_id, nk, "in", r->id, text);
    static const enum role heads[] = {ROLE_OFFICE_LEADER, ROLE_COMMITTEE_LEADER, ROLE_UNIT};
    for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
        if (notify_unit_role(c->db, t->unit_id, heads[i], nk, "in", r->id, text) != 0)
            return -1;
    return 0;
}

/* Commits with the audit row of the one who acted; under a delegation the row names the
 * leader acted for. */
static int finish_tx(const acting *ac, const char *action, int64_t id, json_t *after, web_err *e)
{
    ctx *c = ac->c;
    if (ac->leader && after)
        json_object_set_new(after, "on_behalf_of",
                            json_pack("{s:I, s:s}", "id", (json_int_t)ac->leader->id, "name",
                                      ac->leader->name ? ac->leader->name : ""));
    if (audit_commit(c->db, ac->actor, action, "incoming", id, after) != 0) {
        web_err_db(c, e);
        return -1;
    }
    return 0;
}

static bool date_ok(const char *s)
{
    return param_date(s);
}

/* Passing a unit's share on to one of its people (phiếu giải quyết, unit leader's block). */
static int pass_on(ctx *c, const incoming *r, const in_assign *in, web_err *e)
{
    in_assignment *as;
    int n = incoming_assignments(c, r->id, &as);
    const in_assignment *p = NULL;
    for (int i = 0; i < n; i++)
        if (as[i].id == in->from_assignment_id)
            p = &as[i];
    if (!p) {
        web_err_add(e, 404, "not_found", "from_assignment_id", _("Không tìm thấy phần việc."));
        return -1;
    }
    const user *u = c->user;
    /* Permission before state: who may not pass a share on learns nothing about it. */
    if (!((role_is_leader(u->role) || u->role == ROLE_UNIT) && p->to_unit_id &&
          org_unit_in_scope(c, p->to_unit_id))) {
        web_err_add(e, 403, "forbidden", NULL,
                    _("Chỉ lãnh đạo đơn vị được giao mới chuyển tiếp được phần việc này."));
        return -1;
    }
    if (!p->to_unit_id || strcmp(p->status, "open") != 0) {
        web_err_add(e, 409, "invalid_state", "from_assignment_id",
                    _("Chỉ chuyển tiếp được phần việc đang mở của một đơn vị."));
        return -1;
    }
    if (!in->lead.user_id || in->lead.unit_id) {
        web_err_add(e, 400, "invalid_input", "lead", _("Hãy chọn người xử lý."));
        return -1;
    }
    const char *name = target_check(c, &in->lead, "lead", e);
    if (!name)
        return -1;
    const char *due = in->due_date && *in->due_date ? in->due_date : p->due_date;
    if (in->due_date && *in->due_date && !date_ok(in->due_date)) {
        web_err_add(e, 400, "invalid_input", "due_date", _("Hạn xử lý phải có dạng YYYY-MM-DD."));
        return -1;
    }
    if (in->due_date && *in->due_date && due_refused(c, "due_date", in->due_date, e))
        return -1;
    if (db_begin_write(c->db) != 0) {
        web_err_db(c, e);
        return -1;
    }
    const char *now = web_now_iso(c);
    int64_t aid = 0;
    db_stmt *s;
    const acting self = {.c = c, .actor = c->user};
    if (insert_assignment(&self, r->id, p->id, p->kind, &in->lead, due, in->instruction, now, &aid))
        goto dberr;
    if (!(s = db_stmt_get(c->db, &q_assignment_set)))
        goto dberr;
    db_bind_int(s, 1, p->id);
    db_bind_text(s, 2, "passed");
    db_bind_null(s, 3);
    db_bind_null(s, 4);
    if (db_exec(s) != DB_DONE)
        goto dberr;
    if (strcmp(p->kind, "lead") == 0) {
        if (!(s = db_stmt_get(c->db, &q_set_lead)))
            goto dberr;
        db_bind_int(s, 1, r->id);
        db_bind_int(s, 2, p->to_unit_id);
        db_bind_int(s, 3, in->lead.user_id);
        db_bind_text(s, 4, due);
        db_bind_text(s, 5, now);
        if (db_exec(s) != DB_DONE)
            goto dberr;
    }
    const char *text =
        arena_printf(c->a, _("Chuyển %s cho %s%s%s"), p->to_name ? p->to_name : "", name,
                     in->instruction ? ": " : "", in->instruction ? in->instruction : "");
    if (incoming_event_add(c->db, r->id, u->id, "pass", aid, text, NULL, due, now) != 0)
        goto dberr;
    if (routing_notify_target(c, r, &in->lead,
                              strcmp(p->kind, "lead") == 0 ? _("chủ trì") : _("phối hợp")) != 0)
        goto dberr;
    return finish_tx(&self, "incoming.pass", r->id,
                     json_pack("{s:I, s:I, s:s?}", "from_assignment_id", (json_int_t)p->id,
                               "to_user_id", (json_int_t)in->lead.user_id, "due_date", due),
                     e);
dberr:
    return web_err_rollback(c, e);
}

/* The record the caller acts on (e cleared), or NULL with 404 when it may not see it. */
static const incoming *load(ctx *c, int64_t id, web_err *e)
{
    memset(e, 0, sizeof *e);
    const incoming *r = c->user ? incoming_get(c, id, false) : NULL;
    if (!r)
        web_err_add(e, 404, "not_found", NULL, _("Không tìm thấy văn bản."));
    return r;
}

/* Checks a list of targets (co-handlers or recipients for information) into names. */
static void targets_check(ctx *c, const in_target *ts, int n, const char *field, const char **names,
                          web_err *e)
{
    if (n < 0 || n > IN_MAX_CO) {
        web_err_add(e, 400, "invalid_input", field, _("Quá nhiều đơn vị, người phối hợp."));
        return;
    }
    for (int i = 0; i < n; i++)
        names[i] = target_check(c, &ts[i], field, e);
}

/* Writes one kind of co-assignments (co or info), their trace text and notifications. */
static int insert_many(const acting *ac, const incoming *r, const char *kind, const in_target *ts,
                       int n, const char **names, const char *due, const char *instruction,
                       const char *now, strbuf *text)
{
    bool info = strcmp(kind, "info") == 0;
    for (int i = 0; i < n; i++) {
        int64_t cid;
        if (insert_assignment(ac, r->id, 0, kind, &ts[i], info ? NULL : due, instruction, now,
                              &cid))
            return -1;
        sb_printf(text, "%s%s %s", text->len ? "; " : "",
                  info ? _("Nhận để biết:") : _("Phối hợp:"), names[i]);
        if (routing_notify_target(ac->c, r, &ts[i], info ? _("để biết") : _("phối hợp")) != 0)
            return -1;
    }
    return 0;
}

int routing_assign(ctx *c, int64_t id, const in_assign *in, web_err *e)
{
    const incoming *r = load(c, id, e);
    if (!r)
        return -1;
    if (strcmp(r->status, "recalled") == 0 || strcmp(r->status, "done") == 0) {
        web_err_add(e, 409, "invalid_state", NULL,
                    strcmp(r->status, "done") == 0
                        ? _("Văn bản đã xử lý xong, không phân công lại được.")
                        : _("Văn bản đã bị thu hồi, không phân công được."));
        return -1;
    }
    if (in->from_assignment_id > 0)
        return pass_on(c, r, in, e);
    acting act;
    if (!routing_acting(c, r, &act)) {
        web_err_add(e, 403, "forbidden", NULL,
                    _("Chỉ lãnh đạo có thẩm quyền mới phân công xử lý văn bản."));
        return -1;
    }
    ctx *lc = act.c; /* permission and target checks read as for the leader acted for */
    bool has_lead = in->lead.unit_id > 0 || in->lead.user_id > 0;
    if (!has_lead && strcmp(r->status, "registered") == 0)
        web_err_add(e, 400, "invalid_input", "lead", _("Hãy chọn đơn vị hoặc người chủ trì."));
    const char *lead_name = NULL;
    if (has_lead)
        lead_name = target_check(lc, &in->lead, "lead", e);
    const char *co_names[IN_MAX_CO], *info_names[IN_MAX_CO];
    targets_check(lc, in->co, in->n_co, "co", co_names, e);
    targets_check(lc, in->info, in->n_info, "info", info_names, e);
    if (!has_lead && in->n_co == 0 && in->n_info == 0 && !e->n)
        web_err_add(e, 400, "invalid_input", "lead", _("Hãy chọn đơn vị hoặc người chủ trì."));
    const char *due = in->due_date && *in->due_date ? in->due_date : r->due_date;
    const char *today = web_today(c);
    if (in->due_date && *in->due_date) {
        if (!date_ok(in->due_date))
            web_err_add(e, 400, "invalid_input", "due_date",
                        _("Hạn xử lý phải có dạng YYYY-MM-DD."));
        else if (strcmp(in->due_date, today) < 0)
            web_err_add(e, 400, "invalid_input", "due_date", _("Hạn xử lý không thể ở quá khứ."));
        else
            due_refused(c, "due_date", in->due_date, e);
    }
    if (in->instruction && strlen(in->instruction) > IN_MAX_NOTE)
        web_err_add(e, 400, "invalid_input", "instruction", _("Ý kiến chỉ đạo quá dài."));
    if (e->n)
        return -1;
    if (db_begin_write(c->db) != 0) {
        web_err_db(c, e);
        return -1;
    }
    const char *now = web_now_iso(c);
    db_stmt *s;
    strbuf text = STRBUF_INIT;
    int64_t aid = 0;
    if (has_lead) {
        if (!(s = db_stmt_get(c->db, &q_cancel_leads)))
            goto dberr;
        db_bind_int(s, 1, id);
        if (db_exec(s) != DB_DONE)
            goto dberr;
        if (insert_assignment(&act, id, 0, "lead", &in->lead, due, in->instruction, now, &aid))
            goto dberr;
        if (!(s = db_stmt_get(c->db, &q_set_lead)))
            goto dberr;
        db_bind_int(s, 1, id);
        if (in->lead.unit_id)
            db_bind_int(s, 2, in->lead.unit_id);
        else
            db_bind_null(s, 2);
        if (in->lead.user_id)
            db_bind_int(s, 3, in->lead.user_id);
        else
            db_bind_null(s, 3);
        db_bind_text(s, 4, due);
        db_bind_text(s, 5, now);
        if (db_exec(s) != DB_DONE)
            goto dberr;
        sb_printf(&text, "%s %s", _("Chủ trì:"), lead_name);
        if (routing_notify_target(c, r, &in->lead, _("chủ trì")) != 0)
            goto dberr;
    } else {
        if (!(s = db_stmt_get(c->db, &q_touch)))
            goto dberr;
        db_bind_int(s, 1, id);
        db_bind_text(s, 2, now);
        if (db_exec(s) != DB_DONE)
            goto dberr;
    }
    if (insert_many(&act, r, "co", in->co, in->n_co, co_names, due, in->instruction, now, &text) ||
        insert_many(&act, r, "info", in->info, in->n_info, info_names, due, in->instruction, now,
                    &text))
        goto dberr;
    if (in->instruction && *in->instruction)
        sb_printf(&text, ". %s %s", _("Ý kiến chỉ đạo:"), in->instruction);
    sb_adds(&text, routing_on_behalf(&act));
    if (incoming_event_add(c->db, id, c->user->id, "assign", aid, sb_str(&text), NULL, due, now) !=
        0)
        goto dberr;
    json_t *after = json_pack("{s:s, s:s?}", "routing", sb_str(&text), "due_date", due);
    sb_free(&text);
    return finish_tx(&act, "incoming.assign", id, after, e);
dberr:
    sb_free(&text);
    return web_err_rollback(c, e);
}

/* The assignment a progress/done step applies to: the one named, else the caller's open lead
 * share, else any open share the caller holds. */
static const in_assignment *held(ctx *c, in_assignment *as, int n, int64_t want)
{
    const in_assignment *best = NULL;
    for (int i = 0; i < n; i++) {
        if (!as[i].mine)
            continue;
        if (want && as[i].id == want)
            return &as[i];
        if (!want && (!best || (strcmp(as[i].kind, "lead") == 0 && strcmp(best->kind, "lead"))))
            best = &as[i];
    }
    return want ? NULL : best;
}

/* Gia hạn: the shares chosen (by default every open share that had the lead's deadline) get
 * the new deadline, each with its own trace event and its holder told; the record's deadline
 * follows the lead's. */
static int extend(ctx *c, const incoming *r, const in_step *in, in_assignment *as, int n,
                  web_err *e)
{
    acting act;
    if (!routing_acting(c, r, &act)) {
        web_err_add(e, 403, "forbidden", NULL, _("Chỉ lãnh đạo có thẩm quyền mới gia hạn được."));
        return -1;
    }
    const in_assignment *lead = NULL;
    for (int i = 0; i < n; i++)
        if (strcmp(as[i].status, "open") == 0 && strcmp(as[i].kind, "lead") == 0)
            lead = &as[i];
    const in_assignment **pick = arena_alloc(c->a, (size_t)(n ? n : 1) * sizeof *pick);
    int np = 0;
    if (in->n_assignment_ids > 0 || in->assignment_id) {
        int nw = in->n_assignment_ids > 0 ? in->n_assignment_ids : 1;
        for (int k = 0; k < nw && k < IN_MAX_CO; k++) {
            int64_t want = in->n_assignment_ids > 0 ? in->assignment_ids[k] : in->assignment_id;
            const in_assignment *a = NULL;
            for (int i = 0; i < n; i++)
                if (as[i].id == want && strcmp(as[i].status, "open") == 0 &&
                    strcmp(as[i].kind, "info") != 0)
                    a = &as[i];
            bool dup = false;
            for (int j = 0; j < np; j++)
                dup = dup || pick[j] == a;
            if (!a) {
                web_err_add(e, 400, "invalid_input", "assignment_ids",
                            _("Chỉ gia hạn được phần việc đang mở của văn bản này."));
                return -1;
            }
            if (!dup)
                pick[np++] = a;
        }
    } else if (lead) {
        /* Default: every open share that had the lead's deadline moves with it. */
        for (int i = 0; i < n; i++)
            if (strcmp(as[i].status, "open") == 0 && strcmp(as[i].kind, "info") != 0 &&
                (&as[i] == lead ||
                 (as[i].due_date && lead->due_date && strcmp(as[i].due_date, lead->due_date) == 0)))
                pick[np++] = &as[i];
    }
    if (!np) {
        web_err_add(e, 409, "invalid_state", NULL,
                    _("Văn bản chưa được phân công nên chưa có hạn để gia hạn."));
        return -1;
    }
    if (!in->new_due_date || !date_ok(in->new_due_date))
        web_err_add(e, 400, "invalid_input", "new_due_date", _("Hạn mới phải có dạng YYYY-MM-DD."));
    else {
        bool later = strcmp(in->new_due_date, web_today(c)) >= 0;
        for (int j = 0; j < np; j++)
            later =
                later && !(pick[j]->due_date && strcmp(in->new_due_date, pick[j]->due_date) <= 0);
        if (!later)
            web_err_add(e, 400, "invalid_input", "new_due_date",
                        _("Hạn mới phải sau hạn hiện tại và không ở quá khứ."));
        else
            due_refused(c, "new_due_date", in->new_due_date, e);
    }
    if (!in->reason || !*in->reason)
        web_err_add(e, 400, "invalid_input", "reason", _("Hãy ghi lý do gia hạn."));
    else if (strlen(in->reason) > IN_MAX_NOTE)
        web_err_add(e, 400, "invalid_input", "reason", _("Nội dung quá dài."));
    if (e->n)
        return -1;
    if (db_begin_write(c->db) != 0) {
        web_err_db(c, e);
        return -1;
    }
    const char *now = web_now_iso(c);
    json_t *changes = json_array();
    for (int j = 0; j < np; j++) {
        const in_assignment *a = pick[j];
        db_stmt *s = db_stmt_get(c->db, &q_assignment_due);
        if (!s)
            goto dberr;
        db_bind_int(s, 1, a->id);
        db_bind_text(s, 2, in->new_due_date);
        if (db_exec(s) != DB_DONE)
            goto dberr;
        if (strcmp(a->kind, "lead") == 0) {
            if (!(s = db_stmt_get(c->db, &q_deadline)))
                goto dberr;
            db_bind_int(s, 1, r->id);
            db_bind_text(s, 2, in->new_due_date);
            db_bind_text(s, 3, now);
            if (db_exec(s) != DB_DONE)
                goto dberr;
        }
        const char *text =
            arena_printf(c->a, _("Gia hạn cho %s (%s): %s%s"), a->to_name ? a->to_name : "",
                         strcmp(a->kind, "lead") == 0 ? _("chủ trì") : _("phối hợp"), in->reason,
                         routing_on_behalf(&act));
        if (incoming_event_add(c->db, r->id, c->user->id, "extend", a->id, text, a->due_date,
                               in->new_due_date, now) != 0)
            goto dberr;
        in_target t = {a->to_unit_id, a->to_user_id};
        const char *msg = arena_printf(c->a, _("Gia hạn đến %s: %s — %s"),
                                       web_date_vn(c, in->new_due_date), r->code, r->subject);
        if (t.user_id ? notify_user(c->db, t.user_id, NOTIFY_INFO, "in", r->id, msg)
                      : notify_unit_role(c->db, t.unit_id, ROLE_OFFICE_LEADER, NOTIFY_INFO, "in",
                                         r->id, msg))
            goto dberr;
        json_array_append_new(changes,
                              json_pack("{s:I, s:s, s:s?}", "assignment_id", (json_int_t)a->id,
                                        "kind", a->kind, "old_due", a->due_date));
    }
    return finish_tx(&act, "incoming.extend", r->id,
                     json_pack("{s:o, s:s, s:s}", "assignments", changes, "new_due",
                               in->new_due_date, "reason", in->reason),
                     e);
dberr:
    json_decref(changes);
    return web_err_rollback(c, e);
}

int routing_step(ctx *c, int64_t id, const in_step *in, web_err *e)
{
    const incoming *r = load(c, id, e);
    if (!r)
        return -1;
    if (strcmp(r->status, "recalled") == 0) {
        web_err_add(e, 409, "invalid_state", NULL, _("Văn bản đã bị thu hồi."));
        return -1;
    }
    if (strcmp(r->status, "registered") == 0) {
        web_err_add(e, 409, "invalid_state", NULL,
                    in->action == IN_DONE
                        ? _("Văn bản chưa được phân công xử lý nên chưa thể hoàn thành.")
                        : _("Văn bản chưa được phân công xử lý."));
        return -1;
    }
    if (strcmp(r->status, "done") == 0) {
        web_err_add(e, 409, "invalid_state", NULL, _("Văn bản đã xử lý xong."));
        return -1;
    }
    in_assignment *as;
    int n = incoming_assignments(c, id, &as);
    if (in->action == IN_EXTEND)
        return extend(c, r, in, as, n, e);
    const in_assignment *a = held(c, as, n, in->assignment_id);
    if (!a) {
        web_err_add(e, 403, "forbidden", NULL, _("Bạn không được giao xử lý văn bản này."));
        return -1;
    }
    const char *note = in->note && *in->note ? in->note : NULL;
    if (in->action == IN_PROGRESS && !note)
        web_err_add(e, 400, "invalid_input", "note", _("Hãy ghi tiến độ xử lý."));
    if ((note && strlen(note) > IN_MAX_NOTE) ||
        (in->reply_code && strlen(in->reply_code) > IN_MAX_CODE))
        web_err_add(e, 400, "invalid_input", "note", _("Nội dung quá dài."));
    if (e->n)
        return -1;
    const char *reply = in->reply_code && *in->reply_code ? in->reply_code : NULL;
    const acting self = {.c = c, .actor = c->user};
    if (db_begin_write(c->db) != 0) {
        web_err_db(c, e);
        return -1;
    }
    const char *now = web_now_iso(c);
    bool lead = strcmp(a->kind, "lead") == 0;
    db_stmt *s;
    if (in->action == IN_PROGRESS) {
        if (lead) {
            if (!(s = db_stmt_get(c->db, &q_progress)))
                goto dberr;
            db_bind_int(s, 1, id);
            db_bind_text(s, 2, note);
            db_bind_text(s, 3, now);
            if (db_exec(s) != DB_DONE)
                goto dberr;
        }
        if (incoming_event_add(c->db, id, c->user->id, "progress", a->id, note, NULL, NULL, now) !=
            0)
            goto dberr;
        return finish_tx(&self, "incoming.progress", id,
                         json_pack("{s:I, s:s}", "assignment_id", (json_int_t)a->id, "note", note),
                         e);
    }
    /* Done: the share and the shares it was passed on from are finished together. */
    for (const in_assignment *x = a; x;) {
        if (!(s = db_stmt_get(c->db, &q_assignment_set)))
            goto dberr;
        db_bind_int(s, 1, x->id);
        db_bind_text(s, 2, "done");
        db_bind_text(s, 3, now);
        db_bind_int(s, 4, c->user->id);
        if (db_exec(s) != DB_DONE)
            goto dberr;
        const in_assignment *up = NULL;
        for (int i = 0; x->parent_id && i < n; i++)
            if (as[i].id == x->parent_id && strcmp(as[i].status, "passed") == 0)
                up = &as[i];
        x = up;
    }
    if (lead) {
        if (!(s = db_stmt_get(c->db, &q_done)))
            goto dberr;
        db_bind_int(s, 1, id);
        db_bind_text(s, 2, now);
        db_bind_text(s, 3, reply);
        db_bind_text(s, 4, note);
        if (db_exec(s) != DB_DONE)
            goto dberr;
    }
    const char *text = arena_printf(c->a, "%s%s%s%s%s",
                                    lead ? _("Hoàn thành (chủ trì)") : _("Hoàn thành (phối hợp)"),
                                    note ? ": " : "", note ? note : "",
                                    reply ? _(". Văn bản trả lời: ") : "", reply ? reply : "");
    if (incoming_event_add(c->db, id, c->user->id, "done", a->id, text, NULL, NULL, now) != 0)
        goto dberr;
    if (a->assigned_by && a->assigned_by != c->user->id &&
        notify_user(c->db, a->assigned_by, NOTIFY_INFO, "in", id,
                    arena_printf(c->a, _("Đã xử lý xong: %s — %s"), r->code, r->subject)) != 0)
        goto dberr;
    return finish_tx(&self, "incoming.done", id,
                     json_pack("{s:I, s:b, s:s?}", "assignment_id", (json_int_t)a->id, "lead", lead,
                               "reply_code", reply),
                     e);
dberr:
    return web_err_rollback(c, e);
}

int routing_close_by_reply(ctx *c, int64_t id, const char *reply_code)
{
    const char *now = web_now_iso(c);
    db_stmt *s = db_stmt_get(c->db, &q_reply_done);
    if (!s)
        return -1;
    db_bind_int(s, 1, id);
    db_bind_text(s, 2, now);
    db_bind_text(s, 3, reply_code);
    if (db_exec(s) != DB_DONE)
        return -1;
    if (db_changes(c->db) != 1)
        return 0; /* recalled (or gone): nothing to close */
    if (!(s = db_stmt_get(c->db, &q_reply_shares)))
        return -1;
    db_bind_int(s, 1, id);
    db_bind_text(s, 2, now);
    db_bind_int(s, 3, c->user->id);
    if (db_exec(s) != DB_DONE)
        return -1;
    return incoming_event_add(c->db, id, c->user->id, "done", 0,
                              arena_printf(c->a,
                                           _("Đã phát hành văn bản trả lời %s; kết thúc "
                                             "theo dõi giải quyết."),
                                           reply_code),
                              NULL, NULL, now);
}

/* ---- choices for the routing forms ------------------------------------------------------ */

bool routing_may_pass(ctx *c, const in_assignment *a)
{
    const user *u = c->user;
    return u && a->to_unit_id && strcmp(a->status, "open") == 0 &&
           (role_is_leader(u->role) || u->role == ROLE_UNIT) && org_unit_in_scope(c, a->to_unit_id);
}
