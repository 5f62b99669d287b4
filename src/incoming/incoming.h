#ifndef VP_INCOMING_H
#define VP_INCOMING_H
/* Văn bản đến (DOMAIN.md §2.2): registration with the arrival number (số đến), duplicate
 * warning, routing to a lead handler (chủ trì) and co-handlers (phối hợp) with deadlines,
 * progress and completion, deadline extension, the document's trace, overdue follow-up.
 *
 * Tables (migration 011_incoming.sql): incoming, arrival_counters, incoming_assignments,
 * incoming_events; inbox and notifications belong to inbox.h and notify.h.
 *
 * Arrival numbers: gap-free per receiving unit per calendar year in Vietnam time, one sequence
 * for paper and electronic documents, allocated in the registration's own write transaction
 * (db_begin_write = BEGIN IMMEDIATE serialises clerks), so a failed registration consumes none.
 *
 * Permissions, checked here (never in pages or API handlers):
 *   see       — incoming_may_see(): non-secret: the receiving unit in the user's scope, or the
 *               document routed to the user or to a unit in their scope. Secret (Mật and
 *               above): only the clerk who registered it, the people it was routed to, and
 *               leaders (secrecy_leader_may_see) with the receiving or a routed-to unit in
 *               scope. Not visible = 404 everywhere and no trace in lists, counts, dashboard or
 *               notifications. Opening a secret document is audited ("doc.open_secret").
 *   register  — clerks and office-leaders, for their own unit (or a unit in their scope).
 *   assign    — office-leader or committee-leader with the receiving unit in scope whose
 *               register it is: the receiving unit's scope anchor is the leader's own (a city
 *               leader reads a ward's documents but the ward's leaders route them).
 *   pass on   — a leader or unit account holding a unit's assignment (its unit in scope)
 *               passes it to a person of that unit.
 *   progress, done — the holder of an open assignment (the person, or for a unit's share a
 *               member of that unit or a leader with it in scope).
 *   extend    — the leaders who may assign.
 * Every change: db_begin_write → change → trace event → audit_log → db_commit. */
#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "web/ctx.h"
#include "web/errors.h"

#define IN_MAX_SUBJECT 2000
#define IN_MAX_ISSUER 300
#define IN_MAX_CODE 100
#define IN_MAX_SIGNER 200
#define IN_MAX_NOTE 4000
#define IN_PAGE 50 /* rows per list page */
#define IN_MAX_PAGE 500
#define IN_MAX_OFFSET 1000000 /* past it a list is read by narrowing dates, not paging */
#define IN_MAX_PAGES 999      /* số tờ of one document */

/* ---- registration ----------------------------------------------------------------------- */

typedef struct in_new {
    int64_t unit_id;         /* receiving unit; 0 = the clerk's own unit */
    int64_t inbox_id;        /* > 0: register from the electronic queue (fields default from it) */
    int64_t issuer_unit_id;  /* tác giả in the tree, or 0 … */
    const char *issuer_name; /* … an outside body as text */
    const char *code;        /* số, ký hiệu as printed: "36-HD/VPTW", "123/QĐ-UBND" */
    const char *doc_type;    /* doc_types.code */
    const char *issued_date; /* "YYYY-MM-DD", not in the future */
    const char *subject, *signer, *notes;
    int pages;            /* 0 = not given */
    const char *secrecy;  /* none|mat|toi_mat|tuyet_mat; NULL = none */
    const char *urgency;  /* normal|khan|thuong_khan|hoa_toc|hoa_toc_hen_gio; NULL = normal */
    const char *due_date; /* "YYYY-MM-DD" or NULL */
    const char *duplicate_reason; /* given: register despite a duplicate */
    const char *channel; /* "paper" (default) or "electronic"; from the inbox: electronic */
} in_new;

/* Registers a document. Returns the new id and *arrival_number_r, or -1 with *e. A duplicate
 * (same receiving unit, issuer, normalised number and issued date, visible to the caller)
 * without duplicate_reason gives 409 "duplicate" with e->existing_id. Urgent documents notify
 * the receiving unit's leaders at once. */
int64_t incoming_register(ctx *c, const in_new *in, int64_t *arrival_number_r, web_err *e);

/* The same, plus the uploaded files (the paper scan) added through attach_add in the same
 * transaction: no record without its files, no file row without its record. */
int64_t incoming_register_with_files(ctx *c, const in_new *in, const http_upload *ups, int n_ups,
                                     int64_t *arrival_number_r, web_err *e);
/* The same inside the caller's open write transaction (bulk import: many registrations per
 * transaction). On -1 the caller rolls back (the transaction, or a savepoint around the call). */
int64_t incoming_register_in_tx(ctx *c, const in_new *in, const http_upload *ups, int n_ups,
                                int64_t *arrival_number_r, web_err *e);
/* Adds one file to a visible record the caller may change (registering clerk, leaders, holders).
 * Returns the attachment id or -1 with *e (status from attach_add: 400/413/415). */
int64_t incoming_attach(ctx *c, int64_t id, const http_upload *u, web_err *e);

/* ---- reading ---------------------------------------------------------------------------- */

typedef struct incoming {
    int64_t id, unit_id, inbox_id, issuer_unit_id, duplicate_of, registered_by;
    int year;
    int64_t arrival_number;
    const char *unit_name, *arrival_date, *arrived_at, *channel, *issuer_name, *code, *code_norm,
        *doc_type, *doc_type_name, *issued_date, *subject, *signer, *notes, *duplicate_reason,
        *status, *routed_at, *done_at, *reply_code, *progress, *due_date, *deadline,
        *registered_by_name;
    int pages, secrecy, urgency;
    int64_t lead_unit_id, lead_user_id;
    const char *lead_name; /* the lead handler: unit name or person's name; NULL */
    bool overdue;          /* open and the deadline is before today (Vietnam) */
} incoming;

