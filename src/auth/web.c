/* Pages of the auth module: log in and out, change one's password, the user list and the
 * new-user form. Each handler: (dispatcher: authenticate, CSRF) → authorize in the service →
 * validate → act + audit → 303 after POST. */
#include <stdlib.h>
#include <string.h>

#include "web/respond.h"
#include "auth/auth_impl.h"
#include "base/i18n.h"
#include "web/layout.h"
#include "http/router.h"

/* What one form field shows: its typed value and the error beside it. */
typedef struct field {
    const char *name, *label, *type, *value, *error, *autocomplete;
} field;

static void field_write(ctx *c, const field *f)
{
    strbuf *b = &c->rs->body;
    html_printf(b, "<div class=\"field%s\"><label for=\"f-%s\">%s</label>",
                f->error ? " has-error" : "", f->name, f->label);
    html_printf(b, "<input id=\"f-%s\" name=\"%s\" type=\"%s\" autocomplete=\"%s\"", f->name,
                f->name, f->type, f->autocomplete ? f->autocomplete : "off");
    /* Passwords are never echoed back into the page. */
    if (f->value && strcmp(f->type, "password") != 0)
        html_printf(b, " value=\"%s\"", f->value);
    if (f->error)
        html_printf(b, " aria-invalid=\"true\" aria-describedby=\"e-%s\"", f->name);
    html_raw(b, ">");
    if (f->error)
        html_printf(b, "<span class=\"error\" id=\"e-%s\">%s</span>", f->name, f->error);
    html_raw(b, "</div>");
}

/* A `next` target after login: a local path only ("/x", not "//host" or "/\host"), so the
 * login page cannot be used to send people to another site. */
static const char *safe_next(const char *next)
{
    if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\')
        return "/";
    for (const unsigned char *p = (const unsigned char *)next; *p; p++)
        if (*p < 0x20 || *p == 0x7f || *p == '\\')
            return "/";
    if (strlen(next) > 1024)
        return "/";
    return next;
}

/* ---- /login ---- */

/* The login CSRF token of this browser (session.c, LOGIN_CSRF_COOKIE): the cookie's value when
 * it is well-formed, else a new one, set as a cookie with this response. */
static const char *login_token(ctx *c)
{
    const char *have = req_cookie(c->rq, LOGIN_CSRF_COOKIE);
    if (login_csrf_match(have, have))
        return have;
    char tok[CSRF_TOKEN_CHARS + 1];
    auth_random_hex(tok, sizeof tok, 32);
    char *cookie = login_csrf_cookie(tok);
    resp_header(c->a, c->rs, "Set-Cookie", arena_strdup(c->a, cookie));
    free(cookie);
    return arena_strdup(c->a, tok);
}

static void login_page(ctx *c, const char *login, const char *next, const char *error)
{
    const char *token = login_token(c);
    page_begin(c, _("Đăng nhập"), NULL);
    strbuf *b = &c->rs->body;
    if (error)
        page_alert(c, "error", error);
    else if (req_query(c->rq, "expired"))
        page_alert(c, "warn",
                   _("Phiên làm việc đã hết hạn nên biểu mẫu chưa được gửi. Hãy đăng nhập lại: "
                     "nội dung bạn đã nhập sẽ được điền lại để gửi tiếp."));
    html_raw(b, "<form class=\"form login\" method=\"post\" action=\"/login\">");
    html_printf(b, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">", token);
    html_printf(b, "<input type=\"hidden\" name=\"next\" value=\"%s\">", safe_next(next));
    field_write(c, &(field){"login", _("Tên đăng nhập"), "text", login, NULL, "username"});
    field_write(c, &(field){"password", _("Mật khẩu"), "password", NULL, NULL, "current-password"});
    html_printf(b, "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>",
                _("Đăng nhập"));
    page_end(c);
}

static void login_get(ctx *c)
{
    const char *next = req_query(c->rq, "next");
    if (c->user) {
        respond_redirect(c, safe_next(next));
        return;
    }
    login_page(c, NULL, next, NULL);
}

static void login_post(ctx *c)
{
    const char *login = req_form(c->rq, "login");
    const char *password = req_form(c->rq, "password");
    const char *next = req_form(c->rq, "next");
    /* Login CSRF, checked before the password is even looked at: a form posted from another
     * site carries no token matching this browser's cookie. */
    if (!login_csrf_match(req_cookie(c->rq, LOGIN_CSRF_COOKIE), req_form(c->rq, "csrf"))) {
        login_page(c, login, next,
                   _("Biểu mẫu đăng nhập đã hết hạn hoặc không hợp lệ. Hãy đăng nhập lại."));
        c->rs->status = 403;
        return;
    }
    login_result r;
    const char *err = NULL;
    if (auth_login(c->db, login, password, c->rq->client_ip, req_header(c->rq, "user-agent"),
                   req_cookie(c->rq, AUTH_SESSION_COOKIE), &r, &err) != 0) {
        login_page(c, login, next, err);
        return;
    }
    char *cookie = session_cookie(r.token);
    resp_header(c->a, c->rs, "Set-Cookie", arena_strdup(c->a, cookie));
    free(cookie);
    respond_redirect(c, safe_next(next));
}

