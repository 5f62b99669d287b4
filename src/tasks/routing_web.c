/* Pages of the handling of an incoming document: the panel on its page (assignments and the
 * forms to route, pass on, record progress and extend) and the handlers of those forms. Each
 * handler: (dispatcher: authenticate, CSRF) → the service authorizes and validates → act →
 * 303 back to the document. */
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "http/router.h"
#include "org/org.h"
#include "tasks/tasks.h"
#include "tasks/tasks_impl.h"
#include "web/dates.h"
#include "web/errors.h"
#include "web/forms.h"
#include "web/layout.h"
#include "web/records.h"
#include "web/params.h"
#include "web/respond.h"
#include "workdays/workdays.h"

static const char *kind_label(const char *k)
{
    return strcmp(k, "lead") == 0 ? _("Chủ trì")
           : strcmp(k, "co") == 0 ? _("Phối hợp")
                                  : _("Để biết");
}

/* An assignment's state in words: "for information" ones are never on a work list (they are
 * stored done), so they say what they are; the rest as incoming.h names them. */
static const char *status_label(const in_assignment *a)
{
    if (strcmp(a->kind, "info") == 0)
        return _("Nhận để biết");
    return in_assignment_status_label(a->status);
}

/* One row of the routing tree: a unit or a person, with the three roles to tick — ticked as
 * typed when the routing form (key) came back refused. */
static void tree_row(ctx *c, const char *key, const char *cls, char prefix, int64_t id,
                     const char *name)
{
    const char *v = arena_printf(c->a, "%c%lld", prefix, (long long)id);
    const char *on = " checked";
    html_printf(&c->rs->body,
                "<tr class=\"%s\"><th scope=\"row\">%s</th>"
                "<td><input type=\"radio\" name=\"lead\" value=\"%s\" aria-label=\"%s: %s\"%s>"
                "</td><td><input type=\"checkbox\" name=\"co\" value=\"%s\" "
                "aria-label=\"%s: %s\"%s></td><td><input type=\"checkbox\" name=\"info\" "
                "value=\"%s\" aria-label=\"%s: %s\"%s></td></tr>",
                cls, name, v, _("Chủ trì"), name, form_has(c, key, "lead", v) ? on : "", v,
                _("Phối hợp"), name, form_has(c, key, "co", v) ? on : "", v, _("Để biết"), name,
                form_has(c, key, "info", v) ? on : "");
}

/* The units and people the caller may route to, as a tree: each unit followed by its people,
 * with a column per role (chủ trì: one, phối hợp and để biết: any). Shared by the panel of one
 * document and the routing of several at once (/tasks). */
void routing_tree(ctx *c)
{
    strbuf *b = &c->rs->body;
    org_choice *units, *people;
    int nu = org_choice_units(c, &units), np = org_choice_people(c, 0, &people);
    /* The form this tree belongs to: the page's path + "/assign" (/incoming/{id}/assign,
     * /tasks/assign). */
    const char *key = arena_printf(c->a, "%s/assign", c->rq->path);
    const char *typed_lead = form_val(c, key, "lead", NULL);
    html_printf(b,
                "<fieldset class=\"target-tree\"><legend>%s</legend><div class=\"table-wrap\">"
                "<table class=\"tree\"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
                "</tr></thead><tbody><tr class=\"none\"><th scope=\"row\">%s</th><td><input "
                "type=\"radio\" name=\"lead\" value=\"\"%s aria-label=\"%s\"></td><td></td>"
                "<td></td></tr>",
                _("Giao cho"), _("Đơn vị / người"), _("Chủ trì"), _("Phối hợp"), _("Để biết"),
                _("(không đổi chủ trì)"), typed_lead && *typed_lead ? "" : " checked",
                _("(không đổi chủ trì)"));
    for (int i = 0; i < nu; i++) {
        if (!org_unit_in_scope(c, units[i].id))
            continue;
        tree_row(c, key, "unit", 'u', units[i].id, units[i].name);
        for (int k = 0; k < np; k++)
            if (people[k].unit_id == units[i].id)
                tree_row(c, key, "person", 'p', people[k].id, people[k].name);
    }
    html_raw(b, "</tbody></table></div></fieldset>");
}

