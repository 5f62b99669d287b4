/* /admin/peers and /api/v1/peers… (peers.h): this installation's organ id and public key (to
 * hand to the other side's administrator), the configured peers with a "Kiểm tra kết nối"
 * button, the form that adds one, and the outbox (queued, delivered, failed with its last error
 * and a "Gửi lại" button). Administrator only. */
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/i18n.h"
#include "http/router.h"
#include "peers/peers_impl.h"
#include "web/dates.h"
#include "web/errors.h"
#include "web/forms.h"
#include "web/layout.h"
#include "web/params.h"
#include "web/respond.h"

#define B(c) (&(c)->rs->body)
#define OUTBOX_PAGE 50

static const char *kind_label(const char *kind)
{
    if (strcmp(kind, "peers.ping") == 0)
        return _("Kiểm tra kết nối");
    if (strncmp(kind, "edxml.status", 12) == 0)
        return _("Thông báo trạng thái văn bản");
    if (strncmp(kind, "edxml", 5) == 0)
        return _("Gói văn bản điện tử (edXML)");
    return _("Thư liên thông");
}

static const char *state_label(const char *state)
{
    if (strcmp(state, "queued") == 0)
        return _("Đang chờ gửi");
    if (strcmp(state, "delivered") == 0)
        return _("Đã gửi");
    return _("Không gửi được");
}

static const char *when(ctx *c, int64_t t)
{
    char buf[40];
    clock_vn_datetime(t, buf, sizeof buf);
    return arena_strdup(c->a, buf);
}

static const char *iso_when(ctx *c, const char *iso)
{
    int64_t t = iso && *iso ? clock_parse_iso(iso) : 0;
    return t > 0 ? when(c, t) : "—";
}

static bool forbid(ctx *c)
{
    if (peers_may_admin(c))
        return false;
    respond_error(c, 403, "forbidden",
                  _("Chỉ quản trị hệ thống mới cấu hình được kết nối liên thông."));
    return true;
}

static void self_html(ctx *c)
{
    char organ[32], pk[PEERS_PK_B64];
    if (peers_self(c->db, organ, sizeof organ, pk, sizeof pk) != 0)
        snprintf(pk, sizeof pk, "%s", _("(không đọc được khóa)"));
    html_printf(B(c),
                "<section class=\"panel peers-self\"><h2>%s</h2><p class=\"hint\">%s</p>"
                "<dl class=\"props\"><dt>%s</dt><dd id=\"self-organ\">%s</dd><dt>%s</dt>"
                "<dd><code id=\"self-key\" class=\"peers-key\">%s</code></dd></dl>",
                _("Cơ quan này"),
                _("Đưa mã định danh và khóa công khai dưới đây cho quản trị hệ thống của cơ quan "
                  "bên kia để họ thêm cơ quan này vào danh sách kết nối."),
                _("Mã định danh cơ quan"), *organ ? organ : _("(chưa đặt)"),
                _("Khóa công khai (Ed25519)"), pk);
    const char *key = "/admin/peers/self";
    html_printf(B(c), "<form class=\"form\" method=\"post\" action=\"%s\">", key);
    form_csrf(c);
    form_field_html(c, key,
                    &(form_field){.name = "organ_id",
                                  .label = _("Đặt mã định danh cơ quan (13 ký tự)"),
                                  .value = organ,
                                  .id = "self-organ-id",
                                  .required = true});
    html_printf(B(c), "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>",
                _("Lưu mã định danh"));
    html_raw(B(c), "</section>");
}

