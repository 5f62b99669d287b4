/* Tests for search/fts5_vi.c against a real in-memory SQLite FTS5 table: VI-TEXT.md's
 * query → document table (yes and no rows), document numbers whole and by parts, prefixes,
 * the postings the tokenizer writes, exact-first ranking and highlight()/snippet(). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>
#include <utf8proc.h>

#include "search/fts5_vi.h"
#include "text/vi.h"

static sqlite3 *open_db(const char *tokenize)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    assert_int_equal(fts5_vi_register(db), 0);
    char sql[200];
    snprintf(sql, sizeof sql, "CREATE VIRTUAL TABLE t USING fts5(body, tokenize=\"%s\")", tokenize);
    if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    return db;
}

static int setup(void **state)
{
    *state = open_db("vi");
    return 0;
}

static int teardown(void **state)
{
    sqlite3_close(*state);
    return 0;
}

static void exec(sqlite3 *db, const char *sql)
{
    if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
}

static void insert(sqlite3 *db, long rowid, const char *body)
{
    sqlite3_stmt *st;
    assert_int_equal(
        sqlite3_prepare_v2(db, "INSERT INTO t(rowid, body) VALUES (?, ?)", -1, &st, NULL),
        SQLITE_OK);
    sqlite3_bind_int64(st, 1, rowid);
    sqlite3_bind_text(st, 2, body, -1, SQLITE_TRANSIENT);
    assert_int_equal(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
}

/* Number of rows matching query. */
static int count(sqlite3 *db, const char *query)
{
    sqlite3_stmt *st;
    assert_int_equal(
        sqlite3_prepare_v2(db, "SELECT count(*) FROM t WHERE t MATCH ?", -1, &st, NULL), SQLITE_OK);
    sqlite3_bind_text(st, 1, query, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) != SQLITE_ROW)
        fail_msg("MATCH '%s': %s", query, sqlite3_errmsg(db));
    int n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return n;
}

/* Does query find doc, alone in the table? */
static bool finds(sqlite3 *db, const char *query, const char *doc)
{
    exec(db, "DELETE FROM t");
    insert(db, 1, doc);
    return count(db, query) == 1;
}

static void expect(sqlite3 *db, const char *query, const char *doc, bool want)
{
    if (finds(db, query, doc) != want)
        fail_msg("query %s → \"%s\": expected %s", query, doc, want ? "a match" : "no match");
}

static char *nfd(const char *s)
{
    utf8proc_uint8_t *d = NULL;
    assert_true(utf8proc_map((const utf8proc_uint8_t *)s, 0, &d,
                             UTF8PROC_NULLTERM | UTF8PROC_DECOMPOSE | UTF8PROC_STABLE) >= 0);
    return (char *)d;
}

/* VI-TEXT.md, "query → document". */
static void test_query_table(void **state)
{
    sqlite3 *db = *state;
    char *nfd_doc = nfd("NGUYỄN VĂN A");
    expect(db, "can tho", "Thành phố Cần Thơ", true);
    expect(db, "dang", "Đảng bộ", true);
    expect(db, "đảng", "đang làm việc", false);
    expect(db, "hoà bình", "Hòa Bình", true);
    expect(db, "nguyen", nfd_doc, true);
    expect(db, "\"văn phòng\"", "phòng văn thư", false);
    expect(db, "quan ly", "quản lý", true);
    expect(db, "quan ly", "quản lí", true);
    expect(db, "vpt*", "36-HD/VPTW", true);
    free(nfd_doc);
}

