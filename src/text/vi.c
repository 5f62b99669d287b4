/* Vietnamese normalisation, search keys and collation (VI-TEXT.md). Contracts are in vi.h.
 *
 * Everything works on code points decomposed to NFD by utf8proc: in NFD a Vietnamese letter is
 * a base letter followed by its marks (ệ = e U+0323 U+0302), so "which vowel carries the tone"
 * and "drop every mark" become simple edits on an array, and utf8proc recomposes to NFC. */
#include "text/vi.h"

#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include <unicode/ucol.h>
#include <utf8proc.h>

/* The five Vietnamese tone marks as NFD combining characters. */
enum {
    MARK_GRAVE = 0x0300,      /* huyền */
    MARK_ACUTE = 0x0301,      /* sắc */
    MARK_CIRCUMFLEX = 0x0302, /* â ê ô */
    MARK_TILDE = 0x0303,      /* ngã */
    MARK_BREVE = 0x0306,      /* ă */
    MARK_HOOK = 0x0309,       /* hỏi */
    MARK_HORN = 0x031B,       /* ơ ư */
    MARK_DOT_BELOW = 0x0323,  /* nặng */
    CP_D_STROKE_UPPER = 0x0110,
    CP_D_STROKE = 0x0111,
};

/* Tokens are short; longer ones go to the heap. */
enum { CP_STACK = 128 };

/* A syllable has at most ~8 letters; anything with more letter clusters than this and a tone
 * mark is not a Vietnamese syllable and keeps its tone where it is. */
enum { MAX_CLUSTERS = 32 };

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        fputs("vanphong: out of memory in text/vi.c\n", stderr);
        abort();
    }
    return p;
}

int vi_valid_utf8(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    while (p < end) {
        unsigned c = *p;
        if (c < 0x80) {
            p++;
            continue;
        }
        size_t need;
        unsigned lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            if (c == 0xE0)
                lo = 0xA0; /* overlong */
            if (c == 0xED)
                hi = 0x9F; /* surrogates */
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            if (c == 0xF0)
                lo = 0x90; /* overlong */
            if (c == 0xF4)
                hi = 0x8F; /* above U+10FFFF */
        } else {
            return 0;
        }
        if ((size_t)(end - p) <= need)
            return 0;
        if (p[1] < lo || p[1] > hi)
            return 0;
        for (size_t i = 2; i <= need; i++)
            if ((p[i] & 0xC0) != 0x80)
                return 0;
        p += need + 1;
    }
    return 1;
}

char *vi_nfc(const char *s, size_t n)
{
    if (!s || !vi_valid_utf8(s, n) || memchr(s, '\0', n) || n > (size_t)SSIZE_MAX)
        return NULL;
    utf8proc_uint8_t *dst = NULL;
    utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &dst,
                                      UTF8PROC_COMPOSE | UTF8PROC_STABLE);
    if (r < 0) {
        /* The input was validated, so the only failure left is memory. */
        fputs("vanphong: utf8proc_map failed in vi_nfc\n", stderr);
        abort();
    }
    return (char *)dst;
}

/* Rule 3: letters that look exactly like Đ/đ and come from mis-decoded legacy text. */
static utf8proc_int32_t map_lookalike(utf8proc_int32_t c, void *data)
{
    (void)data;
    switch (c) {
    case 0x00D0: /* Ð Icelandic eth, cp1252 reading of cp1258 0xD0 */
    case 0x0189: /* Ɖ African D */
        return CP_D_STROKE_UPPER;
    case 0x00F0: /* ð */
    case 0x0256: /* ɖ d with tail */
        return CP_D_STROKE;
    default:
        return c;
    }
}

static utf8proc_int32_t map_lookalike_lower(utf8proc_int32_t c, void *data)
{
    return utf8proc_tolower(map_lookalike(c, data));
}

/* A code point array in NFD: on the stack for ordinary tokens. */
struct cps {
    utf8proc_int32_t *p;
    utf8proc_ssize_t len;
    utf8proc_int32_t stack[CP_STACK];
};

static void cps_free(struct cps *c)
{
    if (c->p != c->stack)
        free(c->p);
    c->p = NULL;
}

