/* The JSON API of facilities (/api/v1/facilities…): assets, hand-overs, disposal, bookings.
 * Every handler declares its parameters (web/params.h); the rules live in the service. */
#include <string.h>

#include <jansson.h>

#include "facilities/fac_impl.h"
#include "facilities/facilities.h"
#include "http/router.h"
#include "web/dates.h"
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

static bool refused(ctx *c, const web_err *e)
{
    if (!e->n)
        return false;
    web_err_respond(c, e);
    return true;
}

static json_t *asset_json(const fac_asset *a)
{
    json_t *j = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:o}", "id", (json_int_t)a->id,
                          "unit_id", (json_int_t)a->unit_id, "code", a->code, "name", a->name,
                          "kind", a->kind, "kind_label", fac_kind_label(a->kind), "location",
                          a->location, "responsible_user_id", jid(a->responsible_user_id),
                          "responsible", jstr(a->responsible_name));
    json_object_set_new(j, "unit_of_measure", json_string(a->unit_of_measure));
    json_object_set_new(j, "quantity", json_integer(a->quantity));
    json_object_set_new(j, "value", json_integer(a->value));
    json_object_set_new(j, "purchase_date", jstr(a->purchase_date));
    json_object_set_new(j, "plate", json_string(a->plate));
    json_object_set_new(j, "seats", json_integer(a->seats));
    json_object_set_new(j, "status", json_string(a->status));
    json_object_set_new(j, "status_label", json_string(fac_status_label(a->status)));
    json_object_set_new(j, "disposal_date", jstr(a->disposal_date));
    json_object_set_new(j, "disposal_reason", jstr(a->disposal_reason));
    return j;
}

static json_t *booking_json(const fac_booking *b)
{
    json_t *j =
        json_pack("{s:I, s:o, s:o, s:s, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)b->id,
                  "room_id", jid(b->room_id), "vehicle_id", jid(b->vehicle_id), "resource",
                  b->resource_name, "starts_at", b->starts_at, "ends_at", b->ends_at, "purpose",
                  b->purpose, "driver", b->driver, "destination", b->destination);
    json_object_set_new(j, "event_id", jid(b->event_id));
    json_object_set_new(j, "conference_id", jid(b->conference_id));
    json_object_set_new(j, "status", json_string(b->status));
    json_object_set_new(j, "booked_by", json_string(b->booked_by_name));
    json_object_set_new(j, "from_calendar", json_boolean(b->from_calendar));
    return j;
}

static void api_assets(ctx *c)
{
    static const char *const params[] = {"kind", "status", "q", NULL};
    if (!params_check(c, params))
        return;
    web_err e = {0};
    int k = 0, s = 0;
    query_enum(c, "kind", fac_kinds, &k, &e);
    query_enum(c, "status", fac_statuses, &s, &e);
    if (refused(c, &e))
        return;
    fac_filter f = {req_query(c->rq, "kind"), req_query(c->rq, "status"), req_query(c->rq, "q")};
    fac_asset *a;
    int n = fac_assets(c, fac_home_unit(c), &f, &a);
    json_t *items = json_array();
    int64_t total = 0;
    for (int i = 0; i < n; i++) {
        total += a[i].value;
        json_array_append_new(items, asset_json(&a[i]));
    }
    respond_json(
        c, 200,
        json_pack("{s:o, s:i, s:I}", "items", items, "total", n, "total_value", (json_int_t)total));
}

static const char *const asset_members[] = {"code",
                                            "name",
                                            "kind",
                                            "location",
                                            "responsible_user_id",
                                            "unit_of_measure",
                                            "quantity",
                                            "value",
                                            "purchase_date",
                                            "plate",
                                            "seats",
                                            "status",
                                            NULL};

static void read_asset(ctx *c, json_t *j, fac_asset_input *in, web_err *e)
{
    memset(in, 0, sizeof *in);
    json_member_text(c, j, "code", &in->code, e);
    json_member_text(c, j, "name", &in->name, e);
    json_member_text(c, j, "kind", &in->kind, e);
    json_member_text(c, j, "location", &in->location, e);
    json_member_id(c, j, "responsible_user_id", &in->responsible_user_id, e);
    json_member_text(c, j, "unit_of_measure", &in->unit_of_measure, e);
    in->quantity = 1;
    json_member_range(c, j, "quantity", 1, 1000000, &in->quantity, e);
    json_member_range(c, j, "value", 0, 1000000000000000, &in->value, e);
    json_member_date(c, j, "purchase_date", &in->purchase_date, e);
    json_member_text(c, j, "plate", &in->plate, e);
    json_member_range(c, j, "seats", 0, 100, &in->seats, e);
    json_member_text(c, j, "status", &in->status, e);
}

static void api_asset_create(ctx *c)
{
    json_t *j = params_json(c, asset_members);
    if (!j)
        return;
    web_err e = {0};
    fac_asset_input in;
    read_asset(c, j, &in, &e);
    int64_t id = e.n ? -1 : fac_asset_create(c, &in, &e);
    if (refused(c, &e))
        return;
    respond_json(c, 201, asset_json(fac_asset_get(c, id)));
}

static void api_asset(ctx *c)
{
    if (!params_check(c, NULL))
        return;
    const fac_asset *a = fac_asset_get(c, req_param_id(c->rq, "id"));
    if (!a) {
        respond_not_found(c);
        return;
    }
    json_t *j = asset_json(a);
    fac_handover *h;
    int n = fac_handovers(c, a->id, &h);
    json_t *hs = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(hs, json_pack("{s:I, s:o, s:s, s:I, s:s, s:s, s:s, s:s}", "id",
                                            (json_int_t)h[i].id, "from_user_id",
                                            jid(h[i].from_user_id), "from", h[i].from_name,
                                            "to_user_id", (json_int_t)h[i].to_user_id, "to",
                                            h[i].to_name, "handed_on", h[i].handed_on, "condition",
                                            h[i].condition, "location", h[i].location));
    json_object_set_new(j, "handovers", hs);
    respond_json(c, 200, j);
}

