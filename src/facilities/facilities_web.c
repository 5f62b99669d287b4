/* Pages of the assets register: the list (and its xlsx), a new asset, an asset's page with its
 * hand-overs and disposal, and the printed hand-over record (biên bản bàn giao). */
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "facilities/fac_impl.h"
#include "facilities/facilities.h"
#include "http/router.h"
#include "org/org.h"
#include "registers/registers.h"
#include "web/dates.h"
#include "web/errors.h"
#include "web/forms.h"
#include "web/layout.h"
#include "web/params.h"
#include "web/respond.h"

static strbuf *B(ctx *c)
{
    return &c->rs->body;
}

static const char *vn(ctx *c, const char *iso)
{
    return iso && *iso ? web_date_vn(c, iso) : "";
}

/* The people of the committee (accounts anchored at unit_id): responsible persons. */
static int people_of(ctx *c, int64_t unit_id, org_choice **rows_r)
{
    org_choice *all;
    int n = org_choice_people(c, 0, &all);
    org_choice *v = arena_alloc(c->a, sizeof *v * (size_t)(n > 0 ? n : 1));
    int m = 0;
    for (int i = 0; i < n; i++)
        if (org_scope_anchor(c->db, all[i].unit_id) == unit_id)
            v[m++] = all[i];
    *rows_r = v;
    return m;
}

static void select_codes(ctx *c, const char *key, const char *name, const char *label,
                         const char *const *codes, const char *(*lab)(const char *),
                         const char *dflt, bool any)
{
    const char *cur = key ? form_val(c, key, name, dflt) : dflt;
    html_printf(B(c),
                "<div class=\"field%s\"><label for=\"f-%s\">%s</label><select id=\"f-%s\" "
                "name=\"%s\">",
                key && form_err(c, key, name) ? " has-error" : "", name, label, name, name);
    if (any)
        html_printf(B(c), "<option value=\"\">%s</option>", _("(Tất cả)"));
    for (int i = 0; codes[i]; i++)
        html_printf(B(c), "<option value=\"%s\"%s>%s</option>", codes[i],
                    cur && strcmp(cur, codes[i]) == 0 ? " selected" : "", lab(codes[i]));
    html_raw(B(c), "</select>");
    if (key)
        form_err_html(c, key, name, arena_printf(c->a, "f-%s", name));
    html_raw(B(c), "</div>");
}

static void select_person(ctx *c, const char *key, const char *name, const char *label,
                          int64_t unit_id, int64_t dflt)
{
    org_choice *p;
    int n = people_of(c, unit_id, &p);
    const char *cur = form_val(c, key, name, arena_printf(c->a, "%lld", (long long)dflt));
    cur = cur ? cur : "";
    html_printf(B(c),
                "<div class=\"field%s\"><label for=\"f-%s\">%s</label><select id=\"f-%s\" "
                "name=\"%s\"",
                form_err(c, key, name) ? " has-error" : "", name, label, name, name);
    form_aria_html(c, key, name, arena_printf(c->a, "f-%s", name));
    html_printf(B(c), "><option value=\"\">%s</option>", _("(Chọn người)"));
    for (int i = 0; i < n; i++) {
        const char *id = arena_printf(c->a, "%lld", (long long)p[i].id);
        html_printf(B(c), "<option value=\"%s\"%s>%s</option>", id,
                    strcmp(cur, id) == 0 ? " selected" : "", p[i].name);
    }
    html_raw(B(c), "</select>");
    form_err_html(c, key, name, arena_printf(c->a, "f-%s", name));
    html_raw(B(c), "</div>");
}

/* ---- the list ---- */

