/* Per-address connection counts (conn_limit.h): a small chained hash under one mutex. The
 * table only holds addresses with live connections, so its size follows the open connections
 * (≤ the server's MAX_CONNECTIONS), never the number of addresses ever seen. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/conn_limit.h"
#include "http/http.h"
#include "http/proxy.h"

#define BUCKETS 1024

typedef struct entry {
    struct entry *next;
    unsigned char key[17]; /* family byte + 16 address bytes (IPv4-mapped IPv6 as IPv4) */
    int count;
} entry;

static entry *table[BUCKETS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/* The address as a fixed key; false for families without an address (unix sockets). */
static bool key_of(const struct sockaddr *sa, unsigned char key[17])
{
    memset(key, 0, 17);
    if (!sa)
        return false;
    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
        key[0] = 4;
        memcpy(key + 1, &in->sin_addr, 4);
        return true;
    }
    if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;
        if (IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr)) {
            key[0] = 4;
            memcpy(key + 1, in6->sin6_addr.s6_addr + 12, 4);
        } else {
            key[0] = 6;
            memcpy(key + 1, in6->sin6_addr.s6_addr, 16);
        }
        return true;
    }
    return false;
}

static size_t bucket_of(const unsigned char key[17])
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (int i = 0; i < 17; i++)
        h = (h ^ key[i]) * 16777619u;
    return h % BUCKETS;
}

static bool trusted(const unsigned char key[17])
{
    char text[INET6_ADDRSTRLEN];
    if (!inet_ntop(key[0] == 4 ? AF_INET : AF_INET6, key + 1, text, sizeof text))
        return false;
    return proxy_trusted(text);
}

static entry **find(const unsigned char key[17])
{
    entry **p = &table[bucket_of(key)];
    while (*p && memcmp((*p)->key, key, 17) != 0)
        p = &(*p)->next;
    return p;
}

bool conn_limit_admit(const struct sockaddr *sa)
{
    unsigned char key[17];
    if (!key_of(sa, key) || trusted(key))
        return true;
    pthread_mutex_lock(&lock);
    entry *e = *find(key);
    bool ok = !e || e->count < HTTP_MAX_CONN_PER_IP;
    pthread_mutex_unlock(&lock);
    return ok;
}

void conn_limit_opened(const struct sockaddr *sa)
{
    unsigned char key[17];
    if (!key_of(sa, key))
        return;
    pthread_mutex_lock(&lock);
    entry **p = find(key);
    if (!*p) {
        entry *e = calloc(1, sizeof *e);
        if (!e)
            abort();
        memcpy(e->key, key, 17);
        *p = e;
    }
    (*p)->count++;
    pthread_mutex_unlock(&lock);
}

void conn_limit_closed(const struct sockaddr *sa)
{
    unsigned char key[17];
    if (!key_of(sa, key))
        return;
    pthread_mutex_lock(&lock);
    entry **p = find(key);
    if (*p && --(*p)->count <= 0) {
        entry *e = *p;
        *p = e->next;
        free(e);
    }
    pthread_mutex_unlock(&lock);
}

int conn_limit_count(const struct sockaddr *sa)
{
    unsigned char key[17];
    if (!key_of(sa, key))
        return 0;
    pthread_mutex_lock(&lock);
    entry *e = *find(key);
    int n = e ? e->count : 0;
    pthread_mutex_unlock(&lock);
    return n;
}
