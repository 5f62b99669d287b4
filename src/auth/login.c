/* Logging in and out, and changing one's own password: each a single transaction that also
 * records the attempt and the audit row. Argon2 runs outside the write transaction so a slow
 * hash never holds the database's write lock. */
#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "auth/auth_impl.h"
#include "base/i18n.h"

static const db_query q_user_by_login = {
    "auth.user_by_login", "SELECT id, password_hash, disabled FROM users WHERE login = ?1", NULL};
static const db_query q_hash_by_id = {"auth.hash_by_id",
                                      "SELECT password_hash FROM users WHERE id = ?1", NULL};
static const db_query q_set_password = {
    "auth.set_password",
    "UPDATE users SET password_hash = ?2, must_change_password = 0, updated_at = ?3,"
    " updated_by = ?1 WHERE id = ?1",
    NULL};

/* Unknown logins are verified against this hash so that the answer takes as long as for a
 * real account: timing must not tell which logins exist. */
static char dummy_hash[AUTH_HASH_BYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void dummy_init(void)
{
    char pw[33];
    auth_random_hex(pw, sizeof pw, 16);
    if (password_hash(pw, dummy_hash) != 0)
        abort();
}

static char *login_json(const char *login)
{
    json_t *j = json_pack("{s:s}", "login", login ? login : "");
    char *s = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    return s;
}

/* Writes the attempt (when `counted`) and its audit row; for a success also the rotated
 * session. Tries refused by throttling are audited but not counted, so an attacker who keeps
 * trying cannot keep the real user locked out beyond one window. */
static int record_attempt(db *d, const char *login, const char *ip, const char *ua, int64_t user_id,
                          const char *action, bool ok, bool counted, const char *old_token,
                          login_result *out)
{
    int rc = db_begin_write(d);
    if (rc != 0)
        return rc;
    /* A failed try is nobody's act: the actor is the login typed, not the account. */
    user who = {.id = ok ? user_id : 0, .login = login};
    char *after = login_json(login);
    if (counted && (rc = throttle_record(d, login, ip, ok)) != 0)
        goto fail;
    if (ok) {
        if (old_token && (rc = session_end_token(d, old_token)) != 0)
            goto fail;
        int64_t sid = session_create(d, user_id, ip, ua, out->token, out->csrf);
        if (sid < 0) {
            rc = (int)sid;
            goto fail;
        }
        out->session_id = sid;
        out->user_id = user_id;
    }
    if ((rc = audit_log(d, &who, action, "user", user_id, NULL, after)) != 0)
        goto fail;
    free(after);
    return db_commit(d);
fail:
    free(after);
    db_rollback(d);
    return rc;
}

int auth_login(db *d, const char *login, const char *password, const char *ip,
               const char *user_agent, const char *old_token, login_result *out, const char **err_r)
{
    memset(out, 0, sizeof *out);
    const char *wrong = _("Tên đăng nhập hoặc mật khẩu không đúng.");
    if (!login || !*login || strlen(login) > 64 || !password) {
        *err_r = wrong;
        return -1;
    }
    if (throttle_blocked(d, login, ip)) {
        record_attempt(d, login, ip, user_agent, 0, "session.login_throttled", false, false, NULL,
                       out);
        *err_r = _("Đăng nhập sai quá nhiều lần. Hãy thử lại sau 15 phút.");
        return -1;
    }
    pthread_once(&dummy_once, dummy_init);
    int64_t uid = 0;
    bool disabled = true;
    char hash[AUTH_HASH_BYTES] = "";
    db_stmt *s = db_stmt_get(d, &q_user_by_login);
    if (s) {
        db_bind_text(s, 1, login);
        if (db_step(s) == DB_ROW) {
            uid = db_col_int(s, 0);
            const char *h = db_col_text(s, 1);
            if (h)
                snprintf(hash, sizeof hash, "%s", h);
            disabled = db_col_int(s, 2) != 0;
        }
        db_reset(s);
    }
    bool ok = password_verify(uid ? hash : dummy_hash, password) && uid && !disabled;
    int rc =
        record_attempt(d, login, ip, user_agent, uid, ok ? "session.login" : "session.login_failed",
                       ok, true, old_token, out);
    if (rc != 0) {
        *err_r = _("Không ghi được dữ liệu. Hãy thử lại.");
        memset(out, 0, sizeof *out);
        return -1;
    }
    if (!ok) {
        *err_r = wrong;
        return -1;
    }
    return 0;
}

int auth_logout(db *d, const user *u, int64_t session_id)
{
    int rc = db_begin_write(d);
    if (rc != 0)
        return rc;
    if ((rc = session_end(d, session_id)) != 0 ||
        (rc = audit_log(d, u, "session.logout", "user", u ? u->id : 0, NULL, NULL)) != 0) {
        db_rollback(d);
        return rc;
    }
    return db_commit(d);
}

int auth_password_change(db *d, const user *u, int64_t keep_session, const char *old_pw,
                         const char *new_pw, const char **err_r)
{
    char hash[AUTH_HASH_BYTES] = "";
    db_stmt *s = db_stmt_get(d, &q_hash_by_id);
    if (!s) {
        *err_r = _("Không đọc được dữ liệu. Hãy thử lại.");
        return -1;
    }
    db_bind_int(s, 1, u->id);
    if (db_step(s) == DB_ROW && db_col_text(s, 0))
        snprintf(hash, sizeof hash, "%s", db_col_text(s, 0));
    db_reset(s);
    if (!old_pw || !password_verify(hash, old_pw)) {
        *err_r = _("Mật khẩu hiện tại không đúng.");
        return -1;
    }
    const char *weak = password_weak(u->login, new_pw);
    if (weak) {
        *err_r = weak;
        return -1;
    }
    if (strcmp(old_pw, new_pw) == 0) {
        *err_r = _("Mật khẩu mới phải khác mật khẩu hiện tại.");
        return -1;
    }
    char nh[AUTH_HASH_BYTES];
    if (password_hash(new_pw, nh) != 0) {
        *err_r = _("Không tạo được mật khẩu. Hãy thử lại.");
        return -1;
    }
    char now[32];
    auth_now_iso(now, 0);
    int rc = db_begin_write(d);
    if (rc != 0)
        goto fail;
    s = db_stmt_get(d, &q_set_password);
    if (!s) {
        rc = DB_ERROR;
        goto fail;
    }
    db_bind_int(s, 1, u->id);
    db_bind_text(s, 2, nh);
    db_bind_text(s, 3, now);
    if ((rc = db_exec(s)) != DB_DONE)
        goto fail;
    /* Whoever may have learnt the old password loses every other session and every API
     * token at once (a token may have been made with the stolen password). */
    if ((rc = session_end_others(d, u->id, keep_session)) != 0)
        goto fail;
    if ((rc = token_revoke_all(d, u->id)) < 0)
        goto fail;
    rc = 0;
    if ((rc = audit_log(d, u, "user.password_change", "user", u->id, NULL, NULL)) != 0)
        goto fail;
    if ((rc = db_commit(d)) != 0)
        goto fail;
    return 0;
fail:
    db_rollback(d);
    *err_r = rc == DB_FULL ? db_errmsg(d) : _("Không ghi được dữ liệu. Hãy thử lại.");
    return -1;
}
