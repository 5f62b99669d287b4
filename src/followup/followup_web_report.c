/* The follow-up report (/followup/report: page, inline SVG chart, xlsx), the overdue list for
 * the Thường trực and the Chánh Văn phòng (/followup/overdue), the home section, and the
 * filter every list and report reads from its address. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "followup/followup.h"
#include "followup/followup_impl.h"
#include "followup/followup_web_impl.h"
#include "registers/registers.h"
#include "rules/rules.h"
#include "web/dates.h"
#include "web/errors.h"
#include "web/layout.h"
#include "web/params.h"
#include "web/respond.h"
#include "workdays/workdays.h"

#define B fu_body

void fu_default_period(ctx *c, const char **from_r, const char **to_r)
{
    const char *today = fu_today(c);
    char buf[256];
    const char *p = rules_text(c->db, "followup.report_period", today, buf, sizeof buf);
    int y = atoi(today), m = atoi(today + 5);
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int m0 = 1, m1 = 12;
    if (p && strcmp(p, "month") == 0)
        m0 = m1 = m;
    else if (p && strcmp(p, "quarter") == 0) {
        m0 = (m - 1) / 3 * 3 + 1;
        m1 = m0 + 2;
    }
    int last = mdays[m1 - 1] + (m1 == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
    *from_r = arena_printf(c->a, "%04d-%02d-01", y, m0);
    *to_r = arena_printf(c->a, "%04d-%02d-%02d", y, m1, last);
}

static bool month_ok(const char *s)
{
    int y, m;
    char tail;
    return s && strlen(s) == 7 && sscanf(s, "%4d-%2d%c", &y, &m, &tail) == 2 && y >= 1930 &&
           m >= 1 && m <= 12;
}

static const char *const by_codes[] = {"unit", "leader", "month", NULL};

bool fu_query_filter(ctx *c, fu_filter *f, const char **bucket_r, bool list_defaults)
{
    web_err e = {0};
    memset(f, 0, sizeof *f);
    if (list_defaults) {
        f->from = PARAM_DATE_MIN;
        f->to = PARAM_DATE_MAX;
    } else
        fu_default_period(c, &f->from, &f->to);
    query_date(c, "from", &f->from, &e);
    query_date(c, "to", &f->to, &e);
    query_date(c, "asof", &f->asof, &e);
    query_date(c, "due_until", &f->due_until, &e);
    int by = 0, bucket = 0;
    if (query_enum(c, "by", by_codes, &by, &e) == PARAM_OK)
        f->by = by_codes[by];
    else
        f->by = "unit";
    *bucket_r = "all";
    if (query_enum(c, "bucket", followup_buckets, &bucket, &e) == PARAM_OK)
        *bucket_r = followup_buckets[bucket];
    f->mask = followup_bucket_mask(*bucket_r);
    query_id(c, "lead_unit_id", &f->lead_unit_id, &e);
    query_range(c, "leader_id", -1, INT64_MAX, &f->leader_id, &e); /* -1: none recorded */
    const char *m = req_query(c->rq, "month");
    if (m && *m) {
        if (month_ok(m))
            f->month = m;
        else
            web_err_add(&e, 400, "invalid_parameter", "month", _("Tháng không hợp lệ (YYYY-MM)."));
    }
    const char *q = req_query(c->rq, "q");
    f->q = q && *q ? q : NULL;
    if (f->from && f->to && strcmp(f->from, f->to) > 0)
        web_err_add(&e, 400, "invalid_parameter", "from", _("Từ ngày phải trước đến ngày."));
    if (e.n) {
        web_err_respond(c, &e);
        return false;
    }
    return true;
}

static void param(strbuf *sb, const char *name, const char *value)
{
    if (sb->len)
        sb_addc(sb, '&');
    sb_adds(sb, name); /* not html: a parameter name of this file, in a URL */
    sb_addc(sb, '=');
    url_encode(sb, value);
}

/* A query string (URL-encoded values; the page escapes it again where it writes it). */
const char *fu_filter_query(ctx *c, const fu_filter *f, const char *bucket)
{
    strbuf sb = STRBUF_INIT;
    param(&sb, "from", f->from);
    param(&sb, "to", f->to);
    param(&sb, "bucket", bucket);
    if (f->asof)
        param(&sb, "asof", f->asof);
    if (f->lead_unit_id)
        param(&sb, "lead_unit_id", arena_printf(c->a, "%lld", (long long)f->lead_unit_id));
    if (f->leader_id)
        param(&sb, "leader_id", arena_printf(c->a, "%lld", (long long)f->leader_id));
    if (f->month)
        param(&sb, "month", f->month);
    const char *r = arena_strdup(c->a, sb_str(&sb));
    sb_free(&sb);
    return r;
}

