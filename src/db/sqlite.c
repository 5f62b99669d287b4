/* The SQLite driver of the store contract (db.h): connections, the statement cache, binding,
 * stepping, transactions and the mapping of SQLite result codes onto DB_* codes.
 *
 * Migrations live in migrate.c, backup and integrity checks in maintain.c; both use only this
 * file's functions plus db_sqlite_handle(). */
#include "db/sqlite_impl.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"

/* Statement cache: open addressing keyed by the db_query's address. A module's statements are
 * static, so the address is a stable identity and lookup costs one hash probe, no strcmp. */
#define CACHE_MIN_CAP 64

#define MAX_DB_HOOKS 8

static db_open_hook hooks[MAX_DB_HOOKS];
static int n_hooks;

void db_add_open_hook(db_open_hook fn)
{
    for (int i = 0; i < n_hooks; i++)
        if (hooks[i] == fn)
            return;
    if (n_hooks == MAX_DB_HOOKS) {
        fprintf(stderr, "vanphong: too many database hooks\n");
        abort();
    }
    hooks[n_hooks++] = fn;
}

static int db_run_open_hooks(void *sqlite_handle)
{
    for (int i = 0; i < n_hooks; i++)
        if (hooks[i](sqlite_handle) != 0)
            return -1;
    return 0;
}

static const db_query q_begin_immediate = {"db.begin_immediate", "BEGIN IMMEDIATE", NULL};
static const db_query q_begin_deferred = {"db.begin_deferred", "BEGIN", NULL};
static const db_query q_commit = {"db.commit", "COMMIT", NULL};
static const db_query q_rollback = {"db.rollback", "ROLLBACK", NULL};

/* Failures since start, by kind, for /metrics: counted without a lock (any thread). */
static atomic_ullong n_full, n_busy, n_error;

void db_error_counts(uint64_t *full_r, uint64_t *busy_r, uint64_t *error_r)
{
    *full_r = atomic_load_explicit(&n_full, memory_order_relaxed);
    *busy_r = atomic_load_explicit(&n_busy, memory_order_relaxed);
    *error_r = atomic_load_explicit(&n_error, memory_order_relaxed);
}

void db_set_error(db *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->err, sizeof d->err, fmt, ap);
    va_end(ap);
}

/* SQLite's result code → DB_* code, remembering a message for db_errmsg. A full disk and an
 * I/O error both mean "the write did not happen": the user must hear that clearly, so they
 * share DB_FULL and a Vietnamese message (DESIGN.md principle 3). */
int db_map_rc(db *d, int rc, const char *what)
{
    const char *smsg = sqlite3_errmsg(d->h);
    switch (rc & 0xff) {
    case SQLITE_OK:
    case SQLITE_DONE:
        return DB_DONE;
    case SQLITE_ROW:
        return DB_ROW;
    case SQLITE_FULL:
    case SQLITE_IOERR:
        d->last_full = true;
        atomic_fetch_add_explicit(&n_full, 1, memory_order_relaxed);
        db_set_error(d, "%s (%s: %s)",
                     _("Không ghi được dữ liệu: ổ đĩa đầy hoặc lỗi đọc ghi. Thay đổi chưa được "
                       "lưu."),
                     what, smsg);
        return DB_FULL;
    case SQLITE_CONSTRAINT:
        d->last_full = false;
        db_set_error(d, "%s: %s", what, smsg);
        return DB_CONSTRAINT;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        d->last_full = false;
        atomic_fetch_add_explicit(&n_busy, 1, memory_order_relaxed);
        db_set_error(d, "%s: %s", what, smsg);
        return DB_BUSY;
    default:
        d->last_full = false;
        atomic_fetch_add_explicit(&n_error, 1, memory_order_relaxed);
        db_set_error(d, "%s: %s", what, smsg);
        return DB_ERROR;
    }
}

