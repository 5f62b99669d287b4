/* `vanphong bench-search --data DIR --queries FILE [--logins a,b] [--runs N]`: server time of
 * search_run and of the incoming register list, in process, for real users (permission
 * filters included, no HTTP). bench/run.sh calls it; it prints one JSON object a line:
 *   {"what":"search","shape":"broad","login":"chanhvp","total":…,"runs":N,
 *    "p50_ms":…,"p95_ms":…,"p99_ms":…,"max_ms":…}
 * The queries file (bench/gen.c writes it) has one shape a line: shape TAB query TAB filters,
 * filters as k=v&… (doc_type, year, from, to, kind, sort=date). Lines starting with # are
 * comments. Each measurement is preceded by one unmeasured run (a warm page cache is the
 * steady state of a server; the cold start is measured separately by run.sh). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <sqlite3.h>

#include "base/args.h"
#include "app/app.h"
#include "app/cli.h"
#include "auth/auth.h"
#include "base/i18n.h"
#include "db/db.h"
#include "db/pg.h"
#include "incoming/incoming.h"
#include "search/search.h"
#include "search/search_sql.h"

static const char bench_help[] = N_(
    "cách dùng: vanphong bench-search --data DIR --queries FILE [--logins L1,L2] [--runs N]\n"
    "                                 [--max-ms MS] [--profile] [--plan-all] [--share]\n"
    "  Đo search_run với từng câu tìm của FILE (dạng TAB câu tìm TAB bộ lọc k=v&…) và danh sách\n"
    "  sổ văn bản đến (50 dòng: một năm, một trang sau, một bộ lọc theo chữ) dưới từng tài khoản\n"
    "  (mặc định chanhvp,vanthu.binhthuy), mỗi phép đo N lần (mặc định 30). In các dòng JSON ra\n"
    "  stdout.\n"
    "  --max-ms giới hạn thời gian đo của một dạng (mặc định 20000; khi đó runs cho biết đã đo\n"
    "  bao nhiêu lần). --profile in ra stderr thời gian SQLite dành cho từng câu lệnh của mỗi\n"
    "  dạng. --plan-all tắt cách tìm theo phạm vi nhỏ (issue 17) để so sánh. --share chỉ in\n"
    "  phần văn bản mà mỗi tài khoản được xem.\n");

static const db_query q_user_id = {"bench.user_id", "SELECT id FROM users WHERE login = ?1", NULL};

/* --share: how much of the corpus a login may see (the ward clerk's row of the table says it):
 * every indexed document through the search's own visibility rule. */
static const db_query q_visible = {
    "bench.visible",
    "SELECT (SELECT count(*) FROM search_docs d WHERE ?6 IS NOT NULL AND " SEARCH_VISIBLE "),"
    " (SELECT count(*) FROM search_docs)",
    NULL,
};

static int print_share(ctx *kc, const user *u)
{
    arena *a = arena_new();
    ctx c = {.a = a, .db = kc->db, .user = u, .data_dir = kc->data_dir};
    db_stmt *s = db_stmt_get(c.db, &q_visible);
    if (!s) {
        arena_free(&a);
        return -1;
    }
    search_bind_visibility(&c, s);
    db_bind_text(s, 6, "-");
    int64_t seen = 0, all = 0;
    if (db_step(s) == DB_ROW) {
        seen = db_col_int(s, 0);
        all = db_col_int(s, 1);
    }
    db_reset(s);
    printf("{\"what\":\"scope\",\"login\":\"%s\",\"docs_visible\":%lld,\"docs_total\":%lld,"
           "\"share_percent\":%.2f}\n",
           u->login, (long long)seen, (long long)all, all ? 100.0 * (double)seen / (double)all : 0);
    fflush(stdout);
    arena_free(&a);
    return 0;
}

/* --profile: SQLite's own timing of every statement (sqlite3_trace_v2 PROFILE), summed by
 * statement text and printed on stderr after each shape: which statement of a search costs. */
enum { PROF_MAX = 64 };
static struct prof {
    const char *sql;
    double ms;
    int n;
} prof[PROF_MAX];
static int n_prof;

static int prof_cb(unsigned type, void *arg, void *p, void *x)
{
    if (type != SQLITE_TRACE_PROFILE)
        return 0;
    const char *sql = sqlite3_sql((sqlite3_stmt *)p);
    double ms = (double)*(sqlite3_int64 *)x / 1e6;
    for (int i = 0; i < n_prof; i++)
        if (prof[i].sql == sql) {
            prof[i].ms += ms;
            prof[i].n++;
            return 0;
        }
    if (n_prof < PROF_MAX)
        prof[n_prof++] = (struct prof){sql, ms, 1};
    return 0;
}