/* ---- the report ---------------------------------------------------------------------- */

/* The columns of the report, each a bucket of statuses (the link's bucket). */
static const struct col {
    const char *bucket, *label;
} cols[] = {
    {"done_on_time", N_("Hoàn thành đúng hạn")},
    {"done_extended", N_("Trong đó: đúng hạn sau gia hạn")},
    {"done_late", N_("Hoàn thành quá hạn")},
    {"in_time", N_("Chưa hoàn thành, trong hạn")},
    {"overdue", N_("Chưa hoàn thành, quá hạn")},
    {"not_due", N_("Chưa đến hạn")},
    {"ongoing", N_("Thường xuyên")},
    {"cancelled", N_("Đã dừng")},
};
#define NCOLS (int)(sizeof cols / sizeof cols[0])

static int64_t count_of(const fu_count *r, const char *bucket)
{
    unsigned m = followup_bucket_mask(bucket);
    int64_t n = 0;
    for (int s = 0; s < FU_NSTATUS; s++)
        if (m & (1u << s))
            n += r->n[s];
    return n;
}

static int64_t four(const fu_count *r)
{
    return count_of(r, "done") + count_of(r, "open");
}

static const char *rate_text(ctx *c, const fu_count *r)
{
    int pm = followup_rate_permille(r);
    return pm < 0 ? "—" : arena_printf(c->a, "%d%c%d%%", pm / 10, i18n_decimal_mark(), pm % 10);
}

/* The link of a count: the list with the same filter, this row's key and the bucket. */
static const char *count_href(ctx *c, const fu_filter *f, const fu_count *r, const char *bucket)
{
    fu_filter g = *f;
    if (r) {
        if (strcmp(f->by, "unit") == 0)
            g.lead_unit_id = atoll(r->key);
        else if (strcmp(f->by, "leader") == 0)
            g.leader_id = atoll(r->key);
        else
            g.month = r->key;
    }
    if (g.leader_id == 0 && r && strcmp(f->by, "leader") == 0)
        g.leader_id = -1; /* "no leader recorded": never a user id (the list shows none) */
    return arena_printf(c->a, "/followup?%s", fu_filter_query(c, &g, bucket));
}

static void report_row(ctx *c, const fu_filter *f, const fu_count *r, const char *name, bool total)
{
    html_printf(B(c), "<tr%s><td>%s</td>", total ? " class=\"total\"" : "", name);
    html_printf(B(c), "<td class=\"num\">%s</td>", web_number(c, four(r)));
    for (int k = 0; k < NCOLS; k++) {
        int64_t n = count_of(r, cols[k].bucket);
        if (n)
            html_printf(B(c), "<td class=\"num\"><a href=\"%s\" data-bucket=\"%s\">%s</a></td>",
                        count_href(c, f, total ? NULL : r, cols[k].bucket), cols[k].bucket,
                        web_number(c, n));
        else
            html_raw(B(c), "<td class=\"num\">0</td>");
    }
    html_printf(B(c), "<td class=\"num\">%s</td></tr>", rate_text(c, r));
}

/* Stacked bars, one per row, of the four buckets (on time, late, in time, overdue); inline
 * SVG so the page needs no script and prints as it shows. */
