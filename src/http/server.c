/* The libmicrohttpd front end (http_serve, request.h); `vanphong serve` is app/cli_serve.c.
 *
 * MHD owns sockets, HTTP/1.1 framing, keep-alive and the per-connection limits; this adapter
 * turns its callbacks into the request builder (http/request.h) and the dispatcher.
 * Life of a request:
 *   uri_log       the request line was read: allocate the request state (its arena) and keep
 *                 the raw target (MHD's own `url` argument is already unescaped, without
 *                 the query);
 *   access #1     headers complete: feed them to the builder and return — queueing a
 *                 response on this first call makes MHD close the connection (DESIGN.md:
 *                 keep-alive lost, 7k instead of 58k req/s);
 *                 (a request refused on its headers alone — 413 by Content-Length, 431 —
 *                 is answered right here: MHD then closes the connection unread);
 *   access #2..n  body chunks into the builder;
 *   access last   body complete: dispatch, queue the response;
 *   completed     temp files unlinked, arena freed — also for connections cut mid-upload. */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdbool.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "http/conn_limit.h"
#include "http/request.h"

/* Per connection: header block + read buffer + the answer's headers. MHD zeroes the whole pool
 * after every request (memorypool.c MHD_pool_reset), so its size is paid on every request: 64 KiB
 * was ~8 % of a memoised page's CPU (docs/perf/pages.md, pages2). 32 KiB (MHD's default) holds
 * the largest header block the builder accepts (HTTP_MAX_HEADER_BYTES, 16 KiB). */
#define CONN_MEMORY_LIMIT (32 * 1024)
#define MAX_CONNECTIONS 1024
#define DRAIN_WAIT_MS 5000 /* how long a stop waits for requests in flight */

typedef struct conn_req {
    arena *a;
    http_req rq;
    http_resp rs;
    req_builder b;
    const char *raw_uri;
    bool started, queued;
} conn_req;

static atomic_int in_flight;

/* Per-address connection limit (conn_limit.h), trusted proxies exempt: the accept policy
 * refuses an address over the limit; the connection notifications count them. The address is
 * kept in the socket context from start to close, where MHD may no longer report it. */
static enum MHD_Result accept_policy(void *cls, const struct sockaddr *addr, socklen_t addrlen)
{
    (void)cls;
    (void)addrlen;
    return conn_limit_admit(addr) ? MHD_YES : MHD_NO;
}

static void conn_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                        enum MHD_ConnectionNotificationCode toe)
{
    (void)cls;
    if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        if (!ci || !ci->client_addr)
            return;
        struct sockaddr_storage *ss = calloc(1, sizeof *ss);
        if (!ss)
            abort();
        memcpy(ss, ci->client_addr,
               ci->client_addr->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6)
                                                      : sizeof(struct sockaddr_in));
        *socket_context = ss;
        conn_limit_opened((const struct sockaddr *)ss);
    } else if (toe == MHD_CONNECTION_NOTIFY_CLOSED && *socket_context) {
        conn_limit_closed((const struct sockaddr *)*socket_context);
        free(*socket_context);
        *socket_context = NULL;
    }
}

static void *uri_log(void *cls, const char *uri, struct MHD_Connection *conn)
{
    conn_req *cr = calloc(1, sizeof *cr);
    if (!cr) {
        fprintf(stderr, "vanphong: out of memory\n");
        abort();
    }
    cr->a = arena_new();
    cr->rq.a = cr->a;
    cr->raw_uri = arena_strdup(cr->a, uri ? uri : "");
    resp_init(&cr->rs);
    atomic_fetch_add(&in_flight, 1);
    return cr;
}

static void completed(void *cls, struct MHD_Connection *conn, void **req_cls,
                      enum MHD_RequestTerminationCode toe)
{
    conn_req *cr = *req_cls;
    if (!cr)
        return;
    if (cr->started)
        reqb_cleanup(&cr->b);
    resp_free(&cr->rs);
    arena_free(&cr->a);
    free(cr);
    *req_cls = NULL;
    atomic_fetch_sub(&in_flight, 1);
}

static enum MHD_Result add_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                  const char *value)
{
    reqb_header(cls, key, value ? value : "");
    return MHD_YES;
}

