/* The member page's status and discipline panels (history, and the forms for whoever may
 * write the member), their POST handlers, and the downloadable import template. */
#include <stdio.h>
#include <string.h>

#include "base/i18n.h"
#include "http/router.h"
#include "members/members.h"
#include "members/members_impl.h"
#include "registers/registers.h"
#include "web/errors.h"
#include "web/forms.h"
#include "web/layout.h"
#include "web/params.h"
#include "web/respond.h"

static strbuf *B(ctx *c)
{
    return &c->rs->body;
}

static void select_html(ctx *c, const char *key, const char *name, const char *id,
                        const char *label, const char *const *codes,
                        const char *(*label_of)(const char *))
{
    const char *typed = form_val(c, key, name, NULL);
    html_printf(B(c),
                "<div class=\"field\"><label for=\"%s\">%s</label><select id=\"%s\" name=\"%s\"",
                id, label, id, name);
    form_aria_html(c, key, name, id);
    html_printf(B(c), "><option value=\"\">%s</option>", _("— Chọn —"));
    for (int i = 0; codes[i]; i++)
        html_printf(B(c), "<option value=\"%s\"%s>%s</option>", codes[i],
                    typed && strcmp(typed, codes[i]) == 0 ? " selected" : "", label_of(codes[i]));
    html_raw(B(c), "</select>");
    form_err_html(c, key, name, id);
    html_raw(B(c), "</div>");
}

void members_status_panels(ctx *c, const member *m)
{
    bool w = members_may_write(c, m->unit_id) && strcmp(m->status, "active") == 0;
    member_event *ev;
    int n = members_status_history(c, m->id, &ev);
    html_printf(B(c),
                "<section class=\"panel\" id=\"member-status\"><h2>%s</h2><div "
                "class=\"table-wrap\"><table id=\"member-events\" "
                "class=\"cards\"><thead><tr><th>%s</th><th>%s"
                "</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
                _("Quá trình thay đổi trạng thái"), _("Ngày"), _("Thay đổi"), _("Số quyết định"),
                _("Ghi chú"), _("Người ghi"));
    for (int i = 0; i < n; i++)
        html_printf(B(c),
                    "<tr><td data-label=\"%s\" class=\"date\">%s</td><td data-label=\"%s\">%s"
                    "</td><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td><td "
                    "data-label=\"%s\">%s</td></tr>",
                    _("Ngày"), mem_date_out(c, ev[i].on), _("Thay đổi"),
                    member_event_label(ev[i].kind), _("Số quyết định"), ev[i].decision_no,
                    _("Ghi chú"), ev[i].note, _("Người ghi"), ev[i].by);
    if (n == 0)
        html_printf(B(c), "<tr><td colspan=\"5\" class=\"empty\">%s</td></tr>",
                    _("Chưa ghi thay đổi nào."));
    html_raw(B(c), "</tbody></table></div>");
    if (w) {
        const char *key = arena_printf(c->a, "/members/%lld/status", (long long)m->id);
        html_printf(B(c),
                    "<form class=\"form no-print\" method=\"post\" action=\"%s\" "
                    "id=\"status-form\">",
                    key);
        form_csrf(c);
        select_html(c, key, "kind", "s-kind", _("Thay đổi"), member_event_kinds,
                    member_event_label);
        form_field_html(c, key,
                        &(form_field){.name = "happened_on",
                                      .id = "s-happened_on",
                                      .label = _("Ngày"),
                                      .type = "date",
                                      .required = true});
        form_field_html(c, key,
                        &(form_field){.name = "decision_no",
                                      .id = "s-decision_no",
                                      .label = _("Số quyết định")});
        form_field_html(c, key,
                        &(form_field){.name = "fee_basis",
                                      .id = "s-fee_basis",
                                      .label = _("Mức căn cứ mới (đồng/tháng)"),
                                      .type = "number",
                                      .hint = _("Nghỉ hưu: lương hưu; ở nước ngoài: thu nhập quy "
                                                "ra đồng. Để trống nếu không đổi.")});
        form_field_html(c, key,
                        &(form_field){.name = "note", .id = "s-note", .label = _("Ghi chú")});
        html_printf(B(c), "<div class=\"actions\"><button>%s</button></div></form>",
                    _("Ghi thay đổi"));
    }
    html_raw(B(c), "</section>");

    member_discipline *d;
    int nd = members_disciplines(c, m->id, &d);
    html_printf(B(c),
                "<section class=\"panel\" id=\"member-discipline\"><h2>%s</h2><div "
                "class=\"table-wrap\"><table id=\"member-disciplines\" "
                "class=\"cards\"><thead><tr><th>%s</th>"
                "<th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
                _("Kỷ luật"), _("Ngày quyết định"), _("Hình thức"), _("Số quyết định"),
                _("Ghi chú"));
    for (int i = 0; i < nd; i++)
        html_printf(B(c),
                    "<tr><td data-label=\"%s\" class=\"date\">%s</td><td data-label=\"%s\">%s"
                    "</td><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td></tr>",
                    _("Ngày quyết định"), mem_date_out(c, d[i].on), _("Hình thức"),
                    member_discipline_label(d[i].form), _("Số quyết định"), d[i].decision_no,
                    _("Ghi chú"), d[i].note);
    if (nd == 0)
        html_printf(B(c), "<tr><td colspan=\"4\" class=\"empty\">%s</td></tr>",
                    _("Không có kỷ luật."));
    html_raw(B(c), "</tbody></table></div>");
    if (members_may_write(c, m->unit_id)) {
        const char *key = arena_printf(c->a, "/members/%lld/discipline", (long long)m->id);
        html_printf(B(c),
                    "<form class=\"form no-print\" method=\"post\" action=\"%s\" "
                    "id=\"discipline-form\">",
                    key);
        form_csrf(c);
        select_html(c, key, "form", "d-form", _("Hình thức"), member_discipline_forms,
                    member_discipline_label);
        form_field_html(c, key,
                        &(form_field){.name = "decided_on",
                                      .id = "d-decided_on",
                                      .label = _("Ngày quyết định"),
                                      .type = "date",
                                      .required = true});
        form_field_html(c, key,
                        &(form_field){.name = "decision_no",
                                      .id = "d-decision_no",
                                      .label = _("Số quyết định"),
                                      .required = true});
        form_field_html(c, key,
                        &(form_field){.name = "note", .id = "d-note", .label = _("Ghi chú")});
        html_printf(B(c), "<div class=\"actions\"><button>%s</button></div></form>",
                    _("Ghi kỷ luật"));
    }
    html_raw(B(c), "</section>");
}

