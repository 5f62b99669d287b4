/* Pages of đảng phí: the monthly report aggregated up the tree with the transfers, and the
 * rate tables (administrator). */
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "http/router.h"
#include "members/members.h"
#include "org/org.h"
#include "partyfees/partyfees.h"
#include "partyfees/pf_impl.h"
#include "registers/registers.h"
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

/* The rolled-up report as xlsx: the same rows and total as the page. */
static void report_xlsx(ctx *c, const char *unit_name, const char *month, const pf_agg *g, int n)
{
    const char *h[] = {
        _("Tổ chức đảng"), _("Số tổ chức đã báo cáo"), _("Số đảng viên"), _("Đã nộp đủ"),
        _("Được miễn"),    _("Ở nước ngoài"),          _("Phải nộp (đ)"), _("Đã nộp (đ)"),
        _("Giữ lại (đ)"),  _("Nộp cấp trên (đ)")};
    const char **cells = arena_alloc(c->a, sizeof *cells * 10 * (size_t)(n + 1));
    pf_agg t = {0};
    for (int i = 0; i <= n; i++) {
        const pf_agg *a = i < n ? &g[i] : &t;
        const char **r = cells + (size_t)i * 10;
        r[0] = i == n   ? _("Cộng")
               : a->own ? arena_printf(c->a, "%s (%s)", a->name, _("đảng viên trực thuộc"))
                        : a->name;
        r[1] = arena_printf(c->a, "%d/%d", a->units_reported, a->units);
        r[2] = arena_printf(c->a, "%d", a->members);
        r[3] = arena_printf(c->a, "%d", a->paid_members);
        r[4] = arena_printf(c->a, "%d", a->exempt_members);
        r[5] = arena_printf(c->a, "%d", a->abroad_members);
        r[6] = arena_printf(c->a, "%lld", (long long)a->due);
        r[7] = arena_printf(c->a, "%lld", (long long)a->paid);
        r[8] = arena_printf(c->a, "%lld", (long long)a->kept);
        r[9] = arena_printf(c->a, "%lld", (long long)a->passed_up);
        if (i < n) {
            t.units += a->units;
            t.units_reported += a->units_reported;
            t.members += a->members;
            t.paid_members += a->paid_members;
            t.exempt_members += a->exempt_members;
            t.abroad_members += a->abroad_members;
            t.due += a->due;
            t.paid += a->paid;
            t.kept += a->kept;
            t.passed_up += a->passed_up;
        }
    }
    export_table(c, "xlsx", arena_printf(c->a, "bao-cao-dang-phi-%s", month),
                 arena_printf(c->a, _("Báo cáo đảng phí tổng hợp — %s — tháng %s"), unit_name,
                              pf_month_out(c, month)),
                 10, h, n + 1, cells);
}

