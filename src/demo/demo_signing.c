/* The demo office's digital signatures (issue 18): a stand-in certification authority ("mô
 * phỏng", made with openssl at init — never a real Ban Cơ yếu certificate) and a key for the
 * Chánh Văn phòng, imported by the administrator through the signing service; one công văn
 * drafted, approved, signed digitally (numbered first) and issued through the services, so the
 * register shows "Chữ ký số: Hợp lệ"; and the approved document waiting for the Chánh Văn
 * phòng gets its PDF, so that "Ký số" can be tried on it. The PDFs are drawn with cairo (until
 * docgen's Party layout is wired in at merge). Does nothing when a credential exists. */
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <sodium.h>

#include "auth/auth.h"
#include "base/clock.h"
#include "base/config.h"
#include "catalog/catalog.h"
#include "jobs/jobs.h"
#include "outgoing/outgoing.h"
#include "signing/signing.h"

static const db_query q_any = {"demo.sig_any", "SELECT 1 FROM signing_credentials LIMIT 1", NULL};
static const db_query q_user = {"demo.sig_user", "SELECT id FROM users WHERE login = ?1", NULL};
/* The VPTU register and the approved document waiting for its office leader. */
static const db_query q_register = {
    "demo.sig_register",
    "SELECT r.id FROM registers r JOIN units u ON u.id = r.unit_id WHERE r.issuer_abbr = 'VPTU' "
    "AND r.active = 1 ORDER BY r.id LIMIT 1",
    NULL};
static const db_query q_waiting = {
    "demo.sig_waiting",
    "SELECT o.id FROM outgoing o WHERE o.status = 'approved' AND o.register_id = ?1 "
    "ORDER BY o.id LIMIT 1",
    NULL};

typedef struct who {
    user u;
    ctx c;
} who;

static bool load(arena *a, db *d, const char *login, who *w)
{
    db_stmt *s = db_stmt_get(d, &q_user);
    if (!s)
        return false;
    db_bind_text(s, 1, login);
    int64_t id = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
    db_reset(s);
    ctx probe = {.a = a, .db = d, .data_dir = config.data_dir};
    const user *u = id ? auth_user_load(&probe, id) : NULL;
    if (!u)
        return false;
    w->u = *u;
    w->c = (ctx){.a = a, .db = d, .user = &w->u, .data_dir = config.data_dir};
    return true;
}

static int64_t one(db *d, const db_query *q, int64_t arg)
{
    db_stmt *s = db_stmt_get(d, q);
    if (!s)
        return 0;
    if (arg)
        db_bind_int(s, 1, arg);
    int64_t v = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
    db_reset(s);
    return v;
}

static int fail(char **err_r, const char *what, const char *detail)
{
    if (asprintf(err_r, "signing demo: %s: %s", what, detail ? detail : "?") < 0)
        *err_r = NULL;
    return -1;
}

static int tool(const char *const argv[], char **err_r)
{
    exec_limits lim = EXEC_DEFAULT_LIMITS;
    strbuf out = STRBUF_INIT;
    int rc = jobs_exec(argv, NULL, &lim, &out, NULL, err_r);
    sb_free(&out);
    return rc;
}

/* ---- a one-page document drawn with cairo ---- */

static cairo_status_t to_strbuf(void *closure, const unsigned char *data, unsigned int len)
{
    sb_add(closure, data, len);
    return CAIRO_STATUS_SUCCESS;
}

static void draw(strbuf *out, const char *notation, const char *date, const char *subject)
{
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_strbuf, out, 595, 842);
    cairo_t *cr = cairo_create(s);
    cairo_select_font_face(cr, "Liberation Serif", CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_NORMAL);
    char num[160], day[120];
    snprintf(num, sizeof num, "Số %s", notation && *notation ? notation : "      -CV/VPTU");
    snprintf(day, sizeof day, "Cần Thơ, ngày %s", date && *date ? date : "     ");
    const struct {
        double x, y, size;
        const char *t;
    } lines[] = {
        {70, 70, 12, "THÀNH ỦY CẦN THƠ"},
        {330, 70, 13, "ĐẢNG CỘNG SẢN VIỆT NAM"},
        {70, 88, 12, "VĂN PHÒNG"},
        {330, 92, 12, day},
        {70, 106, 12, num},
        {70, 150, 13, subject},
        {70, 190, 13, "Kính gửi: Các đảng ủy trực thuộc Thành ủy."},
        {330, 300, 12, "T/L BAN THƯỜNG VỤ"},
        {330, 318, 12, "CHÁNH VĂN PHÒNG"},
    };
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        cairo_set_font_size(cr, lines[i].size);
        cairo_move_to(cr, lines[i].x, lines[i].y);
        cairo_show_text(cr, lines[i].t);
    }
    cairo_show_page(cr);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    cairo_surface_destroy(s);
}

