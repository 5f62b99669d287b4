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
#include "workdays/workdays.h"

/* web_err_respond, plus the next working day as "suggestion" when the deadline in `field`
 * was refused for falling on a day off (issue 13): a client offers it without asking again. */
static void respond_due(ctx *c, const web_err *e, const char *field, const char *date)
{
    char msg[WORKDAY_MAX_NAME + 400], next[11];
    if (!c->is_api || !date || !web_err_field(e, field) || e->status != 400 ||
        !workdays_refuse(c->db, date, msg, sizeof msg, next) || !next[0]) {
        web_err_respond(c, e);
        return;
    }
    json_t *err = json_pack("{s:s, s:s, s:s, s:s}", "code", e->code ? e->code : "invalid_input",
                            "message", web_err_field(e, field), "field", field, "suggestion", next);
    if (e->n > 1) {
        json_t *all = json_array();
        for (int i = 0; i < e->n; i++)
            json_array_append_new(
                all, json_pack("{s:s?, s:s}", "field", e->e[i].field, "message", e->e[i].message));
        json_object_set_new(err, "errors", all);
    }
    respond_json(c, 422, json_pack("{s:o}", "error", err));
}

static const char *const target_members[] = {"unit_id", "user_id", NULL};

/* A routing target {unit_id} | {user_id} (field names the member it came from). */
static void target_of(ctx *c, json_t *v, const char *field, in_target *t, web_err *e)
{
    memset(t, 0, sizeof *t);
    if (!json_is_object(v)) {
        web_err_add(e, 400, "invalid_input", field,
                    arena_printf(c->a, _("«%s» phải là {\"unit_id\"} hoặc {\"user_id\"}."), field));
        return;
    }
    web_err one = {0};
    if (params_members(c, v, field, target_members, &one)) {
        json_member_id(c, v, "unit_id", &t->unit_id, &one);
        json_member_id(c, v, "user_id", &t->user_id, &one);
    }
    if (one.n)
        web_err_add(e, 400, "invalid_input", field,
                    arena_printf(c->a, "«%s»: %s", field, web_err_message(&one)));
}

/* An array of targets or of ids (co_unit_ids, co_user_ids…) appended to ts (*n of them). */
static void co_list(ctx *c, json_t *arr, const char *field, int ids_of, in_target *ts, int *n,
                    web_err *e)
{
    if (!arr || json_is_null(arr))
        return;
    if (!json_is_array(arr)) {
        web_err_add(e, 400, "invalid_input", field,
                    arena_printf(c->a, _("«%s» phải là một mảng."), field));
        return;
    }
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v)
    {
        if (*n >= IN_MAX_CO) {
            *n = IN_MAX_CO + 1; /* the service says how many are allowed */
            return;
        }
        in_target *t = &ts[(*n)++];
        if (!ids_of) {
            target_of(c, v, field, t, e);
            continue;
        }
        memset(t, 0, sizeof *t);
        int64_t id = 0;
        if (!json_is_integer(v) || (id = json_integer_value(v)) <= 0) {
            web_err_add(e, 400, "invalid_input", field,
                        arena_printf(c->a, _("«%s» chỉ chứa số nguyên dương."), field));
            return;
        }
        if (ids_of == 1)
            t->unit_id = id;
        else
            t->user_id = id;
    }
}

static void h_assign(ctx *c)
{
    static const char *const members[] = {"from_assignment_id",
                                          "due_date",
                                          "instruction",
                                          "lead",
                                          "lead_unit_id",
                                          "lead_user_id",
                                          "co",
                                          "co_unit_ids",
                                          "co_user_ids",
                                          "info",
                                          "info_unit_ids",
                                          "info_user_ids",
                                          NULL};
    int64_t id = req_param_id(c->rq, "id");
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    in_assign in = {0};
    json_member_id(c, j, "from_assignment_id", &in.from_assignment_id, &e);
    json_member_date(c, j, "due_date", &in.due_date, &e);
    json_member_text(c, j, "instruction", &in.instruction, &e);
    json_t *lead = json_object_get(j, "lead");
    if (lead && !json_is_null(lead))
        target_of(c, lead, "lead", &in.lead, &e);
    /* Shorthands: lead_unit_id / lead_user_id, co_unit_ids / co_user_ids. */
    if (!in.lead.unit_id && !in.lead.user_id) {
        json_member_id(c, j, "lead_unit_id", &in.lead.unit_id, &e);
        json_member_id(c, j, "lead_user_id", &in.lead.user_id, &e);
    }
    co_list(c, json_object_get(j, "co"), "co", 0, in.co, &in.n_co, &e);
    co_list(c, json_object_get(j, "co_unit_ids"), "co_unit_ids", 1, in.co, &in.n_co, &e);
    co_list(c, json_object_get(j, "co_user_ids"), "co_user_ids", 2, in.co, &in.n_co, &e);
    co_list(c, json_object_get(j, "info"), "info", 0, in.info, &in.n_info, &e);
    co_list(c, json_object_get(j, "info_unit_ids"), "info_unit_ids", 1, in.info, &in.n_info, &e);
    co_list(c, json_object_get(j, "info_user_ids"), "info_user_ids", 2, in.info, &in.n_info, &e);
    if (e.n) {
        web_err_respond(c, &e);
        return;
    }
    if (routing_assign(c, id, &in, &e) != 0) {
        respond_due(c, &e, "due_date", in.due_date);
        return;
    }
    const incoming *r = incoming_get(c, id, false);
    respond_json(c, 200, r ? incoming_json(c, r, true) : json_object());
}