static void h_report(ctx *c)
{
    int64_t unit_id = req_param_id(c->rq, "id");
    if (unit_id <= 0) {
        unit_id = 0;
        query_int(c, "unit", 1, INT64_MAX, &unit_id);
    }
    if (!unit_id && c->user)
        unit_id = org_scope_anchor(c->db, c->user->unit_id);
    const char *month = req_param(c->rq, "month");
    if (!pf_month_valid(month))
        month = req_query(c->rq, "month");
    if (!pf_month_valid(month))
        month = pf_this_month(c);
    pf_agg *g;
    web_err e = {0};
    int n = pf_tree_report(c, unit_id, month, &g, &e);
    if (n < 0) {
        web_err_respond(c, &e);
        return;
    }
    const unit *u = org_unit_get(c, unit_id);
    const char *format = req_query(c->rq, "format");
    if (format && strcmp(format, "xlsx") == 0) {
        report_xlsx(c, u ? u->name : "", month, g, n);
        return;
    }
    page_begin(c, _("Báo cáo đảng phí tổng hợp"), "partyfees");
    html_printf(
        B(c),
        "<form class=\"filters no-print\" method=\"get\" action=\"/partyfees/report\">"
        "<input type=\"hidden\" name=\"unit\" value=\"%lld\"><label for=\"r-month\">%s"
        "</label><input type=\"month\" id=\"r-month\" name=\"month\" value=\"%s\">"
        "<button>%s</button> <a id=\"pf-report-xlsx\" href=\"/partyfees/report?unit=%lld&amp;"
        "month=%s&amp;format=xlsx\">%s</a> <button type=\"button\" data-print>%s"
        "</button></form>",
        (long long)unit_id, _("Tháng"), month, _("Xem"), (long long)unit_id, month,
        _("Tải Excel (.xlsx)"), _("In"));
    html_printf(B(c), "<h2>%s — %s %s</h2>", u ? u->name : "", _("tháng"), pf_month_out(c, month));
    html_printf(B(c),
                "<div class=\"table-wrap\"><table id=\"pf-report\" class=\"cards\"><thead><tr>"
                "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
                "<th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
                _("Tổ chức đảng"), _("Đã báo cáo"), _("Số đảng viên"), _("Đã nộp đủ"),
                _("Được miễn"), _("Ở nước ngoài"), _("Phải nộp (đ)"), _("Đã nộp (đ)"),
                _("Giữ lại (đ)"), _("Nộp cấp trên (đ)"));
    pf_agg tot = {0};
    for (int i = 0; i < n; i++) {
        const char *name = g[i].own
                               ? arena_printf(c->a, "%s (%s)", g[i].name, _("đảng viên trực thuộc"))
                               : g[i].name;
        const char *link = g[i].own ? arena_printf(c->a, "/partyfees?unit=%lld&month=%s",
                                                   (long long)g[i].unit_id, month)
                                    : arena_printf(c->a, "/partyfees/report?unit=%lld&month=%s",
                                                   (long long)g[i].unit_id, month);
        html_printf(B(c),
                    "<tr><td data-label=\"%s\"><a href=\"%s\">%s</a></td><td data-label=\"%s\">"
                    "%d/%d</td><td data-label=\"%s\" class=\"num\">%d</td><td data-label=\"%s\" "
                    "class=\"num\">%d</td><td data-label=\"%s\" class=\"num\">%d</td><td "
                    "data-label=\"%s\" class=\"num pf-abroad\">%d</td><td "
                    "data-label=\"%s\" class=\"num\">%s</td><td data-label=\"%s\" "
                    "class=\"num\">%s</td><td data-label=\"%s\" class=\"num\">%s</td><td "
                    "data-label=\"%s\" class=\"num\">%s</td></tr>",
                    _("Tổ chức đảng"), link, name, _("Đã báo cáo"), g[i].units_reported, g[i].units,
                    _("Số đảng viên"), g[i].members, _("Đã nộp đủ"), g[i].paid_members,
                    _("Được miễn"), g[i].exempt_members, _("Ở nước ngoài"), g[i].abroad_members,
                    _("Phải nộp (đ)"), pf_money(c, g[i].due), _("Đã nộp (đ)"),
                    pf_money(c, g[i].paid), _("Giữ lại (đ)"), pf_money(c, g[i].kept),
                    _("Nộp cấp trên (đ)"), pf_money(c, g[i].passed_up));
        tot.members += g[i].members;
        tot.paid_members += g[i].paid_members;
        tot.exempt_members += g[i].exempt_members;
        tot.abroad_members += g[i].abroad_members;
        tot.due += g[i].due;
        tot.paid += g[i].paid;
        tot.units += g[i].units;
        tot.units_reported += g[i].units_reported;
        tot.kept += g[i].kept;
        tot.passed_up += g[i].passed_up;
    }
    html_printf(B(c),
                "</tbody><tfoot><tr id=\"pf-report-total\"><th>%s</th><td>%d/%d</td><td "
                "class=\"num\">%d</td><td class=\"num\">%d</td><td class=\"num\">%d</td><td "
                "class=\"num\">%d</td><td "
                "class=\"num\">%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td><td "
                "class=\"num\">%s</td></tr></tfoot></table></div>",
                _("Cộng"), tot.units_reported, tot.units, tot.members, tot.paid_members,
                tot.exempt_members, tot.abroad_members, pf_money(c, tot.due), pf_money(c, tot.paid),
                pf_money(c, tot.kept), pf_money(c, tot.passed_up));
    pf_transfer *t;
    int nt = pf_transfers(c, unit_id, month, &t);
    html_printf(B(c),
                "<h2>%s</h2><div class=\"table-wrap\"><table id=\"pf-transfers\" "
                "class=\"cards\"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
                "<th>%s</th><th>%s</th></tr></thead><tbody>",
                _("Trích giữ lại và nộp cấp trên"), _("Từ"), _("Nộp lên"), _("Thu (đ)"),
                _("Giữ lại"), _("Nộp cấp trên (đ)"), _("Hình thức"));
    for (int i = 0; i < nt; i++)
        html_printf(B(c),
                    "<tr><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td><td "
                    "data-label=\"%s\" class=\"num\">%s</td><td data-label=\"%s\">%s đ (%d%%)"
                    "</td><td data-label=\"%s\" class=\"num\">%s</td><td data-label=\"%s\">%s"
                    "</td></tr>",
                    _("Từ"), t[i].from_name, _("Nộp lên"),
                    *t[i].to_name ? t[i].to_name : _("(cấp cao nhất)"), _("Thu (đ)"),
                    pf_money(c, t[i].collected), _("Giữ lại"), pf_money(c, t[i].retained),
                    t[i].keep_pct, _("Nộp cấp trên (đ)"), pf_money(c, t[i].passed_up),
                    _("Hình thức"), pf_channel_label(t[i].channel));
    if (nt == 0)
        html_printf(B(c), "<tr><td colspan=\"6\" class=\"empty\">%s</td></tr>",
                    _("Chưa ghi trích nộp tháng này."));
    html_raw(B(c), "</tbody></table></div>");
    if (members_may_write(c, unit_id)) {
        html_printf(B(c),
                    "<form method=\"post\" action=\"/partyfees/transfers\" class=\"form no-print\" "
                    "id=\"transfer-form\"><input type=\"hidden\" name=\"unit_id\" value=\"%lld\">"
                    "<input type=\"hidden\" name=\"month\" value=\"%s\"><div class=\"field\">"
                    "<label for=\"f-channel\">%s</label><select id=\"f-channel\" name=\"channel\">"
                    "<option value=\"DVCQG\">%s</option><option value=\"CHUYEN_KHOAN\">%s</option>"
                    "<option value=\"TIEN_MAT\">%s</option></select></div>",
                    (long long)unit_id, month, _("Hình thức chuyển"),
                    _("Cổng Dịch vụ công quốc gia"), _("Chuyển khoản"), _("Tiền mặt"));
        form_csrf(c);
        html_printf(B(c), "<div class=\"actions\"><button>%s</button></div></form>",
                    _("Ghi trích giữ lại và nộp cấp trên"));
    }
    page_end(c);
}

