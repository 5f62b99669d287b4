#ifndef VP_SQLITE_IMPL_H
#define VP_SQLITE_IMPL_H
/* Private to the SQLite driver (sqlite.c, migrate.c, maintain.c) and its unit tests: the
 * shapes behind the opaque db and db_stmt of db.h. Nothing else includes this. */
#include <sqlite3.h>

#include "db/db.h"

struct db_stmt {
    sqlite3_stmt *st;
    db *d;
    const db_query *q;
    int bind_rc; /* first failed bind since db_stmt_get; db_step reports it */
};

struct cache_slot {
    const db_query *q; /* NULL = empty slot */
    db_stmt *s;
};

struct db {
    sqlite3 *h;
    char *path;
    struct cache_slot *cache; /* open addressing, capacity a power of two */
    size_t cache_n, cache_cap;
    int prepares; /* statements prepared so far: tests prove the cache is used */
    char err[768];
    bool last_full;            /* the last failure was DB_FULL (db_failed_full) */
    struct db_memo_slot *memo; /* memo.c; NULL until the first db_memo_put */
    bool memo_epoch;           /* db_memo_epoch was called: memo_dv holds for the epoch */
    uint64_t memo_dv;          /* PRAGMA data_version read in this epoch, 0 = not yet */
    uint64_t memo_uses;        /* memo.c's use counter (least recently used eviction) */
};

/* Maps an SQLite result code to DB_* and records a message naming `what`. */
int db_map_rc(db *d, int rc, const char *what);
void db_memo_free(db *d); /* memo.c, at close */
void db_set_error(db *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* How many statements this connection has prepared (the cache hit test). */
int db_prepare_count(db *d);

/* The embedded migration files in apply order (array malloc'd, caller frees; entries static),
 * and the leading number of a migration's file name (-1 when it has none). */
struct embedded_file;
int db_migration_list(const struct embedded_file ***files_r, size_t *n_r);
int64_t db_migration_version(const char *path);

#endif
