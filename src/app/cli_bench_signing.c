/* `vanphong bench-signing [--runs N]`: the cost of a digital signature and of its verification
 * (issue 18) — pdfsig -add-signature with an NSS key, and pdfsig's check against the trusted
 * CAs — on a one-page PDF, in a temporary data directory with a throw-away CA and signer made
 * by openssl. bench/run.sh calls it; one JSON object a line:
 * {"what":"signing","shape":"sign"|"verify"|"match","runs":N,"p50_ms":…,"p95_ms":…,"p99_ms":…,
 * "max_ms":…,"bytes":…} ("match": the fingerprints of the certificates a signature carries,
 * which a token-signed upload is matched with). The first call of each shape is unmeasured.
 *
 * Then the write lock (issue 18, sigperf): a clerk's registration — a write transaction on a
 * second connection — made while a Ký số is signing, with the signature inside the write
 * transaction as it was ("register_during_sign_locked", it waits ~the signature) and outside it
 * as it is now ("register_during_sign", it goes straight through). */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <jansson.h>

#include "app/app.h"
#include "app/bench_stats.h"
#include "app/cli.h"
#include "base/args.h"
#include "base/config.h"
#include "base/i18n.h"
#include "db/db.h"
#include "jobs/jobs.h"
#include "signing/signing.h"

static const char help[] =
    N_("cách dùng: vanphong bench-signing [--runs N]\n"
       "  Đo thời gian ký số và kiểm tra chữ ký một tệp PDF một trang (mặc định 20 lần mỗi\n"
       "  loại) với một tổ chức cấp và người ký tạm. In các dòng JSON ra stdout.\n");

static const char seed_sql[] =
    "INSERT INTO units (id, parent_id, name, abbr, level, valid_from, created_at, updated_at) "
    "VALUES (1, NULL, 'Thành ủy thử', 'TU', 'TINH', '2025-07-01', 'x', 'x');"
    "INSERT INTO users (id, login, name, role, unit_id, password_hash, created_at, updated_at) "
    "VALUES (1, 'admin', 'Quản trị', 'admin', 1, 'x', 'x', 'x'),"
    " (2, 'chanhvp', 'Chánh Văn phòng', 'office-leader', 1, 'x', 'x', 'x');";

static const char clerk_sql[] =
    "CREATE TABLE IF NOT EXISTS bench_registrations (id INTEGER PRIMARY KEY, at REAL);";

static double now_ms(void);

/* The clerk: waits until the signing has begun, then times one write transaction. */
typedef struct clerk_run {
    const char *path;
    atomic_int started;
    double ms;
    int rc;
} clerk_run;

static const db_query q_register = {"bench.sig_register",
                                    "INSERT INTO bench_registrations (at) VALUES (?1)", NULL};

static void *clerk(void *arg)
{
    clerk_run *r = arg;
    db *d = NULL;
    char *err = NULL;
    r->rc = -1;
    if (db_open(r->path, &d, &err) != 0) {
        free(err);
        return NULL;
    }
    while (!atomic_load(&r->started))
        usleep(1000);
    usleep(20 * 1000); /* inside the signature (pdfsig takes 0.2–0.8 s) */
    double t0 = now_ms();
    if (db_begin_write(d) == 0) {
        db_stmt *st = db_stmt_get(d, &q_register);
        db_bind_double(st, 1, t0);
        r->rc = db_exec(st) == DB_DONE && db_commit(d) == 0 ? 0 : -1;
        if (r->rc != 0)
            db_rollback(d);
    }
    r->ms = now_ms() - t0;
    db_close(&d);
    return NULL;
}

/* One Ký số as before (locked: the signature inside BEGIN IMMEDIATE … COMMIT) or as now (the
 * signature first, then a short transaction), with a clerk registering meanwhile. The clerk's
 * time in ms, or -1. */
static double during_sign(db *d, const char *path, const user *signer, const strbuf *pdf,
                          bool locked)
{
    clerk_run r = {.path = path};
    pthread_t th;
    if (pthread_create(&th, NULL, clerk, &r) != 0)
        return -1;
    strbuf out = STRBUF_INIT;
    char *serr = NULL;
    int rc = 0;
    if (locked && db_begin_write(d) != 0)
        rc = -1;
    atomic_store(&r.started, 1);
    if (rc == 0)
        rc = signing_sign_pdf(d, signer, pdf->buf, pdf->len, &out, &serr);
    if (!locked && rc == 0 && db_begin_write(d) != 0)
        rc = -1;
    if (rc == 0) {
        db_stmt *st = db_stmt_get(d, &q_register);
        db_bind_double(st, 1, now_ms());
        rc = db_exec(st) == DB_DONE && db_commit(d) == 0 ? 0 : -1;
    }
    if (rc != 0)
        db_rollback(d);
    pthread_join(th, NULL);
    free(serr);
    sb_free(&out);
    return rc == 0 && r.rc == 0 ? r.ms : -1;
}

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
        json_pack("{s:s, s:s, s:i, s:f, s:f, s:f, s:f, s:I}", "what", "signing", "shape", shape,
                  "runs", n, "p50_ms", bench_pct(t, n, 0.5), "p95_ms", bench_pct(t, n, 0.95),
                  "p99_ms", bench_pct(t, n, 0.99), "max_ms", t[n - 1], "bytes", (json_int_t)bytes);
    char *s = json_dumps(j, JSON_COMPACT);
    printf("%s\n", s);
    free(s);
    json_decref(j);
}

