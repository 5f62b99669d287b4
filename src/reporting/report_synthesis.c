/* The synthesis draft and the bulk values API (reporting.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "base/i18n.h"
#include "catalog/catalog.h"
#include "org/org.h"
#include "outgoing/outgoing.h"
#include "reporting/reporting_impl.h"
#include "web/dates.h"

static const db_query q_include = {
    "rep.include",
    "UPDATE report_instances SET status = 'included' WHERE type_id = ?1 AND period = ?2"
    " AND status = 'accepted' AND unit_id IN (SELECT value FROM json_each(?3))",
    NULL,
};

/* The period before key ("2026-01" → "2025-12", "2026-Q1" → "2025-Q4", else a year back) and
 * the same period a year earlier, into the arena. */
static void neighbours(ctx *c, const char *key, const char **prev_r, const char **last_year_r)
{
    int y = atoi(key);
    const char *rest = key + 4;
    *last_year_r = arena_printf(c->a, "%04d%s", y - 1, rest);
    if (strlen(key) == 7 && key[4] == '-' && key[5] != 'Q' && key[5] != 'H' && key[5] != 'N') {
        int m = atoi(key + 5);
        *prev_r = m == 1 ? arena_printf(c->a, "%04d-12", y - 1)
                         : arena_printf(c->a, "%04d-%02d", y, m - 1);
    } else if (rest[0] == '-' && rest[1] == 'Q') {
        int q = rest[2] - '0';
        *prev_r = q == 1 ? arena_printf(c->a, "%04d-Q4", y - 1)
                         : arena_printf(c->a, "%04d-Q%d", y, q - 1);
    } else
        *prev_r = *last_year_r;
}

static void fmt_num(strbuf *b, double v)
{
    if (isnan(v)) {
        sb_adds(b, "—");
        return;
    }
    if (v == floor(v) && fabs(v) < 1e15)
        sb_printf(b, "%lld", (long long)v);
    else
        sb_printf(b, "%.2f", v);
}

static void fmt_delta(strbuf *b, double now, double before)
{
    if (isnan(now) || isnan(before)) {
        sb_adds(b, "—");
        return;
    }
    double d = now - before;
    sb_adds(b, d > 0 ? "+" : "");
    fmt_num(b, d);
    if (before != 0)
        sb_printf(b, " (%+.1f%%)", 100.0 * d / fabs(before));
}