static void peers_html(ctx *c)
{
    peer_row *p;
    int n = peers_list(c->db, c->a, &p);
    html_printf(B(c), "<section class=\"panel\"><h2>%s</h2>", _("Các cơ quan kết nối"));
    if (n <= 0)
        html_printf(B(c), "<p class=\"empty\">%s</p>", _("Chưa có cơ quan nào."));
    else {
        html_printf(B(c),
                    "<div class=\"table-wrap\"><table class=\"cards peers-list\"><thead><tr>"
                    "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th></th>"
                    "</tr></thead><tbody>",
                    _("Tên"), _("Mã định danh"), _("Địa chỉ"), _("Kênh mã hóa"), _("Trạng thái"),
                    _("Kiểm tra gần nhất"));
        for (int i = 0; i < n; i++) {
            const char *ping =
                p[i].last_ping_at
                    ? arena_printf(c->a, "%s — %s", iso_when(c, p[i].last_ping_at),
                                   p[i].last_ping_reply && strcmp(p[i].last_ping_reply, "pong") == 0
                                       ? _("trả lời tốt")
                                       : _("trả lời lạ"))
                    : _("chưa kiểm tra");
            html_printf(B(c),
                        "<tr data-peer=\"%s\"><td data-label=\"%s\">%s</td><td data-label=\"%s\">"
                        "%s</td><td data-label=\"%s\" class=\"peers-url\">%s</td>"
                        "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
                        "<td data-label=\"%s\" class=\"peers-ping\">%s</td><td>",
                        p[i].organ_id, _("Tên"), p[i].name, _("Mã định danh"), p[i].organ_id,
                        _("Địa chỉ"), p[i].base_url, _("Kênh mã hóa"),
                        peers_url_encrypted(p[i].base_url) ? _("Có") : _("Không"), _("Trạng thái"),
                        p[i].enabled ? _("Đang dùng") : _("Tạm ngừng"), _("Kiểm tra gần nhất"),
                        ping);
            if (p[i].enabled) {
                html_printf(B(c), "<form method=\"post\" action=\"/admin/peers/%lld/ping\">",
                            (long long)p[i].id);
                form_csrf(c);
                html_printf(B(c), "<button type=\"submit\" class=\"secondary\">%s</button></form>",
                            _("Kiểm tra kết nối"));
            }
            html_printf(B(c),
                        "<form method=\"post\" action=\"/admin/peers/%lld/enabled\">"
                        "<input type=\"hidden\" name=\"enabled\" value=\"%s\">",
                        (long long)p[i].id, p[i].enabled ? "0" : "1");
            form_csrf(c);
            html_printf(B(c), "<button type=\"submit\" class=\"secondary\">%s</button></form>",
                        p[i].enabled ? _("Tạm ngừng kết nối") : _("Dùng lại kết nối"));
            html_raw(B(c), "</td></tr>");
        }
        html_raw(B(c), "</tbody></table></div>");
    }
    html_raw(B(c), "</section>");
}

static void add_form_html(ctx *c)
{
    const char *key = "/admin/peers";
    html_printf(B(c),
                "<section class=\"panel\"><h2>%s</h2><form class=\"form\" method=\"post\" "
                "action=\"%s\" id=\"peer-add\">",
                _("Thêm cơ quan kết nối"), key);
    form_csrf(c);
    form_field_html(c, key,
                    &(form_field){.name = "name", .label = _("Tên cơ quan"), .required = true});
    form_field_html(c, key,
                    &(form_field){.name = "organ_id",
                                  .label = _("Mã định danh cơ quan (13 ký tự)"),
                                  .required = true});
    form_field_html(c, key,
                    &(form_field){.name = "base_url",
                                  .label = _("Địa chỉ hệ thống (https://…)"),
                                  .required = true,
                                  .hint = _("Thư được gửi tới địa chỉ này cộng /peer/inbox.")});
    form_field_html(c, key,
                    &(form_field){.name = "public_key",
                                  .label = _("Khóa công khai của cơ quan đó"),
                                  .required = true});
    form_field_html(c, key,
                    &(form_field){.name = "ca_pem",
                                  .label = _("Chứng thư CA tin cậy (PEM, không bắt buộc)"),
                                  .type = "textarea",
                                  .rows = 4,
                                  .hint = _("Để trống thì dùng các CA của hệ điều hành.")});
    form_field_html(
        c, key,
        &(form_field){.name = "tls_pin", .label = _("Khóa ghim TLS (sha256//…, không bắt buộc)")});
    html_printf(B(c),
                "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>"
                "</section>",
                _("Thêm cơ quan"));
}