/* ---- /logout ---- */

static void logout_post(ctx *c)
{
    if (c->user && c->session_id)
        auth_logout(c->db, c->user, c->session_id);
    char *cookie = session_cookie(NULL);
    resp_header(c->a, c->rs, "Set-Cookie", arena_strdup(c->a, cookie));
    free(cookie);
    respond_redirect(c, "/login");
}

/* ---- /account/password ---- */

static void password_page(ctx *c, const char *err_old, const char *err_new, const char *err_new2)
{
    page_begin(c, _("Đổi mật khẩu"), NULL);
    strbuf *b = &c->rs->body;
    if (c->user->must_change_password)
        page_alert(c, "warn",
                   _("Bạn cần đặt mật khẩu mới trước khi tiếp tục làm việc (mật khẩu hiện tại "
                     "do quản trị viên cấp hoặc quản trị viên yêu cầu đổi)."));
    html_raw(b, "<form class=\"form\" method=\"post\" action=\"/account/password\">");
    form_csrf(c);
    field_write(c, &(field){"old_password", _("Mật khẩu hiện tại"), "password", NULL, err_old,
                            "current-password"});
    field_write(
        c, &(field){"new_password", _("Mật khẩu mới"), "password", NULL, err_new, "new-password"});
    field_write(c, &(field){"new_password2", _("Nhập lại mật khẩu mới"), "password", NULL, err_new2,
                            "new-password"});
    html_printf(b, "<p class=\"hint\">%s</p>",
                _("Ít nhất 10 ký tự, trộn ít nhất hai loại (chữ thường, chữ hoa, chữ số, ký "
                  "hiệu); không trùng tên đăng nhập, không dùng mật khẩu phổ biến. Các phiên "
                  "đăng nhập khác và mã truy cập API của bạn sẽ bị kết thúc."));
    html_printf(b, "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>",
                _("Đổi mật khẩu"));
    page_end(c);
}

static void password_get(ctx *c)
{
    if (!c->user) {
        respond_redirect(c, "/login");
        return;
    }
    password_page(c, NULL, NULL, NULL);
}

static void password_post(ctx *c)
{
    if (!c->user) {
        respond_redirect(c, "/login");
        return;
    }
    const char *old_pw = req_form(c->rq, "old_password");
    const char *new_pw = req_form(c->rq, "new_password");
    const char *new2 = req_form(c->rq, "new_password2");
    if (!new_pw || !new2 || strcmp(new_pw, new2) != 0) {
        password_page(c, NULL, NULL, _("Hai lần nhập mật khẩu mới không khớp."));
        return;
    }
    const char *err = NULL;
    if (auth_password_change(c->db, c->user, c->session_id, old_pw, new_pw, &err) != 0) {
        bool about_old = strcmp(err, _("Mật khẩu hiện tại không đúng.")) == 0;
        password_page(c, about_old ? err : NULL, about_old ? NULL : err, NULL);
        return;
    }
    page_flash_set(c, _("Đã đổi mật khẩu."));
    respond_redirect(c, "/");
}

/* ---- /admin/users ---- */

static void users_get(ctx *c)
{
    user_row *rows;
    int status;
    int n = auth_user_list(c->db, c->a, c->user, &rows, &status);
    if (n < 0) {
        if (status == 403)
            respond_forbidden(c);
        else
            respond_error(c, 500, "internal", _("Không đọc được dữ liệu. Hãy thử lại."));
        return;
    }
    page_begin(c, _("Người dùng"), "admin");
    strbuf *b = &c->rs->body;
    if (auth_may_create_users(c->user))
        html_printf(b,
                    "<p class=\"no-print\"><a class=\"button\" href=\"/admin/users/new\">%s</a>"
                    "</p>",
                    _("Thêm người dùng"));
    html_printf(b,
                "<div class=\"table-wrap\"><table><thead><tr><th>%s</th><th>%s</th><th>%s</th>"
                "<th>%s</th><th>%s</th></tr></thead><tbody>",
                _("Tên đăng nhập"), _("Họ tên"), _("Vai trò"), _("Đơn vị"), _("Trạng thái"));
    bool manage = auth_may_manage_users(c->user);
    for (int i = 0; i < n; i++) {
        if (manage)
            html_printf(b, "<tr><td><a href=\"/admin/users/%lld\">%s</a></td>",
                        (long long)rows[i].id, rows[i].login);
        else
            html_printf(b, "<tr><td>%s</td>", rows[i].login);
        html_printf(b, "<td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>", rows[i].name,
                    role_label(role_from_code(rows[i].role)),
                    rows[i].unit_name ? rows[i].unit_name : "",
                    rows[i].disabled ? _("Đã khóa") : _("Đang dùng"));
    }
    if (n == 0)
        html_printf(b, "<tr><td colspan=\"5\">%s</td></tr>", _("Chưa có người dùng."));
    html_raw(b, "</tbody></table></div>");
    page_end(c);
}

