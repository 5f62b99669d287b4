/* Login throttling from the login_attempts table: too many failures for one login, or from
 * one IP, within THROTTLE_WINDOW_S refuse further tries until the window passes. The table
 * lives in the database (not in memory) so several server nodes share the count. */
#include "auth/auth_impl.h"

/* Failures of this login in the window since its last success: a user who finally got it
 * right starts afresh. */
static const db_query q_fails_login = {
    "auth.fails_login",
    "SELECT count(*) FROM login_attempts WHERE login = ?1 AND ok = 0 AND at > max(?2,"
    " coalesce((SELECT max(at) FROM login_attempts WHERE login = ?1 AND ok = 1), ''))",
    NULL};
static const db_query q_fails_ip = {
    "auth.fails_ip", "SELECT count(*) FROM login_attempts WHERE ip = ?1 AND ok = 0 AND at > ?2",
    NULL};
static const db_query q_record = {
    "auth.attempt_record", "INSERT INTO login_attempts(login, ip, at, ok) VALUES (?1, ?2, ?3, ?4)",
    NULL};

static int64_t count(db *d, const db_query *q, const char *key, const char *since)
{
    db_stmt *s = db_stmt_get(d, q);
    if (!s)
        return -1;
    db_bind_text(s, 1, key);
    db_bind_text(s, 2, since);
    int64_t n = db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
    db_reset(s);
    return n;
}

bool throttle_blocked(db *d, const char *login, const char *ip)
{
    char since[32];
    auth_now_iso(since, -THROTTLE_WINDOW_S);
    int64_t n = count(d, &q_fails_login, login ? login : "", since);
    /* A store error refuses the login: failing open would switch throttling off. */
    if (n < 0 || n >= AUTH_MAX_FAILS_PER_ACCOUNT)
        return true;
    if (ip) {
        n = count(d, &q_fails_ip, ip, since);
        if (n < 0 || n >= AUTH_MAX_FAILS_PER_IP)
            return true;
    }
    return false;
}

int throttle_record(db *d, const char *login, const char *ip, bool ok)
{
    char now[32];
    auth_now_iso(now, 0);
    db_stmt *s = db_stmt_get(d, &q_record);
    if (!s)
        return DB_ERROR;
    db_bind_text(s, 1, login ? login : "");
    db_bind_text(s, 2, ip);
    db_bind_text(s, 3, now);
    db_bind_int(s, 4, ok ? 1 : 0);
    int rc = db_exec(s);
    return rc == DB_DONE ? 0 : rc;
}
