/* Signing: pdfsig -add-signature with the signer's NSS key, the Ký số action on an outgoing
 * document, and a PDF signed on the signer's own computer (signing.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "audit/audit.h"
#include "base/clock.h"
#include "base/config.h"
#include "base/i18n.h"
#include "catalog/catalog.h"
#include "files/blob.h"
#include "files/files.h"
#include "numbering/numbering.h"
#include "outgoing/outgoing.h"
#include "signing/signing.h"
#include "signing/signing_impl.h"

static const db_query q_record = {
    "signing.record",
    "INSERT INTO signatures (outgoing_id, attachment_id, sha256, method, credential_id, "
    "signed_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    NULL,
};
/* The document's newest PDF: what is signed when no renderer is wired. */
static const db_query q_main_pdf = {
    "signing.main_pdf",
    "SELECT sha256 FROM attachments WHERE doc_kind = 'out' AND doc_id = ?1 "
    "AND mime = 'application/pdf' ORDER BY id DESC LIMIT 1",
    NULL,
};

/* The certificates registered for the uploader and for the document's designated signer (a
 * token-signed PDF must carry one of them), active ones only. */
static const db_query q_bound = {
    "signing.bound_certs",
    "SELECT fingerprint, subject FROM signing_credentials WHERE kind = 'signer' "
    "AND disabled = 0 AND user_id IN (?1, ?2)",
    NULL,
};

static signing_render_fn renderer;
static signing_seam_fn seam;

void signing_test_seam_set(signing_seam_fn fn)
{
    seam = fn;
}

void signing_renderer_set(signing_render_fn fn)
{
    renderer = fn;
}

signing_render_fn signing_renderer(void)
{
    return renderer;
}

static int fail(const char **err_r, int *status_r, int status, const char *msg)
{
    *err_r = msg;
    *status_r = status;
    return -1;
}

static char *dup_err(const char *msg)
{
    return strdup(msg);
}

int signing_sign_pdf(db *d, const user *signer, const void *pdf, size_t n, strbuf *out,
                     char **err_r)
{
    *err_r = NULL;
    arena *a = arena_new();
    signer_key k;
    int rc = -1;
    char dir[4096] = "", in[4200], outp[4200];
    char *terr = NULL;
    if (!signer || !signing_signer_key(d, a, signer->id, &k)) {
        *err_r = dup_err(_("Chưa có chứng thư số của người ký trong hệ thống; đề nghị quản trị "
                           "hệ thống nạp chứng thư (Quản trị › Chữ ký số)."));
        goto done;
    }
    if (signing_iso_expired(k.not_before, k.not_after)) {
        *err_r = dup_err(_("Chứng thư số của người ký đã hết hạn hoặc chưa có hiệu lực; không "
                           "ký được."));
        goto done;
    }
    if (!pdf || n < 5 || memcmp(pdf, "%PDF-", 5) != 0) {
        *err_r = dup_err(_("Tệp cần ký không phải PDF."));
        goto done;
    }
    if (signing_nss_ready(&terr) != 0 || signing_tmp_make(dir, sizeof dir) != 0 ||
        signing_tmp_write(dir, "in.pdf", pdf, n, in, sizeof in) != 0) {
        fprintf(stderr, "vanphong: signing: %s\n", terr ? terr : "temporary files");
        *err_r = dup_err(_("Không chuẩn bị được việc ký (kho khóa hoặc tệp tạm)."));
        goto done;
    }
    snprintf(outp, sizeof outp, "%s/signed.pdf", dir);
    /* No -kpw: the keys in our database carry no password of their own (signing.h), and a
     * password on pdfsig's command line would be readable by every local user. */
    const char *argv[] = {"pdfsig",  "-add-signature",
                          "-nssdir", signing_nss_dir(),
                          "-nick",   k.nickname,
                          "-reason", "Ký ban hành",
                          in,        outp,
                          NULL};
    if (signing_run(argv, NULL, &terr) != 0) {
        fprintf(stderr, "vanphong: signing: pdfsig -add-signature: %s\n", terr ? terr : "?");
        *err_r = dup_err(_("Không ký được văn bản (công cụ ký số báo lỗi)."));
        goto done;
    }
    sb_reset(out);
    if (sb_read_file(out, outp) != 0 || out->len < 5) {
        *err_r = dup_err(_("Không đọc được tệp đã ký."));
        goto done;
    }
    rc = 0;
done:
    free(terr);
    if (dir[0])
        signing_tmp_remove(dir);
    arena_free(&a);
    return rc;
}

