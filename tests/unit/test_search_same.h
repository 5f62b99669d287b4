#ifndef VP_TEST_SEARCH_SAME_H
#define VP_TEST_SEARCH_SAME_H
/* Two searches gave the same answer: total and its cap, whether all were ranked, the hits in
 * order, and every facet. The plan-parity tests of both stores compare each plan
 * (search.h: the index walk, the scoped candidates, the tags) with the plain one through it.
 * Header-only: include it once per test binary, after cmocka.h; `what` and `u` name the case
 * in the failure. search_or_fail: the search itself, failing the test on an error. */
#include <string.h>

#include "search/search.h"

static inline void search_same(const search_result *a, const search_result *b, const char *what,
                               int u)
{
    if (a->total != b->total || a->total_capped != b->total_capped || a->n_hits != b->n_hits ||
        a->ranked_all != b->ranked_all)
        fail_msg("%s, user %d: total %lld/%lld capped %d/%d hits %d/%d", what, u,
                 (long long)a->total, (long long)b->total, a->total_capped, b->total_capped,
                 a->n_hits, b->n_hits);
    for (int i = 0; i < a->n_hits; i++)
        if (a->hits[i].id != b->hits[i].id || strcmp(a->hits[i].kind, b->hits[i].kind) != 0)
            fail_msg("%s, user %d: hit %d is %s %lld / %s %lld", what, u, i, a->hits[i].kind,
                     (long long)a->hits[i].id, b->hits[i].kind, (long long)b->hits[i].id);
    const search_facet *fa[4] = {a->by_kind, a->by_type, a->by_year, a->by_unit};
    const search_facet *fb[4] = {b->by_kind, b->by_type, b->by_year, b->by_unit};
    int na[4] = {a->n_kind, a->n_type, a->n_year, a->n_unit};
    int nb[4] = {b->n_kind, b->n_type, b->n_year, b->n_unit};
    for (int k = 0; k < 4; k++) {
        if (na[k] != nb[k])
            fail_msg("%s, user %d: facet %d has %d/%d values", what, u, k, na[k], nb[k]);
        for (int i = 0; i < na[k]; i++)
            if (strcmp(fa[k][i].key, fb[k][i].key) != 0 || fa[k][i].count != fb[k][i].count)
                fail_msg("%s, user %d: facet %d value %d is %s %lld / %s %lld", what, u, k, i,
                         fa[k][i].key, (long long)fa[k][i].count, fb[k][i].key,
                         (long long)fb[k][i].count);
    }
}

/* search_run for a test: the result, or the test fails with the store's answer. */
static inline search_result search_or_fail(ctx *c, const search_filter *flt)
{
    search_result r;
    int status;
    const char *code, *err;
    if (search_run(c, flt, &r, &status, &code, &err) != 0)
        fail_msg("search «%s»: %d %s %s", flt->q, status, code, err);
    return r;
}

#endif
