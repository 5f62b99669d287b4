#ifndef VP_DB_H
#define VP_DB_H
/* The store contract: a small vtable-shaped API so a PostgreSQL driver can join the SQLite one
 * (STYLE.md, Dovecot lib-sql). Services never see sqlite3 types.
 *
 * Statements are declared by the module that uses them, as static const db_query values with
 * one SQL text per dialect. A connection prepares each statement once and caches it (keyed by
 * the db_query's address). Values are always bound, never pasted into SQL. Placeholders are
 * numbered from 1: write `?1, ?2` in the SQLite text and `$1, $2` in the PostgreSQL text.
 *
 * Threads: one connection per thread (db_thread() opens it lazily). Writes go through
 * db_begin_write() (BEGIN IMMEDIATE on SQLite) … db_commit() / db_rollback(). */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct db db;
typedef struct db_stmt db_stmt;

typedef struct db_query {
    const char *name;   /* for error messages and logs, e.g. "org.unit_by_id" */
    const char *sqlite; /* SQL text, ?N placeholders */
    const char *pg;     /* PostgreSQL text, $N placeholders; NULL until that driver exists */
} db_query;

/* A `pg` text that starts with DB_PG_SQLITE is written in SQLite's dialect (?N, instr,
 * json_each…) and translated like a NULL one (db/pg_sql.c): a shape only PostgreSQL needs,
 * built from the same macros as the SQLite text, e.g. the incoming list's look-ups as scalar
 * subqueries (the planner's join search over them cost more than the query itself). */
#define DB_PG_SQLITE "--sqlite\n"

/* A `pg` text that starts with DB_PG_REPLAN is planned with its bound values at every
 * execution; alone (`DB_PG_REPLAN` as the whole text) it stands for the SQLite text translated.
 * PostgreSQL otherwise settles, after five executions of a prepared statement, on one generic
 * plan for all values — right for a look-up, wrong for a search scan whose best plan depends on
 * the query and the scope (at 1,000,000 documents a ward clerk's phrase 912 ms with the
 * generic plan, 252 planned each time). SQLite ignores it. */
#define DB_PG_REPLAN "--replan\n"

enum { DB_ROW = 1, DB_DONE = 0, DB_ERROR = -1, DB_BUSY = -2, DB_CONSTRAINT = -3, DB_FULL = -4 };

/* Opens (creating if needed) the database file with WAL, foreign keys, synchronous=FULL and a
 * busy timeout. Does not migrate. Returns 0, or -1 with *err_r (malloc'd, caller frees). */
int db_open(const char *path, db **db_r, char **err_r);
void db_close(db **dbp); /* finalises cached statements; sets *dbp = NULL; NULL-safe */

/* Applies the embedded migrations (src/db/migrations/NNN_name.sql, in number order) not yet
 * recorded in schema_version, each in its own transaction. 0 or -1 with *err_r. */
int db_migrate(db *d, char **err_r);
/* How many embedded migrations are not recorded in schema_version (0 = at the latest
 * version); *report_r (malloc'd, caller frees; may be NULL) names them. */
int db_migrations_pending(db *d, char **report_r);
/* Failures since the process started, by kind (DB_FULL, DB_BUSY, DB_ERROR), for /metrics. */
void db_error_counts(uint64_t *full_r, uint64_t *busy_r, uint64_t *error_r);

/* The data directory's database for the calling thread, opened on first use (path set once by
 * db_thread_init). Closed at thread exit. Aborts if the database cannot be opened: a worker
 * without its database can do nothing useful. */
void db_thread_init(const char *path);
db *db_thread(void);
/* Closes the calling thread's connection now (tests, or a thread that changes data dirs). */
void db_thread_close(void);

/* Returns the cached prepared statement, reset and with bindings cleared. NULL on a prepare
 * error (message in db_errmsg) — a programming error in SQL text, logged loudly. */
db_stmt *db_stmt_get(db *d, const db_query *q);

void db_bind_int(db_stmt *s, int idx, int64_t v);
void db_bind_double(db_stmt *s, int idx, double v);
void db_bind_text(db_stmt *s, int idx, const char *v); /* NULL binds NULL; copied */
void db_bind_textn(db_stmt *s, int idx, const char *v, size_t n);
void db_bind_blob(db_stmt *s, int idx, const void *p, size_t n);
void db_bind_null(db_stmt *s, int idx);

/* DB_ROW, DB_DONE, or a negative DB_* error. */
int db_step(db_stmt *s);
int db_col_count(db_stmt *s);
int64_t db_col_int(db_stmt *s, int col);
double db_col_double(db_stmt *s, int col);
const char *db_col_text(db_stmt *s, int col); /* valid until the next step/reset; NULL if NULL */
const void *db_col_blob(db_stmt *s, int col, size_t *n_r);
bool db_col_null(db_stmt *s, int col);
void db_reset(db_stmt *s); /* releases read locks early; db_stmt_get also resets */
/* Resets every statement of the connection still holding a row (the dispatcher calls it at
 * the end of a request so a forgotten reset never pins an old WAL snapshot). */
