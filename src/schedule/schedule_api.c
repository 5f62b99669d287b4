/* The JSON API of the weekly calendar (/api/v1/schedule…): the week, events, publication and
 * versions, rooms, feeds. Every handler declares its parameters (web/params.h); rules live in
 * schedule.c. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/i18n.h"
#include "http/router.h"
#include "schedule/schedule.h"
#include "schedule/schedule_impl.h"
#include "web/errors.h"
#include "web/params.h"
#include "web/respond.h"

static json_t *jstr(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

static json_t *jid(int64_t id)
{
    return id > 0 ? json_integer(id) : json_null();
}

static json_t *event_json(const sched_event *ev)
{
    if (ev->busy_only)
        return json_pack("{s:s, s:s, s:o, s:o, s:b, s:s}", "day", ev->day, "session", ev->session,
                         "start_time", jstr(ev->start_time), "end_time", jstr(ev->end_time), "busy",
                         1, "content", ev->content);
    json_t *people = json_array();
    for (int i = 0; i < ev->n_people; i++)
        json_array_append_new(people, json_integer(ev->people[i]));
    json_t *j = json_pack(
        "{s:I, s:I, s:s, s:s, s:o, s:o, s:s, s:o, s:o, s:o, s:o, s:o}", "id", (json_int_t)ev->id,
        "unit_id", (json_int_t)ev->unit_id, "day", ev->day, "session", ev->session, "start_time",
        jstr(ev->start_time), "end_time", jstr(ev->end_time), "content", ev->content,
        "chair_user_id", jid(ev->chair_user_id), "chair", jstr(ev->chair_name), "participants",
        jstr(ev->participants), "room_id", jid(ev->room_id), "room", jstr(ev->room_name));
    json_object_set_new(j, "venue", jstr(ev->venue));
    json_object_set_new(j, "preparing_unit_id", jid(ev->preparing_unit_id));
    json_object_set_new(j, "preparing_unit", jstr(ev->preparing_unit_name));
    json_object_set_new(j, "programme_item_id", jid(ev->programme_item_id));
    json_object_set_new(j, "conference_id", jid(ev->conference_id));
    json_object_set_new(j, "people", people);
    json_object_set_new(j, "visibility", json_string(ev->visibility));
    json_object_set_new(j, "status", json_string(ev->status));
    json_object_set_new(j, "revision", json_integer(ev->revision));
    json_object_set_new(j, "amended", json_boolean(ev->amended));
    json_object_set_new(j, "clash", json_boolean(ev->clash));
    json_object_set_new(j, "uid", json_string(ev->uid));
    json_object_set_new(j, "iso_year", json_integer(ev->iso_year));
    json_object_set_new(j, "iso_week", json_integer(ev->iso_week));
    return j;
}

static json_t *clashes_json(const sched_clash *cl, int n)
{
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, json_pack("{s:I, s:s}", "other_id", (json_int_t)cl[i].other_id,
                                           "message", cl[i].message));
    return a;
}

static bool refused(ctx *c, const web_err *e)
{
    if (!e->n)
        return false;
    web_err_respond(c, e);
    return true;
}

/* ?week= (2026-W49 or a date) into y/w, this week when absent; false after answering 400. */
static bool query_week(ctx *c, int *y, int *w)
{
    const char *q = req_query(c->rq, "week");
    if (q && *q && sched_parse_week(q, y, w) != 0) {
        respond_api_error(
            c, 400, "invalid_parameter",
            _("Tham số week phải là tuần ISO (2026-W49) hoặc một ngày (YYYY-MM-DD)."));
        return false;
    }
    if (!q || !*q)
        sched_week_of_request(c, y, w);
    return true;
}

