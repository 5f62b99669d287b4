/* Tests for text/vi.c: every case of VI-TEXT.md's two tables, properties over the whole
 * hunspell-vi dictionary (idempotence, NFC = NFD = upper case, old/new tone style), validation,
 * folding of whole strings, legacy-encoding detection and Vietnamese name sorting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "text/vi.h"

#define HUNSPELL_VI "/usr/share/hunspell/vi_VN.dic"

/* NFD copy (the way macOS and some PDFs deliver text); caller frees. */
static char *nfd(const char *s)
{
    utf8proc_uint8_t *d = NULL;
    assert_true(utf8proc_map((const utf8proc_uint8_t *)s, 0, &d,
                             UTF8PROC_NULLTERM | UTF8PROC_DECOMPOSE | UTF8PROC_STABLE) >= 0);
    return (char *)d;
}

/* Upper-cased copy, code point by code point; caller frees. */
static char *upper(const char *s)
{
    utf8proc_uint8_t *d = NULL;
    assert_true(utf8proc_map((const utf8proc_uint8_t *)s, 0, &d,
                             UTF8PROC_NULLTERM | UTF8PROC_COMPOSE | UTF8PROC_STABLE) >= 0);
    char *out = malloc(4 * strlen((char *)d) + 1);
    size_t o = 0;
    const utf8proc_uint8_t *p = d;
    utf8proc_int32_t c;
    utf8proc_ssize_t k;
    while ((k = utf8proc_iterate(p, -1, &c)) > 0 && c != 0) {
        o += (size_t)utf8proc_encode_char(utf8proc_toupper(c), (utf8proc_uint8_t *)out + o);
        p += k;
    }
    out[o] = '\0';
    free(d);
    return out;
}

static void expect_exact(const char *in, const char *want)
{
    char buf[256];
    int r = vi_exact_key(in, strlen(in), buf, sizeof buf);
    if (r < 0 || strcmp(buf, want) != 0)
        fail_msg("exact key of \"%s\": got \"%s\" (%d), want \"%s\"", in, buf, r, want);
    assert_int_equal(r, (int)strlen(want));
}

static void expect_folded(const char *in, bool merge, const char *want)
{
    char buf[256];
    int r = vi_folded_key(in, strlen(in), merge, buf, sizeof buf);
    if (r < 0 || strcmp(buf, want) != 0)
        fail_msg("folded key (merge %d) of \"%s\": got \"%s\", want \"%s\"", merge, in, buf, want);
    assert_int_equal(r, (int)strlen(want));
}

/* One row of the key table, checked for the input as given and in NFD, through the single-key
 * functions and through vi_keys(). */
static void row(const char *in, const char *exact, const char *folded, const char *merged)
{
    char *d = nfd(in);
    const char *forms[] = {in, d};
    for (int i = 0; i < 2; i++) {
        expect_exact(forms[i], exact);
        expect_folded(forms[i], false, folded);
        expect_folded(forms[i], true, merged ? merged : folded);
        char e[256], f[256];
        int ne = -2, nf = -2;
        assert_int_equal(vi_keys(forms[i], strlen(forms[i]), true, e, &ne, f, &nf, sizeof e), 0);
        assert_string_equal(e, exact);
        assert_string_equal(f, merged ? merged : folded);
        assert_int_equal(ne, (int)strlen(exact));
        assert_int_equal(nf, (int)strlen(f));
    }
    free(d);
}

