#ifndef VP_TASKS_IMPL_H
#define VP_TASKS_IMPL_H
/* Shared between the files of tasks/ only. */
#include "tasks/tasks.h"

/* Route groups, called by tasks_routes() (tasks_routes.c). */
void tasks_web_routes(void);      /* /tasks, /api/v1/tasks (tasks_web.c) */
void routing_web_routes(void);    /* the handling forms and panel (routing_web.c) */
void routing_api_routes(void);    /* the handling API (routing_api.c) */
void delegation_web_routes(void); /* /tasks/delegations, /api/v1/delegations */

/* Who acts on a document. The caller in their own right, or — under an active delegation —
 * in the leader's stead: then `c` points at `copy`, the caller's context with the leader as
 * its user (and the leader's scope), so every permission and target check reads as for the
 * leader, while `actor` (the caller) is written as the one who acted. Not to be copied once
 * filled (c may point into it). */
typedef struct acting {
    ctx *c;
    const user *actor;  /* the caller: assigned_by, the trace's actor, the audit row */
    const user *leader; /* the leader acted for; NULL in the caller's own right */
    ctx copy;
} acting;
/* Fills *ac for the visible record r: the caller when incoming_may_assign(c, r), otherwise
 * the first leader who delegated to the caller for today and may route r. False when
 * neither. */
bool routing_acting(ctx *c, const incoming *r, acting *ac);
/* " (thay mặt <leader> (ủy quyền))" under a delegation, "" otherwise (arena). */
const char *routing_on_behalf(const acting *ac);

/* Tells the holder(s) of a new assignment (the person, or the heads of the unit); urgent
 * documents are flagged as such. kind is the role's label ("chủ trì", "để biết"…). 0 or -1. */
int routing_notify_target(ctx *c, const incoming *r, const in_target *t, const char *kind);

/* The routing tree (units and their people, a column per role) inside the caller's form, and
 * the form's fields read back: lead, co, info ("u12"/"p7"), due_date, instruction
 * (routing_web.c). */
void routing_tree(ctx *c);
void routing_form(ctx *c, in_assign *in);

#endif
