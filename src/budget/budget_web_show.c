/* A budget's page: its amounts by line (a form while a draft), estimate against spending,
 * its way (submit, approve, the decision, revise), the spending entries and their form; the
 * xlsx of its lines and of its spending. */
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

static const char *back_to(ctx *c, int64_t id)
{
    return arena_printf(c->a, "/budget/%lld", (long long)id);
}

static int64_t amount_of(const budget_amount *a, int n, int64_t line_id)
{
    for (int i = 0; i < n; i++)
        if (a[i].line_id == line_id)
            return a[i].amount;
    return 0;
}

static int64_t spent_of(const budget_spend *s, int n, int64_t line_id)
{
    int64_t t = 0;
    for (int i = 0; i < n; i++)
        if (s[i].line_id == line_id)
            t += s[i].amount;
    return t;
}

static void action(ctx *c, const budget *b, const char *what, const char *label, const char *id)
{
    html_printf(B(c), "<form method=\"post\" action=\"/budget/%lld/%s\" class=\"inline\">",
                (long long)b->id, what);
    form_csrf(c);
    html_printf(B(c), "<button id=\"%s\">%s</button></form> ", id, label);
}

static void show_xlsx(ctx *c, const budget *b, const budget_line *l, int nl, const budget_amount *a,
                      int na, const budget_spend *s, int ns)
{
    const char *list = req_query(c->rq, "list");
    if (list && strcmp(list, "spending") == 0) {
        static const char *h[5];
        h[0] = _("Ngày chi");
        h[1] = _("Mục chi");
        h[2] = _("Số tiền (đồng)");
        h[3] = _("Số chứng từ");
        h[4] = _("Ghi chú");
        const char **cells = arena_alloc(c->a, sizeof *cells * 5 * (size_t)(ns ? ns : 1));
        for (int i = 0; i < ns; i++) {
            const char **r = cells + i * 5;
            r[0] = web_date_vn(c, s[i].spent_on);
            r[1] = s[i].line_name;
            r[2] = arena_printf(c->a, "%lld", (long long)s[i].amount);
            r[3] = s[i].voucher_no;
            r[4] = s[i].note ? s[i].note : "";
        }
        export_table(c, "xlsx", arena_printf(c->a, "khoan-chi-%d", b->year),
                     arena_printf(c->a, _("Các khoản chi năm %d của %s"), b->year, b->unit_name), 5,
                     h, ns, cells);
        return;
    }
    static const char *h[4];
    h[0] = _("Mục chi");
    h[1] = budget_kind_label(b->kind);
    h[2] = _("Đã chi (đồng)");
    h[3] = _("Còn lại (đồng)");
    const char **cells = arena_alloc(c->a, sizeof *cells * 4 * (size_t)(nl + 1));
    int64_t ta = 0, ts = 0;
    for (int i = 0; i < nl; i++) {
        int64_t am = amount_of(a, na, l[i].id), sp = spent_of(s, ns, l[i].id);
        ta += am;
        ts += sp;
        const char **r = cells + i * 4;
        r[0] = l[i].name;
        r[1] = arena_printf(c->a, "%lld", (long long)am);
        r[2] = arena_printf(c->a, "%lld", (long long)sp);
        r[3] = arena_printf(c->a, "%lld", (long long)(am - sp));
    }
    const char **r = cells + nl * 4;
    r[0] = _("Tổng cộng");
    r[1] = arena_printf(c->a, "%lld", (long long)ta);
    r[2] = arena_printf(c->a, "%lld", (long long)ts);
    r[3] = arena_printf(c->a, "%lld", (long long)(ta - ts));
    export_table(c, "xlsx", arena_printf(c->a, "ngan-sach-%d", b->year),
                 arena_printf(c->a, _("%s năm %d của %s"), budget_kind_label(b->kind), b->year,
                              b->unit_name),
                 4, h, nl + 1, cells);
}

