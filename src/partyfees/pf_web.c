/* Pages of đảng phí: an organisation's month (record payments, submit the report), a member's
 * year (dues, exemptions), the report aggregated up the tree with the transfers, the rate
 * tables. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "http/router.h"
#include "members/members.h"
#include "org/org.h"
#include "partyfees/partyfees.h"
#include "partyfees/pf_impl.h"
#include "registers/registers.h"
#include "web/errors.h"
#include "web/forms.h"
#include "web/layout.h"
#include "web/params.h"
#include "web/respond.h"

static strbuf *B(ctx *c)
{
    return &c->rs->body;
}

/* The organisation of the page: ?unit=, else the caller's own unit when readable, else the
 * first organisation in scope that has members. */
static int64_t page_unit(ctx *c)
{
    int64_t u = req_param_id(c->rq, "id");
    if (u <= 0)
        u = 0;
    if (!u)
        query_int(c, "unit", 1, INT64_MAX, &u);
    if (u && members_may_read(c, u))
        return u;
    if (c->user && members_may_read(c, c->user->unit_id))
        return c->user->unit_id;
    return 0;
}

static const char *page_month(ctx *c)
{
    const char *m = req_param(c->rq, "month");
    if (!pf_month_valid(m))
        m = req_query(c->rq, "month");
    return pf_month_valid(m) ? m : pf_this_month(c);
}

static void unit_month_form(ctx *c, const char *action, int64_t unit_id, const char *month)
{
    org_choice *u;
    int n = org_choice_units(c, &u);
    html_printf(B(c),
                "<form class=\"filters no-print\" method=\"get\" action=\"%s\"><label "
                "for=\"pf-unit\">%s</label><select id=\"pf-unit\" name=\"unit\">",
                action, _("Tổ chức đảng"));
    for (int i = 0; i < n; i++)
        if (members_may_read(c, u[i].id))
            html_printf(B(c), "<option value=\"%lld\"%s>%s</option>", (long long)u[i].id,
                        u[i].id == unit_id ? " selected" : "", u[i].name);
    html_printf(B(c),
                "</select><label for=\"pf-month\">%s</label><input type=\"month\" "
                "id=\"pf-month\" name=\"month\" value=\"%s\"><button>%s</button></form>",
                _("Tháng"), month, _("Xem"));
}

