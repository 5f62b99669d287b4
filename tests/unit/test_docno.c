/* Tests for search/docno.c: Party and state numbers as people type and paste them, invalid
 * input with its Vietnamese message, formatting, round trips and random bytes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "docno/docno.h"
#include "text/vi.h"

#define ERR_PREFIX "Không đọc được số, ký hiệu văn bản: "

static void ok(const char *in, enum docno_form form, int number, int year, const char *type,
               const char *issuer, const char *text)
{
    struct docno d;
    char *err = (char *)1;
    if (docno_parse(in, &d, &err) != 0)
        fail_msg("\"%s\": %s", in, err);
    assert_null(err);
    if (d.form != form || d.number != number || d.year != year || strcmp(d.type_abbr, type) != 0 ||
        strcmp(d.issuer_abbr, issuer) != 0 || strcmp(d.text_normalised, text) != 0)
        fail_msg("\"%s\" → form %d, %d, %d, \"%s\", \"%s\", \"%s\"", in, d.form, d.number, d.year,
                 d.type_abbr, d.issuer_abbr, d.text_normalised);
}

static void party(const char *in, int number, const char *type, const char *issuer,
                  const char *text)
{
    ok(in, DOCNO_PARTY, number, 0, type, issuer, text);
}

static void state(const char *in, int number, int year, const char *type, const char *issuer,
                  const char *text)
{
    ok(in, DOCNO_STATE, number, year, type, issuer, text);
}

static char *nfd(const char *s)
{
    utf8proc_uint8_t *d = NULL;
    assert_true(utf8proc_map((const utf8proc_uint8_t *)s, 0, &d,
                             UTF8PROC_NULLTERM | UTF8PROC_DECOMPOSE | UTF8PROC_STABLE) >= 0);
    return (char *)d;
}

static void test_party(void **state_)
{
    party("Số 36-HD/VPTW", 36, "HD", "VPTW", "36-HD/VPTW");
    party("36-HD/VPTW", 36, "HD", "VPTW", "36-HD/VPTW");
    party("05-CV/VPTU", 5, "CV", "VPTU", "05-CV/VPTU");
    party("5-CV/VPTU", 5, "CV", "VPTU", "05-CV/VPTU"); /* leading zero below 10 */
    party("24-BS/UBKTTU", 24, "BS", "UBKTTU", "24-BS/UBKTTU");
    party("08-QĐi/TW", 8, "QĐi", "TW", "08-QĐi/TW");
    party("08-qđi/tw", 8, "QĐi", "TW", "08-QĐi/TW"); /* official case restored */
    party("Số 123-CV/TU", 123, "CV", "TU", "123-CV/TU");
    party("399-QĐ/TW", 399, "QĐ", "TW", "399-QĐ/TW");
    party("06-CTr/TU", 6, "CTr", "TU", "06-CTr/TU");
    party("06-ctr/tu", 6, "CTr", "TU", "06-CTr/TU");
    party("05-TB/BCĐTW", 5, "TB", "BCĐTW", "05-TB/BCĐTW");
    party("36-hd/vptw", 36, "HD", "VPTW", "36-HD/VPTW");
    party("36-Hd/Vptw", 36, "HD", "VPTW", "36-HD/VPTW");
    party("12-XY/ĐU", 12, "XY", "ĐU", "12-XY/ĐU"); /* unknown type: kept, upper-cased */
    party("4242-QĐ/TU", 4242, "QĐ", "TU", "4242-QĐ/TU");
    party("0005-HD/VPTW", 5, "HD", "VPTW", "05-HD/VPTW");
}

static void test_tolerance(void **state_)
{
    party("số 36 - HD / VPTW", 36, "HD", "VPTW", "36-HD/VPTW");
    party("SỐ: 36-HD/VPTW", 36, "HD", "VPTW", "36-HD/VPTW");
    party("Số:36-HD/VPTW", 36, "HD", "VPTW", "36-HD/VPTW");
    party("Số36-HD/VPTW", 36, "HD", "VPTW", "36-HD/VPTW");
    party("So 36-HD/VPTW", 36, "HD", "VPTW", "36-HD/VPTW");
    party("Sổ 36-HD/VPTW", 36, "HD", "VPTW", "36-HD/VPTW"); /* OCR gets tones wrong */
    party("Số. 36-HD/VPTW.", 36, "HD", "VPTW", "36-HD/VPTW");
    party("  \t36-HD/VPTW ,", 36, "HD", "VPTW", "36-HD/VPTW");
    party("\xC2\xA0Số\xC2\xA0"
          "36-HD/VPTW\xC2\xA0",
          36, "HD", "VPTW", "36-HD/VPTW");
    party("36–HD/VPTW", 36, "HD", "VPTW", "36-HD/VPTW");    /* en dash */
    party("36‐HD∕VPTW", 36, "HD", "VPTW", "36-HD/VPTW");    /* hyphen, division slash */
    party("08-Q\xC3\x90i/TW", 8, "QĐi", "TW", "08-QĐi/TW"); /* Ð look-alike */
    char *d1 = nfd("Số 08-QĐi/TW"), *d2 = nfd("Số: 123/QĐ-UBND");
    party(d1, 8, "QĐi", "TW", "08-QĐi/TW");
    state(d2, 123, 0, "QĐ", "UBND", "123/QĐ-UBND");
    free(d1);
    free(d2);
}

