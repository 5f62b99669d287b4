/* `vanphong bench-workdays [--runs N]`: the cost of the working-day calendar and of rule values,
 * the questions every deadline asks (is it a working day, N working days after, how many
 * between, the value of a rule on a date), on a fresh temporary database with the seeded
 * calendar. bench/run.sh calls it; it prints one JSON object a line, in the shape of
 * bench-search: {"what":"workdays","shape":"add_5","runs":N,"p50_ms":…,"p95_ms":…,"p99_ms":…,
 * "max_ms":…}. Every measurement is of one call; the first call of a shape is unmeasured. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "app/app.h"
#include "app/cli.h"
#include "base/args.h"
#include "base/i18n.h"
#include "db/db.h"
#include "rules/rules.h"
#include "workdays/workdays.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double pct(const double *t, int n, double p)
{
    int i = (int)(p * (n - 1) + 0.5);
    return t[i < 0 ? 0 : i >= n ? n - 1 : i];
}

static void report(const char *shape, double *t, int n)
{
    qsort(t, (size_t)n, sizeof *t, cmp_double);
    json_t *j = json_pack("{s:s, s:s, s:i, s:f, s:f, s:f, s:f}", "what", "workdays", "shape", shape,
                          "runs", n, "p50_ms", pct(t, n, 0.5), "p95_ms", pct(t, n, 0.95), "p99_ms",
                          pct(t, n, 0.99), "max_ms", t[n - 1]);
    char *s = json_dumps(j, JSON_COMPACT);
    printf("%s\n", s);
    free(s);
    json_decref(j);
}

/* A date of 2025–2027 from a small deterministic generator (the seeded years). */
static void some_date(unsigned *seed, char out[11])
{
    *seed = *seed * 1103515245u + 12345u;
    workdays_date_add("2025-01-01", (int)((*seed >> 8) % 1095u), out);
}

static const char bench_wd_help[] =
    N_("cách dùng: vanphong bench-workdays [--runs N]\n"
       "  Đo lịch ngày làm việc và tham số nghiệp vụ trên một cơ sở dữ liệu tạm; in các dòng "
       "JSON.\n");

static const rule_def bench_rule = {"bench.lead_days", RULE_INT, "3", 0, 30, NULL, "bench", ""};

int cli_bench_workdays(int argc, char **argv)
{
    static const char *const values[] = {"--runs", NULL};
    static const cli_spec spec = {"vanphong bench-workdays", bench_wd_help, values, NULL, 0, 0};
    int parsed = cli_parse(argc, argv, &spec);
    if (parsed >= 0)
        return parsed;
    const char *rs = cli_opt(argc, argv, "--runs");
    int64_t runs = rs ? strtoll(rs, NULL, 10) : 10000;
    if (runs < 10 || runs > 1000000) {
        fprintf(stderr, "%s", _("bench-workdays: --runs phải từ 10 đến 1000000.\n"));
        return 2;
    }
    char dir[] = "/tmp/vp-bench-wd-XXXXXX", path[64];
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    snprintf(path, sizeof path, "%s/vanphong.db", dir);
    db *d = NULL;
    char *err = NULL;
    int rc = 1;
    if (db_open(path, &d, &err) != 0 || db_migrate(d, &err) != 0) {
        fprintf(stderr, "bench-workdays: %s\n", err ? err : "db");
        goto out;
    }
    rules_declare(&bench_rule);
    int n = (int)runs;
    double *t = malloc((size_t)n * sizeof *t);
    char date[11], res[11];
    unsigned seed = 1;
    volatile int sink = 0;
    some_date(&seed, date);
    sink += workdays_is_working(d, date);
    for (int i = 0; i < n; i++) {
        some_date(&seed, date);
        double t0 = now_ms();
        sink += workdays_is_working(d, date);
        t[i] = now_ms() - t0;
    }
    report("is_working", t, n);
    for (int i = 0; i < n; i++) {
        some_date(&seed, date);
        double t0 = now_ms();
        sink += workdays_add(d, date, 5, res);
        t[i] = now_ms() - t0;
    }
    report("add_5", t, n);
    for (int i = 0; i < n; i++) {
        some_date(&seed, date);
        double t0 = now_ms();
        sink += workdays_add(d, date, -3, res);
        t[i] = now_ms() - t0;
    }
    report("add_minus_3", t, n);
    int ny = n / 100 > 10 ? n / 100 : 10;
    for (int i = 0; i < ny; i++) {
        double t0 = now_ms();
        sink += workdays_between(d, "2026-01-01", "2026-12-31");
        t[i] = now_ms() - t0;
    }
    report("between_one_year", t, ny);
    for (int i = 0; i < n; i++) {
        some_date(&seed, date);
        double t0 = now_ms();
        sink += (int)rules_int(d, "bench.lead_days", date);
        t[i] = now_ms() - t0;
    }
    report("rules_int", t, n);
    (void)sink;
    free(t);
    rc = 0;
out:
    free(err);
    db_close(&d);
    snprintf(path, sizeof path, "%s/vanphong.db", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/vanphong.db-wal", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/vanphong.db-shm", dir);
    unlink(path);
    rmdir(dir);
    return rc;
}
