/* Tests for the org module's services: the scope rule for every role, the per-thread caches of
 * the scope and the notification badge seeing every change, cycle rejection when a
 * unit moves, the rules of dissolved units, OrganId validation, the demo seed (both periods,
 * successor links, one login per role) and the Vietnamese order of the staff list. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/config.h"
#include "app/app.h"
#include "base/clock.h"
#include "db/db.h"
#include "test_store.h"
#include "notify/notify.h"
#include "org/org_impl.h"
#include "text/vi.h"

#define T0 1780000000 /* 2026-05-28: after the 1/7/2025 reorganisation */

static const db_query q_count_units = {
    "t.count_units", "SELECT count(*) FROM units WHERE (?1 = 1) = (valid_to IS NULL)", NULL};
static const db_query q_count_links = {"t.count_links", "SELECT count(*) FROM unit_successors",
                                       NULL};
static const db_query q_dissolved_without_successor = {
    "t.orphans",
    "SELECT count(*) FROM units u WHERE u.valid_to IS NOT NULL AND NOT EXISTS"
    " (SELECT 1 FROM unit_successors l WHERE l.unit_id = u.id)",
    NULL};
static const db_query q_role_count = {"t.role_count", "SELECT count(*) FROM users WHERE role = ?1",
                                      NULL};
static const db_query q_user_by_login = {
    "t.user_by_login",
    "SELECT id, role, unit_id, coalesce(staff_id, 0) FROM users WHERE login = ?1", NULL};
static const db_query q_unit_by_name = {
    "t.unit_by_name",
    "SELECT id FROM units WHERE name = ?1 AND (?2 = 1) = (valid_to IS NULL) ORDER BY id LIMIT 1",
    NULL};
static const db_query q_audit_count = {"t.audit_count",
                                       "SELECT count(*) FROM audit_log WHERE action = ?1", NULL};
static const db_query q_staff_count = {"t.staff_count", "SELECT count(*) FROM staff", NULL};

