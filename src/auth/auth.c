/* Who is asking: the session cookie or API token of a request, the CSRF check, loading users,
 * and the small crypto helpers the rest of the module shares. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web/respond.h"
#include "audit/audit.h"
#include "auth/auth_impl.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "http/router.h"

static const db_query q_user_by_id = {
    "auth.user_by_id",
    "SELECT u.id, u.login, u.name, u.role, u.unit_id, un.name, u.staff_id,"
    " u.must_change_password FROM users u LEFT JOIN units un ON un.id = u.unit_id WHERE u.id = ?1 "
    "AND u.disabled = 0",
    NULL};

void auth_token_hash(const char *token, unsigned char out[32])
{
    crypto_hash_sha256(out, (const unsigned char *)token, strlen(token));
}

void auth_random_b64(char *out, size_t out_size, size_t nbytes)
{
    unsigned char buf[64];
    if (nbytes > sizeof buf ||
        out_size < sodium_base64_ENCODED_LEN(nbytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING))
        abort();
    if (sodium_init() < 0)
        abort();
    randombytes_buf(buf, nbytes);
    sodium_bin2base64(out, out_size, buf, nbytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(buf, sizeof buf);
}

void auth_random_hex(char *out, size_t out_size, size_t nbytes)
{
    unsigned char buf[64];
    if (nbytes > sizeof buf || out_size < nbytes * 2 + 1)
        abort();
    if (sodium_init() < 0)
        abort();
    randombytes_buf(buf, nbytes);
    sodium_bin2hex(out, out_size, buf, nbytes);
    sodium_memzero(buf, sizeof buf);
}

void auth_now_iso(char buf[32], int64_t offset_s)
{
    clock_iso(clock_now() + offset_s, buf, 32);
}

/* The user row as the memo keeps it: eight fields separated by US (0x1f), a NULL as RS (0x1e)
 * alone. Loaded on every request; memoised while the database is unchanged (db_memo_get_text),
 * so a disabled account, a new role or unit is seen on the next request. */
#define USER_SEP '\x1f'
#define USER_NULL "\x1e"

static void user_field(strbuf *b, const char *v)
{
    sb_adds(b, v ? v : USER_NULL);
    sb_addc(b, USER_SEP);
}

static const char *user_take(ctx *c, const char **p)
{
    const char *end = strchr(*p, USER_SEP);
    if (!end)
        return NULL;
    const char *v = arena_strndup(c->a, *p, (size_t)(end - *p));
    *p = end + 1;
    return strcmp(v, USER_NULL) == 0 ? NULL : v;
}

static const user *user_from_memo(ctx *c, const char *m)
{
    user *u = arena_alloc(c->a, sizeof *u);
    const char *p = m, *f[8];
    for (int i = 0; i < 8; i++) {
        f[i] = user_take(c, &p);
        if (!f[i] && i != 2 && i != 5)
            return NULL;
    }
    u->id = strtoll(f[0], NULL, 10);
    u->login = f[1];
    u->name = f[2];
    u->role = role_from_code(f[3]);
    u->unit_id = strtoll(f[4], NULL, 10);
    u->unit_name = f[5];
    u->staff_id = strtoll(f[6], NULL, 10);
    u->must_change_password = strcmp(f[7], "1") == 0;
    return u->role == ROLE_NONE ? NULL : u;
}

