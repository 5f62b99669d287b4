/* Pages of the archive: /archives (due hand-overs with the batch form, batches, the
 * historical and disposal lists for the archivist), /archives/batches/{id} (the biên bản giao
 * nhận and list, printed twice), /archives/reading-room (search and access requests), and the
 * home section of overdue hand-overs. Rules live in the service (archives.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archives/archives.h"
#include "archives/archives_impl.h"
#include "base/i18n.h"
#include "http/router.h"
#include "web/dates.h"
#include "web/layout.h"
#include "web/params.h"
#include "web/respond.h"

#define B(c) (&(c)->rs->body)

void archives_access_form(ctx *c, const ar_dossier *rows, int n);  /* archives_room_web.c */
void archives_fixity_table(ctx *c, const ar_fixity_run *v, int n); /* archives_holds_web.c */

static const char *vn(ctx *c, const char *iso)
{
    return iso && *iso ? web_date_vn(c, iso) : "";
}

static const char *ret_label(ctx *c, int years)
{
    return years <= 0 ? _("Vĩnh viễn") : arena_printf(c->a, _("%d năm"), years);
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

/* A table of dossiers; with_pick adds the checkbox column of the batch form. */
static void dossier_table(ctx *c, const ar_dossier *rows, int n, bool with_pick, bool with_due)
{
    bool may_view = archives_may_hold(c); /* the archive's page of a deposited dossier */
    html_printf(B(c),
                "<div class=\"table-wrap\"><table class=\"ar-list\"><thead><tr>%s<th>%s</th>"
                "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
                with_pick ? "<th></th>" : "", _("Số, ký hiệu"), _("Tiêu đề hồ sơ"), _("Đơn vị"),
                _("Thời hạn bảo quản"), with_due ? _("Hạn giao nộp") : _("Ngày kết thúc"),
                _("Tình trạng"));
    for (int i = 0; i < n; i++) {
        const ar_dossier *d = &rows[i];
        html_printf(B(c), "<tr class=\"%s\">", d->overdue ? "overdue" : "");
        if (with_pick)
            html_printf(B(c),
                        "<td><input type=\"checkbox\" name=\"dossier_id\" value=\"%lld\" "
                        "aria-label=\"%s\"></td>",
                        (long long)d->id, d->code);
        html_printf(B(c),
                    "<td>%s</td><td><a href=\"/%s/%lld\">%s</a></td><td>%s</td><td>%s</td>"
                    "<td class=\"date\">%s</td><td>",
                    d->code, d->state && may_view ? "archives/dossiers" : "dossiers",
                    (long long)d->id, d->title, d->unit_name ? d->unit_name : "",
                    ret_label(c, d->retention_years), vn(c, with_due ? d->due : d->closed_on));
        if (d->overdue)
            html_printf(B(c), "<span class=\"mark mark-overdue\">%s</span> ", _("Quá hạn"));
        if (d->held)
            html_printf(B(c), "<span class=\"mark mark-due\">%s</span> ", _("Đang giữ"));
        html_printf(B(c), "%s</td></tr>", state_label(d->state));
    }
    if (!n)
        html_printf(B(c), "<tr><td colspan=\"%d\">%s</td></tr>", with_pick ? 7 : 6,
                    _("Không có hồ sơ nào."));
    html_raw(B(c), "</tbody></table></div>");
}

static void h_index(ctx *c)
{
    if (!c->user) {
        respond_forbidden(c);
        return;
    }
    bool arch = archives_is_archivist(c);
    page_begin(c, _("Lưu trữ"), "archives");
    html_printf(B(c), "<h1>%s</h1><p class=\"ar-links\"><a href=\"/archives/reading-room\">%s</a>",
                _("Lưu trữ hồ sơ"), _("Phòng đọc: tra cứu hồ sơ lưu trữ"));
    if (arch || ar_may_decide(c))
        html_printf(B(c), " · <a href=\"/archives/disposals\">%s</a>",
                    _("Tiêu hủy tài liệu hết giá trị"));
    if (arch)
        html_printf(B(c), " · <a href=\"/archives/access\">%s</a>",
                    _("Đề nghị khai thác chờ duyệt"));
    if (archives_may_hold(c))
        html_printf(B(c),
                    " · <a href=\"/archives/holds\">%s</a> · <a href=\"/archives/fixity\">%s</a>",
                    _("Lệnh giữ hồ sơ"), _("Kiểm tra toàn vẹn"));
    html_raw(B(c), "</p>");
    ar_dossier *rows;
    int n = archives_due_list(c, false, &rows);
    html_printf(B(c),
                "<section class=\"panel\" id=\"ar-due\"><h2>%s</h2><p class=\"hint\">%s</p>"
                "<form method=\"post\" action=\"/archives/batches\">",
                _("Hồ sơ đến hạn giao nộp vào lưu trữ cơ quan"),
                _("Hồ sơ kết thúc trong năm phải giao nộp trước 31/12 năm sau (Nghị định "
                  "30/2020/NĐ-CP, Luật Lưu trữ 2024)."));
    form_csrf(c);
    html_printf(B(c),
                "<p class=\"ar-links no-print\"><a href=\"/archives/due.xlsx\">%s</a> · <button "
                "type=\"button\" class=\"secondary\" data-print>%s</button></p>",
                _("Tải tệp Excel"), _("In danh sách"));
    dossier_table(c, rows, n < 0 ? 0 : n, true, true);
    if (n > 0)
        html_printf(B(c),
                    "<input type=\"hidden\" name=\"to_archive\" value=\"current\"><button "
                    "type=\"submit\">%s</button>",
                    _("Lập biên bản giao nộp các hồ sơ đã chọn"));
    html_raw(B(c), "</form></section>");
    ar_batch *b;
    int nb = archives_batch_list(c, &b);
    html_printf(B(c),
                "<section class=\"panel\" id=\"ar-batches\"><h2>%s</h2><div "
                "class=\"table-wrap\"><table class=\"ar-list\"><thead><tr><th>%s</th><th>%s</th>"
                "<th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
                _("Các lần giao nộp"), _("Ngày lập"), _("Đơn vị giao"), _("Nơi nhận"),
                _("Số hồ sơ"), _("Tình trạng"));
    for (int i = 0; i < nb; i++)
        html_printf(B(c),
                    "<tr><td class=\"date\"><a href=\"/archives/batches/%lld\">%s</a></td>"
                    "<td>%s</td><td>%s</td><td class=\"num\">%d</td><td>%s</td></tr>",
                    (long long)b[i].id, vn(c, b[i].created_at), b[i].unit_name,
                    strcmp(b[i].to_archive, "current") == 0 ? _("Lưu trữ cơ quan")
                                                            : _("Lưu trữ lịch sử"),
                    b[i].n_dossiers,
                    strcmp(b[i].status, "draft") == 0 ? _("Chờ tiếp nhận") : _("Đã tiếp nhận"));
    if (nb <= 0)
        html_printf(B(c), "<tr><td colspan=\"5\">%s</td></tr>", _("Chưa có lần giao nộp nào."));
    html_raw(B(c), "</tbody></table></div></section>");
    if (arch) {
        n = archives_historical_due(c, &rows);
        /* Permanent dossiers go on to the historical archive within archives.historical_years
         * of their deposit: the archivist ticks them into a transfer batch (its list and
         * record, then its export package from the batch page). */
        html_printf(B(c),
                    "<section class=\"panel\" id=\"ar-historical\"><h2>%s</h2><p "
                    "class=\"hint\">%s</p><form method=\"post\" action=\"/archives/batches\">",
                    _("Hồ sơ vĩnh viễn đến hạn nộp lưu trữ lịch sử"),
                    _("Hồ sơ bảo quản vĩnh viễn nộp vào lưu trữ lịch sử trong 5 năm kể từ năm nộp "
                      "lưu vào lưu trữ cơ quan (Luật Lưu trữ 2024)."));
        form_csrf(c);
        dossier_table(c, rows, n < 0 ? 0 : n, true, true);
        if (n > 0)
            html_printf(B(c),
                        "<input type=\"hidden\" name=\"to_archive\" value=\"historical\"><button "
                        "type=\"submit\">%s</button>",
                        _("Lập biên bản nộp lưu trữ lịch sử các hồ sơ đã chọn"));
        html_raw(B(c), "</form></section>");
        n = archives_disposal_candidates(c, &rows);
        html_printf(B(c), "<section class=\"panel\" id=\"ar-disposal\"><h2>%s</h2>",
                    _("Hồ sơ hết thời hạn bảo quản (chờ Hội đồng xác định giá trị)"));
        dossier_table(c, rows, n < 0 ? 0 : n, false, false);
        html_raw(B(c), "</section>");
        ar_tombstone *t;
        int nt = archives_tombstones(c, &t);
        html_printf(
            B(c),
            "<section class=\"panel\" id=\"ar-tombstones\"><h2>%s</h2><p "
            "class=\"ar-links no-print\"><a href=\"/archives/tombstones.xlsx\">%s</a></p><div "
            "class=\"table-wrap\"><table class=\"ar-list\"><thead><tr><th>%s</th>"
            "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
            _("Hồ sơ đã tiêu hủy"), _("Tải tệp Excel"), _("Số, ký hiệu"), _("Tiêu đề hồ sơ"),
            _("Ngày tiêu hủy"), _("Người thực hiện"), _("Số tệp đã hủy"),
            _("Quyết định và biên bản"));
        for (int i = 0; i < nt; i++) {
            html_printf(B(c),
                        "<tr><td>%s</td><td>%s</td><td class=\"date\">%s</td><td>%s</td>"
                        "<td class=\"num\">%d</td><td><a href=\"/archives/disposals/%lld\">%s</a>",
                        t[i].code, t[i].title, vn(c, t[i].destroyed_at), t[i].destroyed_by,
                        t[i].files, (long long)t[i].case_id, _("Đợt tiêu hủy"));
            if (t[i].decision_doc_id > 0)
                html_printf(B(c), " · <a href=\"/outgoing/%lld\">%s</a>",
                            (long long)t[i].decision_doc_id, _("Quyết định"));
            if (t[i].minutes_doc_id > 0)
                html_printf(B(c), " · <a href=\"/outgoing/%lld\" class=\"ar-tomb-minutes\">%s</a>",
                            (long long)t[i].minutes_doc_id, _("Biên bản hủy"));
            html_raw(B(c), "</td></tr>");
        }
        if (nt <= 0)
            html_printf(B(c), "<tr><td colspan=\"6\">%s</td></tr>", _("Chưa tiêu hủy hồ sơ nào."));
        html_raw(B(c), "</tbody></table></div></section>");
    }
    if (archives_may_hold(c)) {
        /* The last run of the scheduled fixity check and what it found. */
        ar_fixity_run *fx;
        int nfx = archives_fixity_runs(c, 1, &fx);
        html_printf(B(c),
                    "<section class=\"panel\" id=\"ar-fixity\"><h2>%s</h2><p class=\"ar-links "
                    "no-print\"><a href=\"/archives/fixity\">%s</a></p>",
                    _("Kiểm tra toàn vẹn tệp lưu trữ (lần gần nhất)"), _("Các lần kiểm tra"));
        archives_fixity_table(c, fx, nfx < 0 ? 0 : nfx);
        html_raw(B(c), "</section>");
    }
    page_end(c);
}

static void h_batch_post(ctx *c)
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
    ar_result r = {0};
    const char *to = req_form(c->rq, "to_archive");
    int64_t id = archives_batch_create(c, to ? to : "current", ids, n, NULL, &r);
    if (id < 0 && (r.status == 403 || r.status == 404)) {
        r.status == 403 ? respond_forbidden(c) : respond_not_found(c);
        return;
    }
    if (id < 0) {
        page_flash_set(c, r.err);
        respond_redirect(c, "/archives");
        return;
    }
    page_flash_set(c, _("Đã lập biên bản giao nộp; chờ lưu trữ cơ quan tiếp nhận."));
    respond_redirect(c, arena_printf(c->a, "/archives/batches/%lld", (long long)id));
}

