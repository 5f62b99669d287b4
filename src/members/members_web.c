/* Pages of the Party members (/members…): the list of an organisation's members, a member's
 * record (profile, fee category, move with history), the CSV import. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "http/router.h"
#include "members/members.h"
#include "members/members_impl.h"
#include "org/org.h"
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

/* The organisations the caller may write members for, as <option>s (selected: sel). */
static void unit_options(ctx *c, int64_t sel, bool any)
{
    org_choice *u;
    int n = org_choice_units(c, &u);
    if (any)
        html_printf(B(c), "<option value=\"0\">%s</option>", _("Tất cả tổ chức đảng"));
    for (int i = 0; i < n; i++)
        if (members_may_read(c, u[i].id))
            html_printf(B(c), "<option value=\"%lld\"%s>%s</option>", (long long)u[i].id,
                        u[i].id == sel ? " selected" : "", u[i].name);
}

/* q for a link (url-encoded, in the arena; "" for none). */
static const char *url_q(ctx *c, const char *q)
{
    strbuf sb = STRBUF_INIT;
    url_encode(&sb, q ? q : "");
    const char *r = arena_strdup(c->a, sb_str(&sb));
    sb_free(&sb);
    return r;
}

static void h_list(ctx *c)
{
    if (!members_may_read(c, 0)) {
        respond_forbidden(c);
        return;
    }
    int64_t unit_id = 0;
    query_int(c, "unit", 0, INT64_MAX, &unit_id);
    if (unit_id && !members_may_read(c, unit_id))
        unit_id = 0;
    const char *q = req_query(c->rq, "q");
    /* the list by status: "" the active members; a status; abroad or retired among the
     * active; all */
    static const char *const st_codes[] = {
        "", "abroad", "retired", "moved_out", "deceased", "removed", "expelled", "all", NULL};
    static const char *const st_labels[] = {N_("Đang sinh hoạt"), N_("Ở nước ngoài"), N_("Hưu trí"),
                                            N_("Đã chuyển đi"),   N_("Từ trần"),      N_("Xóa tên"),
                                            N_("Khai trừ"),       N_("Tất cả")};
    const char *st = req_query(c->rq, "status");
    int sti = 0;
    for (int i = 1; st && st_codes[i]; i++)
        if (strcmp(st, st_codes[i]) == 0)
            sti = i;
    st = st_codes[sti];
    member *m;
    int n = members_list(c, unit_id, sti >= 3, q, &m);
    int kept = 0;
    for (int i = 0; i < n; i++) {
        bool keep = sti == 0 || sti == 7 ||
                    (sti == 1 && strcmp(m[i].fee_category, "NUOC_NGOAI") == 0) ||
                    (sti == 2 && m[i].retired) || (sti >= 3 && strcmp(m[i].status, st) == 0);
        if (keep)
            m[kept++] = m[i];
    }
    n = kept;
    const char *format = req_query(c->rq, "format");
    if (format && strcmp(format, "xlsx") == 0) {
        const char *headers[] = {_("Họ và tên"),        _("Ngày sinh"),
                                 _("Ngày vào Đảng"),    _("Ngày chính thức"),
                                 _("Tổ chức đảng"),     _("Đối tượng đóng đảng phí"),
                                 _("Số thẻ đảng viên"), _("Trạng thái")};
        const char **cells = arena_alloc(c->a, sizeof *cells * 8 * (size_t)(n + 1));
        for (int i = 0; i < n; i++) {
            const char **r = cells + (size_t)i * 8;
            r[7] = member_status_label(m[i].status);
            r[0] = m[i].full_name;
            r[1] = mem_date_out(c, m[i].birth_date);
            r[2] = mem_date_out(c, m[i].admitted_on);
            r[3] = mem_date_out(c, m[i].official_on);
            r[4] = m[i].unit_name;
            r[5] = member_fee_category_label(m[i].fee_category);
            r[6] = m[i].party_card_no;
        }
        export_table(c, "xlsx", "danh-sach-dang-vien",
                     arena_printf(c->a, "%s — %s", _("Danh sách đảng viên"), _(st_labels[sti])), 8,
                     headers, n, cells);
        return;
    }
    page_begin(c, _("Đảng viên"), "members");
    html_raw(B(c), "<form class=\"filters no-print\" method=\"get\" action=\"/members\">");
    html_printf(B(c), "<label for=\"m-unit\">%s</label><select id=\"m-unit\" name=\"unit\">",
                _("Tổ chức đảng"));
    unit_options(c, unit_id, true);
    html_printf(B(c),
                "</select><label for=\"m-status\">%s</label><select id=\"m-status\" "
                "name=\"status\">",
                _("Trạng thái"));
    for (int i = 0; st_codes[i]; i++)
        html_printf(B(c), "<option value=\"%s\"%s>%s</option>", st_codes[i],
                    i == sti ? " selected" : "", _(st_labels[i]));
    html_printf(B(c),
                "</select><label for=\"m-q\">%s</label><input id=\"m-q\" name=\"q\" "
                "value=\"%s\"><button>%s</button></form>",
                _("Họ tên"), q ? q : "", _("Lọc"));
    html_printf(B(c),
                "<p class=\"no-print\"><a class=\"button\" href=\"/members/new\">%s</a> "
                "<a href=\"/partyfees\">%s</a> <a id=\"members-xlsx\" "
                "href=\"/members?unit=%lld&amp;status=%s&amp;q=%s&amp;format=xlsx\">%s</a> "
                "<button type=\"button\" onclick=\"window.print()\">%s</button> <a "
                "id=\"members-moves\" href=\"/members/moves\">%s</a></p>",
                _("Thêm đảng viên"), _("Đảng phí"), (long long)unit_id, st, url_q(c, q),
                _("Tải Excel (.xlsx)"), _("In danh sách"), _("Quá trình chuyển sinh hoạt đảng"));
    html_printf(B(c),
                "<div class=\"table-wrap\"><table id=\"members\" class=\"cards\"><thead><tr>"
                "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
                _("Họ và tên"), _("Ngày sinh"), _("Ngày vào Đảng"), _("Tổ chức đảng"),
                _("Đối tượng đóng đảng phí"));
    for (int i = 0; i < n; i++)
        html_printf(B(c),
                    "<tr><td data-label=\"%s\"><a href=\"/members/%lld\">%s</a></td>"
                    "<td data-label=\"%s\" class=\"date\">%s</td><td data-label=\"%s\" "
                    "class=\"date\">%s</td><td data-label=\"%s\">%s</td><td data-label=\"%s\">"
                    "%s</td></tr>",
                    _("Họ và tên"), (long long)m[i].id, m[i].full_name, _("Ngày sinh"),
                    mem_date_out(c, m[i].birth_date), _("Ngày vào Đảng"),
                    mem_date_out(c, m[i].admitted_on), _("Tổ chức đảng"), m[i].unit_name,
                    _("Đối tượng đóng đảng phí"), member_fee_category_label(m[i].fee_category));
    if (n == 0)
        html_printf(B(c), "<tr><td colspan=\"5\" class=\"empty\">%s</td></tr>",
                    _("Chưa có đảng viên nào."));
    html_raw(B(c), "</tbody></table></div>");
    html_printf(B(c), "<p>%s: %d</p>", _("Tổng số đảng viên"), n);
    /* the import */
    const char *key = "/members/import";
    html_printf(B(c),
                "<section class=\"panel no-print\" id=\"members-import\"><h2>%s</h2><p>%s</p>"
                "<form class=\"form\" method=\"post\" action=\"/members/import\" "
                "enctype=\"multipart/form-data\"><div class=\"field\"><label for=\"i-unit\">%s"
                "</label><select id=\"i-unit\" name=\"unit_id\">",
                _("Nhập danh sách từ bảng tính"),
                _("Tệp Excel (.xlsx) hoặc CSV (UTF-8), dòng tiêu đề là tên cột: "
                  "ho_ten, ngay_sinh, gioi_tinh, cccd, ngay_vao_dang, ngay_chinh_thuc, "
                  "so_the_dang, doi_tuong, muc_can_cu, vung, ghi_chu. Có dòng sai thì không "
                  "dòng nào được nhập."),
                _("Tổ chức đảng"));
    unit_options(c, unit_id, false);
    html_printf(B(c),
                "</select></div><p><a id=\"members-template\" "
                "href=\"/members/import/template.xlsx\">%s</a></p>",
                _("Tải tệp mẫu (.xlsx)"));
    form_csrf(c);
    form_field_html(
        c, key, &(form_field){.name = "file", .label = _("Tệp Excel hoặc CSV"), .type = "file"});
    form_field_html(
        c, key,
        &(form_field){
            .name = "csv", .label = _("Hoặc dán nội dung CSV"), .type = "textarea", .rows = 4});
    html_printf(B(c), "<div class=\"actions\"><button>%s</button></div></form></section>",
                _("Nhập danh sách"));
    page_end(c);
}