static void api_week(ctx *c)
{
    static const char *const params[] = {"week", "unit", "leader", "preparing", NULL};
    if (!params_check(c, params))
        return;
    web_err e = {0};
    int64_t unit_id = sched_home_unit(c);
    sched_filter f = {0};
    query_id(c, "unit", &unit_id, &e);
    query_id(c, "leader", &f.leader_id, &e);
    query_id(c, "preparing", &f.preparing_unit_id, &e);
    if (refused(c, &e))
        return;
    int y, w;
    if (!query_week(c, &y, &w))
        return;
    if (!sched_may_read(c, unit_id)) {
        respond_api_fail(c, 404, _("Không tìm thấy lịch của đơn vị này."));
        return;
    }
    sched_week wk;
    sched_week_get(c, unit_id, y, w, &wk);
    bool office = sched_may_draft(c, unit_id) || sched_may_publish(c, unit_id);
    json_t *events = json_array();
    if (wk.version > 0 || office) {
        sched_event *ev;
        int n = sched_week_events(c, unit_id, y, w, &f, &ev);
        for (int i = 0; i < n; i++)
            json_array_append_new(events, event_json(&ev[i]));
    }
    json_t *j =
        json_pack("{s:I, s:i, s:i, s:s, s:s, s:i, s:b, s:o}", "unit_id", (json_int_t)unit_id,
                  "iso_year", y, "iso_week", w, "monday", wk.monday, "sunday", wk.sunday, "version",
                  wk.version, "published", wk.version > 0, "events", events);
    json_object_set_new(j, "published_at", jstr(wk.first_published_at));
    respond_json(c, 200, j);
}

static const char *const event_members[] = {"unit_id",
                                            "day",
                                            "session",
                                            "start_time",
                                            "end_time",
                                            "content",
                                            "chair_user_id",
                                            "participants",
                                            "room_id",
                                            "venue",
                                            "preparing_unit_id",
                                            "programme_item_id",
                                            "conference_id",
                                            "visibility",
                                            "people",
                                            "note",
                                            NULL};

static bool read_json(ctx *c, json_t *j, sched_input *in, web_err *e)
{
    memset(in, 0, sizeof *in);
    json_member_id(c, j, "unit_id", &in->unit_id, e);
    json_member_date(c, j, "day", &in->day, e);
    json_member_text(c, j, "session", &in->session, e);
    json_member_text(c, j, "start_time", &in->start_time, e);
    json_member_text(c, j, "end_time", &in->end_time, e);
    json_member_text(c, j, "content", &in->content, e);
    json_member_id(c, j, "chair_user_id", &in->chair_user_id, e);
    json_member_text(c, j, "participants", &in->participants, e);
    json_member_id(c, j, "room_id", &in->room_id, e);
    json_member_text(c, j, "venue", &in->venue, e);
    json_member_id(c, j, "preparing_unit_id", &in->preparing_unit_id, e);
    json_member_id(c, j, "programme_item_id", &in->programme_item_id, e);
    json_member_id(c, j, "conference_id", &in->conference_id, e);
    json_member_text(c, j, "visibility", &in->visibility, e);
    json_member_text(c, j, "note", &in->note, e);
    json_t *p = json_object_get(j, "people");
    if (p && !json_is_null(p)) {
        if (!json_is_array(p) || json_array_size(p) > SCHED_MAX_PEOPLE) {
            web_err_add(e, 400, "invalid_input", "people",
                        _("people phải là một danh sách mã người dùng."));
        } else {
            int64_t *v = arena_alloc(c->a, sizeof *v * (json_array_size(p) + 1));
            size_t i;
            json_t *x;
            json_array_foreach(p, i, x)
            {
                if (!json_is_integer(x) || json_integer_value(x) <= 0) {
                    web_err_add(e, 400, "invalid_input", "people",
                                _("people phải là một danh sách mã người dùng."));
                    break;
                }
                v[in->n_people++] = json_integer_value(x);
            }
            in->people = v;
        }
    }
    return e->n == 0;
}

static void api_create(ctx *c)
{
    json_t *j = params_json(c, event_members);
    if (!j)
        return;
    sched_input in;
    web_err e = {0};
    if (!read_json(c, j, &in, &e)) {
        web_err_respond(c, &e);
        return;
    }
    sched_clash *cl;
    int n;
    int64_t id = sched_event_create(c, &in, &cl, &n, &e);
    if (refused(c, &e))
        return;
    json_t *out = event_json(sched_event_get(c, id));
    json_object_set_new(out, "clashes", clashes_json(cl, n));
    respond_json(c, 201, out);
}

