/* The commendations page (/awards/commendations): the list of a year with counts by form,
 * xlsx, and the form that records one (a proposal and its decision). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "awards/awards.h"
#include "awards/awards_web_impl.h"
#include "base/i18n.h"
#include "http/router.h"
#include "org/org.h"
#include "registers/registers.h"
#include "web/dates.h"
#include "web/errors.h"
#include "web/forms.h"
#include "web/layout.h"
#include "web/params.h"
#include "web/respond.h"

#define B (&c->rs->body)
#define KEY "/awards/commendations"

static const db_query q_units = {
    "awards.comm_units",
    "SELECT id, name FROM units WHERE id IN (SELECT value FROM json_each(?1)) ORDER BY"
    " sort_order, name LIMIT 500",
    NULL};
static const db_query q_members = {
    "awards.comm_members",
    "SELECT m.id, m.full_name, u.name FROM party_members m JOIN units u ON u.id = m.unit_id"
    " WHERE m.status = 'active' AND m.unit_id IN (SELECT value FROM json_each(?1))"
    " ORDER BY m.full_name, m.id LIMIT 500",
    NULL};

static int year_of(ctx *c)
{
    const char *y = req_query(c->rq, "year");
    int64_t v = 0;
    if (y && *y && param_int(y, 1930, 2100, &v) == 0)
        return (int)v;
    if (y && !strcmp(y, "0"))
        return 0;
    return atoi(web_today(c));
}

static const char *target_name(const commendation *k)
{
    return k->member_id ? k->member_name : k->unit_name;
}

static void comm_xlsx(ctx *c, int year, const commendation *v, int n)
{
    static const char *headers[] = {
        "STT",        "Đối tượng",   "Đơn vị",        "Hình thức",       "Loại",          "Năm",
        "Thành tích", "Số tờ trình", "Số quyết định", "Ngày quyết định", "Cấp quyết định"};
    const int nc = 11;
    const char **cells = arena_alloc(c->a, (size_t)(n * nc + 1) * sizeof *cells);
    for (int i = 0; i < n; i++) {
        const commendation *k = &v[i];
        const char **r = cells + i * nc;
        r[0] = arena_printf(c->a, "%d", i + 1);
        r[1] = target_name(k);
        r[2] = k->unit_name;
        r[3] = awards_comm_form_label(k->form);
        r[4] = awards_comm_basis_label(k->basis);
        r[5] = arena_printf(c->a, "%d", k->year);
        r[6] = k->reason;
        r[7] = k->proposal_no;
        r[8] = k->decision_no;
        r[9] = k->decision_on ? web_date_vn(c, k->decision_on) : "";
        r[10] = k->decided_by;
    }
    export_table(c, "xlsx", "khen-thuong",
                 arena_printf(c->a, _("Danh sách khen thưởng năm %d"), year), nc, headers, n,
                 cells);
}

static void option_rows(ctx *c, const db_query *q, const char *cur, bool with_unit)
{
    db_stmt *s = db_stmt_get(c->db, q);
    if (!s)
        return;
    db_bind_text(s, 1, org_scope_json(c));
    while (db_step(s) == DB_ROW) {
        const char *id = db_col_text(s, 0);
        if (with_unit)
            html_printf(B, "<option value=\"%s\"%s>%s (%s)</option>", id,
                        cur && strcmp(cur, id) == 0 ? " selected" : "", db_col_text(s, 1),
                        db_col_text(s, 2));
        else
            html_printf(B, "<option value=\"%s\"%s>%s</option>", id,
                        cur && strcmp(cur, id) == 0 ? " selected" : "", db_col_text(s, 1));
    }
    db_reset(s);
}

static void sel(ctx *c, const char *name, const char *label, const char *const *codes,
                const char *(*lab)(const char *))
{
    const char *cur = form_val(c, KEY, name, NULL);
    html_printf(
        B, "<div class=\"field%s\"><label for=\"f-%s\">%s</label><select id=\"f-%s\" name=\"%s\"",
        form_err(c, KEY, name) ? " has-error" : "", name, label, name, name);
    form_aria_html(c, KEY, name, arena_printf(c->a, "f-%s", name));
    html_raw(B, ">");
    for (int i = 0; codes[i]; i++)
        html_printf(B, "<option value=\"%s\"%s>%s</option>", codes[i],
                    cur && strcmp(cur, codes[i]) == 0 ? " selected" : "", lab(codes[i]));
    html_raw(B, "</select>");
    form_err_html(c, KEY, name, arena_printf(c->a, "f-%s", name));
    html_raw(B, "</div>");
}

static const char *target_label(const char *t)
{
    return strcmp(t, "member") == 0 ? _("Đảng viên") : _("Tổ chức đảng");
}

static void comm_form(ctx *c, int year)
{
    html_printf(B, "<section class=\"panel no-print\" id=\"new-commendation\"><h2>%s</h2>",
                _("Ghi khen thưởng"));
    /* The search of the outgoing register goes first (a GET form cannot sit in the POST). */
    aw_outgoing_search(c, KEY, "new-commendation");
    html_printf(B, "<form method=\"post\" action=\"%s\" class=\"form\">", KEY);
    form_csrf(c);
    static const char *const targets[] = {"unit", "member", NULL};
    sel(c, "target", _("Đối tượng"), targets, target_label);
    html_printf(
        B,
        "<div class=\"field%s\"><label for=\"f-unit_id\">%s</label><select id=\"f-unit_id\" "
        "name=\"unit_id\"><option value=\"\">%s</option>",
        form_err(c, KEY, "unit_id") ? " has-error" : "", _("Tổ chức đảng"), _("— chọn —"));
    option_rows(c, &q_units, form_val(c, KEY, "unit_id", NULL), false);
    html_raw(B, "</select>");
    form_err_html(c, KEY, "unit_id", "f-unit_id");
    html_printf(B,
                "</div><div class=\"field%s\"><label for=\"f-member_id\">%s</label><select "
                "id=\"f-member_id\" name=\"member_id\"><option value=\"\">%s</option>",
                form_err(c, KEY, "member_id") ? " has-error" : "", _("Đảng viên"), _("— chọn —"));
    option_rows(c, &q_members, form_val(c, KEY, "member_id", NULL), true);
    html_raw(B, "</select>");
    form_err_html(c, KEY, "member_id", "f-member_id");
    html_raw(B, "</div>");
    sel(c, "form", _("Hình thức"), awards_comm_forms, awards_comm_form_label);
    sel(c, "basis", _("Loại khen thưởng"), awards_comm_bases, awards_comm_basis_label);
    form_field_html(c, KEY,
                    &(form_field){.name = "year",
                                  .label = _("Năm"),
                                  .type = "number",
                                  .value = arena_printf(c->a, "%d", year),
                                  .required = true});
    form_field_html(c, KEY,
                    &(form_field){.name = "reason",
                                  .label = _("Thành tích"),
                                  .type = "textarea",
                                  .rows = 2,
                                  .required = true});
    form_field_html(c, KEY,
                    &(form_field){.name = "proposal_no", .label = _("Số tờ trình đề nghị")});
    aw_outgoing_select(c, KEY, NULL);
    form_field_html(c, KEY, &(form_field){.name = "decision_no", .label = _("Số quyết định")});
    form_field_html(
        c, KEY,
        &(form_field){.name = "decision_on", .label = _("Ngày quyết định"), .type = "date"});
    form_field_html(c, KEY, &(form_field){.name = "decided_by", .label = _("Cấp quyết định")});
    html_printf(B,
                "<div class=\"actions\"><button type=\"submit\">%s</button></div></form></section>",
                _("Ghi khen thưởng"));
}

