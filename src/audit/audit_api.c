/* GET /api/v1/audit (admins only): the audit trail as JSON, filtered and paged
 * (docs/api.md, "Audit"). */
#include <jansson.h>
#include <stdlib.h>

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
    int64_t entity_id = 0, limit = 0, offset = 0;
    if (query_int(c, "entity_id", 0, INT64_MAX, &entity_id) == PARAM_BAD ||
        query_int(c, "limit", 0, AUDIT_MAX_PAGE, &limit) == PARAM_BAD ||
        query_int(c, "offset", 0, 1000000000, &offset) == PARAM_BAD) {
        respond_api_error(c, 400, "invalid_input",
                          _("entity_id, limit (tối đa 500), offset phải là số không âm."));
        return;
    }
    audit_filter f = {
        .actor = req_query(c->rq, "actor"),
        .action = req_query(c->rq, "action"),
        .entity = req_query(c->rq, "entity"),
        .entity_id = entity_id,
        .from = req_query(c->rq, "from"),
        .to = req_query(c->rq, "to"),
        .limit = (int)limit,
        .offset = (int)offset,
    };
    audit_row *rows;
    int64_t total;
    int status;
    int n = audit_list(c->db, c->a, c->user, &f, &rows, &total, &status);
    if (n < 0) {
        if (status == 403)
            respond_api_error(c, 403, "forbidden", _("Chỉ quản trị viên được xem nhật ký."));
        else if (status == 400)
            respond_api_error(c, 400, "invalid_input", _("from/to phải có dạng YYYY-MM-DD."));
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
