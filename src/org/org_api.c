/* JSON API of the org module (docs/api.md, "Office tree and staff"): units and staff.
 * Permission and scope checks are the services' (unit.c, staff.c, scope.c), the same as for
 * the pages; records outside the caller's scope answer 404. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "web/errors.h"
#include "web/params.h"
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

static void units_get(ctx *c)
{
    static const char *const params[] = {"include_dissolved", NULL};
    if (!signed_in(c) || !params_check(c, params))
        return;
    web_err e = {0};
    bool dissolved = false;
    if (query_bool(c, "include_dissolved", &dissolved, &e) == PARAM_BAD) {
        web_err_respond(c, &e);
        return;
    }
    unit *rows;
    int *depth;
    int n = org_unit_list(c, dissolved, &rows, &depth);
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
    if (!signed_in(c) || !params_check(c, NULL))
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

/* Successor kinds (org_successor_kind_valid) as the API spells them. */
static const char *const successor_kinds[] = {"merge", "split", "rename", "transfer", NULL};

/* Reads the members of a unit create/PATCH body into *in (strings copied into the arena).
 * Returns false after answering: 400 for an unknown member, 422 for a member of the wrong
 * type or out of range (each named). */
static bool parse_unit_body(ctx *c, unit_change *in)
{
    static const char *const members[] = {
        "name", "abbr",      "level",    "valid_from", "valid_to",     "successor_kind",
        "note", "parent_id", "organ_id", "sort_order", "successor_id", NULL};
    json_t *body = params_json(c, members);
    if (!body)
        return false;
    web_err e = {0};
    int level = -1, kind = -1;
    json_member_text(c, body, "name", &in->name, &e);
    json_member_text(c, body, "abbr", &in->abbr, &e);
    if (json_member_enum(c, body, "level", org_levels, &level, &e) == PARAM_OK)
        in->level = org_levels[level];
    json_member_date(c, body, "valid_from", &in->valid_from, &e);
    json_member_date(c, body, "valid_to", &in->valid_to, &e);
    if (json_member_enum(c, body, "successor_kind", successor_kinds, &kind, &e) == PARAM_OK)
        in->successor_kind = successor_kinds[kind];
    json_member_text(c, body, "note", &in->note, &e);
    json_member_id(c, body, "successor_id", &in->successor_id, &e);
    /* null is meaningful for these two: a root, no OrganId. */
    json_t *v = json_object_get(body, "parent_id");
    if (v) {
        in->set_parent = true;
        if (!json_is_null(v))
            json_member_id(c, body, "parent_id", &in->parent_id, &e);
    }
    v = json_object_get(body, "organ_id");
    if (v) {
        in->set_organ_id = true;
        if (!json_is_null(v))
            json_member_text(c, body, "organ_id", &in->organ_id, &e);
    }
    if (json_member_range(c, body, "sort_order", -UNIT_SORT_MAX, UNIT_SORT_MAX, &in->sort_order,
                          &e) == PARAM_OK)
        in->set_sort_order = true;
    if (e.n) {
        web_err_respond(c, &e);
        return false;
    }
    return true;
}

static void unit_post(ctx *c)
{
    if (!signed_in(c))
        return;
    unit_change in = {0};
    if (!parse_unit_body(c, &in))
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
    unit_change in = {0};
    if (!parse_unit_body(c, &in))
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
    static const char *const params[] = {"unit_id", "q", "include_inactive", NULL};
    if (!signed_in(c) || !params_check(c, params))
        return;
    web_err e = {0};
    int64_t unit_id = 0;
    bool inactive = false;
    query_id(c, "unit_id", &unit_id, &e);
    query_bool(c, "include_inactive", &inactive, &e);
    const char *q = req_query(c->rq, "q");
    if (q && strlen(q) > STAFF_TEXT_MAX)
        web_err_add(&e, 400, "invalid_parameter", "q", _("Từ khóa quá dài."));
    if (e.n) {
        web_err_respond(c, &e);
        return;
    }
    staff_member *rows;
    int n = org_staff_list(c, unit_id, q, inactive, &rows);
    json_t *items = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(items, org_staff_json(&rows[i], false));
    respond_json(c, 200, json_pack("{s:I, s:o}", "total", (json_int_t)n, "items", items));
}

static void staff_get(ctx *c)
{
    if (!signed_in(c) || !params_check(c, NULL))
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