static void h_list(ctx *c)
{
    int year = year_of(c);
    commendation *v;
    int n = awards_comm_list(c, year, &v);
    if (n < 0) {
        respond_error(c, 500, "internal", _(WEB_MSG_DB));
        return;
    }
    const char *fmt = req_query(c->rq, "format");
    if (fmt && strcmp(fmt, "xlsx") == 0) {
        comm_xlsx(c, year, v, n);
        return;
    }
    page_begin(c, arena_printf(c->a, _("Khen thưởng năm %d"), year), "awards");
    html_printf(B,
                "<nav class=\"tabs no-print\"><a href=\"/awards\">%s</a> <a "
                "href=\"/awards/commendations\" aria-current=\"page\">%s</a> <a "
                "href=\"/training\">%s</a></nav>",
                _("Huy hiệu Đảng"), _("Khen thưởng"), _("Đào tạo, bồi dưỡng"));
    html_printf(B,
                "<form method=\"get\" class=\"filters no-print\"><label>%s <input type=\"number\" "
                "name=\"year\" value=\"%d\" min=\"1930\" max=\"2100\"></label> <button "
                "type=\"submit\" class=\"secondary\">%s</button> <a "
                "href=\"/awards/commendations?year=%d&amp;format=xlsx\">%s</a></form>",
                _("Năm"), year, _("Xem"), year, _("Tải Excel"));
    /* Counts by form and target: the yearly summary the office reports. */
    html_printf(B,
                "<div class=\"table-wrap\"><table class=\"list\" id=\"comm-counts\"><thead><tr>"
                "<th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
                _("Hình thức"), _("Tổ chức đảng"), _("Đảng viên"));
    for (int f = 0; awards_comm_forms[f]; f++) {
        int nu = 0, nm = 0;
        for (int i = 0; i < n; i++)
            if (strcmp(v[i].form, awards_comm_forms[f]) == 0)
                v[i].member_id ? nm++ : nu++;
        html_printf(B, "<tr><td>%s</td><td class=\"num\">%d</td><td class=\"num\">%d</td></tr>",
                    awards_comm_form_label(awards_comm_forms[f]), nu, nm);
    }
    html_raw(B, "</tbody></table></div>");
    if (n == 0)
        html_printf(B, "<p class=\"empty\">%s</p>", _("Chưa có khen thưởng nào trong năm."));
    else {
        html_printf(B,
                    "<div class=\"table-wrap\"><table class=\"list cards\" id=\"commendations\">"
                    "<thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>"
                    "</thead><tbody>",
                    _("Đối tượng"), _("Hình thức"), _("Loại"), _("Thành tích"), _("Quyết định"));
        for (int i = 0; i < n; i++) {
            const commendation *k = &v[i];
            html_printf(B,
                        "<tr><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
                        "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
                        "<td data-label=\"%s\">",
                        _("Đối tượng"), target_name(k), _("Hình thức"),
                        awards_comm_form_label(k->form), _("Loại"),
                        awards_comm_basis_label(k->basis), _("Thành tích"), k->reason,
                        _("Quyết định"));
            /* An issued decision: its number links to the outgoing document. */
            if (k->decision_outgoing_id)
                html_printf(B, "<a href=\"/outgoing/%lld\" class=\"decision-doc\">%s %s</a>",
                            (long long)k->decision_outgoing_id, _("Số"), k->decision_no);
            else
                html_printf(B, "%s", k->decision_no);
            html_printf(B, " %s</td></tr>", k->decision_on ? web_date_vn(c, k->decision_on) : "");
        }
        html_raw(B, "</tbody></table></div>");
    }
    if (awards_may_write(c->user))
        comm_form(c, year);
    page_end(c);
}

