/* Views across programmes: what a lead unit must prepare in a quarter, overdue items, an
 * item's history, the xlsx of a programme, the home page's section (programmes.h). */
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/i18n.h"
#include "http/router.h"
#include "org/org.h"
#include "programmes/programmes.h"
#include "programmes/programmes_web.h"
#include "registers/registers.h"
#include "web/dates.h"
#include "web/errors.h"
#include "web/forms.h"
#include "web/layout.h"
#include "web/params.h"
#include "web/records.h"
#include "web/respond.h"

#define B(c) pw_body(c)

void pw_subnav(ctx *c, const char *current)
{
    static const struct {
        const char *key, *href, *label;
    } t[] = {{"list", "/programmes", N_("Danh sách chương trình")},
             {"lead", "/programmes/lead", N_("Việc của đơn vị chủ trì")},
             {"overdue", "/programmes/overdue", N_("Nội dung quá hạn")}};
    html_raw(B(c), "<nav class=\"subnav no-print\"><ul class=\"links\">");
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        html_printf(B(c), "<li><a href=\"%s\"%s>%s</a></li>", t[i].href,
                    current && !strcmp(current, t[i].key) ? " aria-current=\"page\"" : "",
                    _(t[i].label));
    html_raw(B(c), "</ul></nav>");
}

static const char *role_of(const prog_item *it, int64_t unit_id)
{
    return it->lead_unit_id == unit_id ? _("Chủ trì") : _("Phối hợp");
}

/* The quarter of today, 1–4. */
static int this_quarter(ctx *c)
{
    const char *t = web_today(c);
    return (atoi(t + 5) - 1) / 3 + 1;
}

static void quick_status(ctx *c, const prog_item *it, const char *status, const char *label)
{
    html_printf(B(c),
                "<form method=\"post\" action=\"/programmes/items/%lld/status\" class=\"inline\">"
                "<input type=\"hidden\" name=\"status\" value=\"%s\"><input type=\"hidden\" "
                "name=\"back\" value=\"lead\">",
                (long long)it->id, status);
    form_csrf(c);
    html_printf(B(c), "<button class=\"secondary\">%s</button></form>", label);
}

static void h_lead(ctx *c)
{
    int64_t unit_id = c->user->unit_id, year = pw_this_year(c), quarter = this_quarter(c);
    query_int(c, "unit_id", 1, INT64_MAX, &unit_id);
    query_int(c, "year", 1930, 2099, &year);
    query_int(c, "quarter", 0, 4, &quarter);
    const unit *u = org_unit_get(c, unit_id);
    if (!u || !prog_may_see_unit_items(c, unit_id)) {
        respond_not_found(c);
        return;
    }
    const char *from =
        arena_printf(c->a, "%04d-%02d-01", (int)year, quarter ? 3 * (int)quarter - 2 : 1);
    const char *to =
        quarter
            ? web_date_add(c,
                           arena_printf(c->a, "%04d-%02d-01", (int)(quarter == 4 ? year + 1 : year),
                                        quarter == 4 ? 1 : 3 * (int)quarter + 1),
                           -1)
            : arena_printf(c->a, "%04d-12-31", (int)year);
    page_begin(c, _("Việc của đơn vị chủ trì"), "programmes");
    pw_subnav(c, "lead");
    html_printf(B(c),
                "<form method=\"get\" action=\"/programmes/lead\" class=\"table-tools no-print\">"
                "<label>%s <select name=\"unit_id\">",
                _("Đơn vị"));
    org_choice *units;
    int nu = org_choice_units(c, &units);
    for (int i = 0; i < nu; i++)
        if (prog_may_see_unit_items(c, units[i].id))
            html_printf(B(c), "<option value=\"%lld\"%s>%s</option>", (long long)units[i].id,
                        units[i].id == unit_id ? " selected" : "", units[i].name);
    html_printf(B(c),
                "</select></label> <label>%s <input type=\"number\" name=\"year\" value=\"%d\" "
                "min=\"1930\" max=\"2099\"></label> <label>%s <select name=\"quarter\">",
                _("Năm"), (int)year, _("Quý"));
    for (int q = 0; q <= 4; q++)
        html_printf(B(c), "<option value=\"%d\"%s>%s</option>", q, q == quarter ? " selected" : "",
                    q ? arena_printf(c->a, _("Quý %d"), q) : _("Cả năm"));
    html_printf(B(c), "</select></label> <button>%s</button></form>", _("Xem"));
    html_printf(B(c), "<h2>%s — %s %s – %s</h2>", u->name, _("nội dung phải chuẩn bị từ"),
                web_date_vn(c, from), web_date_vn(c, to));
    prog_item *items;
    int n = prog_lead_items(c, unit_id, from, to, &items);
    html_printf(B(c),
                "<div class=\"table-wrap\"><table id=\"lead-items\" class=\"cards\"><thead><tr>"
                "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
                "</tr></thead><tbody>",
                _("STT"), _("Nội dung"), _("Hình thức văn bản"), _("Vai trò"), _("Thời gian"),
                _("Chương trình"), _("Trạng thái"));
    for (int i = 0; i < n; i++) {
        const prog_item *it = &items[i];
        html_printf(
            B(c),
            "<tr><td data-label=\"%s\" class=\"num\">%d</td><td data-label=\"%s\">"
            "<a href=\"/programmes/items/%lld\">%s</a></td><td data-label=\"%s\">%s</td>"
            "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
            "<td data-label=\"%s\">%s</td><td data-label=\"%s\"><span class=\"item-status\">"
            "%s</span>",
            _("STT"), i + 1, _("Nội dung"), (long long)it->id, it->title, _("Hình thức văn bản"),
            item_form_label(it->doc_form), _("Vai trò"), role_of(it, unit_id), _("Thời gian"),
            pw_item_time(c, it), _("Chương trình"), it->programme_title, _("Trạng thái"),
            item_status_label(it->status));
        if (it->lead_unit_id == c->user->unit_id && !prog_item_done(it->status)) {
            if (!strcmp(it->status, "KE_HOACH") || !strcmp(it->status, "HOAN"))
                quick_status(c, it, "DANG_CHUAN_BI", _("Bắt đầu chuẩn bị"));
            else if (!strcmp(it->status, "DANG_CHUAN_BI"))
                quick_status(c, it, "DA_TRINH", _("Đã trình hồ sơ"));
        }
        html_raw(B(c), "</td></tr>");
    }
    if (n <= 0)
        html_printf(B(c), "<tr><td colspan=\"7\" class=\"empty\">%s</td></tr>",
                    _("Không có nội dung nào trong kỳ này."));
    html_raw(B(c), "</tbody></table></div>");
    page_end(c);
}