static void member_form(ctx *c, const member *m, const char *action)
{
    const char *key = action;
    html_printf(B(c), "<form class=\"form\" method=\"post\" action=\"%s\" id=\"member-form\">",
                action);
    form_csrf(c);
    if (!m->id) {
        html_printf(B(c),
                    "<div class=\"field\"><label for=\"f-unit_id\">%s</label><select "
                    "id=\"f-unit_id\" name=\"unit_id\">",
                    _("Tổ chức đảng"));
        unit_options(c, atoll(form_val(c, key, "unit_id", "0")), false);
        html_raw(B(c), "</select>");
        form_err_html(c, key, "unit_id", "f-unit_id");
        html_raw(B(c), "</div>");
    }
    form_field_html(
        c, key,
        &(form_field){
            .name = "full_name", .label = _("Họ và tên"), .value = m->full_name, .required = true});
    form_field_html(
        c, key,
        &(form_field){
            .name = "birth_date", .label = _("Ngày sinh"), .type = "date", .value = m->birth_date});
    form_field_html(c, key,
                    &(form_field){.name = "admitted_on",
                                  .label = _("Ngày vào Đảng"),
                                  .type = "date",
                                  .value = m->admitted_on,
                                  .required = true});
    form_field_html(c, key,
                    &(form_field){.name = "official_on",
                                  .label = _("Ngày chính thức"),
                                  .type = "date",
                                  .value = m->official_on});
    form_field_html(c, key,
                    &(form_field){.name = "party_card_no",
                                  .label = _("Số thẻ đảng viên"),
                                  .value = m->party_card_no});
    form_field_html(
        c, key, &(form_field){.name = "id_number", .label = _("Số CCCD"), .value = m->id_number});
    const char *cat = form_val(c, key, "fee_category", m->fee_category);
    html_printf(B(c),
                "<div class=\"field\"><label for=\"f-fee_category\">%s</label><select "
                "id=\"f-fee_category\" name=\"fee_category\">",
                _("Đối tượng đóng đảng phí"));
    for (int i = 0; member_fee_categories[i]; i++)
        html_printf(B(c), "<option value=\"%s\"%s>%s</option>", member_fee_categories[i],
                    strcmp(cat, member_fee_categories[i]) == 0 ? " selected" : "",
                    member_fee_category_label(member_fee_categories[i]));
    html_raw(B(c), "</select>");
    form_err_html(c, key, "fee_category", "f-fee_category");
    html_raw(B(c), "</div>");
    form_field_html(c, key,
                    &(form_field){.name = "fee_basis",
                                  .label = _("Mức tiền lương, trợ cấp hoặc lương hưu làm căn cứ "
                                             "(đồng/tháng)"),
                                  .type = "number",
                                  .value = arena_printf(c->a, "%lld", (long long)m->fee_basis)});
    const char *reg = form_val(c, key, "wage_region", arena_printf(c->a, "%d", m->wage_region));
    html_printf(B(c),
                "<div class=\"field\"><label for=\"f-wage_region\">%s</label><select "
                "id=\"f-wage_region\" name=\"wage_region\">",
                _("Vùng lương tối thiểu"));
    static const char *const roman[] = {"I", "II", "III", "IV"};
    for (int i = 1; i <= 4; i++)
        html_printf(B(c), "<option value=\"%d\"%s>%s %s</option>", i,
                    atoi(reg) == i ? " selected" : "", _("Vùng"), roman[i - 1]);
    html_raw(B(c), "</select></div>");
    form_field_html(c, key,
                    &(form_field){.name = "note",
                                  .label = _("Ghi chú"),
                                  .type = "textarea",
                                  .rows = 2,
                                  .value = m->note});
    html_printf(B(c), "<div class=\"actions\"><button>%s</button></div></form>", _("Lưu"));
}

