/* Tests for the auth module's services: Argon2id hashing, sessions (lookup, idle and absolute
 * expiry with a fake clock, rotation at login), API tokens, login throttling, the CSRF
 * comparison and the audit rows written by logins and password changes; running accounts
 * (disable, reset, require a change, the first administrator), the login CSRF token and the
 * client address behind a trusted proxy. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth/auth_impl.h"
#include "base/clock.h"
#include "db/db.h"
#include "test_store.h"
#include "http/proxy.h"
#include "http/request.h"
#include "org/org.h"

#define T0 1780000000 /* a fixed "now" for every test */
#define GOOD_PW "mật khẩu đủ dài 123"

/* Users are written directly, with foreign keys off, so these tests need nothing from the
 * org module's tables beyond their existence. */
static const db_query q_add_user = {
    "t.add_user",
    "INSERT INTO users(login, name, role, unit_id, password_hash, created_at, updated_at)"
    " VALUES (?1, ?2, ?3, 1, ?4, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
    NULL};
static const db_query q_audit_count = {"t.audit_count",
                                       "SELECT count(*) FROM audit_log WHERE action = ?1", NULL};
static const db_query q_sessions_of = {"t.sessions_of",
                                       "SELECT count(*) FROM sessions WHERE user_id = ?1", NULL};

static const db_query q_add_unit = {
    "t.add_unit",
    "INSERT INTO units(id, parent_id, name, abbr, level, valid_from, valid_to, created_at,"
    " updated_at) VALUES (?1, ?2, ?3, ?4, 'TINH', '2020-01-01', ?5, '2026-01-01T00:00:00Z',"
    " '2026-01-01T00:00:00Z')",
    NULL};

struct fixture {
    char dir[64], target[256];
    db *d;
    int64_t alice, bob;
};

