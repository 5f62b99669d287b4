/* `vanphong http --data DIR`: answers ONE raw HTTP/1.1 request read from stdin, writing the
 * whole response (status line, headers, blank line, body) to stdout (app/cli_serve.c).
 *
 * The sockets-free twin of `serve` (STYLE.md, after `fossil http`): the same builder, limits
 * and dispatcher, so pages are tested without a server and the fuzzer reaches the real code.
 * Any bytes on stdin give a response: a malformed request is answered 400 and the exit status
 * is still 0; only bad usage or a missing data directory exit non-zero. Only Content-Length
 * bodies are read (no chunked encoding); the client address is 127.0.0.1. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "base/i18n.h"
#include "http/request.h"

struct http_front http_front;

/* The request line may be as long as the URL limit allows, on top of the header block. */
#define RAW_MAX_HEAD (HTTP_MAX_HEADER_BYTES + HTTP_MAX_URL_BYTES + 64)
#define RAW_CHUNK (64 * 1024)

enum { HEAD_OK, HEAD_TOO_BIG, HEAD_BAD };

/* Reads up to and including the blank line that ends the head. Lines may end in LF or CRLF.
 * An input that ends before the blank line is taken as complete if it holds a line. */
static int read_head(FILE *in, char *buf, size_t cap, size_t *len_r)
{
    size_t n = 0;
    int c;
    while ((c = getc(in)) != EOF) {
        if (n + 1 >= cap)
            return HEAD_TOO_BIG;
        buf[n++] = (char)c;
        if (c == 0)
            return HEAD_BAD;
        if (c == '\n' && ((n >= 2 && buf[n - 2] == '\n') ||
                          (n >= 3 && buf[n - 2] == '\r' && buf[n - 3] == '\n'))) {
            break;
        }
    }
    buf[n] = 0;
    *len_r = n;
    return memchr(buf, '\n', n) ? HEAD_OK : HEAD_BAD;
}

/* Cuts the next line (without CR/LF) off *pp; NULL at the end. */
static char *next_line(char **pp)
{
    char *p = *pp;
    if (!p || !*p)
        return NULL;
    char *nl = strchr(p, '\n');
    if (nl) {
        *nl = 0;
        *pp = nl + 1;
    } else {
        *pp = p + strlen(p);
    }
    size_t l = strlen(p);
    if (l > 0 && p[l - 1] == '\r')
        p[l - 1] = 0;
    return p;
}

static bool token_char(unsigned char c)
{
    return c > 0x20 && c < 0x7F && !strchr("()<>@,;:\\\"/[]?={}", c);
}

/* Parses the head into the builder; returns false (and the builder holds a 400) when it is
 * not an HTTP/1.x request. */
static bool parse_head(req_builder *b, http_req *rq, char *head)
{
    char *p = head;
    char *line = next_line(&p);
    char *sp1 = line ? strchr(line, ' ') : NULL;
    char *sp2 = sp1 ? strchr(sp1 + 1, ' ') : NULL;
    if (!sp1 || !sp2 || strchr(sp2 + 1, ' ') ||
        (strcmp(sp2 + 1, "HTTP/1.1") != 0 && strcmp(sp2 + 1, "HTTP/1.0") != 0)) {
        reqb_begin(b, rq, "GET", "/", "127.0.0.1", http_front.tmp_dir);
        req_fail(rq, 400, _("Yêu cầu HTTP không hợp lệ."));
        return false;
    }
    *sp1 = *sp2 = 0;
    char *target = sp1 + 1;
    /* absolute-form (a proxy's request): keep the path. */
    if (strncasecmp(target, "http://", 7) == 0 || strncasecmp(target, "https://", 8) == 0) {
        char *slash = strchr(strstr(target, "//") + 2, '/');
        target = slash ? slash : (char *)"/";
    }
    reqb_begin(b, rq, line, target, "127.0.0.1", http_front.tmp_dir);
    while ((line = next_line(&p)) != NULL && *line) {
        char *colon = strchr(line, ':');
        bool ok = colon && colon > line;
        for (char *q = line; ok && q < colon; q++)
            ok = token_char((unsigned char)*q);
        if (!ok) {
            req_fail(rq, 400, _("Yêu cầu HTTP không hợp lệ."));
            return false;
        }
        *colon = 0;
        char *v = colon + 1;
        while (*v == ' ' || *v == '\t')
            v++;
        size_t vl = strlen(v);
        while (vl > 0 && (v[vl - 1] == ' ' || v[vl - 1] == '\t'))
            v[--vl] = 0;
        if (strcasecmp(line, "transfer-encoding") == 0) {
            req_fail(rq, 400, _("Yêu cầu HTTP không hợp lệ."));
            return false;
        }
        reqb_header(b, line, v);
    }
    return true;
}