static void outbox_html(ctx *c)
{
    int64_t counts[3];
    peers_outbox_counts(c->db, counts);
    html_printf(B(c),
                "<section class=\"panel\"><h2>%s</h2><p class=\"peers-counts\">"
                "<span>%s: <strong id=\"n-queued\">%lld</strong></span> "
                "<span>%s: <strong id=\"n-delivered\">%lld</strong></span> "
                "<span>%s: <strong id=\"n-failed\">%lld</strong></span></p>",
                _("Thư gửi đi"), _("Đang chờ gửi"), (long long)counts[0], _("Đã gửi"),
                (long long)counts[1], _("Không gửi được"), (long long)counts[2]);
    if (counts[2] > 0)
        page_alert(c, "warn",
                   _("Có thư liên thông không gửi được: xem lỗi cuối và bấm \"Gửi lại\" khi bên "
                     "nhận đã sẵn sàng."));
    outbox_row *o;
    int n = peers_outbox_list(c->db, c->a, NULL, OUTBOX_PAGE, &o);
    if (n > 0) {
        html_printf(B(c),
                    "<div class=\"table-wrap\"><table class=\"cards peers-outbox\"><thead><tr>"
                    "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th></th>"
                    "</tr></thead><tbody>",
                    _("Thời gian"), _("Nơi nhận"), _("Loại"), _("Trạng thái"), _("Số lần gửi"),
                    _("Lỗi gần nhất"));
        for (int i = 0; i < n; i++) {
            html_printf(B(c),
                        "<tr data-state=\"%s\"><td data-label=\"%s\">%s</td><td data-label=\"%s\">"
                        "%s</td><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
                        "<td data-label=\"%s\">%d</td><td data-label=\"%s\" class=\"peers-err\">"
                        "%s</td><td>",
                        o[i].state, _("Thời gian"), when(c, o[i].created_ts), _("Nơi nhận"),
                        o[i].peer_name, _("Loại"), kind_label(o[i].kind), _("Trạng thái"),
                        state_label(o[i].state), _("Số lần gửi"), o[i].attempts, _("Lỗi gần nhất"),
                        o[i].last_error ? o[i].last_error : "");
            if (strcmp(o[i].state, "failed") == 0) {
                html_printf(B(c),
                            "<form method=\"post\" action=\"/admin/peers/outbox/%lld/retry\">",
                            (long long)o[i].id);
                form_csrf(c);
                html_printf(B(c), "<button type=\"submit\">%s</button></form>", _("Gửi lại"));
            }
            html_raw(B(c), "</td></tr>");
        }
        html_raw(B(c), "</tbody></table></div>");
    } else
        html_printf(B(c), "<p class=\"empty\">%s</p>", _("Chưa có thư nào."));
    html_raw(B(c), "</section>");
}

static void h_page(ctx *c)
{
    if (forbid(c))
        return;
    page_begin(c, _("Kết nối liên thông"), "peers");
    self_html(c);
    peers_html(c);
    add_form_html(c);
    outbox_html(c);
    page_end(c);
}

static peer_input form_input(ctx *c)
{
    return (peer_input){req_form(c->rq, "name"),
                        req_form(c->rq, "organ_id"),
                        req_form(c->rq, "base_url"),
                        req_form(c->rq, "public_key"),
                        req_form(c->rq, "ca_pem"),
                        req_form(c->rq, "tls_pin"),
                        true};
}

static void h_add(ctx *c)
{
    web_err e = {0};
    peer_input in = form_input(c);
    int64_t id = peers_save(c, 0, &in, &e);
    web_after_post(c, "/admin/peers", id > 0 ? 0 : -1, &e, _("Đã thêm cơ quan kết nối."));
}

static void h_self(ctx *c)
{
    web_err e = {0};
    int rc = peers_set_self(c, req_form(c->rq, "organ_id"), &e);
    web_after_post(c, "/admin/peers", rc, &e, _("Đã lưu mã định danh cơ quan."));
}

static void h_ping(ctx *c)
{
    web_err e = {0};
    int rc = peers_ping(c, req_param_id(c->rq, "id"), &e);
    web_after_post(c, "/admin/peers", rc, &e,
                   _("Đã gửi thư kiểm tra kết nối; kết quả hiện ở cột \"Kiểm tra gần nhất\"."));
}

