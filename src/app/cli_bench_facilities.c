/* `vanphong bench-facilities [--rooms R] [--years Y] [--runs N]`: server time of the booking
 * rules, in process, on a synthetic committee it builds in a temporary data directory (removed
 * afterwards): R meeting rooms (default 50), each booked twice every day for Y years (default
 * 5; 50 × 5 years ≈ 183,000 bookings). Measured, after one unmeasured run each: the conflict
 * check of a new booking (half of them land on a held slot, half on a free one), and the week's
 * bookings page (the route's handler, as the office's clerk). Prints one JSON object a line:
 *   {"what":"facilities","shape":"room_conflict","login":"vanthu","total":…,"runs":N,
 *    "p50_ms":…,"p95_ms":…,"p99_ms":…,"max_ms":…}
 * Rooms are made through the schedule service; the bookings by one INSERT … SELECT (the rule
 * under test is the read, and building 183,000 through the service would take minutes). */
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
#include "facilities/facilities.h"
#include "http/router.h"
#include "schedule/schedule.h"
#include "web/ctx.h"
#include "workdays/workdays.h"

static const char bench_help[] =
    N_("cách dùng: vanphong bench-facilities [--rooms R] [--years Y] [--runs N]\n"
       "  Dựng R phòng họp (mặc định 50), mỗi phòng được đặt hai lượt mỗi ngày trong Y năm\n"
       "  (mặc định 5) trong một thư mục tạm, rồi đo việc kiểm tra trùng phòng khi đặt và\n"
       "  trang lịch đặt phòng trong tuần, mỗi phép đo --runs lần (mặc định 30). In các dòng\n"
       "  JSON ra stdout.\n");

static const char seed_sql[] =
    "PRAGMA synchronous = OFF;"
    "INSERT INTO units (id, parent_id, name, abbr, level, valid_from, created_at, updated_at) "
    "VALUES (1, NULL, 'Thành ủy Cần Thơ', 'TU', 'TINH', '2020-01-01', 'x', 'x'),"
    " (2, 1, 'Văn phòng Thành ủy Cần Thơ', 'VPTU', 'BAN', '2020-01-01', 'x', 'x');";

/* Two bookings a day of every room, from Y years ago (?1 days) to today. */
static const char book_sql_fmt[] =
    "WITH RECURSIVE d(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM d WHERE n < %d) "
    "INSERT INTO facility_bookings (unit_id, room_id, starts_at, ends_at, purpose, booked_by, "
    "created_at) SELECT r.unit_id, r.id, date('now', '-' || d.n || ' days') || s.t0, "
    "date('now', '-' || d.n || ' days') || s.t1, 'Họp giao ban', "
    "(SELECT id FROM users WHERE login = 'vanthu'), 'x' FROM rooms r, d, "
    "(SELECT ' 08:00' AS t0, ' 10:00' AS t1 UNION ALL SELECT ' 14:00', ' 16:30') s;";

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
    printf("{\"what\":\"facilities\",\"shape\":\"%s\",\"login\":\"vanthu\",\"total\":%d,"
           "\"runs\":%d,\"p50_ms\":%.3f,\"p95_ms\":%.3f,\"p99_ms\":%.3f,\"max_ms\":%.3f}\n",
           shape, total, n, t[n / 2], t[(int)(n * 0.95)], t[(int)(n * 0.99)], t[n - 1]);
    fflush(stdout);
}

