#ifndef VP_PROXY_H
#define VP_PROXY_H
/* The client's address behind a reverse proxy (nginx in front of `vanphong serve`). Every
 * request then comes from the proxy's address; login throttling counted per address would
 * lock out the whole office at once, and the audit trail would name the proxy. So, when —
 * and only when — the peer is a trusted proxy, its X-Forwarded-For (or X-Real-IP) header says
 * who the client is. From anyone else these headers are ignored: they are the client's own
 * claim and would let an attacker pick the address their failures are counted against.
 *
 * Trusted proxies: VANPHONG_TRUSTED_PROXIES, a comma list of addresses or CIDR ranges
 * ("127.0.0.1,::1" or "10.0.0.0/8"), read once at the first request. Unset = none trusted:
 * the peer's address is the client's, as without a proxy. */
#include "http/http.h"

#define PROXY_MAX_TRUSTED 32

/* Replaces the trusted list (tests; the server reads the environment itself). Entries that
 * do not parse are skipped with a warning on stderr. Returns the number of entries kept. */
int proxy_trust(const char *list);
/* True when the address is in the trusted list. */
bool proxy_trusted(const char *addr);
/* The client address of rq: rq->client_ip itself unless that peer is trusted; then the
 * rightmost X-Forwarded-For address that is not a trusted proxy (every X-Forwarded-For header
 * joined in order; the proxy appends the address it saw last), or X-Real-IP when there is no
 * X-Forwarded-For. Entries that are not addresses end the walk with the last good one.
 * Returns an arena string or rq->client_ip. */
const char *proxy_client_ip(const http_req *rq);

#endif
