/* Pages of the weekly calendar: the week grid (rows = days, columns = sáng/chiều/tối; A4
 * landscape in print, stacked day cards on a phone), the per-leader and per-unit views, an
 * event's page, publication, the version history, and the home section. The event form is in
 * schedule_form.c, rooms and feeds in schedule_feeds_web.c. Rules live in schedule.c. */
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/i18n.h"
#include "http/router.h"
#include "org/org.h"
#include "schedule/schedule.h"
#include "schedule/schedule_impl.h"
#include "web/errors.h"
#include "web/forms.h"
#include "web/layout.h"
#include "web/params.h"
#include "web/records.h"
#include "web/respond.h"
#include "workdays/workdays.h"

static strbuf *B(ctx *c)
{
    return &c->rs->body;
}

const char *sched_vn_date(ctx *c, const char *iso)
{
    char buf[16];
    if (!iso || !*iso)
        return "";
    clock_date_vn(iso, buf, sizeof buf);
    return arena_strdup(c->a, buf);
}

const char *sched_vn_stamp(ctx *c, const char *iso_utc)
{
    char buf[24];
    int64_t t = iso_utc ? clock_parse_iso(iso_utc) : -1;
    if (t < 0)
        return "";
    clock_vn_datetime(t, buf, sizeof buf);
    return arena_strdup(c->a, buf);
}

static const char *weekday_name(int wd)
{
    switch (wd) {
    case 1:
        return _("Thứ Hai");
    case 2:
        return _("Thứ Ba");
    case 3:
        return _("Thứ Tư");
    case 4:
        return _("Thứ Năm");
    case 5:
        return _("Thứ Sáu");
    case 6:
        return _("Thứ Bảy");
    default:
        return _("Chủ nhật");
    }
}

/* The week asked for (?week=2026-W49 or ?date=YYYY-MM-DD), else this week. */
void sched_week_of_request(ctx *c, int *y, int *w)
{
    const char *q = req_query(c->rq, "week");
    if (!q)
        q = req_query(c->rq, "date");
    if (q && sched_parse_week(q, y, w) == 0)
        return;
    char today[16];
    clock_vn_today(today, sizeof today);
    sched_iso_week(today, y, w);
}

/* The calendar asked for (?unit=), when the caller may read it; else the caller's. */
int64_t sched_unit_of_request(ctx *c)
{
    int64_t u = 0;
    if (query_int(c, "unit", 1, INT64_MAX, &u) == PARAM_OK && sched_may_read(c, u))
        return u;
    return sched_home_unit(c);
}

static const char *week_param(ctx *c, int y, int w, int delta)
{
    char mon[11], d[11];
    if (sched_week_monday(y, w, mon) != 0 || workdays_date_add(mon, 7 * delta, d) != 0)
        return "";
    int y2, w2;
    sched_iso_week(d, &y2, &w2);
    return arena_printf(c->a, "%d-W%02d", y2, w2);
}

static void event_item(ctx *c, const sched_event *ev, bool show_marks)
{
    const char *cls = ev->busy_only                          ? " busy"
                      : strcmp(ev->status, "cancelled") == 0 ? " cancelled"
                                                             : "";
    html_printf(B(c), "<div class=\"sched-ev%s%s%s\"", cls, ev->amended ? " amended" : "",
                ev->clash ? " clash" : "");
    if (ev->id)
        html_printf(B(c), " id=\"ev-%lld\"", (long long)ev->id);
    html_raw(B(c), ">");
    if (ev->start_time)
        html_printf(B(c), "<span class=\"sched-time\">%s%s%s</span> ", ev->start_time,
                    ev->end_time ? "–" : "", ev->end_time ? ev->end_time : "");
    if (ev->busy_only) {
        html_printf(B(c), "<strong>%s</strong></div>", _("Bận"));
        return;
    }
    html_printf(B(c), "<a href=\"/schedule/events/%lld\">%s</a>", (long long)ev->id, ev->content);
    if (show_marks && ev->amended)
        html_printf(B(c), " <span class=\"mark mark-due\">%s</span>", _("Điều chỉnh"));
    if (strcmp(ev->status, "cancelled") == 0)
        html_printf(B(c), " <span class=\"mark mark-overdue\">%s</span>", _("Đã hủy"));
    if (show_marks && ev->clash && strcmp(ev->status, "active") == 0)
        html_printf(B(c), " <span class=\"mark mark-urgent no-print\">%s</span>", _("Trùng lịch"));
    if (strcmp(ev->visibility, "private") == 0)
        html_printf(B(c), " <span class=\"mark mark-secret\">%s</span>", _("Riêng"));
    html_raw(B(c), "<div class=\"sched-meta\">");
    if (*ev->chair_name)
        html_printf(B(c), "<span>%s: %s.</span> ", _("Chủ trì"), ev->chair_name);
    if (ev->participants)
        html_printf(B(c), "<span>%s: %s.</span> ", _("Thành phần"), ev->participants);
    if (*ev->room_name || ev->venue)
        html_printf(B(c), "<span>%s: %s%s%s.</span> ", _("Địa điểm"), ev->room_name,
                    *ev->room_name && ev->venue ? ", " : "", ev->venue ? ev->venue : "");
    if (*ev->preparing_unit_name)
        html_printf(B(c), "<span>%s: %s.</span>", _("Chuẩn bị"), ev->preparing_unit_name);
    html_raw(B(c), "</div></div>");
}

