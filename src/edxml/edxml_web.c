/* The edXML pages: "Xuất gói edXML" on an issued document's page (a section of "out.files"),
 * the organ chooser and the download at /outgoing/{id}/edxml; the upload form on the incoming
 * queue page (section "inbox.page") posting to /incoming/inbox/edxml; a business request
 * (recall/update/replace of a registered document) on the queued document's page (section
 * "inbox.row") answered at /edxml/requests/{id}/decide. */
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/i18n.h"
#include "edxml/edxml.h"
#include "edxml/edxml_impl.h"
#include "exchange/exchange.h"
#include "http/router.h"
#include "outgoing/outgoing.h"
#include "web/errors.h"
#include "web/forms.h"
#include "web/layout.h"
#include "web/records.h"
#include "web/respond.h"

#define B(c) (&(c)->rs->body)

static const db_query q_organs = {
    "edxml.organs",
    "SELECT organ_id, name FROM units WHERE organ_id IS NOT NULL AND valid_to IS NULL"
    " UNION ALL SELECT organ_id, name FROM edxml_organs WHERE disabled_at IS NULL ORDER BY 2"
    " LIMIT 500",
    NULL};
static const db_query q_issued = {
    "edxml.issued", "SELECT status = 'issued', secrecy FROM outgoing WHERE id = ?1", NULL};

static bool exchanger(const ctx *c)
{
    return c->user && (c->user->role == ROLE_CLERK || c->user->role == ROLE_OFFICE_LEADER);
}

static const db_query q_sent = {
    "edxml.sent_list",
    "SELECT COALESCE(u.name, o.name, p.to_organ), p.at, p.status FROM edxml_packages p"
    " LEFT JOIN units u ON u.organ_id = p.to_organ LEFT JOIN edxml_organs o ON"
    " o.organ_id = p.to_organ WHERE p.direction = 'out' AND p.kind = 'document' AND"
    " p.outgoing_id = ?1 ORDER BY p.id DESC LIMIT 20",
    NULL};

/* The edXML status as words (DOMAIN.md §4). */
static const char *status_label(const char *code)
{
    static const struct {
        const char *code, *label;
    } t[] = {
        {EDXML_ARRIVED, N_("Đã đến")},
        {EDXML_REFUSED, N_("Từ chối tiếp nhận")},
        {EDXML_ACCEPTED, N_("Đã tiếp nhận")},
        {EDXML_WAITING, N_("Chờ phân công")},
        {EDXML_IN_PROGRESS, N_("Đã phân công, đang xử lý")},
        {EDXML_DONE, N_("Đã xử lý xong")},
        {EDXML_RECALLED, N_("Thu hồi")},
        {EDXML_AGREE, N_("Đồng ý thu hồi, cập nhật")},
        {EDXML_DISAGREE, N_("Từ chối thu hồi, cập nhật")},
    };
    for (size_t i = 0; code && i < sizeof t / sizeof t[0]; i++)
        if (strcmp(t[i].code, code) == 0)
            return _(t[i].label);
    return _("Đã gửi, chưa có phản hồi");
}

/* On an issued document's page, for those who may export it: the link, and the packages
 * already sent with the last status each recipient gave. */
static void out_section(ctx *c, const char *kind, int64_t id)
{
    if (!exchanger(c))
        return;
    db_stmt *s = db_stmt_get(c->db, &q_issued);
    if (!s)
        return;
    db_bind_int(s, 1, id);
    bool issued = db_step(s) == DB_ROW && db_col_int(s, 0) == 1;
    db_reset(s);
    if (issued)
        html_printf(B(c),
                    "<p class=\"no-print\" id=\"edxml-export\"><a class=\"button\" "
                    "href=\"/outgoing/%lld/edxml\">%s</a></p>",
                    (long long)id, _("Xuất gói edXML"));
    if (!(s = db_stmt_get(c->db, &q_sent)))
        return;
    db_bind_int(s, 1, id);
    bool any = false;
    while (db_step(s) == DB_ROW) {
        if (!any)
            html_printf(B(c), "<p class=\"muted\">%s</p><ul id=\"edxml-sent\">",
                        _("Gói edXML đã gửi:"));
        any = true;
        char when[24] = "";
        int64_t t = clock_parse_iso(db_col_text(s, 1));
        if (t >= 0)
            clock_vn_datetime(t, when, sizeof when);
        html_printf(B(c), "<li>%s — %s — %s</li>", db_col_text(s, 0), when,
                    status_label(db_col_text(s, 2)));
    }
    db_reset(s);
    if (any)
        html_raw(B(c), "</ul>");
}

