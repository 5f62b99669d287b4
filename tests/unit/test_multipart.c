/* Tests for the streaming multipart parser (http/multipart.c) and for the request builder's
 * multipart path (http/request.c): every split position of a sample body gives the same
 * parts, malformed bodies are refused, file parts land in fsynced temp files with the right
 * SHA-256, limits answer 413, and a cut upload leaves no temp file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/strbuf.h"
#include "http/multipart.h"
#include "http/request.h"

/* What the callbacks saw, as text: "[name|filename|ctype]data{end}" per part. */
struct seen {
    strbuf log;
};

static int on_begin(void *u, const mp_part *p)
{
    struct seen *s = u;
    sb_printf(&s->log, "[%s|%s|%s]", p->name, p->filename ? p->filename : "-", p->content_type);
    return 0;
}

static int on_data(void *u, const char *d, size_t n)
{
    struct seen *s = u;
    sb_add(&s->log, d, n);
    return 0;
}

static int on_end(void *u)
{
    struct seen *s = u;
    sb_adds(&s->log, "{end}");
    return 0;
}

static const mp_callbacks cbs = {on_begin, on_data, on_end};

static const char sample[] =
    "preamble to ignore\r\n"
    "--XyZ\r\n"
    "Content-Disposition: form-data; name=\"title\"\r\n"
    "\r\n"
    "Công văn số 12\r\n--not-the-boundary\r\n-\r"
    "\r\n--XyZ\r\n"
    "Content-Disposition: form-data; name=\"file\"; filename=\"bao cao \\\"A\\\".pdf\"\r\n"
    "Content-Type: application/pdf\r\n"
    "\r\n"
    "%PDF-1.4\r\n\r\n--XyY-almost\r\n--Xy\r\nend"
    "\r\n--XyZ\r\n"
    "content-disposition: form-data; name=empty\r\n"
    "\r\n"
    "\r\n--XyZ--\r\n"
    "epilogue";

static const char expected[] =
    "[title|-|]Công văn số 12\r\n--not-the-boundary\r\n-\r{end}"
    "[file|bao cao \"A\".pdf|application/pdf]%PDF-1.4\r\n\r\n--XyY-almost\r\n--Xy\r\nend{end}"
    "[empty|-|]{end}";

static int parse_split(const char *body, size_t n, size_t a, size_t b, struct seen *s)
{
    multipart m;
    if (mp_init(&m, "XyZ", &cbs, s) != 0)
        return -1;
    if (mp_feed(&m, body, a) != 0 || mp_feed(&m, body + a, b - a) != 0 ||
        mp_feed(&m, body + b, n - b) != 0)
        return -1;
    return mp_finish(&m);
}

static void test_every_split(void **state)
{
    size_t n = strlen(sample);
    for (size_t a = 0; a <= n; a++) {
        for (size_t b = a; b <= n; b += (a % 7) + 1) {
            struct seen s = {STRBUF_INIT};
            assert_int_equal(parse_split(sample, n, a, b, &s), 0);
            assert_string_equal(sb_str(&s.log), expected);
            sb_free(&s.log);
        }
    }
}

static void test_byte_at_a_time(void **state)
{
    struct seen s = {STRBUF_INIT};
    multipart m;
    assert_int_equal(mp_init(&m, "XyZ", &cbs, &s), 0);
    for (size_t i = 0; sample[i]; i++)
        assert_int_equal(mp_feed(&m, sample + i, 1), 0);
    assert_int_equal(mp_finish(&m), 0);
    assert_string_equal(sb_str(&s.log), expected);
    sb_free(&s.log);
}

static void test_boundary_param(void **state)
{
    char b[MP_MAX_BOUNDARY + 1];
    assert_int_equal(mp_boundary("multipart/form-data; boundary=abc", b, sizeof b), 0);
    assert_string_equal(b, "abc");
    assert_int_equal(mp_boundary("multipart/form-data; charset=x; BOUNDARY=\"a b;c\"", b, sizeof b),
                     0);
    assert_string_equal(b, "a b;c");
    assert_int_equal(mp_boundary("multipart/form-data", b, sizeof b), -1);
    assert_int_equal(mp_boundary("multipart/form-data; boundary=", b, sizeof b), -1);
    assert_int_equal(mp_boundary("multipart/form-data; boundary=\"abc", b, sizeof b), -1);
    char longb[100];
    memset(longb, 'a', 71);
    longb[71] = 0;
    char ct[160];
    snprintf(ct, sizeof ct, "multipart/form-data; boundary=%s", longb);
    assert_int_equal(mp_boundary(ct, b, sizeof b), -1);
}

