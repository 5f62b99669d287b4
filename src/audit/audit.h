#ifndef VP_AUDIT_H
#define VP_AUDIT_H
/* The audit trail: who changed what, when, with the state before and after. Every service
 * that changes data calls audit_log inside its own write transaction, so a change and its
 * audit row commit or vanish together. */
#include <stdint.h>

#include "app/ctx.h"

/* actor NULL = the operator through the CLI. before/after are JSON texts or NULL.
 * action examples: "unit.create", "user.create", "session.login", "doc.open_secret".
 * Returns 0 or a DB_* error (the caller rolls back). */
int audit_log(db *d, const user *actor, const char *action, const char *entity,
              int64_t entity_id, const char *before_json, const char *after_json);

void audit_routes(void); /* /admin/audit page, GET /api/v1/audit */

#endif
