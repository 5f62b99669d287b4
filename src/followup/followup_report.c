/* The follow-up report, the lists behind its counts, and the reminder sweep (followup.h).
 * Report and list share one statement head (the period, the as-of day, the scope, fu_status)
 * so a count and the list it links to can never differ. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "followup/followup_impl.h"
#include "jobs/jobs.h"
#include "notify/notify.h"
#include "org/org.h"
#include "rules/rules.h"
#include "web/dates.h"
#include "web/params.h"
#include "workdays/workdays.h"

/* ?1 asof, ?2 from, ?3 to, ?4 scope, ?5 sees secret, ?6 user, ?7 user's unit, ?8 lead unit
 * (0 any), ?9 leader (0 any), ?10 month ('' any). The tasks of the period: assigned by the
 * as-of day and by the period's end, and not already due before the period began. The month
 * filter spells the month out (an output alias in WHERE is SQLite's only). */
#define FU_HEAD                                                                                    \
    "WITH v AS (SELECT t.id, t.lead_unit_id, coalesce(t.leader_user_id, 0) AS "                    \
    "leader, " FU_DUE_ASOF(                                                                        \
        "?1") " AS due, t.original_due, t.completed_on, t.confirmed_on, t.cancelled_on, "          \
              "t.assigned_on FROM followup_tasks t WHERE t.assigned_on <= ?1 AND t.assigned_on "   \
              "<= ?3 AND " FU_VISIBLE(                                                             \
                  "?4", "?5", "?6",                                                                \
                  "?7") "), w AS (SELECT v.*, fu_status(due, original_due, "                       \
                        "completed_on, confirmed_on, cancelled_on, ?1, ?3) "                       \
                        "AS s, substr(coalesce(due, "                                              \
                        "assigned_on), 1, 7) AS month FROM v WHERE (due IS "                       \
                        "NULL OR due >= ?2) AND (?8 = 0 OR "                                       \
                        "lead_unit_id = ?8) AND (?9 = 0 OR leader = max(?9, "                      \
                        "0)) AND (?10 = '' OR substr(coalesce(due, assigned_on), 1, 7) = ?10)) "

/* The report streams (key, status) pairs and counts them in C: a GROUP BY over 50,000 rows
 * would sort them all (a third of the time); the counting is a hash lookup a row. */
static const db_query q_by_unit = {"followup.report_unit",
                                   FU_HEAD "SELECT w.lead_unit_id, w.s FROM w", NULL};
static const db_query q_by_leader = {"followup.report_leader",
                                     FU_HEAD "SELECT w.leader, w.s FROM w", NULL};
static const db_query q_by_month = {"followup.report_month", FU_HEAD "SELECT w.month, w.s FROM w",
                                    NULL};
/* The rows' names and order: units by the tree's order, leaders by name. */
static const db_query q_unit_names = {
    "followup.report_unit_names",
    "SELECT id, name FROM units WHERE id IN (SELECT value FROM json_each(?1)) ORDER BY "
    "sort_order, id",
    NULL};
static const db_query q_leader_names = {
    "followup.report_leader_names",
    "SELECT id, name FROM users WHERE id IN (SELECT value FROM json_each(?1)) ORDER BY name, id",
    NULL};
/* ?11 status mask, ?12 open tasks due by ('' any), ?13 text ('' any), ?14 limit, ?15 offset. */
#define FU_LIST_WHERE                                                                              \
    " WHERE ((?11 >> w.s) & 1) = 1 AND (?12 = '' OR (w.due IS NOT NULL AND w.due <= ?12)) AND "    \
    "(?13 = '' OR instr(t.content, ?13) > 0 OR instr(t.source_title, ?13) > 0 OR "                 \
    "instr(t.source_clause, ?13) > 0)"
static const db_query q_list = {
    "followup.list",
    FU_HEAD "SELECT " FU_TASK_COLS
            ", w.s, w.due FROM w JOIN followup_tasks t ON t.id = w.id" FU_LIST_WHERE
            " ORDER BY w.due IS NULL, w.due, t.id LIMIT ?14 OFFSET ?15",
    NULL};
static const db_query q_count = {
    "followup.count",
    FU_HEAD "SELECT count(*) FROM w JOIN followup_tasks t ON t.id = w.id" FU_LIST_WHERE, NULL};

