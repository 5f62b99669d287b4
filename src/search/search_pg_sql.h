#ifndef VP_SEARCH_SEARCH_PG_SQL_H
#define VP_SEARCH_SEARCH_PG_SQL_H
/* SQL shared by the PostgreSQL search files (search_pg.c, search_pg_window.c), in the SQLite
 * dialect the driver translates (db/pg_sql.h). Not a contract for other modules. */
#include "search/search_sql.h"

/* SEARCH_FILTERS with the numbers cast: a NULL bound to `?9 IS NULL OR d.unit_id = ?9` leaves
 * PostgreSQL no type to infer but text, and bigint = text does not exist. */
#define PG_FILTERS                                                                                 \
    " AND (?7 IS NULL OR d.kind = ?7) AND (?8 IS NULL OR d.doc_type = ?8)"                         \
    " AND (CAST(?9 AS INTEGER) IS NULL OR d.unit_id = CAST(?9 AS INTEGER))"                        \
    " AND (?10 IS NULL OR d.sort_date >= ?10) AND (?11 IS NULL OR d.sort_date <= ?11)"             \
    " AND (CAST(?12 AS INTEGER) IS NULL OR d.secrecy = CAST(?12 AS INTEGER))"                      \
    " AND (?13 IS NULL OR d.status = ?13)"                                                         \
    " AND (CAST(?14 AS INTEGER) IS NULL OR d.year = CAST(?14 AS INTEGER))"

/* A JSON array of ids (org_scope_json) as a PostgreSQL array, by immutable functions only:
 * the statement is planned with the parameter's value, so the array is a constant the planner
 * estimates from its statistics and an index condition (`unit_id = ANY (…)`: one unit's 300
 * documents among 100,000 read from search_docs_unit in 0.2 ms). The driver's translation of
 * `IN (SELECT value FROM json_each(?))` lets it guess 100 values — every unit of a column of a
 * few dozen — and read the whole table (16 ms there); a stable cast (`CAST(text AS bigint[])`)
 * would be parsed again for every row it is tested on. */
#define PG_IDS(p) "ANY (CAST(string_to_array(btrim(CAST(" p " AS TEXT), '[] '), ',') AS BIGINT[]))"

/* The branches of SEARCH_VISIBLE other than "a unit of the scope owns it", each from an index:
 * a live assignment to her or to a unit in scope, a secret incoming one she registered, an
 * outgoing one she drafted, approved, signed or issued. ?1 her id, ?3 the scope as JSON. */
#define PG_OTHER_CANDIDATES                                                                        \
    "SELECT sd.id FROM incoming_assignments va JOIN search_docs sd"                                \
    " ON sd.kind = 'in' AND sd.doc_id = va.incoming_id"                                            \
    " WHERE va.to_user_id = ?1 AND va.status <> 'cancelled'"                                       \
    " UNION SELECT sd.id FROM incoming_assignments va JOIN search_docs sd"                         \
    " ON sd.kind = 'in' AND sd.doc_id = va.incoming_id"                                            \
    " WHERE va.to_unit_id = " PG_IDS(                                                              \
        "?3") " AND va.status <> 'cancelled'"                                                      \
              " UNION SELECT sd.id FROM incoming i JOIN search_docs sd ON sd.kind = 'in'"          \
              " AND sd.doc_id = i.id WHERE i.registered_by = ?1 AND i.secrecy > 0"                 \
              " UNION SELECT sd.id FROM outgoing o JOIN search_docs sd ON sd.kind = 'out'"         \
              " AND sd.doc_id = o.id WHERE o.drafted_by = ?1 OR o.approved_by = ?1 OR "            \
              "o.signed_by = ?1"                                                                   \
              " OR o.signer_id = ?1 OR o.issued_by = ?1"

#endif