static void state_line(ctx *c, const sched_week *wk)
{
    if (wk->version == 0) {
        html_printf(B(c), "<p class=\"sched-state draft\" id=\"sched-state\">%s</p>",
                    _("Dự thảo — chưa phát hành."));
        return;
    }
    html_printf(B(c), "<p class=\"sched-state\" id=\"sched-state\">%s %s", _("Đã phát hành lúc"),
                sched_vn_stamp(c, wk->first_published_at));
    if (wk->version > 1)
        html_printf(B(c), "; <strong>%s %d</strong> (%s %s)", _("điều chỉnh, bản số"), wk->version,
                    _("lúc"), sched_vn_stamp(c, wk->published_at));
    html_raw(B(c), ".</p>");
}

/* The people whose calendar this is, for the leader filter and the form: the active
 * accounts (not unit accounts or admins) anchored at the unit, committee leaders first. */
int sched_people_of(ctx *c, int64_t unit_id, org_choice **rows_r)
{
    org_choice *all;
    int n = org_choice_people(c, 0, &all);
    org_choice *v = arena_alloc(c->a, sizeof *v * (size_t)(n > 0 ? n : 1));
    int m = 0;
    for (int i = 0; i < n; i++)
        if (org_scope_anchor(c->db, all[i].unit_id) == unit_id)
            v[m++] = all[i];
    *rows_r = v;
    return m;
}

static void filters_bar(ctx *c, int64_t unit_id, int y, int w, const sched_filter *f)
{
    org_choice *people;
    int np = sched_people_of(c, unit_id, &people);
    html_printf(B(c),
                "<form method=\"get\" action=\"/schedule\" class=\"table-tools no-print\" "
                "id=\"sched-filter\"><input type=\"hidden\" name=\"week\" value=\"%d-W%02d\">"
                "<input type=\"hidden\" name=\"unit\" value=\"%lld\"><label>%s <select "
                "name=\"leader\"><option value=\"\">%s</option>",
                y, w, (long long)unit_id, _("Lãnh đạo"), _("(Tất cả)"));
    for (int i = 0; i < np; i++)
        html_printf(B(c), "<option value=\"%lld\"%s>%s</option>", (long long)people[i].id,
                    f->leader_id == people[i].id ? " selected" : "", people[i].name);
    html_printf(B(c),
                "</select></label> <label>%s <select name=\"preparing\"><option "
                "value=\"\">%s</option>",
                _("Đơn vị chuẩn bị"), _("(Tất cả)"));
    org_choice *units;
    int nu = org_choice_units(c, &units);
    for (int i = 0; i < nu; i++)
        if (org_unit_in_scope(c, units[i].id) || units[i].id == f->preparing_unit_id)
            html_printf(B(c), "<option value=\"%lld\"%s>%s</option>", (long long)units[i].id,
                        f->preparing_unit_id == units[i].id ? " selected" : "", units[i].name);
    html_printf(B(c), "</select></label> <button>%s</button></form>", _("Xem"));
}

