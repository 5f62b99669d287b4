#ifndef VP_DISPATCH_H
#define VP_DISPATCH_H
/* The one road every request takes, from both front ends (server.c, raw.c) and from tests.
 *
 * app_dispatch answers a request the builder has finished (http/request.h) into rs (already
 * resp_init'ed): a rule the request broke (rq->error_status), then the route (404, 405), then
 * authentication (auth_authenticate), refusal of anonymous callers on non-public routes (API:
 * 401 JSON "unauthorized"; pages: 303 to /login?next=…), the CSRF check of writes made with a
 * session, and finally the handler. A transaction a handler left open is rolled back and
 * logged. Every response carries the security headers (CSP, nosniff, Referrer-Policy,
 * X-Frame-Options; Cache-Control: no-store unless the handler chose caching); a handler's own
 * CSP (attachments) is kept. One log line per request goes to stderr (method path status
 * duration) unless VANPHONG_QUIET=1. */
#include "http/http.h"

void app_dispatch(http_req *rq, http_resp *rs, const char *data_dir);

/* Adds the security headers that rs does not carry yet (front ends use it for the answers
 * they make without dispatching, e.g. a 400 for an unreadable request line). */
void app_security_headers(arena *a, http_resp *rs);

#endif