static int feed_all(const char *body)
{
    struct seen s = {STRBUF_INIT};
    multipart m;
    int rc = mp_init(&m, "XyZ", &cbs, &s);
    if (rc == 0)
        rc = mp_feed(&m, body, strlen(body));
    if (rc == 0)
        rc = mp_finish(&m);
    sb_free(&s.log);
    return rc;
}

static void test_malformed(void **state)
{
    /* no closing delimiter */
    assert_int_equal(feed_all("--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\nx"), -1);
    /* no name */
    assert_int_equal(feed_all("--XyZ\r\nContent-Disposition: form-data\r\n\r\nx\r\n--XyZ--"), -1);
    /* not form-data */
    assert_int_equal(feed_all("--XyZ\r\nContent-Disposition: attachment; name=a\r\n\r\n"
                              "x\r\n--XyZ--"),
                     -1);
    /* header line without colon */
    assert_int_equal(feed_all("--XyZ\r\nbogus\r\n\r\nx\r\n--XyZ--"), -1);
    /* garbage after a delimiter */
    assert_int_equal(feed_all("--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n"
                              "x\r\n--XyZgarbage\r\n"),
                     -1);
    /* empty body, only preamble */
    assert_int_equal(feed_all(""), -1);
    assert_int_equal(feed_all("just text"), -1);
    /* an empty form is fine */
    assert_int_equal(feed_all("--XyZ--\r\n"), 0);
    /* over-long headers */
    strbuf big = STRBUF_INIT;
    sb_adds(&big, "--XyZ\r\nContent-Disposition: form-data; name=a\r\nX-Pad: ");
    for (int i = 0; i < MP_MAX_PART_HEADERS; i++)
        sb_addc(&big, 'p');
    sb_adds(&big, "\r\n\r\nx\r\n--XyZ--");
    assert_int_equal(feed_all(sb_str(&big)), -1);
    sb_free(&big);
    /* A failed parser stays failed. */
    multipart m;
    struct seen s = {STRBUF_INIT};
    mp_init(&m, "XyZ", &cbs, &s);
    assert_int_equal(mp_feed(&m, "--XyZ\r\nnope\r\n", 13), -1);
    assert_int_equal(mp_feed(&m, "\r\n--XyZ--", 9), -1);
    assert_non_null(m.err);
    sb_free(&s.log);
}

/* ---- the builder's multipart path ---- */

static char tmpdir[64];

static int count_tmp_files(void)
{
    DIR *d = opendir(tmpdir);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (e->d_name[0] != '.')
            n++;
    closedir(d);
    return n;
}

