/* Pages of the rule table (/petitions/rules, edited by the administrator) and the period
 * report (/petitions/report: page, bar chart and xlsx). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/i18n.h"
#include "http/router.h"
#include "petitions/petitions_impl.h"
#include "petitions/petitions_web_impl.h"
#include "registers/registers.h"
#include "web/errors.h"
#include "web/forms.h"
#include "web/layout.h"
#include "web/params.h"
#include "web/respond.h"

#define B pet_B

static const char *any_l(const char *s)
{
    if (!s || strcmp(s, "*") == 0)
        return _("Mọi trường hợp");
    if (strcmp(s, "yes") == 0)
        return _("Có");
    if (strcmp(s, "no") == 0)
        return _("Không");
    const char *l = pet_kind_label(s);
    if (*l)
        return l;
    return pet_complexity_label(s);
}
static const char *day_kind_l(const char *s)
{
    return strcmp(s, "working") == 0 ? _("ngày làm việc") : _("ngày lịch");
}

static void h_rules(ctx *c)
{
    pet_rule *r;
    int n = pet_rules_list(c, &r);
    page_begin(c, _("Bảng thời hạn xử lý đơn thư"), "petitions");
    pet_links_bar(c);
    html_printf(B(c), "<p class=\"hint\">%s</p>",
                _("Mỗi dòng: loại đơn, giai đoạn, số ngày (ngày làm việc hoặc ngày lịch), số lần "
                  "gia hạn và thời gian hiệu lực. Dòng cụ thể nhất đang có hiệu lực vào ngày của "
                  "đơn được áp dụng; đơn hỗn hợp tính như khiếu nại."));
    html_printf(B(c),
                "<div class=\"table-wrap\"><table class=\"list\"><thead><tr><th>%s</th><th>%s</th>"
                "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
                "</tr></thead><tbody>",
                _("Giai đoạn"), _("Loại đơn"), _("Liên quan đảng viên"), _("Mức độ"),
                _("Vùng sâu, vùng xa"), _("Thời hạn"), _("Gia hạn tối đa"), _("Hiệu lực"),
                _("Căn cứ"));
    for (int i = 0; i < n; i++)
        html_printf(B(c),
                    "<tr><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td><td "
                    "data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td><td "
                    "data-label=\"%s\">%s</td><td data-label=\"%s\">%d %s</td><td "
                    "data-label=\"%s\">%d</td><td data-label=\"%s\">%s – %s</td><td "
                    "data-label=\"%s\">%s</td></tr>",
                    _("Giai đoạn"), pet_stage_label(r[i].stage), _("Loại đơn"), any_l(r[i].kind),
                    _("Liên quan đảng viên"), any_l(r[i].party), _("Mức độ"),
                    any_l(r[i].complexity), _("Vùng sâu, vùng xa"), any_l(r[i].remote),
                    _("Thời hạn"), r[i].days, day_kind_l(r[i].day_kind), _("Gia hạn tối đa"),
                    r[i].max_count, _("Hiệu lực"), pet_vn_date(c, r[i].effective_from),
                    r[i].effective_to ? pet_vn_date(c, r[i].effective_to) : "…", _("Căn cứ"),
                    r[i].source);
    html_raw(B(c), "</tbody></table></div>");
    if (c->user->role == ROLE_ADMIN) {
        static const char *const kinds[] = {
            "*", "complaint", "denunciation", "recommendation", "reflection", NULL};
        static const char *const yn[] = {"*", "yes", "no", NULL};
        static const char *const cx[] = {"*", "normal", "complex", "especially", NULL};
        static const char *const dk[] = {"working", "calendar", NULL};
        const char *k = "/petitions/rules";
        html_printf(B(c),
                    "<section class=\"panel no-print\"><h2>%s</h2><form class=\"form\" "
                    "method=\"post\" action=\"/petitions/rules\">",
                    _("Thêm quy tắc (có hiệu lực từ ngày)"));
        form_csrf(c);
        pet_select(c, k, "stage", _("Giai đoạn"), pet_stages, pet_stage_label, "resolve", false);
        pet_select(c, k, "kind", _("Loại đơn"), kinds, any_l, "*", false);
        pet_select(c, k, "party", _("Liên quan đảng viên"), yn, any_l, "*", false);
        pet_select(c, k, "complexity", _("Mức độ"), cx, any_l, "*", false);
        pet_select(c, k, "remote", _("Vùng sâu, vùng xa"), yn, any_l, "*", false);
        form_field_html(
            c, k,
            &(form_field){
                .name = "days", .label = _("Số ngày"), .type = "number", .required = true});
        pet_select(c, k, "day_kind", _("Tính theo"), dk, day_kind_l, "working", false);
        form_field_html(c, k,
                        &(form_field){.name = "max_count",
                                      .label = _("Số lần gia hạn tối đa"),
                                      .type = "number",
                                      .value = "0"});
        form_field_html(c, k,
                        &(form_field){.name = "effective_from",
                                      .label = _("Hiệu lực từ"),
                                      .type = "date",
                                      .required = true});
        form_field_html(
            c, k,
            &(form_field){.name = "effective_to", .label = _("Hết hiệu lực"), .type = "date"});
        form_field_html(c, k,
                        &(form_field){.name = "source", .label = _("Căn cứ"), .required = true});
        html_printf(
            B(c),
            "<div class=\"actions\"><button type=\"submit\">%s</button></div></form></section>",
            _("Lưu quy tắc"));
    }
    page_end(c);
}

static void h_rules_post(ctx *c)
{
    web_err e = {0};
    int64_t days = -1, maxc = 0;
    form_range(c, "days", 0, 400, &days, &e);
    if (form_range(c, "max_count", 0, 5, &maxc, &e) == PARAM_ABSENT)
        maxc = 0;
    pet_rule r = {.id = 0,
                  .stage = req_form(c->rq, "stage"),
                  .kind = req_form(c->rq, "kind"),
                  .party = req_form(c->rq, "party"),
                  .complexity = req_form(c->rq, "complexity"),
                  .remote = req_form(c->rq, "remote"),
                  .days = (int)days,
                  .day_kind = req_form(c->rq, "day_kind"),
                  .max_count = (int)maxc,
                  .effective_from = req_form(c->rq, "effective_from"),
                  .effective_to = req_form(c->rq, "effective_to"),
                  .source = req_form(c->rq, "source")};
    int64_t id = e.n ? -1 : pet_rule_save(c, &r, &e);
    web_after_post(c, "/petitions/rules", id > 0 ? 0 : -1, &e, _("Đã lưu quy tắc thời hạn."));
}

/* ---- the report ---------------------------------------------------------------------------- */

