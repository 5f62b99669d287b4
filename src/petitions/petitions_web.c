/* Pages of the petitions: the list (with the overdue filter), registering a letter, a letter's
 * page with its handling forms, the identity (protected, audited) and the scans. Rules live in
 * the service (petitions.c, pet_handle.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/i18n.h"
#include "http/router.h"
#include "org/org.h"
#include "petitions/petitions_impl.h"
#include "web/errors.h"
#include "web/forms.h"
#include "web/layout.h"
#include "web/pager.h"
#include "web/params.h"
#include "web/respond.h"
#include "petitions/petitions_web_impl.h"

strbuf *pet_B(ctx *c)
{
    return &c->rs->body;
}
#define B pet_B

void pet_select(ctx *c, const char *key, const char *name, const char *label,
                const char *const *codes, const char *(*labeler)(const char *), const char *dflt,
                bool with_empty)
{
    const char *v = form_val(c, key, name, dflt);
    const char *id = arena_printf(c->a, "f-%s", name);
    html_printf(B(c),
                "<div class=\"field%s\"><label for=\"%s\">%s</label><select id=\"%s\" name=\"%s\"",
                form_err(c, key, name) ? " has-error" : "", id, label, id, name);
    form_aria_html(c, key, name, id);
    html_raw(B(c), ">");
    if (with_empty)
        html_printf(B(c), "<option value=\"\">%s</option>", _("— Tất cả —"));
    for (int i = 0; codes[i]; i++)
        html_printf(B(c), "<option value=\"%s\"%s>%s</option>", codes[i],
                    v && strcmp(v, codes[i]) == 0 ? " selected" : "", labeler(codes[i]));
    html_raw(B(c), "</select>");
    form_err_html(c, key, name, id);
    html_raw(B(c), "</div>");
}

void pet_people_select(ctx *c, const char *key, const char *name, const char *label, int64_t chosen)
{
    org_choice *people;
    int n = org_choice_people(c, 0, &people);
    const char *id = arena_printf(c->a, "f-%s", name);
    const char *typed = form_val(c, key, name, NULL);
    int64_t sel = typed ? strtoll(typed, NULL, 10) : chosen;
    html_printf(B(c),
                "<div class=\"field%s\"><label for=\"%s\">%s</label><select id=\"%s\" name=\"%s\"",
                form_err(c, key, name) ? " has-error" : "", id, label, id, name);
    form_aria_html(c, key, name, id);
    html_printf(B(c), "><option value=\"\">%s</option>", _("— Chọn người —"));
    for (int i = 0; i < n; i++)
        if (org_unit_in_scope(c, people[i].unit_id))
            html_printf(B(c), "<option value=\"%lld\"%s>%s</option>", (long long)people[i].id,
                        people[i].id == sel ? " selected" : "", people[i].name);
    html_raw(B(c), "</select>");
    form_err_html(c, key, name, id);
    html_raw(B(c), "</div>");
}

static void text_field(ctx *c, const char *key, const char *name, const char *label,
                       const char *type, const char *value, bool required, const char *hint)
{
    form_field_html(c, key,
                    &(form_field){.name = name,
                                  .label = label,
                                  .type = type,
                                  .value = value,
                                  .required = required,
                                  .hint = hint,
                                  .rows = 3});
}

static void form_open(ctx *c, const char *action, const char *key_name, bool multipart)
{
    html_printf(B(c), "<form class=\"form\" method=\"post\" action=\"%s\"%s>", action,
                multipart ? " enctype=\"multipart/form-data\"" : "");
    form_csrf(c);
    if (key_name)
        form_key_input(c, key_name);
}

static const char *kind_l(const char *k)
{
    return pet_kind_label(k);
}
static const char *status_l(const char *k)
{
    return pet_status_label(k);
}

static void links_bar(ctx *c)
{
    html_printf(B(c),
                "<p class=\"links no-print\"><a href=\"/petitions\">%s</a> · <a "
                "href=\"/petitions?overdue=1\">%s</a> · <a href=\"/reception\">%s</a> · <a "
                "href=\"/reception/register\">%s</a> · <a href=\"/petitions/report\">%s</a> · <a "
                "href=\"/petitions/rules\">%s</a></p>",
                _("Đơn thư"), _("Đơn quá hạn"), _("Lịch tiếp công dân"), _("Sổ tiếp công dân"),
                _("Báo cáo"), _("Bảng thời hạn"));
}
void pet_links_bar(ctx *c)
{
    links_bar(c);
}

/* The deadline that matters now: resolution once accepted, else acceptance/screening. */
static const char *due_of(const petition *p)
{
    if (strcmp(p->status, "accepted") == 0)
        return p->due_resolve;
    if (strcmp(p->status, "received") == 0)
        return p->due_accept ? p->due_accept : p->due_screen;
    return NULL;
}