static void h_overdue(ctx *c)
{
    prog_item *items;
    int n = prog_overdue(c, &items);
    const char *today = web_today(c);
    page_begin(c, _("Nội dung chương trình quá hạn"), "programmes");
    pw_subnav(c, "overdue");
    html_printf(B(c),
                "<div class=\"table-wrap\"><table id=\"overdue-items\" class=\"cards\"><thead><tr>"
                "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>"
                "<tbody>",
                _("Nội dung"), _("Cơ quan chủ trì"), _("Thời gian"), _("Chương trình"),
                _("Trạng thái"), _("Tình hình"));
    for (int i = 0; i < n; i++) {
        const prog_item *it = &items[i];
        bool late = strcmp(it->due_date, today) < 0;
        html_printf(B(c),
                    "<tr class=\"%s\"><td data-label=\"%s\"><a href=\"/programmes/items/%lld\">%s"
                    "</a></td><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
                    "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
                    "<td data-label=\"%s\"><span class=\"mark %s\">%s</span></td></tr>",
                    late ? "overdue" : "", _("Nội dung"), (long long)it->id, it->title,
                    _("Cơ quan chủ trì"), it->lead_unit_name, _("Thời gian"),
                    web_date_vn(c, it->due_date), _("Chương trình"), it->programme_title,
                    _("Trạng thái"), item_status_label(it->status), _("Tình hình"),
                    late ? "mark-overdue" : "mark-due",
                    late ? _("Quá hạn") : _("Chậm trình hồ sơ"));
    }
    if (n == 0)
        html_printf(B(c), "<tr><td colspan=\"6\" class=\"empty\">%s</td></tr>",
                    _("Không có nội dung quá hạn."));
    html_raw(B(c), "</tbody></table></div>");
    page_end(c);
}

static const char *event_label(const prog_event *ev)
{
    if (!strcmp(ev->action, "add"))
        return _("Đưa vào chương trình");
    if (!strcmp(ev->action, "pick"))
        return _("Chọn vào chương trình kỳ");
    if (!strcmp(ev->action, "carry_in"))
        return _("Chuyển từ kỳ trước sang");
    if (!strcmp(ev->action, "carry_out"))
        return _("Chuyển sang kỳ sau");
    if (!strcmp(ev->action, "revise"))
        return _("Chép sang bản điều chỉnh");
    if (!strcmp(ev->action, "edit"))
        return _("Sửa nội dung khi dự thảo");
    return _("Đổi trạng thái");
}

