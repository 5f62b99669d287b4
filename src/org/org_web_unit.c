/* Pages of the office tree: /org (the tree of active units, then the dissolved and merged
 * units with their successors), /org/units/{id} (one unit), and the admin's forms
 * /org/units/new and /org/units/{id}/edit. Checks live in the services (unit.c, scope.c);
 * units outside the user's scope answer 404. */
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

static void unit_link_html(ctx *c, int64_t id, const char *name)
{
    strbuf *b = &c->rs->body;
    if (org_unit_in_scope(c, id))
        html_printf(b, "<a href=\"/org/units/%lld\">%s</a>", (long long)id, name);
    else
        html_escape(b, name);
}

/* ---- /org ------------------------------------------------------------------------------ */

static void write_tree(ctx *c, const unit *rows, const int *depth, int n)
{
    strbuf *b = &c->rs->body;
    if (n == 0) {
        html_printf(b, "<p>%s</p>", _("Chưa có đơn vị nào."));
        return;
    }
    /* The rows come in pre-order with their depth: open a list when going down, close as many
     * as needed when coming back up. */
    int open = 0;
    html_raw(b, "<ul class=\"tree\">");
    for (int i = 0; i < n; i++) {
        if (i > 0) {
            if (depth[i] > depth[i - 1]) {
                html_raw(b, "<ul>");
                open++;
            } else {
                html_raw(b, "</li>");
                for (int k = depth[i]; k < depth[i - 1] && open > 0; k++, open--)
                    html_raw(b, "</ul></li>");
            }
        }
        html_printf(b, "<li><a href=\"/org/units/%lld\">%s</a> <span class=\"hint\">(%s)</span>",
                    (long long)rows[i].id, rows[i].name, rows[i].abbr);
    }
    html_raw(b, "</li>");
    for (; open > 0; open--)
        html_raw(b, "</ul></li>");
    html_raw(b, "</ul>");
}

static void write_dissolved(ctx *c, const unit *rows, int n)
{
    strbuf *b = &c->rs->body;
    unit_link *links;
    int n_links = org_unit_links(c, 0, &links);
    html_printf(b, "<section class=\"panel\"><h2>%s</h2>", _("Đơn vị đã giải thể / sáp nhập"));
    int shown = 0;
    for (int i = 0; i < n; i++) {
        if (org_unit_active(&rows[i]))
            continue;
        if (shown++ == 0)
            html_printf(b,
                        "<div class=\"table-wrap\"><table><thead><tr><th>%s</th><th>%s</th>"
                        "<th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
                        _("Đơn vị"), _("Viết tắt"), _("Từ ngày"), _("Đến ngày"), _("Kế thừa"));
        html_printf(b, "<tr><td><a href=\"/org/units/%lld\">%s</a></td><td>%s</td>",
                    (long long)rows[i].id, rows[i].name, rows[i].abbr);
        html_printf(b, "<td class=\"date\">%s</td><td class=\"date\">%s</td><td>",
                    org_date_vn(c, rows[i].valid_from), org_date_vn(c, rows[i].valid_to));
        for (int k = 0; k < n_links; k++) {
            if (links[k].unit_id != rows[i].id)
                continue;
            html_raw(b, "<div>→ ");
            unit_link_html(c, links[k].successor_id, links[k].successor_name);
            html_printf(b, " <span class=\"hint\">(%s)</span></div>",
                        org_successor_kind_label(links[k].kind));
        }
        html_raw(b, "</td></tr>");
    }
    if (shown)
        html_raw(b, "</tbody></table></div>");
    else
        html_printf(b, "<p>%s</p>", _("Không có đơn vị nào đã giải thể."));
    html_raw(b, "</section>");
}

static void org_home(ctx *c)
{
    page_begin(c, _("Tổ chức"), "org");
    strbuf *b = &c->rs->body;
    html_printf(b, "<p class=\"no-print\"><a href=\"/org/staff\">%s</a>", _("Danh sách cán bộ"));
    if (is_admin(c))
        html_printf(b, " · <a href=\"/org/units/new\">%s</a> · <a href=\"/org/staff/new\">%s</a>",
                    _("Thêm đơn vị"), _("Thêm cán bộ"));
    html_raw(b, "</p>");
    unit *active;
    int *depth;
    int n = org_unit_list(c, false, &active, &depth);
    html_printf(b, "<section class=\"panel\"><h2>%s</h2>",
                _("Cây tổ chức (đơn vị đang hoạt động)"));
    write_tree(c, active, depth, n);
    html_raw(b, "</section>");
    unit *all;
    int n_all = org_unit_list(c, true, &all, NULL);
    write_dissolved(c, all, n_all);
    page_end(c);
}