/* The period: ?period=month|q1|h1|9m|year with ?year= (and ?month=), or ?from=&to=. */
bool pet_period(ctx *c, const char **from_r, const char **to_r, const char **label_r)
{
    char today[11];
    pet_today(today);
    int64_t year = atoi(today), month = atoi(today + 5);
    query_int(c, "year", 2000, 2099, &year);
    query_int(c, "month", 1, 12, &month);
    const char *p = req_query(c->rq, "period");
    if (!p || !*p)
        p = "year";
    *label_r = p;
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (strcmp(p, "month") == 0) {
        int last = mdays[month - 1] + (month == 2 && year % 4 == 0);
        *from_r = arena_printf(c->a, "%04lld-%02lld-01", (long long)year, (long long)month);
        *to_r = arena_printf(c->a, "%04lld-%02lld-%02d", (long long)year, (long long)month, last);
        return true;
    }
    const char *ends[] = {"q1", "03-31", "h1", "06-30", "9m", "09-30", "year", "12-31"};
    for (int i = 0; i < 8; i += 2)
        if (strcmp(p, ends[i]) == 0) {
            *from_r = arena_printf(c->a, "%04lld-01-01", (long long)year);
            *to_r = arena_printf(c->a, "%04lld-%s", (long long)year, ends[i + 1]);
            return true;
        }
    if (strcmp(p, "custom") == 0 && query_period(c, NULL, from_r, to_r))
        return true;
    respond_error(c, 400, "invalid_parameter", _("Kỳ báo cáo không hợp lệ."));
    return false;
}