/* NFD of s[0..n) with fn applied to each code point first. 0, or -1 on invalid UTF-8. */
static int cps_decompose(struct cps *c, const char *s, size_t n, utf8proc_custom_func fn)
{
    const utf8proc_option_t opt = UTF8PROC_DECOMPOSE | UTF8PROC_STABLE;
    c->p = c->stack;
    c->len = 0;
    if (n > (size_t)SSIZE_MAX / 8)
        return -1;
    utf8proc_ssize_t r = utf8proc_decompose_custom((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n,
                                                   c->p, CP_STACK, opt, fn, NULL);
    if (r > CP_STACK) {
        c->p = xmalloc((size_t)r * sizeof *c->p);
        r = utf8proc_decompose_custom((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, c->p, r,
                                      opt, fn, NULL);
    }
    if (r < 0) {
        cps_free(c);
        return -1;
    }
    c->len = r;
    return 0;
}

/* NFC-composes in place; 0/-1. */
static int cps_compose(struct cps *c)
{
    utf8proc_ssize_t r = utf8proc_normalize_utf32(c->p, c->len, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
    if (r < 0)
        return -1;
    c->len = r;
    return 0;
}

/* UTF-8 of the code points into out[0..out_size), NUL-terminated; length or -1 if too small. */
static int cps_encode(const struct cps *c, char *out, size_t out_size)
{
    size_t o = 0;
    for (utf8proc_ssize_t i = 0; i < c->len; i++) {
        utf8proc_uint8_t tmp[4];
        utf8proc_ssize_t k = utf8proc_encode_char(c->p[i], tmp);
        if (o + (size_t)k >= out_size || o + (size_t)k > INT_MAX) {
            if (out_size > 0)
                out[0] = '\0';
            return -1;
        }
        memcpy(out + o, tmp, (size_t)k);
        o += (size_t)k;
    }
    if (out_size == 0)
        return -1;
    out[o] = '\0';
    return (int)o;
}

static bool is_tone(utf8proc_int32_t c)
{
    return c == MARK_GRAVE || c == MARK_ACUTE || c == MARK_TILDE || c == MARK_HOOK ||
           c == MARK_DOT_BELOW;
}

static int ccc(utf8proc_int32_t c)
{
    return utf8proc_get_property(c)->combining_class;
}

/* One letter in NFD: a starter and the combining marks after it (tone already removed). */
struct cluster {
    utf8proc_ssize_t start, end; /* [start, end) in the code point array */
    bool vowel;                  /* one of a ă â e ê i o ô ơ u ư y */
    bool hatted;                 /* ă â ê ô ơ ư */
};

static void classify(struct cluster *cl, const utf8proc_int32_t *p)
{
    utf8proc_int32_t b = p[cl->start];
    utf8proc_ssize_t nmarks = cl->end - cl->start - 1;
    cl->vowel = cl->hatted = false;
    if (b <= 0 || b >= 0x80 || !strchr("aeiouy", (int)b))
        return;
    if (nmarks == 0) {
        cl->vowel = true;
        return;
    }
    if (nmarks > 1)
        return;
    utf8proc_int32_t m = p[cl->start + 1];
    if ((b == 'a' && (m == MARK_BREVE || m == MARK_CIRCUMFLEX)) ||
        ((b == 'e' || b == 'o') && m == MARK_CIRCUMFLEX) ||
        ((b == 'o' || b == 'u') && m == MARK_HORN))
        cl->vowel = cl->hatted = true;
}

static bool cluster_is(const struct cluster *cl, const utf8proc_int32_t *p, char letter)
{
    return cl->end - cl->start == 1 && p[cl->start] == letter;
}

/* Rule 5: moves the single tone mark of a lower-cased NFD syllable to its canonical vowel.
 * Leaves the array alone when there is no tone, more than one, or no Vietnamese nucleus; the
 * length never changes (the tone is only moved). */
static void place_tone(utf8proc_int32_t *p, utf8proc_ssize_t len)
{
    utf8proc_ssize_t tone_at = -1;
    for (utf8proc_ssize_t i = 0; i < len; i++) {
        if (is_tone(p[i])) {
            if (tone_at >= 0)
                return; /* two tones: not Vietnamese */
            tone_at = i;
        }
    }
    if (tone_at < 0)
        return;
    utf8proc_int32_t tone = p[tone_at];

    /* Work on a copy without the tone so a refusal below leaves p untouched. */
    utf8proc_int32_t stack[CP_STACK];
    utf8proc_int32_t *q = len <= CP_STACK ? stack : xmalloc((size_t)len * sizeof *q);
    memcpy(q, p, (size_t)tone_at * sizeof *q);
    memcpy(q + tone_at, p + tone_at + 1, (size_t)(len - tone_at - 1) * sizeof *q);
    utf8proc_ssize_t qlen = len - 1;

    struct cluster cl[MAX_CLUSTERS];
    int ncl = 0, vow[MAX_CLUSTERS], nvow = 0;
    for (utf8proc_ssize_t i = 0; i < qlen; i++) {
        if (i == 0 || ccc(q[i]) == 0) {
            if (ncl == MAX_CLUSTERS)
                goto out;
            cl[ncl].start = i;
            ncl++;
        }
        cl[ncl - 1].end = i + 1;
    }
    for (int i = 0; i < ncl; i++) {
        classify(&cl[i], q);
        if (cl[i].vowel)
            vow[nvow++] = i;
    }
    /* The nucleus must be one contiguous run of vowels. */
    if (nvow == 0 || vow[nvow - 1] - vow[0] + 1 != nvow)
        goto out;
    /* The u of "qu" and the i of "gi" are part of the initial when another vowel follows. */
    int first = 0;
    if (vow[0] == 1 && nvow > 1 &&
        ((cluster_is(&cl[0], q, 'q') && cluster_is(&cl[1], q, 'u')) ||
         (cluster_is(&cl[0], q, 'g') && cluster_is(&cl[1], q, 'i'))))
        first = 1;
    int nn = nvow - first, *nuc = vow + first, k = -1;
    for (int i = 0; i < nn; i++)
        if (cl[nuc[i]].hatted)
            k = nuc[i]; /* the last hatted vowel: ươ → ơ, iê → ê */
    if (k < 0) {
        if (nuc[nn - 1] != ncl - 1)
            k = nuc[nn - 1]; /* closed syllable: hoàng, toán, quýt */
        else if (nn == 3)
            k = nuc[1]; /* ngoài, xoáy, khuỷu */
        else
            k = nuc[0]; /* one vowel; oa oe uy in the old style; ai ao au ia ua ưa … */
    }

    /* Rebuild p: q with the tone appended to cluster k's marks, marks in canonical order. */
    utf8proc_ssize_t at = cl[k].end;
    memcpy(p, q, (size_t)at * sizeof *p);
    p[at] = tone;
    memcpy(p + at + 1, q + at, (size_t)(qlen - at) * sizeof *p);
    for (utf8proc_ssize_t i = at; i > cl[k].start + 1 && ccc(p[i - 1]) > ccc(p[i]); i--) {
        utf8proc_int32_t t = p[i - 1];
        p[i - 1] = p[i];
        p[i] = t;
    }
out:
    if (q != stack)
        free(q);
}

/* ASCII tokens (digits, abbreviations, unmarked syllables: a good share of real text) need
 * only lower-casing for either key: no marks, no đ, already NFC. 1 if it applied. */
static int ascii_key(const char *tok, size_t n, char *out, size_t out_size, int *len_r)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)tok[i] >= 0x80)
            return 0;
    *len_r = -1;
    if (n >= out_size || n > INT_MAX)
        return 1;
    for (size_t i = 0; i < n; i++)
        out[i] = (char)(tok[i] >= 'A' && tok[i] <= 'Z' ? tok[i] + ('a' - 'A') : tok[i]);
    out[n] = '\0';
    *len_r = (int)n;
    return 1;
}

