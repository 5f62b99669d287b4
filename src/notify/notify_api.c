/* The notifications API: GET /api/v1/notifications (the newest, with the unread count) and
 * POST /api/v1/notifications/read (one by id, or all). */
#include "notify/notify.h"
#include "notify/notify_impl.h"

#include "web/errors.h"
#include "web/params.h"
#include "web/respond.h"
#include "base/i18n.h"
#include "http/router.h"

static void h_notifications(ctx *c)
{
    if (!params_check(c, NULL))
        return;
    notification *rows;
    int n = notify_list(c, 100, &rows);
    json_t *items = json_array();
    for (int i = 0; i < n; i++) {
        json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:b}", "id", (json_int_t)rows[i].id, "kind",
                              rows[i].kind, "text", rows[i].text, "created_at", rows[i].created_at,
                              "read", rows[i].read_at != NULL);
        if (rows[i].doc_kind && rows[i].doc_id) {
            json_object_set_new(o, "doc_kind", json_string(rows[i].doc_kind));
            json_object_set_new(o, "doc_id", json_integer(rows[i].doc_id));
        }
        /* Where the notice leads (its document, or a room's own record: a letter, a report). */
        json_object_set_new(o, "href", json_string(notify_href(c, &rows[i])));
        json_array_append_new(items, o);
    }
    respond_json(c, 200,
                 json_pack("{s:i, s:i, s:o}", "total", n < 0 ? 0 : n, "unread",
                           notify_unread_count(c), "items", items));
}

static void h_notifications_read(ctx *c)
{
    static const char *const members[] = {"id", NULL};
    json_t *j = params_json_optional(c, members);
    if (!j)
        return;
    web_err e = {0};
    int64_t id = 0;
    if (json_member_id(c, j, "id", &id, &e) == PARAM_BAD) {
        web_err_respond(c, &e);
        return;
    }
    if (notify_mark_read(c, id) != 0) {
        respond_api_error(c, 500, "internal", _(WEB_MSG_DB));
        return;
    }
    respond_json(c, 200, json_pack("{s:i}", "unread", notify_unread_count(c)));
}

void notify_api_routes(void)
{
    route_add("GET", "/api/v1/notifications", h_notifications, ROUTE_API);
    route_add("POST", "/api/v1/notifications/read", h_notifications_read, ROUTE_API);
}
