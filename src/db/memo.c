/* The per-connection memo of small answers (db.h db_memo_get/db_memo_put): a page's counts
 * that cost a walk of up to a thousand index entries each, asked again and again by the same
 * users while nothing changed. An entry is valid only for the database version it was computed
 * at: PRAGMA data_version (bumped by every commit of another connection or process, the CLI's
 * import included) and this connection's sqlite3_total_changes64 (its own writes). Any write
 * anywhere therefore invalidates every entry, so a document registered by one clerk is counted
 * on another clerk's next request: nothing a user must see fresh is served stale. */
#include "db/sqlite_impl.h"

#include <stdlib.h>
#include <string.h>

#define MEMO_SLOTS 64 /* a power of two; a few users' pages a worker thread serves in a row */

struct db_memo_slot {
    uint64_t hash, version;
    int64_t value;
    char key[DB_MEMO_KEY_MAX];
};

static const db_query q_data_version = {"db.data_version", "PRAGMA data_version", NULL};

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

/* The version of what this connection would read now: inside a read transaction, its
 * snapshot's (data_version changes only when a transaction starts). 0 on error: never used. */
static uint64_t version_of(db *d)
{
    db_stmt *s = db_stmt_get(d, &q_data_version);
    if (!s)
        return 0;
    uint64_t dv = db_step(s) == DB_ROW ? (uint64_t)db_col_int(s, 0) : 0;
    db_reset(s);
    if (dv == 0)
        return 0;
    return (dv << 32) ^ (uint64_t)sqlite3_total_changes64(d->h);
}

bool db_memo_get(db *d, const char *key, int64_t *value_r, uint64_t *version_r)
{
    *version_r = 0;
    if (!key || strlen(key) >= DB_MEMO_KEY_MAX)
        return false;
    uint64_t v = version_of(d);
    *version_r = v;
    if (v == 0 || !d->memo)
        return false;
    uint64_t h = fnv1a(key);
    struct db_memo_slot *sl = &d->memo[h & (MEMO_SLOTS - 1)];
    if (sl->version != v || sl->hash != h || strcmp(sl->key, key) != 0)
        return false;
    *value_r = sl->value;
    return true;
}

void db_memo_put(db *d, const char *key, int64_t value, uint64_t version)
{
    if (!key || version == 0 || strlen(key) >= DB_MEMO_KEY_MAX)
        return;
    if (!d->memo) {
        d->memo = calloc(MEMO_SLOTS, sizeof *d->memo);
        if (!d->memo)
            return;
    }
    uint64_t h = fnv1a(key);
    struct db_memo_slot *sl = &d->memo[h & (MEMO_SLOTS - 1)];
    sl->hash = h;
    sl->version = version;
    sl->value = value;
    strcpy(sl->key, key);
}