/* Suspends or resumes a peer: its other fields as they are. */
static void h_enabled(ctx *c)
{
    web_err e = {0};
    peer_row p;
    int64_t id = req_param_id(c->rq, "id");
    int rc = -1;
    if (!peers_may_admin(c))
        web_err_add(&e, 403, "forbidden", NULL,
                    _("Chỉ quản trị hệ thống mới cấu hình được kết nối liên thông."));
    else if (id <= 0 || peers_get(c->db, c->a, id, &p) != 1)
        web_err_add(&e, 404, "not_found", NULL, _("Không có đơn vị kết nối này."));
    else {
        const char *v = req_form(c->rq, "enabled");
        peer_input in = {p.name,
                         p.organ_id,
                         p.base_url,
                         p.public_key,
                         p.ca_pem,
                         p.tls_pin,
                         v && strcmp(v, "1") == 0};
        rc = peers_save(c, id, &in, &e) > 0 ? 0 : -1;
    }
    const char *v = req_form(c->rq, "enabled");
    web_after_post(c, "/admin/peers", rc, &e,
                   v && strcmp(v, "1") == 0 ? _("Đã dùng lại kết nối.")
                                            : _("Đã tạm ngừng kết nối."));
}

static void h_retry(ctx *c)
{
    web_err e = {0};
    int rc = peers_retry(c, req_param_id(c->rq, "id"), &e);
    web_after_post(c, "/admin/peers", rc, &e, _("Thư đã được đưa lại vào hàng đợi gửi."));
}

/* ---- API ---------------------------------------------------------------------------------- */

static json_t *peer_json(const peer_row *p)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:b, s:s, s:b, s:b, s:s?, s:s?, s:s, s:s}", "id",
                     (json_int_t)p->id, "name", p->name, "organ_id", p->organ_id, "base_url",
                     p->base_url, "public_key", p->public_key, "has_ca", *p->ca_pem != 0, "tls_pin",
                     p->tls_pin, "encrypted", peers_url_encrypted(p->base_url), "enabled",
                     p->enabled, "last_ping_at", p->last_ping_at, "last_ping_reply",
                     p->last_ping_reply, "created_at", p->created_at, "updated_at", p->updated_at);
}

static bool api_forbid(ctx *c)
{
    if (peers_may_admin(c))
        return false;
    respond_api_error(c, 403, "forbidden",
                      _("Chỉ quản trị hệ thống mới cấu hình được kết nối liên thông."));
    return true;
}

static void h_api_list(ctx *c)
{
    static const char *const params[] = {NULL};
    if (api_forbid(c) || !params_check(c, params))
        return;
    char organ[32], pk[PEERS_PK_B64] = "";
    peers_self(c->db, organ, sizeof organ, pk, sizeof pk);
    peer_row *p;
    int n = peers_list(c->db, c->a, &p);
    json_t *items = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(items, peer_json(&p[i]));
    int64_t k[3];
    peers_outbox_counts(c->db, k);
    respond_json(c, 200,
                 json_pack("{s:{s:s, s:s}, s:o, s:{s:I, s:I, s:I}}", "self", "organ_id", organ,
                           "public_key", pk, "items", items, "outbox", "queued", (json_int_t)k[0],
                           "delivered", (json_int_t)k[1], "failed", (json_int_t)k[2]));
}