static void h_batch(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    const char *t = archives_batch_minutes(c, id);
    if (!t) {
        respond_not_found(c);
        return;
    }
    page_begin(c, _("Biên bản giao nhận hồ sơ"), "archives");
    html_printf(B(c), "<h1>%s</h1>", _("Biên bản giao nhận hồ sơ, tài liệu"));
    /* Two copies, one for each side (ND 30): printed one after the other. */
    for (int k = 1; k <= 2; k++)
        html_printf(B(c), "<section class=\"panel ar-minutes\"><h2>%s</h2><pre>%s</pre></section>",
                    arena_printf(c->a, _("Bản số %d"), k), t);
    ar_batch *b;
    int nb = archives_batch_list(c, &b);
    html_printf(B(c),
                "<p class=\"ar-links no-print\"><button type=\"button\" class=\"secondary\" "
                "data-print>%s</button>",
                _("In biên bản"));
    for (int i = 0; i < nb; i++)
        if (b[i].id == id && strcmp(b[i].status, "draft") != 0 && archives_is_archivist(c))
            /* The package another system reads: the TT 05/2025 metadata of every dossier with
             * its files' SHA-256 (the folder with the files: vanphong archive-export --batch). */
            html_printf(B(c),
                        " · <a href=\"/api/v1/archives/batches/%lld/export\" "
                        "id=\"ar-batch-export\">%s</a>",
                        (long long)id, _("Gói xuất dữ liệu (metadata JSON)"));
    html_raw(B(c), "</p>");
    for (int i = 0; i < nb; i++)
        if (b[i].id == id && strcmp(b[i].status, "draft") == 0 && archives_is_archivist(c)) {
            html_printf(B(c), "<form method=\"post\" action=\"/archives/batches/%lld/accept\">",
                        (long long)id);
            form_csrf(c);
            html_printf(B(c), "<button type=\"submit\">%s</button></form>",
                        _("Tiếp nhận vào lưu trữ"));
        }
    page_end(c);
}