static long get(const user *u, const char *path, const char *qname, const char *qvalue)
{
    arena *a = arena_new();
    http_req rq = {.a = a, .method = "GET", .path = path, .client_ip = "127.0.0.1"};
    kv_add(a, &rq.query, qname, qvalue, strlen(qvalue));
    http_resp rs;
    resp_init(&rs);
    unsigned flags = 0;
    bool mismatch = false;
    handler_fn fn = route_match(&rq, &flags, &mismatch);
    ctx c = {.a = a, .rq = &rq, .rs = &rs, .db = db_thread(), .user = u, .data_dir = "."};
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

int cli_bench_facilities(int argc, char **argv)
{
    static const char *const values[] = {"--rooms", "--years", "--runs", NULL};
    static const char *const flags[] = {NULL};
    static const cli_spec spec = {"vanphong bench-facilities", bench_help, values, flags, 0, 0};
    int parsed = cli_parse(argc, argv, &spec);
    if (parsed >= 0)
        return parsed;
    const char *o;
    int nrooms = (o = cli_opt(argc, argv, "--rooms")) ? atoi(o) : 50;
    int years = (o = cli_opt(argc, argv, "--years")) ? atoi(o) : 5;
    int runs = (o = cli_opt(argc, argv, "--runs")) ? atoi(o) : 30;
    if (nrooms < 1 || nrooms > 1000 || years < 1 || years > 20 || runs < 1 || runs > 10000) {
        fputs(_(bench_help), stderr);
        return 2;
    }
    char dir[] = "/tmp/vp-bench-facilities-XXXXXX";
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    char *err = NULL;
    int rc = 1;
    double *t = NULL;
    arena *a = NULL;
    if (app_open(dir, 0, &err) != 0 || db_exec_script(db_thread(), seed_sql, &err) != 0) {
        fprintf(stderr, "vanphong bench-facilities: %s\n", err ? err : "?");
        free(err);
        goto out;
    }
    db *d = db_thread();
    const char *e1 = NULL;
    int st = 0;
    int64_t uid = auth_user_create(d, NULL, "vanthu", "Đặng Thị Mai", ROLE_CLERK, 2,
                                   "bench-matkhau-phong-2026", &e1, &st);
    if (uid < 0) {
        fprintf(stderr, "vanphong bench-facilities: %s\n", e1 ? e1 : "?");
        goto out;
    }
    a = arena_new();
    ctx probe = {.a = a, .db = d};
    user clerk = *auth_user_load(&probe, uid);
    ctx cc = {.a = a, .db = d, .user = &clerk};
    int64_t unit = fac_home_unit(&cc);
    int64_t *rooms = arena_alloc(a, sizeof *rooms * (size_t)nrooms);
    for (int i = 0; i < nrooms; i++) {
        web_err e = {0};
        rooms[i] = sched_room_add(&cc, unit, arena_printf(a, "Phòng họp %d", i + 1), 30, &e);
        if (rooms[i] < 0) {
            fprintf(stderr, "vanphong bench-facilities: %s\n", web_err_message(&e));
            goto out;
        }
    }
    double t0 = now_ms();
    char sql[sizeof book_sql_fmt + 16];
    snprintf(sql, sizeof sql, book_sql_fmt, years * 365);
    if (db_exec_script(d, sql, &err) != 0) {
        fprintf(stderr, "vanphong bench-facilities: %s\n", err ? err : "?");
        free(err);
        goto out;
    }
    int total = nrooms * (years * 365 + 1) * 2;
    fprintf(stderr, "bench-facilities: %d bookings in %.1f s\n", total, (now_ms() - t0) / 1e3);
    char today[16];
    clock_vn_today(today, sizeof today);
    t = calloc((size_t)runs + 1, sizeof *t);
    srand(20261203);
    for (int k = 0; k <= runs; k++) { /* k = 0 unmeasured */
        char day[11];
        workdays_date_add(today, -(rand() % (years * 365)), day);
        bool held = k % 2 == 0;
        const char *from = fac_stamp(&cc, day, held ? "09:00" : "11:00");
        const char *to = fac_stamp(&cc, day, held ? "09:30" : "13:30");
        double s = now_ms();
        const char *msg = fac_room_conflict(&cc, rooms[rand() % nrooms], from, to, 0, 0);
        if (k > 0)
            t[k - 1] = now_ms() - s;
        if ((msg != NULL) != held) {
            fprintf(stderr, "vanphong bench-facilities: wrong conflict answer on %s\n", day);
            goto out;
        }
    }
    report("room_conflict", total, t, runs);
    if (get(&clerk, "/facilities/bookings", "week", today) < 0) {
        fprintf(stderr, "vanphong bench-facilities: the week page did not answer 200\n");
        goto out;
    }
    for (int k = 0; k < runs; k++) {
        char day[11];
        workdays_date_add(today, -7 * (rand() % (years * 52)), day);
        double s = now_ms();
        get(&clerk, "/facilities/bookings", "week", day);
        t[k] = now_ms() - s;
    }
    report("week_view", total, t, runs);
    rc = 0;
out:
    free(t);
    if (a)
        arena_free(&a);
    db_thread_close();
    nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    return rc;
}
