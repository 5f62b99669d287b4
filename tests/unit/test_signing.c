/* Digital signatures (signing.h): pdfsig's reports parsed into the right verdicts; then, with the
 * real tools, a throw-away CA and signer imported, an approved document signed through the
 * renderer hook (the way docgen is wired), numbered first and verified valid; a failing render
 * takes no number and leaves the document approved; a user who is not the signer is refused. */
#include "test_outgoing_fixture.h"

#include <ftw.h>
#include <sys/stat.h>

#include "base/i18n.h"
#include "base/clock.h"
#include "catalog/catalog.h"
#include "docgen/docgen.h"
#include "files/blob.h"
#include "files/files.h"
#include "jobs/jobs.h"
#include "numbering/numbering.h"
#include "outgoing/outgoing.h"
#include "signing/signing.h"

static const db_query q_seq = {"t.sig_seq", "SELECT COALESCE(SUM(last_number), 0) FROM number_seq",
                               NULL};
static const db_query q_sigs = {"t.sig_rows", "SELECT count(*) FROM signatures", NULL};
static const db_query q_check_jobs = {
    "t.sig_jobs", "SELECT count(*) FROM jobs WHERE kind = 'signature_check' AND state = 'queued'",
    NULL};
static const db_query q_last_sign = {
    "t.sig_audit",
    "SELECT after_json FROM audit_log WHERE action = 'signing.sign' ORDER BY id DESC", NULL};

static const char valid_report[] =
    "Digital Signature Info of: x.pdf\n"
    "Signature #1:\n"
    "  - Signature Field Name: AB\n"
    "  - Signer Certificate Common Name: Nguyễn Văn An\n"
    "  - Signer full Distinguished Name: O=Thành ủy Cần Thơ\\, TP,CN=Nguyễn Văn An\n"
    "  - Signing Time: Dec 03 2026 13:01:21\n"
    "  - Signing Hash Algorithm: SHA-256\n"
    "  - Signature Type: adbe.pkcs7.detached\n"
    "  - Signed Ranges: [0 - 479712], [484398 - 484895]\n"
    "  - Total document signed\n"
    "  - Signature Validation: Signature is Valid.\n"
    "  - Certificate Validation: Certificate is Trusted.\n";

static void parse_reports(void **state)
{
    (void)state;
    arena *a = arena_new();
    sig_result r;
    signing_parse_report(a, valid_report, 0, &r);
    assert_int_equal(r.status, SIG_VALID);
    assert_int_equal(r.n_signatures, 1);
    assert_string_equal(r.signer, "Nguyễn Văn An");
    assert_string_equal(r.organisation, "Thành ủy Cần Thơ, TP"); /* "\," unescaped */
    assert_string_equal(r.signed_at, "2026-12-03T13:01:21Z");
    assert_true(r.whole);
    assert_null(r.reason);

    /* One byte changed inside the signed range. */
    char *t = arena_strdup(a, valid_report);
    char *p = strstr(t, "Signature is Valid.");
    memcpy(p, "Digest Mismatch.   ", 19);
    signing_parse_report(a, t, 0, &r);
    assert_int_equal(r.status, SIG_INVALID);
    assert_string_equal(r.reason, "nội dung văn bản đã bị thay đổi sau khi ký");

    /* Bytes appended after the signature (an incremental update). */
    t = arena_strdup(a, valid_report);
    p = strstr(t, "  - Total document signed");
    memcpy(p, "  - Not total document signed", 29);
    signing_parse_report(a, t, 0, &r);
    assert_int_equal(r.status, SIG_INVALID);
    assert_false(r.whole);

    /* Unknown CA, expired and revoked certificates. */
    const struct {
        const char *line, *cert;
        sig_status st;
    } certs[] = {
        {"Certificate issuer is unknown.", "unknown_issuer", SIG_UNTRUSTED},
        {"Certificate issuer isn't Trusted.", "untrusted_issuer", SIG_UNTRUSTED},
        {"Certificate has Expired", "expired", SIG_INVALID},
        {"Certificate has been Revoked.", "revoked", SIG_INVALID},
    };
    for (size_t i = 0; i < sizeof certs / sizeof certs[0]; i++) {
        strbuf b = STRBUF_INIT;
        const char *cut = strstr(valid_report, "Certificate is Trusted.");
        sb_add(&b, valid_report, (size_t)(cut - valid_report));
        sb_adds(&b, certs[i].line);
        signing_parse_report(a, sb_str(&b), 0, &r);
        sb_free(&b);
        assert_int_equal(r.status, certs[i].st);
        assert_string_equal(r.cert_status, certs[i].cert);
        assert_non_null(r.reason);
    }

    /* No signature at all; not a PDF pdfsig can read. */
    signing_parse_report(a, "File 'x.pdf' does not contain any signatures\n", 2, &r);
    assert_int_equal(r.status, SIG_UNSIGNED);
    signing_parse_report(a, "", 1, &r);
    assert_int_equal(r.status, SIG_ERROR);
    arena_free(&a);
}

