/* Pages of the budget: the list of estimates and settlements of a year with the budget
 * calendar and the forms to start one, a budget's page (amounts by line, its way to approval,
 * the spending against it), and their xlsx. The report is in budget_web_report.c. */
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
#include "web/forms.h"
#include "web/layout.h"
#include "web/params.h"
#include "web/respond.h"

#define B(c) (&(c)->rs->body)

const char *bw_money(ctx *c, int64_t v)
{
    return web_number(c, v);
}

void bw_subnav(ctx *c, int year, const char *here)
{
    html_printf(
        B(c),
        "<nav class=\"subnav no-print\"><a href=\"/budget?year=%d\" aria-current=\"%s\">%s</a> "
        "<a href=\"/budget/report?year=%d\" aria-current=\"%s\">%s</a> <a href=\"/budget/lines\" "
        "aria-current=\"%s\">%s</a></nav>",
        year, strcmp(here, "list") == 0 ? "page" : "false", _("Dự toán, quyết toán"), year,
        strcmp(here, "report") == 0 ? "page" : "false", _("Báo cáo tài chính năm"),
        strcmp(here, "lines") == 0 ? "page" : "false", _("Danh mục mục chi, thu"));
}

/* The organisations whose books the caller keeps, as a <select>. */
static int unit_select(ctx *c, const char *key, const char *id)
{
    org_choice *u;
    int n = org_choice_units(c, &u), shown = 0;
    const char *v = form_val(c, key, "unit_id", NULL);
    html_printf(B(c),
                "<div class=\"field%s\"><label for=\"%s\">%s</label><select id=\"%s\" "
                "name=\"unit_id\"",
                form_err(c, key, "unit_id") ? " has-error" : "", id, _("Tổ chức đảng"), id);
    form_aria_html(c, key, "unit_id", id);
    html_raw(B(c), ">");
    for (int i = 0; i < n; i++) {
        if (!budget_may_enter(c, u[i].id))
            continue;
        const char *sid = arena_printf(c->a, "%lld", (long long)u[i].id);
        html_printf(B(c), "<option value=\"%s\"%s>%s</option>", sid,
                    v && strcmp(v, sid) == 0 ? " selected" : "", u[i].name);
        shown++;
    }
    html_raw(B(c), "</select>");
    form_err_html(c, key, "unit_id", id);
    html_raw(B(c), "</div>");
    return shown;
}

static void year_field(ctx *c, const char *key, const char *id, int year)
{
    const char *v = form_val(c, key, "year", arena_printf(c->a, "%d", year));
    v = v ? v : ""; /* a refused form without the field (a hand-made POST) */
    html_printf(B(c),
                "<div class=\"field%s\"><label for=\"%s\">%s</label><input id=\"%s\" "
                "name=\"year\" type=\"number\" min=\"2000\" max=\"2099\" value=\"%s\"",
                form_err(c, key, "year") ? " has-error" : "", id, _("Năm ngân sách"), id, v);
    form_aria_html(c, key, "year", id);
    html_raw(B(c), ">");
    form_err_html(c, key, "year", id);
    html_raw(B(c), "</div>");
}

static void list_xlsx(ctx *c, int year, const budget *v, int n)
{
    static const char *headers[6];
    headers[0] = _("Tổ chức đảng");
    headers[1] = _("Loại");
    headers[2] = _("Phiên bản");
    headers[3] = _("Tổng số (đồng)");
    headers[4] = _("Trạng thái");
    headers[5] = _("Quyết định");
    const char **cells = arena_alloc(c->a, sizeof *cells * 6 * (size_t)(n ? n : 1));
    for (int i = 0; i < n; i++) {
        const char **r = cells + i * 6;
        r[0] = v[i].unit_name;
        r[1] = budget_kind_label(v[i].kind);
        r[2] = arena_printf(c->a, "%d", v[i].version);
        r[3] = arena_printf(c->a, "%lld", (long long)v[i].total);
        r[4] = budget_status_label(v[i].status);
        r[5] = v[i].outgoing_notation ? v[i].outgoing_notation : "";
    }
    export_table(c, "xlsx", arena_printf(c->a, "du-toan-quyet-toan-%d", year),
                 arena_printf(c->a, _("Dự toán, quyết toán năm %d"), year), 6, headers, n, cells);
}