static const char *const actions[] = {"progress", "done", "extend", NULL};

/* An array of positive ids (at most IN_MAX_CO) into ids. */
static void ids_list(ctx *c, json_t *arr, const char *field, int64_t *ids, int *n, web_err *e)
{
    if (!arr || json_is_null(arr))
        return;
    size_t i;
    json_t *v;
    if (!json_is_array(arr) || json_array_size(arr) > IN_MAX_CO) {
        web_err_add(e, 400, "invalid_input", field,
                    arena_printf(c->a, _("«%s» phải là một mảng."), field));
        return;
    }
    json_array_foreach(arr, i, v)
    {
        if (!json_is_integer(v) || json_integer_value(v) <= 0) {
            web_err_add(e, 400, "invalid_input", field,
                        arena_printf(c->a, _("«%s» chỉ chứa số nguyên dương."), field));
            return;
        }
        ids[(*n)++] = json_integer_value(v);
    }
}

static void h_progress(ctx *c)
{
    static const char *const members[] = {"action",         "note",   "reply_code",
                                          "new_due_date",   "reason", "assignment_id",
                                          "assignment_ids", NULL};
    int64_t id = req_param_id(c->rq, "id");
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    int action = 0;
    in_step in = {0};
    json_member_enum(c, j, "action", actions, &action, &e);
    json_member_text(c, j, "note", &in.note, &e);
    json_member_text(c, j, "reply_code", &in.reply_code, &e);
    json_member_date(c, j, "new_due_date", &in.new_due_date, &e);
    json_member_text(c, j, "reason", &in.reason, &e);
    json_member_id(c, j, "assignment_id", &in.assignment_id, &e);
    ids_list(c, json_object_get(j, "assignment_ids"), "assignment_ids", in.assignment_ids,
             &in.n_assignment_ids, &e);
    if (e.n) {
        /* A document the caller may not see answers 404 whatever the body. */
        if (!incoming_may_see(c, id))
            respond_not_found(c);
        else
            web_err_respond(c, &e);
        return;
    }
    in.action = action == 1 ? IN_DONE : action == 2 ? IN_EXTEND : IN_PROGRESS;
    if (routing_step(c, id, &in, &e) != 0) {
        respond_due(c, &e, "new_due_date", in.new_due_date);
        return;
    }
    const incoming *r = incoming_get(c, id, false);
    respond_json(c, 200, r ? incoming_json(c, r, true) : json_object());
}

/* POST /api/v1/incoming/{id}/return {"reason"} and /resubmit {}. */
static void h_return(ctx *c)
{
    static const char *const members[] = {"reason", NULL};
    int64_t id = req_param_id(c->rq, "id");
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    const char *reason = NULL;
    json_member_text(c, j, "reason", &reason, &e);
    if (e.n) {
        if (!incoming_may_see(c, id))
            respond_not_found(c);
        else
            web_err_respond(c, &e);
        return;
    }
    if (routing_return(c, id, reason, &e) != 0) {
        web_err_respond(c, &e);
        return;
    }
    const incoming *r = incoming_get(c, id, false);
    json_t *out = r ? incoming_json(c, r, true) : json_object();
    json_object_set_new(out, "returned", json_true());
    json_object_set_new(out, "return_reason", json_string(reason));
    respond_json(c, 200, out);
}

static void h_resubmit(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    if (!params_json_optional(c, NULL))
        return;
    web_err e;
    if (routing_resubmit(c, id, &e) != 0) {
        web_err_respond(c, &e);
        return;
    }
    const incoming *r = incoming_get(c, id, false);
    json_t *out = r ? incoming_json(c, r, true) : json_object();
    json_object_set_new(out, "returned", json_false());
    respond_json(c, 200, out);
}

void routing_api_routes(void)
{
    route_add("POST", "/api/v1/incoming/{id}/return", h_return, ROUTE_API);
    route_add("POST", "/api/v1/incoming/{id}/resubmit", h_resubmit, ROUTE_API);
    route_add("POST", "/api/v1/incoming/{id}/assign", h_assign, ROUTE_API);
    route_add("POST", "/api/v1/incoming/{id}/progress", h_progress, ROUTE_API);
}
