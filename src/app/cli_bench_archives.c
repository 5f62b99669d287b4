/* vanphong bench-archives: the archive's two lists over a synthetic office of 20,000 closed
 * dossiers (half of them in the archive) — the due list of the hand-over (as the office's clerk)
 * and the reading-room search (folded Vietnamese match) — then the list of holds in force (500
 * holds) and one run of the scheduled fixity job over --files archived files (default 2,000:
 * every file read through SHA-256, the run recorded) — p50/p95/p99 in JSON lines. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "app/app.h"
#include "app/bench_stats.h"
#include "app/cli.h"
#include "archives/archives.h"
#include "base/args.h"
#include "base/arena.h"
#include "base/clock.h"
#include "base/config.h"
#include "files/blob.h"
#include "base/i18n.h"
#include "db/db.h"

static const char help[] =
    N_("cách dùng: vanphong bench-archives [--runs N] [--dossiers N] [--files N]\n"
       "  đo độ trễ danh sách hồ sơ đến hạn giao nộp, tìm kiếm phòng đọc, lệnh giữ và kiểm tra "
       "toàn vẹn lưu trữ\n");

static const char seed_sql[] =
    "INSERT INTO units (id, parent_id, name, abbr, level, valid_from, created_at, updated_at) "
    "VALUES (1, NULL, 'Thành ủy Cần Thơ', 'TU', 'TINH', '2020-01-01', 'x', 'x'),"
    " (2, 1, 'Văn phòng Thành ủy', 'VPTU', 'BAN', '2020-01-01', 'x', 'x');"
    "INSERT INTO dossier_headings (id, unit_id, year, ordinal, title, abbr) VALUES "
    " (1, 2, 2020, 1, 'Tổng hợp', 'TH');"
    "INSERT INTO archive_batches (id, unit_id, to_archive, status, created_by, created_at) "
    "VALUES (1, 2, 'current', 'accepted', 1, '2022-03-01');";
static const db_query q_fill = {
    "bench.ar_fill",
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1) "
    "INSERT INTO dossiers (unit_id, year, heading_id, ordinal, code, title, retention_years, "
    "status, opened_on, closed_on, handover_due) SELECT 2, 2015 + i % 10, 1, i, "
    "printf('%05d.TH', i), CASE i % 4 WHEN 0 THEN 'Hồ sơ hội nghị Ban Chấp hành lần ' || i "
    "WHEN 1 THEN 'Báo cáo tháng công tác văn phòng số ' || i WHEN 2 THEN 'Kế hoạch kiểm tra, giám "
    "sát số ' || i ELSE 'Văn bản gửi để biết đợt ' || i END, CASE i % 3 WHEN 0 THEN NULL ELSE "
    "5 + i % 3 * 5 END, 'closed', (2015 + i % 10) || '-01-05', (2015 + i % 10) || '-12-20', "
    "(2016 + i % 10) || '-12-20' FROM n",
    NULL};
static const db_query q_arch = {
    "bench.ar_arch",
    "INSERT INTO archive_records (dossier_id, batch_id, deposited_on) SELECT id, 1, "
    "(year + 1) || '-03-01' FROM dossiers WHERE id % 2 = 0",
    NULL};

static const db_query q_holds = {
    "bench.ar_holds",
    "INSERT INTO legal_holds (dossier_id, reason, placed_by, placed_at) SELECT id, 'Thanh tra "
    "xác minh đơn số ' || id, 1, '2026-01-05' FROM dossiers WHERE id % 2 = 0 AND id <= 1000",
    NULL};
static const db_query q_att = {
    "bench.ar_att",
    "INSERT INTO attachments (doc_kind, doc_id, sha256, filename, mime, size) VALUES ('out', ?1, "
    "?2, 'ban-quet-' || ?1 || '.txt', 'text/plain', ?3)",
    NULL};
static const db_query q_dd = {"bench.ar_dd",
                              "INSERT INTO dossier_docs (dossier_id, doc_kind, doc_id, ordinal) "
                              "VALUES (?1, 'out', ?1, 1)",
                              NULL};

/* files blobs of ~4 KB, each linked to one archived dossier (even ids). */
static int add_files(db *d, int files)
{
    char buf[4096], sha[65];
    const char *err = NULL;
    blob_defer_begin();
    int rc = db_begin_write(d);
    for (int i = 1; rc == 0 && i <= files; i++) {
        int n = snprintf(buf, sizeof buf, "ban quet so %d ", i);
        for (int k = n; k < (int)sizeof buf; k++)
            buf[k] = (char)('a' + (i + k) % 26);
        if (blob_put_bytes(config.blob_dir, config.tmp_dir, buf, sizeof buf, sha, &err) != 0) {
            rc = -1;
            break;
        }
        db_stmt *s = db_stmt_get(d, &q_att);
        if (!s)
            rc = -1;
        else {
            db_bind_int(s, 1, 2 * i);
            db_bind_text(s, 2, sha);
            db_bind_int(s, 3, (int64_t)sizeof buf);
            rc = db_exec(s) == DB_DONE ? 0 : -1;
        }
        if (rc == 0 && (s = db_stmt_get(d, &q_dd))) {
            db_bind_int(s, 1, 2 * i);
            rc = db_exec(s) == DB_DONE ? 0 : -1;
        }
    }
    if (rc == 0)
        rc = blob_defer_sync(config.blob_dir, &err);
    rc = rc == 0 ? db_commit(d) : (db_rollback(d), -1);
    blob_defer_end();
    return rc;
}

