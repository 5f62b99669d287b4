/* /admin/catalog: the editable catalogues (document types and abbreviations, committee terms,
 * number registers). Admin only; the services check it again. */
#include <stdlib.h>
#include <string.h>

#include "web/errors.h"
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
    html_printf(b,
                "<div class=\"field\"><label for=\"t-code\">%s</label><input id=\"t-code\" "
                "name=\"code\" required pattern=\"[a-z_]+\"><span class=\"hint\">%s</span></div>"
                "<div class=\"field\"><label for=\"t-name\">%s</label><input id=\"t-name\" "
                "name=\"name\" required></div><div class=\"field\"><label for=\"t-ap\">%s</label>"
                "<input id=\"t-ap\" name=\"abbr_party\" required></div><div class=\"field\">"
                "<label for=\"t-as\">%s</label><input id=\"t-as\" name=\"abbr_state\"></div>"
                "<div class=\"field\"><label for=\"t-so\">%s</label><input id=\"t-so\" "
                "name=\"sort_order\" type=\"number\" value=\"500\"></div><div class=\"actions\">"
                "<button>%s</button></div></form></section>",
                _("Mã"), _("Mã đã có sẽ được cập nhật."), _("Tên loại"), _("Viết tắt (Đảng)"),
                _("Viết tắt (Nhà nước; để trống nếu không có)"), _("Thứ tự"),
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
    html_printf(b,
                "<div class=\"field\"><label for=\"m-unit\">%s</label><input id=\"m-unit\" "
                "name=\"unit_id\" type=\"number\" required></div><div class=\"field\"><label "
                "for=\"m-name\">%s</label><input id=\"m-name\" name=\"name\" required></div>"
                "<div class=\"field\"><label for=\"m-from\">%s</label><input id=\"m-from\" "
                "name=\"starts_on\" type=\"date\" required></div><div class=\"field\"><label "
                "for=\"m-to\">%s</label><input id=\"m-to\" name=\"ends_on\" type=\"date\"></div>"
                "<div class=\"actions\"><button>%s</button></div></form></section>",
                _("Mã đơn vị (cấp ủy)"), _("Tên nhiệm kỳ"), _("Từ ngày"), _("Đến ngày"),
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
    html_printf(b,
                "<div class=\"field\"><label for=\"r-name\">%s</label><input id=\"r-name\" "
                "name=\"name\" required></div><div class=\"field\"><label for=\"r-unit\">%s"
                "</label><input id=\"r-unit\" name=\"unit_id\" type=\"number\" required></div>"
                "<div class=\"field\"><label for=\"r-tunit\">%s</label><input id=\"r-tunit\" "
                "name=\"term_unit_id\" type=\"number\"><span class=\"hint\">%s</span></div>"
                "<div class=\"field\"><label for=\"r-policy\">%s</label><select id=\"r-policy\" "
                "name=\"policy\"><option value=\"party\">%s</option><option value=\"state\">%s"
                "</option></select></div>",
                _("Tên sổ"), _("Mã đơn vị"), _("Mã cấp ủy có nhiệm kỳ"),
                _("Để trống: chính đơn vị."), _("Cách đánh số"), _("Đảng"), _("Nhà nước"));
    html_printf(b,
                "<div class=\"field\"><label for=\"r-abbr\">%s</label><input id=\"r-abbr\" "
                "name=\"issuer_abbr\" required></div><div class=\"field\"><label "
                "for=\"r-signer\">%s</label><select id=\"r-signer\" name=\"signer_role\">"
                "<option value=\"committee-leader\">%s</option><option value=\"office-leader\">"
                "%s</option></select></div><div class=\"actions\"><button>%s</button></div>"
                "</form></section>",
                _("Viết tắt cơ quan ban hành"), _("Người ký"), role_label(ROLE_COMMITTEE_LEADER),
                role_label(ROLE_OFFICE_LEADER), _("Thêm sổ"));
    page_end(c);
}

static void done(ctx *c, int rc, const char *err, int status)
{
    web_after_post_status(c, "/admin/catalog", rc, status, err, _("Đã lưu danh mục."));
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