static void send_package(ctx *c, const strbuf *pkg, int64_t id)
{
    resp_header(c->a, c->rs, "Content-Type", "application/xml; charset=utf-8");
    resp_header(
        c->a, c->rs, "Content-Disposition",
        arena_printf(c->a, "attachment; filename=\"van-ban-di-%lld.edxml\"", (long long)id));
    resp_header(c->a, c->rs, "X-Content-Type-Options", "nosniff");
    resp_header(c->a, c->rs, "Cache-Control", "no-store");
    c->rs->status = 200;
    sb_add(B(c), pkg->buf, pkg->len);
}

static void h_export(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    const char *to = req_query(c->rq, "to");
    const char *key = arena_printf(c->a, "/outgoing/%lld/edxml", (long long)id);
    web_err e = {0};
    if (to) {
        strbuf pkg = STRBUF_INIT;
        if (edxml_export(c, id, to, &pkg, &e) == 0) {
            send_package(c, &pkg, id);
            sb_free(&pkg);
            return;
        }
        sb_free(&pkg);
        if (e.status != 422 && e.status != 400) {
            web_err_respond(c, &e);
            return;
        }
        form_fail(c, &e); /* the chooser again, the message beside it */
    } else if (!outgoing_may_see(c, id)) {
        respond_not_found(c);
        return;
    } else if (!exchanger(c)) {
        respond_forbidden(c);
        return;
    }
    page_begin(c, _("Xuất gói edXML"), "outgoing");
    html_printf(B(c), "<p class=\"breadcrumb\"><a href=\"/outgoing/%lld\">%s</a></p>",
                (long long)id, _("Văn bản đi"));
    html_printf(B(c), "<p>%s</p>",
                _("Gói edXML (QCVN 102:2016) mang văn bản đã ban hành và các tệp của nó đến một "
                  "cơ quan khác. Văn bản Tối mật, Tuyệt mật không được xuất; văn bản Mật chỉ "
                  "qua kênh đã mã hóa."));
    html_printf(B(c),
                "<form class=\"form\" method=\"get\" action=\"%s\" id=\"edxml-export-form\">"
                "<div class=\"field\"><label for=\"f-to\">%s</label><select id=\"f-to\" "
                "name=\"to\" required",
                key, _("Cơ quan nhận"));
    form_aria_html(c, key, "to", "f-to");
    html_printf(B(c), "><option value=\"\">%s</option>", _("— chọn —"));
    db_stmt *s = db_stmt_get(c->db, &q_organs);
    while (s && db_step(s) == DB_ROW) {
        const char *oid = db_col_text(s, 0);
        html_printf(B(c), "<option value=\"%s\"%s>%s (%s)</option>", oid,
                    to && strcmp(to, oid) == 0 ? " selected" : "", db_col_text(s, 1), oid);
    }
    if (s)
        db_reset(s);
    html_raw(B(c), "</select>");
    form_err_html(c, key, "to", "f-to");
    html_printf(B(c), "</div><div class=\"actions\"><button>%s</button></div></form>",
                _("Tải gói edXML"));
    page_end(c);
}

/* The upload form and the note about what is checked, on the queue page (clerks). */
static void inbox_page_section(ctx *c, const char *kind, int64_t id)
{
    if (!c->user || c->user->role != ROLE_CLERK)
        return;
    const char *key = "/incoming/inbox/edxml";
    html_printf(B(c),
                "<section class=\"panel no-print\" id=\"edxml-import\"><h2>%s</h2><form "
                "class=\"form\" method=\"post\" action=\"%s\" enctype=\"multipart/form-data\">",
                _("Nhận gói edXML từ tệp"), key);
    form_csrf(c);
    form_field_html(c, key,
                    &(form_field){.name = "package",
                                  .label = _("Tệp gói edXML"),
                                  .type = "file",
                                  .id = "edxml-package",
                                  .required = true,
                                  .hint = _("Gói .edxml theo QCVN 102:2016; tệp đính kèm được "
                                            "kiểm tra mã băm, gói trùng bị từ chối.")});
    html_printf(B(c), "<div class=\"actions\"><button>%s</button></div></form></section>",
                _("Nhận vào hàng chờ"));
}

