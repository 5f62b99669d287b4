/* Tests for the request text parsers and the builder's in-memory path (http/form.c,
 * http/request.c): percent-decoding, urlencoded forms and queries with their UTF-8 and size
 * rules, cookies, header/URL/body limits before buffering, and response headers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "http/request.h"

static void test_percent_decode(void **state)
{
    arena *a = arena_new();
    assert_string_equal(http_percent_decode(a, "a%20b+c", 7, true), "a b c");
    assert_string_equal(http_percent_decode(a, "a%20b+c", 7, false), "a b+c");
    assert_string_equal(http_percent_decode(a, "%C4%90%E1%BA%A3ng", 17, true), "Đảng");
    /* malformed escapes stay as they are */
    assert_string_equal(http_percent_decode(a, "100%", 4, true), "100%");
    assert_string_equal(http_percent_decode(a, "%zz%4", 5, true), "%zz%4");
    arena_free(&a);
}

static void test_utf8(void **state)
{
    assert_true(utf8_valid("Đảng ủy", strlen("Đảng ủy")));
    assert_true(utf8_valid("\xF0\x9F\x98\x80", 4));
    assert_false(utf8_valid("\xC3\x28", 2));
    assert_false(utf8_valid("\xC0\xAF", 2));         /* overlong '/' */
    assert_false(utf8_valid("\xED\xA0\x80", 3));     /* surrogate */
    assert_false(utf8_valid("\xF4\x90\x80\x80", 4)); /* > U+10FFFF */
    assert_false(utf8_valid("\xE1\xBA", 2));         /* truncated */
    assert_false(utf8_valid("\xFF", 1));
}

static void test_urlencoded(void **state)
{
    arena *a = arena_new();
    kvlist l = {0};
    const char *err = NULL;
    const char *s = "login=admin&ten=%C4%90%E1%BA%A3ng+%E1%BB%A7y&&flag&empty=&x=1&x=2";
    assert_int_equal(http_parse_urlencoded(a, s, strlen(s), &l, &err), 0);
    assert_string_equal(kv_get(&l, "login"), "admin");
    assert_string_equal(kv_get(&l, "ten"), "Đảng ủy");
    assert_string_equal(kv_get(&l, "flag"), "");
    assert_string_equal(kv_get(&l, "empty"), "");
    assert_string_equal(kv_get(&l, "x"), "1"); /* first wins */
    assert_null(kv_get(&l, "nope"));

    kvlist bad = {0};
    assert_int_equal(http_parse_urlencoded(a, "login=%C3%28admin", 17, &bad, &err), -1);
    assert_non_null(strstr(err, "UTF-8"));
    assert_int_equal(http_parse_urlencoded(a, "a=%00", 5, &bad, &err), -1);
    assert_int_equal(http_parse_urlencoded(a, "\xff\xfe=1", 4, &bad, &err), -1);

    /* too many parameters */
    strbuf many = STRBUF_INIT;
    for (int i = 0; i <= HTTP_MAX_PARAMS; i++)
        sb_printf(&many, "p%d=1&", i);
    kvlist ml = {0};
    assert_int_equal(http_parse_urlencoded(a, many.buf, many.len, &ml, &err), -1);
    sb_free(&many);

    /* a value over the field limit */
    size_t n = HTTP_MAX_FIELD_BYTES + 3;
    char *big = malloc(n + 1);
    memcpy(big, "v=", 2);
    memset(big + 2, 'a', n - 2);
    big[n] = 0;
    kvlist bl = {0};
    assert_int_equal(http_parse_urlencoded(a, big, n, &bl, &err), -1);
    free(big);
    arena_free(&a);
}