static void h_transfer(ctx *c)
{
    web_err e = {0};
    int64_t unit_id = form_id(c, "unit_id");
    const char *month = req_form(c->rq, "month");
    int64_t id = pf_transfer_record(c, unit_id, month, req_form(c->rq, "channel"), &e);
    web_after_post(c,
                   arena_printf(c->a, "/partyfees/units/%lld/%s/report", (long long)unit_id,
                                pf_month_valid(month) ? month : pf_this_month(c)),
                   id < 0 ? -1 : 0, &e, _("Đã ghi trích giữ lại và nộp cấp trên."));
}

static const char *kind_label(const char *k)
{
    return strcmp(k, "rate") == 0   ? _("Mức đóng theo đối tượng")
           : strcmp(k, "wage") == 0 ? _("Lương tối thiểu vùng (đồng/tháng)")
                                    : _("Tỷ lệ trích giữ lại (%)");
}

static const char *key_label(ctx *c, const char *kind, const char *key)
{
    if (strcmp(kind, "rate") == 0)
        return member_fee_category_label(key);
    if (strcmp(kind, "wage") == 0)
        return arena_printf(c->a, "%s %s", _("Vùng"),
                            (const char *[]){"I", "II", "III", "IV"}[(atoi(key) + 3) % 4]);
    return strcmp(key, "CHI_BO") == 0       ? _("Chi bộ trực thuộc đảng bộ cơ sở")
           : strcmp(key, "CO_SO_XA") == 0   ? _("Tổ chức cơ sở đảng xã, phường")
           : strcmp(key, "CO_SO_KHAC") == 0 ? _("Tổ chức cơ sở đảng khác")
                                            : _("Cấp trên cơ sở");
}

