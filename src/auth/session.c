/* Browser sessions: 256-bit random cookie values of which only the SHA-256 is stored, a CSRF
 * token per session, idle and absolute expiry measured with clock_now(). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth_impl.h"
#include "base/clock.h"

static const db_query q_insert = {
    "auth.session_insert",
    "INSERT INTO sessions(token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at,"
    " ip, user_agent) VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6, ?7)",
    NULL};
/* Live = before its absolute expiry and seen within the idle limit (text order = time order). */
static const db_query q_lookup = {
    "auth.session_lookup",
    "SELECT id, user_id, csrf_token, last_seen_at, expires_at FROM sessions"
    " WHERE token_hash = ?1 AND expires_at > ?2 AND last_seen_at > ?3",
    NULL};
static const db_query q_touch = {"auth.session_touch",
                                 "UPDATE sessions SET last_seen_at = ?2 WHERE id = ?1", NULL};
static const db_query q_end_token = {"auth.session_end_token",
                                     "DELETE FROM sessions WHERE token_hash = ?1", NULL};
static const db_query q_end = {"auth.session_end", "DELETE FROM sessions WHERE id = ?1", NULL};
static const db_query q_end_others = {
    "auth.session_end_others",
    "DELETE FROM sessions WHERE (user_id = ?1 AND id <> ?2) OR expires_at <= ?3", NULL};

/* User agents can be long; the first part is enough for a list of one's sessions. */
#define SESSION_UA_MAX 256

int64_t session_create(db *d, int64_t user_id, const char *ip, const char *user_agent,
                       char token_r[SESSION_TOKEN_CHARS + 1], char csrf_r[CSRF_TOKEN_CHARS + 1])
{
    auth_random_b64(token_r, SESSION_TOKEN_CHARS + 1, 32);
    auth_random_hex(csrf_r, CSRF_TOKEN_CHARS + 1, 32);
    unsigned char h[32];
    auth_token_hash(token_r, h);
    char now[32], exp[32];
    auth_now_iso(now, 0);
    auth_now_iso(exp, AUTH_SESSION_ABSOLUTE_S);
    db_stmt *s = db_stmt_get(d, &q_insert);
    if (!s)
        return DB_ERROR;
    db_bind_blob(s, 1, h, sizeof h);
    db_bind_int(s, 2, user_id);
    db_bind_text(s, 3, csrf_r);
    db_bind_text(s, 4, now);
    db_bind_text(s, 5, exp);
    db_bind_text(s, 6, ip);
    if (user_agent && strlen(user_agent) > SESSION_UA_MAX)
        db_bind_textn(s, 7, user_agent, SESSION_UA_MAX);
    else
        db_bind_text(s, 7, user_agent);
    int rc = db_exec(s);
    return rc == DB_DONE ? db_last_id(d) : rc;
}

static bool token_shape_ok(const char *token)
{
    if (!token || strlen(token) != SESSION_TOKEN_CHARS)
        return false;
    for (const char *p = token; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
              *p == '-' || *p == '_'))
            return false;
    return true;
}

/* The session row as the memo keeps it (db_memo_get_text): "id user_id csrf last_seen
 * expires_at". Every page asks for it; the memo answers while the database is unchanged, so a
 * logout, a disabled account or an ended session (a commit) is seen on the next request; the
 * idle and absolute limits are checked against the clock on every request all the same. */
#define SESSION_MEMO_MAX 160

static bool session_live(const char *last_seen, const char *expires_at, const char *now,
                         const char *idle)
{
    return strcmp(expires_at, now) > 0 && strcmp(last_seen, idle) > 0;
}

/* One space-separated field of the memo's copy ("id user csrf seen expires") into out (cap
 * bytes with its NUL); the rest after it, or NULL when the field is empty or too long. In place
 * of sscanf, a visible share of every memoised page (docs/perf/pages.md, pages2). */
static const char *memo_field(const char *p, char *out, size_t cap)
{
    const char *e = strchr(p, ' ');
    size_t n = e ? (size_t)(e - p) : strlen(p);
    if (n == 0 || n >= cap)
        return NULL;
    memcpy(out, p, n);
    out[n] = 0;
    return e ? e + 1 : p + n;
}

static bool memo_parse(const char *m, long long *id, long long *uid, session_info *out,
                       char seen_at[32], char expires_at[32])
{
    char num[24];
    const char *p = memo_field(m, num, sizeof num);
    if (!p || !*p)
        return false;
    *id = strtoll(num, NULL, 10);
    if (!(p = memo_field(p, num, sizeof num)) || !*p)
        return false;
    *uid = strtoll(num, NULL, 10);
    if (!(p = memo_field(p, out->csrf, sizeof out->csrf)) || !*p)
        return false;
    if (!(p = memo_field(p, seen_at, 32)) || !*p)
        return false;
    return memo_field(p, expires_at, 32) != NULL;
}