struct fixture {
    char dir[64], target[256];
    db *d;
    arena *a;
    user admin;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    strcpy(f->dir, "/tmp/vp-test-org-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    char *err = NULL;
    if (test_store_open(f->dir, f->target, sizeof f->target, &f->d, &err) != 0)
        fail_msg("store: %s", err);
    clock_set_fake(T0);
    setenv("VANPHONG_DEMO_PASSWORD", "mật khẩu thử nghiệm 2026", 1);
    f->a = arena_new();
    config.data_dir = f->dir; /* where the seed writes demo-logins.txt */
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    clock_set_fake(0);
    arena_free(&f->a);
    test_store_close(&f->d, f->target);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
    if (system(cmd) != 0)
        return -1;
    free(f);
    return 0;
}

static int64_t count(db *d, const db_query *q, const char *text, int64_t n)
{
    db_stmt *s = db_stmt_get(d, q);
    assert_non_null(s);
    if (text)
        db_bind_text(s, 1, text);
    else
        db_bind_int(s, 1, n);
    assert_int_equal(db_step(s), DB_ROW);
    int64_t v = db_col_int(s, 0);
    db_reset(s);
    return v;
}

static int64_t count0(db *d, const db_query *q)
{
    db_stmt *s = db_stmt_get(d, q);
    assert_non_null(s);
    assert_int_equal(db_step(s), DB_ROW);
    int64_t v = db_col_int(s, 0);
    db_reset(s);
    return v;
}

static int64_t unit_named(db *d, const char *name, bool active)
{
    db_stmt *s = db_stmt_get(d, &q_unit_by_name);
    db_bind_text(s, 1, name);
    db_bind_int(s, 2, active ? 1 : 0);
    assert_int_equal(db_step(s), DB_ROW);
    int64_t id = db_col_int(s, 0);
    db_reset(s);
    return id;
}

static user login_user(struct fixture *f, const char *login)
{
    db_stmt *s = db_stmt_get(f->d, &q_user_by_login);
    db_bind_text(s, 1, login);
    assert_int_equal(db_step(s), DB_ROW);
    user u = {.id = db_col_int(s, 0),
              .login = arena_strdup(f->a, login),
              .role = role_from_code(db_col_text(s, 1)),
              .unit_id = db_col_int(s, 2),
              .staff_id = db_col_int(s, 3)};
    db_reset(s);
    return u;
}

static ctx as(struct fixture *f, const user *u)
{
    return (ctx){.a = f->a, .db = f->d, .user = u};
}

static void seed(struct fixture *f)
{
    char *err = NULL;
    /* The seed prints its table; keep test output readable. */
    fflush(stdout);
    FILE *saved = stdout;
    stdout = fopen("/dev/null", "w");
    int rc = org_demo_seed(f->d, &err);
    fclose(stdout);
    stdout = saved;
    if (rc != 0)
        fprintf(stderr, "seed: %s\n", err ? err : "?");
    assert_int_equal(rc, 0);
    f->admin = login_user(f, "admin");
}

static void test_demo_seed_counts(void **state)
{
    struct fixture *f = *state;
    seed(f);
    /* Old period: TU + 4 boards + 9 districts with 9 offices + 2 provinces = 25. */
    assert_int_equal(count(f->d, &q_count_units, NULL, 0), 25);
    /* New period: TU + 4 boards + 13 commune/ward committees = 18. */
    assert_int_equal(count(f->d, &q_count_units, NULL, 1), 18);
    assert_int_equal(count0(f->d, &q_dissolved_without_successor), 0);
    assert_true(count0(f->d, &q_count_links) >= 25);
    assert_int_equal(count(f->d, &q_role_count, "admin", 0), 1);
    assert_int_equal(count(f->d, &q_role_count, "committee-leader", 0), 1);
    assert_int_equal(count(f->d, &q_role_count, "office-leader", 0), 1);
    assert_int_equal(count(f->d, &q_role_count, "clerk", 0), 2);
    assert_int_equal(count(f->d, &q_role_count, "specialist", 0), 2);
    assert_int_equal(count(f->d, &q_role_count, "unit", 0), 1);
    assert_true(count0(f->d, &q_staff_count) >= 30);
    assert_true(count(f->d, &q_audit_count, "unit.create", 0) == 43);

    int64_t tu = unit_named(f->d, "Thành ủy Cần Thơ", true);
    assert_int_equal(org_root_unit(f->d), tu);
    user donvi = login_user(f, "donvi");
    assert_int_equal(donvi.unit_id, unit_named(f->d, "Đảng ủy phường Bình Thủy", true));
    user cv = login_user(f, "chuyenvien");
    assert_true(cv.staff_id > 0);

    /* Quận ủy Bình Thủy → Đảng ủy phường Bình Thủy. */
    ctx c = as(f, &f->admin);
    int64_t qbt = unit_named(f->d, "Quận ủy Bình Thủy", false);
    unit_link *links;
    int n = org_unit_links(&c, qbt, &links);
    assert_int_equal(n, 1);
    assert_string_equal(links[0].successor_name, "Đảng ủy phường Bình Thủy");
    assert_string_equal(links[0].effective_date, "2025-07-01");
    const unit *old = org_unit_get(&c, qbt);
    assert_false(org_unit_active(old));

    /* The logins table is kept for `make run`, readable only by the owner. */
    char path[128];
    snprintf(path, sizeof path, "%s/demo-logins.txt", f->dir);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    FILE *fp = fopen(path, "r");
    char text[4096] = "";
    size_t got = fread(text, 1, sizeof text - 1, fp);
    fclose(fp);
    text[got] = '\0';
    assert_non_null(strstr(text, "DỮ LIỆU MẪU"));
    assert_non_null(strstr(text, "vanthu.binhthuy"));
    assert_non_null(strstr(text, "mật khẩu thử nghiệm 2026"));

    /* Seeding twice is refused. */
    char *err = NULL;
    assert_int_equal(org_demo_seed(f->d, &err), -1);
    free(err);
}

static void test_scope_per_role(void **state)
{
    struct fixture *f = *state;
    seed(f);
    int64_t tu = unit_named(f->d, "Thành ủy Cần Thơ", true);
    int64_t vptu = unit_named(f->d, "Văn phòng Thành ủy Cần Thơ", true);
    int64_t pbt = unit_named(f->d, "Đảng ủy phường Bình Thủy", true);
    int64_t btc = unit_named(f->d, "Ban Tổ chức Thành ủy Cần Thơ", true);
    int64_t qbt = unit_named(f->d, "Quận ủy Bình Thủy", false);

    user admin = login_user(f, "admin"), tt = login_user(f, "thuongtruc"),
         cvp = login_user(f, "chanhvp"), vt = login_user(f, "vanthu"),
         cv = login_user(f, "chuyenvien"), dv = login_user(f, "donvi"),
         vtbt = login_user(f, "vanthu.binhthuy");
    int64_t all[] = {tu, vptu, pbt, btc, qbt};
    for (size_t i = 0; i < 5; i++) {
        assert_true(org_user_unit_in_scope(f->d, &admin, all[i]));
        assert_true(org_user_unit_in_scope(f->d, &tt, all[i]));
    }
    /* Office-leader and clerk: own unit and below — and when the unit is a committee's office
     * (VPTU), the whole committee it serves, never the dissolved tree. */
    assert_true(org_user_unit_in_scope(f->d, &cvp, vptu));
    assert_true(org_user_unit_in_scope(f->d, &cvp, tu));
    assert_true(org_user_unit_in_scope(f->d, &cvp, pbt));
    assert_true(org_user_unit_in_scope(f->d, &cvp, qbt)); /* records passed to the ward */
    assert_true(org_user_unit_in_scope(f->d, &vt, vptu));
    assert_true(org_user_unit_in_scope(f->d, &vt, btc));
    assert_true(org_user_unit_in_scope(f->d, &vt, qbt));
    /* A ward's clerk is not an office: own ward, and the dissolved district committee whose
     * records passed to it — not another ward's predecessor. */
    assert_false(org_user_unit_in_scope(f->d, &vtbt, btc));
    assert_true(org_user_unit_in_scope(f->d, &vtbt, qbt));
    int64_t qnk = unit_named(f->d, "Quận ủy Ninh Kiều", false);
    assert_false(org_user_unit_in_scope(f->d, &vtbt, qnk));
    assert_true(org_user_unit_in_scope(f->d, &dv, qbt));
    assert_true(org_user_unit_in_scope(f->d, &vtbt, pbt));
    assert_false(org_user_unit_in_scope(f->d, &vtbt, vptu));
    /* A clerk placed at the top sees the subtree below it. */
    user top_clerk = {.id = 99, .role = ROLE_CLERK, .unit_id = tu};
    assert_true(org_user_unit_in_scope(f->d, &top_clerk, pbt));
    assert_true(org_user_unit_in_scope(f->d, &top_clerk, vptu));
    /* The old tree's records passed to its successors, so they stay readable here. */
    assert_true(org_user_unit_in_scope(f->d, &top_clerk, qbt));
    user top_leader = {.id = 98, .role = ROLE_OFFICE_LEADER, .unit_id = tu};
    assert_true(org_user_unit_in_scope(f->d, &top_leader, btc));
    /* Specialist and unit: own unit only, even when placed at the top. */
    assert_true(org_user_unit_in_scope(f->d, &cv, vptu));
    assert_false(org_user_unit_in_scope(f->d, &cv, tu));
    user top_spec = {.id = 97, .role = ROLE_SPECIALIST, .unit_id = tu};
    assert_false(org_user_unit_in_scope(f->d, &top_spec, vptu));
    assert_true(org_user_unit_in_scope(f->d, &dv, pbt));
    assert_false(org_user_unit_in_scope(f->d, &dv, tu));
    /* Anonymous and role-less users see nothing. */
    assert_false(org_user_unit_in_scope(f->d, NULL, tu));
    user none = {.id = 96, .role = ROLE_NONE, .unit_id = tu};
    assert_false(org_user_unit_in_scope(f->d, &none, tu));
    ctx anon = as(f, NULL);
    assert_false(org_unit_in_scope(&anon, tu));

    /* The list honours the same rule. */
    ctx c = as(f, &dv);
    unit *rows;
    assert_int_equal(org_unit_list(&c, false, &rows, NULL), 1);
    assert_int_equal(rows[0].id, pbt);
    /* With the dissolved ones: the ward's predecessor (Quận ủy Bình Thủy) and its office. */
    int nd = org_unit_list(&c, true, &rows, NULL);
    assert_int_equal(nd, 3);
    bool has_qbt = false;
    for (int i = 0; i < nd; i++)
        has_qbt |= rows[i].id == qbt;
    assert_true(has_qbt);
    c = as(f, &admin);
    int *depth;
    int n = org_unit_list(&c, false, &rows, &depth);
    assert_int_equal(n, 18);
    assert_int_equal(rows[0].id, tu);
    assert_int_equal(depth[0], 0);
    assert_int_equal(depth[1], 1);
    assert_int_equal(org_unit_list(&c, true, &rows, NULL), 43);
    int64_t *ids;
    bool everything;
    /* The committee's clerk: the 18 living units and the 25 dissolved ones whose records passed
     * to them; the ward's clerk: the ward, its predecessor and that one's office. */
    c = as(f, &top_clerk);
    assert_int_equal(org_scope_unit_ids(&c, &ids, &everything), 43);
    assert_false(everything);
    c = as(f, &vt);
    assert_int_equal(org_scope_unit_ids(&c, &ids, &everything), 43);
    c = as(f, &vtbt);
    assert_int_equal(org_scope_unit_ids(&c, &ids, &everything), 3);
}

static const db_query q_set_unit = {"t.set_unit", "UPDATE users SET unit_id = ?2 WHERE id = ?1",
                                    NULL};
static const db_query q_add_link = {
    "t.add_link",
    "INSERT INTO unit_successors (unit_id, successor_id, kind, effective_date, created_at)"
    " VALUES (?1, ?2, 'merge', '2025-07-01', '2026-05-28T00:00:00Z')",
    NULL};
static const db_query q_add_unit = {
    "t.add_unit",
    "INSERT INTO units (parent_id, name, abbr, level, valid_from, created_at, updated_at)"
    " VALUES (?1, 'Chi bộ tạm', 'CB', 'CHI_BO', '2026-01-01', '2026-05-28', '2026-05-28')",
    NULL};

static const db_query q_delete_unit = {
    "t.delete_unit", "DELETE FROM units WHERE id = (SELECT max(id) FROM units) AND ?1 = ?1", NULL};

/* The scope of one "request": a fresh ctx, as the dispatcher makes for each request. */
static int scope_n(struct fixture *f, db *d, const user *u)
{
    ctx c = {.a = f->a, .db = d, .user = u};
    int64_t *ids;
    bool everything;
    return org_scope_unit_ids(&c, &ids, &everything);
}

static void run1(db *d, const db_query *q, int64_t a, int64_t b)
{
    db_stmt *s = db_stmt_get(d, q);
    assert_non_null(s);
    db_bind_int(s, 1, a);
    if (b)
        db_bind_int(s, 2, b);
    assert_int_equal(db_exec(s), DB_DONE);
}

/* The scope is cached per connection between requests: every change — committed by another
 * connection (another thread, process or node), or by this one — is seen by the next request,
 * and a change rolled back leaves nothing behind. */
static void test_scope_cache_sees_changes(void **state)
{
    struct fixture *f = *state;
    seed(f);
    char *err = NULL;
    const char *path = f->target;
    db *other;
    assert_int_equal(db_open(path, &other, &err), 0);
    int64_t pbt = unit_named(f->d, "Đảng ủy phường Bình Thủy", true);
    int64_t pnk = unit_named(f->d, "Đảng ủy phường Ninh Kiều", true);
    int64_t qnk = unit_named(f->d, "Quận ủy Ninh Kiều", false);
    user vtbt = login_user(f, "vanthu.binhthuy");
    assert_int_equal(scope_n(f, f->d, &vtbt), 3);
    assert_int_equal(scope_n(f, f->d, &vtbt), 3); /* from the cache */

    /* A unit added under the ward by another connection. */
    run1(other, &q_add_unit, pbt, 0);
    assert_int_equal(scope_n(f, f->d, &vtbt), 4);
    /* By this connection. */
    run1(f->d, &q_add_unit, pbt, 0);
    assert_int_equal(scope_n(f, f->d, &vtbt), 5);
    /* Inside a transaction the uncommitted unit counts; after the rollback it is gone. */
    assert_int_equal(db_begin_write(f->d), 0);
    run1(f->d, &q_add_unit, pbt, 0);
    assert_int_equal(scope_n(f, f->d, &vtbt), 6);
    db_rollback(f->d);
    assert_int_equal(scope_n(f, f->d, &vtbt), 5);
    /* A read transaction answers for its snapshot: a unit committed meanwhile by another
     * connection shows once the snapshot is let go. */
    assert_int_equal(db_begin_read(f->d), 0);
    assert_int_equal(scope_n(f, f->d, &vtbt), 5);
    run1(other, &q_add_unit, pbt, 0);
    assert_int_equal(scope_n(f, f->d, &vtbt), 5);
    assert_int_equal(db_commit(f->d), 0);
    assert_int_equal(scope_n(f, f->d, &vtbt), 6);
    run1(other, &q_delete_unit, 0, 0);
    assert_int_equal(scope_n(f, f->d, &vtbt), 5);
    /* A successor link written elsewhere: the old Ninh Kiều district's records pass to the
     * ward too (the district, its office and whatever hangs below). */
    int before = scope_n(f, f->d, &vtbt);
    run1(other, &q_add_link, qnk, pbt);
    int linked = scope_n(f, f->d, &vtbt);
    assert_true(linked > before);
    /* The account moved to another unit by another connection: the next request loads the
     * user afresh and gets that unit's scope, not the cached one of the old unit. */
    run1(other, &q_set_unit, vtbt.id, pnk);
    user moved = login_user(f, "vanthu.binhthuy");
    assert_int_equal(moved.unit_id, pnk);
    ctx c = {.a = f->a, .db = f->d, .user = &moved};
    int64_t *ids;
    bool everything;
    int n = org_scope_unit_ids(&c, &ids, &everything);
    bool has_pnk = false, has_pbt = false;
    for (int i = 0; i < n; i++)
        has_pnk |= ids[i] == pnk, has_pbt |= ids[i] == pbt;
    assert_true(has_pnk);
    assert_false(has_pbt);
    /* A second connection on the same thread, then a new one in its place. */
    assert_int_equal(scope_n(f, other, &vtbt), linked);
    db_close(&other);
    assert_int_equal(db_open(path, &other, &err), 0);
    run1(other, &q_add_unit, pbt, 0);
    assert_int_equal(scope_n(f, other, &vtbt), linked + 1);
    assert_int_equal(scope_n(f, f->d, &vtbt), linked + 1);
    db_close(&other);
    /* A connection closed and a new one opened (often at the same address, with counters that
     * start where the old one's did): the new one does not inherit the old one's answers. */
    assert_int_equal(db_open(path, &other, &err), 0);
    assert_int_equal(scope_n(f, other, &vtbt), linked + 1);
    db_close(&other);
    run1(f->d, &q_add_unit, pbt, 0);
    assert_int_equal(db_open(path, &other, &err), 0);
    assert_int_equal(scope_n(f, other, &vtbt), linked + 2);
    db_close(&other);
}

static const db_query q_read_all = {
    "t.read_all", "UPDATE notifications SET read_at = '2026-05-28T01:00:00Z' WHERE user_id = ?1",
    NULL};

static int badge(struct fixture *f, db *d, const user *u)
{
    ctx c = {.a = f->a, .db = d, .user = u};
    return notify_unread_count(&c);
}

/* The top-bar badge is cached per thread too, under the same rule: a notification written or
 * read by another connection, or by this one, shows on the next request. */
static void test_badge_cache_sees_changes(void **state)
{
    struct fixture *f = *state;
    seed(f);
    char *err = NULL;
    const char *path = f->target;
    db *other;
    assert_int_equal(db_open(path, &other, &err), 0);
    user vt = login_user(f, "vanthu");
    int n0 = badge(f, f->d, &vt);
    assert_int_equal(badge(f, f->d, &vt), n0);
    assert_int_equal(notify_user(other, vt.id, NOTIFY_INFO, NULL, 0, "một"), 0);
    assert_int_equal(badge(f, f->d, &vt), n0 + 1);
    assert_int_equal(notify_user(f->d, vt.id, NOTIFY_INFO, NULL, 0, "hai"), 0);
    assert_int_equal(badge(f, f->d, &vt), n0 + 2);
    /* Another user's badge is not this one's. */
    user cv = login_user(f, "chuyenvien");
    int cv0 = badge(f, f->d, &cv);
    assert_int_equal(notify_user(other, cv.id, NOTIFY_INFO, NULL, 0, "ba"), 0);
    assert_int_equal(badge(f, f->d, &cv), cv0 + 1);
    assert_int_equal(badge(f, f->d, &vt), n0 + 2);
    run1(other, &q_read_all, vt.id, 0);
    assert_int_equal(badge(f, f->d, &vt), 0);
    /* Inside a transaction: counted afresh, and nothing of it survives the rollback. */
    assert_int_equal(db_begin_write(f->d), 0);
    assert_int_equal(notify_user(f->d, vt.id, NOTIFY_INFO, NULL, 0, "bốn"), 0);
    assert_int_equal(badge(f, f->d, &vt), 1);
    db_rollback(f->d);
    assert_int_equal(badge(f, f->d, &vt), 0);
    db_close(&other);
}

static void test_cycle_rejected(void **state)
{
    struct fixture *f = *state;
    seed(f);
    ctx c = as(f, &f->admin);
    int64_t tu = unit_named(f->d, "Thành ủy Cần Thơ", true);
    int64_t pbt = unit_named(f->d, "Đảng ủy phường Bình Thủy", true);
    org_err e;
    unit_change in = {.name = "Chi bộ Khu vực 1",
                      .abbr = "CB",
                      .level = "CHI_BO",
                      .set_parent = true,
                      .parent_id = pbt};
    int64_t cb = org_unit_create(&c, &in, &e);
    assert_true(cb > 0);

    unit_change mv = {.set_parent = true, .parent_id = cb};
    assert_int_equal(org_unit_update(&c, pbt, &mv, &e), -1);
    assert_int_equal(e.status, 400);
    assert_string_equal(org_err_field(&e, "parent_id"),
                        "Không thể chuyển đơn vị vào chính nó hoặc đơn vị cấp dưới của nó.");
    mv.parent_id = pbt;
    assert_int_equal(org_unit_update(&c, pbt, &mv, &e), -1);
    mv.parent_id = cb;
    assert_int_equal(org_unit_update(&c, tu, &mv, &e), -1); /* the root under a grandchild */
    /* A legal move works and is audited. */
    int64_t pnk = unit_named(f->d, "Đảng ủy phường Ninh Kiều", true);
    mv.parent_id = pnk;
    assert_int_equal(org_unit_update(&c, cb, &mv, &e), 0);
    assert_int_equal(org_unit_get(&c, cb)->parent_id, pnk);
    assert_int_equal(count(f->d, &q_audit_count, "unit.update", 0), 1);

    /* Only the admin edits units; others get 403 in scope and 404 outside it. */
    user dv = login_user(f, "donvi");
    ctx cu = as(f, &dv);
    unit_change rn = {.name = "Tên mới"};
    assert_int_equal(org_unit_update(&cu, pbt, &rn, &e), -1);
    assert_int_equal(e.status, 403);
    assert_int_equal(org_unit_update(&cu, tu, &rn, &e), -1);
    assert_int_equal(e.status, 404);
    assert_int_equal(org_unit_create(&cu, &in, &e), -1);
    assert_int_equal(e.status, 403);
}

static void test_dissolved_rules(void **state)
{
    struct fixture *f = *state;
    seed(f);
    ctx c = as(f, &f->admin);
    int64_t tu = unit_named(f->d, "Thành ủy Cần Thơ", true);
    int64_t qbt = unit_named(f->d, "Quận ủy Bình Thủy", false);
    int64_t pbt = unit_named(f->d, "Đảng ủy phường Bình Thủy", true);
    int64_t pnk = unit_named(f->d, "Đảng ủy phường Ninh Kiều", true);
    org_err e;
    /* No new child under a dissolved unit, by create or by move. */
    unit_change in = {
        .name = "Chi bộ A", .abbr = "CB", .level = "CHI_BO", .set_parent = true, .parent_id = qbt};
    assert_int_equal(org_unit_create(&c, &in, &e), -1);
    assert_int_equal(e.status, 409);
    assert_non_null(org_err_field(&e, "parent_id"));
    unit_change mv = {.set_parent = true, .parent_id = qbt};
    assert_int_equal(org_unit_update(&c, pbt, &mv, &e), -1);
    assert_int_equal(e.status, 409);
    /* A unit with active children cannot be dissolved. */
    unit_change dis = {.valid_to = "2026-05-27", .successor_id = pnk};
    assert_int_equal(org_unit_update(&c, tu, &dis, &e), -1);
    assert_int_equal(e.status, 409);
    /* Dissolving a leaf records the link; dissolving twice is refused. */
    assert_int_equal(org_unit_update(&c, pbt, &dis, &e), 0);
    const unit *u = org_unit_get(&c, pbt);
    assert_string_equal(u->valid_to, "2026-05-27");
    assert_false(org_unit_active(u));
    unit_link *links;
    int n = org_unit_links(&c, pbt, &links);
    bool found = false;
    for (int i = 0; i < n; i++)
        found |= links[i].unit_id == pbt && links[i].successor_id == pnk &&
                 strcmp(links[i].effective_date, "2026-05-28") == 0;
    assert_true(found);
    assert_int_equal(count(f->d, &q_audit_count, "unit.dissolve", 0), 1);
    assert_int_equal(org_unit_update(&c, pbt, &dis, &e), -1);
    assert_int_equal(e.status, 409);
    /* A successor must itself be active; a date must be a date. */
    int64_t pck = unit_named(f->d, "Đảng ủy phường Cái Khế", true);
    unit_change bad = {.valid_to = "2026-05-27", .successor_id = qbt};
    assert_int_equal(org_unit_update(&c, pck, &bad, &e), -1);
    assert_non_null(org_err_field(&e, "successor_id"));
    unit_change bad_date = {.valid_to = "2026-02-30"};
    assert_int_equal(org_unit_update(&c, pck, &bad_date, &e), -1);
    assert_int_equal(e.status, 400);
    /* No staff moves into a dissolved unit. */
    staff_member m = {.unit_id = pbt, .full_name = "Nguyễn Văn Mới", .active = true};
    assert_int_equal(org_staff_save(&c, 0, &m, &e), -1);
    assert_int_equal(e.status, 409);
}

static void test_organ_id_and_fields(void **state)
{
    struct fixture *f = *state;
    seed(f);
    ctx c = as(f, &f->admin);
    int64_t tu = unit_named(f->d, "Thành ủy Cần Thơ", true);
    org_err e;
    unit_change in = {.name = "Ban Nội chính Thành ủy Cần Thơ",
                      .abbr = "BNCTU",
                      .level = "BAN",
                      .set_parent = true,
                      .parent_id = tu,
                      .set_organ_id = true,
                      .organ_id = "000.00.31.H1"};
    assert_int_equal(org_unit_create(&c, &in, &e), -1);
    assert_non_null(org_err_field(&e, "organ_id"));
    in.organ_id = "000.00.31.H13X";
    assert_int_equal(org_unit_create(&c, &in, &e), -1);
    in.organ_id = "000 00 31 H13";
    assert_int_equal(org_unit_create(&c, &in, &e), -1);
    in.organ_id = "000.00.31.H13";
    int64_t id = org_unit_create(&c, &in, &e);
    assert_true(id > 0);
    assert_string_equal(org_unit_get(&c, id)->organ_id, "000.00.31.H13");
    /* Unique when present. */
    in.name = "Ban khác";
    assert_int_equal(org_unit_create(&c, &in, &e), -1);
    assert_int_equal(e.status, 409);
    in.organ_id = "";
    assert_true(org_unit_create(&c, &in, &e) > 0); /* empty = none */
    /* Abbreviation required, and it must fit in a document number. */
    unit_change no_abbr = {.name = "X", .level = "BAN", .set_parent = true, .parent_id = tu};
    assert_int_equal(org_unit_create(&c, &no_abbr, &e), -1);
    assert_non_null(org_err_field(&e, "abbr"));
    no_abbr.abbr = "VP/TU";
    assert_int_equal(org_unit_create(&c, &no_abbr, &e), -1);
    no_abbr.abbr = "VPTU";
    no_abbr.level = "QUAN";
    assert_int_equal(org_unit_create(&c, &no_abbr, &e), -1);
    assert_non_null(org_err_field(&e, "level"));
    /* Several errors come back together, each beside its field. */
    unit_change many = {.name = "", .abbr = "", .level = "?", .valid_from = "31/12/2025"};
    assert_int_equal(org_unit_create(&c, &many, &e), -1);
    assert_true(e.n >= 4);
    assert_non_null(org_err_field(&e, "valid_from"));
}

static void test_staff_vietnamese_order(void **state)
{
    struct fixture *f = *state;
    seed(f);
    ctx c = as(f, &f->admin);
    staff_member *rows;
    int n = org_staff_list(&c, 0, NULL, false, &rows);
    assert_true(n >= 29);
    for (int i = 1; i < n; i++)
        assert_true(vi_name_cmp(rows[i - 1].full_name, rows[i].full_name) <= 0);
    /* "Nguyễn Thị An" and "Nguyễn Văn An" (given name An) come first, before "Lan Anh". */
    assert_string_equal(rows[0].full_name, "Nguyễn Thị An");
    assert_string_equal(rows[1].full_name, "Nguyễn Văn An");
    /* Inactive staff only on request. */
    staff_member *all;
    assert_int_equal(org_staff_list(&c, 0, NULL, true, &all), n + 1);
    /* Text filter without marks. */
    int k = org_staff_list(&c, 0, "hoang phuc", false, &rows);
    assert_int_equal(k, 1);
    assert_string_equal(rows[0].full_name, "Lê Hoàng Phúc");
    const staff_member *m = org_staff_get(&c, rows[0].id);
    assert_non_null(m);
    assert_int_equal(m->n_domains, 2);
    assert_int_equal(m->n_courses, 1);
    assert_int_equal(m->n_areas, 1);
    assert_string_equal(m->areas[0].unit_name, "Đảng ủy phường Bình Thủy");
    /* A unit account sees only its own people. */
    user dv = login_user(f, "donvi");
    ctx cu = as(f, &dv);
    k = org_staff_list(&cu, 0, NULL, false, &rows);
    assert_int_equal(k, 3);
    for (int i = 0; i < k; i++)
        assert_int_equal(rows[i].unit_id, dv.unit_id);
    assert_null(org_staff_get(&cu, m->id));
    /* Saving replaces the lists and is audited. */
    staff_member ed = *m;
    const char *doms[] = {"Văn thư"};
    ed.domains = doms;
    ed.n_domains = 1;
    ed.n_courses = 0;
    org_err e;
    assert_int_equal(org_staff_save(&c, m->id, &ed, &e), m->id);
    m = org_staff_get(&c, m->id);
    assert_int_equal(m->n_domains, 1);
    assert_int_equal(m->n_courses, 0);
    assert_int_equal(count(f->d, &q_audit_count, "staff.update", 0), 1);
    ed.political_theory = "Cao đẳng";
    assert_int_equal(org_staff_save(&c, m->id, &ed, &e), -1);
    assert_non_null(org_err_field(&e, "political_theory"));
    assert_int_equal(org_staff_save(&cu, m->id, &ed, &e), -1);
    assert_int_equal(e.status, 404);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_demo_seed_counts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_scope_per_role, setup, teardown),
        cmocka_unit_test_setup_teardown(test_scope_cache_sees_changes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_badge_cache_sees_changes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cycle_rejected, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dissolved_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(test_organ_id_and_fields, setup, teardown),
        cmocka_unit_test_setup_teardown(test_staff_vietnamese_order, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
