#ifndef VP_FILTERS_H
#define VP_FILTERS_H
/* Saved filters (bộ lọc đã lưu): a user keeps the current filter of a list page — its query
 * string without the page number — under a name, sees their saved filters as links above the
 * list, and deletes them. Each user sees and changes only their own.
 *
 * Table user_filters (migration 026_user_filters.sql), written only here; every change is
 * audited ("filter.save", "filter.delete") in its own transaction. The module knows the lists
 * by name ("incoming" → /incoming, "outgoing" → /outgoing) and never reads their tables. */
#include <stdint.h>

#include "web/ctx.h"
#include "web/errors.h"

#define FILTER_MAX_NAME 100    /* bytes of a filter's name */
#define FILTER_MAX_QUERY 2000  /* bytes of its query string */
#define FILTER_MAX_PER_LIST 50 /* filters a user keeps per list */

typedef struct saved_filter {
    int64_t id;
    const char *list, *name, *query, *created_at;
} saved_filter;

/* The caller's filters of list (NULL: every list), by name; arena strings. Count or -1. */
int filters_list(ctx *c, const char *list, saved_filter **rows_r);
/* Saves the caller's filter: list one of "incoming", "outgoing"; name 1..FILTER_MAX_NAME bytes
 * after trimming, unique per user and list; query a URL query string ("status=done&q=x", a
 * leading '?' dropped; no '#', spaces or control characters). Returns the new id, or -1 with
 * *e (400 invalid_input with the field, 409 duplicate for a name in use). */
int64_t filters_save(ctx *c, const char *list, const char *name, const char *query, web_err *e);
/* Deletes one of the caller's filters; another user's or an unknown id is 404. 0 or -1. */
int filters_delete(ctx *c, int64_t id, web_err *e);

/* Above a list page: the caller's saved filters of list as links to path?query, each with a
 * delete button, and — when the page is filtered — a form saving its filter (the request's
 * query parameters but the page number) under a name. Writes into c->rs->body. */
void filters_bar_html(ctx *c, const char *list, const char *path);

/* POST /filters, POST /filters/{id}/delete, GET/POST /api/v1/filters,
 * POST /api/v1/filters/{id}/delete. */
void filters_routes(void);

#endif