static const char *value_label(ctx *c, const pf_rate_row *r)
{
    if (strcmp(r->kind, "rate") == 0) {
        if (strcmp(r->basis, "FIXED") == 0)
            return arena_printf(c->a, "%s đ/%s", pf_money(c, r->value), _("tháng"));
        if (strcmp(r->basis, "NONE") == 0)
            return _("Không phải nộp");
        return arena_printf(c->a, "%lld,%02lld%%", (long long)(r->value / 100),
                            (long long)(r->value % 100));
    }
    if (strcmp(r->kind, "wage") == 0)
        return arena_printf(c->a, "%s đ", pf_money(c, r->value));
    return arena_printf(c->a, "%lld%%", (long long)r->value);
}

static void h_rates(ctx *c)
{
    if (!members_may_read(c, 0)) {
        respond_forbidden(c);
        return;
    }
    pf_rate_row *r;
    int n = pf_rates(c, &r);
    const char *format = req_query(c->rq, "format");
    if (format && strcmp(format, "xlsx") == 0) {
        const char *h[] = {_("Bảng"),    _("Áp dụng cho"), _("Mức"),
                           _("Từ ngày"), _("Đến ngày"),    _("Căn cứ")};
        const char **cells = arena_alloc(c->a, sizeof *cells * 6 * (size_t)(n > 0 ? n : 1));
        for (int i = 0; i < n; i++) {
            const char **x = cells + (size_t)i * 6;
            x[0] = kind_label(r[i].kind);
            x[1] = key_label(c, r[i].kind, r[i].key);
            x[2] = value_label(c, &r[i]);
            x[3] = web_date_vn(c, r[i].effective_from);
            x[4] = *r[i].effective_to ? web_date_vn(c, r[i].effective_to) : "";
            x[5] = r[i].source;
        }
        export_table(c, "xlsx", "bang-muc-dong-dang-phi",
                     _("Bảng mức đóng, lương tối thiểu vùng và tỷ lệ trích giữ lại đảng phí"), 6, h,
                     n > 0 ? n : 0, cells);
        return;
    }
    page_begin(c, _("Bảng mức đóng đảng phí"), "partyfees");
    html_printf(B(c),
                "<p class=\"table-tools no-print\"><a id=\"pf-rates-xlsx\" "
                "href=\"/partyfees/rates?format=xlsx\">%s</a> <button type=\"button\" "
                "data-print>%s</button></p>",
                _("Tải Excel (.xlsx)"), _("In"));
    html_printf(B(c),
                "<div class=\"table-wrap\"><table id=\"pf-rates\" class=\"cards\"><thead><tr>"
                "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>"
                "<tbody>",
                _("Bảng"), _("Áp dụng cho"), _("Mức"), _("Từ ngày"), _("Đến ngày"), _("Căn cứ"));
    for (int i = 0; i < n; i++) {
        const char *from = r[i].effective_from, *to = r[i].effective_to;
        html_printf(B(c),
                    "<tr><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td><td "
                    "data-label=\"%s\">%s</td><td data-label=\"%s\" class=\"date\">%.2s/%.2s/%.4s"
                    "</td><td data-label=\"%s\" class=\"date\">%s</td><td data-label=\"%s\">%s"
                    "</td></tr>",
                    _("Bảng"), kind_label(r[i].kind), _("Áp dụng cho"),
                    key_label(c, r[i].kind, r[i].key), _("Mức"), value_label(c, &r[i]),
                    _("Từ ngày"), from + 8, from + 5, from, _("Đến ngày"),
                    *to ? arena_printf(c->a, "%.2s/%.2s/%.4s", to + 8, to + 5, to) : "",
                    _("Căn cứ"), r[i].source);
    }
    html_raw(B(c), "</tbody></table></div>");
    if (c->user->role == ROLE_ADMIN) {
        const char *key = "/partyfees/rates";
        html_printf(B(c),
                    "<section class=\"panel no-print\"><h2>%s</h2><p>%s</p><form class=\"form\" "
                    "method=\"post\" action=\"/partyfees/rates\" id=\"rate-form\"><div "
                    "class=\"field\"><label for=\"f-kind\">%s</label><select id=\"f-kind\" "
                    "name=\"kind\"><option value=\"rate\">%s</option><option value=\"wage\">%s"
                    "</option><option value=\"retention\">%s</option></select></div>",
                    _("Mức mới từ một ngày"),
                    _("Mức đóng theo đối tượng: phần vạn của căn cứ (100 = 1%), hoặc số đồng khi "
                      "là mức cố định. Áp dụng cho đối tượng: mã đối tượng (BHXH, HUU_TRI…), "
                      "vùng 1–4, hoặc loại tổ chức (CHI_BO, CO_SO_XA, CO_SO_KHAC, TREN_CO_SO)."),
                    _("Bảng"), kind_label("rate"), kind_label("wage"), kind_label("retention"));
        form_csrf(c);
        form_field_html(c, key,
                        &(form_field){.name = "key", .label = _("Áp dụng cho"), .required = true});
        form_field_html(
            c, key,
            &(form_field){.name = "value", .label = _("Mức"), .type = "number", .required = true});
        form_field_html(c, key,
                        &(form_field){.name = "effective_from",
                                      .label = _("Áp dụng từ ngày"),
                                      .type = "date",
                                      .required = true});
        form_field_html(c, key, &(form_field){.name = "source", .label = _("Căn cứ")});
        html_printf(B(c), "<div class=\"actions\"><button>%s</button></div></form></section>",
                    _("Lưu mức mới"));
    }
    page_end(c);
}

