/* Accounts: creating users (CLI, admin page, API share this), listing them within the
 * actor's scope, and API tokens. Permission checks live here so pages and API agree. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "auth/auth_impl.h"
#include "base/i18n.h"
#include "org/org.h"

#define LOGIN_MAX 64
#define NAME_MAX_BYTES 200

static const db_query q_login_exists = {"auth.login_exists", "SELECT 1 FROM users WHERE login = ?1",
                                        NULL};
static const db_query q_insert_user = {
    "auth.user_insert",
    "INSERT INTO users(login, name, role, unit_id, password_hash, must_change_password,"
    " created_at, created_by, updated_at, updated_by)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?8, ?6, ?7, ?6, ?7)",
    NULL};
static const db_query q_list = {
    "auth.user_list",
    "SELECT u.id, u.login, u.name, u.role, u.unit_id, un.name, u.disabled"
    " FROM users u LEFT JOIN units un ON un.id = u.unit_id ORDER BY u.login",
    NULL};
static const db_query q_active_id_by_login = {
    "auth.active_id_by_login", "SELECT id, unit_id FROM users WHERE login = ?1 AND disabled = 0",
    NULL};
static const db_query q_token_owner = {"auth.token_owner",
                                       "SELECT user_id FROM api_tokens WHERE id = ?1", NULL};

bool auth_may_list_users(const user *actor)
{
    return actor && (actor->role == ROLE_ADMIN || actor->role == ROLE_OFFICE_LEADER);
}

bool auth_may_create_users(const user *actor)
{
    return !actor || actor->role == ROLE_ADMIN; /* NULL = the operator's CLI */
}

const char *auth_login_invalid(const char *login)
{
    size_t n = login ? strlen(login) : 0;
    if (n < 2 || n > LOGIN_MAX)
        return _("Tên đăng nhập dài từ 2 đến 64 ký tự.");
    for (const char *p = login; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' ||
              *p == '-'))
            return _("Tên đăng nhập chỉ gồm chữ thường không dấu, chữ số và . _ -");
    return NULL;
}

static char *user_json(const char *login, const char *name, enum role role, int64_t unit_id)
{
    json_t *j = json_pack("{s:s, s:s, s:s, s:I}", "login", login, "name", name, "role",
                          role_code(role), "unit_id", (json_int_t)unit_id);
    char *s = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    return s;
}

int64_t user_insert(db *d, const user *actor, const char *login, const char *name, enum role role,
                    int64_t unit_id, const char *hash, bool must_change_password)
{
    char now[32];
    auth_now_iso(now, 0);
    db_stmt *s = db_stmt_get(d, &q_insert_user);
    if (!s)
        return DB_ERROR;
    db_bind_text(s, 1, login);
    db_bind_text(s, 2, name);
    db_bind_text(s, 3, role_code(role));
    db_bind_int(s, 4, unit_id);
    db_bind_text(s, 5, hash);
    db_bind_text(s, 6, now);
    if (actor && actor->id)
        db_bind_int(s, 7, actor->id);
    else
        db_bind_null(s, 7);
    db_bind_int(s, 8, must_change_password ? 1 : 0);
    int rc = db_exec(s);
    return rc == DB_DONE ? db_last_id(d) : rc;
}