/* The same rules from other angles. */
static void test_rules(void **state)
{
    sqlite3 *db = *state;
    char *nfd_q = nfd("đảng");
    expect(db, "\"văn phòng\"", "Văn phòng Thành ủy", true);
    expect(db, "đảng", "ĐẢNG BỘ", true);
    expect(db, "đảng", "\xC3\x90ảng bộ", true); /* Ð look-alike in the document */
    expect(db, nfd_q, "Đảng bộ", true);         /* NFD query */
    expect(db, "dang", "đang làm việc", true);
    expect(db, "dang", "dang dở", true);
    expect(db, "đang", "Đảng bộ", false);
    expect(db, "hòa", "hoà", true); /* both tone styles, either way round */
    expect(db, "hoà", "hòa", true);
    expect(db, "thuỷ", "Thủy lợi", true);
    expect(db, "khoẻ", "sức khỏe", true);
    expect(db, "hoàng", "hòang", true); /* misplaced tone in the document */
    expect(db, "quý", "qúy", true);
    expect(db, "qui", "quý", true);
    expect(db, "ky thuat", "kĩ thuật", true);
    expect(db, "kỹ", "kĩ thuật", false); /* with marks, the spelling counts */
    expect(db, "cafe", "café", true);
    expect(db, "café", "cafe", false);
    expect(db, "ngu*", "người", true);
    expect(db, "ngu*", "Nguyễn", true);
    expect(db, "nguyễ*", "Nguyễn", true);
    expect(db, "nguyễ*", "nguyên", false);
    expect(db, "ly*", "quản lý", true);
    expect(db, "ly*", "Lyon", true);
    expect(db, "NEAR(dang uy, 2)", "Đảng bộ và Ủy ban", true);
    expect(db, "abc def",
           "abc\xFF"
           "def",
           true); /* a broken byte separates tokens */
    free(nfd_q);
}

static void test_yi_merge_option(void **state)
{
    sqlite3 *db = open_db("vi yi_merge 0");
    expect(db, "quan ly", "quản lý", true);
    expect(db, "quan ly", "quản lí", false);
    sqlite3_close(db);

    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    assert_int_equal(fts5_vi_register(db), 0);
    assert_int_not_equal(
        sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING fts5(body, tokenize='vi bogus 1')", NULL,
                     NULL, NULL),
        SQLITE_OK);
    assert_int_not_equal(
        sqlite3_exec(db, "CREATE VIRTUAL TABLE u USING fts5(body, tokenize='vi yi_merge 2')", NULL,
                     NULL, NULL),
        SQLITE_OK);
    sqlite3_close(db);
}

static void test_document_numbers(void **state)
{
    sqlite3 *db = *state;
    exec(db, "DELETE FROM t");
    insert(db, 1, "Hướng dẫn số 36-HD/VPTW ngày 03/4/2018 của Văn phòng Trung ương Đảng");
    insert(db, 2, "VPTW gửi 36 bản HD cho các đơn vị");
    insert(db, 3, "Quyết định số 123/QĐ-UBND của Ủy ban nhân dân");
    insert(db, 4, "Công văn Số 123-CV/TU");
    /* Whole, as a phrase: adjacent tokens in order. */
    assert_int_equal(count(db, "\"36-HD/VPTW\""), 1);
    assert_int_equal(count(db, "\"36-hd/vptw\""), 1);
    assert_int_equal(count(db, "\"36 HD VPTW\""), 1);
    assert_int_equal(count(db, "\"123/QĐ-UBND\""), 1);
    assert_int_equal(count(db, "\"123/QD-UBND\""), 1);
    assert_int_equal(count(db, "\"Số 123-CV/TU\""), 1);
    assert_int_equal(count(db, "\"123-CV/TU\""), 1);
    /* Separators are not indexed: the state-format spelling finds the Party number too. */
    assert_int_equal(count(db, "\"123/CV-TU\""), 1);
    /* By parts. */
    assert_int_equal(count(db, "36"), 2);
    assert_int_equal(count(db, "hd"), 2);
    assert_int_equal(count(db, "VPTW"), 2);
    assert_int_equal(count(db, "vpt*"), 2);
    assert_int_equal(count(db, "123"), 2);
    assert_int_equal(count(db, "QĐ"), 1);
    assert_int_equal(count(db, "qd"), 1);
    assert_int_equal(count(db, "ubnd"), 1);
    assert_int_equal(count(db, "\"03/4/2018\""), 1);
}

/* What the tokenizer writes: exact key, and the folded key only when it differs. */
static void test_postings(void **state)
{
    sqlite3 *db = *state;
    exec(db, "DELETE FROM t");
    insert(db, 1, "Đảng dang ĐẢNG lý 36");
    exec(db, "CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')");
    sqlite3_stmt *st;
    assert_int_equal(
        sqlite3_prepare_v2(db, "SELECT term, offset FROM v ORDER BY offset, term", -1, &st, NULL),
        SQLITE_OK);
    const char *want[][2] = {{"dang", "0"}, {"đảng", "0"}, {"dang", "1"}, {"dang", "2"},
                             {"đảng", "2"}, {"li", "3"},   {"lý", "3"},   {"36", "4"}};
    size_t i = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        assert_true(i < sizeof want / sizeof want[0]);
        assert_string_equal((const char *)sqlite3_column_text(st, 0), want[i][0]);
        assert_string_equal((const char *)sqlite3_column_text(st, 1), want[i][1]);
        i++;
    }
    assert_int_equal(i, sizeof want / sizeof want[0]);
    sqlite3_finalize(st);
    exec(db, "DROP TABLE v");
}