static void h_item(ctx *c)
{
    const prog_item *it = prog_item_get(c, req_param_id(c->rq, "id"));
    if (!it) {
        respond_not_found(c);
        return;
    }
    page_begin(c, _("Nội dung chương trình"), "programmes");
    pw_subnav(c, NULL);
    const programme *p = prog_get(c, it->programme_id);
    html_printf(B(c),
                "<dl class=\"props\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt>"
                "<dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>"
                "<dt>%s</dt><dd id=\"item-status\">%s</dd>",
                _("Nội dung"), it->title, _("Hình thức văn bản"), item_form_label(it->doc_form),
                _("Cơ quan chủ trì"), it->lead_unit_name, _("Cơ quan phối hợp"), it->coop_names,
                _("Thời gian"), pw_item_time(c, it), _("Cấp quyết định"),
                prog_body_label(it->deciding_body), _("Trạng thái"), item_status_label(it->status));
    if (p)
        html_printf(B(c), "<dt>%s</dt><dd><a href=\"/programmes/%lld\">%s</a></dd>",
                    _("Chương trình"), (long long)p->id, p->title);
    else
        html_printf(B(c), "<dt>%s</dt><dd>%s</dd>", _("Chương trình"), it->programme_title);
    html_raw(B(c), "</dl>");
    /* What the rooms to the right made of this item (conferences, tasks): they register. */
    record_sections_html(c, "programme.item", it->id);
    prog_event *ev;
    int n = prog_item_history(c, it->id, &ev);
    html_printf(B(c),
                "<section class=\"panel\"><h2>%s</h2><div class=\"table-wrap\"><table "
                "id=\"item-history\" class=\"cards\"><thead><tr><th>%s</th><th>%s</th><th>%s</th>"
                "<th>%s</th><th>%s</th></tr></thead><tbody>",
                _("Lịch sử"), _("Thời điểm"), _("Chương trình"), _("Việc"), _("Người thực hiện"),
                _("Ghi chú"));
    for (int i = 0; i < n; i++) {
        char when[32];
        int64_t t = clock_parse_iso(ev[i].at);
        clock_vn_datetime(t, when, sizeof when);
        const char *what = event_label(&ev[i]);
        if (!strcmp(ev[i].action, "status"))
            what = arena_printf(c->a, "%s: %s → %s", what, item_status_label(ev[i].from_status),
                                item_status_label(ev[i].to_status));
        html_printf(B(c),
                    "<tr><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
                    "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
                    "<td data-label=\"%s\">%s</td></tr>",
                    _("Thời điểm"), when, _("Chương trình"), ev[i].programme_title, _("Việc"), what,
                    _("Người thực hiện"), ev[i].actor_name, _("Ghi chú"),
                    ev[i].reason ? ev[i].reason : "");
    }
    html_raw(B(c), "</tbody></table></div></section>");
    page_end(c);
}

static void h_xlsx(ctx *c)
{
    const programme *p = prog_get(c, req_param_id(c->rq, "id"));
    if (!p) {
        respond_not_found(c);
        return;
    }
    prog_item *items;
    int n = prog_items(c, p->id, &items);
    const char *headers[] = {_("STT"),
                             _("Nội dung"),
                             _("Hình thức văn bản"),
                             _("Cơ quan chủ trì"),
                             _("Cơ quan phối hợp"),
                             _("Thời gian"),
                             _("Cấp quyết định")};
    const char **cells = arena_alloc(c->a, sizeof *cells * (size_t)(7 * (n + 1)));
    for (int i = 0; i < n; i++) {
        const char **r = cells + 7 * i;
        r[0] = arena_printf(c->a, "%d", i + 1);
        r[1] = items[i].title;
        r[2] = item_form_label(items[i].doc_form);
        r[3] = items[i].lead_unit_name;
        r[4] = items[i].coop_names;
        r[5] = pw_item_time(c, &items[i]);
        r[6] = prog_body_label(items[i].deciding_body);
    }
    export_table(c, "xlsx", arena_printf(c->a, "chuong-trinh-%lld", (long long)p->id), p->title, 7,
                 headers, n, cells);
}

void pw_home_section(ctx *c)
{
    if (!c->user || c->user->role == ROLE_ADMIN)
        return;
    prog_item *items;
    int n = prog_overdue(c, &items);
    if (n <= 0)
        return;
    html_printf(B(c),
                "<section class=\"panel\" id=\"home-programmes\"><h2>%s</h2><p><a "
                "href=\"/programmes/overdue\">%s</a></p></section>",
                _("Chương trình công tác"),
                arena_printf(c->a, _("%d nội dung quá hạn hoặc chậm trình hồ sơ"), n));
}

void pw_views_routes(void)
{
    route_add("GET", "/programmes/lead", h_lead, 0);
    route_add("GET", "/programmes/overdue", h_overdue, 0);
    route_add("GET", "/programmes/items/{id}", h_item, 0);
    route_add("GET", "/programmes/{id}/xlsx", h_xlsx, 0);
}
