/* `vanphong bench-schedule [--years Y] [--per-week N] [--busy N] [--runs N]`: server time of the
 * weekly calendar, in process, on a synthetic committee calendar it builds in a temporary data
 * directory (removed afterwards): Y years (default 5) of published weeks of N events (default
 * 40), and this week a busy one of --busy events (default 200). Measured, after one unmeasured
 * run each: the week grid page of the busy week (the route's handler, as the office clerk who
 * sees everything, so nothing is filtered out), the same week as JSON, and a leader's
 * iCalendar feed. Prints one JSON object a line, the shape bench-search uses:
 *   {"what":"schedule","shape":"week_grid","login":"vanthu","total":…,"runs":N,
 *    "p50_ms":…,"p95_ms":…,"p99_ms":…,"max_ms":…}
 * The data are made through the schedule services (with synchronous=OFF on this throwaway
 * database, so building takes seconds, not minutes). */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/app.h"
#include "app/cli.h"
#include "auth/auth.h"
#include "base/args.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "db/db.h"
#include "http/router.h"
#include "schedule/schedule.h"
#include "web/ctx.h"
#include "workdays/workdays.h"

static const char bench_help[] =
    N_("cách dùng: vanphong bench-schedule [--years Y] [--per-week N] [--busy N] [--runs N]\n"
       "  Dựng lịch công tác tuần mẫu trong một thư mục tạm (Y năm, mặc định 5; N sự kiện một\n"
       "  tuần, mặc định 40; tuần này --busy sự kiện, mặc định 200) rồi đo trang lịch tuần,\n"
       "  API của tuần đó và lịch iCalendar của một lãnh đạo, mỗi phép đo --runs lần (mặc định\n"
       "  30). In các dòng JSON ra stdout.\n");

static const char seed_sql[] =
    "PRAGMA synchronous = OFF;"
    "INSERT INTO units (id, parent_id, name, abbr, level, valid_from, created_at, updated_at) "
    "VALUES (1, NULL, 'Thành ủy Cần Thơ', 'TU', 'TINH', '2020-01-01', 'x', 'x'),"
    " (2, 1, 'Văn phòng Thành ủy Cần Thơ', 'VPTU', 'BAN', '2020-01-01', 'x', 'x'),"
    " (3, 1, 'Ban Tổ chức Thành ủy Cần Thơ', 'BTCTU', 'BAN', '2020-01-01', 'x', 'x'),"
    " (4, 1, 'Ban Tuyên giáo và Dân vận Thành ủy Cần Thơ', 'BTGDVTU', 'BAN', '2020-01-01', 'x',"
    " 'x');";

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

static void report(const char *shape, const char *login, int total, double *t, int n)
{
    qsort(t, (size_t)n, sizeof *t, cmp_d);
    printf("{\"what\":\"schedule\",\"shape\":\"%s\",\"login\":\"%s\",\"total\":%d,\"runs\":%d,"
           "\"p50_ms\":%.3f,\"p95_ms\":%.3f,\"p99_ms\":%.3f,\"max_ms\":%.3f}\n",
           shape, login, total, n, t[n / 2], t[(int)(n * 0.95)], t[(int)(n * 0.99)], t[n - 1]);
    fflush(stdout);
}

/* One GET through the route's handler, as `u`; the body's length, or -1. */
static long get(const user *u, const char *path, const char *qname, const char *qvalue)
{
    arena *a = arena_new();
    http_req rq = {.a = a, .method = "GET", .path = path, .client_ip = "127.0.0.1"};
    if (qname)
        kv_add(a, &rq.query, qname, qvalue, strlen(qvalue));
    http_resp rs;
    resp_init(&rs);
    unsigned flags = 0;
    bool mismatch = false;
    handler_fn fn = route_match(&rq, &flags, &mismatch);
    ctx c = {.a = a, .rq = &rq, .rs = &rs, .db = db_thread(), .user = u, .data_dir = "."};
    c.is_api = strncmp(path, "/api/", 5) == 0;
    long n = -1;
    if (fn) {
        fn(&c);
        n = rs.status == 200 ? (long)rs.body.len : -1;
    }
    db_reset_all(c.db);
    resp_free(&rs);
    arena_free(&a);
    return n;
}

