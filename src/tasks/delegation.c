/* Ủy quyền: a leader away names a deputy who routes the leader's documents for a date range
 * (routing_delegations, migration 024). While a delegation runs, routing_acting lets the deputy
 * route, return and extend as the leader: permission and target checks are the leader's, the
 * deputy is written as the one who acted and every trace event and audit row says "thay mặt
 * <leader> (ủy quyền)". The deputy still sees only what their own visibility allows: a
 * delegation hands over the leader's decisions, not the leader's reading. */
#include <string.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "base/i18n.h"
#include "notify/notify.h"
#include "org/org.h"
#include "tasks/tasks_impl.h"
#include "web/dates.h"
#include "web/params.h"

#define DELEGATION_MAX_NOTE 500
#define DELEGATION_LIST_MAX 200

static const db_query q_insert = {
    "delegation.insert",
    "INSERT INTO routing_delegations (leader_id, deputy_id, from_date, to_date, note,"
    " created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?1, ?6)",
    NULL,
};
static const db_query q_end = {
    "delegation.end",
    "UPDATE routing_delegations SET ended_at = ?3 WHERE id = ?1 AND leader_id = ?2"
    " AND ended_at IS NULL",
    NULL,
};
static const db_query q_list = {
    "delegation.list",
    "SELECT d.id, d.leader_id, d.deputy_id, l.name, p.name, d.from_date, d.to_date, d.note,"
    " d.ended_at FROM routing_delegations d JOIN users l ON l.id = d.leader_id"
    " JOIN users p ON p.id = d.deputy_id WHERE d.leader_id = ?1 OR d.deputy_id = ?1"
    " ORDER BY d.id DESC LIMIT 200",
    NULL,
};
/* Leaders who delegated to ?1 for ?2 (today), oldest delegation first. */
static const db_query q_today = {
    "delegation.today",
    "SELECT DISTINCT d.leader_id FROM routing_delegations d JOIN users l ON l.id = d.leader_id"
    " WHERE d.deputy_id = ?1 AND d.ended_at IS NULL AND d.from_date <= ?2 AND d.to_date >= ?2"
    " AND l.disabled = 0 ORDER BY d.id",
    /* PostgreSQL: DISTINCT cannot order by a column it drops; the first delegation's order. */
    "SELECT d.leader_id FROM routing_delegations d JOIN users l ON l.id = d.leader_id"
    " WHERE d.deputy_id = $1 AND d.ended_at IS NULL AND d.from_date <= $2 AND d.to_date >= $2"
    " AND l.disabled = 0 GROUP BY d.leader_id ORDER BY min(d.id)",
};

int delegation_leaders_today(ctx *c, int64_t **ids_r)
{
    *ids_r = NULL;
    if (!c->user)
        return 0;
    db_stmt *s = db_stmt_get(c->db, &q_today);
    if (!s)
        return -1;
    db_bind_int(s, 1, c->user->id);
    db_bind_text(s, 2, web_today(c));
    int n = 0, cap = 4;
    int64_t *v = arena_alloc(c->a, (size_t)cap * sizeof *v);
    while (db_step(s) == DB_ROW) {
        ARENA_GROW(c->a, v, n, cap);
        v[n++] = db_col_int(s, 0);
    }
    db_reset(s);
    *ids_r = v;
    return n;
}

bool routing_acting(ctx *c, const incoming *r, acting *ac)
{
    memset(ac, 0, sizeof *ac);
    ac->c = c;
    ac->actor = c->user;
    if (!c->user)
        return false;
    if (incoming_may_assign(c, r))
        return true;
    int64_t *leaders;
    int n = delegation_leaders_today(c, &leaders);
    for (int i = 0; i < n; i++) {
        const user *l = auth_user_load(c, leaders[i]);
        if (!l)
            continue;
        ac->copy = *c;
        ac->copy.user = l;
        memset(&ac->copy.scope, 0, sizeof ac->copy.scope);
        if (incoming_may_assign(&ac->copy, r)) {
            ac->c = &ac->copy;
            ac->leader = l;
            return true;
        }
    }
    ac->c = c;
    return false;
}

const char *routing_on_behalf(const acting *ac)
{
    if (!ac->leader)
        return "";
    return arena_printf(ac->c->a, _(" (thay mặt %s (ủy quyền))"),
                        ac->leader->name ? ac->leader->name : "");
}

