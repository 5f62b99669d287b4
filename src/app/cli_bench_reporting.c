/* `vanphong bench-reporting [--units N] [--periods N] [--indicators N] [--runs N]`: the live
 * aggregation and completeness matrix of the reporting regime on synthetic data built in a
 * temporary data directory — N units (500) of one city each reporting every month for N periods
 * (24) a form of N indicators (50): 600,000 values. Measures, in process, the aggregation of
 * every indicator of every period to the top as the city clerk sees it (rep_aggregate_run), and
 * the completeness matrix page of 12 months × every unit answered through the same HTTP
 * handler as the server, logged in as that clerk. Prints JSON lines for bench/report.mjs:
 *   {"what":"reporting_aggregate","values":600000,"runs":N,"p50_ms":…,"p95_ms":…,"max_ms":…}
 * The directory is removed at the end. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <sqlite3.h>

#include "app/app.h"
#include "app/cli.h"
#include "auth/auth.h"
#include "base/args.h"
#include "base/i18n.h"
#include "db/db.h"
#include "http/request.h"
#include "reporting/reporting.h"

static const char bench_help[] =
    N_("cách dùng: vanphong bench-reporting [--units N] [--periods N] [--indicators N] [--runs N]\n"
       "  Tạo dữ liệu báo cáo giả (mặc định 500 đơn vị × 24 kỳ × 50 chỉ tiêu) trong một thư mục\n"
       "  tạm, đo thời gian tổng hợp toàn bộ lên cấp trên cùng và trang tình hình nộp báo cáo\n"
       "  (500 đơn vị × 12 kỳ); in các dòng JSON ra stdout.\n");

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void report(const char *what, const char *extra, double *t, int n)
{
    qsort(t, (size_t)n, sizeof *t, cmp_double);
    int p95 = (int)(0.95 * (n - 1) + 0.5);
    printf("{\"what\":\"%s\",%s,\"runs\":%d,\"p50_ms\":%.2f,\"p95_ms\":%.2f,\"max_ms\":%.2f}\n",
           what, extra, n, t[(n - 1) / 2], t[p95], t[n - 1]);
}

/* One request through the server's handler; the response into a malloc'd buffer. */
static char *answer(const char *raw)
{
    FILE *in = fmemopen((void *)raw, strlen(raw), "r");
    char *out = NULL;
    size_t n = 0;
    FILE *o = open_memstream(&out, &n);
    if (!in || !o)
        return NULL;
    http_answer_stream(in, o);
    fclose(in);
    fclose(o);
    return out;
}

/* The value of cookie name in a response's Set-Cookie headers, into buf. */
static bool cookie(const char *resp, const char *name, char *buf, size_t n)
{
    char key[64];
    snprintf(key, sizeof key, "%s=", name);
    const char *p = strstr(resp, key);
    if (!p)
        return false;
    p += strlen(key);
    size_t k = strcspn(p, ";\r\n");
    snprintf(buf, n, "%.*s", (int)(k < n ? k : n - 1), p);
    return true;
}