int session_lookup(db *d, const char *token, session_info *out)
{
    memset(out, 0, sizeof *out);
    if (!token_shape_ok(token))
        return 0;
    unsigned char h[32];
    auth_token_hash(token, h);
    char now[32], idle[32];
    auth_now_iso(now, 0);
    auth_now_iso(idle, -AUTH_SESSION_IDLE_S);
    char key[80] = "session|";
    sodium_bin2hex(key + 8, sizeof key - 8, h, sizeof h);
    char seen_at[32] = "", expires_at[32] = "";
    size_t mlen = 0;
    uint64_t version = 0;
    const char *m = db_memo_get_text(d, key, &mlen, &version);
    long long id = 0, uid = 0;
    if (m && memo_parse(m, &id, &uid, out, seen_at, expires_at)) {
        if (!session_live(seen_at, expires_at, now, idle)) {
            memset(out, 0, sizeof *out);
            return 0;
        }
        out->id = id;
        out->user_id = uid;
    } else {
        memset(out, 0, sizeof *out);
        db_stmt *s = db_stmt_get(d, &q_lookup);
        if (!s)
            return DB_ERROR;
        db_bind_blob(s, 1, h, sizeof h);
        db_bind_text(s, 2, now);
        db_bind_text(s, 3, idle);
        int rc = db_step(s);
        if (rc != DB_ROW)
            return rc;
        out->id = db_col_int(s, 0);
        out->user_id = db_col_int(s, 1);
        snprintf(out->csrf, sizeof out->csrf, "%s", db_col_text(s, 2));
        snprintf(seen_at, sizeof seen_at, "%s", db_col_text(s, 3));
        snprintf(expires_at, sizeof expires_at, "%s", db_col_text(s, 4));
        db_reset(s);
        char buf[SESSION_MEMO_MAX];
        int n = snprintf(buf, sizeof buf, "%lld %lld %s %s %s", (long long)out->id,
                         (long long)out->user_id, out->csrf, seen_at, expires_at);
        if (n > 0 && (size_t)n < sizeof buf && !strchr(seen_at, ' ') && !strchr(expires_at, ' '))
            db_memo_put_text(d, key, buf, (size_t)n, version);
    }
    int64_t seen = clock_parse_iso(seen_at);
    /* Refreshing on every request would make every page view a write; once a minute is
     * precise enough for an 8-hour idle limit. A failed refresh (busy) costs nothing. */
    if (seen < 0 || clock_now() - seen >= SESSION_TOUCH_S) {
        db_stmt *s = db_stmt_get(d, &q_touch);
        if (s) {
            db_bind_int(s, 1, out->id);
            db_bind_text(s, 2, now);
            db_exec(s);
        }
    }
    return 1;
}

int session_end_token(db *d, const char *token)
{
    if (!token_shape_ok(token))
        return 0;
    unsigned char h[32];
    auth_token_hash(token, h);
    db_stmt *s = db_stmt_get(d, &q_end_token);
    if (!s)
        return DB_ERROR;
    db_bind_blob(s, 1, h, sizeof h);
    int rc = db_exec(s);
    return rc == DB_DONE ? 0 : rc;
}

int session_end(db *d, int64_t session_id)
{
    db_stmt *s = db_stmt_get(d, &q_end);
    if (!s)
        return DB_ERROR;
    db_bind_int(s, 1, session_id);
    int rc = db_exec(s);
    return rc == DB_DONE ? 0 : rc;
}

int session_end_others(db *d, int64_t user_id, int64_t keep_id)
{
    char now[32];
    auth_now_iso(now, 0);
    db_stmt *s = db_stmt_get(d, &q_end_others);
    if (!s)
        return DB_ERROR;
    db_bind_int(s, 1, user_id);
    db_bind_int(s, 2, keep_id);
    db_bind_text(s, 3, now);
    int rc = db_exec(s);
    return rc == DB_DONE ? 0 : rc;
}

static bool secure_cookies(void)
{
    const char *secure = getenv("VANPHONG_SECURE_COOKIES");
    return secure && strcmp(secure, "1") == 0;
}

char *session_cookie(const char *token)
{
    bool sec = secure_cookies();
    char *out = NULL;
    int rc;
    if (token)
        rc = asprintf(&out, AUTH_SESSION_COOKIE "=%s; Path=/; HttpOnly; SameSite=Lax%s", token,
                      sec ? "; Secure" : "");
    else
        rc = asprintf(&out, AUTH_SESSION_COOKIE "=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0%s",
                      sec ? "; Secure" : "");
    if (rc < 0)
        abort();
    return out;
}

char *login_csrf_cookie(const char *token)
{
    char *out = NULL;
    if (asprintf(&out, LOGIN_CSRF_COOKIE "=%s; Path=/login; HttpOnly; SameSite=Strict%s", token,
                 secure_cookies() ? "; Secure" : "") < 0)
        abort();
    return out;
}

static bool hex_token(const char *s)
{
    if (!s || strlen(s) != CSRF_TOKEN_CHARS)
        return false;
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
            return false;
    return true;
}

bool login_csrf_match(const char *cookie, const char *sent)
{
    if (!hex_token(cookie) || !hex_token(sent))
        return false;
    return sodium_memcmp(cookie, sent, CSRF_TOKEN_CHARS) == 0;
}