/* ---- /org/units/{id} ------------------------------------------------------------------- */

static void unit_page(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    const unit *u = org_unit_in_scope(c, id) ? org_unit_get(c, id) : NULL;
    if (!u) {
        respond_not_found(c);
        return;
    }
    page_begin(c, u->name, "org");
    strbuf *b = &c->rs->body;

    const unit **path;
    int n_path = org_unit_path(c, id, &path);
    html_printf(b, "<nav class=\"breadcrumb\" aria-label=\"%s\"><a href=\"/org\">%s</a>",
                _("Đơn vị cấp trên"), _("Tổ chức"));
    for (int i = 0; i < n_path - 1; i++) {
        html_raw(b, " › ");
        unit_link_html(c, path[i]->id, path[i]->name);
    }
    html_raw(b, "</nav>");
    if (!org_unit_active(u))
        html_printf(b, "<p><span class=\"mark mark-done\">%s</span></p>",
                    _("Đơn vị đã giải thể — chỉ để tra cứu văn bản cũ"));

    html_raw(b, "<dl class=\"props\">");
    html_printf(b, "<dt>%s</dt><dd>%s</dd>", _("Tên đơn vị"), u->name);
    html_printf(b, "<dt>%s</dt><dd>%s</dd>", _("Viết tắt (trong số văn bản)"), u->abbr);
    html_printf(b, "<dt>%s</dt><dd>%s</dd>", _("Cấp"), org_level_label(u->level));
    html_printf(b, "<dt>%s</dt><dd>%s</dd>", _("Mã định danh điện tử của cơ quan"),
                u->organ_id ? u->organ_id : "—");
    html_printf(b, "<dt>%s</dt><dd>%s</dd>", _("Hiệu lực từ"), org_date_vn(c, u->valid_from));
    html_printf(b, "<dt>%s</dt><dd>%s</dd>", _("Hiệu lực đến"),
                u->valid_to ? org_date_vn(c, u->valid_to) : _("đang hoạt động"));
    html_raw(b, "</dl>");
    if (is_admin(c))
        html_printf(b,
                    "<p class=\"no-print\"><a class=\"button secondary\" "
                    "href=\"/org/units/%lld/edit\">%s</a></p>",
                    (long long)id, _("Sửa đơn vị"));

    /* Children, including dissolved ones (marked): the old districts sit under the old city. */
    unit *rows;
    int n = org_unit_list(c, true, &rows, NULL);
    html_printf(b, "<section class=\"panel\"><h2>%s</h2>", _("Đơn vị trực thuộc"));
    int shown = 0;
    for (int i = 0; i < n; i++) {
        if (rows[i].parent_id != id)
            continue;
        if (shown++ == 0)
            html_raw(b, "<ul>");
        html_printf(b, "<li><a href=\"/org/units/%lld\">%s</a>", (long long)rows[i].id,
                    rows[i].name);
        if (!org_unit_active(&rows[i]))
            html_printf(b, " <span class=\"hint\">(%s %s)</span>", _("giải thể từ"),
                        org_date_vn(c, rows[i].valid_to));
        html_raw(b, "</li>");
    }
    if (shown)
        html_raw(b, "</ul>");
    else
        html_printf(b, "<p>%s</p>", _("Không có đơn vị trực thuộc."));
    html_raw(b, "</section>");

    unit_link *links;
    int n_links = org_unit_links(c, id, &links);
    if (n_links > 0) {
        html_printf(b, "<section class=\"panel\"><h2>%s</h2><ul>", _("Kế thừa"));
        for (int i = 0; i < n_links; i++) {
            const unit_link *l = &links[i];
            bool succ = l->unit_id == id;
            html_printf(b, "<li>%s ", succ ? _("Đơn vị kế thừa:") : _("Kế thừa từ:"));
            unit_link_html(c, succ ? l->successor_id : l->unit_id,
                           succ ? l->successor_name : l->unit_name);
            html_printf(b, " — %s, %s %s", org_successor_kind_label(l->kind), _("từ ngày"),
                        org_date_vn(c, l->effective_date));
            if (l->note)
                html_printf(b, " <span class=\"hint\">(%s)</span>", l->note);
            html_raw(b, "</li>");
        }
        html_raw(b, "</ul></section>");
    }

    staff_member *people;
    int n_people = org_staff_list(c, id, NULL, false, &people);
    html_printf(b, "<section class=\"panel\"><h2>%s</h2>", _("Cán bộ"));
    if (n_people == 0)
        html_printf(b, "<p>%s</p>", _("Chưa có cán bộ."));
    else {
        html_printf(b,
                    "<div class=\"table-wrap\"><table><thead><tr><th>%s</th><th>%s</th>"
                    "<th>%s</th></tr></thead><tbody>",
                    _("Họ và tên"), _("Chức vụ"), _("Trình độ chuyên môn"));
        for (int i = 0; i < n_people; i++)
            html_printf(b,
                        "<tr><td><a href=\"/org/staff/%lld\">%s</a></td><td>%s</td>"
                        "<td>%s</td></tr>",
                        (long long)people[i].id, people[i].full_name,
                        people[i].position ? people[i].position : "",
                        people[i].degree ? people[i].degree : "");
        html_raw(b, "</tbody></table></div>");
    }
    html_raw(b, "</section>");
    page_end(c);
}

