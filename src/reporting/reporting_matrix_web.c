/* The completeness matrix and the aggregate pages (reporting.h): /reports/types/{id} (units ×
 * periods, coloured by status, rates per row and column; opening a period; the synthesis) and
 * /reports/types/{id}/aggregate (pivot indicator × period and × unit, server-drawn SVG charts). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "http/router.h"
#include "org/org.h"
#include "registers/registers.h"
#include "reporting/reporting_impl.h"
#include "web/dates.h"
#include "web/errors.h"
#include "web/forms.h"
#include "web/layout.h"
#include "web/params.h"
#include "web/respond.h"

static strbuf *B(ctx *c)
{
    return &c->rs->body;
}

static const char *pct(ctx *c, int part, int whole)
{
    return whole ? arena_printf(c->a, "%.0f%%", 100.0 * part / whole) : "—";
}

static void rates_cell(ctx *c, const rep_rates *r)
{
    html_printf(B(c),
                "<span class=\"rep-rate\" title=\"%s\">%s · <span class=\"rep-late\">%s</span> · "
                "<span class=\"rep-missing\">%s</span></span>",
                _("đúng hạn · muộn · chưa nộp"), pct(c, r->on_time, r->expected),
                pct(c, r->late, r->expected), pct(c, r->missing, r->expected));
}

static bool has_cycle(const rep_type *t, const char *cy)
{
    for (int i = 0; i < t->n_cycles; i++)
        if (strcmp(t->cycles[i], cy) == 0)
            return true;
    return false;
}

static const char *cycle_label(const char *cy)
{
    if (strcmp(cy, "month") == 0)
        return _("Tháng");
    if (strcmp(cy, "quarter") == 0)
        return _("Quý");
    if (strcmp(cy, "q1") == 0)
        return _("Quý I");
    if (strcmp(cy, "half") == 0)
        return _("6 tháng");
    if (strcmp(cy, "nine") == 0)
        return _("9 tháng");
    if (strcmp(cy, "year") == 0)
        return _("Năm");
    if (strcmp(cy, "thematic") == 0)
        return _("Chuyên đề");
    return _("Đột xuất");
}

static void h_type(ctx *c)
{
    const rep_type *t = rep_type_get(c, req_param_id(c->rq, "id"));
    if (!t) {
        respond_not_found(c);
        return;
    }
    int64_t year = atoi(web_today(c));
    query_int(c, "year", 2000, 2099, &year);
    const char *cycle = req_query(c->rq, "cycle");
    if (!cycle || !has_cycle(t, cycle))
        cycle = t->n_cycles ? t->cycles[0] : "month";
    page_begin(c, t->name, "periodic");
    html_printf(B(c), "<p class=\"rep-basis\">%s: %s · %s: %s</p>", _("Căn cứ"), t->legal_basis,
                _("Nơi nhận"), t->recipient_name);
    html_printf(B(c),
                "<form method=\"get\" action=\"/reports/types/%lld\" class=\"table-tools "
                "no-print\"><label>%s <select name=\"cycle\">",
                (long long)t->id, _("Kỳ"));
    for (int i = 0; i < t->n_cycles; i++)
        if (strcmp(t->cycles[i], "thematic") && strcmp(t->cycles[i], "adhoc"))
            html_printf(B(c), "<option value=\"%s\"%s>%s</option>", t->cycles[i],
                        strcmp(t->cycles[i], cycle) == 0 ? " selected" : "",
                        cycle_label(t->cycles[i]));
    html_printf(B(c),
                "</select></label> <label>%s <input type=\"number\" name=\"year\" value=\"%d\" "
                "min=\"2000\" max=\"2099\"></label> <button>%s</button> <a href=\"/reports/types/"
                "%lld/aggregate\">%s</a></form>",
                _("Năm"), (int)year, _("Xem"), (long long)t->id, _("Số liệu tổng hợp"));
    rep_matrix m;
    web_err e;
    if (rep_completeness(c, t->id, cycle, (int)year, &m, &e) != 0)
        m.n_units = 0, m.n_periods = 0;
    html_printf(B(c), "<h2>%s</h2>", _("Tình hình nộp báo cáo"));
    html_raw(B(c), "<div class=\"table-wrap\"><table id=\"rep-matrix\" class=\"rep-matrix\">"
                   "<thead><tr>");
    html_printf(B(c), "<th>%s</th>", _("Đơn vị"));
    for (int p = 0; p < m.n_periods; p++)
        html_printf(B(c), "<th>%s</th>", rep_period_label(c->a, m.periods[p]));
    html_printf(B(c), "<th>%s</th></tr></thead><tbody>", _("Tỷ lệ"));
    for (int u = 0; u < m.n_units; u++) {
        /* The unit's name drills into its own figures, period by period. */
        html_printf(B(c),
                    "<tr data-unit=\"%lld\"><th scope=\"row\"><a href=\"/reports/types/%lld/"
                    "aggregate?unit_id=%lld\">%s</a></th>",
                    (long long)m.unit_ids[u], (long long)t->id, (long long)m.unit_ids[u],
                    m.unit_names[u]);
        for (int p = 0; p < m.n_periods; p++) {
            const rep_cell *x = &m.cells[u * m.n_periods + p];
            if (!x->id) {
                html_raw(B(c), "<td class=\"rep-cell rep-s-none\">·</td>");
                continue;
            }
            bool late = x->timely && strcmp(x->timely, "late") == 0;
            if (x->hidden) {
                html_printf(B(c), "<td class=\"rep-cell rep-s-%s%s\" title=\"%s\">%s</td>",
                            x->status, late ? " rep-late-cell" : "", rep_status_label(x->status),
                            late ? _("Muộn") : rep_status_label(x->status));
                continue;
            }
            html_printf(B(c),
                        "<td class=\"rep-cell rep-s-%s%s\"><a href=\"/reports/%lld\" title=\"%s\">"
                        "%s</a></td>",
                        x->status, late ? " rep-late-cell" : "", (long long)x->id,
                        rep_status_label(x->status),
                        late ? _("Muộn") : rep_status_label(x->status));
        }
        rep_rates rr;
        rep_matrix_rates_of(&m, u, -1, &rr);
        html_raw(B(c), "<td>");
        rates_cell(c, &rr);
        html_raw(B(c), "</td></tr>");
    }
    if (m.n_units == 0)
        html_printf(B(c), "<tr><td colspan=\"%d\" class=\"empty\">%s</td></tr>", m.n_periods + 2,
                    _("Chưa mở kỳ báo cáo nào trong năm này."));
    else {
        html_printf(B(c), "<tr class=\"rep-total\"><th scope=\"row\">%s</th>", _("Tỷ lệ"));
        for (int p = 0; p < m.n_periods; p++) {
            rep_rates rr;
            rep_matrix_rates_of(&m, -1, p, &rr);
            html_raw(B(c), "<td>");
            rates_cell(c, &rr);
            html_raw(B(c), "</td>");
        }
        rep_rates all;
        rep_matrix_rates(&m, &all);
        html_raw(B(c), "<td id=\"rep-total\">");
        rates_cell(c, &all);
        html_raw(B(c), "</td></tr>");
    }
    html_raw(B(c), "</tbody></table></div>");
    html_printf(B(c), "<p class=\"rep-legend\">%s</p>",
                _("Tỷ lệ: đúng hạn · muộn · chưa nộp, trên số báo cáo đã đến hạn."));
    enum role role = c->user->role;
    bool office = role == ROLE_ADMIN || role == ROLE_OFFICE_LEADER || role == ROLE_CLERK ||
                  role == ROLE_SPECIALIST;
    if (office) {
        const char *ok = arena_printf(c->a, "/reports/types/%lld/open", (long long)t->id);
        html_printf(B(c),
                    "<section class=\"panel no-print\"><h2>%s</h2><form class=\"form\" "
                    "method=\"post\" action=\"%s\">",
                    _("Mở kỳ báo cáo"), ok);
        form_csrf(c);
        form_field fp = {.name = "period",
                         .label = _("Kỳ (ví dụ 2026-11, 2026-Q4, 2026-H1, 2026-N9, 2026, "
                                    "2026-CD1)"),
                         .required = true,
                         .id = "open-period"};
        form_field_html(c, ok, &fp);
        form_field fc = {.name = "cutoff",
                         .label = _("Ngày chốt số liệu (chuyên đề, đột xuất)"),
                         .type = "date"};
        form_field_html(c, ok, &fc);
        form_field fd = {
            .name = "due", .label = _("Hạn nộp (chuyên đề, đột xuất)"), .type = "date"};
        form_field_html(c, ok, &fd);
        html_printf(B(c), "<button type=\"submit\">%s</button></form></section>", _("Mở kỳ"));
        const char *sk = arena_printf(c->a, "/reports/types/%lld/synthesis", (long long)t->id);
        html_printf(B(c),
                    "<section class=\"panel no-print\"><h2>%s</h2><form class=\"form\" "
                    "method=\"post\" action=\"%s\">",
                    _("Lập báo cáo tổng hợp"), sk);
        form_csrf(c);
        form_field sp = {.name = "period",
                         .label = _("Kỳ tổng hợp"),
                         .required = true,
                         .id = "synth-period",
                         .value = m.n_periods ? m.periods[0] : ""};
        form_field_html(c, sk, &sp);
        html_printf(B(c), "<button type=\"submit\" id=\"synth-go\">%s</button></form></section>",
                    _("Tạo dự thảo báo cáo tổng hợp"));
    }
    page_end(c);
}