/* Drops every nonspacing mark and turns đ into d, in place. Tone placement does not matter
 * here: once the marks are gone, where the tone sat is invisible. */
static void cps_fold(struct cps *c)
{
    utf8proc_ssize_t o = 0;
    for (utf8proc_ssize_t i = 0; i < c->len; i++) {
        utf8proc_int32_t x = c->p[i];
        if (utf8proc_category(x) == UTF8PROC_CATEGORY_MN)
            continue;
        c->p[o++] = x == CP_D_STROKE ? 'd' : x;
    }
    c->len = o;
}

static bool is_ascii_consonant(char c)
{
    return c >= 'a' && c <= 'z' && !strchr("aeiouy", c);
}

/* lý/lí, kỹ/kĩ, mỹ/mĩ, tỷ/tỉ; and quý/quí, where the u belongs to the initial "qu". A lone "y"
 * (ý, "idea") is a different word from "i" and stays. */
static void merge_final_y(char *key, int len)
{
    if (len >= 2 && key[len - 1] == 'y' &&
        (is_ascii_consonant(key[len - 2]) ||
         (len >= 3 && key[len - 2] == 'u' && key[len - 3] == 'q')))
        key[len - 1] = 'i';
}

int vi_keys(const char *tok, size_t n, bool merge_yi, char *exact, int *exact_len_r, char *folded,
            int *folded_len_r, size_t size)
{
    int re = -1, rf = -1;
    if (exact && size > 0)
        exact[0] = '\0';
    if (folded && size > 0)
        folded[0] = '\0';
    if (exact && ascii_key(tok, n, exact, size, &re)) {
        if (folded && re >= 0) {
            memcpy(folded, exact, (size_t)re + 1);
            rf = re;
        }
    } else if (!exact && folded && ascii_key(tok, n, folded, size, &rf)) {
        /* done */
    } else if (vi_valid_utf8(tok, n)) {
        struct cps c, f;
        if (cps_decompose(&c, tok, n, map_lookalike_lower) < 0)
            goto out;
        /* The folded key starts from the same decomposition: one pass over the input. */
        if (folded) {
            f.p = c.len <= CP_STACK ? f.stack : xmalloc((size_t)c.len * sizeof *f.p);
            f.len = c.len;
            memcpy(f.p, c.p, (size_t)c.len * sizeof *f.p);
            cps_fold(&f);
            rf = cps_compose(&f) < 0 ? -1 : cps_encode(&f, folded, size);
            cps_free(&f);
        }
        if (exact) {
            place_tone(c.p, c.len);
            re = cps_compose(&c) < 0 ? -1 : cps_encode(&c, exact, size);
        }
        cps_free(&c);
    }
out:
    if (folded && merge_yi)
        merge_final_y(folded, rf);
    if (exact_len_r)
        *exact_len_r = re;
    if (folded_len_r)
        *folded_len_r = rf;
    return (exact && re < 0) || (folded && rf < 0) ? -1 : 0;
}

