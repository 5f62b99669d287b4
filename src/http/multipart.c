/* Streaming multipart/form-data parser (multipart.h).
 *
 * The delimiter is "\r\n--" + boundary. Because a boundary never contains CR, a CR can only
 * start a delimiter at position 0: when a partial match breaks, the bytes matched so far are
 * plain data (they equal delim[0..match), so they are re-emitted from the delimiter itself,
 * not from a buffer) and the breaking byte is examined afresh. That keeps the body path free
 * of copies and independent of how the input is chunked. */
#include "http/multipart.h"

#include <string.h>
#include <strings.h>

enum {
    MP_PREAMBLE,
    MP_AFTER_DELIM, /* "--" (last) or optional whitespace then CRLF */
    MP_AFTER_DASH,  /* one '-' of the closing "--" seen */
    MP_AFTER_CR,    /* CR after a delimiter, LF expected */
    MP_HEADERS,
    MP_BODY,
    MP_EPILOGUE,
    MP_FAILED,
};

#define MP_MAX_PADDING 64 /* whitespace tolerated between a delimiter and its CRLF */

static int fail(multipart *m, const char *why)
{
    m->state = MP_FAILED;
    m->err = why;
    return -1;
}

int mp_boundary(const char *content_type, char *buf, size_t cap)
{
    if (!content_type || cap < 2)
        return -1;
    const char *p = content_type;
    /* Find a "boundary=" parameter after a ';' (case-insensitive name). */
    while ((p = strchr(p, ';')) != NULL) {
        p++;
        while (*p == ' ' || *p == '\t')
            p++;
        if (strncasecmp(p, "boundary=", 9) != 0)
            continue;
        p += 9;
        size_t n = 0;
        if (*p == '"') {
            p++;
            while (p[n] && p[n] != '"')
                n++;
            if (p[n] != '"')
                return -1;
        } else {
            while (p[n] && p[n] != ';' && p[n] != ' ' && p[n] != '\t')
                n++;
        }
        if (n == 0 || n > MP_MAX_BOUNDARY || n + 1 > cap)
            return -1;
        for (size_t i = 0; i < n; i++)
            if (p[i] == '\r' || p[i] == '\n')
                return -1;
        memcpy(buf, p, n);
        buf[n] = 0;
        return 0;
    }
    return -1;
}

int mp_init(multipart *m, const char *boundary, const mp_callbacks *cb, void *user)
{
    memset(m, 0, sizeof *m);
    size_t n = boundary ? strlen(boundary) : 0;
    if (n == 0 || n > MP_MAX_BOUNDARY || strpbrk(boundary, "\r\n"))
        return fail(m, "bad boundary");
    memcpy(m->delim, "\r\n--", 4);
    memcpy(m->delim + 4, boundary, n);
    m->dlen = 4 + n;
    m->cb = cb;
    m->user = user;
    m->state = MP_PREAMBLE;
    /* The body may start with the delimiter without a CRLF before it: pretend one was seen. */
    m->match = 2;
    return 0;
}

/* Copies a header parameter value (quoted or token) into out; -1 if it does not fit. */
static int param_value(const char **pp, char *out, size_t cap)
{
    const char *p = *pp;
    size_t n = 0;
    if (*p == '"') {
        p++;
        while (*p && *p != '"') {
            char c = *p++;
            /* A backslash escapes only a quote or a backslash: Windows paths keep theirs. */
            if (c == '\\' && (*p == '"' || *p == '\\'))
                c = *p++;
            if (n + 1 >= cap)
                return -1;
            out[n++] = c;
        }
        if (*p == '"')
            p++;
    } else {
        while (*p && *p != ';') {
            if (n + 1 >= cap)
                return -1;
            out[n++] = *p++;
        }
        while (n > 0 && (out[n - 1] == ' ' || out[n - 1] == '\t'))
            n--;
    }
    out[n] = 0;
    *pp = p;
    return 0;
}

static int content_disposition(multipart *m, const char *v)
{
    if (strncasecmp(v, "form-data", 9) != 0 || (v[9] && v[9] != ';' && v[9] != ' '))
        return fail(m, "part is not form-data");
    const char *p = v + 9;
    while (*p) {
        while (*p == ';' || *p == ' ' || *p == '\t')
            p++;
        const char *key = p;
        while (*p && *p != '=' && *p != ';')
            p++;
        size_t klen = (size_t)(p - key);
        while (klen > 0 && (key[klen - 1] == ' ' || key[klen - 1] == '\t'))
            klen--;
        if (*p != '=')
            continue;
        p++;
        while (*p == ' ' || *p == '\t')
            p++;
        char scratch[MP_MAX_FILENAME + 1];
        char *out = scratch;
        size_t cap = sizeof scratch;
        if (klen == 4 && strncasecmp(key, "name", 4) == 0) {
            out = m->name;
            cap = sizeof m->name;
            m->has_name = true;
        } else if (klen == 8 && strncasecmp(key, "filename", 8) == 0) {
            out = m->filename;
            cap = sizeof m->filename;
            m->has_filename = true;
        }
        if (param_value(&p, out, cap) != 0)
            return fail(m, "part header parameter too long");
    }
    return 0;
}