static int setup(void **state)
{
    strcpy(tmpdir, "/tmp/vp-test-mp-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    rmdir(tmpdir);
    return 0;
}

static void build(http_req *rq, req_builder *b, const char *body, size_t n, size_t chunk)
{
    reqb_begin(b, rq, "POST", "/upload?x=1", "127.0.0.1", tmpdir);
    reqb_header(b, "Content-Type", "multipart/form-data; boundary=XyZ");
    char len[32];
    snprintf(len, sizeof len, "%zu", n);
    reqb_header(b, "Content-Length", len);
    for (size_t i = 0; i < n; i += chunk)
        reqb_body(b, body + i, n - i < chunk ? n - i : chunk);
    reqb_end(b);
}

static void test_builder_upload(void **state)
{
    size_t chunks[] = {1, 3, 64, 100000};
    for (size_t k = 0; k < sizeof chunks / sizeof chunks[0]; k++) {
        arena *a = arena_new();
        http_req rq = {.a = a};
        req_builder b;
        build(&rq, &b, sample, strlen(sample), chunks[k]);
        assert_int_equal(rq.error_status, 0);
        assert_string_equal(req_form(&rq, "title"), "Công văn số 12\r\n--not-the-boundary\r\n-\r");
        assert_string_equal(req_form(&rq, "empty"), "");
        assert_string_equal(req_query(&rq, "x"), "1");
        assert_int_equal(rq.n_uploads, 1);
        const http_upload *u = req_upload(&rq, "file");
        assert_non_null(u);
        const char *content = "%PDF-1.4\r\n\r\n--XyY-almost\r\n--Xy\r\nend";
        assert_int_equal(u->size, (int64_t)strlen(content));
        assert_string_equal(u->filename, "bao cao \"A\".pdf");
        assert_string_equal(u->content_type, "application/pdf");
        unsigned char h[32];
        char hex[65];
        crypto_hash_sha256(h, (const unsigned char *)content, strlen(content));
        sodium_bin2hex(hex, sizeof hex, h, sizeof h);
        assert_string_equal(u->sha256_hex, hex);
        FILE *f = fopen(u->tmp_path, "rb");
        assert_non_null(f);
        char buf[128] = {0};
        size_t got = fread(buf, 1, sizeof buf, f);
        fclose(f);
        assert_int_equal(got, strlen(content));
        assert_memory_equal(buf, content, got);
        assert_int_equal(count_tmp_files(), 1);
        reqb_cleanup(&b);
        assert_int_equal(count_tmp_files(), 0);
        arena_free(&a);
    }
}

static void test_builder_cut_upload(void **state)
{
    /* The body stops in the middle of the file: refused, and no temp file remains. */
    size_t cut = strstr(sample, "%PDF") - sample + 5;
    arena *a = arena_new();
    http_req rq = {.a = a};
    req_builder b;
    reqb_begin(&b, &rq, "POST", "/upload", "127.0.0.1", tmpdir);
    reqb_header(&b, "Content-Type", "multipart/form-data; boundary=XyZ");
    reqb_body(&b, sample, cut);
    assert_int_equal(count_tmp_files(), 1);
    reqb_end(&b);
    assert_int_equal(rq.error_status, 400);
    assert_int_equal(count_tmp_files(), 0);
    reqb_cleanup(&b);
    arena_free(&a);

    /* A connection that drops without reqb_end: cleanup alone removes the file. */
    a = arena_new();
    rq = (http_req){.a = a};
    reqb_begin(&b, &rq, "POST", "/upload", "127.0.0.1", tmpdir);
    reqb_header(&b, "Content-Type", "multipart/form-data; boundary=XyZ");
    reqb_body(&b, sample, cut);
    reqb_cleanup(&b);
    assert_int_equal(count_tmp_files(), 0);
    arena_free(&a);
}

static void test_builder_limits(void **state)
{
    arena *a = arena_new();
    http_req rq = {.a = a};
    req_builder b;
    /* Too many parts. */
    strbuf body = STRBUF_INIT;
    for (int i = 0; i < HTTP_MAX_PARTS + 1; i++)
        sb_printf(&body, "--XyZ\r\nContent-Disposition: form-data; name=\"f%d\"\r\n\r\nv\r\n", i);
    sb_adds(&body, "--XyZ--\r\n");
    build(&rq, &b, body.buf, body.len, 4096);
    assert_int_equal(rq.error_status, 413);
    reqb_cleanup(&b);
    sb_free(&body);

    /* A text field over HTTP_MAX_FIELD_BYTES. */
    sb_adds(&body, "--XyZ\r\nContent-Disposition: form-data; name=\"big\"\r\n\r\n");
    for (int i = 0; i < HTTP_MAX_FIELD_BYTES + 1; i++)
        sb_addc(&body, 'a');
    sb_adds(&body, "\r\n--XyZ--\r\n");
    rq = (http_req){.a = a};
    build(&rq, &b, body.buf, body.len, 65536);
    assert_int_equal(rq.error_status, 413);
    assert_non_null(rq.error_msg);
    reqb_cleanup(&b);
    sb_free(&body);

    /* Broken UTF-8 in a text field. */
    sb_adds(&body,
            "--XyZ\r\nContent-Disposition: form-data; name=\"t\"\r\n\r\n\xC3\x28\r\n--XyZ--");
    rq = (http_req){.a = a};
    build(&rq, &b, body.buf, body.len, 7);
    assert_int_equal(rq.error_status, 400);
    reqb_cleanup(&b);
    sb_free(&body);

    /* A declared Content-Length over the limit is refused before any byte is read. */
    rq = (http_req){.a = a};
    reqb_begin(&b, &rq, "POST", "/upload", "127.0.0.1", tmpdir);
    reqb_header(&b, "Content-Type", "multipart/form-data; boundary=XyZ");
    reqb_header(&b, "Content-Length", "999999999999");
    reqb_body(&b, "--XyZ", 5);
    assert_int_equal(rq.error_status, 413);
    reqb_end(&b);
    reqb_cleanup(&b);
    assert_int_equal(count_tmp_files(), 0);

    /* A file input left empty gives no upload. */
    const char *empty = "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\"\r\n"
                        "Content-Type: application/octet-stream\r\n\r\n\r\n--XyZ--\r\n";
    rq = (http_req){.a = a};
    build(&rq, &b, empty, strlen(empty), 5);
    assert_int_equal(rq.error_status, 0);
    assert_int_equal(rq.n_uploads, 0);
    assert_null(req_upload(&rq, "file"));
    assert_int_equal(count_tmp_files(), 0);
    reqb_cleanup(&b);
    arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_split),    cmocka_unit_test(test_byte_at_a_time),
        cmocka_unit_test(test_boundary_param), cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_builder_upload), cmocka_unit_test(test_builder_cut_upload),
        cmocka_unit_test(test_builder_limits),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