/* The renderer while the demo signs (signing_renderer_set): the number and date it is about to
 * take are given (docgen_as); the row does not have them yet. */
static ctx *render_ctx;
static int render(db *d, int64_t id, const docgen_as *as, strbuf *out, char **err_r)
{
    (void)d;
    *err_r = NULL;
    const outgoing *o = render_ctx ? outgoing_get(render_ctx, id) : NULL;
    if (!o || !as) {
        *err_r = strdup("no document");
        return -1;
    }
    char date[16] = "";
    if (as->issued_date)
        clock_date_vn(as->issued_date, date, sizeof date);
    draw(out, as->notation, date, o->subject);
    return 0;
}

/* The stand-in CA and the Chánh Văn phòng's key, imported as the administrator would. */
static int make_keys(who *admin, int64_t signer_id, char **err_r)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/demo-pki-XXXXXX", config.tmp_dir ? config.tmp_dir : "/tmp");
    if (!mkdtemp(dir))
        return fail(err_r, "mkdtemp", dir);
    char p[8][4200], pass[4300];
    const char *names[] = {"ca.key", "ca.pem", "s.key", "s.csr", "s.pem", "ext.cnf", "pw", "s.p12"};
    for (int i = 0; i < 8; i++)
        snprintf(p[i], sizeof p[i], "%s/%s", dir, names[i]);
    snprintf(pass, sizeof pass, "file:%s", p[6]);
    /* A demo password: random, used once, gone with the directory. */
    unsigned char rnd[12];
    char pw[32];
    randombytes_buf(rnd, sizeof rnd);
    sodium_bin2hex(pw, sizeof pw, rnd, sizeof rnd);
    FILE *f = fopen(p[5], "w");
    int rc = -1;
    if (f) {
        fputs("basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,nonRepudiation\n", f);
        fclose(f);
    }
    int fd = open(p[6], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    bool written = fd >= 0 && write(fd, pw, strlen(pw)) == (ssize_t)strlen(pw);
    if (fd >= 0)
        close(fd);
    if (!f || !written) {
        fail(err_r, "temporary files", dir);
        goto out;
    }
    const char *a1[] = {"openssl",
                        "req",
                        "-x509",
                        "-newkey",
                        "rsa:2048",
                        "-nodes",
                        "-keyout",
                        p[0],
                        "-out",
                        p[1],
                        "-days",
                        "1095",
                        "-utf8",
                        "-subj",
                        "/O=Ban Cơ yếu Chính phủ (mô phỏng)/CN=CA chữ ký số chuyên dùng (mô phỏng)",
                        "-addext",
                        "basicConstraints=critical,CA:TRUE",
                        "-addext",
                        "keyUsage=critical,keyCertSign,cRLSign",
                        NULL};
    const char *a2[] = {"openssl",  "req",    "-newkey",
                        "rsa:2048", "-nodes", "-keyout",
                        p[2],       "-out",   p[3],
                        "-utf8",    "-subj",  "/O=Văn phòng Thành ủy Cần Thơ/CN=Phạm Quốc Bảo",
                        NULL};
    const char *a3[] = {
        "openssl",         "x509", "-req", "-in",   p[3],  "-CA",      p[1], "-CAkey", p[0],
        "-CAcreateserial", "-out", p[4],   "-days", "730", "-extfile", p[5], NULL};
    const char *a4[] = {"openssl", "pkcs12",        "-export",  "-in", p[4],   "-inkey", p[2],
                        "-name",   "chanhvp-ky-so", "-passout", pass,  "-out", p[7],     NULL};
    const char *e = NULL;
    int st;
    if (tool(a1, err_r) || tool(a2, err_r) || tool(a3, err_r) || tool(a4, err_r))
        goto out;
    if (signing_import_ca(&admin->c, p[1], &e, &st) < 0 ||
        signing_import_signer(&admin->c, signer_id, p[7], pw, &e, &st) < 0) {
        fail(err_r, "import", e);
        goto out;
    }
    rc = 0;
out:
    sodium_memzero(pw, sizeof pw);
    for (int i = 0; i < 8; i++)
        unlink(p[i]);
    snprintf(p[0], sizeof p[0], "%s/ca.srl", dir);
    unlink(p[0]);
    rmdir(dir);
    return rc;
}

