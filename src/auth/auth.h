#ifndef VP_AUTH_H
#define VP_AUTH_H
/* Accounts, sessions, API tokens, CSRF, login throttling.
 *
 * Passwords: Argon2id (libsodium crypto_pwhash_str), at most AUTH_MAX_CONCURRENT_HASHES at
 * once. Sessions: 256-bit random ids; only their SHA-256 is stored; rotated at login; idle
 * and absolute expiry. Tokens: "vp_" + random, stored hashed, revocable. */
#include <stdbool.h>

#include "web/ctx.h"

#define AUTH_MAX_CONCURRENT_HASHES 2
#define AUTH_SESSION_IDLE_S (8 * 3600)
#define AUTH_SESSION_ABSOLUTE_S (7 * 24 * 3600)
#define AUTH_MAX_FAILS_PER_ACCOUNT 5 /* per 15 minutes */
#define AUTH_MAX_FAILS_PER_IP 20     /* per 15 minutes */
#define AUTH_MIN_PASSWORD 10
#define AUTH_SESSION_COOKIE "vp_session"

/* ---- passwords (password.c); the demo office seeds its accounts with them too ---- */
#define AUTH_HASH_BYTES 128          /* crypto_pwhash_STRBYTES */
#define AUTH_MAX_PASSWORD_BYTES 1024 /* longer input is refused before hashing */

/* Argon2id string of `password` into out. At most AUTH_MAX_CONCURRENT_HASHES run at once
 * (a burst of logins must not exhaust memory: each hash takes MEMLIMIT_INTERACTIVE). 0/-1. */
int password_hash(const char *password, char out[AUTH_HASH_BYTES]);
bool password_verify(const char *hash, const char *password);
/* Strength rule for new passwords: NULL when acceptable, else a Vietnamese message. */
const char *password_weak(const char *login, const char *password);

/* Called by the dispatcher for every request: fills c->user, c->session_id, c->csrf_token
 * from the session cookie or an "Authorization: Bearer" token (API routes only). Anonymous
 * is not an error. */
void auth_authenticate(ctx *c, bool allow_bearer);
/* Called by the dispatcher after authentication: a user who must change their password
 * (users.must_change_password) reaches only /account/password, /logout and public routes;
 * pages redirect to /account/password, the API answers 403 "password_change_required".
 * Returns true when it has answered the request. */
bool auth_password_gate(ctx *c, unsigned route_flags);
/* True when the request carries the session's CSRF token (form field "csrf" or header
 * "X-CSRF-Token"). Requests authenticated by Bearer token need none. */
bool auth_csrf_ok(ctx *c);

/* Creates a user (CLI and admin pages/API share it): checks the caller's rights (NULL actor =
 * the operator's CLI), the unit (exists, in scope, not dissolved), the password strength;
 * writes the audit row in the same transaction. Returns the new id, or -1 with *err_r (a
 * Vietnamese message) and *status_r (400/403/404/409). */
int64_t auth_user_create(db *d, const user *actor, const char *login, const char *name,
                         enum role role, int64_t unit_id, const char *password, const char **err_r,
                         int *status_r);
/* Creates an API token for the login; returns the token text (malloc'd, caller frees). */
char *auth_token_create(db *d, const user *actor, const char *login, const char **err_r);

/* Loads a user by id into an arena-backed struct; NULL if absent or disabled. */
const user *auth_user_load(ctx *c, int64_t id);


/* ---- accounts and tokens as the CLI, the pages and the API run them ---- */

/* A one-time password an administrator hands over (first administrator, reset): 4 groups of
 * 5 unambiguous letters and digits joined by '-', from libsodium's generator. */
#define AUTH_GENERATED_PASSWORD_CHARS 23
void password_generate(char out[AUTH_GENERATED_PASSWORD_CHARS + 1]);

/* A row of the token list; label, last_used_at and revoked_at may be NULL. */
typedef struct token_row {
    int64_t id, user_id;
    const char *login, *label, *created_at, *last_used_at, *revoked_at;
} token_row;

/* Revokes one of the user's tokens (its owner or an admin), with its audit row. */
int auth_token_revoke(db *d, const user *actor, int64_t token_id, const char **err_r);

/* A row of the user list. */
typedef struct user_row {
    int64_t id, unit_id;
    const char *login, *name, *role, *unit_name;
    bool disabled;
} user_row;

/* Users the actor may see (admin: all; office-leader: own scope; others: none → -1 with
 * *status_r 403). Rows in arena a, ordered by login. Returns the count. */
int auth_user_list(db *d, arena *a, const user *actor, user_row **rows_r, int *status_r);

/* ---- manage.c: running accounts (administrators, or the CLI with actor NULL) ---- */

/* One account as the admin page and the API show it; arena strings, unit_name may be NULL. */
typedef struct account {
    int64_t id, unit_id;
    const char *login, *name, *role, *unit_name;
    bool disabled, must_change_password;
} account;

bool auth_may_manage_users(const user *actor);
/* The id of the account with this login, disabled or not; 0 if none. */
int64_t auth_user_id_by_login(db *d, const char *login);
/* The account for the management page: -1 with *status_r 403 (not an administrator), 404 or
 * 500. */
int auth_account_get(db *d, arena *a, const user *actor, int64_t id, account *out, int *status_r);

/* The changes below return 0, or -1 with *err_r (Vietnamese) and *status_r (400 refused, 403
 * not an administrator, 404 no such user, 500 store failure). Each writes its audit row in
 * the same transaction. */

/* Disabling ends the user's sessions and revokes its tokens ("user.disable"); an
 * administrator cannot disable themselves. Enabling ("user.enable") brings back neither. */
int auth_user_set_disabled(db *d, const user *actor, int64_t id, bool disabled, const char **err_r,
                           int *status_r);
/* Sets a new password (password NULL: a generated one, written to generated_r for the
 * administrator to hand over once), requires a change at the next login, ends the user's
 * sessions and revokes its tokens ("user.password_reset"). Not for one's own account. */
int auth_password_reset(db *d, const user *actor, int64_t id, const char *password,
                        char generated_r[AUTH_GENERATED_PASSWORD_CHARS + 1], const char **err_r,
                        int *status_r);
/* Sets must_change_password ("user.require_password_change"). */
int auth_require_password_change(db *d, const user *actor, int64_t id, const char **err_r,
                                 int *status_r);
/* API tokens: an administrator's of user_id (0 = everyone's); anyone else's own only. Rows in
 * arena a, newest first. Returns the count, or -1 with *status_r 500. */
int auth_token_list(db *d, arena *a, const user *actor, int64_t user_id, token_row **rows_r,
                    int *status_r);

/* The office of a new install (`vanphong init --office … --code … --admin LOGIN`). */
typedef struct first_admin {
    const char *office, *code; /* the root unit's name and abbreviation (required) */
    const char *level;         /* its level (org_levels); NULL = "BAN", a committee office */
    const char *admin_login;   /* NULL: the root unit only */
    const char *admin_name;    /* NULL = "Quản trị hệ thống" */
} first_admin;
/* On an empty office tree, in one transaction: the root unit ("unit.create") and the
 * administrator ("user.create", must_change_password = 1) with a generated password written
 * to password_r, to be shown once. The operator's act (no acting user). 0, or -1 with *err_r
 * (malloc'd, caller frees) and nothing written. */
int auth_first_admin(db *d, const first_admin *in, int64_t *unit_id_r, int64_t *user_id_r,
                     char password_r[AUTH_GENERATED_PASSWORD_CHARS + 1], char **err_r);

void auth_routes(void); /* /login, /logout, /account/password, /api/v1/me, /api/v1/users */

#endif