static void assets_xlsx(ctx *c, const fac_asset *a, int n)
{
    static const char *const headers[] = {N_("Mã tài sản"),
                                          N_("Tên tài sản"),
                                          N_("Loại"),
                                          N_("Nơi đặt"),
                                          N_("Người chịu trách nhiệm"),
                                          N_("Số lượng"),
                                          N_("Đơn vị tính"),
                                          N_("Nguyên giá (đồng)"),
                                          N_("Ngày mua"),
                                          N_("Tình trạng"),
                                          N_("Ngày thanh lý"),
                                          N_("Lý do thanh lý")};
    enum { NC = 12 };
    const char **h = arena_alloc(c->a, sizeof *h * NC);
    for (int k = 0; k < NC; k++)
        h[k] = _(headers[k]);
    const char **cells = arena_alloc(c->a, sizeof *cells * NC * (size_t)(n + 1));
    for (int i = 0; i < n; i++) {
        const char **r = cells + (size_t)i * NC;
        r[0] = a[i].code;
        r[1] = a[i].name;
        r[2] = fac_kind_label(a[i].kind);
        r[3] = a[i].location;
        r[4] = a[i].responsible_name;
        r[5] = arena_printf(c->a, "%lld", (long long)a[i].quantity);
        r[6] = a[i].unit_of_measure;
        r[7] = arena_printf(c->a, "%lld", (long long)a[i].value);
        r[8] = vn(c, a[i].purchase_date);
        r[9] = fac_status_label(a[i].status);
        r[10] = vn(c, a[i].disposal_date);
        r[11] = a[i].disposal_reason ? a[i].disposal_reason : "";
    }
    export_table(c, "xlsx", "so-tai-san", _("Sổ theo dõi tài sản"), NC, h, n, cells);
}

static void h_list(ctx *c)
{
    int64_t unit_id = fac_home_unit(c);
    fac_filter f = {req_query(c->rq, "kind"), req_query(c->rq, "status"), req_query(c->rq, "q")};
    fac_asset *a;
    int n = fac_assets(c, unit_id, &f, &a);
    const char *format = req_query(c->rq, "format");
    if (format && strcmp(format, "xlsx") == 0) {
        assets_xlsx(c, a, n);
        return;
    }
    page_begin(c, _("Tài sản, phòng họp và xe"), "facilities");
    html_printf(B(c),
                "<p class=\"actions no-print\"><a href=\"/facilities/bookings\">%s</a> "
                "<a href=\"/facilities/bookings/new\">%s</a>",
                _("Lịch đặt phòng họp, xe trong tuần"), _("Đặt phòng họp, xe"));
    if (fac_may_manage(c, unit_id))
        html_printf(B(c), " <a href=\"/facilities/assets/new\" class=\"button\">%s</a>",
                    _("Thêm tài sản"));
    html_raw(B(c), "</p>");
    html_printf(B(c),
                "<form method=\"get\" action=\"/facilities\" class=\"table-tools no-print\" "
                "id=\"fac-filter\"><label>%s <input type=\"search\" name=\"q\" value=\"%s\">"
                "</label>",
                _("Tìm"), f.q ? f.q : "");
    select_codes(c, NULL, "kind", _("Loại"), fac_kinds, fac_kind_label, f.kind, true);
    select_codes(c, NULL, "status", _("Tình trạng"), fac_statuses, fac_status_label, f.status,
                 true);
    html_printf(B(c), "<button>%s</button></form>", _("Lọc"));
    html_printf(B(c),
                "<p class=\"no-print\"><a href=\"/facilities?format=xlsx&amp;kind=%s&amp;"
                "status=%s&amp;q=%s\" id=\"fac-assets-xlsx\">%s</a> <button type=\"button\" "
                "data-print>%s</button></p>",
                f.kind ? f.kind : "", f.status ? f.status : "", f.q ? f.q : "",
                _("Tải sổ tài sản (Excel)"), _("In"));
    html_printf(B(c),
                "<div class=\"table-wrap\"><table id=\"fac-assets\" class=\"cards\"><thead><tr>"
                "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
                "</tr></thead><tbody>",
                _("Mã"), _("Tên tài sản"), _("Loại"), _("Nơi đặt"), _("Người chịu trách nhiệm"),
                _("Nguyên giá (đồng)"), _("Tình trạng"));
    int64_t total = 0;
    for (int i = 0; i < n; i++) {
        total += a[i].value;
        html_printf(B(c),
                    "<tr><td data-label=\"%s\">%s</td><td data-label=\"%s\"><a "
                    "href=\"/facilities/assets/%lld\">%s</a></td><td data-label=\"%s\">%s</td>"
                    "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td><td "
                    "data-label=\"%s\" class=\"num\">%s</td><td data-label=\"%s\">%s</td></tr>",
                    _("Mã"), a[i].code, _("Tên tài sản"), (long long)a[i].id, a[i].name, _("Loại"),
                    fac_kind_label(a[i].kind), _("Nơi đặt"), a[i].location,
                    _("Người chịu trách nhiệm"), a[i].responsible_name, _("Nguyên giá (đồng)"),
                    fac_money(c, a[i].value), _("Tình trạng"), fac_status_label(a[i].status));
    }
    if (n == 0)
        html_printf(B(c), "<tr><td colspan=\"7\" class=\"empty\">%s</td></tr>",
                    _("Chưa có tài sản nào."));
    html_raw(B(c), "</tbody></table></div>");
    html_printf(B(c), "<p id=\"fac-total\">%s: %d — %s %s %s</p>", _("Số tài sản"), n,
                _("tổng nguyên giá"), fac_money(c, total), _("đồng"));
    page_end(c);
}