static void chart(ctx *c, const fu_count *rows, int n, const fu_count *total)
{
    static const struct {
        const char *bucket, *color, *label;
    } parts[] = {{"done_on_time", "#2e7d32", N_("Hoàn thành đúng hạn")},
                 {"done_late", "#b27600", N_("Hoàn thành quá hạn")},
                 {"in_time", "#1f5fa8", N_("Chưa hoàn thành, trong hạn")},
                 {"overdue", "#c62828", N_("Chưa hoàn thành, quá hạn")}};
    int shown = n > 30 ? 30 : n;
    int64_t max = 1;
    for (int i = 0; i < shown; i++)
        if (four(&rows[i]) > max)
            max = four(&rows[i]);
    int bar = 22, h = shown * (bar + 8) + 40;
    html_printf(B(c),
                "<figure class=\"fu-chart\"><svg id=\"fu-chart\" viewBox=\"0 0 1000 %d\" "
                "role=\"img\" aria-label=\"%s\" preserveAspectRatio=\"xMinYMin meet\">",
                h, _("Biểu đồ kết quả thực hiện nhiệm vụ"));
    for (int i = 0; i < shown; i++) {
        int y = i * (bar + 8) + 4;
        html_printf(B(c), "<text x=\"0\" y=\"%d\" font-size=\"14\">%.40s</text>", y + 16,
                    rows[i].name);
        double x = 340;
        for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++) {
            int64_t v = count_of(&rows[i], parts[k].bucket);
            double w = 640.0 * (double)v / (double)max;
            if (v > 0)
                html_printf(B(c),
                            "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" "
                            "fill=\"%s\"><title>%s: %lld</title></rect>",
                            x, y, w, bar, parts[k].color, _(parts[k].label), (long long)v);
            x += w;
        }
    }
    int ly = shown * (bar + 8) + 20;
    for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++)
        html_printf(B(c),
                    "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" fill=\"%s\"/><text "
                    "x=\"%d\" y=\"%d\" font-size=\"13\">%s (%lld)</text>",
                    (int)k * 250, ly, parts[k].color, (int)k * 250 + 18, ly + 12, _(parts[k].label),
                    (long long)count_of(total, parts[k].bucket));
    html_raw(B(c), "</svg></figure>");
}

static void report_xlsx(ctx *c, const fu_filter *f, const fu_count *rows, int n,
                        const fu_count *total)
{
    int ncols = NCOLS + 3;
    const char **headers = arena_alloc(c->a, sizeof *headers * (size_t)ncols);
    headers[0] = strcmp(f->by, "leader") == 0  ? _("Lãnh đạo kết luận")
                 : strcmp(f->by, "month") == 0 ? _("Tháng")
                                               : _("Đơn vị chủ trì");
    headers[1] = _("Tổng số (4 nhóm)");
    for (int k = 0; k < NCOLS; k++)
        headers[k + 2] = _(cols[k].label);
    headers[ncols - 1] = _("Tỷ lệ hoàn thành");
    const char **cells = arena_alloc(c->a, sizeof *cells * (size_t)ncols * (size_t)(n + 1));
    for (int i = 0; i <= n; i++) {
        const fu_count *r = i < n ? &rows[i] : total;
        const char **row = cells + (size_t)i * (size_t)ncols;
        row[0] = i < n ? r->name : _("Tổng cộng");
        row[1] = arena_printf(c->a, "%lld", (long long)four(r));
        for (int k = 0; k < NCOLS; k++)
            row[k + 2] = arena_printf(c->a, "%lld", (long long)count_of(r, cols[k].bucket));
        row[ncols - 1] = rate_text(c, r);
    }
    const char *title =
        arena_printf(c->a, _("Báo cáo theo dõi thực hiện nhiệm vụ từ %s đến %s (tính đến %s)"),
                     web_date_vn(c, f->from), web_date_vn(c, f->to),
                     web_date_vn(c, f->asof ? f->asof : fu_today(c)));
    export_table(c, "xlsx", "bao-cao-theo-doi-nhiem-vu", title, ncols, headers, n + 1, cells);
}