static void h_sheet(ctx *c)
{
    if (!members_may_read(c, 0)) {
        respond_forbidden(c);
        return;
    }
    int64_t unit_id = page_unit(c);
    const char *month = page_month(c);
    const char *format = req_query(c->rq, "format");
    if (unit_id && format && strcmp(format, "xlsx") == 0) {
        pf_sheet sh;
        web_err e = {0};
        int n = pf_sheet_get(c, unit_id, month, &sh, &e);
        if (n < 0) {
            web_err_respond(c, &e);
            return;
        }
        const char *headers[] = {_("Đảng viên"),  _("Đối tượng"), _("Phải nộp (đ)"),
                                 _("Đã nộp (đ)"), _("Hình thức"), _("Ghi chú")};
        const char **cells = arena_alloc(c->a, sizeof *cells * 6 * (size_t)(n + 1));
        for (int i = 0; i < n; i++) {
            const char **r = cells + (size_t)i * 6;
            pf_line *l = &sh.lines[i];
            r[0] = l->full_name;
            r[1] = member_fee_category_label(l->fee_category);
            r[2] = arena_printf(c->a, "%lld", (long long)l->due);
            r[3] = arena_printf(c->a, "%lld", (long long)l->paid);
            r[4] = pf_channel_label(l->channel);
            r[5] = l->reduction >= 100 ? _("Miễn")
                   : l->reduction      ? arena_printf(c->a, _("Giảm %d%%"), l->reduction)
                                       : "";
        }
        export_table(
            c, "xlsx", arena_printf(c->a, "dang-phi-%s", month),
            arena_printf(c->a, "%s — %s %s", sh.unit_name, _("tháng"), pf_month_out(c, month)), 6,
            headers, n, cells);
        return;
    }
    page_begin(c, _("Đảng phí"), "partyfees");
    unit_month_form(c, "/partyfees", unit_id, month);
    html_printf(B(c),
                "<p class=\"no-print\"><a href=\"/partyfees/report?unit=%lld&amp;month=%s\">%s"
                "</a> · <a href=\"/members?unit=%lld\">%s</a> · <a href=\"/partyfees/rates\">%s"
                "</a> · <a id=\"pf-xlsx\" href=\"/partyfees?unit=%lld&amp;month=%s&amp;"
                "format=xlsx\">%s</a> · <button type=\"button\" data-print>%s"
                "</button></p>",
                (long long)unit_id, month, _("Báo cáo tổng hợp theo cấp"), (long long)unit_id,
                _("Danh sách đảng viên"), _("Bảng mức đóng"), (long long)unit_id, month,
                _("Tải Excel (.xlsx)"), _("In"));
    if (!unit_id) {
        html_printf(B(c), "<p class=\"empty\">%s</p>", _("Chọn tổ chức đảng."));
        page_end(c);
        return;
    }
    pf_sheet sh;
    web_err e = {0};
    int n = pf_sheet_get(c, unit_id, month, &sh, &e);
    if (n < 0) {
        page_alert(c, "error", web_err_message(&e));
        page_end(c);
        return;
    }
    html_printf(B(c), "<h2>%s — %s %s</h2>", sh.unit_name, _("tháng"), pf_month_out(c, month));
    if (sh.closed)
        html_printf(B(c), "<p class=\"alert ok\" id=\"pf-closed\">%s</p>",
                    _("Đã gửi báo cáo tháng này; sổ đã khóa."));
    bool w = members_may_write(c, unit_id) && !sh.closed;
    html_printf(B(c),
                "<div class=\"table-wrap\"><table id=\"pf-sheet\" class=\"cards\"><thead><tr>"
                "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>",
                _("Đảng viên"), _("Đối tượng"), _("Phải nộp (đ)"), _("Đã nộp (đ)"), _("Hình thức"),
                _("Ghi chú"));
    if (w)
        html_printf(B(c), "<th>%s</th>", _("Ghi nộp"));
    html_raw(B(c), "</tr></thead><tbody>");
    for (int i = 0; i < n; i++) {
        pf_line *l = &sh.lines[i];
        const char *note = l->reduction >= 100 ? _("Miễn")
                           : l->reduction      ? arena_printf(c->a, _("Giảm %d%%"), l->reduction)
                                               : "";
        if (l->flagged)
            note = arena_printf(c->a, _("%s Chưa nộp %d tháng trong năm"), note, l->unpaid_months);
        html_printf(
            B(c),
            "<tr class=\"%s\"><td data-label=\"%s\"><a href=\"/partyfees/members/%lld\">%s</a></td>"
            "<td data-label=\"%s\">%s</td><td data-label=\"%s\" class=\"num\">%s</td>"
            "<td data-label=\"%s\" class=\"num\">%s</td><td data-label=\"%s\">%s</td>"
            "<td data-label=\"%s\">%s</td>",
            l->flagged ? "flagged" : "", _("Đảng viên"), (long long)l->member_id, l->full_name,
            _("Đối tượng"), member_fee_category_label(l->fee_category), _("Phải nộp (đ)"),
            pf_money(c, l->due), _("Đã nộp (đ)"), pf_money(c, l->paid), _("Hình thức"),
            pf_channel_label(l->channel), _("Ghi chú"), note);
        if (w) {
            html_printf(B(c),
                        "<td data-label=\"%s\"><form method=\"post\" action=\"/partyfees/pay\" "
                        "class=\"inline pf-pay\"><input type=\"hidden\" name=\"member_id\" "
                        "value=\"%lld\"><input type=\"hidden\" name=\"month\" value=\"%s\">"
                        "<input type=\"hidden\" name=\"unit\" value=\"%lld\"><input "
                        "name=\"amount\" inputmode=\"numeric\" aria-label=\"%s\" value=\"%lld\" "
                        "size=\"9\"><select name=\"channel\" aria-label=\"%s\"><option "
                        "value=\"TIEN_MAT\">%s</option><option value=\"DVCQG\">%s</option>"
                        "</select><input type=\"hidden\" name=\"paid_on\" value=\"%s\">",
                        _("Ghi nộp"), (long long)l->member_id, month, (long long)unit_id,
                        _("Số tiền (đồng)"), (long long)(l->paid ? l->paid : l->due),
                        _("Hình thức nộp"), _("Tiền mặt"), _("Cổng DVCQG"),
                        arena_printf(c->a, "%s-%s", month,
                                     strcmp(month, pf_this_month(c)) == 0 ? "01" : "28"));
            form_csrf(c);
            html_printf(B(c), "<button>%s</button></form></td>", _("Ghi"));
        }
        html_raw(B(c), "</tr>");
    }
    if (n == 0)
        html_printf(B(c), "<tr><td colspan=\"7\" class=\"empty\">%s</td></tr>",
                    _("Tổ chức đảng chưa có đảng viên."));
    html_printf(B(c),
                "</tbody></table></div><dl class=\"facts\" id=\"pf-totals\"><dt>%s</dt><dd>%d</dd>"
                "<dt>%s</dt><dd>%d</dd><dt>%s</dt><dd>%d</dd><dt>%s</dt><dd>%s đ</dd><dt>%s</dt>"
                "<dd>%s đ</dd><dt>%s</dt><dd id=\"pf-abroad\">%d (%s đ / %s đ)</dd></dl>",
                _("Số đảng viên"), sh.members, _("Đã nộp đủ"), sh.paid_members, _("Được miễn"),
                sh.exempt_members, _("Tổng phải nộp"), pf_money(c, sh.due_total), _("Tổng đã nộp"),
                pf_money(c, sh.paid_total), _("Đảng viên ở nước ngoài (phải nộp / đã nộp)"),
                sh.abroad_members, pf_money(c, sh.abroad_due), pf_money(c, sh.abroad_paid));
    if (w) {
        html_printf(B(c),
                    "<form method=\"post\" action=\"/partyfees/submit\" class=\"no-print\" "
                    "data-confirm=\"%s\"><input type=\"hidden\" name=\"unit_id\" value=\"%lld\">"
                    "<input type=\"hidden\" name=\"month\" value=\"%s\">",
                    _("Gửi báo cáo và khóa sổ tháng này? Sau đó không ghi thêm khoản nộp."),
                    (long long)unit_id, month);
        form_csrf(c);
        html_printf(B(c), "<button id=\"pf-submit\">%s</button></form>",
                    _("Gửi báo cáo tháng và khóa sổ"));
    }
    if (members_may_write(c, unit_id)) {
        const char *key = "/partyfees/import";
        html_printf(B(c),
                    "<section class=\"panel no-print\"><h2>%s</h2><p>%s</p><form class=\"form\" "
                    "method=\"post\" action=\"/partyfees/import\" "
                    "enctype=\"multipart/form-data\"><input type=\"hidden\" name=\"unit\" "
                    "value=\"%lld\">",
                    _("Nhập khoản nộp từ bảng tính"),
                    _("Tệp Excel (.xlsx) hoặc CSV, dòng tiêu đề: member_id, thang, so_tien, "
                      "hinh_thuc (DVCQG hoặc TIEN_MAT), ngay_nop. Có dòng sai thì không dòng nào "
                      "được ghi."),
                    (long long)unit_id);
        html_printf(B(c),
                    "<p><a id=\"pf-template\" href=\"/partyfees/import/template.xlsx\">%s</a>"
                    "</p>",
                    _("Tải tệp mẫu (.xlsx)"));
        form_csrf(c);
        form_field_html(
            c, key,
            &(form_field){.name = "file", .label = _("Tệp Excel hoặc CSV"), .type = "file"});
        form_field_html(
            c, key,
            &(form_field){
                .name = "csv", .label = _("Hoặc dán nội dung CSV"), .type = "textarea", .rows = 3});
        html_printf(B(c), "<div class=\"actions\"><button>%s</button></div></form></section>",
                    _("Nhập khoản nộp"));
    }
    page_end(c);
}