static void prof_print(const char *shape)
{
    /* VP_PROF_SQL=1: the whole statement, to paste into EXPLAIN QUERY PLAN */
    int width = getenv("VP_PROF_SQL") ? 100000 : 110;
    for (int i = 0; i < n_prof; i++)
        if (prof[i].ms >= 0.5)
            fprintf(stderr, "  %-16s %9.1f ms %5d× %.*s\n", shape, prof[i].ms, prof[i].n, width,
                    prof[i].sql ? prof[i].sql : "?");
    n_prof = 0;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double pct(const double *v, int n, double p)
{
    int i = (int)(p * n + 0.999999) - 1;
    return v[i < 0 ? 0 : i >= n ? n - 1 : i];
}

static void report(const char *what, const char *shape, const char *query, const char *login,
                   int64_t total, double *t, int n, const char *extra)
{
    qsort(t, (size_t)n, sizeof *t, cmp_double);
    json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:I, s:i, s:f, s:f, s:f, s:f}", "what", what,
                          "shape", shape, "query", query ? query : "", "login", login, "total",
                          (json_int_t)total, "runs", n, "p50_ms", pct(t, n, 0.5), "p95_ms",
                          pct(t, n, 0.95), "p99_ms", pct(t, n, 0.99), "max_ms", t[n - 1]);
    if (extra)
        json_object_set_new(o, "note", json_string(extra));
    char *s = json_dumps(o, JSON_COMPACT);
    puts(s);
    fflush(stdout);
    free(s);
    json_decref(o);
}

/* Fills f from "k=v&k=v" (values without escapes; strings copied into a). */
static void parse_filters(arena *a, char *spec, search_filter *f)
{
    for (char *save = NULL, *pair = strtok_r(spec, "&", &save); pair;
         pair = strtok_r(NULL, "&", &save)) {
        char *eq = strchr(pair, '=');
        if (!eq)
            continue;
        *eq = 0;
        const char *v = arena_strdup(a, eq + 1);
        if (strcmp(pair, "doc_type") == 0)
            f->doc_type = v;
        else if (strcmp(pair, "year") == 0)
            f->year = atoi(v);
        else if (strcmp(pair, "from") == 0)
            f->from = v;
        else if (strcmp(pair, "to") == 0)
            f->to = v;
        else if (strcmp(pair, "kind") == 0)
            f->kind = v;
        else if (strcmp(pair, "sort") == 0 && strcmp(v, "date") == 0)
            f->sort = SEARCH_SORT_DATE;
    }
}

/* A shape stops after this much measured time (a pathological query at 1M documents must not
 * hold the whole benchmark): its "runs" then says how many were measured. */
static double max_ms_per_shape = 20000;

static int bench_search(ctx *kc, const user *u, const char *shape, const char *query,
                        const char *filters, int runs)
{
    double spent = 0;
    double *t = calloc((size_t)runs, sizeof *t);
    int64_t total = -1;
    bool ranked_all = true;
    for (int r = -1; r < runs; r++) {
        arena *a = arena_new();
        ctx c = {.a = a, .db = kc->db, .user = u, .data_dir = kc->data_dir};
        search_filter f = {.q = arena_strdup(a, query), .secrecy = -1};
        char *spec = arena_strdup(a, filters);
        parse_filters(a, spec, &f);
        search_result res;
        int status = 0;
        const char *code = NULL, *err = NULL;
        double t0 = now_ms();
        int rc = search_run(&c, &f, &res, &status, &code, &err);
        double dt = now_ms() - t0;
        db_reset_all(c.db);
        if (rc != 0) {
            fprintf(stderr, "bench-search: %s %s: %d %s\n", shape, query, status, err ? err : "");
            arena_free(&a);
            free(t);
            return -1;
        }
        if (r >= 0)
            t[r] = dt;
        total = res.total;
        ranked_all = res.ranked_all;
        arena_free(&a);
        spent += dt;
        if (spent > max_ms_per_shape) {
            if (r < 0)
                t[0] = dt; /* the warm-up alone ran out the time: report it */
            runs = r < 0 ? 1 : r + 1;
            break;
        }
    }
    /* The JSON lines are read by bench/run.sh: the same in every language. */
    report("search", shape, query, u->login, total, t, runs,
           ranked_all ? NULL : "ranked the newest candidates only");
    prof_print(shape);
    free(t);
    return 0;
}

static int bench_list(ctx *kc, const user *u, const char *shape, const in_filter *tmpl, int runs)
{
    double *t = calloc((size_t)runs, sizeof *t);
    int64_t total = 0;
    for (int r = -1; r < runs; r++) {
        arena *a = arena_new();
        ctx c = {.a = a, .db = kc->db, .user = u, .data_dir = kc->data_dir};
        in_filter f = *tmpl;
        incoming *rows;
        double t0 = now_ms();
        int n = incoming_list(&c, &f, &rows, &total);
        double dt = now_ms() - t0;
        db_reset_all(c.db);
        arena_free(&a);
        if (n < 0) {
            fprintf(stderr, _("bench-search: danh sách %s thất bại\n"), shape);
            free(t);
            return -1;
        }
        if (r >= 0)
            t[r] = dt;
    }
    report("list", shape, tmpl->q, u->login, total, t, runs, NULL);
    prof_print(shape);
    free(t);
    return 0;
}

