/* Pages of disposal and holds: /archives/disposals (the cases, the proposal form with the
 * valuation council, the legal-hold form) and /archives/disposals/{id} (the case: the extra
 * approval for secret dossiers, "Tạo quyết định hủy" into the outgoing flow, the head's
 * decision, execution, the destruction minutes printable). Rules live in the service. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "archives/archives.h"
#include "archives/archives_impl.h"
#include "base/i18n.h"
#include "http/router.h"
#include "outgoing/outgoing.h"
#include "web/dates.h"
#include "web/errors.h"
#include "web/forms.h"
#include "web/layout.h"
#include "web/params.h"
#include "web/respond.h"

#define B(c) (&(c)->rs->body)
#define CASE_KEY "/archives/disposals"
#define HOLD_KEY "/archives/holds"
#define COUNCIL_ROWS 5

static const char *case_status(const char *s)
{
    if (strcmp(s, "proposed") == 0)
        return _("Chờ quyết định");
    if (strcmp(s, "approved") == 0)
        return _("Đã quyết định tiêu hủy");
    if (strcmp(s, "rejected") == 0)
        return _("Không tiêu hủy");
    return _("Đã tiêu hủy");
}

/* approve: -1 none, else the hidden approve field of the decision. */
static void post_button(ctx *c, const char *action, const char *label, int approve)
{
    html_printf(B(c), "<form method=\"post\" action=\"%s\" class=\"ar-action\">", action);
    form_csrf(c);
    if (approve >= 0)
        html_printf(B(c), "<input type=\"hidden\" name=\"approve\" value=\"%d\">", approve);
    html_printf(B(c), "<button type=\"submit\">%s</button></form>", label);
}

static void h_cases(ctx *c)
{
    if (!c->user || (!archives_is_archivist(c) && !ar_may_decide(c))) {
        respond_forbidden(c);
        return;
    }
    page_begin(c, _("Tiêu hủy tài liệu hết giá trị"), "archives");
    html_printf(B(c), "<h1>%s</h1><p class=\"ar-links\"><a href=\"/archives\">%s</a></p>",
                _("Tiêu hủy tài liệu hết giá trị"), _("Về trang lưu trữ"));
    ar_case *k;
    int nk = archives_case_list(c, &k);
    html_printf(B(c),
                "<section class=\"panel\" id=\"ar-cases\"><h2>%s</h2><div class=\"table-wrap\">"
                "<table class=\"ar-list\"><thead><tr><th>%s</th><th>%s</th><th>%s</th></tr>"
                "</thead><tbody>",
                _("Các đề nghị tiêu hủy"), _("Ngày đề nghị"), _("Số hồ sơ"), _("Tình trạng"));
    for (int i = 0; i < nk; i++)
        html_printf(B(c),
                    "<tr><td class=\"date\"><a href=\"/archives/disposals/%lld\">%s</a></td>"
                    "<td class=\"num\">%d</td><td>%s</td></tr>",
                    (long long)k[i].id, web_date_vn(c, k[i].created_at), k[i].n_dossiers,
                    case_status(k[i].status));
    if (nk <= 0)
        html_printf(B(c), "<tr><td colspan=\"3\">%s</td></tr>", _("Chưa có đề nghị nào."));
    html_raw(B(c), "</tbody></table></div></section>");
    if (!archives_is_archivist(c)) {
        page_end(c);
        return;
    }
    ar_dossier *rows;
    int n = archives_disposal_candidates(c, &rows);
    if (n < 0)
        n = 0;
    html_printf(B(c),
                "<section class=\"panel\" id=\"ar-propose\"><h2>%s</h2><form method=\"post\" "
                "action=\"" CASE_KEY "\"><fieldset id=\"f-dossier_ids\"><legend>%s</legend>",
                _("Đề nghị tiêu hủy"), _("Hồ sơ hết thời hạn bảo quản"));
    form_csrf(c);
    for (int i = 0; i < n; i++) {
        const char *v = arena_printf(c->a, "%lld", (long long)rows[i].id);
        html_printf(B(c),
                    "<label class=\"ar-pick\"><input type=\"checkbox\" name=\"dossier_id\" "
                    "value=\"%s\"%s> %s — %s%s</label>",
                    v, form_has(c, CASE_KEY, "dossier_id", v) ? " checked" : "", rows[i].code,
                    rows[i].title, rows[i].held ? _(" (đang giữ)") : "");
    }
    if (!n)
        html_printf(B(c), "<p>%s</p>", _("Không có hồ sơ nào hết thời hạn bảo quản."));
    form_err_html(c, CASE_KEY, "dossier_ids", "f-dossier_ids");
    html_printf(B(c),
                "</fieldset><fieldset id=\"f-council\"><legend>%s</legend><p class=\"hint\">%s"
                "</p>",
                _("Hội đồng xác định giá trị tài liệu"),
                _("Ít nhất 3 thành viên: họ tên và chức vụ."));
    for (int i = 1; i <= COUNCIL_ROWS; i++) {
        const char *fn = arena_printf(c->a, "name_%d", i),
                   *fp = arena_printf(c->a, "position_%d", i);
        html_printf(B(c),
                    "<div class=\"ar-council\"><label>%s <input name=\"%s\" value=\"%s\"></label>"
                    " <label>%s <input name=\"%s\" value=\"%s\"></label></div>",
                    arena_printf(c->a, _("Thành viên %d"), i), fn, form_val(c, CASE_KEY, fn, ""),
                    _("Chức vụ"), fp, form_val(c, CASE_KEY, fp, ""));
    }
    form_err_html(c, CASE_KEY, "council", "f-council");
    html_printf(B(c), "</fieldset><button type=\"submit\">%s</button></form></section>",
                _("Gửi đề nghị tiêu hủy"));
    /* The legal hold: placed on any archived dossier by its code in the list above. */
    html_printf(B(c),
                "<section class=\"panel\" id=\"ar-hold\"><h2>%s</h2><form method=\"post\" "
                "action=\"" HOLD_KEY "\">",
                _("Lệnh giữ hồ sơ (không được tiêu hủy)"));
    form_csrf(c); /* before the select: an input inside one closes it */
    html_printf(B(c),
                "<div class=\"field\"><label for=\"f-hold-dossier\">%s</label><select "
                "id=\"f-hold-dossier\" name=\"dossier_id\">",
                _("Hồ sơ"));
    const char *sel = form_val(c, HOLD_KEY, "dossier_id", "");
    for (int i = 0; i < n; i++) {
        const char *v = arena_printf(c->a, "%lld", (long long)rows[i].id);
        html_printf(B(c), "<option value=\"%s\"%s>%s — %s</option>", v,
                    strcmp(sel, v) == 0 ? " selected" : "", rows[i].code, rows[i].title);
    }
    html_raw(B(c), "</select>");
    form_err_html(c, HOLD_KEY, "dossier_id", "f-hold-dossier");
    html_raw(B(c), "</div>");
    form_field_html(
        c, HOLD_KEY,
        &(form_field){.name = "reason", .label = _("Lý do giữ"), .id = "f-hold-reason"});
    html_printf(B(c), "<button type=\"submit\">%s</button></form></section>", _("Đặt lệnh giữ"));
    page_end(c);
}

