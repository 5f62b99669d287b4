/* The catalogue of budget lines (mục chi, thu) as a page of the budget: the list with its xlsx
 * and print, the forms to add and edit a line and to retire it from a date. */
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "budget/budget.h"
#include "budget/budget_web.h"
#include "http/router.h"
#include "registers/registers.h"
#include "web/dates.h"
#include "web/errors.h"
#include "web/forms.h"
#include "web/layout.h"
#include "web/params.h"
#include "web/respond.h"

#define B(c) (&(c)->rs->body)

static const char *state_label(ctx *c, const budget_line_row *l)
{
    if (!l->valid_to)
        return _("Đang áp dụng");
    return strcmp(l->valid_to, web_today(c)) < 0 ? _("Đã thôi áp dụng") : _("Sẽ thôi áp dụng");
}

static void lines_xlsx(ctx *c, const budget_line_row *v, int n)
{
    static const char *h[8];
    h[0] = _("Mã");
    h[1] = _("Tên mục");
    h[2] = _("Thuộc mục");
    h[3] = _("Nhóm");
    h[4] = _("Loại");
    h[5] = _("Áp dụng từ");
    h[6] = _("Đến hết ngày");
    h[7] = _("Căn cứ");
    const char **cells = arena_alloc(c->a, sizeof *cells * 8 * (size_t)(n ? n : 1));
    for (int i = 0; i < n; i++) {
        const char **r = cells + i * 8;
        r[0] = v[i].code;
        r[1] = v[i].name;
        r[2] = v[i].parent_name;
        r[3] = budget_grp_label(v[i].grp);
        r[4] = budget_line_kind_label(v[i].kind);
        r[5] = web_date_vn(c, v[i].valid_from);
        r[6] = v[i].valid_to ? web_date_vn(c, v[i].valid_to) : "";
        r[7] = v[i].source;
    }
    export_table(c, "xlsx", "danh-muc-muc-chi-thu", _("Danh mục mục chi, thu ngân sách đảng"), 8, h,
                 n, cells);
}

/* A <select> whose kept value comes back after a refusal. */
static void select_field(ctx *c, const char *key, const char *name, const char *id,
                         const char *label, const char *cur, int n, const char *const *vals,
                         const char *const *labels)
{
    const char *v = form_val(c, key, name, cur);
    html_printf(B(c),
                "<div class=\"field%s\"><label for=\"%s\">%s</label><select id=\"%s\" name=\"%s\"",
                form_err(c, key, name) ? " has-error" : "", id, label, id, name);
    form_aria_html(c, key, name, id);
    html_raw(B(c), ">");
    for (int i = 0; i < n; i++)
        html_printf(B(c), "<option value=\"%s\"%s>%s</option>", vals[i],
                    v && strcmp(v, vals[i]) == 0 ? " selected" : "", labels[i]);
    html_raw(B(c), "</select>");
    form_err_html(c, key, name, id);
    html_raw(B(c), "</div>");
}

/* The fields of a line (add or edit); l NULL for a new one. */
static void line_fields(ctx *c, const char *key, const budget_line_row *l,
                        const budget_line_row *all, int n)
{
    form_field_html(c, key,
                    &(form_field){.name = "code",
                                  .label = _("Mã mục"),
                                  .value = l ? l->code : "",
                                  .hint = _("Ví dụ TX.VPP; chữ in hoa không dấu, số, dấu chấm."),
                                  .required = true});
    form_field_html(
        c, key,
        &(form_field){
            .name = "name", .label = _("Tên mục"), .value = l ? l->name : "", .required = true});
    const char **pv = arena_alloc(c->a, sizeof *pv * (size_t)(n + 1));
    const char **pl = arena_alloc(c->a, sizeof *pl * (size_t)(n + 1));
    int np = 0;
    pv[np] = "0";
    pl[np++] = _("(không có mục cha)");
    for (int i = 0; i < n; i++) {
        if (l && all[i].id == l->id)
            continue;
        pv[np] = arena_printf(c->a, "%lld", (long long)all[i].id);
        pl[np++] = arena_printf(c->a, "%s — %s", all[i].code, all[i].name);
    }
    select_field(c, key, "parent_id", arena_printf(c->a, "%s-parent", l ? "e" : "n"),
                 _("Thuộc mục"), l ? arena_printf(c->a, "%lld", (long long)l->parent_id) : "0", np,
                 pv, pl);
    static const char *const gv[] = {"THUONG_XUYEN", "DAC_THU"};
    const char *gl[] = {_("Chi thường xuyên"), _("Chi đặc thù của Đảng")};
    select_field(c, key, "grp", arena_printf(c->a, "%s-grp", l ? "e" : "n"), _("Nhóm"),
                 l ? l->grp : "THUONG_XUYEN", 2, gv, gl);
    static const char *const kindv[] = {"CHI", "THU"};
    const char *kl[] = {_("Mục chi"), _("Mục thu")};
    select_field(c, key, "kind", arena_printf(c->a, "%s-kind", l ? "e" : "n"), _("Loại"),
                 l ? l->kind : "CHI", 2, kindv, kl);
    if (!l)
        form_field_html(c, key,
                        &(form_field){.name = "valid_from",
                                      .label = _("Áp dụng từ ngày"),
                                      .type = "date",
                                      .value = arena_printf(c->a, "%.4s-01-01", web_today(c)),
                                      .required = true});
    if (l)
        form_field_html(
            c, key,
            &(form_field){.name = "name_from_year",
                          .label = _("Tên mới áp dụng từ năm"),
                          .type = "number",
                          .value = arena_printf(c->a, "%d", atoi(web_today(c))),
                          .hint = _("Dự toán, quyết toán các năm trước năm này giữ tên cũ.")});
    form_field_html(c, key,
                    &(form_field){.name = "source",
                                  .label = _("Căn cứ"),
                                  .id = l ? "e-source" : "n-source",
                                  .value = l ? l->source : ""});
}

