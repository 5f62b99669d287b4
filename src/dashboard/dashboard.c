/* The leaders' dashboard (/reports): incoming documents of a period — received, in progress,
 * done on time, done late, overdue — per handling unit and per person, with a bar chart the
 * server draws as SVG (readable without JavaScript, printable). Counts go through the
 * visibility rule, so a secret document the viewer may not see is not counted. */
#include <stdlib.h>
#include <string.h>

#include "catalog/vocab.h"
#include "web/dates.h"
#include "web/params.h"
#include "web/respond.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "dashboard/dashboard.h"
#include "incoming/incoming.h"
#include "web/layout.h"
#include "http/router.h"

/* ?5..?6 arrival period, ?7 today. Done on time compares the Vietnam day of completion with
 * the deadline. */
#define DASH_SUMS                                                                                  \
    " count(*),"                                                                                   \
    " sum(i.status = 'registered' OR (i.status = 'assigned' AND (i.deadline IS NULL"               \
    " OR i.deadline >= ?7))),"                                                                     \
    " sum(i.status = 'done' AND (i.deadline IS NULL OR date(i.done_at, '+7 hours') <="             \
    " i.deadline)),"                                                                               \
    " sum(i.status = 'done' AND i.deadline IS NOT NULL AND date(i.done_at, '+7 hours') >"          \
    " i.deadline),"                                                                                \
    " sum(i.status = 'assigned' AND i.deadline < ?7)"
#define DASH_WHERE                                                                                 \
    " WHERE i.arrival_date >= ?5 AND i.arrival_date <= ?6 AND i.status <> 'recalled' "             \
    "AND " IN_VISIBLE_SQL

/* GROUP BY 1, 2: the name follows from the id (the same groups on SQLite), and PostgreSQL
 * wants every selected column grouped or aggregated. */
static const db_query q_by_unit = {
    "dashboard.by_unit",
    "SELECT COALESCE(i.lead_unit_id, lu.unit_id, 0), n.name," DASH_SUMS
    " FROM incoming i LEFT JOIN users lu ON lu.id = i.lead_user_id"
    " LEFT JOIN units n ON n.id = COALESCE(i.lead_unit_id, lu.unit_id)" DASH_WHERE
    " GROUP BY 1, 2 ORDER BY 3 DESC, 2",
    NULL,
};
static const db_query q_by_person = {
    "dashboard.by_person",
    "SELECT COALESCE(i.lead_user_id, 0), lu.name," DASH_SUMS
    " FROM incoming i LEFT JOIN users lu ON lu.id = i.lead_user_id" DASH_WHERE
    " GROUP BY 1, 2 ORDER BY 3 DESC, 2",
    NULL,
};

bool dashboard_may_see(ctx *c)
{
    return c->user && (role_is_leader(c->user->role) || c->user->role == ROLE_CLERK ||
                       c->user->role == ROLE_UNIT);
}

static int run(ctx *c, const db_query *q, const char *from, const char *to, dash_row **rows_r)
{
    *rows_r = NULL;
    if (!dashboard_may_see(c))
        return 0;
    db_stmt *s = db_stmt_get(c->db, q);
    if (!s)
        return -1;
    docs_vis_bind(c, s);
    db_bind_text(s, 5, from);
    db_bind_text(s, 6, to);
    db_bind_text(s, 7, web_today(c));
    int n = 0, cap = 16;
    dash_row *v = arena_alloc(c->a, (size_t)cap * sizeof *v);
    while (db_step(s) == DB_ROW) {
        ARENA_GROW(c->a, v, n, cap);
        dash_row *r = &v[n++];
        r->id = db_col_int(s, 0);
        r->name = db_col_text(s, 1) ? arena_strdup(c->a, db_col_text(s, 1))
                  : q == &q_by_unit ? _("Chưa phân công")
                                    : _("Chưa giao cho cá nhân");
        r->received = (int)db_col_int(s, 2);
        r->in_progress = (int)db_col_int(s, 3);
        r->done_on_time = (int)db_col_int(s, 4);
        r->done_late = (int)db_col_int(s, 5);
        r->overdue = (int)db_col_int(s, 6);
    }
    db_reset(s);
    *rows_r = v;
    return n;
}

int dashboard_by_unit(ctx *c, const char *from, const char *to, dash_row **rows_r)
{
    return run(c, &q_by_unit, from, to, rows_r);
}

