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
 *   assign    — office-leader or committee-leader with the receiving unit in scope.
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

#define IN_MAX_SUBJECT 2000
#define IN_MAX_ISSUER 300
#define IN_MAX_CODE 100
#define IN_MAX_SIGNER 200
#define IN_MAX_NOTE 4000
#define IN_MAX_CO 50 /* co-handlers in one routing */
#define IN_PAGE 50   /* rows per list page */
#define IN_MAX_PAGE 500

/* What went wrong: status 400 invalid input (field names the input), 404 not found or not
 * visible, 403 visible but not allowed, 409 conflict (code "duplicate" with existing_id, or
 * "invalid_state"), 500 store failure. Messages are Vietnamese (static or arena strings). */
#define IN_MAX_ERRORS 12
typedef struct in_err {
    int status;
    const char *code;    /* "invalid_input", "not_found", "forbidden", "duplicate", … */
    int64_t existing_id; /* for "duplicate": the visible record already registered */
    int n;
    struct {
        const char *field, *message;
    } e[IN_MAX_ERRORS];
} in_err;
const char *in_err_message(const in_err *e);                  /* the first message */
const char *in_err_field(const in_err *e, const char *field); /* message for field or NULL */

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
int64_t incoming_register(ctx *c, const in_new *in, int64_t *arrival_number_r, in_err *e);

/* The same, plus the uploaded files (the paper scan) added through attach_add in the same
 * transaction: no record without its files, no file row without its record. */
int64_t incoming_register_with_files(ctx *c, const in_new *in, const http_upload *ups, int n_ups,
                                     int64_t *arrival_number_r, in_err *e);
/* The same inside the caller's open write transaction (bulk import: many registrations per
 * transaction). On -1 the caller rolls back (the transaction, or a savepoint around the call). */
int64_t incoming_register_in_tx(ctx *c, const in_new *in, const http_upload *ups, int n_ups,
                                int64_t *arrival_number_r, in_err *e);
/* Adds one file to a visible record the caller may change (registering clerk, leaders, holders).
 * Returns the attachment id or -1 with *e (status from attach_add: 400/413/415). */
int64_t incoming_attach(ctx *c, int64_t id, const http_upload *u, in_err *e);

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

/* ---- routing ---------------------------------------------------------------------------- */

typedef struct in_target {
    int64_t unit_id, user_id; /* exactly one > 0 */
} in_target;

typedef struct in_assign {
    int64_t from_assignment_id; /* > 0: pass on a unit's share to a person (lead.user_id) */
    in_target lead;
    in_target co[IN_MAX_CO];
    int n_co;
    const char *due_date;    /* "YYYY-MM-DD"; NULL = the document's own due date, if any */
    const char *instruction; /* ý kiến chỉ đạo */
} in_assign;
/* Routes a document (or passes a share on). A new lead replaces the previous open lead. The
 * handlers are notified (urgent documents say so). 0 or -1 with *e. */
int incoming_assign(ctx *c, int64_t id, const in_assign *in, in_err *e);

enum in_action { IN_PROGRESS = 0, IN_DONE, IN_EXTEND };
typedef struct in_step {
    enum in_action action;
    const char *note;         /* progress text (required for progress) */
    const char *reply_code;   /* done: the reply's number, optional */
    const char *new_due_date; /* extend */
    const char *reason;       /* extend: required */
    int64_t assignment_id;    /* 0 = the caller's own open assignment / the lead */
} in_step;
/* Records progress, completion (409 "invalid_state" when nothing is assigned to the caller)
 * or a deadline extension. 0 or -1 with *e. */
int incoming_step(ctx *c, int64_t id, const in_step *in, in_err *e);

typedef struct in_assignment {
    int64_t id, parent_id, to_unit_id, to_user_id, assigned_by;
    const char *kind, *to_name, *due_date, *instruction, *status, *assigned_at, *done_at,
        *assigned_by_name;
    bool overdue;
    bool mine; /* the caller may record progress on it */
} in_assignment;
int incoming_assignments(ctx *c, int64_t id, in_assignment **rows_r);

typedef struct in_event {
    int64_t id, assignment_id;
    const char *at, *actor_name, *kind, *text, *old_due, *new_due;
} in_event;
int incoming_trace(ctx *c, int64_t id, in_event **rows_r);

/* What the caller may do on a visible record (pages show only the forms that apply). */
bool incoming_may_assign(ctx *c, const incoming *r);
bool incoming_may_register(ctx *c);

/* JSON of a record (API): every field, plus assignments and trace when full. */
json_t *incoming_json(ctx *c, const incoming *r, bool full);

/* ---- follow-up, registers, dashboard ----------------------------------------------------- */

/* Sổ đăng ký văn bản đến (10 columns) and sổ theo dõi giải quyết (7 columns) for the arrival
 * period [from, to] (NULL = the current year), visible records of unit_id (0 = the caller's
 * unit). Cells row-major into the arena; returns the row count or -1. */
extern const char *const incoming_register_headers[10];
extern const char *const followup_headers[7];
int incoming_register_rows(ctx *c, int64_t unit_id, const char *from, const char *to,
                           const char ***cells_r);
int followup_rows(ctx *c, int64_t unit_id, const char *from, const char *to, const char ***cells_r);

/* Leaders' dashboard: per handling unit and per person, for documents arrived in [from, to]. */
typedef struct dash_row {
    int64_t id; /* unit or user id; 0 = not yet routed */
    const char *name;
    int received, in_progress, done_on_time, done_late, overdue;
} dash_row;
int dashboard_by_unit(ctx *c, const char *from, const char *to, dash_row **rows_r);
int dashboard_by_person(ctx *c, const char *from, const char *to, dash_row **rows_r);
bool dashboard_may_see(ctx *c); /* leaders and clerks */

/* Routes: /incoming…, /registers/incoming, /registers/followup, /reports, /notifications and
 * the API under /api/v1/incoming and /api/v1/registers/{incoming,followup}. Also registers the
 * home sections and the top-bar badge. */
void incoming_routes(void);

#endif
