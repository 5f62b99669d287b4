/* Pages of the staff directory: /org/staff (sorted the Vietnamese way, filtered by unit and
 * text), /org/staff/{id} (one person: position, unit, degrees, political theory, courses,
 * domains, areas) and the admin's forms /org/staff/new and /org/staff/{id}/edit. People of
 * units outside the user's scope answer 404. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/respond.h"
#include "base/i18n.h"
#include "web/layout.h"
#include "http/router.h"
#include "org/org_impl.h"

static bool is_admin(ctx *c)
{
    return c->user && c->user->role == ROLE_ADMIN;
}

static const char *gender_label(const char *g)
{
    if (!g)
        return "";
    return strcmp(g, "nam") == 0 ? _("Nam") : strcmp(g, "nu") == 0 ? _("Nữ") : g;
}

/* ---- /org/staff ------------------------------------------------------------------------ */

static void staff_list_page(ctx *c)
{
    int64_t unit_id = org_parse_id(req_query(c->rq, "unit_id"));
    const char *q = org_trim(c->a, req_query(c->rq, "q"));
    if (q && strlen(q) > STAFF_TEXT_MAX)
        q = arena_strndup(c->a, q, STAFF_TEXT_MAX);
    page_begin(c, _("Danh sách cán bộ"), "org");
    strbuf *b = &c->rs->body;
    html_printf(b, "<form class=\"form no-print\" method=\"get\" action=\"/org/staff\">");
    org_unit_select(c, NULL, "unit_id", _("Đơn vị"), unit_id, _("Tất cả đơn vị"), 0);
    org_field(c, NULL, "q", _("Tìm"), "search", q, STAFF_TEXT_MAX, false,
              _("Họ tên, chức vụ, trình độ hay đơn vị; gõ không dấu cũng được."));
    html_printf(b, "<div class=\"actions\"><button type=\"submit\">%s</button>", _("Lọc"));
    if (is_admin(c))
        html_printf(b, " <a class=\"button secondary\" href=\"/org/staff/new\">%s</a>",
                    _("Thêm cán bộ"));
    html_raw(b, "</div></form>");

    staff_member *rows;
    int n = org_staff_list(c, unit_id, q, false, &rows);
    html_printf(b, "<p>%s: %d</p>", _("Số cán bộ"), n);
    if (n > 0) {
        html_printf(b,
                    "<div class=\"table-wrap\"><table><thead><tr><th>%s</th><th>%s</th>"
                    "<th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
                    _("Họ và tên"), _("Chức vụ"), _("Đơn vị"), _("Trình độ chuyên môn"),
                    _("Lý luận chính trị"));
        for (int i = 0; i < n; i++) {
            const staff_member *m = &rows[i];
            html_printf(b,
                        "<tr><td><a href=\"/org/staff/%lld\">%s</a></td><td>%s</td>"
                        "<td><a href=\"/org/units/%lld\">%s</a></td><td>%s</td><td>%s</td></tr>",
                        (long long)m->id, m->full_name, m->position ? m->position : "",
                        (long long)m->unit_id, m->unit_name ? m->unit_name : "",
                        m->degree ? m->degree : "", m->political_theory ? m->political_theory : "");
        }
        html_raw(b, "</tbody></table></div>");
    }
    page_end(c);
}

/* ---- /org/staff/{id} ------------------------------------------------------------------- */

