/* Ủy quyền pages and API: /tasks/delegations lists the delegations the caller gave or
 * received, with the form by which a leader names a deputy for a date range and the button
 * that ends one early; GET/POST /api/v1/delegations and POST /api/v1/delegations/{id}/end.
 * Permission, validation and audit are the service's (delegation.c). */
#include <string.h>

#include "base/i18n.h"
#include "http/router.h"
#include "org/org.h"
#include "tasks/tasks_impl.h"
#include "web/dates.h"
#include "web/errors.h"
#include "web/layout.h"
#include "web/params.h"
#include "web/respond.h"

static json_t *delegation_json(const delegation *d)
{
    return json_pack("{s:I, s:I, s:s?, s:I, s:s?, s:s, s:s, s:s?, s:s?, s:b}", "id",
                     (json_int_t)d->id, "leader_id", (json_int_t)d->leader_id, "leader",
                     d->leader_name, "deputy_id", (json_int_t)d->deputy_id, "deputy",
                     d->deputy_name, "from_date", d->from_date, "to_date", d->to_date, "note",
                     d->note, "ended_at", d->ended_at, "active", d->active);
}

static void h_list(ctx *c)
{
    if (!params_check(c, NULL))
        return;
    delegation *rows;
    int n = delegation_list(c, &rows);
    if (n < 0) {
        respond_error(c, 500, "internal", _(WEB_MSG_DB));
        return;
    }
    if (c->is_api) {
        json_t *arr = json_array();
        for (int i = 0; i < n; i++)
            json_array_append_new(arr, delegation_json(&rows[i]));
        respond_json(c, 200, json_pack("{s:o}", "items", arr));
        return;
    }
    page_begin(c, _("Ủy quyền phân công xử lý"), "tasks");
    strbuf *b = &c->rs->body;
    html_printf(b,
                "<div class=\"table-wrap\"><table id=\"delegations\"><thead><tr><th>%s</th>"
                "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th></th></tr></thead><tbody>",
                _("Người ủy quyền"), _("Người được ủy quyền"), _("Từ ngày"), _("Đến ngày"),
                _("Trạng thái"));
    for (int i = 0; i < n; i++) {
        const delegation *d = &rows[i];
        html_printf(b,
                    "<tr class=\"%s\"><td>%s</td><td>%s</td><td class=\"date\">%s</td>"
                    "<td class=\"date\">%s</td><td>%s</td><td>",
                    d->active ? "active" : "", d->leader_name ? d->leader_name : "",
                    d->deputy_name ? d->deputy_name : "", web_date_vn(c, d->from_date),
                    web_date_vn(c, d->to_date),
                    d->ended_at ? _("Đã kết thúc")
                    : d->active ? _("Đang hiệu lực")
                                : _("Chưa hoặc hết hiệu lực"));
        if (d->leader_id == c->user->id && !d->ended_at) {
            html_printf(b,
                        "<form method=\"post\" action=\"/tasks/delegations/%lld/end\" "
                        "class=\"inline\">",
                        (long long)d->id);
            form_csrf(c);
            html_printf(b, "<button type=\"submit\" class=\"secondary\">%s</button></form>",
                        _("Kết thúc"));
        }
        html_raw(b, "</td></tr>");
    }
    if (!n)
        html_printf(b, "<tr><td colspan=\"6\">%s</td></tr>", _("Chưa có ủy quyền nào."));
    html_raw(b, "</tbody></table></div>");
    if (role_is_leader(c->user->role)) {
        org_choice *people;
        int np = org_choice_people(c, 0, &people);
        html_printf(b,
                    "<h2>%s</h2><form class=\"form\" id=\"delegation-form\" method=\"post\" "
                    "action=\"/tasks/delegations\">",
                    _("Ủy quyền khi vắng mặt"));
        form_csrf(c);
        html_printf(b,
                    "<div class=\"field\"><label for=\"f-deputy\">%s</label><select "
                    "id=\"f-deputy\" name=\"deputy_id\" required><option value=\"\">%s</option>",
                    _("Người được ủy quyền"), _("— chọn —"));
        for (int i = 0; i < np; i++)
            if (people[i].id != c->user->id && org_unit_in_scope(c, people[i].unit_id))
                html_printf(b, "<option value=\"%lld\">%s</option>", (long long)people[i].id,
                            people[i].name);
        html_printf(b,
                    "</select></div><div class=\"field\"><label for=\"f-from\">%s</label><input "
                    "id=\"f-from\" type=\"date\" name=\"from_date\" value=\"%s\" required></div>"
                    "<div class=\"field\"><label for=\"f-to\">%s</label><input id=\"f-to\" "
                    "type=\"date\" name=\"to_date\" required></div><div class=\"field\"><label "
                    "for=\"f-dnote\">%s</label><input id=\"f-dnote\" name=\"note\"></div>"
                    "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>",
                    _("Từ ngày"), web_today(c), _("Đến ngày"), _("Ghi chú"), _("Ủy quyền"));
    }
    page_end(c);
}

static void h_create(ctx *c)
{
    web_err e = {0};
    int64_t deputy = 0;
    const char *from = NULL, *to = NULL, *note = NULL;
    if (c->is_api) {
        static const char *const members[] = {"deputy_id", "from_date", "to_date", "note", NULL};
        json_t *j = params_json(c, members);
        if (!j)
            return;
        json_member_id(c, j, "deputy_id", &deputy, &e);
        json_member_date(c, j, "from_date", &from, &e);
        json_member_date(c, j, "to_date", &to, &e);
        json_member_text(c, j, "note", &note, &e);
        if (e.n) {
            web_err_respond(c, &e);
            return;
        }
    } else {
        deputy = form_id(c, "deputy_id");
        from = req_form(c->rq, "from_date");
        to = req_form(c->rq, "to_date");
        note = req_form(c->rq, "note");
    }
    int64_t id = delegation_create(c, deputy, from, to, note, &e);
    if (c->is_api) {
        if (id < 0) {
            web_err_respond(c, &e);
            return;
        }
        delegation *rows;
        int n = delegation_list(c, &rows);
        for (int i = 0; i < n; i++)
            if (rows[i].id == id) {
                respond_json(c, 201, delegation_json(&rows[i]));
                return;
            }
        respond_json(c, 201, json_pack("{s:I}", "id", (json_int_t)id));
        return;
    }
    web_after_post(c, "/tasks/delegations", id < 0 ? -1 : 0, &e, _("Đã ủy quyền."));
}

static void h_end(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    if (c->is_api && !params_json_optional(c, NULL))
        return;
    web_err e;
    int rc = delegation_end(c, id, &e);
    if (c->is_api) {
        if (rc != 0)
            web_err_respond(c, &e);
        else
            respond_json(c, 200, json_pack("{s:I, s:b}", "id", (json_int_t)id, "ended", 1));
        return;
    }
    web_after_post(c, "/tasks/delegations", rc, &e, _("Đã kết thúc ủy quyền."));
}

void delegation_web_routes(void)
{
    route_add("GET", "/tasks/delegations", h_list, 0);
    route_add("POST", "/tasks/delegations", h_create, 0);
    route_add("POST", "/tasks/delegations/{id}/end", h_end, 0);
    route_add("GET", "/api/v1/delegations", h_list, ROUTE_API);
    route_add("POST", "/api/v1/delegations", h_create, ROUTE_API);
    route_add("POST", "/api/v1/delegations/{id}/end", h_end, ROUTE_API);
}