static int64_t add_user(db *d, const char *login, const char *role, const char *pw)
{
    char hash[AUTH_HASH_BYTES];
    assert_int_equal(password_hash(pw, hash), 0);
    db_stmt *s = db_stmt_get(d, &q_add_user);
    db_bind_text(s, 1, login);
    db_bind_text(s, 2, "Nguyễn Văn A");
    db_bind_text(s, 3, role);
    db_bind_text(s, 4, hash);
    assert_int_equal(db_exec(s), DB_DONE);
    return db_last_id(d);
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    strcpy(f->dir, "/tmp/vp-test-auth-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    char *err = NULL;
    if (test_store_open(f->dir, f->target, sizeof f->target, &f->d, &err) != 0)
        fail_msg("store: %s", err);
    /* Users without their unit's row: foreign keys off (PostgreSQL: the same for the session,
     * by not firing the constraint triggers). */
    assert_int_equal(db_exec_script(f->d,
                                    test_store_pg() ? "SET session_replication_role = replica"
                                                    : "PRAGMA foreign_keys=OFF",
                                    &err),
                     0);
    clock_set_fake(T0);
    f->alice = add_user(f->d, "alice", "clerk", GOOD_PW);
    f->bob = add_user(f->d, "bob", "admin", GOOD_PW);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    clock_set_fake(0);
    test_store_close(&f->d, f->target);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
    if (system(cmd) != 0)
        return -1;
    free(f);
    return 0;
}

static int64_t count1(db *d, const db_query *q, const char *text, int64_t id)
{
    db_stmt *s = db_stmt_get(d, q);
    if (text)
        db_bind_text(s, 1, text);
    else
        db_bind_int(s, 1, id);
    assert_int_equal(db_step(s), DB_ROW);
    int64_t n = db_col_int(s, 0);
    db_reset(s);
    return n;
}

static void test_password_hash_verify(void **state)
{
    char h[AUTH_HASH_BYTES];
    assert_int_equal(password_hash(GOOD_PW, h), 0);
    assert_non_null(strstr(h, "$argon2id$"));
    assert_true(password_verify(h, GOOD_PW));
    assert_false(password_verify(h, "mật khẩu đủ dài 124"));
    assert_false(password_verify(h, ""));
    assert_false(password_verify(NULL, GOOD_PW));
    char h2[AUTH_HASH_BYTES];
    assert_int_equal(password_hash(GOOD_PW, h2), 0);
    assert_string_not_equal(h, h2); /* salted */
    assert_non_null(password_weak("an", "ngắn"));
    assert_non_null(password_weak("alice12345", "ALICE12345"));
    assert_null(password_weak("alice", "Đảng bộ 2025!"));
    assert_non_null(password_weak("alice", "Đảng bộ 2")); /* 9 characters, 12 bytes */
}

static void new_session(db *d, int64_t uid, char tok[SESSION_TOKEN_CHARS + 1],
                        char csrf[CSRF_TOKEN_CHARS + 1], int64_t *id_r)
{
    assert_int_equal(db_begin_write(d), 0);
    int64_t id = session_create(d, uid, "10.0.0.1", "test", tok, csrf);
    assert_true(id > 0);
    assert_int_equal(db_commit(d), 0);
    if (id_r)
        *id_r = id;
}

static void test_session_create_lookup(void **state)
{
    struct fixture *f = *state;
    char tok[SESSION_TOKEN_CHARS + 1], csrf[CSRF_TOKEN_CHARS + 1];
    int64_t id;
    new_session(f->d, f->alice, tok, csrf, &id);
    assert_int_equal(strlen(tok), SESSION_TOKEN_CHARS);
    assert_int_equal(strlen(csrf), CSRF_TOKEN_CHARS);
    session_info si;
    assert_int_equal(session_lookup(f->d, tok, &si), 1);
    assert_int_equal(si.id, id);
    assert_int_equal(si.user_id, f->alice);
    assert_string_equal(si.csrf, csrf);
    /* Only the hash is stored: the cookie value is not in the table. */
    char tok2[SESSION_TOKEN_CHARS + 1];
    memcpy(tok2, tok, sizeof tok2);
    tok2[0] = tok2[0] == 'A' ? 'B' : 'A';
    assert_int_equal(session_lookup(f->d, tok2, &si), 0);
    assert_int_equal(session_lookup(f->d, "short", &si), 0);
    assert_int_equal(session_lookup(f->d, NULL, &si), 0);
}

static void test_session_idle_expiry(void **state)
{
    struct fixture *f = *state;
    char tok[SESSION_TOKEN_CHARS + 1], csrf[CSRF_TOKEN_CHARS + 1];
    new_session(f->d, f->alice, tok, csrf, NULL);
    session_info si;
    clock_set_fake(T0 + AUTH_SESSION_IDLE_S - 60);
    assert_int_equal(session_lookup(f->d, tok, &si), 1); /* use refreshes last_seen */
    clock_set_fake(T0 + 2 * AUTH_SESSION_IDLE_S - 120);
    assert_int_equal(session_lookup(f->d, tok, &si), 1);
    clock_set_fake(T0 + 3 * AUTH_SESSION_IDLE_S);
    assert_int_equal(session_lookup(f->d, tok, &si), 0);
}

static void test_session_absolute_expiry(void **state)
{
    struct fixture *f = *state;
    char tok[SESSION_TOKEN_CHARS + 1], csrf[CSRF_TOKEN_CHARS + 1];
    new_session(f->d, f->alice, tok, csrf, NULL);
    session_info si;
    /* Used every hour, the session still ends at the absolute limit. */
    int64_t t;
    for (t = T0 + 3600; t < T0 + AUTH_SESSION_ABSOLUTE_S; t += 3600) {
        clock_set_fake(t);
        assert_int_equal(session_lookup(f->d, tok, &si), 1);
    }
    clock_set_fake(T0 + AUTH_SESSION_ABSOLUTE_S + 1);
    assert_int_equal(session_lookup(f->d, tok, &si), 0);
}

static void test_login_rotates_session(void **state)
{
    struct fixture *f = *state;
    login_result a, b;
    const char *err = NULL;
    assert_int_equal(auth_login(f->d, "alice", GOOD_PW, "10.0.0.1", "ua", NULL, &a, &err), 0);
    assert_int_equal(a.user_id, f->alice);
    session_info si;
    assert_int_equal(session_lookup(f->d, a.token, &si), 1);
    assert_int_equal(auth_login(f->d, "alice", GOOD_PW, "10.0.0.1", "ua", a.token, &b, &err), 0);
    assert_string_not_equal(a.token, b.token);
    assert_int_equal(session_lookup(f->d, a.token, &si), 0);
    assert_int_equal(session_lookup(f->d, b.token, &si), 1);
    assert_int_equal(count1(f->d, &q_audit_count, "session.login", 0), 2);
}

static void test_login_wrong_password(void **state)
{
    struct fixture *f = *state;
    login_result r;
    const char *err = NULL, *err2 = NULL;
    assert_int_equal(
        auth_login(f->d, "alice", "sai mật khẩu rồi", "10.0.0.1", "ua", NULL, &r, &err), -1);
    /* The same words whether the login exists or not. */
    assert_int_equal(auth_login(f->d, "nobody", GOOD_PW, "10.0.0.1", "ua", NULL, &r, &err2), -1);
    assert_string_equal(err, err2);
    assert_string_equal(err, "Tên đăng nhập hoặc mật khẩu không đúng.");
    assert_int_equal(r.session_id, 0);
    assert_int_equal(count1(f->d, &q_audit_count, "session.login_failed", 0), 2);
}

static void test_throttle_per_login(void **state)
{
    struct fixture *f = *state;
    login_result r;
    const char *err = NULL;
    for (int i = 0; i < AUTH_MAX_FAILS_PER_ACCOUNT; i++)
        assert_int_equal(
            auth_login(f->d, "alice", "sai mật khẩu rồi", "10.0.0.2", NULL, NULL, &r, &err), -1);
    /* Even the right password is refused now, without a hash being computed. */
    assert_int_equal(auth_login(f->d, "alice", GOOD_PW, "10.0.0.3", NULL, NULL, &r, &err), -1);
    assert_string_equal(err, "Đăng nhập sai quá nhiều lần. Hãy thử lại sau 15 phút.");
    assert_int_equal(count1(f->d, &q_audit_count, "session.login_throttled", 0), 1);
    /* Another account from another address is not affected. */
    assert_int_equal(auth_login(f->d, "bob", GOOD_PW, "10.0.0.3", NULL, NULL, &r, &err), 0);
    /* Refused tries are not counted: they do not stretch the lock-out past one window. */
    clock_set_fake(T0 + THROTTLE_WINDOW_S - 60);
    assert_int_equal(auth_login(f->d, "alice", GOOD_PW, "10.0.0.3", NULL, NULL, &r, &err), -1);
    clock_set_fake(T0 + THROTTLE_WINDOW_S + 1);
    assert_int_equal(auth_login(f->d, "alice", GOOD_PW, "10.0.0.3", NULL, NULL, &r, &err), 0);
}

static void test_throttle_per_ip(void **state)
{
    struct fixture *f = *state;
    assert_false(throttle_blocked(f->d, "x", "10.9.9.9"));
    assert_int_equal(db_begin_write(f->d), 0);
    for (int i = 0; i < AUTH_MAX_FAILS_PER_IP; i++) {
        char login[32];
        snprintf(login, sizeof login, "guess%d", i);
        assert_int_equal(throttle_record(f->d, login, "10.9.9.9", false), 0);
    }
    assert_int_equal(db_commit(f->d), 0);
    assert_true(throttle_blocked(f->d, "alice", "10.9.9.9"));
    assert_false(throttle_blocked(f->d, "alice", "10.9.9.8"));
}

static void test_token_create_lookup_revoke(void **state)
{
    struct fixture *f = *state;
    const char *err = NULL;
    char *tok = auth_token_create(f->d, NULL, "alice", &err);
    assert_non_null(tok);
    assert_int_equal(strncmp(tok, "vp_", 3), 0);
    assert_int_equal(strlen(tok), API_TOKEN_CHARS);
    assert_int_equal(token_lookup(f->d, tok), f->alice);
    assert_int_equal(token_lookup(f->d, "vp_nothing"), 0);
    assert_int_equal(count1(f->d, &q_audit_count, "token.create", 0), 1);
    /* alice may not create a token for bob; the answer does not reveal bob exists. */
    user alice = {.id = f->alice, .login = "alice", .role = ROLE_CLERK};
    assert_null(auth_token_create(f->d, &alice, "bob", &err));
    assert_null(auth_token_create(f->d, NULL, "nobody", &err));
    /* Revoke: the only token of alice has id 1. */
    assert_int_equal(auth_token_revoke(f->d, &alice, 1, &err), 0);
    assert_int_equal(token_lookup(f->d, tok), 0);
    assert_int_equal(count1(f->d, &q_audit_count, "token.revoke", 0), 1);
    free(tok);
}

static void test_password_change_ends_other_sessions(void **state)
{
    struct fixture *f = *state;
    char t1[SESSION_TOKEN_CHARS + 1], t2[SESSION_TOKEN_CHARS + 1], c[CSRF_TOKEN_CHARS + 1];
    int64_t keep;
    new_session(f->d, f->alice, t1, c, &keep);
    new_session(f->d, f->alice, t2, c, NULL);
    user alice = {.id = f->alice, .login = "alice", .role = ROLE_CLERK};
    const char *err = NULL;
    assert_int_equal(auth_password_change(f->d, &alice, keep, "sai", "mật khẩu mới đủ dài", &err),
                     -1);
    assert_int_equal(auth_password_change(f->d, &alice, keep, GOOD_PW, "ngắn", &err), -1);
    assert_int_equal(auth_password_change(f->d, &alice, keep, GOOD_PW, "mật khẩu mới đủ dài", &err),
                     0);
    session_info si;
    assert_int_equal(session_lookup(f->d, t1, &si), 1);
    assert_int_equal(session_lookup(f->d, t2, &si), 0);
    assert_int_equal(count1(f->d, &q_sessions_of, NULL, f->alice), 1);
    login_result r;
    assert_int_equal(auth_login(f->d, "alice", GOOD_PW, NULL, NULL, NULL, &r, &err), -1);
    assert_int_equal(auth_login(f->d, "alice", "mật khẩu mới đủ dài", NULL, NULL, NULL, &r, &err),
                     0);
    assert_int_equal(count1(f->d, &q_audit_count, "user.password_change", 0), 1);
}

static void add_unit(db *d, int64_t id, int64_t parent, const char *name, const char *valid_to)
{
    db_stmt *s = db_stmt_get(d, &q_add_unit);
    db_bind_int(s, 1, id);
    if (parent)
        db_bind_int(s, 2, parent);
    else
        db_bind_null(s, 2);
    db_bind_text(s, 3, name);
    db_bind_text(s, 4, "X");
    db_bind_text(s, 5, valid_to);
    assert_int_equal(db_exec(s), DB_DONE);
}

static void test_user_create_rules(void **state)
{
    struct fixture *f = *state;
    add_unit(f->d, 1, 0, "Văn phòng Thành ủy", NULL);
    add_unit(f->d, 2, 1, "Quận ủy Ninh Kiều", "2025-06-30"); /* dissolved */
    const char *err = NULL, *field = NULL;
    int status;
    int64_t id = auth_user_create_ex(f->d, NULL, "vanthu2", "Lê Thị B", ROLE_CLERK, 1, GOOD_PW,
                                     &err, &status, &field);
    assert_true(id > 0);
    assert_int_equal(status, 201);
    assert_int_equal(count1(f->d, &q_audit_count, "user.create", 0), 1);
    login_result r;
    assert_int_equal(auth_login(f->d, "vanthu2", GOOD_PW, NULL, NULL, NULL, &r, &err), 0);

    assert_int_equal(auth_user_create_ex(f->d, NULL, "vanthu2", "Lê Thị C", ROLE_CLERK, 1, GOOD_PW,
                                         &err, &status, &field),
                     -1);
    assert_int_equal(status, 409);
    assert_string_equal(field, "login");
    assert_int_equal(auth_user_create_ex(f->d, NULL, "qu1", "Trần Văn D", ROLE_CLERK, 2, GOOD_PW,
                                         &err, &status, &field),
                     -1);
    assert_int_equal(status, 400);
    assert_string_equal(err, "Đơn vị đã giải thể, không thể thêm người dùng.");
    assert_int_equal(auth_user_create_ex(f->d, NULL, "qu2", "Trần Văn D", ROLE_CLERK, 99, GOOD_PW,
                                         &err, &status, &field),
                     -1);
    assert_int_equal(status, 404);
    assert_int_equal(auth_user_create_ex(f->d, NULL, "Bad Login", "X", ROLE_CLERK, 1, GOOD_PW, &err,
                                         &status, &field),
                     -1);
    assert_string_equal(field, "login");
    assert_int_equal(
        auth_user_create_ex(f->d, NULL, "qu3", "X", ROLE_CLERK, 1, "ngắn", &err, &status, &field),
        -1);
    assert_string_equal(field, "password");
    user clerk = {.id = f->alice, .login = "alice", .role = ROLE_CLERK, .unit_id = 1};
    assert_int_equal(
        auth_user_create(f->d, &clerk, "qu4", "X", ROLE_CLERK, 1, GOOD_PW, &err, &status), -1);
    assert_int_equal(status, 403);
    assert_int_equal(count1(f->d, &q_audit_count, "user.create", 0), 1);
}

static void test_csrf_compare(void **state)
{
    arena *a = arena_new();
    http_req rq = {.a = a, .method = "POST"};
    ctx c = {.a = a, .rq = &rq, .session_id = 7, .csrf_token = "00ff00ff"};
    assert_false(auth_csrf_ok(&c)); /* missing */
    kv_add(a, &rq.form, "csrf", "00ff00fe", 8);
    assert_false(auth_csrf_ok(&c)); /* different */
    rq.form.n = 0;
    kv_add(a, &rq.form, "csrf", "00ff00f", 7);
    assert_false(auth_csrf_ok(&c)); /* a prefix */
    rq.form.n = 0;
    kv_add(a, &rq.form, "csrf", "00ff00ff", 8);
    assert_true(auth_csrf_ok(&c));
    rq.form.n = 0;
    kv_add(a, &rq.headers, "x-csrf-token", "00ff00ff", 8);
    assert_true(auth_csrf_ok(&c));
    /* Bearer-token and anonymous requests carry no session to ride on. */
    ctx bearer = {.a = a, .rq = &rq, .session_id = 0};
    assert_true(auth_csrf_ok(&bearer));
    arena_free(&a);
}

static void test_cookie_attributes(void **state)
{
    unsetenv("VANPHONG_SECURE_COOKIES");
    char *c = session_cookie("abc");
    assert_string_equal(c, "vp_session=abc; Path=/; HttpOnly; SameSite=Lax");
    free(c);
    setenv("VANPHONG_SECURE_COOKIES", "1", 1);
    c = session_cookie("abc");
    assert_string_equal(c, "vp_session=abc; Path=/; HttpOnly; SameSite=Lax; Secure");
    free(c);
    c = session_cookie(NULL);
    assert_non_null(strstr(c, "Max-Age=0"));
    free(c);
    unsetenv("VANPHONG_SECURE_COOKIES");
}

static const db_query q_set_role = {"t.set_role", "UPDATE users SET role = ?2 WHERE id = ?1", NULL};

/* Nothing about who is asking is kept between requests: a session ended, or a role changed,
 * through another connection (another thread, process or node) counts on the very next
 * request here. */
static void test_session_and_role_changes_seen_across_connections(void **state)
{
    struct fixture *f = *state;
    char *err = NULL;
    db *other;
    assert_int_equal(db_open(f->target, &other, &err), 0);
    char token[SESSION_TOKEN_CHARS + 1], csrf[CSRF_TOKEN_CHARS + 1];
    int64_t sid = session_create(f->d, f->alice, "127.0.0.1", "test", token, csrf);
    assert_true(sid > 0);
    session_info si;
    assert_int_equal(session_lookup(other, token, &si), 1);
    assert_int_equal(session_lookup(f->d, token, &si), 1);
    arena *a = arena_new();
    ctx c = {.a = a, .db = f->d};
    const user *u = auth_user_load(&c, f->alice);
    assert_non_null(u);
    assert_int_equal(u->role, ROLE_CLERK);
    db_stmt *s = db_stmt_get(other, &q_set_role);
    db_bind_int(s, 1, f->alice);
    db_bind_text(s, 2, "specialist");
    assert_int_equal(db_exec(s), DB_DONE);
    u = auth_user_load(&c, f->alice);
    assert_non_null(u);
    assert_int_equal(u->role, ROLE_SPECIALIST);
    assert_int_equal(session_end(other, sid), 0);
    assert_int_equal(session_lookup(f->d, token, &si), 0);
    arena_free(&a);
    db_close(&other);
}

/* ---- accounts an administrator can run ------------------------------------------------- */

static void test_password_strength(void **state)
{
    /* One kind of character, or a few characters repeated: refused. */
    assert_non_null(password_weak("alice", "1234567890"));
    assert_non_null(password_weak("alice", "abcdefghijkl"));
    assert_non_null(password_weak("alice", "aaaaaaaaa1"));
    assert_non_null(password_weak("alice", "abababab12"));
    /* Common passwords, whatever their case. */
    assert_non_null(password_weak("alice", "matkhau123"));
    assert_non_null(password_weak("alice", "Password123"));
    assert_non_null(password_weak("alice", "MATKHAU@123"));
    /* The login itself. */
    assert_non_null(password_weak("nguyen.van.a1", "Nguyen.Van.A1"));
    /* Vietnamese phrases with marks and spaces are fine. */
    assert_null(password_weak("alice", "mật khẩu mới đủ dài"));
    assert_null(password_weak("alice", "demo-matkhau-2026"));
    /* A generated one-time password always passes, and two are never the same. */
    char a[AUTH_GENERATED_PASSWORD_CHARS + 1], b[AUTH_GENERATED_PASSWORD_CHARS + 1];
    password_generate(a);
    password_generate(b);
    assert_int_equal(strlen(a), AUTH_GENERATED_PASSWORD_CHARS);
    assert_int_equal(a[5], '-');
    assert_null(password_weak("alice", a));
    assert_string_not_equal(a, b);
}

static const db_query q_must_change = {
    "t.must_change", "SELECT must_change_password FROM users WHERE id = ?1", NULL};

static void test_password_change_revokes_tokens(void **state)
{
    struct fixture *f = *state;
    const char *err = NULL;
    char *tok = auth_token_create(f->d, NULL, "alice", &err);
    assert_int_equal(token_lookup(f->d, tok), f->alice);
    user alice = {.id = f->alice, .login = "alice", .role = ROLE_CLERK};
    assert_int_equal(auth_password_change(f->d, &alice, 0, GOOD_PW, "mật khẩu mới đủ dài", &err),
                     0);
    assert_int_equal(token_lookup(f->d, tok), 0);
    free(tok);
}

static void test_disable_ends_sessions_and_tokens(void **state)
{
    struct fixture *f = *state;
    char t[SESSION_TOKEN_CHARS + 1], c[CSRF_TOKEN_CHARS + 1];
    new_session(f->d, f->alice, t, c, NULL);
    const char *err = NULL;
    char *tok = auth_token_create(f->d, NULL, "alice", &err);
    user admin = {.id = f->bob, .login = "bob", .role = ROLE_ADMIN};
    user clerk = {.id = f->alice, .login = "alice", .role = ROLE_CLERK};
    int status;
    /* Only an administrator; never oneself; an unknown id is 404. */
    assert_int_equal(auth_user_set_disabled(f->d, &clerk, f->bob, true, &err, &status), -1);
    assert_int_equal(status, 403);
    assert_int_equal(auth_user_set_disabled(f->d, &admin, f->bob, true, &err, &status), -1);
    assert_int_equal(status, 400);
    assert_int_equal(auth_user_set_disabled(f->d, &admin, 999, true, &err, &status), -1);
    assert_int_equal(status, 404);

    assert_int_equal(auth_user_set_disabled(f->d, &admin, f->alice, true, &err, &status), 0);
    session_info si;
    assert_int_equal(session_lookup(f->d, t, &si), 0);
    assert_int_equal(token_lookup(f->d, tok), 0);
    arena *a = arena_new();
    ctx cx = {.a = a, .db = f->d};
    assert_null(auth_user_load(&cx, f->alice));
    login_result r;
    assert_int_equal(auth_login(f->d, "alice", GOOD_PW, NULL, NULL, NULL, &r, &err), -1);
    assert_int_equal(count1(f->d, &q_audit_count, "user.disable", 0), 1);

    /* Enabled again: the password works, the old token does not come back. */
    assert_int_equal(auth_user_set_disabled(f->d, NULL, f->alice, false, &err, &status), 0);
    assert_non_null(auth_user_load(&cx, f->alice));
    assert_int_equal(auth_login(f->d, "alice", GOOD_PW, NULL, NULL, NULL, &r, &err), 0);
    assert_int_equal(token_lookup(f->d, tok), 0);
    assert_int_equal(count1(f->d, &q_audit_count, "user.enable", 0), 1);
    arena_free(&a);
    free(tok);
}

static void test_password_reset_and_required_change(void **state)
{
    struct fixture *f = *state;
    char t[SESSION_TOKEN_CHARS + 1], c[CSRF_TOKEN_CHARS + 1];
    new_session(f->d, f->alice, t, c, NULL);
    const char *err = NULL;
    char *tok = auth_token_create(f->d, NULL, "alice", &err);
    user admin = {.id = f->bob, .login = "bob", .role = ROLE_ADMIN};
    user clerk = {.id = f->alice, .login = "alice", .role = ROLE_CLERK};
    char pw[AUTH_GENERATED_PASSWORD_CHARS + 1];
    int status;
    assert_int_equal(auth_password_reset(f->d, &clerk, f->bob, NULL, pw, &err, &status), -1);
    assert_int_equal(status, 403);
    assert_int_equal(auth_password_reset(f->d, &admin, f->bob, NULL, pw, &err, &status), -1);
    assert_int_equal(status, 400); /* one's own: through /account/password */
    assert_int_equal(auth_password_reset(f->d, &admin, f->alice, "1234567890", pw, &err, &status),
                     -1);
    assert_int_equal(status, 400);

    assert_int_equal(auth_password_reset(f->d, &admin, f->alice, NULL, pw, &err, &status), 0);
    assert_int_equal(strlen(pw), AUTH_GENERATED_PASSWORD_CHARS);
    session_info si;
    assert_int_equal(session_lookup(f->d, t, &si), 0);
    assert_int_equal(token_lookup(f->d, tok), 0);
    assert_int_equal(count1(f->d, &q_must_change, NULL, f->alice), 1);
    login_result r;
    assert_int_equal(auth_login(f->d, "alice", GOOD_PW, NULL, NULL, NULL, &r, &err), -1);
    assert_int_equal(auth_login(f->d, "alice", pw, NULL, NULL, NULL, &r, &err), 0);
    arena *a = arena_new();
    ctx cx = {.a = a, .db = f->d};
    const user *u = auth_user_load(&cx, f->alice);
    assert_true(u->must_change_password);
    /* Changing it clears the flag. */
    assert_int_equal(auth_password_change(f->d, u, r.session_id, pw, "mật khẩu của alice", &err),
                     0);
    assert_int_equal(count1(f->d, &q_must_change, NULL, f->alice), 0);
    assert_int_equal(count1(f->d, &q_audit_count, "user.password_reset", 0), 1);

    /* The administrator may also just require a change. */
    assert_int_equal(auth_require_password_change(f->d, &admin, f->alice, &err, &status), 0);
    assert_int_equal(count1(f->d, &q_must_change, NULL, f->alice), 1);
    assert_int_equal(count1(f->d, &q_audit_count, "user.require_password_change", 0), 1);
    arena_free(&a);
    free(tok);
}

static void test_token_list_scope(void **state)
{
    struct fixture *f = *state;
    const char *err = NULL;
    char *t1 = auth_token_create(f->d, NULL, "alice", &err);
    char *t2 = auth_token_create(f->d, NULL, "bob", &err);
    user admin = {.id = f->bob, .login = "bob", .role = ROLE_ADMIN};
    user clerk = {.id = f->alice, .login = "alice", .role = ROLE_CLERK};
    arena *a = arena_new();
    token_row *rows;
    int status;
    assert_int_equal(auth_token_list(f->d, a, &admin, 0, &rows, &status), 2);
    assert_int_equal(auth_token_list(f->d, a, &admin, f->alice, &rows, &status), 1);
    /* A clerk asking for everyone's, or bob's, sees only their own. */
    assert_int_equal(auth_token_list(f->d, a, &clerk, f->bob, &rows, &status), 1);
    assert_int_equal(rows[0].user_id, f->alice);
    assert_string_equal(rows[0].login, "alice");
    arena_free(&a);
    free(t1);
    free(t2);
}

static const db_query q_clear = {"t.clear", "DELETE FROM users", NULL};
static const db_query q_admin_row = {
    "t.admin_row",
    "SELECT count(*) FROM users WHERE login = ?1 AND role = 'admin'"
    " AND must_change_password = 1 AND unit_id = (SELECT id FROM units"
    " WHERE parent_id IS NULL AND abbr = 'VPTU')",
    NULL};

static void test_first_admin(void **state)
{
    struct fixture *f = *state;
    db_stmt *s = db_stmt_get(f->d, &q_clear);
    assert_int_equal(db_exec(s), DB_DONE);
    first_admin in = {
        .office = "Văn phòng Thành ủy Cần Thơ", .code = "VPTU", .admin_login = "quantri"};
    int64_t unit_id, user_id;
    char pw[AUTH_GENERATED_PASSWORD_CHARS + 1];
    char *err = NULL;
    /* A bad abbreviation: nothing is written. */
    in.code = "VP TU";
    assert_int_equal(auth_first_admin(f->d, &in, &unit_id, &user_id, pw, &err), -1);
    assert_non_null(err);
    free(err);
    err = NULL;
    assert_int_equal(org_root_unit(f->d), 0);

    in.code = "VPTU";
    assert_int_equal(auth_first_admin(f->d, &in, &unit_id, &user_id, pw, &err), 0);
    assert_true(unit_id > 0 && user_id > 0);
    assert_int_equal(org_root_unit(f->d), unit_id);
    assert_int_equal(count1(f->d, &q_admin_row, "quantri", 0), 1);
    assert_int_equal(count1(f->d, &q_audit_count, "unit.create", 0), 1);
    assert_int_equal(count1(f->d, &q_audit_count, "user.create", 0), 1);
    login_result r;
    const char *lerr;
    assert_int_equal(auth_login(f->d, "quantri", pw, NULL, NULL, NULL, &r, &lerr), 0);
    /* Never twice. */
    in.admin_login = "quantri2";
    assert_int_equal(auth_first_admin(f->d, &in, &unit_id, &user_id, pw, &err), -1);
    free(err);
}

static void test_login_csrf_match(void **state)
{
    char a[CSRF_TOKEN_CHARS + 1], b[CSRF_TOKEN_CHARS + 1];
    auth_random_hex(a, sizeof a, 32);
    auth_random_hex(b, sizeof b, 32);
    assert_true(login_csrf_match(a, a));
    assert_false(login_csrf_match(a, b));
    assert_false(login_csrf_match(NULL, a));
    assert_false(login_csrf_match(a, NULL));
    assert_false(login_csrf_match("", ""));
    assert_false(login_csrf_match("abc", "abc"));
    char *ck = login_csrf_cookie(a);
    assert_non_null(strstr(ck, LOGIN_CSRF_COOKIE "="));
    assert_non_null(strstr(ck, "HttpOnly"));
    assert_non_null(strstr(ck, "SameSite=Strict"));
    free(ck);
}

/* The client address a request is counted and audited under. */
static const char *client_of(arena *a, const char *peer, const char *xff, const char *xff2,
                             const char *real)
{
    http_req *rq = arena_alloc(a, sizeof *rq);
    memset(rq, 0, sizeof *rq);
    rq->a = a;
    req_builder b;
    reqb_begin(&b, rq, "POST", "/login", peer, "/tmp");
    if (xff)
        reqb_header(&b, "X-Forwarded-For", xff);
    if (xff2)
        reqb_header(&b, "X-Forwarded-For", xff2);
    if (real)
        reqb_header(&b, "X-Real-IP", real);
    reqb_end(&b);
    const char *ip = proxy_client_ip(rq);
    reqb_cleanup(&b);
    return ip;
}

static void test_trusted_proxy_client_ip(void **state)
{
    arena *a = arena_new();
    /* The environment is read at the first use (this once deadlocked: reading it went through
     * proxy_trust, which waited for the reading to finish). */
    setenv("VANPHONG_TRUSTED_PROXIES", "192.0.2.1", 1);
    assert_true(proxy_trusted("192.0.2.1"));
    /* No proxy trusted: the headers are the client's own claim and ignored. */
    proxy_trust("");
    assert_string_equal(client_of(a, "127.0.0.1", "203.0.113.9", NULL, NULL), "127.0.0.1");
    assert_int_equal(proxy_trust("127.0.0.1, ::1,10.0.0.0/8,not-an-address"), 3);
    assert_true(proxy_trusted("10.20.30.40"));
    assert_true(proxy_trusted("::ffff:127.0.0.1"));
    assert_false(proxy_trusted("11.0.0.1"));
    /* From a trusted proxy: the rightmost address that is not a trusted proxy. A client that
     * sends its own X-Forwarded-For cannot choose its address: the proxy appends the real
     * one, which is read first. */
    assert_string_equal(client_of(a, "127.0.0.1", "203.0.113.9", NULL, NULL), "203.0.113.9");
    assert_string_equal(client_of(a, "127.0.0.1", "1.2.3.4, 203.0.113.9", NULL, NULL),
                        "203.0.113.9");
    assert_string_equal(client_of(a, "::1", "203.0.113.9, 10.1.1.1", NULL, NULL), "203.0.113.9");
    assert_string_equal(client_of(a, "127.0.0.1", "1.2.3.4", "203.0.113.9", NULL), "203.0.113.9");
    assert_string_equal(client_of(a, "127.0.0.1", "2001:db8::7", NULL, NULL), "2001:db8::7");
    /* Garbage ends the walk with the last good address. */
    assert_string_equal(client_of(a, "127.0.0.1", "evil, 10.1.1.1", NULL, NULL), "10.1.1.1");
    assert_string_equal(client_of(a, "127.0.0.1", "<script>", NULL, NULL), "127.0.0.1");
    assert_string_equal(client_of(a, "127.0.0.1", NULL, NULL, "198.51.100.4"), "198.51.100.4");
    /* From an untrusted peer, ignored. */
    assert_string_equal(client_of(a, "198.51.100.7", "203.0.113.9", NULL, "1.1.1.1"),
                        "198.51.100.7");
    proxy_trust("");
    arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_password_hash_verify),
        cmocka_unit_test_setup_teardown(test_session_create_lookup, setup, teardown),
        cmocka_unit_test_setup_teardown(test_session_idle_expiry, setup, teardown),
        cmocka_unit_test_setup_teardown(test_session_and_role_changes_seen_across_connections,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_session_absolute_expiry, setup, teardown),
        cmocka_unit_test_setup_teardown(test_login_rotates_session, setup, teardown),
        cmocka_unit_test_setup_teardown(test_login_wrong_password, setup, teardown),
        cmocka_unit_test_setup_teardown(test_throttle_per_login, setup, teardown),
        cmocka_unit_test_setup_teardown(test_throttle_per_ip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_token_create_lookup_revoke, setup, teardown),
        cmocka_unit_test_setup_teardown(test_password_change_ends_other_sessions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_user_create_rules, setup, teardown),
        cmocka_unit_test(test_csrf_compare),
        cmocka_unit_test(test_cookie_attributes),
        cmocka_unit_test(test_password_strength),
        cmocka_unit_test_setup_teardown(test_password_change_revokes_tokens, setup, teardown),
        cmocka_unit_test_setup_teardown(test_disable_ends_sessions_and_tokens, setup, teardown),
        cmocka_unit_test_setup_teardown(test_password_reset_and_required_change, setup, teardown),
        cmocka_unit_test_setup_teardown(test_token_list_scope, setup, teardown),
        cmocka_unit_test_setup_teardown(test_first_admin, setup, teardown),
        cmocka_unit_test(test_login_csrf_match),
        cmocka_unit_test(test_trusted_proxy_client_ip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
