/* Document number and notation parser. Contracts and the two formats are in docno.h. */
#include "docno/docno.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "text/vi.h"

/* A number and notation is some 20 bytes; anything past this is not one (checked before any
 * work is done on it). */
enum { DOCNO_INPUT_MAX = 200 };

/* "36-HD/VPTW" has 3 parts, "30/2020/TTLT-BTC-BNV" 5; more is not a notation. */
enum { SEGMENTS_MAX = 8 };

/* Longest part echoed back in an error message, in bytes. */
enum { ECHO_MAX = 60 };

/* Type abbreviations in their official case: NĐ 30/2020 Phụ lục III, the legal-document types
 * (NĐ, TT, TTLT, NQLT) and the Party ones seen in DOMAIN.md §1.2 (QĐi, KL, CV, BS). A state
 * notation starts with one of these exactly when it names a type. */
static const char *const known_types[] = {
    "NQ",  "QĐ", "QĐi", "QyĐ", "CT", "KL",  "QC", "TT", "TC",  "TB",  "HD",   "CTr",  "KH",
    "PA",  "ĐA", "DA",  "BC",  "BB", "TTr", "HĐ", "CĐ", "BGN", "BTT", "GUQ",  "GM",   "GGT",
    "GNP", "PG", "PC",  "PB",  "SY", "TrS", "SL", "CV", "BS",  "NĐ",  "TTLT", "NQLT", NULL,
};

/* Issuer abbreviations that are not all capitals (Thủ tướng Chính phủ). */
static const char *const mixed_case_issuers[] = {"TTg", NULL};

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        fputs("vanphong: out of memory in search/docno.c\n", stderr);
        abort();
    }
    return p;
}

static char *xprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *xprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        abort();
    char *s = xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

char *docno_format_year(enum docno_form form, int number, int year, const char *type_abbr,
                        const char *issuer_abbr)
{
    const char *type = type_abbr ? type_abbr : "";
    if (number < 1 || !issuer_abbr || !*issuer_abbr)
        return NULL;
    if (form == DOCNO_PARTY) {
        if (!*type || year)
            return NULL;
        return xprintf("%02d-%s/%s", number, type, issuer_abbr);
    }
    if (form != DOCNO_STATE || year < 0)
        return NULL;
    char y[16] = "";
    if (year)
        snprintf(y, sizeof y, "/%04d", year);
    if (*type)
        return xprintf("%02d%s/%s-%s", number, y, type, issuer_abbr);
    return xprintf("%02d%s/%s", number, y, issuer_abbr);
}

char *docno_format(enum docno_form form, int number, const char *type_abbr, const char *issuer_abbr)
{
    return docno_format_year(form, number, 0, type_abbr, issuer_abbr);
}

/* ---- parsing ------------------------------------------------------------------------ */

/* Why a string is not a number and notation, for the user. */
static const char *const R_UTF8 = "không phải văn bản UTF-8 hợp lệ";
static const char *const R_EMPTY = "chưa nhập gì";
static const char *const R_LONG = "quá dài";
static const char *const R_NUMBER = "phải bắt đầu bằng số văn bản, ví dụ 36-HD/VPTW";
static const char *const R_ZERO = "số văn bản phải từ 1 trở lên";
static const char *const R_CHAR = "có ký tự không dùng trong số, ký hiệu";
static const char *const R_FORMAT = "không đúng dạng 36-HD/VPTW hoặc 123/QĐ-UBND";
static const char *const R_ISSUER = "thiếu cơ quan ban hành";

static int fail(const char *input, const char *reason, struct docno *out, char **err_r)
{
    memset(out, 0, sizeof *out);
    if (!err_r)
        return -1;
    if (!input) {
        *err_r = xprintf("Không đọc được số, ký hiệu văn bản: %s", reason);
        return -1;
    }
    /* Echo what was read, cut at a character boundary, with control characters blanked. */
    char echo[ECHO_MAX + 4];
    size_t n = strlen(input), cut = n;
    if (cut > ECHO_MAX) {
        cut = ECHO_MAX;
        while (cut > 0 && ((unsigned char)input[cut] & 0xC0) == 0x80)
            cut--;
    }
    memcpy(echo, input, cut);
    for (size_t i = 0; i < cut; i++)
        if ((unsigned char)echo[i] < 0x20 || echo[i] == 0x7F)
            echo[i] = ' ';
    strcpy(echo + cut, cut < n ? "…" : "");
    *err_r = xprintf("Không đọc được số, ký hiệu văn bản: \"%s\" (%s)", echo, reason);
    return -1;
}

