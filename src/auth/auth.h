#ifndef VP_AUTH_H
#define VP_AUTH_H
/* Accounts, sessions, API tokens, CSRF, login throttling.
 *
 * Passwords: Argon2id (libsodium crypto_pwhash_str), at most AUTH_MAX_CONCURRENT_HASHES at
 * once. Sessions: 256-bit random ids; only their SHA-256 is stored; rotated at login; idle
 * and absolute expiry. Tokens: "vp_" + random, stored hashed, revocable. */
#include <stdbool.h>

#include "app/ctx.h"

#define AUTH_MAX_CONCURRENT_HASHES 2
#define AUTH_SESSION_IDLE_S (8 * 3600)
#define AUTH_SESSION_ABSOLUTE_S (7 * 24 * 3600)
#define AUTH_MAX_FAILS_PER_ACCOUNT 5 /* per 15 minutes */
#define AUTH_MAX_FAILS_PER_IP 20     /* per 15 minutes */
#define AUTH_MIN_PASSWORD 10
#define AUTH_SESSION_COOKIE "vp_session"

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

void auth_routes(void); /* /login, /logout, /account/password, /api/v1/me, /api/v1/users */

#endif