static cairo_status_t to_strbuf(void *closure, const unsigned char *data, unsigned int len)
{
    sb_add(closure, data, len);
    return CAIRO_STATUS_SUCCESS;
}

/* A one-page A4 document with a few lines of text, made by cairo. */
static void make_pdf(strbuf *out)
{
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_strbuf, out, 595, 842);
    cairo_t *cr = cairo_create(s);
    cairo_select_font_face(cr, "Liberation Serif", CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, 13);
    const char *lines[] = {"ĐẢNG CỘNG SẢN VIỆT NAM", "THÀNH ỦY CẦN THƠ", "Số 15-CV/VPTU",
                           "Về việc chuẩn bị hội nghị sơ kết", "Kính gửi: các đảng ủy trực thuộc."};
    for (int i = 0; i < 5; i++) {
        cairo_move_to(cr, 72, 90 + 24 * i);
        cairo_show_text(cr, lines[i]);
    }
    cairo_show_page(cr);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    cairo_surface_destroy(s);
    /* A CLI run: cairo's font caches (and the fontconfig patterns they hold) are let go, so a
     * leak-checking build reports nothing of theirs. */
    cairo_debug_reset_static_data();
}

static int tool(const char *const argv[])
{
    exec_limits lim = EXEC_DEFAULT_LIMITS;
    strbuf out = STRBUF_INIT;
    char *err = NULL;
    int rc = jobs_exec(argv, NULL, &lim, &out, NULL, &err);
    if (rc != 0)
        fprintf(stderr, "bench-signing: %s: %s\n", argv[0], err ? err : "?");
    free(err);
    sb_free(&out);
    return rc;
}

/* The throw-away CA and signer (openssl, no shell). */
static int make_pki(const char *dir)
{
    char p[8][512];
    const char *names[] = {"ca.key", "ca.pem", "s.key", "s.csr", "s.pem", "ext.cnf", "pw", "s.p12"};
    for (int i = 0; i < 8; i++)
        snprintf(p[i], sizeof p[i], "%s/%s", dir, names[i]);
    FILE *f = fopen(p[5], "w");
    if (!f)
        return -1;
    fputs("basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,nonRepudiation\n", f);
    fclose(f);
    if (!(f = fopen(p[6], "w")))
        return -1;
    fputs("bench", f);
    fclose(f);
    char pass[600];
    snprintf(pass, sizeof pass, "file:%s", p[6]);
    const char *a1[] = {"openssl",  "req",
                        "-x509",    "-newkey",
                        "rsa:2048", "-nodes",
                        "-keyout",  p[0],
                        "-out",     p[1],
                        "-days",    "30",
                        "-subj",    "/CN=Bench CA/O=Bench",
                        "-addext",  "basicConstraints=critical,CA:TRUE",
                        "-addext",  "keyUsage=critical,keyCertSign,cRLSign",
                        NULL};
    const char *a2[] = {"openssl",
                        "req",
                        "-newkey",
                        "rsa:2048",
                        "-nodes",
                        "-keyout",
                        p[2],
                        "-out",
                        p[3],
                        "-subj",
                        "/O=Thanh uy/CN=Chanh Van phong",
                        NULL};
    const char *a3[] = {
        "openssl",         "x509", "-req", "-in",   p[3], "-CA",      p[1], "-CAkey", p[0],
        "-CAcreateserial", "-out", p[4],   "-days", "10", "-extfile", p[5], NULL};
    const char *a4[] = {"openssl", "pkcs12",       "-export",  "-in", p[4],   "-inkey", p[2],
                        "-name",   "bench-signer", "-passout", pass,  "-out", p[7],     NULL};
    return tool(a1) || tool(a2) || tool(a3) || tool(a4) ? -1 : 0;
}

