/* The notification pages: the list (/notifications, paged, "Chưa đọc" filter, unread rows in
 * bold), opening one (/notifications/{id}/open marks it read and goes to its document), and
 * marking read (POST /notifications/read). The bell in the top bar links to the list. */
#include "notify/notify.h"
#include "notify/notify_impl.h"

#include <stdint.h>
#include <string.h>

#include "web/errors.h"
#include "web/layout.h"
#include "web/pager.h"
#include "web/params.h"
#include "web/respond.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "http/router.h"

static const char *kind_mark(const char *kind)
{
    /* A room's own kind ("followup.overdue") is marked as the kind after the dot. */
    const char *dot = strchr(kind, '.');
    if (dot)
        kind = dot + 1;
    if (strcmp(kind, NOTIFY_OVERDUE) == 0)
        return "mark-overdue";
    if (strcmp(kind, NOTIFY_URGENT) == 0)
        return "mark-hoatoc";
    if (strcmp(kind, NOTIFY_DUE_SOON) == 0)
        return "mark-due";
    return NULL;
}

static void h_list(ctx *c)
{
    int64_t page = 1;
    bool unread = false;
    web_err e = {0};
    query_int(c, "page", 1, NOTIFY_KEEP_MAX, &page); /* a page it cannot read: the first */
    query_bool(c, "unread", &unread, &e);
    notification *rows;
    int64_t total;
    int n = notify_page(c, unread, (int)(page - 1) * NOTIFY_PAGE, NOTIFY_PAGE, &rows, &total);
    if (n < 0) {
        respond_error(c, 500, "internal", _(WEB_MSG_DB));
        return;
    }
    int unread_n = notify_unread_count(c);
    page_begin(c, _("Thông báo"), "notifications");
    strbuf *b = &c->rs->body;
    html_raw(b, "<div class=\"table-tools no-print\"><nav class=\"tabs\" id=\"notify-tabs\">");
    if (unread)
        html_raw(b, "<a href=\"/notifications\">");
    else
        html_raw(b, "<a href=\"/notifications\" aria-current=\"page\">");
    html_printf(b, "%s</a> ", _("Tất cả"));
    if (unread)
        html_raw(b, "<a href=\"/notifications?unread=1\" aria-current=\"page\">");
    else
        html_raw(b, "<a href=\"/notifications?unread=1\">");
    html_printf(b, "%s (<span id=\"notify-unread\">%d</span>)</a>", _("Chưa đọc"), unread_n);
    html_raw(b, "</nav>");
    if (unread_n > 0) {
        html_raw(b, "<form method=\"post\" action=\"/notifications/read\" class=\"inline\">");
        form_csrf(c);
        html_printf(b, "<button type=\"submit\" class=\"secondary\">%s</button></form>",
                    _("Đánh dấu tất cả đã đọc"));
    }
    html_raw(b, "</div><ul class=\"notifications\" id=\"notifications\">");
    for (int i = 0; i < n; i++) {
        const notification *x = &rows[i];
        int64_t t = clock_parse_iso(x->created_at);
        char when[24] = "";
        if (t >= 0)
            clock_vn_datetime(t, when, sizeof when);
        html_printf(b, "<li class=\"%s\" data-id=\"%lld\"><span class=\"date\">%s</span> ",
                    x->read_at ? "read" : "unread", (long long)x->id, when);
        const char *mark = kind_mark(x->kind);
        if (mark)
            html_printf(b, "<span class=\"mark %s\"></span> ", mark);
        html_printf(b, "<a href=\"/notifications/%lld/open\">%s</a>", (long long)x->id, x->text);
        if (!x->read_at)
            html_printf(b, " <span class=\"vh\">%s</span>", _("(chưa đọc)"));
        html_raw(b, "</li>");
    }
    if (n == 0)
        html_printf(b, "<li class=\"empty\">%s</li>",
                    unread ? _("Không có thông báo chưa đọc.") : _("Không có thông báo."));
    html_raw(b, "</ul>");
    static const char *const keep[] = {"unread", NULL};
    page_pager(c, &(pager){.path = "/notifications",
                           .keep = keep,
                           .param = "page",
                           .page = (int)page,
                           .pages = (total + NOTIFY_PAGE - 1) / NOTIFY_PAGE});
    page_end(c);
}

/* Opening a notification reads it: marked read, then its document (404 for someone else's, or
 * one whose document the user may no longer see). */
static void h_open(ctx *c)
{
    const notification *x = notify_get(c, req_param_id(c->rq, "id"));
    if (!x) {
        respond_not_found(c);
        return;
    }
    if (!x->read_at && notify_mark_read(c, x->id) != 0) {
        respond_error(c, 500, "internal", _(WEB_MSG_DB));
        return;
    }
    respond_redirect(c, notify_href(c, x));
}

static void h_read(ctx *c)
{
    int64_t id = 0; /* absent: all; unreadable: none */
    if (form_int(c, "id", 1, INT64_MAX, &id) != PARAM_BAD)
        notify_mark_read(c, id);
    respond_redirect(c, "/notifications");
}

void notify_web_routes(void)
{
    route_add("GET", "/notifications", h_list, 0);
    route_add("GET", "/notifications/{id}/open", h_open, 0);
    route_add("POST", "/notifications/read", h_read, 0);
}
