/* The administrator's pages of report types (reporting.h): /admin/report-types lists them with
 * a form for a new one; /admin/report-types/{id} edits one. The form goes field by field
 * (reporting_type_form.c: each refused field in red beside it, the typed values kept); the
 * same document as JSON (what the API exports and takes — a changed form with a later
 * from_period becomes a new version) stays in a "Nâng cao: JSON" box for import and export,
 * posted with _form=json. Validation is the service's, for both. */
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "http/router.h"
#include "reporting/reporting_impl.h"
#include "web/errors.h"
#include "web/forms.h"
#include "web/layout.h"
#include "web/respond.h"

static strbuf *B(ctx *c)
{
    return &c->rs->body;
}

static void json_form(ctx *c, const char *action, const char *value, const char *button)
{
    const char *key = arena_printf(c->a, "%s#json", action);
    html_printf(B(c),
                "<details class=\"panel rt-advanced\" id=\"rt-advanced\"%s><summary>%s</summary>",
                form_failed(c, key) ? " open" : "", _("Nâng cao: JSON (nhập, xuất)"));
    html_printf(B(c), "<form class=\"form\" method=\"post\" action=\"%s\">", action);
    form_csrf(c);
    form_key_input(c, "json");
    form_field f = {.name = "json",
                    .label = _("Định nghĩa loại báo cáo (JSON)"),
                    .type = "textarea",
                    .rows = 24,
                    .value = value,
                    .id = "rt-json",
                    .hint = _("Các trường: code, name, legal_basis, cycles, cutoff_day, due "
                              "{kind, value, by_level}, levels, recipient_unit_id, "
                              "effective_from, form {from_period, indicators, sections, rules}.")};
    form_field_html(c, key, &f);
    html_printf(B(c), "<button type=\"submit\" id=\"rt-save\">%s</button></form></details>",
                button);
}

static void h_list(ctx *c)
{
    if (!rep_may_admin(c)) {
        respond_forbidden(c);
        return;
    }
    page_begin(c, _("Loại báo cáo"), "admin");
    rep_type *t;
    int n = rep_types(c, &t);
    html_printf(B(c),
                "<div class=\"table-wrap\"><table id=\"rt-list\"><thead><tr><th>%s</th><th>%s</th>"
                "<th>%s</th><th>%s</th></tr></thead><tbody>",
                _("Mã"), _("Tên"), _("Áp dụng từ"), _("Thao tác"));
    for (int i = 0; i < n; i++)
        html_printf(B(c),
                    "<tr><td>%s</td><td>%s</td><td class=\"date\">%s</td><td><a "
                    "href=\"/admin/report-types/%lld\">%s</a> · <a href=\"/api/v1/reports/types/"
                    "%lld\">%s</a></td></tr>",
                    t[i].code, t[i].name, t[i].effective_from, (long long)t[i].id, _("Sửa"),
                    (long long)t[i].id, _("Xuất JSON"));
    html_raw(B(c), "</tbody></table></div>");
    html_printf(B(c), "<section class=\"panel\" id=\"rt-new\"><h2>%s</h2>", _("Thêm loại báo cáo"));
    rep_type_form_html(c, "/admin/report-types", NULL, NULL, _("Lưu loại báo cáo"));
    html_raw(B(c), "</section>");
    json_form(c, "/admin/report-types", "", _("Lưu loại báo cáo"));
    page_end(c);
}

static void save(ctx *c, int64_t id)
{
    const char *back = id > 0 ? arena_printf(c->a, "/admin/report-types/%lld", (long long)id)
                              : "/admin/report-types";
    if (!rep_may_admin(c)) {
        respond_forbidden(c);
        return;
    }
    web_err e = {0};
    int64_t r = -1;
    const char *which = req_form(c->rq, FORM_KEY_FIELD);
    if (!which || strcmp(which, "json") != 0) {
        /* The form field by field. */
        rep_type_form_map m;
        json_t *j = rep_type_form_read(c, &m);
        r = rep_type_save(c, id, j, &e);
        json_decref(j);
        if (r <= 0)
            rep_type_form_remap(c, &e, &m);
        if (r > 0 && id <= 0)
            back = arena_printf(c->a, "/admin/report-types/%lld", (long long)r);
        web_after_post(c, back, r > 0 ? 0 : -1, &e, _("Đã lưu loại báo cáo."));
        return;
    }
    json_error_t jerr;
    const char *text = req_form(c->rq, "json");
    json_t *j = text ? json_loads(text, 0, &jerr) : NULL;
    if (!j)
        web_err_add(&e, 422, "invalid_input", "json",
                    arena_printf(c->a, _("JSON không hợp lệ ở dòng %d: %s"), text ? jerr.line : 0,
                                 text ? jerr.text : ""));
    else {
        /* Export carries read-only members: the import ignores them. */
        json_object_del(j, "id");
        json_object_del(j, "forms");
        json_object_del(j, "recipient_name");
        json_t *f = json_object_get(j, "form");
        if (json_is_object(f))
            json_object_del(f, "version");
        r = rep_type_save(c, id, j, &e);
        json_decref(j);
    }
    if (r > 0 && id <= 0)
        back = arena_printf(c->a, "/admin/report-types/%lld", (long long)r);
    web_after_post(c, back, r > 0 ? 0 : -1, &e, _("Đã lưu loại báo cáo."));
}

static void h_create(ctx *c)
{
    save(c, 0);
}

static void h_update(ctx *c)
{
    save(c, req_param_id(c->rq, "id"));
}

static void h_edit(ctx *c)
{
    if (!rep_may_admin(c)) {
        respond_forbidden(c);
        return;
    }
    const rep_type *t = rep_type_get(c, req_param_id(c->rq, "id"));
    if (!t) {
        respond_not_found(c);
        return;
    }
    json_t *j = rep_type_json(c, t, true);
    json_object_del(j, "forms");
    json_t *def = json_incref(json_object_get(j, "form"));
    char *text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(j);
    page_begin(c, t->name, "admin");
    html_printf(B(c), "<p>%s <a href=\"/admin/report-types\">%s</a></p>",
                _("Sửa từng mục rồi lưu; biểu mẫu thay đổi với kỳ áp dụng mới thành một phiên bản "
                  "mới, kỳ cũ giữ biểu mẫu cũ."),
                _("Danh sách loại báo cáo"));
    const char *action = arena_printf(c->a, "/admin/report-types/%lld", (long long)t->id);
    rep_type_form_html(c, action, t, def, _("Lưu thay đổi"));
    json_decref(def);
    json_form(c, action, text ? text : "", _("Lưu thay đổi"));
    free(text);
    page_end(c);
}

void reporting_admin_routes(void)
{
    route_add("GET", "/admin/report-types", h_list, 0);
    route_add("POST", "/admin/report-types", h_create, 0);
    route_add("GET", "/admin/report-types/{id}", h_edit, 0);
    route_add("POST", "/admin/report-types/{id}", h_update, 0);
}
