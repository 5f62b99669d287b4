/* Completeness and aggregation (reporting.h): live, from the instances and values, over the
 * caller's subtree; no batch tables. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/i18n.h"
#include "org/org.h"
#include "reporting/reporting_impl.h"
#include "web/dates.h"

static const db_query q_matrix = {
    "rep.matrix",
    "SELECT i.id, i.unit_id, i.period, i.status, i.cutoff, i.due_date, i.first_submitted_at,"
    " u.name FROM report_instances i JOIN units u ON u.id = i.unit_id"
    " WHERE i.type_id = ?1 AND i.period IN (SELECT value FROM json_each(?2))"
    " AND i.unit_id IN (SELECT value FROM json_each(?3)) ORDER BY u.sort_order, u.name, u.id",
    NULL,
};
/* One row a report: its numeric values packed (report_values stays the record; the pack is
 * written with it in the same transaction). */
static const db_query q_agg = {
    "rep.agg",
    "SELECT unit_id, period, num_pack FROM report_instances"
    " WHERE type_id = ?1 AND period IN (SELECT value FROM json_each(?2))"
    " AND status IN ('submitted', 'accepted', 'included')",
    NULL,
};

static const char *periods_json(ctx *c, const char **periods, int n)
{
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, json_string(periods[i]));
    char *s = json_dumps(a, JSON_COMPACT);
    json_decref(a);
    const char *r = arena_strdup(c->a, s ? s : "[]");
    free(s);
    return r;
}

int rep_completeness(ctx *c, int64_t type_id, const char *cycle, int year, rep_matrix *m,
                     web_err *e)
{
    memset(m, 0, sizeof *m);
    memset(e, 0, sizeof *e);
    const rep_type *type = rep_type_get(c, type_id);
    if (!type) {
        web_err_add(e, 404, "not_found", NULL, _("Không tìm thấy loại báo cáo."));
        return -1;
    }
    m->n_periods = rep_periods_of_year(c->a, cycle ? cycle : "month", year, &m->periods);
    if (m->n_periods == 0) {
        web_err_add(e, 422, "invalid_input", "cycle", _("Chu kỳ không hợp lệ."));
        return -1;
    }
    db_stmt *s = db_stmt_get(c->db, &q_matrix);
    if (!s) {
        web_err_db(c, e);
        return -1;
    }
    db_bind_int(s, 1, type_id);
    db_bind_text(s, 2, periods_json(c, m->periods, m->n_periods));
    db_bind_text(s, 3, org_scope_json(c));
    int cap = 32;
    m->unit_ids = arena_alloc(c->a, (size_t)cap * sizeof *m->unit_ids);
    m->unit_names = arena_alloc(c->a, (size_t)cap * sizeof *m->unit_names);
    /* Cells per unit grow with the unit list: kept as one block per unit. */
    rep_cell **rows = arena_alloc(c->a, (size_t)cap * sizeof *rows);
    const char *today = web_today(c);
    int rc;
    while ((rc = db_step(s)) == DB_ROW) {
        int64_t uid = db_col_int(s, 1);
        int u = m->n_units - 1;
        if (u < 0 || m->unit_ids[u] != uid) {
            for (u = 0; u < m->n_units && m->unit_ids[u] != uid; u++)
                ;
            if (u == m->n_units) {
                if (m->n_units == cap) {
                    int ocap = cap;
                    ARENA_GROW(c->a, m->unit_ids, m->n_units, cap);
                    cap = ocap;
                    ARENA_GROW(c->a, m->unit_names, m->n_units, cap);
                    cap = ocap;
                    ARENA_GROW(c->a, rows, m->n_units, cap);
                }
                m->unit_ids[u] = uid;
                m->unit_names[u] = arena_strdup(c->a, db_col_text(s, 7));
                rows[u] = arena_alloc(c->a, (size_t)m->n_periods * sizeof **rows);
                m->n_units++;
            }
        }
        const char *period = db_col_text(s, 2);
        int p = 0;
        while (p < m->n_periods && strcmp(m->periods[p], period) != 0)
            p++;
        if (p == m->n_periods)
            continue;
        rep_instance r = {.status = db_col_text(s, 3),
                          .cutoff = db_col_text(s, 4),
                          .due_date = db_col_text(s, 5),
                          .first_submitted_at = db_col_text(s, 6)};
        rep_cell *cell = &rows[u][p];
        /* A secret report shows the uncleared that it exists (its status) but not where its
         * figures are (rep_secret_cleared; the reviewer is not known here and goes through
         * the report list). */
        cell->id = db_col_int(s, 0);
        cell->hidden = !rep_secret_cleared(c, type->secrecy, uid, 0);
        if (strcmp(r.status, "open") == 0)
            cell->status = strcmp(today, r.cutoff) < 0     ? "not_due"
                           : strcmp(today, r.due_date) > 0 ? "overdue"
                                                           : "waiting";
        else
            cell->status = arena_strdup(c->a, r.status);
        cell->timely = rep_timeliness(&r);
    }
    db_reset(s);
    if (rc != DB_DONE) {
        web_err_db(c, e);
        return -1;
    }
    m->cells = arena_alloc(c->a, (size_t)(m->n_units * m->n_periods + 1) * sizeof *m->cells);
    for (int u = 0; u < m->n_units; u++)
        memcpy(&m->cells[u * m->n_periods], rows[u], (size_t)m->n_periods * sizeof **rows);
    return 0;
}

