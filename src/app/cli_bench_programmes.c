/* `vanphong bench-programmes [--programmes N] [--items M] [--runs R]`: the work programmes'
 * two cross-programme views — the lead unit's ("what must my ban prepare this quarter") and the
 * overdue items — over a synthetic office: a fresh demo office in a temporary directory plus N
 * approved programmes (default 2,000) of M items each (default 20: 40,000 items) spread over
 * the demo's active units, years, lead and coordinating units and statuses. Server time, in
 * process, as real users (permission filters included). One JSON line per view and user:
 *   {"what":"programmes","shape":"lead_quarter","login":"chuyenvien2","total":…,"runs":N,
 *    "p50_ms":…,"p95_ms":…,"p99_ms":…,"max_ms":…}
 * bench/run.sh calls it. The synthetic rows are written straight into the tables (one
 * transaction): a benchmark's data, not an office's, so no audit trail. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "app/app.h"
#include "app/cli.h"
#include "auth/auth.h"
#include "base/args.h"
#include "base/i18n.h"
#include "db/db.h"
#include "programmes/programmes.h"

static const db_query q_units = {
    "bench_prog.units",
    "SELECT id FROM units WHERE valid_to IS NULL AND level IN ('BAN', 'XA') ORDER BY id", NULL};
static const db_query q_user = {"bench_prog.user", "SELECT id FROM users WHERE login = ?1", NULL};
static const db_query q_prog = {
    "bench_prog.programme",
    "INSERT INTO programmes (unit_id, body, kind, year, period, start_date, end_date, title, "
    "status, created_at) VALUES ((SELECT id FROM units WHERE name = 'Thành ủy Cần Thơ' AND "
    "valid_to IS NULL), ?1, ?2, ?3, ?4, ?5, ?6, ?7, 'DA_DUYET', '2026-01-01T00:00:00Z')",
    NULL};
static const db_query q_item = {
    "bench_prog.item",
    "INSERT INTO programme_items (programme_id, seq, title, doc_form, deciding_body, "
    "lead_unit_id, planned_month, due_date, status, status_reason, created_at, updated_at) "
    "VALUES (?1, ?2, ?3, 'BC', 'BTV', ?4, ?5, ?6, ?7, ?8, '2026-01-01T00:00:00Z', "
    "'2026-01-01T00:00:00Z')",
    NULL};
static const db_query q_coop = {
    "bench_prog.coop",
    "INSERT OR IGNORE INTO programme_item_units (item_id, unit_id) VALUES (?1, ?2)", NULL};

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double pct(double *t, int n, double p)
{
    int i = (int)(p * (n - 1) + 0.5);
    return t[i < n ? i : n - 1];
}

static uint32_t rng = 20260101u;
static int rnd(int n)
{
    rng = rng * 1103515245u + 12345u;
    return (int)((rng >> 8) % (uint32_t)n);
}

static int fill(db *d, int n_prog, int per)
{
    int64_t units[64];
    int nu = 0;
    db_stmt *s = db_stmt_get(d, &q_units);
    while (s && db_step(s) == DB_ROW && nu < 64)
        units[nu++] = db_col_int(s, 0);
    if (s)
        db_reset(s);
    if (nu == 0 || db_begin_write(d) != 0)
        return -1;
    static const char *const st[] = {"KE_HOACH",     "DANG_CHUAN_BI", "DA_TRINH",
                                     "DA_THONG_QUA", "DA_THONG_QUA",  "HOAN"};
    for (int p = 0; p < n_prog; p++) {
        int year = 2020 + p % 7, month = 1 + rnd(12);
        bool monthly = p % 4 != 0;
        char from[16], to[16], title[64];
        snprintf(from, sizeof from, "%04d-%02d-01", year, monthly ? month : 1);
        snprintf(to, sizeof to, "%04d-%02d-28", year, monthly ? month : 12);
        snprintf(title, sizeof title, "Chương trình thử %d", p);
        s = db_stmt_get(d, &q_prog);
        if (!s)
            goto fail;
        db_bind_text(s, 1, p % 3 ? "BTV" : "BCH");
        db_bind_text(s, 2, monthly ? "THANG" : "NAM");
        db_bind_int(s, 3, year);
        db_bind_int(s, 4, monthly ? month : 0);
        db_bind_text(s, 5, from);
        db_bind_text(s, 6, to);
        db_bind_text(s, 7, title);
        if (db_exec(s) != DB_DONE)
            goto fail;
        int64_t pid = db_last_id(d);
        for (int i = 0; i < per; i++) {
            int m = monthly ? month : 1 + rnd(12);
            char due[16], it[64];
            snprintf(due, sizeof due, "%04d-%02d-%02d", year, m, 1 + rnd(28));
            snprintf(it, sizeof it, "Nội dung thử %d.%d", p, i);
            const char *status = st[rnd(6)];
            s = db_stmt_get(d, &q_item);
            if (!s)
                goto fail;
            db_bind_int(s, 1, pid);
            db_bind_int(s, 2, i + 1);
            db_bind_text(s, 3, it);
            db_bind_int(s, 4, units[rnd(nu)]);
            db_bind_int(s, 5, m);
            db_bind_text(s, 6, due);
            db_bind_text(s, 7, status);
            db_bind_text(s, 8, strcmp(status, "HOAN") == 0 ? "Lùi thời gian" : NULL);
            if (db_exec(s) != DB_DONE)
                goto fail;
            int64_t iid = db_last_id(d);
            if (rnd(3) == 0) {
                s = db_stmt_get(d, &q_coop);
                if (!s)
                    goto fail;
                db_bind_int(s, 1, iid);
                db_bind_int(s, 2, units[rnd(nu)]);
                if (db_exec(s) != DB_DONE)
                    goto fail;
            }
        }
    }
    return db_commit(d) == 0 ? 0 : -1;
fail:
    db_rollback(d);
    return -1;
}

static const user *load_user(ctx *kc, const char *login)
{
    db_stmt *s = db_stmt_get(kc->db, &q_user);
    if (!s)
        return NULL;
    db_bind_text(s, 1, login);
    int64_t id = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
    db_reset(s);
    return id ? auth_user_load(kc, id) : NULL;
}

/* One view measured `runs` times after one unmeasured run. */
static int measure(ctx *kc, const char *login, const char *shape, int runs)
{
    const user *u = load_user(kc, login);
    if (!u)
        return -1;
    double *t = calloc((size_t)runs, sizeof *t);
    int total = 0;
    for (int r = -1; r < runs; r++) {
        arena *a = arena_new();
        ctx c = {.a = a, .db = kc->db, .user = u, .data_dir = kc->data_dir};
        prog_item *items;
        double t0 = now_ms();
        if (strcmp(shape, "overdue") == 0)
            total = prog_overdue(&c, &items);
        else if (strcmp(shape, "lead_quarter") == 0)
            total = prog_lead_items(&c, u->unit_id, "2026-01-01", "2026-03-31", &items);
        else
            total = prog_lead_items(&c, u->unit_id, "2020-01-01", "2026-12-31", &items);
        double dt = now_ms() - t0;
        db_reset_all(c.db);
        arena_free(&a);
        if (r >= 0)
            t[r] = dt;
    }
    qsort(t, (size_t)runs, sizeof *t, cmp_d);
    json_t *o = json_pack("{s:s, s:s, s:s, s:i, s:i, s:f, s:f, s:f, s:f}", "what", "programmes",
                          "shape", shape, "login", login, "total", total, "runs", runs, "p50_ms",
                          pct(t, runs, 0.5), "p95_ms", pct(t, runs, 0.95), "p99_ms",
                          pct(t, runs, 0.99), "max_ms", t[runs - 1]);
    char *line = json_dumps(o, JSON_COMPACT);
    puts(line);
    fflush(stdout);
    free(line);
    json_decref(o);
    free(t);
    return 0;
}

