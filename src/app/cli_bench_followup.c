/* `vanphong bench-followup [--runs N] [--tasks N] [--units N]`: server time of the follow-up
 * report (followup_report) in process, over a synthetic office built in a temporary data
 * directory: N units (default 500) under one committee, N tasks (default 50,000) over the last
 * year with completions, confirmations, extensions, thường xuyên and stopped tasks. Measures the
 * report by unit, by leader and by month for the whole year as of today, each R times (default
 * 30, after one unmeasured run), as the office leader whose scope is every unit. Prints one JSON
 * object a line, like bench-search:
 *   {"what":"followup_report","shape":"by_unit","login":"chanhvp","total":…,"runs":N,
 *    "p50_ms":…,"p95_ms":…,"p99_ms":…,"max_ms":…}
 * The budget (issue 13): p95 ≤ 100 ms for 50,000 tasks over 500 units. */
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
#include "db/db.h"
#include "followup/followup.h"

static const char help[] =
    N_("cách dùng: vanphong bench-followup [--runs N] [--tasks N] [--units N] [--keep]\n"
       "  Dựng một văn phòng giả lập trong thư mục tạm (mặc định 500 đơn vị, 50.000 nhiệm vụ)\n"
       "  và đo thời gian lập báo cáo theo dõi nhiệm vụ (theo đơn vị, lãnh đạo, tháng; cả năm,\n"
       "  tính đến hôm nay), mỗi dạng N lần (mặc định 30). In các dòng JSON ra stdout. --keep giữ\n"
       "  lại thư mục tạm.\n");

static const db_query q_units = {
    "bench.fu_units",
    "INSERT INTO units (id, parent_id, name, abbr, level, valid_from, sort_order, created_at, "
    "updated_at) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1) "
    "SELECT 100 + i, 1, 'Đảng ủy phường số ' || i, 'ĐU', 'XA', '2025-07-01', i, 'x', 'x' FROM n",
    NULL};
static const char seed_sql[] =
    "INSERT INTO units (id, parent_id, name, abbr, level, valid_from, created_at, updated_at) "
    "VALUES (1, NULL, 'Thành ủy thử', 'TU', 'TINH', '2025-07-01', 'x', 'x'),"
    " (2, 1, 'Văn phòng Thành ủy thử', 'VPTU', 'BAN', '2025-07-01', 'x', 'x');"
    "INSERT INTO users (id, login, name, role, unit_id, password_hash, created_at, updated_at) "
    "VALUES (1, 'chanhvp', 'Chánh Văn phòng', 'office-leader', 2, 'x', 'x', 'x'),"
    " (2, 'thuongtruc', 'Bí thư', 'committee-leader', 1, 'x', 'x', 'x'),"
    " (3, 'thuongtruc2', 'Phó Bí thư', 'committee-leader', 1, 'x', 'x', 'x');";
/* ?1 tasks, ?2 units, ?3 today. Deterministic spread: assigned over the last 400 days, due 7–70
 * days later; 60 % reported, most of them confirmed, some late; 5 % thường xuyên; 1 % stopped. */
static const db_query q_tasks = {
    "bench.fu_tasks",
    "INSERT INTO followup_tasks (unit_id, source_kind, source_title, source_clause, content, "
    "assigned_by, leader_user_id, lead_unit_id, due_date, original_due, created_by, created_at, "
    "assigned_on, completed_on, reported_by, reported_at, confirmed_by, confirmed_on, "
    "cancelled_on) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1), "
    "d AS (SELECT i, date(?3, '-' || ((i * 7919) % 400) || ' days') AS a, 7 + (i * 104729) % 64 "
    "AS len FROM n) SELECT 2, 'none', 'Thông báo kết luận số ' || (i % 300) || '-TB/TU', 'Mục ' "
    "|| (i % 9), 'Nhiệm vụ thử số ' || i, 'TT', 2 + i % 2, 101 + (i * 31) % ?2, CASE WHEN i % 20 "
    "= 0 THEN NULL ELSE date(a, '+' || len || ' days') END, CASE WHEN i % 20 = 0 THEN NULL ELSE "
    "date(a, '+' || len || ' days') END, 1, 'x', a, CASE WHEN i % 5 < 3 AND date(a, '+' || (len + "
    "(i % 7) - 4) || ' days') <= ?3 THEN date(a, '+' || (len + (i % 7) - 4) || ' days') END, 1, "
    "'x', 1, CASE WHEN i % 5 < 3 AND i % 11 <> 0 AND date(a, '+' || (len + (i % 7) - 3) || ' "
    "days') <= ?3 THEN date(a, '+' || (len + (i % 7) - 3) || ' days') END, CASE WHEN i % 100 = 7 "
    "THEN date(a, '+3 days') END FROM d",
    NULL};
/* Every 50th dated task was extended by a week (decided the day before its first deadline). */
static const db_query q_ext = {
    "bench.fu_ext",
    "INSERT INTO followup_extensions (task_id, old_due, new_due, reason, requested_by, "
    "requested_at, status, decided_by, decided_on) SELECT id, due_date, date(due_date, '+7 "
    "days'), 'Thử', 1, 'x', 'approved', 2, date(due_date, '-1 day') FROM followup_tasks WHERE "
    "id % 50 = 3 AND due_date IS NOT NULL",
    NULL};
static const db_query q_ext_apply = {
    "bench.fu_ext_apply",
    "UPDATE followup_tasks SET due_date = date(due_date, '+7 days') WHERE id % 50 = 3 AND "
    "due_date IS NOT NULL",
    NULL};

