/* Tests for the operators' pieces (issue 16): --listen parsing with IPv6 (http/server.c),
 * request ids and their validation, the route id the router leaves for metrics, and the
 * Prometheus rendering of the request counters and the histogram (app/metrics.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "app/metrics.h"
#include "base/arena.h"
#include "http/request.h"
#include "http/router.h"

static void h_a(ctx *c) {}
static void h_b(ctx *c) {}

static void test_listen(void **state)
{
    struct sockaddr_storage ss;
    assert_int_equal(http_parse_listen("127.0.0.1:8080", &ss), 0);
    assert_int_equal(ss.ss_family, AF_INET);
    assert_int_equal(ntohs(((struct sockaddr_in *)&ss)->sin_port), 8080);
    assert_int_equal(http_parse_listen("localhost:0", &ss), 0);
    assert_int_equal(ss.ss_family, AF_INET);

    assert_int_equal(http_parse_listen("[::]:8080", &ss), 0);
    assert_int_equal(ss.ss_family, AF_INET6);
    const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)&ss;
    assert_int_equal(ntohs(s6->sin6_port), 8080);
    assert_true(IN6_IS_ADDR_UNSPECIFIED(&s6->sin6_addr));
    assert_int_equal(http_parse_listen("[::1]:0", &ss), 0);
    assert_true(IN6_IS_ADDR_LOOPBACK(&((const struct sockaddr_in6 *)&ss)->sin6_addr));
    assert_int_equal(http_parse_listen("[2001:db8::5]:443", &ss), 0);

    const char *bad[] = {"::1:80",    "[::1:80",   "[::1]",         "[]:80",
                         "[nope]:80", "127.0.0.1", "1.2.3.4:x",     "1.2.3.4:70000",
                         ":80",       "[::1]:-1",  "[127.0.0.1]:80"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(http_parse_listen(bad[i], &ss), -1);
}

static void test_request_ids(void **state)
{
    char a[24], b[24];
    metrics_request_id(a, sizeof a);
    metrics_request_id(b, sizeof b);
    assert_int_equal(strlen(a), 16);
    assert_string_not_equal(a, b);
    assert_true(metrics_request_id_ok(a));
    assert_true(metrics_request_id_ok("nginx-abc.123_X"));
    assert_false(metrics_request_id_ok(""));
    assert_false(metrics_request_id_ok("has space"));
    assert_false(metrics_request_id_ok("line\nbreak"));
    assert_false(metrics_request_id_ok("quote\"d"));
    char long_id[80];
    memset(long_id, 'a', 65);
    long_id[65] = 0;
    assert_false(metrics_request_id_ok(long_id));
    long_id[64] = 0;
    assert_true(metrics_request_id_ok(long_id));
}

static void test_route_id_and_render(void **state)
{
    route_add("GET", "/a", h_a, 0);
    route_add("GET", "/b/{id}", h_b, 0);
    arena *a = arena_new();
    http_req rq = {.a = a, .method = "GET", .path = "/b/7"};
    unsigned flags;
    bool mismatch;
    assert_non_null(route_match(&rq, &flags, &mismatch));
    assert_int_equal(rq.route_id, 2);
    rq.path = "/a";
    assert_non_null(route_match(&rq, &flags, &mismatch));
    assert_int_equal(rq.route_id, 1);

    metrics_observe(2, 200, 3000);     /* 3 ms */
    metrics_observe(2, 200, 700);      /* 0.7 ms */
    metrics_observe(2, 404, 20000000); /* 20 s: only +Inf */
    metrics_observe(0, 404, 100);
    metrics_observe(1, 299, 100); /* a status without a slot */
    strbuf out = STRBUF_INIT;
    metrics_render_http(&out);
    const char *t = out.buf;
    assert_non_null(strstr(t, "vanphong_http_requests_total{method=\"GET\",route=\"/b/{id}\","
                              "status=\"200\"} 2\n"));
    assert_non_null(strstr(t, "vanphong_http_requests_total{method=\"GET\",route=\"/b/{id}\","
                              "status=\"404\"} 1\n"));
    assert_non_null(strstr(t, "route=\"unmatched\",status=\"404\"} 1\n"));
    assert_non_null(strstr(t, "route=\"/a\",status=\"other\"} 1\n"));
    assert_non_null(strstr(t, "vanphong_http_request_duration_seconds_bucket{le=\"0.001\"} 3\n"));
    assert_non_null(strstr(t, "vanphong_http_request_duration_seconds_bucket{le=\"0.005\"} 4\n"));
    assert_non_null(strstr(t, "vanphong_http_request_duration_seconds_bucket{le=\"10\"} 4\n"));
    assert_non_null(strstr(t, "vanphong_http_request_duration_seconds_bucket{le=\"+Inf\"} 5\n"));
    assert_non_null(strstr(t, "vanphong_http_request_duration_seconds_count 5\n"));
    assert_non_null(strstr(t, "vanphong_http_request_duration_seconds_sum 20.003900\n"));
    /* No route that saw no request is listed. */
    assert_null(strstr(t, "route=\"/a\",status=\"200\""));
    sb_free(&out);
    arena_free(&a);
    route_clear();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_listen),
        cmocka_unit_test(test_request_ids),
        cmocka_unit_test(test_route_id_and_render),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