static bool filter_ok(ctx *c, const fu_filter *f, const char **asof_r, web_err *e)
{
    const char *asof = f->asof && *f->asof ? f->asof : fu_today(c);
    if (!param_date(asof))
        web_err_add(e, 400, "invalid_parameter", "asof", _("Ngày tính không hợp lệ."));
    if (!f->from || !f->to || !param_date(f->from) || !param_date(f->to) ||
        strcmp(f->from, f->to) > 0)
        web_err_add(e, 400, "invalid_parameter", "from", _("Kỳ báo cáo không hợp lệ."));
    *asof_r = asof;
    return e->n == 0;
}

static void bind_head(ctx *c, db_stmt *s, const fu_filter *f, const char *asof)
{
    db_bind_text(s, 1, asof);
    db_bind_text(s, 2, f->from);
    db_bind_text(s, 3, f->to);
    db_bind_text(s, 4, org_scope_json(c));
    db_bind_int(s, 5, fu_sees_secret(c));
    db_bind_int(s, 6, c->user->id);
    db_bind_int(s, 7, c->user->unit_id);
    db_bind_int(s, 8, f->lead_unit_id);
    db_bind_int(s, 9, f->leader_id);
    db_bind_text(s, 10, f->month ? f->month : "");
}

/* Open addressing on the key's text; grows at half full. */
typedef struct tally {
    fu_count *slots;
    size_t cap, n;
} tally;

static uint64_t hash(const char *k)
{
    uint64_t h = 1469598103934665603ull;
    for (; *k; k++)
        h = (h ^ (unsigned char)*k) * 1099511628211ull;
    return h;
}

static fu_count *tally_get(ctx *c, tally *t, const char *key)
{
    if (2 * (t->n + 1) > t->cap) {
        tally g = {.cap = t->cap ? t->cap * 2 : 64};
        g.slots = arena_alloc(c->a, sizeof *g.slots * g.cap);
        memset(g.slots, 0, sizeof *g.slots * g.cap);
        for (size_t i = 0; i < t->cap; i++)
            if (t->slots[i].key) {
                size_t j = hash(t->slots[i].key) & (g.cap - 1);
                while (g.slots[j].key)
                    j = (j + 1) & (g.cap - 1);
                g.slots[j] = t->slots[i];
            }
        g.n = t->n;
        *t = g;
    }
    size_t j = hash(key) & (t->cap - 1);
    while (t->slots[j].key && strcmp(t->slots[j].key, key) != 0)
        j = (j + 1) & (t->cap - 1);
    if (!t->slots[j].key) {
        t->slots[j].key = arena_strdup(c->a, key);
        t->n++;
    }
    return &t->slots[j];
}

static int cmp_key(const void *a, const void *b)
{
    return strcmp(((const fu_count *)a)->key, ((const fu_count *)b)->key);
}

/* Orders the rows by the names statement (ids as the key), the rest (no leader) after. */
static int order_by_names(ctx *c, const db_query *q, tally *t, fu_count *rows, int n)
{
    strbuf ids = STRBUF_INIT;
    sb_addc(&ids, '[');
    for (size_t i = 0, k = 0; i < t->cap; i++)
        if (t->slots[i].key && strcmp(t->slots[i].key, "0") != 0) {
            if (k++)
                sb_addc(&ids, ',');
            sb_adds(&ids, t->slots[i].key);
        }
    sb_addc(&ids, ']');
    db_stmt *s = db_stmt_get(c->db, q);
    int m = 0;
    if (s) {
        db_bind_text(s, 1, sb_str(&ids));
        while (db_step(s) == DB_ROW && m < n) {
            char key[24];
            snprintf(key, sizeof key, "%lld", (long long)db_col_int(s, 0));
            fu_count *r = tally_get(c, t, key);
            rows[m] = *r;
            const char *name = db_col_text(s, 1);
            rows[m].name = arena_strdup(c->a, name ? name : "");
            m++;
        }
        db_reset(s);
    }
    sb_free(&ids);
    fu_count *none = NULL;
    for (size_t i = 0; i < t->cap; i++)
        if (t->slots[i].key && strcmp(t->slots[i].key, "0") == 0)
            none = &t->slots[i];
    if (none && m < n) {
        rows[m] = *none;
        rows[m].name = _("Không ghi lãnh đạo kết luận");
        m++;
    }
    return m;
}

