/* `vanphong bench-partyfees [--units N] [--members M] [--runs R]`: server time of the monthly
 * đảng phí report summed up the tree, in process, on a synthetic organisation it builds in a
 * temporary data directory (removed afterwards): a Thành ủy with N Party organisations under
 * it (default 500, in 25 đảng bộ of 20 chi bộ) of M members each (default 40), a month of dues
 * and each organisation's report. Measured after one unmeasured run: the report at the top
 * (pf_tree_report_db) and one chi bộ's fee book of M members (pf_sheet_get). Prints JSON lines
 * in the shape the other benches use:
 *   {"what":"partyfees","shape":"tree_report","login":"vanthu","total":…,"runs":R,
 *    "p50_ms":…,"p95_ms":…,"p99_ms":…,"max_ms":…}
 * The data are inserted in SQL with synchronous=OFF (building takes about a second). */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/app.h"
#include "app/cli.h"
#include "base/args.h"
#include "base/clock.h"
#include "base/config.h"
#include "base/i18n.h"
#include "db/db.h"
#include "partyfees/partyfees.h"
#include "web/ctx.h"

static const char bench_help[] =
    N_("cách dùng: vanphong bench-partyfees [--units N] [--members M] [--runs R]\n"
       "  Dựng N tổ chức đảng (mặc định 500), mỗi tổ chức M đảng viên (mặc định 40) và một\n"
       "  tháng đảng phí trong một thư mục tạm, rồi đo báo cáo tổng hợp theo cấp và sổ đảng phí\n"
       "  của một chi bộ, mỗi phép đo R lần (mặc định 30). In các dòng JSON ra stdout.\n");

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    return remove(path);
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void report(const char *shape, int total, double *t, int n)
{
    qsort(t, (size_t)n, sizeof *t, cmp_d);
    printf("{\"what\":\"partyfees\",\"shape\":\"%s\",\"login\":\"vanthu\",\"total\":%d,\"runs\":%d,"
           "\"p50_ms\":%.3f,\"p95_ms\":%.3f,\"p99_ms\":%.3f,\"max_ms\":%.3f}\n",
           shape, total, n, t[n / 2], t[(int)(n * 0.95)], t[(int)(n * 0.99)], t[n - 1]);
    fflush(stdout);
}

int cli_bench_partyfees(int argc, char **argv)
{
    static const char *const values[] = {"--units", "--members", "--runs", NULL};
    static const cli_spec spec = {"vanphong bench-partyfees", bench_help, values, NULL, 0, 0};
    int parsed = cli_parse(argc, argv, &spec);
    if (parsed >= 0)
        return parsed;
    const char *us = cli_opt(argc, argv, "--units"), *ms = cli_opt(argc, argv, "--members"),
               *rs = cli_opt(argc, argv, "--runs");
    int64_t units = us ? atoll(us) : 500, members = ms ? atoll(ms) : 40, runs = rs ? atoll(rs) : 30;
    if (units < 1 || units > 100000 || members < 1 || members > 1000 || runs < 1 || runs > 10000) {
        fputs(_(bench_help), stderr);
        return 2;
    }
    char dir[] = "/tmp/vp-bench-pf-XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    char path[128];
    snprintf(path, sizeof path, "%s/vanphong.db", dir);
    config.data_dir = dir;
    db *d = NULL;
    char *err = NULL;
    int rc = 1;
    if (db_open(path, &d, &err) != 0 || db_migrate(d, &err) != 0) {
        fprintf(stderr, "bench-partyfees: %s\n", err ? err : "?");
        goto out;
    }
    app_init();
    /* the tree: 1 Thành ủy, groups of 20 chi bộ under đảng bộ; members; a month of dues;
     * each organisation's report */
    char *sql = NULL;
    if (asprintf(
            &sql,
            "PRAGMA synchronous = OFF; BEGIN;"
            "INSERT INTO units (id, parent_id, name, abbr, level, valid_from, created_at, "
            "updated_at) VALUES (1, NULL, 'Thành ủy', 'TU', 'TINH', '2020-01-01', 'x', 'x');"
            "WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < "
            "(%lld + 19) / 20) INSERT INTO units (id, parent_id, name, abbr, level, valid_from,"
            " created_at, updated_at) SELECT 1 + i, 1, 'Đảng bộ ' || i, 'ĐB', 'CO_SO', "
            "'2020-01-01', 'x', 'x' FROM g;"
            "WITH RECURSIVE g(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM g WHERE i < %lld - 1)"
            " INSERT INTO units (id, parent_id, name, abbr, level, valid_from, created_at, "
            "updated_at) SELECT 100000 + i, 2 + i / 20, 'Chi bộ ' || i, 'CB', 'CHI_BO', "
            "'2020-01-01', 'x', 'x' FROM g;"
            "WITH RECURSIVE g(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM g WHERE i < "
            "%lld * %lld - 1) INSERT INTO party_members (id, unit_id, full_name, "
            "admitted_on, fee_category, fee_basis, created_at, updated_at) SELECT i + 1, "
            "100000 + i / %lld, 'Đảng viên ' || i, '2000-01-01', 'BHXH', 5000000 + (i %% 30) "
            "* 100000, 'x', 'x' FROM g;"
            "INSERT INTO fee_dues (member_id, unit_id, month, amount_due, amount_paid, "
            "updated_at) SELECT id, unit_id, '2026-06', fee_basis / 100, CASE WHEN id %% 13 "
            "= 0 THEN 0 ELSE fee_basis / 100 END, 'x' FROM party_members;"
            "INSERT INTO fee_reports (unit_id, month, members, paid_members, exempt_members,"
            " amount_due, amount_paid, submitted_at) SELECT unit_id, '2026-06', COUNT(*), "
            "SUM(amount_paid >= amount_due), 0, SUM(amount_due), SUM(amount_paid), 'x' FROM "
            "fee_dues GROUP BY unit_id; COMMIT;",
            (long long)units, (long long)units, (long long)units, (long long)members,
            (long long)members) < 0)
        goto out;
    int src = db_exec_script(d, sql, &err);
    free(sql);
    if (src != 0) {
        fprintf(stderr, "bench-partyfees: %s\n", err ? err : "?");
        goto out;
    }
    double *t = calloc((size_t)runs, sizeof *t);
    int total = 0;
    for (int64_t i = -1; i < runs; i++) {
        arena *a = arena_new();
        pf_agg *g;
        double t0 = now_ms();
        int n = pf_tree_report_db(d, a, 1, "2026-06", &g);
        double dt = now_ms() - t0;
        total = 0;
        for (int k = 0; k < n; k++)
            total += g[k].units_reported;
        if (i >= 0)
            t[i] = dt;
        arena_free(&a);
    }
    report("tree_report", total, t, (int)runs);
    /* one chi bộ's book, as the city's clerk (admin role: every unit in scope) */
    user u = {.id = 0, .login = "vanthu", .role = ROLE_ADMIN, .unit_id = 1};
    for (int64_t i = -1; i < runs; i++) {
        arena *a = arena_new();
        ctx c = {.a = a, .db = d, .user = &u, .data_dir = dir};
        pf_sheet sh;
        web_err e = {0};
        double t0 = now_ms();
        int n = pf_sheet_get(&c, 100000, "2026-06", &sh, &e);
        double dt = now_ms() - t0;
        total = n;
        if (i >= 0)
            t[i] = dt;
        arena_free(&a);
    }
    report("chi_bo_book", total, t, (int)runs);
    free(t);
    rc = 0;
out:
    free(err);
    db_close(&d);
    nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    return rc;
}