static int measure(ctx *kc, const char *by, const char *from, const char *to, int runs)
{
    double *t = calloc((size_t)runs, sizeof *t), *cpu = calloc((size_t)runs, sizeof *cpu);
    int64_t total = 0;
    for (int r = -1; r < runs; r++) {
        arena *a = arena_new();
        ctx c = {.a = a, .db = kc->db, .user = kc->user, .data_dir = kc->data_dir};
        fu_filter f = {.from = from, .to = to, .by = by};
        fu_count *rows, sum;
        web_err e = {0};
        int64_t t0 = clock_now_ms();
        double c0 = bench_cpu_ms();
        int n = followup_report(&c, &f, &rows, &sum, &e);
        double c1 = bench_cpu_ms();
        int64_t t1 = clock_now_ms();
        if (n < 0) {
            fprintf(stderr, "bench-followup: %s\n", web_err_message(&e));
            arena_free(&a);
            free(t);
            free(cpu);
            return -1;
        }
        total = 0;
        for (int s = 0; s < FU_NSTATUS; s++)
            total += sum.n[s];
        if (r >= 0) {
            t[r] = (double)(t1 - t0);
            cpu[r] = c1 - c0;
        }
        arena_free(&a);
    }
    qsort(t, (size_t)runs, sizeof *t, bench_cmp_double);
    qsort(cpu, (size_t)runs, sizeof *cpu, bench_cmp_double);
    json_t *j = json_pack("{s:s, s:s, s:s, s:I, s:i, s:f, s:f, s:f, s:f, s:f, s:f}", "what",
                          "followup_report", "shape", by, "login", kc->user->login, "total",
                          (json_int_t)total, "runs", runs, "p50_ms", bench_pct(t, runs, 0.5),
                          "p95_ms", bench_pct(t, runs, 0.95), "p99_ms", bench_pct(t, runs, 0.99),
                          "max_ms", t[runs - 1], "cpu_p50_ms", bench_pct(cpu, runs, 0.5),
                          "cpu_p95_ms", bench_pct(cpu, runs, 0.95));
    char *s = json_dumps(j, JSON_COMPACT);
    printf("%s\n", s);
    fflush(stdout);
    free(s);
    json_decref(j);
    free(t);
    free(cpu);
    return 0;
}

static int exec1(db *d, const db_query *q, int64_t a, int64_t b, const char *c)
{
    db_stmt *s = db_stmt_get(d, q);
    if (!s)
        return -1;
    if (a)
        db_bind_int(s, 1, a);
    if (b)
        db_bind_int(s, 2, b);
    if (c)
        db_bind_text(s, 3, c);
    return db_exec(s) == DB_DONE ? 0 : -1;
}

int cli_bench_followup(int argc, char **argv)
{
    static const char *const values[] = {"--runs", "--tasks", "--units", NULL};
    static const char *const flags[] = {"--keep", NULL};
    static const cli_spec spec = {"vanphong bench-followup", help, values, flags, 0, 0};
    int st = cli_parse(argc, argv, &spec);
    if (st >= 0)
        return st;
    int runs = 30, tasks = 50000, units = 500;
    /* --keep leaves the data directory for a closer look. */
    bool keep_dir = cli_has(argc, argv, "--keep");
    const char *v;
    if ((v = cli_opt(argc, argv, "--runs")))
        runs = atoi(v);
    if ((v = cli_opt(argc, argv, "--tasks")))
        tasks = atoi(v);
    if ((v = cli_opt(argc, argv, "--units")))
        units = atoi(v);
    if (runs <= 0 || tasks <= 0 || units <= 0) {
        fputs(_(help), stderr);
        return 2;
    }
    char dir[] = "/tmp/vp-bench-followup-XXXXXX";
    if (!mkdtemp(dir)) {
        perror("bench-followup");
        return 1;
    }
    char *err = NULL;
    if (app_open(dir, 0, &err) != 0) {
        fprintf(stderr, "bench-followup: %s\n", err ? err : "?");
        free(err);
        return 1;
    }
    db *d = db_thread();
    char today[16], from[16], to[16];
    clock_vn_today(today, sizeof today);
    snprintf(from, sizeof from, "%.4s-01-01", today);
    snprintf(to, sizeof to, "%.4s-12-31", today);
    int64_t t0 = clock_now_ms();
    int rc = db_exec_script(d, seed_sql, &err) == 0 ? 0 : -1;
    if (rc == 0 && db_begin_write(d) == 0) {
        rc = exec1(d, &q_units, units, 0, NULL);
        if (rc == 0)
            rc = exec1(d, &q_tasks, tasks, units, today);
        if (rc == 0)
            rc = exec1(d, &q_ext, 0, 0, NULL);
        if (rc == 0)
            rc = exec1(d, &q_ext_apply, 0, 0, NULL);
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
        fprintf(stderr, "bench-followup: building the office failed: %s\n",
                err ? err : db_errmsg(d));
        free(err);
        return 1;
    }
    fprintf(stderr, "bench-followup: %d tasks over %d units built in %lld ms\n", tasks, units,
            (long long)(clock_now_ms() - t0));
    arena *keep = arena_new();
    user u = {.id = 1,
              .login = "chanhvp",
              .name = "Chánh Văn phòng",
              .role = ROLE_OFFICE_LEADER,
              .unit_id = 2};
    ctx kc = {.a = keep, .db = d, .user = &u, .data_dir = dir};
    rc = 0;
    static const char *const shapes[] = {"unit", "leader", "month"};
    for (size_t i = 0; i < 3 && rc == 0; i++)
        rc = measure(&kc, shapes[i], from, to, runs);
    arena_free(&keep);
    db_thread_close();
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (keep_dir)
        fprintf(stderr, "bench-followup: kept %s\n", dir);
    else if (system(cmd) != 0)
        fprintf(stderr, "bench-followup: could not remove %s\n", dir);
    return rc == 0 ? 0 : 1;
}