int dashboard_by_person(ctx *c, const char *from, const char *to, dash_row **rows_r)
{
    return run(c, &q_by_person, from, to, rows_r);
}

/* ---- page ------------------------------------------------------------------------------- */

static const char *const series_class[4] = {"s-progress", "s-ontime", "s-late", "s-overdue"};
static const char *const series_color[4] = {"#3b6fb6", "#2e7d32", "#e08a00", "#c62828"};

/* A horizontal stacked bar per row: in progress, done on time, done late, overdue. */
static void chart(ctx *c, const dash_row *v, int n, const char *label)
{
    strbuf *b = &c->rs->body;
    int max = 1;
    for (int i = 0; i < n; i++)
        if (v[i].received > max)
            max = v[i].received;
    const int left = 220, width = 460, bar = 18, gap = 8, top = 30;
    int h = top + n * (bar + gap) + 10;
    html_printf(b,
                "<svg class=\"chart\" role=\"img\" aria-label=\"%s\" width=\"%d\" height=\"%d\" "
                "viewBox=\"0 0 %d %d\" xmlns=\"http://www.w3.org/2000/svg\">",
                label, left + width + 60, h, left + width + 60, h);
    const char *names[4] = {_("Đang xử lý"), _("Xong đúng hạn"), _("Xong quá hạn"), _("Quá hạn")};
    for (int k = 0, x = 0; k < 4; k++) {
        html_printf(b,
                    "<rect x=\"%d\" y=\"6\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                    "<text x=\"%d\" y=\"16\" font-size=\"12\">%s</text>",
                    x, series_color[k], x + 16, names[k]);
        x += 150;
    }
    for (int i = 0; i < n; i++) {
        int y = top + i * (bar + gap);
        html_printf(b, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"end\">%s</text>",
                    left - 6, y + 13, v[i].name);
        int vals[4] = {v[i].in_progress, v[i].done_on_time, v[i].done_late, v[i].overdue};
        int x = left;
        for (int k = 0; k < 4; k++) {
            int w = vals[k] * width / max;
            if (vals[k] > 0 && w < 2)
                w = 2;
            if (w > 0)
                html_printf(b,
                            "<rect class=\"%s\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
                            "fill=\"%s\"><title>%s: %d</title></rect>",
                            series_class[k], x, y, w, bar, series_color[k], names[k], vals[k]);
            x += w;
        }
        html_printf(b, "<text x=\"%d\" y=\"%d\" font-size=\"12\">%d</text>", x + 4, y + 13,
                    v[i].received);
    }
    html_raw(b, "</svg>");
}

/* table's links: the incoming list with the dashboard's own filter (period, every register in
 * scope, overdue), narrowed to the row's lead unit. */
static void table(ctx *c, const dash_row *v, int n, const char *who, bool units, const char *from,
                  const char *to)
{
    strbuf *b = &c->rs->body;
    html_printf(b,
                "<div class=\"table-wrap\"><table><thead><tr><th>%s</th><th>%s</th><th>%s</th>"
                "<th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
                who, _("Tiếp nhận"), _("Đang xử lý"), _("Xong đúng hạn"), _("Xong quá hạn"),
                _("Quá hạn"));
    for (int i = 0; i < n; i++) {
        html_printf(b,
                    "<tr class=\"%s\"><td>%s</td><td class=\"num\">%d</td><td class=\"num\">%d</td>"
                    "<td class=\"num\">%d</td><td class=\"num\">%d</td>",
                    v[i].overdue ? "overdue" : "", v[i].name, v[i].received, v[i].in_progress,
                    v[i].done_on_time, v[i].done_late);
        if (v[i].overdue && units && v[i].id)
            html_printf(b,
                        "<td class=\"num\"><a href=\"/incoming?overdue=1&amp;unit_id=0&amp;"
                        "lead_unit_id=%lld&amp;from=%s&amp;to=%s\">"
                        "<span class=\"mark mark-overdue\">%d</span></a></td></tr>",
                        (long long)v[i].id, from, to, v[i].overdue);
        else
            html_printf(b, "<td class=\"num\">%d</td></tr>", v[i].overdue);
    }
    if (n == 0)
        html_printf(b, "<tr><td colspan=\"6\">%s</td></tr>", _("Không có văn bản trong kỳ."));
    html_raw(b, "</tbody></table></div>");
}

