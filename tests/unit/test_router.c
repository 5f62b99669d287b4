/* Tests for the route table (http/router.c): literal and {param} segments, literal beats
 * parameter whatever the order, 405 detection, HEAD as GET, odd paths. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "http/router.h"

static void h_home(ctx *c) {}
static void h_unit(ctx *c) {}
static void h_unit_new(ctx *c) {}
static void h_unit_edit(ctx *c) {}
static void h_unit_post(ctx *c) {}
static void h_api(ctx *c) {}

static int setup(void **state)
{
    route_add("GET", "/", h_home, 0);
    route_add("GET", "/org/units/{id}", h_unit, 0);
    route_add("GET", "/org/units/new", h_unit_new, 0); /* after the parameter route */
    route_add("GET", "/org/units/{id}/edit", h_unit_edit, 0);
    route_add("POST", "/org/units/{id}/edit", h_unit_post, 0);
    route_add("GET", "/api/v1/staff/{id}", h_api, ROUTE_API | ROUTE_PUBLIC);
    return 0;
}

static int teardown(void **state)
{
    route_clear();
    return 0;
}

static handler_fn match(arena *a, const char *method, const char *path, unsigned *flags,
                        bool *mismatch, http_req *rq)
{
    memset(rq, 0, sizeof *rq);
    rq->a = a;
    rq->method = method;
    rq->path = path;
    return route_match(rq, flags, mismatch);
}

static void test_match(void **state)
{
    arena *a = arena_new();
    http_req rq;
    unsigned flags;
    bool mm;
    assert_ptr_equal(match(a, "GET", "/", &flags, &mm, &rq), h_home);
    assert_ptr_equal(match(a, "GET", "/org/units/42", &flags, &mm, &rq), h_unit);
    assert_string_equal(req_param(&rq, "id"), "42");
    assert_int_equal(req_param_id(&rq, "id"), 42);
    assert_ptr_equal(match(a, "GET", "/org/units/new", &flags, &mm, &rq), h_unit_new);
    assert_null(req_param(&rq, "id"));
    assert_ptr_equal(match(a, "GET", "/org/units/7/edit", &flags, &mm, &rq), h_unit_edit);
    assert_ptr_equal(match(a, "POST", "/org/units/7/edit", &flags, &mm, &rq), h_unit_post);
    assert_string_equal(req_param(&rq, "id"), "7");
    assert_ptr_equal(match(a, "HEAD", "/org/units/7", &flags, &mm, &rq), h_unit);
    assert_ptr_equal(match(a, "GET", "/api/v1/staff/3", &flags, &mm, &rq), h_api);
    assert_int_equal(flags, ROUTE_API | ROUTE_PUBLIC);
    assert_false(mm);
    arena_free(&a);
}

static void test_no_match(void **state)
{
    arena *a = arena_new();
    http_req rq;
    unsigned flags;
    bool mm;
    assert_null(match(a, "POST", "/org/units/7", &flags, &mm, &rq));
    assert_true(mm); /* 405 */
    assert_null(match(a, "DELETE", "/", &flags, &mm, &rq));
    assert_true(mm);
    const char *paths[] = {"/nope",
                           "/org/units",
                           "/org/units/",
                           "/org/units//edit",
                           "//",
                           "",
                           "org",
                           "/org/units/7/edit/more",
                           "/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r"};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        assert_null(match(a, "GET", paths[i], &flags, &mm, &rq));
        assert_false(mm);
    }
    arena_free(&a);
}

/* A 405 names what the path accepts: GET brings HEAD, the order is fixed. */
static void test_allowed(void **state)
{
    char buf[64];
    assert_int_equal(route_allowed("/org/units/7/edit", buf, sizeof buf), 2);
    assert_string_equal(buf, "GET, HEAD, POST");
    assert_true(route_allowed("/api/v1/staff/3", buf, sizeof buf) > 0);
    assert_string_equal(buf, "GET, HEAD");
    assert_int_equal(route_allowed("/nowhere", buf, sizeof buf), 0);
    assert_string_equal(buf, "");
}

/* Every registered route can be listed (the HTTP test walks the API's). */
static void test_route_at(void **state)
{
    const char *m, *p;
    unsigned flags;
    size_t n = 0;
    bool api = false;
    while (route_at(n, &m, &p, &flags)) {
        if (strcmp(p, "/api/v1/staff/{id}") == 0) {
            api = true;
            assert_string_equal(m, "GET");
            assert_true(flags & ROUTE_API);
        }
        n++;
    }
    assert_int_equal(n, 6);
    assert_true(api);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_match),
        cmocka_unit_test(test_allowed),
        cmocka_unit_test(test_route_at),
        cmocka_unit_test(test_no_match),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