static void h_status(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    web_err e = {0};
    const char *b = req_form(c->rq, "fee_basis");
    int64_t basis = -1;
    if (b && *b && param_int(b, 0, 10000000000LL, &basis) != PARAM_OK) {
        web_err_add(&e, 400, "invalid_input", "fee_basis", _("Mức căn cứ không hợp lệ."));
        basis = -1;
    }
    int64_t r = e.n ? -1
                    : members_status_add(
                          c, id, req_form(c->rq, "kind"), req_form(c->rq, "happened_on"),
                          req_form(c->rq, "decision_no"), basis, req_form(c->rq, "note"), &e);
    web_after_post(c, arena_printf(c->a, "/members/%lld", (long long)id), r < 0 ? -1 : 0, &e,
                   _("Đã ghi thay đổi trạng thái."));
}

static void h_discipline(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    web_err e = {0};
    int64_t r =
        members_discipline_add(c, id, req_form(c->rq, "form"), req_form(c->rq, "decided_on"),
                               req_form(c->rq, "decision_no"), req_form(c->rq, "note"), &e);
    web_after_post(c, arena_printf(c->a, "/members/%lld", (long long)id), r < 0 ? -1 : 0, &e,
                   _("Đã ghi kỷ luật."));
}

/* The import templates: a title row above the header (the reader skips it), the column keys
 * the import expects, one example row. */
static void h_template(ctx *c)
{
    if (!members_may_read(c, 0)) {
        respond_forbidden(c);
        return;
    }
    static const char *const headers[] = {
        "ho_ten",      "ngay_sinh", "gioi_tinh",  "cccd", "ngay_vao_dang", "ngay_chinh_thuc",
        "so_the_dang", "doi_tuong", "muc_can_cu", "vung", "ghi_chu"};
    const char *row[] = {"Nguyễn Văn An", "15/08/1980", "Nam",      "092080001234",
                         "19/05/2005",    "19/05/2006", "12345678", "BHXH",
                         "8500000",       "2",          ""};
    export_table(c, "xlsx", "mau-nhap-dang-vien",
                 _("Mẫu nhập danh sách đảng viên (doi_tuong: BHXH, HUU_TRI, HOC_SINH_SINH_VIEN, "
                   "NUOC_NGOAI…)"),
                 11, headers, 1, row);
}

void members_status_routes(void)
{
    route_add("POST", "/members/{id}/status", h_status, 0);
    route_add("POST", "/members/{id}/discipline", h_discipline, 0);
    route_add("GET", "/members/import/template.xlsx", h_template, 0);
}