int64_t delegation_create(ctx *c, int64_t deputy_id, const char *from_date, const char *to_date,
                          const char *note, web_err *e)
{
    memset(e, 0, sizeof *e);
    const user *u = c->user;
    if (!u || !role_is_leader(u->role)) {
        web_err_add(e, 403, "forbidden", NULL,
                    _("Chỉ lãnh đạo có quyền phân công mới ủy quyền được."));
        return -1;
    }
    const user *d = deputy_id > 0 ? auth_user_load(c, deputy_id) : NULL;
    if (!d)
        web_err_add(e, 400, "invalid_input", "deputy_id", _("Hãy chọn người được ủy quyền."));
    else if (d->id == u->id)
        web_err_add(e, 400, "invalid_input", "deputy_id", _("Không tự ủy quyền cho chính mình."));
    else if (d->role == ROLE_ADMIN || d->role == ROLE_NONE || d->role == ROLE_UNIT ||
             !org_unit_in_scope(c, d->unit_id))
        web_err_add(e, 400, "invalid_input", "deputy_id",
                    _("Người được ủy quyền phải là cán bộ của đơn vị trong phạm vi của bạn."));
    const char *today = web_today(c);
    if (!from_date || !*from_date)
        from_date = today;
    if (!param_date(from_date))
        web_err_add(e, 400, "invalid_input", "from_date",
                    _("Ngày bắt đầu phải có dạng YYYY-MM-DD."));
    if (!to_date || !param_date(to_date))
        web_err_add(e, 400, "invalid_input", "to_date",
                    _("Ngày kết thúc phải có dạng YYYY-MM-DD."));
    else if (param_date(from_date) &&
             (strcmp(to_date, from_date) < 0 || strcmp(to_date, today) < 0))
        web_err_add(e, 400, "invalid_input", "to_date",
                    _("Ngày kết thúc phải từ ngày bắt đầu trở đi và không ở quá khứ."));
    if (note && strlen(note) > DELEGATION_MAX_NOTE)
        web_err_add(e, 400, "invalid_input", "note", _("Nội dung quá dài."));
    if (e->n)
        return -1;
    if (db_begin_write(c->db) != 0) {
        web_err_db(c, e);
        return -1;
    }
    db_stmt *s = db_stmt_get(c->db, &q_insert);
    if (!s)
        goto dberr;
    db_bind_int(s, 1, u->id);
    db_bind_int(s, 2, d->id);
    db_bind_text(s, 3, from_date);
    db_bind_text(s, 4, to_date);
    db_bind_text(s, 5, note && *note ? note : NULL);
    db_bind_text(s, 6, web_now_iso(c));
    if (db_exec(s) != DB_DONE)
        goto dberr;
    int64_t id = db_last_id(c->db);
    const char *msg =
        arena_printf(c->a, _("%s ủy quyền cho bạn phân công xử lý văn bản từ %s đến %s."),
                     u->name ? u->name : "", web_date_vn(c, from_date), web_date_vn(c, to_date));
    if (notify_user(c->db, d->id, NOTIFY_INFO, NULL, 0, msg) != 0)
        goto dberr;
    if (audit_commit(c->db, u, "delegation.create", "delegation", id,
                     json_pack("{s:I, s:s?, s:I, s:s?, s:s, s:s, s:s?}", "leader_id",
                               (json_int_t)u->id, "leader", u->name, "deputy_id", (json_int_t)d->id,
                               "deputy", d->name, "from_date", from_date, "to_date", to_date,
                               "note", note && *note ? note : NULL)) != 0) {
        web_err_db(c, e);
        return -1;
    }
    return id;
dberr:
    return web_err_rollback(c, e);
}

int delegation_end(ctx *c, int64_t id, web_err *e)
{
    memset(e, 0, sizeof *e);
    if (!c->user) {
        web_err_add(e, 404, "not_found", NULL, _("Không tìm thấy ủy quyền."));
        return -1;
    }
    if (db_begin_write(c->db) != 0) {
        web_err_db(c, e);
        return -1;
    }
    db_stmt *s = db_stmt_get(c->db, &q_end);
    if (!s)
        goto dberr;
    db_bind_int(s, 1, id);
    db_bind_int(s, 2, c->user->id);
    db_bind_text(s, 3, web_now_iso(c));
    if (db_exec(s) != DB_DONE)
        goto dberr;
    if (db_changes(c->db) != 1) {
        db_rollback(c->db);
        web_err_add(e, 404, "not_found", NULL, _("Không tìm thấy ủy quyền."));
        return -1;
    }
    if (audit_commit(c->db, c->user, "delegation.end", "delegation", id,
                     json_pack("{s:s}", "ended_at", web_now_iso(c))) != 0) {
        web_err_db(c, e);
        return -1;
    }
    return 0;
dberr:
    return web_err_rollback(c, e);
}

int delegation_list(ctx *c, delegation **rows_r)
{
    *rows_r = NULL;
    if (!c->user)
        return 0;
    db_stmt *s = db_stmt_get(c->db, &q_list);
    if (!s)
        return -1;
    db_bind_int(s, 1, c->user->id);
    const char *today = web_today(c);
    int n = 0, cap = 8;
    delegation *v = arena_alloc(c->a, (size_t)cap * sizeof *v);
    while (n < DELEGATION_LIST_MAX && db_step(s) == DB_ROW) {
        ARENA_GROW(c->a, v, n, cap);
        delegation *d = &v[n++];
        d->id = db_col_int(s, 0);
        d->leader_id = db_col_int(s, 1);
        d->deputy_id = db_col_int(s, 2);
        d->leader_name = arena_strdup(c->a, db_col_text(s, 3));
        d->deputy_name = arena_strdup(c->a, db_col_text(s, 4));
        d->from_date = arena_strdup(c->a, db_col_text(s, 5));
        d->to_date = arena_strdup(c->a, db_col_text(s, 6));
        d->note = arena_strdup(c->a, db_col_text(s, 7));
        d->ended_at = arena_strdup(c->a, db_col_text(s, 8));
        d->active =
            !d->ended_at && strcmp(d->from_date, today) <= 0 && strcmp(d->to_date, today) >= 0;
    }
    db_reset(s);
    *rows_r = v;
    return n;
}
