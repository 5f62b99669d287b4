#ifndef VP_SEARCH_SCAN_H
#define VP_SEARCH_SCAN_H
/* The scan of the matches, shared by search.c (q_scan, the index walked newest first) and
 * search_scope.c (the scoped scan of issue 17: a small scope's candidates merged with the
 * index's rowids). Not a contract for other modules. */
#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"
#include "search/search.h"
#include "web/ctx.h"

/* One visible match of the scan (q_scan). */
typedef struct scan_row {
    int64_t rowid;
    const char *kind, *doc_type, *sort_date;
    int64_t year, unit_id;
    bool ranked; /* exact and bm25 are the ranking's (q_scan ranks its first candidates) */
    int exact;
    double bm25;
} scan_row;

typedef struct scan {
    scan_row *v;
    int n; /* at most SEARCH_COUNT_MAX (the extra row only says the scan was cut) */
    bool cut;
    /* everybody's matches of the query per rowid (its oldest ones), when the tags' probe
     * measured it (the scan then holds only the caller's share of them); 0 when not */
    double density;
} scan;

/* Binds ?1..?14 of the search statements: the visibility of c->user, the MATCH expression
 * (?6) and the filters of f. */
void search_bind_all(ctx *c, db_stmt *s, const char *match, const search_filter *f);

/* The scan q_scan would give (same rows, order and cut), by way of the caller's candidates.
 * 1 done; 0 when q_scan is the better plan (a scope over most units or holding more than a
 * few per cent of the documents; search_plan decides in tests); -1 on a store failure. */
int search_scan_scoped(ctx *c, const char *match, const search_filter *f, scan *sc);

/* 1 when the caller's scope holds a few per cent of the documents at most (the scoped scan's
 * test; SEARCH_PLAN_SCOPED says 1 whatever the number), 0 when not, -1 on a store failure.
 * The PostgreSQL search drives its scan from the same candidates then (search_pg.c). */
int search_scope_is_small(ctx *c);

/* q_scan itself with match as the MATCH expression (search_tags.c ANDs its tags to query, the
 * user's, which ranks the first candidates). 0 or -1. */
int search_scan_index(ctx *c, const char *match, const char *query, const search_filter *f,
                      scan *sc);

/* *w = the scan row of statement s's current row: rowid, kind, doc_type, year, unit_id and
 * sort_date in columns 0..5 (every scan statement's first six), unranked. */
void search_scan_row_read(ctx *c, db_stmt *s, scan_row *w);

/* Total, cut and the four facets of a scan (search.c; the PostgreSQL path too). */
void search_facets_of_scan(ctx *c, const scan *sc, search_result *out);

#endif