static void api_asset_update(ctx *c)
{
    json_t *j = params_json(c, asset_members);
    if (!j)
        return;
    int64_t id = req_param_id(c->rq, "id");
    web_err e = {0};
    fac_asset_input in;
    read_asset(c, j, &in, &e);
    if (!e.n)
        fac_asset_update(c, id, &in, &e);
    if (refused(c, &e))
        return;
    respond_json(c, 200, asset_json(fac_asset_get(c, id)));
}

static void api_handover(ctx *c)
{
    static const char *const members[] = {"to_user_id", "handed_on", "condition",
                                          "location",   "note",      NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    int64_t to = 0;
    const char *date = NULL, *cond = NULL, *loc = NULL, *note = NULL;
    json_member_id(c, j, "to_user_id", &to, &e);
    json_member_date(c, j, "handed_on", &date, &e);
    json_member_text(c, j, "condition", &cond, &e);
    json_member_text(c, j, "location", &loc, &e);
    json_member_text(c, j, "note", &note, &e);
    int64_t id =
        e.n ? -1 : fac_handover_create(c, req_param_id(c->rq, "id"), to, date, cond, loc, note, &e);
    if (refused(c, &e))
        return;
    respond_json(c, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

static void api_dispose(ctx *c)
{
    static const char *const members[] = {"disposal_date", "disposal_reason", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    const char *date = NULL, *reason = NULL;
    json_member_date(c, j, "disposal_date", &date, &e);
    json_member_text(c, j, "disposal_reason", &reason, &e);
    int64_t id = req_param_id(c->rq, "id");
    if (!e.n)
        fac_asset_dispose(c, id, date, reason, &e);
    if (refused(c, &e))
        return;
    respond_json(c, 200, asset_json(fac_asset_get(c, id)));
}

static void api_bookings(ctx *c)
{
    static const char *const params[] = {"from", "to", NULL};
    if (!params_check(c, params))
        return;
    web_err e = {0};
    const char *from = web_today(c), *to = NULL;
    query_date(c, "from", &from, &e);
    query_date(c, "to", &to, &e);
    if (refused(c, &e))
        return;
    if (!to)
        to = from;
    if (strcmp(to, from) < 0) {
        respond_api_error(c, 400, "invalid_parameter", "Ngày «to» phải từ ngày «from» trở đi.");
        return;
    }
    fac_booking *b;
    int n = fac_bookings_between(c, fac_home_unit(c), from, to, &b);
    json_t *items = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(items, booking_json(&b[i]));
    respond_json(c, 200, json_pack("{s:s, s:s, s:o}", "from", from, "to", to, "items", items));
}

static void api_book(ctx *c)
{
    static const char *const members[] = {"room_id",       "vehicle_id", "starts_at",   "ends_at",
                                          "purpose",       "driver",     "destination", "event_id",
                                          "conference_id", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    fac_booking_input in = {0};
    json_member_id(c, j, "room_id", &in.room_id, &e);
    json_member_id(c, j, "vehicle_id", &in.vehicle_id, &e);
    json_member_id(c, j, "event_id", &in.event_id, &e);
    json_member_id(c, j, "conference_id", &in.conference_id, &e);
    json_member_text(c, j, "starts_at", &in.starts_at, &e);
    json_member_text(c, j, "ends_at", &in.ends_at, &e);
    json_member_text(c, j, "purpose", &in.purpose, &e);
    json_member_text(c, j, "driver", &in.driver, &e);
    json_member_text(c, j, "destination", &in.destination, &e);
    int64_t id = e.n ? -1 : fac_booking_create(c, &in, &e);
    if (refused(c, &e))
        return;
    respond_json(c, 201, booking_json(fac_booking_get(c, id)));
}

static void api_booking(ctx *c)
{
    if (!params_check(c, NULL))
        return;
    const fac_booking *b = fac_booking_get(c, req_param_id(c->rq, "id"));
    if (!b) {
        respond_not_found(c);
        return;
    }
    respond_json(c, 200, booking_json(b));
}

static void api_cancel(ctx *c)
{
    json_t *j = params_json_optional(c, NULL);
    if (!j)
        return;
    web_err e = {0};
    int64_t id = req_param_id(c->rq, "id");
    fac_booking_cancel(c, id, &e);
    if (refused(c, &e))
        return;
    respond_json(c, 200, booking_json(fac_booking_get(c, id)));
}

void fac_api(void)
{
    route_add("GET", "/api/v1/facilities/assets", api_assets, ROUTE_API);
    route_add("POST", "/api/v1/facilities/assets", api_asset_create, ROUTE_API);
    route_add("GET", "/api/v1/facilities/assets/{id}", api_asset, ROUTE_API);
    route_add("POST", "/api/v1/facilities/assets/{id}", api_asset_update, ROUTE_API);
    route_add("POST", "/api/v1/facilities/assets/{id}/handovers", api_handover, ROUTE_API);
    route_add("POST", "/api/v1/facilities/assets/{id}/dispose", api_dispose, ROUTE_API);
    route_add("GET", "/api/v1/facilities/bookings", api_bookings, ROUTE_API);
    route_add("POST", "/api/v1/facilities/bookings", api_book, ROUTE_API);
    route_add("GET", "/api/v1/facilities/bookings/{id}", api_booking, ROUTE_API);
    route_add("POST", "/api/v1/facilities/bookings/{id}/cancel", api_cancel, ROUTE_API);
}