static void spending_form(ctx *c, const budget *b, const budget_line *l, int nl)
{
    const char *key = arena_printf(c->a, "/budget/%lld/spending", (long long)b->id);
    html_printf(B(c),
                "<section class=\"no-print\"><h2>%s</h2><form method=\"post\" action=\"%s\" "
                "id=\"budget-spend\" class=\"budget-spend-form\">",
                _("Nhập khoản chi"), key);
    form_csrf(c);
    static const struct {
        const char *name, *label, *type;
    } f[] = {{"spent_on", N_("Ngày chi"), "date"},
             {"amount", N_("Số tiền (đồng)"), "text"},
             {"voucher_no", N_("Số chứng từ"), "text"},
             {"note", N_("Ghi chú"), "text"}};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        if (i == 1) {
            const char *v = form_val(c, key, "line_id", NULL);
            html_printf(B(c),
                        "<div class=\"field%s\"><label for=\"sp-line_id\">%s</label><select "
                        "id=\"sp-line_id\" name=\"line_id\"",
                        form_err(c, key, "line_id") ? " has-error" : "", _("Mục chi"));
            form_aria_html(c, key, "line_id", "sp-line_id");
            html_raw(B(c), ">");
            for (int k = 0; k < nl; k++) {
                const char *sid = arena_printf(c->a, "%lld", (long long)l[k].id);
                html_printf(B(c), "<option value=\"%s\"%s>%s</option>", sid,
                            v && strcmp(v, sid) == 0 ? " selected" : "", l[k].name);
            }
            html_raw(B(c), "</select>");
            form_err_html(c, key, "line_id", "sp-line_id");
            html_raw(B(c), "</div>");
        }
        const char *id = arena_printf(c->a, "sp-%s", f[i].name);
        html_printf(B(c),
                    "<div class=\"field%s\"><label for=\"%s\">%s</label><input id=\"%s\" "
                    "name=\"%s\" type=\"%s\" inputmode=\"%s\" value=\"%s\"",
                    form_err(c, key, f[i].name) ? " has-error" : "", id, _(f[i].label), id,
                    f[i].name, f[i].type, i == 1 ? "numeric" : "text",
                    form_val(c, key, f[i].name, i == 0 ? web_today(c) : "")
                        ? form_val(c, key, f[i].name, i == 0 ? web_today(c) : "")
                        : "");
        form_aria_html(c, key, f[i].name, id);
        html_raw(B(c), ">");
        form_err_html(c, key, f[i].name, id);
        html_raw(B(c), "</div>");
    }
    html_printf(B(c), "<button id=\"sp-save\">%s</button></form></section>", _("Ghi khoản chi"));
}