/* VI-TEXT.md, "Cases every implementation must pass", first table. */
static void test_key_table(void **state)
{
    row("Hoà", "hòa", "hoa", NULL);
    row("hòa", "hòa", "hoa", NULL);
    row("HOA\xCC\x80", "hòa", "hoa", NULL); /* NFD "HOÀ" spelled out */
    row("thuỷ", "thủy", "thuy", NULL);
    row("Thủy", "thủy", "thuy", NULL);
    row("khoẻ", "khỏe", "khoe", NULL);
    row("uý", "úy", "uy", NULL);
    row("Ủy", "ủy", "uy", NULL);
    row("hòang", "hoàng", "hoang", NULL);
    row("qúy", "quý", "quy", "qui");
    row("gìa", "già", "gia", NULL);
    row("ngừơi", "người", "nguoi", NULL);
    row("khuỷu", "khuỷu", "khuyu", NULL);
    row("ngoài", "ngoài", "ngoai", NULL);
    row("xoáy", "xoáy", "xoay", NULL);
    row("Đảng", "đảng", "dang", NULL);
    row("\xC3\x90ảng", "đảng", "dang", NULL); /* Ð U+00D0, Icelandic eth */
    row("\xC3\xB0ảng", "đảng", "dang", NULL); /* ð U+00F0 */
    row("\xC6\x89ảng", "đảng", "dang", NULL); /* Ɖ U+0189 */
    row("\xC9\x96ảng", "đảng", "dang", NULL); /* ɖ U+0256 */
    row("Nguyễn", "nguyễn", "nguyen", NULL);
    row("Nguye\xCC\x82\xCC\x83n", "nguyễn", "nguyen", NULL); /* NFD spelled out */
    row("ĐỒNG", "đồng", "dong", NULL);
    row("radio", "radio", "radio", NULL);
    row("café", "café", "cafe", NULL);
}

/* Rules of step 5 and the y/i merge beyond the table. */
static void test_key_rules(void **state)
{
    row("hoàng", "hoàng", "hoang", NULL);
    row("toán", "toán", "toan", NULL);
    row("quýt", "quýt", "quyt", NULL);
    row("mùa", "mùa", "mua", NULL);
    row("của", "của", "cua", NULL);
    row("mía", "mía", "mia", NULL);
    row("mừa", "mừa", "mua", NULL);
    row("nghiêng", "nghiêng", "nghieng", NULL);
    row("nghíêng", "nghiếng", "nghieng", NULL); /* tone typed on the hatless vowel of iê */
    row("thuở", "thuở", "thuo", NULL);
    row("thủơ", "thuở", "thuo", NULL);
    row("giữ", "giữ", "giu", NULL);
    row("gì", "gì", "gi", NULL);
    row("quà", "quà", "qua", NULL);
    row("qùa", "quà", "qua", NULL);
    row("lý", "lý", "ly", "li");
    row("lí", "lí", "li", NULL);
    row("kỹ", "kỹ", "ky", "ki");
    row("mỹ", "mỹ", "my", "mi");
    row("sỹ", "sỹ", "sy", "si");
    row("tỷ", "tỷ", "ty", "ti");
    row("ý", "ý", "y", NULL);       /* a lone y is the word "ý", never "i" */
    row("tuy", "tuy", "tuy", NULL); /* uy is a nucleus, no consonant before the y */
    row("HĐND", "hđnd", "hdnd", NULL);
    row("QĐ", "qđ", "qd", NULL);
    row("36", "36", "36", NULL);
    row("", "", "", NULL);
    /* Two tone marks: not Vietnamese, left as written (only lower-cased, NFC). */
    row("ÀÁ", "àá", "aa", NULL);
    /* No contiguous nucleus: left alone. */
    row("cafés", "cafés", "cafes", NULL);
}

