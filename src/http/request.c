/* Requests and responses (http.h) and the request builder both front ends feed
 * (http/request.h): limits before buffering, bodies in memory or streamed to temp files. */
#include "http/request.h"

#include <ctype.h>
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/i18n.h"

/* ---- key/value lists ------------------------------------------------------------------ */

const char *kv_get(const kvlist *l, const char *name)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i].name, name) == 0)
            return l->v[i].value;
    return NULL;
}

void kv_add(arena *a, kvlist *l, const char *name, const char *value, size_t len)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        kv *v = arena_alloc(a, cap * sizeof *v);
        if (l->n)
            memcpy(v, l->v, l->n * sizeof *v);
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = (kv){arena_strdup(a, name), arena_strndup(a, value ? value : "", len), len};
}

const char *req_query(const http_req *r, const char *name)
{
    return kv_get(&r->query, name);
}

const char *req_form(const http_req *r, const char *name)
{
    return kv_get(&r->form, name);
}

const char *req_param(const http_req *r, const char *name)
{
    return kv_get(&r->params, name);
}

const char *req_header(const http_req *r, const char *name)
{
    return kv_get(&r->headers, name);
}

const char *req_cookie(const http_req *r, const char *name)
{
    return kv_get(&r->cookies, name);
}

int64_t req_param_id(const http_req *r, const char *name)
{
    const char *s = req_param(r, name);
    if (!s || !*s || strlen(s) > 18)
        return 0;
    int64_t v = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9')
            return 0;
        v = v * 10 + (*p - '0');
    }
    return v;
}

const http_upload *req_upload(const http_req *r, const char *field)
{
    for (size_t i = 0; i < r->n_uploads; i++)
        if (strcmp(r->uploads[i].field, field) == 0)
            return &r->uploads[i];
    return NULL;
}

bool req_is_write(const http_req *r)
{
    const char *m = r->method ? r->method : "";
    return strcmp(m, "POST") == 0 || strcmp(m, "PUT") == 0 || strcmp(m, "PATCH") == 0 ||
           strcmp(m, "DELETE") == 0;
}

void resp_init(http_resp *rs)
{
    memset(rs, 0, sizeof *rs);
    rs->status = 200;
    rs->file_fd = -1;
}

void resp_free(http_resp *rs)
{
    sb_free(&rs->body);
    if (rs->file_fd >= 0)
        close(rs->file_fd);
    rs->file_fd = -1;
}

void resp_header(arena *a, http_resp *rs, const char *name, const char *value)
{
    /* Single-valued headers are replaced, so an error page after a half-written answer does
     * not carry two Content-Types; Set-Cookie may repeat. */
    if (strcasecmp(name, "Set-Cookie") != 0) {
        for (size_t i = 0; i < rs->headers.n; i++)
            if (strcasecmp(rs->headers.v[i].name, name) == 0) {
                rs->headers.v[i].value = arena_strdup(a, value);
                rs->headers.v[i].len = strlen(value);
                return;
            }
    }
    kv_add(a, &rs->headers, name, value, strlen(value));
}

/* ---- the builder ------------------------------------------------------------------------ */

void req_fail(http_req *rq, int status, const char *msg)
{
    if (rq->error_status)
        return;
    rq->error_status = status;
    rq->error_msg = msg;
}

static const char *msg_utf8(void)
{
    return _("Dữ liệu gửi lên không phải UTF-8 hợp lệ.");
}

static bool method_ok(const char *m)
{
    size_t n = strlen(m);
    if (n == 0 || n > 16)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!isupper((unsigned char)m[i]))
            return false;
    return true;
}

