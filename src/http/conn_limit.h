#ifndef VP_CONN_LIMIT_H
#define VP_CONN_LIMIT_H
/* Connections per client address (HTTP_MAX_CONN_PER_IP), counted by the server itself rather
 * than by libmicrohttpd's PER_IP_CONNECTION_LIMIT, so that a trusted reverse proxy (proxy.h:
 * VANPHONG_TRUSTED_PROXIES) is exempt: behind nginx every connection comes from the proxy's
 * address, and a per-address limit of 64 reset the 65th connection of the whole office
 * (tests/nodes, bench/nodes.sh). The proxy limits its own clients (dist/nginx-vanphong.conf).
 * Thread-safe; the accept check and the count are separate, so concurrent accepts on several
 * listening threads may overshoot the limit by a few — a soft limit, as intended. */
#include <stdbool.h>
#include <sys/socket.h>

/* May a new connection from sa be accepted? (Trusted proxies: always.) */
bool conn_limit_admit(const struct sockaddr *sa);
/* A connection from sa started / closed. */
void conn_limit_opened(const struct sockaddr *sa);
void conn_limit_closed(const struct sockaddr *sa);
/* Live connections counted for sa (tests). */
int conn_limit_count(const struct sockaddr *sa);

#endif