static void h_api_save(ctx *c)
{
    if (api_forbid(c))
        return;
    static const char *const members[] = {"name",   "organ_id", "base_url", "public_key",
                                          "ca_pem", "tls_pin",  "enabled",  NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    int64_t id = req_param_id(c->rq, "id");
    peer_row old = {0};
    if (req_param(c->rq, "id") && (id <= 0 || peers_get(c->db, c->a, id, &old) != 1)) {
        respond_api_error(c, 404, "not_found", _("Không có cơ quan kết nối này."));
        return;
    }
    /* An update names what changes; the rest stays. */
    peer_input in = {old.name,
                     old.organ_id,
                     old.base_url,
                     old.public_key,
                     old.ca_pem,
                     old.tls_pin,
                     old.id ? old.enabled : true};
    web_err e = {0};
    json_member_text(c, j, "name", &in.name, &e);
    json_member_text(c, j, "organ_id", &in.organ_id, &e);
    json_member_text(c, j, "base_url", &in.base_url, &e);
    json_member_text(c, j, "public_key", &in.public_key, &e);
    json_member_text(c, j, "ca_pem", &in.ca_pem, &e);
    json_member_text(c, j, "tls_pin", &in.tls_pin, &e);
    json_member_bool(c, j, "enabled", &in.enabled, &e);
    if (e.n || (id = peers_save(c, old.id, &in, &e)) < 0) {
        web_err_respond(c, &e);
        return;
    }
    peer_row p;
    peers_get(c->db, c->a, id, &p);
    respond_json(c, old.id ? 200 : 201, peer_json(&p));
}

static void h_api_self(ctx *c)
{
    static const char *const members[] = {"organ_id", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    const char *organ = NULL;
    json_member_text(c, j, "organ_id", &organ, &e);
    if (e.n || peers_set_self(c, organ, &e) != 0) {
        web_err_respond(c, &e);
        return;
    }
    char o[32], pk[PEERS_PK_B64] = "";
    peers_self(c->db, o, sizeof o, pk, sizeof pk);
    respond_json(c, 200, json_pack("{s:s, s:s}", "organ_id", o, "public_key", pk));
}

static void h_api_ping(ctx *c)
{
    web_err e = {0};
    if (!params_json_optional(c, (const char *const[]){NULL}))
        return;
    if (peers_ping(c, req_param_id(c->rq, "id"), &e) != 0) {
        web_err_respond(c, &e);
        return;
    }
    respond_json(c, 202, json_pack("{s:b}", "queued", 1));
}

static void h_api_outbox(ctx *c)
{
    static const char *const params[] = {"state", "limit", NULL};
    if (api_forbid(c) || !params_check(c, params))
        return;
    const char *state = req_query(c->rq, "state");
    if (state && strcmp(state, "queued") != 0 && strcmp(state, "delivered") != 0 &&
        strcmp(state, "failed") != 0) {
        respond_api_error(c, 400, "invalid_input",
                          _("Trạng thái phải là queued, delivered hoặc failed."));
        return;
    }
    int limit = 0, offset = 0;
    web_err e = {0};
    query_page(c, 50, 500, 0, &limit, &offset, &e);
    if (e.n) {
        web_err_respond(c, &e);
        return;
    }
    outbox_row *o;
    int n = peers_outbox_list(c->db, c->a, state, limit, &o);
    json_t *items = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(
            items, json_pack("{s:I, s:s, s:I, s:s, s:s, s:s, s:i, s:s?, s:s?, s:s?, s:I}", "id",
                             (json_int_t)o[i].id, "msg_id", o[i].msg_id, "peer_id",
                             (json_int_t)o[i].peer_id, "peer_name", o[i].peer_name, "kind",
                             o[i].kind, "state", o[i].state, "attempts", o[i].attempts,
                             "last_error", o[i].last_error, "delivered_at", o[i].delivered_at,
                             "reply", o[i].reply, "created_ts", (json_int_t)o[i].created_ts));
    respond_json(c, 200, json_pack("{s:o}", "items", items));
}

static void h_api_retry(ctx *c)
{
    web_err e = {0};
    if (!params_json_optional(c, (const char *const[]){NULL}))
        return;
    if (peers_retry(c, req_param_id(c->rq, "id"), &e) != 0) {
        web_err_respond(c, &e);
        return;
    }
    respond_json(c, 200, json_pack("{s:b}", "queued", 1));
}

void peers_web_routes(void)
{
    route_add("GET", "/admin/peers", h_page, 0);
    route_add("POST", "/admin/peers", h_add, 0);
    route_add("POST", "/admin/peers/self", h_self, 0);
    route_add("POST", "/admin/peers/outbox/{id}/retry", h_retry, 0);
    route_add("POST", "/admin/peers/{id}/ping", h_ping, 0);
    route_add("POST", "/admin/peers/{id}/enabled", h_enabled, 0);
    route_add("GET", "/api/v1/peers", h_api_list, ROUTE_API);
    route_add("POST", "/api/v1/peers", h_api_save, ROUTE_API);
    route_add("POST", "/api/v1/peers/self", h_api_self, ROUTE_API);
    route_add("GET", "/api/v1/peers/outbox", h_api_outbox, ROUTE_API);
    route_add("POST", "/api/v1/peers/outbox/{id}/retry", h_api_retry, ROUTE_API);
    route_add("POST", "/api/v1/peers/{id}", h_api_save, ROUTE_API);
    route_add("POST", "/api/v1/peers/{id}/ping", h_api_ping, ROUTE_API);
}