static void h_show(ctx *c)
{
    const budget *b = budget_get(c, req_param_id(c->rq, "id"));
    if (!b) {
        respond_not_found(c);
        return;
    }
    budget_line *l;
    int nl = budget_lines_of_year(c, b->year, &l);
    budget_amount *a;
    int na = budget_amounts(c, b->id, &a);
    budget_spend *s = NULL;
    int ns = budget_spending(c, b->unit_id, b->year, &s);
    nl = nl < 0 ? 0 : nl;
    na = na < 0 ? 0 : na;
    ns = ns < 0 ? 0 : ns;
    const char *fmt = req_query(c->rq, "format");
    if (fmt && strcmp(fmt, "xlsx") == 0) {
        show_xlsx(c, b, l, nl, a, na, s, ns);
        return;
    }
    bool draft = strcmp(b->status, "DU_THAO") == 0, est = strcmp(b->kind, "DU_TOAN") == 0;
    bool enter = budget_may_enter(c, b->unit_id);
    const char *title =
        arena_printf(c->a, _("%s năm %d — %s"), budget_kind_label(b->kind), b->year, b->unit_name);
    page_begin(c, title, "budget");
    bw_subnav(c, b->year, "");
    html_printf(B(c),
                "<p class=\"budget-meta\"><span id=\"budget-status\" class=\"badge\">%s</span> "
                "%s %d. %s <strong id=\"budget-total\">%s</strong> %s.",
                budget_status_label(b->status), _("Phiên bản"), b->version, _("Tổng số:"),
                bw_money(c, b->total), _("đồng"));
    if (b->outgoing_id > 0)
        html_printf(B(c), " %s <a id=\"budget-decision\" href=\"/outgoing/%lld\">%s</a>",
                    _("Quyết định phê duyệt:"), (long long)b->outgoing_id,
                    b->outgoing_notation ? b->outgoing_notation : _("dự thảo văn bản đi"));
    if (b->supersedes_id > 0)
        html_printf(B(c), " <a href=\"/budget/%lld\">%s</a>", (long long)b->supersedes_id,
                    _("Bản trước"));
    html_raw(B(c), "</p><p class=\"no-print budget-actions\">");
    if (draft && budget_may_submit(c, b))
        action(c, b, "submit", _("Trình duyệt"), "budget-submit");
    if (strcmp(b->status, "TRINH") == 0 && budget_may_approve(c, b))
        action(c, b, "approve", _("Duyệt"), "budget-approve");
    if (strcmp(b->status, "DA_DUYET") == 0 && enter && b->outgoing_id <= 0 &&
        (c->user->role == ROLE_CLERK || c->user->role == ROLE_OFFICE_LEADER))
        action(c, b, "issue", _("Lập quyết định phê duyệt"), "budget-issue");
    if (strcmp(b->status, "DA_DUYET") == 0 && enter)
        action(c, b, "revise", _("Điều chỉnh"), "budget-revise");
    html_printf(B(c),
                "<a href=\"/budget/%lld?format=xlsx\" id=\"budget-lines-xlsx\">%s</a> <a "
                "href=\"/budget/%lld?format=xlsx&amp;list=spending\">%s</a> <button "
                "type=\"button\" data-print>%s</button></p>",
                (long long)b->id, _("Tải Excel (.xlsx)"), (long long)b->id,
                _("Tải Excel các khoản chi"), _("In"));

    const char *key = arena_printf(c->a, "/budget/%lld/amounts", (long long)b->id);
    bool editing = draft && est && enter;
    if (editing) {
        html_printf(B(c), "<form method=\"post\" action=\"%s\" id=\"budget-amounts\">", key);
        form_csrf(c);
    }
    html_printf(B(c),
                "<div class=\"table-wrap\"><table id=\"budget-lines\" class=\"cards\"><thead><tr>"
                "<th>%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th>"
                "<th class=\"num\">%s</th></tr></thead><tbody>",
                _("Mục chi"), arena_printf(c->a, _("%s (đồng)"), budget_kind_label(b->kind)),
                _("Đã chi (đồng)"), _("Còn lại (đồng)"));
    const char *grp = "";
    int64_t ts = 0;
    for (int i = 0; i < nl; i++) {
        if (strcmp(grp, l[i].grp) != 0) {
            grp = l[i].grp;
            html_printf(B(c), "<tr class=\"group\"><th colspan=\"4\">%s</th></tr>",
                        budget_grp_label(grp));
        }
        int64_t am = amount_of(a, na, l[i].id), sp = spent_of(s, ns, l[i].id);
        ts += sp;
        html_printf(
            B(c),
            "<tr class=\"%s\"><td data-label=\"%s\">%s</td><td data-label=\"%s\" class=\"num\">",
            sp > am ? "over" : "", _("Mục chi"), l[i].name, budget_kind_label(b->kind));
        if (editing) {
            const char *name = arena_printf(c->a, "line_%lld", (long long)l[i].id);
            html_printf(B(c),
                        "<input class=\"money\" inputmode=\"numeric\" name=\"%s\" id=\"%s\" "
                        "aria-label=\"%s\" value=\"%s\"",
                        name, name, l[i].name, form_val(c, key, name, am ? bw_money(c, am) : ""));
            form_aria_html(c, key, name, name);
            html_raw(B(c), ">");
            form_err_html(c, key, name, name);
        } else {
            html_printf(B(c), "%s", bw_money(c, am));
        }
        html_printf(B(c),
                    "</td><td data-label=\"%s\" class=\"num\">%s</td><td data-label=\"%s\" "
                    "class=\"num\">%s</td></tr>",
                    _("Đã chi (đồng)"), bw_money(c, sp), _("Còn lại (đồng)"), bw_money(c, am - sp));
    }
    html_printf(B(c),
                "<tr class=\"total\"><td>%s</td><td class=\"num\">%s</td><td class=\"num\">%s"
                "</td><td class=\"num\">%s</td></tr></tbody></table></div>",
                _("Tổng cộng"), bw_money(c, b->total), bw_money(c, ts), bw_money(c, b->total - ts));
    if (editing)
        html_printf(B(c), "<button id=\"budget-save\" class=\"no-print\">%s</button></form>",
                    _("Lưu số tiền"));

    if (est && strcmp(b->status, "DA_DUYET") == 0 && enter && nl > 0)
        spending_form(c, b, l, nl);
    html_printf(B(c),
                "<h2>%s</h2><div class=\"table-wrap\"><table id=\"budget-spending\" "
                "class=\"cards\"><thead><tr><th>%s</th><th>%s</th><th class=\"num\">%s</th>"
                "<th>%s</th><th>%s</th></tr></thead><tbody>",
                _("Các khoản chi"), _("Ngày chi"), _("Mục chi"), _("Số tiền (đồng)"),
                _("Số chứng từ"), _("Ghi chú"));
    for (int i = 0; i < ns; i++)
        html_printf(B(c),
                    "<tr class=\"%s\"><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
                    "<td data-label=\"%s\" class=\"num\">%s</td><td data-label=\"%s\">%s</td>"
                    "<td data-label=\"%s\">%s%s</td></tr>",
                    s[i].over ? "over" : "", _("Ngày chi"), web_date_vn(c, s[i].spent_on),
                    _("Mục chi"), s[i].line_name, _("Số tiền (đồng)"), bw_money(c, s[i].amount),
                    _("Số chứng từ"), s[i].voucher_no, _("Ghi chú"), s[i].note ? s[i].note : "",
                    s[i].over ? _(" (vượt dự toán)") : "");
    if (ns == 0)
        html_printf(B(c), "<tr><td colspan=\"5\">%s</td></tr>", _("Chưa có khoản chi nào."));
    html_raw(B(c), "</tbody></table></div>");
    page_end(c);
}