static void test_state(void **state_)
{
    state("Số: 123/QĐ-UBND", 123, 0, "QĐ", "UBND", "123/QĐ-UBND");
    state("123/QĐ-UBND", 123, 0, "QĐ", "UBND", "123/QĐ-UBND");
    state("SỐ: 123 / qđ - ubnd", 123, 0, "QĐ", "UBND", "123/QĐ-UBND");
    state("123/UBND-VP", 123, 0, "", "UBND-VP", "123/UBND-VP"); /* công văn: no type */
    state("456/SNV-TCCB", 456, 0, "", "SNV-TCCB", "456/SNV-TCCB");
    state("7/UBND", 7, 0, "", "UBND", "07/UBND");
    state("30/2020/NĐ-CP", 30, 2020, "NĐ", "CP", "30/2020/NĐ-CP");
    state("59/2020/QH14", 59, 2020, "", "QH14", "59/2020/QH14");
    state("01/2021/TT-BNV", 1, 2021, "TT", "BNV", "01/2021/TT-BNV");
    state("02/2014/TTLT-BTC-BNV", 2, 2014, "TTLT", "BTC-BNV", "02/2014/TTLT-BTC-BNV");
    state("123/QĐ-TTg", 123, 0, "QĐ", "TTg", "123/QĐ-TTg");
    state("123/qđ-ttg", 123, 0, "QĐ", "TTg", "123/QĐ-TTg");
    state("15/TTr-SNV", 15, 0, "TTr", "SNV", "15/TTr-SNV");
    state("15/ttr-snv", 15, 0, "TTr", "SNV", "15/TTr-SNV");
    state("88/QyĐ-UBND", 88, 0, "QyĐ", "UBND", "88/QyĐ-UBND");
    state("123/QĐ-UBND-VP", 123, 0, "QĐ", "UBND-VP", "123/QĐ-UBND-VP");
}

static void bad(const char *in)
{
    struct docno d;
    memset(&d, 0x55, sizeof d);
    char *err = NULL;
    if (docno_parse(in, &d, &err) == 0)
        fail_msg("accepted \"%s\" as %s", in, d.text_normalised);
    assert_non_null(err);
    assert_int_equal(strncmp(err, ERR_PREFIX, strlen(ERR_PREFIX)), 0);
    assert_int_equal(d.number, 0);
    assert_string_equal(d.text_normalised, "");
    free(err);
    /* err_r may be NULL when the caller only needs yes or no. */
    assert_int_equal(docno_parse(in, &d, NULL), -1);
}