/* ---- with the real tools ---- */

static const char *fx_pdf_path;
static int render_ok(db *d, int64_t id, const docgen_as *as, strbuf *out, char **err_r)
{
    (void)d, (void)id, (void)as;
    *err_r = NULL;
    FILE *fp = fopen(fx_pdf_path, "rb");
    if (!fp)
        return -1;
    char buf[8192];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
        sb_add(out, buf, n);
    fclose(fp);
    return 0;
}
static int render_fail(db *d, int64_t id, const docgen_as *as, strbuf *out, char **err_r)
{
    (void)d, (void)id, (void)out, (void)as;
    *err_r = strdup("Không dựng được trang (thử).");
    return -1;
}

static void sh(const char *dir, const char *cmd)
{
    char line[4096];
    snprintf(line, sizeof line, "cd %s && (%s) >/dev/null 2>&1", dir, cmd);
    if (system(line) != 0)
        fail_msg("failed: %s", cmd);
}

/* A PDF attached gets a queued "signature_check" job, not a verdict: pending on the page and the
 * register until the job runs (pdfsig outside any transaction). The same bytes twice: one job. */
static void check_as_job(struct fx *f, const char *pdf_path)
{
    const char *serr;
    int status;
    out_draft in = {.register_id = 1,
                    .doc_type = "cong_van",
                    .subject = "Về việc kiểm tra chữ ký",
                    .body = "Kính gửi…",
                    .recipients = &(out_recipient_in){.name = "Báo Cần Thơ"},
                    .n_recipients = 1};
    int64_t id = outgoing_create(&f->c[P_SPEC], &in, &serr, &status);
    assert_true(id > 0);
    strbuf b = STRBUF_INIT;
    FILE *fp = fopen(pdf_path, "rb");
    assert_non_null(fp);
    char buf[8192];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
        sb_add(&b, buf, n);
    fclose(fp);
    char sha[65];
    const char *berr;
    assert_int_equal(blob_put_bytes(f->blobs, f->tmp, b.buf, b.len, sha, &berr), 0);
    int64_t jobs0 = fx_value(f, &q_check_jobs);
    ctx *c = &f->c[P_SPEC];
    assert_int_equal(db_begin_write(c->db), 0);
    assert_true(attach_link(c, "out", id, sha, "a.pdf", "application/pdf", (int64_t)b.len) > 0);
    assert_true(attach_link(c, "out", id, sha, "b.pdf", "application/pdf", (int64_t)b.len) > 0);
    assert_int_equal(db_commit(c->db), 0);
    sb_free(&b);
    assert_int_equal(fx_value(f, &q_check_jobs), jobs0 + 1);
    sig_result r;
    assert_false(signing_result(c->db, c->a, sha, &r));
    bool has = false;
    assert_int_equal(signing_doc_status(c, "out", id, &has), SIG_PENDING);
    assert_true(has);
    assert_string_equal(signing_register_mark(c, "out", id), "Đang kiểm tra chữ ký số");
    signing_pending(&r);
    assert_string_equal(signing_mark(c, &r), "Đang kiểm tra chữ ký số");
    db_thread_init(f->dbpath); /* the jobs run on the thread's own connection */
    assert_true(jobs_run_pending(50, f->dir) >= 1);
    db_thread_close();
    assert_int_equal(fx_value(f, &q_check_jobs), 0);
    assert_true(signing_result(c->db, c->a, sha, &r));
    assert_int_equal(r.status, SIG_UNSIGNED);
    assert_int_equal(signing_doc_status(c, "out", id, &has), SIG_UNSIGNED);
}