static void h_case_post(ctx *c)
{
    int64_t ids[1000];
    int n = 0;
    const kvlist *f = &c->rq->form;
    for (size_t i = 0; i < f->n && n < 1000; i++)
        if (strcmp(f->v[i].name, "dossier_id") == 0) {
            int64_t id;
            if (param_int(f->v[i].value, 1, INT64_MAX, &id) == 0)
                ids[n++] = id;
        }
    json_t *council = json_array();
    for (int i = 1; i <= COUNCIL_ROWS; i++) {
        const char *nm = req_form(c->rq, arena_printf(c->a, "name_%d", i));
        const char *ps = req_form(c->rq, arena_printf(c->a, "position_%d", i));
        if ((nm && *nm) || (ps && *ps))
            json_array_append_new(
                council, json_pack("{s:s, s:s}", "name", nm ? nm : "", "position", ps ? ps : ""));
    }
    char *cj = json_dumps(council, JSON_COMPACT);
    json_decref(council);
    ar_result r = {0};
    int64_t id = archives_case_propose(c, ids, n, cj, 0, &r);
    free(cj);
    const char *back =
        id > 0 ? arena_printf(c->a, "/archives/disposals/%lld", (long long)id) : CASE_KEY;
    web_after_post_field(c, back, id > 0 ? 0 : -1, r.status, r.err, r.field,
                         _("Đã gửi đề nghị tiêu hủy; chờ người đứng đầu quyết định."));
}

static void h_hold_post(ctx *c)
{
    int64_t id = 0;
    const char *d = req_form(c->rq, "dossier_id");
    if (!d || param_int(d, 1, INT64_MAX, &id) != 0)
        id = 0; /* the service refuses it (after the permission check) */
    ar_result r = {0};
    int64_t h = archives_hold_place(c, id, req_form(c->rq, "reason"), &r);
    /* A dossier that is not in the archive is a wrong choice in the form, not a missing page. */
    if (h < 0 && r.status == 404)
        r.status = 422;
    web_after_post_field(c, CASE_KEY, h > 0 ? 0 : -1, r.status, r.err, r.field ? r.field : "reason",
                         _("Đã đặt lệnh giữ: hồ sơ không bị tiêu hủy cho đến khi gỡ lệnh."));
}