static utf8proc_int32_t plain_punctuation(utf8proc_int32_t c)
{
    switch (c) {
    case 0x00D0: /* Ð */
    case 0x0189:
        return 0x0110; /* Đ */
    case 0x00F0:       /* ð */
    case 0x0256:
        return 0x0111; /* đ */
    case 0x2010:       /* ‐ hyphen */
    case 0x2011:       /* non-breaking hyphen */
    case 0x2012:       /* figure dash */
    case 0x2013:       /* – en dash: Word's autocorrect of " - " */
    case 0x2014:       /* — */
    case 0x2212:       /* − minus */
    case 0xFE63:
    case 0xFF0D:
        return '-';
    case 0x2044: /* ⁄ fraction slash */
    case 0x2215: /* ∕ division slash */
    case 0xFF0F:
        return '/';
    case 0xFF1A:
        return ':';
    case '\t':
    case '\n':
    case '\r':
        return ' ';
    default:
        return utf8proc_category(c) == UTF8PROC_CATEGORY_ZS ? ' ' : c;
    }
}

/* Copy of the NFC text with look-alikes, dashes, slashes and spaces made plain; caller frees. */
static char *plain_copy(const char *s)
{
    size_t n = strlen(s);
    char *out = xmalloc(4 * n + 1);
    size_t o = 0;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    while (*p) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate(p, -1, &c);
        if (k <= 0) /* cannot happen: the text was validated */
            break;
        o += (size_t)utf8proc_encode_char(plain_punctuation(c), (utf8proc_uint8_t *)out + o);
        p += k;
    }
    out[o] = '\0';
    return out;
}

/* Letters and decimal digits make up the parts of a notation. The text is NFC by now, so every
 * Vietnamese letter is one code point and a combining mark left over is a stray. */
static bool is_part_char(utf8proc_int32_t c, bool letters_only)
{
    return vi_cp_letter(c) || (!letters_only && utf8proc_category(c) == UTF8PROC_CATEGORY_ND);
}

/* Bytes of the run of part characters (or letters only) at s. */
static size_t run_len(const char *s, bool letters_only)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    size_t n = 0;
    for (;;) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate(p + n, -1, &c);
        if (k <= 0 || c == 0 || !is_part_char(c, letters_only))
            return n;
        n += (size_t)k;
    }
}

static size_t part_len(const char *s)
{
    return run_len(s, false);
}

struct segment {
    const char *p;
    size_t n;
    bool digits; /* all ASCII digits */
};

static bool all_digits(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] < '0' || p[i] > '9')
            return false;
    return n > 0;
}

/* Upper-cases p[0..n) into out[0..size); false if it does not fit. */
static bool upper_into(const char *p, size_t n, char *out, size_t size)
{
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k =
            utf8proc_iterate((const utf8proc_uint8_t *)p + i, (utf8proc_ssize_t)(n - i), &c);
        if (k <= 0 || o + 4 >= size)
            return false;
        o += (size_t)utf8proc_encode_char(utf8proc_toupper(c), (utf8proc_uint8_t *)out + o);
        i += (size_t)k;
    }
    if (o >= size)
        return false;
    out[o] = '\0';
    return true;
}

/* The official spelling of p[0..n) if the list knows it in any case, else NULL. */
static const char *known(const char *p, size_t n, const char *const *list)
{
    char up[64], cand[64];
    if (!upper_into(p, n, up, sizeof up))
        return NULL;
    for (size_t i = 0; list[i]; i++)
        if (upper_into(list[i], strlen(list[i]), cand, sizeof cand) && strcmp(up, cand) == 0)
            return list[i];
    return NULL;
}

/* Appends the canonical spelling of a part to out (len *o, size size); false if too long. */
static bool append_abbr(const struct segment *s, const char *const *list, char *out, size_t *o,
                        size_t size)
{
    const char *k = known(s->p, s->n, list);
    char up[DOCNO_ISSUER_MAX];
    if (!k) {
        if (!upper_into(s->p, s->n, up, sizeof up))
            return false;
        k = up;
    }
    size_t kn = strlen(k);
    if (*o + kn >= size)
        return false;
    memcpy(out + *o, k, kn + 1);
    *o += kn;
    return true;
}

/* Joins parts [from, to) with '-' as an issuer: each must contain a letter ("QH14" does). */
static const char *join_issuer(const struct segment *seg, int from, int to, char *out, size_t size)
{
    size_t o = 0;
    out[0] = '\0';
    if (from >= to)
        return R_ISSUER;
    for (int i = from; i < to; i++) {
        if (seg[i].digits)
            return R_FORMAT;
        if (i > from) {
            if (o + 1 >= size)
                return R_LONG;
            out[o++] = '-';
        }
        if (!append_abbr(&seg[i], mixed_case_issuers, out, &o, size))
            return R_LONG;
    }
    return NULL;
}

/* Skips "Số", "Số:", "so.", any case, when followed by something other than a letter
 * ("Số36-HD/VPTW" too). */
static const char *skip_so(const char *s)
{
    size_t n = run_len(s, true);
    char key[32];
    if (n == 0 || n > 8 || vi_folded_key(s, n, false, key, sizeof key) < 0 ||
        strcmp(key, "so") != 0)
        return s;
    s += n;
    while (*s == ' ')
        s++;
    if (*s == ':' || *s == '.')
        s++;
    while (*s == ' ')
        s++;
    return s;
}

