/* Pages of legal holds and of one archived dossier (issue 19): /archives/holds (the holds in
 * force, each with who placed it, when and why, and the lift form for whom may lift),
 * /archives/dossiers/{id} (the dossier in the archive: its state, files with page count and
 * SHA-256, its holds in force and lifted, the place and lift forms) and /archives/fixity (the
 * runs of the scheduled fixity check). The rules live in the service (archives.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "archives/archives.h"
#include "archives/archives_impl.h"
#include "base/i18n.h"
#include "http/router.h"
#include "web/dates.h"
#include "web/errors.h"
#include "web/forms.h"
#include "web/layout.h"
#include "web/params.h"
#include "web/respond.h"

#define B(c) (&(c)->rs->body)

static const char *vn(ctx *c, const char *iso)
{
    return iso && *iso ? web_date_vn(c, iso) : "";
}

static void lift_form(ctx *c, const ar_hold *h, const char *from)
{
    const char *key = arena_printf(c->a, "/archives/holds/%lld/lift", (long long)h->id);
    html_printf(B(c), "<form method=\"post\" action=\"%s\" class=\"ar-lift\">", key);
    form_csrf(c);
    html_printf(B(c), "<input type=\"hidden\" name=\"from\" value=\"%s\">", from);
    form_field_html(c, key,
                    &(form_field){.name = "reason",
                                  .label = _("Lý do gỡ lệnh giữ"),
                                  .id = arena_printf(c->a, "f-lift-%lld", (long long)h->id)});
    html_printf(B(c), "<button type=\"submit\">%s</button></form>", _("Gỡ lệnh giữ"));
}

/* The holds as a table; dossier links on the list page, lift forms where the user may. */
static void holds_table(ctx *c, const ar_hold *h, int n, bool list)
{
    bool lift = archives_may_lift(c);
    html_printf(B(c),
                "<div class=\"table-wrap\"><table class=\"ar-list ar-holds\"><thead><tr>"
                "%s<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th class=\"no-print\">%s</th>"
                "</tr></thead><tbody>",
                list ? arena_printf(c->a, "<th>%s</th>", _("Hồ sơ")) : "", _("Lý do giữ"),
                _("Người đặt"), _("Ngày đặt"), _("Tình trạng"), _("Thao tác"));
    for (int i = 0; i < n; i++) {
        html_raw(B(c), "<tr>");
        if (list)
            html_printf(B(c), "<td><a href=\"/archives/dossiers/%lld\">%s</a> — %s</td>",
                        (long long)h[i].dossier_id, h[i].code, h[i].title);
        html_printf(B(c), "<td>%s</td><td>%s</td><td class=\"date\">%s</td><td>", h[i].reason,
                    h[i].placed_by, vn(c, h[i].placed_at));
        if (h[i].lifted_at)
            html_printf(B(c), "%s: %s, %s. %s: %s", _("Đã gỡ"), vn(c, h[i].lifted_at),
                        h[i].lifted_by ? h[i].lifted_by : "", _("Lý do"),
                        h[i].lift_reason ? h[i].lift_reason : "");
        else
            html_printf(B(c), "<span class=\"mark mark-due\">%s</span>", _("Đang giữ"));
        html_raw(B(c), "</td><td class=\"no-print\">");
        if (!h[i].lifted_at && lift)
            lift_form(c, &h[i], list ? "list" : "dossier");
        html_raw(B(c), "</td></tr>");
    }
    if (!n)
        html_printf(B(c), "<tr><td colspan=\"%d\">%s</td></tr>", list ? 6 : 5,
                    _("Không có lệnh giữ nào."));
    html_raw(B(c), "</tbody></table></div>");
}

static void h_holds(ctx *c)
{
    if (!c->user || !archives_may_hold(c)) {
        respond_forbidden(c);
        return;
    }
    ar_hold *h;
    int n = archives_holds_list(c, 0, &h);
    page_begin(c, _("Lệnh giữ hồ sơ"), "archives");
    html_printf(B(c),
                "<h1>%s</h1><p class=\"ar-links no-print\"><a href=\"/archives\">%s</a> · <a "
                "href=\"/archives/holds.xlsx\">%s</a> · <button type=\"button\" "
                "class=\"secondary\" data-print>%s</button></p><p class=\"hint\">%s</p>",
                _("Lệnh giữ hồ sơ đang hiệu lực"), _("Về trang lưu trữ"), _("Tải tệp Excel"),
                _("In danh sách"),
                _("Hồ sơ đang có lệnh giữ không được tiêu hủy cho đến khi lệnh được gỡ. Đặt "
                  "lệnh giữ từ trang hồ sơ lưu trữ."));
    html_raw(B(c), "<section class=\"panel\" id=\"ar-holds\">");
    holds_table(c, h, n < 0 ? 0 : n, true);
    html_raw(B(c), "</section>");
    page_end(c);
}

