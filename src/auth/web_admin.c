/* The administrator's page of one account (/admin/users/{id}): its state, and the actions
 * that run it — disable or enable, reset the password (a one-time password shown once),
 * require a change at the next login, revoke API tokens. Each handler: (dispatcher:
 * authenticate, CSRF) → authorize in the service (manage.c) → act + audit → 303. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/respond.h"
#include "auth/auth_impl.h"
#include "base/i18n.h"
#include "web/layout.h"
#include "http/router.h"

/* Answers a refused or failed action the way the rest of the pages do. */
static void action_failed(ctx *c, int status, const char *err)
{
    if (status == 403)
        respond_forbidden(c);
    else if (status == 404)
        respond_not_found(c);
    else
        respond_error(c, status >= 500 ? 500 : 400, status >= 500 ? "internal" : "invalid_input",
                      err);
}

static void action_button(ctx *c, int64_t id, const char *action, const char *label)
{
    strbuf *b = &c->rs->body;
    html_printf(b, "<form class=\"inline\" method=\"post\" action=\"/admin/users/%lld/%s\">",
                (long long)id, action);
    form_csrf(c);
    html_printf(b, "<button type=\"submit\">%s</button></form> ", label);
}

static void tokens_table(ctx *c, int64_t user_id)
{
    strbuf *b = &c->rs->body;
    token_row *rows;
    int status;
    int n = auth_token_list(c->db, c->a, c->user, user_id, &rows, &status);
    html_printf(b, "<h2>%s</h2>", _("Mã truy cập API"));
    if (n <= 0) {
        html_printf(b, "<p>%s</p>",
                    n < 0 ? _("Không đọc được dữ liệu. Hãy thử lại.")
                          : _("Người dùng này chưa có mã truy cập API."));
        return;
    }
    html_printf(b,
                "<div class=\"table-wrap\"><table><thead><tr><th>%s</th><th>%s</th><th>%s</th>"
                "<th>%s</th><th></th></tr></thead><tbody>",
                _("Số"), _("Tạo lúc"), _("Dùng lần cuối"), _("Trạng thái"));
    for (int i = 0; i < n; i++) {
        const token_row *t = &rows[i];
        html_printf(b, "<tr><td>%lld</td><td>%s</td><td>%s</td><td>%s</td><td>", (long long)t->id,
                    t->created_at, t->last_used_at ? t->last_used_at : "—",
                    t->revoked_at ? _("Đã thu hồi") : _("Đang dùng"));
        if (!t->revoked_at) {
            html_printf(
                b, "<form class=\"inline\" method=\"post\" action=\"/admin/tokens/%lld/revoke\">",
                (long long)t->id);
            form_csrf(c);
            html_printf(b, "<button type=\"submit\">%s</button></form>", _("Thu hồi"));
        }
        html_raw(b, "</td></tr>");
    }
    html_raw(b, "</tbody></table></div>");
}

/* The account page; `password` is a one-time password just generated, shown once. */
static void account_page(ctx *c, const account *a, const char *password)
{
    page_begin(c, _("Tài khoản"), "admin");
    strbuf *b = &c->rs->body;
    if (password) {
        page_alert(c, "ok",
                   _("Đã đặt lại mật khẩu. Hãy trao mật khẩu dùng một lần dưới đây cho người "
                     "dùng; trang này chỉ hiện nó một lần. Người dùng phải đổi mật khẩu ở lần "
                     "đăng nhập tới."));
        html_printf(b, "<p class=\"one-time-password\"><code>%s</code></p>", password);
    }
    html_printf(b,
                "<dl class=\"facts\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>"
                "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd></dl>",
                _("Tên đăng nhập"), a->login, _("Họ tên"), a->name, _("Vai trò"),
                role_label(role_from_code(a->role)), _("Đơn vị"), a->unit_name ? a->unit_name : "",
                _("Trạng thái"),
                a->disabled ? _("Đã khóa")
                : a->must_change_password ? _("Đang dùng — phải đổi mật khẩu ở lần đăng nhập tới")
                                          : _("Đang dùng"));
    html_raw(b, "<p class=\"actions no-print\">");
    if (a->disabled)
        action_button(c, a->id, "enable", _("Mở khóa"));
    else if (!c->user || c->user->id != a->id)
        action_button(c, a->id, "disable", _("Khóa tài khoản"));
    if (!c->user || c->user->id != a->id)
        action_button(c, a->id, "password", _("Đặt lại mật khẩu"));
    if (!a->must_change_password)
        action_button(c, a->id, "require-change", _("Yêu cầu đổi mật khẩu"));
    html_raw(b, "</p>");
    tokens_table(c, a->id);
    html_printf(b, "<p><a href=\"/admin/users\">%s</a></p>", _("Về danh sách người dùng"));
    page_end(c);
}