void reqb_begin(req_builder *b, http_req *rq, const char *method, const char *url,
                const char *client_ip, const char *tmp_dir)
{
    arena *a = rq->a;
    memset(rq, 0, sizeof *rq);
    rq->a = a;
    memset(b, 0, sizeof *b);
    b->rq = rq;
    b->tmp_dir = tmp_dir;
    b->content_length = -1;
    b->fd = -1;
    rq->client_ip = arena_strdup(a, client_ip ? client_ip : "");
    rq->path = "/";
    rq->raw_query = "";
    method = method ? method : "";
    rq->method = method_ok(method) ? arena_strdup(a, method) : "GET";
    if (!method_ok(method))
        req_fail(rq, 400, _("Yêu cầu không hợp lệ."));
    url = url ? url : "";
    size_t ulen = strlen(url);
    if (ulen > HTTP_MAX_URL_BYTES) {
        req_fail(rq, 414, _("Địa chỉ yêu cầu quá dài."));
        return;
    }
    if (url[0] != '/') {
        req_fail(rq, 400, _("Yêu cầu không hợp lệ."));
        return;
    }
    const char *q = strchr(url, '?');
    size_t plen = q ? (size_t)(q - url) : ulen;
    char *path = http_percent_decode(a, url, plen, false);
    size_t dlen = strlen(path);
    /* A %00 would cut the path short for every later strcmp: refuse it with bad UTF-8. */
    if (!utf8_valid(path, dlen) || memmem(url, plen, "%00", 3)) {
        req_fail(rq, 400, msg_utf8());
        return;
    }
    rq->path = path;
    if (q) {
        rq->raw_query = arena_strdup(a, q + 1);
        const char *err = NULL;
        if (http_parse_urlencoded(a, q + 1, strlen(q + 1), &rq->query, &err) != 0)
            req_fail(rq, 400, err);
    }
}