static void api_get(ctx *c)
{
    if (!params_check(c, NULL))
        return;
    const sched_event *ev = sched_event_get(c, req_param_id(c->rq, "id"));
    if (!ev) {
        respond_api_fail(c, 404, _("Không tìm thấy sự kiện."));
        return;
    }
    sched_clash *cl;
    int n = strcmp(ev->status, "active") == 0 ? sched_event_clashes(c, ev, &cl) : 0;
    json_t *out = event_json(ev);
    json_object_set_new(out, "clashes", clashes_json(n ? cl : NULL, n));
    respond_json(c, 200, out);
}

static void api_update(ctx *c)
{
    json_t *j = params_json(c, event_members);
    if (!j)
        return;
    int64_t id = req_param_id(c->rq, "id");
    sched_input in;
    web_err e = {0};
    if (!read_json(c, j, &in, &e)) {
        /* A record the caller may not see stays 404 whatever the body holds. */
        if (!sched_event_get(c, id))
            respond_api_fail(c, 404, _("Không tìm thấy sự kiện."));
        else
            web_err_respond(c, &e);
        return;
    }
    sched_clash *cl;
    int n;
    if (sched_event_update(c, id, &in, &cl, &n, &e) != 0) {
        web_err_respond(c, &e);
        return;
    }
    json_t *out = event_json(sched_event_get(c, id));
    json_object_set_new(out, "clashes", clashes_json(cl, n));
    respond_json(c, 200, out);
}

static void api_cancel(ctx *c)
{
    static const char *const members[] = {"note", NULL};
    json_t *j = params_json_optional(c, members);
    if (!j)
        return;
    int64_t id = req_param_id(c->rq, "id");
    web_err e = {0};
    const char *note = NULL;
    json_member_text(c, j, "note", &note, &e);
    if (!e.n)
        sched_event_cancel(c, id, note, &e);
    if (refused(c, &e))
        return;
    const sched_event *ev = sched_event_get(c, id);
    respond_json(c, 200, ev ? event_json(ev) : json_object());
}

static void api_publish(ctx *c)
{
    static const char *const members[] = {"unit_id", "week", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    int64_t unit_id = sched_home_unit(c);
    const char *week = NULL;
    json_member_id(c, j, "unit_id", &unit_id, &e);
    json_member_text(c, j, "week", &week, &e);
    int y = 0, w = 0;
    if (!e.n && sched_parse_week(week, &y, &w) != 0)
        web_err_add(&e, 400, "invalid_input", "week",
                    _("Tuần phải viết dạng 2026-W49 hoặc một ngày trong tuần (YYYY-MM-DD)."));
    if (!e.n)
        sched_week_publish(c, unit_id, y, w, &e);
    if (refused(c, &e))
        return;
    respond_json(c, 201,
                 json_pack("{s:I, s:i, s:i, s:i}", "unit_id", (json_int_t)unit_id, "iso_year", y,
                           "iso_week", w, "version", 1));
}

static void api_versions(ctx *c)
{
    static const char *const params[] = {"week", "unit", NULL};
    if (!params_check(c, params))
        return;
    web_err e = {0};
    int64_t unit_id = sched_home_unit(c);
    query_id(c, "unit", &unit_id, &e);
    if (refused(c, &e))
        return;
    int y, w;
    if (!query_week(c, &y, &w))
        return;
    if (!sched_may_read(c, unit_id)) {
        respond_api_fail(c, 404, _("Không tìm thấy lịch của đơn vị này."));
        return;
    }
    sched_week *v;
    int n = sched_week_versions(c, unit_id, y, w, &v);
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, json_pack("{s:i, s:s, s:s, s:o}", "version", v[i].version,
                                           "published_at", v[i].published_at, "published_by",
                                           v[i].published_by_name, "note", jstr(v[i].note)));
    respond_json(c, 200,
                 json_pack("{s:I, s:i, s:i, s:o}", "unit_id", (json_int_t)unit_id, "iso_year", y,
                           "iso_week", w, "versions", a));
}

