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
    " count(*) AS received,"                                                                       \
    " sum(i.status = 'registered' OR (i.status = 'assigned' AND (i.deadline IS NULL"               \
    " OR i.deadline >= ?7))) AS in_progress,"                                                      \
    " sum(i.status = 'done' AND (i.deadline IS NULL OR date(i.done_at, '+7 hours') <="             \
    " i.deadline)) AS on_time,"                                                                    \
    " sum(i.status = 'done' AND i.deadline IS NOT NULL AND date(i.done_at, '+7 hours') >"          \
    " i.deadline) AS late,"                                                                        \
    " sum(i.status = 'assigned' AND i.deadline < ?7) AS overdue"
#define DASH_WHERE                                                                                 \
    " WHERE i.arrival_date >= ?5 AND i.arrival_date <= ?6 AND i.status <> 'recalled' "             \
    "AND " IN_VISIBLE_SQL

/* The period's sums per (lead unit, lead user), with the unit a record is counted under (its
 * lead unit, else its lead user's) and both names: a few hundred groups at most, from which
 * both tables are summed in C. One pass over the period, through incoming_list_date (covering
 * since migration 061), and the names joined once a group: at a million documents the two
 * grouped queries this replaces read the year's 145,000 records twice, each joined to its
 * lead's user and unit (330 ms a page after a write; docs/perf/pages.md). */
static const db_query q_groups = {
    "dashboard.groups",
    "SELECT COALESCE(g.lead_unit_id, lu.unit_id, 0), n.name, COALESCE(g.lead_user_id, 0),"
    " lu.name, g.received, g.in_progress, g.on_time, g.late, g.overdue"
    " FROM (SELECT i.lead_unit_id, i.lead_user_id," DASH_SUMS " FROM incoming i" DASH_WHERE
    " GROUP BY i.lead_unit_id, i.lead_user_id) g"
    " LEFT JOIN users lu ON lu.id = g.lead_user_id"
    " LEFT JOIN units n ON n.id = COALESCE(g.lead_unit_id, lu.unit_id)",
    NULL,
};

bool dashboard_may_see(ctx *c)
{
    return c->user && (role_is_leader(c->user->role) || c->user->role == ROLE_CLERK ||
                       c->user->role == ROLE_UNIT);
}

typedef struct dash_acc {
    dash_row *v;
    int n, cap;
} dash_acc;

static void acc_add(ctx *c, dash_acc *a, int64_t id, const char *name, const int sums[5])
{
    dash_row *r = NULL;
    for (int i = 0; i < a->n && !r; i++)
        if (a->v[i].id == id)
            r = &a->v[i];
    if (!r) {
        ARENA_GROW(c->a, a->v, a->n, a->cap);
        r = &a->v[a->n++];
        memset(r, 0, sizeof *r);
        r->id = id;
        r->name = name ? arena_strdup(c->a, name) : NULL;
    }
    r->received += sums[0];
    r->in_progress += sums[1];
    r->done_on_time += sums[2];
    r->done_late += sums[3];
    r->overdue += sums[4];
}

/* Most received first, then by name (none first, as SQL orders NULL), then by id. */
static int row_cmp(const void *x, const void *y)
{
    const dash_row *a = x, *b = y;
    if (a->received != b->received)
        return a->received > b->received ? -1 : 1;
    if (!a->name || !b->name) {
        if (a->name != b->name)
            return a->name ? 1 : -1;
    } else {
        int k = strcmp(a->name, b->name);
        if (k)
            return k;
    }
    return (a->id > b->id) - (a->id < b->id);
}

static void acc_finish(dash_acc *a, const char *unnamed)
{
    if (a->n > 1)
        qsort(a->v, (size_t)a->n, sizeof *a->v, row_cmp);
    for (int i = 0; i < a->n; i++)
        if (!a->v[i].name)
            a->v[i].name = unnamed;
}

/* Both tables of the period in one query; -1 on a store failure. */
static int groups(ctx *c, const char *from, const char *to, dash_acc *units, dash_acc *people)
{
    memset(units, 0, sizeof *units);
    memset(people, 0, sizeof *people);
    units->cap = people->cap = 16;
    units->v = arena_alloc(c->a, (size_t)units->cap * sizeof *units->v);
    people->v = arena_alloc(c->a, (size_t)people->cap * sizeof *people->v);
    if (!dashboard_may_see(c))
        return 0;
    db_stmt *s = db_stmt_get(c->db, &q_groups);
    if (!s)
        return -1;
    docs_vis_bind(c, s);
    db_bind_text(s, 5, from);
    db_bind_text(s, 6, to);
    db_bind_text(s, 7, web_today(c));
    int r;
    while ((r = db_step(s)) == DB_ROW) {
        int sums[5];
        for (int k = 0; k < 5; k++)
            sums[k] = (int)db_col_int(s, 4 + k);
        acc_add(c, units, db_col_int(s, 0), db_col_text(s, 1), sums);
        acc_add(c, people, db_col_int(s, 2), db_col_text(s, 3), sums);
    }
    db_reset(s);
    if (r != DB_DONE)
        return -1;
    acc_finish(units, _("Chưa phân công"));
    acc_finish(people, _("Chưa giao cho cá nhân"));
    return 0;
}

int dashboard_by_unit(ctx *c, const char *from, const char *to, dash_row **rows_r)
{
    dash_acc u, p;
    *rows_r = NULL;
    if (groups(c, from, to, &u, &p) != 0)
        return -1;
    *rows_r = u.v;
    return u.n;
}

int dashboard_by_person(ctx *c, const char *from, const char *to, dash_row **rows_r)
{
    dash_acc u, p;
    *rows_r = NULL;
    if (groups(c, from, to, &u, &p) != 0)
        return -1;
    *rows_r = p.v;
    return p.n;
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
    dash_acc ua, pa;
    if (groups(c, from, to, &ua, &pa) != 0) {
        respond_error(c, 500, "internal", _(WEB_MSG_DB));
        return;
    }
    const dash_row *units = ua.v, *people = pa.v;
    int nu = ua.n, np = pa.n;
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