static void after(ctx *c, int64_t id, int64_t rc, web_err *e, const char *ok)
{
    web_after_post(c, back_to(c, id), rc < 0 ? -1 : 0, e, ok);
}

static void h_amounts(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    web_err e = {0};
    const budget *b = budget_get(c, id);
    int64_t ids[BUDGET_MAX_LINES], am[BUDGET_MAX_LINES];
    int n = 0;
    if (b && budget_may_enter(c, b->unit_id)) { /* others get the service's 403 */
        budget_line *l;
        int nl = budget_lines_of_year(c, b->year, &l);
        for (int i = 0; i < nl && n < BUDGET_MAX_LINES; i++) {
            const char *name = arena_printf(c->a, "line_%lld", (long long)l[i].id);
            const char *v = req_form(c->rq, name);
            int64_t x = 0;
            if (v && *v && budget_parse_amount(v, &x) != 0) {
                web_err_add(&e, 400, "invalid_input", name,
                            _("Số tiền là số nguyên đồng không âm, ví dụ 1.500.000."));
                continue;
            }
            ids[n] = l[i].id;
            am[n++] = x;
        }
    }
    int rc = e.n ? -1 : budget_set_amounts(c, id, ids, am, n, &e);
    after(c, id, rc, &e, _("Đã lưu số tiền các mục chi."));
}

static void h_submit(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    web_err e = {0};
    after(c, id, budget_submit(c, id, &e), &e, _("Đã trình duyệt."));
}

static void h_approve(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    web_err e = {0};
    after(c, id, budget_approve(c, id, &e), &e, _("Đã duyệt."));
}

static void h_issue(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    web_err e = {0};
    after(c, id, budget_issue(c, id, &e), &e,
          _("Đã lập dự thảo quyết định phê duyệt trong văn bản đi: trình ký và ban hành ở đó."));
}

static void h_revise(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    web_err e = {0};
    int64_t nid = budget_revise(c, id, &e);
    web_after_post(c, back_to(c, nid > 0 ? nid : id), nid > 0 ? 0 : -1, &e,
                   _("Đã tạo bản điều chỉnh."));
}

static void h_spend(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    web_err e = {0};
    const budget *b = budget_get(c, id);
    budget_spend_in in = {.unit_id = b ? b->unit_id : 0,
                          .line_id = form_id(c, "line_id"),
                          .spent_on = req_form(c->rq, "spent_on"),
                          .voucher_no = req_form(c->rq, "voucher_no"),
                          .note = req_form(c->rq, "note")};
    const char *amount = req_form(c->rq, "amount");
    if (!b)
        web_err_add(&e, 404, "not_found", NULL, _("Không tìm thấy dự toán."));
    else if (!budget_may_enter(c, b->unit_id))
        web_err_add(&e, 403, "forbidden", NULL,
                    _("Chỉ văn phòng của cấp ủy nhập khoản chi của tổ chức này."));
    else if (!amount || !*amount || budget_parse_amount(amount, &in.amount) != 0 || !in.amount)
        web_err_add(&e, 400, "invalid_input", "amount",
                    _("Số tiền chi là số nguyên đồng lớn hơn 0, ví dụ 1.500.000."));
    else if (in.spent_on && param_date(in.spent_on) && atoi(in.spent_on) != b->year)
        web_err_add(&e, 400, "invalid_input", "spent_on",
                    arena_printf(c->a, _("Ngày chi phải trong năm %d."), b->year));
    const char *warn = NULL;
    int64_t rc = e.n ? -1 : budget_spend_add(c, &in, &warn, &e);
    if (rc > 0 && warn) {
        page_flash_set(c, arena_printf(c->a, _("Đã ghi khoản chi. Cảnh báo: %s"), warn));
        respond_redirect(c, back_to(c, id));
        return;
    }
    after(c, id, rc, &e, _("Đã ghi khoản chi."));
}

void bw_routes_show(void)
{
    route_add("GET", "/budget/{id}", h_show, 0);
    route_add("POST", "/budget/{id}/amounts", h_amounts, 0);
    route_add("POST", "/budget/{id}/submit", h_submit, 0);
    route_add("POST", "/budget/{id}/approve", h_approve, 0);
    route_add("POST", "/budget/{id}/issue", h_issue, 0);
    route_add("POST", "/budget/{id}/revise", h_revise, 0);
    route_add("POST", "/budget/{id}/spending", h_spend, 0);
}