static void h_list(ctx *c)
{
    pet_filter f = {.kind = req_query(c->rq, "kind"),
                    .status = req_query(c->rq, "status"),
                    .q = req_query(c->rq, "q"),
                    .limit = 50};
    bool b = false;
    web_err e = {0};
    if (query_bool(c, "overdue", &b, &e) == PARAM_OK)
        f.overdue = b;
    if (query_bool(c, "mine", &b, &e) == PARAM_OK)
        f.mine = b;
    int64_t page = 1;
    query_int(c, "page", 1, 100000, &page);
    f.offset = (int)(page - 1) * f.limit;
    if (pet_index(pet_kinds, f.kind) < 0)
        f.kind = NULL;
    if (pet_index(pet_statuses, f.status) < 0)
        f.status = NULL;
    if (!c->user || c->user->role == ROLE_ADMIN) {
        /* The administrator keeps the rule table, not the letters. */
        respond_not_found(c);
        return;
    }
    petition *rows;
    int64_t total;
    int n = pet_list(c, &f, &rows, &total);
    page_begin(
        c, f.overdue ? _("Đơn thư quá hạn") : _("Đơn thư (khiếu nại, tố cáo, kiến nghị, phản ánh)"),
        "reports");
    links_bar(c);
    if (pet_may_register(c))
        html_printf(B(c),
                    "<p class=\"no-print\"><a class=\"button\" href=\"/petitions/new\">%s</a></p>",
                    _("Vào sổ đơn mới"));
    html_printf(B(c),
                "<form class=\"form filters no-print\" method=\"get\" action=\"/petitions\">");
    pet_select(c, "", "kind", _("Loại đơn"), pet_kinds, kind_l, f.kind, true);
    pet_select(c, "", "status", _("Trạng thái"), pet_statuses, status_l, f.status, true);
    html_printf(B(c),
                "<div class=\"field\"><label for=\"f-q\">%s</label><input id=\"f-q\" name=\"q\" "
                "value=\"%s\" maxlength=\"200\"></div><div class=\"field\"><label><input "
                "type=\"checkbox\" name=\"overdue\" value=\"1\"%s> %s</label><label><input "
                "type=\"checkbox\" name=\"mine\" value=\"1\"%s> %s</label></div><div "
                "class=\"actions\"><button type=\"submit\">%s</button></div></form>",
                _("Tìm (số đơn, vụ việc, nội dung)"), f.q ? f.q : "", f.overdue ? " checked" : "",
                _("Chỉ đơn quá hạn"), f.mine ? " checked" : "", _("Đơn tôi xử lý"), _("Lọc"));
    html_printf(B(c), "<p>%s: %lld</p>", _("Số đơn"), (long long)total);
    html_printf(
        B(c),
        "<div class=\"table-wrap\"><table class=\"list pet-list\"><thead><tr><th>%s</th><th>%s</th>"
        "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
        _("Số đơn"), _("Ngày nhận"), _("Người viết đơn"), _("Loại"), _("Vụ việc"), _("Trạng thái"),
        _("Hạn"), _("Người xử lý"));
    for (int i = 0; i < n; i++) {
        const petition *p = &rows[i];
        const char *due = due_of(p);
        html_printf(B(c),
                    "<tr%s><td data-label=\"%s\"><a href=\"/petitions/%lld\">%s</a></td><td "
                    "class=\"date\" data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td><td "
                    "data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td><td "
                    "data-label=\"%s\">%s</td><td class=\"date\" data-label=\"%s\">%s%s</td><td "
                    "data-label=\"%s\">%s</td></tr>",
                    p->overdue ? " class=\"overdue\"" : "", _("Số đơn"), (long long)p->id, p->code,
                    _("Ngày nhận"), pet_vn_date(c, p->received_on), _("Người viết đơn"),
                    p->pseudonym, _("Loại"), pet_kind_label(p->kind), _("Vụ việc"), p->matter,
                    _("Trạng thái"), pet_status_label(p->status), _("Hạn"), pet_vn_date(c, due),
                    p->overdue ? _(" (quá hạn)") : "", _("Người xử lý"),
                    p->handler_name ? p->handler_name : "");
    }
    if (n == 0)
        html_printf(B(c), "<tr><td colspan=\"8\">%s</td></tr>", _("Không có đơn nào."));
    html_raw(B(c), "</tbody></table></div>");
    static const char *const keep[] = {"kind", "status", "q", "overdue", "mine", NULL};
    page_pager(c, &(pager){.path = "/petitions",
                           .keep = keep,
                           .param = "page",
                           .page = (int)page,
                           .pages = (total + f.limit - 1) / f.limit});
    page_end(c);
}

