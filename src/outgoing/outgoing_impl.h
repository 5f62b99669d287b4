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
enum out_status out_status_from_code(const char *s);

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

/* Route groups (outgoing_api.c, outgoing_web.c); outgoing_routes() calls them. */
void outgoing_api_routes(void);
void outgoing_web_routes(void);

/* Units a document can be sent to (active units of the tree), for the draft form. */
typedef void (*unit_pick_cb)(ctx *c, int64_t id, const char *name, void *arg);
void outgoing_units_each(ctx *c, unit_pick_cb cb, void *arg);

/* "Soạn văn bản trả lời" (outgoing_reply.c): the incoming record a draft answers. */
/* The new-draft form opened from incoming record *id_r: when the caller may see it, the subject
 * starts as "V/v trả lời …" and its issuer (a unit of the tree) is the recipient; else *id_r
 * becomes 0. */
void reply_to_prefill(ctx *c, int64_t *id_r, const char **subject_r, const char ***unit_ids_r,
                      int *n_units_r);
/* The form's line naming the record answered. */
void reply_to_hint(ctx *c, int64_t incoming_id);
/* The document page's <dt>/<dd> pair linking to the record answered (its number when the
 * caller may not open it). */
void reply_to_dd(ctx *c, int64_t incoming_id);
/* At the issue of reply_id answering record answered_incoming (inside its transaction): when
 * that record came from a document of the tree, its sender hears the answer
 * (outgoing_reply_arrived for "unit:<recipient>"). 0 or -1. */
int outgoing_reply_issued_inside(ctx *c, int64_t reply_id, int64_t answered_incoming,
                                 const char *notation, const char *subject);
/* Registers the incoming page's section listing the replies and offering the button. */
void outgoing_reply_init(void);

/* "Gửi cập nhật" (outgoing_update.c): the issued document page's form, and its routes. */
void outgoing_update_panel(ctx *c, const outgoing *o);
void outgoing_update_routes(void);

/* The hooks for outside recipients reached electronically (outgoing.c), NULL when none. */
extern const outgoing_outside_hooks *outgoing_outside;

#endif
