#ifndef VP_AUTH_IMPL_H
#define VP_AUTH_IMPL_H
/* Inside the auth module: passwords, sessions, API tokens and login throttling, shared by
 * auth.c, web.c, api.c, cli.c and the unit tests. Pure C over the store; no HTTP. */
#include <stdbool.h>
#include <stdint.h>

#include "auth/auth.h"
#include "db/db.h"

/* ---- password.c ---- */


/* ---- session.c ---- */

#define SESSION_TOKEN_CHARS 43 /* base64url of 32 bytes, no padding */
#define CSRF_TOKEN_CHARS 64    /* hex of 32 bytes */
#define SESSION_TOUCH_S 60     /* last_seen_at is refreshed at most once a minute */

typedef struct session_info {
    int64_t id, user_id;
    char csrf[CSRF_TOKEN_CHARS + 1];
} session_info;

/* Inside the caller's write transaction: stores a new session for user_id; the cookie value
 * goes to token_r, the CSRF token to csrf_r. Returns the session id or a negative DB_* code. */
int64_t session_create(db *d, int64_t user_id, const char *ip, const char *user_agent,
                       char token_r[SESSION_TOKEN_CHARS + 1], char csrf_r[CSRF_TOKEN_CHARS + 1]);
/* Finds a live session (not past its idle or absolute expiry, by clock_now()) for a cookie
 * value; refreshes last_seen_at. 1 found, 0 not, negative DB_* on error. */
int session_lookup(db *d, const char *token, session_info *out);
/* Inside the caller's transaction: ends the session with this cookie value (rotation at
 * login, logout). Unknown values are ignored. */
int session_end_token(db *d, const char *token);
int session_end(db *d, int64_t session_id);
/* Ends every session of the user except keep_id (0 = all); also drops expired rows. */
int session_end_others(db *d, int64_t user_id, int64_t keep_id);
/* The Set-Cookie value for a session token, or one that clears the cookie (token NULL).
 * Adds "; Secure" when VANPHONG_SECURE_COOKIES=1. Caller frees. */
char *session_cookie(const char *token);

/* Login CSRF (double submit): before any session exists, GET /login sets this cookie to a
 * random value and puts the same value in the form; POST /login accepts only a form whose
 * field equals the cookie. Another site can make a browser post the form but cannot read or
 * set the cookie, so it cannot log the victim into the attacker's account. */
#define LOGIN_CSRF_COOKIE "vp_login_csrf"
/* The Set-Cookie value for a login CSRF token (Path=/login, SameSite=Strict). Caller frees. */
char *login_csrf_cookie(const char *token);
/* True when both are present, well-formed (CSRF_TOKEN_CHARS hex) and equal (constant time). */
bool login_csrf_match(const char *cookie, const char *sent);

/* ---- token.c ---- */

#define API_TOKEN_PREFIX "vp_"
#define API_TOKEN_CHARS (3 + 43)

/* Inside the caller's write transaction; returns the token id or a negative DB_* code. */
int64_t token_create(db *d, int64_t user_id, const char *label, char token_r[API_TOKEN_CHARS + 1]);
/* The user id of a live (not revoked) token, 0 if none, negative DB_* on error. */
int64_t token_lookup(db *d, const char *token);
/* Inside the caller's transaction; 1 revoked, 0 unknown or already revoked. */
int token_revoke(db *d, int64_t token_id);
/* Inside the caller's transaction: revokes every live token of the user (password change or
 * reset, disabling). Returns how many, or a negative DB_* code. */
int token_revoke_all(db *d, int64_t user_id);

/* Tokens of user_id (0 = everyone's), newest first, rows in arena a. No permission check
 * (auth_token_list is the checked one). Returns the count or a negative DB_* code. */
int token_list(db *d, arena *a, int64_t user_id, token_row **rows_r);

/* ---- throttle.c ---- */

#define THROTTLE_WINDOW_S (15 * 60)

/* True when the login or the IP has too many recent failures (auth.h limits). */
bool throttle_blocked(db *d, const char *login, const char *ip);
/* Inside the caller's write transaction. */
int throttle_record(db *d, const char *login, const char *ip, bool ok);

/* ---- shared helpers (auth.c) ---- */

/* SHA-256 of a token's text (what the tables store). */
void auth_token_hash(const char *token, unsigned char out[32]);
/* n random bytes as base64url without padding / lower-case hex, into out. */
void auth_random_b64(char *out, size_t out_size, size_t nbytes);
void auth_random_hex(char *out, size_t out_size, size_t nbytes);
/* ISO time of clock_now() + offset_s. */
void auth_now_iso(char buf[32], int64_t offset_s);

/* The outcome of a login attempt (auth.c auth_login). */
typedef struct login_result {
    int64_t user_id, session_id;
    char token[SESSION_TOKEN_CHARS + 1];
    char csrf[CSRF_TOKEN_CHARS + 1];
} login_result;

/* Checks throttling and the password, records the attempt, rotates the session (old_token,
 * may be NULL, is ended) and writes the audit row, in one transaction. 0, or -1 with *err_r
 * a Vietnamese message that never says whether the login exists. */
int auth_login(db *d, const char *login, const char *password, const char *ip,
               const char *user_agent, const char *old_token, login_result *out,
               const char **err_r);
/* Ends the session (logout) with its audit row. */
int auth_logout(db *d, const user *u, int64_t session_id);
/* Changes u's password after checking the old one; ends all of u's other sessions, revokes
 * u's API tokens and clears must_change_password. */
int auth_password_change(db *d, const user *u, int64_t keep_session, const char *old_pw,
                         const char *new_pw, const char **err_r);

/* May the actor see the user list at all / create users? */
bool auth_may_list_users(const user *actor);
bool auth_may_create_users(const user *actor);
/* Active units (not dissolved) in c->user's scope, tree order with their depth, for the
 * new-user form; rows in c->a. Returns the count. */
typedef struct unit_choice {
    int64_t id;
    const char *name;
    int depth;
} unit_choice;
int auth_unit_choices(ctx *c, unit_choice **rows_r);
/* NULL when the login is acceptable (2–64 of a-z 0-9 . _ -), else a Vietnamese message. */
const char *auth_login_invalid(const char *login);
/* auth_user_create that also names the form field at fault ("login", "name", "role",
 * "unit_id", "password"; NULL for errors not tied to one field) for errors beside fields. */
int64_t auth_user_create_ex(db *d, const user *actor, const char *login, const char *name,
                            enum role role, int64_t unit_id, const char *password,
                            const char **err_r, int *status_r, const char **field_r);

/* Inside the caller's write transaction: inserts a user with an Argon2id hash already made
 * (users.c; auth_user_create and auth_first_admin). Returns the id or a negative DB_* code. */
int64_t user_insert(db *d, const user *actor, const char *login, const char *name, enum role role,
                    int64_t unit_id, const char *hash, bool must_change_password);


/* Route registration of web.c and api.c (auth_routes calls both). */
void auth_web_routes(void);
void auth_api_routes(void);
void auth_admin_web_routes(void); /* web_admin.c: /admin/users/{id} and its actions */

#endif
