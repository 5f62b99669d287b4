/* Attachments: type check by content, blob store, rows, download and preview (attach.h). */
#include "files/files.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <magic.h>

#include "base/config.h"
#include "web/dates.h"
#include "web/respond.h"
#include "audit/audit.h"
#include "base/i18n.h"
#include "files/blob.h"
#include "catalog/vocab.h"
#include "web/records.h"
#include "http/router.h"
#include "text/vi.h"

#define ATTACH_MAX_FILENAME 200

static const db_query q_insert = {
    "attach.insert",
    "INSERT INTO attachments (doc_kind, doc_id, sha256, filename, mime, size, created_by) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    NULL,
};
#define ATT_COLS "id, doc_kind, doc_id, sha256, filename, mime, size, created_by, created_at"
static const db_query q_list = {
    "attach.list",
    "SELECT " ATT_COLS " FROM attachments WHERE doc_kind = ?1 AND doc_id = ?2 ORDER BY id",
    NULL,
};
static const db_query q_get = {"attach.get", "SELECT " ATT_COLS " FROM attachments WHERE id = ?1",
                               NULL};

/* The allow-list (issue 3): what an office exchanges. Anything else — executables, HTML,
 * archives, scripts — is refused whatever its name says. */
static const char *const allowed_mimes[] = {
    "application/pdf",
    "image/jpeg",
    "image/png",
    "image/tiff",
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.ms-excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "text/plain",
    NULL,
};

bool attach_mime_allowed(const char *mime)
{
    for (int i = 0; mime && allowed_mimes[i]; i++)
        if (strcmp(mime, allowed_mimes[i]) == 0)
            return true;
    return false;
}

bool attach_mime_previewable(const char *mime)
{
    return mime && (strcmp(mime, "application/pdf") == 0 || strcmp(mime, "image/jpeg") == 0 ||
                    strcmp(mime, "image/png") == 0);
}

/* libmagic handles are not thread-safe: one per thread, closed at thread exit. */
static pthread_key_t magic_key;
static pthread_once_t magic_once = PTHREAD_ONCE_INIT;

static void magic_destroy(void *m)
{
    magic_close((magic_t)m);
}

static void magic_key_init(void)
{
    pthread_key_create(&magic_key, magic_destroy);
}

static magic_t thread_magic(void)
{
    pthread_once(&magic_once, magic_key_init);
    magic_t m = pthread_getspecific(magic_key);
    if (!m) {
        m = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR);
        if (!m)
            return NULL;
        if (magic_load(m, NULL) != 0) {
            magic_close(m);
            return NULL;
        }
        pthread_setspecific(magic_key, m);
    }
    return m;
}

/* Old binary Office files are one container format (OLE2/CDF); some magic databases name
 * only the container. Accept it as DOC/XLS when the name agrees; the type stored is then the
 * Office type, never the client's word alone. */
static const char *refine_cdf(const char *mime, const char *filename)
{
    if (!mime || !filename)
        return mime;
    if (strcmp(mime, "application/CDFV2") != 0 && strcmp(mime, "application/x-ole-storage"))
        return mime;
    const char *dot = strrchr(filename, '.');
    if (dot && strcasecmp(dot, ".doc") == 0)
        return "application/msword";
    if (dot && strcasecmp(dot, ".xls") == 0)
        return "application/vnd.ms-excel";
    return mime;
}

/* libmagic's weaker rules can name a binary format for plain text (file 5.44 takes any text
 * with "IMAP" at byte 256 for a Sega Pico ROM). A file named .txt whose first
 * ATTACH_TEXT_CHECK bytes are valid UTF-8 without control characters (tab, line ends and form
 * feed aside) is text whatever such a rule says. Only a binary verdict is overruled: what
 * libmagic calls text/html, text/x-shellscript… stays what it is (and refused). */
