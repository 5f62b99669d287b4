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

static const char *kind_label(const char *k)
{
    return strcmp(k, "lead") == 0 ? _("Chủ trì") : _("Phối hợp");
}

static void target_select(ctx *c, const char *key, const char *name, const char *label,
                          bool multiple, org_choice *units, int nu, org_choice *people, int np)
{
    strbuf *b = &c->rs->body;
    const char *id = arena_printf(c->a, "f-%s", name);
    html_printf(b,
                "<div class=\"field%s\"><label for=\"%s\">%s</label><select id=\"%s\" "
                "name=\"%s\" size=\"%d\"%s",
                form_err(c, key, name) ? " has-error" : "", id, label, id, name, multiple ? 6 : 1,
                multiple ? " multiple" : "");
    form_aria_html(c, key, name, id);
    html_raw(b, ">");
    if (!multiple)
        html_printf(b, "<option value=\"\">%s</option>", _("— chọn —"));
    html_printf(b, "<optgroup label=\"%s\">", _("Đơn vị"));
    for (int i = 0; i < nu; i++) {
        const char *v = arena_printf(c->a, "u%lld", (long long)units[i].id);
        html_printf(b, "<option value=\"%s\"%s>%s</option>", v,
                    form_has(c, key, name, v) ? " selected" : "", units[i].name);
    }
    html_printf(b, "</optgroup><optgroup label=\"%s\">", _("Cá nhân"));
    for (int i = 0; i < np; i++) {
        const char *v = arena_printf(c->a, "p%lld", (long long)people[i].id);
        html_printf(b, "<option value=\"%s\"%s>%s</option>", v,
                    form_has(c, key, name, v) ? " selected" : "", people[i].name);
    }
    html_raw(b, "</optgroup></select>");
    form_err_html(c, key, name, id);
    html_raw(b, "</div>");
}

/* The handling panel of an incoming record's page (place "in.handling"): its assignments,
 * and the forms the caller may use — route, extend, pass a unit's share on, record progress. */
