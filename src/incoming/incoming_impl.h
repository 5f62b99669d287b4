#ifndef VP_INCOMING_IMPL_H
#define VP_INCOMING_IMPL_H
/* Internals shared by the files of incoming/ only. Other modules use incoming.h. */
#include "incoming/incoming.h"

/* The columns and joins every read of a record uses, and the reader of one row (incoming.c). */
#define IN_COLS                                                                                    \
    "i.id, i.unit_id, un.name, i.year, i.arrival_number, i.arrival_date, i.arrived_at,"            \
    " i.channel, i.inbox_id, i.issuer_unit_id, i.issuer_name, i.code, i.code_norm,"                \
    " i.doc_type, COALESCE(dt.name, i.doc_type), i.issued_date, i.subject, i.signer, i.pages,"     \
    " i.secrecy, i.urgency, i.due_date, i.notes, i.duplicate_of, i.duplicate_reason,"              \
    " i.status, i.lead_unit_id, i.lead_user_id, COALESCE(lus.name, lun.name), i.deadline,"         \
    " i.routed_at, i.done_at, i.reply_code, i.progress, i.registered_by, rb.name"
#define IN_FROM                                                                                    \
    " FROM incoming i JOIN units un ON un.id = i.unit_id"                                          \
    " LEFT JOIN doc_types dt ON dt.code = i.doc_type"                                              \
    " LEFT JOIN users lus ON lus.id = i.lead_user_id"                                              \
    " LEFT JOIN units lun ON lun.id = i.lead_unit_id"                                              \
    " LEFT JOIN users rb ON rb.id = i.registered_by"
/* The same columns for PostgreSQL (their `pg` texts, DB_PG_SQLITE): each name a scalar
 * subquery on its key and FROM the record alone. With the five joins, PostgreSQL's join search
 * over them and the visibility rule's subqueries took 3–12 ms of planning for a list of 50
 * records that runs in under 1 ms (and a custom plan is made at every execution); a scalar
 * subquery is planned alone and run only for the rows kept. The inner join on units drops
 * nothing: incoming.unit_id is NOT NULL and references units. */
#define IN_COLS_PG                                                                                 \
    "i.id, i.unit_id, (SELECT un.name FROM units un WHERE un.id = i.unit_id), i.year,"             \
    " i.arrival_number, i.arrival_date, i.arrived_at, i.channel, i.inbox_id, i.issuer_unit_id,"    \
    " i.issuer_name, i.code, i.code_norm, i.doc_type,"                                             \
    " COALESCE((SELECT dt.name FROM doc_types dt WHERE dt.code = i.doc_type), i.doc_type),"        \
    " i.issued_date, i.subject, i.signer, i.pages, i.secrecy, i.urgency, i.due_date, i.notes,"     \
    " i.duplicate_of, i.duplicate_reason, i.status, i.lead_unit_id, i.lead_user_id,"               \
    " COALESCE((SELECT lus.name FROM users lus WHERE lus.id = i.lead_user_id),"                    \
    " (SELECT lun.name FROM units lun WHERE lun.id = i.lead_unit_id)), i.deadline,"                \
    " i.routed_at, i.done_at, i.reply_code, i.progress, i.registered_by,"                          \
    " (SELECT rb.name FROM users rb WHERE rb.id = i.registered_by)"
#define IN_FROM_PG " FROM incoming i"
void in_row_read(ctx *c, db_stmt *s, incoming *r, const char *today);

/* The list's filter from the query string (from, to, q, status, urgency, unit_id, overdue,
 * mine; one page of IN_PAGE from the start), read strictly (web/params.h): 0, or -1 after
 * adding to e what it could not read (the filter then holds what it could). */
extern const char *const in_statuses[]; /* registered, assigned, done, recalled */
int in_filter_from_query(ctx *c, in_filter *f, web_err *e);

/* The register list's statements (incoming.c), for the query-plan test that keeps each of
 * them on its index (tests/unit/test_list_plan.c). Returns how many. */
int in_list_statements(const db_query *const **qs_r);

/* Sets exchange's recall hook (incoming_recall.c); incoming_routes() calls it. */
void incoming_recall_init(void);

/* Route groups, called by incoming_routes(). */
void incoming_api_routes(void);
void incoming_web_routes(void);
void incoming_home_routes(void);
/* /incoming/inbox/{id}: a queued document and its files, before registering (incoming_inbox.c). */
void incoming_inbox_routes(void);

#endif