int followup_report(ctx *c, const fu_filter *f, fu_count **rows_r, fu_count *total_r, web_err *e)
{
    const char *asof;
    const db_query *q = !f->by || strcmp(f->by, "unit") == 0 ? &q_by_unit
                        : strcmp(f->by, "leader") == 0       ? &q_by_leader
                        : strcmp(f->by, "month") == 0        ? &q_by_month
                                                             : NULL;
    if (!q)
        web_err_add(e, 400, "invalid_parameter", "by",
                    _("Cách tổng hợp không hợp lệ (unit, leader, month)."));
    memset(total_r, 0, sizeof *total_r);
    *rows_r = NULL;
    if (!filter_ok(c, f, &asof, e) || !q)
        return -1;
    if (fu_sql_ready(c->db) != 0) {
        web_err_db(c, e);
        return -1;
    }
    db_stmt *s = db_stmt_get(c->db, q);
    if (!s) {
        web_err_db(c, e);
        return -1;
    }
    bind_head(c, s, f, asof);
    tally t = {0};
    fu_count *last = NULL;
    char last_key[24] = "";
    int rc;
    while ((rc = db_step(s)) == DB_ROW) {
        const char *key = db_col_text(s, 0);
        key = key ? key : "0";
        /* Rows of one key mostly come together (the index is by lead unit): skip the hash. */
        if (!last || strcmp(last_key, key) != 0) {
            last = tally_get(c, &t, key);
            snprintf(last_key, sizeof last_key, "%s", key);
        }
        int st = (int)db_col_int(s, 1);
        if (st >= 0 && st < FU_NSTATUS) {
            last->n[st]++;
            total_r->n[st]++;
        }
    }
    db_reset(s);
    if (rc != DB_DONE) {
        web_err_db(c, e);
        return -1;
    }
    int n = (int)t.n;
    fu_count *rows = arena_alloc(c->a, sizeof *rows * (size_t)(n ? n : 1));
    if (q == &q_by_month) {
        int m = 0;
        for (size_t i = 0; i < t.cap; i++)
            if (t.slots[i].key)
                rows[m++] = t.slots[i];
        qsort(rows, (size_t)m, sizeof *rows, cmp_key);
        for (int i = 0; i < m; i++)
            rows[i].name = strlen(rows[i].key) == 7
                               ? arena_printf(c->a, "%.2s/%.4s", rows[i].key + 5, rows[i].key)
                               : rows[i].key;
    } else
        n = order_by_names(c, q == &q_by_unit ? &q_unit_names : &q_leader_names, &t, rows, n);
    *rows_r = rows;
    return n;
}

int followup_list(ctx *c, const fu_filter *f, fu_task **rows_r, int64_t *total_r, web_err *e)
{
    const char *asof;
    *rows_r = NULL;
    *total_r = 0;
    if (!filter_ok(c, f, &asof, e))
        return -1;
    if (fu_sql_ready(c->db) != 0) {
        web_err_db(c, e);
        return -1;
    }
    unsigned mask = f->mask ? f->mask : (1u << FU_NSTATUS) - 1;
    db_stmt *s = db_stmt_get(c->db, &q_count);
    if (!s) {
        web_err_db(c, e);
        return -1;
    }
    bind_head(c, s, f, asof);
    db_bind_int(s, 11, mask);
    db_bind_text(s, 12, f->due_until ? f->due_until : "");
    db_bind_text(s, 13, f->q ? f->q : "");
    if (db_step(s) == DB_ROW)
        *total_r = db_col_int(s, 0);
    db_reset(s);
    int limit = f->limit > 0 && f->limit <= FU_MAX_LIST ? f->limit : FU_MAX_LIST;
    s = db_stmt_get(c->db, &q_list);
    if (!s) {
        web_err_db(c, e);
        return -1;
    }
    bind_head(c, s, f, asof);
    db_bind_int(s, 11, mask);
    db_bind_text(s, 12, f->due_until ? f->due_until : "");
    db_bind_text(s, 13, f->q ? f->q : "");
    db_bind_int(s, 14, limit);
    db_bind_int(s, 15, f->offset > 0 ? f->offset : 0);
    fu_task *rows = arena_alloc(c->a, sizeof *rows * (size_t)limit);
    int n = 0;
    while (n < limit && db_step(s) == DB_ROW) {
        fu_row_task(c, s, &rows[n]);
        rows[n].status = (enum fu_status)db_col_int(s, FU_TASK_NCOLS);
        const char *due = db_col_text(s, FU_TASK_NCOLS + 1);
        rows[n].due_date = due ? arena_strdup(c->a, due) : NULL; /* the deadline as of then */
        n++;
    }
    db_reset(s);
    *rows_r = rows;
    return n;
}