/* Regular files under the blob store (nftw: the store fans out into sub-directories). */
static int n_files;
static int count_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)path, (void)st, (void)ftw;
    if (type == FTW_F)
        n_files++;
    return 0;
}
static int blob_count(const char *dir)
{
    n_files = 0;
    nftw(dir, count_one, 16, FTW_PHYS);
    return n_files;
}
static const db_query q_checks = {"t.sig_checks", "SELECT count(*) FROM signature_checks", NULL};
static const db_query q_atts = {"t.sig_atts", "SELECT count(*) FROM attachments", NULL};

/* The seam: another registration takes the number between the render and the commit (once). */
static struct fx *seam_fx;
static int seam_calls;
static void take_number(ctx *c, int64_t id)
{
    (void)id;
    if (seam_calls++ > 0)
        return;
    ctx *clerk = &seam_fx->c[P_CLERK];
    const doc_register *reg = catalog_register_get(clerk, 1);
    assert_non_null(reg);
    char today[16];
    clock_vn_today(today, sizeof today);
    long n;
    const char *notation, *err;
    assert_int_equal(db_begin_write(clerk->db), 0);
    assert_int_equal(
        numbering_allocate(clerk, reg, "cong_van", 0, today, &n, &notation, NULL, &err), 0);
    assert_int_equal(db_commit(clerk->db), 0);
    (void)c;
}

/* Ký số renders with the number it would take, outside the lock; when another registration took
 * that number meanwhile, it redoes with the next — and the signed page shows the number stored. */
