#ifndef VP_METRICS_H
#define VP_METRICS_H
/* Request counters, the latency histogram and request ids for /metrics and the log line
 * (app/dispatch.c observes every request; app/ops.c renders). Counters are relaxed atomics in
 * static arrays: no lock and no allocation on the hot path. */
#include <stddef.h>
#include <stdint.h>

#include "base/strbuf.h"

#define METRICS_MAX_ROUTES 2048

/* One answered request: its route (http_req.route_id, 0 = none matched), status, duration. */
void metrics_observe(int route_id, int status, int64_t micros);
/* A fresh request id into buf (at least 17 bytes): 16 hex digits, unique within the process
 * and, through a random prefix, across restarts. */
void metrics_request_id(char *buf, size_t cap);
/* True when s may be echoed as a request id (from a trusted proxy): 1–64 of [A-Za-z0-9._-]. */
int metrics_request_id_ok(const char *s);
/* Appends the HTTP families (requests by route and status, the latency histogram) in the
 * Prometheus text format. */
void metrics_render_http(strbuf *out);

#endif
