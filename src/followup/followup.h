#ifndef VP_FOLLOWUP_H
#define VP_FOLLOWUP_H
/* Follow-up of conclusions and directives (theo dõi, đôn đốc; DOMAIN-2.md §3): each clause of a
 * conclusion notice, directive, resolution or programme item becomes a task for exactly one
 * lead unit, with coordinating units and a due date or none (thường xuyên). The lead unit
 * reports progress (note, file) and completion with its reply document; the assigning office
 * confirms the completion or sends it back. Deadline extensions are records of their own
 * (old and new date, reason, decision). Reminders go out N working days before the deadline
 * and on it (a periodic sweep, idempotent); the overdue list serves the Thường trực and the
 * Chánh Văn phòng; the follow-up report counts by unit, leader or month in the four VPCP
 * buckets, as of any date.
 *
 * Status is derived, never stored: followup_status() below, from the deadline in force on the
 * as-of date, the confirmed completion date and the cancellation. The same C function is the
 * SQL function fu_status() the lists and reports aggregate with (registered on each SQLite
 * connection the first time this module reads), so a page, the API, the report and the tests
 * can never disagree. On PostgreSQL fu_status() is its SQL twin in the schema
 * (pg/057_pg_parity.sql), which test_db_pg.c compares with this function.
 *
 * Tables (migration 031_followup.sql), written only here, every change audited in its
 * transaction: followup_tasks, followup_task_units, followup_progress, followup_extensions,
 * followup_reminders. The module reads outgoing/incoming documents only through their
 * headers (a source document the caller may see; a reply document of the lead unit).
 *
 * Permissions (service layer):
 *   assign   — committee-leader, office-leader, clerk, specialist; the lead and coordinating
 *              units must lie in the assigning committee's tree and be active.
 *   see      — the assigning office's unit, the lead or a coordinating unit in the caller's
 *              scope; a secret task (secrecy > 0) only for leaders and clerks, its creator and
 *              the lead unit's accounts.
 *   report   — progress: accounts of the lead or a coordinating unit; completion and extension
 *              requests: accounts of the lead unit.
 *   confirm  — the assigning office (the roles that assign, its unit in scope): confirm, send
 *              back, cancel (cancel: leaders only).
 *   extend   — rule "followup.extend_role": committee-leader (default) or office-leader (then
 *              committee-leaders too). */
#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "web/ctx.h"
#include "web/errors.h"

#define FU_MAX_ITEMS 50     /* clauses saved from one form */
#define FU_MAX_COOP 30      /* coordinating units of one task */
#define FU_MAX_CONTENT 4000 /* bytes of a task's content */
#define FU_MAX_CLAUSE 200   /* bytes of its clause reference ("Mục 2.1") */
#define FU_MAX_TITLE 500    /* bytes of the source title shown */
#define FU_MAX_NOTE 4000    /* a progress note, a reason */
#define FU_MAX_LIST 500     /* rows of a list page */
#define FU_DUE_SOON_DAYS 3  /* "due within 3 working days" list (ANCHORS.md, provinces) */

enum fu_status {
    FU_NOT_DUE,       /* chưa đến hạn: due after the report's horizon */
    FU_IN_TIME,       /* đang thực hiện, trong hạn */
    FU_OVERDUE,       /* quá hạn */
    FU_DONE_ON_TIME,  /* hoàn thành đúng hạn (the first deadline) */
    FU_DONE_EXTENDED, /* hoàn thành đúng hạn sau gia hạn (counted on time, shown apart) */
    FU_DONE_LATE,     /* hoàn thành quá hạn */
    FU_ONGOING,       /* thường xuyên (no deadline) */
    FU_CANCELLED,     /* đã hủy / dừng */
    FU_NSTATUS
};

/* THE status rule. Dates are "YYYY-MM-DD" or NULL:
 *   due          the deadline in force on asof (NULL: thường xuyên),
 *   original_due the deadline first given,
 *   completed_on the completion date reported (the reply document's date),
 *   confirmed_on the day the assigning office confirmed it (an unconfirmed completion is not
 *                done: provinces count a badly updated result as not done),
 *   cancelled_on the day it was cancelled,
 *   asof         the day the status is asked for,
 *   horizon      the end of the report's period (NULL: none): an open task due after it is
 *                FU_NOT_DUE, outside the four buckets.
 * Cancelled (on or before asof) wins; then done (completed and confirmed on or before asof):
 * on time when completed_on <= due — FU_DONE_EXTENDED when that is only thanks to an extension
 * (completed_on > original_due) — else late; a thường xuyên task done is on time; then open:
 * thường xuyên → FU_ONGOING, due before asof → FU_OVERDUE, due after horizon → FU_NOT_DUE, else
 * FU_IN_TIME. Pure: no clock, no database. */
enum fu_status followup_status(const char *due, const char *original_due, const char *completed_on,
                               const char *confirmed_on, const char *cancelled_on, const char *asof,
                               const char *horizon);
