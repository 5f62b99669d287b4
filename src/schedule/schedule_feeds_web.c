/* Pages of the calendar's meeting rooms (/schedule/rooms) and of the caller's calendar
 * subscriptions (/schedule/feeds: make one, see its URL once, revoke), and the feed itself
 * (/ical/{token}.ics, public: the token is the credential). */
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "http/router.h"
#include "org/org.h"
#include "schedule/schedule.h"
#include "schedule/schedule_impl.h"
#include "web/errors.h"
#include "web/forms.h"
#include "web/layout.h"
#include "web/params.h"
#include "web/respond.h"

static strbuf *B(ctx *c)
{
    return &c->rs->body;
}

/* ---- rooms ---- */

static void h_rooms(ctx *c)
{
    int64_t unit_id = sched_unit_of_request(c);
    sched_room *r;
    int n = sched_rooms(c, unit_id, &r);
    page_begin(c, _("Phòng họp"), "schedule");
    html_printf(B(c),
                "<div class=\"table-wrap\"><table id=\"sched-rooms\"><thead><tr><th>%s</th>"
                "<th>%s</th></tr></thead><tbody>",
                _("Tên phòng"), _("Sức chứa (người)"));
    for (int i = 0; i < n; i++)
        html_printf(B(c), "<tr><td>%s</td><td class=\"num\">%s</td></tr>", r[i].name,
                    r[i].capacity ? arena_printf(c->a, "%d", r[i].capacity) : "");
    if (n == 0)
        html_printf(B(c), "<tr><td colspan=\"2\" class=\"empty\">%s</td></tr>",
                    _("Chưa có phòng họp nào."));
    html_raw(B(c), "</tbody></table></div>");
    if (sched_may_draft(c, unit_id)) {
        const char *key = "/schedule/rooms";
        html_printf(B(c),
                    "<section class=\"panel no-print\"><h2>%s</h2><form class=\"form\" "
                    "method=\"post\" action=\"/schedule/rooms\">",
                    _("Thêm phòng họp"));
        form_csrf(c);
        form_field_html(c, key,
                        &(form_field){.name = "name", .label = _("Tên phòng"), .required = true});
        form_field_html(
            c, key,
            &(form_field){.name = "capacity", .label = _("Sức chứa (người)"), .type = "number"});
        html_printf(B(c), "<div class=\"actions\"><button>%s</button></div></form></section>",
                    _("Thêm phòng"));
    }
    html_printf(B(c), "<p><a href=\"/schedule\">%s</a></p>", _("Về lịch tuần"));
    page_end(c);
}

static void h_room_add(ctx *c)
{
    web_err e = {0};
    int64_t cap = 0;
    form_range(c, "capacity", 0, 5000, &cap, &e);
    int64_t id = e.n ? -1 : sched_room_add(c, 0, req_form(c->rq, "name"), (int)cap, &e);
    web_after_post(c, "/schedule/rooms", id < 0 ? -1 : 0, &e, _("Đã thêm phòng họp."));
}

/* ---- feeds ---- */

/* The feed's address as the browser reached this server. */
static const char *feed_url(ctx *c, const char *token)
{
    const char *host = req_header(c->rq, "host");
    const char *proto = req_header(c->rq, "x-forwarded-proto");
    bool tls = proto && strcmp(proto, "https") == 0;
    return arena_printf(c->a, "%s://%s/ical/%s.ics", tls ? "https" : "http",
                        host ? host : "localhost", token);
}

