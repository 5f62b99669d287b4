/* Running accounts: disabling and re-enabling a user, resetting a password, requiring a change
 * at the next login, listing API tokens, and the first administrator of a new install. Only
 * an administrator (or the operator's CLI: actor NULL) manages accounts; the CLI, the admin
 * pages and the API all come here, so they cannot disagree. Each change ends what it must
 * (sessions, tokens) and writes its audit row in the same transaction. */
#include <jansson.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "auth/auth_impl.h"
#include "base/i18n.h"
#include "org/org.h"

static const db_query q_account = {
    "auth.account",
    "SELECT u.id, u.login, u.name, u.role, u.unit_id, un.name, u.disabled,"
    " u.must_change_password FROM users u LEFT JOIN units un ON un.id = u.unit_id"
    " WHERE u.id = ?1",
    NULL};
static const db_query q_id_by_login = {"auth.id_by_login", "SELECT id FROM users WHERE login = ?1",
                                       NULL};
static const db_query q_set_disabled = {
    "auth.set_disabled",
    "UPDATE users SET disabled = ?2, updated_at = ?3, updated_by = ?4 WHERE id = ?1", NULL};
static const db_query q_reset_password = {
    "auth.reset_password",
    "UPDATE users SET password_hash = ?2, must_change_password = 1, updated_at = ?3,"
    " updated_by = ?4 WHERE id = ?1",
    NULL};
static const db_query q_require_change = {
    "auth.require_change",
    "UPDATE users SET must_change_password = 1, updated_at = ?2, updated_by = ?3 WHERE id = ?1",
    NULL};

static const char *write_failed(db *d, int rc)
{
    return rc == DB_FULL ? db_errmsg(d) : _("Không ghi được dữ liệu. Hãy thử lại.");
}

bool auth_may_manage_users(const user *actor)
{
    return !actor || actor->role == ROLE_ADMIN;
}

int64_t auth_user_id_by_login(db *d, const char *login)
{
    db_stmt *s = db_stmt_get(d, &q_id_by_login);
    if (!s || !login)
        return 0;
    db_bind_text(s, 1, login);
    int64_t id = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
    db_reset(s);
    return id;
}

/* The account row, without a permission check. 1 found, 0 not, negative DB_* on error. */
static int account_load(db *d, arena *a, int64_t id, account *out)
{
    memset(out, 0, sizeof *out);
    db_stmt *s = db_stmt_get(d, &q_account);
    if (!s)
        return DB_ERROR;
    db_bind_int(s, 1, id);
    int rc = db_step(s);
    if (rc != DB_ROW)
        return rc == DB_DONE ? 0 : rc;
    out->id = db_col_int(s, 0);
    out->login = arena_strdup(a, db_col_text(s, 1));
    out->name = arena_strdup(a, db_col_text(s, 2));
    out->role = arena_strdup(a, db_col_text(s, 3));
    out->unit_id = db_col_int(s, 4);
    out->unit_name = db_col_text(s, 5) ? arena_strdup(a, db_col_text(s, 5)) : NULL;
    out->disabled = db_col_int(s, 6) != 0;
    out->must_change_password = db_col_int(s, 7) != 0;
    db_reset(s);
    return 1;
}

int auth_account_get(db *d, arena *a, const user *actor, int64_t id, account *out, int *status_r)
{
    if (!auth_may_manage_users(actor)) {
        *status_r = 403;
        return -1;
    }
    int rc = account_load(d, a, id, out);
    *status_r = rc == 1 ? 200 : rc == 0 ? 404 : 500;
    return rc == 1 ? 0 : -1;
}

static void bind_actor(db_stmt *s, int k, const user *actor)
{
    if (actor && actor->id)
        db_bind_int(s, k, actor->id);
    else
        db_bind_null(s, k);
}

/* The common opening of a change to one account: permission, the write transaction, the row.
 * 0 with the transaction open and *before filled; -1 (transaction closed) with *err_r and
 * *status_r. */
static int change_begin(db *d, arena *a, const user *actor, int64_t id, account *before,
                        const char **err_r, int *status_r)
{
    if (!auth_may_manage_users(actor)) {
        *status_r = 403;
        *err_r = _("Chỉ quản trị hệ thống được quản lý tài khoản.");
        return -1;
    }
    int rc = db_begin_write(d);
    if (rc != 0) {
        *status_r = 500;
        *err_r = write_failed(d, rc);
        return -1;
    }
    rc = account_load(d, a, id, before);
    if (rc != 1) {
        db_rollback(d);
        *status_r = rc == 0 ? 404 : 500;
        *err_r =
            rc == 0 ? _("Không tìm thấy người dùng.") : _("Không đọc được dữ liệu. Hãy thử lại.");
        return -1;
    }
    return 0;
}

