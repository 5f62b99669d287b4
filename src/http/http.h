#ifndef VP_HTTP_H
#define VP_HTTP_H
/* Requests and responses as handlers see them, independent of libmicrohttpd.
 *
 * Two front ends fill an http_req: the socket server (server.c, libmicrohttpd) and the
 * sockets-free `vanphong http` (raw.c, one request on stdin). Both feed the same builder, so
 * the same parsing and limits apply and tests/fuzzers reach the real code.
 * All strings in a request live in its arena (req->a) and die with the request. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/strbuf.h"

/* Named limits, checked before buffering (DESIGN.md "Limits are named"). */
#define HTTP_MAX_HEADER_BYTES (16 * 1024)     /* whole header block */
#define HTTP_MAX_URL_BYTES 4096
#define HTTP_MAX_FORM_BODY (1024 * 1024)      /* urlencoded / JSON body kept in memory */
#define HTTP_MAX_UPLOAD_BYTES (50LL * 1024 * 1024) /* one uploaded file, streamed to disk */
#define HTTP_MAX_PARTS 32                     /* multipart parts per request */
#define HTTP_MAX_FIELD_BYTES (64 * 1024)      /* one non-file field */
#define HTTP_MAX_PARAMS 256                   /* query + form fields */
#define HTTP_MAX_CONN_PER_IP 64
#define HTTP_CONN_TIMEOUT_S 30

typedef struct kv {
    const char *name;
    const char *value; /* NUL-terminated; may contain NUL only if len says so */
    size_t len;
} kv;

typedef struct kvlist {
    kv *v;
    size_t n, cap;
} kvlist;

/* A file part of a multipart body, already streamed to a temporary file under the data
 * directory's tmp/ and fsynced. The handler links or moves it; the adapter unlinks whatever
 * is left at the end of the request. */
typedef struct http_upload {
    const char *field;        /* form field name */
    const char *filename;     /* as sent by the client (untrusted; never used as a path) */
    const char *content_type; /* as sent (untrusted) */
    const char *tmp_path;
    int64_t size;
    char sha256_hex[65];
} http_upload;

typedef struct http_req {
    arena *a;
    const char *method; /* "GET", "POST", … */
    const char *path;   /* percent-decoded path without the query */
    const char *raw_query;
    const char *client_ip;
    kvlist query;  /* decoded query parameters */
    kvlist headers; /* names lower-cased */
    kvlist cookies;
    kvlist form;   /* urlencoded or multipart text fields */
    kvlist params; /* path parameters filled by the router: {id} → "42" */
    http_upload *uploads;
    size_t n_uploads;
    const char *body; /* urlencoded/JSON/other small body, NUL-terminated; NULL if none */
    size_t body_len;
    const char *content_type; /* lower-cased media type without parameters */
    /* Set by the builder when the request broke a rule (size, UTF-8, parts…): the dispatcher
     * answers with this status and Vietnamese message before any handler runs. */
    int error_status;
    const char *error_msg;
    /* Set by route_match: 1 + the matched route's index in the table (route_at), 0 when no
     * route matched. Metrics count requests by route pattern with it (app/metrics.h). */
    int route_id;
} http_req;

typedef struct http_resp {
    int status;
    kvlist headers;
    strbuf body;
    int file_fd;       /* >= 0: send this file instead of body (closed by the adapter) */
    int64_t file_size;
} http_resp;

/* Lookups return NULL when absent. Names are matched exactly (headers: lower-case). */
const char *kv_get(const kvlist *l, const char *name);
void kv_add(arena *a, kvlist *l, const char *name, const char *value, size_t len);

const char *req_query(const http_req *r, const char *name);
const char *req_form(const http_req *r, const char *name);
const char *req_param(const http_req *r, const char *name);
const char *req_header(const http_req *r, const char *name);
const char *req_cookie(const http_req *r, const char *name);
/* Path parameter as a positive integer id, or 0 when absent/malformed. */
int64_t req_param_id(const http_req *r, const char *name);
const http_upload *req_upload(const http_req *r, const char *field);
bool req_is_write(const http_req *r); /* POST, PUT, PATCH, DELETE */

void resp_init(http_resp *rs);
void resp_free(http_resp *rs);
void resp_header(arena *a, http_resp *rs, const char *name, const char *value);

/* Parsers shared by both front ends (form.c). Each returns 0, or -1 with *err_r set to a
 * Vietnamese message (arena string) on malformed or over-limit input. Values must be valid
 * UTF-8 (else -1). */
int http_parse_urlencoded(arena *a, const char *s, size_t n, kvlist *out, const char **err_r);
int http_parse_cookies(arena *a, const char *header, kvlist *out);
char *http_percent_decode(arena *a, const char *s, size_t n, bool plus_is_space);

#endif