static void h_open(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    web_err e;
    int n = rep_open_period(c, id, req_form(c->rq, "period"), req_form(c->rq, "cutoff"),
                            req_form(c->rq, "due"), &e);
    web_after_post(c, arena_printf(c->a, "/reports/types/%lld", (long long)id), n < 0 ? -1 : 0, &e,
                   arena_printf(c->a, _("Đã mở kỳ báo cáo cho %d đơn vị."), n));
}

static void h_synthesis(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    web_err e;
    int64_t out = rep_synthesis(c, id, req_form(c->rq, "period"), &e);
    if (out < 0) {
        web_after_post(c, arena_printf(c->a, "/reports/types/%lld", (long long)id), -1, &e, NULL);
        return;
    }
    page_flash_set(c, _("Đã tạo dự thảo báo cáo tổng hợp."));
    respond_redirect(c, arena_printf(c->a, "/outgoing/%lld", (long long)out));
}

/* The last n characters of s (whole UTF-8 sequences), with "…" before when cut: a bar's label
 * (unit names differ at their end: "Đảng ủy phường Bình Thủy"). */
static const char *short_label(ctx *c, const char *s, int n)
{
    const char *p = s + strlen(s);
    for (int k = 0; p > s && k < n; k++) {
        p--;
        while (p > s && (*p & 0xC0) == 0x80)
            p--;
    }
    return p > s ? arena_printf(c->a, "…%s", p) : s;
}

