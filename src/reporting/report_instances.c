/* Report instances (reporting.h): opening a period for the obligated units, reading with the
 * scope rule, statuses, history. Values and submission are in report_submit.c. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "catalog/vocab.h"
#include "org/org.h"
#include "reporting/reporting_impl.h"
#include "web/dates.h"
#include "web/params.h"

static const db_query q_units = {
    "rep.units",
    "SELECT u.id, coalesce(u.parent_id, 0), u.name, u.level, u.valid_from, u.valid_to,"
    " coalesce((SELECT min(s.successor_id) FROM unit_successors s WHERE s.unit_id = u.id"
    " AND s.kind IN ('merge', 'rename', 'transfer')), 0) FROM units u ORDER BY u.id",
    NULL,
};
static const db_query q_inst_insert = {
    "rep.inst_insert",
    "INSERT INTO report_instances (type_id, form_id, period, data_from, cutoff, due_date, unit_id,"
    " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
    " ON CONFLICT (type_id, period, unit_id) DO NOTHING",
    NULL,
};
#define INST_COLS                                                                                  \
    "i.id, i.type_id, i.form_id, i.unit_id, i.period, i.data_from, i.cutoff, i.due_date,"          \
    " i.status, u.name, t.name, i.first_submitted_at, i.submitted_at, i.submitted_by,"             \
    " i.reviewed_at, i.reviewed_by, i.review_comment, i.doc_code, i.doc_date, i.file_name,"        \
    " i.file_sha256, i.file_mime, i.file_size, i.incoming_id, t.secrecy"
static const db_query q_list = {
    "rep.list",
    "SELECT " INST_COLS " FROM report_instances i JOIN units u ON u.id = i.unit_id"
    " JOIN report_types t ON t.id = i.type_id"
    " WHERE i.unit_id IN (SELECT value FROM json_each(?1))"
    " AND (?2 IS NULL OR i.type_id = ?2) AND (?3 IS NULL OR i.unit_id = ?3)"
    " AND (?4 IS NULL OR i.period = ?4) AND (?5 IS NULL OR i.status = ?5)"
    /* rep_secret_cleared, in SQL so that limits and offsets count only what is shown */
    " AND (t.secrecy = 0 OR ?8 = 1 OR i.unit_id IN (?9, ?10) OR i.reviewed_by = ?11)"
    " ORDER BY i.cutoff DESC, u.sort_order, u.id LIMIT ?6 OFFSET ?7",
    NULL,
};
/* The same list of one status (the home page's "chờ kiểm tra": the submitted reports of the
 * scope), started from report_instances_status (migration 059) instead of every report of
 * every unit in scope: `?5 IS NULL OR` above keeps any index off the status. */
static const db_query q_list_status = {
    "rep.list_status",
    "SELECT " INST_COLS " FROM report_instances i JOIN units u ON u.id = i.unit_id"
    " JOIN report_types t ON t.id = i.type_id"
    " WHERE i.status = ?5 AND i.unit_id IN (SELECT value FROM json_each(?1))"
    " AND (?2 IS NULL OR i.type_id = ?2) AND (?3 IS NULL OR i.unit_id = ?3)"
    " AND (?4 IS NULL OR i.period = ?4)"
    " AND (t.secrecy = 0 OR ?8 = 1 OR i.unit_id IN (?9, ?10) OR i.reviewed_by = ?11)"
    " ORDER BY i.cutoff DESC, u.sort_order, u.id LIMIT ?6 OFFSET ?7",
    NULL,
};
static const db_query q_get = {
    "rep.get",
    "SELECT " INST_COLS " FROM report_instances i JOIN units u ON u.id = i.unit_id"
    " JOIN report_types t ON t.id = i.type_id WHERE i.id = ?1",
    NULL,
};
static const db_query q_event_add = {
    "rep.event_add",
    "INSERT INTO report_events (instance_id, at, actor_id, kind, note) VALUES (?1, ?2, ?3, ?4, ?5)",
    NULL,
};
static const db_query q_events = {
    "rep.events",
    "SELECT e.at, e.kind, e.note, coalesce(us.name, '') FROM report_events e"
    " LEFT JOIN users us ON us.id = e.actor_id WHERE e.instance_id = ?1 ORDER BY e.id",
    NULL,
};