/* One complete header line (CR/LF stripped). */
static int header_line(multipart *m, char *line)
{
    if (line[0] == ' ' || line[0] == '\t')
        return 0; /* obsolete folding: nothing we need is ever folded */
    char *colon = strchr(line, ':');
    if (!colon)
        return fail(m, "part header without a colon");
    *colon = 0;
    char *v = colon + 1;
    while (*v == ' ' || *v == '\t')
        v++;
    if (strcasecmp(line, "content-disposition") == 0)
        return content_disposition(m, v);
    if (strcasecmp(line, "content-type") == 0) {
        size_t n = strlen(v);
        while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t'))
            n--;
        if (n > MP_MAX_CTYPE)
            return fail(m, "part content type too long");
        memcpy(m->ctype, v, n);
        m->ctype[n] = 0;
    }
    return 0;
}

static void headers_reset(multipart *m)
{
    m->hlen = m->htotal = 0;
    m->name[0] = m->filename[0] = m->ctype[0] = 0;
    m->has_name = m->has_filename = false;
}

static int begin_part(multipart *m)
{
    if (!m->has_name || !m->name[0])
        return fail(m, "part without a name");
    mp_part p = {m->name, m->has_filename ? m->filename : NULL, m->ctype};
    m->parts++;
    m->state = MP_BODY;
    m->match = 0;
    if (m->cb && m->cb->part_begin && m->cb->part_begin(m->user, &p) != 0)
        return fail(m, "aborted by the receiver");
    return 0;
}

static int emit(multipart *m, const char *p, size_t n)
{
    if (n == 0 || m->state != MP_BODY)
        return 0; /* preamble bytes are dropped */
    if (m->cb && m->cb->part_data && m->cb->part_data(m->user, p, n) != 0)
        return fail(m, "aborted by the receiver");
    return 0;
}

/* Body or preamble bytes: looks for the delimiter. Returns bytes consumed, or -1. */
static long scan_delim(multipart *m, const char *p, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if (m->match == 0) {
            const char *cr = memchr(p + i, '\r', n - i);
            size_t end = cr ? (size_t)(cr - p) : n;
            if (emit(m, p + i, end - i) != 0)
                return -1;
            i = end;
            if (!cr)
                break;
            m->match = 1;
            i++;
            continue;
        }
        if (p[i] == m->delim[m->match]) {
            m->match++;
            i++;
            if (m->match == m->dlen) {
                m->match = 0;
                if (m->state == MP_BODY && m->cb && m->cb->part_end &&
                    m->cb->part_end(m->user) != 0)
                    return fail(m, "aborted by the receiver");
                m->state = MP_AFTER_DELIM;
                m->pad = 0;
                return (long)i;
            }
        } else {
            /* The matched prefix was data after all; the current byte is looked at again. */
            size_t k = m->match;
            m->match = 0;
            if (emit(m, m->delim, k) != 0)
                return -1;
        }
    }
    return (long)i;
}

int mp_feed(multipart *m, const char *data, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if (m->state == MP_FAILED)
            return -1;
        if (m->state == MP_PREAMBLE || m->state == MP_BODY) {
            long used = scan_delim(m, data + i, n - i);
            if (used < 0)
                return -1;
            i += (size_t)used;
            continue;
        }
        if (m->state == MP_EPILOGUE)
            return 0;
        char c = data[i++];
        switch (m->state) {
        case MP_AFTER_DELIM:
            if (c == '-')
                m->state = MP_AFTER_DASH;
            else if (c == ' ' || c == '\t') {
                if (++m->pad > MP_MAX_PADDING)
                    return fail(m, "too much whitespace after a delimiter");
            } else if (c == '\r')
                m->state = MP_AFTER_CR;
            else if (c == '\n') {
                headers_reset(m);
                m->state = MP_HEADERS;
            } else
                return fail(m, "garbage after a delimiter");
            break;
        case MP_AFTER_DASH:
            if (c != '-')
                return fail(m, "garbage after a delimiter");
            m->state = MP_EPILOGUE;
            break;
        case MP_AFTER_CR:
            if (c != '\n')
                return fail(m, "CR without LF after a delimiter");
            headers_reset(m);
            m->state = MP_HEADERS;
            break;
        case MP_HEADERS:
            if (++m->htotal > MP_MAX_PART_HEADERS)
                return fail(m, "part headers too long");
            if (c != '\n') {
                if (c == 0)
                    return fail(m, "NUL in part headers");
                m->hline[m->hlen++] = c; /* htotal bounds hlen below sizeof hline */
                break;
            }
            if (m->hlen > 0 && m->hline[m->hlen - 1] == '\r')
                m->hlen--;
            if (m->hlen == 0) {
                if (begin_part(m) != 0)
                    return -1;
                break;
            }
            m->hline[m->hlen] = 0;
            m->hlen = 0;
            if (header_line(m, m->hline) != 0)
                return -1;
            break;
        default:
            return fail(m, "internal state");
        }
    }
    return m->state == MP_FAILED ? -1 : 0;
}

int mp_finish(multipart *m)
{
    if (m->state == MP_FAILED)
        return -1;
    if (m->state != MP_EPILOGUE)
        return fail(m, "body ended before the closing delimiter");
    return 0;
}