/* Under a deadline refused for a day off (issue 13): a button that puts the next working day
 * into the field (app.js, data-fill), the typed values around it kept. */
static void due_offer(ctx *c, const char *key, const char *name, const char *id)
{
    const char *typed = form_val(c, key, name, NULL);
    char msg[WORKDAY_MAX_NAME + 400], next[11];
    if (!typed || !form_err(c, key, name) ||
        !workdays_refuse(c->db, typed, msg, sizeof msg, next) || !next[0])
        return;
    html_printf(&c->rs->body,
                "<p class=\"due-offer\"><button type=\"button\" class=\"secondary\" "
                "data-fill=\"%s\" data-value=\"%s\">%s %s</button></p>",
                id, next, _("Chọn ngày làm việc kế tiếp:"), web_date_vn(c, next));
}

/* The routing fields after the tree: deadline and instruction. A refused routing comes back
 * with the typed deadline and instruction, the message beside the deadline. */
static void routing_fields(ctx *c, int64_t id, const char *due)
{
    const char *key = arena_printf(c->a, "/incoming/%lld/assign", (long long)id);
    form_field_html(c, key,
                    &(form_field){.name = "due_date",
                                  .label = _("Hạn xử lý"),
                                  .type = "date",
                                  .value = due ? due : "",
                                  .id = "f-due"});
    due_offer(c, key, "due_date", "f-due");
    html_printf(&c->rs->body,
                "<div class=\"field\"><label for=\"f-instruction\">%s</label><textarea "
                "id=\"f-instruction\" name=\"instruction\" rows=\"2\">%s</textarea></div>",
                _("Ý kiến chỉ đạo"), form_val(c, key, "instruction", ""));
}

/* A section of the panel: a <details> tab, open when it is the caller's likely next step. */
static void tab_begin(ctx *c, const char *id, const char *title, bool open)
{
    html_printf(&c->rs->body, "<details class=\"handle-tab\" id=\"%s\"%s><summary>%s</summary>", id,
                open ? " open" : "", title);
}

static void extend_tab(ctx *c, const incoming *r, const in_assignment *as, int na)
{
    strbuf *b = &c->rs->body;
    const char *lead_due = NULL;
    for (int i = 0; i < na; i++)
        if (strcmp(as[i].kind, "lead") == 0 && strcmp(as[i].status, "open") == 0)
            lead_due = as[i].due_date;
    /* A refused extension (web/forms.h) comes back with its tab open, the typed date kept and
     * the message beside its field. */
    const char *key = arena_printf(c->a, "/incoming/%lld/progress#extend", (long long)r->id);
    tab_begin(c, "tab-extend", _("Gia hạn"), form_failed(c, key));
    html_printf(b,
                "<form class=\"form no-print\" id=\"extend-form\" method=\"post\" "
                "action=\"/incoming/%lld/progress\"><input type=\"hidden\" name=\"action\" "
                "value=\"extend\">",
                (long long)r->id);
    form_csrf(c);
    form_key_input(c, "extend");
    html_printf(b, "<fieldset class=\"extend-who\"><legend>%s</legend>",
                _("Gia hạn cho (mặc định: mọi phần việc có cùng hạn với chủ trì)"));
    for (int i = 0; i < na; i++) {
        const in_assignment *a = &as[i];
        if (strcmp(a->status, "open") != 0 || strcmp(a->kind, "info") == 0)
            continue;
        bool same = strcmp(a->kind, "lead") == 0 ||
                    (a->due_date && lead_due && strcmp(a->due_date, lead_due) == 0);
        html_printf(b,
                    "<label class=\"check\"><input type=\"checkbox\" name=\"assignment_id\" "
                    "value=\"%lld\"%s> %s — %s (%s %s)</label>",
                    (long long)a->id, same ? " checked" : "", kind_label(a->kind),
                    a->to_name ? a->to_name : "", _("hạn"),
                    a->due_date ? web_date_vn(c, a->due_date) : "—");
    }
    html_raw(b, "</fieldset>");
    form_field_html(c, key,
                    &(form_field){.name = "new_due_date",
                                  .label = _("Hạn mới"),
                                  .type = "date",
                                  .id = "f-newdue",
                                  .required = true});
    due_offer(c, key, "new_due_date", "f-newdue");
    form_field_html(
        c, key,
        &(form_field){.name = "reason", .label = _("Lý do"), .id = "f-reason", .required = true});
    html_printf(b,
                "<div class=\"actions\"><button type=\"submit\" class=\"secondary\">%s</button>"
                "</div></form></details>",
                _("Gia hạn"));
}

