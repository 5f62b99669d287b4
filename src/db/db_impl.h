#ifndef VP_DB_IMPL_H
#define VP_DB_IMPL_H
/* Private to the store (src/db) and its unit tests: the driver table behind db.h and the parts
 * every driver shares (the connection header, the statement cache, error counters). db.c
 * forwards each contract call through the connection's or statement's driver table; sqlite.c
 * and pg.c fill one table each. Nothing outside src/db includes this. */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db/db.h"

struct db_driver;

/* The first member of every driver's statement. */
struct db_stmt {
    const struct db_driver *drv;
    db *d;
    const db_query *q;
};

struct cache_slot {
    const db_query *q; /* NULL = empty slot */
    db_stmt *s;
};

/* The first member of every driver's connection. */
struct db {
    const struct db_driver *drv;
    char *path;               /* the file, or the connection string (never with a password) */
    struct cache_slot *cache; /* open addressing keyed by the db_query's address */
    size_t cache_n, cache_cap;
    int prepares; /* statements prepared so far: tests prove the cache is used */
    char err[768];
    bool last_full;            /* the last failure was DB_FULL (db_failed_full) */
    struct db_memo_slot *memo; /* memo.c; NULL until the first db_memo_put */
    bool memo_epoch;           /* db_memo_epoch was called: memo_dv holds for the epoch */
    uint64_t memo_dv;          /* this epoch's data_version (SQLite) or snapshot hash (pg) */
    uint64_t memo_uses;        /* memo.c's use counter (least recently used eviction) */
};

void db_memo_free(db *d); /* memo.c, at close */

enum db_kind { DB_KIND_SQLITE, DB_KIND_PG };

struct db_driver {
    enum db_kind kind;
    const char *name;
    int (*open)(const char *target, db **db_r, char **err_r);
    /* db_thread's open, NULL = open: a PostgreSQL connection whose server is down is kept
     * and retried later rather than aborting the thread (db.h db_thread). */
    int (*open_thread)(const char *target, db **db_r, char **err_r);
    void (*close)(db *d); /* frees the driver's state and the cached statements' handles */
    void (*stmt_free)(db_stmt *s);
    /* Called by db_thread for an existing connection: reconnects a lost one (PostgreSQL). */
    void (*revive)(db *d);
    db_stmt *(*stmt_get)(db *d, const db_query *q);
    void (*bind_int)(db_stmt *s, int idx, int64_t v);
    void (*bind_double)(db_stmt *s, int idx, double v);
    void (*bind_textn)(db_stmt *s, int idx, const char *v, size_t n); /* v != NULL */
    void (*bind_blob)(db_stmt *s, int idx, const void *p, size_t n);
    void (*bind_null)(db_stmt *s, int idx);
    int (*step)(db_stmt *s);
    int (*col_count)(db_stmt *s);
    int64_t (*col_int)(db_stmt *s, int col);
    double (*col_double)(db_stmt *s, int col);
    const char *(*col_text)(db_stmt *s, int col);
    const void *(*col_blob)(db_stmt *s, int col, size_t *n_r);
    bool (*col_null)(db_stmt *s, int col);
    void (*reset)(db_stmt *s);
    void (*reset_all)(db *d);
    int (*exec)(db_stmt *s);
    int (*begin_write)(db *d);
    int (*begin_read)(db *d);
    int (*begin_write_rows)(db *d); /* NULL: begin_write (db.h db_begin_write_rows) */
    bool (*lost)(db *d);            /* NULL: never (db.h db_lost) */
    int (*commit)(db *d);
    void (*rollback)(db *d);
    bool (*in_tx)(db *d);
    int64_t (*last_id)(db *d);
    int (*changes)(db *d);
    const char *(*errmsg)(db *d);
    int (*exec_script)(db *d, const char *sql, char **err_r);
    int (*backup)(db *d, const char *to, char **err_r);
    int (*check)(db *d, char **err_r);
    void *(*sqlite_handle)(db *d);
};

extern const struct db_driver db_sqlite_driver;
extern const struct db_driver db_pg_driver;

/* True when `target` names a PostgreSQL database: a postgresql:// or postgres:// URI, or a
 * libpq keyword string (host=… dbname=…). */
bool db_target_is_pg(const char *target);
enum db_kind db_kind_of(db *d);

/* The shared connection header: set up by a driver's open, torn down by db_close. */
void db_base_init(db *d, const struct db_driver *drv, const char *path);
void db_set_error(db *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Counts a failure for db_error_counts (DB_FULL, DB_BUSY, DB_ERROR; others ignored). */
void db_count_error(int code);
/* How many statements this connection has prepared (the cache hit test). */
int db_prepare_count(db *d);

/* The statement cache every driver uses (db.c). */
db_stmt *db_cache_find(db *d, const db_query *q);
void db_cache_put(db *d, const db_query *q, db_stmt *s);
/* Calls fn on every cached statement (a lost PostgreSQL connection forgets its prepares). */
void db_cache_each(db *d, void (*fn)(db_stmt *s));
/* The memo's version of what d reads now (memo.c; memo on or off): on PostgreSQL the snapshot
 * read once per epoch (a request) and this connection's own commits. false inside a write
 * transaction or on an error. */
bool db_version_now(db *d, uint64_t *v_r);

/* The embedded migration files of a dialect folder in apply order (array malloc'd, caller
 * frees; entries static), and the leading number of a migration's file name (-1 when it has
 * none). */
struct embedded_file;
int db_migration_list(const struct embedded_file ***files_r, size_t *n_r);
int db_migration_list_in(const char *prefix, const struct embedded_file ***files_r, size_t *n_r);
int64_t db_migration_version(const char *path);

#endif