/* Parses the plain text after "Số"; returns NULL or the reason it is not a notation. */
static const char *parse_plain(const char *s, struct docno *out)
{
    struct segment seg[SEGMENTS_MAX];
    char sep[SEGMENTS_MAX + 1]; /* sep[i] is the separator before seg[i] */
    int nseg = 0;
    for (;;) {
        while (*s == ' ')
            s++;
        size_t n = part_len(s);
        if (n == 0 && *s != '-' && *s != '/' && *s != '\0')
            return R_CHAR;
        if (n == 0)
            return nseg == 0 ? R_NUMBER : R_FORMAT;
        if (nseg == SEGMENTS_MAX)
            return R_FORMAT;
        seg[nseg] = (struct segment){s, n, all_digits(s, n)};
        nseg++;
        s += n;
        while (*s == ' ')
            s++;
        if (*s == '\0')
            break;
        if (*s != '-' && *s != '/')
            return part_len(s) > 0 || *s == '.' ? R_FORMAT : R_CHAR;
        sep[nseg] = *s++;
    }

    if (!seg[0].digits)
        return R_NUMBER;
    if (seg[0].n > 7)
        return R_FORMAT;
    out->number = atoi(seg[0].p);
    if (out->number < 1)
        return R_ZERO;
    if (nseg < 2)
        return R_FORMAT;

    const char *why;
    if (sep[1] == '-') {
        /* Party: number-TYPE/ISSUER[-UNIT] */
        out->form = DOCNO_PARTY;
        if (nseg < 3)
            return R_ISSUER;
        if (sep[2] != '/')
            return R_FORMAT;
        for (int i = 3; i < nseg; i++)
            if (sep[i] != '-')
                return R_FORMAT;
        for (size_t i = 0; i < seg[1].n; i++)
            if (seg[1].p[i] >= '0' && seg[1].p[i] <= '9')
                return R_FORMAT; /* a type is letters only */
        size_t o = 0;
        if (!append_abbr(&seg[1], known_types, out->type_abbr, &o, sizeof out->type_abbr))
            return R_LONG;
        if ((why = join_issuer(seg, 2, nseg, out->issuer_abbr, sizeof out->issuer_abbr)))
            return why;
    } else {
        /* State: number[/year]/[TYPE-]ISSUER[-UNIT] */
        out->form = DOCNO_STATE;
        int i = 1;
        if (seg[1].digits) {
            if (seg[1].n != 4 || nseg < 3 || sep[2] != '/')
                return R_FORMAT;
            out->year = atoi(seg[1].p);
            if (out->year < 1945 || out->year > 2199)
                return R_FORMAT;
            i = 2;
        }
        for (int j = i + 1; j < nseg; j++)
            if (sep[j] != '-')
                return R_FORMAT;
        if (known(seg[i].p, seg[i].n, known_types)) {
            size_t o = 0;
            if (!append_abbr(&seg[i], known_types, out->type_abbr, &o, sizeof out->type_abbr))
                return R_LONG;
            i++;
        }
        if ((why = join_issuer(seg, i, nseg, out->issuer_abbr, sizeof out->issuer_abbr)))
            return why;
    }

    char *text =
        docno_format_year(out->form, out->number, out->year, out->type_abbr, out->issuer_abbr);
    if (!text)
        return R_FORMAT;
    size_t tn = strlen(text);
    if (tn >= sizeof out->text_normalised) {
        free(text);
        return R_LONG;
    }
    memcpy(out->text_normalised, text, tn + 1);
    free(text);
    return NULL;
}

int docno_parse(const char *s, struct docno *out, char **err_r)
{
    if (err_r)
        *err_r = NULL;
    memset(out, 0, sizeof *out);
    if (!s)
        return fail(NULL, R_EMPTY, out, err_r);
    size_t n = strnlen(s, DOCNO_INPUT_MAX + 1);
    if (n > DOCNO_INPUT_MAX)
        return fail(NULL, R_LONG, out, err_r);
    if (!vi_valid_utf8(s, n))
        return fail(NULL, R_UTF8, out, err_r);
    char *nfc = vi_nfc(s, n);
    char *plain = plain_copy(nfc);

    /* Trim, drop "Số:" and a trailing full stop or comma. */
    char *p = plain;
    while (*p == ' ')
        p++;
    size_t len = strlen(p);
    while (len > 0 &&
           (p[len - 1] == ' ' || p[len - 1] == '.' || p[len - 1] == ',' || p[len - 1] == ';'))
        p[--len] = '\0';
    const char *why = NULL;
    if (!*p) {
        why = R_EMPTY;
    } else {
        const char *rest = skip_so(p);
        why = *rest ? parse_plain(rest, out) : R_NUMBER;
    }
    int rc = why ? fail(nfc, why, out, err_r) : 0;
    free(plain);
    free(nfc);
    return rc;
}
