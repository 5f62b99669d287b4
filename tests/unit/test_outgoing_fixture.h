/* A small office for the outgoing-side unit tests: a fresh migrated database in a temp dir,
 * blob and tmp folders, units (Thành ủy → VPTU, Ban Tổ chức, a ward committee) and one user
 * per role, with a request context per user. Header-only: each test binary includes it once. */
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
#include "web/ctx.h"
#include "base/clock.h"
#include "db/db.h"
#include "test_store.h"

/* 2026-03-02 03:00 UTC = 10:00 in Vietnam. */
#define FX_NOW 1772420400

enum { U_TU = 1, U_VPTU = 2, U_BTC = 3, U_WARD = 4 };
enum {
    P_ADMIN,
    P_LEADER,
    P_OFFICE,
    P_CLERK,
    P_SPEC,
    P_UNIT,
    P_SPEC2,
    P_WARD_CLERK,
    P_WARD_LEADER,
    P_N
};

struct fx {
    char dir[64], blobs[96], tmp[96], dbpath[256]; /* dbpath: the store (test_store.h) */
    db *d;
    arena *a;
    user users[P_N];
    ctx c[P_N];
};

static const char fx_seed_sql[] =
    "INSERT INTO units (id, parent_id, name, abbr, level, valid_from, created_at, updated_at) "
    "VALUES (1, NULL, 'Thành ủy Cần Thơ', 'TU', 'TINH', '2025-07-01', 'x', 'x'),"
    " (2, 1, 'Văn phòng Thành ủy', 'VPTU', 'BAN', '2025-07-01', 'x', 'x'),"
    " (3, 1, 'Ban Tổ chức Thành ủy', 'BTCTU', 'BAN', '2025-07-01', 'x', 'x'),"
    " (4, 1, 'Đảng ủy phường Bình Thủy', 'ĐU', 'XA', '2025-07-01', 'x', 'x');"
    "INSERT INTO users (id, login, name, role, unit_id, password_hash, created_at, updated_at) "
    "VALUES (1, 'admin', 'Quản trị', 'admin', 1, 'x', 'x', 'x'),"
    " (2, 'thuongtruc', 'Nguyễn Văn An', 'committee-leader', 1, 'x', 'x', 'x'),"
    " (3, 'chanhvp', 'Trần Thị Bích Ngọc', 'office-leader', 2, 'x', 'x', 'x'),"
    " (4, 'vanthu', 'Lê Thị Hoa', 'clerk', 2, 'x', 'x', 'x'),"
    " (5, 'chuyenvien', 'Phạm Văn Bình', 'specialist', 2, 'x', 'x', 'x'),"
    " (6, 'donvi', 'Đảng ủy phường Bình Thủy', 'unit', 4, 'x', 'x', 'x'),"
    " (7, 'chuyenvien2', 'Võ Minh Tâm', 'specialist', 3, 'x', 'x', 'x'),"
    " (8, 'vanthu.binhthuy', 'Huỳnh Thị Lan', 'clerk', 4, 'x', 'x', 'x'),"
    " (9, 'thuongtruc.binhthuy', 'Đặng Văn Hùng', 'committee-leader', 4, 'x', 'x', 'x');"
    "INSERT INTO terms (unit_id, name, starts_on, ends_on) VALUES"
    " (1, 'Nhiệm kỳ 2020–2025', '2020-10-17', '2025-09-28'),"
    " (1, 'Nhiệm kỳ 2025–2030', '2025-09-29', NULL);"
    "INSERT INTO registers (id, unit_id, term_unit_id, name, policy, issuer_abbr, signer_role)"
    " VALUES (1, 2, 1, 'Sổ văn bản đi VPTU', 'party', 'VPTU', 'office-leader'),"
    " (2, 2, 2, 'Sổ nhà nước (thử)', 'state', 'UBND', 'office-leader'),"
    " (3, 4, 4, 'Sổ ĐU phường Bình Thủy', 'party', 'ĐU', 'committee-leader');";

static void fx_user(struct fx *f, int i, int64_t id, const char *login, enum role r, int64_t unit)
{
    f->users[i] = (user){.id = id, .login = login, .name = login, .role = r, .unit_id = unit};
    f->c[i] = (ctx){.a = f->a, .db = f->d, .user = &f->users[i], .data_dir = f->dir};
}

static int fx_setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    strcpy(f->dir, "/tmp/vp-test-out-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->blobs, sizeof f->blobs, "%s/blobs", f->dir);
    snprintf(f->tmp, sizeof f->tmp, "%s/tmp", f->dir);
    mkdir(f->blobs, 0750);
    mkdir(f->tmp, 0750);
    char *err = NULL;
    if (test_store_open(f->dir, f->dbpath, sizeof f->dbpath, &f->d, &err) != 0)
        fail_msg("store: %s", err);
    config.data_dir = f->dir;
    config.db_path = f->dbpath;
    config.blob_dir = f->blobs;
    config.tmp_dir = f->tmp;
    if (db_exec_script(f->d, fx_seed_sql, &err) != 0)
        fail_msg("seed: %s", err);
    test_store_resync(f->d);
    f->a = arena_new();
    fx_user(f, P_ADMIN, 1, "admin", ROLE_ADMIN, U_TU);
    fx_user(f, P_LEADER, 2, "thuongtruc", ROLE_COMMITTEE_LEADER, U_TU);
    fx_user(f, P_OFFICE, 3, "chanhvp", ROLE_OFFICE_LEADER, U_VPTU);
    fx_user(f, P_CLERK, 4, "vanthu", ROLE_CLERK, U_VPTU);
    fx_user(f, P_SPEC, 5, "chuyenvien", ROLE_SPECIALIST, U_VPTU);
    fx_user(f, P_UNIT, 6, "donvi", ROLE_UNIT, U_WARD);
    fx_user(f, P_SPEC2, 7, "chuyenvien2", ROLE_SPECIALIST, U_BTC);
    fx_user(f, P_WARD_CLERK, 8, "vanthu.binhthuy", ROLE_CLERK, U_WARD);
    /* The ward's own Thường trực: a committee leader whose scope is the ward, not the city. */
    fx_user(f, P_WARD_LEADER, 9, "thuongtruc.binhthuy", ROLE_COMMITTEE_LEADER, U_WARD);
    app_init();
    clock_set_fake(FX_NOW);
    *state = f;
    return 0;
}

static int fx_teardown(void **state)
{
    struct fx *f = *state;
    clock_set_fake(0);
    arena_free(&f->a);
    test_store_close(&f->d, f->dbpath);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
    if (system(cmd) != 0)
        return -1;
    free(f);
    return 0;
}

/* Runs a one-value query (a static const db_query of the test). */
static inline int64_t fx_value(struct fx *f, const db_query *q)
{
    db_stmt *s = db_stmt_get(f->d, q);
    assert_non_null(s);
    assert_int_equal(db_step(s), DB_ROW);
    int64_t n = db_col_int(s, 0);
    db_reset(s);
    return n;
}