static void race_for_the_number(struct fx *f)
{
    const char *serr;
    int status;
    out_draft in = {.register_id = 1,
                    .doc_type = "cong_van",
                    .subject = "Về việc ký số khi sổ đang bận",
                    .body = "Kính gửi các đảng ủy trực thuộc.",
                    .recipients = &(out_recipient_in){.name = "Báo Cần Thơ"},
                    .n_recipients = 1};
    int64_t id = outgoing_create(&f->c[P_SPEC], &in, &serr, &status);
    assert_true(id > 0);
    assert_int_equal(outgoing_approve(&f->c[P_OFFICE], id, NULL, &serr, &status), 0);
    int64_t seq0 = fx_value(f, &q_seq);
    int blobs0 = blob_count(f->blobs);
    int64_t checks0 = fx_value(f, &q_checks), atts0 = fx_value(f, &q_atts),
            sigs0 = fx_value(f, &q_sigs);
    signing_renderer_set(docgen_pdf_as);
    seam_fx = f;
    seam_calls = 0;
    signing_test_seam_set(take_number);
    int64_t aid = signing_sign_outgoing(&f->c[P_OFFICE], id, &serr, &status);
    signing_test_seam_set(NULL);
    signing_renderer_set(NULL);
    if (aid < 0)
        fail_msg("sign: %d %s", status, serr);
    assert_int_equal(seam_calls, 2); /* rendered and signed twice */
    /* The discarded attempt's signed PDF left nothing behind: one blob, one attachment, one
     * verdict and one signature row — the kept attempt's. */
    assert_int_equal(blob_count(f->blobs), blobs0 + 1);
    assert_int_equal(fx_value(f, &q_atts), atts0 + 1);
    assert_int_equal(fx_value(f, &q_checks), checks0 + 1);
    assert_int_equal(fx_value(f, &q_sigs), sigs0 + 1);
    assert_int_equal(fx_value(f, &q_seq), seq0 + 2); /* the other's number and ours, no gap */
    const outgoing *o = outgoing_get(&f->c[P_OFFICE], id);
    assert_int_equal(o->status, OUT_SIGNED);
    assert_non_null(o->notation);
    /* The audit says two attempts. */
    db_stmt *s = db_stmt_get(f->c[P_OFFICE].db, &q_last_sign);
    assert_int_equal(db_step(s), DB_ROW);
    json_t *after = json_loads(db_col_text(s, 0), 0, NULL);
    assert_non_null(after);
    assert_int_equal(json_integer_value(json_object_get(after, "attempts")), 2);
    assert_int_equal(json_integer_value(json_object_get(after, "number")), o->number);
    json_decref(after);
    db_reset(s);
    /* The page of the signed PDF carries the number finally stored. */
    sig_result r;
    bool has;
    assert_int_equal(signing_doc_status(&f->c[P_OFFICE], "out", id, &has), SIG_VALID);
    const char *sha = NULL;
    static const db_query q_att = {"t.sig_att", "SELECT sha256 FROM attachments WHERE id = ?1",
                                   NULL};
    s = db_stmt_get(f->c[P_OFFICE].db, &q_att);
    db_bind_int(s, 1, aid);
    assert_int_equal(db_step(s), DB_ROW);
    sha = arena_strdup(f->a, db_col_text(s, 0));
    db_reset(s);
    assert_true(signing_result(f->c[P_OFFICE].db, f->a, sha, &r));
    assert_int_equal(r.status, SIG_VALID);
    char path[4200], cmd[8600];
    blob_path(f->blobs, sha, path, sizeof path);
    snprintf(cmd, sizeof cmd, "pdftotext -q '%s' %s/signed.txt", path, f->dir);
    assert_int_equal(system(cmd), 0);
    snprintf(path, sizeof path, "%s/signed.txt", f->dir);
    FILE *fp = fopen(path, "r");
    assert_non_null(fp);
    char text[65536];
    size_t n = fread(text, 1, sizeof text - 1, fp);
    fclose(fp);
    text[n] = '\0';
    if (!strstr(text, o->notation))
        fail_msg("the page lacks %s:\n%s", o->notation, text);
    /* The number the first render carried (the other registration's, one below) is not. */
    char first[128];
    snprintf(first, sizeof first, "%02ld-%s", o->number - 1, strchr(o->notation, '-') + 1);
    if (strstr(text, first))
        fail_msg("the page still shows %s", first);
}

/* Whether `certutil -L` of the fixture's key store lists a nickname containing `part`. */
static bool nss_lists(struct fx *f, const char *part)
{
    char cmd[8600], path[4200];
    snprintf(path, sizeof path, "%s/nss.txt", f->dir);
    snprintf(cmd, sizeof cmd, "certutil -L -d 'sql:%s/nss' > '%s'", f->dir, path);
    assert_int_equal(system(cmd), 0);
    FILE *fp = fopen(path, "r");
    assert_non_null(fp);
    char text[16384];
    size_t n = fread(text, 1, sizeof text - 1, fp);
    fclose(fp);
    text[n] = '\0';
    return strstr(text, part) != NULL;
}

/* Removal: a CA that first came in a signer's PKCS#12 chain keeps that nickname in the key
 * store; removing the CA credential still finds it (by fingerprint) and takes it out. The
 * signer's key goes with certutil -F; both rows stay, disabled; twice is 409; only the admin. */