static const char *back_to_sheet(ctx *c)
{
    const char *m = req_form(c->rq, "month");
    int64_t u = form_id(c, "unit");
    if (!u)
        u = form_id(c, "unit_id");
    /* a path, not a query: a refused form is kept for the page at exactly this path */
    return arena_printf(c->a, "/partyfees/units/%lld/%s", (long long)u,
                        pf_month_valid(m) ? m : pf_this_month(c));
}

static void h_pay(ctx *c)
{
    web_err e = {0};
    int64_t amount = -1;
    /* a malformed amount is the service's message: a whole, non-negative number of đồng */
    if (form_int(c, "amount", 0, 1000000000, &amount) != PARAM_OK)
        amount = -1;
    int rc = pf_pay(c, form_id(c, "member_id"), req_form(c->rq, "month"), amount,
                    req_form(c->rq, "channel"), req_form(c->rq, "paid_on"), &e);
    web_after_post(c, back_to_sheet(c), rc, &e, _("Đã ghi khoản nộp đảng phí."));
}

static void h_submit(ctx *c)
{
    web_err e = {0};
    int rc = pf_submit(c, form_id(c, "unit_id"), req_form(c->rq, "month"), &e);
    web_after_post(c, back_to_sheet(c), rc, &e, _("Đã gửi báo cáo đảng phí tháng; sổ đã khóa."));
}