/* "not_due", "in_time", "overdue", "done_on_time", "done_extended", "done_late", "ongoing",
 * "cancelled" (API); Vietnamese labels for pages; -1 for an unknown code. */
const char *followup_status_code(enum fu_status s);
const char *followup_status_label(enum fu_status s);
int followup_status_from_code(const char *code);

/* Buckets of the report (sets of statuses): "done_on_time" (on time, with or without an
 * extension), "done_extended", "done_late", "in_time", "overdue", "not_due", "ongoing",
 * "cancelled", "done" (every completion), "open" (in time + overdue), "all". A mask of
 * 1 << status; 0 for an unknown code. */
unsigned followup_bucket_mask(const char *bucket);
extern const char *const followup_buckets[]; /* the codes above, NULL-terminated */
const char *followup_bucket_label(const char *bucket);

extern const char *const followup_source_kinds[]; /* incoming … none, NULL-terminated */
extern const char *const followup_assigners[];    /* BCH, BTV, TT, leader */
const char *followup_assigner_label(const char *code);

typedef struct fu_task {
    int64_t id, unit_id, source_id, leader_user_id, lead_unit_id, created_by;
    int64_t completion_outgoing_id, reported_by, confirmed_by, cancelled_by;
    const char *source_kind, *source_title, *source_clause, *content, *assigned_by;
    const char *due_date, *original_due, *created_at, *assigned_on;
    const char *completed_on, *completion_note, *completion_filename, *reported_at;
    const char *confirmed_on, *cancelled_on, *cancel_reason;
    int priority, secrecy;
    const char *unit_name, *lead_unit_name, *leader_name, *completion_doc; /* arena */
    bool has_completion_file, pending_extension;
    enum fu_status status; /* as of today */
} fu_task;

typedef struct fu_item_in {
    const char *clause, *content;
    const char *due; /* "YYYY-MM-DD"; ignored when ongoing */
    bool ongoing;    /* thường xuyên */
    int64_t lead_unit_id;
    int64_t coop[FU_MAX_COOP];
    int n_coop;
} fu_item_in;

typedef struct fu_batch_in {
    const char *source_kind; /* NULL = "none" */
    int64_t source_id;
    const char *source_title; /* required unless the source document gives it */
    const char *assigned_by;  /* NULL = "TT" */
    int64_t leader_user_id;   /* 0 = none */
    const char *assigned_on;  /* NULL = today; never in the future */
    int priority, secrecy;
    fu_item_in *items;
    int n_items;
    /* Out: a deadline refused for falling on a day off names the next working day here
     * (item index, "YYYY-MM-DD"), for the page's button and the API's "suggestion". */
    int suggestion_item;
    char suggestion[11];
} fu_batch_in;

/* Saves every item as a task, all or nothing, in one transaction with an audit row per task
 * and a notification to the lead unit's accounts. Field names in e: "source", "source_title",
 * "leader_user_id", "assigned_on", "items", and per row "items.N.content", "items.N.lead",
 * "items.N.coop", "items.N.due" (N from 0). Returns the number saved (ids into ids_r, which
 * holds n_items) or -1. */
int followup_create(ctx *c, fu_batch_in *in, int64_t *ids_r, web_err *e);

/* The task if the caller may see it (status as of today), else NULL. */
const fu_task *followup_get(ctx *c, int64_t id);
bool followup_may_assign(ctx *c);
bool followup_may_manage(ctx *c, const fu_task *t); /* confirm, send back */
bool followup_may_cancel(ctx *c, const fu_task *t); /* leaders of the office */
bool followup_is_lead(ctx *c, const fu_task *t);    /* completion, extension request */
bool followup_may_report(ctx *c, const fu_task *t); /* progress: lead or coordinating */
bool followup_may_extend(ctx *c, const fu_task *t); /* decide extensions (the rule) */

/* Coordinating units of a task: ids and names into the arena; the count. */
int followup_coop_units(ctx *c, int64_t task_id, int64_t **ids_r, const char ***names_r);

typedef struct fu_event {
    int64_t id, unit_id, user_id, size;
    const char *at, *kind, *note, *filename, *unit_name, *user_name, *sha256, *mime;
} fu_event;
int followup_events(ctx *c, int64_t task_id, fu_event **rows_r);
const fu_event *followup_event_get(ctx *c, int64_t task_id, int64_t event_id);

typedef struct fu_extension {
    int64_t id, task_id, requested_by, decided_by;
    const char *old_due, *new_due, *reason, *requested_at, *status, *decided_on, *note;
    const char *requested_name, *decided_name;
} fu_extension;
int followup_extensions(ctx *c, int64_t task_id, fu_extension **rows_r);

/* The lead or a coordinating unit reports progress: a note (required) and an optional file
 * (u may be NULL). Returns the event id or -1. */