static void h_case(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    ar_case k;
    ar_dossier *rows;
    int n = 0;
    if (!c->user || archives_case_get(c, id, &k, &rows, &n) != 0) {
        respond_not_found(c);
        return;
    }
    page_begin(c, _("Đề nghị tiêu hủy"), "archives");
    html_printf(B(c),
                "<h1>%s</h1><p class=\"ar-links\"><a href=\"/archives/disposals\">%s</a></p>"
                "<dl class=\"ar-case\"><dt>%s</dt><dd id=\"ar-case-status\">%s</dd><dt>%s</dt>"
                "<dd>%s</dd>",
                _("Đề nghị tiêu hủy tài liệu hết giá trị"), _("Các đề nghị tiêu hủy"),
                _("Tình trạng"), case_status(k.status), _("Ngày đề nghị"),
                web_date_vn(c, k.created_at));
    if (k.secret)
        html_printf(B(c), "<dt>%s</dt><dd>%s</dd>", _("Tài liệu mật"),
                    k.secret_ok ? _("Thường trực cấp ủy đã phê duyệt thêm")
                                : _("Cần Thường trực cấp ủy phê duyệt thêm"));
    html_printf(B(c), "<dt>%s</dt><dd id=\"ar-decision\">", _("Quyết định tiêu hủy"));
    if (k.decision_doc_id > 0)
        html_printf(B(c), "<a href=\"/outgoing/%lld\">%s</a> — %s", (long long)k.decision_doc_id,
                    k.decision_label ? k.decision_label : _("Văn bản đi"),
                    k.decision_issued ? _("đã ban hành") : _("chưa ban hành"));
    else
        html_printf(B(c), "%s", _("Chưa có"));
    html_raw(B(c), "</dd>");
    /* The destruction minutes: a bien_ban of the outgoing flow, numbered when issued. */
    int64_t mdoc = archives_case_minutes_doc(c->db, id);
    if (mdoc > 0) {
        const outgoing *mo = outgoing_get(c, mdoc);
        html_printf(B(c), "<dt>%s</dt><dd id=\"ar-minutes-doc\"><a href=\"/outgoing/%lld\">%s</a>",
                    _("Biên bản tiêu hủy"), (long long)mdoc,
                    mo && mo->notation ? mo->notation : _("Biên bản (dự thảo)"));
        if (mo)
            html_printf(B(c), " — %s",
                        mo->status == OUT_ISSUED ? _("đã ban hành") : _("chưa ban hành"));
        html_raw(B(c), "</dd>");
    }
    html_raw(B(c), "</dl>");
    /* The council. */
    json_t *cj = json_loads(k.council, 0, NULL);
    html_printf(B(c), "<section class=\"panel\"><h2>%s</h2><ul>",
                _("Hội đồng xác định giá trị tài liệu"));
    size_t i;
    json_t *m;
    json_array_foreach(cj, i, m)
        html_printf(B(c), "<li>%s — %s</li>", json_string_value(json_object_get(m, "name")),
                    json_string_value(json_object_get(m, "position")));
    html_raw(B(c), "</ul></section>");
    json_decref(cj);
    html_printf(B(c),
                "<section class=\"panel\"><h2>%s</h2><div class=\"table-wrap\"><table "
                "class=\"ar-list\"><thead><tr><th>%s</th><th>%s</th><th>%s</th></tr>"
                "</thead><tbody>",
                _("Hồ sơ đề nghị tiêu hủy"), _("Số, ký hiệu"), _("Tiêu đề hồ sơ"), _("Tình trạng"));
    for (int j = 0; j < n; j++)
        html_printf(B(c), "<tr><td>%s</td><td>%s</td><td>%s</td></tr>", rows[j].code, rows[j].title,
                    rows[j].state && strcmp(rows[j].state, "destroyed") == 0 ? _("Đã tiêu hủy")
                    : rows[j].held                                           ? _("Đang giữ")
                                   : _("Lưu trữ cơ quan"));
    html_raw(B(c), "</tbody></table></div></section>");
    const char *base = arena_printf(c->a, "/archives/disposals/%lld", (long long)id);
    bool proposed = strcmp(k.status, "proposed") == 0;
    html_raw(B(c), "<section class=\"panel ar-actions\">");
    if (proposed && k.secret && !k.secret_ok && c->user->role == ROLE_COMMITTEE_LEADER)
        post_button(c, arena_printf(c->a, "%s/approve-secret", base),
                    _("Phê duyệt thêm (tài liệu mật)"), -1);
    if (proposed && k.decision_doc_id <= 0)
        post_button(c, arena_printf(c->a, "%s/decision-draft", base), _("Tạo quyết định hủy"), -1);
    if (proposed && ar_may_decide(c)) {
        post_button(c, arena_printf(c->a, "%s/decide", base), _("Quyết định tiêu hủy"), 1);
        post_button(c, arena_printf(c->a, "%s/decide", base), _("Không tiêu hủy"), 0);
    }
    if (strcmp(k.status, "approved") == 0 && archives_is_archivist(c))
        post_button(c, arena_printf(c->a, "%s/execute", base), _("Thực hiện tiêu hủy"), -1);
    if (strcmp(k.status, "executed") == 0 && mdoc <= 0 && archives_is_archivist(c))
        post_button(c, arena_printf(c->a, "%s/minutes-draft", base), _("Lập biên bản tiêu hủy"),
                    -1);
    html_raw(B(c), "</section>");
    if (*k.minutes)
        html_printf(B(c),
                    "<section class=\"panel ar-minutes\" id=\"ar-minutes\"><h2>%s</h2><pre>%s"
                    "</pre><button type=\"button\" onclick=\"window.print()\">%s</button>"
                    "</section>",
                    _("Biên bản tiêu hủy"), k.minutes, _("In biên bản"));
    page_end(c);
}

