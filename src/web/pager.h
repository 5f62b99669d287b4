#ifndef VP_WEB_PAGER_H
#define VP_WEB_PAGER_H
/* The one pager every list page draws under its table: "« Trang trước · Trang 2 / 7 · Trang
 * sau »", the links carrying the list's own filters so that paging never drops one. */
#include <stdbool.h>
#include <stdint.h>

#include "web/ctx.h"

typedef struct pager {
    const char *path;        /* the list's address, "/incoming" */
    const char *const *keep; /* query parameters the links carry (NULL-terminated), or NULL */
    const char *param;       /* the page's parameter: "page" (1-based) or "offset" (rows) */
    int per_page;            /* rows per page; needed when param is "offset" */
    int page;                /* the current page, 1-based */
    int64_t pages;           /* the page count when known, else 0 */
    bool at_least;           /* pages is a lower bound ("Trang 3 / ít nhất 5") */
    bool more;               /* a next page exists (decides the link when pages is 0) */
    const char *note;        /* after the count, e.g. "(hãy lọc theo ngày)"; NULL for none */
} pager;

/* Writes <nav class="pager no-print"> with the previous and next links and the position, or
 * nothing when the list fits on one page. */
void page_pager(ctx *c, const pager *p);

#endif