/* The common end: the audit row, the commit. */
static int change_end(db *d, const user *actor, const char *action, int64_t id, json_t *before,
                      json_t *after, const char **err_r, int *status_r)
{
    char *b = json_dumps(before, JSON_COMPACT), *f = json_dumps(after, JSON_COMPACT);
    json_decref(before);
    json_decref(after);
    int rc = audit_log(d, actor, action, "user", id, b, f);
    free(b);
    free(f);
    if (rc == 0)
        rc = db_commit(d);
    if (rc != 0) {
        db_rollback(d);
        *status_r = 500;
        *err_r = write_failed(d, rc);
        return -1;
    }
    *status_r = 200;
    *err_r = NULL;
    return 0;
}

int auth_user_set_disabled(db *d, const user *actor, int64_t id, bool disabled, const char **err_r,
                           int *status_r)
{
    arena *a = arena_new();
    account before;
    int ret = -1;
    if (change_begin(d, a, actor, id, &before, err_r, status_r) != 0)
        goto out;
    /* An administrator who locks themselves out may leave the office without one. */
    if (disabled && actor && actor->id == id) {
        db_rollback(d);
        *status_r = 400;
        *err_r = _("Bạn không thể khóa tài khoản của chính mình.");
        goto out;
    }
    char now[32];
    auth_now_iso(now, 0);
    db_stmt *s = db_stmt_get(d, &q_set_disabled);
    int rc = DB_ERROR, revoked = 0;
    if (s) {
        db_bind_int(s, 1, id);
        db_bind_int(s, 2, disabled ? 1 : 0);
        db_bind_text(s, 3, now);
        bind_actor(s, 4, actor);
        rc = db_exec(s) == DB_DONE ? 0 : DB_ERROR;
    }
    /* Disabling ends the sessions and revokes the tokens, so enabling again later does not
     * bring back a session or a script's token from before: they start afresh. (The session
     * and token lookups refuse a disabled account anyway, from the next request on.) */
    if (rc == 0 && disabled && (rc = session_end_others(d, id, 0)) == 0 &&
        (revoked = token_revoke_all(d, id)) < 0)
        rc = revoked;
    if (rc != 0) {
        db_rollback(d);
        *status_r = 500;
        *err_r = write_failed(d, rc);
        goto out;
    }
    json_t *after = json_pack("{s:b}", "disabled", disabled);
    if (disabled)
        json_object_set_new(after, "tokens_revoked", json_integer(revoked));
    ret = change_end(d, actor, disabled ? "user.disable" : "user.enable", id,
                     json_pack("{s:b}", "disabled", before.disabled), after, err_r, status_r);
out:
    arena_free(&a);
    return ret;
}

int auth_password_reset(db *d, const user *actor, int64_t id, const char *password,
                        char generated_r[AUTH_GENERATED_PASSWORD_CHARS + 1], const char **err_r,
                        int *status_r)
{
    if (!auth_may_manage_users(actor)) {
        *status_r = 403;
        *err_r = _("Chỉ quản trị hệ thống được quản lý tài khoản.");
        return -1;
    }
    if (actor && actor->id == id) {
        *status_r = 400;
        *err_r = _("Hãy đổi mật khẩu của chính bạn ở trang Đổi mật khẩu.");
        return -1;
    }
    generated_r[0] = 0;
    arena *a = arena_new();
    int ret = -1;
    account target;
    int rc = account_load(d, a, id, &target);
    if (rc != 1) {
        *status_r = rc == 0 ? 404 : 500;
        *err_r =
            rc == 0 ? _("Không tìm thấy người dùng.") : _("Không đọc được dữ liệu. Hãy thử lại.");
        goto out;
    }
    if (!password) {
        password_generate(generated_r);
        password = generated_r;
    } else if ((*err_r = password_weak(target.login, password))) {
        *status_r = 400;
        goto out;
    }
    /* Hashed before the write transaction: Argon2 must never hold the write lock. */
    char hash[AUTH_HASH_BYTES];
    if (password_hash(password, hash) != 0) {
        *status_r = 500;
        *err_r = _("Không tạo được mật khẩu. Hãy thử lại.");
        goto out;
    }
    account before;
    if (change_begin(d, a, actor, id, &before, err_r, status_r) != 0)
        goto out;
    char now[32];
    auth_now_iso(now, 0);
    db_stmt *s = db_stmt_get(d, &q_reset_password);
    int revoked = 0;
    rc = DB_ERROR;
    if (s) {
        db_bind_int(s, 1, id);
        db_bind_text(s, 2, hash);
        db_bind_text(s, 3, now);
        bind_actor(s, 4, actor);
        rc = db_exec(s) == DB_DONE ? 0 : DB_ERROR;
    }
    /* Whoever knew the old password loses its sessions and tokens with it. */
    if (rc == 0 && (rc = session_end_others(d, id, 0)) == 0 &&
        (revoked = token_revoke_all(d, id)) < 0)
        rc = revoked;
    if (rc != 0) {
        db_rollback(d);
        *status_r = 500;
        *err_r = write_failed(d, rc);
        goto out;
    }
    ret = change_end(d, actor, "user.password_reset", id,
                     json_pack("{s:b}", "must_change_password", before.must_change_password),
                     json_pack("{s:b, s:b, s:i}", "must_change_password", 1, "generated",
                               password == generated_r, "tokens_revoked", revoked),
                     err_r, status_r);
out:
    arena_free(&a);
    return ret;
}