json_t *awards_comm_json(const commendation *k)
{
    json_t *j = json_pack(
        "{s:I, s:s, s:I, s:s, s:O, s:s?, s:s, s:s, s:i, s:s, s:s, s:s, s:s?, s:s}", "id",
        (json_int_t)k->id, "target", k->target, "unit_id", (json_int_t)k->unit_id, "unit_name",
        k->unit_name, "member_id", k->member_id ? json_integer(k->member_id) : json_null(),
        "member_name", k->member_name, "form", k->form, "basis", k->basis, "year", k->year,
        "reason", k->reason, "proposal_no", k->proposal_no, "decision_no", k->decision_no,
        "decision_on", k->decision_on, "decided_by", k->decided_by);
    json_object_set_new(j, "decision_outgoing_id",
                        k->decision_outgoing_id ? json_integer(k->decision_outgoing_id)
                                                : json_null());
    return j;
}

void awards_comm_create_handler(ctx *c)
{
    json_t *j = NULL;
    if (c->is_api) {
        static const char *const members[] = {
            "target",     "unit_id",     "member_id",   "form",        "basis",
            "year",       "reason",      "proposal_no", "decision_no", "decision_on",
            "decided_by", "outgoing_id", NULL};
        j = params_json(c, members);
        if (!j)
            return;
    }
    commendation in = {.target = aw_in(c, j, "target"),
                       .unit_id = aw_in_int(c, j, "unit_id"),
                       .member_id = aw_in_int(c, j, "member_id"),
                       .form = aw_in(c, j, "form"),
                       .basis = aw_in(c, j, "basis"),
                       .year = (int)aw_in_int(c, j, "year"),
                       .reason = aw_in(c, j, "reason"),
                       .proposal_no = aw_in(c, j, "proposal_no"),
                       .decision_no = aw_in(c, j, "decision_no"),
                       .decision_on = aw_in(c, j, "decision_on"),
                       .decided_by = aw_in(c, j, "decided_by"),
                       .decision_outgoing_id = aw_in_int(c, j, "outgoing_id")};
    web_err e;
    int64_t id = awards_comm_create(c, &in, &e);
    if (c->is_api) {
        if (id < 0)
            web_err_respond(c, &e);
        else
            respond_json(c, 201, json_pack("{s:I}", "id", (json_int_t)id));
        return;
    }
    /* A refusal goes back to the bare path (the stash is kept for a path, not a query). */
    web_after_post(c, id < 0 ? KEY : arena_printf(c->a, "%s?year=%d", KEY, in.year),
                   id < 0 ? -1 : 0, &e, _("Đã ghi khen thưởng."));
}

void awards_comm_web_routes(void)
{
    route_add("GET", KEY, h_list, 0);
    route_add("POST", KEY, awards_comm_create_handler, 0);
}
