#ifndef VP_DBSTAMP_H
#define VP_DBSTAMP_H
/* What an in-process cache checks before it answers from memory.
 *
 * Everything the server keeps between requests lives in the database (DESIGN.md), so a cache
 * of derived answers (the unit scope, the notification badge) is only a shortcut: before each
 * use it asks the database for a stamp and answers from memory only when the stamp equals the
 * one taken when the answer was computed. Two stamps are equal only when nothing at all was
 * committed in between — by this connection, another thread, another process or another node
 * on the same file. On SQLite the stamp is PRAGMA data_version (moves on commits by other
 * connections), sqlite3_total_changes64 (moves on this connection's own writes, committed or
 * not) and
 * which connection asked. A cache keeps the stamp beside each answer.
 *
 * db_stamp_take fails inside a write transaction (an answer computed there could see rows that
 * are then rolled back, and the rollback leaves the counters as they were after the write), on
 * a store error, and on a driver without such counters: the caller then computes afresh and
 * stores nothing. Inside a read transaction the stamp describes the transaction's snapshot, so
 * caches work there too (the register list reads its page and its count in one). On
 * PostgreSQL the stamp is the current snapshot (xmin:xmax:in-progress list), the same for every
 * node, so a commit anywhere changes it. Cost: one small statement. */
#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"

typedef struct db_stamp {
    uint64_t conn; /* 0: no stamp (never equal to any) */
    int64_t version, changes;
} db_stamp;

/* The stamp of the database as connection d sees it now; false (and *out zeroed) when none
 * can be had — then do not cache. */
bool db_stamp_take(db *d, db_stamp *out);
/* Same connection, nothing committed in between. False when either has no stamp. */
bool db_stamp_same(const db_stamp *a, const db_stamp *b);

#endif