typedef struct new_user_form {
    const char *login, *name, *role, *unit_id;
    const char *field, *error; /* the field at fault and its message */
} new_user_form;

static const char *err_for(const new_user_form *f, const char *name)
{
    return f->field && strcmp(f->field, name) == 0 ? f->error : NULL;
}

static void new_user_page(ctx *c, const new_user_form *f)
{
    unit_choice *units;
    int nu = auth_unit_choices(c, &units);
    page_begin(c, _("Thêm người dùng"), "admin");
    strbuf *b = &c->rs->body;
    if (f->error && !f->field)
        page_alert(c, "error", f->error);
    html_raw(b, "<form class=\"form\" method=\"post\" action=\"/admin/users/new\">");
    form_csrf(c);
    field_write(
        c, &(field){"login", _("Tên đăng nhập"), "text", f->login, err_for(f, "login"), "off"});
    field_write(c, &(field){"name", _("Họ và tên"), "text", f->name, err_for(f, "name"), "off"});

    const char *e = err_for(f, "role");
    html_printf(b,
                "<div class=\"field%s\"><label for=\"f-role\">%s</label><select id=\"f-role\" "
                "name=\"role\">",
                e ? " has-error" : "", _("Vai trò"));
    for (int r = ROLE_ADMIN; r <= ROLE_UNIT; r++) {
        const char *code = role_code((enum role)r);
        html_printf(b, "<option value=\"%s\"%s>%s</option>", code,
                    f->role && strcmp(f->role, code) == 0 ? " selected" : "",
                    role_label((enum role)r));
    }
    html_raw(b, "</select>");
    if (e)
        html_printf(b, "<span class=\"error\">%s</span>", e);
    html_raw(b, "</div>");

    e = err_for(f, "unit_id");
    html_printf(b,
                "<div class=\"field%s\"><label for=\"f-unit\">%s</label><select id=\"f-unit\" "
                "name=\"unit_id\">",
                e ? " has-error" : "", _("Đơn vị"));
    for (int i = 0; i < nu; i++) {
        char id[24];
        snprintf(id, sizeof id, "%lld", (long long)units[i].id);
        /* Indentation shows the tree; non-breaking spaces survive inside <option>. */
        html_printf(b, "<option value=\"%s\"%s>", id,
                    f->unit_id && strcmp(f->unit_id, id) == 0 ? " selected" : "");
        for (int k = 0; k < units[i].depth && k < 8; k++)
            html_raw(b, "\u00a0\u00a0");
        html_printf(b, "%s</option>", units[i].name);
    }
    html_raw(b, "</select>");
    if (e)
        html_printf(b, "<span class=\"error\">%s</span>", e);
    html_raw(b, "</div>");

    field_write(c, &(field){"password", _("Mật khẩu ban đầu"), "password", NULL,
                            err_for(f, "password"), "new-password"});
    html_printf(b,
                "<div class=\"actions\"><button type=\"submit\">%s</button> "
                "<a href=\"/admin/users\">%s</a></div></form>",
                _("Tạo người dùng"), _("Hủy"));
    page_end(c);
}

static void new_user_get(ctx *c)
{
    if (!auth_may_create_users(c->user) || !c->user) {
        respond_forbidden(c);
        return;
    }
    new_user_page(c, &(new_user_form){0});
}

static void new_user_post(ctx *c)
{
    if (!auth_may_create_users(c->user) || !c->user) {
        respond_forbidden(c);
        return;
    }
    new_user_form f = {
        .login = req_form(c->rq, "login"),
        .name = req_form(c->rq, "name"),
        .role = req_form(c->rq, "role"),
        .unit_id = req_form(c->rq, "unit_id"),
    };
    const char *password = req_form(c->rq, "password");
    char *end = NULL;
    long long unit_id = f.unit_id ? strtoll(f.unit_id, &end, 10) : 0;
    if (!f.unit_id || !*f.unit_id || *end)
        unit_id = 0;
    int status;
    int64_t id = auth_user_create_ex(c->db, c->user, f.login, f.name, role_from_code(f.role),
                                     unit_id, password, &f.error, &status, &f.field);
    if (id < 0) {
        if (status == 403) {
            respond_forbidden(c);
            return;
        }
        new_user_page(c, &f);
        c->rs->status = status == 409 ? 409 : status >= 500 ? 500 : 400;
        return;
    }
    page_flash_set(c, _("Đã tạo người dùng."));
    respond_redirect(c, "/admin/users");
}

void auth_web_routes(void)
{
    route_add("GET", "/login", login_get, ROUTE_PUBLIC);
    route_add("POST", "/login", login_post, ROUTE_PUBLIC);
    route_add("POST", "/logout", logout_post, 0);
    route_add("GET", "/account/password", password_get, 0);
    route_add("POST", "/account/password", password_post, 0);
    route_add("GET", "/admin/users", users_get, 0);
    route_add("GET", "/admin/users/new", new_user_get, 0);
    route_add("POST", "/admin/users/new", new_user_post, 0);
    auth_admin_web_routes();
}