/* The PDF to sign: the renderer's with the number *as is about to take, else the newest PDF
 * attachment. Outside any transaction. 0 or -1 with *err_r and status. */
static int pdf_to_sign(ctx *c, int64_t id, const docgen_as *as, strbuf *pdf, const char **err_r,
                       int *status_r)
{
    if (renderer) {
        char *err = NULL;
        if (renderer(c->db, id, as, pdf, &err) != 0) {
            const char *m = err ? arena_strdup(c->a, err) : _("Không tạo được tệp PDF.");
            free(err);
            return fail(err_r, status_r, 409, m);
        }
        return 0;
    }
    db_stmt *s = db_stmt_get(c->db, &q_main_pdf);
    if (!s)
        return fail(err_r, status_r, 500, _("Không đọc được cơ sở dữ liệu."));
    db_bind_int(s, 1, id);
    const char *sha = db_step(s) == DB_ROW ? arena_strdup(c->a, db_col_text(s, 0)) : NULL;
    db_reset(s);
    if (!sha)
        return fail(err_r, status_r, 409,
                    _("Văn bản chưa có tệp PDF để ký; hãy đính kèm bản PDF của văn bản."));
    char path[4200];
    blob_path(config.blob_dir, sha, path, sizeof path);
    if (sb_read_file(pdf, path) != 0)
        return fail(err_r, status_r, 500, _("Không đọc được tệp PDF của văn bản."));
    return 0;
}

static int record(ctx *c, int64_t id, int64_t aid, const char *sha, const char *method,
                  int64_t cred)
{
    db_stmt *s = db_stmt_get(c->db, &q_record);
    if (!s)
        return -1;
    char now[32];
    clock_iso(clock_now(), now, sizeof now);
    db_bind_int(s, 1, id);
    db_bind_int(s, 2, aid);
    db_bind_text(s, 3, sha);
    db_bind_text(s, 4, method);
    if (cred > 0)
        db_bind_int(s, 5, cred);
    db_bind_int(s, 6, c->user->id);
    db_bind_text(s, 7, now);
    return db_exec(s) == DB_DONE ? 0 : -1;
}

static const char *file_name(ctx *c, const char *notation, int64_t id)
{
    strbuf b = STRBUF_INIT;
    for (const char *p = notation ? notation : ""; *p; p++)
        sb_addc(&b, *p == '/' ? '-' : *p);
    const char *r = b.len ? arena_printf(c->a, "%s-ky-so.pdf", sb_str(&b))
                          : arena_printf(c->a, "van-ban-%lld-ky-so.pdf", (long long)id);
    sb_free(&b);
    return r;
}

/* The number, notation and date the document would take if it were signed now (a read: nothing
 * is taken). False when the register cannot number it (the transaction then says why). */
static bool would_take(ctx *c, const outgoing *o, const doc_register *reg, docgen_as *as)
{
    char today[16];
    clock_vn_today(today, sizeof today);
    const doc_type *t = catalog_doc_type_get(c, o->doc_type);
    long n = numbering_peek(c, reg, o->doc_type, o->secrecy, today);
    if (!t || n <= 0)
        return false;
    char buf[NUMBERING_MAX_CODE];
    numbering_format(reg->policy, n, reg->policy == POLICY_PARTY ? t->abbr_party : t->abbr_state,
                     reg->issuer_abbr, buf, sizeof buf);
    *as = (docgen_as){.number = n,
                      .notation = arena_strdup(c->a, buf),
                      .issued_date = arena_strdup(c->a, today),
                      .signer_id = c->user->id};
    return true;
}