/* ---- a new asset ---- */

static void h_new(ctx *c)
{
    int64_t unit_id = fac_home_unit(c);
    if (!fac_may_manage(c, unit_id)) {
        respond_forbidden(c);
        return;
    }
    const char *key = "/facilities/assets";
    page_begin(c, _("Thêm tài sản"), "facilities");
    html_raw(B(c), "<form class=\"form\" method=\"post\" action=\"/facilities/assets\">");
    form_csrf(c);
    form_field_html(c, key,
                    &(form_field){.name = "code",
                                  .label = _("Mã tài sản"),
                                  .required = true,
                                  .hint = _("Ví dụ: TS-2026-015")});
    form_field_html(c, key,
                    &(form_field){.name = "name", .label = _("Tên tài sản"), .required = true});
    select_codes(c, key, "kind", _("Loại"), fac_kinds, fac_kind_label, "equipment", false);
    form_field_html(c, key, &(form_field){.name = "location", .label = _("Nơi đặt")});
    select_person(c, key, "responsible_user_id", _("Người chịu trách nhiệm"), unit_id, 0);
    form_field_html(
        c, key,
        &(form_field){.name = "unit_of_measure", .label = _("Đơn vị tính"), .value = _("cái")});
    form_field_html(
        c, key,
        &(form_field){.name = "quantity", .label = _("Số lượng"), .type = "number", .value = "1"});
    form_field_html(
        c, key,
        &(form_field){
            .name = "value", .label = _("Nguyên giá (đồng)"), .type = "number", .value = "0"});
    form_field_html(c, key,
                    &(form_field){.name = "purchase_date", .label = _("Ngày mua"), .type = "date"});
    form_field_html(c, key, &(form_field){.name = "plate", .label = _("Biển số (xe)")});
    form_field_html(
        c, key,
        &(form_field){
            .name = "seats", .label = _("Số chỗ ngồi (xe)"), .type = "number", .value = "0"});
    html_printf(B(c),
                "<div class=\"actions\"><button>%s</button> <a href=\"/facilities\">%s</a></div>"
                "</form>",
                _("Lưu"), _("Hủy"));
    page_end(c);
}

static void read_asset_form(ctx *c, fac_asset_input *in, web_err *e)
{
    memset(in, 0, sizeof *in);
    in->code = req_form(c->rq, "code");
    in->name = req_form(c->rq, "name");
    in->kind = req_form(c->rq, "kind");
    in->location = req_form(c->rq, "location");
    in->unit_of_measure = req_form(c->rq, "unit_of_measure");
    in->purchase_date = req_form(c->rq, "purchase_date");
    in->plate = req_form(c->rq, "plate");
    in->status = req_form(c->rq, "status");
    in->responsible_user_id = form_id(c, "responsible_user_id");
    in->quantity = 1;
    form_range(c, "quantity", 1, 1000000, &in->quantity, e);
    form_range(c, "value", 0, 1000000000000000, &in->value, e);
    form_range(c, "seats", 0, 100, &in->seats, e);
}

static void h_create(ctx *c)
{
    if (!fac_may_manage(c, fac_home_unit(c))) { /* 403 before the form's messages */
        respond_forbidden(c);
        return;
    }
    fac_asset_input in;
    web_err e = {0};
    read_asset_form(c, &in, &e);
    int64_t id = e.n ? -1 : fac_asset_create(c, &in, &e);
    if (id < 0) {
        web_after_post(c, "/facilities/assets/new", -1, &e, NULL);
        return;
    }
    page_flash_set(c, _("Đã thêm tài sản."));
    respond_redirect(c, arena_printf(c->a, "/facilities/assets/%lld", (long long)id));
}

/* ---- an asset ---- */

