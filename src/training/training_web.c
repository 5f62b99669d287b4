/* Pages and API of the training records: /training (who is due, the records, counts by unit,
 * xlsx, the form), POST /training; /api/v1/training, /api/v1/training/due,
 * /api/v1/training/requirements. The rules are the service's (training.h). */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/i18n.h"
#include "http/router.h"
#include "org/org.h"
#include "registers/registers.h"
#include "training/training.h"
#include "web/dates.h"
#include "web/errors.h"
#include "web/forms.h"
#include "web/layout.h"
#include "web/params.h"
#include "web/respond.h"

#define B (&c->rs->body)
#define KEY "/training"

static const char *in(ctx *c, json_t *j, const char *name)
{
    if (!c->is_api)
        return req_form(c->rq, name);
    json_t *v = json_object_get(j, name);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static int64_t in_int(ctx *c, json_t *j, const char *name)
{
    if (!c->is_api) {
        const char *s = req_form(c->rq, name);
        return s && *s ? atoll(s) : 0;
    }
    json_t *v = json_object_get(j, name);
    return json_is_integer(v) ? (int64_t)json_integer_value(v) : 0;
}

static const char *vn(ctx *c, const char *iso)
{
    return iso && *iso ? web_date_vn(c, iso) : "";
}

static void xlsx(ctx *c, const training_record *v, int n)
{
    static const char *headers[] = {"STT",     "Họ và tên", "Đơn vị",       "Chức vụ",
                                    "Loại",    "Khóa học",  "Trình độ",     "Văn bằng, chứng chỉ",
                                    "Từ ngày", "Đến ngày",  "Cơ sở đào tạo"};
    const int nc = 11;
    const char **cells = arena_alloc(c->a, (size_t)(n * nc + 1) * sizeof *cells);
    for (int i = 0; i < n; i++) {
        const training_record *r = &v[i];
        const char **x = cells + i * nc;
        x[0] = arena_printf(c->a, "%d", i + 1);
        x[1] = r->staff_name;
        x[2] = r->unit_name;
        x[3] = r->position;
        x[4] = training_kind_label(r->kind);
        x[5] = r->name;
        x[6] = r->level;
        x[7] = r->certificate;
        x[8] = vn(c, r->started_on);
        x[9] = vn(c, r->ended_on);
        x[10] = r->provider;
    }
    export_table(c, "xlsx", "dao-tao-boi-duong", _("Đào tạo, bồi dưỡng cán bộ"), nc, headers, n,
                 cells);
}

static void due_xlsx(ctx *c, const training_due *d, int n)
{
    static const char *headers[] = {"STT",     "Họ và tên",   "Đơn vị",
                                    "Chức vụ", "Cần đào tạo", "Trình độ"};
    const int nc = 6;
    const char **cells = arena_alloc(c->a, (size_t)(n * nc + 1) * sizeof *cells);
    for (int i = 0; i < n; i++) {
        const char **x = cells + i * nc;
        x[0] = arena_printf(c->a, "%d", i + 1);
        x[1] = d[i].staff_name;
        x[2] = d[i].unit_name;
        x[3] = d[i].position;
        x[4] = training_kind_label(d[i].kind);
        x[5] = d[i].level;
    }
    export_table(c, "xlsx", "can-dao-tao-theo-chuc-vu", _("Cán bộ cần đào tạo theo chức vụ"), nc,
                 headers, n, cells);
}

#define NKINDS 5
typedef struct unit_row {
    const char *name;
    int cnt[NKINDS], due;
} unit_row;

/* The units of the records and of the due list, by name, with their counts. */
static int unit_rows(ctx *c, const training_record *v, int n, const training_due *d, int nd,
                     unit_row **rows_r)
{
    unit_row *u = arena_alloc(c->a, (size_t)(n + nd + 1) * sizeof *u);
    int nu = 0;
    for (int i = 0; i < n + nd; i++) {
        const char *name = i < n ? v[i].unit_name : d[i - n].unit_name;
        int j = 0;
        while (j < nu && strcmp(u[j].name, name) != 0)
            j++;
        if (j == nu) {
            memset(&u[nu], 0, sizeof u[nu]);
            u[nu++].name = name;
        }
        if (i >= n) {
            u[j].due++;
            continue;
        }
        for (int k = 0; k < NKINDS && training_kinds[k]; k++)
            if (strcmp(v[i].kind, training_kinds[k]) == 0)
                u[j].cnt[k]++;
    }
    for (int i = 1; i < nu; i++) /* by name, as the lists are */
        for (int j = i; j > 0 && strcmp(u[j - 1].name, u[j].name) > 0; j--) {
            unit_row t = u[j];
            u[j] = u[j - 1];
            u[j - 1] = t;
        }
    *rows_r = u;
    return nu;
}

static void units_xlsx(ctx *c, const training_record *v, int n, const training_due *d, int nd)
{
    static const char *headers[] = {"Đơn vị",          "Lý luận chính trị", "Quản lý nhà nước",
                                    "Tin học",         "Ngoại ngữ",         "Khác",
                                    "Còn phải đào tạo"};
    const int nc = 7;
    unit_row *u;
    int nu = unit_rows(c, v, n, d, nd, &u);
    const char **cells = arena_alloc(c->a, (size_t)(nu * nc + 1) * sizeof *cells);
    for (int i = 0; i < nu; i++) {
        const char **x = cells + i * nc;
        x[0] = u[i].name;
        for (int k = 0; k < NKINDS; k++)
            x[1 + k] = arena_printf(c->a, "%d", u[i].cnt[k]);
        x[6] = arena_printf(c->a, "%d", u[i].due);
    }
    export_table(c, "xlsx", "dao-tao-theo-don-vi", _("Số lượt đào tạo theo đơn vị"), nc, headers,
                 nu, cells);
}

static void form_html(ctx *c)
{
    html_printf(B,
                "<section class=\"panel no-print\" id=\"new-training\"><h2>%s</h2>"
                "<form method=\"post\" action=\"%s\" class=\"form\">",
                _("Ghi khóa đào tạo, bồi dưỡng"), KEY);
    form_csrf(c);
    staff_member *st;
    int ns = org_staff_list(c, 0, NULL, false, &st);
    const char *cur = form_val(c, KEY, "staff_id", NULL);
    html_printf(
        B,
        "<div class=\"field%s\"><label for=\"f-staff_id\">%s</label><select id=\"f-staff_id\" "
        "name=\"staff_id\" required",
        form_err(c, KEY, "staff_id") ? " has-error" : "", _("Cán bộ"));
    form_aria_html(c, KEY, "staff_id", "f-staff_id");
    html_printf(B, "><option value=\"\">%s</option>", _("— chọn —"));
    for (int i = 0; i < ns; i++) {
        const char *id = arena_printf(c->a, "%lld", (long long)st[i].id);
        html_printf(B, "<option value=\"%s\"%s>%s (%s)</option>", id,
                    cur && strcmp(cur, id) == 0 ? " selected" : "", st[i].full_name,
                    st[i].unit_name ? st[i].unit_name : "");
    }
    html_raw(B, "</select>");
    form_err_html(c, KEY, "staff_id", "f-staff_id");
    const char *kcur = form_val(c, KEY, "kind", NULL);
    html_printf(B,
                "</div><div class=\"field%s\"><label for=\"f-kind\">%s</label><select "
                "id=\"f-kind\" name=\"kind\">",
                form_err(c, KEY, "kind") ? " has-error" : "", _("Loại"));
    for (int i = 0; training_kinds[i]; i++)
        html_printf(B, "<option value=\"%s\"%s>%s</option>", training_kinds[i],
                    kcur && strcmp(kcur, training_kinds[i]) == 0 ? " selected" : "",
                    training_kind_label(training_kinds[i]));
    html_raw(B, "</select>");
    form_err_html(c, KEY, "kind", "f-kind");
    html_raw(B, "</div>");
    form_field_html(c, KEY,
                    &(form_field){.name = "name", .label = _("Tên khóa học"), .required = true});
    form_field_html(c, KEY, &(form_field){.name = "level", .label = _("Trình độ")});
    form_field_html(c, KEY,
                    &(form_field){.name = "certificate", .label = _("Văn bằng, chứng chỉ")});
    form_field_html(
        c, KEY,
        &(form_field){
            .name = "started_on", .label = _("Từ ngày"), .type = "date", .required = true});
    form_field_html(
        c, KEY,
        &(form_field){
            .name = "ended_on", .label = _("Đến ngày"), .type = "date", .required = true});
    form_field_html(c, KEY, &(form_field){.name = "provider", .label = _("Cơ sở đào tạo")});
    html_printf(B,
                "<div class=\"actions\"><button type=\"submit\">%s</button></div></form></section>",
                _("Ghi"));
}

static void h_page(ctx *c)
{
    training_record *v;
    int n = training_list(c, 0, NULL, &v);
    training_due *d;
    int nd = training_due_list(c, web_today(c), &d);
    if (n < 0 || nd < 0) {
        respond_error(c, 500, "internal", _(WEB_MSG_DB));
        return;
    }
    const char *fmt = req_query(c->rq, "format");
    const char *list = req_query(c->rq, "list");
    if (fmt && strcmp(fmt, "xlsx") == 0 && list && strcmp(list, "due") == 0) {
        due_xlsx(c, d, nd);
        return;
    }
    if (fmt && strcmp(fmt, "xlsx") == 0 && list && strcmp(list, "units") == 0) {
        units_xlsx(c, v, n, d, nd);
        return;
    }
    if (fmt && strcmp(fmt, "xlsx") == 0) {
        xlsx(c, v, n);
        return;
    }
    page_begin(c, _("Đào tạo, bồi dưỡng cán bộ"), "awards");
    html_printf(B,
                "<nav class=\"tabs no-print\"><a href=\"/awards\">%s</a> <a "
                "href=\"/awards/commendations\">%s</a> <a href=\"/training\" "
                "aria-current=\"page\">%s</a> <a href=\"/training/rules\">%s</a></nav>",
                _("Huy hiệu Đảng"), _("Khen thưởng"), _("Đào tạo, bồi dưỡng"),
                _("Quy định theo chức vụ"));
    html_printf(B,
                "<h2>%s (%d)</h2><p class=\"no-print\"><a href=\"/training?list=due&amp;"
                "format=xlsx\">%s</a> · <button type=\"button\" class=\"secondary\" data-print>"
                "%s</button> · <a href=\"/training/rules\">%s</a></p>",
                _("Cán bộ cần đào tạo theo chức vụ"), nd, _("Tải Excel"), _("In"),
                _("Quy định theo chức vụ"));
    if (nd == 0)
        html_printf(B, "<p class=\"empty\">%s</p>", _("Không có ai cần đào tạo thêm."));
    else {
        html_printf(
            B,
            "<div class=\"table-wrap\"><table class=\"list cards\" id=\"training-due\"><thead>"
            "<tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
            _("Họ và tên"), _("Đơn vị"), _("Chức vụ"), _("Cần đào tạo"));
        for (int i = 0; i < nd; i++)
            html_printf(B,
                        "<tr><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
                        "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%s %s</td></tr>",
                        _("Họ và tên"), d[i].staff_name, _("Đơn vị"), d[i].unit_name, _("Chức vụ"),
                        d[i].position, _("Cần đào tạo"), training_kind_label(d[i].kind),
                        d[i].level);
        html_raw(B, "</tbody></table></div>");
    }
    /* Counts by unit and kind, and how many are still due by the position rules: the report
     * the office sends. */
    unit_row *u;
    int nu = unit_rows(c, v, n, d, nd, &u);
    html_printf(
        B,
        "<h2>%s</h2><p class=\"no-print\"><a href=\"/training?list=units&amp;format=xlsx\">%s"
        "</a></p><div class=\"table-wrap\"><table class=\"list\" id=\"training-by-unit\">"
        "<thead><tr><th>%s</th>",
        _("Số lượt đào tạo theo đơn vị"), _("Tải Excel"), _("Đơn vị"));
    for (int k = 0; training_kinds[k]; k++)
        html_printf(B, "<th>%s</th>", training_kind_label(training_kinds[k]));
    html_printf(B, "<th>%s</th></tr></thead><tbody>", _("Còn phải đào tạo"));
    for (int i = 0; i < nu; i++) {
        html_printf(B, "<tr><td>%s</td>", u[i].name);
        for (int k = 0; training_kinds[k]; k++)
            html_printf(B, "<td class=\"num\">%d</td>", u[i].cnt[k]);
        html_printf(B, "<td class=\"num due\">%d</td></tr>", u[i].due);
    }
    html_raw(B, "</tbody></table></div>");
    html_printf(
        B, "<h2>%s (%d)</h2><p class=\"no-print\"><a href=\"/training?format=xlsx\">%s</a></p>",
        _("Quá trình đào tạo, bồi dưỡng"), n, _("Tải Excel"));
    if (n > 0) {
        html_printf(
            B,
            "<div class=\"table-wrap\"><table class=\"list cards\" id=\"training\"><thead><tr>"
            "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>"
            "</thead><tbody>",
            _("Họ và tên"), _("Loại"), _("Khóa học"), _("Văn bằng, chứng chỉ"), _("Thời gian"),
            _("Cơ sở đào tạo"));
        for (int i = 0; i < n; i++)
            html_printf(B,
                        "<tr><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
                        "<td data-label=\"%s\">%s %s</td><td data-label=\"%s\">%s</td>"
                        "<td data-label=\"%s\">%s – %s</td><td data-label=\"%s\">%s</td></tr>",
                        _("Họ và tên"), v[i].staff_name, _("Loại"), training_kind_label(v[i].kind),
                        _("Khóa học"), v[i].name, v[i].level, _("Văn bằng, chứng chỉ"),
                        v[i].certificate, _("Thời gian"), vn(c, v[i].started_on),
                        vn(c, v[i].ended_on), _("Cơ sở đào tạo"), v[i].provider);
        html_raw(B, "</tbody></table></div>");
    }
    if (training_may_write(c->user))
        form_html(c);
    page_end(c);
}

static void h_create(ctx *c)
{
    json_t *j = NULL;
    if (c->is_api) {
        static const char *const m[] = {"staff_id", "kind",        "name",
                                        "level",    "certificate", "started_on",
                                        "ended_on", "provider",    NULL};
        j = params_json(c, m);
        if (!j)
            return;
    }
    training_record r = {.staff_id = in_int(c, j, "staff_id"),
                         .kind = in(c, j, "kind"),
                         .name = in(c, j, "name"),
                         .level = in(c, j, "level"),
                         .certificate = in(c, j, "certificate"),
                         .started_on = in(c, j, "started_on"),
                         .ended_on = in(c, j, "ended_on"),
                         .provider = in(c, j, "provider")};
    web_err e;
    int64_t id = training_create(c, &r, &e);
    if (c->is_api) {
        if (id < 0)
            web_err_respond(c, &e);
        else
            respond_json(c, 201, json_pack("{s:I}", "id", (json_int_t)id));
        return;
    }
    web_after_post(c, KEY, id < 0 ? -1 : 0, &e, _("Đã ghi khóa đào tạo."));
}

static void api_list(ctx *c)
{
    static const char *const params[] = {"unit_id", "kind", NULL};
    if (!params_check(c, params))
        return;
    web_err e = {0};
    int64_t uid = 0;
    int k = -1;
    query_id(c, "unit_id", &uid, &e);
    query_enum(c, "kind", training_kinds, &k, &e);
    if (e.n) {
        web_err_respond(c, &e);
        return;
    }
    training_record *v;
    int n = training_list(c, uid, k >= 0 ? training_kinds[k] : NULL, &v);
    if (n < 0) {
        respond_error(c, 500, "internal", _(WEB_MSG_DB));
        return;
    }
    json_t *arr = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(
            arr,
            json_pack("{s:I, s:I, s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id",
                      (json_int_t)v[i].id, "staff_id", (json_int_t)v[i].staff_id, "staff_name",
                      v[i].staff_name, "unit_id", (json_int_t)v[i].unit_id, "unit_name",
                      v[i].unit_name, "position", v[i].position, "kind", v[i].kind, "name",
                      v[i].name, "level", v[i].level, "certificate", v[i].certificate, "started_on",
                      v[i].started_on, "ended_on", v[i].ended_on, "provider", v[i].provider));
    respond_json(c, 200, json_pack("{s:i, s:o}", "total", n, "items", arr));
}

static void api_due(ctx *c)
{
    static const char *const params[] = {"date", NULL};
    if (!params_check(c, params))
        return;
    web_err e = {0};
    const char *date = web_today(c);
    query_date(c, "date", &date, &e);
    if (e.n) {
        web_err_respond(c, &e);
        return;
    }
    training_due *d;
    int n = training_due_list(c, date, &d);
    if (n < 0) {
        respond_error(c, 500, "internal", _(WEB_MSG_DB));
        return;
    }
    json_t *arr = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(
            arr, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "staff_id", (json_int_t)d[i].staff_id,
                           "staff_name", d[i].staff_name, "unit_name", d[i].unit_name, "position",
                           d[i].position, "kind", d[i].kind, "level", d[i].level));
    respond_json(c, 200, json_pack("{s:s, s:i, s:o}", "date", date, "total", n, "items", arr));
}

static void api_requirement(ctx *c)
{
    static const char *const m[] = {"position", "kind", "level", "effective_from", NULL};
    json_t *j = params_json(c, m);
    if (!j)
        return;
    web_err e;
    int64_t id = training_requirement_add(c, in(c, j, "position"), in(c, j, "kind"),
                                          in(c, j, "level"), in(c, j, "effective_from"), &e);
    if (id < 0)
        web_err_respond(c, &e);
    else
        respond_json(c, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

void training_rules_routes(void);

void training_routes(void)
{
    training_rules_routes();
    route_add("GET", KEY, h_page, 0);
    route_add("POST", KEY, h_create, 0);
    route_add("GET", "/api/v1/training", api_list, ROUTE_API);
    route_add("POST", "/api/v1/training", h_create, ROUTE_API);
    route_add("GET", "/api/v1/training/due", api_due, ROUTE_API);
    route_add("POST", "/api/v1/training/requirements", api_requirement, ROUTE_API);
}