static void remove_credentials(struct fx *f)
{
    sh(f->dir, "openssl req -x509 -newkey rsa:2048 -nodes -keyout ca2.key -out ca2.pem -days 30 "
               "-subj '/CN=CA hai/O=Ban' -utf8 -addext basicConstraints=critical,CA:TRUE "
               "-addext keyUsage=critical,keyCertSign,cRLSign");
    sh(f->dir, "openssl req -newkey rsa:2048 -nodes -keyout t.key -out t.csr -utf8 "
               "-subj '/O=Văn phòng/CN=Token Hai'");
    sh(f->dir, "openssl x509 -req -in t.csr -CA ca2.pem -CAkey ca2.key -CAcreateserial -out t.pem "
               "-days 10 -extfile ext.cnf");
    sh(f->dir, "openssl pkcs12 -export -in t.pem -inkey t.key -certfile ca2.pem -name tokenhai "
               "-passout file:pw -out t.p12");
    char path[256];
    const char *serr;
    int status;
    snprintf(path, sizeof path, "%s/t.p12", f->dir);
    int64_t key = signing_import_signer(&f->c[P_ADMIN], 4, path, "mk", &serr, &status);
    if (key < 0)
        fail_msg("import t.p12: %d %s", status, serr);
    snprintf(path, sizeof path, "%s/ca2.pem", f->dir);
    int64_t ca = signing_import_ca(&f->c[P_ADMIN], path, &serr, &status);
    assert_true(ca > 0);
    assert_true(nss_lists(f, "CA hai"));
    assert_true(nss_lists(f, "tokenhai"));
    assert_int_equal(signing_remove_credential(&f->c[P_OFFICE], ca, &serr, &status), -1);
    assert_int_equal(status, 403);
    assert_int_equal(signing_remove_credential(&f->c[P_ADMIN], 99999, &serr, &status), -1);
    assert_int_equal(status, 404);
    if (signing_remove_credential(&f->c[P_ADMIN], ca, &serr, &status) != 0)
        fail_msg("remove ca: %d %s", status, serr);
    assert_false(nss_lists(f, "CA hai"));
    assert_int_equal(signing_remove_credential(&f->c[P_ADMIN], ca, &serr, &status), -1);
    assert_int_equal(status, 409);
    if (signing_remove_credential(&f->c[P_ADMIN], key, &serr, &status) != 0)
        fail_msg("remove key: %d %s", status, serr);
    assert_false(nss_lists(f, "tokenhai"));
    sig_credential *v;
    int n = signing_removed_credentials(&f->c[P_ADMIN], &v);
    assert_int_equal(n, 2);
    assert_true(v[0].removed_by && *v[0].removed_by && v[0].removed_at && *v[0].removed_at);
}

