#ifndef VP_TASKS_H
#define VP_TASKS_H
/* Tasks: the handling of incoming documents (DOMAIN.md §2.2 step 3) — routing to a lead
 * handler (chủ trì), co-handlers (phối hợp) and recipients for information (nhận để biết) with
 * a deadline and an instruction, returning a document to its clerk (trả lại), passing a unit's
 * share to a person, progress, completion, deadline extensions, delegation of a leader's
 * routing while away (ủy quyền) — and "Công việc của tôi", the list of everything waiting for
 * the caller.
 *
 * Owns the tables incoming_assignments (it writes it; incoming/ reads it for visibility and
 * the record's page) and routing_delegations, and writes the record's routing columns
 * (status, lead, deadline, returned_at/return_reason) and trace through incoming's API. Its pages
 * add the handling panel to an incoming record's page (web/records.h, place "in.handling"). It must
 * not render or change documents otherwise. */
#include <stdbool.h>
#include <stdint.h>

#include "incoming/incoming.h"
#include "web/errors.h"

#define IN_MAX_CO 50    /* co-handlers, and recipients for information, in one routing */
#define IN_MAX_BATCH 50 /* documents routed at once from the list waiting for routing */

typedef struct in_target {
    int64_t unit_id, user_id; /* exactly one > 0 */
} in_target;

typedef struct in_assign {
    int64_t from_assignment_id; /* > 0: pass on a unit's share to a person (lead.user_id) */
    in_target lead;
    in_target co[IN_MAX_CO];
    int n_co;
    in_target info[IN_MAX_CO]; /* nhận để biết: see the document, nothing to handle */
    int n_info;
    const char *due_date;    /* "YYYY-MM-DD"; NULL = the document's own due date, if any */
    const char *instruction; /* ý kiến chỉ đạo */
} in_assign;
/* Routes a document (or passes a share on). A new lead replaces the previous open lead. The
 * handlers are notified (urgent documents say so). An assignment for information is written
 * 'done' at once: it opens the document to its holder and asks nothing of them. A caller who
 * may not route the document but stands in for a leader who may (an active delegation) routes
 * it as that leader: the trace and the audit say "thay mặt <leader> (ủy quyền)". 0 or -1
 * with *e. */
int routing_assign(ctx *c, int64_t id, const in_assign *in, web_err *e);

/* Trả lại: a leader who may route a registered, not yet routed document gives it back to the
 * clerk who registered it with a reason (required): the record is marked returned, the clerk
 * notified, the trace and the audit say why. Delegation applies as for routing. 0 or -1. */
int routing_return(ctx *c, int64_t id, const char *reason, web_err *e);
/* The clerk (the registrar, or a clerk or office leader of the receiving unit) submits a
 * returned document again; the leaders of the unit are told. 0 or -1 with *e. */
int routing_resubmit(ctx *c, int64_t id, web_err *e);
/* The reason a document was returned for, or NULL when it is not waiting for its clerk. */
const char *routing_returned(ctx *c, int64_t id);

enum in_action { IN_PROGRESS = 0, IN_DONE, IN_EXTEND };
typedef struct in_step {
    enum in_action action;
    const char *note;         /* progress text (required for progress) */
    const char *reply_code;   /* done: the reply's number, optional */
    const char *new_due_date; /* extend */
    const char *reason;       /* extend: required */
    int64_t assignment_id;    /* 0 = the caller's own open assignment / the lead */
    /* extend: the open shares whose deadline moves; none named = every open share (lead and
     * co-handlers) that had the lead's deadline, the lead included. */
    int64_t assignment_ids[IN_MAX_CO];
    int n_assignment_ids;
} in_step;
/* Records progress, completion (409 "invalid_state" when nothing is assigned to the caller)
 * or a deadline extension (one trace event per share whose deadline moved). 0 or -1 with *e. */
int routing_step(ctx *c, int64_t id, const in_step *in, web_err *e);

/* The reply to incoming record id was issued (số ký hiệu `reply_code`): its follow-up closes —
 * every open or passed share is done, the record is done with reply_code as its "văn bản trả
 * lời" (an earlier one is kept), and the trace says so. The hook incoming_reply_issued calls
 * (set by tasks_init); outgoing_issue calls that INSIDE its write transaction (its audit row covers
 * the change), whoever issues: the draft was linked by someone who could see the record. A recalled
 * record is left alone. 0 or -1 (roll back). */
int routing_close_by_reply(ctx *c, int64_t id, const char *reply_code);

/* May the caller pass this unit share on to a person? */
bool routing_may_pass(ctx *c, const in_assignment *a);

/* ---- ủy quyền: a leader's routing delegated to a deputy for a date range ------------------ */

typedef struct delegation {
    int64_t id, leader_id, deputy_id;
    const char *leader_name, *deputy_name, *from_date, *to_date, *note, *ended_at;
    bool active; /* today within [from_date, to_date] and not ended */
} delegation;
/* A leader (office or committee leader) delegates their routing to a deputy: an active
 * account of a unit in the leader's scope that handles documents, not the leader. Dates
 * YYYY-MM-DD, from ≤ to, to not in the past. Audited "delegation.create". The id or -1. */
int64_t delegation_create(ctx *c, int64_t deputy_id, const char *from_date, const char *to_date,
                          const char *note, web_err *e);
/* Ends a delegation now (its leader; "delegation.end"). 0 or -1 with *e (404 for others). */
int delegation_end(ctx *c, int64_t id, web_err *e);
/* Delegations the caller gave or received, newest first (arena). The count or -1. */
int delegation_list(ctx *c, delegation **rows_r);
/* The leaders the caller stands in for today (arena ids). The count or -1. */
int delegation_leaders_today(ctx *c, int64_t **ids_r);

/* Routes: the handling forms and API (/incoming/{id}/assign|pass|progress|return|resubmit,
 * /incoming/assign-batch, /api/v1/incoming/{id}/assign|progress|return), /tasks and
 * /api/v1/tasks, /tasks/delegations and /api/v1/delegations; registers the handling panel of
 * the incoming page. */
void tasks_routes(void);
/* Start-up hooks: the handling panel of an incoming page, and the closing of a record's
 * follow-up when its reply is issued (incoming_on_reply). Idempotent; app_init calls it. */
void tasks_init(void);

#endif
