#ifndef VP_ROUTER_H
#define VP_ROUTER_H
/* Route table: method + path pattern → handler. Patterns are literal segments and {name}
 * parameters, e.g. "/api/v1/units/{id}". Modules register their routes at start-up through
 * their <module>_routes() function (src/app/routes.c lists them); after that the table is
 * read-only, so lookups need no lock. */
#include <stdbool.h>

#include "http/http.h"

/* The request context is web/ctx.h's; the table only stores handlers that take one. */
typedef struct ctx ctx;

typedef void (*handler_fn)(ctx *c);

enum {
    ROUTE_PUBLIC = 1 << 0, /* no login needed (login page, healthz, assets) */
    ROUTE_API = 1 << 1,    /* JSON errors; Bearer tokens accepted */
    ROUTE_BEARER = 1 << 2, /* a page route that also accepts Bearer tokens: files the API
                              links to (GET /attachments/{id}) */
};

void route_add(const char *method, const char *pattern, handler_fn fn, unsigned flags);

/* Finds the route; fills r->params. Returns the handler and flags, or NULL. *method_mismatch_r
 * is set when the path exists under another method (→ 405). */
handler_fn route_match(http_req *r, unsigned *flags_r, bool *method_mismatch_r);
/* The methods registered for path, as an Allow header lists them ("GET, HEAD, POST": HEAD
 * wherever GET is), into buf (cap bytes, NUL-terminated). Returns how many routes matched the
 * path whatever their method (0: no such path). */
int route_allowed(const char *path, char *buf, size_t cap);
/* The table in registration order: the i-th route's method, pattern as registered
 * ("/api/v1/units/{id}") and flags; false past the end. For tests that walk every route and
 * for `vanphong routes` (which the authorization matrix reads so that every route needs a
 * rule). The strings are the table's: valid until route_clear. */
bool route_at(size_t i, const char **method_r, const char **pattern_r, unsigned *flags_r);
void route_clear(void); /* tests */

#endif
