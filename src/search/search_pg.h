#ifndef VP_SEARCH_PG_H
#define VP_SEARCH_PG_H
/* Search on PostgreSQL (issue 16), shared by index.c and search.c. Not a contract for other
 * modules: search.h's API is the same on both stores.
 *
 * search_fts (pg/020_search.sql) holds two tsvectors built here from the app's own keys
 * (text/vi.h), written in tsvector text form and cast, so no PostgreSQL parser or dictionary
 * ever touches a key:
 *   folded — what the FTS5 "vi" index holds: each token's exact key and, when different, its
 *            folded key AT THE SAME POSITION. The whole query is one tsquery on it, marked
 *            terms by their exact key and unmarked ones by their folded key (rule 7), so a
 *            phrase may mix both ("văn phong") exactly as FTS5 allows. (Two separate columns
 *            could not answer such a phrase, nor an OR across them, with one static
 *            statement.)
 *   exact  — the exact keys alone: "spelled as typed" for the exact-before-folded ranking.
 * Weights say the column: A code, B subject, C issuer, D signer, doc_type and body; the issuer
 * filter restricts its terms to weight C. Positions run across the six columns with a gap, so
 * a phrase never spans two columns; tokens past position SEARCH_PG_MAX_POS are not indexed
 * (PostgreSQL would pile them all on its last position and fake phrase hits), nor keys of
 * SEARCH_PG_MAX_KEY bytes or more (PostgreSQL refuses them). */
#include <stdbool.h>

#include "search/search.h"
#include "search/search_scan.h"

/* The folded vector also holds, without a position, the first 2, 3 and 4 characters of every
 * key after this mark: a lone prefix of two to four characters ("th*", "thủy*") is one GIN
 * entry, where a partial match ('th':*) unions the entries of every word it starts — for
 * "th", the whole office — into a bitmap of the whole index, again for each window
 * (search_pg_tsquery). A longer prefix names few words and keeps the partial match. */
#define SEARCH_PG_PREFIX_MARK '\x02'
#define SEARCH_PG_PREFIX_MAX 4
#define SEARCH_PG_MAX_POS 16383
#define SEARCH_PG_MAX_KEY 2047 /* bytes: PostgreSQL's longest lexeme */

/* True when d is a PostgreSQL store (no SQLite handle). */
bool search_is_pg(db *d);

/* The exact and folded tsvector texts of the six columns (code, issuer, subject, signer,
 * doc_type, body); malloc'd, caller frees. tags (NULL: none) is a tag list in the FTS5 form
 * (search_tags.h: space-separated, FTS5_VI_TAG before each): each tag is a lexeme of `folded`
 * without a position, so a phrase never meets one, and no typed word can (a key holds letters,
 * digits and marks only). The indexer gives the owning unit's ("\x01u34"): the tagged scan
 * (search_pg.c) asks the GIN index for the query AND one of the scope's units at once. */
void search_pg_vectors(const char *const cols[6], const size_t lens[6], const char *tags,
                       char **exact_r, char **folded_r);

/* What search_pg_tsquery tells of a query beside its text. */
typedef struct {
    /* Every key of it an exact key (every word of match marked, no prefix lexeme) and no
     * weight: it then means the same on the exact vector, which holds each exact key at the
     * same positions and weights as the folded one (an unmarked word's folded key, a prefix
     * lexeme, are in the folded vector only), and ts_rank gives the same there — the exact
     * vector a quarter of the folded one's size. */
    bool exact_keys;
    /* exact_keys, a phrase and no NOT: the text with each phrase's parts ANDed, which the GIN
     * index answers without a recheck (under a NOT the words ANDed would drop rows the phrase
     * keeps). Else NULL. malloc'd. */
    char *words;
} search_pg_shape;

/* The windows of the scan (search_pg_window.c): each document's folded vector carries the tag
 * of its window of search_pg_window rowids ("\x01w" and rowid / search_pg_window) and of its
 * block of SEARCH_PG_BLOCK windows ("\x01b" and the window / SEARCH_PG_BLOCK), written by the
 * indexer (index.c) and, for an office indexed before them, by migration 064 (which spells out
 * the default sizes: change them together). Tests make the windows small to cross many. */
#define SEARCH_PG_WINDOW 8192
#define SEARCH_PG_BLOCK 16
extern int search_pg_window;

/* The scan of search_pg_run (same rows, order and cut as search.pg_scan) by windows of rowids,
 * newest first, each answered by the GIN index with the query AND its window's tags (AND the
 * caller's units when scoped and she has a few, AND the filters' tags) — all at once when
 * small (her scope holds a few documents: search_scope_is_small) or when the windows read say
 * the rest holds few matches; the newest
 * SEARCH_RANK_CANDIDATES rows ranked (scan_row.ranked). q and qe as search.pg_scan's ?6 and
 * ?16; shape (NULL: nothing known) search_pg_tsquery's of q: with its words, the GIN index
 * is given them and each row's exact vector tested on q; with exact_keys, the rows are ranked
 * on the exact vector. Only while no
 * search_docs row is dirty (a row waiting for the indexer has no tags). 0 or -1 (store). */
int search_pg_scan_windows(ctx *c, const char *q, const char *qe, const search_pg_shape *shape,
                           const search_filter *f, bool scoped, bool small, scan *sc);

/* The FTS5 MATCH expression of search_query_parse as tsquery text: on the folded column
 * (exact = false; weight 0 or 'C' to restrict every term to that column), or, exact = true,
 * the OR of the expression's positive phrases in their exact keys for the exact column (NULL
 * when there is none). malloc'd. shape (NULL: not wanted) is filled for the folded text. */
char *search_pg_tsquery(const char *match, bool exact, char weight, search_pg_shape *shape);

/* search_run's PostgreSQL path after its checks: same result shape. 0 or -1 (store). */
int search_pg_run(ctx *c, const search_filter *f, int limit, int offset, search_result *out);

#endif
