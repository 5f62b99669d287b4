/* Tests for the one parameter parser (web/params.c): strict integers, ids, dates with their
 * bounds, enumerated codes, text where text is wanted, and the declared-parameter checks that
 * answer 400 unknown_parameter. Each case here was once read loosely ("27abc" as 27, 2 as
 * secrecy "none", a number as a missing date). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "web/params.h"

static const char *const secrecy[] = {"none", "mat", "toi_mat", "tuyet_mat", NULL};

typedef struct fixture {
    arena *a;
    http_req rq;
    http_resp rs;
    ctx c;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->a = arena_new();
    f->rq.a = f->a;
    f->rq.method = "GET";
    f->rq.path = "/api/v1/x";
    resp_init(&f->rs);
    f->c = (ctx){.a = f->a, .rq = &f->rq, .rs = &f->rs, .is_api = true};
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    resp_free(&f->rs);
    arena_free(&f->a);
    free(f);
    return 0;
}

static json_t *parse(fixture *f, const char *text)
{
    json_t *j = json_loads(text, 0, NULL);
    assert_non_null(j);
    arena_defer(f->a, (void (*)(void *))json_decref, j);
    return j;
}

static void test_param_int_strict(void **state)
{
    int64_t v = -7;
    assert_int_equal(param_int("27", 1, 100, &v), PARAM_OK);
    assert_int_equal(v, 27);
    assert_int_equal(param_int("27abc", 1, 100, &v), PARAM_BAD);
    assert_int_equal(param_int(" 5", 1, 100, &v), PARAM_BAD);
    assert_int_equal(param_int("5 ", 1, 100, &v), PARAM_BAD);
    assert_int_equal(param_int("+5", 1, 100, &v), PARAM_BAD);
    assert_int_equal(param_int("-5", 1, 100, &v), PARAM_BAD);
    assert_int_equal(param_int("101", 1, 100, &v), PARAM_BAD);
    assert_int_equal(param_int("99999999999999999999", 1, INT64_MAX, &v), PARAM_BAD);
    assert_int_equal(param_int("", 1, 100, &v), PARAM_ABSENT);
    assert_int_equal(param_int(NULL, 1, 100, &v), PARAM_ABSENT);
    assert_int_equal(v, 27);
}

static void test_dates(void **state)
{
    assert_true(param_date("2026-11-20"));
    assert_true(param_date(PARAM_DATE_MIN));
    assert_true(param_date(PARAM_DATE_MAX));
    assert_true(param_date("2024-02-29"));
    assert_false(param_date("2026-02-29"));
    assert_false(param_date("1900-01-01"));
    assert_false(param_date("1929-12-31"));
    assert_false(param_date("2100-01-01"));
    assert_false(param_date(" 2026-11-20"));
    assert_false(param_date("2026-11-20 "));
    assert_false(param_date("20261120"));
    assert_false(param_date("2026-1-20"));
    assert_false(param_date(""));
    assert_false(param_date(NULL));

    fixture *f = *state;
    web_err e = {0};
    const char *d = NULL;
    json_t *j = parse(f, "{\"ok\":\"2026-11-20\",\"num\":20261120,\"sp\":\" 2026-11-20\","
                         "\"old\":\"1900-01-01\",\"nul\":null}");
    assert_int_equal(json_member_date(&f->c, j, "ok", &d, &e), PARAM_OK);
    assert_string_equal(d, "2026-11-20");
    assert_int_equal(json_member_date(&f->c, j, "nul", &d, &e), PARAM_ABSENT);
    assert_int_equal(json_member_date(&f->c, j, "missing", &d, &e), PARAM_ABSENT);
    assert_int_equal(e.n, 0);
    /* A number where a date is wanted is an error, not a dropped deadline. */
    assert_int_equal(json_member_date(&f->c, j, "num", &d, &e), PARAM_BAD);
    assert_int_equal(json_member_date(&f->c, j, "sp", &d, &e), PARAM_BAD);
    assert_int_equal(json_member_date(&f->c, j, "old", &d, &e), PARAM_BAD);
    assert_int_equal(e.n, 3);
    assert_int_equal(e.status, 400);
    assert_string_equal(e.code, "invalid_input");
    assert_string_equal(e.e[0].field, "num");
}

