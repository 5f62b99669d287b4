/* Pages of the bookings: the week's bookings of rooms and vehicles (printable on A4
 * landscape, xlsx), a new booking (for a conference: ?conference={id} fills it), cancel. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/i18n.h"
#include "conferences/conferences.h"
#include "facilities/fac_impl.h"
#include "facilities/facilities.h"
#include "http/router.h"
#include "registers/registers.h"
#include "schedule/schedule.h"
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

/* ?week= (2026-W49 or a date), else this week: its Monday and Sunday. */
static void week_of_request(ctx *c, char mon[11], char sun[11], int *y_r, int *w_r)
{
    int y = 0, w = 0;
    const char *q = req_query(c->rq, "week");
    if (!q || !*q || sched_parse_week(q, &y, &w) != 0)
        sched_iso_week(web_today(c), &y, &w);
    sched_week_monday(y, w, mon);
    /* Sunday: six days on (the ISO week of that Monday, its 7th day). */
    int yy = y, ww = w + 1;
    char next[11];
    if (sched_week_monday(yy, ww, next) != 0) {
        yy++;
        ww = 1;
        sched_week_monday(yy, ww, next);
    }
    /* next Monday minus one day */
    int ny = 0, nm = 0, nd = 0;
    clock_parse_date(next, &ny, &nm, &nd);
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (--nd == 0) {
        if (--nm == 0) {
            nm = 12;
            ny--;
        }
        nd = mdays[nm - 1] + (nm == 2 && ((ny % 4 == 0 && ny % 100 != 0) || ny % 400 == 0));
    }
    snprintf(sun, 11, "%04d-%02d-%02d", ny, nm, nd);
    *y_r = y;
    *w_r = w;
}

static void week_xlsx(ctx *c, const fac_booking *b, int n, const char *title)
{
    static const char *const headers[] = {
        N_("Bắt đầu"), N_("Kết thúc"), N_("Phòng họp, xe"), N_("Nội dung sử dụng"),
        N_("Lái xe"),  N_("Nơi đến"),  N_("Người đặt")};
    enum { NC = 7 };
    const char **h = arena_alloc(c->a, sizeof *h * NC);
    for (int k = 0; k < NC; k++)
        h[k] = _(headers[k]);
    const char **cells = arena_alloc(c->a, sizeof *cells * NC * (size_t)(n + 1));
    for (int i = 0; i < n; i++) {
        const char **r = cells + (size_t)i * NC;
        r[0] = fac_vn_stamp(c, b[i].starts_at);
        r[1] = fac_vn_stamp(c, b[i].ends_at);
        r[2] = b[i].resource_name;
        r[3] = b[i].from_calendar ? arena_printf(c->a, "%s: %s", _("Lịch công tác"), b[i].purpose)
                                  : b[i].purpose;
        r[4] = b[i].driver;
        r[5] = b[i].destination;
        r[6] = b[i].booked_by_name;
    }
    export_table(c, "xlsx", "lich-dat-phong-xe", title, NC, h, n, cells);
}