static void h_list(ctx *c)
{
    int64_t year = atoi(web_today(c));
    query_int(c, "year", 2000, 2099, &year);
    budget *v;
    int n = budget_list(c, (int)year, 0, &v);
    const char *fmt = req_query(c->rq, "format");
    if (fmt && strcmp(fmt, "xlsx") == 0) {
        list_xlsx(c, (int)year, v, n > 0 ? n : 0);
        return;
    }
    page_begin(c, _("Ngân sách đảng"), "budget");
    bw_subnav(c, (int)year, "list");
    const char *est_due, *settle_due;
    budget_calendar(c, (int)year, &est_due, &settle_due);
    html_printf(B(c),
                "<form method=\"get\" action=\"/budget\" class=\"table-tools no-print\"><label>%s "
                "<input type=\"number\" name=\"year\" value=\"%d\" min=\"2000\" max=\"2099\">"
                "</label> <button>%s</button> <a id=\"budget-xlsx\" href=\"/budget?year=%d&amp;"
                "format=xlsx\">%s</a> <button type=\"button\" data-print>%s</button></form>",
                _("Năm"), (int)year, _("Xem"), (int)year, _("Tải Excel (.xlsx)"), _("In"));
    html_printf(B(c),
                "<p class=\"budget-calendar\" id=\"budget-calendar\">%s <strong>%s</strong>; %s "
                "<strong>%s</strong>. <small>%s</small></p>",
                arena_printf(c->a, _("Hạn gửi dự toán năm %d:"), (int)year),
                web_date_vn(c, est_due), _("hạn gửi quyết toán:"), web_date_vn(c, settle_due),
                _("(lịch ngân sách nhà nước làm mặc định, chưa xác minh cho cơ quan đảng)"));
    html_printf(B(c),
                "<div class=\"table-wrap\"><table id=\"budget-list\" class=\"cards\"><thead><tr>"
                "<th>%s</th><th>%s</th><th>%s</th><th class=\"num\">%s</th><th>%s</th><th>%s</th>"
                "</tr></thead><tbody>",
                _("Tổ chức đảng"), _("Loại"), _("Phiên bản"), _("Tổng số (đồng)"), _("Trạng thái"),
                _("Quyết định"));
    for (int i = 0; i < n; i++)
        html_printf(B(c),
                    "<tr><td data-label=\"%s\"><a href=\"/budget/%lld\">%s</a></td><td "
                    "data-label=\"%s\">%s</td><td data-label=\"%s\">%d</td><td data-label=\"%s\" "
                    "class=\"num\">%s</td><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s"
                    "</td></tr>",
                    _("Tổ chức đảng"), (long long)v[i].id, v[i].unit_name, _("Loại"),
                    budget_kind_label(v[i].kind), _("Phiên bản"), v[i].version, _("Tổng số (đồng)"),
                    bw_money(c, v[i].total), _("Trạng thái"), budget_status_label(v[i].status),
                    _("Quyết định"), v[i].outgoing_notation ? v[i].outgoing_notation : "");
    if (n <= 0)
        html_printf(B(c), "<tr><td colspan=\"6\">%s</td></tr>", _("Chưa có dự toán nào."));
    html_raw(B(c), "</tbody></table></div>");

    /* The forms, for the office that keeps the books. */
    org_choice *u;
    int nu = org_choice_units(c, &u), mine = 0;
    for (int i = 0; i < nu; i++)
        mine += budget_may_enter(c, u[i].id);
    if (mine > 0) {
        html_printf(B(c),
                    "<section class=\"no-print budget-forms\"><h2>%s</h2><form method=\"post\" "
                    "action=\"/budget\" id=\"budget-new\">",
                    _("Lập dự toán"));
        form_csrf(c);
        unit_select(c, "/budget", "new-unit");
        year_field(c, "/budget", "new-year", (int)year + 1);
        html_printf(B(c), "<button>%s</button></form><h2>%s</h2>", _("Lập dự toán"),
                    _("Lập quyết toán"));
        html_raw(B(c), "<form method=\"post\" action=\"/budget/settle\" id=\"budget-settle\">");
        form_csrf(c);
        unit_select(c, "/budget/settle", "settle-unit");
        year_field(c, "/budget/settle", "settle-year", (int)year - 1);
        html_printf(B(c), "<p class=\"hint\">%s</p><button>%s</button></form></section>",
                    _("Quyết toán lấy số liệu từ các khoản chi của năm, sau khi năm kết thúc."),
                    _("Lập quyết toán"));
    }
    page_end(c);
}

static void h_create(ctx *c)
{
    web_err e = {0};
    int64_t unit_id = form_id(c, "unit_id"), year = 0;
    form_range(c, "year", 2000, 2099, &year, &e);
    if (!unit_id)
        web_err_add(&e, 400, "invalid_input", "unit_id", _("Chọn tổ chức đảng."));
    int64_t id = e.n ? -1 : budget_create_estimate(c, unit_id, (int)year, NULL, NULL, 0, NULL, &e);
    web_after_post(c, id > 0 ? arena_printf(c->a, "/budget/%lld", (long long)id) : "/budget",
                   id > 0 ? 0 : -1, &e, _("Đã lập dự thảo dự toán: hãy nhập số tiền các mục chi."));
}

static void h_settle(ctx *c)
{
    web_err e = {0};
    int64_t unit_id = form_id(c, "unit_id"), year = 0;
    form_range(c, "year", 2000, 2099, &year, &e);
    if (!unit_id)
        web_err_add(&e, 400, "invalid_input", "unit_id", _("Chọn tổ chức đảng."));
    int64_t id = e.n ? -1 : budget_settle(c, unit_id, (int)year, &e);
    web_after_post(c, id > 0 ? arena_printf(c->a, "/budget/%lld", (long long)id) : "/budget",
                   id > 0 ? 0 : -1, &e, _("Đã lập dự thảo quyết toán từ các khoản chi."));
}

void bw_routes_show(void);

void bw_routes(void)
{
    route_add("GET", "/budget", h_list, 0);
    route_add("POST", "/budget", h_create, 0);
    route_add("POST", "/budget/settle", h_settle, 0);
    bw_routes_show();
}