#define ATTACH_TEXT_CHECK (1024 * 1024)
static const char *refine_text(const char *mime, const char *filename, const char *path)
{
    if (!mime || !filename || attach_mime_allowed(mime) || strncmp(mime, "text/", 5) == 0)
        return mime;
    const char *dot = strrchr(filename, '.');
    if (!dot || strcasecmp(dot, ".txt") != 0)
        return mime;
    FILE *f = fopen(path, "rb");
    if (!f)
        return mime;
    char *buf = malloc(ATTACH_TEXT_CHECK);
    size_t n = buf ? fread(buf, 1, ATTACH_TEXT_CHECK, f) : 0;
    fclose(f);
    bool text = n > 0;
    /* a read cut inside a character: check the whole characters only */
    size_t end = n;
    if (n == ATTACH_TEXT_CHECK)
        while (end > 0 && ((unsigned char)buf[end - 1] & 0xC0) == 0x80)
            end--;
    if (end < n && end > 0)
        end--; /* the lead byte of the cut character */
    for (size_t i = 0; text && i < end; i++) {
        unsigned char ch = (unsigned char)buf[i];
        if ((ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r' && ch != '\f') || ch == 0x7F)
            text = false;
    }
    text = text && vi_valid_utf8(buf, end);
    free(buf);
    return text ? "text/plain" : mime;
}

/* A bulk importer (app/cli_import.c) classifies its files on a second thread, ahead of the
 * registration: libmagic's text rules cost about 0.5 ms a text file, a third of a line's
 * registration. attach_sniff remembers its verdict for the file it read; attach_add, given the
 * same file, takes that verdict instead of running libmagic again. The key is the file's
 * identity — device, inode, size and change time (ctime moves with every write and cannot be
 * set back) — so a verdict never stands for other bytes than those libmagic read. An entry is
 * taken once; the table is small and overwritten (a miss only costs a second sniff). The
 * server never calls attach_sniff directly, so for it the table stays empty. */
enum { SNIFF_MEMO = 4096, SNIFF_MIME_MAX = 96 };
typedef struct sniff_memo {
    dev_t dev;
    ino_t ino;
    off_t size;
    struct timespec ctim;
    char mime[SNIFF_MIME_MAX];
} sniff_memo;
static sniff_memo memo[SNIFF_MEMO];
static pthread_mutex_t memo_lock = PTHREAD_MUTEX_INITIALIZER;

static bool same_file(const sniff_memo *e, const struct stat *st)
{
    return e->ino == st->st_ino && e->dev == st->st_dev && e->size == st->st_size &&
           e->ctim.tv_sec == st->st_ctim.tv_sec && e->ctim.tv_nsec == st->st_ctim.tv_nsec;
}

/* libmagic on an open file; NULL if unreadable. */
static const char *sniff_fd(ctx *c, int fd)
{
    magic_t m = thread_magic();
    if (!m)
        return NULL;
    const char *t = magic_descriptor(m, fd);
    return t ? arena_strdup(c->a, t) : NULL;
}

const char *attach_sniff(ctx *c, const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0)
        return NULL;
    const char *t = fstat(fd, &st) == 0 ? sniff_fd(c, fd) : NULL;
    close(fd);
    if (t && strlen(t) < SNIFF_MIME_MAX) {
        pthread_mutex_lock(&memo_lock);
        sniff_memo *e = &memo[st.st_ino % SNIFF_MEMO];
        *e = (sniff_memo){
            .dev = st.st_dev, .ino = st.st_ino, .size = st.st_size, .ctim = st.st_ctim};
        memcpy(e->mime, t, strlen(t) + 1);
        pthread_mutex_unlock(&memo_lock);
    }
    return t;
}

/* attach_add's sniff: the remembered verdict for this very file, else libmagic now. */
static const char *sniff_for_add(ctx *c, const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0)
        return NULL;
    const char *t = NULL;
    if (fstat(fd, &st) == 0) {
        pthread_mutex_lock(&memo_lock);
        sniff_memo *e = &memo[st.st_ino % SNIFF_MEMO];
        if (e->mime[0] && same_file(e, &st)) {
            t = arena_strdup(c->a, e->mime);
            e->mime[0] = '\0';
        }
        pthread_mutex_unlock(&memo_lock);
        if (!t)
            t = sniff_fd(c, fd);
    }
    close(fd);
    return t;
}