static void api_rooms(ctx *c)
{
    static const char *const params[] = {"unit", NULL};
    if (!params_check(c, params))
        return;
    web_err e = {0};
    int64_t unit_id = sched_home_unit(c);
    query_id(c, "unit", &unit_id, &e);
    if (refused(c, &e))
        return;
    sched_room *r;
    int n = sched_rooms(c, unit_id, &r);
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(
            a, json_pack("{s:I, s:s, s:o}", "id", (json_int_t)r[i].id, "name", r[i].name,
                         "capacity", r[i].capacity ? json_integer(r[i].capacity) : json_null()));
    respond_json(c, 200, json_pack("{s:o}", "items", a));
}

static void api_room_add(ctx *c)
{
    static const char *const members[] = {"name", "capacity", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    const char *name = NULL;
    int64_t cap = 0;
    json_member_text(c, j, "name", &name, &e);
    json_member_range(c, j, "capacity", 0, 5000, &cap, &e);
    int64_t id = e.n ? -1 : sched_room_add(c, 0, name, (int)cap, &e);
    if (refused(c, &e))
        return;
    respond_json(c, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

static void api_feeds(ctx *c)
{
    if (!params_check(c, NULL))
        return;
    sched_feed *f;
    int n = sched_feeds(c, &f);
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, json_pack("{s:I, s:I, s:s, s:s, s:o}", "id", (json_int_t)f[i].id,
                                           "unit_id", (json_int_t)f[i].unit_id, "kind", f[i].kind,
                                           "created_at", f[i].created_at, "revoked_at",
                                           jstr(f[i].revoked_at)));
    respond_json(c, 200, json_pack("{s:o}", "items", a));
}

static void api_feed_create(ctx *c)
{
    static const char *const members[] = {"kind", "unit_id", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    const char *kind = NULL;
    int64_t unit_id = 0;
    json_member_text(c, j, "kind", &kind, &e);
    json_member_id(c, j, "unit_id", &unit_id, &e);
    const char *token = NULL;
    int64_t id = e.n ? -1 : sched_feed_create(c, kind, unit_id, &token, &e);
    if (refused(c, &e))
        return;
    respond_json(c, 201,
                 json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id, "token", token, "path",
                           arena_printf(c->a, "/ical/%s.ics", token)));
}

static void api_feed_revoke(ctx *c)
{
    if (!params_json_optional(c, NULL))
        return;
    web_err e = {0};
    if (sched_feed_revoke(c, req_param_id(c->rq, "id"), &e) != 0) {
        web_err_respond(c, &e);
        return;
    }
    respond_json(c, 200, json_pack("{s:b}", "revoked", 1));
}

void sched_api_routes(void)
{
    route_add("GET", "/api/v1/schedule", api_week, ROUTE_API);
    route_add("POST", "/api/v1/schedule/events", api_create, ROUTE_API);
    route_add("GET", "/api/v1/schedule/events/{id}", api_get, ROUTE_API);
    route_add("POST", "/api/v1/schedule/events/{id}", api_update, ROUTE_API);
    route_add("POST", "/api/v1/schedule/events/{id}/cancel", api_cancel, ROUTE_API);
    route_add("POST", "/api/v1/schedule/weeks/publish", api_publish, ROUTE_API);
    route_add("GET", "/api/v1/schedule/weeks", api_versions, ROUTE_API);
    route_add("GET", "/api/v1/schedule/rooms", api_rooms, ROUTE_API);
    route_add("POST", "/api/v1/schedule/rooms", api_room_add, ROUTE_API);
    route_add("GET", "/api/v1/schedule/feeds", api_feeds, ROUTE_API);
    route_add("POST", "/api/v1/schedule/feeds", api_feed_create, ROUTE_API);
    route_add("POST", "/api/v1/schedule/feeds/{id}/revoke", api_feed_revoke, ROUTE_API);
}