static void h_new(ctx *c)
{
    if (!pet_may_register(c)) {
        respond_forbidden(c);
        return;
    }
    char today[11];
    pet_today(today);
    const char *k = "/petitions";
    page_begin(c, _("Vào sổ đơn thư"), "petitions");
    links_bar(c);
    form_open(c, "/petitions", NULL, false);
    text_field(c, k, "received_on", _("Ngày nhận đơn"), "date", today, true, NULL);
    pet_select(c, k, "channel", _("Nguồn đơn"), pet_channels, pet_channel_label, "direct", false);
    text_field(c, k, "source_org", _("Cơ quan chuyển đến"), "text", NULL, false,
               _("Bắt buộc khi đơn do cơ quan khác chuyển đến."));
    pet_select(c, k, "kind", _("Loại đơn"), pet_kinds, kind_l, "complaint", false);
    pet_select(c, k, "complexity", _("Mức độ"), pet_complexities, pet_complexity_label, "normal",
               false);
    html_printf(B(c),
                "<div class=\"field\"><label><input type=\"checkbox\" name=\"party_related\" "
                "value=\"1\"%s> %s</label><label><input type=\"checkbox\" name=\"remote\" "
                "value=\"1\"%s> %s</label></div>",
                form_has(c, k, "party_related", "1") ? " checked" : "",
                _("Liên quan đảng viên, tổ chức đảng"),
                form_has(c, k, "remote", "1") ? " checked" : "", _("Vùng sâu, vùng xa"));
    text_field(c, k, "matter", _("Vụ việc"), "text", NULL, true,
               _("Ngắn gọn, không ghi tên người viết đơn."));
    text_field(c, k, "summary", _("Nội dung tóm tắt"), "textarea", NULL, true,
               _("Không ghi họ tên, địa chỉ người viết đơn vào đây."));
    text_field(c, k, "n_persons", _("Số người đứng đơn"), "number", "1", false, NULL);
    html_printf(B(c), "<fieldset><legend>%s</legend><p class=\"hint\">%s</p>",
                _("Người viết đơn (được mã hóa)"),
                _("Để trống họ tên nếu đơn nặc danh. Danh tính người tố cáo chỉ người được giao "
                  "xử lý và lãnh đạo đã giao được xem."));
    text_field(c, k, "name", _("Họ tên"), "text", NULL, false, NULL);
    text_field(c, k, "address", _("Địa chỉ"), "text", NULL, false, NULL);
    text_field(c, k, "id_no", _("Số CMND/CCCD"), "text", NULL, false, _("9 hoặc 12 chữ số."));
    html_printf(
        B(c), "</fieldset><div class=\"actions\"><button type=\"submit\">%s</button></div></form>",
        _("Vào sổ"));
    page_end(c);
}

static int form_bool(ctx *c, const char *name)
{
    const char *v = req_form(c->rq, name);
    return v && (strcmp(v, "1") == 0 || strcmp(v, "on") == 0);
}

static void h_create(ctx *c)
{
    web_err e = {0};
    int64_t np = 1;
    if (form_range(c, "n_persons", 1, 100000, &np, &e) == PARAM_ABSENT)
        np = 1;
    pet_input in = {
        .received_on = req_form(c->rq, "received_on"),
        .channel = req_form(c->rq, "channel"),
        .source_org = req_form(c->rq, "source_org"),
        .matter = req_form(c->rq, "matter"),
        .summary = req_form(c->rq, "summary"),
        .kind = req_form(c->rq, "kind"),
        .complexity = req_form(c->rq, "complexity"),
        .party_related = form_bool(c, "party_related"),
        .remote = form_bool(c, "remote"),
        .n_persons = (int)np,
        .who = {req_form(c->rq, "name"), req_form(c->rq, "address"), req_form(c->rq, "id_no")}};
    int64_t id = e.n ? -1 : pet_register(c, &in, &e);
    if (id < 0) {
        web_after_post(c, "/petitions/new", -1, &e, NULL);
        return;
    }
    page_flash_set(c, _("Đã vào sổ đơn."));
    respond_redirect(c, arena_printf(c->a, "/petitions/%lld", (long long)id));
}

void pet_show(ctx *c); /* petitions_show.c */

