/* Verification: pdfsig's report parsed, stored per blob, shown as a mark (signing.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/clock.h"
#include "base/config.h"
#include "base/i18n.h"
#include "files/blob.h"
#include "files/files.h"
#include "jobs/jobs.h"
#include "signing/signing.h"
#include "signing/signing_impl.h"

static const db_query q_put = {
    "signing.check_put",
    "INSERT INTO signature_checks (sha256, status, n_signatures, signer, organisation, "
    "signed_at, sig_valid, cert_status, whole, reason, checked_at) VALUES (?1, ?2, ?3, ?4, ?5, "
    "?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT (sha256) DO UPDATE SET status = excluded.status, "
    "n_signatures = excluded.n_signatures, signer = excluded.signer, "
    "organisation = excluded.organisation, signed_at = excluded.signed_at, "
    "sig_valid = excluded.sig_valid, cert_status = excluded.cert_status, "
    "whole = excluded.whole, reason = excluded.reason, checked_at = excluded.checked_at",
    NULL,
};
static const db_query q_get = {
    "signing.check_get",
    "SELECT status, n_signatures, COALESCE(signer, ''), COALESCE(organisation, ''), "
    "COALESCE(signed_at, ''), sig_valid, COALESCE(cert_status, ''), whole, reason "
    "FROM signature_checks WHERE sha256 = ?1",
    NULL,
};
/* A check already waiting (the jobs_payload index): one job per blob however often it is stored. */
static const db_query q_job_waiting = {
    "signing.job_waiting",
    "SELECT 1 FROM jobs WHERE kind = 'signature_check' AND payload = ?1 "
    "AND state IN ('queued', 'running') LIMIT 1",
    NULL,
};
/* A document's files with their checks, newest first. */
static const db_query q_doc = {
    "signing.doc_checks",
    "SELECT a.mime, k.status FROM attachments a LEFT JOIN signature_checks k "
    "ON k.sha256 = a.sha256 WHERE a.doc_kind = ?1 AND a.doc_id = ?2 ORDER BY a.id DESC",
    NULL,
};

static const char *const status_codes[] = {"unsigned",  "valid", "invalid",
                                           "untrusted", "error", "pending"};
#define N_CODES (int)(sizeof status_codes / sizeof status_codes[0])

const char *sig_status_code(sig_status s)
{
    return (int)s >= 0 && (int)s < N_CODES ? status_codes[s] : "error";
}

void signing_pending(sig_result *r)
{
    *r = (sig_result){.status = SIG_PENDING,
                      .signer = "",
                      .organisation = "",
                      .signed_at = "",
                      .cert_status = "",
                      .reason = NULL};
}

static sig_status status_of(const char *code)
{
    for (int i = 0; i < N_CODES; i++)
        if (code && strcmp(code, status_codes[i]) == 0)
            return (sig_status)i;
    return SIG_ERROR;
}

/* ---- pdfsig's report ---- */

/* The value after "  - <key>: " on a line of the current signature, else NULL. */
static const char *field(arena *a, const char *line, size_t len, const char *key)
{
    size_t k = strlen(key);
    const char *p = line;
    while (p < line + len && (*p == ' ' || *p == '-'))
        p++;
    if ((size_t)(line + len - p) < k + 2 || strncmp(p, key, k) != 0 || p[k] != ':')
        return NULL;
    p += k + 1;
    while (*p == ' ')
        p++;
    return arena_strndup(a, p, (size_t)(line + len - p));
}

/* "O=Thành ủy Cần Thơ,CN=Nguyễn Văn An" → the O= value (RFC 2253, "\," escapes a comma). */
static const char *dn_part(arena *a, const char *dn, const char *attr)
{
    size_t k = strlen(attr);
    for (const char *p = dn; p && *p;) {
        if (strncmp(p, attr, k) == 0 && p[k] == '=') {
            strbuf v = STRBUF_INIT;
            for (p += k + 1; *p && *p != ','; p++) {
                if (*p == '\\' && p[1])
                    p++;
                sb_addc(&v, *p);
            }
            const char *r = arena_strdup(a, sb_str(&v));
            sb_free(&v);
            return r;
        }
        while (*p && *p != ',') {
            if (*p == '\\' && p[1])
                p++;
            p++;
        }
        if (*p == ',')
            p++;
    }
    return "";
}

