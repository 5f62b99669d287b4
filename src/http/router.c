/* The route table (router.h). Patterns are split into segments once, at registration; a
 * lookup walks the table (a few hundred routes at most) comparing segments. When several
 * patterns match one path ("/org/units/new" and "/org/units/{id}"), the one with a literal
 * segment where the other has a parameter wins, whatever the registration order. */
#include "http/router.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROUTE_MAX_SEGS 16

typedef struct route {
    char method[16];
    char *source;  /* the pattern as registered (route_at) */
    char *pattern; /* malloc'd copy, cut into segments in place */
    const char *seg[ROUTE_MAX_SEGS];
    size_t seg_len[ROUTE_MAX_SEGS]; /* strlen(seg[i]), kept: a lookup compares every route */
    bool is_param[ROUTE_MAX_SEGS];
    int nseg;
    handler_fn fn;
    unsigned flags;
} route;

static route *routes;
static size_t n_routes, cap_routes;

/* Beside each route, what rules most of them out in two bytes: its number of segments and the
 * first byte of its first segment (0 for a parameter). A lookup walks these first; walking the
 * routes themselves (~300 bytes each, 600 of them) was a cache miss per route on every
 * request (docs/perf/pages.md, pages2). */
typedef struct route_key {
    unsigned char nseg;
    char c0;
} route_key;
static route_key *keys;

static void die(const char *why, const char *pattern)
{
    fprintf(stderr, "vanphong: route %s: %s\n", pattern, why);
    abort();
}

void route_add(const char *method, const char *pattern, handler_fn fn, unsigned flags)
{
    if (strlen(method) >= sizeof routes->method || pattern[0] != '/')
        die("bad method or pattern", pattern);
    if (n_routes == cap_routes) {
        cap_routes = cap_routes ? cap_routes * 2 : 64;
        routes = realloc(routes, cap_routes * sizeof *routes);
        keys = realloc(keys, cap_routes * sizeof *keys);
        if (!routes || !keys)
            die("out of memory", pattern);
    }
    route *r = &routes[n_routes];
    memset(r, 0, sizeof *r);
    snprintf(r->method, sizeof r->method, "%s", method);
    r->pattern = strdup(pattern);
    r->source = strdup(pattern);
    if (!r->pattern || !r->source)
        die("out of memory", pattern);
    r->fn = fn;
    r->flags = flags;
    char *p = r->pattern + 1;
    while (*p) {
        if (r->nseg == ROUTE_MAX_SEGS)
            die("too many segments", pattern);
        char *slash = strchr(p, '/');
        if (slash)
            *slash = 0;
        size_t n = strlen(p);
        if (n == 0)
            die("empty segment", pattern);
        if (p[0] == '{') {
            if (n < 3 || p[n - 1] != '}')
                die("bad parameter", pattern);
            p[n - 1] = 0;
            r->is_param[r->nseg] = true;
            r->seg_len[r->nseg] = n - 2;
            r->seg[r->nseg++] = p + 1;
        } else {
            r->seg_len[r->nseg] = n;
            r->seg[r->nseg++] = p;
        }
        if (!slash)
            break;
        p = slash + 1;
        if (!*p)
            die("trailing slash", pattern);
    }
    keys[n_routes] =
        (route_key){(unsigned char)r->nseg, r->nseg > 0 && !r->is_param[0] ? r->seg[0][0] : 0};
    n_routes++;
}

void route_clear(void)
{
    for (size_t i = 0; i < n_routes; i++) {
        free(routes[i].pattern);
        free(routes[i].source);
    }
    free(routes);
    routes = NULL;
    free(keys);
    keys = NULL;
    n_routes = cap_routes = 0;
}

/* Splits path into segments (pointers into a copy); -1 when it has too many, an empty
 * segment, or does not start with '/'. "/" has no segment. */
static int split(const char *path, const char **seg, size_t *len)
{
    if (path[0] != '/')
        return -1;
    if (path[1] == 0)
        return 0;
    int n = 0;
    const char *p = path + 1;
    for (;;) {
        if (n == ROUTE_MAX_SEGS)
            return -1;
        const char *slash = strchr(p, '/');
        size_t l = slash ? (size_t)(slash - p) : strlen(p);
        if (l == 0)
            return -1;
        seg[n] = p;
        len[n++] = l;
        if (!slash)
            return n;
        p = slash + 1;
    }
}

