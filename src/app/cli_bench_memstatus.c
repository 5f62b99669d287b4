/* `vanphong bench-memstatus [--rows N] [--runs R]`: the spreadsheet import of a member list
 * (issue 20, part adma), in process, in a temporary data directory (removed afterwards): a
 * workbook of N members (default 2,000) written by libxlsxwriter, then measured after one
 * unmeasured run: reading it (xlsx_read and xlsx_to_csv, shape "xlsx_read") and importing it
 * whole into a chi bộ, checks and one transaction (members_import_file, shape
 * "import_xlsx"; each run's rows are deleted afterwards, unmeasured). Prints JSON lines in the
 * shape the other benches use:
 *   {"what":"members","shape":"xlsx_read","login":"vanthu","total":N,"runs":R,
 *    "p50_ms":…,"p95_ms":…,"p99_ms":…,"max_ms":…} */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "app/app.h"
#include "app/cli.h"
#include "base/args.h"
#include "base/config.h"
#include "base/i18n.h"
#include "db/db.h"
#include "files/xlsx_read.h"
#include "members/members.h"
#include "web/ctx.h"

static const char bench_help[] = N_(
    "cách dùng: vanphong bench-memstatus [--rows N] [--runs R]\n"
    "  Tạo một bảng tính Excel N đảng viên (mặc định 2000) trong thư mục tạm, rồi đo việc đọc\n"
    "  bảng tính và việc nhập cả danh sách, mỗi phép đo R lần (mặc định 10). In các dòng JSON.\n");

static const db_query q_clear = {"bench.ms_clear", "DELETE FROM party_members", NULL};

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
    printf("{\"what\":\"members\",\"shape\":\"%s\",\"login\":\"vanthu\",\"total\":%d,\"runs\":%d,"
           "\"p50_ms\":%.3f,\"p95_ms\":%.3f,\"p99_ms\":%.3f,\"max_ms\":%.3f}\n",
           shape, total, n, t[n / 2], t[(int)(n * 0.95)], t[(int)(n * 0.99)], t[n - 1]);
    fflush(stdout);
}

/* The workbook an office would send: a title row, the header, N members. */
static int write_book(const char *path, int64_t rows)
{
    lxw_workbook *wb = workbook_new(path);
    if (!wb)
        return -1;
    lxw_worksheet *ws = workbook_add_worksheet(wb, NULL);
    lxw_format *date = workbook_add_format(wb);
    format_set_num_format(date, "dd/mm/yyyy");
    worksheet_merge_range(ws, 0, 0, 0, 5, "DANH SÁCH ĐẢNG VIÊN", NULL);
    static const char *const head[] = {"ho_ten",    "ngay_sinh",  "ngay_vao_dang",
                                       "doi_tuong", "muc_can_cu", "ghi_chu"};
    for (int k = 0; k < 6; k++)
        worksheet_write_string(ws, 1, (lxw_col_t)k, head[k], NULL);
    for (int64_t i = 0; i < rows; i++) {
        lxw_row_t r = (lxw_row_t)(i + 2);
        char name[64];
        snprintf(name, sizeof name, "Nguyễn Văn Thử %lld", (long long)i);
        worksheet_write_string(ws, r, 0, name, NULL);
        int by = 1950 + (int)(i % 40);
        lxw_datetime born = {.year = by, .month = 1 + (int)(i % 12), .day = 5};
        lxw_datetime adm = {.year = by + 22 + (int)(i % 10), .month = 1 + (int)(i % 12), .day = 19};
        worksheet_write_datetime(ws, r, 1, &born, date);
        worksheet_write_datetime(ws, r, 2, &adm, date);
        worksheet_write_string(ws, r, 3, i % 7 == 0 ? "HUU_TRI" : "BHXH", NULL);
        worksheet_write_number(ws, r, 4, 5000000 + (double)(i % 30) * 100000, NULL);
        worksheet_write_string(ws, r, 5, "Chi bộ khu vực 1", NULL);
    }
    return workbook_close(wb) == LXW_NO_ERROR ? 0 : -1;
}

