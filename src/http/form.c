/* Parsers of request text shared by both front ends: percent-decoding, urlencoded forms and
 * query strings, cookies, UTF-8 validation (http.h, http/request.h). */
#include <string.h>

#include "base/i18n.h"
#include "http/http.h"
#include "http/request.h"
#include "text/vi.h"

bool utf8_valid(const char *s, size_t n)
{
    return vi_valid_utf8(s, n) == 1;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decodes into out (at least n + 1 bytes); returns the decoded length. A '%' not followed by
 * two hex digits stays as it is. */
static size_t decode_into(char *out, const char *s, size_t n, bool plus_is_space)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
            out[o++] = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
            i += 2;
        } else if (c == '+' && plus_is_space) {
            out[o++] = ' ';
        } else {
            out[o++] = c;
        }
    }
    out[o] = 0;
    return o;
}

char *http_percent_decode(arena *a, const char *s, size_t n, bool plus_is_space)
{
    char *out = arena_alloc(a, n + 1);
    decode_into(out, s, n, plus_is_space);
    return out;
}

int http_parse_urlencoded(arena *a, const char *s, size_t n, kvlist *out, const char **err_r)
{
    size_t i = 0;
    while (i < n) {
        const char *amp = memchr(s + i, '&', n - i);
        size_t end = amp ? (size_t)(amp - s) : n;
        if (end > i) {
            const char *eq = memchr(s + i, '=', end - i);
            size_t name_end = eq ? (size_t)(eq - s) : end;
            size_t vstart = eq ? name_end + 1 : end;
            if (vstart < end && end - vstart > 3 * (size_t)HTTP_MAX_FIELD_BYTES) {
                *err_r = _("Một trường dữ liệu dài quá giới hạn cho phép (64 KB).");
                return -1;
            }
            char *name = arena_alloc(a, name_end - i + 1);
            size_t nlen = decode_into(name, s + i, name_end - i, true);
            char *value = arena_alloc(a, end - vstart + 1);
            size_t vlen = decode_into(value, s + vstart, end - vstart, true);
            if (!utf8_valid(name, nlen) || !utf8_valid(value, vlen) || memchr(name, 0, nlen) ||
                memchr(value, 0, vlen)) {
                *err_r = _("Dữ liệu gửi lên không phải UTF-8 hợp lệ.");
                return -1;
            }
            if (vlen > HTTP_MAX_FIELD_BYTES) {
                *err_r = _("Một trường dữ liệu dài quá giới hạn cho phép (64 KB).");
                return -1;
            }
            if (out->n >= HTTP_MAX_PARAMS) {
                *err_r = _("Yêu cầu có quá nhiều tham số.");
                return -1;
            }
            /* name and value already live in the arena: no second copy */
            if (out->n == out->cap) {
                size_t cap = out->cap ? out->cap * 2 : 16;
                kv *v = arena_alloc(a, cap * sizeof *v);
                if (out->n)
                    memcpy(v, out->v, out->n * sizeof *v);
                out->v = v;
                out->cap = cap;
            }
            out->v[out->n++] = (kv){name, value, vlen};
        }
        i = end + 1;
    }
    return 0;
}

int http_parse_cookies(arena *a, const char *header, kvlist *out)
{
    if (!header)
        return 0;
    const char *p = header;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == ';')
            p++;
        if (!*p)
            break;
        const char *start = p;
        while (*p && *p != ';')
            p++;
        const char *end = p;
        const char *eq = memchr(start, '=', (size_t)(end - start));
        if (!eq)
            continue;
        const char *ne = eq;
        while (ne > start && (ne[-1] == ' ' || ne[-1] == '\t'))
            ne--;
        const char *vs = eq + 1, *ve = end;
        while (vs < ve && (*vs == ' ' || *vs == '\t'))
            vs++;
        while (ve > vs && (ve[-1] == ' ' || ve[-1] == '\t'))
            ve--;
        if (ve - vs >= 2 && *vs == '"' && ve[-1] == '"')
            vs++, ve--;
        size_t nlen = (size_t)(ne - start), vlen = (size_t)(ve - vs);
        /* A cookie we cannot read as text is not one of ours: skip it, never fail. */
        if (nlen == 0 || !utf8_valid(start, nlen) || !utf8_valid(vs, vlen))
            continue;
        if (out->n >= HTTP_MAX_PARAMS)
            return -1;
        kv_add(a, out, arena_strndup(a, start, nlen), vs, vlen);
    }
    return 0;
}