int cli_bench_signing(int argc, char **argv)
{
    static const char *const values[] = {"--runs", NULL};
    static const cli_spec spec = {"vanphong bench-signing", help, values, NULL, 0, 0};
    int parsed = cli_parse(argc, argv, &spec);
    if (parsed >= 0)
        return parsed;
    const char *rs = cli_opt(argc, argv, "--runs");
    int64_t runs = rs ? strtoll(rs, NULL, 10) : 20;
    if (runs < 3 || runs > 10000) {
        fprintf(stderr, "%s", _("bench-signing: --runs phải từ 3 đến 10000.\n"));
        return 2;
    }
    char dir[] = "/tmp/vp-bench-sig-XXXXXX", path[96], tmp[96], blobs[96], p12[96], ca[96];
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    snprintf(path, sizeof path, "%s/vanphong.db", dir);
    snprintf(tmp, sizeof tmp, "%s/tmp", dir);
    snprintf(blobs, sizeof blobs, "%s/blobs", dir);
    snprintf(p12, sizeof p12, "%s/s.p12", dir);
    snprintf(ca, sizeof ca, "%s/ca.pem", dir);
    mkdir(tmp, 0700);
    mkdir(blobs, 0700);
    config.data_dir = dir;
    config.tmp_dir = tmp;
    config.blob_dir = blobs;
    db *d = NULL;
    char *err = NULL;
    int rc = 1;
    arena *a = arena_new();
    strbuf pdf = STRBUF_INIT, out = STRBUF_INIT;
    double *t = NULL;
    if (db_open(path, &d, &err) != 0 || db_migrate(d, &err) != 0 ||
        db_exec_script(d, seed_sql, &err) != 0 || signing_nss_init(dir, &err) != 0 ||
        make_pki(dir) != 0) {
        fprintf(stderr, "bench-signing: %s\n", err ? err : "setup");
        goto done;
    }
    user admin = {.id = 1, .login = "admin", .name = "admin", .role = ROLE_ADMIN, .unit_id = 1};
    user signer = {
        .id = 2, .login = "chanhvp", .name = "chanhvp", .role = ROLE_OFFICE_LEADER, .unit_id = 1};
    ctx c = {.a = a, .db = d, .user = &admin, .data_dir = dir};
    const char *ierr;
    int status;
    if (signing_import_ca(&c, ca, &ierr, &status) < 0 ||
        signing_import_signer(&c, 2, p12, "bench", &ierr, &status) < 0) {
        fprintf(stderr, "bench-signing: import: %s\n", ierr);
        goto done;
    }
    make_pdf(&pdf);
    int n = (int)runs;
    t = malloc((size_t)n * sizeof *t);
    char *serr = NULL;
    for (int i = -1; i < n; i++) {
        double t0 = now_ms();
        if (signing_sign_pdf(d, &signer, pdf.buf, pdf.len, &out, &serr) != 0) {
            fprintf(stderr, "bench-signing: sign: %s\n", serr ? serr : "?");
            free(serr);
            goto done;
        }
        if (i >= 0)
            t[i] = now_ms() - t0;
    }
    report("sign", t, n, pdf.len);
    sig_result r;
    for (int i = -1; i < n; i++) {
        double t0 = now_ms();
        signing_verify_bytes(d, a, out.buf, out.len, &r);
        if (i >= 0)
            t[i] = now_ms() - t0;
        if (r.status != SIG_VALID) {
            fprintf(stderr, "bench-signing: verify: %s\n", sig_status_code(r.status));
            goto done;
        }
    }
    report("verify", t, n, out.len);
    /* The match of a token-signed upload to its signer: the certificates' fingerprints. */
    for (int i = -1; i < n; i++) {
        double t0 = now_ms();
        const char **fps;
        if (signing_pdf_cert_fingerprints(a, out.buf, out.len, &fps) < 1) {
            fprintf(stderr, "bench-signing: no certificate in the signature\n");
            goto done;
        }
        if (i >= 0)
            t[i] = now_ms() - t0;
    }
    report("match", t, n, out.len);
    /* The write lock: a few runs each (every one is a whole signature). */
    if (db_exec_script(d, clerk_sql, &err) != 0) {
        fprintf(stderr, "bench-signing: %s\n", err ? err : "clerk table");
        goto done;
    }
    int m = n < 5 ? n : 5;
    for (int locked = 1; locked >= 0; locked--) {
        for (int i = 0; i < m; i++) {
            t[i] = during_sign(d, path, &signer, &pdf, locked);
            if (t[i] < 0) {
                fprintf(stderr, "bench-signing: registration during Ký số failed\n");
                goto done;
            }
        }
        report(locked ? "register_during_sign_locked" : "register_during_sign", t, m, pdf.len);
    }
    rc = 0;
done:
    free(t);
    free(err);
    sb_free(&pdf);
    sb_free(&out);
    arena_free(&a);
    db_close(&d);
    char *rm[] = {"rm", "-rf", dir, NULL};
    tool((const char *const *)rm);
    return rc;
}