int cli_bench_memstatus(int argc, char **argv)
{
    static const char *const values[] = {"--rows", "--runs", NULL};
    static const cli_spec spec = {"vanphong bench-memstatus", bench_help, values, NULL, 0, 0};
    int parsed = cli_parse(argc, argv, &spec);
    if (parsed >= 0)
        return parsed;
    const char *ns = cli_opt(argc, argv, "--rows"), *rs = cli_opt(argc, argv, "--runs");
    int64_t rows = ns ? atoll(ns) : 2000, runs = rs ? atoll(rs) : 10;
    if (rows < 1 || rows > MEMBER_IMPORT_MAX_ROWS || runs < 1 || runs > 1000) {
        fputs(_(bench_help), stderr);
        return 2;
    }
    char dir[] = "/tmp/vp-bench-ms-XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    char path[128], book[128];
    snprintf(path, sizeof path, "%s/vanphong.db", dir);
    snprintf(book, sizeof book, "%s/danh-sach.xlsx", dir);
    config.data_dir = dir;
    db *d = NULL;
    char *err = NULL, *data = NULL;
    double *t = NULL;
    int rc = 1;
    if (db_open(path, &d, &err) != 0 || db_migrate(d, &err) != 0) {
        fprintf(stderr, "bench-memstatus: %s\n", err ? err : "?");
        goto out;
    }
    app_init();
    if (db_exec_script(d,
                       "PRAGMA synchronous = OFF;"
                       "INSERT INTO units (id, parent_id, name, abbr, level, valid_from, "
                       "created_at, updated_at) VALUES (1, NULL, 'Thành ủy', 'TU', 'TINH', "
                       "'2020-01-01', 'x', 'x'), (2, 1, 'Chi bộ 1', 'CB', 'CHI_BO', "
                       "'2020-01-01', 'x', 'x');"
                       "INSERT INTO users (id, login, name, role, unit_id, password_hash, "
                       "created_at, updated_at) VALUES (1, 'vanthu', 'Văn thư', 'admin', 1, 'x',"
                       " 'x', 'x');",
                       &err) != 0 ||
        write_book(book, rows) != 0) {
        fprintf(stderr, "bench-memstatus: %s\n", err ? err : "xlsx");
        goto out;
    }
    FILE *f = fopen(book, "rb");
    if (!f)
        goto out;
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    data = malloc((size_t)len);
    size_t got = data ? fread(data, 1, (size_t)len, f) : 0;
    fclose(f);
    if (got != (size_t)len)
        goto out;
    t = calloc((size_t)runs, sizeof *t);
    int total = 0;
    for (int64_t i = -1; i < runs; i++) {
        const char *e = NULL;
        double t0 = now_ms();
        xlsx_sheet *s = xlsx_read(data, (size_t)len, NULL, &e);
        int first = 0;
        size_t n = 0;
        char *csv = s ? xlsx_to_csv(s, "ho_ten", &first, &n, &e) : NULL;
        double dt = now_ms() - t0;
        total = s ? s->n - 2 : -1;
        free(csv);
        xlsx_free(s);
        if (i >= 0)
            t[i] = dt;
    }
    report("xlsx_read", total, t, (int)runs);
    user u = {.id = 1, .login = "vanthu", .role = ROLE_ADMIN, .unit_id = 1};
    for (int64_t i = -1; i < runs; i++) {
        arena *a = arena_new();
        ctx c = {.a = a, .db = d, .user = &u, .data_dir = dir};
        web_err e = {0};
        double t0 = now_ms();
        total = members_import_file(&c, 2, data, (size_t)len, &e);
        double dt = now_ms() - t0;
        if (total < 0)
            fprintf(stderr, "bench-memstatus: %s\n", web_err_message(&e));
        if (i >= 0)
            t[i] = dt;
        db_stmt *s = db_stmt_get(d, &q_clear);
        if (s)
            db_exec(s);
        arena_free(&a);
    }
    report("import_xlsx", total, t, (int)runs);
    rc = 0;
out:
    free(t);
    free(data);
    free(err);
    db_close(&d);
    nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    return rc;
}
