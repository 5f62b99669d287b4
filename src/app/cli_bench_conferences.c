/* `vanphong bench-conferences [--runs N]`: server time of the attendance roll-up of one
 * conference with 500 invited units (in 25 parent units of 20), each with its attendance by
 * category, in process (no HTTP). Builds its own synthetic office in a temporary database,
 * removes it after, and prints one JSON line in bench-search's shape:
 *   {"what":"conferences","shape":"rollup_500","query":"","login":"-","total":rows,
 *    "runs":N,"p50_ms":…,"p95_ms":…,"p99_ms":…,"max_ms":…}
 * bench/run.sh calls it; bench/report.mjs prints its row. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "app/bench_stats.h"
#include "app/cli.h"
#include "base/arena.h"
#include "base/args.h"
#include "base/i18n.h"
#include "conferences/conferences.h"
#include "db/db.h"

static const char bench_help[] =
    N_("cách dùng: vanphong bench-conferences [--runs N]\n"
       "  Đo thời gian tổng hợp điểm danh của một hội nghị có 500 đơn vị được mời (cơ sở dữ liệu\n"
       "  tạm, tự tạo và tự xóa), N lần (mặc định 200). In một dòng JSON ra stdout.\n");

/* The synthetic office: a root, 25 parents, 500 invited units under them, one conference with
 * every unit invited, checked in and its attendance recorded. Static text: no values. */
static const char seed_sql[] =
    "INSERT INTO units (id, parent_id, name, abbr, level, valid_from, created_at, updated_at) "
    "VALUES (1, NULL, 'Thành ủy (thử)', 'TU', 'TINH', '2025-07-01', 'x', 'x');"
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 25) "
    "INSERT INTO units (id, parent_id, name, abbr, level, valid_from, created_at, updated_at) "
    "SELECT 1 + i, 1, 'Đảng bộ khối ' || i, 'ĐB', 'XA', '2025-07-01', 'x', 'x' FROM n;"
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500) "
    "INSERT INTO units (id, parent_id, name, abbr, level, valid_from, created_at, updated_at) "
    "SELECT 100 + i, 2 + (i - 1) / 20, 'Chi bộ ' || i, 'CB', 'CHI_BO', '2025-07-01', 'x', 'x' "
    "FROM n;"
    "INSERT INTO conferences (id, unit_id, office_unit_id, title, kind, starts_at, ends_at, "
    "created_at) VALUES (1, 1, 1, 'Hội nghị quán triệt (thử)', 'QUAN_TRIET', '2026-12-01 08:00', "
    "'2026-12-01 11:00', 'x');"
    "INSERT INTO conference_invitees (conference_id, unit_id, response, checked_in_at) "
    "SELECT 1, id, 'attend', 'x' FROM units WHERE id > 100;"
    "INSERT INTO conference_attendance (conference_id, unit_id, membership, committee_members, "
    "party_members, non_members, absent_with_reason, absent_without_reason, recorded_at) "
    "SELECT 1, id, 40 + id % 60, 3 + id % 5, 35 + id % 60, id % 30, id % 3, id % 2, 'x' FROM "
    "units WHERE id > 100;";

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int cli_bench_conferences(int argc, char **argv)
{
    static const char *const values[] = {"--runs", NULL};
    static const cli_spec spec = {"vanphong bench-conferences", bench_help, values, NULL, 0, 0};
    int parsed = cli_parse(argc, argv, &spec);
    if (parsed >= 0)
        return parsed;
    const char *rs = cli_opt(argc, argv, "--runs");
    int runs = rs ? atoi(rs) : 200;
    if (runs < 1 || runs > 100000) {
        fprintf(stderr, "%s", _("bench-conferences: --runs phải từ 1 đến 100000.\n"));
        return 2;
    }
    char dir[] = "/tmp/vp-bench-conf-XXXXXX", path[64];
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    snprintf(path, sizeof path, "%s/vanphong.db", dir);
    db *d = NULL;
    char *err = NULL;
    int rc = 1;
    double *t = calloc((size_t)runs, sizeof *t);
    int rows = 0;
    if (!t || db_open(path, &d, &err) != 0 || db_migrate(d, &err) != 0 ||
        db_exec_script(d, seed_sql, &err) != 0) {
        fprintf(stderr, "vanphong bench-conferences: %s\n", err ? err : "?");
        goto out;
    }
    /* One unmeasured run first: a warm page cache is a server's steady state. */
    for (int r = -1; r < runs; r++) {
        arena *a = arena_new();
        conf_rollup_row *v;
        double t0 = now_ms();
        rows = conf_rollup_db(d, a, 1, &v);
        double dt = now_ms() - t0;
        arena_free(&a);
        if (r >= 0)
            t[r] = dt;
    }
    if (rows != 500 + 25 + 1) {
        fprintf(stderr, "vanphong bench-conferences: %d rows\n", rows);
        goto out;
    }
    qsort(t, (size_t)runs, sizeof *t, bench_cmp_double);
    /* The JSON line is read by bench/run.sh: the same in every language. */
    json_t *o =
        json_pack("{s:s, s:s, s:s, s:s, s:i, s:i, s:f, s:f, s:f, s:f}", "what", "conferences",
                  "shape", "rollup_500", "query", "", "login", "-", "total", rows, "runs", runs,
                  "p50_ms", bench_pct(t, runs, 0.5), "p95_ms", bench_pct(t, runs, 0.95), "p99_ms",
                  bench_pct(t, runs, 0.99), "max_ms", t[runs - 1]);
    char *s = json_dumps(o, JSON_COMPACT);
    puts(s);
    free(s);
    json_decref(o);
    rc = 0;
out:
    free(err);
    free(t);
    db_close(&d);
    char wal[80];
    unlink(path);
    snprintf(wal, sizeof wal, "%s-wal", path);
    unlink(wal);
    snprintf(wal, sizeof wal, "%s-shm", path);
    unlink(wal);
    rmdir(dir);
    return rc;
}