/* A bar chart of one series (labels × values), drawn on the server as SVG. */
static void svg_bars(ctx *c, const char *title, const char **labels, const double *vals, int n)
{
    double max = 0;
    for (int i = 0; i < n; i++)
        if (!isnan(vals[i]) && vals[i] > max)
            max = vals[i];
    int w = 640, h = 220, left = 40, bottom = 40;
    double bw = n ? (double)(w - left - 10) / n : 0;
    html_printf(B(c),
                "<figure class=\"rep-chart\"><svg viewBox=\"0 0 %d %d\" role=\"img\" "
                "aria-label=\"%s\" preserveAspectRatio=\"xMidYMid meet\">",
                w, h, title);
    html_printf(B(c), "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" class=\"axis\"/>", left,
                h - bottom, w - 5, h - bottom);
    for (int i = 0; i < n; i++) {
        double v = isnan(vals[i]) ? 0 : vals[i];
        double bh = max > 0 ? (h - bottom - 20) * v / max : 0;
        double x = left + i * bw + bw * 0.15;
        html_printf(B(c),
                    "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" class=\"bar\">"
                    "<title>%s: %g</title></rect>",
                    x, h - bottom - bh, bw * 0.7, bh, labels[i], v);
        html_printf(B(c), "<text x=\"%.1f\" y=\"%.1f\" class=\"val\">%g</text>", x + bw * 0.35,
                    h - bottom - bh - 4, v);
        html_printf(B(c), "<text x=\"%.1f\" y=\"%d\" class=\"lbl\">%s</text>", x + bw * 0.35,
                    h - bottom + 14, short_label(c, labels[i], 12));
    }
    html_printf(B(c), "</svg><figcaption>%s</figcaption></figure>", title);
}