void fu_h_report(ctx *c)
{
    fu_filter f;
    const char *bucket;
    if (!fu_query_filter(c, &f, &bucket, false))
        return;
    if (!f.asof)
        f.asof = fu_today(c);
    fu_count *rows, total;
    web_err e = {0};
    int n = followup_report(c, &f, &rows, &total, &e);
    if (n < 0) {
        web_err_respond(c, &e);
        return;
    }
    const char *format = req_query(c->rq, "format");
    if (format && strcmp(format, "xlsx") == 0) {
        report_xlsx(c, &f, rows, n, &total);
        return;
    }
    page_begin(c, _("Báo cáo theo dõi thực hiện nhiệm vụ"), "followup");
    html_printf(B(c),
                "<form method=\"get\" action=\"/followup/report\" class=\"table-tools no-print "
                "fu-report-form\"><label>%s <select name=\"by\">",
                _("Tổng hợp theo"));
    static const char *const by_labels[] = {N_("Đơn vị"), N_("Lãnh đạo kết luận"), N_("Tháng")};
    for (int i = 0; by_codes[i]; i++)
        html_printf(B(c), "<option value=\"%s\"%s>%s</option>", by_codes[i],
                    strcmp(f.by, by_codes[i]) == 0 ? " selected" : "", _(by_labels[i]));
    html_printf(B(c),
                "</select></label> <label>%s <input type=\"date\" name=\"from\" value=\"%s\">"
                "</label> <label>%s <input type=\"date\" name=\"to\" value=\"%s\"></label> "
                "<label>%s <input type=\"date\" name=\"asof\" value=\"%s\"></label> "
                "<button>%s</button></form>",
                _("Từ ngày"), f.from, _("Đến ngày"), f.to, _("Tính đến ngày"), f.asof, _("Xem"));
    html_printf(B(c),
                "<p class=\"fu-rate\">%s <strong id=\"fu-rate\">%s</strong> <small>(%s)</small>"
                "</p>",
                _("Tỷ lệ hoàn thành:"), rate_text(c, &total),
                _("đã hoàn thành ÷ (đã hoàn thành + quá hạn chưa hoàn thành)"));
    chart(c, rows, n, &total);
    html_printf(B(c),
                "<p class=\"no-print\"><a id=\"fu-xlsx\" href=\"/followup/report?%s&amp;by=%s&amp;"
                "format=xlsx\">%s</a></p>",
                fu_filter_query(c, &f, "all"), f.by, _("Tải Excel (.xlsx)"));
    html_printf(B(c),
                "<div class=\"table-wrap\"><table id=\"fu-report\"><thead><tr><th>%s</th>"
                "<th>%s</th>",
                strcmp(f.by, "leader") == 0  ? _("Lãnh đạo kết luận")
                : strcmp(f.by, "month") == 0 ? _("Tháng")
                                             : _("Đơn vị chủ trì"),
                _("Tổng số (4 nhóm)"));
    for (int k = 0; k < NCOLS; k++)
        html_printf(B(c), "<th>%s</th>", _(cols[k].label));
    html_printf(B(c), "<th>%s</th></tr></thead><tbody>", _("Tỷ lệ"));
    for (int i = 0; i < n; i++)
        report_row(c, &f, &rows[i], rows[i].name, false);
    report_row(c, &f, &total, _("Tổng cộng"), true);
    html_raw(B(c), "</tbody></table></div>");
    page_end(c);
}

/* ---- the overdue list ------------------------------------------------------------------ */

static void short_list(ctx *c, const char *title, const char *id, fu_filter *f)
{
    fu_task *rows;
    int64_t total;
    web_err e = {0};
    f->limit = 100;
    int n = followup_list(c, f, &rows, &total, &e);
    html_printf(B(c), "<section class=\"panel\" id=\"%s\"><h2>%s (%s)</h2>", id, title,
                web_number(c, total < 0 ? 0 : total));
    html_printf(B(c),
                "<div class=\"table-wrap\"><table><thead><tr><th>%s</th><th>%s</th><th>%s</th>"
                "<th>%s</th></tr></thead><tbody>",
                _("Số"), _("Nội dung nhiệm vụ"), _("Đơn vị chủ trì"), _("Hạn hoàn thành"));
    for (int i = 0; i < n; i++)
        html_printf(B(c),
                    "<tr><td class=\"num\">%lld</td><td><a href=\"/followup/%lld\">%s</a></td>"
                    "<td>%s</td><td class=\"date\">%s</td></tr>",
                    (long long)rows[i].id, (long long)rows[i].id, rows[i].content,
                    rows[i].lead_unit_name, web_date_vn(c, rows[i].due_date));
    if (n <= 0)
        html_printf(B(c), "<tr><td colspan=\"4\">%s</td></tr>", _("Không có nhiệm vụ nào."));
    html_raw(B(c), "</tbody></table></div></section>");
}

void fu_h_overdue(ctx *c)
{
    page_begin(c, _("Nhiệm vụ quá hạn, sắp đến hạn"), "followup");
    fu_filter f = {
        .from = PARAM_DATE_MIN, .to = PARAM_DATE_MAX, .mask = followup_bucket_mask("overdue")};
    short_list(c, _("Quá hạn chưa hoàn thành"), "fu-overdue", &f);
    char until[11];
    if (workdays_add(c->db, fu_today(c), FU_DUE_SOON_DAYS, until) == 0) {
        fu_filter g = {.from = PARAM_DATE_MIN,
                       .to = PARAM_DATE_MAX,
                       .mask = followup_bucket_mask("in_time"),
                       .due_until = until};
        short_list(c, arena_printf(c->a, _("Đến hạn trong %d ngày làm việc"), FU_DUE_SOON_DAYS),
                   "fu-due-soon", &g);
    }
    fu_task *og;
    int n = followup_ongoing_unreported(c, 100, &og);
    if (n > 0) {
        html_printf(B(c), "<section class=\"panel\" id=\"fu-ongoing\"><h2>%s (%d)</h2><ul>",
                    _("Nhiệm vụ thường xuyên chưa báo cáo định kỳ"), n);
        for (int i = 0; i < n; i++)
            html_printf(B(c), "<li><a href=\"/followup/%lld\">%s</a> — %s</li>",
                        (long long)og[i].id, og[i].content, og[i].lead_unit_name);
        html_raw(B(c), "</ul></section>");
    }
    page_end(c);
}

