#ifndef VP_INCOMING_IMPL_H
#define VP_INCOMING_IMPL_H
/* Internals shared by the incoming side's files (incoming.c, routing.c, inbox.c, notify.c,
 * followup.c, register_in.c, dashboard.c, incoming_api.c, incoming_web.c). Not a contract for
 * other modules: use incoming.h, inbox.h, notify.h. */
#include "docs/incoming.h"

/* The visibility rule of incoming.h as an SQL condition over `i` (an incoming row). Every
 * statement using it binds ?1 user id, ?2 1 when the caller's scope is every unit, ?3 the
 * scope's unit ids as a JSON array, ?4 1 when the caller's role may see secret documents
 * (secrecy_leader_may_see); its own values start at ?5. in_vis_bind binds the four. */
#define IN_SCOPE_SQL(col) "(?2 = 1 OR " col " IN (SELECT value FROM json_each(?3)))"
#define IN_VISIBLE_SQL                                                                             \
    "((i.secrecy = 0 AND (" IN_SCOPE_SQL(                                                          \
        "i.unit_id") " OR EXISTS (SELECT 1 FROM incoming_assignments va WHERE va.incoming_id = "   \
                     "i.id"                                                                        \
                     " AND va.status <> 'cancelled' AND (va.to_user_id = ?1 OR " IN_SCOPE_SQL(     \
                         "va.to_unit_id") ")))) OR (i.secrecy > 0 AND (i.registered_by = ?1"       \
                                          " OR EXISTS (SELECT 1 FROM incoming_assignments va "     \
                                          "WHERE va.incoming_id = i.id"                            \
                                          " AND va.status <> 'cancelled' AND va.to_user_id = ?1)"  \
                                          " OR (?4 = 1 AND (" IN_SCOPE_SQL(                        \
                                              "i.unit_id") " OR EXISTS (SELECT 1 FROM "            \
                                                           "incoming_assignments va WHERE "        \
                                                           "va.incoming_id = i.id"                 \
                                                           " AND va.status <> 'cancelled' AND "    \
                                                           "va.to_unit_id IS NOT NULL "            \
                                                           "AND " IN_SCOPE_SQL(                    \
                                                               "va.to_unit_id") "))))))"

/* Binds ?1..?4 for IN_VISIBLE_SQL. Anonymous callers bind a scope that matches nothing. */
void in_vis_bind(ctx *c, db_stmt *s);

/* The register list's statements (incoming.c), for the query-plan test that keeps each of
 * them on its index (tests/unit/test_list_plan.c). Returns how many. */
int in_list_statements(const db_query *const **qs_r);

/* Error helpers: record a message (field may be NULL) and set status/code if unset. */
void in_err_add(in_err *e, int status, const char *code, const char *field, const char *msg);
#define IN_MSG_DB "Không ghi được dữ liệu. Hãy thử lại."
/* A failed write: 507 insufficient_storage with a clear message when the disk is full (the
 * user must know the change was not saved and why), otherwise 500 internal. */
void in_err_db(ctx *c, in_err *e);

/* Today in Vietnam time, "YYYY-MM-DD" (arena), and the current UTC time as ISO text. */
const char *in_today(ctx *c);
const char *in_now_iso(ctx *c);
/* adds days to a "YYYY-MM-DD" date; arena. */
const char *in_date_add(ctx *c, const char *date, int days);
/* "YYYY-MM-DD" → "dd/mm/yyyy" (arena); NULL stays "". */
const char *in_date_vn(ctx *c, const char *iso);

/* Appends a trace event (inside the caller's transaction). 0 or -1. */
int in_event_add(db *d, int64_t incoming_id, int64_t actor_id, const char *kind,
                 int64_t assignment_id, const char *text, const char *old_due, const char *new_due,
                 const char *at);

/* True for the roles that route documents (office-leader, committee-leader). */
bool in_role_leader(enum role r);

/* The electronic queue, for the incoming pages (inbox.c). */
typedef struct inbox_row {
    int64_t id, outgoing_id, to_unit_id, from_unit_id, incoming_id;
    const char *code, *subject, *doc_type, *issued_date, *status, *arrived_at, *from_name, *to_name,
        *refused_reason;
    int secrecy, urgency;
} inbox_row;
/* Queue rows of the units the caller may register for (clerks, office-leaders), waiting ones
 * first; secret rows only to clerks and leaders. Returns the count or -1. */
int inbox_list(ctx *c, bool waiting_only, inbox_row **rows_r);
/* One row the caller may register (NULL otherwise). */
const inbox_row *inbox_get(ctx *c, int64_t id);
/* Whether the caller may see the document a queue row copies: the row is theirs to register,
 * or they may see the outgoing document (outgoing_may_see). For the audit trail, whose
 * inbox.refuse rows carry the refusal reason of possibly secret documents. */
bool inbox_doc_may_see(ctx *c, int64_t id);
/* Refuses a waiting row (status 02) with a reason; audited. 0 or -1 with *e. */
int inbox_refuse(ctx *c, int64_t id, const char *reason, in_err *e);
/* Links the queue row to its new incoming record (inside the registration's transaction). */
int inbox_link(db *d, int64_t inbox_id, int64_t incoming_id);

/* Choices for the routing forms: every active unit; active people (not admin or unit
 * accounts) of one unit (0 = all). name is "Name (Unit)" for people. */
typedef struct in_choice {
    int64_t id, unit_id;
    const char *name;
} in_choice;
int in_choice_units(ctx *c, in_choice **rows_r);
int in_choice_people(ctx *c, int64_t unit_id, in_choice **rows_r);
/* May the caller pass this unit share on to a person? */
bool incoming_may_pass(ctx *c, const in_assignment *a);

/* Route groups, called by incoming_routes(). */
void register_in_routes(void);
void dashboard_routes(void);
void incoming_api_routes(void);
void incoming_web_routes(void);
void incoming_home_routes(void);
void tasks_routes(void); /* /tasks, /api/v1/tasks (tasks.c) */

/* API/page helpers. */
void in_respond_err(ctx *c, const in_err *e);
#endif