/* rowids of query's matches in rank order, written into ids; returns how many. */
static int ranked(sqlite3 *db, const char *query, long ids[], int exact[], int max)
{
    sqlite3_stmt *st;
    const char *sql = "SELECT rowid, vi_exact(t, ?1) FROM t WHERE t MATCH ?1 "
                      "ORDER BY vi_exact(t, ?1) DESC, bm25(t), rowid";
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s", sqlite3_errmsg(db));
    sqlite3_bind_text(st, 1, query, -1, SQLITE_TRANSIENT);
    int n = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < max) {
        ids[n] = (long)sqlite3_column_int64(st, 0);
        exact[n] = sqlite3_column_int(st, 1);
        n++;
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        fail_msg("%s: %s", query, sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return n;
}

static void test_ranking(void **state)
{
    sqlite3 *db = *state;
    long id[8];
    int ex[8];
    exec(db, "DELETE FROM t");
    insert(db, 1, "Đảng bộ tỉnh lãnh đạo");
    insert(db, 2, "đang làm việc");
    insert(db, 3, "dang dở công việc"); /* the document itself has no marks on "dang" */
    insert(db, 4, "Đảng Đảng Đảng");    /* more folded hits: bm25 alone would put it first */

    /* Marked query: only exact hits exist (rule 7), all rank as exact. */
    assert_int_equal(ranked(db, "đảng", id, ex, 8), 2);
    assert_int_equal(id[0], 4); /* bm25 orders the exact group */
    assert_int_equal(id[1], 1);
    assert_int_equal(ex[0], 1);
    assert_int_equal(ex[1], 1);

    /* Unmarked query: the literal "dang" first, folded-only hits after it, by bm25. */
    assert_int_equal(ranked(db, "dang", id, ex, 8), 4);
    assert_int_equal(id[0], 3);
    assert_int_equal(ex[0], 1);
    assert_int_equal(id[1], 4);
    for (int i = 1; i < 4; i++)
        assert_int_equal(ex[i], 0);

    /* Several phrases: the count of phrases found as typed. */
    exec(db, "DELETE FROM t");
    insert(db, 1, "Hòa Bình");
    insert(db, 2, "hoa Bình");
    insert(db, 3, "hoa binh");
    assert_int_equal(ranked(db, "hoa binh", id, ex, 8), 3);
    assert_int_equal(id[0], 3);
    assert_int_equal(ex[0], 2);
    assert_int_equal(id[1], 2);
    assert_int_equal(ex[1], 1);
    assert_int_equal(id[2], 1);
    assert_int_equal(ex[2], 0);
    assert_int_equal(ranked(db, "\"hoa binh\"", id, ex, 8), 3);
    assert_int_equal(id[0], 3);
    assert_int_equal(ex[0], 1);
    assert_int_equal(ex[1], 0); /* a phrase is exact only when all its words are */
    assert_int_equal(ranked(db, "body: hoa AND binh", id, ex, 8), 3);
    assert_int_equal(id[0], 3);
    assert_int_equal(ex[0], 2);
    /* Both tone styles are the same exact key. */
    assert_int_equal(ranked(db, "hoà bình", id, ex, 8), 1);
    assert_int_equal(ex[0], 2);

    /* Prefixes: exact when the document word starts with what was typed. */
    exec(db, "DELETE FROM t");
    insert(db, 1, "người");
    insert(db, 2, "Nguyễn");
    insert(db, 3, "nguyen");
    assert_int_equal(ranked(db, "ngu*", id, ex, 8), 3);
    assert_int_equal(ex[0] + ex[1] + ex[2], 2);
    assert_int_equal(id[2], 1);

    /* Hits far into a long document. */
    exec(db, "DELETE FROM t");
    char *big = malloc(60000);
    size_t o = 0;
    for (int i = 0; i < 5000; i++)
        o += (size_t)sprintf(big + o, "Đảng ");
    strcpy(big + o, "dang");
    insert(db, 1, big);
    free(big);
    assert_int_equal(ranked(db, "dang", id, ex, 8), 1);
    assert_int_equal(ex[0], 1);

    assert_int_not_equal(
        sqlite3_exec(db, "SELECT vi_exact(t) FROM t WHERE t MATCH 'dang'", NULL, NULL, NULL),
        SQLITE_OK);
}

static char *select_text(sqlite3 *db, const char *sql, const char *query)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    sqlite3_bind_text(st, 1, query, -1, SQLITE_TRANSIENT);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    char *s = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return s;
}

