/* Database stamps for in-process caches (dbstamp.h), SQLite flavour.
 *
 * Which connection: the counters are per connection, and a connection closed in a test and a
 * new one opened at the same address must not be taken for the same. Each thread remembers
 * the connection it last stamped and a number for it from a process-wide counter; a function
 * registered on that connection carries a destructor which SQLite runs when the connection
 * closes, and which forgets it — so the next connection at that address gets a new number.
 * The number is part of the stamp, so every answer computed on the old connection is dead.
 *
 * On PostgreSQL the stamp is the current snapshot (db/pg.h db_pg_stamp): equal snapshots see
 * the same committed data, whichever node committed it. */
#include "db/stamp.h"

#include "db/db_impl.h"

#include <sqlite3.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "db/pg.h"

typedef struct conn_memo {
    void *handle; /* the connection this thread last stamped; NULL: none */
    uint64_t id;
} conn_memo;

typedef struct conn_tie {
    conn_memo *memo;
    void *handle;
} conn_tie;

static _Thread_local conn_memo tl_memo;
static atomic_uint_fast64_t next_conn_id = 1;

static const db_query q_data_version = {"app.data_version", "PRAGMA data_version", NULL};

static void untie(void *p)
{
    conn_tie *t = p;
    if (t->memo->handle == t->handle)
        t->memo->handle = NULL;
    free(t);
}

static void tie_fn(sqlite3_context *c, int argc, sqlite3_value **argv)
{
    sqlite3_result_null(c);
}

/* The number of d's connection, registering the close hook on first sight; 0 on failure. */
static uint64_t conn_id(db *d)
{
    sqlite3 *h = db_sqlite_handle(d);
    if (!h)
        return 0;
    conn_memo *m = &tl_memo;
    if (m->handle == h)
        return m->id;
    conn_tie *t = malloc(sizeof *t);
    if (!t)
        return 0;
    *t = (conn_tie){m, h};
    /* Replacing an earlier tie on the same connection runs its destructor, which finds the
     * memo pointing elsewhere (or nowhere) and only frees it. On failure SQLite has already
     * called untie(t). Connections are per thread (db.h), so the destructor runs on this
     * thread and m is alive. */
    m->handle = NULL;
    if (sqlite3_create_function_v2(h, "vp_db_stamp_tie", 0, SQLITE_UTF8, t, tie_fn, NULL, NULL,
                                   untie) != SQLITE_OK)
        return 0;
    m->handle = h;
    m->id = atomic_fetch_add(&next_conn_id, 1);
    return m->id;
}

bool db_stamp_take(db *d, db_stamp *out)
{
    *out = (db_stamp){0, 0, 0};
    if (!d)
        return false;
    if (db_is_pg(d)) {
        /* PostgreSQL: the snapshot is the same on every connection and node, so the stamp
         * names the database (its target) rather than the connection. It is the memo's
         * version: within a request (db_memo_epoch) the snapshot is asked once, not at every
         * take — the unit tree and scope caches take one per look-up, and a round trip each
         * cost more than the look-ups they saved; this connection's own commits still move
         * it at once, other connections' at the next request, as the memo's. */
        uint64_t v;
        if (!db_version_now(d, &v))
            return false;
        uint64_t id = 1469598103934665603ULL;
        for (const char *p = db_path(d); *p; p++)
            id = (id ^ (unsigned char)*p) * 1099511628211ULL;
        *out = (db_stamp){id | 1, (int64_t)v, 0};
        return true;
    }
    uint64_t id = conn_id(d);
    if (!id)
        return false;
    /* A read transaction is fine (its snapshot is what the stamp describes); a write one may
     * hold changes that are then rolled back. */
    if (sqlite3_txn_state(db_sqlite_handle(d), NULL) == SQLITE_TXN_WRITE)
        return false;
    db_stmt *s = db_stmt_get(d, &q_data_version);
    if (!s)
        return false;
    if (db_step(s) != DB_ROW) {
        db_reset(s);
        return false;
    }
    *out = (db_stamp){id, db_col_int(s, 0), sqlite3_total_changes64(db_sqlite_handle(d))};
    db_reset(s);
    return true;
}

bool db_stamp_same(const db_stamp *a, const db_stamp *b)
{
    return a->conn != 0 && a->conn == b->conn && a->version == b->version &&
           a->changes == b->changes;
}
