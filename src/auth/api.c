/* JSON API of the auth module: who am I, the user list, creating users, running accounts
 * (disable, enable, password reset, require a change) and API tokens (docs/api.md,
 * "Accounts"). Permission checks are the services' (users.c, manage.c), the same as for the
 * pages. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "web/errors.h"
#include "web/params.h"
#include "web/respond.h"
#include "auth/auth_impl.h"
#include "base/i18n.h"
#include "http/router.h"

static json_t *unit_json(int64_t id, const char *name)
{
    return json_pack("{s:I, s:s?}", "id", (json_int_t)id, "name", name);
}

/* The dispatcher only lets signed-in callers reach these routes; checked again because a
 * NULL actor means the operator's CLI to the services, with every right. */
static bool signed_in(ctx *c)
{
    if (c->user)
        return true;
    respond_api_error(c, 401, "unauthorized", _("Cần đăng nhập."));
    return false;
}

static void me_get(ctx *c)
{
    if (!signed_in(c) || !params_check(c, NULL))
        return;
    const user *u = c->user;
    respond_json(c, 200,
                 json_pack("{s:I, s:s, s:s, s:s, s:o}", "id", (json_int_t)u->id, "login", u->login,
                           "name", u->name, "role", role_code(u->role), "unit",
                           unit_json(u->unit_id, u->unit_name)));
}

static void users_get(ctx *c)
{
    if (!signed_in(c) || !params_check(c, NULL))
        return;
    user_row *rows;
    int status;
    int n = auth_user_list(c->db, c->a, c->user, &rows, &status);
    if (n < 0) {
        if (status == 403)
            respond_api_error(c, 403, "forbidden", _("Bạn không có quyền xem danh sách này."));
        else
            respond_api_error(c, 500, "internal", _("Không đọc được dữ liệu. Hãy thử lại."));
        return;
    }
    json_t *items = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:s, s:o, s:b}", "id",
                                               (json_int_t)rows[i].id, "login", rows[i].login,
                                               "name", rows[i].name, "role", rows[i].role, "unit",
                                               unit_json(rows[i].unit_id, rows[i].unit_name),
                                               "disabled", rows[i].disabled));
    respond_json(c, 200, json_pack("{s:I, s:o}", "total", (json_int_t)n, "items", items));
}

static const char *code_for(int status)
{
    return status == 403   ? "forbidden"
           : status == 404 ? "not_found"
           : status == 409 ? "duplicate"
           : status == 400 ? "invalid_input"
                           : "internal";
}

static void users_post(ctx *c)
{
    if (!signed_in(c))
        return;
    if (!auth_may_create_users(c->user)) {
        respond_api_error(c, 403, "forbidden", _("Bạn không có quyền tạo người dùng."));
        return;
    }
    static const char *const members[] = {"login", "name", "role", "unit_id", "password", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    const char *login = NULL, *name = NULL, *password = NULL;
    int role = -1;
    int64_t unit_id = 0;
    json_member_text(c, j, "login", &login, &e);
    json_member_text(c, j, "name", &name, &e);
    json_member_enum(c, j, "role", role_codes, &role, &e);
    json_member_id(c, j, "unit_id", &unit_id, &e);
    json_member_text(c, j, "password", &password, &e);
    if (!e.n && (!login || !name || role < 0 || !unit_id || !password))
        web_err_add(&e, 400, "invalid_input", NULL,
                    _("Cần login, name, role, unit_id (số) và password."));
    if (e.n) {
        web_err_respond(c, &e);
        return;
    }
    const char *err = NULL;
    int status;
    int64_t id = auth_user_create(c->db, c->user, login, name, role_from_code(role_codes[role]),
                                  unit_id, password, &err, &status);
    if (id < 0) {
        respond_api_error(c, status, code_for(status), err);
        return;
    }
    respond_json(c, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

static json_t *account_json(const account *a)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:o, s:b, s:b}", "id", (json_int_t)a->id, "login",
                     a->login, "name", a->name, "role", a->role, "unit",
                     unit_json(a->unit_id, a->unit_name), "disabled", a->disabled,
                     "must_change_password", a->must_change_password);
}

/* Answers with the account after a change, or the change's error. */
static void changed(ctx *c, int rc, int status, const char *err, int64_t id, json_t *extra)
{
    if (rc != 0) {
        json_decref(extra);
        respond_api_error(c, status, code_for(status), err);
        return;
    }
    account a;
    if (auth_account_get(c->db, c->a, c->user, id, &a, &status) != 0) {
        json_decref(extra);
        respond_api_error(c, status, code_for(status), _("Không đọc được dữ liệu. Hãy thử lại."));
        return;
    }
    json_t *j = account_json(&a);
    if (extra)
        json_object_update(j, extra);
    json_decref(extra);
    respond_json(c, 200, j);
}

