#ifndef VP_HTTP_REQUEST_H
#define VP_HTTP_REQUEST_H
/* The request builder shared by both front ends (server.c over libmicrohttpd, raw.c over
 * stdin), so that the same parsing and the same limits apply to every request:
 *
 *   reqb_begin(&b, rq, method, url, client_ip, tmp_dir)
 *   reqb_header(&b, name, value)    … for each header
 *   reqb_headers_done(&b)           optional: rq->error_status may be set already
 *   reqb_body(&b, chunk, n)         … for each piece of the body, in order
 *   reqb_end(&b)                    the body is complete: parse form/cookies
 *   … dispatch …
 *   reqb_cleanup(&b)                unlink temp files the handler left (always call it)
 *
 * Limits of http.h are checked before anything is buffered. A request that breaks a rule is
 * not an error of the builder: it sets rq->error_status and rq->error_msg (Vietnamese) and
 * ignores the rest of the body, and the dispatcher answers with that status.
 *
 * Bodies: application/x-www-form-urlencoded, JSON and any other type are kept in memory up to
 * HTTP_MAX_FORM_BODY (rq->body, NUL-terminated; urlencoded ones also fill rq->form).
 * multipart/form-data is streamed through the multipart parser: text fields go to rq->form
 * (each at most HTTP_MAX_FIELD_BYTES), file parts into mkstemp files under tmp_dir, hashed
 * (SHA-256) while streaming and fsynced at the end of the part (rq->uploads). A file part with
 * an empty filename (a file input left empty) is dropped. A request cut mid-stream or
 * refused mid-upload leaves no temp file once reqb_cleanup has run. */
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "http/http.h"
#include "http/multipart.h"

/* A multipart body may hold several files, each under HTTP_MAX_UPLOAD_BYTES. */
#define HTTP_MAX_MULTIPART_BODY (4 * HTTP_MAX_UPLOAD_BYTES)

typedef struct req_builder {
    http_req *rq;
    const char *tmp_dir;
    size_t header_bytes;
    bool headers_done; /* body handling chosen (first body byte or reqb_end) */
    bool ended;
    int64_t content_length; /* -1 when not sent */
    int64_t body_seen;
    strbuf mem; /* in-memory body */
    bool is_multipart;
    multipart *mp; /* arena */
    /* the part being received */
    bool part_is_file, part_skip;
    const char *part_name, *part_filename, *part_ctype;
    strbuf field;
    int fd;
    char *tmp_path; /* arena */
    int64_t part_size;
    void *hash; /* crypto_hash_sha256_state, arena */
    /* every temp file created, for cleanup */
    struct reqb_tmp {
        const char *path;
        ino_t ino;
    } * tmps;
    size_t n_tmps, cap_tmps;
} req_builder;

/* Initialises rq (zeroed, with arena rq->a already set by the caller) and the builder.
 * url is the request target as sent ("/path?query"). */
void reqb_begin(req_builder *b, http_req *rq, const char *method, const char *url,
                const char *client_ip, const char *tmp_dir);
void reqb_header(req_builder *b, const char *name, const char *value);
/* The headers are all in: chooses how the body is received and checks the declared
 * Content-Length (413 before any byte is read). Called by reqb_body/reqb_end if the front end
 * did not; a front end calls it itself to answer a refused request before reading the body. */
void reqb_headers_done(req_builder *b);
void reqb_body(req_builder *b, const char *data, size_t n);
void reqb_end(req_builder *b);
/* Closes and unlinks every temp file still present; frees builder buffers. Idempotent. */
void reqb_cleanup(req_builder *b);

/* Sets the request's error once (the first rule broken is the one reported). */
void req_fail(http_req *rq, int status, const char *msg);

/* True when s[0..n) is well-formed UTF-8 (no overlongs, surrogates, or > U+10FFFF). */
bool utf8_valid(const char *s, size_t n);

/* Where both front ends hand a finished request: the application's dispatcher, which answers
 * into rs (already resp_init'ed), and the folder uploads stream into. The composition root
 * sets both once at start-up, before any request (app_open); http/ never calls upward. */
typedef void (*http_handler)(http_req *rq, http_resp *rs);
struct http_front {
    http_handler handler;
    const char *tmp_dir;
};
extern struct http_front http_front;

/* Answers one raw HTTP/1.1 request read from `in`, writing the whole response to `out`, through
 * the same builder and handler as the server (raw.c). Used by `vanphong http` and by the
 * request fuzzer. */
#include <stdio.h>
void http_answer_stream(FILE *in, FILE *out);

/* "ADDR:PORT" (IPv4; "localhost" allowed) into sa; -1 when malformed. */
struct sockaddr_in;
int http_parse_listen(const char *s, struct sockaddr_in *sa);
/* Serves on sa with `threads` worker threads until SIGTERM or SIGINT, then stops accepting and
 * lets the requests in flight finish (server.c). on_ready runs once listening, before the line
 * "vanphong: listening on http://ADDR:PORT/" is printed; on_stop after the last request. 0, or
 * 1 when it cannot listen (the reason on stderr, naming `label`). */
int http_serve(const struct sockaddr_in *sa, const char *label, unsigned threads,
               void (*on_ready)(void), void (*on_stop)(void));
/* The same over TLS (GnuTLS inside libmicrohttpd) when cert_pem and key_pem (PEM texts) are
 * both given: the line printed then says https://. */
int http_serve_tls(const struct sockaddr_in *sa, const char *label, unsigned threads,
                   void (*on_ready)(void), void (*on_stop)(void), const char *cert_pem,
                   const char *key_pem);

#endif
