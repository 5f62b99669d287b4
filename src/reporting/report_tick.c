/* The daily tick of the reporting regime (reporting.h rep_tick): opening the current periods
 * and the reminders — before the due date, on it, and the late list to the receiving office. */
#include <pthread.h>
#include <string.h>

#include "base/i18n.h"
#include "notify/notify.h"
#include "org/org.h"
#include "reporting/reporting_impl.h"
#include "rules/rules.h"
#include "web/dates.h"
#include "workdays/workdays.h"

static const db_query q_pending = {
    "rep.pending",
    "SELECT i.id, i.unit_id, i.period, i.due_date, t.name, t.recipient_unit_id, i.type_id"
    " FROM report_instances i JOIN report_types t ON t.id = i.type_id"
    " WHERE i.status IN ('open', 'returned') AND i.cutoff <= ?1 AND i.due_date >= ?2"
    " ORDER BY i.type_id, i.period, i.id",
    NULL,
};
static const db_query q_mark = {
    "rep.remind_mark",
    "INSERT INTO report_reminders (instance_id, kind, sent_at) VALUES (?1, ?2, ?3)"
    " ON CONFLICT DO NOTHING",
    NULL,
};

/* Marks (instance, kind) as sent; 1 when it is new (the reminder must go), 0 when it was
 * already sent, -1 on error. */
static int mark(ctx *c, int64_t id, const char *kind)
{
    db_stmt *s = db_stmt_get(c->db, &q_mark);
    if (!s)
        return -1;
    db_bind_int(s, 1, id);
    db_bind_text(s, 2, kind);
    db_bind_text(s, 3, web_now_iso(c));
    if (db_exec(s) != DB_DONE)
        return -1;
    return db_changes(c->db);
}

static int remind_unit(ctx *c, int64_t unit_id, int64_t report_id, const char *msg)
{
    /* The unit's clerk, its own account and its leaders. */
    static const enum role roles[] = {ROLE_CLERK, ROLE_UNIT, ROLE_COMMITTEE_LEADER,
                                      ROLE_OFFICE_LEADER};
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
        if (notify_unit_role(c->db, unit_id, roles[i], "reporting." NOTIFY_DUE_SOON, NULL,
                             report_id, msg) != 0)
            return -1;
    return 0;
}

static int reminders(ctx *c, const char *today)
{
    int before = (int)rules_int(c->db, "reporting.remind_before_workdays", today);
    /* Instances still owed whose due date is at most 30 days back (late) or ahead. */
    db_stmt *s = db_stmt_get(c->db, &q_pending);
    if (!s)
        return -1;
    db_bind_text(s, 1, today);
    db_bind_text(s, 2, web_date_add(c, today, -30));
    typedef struct {
        int64_t id, unit, type_id, recipient;
        const char *period, *due, *type_name;
    } row;
    int n = 0, cap = 32, rc;
    row *v = arena_alloc(c->a, (size_t)cap * sizeof *v);
    while ((rc = db_step(s)) == DB_ROW) {
        ARENA_GROW(c->a, v, n, cap);
        v[n] = (row){db_col_int(s, 0),
                     db_col_int(s, 1),
                     db_col_int(s, 6),
                     db_col_int(s, 5),
                     arena_strdup(c->a, db_col_text(s, 2)),
                     arena_strdup(c->a, db_col_text(s, 3)),
                     arena_strdup(c->a, db_col_text(s, 4))};
        n++;
    }
    db_reset(s);
    if (rc != DB_DONE)
        return -1;
    int sent = 0;
    if (db_begin_write(c->db) != 0)
        return -1;
    int64_t late_type = 0;
    const char *late_period = NULL;
    int late_n = 0;
    int64_t late_office = 0;
    for (int i = 0; i <= n; i++) {
        /* The late list of one (type, period) goes to the office once its rows are counted. */
        if (late_n && (i == n || v[i].type_id != late_type || strcmp(v[i].period, late_period))) {
            const char *msg = arena_printf(c->a, _("%d đơn vị chưa nộp báo cáo quá hạn (%s)."),
                                           late_n, rep_period_label(c->a, late_period));
            /* To the office's leaders (Chánh Văn phòng), who chase the units; the clerks see the
             * same units on the home section and the completeness matrix. */
            if (notify_unit_role(c->db, late_office, ROLE_OFFICE_LEADER, "reptype." NOTIFY_OVERDUE,
                                 NULL, late_type, msg))
                goto fail;
            late_n = 0;
        }
        if (i == n)
            break;
        const char *label = rep_period_label(c->a, v[i].period);
        const char *kind = NULL, *msg = NULL;
        int left = workdays_between(c->db, today, v[i].due);
        if (strcmp(today, v[i].due) > 0) {
            kind = "late";
        } else if (strcmp(today, v[i].due) == 0) {
            kind = "due";
            msg =
                arena_printf(c->a, _("Hôm nay là hạn nộp báo cáo %s — %s."), v[i].type_name, label);
        } else if (left <= before) {
            kind = "before";
            msg = arena_printf(c->a, _("Sắp đến hạn nộp báo cáo %s — %s (hạn %s)."), v[i].type_name,
                               label, web_date_vn(c, v[i].due));
        }
        if (!kind)
            continue;
        int m = mark(c, v[i].id, kind);
        if (m < 0)
            goto fail;
        if (m == 0)
            continue;
        sent++;
        if (msg && remind_unit(c, v[i].unit, v[i].id, msg) != 0)
            goto fail;
        if (strcmp(kind, "late") == 0) {
            late_type = v[i].type_id;
            late_period = v[i].period;
            late_office = org_register_unit(c->db, v[i].recipient);
            late_n++;
        }
    }
    if (db_commit(c->db) != 0)
        return -1;
    return sent;
fail:
    db_rollback(c->db);
    return -1;
}

int rep_tick(db *d, const char *today, bool force)
{
    static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
    static char last[11];
    ctx c = {.a = arena_new(), .db = d};
    if (!today)
        today = web_today(&c);
    pthread_mutex_lock(&mu);
    bool run = force || strcmp(last, today) != 0;
    if (run)
        snprintf(last, sizeof last, "%s", today);
    pthread_mutex_unlock(&mu);
    int rc = 0;
    if (run) {
        int opened = rep_open_current(&c, today);
        int sent = opened < 0 ? -1 : reminders(&c, today);
        rc = opened < 0 || sent < 0 ? -1 : opened + sent;
    }
    arena_free(&c.a);
    return rc;
}