static void h_week(ctx *c)
{
    int64_t unit_id = fac_home_unit(c);
    char mon[11], sun[11];
    int y, w;
    week_of_request(c, mon, sun, &y, &w);
    fac_booking *b;
    int n = fac_bookings_between(c, unit_id, mon, sun, &b);
    const char *title =
        arena_printf(c->a, _("Lịch sử dụng phòng họp, xe tuần %d/%d (từ %s đến %s)"), w, y,
                     web_date_vn(c, mon), web_date_vn(c, sun));
    const char *format = req_query(c->rq, "format");
    if (format && strcmp(format, "xlsx") == 0) {
        week_xlsx(c, b, n, title);
        return;
    }
    page_begin(c, title, "facilities");
    int py = y, pw = w - 1, ny = y, nw = w + 1;
    char tmp[11];
    if (pw < 1) {
        py--;
        pw = sched_week_monday(py, 53, tmp) == 0 ? 53 : 52;
    }
    if (sched_week_monday(ny, nw, tmp) != 0) {
        ny++;
        nw = 1;
    }
    html_printf(B(c),
                "<p class=\"actions no-print\"><a href=\"/facilities/bookings?week=%d-W%02d\">%s"
                "</a> <a href=\"/facilities/bookings?week=%d-W%02d\">%s</a> <a "
                "href=\"/facilities/bookings/new\" class=\"button\">%s</a> <a "
                "href=\"/facilities/bookings?week=%d-W%02d&amp;format=xlsx\">%s</a> <button "
                "type=\"button\" data-print>%s</button> <a href=\"/facilities\">%s</a></p>",
                py, pw, _("« Tuần trước"), ny, nw, _("Tuần sau »"), _("Đặt phòng họp, xe"), y, w,
                _("Tải Excel"), _("In lịch tuần"), _("Tài sản"));
    html_printf(B(c),
                "<div class=\"table-wrap landscape\"><table id=\"fac-week\" class=\"cards\">"
                "<thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
                "<th class=\"no-print\"></th></tr></thead><tbody>",
                _("Thời gian"), _("Phòng họp, xe"), _("Nội dung sử dụng"), _("Lái xe, nơi đến"),
                _("Người đặt"));
    for (int i = 0; i < n; i++) {
        const char *what = b[i].from_calendar
                               ? arena_printf(c->a, "%s: %s", _("Lịch công tác"), b[i].purpose)
                               : b[i].purpose;
        const char *trip =
            *b[i].driver || *b[i].destination
                ? arena_printf(c->a, "%s%s%s", b[i].driver,
                               *b[i].driver && *b[i].destination ? " — " : "", b[i].destination)
                : "";
        html_printf(B(c),
                    "<tr data-booking=\"%lld\"><td data-label=\"%s\">%s – %s</td><td "
                    "data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td><td "
                    "data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td><td "
                    "class=\"no-print\">",
                    b[i].from_calendar ? 0LL : (long long)b[i].id, _("Thời gian"),
                    fac_vn_stamp(c, b[i].starts_at), fac_vn_stamp(c, b[i].ends_at),
                    _("Phòng họp, xe"), b[i].resource_name, _("Nội dung sử dụng"), what,
                    _("Lái xe, nơi đến"), trip, _("Người đặt"), b[i].booked_by_name);
        if (b[i].from_calendar)
            html_printf(B(c), "<a href=\"/schedule/events/%lld\">%s</a>", (long long)b[i].id,
                        _("Xem lịch"));
        else if (fac_may_manage(c, unit_id) || (c->user && c->user->id == b[i].booked_by)) {
            html_printf(B(c),
                        "<form method=\"post\" action=\"/facilities/bookings/%lld/cancel\" "
                        "class=\"inline\" data-confirm=\"%s\">",
                        (long long)b[i].id, _("Hủy lượt đặt này?"));
            form_csrf(c);
            html_printf(B(c), "<button class=\"danger\">%s</button></form>", _("Hủy"));
        }
        html_raw(B(c), "</td></tr>");
    }
    if (n == 0)
        html_printf(B(c), "<tr><td colspan=\"6\" class=\"empty\">%s</td></tr>",
                    _("Tuần này chưa có lượt đặt phòng họp, xe nào."));
    html_raw(B(c), "</tbody></table></div>");
    page_end(c);
}