/* A line through the periods of one indicator. */
static void svg_line(ctx *c, const char *title, const char **labels, const double *vals, int n,
                     int stride)
{
    double max = 0;
    for (int i = 0; i < n; i++)
        if (!isnan(vals[i * stride]) && vals[i * stride] > max)
            max = vals[i * stride];
    int w = 640, h = 200, left = 40, bottom = 30;
    double step = n > 1 ? (double)(w - left - 20) / (n - 1) : 0;
    html_printf(B(c),
                "<figure class=\"rep-chart\"><svg viewBox=\"0 0 %d %d\" role=\"img\" "
                "aria-label=\"%s\"><polyline class=\"line\" points=\"",
                w, h, title);
    for (int i = 0; i < n; i++) {
        double v = isnan(vals[i * stride]) ? 0 : vals[i * stride];
        html_printf(B(c), "%.1f,%.1f ", left + i * step,
                    h - bottom - (max > 0 ? (h - bottom - 20) * v / max : 0));
    }
    html_raw(B(c), "\"/>");
    for (int i = 0; i<n; i += n> 12 ? 2 : 1)
        html_printf(B(c), "<text x=\"%.1f\" y=\"%d\" class=\"lbl\">%s</text>", left + i * step,
                    h - 8, labels[i] + 2);
    html_printf(B(c), "</svg><figcaption>%s</figcaption></figure>", title);
}

static void num_td(ctx *c, double v)
{
    if (isnan(v))
        html_raw(B(c), "<td class=\"num\">—</td>");
    else if (v == floor(v))
        html_printf(B(c), "<td class=\"num\">%s</td>", web_number(c, (int64_t)v));
    else
        html_printf(B(c), "<td class=\"num\">%.1f</td>", v);
}