/* On a document's page (places "out.dossier", "in.dossier"): the tasks given from it, and for
 * whoever assigns, "Giao nhiệm vụ từ văn bản này" (an issued outgoing document, or incoming). */
void fu_doc_section(ctx *c, const char *place, int64_t doc_id)
{
    if (!c->user)
        return;
    bool out = strncmp(place, "out", 3) == 0;
    fu_task *rows;
    int n = followup_of_source(c, out ? "outgoing" : "incoming", doc_id, 50, &rows);
    bool may = followup_may_assign(c);
    if (!n && !may)
        return;
    html_printf(B(c), "<section class=\"panel no-print\" id=\"fu-doc\"><h2>%s</h2>",
                _("Theo dõi nhiệm vụ"));
    if (n) {
        html_raw(B(c), "<ul class=\"links\">");
        for (int i = 0; i < n; i++) {
            html_printf(B(c), "<li><a href=\"/followup/%lld\">%s%s%s</a> — %s, ",
                        (long long)rows[i].id, rows[i].source_clause ? rows[i].source_clause : "",
                        rows[i].source_clause && *rows[i].source_clause ? ": " : "",
                        rows[i].content, rows[i].lead_unit_name);
            fu_status_mark(c, rows[i].status, rows[i].completed_on && !rows[i].confirmed_on);
            html_raw(B(c), "</li>");
        }
        html_raw(B(c), "</ul>");
    }
    if (may)
        html_printf(B(c), "<p><a class=\"button\" href=\"/followup/new?%s=%lld\">%s</a></p>",
                    out ? "outgoing" : "incoming", (long long)doc_id,
                    _("Giao nhiệm vụ từ văn bản này"));
    html_raw(B(c), "</section>");
}

/* On a programme item's page: the tasks given from it. */
void fu_item_section(ctx *c, const char *place, int64_t item_id)
{
    (void)place;
    if (!c->user)
        return;
    fu_task *rows;
    int n = followup_of_source(c, "programme_item", item_id, 50, &rows);
    if (n <= 0)
        return;
    html_printf(B(c), "<section class=\"panel\" id=\"item-tasks\"><h2>%s</h2><ul class=\"links\">",
                _("Theo dõi nhiệm vụ"));
    for (int i = 0; i < n; i++) {
        html_printf(B(c), "<li><a href=\"/followup/%lld\">%s</a> — %s, ", (long long)rows[i].id,
                    rows[i].content, rows[i].lead_unit_name);
        fu_status_mark(c, rows[i].status, rows[i].completed_on && !rows[i].confirmed_on);
        html_raw(B(c), "</li>");
    }
    html_raw(B(c), "</ul></section>");
}

void fu_home_section(ctx *c)
{
    if (!c->user || c->user->role == ROLE_ADMIN)
        return;
    /* One pass (the report's counting) for both numbers; the links list the same tasks. */
    fu_filter f = {.from = PARAM_DATE_MIN, .to = PARAM_DATE_MAX, .by = "unit"};
    fu_count *rows, total;
    web_err e = {0};
    if (followup_report(c, &f, &rows, &total, &e) < 0)
        return;
    int64_t overdue = total.n[FU_OVERDUE], open = total.n[FU_IN_TIME] + total.n[FU_OVERDUE];
    if (!open)
        return;
    html_printf(B(c),
                "<section class=\"panel\" id=\"home-followup\"><h2>%s</h2><p><a "
                "href=\"/followup?bucket=open\">%s: %s</a> · <a href=\"/followup/overdue\">%s: "
                "%s</a></p></section>",
                followup_may_assign(c) ? _("Theo dõi nhiệm vụ") : _("Nhiệm vụ được giao"),
                _("Chưa hoàn thành"), web_number(c, open), _("Quá hạn"), web_number(c, overdue));
}