static const char *state_label(const char *s)
{
    if (!s)
        return _("Chưa giao nộp");
    if (strcmp(s, "current") == 0)
        return _("Lưu trữ cơ quan");
    if (strcmp(s, "historical") == 0)
        return _("Đã nộp lưu trữ lịch sử");
    return _("Đã tiêu hủy");
}

static void h_dossier(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    ar_dossier d;
    if (!c->user || archives_dossier_view(c, id, &d) != 0) {
        respond_not_found(c);
        return;
    }
    page_begin(c, d.title, "archives");
    html_printf(B(c),
                "<h1>%s</h1><p class=\"ar-links no-print\"><a href=\"/archives\">%s</a> · <a "
                "href=\"/archives/holds\">%s</a> · <a href=\"/dossiers/%lld\">%s</a></p>"
                "<dl class=\"ar-case\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt>"
                "<dd>%s</dd><dt>%s</dt><dd id=\"ar-dossier-state\">%s</dd><dt>%s</dt><dd>%s</dd>"
                "<dt>%s</dt><dd>%s</dd>",
                d.title, _("Về trang lưu trữ"), _("Lệnh giữ hồ sơ"), (long long)d.id, _("Mở hồ sơ"),
                _("Số, ký hiệu"), d.code, _("Đơn vị"), d.unit_name, _("Thời hạn bảo quản"),
                d.retention_years <= 0 ? _("Vĩnh viễn")
                                       : arena_printf(c->a, _("%d năm"), d.retention_years),
                _("Tình trạng"), state_label(d.state), _("Ngày kết thúc"), vn(c, d.closed_on),
                _("Ngày nộp lưu"), vn(c, d.deposited_on));
    ar_file *f;
    int nf = archives_dossier_files(c, id, &f);
    int pages = 0;
    for (int i = 0; i < nf; i++)
        pages += f[i].pages > 0 ? f[i].pages : 0;
    html_printf(B(c), "<dt>%s</dt><dd>%d</dd><dt>%s</dt><dd id=\"ar-pages\">%d</dd></dl>",
                _("Số văn bản"), d.doc_count, _("Số trang"), pages);
    html_printf(B(c),
                "<section class=\"panel\" id=\"ar-files\"><h2>%s</h2><div class=\"table-wrap\">"
                "<table class=\"ar-list\"><thead><tr><th>%s</th><th>%s</th><th>%s</th>"
                "<th>%s</th></tr></thead><tbody>",
                _("Tệp của hồ sơ"), _("Tên tệp"), _("Số trang"), _("Dung lượng (byte)"),
                _("Mã kiểm tra SHA-256"));
    for (int i = 0; i < nf; i++)
        html_printf(B(c),
                    "<tr><td>%s</td><td class=\"num\">%s</td><td class=\"num\">%lld</td>"
                    "<td class=\"ar-sha\"><code>%s</code></td></tr>",
                    f[i].filename,
                    f[i].pages >= 0 ? arena_printf(c->a, "%d", f[i].pages) : _("chưa đếm"),
                    (long long)f[i].size, f[i].sha256);
    if (nf <= 0)
        html_printf(B(c), "<tr><td colspan=\"4\">%s</td></tr>", _("Hồ sơ không có tệp."));
    html_raw(B(c), "</tbody></table></div></section>");
    ar_hold *h;
    int nh = archives_holds_list(c, id, &h);
    html_printf(B(c), "<section class=\"panel\" id=\"ar-dossier-holds\"><h2>%s</h2>",
                _("Lệnh giữ hồ sơ (không được tiêu hủy)"));
    holds_table(c, h, nh < 0 ? 0 : nh, false);
    if (d.state && strcmp(d.state, "destroyed") != 0) {
        const char *key = arena_printf(c->a, "/archives/dossiers/%lld/holds", (long long)id);
        html_printf(B(c), "<form method=\"post\" action=\"%s\" class=\"no-print\">", key);
        form_csrf(c);
        form_field_html(c, key,
                        &(form_field){.name = "reason",
                                      .label = _("Lý do giữ"),
                                      .id = "f-hold-reason",
                                      .type = "textarea",
                                      .rows = 2});
        html_printf(B(c), "<button type=\"submit\">%s</button></form>", _("Đặt lệnh giữ"));
    }
    html_raw(B(c), "</section>");
    page_end(c);
}

static void h_place(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    ar_result r = {0};
    int64_t h = archives_hold_place(c, id, req_form(c->rq, "reason"), &r);
    web_after_post_field(c, arena_printf(c->a, "/archives/dossiers/%lld", (long long)id),
                         h > 0 ? 0 : -1, r.status, r.err, r.field ? r.field : "reason",
                         _("Đã đặt lệnh giữ: hồ sơ không bị tiêu hủy cho đến khi gỡ lệnh."));
}

