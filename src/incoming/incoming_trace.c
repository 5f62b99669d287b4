/* A record's handling as its page and the API show it: the assignments (who leads, who
 * co-handles, deadlines, status) and the trace of events. Tasks (tasks/routing.c) writes the
 * assignments; incoming owns the trace (incoming_event_add). */
#include "incoming/incoming_impl.h"

#include <string.h>

#include "base/clock.h"
#include "base/i18n.h"
#include "org/org.h"
#include "web/dates.h"

static const db_query q_assignments = {
    "incoming.assignments",
    "SELECT a.id, a.parent_id, a.to_unit_id, a.to_user_id, a.assigned_by, a.kind,"
    " COALESCE(tu.name, tn.name), a.due_date, a.instruction, a.status, a.assigned_at,"
    " a.done_at, ab.name, tu.unit_id FROM incoming_assignments a"
    " LEFT JOIN users tu ON tu.id = a.to_user_id LEFT JOIN units tn ON tn.id = a.to_unit_id"
    " LEFT JOIN users ab ON ab.id = a.assigned_by WHERE a.incoming_id = ?1 ORDER BY a.id",
    NULL,
};

/* May the caller act on an assignment as its holder? The person it names; for a unit's share,
 * a member of that unit or a leader/unit account with the unit in scope. */
static bool holds(ctx *c, int64_t to_unit_id, int64_t to_user_id)
{
    const user *u = c->user;
    if (to_user_id)
        return to_user_id == u->id;
    if (u->unit_id == to_unit_id && u->role != ROLE_ADMIN)
        return true;
    return (role_is_leader(u->role) || u->role == ROLE_UNIT) && org_unit_in_scope(c, to_unit_id);
}

int incoming_assignments(ctx *c, int64_t id, in_assignment **rows_r)
{
    *rows_r = NULL;
    db_stmt *s = db_stmt_get(c->db, &q_assignments);
    if (!s)
        return -1;
    db_bind_int(s, 1, id);
    const char *today = web_today(c);
    int n = 0, cap = 8;
    in_assignment *v = arena_alloc(c->a, (size_t)cap * sizeof *v);
    while (db_step(s) == DB_ROW) {
        ARENA_GROW(c->a, v, n, cap);
        in_assignment *a = &v[n++];
        a->id = db_col_int(s, 0);
        a->parent_id = db_col_int(s, 1);
        a->to_unit_id = db_col_int(s, 2);
        a->to_user_id = db_col_int(s, 3);
        a->assigned_by = db_col_int(s, 4);
        a->kind = arena_strdup(c->a, db_col_text(s, 5));
        a->to_name = arena_strdup(c->a, db_col_text(s, 6));
        a->due_date = arena_strdup(c->a, db_col_text(s, 7));
        a->instruction = arena_strdup(c->a, db_col_text(s, 8));
        a->status = arena_strdup(c->a, db_col_text(s, 9));
        a->assigned_at = arena_strdup(c->a, db_col_text(s, 10));
        a->done_at = arena_strdup(c->a, db_col_text(s, 11));
        a->assigned_by_name = arena_strdup(c->a, db_col_text(s, 12));
        bool open = strcmp(a->status, "open") == 0;
        a->overdue = open && a->due_date && strcmp(a->due_date, today) < 0;
        a->mine = open && c->user && holds(c, a->to_unit_id, a->to_user_id);
    }
    db_reset(s);
    *rows_r = v;
    return n;
}

static const db_query q_trace = {
    "incoming.trace",
    "SELECT e.id, e.assignment_id, e.at, u.name, e.kind, e.text, e.old_due, e.new_due"
    " FROM incoming_events e LEFT JOIN users u ON u.id = e.actor_id WHERE e.incoming_id = ?1"
    " ORDER BY e.id",
    NULL,
};

int incoming_trace(ctx *c, int64_t id, in_event **rows_r)
{
    *rows_r = NULL;
    db_stmt *s = db_stmt_get(c->db, &q_trace);
    if (!s)
        return -1;
    db_bind_int(s, 1, id);
    int n = 0, cap = 16;
    in_event *v = arena_alloc(c->a, (size_t)cap * sizeof *v);
    while (db_step(s) == DB_ROW) {
        ARENA_GROW(c->a, v, n, cap);
        in_event *e = &v[n++];
        e->id = db_col_int(s, 0);
        e->assignment_id = db_col_int(s, 1);
        e->at = arena_strdup(c->a, db_col_text(s, 2));
        e->actor_name = arena_strdup(c->a, db_col_text(s, 3));
        e->kind = arena_strdup(c->a, db_col_text(s, 4));
        e->text = arena_strdup(c->a, db_col_text(s, 5));
        e->old_due = arena_strdup(c->a, db_col_text(s, 6));
        e->new_due = arena_strdup(c->a, db_col_text(s, 7));
    }
    db_reset(s);
    *rows_r = v;
    return n;
}

const char *in_assignment_status_label(const char *status)
{
    static const struct {
        const char *code, *label;
    } t[] = {
        {"open", N_("Đang xử lý")},
        {"done", N_("Đã xong")},
        {"passed", N_("Đã chuyển tiếp")},
        {"cancelled", N_("Đã hủy")},
    };
    for (size_t i = 0; status && i < sizeof t / sizeof t[0]; i++)
        if (strcmp(t[i].code, status) == 0)
            return _(t[i].label);
    return status ? status : "";
}
