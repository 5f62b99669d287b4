/* The annual finance report the committee hears (/budget/report): estimate, spent and settled
 * per line and per organisation of a subtree, as a page with an inline SVG chart, print and
 * xlsx. */
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "budget/budget.h"
#include "budget/budget_web.h"
#include "http/router.h"
#include "org/org.h"
#include "registers/registers.h"
#include "web/dates.h"
#include "web/errors.h"
#include "web/layout.h"
#include "web/params.h"
#include "web/respond.h"

#define B(c) (&(c)->rs->body)

static const char *pct(ctx *c, int64_t part, int64_t whole)
{
    if (whole <= 0)
        return "—";
    int64_t pm = (part * 1000 + whole / 2) / whole; /* per mille, integer: no floating point */
    return arena_printf(c->a, "%lld,%lld%%", (long long)(pm / 10), (long long)(pm % 10));
}

/* Grouped bars per line: estimate, spent, settled; inline SVG, no script, prints as shown. */
static void chart(ctx *c, const budget_report *r)
{
    static const struct {
        const char *color, *label;
    } parts[] = {
        {"#1f5fa8", N_("Dự toán")}, {"#b27600", N_("Đã chi")}, {"#2e7d32", N_("Quyết toán")}};
    int64_t max = 1;
    int shown = 0;
    for (int i = 0; i < r->n_lines; i++) {
        const budget_fig *f = &r->lines[i].f;
        if (!f->estimate && !f->spent && !f->settled)
            continue;
        shown++;
        int64_t m = f->estimate > f->spent ? f->estimate : f->spent;
        m = m > f->settled ? m : f->settled;
        max = m > max ? m : max;
    }
    int row = 3 * 10 + 10, h = shown * row + 40, y = 4;
    html_printf(B(c),
                "<figure class=\"budget-chart\"><svg id=\"budget-chart\" viewBox=\"0 0 1000 %d\" "
                "role=\"img\" aria-label=\"%s\" preserveAspectRatio=\"xMinYMin meet\">",
                h, _("Biểu đồ dự toán, đã chi, quyết toán theo mục chi"));
    for (int i = 0; i < r->n_lines; i++) {
        const budget_fig *f = &r->lines[i].f;
        if (!f->estimate && !f->spent && !f->settled)
            continue;
        html_printf(B(c), "<text x=\"0\" y=\"%d\" font-size=\"13\">%.40s</text>", y + 18,
                    r->lines[i].name);
        int64_t v[3] = {f->estimate, f->spent, f->settled};
        for (int k = 0; k < 3; k++) {
            /* Widths in whole tenths of a pixel from integer đồng. */
            long long w10 = (long long)((v[k] / 1000) * 6200 / (max / 1000 + 1));
            if (v[k] > 0)
                html_printf(B(c),
                            "<rect x=\"340\" y=\"%d\" width=\"%lld.%lld\" height=\"9\" "
                            "fill=\"%s\"><title>%s: %s</title></rect>",
                            y + k * 10, w10 / 10, w10 % 10, parts[k].color, _(parts[k].label),
                            bw_money(c, v[k]));
        }
        y += row;
    }
    for (int k = 0; k < 3; k++)
        html_printf(B(c),
                    "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" fill=\"%s\"/><text "
                    "x=\"%d\" y=\"%d\" font-size=\"13\">%s</text>",
                    k * 250, y + 10, parts[k].color, k * 250 + 18, y + 22, _(parts[k].label));
    html_raw(B(c), "</svg></figure>");
}

static void report_xlsx(ctx *c, const budget_report *r, const char *root_name)
{
    static const char *h[5];
    h[0] = _("Mục chi / Tổ chức đảng");
    h[1] = _("Dự toán (đồng)");
    h[2] = _("Đã chi (đồng)");
    h[3] = _("Quyết toán (đồng)");
    h[4] = _("Tỷ lệ chi/dự toán");
    int n = r->n_lines + 1 + r->n_units;
    const char **cells = arena_alloc(c->a, sizeof *cells * 5 * (size_t)n);
    for (int i = 0; i < n; i++) {
        const char **row = cells + i * 5;
        const budget_fig *f;
        if (i < r->n_lines) {
            row[0] = r->lines[i].name;
            f = &r->lines[i].f;
        } else if (i == r->n_lines) {
            row[0] = _("Tổng cộng");
            f = &r->total;
        } else {
            const budget_report_unit *u = &r->units[i - r->n_lines - 1];
            row[0] = arena_printf(c->a, "%*s%s", u->depth * 2, "", u->name);
            f = &u->tree;
        }
        row[1] = arena_printf(c->a, "%lld", (long long)f->estimate);
        row[2] = arena_printf(c->a, "%lld", (long long)f->spent);
        row[3] = arena_printf(c->a, "%lld", (long long)f->settled);
        row[4] = pct(c, f->spent, f->estimate);
    }
    export_table(c, "xlsx", arena_printf(c->a, "bao-cao-tai-chinh-%d", r->year),
                 arena_printf(c->a, _("Báo cáo tài chính năm %d — %s"), r->year, root_name), 5, h,
                 n, cells);
}