/* Display name only (never a path): last path segment, no control characters or quotes,
 * at most ATTACH_MAX_FILENAME bytes cut on a UTF-8 boundary. */
static const char *sanitize_filename(ctx *c, const char *name)
{
    if (!name)
        name = "";
    const char *base = name;
    for (const char *p = name; *p; p++)
        if (*p == '/' || *p == '\\')
            base = p + 1;
    size_t n = strlen(base);
    char *out = arena_alloc(c->a, n + 1);
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)base[i];
        out[j++] = (ch < 0x20 || ch == 0x7f || ch == '"') ? '_' : (char)ch;
    }
    if (j > ATTACH_MAX_FILENAME) {
        j = ATTACH_MAX_FILENAME;
        while (j > 0 && ((unsigned char)out[j] & 0xC0) == 0x80)
            j--;
    }
    out[j] = '\0';
    while (j > 0 && (out[j - 1] == ' ' || out[j - 1] == '.'))
        out[--j] = '\0';
    return j ? out : "tep-dinh-kem";
}

static attach_guard_fn guard;
static attach_stored_fn stored;

void attach_stored_set(attach_stored_fn fn)
{
    stored = fn;
}

void attach_guard_set(attach_guard_fn fn)
{
    guard = fn;
}

int64_t attach_add(ctx *c, const char *doc_kind, int64_t doc_id, const http_upload *u,
                   const char **err_r, int *status_r)
{
    *status_r = 400;
    if (!doc_kind || (strcmp(doc_kind, "in") != 0 && strcmp(doc_kind, "out") != 0) || doc_id <= 0) {
        *err_r = _("Văn bản đính kèm không hợp lệ.");
        return -1;
    }
    if (!u || !u->tmp_path) {
        *err_r = _("Chưa chọn tệp đính kèm.");
        return -1;
    }
    if (guard && guard(c, doc_kind, doc_id, err_r, status_r) != 0)
        return -1;
    if (u->size <= 0) {
        *err_r = _("Tệp đính kèm rỗng.");
        return -1;
    }
    if (u->size > HTTP_MAX_UPLOAD_BYTES) {
        *err_r = _("Tệp đính kèm vượt quá giới hạn 50 MB.");
        *status_r = 413;
        return -1;
    }
    const char *filename = sanitize_filename(c, u->filename);
    const char *mime =
        refine_text(refine_cdf(sniff_for_add(c, u->tmp_path), filename), filename, u->tmp_path);
    if (!attach_mime_allowed(mime)) {
        *err_r = _("Loại tệp không được phép (kiểm tra theo nội dung tệp). Chỉ nhận PDF, ảnh "
                   "JPEG/PNG/TIFF, DOC/DOCX, ODT, XLS/XLSX và TXT.");
        *status_r = 415;
        return -1;
    }
    if (!blob_sha_valid(u->sha256_hex)) {
        *err_r = _("Tệp tải lên không hoàn chỉnh.");
        return -1;
    }
    /* The blob is durable before the row exists: a crash between the two leaves only an
     * unreferenced blob, which the sweep removes; never a row without its file. */
    const char *berr;
    if (blob_put(config.blob_dir, u->tmp_path, u->sha256_hex, &berr) != 0) {
        fprintf(stderr, "vanphong: attachment store: %s\n", berr);
        *err_r = _("Không lưu được tệp đính kèm (lỗi lưu trữ). Vui lòng thử lại.");
        *status_r = 500;
        return -1;
    }
    db_stmt *s = db_stmt_get(c->db, &q_insert);
    if (!s)
        goto dberr;
    db_bind_text(s, 1, doc_kind);
    db_bind_int(s, 2, doc_id);
    db_bind_text(s, 3, u->sha256_hex);
    db_bind_text(s, 4, filename);
    db_bind_text(s, 5, mime);
    db_bind_int(s, 6, u->size);
    if (c->user)
        db_bind_int(s, 7, c->user->id);
    if (db_exec(s) != DB_DONE)
        goto dberr;
    int64_t id = db_last_id(c->db);
    if (stored)
        stored(c, u->sha256_hex, mime);
    return id;
dberr:
    *err_r = _("Không lưu được tệp đính kèm (lỗi cơ sở dữ liệu).");
    *status_r = 500;
    return -1;
}