/* Everything slow, outside any transaction: the page with the number *as, its signature and its
 * verification. The signed bytes stay in *signed_pdf: they go to the blob store only once the
 * number is known to be still theirs, so an attempt discarded by the race leaves no orphan blob.
 * 0 or -1 with *err_r and *status_r (nothing taken). */
static int prepare(ctx *c, int64_t id, const docgen_as *as, strbuf *signed_pdf, sig_result *r,
                   const char **err_r, int *status_r)
{
    strbuf pdf = STRBUF_INIT;
    char *serr = NULL;
    int rc = -1;
    if (pdf_to_sign(c, id, as, &pdf, err_r, status_r) != 0)
        goto out;
    if (signing_sign_pdf(c->db, c->user, pdf.buf, pdf.len, signed_pdf, &serr) != 0) {
        fail(err_r, status_r, 500, arena_strdup(c->a, serr ? serr : "?"));
        goto out;
    }
    /* Checked here, before the lock, so that the attachment hook finds the verdict and the
     * register shows it at once. */
    signing_verify_bytes(c->db, c->a, signed_pdf->buf, signed_pdf->len, r);
    rc = 0;
out:
    free(serr);
    sb_free(&pdf);
    return rc;
}

int64_t signing_sign_outgoing(ctx *c, int64_t id, const char **err_r, int *status_r)
{
    const outgoing *o = outgoing_get(c, id);
    if (!o)
        return fail(err_r, status_r, 404, _("Không tìm thấy văn bản."));
    const doc_register *reg = catalog_register_get(c, o->register_id);
    if (!reg || !outgoing_may_sign(c, o, reg))
        return fail(err_r, status_r, 403,
                    _("Đồng chí không phải người có thẩm quyền ký văn bản này."));
    if (o->status != OUT_APPROVED)
        return fail(err_r, status_r, 409,
                    o->status == OUT_DRAFT ? _("Dự thảo chưa được phê duyệt, chưa thể ký.")
                                           : _("Văn bản đã được ký."));
    signer_key k;
    if (!signing_signer_key(c->db, c->a, c->user->id, &k))
        return fail(err_r, status_r, 409,
                    _("Chưa có chứng thư số của đồng chí trong hệ thống; đề nghị quản trị hệ "
                      "thống nạp chứng thư (Quản trị › Chữ ký số)."));
    if (signing_iso_expired(k.not_before, k.not_after))
        return fail(err_r, status_r, 409,
                    _("Chứng thư số của đồng chí đã hết hạn hoặc chưa có hiệu lực; không ký "
                      "được."));
    for (int attempt = 0; attempt < SIGNING_ATTEMPTS; attempt++) {
        /* 1. the number it would take, read; 2. the page with it, signed — no lock held. */
        docgen_as as = {0};
        bool peeked = would_take(c, o, reg, &as);
        char sha[65];
        strbuf signed_pdf = STRBUF_INIT;
        sig_result r;
        if (peeked && prepare(c, id, &as, &signed_pdf, &r, err_r, status_r) != 0) {
            sb_free(&signed_pdf);
            return -1; /* a failed render or signature takes nothing */
        }
        if (seam)
            seam(c, id);
        /* 3. one short transaction: the number, if still that one; the file; the record. */
        if (db_begin_write(c->db) != 0) {
            sb_free(&signed_pdf);
            return fail(err_r, status_r, 503, _("Cơ sở dữ liệu đang bận, vui lòng thử lại."));
        }
        long number;
        const char *notation;
        if (outgoing_sign_numbered(c, id, &number, &notation, err_r, status_r) != 0) {
            db_rollback(c->db); /* the number goes back with it */
            sb_free(&signed_pdf);
            return -1;
        }
        if (!peeked) { /* numbered after all: should not happen; nothing was rendered */
            db_rollback(c->db);
            sb_free(&signed_pdf);
            return fail(err_r, status_r, 409, _("Không cấp được số cho văn bản."));
        }
        char today[16];
        clock_vn_today(today, sizeof today);
        /* Without a renderer the page carries no number: any number will do. */
        if (renderer && (number != as.number || strcmp(notation, as.notation) != 0 ||
                         strcmp(today, as.issued_date) != 0)) {
            db_rollback(c->db);   /* another registration took it: redo with the next */
            sb_free(&signed_pdf); /* never stored: no orphan blob, row or verdict */
            continue;
        }
        /* The number is ours: now the bytes go to the store (a file write of a few ms under the
         * lock, instead of a blob nobody references after a redo). */
        const char *berr;
        size_t len = signed_pdf.len;
        int put = blob_put_bytes(config.blob_dir, config.tmp_dir, signed_pdf.buf, signed_pdf.len,
                                 sha, &berr);
        sb_free(&signed_pdf);
        if (put != 0) {
            db_rollback(c->db);
            fprintf(stderr, "vanphong: signing: blob: %s\n", berr);
            return fail(err_r, status_r, 500, _("Không lưu được tệp đã ký."));
        }
        int64_t aid = -1;
        if (signing_store_result(c->db, sha, &r) == 0)
            aid = attach_link(c, "out", id, sha, file_name(c, notation, id), "application/pdf",
                              (int64_t)len);
        if (aid < 0 || record(c, id, aid, sha, "server", k.id) != 0) {
            db_rollback(c->db);
            return fail(err_r, status_r, 500, _("Không lưu được thay đổi (lỗi cơ sở dữ liệu)."));
        }
        json_t *after =
            json_pack("{s:I, s:s, s:I, s:s, s:s, s:i}", "number", (json_int_t)number, "notation",
                      notation, "attachment_id", (json_int_t)aid, "sha256", sha, "verification",
                      sig_status_code(r.status), "attempts", attempt + 1);
        if (audit_commit(c->db, c->user, "signing.sign", "outgoing", id, after) != 0)
            return fail(err_r, status_r, 500, _("Không lưu được thay đổi (lỗi cơ sở dữ liệu)."));
        return aid;
    }
    return fail(err_r, status_r, 409, _("Sổ đang bận, hãy thử lại"));
}

