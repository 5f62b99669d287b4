/* vanphong bench-petitions [--letters N] [--runs R]: the petitions module under a synthetic
 * load — a temporary data directory with N letters (default 50,000) over two years, a third of
 * them denunciations with sealed identities, and a year of reception visits — then the
 * latency of what people open most: the list's first page (50 rows, a leader's scope), the
 * overdue filter, the period report (all figures for a year) and the reception register for a
 * month. One JSON line per measurement in bench-search's shape; the directory is removed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "app/app.h"
#include "app/cli.h"
#include "auth/auth.h"
#include "base/args.h"
#include "base/clock.h"
#include "base/config.h"
#include "base/i18n.h"
#include "petitions/petitions.h"
#include "workdays/workdays.h"

static const char seed_sql[] =
    "INSERT INTO units (id, parent_id, name, abbr, level, valid_from, created_at, updated_at) "
    "VALUES (1, NULL, 'Thành ủy Cần Thơ', 'TU', 'TINH', '2025-07-01', 'x', 'x'),"
    " (2, 1, 'Văn phòng Thành ủy', 'VPTU', 'BAN', '2025-07-01', 'x', 'x');"
    "INSERT INTO users (id, login, name, role, unit_id, password_hash, created_at, updated_at) "
    "VALUES (1, 'thuongtruc', 'Nguyễn Văn An', 'committee-leader', 1, 'x', 'x', 'x'),"
    " (2, 'vanthu', 'Lê Thị Hoa', 'clerk', 2, 'x', 'x', 'x'),"
    " (3, 'chuyenvien', 'Phạm Văn Bình', 'specialist', 2, 'x', 'x', 'x');"
    "INSERT INTO reception_heads (id, unit_id, user_id, level) VALUES (1, 1, 1, 'province');";

static const db_query q_pet = {
    "bench.pet_insert",
    "INSERT INTO petitions (unit_id, year, number, received_on, channel, matter, summary, kind, "
    "complexity, n_persons, pseudonym, ident, ident_key, matter_key, screening, status, "
    "handling, handler_id, assigned_by, accepted_on, due_screen, due_accept, due_resolve, "
    "result_on, created_by, created_at) VALUES (1, ?1, ?2, ?3, 'direct', ?4, 'Tóm tắt', ?5, "
    "'normal', 1, ?6, ?7, ?8, ?9, 'eligible', ?10, ?11, 3, 1, ?12, ?13, ?13, ?14, ?15, 2, 'x')",
    NULL};
static const db_query q_entry = {
    "bench.entry_insert",
    "INSERT INTO reception_entries (unit_id, year, stt, day, reception_kind, pseudonym, ident, "
    "content, kind, n_people, handling, receiver_id, created_by, created_at) VALUES (1, ?1, ?2, "
    "?3, 'regular', 'Công dân', ?4, 'Kiến nghị', 'recommendation', 1, 'return', 3, 3, 'x')",
    NULL};

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void report(const char *shape, const char *login, int64_t total, double *t, int n)
{
    qsort(t, (size_t)n, sizeof *t, cmp_double);
#define PCT(p) t[(int)((p)*n + 0.999999) - 1 < 0 ? 0 : (int)((p)*n + 0.999999) - 1]
    json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:I, s:i, s:f, s:f, s:f, s:f}", "what", "petitions",
                          "shape", shape, "query", "", "login", login, "total", (json_int_t)total,
                          "runs", n, "p50_ms", PCT(0.5), "p95_ms", PCT(0.95), "p99_ms", PCT(0.99),
                          "max_ms", t[n - 1]);
#undef PCT
    char *s = json_dumps(o, JSON_COMPACT);
    puts(s);
    fflush(stdout);
    free(s);
    json_decref(o);
}

static const char *const kinds[] = {"complaint",  "denunciation", "recommendation",
                                    "reflection", "denunciation", "complaint"};

static const char bench_pet_help[] =
    N_("cách dùng: vanphong bench-petitions [--letters N] [--runs R]\n"
       "  Tạo một cơ sở dữ liệu tạm với N đơn thư (mặc định 50.000) và một năm tiếp công dân, rồi\n"
       "  đo R lần (mặc định 20) trang đầu danh sách đơn, danh sách đơn quá hạn, báo cáo cả năm và\n"
       "  sổ tiếp công dân một tháng. In các dòng JSON ra stdout; xóa thư mục tạm khi xong.\n");

int cli_bench_petitions(int argc, char **argv)
{
    static const char *const values[] = {"--letters", "--runs", NULL};
    static const cli_spec spec = {"vanphong bench-petitions", bench_pet_help, values, NULL, 0, 0};
    int parsed = cli_parse(argc, argv, &spec);
    if (parsed >= 0)
        return parsed;
    const char *ls = cli_opt(argc, argv, "--letters"), *rs = cli_opt(argc, argv, "--runs");
    int64_t letters = ls ? atoll(ls) : 50000, runs = rs ? atoll(rs) : 20;
    if (letters < 100 || letters > 2000000 || runs < 1 || runs > 1000) {
        fputs(_("vanphong bench-petitions: số đơn 100–2.000.000, số lần đo 1–1.000\n"), stderr);
        fputs(_(bench_pet_help), stderr);
        return 2;
    }
    char dir[] = "/tmp/vp-bench-pet-XXXXXX";
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    char *err = NULL;
    int rc = 1;
    unsigned char *box = NULL;
    if (app_open(dir, 0, &err) != 0) {
        fprintf(stderr, "vanphong bench-petitions: %s\n", err ? err : "?");
        free(err);
        goto out;
    }
    db *d = db_thread();
    if (db_exec_script(d, seed_sql, &err) != 0) {
        fprintf(stderr, "vanphong bench-petitions: %s\n", err ? err : "?");
        free(err);
        goto out;
    }
    int64_t t0 = clock_now_ms();
    char today[11];
    clock_vn_today(today, sizeof today);
    int y = atoi(today);
    const char ident[] =
        "{\"name\":\"Nguyễn Văn Thử\",\"address\":\"Cần Thơ\",\"id_no\":\"092000000000\"}";
    size_t box_n = 0;
    box = pet_seal(ident, sizeof ident - 1, &box_n);
    if (!box || db_begin_write(d) != 0)
        goto out;
    for (int64_t i = 0; i < letters; i++) {
        /* Spread over the last two years, newest first in id order is not assumed. */
        int back = (int)(i * 730 / letters);
        char day[11], due[11], res[11];
        workdays_date_add(today, -back, day);
        workdays_date_add(day, 10, due);
        workdays_date_add(day, 40, res);
        const char *kind = kinds[i % 6];
        bool done = back > 60 && i % 7 != 0;
        db_stmt *s = db_stmt_get(d, &q_pet);
        db_bind_int(s, 1, atoi(day));
        db_bind_int(s, 2, i + 1);
        db_bind_text(s, 3, day);
        char matter[64], pseudo[64], key[33];
        snprintf(matter, sizeof matter, "Vụ việc số %lld", (long long)(i % 5000));
        snprintf(pseudo, sizeof pseudo, "Người viết đơn (đơn %lld)", (long long)i + 1);
        snprintf(key, sizeof key, "%032llx", (long long)(i % 20000));
        db_bind_text(s, 4, matter);
        db_bind_text(s, 5, kind);
        db_bind_text(s, 6, pseudo);
        db_bind_blob(s, 7, box, box_n);
        db_bind_text(s, 8, key);
        db_bind_text(s, 9, key);
        db_bind_text(s, 10, done ? "resolved" : "accepted");
        db_bind_text(s, 11, "accept");
        db_bind_text(s, 12, day);
        db_bind_text(s, 13, due);
        db_bind_text(s, 14, res);
        db_bind_text(s, 15, done ? due : NULL);
        if (db_exec(s) != DB_DONE)
            goto out_tx;
    }
    for (int i = 0; i < 3000; i++) {
        char day[11];
        workdays_date_add(today, -(i % 365), day);
        db_stmt *s = db_stmt_get(d, &q_entry);
        db_bind_int(s, 1, atoi(day));
        db_bind_int(s, 2, i + 1 + (atoi(day) == y ? 0 : 100000));
        db_bind_text(s, 3, day);
        db_bind_blob(s, 4, box, box_n);
        if (db_exec(s) != DB_DONE)
            goto out_tx;
    }
    if (db_commit(d) != 0)
        goto out;
    /* Measure reads the way a running office has them: the bulk load checkpointed. */
    if (db_exec_script(d, "PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;", &err) != 0) {
        free(err);
        goto out;
    }
    fprintf(stderr, "bench-petitions: %lld letters in %lld ms\n", (long long)letters,
            (long long)(clock_now_ms() - t0));

    arena *a = arena_new();
    ctx c = {.a = a, .db = d, .data_dir = dir};
    const user *u = auth_user_load(&c, 1);
    c.user = u;
    double *t = calloc((size_t)runs, sizeof *t);
    int64_t total = 0;
    const char *shapes[] = {"list_first_page", "list_overdue", "report_year", "register_month"};
    for (int k = 0; k < 4; k++) {
        for (int r = 0; r < runs; r++) {
            c.scope.loaded = false;
            int64_t s0 = clock_now_ms();
            if (k <= 1) {
                pet_filter f = {.limit = 50, .overdue = k == 1};
                petition *rows;
                pet_list(&c, &f, &rows, &total);
            } else if (k == 2) {
                pet_value *v;
                char from[11];
                snprintf(from, sizeof from, "%d-01-01", y);
                petitions_report_values(&c, 0, from, today, &v);
                total = v[11].value;
            } else {
                rec_entry *x;
                char from[11];
                workdays_date_add(today, -30, from);
                total = rec_entries(&c, from, today, &x);
            }
            t[r] = (double)(clock_now_ms() - s0);
        }
        report(shapes[k], "thuongtruc", total, t, (int)runs);
    }
    free(t);
    arena_free(&a);
    rc = 0;
    goto out;
out_tx:
    db_rollback(d);
out:
    free(box);
    db_thread_close();
    char cmd[64];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (getenv("VANPHONG_BENCH_KEEP")) /* to look at the plans afterwards */
        fprintf(stderr, "bench-petitions: kept %s\n", dir);
    else if (system(cmd) != 0)
        rc = 1;
    return rc;
}