static void handling_section(ctx *c, const char *place, int64_t id)
{
    const incoming *r = incoming_get(c, id, false);
    if (!r)
        return;
    strbuf *b = &c->rs->body;
    in_assignment *as;
    int na = incoming_assignments(c, r->id, &as);
    html_printf(b,
                "<section class=\"panel\"><h2>%s</h2><div class=\"table-wrap\"><table "
                "id=\"assignments\"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
                "<th>%s</th></tr></thead><tbody>",
                _("Phân công xử lý"), _("Vai trò"), _("Đơn vị / người"), _("Hạn"),
                _("Ý kiến chỉ đạo"), _("Trạng thái"));
    for (int i = 0; i < na; i++) {
        const in_assignment *a = &as[i];
        html_printf(b,
                    "<tr class=\"%s\"><td>%s</td><td>%s</td><td class=\"date\">%s</td><td>%s</td>"
                    "<td>%s",
                    a->overdue ? "overdue" : "", kind_label(a->kind), a->to_name ? a->to_name : "",
                    web_date_vn(c, a->due_date), a->instruction ? a->instruction : "", a->status);
        if (a->overdue)
            html_printf(b, " <span class=\"mark mark-overdue\">%s</span>", _("Quá hạn"));
        html_raw(b, "</td></tr>");
    }
    if (na == 0)
        html_printf(b, "<tr><td colspan=\"5\">%s</td></tr>", _("Chưa phân công."));
    html_raw(b, "</tbody></table></div>");

    bool open = strcmp(r->status, "registered") == 0 || strcmp(r->status, "assigned") == 0;
    if (open && incoming_may_assign(c, r)) {
        org_choice *units, *people;
        int nu = org_choice_units(c, &units), np = org_choice_people(c, 0, &people);
        const char *key = arena_printf(c->a, "/incoming/%lld/assign", (long long)r->id);
        html_printf(b,
                    "<h3>%s</h3><form class=\"form no-print\" id=\"assign-form\" method=\"post\" "
                    "action=\"%s\">",
                    _("Phân công (phiếu giải quyết)"), key);
        form_csrf(c);
        target_select(c, key, "lead", _("Chủ trì"), false, units, nu, people, np);
        target_select(c, key, "co", _("Phối hợp"), true, units, nu, people, np);
        form_field_html(c, key,
                        &(form_field){.name = "due_date",
                                      .label = _("Hạn xử lý"),
                                      .type = "date",
                                      .id = "f-due",
                                      .value = r->deadline ? r->deadline : r->due_date});
        form_field_html(c, key,
                        &(form_field){.name = "instruction",
                                      .label = _("Ý kiến chỉ đạo"),
                                      .type = "textarea",
                                      .id = "f-instruction",
                                      .rows = 2});
        html_printf(b, "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>",
                    _("Phân công"));
        if (strcmp(r->status, "assigned") == 0) {
            const char *action = arena_printf(c->a, "/incoming/%lld/progress", (long long)r->id);
            const char *ekey = arena_printf(c->a, "%s#extend", action);
            html_printf(b,
                        "<h3>%s</h3><form class=\"form no-print\" id=\"extend-form\" "
                        "method=\"post\" action=\"%s\">"
                        "<input type=\"hidden\" name=\"action\" value=\"extend\">",
                        _("Gia hạn"), action);
            form_csrf(c);
            form_key_input(c, "extend");
            form_field_html(c, ekey,
                            &(form_field){.name = "new_due_date",
                                          .label = _("Hạn mới"),
                                          .type = "date",
                                          .id = "f-newdue",
                                          .required = true});
            form_field_html(
                c, ekey,
                &(form_field){
                    .name = "reason", .label = _("Lý do"), .id = "f-reason", .required = true});
            html_printf(b,
                        "<div class=\"actions\"><button type=\"submit\" class=\"secondary\">%s"
                        "</button></div></form>",
                        _("Gia hạn"));
        }
    }
    for (int i = 0; open && i < na; i++) {
        if (!routing_may_pass(c, &as[i]))
            continue;
        org_choice *people;
        int np = org_choice_people(c, as[i].to_unit_id, &people);
        const char *form = arena_printf(c->a, "pass-%lld", (long long)as[i].id);
        const char *key = arena_printf(c->a, "/incoming/%lld/pass#%s", (long long)r->id, form);
        html_printf(b,
                    "<h3>%s: %s</h3><form class=\"form no-print pass-form\" method=\"post\" "
                    "action=\"/incoming/%lld/pass\"><input type=\"hidden\" "
                    "name=\"from_assignment_id\" value=\"%lld\">",
                    _("Giao cho cán bộ"), as[i].to_name ? as[i].to_name : "", (long long)r->id,
                    (long long)as[i].id);
        form_csrf(c);
        form_key_input(c, form);
        const char *uid = arena_printf(c->a, "f-user-%lld", (long long)as[i].id);
        html_printf(b,
                    "<div class=\"field%s\"><label for=\"%s\">%s</label><select id=\"%s\" "
                    "name=\"user_id\"",
                    form_err(c, key, "lead") ? " has-error" : "", uid, _("Người xử lý"), uid);
        form_aria_html(c, key, "lead", uid);
        html_raw(b, ">");
        const char *chosen = form_val(c, key, "user_id", NULL);
        for (int k = 0; k < np; k++) {
            const char *v = arena_printf(c->a, "%lld", (long long)people[k].id);
            html_printf(b, "<option value=\"%s\"%s>%s</option>", v,
                        chosen && strcmp(chosen, v) == 0 ? " selected" : "", people[k].name);
        }
        html_raw(b, "</select>");
        form_err_html(c, key, "lead", uid);
        html_raw(b, "</div>");
        form_field_html(c, key,
                        &(form_field){.name = "due_date",
                                      .label = _("Hạn"),
                                      .type = "date",
                                      .id = arena_printf(c->a, "f-due-%lld", (long long)as[i].id),
                                      .value = as[i].due_date});
        form_field_html(c, key,
                        &(form_field){.name = "instruction",
                                      .label = _("Ý kiến"),
                                      .id = arena_printf(c->a, "f-ins-%lld", (long long)as[i].id)});
        html_printf(b, "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>",
                    _("Giao"));
    }
    bool mine = false;
    for (int i = 0; i < na; i++)
        mine = mine || as[i].mine;
    if (open && mine) {
        const char *action = arena_printf(c->a, "/incoming/%lld/progress", (long long)r->id);
        const char *key = arena_printf(c->a, "%s#progress", action);
        html_printf(b,
                    "<h3>%s</h3><form class=\"form no-print\" id=\"progress-form\" "
                    "method=\"post\" action=\"%s\">",
                    _("Xử lý"), action);
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
                    "name=\"action\" value=\"done\">%s</button></div></form>",
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

static void h_assign(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    in_assign in = {
        .due_date = req_form(c->rq, "due_date"),
        .instruction = req_form(c->rq, "instruction"),
    };
    parse_target(req_form(c->rq, "lead"), &in.lead);
    for (size_t i = 0; i < c->rq->form.n && in.n_co < IN_MAX_CO; i++)
        if (strcmp(c->rq->form.v[i].name, "co") == 0 &&
            parse_target(c->rq->form.v[i].value, &in.co[in.n_co]) == 0)
            in.n_co++;
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
    web_err e;
    int rc = routing_step(c, id, &in, &e);
    web_after_post(c, arena_printf(c->a, "/incoming/%lld", (long long)id), rc, &e,
                   in.action == IN_DONE     ? _("Đã ghi nhận hoàn thành.")
                   : in.action == IN_EXTEND ? _("Đã gia hạn.")
                                            : _("Đã ghi tiến độ."));
}

void routing_web_routes(void)
{
    route_add("POST", "/incoming/{id}/assign", h_assign, 0);
    route_add("POST", "/incoming/{id}/pass", h_pass, 0);
    route_add("POST", "/incoming/{id}/progress", h_progress, 0);
}

void tasks_init(void)
{
    record_section_register("in.handling", handling_section);
}