static void h_aggregate(ctx *c)
{
    const rep_type *t = rep_type_get(c, req_param_id(c->rq, "id"));
    if (!t) {
        respond_not_found(c);
        return;
    }
    const char **periods;
    int np = rep_query_periods(c, &periods);
    int64_t unit_id = 0;
    query_int(c, "unit_id", 1, INT64_MAX, &unit_id);
    rep_aggregate ag;
    web_err e;
    if (rep_aggregate_run(c, t->id, unit_id, periods, np, true, &ag, &e) != 0) {
        web_err_respond(c, &e);
        return;
    }
    const char *format = req_query(c->rq, "format");
    if (format && strcmp(format, "xlsx") == 0) {
        /* The pivot indicator × period as a spreadsheet. */
        int ncols = np + 1, nrows = 0;
        const char **hd = arena_alloc(c->a, (size_t)ncols * sizeof *hd);
        hd[0] = _("Chỉ tiêu");
        for (int p = 0; p < np; p++)
            hd[p + 1] = rep_period_label(c->a, periods[p]);
        const char **cells = arena_alloc(c->a, (size_t)(ag.n_ind * ncols + 1) * sizeof *cells);
        for (int i = 0; i < ag.n_ind; i++) {
            if (ag.ind[i].section || ag.ind[i].agg == AGG_NONE)
                continue;
            cells[nrows * ncols] = ag.ind[i].name;
            for (int p = 0; p < np; p++) {
                double v = ag.values[p * ag.n_ind + i];
                cells[nrows * ncols + p + 1] = isnan(v) ? "" : arena_printf(c->a, "%g", v);
            }
            nrows++;
        }
        export_table(c, "xlsx", "tong-hop-bao-cao", t->name, ncols, hd, nrows, cells);
        return;
    }
    page_begin(c, arena_printf(c->a, "%s — %s", t->name, _("số liệu tổng hợp")), "periodic");
    html_printf(B(c),
                "<form method=\"get\" action=\"/reports/types/%lld/aggregate\" class=\"table-tools "
                "no-print\"><label>%s <input name=\"period\" value=\"%s\" size=\"30\"></label> "
                "<button>%s</button> <a href=\"/reports/types/%lld\">%s</a> · <a "
                "id=\"rep-xlsx\" href=\"/reports/types/%lld/aggregate?period=%s&amp;format=xlsx\">"
                "%s</a></form>",
                (long long)t->id, _("Kỳ (cách nhau bởi dấu phẩy)"),
                req_query(c->rq, "period") ? req_query(c->rq, "period") : "", _("Xem"),
                (long long)t->id, _("Tình hình nộp"), (long long)t->id,
                req_query(c->rq, "period") ? req_query(c->rq, "period") : "", _("Xuất Excel"));
    const char **labels = arena_alloc(c->a, (size_t)(np + 1) * sizeof *labels);
    for (int p = 0; p < np; p++)
        labels[p] = rep_period_label(c->a, periods[p]);
    html_printf(B(c),
                "<h2>%s</h2><div class=\"table-wrap\"><table id=\"rep-pivot\"><thead><tr>"
                "<th>%s</th>",
                _("Theo kỳ"), _("Chỉ tiêu"));
    for (int p = 0; p < np; p++)
        html_printf(B(c), "<th>%s</th>", labels[p]);
    html_raw(B(c), "</tr></thead><tbody>");
    html_printf(B(c), "<tr><th scope=\"row\">%s</th>", _("Số báo cáo"));
    for (int p = 0; p < np; p++)
        num_td(c, ag.counts[p]);
    html_raw(B(c), "</tr>");
    int first = -1;
    for (int i = 0; i < ag.n_ind; i++) {
        if (ag.ind[i].section || ag.ind[i].agg == AGG_NONE)
            continue;
        if (first < 0)
            first = i;
        html_printf(B(c), "<tr data-ind=\"%s\"><th scope=\"row\">%s <small>(%s)</small></th>",
                    ag.ind[i].code, ag.ind[i].name, rep_agg_label(ag.ind[i].agg));
        for (int p = 0; p < np; p++)
            num_td(c, ag.values[p * ag.n_ind + i]);
        html_raw(B(c), "</tr>");
    }
    html_raw(B(c), "</tbody></table></div>");
    if (first >= 0) {
        svg_line(c, arena_printf(c->a, "%s — %s", ag.ind[first].name, _("theo kỳ")), periods,
                 ag.values + first, np, ag.n_ind);
        /* The last period by unit: a pivot indicator × unit and its bar chart. */
        int p = np - 1, nch = 0;
        const char **names = arena_alloc(c->a, (size_t)(ag.n_children + 1) * sizeof *names);
        double *bars = arena_alloc(c->a, (size_t)(ag.n_children + 1) * sizeof *bars);
        html_printf(B(c),
                    "<h2>%s — %s</h2><div class=\"table-wrap\"><table id=\"rep-by-unit\">"
                    "<thead><tr><th>%s</th>",
                    _("Theo đơn vị"), labels[p], _("Đơn vị"));
        for (int i = 0; i < ag.n_ind; i++)
            if (!ag.ind[i].section && ag.ind[i].agg != AGG_NONE)
                html_printf(B(c), "<th>%s</th>", ag.ind[i].name);
        html_raw(B(c), "</tr></thead><tbody>");
        for (int k = 0; k < ag.n_children; k++) {
            const double *row = ag.child_values + ((size_t)k * np + p) * ag.n_ind;
            bool any = false;
            for (int i = 0; i < ag.n_ind; i++)
                any = any || !isnan(row[i]);
            if (!any)
                continue;
            html_printf(B(c), "<tr><th scope=\"row\">%s</th>", ag.child_names[k]);
            for (int i = 0; i < ag.n_ind; i++)
                if (!ag.ind[i].section && ag.ind[i].agg != AGG_NONE)
                    num_td(c, row[i]);
            html_raw(B(c), "</tr>");
            names[nch] = ag.child_names[k];
            bars[nch++] = row[first];
        }
        html_raw(B(c), "</tbody></table></div>");
        if (nch)
            svg_bars(c, arena_printf(c->a, "%s — %s", ag.ind[first].name, labels[p]), names, bars,
                     nch);
    }
    page_end(c);
}

void rep_matrix_routes(void)
{
    route_add("GET", "/reports/types/{id}", h_type, 0);
    route_add("POST", "/reports/types/{id}/open", h_open, 0);
    route_add("POST", "/reports/types/{id}/synthesis", h_synthesis, 0);
    route_add("GET", "/reports/types/{id}/aggregate", h_aggregate, 0);
}
