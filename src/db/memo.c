/* The per-connection memo of small answers (db.h db_memo_get/db_memo_put): a page's counts
 * that cost a walk of up to a thousand index entries each, asked again and again by the same
 * users while nothing changed. An entry is valid only for the database version it was computed
 * at: PRAGMA data_version (bumped by every commit of another connection or process, the CLI's
 * import included) and this connection's sqlite3_total_changes64 (its own writes). Any write
 * anywhere therefore invalidates every entry, so a document registered by one clerk is counted
 * on another clerk's next request: nothing a user must see fresh is served stale.
 *
 * On PostgreSQL the version is the current snapshot (db_pg_stamp: xmin, xmax and the
 * transactions in progress, the same for every connection of every node) and this connection's
 * own committed writes (db_pg_own_writes). Equal snapshots see the same committed data; any
 * commit, on any node, gives every later snapshot another xmax or another in-progress list, so
 * a document registered on node A is counted on node B's next request. No version row: a row
 * bumped by every commit would serialise nothing more (writers already take one lock) but would
 * miss writes made outside the driver's transactions (psql, copy-to-pg), which the snapshot
 * sees. Inside a write transaction there is no version (nothing is remembered), since its
 * changes may still be rolled back. */
#include <sqlite3.h>

#include "db/db_impl.h"
#include "db/pg.h"

#include <stdlib.h>
#include <string.h>

#define MEMO_SLOTS 128 /* a power of two; a few users' pages a worker thread serves in a row */
/* 4-way: a key may sit in any of 4 slots from its hash, so the dozen keys of one page (session,
 * user, menu counts, body) do not evict each other as a direct-mapped table made them do. */
#define MEMO_WAYS 4

struct db_memo_slot {
    uint64_t hash, version, used; /* used: the connection's use counter when last read/written */
    int64_t value;
    char *text; /* db_memo_put_text's copy (malloc'd), or NULL */
    size_t text_len;
    char key[DB_MEMO_KEY_MAX];
};

/* VANPHONG_NO_MEMO=1 turns the memo off (make bench measures both ways). */
static bool memo_off(void)
{
    static int off = -1; /* a benign race: every thread computes the same value */
    if (off < 0) {
        const char *e = getenv("VANPHONG_NO_MEMO");
        off = e && strcmp(e, "1") == 0;
    }
    return off == 1;
}

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

/* PostgreSQL (the file's comment): the snapshot read once per epoch, this connection's own
 * commits always; 0 inside a write transaction or on an error. */
static uint64_t pg_version_of(db *d)
{
    uint64_t own;
    if (!db_pg_own_writes(d, &own))
        return 0;
    if (!d->memo_epoch || d->memo_dv == 0) {
        int64_t xmax, hash;
        if (!db_pg_stamp(d, &xmax, &hash))
            return 0;
        d->memo_dv = (uint64_t)hash | 1;
    }
    uint64_t v = d->memo_dv ^ own * 0x9E3779B97F4A7C15ULL;
    return v ? v : 1;
}

/* The version of what this connection would read now: inside a read transaction, its
 * snapshot's (data_version changes only when a transaction starts). 0 on error: never used.
 * After db_memo_epoch, other connections' commits are read once per epoch (a request: asking
 * took a read lock each time, and a page asks several times); this connection's own writes
 * are always counted. */
static uint64_t version_of(db *d)
{
    if (db_kind_of(d) == DB_KIND_PG)
        return pg_version_of(d);
    sqlite3 *h = db_sqlite_handle(d);
    if (!h)
        return 0;
    if (!d->memo_epoch || d->memo_dv == 0) {
        db_stmt *s = db_stmt_get(d, &q_data_version);
        if (!s)
            return 0;
        d->memo_dv = db_step(s) == DB_ROW ? (uint64_t)db_col_int(s, 0) : 0;
        db_reset(s);
    }
    if (d->memo_dv == 0)
        return 0;
    return (d->memo_dv << 32) ^ (uint64_t)sqlite3_total_changes64(h);
}