int64_t auth_user_create_ex(db *d, const user *actor, const char *login, const char *name,
                            enum role role, int64_t unit_id, const char *password,
                            const char **err_r, int *status_r, const char **field_r)
{
    const char *field = NULL;
    *status_r = 400;
    if (!auth_may_create_users(actor)) {
        *status_r = 403;
        *err_r = _("Bạn không có quyền tạo người dùng.");
        goto refuse;
    }
    if ((*err_r = auth_login_invalid(login))) {
        field = "login";
        goto refuse;
    }
    if (!name || !*name || strlen(name) > NAME_MAX_BYTES) {
        field = "name";
        *err_r = _("Họ tên là bắt buộc (tối đa 200 byte).");
        goto refuse;
    }
    if (role == ROLE_NONE) {
        field = "role";
        *err_r = _("Vai trò không hợp lệ.");
        goto refuse;
    }
    if ((*err_r = password_weak(login, password))) {
        field = "password";
        goto refuse;
    }
    {
        /* org's unit lookups take a request context; a throwaway one over this connection. */
        ctx c = {.a = arena_new(), .db = d, .user = actor};
        const unit *u = unit_id > 0 ? org_unit_get(&c, unit_id) : NULL;
        bool visible = u && (!actor || org_user_unit_in_scope(d, actor, unit_id));
        bool active = u && org_unit_active(u);
        arena_free(&c.a);
        field = "unit_id";
        if (!visible) {
            *status_r = 404;
            *err_r = _("Không tìm thấy đơn vị.");
            goto refuse;
        }
        if (!active) {
            *err_r = _("Đơn vị đã giải thể, không thể thêm người dùng.");
            goto refuse;
        }
    }
    db_stmt *s = db_stmt_get(d, &q_login_exists);
    if (s) {
        db_bind_text(s, 1, login);
        int exists = db_step(s) == DB_ROW;
        db_reset(s);
        if (exists) {
            field = "login";
            *status_r = 409;
            *err_r = _("Tên đăng nhập đã được dùng.");
            goto refuse;
        }
    }
    char hash[AUTH_HASH_BYTES];
    if (password_hash(password, hash) != 0) {
        field = "password";
        *err_r = _("Không tạo được mật khẩu. Hãy thử lại.");
        goto refuse;
    }
    char *after = user_json(login, name, role, unit_id);
    int rc = db_begin_write(d);
    int64_t id = -1;
    if (rc != 0)
        goto fail;
    if ((id = user_insert(d, actor, login, name, role, unit_id, hash, false)) < 0) {
        rc = (int)id;
        goto fail;
    }
    if ((rc = audit_log(d, actor, "user.create", "user", id, NULL, after)) != 0)
        goto fail;
    if ((rc = db_commit(d)) != 0)
        goto fail;
    free(after);
    *status_r = 201;
    *err_r = NULL;
    if (field_r)
        *field_r = NULL;
    return id;
fail:
    free(after);
    db_rollback(d);
    if (rc == DB_CONSTRAINT) { /* a concurrent create of the same login */
        field = "login";
        *status_r = 409;
        *err_r = _("Tên đăng nhập đã được dùng.");
    } else {
        field = NULL;
        *status_r = 500;
        *err_r = rc == DB_FULL ? db_errmsg(d) : _("Không ghi được dữ liệu. Hãy thử lại.");
    }
refuse:
    if (field_r)
        *field_r = field;
    return -1;
}

int64_t auth_user_create(db *d, const user *actor, const char *login, const char *name,
                         enum role role, int64_t unit_id, const char *password, const char **err_r,
                         int *status_r)
{
    return auth_user_create_ex(d, actor, login, name, role, unit_id, password, err_r, status_r,
                               NULL);
}

int auth_user_list(db *d, arena *a, const user *actor, user_row **rows_r, int *status_r)
{
    *rows_r = NULL;
    if (!auth_may_list_users(actor)) {
        *status_r = 403;
        return -1;
    }
    db_stmt *s = db_stmt_get(d, &q_list);
    if (!s) {
        *status_r = 500;
        return -1;
    }
    /* Rows are read first and scope-checked after: org's rule runs its own statements, and
     * account lists are short (hundreds), so filtering here is cheap and uses the one rule
     * every page applies. */
    size_t n = 0, cap = 0;
    user_row *rows = NULL;
    int rc;
    while ((rc = db_step(s)) == DB_ROW) {
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 64;
            user_row *nr = arena_alloc(a, nc * sizeof *nr);
            if (n)
                memcpy(nr, rows, n * sizeof *nr);
            rows = nr;
            cap = nc;
        }
        user_row *r = &rows[n++];
        r->id = db_col_int(s, 0);
        r->login = arena_strdup(a, db_col_text(s, 1));
        r->name = arena_strdup(a, db_col_text(s, 2));
        r->role = arena_strdup(a, db_col_text(s, 3));
        r->unit_id = db_col_int(s, 4);
        r->unit_name = arena_strdup(a, db_col_text(s, 5));
        r->disabled = db_col_int(s, 6) != 0;
    }
    if (rc < 0) {
        *status_r = 500;
        return -1;
    }
    size_t kept = 0;
    for (size_t i = 0; i < n; i++)
        if (org_user_unit_in_scope(d, actor, rows[i].unit_id))
            rows[kept++] = rows[i];
    *rows_r = rows;
    *status_r = 200;
    return (int)kept;
}