/* ---- a document's tasks, ongoing tasks without their periodic report ------------------ */

static const db_query q_of_source = {
    "followup.of_source",
    "SELECT " FU_TASK_COLS " FROM followup_tasks t WHERE t.source_kind = ?1 AND t.source_id = ?6 "
    "AND " FU_VISIBLE("?2", "?3", "?4", "?5") " ORDER BY t.id LIMIT ?7",
    NULL};
static const db_query q_ongoing_late = {
    "followup.ongoing_unreported",
    "SELECT " FU_TASK_COLS " FROM followup_tasks t WHERE t.due_date IS NULL AND t.completed_on "
    "IS NULL AND t.cancelled_on IS NULL AND " FU_VISIBLE(
        "?2", "?3", "?4", "?5") " AND "
                                "coalesce((SELECT max(p.at) FROM followup_progress p WHERE "
                                "p.task_id = t.id AND p.kind = "
                                "'progress'), t.assigned_on) <= ?1 ORDER BY t.id LIMIT ?7",
    NULL};

static int task_rows(ctx *c, const db_query *q, const char *a1, int64_t a6, int max,
                     fu_task **rows_r)
{
    *rows_r = arena_alloc(c->a, sizeof **rows_r * (size_t)(max > 0 ? max : 1));
    db_stmt *s = db_stmt_get(c->db, q);
    if (!s || !c->user)
        return 0;
    db_bind_text(s, 1, a1);
    db_bind_text(s, 2, org_scope_json(c));
    db_bind_int(s, 3, fu_sees_secret(c));
    db_bind_int(s, 4, c->user->id);
    db_bind_int(s, 5, c->user->unit_id);
    db_bind_int(s, 6, a6);
    db_bind_int(s, 7, max);
    int n = 0;
    while (n < max && db_step(s) == DB_ROW)
        fu_row_task(c, s, &(*rows_r)[n++]);
    db_reset(s);
    return n;
}

int followup_of_source(ctx *c, const char *source_kind, int64_t source_id, int max,
                       fu_task **rows_r)
{
    return task_rows(c, &q_of_source, source_kind, source_id, max, rows_r);
}

int followup_ongoing_unreported(ctx *c, int max, fu_task **rows_r)
{
    const char *today = fu_today(c);
    int64_t months = rules_int(c->db, "followup.ongoing_report_months", today);
    *rows_r = NULL;
    if (months <= 0)
        return 0;
    int y = atoi(today), m = atoi(today + 5) - (int)months;
    while (m <= 0) {
        m += 12;
        y--;
    }
    /* The same day of the month N months back (28 at most: every month has it). */
    int d = atoi(today + 8) > 28 ? 28 : atoi(today + 8);
    return task_rows(c, &q_ongoing_late, arena_printf(c->a, "%04d-%02d-%02d", y, m, d), 0, max,
                     rows_r);
}

/* ---- reminders ----------------------------------------------------------------------- */

static const db_query q_remind_due = {
    "followup.remind_due",
    "SELECT t.id, t.lead_unit_id, t.unit_id, t.due_date, t.content, CASE WHEN t.due_date > ?1 "
    "THEN 'before' WHEN t.due_date = ?1 THEN 'on_due' ELSE 'overdue' END AS k "
    "FROM followup_tasks t WHERE t.completed_on IS NULL AND t.cancelled_on IS NULL AND "
    "t.due_date IS NOT NULL AND t.due_date <= ?2 AND NOT EXISTS (SELECT 1 FROM "
    "followup_reminders r WHERE r.task_id = t.id AND r.due_date = t.due_date AND r.kind = "
    "CASE WHEN t.due_date > ?1 THEN 'before' WHEN t.due_date = ?1 THEN 'on_due' ELSE "
    "'overdue' END) ORDER BY t.due_date, t.id LIMIT 500",
    NULL};