static void h_asset(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    const fac_asset *a = fac_asset_get(c, id);
    if (!a) {
        respond_not_found(c);
        return;
    }
    page_begin(c, arena_printf(c->a, "%s — %s", a->code, a->name), "facilities");
    html_printf(B(c),
                "<dl class=\"props\" id=\"fac-asset\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>"
                "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%lld %s</dd>"
                "<dt>%s</dt><dd>%s %s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd id=\"fac-status\">"
                "%s</dd>",
                _("Loại"), fac_kind_label(a->kind), _("Nơi đặt"), a->location,
                _("Người chịu trách nhiệm"), a->responsible_name, _("Ngày mua"),
                vn(c, a->purchase_date), _("Số lượng"), (long long)a->quantity, a->unit_of_measure,
                _("Nguyên giá"), fac_money(c, a->value), _("đồng"), _("Biển số"), a->plate,
                _("Tình trạng"), fac_status_label(a->status));
    if (a->disposal_date)
        html_printf(B(c), "<dt>%s</dt><dd>%s — %s</dd>", _("Thanh lý"), vn(c, a->disposal_date),
                    a->disposal_reason ? a->disposal_reason : "");
    html_raw(B(c), "</dl>");
    fac_handover *h;
    int n = fac_handovers(c, id, &h);
    html_printf(B(c),
                "<h2>%s</h2><div class=\"table-wrap\"><table id=\"fac-handovers\" class=\"cards\">"
                "<thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th></th></tr></thead>"
                "<tbody>",
                _("Lịch sử bàn giao"), _("Ngày"), _("Bên giao"), _("Bên nhận"), _("Tình trạng"));
    for (int i = 0; i < n; i++)
        html_printf(B(c),
                    "<tr><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td><td "
                    "data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td><td><a "
                    "href=\"/facilities/handovers/%lld\">%s</a></td></tr>",
                    _("Ngày"), vn(c, h[i].handed_on), _("Bên giao"),
                    *h[i].from_name ? h[i].from_name : _("(kho)"), _("Bên nhận"), h[i].to_name,
                    _("Tình trạng"), h[i].condition, (long long)h[i].id, _("Biên bản"));
    if (n == 0)
        html_printf(B(c), "<tr><td colspan=\"5\" class=\"empty\">%s</td></tr>",
                    _("Chưa bàn giao lần nào."));
    html_raw(B(c), "</tbody></table></div>");
    if (fac_may_manage(c, a->unit_id) && strcmp(a->status, "disposed") != 0) {
        const char *key = arena_printf(c->a, "/facilities/assets/%lld/handovers", (long long)id);
        html_printf(B(c),
                    "<section class=\"panel no-print\"><h2>%s</h2><form class=\"form\" "
                    "method=\"post\" action=\"%s\">",
                    _("Bàn giao tài sản"), key);
        form_csrf(c);
        select_person(c, key, "to_user_id", _("Người nhận"), a->unit_id, 0);
        form_field_html(c, key,
                        &(form_field){.name = "handed_on",
                                      .label = _("Ngày bàn giao"),
                                      .type = "date",
                                      .value = web_today(c),
                                      .required = true});
        form_field_html(c, key,
                        &(form_field){.name = "condition",
                                      .label = _("Tình trạng khi bàn giao"),
                                      .required = true});
        form_field_html(
            c, key,
            &(form_field){.name = "location", .label = _("Nơi đặt mới"), .value = a->location});
        form_field_html(c, key, &(form_field){.name = "note", .label = _("Ghi chú")});
        html_printf(B(c), "<div class=\"actions\"><button>%s</button></div></form></section>",
                    _("Lập biên bản bàn giao"));
        key = arena_printf(c->a, "/facilities/assets/%lld/dispose", (long long)id);
        html_printf(B(c),
                    "<section class=\"panel no-print\"><h2>%s</h2><form class=\"form\" "
                    "method=\"post\" action=\"%s\">",
                    _("Thanh lý tài sản"), key);
        form_csrf(c);
        form_field_html(c, key,
                        &(form_field){.name = "disposal_date",
                                      .label = _("Ngày thanh lý"),
                                      .type = "date",
                                      .required = true});
        form_field_html(c, key,
                        &(form_field){.name = "disposal_reason",
                                      .label = _("Lý do thanh lý"),
                                      .required = true});
        html_printf(B(c),
                    "<div class=\"actions\"><button class=\"danger\">%s</button></div></form>"
                    "</section>",
                    _("Thanh lý"));
    }
    html_printf(B(c), "<p><a href=\"/facilities\">%s</a></p>", _("Về danh sách tài sản"));
    page_end(c);
}

