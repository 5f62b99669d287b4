/* The reading room's requests on pages: a reader asks to use an archived dossier (the request
 * form under the search results of /archives/reading-room) and the archivist grants it until a
 * date or refuses it (/archives/access). Rules live in the service (archives_room.c). */
#include <string.h>

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
#define REQ_KEY "/archives/access"

static const db_query q_pending = {
    "archives.access_pending",
    "SELECT a.id, d.code, d.title, coalesce(u.name, ''), a.reason, a.requested_at FROM "
    "archive_access a JOIN dossiers d ON d.id = a.dossier_id LEFT JOIN users u ON u.id = "
    "a.user_id WHERE a.status = 'requested' ORDER BY a.requested_at, a.id LIMIT 200",
    NULL};

/* The request form, under the reading room's results (archives_web.c calls it). */
void archives_access_form(ctx *c, const ar_dossier *rows, int n)
{
    if (n <= 0)
        return;
    html_printf(B(c),
                "<section class=\"panel\" id=\"ar-request\"><h2>%s</h2><form method=\"post\" "
                "action=\"" REQ_KEY "\">",
                _("Đề nghị khai thác hồ sơ"));
    form_csrf(c); /* before the select: an input inside one closes it */
    html_printf(B(c),
                "<div class=\"field\"><label for=\"f-req-dossier\">%s</label><select "
                "id=\"f-req-dossier\" name=\"dossier_id\">",
                _("Hồ sơ"));
    const char *sel = form_val(c, REQ_KEY, "dossier_id", "");
    for (int i = 0; i < n; i++) {
        const char *v = arena_printf(c->a, "%lld", (long long)rows[i].id);
        html_printf(B(c), "<option value=\"%s\"%s>%s — %s</option>", v,
                    strcmp(sel, v) == 0 ? " selected" : "", rows[i].code, rows[i].title);
    }
    html_raw(B(c), "</select>");
    form_err_html(c, REQ_KEY, "dossier_id", "f-req-dossier");
    html_raw(B(c), "</div>");
    form_field_html(
        c, REQ_KEY,
        &(form_field){.name = "reason", .label = _("Mục đích khai thác"), .id = "f-req-reason"});
    html_printf(B(c), "<button type=\"submit\">%s</button></form></section>",
                _("Gửi đề nghị khai thác"));
}

static void h_request(ctx *c)
{
    int64_t id = 0;
    const char *d = req_form(c->rq, "dossier_id");
    if (!d || param_int(d, 1, INT64_MAX, &id) != 0)
        id = 0;
    ar_result r = {0};
    int64_t rq = archives_access_request(c, id, req_form(c->rq, "reason"), &r);
    if (rq < 0 && r.status == 404)
        r.status = 422; /* a wrong choice in the form */
    web_after_post_field(c, "/archives/reading-room", rq > 0 ? 0 : -1, r.status, r.err,
                         r.field ? r.field : "reason",
                         _("Đã gửi đề nghị khai thác; chờ bộ phận lưu trữ cho phép."));
}

static void h_pending(ctx *c)
{
    if (!c->user || !archives_is_archivist(c)) {
        respond_forbidden(c);
        return;
    }
    page_begin(c, _("Đề nghị khai thác hồ sơ"), "archives");
    html_printf(B(c), "<h1>%s</h1>", _("Đề nghị khai thác chờ duyệt"));
    db_stmt *s = db_stmt_get(c->db, &q_pending);
    int n = 0;
    while (s && db_step(s) == DB_ROW) {
        int64_t id = db_col_int(s, 0);
        const char *key = arena_printf(c->a, "/archives/access/%lld/decide", (long long)id);
        const char *fid = arena_printf(c->a, "f-until-%lld", (long long)id);
        html_printf(B(c),
                    "<section class=\"panel ar-request\"><h2>%s — %s</h2><p>%s: %s</p><p>%s</p>"
                    "<form method=\"post\" action=\"%s\">",
                    db_col_text(s, 1), db_col_text(s, 2), db_col_text(s, 3),
                    web_date_vn(c, db_col_text(s, 5)), db_col_text(s, 4), key);
        form_csrf(c);
        form_field_html(c, key,
                        &(form_field){.name = "until",
                                      .type = "date",
                                      .label = _("Cho phép khai thác đến ngày"),
                                      .id = fid});
        html_printf(B(c),
                    "<button type=\"submit\" name=\"grant\" value=\"1\">%s</button> <button "
                    "type=\"submit\" name=\"grant\" value=\"0\">%s</button></form></section>",
                    _("Cho phép"), _("Từ chối"));
        n++;
    }
    if (s)
        db_reset(s);
    if (!n)
        html_printf(B(c), "<p>%s</p>", _("Không có đề nghị nào chờ duyệt."));
    page_end(c);
}

static void h_decide(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    const char *g = req_form(c->rq, "grant");
    bool grant = g && strcmp(g, "1") == 0;
    ar_result r = {0};
    int rc = archives_access_grant(c, id, grant, req_form(c->rq, "until"), &r);
    web_after_post_field(c, REQ_KEY, rc, r.status, r.err, r.field,
                         grant ? _("Đã cho phép khai thác.") : _("Đã từ chối đề nghị khai thác."));
}

void archives_room_web_routes(void)
{
    route_add("POST", "/archives/access", h_request, 0);
    route_add("GET", "/archives/access", h_pending, 0);
    route_add("POST", "/archives/access/{id}/decide", h_decide, 0);
}