static bool load_account(ctx *c, int64_t id, account *a)
{
    int status;
    if (auth_account_get(c->db, c->a, c->user, id, a, &status) == 0)
        return true;
    action_failed(c, status, _("Không đọc được dữ liệu. Hãy thử lại."));
    return false;
}

static void account_get(ctx *c)
{
    account a;
    if (load_account(c, req_param_id(c->rq, "id"), &a))
        account_page(c, &a, NULL);
}

static void after_action(ctx *c, int rc, int status, const char *err, int64_t id, const char *done)
{
    if (rc != 0) {
        action_failed(c, status, err);
        return;
    }
    page_flash_set(c, done);
    respond_redirect(c, arena_printf(c->a, "/admin/users/%lld", (long long)id));
}

static void disable_post(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    const char *err;
    int status;
    int rc = auth_user_set_disabled(c->db, c->user, id, true, &err, &status);
    after_action(c, rc, status, err, id,
                 _("Đã khóa tài khoản; các phiên và mã truy cập đã kết thúc."));
}

static void enable_post(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    const char *err;
    int status;
    int rc = auth_user_set_disabled(c->db, c->user, id, false, &err, &status);
    after_action(c, rc, status, err, id, _("Đã mở khóa tài khoản."));
}

static void require_change_post(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    const char *err;
    int status;
    int rc = auth_require_password_change(c->db, c->user, id, &err, &status);
    after_action(c, rc, status, err, id, _("Người dùng sẽ phải đổi mật khẩu ở lần tới."));
}

/* Answered with the page itself (200), not a redirect: the one-time password must appear
 * once and nowhere else (not in a flash cookie, not in a URL). The page is no-store. */
static void password_post(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    const char *err;
    int status;
    char pw[AUTH_GENERATED_PASSWORD_CHARS + 1];
    if (auth_password_reset(c->db, c->user, id, NULL, pw, &err, &status) != 0) {
        action_failed(c, status, err);
        return;
    }
    account a;
    if (load_account(c, id, &a))
        account_page(c, &a, pw);
}

static void token_revoke_post(ctx *c)
{
    if (!auth_may_manage_users(c->user)) {
        respond_forbidden(c);
        return;
    }
    int64_t tid = req_param_id(c->rq, "id");
    /* The owner, to come back to their page. */
    token_row *rows;
    int status;
    int n = auth_token_list(c->db, c->a, c->user, 0, &rows, &status);
    int64_t owner = 0;
    for (int i = 0; i < n; i++)
        if (rows[i].id == tid)
            owner = rows[i].user_id;
    const char *err;
    if (!owner) {
        respond_not_found(c);
        return;
    }
    if (auth_token_revoke(c->db, c->user, tid, &err) != 0) {
        respond_error(c, 500, "internal", err);
        return;
    }
    page_flash_set(c, _("Đã thu hồi mã truy cập."));
    respond_redirect(c, arena_printf(c->a, "/admin/users/%lld", (long long)owner));
}

void auth_admin_web_routes(void)
{
    route_add("GET", "/admin/users/{id}", account_get, 0);
    route_add("POST", "/admin/users/{id}/disable", disable_post, 0);
    route_add("POST", "/admin/users/{id}/enable", enable_post, 0);
    route_add("POST", "/admin/users/{id}/password", password_post, 0);
    route_add("POST", "/admin/users/{id}/require-change", require_change_post, 0);
    route_add("POST", "/admin/tokens/{id}/revoke", token_revoke_post, 0);
}