static void h_new(ctx *c)
{
    int64_t unit_id = fac_home_unit(c);
    if (!fac_may_book(c, unit_id)) {
        respond_forbidden(c);
        return;
    }
    const char *key = "/facilities/bookings";
    int64_t conf_id = 0;
    query_int(c, "conference", 1, INT64_MAX, &conf_id);
    const conference *k = conf_id > 0 ? conf_get(c, conf_id) : NULL;
    const char *day = web_today(c), *start = "08:00", *end = "11:00", *purpose = "";
    const char *end_day = "";
    if (k && k->starts_at && strlen(k->starts_at) >= 16) {
        day = arena_strndup(c->a, k->starts_at, 10);
        start = arena_strndup(c->a, k->starts_at + 11, 5);
        if (k->ends_at && strlen(k->ends_at) >= 16) {
            end = arena_strndup(c->a, k->ends_at + 11, 5);
            if (strncmp(k->ends_at, k->starts_at, 10) != 0)
                end_day = arena_strndup(c->a, k->ends_at, 10);
        }
        purpose = k->title;
    }
    page_begin(c, _("Đặt phòng họp, xe"), "facilities");
    if (k)
        html_printf(B(c), "<p id=\"fac-for-conf\">%s: <a href=\"/conferences/%lld\">%s</a></p>",
                    _("Cho hội nghị"), (long long)k->id, k->title);
    html_raw(B(c), "<form class=\"form\" method=\"post\" action=\"/facilities/bookings\">");
    form_csrf(c);
    if (k)
        html_printf(B(c), "<input type=\"hidden\" name=\"conference_id\" value=\"%lld\">",
                    (long long)k->id);
    sched_room *r;
    int nr = sched_rooms(c, unit_id, &r);
    const char *cur = form_val(c, key, "room_id", "");
    cur = cur ? cur : "";
    html_printf(B(c),
                "<div class=\"field%s\"><label for=\"f-room_id\">%s</label><select "
                "id=\"f-room_id\" name=\"room_id\"",
                form_err(c, key, "room_id") ? " has-error" : "", _("Phòng họp"));
    form_aria_html(c, key, "room_id", "f-room_id");
    html_printf(B(c), "><option value=\"\">%s</option>", _("(Không đặt phòng)"));
    for (int i = 0; i < nr; i++) {
        const char *id = arena_printf(c->a, "%lld", (long long)r[i].id);
        html_printf(B(c), "<option value=\"%s\"%s>%s</option>", id,
                    strcmp(cur, id) == 0 ? " selected" : "", r[i].name);
    }
    html_raw(B(c), "</select>");
    form_err_html(c, key, "room_id", "f-room_id");
    html_raw(B(c), "</div>");
    fac_asset *v;
    int nv = fac_assets(c, unit_id, &(fac_filter){.kind = "vehicle", .status = "in_use"}, &v);
    cur = form_val(c, key, "vehicle_id", "");
    cur = cur ? cur : "";
    html_printf(B(c),
                "<div class=\"field%s\"><label for=\"f-vehicle_id\">%s</label><select "
                "id=\"f-vehicle_id\" name=\"vehicle_id\"",
                form_err(c, key, "vehicle_id") ? " has-error" : "", _("Hoặc xe"));
    form_aria_html(c, key, "vehicle_id", "f-vehicle_id");
    html_printf(B(c), "><option value=\"\">%s</option>", _("(Không đặt xe)"));
    for (int i = 0; i < nv; i++) {
        const char *id = arena_printf(c->a, "%lld", (long long)v[i].id);
        html_printf(B(c), "<option value=\"%s\"%s>%s (%s)</option>", id,
                    strcmp(cur, id) == 0 ? " selected" : "", v[i].name, v[i].plate);
    }
    html_raw(B(c), "</select>");
    form_err_html(c, key, "vehicle_id", "f-vehicle_id");
    html_raw(B(c), "</div>");
    form_field_html(
        c, key,
        &(form_field){
            .name = "day", .label = _("Ngày"), .type = "date", .value = day, .required = true});
    form_field_html(c, key,
                    &(form_field){.name = "start_time",
                                  .label = _("Từ giờ"),
                                  .type = "time",
                                  .value = start,
                                  .required = true});
    form_field_html(c, key,
                    &(form_field){.name = "end_time",
                                  .label = _("Đến giờ"),
                                  .type = "time",
                                  .value = end,
                                  .required = true});
    form_field_html(c, key,
                    &(form_field){.name = "end_day",
                                  .label = _("Đến ngày"),
                                  .type = "date",
                                  .value = end_day,
                                  .hint = _("Chỉ khi kéo dài sang ngày khác")});
    form_field_html(
        c, key,
        &(form_field){
            .name = "purpose", .label = _("Nội dung sử dụng"), .value = purpose, .required = true});
    form_field_html(c, key, &(form_field){.name = "driver", .label = _("Lái xe")});
    form_field_html(c, key, &(form_field){.name = "destination", .label = _("Nơi đến")});
    html_printf(B(c),
                "<div class=\"actions\"><button>%s</button> <a href=\"/facilities/bookings\">%s"
                "</a></div></form>",
                _("Đặt"), _("Hủy"));
    page_end(c);
}