static void staff_page(ctx *c)
{
    const staff_member *m = org_staff_get(c, req_param_id(c->rq, "id"));
    if (!m) {
        respond_not_found(c);
        return;
    }
    page_begin(c, m->full_name, "org");
    strbuf *b = &c->rs->body;
    html_printf(b, "<nav class=\"breadcrumb\"><a href=\"/org/staff\">%s</a></nav>",
                _("Danh sách cán bộ"));
    if (!m->active)
        html_printf(b, "<p><span class=\"mark mark-done\">%s</span></p>",
                    _("Không còn công tác tại đơn vị"));
    html_raw(b, "<dl class=\"props\">");
    html_printf(b, "<dt>%s</dt><dd>%s</dd>", _("Chức vụ"), m->position ? m->position : "—");
    html_printf(b, "<dt>%s</dt><dd><a href=\"/org/units/%lld\">%s</a></dd>", _("Đơn vị"),
                (long long)m->unit_id, m->unit_name ? m->unit_name : "");
    html_printf(b, "<dt>%s</dt><dd>%s</dd>", _("Giới tính"), gender_label(m->gender));
    if (m->birth_year)
        html_printf(b, "<dt>%s</dt><dd>%d</dd>", _("Năm sinh"), m->birth_year);
    html_printf(b, "<dt>%s</dt><dd>%s</dd>", _("Trình độ chuyên môn"), m->degree ? m->degree : "—");
    html_printf(b, "<dt>%s</dt><dd>%s</dd>", _("Lý luận chính trị"),
                m->political_theory ? m->political_theory : "—");
    html_printf(b, "<dt>%s</dt><dd>%s</dd>", _("Điện thoại"), m->phone ? m->phone : "—");
    html_printf(b, "<dt>%s</dt><dd>%s</dd>", _("Thư điện tử"), m->email ? m->email : "—");
    html_raw(b, "</dl>");

    html_printf(b, "<section class=\"panel\"><h2>%s</h2>", _("Lĩnh vực phụ trách"));
    if (m->n_domains == 0)
        html_printf(b, "<p>%s</p>", _("Chưa phân công."));
    else {
        html_raw(b, "<ul>");
        for (int i = 0; i < m->n_domains; i++)
            html_printf(b, "<li>%s</li>", m->domains[i]);
        html_raw(b, "</ul>");
    }
    html_printf(b, "</section><section class=\"panel\"><h2>%s</h2>", _("Địa bàn phụ trách"));
    if (m->n_areas == 0)
        html_printf(b, "<p>%s</p>", _("Chưa phân công."));
    else {
        html_raw(b, "<ul>");
        for (int i = 0; i < m->n_areas; i++) {
            const staff_area *a = &m->areas[i];
            if (a->unit_id && org_unit_in_scope(c, a->unit_id))
                html_printf(b, "<li><a href=\"/org/units/%lld\">%s</a></li>", (long long)a->unit_id,
                            a->unit_name ? a->unit_name : "");
            else
                html_printf(b, "<li>%s</li>", a->unit_id ? a->unit_name : a->text);
        }
        html_raw(b, "</ul>");
    }
    html_printf(b, "</section><section class=\"panel\"><h2>%s</h2>", _("Bồi dưỡng, tập huấn"));
    if (m->n_courses == 0)
        html_printf(b, "<p>%s</p>", _("Chưa có."));
    else {
        html_printf(b,
                    "<div class=\"table-wrap\"><table><thead><tr><th>%s</th><th>%s</th>"
                    "<th>%s</th></tr></thead><tbody>",
                    _("Khóa học"), _("Năm"), _("Nơi học"));
        for (int i = 0; i < m->n_courses; i++) {
            const staff_course *k = &m->courses[i];
            html_printf(b, "<tr><td>%s</td><td class=\"num\">", k->name);
            if (k->year)
                html_printf(b, "%d", k->year);
            html_printf(b, "</td><td>%s</td></tr>", k->place ? k->place : "");
        }
        html_raw(b, "</tbody></table></div>");
    }
    html_raw(b, "</section>");
    if (is_admin(c))
        html_printf(b,
                    "<p class=\"no-print\"><a class=\"button secondary\" "
                    "href=\"/org/staff/%lld/edit\">%s</a></p>",
                    (long long)m->id, _("Sửa thông tin cán bộ"));
    page_end(c);
}

/* ---- forms ------------------------------------------------------------------------------ */

/* The lists as the textareas show them: one item per line. */
static const char *lines_of_domains(ctx *c, const staff_member *m)
{
    const char *r = "";
    for (int i = 0; i < m->n_domains; i++)
        r = arena_printf(c->a, "%s%s\n", r, m->domains[i]);
    return r;
}

static const char *lines_of_courses(ctx *c, const staff_member *m)
{
    const char *r = "";
    for (int i = 0; i < m->n_courses; i++) {
        const staff_course *k = &m->courses[i];
        char year[16] = "";
        if (k->year)
            snprintf(year, sizeof year, "%d", k->year);
        r = arena_printf(c->a, "%s%s; %s; %s\n", r, k->name, year, k->place ? k->place : "");
    }
    return r;
}

static const char *lines_of_areas(ctx *c, const staff_member *m)
{
    const char *r = "";
    for (int i = 0; i < m->n_areas; i++)
        r = arena_printf(c->a, "%s%s\n", r,
                         m->areas[i].unit_id ? m->areas[i].unit_name : m->areas[i].text);
    return r;
}

/* Splits a textarea into trimmed, non-empty lines (arena); returns the count. */
static int split_lines(ctx *c, const char *text, const char ***lines_r)
{
    int cap = STAFF_MAX_ITEMS + 1, n = 0;
    const char **v = arena_alloc(c->a, cap * sizeof *v);
    for (const char *p = text; p && *p && n < cap;) {
        const char *end = strchr(p, '\n');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const char *line = org_trim(c->a, arena_strndup(c->a, p, len));
        if (*line)
            v[n++] = line;
        p = end ? end + 1 : NULL;
    }
    *lines_r = v;
    return n;
}