static const char bench_help[] =
    N_("cách dùng: vanphong bench-programmes [--programmes N] [--items M] [--runs R]\n"
       "  Đo độ trễ của việc theo đơn vị chủ trì và nội dung quá hạn trên một văn phòng mẫu tạm\n"
       "  có N chương trình (mặc định 2000), mỗi chương trình M nội dung (mặc định 20).\n");

int cli_bench_programmes(int argc, char **argv)
{
    static const char *const values[] = {"--programmes", "--items", "--runs", NULL};
    static const cli_spec spec = {"vanphong bench-programmes", bench_help, values, NULL, 0, 0};
    int parsed = cli_parse(argc, argv, &spec);
    if (parsed >= 0)
        return parsed;
    const char *np = cli_opt(argc, argv, "--programmes"), *ni = cli_opt(argc, argv, "--items"),
               *nr = cli_opt(argc, argv, "--runs");
    int n_prog = np ? atoi(np) : 2000, per = ni ? atoi(ni) : 20, runs = nr ? atoi(nr) : 30;
    if (n_prog < 1 || per < 1 || runs < 1) {
        fputs(_(bench_help), stderr);
        return 2;
    }
    char dir[] = "/tmp/vanphong-bench-prog-XXXXXX";
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    char data[128];
    snprintf(data, sizeof data, "%s/data", dir);
    /* The demo office's logins go to stdout: kept off the JSON lines. */
    fflush(stdout);
    int saved = dup(1), null = open("/dev/null", O_WRONLY);
    dup2(null, 1);
    char *init_argv[] = {"init", "--data", data, "--demo", NULL};
    int rc = cli_init(4, init_argv);
    fflush(stdout);
    dup2(saved, 1);
    close(saved);
    close(null);
    char *err = NULL;
    if (rc != 0 || app_open(data, 1, &err) != 0) {
        fprintf(stderr, "vanphong bench-programmes: %s\n", err ? err : "init");
        free(err);
        return 1;
    }
    arena *keep = arena_new();
    ctx kc = {.a = keep, .db = db_thread(), .data_dir = data};
    double t0 = now_ms();
    if (fill(kc.db, n_prog, per) != 0) {
        fprintf(stderr, "%s", _("vanphong bench-programmes: không tạo được dữ liệu thử\n"));
        return 1;
    }
    fprintf(stderr, "bench-programmes: %d programmes, %d items in %.0f ms\n", n_prog, n_prog * per,
            now_ms() - t0);
    rc = measure(&kc, "chuyenvien2", "lead_quarter", runs) ||
         measure(&kc, "donvi", "lead_quarter", runs) ||
         measure(&kc, "donvi", "lead_all_years", runs) ||
         measure(&kc, "chanhvp", "overdue", runs) ||
         measure(&kc, "vanthu.binhthuy", "overdue", runs);
    arena_free(&keep);
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "bench-programmes: %s left behind\n", dir);
    return rc ? 1 : 0;
}