static void sign_with_real_tools(void **state)
{
    struct fx *f = *state;
    /* Certificates made now are checked against now (pdfsig has no fake clock). */
    clock_set_fake(0);
    char *err = NULL;
    assert_int_equal(signing_nss_init(f->dir, &err), 0);
    sh(f->dir, "openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 30 "
               "-subj '/CN=CA thu/O=Ban' -utf8 -addext basicConstraints=critical,CA:TRUE "
               "-addext keyUsage=critical,keyCertSign,cRLSign");
    sh(f->dir, "openssl req -newkey rsa:2048 -nodes -keyout s.key -out s.csr -utf8 "
               "-subj '/O=Văn phòng Thành ủy/CN=Trần Thị Bích Ngọc'");
    sh(f->dir, "printf 'basicConstraints=CA:FALSE\\nkeyUsage=digitalSignature,nonRepudiation\\n'"
               " > ext.cnf && openssl x509 -req -in s.csr -CA ca.pem -CAkey ca.key "
               "-CAcreateserial -out s.pem -days 10 -extfile ext.cnf");
    sh(f->dir, "printf 'mk' > pw && openssl pkcs12 -export -in s.pem -inkey s.key -name ngoc "
               "-passout file:pw -out s.p12");
    sh(f->dir, "gs -q -dNOPAUSE -dBATCH -sDEVICE=pdfwrite -odoc.pdf -c "
               "'/Helvetica findfont 14 scalefont setfont 72 720 moveto (So 1-CV/VPTU) show "
               "showpage'");
    char path[256];
    const char *serr;
    int status;
    /* Only the admin imports. */
    snprintf(path, sizeof path, "%s/ca.pem", f->dir);
    assert_int_equal(signing_import_ca(&f->c[P_OFFICE], path, &serr, &status), -1);
    assert_int_equal(status, 403);
    assert_true(signing_import_ca(&f->c[P_ADMIN], path, &serr, &status) > 0);
    snprintf(path, sizeof path, "%s/s.p12", f->dir);
    assert_int_equal(signing_import_signer(&f->c[P_ADMIN], 3, path, "sai", &serr, &status), -1);
    assert_int_equal(status, 422);
    assert_true(signing_import_signer(&f->c[P_ADMIN], 3, path, "mk", &serr, &status) > 0);

    /* An approved document. */
    out_draft in = {.register_id = 1,
                    .doc_type = "cong_van",
                    .subject = "Về việc thử ký số",
                    .body = "Kính gửi…",
                    .recipients = &(out_recipient_in){.name = "Báo Cần Thơ"},
                    .n_recipients = 1};
    int64_t id = outgoing_create(&f->c[P_SPEC], &in, &serr, &status);
    assert_true(id > 0);
    assert_int_equal(outgoing_approve(&f->c[P_OFFICE], id, NULL, &serr, &status), 0);

    /* No PDF, no renderer (app_init wires docgen's): refused, nothing taken. */
    signing_render_fn wired = signing_renderer();
    signing_renderer_set(NULL);
    int64_t seq0 = fx_value(f, &q_seq);
    assert_int_equal(signing_sign_outgoing(&f->c[P_OFFICE], id, &serr, &status), -1);
    assert_int_equal(status, 409);
    /* A failing render: refused, rolled back — no number, still approved. */
    signing_renderer_set(render_fail);
    assert_int_equal(signing_sign_outgoing(&f->c[P_OFFICE], id, &serr, &status), -1);
    assert_string_equal(serr, "Không dựng được trang (thử).");
    assert_int_equal(fx_value(f, &q_seq), seq0);
    assert_int_equal(outgoing_get(&f->c[P_OFFICE], id)->status, OUT_APPROVED);
    assert_int_equal(fx_value(f, &q_sigs), 0);

    /* Not the signer. */
    snprintf(path, sizeof path, "%s/doc.pdf", f->dir);
    fx_pdf_path = arena_strdup(f->a, path);
    signing_renderer_set(render_ok);
    assert_int_equal(signing_sign_outgoing(&f->c[P_SPEC], id, &serr, &status), -1);
    assert_int_equal(status, 403);
    assert_int_equal(signing_sign_outgoing(&f->c[P_CLERK], id, &serr, &status), -1);
    assert_int_equal(status, 403);

    /* The signer: numbered, signed, stored, verified. */
    int64_t aid = signing_sign_outgoing(&f->c[P_OFFICE], id, &serr, &status);
    if (aid < 0)
        fail_msg("sign: %d %s", status, serr);
    const outgoing *o = outgoing_get(&f->c[P_OFFICE], id);
    assert_int_equal(o->status, OUT_SIGNED);
    assert_true(o->number > 0);
    assert_int_equal(fx_value(f, &q_seq), seq0 + 1);
    assert_int_equal(fx_value(f, &q_sigs), 1);
    assert_int_equal(signing_doc_status(&f->c[P_OFFICE], "out", id, &(bool){false}), SIG_VALID);
    /* And the clerk's issue keeps that number. */
    long number;
    const char *notation, *note;
    assert_int_equal(outgoing_issue(&f->c[P_CLERK], id, &number, &notation, &note, &serr, &status),
                     0);
    assert_int_equal(number, o->number);
    assert_int_equal(fx_value(f, &q_seq), seq0 + 1);
    signing_renderer_set(wired);

    check_as_job(f, path);
    race_for_the_number(f);
    remove_credentials(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parse_reports),
        cmocka_unit_test_setup_teardown(sign_with_real_tools, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