static void read_body(req_builder *b, http_req *rq, FILE *in)
{
    int64_t left = b->content_length;
    if (left <= 0)
        return;
    char *buf = malloc(RAW_CHUNK);
    if (!buf)
        abort();
    while (left > 0 && !rq->error_status) {
        size_t want = left < RAW_CHUNK ? (size_t)left : RAW_CHUNK;
        size_t got = fread(buf, 1, want, in);
        if (got == 0) {
            req_fail(rq, 400, _("Yêu cầu bị cắt ngang trước khi gửi hết dữ liệu."));
            break;
        }
        reqb_body(b, buf, got);
        left -= (int64_t)got;
    }
    free(buf);
}

static const char *reason(int status)
{
    static const struct {
        int code;
        const char *text;
    } t[] = {{200, "OK"},
             {201, "Created"},
             {204, "No Content"},
             {302, "Found"},
             {303, "See Other"},
             {304, "Not Modified"},
             {400, "Bad Request"},
             {401, "Unauthorized"},
             {403, "Forbidden"},
             {404, "Not Found"},
             {405, "Method Not Allowed"},
             {409, "Conflict"},
             {413, "Content Too Large"},
             {414, "URI Too Long"},
             {422, "Unprocessable Content"},
             {429, "Too Many Requests"},
             {431, "Request Header Fields Too Large"},
             {500, "Internal Server Error"},
             {503, "Service Unavailable"},
             {507, "Insufficient Storage"}};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (t[i].code == status)
            return t[i].text;
    return "Status";
}

static void write_response(const http_req *rq, http_resp *rs, FILE *out)
{
    bool head = rq->method && strcmp(rq->method, "HEAD") == 0;
    int64_t len = rs->file_fd >= 0 ? rs->file_size : (int64_t)rs->body.len;
    fprintf(out, "HTTP/1.1 %d %s\r\n", rs->status, reason(rs->status));
    for (size_t i = 0; i < rs->headers.n; i++) {
        const kv *h = &rs->headers.v[i];
        if (strcasecmp(h->name, "Content-Length") == 0 || strcasecmp(h->name, "Connection") == 0)
            continue;
        fprintf(out, "%s: %s\r\n", h->name, h->value);
    }
    fprintf(out, "Content-Length: %lld\r\nConnection: close\r\n\r\n", (long long)len);
    if (head)
        return;
    if (rs->file_fd < 0) {
        fwrite(rs->body.buf ? rs->body.buf : "", 1, rs->body.len, out);
        return;
    }
    char buf[RAW_CHUNK];
    ssize_t r;
    while ((r = read(rs->file_fd, buf, sizeof buf)) > 0)
        fwrite(buf, 1, (size_t)r, out);
}

void http_answer_stream(FILE *in, FILE *out)
{
    arena *a = arena_new();
    http_req rq = {.a = a};
    http_resp rs;
    resp_init(&rs);
    req_builder b;
    char *head = malloc(RAW_MAX_HEAD + 1);
    if (!head)
        abort();
    size_t hlen = 0;
    int h = read_head(in, head, RAW_MAX_HEAD + 1, &hlen);
    if (h == HEAD_OK) {
        if (parse_head(&b, &rq, head))
            read_body(&b, &rq, in);
    } else {
        reqb_begin(&b, &rq, "GET", "/", "127.0.0.1", http_front.tmp_dir);
        if (h == HEAD_TOO_BIG)
            req_fail(&rq, 431, _("Phần đầu của yêu cầu quá lớn."));
        else
            req_fail(&rq, 400, _("Yêu cầu HTTP không hợp lệ."));
    }
    free(head);
    reqb_end(&b);
    http_front.handler(&rq, &rs);
    write_response(&rq, &rs, out);
    fflush(out);
    reqb_cleanup(&b);
    resp_free(&rs);
    arena_free(&a);
}