static void test_cookies(void **state)
{
    arena *a = arena_new();
    kvlist l = {0};
    assert_int_equal(
        http_parse_cookies(a, "vp_session=abc123; vp_flash=\"hi\";  other = x ;bad", &l), 0);
    assert_string_equal(kv_get(&l, "vp_session"), "abc123");
    assert_string_equal(kv_get(&l, "vp_flash"), "hi");
    assert_string_equal(kv_get(&l, "other"), "x");
    assert_null(kv_get(&l, "bad"));
    kvlist e = {0};
    assert_int_equal(http_parse_cookies(a, "", &e), 0);
    assert_int_equal(e.n, 0);
    assert_int_equal(http_parse_cookies(a, "k=\xff", &e), 0);
    assert_int_equal(e.n, 0);
    arena_free(&a);
}

/* One request through the builder, body in chunks of `chunk`. */
static http_req *run(arena *a, req_builder *b, const char *method, const char *url,
                     const char *ctype, const char *body, size_t chunk)
{
    http_req *rq = arena_alloc(a, sizeof *rq);
    rq->a = a;
    reqb_begin(b, rq, method, url, "10.0.0.1", "/tmp");
    reqb_header(b, "Host", "x");
    reqb_header(b, "Cookie", "vp_session=s1");
    if (ctype)
        reqb_header(b, "Content-Type", ctype);
    if (body) {
        char len[32];
        snprintf(len, sizeof len, "%zu", strlen(body));
        reqb_header(b, "Content-Length", len);
        for (size_t i = 0, n = strlen(body); i < n; i += chunk)
            reqb_body(b, body + i, n - i < chunk ? n - i : chunk);
    }
    reqb_end(b);
    reqb_cleanup(b);
    return rq;
}

static void test_builder(void **state)
{
    arena *a = arena_new();
    req_builder b;
    http_req *rq =
        run(a, &b, "POST", "/org/units/%C4%90?q=%C4%91%E1%BA%A3ng&page=2",
            "Application/X-WWW-Form-Urlencoded; charset=UTF-8", "name=Chi+b%E1%BB%99&csrf=t0k", 3);
    assert_int_equal(rq->error_status, 0);
    assert_string_equal(rq->method, "POST");
    assert_string_equal(rq->path, "/org/units/Đ");
    assert_string_equal(rq->raw_query, "q=%C4%91%E1%BA%A3ng&page=2");
    assert_string_equal(req_query(rq, "q"), "đảng");
    assert_string_equal(req_form(rq, "name"), "Chi bộ");
    assert_string_equal(req_form(rq, "csrf"), "t0k");
    assert_string_equal(req_header(rq, "host"), "x");
    assert_string_equal(req_cookie(rq, "vp_session"), "s1");
    assert_string_equal(rq->content_type, "application/x-www-form-urlencoded");
    assert_string_equal(rq->client_ip, "10.0.0.1");
    assert_true(req_is_write(rq));

    rq = run(a, &b, "POST", "/api/v1/units", "application/json", "{\"a\":1}", 100);
    assert_int_equal(rq->error_status, 0);
    assert_string_equal(rq->body, "{\"a\":1}");
    assert_int_equal(rq->body_len, 7);
    assert_int_equal(rq->form.n, 0);

    rq = run(a, &b, "GET", "/", NULL, NULL, 1);
    assert_int_equal(rq->error_status, 0);
    assert_null(rq->body);
    assert_false(req_is_write(rq));

    /* broken UTF-8: in the form, in the query, in the path */
    rq = run(a, &b, "POST", "/login", "application/x-www-form-urlencoded", "login=%C3%28a", 4);
    assert_int_equal(rq->error_status, 400);
    assert_string_equal(rq->error_msg, "Dữ liệu gửi lên không phải UTF-8 hợp lệ.");
    rq = run(a, &b, "GET", "/x?a=%ff", NULL, NULL, 1);
    assert_int_equal(rq->error_status, 400);
    rq = run(a, &b, "GET", "/%ff", NULL, NULL, 1);
    assert_int_equal(rq->error_status, 400);
    rq = run(a, &b, "GET", "/a%00b", NULL, NULL, 1);
    assert_int_equal(rq->error_status, 400);
    rq = run(a, &b, "get", "/", NULL, NULL, 1);
    assert_int_equal(rq->error_status, 400);
    rq = run(a, &b, "GET", "nopath", NULL, NULL, 1);
    assert_int_equal(rq->error_status, 400);
    arena_free(&a);
}