static const db_query q_remind_mark = {
    "followup.remind_mark",
    "INSERT OR IGNORE INTO followup_reminders (task_id, kind, due_date, sent_at, recipients) "
    "VALUES (?1, ?2, ?3, ?4, 1)",
    NULL};

typedef struct due_row {
    int64_t id, lead, unit;
    char due[11], kind[8];
    char *content;
} due_row;

int followup_remind_sweep(db *d, const char *today)
{
    char t[16], target[11], now[32];
    if (!today) {
        clock_vn_today(t, sizeof t);
        today = t;
    }
    int n_days = (int)rules_int(d, "followup.remind_working_days", today);
    if (n_days <= 0 || workdays_add(d, today, n_days, target) != 0)
        snprintf(target, sizeof target, "%.10s", today);
    clock_iso(clock_now(), now, sizeof now);
    if (db_begin_write(d) != 0)
        return -1;
    db_stmt *s = db_stmt_get(d, &q_remind_due);
    if (!s) {
        db_rollback(d);
        return -1;
    }
    db_bind_text(s, 1, today);
    db_bind_text(s, 2, target);
    due_row rows[500];
    int n = 0;
    while (n < 500 && db_step(s) == DB_ROW) {
        due_row *r = &rows[n++];
        r->id = db_col_int(s, 0);
        r->lead = db_col_int(s, 1);
        r->unit = db_col_int(s, 2);
        snprintf(r->due, sizeof r->due, "%s", db_col_text(s, 3));
        const char *content = db_col_text(s, 4);
        r->content = strdup(content ? content : "");
        snprintf(r->kind, sizeof r->kind, "%s", db_col_text(s, 5));
    }
    db_reset(s);
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        due_row *r = &rows[i];
        char vn[16], msg[NOTIFY_TEXT_MAX + 1];
        clock_date_vn(r->due, vn, sizeof vn);
        const char *fmt =
            strcmp(r->kind, "before") == 0 ? _("Nhiệm vụ số %lld sắp đến hạn (%s): %s")
            : strcmp(r->kind, "on_due") == 0 ? _("Nhiệm vụ số %lld đến hạn hôm nay (%s): %s")
                                             : _("Nhiệm vụ số %lld đã quá hạn (%s): %s");
        snprintf(msg, sizeof msg, fmt, (long long)r->id, vn, r->content);
        const char *kind = strcmp(r->kind, "overdue") == 0 ? "followup." NOTIFY_OVERDUE
                                                           : "followup." NOTIFY_DUE_SOON;
        static const enum role lead_roles[] = {ROLE_UNIT, ROLE_CLERK, ROLE_OFFICE_LEADER};
        for (size_t k = 0; k < 3 && rc == 0; k++)
            rc = notify_unit_role(d, r->lead, lead_roles[k], kind, NULL, r->id, msg);
        if (rc == 0 && strcmp(r->kind, "overdue") == 0) {
            /* The overdue list's readers: the office's leader and the Thường trực. */
            rc = notify_unit_role(d, r->unit, ROLE_OFFICE_LEADER, kind, NULL, r->id, msg);
            if (rc == 0)
                rc = notify_unit_role(d, org_scope_anchor(d, r->unit), ROLE_COMMITTEE_LEADER, kind,
                                      NULL, r->id, msg);
        }
        db_stmt *m = rc == 0 ? db_stmt_get(d, &q_remind_mark) : NULL;
        if (!m)
            rc = -1;
        else {
            db_bind_int(m, 1, r->id);
            db_bind_text(m, 2, r->kind);
            db_bind_text(m, 3, r->due);
            db_bind_text(m, 4, now);
            if (db_exec(m) != DB_DONE)
                rc = -1;
        }
    }
    for (int i = 0; i < n; i++)
        free(rows[i].content);
    if (rc == 0 && n > 0) {
        char after[64];
        snprintf(after, sizeof after, "{\"sent\":%d,\"day\":\"%s\"}", n, today);
        rc = audit_log(d, NULL, "followup.remind", "followup", 0, NULL, after);
    }
    if (rc != 0 || db_commit(d) != 0) {
        db_rollback(d);
        return -1;
    }
    return n;
}