/* ---- forms ------------------------------------------------------------------------------ */

static const char *const level_labels_src[] = {"TW",    "TINH",   "HUYEN", "XA",
                                               "CO_SO", "CHI_BO", "BAN"};
#define N_LEVELS ((int)(sizeof level_labels_src / sizeof level_labels_src[0]))

static void unit_form(ctx *c, const unit *u, const unit_change *typed, const org_err *e)
{
    strbuf *b = &c->rs->body;
    bool editing = u != NULL;
    if (e && e->n > 0)
        page_alert(c, "error", _("Chưa lưu được. Hãy sửa các mục được đánh dấu."));
    if (editing)
        html_printf(b, "<form class=\"form\" method=\"post\" action=\"/org/units/%lld/edit\">",
                    (long long)u->id);
    else
        html_raw(b, "<form class=\"form\" method=\"post\" action=\"/org/units/new\">");
    form_csrf(c);
    const char *name = typed && typed->name ? typed->name : (u ? u->name : NULL);
    const char *abbr = typed && typed->abbr ? typed->abbr : (u ? u->abbr : NULL);
    const char *level = typed && typed->level ? typed->level : (u ? u->level : NULL);
    const char *organ = typed && typed->set_organ_id ? typed->organ_id : (u ? u->organ_id : NULL);
    const char *from = typed && typed->valid_from ? typed->valid_from : (u ? u->valid_from : NULL);
    int64_t parent = typed && typed->set_parent ? typed->parent_id : (u ? u->parent_id : 0);
    org_field(c, e, "name", _("Tên đơn vị"), "text", name, UNIT_NAME_MAX, true, NULL);
    org_field(c, e, "abbr", _("Viết tắt"), "text", abbr, UNIT_ABBR_MAX, true,
              _("Dùng trong số văn bản, ví dụ TU, VPTU, ĐU."));
    const char *labels[N_LEVELS];
    for (int i = 0; i < N_LEVELS; i++)
        labels[i] = org_level_label(level_labels_src[i]);
    org_select(c, e, "level", _("Cấp"), level_labels_src, labels, N_LEVELS, level,
               editing ? NULL : _("— chọn cấp —"));
    org_unit_select(c, e, "parent_id", _("Đơn vị cấp trên"), parent, _("(không có — đơn vị gốc)"),
                    editing ? u->id : 0);
    org_field(c, e, "organ_id", _("Mã định danh điện tử của cơ quan"), "text", organ,
              UNIT_ORGAN_ID_LEN, false, _("13 ký tự, ví dụ 000.00.31.H13; để trống nếu chưa có."));
    org_field(c, e, "valid_from", _("Hiệu lực từ ngày"), "date", from, 10, !editing, NULL);
    if (editing && !u->valid_to) {
        html_printf(b, "<fieldset><legend>%s</legend>", _("Giải thể / sáp nhập (nếu có)"));
        org_field(c, e, "valid_to", _("Ngày cuối hoạt động"), "date",
                  typed ? typed->valid_to : NULL, 10, false,
                  _("Để trống nếu đơn vị vẫn hoạt động."));
        org_unit_select(c, e, "successor_id", _("Đơn vị kế thừa"), typed ? typed->successor_id : 0,
                        _("(không có)"), u->id);
        static const char *const kinds[] = {"merge", "split", "rename", "transfer"};
        const char *kind_labels[4];
        for (int i = 0; i < 4; i++)
            kind_labels[i] = org_successor_kind_label(kinds[i]);
        org_select(c, e, "successor_kind", _("Hình thức"), kinds, kind_labels, 4,
                   typed ? typed->successor_kind : NULL, NULL);
        org_field(c, e, "note", _("Ghi chú"), "text", typed ? typed->note : NULL, UNIT_NOTE_MAX,
                  false, NULL);
        html_raw(b, "</fieldset>");
    }
    html_printf(b, "<div class=\"actions\"><button type=\"submit\">%s</button> ", _("Lưu"));
    if (editing)
        html_printf(b, "<a class=\"button secondary\" href=\"/org/units/%lld\">%s</a>",
                    (long long)u->id, _("Hủy"));
    else
        html_printf(b, "<a class=\"button secondary\" href=\"/org\">%s</a>", _("Hủy"));
    html_raw(b, "</div></form>");
}

