/* Trả lại: a leader gives a registered document, not yet routed, back to the clerk who
 * registered it, with a reason (a wrong scan, a missing page, not this committee's business).
 * The record keeps its number and stays 'registered'; returned_at/return_reason (migration
 * 024) say it waits for the clerk, who submits it again (routing_resubmit) — routing it also
 * clears them. Trace, notification and audit in the same transaction. */
#include <string.h>

#include "audit/audit.h"
#include "base/i18n.h"
#include "notify/notify.h"
#include "org/org.h"
#include "tasks/tasks_impl.h"
#include "web/dates.h"

static const db_query q_returned = {
    "routing.returned",
    "SELECT return_reason FROM incoming WHERE id = ?1 AND returned_at IS NOT NULL",
    NULL,
};
static const db_query q_set_returned = {
    "routing.set_returned",
    "UPDATE incoming SET returned_at = ?2, return_reason = ?3, updated_at = ?2"
    " WHERE id = ?1 AND status = 'registered'",
    NULL,
};
static const db_query q_clear_returned = {
    "routing.clear_returned",
    "UPDATE incoming SET returned_at = NULL, return_reason = NULL, updated_at = ?2"
    " WHERE id = ?1",
    NULL,
};

const char *routing_returned(ctx *c, int64_t id)
{
    db_stmt *s = db_stmt_get(c->db, &q_returned);
    if (!s)
        return NULL;
    db_bind_int(s, 1, id);
    const char *reason = NULL;
    if (db_step(s) == DB_ROW)
        reason = arena_strdup(c->a, db_col_text(s, 0) ? db_col_text(s, 0) : "");
    db_reset(s);
    return reason;
}

static const incoming *load(ctx *c, int64_t id, web_err *e)
{
    memset(e, 0, sizeof *e);
    const incoming *r = c->user ? incoming_get(c, id, false) : NULL;
    if (!r)
        web_err_add(e, 404, "not_found", NULL, _("Không tìm thấy văn bản."));
    return r;
}

int routing_return(ctx *c, int64_t id, const char *reason, web_err *e)
{
    const incoming *r = load(c, id, e);
    if (!r)
        return -1;
    acting act;
    if (!routing_acting(c, r, &act)) {
        web_err_add(e, 403, "forbidden", NULL,
                    _("Chỉ lãnh đạo có thẩm quyền mới trả lại văn bản cho văn thư."));
        return -1;
    }
    if (strcmp(r->status, "registered") != 0) {
        web_err_add(e, 409, "invalid_state", NULL,
                    _("Chỉ trả lại được văn bản chưa phân công xử lý."));
        return -1;
    }
    if (!reason || !*reason)
        web_err_add(e, 400, "invalid_input", "reason", _("Hãy ghi lý do trả lại."));
    else if (strlen(reason) > IN_MAX_NOTE)
        web_err_add(e, 400, "invalid_input", "reason", _("Nội dung quá dài."));
    if (e->n)
        return -1;
    if (db_begin_write(c->db) != 0) {
        web_err_db(c, e);
        return -1;
    }
    const char *now = web_now_iso(c);
    db_stmt *s = db_stmt_get(c->db, &q_set_returned);
    if (!s)
        goto dberr;
    db_bind_int(s, 1, id);
    db_bind_text(s, 2, now);
    db_bind_text(s, 3, reason);
    if (db_exec(s) != DB_DONE)
        goto dberr;
    const char *text =
        arena_printf(c->a, _("Trả lại văn thư: %s%s"), reason, routing_on_behalf(&act));
    if (incoming_event_add(c->db, id, c->user->id, "return", 0, text, NULL, NULL, now) != 0)
        goto dberr;
    const char *msg = arena_printf(c->a, _("Văn bản bị trả lại: %s — %s. Lý do: %s"), r->code,
                                   r->subject, reason);
    if (r->registered_by && r->registered_by != c->user->id &&
        notify_user(c->db, r->registered_by, NOTIFY_INFO, "in", id, msg) != 0)
        goto dberr;
    json_t *after =
        json_pack("{s:s, s:I}", "reason", reason, "to_user_id", (json_int_t)r->registered_by);
    if (act.leader)
        json_object_set_new(after, "on_behalf_of",
                            json_pack("{s:I, s:s}", "id", (json_int_t)act.leader->id, "name",
                                      act.leader->name ? act.leader->name : ""));
    if (audit_commit(c->db, c->user, "incoming.return", "incoming", id, after) != 0) {
        web_err_db(c, e);
        return -1;
    }
    return 0;
dberr:
    return web_err_rollback(c, e);
}

/* The registrar, or a clerk or office leader of the receiving unit's scope. */
static bool may_resubmit(ctx *c, const incoming *r)
{
    const user *u = c->user;
    return r->registered_by == u->id || ((u->role == ROLE_CLERK || u->role == ROLE_OFFICE_LEADER) &&
                                         org_unit_in_scope(c, r->unit_id));
}

int routing_resubmit(ctx *c, int64_t id, web_err *e)
{
    const incoming *r = load(c, id, e);
    if (!r)
        return -1;
    if (!may_resubmit(c, r)) {
        web_err_add(e, 403, "forbidden", NULL, _("Chỉ văn thư vào sổ văn bản mới trình lại được."));
        return -1;
    }
    if (strcmp(r->status, "registered") != 0 || !routing_returned(c, id)) {
        web_err_add(e, 409, "invalid_state", NULL, _("Văn bản không ở trạng thái bị trả lại."));
        return -1;
    }
    if (db_begin_write(c->db) != 0) {
        web_err_db(c, e);
        return -1;
    }
    const char *now = web_now_iso(c);
    db_stmt *s = db_stmt_get(c->db, &q_clear_returned);
    if (!s)
        goto dberr;
    db_bind_int(s, 1, id);
    db_bind_text(s, 2, now);
    if (db_exec(s) != DB_DONE)
        goto dberr;
    if (incoming_event_add(c->db, id, c->user->id, "resubmit", 0, _("Trình lại lãnh đạo"), NULL,
                           NULL, now) != 0)
        goto dberr;
    const char *msg =
        arena_printf(c->a, _("Văn bản trình lại để phân công: %s — %s"), r->code, r->subject);
    if (notify_unit_role(c->db, r->unit_id, ROLE_OFFICE_LEADER, NOTIFY_INFO, "in", id, msg) != 0)
        goto dberr;
    if (audit_commit(c->db, c->user, "incoming.resubmit", "incoming", id, json_object()) != 0) {
        web_err_db(c, e);
        return -1;
    }
    return 0;
dberr:
    return web_err_rollback(c, e);
}