static const user *load_user(ctx *kc, const char *login)
{
    db_stmt *s = db_stmt_get(kc->db, &q_user_id);
    if (!s)
        return NULL;
    db_bind_text(s, 1, login);
    int64_t id = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
    db_reset(s);
    return id ? auth_user_load(kc, id) : NULL;
}

int cli_bench_search(int argc, char **argv)
{
    static const char *const values[] = {"--data", "--queries", "--logins",
                                         "--runs", "--max-ms",  NULL};
    static const char *const flags[] = {"--profile", "--plan-all", "--share", NULL};
    static const cli_spec spec = {"vanphong bench-search", bench_help, values, flags, 0, 0};
    int parsed = cli_parse(argc, argv, &spec);
    if (parsed >= 0)
        return parsed;
    const char *data = cli_opt(argc, argv, "--data"), *qfile = cli_opt(argc, argv, "--queries");
    const char *logins = cli_opt(argc, argv, "--logins"), *rs = cli_opt(argc, argv, "--runs");
    int runs = rs ? atoi(rs) : 30;
    const char *mx = cli_opt(argc, argv, "--max-ms");
    if (mx && atof(mx) > 0)
        max_ms_per_shape = atof(mx);
    if (!data || !qfile || runs <= 0) {
        fputs(_(bench_help), stderr);
        return 2;
    }
    char *err = NULL;
    if (app_open(data, 1, &err) != 0) {
        fprintf(stderr, "vanphong bench-search: %s\n", err ? err : _("không mở được"));
        free(err);
        return 1;
    }
    arena *keep = arena_new();
    ctx kc = {.a = keep, .db = db_thread(), .data_dir = data};
    if (cli_has(argc, argv, "--plan-all"))
        search_plan = SEARCH_PLAN_INDEX; /* the plan before issue 17, to compare */
    if (cli_has(argc, argv, "--profile") && db_is_pg(kc.db)) {
        /* SQLite's statement timer has no PostgreSQL handle to hang on (it crashed there):
         * PostgreSQL's own tools say the same, docs/SCALING.md. */
        fprintf(stderr, "vanphong bench-search: %s\n",
                _("--profile chỉ dùng với SQLite; với PostgreSQL hãy dùng pg_stat_statements "
                  "hoặc auto_explain (docs/SCALING.md)."));
        arena_free(&keep);
        return 2;
    }
    if (cli_has(argc, argv, "--profile"))
        sqlite3_trace_v2(db_sqlite_handle(kc.db), SQLITE_TRACE_PROFILE, prof_cb, NULL);
    char *lg = arena_strdup(keep, logins ? logins : "chanhvp,vanthu.binhthuy");
    int rc = 0;
    for (char *save = NULL, *login = strtok_r(lg, ",", &save); login;
         login = strtok_r(NULL, ",", &save)) {
        const user *u = load_user(&kc, login);
        if (!u) {
            fprintf(stderr, _("vanphong bench-search: không có người dùng %s\n"), login);
            rc = 1;
            continue;
        }
        if (cli_has(argc, argv, "--share")) {
            if (print_share(&kc, u) != 0)
                rc = 1;
            continue;
        }
        FILE *f = fopen(qfile, "r");
        if (!f) {
            perror(qfile);
            return 1;
        }
        char *line = NULL;
        size_t cap = 0;
        ssize_t n;
        while ((n = getline(&line, &cap, f)) > 0) {
            if (line[0] == '#' || line[0] == '\n')
                continue;
            if (line[n - 1] == '\n')
                line[n - 1] = 0;
            char *save2 = NULL, *shape = strtok_r(line, "\t", &save2);
            char *query = strtok_r(NULL, "\t", &save2), *filters = strtok_r(NULL, "\t", &save2);
            if (!shape || !query)
                continue;
            if (bench_search(&kc, u, shape, query, filters ? filters : "", runs) != 0)
                rc = 1;
        }
        free(line);
        fclose(f);
        /* The register list as the pages show it: 50 rows, newest first. */
        in_filter year = {.from = "2025-01-01", .to = "2025-12-31", .urgency = -1, .limit = 50};
        in_filter deep = year;
        deep.offset = 950;
        in_filter text = {.q = "kế hoạch", .urgency = -1, .limit = 50};
        in_filter all = {.urgency = -1, .limit = 50};
        in_filter overdue = {.urgency = -1, .limit = 50, .overdue_only = true};
        if (bench_list(&kc, u, "list_all", &all, runs) ||
            bench_list(&kc, u, "list_year", &year, runs) ||
            bench_list(&kc, u, "list_year_page20", &deep, runs) ||
            bench_list(&kc, u, "list_text", &text, runs) ||
            bench_list(&kc, u, "list_overdue", &overdue, runs))
            rc = 1;
    }
    arena_free(&keep);
    return rc;
}
