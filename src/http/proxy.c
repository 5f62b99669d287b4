/* Trusted reverse proxies and the client address they forward (http/proxy.h). */
#include "http/proxy.h"

#include <arpa/inet.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One trusted entry: an IPv4 or IPv6 network as bytes and a prefix length. */
typedef struct net {
    int family; /* AF_INET or AF_INET6 */
    unsigned char addr[16];
    int prefix;
} net;

static net trusted[PROXY_MAX_TRUSTED];
static int n_trusted;
static pthread_once_t env_once = PTHREAD_ONCE_INIT;

/* An address into bytes; "::ffff:a.b.c.d" counts as the IPv4 address it carries. */
static bool parse_addr(const char *s, int *family_r, unsigned char out[16])
{
    if (inet_pton(AF_INET, s, out) == 1) {
        *family_r = AF_INET;
        return true;
    }
    if (inet_pton(AF_INET6, s, out) == 1) {
        static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
        if (memcmp(out, mapped, 12) == 0) {
            memmove(out, out + 12, 4);
            *family_r = AF_INET;
        } else {
            *family_r = AF_INET6;
        }
        return true;
    }
    return false;
}

/* "addr" or "addr/prefix" (spaces around it allowed). */
static bool parse_net(const char *s, size_t n, net *out)
{
    char buf[64];
    while (n && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n == 0 || n >= sizeof buf)
        return false;
    memcpy(buf, s, n);
    buf[n] = 0;
    char *slash = strchr(buf, '/');
    int prefix = -1;
    if (slash) {
        char *end;
        long p = strtol(slash + 1, &end, 10);
        if (!slash[1] || *end || p < 0 || p > 128)
            return false;
        prefix = (int)p;
        *slash = 0;
    }
    if (!parse_addr(buf, &out->family, out->addr))
        return false;
    int max = out->family == AF_INET ? 32 : 128;
    if (prefix > max)
        return false;
    out->prefix = prefix < 0 ? max : prefix;
    return true;
}

static int set_trusted(const char *list)
{
    n_trusted = 0;
    for (const char *p = list ? list : ""; *p;) {
        size_t n = strcspn(p, ",");
        net e;
        if (n > 0 && parse_net(p, n, &e)) {
            if (n_trusted < PROXY_MAX_TRUSTED)
                trusted[n_trusted++] = e;
            else
                fprintf(stderr,
                        "vanphong: VANPHONG_TRUSTED_PROXIES: more than %d entries; "
                        "the rest are ignored\n",
                        PROXY_MAX_TRUSTED);
        } else if (strspn(p, " \t") < n) {
            fprintf(stderr,
                    "vanphong: VANPHONG_TRUSTED_PROXIES: ignoring '%.*s' (not an "
                    "address or CIDR range)\n",
                    (int)n, p);
        }
        p += n;
        if (*p == ',')
            p++;
    }
    return n_trusted;
}

static void trust_from_env(void)
{
    const char *v = getenv("VANPHONG_TRUSTED_PROXIES");
    if (v && *v)
        set_trusted(v);
}

int proxy_trust(const char *list)
{
    pthread_once(&env_once, trust_from_env); /* the environment first, so this replaces it */
    return set_trusted(list);
}

static bool in_net(const net *e, int family, const unsigned char *a)
{
    if (e->family != family)
        return false;
    int full = e->prefix / 8, rest = e->prefix % 8;
    if (memcmp(e->addr, a, (size_t)full) != 0)
        return false;
    if (rest == 0)
        return true;
    unsigned char mask = (unsigned char)(0xff << (8 - rest));
    return (e->addr[full] & mask) == (a[full] & mask);
}

static bool trusted_bytes(int family, const unsigned char *a)
{
    for (int i = 0; i < n_trusted; i++)
        if (in_net(&trusted[i], family, a))
            return true;
    return false;
}

bool proxy_trusted(const char *addr)
{
    pthread_once(&env_once, trust_from_env);
    int family;
    unsigned char a[16];
    return addr && parse_addr(addr, &family, a) && trusted_bytes(family, a);
}

/* The trimmed entry of list[0..n) as an arena string, or NULL if it is not an address. */
static const char *entry_addr(arena *a, const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n == 0 || n >= INET6_ADDRSTRLEN)
        return NULL;
    char buf[INET6_ADDRSTRLEN];
    memcpy(buf, s, n);
    buf[n] = 0;
    int family;
    unsigned char bytes[16];
    return parse_addr(buf, &family, bytes) ? arena_strdup(a, buf) : NULL;
}

const char *proxy_client_ip(const http_req *rq)
{
    const char *peer = rq->client_ip;
    if (!proxy_trusted(peer))
        return peer;
    /* Every X-Forwarded-For header, in order, as one list. */
    strbuf xff = STRBUF_INIT;
    for (size_t i = 0; i < rq->headers.n; i++)
        if (strcmp(rq->headers.v[i].name, "x-forwarded-for") == 0) {
            if (xff.len)
                sb_addc(&xff, ',');
            sb_adds(&xff, rq->headers.v[i].value);
        }
    const char *client = peer;
    if (xff.len) {
        /* From the right: each trusted hop vouches for the one before it; the first address
         * that is not a trusted proxy is the client. */
        const char *list = sb_str(&xff);
        size_t end = xff.len;
        while (end > 0) {
            size_t start = end;
            while (start > 0 && list[start - 1] != ',')
                start--;
            const char *addr = entry_addr(rq->a, list + start, end - start);
            if (!addr)
                break;
            client = addr;
            if (!proxy_trusted(addr))
                break;
            end = start > 0 ? start - 1 : 0;
        }
    } else {
        const char *real = req_header(rq, "x-real-ip");
        const char *addr = real ? entry_addr(rq->a, real, strlen(real)) : NULL;
        if (addr)
            client = addr;
    }
    sb_free(&xff);
    return client;
}