static void test_key_buffers(void **state)
{
    char buf[9];
    assert_int_equal(vi_exact_key("Nguyễn", strlen("Nguyễn"), buf, 9), 8);
    assert_string_equal(buf, "nguyễn");
    /* 9 bytes and the NUL do not fit in 9. */
    assert_int_equal(vi_exact_key("Nguyễnn", strlen("Nguyễnn"), buf, 9), -1);
    assert_string_equal(buf, "");
    assert_int_equal(vi_folded_key("abcdefgh", 8, true, buf, 8), -1);
    assert_int_equal(vi_exact_key("x", 1, buf, 0), -1);
    /* Invalid UTF-8 is refused, not passed through. */
    assert_int_equal(vi_exact_key("a\xC3", 2, buf, sizeof buf), -1);
    assert_int_equal(vi_folded_key("\xFF", 1, false, buf, sizeof buf), -1);
    int ne = 0, nf = 0;
    assert_int_equal(vi_keys("Đảng", strlen("Đảng"), true, buf, &ne, NULL, &nf, 4), -1);
    assert_int_equal(ne, -1);
    assert_int_equal(nf, -1);
    assert_int_equal(vi_keys("\xC3", 1, true, NULL, NULL, buf, &nf, sizeof buf), -1);
    /* Lengths are honoured: the token need not be NUL-terminated. */
    assert_int_equal(vi_exact_key("HOÀ BÌNH", 4, buf, sizeof buf), 4);
    assert_string_equal(buf, "hòa");
    /* A long token goes past the stack buffers. */
    char big[2000], key[VI_KEY_SIZE(2000)];
    for (size_t i = 0; i < sizeof big; i += 2)
        memcpy(big + i, "\xC3\x80", 2); /* À */
    assert_int_equal(vi_exact_key(big, sizeof big, key, sizeof key), 2000);
    assert_int_equal(vi_folded_key(big, sizeof big, true, key, sizeof key), 1000);
    /* NFD input grows back to NFC within VI_KEY_SIZE even for the worst case. */
    const char *odd = "\xE0\xA5\x98"; /* U+0958: composition-excluded, NFC is two code points */
    char k2[VI_KEY_SIZE(3)];
    assert_int_equal(vi_exact_key(odd, 3, k2, sizeof k2), 6);
}

/* Rule 7 applied at the level of keys: a term with marks compares exact keys, one without
 * compares folded keys (y/i merged, as the tokenizer does by default). */
static bool term_matches(const char *q, size_t qn, const char *d, size_t dn, bool prefix)
{
    char kq[256], kd[256];
    if (vi_has_marks(q, qn)) {
        vi_exact_key(q, qn, kq, sizeof kq);
        vi_exact_key(d, dn, kd, sizeof kd);
    } else {
        vi_folded_key(q, qn, !prefix, kq, sizeof kq);
        vi_folded_key(d, dn, !prefix, kd, sizeof kd);
    }
    return prefix ? strncmp(kd, kq, strlen(kq)) == 0 : strcmp(kd, kq) == 0;
}

/* Splits on anything that is not an ASCII alphanumeric or a non-ASCII byte (enough for these
 * cases); returns the count. */
static int split(const char *s, const char *tok[16], size_t len[16])
{
    int n = 0;
    while (*s && n < 16) {
        while (*s && !((unsigned char)*s >= 0x80 || (*s >= '0' && *s <= '9') ||
                       ((*s | 0x20) >= 'a' && (*s | 0x20) <= 'z')))
            s++;
        if (!*s)
            break;
        tok[n] = s;
        while ((unsigned char)*s >= 0x80 || (*s >= '0' && *s <= '9') ||
               ((*s | 0x20) >= 'a' && (*s | 0x20) <= 'z'))
            s++;
        len[n] = (size_t)(s - tok[n]);
        n++;
    }
    return n;
}

/* phrase: the query's tokens must appear adjacent and in order; otherwise each query token
 * must appear somewhere. A trailing '*' makes the last token a prefix. */
static bool query_matches(const char *query, const char *doc, bool phrase)
{
    const char *qt[16], *dt[16];
    size_t ql[16], dl[16];
    bool prefix = query[strlen(query) - 1] == '*';
    int nq = split(query, qt, ql), nd = split(doc, dt, dl);
    if (phrase) {
        for (int start = 0; start + nq <= nd; start++) {
            int i = 0;
            while (i < nq &&
                   term_matches(qt[i], ql[i], dt[start + i], dl[start + i], prefix && i == nq - 1))
                i++;
            if (i == nq)
                return true;
        }
        return false;
    }
    for (int i = 0; i < nq; i++) {
        bool found = false;
        for (int j = 0; j < nd && !found; j++)
            found = term_matches(qt[i], ql[i], dt[j], dl[j], prefix && i == nq - 1);
        if (!found)
            return false;
    }
    return true;
}