/* highlight() and snippet() show the stored text: case, diacritics, NFD bytes. */
static void test_highlight(void **state)
{
    sqlite3 *db = *state;
    const char *hl = "SELECT highlight(t, 0, '[', ']') FROM t WHERE t MATCH ?";
    exec(db, "DELETE FROM t");
    insert(db, 1, "Ban Thường vụ Đảng ủy Cần Thơ, số 36-HD/VPTW");
    char *s = select_text(db, hl, "dang can tho");
    assert_string_equal(s, "Ban Thường vụ [Đảng] ủy [Cần] [Thơ], số 36-HD/VPTW");
    free(s);
    s = select_text(db, hl, "\"36-HD/VPTW\"");
    assert_string_equal(s, "Ban Thường vụ Đảng ủy Cần Thơ, số [36-HD/VPTW]");
    free(s);
    s = select_text(db, "SELECT snippet(t, 0, '<', '>', '…', 3) FROM t WHERE t MATCH ?", "thuong");
    assert_string_equal(s, "Ban <Thường> vụ…");
    free(s);

    /* NFD stays NFD in the output: the offsets are into the stored bytes. */
    char *word = nfd("Nguyễn"), *d = nfd("Nguyễn Văn A");
    exec(db, "DELETE FROM t");
    insert(db, 1, d);
    s = select_text(db, hl, "nguyen");
    char want[64];
    snprintf(want, sizeof want, "[%s]%s", word, d + strlen(word));
    assert_string_equal(s, want);
    free(s);
    free(word);
    free(d);
}

/* vi_snippet(): the window around the hits, read only as far as it goes. */
static void test_vi_snippet(void **state)
{
    sqlite3 *db = *state;
    const char *sn = "SELECT vi_snippet(t, '<', '>', '…', 5) FROM t WHERE t MATCH ?";
    exec(db, "DELETE FROM t");
    insert(db, 1, "Ban Thường vụ Đảng ủy Cần Thơ, số 36-HD/VPTW");
    char *s = select_text(db, sn, "thuong");
    assert_string_equal(s, "Ban <Thường> vụ Đảng ủy…");
    free(s);
    /* a phrase is one mark; a quarter of the window before it; punctuation kept */
    s = select_text(db, sn, "\"can tho\"");
    assert_string_equal(s, "…ủy <Cần Thơ>, số 36…");
    free(s);
    /* the end of the text: no ellipsis after */
    s = select_text(db, sn, "vptw");
    assert_string_equal(s, "…HD/<VPTW>");
    free(s);
    /* far into a long text: the window covering most hits, nothing before it read wrong */
    char body[8192] = "";
    for (int i = 0; i < 500; i++)
        strcat(body, "lời ");
    strcat(body, "nghị quyết Đảng bộ và Đảng ủy cuối");
    insert(db, 2, body);
    s = select_text(
        db, "SELECT vi_snippet(t, '[', ']', '…', 6) FROM t WHERE t MATCH ? AND rowid = 2", "đảng");
    assert_string_equal(s, "…quyết [Đảng] bộ và [Đảng] ủy…");
    free(s);
}

/* vi_bm25() scores like bm25() when every match is counted (below its sample size). */
static void test_vi_bm25(void **state)
{
    sqlite3 *db = *state;
    exec(db, "DELETE FROM t");
    insert(db, 1, "Đảng bộ tỉnh lãnh đạo công tác Đảng");
    insert(db, 2, "công tác cán bộ");
    insert(db, 3, "công tác công tác công tác văn phòng tỉnh ủy");
    insert(db, 4, "văn bản khác hẳn");
    const char *qs[] = {"cong tac", "đảng", "\"công tác\" tỉnh", "van"};
    for (size_t q = 0; q < sizeof qs / sizeof *qs; q++) {
        sqlite3_stmt *st;
        assert_int_equal(sqlite3_prepare_v2(db, "SELECT bm25(t), vi_bm25(t) FROM t WHERE t MATCH ?",
                                            -1, &st, NULL),
                         SQLITE_OK);
        sqlite3_bind_text(st, 1, qs[q], -1, SQLITE_STATIC);
        int rows = 0;
        while (sqlite3_step(st) == SQLITE_ROW) {
            rows++;
            double a = sqlite3_column_double(st, 0), b = sqlite3_column_double(st, 1);
            if (fabs(a - b) > 1e-9 * (1 + fabs(a)))
                fail_msg("«%s»: bm25 %g, vi_bm25 %g", qs[q], a, b);
        }
        sqlite3_finalize(st);
        assert_true(rows > 0);
    }
}