/* The handling panel of an incoming record's page (place "in.handling"): its assignments, and
 * one panel whose sections (tabs without script) hold what the caller may do — route, return
 * to the clerk, extend, pass a unit's share on, record progress, submit again. */
static void handling_section(ctx *c, const char *place, int64_t id)
{
    const incoming *r = incoming_get(c, id, false);
    if (!r)
        return;
    strbuf *b = &c->rs->body;
    in_assignment *as;
    int na = incoming_assignments(c, r->id, &as);
    html_printf(b, "<section class=\"panel handling\" id=\"handling\"><h2>%s</h2>",
                _("Xử lý văn bản"));
    const char *returned = strcmp(r->status, "registered") == 0 ? routing_returned(c, r->id) : NULL;
    if (returned)
        html_printf(b, "<p class=\"notice returned\" id=\"returned\"><strong>%s</strong> %s</p>",
                    _("Đã trả lại văn thư. Lý do:"), returned);
    html_printf(b,
                "<div class=\"table-wrap\"><table id=\"assignments\"><thead><tr><th>%s</th>"
                "<th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
                _("Vai trò"), _("Đơn vị / người"), _("Hạn"), _("Ý kiến chỉ đạo"), _("Trạng thái"));
    for (int i = 0; i < na; i++) {
        const in_assignment *a = &as[i];
        html_printf(b,
                    "<tr class=\"%s\" data-kind=\"%s\"><td>%s</td><td>%s</td><td class=\"date\">"
                    "%s</td><td>%s</td><td>%s",
                    a->overdue ? "overdue" : "", a->kind, kind_label(a->kind),
                    a->to_name ? a->to_name : "", web_date_vn(c, a->due_date),
                    a->instruction ? a->instruction : "", status_label(a));
        if (a->overdue)
            html_printf(b, " <span class=\"mark mark-overdue\">%s</span>", _("Quá hạn"));
        html_raw(b, "</td></tr>");
    }
    if (na == 0)
        html_printf(b, "<tr><td colspan=\"5\">%s</td></tr>", _("Chưa phân công."));
    html_raw(b, "</tbody></table></div>");

    bool open = strcmp(r->status, "registered") == 0 || strcmp(r->status, "assigned") == 0;
    acting act;
    bool may_route = open && routing_acting(c, r, &act);
    if (may_route && act.leader)
        html_printf(b, "<p class=\"notice delegated\">%s%s</p>", _("Bạn đang xử lý"),
                    routing_on_behalf(&act));
    if (may_route) {
        tab_begin(c, "tab-assign", _("Phân công (phiếu giải quyết)"),
                  strcmp(r->status, "registered") == 0 && !returned);
        html_printf(b,
                    "<form class=\"form no-print\" id=\"assign-form\" method=\"post\" "
                    "action=\"/incoming/%lld/assign\">",
                    (long long)r->id);
        form_csrf(c);
        routing_tree(act.c);
        routing_fields(c, r->id, r->deadline ? r->deadline : r->due_date);
        html_printf(b,
                    "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>"
                    "</details>",
                    _("Phân công"));
        if (strcmp(r->status, "registered") == 0 && !returned) {
            tab_begin(c, "tab-return", _("Trả lại văn thư"), false);
            html_printf(b,
                        "<form class=\"form no-print\" id=\"return-form\" method=\"post\" "
                        "action=\"/incoming/%lld/return\">",
                        (long long)r->id);
            form_csrf(c);
            html_printf(b,
                        "<div class=\"field\"><label for=\"f-return\">%s</label><textarea "
                        "id=\"f-return\" name=\"reason\" rows=\"2\" required></textarea></div>"
                        "<div class=\"actions\"><button type=\"submit\" class=\"secondary\">%s"
                        "</button></div></form></details>",
                        _("Lý do trả lại"), _("Trả lại"));
        }
        if (strcmp(r->status, "assigned") == 0)
            extend_tab(c, r, as, na);
    }
    if (returned && (r->registered_by == c->user->id ||
                     ((c->user->role == ROLE_CLERK || c->user->role == ROLE_OFFICE_LEADER) &&
                      org_unit_in_scope(c, r->unit_id)))) {
        html_printf(b,
                    "<form class=\"form no-print\" id=\"resubmit-form\" method=\"post\" "
                    "action=\"/incoming/%lld/resubmit\">",
                    (long long)r->id);
        form_csrf(c);
        html_printf(b, "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>",
                    _("Trình lại lãnh đạo"));
    }
    for (int i = 0; open && i < na; i++) {
        if (!routing_may_pass(c, &as[i]))
            continue;
        org_choice *people;
        int np = org_choice_people(c, as[i].to_unit_id, &people);
        tab_begin(
            c, "tab-pass",
            arena_printf(c->a, "%s: %s", _("Giao cho cán bộ"), as[i].to_name ? as[i].to_name : ""),
            false);
        html_printf(b,
                    "<form class=\"form no-print pass-form\" method=\"post\" "
                    "action=\"/incoming/%lld/pass\"><input type=\"hidden\" "
                    "name=\"from_assignment_id\" value=\"%lld\">",
                    (long long)r->id, (long long)as[i].id);
        form_csrf(c);
        html_printf(b, "<div class=\"field\"><label>%s <select name=\"user_id\">",
                    _("Người xử lý"));
        for (int k = 0; k < np; k++)
            html_printf(b, "<option value=\"%lld\">%s</option>", (long long)people[k].id,
                        people[k].name);
        html_printf(b,
                    "</select></label></div><div class=\"field\"><label>%s <input type=\"date\" "
                    "name=\"due_date\" value=\"%s\"></label></div><div class=\"field\"><label>%s "
                    "<input name=\"instruction\"></label></div><div class=\"actions\"><button "
                    "type=\"submit\">%s</button></div></form></details>",
                    _("Hạn"), as[i].due_date ? as[i].due_date : "", _("Ý kiến"), _("Giao"));
    }
    bool mine = false;
    for (int i = 0; i < na; i++)
        mine = mine || as[i].mine;
    if (open && mine) {
        const char *key = arena_printf(c->a, "/incoming/%lld/progress#progress", (long long)r->id);
        tab_begin(c, "tab-progress", _("Tiến độ / kết quả"), !may_route || form_failed(c, key));
        html_printf(b,
                    "<form class=\"form no-print\" id=\"progress-form\" "
                    "method=\"post\" action=\"/incoming/%lld/progress\">",
                    (long long)r->id);
        form_csrf(c);
        form_key_input(c, "progress");
        form_field_html(c, key,
                        &(form_field){.name = "note",
                                      .label = _("Tiến độ / kết quả"),
                                      .type = "textarea",
                                      .id = "f-note",
                                      .rows = 2});
        form_field_html(c, key,
                        &(form_field){.name = "reply_code",
                                      .label = _("Số, ký hiệu văn bản trả lời (nếu có)"),
                                      .id = "f-reply"});
        html_printf(b,
                    "<div class=\"actions\"><button type=\"submit\" name=\"action\" "
                    "value=\"progress\" class=\"secondary\">%s</button> <button type=\"submit\" "
                    "name=\"action\" value=\"done\">%s</button></div></form></details>",
                    _("Ghi tiến độ"), _("Hoàn thành"));
    }
    html_raw(b, "</section>");
}

