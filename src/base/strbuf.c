#include "base/strbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

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

/* Decimal digits of v, written backwards ending at end; returns the first digit. */
static char *utoa_back(char *end, unsigned long long v)
{
    do {
        *--end = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    return end;
}

static void add_signed(strbuf *sb, long long v)
{
    char tmp[24], *end = tmp + sizeof tmp;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    char *p = utoa_back(end, u);
    if (v < 0)
        *--p = '-';
    sb_add(sb, p, (size_t)(end - p));
}

static void add_unsigned(strbuf *sb, unsigned long long v)
{
    char tmp[24], *end = tmp + sizeof tmp;
    char *p = utoa_back(end, v);
    sb_add(sb, p, (size_t)(end - p));
}

/* A conversion without flags, width or precision: the length modifier (0 none, 1 l, 2 ll,
 * 3 z) and the letter; 0 when it has any of those (vsnprintf then does the whole format). */
static char plain_conv(const char *q, int *len_r, const char **next_r)
{
    int len = 0;
    if (q[0] == 'l' && q[1] == 'l')
        len = 2, q += 2;
    else if (q[0] == 'l')
        len = 1, q++;
    else if (q[0] == 'z')
        len = 3, q++;
    char conv = *q;
    switch (conv) {
    case 'd':
    case 'i':
    case 'u':
        break;
    case 's':
    case 'c':
    case '%':
        if (len)
            return 0;
        break;
    default:
        return 0;
    }
    *len_r = len;
    *next_r = q + 1;
    return conv;
}

/* The conversions page and list code use most (%s, %d, %lld, %zu, …) without flags, width or
 * precision: appended directly. A page's JSON scope array or CSV export calls sb_printf
 * hundreds of times, and each vsnprintf call costs about a microsecond. */
static bool fast_vprintf(strbuf *sb, const char *fmt, va_list ap)
{
    size_t start = sb->len;
    const char *p = fmt;
    for (;;) {
        const char *pct = strchr(p, '%');
        if (!pct) {
            sb_adds(sb, p);
            return true;
        }
        sb_add(sb, p, (size_t)(pct - p));
        int len;
        char conv = plain_conv(pct + 1, &len, &p);
        switch (conv) {
        case 0: /* not ours: take back what was appended, vsnprintf does it all */
            sb->len = start;
            sb->buf[start] = 0;
            return false;
        case '%':
            sb_addc(sb, '%');
            break;
        case 's': {
            const char *v = va_arg(ap, const char *);
            sb_adds(sb, v ? v : "(null)");
            break;
        }
        case 'c':
            sb_addc(sb, (char)va_arg(ap, int));
            break;
        case 'u':
            if (len == 3)
                add_unsigned(sb, va_arg(ap, size_t));
            else if (len == 2)
                add_unsigned(sb, va_arg(ap, unsigned long long));
            else if (len == 1)
                add_unsigned(sb, va_arg(ap, unsigned long));
            else
                add_unsigned(sb, va_arg(ap, unsigned));
            break;
        default: /* d, i */
            if (len == 3)
                add_signed(sb, (long long)va_arg(ap, ssize_t));
            else if (len == 2)
                add_signed(sb, va_arg(ap, long long));
            else if (len == 1)
                add_signed(sb, va_arg(ap, long));
            else
                add_signed(sb, va_arg(ap, int));
            break;
        }
    }
}

void sb_vprintf(strbuf *sb, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    bool done = fast_vprintf(sb, fmt, ap2);
    va_end(ap2);
    if (done)
        return;
    /* One pass into the room already there; a second only when it did not fit. */
    grow(sb, 64);
    size_t room = sb->cap - sb->len;
    va_copy(ap2, ap);
    int n = vsnprintf(sb->buf + sb->len, room, fmt, ap2);
    va_end(ap2);
    if (n <= 0) {
        sb->buf[sb->len] = 0;
        return;
    }
    if ((size_t)n >= room) {
        grow(sb, (size_t)n);
        vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
    }
    sb->len += (size_t)n;
}

void sb_printf(strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(sb, fmt, ap);
    va_end(ap);
}

void sb_add_ids(strbuf *sb, const int64_t *ids, int n)
{
    sb_addc(sb, '[');
    for (int i = 0; i < n; i++)
        sb_printf(sb, "%s%lld", i ? "," : "", (long long)ids[i]);
    sb_addc(sb, ']');
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

/* The five characters html_escape replaces, by byte: the index into its table, 0 for none. */
static const unsigned char html_special[256] = {
    ['&'] = 1, ['<'] = 2, ['>'] = 3, ['"'] = 4, ['\''] = 5};

void html_escape(strbuf *sb, const char *s)
{
    static const struct {
        const char *s;
        size_t n;
    } rep[] = {{"", 0}, {"&amp;", 5}, {"&lt;", 4}, {"&gt;", 4}, {"&quot;", 6}, {"&#39;", 5}};
    if (!s)
        return;
    const unsigned char *p = (const unsigned char *)s, *run = p;
    for (;;) {
        /* A page escapes every cell it shows: scan runs of plain bytes with a table lookup. */
        while (*p && !html_special[*p])
            p++;
        sb_add(sb, run, (size_t)(p - run));
        if (!*p)
            return;
        sb_add(sb, rep[html_special[*p]].s, rep[html_special[*p]].n);
        run = ++p;
    }
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
        while (k < 10 && (*q == '-' || *q == '+' || *q == ' ' || *q == '#' || *q == '.' ||
                          (*q >= '0' && *q <= '9')))
            spec[k++] = *q++;
        bool plain = k == 1; /* no flags, width or precision: no snprintf needed */
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
            if (plain && conv != 'x') {
                if (conv == 'u')
                    add_unsigned(sb, size_t_      ? va_arg(ap, size_t)
                                     : longs == 2 ? va_arg(ap, unsigned long long)
                                     : longs == 1 ? va_arg(ap, unsigned long)
                                                  : va_arg(ap, unsigned));
                else
                    add_signed(sb, size_t_      ? (long long)va_arg(ap, ssize_t)
                                   : longs == 2 ? va_arg(ap, long long)
                                   : longs == 1 ? va_arg(ap, long)
                                                : va_arg(ap, int));
                break;
            }
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

int sb_read_file(strbuf *sb, const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    char buf[65536];
    ssize_t r;
    while ((r = read(fd, buf, sizeof buf)) != 0) {
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            close(fd);
            return -1;
        }
        sb_add(sb, buf, (size_t)r);
    }
    close(fd);
    return 0;
}

int sb_write_file(const char *path, const void *p, size_t n)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return -1;
    const char *c = p;
    while (n) {
        ssize_t w = write(fd, c, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            close(fd);
            return -1;
        }
        c += w;
        n -= (size_t)w;
    }
    return close(fd);
}
