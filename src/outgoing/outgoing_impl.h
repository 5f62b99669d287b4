#ifndef VP_OUTGOING_IMPL_H
#define VP_OUTGOING_IMPL_H
/* Shared between the outgoing_*.c files only: the row loader without permission checks and
 * the permission predicates, so every entry point applies the same rules. */
#include "catalog/catalog.h"
#include "outgoing/outgoing.h"

/* Loads the row whatever the caller may see (arena strings); NULL if absent. */
outgoing *outgoing_load(ctx *c, int64_t id);
bool outgoing_visible(ctx *c, const outgoing *o);
/* True when c->user took part in the document (drafter, approver, signer, issuer). */
bool outgoing_involved(ctx *c, const outgoing *o);
int outgoing_event(ctx *c, int64_t id, const char *action, const char *note);
enum out_status out_status_from_code(const char *s);

/* Role tests used by the flow and by the pages (to show only the buttons that will work). */
bool outgoing_may_approve(ctx *c, const outgoing *o);
bool outgoing_may_sign(ctx *c, const outgoing *o, const doc_register *reg);
bool outgoing_may_issue(ctx *c, const outgoing *o);
bool outgoing_may_recall(ctx *c, const outgoing *o);
bool outgoing_may_edit(ctx *c, const outgoing *o);

typedef void (*out_event_cb)(ctx *c, const char *action, const char *note, int64_t by,
                             const char *at, void *arg);
void outgoing_events_each(ctx *c, int64_t id, out_event_cb cb, void *arg);
typedef void (*out_comment_cb)(ctx *c, int version, const char *body, int64_t by, const char *at,
                               void *arg);
void outgoing_comments_each(ctx *c, int64_t id, out_comment_cb cb, void *arg);
typedef void (*out_version_cb)(ctx *c, int version, const char *subject, const char *body,
                               int64_t by, const char *at, void *arg);
void outgoing_versions_each(ctx *c, int64_t id, out_version_cb cb, void *arg);

/* Audits the opening of a secret document (issue 3) in its own write transaction; 0 for
 * non-secret documents or on success, -1 when the audit row could not be written (the caller
 * then refuses to show the document). */
int outgoing_audit_open(ctx *c, const outgoing *o);

/* A user's display name, "" when unknown. */
const char *outgoing_user_name(ctx *c, int64_t user_id);

/* Route groups (outgoing_api.c, outgoing_web.c, register_out.c); outgoing_routes() calls
 * them. */
void outgoing_api_routes(void);
void outgoing_web_routes(void);
void register_out_routes(void);
/* API error with the code that goes with the status (400 invalid_input, 403 forbidden, 404
 * not_found, 409 conflict, 413 too_large, 415 unsupported_type, 500 internal, 503 busy). */
void outgoing_api_fail(ctx *c, int status, const char *err);

/* Units a document can be sent to (active units of the tree), for the draft form. */
typedef void (*unit_pick_cb)(ctx *c, int64_t id, const char *name, void *arg);
void outgoing_units_each(ctx *c, unit_pick_cb cb, void *arg);

/* The outgoing register (sổ đăng ký văn bản đi, 10 columns) for issue dates in [from, to];
 * rows of documents the caller may see, ordered by register and number. Returns the row
 * count; cells (c->a) row-major, OUTREG_COLS per row. */
#define OUTREG_COLS 10
extern const char *const outreg_headers[OUTREG_COLS];
int register_out_rows(ctx *c, const char *from, const char *to, const char ***cells_r);

#endif