typedef struct acc {
    double sum, min, max;
    int n;
} acc;

static void acc_add(acc *a, double v)
{
    if (a->n == 0 || v < a->min)
        a->min = v;
    if (a->n == 0 || v > a->max)
        a->max = v;
    a->sum += v;
    a->n++;
}

static double acc_value(const acc *a, int agg)
{
    if (a->n == 0 || agg == AGG_NONE)
        return NAN;
    switch (agg) {
    case AGG_AVG:
        return a->sum / a->n;
    case AGG_MIN:
        return a->min;
    case AGG_MAX:
        return a->max;
    default:
        return a->sum; /* sum; "last" across units of one period adds them */
    }
}

int rep_aggregate_run(ctx *c, int64_t type_id, int64_t root, const char **periods, int n_periods,
                      bool by_child, rep_aggregate *out, web_err *e)
{
    memset(out, 0, sizeof *out);
    memset(e, 0, sizeof *e);
    const rep_type *t = rep_type_get(c, type_id);
    /* The figures of a secret type are for the cleared leaders only (rep_secret_cleared). */
    if (!t || !c->user || !rep_type_figures_cleared(c, t)) {
        web_err_add(e, 404, "not_found", NULL, _("Không tìm thấy loại báo cáo."));
        return -1;
    }
    if (root <= 0)
        root = org_scope_anchor(c->db, c->user->unit_id);
    if (!org_unit_in_scope(c, root)) {
        web_err_add(e, 404, "not_found", "unit_id", _("Không tìm thấy đơn vị."));
        return -1;
    }
    if (n_periods <= 0 || n_periods > REP_MAX_PERIODS) {
        web_err_add(e, 422, "invalid_input", "period",
                    arena_printf(c->a, _("Chọn từ 1 đến %d kỳ."), REP_MAX_PERIODS));
        return -1;
    }
    const rep_form *f = rep_form_for(c, type_id, periods[n_periods - 1], 0);
    if (!f)
        f = rep_form_for(c, type_id, NULL, 0);
    if (!f) {
        web_err_add(e, 404, "not_found", NULL, _("Loại báo cáo chưa có biểu mẫu."));
        return -1;
    }
    rep_unit *u;
    int nu = rep_units_load(c, &u);
    if (nu < 0) {
        web_err_db(c, e);
        return -1;
    }
    /* branch[k]: the child of root that holds unit k (its index among children), -1 for root
     * itself when it reports, -2 when outside root's subtree. Units keep the branch they were
     * in: history is not rewritten when a unit is later merged. */
    int *branch = arena_alloc(c->a, (size_t)(nu + 1) * sizeof *branch);
    out->child_ids = arena_alloc(c->a, (size_t)(nu + 1) * sizeof *out->child_ids);
    out->child_names = arena_alloc(c->a, (size_t)(nu + 1) * sizeof *out->child_names);
    for (int k = 0; k < nu; k++)
        if (u[k].parent_id == root) {
            out->child_ids[out->n_children] = u[k].id;
            out->child_names[out->n_children++] = u[k].name;
        }
    for (int k = 0; k < nu; k++) {
        branch[k] = -2;
        int idx = k;
        for (int guard = 0; idx >= 0 && guard < 64; guard++) {
            if (u[idx].id == root) {
                branch[k] = -1;
                break;
            }
            if (u[idx].parent_id == root) {
                for (int ch = 0; ch < out->n_children; ch++)
                    if (out->child_ids[ch] == u[idx].id)
                        branch[k] = ch;
                break;
            }
            /* Up by parent, else (the top of a tree merged away) by successor: such a unit
             * counts in the total, in no child's row. */
            idx = rep_unit_up(u, nu, idx);
        }
    }
    int64_t max_id = 0;
    for (int i = 0; i < f->n_ind; i++)
        if (f->ind[i].id > max_id)
            max_id = f->ind[i].id;
    int *ind_ix = arena_alloc(c->a, (size_t)(max_id + 1) * sizeof *ind_ix);
    for (int64_t k = 0; k <= max_id; k++)
        ind_ix[k] = -1;
    for (int i = 0; i < f->n_ind; i++)
        if (f->ind[i].id > 0 && !f->ind[i].section)
            ind_ix[f->ind[i].id] = i;
    int ni = f->n_ind, nch = by_child ? out->n_children : 0;
    acc *tot = arena_alloc(c->a, (size_t)(n_periods * ni) * sizeof *tot);
    acc *ch = nch ? arena_alloc(c->a, (size_t)(nch * n_periods * ni) * sizeof *ch) : NULL;
    out->counts = arena_alloc(c->a, (size_t)n_periods * sizeof *out->counts);
    db_stmt *s = db_stmt_get(c->db, &q_agg);
    if (!s) {
        web_err_db(c, e);
        return -1;
    }
    db_bind_int(s, 1, type_id);
    db_bind_text(s, 2, periods_json(c, periods, n_periods));
    int rc;
    while ((rc = db_step(s)) == DB_ROW) {
        int k = rep_unit_find(u, nu, db_col_int(s, 0));
        int br = k >= 0 ? branch[k] : -2;
        const char *period = db_col_text(s, 1);
        int p = 0;
        while (p < n_periods && strcmp(periods[p], period) != 0)
            p++;
        if (br == -2 || p >= n_periods)
            continue;
        out->counts[p]++;
        size_t bytes = 0;
        const unsigned char *v = db_col_blob(s, 2, &bytes);
        for (size_t j = 0; v && j < bytes / sizeof(rep_packed); j++) {
            rep_packed x;
            memcpy(&x, v + j * sizeof x, sizeof x); /* the blob need not be aligned */
            int i = x.indicator_id >= 0 && x.indicator_id <= max_id ? ind_ix[x.indicator_id] : -1;
            if (i < 0)
                continue;
            acc_add(&tot[p * ni + i], x.value);
            if (nch && br >= 0)
                acc_add(&ch[((size_t)br * n_periods + p) * ni + i], x.value);
        }
    }
    db_reset(s);
    if (rc != DB_DONE) {
        web_err_db(c, e);
        return -1;
    }
    out->n_ind = ni;
    out->ind = f->ind;
    out->n_periods = n_periods;
    out->periods = periods;
    out->values = arena_alloc(c->a, (size_t)(n_periods * ni) * sizeof *out->values);
    for (int k = 0; k < n_periods * ni; k++)
        out->values[k] = acc_value(&tot[k], f->ind[k % ni].agg);
    if (nch) {
        out->child_values = arena_alloc(c->a, (size_t)(nch * n_periods * ni) * sizeof(double));
        for (int k = 0; k < nch * n_periods * ni; k++)
            out->child_values[k] = acc_value(&ch[k], f->ind[k % ni].agg);
    } else
        out->n_children = 0;
    return 0;
}