static void h_lines(ctx *c)
{
    budget_line_row *v;
    int n = budget_lines_all(c, 0, &v);
    if (n < 0)
        n = 0;
    const char *fmt = req_query(c->rq, "format");
    if (fmt && strcmp(fmt, "xlsx") == 0) {
        lines_xlsx(c, v, n);
        return;
    }
    int year = atoi(web_today(c));
    page_begin(c, _("Danh mục mục chi, thu"), "budget");
    bw_subnav(c, year, "lines");
    html_printf(B(c),
                "<p class=\"table-tools no-print\"><a id=\"lines-xlsx\" "
                "href=\"/budget/lines?format=xlsx\">%s</a> <button type=\"button\" "
                "data-print>%s</button></p>",
                _("Tải Excel (.xlsx)"), _("In"));
    html_printf(B(c),
                "<div class=\"table-wrap\"><table id=\"budget-lines\" class=\"cards\"><thead><tr>"
                "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
                "</tr></thead><tbody>",
                _("Mã"), _("Tên mục"), _("Thuộc mục"), _("Nhóm"), _("Loại"), _("Hiệu lực"),
                _("Tình trạng"));
    bool may = budget_may_manage_lines(c);
    for (int i = 0; i < n; i++) {
        const budget_line_row *l = &v[i];
        const char *span = l->valid_to
                               ? arena_printf(c->a, "%s – %s", web_date_vn(c, l->valid_from),
                                              web_date_vn(c, l->valid_to))
                               : arena_printf(c->a, _("từ %s"), web_date_vn(c, l->valid_from));
        html_printf(B(c), "<tr data-code=\"%s\"><td data-label=\"%s\">", l->code, _("Mã"));
        if (may)
            html_printf(B(c), "<a href=\"/budget/lines/%lld\">%s</a>", (long long)l->id, l->code);
        else
            html_printf(B(c), "%s", l->code);
        html_printf(B(c),
                    "</td><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td><td "
                    "data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td><td "
                    "data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td></tr>",
                    _("Tên mục"), l->name, _("Thuộc mục"), l->parent_name, _("Nhóm"),
                    budget_grp_label(l->grp), _("Loại"), budget_line_kind_label(l->kind),
                    _("Hiệu lực"), span, _("Tình trạng"), state_label(c, l));
    }
    html_raw(B(c), "</tbody></table></div>");
    if (may) {
        html_printf(B(c),
                    "<section class=\"panel no-print\"><h2>%s</h2><form method=\"post\" "
                    "action=\"/budget/lines\" class=\"form\" id=\"line-new\">",
                    _("Thêm mục"));
        form_csrf(c);
        line_fields(c, "/budget/lines", NULL, v, n);
        html_printf(B(c), "<div class=\"actions\"><button>%s</button></div></form></section>",
                    _("Thêm mục"));
    }
    page_end(c);
}

