/* JSON API of the org module (docs/api.md, "Office tree and staff"): units and staff.
 * Permission and scope checks are the services' (unit.c, staff.c, scope.c), the same as for
 * the pages; records outside the caller's scope answer 404. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "web/respond.h"
#include "base/i18n.h"
#include "http/router.h"
#include "org/org_impl.h"

/* The dispatcher lets only signed-in callers reach these routes; checked again because the
 * services read a NULL user as "nobody". */
static bool signed_in(ctx *c)
{
    if (c->user)
        return true;
    respond_api_error(c, 401, "unauthorized", _("Cần đăng nhập."));
    return false;
}

static void send_err(ctx *c, const org_err *e)
{
    if (e->status == 404) {
        respond_api_error(c, 404, "not_found", _("Không tìm thấy."));
        return;
    }
    respond_api_error(c, e->status ? e->status : 500, org_err_code(e), org_err_message(e));
}

static void bad_input(ctx *c, const char *message)
{
    respond_api_error(c, 400, "invalid_input", message);
}

static bool query_flag(ctx *c, const char *name)
{
    const char *v = req_query(c->rq, name);
    return v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
}

static void units_get(ctx *c)
{
    if (!signed_in(c))
        return;
    unit *rows;
    int *depth;
    int n = org_unit_list(c, query_flag(c, "include_dissolved"), &rows, &depth);
    json_t *items = json_array();
    for (int i = 0; i < n; i++) {
        json_t *j = org_unit_json(&rows[i]);
        json_object_set_new(j, "depth", json_integer(depth[i]));
        json_array_append_new(items, j);
    }
    respond_json(c, 200, json_pack("{s:I, s:o}", "total", (json_int_t)n, "items", items));
}

static json_t *links_json(ctx *c, int64_t id, bool successors)
{
    unit_link *links;
    int n = org_unit_links(c, id, &links);
    json_t *a = json_array();
    for (int i = 0; i < n; i++) {
        const unit_link *l = &links[i];
        if (successors ? l->unit_id != id : l->successor_id != id)
            continue;
        json_array_append_new(a, json_pack("{s:I, s:s, s:s, s:s, s:s?}", "id",
                                           (json_int_t)(successors ? l->successor_id : l->unit_id),
                                           "name", successors ? l->successor_name : l->unit_name,
                                           "kind", l->kind, "effective_date", l->effective_date,
                                           "note", l->note));
    }
    return a;
}

static void unit_get(ctx *c)
{
    if (!signed_in(c))
        return;
    int64_t id = req_param_id(c->rq, "id");
    const unit *u = org_unit_in_scope(c, id) ? org_unit_get(c, id) : NULL;
    if (!u) {
        respond_not_found(c);
        return;
    }
    json_t *j = org_unit_json(u);
    json_t *children = json_array();
    unit *rows;
    int n = org_unit_list(c, true, &rows, NULL);
    for (int i = 0; i < n; i++)
        if (rows[i].parent_id == id)
            json_array_append_new(children,
                                  json_pack("{s:I, s:s, s:b}", "id", (json_int_t)rows[i].id, "name",
                                            rows[i].name, "active", org_unit_active(&rows[i])));
    json_object_set_new(j, "children", children);
    json_object_set_new(j, "successors", links_json(c, id, true));
    json_object_set_new(j, "predecessors", links_json(c, id, false));
    respond_json(c, 200, j);
}

/* Reads the members of a unit create/PATCH body into *in (strings copied into the arena).
 * Returns false after answering 400 for an unknown member or a member of the wrong type. */