/* The visibility rule of incoming.h as an SQL condition over `i` (an incoming row). Every
 * statement using it binds ?1 user id, ?2 1 when the caller's scope is every unit, ?3 the
 * scope's unit ids as a JSON array, ?4 1 when the caller's role may see secret documents
 * (secrecy_leader_may_see); its own values start at ?5. docs_vis_bind (catalog/vocab.h) binds the
 * four. */
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

/* Appends an event to a record's trace (inside the caller's transaction). 0 or -1. */
int incoming_event_add(db *d, int64_t incoming_id, int64_t actor_id, const char *kind,
                       int64_t assignment_id, const char *text, const char *old_due,
                       const char *new_due, const char *at);

bool incoming_may_see(ctx *c, int64_t id);
/* Loads a visible record (arena strings); NULL when absent or not visible. Opening a secret
 * record is audited (own write transaction) when audit_open is true. */
const incoming *incoming_get(ctx *c, int64_t id, bool audit_open);

typedef struct in_filter {
    const char *from, *to;   /* arrival date range, inclusive; NULL = open */
    const char *q;           /* substring of subject, code or issuer */
    const char *status;      /* registered|assigned|done|recalled; NULL = all */
    int urgency;             /* -1 = any */
    int64_t unit_id;         /* receiving unit, 0 = any visible */
    int64_t lead_unit_id;    /* lead handler: this unit or a person of it; 0 = any */
    bool overdue_only, mine; /* mine: open assignments held by the caller */
    int limit, offset;
} in_filter;

/* Visible records, newest first, into the arena; *total_r the visible matches, counted up to
 * IN_COUNT_CAP + 1 only (more than IN_COUNT_CAP means "more than that": 20 pages of 50, past
 * which a register is read by date filter or export; counting costs ~0.35 µs a record, and
 * 10,000 of them were most of a register page at 1M documents). -1 on error. */
#define IN_COUNT_CAP 1000
int incoming_list(ctx *c, const in_filter *f, incoming **rows_r, int64_t *total_r);
/* The same; with a text filter (q) the count tests at most IN_TEXT_EXAMINE records, and when
 * there were more *partial_r is set and *total_r is the matches among those: "at least". */
#define IN_TEXT_EXAMINE 5000
extern int in_text_examine; /* IN_TEXT_EXAMINE; a test lowers it */
int incoming_list_ex(ctx *c, const in_filter *f, incoming **rows_r, int64_t *total_r,
                     bool *partial_r);

/* Opened documents (table incoming_reads, migration 025): incoming_mark_opened records that
 * c->user has seen the document's page (a write only the first time; 0 or -1);
 * incoming_opened sets opened_r[i] for each of rows[0..n) the user has opened or registered
 * (the list draws the others in bold). 0 or -1. */
int incoming_mark_opened(ctx *c, int64_t id);
int incoming_opened(ctx *c, const incoming *rows, int n, bool *opened_r);

/* ---- handling (tasks/ writes it) ------------------------------------------------------- */

typedef struct in_assignment {
    int64_t id, parent_id, to_unit_id, to_user_id, assigned_by;
    const char *kind, *to_name, *due_date, *instruction, *status, *assigned_at, *done_at,
        *assigned_by_name;
    bool overdue;
    bool mine; /* the caller may record progress on it */
} in_assignment;
int incoming_assignments(ctx *c, int64_t id, in_assignment **rows_r);
/* An assignment's status in words: open "Đang xử lý", done "Đã xong", passed "Đã chuyển
 * tiếp", cancelled "Đã hủy"; the code when unknown. */
const char *in_assignment_status_label(const char *status);

typedef struct in_event {
    int64_t id, assignment_id;
    const char *at, *actor_name, *kind, *text, *old_due, *new_due;
} in_event;
int incoming_trace(ctx *c, int64_t id, in_event **rows_r);

/* A reply to record id was issued (outgoing_issue, inside its write transaction): its follow-up
 * closes. The handling shares belong to tasks/, which sits above this module and below
 * outgoing/; tasks sets what closing does at start-up (tasks_init: routing_close_by_reply).
 * 0 when no hook is set, else the hook's 0 or -1 (the caller rolls back). */
typedef int (*incoming_reply_fn)(ctx *c, int64_t id, const char *reply_code);
void incoming_on_reply(incoming_reply_fn fn);
int incoming_reply_issued(ctx *c, int64_t id, const char *reply_code);

/* What the caller may do on a visible record (pages show only the forms that apply). */
bool incoming_may_assign(ctx *c, const incoming *r);
bool incoming_may_register(ctx *c);

/* JSON of a record (API): every field, plus assignments and trace when full. */
json_t *incoming_json(ctx *c, const incoming *r, bool full);

/* Routes: /incoming…, /registers/incoming, /registers/followup, /reports, /notifications and
 * the API under /api/v1/incoming and /api/v1/registers/{incoming,followup}. Also registers the
 * home sections and the top-bar badge. */
void incoming_routes(void);
/* Start-up hooks: the record kind "in" (web/records.h) and the recall of a registered copy
 * (exchange.h). Idempotent; app_init calls it. */
void incoming_init(void);

#endif