static void h_new(ctx *c)
{
    if (!members_may_read(c, 0) || c->user->role == ROLE_COMMITTEE_LEADER) {
        respond_forbidden(c);
        return;
    }
    page_begin(c, _("Thêm đảng viên"), "members");
    member m = {.fee_category = "BHXH", .wage_region = 1};
    member_form(c, &m, "/members");
    page_end(c);
}

static member read_form(ctx *c)
{
    int64_t basis = 0, region = 1;
    if (form_int(c, "fee_basis", 0, 10000000000LL, &basis) == PARAM_BAD)
        basis = -1;
    if (form_int(c, "wage_region", 1, 4, &region) == PARAM_BAD)
        region = 0;
    const char *cat = req_form(c->rq, "fee_category");
    member m = {.unit_id = form_id(c, "unit_id"),
                .full_name = req_form(c->rq, "full_name"),
                .birth_date = req_form(c->rq, "birth_date"),
                .admitted_on = req_form(c->rq, "admitted_on"),
                .official_on = req_form(c->rq, "official_on"),
                .party_card_no = req_form(c->rq, "party_card_no"),
                .id_number = req_form(c->rq, "id_number"),
                .fee_category = cat,
                .fee_basis = basis,
                .wage_region = (int)region,
                .note = req_form(c->rq, "note")};
    m.retired = cat && strcmp(cat, "HUU_TRI") == 0;
    m.student = cat && strcmp(cat, "HOC_SINH_SINH_VIEN") == 0;
    return m;
}

