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
};

void route_add(const char *method, const char *pattern, handler_fn fn, unsigned flags);

/* Finds the route; fills r->params. Returns the handler and flags, or NULL. *method_mismatch_r
 * is set when the path exists under another method (→ 405). */
handler_fn route_match(http_req *r, unsigned *flags_r, bool *method_mismatch_r);
void route_clear(void); /* tests */

/* Calls fn for every registered route, in registration order, with the method, the pattern
 * as registered ("/api/v1/units/{id}") and the flags. For `vanphong routes`, which lists the
 * table so that the authorization matrix (tests/http/authz.test.mjs) can demand a rule for
 * every route. The strings are the table's: valid until route_clear. */
void route_each(void (*fn)(const char *method, const char *pattern, unsigned flags, void *arg),
                void *arg);

#endif
