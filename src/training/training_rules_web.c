/* The page of the training position rules (/training/rules: list, xlsx, print; the
 * administrator adds, edits and retires) and their API (/api/v1/training/requirements…). The
 * rules are the service's (training.h): these pages only show and pass on. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/i18n.h"
#include "http/router.h"
#include "registers/registers.h"
#include "training/training.h"
#include "web/dates.h"
#include "web/errors.h"
#include "web/forms.h"
#include "web/layout.h"
#include "web/params.h"
#include "web/respond.h"

#define B (&c->rs->body)
#define KEY "/training/rules"

static const char *vn(ctx *c, const char *iso)
{
    return iso && *iso ? web_date_vn(c, iso) : "";
}

static const char *in(ctx *c, json_t *j, const char *name)
{
    if (!c->is_api)
        return req_form(c->rq, name);
    json_t *v = json_object_get(j, name);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static bool in_force(ctx *c, const training_rule *r)
{
    const char *today = web_today(c);
    return strcmp(r->effective_from, today) <= 0 &&
           (!r->effective_to || strcmp(r->effective_to, today) > 0);
}

static const char *state_label(ctx *c, const training_rule *r)
{
    if (r->effective_to && strcmp(r->effective_to, web_today(c)) <= 0)
        return _("Đã thôi áp dụng");
    if (strcmp(r->effective_from, web_today(c)) > 0)
        return _("Chưa đến ngày áp dụng");
    return _("Đang áp dụng");
}

static void xlsx(ctx *c, const training_rule *v, int n)
{
    static const char *headers[] = {"STT",        "Chức vụ",         "Loại đào tạo", "Trình độ",
                                    "Áp dụng từ", "Thôi áp dụng từ", "Tình trạng",   "Ghi chú"};
    const int nc = 8;
    const char **cells = arena_alloc(c->a, (size_t)(n * nc + 1) * sizeof *cells);
    for (int i = 0; i < n; i++) {
        const char **x = cells + i * nc;
        x[0] = arena_printf(c->a, "%d", i + 1);
        x[1] = v[i].position;
        x[2] = training_kind_label(v[i].kind);
        x[3] = v[i].level;
        x[4] = vn(c, v[i].effective_from);
        x[5] = vn(c, v[i].effective_to);
        x[6] = state_label(c, &v[i]);
        x[7] = v[i].note;
    }
    export_table(c, "xlsx", "quy-dinh-dao-tao-theo-chuc-vu", _("Quy định đào tạo theo chức vụ"), nc,
                 headers, n, cells);
}

static void kind_select(ctx *c, const char *key, const char *cur, const char *id)
{
    const char *v = form_val(c, key, "kind", cur);
    html_printf(B,
                "<div class=\"field%s\"><label for=\"%s\">%s</label><select id=\"%s\" "
                "name=\"kind\"",
                form_err(c, key, "kind") ? " has-error" : "", id, _("Loại đào tạo"), id);
    form_aria_html(c, key, "kind", id);
    html_raw(B, ">");
    for (int i = 0; training_kinds[i]; i++)
        html_printf(B, "<option value=\"%s\"%s>%s</option>", training_kinds[i],
                    v && strcmp(v, training_kinds[i]) == 0 ? " selected" : "",
                    training_kind_label(training_kinds[i]));
    html_raw(B, "</select>");
    form_err_html(c, key, "kind", id);
    html_raw(B, "</div>");
}

static void tabs(ctx *c)
{
    html_printf(B,
                "<nav class=\"tabs no-print\"><a href=\"/awards\">%s</a> <a "
                "href=\"/awards/commendations\">%s</a> <a href=\"/training\">%s</a> <a "
                "href=\"/training/rules\" aria-current=\"page\">%s</a></nav>",
                _("Huy hiệu Đảng"), _("Khen thưởng"), _("Đào tạo, bồi dưỡng"),
                _("Quy định theo chức vụ"));
}

static void h_list(ctx *c)
{
    training_rule *v;
    int n = training_rules(c, &v);
    if (n < 0) {
        respond_error(c, 500, "internal", _(WEB_MSG_DB));
        return;
    }
    const char *fmt = req_query(c->rq, "format");
    if (fmt && strcmp(fmt, "xlsx") == 0) {
        xlsx(c, v, n);
        return;
    }
    bool admin = c->user && c->user->role == ROLE_ADMIN;
    page_begin(c, _("Quy định đào tạo theo chức vụ"), "awards");
    tabs(c);
    html_printf(B,
                "<p class=\"hint\">%s</p><p class=\"no-print\"><a "
                "href=\"/training/rules?format=xlsx\">%s</a> · <button type=\"button\" "
                "class=\"secondary\" data-print>%s</button> · <a href=\"/training\">%s</a></p>",
                _("Cán bộ giữ chức vụ nào phải có loại đào tạo nào, áp dụng từ ngày nào: danh "
                  "sách cần đào tạo và báo cáo theo đơn vị tính theo các quy định này."),
                _("Tải Excel"), _("In"), _("Danh sách cần đào tạo"));
    if (n == 0)
        html_printf(B, "<p class=\"empty\">%s</p>", _("Chưa có quy định nào."));
    else {
        html_printf(B,
                    "<div class=\"table-wrap\"><table class=\"list cards\" id=\"training-rules\">"
                    "<thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
                    "<th>%s</th><th>%s</th></tr></thead><tbody>",
                    _("Chức vụ"), _("Loại đào tạo"), _("Trình độ"), _("Áp dụng từ"),
                    _("Thôi áp dụng từ"), _("Tình trạng"), _("Ghi chú"));
        for (int i = 0; i < n; i++) {
            const training_rule *r = &v[i];
            html_printf(B, "<tr class=\"%s\"><td data-label=\"%s\">", in_force(c, r) ? "" : "muted",
                        _("Chức vụ"));
            if (admin)
                html_printf(B, "<a href=\"/training/rules/%lld\">%s</a>", (long long)r->id,
                            r->position);
            else
                html_printf(B, "%s", r->position);
            html_printf(B,
                        "</td><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
                        "<td class=\"date\" data-label=\"%s\">%s</td><td class=\"date\" "
                        "data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
                        "<td data-label=\"%s\">%s</td></tr>",
                        _("Loại đào tạo"), training_kind_label(r->kind), _("Trình độ"), r->level,
                        _("Áp dụng từ"), vn(c, r->effective_from), _("Thôi áp dụng từ"),
                        vn(c, r->effective_to), _("Tình trạng"), state_label(c, r), _("Ghi chú"),
                        r->note);
        }
        html_raw(B, "</tbody></table></div>");
    }
    if (admin) {
        html_printf(B,
                    "<section class=\"panel no-print\" id=\"new-rule\"><h2>%s</h2>"
                    "<form method=\"post\" action=\"%s\" class=\"form\">",
                    _("Thêm quy định"), KEY);
        form_csrf(c);
        form_field_html(c, KEY,
                        &(form_field){.name = "position",
                                      .label = _("Chức vụ"),
                                      .required = true,
                                      .hint = _("Viết đúng như chức vụ trong hồ sơ cán bộ.")});
        kind_select(c, KEY, "politics", "f-kind");
        form_field_html(c, KEY,
                        &(form_field){.name = "level",
                                      .label = _("Trình độ"),
                                      .hint = _("Ví dụ: Cao cấp, Trung cấp")});
        form_field_html(c, KEY,
                        &(form_field){.name = "effective_from",
                                      .label = _("Áp dụng từ ngày"),
                                      .type = "date",
                                      .value = web_today(c),
                                      .required = true});
        html_printf(
            B, "<div class=\"actions\"><button type=\"submit\">%s</button></div></form></section>",
            _("Thêm quy định"));
    }
    page_end(c);
}

static void h_one(ctx *c)
{
    if (!c->user || c->user->role != ROLE_ADMIN) {
        respond_forbidden(c);
        return;
    }
    const training_rule *r = training_rule_get(c, req_param_id(c->rq, "id"));
    if (!r) {
        respond_not_found(c);
        return;
    }
    page_begin(c, arena_printf(c->a, _("Quy định đào tạo: %s"), r->position), "awards");
    tabs(c);
    html_printf(B, "<p class=\"no-print\"><a href=\"/training/rules\">%s</a></p>",
                _("← Quy định theo chức vụ"));
    const char *key = arena_printf(c->a, "/training/rules/%lld", (long long)r->id);
    html_printf(B,
                "<section class=\"panel\" id=\"edit-rule\"><h2>%s</h2>"
                "<form method=\"post\" action=\"%s\" class=\"form\">",
                _("Sửa quy định"), key);
    form_csrf(c);
    form_field_html(
        c, key,
        &(form_field){
            .name = "position", .label = _("Chức vụ"), .value = r->position, .required = true});
    kind_select(c, key, r->kind, "f-kind");
    form_field_html(c, key,
                    &(form_field){.name = "level", .label = _("Trình độ"), .value = r->level});
    form_field_html(c, key,
                    &(form_field){.name = "effective_from",
                                  .label = _("Áp dụng từ ngày"),
                                  .type = "date",
                                  .value = r->effective_from,
                                  .required = true});
    form_field_html(c, key,
                    &(form_field){.name = "note",
                                  .label = _("Ghi chú"),
                                  .type = "textarea",
                                  .rows = 2,
                                  .value = r->note});
    html_printf(B,
                "<div class=\"actions\"><button type=\"submit\">%s</button></div></form></section>",
                _("Lưu"));
    if (r->effective_to) {
        html_printf(B, "<p id=\"retired\">%s %s</p>", _("Đã thôi áp dụng từ ngày"),
                    vn(c, r->effective_to));
    } else {
        const char *rk = arena_printf(c->a, "%s/retire", key);
        html_printf(B,
                    "<section class=\"panel\" id=\"retire-rule\"><h2>%s</h2><p class=\"hint\">%s"
                    "</p><form method=\"post\" action=\"%s\" class=\"form\">",
                    _("Thôi áp dụng"),
                    _("Quy định vẫn còn trong danh sách của những ngày trước đó."), rk);
        form_csrf(c);
        form_field_html(c, rk,
                        &(form_field){.name = "effective_to",
                                      .label = _("Thôi áp dụng từ ngày"),
                                      .type = "date",
                                      .value = web_today(c),
                                      .required = true});
        html_printf(
            B, "<div class=\"actions\"><button type=\"submit\">%s</button></div></form></section>",
            _("Thôi áp dụng"));
    }
    page_end(c);
}

static void h_add(ctx *c)
{
    web_err e;
    int64_t id =
        training_requirement_add(c, req_form(c->rq, "position"), req_form(c->rq, "kind"),
                                 req_form(c->rq, "level"), req_form(c->rq, "effective_from"), &e);
    web_after_post(c, KEY, id < 0 ? -1 : 0, &e, _("Đã thêm quy định đào tạo."));
}

static training_rule rule_in(ctx *c, json_t *j)
{
    return (training_rule){.position = in(c, j, "position"),
                           .kind = in(c, j, "kind"),
                           .level = in(c, j, "level"),
                           .effective_from = in(c, j, "effective_from"),
                           .note = in(c, j, "note")};
}

static void h_edit(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    training_rule r = rule_in(c, NULL);
    web_err e;
    int rc = training_rule_edit(c, id, &r, &e);
    web_after_post(c, rc < 0 ? arena_printf(c->a, "%s/%lld", KEY, (long long)id) : KEY, rc, &e,
                   _("Đã sửa quy định đào tạo."));
}

static void h_retire(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    web_err e;
    int rc = training_rule_retire(c, id, req_form(c->rq, "effective_to"), &e);
    web_after_post(c, rc < 0 ? arena_printf(c->a, "%s/%lld", KEY, (long long)id) : KEY, rc, &e,
                   _("Đã thôi áp dụng quy định."));
}

static json_t *rule_json(const training_rule *r)
{
    json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)r->id, "position",
                          r->position, "kind", r->kind, "level", r->level, "effective_from",
                          r->effective_from, "note", r->note);
    json_object_set_new(j, "effective_to",
                        r->effective_to ? json_string(r->effective_to) : json_null());
    return j;
}

static void api_list(ctx *c)
{
    if (!params_check(c, (const char *const[]){NULL}))
        return;
    training_rule *v;
    int n = training_rules(c, &v);
    if (n < 0) {
        respond_error(c, 500, "internal", _(WEB_MSG_DB));
        return;
    }
    json_t *arr = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(arr, rule_json(&v[i]));
    respond_json(c, 200, json_pack("{s:i, s:o}", "total", n, "items", arr));
}

static void api_edit(ctx *c)
{
    static const char *const m[] = {"position", "kind", "level", "effective_from", "note", NULL};
    json_t *j = params_json(c, m);
    if (!j)
        return;
    int64_t id = req_param_id(c->rq, "id");
    training_rule r = rule_in(c, j);
    web_err e;
    if (training_rule_edit(c, id, &r, &e) < 0) {
        web_err_respond(c, &e);
        return;
    }
    respond_json(c, 200, rule_json(training_rule_get(c, id)));
}

static void api_retire(ctx *c)
{
    static const char *const m[] = {"effective_to", NULL};
    json_t *j = params_json(c, m);
    if (!j)
        return;
    int64_t id = req_param_id(c->rq, "id");
    web_err e;
    if (training_rule_retire(c, id, in(c, j, "effective_to"), &e) < 0) {
        web_err_respond(c, &e);
        return;
    }
    respond_json(c, 200, rule_json(training_rule_get(c, id)));
}

void training_rules_routes(void)
{
    route_add("GET", KEY, h_list, 0);
    route_add("POST", KEY, h_add, 0);
    route_add("GET", "/training/rules/{id}", h_one, 0);
    route_add("POST", "/training/rules/{id}", h_edit, 0);
    route_add("POST", "/training/rules/{id}/retire", h_retire, 0);
    route_add("GET", "/api/v1/training/requirements", api_list, ROUTE_API);
    route_add("POST", "/api/v1/training/requirements/{id}", api_edit, ROUTE_API);
    route_add("POST", "/api/v1/training/requirements/{id}/retire", api_retire, ROUTE_API);
}
