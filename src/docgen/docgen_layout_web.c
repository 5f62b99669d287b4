/* /admin/layout: the styles of each element and the page margins in force on a date, with
 * where each default comes from ("chưa xác minh" where the sources are silent); the admin
 * sets an element's style from a date on (audited). GET/POST /api/v1/layout likewise. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "docgen/docgen.h"
#include "docgen/docgen_impl.h"
#include "http/router.h"
#include "web/dates.h"
#include "web/errors.h"
#include "web/forms.h"
#include "web/layout.h"
#include "web/params.h"
#include "web/respond.h"

#define B(c) (&(c)->rs->body)
#define FKEY "/admin/layout"
#define PKEY "/admin/layout/page"

static const char *const aligns[] = {"left", "center", "right", "justify", NULL};
static const char *align_label(const char *a)
{
    static const char *const l[] = {N_("Trái"), N_("Giữa"), N_("Phải"), N_("Đều hai bên")};
    for (int i = 0; aligns[i]; i++)
        if (a && !strcmp(a, aligns[i]))
            return _(l[i]);
    return "";
}

static bool may_view(const ctx *c)
{
    return c->user && (c->user->role == ROLE_ADMIN || c->user->role == ROLE_OFFICE_LEADER ||
                       c->user->role == ROLE_CLERK);
}

static const char *style_words(ctx *c, const dg_style *st)
{
    return arena_printf(c->a, "%g pt%s%s%s%s, %s", st->font_pt, st->bold ? _(", đậm") : "",
                        st->italic ? _(", nghiêng") : "", st->upper ? _(", in hoa") : "",
                        st->underline ? _(", gạch chân") : "", align_label(st->align));
}

static void admin_form(ctx *c)
{
    html_printf(B(c),
                "<section class=\"panel\" id=\"layout-form\"><h2>%s</h2>"
                "<form class=\"form\" method=\"post\" action=\"/admin/layout\">",
                _("Sửa thể thức một thành phần"));
    form_csrf(c);
    const char *el = form_val(c, FKEY, "element", "body");
    html_printf(B(c), "<div class=\"field%s\"><label for=\"l-element\">%s</label>",
                form_err(c, FKEY, "element") ? " has-error" : "", _("Thành phần"));
    html_raw(B(c), "<select id=\"l-element\" name=\"element\"");
    form_aria_html(c, FKEY, "element", "l-element");
    html_raw(B(c), ">");
    for (int i = 0; i < DG_N_EL; i++)
        html_printf(B(c), "<option value=\"%s\"%s>%s</option>", dg_el_codes[i],
                    !strcmp(el, dg_el_codes[i]) ? " selected" : "", _(dg_el_labels[i]));
    html_raw(B(c), "</select>");
    form_err_html(c, FKEY, "element", "l-element");
    html_raw(B(c), "</div>");
    form_field_html(c, FKEY,
                    &(form_field){.name = "effective_from",
                                  .label = _("Áp dụng từ ngày"),
                                  .type = "date",
                                  .value = web_today(c),
                                  .id = "l-from",
                                  .required = true});
    form_field_html(c, FKEY,
                    &(form_field){.name = "font_pt",
                                  .label = _("Cỡ chữ (pt)"),
                                  .type = "number",
                                  .value = "14",
                                  .id = "l-size",
                                  .required = true});
    const char *al = form_val(c, FKEY, "align", "left");
    html_printf(B(c),
                "<div class=\"field\"><label for=\"l-align\">%s</label>"
                "<select id=\"l-align\" name=\"align\">",
                _("Căn lề"));
    for (int i = 0; aligns[i]; i++)
        html_printf(B(c), "<option value=\"%s\"%s>%s</option>", aligns[i],
                    !strcmp(al, aligns[i]) ? " selected" : "", align_label(aligns[i]));
    html_raw(B(c), "</select></div>");
    static const char *const flags[] = {"bold", "italic", "upper", "underline", "verified"};
    static const char *const flabels[] = {N_("Đậm"), N_("Nghiêng"), N_("In hoa"), N_("Gạch chân"),
                                          N_("Đã xác minh theo nguồn")};
    html_raw(B(c), "<fieldset class=\"field dg-flags\">");
    for (int i = 0; i < 5; i++)
        html_printf(B(c), "<label><input type=\"checkbox\" name=\"%s\" value=\"1\"%s> %s</label>",
                    flags[i], form_has(c, FKEY, flags[i], "1") ? " checked" : "", _(flabels[i]));
    html_raw(B(c), "</fieldset>");
    form_field_html(c, FKEY,
                    &(form_field){.name = "space_before",
                                  .label = _("Cách đoạn trước (pt)"),
                                  .type = "number",
                                  .value = "0",
                                  .id = "l-before"});
    form_field_html(c, FKEY,
                    &(form_field){.name = "space_after",
                                  .label = _("Cách đoạn sau (pt)"),
                                  .type = "number",
                                  .value = "0",
                                  .id = "l-after"});
    form_field_html(c, FKEY,
                    &(form_field){.name = "indent_mm",
                                  .label = _("Thụt đầu dòng (mm)"),
                                  .type = "number",
                                  .value = "0",
                                  .id = "l-indent"});
    form_field_html(c, FKEY,
                    &(form_field){.name = "text",
                                  .label = _("Chữ cố định (nếu có)"),
                                  .id = "l-text",
                                  .hint = _("Ví dụ: địa danh «Cần Thơ», «Lưu Văn phòng».")});
    form_field_html(c, FKEY,
                    &(form_field){.name = "source", .label = _("Căn cứ"), .id = "l-source"});
    html_printf(B(c),
                "<div class=\"actions\"><button type=\"submit\">%s</button></div>"
                "</form></section>",
                _("Lưu thể thức"));
}

static void h_page(ctx *c)
{
    if (!may_view(c)) {
        respond_error(c, 403, "forbidden",
                      _("Chỉ quản trị, lãnh đạo văn phòng và văn thư xem được thể thức văn bản."));
        return;
    }
    const char *date = web_today(c);
    dg_layout l;
    if (dg_layout_load(c->db, c->a, date, &l) != 0) {
        respond_error(c, 500, "internal", _("Không đọc được thể thức văn bản."));
        return;
    }
    page_begin(c, _("Thể thức văn bản"), "rules");
    html_printf(B(c), "<p class=\"hint\">%s</p>",
                _("Cỡ chữ, kiểu chữ và vị trí của từng thành phần văn bản của Đảng (Hướng dẫn "
                  "36-HD/VPTW), có hiệu lực theo ngày. Giá trị chưa xác minh được đánh dấu."));
    html_printf(B(c),
                "<div class=\"table-wrap\"><table class=\"dg-layout cards\"><thead><tr>"
                "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
                _("Thành phần"), _("Kiểu chữ"), _("Chữ cố định"), _("Từ ngày"), _("Nguồn"));
    for (int i = 0; i < DG_N_EL; i++) {
        const dg_style *st = &l.el[i];
        html_printf(B(c),
                    "<tr id=\"el-%s\"><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
                    "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
                    "<td data-label=\"%s\">%s%s</td></tr>",
                    dg_el_codes[i], _("Thành phần"), _(dg_el_labels[i]), _("Kiểu chữ"),
                    style_words(c, st), _("Chữ cố định"), st->text ? st->text : "", _("Từ ngày"),
                    st->effective_from ? web_date_vn(c, st->effective_from) : "", _("Nguồn"),
                    st->source ? st->source : "", st->verified ? "" : _(" (chưa xác minh)"));
    }
    html_raw(B(c), "</tbody></table></div>");
    html_printf(B(c), "<section class=\"panel\" id=\"page\"><h2>%s</h2><p>%s</p>", _("Lề trang A4"),
                arena_printf(c->a, _("Trên %g mm, dưới %g mm, trái %g mm, phải %g mm%s"),
                             l.page.top, l.page.bottom, l.page.left, l.page.right,
                             l.page.verified ? "" : _(" (chưa xác minh)")));
    if (docgen_may_edit_layout(c->user)) {
        html_raw(B(c), "<form class=\"form\" method=\"post\" action=\"/admin/layout/page\">");
        form_csrf(c);
        static const char *const f[] = {"margin_top", "margin_bottom", "margin_left",
                                        "margin_right"};
        static const char *const fl[] = {N_("Lề trên (mm)"), N_("Lề dưới (mm)"), N_("Lề trái (mm)"),
                                         N_("Lề phải (mm)")};
        const double v[] = {l.page.top, l.page.bottom, l.page.left, l.page.right};
        for (int i = 0; i < 4; i++)
            form_field_html(c, PKEY,
                            &(form_field){.name = f[i],
                                          .label = _(fl[i]),
                                          .type = "number",
                                          .value = arena_printf(c->a, "%g", v[i]),
                                          .id = arena_printf(c->a, "p-%d", i),
                                          .required = true});
        form_field_html(c, PKEY,
                        &(form_field){.name = "effective_from",
                                      .label = _("Áp dụng từ ngày"),
                                      .type = "date",
                                      .value = web_today(c),
                                      .id = "p-from",
                                      .required = true});
        html_printf(B(c), "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>",
                    _("Lưu lề trang"));
    }
    html_raw(B(c), "</section>");
    if (docgen_may_edit_layout(c->user))
        admin_form(c);
    page_end(c);
}

/* A decimal within [lo, hi]; NAN when absent or malformed. */
static double num(const char *s, double lo, double hi)
{
    if (!s || !*s)
        return NAN;
    char *end;
    double v = strtod(s, &end);
    if (*end || !(v >= lo && v <= hi))
        return NAN;
    return v;
}