static void test_enum(void **state)
{
    fixture *f = *state;
    json_t *j = parse(f, "{\"a\":\"toi_mat\",\"two\":2,\"one\":1,\"t\":true,\"empty\":\"\","
                         "\"up\":\"MAT\",\"nul\":null}");
    web_err e = {0};
    int v = -1;
    assert_int_equal(json_member_enum(&f->c, j, "a", secrecy, &v, &e), PARAM_OK);
    assert_int_equal(v, 2);
    assert_int_equal(json_member_enum(&f->c, j, "nul", secrecy, &v, &e), PARAM_ABSENT);
    assert_int_equal(json_member_enum(&f->c, j, "missing", secrecy, &v, &e), PARAM_ABSENT);
    assert_int_equal(e.n, 0);
    const char *bad[] = {"two", "one", "t", "empty", "up"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(json_member_enum(&f->c, j, bad[i], secrecy, &v, &e), PARAM_BAD);
    assert_int_equal(v, 2);
    assert_int_equal(e.n, 5);
    assert_string_equal(e.e[0].field, "two");
    /* The message lists what is allowed. */
    assert_non_null(strstr(e.e[0].message, "(none, mat, toi_mat, tuyet_mat)"));
}

static void test_ids_and_ranges(void **state)
{
    fixture *f = *state;
    json_t *j = parse(f, "{\"id\":27,\"sid\":\"27\",\"junk\":\"27abc\",\"zero\":0,\"neg\":-3,"
                         "\"real\":2.5,\"pages\":\"abc\",\"big\":1000}");
    web_err e = {0};
    int64_t v = 0;
    assert_int_equal(json_member_id(&f->c, j, "id", &v, &e), PARAM_OK);
    assert_int_equal(v, 27);
    assert_int_equal(json_member_id(&f->c, j, "sid", &v, &e), PARAM_OK);
    assert_int_equal(v, 27);
    assert_int_equal(e.n, 0);
    assert_int_equal(json_member_id(&f->c, j, "junk", &v, &e), PARAM_BAD);
    assert_int_equal(json_member_id(&f->c, j, "zero", &v, &e), PARAM_BAD);
    assert_int_equal(json_member_id(&f->c, j, "neg", &v, &e), PARAM_BAD);
    assert_int_equal(json_member_id(&f->c, j, "real", &v, &e), PARAM_BAD);
    assert_int_equal(json_member_range(&f->c, j, "pages", 1, 999, &v, &e), PARAM_BAD);
    assert_int_equal(json_member_range(&f->c, j, "big", 1, 999, &v, &e), PARAM_BAD);
    assert_int_equal(v, 27);
    assert_int_equal(e.n, 6);
}

static void test_text_and_bool(void **state)
{
    fixture *f = *state;
    json_t *j = parse(f, "{\"s\":\"Về việc\",\"n\":5,\"b\":true,\"o\":{},\"one\":1,\"no\":\"x\"}");
    web_err e = {0};
    const char *s = NULL;
    bool b = false;
    assert_int_equal(json_member_text(&f->c, j, "s", &s, &e), PARAM_OK);
    assert_string_equal(s, "Về việc");
    assert_int_equal(json_member_bool(&f->c, j, "b", &b, &e), PARAM_OK);
    assert_true(b);
    assert_int_equal(json_member_bool(&f->c, j, "one", &b, &e), PARAM_OK);
    assert_int_equal(e.n, 0);
    assert_int_equal(json_member_text(&f->c, j, "n", &s, &e), PARAM_BAD);
    assert_int_equal(json_member_text(&f->c, j, "b", &s, &e), PARAM_BAD);
    assert_int_equal(json_member_text(&f->c, j, "o", &s, &e), PARAM_BAD);
    assert_int_equal(json_member_bool(&f->c, j, "no", &b, &e), PARAM_BAD);
    assert_int_equal(e.n, 4);
}

static void test_query(void **state)
{
    fixture *f = *state;
    kv_add(f->a, &f->rq.query, "limit", "100000", 6);
    kv_add(f->a, &f->rq.query, "offset", "2", 1);
    kv_add(f->a, &f->rq.query, "status", "bogus", 5);
    kv_add(f->a, &f->rq.query, "from", " 2026-01-01", 11);
    web_err e = {0};
    int limit, offset, st = -1;
    const char *from = NULL;
    query_page(&f->c, 50, 500, 1000, &limit, &offset, &e);
    assert_int_equal(e.n, 1);
    assert_string_equal(e.e[0].field, "limit");
    /* A query's mistakes are a malformed request, 400 invalid_parameter. */
    assert_int_equal(e.status, 400);
    assert_string_equal(e.code, "invalid_parameter");
    assert_int_equal(offset, 2);
    static const char *const statuses[] = {"draft", "issued", NULL};
    assert_int_equal(query_enum(&f->c, "status", statuses, &st, &e), PARAM_BAD);
    assert_int_equal(query_date(&f->c, "from", &from, &e), PARAM_BAD);
    assert_int_equal(query_enum(&f->c, "absent", statuses, &st, &e), PARAM_ABSENT);
    assert_int_equal(e.n, 3);
}

static void test_params_check(void **state)
{
    fixture *f = *state;
    static const char *const names[] = {"q", "limit", NULL};
    kv_add(f->a, &f->rq.query, "q", "x", 1);
    assert_true(params_check(&f->c, names));
    kv_add(f->a, &f->rq.query, "bogus", "1", 1);
    assert_false(params_check(&f->c, names));
    assert_int_equal(f->rs.status, 400);
    json_t *j = json_loads(sb_str(&f->rs.body), 0, NULL);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(json_object_get(j, "error"), "code")),
                        "unknown_parameter");
    assert_string_equal(json_string_value(json_object_get(json_object_get(j, "error"), "field")),
                        "bogus");
    json_decref(j);
    /* Pages are lenient: links carry keys a handler does not read. */
    f->c.is_api = false;
    assert_true(params_check(&f->c, names));
}