static const char *const contents[] = {
    "Giao ban Thường trực Thành ủy",
    "Họp Ban Thường vụ Thành ủy: cho ý kiến về dự thảo Nghị quyết chuyên đề",
    "Làm việc với Ban Tổ chức Thành ủy về công tác cán bộ",
    "Tiếp công dân định kỳ của đồng chí Bí thư Thành ủy",
    "Dự Hội nghị sơ kết công tác xây dựng Đảng 6 tháng đầu năm",
    "Làm việc với Đảng ủy phường Bình Thủy về tình hình thực hiện nhiệm vụ chính trị",
    "Tiếp đoàn công tác của Ban Tổ chức Trung ương",
    "Dự Lễ kỷ niệm ngày thành lập Mặt trận Dân tộc Thống nhất Việt Nam",
};

int cli_bench_schedule(int argc, char **argv)
{
    static const char *const values[] = {"--years", "--per-week", "--busy", "--runs", NULL};
    static const char *const flags[] = {NULL};
    static const cli_spec spec = {"vanphong bench-schedule", bench_help, values, flags, 0, 0};
    int parsed = cli_parse(argc, argv, &spec);
    if (parsed >= 0)
        return parsed;
    const char *o;
    int years = (o = cli_opt(argc, argv, "--years")) ? atoi(o) : 5;
    int per_week = (o = cli_opt(argc, argv, "--per-week")) ? atoi(o) : 40;
    int busy = (o = cli_opt(argc, argv, "--busy")) ? atoi(o) : 200;
    int runs = (o = cli_opt(argc, argv, "--runs")) ? atoi(o) : 30;
    if (years < 0 || years > 20 || per_week < 0 || per_week > 500 || busy < 1 || busy > 2000 ||
        runs < 1 || runs > 10000) {
        fputs(_(bench_help), stderr);
        return 2;
    }
    char dir[] = "/tmp/vp-bench-schedule-XXXXXX";
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    char *err = NULL;
    int rc = 1;
    if (app_open(dir, 0, &err) != 0) {
        fprintf(stderr, "vanphong bench-schedule: %s\n", err ? err : "?");
        free(err);
        goto out;
    }
    db *d = db_thread();
    if (db_exec_script(d, seed_sql, &err) != 0) {
        fprintf(stderr, "vanphong bench-schedule: %s\n", err ? err : "?");
        free(err);
        goto out;
    }
    static const struct {
        const char *login, *name;
        enum role role;
        int64_t unit;
    } people[] = {{"vanthu", "Đặng Thị Mai", ROLE_CLERK, 2},
                  {"chanhvp", "Phạm Quốc Bảo", ROLE_OFFICE_LEADER, 2},
                  {"bithu", "Nguyễn Văn Hùng", ROLE_COMMITTEE_LEADER, 1},
                  {"phobithu", "Trần Minh Tâm", ROLE_COMMITTEE_LEADER, 1},
                  {"phobithu2", "Lê Thị Thu", ROLE_COMMITTEE_LEADER, 1}};
    int64_t ids[5];
    for (int i = 0; i < 5; i++) {
        const char *e = NULL;
        int st = 0;
        ids[i] = auth_user_create(d, NULL, people[i].login, people[i].name, people[i].role,
                                  people[i].unit, "bench-matkhau-lich-2026", &e, &st);
        if (ids[i] < 0) {
            fprintf(stderr, "vanphong bench-schedule: %s\n", e ? e : "?");
            goto out;
        }
    }
    arena *keep = arena_new(), *a = arena_new(); /* keep: the users, for the whole run */
    ctx probe = {.a = keep, .db = d};
    user clerk = *auth_user_load(&probe, ids[0]), chief = *auth_user_load(&probe, ids[1]);
    user leader = *auth_user_load(&probe, ids[2]);
    ctx cc = {.a = a, .db = d, .user = &clerk}, pc = {.a = a, .db = d, .user = &chief};
    int64_t unit = sched_home_unit(&cc);
    int64_t rooms[4];
    for (int i = 0; i < 4; i++) {
        web_err e = {0};
        rooms[i] = sched_room_add(&cc, unit, arena_printf(a, "Phòng họp %d", i + 1), 30, &e);
    }
    char today[16], mon[11];
    clock_vn_today(today, sizeof today);
    int ty, tw;
    sched_iso_week(today, &ty, &tw);
    sched_week_monday(ty, tw, mon);
    double t0 = now_ms();
    int made = 0;
    for (int wk = -52 * years; wk <= 0; wk++) {
        char m[11];
        workdays_date_add(mon, 7 * wk, m);
        int n = wk == 0 ? busy : per_week;
        for (int i = 0; i < n; i++) {
            char day[11];
            workdays_date_add(m, i % 7, day);
            int slot = (i / 7) % 12; /* 12 half-hour-spaced starts a day, 07:00–18:00 */
            const char *start = arena_printf(a, "%02d:%02d", 7 + slot, (i % 2) * 30);
            int64_t people1[1] = {ids[3 + i % 2]};
            sched_input in = {.day = day,
                              .start_time = start,
                              .content = contents[i % 8],
                              .participants = "Các đồng chí Ủy viên Ban Thường vụ",
                              .chair_user_id = ids[2 + i % 3],
                              /* rooms only on the first 84 (12 slots × 7 days): a room
                               * held twice is refused (facilities/) */
                              .room_id = i < 84 ? rooms[i % 4] : 0,
                              .preparing_unit_id = 2 + i % 3,
                              .visibility = i % 9 == 0 ? "private" : "internal",
                              .people = people1,
                              .n_people = 1};
            sched_clash *cl;
            int ncl;
            web_err e = {0};
            if (sched_event_create(&cc, &in, &cl, &ncl, &e) < 0) {
                fprintf(stderr, "vanphong bench-schedule: %s\n", web_err_message(&e));
                goto out;
            }
            made++;
        }
        int y, w;
        sched_iso_week(m, &y, &w);
        web_err e = {0};
        sched_week_publish(&pc, unit, y, w, &e);
        arena_free(&a);
        a = arena_new();
        cc.a = pc.a = a;
    }
    fprintf(stderr, "bench-schedule: %d events in %.1f s\n", made, (now_ms() - t0) / 1e3);
    const char *week = arena_printf(a, "%d-W%02d", ty, tw);
    double *t = calloc((size_t)runs, sizeof *t);
    const char *token = NULL;
    ctx lc = {.a = a, .db = d, .user = &leader};
    web_err fe = {0};
    sched_feed_create(&lc, "person", 0, &token, &fe);
    const char *ical = arena_printf(a, "/ical/%s.ics", token ? token : "x");
    struct {
        const char *shape, *path, *qname;
        const user *u;
    } m[] = {{"week_grid", "/schedule", "week", &clerk},
             {"week_api", "/api/v1/schedule", "week", &clerk},
             {"ical_feed", ical, NULL, NULL}};
    for (size_t k = 0; k < sizeof m / sizeof m[0]; k++) {
        long bytes = get(m[k].u, m[k].path, m[k].qname, week); /* unmeasured */
        if (bytes < 0) {
            fprintf(stderr, "vanphong bench-schedule: %s did not answer 200\n", m[k].shape);
            free(t);
            goto out;
        }
        for (int i = 0; i < runs; i++) {
            double s = now_ms();
            get(m[k].u, m[k].path, m[k].qname, week);
            t[i] = now_ms() - s;
        }
        report(m[k].shape, m[k].u ? m[k].u->login : "anonymous", k == 2 ? (int)bytes : busy, t,
               runs);
    }
    free(t);
    arena_free(&a);
    arena_free(&keep);
    rc = 0;
out:
    db_thread_close();
    nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    return rc;
}