bool db_version_now(db *d, uint64_t *v_r)
{
    *v_r = version_of(d);
    return *v_r != 0;
}

void db_memo_epoch(db *d)
{
    d->memo_epoch = true;
    d->memo_dv = 0;
}

static struct db_memo_slot *find(db *d, const char *key, uint64_t *version_r)
{
    *version_r = 0;
    if (!key || strlen(key) >= DB_MEMO_KEY_MAX || memo_off())
        return NULL;
    uint64_t v = version_of(d);
    *version_r = v;
    if (v == 0 || !d->memo)
        return NULL;
    uint64_t h = fnv1a(key);
    size_t set = (size_t)(h & (MEMO_SLOTS - 1)) & ~(size_t)(MEMO_WAYS - 1);
    for (size_t i = 0; i < MEMO_WAYS; i++) {
        struct db_memo_slot *sl = &d->memo[set + i];
        if (sl->version == v && sl->hash == h && strcmp(sl->key, key) == 0) {
            sl->used = ++d->memo_uses;
            return sl;
        }
    }
    return NULL;
}

/* The slot for key in its set: the key's own, else a stale or empty one, else the least
 * recently used. */
static struct db_memo_slot *slot_for(db *d, const char *key, uint64_t version)
{
    if (!key || version == 0 || strlen(key) >= DB_MEMO_KEY_MAX || memo_off())
        return NULL;
    if (!d->memo) {
        d->memo = calloc(MEMO_SLOTS, sizeof *d->memo);
        if (!d->memo)
            return NULL;
    }
    uint64_t h = fnv1a(key);
    size_t set = (size_t)(h & (MEMO_SLOTS - 1)) & ~(size_t)(MEMO_WAYS - 1);
    struct db_memo_slot *sl = NULL;
    for (size_t i = 0; i < MEMO_WAYS && !sl; i++) {
        struct db_memo_slot *x = &d->memo[set + i];
        if (x->hash == h && strcmp(x->key, key) == 0)
            sl = x;
    }
    for (size_t i = 0; i < MEMO_WAYS && !sl; i++) {
        struct db_memo_slot *x = &d->memo[set + i];
        if (x->version != version)
            sl = x;
    }
    if (!sl) { /* every way live: the least recently used */
        sl = &d->memo[set];
        for (size_t i = 1; i < MEMO_WAYS; i++)
            if (d->memo[set + i].used < sl->used)
                sl = &d->memo[set + i];
    }
    sl->hash = h;
    sl->version = version;
    sl->used = ++d->memo_uses;
    sl->value = 0;
    free(sl->text);
    sl->text = NULL;
    sl->text_len = 0;
    strcpy(sl->key, key);
    return sl;
}

bool db_memo_get(db *d, const char *key, int64_t *value_r, uint64_t *version_r)
{
    struct db_memo_slot *sl = find(d, key, version_r);
    if (!sl || sl->text)
        return false;
    *value_r = sl->value;
    return true;
}

void db_memo_put(db *d, const char *key, int64_t value, uint64_t version)
{
    struct db_memo_slot *sl = slot_for(d, key, version);
    if (sl)
        sl->value = value;
}

const char *db_memo_get_text(db *d, const char *key, size_t *len_r, uint64_t *version_r)
{
    struct db_memo_slot *sl = find(d, key, version_r);
    if (!sl || !sl->text)
        return NULL;
    *len_r = sl->text_len;
    return sl->text;
}

void db_memo_put_text(db *d, const char *key, const char *text, size_t len, uint64_t version)
{
    if (len > DB_MEMO_TEXT_MAX)
        return;
    struct db_memo_slot *sl = slot_for(d, key, version);
    if (!sl)
        return;
    sl->text = malloc(len + 1);
    if (!sl->text) {
        sl->version = 0;
        return;
    }
    memcpy(sl->text, text, len);
    sl->text[len] = 0;
    sl->text_len = len;
}

void db_memo_free(db *d)
{
    if (!d->memo)
        return;
    for (int i = 0; i < MEMO_SLOTS; i++)
        free(d->memo[i].text);
    free(d->memo);
    d->memo = NULL;
}