int64_t followup_progress(ctx *c, int64_t id, const char *note, const http_upload *u, web_err *e);
/* The lead unit reports completion with its reply document: an issued outgoing document of
 * its own unit (outgoing_id > 0; completed_on = its issued date) or a file (u) with the
 * document's date (doc_date, not in the future). note optional. Fields "outgoing_id", "file",
 * "doc_date". 0 or -1. */
int followup_complete(ctx *c, int64_t id, int64_t outgoing_id, const http_upload *u,
                      const char *doc_date, const char *note, web_err *e);
/* The assigning office confirms the reported completion, or sends it back with a reason
 * (the completion is cleared; the task is open again). 0 or -1. */
int followup_confirm(ctx *c, int64_t id, web_err *e);
int followup_return(ctx *c, int64_t id, const char *reason, web_err *e);
/* The lead unit asks to move the deadline to new_due (a working day after the current one)
 * with a reason; one pending request at a time. Returns the request id or -1. Fields
 * "new_due" (with the suggestion filled in for a day off), "reason". */
int64_t followup_extend_request(ctx *c, int64_t id, const char *new_due, const char *reason,
                                char suggestion[11], web_err *e);
/* Whoever the rule allows approves (the task's deadline becomes new_due; original_due stays)
 * or refuses a pending request. 0 or -1. */
int followup_extend_decide(ctx *c, int64_t ext_id, bool approve, const char *note, web_err *e);
/* Office leaders cancel (dừng) a task with a reason. 0 or -1. */
int followup_cancel(ctx *c, int64_t id, const char *reason, web_err *e);

/* ---- lists and the report ------------------------------------------------------------- */

typedef struct fu_filter {
    const char *from, *to; /* the period: tasks due in it (or thường xuyên / due later) */
    const char *asof;      /* statuses as of this day (NULL: today) */
    const char *by;        /* "unit", "leader", "month" (report) */
    int64_t lead_unit_id;  /* 0: any */
    int64_t leader_id;     /* 0: any */
    const char *month;     /* "YYYY-MM" or NULL */
    unsigned mask;         /* statuses kept (0: all) */
    const char *due_until; /* open tasks due on or before this day only (NULL: any) */
    const char *q;         /* substring of content, clause or source title */
    int limit, offset;
} fu_filter;

typedef struct fu_count {
    const char *key;  /* unit id, leader id or "YYYY-MM" as text */
    const char *name; /* unit name, leader name, "MM/YYYY" */
    int64_t n[FU_NSTATUS];
} fu_count;

/* The report: one row per key with counts per status, into the arena, ordered by the unit
 * tree, the leader's name or the month; *total_r the sums. Aggregated in SQL with fu_status.
 * Returns the row count or -1 (400 for a bad "by" or dates, in e). */
int followup_report(ctx *c, const fu_filter *f, fu_count **rows_r, fu_count *total_r, web_err *e);
/* The tasks behind a count (same filter, same rule): rows [offset, offset+limit) and the
 * total. Statuses as of f->asof with f->to as horizon. Returns the rows or -1. */
int followup_list(ctx *c, const fu_filter *f, fu_task **rows_r, int64_t *total_r, web_err *e);
/* The rate VPCP headlines: completed ÷ (completed + overdue), in percent ×10 (985 = 98.5%);
 * -1 when there is nothing to rate. */
int followup_rate_permille(const fu_count *t);

/* The tasks the caller may see that came from a document (source_kind "outgoing" or
 * "incoming", its id), in id order, at most max; the count. For the document's page. */
int followup_of_source(ctx *c, const char *source_kind, int64_t source_id, int max,
                       fu_task **rows_r);
/* Open thường xuyên tasks the caller may see whose last progress report (or assignment) is
 * older than rule "followup.ongoing_report_months" (0: none are due, returns 0). */
int followup_ongoing_unreported(ctx *c, int max, fu_task **rows_r);

/* JSON of a task (new reference). */
json_t *followup_json(ctx *c, const fu_task *t);

/* ---- reminders ------------------------------------------------------------------------- */

/* Sends the reminders due on `today` (NULL: today in Vietnam): "followup.remind_working_days"
 * working days before each open deadline, on it, and the first day after it (overdue, to the
 * lead unit and the assigning office's leaders), each once (followup_reminders). Opens its own
 * write transaction. Returns the number of reminders sent or -1. */
int followup_remind_sweep(db *d, const char *today);

/* Demo data (demo/demo_followup.c) is declared in outgoing.h with the other demo seeds. */

/* The audit trail's resolver for entity "followup" (audit.h). */
struct audit_row;
bool followup_audit_may_see(ctx *c, const struct audit_row *row);

/* Rule keys (rules_declare), the reminder sweep as an idle job, the record kind "fu". */
void followup_init(void);
/* /followup…, /api/v1/followup…, the home section of overdue tasks. */
void followup_routes(void);

#endif
