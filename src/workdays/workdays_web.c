/* The working-day calendar on a page (workdays.h): /admin/workdays?year=YYYY shows the year as
 * twelve month calendars (printable, a column on a phone) with each day off named, the rows
 * as a list with their source and whether they are verified, the weekly pattern, and — for
 * the administrator — the form to set or remove a day and the button that seeds a year with
 * no rows. POSTs come back here (303); a refusal with the typed values and the message in red. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/i18n.h"
#include "http/router.h"
#include "rules/rules.h"
#include "web/dates.h"
#include "web/errors.h"
#include "web/forms.h"
#include "web/layout.h"
#include "web/params.h"
#include "web/respond.h"
#include "workdays/workdays.h"
#include "workdays/workdays_impl.h"

#define B(c) (&(c)->rs->body)
#define FORM_KEY "/admin/workdays"

const char *workdays_kind_label(const char *kind)
{
    if (!kind)
        return "";
    if (strcmp(kind, "holiday") == 0)
        return _("Ngày lễ");
    if (strcmp(kind, "off") == 0)
        return _("Nghỉ bù, nghỉ hoán đổi");
    if (strcmp(kind, "work") == 0)
        return _("Làm bù");
    return "";
}

static const char *const weekday_short[] = {N_("T2"), N_("T3"), N_("T4"), N_("T5"),
                                            N_("T6"), N_("T7"), N_("CN")};

/* The weekly days off "6,7" in words. */
static const char *weekend_words(ctx *c, const char *w)
{
    static const char *const names[] = {N_("thứ Hai"), N_("thứ Ba"),  N_("thứ Tư"),  N_("thứ Năm"),
                                        N_("thứ Sáu"), N_("thứ Bảy"), N_("Chủ nhật")};
    const char *out = "";
    for (const char *p = w ? w : ""; *p; p++)
        if (*p >= '1' && *p <= '7')
            out = arena_printf(c->a, "%s%s%s", out, *out ? ", " : "", _(names[*p - '1']));
    return out;
}

static const workday_row *find_row(const workday_row *rows, int n, const char *day)
{
    for (int i = 0; i < n; i++)
        if (strcmp(rows[i].day, day) == 0)
            return &rows[i];
    return NULL;
}

/* One month: a 7-column table, Monday first; a day off has its class and its name as the
 * title, a named day its mark; the named days listed below for print and for screen readers. */
static void month_html(ctx *c, int year, int month, const workday_row *rows, int nrows, bool edit)
{
    char first[32];
    snprintf(first, sizeof first, "%04d-%02d-01", year, month);
    int lead = workdays_iso_weekday(first) - 1;
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int nd =
        mdays[month - 1] + (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0));
    html_printf(B(c),
                "<section class=\"wd-month\" id=\"m-%02d\"><h2>%s %d</h2><table class=\"wd-cal\">"
                "<thead><tr>",
                month, _("Tháng"), month);
    for (int i = 0; i < 7; i++)
        html_printf(B(c), "<th scope=\"col\">%s</th>", _(weekday_short[i]));
    html_raw(B(c), "</tr></thead><tbody><tr>");
    for (int i = 0; i < lead; i++)
        html_raw(B(c), "<td class=\"wd-pad\"></td>");
    int col = lead;
    for (int d = 1; d <= nd; d++, col++) {
        if (col == 7) {
            html_raw(B(c), "</tr><tr>");
            col = 0;
        }
        char day[32], why[WORKDAY_MAX_NAME + 1];
        snprintf(day, sizeof day, "%04d-%02d-%02d", year, month, d);
        const workday_row *r = find_row(rows, nrows, day);
        const char *reason = workdays_reason(c->db, day, why, sizeof why);
        const char *cls = r        ? (strcmp(r->kind, "holiday") == 0 ? "wd-holiday"
                                      : strcmp(r->kind, "off") == 0   ? "wd-off"
                                                                      : "wd-work")
                          : reason ? "wd-weekend"
                                   : "";
        const char *title = r        ? arena_printf(c->a, "%s: %s%s", workdays_kind_label(r->kind),
                                                    r->name, r->verified ? "" : _(" (chưa xác minh)"))
                                   : reason ? reason
                                     : "";
        html_printf(B(c), "<td class=\"%s%s\" data-day=\"%s\"", cls,
                    r && !r->verified ? " wd-unverified" : "", day);
        if (*title)
            html_printf(B(c), " title=\"%s\"", title);
        html_raw(B(c), ">");
        if (edit)
            html_printf(B(c), "<a href=\"/admin/workdays?year=%d&amp;day=%s#day-form\">%d</a>",
                        year, day, d);
        else
            html_printf(B(c), "%d", d);
        html_raw(B(c), "</td>");
    }
    for (; col < 7; col++)
        html_raw(B(c), "<td class=\"wd-pad\"></td>");
    html_raw(B(c), "</tr></tbody></table><ul class=\"wd-names\">");
    for (int i = 0; i < nrows; i++) {
        int m = 0;
        sscanf(rows[i].day + 5, "%2d", &m);
        if (m != month)
            continue;
        html_printf(B(c), "<li class=\"wd-%s\"><span class=\"wd-date\">%s</span> %s — %s",
                    rows[i].kind, web_date_vn(c, rows[i].day), rows[i].name,
                    workdays_kind_label(rows[i].kind));
        if (!rows[i].verified)
            html_printf(B(c), " <span class=\"mark mark-due\">%s</span>", _("chưa xác minh"));
        html_raw(B(c), "</li>");
    }
    html_raw(B(c), "</ul></section>");
}