int vi_exact_key(const char *tok, size_t n, char *out, size_t out_size)
{
    int r;
    vi_keys(tok, n, false, out, &r, NULL, NULL, out_size);
    return r;
}

int vi_folded_key(const char *tok, size_t n, bool merge_yi, char *out, size_t out_size)
{
    int r;
    vi_keys(tok, n, merge_yi, NULL, NULL, out, &r, out_size);
    return r;
}

bool vi_has_marks(const char *tok, size_t n)
{
    if (!vi_valid_utf8(tok, n))
        return false;
    struct cps c;
    if (cps_decompose(&c, tok, n, map_lookalike) < 0)
        return false;
    bool marked = false;
    for (utf8proc_ssize_t i = 0; i < c.len && !marked; i++) {
        utf8proc_int32_t x = c.p[i];
        marked = is_tone(x) || x == MARK_BREVE || x == MARK_CIRCUMFLEX || x == MARK_HORN ||
                 x == CP_D_STROKE || x == CP_D_STROKE_UPPER;
    }
    cps_free(&c);
    return marked;
}

char *vi_fold_text(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s);
    if (!vi_valid_utf8(s, n))
        return NULL;
    struct cps c;
    if (cps_decompose(&c, s, n, map_lookalike_lower) < 0)
        return NULL;
    cps_fold(&c);
    char *out = NULL;
    if (cps_compose(&c) == 0) {
        size_t size = 4 * (size_t)c.len + 1;
        out = xmalloc(size);
        if (cps_encode(&c, out, size) < 0) {
            free(out);
            out = NULL;
        }
    }
    cps_free(&c);
    return out;
}

