/* `vanphong bench-awards [--runs N] [--members N] [--units N]`: server time of the Huy hiệu
 * candidates job (awards_sweep) and of the occasion's list (awards_case_list) over a synthetic
 * office built in a temporary data directory: N members (default 200,000) over N units
 * (default 500), admitted between 1936 and 2025 spread day by day, 2 % with a discipline. Each
 * run of the job starts from no cases (deleted between runs, not measured: every member due
 * within the year gets a case), then the steady state (the cases in place, nothing created),
 * R runs each (default 5) after one unmeasured. Prints one JSON object a line, like bench-followup:
 *   {"what":"awards_sweep","members":…,"created":…,"runs":N,"p50_ms":…,"p95_ms":…,…}
 * (also "awards_member_history": one member's cases, the badge history page)
 * The budget (issue 20, set here): the steady job p95 ≤ 500 ms over 200,000 members. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "app/app.h"
#include "app/bench_stats.h"
#include "app/cli.h"
#include "awards/awards.h"
#include "base/args.h"
#include "base/arena.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "db/db.h"

static const char help[] =
    N_("cách dùng: vanphong bench-awards [--runs N] [--members N] [--units N]\n"
       "  Dựng một đảng bộ giả lập trong thư mục tạm (mặc định 500 đơn vị, 200.000 đảng viên)\n"
       "  và đo thời gian lập danh sách đảng viên đến hạn Huy hiệu Đảng và danh sách của dịp\n"
       "  trao, mỗi việc N lần (mặc định 5). In các dòng JSON ra stdout.\n");

static const char seed_sql[] =
    "INSERT INTO units (id, parent_id, name, abbr, level, valid_from, created_at, updated_at) "
    "VALUES (1, NULL, 'Thành ủy thử', 'TU', 'TINH', '2025-07-01', 'x', 'x'),"
    " (2, 1, 'Văn phòng Thành ủy thử', 'VPTU', 'BAN', '2025-07-01', 'x', 'x');"
    "INSERT INTO users (id, login, name, role, unit_id, password_hash, created_at, updated_at) "
    "VALUES (1, 'chanhvp', 'Chánh Văn phòng', 'office-leader', 2, 'x', 'x', 'x');";
static const db_query q_units = {
    "bench.aw_units",
    "INSERT INTO units (id, parent_id, name, abbr, level, valid_from, sort_order, created_at, "
    "updated_at) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1) "
    "SELECT 100 + i, 1, 'Đảng ủy phường số ' || i, 'ĐU', 'XA', '2025-07-01', i, 'x', 'x' FROM n",
    NULL};
static const db_query q_members = {
    "bench.aw_members",
    "INSERT INTO party_members (unit_id, full_name, admitted_on, status, created_at, updated_at)"
    " WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)"
    " SELECT 101 + (i * 31) % ?2, 'Đảng viên ' || i, date('1936-01-01', '+' || ((i * 7919) %"
    " 32500) || ' days'), CASE WHEN i % 97 = 0 THEN 'deceased' ELSE 'active' END, 'x', 'x'"
    " FROM n",
    NULL};
static const db_query q_disc = {
    "bench.aw_disc",
    "INSERT INTO member_disciplines (member_id, form, decided_on, created_at) SELECT id,"
    " CASE WHEN id % 2 THEN 'warning' ELSE 'dismissal' END, date('now', '-' || (id % 400) ||"
    " ' days'), 'x' FROM party_members WHERE id % 50 = 0",
    NULL};
static const db_query q_clear = {"bench.aw_clear", "DELETE FROM badge_cases", NULL};

static void emit(const char *what, int members, int64_t count, double *t, int runs)
{
    qsort(t, (size_t)runs, sizeof *t, bench_cmp_double);
    json_t *j = json_pack("{s:s, s:i, s:I, s:i, s:f, s:f, s:f, s:f}", "what", what, "members",
                          members, "total", (json_int_t)count, "runs", runs, "p50_ms",
                          bench_pct(t, runs, 0.5), "p95_ms", bench_pct(t, runs, 0.95), "p99_ms",
                          bench_pct(t, runs, 0.99), "max_ms", t[runs - 1]);
    char *s = json_dumps(j, JSON_COMPACT);
    printf("%s\n", s);
    fflush(stdout);
    free(s);
    json_decref(j);
}

static int exec_q(db *d, const db_query *q, int64_t a, int64_t b)
{
    db_stmt *s = db_stmt_get(d, q);
    if (!s)
        return -1;
    if (a)
        db_bind_int(s, 1, a);
    if (b)
        db_bind_int(s, 2, b);
    return db_exec(s) == DB_DONE ? 0 : -1;
}

int cli_bench_awards(int argc, char **argv)
{
    static const char *const values[] = {"--runs", "--members", "--units", NULL};
    static const cli_spec spec = {"vanphong bench-awards", help, values, NULL, 0, 0};
    int st = cli_parse(argc, argv, &spec);
    if (st >= 0)
        return st;
    int runs = 5, members = 200000, units = 500;
    const char *v;
    if ((v = cli_opt(argc, argv, "--runs")))
        runs = atoi(v);
    if ((v = cli_opt(argc, argv, "--members")))
        members = atoi(v);
    if ((v = cli_opt(argc, argv, "--units")))
        units = atoi(v);
    if (runs <= 0 || members <= 0 || units <= 0) {
        fputs(_(help), stderr);
        return 2;
    }
    char dir[] = "/tmp/vp-bench-awards-XXXXXX";
    if (!mkdtemp(dir)) {
        perror("bench-awards");
        return 1;
    }
    char *err = NULL;
    if (app_open(dir, 0, &err) != 0) {
        fprintf(stderr, "bench-awards: %s\n", err ? err : "?");
        free(err);
        return 1;
    }
    db *d = db_thread();
    int64_t t0 = clock_now_ms();
    int rc = db_exec_script(d, seed_sql, &err) == 0 ? 0 : -1;
    if (rc == 0 && db_begin_write(d) == 0) {
        rc = exec_q(d, &q_units, units, 0);
        if (rc == 0)
            rc = exec_q(d, &q_members, members, units);
        if (rc == 0)
            rc = exec_q(d, &q_disc, 0, 0);
        rc = rc == 0 ? db_commit(d) : (db_rollback(d), -1);
    }
    if (rc == 0) {
        char *e2 = NULL;
        rc = db_exec_script(d, "ANALYZE;", &e2);
        free(e2);
    }
    if (rc != 0) {
        fprintf(stderr, "bench-awards: building the office failed: %s\n", err ? err : db_errmsg(d));
        free(err);
        return 1;
    }
    fprintf(stderr, "bench-awards: %d members over %d units built in %lld ms\n", members, units,
            (long long)(clock_now_ms() - t0));
    char today[16], occ[11];
    clock_vn_today(today, sizeof today);
    awards_target_occasion(d, today, occ);
    double *t = calloc((size_t)runs, sizeof *t);
    int created = 0;
    for (int r = -1; r < runs && rc == 0; r++) {
        if (exec_q(d, &q_clear, 0, 0) != 0)
            rc = -1;
        int64_t a = clock_now_ms();
        created = awards_sweep(d, NULL, today);
        int64_t b = clock_now_ms();
        if (created < 0)
            rc = -1;
        if (r >= 0)
            t[r] = (double)(b - a);
    }
    if (rc == 0)
        emit("awards_sweep", members, created, t, runs);
    /* The steady state: the job again with the cases in place (what the idle job costs). */
    for (int r = -1; r < runs && rc == 0; r++) {
        int64_t a = clock_now_ms();
        created = awards_sweep(d, NULL, today);
        int64_t b = clock_now_ms();
        if (created < 0)
            rc = -1;
        if (r >= 0)
            t[r] = (double)(b - a);
    }
    if (rc == 0)
        emit("awards_sweep_steady", members, created, t, runs);
    user u = {.id = 1,
              .login = "chanhvp",
              .name = "Chánh Văn phòng",
              .role = ROLE_OFFICE_LEADER,
              .unit_id = 2};
    int listed = 0;
    int64_t member = 0;
    for (int r = -1; r < runs && rc == 0; r++) {
        arena *a = arena_new();
        ctx c = {.a = a, .db = d, .user = &u, .data_dir = dir};
        badge_case *rows;
        int64_t x = clock_now_ms();
        listed = awards_case_list(&c, occ, NULL, NULL, &rows);
        int64_t y = clock_now_ms();
        if (listed < 0)
            rc = -1;
        else if (listed > 0)
            member = rows[listed / 2].member_id;
        if (r >= 0)
            t[r] = (double)(y - x);
        arena_free(&a);
    }
    if (rc == 0)
        emit("awards_list", members, listed, t, runs);
    /* A member's badge history (the page where a reissue or a posthumous award starts). */
    int hist = 0;
    for (int r = -1; r < runs && rc == 0 && member > 0; r++) {
        arena *a = arena_new();
        ctx c = {.a = a, .db = d, .user = &u, .data_dir = dir};
        badge_case *rows;
        int64_t x = clock_now_ms();
        hist = awards_member_cases(&c, member, &rows);
        int64_t y = clock_now_ms();
        if (hist < 0)
            rc = -1;
        if (r >= 0)
            t[r] = (double)(y - x);
        arena_free(&a);
    }
    if (rc == 0 && member > 0)
        emit("awards_member_history", members, hist, t, runs);
    free(t);
    db_thread_close();
    char cmd[96];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "bench-awards: could not remove %s\n", dir);
    return rc == 0 ? 0 : 1;
}