static void day_form(ctx *c, int year, const workday_row *cur, const char *day)
{
    html_printf(B(c),
                "<section class=\"panel no-print\" id=\"day-form\"><h2>%s</h2><form "
                "class=\"form\" method=\"post\" action=\"/admin/workdays\">"
                "<input type=\"hidden\" name=\"year\" value=\"%d\">",
                _("Thêm hoặc sửa một ngày"), year);
    form_csrf(c);
    form_field_html(c, FORM_KEY,
                    &(form_field){.name = "date",
                                  .label = _("Ngày"),
                                  .type = "date",
                                  .value = day,
                                  .id = "wd-day",
                                  .required = true,
                                  .hint = _("Chọn lại một ngày đã có để sửa.")});
    const char *kind = form_val(c, FORM_KEY, "kind", cur ? cur->kind : "holiday");
    html_printf(B(c),
                "<div class=\"field%s\"><label for=\"wd-kind\">%s</label><select "
                "id=\"wd-kind\" name=\"kind\"",
                form_err(c, FORM_KEY, "kind") ? " has-error" : "", _("Loại ngày"));
    form_aria_html(c, FORM_KEY, "kind", "wd-kind");
    html_raw(B(c), ">");
    static const char *const kinds[] = {"holiday", "off", "work"};
    for (int i = 0; i < 3; i++)
        html_printf(B(c), "<option value=\"%s\"%s>%s</option>", kinds[i],
                    kind && strcmp(kind, kinds[i]) == 0 ? " selected" : "",
                    workdays_kind_label(kinds[i]));
    html_raw(B(c), "</select>");
    form_err_html(c, FORM_KEY, "kind", "wd-kind");
    html_raw(B(c), "</div>");
    form_field_html(c, FORM_KEY,
                    &(form_field){.name = "name",
                                  .label = _("Tên ngày"),
                                  .value = cur ? cur->name : NULL,
                                  .id = "wd-name",
                                  .required = true,
                                  .hint = _("Ví dụ: Quốc khánh; Nghỉ bù Giỗ Tổ Hùng Vương.")});
    form_field_html(c, FORM_KEY,
                    &(form_field){.name = "source",
                                  .label = _("Căn cứ"),
                                  .value = cur ? cur->source : NULL,
                                  .id = "wd-source",
                                  .hint = _("Văn bản thông báo lịch nghỉ của năm.")});
    bool verified =
        form_failed(c, FORM_KEY) ? form_has(c, FORM_KEY, "verified", "1") : (cur && cur->verified);
    html_printf(B(c),
                "<div class=\"field\"><label class=\"check\"><input type=\"checkbox\" "
                "name=\"verified\" value=\"1\" id=\"wd-verified\"%s> %s</label></div>"
                "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>",
                verified ? " checked" : "", _("Đã đối chiếu với thông báo chính thức"),
                _("Lưu ngày"));
    if (cur) {
        html_printf(B(c),
                    "<form method=\"post\" action=\"/admin/workdays/%s/delete\" class=\"inline\">",
                    cur->day);
        form_csrf(c);
        html_printf(B(c),
                    "<button type=\"submit\" class=\"danger\" data-confirm=\"%s\">%s %s</button>"
                    "</form>",
                    _("Xóa ngày này khỏi lịch?"), _("Xóa ngày"), web_date_vn(c, cur->day));
    }
    html_raw(B(c), "</section>");
}