/* The CN= of an RFC 2253 subject ("CN=Nguyễn Văn An,O=…"; "\," escapes a comma), arena. */
static const char *subject_cn(arena *a, const char *dn)
{
    for (const char *p = dn; p && *p;) {
        bool cn = strncmp(p, "CN=", 3) == 0;
        strbuf v = STRBUF_INIT;
        for (p += cn ? 3 : 0; *p && *p != ','; p++) {
            if (*p == '\\' && p[1])
                p++;
            if (cn)
                sb_addc(&v, *p);
        }
        if (cn) {
            const char *r = arena_strdup(a, sb_str(&v));
            sb_free(&v);
            return r;
        }
        sb_free(&v);
        if (*p == ',')
            p++;
    }
    return "";
}

/* The signature is the signer's own: a certificate registered for the uploader (or the
 * designated signer) is among those the signature carries, AND it names the person pdfsig
 * reports as the signer — a certificate merely copied into the bag by someone else signing
 * with their own key does not pass. */
static bool signer_matches(ctx *c, const outgoing *o, const char **fps, const char *signer_cn)
{
    db_stmt *s = db_stmt_get(c->db, &q_bound);
    if (!s)
        return false;
    db_bind_int(s, 1, c->user->id);
    db_bind_int(s, 2, o->signer_id > 0 ? o->signer_id : c->user->id);
    bool ok = false;
    while (!ok && db_step(s) == DB_ROW) {
        const char *fp = db_col_text(s, 0);
        if (strcmp(subject_cn(c->a, db_col_text(s, 1)), signer_cn ? signer_cn : "") != 0)
            continue;
        for (int i = 0; fps && fps[i] && !ok; i++)
            ok = strcasecmp(fps[i], fp) == 0;
    }
    db_reset(s);
    return ok;
}

