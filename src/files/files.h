#ifndef VP_ATTACH_H
#define VP_ATTACH_H
/* Attachments (tệp đính kèm) of incoming and outgoing documents.
 *
 * Table (migration 013_files.sql):
 *   attachments(id, doc_kind 'in'|'out', doc_id, sha256, filename, mime, size, created_by,
 *               created_at)
 * The bytes live in the content-addressed blob store (blob.h), never in the database.
 *
 * Order that keeps "no record without its file": the HTTP layer streams the part to
 * u->tmp_path (fsynced, SHA-256 computed); attach_add checks it and moves it into the store
 * (fsync file + directory) and only then inserts the row, inside the CALLER's write
 * transaction; the caller writes its audit row and commits. If the transaction rolls back,
 * the blob stays unreferenced and blob_sweep_orphans removes it later. */
#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "web/ctx.h"

/* Adds u as an attachment of (doc_kind, doc_id). Must be called inside a write transaction;
 * the caller has already checked that c->user may change the document. Checks: size
 * 1..HTTP_MAX_UPLOAD_BYTES, type by content (libmagic, one magic_t per thread) in the
 * allow-list — PDF, JPEG/PNG/TIFF, DOC/DOCX, ODT, XLS/XLSX, plain text. The display filename is
 * sanitised (path parts, control characters removed; at most 200 bytes). Returns the new id,
 * or -1 with *err_r (Vietnamese) and *status_r (400 empty, 413 too large, 415 type, 500). */
int64_t attach_add(ctx *c, const char *doc_kind /* "in"|"out" */, int64_t doc_id,
                   const http_upload *u, const char **err_r, int *status_r);

/* A guard every upload passes before its bytes are stored (attach_add is the single choke
 * point of scans): a higher floor registers it (archives: no Tuyệt mật scans, approval for Mật
 * and Tối mật). Returns 0 to accept, or -1 with *err_r (Vietnamese) and *status_r. */
typedef int (*attach_guard_fn)(ctx *c, const char *doc_kind, int64_t doc_id, const char **err_r,
                               int *status_r);
void attach_guard_set(attach_guard_fn fn);

/* Told of every attachment row made (attach_add, attach_link), inside the caller's write
 * transaction, with the blob's hash and sniffed type: a higher floor registers it (signing/
 * verifies every PDF that arrives and stores the result). It cannot refuse the file. */
typedef void (*attach_stored_fn)(ctx *c, const char *sha256_hex, const char *mime);
void attach_stored_set(attach_stored_fn fn);

/* Adds a row of (doc_kind, doc_id) on a blob already in the store (sha256_hex), with its
 * filename, sniffed mime and size as another attachment row recorded them: a document handed
 * on whole (an issued document registered by its recipient) references the same bytes, never a
 * copy. Inside the caller's write transaction, after the caller's permission check. Returns the
 * new id or -1 (the blob is missing, or a store error). */
int64_t attach_link(ctx *c, const char *doc_kind, int64_t doc_id, const char *sha256_hex,
                    const char *filename, const char *mime, int64_t size);

typedef struct attachment {
    int64_t id;
    const char *doc_kind;
    int64_t doc_id;
    const char *sha256;
    const char *filename;
    const char *mime;
    int64_t size;
    int64_t created_by;
    const char *created_at;
} attachment;

typedef void (*attach_cb)(ctx *c, const attachment *a, void *arg);
/* Calls cb for each attachment of the document, oldest first; returns the count. The caller
 * has checked that c->user may see the document. Strings are valid during the call only. */
int attach_list(ctx *c, const char *doc_kind, int64_t doc_id, attach_cb cb, void *arg);
/* The same list as a JSON array of {id, filename, mime, size, sha256, created_at, url}. */
json_t *attach_json(ctx *c, const char *doc_kind, int64_t doc_id);
/* Writes an HTML list (download links; "Xem" for PDF/images) into c->rs->body. */
void attach_html_list(ctx *c, const char *doc_kind, int64_t doc_id);

/* Content-sniffed MIME type of a file ("application/pdf"), in c->a; NULL if unreadable. */
const char *attach_sniff(ctx *c, const char *path);
bool attach_mime_allowed(const char *mime);
bool attach_mime_previewable(const char *mime); /* PDF and images */

/* Answers with the bytes of blob sha256 as filename of type mime: as a download, or inline
 * (preview, for PDF and images) under a policy that lets only our own pages frame it. The
 * caller has checked that c->user may see the file and audited what must be; 500 when the
 * blob is missing. For the files of a queued document (exchange/), which are not attachments
 * yet but share their blobs. */
void attach_serve_blob(ctx *c, const char *sha256, const char *filename, const char *mime,
                       bool preview);

/* GET /attachments/{id} (download) and /attachments/{id}/preview. Visibility follows the
 * document: incoming_may_see() for "in", outgoing_may_see() for "out"; not visible → 404.
 * Opening an attachment of a secret document is audited ("doc.open_secret_attachment").
 * Registered by outgoing_routes(). */
void attach_routes(void);

#define FILES_MAX_TEXT (2 * 1024 * 1024) /* text kept per attachment */
/* ---- text extraction (extract.c) --------------------------------------------------------
 *
 * By the file's sniffed type: PDF → pdftotext -enc UTF-8; a PDF without a text layer (a scan)
 * → its page images (pdfimages -all) → OCR; JPEG/PNG/TIFF → OCR (tesseract -l vie --oem 1
 * --psm 3, one thread); DOCX/ODT/XLSX → the document XML (unzip -p) with tags stripped and
 * entities decoded; plain text as is. Every tool runs in the jobs_exec sandbox. The text is
 * checked (valid UTF-8), normalised to NFC, cut at FILES_MAX_TEXT, and refused when it
 * looks like a legacy TCVN3/VNI font (vi_looks_legacy) so garbage is never indexed.
 * Old binary formats (.doc, .xls) give no text and method "none". */
#define FILES_MAX_OCR_PAGES 50 /* page images OCRed per file */

/* Returns 0 with *text_r (malloc'd NFC, caller frees; may be "") and *method_r (static:
 * "pdftotext", "ocr", "docx", "odt", "xlsx", "text", "none"); or -1 with *err_r (malloc'd
 * Vietnamese message, caller frees). tmp_dir holds the page images of a scan while it runs. */
int files_extract(const char *path, const char *mime, const char *tmp_dir, char **text_r,
                  const char **method_r, char **err_r);
/* Tag-stripped text of an Office/ODF XML part (paragraph ends become newlines, entities
 * decoded). malloc'd. Exposed for tests. */
char *files_xml_text(const char *xml, size_t n);

#endif