/* The week grid of unit_id, as the caller may see it, filtered by f. */
static void grid_page(ctx *c, int64_t unit_id, const sched_filter *f, const char *title_extra)
{
    int y, w;
    sched_week_of_request(c, &y, &w);
    if (!sched_may_read(c, unit_id)) {
        respond_not_found(c);
        return;
    }
    sched_week wk;
    sched_week_get(c, unit_id, y, w, &wk);
    const unit *un = org_unit_get(c, unit_id);
    bool office = sched_may_draft(c, unit_id) || sched_may_publish(c, unit_id);
    page_begin(c, _("Lịch công tác tuần"), "schedule");
    int dy, dw;
    if (office && sched_publication_due(c, unit_id, &dy, &dw))
        page_alert(c, "warn",
                   arena_printf(c->a, _("Lịch công tác tuần %d/%d chưa phát hành."), dw, dy));
    const char *base = c->rq->path;
    html_printf(B(c),
                "<nav class=\"sched-weeks no-print\"><a href=\"%s?unit=%lld&amp;week=%s\" "
                "rel=\"prev\">← %s</a> <a href=\"%s?unit=%lld\">%s</a> <a "
                "href=\"%s?unit=%lld&amp;week=%s\" rel=\"next\">%s →</a></nav>",
                base, (long long)unit_id, week_param(c, y, w, -1), _("Tuần trước"), base,
                (long long)unit_id, _("Tuần này"), base, (long long)unit_id, week_param(c, y, w, 1),
                _("Tuần sau"));
    state_line(c, &wk);
    html_raw(B(c), "<div class=\"actions no-print\">");
    if (sched_may_draft(c, unit_id))
        html_printf(B(c), "<a class=\"button\" href=\"/schedule/new?day=%s\">%s</a> ", wk.monday,
                    _("Thêm sự kiện"));
    if (wk.version == 0 && sched_may_publish(c, unit_id)) {
        html_printf(B(c),
                    "<form method=\"post\" action=\"/schedule/weeks/publish\" class=\"inline\" "
                    "data-confirm=\"%s\"><input type=\"hidden\" name=\"unit_id\" value=\"%lld\">"
                    "<input type=\"hidden\" name=\"week\" value=\"%d-W%02d\">",
                    _("Phát hành lịch tuần này? Sau khi phát hành, mỗi thay đổi là một bản "
                      "điều chỉnh được thông báo."),
                    (long long)unit_id, y, w);
        form_csrf(c);
        html_printf(B(c), "<button>%s</button></form> ", _("Phát hành lịch tuần"));
    }
    html_printf(B(c),
                "<button type=\"button\" class=\"secondary\" data-print>%s</button> <a "
                "href=\"/schedule/feeds\">%s</a> <a href=\"/schedule/rooms\">%s</a></div>",
                _("In lịch"), _("Đăng ký lịch trên điện thoại"), _("Phòng họp"));
    filters_bar(c, unit_id, y, w, f);
    if (wk.version == 0 && !office) {
        html_printf(B(c), "<p class=\"empty\">%s</p>", _("Lịch tuần này chưa phát hành."));
        page_end(c);
        return;
    }
    /* ?version=N: the version as it was sent (its frozen snapshot), not today's calendar. */
    int64_t version = 0;
    query_int(c, "version", 1, wk.version > 0 ? wk.version : 1, &version);
    sched_event *ev;
    int n = version > 0 && wk.version > 0 ? sched_week_snapshot(c, unit_id, y, w, (int)version, &ev)
                                          : sched_week_events(c, unit_id, y, w, f, &ev);
    if (n < 0) {
        n = 0;
        version = 0;
    }
    if (version > 0)
        html_printf(B(c),
                    "<p class=\"alert alert-warn no-print\" id=\"sched-version\">%s %lld %s <a "
                    "href=\"/schedule?unit=%lld&amp;week=%d-W%02d\">%s</a></p>",
                    _("Đang xem bản số"), (long long)version, _("như đã gửi."), (long long)unit_id,
                    y, w, _("Xem lịch hiện hành"));
    html_printf(B(c),
                "<div class=\"table-wrap landscape sched\"><h2 class=\"sched-title\">%s %d/%d "
                "— %s%s</h2><p class=\"sched-range\">%s %s %s %s</p>",
                _("LỊCH CÔNG TÁC TUẦN"), w, y, un ? un->name : "", title_extra ? title_extra : "",
                _("Từ ngày"), sched_vn_date(c, wk.monday), _("đến ngày"),
                sched_vn_date(c, wk.sunday));
    if (version > 0)
        html_printf(B(c), "<p class=\"sched-range\">%s %lld</p>", _("Bản số"), (long long)version);
    html_printf(B(c),
                "<table id=\"sched-grid\" class=\"sched-grid\"><thead><tr><th>%s</th><th>%s</th>"
                "<th>%s</th><th>%s</th></tr></thead><tbody>",
                _("Ngày"), _("Sáng"), _("Chiều"), _("Tối"));
    for (int d = 0; d < 7; d++) {
        char day[11];
        workdays_date_add(wk.monday, d, day);
        char why[256];
        const char *reason = workdays_reason(c->db, day, why, sizeof why);
        bool holiday = reason && d < 5;
        char dm[16];
        clock_date_vn(day, dm, sizeof dm);
        html_printf(B(c), "<tr class=\"sched-day%s\" data-day=\"%s\"><th scope=\"row\">%s<br>%s",
                    holiday ? " holiday" : "", day, weekday_name(d + 1),
                    dm[2] == '/' ? arena_strndup(c->a, dm, 5) : arena_strdup(c->a, dm + 5));
        if (holiday)
            html_printf(B(c), "<br><span class=\"holiday-name\">%s</span>", reason);
        html_raw(B(c), "</th>");
        for (int s = 0; sched_sessions[s]; s++) {
            html_printf(B(c), "<td data-label=\"%s\">", sched_session_label(sched_sessions[s]));
            for (int i = 0; i < n; i++)
                if (strcmp(ev[i].day, day) == 0 && strcmp(ev[i].session, sched_sessions[s]) == 0)
                    event_item(c, &ev[i], true);
            html_raw(B(c), "</td>");
        }
        html_raw(B(c), "</tr>");
    }
    html_raw(B(c), "</tbody></table></div>");
    sched_week *vers;
    int nv = sched_week_versions(c, unit_id, y, w, &vers);
    if (nv > 0) {
        html_printf(B(c), "<section class=\"panel no-print\" id=\"sched-versions\"><h2>%s</h2><ul>",
                    _("Các bản đã phát hành"));
        for (int i = 0; i < nv; i++)
            html_printf(B(c),
                        "<li><a href=\"/schedule?unit=%lld&amp;week=%d-W%02d&amp;version=%d\">%s "
                        "%d</a> — %s, %s%s%s</li>",
                        (long long)unit_id, y, w, vers[i].version, _("Bản số"), vers[i].version,
                        sched_vn_stamp(c, vers[i].published_at), vers[i].published_by_name,
                        vers[i].note ? ": " : "", vers[i].note ? vers[i].note : "");
        html_raw(B(c), "</ul></section>");
    }
    page_end(c);
}