int64_t signing_attach_signed(ctx *c, int64_t id, const http_upload *u, const char **err_r,
                              int *status_r)
{
    const outgoing *o = outgoing_get(c, id);
    if (!o)
        return fail(err_r, status_r, 404, _("Không tìm thấy văn bản."));
    const doc_register *reg = catalog_register_get(c, o->register_id);
    if (!reg || !outgoing_may_sign(c, o, reg))
        return fail(err_r, status_r, 403,
                    _("Đồng chí không phải người có thẩm quyền ký văn bản này."));
    if (o->status != OUT_APPROVED && o->status != OUT_SIGNED)
        return fail(err_r, status_r, 409,
                    o->status == OUT_DRAFT ? _("Dự thảo chưa được phê duyệt, chưa thể ký.")
                                           : _("Văn bản đã phát hành, không thêm tệp được."));
    if (!u || !u->tmp_path || u->size <= 0)
        return fail(err_r, status_r, 400, _("Chưa chọn tệp PDF đã ký."));
    strbuf pdf = STRBUF_INIT;
    if (sb_read_file(&pdf, u->tmp_path) != 0 || pdf.len < 5 || memcmp(pdf.buf, "%PDF-", 5) != 0) {
        sb_free(&pdf);
        return fail(err_r, status_r, 415, _("Tệp tải lên không phải PDF."));
    }
    sig_result r;
    signing_verify_bytes(c->db, c->a, pdf.buf, pdf.len, &r);
    if (r.status != SIG_VALID) {
        sb_free(&pdf);
        *err_r = signing_mark(c, &r);
        *status_r = 422;
        return -1;
    }
    /* A valid signature is not enough: it must be the signer's own, the certificate bound to
     * this account (or to the designated signer) in Quản trị › Chữ ký số. */
    const char **fps = NULL;
    int nfp = signing_pdf_cert_fingerprints(c->a, pdf.buf, pdf.len, &fps);
    sb_free(&pdf);
    if (nfp < 0)
        return fail(err_r, status_r, 500, _("Không đọc được chứng thư số trong tệp đã ký."));
    if (!signer_matches(c, o, fps, r.signer)) {
        *err_r = arena_printf(
            c->a,
            _("Tệp PDF mang chữ ký số của %s%s%s, không phải chứng thư số đã đăng ký của người "
              "ký văn bản này (Quản trị › Chữ ký số); không nhận tệp."),
            *r.signer ? r.signer : _("người khác"), *r.organisation ? ", " : "", r.organisation);
        *status_r = 422;
        return -1;
    }
    if (db_begin_write(c->db) != 0)
        return fail(err_r, status_r, 503, _("Cơ sở dữ liệu đang bận, vui lòng thử lại."));
    long number = o->number;
    const char *notation = o->notation;
    if (o->status == OUT_APPROVED &&
        outgoing_sign_numbered(c, id, &number, &notation, err_r, status_r) != 0) {
        db_rollback(c->db);
        return -1;
    }
    char sha[65];
    snprintf(sha, sizeof sha, "%s", u->sha256_hex);
    /* The verdict just reached is the file's: the attachment hook then finds it, and pdfsig
     * does not run twice. */
    if (signing_store_result(c->db, sha, &r) != 0) {
        db_rollback(c->db);
        return fail(err_r, status_r, 500, _("Không lưu được thay đổi (lỗi cơ sở dữ liệu)."));
    }
    int64_t aid = attach_add(c, "out", id, u, err_r, status_r);
    if (aid < 0) {
        db_rollback(c->db);
        return -1;
    }
    if (record(c, id, aid, sha, "token", 0) != 0) {
        db_rollback(c->db);
        return fail(err_r, status_r, 500, _("Không lưu được thay đổi (lỗi cơ sở dữ liệu)."));
    }
    json_t *after = json_pack("{s:I, s:s, s:s, s:s}", "attachment_id", (json_int_t)aid, "sha256",
                              sha, "signer", r.signer, "notation", notation ? notation : "");
    if (audit_commit(c->db, c->user, "signing.upload_signed", "outgoing", id, after) != 0)
        return fail(err_r, status_r, 500, _("Không lưu được thay đổi (lỗi cơ sở dữ liệu)."));
    return aid;
}