static void h_create(ctx *c)
{
    /* Who may book is asked before the form is read: a refused caller hears 403, not the
     * form's messages. */
    if (!fac_may_book(c, fac_home_unit(c))) {
        respond_forbidden(c);
        return;
    }
    web_err e = {0};
    fac_booking_input in = {0};
    in.room_id = form_id(c, "room_id");
    in.vehicle_id = form_id(c, "vehicle_id");
    in.conference_id = form_id(c, "conference_id");
    in.event_id = form_id(c, "event_id");
    const char *day = req_form(c->rq, "day"), *end_day = req_form(c->rq, "end_day");
    const char *t0 = req_form(c->rq, "start_time"), *t1 = req_form(c->rq, "end_time");
    if (!day || !*day)
        web_err_add(&e, 400, "invalid_input", "day", _("Ngày là bắt buộc."));
    else if (!param_date(day))
        web_err_add(&e, 400, "invalid_input", "day", _("Ngày không hợp lệ (dd/mm/yyyy)."));
    in.starts_at = fac_stamp(c, day, t0);
    in.ends_at = fac_stamp(c, end_day && *end_day ? end_day : day, t1);
    if (!e.n && !in.starts_at)
        web_err_add(&e, 400, "invalid_input", "start_time",
                    _("Giờ bắt đầu không hợp lệ (giờ:phút, ví dụ 08:00)."));
    if (!e.n && !in.ends_at)
        web_err_add(&e, 400, "invalid_input", "end_time",
                    _("Giờ kết thúc không hợp lệ (giờ:phút, ví dụ 11:30)."));
    in.purpose = req_form(c->rq, "purpose");
    in.driver = req_form(c->rq, "driver");
    in.destination = req_form(c->rq, "destination");
    int64_t id = e.n ? -1 : fac_booking_create(c, &in, &e);
    if (id < 0) {
        /* The service names starts_at/ends_at; on the page they are the hour fields. */
        for (int i = 0; i < e.n; i++) {
            if (e.e[i].field && strcmp(e.e[i].field, "starts_at") == 0)
                e.e[i].field = "start_time";
            else if (e.e[i].field && strcmp(e.e[i].field, "ends_at") == 0)
                e.e[i].field = "end_time";
        }
        const char *back = in.conference_id > 0
                               ? arena_printf(c->a, "/facilities/bookings/new?conference=%lld",
                                              (long long)in.conference_id)
                               : "/facilities/bookings/new";
        web_after_post(c, back, -1, &e, NULL);
        return;
    }
    page_flash_set(c, _("Đã đặt."));
    respond_redirect(c, arena_printf(c->a, "/facilities/bookings?week=%s", day));
}

static void h_cancel(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    const fac_booking *b = fac_booking_get(c, id);
    web_err e = {0};
    int rc = fac_booking_cancel(c, id, &e);
    web_after_post(c,
                   b ? arena_printf(c->a, "/facilities/bookings?week=%.10s", b->starts_at)
                     : "/facilities/bookings",
                   rc, &e, _("Đã hủy lượt đặt."));
}

void fac_booking_pages(void)
{
    route_add("GET", "/facilities/bookings", h_week, 0);
    route_add("GET", "/facilities/bookings/new", h_new, 0);
    route_add("POST", "/facilities/bookings", h_create, 0);
    route_add("POST", "/facilities/bookings/{id}/cancel", h_cancel, 0);
}