static void h_grid(ctx *c)
{
    sched_filter f = {0};
    query_int(c, "leader", 1, INT64_MAX, &f.leader_id);
    query_int(c, "preparing", 1, INT64_MAX, &f.preparing_unit_id);
    grid_page(c, sched_unit_of_request(c), &f, NULL);
}

static void h_leader(ctx *c)
{
    sched_filter f = {.leader_id = req_param_id(c->rq, "id")};
    org_choice *people;
    int64_t unit_id = sched_unit_of_request(c);
    int np = sched_people_of(c, unit_id, &people);
    const char *name = NULL;
    for (int i = 0; i < np; i++)
        if (people[i].id == f.leader_id)
            name = people[i].name;
    if (!name) {
        respond_not_found(c);
        return;
    }
    grid_page(c, unit_id, &f, arena_printf(c->a, " — %s %s", _("đồng chí"), name));
}

static void h_unit(ctx *c)
{
    sched_filter f = {.preparing_unit_id = req_param_id(c->rq, "id")};
    const unit *u = org_unit_get(c, f.preparing_unit_id);
    if (!u) {
        respond_not_found(c);
        return;
    }
    grid_page(c, sched_unit_of_request(c), &f,
              arena_printf(c->a, " — %s %s", _("đơn vị chuẩn bị"), u->name));
}