/* VI-TEXT.md, second table (the same table runs against SQLite in test_fts5_vi.c). */
static void test_query_table(void **state)
{
    char *nfd_doc = nfd("NGUYỄN VĂN A");
    assert_true(query_matches("can tho", "Thành phố Cần Thơ", false));
    assert_true(query_matches("dang", "Đảng bộ", false));
    assert_false(query_matches("đảng", "đang làm việc", false));
    assert_true(query_matches("hoà bình", "Hòa Bình", false));
    assert_true(query_matches("nguyen", nfd_doc, false));
    assert_false(query_matches("văn phòng", "phòng văn thư", true));
    assert_true(query_matches("văn phòng", "Văn phòng Thành ủy", true));
    assert_true(query_matches("quan ly", "quản lý", false));
    assert_true(query_matches("quan ly", "quản lí", false));
    assert_true(query_matches("vpt*", "36-HD/VPTW", false));
    free(nfd_doc);
}

static void test_has_marks(void **state)
{
    struct {
        const char *s;
        bool marked;
    } cases[] = {
        {"dang", false},    {"DANG", false},     {"đang", true},        {"Đ", true},
        {"\xC3\x90", true}, {"hoà", true},       {"HOA\xCC\x80", true}, {"ă", true},
        {"â", true},        {"ơ", true},         {"ư", true},           {"café", true},
        {"müller", false},  {"36", false},       {"", false},           {"\xC3", false},
        {"vptw", false},    {"q\xC4\x91", true},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (vi_has_marks(cases[i].s, strlen(cases[i].s)) != cases[i].marked)
            fail_msg("vi_has_marks(\"%s\") != %d", cases[i].s, cases[i].marked);
}

static void test_valid_utf8(void **state)
{
    assert_true(vi_valid_utf8("", 0));
    assert_true(vi_valid_utf8("ascii", 5));
    assert_true(vi_valid_utf8("Đảng bộ", strlen("Đảng bộ")));
    assert_true(vi_valid_utf8("\xF0\x9F\x98\x80", 4));  /* U+1F600 */
    assert_true(vi_valid_utf8("\xF4\x8F\xBF\xBF", 4));  /* U+10FFFF */
    assert_true(vi_valid_utf8("a\0b", 3));              /* NUL is valid UTF-8 */
    assert_false(vi_valid_utf8("\xC0\x80", 2));         /* overlong NUL */
    assert_false(vi_valid_utf8("\xC1\xBF", 2));         /* overlong */
    assert_false(vi_valid_utf8("\xE0\x80\x80", 3));     /* overlong */
    assert_false(vi_valid_utf8("\xF0\x80\x80\x80", 4)); /* overlong */
    assert_false(vi_valid_utf8("\xED\xA0\x80", 3));     /* surrogate */
    assert_false(vi_valid_utf8("\xF4\x90\x80\x80", 4)); /* above U+10FFFF */
    assert_false(vi_valid_utf8("\xF5\x80\x80\x80", 4));
    assert_false(vi_valid_utf8("\xC3", 1));     /* truncated */
    assert_false(vi_valid_utf8("\xE1\xBA", 2)); /* truncated */
    assert_false(vi_valid_utf8("\x80", 1));     /* lone continuation */
    assert_false(vi_valid_utf8("\xC3\x28", 2)); /* bad continuation */
    assert_false(vi_valid_utf8("\xE1\xBA\x28", 3));
    assert_false(vi_valid_utf8("\xFF", 1));
    /* The length is honoured: a valid prefix of a broken string is valid. */
    assert_true(vi_valid_utf8("ab\xFF", 2));
}

static void test_nfc(void **state)
{
    char *d = nfd("Nguyễn Văn Đức, Hòa");
    char *c = vi_nfc(d, strlen(d));
    assert_non_null(c);
    assert_string_equal(c, "Nguyễn Văn Đức, Hòa");
    free(c);
    free(d);
    c = vi_nfc("abc", 2);
    assert_string_equal(c, "ab");
    free(c);
    c = vi_nfc("", 0);
    assert_string_equal(c, "");
    free(c);
    assert_null(vi_nfc("a\xC3", 2));
    assert_null(vi_nfc("a\0b", 3));
    assert_null(vi_nfc(NULL, 0));
}

static void test_fold_text(void **state)
{
    char *f = vi_fold_text("Thành phố Cần Thơ – ĐẢNG BỘ, Ðảng ủy 36-HD/VPTW");
    assert_string_equal(f, "thanh pho can tho – dang bo, dang uy 36-hd/vptw");
    free(f);
    char *d = nfd("NGUYỄN Văn Lý");
    f = vi_fold_text(d);
    assert_string_equal(f, "nguyen van ly"); /* no y/i merge in whole-text folding */
    free(f);
    free(d);
    f = vi_fold_text("");
    assert_string_equal(f, "");
    free(f);
    assert_null(vi_fold_text("abc\xC3"));
    assert_null(vi_fold_text(NULL));
}

static void test_looks_legacy(void **state)
{
    /* "Cộng hòa xã hội chủ nghĩa Việt Nam" typed in TCVN3 (.VnTime), read as cp1252. */
    const char *tcvn3 = "Céng hoµ x· héi chñ nghÜa ViÖt Nam";
    /* The same in VNI-Times, read as cp1252. */
    const char *vni = "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam";
    const char *good[] = {
        "Cộng hòa xã hội chủ nghĩa Việt Nam",
        "The quick brown fox",
        "Số 36-HD/VPTW, ngày 03/4/2018 — © 2026, 25°C, café crème",
        "",
        "Müller",
    };
    assert_true(vi_looks_legacy(tcvn3, strlen(tcvn3)));
    assert_true(vi_looks_legacy(vni, strlen(vni)));
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        if (vi_looks_legacy(good[i], strlen(good[i])))
            fail_msg("flagged as legacy: \"%s\"", good[i]);
    assert_false(vi_looks_legacy("\xFF", 1));
}

/* Dictionary words with the line's affix flags removed; NULL-terminated array, caller frees
 * with free_words(). NULL when the dictionary is not installed. */
static char **load_dictionary(size_t *n_r)
{
    FILE *f = fopen(HUNSPELL_VI, "r");
    if (!f)
        return NULL;
    size_t cap = 8192, n = 0;
    char **w = malloc(cap * sizeof *w), line[512];
    bool first = true;
    while (fgets(line, sizeof line, f)) {
        if (first) { /* the first line is the word count */
            first = false;
            continue;
        }
        line[strcspn(line, "/\r\n \t")] = '\0';
        if (!*line)
            continue;
        if (n + 1 == cap)
            w = realloc(w, (cap *= 2) * sizeof *w);
        w[n++] = strdup(line);
    }
    fclose(f);
    w[n] = NULL;
    *n_r = n;
    return w;
}

static void free_words(char **w)
{
    for (size_t i = 0; w[i]; i++)
        free(w[i]);
    free(w);
}

/* Splits an NFC character into its base letter and tone mark (0 when none); false when it has
 * other marks too. */
static bool base_and_tone(utf8proc_int32_t c, utf8proc_int32_t *base, utf8proc_int32_t *tone)
{
    utf8proc_int32_t d[4];
    utf8proc_ssize_t n = utf8proc_decompose_char(c, d, 4, UTF8PROC_DECOMPOSE, NULL);
    *base = d[0];
    *tone = 0;
    if (n == 1)
        return true;
    if (n == 2 &&
        (d[1] == 0x300 || d[1] == 0x301 || d[1] == 0x303 || d[1] == 0x309 || d[1] == 0x323)) {
        *tone = d[1];
        return true;
    }
    return false;
}

/* The other tone style of an open oa/oe/uy syllable ("hoà" ⇄ "hòa", "thuỷ" ⇄ "thủy"), written
 * independently of vi.c; NULL when the word has no such spelling. Caller frees. */
static char *other_style(const char *word)
{
    utf8proc_int32_t cp[64];
    utf8proc_ssize_t n =
        utf8proc_decompose((const utf8proc_uint8_t *)word, 0, cp, 64,
                           UTF8PROC_NULLTERM); /* decode only: the dictionary is NFC */
    if (n < 2 || n > 64)
        return NULL;
    for (utf8proc_ssize_t i = 0; i < n; i++)
        cp[i] = utf8proc_tolower(cp[i]);
    utf8proc_int32_t b1, t1, b2, t2, b0, t0;
    if (!base_and_tone(cp[n - 2], &b1, &t1) || !base_and_tone(cp[n - 1], &b2, &t2))
        return NULL;
    bool pair = (b1 == 'o' && (b2 == 'a' || b2 == 'e')) || (b1 == 'u' && b2 == 'y');
    if (!pair || (t1 != 0) == (t2 != 0))
        return NULL;
    if (n >= 3) { /* the pair must be the whole nucleus, and not the u of "qu" */
        if (!base_and_tone(cp[n - 3], &b0, &t0) || (b0 < 0x80 && strchr("aeiouyq", b0)))
            return NULL;
    }
    utf8proc_int32_t tone = t1 ? t1 : t2;
    utf8proc_int32_t seq[70];
    utf8proc_ssize_t m = 0;
    for (utf8proc_ssize_t i = 0; i < n - 2; i++)
        seq[m++] = cp[i];
    seq[m++] = b1;
    if (!t1)
        seq[m++] = tone;
    seq[m++] = b2;
    if (t1)
        seq[m++] = tone;
    m = utf8proc_normalize_utf32(seq, m, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
    char *out = malloc(4 * (size_t)m + 1);
    size_t o = 0;
    for (utf8proc_ssize_t i = 0; i < m; i++)
        o += (size_t)utf8proc_encode_char(seq[i], (utf8proc_uint8_t *)out + o);
    out[o] = '\0';
    return out;
}

static void same_key(const char *a, const char *b, bool folded)
{
    char ka[256], kb[256];
    int ra = folded ? vi_folded_key(a, strlen(a), true, ka, sizeof ka)
                    : vi_exact_key(a, strlen(a), ka, sizeof ka);
    int rb = folded ? vi_folded_key(b, strlen(b), true, kb, sizeof kb)
                    : vi_exact_key(b, strlen(b), kb, sizeof kb);
    if (ra < 0 || rb < 0 || strcmp(ka, kb) != 0)
        fail_msg("%s keys differ: \"%s\" → \"%s\", \"%s\" → \"%s\"", folded ? "folded" : "exact", a,
                 ka, b, kb);
}

/* Every syllable of hunspell-vi: both tone styles, NFC and NFD, any case give one key; keys
 * are idempotent; folded keys are plain ASCII. */
static void test_dictionary(void **state)
{
    size_t n = 0;
    char **words = load_dictionary(&n);
    if (!words) {
        print_message("skipped: " HUNSPELL_VI " not found (apt-get install hunspell-vi)\n");
        skip();
    }
    assert_true(n > 6000);
    size_t restyled = 0;
    for (size_t i = 0; i < n; i++) {
        const char *w = words[i];
        char ke[256], kf[256], kk[256];
        int re = vi_exact_key(w, strlen(w), ke, sizeof ke);
        int rf = vi_folded_key(w, strlen(w), true, kf, sizeof kf);
        assert_true(re > 0 && rf > 0);

        /* Idempotence, and folding the exact key changes nothing. */
        assert_int_equal(vi_exact_key(ke, (size_t)re, kk, sizeof kk), re);
        assert_string_equal(kk, ke);
        assert_int_equal(vi_folded_key(kf, (size_t)rf, true, kk, sizeof kk), rf);
        assert_string_equal(kk, kf);
        vi_folded_key(ke, (size_t)re, true, kk, sizeof kk);
        assert_string_equal(kk, kf);
        for (int j = 0; j < rf; j++)
            if ((unsigned char)kf[j] >= 0x80)
                fail_msg("folded key of \"%s\" is not ASCII: \"%s\"", w, kf);

        char *d = nfd(w), *u = upper(w), *ud = nfd(u);
        same_key(w, d, false);
        same_key(w, u, false);
        same_key(w, ud, false);
        same_key(w, d, true);
        same_key(w, ud, true);
        free(d);
        free(u);
        free(ud);

        char *o = other_style(w);
        if (o) {
            restyled++;
            same_key(w, o, false);
            same_key(w, o, true);
            free(o);
        }
    }
    /* hunspell-vi writes the new style (hoà, khoẻ, thuỷ): some 70 such syllables. */
    assert_true(restyled >= 60);
    free_words(words);
}

static int name_qsort(const void *a, const void *b)
{
    return vi_name_cmp(*(const char *const *)a, *(const char *const *)b);
}

static void test_name_sort(void **state)
{
    const char *names[] = {"Trần Thị Bích Ngọc", "Nguyễn Văn An", "Lê Văn Đức", "Phạm Minh Dũng"};
    qsort(names, 4, sizeof names[0], name_qsort);
    assert_string_equal(names[0], "Nguyễn Văn An");
    assert_string_equal(names[1], "Phạm Minh Dũng");
    assert_string_equal(names[2], "Lê Văn Đức");
    assert_string_equal(names[3], "Trần Thị Bích Ngọc");

    /* Same given name: by surname, then middle names. */
    const char *more[] = {"Trần Văn An",   "Nguyễn Văn An", "Nguyễn Ân",
                          "Nguyễn Thị An", "Ánh",           "Bùi An"};
    qsort(more, 6, sizeof more[0], name_qsort);
    assert_string_equal(more[0], "Bùi An");
    assert_string_equal(more[1], "Nguyễn Thị An");
    assert_string_equal(more[2], "Nguyễn Văn An");
    assert_string_equal(more[3], "Trần Văn An");
    assert_string_equal(more[4], "Ánh");
    assert_string_equal(more[5], "Nguyễn Ân"); /* a < â is primary: Ánh < Ân */

    /* NFD and the eth look-alike compare equal; odd white space still splits the words. */
    char *d = nfd("Lê Văn Đức");
    int nfd_cmp = vi_name_cmp(d, "Lê Văn Đức");
    free(d);
    assert_int_equal(nfd_cmp, 0);
    assert_int_equal(vi_name_cmp("Lê Văn \xC3\x90ức", "Lê Văn Đức"), 0);
    const char *spaced = "  Lê\tVăn\xC2\xA0 Đức ";
    assert_true(vi_name_cmp(spaced, "Phạm Minh Dũng") > 0);
    assert_true(vi_name_cmp(spaced, "Lê Văn Đạt") > 0);
    assert_true(vi_name_cmp(spaced, "Lê Văn Đực") < 0);
    assert_true(vi_name_cmp(spaced, "Mai Văn Đức") < 0);
    assert_true(vi_name_cmp(spaced, "Lê Vân Đức") < 0);
    assert_true(vi_name_cmp(NULL, "An") < 0);
    assert_true(vi_name_cmp("", "An") < 0);
    assert_int_equal(vi_name_cmp(NULL, NULL), 0);
}

static void test_collate(void **state)
{
    /* Vietnamese letter order: each pair is strictly increasing. */
    const char *order[] = {"a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "g",
                           "h", "i", "k", "l", "m", "n", "o", "ô", "ơ", "p",
                           "q", "r", "s", "t", "u", "ư", "v", "x", "y"};
    for (size_t i = 0; i + 1 < sizeof order / sizeof order[0]; i++)
        if (vi_collate_cmp(order[i], order[i + 1]) >= 0)
            fail_msg("\"%s\" should sort before \"%s\"", order[i], order[i + 1]);
    /* Tones are secondary: they decide only between otherwise equal letters. */
    assert_true(vi_collate_cmp("ba", "bà") < 0);
    assert_true(vi_collate_cmp("bà", "bă") < 0);
    assert_true(vi_collate_cmp("dz", "đa") < 0);
    assert_true(vi_collate_cmp("Đảng", "Zebra") < 0);
    char *d = nfd("Nguyễn");
    assert_int_equal(vi_collate_cmp(d, "Nguyễn"), 0);
    free(d);
    assert_true(vi_collate_cmp("an", "An") != 0); /* case is a tertiary difference */
    assert_true(vi_collate_cmp(NULL, "a") < 0);
    assert_true(vi_collate_cmp("a", NULL) > 0);
}

static void *sort_in_thread(void *arg)
{
    (void)arg;
    for (int i = 0; i < 200; i++) {
        const char *names[] = {"Trần Thị Bích Ngọc", "Nguyễn Văn An", "Lê Văn Đức",
                               "Phạm Minh Dũng"};
        qsort(names, 4, sizeof names[0], name_qsort);
        if (strcmp(names[2], "Lê Văn Đức") != 0)
            return (void *)1;
    }
    return NULL;
}

/* Each thread gets its own collator clone; run several at once. */
static void test_collate_threads(void **state)
{
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&t[i], NULL, sort_in_thread, NULL), 0);
    for (int i = 0; i < 4; i++) {
        void *r;
        assert_int_equal(pthread_join(t[i], &r), 0);
        assert_null(r);
    }
}