static void h_handover(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    web_err e = {0};
    int64_t hid = fac_handover_create(c, id, form_id(c, "to_user_id"), req_form(c->rq, "handed_on"),
                                      req_form(c->rq, "condition"), req_form(c->rq, "location"),
                                      req_form(c->rq, "note"), &e);
    if (hid < 0) {
        web_after_post(c, arena_printf(c->a, "/facilities/assets/%lld", (long long)id), -1, &e,
                       NULL);
        return;
    }
    page_flash_set(c, _("Đã lập biên bản bàn giao."));
    respond_redirect(c, arena_printf(c->a, "/facilities/handovers/%lld", (long long)hid));
}

static void h_dispose(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    web_err e = {0};
    int rc = fac_asset_dispose(c, id, req_form(c->rq, "disposal_date"),
                               req_form(c->rq, "disposal_reason"), &e);
    web_after_post(c, arena_printf(c->a, "/facilities/assets/%lld", (long long)id), rc, &e,
                   _("Đã thanh lý tài sản."));
}

/* The hand-over record as printed and signed by both sides. */
static void h_record(ctx *c)
{
    const fac_handover *h = fac_handover_get(c, req_param_id(c->rq, "id"));
    if (!h) {
        respond_not_found(c);
        return;
    }
    const fac_asset *a = fac_asset_get(c, h->asset_id);
    page_begin(c, _("Biên bản bàn giao tài sản"), "facilities");
    html_printf(B(c),
                "<article class=\"fac-record\" id=\"fac-record\"><p class=\"center\"><strong>%s"
                "</strong><br>%s</p><p>%s %s, %s</p><ul><li>%s: %s</li><li>%s: %s</li></ul>"
                "<p>%s</p><div class=\"table-wrap\"><table><thead><tr><th>%s</th><th>%s</th>"
                "<th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody><tr><td>%s</td><td>%s</td>"
                "<td>%lld %s</td><td class=\"num\">%s</td><td>%s</td></tr></tbody></table></div>",
                _("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), _("Độc lập - Tự do - Hạnh phúc"),
                _("Hôm nay, ngày"), vn(c, h->handed_on), _("chúng tôi gồm:"), _("Bên giao"),
                *h->from_name ? h->from_name : _("(kho)"), _("Bên nhận"), h->to_name,
                _("Cùng bàn giao tài sản sau:"), _("Mã"), _("Tên tài sản"), _("Số lượng"),
                _("Nguyên giá (đồng)"), _("Tình trạng"), h->asset_code, h->asset_name,
                a ? (long long)a->quantity : 1LL, a ? a->unit_of_measure : "",
                a ? fac_money(c, a->value) : "", h->condition);
    if (*h->location)
        html_printf(B(c), "<p>%s: %s</p>", _("Nơi đặt"), h->location);
    if (*h->note)
        html_printf(B(c), "<p>%s: %s</p>", _("Ghi chú"), h->note);
    html_printf(B(c),
                "<div class=\"fac-signs\"><div><strong>%s</strong><br><em>%s</em><br><br><br>%s"
                "</div><div><strong>%s</strong><br><em>%s</em><br><br><br>%s</div></div>"
                "</article>",
                _("BÊN GIAO"), _("(Ký, ghi rõ họ tên)"), *h->from_name ? h->from_name : "",
                _("BÊN NHẬN"), _("(Ký, ghi rõ họ tên)"), h->to_name);
    html_printf(B(c),
                "<p class=\"no-print\"><button type=\"button\" data-print>%s</button> <a "
                "href=\"/facilities/assets/%lld\">%s</a></p>",
                _("In biên bản"), (long long)h->asset_id, _("Về tài sản"));
    page_end(c);
}

void fac_asset_pages(void)
{
    route_add("GET", "/facilities", h_list, 0);
    route_add("GET", "/facilities/assets/new", h_new, 0);
    route_add("POST", "/facilities/assets", h_create, 0);
    route_add("GET", "/facilities/assets/{id}", h_asset, 0);
    route_add("POST", "/facilities/assets/{id}/handovers", h_handover, 0);
    route_add("POST", "/facilities/assets/{id}/dispose", h_dispose, 0);
    route_add("GET", "/facilities/handovers/{id}", h_record, 0);
}