/* The PDF of the approved document waiting for its signer, uploaded by its drafter's office
 * (through the attachment path, which verifies it: unsigned, for reference only). */
static int attach_pdf(who *w, const outgoing *o, char **err_r)
{
    strbuf pdf = STRBUF_INIT;
    draw(&pdf, NULL, NULL, o->subject);
    char path[4200];
    snprintf(path, sizeof path, "%s/demo-sig-XXXXXX", config.tmp_dir ? config.tmp_dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0 || write(fd, pdf.buf, pdf.len) != (ssize_t)pdf.len) {
        if (fd >= 0)
            close(fd), unlink(path);
        sb_free(&pdf);
        return fail(err_r, "temporary file", path);
    }
    close(fd);
    http_upload u = {.field = "file",
                     .filename = "du-thao-trinh-ky.pdf",
                     .tmp_path = path,
                     .size = (int64_t)pdf.len};
    unsigned char dig[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(dig, (const unsigned char *)pdf.buf, pdf.len);
    sodium_bin2hex(u.sha256_hex, sizeof u.sha256_hex, dig, sizeof dig);
    sb_free(&pdf);
    const char *e;
    int st;
    int64_t aid = outgoing_attach(&w->c, o->id, &u, &e, &st);
    unlink(path); /* moved into the store on success */
    return aid < 0 ? fail(err_r, "attach", e) : 0;
}

int demo_signing_seed(db *d, char **err_r)
{
    *err_r = NULL;
    if (one(d, &q_any, 0))
        return 0;
    arena *a = arena_new();
    who admin, boss, drafter, clerk;
    int rc = -1;
    char *e = NULL;
    if (!load(a, d, "admin", &admin) || !load(a, d, "chanhvp", &boss) ||
        !load(a, d, "chuyenvien", &drafter) || !load(a, d, "vanthu", &clerk)) {
        rc = 0; /* not the demo office: nothing to do */
        goto out;
    }
    if (signing_nss_init(config.data_dir, &e) != 0) {
        fail(err_r, "NSS database", e);
        goto out;
    }
    if (make_keys(&admin, boss.u.id, err_r) != 0)
        goto out;
    int64_t reg = one(d, &q_register, 0);
    if (!reg) {
        rc = 0;
        goto out;
    }
    /* The approved document waiting for the Chánh Văn phòng: its PDF. */
    int64_t waiting = one(d, &q_waiting, reg);
    const outgoing *w = waiting ? outgoing_get(&drafter.c, waiting) : NULL;
    if (w && attach_pdf(&drafter, w, err_r) != 0)
        goto out;
    /* A công văn drafted, approved, signed digitally and issued. */
    out_recipient_in rec[1] = {{.name = "Các đảng ủy trực thuộc Thành ủy"}};
    out_draft in = {.register_id = reg,
                    .doc_type = "cong_van",
                    .subject = "Về việc triển khai sử dụng chữ ký số trên văn bản điện tử",
                    .body = "Kính gửi: Các đảng ủy trực thuộc Thành ủy.\nThực hiện Quy định "
                            "217-QĐ/TW, Văn phòng Thành ủy đề nghị các đảng ủy trực thuộc sử "
                            "dụng chữ ký số trên văn bản điện tử gửi qua hệ thống; văn bản điện "
                            "tử chưa ký số chỉ có giá trị tham khảo.",
                    .recipients = rec,
                    .n_recipients = 1,
                    .copies = 1};
    const char *se;
    int st;
    long number;
    const char *notation, *note;
    int64_t id = outgoing_create(&drafter.c, &in, &se, &st);
    if (id < 0 || outgoing_approve(&boss.c, id, NULL, &se, &st) != 0) {
        fail(err_r, "draft", se);
        goto out;
    }
    render_ctx = &boss.c;
    signing_render_fn prev = signing_renderer();
    signing_renderer_set(render);
    int64_t aid = signing_sign_outgoing(&boss.c, id, &se, &st);
    signing_renderer_set(prev);
    render_ctx = NULL;
    if (aid < 0) {
        fail(err_r, "sign", se);
        goto out;
    }
    if (outgoing_issue(&clerk.c, id, &number, &notation, &note, &se, &st) != 0) {
        fail(err_r, "issue", se);
        goto out;
    }
    rc = 0;
out:
    free(e);
    arena_free(&a);
    return rc;
}