static void test_long_token(void **state)
{
    sqlite3 *db = *state;
    char word[1201];
    for (int i = 0; i < 1200; i += 2)
        memcpy(word + i, "\xC3\x80", 2); /* À × 600 */
    word[1200] = '\0';
    char doc[1300];
    snprintf(doc, sizeof doc, "x %s y", word);
    expect(db, word, doc, true);
    char folded[601];
    memset(folded, 'a', 600);
    folded[600] = '\0';
    expect(db, folded, doc, true);
}

/* Random bytes as documents and as queries: no crash, no leak, offsets inside the text. */
static void test_random(void **state)
{
    sqlite3 *db = *state;
    static const char *const pieces[] = {"Đảng",     " ",    "-",    "/",  "36", "ho", "a\xCC\x80",
                                         "\xCC\x81", "\xC3", "\xFF", "ly", "\"", "*",  "y"};
    uint32_t x = 7;
    exec(db, "DELETE FROM t");
    for (int iter = 0; iter < 2000; iter++) {
        char in[64];
        size_t o = 0;
        for (int i = 0; i < 1 + iter % 9; i++) {
            x = x * 1664525u + 1013904223u;
            const char *p = pieces[(x >> 16) % (sizeof pieces / sizeof pieces[0])];
            size_t pl = strlen(p);
            if (o + pl >= sizeof in)
                break;
            memcpy(in + o, p, pl);
            o += pl;
        }
        in[o] = '\0';
        insert(db, iter + 1, in);
        sqlite3_stmt *st;
        assert_int_equal(sqlite3_prepare_v2(db,
                                            "SELECT highlight(t, 0, '[', ']'), vi_exact(t, ?1) "
                                            "FROM t WHERE t MATCH ?1",
                                            -1, &st, NULL),
                         SQLITE_OK);
        sqlite3_bind_text(st, 1, in, -1, SQLITE_TRANSIENT);
        while (sqlite3_step(st) == SQLITE_ROW)
            ;
        sqlite3_finalize(st); /* syntax errors in random queries are fine */
    }
    /* Every exact hit is also a folded hit ("Đảng" + a stray acute is only the latter). */
    assert_true(count(db, "đảng") > 0);
    assert_true(count(db, "dang") >= count(db, "đảng"));
}

/* vi_exact re-reads only the words at hit positions (fts5_vi.c, reread_column). Its answer must
 * be the rule's: a one-word query counts as exact when some word of the document has the exact
 * key of what was typed (or starts with it, for a prefix). Random documents of words in every
 * spelling (marks, none, upper case, NFD, old tone style, y/i), with filler before the hits and
 * punctuation between words, checked against that rule computed word by word here. */