static void h_lift(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    ar_result r = {0};
    /* Back to where the form was: the list, or the dossier of the hold. */
    const char *from = req_form(c->rq, "from");
    const char *back = "/archives/holds";
    if (!from || strcmp(from, "list") != 0) {
        ar_hold *all;
        int n = archives_holds_list(c, 0, &all);
        for (int i = 0; i < n; i++)
            if (all[i].id == id)
                back = arena_printf(c->a, "/archives/dossiers/%lld", (long long)all[i].dossier_id);
    }
    int rc = archives_hold_lift(c, id, req_form(c->rq, "reason"), &r);
    web_after_post_field(c, back, rc, r.status, r.err, r.field ? r.field : "reason",
                         _("Đã gỡ lệnh giữ hồ sơ."));
}

static void h_fixity_post(ctx *c)
{
    ar_result r = {0};
    int rc = archives_fixity_request(c, &r);
    web_after_post_field(c, "/archives/fixity", rc, r.status, r.err, NULL,
                         _("Đã yêu cầu kiểm tra toàn vẹn; kết quả hiện ở đây khi chạy xong."));
}

/* The panel of the archive page (archives_web.c) and the page of runs share this table. */
void archives_fixity_table(ctx *c, const ar_fixity_run *v, int n)
{
    html_printf(B(c),
                "<div class=\"table-wrap\"><table class=\"ar-list\"><thead><tr><th>%s</th>"
                "<th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
                _("Thời điểm kiểm tra"), _("Số tệp đã kiểm tra"), _("Số tệp lỗi"),
                _("Tệp thiếu hoặc bị thay đổi"));
    for (int i = 0; i < n; i++) {
        html_printf(B(c),
                    "<tr class=\"%s\"><td class=\"date\">%s</td><td class=\"num\">%d</td>"
                    "<td class=\"num\">%d</td><td>",
                    v[i].failures ? "overdue" : "", web_date_vn(c, v[i].started_at), v[i].checked,
                    v[i].failures);
        json_t *j = json_loads(v[i].failed, 0, NULL);
        size_t k;
        json_t *x;
        json_array_foreach(j, k, x)
            html_printf(B(c), "<div>%s — %s <code class=\"ar-sha\">%s</code></div>",
                        json_string_value(json_object_get(x, "code")),
                        json_string_value(json_object_get(x, "filename")),
                        json_string_value(json_object_get(x, "sha256")));
        json_decref(j);
        if (!v[i].failures)
            html_printf(B(c), "%s", _("Toàn vẹn"));
        html_raw(B(c), "</td></tr>");
    }
    if (n <= 0)
        html_printf(B(c), "<tr><td colspan=\"4\">%s</td></tr>", _("Chưa có lần kiểm tra nào."));
    html_raw(B(c), "</tbody></table></div>");
}

static void h_fixity(ctx *c)
{
    if (!c->user || !archives_may_hold(c)) {
        respond_forbidden(c);
        return;
    }
    ar_fixity_run *v;
    int n = archives_fixity_runs(c, 100, &v);
    page_begin(c, _("Kiểm tra toàn vẹn kho lưu trữ"), "archives");
    html_printf(B(c),
                "<h1>%s</h1><p class=\"ar-links no-print\"><a href=\"/archives\">%s</a> · "
                "<button type=\"button\" class=\"secondary\" data-print>%s</button></p>"
                "<p class=\"hint\">%s</p>",
                _("Kiểm tra toàn vẹn kho lưu trữ"), _("Về trang lưu trữ"), _("In danh sách"),
                _("Mỗi tệp của hồ sơ lưu trữ được đọc lại và so mã SHA-256 theo chu kỳ "
                  "archives.fixity_days (mặc định 7 ngày)."));
    if (archives_is_archivist(c)) {
        html_raw(B(c), "<form method=\"post\" action=\"/archives/fixity\" class=\"no-print\">");
        form_csrf(c);
        html_printf(B(c), "<button type=\"submit\">%s</button></form>", _("Kiểm tra ngay"));
    }
    html_raw(B(c), "<section class=\"panel\" id=\"ar-fixity-runs\">");
    archives_fixity_table(c, v, n < 0 ? 0 : n);
    html_raw(B(c), "</section>");
    page_end(c);
}

void archives_holds_xlsx(ctx *c); /* archives_xlsx.c */
void archives_holds_api_routes(void);

void archives_holds_web_routes(void)
{
    route_add("GET", "/archives/holds", h_holds, 0);
    route_add("GET", "/archives/holds.xlsx", archives_holds_xlsx, 0);
    route_add("GET", "/archives/dossiers/{id}", h_dossier, 0);
    route_add("POST", "/archives/dossiers/{id}/holds", h_place, 0);
    route_add("POST", "/archives/holds/{id}/lift", h_lift, 0);
    route_add("GET", "/archives/fixity", h_fixity, 0);
    route_add("POST", "/archives/fixity", h_fixity_post, 0);
    archives_holds_api_routes();
}