static void h_create(ctx *c)
{
    web_err e = {0};
    member m = read_form(c);
    int64_t id = members_save(c, 0, &m, &e);
    if (id < 0) {
        web_after_post(c, "/members/new", -1, &e, NULL);
        return;
    }
    web_after_post(c, arena_printf(c->a, "/members/%lld", (long long)id), 0, &e,
                   _("Đã thêm đảng viên."));
}

static void h_show(ctx *c)
{
    const member *m = members_get(c, req_param_id(c->rq, "id"));
    if (!m) {
        respond_not_found(c);
        return;
    }
    page_begin(c, m->full_name, "members");
    html_printf(B(c),
                "<dl class=\"facts\" id=\"member-facts\"><dt>%s</dt><dd>%s</dd><dt>%s</dt>"
                "<dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>"
                "</dl>",
                _("Tổ chức đảng"), m->unit_name, _("Ngày vào Đảng"),
                mem_date_out(c, m->admitted_on), _("Ngày chính thức"),
                mem_date_out(c, m->official_on), _("Trạng thái"), member_status_label(m->status),
                _("Đối tượng đóng đảng phí"), member_fee_category_label(m->fee_category));
    html_printf(B(c), "<p><a href=\"/partyfees/members/%lld\">%s</a></p>", (long long)m->id,
                _("Đảng phí của đảng viên"));
    if (members_may_write(c, m->unit_id)) {
        html_printf(B(c), "<section class=\"panel no-print\"><h2>%s</h2>", _("Sửa thông tin"));
        member_form(c, m, arena_printf(c->a, "/members/%lld", (long long)m->id));
        html_raw(B(c), "</section>");
        const char *key = arena_printf(c->a, "/members/%lld/move", (long long)m->id);
        html_printf(B(c),
                    "<section class=\"panel no-print\"><h2>%s</h2><form class=\"form\" "
                    "method=\"post\" action=\"%s\" id=\"move-form\"><div class=\"field\"><label "
                    "for=\"f-to_unit_id\">%s</label><select id=\"f-to_unit_id\" "
                    "name=\"to_unit_id\">",
                    _("Chuyển sinh hoạt đảng"), key, _("Chuyển đến"));
        unit_options(c, m->unit_id, false);
        html_raw(B(c), "</select>");
        form_err_html(c, key, "to_unit_id", "f-to_unit_id");
        html_raw(B(c), "</div>");
        form_csrf(c);
        form_field_html(
            c, key,
            &(form_field){
                .name = "moved_on", .label = _("Ngày chuyển"), .type = "date", .required = true});
        form_field_html(c, key, &(form_field){.name = "note", .label = _("Ghi chú")});
        html_printf(B(c), "<div class=\"actions\"><button>%s</button></div></form></section>",
                    _("Chuyển"));
    }
    members_status_panels(c, m);
    member_move *mv;
    int n = members_moves(c, m->id, &mv);
    html_printf(B(c),
                "<h2>%s</h2><div class=\"table-wrap\"><table id=\"member-moves\"><thead><tr>"
                "<th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
                _("Quá trình chuyển sinh hoạt"), _("Ngày"), _("Từ"), _("Đến"), _("Ghi chú"));
    for (int i = 0; i < n; i++)
        html_printf(B(c), "<tr><td class=\"date\">%s</td><td>%s</td><td>%s</td><td>%s</td></tr>",
                    mem_date_out(c, mv[i].moved_on), mv[i].from_name, mv[i].to_name, mv[i].note);
    if (n == 0)
        html_printf(B(c), "<tr><td colspan=\"4\" class=\"empty\">%s</td></tr>",
                    _("Chưa chuyển sinh hoạt lần nào."));
    html_printf(B(c), "</tbody></table></div><p><a href=\"/members\">%s</a></p>",
                _("Về danh sách đảng viên"));
    page_end(c);
}