static void h_accept(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    ar_result r = {0};
    if (archives_batch_accept(c, id, &r) != 0) {
        if (r.status == 403 || r.status == 404) {
            r.status == 403 ? respond_forbidden(c) : respond_not_found(c);
            return;
        }
        page_flash_set(c, r.err);
    } else {
        page_flash_set(c, _("Đã tiếp nhận hồ sơ vào lưu trữ."));
    }
    respond_redirect(c, arena_printf(c->a, "/archives/batches/%lld", (long long)id));
}

static void h_room(ctx *c)
{
    if (!c->user) {
        respond_forbidden(c);
        return;
    }
    const char *q = req_query(c->rq, "q");
    page_begin(c, _("Phòng đọc lưu trữ"), "archives");
    html_printf(B(c),
                "<h1>%s</h1><form method=\"get\" action=\"/archives/reading-room\" "
                "class=\"ar-search\"><label for=\"ar-q\">%s</label> <input id=\"ar-q\" "
                "name=\"q\" value=\"%s\"> <button type=\"submit\">%s</button></form>",
                _("Phòng đọc lưu trữ"), _("Tìm hồ sơ"), q ? q : "", _("Tìm"));
    ar_dossier *rows;
    int n = archives_search(c, q, 100, &rows);
    dossier_table(c, rows, n < 0 ? 0 : n, false, false);
    archives_access_form(c, rows, n);
    page_end(c);
}

