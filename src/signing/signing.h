#ifndef VP_SIGNING_H
#define VP_SIGNING_H
/* Chữ ký số (issue 18): signers' keys and trusted CAs in an NSS database, PAdES signing with
 * poppler's pdfsig, verification of every PDF that arrives, and the marks on documents and
 * registers ("Đã ký số hợp lệ …" / "Chữ ký không hợp lệ: …" / "Chỉ có giá trị tham khảo",
 * DOMAIN.md §3: unsigned electronic documents are for reference only).
 *
 * Keys: <data>/nss, an NSS "sql:" database made with certutil (mode 0700). It has an EMPTY
 * database password on purpose: pdfsig takes that password only as a command-line argument
 * (-nss-pwd), which every local user can read in /proc/<pid>/cmdline; the directory's 0700
 * mode under the service account is the protection instead. A PKCS#12 upload's password goes
 * to pk12util and openssl through a 0600 file in a 0700 temporary directory (pk12util -w,
 * openssl -passin file:), removed as soon as the tool returns, and never into logs or audit.
 * Every tool runs through jobs_exec: no shell, stdin from /dev/null, a clean environment.
 *
 * Tables (migration 049_signing.sql): signing_credentials (signer certificates bound to a user,
 * trusted CAs), signature_checks (the verification of a file, keyed by its blob's SHA-256),
 * signatures (signatures made through the system, per outgoing document).
 *
 * Permissions, checked here: import and list credentials — admin; sign an outgoing document —
 * outgoing_may_sign (the designated signer, else the register's signing role, in scope); a
 * signature's result is shown to whoever may see the document. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "base/strbuf.h"
#include "docgen/docgen.h"
#include "web/ctx.h"

/* The verification of one PDF. Strings are in the arena given (or static). */
typedef enum sig_status {
    SIG_UNSIGNED = 0, /* no signature at all: for reference only */
    SIG_VALID,        /* every signature intact, the last covers the file, certificate trusted */
    SIG_INVALID,      /* a digest mismatch, changes after signing, an expired/revoked cert */
    SIG_UNTRUSTED,    /* intact, but the certificate does not chain to a trusted CA */
    SIG_ERROR,        /* pdfsig could not read the file */
    SIG_PENDING,      /* not checked yet: the "signature_check" job has not run (never "valid") */
} sig_status;

typedef struct sig_result {
    sig_status status;
    int n_signatures;
    const char *signer;       /* CN of the last signature's certificate, "" if none */
    const char *organisation; /* its O=, "" if none */
    const char *signed_at;    /* ISO 8601 UTC, "" if none */
    bool sig_valid;           /* every signature's cryptographic check passed */
    const char *cert_status;  /* trusted, unknown_issuer, untrusted_issuer, expired, revoked… */
    bool whole;               /* the last signature covers the whole file */
    const char *reason;       /* Vietnamese, why not valid; NULL when valid */
} sig_result;

/* unsigned, valid, invalid, untrusted, error, pending */
const char *sig_status_code(sig_status s);
/* The result of a PDF not checked yet (SIG_PENDING). */
void signing_pending(sig_result *r);

/* Parses pdfsig's report (its stdout, exit status rc) into *r (strings in a). Exposed for the
 * unit tests, which feed it canned reports. */
void signing_parse_report(arena *a, const char *text, int rc, sig_result *r);

/* Verifies the PDF bytes with pdfsig against the installation's trusted CAs (nothing stored).
 * 0, or -1 when the tools cannot run (*r then says SIG_ERROR). */
int signing_verify_bytes(db *d, arena *a, const void *pdf, size_t n, sig_result *r);
/* Verifies the blob sha256 (already in the store) and stores the result in signature_checks,
 * replacing an older one. Outside any transaction: pdfsig runs first (~0.2 s, no lock held),
 * then the row is written in its own short write transaction. 0/-1. */
int signing_verify_blob(db *d, arena *a, const char *sha256, sig_result *r);
/* Asks for the check of the blob: enqueues the durable job "signature_check" (payload the
 * SHA-256) inside the caller's write transaction, unless one is already waiting. 0/-1. */
int signing_check_enqueue(db *d, const char *sha256);
/* The stored result of the blob; false when it was never checked. */
bool signing_result(db *d, arena *a, const char *sha256, sig_result *r);
/* The one-line mark of a result, Vietnamese: "Đã ký số hợp lệ — An, Thành ủy, 03/12/2026 13:01". */
const char *signing_mark(ctx *c, const sig_result *r);
json_t *signing_result_json(ctx *c, const sig_result *r);

/* The best state of a document's PDF attachments, for the registers: SIG_VALID when one is
 * valid, else SIG_PENDING when a PDF is not checked yet, else the state of the newest PDF;
 * *has_files_r tells whether the document has any attachment (a paper-only record gets no mark). */
sig_status signing_doc_status(ctx *c, const char *doc_kind, int64_t doc_id, bool *has_files_r);
/* The register's column text of a document: "Hợp lệ", "Không hợp lệ", "Đang kiểm tra chữ ký
 * số", "Tham khảo" or "". */
const char *signing_register_mark(ctx *c, const char *doc_kind, int64_t doc_id);

/* Signs pdf[0..n) with signer's key (its newest active, unexpired credential) into out (the
 * signed PDF). 0, or -1 with *err_r (malloc'd Vietnamese message; caller frees). */
int signing_sign_pdf(db *d, const user *signer, const void *pdf, size_t n, strbuf *out,
                     char **err_r);