static void test_exact_reference(void **state)
{
    sqlite3 *db = *state;
    static const char *const words[] = {"Đảng", "đảng",        "dang",
                                        "Dang", "DANG",        "đang",
                                        "hoà",  "hòa",         "hoa",
                                        "Hoà",  "HOA",         "lý",
                                        "ly",   "lí",          "li",
                                        "Lyon", "nguyễn",      "Nguyen",
                                        "ngu",  "người",       "thủy",
                                        "thuỷ", "thuy",        "THỦY",
                                        "thu",  "hoa\xCC\x80", "d\xC6\xB0\xCC\x80ng",
                                        "dừng", "dung",        "x1",
                                        "Đ"};
    static const char *const seps[] = {" ", ", ", "-", "/", " (", ") ", "\n"};
    static const char *const queries[] = {"dang", "đảng",   "DANG", "hoa",  "hoà",  "hòa", "ly",
                                          "lý",   "li",     "thuy", "thủy", "ngu*", "th*", "dung",
                                          "dừng", "nguyen", "Đ",    "d*",   "ho*"};
    enum { NW = sizeof words / sizeof words[0], NQ = sizeof queries / sizeof queries[0] };
    char key[NW][64];
    int klen[NW];
    for (int w = 0; w < NW; w++)
        klen[w] = vi_exact_key(words[w], strlen(words[w]), key[w], sizeof key[w]);
    uint32_t x = 11;
    exec(db, "DELETE FROM t");
    int picked[200][40], npicked[200];
    char *doc = malloc(8192);
    assert_non_null(doc);
    for (int d = 0; d < 200; d++) {
        size_t o = 0;
        x = x * 1664525u + 1013904223u;
        int filler = d % 4 == 0 ? (int)((x >> 8) % 600) : 0; /* hits far into the text */
        for (int i = 0; i < filler; i++)
            o += (size_t)sprintf(doc + o, "văn ");
        npicked[d] = 1 + (int)((x >> 20) % 30);
        for (int i = 0; i < npicked[d]; i++) {
            x = x * 1664525u + 1013904223u;
            int w = (int)((x >> 16) % NW);
            picked[d][i] = w;
            o += (size_t)sprintf(doc + o, "%s%s", words[w], seps[(x >> 4) % 7]);
        }
        doc[o] = '\0';
        insert(db, d + 1, doc);
    }
    free(doc);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT rowid, vi_exact(t, ?1) FROM t WHERE t MATCH ?1",
                                        -1, &st, NULL),
                     SQLITE_OK);
    int exact_seen = 0, folded_seen = 0;
    for (int q = 0; q < NQ; q++) {
        const char *typed = queries[q];
        size_t tl = strlen(typed);
        bool prefix = typed[tl - 1] == '*';
        char qkey[64];
        int ql = vi_exact_key(typed, prefix ? tl - 1 : tl, qkey, sizeof qkey);
        assert_true(ql > 0);
        char quoted[80];
        snprintf(quoted, sizeof quoted, prefix ? "\"%.*s\"*" : "\"%.*s\"",
                 (int)(prefix ? tl - 1 : tl), typed);
        sqlite3_bind_text(st, 1, quoted, -1, SQLITE_TRANSIENT);
        while (sqlite3_step(st) == SQLITE_ROW) {
            int d = (int)sqlite3_column_int64(st, 0) - 1, got = sqlite3_column_int(st, 1), want = 0;
            for (int i = 0; i < npicked[d] && !want; i++) {
                int w = picked[d][i];
                want = prefix ? klen[w] >= ql && memcmp(key[w], qkey, (size_t)ql) == 0
                              : klen[w] == ql && memcmp(key[w], qkey, (size_t)ql) == 0;
            }
            if (got != want)
                fail_msg("query %s, document %d: vi_exact %d, the rule says %d", typed, d + 1, got,
                         want);
            exact_seen += want;
            folded_seen += !want;
        }
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    assert_true(exact_seen > 100); /* both answers were exercised */
    assert_true(folded_seen > 100);
}

/* A tag list (FTS5_VI_TAG first) is tokens byte for byte, found by a phrase of the same bytes
 * and by nothing a user can type (query.c refuses control characters: test_query.c): "u34",
 * "y2026" or a prefix of them find only the words of the text. */
