#ifndef VP_TASKS_H
#define VP_TASKS_H
/* Tasks: the handling of incoming documents (DOMAIN.md §2.2 step 3) — routing to a lead
 * handler (chủ trì) and co-handlers (phối hợp) with a deadline and an instruction, passing a
 * unit's share to a person, progress, completion, deadline extensions — and "Công việc của
 * tôi", the list of everything waiting for the caller.
 *
 * Owns the table incoming_assignments (it writes it; incoming/ reads it for visibility and
 * the record's page) and writes the record's routing columns and trace through incoming's
 * API. Its pages add the handling panel to an incoming record's page (web/records.h, place
 * "in.handling"). It must not render or change documents otherwise. */
#include <stdbool.h>
#include <stdint.h>

#include "incoming/incoming.h"
#include "web/errors.h"

#define IN_MAX_CO 50 /* co-handlers in one routing */

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
int routing_assign(ctx *c, int64_t id, const in_assign *in, web_err *e);

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

/* Routes: the handling forms and API (/incoming/{id}/assign|pass|progress,
 * /api/v1/incoming/{id}/assign|progress), /tasks and /api/v1/tasks; registers the handling
 * panel of the incoming page. */
void tasks_routes(void);
/* Start-up hooks: the handling panel of an incoming page, and the closing of a record's
 * follow-up when its reply is issued (incoming_on_reply). Idempotent; app_init calls it. */
void tasks_init(void);

#endif