static void h_import(ctx *c)
{
    const http_upload *u = req_upload(c->rq, "package");
    edxml_result r;
    int rc = edxml_import(c, u ? u->tmp_path : NULL, &r);
    if (rc < 0) {
        respond_error(c, 500, "internal", _(WEB_MSG_DB));
        return;
    }
    if (rc == 0) {
        page_flash_set(c, r.message);
        respond_redirect(c, r.inbox_id > 0
                                ? arena_printf(c->a, "/incoming/inbox/%lld", (long long)r.inbox_id)
                                : "/incoming/inbox");
        return;
    }
    web_after_post_field(c, "/incoming/inbox", -1, r.http, arena_strdup(c->a, r.message), "package",
                         NULL);
}

static const db_query q_pending = {
    "edxml.pending",
    "SELECT id, business, reason FROM edxml_requests WHERE inbox_id = ?1 AND status = 'pending'"
    " ORDER BY id LIMIT 5",
    NULL};

static const char *business_label(int b)
{
    return b == EDXML_RECALL ? _("thu hồi") : b == EDXML_UPDATE ? _("cập nhật") : _("thay thế");
}

/* A pending request on the queued document's page, with the two answers. */
static void inbox_row_section(ctx *c, const char *kind, int64_t inbox_id)
{
    if (!c->user || c->user->role != ROLE_CLERK)
        return;
    db_stmt *s = db_stmt_get(c->db, &q_pending);
    if (!s)
        return;
    db_bind_int(s, 1, inbox_id);
    while (db_step(s) == DB_ROW) {
        int64_t id = db_col_int(s, 0);
        int b = (int)db_col_int(s, 1);
        const char *reason = arena_strdup(c->a, db_col_text(s, 2));
        const char *key = arena_printf(c->a, "/edxml/requests/%lld/decide", (long long)id);
        html_printf(B(c),
                    "<section class=\"panel edxml-request\" id=\"edxml-request-%lld\"><h2>%s</h2>"
                    "<p>%s %s.</p>",
                    (long long)id, _("Đề nghị của cơ quan gửi"), _("Cơ quan gửi đề nghị"),
                    business_label(b));
        if (reason && *reason)
            html_printf(B(c), "<p>%s: %s</p>", _("Lý do"), reason);
        html_printf(B(c), "<form class=\"form\" method=\"post\" action=\"%s\">", key);
        form_csrf(c);
        form_field_html(c, key,
                        &(form_field){.name = "note",
                                      .label = _("Ghi chú (bắt buộc khi từ chối)"),
                                      .id = arena_printf(c->a, "edxml-note-%lld", (long long)id)});
        html_printf(B(c),
                    "<div class=\"actions\"><button name=\"decision\" value=\"agree\">%s</button> "
                    "<button name=\"decision\" value=\"refuse\" class=\"danger\">%s</button>"
                    "</div></form></section>",
                    _("Đồng ý"), _("Từ chối"));
    }
    db_reset(s);
}

static void h_decide(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    const char *d = req_form(c->rq, "decision");
    web_err e = {0};
    int rc = -1;
    if (!d || (strcmp(d, "agree") != 0 && strcmp(d, "refuse") != 0))
        web_err_add(&e, 400, "invalid_input", "note", _("Chọn đồng ý hoặc từ chối."));
    else
        rc = edxml_request_decide(c, id, strcmp(d, "agree") == 0, req_form(c->rq, "note"), &e);
    const char *back = form_referer_path(c);
    web_after_post(c, back ? back : "/incoming/inbox", rc, &e,
                   d && strcmp(d, "agree") == 0 ? _("Đã đồng ý đề nghị của cơ quan gửi.")
                                                : _("Đã từ chối đề nghị của cơ quan gửi."));
}

void edxml_web_routes(void)
{
    route_add("GET", "/outgoing/{id}/edxml", h_export, 0);
    route_add("POST", "/incoming/inbox/edxml", h_import, 0);
    route_add("POST", "/edxml/requests/{id}/decide", h_decide, 0);
    record_section_register("out.files", out_section);
    record_section_register("inbox.page", inbox_page_section);
    record_section_register("inbox.row", inbox_row_section);
}