static void test_params_json(void **state)
{
    fixture *f = *state;
    static const char *const members[] = {"subject", "secrecy", NULL};
    f->rq.method = "POST";
    f->rq.body = "{\"subject\":\"x\",\"secrecy\":\"mat\"}";
    f->rq.body_len = strlen(f->rq.body);
    json_t *j = params_json(&f->c, members);
    assert_non_null(j);
    f->rq.body = "{\"subject\":\"x\",\"secret\":\"mat\"}";
    f->rq.body_len = strlen(f->rq.body);
    assert_null(params_json(&f->c, members));
    assert_int_equal(f->rs.status, 400);
    assert_non_null(strstr(sb_str(&f->rs.body), "\"field\":\"secret\""));
    f->rq.body = "not json";
    f->rq.body_len = strlen(f->rq.body);
    assert_null(params_json(&f->c, members));
    assert_non_null(strstr(sb_str(&f->rs.body), "invalid_json"));
    f->rq.body = NULL;
    f->rq.body_len = 0;
    assert_non_null(params_json_optional(&f->c, members));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_param_int_strict),
        cmocka_unit_test_setup_teardown(test_dates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_enum, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ids_and_ranges, setup, teardown),
        cmocka_unit_test_setup_teardown(test_text_and_bool, setup, teardown),
        cmocka_unit_test_setup_teardown(test_query, setup, teardown),
        cmocka_unit_test_setup_teardown(test_params_check, setup, teardown),
        cmocka_unit_test_setup_teardown(test_params_json, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
