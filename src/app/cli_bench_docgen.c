/* `vanphong bench-docgen [--runs N] [--out FILE]`: the render time of a two-page Party
 * document (PDF/A-2b through cairo, pango and ghostscript; DOCX through libzip) on a fresh
 * temporary database with a synthetic office. Prints JSON lines {"what":"docgen","shape":
 * "pdf_2_pages"|"docx_2_pages","runs":N,"pages":2,"p50_ms":…,"p95_ms":…,"max_ms":…}; --out
 * keeps the last PDF (to inspect it with pdffonts, pdftotext, veraPDF). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "app/app.h"
#include "app/bench_stats.h"
#include "app/cli.h"
#include "base/args.h"
#include "base/i18n.h"
#include "db/db.h"
#include "docgen/docgen.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void report(const char *shape, double *t, int n)
{
    qsort(t, (size_t)n, sizeof *t, bench_cmp_double);
    json_t *j = json_pack("{s:s, s:s, s:i, s:i, s:f, s:f, s:f}", "what", "docgen", "shape", shape,
                          "runs", n, "pages", 2, "p50_ms", bench_pct(t, n, 0.5), "p95_ms",
                          bench_pct(t, n, 0.95), "max_ms", t[n - 1]);
    char *s = json_dumps(j, JSON_COMPACT);
    printf("%s\n", s);
    free(s);
    json_decref(j);
}

static const char seed_sql[] =
    "INSERT INTO units (id, parent_id, name, abbr, level, valid_from, created_at, updated_at)"
    " VALUES (1, NULL, 'Thành ủy Cần Thơ', 'TU', 'TINH', '2025-07-01', 'x', 'x'),"
    " (2, 1, 'Văn phòng Thành ủy Cần Thơ', 'VPTU', 'BAN', '2025-07-01', 'x', 'x'),"
    " (3, 1, 'Ban Tổ chức Thành ủy Cần Thơ', 'BTCTU', 'BAN', '2025-07-01', 'x', 'x');"
    "INSERT INTO staff (id, unit_id, full_name, position, created_at, updated_at)"
    " VALUES (1, 2, 'Phạm Quốc Bảo', 'Chánh Văn phòng Thành ủy', 'x', 'x');"
    "INSERT INTO users (id, login, name, role, unit_id, staff_id, password_hash, created_at,"
    " updated_at) VALUES (1, 'chanhvp', 'Phạm Quốc Bảo', 'office-leader', 2, 1, 'x', 'x', 'x'),"
    " (2, 'chuyenvien', 'Nguyễn Thị Mai Anh', 'specialist', 2, NULL, 'x', 'x', 'x');"
    "INSERT INTO registers (id, unit_id, term_unit_id, name, policy, issuer_abbr, signer_role)"
    " VALUES (1, 2, 1, 'Sổ văn bản đi VPTU', 'party', 'VPTU', 'office-leader');"
    "INSERT INTO outgoing (id, register_id, unit_id, doc_type, subject, body, status, drafted_by,"
    " signer_id, copies) VALUES (1, 1, 2, 'ke_hoach', 'Tổ chức hội nghị sơ kết công tác văn"
    " phòng cấp ủy năm 2026', '', 'draft', 2, 1, 30);"
    "INSERT INTO outgoing_recipients (outgoing_id, unit_id, name) VALUES"
    " (1, 3, 'Ban Tổ chức Thành ủy'), (1, NULL, 'Các đảng ủy phường, xã');";

static const char para[] =
    "Thực hiện Chương trình công tác năm 2026 của Ban Thường vụ Thành ủy, Văn phòng Thành ủy "
    "xây dựng kế hoạch tổ chức hội nghị sơ kết công tác văn phòng cấp ủy, nhằm đánh giá kết quả "
    "tham mưu, giúp việc, phục vụ cấp ủy, rút ra những bài học kinh nghiệm, đề ra nhiệm vụ, giải "
    "pháp nâng cao chất lượng công tác văn phòng cấp ủy trong thời gian tới.";
static const db_query q_body = {"bench.docgen_body", "UPDATE outgoing SET body = ?1 WHERE id = 1",
                                NULL};

static const char bench_dg_help[] =
    N_("cách dùng: vanphong bench-docgen [--runs N] [--out FILE]\n"
       "  Đo thời gian dựng văn bản hai trang (PDF/A, DOCX) trên một cơ sở dữ liệu tạm; in "
       "các dòng JSON.\n");

int cli_bench_docgen(int argc, char **argv)
{
    static const char *const values[] = {"--runs", "--out", NULL};
    static const cli_spec spec = {"vanphong bench-docgen", bench_dg_help, values, NULL, 0, 0};
    int parsed = cli_parse(argc, argv, &spec);
    if (parsed >= 0)
        return parsed;
    const char *rs = cli_opt(argc, argv, "--runs"), *outp = cli_opt(argc, argv, "--out");
    int64_t runs = rs ? strtoll(rs, NULL, 10) : 20;
    if (runs < 2 || runs > 10000) {
        fprintf(stderr, "%s", _("bench-docgen: --runs phải từ 2 đến 10000.\n"));
        return 2;
    }
    char dir[] = "/tmp/vp-bench-dg-XXXXXX", path[64];
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    snprintf(path, sizeof path, "%s/vanphong.db", dir);
    db *d = NULL;
    char *err = NULL;
    int rc = 1;
    app_init();
    if (db_open(path, &d, &err) != 0 || db_migrate(d, &err) != 0 ||
        db_exec_script(d, seed_sql, &err) != 0) {
        fprintf(stderr, "bench-docgen: %s\n", err ? err : "db");
        goto out;
    }
    strbuf body = STRBUF_INIT;
    for (int i = 0; i < 9; i++) { /* nine paragraphs and the blocks fill two A4 pages */
        sb_adds(&body, para);
        sb_adds(&body, "\n");
    }
    db_stmt *s = db_stmt_get(d, &q_body);
    db_bind_text(s, 1, body.buf);
    db_exec(s);
    sb_free(&body);
    int n = (int)runs;
    double *t = malloc((size_t)n * sizeof *t);
    strbuf pdf = STRBUF_INIT;
    for (int i = 0; i < n; i++) {
        sb_reset(&pdf);
        double t0 = now_ms();
        if (docgen_pdf(d, 1, &pdf, &err) != 0) {
            fprintf(stderr, "bench-docgen: %s\n", err ? err : "pdf");
            free(t);
            sb_free(&pdf);
            goto out;
        }
        t[i] = now_ms() - t0;
    }
    report("pdf_2_pages", t, n);
    if (outp) {
        FILE *f = fopen(outp, "wb");
        if (f) {
            fwrite(pdf.buf, 1, pdf.len, f);
            fclose(f);
        }
    }
    sb_free(&pdf);
    strbuf docx = STRBUF_INIT;
    for (int i = 0; i < n; i++) {
        sb_reset(&docx);
        double t0 = now_ms();
        docgen_docx(d, 1, &docx, NULL);
        t[i] = now_ms() - t0;
    }
    report("docx_2_pages", t, n);
    sb_free(&docx);
    free(t);
    rc = 0;
out:
    free(err);
    db_close(&d);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "%s/vanphong.db-wal", dir);
    unlink(cmd);
    snprintf(cmd, sizeof cmd, "%s/vanphong.db-shm", dir);
    unlink(cmd);
    unlink(path);
    rmdir(dir);
    return rc;
}
