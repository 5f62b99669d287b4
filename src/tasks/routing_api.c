/* JSON API of the handling of incoming documents (docs/api.md, "Incoming documents"):
 * POST /api/v1/incoming/{id}/assign and /progress. Handlers parse and answer; permission,
 * validation and writes are the service's (routing.c). */
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "http/router.h"
#include "tasks/tasks.h"
#include "tasks/tasks_impl.h"
#include "web/errors.h"
#include "web/params.h"
#include "web/respond.h"

static int target_of(json_t *v, in_target *t)
{
    memset(t, 0, sizeof *t);
    if (!json_is_object(v))
        return -1;
    t->unit_id = json_int(v, "unit_id");
    t->user_id = json_int(v, "user_id");
    return 0;
}

static void h_assign(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    json_t *j = request_json(c);
    if (!j)
        return;
    in_assign in = {
        .from_assignment_id = json_int(j, "from_assignment_id"),
        .due_date = json_text(c, j, "due_date"),
        .instruction = json_text(c, j, "instruction"),
    };
    json_t *lead = json_object_get(j, "lead");
    if (lead)
        target_of(lead, &in.lead);
    /* Shorthands: lead_unit_id / lead_user_id, co_unit_ids / co_user_ids. */
    if (!in.lead.unit_id && !in.lead.user_id) {
        in.lead.unit_id = json_int(j, "lead_unit_id");
        in.lead.user_id = json_int(j, "lead_user_id");
    }
    json_t *co = json_object_get(j, "co");
    size_t i;
    json_t *v;
    if (json_is_array(co))
        json_array_foreach(co, i, v)
        {
            if (in.n_co >= IN_MAX_CO) {
                in.n_co = IN_MAX_CO + 1;
                break;
            }
            target_of(v, &in.co[in.n_co++]);
        }
    static const char *const lists[2] = {"co_unit_ids", "co_user_ids"};
    for (int k = 0; k < 2; k++) {
        json_t *arr = json_object_get(j, lists[k]);
        if (json_is_array(arr))
            json_array_foreach(arr, i, v)
            {
                if (in.n_co >= IN_MAX_CO) {
                    in.n_co = IN_MAX_CO + 1;
                    break;
                }
                in_target *t = &in.co[in.n_co++];
                memset(t, 0, sizeof *t);
                if (k == 0)
                    t->unit_id = json_integer_value(v);
                else
                    t->user_id = json_integer_value(v);
            }
    }
    json_decref(j);
    web_err e;
    if (routing_assign(c, id, &in, &e) != 0) {
        web_err_respond(c, &e);
        return;
    }
    const incoming *r = incoming_get(c, id, false);
    respond_json(c, 200, r ? incoming_json(c, r, true) : json_object());
}

static void h_progress(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    json_t *j = request_json(c);
    if (!j)
        return;
    const char *action = json_text(c, j, "action");
    in_step in = {
        .note = json_text(c, j, "note"),
        .reply_code = json_text(c, j, "reply_code"),
        .new_due_date = json_text(c, j, "new_due_date"),
        .reason = json_text(c, j, "reason"),
        .assignment_id = json_int(j, "assignment_id"),
    };
    json_decref(j);
    if (!action || strcmp(action, "progress") == 0)
        in.action = IN_PROGRESS;
    else if (strcmp(action, "done") == 0)
        in.action = IN_DONE;
    else if (strcmp(action, "extend") == 0)
        in.action = IN_EXTEND;
    else {
        if (!incoming_may_see(c, id))
            respond_not_found(c);
        else
            respond_api_error(c, 400, "invalid_input",
                              _("action phải là một trong: progress, done, extend."));
        return;
    }
    web_err e;
    if (routing_step(c, id, &in, &e) != 0) {
        web_err_respond(c, &e);
        return;
    }
    const incoming *r = incoming_get(c, id, false);
    respond_json(c, 200, r ? incoming_json(c, r, true) : json_object());
}

void routing_api_routes(void)
{
    route_add("POST", "/api/v1/incoming/{id}/assign", h_assign, ROUTE_API);
    route_add("POST", "/api/v1/incoming/{id}/progress", h_progress, ROUTE_API);
}