static const char *client_ip(arena *a, struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    char buf[INET6_ADDRSTRLEN] = "";
    if (ci && ci->client_addr) {
        const struct sockaddr *sa = ci->client_addr;
        if (sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, buf, sizeof buf);
        else if (sa->sa_family == AF_INET6) {
            const struct in6_addr *a6 = &((const struct sockaddr_in6 *)sa)->sin6_addr;
            /* An IPv4 client of a dual-stack socket ([::]:8080) is ::ffff:a.b.c.d: shown as
             * a.b.c.d, so the trusted-proxy list, throttling and the audit trail see the
             * same address as on an IPv4 socket. */
            if (IN6_IS_ADDR_V4MAPPED(a6))
                inet_ntop(AF_INET, &a6->s6_addr[12], buf, sizeof buf);
            else
                inet_ntop(AF_INET6, a6, buf, sizeof buf);
        }
    }
    return arena_strdup(a, buf);
}

static enum MHD_Result answer(struct MHD_Connection *conn, conn_req *cr)
{
    http_front.handler(&cr->rq, &cr->rs);
    http_resp *rs = &cr->rs;
    struct MHD_Response *resp;
    if (rs->file_fd >= 0) {
        resp = MHD_create_response_from_fd64((uint64_t)rs->file_size, rs->file_fd);
        if (resp)
            rs->file_fd = -1; /* MHD closes it */
    } else if (rs->body.len > 0) {
        size_t n = rs->body.len;
        resp = MHD_create_response_from_buffer(n, sb_steal(&rs->body), MHD_RESPMEM_MUST_FREE);
    } else {
        resp = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    }
    if (!resp)
        return MHD_NO;
    for (size_t i = 0; i < rs->headers.n; i++) {
        const kv *h = &rs->headers.v[i];
        /* MHD computes the framing headers itself. */
        if (strcasecmp(h->name, "Content-Length") == 0 ||
            strcasecmp(h->name, "Transfer-Encoding") == 0 || strcasecmp(h->name, "Connection") == 0)
            continue;
        MHD_add_response_header(resp, h->name, h->value);
    }
    enum MHD_Result r = MHD_queue_response(conn, (unsigned)rs->status, resp);
    MHD_destroy_response(resp);
    cr->queued = true;
    return r;
}