static void h_show(ctx *c)
{
    const sched_event *ev = sched_event_get(c, req_param_id(c->rq, "id"));
    if (!ev) {
        respond_not_found(c);
        return;
    }
    page_begin(c, _("Sự kiện trong lịch công tác tuần"), "schedule");
    char dm[16];
    clock_date_vn(ev->day, dm, sizeof dm);
    int wd = workdays_iso_weekday(ev->day);
    html_printf(B(c), "<dl class=\"props\" id=\"sched-event\"><dt>%s</dt><dd>%s, %s — %s",
                _("Thời gian"), weekday_name(wd), dm, sched_session_label(ev->session));
    if (ev->start_time)
        html_printf(B(c), " %s%s%s", ev->start_time, ev->end_time ? "–" : "",
                    ev->end_time ? ev->end_time : "");
    html_printf(B(c), "</dd><dt>%s</dt><dd>%s", _("Nội dung"), ev->content);
    if (ev->amended)
        html_printf(B(c), " <span class=\"mark mark-due\">%s</span>", _("Điều chỉnh"));
    if (strcmp(ev->status, "cancelled") == 0)
        html_printf(B(c), " <span class=\"mark mark-overdue\">%s</span>", _("Đã hủy"));
    html_raw(B(c), "</dd>");
    if (*ev->chair_name)
        html_printf(B(c), "<dt>%s</dt><dd>%s</dd>", _("Chủ trì"), ev->chair_name);
    if (ev->participants)
        html_printf(B(c), "<dt>%s</dt><dd>%s</dd>", _("Thành phần"), ev->participants);
    if (*ev->room_name)
        html_printf(B(c), "<dt>%s</dt><dd>%s</dd>", _("Phòng họp"), ev->room_name);
    if (ev->venue)
        html_printf(B(c), "<dt>%s</dt><dd>%s</dd>", _("Địa điểm"), ev->venue);
    if (*ev->preparing_unit_name)
        html_printf(B(c), "<dt>%s</dt><dd>%s</dd>", _("Đơn vị chuẩn bị"), ev->preparing_unit_name);
    html_printf(B(c), "<dt>%s</dt><dd>%s</dd>", _("Phạm vi"),
                sched_visibility_label(ev->visibility));
    if (ev->conference_id)
        html_printf(B(c), "<dt>%s</dt><dd><a href=\"/conferences/%lld\">%s</a></dd>", _("Hội nghị"),
                    (long long)ev->conference_id, _("Xem hội nghị"));
    if (ev->programme_item_id)
        html_printf(B(c), "<dt>%s</dt><dd><a href=\"/programmes/items/%lld\">%s</a></dd>",
                    _("Mục chương trình"), (long long)ev->programme_item_id,
                    _("Xem mục chương trình"));
    html_raw(B(c), "</dl>");
    sched_clash *cl;
    int ncl = strcmp(ev->status, "active") == 0 ? sched_event_clashes(c, ev, &cl) : 0;
    for (int i = 0; i < ncl; i++)
        page_alert(c, "warn", cl[i].message);
    html_printf(B(c),
                "<div class=\"actions no-print\"><a href=\"/schedule?unit=%lld&amp;week=%d-W%02d"
                "\">%s</a>",
                (long long)ev->unit_id, ev->iso_year, ev->iso_week, _("Về lịch tuần"));
    if (sched_may_draft(c, ev->unit_id) && strcmp(ev->status, "active") == 0) {
        html_printf(B(c), " <a class=\"button\" href=\"/schedule/events/%lld/edit\">%s</a>",
                    (long long)ev->id, _("Sửa"));
        html_printf(B(c),
                    " <form method=\"post\" action=\"/schedule/events/%lld/cancel\" "
                    "class=\"inline\" data-confirm=\"%s\">",
                    (long long)ev->id, _("Hủy sự kiện này?"));
        form_csrf(c);
        html_printf(B(c), "<button class=\"danger\">%s</button></form>", _("Hủy sự kiện"));
    }
    html_raw(B(c), "</div>");
    page_end(c);
}

static void h_publish(ctx *c)
{
    int64_t unit_id = form_id(c, "unit_id");
    int y = 0, w = 0;
    web_err e = {0};
    if (sched_parse_week(req_form(c->rq, "week"), &y, &w) != 0)
        web_err_add(&e, 400, "invalid_input", "week", _("Tuần không hợp lệ."));
    int rc = e.n ? -1 : sched_week_publish(c, unit_id, y, w, &e);
    web_after_post(
        c, arena_printf(c->a, "/schedule?unit=%lld&week=%d-W%02d", (long long)unit_id, y, w), rc,
        &e, arena_printf(c->a, _("Đã phát hành lịch công tác tuần %d/%d."), w, y));
}