void rep_matrix_rates_of(const rep_matrix *m, int row, int col, rep_rates *r)
{
    memset(r, 0, sizeof *r);
    for (int u = 0; u < m->n_units; u++)
        for (int p = 0; p < m->n_periods; p++) {
            if ((row >= 0 && u != row) || (col >= 0 && p != col))
                continue;
            const rep_cell *x = &m->cells[u * m->n_periods + p];
            if (!x->id || strcmp(x->status, "not_due") == 0 || strcmp(x->status, "waiting") == 0)
                continue;
            r->expected++;
            if (!x->timely)
                r->missing++;
            else if (strcmp(x->timely, "late") == 0)
                r->late++;
            else
                r->on_time++;
        }
}

void rep_matrix_rates(const rep_matrix *m, rep_rates *r)
{
    rep_matrix_rates_of(m, -1, -1, r);
}

int rep_query_periods(ctx *c, const char ***periods_r)
{
    const char *q = req_query(c->rq, "period");
    const char **v = arena_alloc(c->a, (REP_MAX_PERIODS + 1) * sizeof *v);
    int n = 0;
    if (q && *q) {
        const char *p = q;
        while (*p && n <= REP_MAX_PERIODS) {
            const char *comma = strchr(p, ',');
            size_t len = comma ? (size_t)(comma - p) : strlen(p);
            if (len)
                v[n++] = arena_strndup(c->a, p, len);
            p += len + (comma ? 1 : 0);
        }
        *periods_r = v;
        return n;
    }
    const char *today = web_today(c);
    int y = atoi(today), mo = atoi(today + 5);
    for (int k = 11; k >= 0; k--) {
        int m = mo - k, yy = y;
        while (m < 1) {
            m += 12;
            yy--;
        }
        v[n++] = arena_printf(c->a, "%04d-%02d", yy, m);
    }
    *periods_r = v;
    return n;
}