int64_t attach_link(ctx *c, const char *doc_kind, int64_t doc_id, const char *sha256_hex,
                    const char *filename, const char *mime, int64_t size)
{
    if (!doc_kind || (strcmp(doc_kind, "in") != 0 && strcmp(doc_kind, "out") != 0) || doc_id <= 0 ||
        !blob_sha_valid(sha256_hex) || !attach_mime_allowed(mime))
        return -1;
    int64_t have = -1;
    int fd = blob_open(config.blob_dir, sha256_hex, &have);
    if (fd < 0)
        return -1;
    close(fd);
    if (have != size)
        return -1;
    db_stmt *s = db_stmt_get(c->db, &q_insert);
    if (!s)
        return -1;
    db_bind_text(s, 1, doc_kind);
    db_bind_int(s, 2, doc_id);
    db_bind_text(s, 3, sha256_hex);
    db_bind_text(s, 4, filename);
    db_bind_text(s, 5, mime);
    db_bind_int(s, 6, size);
    if (c->user)
        db_bind_int(s, 7, c->user->id);
    if (db_exec(s) != DB_DONE)
        return -1;
    int64_t id = db_last_id(c->db);
    if (stored)
        stored(c, sha256_hex, mime);
    return id;
}

static void read_att(db_stmt *s, attachment *a)
{
    a->id = db_col_int(s, 0);
    a->doc_kind = db_col_text(s, 1);
    a->doc_id = db_col_int(s, 2);
    a->sha256 = db_col_text(s, 3);
    a->filename = db_col_text(s, 4);
    a->mime = db_col_text(s, 5);
    a->size = db_col_int(s, 6);
    a->created_by = db_col_int(s, 7);
    a->created_at = db_col_text(s, 8);
}

int attach_list(ctx *c, const char *doc_kind, int64_t doc_id, attach_cb cb, void *arg)
{
    db_stmt *s = db_stmt_get(c->db, &q_list);
    if (!s)
        return 0;
    db_bind_text(s, 1, doc_kind);
    db_bind_int(s, 2, doc_id);
    int n = 0;
    /* Rows are copied first: callbacks may run other statements. */
    attachment *v = NULL;
    int cap = 0;
    while (db_step(s) == DB_ROW) {
        if (n == cap) {
            int ncap = cap ? cap * 2 : 8;
            attachment *w = arena_alloc(c->a, sizeof *w * (size_t)ncap);
            if (n)
                memcpy(w, v, sizeof *v * (size_t)n);
            v = w;
            cap = ncap;
        }
        attachment a;
        read_att(s, &a);
        a.doc_kind = arena_strdup(c->a, a.doc_kind);
        a.sha256 = arena_strdup(c->a, a.sha256);
        a.filename = arena_strdup(c->a, a.filename);
        a.mime = arena_strdup(c->a, a.mime);
        a.created_at = arena_strdup(c->a, a.created_at);
        v[n++] = a;
    }
    db_reset(s);
    for (int i = 0; i < n; i++)
        cb(c, &v[i], arg);
    return n;
}

static void add_json(ctx *c, const attachment *a, void *arg)
{
    json_array_append_new((json_t *)arg,
                          json_pack("{s:I, s:s, s:s, s:I, s:s, s:s, s:s}", "id", (json_int_t)a->id,
                                    "filename", a->filename, "mime", a->mime, "size",
                                    (json_int_t)a->size, "sha256", a->sha256, "created_at",
                                    a->created_at ? a->created_at : "", "url",
                                    arena_printf(c->a, "/attachments/%lld", (long long)a->id)));
}

