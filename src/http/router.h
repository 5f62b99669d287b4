#ifndef VP_ROUTER_H
#define VP_ROUTER_H
/* Route table: method + path pattern → handler. Patterns are literal segments and {name}
 * parameters, e.g. "/api/v1/units/{id}". Modules register their routes at start-up through
 * their <module>_routes() function (src/app/routes.c lists them); after that the table is
 * read-only, so lookups need no lock. */
#include "app/ctx.h"

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
void route_clear(void); /* tests */

#endif
