#ifndef VP_SEARCH_WEB_H
#define VP_SEARCH_WEB_H
/* Shared by the search pages (web.c) and API (api.c). Not a contract for other modules. */
#include "web/ctx.h"
#include "web/errors.h"
#include "search/search.h"

/* Fills f from the request's query parameters (q, kind|register, type, issuer, unit, from,
 * to, secrecy, status, year, sort, limit, offset), strictly (web/params.h). 0, or -1 after
 * adding to e what it could not read (400 invalid_parameter). */
int search_filter_from_query(ctx *c, search_filter *f, web_err *e);
void search_api_routes(void);

#endif