/* "u12" → unit 12, "p7" → person 7. */
static int parse_target(const char *v, in_target *t)
{
    memset(t, 0, sizeof *t);
    if (!v || !*v)
        return -1;
    long long id = atoll(v + 1);
    if (id <= 0)
        return -1;
    if (v[0] == 'u')
        t->unit_id = id;
    else if (v[0] == 'p')
        t->user_id = id;
    else
        return -1;
    return 0;
}

void routing_form(ctx *c, in_assign *in)
{
    parse_target(req_form(c->rq, "lead"), &in->lead);
    for (size_t i = 0; i < c->rq->form.n; i++) {
        const char *name = c->rq->form.v[i].name;
        if (strcmp(name, "co") == 0 && in->n_co < IN_MAX_CO &&
            parse_target(c->rq->form.v[i].value, &in->co[in->n_co]) == 0)
            in->n_co++;
        else if (strcmp(name, "info") == 0 && in->n_info < IN_MAX_CO &&
                 parse_target(c->rq->form.v[i].value, &in->info[in->n_info]) == 0)
            in->n_info++;
    }
    if (in->instruction && !*in->instruction)
        in->instruction = NULL;
}

static void h_assign(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    in_assign in = {
        .due_date = req_form(c->rq, "due_date"),
        .instruction = req_form(c->rq, "instruction"),
    };
    routing_form(c, &in);
    web_err e;
    int rc = routing_assign(c, id, &in, &e);
    web_after_post(c, arena_printf(c->a, "/incoming/%lld", (long long)id), rc, &e,
                   _("Đã phân công xử lý."));
}