/* Random bytes, and random mixes of Vietnamese pieces, never crash, leak or break the key
 * invariants (run under ASan/UBSan). */
static void test_random(void **state)
{
    static const char *const pieces[] = {"a",        "o",        "u",        "y",        "i",
                                         "q",        "g",        "n",        "đ",        "Ð",
                                         "ơ",        "ư",        "\xCC\x81", "\xCC\x80", "\xCC\xA3",
                                         "\xCC\x82", "\xCC\x9B", "\xC3",     "\xE1\xBA", " "};
    uint32_t x = 42;
    for (int iter = 0; iter < 30000; iter++) {
        char in[48];
        size_t o = 0;
        for (int i = 0; i < 1 + iter % 11; i++) {
            x = x * 1664525u + 1013904223u;
            if (iter % 4 == 0) {
                in[o++] = (char)((x >> 24) | 1);
                continue;
            }
            const char *p = pieces[(x >> 16) % (sizeof pieces / sizeof pieces[0])];
            size_t pl = strlen(p);
            if (o + pl >= sizeof in)
                break;
            memcpy(in + o, p, pl);
            o += pl;
        }
        in[o] = '\0';
        char k1[VI_KEY_SIZE(48)], k2[VI_KEY_SIZE(VI_KEY_SIZE(48))];
        int r = vi_exact_key(in, o, k1, sizeof k1);
        assert_int_equal(r < 0, !vi_valid_utf8(in, o));
        if (r >= 0) {
            assert_int_equal(vi_exact_key(k1, (size_t)r, k2, sizeof k2), r);
            assert_string_equal(k1, k2);
        }
        r = vi_folded_key(in, o, true, k1, sizeof k1);
        assert_int_equal(r < 0, !vi_valid_utf8(in, o));
        vi_has_marks(in, o);
        vi_looks_legacy(in, o);
        free(vi_fold_text(in));
        free(vi_nfc(in, o));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_key_table),
        cmocka_unit_test(test_key_rules),
        cmocka_unit_test(test_key_buffers),
        cmocka_unit_test(test_query_table),
        cmocka_unit_test(test_has_marks),
        cmocka_unit_test(test_valid_utf8),
        cmocka_unit_test(test_nfc),
        cmocka_unit_test(test_fold_text),
        cmocka_unit_test(test_looks_legacy),
        cmocka_unit_test(test_dictionary),
        cmocka_unit_test(test_name_sort),
        cmocka_unit_test(test_collate),
        cmocka_unit_test(test_collate_threads),
        cmocka_unit_test(test_random),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