json_t *attach_json(ctx *c, const char *doc_kind, int64_t doc_id)
{
    json_t *arr = json_array();
    attach_list(c, doc_kind, doc_id, add_json, arr);
    return arr;
}

static void add_html(ctx *c, const attachment *a, void *arg)
{
    strbuf *b = &c->rs->body;
    /* Sizes in the reader's number forms: "1.006 KB", "2,5 MB" in Vietnamese; "1,006 KB",
     * "2.5 MB" in English. */
    const char *size;
    if (a->size >= 1024 * 1024) {
        int64_t tenths = (a->size * 10 + 512 * 1024) / (1024 * 1024);
        size = arena_printf(c->a, "%s%c%d MB", web_number(c, tenths / 10), i18n_decimal_mark(),
                            (int)(tenths % 10));
    } else {
        size = arena_printf(c->a, "%s KB", web_number(c, (a->size + 1023) / 1024));
    }
    html_printf(b, "<li><a href=\"/attachments/%lld\" download>%s</a> <small>(%s)</small>",
                (long long)a->id, a->filename, size);
    if (attach_mime_previewable(a->mime))
        html_printf(b,
                    " · <a href=\"/attachments/%lld/preview\" target=\"_blank\" "
                    "rel=\"noopener\">%s</a>",
                    (long long)a->id, _("Xem"));
    html_raw(b, "</li>");
}

void attach_html_list(ctx *c, const char *doc_kind, int64_t doc_id)
{
    strbuf *b = &c->rs->body;
    html_raw(b, "<ul class=\"attachments\">");
    if (attach_list(c, doc_kind, doc_id, add_html, NULL) == 0)
        html_printf(b, "<li class=\"muted\">%s</li>", _("Chưa có tệp đính kèm."));
    html_raw(b, "</ul>");
}

/* ---- download and preview ---- */

/* Loads the attachment if c->user may see its document; NULL otherwise (the caller answers
 * 404 either way). *secret_r tells whether opening it must be audited. */
static const attachment *load_visible(ctx *c, int64_t id, bool *secret_r)
{
    db_stmt *s = db_stmt_get(c->db, &q_get);
    if (!s)
        return NULL;
    db_bind_int(s, 1, id);
    attachment *a = NULL;
    if (db_step(s) == DB_ROW) {
        a = arena_alloc(c->a, sizeof *a);
        read_att(s, a);
        a->doc_kind = arena_strdup(c->a, a->doc_kind);
        a->sha256 = arena_strdup(c->a, a->sha256);
        a->filename = arena_strdup(c->a, a->filename);
        a->mime = arena_strdup(c->a, a->mime);
        a->created_at = arena_strdup(c->a, a->created_at);
    }
    db_reset(s);
    if (!a)
        return NULL;
    int secrecy = 0;
    if (!record_visible(c, a->doc_kind, a->doc_id, &secrecy))
        return NULL;
    *secret_r = secrecy > 0;
    return a;
}

/* RFC 6266/5987: an ASCII fallback name plus the exact UTF-8 name percent-encoded. */
static const char *disposition(ctx *c, const char *type, const char *filename)
{
    strbuf ascii = STRBUF_INIT, enc = STRBUF_INIT;
    for (const char *p = filename; *p; p++) {
        unsigned char ch = (unsigned char)*p;
        if (ch >= 0x80) {
            if ((ch & 0xC0) == 0xC0)
                sb_addc(&ascii, '_');
        } else if (ch == '"' || ch == '\\' || ch < 0x20) {
            sb_addc(&ascii, '_');
        } else {
            sb_addc(&ascii, (char)ch);
        }
    }
    url_encode(&enc, filename);
    const char *r = arena_printf(c->a, "%s; filename=\"%s\"; filename*=UTF-8''%s", type,
                                 sb_str(&ascii), sb_str(&enc));
    sb_free(&ascii);
    sb_free(&enc);
    return r;
}