static void h_case_action(ctx *c, const char *what)
{
    int64_t id = req_param_id(c->rq, "id");
    const char *back = arena_printf(c->a, "/archives/disposals/%lld", (long long)id);
    ar_result r = {0};
    int rc = -1;
    const char *ok = NULL;
    if (strcmp(what, "secret") == 0) {
        rc = archives_case_approve_secret(c, id, &r);
        ok = _("Đã phê duyệt thêm.");
    } else if (strcmp(what, "draft") == 0) {
        int64_t oid = archives_case_decision_draft(c, id, &r);
        if (oid > 0) {
            page_flash_set(c, _("Đã tạo dự thảo quyết định tiêu hủy trong văn bản đi."));
            respond_redirect(c, arena_printf(c->a, "/outgoing/%lld", (long long)oid));
            return;
        }
    } else if (strcmp(what, "minutes") == 0) {
        int64_t oid = archives_case_minutes_draft(c, id, &r);
        if (oid > 0) {
            page_flash_set(c, _("Đã lập biên bản tiêu hủy trong văn bản đi."));
            respond_redirect(c, arena_printf(c->a, "/outgoing/%lld", (long long)oid));
            return;
        }
    } else if (strcmp(what, "decide") == 0) {
        const char *a = req_form(c->rq, "approve");
        bool approve = a && strcmp(a, "1") == 0;
        rc = archives_case_decide(c, id, approve, 0, &r);
        ok = approve ? _("Đã quyết định tiêu hủy.") : _("Đã quyết định không tiêu hủy.");
    } else {
        rc = archives_case_execute(c, id, &r) >= 0 ? 0 : -1;
        ok = _("Đã thực hiện tiêu hủy; biên bản tiêu hủy đã được lập trong văn bản đi.");
    }
    web_after_post_field(c, back, rc < 0 ? -1 : 0, r.status, r.err, NULL, ok);
}

static void h_secret(ctx *c)
{
    h_case_action(c, "secret");
}
static void h_draft(ctx *c)
{
    h_case_action(c, "draft");
}
static void h_decide(ctx *c)
{
    h_case_action(c, "decide");
}
static void h_execute(ctx *c)
{
    h_case_action(c, "execute");
}
static void h_minutes(ctx *c)
{
    h_case_action(c, "minutes");
}

void archives_cases_web_routes(void)
{
    route_add("GET", "/archives/disposals", h_cases, 0);
    route_add("POST", "/archives/disposals", h_case_post, 0);
    route_add("GET", "/archives/disposals/{id}", h_case, 0);
    route_add("POST", "/archives/disposals/{id}/approve-secret", h_secret, 0);
    route_add("POST", "/archives/disposals/{id}/decision-draft", h_draft, 0);
    route_add("POST", "/archives/disposals/{id}/decide", h_decide, 0);
    route_add("POST", "/archives/disposals/{id}/execute", h_execute, 0);
    route_add("POST", "/archives/disposals/{id}/minutes-draft", h_minutes, 0);
    route_add("POST", "/archives/holds", h_hold_post, 0);
}