static void h_update(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    web_err e = {0};
    member m = read_form(c);
    int64_t r = members_save(c, id, &m, &e);
    web_after_post(c, arena_printf(c->a, "/members/%lld", (long long)id), r < 0 ? -1 : 0, &e,
                   _("Đã lưu thông tin đảng viên."));
}

static void h_move(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    web_err e = {0};
    int rc = members_move(c, id, form_id(c, "to_unit_id"), req_form(c->rq, "moved_on"),
                          req_form(c->rq, "note"), &e);
    web_after_post(c, arena_printf(c->a, "/members/%lld", (long long)id), rc, &e,
                   _("Đã chuyển sinh hoạt đảng."));
}

/* The uploaded file (read whole; bounded by the server's upload limit) or the pasted text. */
static const char *import_text(ctx *c, size_t *len_r)
{
    const http_upload *u = req_upload(c->rq, "file");
    if (u && u->size > 0 && u->size <= 8 * 1024 * 1024) {
        FILE *f = fopen(u->tmp_path, "rb");
        if (f) {
            char *buf = arena_alloc(c->a, (size_t)u->size + 1);
            size_t n = fread(buf, 1, (size_t)u->size, f);
            fclose(f);
            *len_r = n;
            return buf;
        }
    }
    const char *t = req_form(c->rq, "csv");
    *len_r = t ? strlen(t) : 0;
    return t ? t : "";
}

static void h_import(ctx *c)
{
    web_err e = {0};
    size_t len = 0;
    const char *csv = import_text(c, &len);
    const http_upload *u = req_upload(c->rq, "file");
    int n = -1;
    if (u && u->size > 8 * 1024 * 1024) /* said plainly, not as a file without a header */
        web_err_add(&e, 400, "invalid_input", "file", _("Bảng tính quá lớn (tối đa 8 MB)."));
    else
        n = members_import_file(c, form_id(c, "unit_id"), csv, len, &e);
    web_after_post(c, "/members", n < 0 ? -1 : 0, &e,
                   n < 0 ? NULL : arena_printf(c->a, _("Đã nhập %d đảng viên."), n));
}

void members_web_routes(void)
{
    route_add("GET", "/members", h_list, 0);
    route_add("GET", "/members/new", h_new, 0);
    route_add("POST", "/members", h_create, 0);
    route_add("POST", "/members/import", h_import, 0);
    route_add("GET", "/members/{id}", h_show, 0);
    route_add("POST", "/members/{id}", h_update, 0);
    route_add("POST", "/members/{id}/move", h_move, 0);
}