static void h_import(ctx *c)
{
    web_err e = {0};
    const char *csv = req_form(c->rq, "csv");
    size_t len = csv ? strlen(csv) : 0;
    const http_upload *u = req_upload(c->rq, "file");
    if (u && u->size > 0 && u->size <= 8 * 1024 * 1024) {
        FILE *f = fopen(u->tmp_path, "rb");
        if (f) {
            char *buf = arena_alloc(c->a, (size_t)u->size + 1);
            len = fread(buf, 1, (size_t)u->size, f);
            fclose(f);
            csv = buf;
        }
    }
    int n = -1;
    if (u && u->size > 8 * 1024 * 1024) /* said plainly, not as a file without a header */
        web_err_add(&e, 400, "invalid_input", "file", _("Bảng tính quá lớn (tối đa 8 MB)."));
    else
        n = pf_import_payments_file(c, csv ? csv : "", len, &e);
    web_after_post(c, back_to_sheet(c), n < 0 ? -1 : 0, &e,
                   n < 0 ? NULL : arena_printf(c->a, _("Đã ghi %d khoản nộp."), n));
}

/* The payment import template: a title row, the header the import expects, an example. */
static void h_template(ctx *c)
{
    if (!members_may_read(c, 0)) {
        respond_forbidden(c);
        return;
    }
    static const char *const headers[] = {"member_id", "thang", "so_tien", "hinh_thuc", "ngay_nop"};
    const char *row[] = {"1", "2026-03", "85000", "DVCQG", "2026-03-05"};
    export_table(c, "xlsx", "mau-nhap-khoan-nop",
                 _("Mẫu nhập khoản nộp đảng phí (member_id: mã đảng viên trong hệ thống)"), 5,
                 headers, 1, row);
}