static void user_get(ctx *c)
{
    if (!signed_in(c) || !params_check(c, NULL))
        return;
    account a;
    int status;
    if (auth_account_get(c->db, c->a, c->user, req_param_id(c->rq, "id"), &a, &status) != 0) {
        respond_api_error(c, status, code_for(status),
                          status == 403 ? _("Chỉ quản trị hệ thống được quản lý tài khoản.")
                          : status == 404 ? _("Không tìm thấy người dùng.")
                                          : _("Không đọc được dữ liệu. Hãy thử lại."));
        return;
    }
    respond_json(c, 200, account_json(&a));
}

static void set_disabled(ctx *c, bool disabled)
{
    if (!signed_in(c) || !params_json_optional(c, NULL))
        return;
    int64_t id = req_param_id(c->rq, "id");
    const char *err;
    int status;
    int rc = auth_user_set_disabled(c->db, c->user, id, disabled, &err, &status);
    changed(c, rc, status, err, id, NULL);
}

static void disable_post(ctx *c)
{
    set_disabled(c, true);
}

static void enable_post(ctx *c)
{
    set_disabled(c, false);
}

static void require_change_post(ctx *c)
{
    if (!signed_in(c) || !params_json_optional(c, NULL))
        return;
    int64_t id = req_param_id(c->rq, "id");
    const char *err;
    int status;
    int rc = auth_require_password_change(c->db, c->user, id, &err, &status);
    changed(c, rc, status, err, id, NULL);
}

/* Body: {} or no body (a generated one-time password, returned once as "password"), or
 * {"password": "..."} (the administrator's choice). Either way the user must change it. */
static void password_post(ctx *c)
{
    if (!signed_in(c))
        return;
    static const char *const members[] = {"password", NULL};
    json_t *j = params_json_optional(c, members);
    if (!j)
        return;
    json_t *v = json_object_get(j, "password");
    if (v && !json_is_string(v)) {
        respond_api_error(c, 422, "invalid_input", _("password phải là chuỗi."));
        return;
    }
    const char *pw = v ? json_string_value(v) : NULL;
    int64_t id = req_param_id(c->rq, "id");
    const char *err;
    int status;
    char generated[AUTH_GENERATED_PASSWORD_CHARS + 1];
    int rc = auth_password_reset(c->db, c->user, id, pw, generated, &err, &status);
    changed(c, rc, status, err, id, pw ? NULL : json_pack("{s:s}", "password", generated));
}

static json_t *token_json(const token_row *t)
{
    return json_pack("{s:I, s:I, s:s, s:s?, s:s, s:s?, s:s?}", "id", (json_int_t)t->id, "user_id",
                     (json_int_t)t->user_id, "login", t->login, "label", t->label, "created_at",
                     t->created_at, "last_used_at", t->last_used_at, "revoked_at", t->revoked_at);
}

/* GET /api/v1/tokens[?user_id=N]: an administrator's choice of user (all by default); anyone
 * else gets their own. */
static void tokens_get(ctx *c)
{
    static const char *const params[] = {"user_id", NULL};
    if (!signed_in(c) || !params_check(c, params))
        return;
    int64_t uid = 0;
    if (query_int(c, "user_id", 1, INT64_MAX, &uid) == PARAM_BAD) {
        respond_api_error(c, 400, "invalid_parameter", _("user_id phải là số."));
        return;
    }
    token_row *rows;
    int status;
    int n = auth_token_list(c->db, c->a, c->user, uid, &rows, &status);
    if (n < 0) {
        respond_api_error(c, 500, "internal", _("Không đọc được dữ liệu. Hãy thử lại."));
        return;
    }
    json_t *items = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(items, token_json(&rows[i]));
    respond_json(c, 200, json_pack("{s:I, s:o}", "total", (json_int_t)n, "items", items));
}

static void token_revoke_post(ctx *c)
{
    if (!signed_in(c) || !params_json_optional(c, NULL))
        return;
    const char *err;
    if (auth_token_revoke(c->db, c->user, req_param_id(c->rq, "id"), &err) != 0) {
        respond_api_error(c, 404, "not_found", err);
        return;
    }
    respond_json(c, 200, json_pack("{s:b}", "revoked", 1));
}

void auth_api_routes(void)
{
    route_add("GET", "/api/v1/me", me_get, ROUTE_API);
    route_add("GET", "/api/v1/users", users_get, ROUTE_API);
    route_add("POST", "/api/v1/users", users_post, ROUTE_API);
    route_add("GET", "/api/v1/users/{id}", user_get, ROUTE_API);
    route_add("POST", "/api/v1/users/{id}/disable", disable_post, ROUTE_API);
    route_add("POST", "/api/v1/users/{id}/enable", enable_post, ROUTE_API);
    route_add("POST", "/api/v1/users/{id}/password", password_post, ROUTE_API);
    route_add("POST", "/api/v1/users/{id}/require-password-change", require_change_post, ROUTE_API);
    route_add("GET", "/api/v1/tokens", tokens_get, ROUTE_API);
    route_add("POST", "/api/v1/tokens/{id}/revoke", token_revoke_post, ROUTE_API);
}
