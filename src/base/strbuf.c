#include "base/strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void grow(strbuf *sb, size_t need)
{
    if (sb->len + need + 1 <= sb->cap)
        return;
    size_t cap = sb->cap ? sb->cap : 256;
    while (cap < sb->len + need + 1)
        cap *= 2;
    char *p = realloc(sb->buf, cap);
    if (!p) {
        fprintf(stderr, "vanphong: out of memory (%zu bytes)\n", cap);
        abort();
    }
    sb->buf = p;
    sb->cap = cap;
}

void sb_add(strbuf *sb, const void *p, size_t n)
{
    grow(sb, n);
    if (n)
        memcpy(sb->buf + sb->len, p, n);
    sb->len += n;
    sb->buf[sb->len] = 0;
}

void sb_adds(strbuf *sb, const char *s)
{
    if (s)
        sb_add(sb, s, strlen(s));
}

void sb_addc(strbuf *sb, char c)
{
    sb_add(sb, &c, 1);
}

void sb_vprintf(strbuf *sb, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n <= 0)
        return;
    grow(sb, (size_t)n);
    vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
    sb->len += (size_t)n;
}

void sb_printf(strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(sb, fmt, ap);
    va_end(ap);
}

char *sb_steal(strbuf *sb)
{
    char *p = sb->buf;
    if (!p) {
        p = malloc(1);
        if (!p)
            abort();
        *p = 0;
    }
    sb->buf = NULL;
    sb->len = sb->cap = 0;
    return p;
}

const char *sb_str(const strbuf *sb)
{
    return sb->buf ? sb->buf : "";
}

void sb_reset(strbuf *sb)
{
    sb->len = 0;
    if (sb->buf)
        sb->buf[0] = 0;
}

void sb_free(strbuf *sb)
{
    free(sb->buf);
    sb->buf = NULL;
    sb->len = sb->cap = 0;
}

void html_escape(strbuf *sb, const char *s)
{
    if (!s)
        return;
    const char *run = s;
    for (; *s; s++) {
        const char *rep = NULL;
        switch (*s) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default: continue;
        }
        sb_add(sb, run, (size_t)(s - run));
        sb_adds(sb, rep);
        run = s + 1;
    }
    sb_add(sb, run, (size_t)(s - run));
}

void html_frag(strbuf *sb, const strbuf *frag)
{
    sb_add(sb, sb_str(frag), frag->len);
}

/* Walks the format; every conversion is handed to vsnprintf one at a time except %s,
 * which is escaped. Only the conversions our code uses are accepted: anything else is a
 * programming error caught by the format attribute at compile time or by abort here. */
static void html_vprintf(strbuf *sb, const char *fmt, va_list ap)
{
    const char *p = fmt;
    while (*p) {
        const char *pct = strchr(p, '%');
        if (!pct) {
            sb_adds(sb, p);
            return;
        }
        sb_add(sb, p, (size_t)(pct - p));
        const char *q = pct + 1;
        if (*q == '%') {
            sb_addc(sb, '%');
            p = q + 1;
            continue;
        }
        char spec[16];
        size_t k = 0;
        spec[k++] = '%';
        while (*q && strchr("-+ 0#.123456789", *q) && k < 10)
            spec[k++] = *q++;
        int longs = 0, size_t_ = 0;
        while (*q == 'l' && longs < 2)
            spec[k++] = *q++, longs++;
        if (*q == 'z')
            spec[k++] = *q++, size_t_ = 1;
        char conv = *q;
        spec[k++] = conv;
        spec[k] = 0;
        p = q + 1;
        char tmp[64];
        switch (conv) {
        case 's':
            html_escape(sb, va_arg(ap, const char *));
            break;
        case 'd':
        case 'i':
        case 'u':
        case 'x':
            if (size_t_)
                snprintf(tmp, sizeof tmp, spec, va_arg(ap, size_t));
            else if (longs == 2)
                snprintf(tmp, sizeof tmp, spec, va_arg(ap, long long));
            else if (longs == 1)
                snprintf(tmp, sizeof tmp, spec, va_arg(ap, long));
            else
                snprintf(tmp, sizeof tmp, spec, va_arg(ap, int));
            sb_adds(sb, tmp);
            break;
        case 'f':
        case 'g':
            snprintf(tmp, sizeof tmp, spec, va_arg(ap, double));
            sb_adds(sb, tmp);
            break;
        case 'c': {
            char c = (char)va_arg(ap, int);
            char s2[2] = {c, 0};
            html_escape(sb, s2);
            break;
        }
        default:
            fprintf(stderr, "html_printf: unsupported conversion in \"%s\"\n", fmt);
            abort();
        }
    }
}

void html_printf(strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    html_vprintf(sb, fmt, ap);
    va_end(ap);
}

void url_encode(strbuf *sb, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    if (!s)
        return;
    for (const unsigned char *u = (const unsigned char *)s; *u; u++) {
        if ((*u >= 'A' && *u <= 'Z') || (*u >= 'a' && *u <= 'z') || (*u >= '0' && *u <= '9') ||
            strchr("-._~", *u)) {
            sb_addc(sb, (char)*u);
        } else {
            char e[3] = {'%', hex[*u >> 4], hex[*u & 15]};
            sb_add(sb, e, 3);
        }
    }
}

void csv_field(strbuf *sb, const char *s)
{
    if (!s)
        s = "";
    int quote = strpbrk(s, ",\"\r\n;") != NULL;
    int formula = s[0] && strchr("=+-@", s[0]);
    if (quote || formula)
        sb_addc(sb, '"');
    if (formula)
        sb_addc(sb, '\'');
    for (const char *c = s; *c; c++) {
        if (*c == '"')
            sb_addc(sb, '"');
        sb_addc(sb, *c);
    }
    if (quote || formula)
        sb_addc(sb, '"');
}