static const db_query q_repack_vals = {
    "rep.repack_vals",
    "SELECT v.instance_id, v.indicator_id, v.num FROM report_values v"
    " JOIN report_instances i ON i.id = v.instance_id"
    " WHERE i.type_id = ?1 AND v.num IS NOT NULL ORDER BY v.instance_id",
    NULL,
};
static const db_query q_repack_put = {
    "rep.repack_put", "UPDATE report_instances SET num_pack = ?2 WHERE id = ?1", NULL};

static int repack_put(db *d, int64_t id, const rep_packed *buf, int n)
{
    db_stmt *s = db_stmt_get(d, &q_repack_put);
    if (!s)
        return -1;
    db_bind_int(s, 1, id);
    db_bind_blob(s, 2, buf, (size_t)n * sizeof *buf);
    return db_exec(s) == DB_DONE ? 0 : -1;
}

int rep_repack(db *d, int64_t type_id)
{
    if (db_begin_write(d) != 0)
        return -1;
    db_stmt *s = db_stmt_get(d, &q_repack_vals);
    if (!s) {
        db_rollback(d);
        return -1;
    }
    db_bind_int(s, 1, type_id);
    /* Collected whole first: an UPDATE while the SELECT steps would reset the cached statement. */
    size_t n = 0, cap = 4096;
    struct row {
        int64_t inst;
        rep_packed v;
    } *rows = malloc(cap * sizeof *rows);
    int rc;
    while (rows && (rc = db_step(s)) == DB_ROW) {
        if (n == cap) {
            struct row *grown = realloc(rows, 2 * cap * sizeof *rows);
            if (!grown)
                break;
            rows = grown;
            cap *= 2;
        }
        rows[n++] = (struct row){db_col_int(s, 0), {db_col_int(s, 1), db_col_double(s, 2)}};
    }
    db_reset(s);
    int count = 0;
    rep_packed *buf = rows ? malloc((n + 1) * sizeof *buf) : NULL;
    for (size_t a = 0; buf && a < n;) {
        size_t b = a;
        int k = 0;
        while (b < n && rows[b].inst == rows[a].inst)
            buf[k++] = rows[b++].v;
        if (repack_put(d, rows[a].inst, buf, k) != 0) {
            count = -1;
            break;
        }
        count++;
        a = b;
    }
    free(buf);
    free(rows);
    if (count < 0 || !rows || db_commit(d) != 0) {
        db_rollback(d);
        return -1;
    }
    return count;
}