const user *auth_user_load(ctx *c, int64_t id)
{
    const char *key = arena_printf(c->a, "user|%lld", (long long)id);
    size_t mlen = 0;
    uint64_t version = 0;
    const char *m = db_memo_get_text(c->db, key, &mlen, &version);
    if (m) {
        const user *u = user_from_memo(c, m);
        if (u)
            return u;
    }
    db_stmt *s = db_stmt_get(c->db, &q_user_by_id);
    if (!s)
        return NULL;
    db_bind_int(s, 1, id);
    if (db_step(s) != DB_ROW)
        return NULL;
    user *u = arena_alloc(c->a, sizeof *u);
    u->id = db_col_int(s, 0);
    u->login = arena_strdup(c->a, db_col_text(s, 1));
    u->name = arena_strdup(c->a, db_col_text(s, 2));
    const char *role = arena_strdup(c->a, db_col_text(s, 3));
    u->role = role_from_code(role);
    u->unit_id = db_col_int(s, 4);
    u->unit_name = arena_strdup(c->a, db_col_text(s, 5));
    u->staff_id = db_col_int(s, 6);
    u->must_change_password = db_col_int(s, 7) != 0;
    db_reset(s);
    bool clean = true; /* a field holding a separator is not memoised */
    const char *texts[] = {u->login, u->name, role, u->unit_name};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        if (texts[i] && strpbrk(texts[i], "\x1e\x1f"))
            clean = false;
    if (clean && u->login && role) {
        strbuf b = STRBUF_INIT;
        sb_printf(&b, "%lld", (long long)u->id);
        sb_addc(&b, USER_SEP);
        user_field(&b, u->login);
        user_field(&b, u->name);
        user_field(&b, role);
        sb_printf(&b, "%lld", (long long)u->unit_id);
        sb_addc(&b, USER_SEP);
        user_field(&b, u->unit_name);
        sb_printf(&b, "%lld", (long long)u->staff_id);
        sb_addc(&b, USER_SEP);
        user_field(&b, u->must_change_password ? "1" : "0");
        db_memo_put_text(c->db, key, sb_str(&b), b.len, version);
        sb_free(&b);
    }
    return u->role == ROLE_NONE ? NULL : u;
}

static const char *bearer_of(ctx *c)
{
    const char *h = req_header(c->rq, "authorization");
    if (!h || strncasecmp(h, "Bearer ", 7) != 0)
        return NULL;
    h += 7;
    while (*h == ' ')
        h++;
    return h;
}

void auth_authenticate(ctx *c, bool allow_bearer)
{
    c->user = NULL;
    c->session_id = 0;
    c->csrf_token = NULL;
    audit_set_ip(c->rq ? c->rq->client_ip : NULL);
    if (!c->rq)
        return;
    const char *cookie = req_cookie(c->rq, AUTH_SESSION_COOKIE);
    if (cookie) {
        session_info si;
        if (session_lookup(c->db, cookie, &si) == 1) {
            const user *u = auth_user_load(c, si.user_id);
            if (u) {
                c->user = u;
                c->session_id = si.id;
                c->csrf_token = arena_strdup(c->a, si.csrf);
                return;
            }
        }
    }
    const char *bearer = allow_bearer ? bearer_of(c) : NULL;
    if (bearer) {
        int64_t uid = token_lookup(c->db, bearer);
        if (uid > 0)
            c->user = auth_user_load(c, uid);
    }
}

bool auth_csrf_ok(ctx *c)
{
    /* No session: either a Bearer-token script (no ambient cookie to abuse) or anonymous
     * (nothing to act as; the login form is covered by SameSite=Lax). */
    if (c->session_id == 0 || !c->csrf_token)
        return true;
    const char *sent = req_form(c->rq, "csrf");
    if (!sent)
        sent = req_header(c->rq, "x-csrf-token");
    if (!sent)
        return false;
    size_t n = strlen(c->csrf_token);
    if (strlen(sent) != n)
        return false;
    return sodium_memcmp(sent, c->csrf_token, n) == 0;
}

bool auth_password_gate(ctx *c, unsigned route_flags)
{
    if (!c->user || !c->user->must_change_password || (route_flags & ROUTE_PUBLIC))
        return false;
    if (c->is_api) {
        respond_api_error(c, 403, "password_change_required",
                          _("Bạn cần đổi mật khẩu trước khi tiếp tục."));
        return true;
    }
    /* The password page itself and logging out stay open: without them the user is stuck. */
    const char *p = c->rq->path;
    if (strcmp(p, "/account/password") == 0 || strcmp(p, "/logout") == 0)
        return false;
    respond_redirect(c, "/account/password");
    return true;
}

void auth_routes(void)
{
    auth_web_routes();
    auth_api_routes();
}
