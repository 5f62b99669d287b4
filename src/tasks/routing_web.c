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
#include "web/layout.h"
#include "web/records.h"
#include "web/params.h"
#include "web/respond.h"

static const char *kind_label(const char *k)
{
    return strcmp(k, "lead") == 0 ? _("Chủ trì") : _("Phối hợp");
}

static void target_select(ctx *c, const char *name, const char *label, bool multiple,
                          org_choice *units, int nu, org_choice *people, int np)
{
    strbuf *b = &c->rs->body;
    html_printf(
        b,
        "<div class=\"field\"><label for=\"f-%s\">%s</label><select id=\"f-%s\" name=\"%s\" "
        "size=\"%d\"%s>",
        name, label, name, name, multiple ? 6 : 1, multiple ? " multiple" : "");
    if (!multiple)
        html_printf(b, "<option value=\"\">%s</option>", _("— chọn —"));
    html_printf(b, "<optgroup label=\"%s\">", _("Đơn vị"));
    for (int i = 0; i < nu; i++)
        html_printf(b, "<option value=\"u%lld\">%s</option>", (long long)units[i].id,
                    units[i].name);
    html_printf(b, "</optgroup><optgroup label=\"%s\">", _("Cá nhân"));
    for (int i = 0; i < np; i++)
        html_printf(b, "<option value=\"p%lld\">%s</option>", (long long)people[i].id,
                    people[i].name);
    html_raw(b, "</optgroup></select></div>");
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
                    web_date_vn(c, a->due_date), a->instruction ? a->instruction : "",
                    in_assignment_status_label(a->status));
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
        html_printf(b,
                    "<h3>%s</h3><form class=\"form no-print\" id=\"assign-form\" method=\"post\" "
                    "action=\"/incoming/%lld/assign\">",
                    _("Phân công (phiếu giải quyết)"), (long long)r->id);
        form_csrf(c);
        target_select(c, "lead", _("Chủ trì"), false, units, nu, people, np);
        target_select(c, "co", _("Phối hợp"), true, units, nu, people, np);
        html_printf(b,
                    "<div class=\"field\"><label for=\"f-due\">%s</label><input id=\"f-due\" "
                    "type=\"date\" name=\"due_date\" value=\"%s\"></div>",
                    _("Hạn xử lý"),
                    r->deadline   ? r->deadline
                    : r->due_date ? r->due_date
                                  : "");
        html_printf(b,
                    "<div class=\"field\"><label for=\"f-instruction\">%s</label><textarea "
                    "id=\"f-instruction\" name=\"instruction\" rows=\"2\"></textarea></div>"
                    "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>",
                    _("Ý kiến chỉ đạo"), _("Phân công"));
        if (strcmp(r->status, "assigned") == 0)
            html_printf(b,
                        "<h3>%s</h3><form class=\"form no-print\" id=\"extend-form\" "
                        "method=\"post\" action=\"/incoming/%lld/progress\">"
                        "<input type=\"hidden\" name=\"action\" value=\"extend\">",
                        _("Gia hạn"), (long long)r->id);
        if (strcmp(r->status, "assigned") == 0) {
            form_csrf(c);
            html_printf(b,
                        "<div class=\"field\"><label for=\"f-newdue\">%s</label><input "
                        "id=\"f-newdue\" type=\"date\" name=\"new_due_date\" required></div>"
                        "<div class=\"field\"><label for=\"f-reason\">%s</label><input "
                        "id=\"f-reason\" name=\"reason\" required></div><div class=\"actions\">"
                        "<button type=\"submit\" class=\"secondary\">%s</button></div></form>",
                        _("Hạn mới"), _("Lý do"), _("Gia hạn"));
        }
    }
    for (int i = 0; open && i < na; i++) {
        if (!routing_may_pass(c, &as[i]))
            continue;
        org_choice *people;
        int np = org_choice_people(c, as[i].to_unit_id, &people);
        html_printf(b,
                    "<h3>%s: %s</h3><form class=\"form no-print pass-form\" method=\"post\" "
                    "action=\"/incoming/%lld/pass\"><input type=\"hidden\" "
                    "name=\"from_assignment_id\" value=\"%lld\">",
                    _("Giao cho cán bộ"), as[i].to_name ? as[i].to_name : "", (long long)r->id,
                    (long long)as[i].id);
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
                    "type=\"submit\">%s</button></div></form>",
                    _("Hạn"), as[i].due_date ? as[i].due_date : "", _("Ý kiến"), _("Giao"));
    }
    bool mine = false;
    for (int i = 0; i < na; i++)
        mine = mine || as[i].mine;
    if (open && mine) {
        html_printf(b,
                    "<h3>%s</h3><form class=\"form no-print\" id=\"progress-form\" "
                    "method=\"post\" action=\"/incoming/%lld/progress\">",
                    _("Xử lý"), (long long)r->id);
        form_csrf(c);
        html_printf(b,
                    "<div class=\"field\"><label for=\"f-note\">%s</label><textarea id=\"f-note\" "
                    "name=\"note\" rows=\"2\"></textarea></div><div class=\"field\"><label "
                    "for=\"f-reply\">%s</label><input id=\"f-reply\" name=\"reply_code\"></div>"
                    "<div class=\"actions\"><button type=\"submit\" name=\"action\" "
                    "value=\"progress\" class=\"secondary\">%s</button> <button type=\"submit\" "
                    "name=\"action\" value=\"done\">%s</button></div></form>",
                    _("Tiến độ / kết quả"), _("Số, ký hiệu văn bản trả lời (nếu có)"),
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