static void h_cancel(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    web_err e = {0};
    int rc = sched_event_cancel(c, id, req_form(c->rq, "note"), &e);
    web_after_post(c, arena_printf(c->a, "/schedule/events/%lld", (long long)id), rc, &e,
                   _("Đã hủy sự kiện."));
}

/* Home: today's events of the caller's calendar and the publication reminder. */
static void home_today(ctx *c)
{
    if (!c->user)
        return;
    int64_t unit_id = sched_home_unit(c);
    if (!sched_may_read(c, unit_id))
        return;
    char today[16];
    clock_vn_today(today, sizeof today);
    int y, w;
    sched_iso_week(today, &y, &w);
    sched_event *ev;
    int n = sched_week_events(c, unit_id, y, w, NULL, &ev);
    int dy, dw;
    bool due = (sched_may_draft(c, unit_id) || sched_may_publish(c, unit_id)) &&
               sched_publication_due(c, unit_id, &dy, &dw);
    bool published = sched_week_version(c->db, unit_id, y, w) > 0;
    int shown = 0;
    for (int i = 0; i < n; i++)
        shown += strcmp(ev[i].day, today) == 0 && strcmp(ev[i].status, "active") == 0;
    if (!due && (!published || shown == 0))
        return;
    html_printf(B(c), "<section class=\"panel\" id=\"home-schedule\"><h2>%s</h2>",
                _("Lịch công tác hôm nay"));
    if (due)
        html_printf(
            B(c), "<p class=\"alert alert-warn\">%s <a href=\"/schedule?week=%d-W%02d\">%s</a></p>",
            arena_printf(c->a, _("Lịch công tác tuần %d/%d chưa phát hành."), dw, dy), dy, dw,
            _("Mở lịch tuần sau"));
    if (published)
        for (int i = 0; i < n; i++)
            if (strcmp(ev[i].day, today) == 0 && strcmp(ev[i].status, "active") == 0)
                event_item(c, &ev[i], false);
    html_printf(B(c), "<p><a href=\"/schedule\">%s</a></p></section>", _("Xem lịch công tác tuần"));
}

/* On a programme item's page: the calendar's events for it (or for the conference made for
 * it), the ones the caller may see. */
static const db_query q_item_events = {
    "sched.item_events",
    "SELECT e.id FROM schedule_events e WHERE e.status = 'active' AND (e.programme_item_id = ?1 "
    "OR e.programme_item_id IN (SELECT id FROM programme_items WHERE origin_item_id = ?1)) "
    "ORDER BY e.day, e.start_time, e.id LIMIT 20",
    NULL};

static void item_section(ctx *c, const char *kind, int64_t item_id)
{
    (void)kind;
    db_stmt *s = db_stmt_get(c->db, &q_item_events);
    if (!s)
        return;
    db_bind_int(s, 1, item_id);
    int64_t ids[20];
    int n = 0;
    while (n < 20 && db_step(s) == DB_ROW)
        ids[n++] = db_col_int(s, 0);
    db_reset(s);
    int shown = 0;
    for (int i = 0; i < n; i++) {
        const sched_event *ev = sched_event_get(c, ids[i]);
        if (!ev)
            continue;
        if (!shown++)
            html_printf(B(c),
                        "<section class=\"panel\" id=\"item-events\"><h2>%s</h2><ul "
                        "class=\"links\">",
                        _("Lịch công tác"));
        html_printf(B(c), "<li><a href=\"/schedule/events/%lld\">%s</a> — %s</li>",
                    (long long)ev->id, sched_vn_date(c, ev->day), ev->content);
    }
    if (shown)
        html_raw(B(c), "</ul></section>");
}

void sched_web_routes(void)
{
    record_section_register("programme.item", item_section);
    route_add("GET", "/schedule", h_grid, 0);
    route_add("GET", "/schedule/leaders/{id}", h_leader, 0);
    route_add("GET", "/schedule/units/{id}", h_unit, 0);
    route_add("GET", "/schedule/events/{id}", h_show, 0);
    route_add("POST", "/schedule/events/{id}/cancel", h_cancel, 0);
    route_add("POST", "/schedule/weeks/publish", h_publish, 0);
    home_section_add(home_today);
}
