/* `vanphong bench-edxml [--runs N]`: the cost of an edXML package with two attachments (a
 * 300 KB PDF-like file and a 40 KB text) — building it from an issued document (read, files
 * from the blob store, base64, the export row) and parsing it back (XML, manifest, base64,
 * SHA-256 of each file) — on a fresh temporary office. Prints one JSON object a line:
 * {"what":"edxml","shape":"build"|"parse"|"build_parse","runs":N,"bytes":…,"p50_ms":…,
 * "p95_ms":…,"p99_ms":…,"max_ms":…}. The first run is unmeasured. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "app/app.h"
#include "app/bench_stats.h"
#include "app/cli.h"
#include "base/args.h"
#include "base/config.h"
#include "base/i18n.h"
#include "db/db.h"
#include "edxml/edxml.h"
#include "files/blob.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void report(const char *shape, double *t, int n, size_t bytes)
{
    qsort(t, (size_t)n, sizeof *t, bench_cmp_double);
    json_t *j =
        json_pack("{s:s, s:s, s:i, s:I, s:f, s:f, s:f, s:f}", "what", "edxml", "shape", shape,
                  "runs", n, "bytes", (json_int_t)bytes, "p50_ms", bench_pct(t, n, 0.5), "p95_ms",
                  bench_pct(t, n, 0.95), "p99_ms", bench_pct(t, n, 0.99), "max_ms", t[n - 1]);
    char *s = json_dumps(j, JSON_COMPACT);
    printf("%s\n", s);
    free(s);
    json_decref(j);
}

static const char bench_edxml_help[] =
    N_("cách dùng: vanphong bench-edxml [--runs N]\n"
       "  Đo thời gian tạo và đọc một gói edXML có 2 tệp đính kèm trên dữ liệu tạm; in các dòng "
       "JSON.\n");

static const char seed_sql[] =
    "INSERT INTO units (id, parent_id, name, abbr, level, organ_id, valid_from, created_at,"
    " updated_at) VALUES (1, NULL, 'Thành ủy Cần Thơ', 'TU', 'TINH', '000.00.31.T01',"
    " '2025-07-01', 'x', 'x'), (2, 1, 'Văn phòng Thành ủy', 'VPTU', 'BAN', NULL, '2025-07-01',"
    " 'x', 'x');"
    "INSERT INTO users (id, login, name, role, unit_id, password_hash, created_at, updated_at)"
    " VALUES (1, 'vanthu', 'Lê Thị Hoa', 'clerk', 2, 'x', 'x', 'x');"
    "INSERT INTO terms (unit_id, name, starts_on) VALUES (1, 'Nhiệm kỳ 2025–2030', '2025-09-29');"
    "INSERT INTO registers (id, unit_id, term_unit_id, name, policy, issuer_abbr, signer_role)"
    " VALUES (1, 2, 1, 'Sổ văn bản đi VPTU', 'party', 'VPTU', 'office-leader');"
    "INSERT INTO edxml_organs (organ_id, name, encrypted, created_at) VALUES"
    " ('000.00.86.T01', 'Tỉnh ủy Vĩnh Long', 0, 'x');"
    "INSERT INTO outgoing (id, register_id, unit_id, doc_type, subject, body, status, drafted_by,"
    " issued_by, issued_date, number, notation) VALUES (1, 1, 2, 'cong_van', 'Về việc chuẩn bị"
    " hội nghị sơ kết công tác văn phòng', 'Kính gửi các cơ quan…', 'issued', 1, 1, '2026-02-27',"
    " 5, '05-CV/VPTU');";

static const db_query q_attach = {
    "bench.edxml_attach",
    "INSERT INTO attachments (doc_kind, doc_id, sha256, filename, mime, size) VALUES"
    " ('out', 1, ?1, ?2, ?3, ?4)",
    NULL};

static int attach(db *d, const char *tmp, size_t n, char fill, const char *name, const char *mime)
{
    char *p = malloc(n);
    memset(p, fill, n);
    memcpy(p, "%PDF-1.4\n", 9);
    char sha[65];
    const char *berr = NULL;
    int rc = blob_put_bytes(config.blob_dir, tmp, p, n, sha, &berr);
    free(p);
    db_stmt *s = rc == 0 ? db_stmt_get(d, &q_attach) : NULL;
    if (!s)
        return -1;
    db_bind_text(s, 1, sha);
    db_bind_text(s, 2, name);
    db_bind_text(s, 3, mime);
    db_bind_int(s, 4, (int64_t)n);
    return db_exec(s) == DB_DONE ? 0 : -1;
}

int cli_bench_edxml(int argc, char **argv)
{
    static const char *const values[] = {"--runs", NULL};
    static const cli_spec spec = {"vanphong bench-edxml", bench_edxml_help, values, NULL, 0, 0};
    int parsed = cli_parse(argc, argv, &spec);
    if (parsed >= 0)
        return parsed;
    const char *rs = cli_opt(argc, argv, "--runs");
    int64_t runs = rs ? strtoll(rs, NULL, 10) : 200;
    if (runs < 5 || runs > 100000) {
        fprintf(stderr, "%s", _("bench-edxml: --runs phải từ 5 đến 100000.\n"));
        return 2;
    }
    char dir[] = "/tmp/vp-bench-edxml-XXXXXX", path[128], blobs[128], tmp[128];
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    snprintf(path, sizeof path, "%s/vanphong.db", dir);
    snprintf(blobs, sizeof blobs, "%s/blobs", dir);
    snprintf(tmp, sizeof tmp, "%s/tmp", dir);
    mkdir(blobs, 0750);
    mkdir(tmp, 0750);
    config.blob_dir = blobs;
    config.tmp_dir = tmp;
    db *d = NULL;
    char *err = NULL;
    int rc = 1;
    if (db_open(path, &d, &err) != 0 || db_migrate(d, &err) != 0 ||
        db_exec_script(d, seed_sql, &err) != 0 ||
        attach(d, tmp, 300 * 1024, 'x', "05-CV-VPTU.pdf", "application/pdf") != 0 ||
        attach(d, tmp, 40 * 1024, 'y', "phu-luc.txt", "text/plain") != 0) {
        fprintf(stderr, "bench-edxml: %s\n", err ? err : "seed");
        goto out;
    }
    app_init();
    int n = (int)runs;
    double *tb = malloc((size_t)(n + 1) * sizeof *tb), *tp = malloc((size_t)(n + 1) * sizeof *tp),
           *tt = malloc((size_t)(n + 1) * sizeof *tt);
    size_t bytes = 0;
    for (int i = 0; i <= n; i++) {
        strbuf b = STRBUF_INIT;
        char *berr = NULL;
        double t0 = now_ms();
        if (db_begin_write(d) != 0 ||
            edxml_build(d, 1, "000.00.86.T01", EDXML_NEW, &b, &berr) != 0 || db_commit(d) != 0) {
            fprintf(stderr, "bench-edxml: %s\n", berr ? berr : "build");
            db_rollback(d);
            free(berr);
            sb_free(&b);
            goto free_out;
        }
        double t1 = now_ms();
        arena *a = arena_new();
        edxml_doc *p;
        edxml_status *s;
        const char *perr;
        int kind = edxml_parse(a, b.buf, b.len, &p, &s, &perr);
        double t2 = now_ms();
        arena_free(&a);
        bytes = b.len;
        sb_free(&b);
        if (kind != 1) {
            fprintf(stderr, "bench-edxml: parse: %s\n", perr);
            goto free_out;
        }
        if (i == 0)
            continue; /* the first run warms the caches */
        tb[i - 1] = t1 - t0;
        tp[i - 1] = t2 - t1;
        tt[i - 1] = t2 - t0;
    }
    report("build", tb, n, bytes);
    report("parse", tp, n, bytes);
    report("build_parse", tt, n, bytes);
    rc = 0;
free_out:
    free(tb);
    free(tp);
    free(tt);
out:
    free(err);
    db_close(&d);
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        rc = 1;
    return rc;
}