static void h_report(ctx *c)
{
    const char *from, *to, *period;
    if (!pet_period(c, &from, &to, &period))
        return;
    pet_value *v;
    int n = petitions_report_values(c, 0, from, to, &v);
    const char *format = req_query(c->rq, "format");
    if (format && *format) {
        const char *headers[] = {_("Mã chỉ tiêu"), _("Chỉ tiêu"), _("Số liệu")};
        const char **cells = arena_alloc(c->a, (size_t)n * 3 * sizeof *cells);
        for (int i = 0; i < n; i++) {
            cells[i * 3] = v[i].code;
            cells[i * 3 + 1] = v[i].label;
            cells[i * 3 + 2] = arena_printf(c->a, "%lld", (long long)v[i].value);
        }
        export_table(c, format, "bao-cao-tiep-cong-dan-don-thu",
                     arena_printf(c->a, _("Báo cáo tiếp công dân, xử lý đơn thư từ %s đến %s"),
                                  pet_vn_date(c, from), pet_vn_date(c, to)),
                     3, headers, n, cells);
        return;
    }
    page_begin(c, _("Báo cáo tiếp công dân, xử lý đơn thư"), "petitions");
    pet_links_bar(c);
    static const char *const periods[] = {"month", "q1", "h1", "9m", "year", NULL};
    static const char *const plabels[] = {N_("Tháng"), N_("Quý I"), N_("6 tháng"), N_("9 tháng"),
                                          N_("Năm")};
    html_printf(B(c),
                "<form class=\"form filters no-print\" method=\"get\" "
                "action=\"/petitions/report\"><div class=\"field\"><label "
                "for=\"f-period\">%s</label><select id=\"f-period\" name=\"period\">",
                _("Kỳ báo cáo"));
    for (int i = 0; periods[i]; i++)
        html_printf(B(c), "<option value=\"%s\"%s>%s</option>", periods[i],
                    strcmp(period, periods[i]) == 0 ? " selected" : "", _(plabels[i]));
    /* html_printf escapes %s whole (no precision): the year and month as their own strings. */
    const char *yy = arena_strndup(c->a, from, 4), *mm = arena_strndup(c->a, to + 5, 2);
    html_printf(B(c),
                "</select></div><div class=\"field\"><label for=\"f-year\">%s</label><input "
                "id=\"f-year\" name=\"year\" type=\"number\" value=\"%s\"></div><div "
                "class=\"field\"><label for=\"f-month\">%s</label><input id=\"f-month\" "
                "name=\"month\" type=\"number\" min=\"1\" max=\"12\" value=\"%s\"></div><div "
                "class=\"actions\"><button type=\"submit\">%s</button></div></form>",
                _("Năm"), yy, _("Tháng"), mm, _("Xem"));
    html_printf(B(c),
                "<p>%s %s – %s · <a class=\"no-print\" "
                "href=\"/petitions/"
                "report?period=%s&amp;year=%s&amp;month=%s&amp;format=xlsx\">%s</a></p>",
                _("Kỳ:"), pet_vn_date(c, from), pet_vn_date(c, to), period, yy, mm,
                _("Tải Excel (xlsx)"));
    int64_t max = 1;
    for (int i = 0; i < n; i++)
        if (v[i].value > max)
            max = v[i].value;
    html_printf(B(c),
                "<div class=\"table-wrap\"><table class=\"list "
                "pet-report\"><thead><tr><th>%s</th><th>%s</th>"
                "<th class=\"no-print\">%s</th></tr></thead><tbody>",
                _("Chỉ tiêu"), _("Số liệu"), _("Biểu đồ"));
    for (int i = 0; i < n; i++)
        html_printf(B(c),
                    "<tr><td data-label=\"%s\">%s</td><td class=\"num\" data-label=\"%s\">%lld</td>"
                    "<td class=\"no-print\" data-label=\"%s\"><meter class=\"pet-bar\" "
                    "min=\"0\" max=\"%lld\" value=\"%lld\"></meter></td></tr>",
                    _("Chỉ tiêu"), v[i].label, _("Số liệu"), (long long)v[i].value, _("Biểu đồ"),
                    (long long)max, (long long)v[i].value);
    html_raw(B(c), "</tbody></table></div>");
    pet_head_figure *h;
    int nh = petitions_report_heads(c, from, to, &h);
    html_printf(
        B(c),
        "<h2>%s</h2><div class=\"table-wrap\"><table class=\"list\" id=\"report-heads\"><thead>"
        "<tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>"
        "</thead><tbody>",
        _("Tiếp công dân của người đứng đầu"), _("Người đứng đầu"), _("Cấp ủy"), _("Số ngày tiếp"),
        _("Trong đó ủy quyền"), _("Lượt tiếp"), _("Số người"));
    for (int i = 0; i < nh; i++)
        html_printf(B(c),
                    "<tr><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td><td "
                    "class=\"num\" data-label=\"%s\">%d</td><td class=\"num\" "
                    "data-label=\"%s\">%d</td><td class=\"num\" data-label=\"%s\">%d</td><td "
                    "class=\"num\" data-label=\"%s\">%d</td></tr>",
                    _("Người đứng đầu"), h[i].name, _("Cấp ủy"), h[i].unit_name, _("Số ngày tiếp"),
                    h[i].days, _("Trong đó ủy quyền"), h[i].delegated, _("Lượt tiếp"), h[i].visits,
                    _("Số người"), h[i].people);
    if (nh == 0)
        html_printf(B(c), "<tr><td colspan=\"6\">%s</td></tr>", _("Chưa khai báo người đứng đầu."));
    html_raw(B(c), "</tbody></table></div>");
    page_end(c);
}

void pet_pages_routes(void)
{
    route_add("GET", "/petitions/rules", h_rules, 0);
    route_add("POST", "/petitions/rules", h_rules_post, 0);
    route_add("GET", "/petitions/report", h_report, 0);
}