/* The originating unit's leaders see its overdue hand-overs on the home page: the committee and
 * office leaders, the clerk who prepares the batch, and a subordinate unit's own account (a ward's
 * leaders work through it); each sees its scope. A specialist does not hand over. */
static void home_section(ctx *c)
{
    if (!c->user || c->user->role == ROLE_SPECIALIST || c->user->role == ROLE_ADMIN)
        return;
    ar_dossier *rows;
    int n = archives_due_list(c, true, &rows);
    if (n <= 0)
        return;
    html_printf(B(c),
                "<section class=\"panel\" id=\"home-archives\"><h2>%s</h2><p><a "
                "href=\"/archives\">%s</a></p><ul class=\"ar-home\">",
                _("Lưu trữ"),
                arena_printf(c->a, _("%d hồ sơ quá hạn giao nộp vào lưu trữ cơ quan"), n));
    for (int i = 0; i < n && i < 5; i++)
        html_printf(B(c), "<li>%s — %s (%s %s)</li>", rows[i].code, rows[i].title, _("hạn"),
                    vn(c, rows[i].due));
    html_raw(B(c), "</ul></section>");
}

void archives_web_routes(void)
{
    route_add("GET", "/archives", h_index, 0);
    route_add("POST", "/archives/batches", h_batch_post, 0);
    route_add("GET", "/archives/batches/{id}", h_batch, 0);
    route_add("POST", "/archives/batches/{id}/accept", h_accept, 0);
    route_add("GET", "/archives/reading-room", h_room, 0);
    home_section_add(home_section);
}