static void fig_cells(ctx *c, const budget_fig *f)
{
    html_printf(B(c),
                "<td data-label=\"%s\" class=\"num\">%s</td><td data-label=\"%s\" class=\"num\">"
                "%s</td><td data-label=\"%s\" class=\"num\">%s</td><td data-label=\"%s\" "
                "class=\"num\">%s</td>",
                _("Dự toán"), bw_money(c, f->estimate), _("Đã chi"), bw_money(c, f->spent),
                _("Quyết toán"), bw_money(c, f->settled), _("Tỷ lệ"),
                pct(c, f->spent, f->estimate));
}

static void head(ctx *c, const char *id, const char *first)
{
    html_printf(B(c),
                "<div class=\"table-wrap\"><table id=\"%s\" class=\"cards\"><thead><tr><th>%s"
                "</th><th class=\"num\">%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th>"
                "<th class=\"num\">%s</th></tr></thead><tbody>",
                id, first, _("Dự toán (đồng)"), _("Đã chi (đồng)"), _("Quyết toán (đồng)"),
                _("Tỷ lệ chi/dự toán"));
}

static void h_report(ctx *c)
{
    int64_t year = atoi(web_today(c)), root = 0;
    query_int(c, "year", 2000, 2099, &year);
    web_err e = {0};
    query_id(c, "unit_id", &root, &e);
    if (!root && c->user)
        root = budget_report_default_root(c);
    budget_report r;
    if (e.n || budget_report_build(c, (int)year, root, &r, &e) != 0) {
        web_err_respond(c, &e);
        return;
    }
    const unit *ru = org_unit_get(c, root);
    const char *fmt = req_query(c->rq, "format");
    if (fmt && strcmp(fmt, "xlsx") == 0) {
        report_xlsx(c, &r, ru->name);
        return;
    }
    page_begin(c, arena_printf(c->a, _("Báo cáo tài chính năm %d"), (int)year), "budget");
    bw_subnav(c, (int)year, "report");
    html_printf(B(c),
                "<form method=\"get\" action=\"/budget/report\" class=\"table-tools no-print\">"
                "<label>%s <input type=\"number\" name=\"year\" value=\"%d\" min=\"2000\" "
                "max=\"2099\"></label> <label>%s <select name=\"unit_id\">",
                _("Năm"), (int)year, _("Tổ chức đảng"));
    org_choice *u;
    int nu = org_choice_units(c, &u);
    for (int i = 0; i < nu; i++)
        html_printf(B(c), "<option value=\"%lld\"%s>%s</option>", (long long)u[i].id,
                    u[i].id == root ? " selected" : "", u[i].name);
    html_printf(B(c),
                "</select></label> <button>%s</button> <a id=\"budget-report-xlsx\" "
                "href=\"/budget/report?year=%d&amp;unit_id=%lld&amp;format=xlsx\">%s</a> "
                "<button type=\"button\" data-print>%s</button></form>",
                _("Xem"), (int)year, (long long)root, _("Tải Excel (.xlsx)"), _("In"));
    html_printf(B(c), "<p>%s <strong>%s</strong> %s.</p>", _("Tổng hợp toàn đảng bộ:"), ru->name,
                _("và các tổ chức trực thuộc trong phạm vi của bạn"));
    chart(c, &r);
    html_printf(B(c), "<h2>%s</h2>", _("Theo mục chi"));
    head(c, "budget-report-lines", _("Mục chi"));
    for (int i = 0; i < r.n_lines; i++) {
        html_printf(B(c), "<tr><td data-label=\"%s\">%s</td>", _("Mục chi"), r.lines[i].name);
        fig_cells(c, &r.lines[i].f);
        html_raw(B(c), "</tr>");
    }
    html_printf(B(c), "<tr class=\"total\"><td>%s</td>", _("Tổng cộng"));
    fig_cells(c, &r.total);
    html_raw(B(c), "</tr></tbody></table></div>");
    html_printf(B(c), "<h2>%s</h2>", _("Theo tổ chức đảng (cộng dồn các tổ chức trực thuộc)"));
    head(c, "budget-report-units", _("Tổ chức đảng"));
    for (int i = 0; i < r.n_units; i++) {
        const budget_fig *f = &r.units[i].tree;
        if (!f->estimate && !f->spent && !f->settled)
            continue;
        html_printf(B(c),
                    "<tr class=\"depth-%d\"><td data-label=\"%s\"><a "
                    "href=\"/budget/report?year=%d&amp;unit_id=%lld\">%s</a></td>",
                    r.units[i].depth > 3 ? 3 : r.units[i].depth, _("Tổ chức đảng"), (int)year,
                    (long long)r.units[i].unit_id, r.units[i].name);
        fig_cells(c, f);
        html_raw(B(c), "</tr>");
    }
    html_raw(B(c), "</tbody></table></div>");
    page_end(c);
}

void bw_report_routes(void)
{
    route_add("GET", "/budget/report", h_report, 0);
}