static void h_member(ctx *c)
{
    const member *m = members_get(c, req_param_id(c->rq, "id"));
    if (!m) {
        respond_not_found(c);
        return;
    }
    char year[8];
    snprintf(year, sizeof year, "%.4s", pf_this_month(c));
    int64_t y = atoi(year);
    query_int(c, "year", 1930, 2099, &y);
    page_begin(c, arena_printf(c->a, "%s — %s", _("Đảng phí"), m->full_name), "partyfees");
    html_printf(B(c), "<p>%s: %s · %s</p>", _("Tổ chức đảng"), m->unit_name,
                member_fee_category_label(m->fee_category));
    html_printf(B(c),
                "<div class=\"table-wrap\"><table id=\"pf-year\" class=\"cards\"><thead><tr>"
                "<th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
                _("Tháng"), _("Phải nộp (đ)"), _("Đã nộp (đ)"), _("Ghi chú"));
    for (int mo = 1; mo <= 12; mo++) {
        const char *month = arena_printf(c->a, "%04lld-%02d", (long long)y, mo);
        if (strcmp(month, pf_this_month(c)) > 0)
            break;
        pf_sheet sh;
        web_err e = {0};
        int n = pf_sheet_get(c, m->unit_id, month, &sh, &e);
        for (int i = 0; i < n; i++)
            if (sh.lines[i].member_id == m->id)
                html_printf(B(c),
                            "<tr><td data-label=\"%s\">%s</td><td data-label=\"%s\" "
                            "class=\"num\">%s</td><td data-label=\"%s\" class=\"num\">%s</td>"
                            "<td data-label=\"%s\">%s</td></tr>",
                            _("Tháng"), pf_month_out(c, month), _("Phải nộp (đ)"),
                            pf_money(c, sh.lines[i].due), _("Đã nộp (đ)"),
                            pf_money(c, sh.lines[i].paid), _("Ghi chú"),
                            sh.lines[i].reduction >= 100 ? _("Miễn")
                            : sh.lines[i].reduction
                                ? arena_printf(c->a, _("Giảm %d%%"), sh.lines[i].reduction)
                                : "");
    }
    html_raw(B(c), "</tbody></table></div>");
    pf_exemption *x;
    int nx = pf_exemptions(c, m->id, &x);
    html_printf(B(c),
                "<h2>%s</h2><div class=\"table-wrap\"><table id=\"pf-exemptions\"><thead><tr>"
                "<th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
                _("Miễn, giảm đảng phí"), _("Mức"), _("Từ tháng"), _("Đến tháng"), _("Quyết định"));
    for (int i = 0; i < nx; i++)
        html_printf(B(c), "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>",
                    x[i].pct >= 100 ? _("Miễn") : arena_printf(c->a, _("Giảm %d%%"), x[i].pct),
                    pf_month_out(c, x[i].from_month), pf_month_out(c, x[i].to_month),
                    x[i].decision);
    if (nx == 0)
        html_printf(B(c), "<tr><td colspan=\"4\" class=\"empty\">%s</td></tr>",
                    _("Không có quyết định miễn, giảm."));
    html_raw(B(c), "</tbody></table></div>");
    if (members_may_write(c, m->unit_id)) {
        const char *key = arena_printf(c->a, "/partyfees/members/%lld/exempt", (long long)m->id);
        html_printf(B(c),
                    "<section class=\"panel no-print\"><h2>%s</h2><form class=\"form\" "
                    "method=\"post\" action=\"%s\" id=\"exempt-form\"><div class=\"field%s\">"
                    "<label for=\"f-reduction_pct\">%s</label><select id=\"f-reduction_pct\" "
                    "name=\"reduction_pct\"",
                    _("Miễn, giảm đảng phí"), key,
                    form_err(c, key, "reduction_pct") ? " has-error" : "", _("Mức"));
        form_aria_html(c, key, "reduction_pct", "f-reduction_pct");
        html_raw(B(c), ">");
        static const int pcts[] = {30, 50, 70, 100};
        /* A refused form that did not carry the field gives NULL (a hand-made POST). */
        const char *sel = form_val(c, key, "reduction_pct", "50");
        int cur = sel ? atoi(sel) : 50;
        for (int i = 0; i < 4; i++)
            html_printf(B(c), "<option value=\"%d\"%s>%s</option>", pcts[i],
                        cur == pcts[i] ? " selected" : "",
                        pcts[i] == 100 ? _("Miễn") : arena_printf(c->a, _("Giảm %d%%"), pcts[i]));
        html_raw(B(c), "</select>");
        form_err_html(c, key, "reduction_pct", "f-reduction_pct");
        html_raw(B(c), "</div>");
        form_csrf(c);
        form_field_html(
            c, key,
            &(form_field){
                .name = "from_month", .label = _("Từ tháng"), .type = "month", .required = true});
        form_field_html(
            c, key,
            &(form_field){
                .name = "to_month", .label = _("Đến tháng"), .type = "month", .required = true});
        form_field_html(c, key,
                        &(form_field){.name = "decision",
                                      .label = _("Quyết định miễn, giảm (số, ngày)"),
                                      .required = true});
        form_field_html(c, key, &(form_field){.name = "reason", .label = _("Lý do")});
        html_printf(B(c), "<div class=\"actions\"><button>%s</button></div></form></section>",
                    _("Ghi miễn, giảm"));
    }
    html_printf(B(c), "<p><a href=\"/partyfees?unit=%lld\">%s</a></p>", (long long)m->unit_id,
                _("Về sổ đảng phí"));
    page_end(c);
}

static void h_exempt(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    web_err e = {0};
    int64_t pct = 0;
    form_range(c, "reduction_pct", 0, 100, &pct, &e);
    int64_t r =
        e.n ? -1
            : pf_exempt(c, id, (int)pct, req_form(c->rq, "from_month"), req_form(c->rq, "to_month"),
                        req_form(c->rq, "decision"), req_form(c->rq, "reason"), &e);
    web_after_post(c, arena_printf(c->a, "/partyfees/members/%lld", (long long)id), r < 0 ? -1 : 0,
                   &e, _("Đã ghi miễn, giảm đảng phí."));
}

void pf_web_routes(void)
{
    route_add("GET", "/partyfees", h_sheet, 0);
    route_add("GET", "/partyfees/units/{id}/{month}", h_sheet, 0);
    route_add("POST", "/partyfees/pay", h_pay, 0);
    route_add("POST", "/partyfees/submit", h_submit, 0);
    route_add("POST", "/partyfees/import", h_import, 0);
    route_add("GET", "/partyfees/import/template.xlsx", h_template, 0);
    route_add("GET", "/partyfees/members/{id}", h_member, 0);
    route_add("POST", "/partyfees/members/{id}/exempt", h_exempt, 0);
}
