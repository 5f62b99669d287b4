#ifndef VP_SEARCH_SQL_H
#define VP_SEARCH_SQL_H
/* SQL shared by the search service files (search.c, search_state.c). Not a contract for other
 * modules.
 *
 * The visibility rule of incoming.h and outgoing.h as one condition over `d` (a search_docs
 * row). Bound values: ?1 user id, ?2 1 when the caller's scope is every unit, ?3 the scope's
 * unit ids as a JSON array, ?4 1 when the role may see secret documents in scope
 * (secrecy_leader_may_see), ?5 1 for a clerk (outgoing: clerks in scope see secret ones).
 * search_bind_visibility binds the five.
 *
 * search_docs keeps each document's unit and secrecy in step by triggers in the same
 * transaction as the document's change, so the rule starts from them: a non-secret document
 * of a unit in scope is visible under both rules. The other branches repeat the rules (incoming:
 * IN_VISIBLE_SQL of docs/incoming_impl.h; outgoing: outgoing_visible in docs/outgoing.c);
 * test_search.c checks them against incoming_may_see and outgoing_may_see for every user and
 * document of its fixture. */
#include "web/ctx.h"
#include "db/db.h"

#define SEARCH_SCOPE(col) "(?2 = 1 OR " col " IN (SELECT value FROM json_each(?3)))"

/* Kept out of clang-format, which cannot lay out string pieces between macro calls. */
/* clang-format off */
#define SEARCH_IN_RULE                                                                             \
    "((i.secrecy = 0 AND (" SEARCH_SCOPE("i.unit_id")                                              \
    " OR EXISTS (SELECT 1 FROM incoming_assignments va WHERE va.incoming_id = i.id"                \
    " AND va.status <> 'cancelled' AND (va.to_user_id = ?1 OR " SEARCH_SCOPE("va.to_unit_id")      \
    ")))) OR (i.secrecy > 0 AND (i.registered_by = ?1"                                             \
    " OR EXISTS (SELECT 1 FROM incoming_assignments va WHERE va.incoming_id = i.id"                \
    " AND va.status <> 'cancelled' AND va.to_user_id = ?1)"                                        \
    " OR (?4 = 1 AND (" SEARCH_SCOPE("i.unit_id")                                                  \
    " OR EXISTS (SELECT 1 FROM incoming_assignments va WHERE va.incoming_id = i.id"                \
    " AND va.status <> 'cancelled' AND va.to_unit_id IS NOT NULL"                                  \
    " AND " SEARCH_SCOPE("va.to_unit_id") "))))))"
/* clang-format on */

#define SEARCH_OUT_RULE                                                                            \
    "(o.drafted_by = ?1 OR o.approved_by = ?1 OR o.signed_by = ?1 OR o.signer_id = ?1"             \
    " OR o.issued_by = ?1 OR (" SEARCH_SCOPE(                                                      \
        "o.unit_id") " AND (o.secrecy = 0 OR ?5 = 1 OR ?4 = 1)))"

/* A non-secret document outside the scope is visible only through a live assignment (to the
 * user or a unit in scope) or, outgoing, through a part the user played: so the common case
 * costs one index probe and no read of the document itself (at 1M documents a ward clerk's
 * search tests tens of thousands of other units' matches). Secret ones take the full rules,
 * each in an EXISTS ending in `LIMIT 1 OFFSET 0`: nothing to SQLite, but PostgreSQL then keeps
 * it a subquery of the row (one primary-key look-up) instead of hashing every record the rule
 * lets through, once a statement — at 1M documents, the first secret row a search met cost a
 * scan of all of incoming (0.5 s), and the office leader's date-sorted search took 1.4 s. */
/* clang-format off */
#define SEARCH_VISIBLE                                                                             \
    "((d.secrecy = 0 AND (" SEARCH_SCOPE("d.unit_id")                                              \
    " OR (d.kind = 'in' AND EXISTS (SELECT 1"                                                      \
    " FROM incoming_assignments va WHERE va.incoming_id = d.doc_id AND va.status <> 'cancelled'"   \
    " AND (va.to_user_id = ?1 OR " SEARCH_SCOPE("va.to_unit_id") ")))"                             \
    " OR (d.kind = 'out' AND EXISTS (SELECT 1 FROM outgoing o WHERE o.id = d.doc_id"               \
    " AND (o.drafted_by = ?1 OR o.approved_by = ?1 OR o.signed_by = ?1 OR o.signer_id = ?1"        \
    " OR o.issued_by = ?1)))))"                                                                    \
    " OR (d.secrecy > 0 AND ((d.kind = 'in' AND EXISTS (SELECT 1 FROM incoming i WHERE i.id ="     \
    " d.doc_id AND " SEARCH_IN_RULE " LIMIT 1 OFFSET 0))"                                          \
    " OR (d.kind = 'out' AND EXISTS (SELECT 1 FROM outgoing o WHERE o.id = d.doc_id AND "          \
    SEARCH_OUT_RULE " LIMIT 1 OFFSET 0)))))"
/* clang-format on */

/* The filters of search_filter: ?7 kind, ?8 doc_type, ?9 unit id, ?10 from, ?11 to,
 * ?12 secrecy, ?13 status, ?14 year; NULL = no filter. */
#define SEARCH_FILTERS                                                                             \
    " AND (?7 IS NULL OR d.kind = ?7) AND (?8 IS NULL OR d.doc_type = ?8)"                         \
    " AND (?9 IS NULL OR d.unit_id = ?9) AND (?10 IS NULL OR d.sort_date >= ?10)"                  \
    " AND (?11 IS NULL OR d.sort_date <= ?11) AND (?12 IS NULL OR d.secrecy = ?12)"                \
    " AND (?13 IS NULL OR d.status = ?13) AND (?14 IS NULL OR d.year = ?14)"

/* Matches (?6 the MATCH expression) that pass the filters and the visibility rule. */
#define SEARCH_FROM_WHERE                                                                          \
    " FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid"                               \
    " WHERE search_fts MATCH ?6" SEARCH_FILTERS " AND " SEARCH_VISIBLE

/* Binds ?1..?5 of SEARCH_VISIBLE for c->user. */
void search_bind_visibility(ctx *c, db_stmt *s);

#endif
