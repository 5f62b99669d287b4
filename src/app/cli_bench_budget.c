/* `vanphong bench-budget [--runs N] [--units N]`: server time of the aggregated annual finance
 * report (budget_report_build) in process, over a synthetic office built in a temporary data
 * directory: N organisations (default 500) under one committee, each with an approved estimate
 * on 30 budget lines and a spending entry per line and month of the year (500 × 30 × 12 =
 * 180,000 entries), half of them with an approved settlement of last year. Measures the report
 * of the whole tree for this year, R times (default 30, after one unmeasured run), as the office
 * leader whose scope is every unit. Prints one JSON object a line, like bench-followup:
 *   {"what":"budget_report","shape":"tree","login":"chanhvp","units":…,"spending":…,"runs":N,
 *    "p50_ms":…,"p95_ms":…,"p99_ms":…,"max_ms":…,"cpu_p50_ms":…,"cpu_p95_ms":…} */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "app/app.h"
#include "app/bench_stats.h"
#include "app/cli.h"
#include "base/args.h"
#include "base/arena.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "budget/budget.h"
#include "db/db.h"

static const char help[] = N_(
    "cách dùng: vanphong bench-budget [--runs N] [--units N] [--keep]\n"
    "  Dựng một văn phòng giả lập trong thư mục tạm (mặc định 500 tổ chức đảng, 30 mục chi,\n"
    "  một khoản chi mỗi mục mỗi tháng) và đo thời gian lập báo cáo tài chính năm tổng hợp\n"
    "  toàn cây, N lần (mặc định 30). In các dòng JSON ra stdout. --keep giữ lại thư mục tạm.\n");

static const char seed_sql[] =
    "INSERT INTO units (id, parent_id, name, abbr, level, valid_from, created_at, updated_at) "
    "VALUES (1, NULL, 'Thành ủy thử', 'TU', 'TINH', '2020-01-01', 'x', 'x'),"
    " (2, 1, 'Văn phòng Thành ủy thử', 'VPTU', 'BAN', '2020-01-01', 'x', 'x');"
    "INSERT INTO users (id, login, name, role, unit_id, password_hash, created_at, updated_at) "
    "VALUES (1, 'chanhvp', 'Chánh Văn phòng', 'office-leader', 2, 'x', 'x', 'x');"
    /* 30 lines in force: the seed's 19 and 11 more. */
    "INSERT INTO budget_lines (code, name, grp, sort_order, valid_from, source) WITH RECURSIVE "
    "n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 11) SELECT 'B.' || i, 'Mục thử "
    "' || i, 'THUONG_XUYEN', 500 + i, '2020-01-01', 'thử' FROM n;";
/* ?1 units: wards under the committee, a few chi bộ under each ward (every 5th unit). */
static const db_query q_units = {
    "bench.bud_units",
    "INSERT INTO units (id, parent_id, name, abbr, level, valid_from, sort_order, created_at, "
    "updated_at) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1) "
    "SELECT 100 + i, CASE WHEN i % 5 = 0 THEN 100 + i - 1 ELSE 1 END, 'Tổ chức đảng số ' || i, "
    "'ĐU', CASE WHEN i % 5 = 0 THEN 'CHI_BO' ELSE 'XA' END, '2020-01-01', i, 'x', 'x' FROM n",
    NULL};
/* ?1 year: an approved estimate of every unit; ?2 kind. */
static const db_query q_budgets = {
    "bench.bud_budgets",
    "INSERT INTO budgets (unit_id, year, kind, version, status, created_by, created_at) SELECT "
    "id, ?1, ?2, 1, 'DA_DUYET', 1, 'x' FROM units WHERE id >= 100 AND (?2 = 'DU_TOAN' OR id % 2 "
    "= 0)",
    NULL};
static const db_query q_amounts = {
    "bench.bud_amounts",
    "INSERT INTO budget_amounts (budget_id, line_id, amount) SELECT b.id, l.id, 1000000 * (10 + "
    "(b.unit_id * 7 + l.id * 13) % 90) FROM budgets b CROSS JOIN budget_lines l",
    NULL};
/* ?1 year: one entry per unit, line and month. */
static const db_query q_spending = {
    "bench.bud_spending",
    "INSERT INTO budget_spending (unit_id, year, spent_on, line_id, amount, voucher_no, "
    "created_by, created_at) WITH RECURSIVE m(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM m "
    "WHERE i < 12) SELECT u.id, ?1, printf('%04d-%02d-15', ?1, m.i), l.id, 50000 * (1 + (u.id + "
    "l.id + m.i) % 150), 'PC' || m.i, 1, 'x' FROM units u CROSS JOIN budget_lines l CROSS JOIN "
    "m WHERE u.id >= 100",
    NULL};

static int exec2(db *d, const db_query *q, int64_t a, const char *b)
{
    db_stmt *s = db_stmt_get(d, q);
    if (!s)
        return -1;
    if (a)
        db_bind_int(s, 1, a);
    if (b)
        db_bind_text(s, 2, b);
    return db_exec(s) == DB_DONE ? 0 : -1;
}