static void h_page(ctx *c)
{
    if (!workdays_may_view(c)) {
        respond_error(
            c, 403, "forbidden",
            _("Chỉ quản trị hệ thống và lãnh đạo văn phòng xem được lịch ngày làm việc."));
        return;
    }
    int64_t year = 0;
    sscanf(web_today(c), "%4" SCNd64, &year);
    const char *fy = form_val(c, FORM_KEY, "year", NULL);
    if (fy)
        param_int(fy, 1930, 2099, &year);
    if (query_int(c, "year", 1930, 2099, &year) == PARAM_BAD) {
        respond_error(c, 400, "invalid_parameter", _("Năm phải là một số từ 1930 đến 2099."));
        return;
    }
    const char *day = req_query(c->rq, "day");
    if (day && !param_date(day))
        day = NULL;
    bool edit = workdays_may_edit(c);
    char from[16], to[16];
    snprintf(from, sizeof from, "%04d-01-01", (int)year);
    snprintf(to, sizeof to, "%04d-12-31", (int)year);
    workday_row *rows;
    int n = workdays_list(c, from, to, &rows);
    if (n < 0) {
        respond_error(c, 500, "internal", _(WEB_MSG_DB));
        return;
    }
    page_begin(c, arena_printf(c->a, _("Lịch ngày làm việc năm %d"), (int)year), "workdays");
    html_printf(B(c),
                "<nav class=\"wd-years no-print\" aria-label=\"%s\"><a href=\"/admin/workdays?"
                "year=%d\">‹ %d</a> <strong>%d</strong> <a href=\"/admin/workdays?year=%d\">%d ›"
                "</a> <a href=\"/admin/rules\">%s</a> <button type=\"button\" class=\"secondary\" "
                "data-print>%s</button></nav>",
                _("Năm"), (int)year - 1, (int)year - 1, (int)year, (int)year + 1, (int)year + 1,
                _("Tham số nghiệp vụ"), _("In lịch"));
    int unverified = 0;
    for (int i = 0; i < n; i++)
        unverified += !rows[i].verified;
    if (n == 0) {
        page_alert(c, "warn",
                   _("Năm này chưa có lịch ngày nghỉ: mọi thứ Bảy, Chủ nhật là ngày nghỉ, mọi "
                     "ngày khác là ngày làm việc."));
        if (edit) {
            html_printf(B(c),
                        "<form method=\"post\" action=\"/admin/workdays/seed\" class=\"form "
                        "no-print\" id=\"seed-form\"><input type=\"hidden\" name=\"year\" "
                        "value=\"%d\">",
                        (int)year);
            form_csrf(c);
            html_printf(B(c),
                        "<p class=\"hint\">%s</p><div class=\"actions\"><button type=\"submit\">"
                        "%s %d</button></div></form>",
                        _("Tạo các ngày lễ cố định theo dương lịch (1/1, 30/4, 1/5, 2/9 và ngày "
                          "liền kề) cùng ngày nghỉ bù khi trùng ngày nghỉ hằng tuần, ở trạng "
                          "thái chưa xác minh. Tết Nguyên đán và Giỗ Tổ Hùng Vương theo âm lịch "
                          "phải nhập thêm theo thông báo của năm."),
                        _("Tạo lịch năm"), (int)year);
        }
    } else if (unverified)
        page_alert(c, "warn",
                   arena_printf(c->a,
                                _("%d ngày chưa xác minh: hãy đối chiếu với thông báo nghỉ lễ, "
                                  "Tết của năm."),
                                unverified));
    html_raw(B(c), "<div class=\"wd-year\">");
    for (int m = 1; m <= 12; m++)
        month_html(c, (int)year, m, rows, n, edit);
    html_printf(B(c),
                "</div><p class=\"wd-legend\"><span class=\"wd-key wd-holiday\"></span> %s "
                "<span class=\"wd-key wd-off\"></span> %s <span class=\"wd-key wd-work\"></span> "
                "%s <span class=\"wd-key wd-weekend\"></span> %s</p>",
                _("Ngày lễ"), _("Nghỉ bù, nghỉ hoán đổi"), _("Làm bù"), _("Nghỉ hằng tuần"));
    if (edit) {
        const workday_row *cur = day ? find_row(rows, n, day) : NULL;
        day_form(c, (int)year, cur, day);
    }
    workday_week *ws;
    int nw = workdays_weeks(c, &ws);
    html_printf(B(c),
                "<section class=\"panel\"><h2>%s</h2><div class=\"table-wrap\"><table><thead><tr>"
                "<th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
                _("Ngày nghỉ hằng tuần"), _("Từ ngày"), _("Đến ngày"), _("Ngày nghỉ"), _("Căn cứ"));
    for (int i = 0; i < nw; i++)
        html_printf(B(c),
                    "<tr><td class=\"date\">%s</td><td class=\"date\">%s</td><td>%s</td>"
                    "<td>%s</td></tr>",
                    web_date_vn(c, ws[i].effective_from),
                    *ws[i].effective_to ? web_date_vn(c, ws[i].effective_to) : _("nay"),
                    weekend_words(c, ws[i].weekend), ws[i].note);
    html_raw(B(c), "</tbody></table></div></section>");
    page_end(c);
}