static void test_builder_limits(void **state)
{
    arena *a = arena_new();
    req_builder b;
    http_req rq = {.a = a};

    /* URL too long */
    char *url = malloc(HTTP_MAX_URL_BYTES + 10);
    url[0] = '/';
    memset(url + 1, 'a', HTTP_MAX_URL_BYTES + 1);
    url[HTTP_MAX_URL_BYTES + 2] = 0;
    reqb_begin(&b, &rq, "GET", url, "", "/tmp");
    assert_int_equal(rq.error_status, 414);
    free(url);

    /* headers too large */
    rq = (http_req){.a = a};
    reqb_begin(&b, &rq, "GET", "/", "", "/tmp");
    char v[1024];
    memset(v, 'v', sizeof v - 1);
    v[sizeof v - 1] = 0;
    for (int i = 0; i < 20; i++)
        reqb_header(&b, "X-Pad", v);
    assert_int_equal(rq.error_status, 431);

    /* a declared body over the limit: refused before buffering */
    rq = (http_req){.a = a};
    reqb_begin(&b, &rq, "POST", "/", "", "/tmp");
    reqb_header(&b, "Content-Type", "application/json");
    reqb_header(&b, "Content-Length", "2000000");
    reqb_body(&b, "{", 1);
    assert_int_equal(rq.error_status, 413);
    assert_int_equal(b.mem.len, 0);
    reqb_end(&b);
    reqb_cleanup(&b);

    /* an undeclared body growing over the limit */
    rq = (http_req){.a = a};
    reqb_begin(&b, &rq, "POST", "/", "", "/tmp");
    char *chunk = calloc(1, 65536);
    for (int i = 0; i < 20 && !rq.error_status; i++)
        reqb_body(&b, chunk, 65536);
    free(chunk);
    assert_int_equal(rq.error_status, 413);
    reqb_end(&b);
    reqb_cleanup(&b);

    /* a malformed or conflicting Content-Length */
    rq = (http_req){.a = a};
    reqb_begin(&b, &rq, "POST", "/", "", "/tmp");
    reqb_header(&b, "Content-Length", "12x");
    assert_int_equal(rq.error_status, 400);
    rq = (http_req){.a = a};
    reqb_begin(&b, &rq, "POST", "/", "", "/tmp");
    reqb_header(&b, "Content-Length", "1");
    reqb_header(&b, "Content-Length", "2");
    assert_int_equal(rq.error_status, 400);
    arena_free(&a);
}

static void test_response_headers(void **state)
{
    arena *a = arena_new();
    http_resp rs;
    resp_init(&rs);
    assert_int_equal(rs.status, 200);
    assert_int_equal(rs.file_fd, -1);
    resp_header(a, &rs, "Content-Type", "text/plain");
    resp_header(a, &rs, "content-type", "text/html");
    resp_header(a, &rs, "Set-Cookie", "a=1");
    resp_header(a, &rs, "Set-Cookie", "b=2");
    assert_int_equal(rs.headers.n, 3);
    assert_string_equal(rs.headers.v[0].value, "text/html");
    resp_free(&rs);

    http_req rq = {.a = a};
    kv_add(a, &rq.params, "id", "42", 2);
    kv_add(a, &rq.params, "bad", "4x", 2);
    kv_add(a, &rq.params, "zero", "0", 1);
    kv_add(a, &rq.params, "huge", "99999999999999999999", 20);
    assert_int_equal(req_param_id(&rq, "id"), 42);
    assert_int_equal(req_param_id(&rq, "bad"), 0);
    assert_int_equal(req_param_id(&rq, "zero"), 0);
    assert_int_equal(req_param_id(&rq, "huge"), 0);
    assert_int_equal(req_param_id(&rq, "missing"), 0);
    arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_percent_decode),   cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_urlencoded),       cmocka_unit_test(test_cookies),
        cmocka_unit_test(test_builder),          cmocka_unit_test(test_builder_limits),
        cmocka_unit_test(test_response_headers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
