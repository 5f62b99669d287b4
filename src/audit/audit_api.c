/* GET /api/v1/audit (admins only): the audit trail as JSON, filtered and paged
 * (docs/api.md, "Audit"). */
#include <jansson.h>
#include <stdlib.h>

#include "web/errors.h"
#include "web/params.h"
#include "web/respond.h"
#include "audit/audit.h"
#include "base/i18n.h"
#include "http/router.h"

static json_t *json_of_text(const char *s)
{
    if (!s)
        return json_null();
    json_t *j = json_loads(s, JSON_DECODE_ANY, NULL);
    return j ? j : json_string(s);
}

static void audit_api_get(ctx *c)
{
    static const char *const params[] = {"actor", "action", "entity", "entity_id", "from",
                                         "to",    "limit",  "offset", NULL};
    if (!params_check(c, params))
        return;
    web_err e = {0};
    audit_filter f = {
        .actor = req_query(c->rq, "actor"),
        .action = req_query(c->rq, "action"),
        .entity = req_query(c->rq, "entity"),
    };
    query_id(c, "entity_id", &f.entity_id, &e);
    query_date(c, "from", &f.from, &e);
    query_date(c, "to", &f.to, &e);
    query_page(c, AUDIT_PAGE, AUDIT_MAX_PAGE, 1000000000, &f.limit, &f.offset, &e);
    if (e.n) {
        web_err_respond(c, &e);
        return;
    }
    audit_row *rows;
    int64_t total;
    int status;
    int n = audit_list(c->db, c->a, c->user, &f, &rows, &total, &status);
    if (n < 0) {
        if (status == 403)
            respond_api_error(c, 403, "forbidden", _("Chỉ quản trị viên được xem nhật ký."));
        else if (status == 400)
            respond_api_error(c, 400, "invalid_parameter", _("from/to phải có dạng YYYY-MM-DD."));
        else
            respond_api_error(c, 500, "internal", _("Không đọc được dữ liệu. Hãy thử lại."));
        return;
    }
    json_t *items = json_array();
    for (int i = 0; i < n; i++) {
        json_t *actor = json_pack("{s:s}", "login", rows[i].actor_login);
        json_object_set_new(actor, "id",
                            rows[i].actor_id ? json_integer(rows[i].actor_id) : json_null());
        json_array_append_new(items,
                              json_pack("{s:I, s:s, s:o, s:s, s:s, s:I, s:o, s:o, s:b, s:s?}", "id",
                                        (json_int_t)rows[i].id, "at", rows[i].at, "actor", actor,
                                        "action", rows[i].action, "entity", rows[i].entity,
                                        "entity_id", (json_int_t)rows[i].entity_id, "before",
                                        json_of_text(rows[i].before_json), "after",
                                        json_of_text(rows[i].after_json), "redacted",
                                        (int)rows[i].redacted, "ip", rows[i].ip));
    }
    respond_json(c, 200, json_pack("{s:I, s:o}", "total", (json_int_t)total, "items", items));
}

void audit_api_routes(void)
{
    route_add("GET", "/api/v1/audit", audit_api_get, ROUTE_API);
}