static void h_pass(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    in_assign in = {
        .from_assignment_id = form_id(c, "from_assignment_id"),
        .lead = {.user_id = form_id(c, "user_id")},
        .due_date = req_form(c->rq, "due_date"),
        .instruction = req_form(c->rq, "instruction"),
    };
    if (in.instruction && !*in.instruction)
        in.instruction = NULL;
    web_err e;
    int rc = routing_assign(c, id, &in, &e);
    web_after_post(c, arena_printf(c->a, "/incoming/%lld", (long long)id), rc, &e,
                   _("Đã giao cho cán bộ xử lý."));
}

static void h_progress(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    const char *action = req_form(c->rq, "action");
    in_step in = {
        .action = !action                         ? IN_PROGRESS
                  : strcmp(action, "done") == 0   ? IN_DONE
                  : strcmp(action, "extend") == 0 ? IN_EXTEND
                                                  : IN_PROGRESS,
        .note = req_form(c->rq, "note"),
        .reply_code = req_form(c->rq, "reply_code"),
        .new_due_date = req_form(c->rq, "new_due_date"),
        .reason = req_form(c->rq, "reason"),
    };
    for (size_t i = 0; i < c->rq->form.n && in.n_assignment_ids < IN_MAX_CO; i++) {
        int64_t aid = 0;
        if (strcmp(c->rq->form.v[i].name, "assignment_id") == 0 &&
            param_int(c->rq->form.v[i].value, 1, INT64_MAX, &aid) == PARAM_OK)
            in.assignment_ids[in.n_assignment_ids++] = aid;
    }
    web_err e;
    int rc = routing_step(c, id, &in, &e);
    web_after_post(c, arena_printf(c->a, "/incoming/%lld", (long long)id), rc, &e,
                   in.action == IN_DONE     ? _("Đã ghi nhận hoàn thành.")
                   : in.action == IN_EXTEND ? _("Đã gia hạn.")
                                            : _("Đã ghi tiến độ."));
}