int auth_require_password_change(db *d, const user *actor, int64_t id, const char **err_r,
                                 int *status_r)
{
    arena *a = arena_new();
    account before;
    int ret = -1;
    if (change_begin(d, a, actor, id, &before, err_r, status_r) != 0)
        goto out;
    char now[32];
    auth_now_iso(now, 0);
    db_stmt *s = db_stmt_get(d, &q_require_change);
    int rc = DB_ERROR;
    if (s) {
        db_bind_int(s, 1, id);
        db_bind_text(s, 2, now);
        bind_actor(s, 3, actor);
        rc = db_exec(s) == DB_DONE ? 0 : DB_ERROR;
    }
    if (rc != 0) {
        db_rollback(d);
        *status_r = 500;
        *err_r = write_failed(d, rc);
        goto out;
    }
    ret = change_end(d, actor, "user.require_password_change", id,
                     json_pack("{s:b}", "must_change_password", before.must_change_password),
                     json_pack("{s:b}", "must_change_password", 1), err_r, status_r);
out:
    arena_free(&a);
    return ret;
}

int auth_token_list(db *d, arena *a, const user *actor, int64_t user_id, token_row **rows_r,
                    int *status_r)
{
    *rows_r = NULL;
    /* Others than administrators see their own tokens only, whatever they ask for. */
    if (!auth_may_manage_users(actor))
        user_id = actor ? actor->id : -1;
    int n = token_list(d, a, user_id, rows_r);
    *status_r = n < 0 ? 500 : 200;
    return n < 0 ? -1 : n;
}

/* ---- the first administrator -------------------------------------------------------------- */

static char *dup_msg(const char *m)
{
    char *s = strdup(m ? m : "?");
    if (!s)
        abort();
    return s;
}

int auth_first_admin(db *d, const first_admin *in, int64_t *unit_id_r, int64_t *user_id_r,
                     char password_r[AUTH_GENERATED_PASSWORD_CHARS + 1], char **err_r)
{
    *unit_id_r = *user_id_r = 0;
    password_r[0] = 0;
    const char *name = in->admin_name && *in->admin_name ? in->admin_name : _("Quản trị hệ thống");
    const char *bad;
    if (in->admin_login && (bad = auth_login_invalid(in->admin_login))) {
        *err_r = dup_msg(bad);
        return -1;
    }
    char hash[AUTH_HASH_BYTES];
    if (in->admin_login) {
        password_generate(password_r);
        if (password_hash(password_r, hash) != 0) {
            *err_r = dup_msg(_("Không tạo được mật khẩu. Hãy thử lại."));
            return -1;
        }
    }
    /* The operator's act: no acting user, rows attributed to "(cli)". */
    ctx c = {.a = arena_new(), .db = d, .user = NULL};
    int rc = db_begin_write(d);
    if (rc != 0) {
        *err_r = dup_msg(write_failed(d, rc));
        goto fail;
    }
    if (org_root_unit(d) != 0) {
        db_rollback(d);
        *err_r = dup_msg(_("Cây tổ chức đã có đơn vị gốc."));
        goto fail;
    }
    org_err e;
    int64_t unit_id =
        org_unit_create_tx(&c,
                           &(unit_change){.name = in->office,
                                          .abbr = in->code,
                                          .level = in->level && *in->level ? in->level : "BAN"},
                           &e);
    if (unit_id < 0) {
        *err_r = dup_msg(org_err_message(&e));
        goto fail;
    }
    int64_t uid = 0;
    if (in->admin_login) {
        uid = user_insert(d, NULL, in->admin_login, name, ROLE_ADMIN, unit_id, hash, true);
        json_t *after = json_pack("{s:s, s:s, s:s, s:I, s:b}", "login", in->admin_login, "name",
                                  name, "role", role_code(ROLE_ADMIN), "unit_id",
                                  (json_int_t)unit_id, "must_change_password", 1);
        char *txt = json_dumps(after, JSON_COMPACT);
        json_decref(after);
        rc = uid < 0 ? (int)uid : audit_log(d, NULL, "user.create", "user", uid, NULL, txt);
        free(txt);
        if (rc != 0) {
            db_rollback(d);
            *err_r = dup_msg(write_failed(d, rc));
            goto fail;
        }
    }
    if ((rc = db_commit(d)) != 0) {
        *err_r = dup_msg(write_failed(d, rc));
        goto fail;
    }
    arena_free(&c.a);
    *unit_id_r = unit_id;
    *user_id_r = uid;
    return 0;
fail:
    arena_free(&c.a);
    sodium_memzero(password_r, AUTH_GENERATED_PASSWORD_CHARS + 1);
    return -1;
}