static bool parse_unit_body(ctx *c, json_t *body, unit_change *in)
{
    const char *key;
    json_t *v;
    json_object_foreach(body, key, v)
    {
        const char **text = NULL;
        if (strcmp(key, "name") == 0)
            text = &in->name;
        else if (strcmp(key, "abbr") == 0)
            text = &in->abbr;
        else if (strcmp(key, "level") == 0)
            text = &in->level;
        else if (strcmp(key, "valid_from") == 0)
            text = &in->valid_from;
        else if (strcmp(key, "valid_to") == 0)
            text = &in->valid_to;
        else if (strcmp(key, "successor_kind") == 0)
            text = &in->successor_kind;
        else if (strcmp(key, "note") == 0)
            text = &in->note;
        if (text) {
            if (!json_is_string(v)) {
                bad_input(c, arena_printf(c->a, _("Trường %s phải là chuỗi."), key));
                return false;
            }
            *text = arena_strdup(c->a, json_string_value(v));
        } else if (strcmp(key, "parent_id") == 0) {
            if (!json_is_integer(v) && !json_is_null(v)) {
                bad_input(c, _("parent_id phải là số hoặc null."));
                return false;
            }
            in->set_parent = true;
            in->parent_id = json_is_null(v) ? 0 : (int64_t)json_integer_value(v);
            if (in->parent_id < 0) {
                bad_input(c, _("parent_id phải là số hoặc null."));
                return false;
            }
        } else if (strcmp(key, "organ_id") == 0) {
            if (!json_is_string(v) && !json_is_null(v)) {
                bad_input(c, _("organ_id phải là chuỗi hoặc null."));
                return false;
            }
            in->set_organ_id = true;
            in->organ_id = json_is_null(v) ? NULL : arena_strdup(c->a, json_string_value(v));
        } else if (strcmp(key, "sort_order") == 0) {
            if (!json_is_integer(v)) {
                bad_input(c, _("sort_order phải là số."));
                return false;
            }
            in->set_sort_order = true;
            in->sort_order = (int64_t)json_integer_value(v);
        } else if (strcmp(key, "successor_id") == 0) {
            if (!json_is_integer(v) || json_integer_value(v) <= 0) {
                bad_input(c, _("successor_id phải là số."));
                return false;
            }
            in->successor_id = (int64_t)json_integer_value(v);
        } else {
            bad_input(c, arena_printf(c->a, _("Trường không được hỗ trợ: %s."), key));
            return false;
        }
    }
    return true;
}

static void unit_post(ctx *c)
{
    if (!signed_in(c))
        return;
    json_t *body = request_json(c);
    if (!body)
        return;
    unit_change in = {0};
    bool ok = parse_unit_body(c, body, &in);
    json_decref(body);
    if (!ok)
        return;
    org_err e;
    int64_t id = org_unit_create(c, &in, &e);
    if (id < 0) {
        send_err(c, &e);
        return;
    }
    respond_json(c, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

static void unit_patch(ctx *c)
{
    if (!signed_in(c))
        return;
    int64_t id = req_param_id(c->rq, "id");
    if (!org_unit_in_scope(c, id) || !org_unit_get(c, id)) {
        respond_not_found(c);
        return;
    }
    json_t *body = request_json(c);
    if (!body)
        return;
    unit_change in = {0};
    bool ok = parse_unit_body(c, body, &in);
    json_decref(body);
    if (!ok)
        return;
    org_err e;
    if (org_unit_update(c, id, &in, &e) != 0) {
        send_err(c, &e);
        return;
    }
    respond_json(c, 200, org_unit_json(org_unit_get(c, id)));
}

static void staff_list_get(ctx *c)
{
    if (!signed_in(c))
        return;
    const char *unit_s = req_query(c->rq, "unit_id");
    int64_t unit_id = 0;
    if (unit_s && *unit_s) {
        char *end;
        long long v = strtoll(unit_s, &end, 10);
        if (*end || v <= 0) {
            bad_input(c, _("unit_id phải là số."));
            return;
        }
        unit_id = v;
    }
    const char *q = req_query(c->rq, "q");
    if (q && strlen(q) > STAFF_TEXT_MAX) {
        bad_input(c, _("Từ khóa quá dài."));
        return;
    }
    staff_member *rows;
    int n = org_staff_list(c, unit_id, q, query_flag(c, "include_inactive"), &rows);
    json_t *items = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(items, org_staff_json(&rows[i], false));
    respond_json(c, 200, json_pack("{s:I, s:o}", "total", (json_int_t)n, "items", items));
}

static void staff_get(ctx *c)
{
    if (!signed_in(c))
        return;
    const staff_member *m = org_staff_get(c, req_param_id(c->rq, "id"));
    if (!m) {
        respond_not_found(c);
        return;
    }
    respond_json(c, 200, org_staff_json(m, true));
}

void org_api_routes(void)
{
    route_add("GET", "/api/v1/units", units_get, ROUTE_API);
    route_add("POST", "/api/v1/units", unit_post, ROUTE_API);
    route_add("GET", "/api/v1/units/{id}", unit_get, ROUTE_API);
    route_add("PATCH", "/api/v1/units/{id}", unit_patch, ROUTE_API);
    route_add("GET", "/api/v1/staff", staff_list_get, ROUTE_API);
    route_add("GET", "/api/v1/staff/{id}", staff_get, ROUTE_API);
}