/* The SHA-256 fingerprints ("AB:CD:…", as the credential rows keep them) of the certificates
 * carried by the PDF's last signature, NULL-terminated in *fps_r (arena). Returns their count,
 * or -1 when the tools cannot read it (signer_match.c; the
 * bench times it). */
int signing_pdf_cert_fingerprints(arena *a, const void *pdf, size_t n, const char ***fps_r);

/* What renders an outgoing document's PDF with the number, date and signer given in *as (the
 * number it is about to take, not yet in the row): docgen_pdf_as, wired in app_init. When none
 * is set, the document's newest PDF attachment is signed. */
typedef int (*signing_render_fn)(db *d, int64_t outgoing_id, const docgen_as *as, strbuf *out,
                                 char **err_r);
void signing_renderer_set(signing_render_fn fn);
signing_render_fn signing_renderer(void); /* the one set (NULL: the newest PDF attachment) */

/* Ký số: the signer signs an approved outgoing document, without holding the office's one
 * write lock while the slow tools run (issue 18; ~1.5 s of ghostscript and pdfsig). Optimistic:
 * the number the register WOULD give next is read (numbering_peek, no increment), the PDF is
 * rendered with it (or the newest PDF taken), signed and verified, all outside any transaction;
 * then one short BEGIN IMMEDIATE … COMMIT takes the number (outgoing_sign_numbered) only if it
 * is still that one, stores the signed PDF as a new attachment with its verdict, records the
 * signature and audits. If another registration took the number meanwhile, the signed PDF is
 * discarded and everything redone with the next one, at most SIGNING_ATTEMPTS times, then 409
 * "Sổ đang bận, hãy thử lại". A failed render or signature takes nothing. Returns the new
 * attachment id, or -1 with *err_r (Vietnamese) and *status_r (403 not the signer, 404, 409
 * state/no key/no PDF/busy register, 500). */
#define SIGNING_ATTEMPTS 3
int64_t signing_sign_outgoing(ctx *c, int64_t outgoing_id, const char **err_r, int *status_r);
/* Tests only: called after the PDF is signed and before the transaction that takes the number
 * (the moment another registration may take it). NULL to remove. */
typedef void (*signing_seam_fn)(ctx *c, int64_t outgoing_id);
void signing_test_seam_set(signing_seam_fn fn);
/* A PDF signed on the signer's own computer (USB token): verified first (a signature that is not
 * valid is refused with 422 and its reason), then attached and recorded; an approved document
 * takes its number and becomes signed as above. Same permissions. New attachment id or -1. */
int64_t signing_attach_signed(ctx *c, int64_t outgoing_id, const http_upload *u, const char **err_r,
                              int *status_r);

/* ---- keys and trust (nss.c) ---- */
typedef struct sig_credential {
    int64_t id;
    const char *kind; /* signer | ca */
    int64_t user_id;
    const char *user_name, *nickname, *subject, *issuer, *not_before, *not_after, *fingerprint;
    bool expired; /* now is outside [not_before, not_after] */
    bool has_key; /* a signer's key is in the NSS database (false: a USB token's certificate) */
    const char *removed_at, *removed_by; /* removed ones only (ISO 8601 UTC, a name) */
} sig_credential;
/* Creates <data_dir>/nss (0700) with certutil when missing. 0/-1 with *err_r (malloc'd). */
int signing_nss_init(const char *data_dir, char **err_r);
const char *signing_nss_dir(void); /* "sql:<data>/nss" */
/* Admin only. Imports a PKCS#12 file (path) with its password for user_id; returns the new
 * credential id or -1 with *err_r (Vietnamese) and *status_r (400, 403, 409, 422, 500). */
int64_t signing_import_signer(ctx *c, int64_t user_id, const char *p12_path, const char *password,
                              const char **err_r, int *status_r);
/* Admin only. Imports a CA certificate (PEM or DER file) as trusted for signing. */
int64_t signing_import_ca(ctx *c, const char *cert_path, const char **err_r, int *status_r);
/* Admin only. Registers the certificate (PEM or DER) of a signer whose key stays on a USB token
 * for user_id: no key enters the NSS database; a PDF signed with that token is then matched to
 * the account (signing_attach_signed). Never used to sign on the server. New id or -1 (400, 403,
 * 409 already registered, 422 not a certificate). */
int64_t signing_register_token_cert(ctx *c, int64_t user_id, const char *cert_path,
                                    const char **err_r, int *status_r);
/* Every credential, CAs first then signers by name (arena). Returns the count. */
int signing_credentials(ctx *c, sig_credential **rows_r);
/* The removed ones, newest removal first (at most 200). */
int signing_removed_credentials(ctx *c, sig_credential **rows_r);
/* Admin only. Removes a signer's key (certutil -F: the private key and its certificate leave the
 * NSS database) or a trusted CA (certutil -D: signatures chaining only to it are no longer
 * trusted on the next check); the row stays, disabled, with who and when (signatures already made
 * keep naming it, and stored verifications are left as they were), audited "signing.remove".
 * 0, or -1 with *err_r and *status_r (403, 404 unknown, 409 already removed, 500). */
int signing_remove_credential(ctx *c, int64_t id, const char **err_r, int *status_r);

void signing_routes(void);
/* Start-up: the attachment hook (every PDF stored gets a "signature_check" job) and the job's
 * handler. Idempotent. */
void signing_init(void);

#endif