static bool flag(ctx *c, const char *name)
{
    const char *v = req_form(c->rq, name);
    return v && !strcmp(v, "1");
}

static void h_post(ctx *c)
{
    web_err e = {0};
    if (!docgen_may_edit_layout(c->user)) {
        web_err_add(&e, 403, "forbidden", NULL, _("Chỉ quản trị viên được sửa thể thức văn bản."));
        web_after_post(c, FKEY, -1, &e, NULL);
        return;
    }
    const char *from = req_form(c->rq, "effective_from");
    dg_style st = {.font_pt = num(req_form(c->rq, "font_pt"), 6, 32),
                   .space_before = num(req_form(c->rq, "space_before"), 0, 72),
                   .space_after = num(req_form(c->rq, "space_after"), 0, 72),
                   .indent_mm = num(req_form(c->rq, "indent_mm"), 0, 50),
                   .bold = flag(c, "bold"),
                   .italic = flag(c, "italic"),
                   .upper = flag(c, "upper"),
                   .underline = flag(c, "underline"),
                   .verified = flag(c, "verified"),
                   .align = req_form(c->rq, "align"),
                   .text = req_form(c->rq, "text"),
                   .source = req_form(c->rq, "source"),
                   .effective_from = from};
    /* Empty spacing fields mean none; a typed bad number is refused by the service. */
    const char *sb = req_form(c->rq, "space_before"), *sa = req_form(c->rq, "space_after"),
               *in = req_form(c->rq, "indent_mm");
    if (!sb || !*sb)
        st.space_before = 0;
    if (!sa || !*sa)
        st.space_after = 0;
    if (!in || !*in)
        st.indent_mm = 0;
    const char *err = NULL, *field = NULL;
    int rc = dg_layout_set(c, req_form(c->rq, "element"), &st, &err, &field);
    if (rc != 0)
        web_err_add(&e, field ? 400 : 500, field ? "invalid_input" : "internal", field, err);
    web_after_post(c, FKEY, rc, &e, _("Đã lưu thể thức."));
}

