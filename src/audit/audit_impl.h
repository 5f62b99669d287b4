#ifndef VP_AUDIT_IMPL_H
#define VP_AUDIT_IMPL_H
/* Inside the audit module: the hash chain's pieces that audit_log (audit.c) shares with
 * sealing and verifying (chain.c). */
#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"

#define AUDIT_HASH_HEX 65 /* 64 lowercase hex digits of a SHA-256 and the NUL */

/* The fields an entry's hash covers, as stored. A NULL text is NULL in the column; has_actor
 * false is a NULL actor_id (the CLI, an anonymous request). */
typedef struct audit_chain_fields {
    int64_t id, actor_id, entity_id;
    bool has_actor;
    const char *at, *actor_login, *action, *entity, *before_json, *after_json, *ip;
    const char *prev_hash;
} audit_chain_fields;

/* SHA-256 of the canonical serialisation (audit.h, "The chain") into out, lowercase hex. */
void audit_chain_hash(const audit_chain_fields *f, char out[AUDIT_HASH_HEX]);

/* Where the next entry goes: *next_id_r is the last entry's id + 1 (1 for an empty log) and
 * prev_r its hash ("" for an empty log). A tail of entries without a hash (written before
 * migration 022 and not sealed yet) is sealed first, in the caller's write transaction.
 * 0 or a DB_* error. */
int audit_chain_tip(db *d, int64_t *next_id_r, char prev_r[AUDIT_HASH_HEX]);

#endif