static void h_return(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    web_err e;
    int rc = routing_return(c, id, req_form(c->rq, "reason"), &e);
    web_after_post(c, arena_printf(c->a, "/incoming/%lld", (long long)id), rc, &e,
                   _("Đã trả lại văn bản cho văn thư."));
}

static void h_resubmit(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    web_err e;
    int rc = routing_resubmit(c, id, &e);
    web_after_post(c, arena_printf(c->a, "/incoming/%lld", (long long)id), rc, &e,
                   _("Đã trình lại lãnh đạo."));
}

/* Routing several documents at once (/tasks, the list waiting for routing): the same routing
 * for each document ticked, each in its own transaction; the flash says how many were routed
 * and names those that were not, with why. */
static void h_assign_batch(ctx *c)
{
    int64_t *leaders;
    if (!role_is_leader(c->user->role) && delegation_leaders_today(c, &leaders) <= 0) {
        respond_error(c, 403, "forbidden",
                      _("Chỉ lãnh đạo có thẩm quyền mới phân công xử lý văn bản."));
        return;
    }
    in_assign in = {
        .due_date = req_form(c->rq, "due_date"),
        .instruction = req_form(c->rq, "instruction"),
    };
    routing_form(c, &in);
    int64_t ids[IN_MAX_BATCH];
    int n = 0;
    for (size_t i = 0; i < c->rq->form.n && n < IN_MAX_BATCH; i++) {
        int64_t id = 0;
        if (strcmp(c->rq->form.v[i].name, "id") == 0 &&
            param_int(c->rq->form.v[i].value, 1, INT64_MAX, &id) == PARAM_OK)
            ids[n++] = id;
    }
    web_err e = {0};
    if (!n) {
        web_err_add(&e, 400, "invalid_input", "id", _("Hãy chọn ít nhất một văn bản."));
        web_after_post(c, "/tasks", -1, &e, NULL);
        return;
    }
    int ok = 0;
    const char *failed = ""; /* "code: why; …" of the documents not routed (a flash, escaped) */
    for (int i = 0; i < n; i++) {
        web_err one;
        if (routing_assign(c, ids[i], &in, &one) == 0) {
            ok++;
            continue;
        }
        if (!e.n)
            e = one;
        const incoming *r = incoming_get(c, ids[i], false);
        failed = arena_printf(c->a, "%s%s%s: %s", failed, *failed ? "; " : "", r ? r->code : "?",
                              web_err_message(&one));
    }
    if (ok == n) {
        web_after_post(c, "/tasks", 0, &e, arena_printf(c->a, _("Đã phân công %d văn bản."), ok));
        return;
    }
    const char *msg = arena_printf(c->a, _("Đã phân công %d/%d văn bản. Không phân công được: %s"),
                                   ok, n, failed);
    if (ok > 0) {
        web_after_post(c, "/tasks", 0, &e, msg);
        return;
    }
    web_err all = {0};
    web_err_add(&all, e.status == 403 || e.status == 404 ? 400 : e.status, "invalid_input", NULL,
                msg);
    web_after_post(c, "/tasks", -1, &all, NULL);
}

void routing_web_routes(void)
{
    route_add("POST", "/tasks/assign", h_assign_batch, 0);
    route_add("POST", "/incoming/{id}/return", h_return, 0);
    route_add("POST", "/incoming/{id}/resubmit", h_resubmit, 0);
    route_add("POST", "/incoming/{id}/assign", h_assign, 0);
    route_add("POST", "/incoming/{id}/pass", h_pass, 0);
    route_add("POST", "/incoming/{id}/progress", h_progress, 0);
}

void tasks_init(void)
{
    record_section_register("in.handling", handling_section);
    incoming_on_reply(routing_close_by_reply);
}