int rep_units_load(ctx *c, rep_unit **rows_r)
{
    db_stmt *s = db_stmt_get(c->db, &q_units);
    if (!s)
        return -1;
    int n = 0, cap = 64, rc;
    rep_unit *v = arena_alloc(c->a, (size_t)cap * sizeof *v);
    while ((rc = db_step(s)) == DB_ROW) {
        ARENA_GROW(c->a, v, n, cap);
        v[n].id = db_col_int(s, 0);
        v[n].parent_id = db_col_int(s, 1);
        v[n].name = arena_strdup(c->a, db_col_text(s, 2));
        v[n].level = arena_strdup(c->a, db_col_text(s, 3));
        v[n].valid_from = arena_strdup(c->a, db_col_text(s, 4));
        v[n].valid_to = arena_strdup(c->a, db_col_text(s, 5));
        v[n].successor_id = db_col_int(s, 6);
        n++;
    }
    db_reset(s);
    *rows_r = v;
    return rc == DB_DONE ? n : -1;
}

int rep_unit_find(const rep_unit *rows, int n, int64_t id)
{
    int lo = 0, hi = n - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (rows[mid].id == id)
            return mid;
        if (rows[mid].id < id)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

int rep_unit_up(const rep_unit *rows, int n, int idx)
{
    if (rows[idx].parent_id)
        return rep_unit_find(rows, n, rows[idx].parent_id);
    return rows[idx].successor_id ? rep_unit_find(rows, n, rows[idx].successor_id) : -1;
}

bool rep_unit_under(const rep_unit *rows, int n, int idx, int64_t root)
{
    for (int guard = 0; idx >= 0 && guard < 64; guard++) {
        if (rows[idx].id == root)
            return true;
        idx = rep_unit_up(rows, n, idx);
    }
    return false;
}

int64_t rep_recipient_anchor(ctx *c, const rep_type *t)
{
    return org_scope_anchor(c->db, t->recipient_unit_id);
}

int rep_event_add(ctx *c, int64_t instance_id, const char *kind, const char *note)
{
    db_stmt *s = db_stmt_get(c->db, &q_event_add);
    if (!s)
        return -1;
    db_bind_int(s, 1, instance_id);
    db_bind_text(s, 2, web_now_iso(c));
    if (c->user)
        db_bind_int(s, 3, c->user->id);
    db_bind_text(s, 4, kind);
    db_bind_text(s, 5, note);
    return db_exec(s) == DB_DONE ? 0 : -1;
}

static bool has(const char **v, int n, const char *s)
{
    for (int i = 0; i < n; i++)
        if (s && strcmp(v[i], s) == 0)
            return true;
    return false;
}

/* Office leaders and clerks of the receiving committee, and the administrator. */
static bool may_open(ctx *c, const rep_type *t)
{
    if (!c->user)
        return false;
    if (c->user->role == ROLE_ADMIN)
        return true;
    return (c->user->role == ROLE_OFFICE_LEADER || c->user->role == ROLE_CLERK) &&
           org_scope_anchor(c->db, c->user->unit_id) == rep_recipient_anchor(c, t);
}

/* Opens the period inside the caller's transaction; the number opened or -1 with *e. */
static int open_in_tx(ctx *c, const rep_type *t, const char *key, const char *cutoff,
                      const char *due, web_err *e)
{
    rep_period p;
    if (rep_period_parse(key, t->cutoff_day, &p) != 0 ||
        (!has(t->cycles, t->n_cycles, p.cycle) &&
         !(strcmp(p.cycle, "quarter") == 0 && strcmp(key + 4, "-Q1") == 0 &&
           has(t->cycles, t->n_cycles, "q1")))) {
        web_err_add(e, 422, "invalid_input", "period",
                    _("Kỳ báo cáo không hợp lệ với chu kỳ của loại báo cáo này."));
        return -1;
    }
    bool adhoc = strcmp(p.cycle, "thematic") == 0 || strcmp(p.cycle, "adhoc") == 0;
    if (adhoc) {
        if (!param_date(cutoff) || !param_date(due)) {
            web_err_add(e, 422, "invalid_input", "cutoff",
                        _("Báo cáo chuyên đề, đột xuất cần ngày chốt số liệu và hạn nộp."));
            return -1;
        }
        if (strcmp(due, cutoff) <= 0) {
            web_err_add(e, 422, "invalid_input", "due", _("Hạn nộp phải sau ngày chốt số liệu."));
            return -1;
        }
        snprintf(p.cutoff, sizeof p.cutoff, "%s", cutoff);
    }
    if (strcmp(p.cutoff, t->effective_from) < 0 ||
        (t->effective_to && strcmp(p.cutoff, t->effective_to) > 0)) {
        web_err_add(e, 422, "invalid_input", "period",
                    _("Loại báo cáo chưa hoặc không còn áp dụng cho kỳ này."));
        return -1;
    }
    const rep_form *f = rep_form_for(c, t->id, key, 0);
    if (!f) {
        web_err_add(e, 422, "invalid_input", "period", _("Chưa có biểu mẫu áp dụng cho kỳ này."));
        return -1;
    }
    rep_unit *u;
    int nu = rep_units_load(c, &u);
    if (nu < 0)
        return -2;
    int64_t anchor = rep_recipient_anchor(c, t);
    int opened = 0;
    for (int i = 0; i < nu; i++) {
        if (u[i].id == anchor || !has(t->levels, t->n_levels, u[i].level) ||
            strcmp(u[i].valid_from, p.cutoff) > 0 ||
            (u[i].valid_to && strcmp(u[i].valid_to, p.cutoff) < 0) ||
            !rep_unit_under(u, nu, i, anchor))
            continue;
        char d[11];
        if (adhoc)
            snprintf(d, sizeof d, "%s", due);
        else if (rep_due_date(c->db, t, &p, u[i].level, d) != 0)
            continue;
        db_stmt *s = db_stmt_get(c->db, &q_inst_insert);
        if (!s)
            return -2;
        db_bind_int(s, 1, t->id);
        db_bind_int(s, 2, f->id);
        db_bind_text(s, 3, key);
        db_bind_text(s, 4, p.data_from);
        db_bind_text(s, 5, p.cutoff);
        db_bind_text(s, 6, d);
        db_bind_int(s, 7, u[i].id);
        db_bind_text(s, 8, web_now_iso(c));
        if (db_exec(s) != DB_DONE)
            return -2;
        opened += db_changes(c->db);
    }
    return opened;
}

int rep_open_period(ctx *c, int64_t type_id, const char *key, const char *cutoff, const char *due,
                    web_err *e)
{
    memset(e, 0, sizeof *e);
    const rep_type *t = rep_type_get(c, type_id);
    if (!t) {
        web_err_add(e, 404, "not_found", NULL, _("Không tìm thấy loại báo cáo."));
        return -1;
    }
    if (!may_open(c, t)) {
        web_err_add(e, 403, "forbidden", NULL,
                    _("Chỉ văn phòng cấp ủy nhận báo cáo được mở kỳ báo cáo."));
        return -1;
    }
    if (db_begin_write(c->db) != 0) {
        web_err_db(c, e);
        return -1;
    }
    int n = open_in_tx(c, t, key, cutoff, due, e);
    if (n == -1) {
        db_rollback(c->db);
        return -1;
    }
    if (n < 0)
        return web_err_rollback(c, e);
    if (audit_commit(c->db, c->user, "report.open", "report_type", t->id,
                     json_pack("{s:s, s:i}", "period", key, "opened", n)) != 0) {
        web_err_db(c, e);
        return -1;
    }
    return n;
}

/* The tick's own opening, acting as the system (no user). */
int rep_open_current(ctx *c, const char *today)
{
    rep_type *t;
    int nt = rep_types(c, &t), total = 0;
    int y = atoi(today);
    for (int i = 0; i < nt; i++) {
        for (int k = 0; k < t[i].n_cycles; k++) {
            const char **keys;
            int nk = rep_periods_of_year(c->a, t[i].cycles[k], y, &keys);
            for (int j = 0; j < nk; j++) {
                rep_period p;
                if (rep_period_parse(keys[j], t[i].cutoff_day, &p) != 0 ||
                    strcmp(p.data_from, today) > 0 ||
                    strcmp(web_date_add(c, p.cutoff, 31), today) < 0)
                    continue;
                web_err e = {0};
                if (db_begin_write(c->db) != 0)
                    return -1;
                int n = open_in_tx(c, &t[i], keys[j], NULL, NULL, &e);
                if (n < 0) {
                    db_rollback(c->db);
                    continue;
                }
                if (n > 0 && audit_log(c->db, NULL, "report.open", "report_type", t[i].id, NULL,
                                       arena_printf(c->a, "{\"period\":\"%s\",\"opened\":%d}",
                                                    keys[j], n)) != 0) {
                    db_rollback(c->db);
                    return -1;
                }
                if (db_commit(c->db) != 0)
                    return -1;
                total += n;
            }
        }
    }
    return total;
}

static void read_row(ctx *c, db_stmt *s, rep_instance *r)
{
    memset(r, 0, sizeof *r);
    r->id = db_col_int(s, 0);
    r->type_id = db_col_int(s, 1);
    r->form_id = db_col_int(s, 2);
    r->unit_id = db_col_int(s, 3);
    r->period = arena_strdup(c->a, db_col_text(s, 4));
    r->data_from = arena_strdup(c->a, db_col_text(s, 5));
    r->cutoff = arena_strdup(c->a, db_col_text(s, 6));
    r->due_date = arena_strdup(c->a, db_col_text(s, 7));
    r->status = arena_strdup(c->a, db_col_text(s, 8));
    r->unit_name = arena_strdup(c->a, db_col_text(s, 9));
    r->type_name = arena_strdup(c->a, db_col_text(s, 10));
    r->first_submitted_at = arena_strdup(c->a, db_col_text(s, 11));
    r->submitted_at = arena_strdup(c->a, db_col_text(s, 12));
    r->submitted_by = db_col_int(s, 13);
    r->reviewed_at = arena_strdup(c->a, db_col_text(s, 14));
    r->reviewed_by = db_col_int(s, 15);
    r->review_comment = arena_strdup(c->a, db_col_text(s, 16));
    r->doc_code = arena_strdup(c->a, db_col_text(s, 17));
    r->doc_date = arena_strdup(c->a, db_col_text(s, 18));
    r->file_name = arena_strdup(c->a, db_col_text(s, 19));
    r->file_sha256 = arena_strdup(c->a, db_col_text(s, 20));
    r->file_mime = arena_strdup(c->a, db_col_text(s, 21));
    r->file_size = db_col_int(s, 22);
    r->incoming_id = db_col_int(s, 23);
    r->secrecy = (int)db_col_int(s, 24);
}

/* The units whose reports the caller sees: the scope, plus the unit a ward's own office
 * account reports for (its anchor). */
static const char *visible_units_json(ctx *c)
{
    const char *scope = org_scope_json(c);
    return scope ? scope : "[]";
}

int rep_list(ctx *c, const rep_filter *f, rep_instance **rows_r)
{
    *rows_r = NULL;
    if (!c->user)
        return 0;
    db_stmt *s = db_stmt_get(c->db, f->status ? &q_list_status : &q_list);
    if (!s)
        return -1;
    db_bind_text(s, 1, visible_units_json(c));
    if (f->type_id > 0)
        db_bind_int(s, 2, f->type_id);
    if (f->unit_id > 0)
        db_bind_int(s, 3, f->unit_id);
    db_bind_text(s, 4, f->period);
    db_bind_text(s, 5, f->status);
    db_bind_int(s, 6, f->limit > 0 ? f->limit : 200);
    db_bind_int(s, 7, f->offset);
    db_bind_int(s, 8, secrecy_leader_may_see(c) ? 1 : 0);
    db_bind_int(s, 9, c->user->unit_id);
    db_bind_int(s, 10, org_scope_anchor(c->db, c->user->unit_id));
    db_bind_int(s, 11, c->user->id);
    int n = 0, cap = 16, rc;
    rep_instance *v = arena_alloc(c->a, (size_t)cap * sizeof *v);
    while ((rc = db_step(s)) == DB_ROW) {
        ARENA_GROW(c->a, v, n, cap);
        read_row(c, s, &v[n++]);
    }
    db_reset(s);
    *rows_r = v;
    return rc == DB_DONE ? n : -1;
}

const rep_instance *rep_get(ctx *c, int64_t id)
{
    if (!c->user || id <= 0)
        return NULL;
    db_stmt *s = db_stmt_get(c->db, &q_get);
    if (!s)
        return NULL;
    db_bind_int(s, 1, id);
    rep_instance *r = NULL;
    if (db_step(s) == DB_ROW) {
        r = arena_alloc(c->a, sizeof *r);
        read_row(c, s, r);
    }
    db_reset(s);
    if (r && !org_unit_in_scope(c, r->unit_id))
        return NULL;
    if (r && !rep_secret_cleared(c, r->secrecy, r->unit_id, r->reviewed_by))
        return NULL;
    return r;
}

bool rep_secret_cleared(ctx *c, int secrecy, int64_t unit_id, int64_t reviewed_by)
{
    if (secrecy <= 0)
        return true;
    if (!c->user || c->user->role == ROLE_ADMIN)
        return false;
    /* Leaders: within their scope, which every caller of this has checked already. */
    if (secrecy_leader_may_see(c))
        return true;
    if (c->user->unit_id == unit_id || org_scope_anchor(c->db, c->user->unit_id) == unit_id)
        return true;
    return reviewed_by > 0 && reviewed_by == c->user->id;
}

static const db_query q_secret_of = {
    "rep.secret_of",
    "SELECT t.secrecy, i.unit_id, coalesce(i.reviewed_by, 0) FROM report_instances i"
    " JOIN report_types t ON t.id = i.type_id WHERE i.id = ?1",
    NULL,
};

/* The audit trail's resolver for "report" rows: the values in a secret report's before/after
 * are redacted for a viewer not cleared (the administrator, as for a secret document). */
bool rep_audit_may_see(ctx *c, const audit_row *row)
{
    db_stmt *s = db_stmt_get(c->db, &q_secret_of);
    if (!s)
        return false;
    db_bind_int(s, 1, row->entity_id);
    bool found = db_step(s) == DB_ROW;
    int secrecy = found ? (int)db_col_int(s, 0) : 0;
    int64_t unit_id = found ? db_col_int(s, 1) : 0, reviewed_by = found ? db_col_int(s, 2) : 0;
    db_reset(s);
    return rep_secret_cleared(c, secrecy, unit_id, reviewed_by);
}

bool rep_type_figures_cleared(ctx *c, const rep_type *t)
{
    return t->secrecy <= 0 || (c->user && secrecy_leader_may_see(c));
}

bool rep_may_submit(ctx *c, const rep_instance *r)
{
    if (!c->user || c->user->role == ROLE_ADMIN)
        return false;
    return c->user->unit_id == r->unit_id ||
           org_scope_anchor(c->db, c->user->unit_id) == r->unit_id;
}

bool rep_may_review(ctx *c, const rep_instance *r)
{
    if (!c->user || (c->user->role != ROLE_CLERK && c->user->role != ROLE_OFFICE_LEADER))
        return false;
    const rep_type *t = rep_type_get(c, r->type_id);
    return t && org_scope_anchor(c->db, c->user->unit_id) == rep_recipient_anchor(c, t) &&
           org_unit_in_scope(c, r->unit_id) && !rep_may_submit(c, r);
}

int rep_review_waiting_count(ctx *c)
{
    if (!c->user || (c->user->role != ROLE_CLERK && c->user->role != ROLE_OFFICE_LEADER))
        return 0;
    rep_filter w = {.status = "submitted", .limit = 200};
    rep_instance *sub;
    int n = rep_list(c, &w, &sub), waiting = 0;
    int64_t mine = org_scope_anchor(c->db, c->user->unit_id);
    /* the types met so far and whether the caller's anchor receives them */
    enum { SEEN_MAX = 32 };
    int64_t seen_id[SEEN_MAX];
    bool seen_ok[SEEN_MAX];
    int seen = 0;
    for (int i = 0; i < n; i++) {
        const rep_instance *r = &sub[i];
        int k = 0;
        while (k < seen && seen_id[k] != r->type_id)
            k++;
        bool ok;
        if (k < seen) {
            ok = seen_ok[k];
        } else {
            const rep_type *t = rep_type_get(c, r->type_id);
            ok = t && mine == rep_recipient_anchor(c, t);
            if (seen < SEEN_MAX) {
                seen_id[seen] = r->type_id;
                seen_ok[seen++] = ok;
            }
        }
        /* rep_may_review, with rep_may_submit written out on the anchor asked once */
        if (ok && org_unit_in_scope(c, r->unit_id) &&
            !(c->user->unit_id == r->unit_id || mine == r->unit_id))
            waiting++;
    }
    return waiting;
}

const char *rep_status(ctx *c, const rep_instance *r)
{
    if (strcmp(r->status, "open") != 0)
        return r->status;
    const char *today = web_today(c);
    if (strcmp(today, r->cutoff) < 0)
        return "not_due";
    return strcmp(today, r->due_date) > 0 ? "overdue" : "waiting";
}

const char *rep_status_label(const char *s)
{
    if (!s)
        return _("Chưa mở kỳ");
    if (strcmp(s, "not_due") == 0)
        return _("Chưa đến hạn");
    if (strcmp(s, "waiting") == 0)
        return _("Chờ nộp");
    if (strcmp(s, "overdue") == 0)
        return _("Quá hạn, chưa nộp");
    if (strcmp(s, "submitted") == 0)
        return _("Đã nộp, chờ kiểm tra");
    if (strcmp(s, "returned") == 0)
        return _("Trả lại để sửa");
    if (strcmp(s, "accepted") == 0)
        return _("Đã tiếp nhận");
    if (strcmp(s, "included") == 0)
        return _("Đã tổng hợp");
    return s;
}

const char *rep_timeliness(const rep_instance *r)
{
    if (!r->first_submitted_at)
        return NULL;
    /* first_submitted_at is UTC; the due date is a Vietnam date: compare in Vietnam time. */
    int64_t t = clock_parse_iso(r->first_submitted_at);
    char day[32];
    clock_iso(t + VN_UTC_OFFSET, day, sizeof day);
    return strncmp(day, r->due_date, 10) <= 0 ? "on_time" : "late";
}

int rep_events(ctx *c, int64_t id, rep_event **rows_r)
{
    db_stmt *s = db_stmt_get(c->db, &q_events);
    if (!s)
        return -1;
    db_bind_int(s, 1, id);
    int n = 0, cap = 8, rc;
    rep_event *v = arena_alloc(c->a, (size_t)cap * sizeof *v);
    while ((rc = db_step(s)) == DB_ROW) {
        ARENA_GROW(c->a, v, n, cap);
        v[n].at = arena_strdup(c->a, db_col_text(s, 0));
        v[n].kind = arena_strdup(c->a, db_col_text(s, 1));
        v[n].note = arena_strdup(c->a, db_col_text(s, 2));
        v[n].actor_name = arena_strdup(c->a, db_col_text(s, 3));
        n++;
    }
    db_reset(s);
    *rows_r = v;
    return rc == DB_DONE ? n : -1;
}