static void measure(ctx *kc, const char *what, int runs, int dossiers)
{
    double *t = calloc((size_t)runs, sizeof *t);
    int total = 0;
    for (int r = -2; r < runs; r++) { /* two warm-up runs */
        arena *a = arena_new();
        kc->a = a;
        ar_dossier *rows;
        int64_t t0 = clock_now_ms();
        if (strcmp(what, "holds") == 0) {
            ar_hold *h;
            total = archives_holds_list(kc, 0, &h);
        } else if (strcmp(what, "fixity") == 0) {
            total = archives_fixity_run(kc->db, config.blob_dir, NULL) == 0 ? dossiers : -1;
        } else {
            total = strcmp(what, "due") == 0
                        ? archives_due_list(kc, false, &rows)
                        : archives_search(kc, "hoi nghi ban chap hanh", 100, &rows);
        }
        int64_t t1 = clock_now_ms();
        if (r >= 0)
            t[r] = (double)(t1 - t0);
        arena_free(&a);
    }
    qsort(t, (size_t)runs, sizeof *t, bench_cmp_double);
    json_t *j = json_pack("{s:s, s:s, s:i, s:i, s:i, s:f, s:f, s:f, s:f}", "what", "archives",
                          "shape", what, "dossiers", dossiers, "rows", total, "runs", runs,
                          "p50_ms", bench_pct(t, runs, 0.5), "p95_ms", bench_pct(t, runs, 0.95),
                          "p99_ms", bench_pct(t, runs, 0.99), "max_ms", t[runs - 1]);
    char *s = json_dumps(j, JSON_COMPACT);
    printf("%s\n", s);
    fflush(stdout);
    free(s);
    json_decref(j);
    free(t);
}

int cli_bench_archives(int argc, char **argv)
{
    static const char *const values[] = {"--runs", "--dossiers", "--files", NULL};
    static const char *const flags[] = {NULL};
    static const cli_spec spec = {"vanphong bench-archives", help, values, flags, 0, 0};
    int st = cli_parse(argc, argv, &spec);
    if (st >= 0)
        return st;
    int runs = 30, dossiers = 20000, files = 2000;
    const char *v;
    if ((v = cli_opt(argc, argv, "--runs")))
        runs = atoi(v);
    if ((v = cli_opt(argc, argv, "--dossiers")))
        dossiers = atoi(v);
    if ((v = cli_opt(argc, argv, "--files")))
        files = atoi(v);
    if (runs <= 0 || dossiers <= 0 || files <= 0 || files > dossiers / 2) {
        fputs(_(help), stderr);
        return 2;
    }
    char dir[] = "/tmp/vp-bench-archives-XXXXXX";
    if (!mkdtemp(dir)) {
        perror("bench-archives");
        return 1;
    }
    char *err = NULL;
    if (app_open(dir, 0, &err) != 0) {
        fprintf(stderr, "bench-archives: %s\n", err ? err : "?");
        free(err);
        return 1;
    }
    db *d = db_thread();
    int rc = db_exec_script(d, seed_sql, &err) == 0 ? 0 : -1;
    if (rc == 0 && db_begin_write(d) == 0) {
        db_stmt *s = db_stmt_get(d, &q_fill);
        if (s) {
            db_bind_int(s, 1, dossiers);
            rc = db_exec(s) == DB_DONE ? 0 : -1;
        }
        s = db_stmt_get(d, &q_arch);
        if (rc == 0 && s)
            rc = db_exec(s) == DB_DONE ? 0 : -1;
        s = db_stmt_get(d, &q_holds);
        if (rc == 0 && s)
            rc = db_exec(s) == DB_DONE ? 0 : -1;
        if (rc == 0)
            rc = db_commit(d);
        else
            db_rollback(d);
    }
    if (rc == 0)
        rc = add_files(d, files);
    if (rc != 0) {
        fprintf(stderr, "bench-archives: building the office failed: %s\n",
                err ? err : db_errmsg(d));
        free(err);
        return 1;
    }
    user u = {.id = 1, .login = "vanthu", .name = "Văn thư", .role = ROLE_CLERK, .unit_id = 2};
    ctx kc = {.db = d, .user = &u, .data_dir = dir};
    measure(&kc, "due", runs, dossiers);
    measure(&kc, "search", runs, dossiers);
    measure(&kc, "holds", runs, dossiers);
    /* A run reads every file: a few runs are enough for its spread. */
    measure(&kc, "fixity", runs < 5 ? runs : 5, files);
    db_thread_close();
    char cmd[96];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        return 1;
    return 0;
}