/* An area line that names an active unit the user sees links to it; any other is text. */
static int64_t unit_by_name(const unit *units, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(units[i].name, name) == 0)
            return units[i].id;
    return 0;
}

struct staff_form {
    staff_member m;
    const char *birth_year, *domains, *courses, *areas; /* as typed */
};

static struct staff_form read_staff_form(ctx *c, bool editing)
{
    struct staff_form f = {0};
    staff_member *m = &f.m;
    m->full_name = org_form(c, "full_name");
    m->unit_id = org_parse_id(org_form(c, "unit_id"));
    m->position = org_form(c, "position");
    m->gender = org_form(c, "gender");
    f.birth_year = org_form(c, "birth_year");
    m->birth_year = f.birth_year ? atoi(f.birth_year) : 0;
    if (f.birth_year && m->birth_year == 0)
        m->birth_year = -1; /* typed but not a number: the service refuses it */
    m->phone = org_form(c, "phone");
    m->email = org_form(c, "email");
    m->degree = org_form(c, "degree");
    m->political_theory = org_form(c, "political_theory");
    m->active = editing ? req_form(c->rq, "active") != NULL : true;

    f.domains = req_form(c->rq, "domains");
    const char **lines;
    m->n_domains = split_lines(c, f.domains, &lines);
    m->domains = lines;

    f.courses = req_form(c->rq, "courses");
    int n = split_lines(c, f.courses, &lines);
    m->courses = arena_alloc(c->a, (n + 1) * sizeof *m->courses);
    for (int i = 0; i < n; i++) {
        /* "Tên khóa; năm; nơi học": year and place may be left out. */
        char *name = arena_strdup(c->a, lines[i]);
        char *year = strchr(name, ';');
        char *place = NULL;
        if (year) {
            *year++ = '\0';
            place = strchr(year, ';');
            if (place)
                *place++ = '\0';
        }
        staff_course *k = &m->courses[i];
        k->name = org_trim(c->a, name);
        const char *y = org_trim(c->a, year);
        k->year = y && *y ? atoi(y) : 0;
        if (y && *y && k->year == 0)
            k->year = -1;
        const char *pl = org_trim(c->a, place);
        k->place = pl && *pl ? pl : NULL;
    }
    m->n_courses = n;

    f.areas = req_form(c->rq, "areas");
    n = split_lines(c, f.areas, &lines);
    unit *units;
    int n_units = org_unit_list(c, false, &units, NULL);
    m->areas = arena_alloc(c->a, (n + 1) * sizeof *m->areas);
    for (int i = 0; i < n; i++) {
        m->areas[i].unit_id = unit_by_name(units, n_units, lines[i]);
        m->areas[i].text = m->areas[i].unit_id ? NULL : lines[i];
    }
    m->n_areas = n;
    return f;
}

static void staff_form_page(ctx *c, int64_t id, const struct staff_form *f, const org_err *e)
{
    strbuf *b = &c->rs->body;
    const staff_member *m = &f->m;
    if (e && e->n > 0)
        page_alert(c, "error", _("Chưa lưu được. Hãy sửa các mục được đánh dấu."));
    if (id)
        html_printf(b, "<form class=\"form\" method=\"post\" action=\"/org/staff/%lld/edit\">",
                    (long long)id);
    else
        html_raw(b, "<form class=\"form\" method=\"post\" action=\"/org/staff/new\">");
    form_csrf(c);
    org_field(c, e, "full_name", _("Họ và tên"), "text", m->full_name, STAFF_NAME_MAX, true,
              _("Họ, tên đệm, tên: Nguyễn Văn An."));
    org_unit_select(c, e, "unit_id", _("Đơn vị"), m->unit_id, _("— chọn đơn vị —"), 0);
    org_field(c, e, "position", _("Chức vụ"), "text", m->position, STAFF_TEXT_MAX, false, NULL);
    static const char *const genders[] = {"nam", "nu"};
    const char *gender_labels[] = {_("Nam"), _("Nữ")};
    org_select(c, e, "gender", _("Giới tính"), genders, gender_labels, 2, m->gender, "—");
    org_field(c, e, "birth_year", _("Năm sinh"), "number", f->birth_year, 4, false, NULL);
    org_field(c, e, "phone", _("Điện thoại"), "tel", m->phone, 40, false, NULL);
    org_field(c, e, "email", _("Thư điện tử"), "email", m->email, 200, false, NULL);
    org_field(c, e, "degree", _("Trình độ chuyên môn"), "text", m->degree, STAFF_TEXT_MAX, false,
              _("Ví dụ: Thạc sĩ Luật."));
    org_select(c, e, "political_theory", _("Lý luận chính trị"), org_political_theories,
               org_political_theories, 4, m->political_theory, "—");
    org_textarea(c, e, "domains", _("Lĩnh vực phụ trách"), f->domains, _("Mỗi dòng một lĩnh vực."));
    org_textarea(c, e, "areas", _("Địa bàn phụ trách"), f->areas,
                 _("Mỗi dòng một địa bàn; ghi đúng tên đơn vị để liên kết với đơn vị đó."));
    org_textarea(c, e, "courses", _("Bồi dưỡng, tập huấn"), f->courses,
                 _("Mỗi dòng: tên khóa; năm; nơi học."));
    if (id) {
        html_printf(b,
                    "<div class=\"field\"><span class=\"label\">%s</span><label><input "
                    "type=\"checkbox\" name=\"active\" value=\"1\"%s> %s</label></div>",
                    _("Trạng thái"), m->active ? " checked" : "", _("Đang công tác"));
    }
    html_printf(b, "<div class=\"actions\"><button type=\"submit\">%s</button> ", _("Lưu"));
    if (id)
        html_printf(b, "<a class=\"button secondary\" href=\"/org/staff/%lld\">%s</a>",
                    (long long)id, _("Hủy"));
    else
        html_printf(b, "<a class=\"button secondary\" href=\"/org/staff\">%s</a>", _("Hủy"));
    html_raw(b, "</div></form>");
}