static void h_line(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    if (!budget_may_manage_lines(c)) {
        respond_forbidden(c);
        return;
    }
    budget_line_row *l, *all;
    if (id <= 0 || budget_lines_all(c, id, &l) != 1) {
        respond_not_found(c);
        return;
    }
    int n = budget_lines_all(c, 0, &all);
    const char *key = arena_printf(c->a, "/budget/lines/%lld", (long long)id);
    page_begin(c, arena_printf(c->a, _("Mục %s"), l->code), "budget");
    bw_subnav(c, atoi(web_today(c)), "lines");
    html_printf(
        B(c),
        "<p>%s: <strong>%s</strong>. %s</p><section class=\"panel\"><h2>%s</h2><form "
        "method=\"post\" action=\"%s\" class=\"form\" id=\"line-edit\">",
        _("Tình trạng"), state_label(c, l),
        l->uses ? arena_printf(c->a, _("Mục đã dùng trong %d số liệu dự toán, khoản chi."), l->uses)
                : "",
        _("Sửa mục"), key);
    form_csrf(c);
    line_fields(c, key, l, all, n > 0 ? n : 0);
    html_printf(B(c), "<div class=\"actions\"><button>%s</button></div></form></section>",
                _("Lưu"));
    const char *rkey = arena_printf(c->a, "/budget/lines/%lld/retire", (long long)id);
    html_printf(B(c),
                "<section class=\"panel\"><h2>%s</h2><p class=\"hint\">%s</p><form method=\"post\" "
                "action=\"%s\" class=\"form\" id=\"line-retire\">",
                _("Thôi áp dụng"),
                _("Mục vẫn giữ nguyên trong dự toán, quyết toán của các năm trước ngày này."),
                rkey);
    form_csrf(c);
    form_field_html(c, rkey,
                    &(form_field){.name = "retire_from",
                                  .label = _("Thôi áp dụng từ ngày"),
                                  .type = "date",
                                  .value = arena_printf(c->a, "%d-01-01", atoi(web_today(c)) + 1),
                                  .required = true});
    html_printf(B(c), "<div class=\"actions\"><button>%s</button></div></form></section>",
                _("Thôi áp dụng"));
    page_end(c);
}

/* "2027" → 2027; empty → 0 (this year); anything else → -1, refused beside the field. */
static int year_of(const char *v)
{
    if (!v || !*v)
        return 0;
    for (const char *p = v; *p; p++)
        if (*p < '0' || *p > '9' || p - v > 3)
            return -1;
    return atoi(v);
}

static budget_line_in form_in(ctx *c)
{
    return (budget_line_in){.code = req_form(c->rq, "code"),
                            .name = req_form(c->rq, "name"),
                            .grp = req_form(c->rq, "grp"),
                            .kind = req_form(c->rq, "kind"),
                            .valid_from = req_form(c->rq, "valid_from"),
                            .source = req_form(c->rq, "source"),
                            .parent_id = form_id(c, "parent_id"),
                            .name_from_year = year_of(req_form(c->rq, "name_from_year"))};
}

static void h_create(ctx *c)
{
    web_err e = {0};
    budget_line_in in = form_in(c);
    int64_t id = budget_line_save(c, 0, &in, &e);
    web_after_post(c, "/budget/lines", id > 0 ? 0 : -1, &e, _("Đã thêm mục vào danh mục."));
}

static void h_update(ctx *c)
{
    web_err e = {0};
    int64_t id = req_param_id(c->rq, "id");
    budget_line_in in = form_in(c);
    int64_t rc = budget_line_save(c, id, &in, &e);
    web_after_post(
        c, rc > 0 ? "/budget/lines" : arena_printf(c->a, "/budget/lines/%lld", (long long)id),
        rc > 0 ? 0 : -1, &e, _("Đã lưu mục."));
}

static void h_retire(ctx *c)
{
    web_err e = {0};
    int64_t id = req_param_id(c->rq, "id");
    int rc = budget_line_retire(c, id, req_form(c->rq, "retire_from"), &e);
    web_after_post(
        c, rc == 0 ? "/budget/lines" : arena_printf(c->a, "/budget/lines/%lld", (long long)id), rc,
        &e, _("Đã cho mục thôi áp dụng từ ngày đã chọn."));
}

void bw_lines_routes(void)
{
    route_add("GET", "/budget/lines", h_lines, 0);
    route_add("POST", "/budget/lines", h_create, 0);
    route_add("GET", "/budget/lines/{id}", h_line, 0);
    route_add("POST", "/budget/lines/{id}", h_update, 0);
    route_add("POST", "/budget/lines/{id}/retire", h_retire, 0);
}