static void h_rate_set(ctx *c)
{
    web_err e = {0};
    int64_t v = -1;
    form_range(c, "value", 0, 100000000, &v, &e);
    int rc = e.n ? -1
                 : pf_rate_set(c, req_form(c->rq, "kind"), req_form(c->rq, "key"), v,
                               req_form(c->rq, "effective_from"), req_form(c->rq, "source"), &e);
    web_after_post(c, "/partyfees/rates", rc, &e, _("Đã lưu mức mới."));
}

/* The home page: the way in to the members and the fee book (the left navigation belongs to
 * web/layout.c), for those who read members of their own organisation. */
static void pf_home_section(ctx *c)
{
    if (!c->user || c->user->role == ROLE_ADMIN || !members_may_read(c, c->user->unit_id))
        return;
    html_printf(B(c),
                "<section class=\"panel\" id=\"home-partyfees\"><h2>%s</h2><p><a "
                "href=\"/partyfees\">%s</a> · <a href=\"/partyfees/report\">%s</a> · <a "
                "href=\"/members\">%s</a></p></section>",
                _("Đảng viên và đảng phí"), _("Sổ đảng phí tháng này"),
                _("Báo cáo tổng hợp theo cấp"), _("Danh sách đảng viên"));
}

void pf_web2_routes(void)
{
    route_add("GET", "/partyfees/report", h_report, 0);
    route_add("GET", "/partyfees/units/{id}/{month}/report", h_report, 0);
    route_add("POST", "/partyfees/transfers", h_transfer, 0);
    route_add("GET", "/partyfees/rates", h_rates, 0);
    home_section_add(pf_home_section);
    route_add("POST", "/partyfees/rates", h_rate_set, 0);
}
