/* /admin/catalog: the editable catalogues (document types and abbreviations, committee terms,
 * number registers). Admin only; the services check it again. */
#include <stdlib.h>
#include <string.h>

#include "web/errors.h"
#include "web/forms.h"
#include "web/respond.h"
#include "base/i18n.h"
#include "catalog/catalog.h"
#include "web/layout.h"
#include "http/router.h"
#include "org/org.h"

static void h_page(ctx *c)
{
    if (!c->user || c->user->role != ROLE_ADMIN) {
        respond_forbidden(c);
        return;
    }
    strbuf *b = &c->rs->body;
    page_begin(c, _("Danh mục văn bản"), "admin");
    doc_type *types;
    int nt = catalog_doc_types(c, &types);
    html_printf(b,
                "<section class=\"panel\"><h2>%s</h2><div class=\"table-wrap\"><table "
                "id=\"doc-types\"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
                "<th>%s</th></tr></thead><tbody>",
                _("Loại văn bản và chữ viết tắt"), _("Mã"), _("Tên loại"), _("Viết tắt (Đảng)"),
                _("Viết tắt (Nhà nước)"), _("Thứ tự"));
    for (int i = 0; i < nt; i++)
        html_printf(b,
                    "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td class=\"num\">%d</td>"
                    "</tr>",
                    types[i].code, types[i].name, types[i].abbr_party,
                    types[i].abbr_state ? types[i].abbr_state : "—", types[i].sort_order);
    html_raw(b, "</tbody></table></div><form class=\"form\" method=\"post\" "
                "action=\"/admin/catalog/doc-type\">");
    form_csrf(c);
    const char *k = "/admin/catalog/doc-type";
    form_field_html(c, k,
                    &(form_field){.name = "code",
                                  .label = _("Mã"),
                                  .id = "t-code",
                                  .hint = _("Mã đã có sẽ được cập nhật."),
                                  .required = true});
    form_field_html(c, k,
                    &(form_field){.name = "name", .label = _("Tên loại"), .id = "t-name",
                                  .required = true});
    form_field_html(c, k,
                    &(form_field){.name = "abbr_party",
                                  .label = _("Viết tắt (Đảng)"),
                                  .id = "t-ap",
                                  .required = true});
    form_field_html(c, k,
                    &(form_field){.name = "abbr_state",
                                  .label = _("Viết tắt (Nhà nước; để trống nếu không có)"),
                                  .id = "t-as"});
    form_field_html(c, k,
                    &(form_field){.name = "sort_order",
                                  .label = _("Thứ tự"),
                                  .type = "number",
                                  .value = "500",
                                  .id = "t-so"});
    html_printf(b, "<div class=\"actions\"><button>%s</button></div></form></section>",
                _("Lưu loại văn bản"));

    term *terms;
    int nterm = catalog_terms(c, 0, &terms);
    html_printf(b,
                "<section class=\"panel\"><h2>%s</h2><div class=\"table-wrap\"><table "
                "id=\"terms\"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>"
                "</thead><tbody>",
                _("Nhiệm kỳ cấp ủy"), _("Cấp ủy"), _("Nhiệm kỳ"), _("Từ ngày"), _("Đến ngày"));
    for (int i = 0; i < nterm; i++) {
        const unit *u = org_unit_get(c, terms[i].unit_id);
        html_printf(b,
                    "<tr><td>%s</td><td>%s</td><td class=\"date\">%s</td>"
                    "<td class=\"date\">%s</td></tr>",
                    u ? u->name : "?", terms[i].name, terms[i].starts_on,
                    terms[i].ends_on ? terms[i].ends_on : "");
    }
    html_raw(b, "</tbody></table></div><form class=\"form\" method=\"post\" "
                "action=\"/admin/catalog/term\">");
    form_csrf(c);
    k = "/admin/catalog/term";
    form_field_html(c, k,
                    &(form_field){.name = "unit_id",
                                  .label = _("Mã đơn vị (cấp ủy)"),
                                  .type = "number",
                                  .id = "m-unit",
                                  .required = true});
    form_field_html(c, k,
                    &(form_field){.name = "name", .label = _("Tên nhiệm kỳ"), .id = "m-name",
                                  .required = true});
    form_field_html(c, k,
                    &(form_field){.name = "starts_on",
                                  .label = _("Từ ngày"),
                                  .type = "date",
                                  .id = "m-from",
                                  .required = true});
    form_field_html(c, k,
                    &(form_field){.name = "ends_on", .label = _("Đến ngày"), .type = "date",
                                  .id = "m-to"});
    html_printf(b, "<div class=\"actions\"><button>%s</button></div></form></section>",
                _("Thêm nhiệm kỳ"));

    doc_register *regs;
    int nr = catalog_registers(c, &regs);
    html_printf(b,
                "<section class=\"panel\"><h2>%s</h2><div class=\"table-wrap\"><table "
                "id=\"registers\"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
                "<th>%s</th></tr></thead><tbody>",
                _("Sổ văn bản đi"), _("Tên sổ"), _("Đơn vị"), _("Cách đánh số"),
                _("Viết tắt cơ quan ban hành"), _("Người ký"));
    for (int i = 0; i < nr; i++) {
        const unit *u = org_unit_get(c, regs[i].unit_id);
        html_printf(b, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>",
                    regs[i].name, u ? u->name : "?",
                    regs[i].policy == POLICY_STATE ? _("Nhà nước: theo năm, văn bản mật riêng")
                                                   : _("Đảng: theo loại, theo nhiệm kỳ"),
                    regs[i].issuer_abbr, role_label(role_from_code(regs[i].signer_role)));
    }
    html_raw(b, "</tbody></table></div><form class=\"form\" method=\"post\" "
                "action=\"/admin/catalog/register\">");
    form_csrf(c);
    k = "/admin/catalog/register";
    form_field_html(c, k,
                    &(form_field){.name = "name", .label = _("Tên sổ"), .id = "r-name",
                                  .required = true});
    form_field_html(c, k,
                    &(form_field){.name = "unit_id",
                                  .label = _("Mã đơn vị"),
                                  .type = "number",
                                  .id = "r-unit",
                                  .required = true});
    form_field_html(c, k,
                    &(form_field){.name = "term_unit_id",
                                  .label = _("Mã cấp ủy có nhiệm kỳ"),
                                  .type = "number",
                                  .id = "r-tunit",
                                  .hint = _("Để trống: chính đơn vị.")});
    const char *pv = form_val(c, k, "policy", NULL);
    bool state = pv && strcmp(pv, "state") == 0;
    html_printf(b,
                "<div class=\"field%s\"><label for=\"r-policy\">%s</label><select "
                "id=\"r-policy\" name=\"policy\"",
                form_err(c, k, "policy") ? " has-error" : "", _("Cách đánh số"));
    form_aria_html(c, k, "policy", "r-policy");
    html_printf(b,
                "><option value=\"party\"%s>%s</option><option value=\"state\"%s>%s</option>"
                "</select>",
                state ? "" : " selected", _("Đảng"), state ? " selected" : "", _("Nhà nước"));
    form_err_html(c, k, "policy", "r-policy");
    html_raw(b, "</div>");
    form_field_html(c, k,
                    &(form_field){.name = "issuer_abbr",
                                  .label = _("Viết tắt cơ quan ban hành"),
                                  .id = "r-abbr",
                                  .required = true});
    const char *sv = form_val(c, k, "signer_role", NULL);
    bool office = sv && strcmp(sv, "office-leader") == 0;
    html_printf(b,
                "<div class=\"field%s\"><label for=\"r-signer\">%s</label><select "
                "id=\"r-signer\" name=\"signer_role\"",
                form_err(c, k, "signer_role") ? " has-error" : "", _("Người ký"));
    form_aria_html(c, k, "signer_role", "r-signer");
    html_printf(b,
                "><option value=\"committee-leader\"%s>%s</option><option "
                "value=\"office-leader\"%s>%s</option></select>",
                office ? "" : " selected", role_label(ROLE_COMMITTEE_LEADER),
                office ? " selected" : "", role_label(ROLE_OFFICE_LEADER));
    form_err_html(c, k, "signer_role", "r-signer");
    html_printf(b, "</div><div class=\"actions\"><button>%s</button></div></form></section>",
                _("Thêm sổ"));
    page_end(c);
}