/* Letters of NFC Vietnamese that also exist in Latin-1: legitimate in normal text. */
static bool is_vi_latin1(utf8proc_int32_t c)
{
    static const char vi[] = "àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ";
    char buf[5];
    utf8proc_ssize_t k = utf8proc_encode_char(c, (utf8proc_uint8_t *)buf);
    buf[k] = '\0';
    return strstr(vi, buf) != NULL;
}

/* Code points that exist only in Vietnamese-capable encodings: ă đ ĩ ũ ơ ư, U+1EA0–U+1EF9. */
static bool is_vi_only(utf8proc_int32_t c)
{
    return c == 0x0102 || c == 0x0103 || c == 0x0110 || c == 0x0111 || c == 0x0128 || c == 0x0129 ||
           c == 0x0168 || c == 0x0169 || c == 0x01A0 || c == 0x01A1 || c == 0x01AF || c == 0x01B0 ||
           (c >= 0x1EA0 && c <= 0x1EF9);
}

static bool is_ascii_letter(utf8proc_int32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

int vi_looks_legacy(const char *s, size_t n)
{
    /* TCVN3 and VNI put their marked letters in bytes 0xA1–0xFF, which Latin-1 shows as
     * symbols and non-Vietnamese letters glued to ASCII letters ("hoµ", "x·", "Coäng").
     * Genuine Vietnamese uses U+1EA0… instead, which neither legacy reading can produce. */
    if (!vi_valid_utf8(s, n))
        return 0;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    utf8proc_ssize_t left = (utf8proc_ssize_t)n;
    utf8proc_int32_t prev = ' ', cur = ' ', next;
    long suspicious = 0, vietnamese = 0;
    /* Looks one code point ahead, so each code point is judged with both neighbours. */
    while (left > 0 || cur != 0) {
        next = 0;
        if (left > 0) {
            utf8proc_ssize_t k = utf8proc_iterate(p, left, &next);
            if (k <= 0)
                return 0;
            p += k;
            left -= k;
        }
        if (cur >= 0xA1 && cur <= 0xFF && !is_vi_latin1(cur) &&
            (is_ascii_letter(prev) || is_ascii_letter(next)))
            suspicious++;
        if (is_vi_only(cur))
            vietnamese++;
        prev = cur;
        cur = next;
    }
    return suspicious >= 3 && suspicious > 2 * vietnamese;
}

/* ---- collation ---------------------------------------------------------------------- */

static pthread_once_t coll_once = PTHREAD_ONCE_INIT;
static UCollator *coll_proto; /* opened once, only ever cloned */
static pthread_key_t coll_key;

static void coll_close(void *p)
{
    ucol_close(p);
}

static void coll_init(void)
{
    UErrorCode st = U_ZERO_ERROR;
    coll_proto = ucol_open("vi", &st);
    if (U_SUCCESS(st))
        ucol_setAttribute(coll_proto, UCOL_NORMALIZATION_MODE, UCOL_ON, &st);
    if (U_FAILURE(st) || pthread_key_create(&coll_key, coll_close) != 0) {
        /* Sorting silently by bytes would put Đ after Z: better to say so and stop. */
        fprintf(stderr, "vanphong: cannot open the ICU \"vi\" collator: %s\n", u_errorName(st));
        abort();
    }
}

static UCollator *coll_get(void)
{
    pthread_once(&coll_once, coll_init);
    UCollator *c = pthread_getspecific(coll_key);
    if (!c) {
        UErrorCode st = U_ZERO_ERROR;
        c = ucol_clone(coll_proto, &st);
        if (U_FAILURE(st) || pthread_setspecific(coll_key, c) != 0) {
            fprintf(stderr, "vanphong: ucol_clone failed: %s\n", u_errorName(st));
            abort();
        }
    }
    return c;
}

/* Copy of s[0..n) with the Đ look-alikes replaced (same byte length: all are 2 bytes), or NULL
 * when there is none, which is nearly always. */
static char *lookalike_copy(const char *s, size_t n)
{
    static const char *const from[] = {"\xC3\x90", "\xC3\xB0", "\xC6\x89", "\xC9\x96"};
    static const char *const to[] = {"\xC4\x90", "\xC4\x91", "\xC4\x90", "\xC4\x91"};
    char *copy = NULL;
    for (size_t i = 0; i + 1 < n; i++) {
        for (size_t j = 0; j < 4; j++) {
            if (s[i] == from[j][0] && s[i + 1] == from[j][1]) {
                if (!copy) {
                    copy = xmalloc(n);
                    memcpy(copy, s, n);
                }
                memcpy(copy + i, to[j], 2);
                i++;
                break;
            }
        }
    }
    return copy;
}

static int collate_n(const char *a, size_t an, const char *b, size_t bn)
{
    char *a2 = lookalike_copy(a, an), *b2 = lookalike_copy(b, bn);
    UErrorCode st = U_ZERO_ERROR;
    if (an > INT32_MAX || bn > INT32_MAX)
        st = U_ILLEGAL_ARGUMENT_ERROR;
    UCollationResult r = UCOL_EQUAL;
    if (U_SUCCESS(st))
        r = ucol_strcollUTF8(coll_get(), a2 ? a2 : a, (int32_t)an, b2 ? b2 : b, (int32_t)bn, &st);
    free(a2);
    free(b2);
    if (U_FAILURE(st)) {
        int c = memcmp(a, b, an < bn ? an : bn);
        return c ? c : (an > bn) - (an < bn);
    }
    return r == UCOL_LESS ? -1 : r == UCOL_GREATER ? 1 : 0;
}

int vi_collate_cmp(const char *a, const char *b)
{
    if (!a || !b)
        return (a != NULL) - (b != NULL);
    return collate_n(a, strlen(a), b, strlen(b));
}

/* Length of the white space at s (ASCII blanks and U+00A0, which pasted names carry). */
static size_t space_len(const char *s)
{
    if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        return 1;
    if ((unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0)
        return 2;
    return 0;
}

/* A name split into surname (first word), middle names and given name (last word). */
struct name_parts {
    const char *given, *surname, *middle;
    size_t given_n, surname_n, middle_n;
};

static void name_split(const char *s, struct name_parts *np)
{
    const char *first = NULL, *first_end = NULL, *last = NULL, *last_end = NULL;
    const char *prev_end = NULL; /* end of the word before the last one */
    int words = 0;
    while (*s) {
        size_t k;
        while ((k = space_len(s)) > 0)
            s += k;
        if (!*s)
            break;
        const char *w = s;
        while (*s && space_len(s) == 0)
            s++;
        words++;
        if (words == 1) {
            first = w;
            first_end = s;
        }
        prev_end = last_end;
        last = w;
        last_end = s;
    }
    *np = (struct name_parts){"", "", "", 0, 0, 0};
    if (words >= 1) {
        np->given = last;
        np->given_n = (size_t)(last_end - last);
    }
    if (words >= 2) {
        np->surname = first;
        np->surname_n = (size_t)(first_end - first);
    }
    if (words >= 3) {
        const char *m = first_end;
        size_t k;
        while ((k = space_len(m)) > 0)
            m += k;
        np->middle = m;
        np->middle_n = (size_t)(prev_end - m);
    }
}

int vi_name_cmp(const char *a, const char *b)
{
    if (!a || !b)
        return (a != NULL) - (b != NULL);
    struct name_parts x, y;
    name_split(a, &x);
    name_split(b, &y);
    int c = collate_n(x.given, x.given_n, y.given, y.given_n);
    if (!c)
        c = collate_n(x.surname, x.surname_n, y.surname, y.surname_n);
    if (!c)
        c = collate_n(x.middle, x.middle_n, y.middle, y.middle_n);
    if (!c)
        c = vi_collate_cmp(a, b);
    return c;
}

bool vi_cp_letter(int32_t cp)
{
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
        return true;
    default:
        return false;
    }
}

bool vi_cp_token_start(int32_t cp)
{
    if (vi_cp_letter(cp))
        return true;
    utf8proc_category_t k = utf8proc_category(cp);
    return k == UTF8PROC_CATEGORY_ND || k == UTF8PROC_CATEGORY_NL || k == UTF8PROC_CATEGORY_NO;
}

bool vi_cp_token_part(int32_t cp)
{
    if (vi_cp_token_start(cp))
        return true;
    utf8proc_category_t k = utf8proc_category(cp);
    return k == UTF8PROC_CATEGORY_MN || k == UTF8PROC_CATEGORY_MC || k == UTF8PROC_CATEGORY_ME;
}
