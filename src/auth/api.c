/* JSON API of the auth module: who am I, the user list, creating users (docs/api.md,
 * "Accounts"). Permission checks are the services' (users.c), the same as for the pages. */
#include <jansson.h>
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
        const char *code = status == 403   ? "forbidden"
                           : status == 404 ? "not_found"
                           : status == 409 ? "duplicate"
                           : status == 400 ? "invalid_input"
                                           : "internal";
        respond_api_error(c, status, code, err);
        return;
    }
    respond_json(c, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

void auth_api_routes(void)
{
    route_add("GET", "/api/v1/me", me_get, ROUTE_API);
    route_add("GET", "/api/v1/users", users_get, ROUTE_API);
    route_add("POST", "/api/v1/users", users_post, ROUTE_API);
}