static void test_invalid(void **state_)
{
    const char *cases[] = {
        "",
        "   ",
        "Số",
        "Số:",
        "HD/VPTW",
        "36",
        "36-HD",
        "36-HD/",
        "36/",
        "36-/VPTW",
        "0-HD/VPTW",
        "00/QĐ-UBND",
        "36-HD/VPTW abc",
        "Số 36-HD/VPTW ngày 03/4/2018",
        "36-HD/VPTW/X",
        "36-H1/VPTW",
        "123/QĐ",
        "123/2020/QĐ",
        "12345678-HD/VPTW",
        "36#HD/VPTW",
        "36-HD/VPTW#",
        "36-HD/VPT\xCC\x81W", /* a stray combining mark */
        "123/45/QĐ-UBND",
        "123/1800/QĐ-UBND",
        "36-HD/123",
        "123/QĐ-2020",
        "--",
        "36--HD/VPTW",
        "36-HD//VPTW",
        "36-HD/VPTW/",
        "1/2/3/4/5/6/7/8/9/10",
        "36-HĐXXXXXXXXXXXXXXXXXX/VPTW",
        "36-HD/VPTWXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
        "36-HD/VPT\xC3",      /* truncated UTF-8 */
        "36-HD/\xC0\xAFVPTW", /* overlong '/' */
        "\xFF\xFE",
        "36-HD/VPTW\x01",
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        bad(cases[i]);

    char long_input[400];
    memset(long_input, '1', sizeof long_input - 1);
    long_input[sizeof long_input - 1] = '\0';
    bad(long_input);

    struct docno d;
    char *err;
    assert_int_equal(docno_parse(NULL, &d, &err), -1);
    assert_string_equal(err, ERR_PREFIX "chưa nhập gì");
    free(err);
}

/* The message quotes what the user typed and says why. */
static void test_messages(void **state_)
{
    struct docno d;
    char *err;
    assert_int_equal(docno_parse("Số 36-HD", &d, &err), -1);
    assert_string_equal(err, ERR_PREFIX "\"Số 36-HD\" (thiếu cơ quan ban hành)");
    free(err);
    assert_int_equal(docno_parse("HD/VPTW", &d, &err), -1);
    assert_string_equal(err,
                        ERR_PREFIX "\"HD/VPTW\" (phải bắt đầu bằng số văn bản, ví dụ 36-HD/VPTW)");
    free(err);
    assert_int_equal(docno_parse("36-HD/\xFF", &d, &err), -1);
    assert_string_equal(err, ERR_PREFIX "không phải văn bản UTF-8 hợp lệ");
    free(err);
    assert_int_equal(docno_parse("36-HD/VPTW\n#", &d, &err), -1);
    assert_string_equal(err, ERR_PREFIX "\"36-HD/VPTW #\" (có ký tự không dùng trong số, ký hiệu)");
    free(err);
    /* Long input is cut at a character boundary. */
    char in[200] = "Số 36-HD/VPTW ";
    while (strlen(in) < 150)
        strcat(in, "Đảng ");
    assert_int_equal(docno_parse(in, &d, &err), -1);
    assert_non_null(strstr(err, "…\" ("));
    assert_true(vi_valid_utf8(err, strlen(err)));
    free(err);
}

static void test_format(void **state_)
{
    struct {
        char *got;
        const char *want;
    } c[] = {
        {docno_format(DOCNO_PARTY, 36, "HD", "VPTW"), "36-HD/VPTW"},
        {docno_format(DOCNO_PARTY, 5, "CV", "VPTU"), "05-CV/VPTU"},
        {docno_format(DOCNO_STATE, 123, "QĐ", "UBND"), "123/QĐ-UBND"},
        {docno_format(DOCNO_STATE, 123, NULL, "UBND-VP"), "123/UBND-VP"},
        {docno_format(DOCNO_STATE, 9, "", "UBND-VP"), "09/UBND-VP"},
        {docno_format_year(DOCNO_STATE, 30, 2020, "NĐ", "CP"), "30/2020/NĐ-CP"},
        {docno_format_year(DOCNO_STATE, 59, 2020, NULL, "QH14"), "59/2020/QH14"},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        assert_non_null(c[i].got);
        assert_string_equal(c[i].got, c[i].want);
        free(c[i].got);
    }
    assert_null(docno_format(DOCNO_PARTY, 36, "", "VPTW"));
    assert_null(docno_format(DOCNO_PARTY, 36, NULL, "VPTW"));
    assert_null(docno_format(DOCNO_PARTY, 0, "HD", "VPTW"));
    assert_null(docno_format(DOCNO_STATE, -1, "QĐ", "UBND"));
    assert_null(docno_format(DOCNO_STATE, 1, "QĐ", ""));
    assert_null(docno_format(DOCNO_STATE, 1, "QĐ", NULL));
    assert_null(docno_format((enum docno_form)7, 1, "QĐ", "UBND"));
    assert_null(docno_format_year(DOCNO_PARTY, 36, 2020, "HD", "VPTW"));
}

/* format(parse(x)) is parse(x)'s text, and parsing that text gives the same value. */
static void test_round_trip(void **state_)
{
    const char *inputs[] = {"Số 36-HD/VPTW", "5-cv/vptu",     "08-qđi/tw",    "Số: 123/qđ-ubnd",
                            "123/UBND-VP",   "30/2020/NĐ-CP", "59/2020/QH14", "123/qđ-ttg"};
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        struct docno a, b;
        assert_int_equal(docno_parse(inputs[i], &a, NULL), 0);
        char *t = docno_format_year(a.form, a.number, a.year, a.type_abbr, a.issuer_abbr);
        assert_string_equal(t, a.text_normalised);
        assert_int_equal(docno_parse(t, &b, NULL), 0);
        assert_memory_equal(&a, &b, sizeof a);
        free(t);
    }
}

/* Random bytes and random mixes of the notation's own characters never crash or leak. */
static void test_random(void **state_)
{
    static const char *const pieces[] = {"Số",   " ",  ":",  "-",    "/",    "36",
                                         "2020", "HD", "QĐ", "i",    "\xC3", "\xCC\x81",
                                         "đ",    "–",  ".",  "UBND", "0"};
    uint32_t x = 12345;
    for (int iter = 0; iter < 20000; iter++) {
        char in[64];
        size_t o = 0;
        int n = 1 + iter % 9;
        for (int i = 0; i < n; i++) {
            x = x * 1664525u + 1013904223u;
            const char *p = pieces[(x >> 16) % (sizeof pieces / sizeof pieces[0])];
            if (iter % 3 == 0) { /* raw bytes */
                in[o++] = (char)(x >> 24 ? x >> 24 : 'a');
                continue;
            }
            size_t pl = strlen(p);
            if (o + pl >= sizeof in)
                break;
            memcpy(in + o, p, pl);
            o += pl;
        }
        in[o] = '\0';
        struct docno d;
        char *err = NULL;
        if (docno_parse(in, &d, &err) == 0) {
            assert_null(err);
            assert_true(d.number >= 1);
            assert_true(strlen(d.text_normalised) > 0);
        } else {
            assert_non_null(err);
            free(err);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_party),      cmocka_unit_test(test_tolerance),
        cmocka_unit_test(test_state),      cmocka_unit_test(test_invalid),
        cmocka_unit_test(test_messages),   cmocka_unit_test(test_format),
        cmocka_unit_test(test_round_trip), cmocka_unit_test(test_random),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
