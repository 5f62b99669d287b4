/* The search query language (search/query.c): what each form becomes in FTS5, and every
 * malformed query refused with a message rather than an FTS5 syntax error. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "search/fts5_vi.h"
#include "search/search.h"

static void expect_match(const char *q, const char *want)
{
    search_query sq;
    int r = search_query_parse(q, strlen(q), &sq);
    if (r != 0)
        fail_msg("query «%s» refused: %s", q, sq.error);
    if (strcmp(sq.match, want) != 0)
        fail_msg("query «%s»: got «%s», want «%s»", q, sq.match, want);
    search_query_free(&sq);
}

static void expect_error(const char *q, size_t n)
{
    search_query sq;
    int r = search_query_parse(q, n, &sq);
    if (r == 0)
        fail_msg("query «%.*s» accepted as «%s»", (int)n, q, sq.match);
    assert_null(sq.match);
    assert_non_null(sq.error);
    assert_true(strlen(sq.error) > 10);
    search_query_free(&sq);
}
#define BAD(q) expect_error((q), strlen(q))

static void test_words(void **state)
{
    (void)state;
    expect_match("dang", "\"dang\"");
    expect_match("  Đảng   bộ ", "\"Đảng\" AND \"bộ\"");
    expect_match("can tho", "\"can\" AND \"tho\"");
    expect_match("hoà bình", "\"hoà\" AND \"bình\"");
    expect_match("2026", "\"2026\"");
    /* punctuation around words is dropped the way the tokenizer drops it */
    expect_match("dang, tho.", "\"dang\" AND \"tho\"");
    expect_match("dang ... tho", "\"dang\" AND \"tho\"");
}

static void test_phrases_and_prefix(void **state)
{
    (void)state;
    expect_match("\"văn phòng\"", "\"văn phòng\"");
    expect_match("\"văn   phòng, thành ủy\"", "\"văn phòng thành ủy\"");
    expect_match("ngu*", "\"ngu\"*");
    expect_match("vpt*", "\"vpt\"*");
    expect_match("\"văn phò\"*", "\"văn phò\"*");
    expect_match("\"\" dang", "\"dang\"");
}

static void test_docno(void **state)
{
    (void)state;
    expect_match("36-HD/VPTW", "\"36 HD VPTW\"");
    expect_match("123/QĐ-UBND", "\"123 QĐ UBND\"");
    expect_match("Số 123-CV/TU", "\"Số\" AND \"123 CV TU\"");
    expect_match("\"36-HD/VPTW\"", "\"36 HD VPTW\"");
    expect_match("30/2020/NĐ-CP", "\"30 2020 NĐ CP\"");
}

static void test_operators(void **state)
{
    (void)state;
    expect_match("dang OR doan", "(\"dang\" OR \"doan\")");
    /* OR separates the phrases around it (issue 12 §16): the implicit AND binds tighter */
    expect_match("a b OR c", "((\"a\" AND \"b\") OR \"c\")");
    expect_match("chuyển đổi số OR sạt lở",
                 "((\"chuyển\" AND \"đổi\" AND \"số\") OR (\"sạt\" AND \"lở\"))");
    expect_match("a OR b c OR d", "(\"a\" OR (\"b\" AND \"c\") OR \"d\")");
    expect_match("a -b OR c", "((\"a\" NOT \"b\") OR \"c\")");
    expect_match("(a b OR c) d", "(((\"a\" AND \"b\") OR \"c\")) AND \"d\"");
    expect_match("dang -nháp", "\"dang\" NOT \"nháp\"");
    expect_match("a b -c -\"d e\"", "(\"a\" AND \"b\") NOT \"c\" NOT \"d e\"");
    expect_match("(a OR b) c", "((\"a\" OR \"b\")) AND \"c\"");
    expect_match("(a -b) c", "(\"a\" NOT \"b\") AND \"c\"");
    expect_match("a -(b OR c)", "\"a\" NOT ((\"b\" OR \"c\"))");
    expect_match("or and not", "\"or\" AND \"and\" AND \"not\"");
    expect_match("AND NOT NEAR", "\"AND\" AND \"NOT\" AND \"NEAR\"");
    expect_match("x-y", "\"x y\"");
    expect_match("a OR ... OR b", "(\"a\" OR \"b\")");
    expect_match("col:value", "\"col value\"");
    expect_match("^start", "\"start\"");
}