static void h_page_post(ctx *c)
{
    web_err e = {0};
    if (!docgen_may_edit_layout(c->user)) {
        web_err_add(&e, 403, "forbidden", NULL, _("Chỉ quản trị viên được sửa thể thức văn bản."));
        web_after_post(c, FKEY, -1, &e, NULL);
        return;
    }
    dg_page p = {.top = num(req_form(c->rq, "margin_top"), 0, 1000),
                 .bottom = num(req_form(c->rq, "margin_bottom"), 0, 1000),
                 .left = num(req_form(c->rq, "margin_left"), 0, 1000),
                 .right = num(req_form(c->rq, "margin_right"), 0, 1000),
                 .effective_from = req_form(c->rq, "effective_from")};
    const char *err = NULL, *field = NULL;
    int rc = dg_page_set(c, &p, &err, &field);
    if (rc != 0)
        web_err_add(&e, field ? 400 : 500, field ? "invalid_input" : "internal", field, err);
    web_after_post(c, FKEY, rc, &e, _("Đã lưu lề trang."));
}

void dg_layout_routes(void)
{
    route_add("GET", "/admin/layout", h_page, 0);
    route_add("POST", "/admin/layout", h_post, 0);
    route_add("POST", "/admin/layout/page", h_page_post, 0);
}