void reqb_header(req_builder *b, const char *name, const char *value)
{
    http_req *rq = b->rq;
    name = name ? name : "";
    value = value ? value : "";
    b->header_bytes += strlen(name) + strlen(value) + 4;
    if (b->header_bytes > HTTP_MAX_HEADER_BYTES) {
        req_fail(rq, 431, _("Phần đầu của yêu cầu quá lớn."));
        return;
    }
    char *lname = arena_strdup(rq->a, name);
    for (char *p = lname; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    kv_add(rq->a, &rq->headers, lname, value, strlen(value));
    if (strcmp(lname, "content-type") == 0) {
        size_t n = strcspn(value, ";");
        while (n > 0 && (value[n - 1] == ' ' || value[n - 1] == '\t'))
            n--;
        char *ct = arena_strndup(rq->a, value, n);
        for (char *p = ct; *p; p++)
            *p = (char)tolower((unsigned char)*p);
        rq->content_type = ct;
    } else if (strcmp(lname, "content-length") == 0) {
        int64_t v = 0;
        const char *p = value;
        while (*p == ' ')
            p++;
        if (!*p)
            v = -1;
        for (; *p && v >= 0; p++) {
            if (*p < '0' || *p > '9' || v > (INT64_MAX - 9) / 10)
                v = -1;
            else
                v = v * 10 + (*p - '0');
        }
        if (v < 0 || (b->content_length >= 0 && b->content_length != v))
            req_fail(rq, 400, _("Yêu cầu không hợp lệ."));
        else
            b->content_length = v;
    } else if (strcmp(lname, "cookie") == 0) {
        http_parse_cookies(rq->a, value, &rq->cookies);
    }
}

/* ---- multipart receiver ---- */

/* Closes the open temp file of the current part and removes it (a refused or cut upload). */
static void part_abort(req_builder *b)
{
    if (b->fd >= 0) {
        close(b->fd);
        b->fd = -1;
        if (b->tmp_path)
            unlink(b->tmp_path);
    }
    b->tmp_path = NULL;
}

static int on_part_begin(void *u, const mp_part *p)
{
    req_builder *b = u;
    http_req *rq = b->rq;
    if (b->mp->parts > HTTP_MAX_PARTS) {
        req_fail(rq, 413, _("Dữ liệu tải lên có quá nhiều phần."));
        return -1;
    }
    if (!utf8_valid(p->name, strlen(p->name)) ||
        (p->filename && !utf8_valid(p->filename, strlen(p->filename)))) {
        req_fail(rq, 400, msg_utf8());
        return -1;
    }
    b->part_name = arena_strdup(rq->a, p->name);
    b->part_is_file = p->filename != NULL;
    b->part_skip = p->filename != NULL && p->filename[0] == 0;
    b->part_size = 0;
    sb_reset(&b->field);
    if (!b->part_is_file || b->part_skip)
        return 0;
    b->part_filename = arena_strdup(rq->a, p->filename);
    b->part_ctype = arena_strdup(rq->a, p->content_type);
    char *path = arena_printf(rq->a, "%s/upload-XXXXXX", b->tmp_dir ? b->tmp_dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0) {
        fprintf(stderr, "vanphong: cannot create a temp file in %s: %s\n",
                b->tmp_dir ? b->tmp_dir : "/tmp", strerror(errno));
        req_fail(rq, 500, _("Máy chủ không tạo được tệp tạm để nhận tệp tải lên."));
        return -1;
    }
    b->fd = fd;
    b->tmp_path = path;
    if (b->n_tmps == b->cap_tmps) {
        size_t cap = b->cap_tmps ? b->cap_tmps * 2 : 4;
        struct reqb_tmp *v = arena_alloc(rq->a, cap * sizeof *v);
        if (b->n_tmps)
            memcpy(v, b->tmps, b->n_tmps * sizeof *v);
        b->tmps = v;
        b->cap_tmps = cap;
    }
    struct stat st;
    b->tmps[b->n_tmps].path = path;
    b->tmps[b->n_tmps].ino = fstat(fd, &st) == 0 ? st.st_ino : 0;
    b->n_tmps++;
    if (!b->hash)
        b->hash = arena_alloc(rq->a, sizeof(crypto_hash_sha256_state));
    crypto_hash_sha256_init(b->hash);
    return 0;
}

static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static void fail_io(req_builder *b, const char *what)
{
    int e = errno;
    fprintf(stderr, "vanphong: upload %s %s: %s\n", what, b->tmp_path ? b->tmp_path : "",
            strerror(e));
    part_abort(b);
    if (e == ENOSPC || e == EDQUOT)
        req_fail(b->rq, 507, _("Máy chủ hết chỗ lưu trữ; tệp chưa được lưu."));
    else
        req_fail(b->rq, 500, _("Máy chủ không ghi được tệp tải lên; tệp chưa được lưu."));
}

static int on_part_data(void *u, const char *data, size_t n)
{
    req_builder *b = u;
    if (b->part_skip)
        return 0;
    if (!b->part_is_file) {
        if (b->field.len + n > HTTP_MAX_FIELD_BYTES) {
            req_fail(b->rq, 413, _("Một trường dữ liệu dài quá giới hạn cho phép (64 KB)."));
            return -1;
        }
        sb_add(&b->field, data, n);
        return 0;
    }
    b->part_size += (int64_t)n;
    if (b->part_size > HTTP_MAX_UPLOAD_BYTES) {
        part_abort(b);
        req_fail(b->rq, 413, _("Tệp tải lên vượt quá giới hạn 50 MB."));
        return -1;
    }
    if (write_all(b->fd, data, n) != 0) {
        fail_io(b, "write");
        return -1;
    }
    crypto_hash_sha256_update(b->hash, (const unsigned char *)data, n);
    return 0;
}

static int on_part_end(void *u)
{
    req_builder *b = u;
    http_req *rq = b->rq;
    if (b->part_skip)
        return 0;
    if (!b->part_is_file) {
        const char *v = sb_str(&b->field);
        if (!utf8_valid(v, b->field.len) || memchr(v, 0, b->field.len)) {
            req_fail(rq, 400, msg_utf8());
            return -1;
        }
        if (rq->form.n >= HTTP_MAX_PARAMS) {
            req_fail(rq, 400, _("Yêu cầu có quá nhiều tham số."));
            return -1;
        }
        kv_add(rq->a, &rq->form, b->part_name, v, b->field.len);
        return 0;
    }
    /* Durable before anyone links it into the blob store (DESIGN.md principle 3). */
    if (fsync(b->fd) != 0) {
        fail_io(b, "fsync");
        return -1;
    }
    close(b->fd);
    b->fd = -1;
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(b->hash, digest);
    http_upload *v = arena_alloc(rq->a, (rq->n_uploads + 1) * sizeof *v);
    if (rq->n_uploads)
        memcpy(v, rq->uploads, rq->n_uploads * sizeof *v);
    http_upload *up = &v[rq->n_uploads];
    up->field = b->part_name;
    up->filename = b->part_filename;
    up->content_type = b->part_ctype;
    up->tmp_path = b->tmp_path;
    up->size = b->part_size;
    sodium_bin2hex(up->sha256_hex, sizeof up->sha256_hex, digest, sizeof digest);
    rq->uploads = v;
    rq->n_uploads++;
    b->tmp_path = NULL;
    return 0;
}

static const mp_callbacks receiver = {on_part_begin, on_part_data, on_part_end};

void reqb_headers_done(req_builder *b)
{
    if (b->headers_done)
        return;
    b->headers_done = true;
    http_req *rq = b->rq;
    if (rq->error_status)
        return;
    if (rq->content_type && strcmp(rq->content_type, "multipart/form-data") == 0) {
        if (b->content_length > HTTP_MAX_MULTIPART_BODY) {
            req_fail(rq, 413, _("Dữ liệu gửi lên quá lớn."));
            return;
        }
        char boundary[MP_MAX_BOUNDARY + 1];
        b->mp = arena_alloc(rq->a, sizeof *b->mp);
        if (mp_boundary(req_header(rq, "content-type"), boundary, sizeof boundary) != 0 ||
            mp_init(b->mp, boundary, &receiver, b) != 0) {
            req_fail(rq, 400, _("Dữ liệu tải lên (multipart) không hợp lệ."));
            return;
        }
        b->is_multipart = true;
        return;
    }
    if (b->content_length > HTTP_MAX_FORM_BODY)
        req_fail(rq, 413, _("Dữ liệu gửi lên quá lớn."));
}

void reqb_body(req_builder *b, const char *data, size_t n)
{
    http_req *rq = b->rq;
    reqb_headers_done(b);
    if (rq->error_status || n == 0 || b->ended)
        return;
    b->body_seen += (int64_t)n;
    if (b->is_multipart) {
        if (b->body_seen > HTTP_MAX_MULTIPART_BODY) {
            part_abort(b);
            req_fail(rq, 413, _("Dữ liệu gửi lên quá lớn."));
            return;
        }
        if (mp_feed(b->mp, data, n) != 0) {
            part_abort(b);
            req_fail(rq, 400, _("Dữ liệu tải lên (multipart) không hợp lệ."));
        }
        return;
    }
    if (b->mem.len + n > HTTP_MAX_FORM_BODY) {
        sb_free(&b->mem);
        req_fail(rq, 413, _("Dữ liệu gửi lên quá lớn."));
        return;
    }
    sb_add(&b->mem, data, n);
}

void reqb_end(req_builder *b)
{
    http_req *rq = b->rq;
    reqb_headers_done(b);
    if (b->ended)
        return;
    b->ended = true;
    if (rq->error_status) {
        part_abort(b);
        sb_free(&b->mem);
        return;
    }
    if (b->is_multipart) {
        if (mp_finish(b->mp) != 0) {
            part_abort(b);
            req_fail(rq, 400, _("Dữ liệu tải lên (multipart) không hợp lệ."));
        }
        sb_free(&b->field);
        return;
    }
    if (b->mem.len > 0 || b->content_length >= 0) {
        rq->body = arena_strndup(rq->a, sb_str(&b->mem), b->mem.len);
        rq->body_len = b->mem.len;
    }
    sb_free(&b->mem);
    if (rq->body && rq->content_type &&
        strcmp(rq->content_type, "application/x-www-form-urlencoded") == 0) {
        const char *err = NULL;
        if (http_parse_urlencoded(rq->a, rq->body, rq->body_len, &rq->form, &err) != 0)
            req_fail(rq, 400, err);
    }
}

void reqb_cleanup(req_builder *b)
{
    part_abort(b);
    for (size_t i = 0; i < b->n_tmps; i++) {
        /* The handler usually moved the file into the blob store already; then the name may
         * since belong to another request's upload, which the inode tells apart. */
        struct stat st;
        if (lstat(b->tmps[i].path, &st) != 0 || st.st_ino != b->tmps[i].ino)
            continue;
        if (unlink(b->tmps[i].path) != 0 && errno != ENOENT)
            fprintf(stderr, "vanphong: cannot remove %s: %s\n", b->tmps[i].path, strerror(errno));
    }
    b->n_tmps = 0;
    sb_free(&b->mem);
    sb_free(&b->field);
}