/* Where a POST goes back to: the year's page. A refusal goes to the bare path — the kept form
 * is matched by path, and the year travels with the typed values (h_page reads it). */
static const char *year_back(ctx *c, const char *day, int rc)
{
    if (rc != 0)
        return "/admin/workdays";
    int64_t y = 0;
    if (day && param_date(day))
        sscanf(day, "%4" SCNd64, &y);
    else
        form_int(c, "year", 1930, 2099, &y);
    return y ? arena_printf(c->a, "/admin/workdays?year=%d", (int)y) : "/admin/workdays";
}

static void h_set(ctx *c)
{
    const char *v = req_form(c->rq, "verified");
    workday_row in = {.day = req_form(c->rq, "date"),
                      .kind = req_form(c->rq, "kind"),
                      .name = req_form(c->rq, "name"),
                      .source = req_form(c->rq, "source"),
                      .verified = v && strcmp(v, "1") == 0};
    web_err e;
    int rc = workdays_set(c, &in, &e);
    const char *back = year_back(c, in.day, rc);
    web_after_post(c, back, rc, &e, _("Đã lưu ngày vào lịch."));
}

static void h_delete(ctx *c)
{
    const char *day = req_param(c->rq, "date");
    web_err e;
    int rc = workdays_clear(c, day, &e);
    web_after_post(c, year_back(c, day, rc), rc, &e, _("Đã xóa ngày khỏi lịch."));
}

static void h_seed(ctx *c)
{
    int64_t year = 0;
    form_int(c, "year", 1930, 2099, &year);
    web_err e;
    int n = workdays_seed_year(c, (int)year, &e);
    web_after_post(c, year_back(c, NULL, n < 0 ? -1 : 0), n < 0 ? -1 : 0, &e,
                   arena_printf(c->a,
                                _("Đã tạo %d ngày nghỉ của năm %d (chưa xác minh). Hãy nhập Tết "
                                  "Nguyên đán và Giỗ Tổ Hùng Vương theo âm lịch."),
                                n, (int)year));
}

void workdays_web_routes(void)
{
    route_add("GET", "/admin/workdays", h_page, 0);
    route_add("POST", "/admin/workdays", h_set, 0);
    route_add("POST", "/admin/workdays/seed", h_seed, 0);
    route_add("POST", "/admin/workdays/{date}/delete", h_delete, 0);
}