static enum MHD_Result access_cb(void *cls, struct MHD_Connection *conn, const char *url,
                                 const char *method, const char *version, const char *upload_data,
                                 size_t *upload_data_size, void **req_cls)
{
    conn_req *cr = *req_cls;
    if (!cr)
        return MHD_NO; /* uri_log always runs first */
    if (!cr->started) {
        cr->started = true;
        reqb_begin(&cr->b, &cr->rq, method, cr->raw_uri, client_ip(cr->a, conn),
                   http_front.tmp_dir);
        MHD_get_connection_values(conn, MHD_HEADER_KIND, add_header, &cr->b);
        reqb_headers_done(&cr->b);
        /* Refused on its headers alone (413 by Content-Length, 431, 414): answer now, so the
         * body is never read — MHD closes the connection after this answer. */
        if (cr->rq.error_status) {
            reqb_end(&cr->b);
            return answer(conn, cr);
        }
        return MHD_YES;
    }
    if (*upload_data_size > 0) {
        /* MHD accepts a response only once the body is complete; a request refused mid-body
         * (an upload over its limit) is read to the end and dropped by the builder. */
        if (!cr->queued)
            reqb_body(&cr->b, upload_data, *upload_data_size);
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (cr->queued)
        return MHD_YES;
    reqb_end(&cr->b);
    return answer(conn, cr);
}

int http_parse_listen(const char *s, struct sockaddr_storage *ss)
{
    const char *colon = strrchr(s, ':');
    if (!colon || colon == s || colon - s >= 64)
        return -1;
    char host[64];
    memcpy(host, s, (size_t)(colon - s));
    host[colon - s] = 0;
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (*end || end == colon + 1 || port < 0 || port > 65535)
        return -1;
    memset(ss, 0, sizeof *ss);
    size_t hl = strlen(host);
    if (host[0] == '[') {
        /* [ADDR6]: the brackets of RFC 3986, so the port's colon is not read as the address's. */
        if (hl < 3 || host[hl - 1] != ']')
            return -1;
        host[hl - 1] = 0;
        struct sockaddr_in6 *sa6 = (struct sockaddr_in6 *)ss;
        sa6->sin6_family = AF_INET6;
        sa6->sin6_port = htons((uint16_t)port);
        return inet_pton(AF_INET6, host + 1, &sa6->sin6_addr) == 1 ? 0 : -1;
    }
    struct sockaddr_in *sa = (struct sockaddr_in *)ss;
    sa->sin_family = AF_INET;
    sa->sin_port = htons((uint16_t)port);
    if (strcmp(host, "localhost") == 0)
        strcpy(host, "127.0.0.1");
    return inet_pton(AF_INET, host, &sa->sin_addr) == 1 ? 0 : -1;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

int http_serve(const struct sockaddr_storage *sa, const char *label, unsigned threads,
               void (*on_ready)(void), void (*on_stop)(void))
{
    return http_serve_tls(sa, label, threads, on_ready, on_stop, NULL, NULL);
}

int http_serve_tls(const struct sockaddr_storage *sa, const char *label, unsigned threads,
                   void (*on_ready)(void), void (*on_stop)(void), const char *cert_pem,
                   const char *key_pem)
{
    bool tls = cert_pem && key_pem;
    if (tls && MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
        fprintf(stderr, "vanphong serve: this libmicrohttpd has no TLS (GnuTLS) support\n");
        return 1;
    }
    /* TLS options as an array, so the one MHD_start_daemon call serves both. */
    struct MHD_OptionItem tls_opts[] = {
        {tls ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, 0, (void *)cert_pem},
        {MHD_OPTION_HTTPS_MEM_KEY, 0, (void *)key_pem},
        {MHD_OPTION_END, 0, NULL},
    };
    /* Worker threads inherit this mask, so the stop signals reach only sigwait below. */
    signal(SIGPIPE, SIG_IGN);
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);

    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG;
    if (tls)
        flags |= MHD_USE_TLS;
    flags |= MHD_is_feature_supported(MHD_FEATURE_EPOLL) == MHD_YES ? MHD_USE_EPOLL : MHD_USE_POLL;
    /* IPv6: dual stack, so "[::]:8080" also takes IPv4 clients (as ::ffff:a.b.c.d). */
    if (sa->ss_family == AF_INET6)
        flags |= MHD_USE_DUAL_STACK;
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, 0, accept_policy, NULL, access_cb, NULL, MHD_OPTION_SOCK_ADDR,
        (const struct sockaddr *)sa, MHD_OPTION_THREAD_POOL_SIZE, threads,
        MHD_OPTION_URI_LOG_CALLBACK, uri_log, NULL, MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
        MHD_OPTION_NOTIFY_CONNECTION, conn_notify, NULL, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)HTTP_CONN_TIMEOUT_S, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
        (size_t)CONN_MEMORY_LIMIT, MHD_OPTION_CONNECTION_LIMIT, (unsigned)MAX_CONNECTIONS,
        MHD_OPTION_ARRAY, tls_opts, MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "vanphong serve: cannot listen on %s: %s\n", label, strerror(errno));
        return 1;
    }
    if (on_ready)
        on_ready();
    /* Port 0 asks the kernel for a free port: read back the one it gave. */
    const union MHD_DaemonInfo *li = MHD_get_daemon_info(d, MHD_DAEMON_INFO_LISTEN_FD);
    struct sockaddr_storage bound = *sa;
    socklen_t blen = sizeof bound;
    if (li)
        getsockname(li->listen_fd, (struct sockaddr *)&bound, &blen);
    char host[INET6_ADDRSTRLEN];
    unsigned port;
    bool v6 = bound.ss_family == AF_INET6;
    if (v6) {
        const struct sockaddr_in6 *b6 = (const struct sockaddr_in6 *)&bound;
        inet_ntop(AF_INET6, &b6->sin6_addr, host, sizeof host);
        port = ntohs(b6->sin6_port);
    } else {
        const struct sockaddr_in *b4 = (const struct sockaddr_in *)&bound;
        inet_ntop(AF_INET, &b4->sin_addr, host, sizeof host);
        port = ntohs(b4->sin_port);
    }
    /* Tests, bench/run.sh and service managers wait for this line: the same in every language. */
    printf("vanphong: listening on %s://%s%s%s:%u/\n", tls ? "https" : "http", v6 ? "[" : "", host,
           v6 ? "]" : "", port);
    fflush(stdout);

    int sig = 0;
    while (sigwait(&stop, &sig) != 0)
        ;
    /* Stop accepting, let the requests in flight finish, then close everything. */
    MHD_socket ls = MHD_quiesce_daemon(d);
    if (ls != MHD_INVALID_SOCKET)
        close(ls);
    for (int waited = 0; atomic_load(&in_flight) > 0 && waited < DRAIN_WAIT_MS; waited += 20)
        sleep_ms(20);
    MHD_stop_daemon(d);
    if (on_stop)
        on_stop();
    return 0;
}