static int pragma(db *d, const char *sql, char **err_r)
{
    char *msg = NULL;
    if (sqlite3_exec(d->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
        if (err_r && asprintf(err_r, "%s: %s", sql, msg ? msg : "?") < 0)
            *err_r = NULL;
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

int db_open(const char *path, db **db_r, char **err_r)
{
    *db_r = NULL;
    db *d = calloc(1, sizeof *d);
    if (!d)
        abort();
    d->path = strdup(path);
    /* One connection per thread (db.h), so SQLite's own mutexes are wasted work. */
    int rc = sqlite3_open_v2(
        path, &d->h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        if (err_r &&
            asprintf(err_r, "%s: %s", path, d->h ? sqlite3_errmsg(d->h) : sqlite3_errstr(rc)) < 0)
            *err_r = NULL;
        db_close(&d);
        return -1;
    }
    sqlite3_extended_result_codes(d->h, 1);
    /* The busy timeout first: switching to WAL itself needs a lock another process may hold. */
    sqlite3_busy_timeout(d->h, 5000);
    if (pragma(d, "PRAGMA journal_mode=WAL", err_r) < 0 ||
        pragma(d, "PRAGMA foreign_keys=ON", err_r) < 0 ||
        pragma(d, "PRAGMA synchronous=FULL", err_r) < 0) {
        db_close(&d);
        return -1;
    }
    if (db_run_open_hooks(d->h) != 0) {
        if (err_r &&
            asprintf(err_r, "%s: a connection hook failed: %s", path, sqlite3_errmsg(d->h)) < 0)
            *err_r = NULL;
        db_close(&d);
        return -1;
    }
    *db_r = d;
    return 0;
}

void db_close(db **dbp)
{
    if (!dbp || !*dbp)
        return;
    db *d = *dbp;
    for (size_t i = 0; i < d->cache_cap; i++)
        if (d->cache[i].q) {
            sqlite3_finalize(d->cache[i].s->st);
            free(d->cache[i].s);
        }
    free(d->cache);
    db_memo_free(d);
    if (d->h)
        sqlite3_close_v2(d->h);
    free(d->path);
    free(d);
    *dbp = NULL;
}

/* ---- per-thread connection ---- */

static char *thread_db_path;
static pthread_key_t thread_key;
static pthread_once_t thread_once = PTHREAD_ONCE_INIT;

static void thread_db_destroy(void *p)
{
    db *d = p;
    db_close(&d);
}

static void thread_key_create(void)
{
    if (pthread_key_create(&thread_key, thread_db_destroy) != 0)
        abort();
}

void db_thread_init(const char *path)
{
    pthread_once(&thread_once, thread_key_create);
    /* Set once at start-up, before worker threads exist; a second call (tests opening a new
     * directory) replaces the path for connections opened afterwards. */
    free(thread_db_path);
    thread_db_path = strdup(path);
}

db *db_thread(void)
{
    pthread_once(&thread_once, thread_key_create);
    db *d = pthread_getspecific(thread_key);
    if (d)
        return d;
    char *err = NULL;
    if (!thread_db_path) {
        fprintf(stderr, "vanphong: db_thread() before db_thread_init()\n");
        abort();
    }
    if (db_open(thread_db_path, &d, &err) < 0) {
        fprintf(stderr, "vanphong: cannot open the database: %s\n", err ? err : "?");
        abort();
    }
    pthread_setspecific(thread_key, d);
    return d;
}

void db_thread_close(void)
{
    pthread_once(&thread_once, thread_key_create);
    db *d = pthread_getspecific(thread_key);
    pthread_setspecific(thread_key, NULL);
    db_close(&d);
}

/* ---- statement cache ---- */

static size_t slot_of(const db_query *q, size_t cap)
{
    uint64_t h = (uint64_t)(uintptr_t)q;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return (size_t)h & (cap - 1);
}

static void cache_put(db *d, const db_query *q, db_stmt *s)
{
    if ((d->cache_n + 1) * 2 > d->cache_cap) {
        size_t ncap = d->cache_cap ? d->cache_cap * 2 : CACHE_MIN_CAP;
        struct cache_slot *n = calloc(ncap, sizeof *n);
        if (!n)
            abort();
        for (size_t i = 0; i < d->cache_cap; i++)
            if (d->cache[i].q) {
                size_t j = slot_of(d->cache[i].q, ncap);
                while (n[j].q)
                    j = (j + 1) & (ncap - 1);
                n[j] = d->cache[i];
            }
        free(d->cache);
        d->cache = n;
        d->cache_cap = ncap;
    }
    size_t j = slot_of(q, d->cache_cap);
    while (d->cache[j].q)
        j = (j + 1) & (d->cache_cap - 1);
    d->cache[j].q = q;
    d->cache[j].s = s;
    d->cache_n++;
}

static db_stmt *cache_find(db *d, const db_query *q)
{
    if (!d->cache_cap)
        return NULL;
    for (size_t j = slot_of(q, d->cache_cap); d->cache[j].q; j = (j + 1) & (d->cache_cap - 1))
        if (d->cache[j].q == q)
            return d->cache[j].s;
    return NULL;
}

db_stmt *db_stmt_get(db *d, const db_query *q)
{
    db_stmt *s = cache_find(d, q);
    if (s) {
        sqlite3_reset(s->st);
        sqlite3_clear_bindings(s->st);
        s->bind_rc = SQLITE_OK;
        return s;
    }
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v3(d->h, q->sqlite, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
    if (rc != SQLITE_OK || !st) {
        db_set_error(d, "prepare %s: %s", q->name, sqlite3_errmsg(d->h));
        fprintf(stderr, "vanphong: %s\n", d->err);
        sqlite3_finalize(st);
        return NULL;
    }
    s = calloc(1, sizeof *s);
    if (!s)
        abort();
    s->st = st;
    s->d = d;
    s->q = q;
    cache_put(d, q, s);
    d->prepares++;
    return s;
}

int db_prepare_count(db *d)
{
    return d->prepares;
}

/* ---- binding: a failed bind (index out of range, out of memory) is remembered and makes
 * the next db_step fail, so callers check once. ---- */

static void bind_rc(db_stmt *s, int rc)
{
    if (rc != SQLITE_OK && s->bind_rc == SQLITE_OK)
        s->bind_rc = rc;
}

void db_bind_int(db_stmt *s, int idx, int64_t v)
{
    bind_rc(s, sqlite3_bind_int64(s->st, idx, v));
}

void db_bind_double(db_stmt *s, int idx, double v)
{
    bind_rc(s, sqlite3_bind_double(s->st, idx, v));
}

void db_bind_text(db_stmt *s, int idx, const char *v)
{
    if (!v)
        bind_rc(s, sqlite3_bind_null(s->st, idx));
    else
        bind_rc(s, sqlite3_bind_text(s->st, idx, v, -1, SQLITE_TRANSIENT));
}

void db_bind_textn(db_stmt *s, int idx, const char *v, size_t n)
{
    if (!v)
        bind_rc(s, sqlite3_bind_null(s->st, idx));
    else
        bind_rc(s, sqlite3_bind_text64(s->st, idx, v, n, SQLITE_TRANSIENT, SQLITE_UTF8));
}

void db_bind_blob(db_stmt *s, int idx, const void *p, size_t n)
{
    bind_rc(s, sqlite3_bind_blob64(s->st, idx, p ? p : "", n, SQLITE_TRANSIENT));
}

void db_bind_null(db_stmt *s, int idx)
{
    bind_rc(s, sqlite3_bind_null(s->st, idx));
}

/* ---- stepping ---- */

int db_step(db_stmt *s)
{
    if (s->bind_rc != SQLITE_OK) {
        db_set_error(s->d, "bind %s: %s", s->q->name, sqlite3_errstr(s->bind_rc));
        return DB_ERROR;
    }
    int rc = sqlite3_step(s->st);
    if (rc == SQLITE_ROW)
        return DB_ROW;
    if (rc == SQLITE_DONE) {
        /* Finished statements release their read snapshot at once, so a forgotten reset
         * never pins the WAL. */
        sqlite3_reset(s->st);
        return DB_DONE;
    }
    int r = db_map_rc(s->d, sqlite3_extended_errcode(s->d->h), s->q->name);
    sqlite3_reset(s->st);
    return r;
}

int db_col_count(db_stmt *s)
{
    return sqlite3_column_count(s->st);
}

int64_t db_col_int(db_stmt *s, int col)
{
    return sqlite3_column_int64(s->st, col);
}

double db_col_double(db_stmt *s, int col)
{
    return sqlite3_column_double(s->st, col);
}

const char *db_col_text(db_stmt *s, int col)
{
    return (const char *)sqlite3_column_text(s->st, col);
}

const void *db_col_blob(db_stmt *s, int col, size_t *n_r)
{
    const void *p = sqlite3_column_blob(s->st, col);
    if (n_r)
        *n_r = (size_t)sqlite3_column_bytes(s->st, col);
    return p;
}

bool db_col_null(db_stmt *s, int col)
{
    return sqlite3_column_type(s->st, col) == SQLITE_NULL;
}

void db_reset(db_stmt *s)
{
    if (s)
        sqlite3_reset(s->st);
}

void db_reset_all(db *d)
{
    for (sqlite3_stmt *st = sqlite3_next_stmt(d->h, NULL); st; st = sqlite3_next_stmt(d->h, st))
        if (sqlite3_stmt_busy(st))
            sqlite3_reset(st);
}

int db_exec(db_stmt *s)
{
    int rc = db_step(s);
    if (rc == DB_ROW) {
        sqlite3_reset(s->st);
        return DB_DONE;
    }
    return rc;
}

/* ---- transactions ---- */

static int run_simple(db *d, const db_query *q)
{
    db_stmt *s = db_stmt_get(d, q);
    if (!s)
        return DB_ERROR;
    return db_exec(s);
}

int db_begin_write(db *d)
{
    if (db_in_tx(d)) {
        db_set_error(d, "db_begin_write: a transaction is already open");
        return DB_ERROR;
    }
    d->last_full = false;
    return run_simple(d, &q_begin_immediate);
}

bool db_failed_full(db *d)
{
    return d && d->last_full;
}

int db_begin_read(db *d)
{
    if (db_in_tx(d)) {
        db_set_error(d, "db_begin_read: a transaction is already open");
        return DB_ERROR;
    }
    return run_simple(d, &q_begin_deferred);
}

int db_commit(db *d)
{
    int rc = run_simple(d, &q_commit);
    if (rc != DB_DONE) {
        /* The message of the failed COMMIT is what the caller reports; keep it. */
        char saved[sizeof d->err];
        memcpy(saved, d->err, sizeof saved);
        db_rollback(d);
        memcpy(d->err, saved, sizeof saved);
        return rc;
    }
    return 0;
}

void db_rollback(db *d)
{
    if (!d || !db_in_tx(d))
        return;
    /* Pending readers would make ROLLBACK fail; nothing should survive a rollback anyway. */
    db_reset_all(d);
    run_simple(d, &q_rollback);
}

bool db_in_tx(db *d)
{
    return sqlite3_get_autocommit(d->h) == 0;
}

int64_t db_last_id(db *d)
{
    return sqlite3_last_insert_rowid(d->h);
}

int db_changes(db *d)
{
    return sqlite3_changes(d->h);
}

const char *db_errmsg(db *d)
{
    return d->err[0] ? d->err : sqlite3_errmsg(d->h);
}

const char *db_path(db *d)
{
    return d->path;
}

int db_exec_script(db *d, const char *sql, char **err_r)
{
    char *msg = NULL;
    int rc = sqlite3_exec(d->h, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        int r = db_map_rc(d, sqlite3_extended_errcode(d->h), "script");
        if (err_r && asprintf(err_r, "%s", msg ? msg : d->err) < 0)
            *err_r = NULL;
        sqlite3_free(msg);
        return r;
    }
    return 0;
}

void *db_sqlite_handle(db *d)
{
    return d->h;
}