/* The field a catalogue service's message is about (the services name none), or NULL. */
static const char *field_of(const char *err)
{
    static const struct {
        const char *msg, *field;
    } map[] = {
        {"Mã loại văn bản chỉ gồm chữ thường không dấu và dấu gạch dưới.", "code"},
        {"Tên loại văn bản là bắt buộc (tối đa 100 ký tự).", "name"},
        {"Chữ viết tắt không hợp lệ (không có khoảng trắng hay dấu /).", "abbr_party"},
        {"Tên nhiệm kỳ là bắt buộc.", "name"},
        {"Ngày bắt đầu/kết thúc nhiệm kỳ không hợp lệ (YYYY-MM-DD).", "starts_on"},
        {"Ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu.", "ends_on"},
        {"Nhiệm kỳ chồng lấn một nhiệm kỳ đã khai báo của đơn vị này.", "starts_on"},
        {"Tên sổ là bắt buộc.", "name"},
        {"Chữ viết tắt cơ quan ban hành không hợp lệ.", "issuer_abbr"},
        {"Vai trò người ký không hợp lệ.", "signer_role"},
        {"Không tìm thấy đơn vị.", "unit_id"},
    };
    for (size_t i = 0; err && i < sizeof map / sizeof map[0]; i++)
        if (strcmp(err, _(map[i].msg)) == 0)
            return map[i].field;
    return NULL;
}