/* The form as the service sees it: every field of the form is sent, so all are "set". */
static unit_change read_unit_form(ctx *c, bool editing)
{
    unit_change in = {0};
    in.name = org_form(c, "name");
    in.abbr = org_form(c, "abbr");
    in.level = org_form(c, "level");
    in.valid_from = org_form_date(c, org_form(c, "valid_from"));
    in.set_parent = true;
    in.parent_id = org_parse_id(org_form(c, "parent_id"));
    in.set_organ_id = true;
    in.organ_id = org_form(c, "organ_id");
    /* Required fields left empty come back as "" so the service names them. */
    if (!in.name)
        in.name = "";
    if (!in.abbr)
        in.abbr = "";
    if (!in.level)
        in.level = "";
    if (!editing && !in.valid_from)
        in.valid_from = NULL; /* today */
    if (editing) {
        in.valid_to = org_form_date(c, org_form(c, "valid_to"));
        in.successor_id = in.valid_to ? org_parse_id(org_form(c, "successor_id")) : 0;
        in.successor_kind = org_form(c, "successor_kind");
        in.note = org_form(c, "note");
    }
    return in;
}

static void unit_new_get(ctx *c)
{
    if (!is_admin(c)) {
        respond_forbidden(c);
        return;
    }
    page_begin(c, _("Thêm đơn vị"), "org");
    unit_change typed = {.set_parent = true,
                         .parent_id = org_parse_id(req_query(c->rq, "parent_id"))};
    unit_form(c, NULL, &typed, NULL);
    page_end(c);
}

static void unit_new_post(ctx *c)
{
    if (!is_admin(c)) {
        respond_forbidden(c);
        return;
    }
    unit_change in = read_unit_form(c, false);
    org_err e;
    int64_t id = org_unit_create(c, &in, &e);
    if (id > 0) {
        page_flash_set(c, _("Đã thêm đơn vị."));
        respond_redirect(c, arena_printf(c->a, "/org/units/%lld", (long long)id));
        return;
    }
    page_begin(c, _("Thêm đơn vị"), "org");
    c->rs->status = e.status == 409 ? 409 : e.status >= 500 ? 500 : 400;
    unit_form(c, NULL, &in, &e);
    page_end(c);
}

static const unit *editable_unit(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    const unit *u = org_unit_in_scope(c, id) ? org_unit_get(c, id) : NULL;
    if (!u) {
        respond_not_found(c);
        return NULL;
    }
    if (!is_admin(c)) {
        respond_forbidden(c);
        return NULL;
    }
    return u;
}

static void unit_edit_get(ctx *c)
{
    const unit *u = editable_unit(c);
    if (!u)
        return;
    page_begin(c, arena_printf(c->a, _("Sửa đơn vị: %s"), u->name), "org");
    unit_form(c, u, NULL, NULL);
    page_end(c);
}

static void unit_edit_post(ctx *c)
{
    const unit *u = editable_unit(c);
    if (!u)
        return;
    unit_change in = read_unit_form(c, true);
    org_err e;
    if (org_unit_update(c, u->id, &in, &e) == 0) {
        page_flash_set(c, in.valid_to ? _("Đã ghi nhận giải thể đơn vị.") : _("Đã lưu đơn vị."));
        respond_redirect(c, arena_printf(c->a, "/org/units/%lld", (long long)u->id));
        return;
    }
    if (e.status == 404) {
        respond_not_found(c);
        return;
    }
    page_begin(c, arena_printf(c->a, _("Sửa đơn vị: %s"), u->name), "org");
    c->rs->status = e.status == 409 ? 409 : e.status >= 500 ? 500 : 400;
    unit_form(c, u, &in, &e);
    page_end(c);
}

void org_unit_pages(void)
{
    route_add("GET", "/org", org_home, 0);
    route_add("GET", "/org/units/new", unit_new_get, 0);
    route_add("POST", "/org/units/new", unit_new_post, 0);
    route_add("GET", "/org/units/{id}", unit_page, 0);
    route_add("GET", "/org/units/{id}/edit", unit_edit_get, 0);
    route_add("POST", "/org/units/{id}/edit", unit_edit_post, 0);
}