static void feeds_page(ctx *c, const char *new_token)
{
    page_begin(c, _("Đăng ký lịch công tác trên điện thoại"), "schedule");
    if (new_token) {
        const char *url = feed_url(c, new_token);
        html_printf(B(c),
                    "<section class=\"panel\" id=\"feed-new\"><h2>%s</h2><p>%s</p><p><input "
                    "type=\"text\" readonly id=\"feed-url\" value=\"%s\" class=\"wide\"></p>"
                    "<p>%s</p></section>",
                    _("Đường dẫn lịch mới"),
                    _("Sao chép đường dẫn này vào ứng dụng lịch (Google Lịch: «Thêm lịch» → «Từ "
                      "URL»; iPhone: Cài đặt → Lịch → Tài khoản → Thêm lịch đã đăng ký). Đường "
                      "dẫn chỉ hiện một lần; ai có nó xem được lịch như bạn — đừng chia sẻ."),
                    url, _("Thu hồi đường dẫn khi mất điện thoại hoặc không dùng nữa."));
    }
    sched_feed *f;
    int n = sched_feeds(c, &f);
    html_printf(B(c),
                "<div class=\"table-wrap\"><table id=\"sched-feeds\"><thead><tr><th>%s</th>"
                "<th>%s</th><th>%s</th><th></th></tr></thead><tbody>",
                _("Loại lịch"), _("Tạo lúc"), _("Trạng thái"));
    for (int i = 0; i < n; i++) {
        html_printf(B(c), "<tr><td>%s</td><td class=\"date\">%s</td><td>%s</td><td>",
                    sched_feed_kind_label(f[i].kind), sched_vn_stamp(c, f[i].created_at),
                    f[i].revoked_at ? arena_printf(c->a, "%s %s", _("Đã thu hồi lúc"),
                                                   sched_vn_stamp(c, f[i].revoked_at))
                                    : _("Đang dùng"));
        if (!f[i].revoked_at) {
            html_printf(B(c),
                        "<form method=\"post\" action=\"/schedule/feeds/%lld/revoke\" "
                        "class=\"inline\" data-confirm=\"%s\">",
                        (long long)f[i].id,
                        _("Thu hồi đường dẫn này? Ứng dụng lịch đang dùng nó sẽ không cập nhật "
                          "được nữa."));
            form_csrf(c);
            html_printf(B(c), "<button class=\"danger\">%s</button></form>", _("Thu hồi"));
        }
        html_raw(B(c), "</td></tr>");
    }
    if (n == 0)
        html_printf(B(c), "<tr><td colspan=\"4\" class=\"empty\">%s</td></tr>",
                    _("Bạn chưa đăng ký lịch nào."));
    html_raw(B(c), "</tbody></table></div>");
    const char *key = "/schedule/feeds";
    html_printf(B(c),
                "<section class=\"panel no-print\"><h2>%s</h2><form class=\"form\" "
                "method=\"post\" action=\"/schedule/feeds\"><div class=\"field\"><label "
                "for=\"f-kind\">%s</label><select id=\"f-kind\" name=\"kind\">",
                _("Tạo đường dẫn lịch"), _("Loại lịch"));
    const char *kind = form_val(c, key, "kind", "person");
    for (int i = 0; sched_feed_kinds[i]; i++)
        html_printf(B(c), "<option value=\"%s\"%s>%s</option>", sched_feed_kinds[i],
                    strcmp(kind, sched_feed_kinds[i]) == 0 ? " selected" : "",
                    sched_feed_kind_label(sched_feed_kinds[i]));
    html_raw(B(c), "</select></div>");
    form_csrf(c);
    html_printf(B(c), "<div class=\"actions\"><button>%s</button></div></form></section>",
                _("Tạo đường dẫn"));
    html_printf(B(c), "<p><a href=\"/schedule\">%s</a></p>", _("Về lịch tuần"));
    page_end(c);
}

static void h_feeds(ctx *c)
{
    feeds_page(c, NULL);
}

static void h_feed_create(ctx *c)
{
    web_err e = {0};
    const char *token = NULL;
    int64_t id = sched_feed_create(c, req_form(c->rq, "kind"), 0, &token, &e);
    if (id < 0) {
        web_after_post(c, "/schedule/feeds", -1, &e, NULL);
        return;
    }
    /* The token is shown once, on this answer; it is never stored in clear to show again. */
    feeds_page(c, token);
}

static void h_feed_revoke(ctx *c)
{
    web_err e = {0};
    int rc = sched_feed_revoke(c, req_param_id(c->rq, "id"), &e);
    web_after_post(c, "/schedule/feeds", rc, &e, _("Đã thu hồi đường dẫn lịch."));
}

static void h_ical(ctx *c)
{
    const char *p = req_param(c->rq, "token");
    size_t n = p ? strlen(p) : 0;
    if (n < 5 || strcmp(p + n - 4, ".ics") != 0) {
        respond_not_found(c);
        return;
    }
    const char *token = arena_strndup(c->a, p, n - 4);
    strbuf out = {0};
    if (sched_ical(c, token, &out) != 0) {
        sb_free(&out);
        c->user = NULL;
        respond_not_found(c);
        return;
    }
    c->user = NULL; /* the owner's rights served this answer only */
    c->rs->status = 200;
    resp_header(c->a, c->rs, "Content-Type", "text/calendar; charset=utf-8");
    resp_header(c->a, c->rs, "Cache-Control", "no-store");
    resp_header(c->a, c->rs, "X-Content-Type-Options", "nosniff");
    sb_add(&c->rs->body, out.buf, out.len);
    sb_free(&out);
}

void sched_extra_routes(void)
{
    route_add("GET", "/schedule/rooms", h_rooms, 0);
    route_add("POST", "/schedule/rooms", h_room_add, 0);
    route_add("GET", "/schedule/feeds", h_feeds, 0);
    route_add("POST", "/schedule/feeds", h_feed_create, 0);
    route_add("POST", "/schedule/feeds/{id}/revoke", h_feed_revoke, 0);
    route_add("GET", "/ical/{token}", h_ical, ROUTE_PUBLIC);
}