void db_reset_all(db *d);

/* A per-connection memo of small answers that are costly to recompute (a list's capped count),
 * valid only while the database is unchanged: db_memo_get looks `key` up (false when absent,
 * stale, or the key is DB_MEMO_KEY_MAX long or more) and gives the current version, which
 * db_memo_put stores with the value. Call both inside the same read transaction as the query
 * whose answer is memoised. Every commit, by any connection or process, invalidates every
 * entry (memo.c), so the answer is always the one the query would give. */
#define DB_MEMO_KEY_MAX 512
bool db_memo_get(db *d, const char *key, int64_t *value_r, uint64_t *version_r);
void db_memo_put(db *d, const char *key, int64_t value, uint64_t version);
/* Starts an epoch (the dispatcher: each request): other connections' commits are looked for
 * once per epoch, so a request sees the database as it was when it began; without epochs they
 * are looked for at every call. */
void db_memo_epoch(db *d);
/* The same for a piece of text (a page's rendered list, up to DB_MEMO_TEXT_MAX bytes): the
 * pointer stays valid until the next db_memo_put* on this connection. */
#define DB_MEMO_TEXT_MAX (256 * 1024)
const char *db_memo_get_text(db *d, const char *key, size_t *len_r, uint64_t *version_r);
void db_memo_put_text(db *d, const char *key, const char *text, size_t len, uint64_t version);

/* Runs a statement that returns no rows (or ignores them). Returns DB_DONE or an error. */
int db_exec(db_stmt *s);

int db_begin_write(db *d); /* 0 or DB_* error */
int db_begin_read(db *d);  /* a consistent snapshot across several reads */
/* A write transaction for code that locks exactly the rows it changes (SELECT … FOR UPDATE SKIP
 * LOCKED, UPDATE … WHERE id = ?): on PostgreSQL READ COMMITTED without db_begin_write's
 * one-writer lock, so it runs beside other writers on any node; on SQLite db_begin_write. Only
 * for statements whose correctness does not rest on one writer at a time (the job claim). */
int db_begin_write_rows(db *d);
int db_commit(db *d);    /* 0 or DB_* error; on error the transaction is rolled back */
void db_rollback(db *d); /* NULL-safe, no-op outside a transaction */
bool db_in_tx(db *d);
int64_t db_last_id(db *d);
int db_changes(db *d);
const char *db_errmsg(db *d);
/* True when the last failure since db_begin_write was DB_FULL (full disk or I/O error), so a
 * caller that only kept "it failed" can still answer 507 with a clear message, not 500. */
bool db_failed_full(db *d);
/* True when the store's server cannot be reached now: on PostgreSQL the connection was lost
 * (a restart, a fail-over, the network) and is not re-established yet — the next db_thread() or
 * db_stmt_get() outside a transaction tries again. Always false on SQLite. A request that failed
 * for this reason answers 503 with a clear message, not 500 (app/dispatch.c). */
bool db_lost(db *d);
const char *db_path(db *d);

/* Runs a multi-statement script with no parameters (migrations, PRAGMAs). */
int db_exec_script(db *d, const char *sql, char **err_r);

/* Online consistent copy to `to` while others write: SQLite's backup API (a database file);
 * on PostgreSQL a pg_dump --format=custom archive, read back by pg_restore --list before it
 * takes the name `to` (restore it with db_pg_restore, db/pg.h). */
int db_backup(db *d, const char *to, char **err_r);
/* PRAGMA integrity_check + foreign_key_check; 0 when sound, else -1 and a report in *err_r. */
int db_check(db *d, char **err_r);

/* A bulk writer (vanphong import) takes SQLite's checkpoints upon itself while it runs: other
 * connections, in any process, no longer checkpoint in their commits (a clerk's registration
 * would pay for the import's pages); the claim ends with db_checkpoints_release or the
 * process. -1 when another holds it or the claim file cannot be made; 0 on PostgreSQL. */
int db_checkpoints_claim(db *d);
void db_checkpoints_release(db *d);

/* Escape hatch for the SQLite-only parts (FTS5 tokenizer registration): the sqlite3 handle. */
void *db_sqlite_handle(db *d);

/* Hooks run on every new connection, before first use (e.g. search registering its FTS5
 * tokenizer). Registered at start-up, before any connection opens; a hook returns 0 or -1
 * (the open then fails). */
typedef int (*db_open_hook)(void *sqlite_handle);
void db_add_open_hook(db_open_hook fn);

#endif