static void done(ctx *c, int rc, const char *err, int status)
{
    const char *field = rc < 0 ? field_of(err) : NULL;
    if (field && status == 404) /* a unit number typed wrong: said beside it, not a lost page */
        status = 400;
    web_after_post_field(c, "/admin/catalog", rc, status, err, field,
                         _("Đã lưu danh mục."));
}

static void h_type(ctx *c)
{
    const char *err = NULL, *so = req_form(c->rq, "sort_order");
    int status;
    int rc = catalog_doc_type_save(c, req_form(c->rq, "code"), req_form(c->rq, "name"),
                                   req_form(c->rq, "abbr_party"), req_form(c->rq, "abbr_state"),
                                   so ? atoi(so) : 500, &err, &status);
    done(c, rc, err, status);
}

static void h_term(ctx *c)
{
    const char *err = NULL, *u = req_form(c->rq, "unit_id");
    int status;
    int64_t rc =
        catalog_term_add(c, u ? atoll(u) : 0, req_form(c->rq, "name"), req_form(c->rq, "starts_on"),
                         req_form(c->rq, "ends_on"), &err, &status);
    done(c, rc < 0 ? -1 : 0, err, status);
}

static void h_register(ctx *c)
{
    const char *err = NULL, *u = req_form(c->rq, "unit_id"), *t = req_form(c->rq, "term_unit_id");
    const char *p = req_form(c->rq, "policy");
    int status;
    int64_t rc = catalog_register_add(
        c, u ? atoll(u) : 0, t && *t ? atoll(t) : 0, req_form(c->rq, "name"),
        p && strcmp(p, "state") == 0 ? POLICY_STATE : POLICY_PARTY, req_form(c->rq, "issuer_abbr"),
        req_form(c->rq, "signer_role"), &err, &status);
    done(c, rc < 0 ? -1 : 0, err, status);
}

void catalog_routes(void)
{
    route_add("GET", "/admin/catalog", h_page, 0);
    route_add("POST", "/admin/catalog/doc-type", h_type, 0);
    route_add("POST", "/admin/catalog/term", h_term, 0);
    route_add("POST", "/admin/catalog/register", h_register, 0);
}