void attach_serve_blob(ctx *c, const char *sha256, const char *filename, const char *mime,
                       bool preview)
{
    int64_t size;
    int fd = blob_open(config.blob_dir, sha256, &size);
    if (fd < 0) {
        respond_error(c, 500, "blob_missing", _("Không đọc được tệp đính kèm."));
        return;
    }
    c->rs->status = 200;
    resp_header(c->a, c->rs, "Content-Type", mime);
    resp_header(c->a, c->rs, "X-Content-Type-Options", "nosniff");
    resp_header(c->a, c->rs, "Cache-Control", "private, no-store");
    if (preview) {
        resp_header(c->a, c->rs, "Content-Disposition", disposition(c, "inline", filename));
        /* The file is shown on its own, never as part of our pages: no scripts, no forms,
         * no plugins other than the browser's PDF viewer, not framable by other sites. */
        resp_header(c->a, c->rs, "Content-Security-Policy",
                    strcmp(mime, "application/pdf") == 0
                        ? "default-src 'none'; object-src 'self'; frame-ancestors 'self'"
                        : "default-src 'none'; img-src 'self'; sandbox; frame-ancestors 'self'");
        /* Our own record page frames it beside the handling panel; nobody else's (the
         * dispatcher's default is DENY). */
        resp_header(c->a, c->rs, "X-Frame-Options", "SAMEORIGIN");
    } else {
        resp_header(c->a, c->rs, "Content-Disposition", disposition(c, "attachment", filename));
        resp_header(c->a, c->rs, "Content-Security-Policy", "default-src 'none'; sandbox");
    }
    c->rs->file_fd = fd;
    c->rs->file_size = size;
}

static void serve(ctx *c, bool preview)
{
    bool secret = false;
    const attachment *a = load_visible(c, req_param_id(c->rq, "id"), &secret);
    if (!a || (preview && !attach_mime_previewable(a->mime))) {
        respond_not_found(c);
        return;
    }
    if (secret) {
        /* Every opening of a secret document's attachment leaves an audit row (issue 3). */
        char after[128];
        snprintf(after, sizeof after, "{\"doc_kind\":\"%s\",\"doc_id\":%lld}", a->doc_kind,
                 (long long)a->doc_id);
        if (db_begin_write(c->db) != 0 ||
            audit_log(c->db, c->user, "doc.open_secret_attachment", "attachment", a->id, NULL,
                      after) != 0 ||
            db_commit(c->db) != 0) {
            db_rollback(c->db);
            respond_error(c, 503, "busy", _("Không ghi được nhật ký truy cập; vui lòng thử lại."));
            return;
        }
    }
    attach_serve_blob(c, a->sha256, a->filename, a->mime, preview);
}

static void h_download(ctx *c)
{
    serve(c, false);
}

static void h_preview(ctx *c)
{
    serve(c, true);
}

/* The audit trail's resolver (audit.h): an attachment row follows its document's visibility,
 * as downloading it does. */
static bool audit_sees_attachment(ctx *c, const audit_row *row)
{
    db_stmt *s = db_stmt_get(c->db, &q_get);
    if (!s)
        return false;
    db_bind_int(s, 1, row->entity_id);
    attachment a = {0};
    char kind[4] = "";
    if (db_step(s) == DB_ROW) {
        read_att(s, &a);
        snprintf(kind, sizeof kind, "%s", a.doc_kind ? a.doc_kind : "");
    }
    db_reset(s);
    return *kind && record_visible(c, kind, a.doc_id, NULL);
}

void attach_routes(void)
{
    audit_register_entity("attachment", audit_sees_attachment);
    /* The API's documents link here, so a script's Bearer token opens them too. */
    route_add("GET", "/attachments/{id}", h_download, ROUTE_BEARER);
    route_add("GET", "/attachments/{id}/preview", h_preview, ROUTE_BEARER);
}