static void staff_new_get(ctx *c)
{
    if (!is_admin(c)) {
        respond_forbidden(c);
        return;
    }
    page_begin(c, _("Thêm cán bộ"), "org");
    struct staff_form f = {
        .m = {.active = true, .unit_id = org_parse_id(req_query(c->rq, "unit_id"))}};
    staff_form_page(c, 0, &f, NULL);
    page_end(c);
}

static void answer_failed_save(ctx *c, int64_t id, const struct staff_form *f, const org_err *e)
{
    if (e->status == 404) {
        respond_not_found(c);
        return;
    }
    page_begin(c, id ? _("Sửa thông tin cán bộ") : _("Thêm cán bộ"), "org");
    c->rs->status = e->status == 409 ? 409 : e->status >= 500 ? 500 : 400;
    staff_form_page(c, id, f, e);
    page_end(c);
}

static void staff_new_post(ctx *c)
{
    if (!is_admin(c)) {
        respond_forbidden(c);
        return;
    }
    struct staff_form f = read_staff_form(c, false);
    org_err e;
    int64_t id = org_staff_save(c, 0, &f.m, &e);
    if (id > 0) {
        page_flash_set(c, _("Đã thêm cán bộ."));
        respond_redirect(c, arena_printf(c->a, "/org/staff/%lld", (long long)id));
        return;
    }
    answer_failed_save(c, 0, &f, &e);
}

static const staff_member *editable_staff(ctx *c)
{
    const staff_member *m = org_staff_get(c, req_param_id(c->rq, "id"));
    if (!m) {
        respond_not_found(c);
        return NULL;
    }
    if (!is_admin(c)) {
        respond_forbidden(c);
        return NULL;
    }
    return m;
}

static void staff_edit_get(ctx *c)
{
    const staff_member *m = editable_staff(c);
    if (!m)
        return;
    page_begin(c, arena_printf(c->a, _("Sửa thông tin cán bộ: %s"), m->full_name), "org");
    struct staff_form f = {.m = *m,
                           .birth_year =
                               m->birth_year ? arena_printf(c->a, "%d", m->birth_year) : NULL,
                           .domains = lines_of_domains(c, m),
                           .courses = lines_of_courses(c, m),
                           .areas = lines_of_areas(c, m)};
    staff_form_page(c, m->id, &f, NULL);
    page_end(c);
}

static void staff_edit_post(ctx *c)
{
    const staff_member *m = editable_staff(c);
    if (!m)
        return;
    struct staff_form f = read_staff_form(c, true);
    org_err e;
    if (org_staff_save(c, m->id, &f.m, &e) > 0) {
        page_flash_set(c, _("Đã lưu thông tin cán bộ."));
        respond_redirect(c, arena_printf(c->a, "/org/staff/%lld", (long long)m->id));
        return;
    }
    answer_failed_save(c, m->id, &f, &e);
}

void org_staff_pages(void)
{
    route_add("GET", "/org/staff", staff_list_page, 0);
    route_add("GET", "/org/staff/new", staff_new_get, 0);
    route_add("POST", "/org/staff/new", staff_new_post, 0);
    route_add("GET", "/org/staff/{id}", staff_page, 0);
    route_add("GET", "/org/staff/{id}/edit", staff_edit_get, 0);
    route_add("POST", "/org/staff/{id}/edit", staff_edit_post, 0);
}