static void test_invalid(void **state)
{
    (void)state;
    BAD("");
    BAD("   ");
    BAD("\"văn phòng");
    BAD("dang \"");
    BAD("-");
    BAD("dang -");
    BAD("dang - tho");
    BAD("--dang");
    BAD("OR");
    BAD("OR dang");
    BAD("dang OR");
    BAD("dang OR OR tho");
    BAD("-dang");
    BAD("-dang -tho");
    BAD("dang OR -tho");
    BAD("-dang OR tho");
    BAD("(dang");
    BAD("dang)");
    BAD("()");
    BAD("( )");
    BAD("(-a)");
    BAD("...");
    BAD("* * *");
    BAD("a*x n*");
    BAD("((((((((((a))))))))))");
    BAD("\x01"
        "dang");
    char big[SEARCH_MAX_QUERY + 2];
    memset(big, 'a', sizeof big);
    expect_error(big, SEARCH_MAX_QUERY + 1);
    expect_error("dang\xc3", 5); /* truncated UTF-8 */
    expect_error("\xc0\xaf", 2); /* overlong */
    expect_error("d\0ang", 5);   /* NUL inside */
    /* too many terms */
    char many[400] = "";
    for (int i = 0; i < SEARCH_MAX_TERMS + 1; i++)
        strcat(many, "ab ");
    BAD(many);
    many[0] = 0;
    for (int i = 0; i < SEARCH_MAX_TERMS; i++)
        strcat(many, "ab ");
    search_query sq;
    assert_int_equal(search_query_parse(many, strlen(many), &sq), 0);
    assert_int_equal(sq.n_terms, SEARCH_MAX_TERMS);
    search_query_free(&sq);
}

/* Every accepted query is valid FTS5 syntax for a table using the "vi" tokenizer; a fixed
 * pseudo-random walk over nasty bytes must never make FTS5 complain. */
static void test_output_is_valid_fts5(void **state)
{
    (void)state;
    sqlite3 *h;
    assert_int_equal(sqlite3_open(":memory:", &h), SQLITE_OK);
    assert_int_equal(fts5_vi_register(h), 0);
    assert_int_equal(sqlite3_exec(h,
                                  "CREATE VIRTUAL TABLE t USING fts5(a, b, tokenize='vi');"
                                  "INSERT INTO t VALUES('Văn phòng Thành ủy', '36-HD/VPTW');",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_stmt *st;
    assert_int_equal(
        sqlite3_prepare_v2(h, "SELECT count(*) FROM t WHERE t MATCH ?1", -1, &st, NULL), SQLITE_OK);
    static const char alphabet[][5] = {"a",   "b", " ", "\"", "(", ")", "-", "*", "OR",   "NOT",
                                       "AND", ":", "^", "+",  "ă", "Đ", "1", "/", "NEAR", "{"};
    unsigned seed = 12345;
    int accepted = 0;
    for (int iter = 0; iter < 20000; iter++) {
        char q[128] = "";
        int len = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 12;
        for (int k = 0; k < len; k++) {
            seed = seed * 1103515245u + 12345u;
            strcat(q, alphabet[(seed >> 16) % (sizeof alphabet / sizeof alphabet[0])]);
        }
        search_query sq;
        if (search_query_parse(q, strlen(q), &sq) != 0) {
            assert_non_null(sq.error);
            continue;
        }
        accepted++;
        sqlite3_reset(st);
        sqlite3_bind_text(st, 1, sq.match, -1, SQLITE_TRANSIENT);
        int rc = sqlite3_step(st);
        if (rc != SQLITE_ROW)
            fail_msg("query «%s» → «%s»: %s", q, sq.match, sqlite3_errmsg(h));
        search_query_free(&sq);
    }
    assert_true(accepted > 1000);
    sqlite3_finalize(st);
    sqlite3_close(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_words),   cmocka_unit_test(test_phrases_and_prefix),
        cmocka_unit_test(test_docno),   cmocka_unit_test(test_operators),
        cmocka_unit_test(test_invalid), cmocka_unit_test(test_output_is_valid_fts5),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