static void h_action(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    const char *path = c->rq->path, *act = strrchr(path, '/');
    act = act ? act + 1 : "";
    const char *back = arena_printf(c->a, "/petitions/%lld", (long long)id);
    web_err e = {0};
    int rc = -1;
    const char *ok = _("Đã lưu.");
#define F(n) req_form(c->rq, n)
    if (strcmp(act, "classify") == 0) {
        rc = pet_classify(c, id, F("kind"), form_bool(c, "party_related"), F("complexity"),
                          form_bool(c, "remote"), &e);
        ok = _("Đã phân loại đơn; hạn được tính lại.");
    } else if (strcmp(act, "screen") == 0) {
        rc = pet_screen(c, id, F("screening"), F("screening_reason"), &e);
        ok = _("Đã ghi kết quả phân loại, xử lý đơn.");
    } else if (strcmp(act, "assign") == 0) {
        rc = pet_assign(c, id, form_id(c, "handler_id"), &e);
        ok = _("Đã giao xử lý.");
    } else if (strcmp(act, "accept") == 0) {
        rc = pet_accept(c, id, F("accepted_on"), F("decision_no"), &e);
        ok = _("Đã thụ lý; hạn giải quyết đã được tính.");
    } else if (strcmp(act, "return") == 0) {
        rc = pet_return(c, id, F("guidance"), &e);
        ok = _("Đã trả lại đơn và hướng dẫn.");
    } else if (strcmp(act, "transfer") == 0) {
        int64_t out = 0;
        rc = pet_transfer(c, id, F("transferred_to"), &out, &e);
        if (rc == 0) {
            page_flash_set(c, _("Đã chuyển đơn; dự thảo công văn chuyển đơn đã được tạo."));
            respond_redirect(c, arena_printf(c->a, "/outgoing/%lld", (long long)out));
            return;
        }
    } else if (strcmp(act, "file") == 0) {
        rc = pet_file(c, id, F("guidance"), &e);
        ok = _("Đã lưu đơn.");
    } else if (strcmp(act, "extend") == 0) {
        rc = pet_extend(c, id, F("decided_on"), F("decision_no"), F("reason"), &e);
        ok = _("Đã gia hạn; hạn giải quyết mới đã được tính.");
    } else if (strcmp(act, "result") == 0) {
        rc = pet_result(c, id, F("result_on"), F("result_doc"), F("result_text"), &e);
        ok = _("Đã ghi kết quả giải quyết.");
    } else if (strcmp(act, "close") == 0) {
        rc = pet_close(c, id, &e);
        ok = _("Đã kết thúc đơn.");
    } else if (strcmp(act, "scans") == 0) {
        rc = pet_scan_add(c, id, req_upload(c->rq, "file"), &e) > 0 ? 0 : -1;
        ok = _("Đã thêm bản quét (được mã hóa).");
    }
#undef F
    web_after_post(c, back, rc, &e, ok);
}

static void h_scan(ctx *c)
{
    web_err e = {0};
    size_t n = 0;
    const char *mime = NULL;
    void *p = pet_scan_get(c, req_param_id(c->rq, "id"), req_param_id(c->rq, "fid"), &n, &mime, &e);
    if (!p) {
        web_err_respond(c, &e);
        return;
    }
    c->rs->status = 200;
    resp_header(c->a, c->rs, "Content-Type", mime);
    resp_header(c->a, c->rs, "X-Content-Type-Options", "nosniff");
    resp_header(c->a, c->rs, "Cache-Control", "private, no-store");
    resp_header(c->a, c->rs, "Content-Security-Policy", "default-src 'none'; sandbox");
    resp_header(c->a, c->rs, "Content-Disposition", "inline; filename=\"ban-quet\"");
    sb_add(&c->rs->body, p, n);
    free(p);
}

void pet_web_routes(void)
{
    route_add("GET", "/petitions", h_list, 0);
    route_add("POST", "/petitions", h_create, 0);
    route_add("GET", "/petitions/new", h_new, 0);
    pet_pages_routes(); /* /petitions/rules, /petitions/report: literals before {id} */
    route_add("GET", "/petitions/{id}", pet_show, 0);
    static const char *const acts[] = {"classify", "screen",   "assign", "accept",
                                       "return",   "transfer", "file",   "extend",
                                       "result",   "close",    "scans",  NULL};
    char pat[64]; /* the router copies its patterns */
    for (int i = 0; acts[i]; i++) {
        snprintf(pat, sizeof pat, "/petitions/{id}/%s", acts[i]);
        route_add("POST", pat, h_action, 0);
    }
    route_add("GET", "/petitions/{id}/scans/{fid}", h_scan, 0);
}