/* "Dec 03 2026 13:01:21" (pdfsig prints UTC: its environment has no TZ) → ISO 8601 UTC. */
static const char *time_iso(arena *a, const char *v)
{
    struct tm tm = {0};
    const char *e = strptime(v, "%b %d %Y %H:%M:%S", &tm);
    if (!e)
        return arena_strdup(a, v);
    return arena_printf(a, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                        tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static const char *cert_code(const char *v)
{
    if (!v)
        return "other";
    if (strstr(v, "is Trusted"))
        return "trusted";
    if (strstr(v, "issuer is unknown"))
        return "unknown_issuer";
    if (strstr(v, "issuer isn't Trusted") || strstr(v, "Untrusted"))
        return "untrusted_issuer";
    if (strstr(v, "Expired"))
        return "expired";
    if (strstr(v, "Revoked"))
        return "revoked";
    if (strstr(v, "Not Verified") || strstr(v, "not verified"))
        return "not_verified";
    return "other";
}

void signing_parse_report(arena *a, const char *text, int rc, sig_result *r)
{
    *r = (sig_result){.status = SIG_ERROR,
                      .signer = "",
                      .organisation = "",
                      .signed_at = "",
                      .cert_status = "",
                      .reason = NULL};
    if (!text)
        text = "";
    if (strstr(text, "does not contain any signatures")) {
        r->status = SIG_UNSIGNED;
        r->reason = N_("Văn bản không có chữ ký số.");
        return;
    }
    bool all_valid = true, digest_bad = false;
    const char *worst_cert = "trusted";
    for (const char *p = text; *p;) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        const char *v;
        if (len > 10 && strncmp(p, "Signature #", 11) == 0) {
            r->n_signatures++;
            r->whole = false; /* the last signature's coverage is what counts */
        } else if ((v = field(a, p, len, "Signer Certificate Common Name"))) {
            r->signer = v;
        } else if ((v = field(a, p, len, "Signer full Distinguished Name"))) {
            r->organisation = dn_part(a, v, "O");
        } else if ((v = field(a, p, len, "Signing Time"))) {
            r->signed_at = time_iso(a, v);
        } else if ((v = field(a, p, len, "Signature Validation"))) {
            if (!strstr(v, "Signature is Valid")) {
                all_valid = false;
                if (strstr(v, "Digest Mismatch"))
                    digest_bad = true;
            }
        } else if ((v = field(a, p, len, "Certificate Validation"))) {
            const char *code = cert_code(v);
            if (strcmp(code, "trusted") != 0 &&
                (strcmp(worst_cert, "trusted") == 0 || strcmp(code, "expired") == 0 ||
                 strcmp(code, "revoked") == 0))
                worst_cert = code;
        } else if (len >= 21 && strncmp(p, "  - Total document signed", 25) == 0) {
            r->whole = true;
        }
        p = e ? e + 1 : p + len;
    }
    if (r->n_signatures == 0) {
        r->status = rc == 0 ? SIG_UNSIGNED : SIG_ERROR;
        r->reason = rc == 0 ? N_("Văn bản không có chữ ký số.") : N_("Không đọc được tệp PDF.");
        return;
    }
    r->sig_valid = all_valid;
    r->cert_status = worst_cert;
    if (!all_valid) {
        r->status = SIG_INVALID;
        r->reason =
            digest_bad ? N_("nội dung văn bản đã bị thay đổi sau khi ký") : N_("chữ ký không đúng");
    } else if (!r->whole) {
        r->status = SIG_INVALID;
        r->reason = N_("văn bản đã bị sửa đổi, bổ sung sau khi ký");
    } else if (strcmp(worst_cert, "expired") == 0) {
        r->status = SIG_INVALID;
        r->reason = N_("chứng thư số đã hết hạn");
    } else if (strcmp(worst_cert, "revoked") == 0) {
        r->status = SIG_INVALID;
        r->reason = N_("chứng thư số đã bị thu hồi");
    } else if (strcmp(worst_cert, "trusted") != 0) {
        r->status = SIG_UNTRUSTED;
        r->reason = N_("chứng thư số không do tổ chức cung cấp dịch vụ tin cậy cấp");
    } else {
        r->status = SIG_VALID;
    }
}

/* pdfsig on a file path. */
static int verify_path(arena *a, const char *path, sig_result *r)
{
    char *err = NULL;
    if (signing_nss_ready(&err) != 0) {
        fprintf(stderr, "vanphong: signing: NSS database: %s\n", err ? err : "?");
        free(err);
        signing_parse_report(a, "", 1, r);
        return -1;
    }
    /* Not -no-ocsp: poppler 22.12's pdfsig then answers "Unknown issue with Certificate" for
     * every certificate (seen with a test CA). Revocation is asked of the OCSP responder a
     * certificate names, if any; trust is the installation's CAs. */
    const char *argv[] = {"pdfsig", "-nssdir", signing_nss_dir(), path, NULL};
    strbuf out = STRBUF_INIT;
    int rc = signing_run(argv, &out, &err);
    signing_parse_report(a, sb_str(&out), rc, r);
    if (r->status == SIG_ERROR)
        fprintf(stderr, "vanphong: signing: pdfsig: %s\n", err ? err : "?");
    free(err);
    sb_free(&out);
    return r->status == SIG_ERROR ? -1 : 0;
}

int signing_verify_bytes(db *d, arena *a, const void *pdf, size_t n, sig_result *r)
{
    (void)d;
    char dir[4096], path[4200];
    if (signing_tmp_make(dir, sizeof dir) != 0) {
        signing_parse_report(a, "", 1, r);
        return -1;
    }
    int rc = -1;
    if (signing_tmp_write(dir, "in.pdf", pdf, n, path, sizeof path) == 0)
        rc = verify_path(a, path, r);
    else
        signing_parse_report(a, "", 1, r);
    signing_tmp_remove(dir);
    return rc;
}

int signing_store_result(db *d, const char *sha256, const sig_result *r)
{
    db_stmt *s = db_stmt_get(d, &q_put);
    if (!s)
        return -1;
    char now[32];
    clock_iso(clock_now(), now, sizeof now);
    db_bind_text(s, 1, sha256);
    db_bind_text(s, 2, sig_status_code(r->status));
    db_bind_int(s, 3, r->n_signatures);
    db_bind_text(s, 4, r->signer);
    db_bind_text(s, 5, r->organisation);
    db_bind_text(s, 6, r->signed_at);
    db_bind_int(s, 7, r->sig_valid);
    db_bind_text(s, 8, r->cert_status);
    db_bind_int(s, 9, r->whole);
    db_bind_text(s, 10, r->reason);
    db_bind_text(s, 11, now);
    return db_exec(s) == DB_DONE ? 0 : -1;
}

int signing_verify_blob(db *d, arena *a, const char *sha256, sig_result *r)
{
    char path[4200];
    blob_path(config.blob_dir, sha256, path, sizeof path);
    verify_path(a, path, r); /* no transaction open: pdfsig holds no lock */
    if (db_begin_write(d) != 0)
        return -1;
    if (signing_store_result(d, sha256, r) != 0 || db_commit(d) != 0) {
        db_rollback(d);
        return -1;
    }
    return 0;
}

int signing_check_enqueue(db *d, const char *sha256)
{
    db_stmt *s = db_stmt_get(d, &q_job_waiting);
    if (!s)
        return -1;
    db_bind_text(s, 1, sha256);
    bool waiting = db_step(s) == DB_ROW;
    db_reset(s);
    if (waiting)
        return 0;
    return jobs_enqueue(d, "signature_check", sha256) > 0 ? 0 : -1;
}

static bool is_sha256(const char *p)
{
    size_t n = 0;
    for (; p && p[n]; n++)
        if (!((p[n] >= '0' && p[n] <= '9') || (p[n] >= 'a' && p[n] <= 'f')))
            return false;
    return n == 64;
}

/* The job: pdfsig outside any transaction, the verdict in a short one. A blob checked meanwhile
 * (the same bytes attached again, or signed here) is not checked twice. */
static int check_job(db *d, const char *payload, const char *data_dir, char **err_r)
{
    (void)data_dir;
    *err_r = NULL;
    if (!is_sha256(payload)) {
        *err_r = strdup("bad payload");
        return -2;
    }
    arena *a = arena_new();
    sig_result r;
    int rc = 0;
    if (!signing_result(d, a, payload, &r) && signing_verify_blob(d, a, payload, &r) != 0) {
        *err_r = strdup("could not store the verification");
        rc = -1;
    }
    arena_free(&a);
    return rc;
}

bool signing_result(db *d, arena *a, const char *sha256, sig_result *r)
{
    db_stmt *s = db_stmt_get(d, &q_get);
    if (!s)
        return false;
    db_bind_text(s, 1, sha256);
    bool found = db_step(s) == DB_ROW;
    if (found) {
        r->status = status_of(db_col_text(s, 0));
        r->n_signatures = (int)db_col_int(s, 1);
        r->signer = arena_strdup(a, db_col_text(s, 2));
        r->organisation = arena_strdup(a, db_col_text(s, 3));
        r->signed_at = arena_strdup(a, db_col_text(s, 4));
        r->sig_valid = db_col_int(s, 5) != 0;
        r->cert_status = arena_strdup(a, db_col_text(s, 6));
        r->whole = db_col_int(s, 7) != 0;
        r->reason = db_col_null(s, 8) ? NULL : arena_strdup(a, db_col_text(s, 8));
    }
    db_reset(s);
    return found;
}

/* The reason was stored in Vietnamese when checked; shown in the reader's language. */
const char *signing_mark(ctx *c, const sig_result *r)
{
    switch (r->status) {
    case SIG_VALID: {
        const char *when = r->signed_at;
        int64_t t = clock_parse_iso(r->signed_at);
        char buf[40];
        if (t > 0) {
            clock_vn_datetime(t, buf, sizeof buf);
            when = buf;
        }
        return arena_printf(c->a, "%s — %s%s%s, %s", _("Đã ký số hợp lệ"), r->signer,
                            *r->organisation ? ", " : "", r->organisation, when);
    }
    case SIG_UNSIGNED:
        return arena_printf(c->a, "%s — %s", _("Chưa ký số"), _("Chỉ có giá trị tham khảo"));
    case SIG_PENDING:
        return _("Đang kiểm tra chữ ký số");
    case SIG_UNTRUSTED:
        return arena_printf(c->a, "%s: %s (%s)", _("Chữ ký chưa được tin cậy"),
                            r->reason ? _(r->reason) : "", r->signer);
    case SIG_INVALID:
    case SIG_ERROR:
    default:
        return arena_printf(c->a, "%s: %s", _("Chữ ký không hợp lệ"),
                            r->reason ? _(r->reason) : _("không kiểm tra được"));
    }
}

json_t *signing_result_json(ctx *c, const sig_result *r)
{
    return json_pack("{s:s, s:s, s:i, s:s, s:s, s:s, s:b, s:s, s:b, s:s?, s:b}", "status",
                     sig_status_code(r->status), "mark", signing_mark(c, r), "signatures",
                     r->n_signatures, "signer", r->signer, "organisation", r->organisation,
                     "signed_at", r->signed_at, "signature_valid", r->sig_valid, "certificate",
                     r->cert_status, "whole_document", r->whole, "reason",
                     r->reason ? _(r->reason) : NULL, "reference_only", r->status != SIG_VALID);
}

sig_status signing_doc_status(ctx *c, const char *doc_kind, int64_t doc_id, bool *has_files_r)
{
    *has_files_r = false;
    db_stmt *s = db_stmt_get(c->db, &q_doc);
    if (!s)
        return SIG_UNSIGNED;
    db_bind_text(s, 1, doc_kind);
    db_bind_int(s, 2, doc_id);
    sig_status best = SIG_UNSIGNED;
    bool seen = false, pending = false;
    while (db_step(s) == DB_ROW) {
        *has_files_r = true;
        if (db_col_null(s, 1)) {
            /* A PDF not checked yet: no verdict either way until its job has run. */
            pending |= strcmp(db_col_text(s, 0), "application/pdf") == 0;
            continue;
        }
        sig_status st = status_of(db_col_text(s, 1));
        if (st == SIG_VALID) {
            best = SIG_VALID;
            break;
        }
        if (!seen) /* the newest checked file speaks for the document */
            best = st;
        seen = true;
    }
    db_reset(s);
    return best != SIG_VALID && pending ? SIG_PENDING : best;
}

const char *signing_register_mark(ctx *c, const char *doc_kind, int64_t doc_id)
{
    bool has;
    sig_status st = signing_doc_status(c, doc_kind, doc_id, &has);
    if (!has)
        return "";
    switch (st) {
    case SIG_VALID:
        return _("Hợp lệ");
    case SIG_INVALID:
    case SIG_ERROR:
        return _("Không hợp lệ");
    case SIG_UNTRUSTED:
        return _("Chưa tin cậy");
    case SIG_PENDING:
        return _("Đang kiểm tra chữ ký số");
    default:
        return _("Chưa ký số, chỉ có giá trị tham khảo");
    }
}

/* Every PDF stored as an attachment is checked (files.h attach_stored_set): uploads, records
 * registered from the queue (their blobs are linked), edXML imports, vanphong import. The hook
 * runs inside the caller's write transaction, so it only enqueues the durable job (pdfsig,
 * ~0.2 s, must not run under the office's one write lock); until the job has run the file shows
 * "Đang kiểm tra chữ ký số". A file already checked (the same bytes) keeps its result. The
 * check's failure never refuses the file: it is then marked "không kiểm tra được". */
static void on_stored(ctx *c, const char *sha256, const char *mime)
{
    if (!mime || strcmp(mime, "application/pdf") != 0)
        return;
    sig_result r;
    if (signing_result(c->db, c->a, sha256, &r))
        return;
    if (signing_check_enqueue(c->db, sha256) != 0)
        fprintf(stderr, "vanphong: signing: could not enqueue the check of %s\n", sha256);
    else
        jobs_wake();
}

void signing_verify_init(void)
{
    attach_stored_set(on_stored);
    jobs_register("signature_check", check_job, NULL);
}