/* How well r matches: -1 for no match, else a score where literal segments earlier in the
 * path weigh more than later ones. */
static long score(const route *r, int n, const char **seg, const size_t *len)
{
    if (r->nseg != n)
        return -1;
    long s = 0;
    for (int i = 0; i < n; i++) {
        s <<= 1;
        if (r->is_param[i])
            continue;
        if (r->seg_len[i] != len[i] || memcmp(r->seg[i], seg[i], len[i]) != 0)
            return -1;
        s |= 1;
    }
    return s;
}

handler_fn route_match(http_req *rq, unsigned *flags_r, bool *method_mismatch_r)
{
    const char *seg[ROUTE_MAX_SEGS];
    size_t len[ROUTE_MAX_SEGS];
    *method_mismatch_r = false;
    if (flags_r)
        *flags_r = 0;
    int n = split(rq->path ? rq->path : "", seg, len);
    if (n < 0)
        return NULL;
    /* HEAD is GET without the body (the front ends drop it). */
    const char *method = strcmp(rq->method, "HEAD") == 0 ? "GET" : rq->method;
    const route *best = NULL;
    long best_score = -1;
    char c0 = n > 0 ? seg[0][0] : 0;
    for (size_t i = 0; i < n_routes; i++) {
        if (keys[i].nseg != n || (keys[i].c0 && keys[i].c0 != c0))
            continue; /* score() would say -1 */
        long s = score(&routes[i], n, seg, len);
        if (s < 0)
            continue;
        if (strcmp(routes[i].method, method) != 0) {
            *method_mismatch_r = true;
            continue;
        }
        if (s > best_score) {
            best = &routes[i];
            best_score = s;
        }
    }
    if (!best)
        return NULL;
    *method_mismatch_r = false;
    rq->params.n = 0;
    for (int i = 0; i < n; i++)
        if (best->is_param[i])
            kv_add(rq->a, &rq->params, best->seg[i], seg[i], len[i]);
    if (flags_r)
        *flags_r = best->flags;
    rq->route_id = (int)(best - routes) + 1;
    return best->fn;
}

/* Appends m to the comma-separated list in buf unless it is there already. */
static void add_method(char *buf, size_t cap, const char *m)
{
    size_t n = strlen(m), len = strlen(buf);
    for (const char *p = buf; *p;) {
        const char *comma = strstr(p, ", ");
        size_t l = comma ? (size_t)(comma - p) : strlen(p);
        if (l == n && memcmp(p, m, n) == 0)
            return;
        p = comma ? comma + 2 : p + l;
    }
    if (len + n + 3 > cap)
        return;
    snprintf(buf + len, cap - len, "%s%s", len ? ", " : "", m);
}

int route_allowed(const char *path, char *buf, size_t cap)
{
    const char *seg[ROUTE_MAX_SEGS];
    size_t len[ROUTE_MAX_SEGS];
    if (cap)
        buf[0] = 0;
    int n = split(path ? path : "", seg, len), found = 0;
    if (n < 0)
        return 0;
    /* In a fixed order, whatever the registration order. */
    static const char *const order[] = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"};
    for (size_t k = 0; k < sizeof order / sizeof order[0]; k++)
        for (size_t i = 0; i < n_routes; i++) {
            if (score(&routes[i], n, seg, len) < 0)
                continue;
            found += k == 0;
            const char *m = routes[i].method;
            if (strcmp(m, order[k]) == 0 || (k == 1 && strcmp(m, "GET") == 0))
                add_method(buf, cap, order[k]);
        }
    return found;
}

bool route_at(size_t i, const char **method_r, const char **pattern_r, unsigned *flags_r)
{
    if (i >= n_routes)
        return false;
    *method_r = routes[i].method;
    *pattern_r = routes[i].source;
    if (flags_r)
        *flags_r = routes[i].flags;
    return true;
}