int cli_bench_budget(int argc, char **argv)
{
    static const char *const values[] = {"--runs", "--units", NULL};
    static const char *const flags[] = {"--keep", NULL};
    static const cli_spec spec = {"vanphong bench-budget", help, values, flags, 0, 0};
    int st = cli_parse(argc, argv, &spec);
    if (st >= 0)
        return st;
    int runs = 30, units = 500;
    bool keep_dir = cli_has(argc, argv, "--keep");
    const char *v;
    if ((v = cli_opt(argc, argv, "--runs")))
        runs = atoi(v);
    if ((v = cli_opt(argc, argv, "--units")))
        units = atoi(v);
    if (runs <= 0 || units <= 0) {
        fputs(_(help), stderr);
        return 2;
    }
    char dir[] = "/tmp/vp-bench-budget-XXXXXX";
    if (!mkdtemp(dir)) {
        perror("bench-budget");
        return 1;
    }
    char *err = NULL;
    if (app_open(dir, 0, &err) != 0) {
        fprintf(stderr, "bench-budget: %s\n", err ? err : "?");
        free(err);
        return 1;
    }
    db *d = db_thread();
    char today[16];
    clock_vn_today(today, sizeof today);
    int year = atoi(today);
    int64_t t0 = clock_now_ms();
    int rc = db_exec_script(d, seed_sql, &err) == 0 ? 0 : -1;
    if (rc == 0 && db_begin_write(d) == 0) {
        rc = exec2(d, &q_units, units, NULL);
        if (rc == 0)
            rc = exec2(d, &q_budgets, year, "DU_TOAN");
        if (rc == 0)
            rc = exec2(d, &q_budgets, year - 1, "QUYET_TOAN");
        if (rc == 0)
            rc = exec2(d, &q_amounts, 0, NULL);
        if (rc == 0)
            rc = exec2(d, &q_spending, year, NULL);
        if (rc == 0)
            rc = db_commit(d);
        else
            db_rollback(d);
    }
    if (rc == 0) {
        char *e2 = NULL;
        rc = db_exec_script(d, "ANALYZE;", &e2);
        free(e2);
    }
    if (rc != 0) {
        fprintf(stderr, "bench-budget: building the office failed: %s\n", err ? err : db_errmsg(d));
        free(err);
        return 1;
    }
    fprintf(stderr, "bench-budget: %d organisations × 30 lines × 12 months built in %lld ms\n",
            units, (long long)(clock_now_ms() - t0));
    user u = {.id = 1,
              .login = "chanhvp",
              .name = "Chánh Văn phòng",
              .role = ROLE_OFFICE_LEADER,
              .unit_id = 2};
    double *t = calloc((size_t)runs, sizeof *t), *cpu = calloc((size_t)runs, sizeof *cpu);
    int64_t spent = 0;
    int n_units = 0;
    for (int r = -1; r < runs && rc == 0; r++) {
        arena *a = arena_new();
        ctx c = {.a = a, .db = d, .user = &u, .data_dir = dir};
        budget_report rep;
        web_err e = {0};
        int64_t w0 = clock_now_ms();
        double c0 = bench_cpu_ms();
        rc = budget_report_build(&c, year, 1, &rep, &e);
        double c1 = bench_cpu_ms();
        int64_t w1 = clock_now_ms();
        if (rc != 0)
            fprintf(stderr, "bench-budget: %s\n", web_err_message(&e));
        spent = rep.total.spent;
        n_units = rep.n_units;
        if (r >= 0) {
            t[r] = (double)(w1 - w0);
            cpu[r] = c1 - c0;
        }
        arena_free(&a);
    }
    if (rc == 0) {
        qsort(t, (size_t)runs, sizeof *t, bench_cmp_double);
        qsort(cpu, (size_t)runs, sizeof *cpu, bench_cmp_double);
        json_t *j =
            json_pack("{s:s, s:s, s:s, s:i, s:i, s:I, s:i, s:f, s:f, s:f, s:f, s:f, s:f}", "what",
                      "budget_report", "shape", "tree", "login", u.login, "units", n_units,
                      "spending", units * 30 * 12, "spent", (json_int_t)spent, "runs", runs,
                      "p50_ms", bench_pct(t, runs, 0.5), "p95_ms", bench_pct(t, runs, 0.95),
                      "p99_ms", bench_pct(t, runs, 0.99), "max_ms", t[runs - 1], "cpu_p50_ms",
                      bench_pct(cpu, runs, 0.5), "cpu_p95_ms", bench_pct(cpu, runs, 0.95));
        char *s = json_dumps(j, JSON_COMPACT);
        printf("%s\n", s);
        fflush(stdout);
        free(s);
        json_decref(j);
    }
    free(t);
    free(cpu);
    db_thread_close();
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (keep_dir)
        fprintf(stderr, "bench-budget: kept %s\n", dir);
    else if (system(cmd) != 0)
        fprintf(stderr, "bench-budget: could not remove %s\n", dir);
    return rc == 0 ? 0 : 1;
}
