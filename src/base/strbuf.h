#ifndef VP_STRBUF_H
#define VP_STRBUF_H
/* A growable byte buffer, and the escaping writers every page is built with.
 *
 * Escaping is the default: html_printf() HTML-escapes every %s argument (safe in element
 * text and in double-quoted attributes). Raw output is only for string literals (html_raw)
 * or for fragments that were themselves built by html_printf (html_frag). The build runs
 * scripts/check-escaping.sh, which rejects plain sb_printf in page code and html_raw with a
 * non-literal argument. Memory: the buffer owns malloc'd memory; sb_free releases it.
 * Allocation failure aborts (see arena.h). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

typedef struct strbuf {
    char *buf; /* always NUL-terminated when non-NULL */
    size_t len, cap;
} strbuf;

#define STRBUF_INIT                                                                                \
    {                                                                                              \
        NULL, 0, 0                                                                                 \
    }

void sb_add(strbuf *sb, const void *p, size_t n);
void sb_adds(strbuf *sb, const char *s); /* NULL-safe */
void sb_addc(strbuf *sb, char c);
/* Plain printf (no escaping): for CSV, plain text, logs — never for HTML. */
void sb_printf(strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_vprintf(strbuf *sb, const char *fmt, va_list ap);
/* Appends ids as a JSON array, "[3,7,12]": how a list of ids is bound to SQL (json_each). */
void sb_add_ids(strbuf *sb, const int64_t *ids, int n);
char *sb_steal(strbuf *sb);           /* returns the buffer (caller frees), leaves sb empty */
const char *sb_str(const strbuf *sb); /* "" when empty */
void sb_reset(strbuf *sb);
void sb_free(strbuf *sb);

/* HTML: printf-compatible, but each %s argument is HTML-escaped (& < > " ' are replaced). */
void html_printf(strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void html_escape(strbuf *sb, const char *s); /* NULL-safe */
#define html_raw(sb, literal) sb_add((sb), "" literal, sizeof(literal) - 1)
/* Appends a fragment already built with the escaping writers. */
void html_frag(strbuf *sb, const strbuf *frag);

/* Percent-encodes for a URL query value (RFC 3986 unreserved kept). */
void url_encode(strbuf *sb, const char *s);
/* CSV field per RFC 4180 (quoted when needed; leading = + - @ are prefixed with ' so a
 * spreadsheet never runs a formula smuggled into a document summary). */
void csv_field(strbuf *sb, const char *s);

/* Appends the whole file at path to sb (a child process's output, an upload). 0 or -1. */
int sb_read_file(strbuf *sb, const char *path);
/* Writes n bytes to path, created or truncated, 0600 (a child process's input). 0 or -1. */
int sb_write_file(const char *path, const void *p, size_t n);

#endif