static void test_tags(void **state)
{
    (void)state;
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    assert_int_equal(fts5_vi_register(db), 0);
    exec(db, "CREATE VIRTUAL TABLE g USING fts5(body, tags, tokenize='vi', prefix='2 3')");
    exec(db, "INSERT INTO g (rowid, body, tags) VALUES (1, 'Kế hoạch năm', "
             "char(1) || 'u34 ' || char(1) || 'y2026 ' || char(1) || 'tke_hoach'),"
             " (2, 'Kế hoạch u34 y2026', char(1) || 'u35 ' || char(1) || 'y2025'),"
             " (3, 'Báo cáo', char(1) || 'u34 ' || char(1) || 'pu34')");
    static const struct {
        const char *q;
        int n;
    } cases[] = {
        {"\"u34\"", 1}, /* the text of 2 only, never a tag */
        {"\"y2026\"", 1},
        {"\"u3\"*", 1},
        {"\"tke\"", 0},
        {"\"hoach\"", 2},
        {"\"\x01u34\"", 2},
        {"\"\x01y2026\"", 1},
        {"\"\x01tke_hoach\"", 1},
        {"\"\x01u\"*", 3}, /* bytes, like any prefix */
        {"\"kế\" AND \"\x01u34\"", 1},
        {"\"kế\" AND (\"\x01u35\" OR \"\x01pu34\")", 1},
        {"\"báo\" AND (\"\x01u35\" OR \"\x01pu34\")", 1},
        {"\"\x01pu34\" AND \"\x01u34\"", 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        sqlite3_stmt *st;
        assert_int_equal(
            sqlite3_prepare_v2(db, "SELECT count(*) FROM g WHERE g MATCH ?", -1, &st, NULL),
            SQLITE_OK);
        sqlite3_bind_text(st, 1, cases[i].q, -1, SQLITE_STATIC);
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        int n = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
        if (n != cases[i].n)
            fail_msg("%s: %d rows, want %d", cases[i].q, n, cases[i].n);
    }
    sqlite3_close(db);
}

/* A column of weight 0 (the search index's tags) is left out of the document lengths: the
 * same texts score the same with or without such a column. */
static void test_bm25_zero_weight(void **state)
{
    sqlite3 *db = *state;
    exec(db, "DELETE FROM t");
    exec(db, "CREATE VIRTUAL TABLE g USING fts5(body, tags, tokenize='vi')");
    static const char *const bodies[] = {"Kế hoạch kiểm tra", "kế hoạch năm kế hoạch quý",
                                         "Báo cáo kế hoạch công tác năm 2026 của Văn phòng",
                                         "kiểm tra"};
    for (int i = 0; i < 4; i++) {
        insert(db, i + 1, bodies[i]);
        char sql[300];
        snprintf(sql, sizeof sql,
                 "INSERT INTO g (rowid, body, tags) VALUES (%d, '%s', char(1) || 'u%d' ||"
                 " ' ' || char(1) || 'y2026 ' || char(1) || 'p%d')",
                 i + 1, bodies[i], i, i * 7);
        exec(db, sql);
    }
    sqlite3_stmt *a, *b;
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT rowid, vi_bm25(t, 2.0) FROM t WHERE t MATCH ?1"
                                        " ORDER BY rowid",
                                        -1, &a, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT rowid, vi_bm25(g, 2.0, 0.0) FROM g WHERE g MATCH ?1"
                                        " ORDER BY rowid",
                                        -1, &b, NULL),
                     SQLITE_OK);
    static const char *const queries[] = {"\"kế\" AND \"hoạch\"", "\"kiem\"", "\"nam\" OR \"tra\""};
    int compared = 0;
    for (int q = 0; q < 3; q++) {
        sqlite3_bind_text(a, 1, queries[q], -1, SQLITE_STATIC);
        sqlite3_bind_text(b, 1, queries[q], -1, SQLITE_STATIC);
        while (sqlite3_step(a) == SQLITE_ROW) {
            assert_int_equal(sqlite3_step(b), SQLITE_ROW);
            assert_int_equal(sqlite3_column_int(a, 0), sqlite3_column_int(b, 0));
            double x = sqlite3_column_double(a, 1), y = sqlite3_column_double(b, 1);
            if (fabs(x - y) > 1e-9)
                fail_msg("%s, row %d: %g without tags, %g with", queries[q],
                         sqlite3_column_int(a, 0), x, y);
            compared++;
        }
        assert_int_equal(sqlite3_step(b), SQLITE_DONE);
        sqlite3_reset(a);
        sqlite3_reset(b);
    }
    sqlite3_finalize(a);
    sqlite3_finalize(b);
    assert_true(compared >= 6);
    exec(db, "DROP TABLE g");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_query_table, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rules, setup, teardown),
        cmocka_unit_test(test_yi_merge_option),
        cmocka_unit_test_setup_teardown(test_document_numbers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_postings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ranking, setup, teardown),
        cmocka_unit_test_setup_teardown(test_highlight, setup, teardown),
        cmocka_unit_test_setup_teardown(test_vi_snippet, setup, teardown),
        cmocka_unit_test_setup_teardown(test_vi_bm25, setup, teardown),
        cmocka_unit_test_setup_teardown(test_long_token, setup, teardown),
        cmocka_unit_test_setup_teardown(test_random, setup, teardown),
        cmocka_unit_test_setup_teardown(test_exact_reference, setup, teardown),
        cmocka_unit_test(test_tags),
        cmocka_unit_test_setup_teardown(test_bm25_zero_weight, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
