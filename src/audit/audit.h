#ifndef VP_AUDIT_H
#define VP_AUDIT_H
/* The audit trail: who changed what, when, with the state before and after. Every service
 * that changes data calls audit_log inside its own write transaction, so a change and its
 * audit row commit or vanish together.
 *
 * The chain (tamper evidence, migration 022): each entry stores prev_hash, the hash of the
 * entry before it (NULL for the first entry of the database), and hash, the SHA-256 in
 * lowercase hex of
 *     "vanphong.audit.v1\n" + F(id) F(at) F(actor_id) F(actor_login) F(action) F(entity)
 *                              F(entity_id) F(before_json) F(after_json) F(ip) F(prev_hash)
 * where F(NULL) = "-" and F(v) = decimal byte length of v's text, ":", the text (integers as
 * decimal text). Editing an entry changes its hash; deleting one breaks the next entry's
 * prev_hash. `vanphong check` walks the chain (audit_chain_verify). The chain is not keyed:
 * someone who rewrites every later hash as well goes unnoticed, and so does dropping the newest
 * entries; keeping the last hash that check prints somewhere else closes both. */
#include <stdbool.h>
#include <stdint.h>

#include "web/ctx.h"

/* actor NULL = the operator through the CLI. before/after are JSON texts or NULL.
 * action examples: "unit.create", "user.create", "session.login", "doc.open_secret".
 * Must run inside the caller's write transaction: the entry takes the id after the last one
 * and links to its hash (one lookup on the rowid). Returns 0 or a DB_* error (the caller
 * rolls back). */
int audit_log(db *d, const user *actor, const char *action, const char *entity, int64_t entity_id,
              const char *before_json, const char *after_json);

/* Browsing the trail (admin only). NULL/0 fields do not filter. from/to are Vietnam dates
 * "YYYY-MM-DD", both inclusive. */
typedef struct audit_filter {
    const char *actor;  /* actor_login, exact */
    const char *action; /* exact, or a prefix ending in '.' ("user." = every user.* action) */
    const char *entity;
    int64_t entity_id;
    const char *from, *to;
    int limit, offset; /* limit 0 → AUDIT_PAGE; capped at AUDIT_MAX_PAGE */
} audit_filter;

#define AUDIT_PAGE 50
#define AUDIT_MAX_PAGE 500

typedef struct audit_row {
    int64_t id, actor_id, entity_id; /* actor_id 0 = none (CLI, anonymous) */
    const char *at;                  /* UTC ISO-8601 */
    const char *actor_login, *action, *entity, *before_json, *after_json, *ip;
    /* The viewer may not see the record the row is about (audit_register_entity): before_json
     * and after_json are NULL here, though the stored row keeps them. */
    bool redacted;
} audit_row;

/* Newest first, into arena a. Returns the rows on this page and sets *total_r to the number
 * matching; -1 with *status_r 403 when actor is not an admin, 400 for a malformed date.
 * Rows of a registered entity that carry before/after content are shown to actor through the
 * entity's resolver, asked once per such row: a "no" redacts the row. */
int audit_list(db *d, arena *a, const user *actor, const audit_filter *f, audit_row **rows_r,
               int64_t *total_r, int *status_r);

/* Who may read a row's contents. The audit trail names documents the admin is refused
 * (subjects, routing instructions, notes, attachment filenames of secret documents), but audit
 * knows no document module: each module registers, at start-up (from its *_routes()), one
 * resolver per entity name it writes. may_see answers whether c->user may see the record the
 * row is about; it reads row->entity_id and, where a row names another record than its
 * entity's (a document filed into a dossier), row->action and the stored row->after_json.
 * c is a viewing context with a, db and user set (no request); the resolver runs inside
 * audit_list's read snapshot and must not write. Rows without before/after content are never
 * redacted and cost no call; entities without a resolver are shown in full. Registering an
 * entity again replaces its resolver. Call before serving: the registry is not locked. */
typedef bool (*audit_may_see_fn)(ctx *c, const audit_row *row);
void audit_register_entity(const char *entity, audit_may_see_fn may_see);

/* Hashes the entries written before the chain existed (after migration 022, oldest first),
 * so the chain covers the whole trail. Cheap when there are none (reads the last entry).
 * Opens its own write transaction unless called inside one. app_open runs it after the
 * migrations. 0 or a DB_* error; *sealed_r (may be NULL) counts the entries hashed. */
int audit_chain_seal(db *d, int64_t *sealed_r);

typedef struct audit_chain_report {
    int64_t verified; /* entries found sound, oldest first, before the first break */
    /* The first broken entry (0 when the chain is intact): its time, action and why, in the
     * arena passed to audit_chain_verify; reason is Vietnamese. */
    int64_t broken_id;
    const char *broken_at, *broken_action, *reason;
    char head[65]; /* hash of the last sound entry; "" for an empty trail */
} audit_chain_report;

/* Walks the whole chain in one read snapshot, recomputing every hash. 0 when intact, 1 when
 * broken (the report names the first broken entry), or a DB_* error. Changes nothing. */
int audit_chain_verify(db *d, arena *a, audit_chain_report *r);

/* The client address recorded in audit rows written by the calling thread until the next
 * call (copied; NULL clears it). auth_authenticate sets it for every request; CLI rows have
 * none. */
void audit_set_ip(const char *ip);

/* The common end of a service's write: serialises `after` (a jansson object, NULL allowed; the
 * reference is taken), writes the audit row and commits. On any failure the transaction is
 * rolled back and the DB_* error returned; 0 once committed. */
typedef struct json_t json_t;
int audit_commit(db *d, const user *actor, const char *action, const char *entity,
                 int64_t entity_id, json_t *after);

/* The trail in Vietnamese (audit_labels.c): the label of an action ("incoming.register" →
 * "Vào sổ văn bản đến"), of an entity, of a field of the before/after contents; the code itself
 * when unknown. audit_action_code(i) / audit_entity_code(i) walk the known codes (NULL past
 * the last) for the page's drop-downs. */
const char *audit_action_label(const char *action);
const char *audit_entity_label(const char *entity);
const char *audit_field_label(const char *key);
const char *audit_action_code(int i);
const char *audit_entity_code(int i);

void audit_routes(void); /* /admin/audit page, GET /api/v1/audit */

#endif
