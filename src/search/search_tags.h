#ifndef VP_SEARCH_SEARCH_TAGS_H
#define VP_SEARCH_SEARCH_TAGS_H
/* The tags column of the SQLite index (issue 17): the scope and filter values of each document
 * as tokens of its own FTS5 row, so that a clerk who sees one ward's documents, or a search
 * filtered by year, type or dates, is answered by FTS5 intersecting doclists instead of
 * reading and rejecting the rows of everybody else's matches. Not a contract for other modules.
 *
 * A document's tags (fts5_vi.h: FTS5_VI_TAG before each):
 *   u<unit>   its owning unit, and every unit a live assignment sends it to;
 *   p<user>   every user a live assignment sends it to, who registered it (incoming), who
 *             drafted, approved, signed or issued it (outgoing);
 *   y<year>, m<yyyymm> of its sort date, k<in|out>, t<doc type, spaces as _>.
 * So every branch of SEARCH_VISIBLE that can show a document to a caller of a few units is
 * one of "u<a unit of her scope>" or "p<her id>". Tags are written from search_docs and the
 * tables above whenever the row is (re)indexed; what they come from does not change without the
 * row being marked dirty in the same transaction (020_search.sql: a change of type, anything of
 * an outgoing document; 060_search_tags.sql: an assignment), and a search re-indexes dirty rows
 * before it runs (search_sync). They are only ever a pre-filter: every row the tagged scan
 * returns still passes SEARCH_FILTERS and SEARCH_VISIBLE, so a tag can never show a document;
 * a stale one could only hide it until its row is re-indexed. */
#include "base/strbuf.h"
#include "search/search_scan.h"

/* The tags text of the search_docs row `d`, in SQL (the indexer and the index's upgrade).
 * Kept out of clang-format, which cannot lay out string pieces between macro calls. */
/* clang-format off */
#define SEARCH_TAG_(k) "' ' || char(1) || '" k "' || "
#define SEARCH_TAGS_OF_D                                                                           \
    "(char(1) || 'u' || d.unit_id || "                                                             \
    SEARCH_TAG_("y") "d.year || "                                                                  \
    SEARCH_TAG_("m") "substr(d.sort_date, 1, 4) || substr(d.sort_date, 6, 2) || "                  \
    SEARCH_TAG_("k") "d.kind || "                                                                  \
    SEARCH_TAG_("t") "replace(d.doc_type, ' ', '_')"                                              \
    " || coalesce((SELECT group_concat(" SEARCH_TAG_("u") "va.to_unit_id, '')"                    \
    " FROM incoming_assignments va WHERE d.kind = 'in' AND va.incoming_id = d.doc_id"              \
    " AND va.status <> 'cancelled' AND va.to_unit_id IS NOT NULL), '')"                            \
    " || coalesce((SELECT group_concat(" SEARCH_TAG_("p") "va.to_user_id, '')"                    \
    " FROM incoming_assignments va WHERE d.kind = 'in' AND va.incoming_id = d.doc_id"              \
    " AND va.status <> 'cancelled' AND va.to_user_id IS NOT NULL), '')"                            \
    " || coalesce((SELECT " SEARCH_TAG_("p") "i.registered_by FROM incoming i"                     \
    " WHERE d.kind = 'in' AND i.id = d.doc_id), '')"                                               \
    " || coalesce((SELECT coalesce(" SEARCH_TAG_("p") "o.drafted_by, '')"                          \
    " || coalesce(" SEARCH_TAG_("p") "o.approved_by, '')"                                         \
    " || coalesce(" SEARCH_TAG_("p") "o.signed_by, '')"                                           \
    " || coalesce(" SEARCH_TAG_("p") "o.signer_id, '')"                                           \
    " || coalesce(" SEARCH_TAG_("p") "o.issued_by, '')"                                           \
    " FROM outgoing o WHERE d.kind = 'out' AND o.id = d.doc_id), ''))"
/* clang-format on */

/* The months of a date filter as month numbers (year * 12 + month - 1), first and last: true
 * when both ends are given and they span SEARCH_TAG_MONTHS_MAX months at most (a longer
 * range is left to the row test). The month tags "m<yyyymm>" of both stores' scans. */
#define SEARCH_TAG_MONTHS_MAX 36
bool search_tag_months(const char *from, const char *to, int *first_r, int *last_r);

/* The tags of a query in one of the two stores' syntaxes: FTS5 ("\x01u34", AND, OR) for
 * search_fts's tags column, tsquery ('\x01u34', &, |) for PostgreSQL's vectors. */
typedef struct {
    char quote;
    const char *and_, *or_;
} search_tag_syntax;
extern const search_tag_syntax search_tags_fts5, search_tags_tsquery;

/* One tag, its value's spaces as '_' (as SEARCH_TAGS_OF_D writes doc types). */
void search_tag_write(strbuf *b, const search_tag_syntax *s, char kind, const char *value);
void search_tag_write_int(strbuf *b, const search_tag_syntax *s, char kind, int64_t v);

/* The filters' tags, each after s->and_ ("" when no filter can be tagged): unit, year, kind,
 * type (left out when its value holds a quote or a backslash) and the months of a date range
 * (search_tag_months). */
void search_tag_filters(strbuf *b, const search_tag_syntax *s, const search_filter *f);

/* The scan of search.c's q_scan (same rows, order and cut) with the caller's scope and the
 * filters ANDed to the MATCH as tags. 1 done; 0 when nothing can be tagged (no filter, and a
 * scope over every unit or too many of them); -1 on a store failure. */
int search_scan_tagged(ctx *c, const char *match, const search_filter *f, scan *sc);

#endif