static int seed(db *d, int units, int periods, int inds, int64_t *type_r, char **err_r)
{
    sqlite3 *h = db_sqlite_handle(d);
    sqlite3_exec(h, "PRAGMA synchronous=OFF", NULL, NULL, NULL);
    if (sqlite3_exec(
            h,
            "BEGIN;"
            "INSERT INTO units (id, parent_id, name, abbr, level, valid_from, created_at,"
            " updated_at) VALUES (1, NULL, 'Thành ủy', 'TU', 'TINH', '2000-01-01', 'x', 'x'),"
            " (2, 1, 'Văn phòng Thành ủy', 'VPTU', 'BAN', '2000-01-01', 'x', 'x');"
            "COMMIT;",
            NULL, NULL, err_r) != SQLITE_OK)
        return -1;
    sqlite3_stmt *s;
    sqlite3_exec(h, "BEGIN", NULL, NULL, NULL);
    sqlite3_prepare_v2(
        h,
        "INSERT INTO units (id, parent_id, name, abbr, level, valid_from, created_at,"
        " updated_at, sort_order) VALUES (?1, 1, ?2, 'ĐU', 'XA', '2000-01-01', 'x',"
        " 'x', ?1)",
        -1, &s, NULL);
    for (int u = 0; u < units; u++) {
        char name[64];
        snprintf(name, sizeof name, "Đảng ủy phường %03d", u + 1);
        sqlite3_bind_int(s, 1, 100 + u);
        sqlite3_bind_text(s, 2, name, -1, SQLITE_TRANSIENT);
        sqlite3_step(s);
        sqlite3_reset(s);
    }
    sqlite3_finalize(s);
    sqlite3_exec(h, "COMMIT", NULL, NULL, NULL);
    const char *err = NULL;
    int status = 0;
    if (auth_user_create(d, NULL, "admin", "Quản trị", ROLE_ADMIN, 1, "bench-password-1", &err,
                         &status) < 0 ||
        auth_user_create(d, NULL, "vanthu", "Văn thư", ROLE_CLERK, 2, "bench-password-1", &err,
                         &status) < 0) {
        *err_r = strdup(err ? err : "user");
        return -1;
    }
    /* The type, through the service (its form, indicator ids and audit). */
    arena *a = arena_new();
    ctx probe = {.a = a, .db = d};
    const user *adm = auth_user_load(&probe, auth_user_id_by_login(d, "admin"));
    ctx c = {.a = a, .db = d, .user = adm};
    json_t *ind = json_array();
    for (int i = 0; i < inds; i++)
        json_array_append_new(ind,
                              json_pack("{s:s, s:s, s:s}", "code", arena_printf(a, "CT%02d", i + 1),
                                        "name", arena_printf(a, "Chỉ tiêu %d", i + 1), "type",
                                        i % 10 == 9 ? "percent" : "integer"));
    json_t *j =
        json_pack("{s:s, s:s, s:[s], s:[s], s:i, s:s, s:i, s:{s:s, s:i}, s:{s:s, s:o}}", "code",
                  "BENCH", "name", "Báo cáo đo", "cycles", "month", "levels", "XA",
                  "recipient_unit_id", 2, "effective_from", "2024-01-01", "cutoff_day", 14, "due",
                  "kind", "day", "value", 20, "form", "from_period", "2024-01", "indicators", ind);
    web_err e;
    int64_t type = rep_type_save(&c, 0, j, &e);
    json_decref(j);
    arena_free(&a);
    if (type < 0) {
        *err_r = strdup(web_err_message(&e) ? web_err_message(&e) : "type");
        return -1;
    }
    *type_r = type;
    /* 24 months of instances and values, straight into the tables (the services' checks cost
     * what the bench does not measure). */
    sqlite3_stmt *si, *sv;
    sqlite3_exec(h, "BEGIN", NULL, NULL, NULL);
    sqlite3_prepare_v2(h,
                       "INSERT INTO report_instances (type_id, form_id, period, data_from, cutoff,"
                       " due_date, unit_id, status, first_submitted_at, submitted_at, created_at)"
                       " SELECT ?1, (SELECT max(id) FROM report_forms WHERE type_id = ?1), ?2, ?3,"
                       " ?4, ?5, ?6, 'accepted', ?7, ?7, 'x'",
                       -1, &si, NULL);
    sqlite3_prepare_v2(h,
                       "INSERT INTO report_values (instance_id, indicator_id, num) SELECT ?1, id,"
                       " ?3 FROM report_indicators WHERE type_id = ?4 AND code = ?2",
                       -1, &sv, NULL);
    unsigned rnd = 12345;
    for (int p = 0; p < periods; p++) {
        int y = 2024 + p / 12, m = p % 12 + 1;
        char key[32], from[32], cut[32], due[32], sub[48];
        snprintf(key, sizeof key, "%04d-%02d", y, m);
        snprintf(from, sizeof from, "%04d-%02d-15", m == 1 ? y - 1 : y, m == 1 ? 12 : m - 1);
        snprintf(cut, sizeof cut, "%04d-%02d-14", y, m);
        snprintf(due, sizeof due, "%04d-%02d-20", y, m);
        for (int u = 0; u < units; u++) {
            rnd = rnd * 1103515245u + 12345u;
            snprintf(sub, sizeof sub, "%04d-%02d-%02dT02:00:00Z", y, m, 15 + (int)(rnd >> 16) % 9);
            sqlite3_bind_int64(si, 1, type);
            sqlite3_bind_text(si, 2, key, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(si, 3, from, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(si, 4, cut, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(si, 5, due, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int(si, 6, 100 + u);
            sqlite3_bind_text(si, 7, sub, -1, SQLITE_TRANSIENT);
            sqlite3_step(si);
            sqlite3_reset(si);
            sqlite3_int64 inst = sqlite3_last_insert_rowid(h);
            for (int i = 0; i < inds; i++) {
                char code[16];
                snprintf(code, sizeof code, "CT%02d", i + 1);
                rnd = rnd * 1103515245u + 12345u;
                sqlite3_bind_int64(sv, 1, inst);
                sqlite3_bind_text(sv, 2, code, -1, SQLITE_TRANSIENT);
                sqlite3_bind_double(sv, 3, i % 10 == 9 ? (rnd >> 16) % 101 : (rnd >> 16) % 500);
                sqlite3_bind_int64(sv, 4, type);
                sqlite3_step(sv);
                sqlite3_reset(sv);
            }
        }
    }
    sqlite3_finalize(si);
    sqlite3_finalize(sv);
    if (sqlite3_exec(h, "COMMIT; ANALYZE;", NULL, NULL, err_r) != SQLITE_OK)
        return -1;
    if (rep_repack(d, type) != units * periods) {
        *err_r = strdup("repack");
        return -1;
    }
    sqlite3_exec(h, "PRAGMA synchronous=FULL", NULL, NULL, NULL);
    return 0;
}

int cli_bench_reporting(int argc, char **argv)
{
    static const char *const values[] = {"--units", "--periods", "--indicators", "--runs", NULL};
    static const char *const flags[] = {NULL};
    static const cli_spec spec = {"vanphong bench-reporting", bench_help, values, flags, 0, 0};
    int parsed = cli_parse(argc, argv, &spec);
    if (parsed >= 0)
        return parsed;
    const char *o;
    int units = (o = cli_opt(argc, argv, "--units")) ? atoi(o) : 500;
    int periods = (o = cli_opt(argc, argv, "--periods")) ? atoi(o) : 24;
    int inds = (o = cli_opt(argc, argv, "--indicators")) ? atoi(o) : 50;
    int runs = (o = cli_opt(argc, argv, "--runs")) ? atoi(o) : 30;
    if (units < 1 || units > 5000 || periods < 12 || periods > REP_MAX_PERIODS || inds < 1 ||
        inds > 99 || runs < 1 || runs > 1000) {
        fputs(_(bench_help), stderr);
        return 2;
    }
    char dir[] = "/tmp/vp-bench-rep-XXXXXX";
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    char *err = NULL;
    int rc = 1;
    int64_t type = 0;
    if (app_open(dir, 0, &err) != 0 || seed(db_thread(), units, periods, inds, &type, &err) != 0) {
        fprintf(stderr, "vanphong bench-reporting: %s\n", err ? err : "?");
        goto out;
    }
    db *d = db_thread();
    double *t = calloc((size_t)runs + 1, sizeof *t);
    const char **keys = calloc((size_t)periods, sizeof *keys);
    char(*kb)[16] = calloc((size_t)periods, sizeof *kb);
    for (int p = 0; p < periods; p++) {
        snprintf(kb[p], sizeof kb[p], "%04d-%02d", 2024 + p / 12, p % 12 + 1);
        keys[p] = kb[p];
    }
    char extra[200];
    /* The aggregation of everything to the top, as the city clerk (scope: the whole city). */
    for (int r = -1; r < runs; r++) {
        arena *a = arena_new();
        ctx probe = {.a = a, .db = d};
        const user *u = auth_user_load(&probe, auth_user_id_by_login(d, "vanthu"));
        ctx c = {.a = a, .db = d, .user = u};
        rep_aggregate ag;
        web_err e;
        double t0 = now_ms();
        int ok = rep_aggregate_run(&c, type, 0, keys, periods, false, &ag, &e);
        double dt = now_ms() - t0;
        if (ok != 0 || ag.counts[0] != units) {
            fprintf(stderr, "vanphong bench-reporting: aggregate failed\n");
            arena_free(&a);
            goto out;
        }
        if (r >= 0)
            t[r] = dt;
        arena_free(&a);
    }
    snprintf(extra, sizeof extra, "\"units\":%d,\"periods\":%d,\"indicators\":%d,\"values\":%lld",
             units, periods, inds, (long long)units * periods * inds);
    report("reporting_aggregate", extra, t, runs);

    /* The completeness page, logged in as the clerk through the server's handler. */
    char *page = answer("GET /login HTTP/1.1\r\nHost: bench\r\n\r\n");
    char lc[256] = "", csrf[128] = "", sess[256] = "";
    const char *f = page ? strstr(page, "name=\"csrf\" value=\"") : NULL;
    if (f)
        snprintf(csrf, sizeof csrf, "%.64s", f + strlen("name=\"csrf\" value=\""));
    csrf[strcspn(csrf, "\"")] = 0;
    /* Every cookie the login page sets (its CSRF cookie), sent back with the form. */
    for (const char *sc = page ? strstr(page, "Set-Cookie: ") : NULL; sc;
         sc = strstr(sc + 1, "Set-Cookie: ")) {
        size_t k = strcspn(sc + 12, ";\r\n"), have = strlen(lc);
        snprintf(lc + have, sizeof lc - have, "%s%.*s", have ? "; " : "", (int)k, sc + 12);
    }
    free(page);
    char body[256], raw[1024];
    snprintf(body, sizeof body, "login=vanthu&password=bench-password-1&csrf=%s", csrf);
    snprintf(raw, sizeof raw,
             "POST /login HTTP/1.1\r\nHost: bench\r\nCookie: %s\r\nContent-Type: "
             "application/x-www-form-urlencoded\r\nContent-Length: %zu\r\n\r\n%s",
             lc, strlen(body), body);
    page = answer(raw);
    if (!page || !cookie(page, AUTH_SESSION_COOKIE, sess, sizeof sess)) {
        fprintf(stderr, "vanphong bench-reporting: login failed\n");
        free(page);
        goto out;
    }
    free(page);
    snprintf(raw, sizeof raw,
             "GET /reports/types/%lld?cycle=month&year=%d HTTP/1.1\r\nHost: bench\r\nCookie: "
             "%s=%s\r\n\r\n",
             (long long)type, 2024 + (periods - 1) / 12, AUTH_SESSION_COOKIE, sess);
    size_t bytes = 0;
    for (int r = -1; r < runs; r++) {
        double t0 = now_ms();
        page = answer(raw);
        double dt = now_ms() - t0;
        if (!page || strncmp(page, "HTTP/1.1 200", 12) != 0) {
            fprintf(stderr, "vanphong bench-reporting: matrix page: %.80s\n", page ? page : "");
            free(page);
            goto out;
        }
        bytes = strlen(page);
        free(page);
        if (r >= 0)
            t[r] = dt;
    }
    snprintf(extra, sizeof extra, "\"units\":%d,\"periods\":12,\"bytes\":%zu", units, bytes);
    report("reporting_matrix_page", extra, t, runs);
    rc = 0;
out:
    free(err);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        rc = 1;
    return rc;
}