char *auth_token_create(db *d, const user *actor, const char *login, const char **err_r)
{
    db_stmt *s = db_stmt_get(d, &q_active_id_by_login);
    int64_t uid = 0;
    if (s) {
        db_bind_text(s, 1, login ? login : "");
        if (db_step(s) == DB_ROW)
            uid = db_col_int(s, 0);
        db_reset(s);
    }
    if (!uid) {
        *err_r = _("Không tìm thấy người dùng.");
        return NULL;
    }
    if (actor && actor->role != ROLE_ADMIN && actor->id != uid) {
        *err_r = _("Không tìm thấy người dùng."); /* no existence leak */
        return NULL;
    }
    char tok[API_TOKEN_CHARS + 1];
    int rc = db_begin_write(d);
    if (rc != 0)
        goto fail;
    int64_t tid = token_create(d, uid, login, tok);
    if (tid < 0) {
        rc = (int)tid;
        goto fail;
    }
    char *after = NULL;
    {
        json_t *j = json_pack("{s:s, s:I}", "login", login, "user_id", (json_int_t)uid);
        after = json_dumps(j, JSON_COMPACT);
        json_decref(j);
    }
    rc = audit_log(d, actor, "token.create", "api_token", tid, NULL, after);
    free(after);
    if (rc != 0 || (rc = db_commit(d)) != 0)
        goto fail;
    *err_r = NULL;
    return strdup(tok);
fail:
    db_rollback(d);
    *err_r = rc == DB_FULL ? db_errmsg(d) : _("Không ghi được dữ liệu. Hãy thử lại.");
    return NULL;
}

int auth_token_revoke(db *d, const user *actor, int64_t token_id, const char **err_r)
{
    int rc = db_begin_write(d);
    if (rc != 0) {
        *err_r = _("Không ghi được dữ liệu. Hãy thử lại.");
        return -1;
    }
    db_stmt *s = db_stmt_get(d, &q_token_owner);
    int64_t owner = 0;
    if (s) {
        db_bind_int(s, 1, token_id);
        if (db_step(s) == DB_ROW)
            owner = db_col_int(s, 0);
        db_reset(s);
    }
    if (!owner || (actor && actor->role != ROLE_ADMIN && actor->id != owner)) {
        db_rollback(d);
        *err_r = _("Không tìm thấy mã truy cập.");
        return -1;
    }
    int r = token_revoke(d, token_id);
    if (r < 0 ||
        (r == 1 && audit_log(d, actor, "token.revoke", "api_token", token_id, NULL, NULL) != 0)) {
        db_rollback(d);
        *err_r = _("Không ghi được dữ liệu. Hãy thử lại.");
        return -1;
    }
    if (db_commit(d) != 0) {
        *err_r = _("Không ghi được dữ liệu. Hãy thử lại.");
        return -1;
    }
    return 0;
}

int auth_unit_choices(ctx *c, unit_choice **rows_r)
{
    unit *units;
    int *depth;
    int n = org_unit_list(c, false, &units, &depth);
    *rows_r = arena_alloc(c->a, (size_t)(n > 0 ? n : 1) * sizeof **rows_r);
    for (int i = 0; i < n; i++) {
        (*rows_r)[i].id = units[i].id;
        (*rows_r)[i].name = units[i].name;
        (*rows_r)[i].depth = depth ? depth[i] : 0;
    }
    return n;
}
