/* API tokens for scripts: "vp_" + base64url(32 random bytes); only the SHA-256 is stored, so
 * the text is shown once, at creation. Revocation keeps the row for the audit trail. */
#include <string.h>

#include "auth/auth_impl.h"

static const db_query q_insert = {
    "auth.token_insert",
    "INSERT INTO api_tokens(user_id, token_hash, label, created_at) VALUES (?1, ?2, ?3, ?4)", NULL};
static const db_query q_lookup = {
    "auth.token_lookup",
    "SELECT id, user_id, last_used_at FROM api_tokens WHERE token_hash = ?1 AND revoked_at IS NULL",
    NULL};
static const db_query q_used = {"auth.token_used",
                                "UPDATE api_tokens SET last_used_at = ?2 WHERE id = ?1", NULL};
static const db_query q_revoke = {
    "auth.token_revoke",
    "UPDATE api_tokens SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL", NULL};

static const db_query q_revoke_all = {
    "auth.token_revoke_all",
    "UPDATE api_tokens SET revoked_at = ?2 WHERE user_id = ?1 AND revoked_at IS NULL", NULL};
/* Newest first; user_id 0 = every user's. */
static const db_query q_list = {
    "auth.token_list",
    "SELECT t.id, t.user_id, u.login, t.label, t.created_at, t.last_used_at, t.revoked_at"
    " FROM api_tokens t JOIN users u ON u.id = t.user_id"
    " WHERE ?1 = 0 OR t.user_id = ?1 ORDER BY t.id DESC",
    NULL};

int64_t token_create(db *d, int64_t user_id, const char *label, char token_r[API_TOKEN_CHARS + 1])
{
    memcpy(token_r, API_TOKEN_PREFIX, 3);
    auth_random_b64(token_r + 3, API_TOKEN_CHARS + 1 - 3, 32);
    unsigned char h[32];
    auth_token_hash(token_r, h);
    char now[32];
    auth_now_iso(now, 0);
    db_stmt *s = db_stmt_get(d, &q_insert);
    if (!s)
        return DB_ERROR;
    db_bind_int(s, 1, user_id);
    db_bind_blob(s, 2, h, sizeof h);
    db_bind_text(s, 3, label);
    db_bind_text(s, 4, now);
    int rc = db_exec(s);
    return rc == DB_DONE ? db_last_id(d) : rc;
}

int64_t token_lookup(db *d, const char *token)
{
    if (!token || strlen(token) != API_TOKEN_CHARS || strncmp(token, API_TOKEN_PREFIX, 3) != 0)
        return 0;
    unsigned char h[32];
    auth_token_hash(token, h);
    db_stmt *s = db_stmt_get(d, &q_lookup);
    if (!s)
        return DB_ERROR;
    db_bind_blob(s, 1, h, sizeof h);
    int rc = db_step(s);
    if (rc != DB_ROW)
        return rc;
    int64_t id = db_col_int(s, 0), user_id = db_col_int(s, 1);
    char now[32];
    auth_now_iso(now, 0);
    /* Same-minute uses do not rewrite the row (a busy script must not turn reads into writes). */
    const char *last = db_col_text(s, 2);
    bool stale = !last || strncmp(last, now, 16) != 0;
    db_reset(s);
    if (stale && (s = db_stmt_get(d, &q_used))) {
        db_bind_int(s, 1, id);
        db_bind_text(s, 2, now);
        db_exec(s);
    }
    return user_id;
}

int token_revoke(db *d, int64_t token_id)
{
    char now[32];
    auth_now_iso(now, 0);
    db_stmt *s = db_stmt_get(d, &q_revoke);
    if (!s)
        return DB_ERROR;
    db_bind_int(s, 1, token_id);
    db_bind_text(s, 2, now);
    int rc = db_exec(s);
    if (rc != DB_DONE)
        return rc;
    return db_changes(d) > 0 ? 1 : 0;
}

int token_revoke_all(db *d, int64_t user_id)
{
    char now[32];
    auth_now_iso(now, 0);
    db_stmt *s = db_stmt_get(d, &q_revoke_all);
    if (!s)
        return DB_ERROR;
    db_bind_int(s, 1, user_id);
    db_bind_text(s, 2, now);
    int rc = db_exec(s);
    return rc == DB_DONE ? db_changes(d) : rc;
}

int token_list(db *d, arena *a, int64_t user_id, token_row **rows_r)
{
    *rows_r = NULL;
    db_stmt *s = db_stmt_get(d, &q_list);
    if (!s)
        return DB_ERROR;
    db_bind_int(s, 1, user_id);
    size_t n = 0, cap = 0;
    token_row *rows = NULL;
    int rc;
    while ((rc = db_step(s)) == DB_ROW) {
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 16;
            token_row *nr = arena_alloc(a, nc * sizeof *nr);
            if (n)
                memcpy(nr, rows, n * sizeof *nr);
            rows = nr;
            cap = nc;
        }
        token_row *r = &rows[n++];
        r->id = db_col_int(s, 0);
        r->user_id = db_col_int(s, 1);
        r->login = arena_strdup(a, db_col_text(s, 2));
        r->label = db_col_text(s, 3) ? arena_strdup(a, db_col_text(s, 3)) : NULL;
        r->created_at = arena_strdup(a, db_col_text(s, 4));
        r->last_used_at = db_col_text(s, 5) ? arena_strdup(a, db_col_text(s, 5)) : NULL;
        r->revoked_at = db_col_text(s, 6) ? arena_strdup(a, db_col_text(s, 6)) : NULL;
    }
    if (rc < 0)
        return rc;
    *rows_r = rows;
    return (int)n;
}