int64_t rep_synthesis(ctx *c, int64_t type_id, const char *period, web_err *e)
{
    memset(e, 0, sizeof *e);
    const rep_type *t = rep_type_get(c, type_id);
    if (!t || !c->user) {
        web_err_add(e, 404, "not_found", NULL, _("Không tìm thấy loại báo cáo."));
        return -1;
    }
    enum role role = c->user->role;
    if ((role != ROLE_OFFICE_LEADER && role != ROLE_CLERK && role != ROLE_SPECIALIST) ||
        org_scope_anchor(c->db, c->user->unit_id) != rep_recipient_anchor(c, t)) {
        web_err_add(e, 403, "forbidden", NULL,
                    _("Chỉ văn phòng cấp ủy nhận báo cáo được lập báo cáo tổng hợp."));
        return -1;
    }
    rep_period p;
    if (rep_period_parse(period, t->cutoff_day, &p) != 0) {
        web_err_add(e, 422, "invalid_input", "period", _("Kỳ báo cáo không hợp lệ."));
        return -1;
    }
    const char *prev, *last_year;
    neighbours(c, period, &prev, &last_year);
    const char *keys[3] = {period, prev, last_year};
    rep_aggregate ag;
    if (rep_aggregate_run(c, type_id, 0, keys, 3, false, &ag, e) != 0)
        return -1;
    rep_filter fl = {.type_id = type_id, .period = period, .limit = 5000};
    rep_instance *rows;
    int n = rep_list(c, &fl, &rows);
    if (n < 0) {
        web_err_db(c, e);
        return -1;
    }
    strbuf b = STRBUF_INIT;
    const char *label = rep_period_label(c->a, period);
    sb_printf(&b, _("BÁO CÁO TỔNG HỢP %s — %s"), t->name, label);
    sb_adds(&b, "\n\n");
    sb_printf(&b, _("I. SỐ LIỆU TỔNG HỢP (%d báo cáo đơn vị)"), ag.counts[0]);
    sb_adds(&b, "\n\n");
    sb_printf(&b, _("Chỉ tiêu | %s | So với %s | So với %s"), label, rep_period_label(c->a, prev),
              rep_period_label(c->a, last_year));
    sb_addc(&b, '\n');
    for (int i = 0; i < ag.n_ind; i++) {
        if (ag.ind[i].section || ag.ind[i].agg == AGG_NONE)
            continue;
        double now = ag.values[i], pv = ag.values[ag.n_ind + i], ly = ag.values[2 * ag.n_ind + i];
        sb_printf(&b, "- %s%s%s%s: ", ag.ind[i].name, ag.ind[i].unit ? " (" : "",
                  ag.ind[i].unit ? ag.ind[i].unit : "", ag.ind[i].unit ? ")" : "");
        fmt_num(&b, now);
        sb_adds(&b, " | ");
        fmt_delta(&b, now, pv);
        sb_adds(&b, " | ");
        fmt_delta(&b, now, ly);
        sb_addc(&b, '\n');
    }
    sb_printf(&b, "\n%s\n\n", _("II. TÌNH HÌNH NỘP BÁO CÁO"));
    int missing = 0, late = 0;
    for (int i = 0; i < n; i++) {
        const char *st = rep_status(c, &rows[i]);
        const char *tl = rep_timeliness(&rows[i]);
        if (strcmp(st, "overdue") == 0 || strcmp(st, "waiting") == 0 ||
            strcmp(st, "not_due") == 0) {
            sb_printf(&b, _("- Chưa nộp: %s (hạn %s)"), rows[i].unit_name,
                      web_date_vn(c, rows[i].due_date));
            sb_addc(&b, '\n');
            missing++;
        } else if (tl && strcmp(tl, "late") == 0) {
            sb_printf(&b, _("- Nộp muộn: %s (hạn %s)"), rows[i].unit_name,
                      web_date_vn(c, rows[i].due_date));
            sb_addc(&b, '\n');
            late++;
        }
    }
    if (!missing && !late)
        sb_printf(&b, "%s\n", _("Tất cả đơn vị đã nộp báo cáo đúng hạn."));
    int64_t office = org_register_unit(c->db, c->user->unit_id);
    out_draft d = {
        .register_id = catalog_register_of_unit(c->db, office),
        .doc_type = "bao_cao",
        .subject = arena_printf(c->a, _("Báo cáo tổng hợp %s — %s"), t->name, label),
        .body = arena_strdup(c->a, sb_str(&b)),
        .copies = 1,
        /* The draft of a secret type is as secret as the reports it sums (documents' rule). */
        .secrecy = t->secrecy,
    };
    sb_free(&b);
    const char *err = NULL;
    int status = 500;
    int64_t out_id = outgoing_create(c, &d, &err, &status);
    if (out_id < 0) {
        web_err_add(e, status, status == 403 ? "forbidden" : "invalid_input", NULL,
                    err ? err : _(WEB_MSG_DB));
        return -1;
    }
    /* The accepted reports it summed are now included; the draft itself is the outgoing
     * module's (its own transaction above). */
    if (db_begin_write(c->db) != 0) {
        web_err_db(c, e);
        return -1;
    }
    db_stmt *s = db_stmt_get(c->db, &q_include);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, type_id);
    db_bind_text(s, 2, period);
    db_bind_text(s, 3, org_scope_json(c));
    if (db_exec(s) != DB_DONE)
        return web_err_rollback(c, e);
    if (audit_commit(c->db, c->user, "report.synthesis", "report_type", type_id,
                     json_pack("{s:s, s:I, s:i}", "period", period, "outgoing_id",
                               (json_int_t)out_id, "included", db_changes(c->db))) != 0) {
        web_err_db(c, e);
        return -1;
    }
    return out_id;
}