static void h_reports(ctx *c)
{
    static const char *const params[] = {"from", "to", NULL};
    if (!params_check(c, params))
        return;
    if (!dashboard_may_see(c)) {
        respond_forbidden(c);
        return;
    }
    const char *from, *to;
    if (!query_period(c, web_today(c), &from, &to))
        return;
    /* The period's sums read every visible record of it (a year: tens of thousands): the page
     * is memoised while the database is unchanged (web/layout.h page_memo). */
    page_memo memo = {0};
    if (!c->is_api && page_memo_hit(c, &memo, _("Tình hình giải quyết văn bản đến"), "reports"))
        return;
    dash_row *units, *people;
    int nu = dashboard_by_unit(c, from, to, &units);
    int np = dashboard_by_person(c, from, to, &people);
    if (nu < 0 || np < 0) {
        respond_error(c, 500, "internal", _(WEB_MSG_DB));
        return;
    }
    if (c->is_api) {
        json_t *ju = json_array(), *jp = json_array();
        for (int pass = 0; pass < 2; pass++) {
            const dash_row *v = pass ? people : units;
            for (int i = 0, n = pass ? np : nu; i < n; i++)
                json_array_append_new(pass ? jp : ju,
                                      json_pack("{s:I, s:s, s:i, s:i, s:i, s:i, s:i}", "id",
                                                (json_int_t)v[i].id, "name", v[i].name, "received",
                                                v[i].received, "in_progress", v[i].in_progress,
                                                "done_on_time", v[i].done_on_time, "done_late",
                                                v[i].done_late, "overdue", v[i].overdue));
        }
        respond_json(c, 200,
                     json_pack("{s:s, s:s, s:o, s:o}", "from", from, "to", to, "by_unit", ju,
                               "by_person", jp));
        return;
    }
    page_begin(c, _("Tình hình giải quyết văn bản đến"), "reports");
    page_memo_mark(c, &memo);
    strbuf *b = &c->rs->body;
    html_printf(b,
                "<form class=\"filters no-print\" method=\"get\" action=\"/reports\">"
                "<label>%s <input type=\"date\" name=\"from\" value=\"%s\"></label> "
                "<label>%s <input type=\"date\" name=\"to\" value=\"%s\"></label> "
                "<button type=\"submit\">%s</button></form>",
                _("Từ ngày"), from, _("Đến ngày"), to, _("Xem"));
    int tot[5] = {0};
    for (int i = 0; i < nu; i++) {
        tot[0] += units[i].received;
        tot[1] += units[i].in_progress;
        tot[2] += units[i].done_on_time;
        tot[3] += units[i].done_late;
        tot[4] += units[i].overdue;
    }
    html_printf(b,
                "<dl class=\"props dashboard-totals\"><dt>%s</dt><dd id=\"t-received\">%d</dd>"
                "<dt>%s</dt><dd id=\"t-progress\">%d</dd><dt>%s</dt><dd id=\"t-ontime\">%d</dd>"
                "<dt>%s</dt><dd id=\"t-late\">%d</dd><dt>%s</dt><dd id=\"t-overdue\"><a href=\""
                "/incoming?overdue=1&amp;unit_id=0&amp;from=%s&amp;to=%s\">%d</a></dd></dl>",
                _("Tiếp nhận"), tot[0], _("Đang xử lý"), tot[1], _("Xong đúng hạn"), tot[2],
                _("Xong quá hạn"), tot[3], _("Quá hạn"), from, to, tot[4]);
    html_printf(b, "<section class=\"panel\"><h2>%s</h2>", _("Theo đơn vị chủ trì"));
    chart(c, units, nu, _("Biểu đồ theo đơn vị"));
    table(c, units, nu, _("Đơn vị"), true, from, to);
    html_printf(b, "</section><section class=\"panel\"><h2>%s</h2>", _("Theo người xử lý"));
    chart(c, people, np, _("Biểu đồ theo người xử lý"));
    table(c, people, np, _("Người xử lý"), false, from, to);
    html_raw(b, "</section>");
    page_memo_store(c, &memo);
    page_end(c);
}

void dashboard_routes(void)
{
    route_add("GET", "/reports", h_reports, 0);
    route_add("GET", "/api/v1/reports/incoming", h_reports, ROUTE_API);
}
