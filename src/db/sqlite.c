/* The SQLite driver of the store contract (db.h, through db.c's driver table): connections,
 * binding, stepping, transactions and the mapping of SQLite result codes onto DB_* codes.
 *
 * Backup and integrity checks live in maintain.c. */
#include "db/sqlite_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "base/i18n.h"

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

/* SQLite's result code → DB_* code, remembering a message for db_errmsg. A full disk and an
 * I/O error both mean "the write did not happen": the user must hear that clearly, so they
 * share DB_FULL and a Vietnamese message (DESIGN.md principle 3). */
int db_map_rc(db *d, int rc, const char *what)
{
    const char *smsg = sqlite3_errmsg(SQ(d)->h);
    switch (rc & 0xff) {
    case SQLITE_OK:
    case SQLITE_DONE:
        return DB_DONE;
    case SQLITE_ROW:
        return DB_ROW;
    case SQLITE_FULL:
    case SQLITE_IOERR:
        d->last_full = true;
        db_count_error(DB_FULL);
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
        db_count_error(DB_BUSY);
        db_set_error(d, "%s: %s", what, smsg);
        return DB_BUSY;
    default:
        d->last_full = false;
        db_count_error(DB_ERROR);
        db_set_error(d, "%s: %s", what, smsg);
        return DB_ERROR;
    }
}

static int pragma(sqlite3 *h, const char *sql, char **err_r)
{
    char *msg = NULL;
    if (sqlite3_exec(h, sql, NULL, NULL, &msg) != SQLITE_OK) {
        if (err_r && asprintf(err_r, "%s: %s", sql, msg ? msg : "?") < 0)
            *err_r = NULL;
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

/* Waiting for a lock another connection holds: a poll every millisecond, for 5 seconds as
 * before (measured on the clock: a loaded machine oversleeps). SQLite's own busy_timeout
 * sleeps 1, 2, 5, 10 … 100 ms between tries, so a clerk's registration could sleep through
 * the short gaps a bulk import leaves between its write slices (cli_import.c, issue 17) and
 * wait behind many of them; a 1 ms poll takes the first gap. One wait at a time per thread
 * (one connection per thread), so the start is thread-local. */
enum { BUSY_POLL_US = 1000, BUSY_TIMEOUT_MS = 5000 };

static int busy_poll(void *arg, int count)
{
    (void)arg;
    static _Thread_local struct timespec start;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (count == 0)
        start = now;
    else if ((now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000 >=
             BUSY_TIMEOUT_MS)
        return 0;
    struct timespec ts = {0, BUSY_POLL_US * 1000L};
    nanosleep(&ts, NULL);
    return 1;
}

/* ---- checkpoints beside a bulk import (issue 17, docs/perf/import.md) ----
 * SQLite checkpoints in the commit that carries the WAL past 1,000 pages, whichever
 * connection that is. Beside `vanphong import` the WAL passes that mark every few hundred
 * milliseconds, so a clerk's registration on the server paid, in its own commit, for copying
 * the import's last pages into the database file and its fsync: 292 of 413 registrations,
 * up to 95 ms. A bulk writer therefore claims the checkpoints for as long as it runs
 * (db_checkpoints_claim: an exclusive flock on DB-import, released when the process ends,
 * even by a crash) and checkpoints itself between its slices; every other connection's commit
 * then leaves them to it. Without a claim the hook does exactly what SQLite's default does. */
enum { AUTO_CHECKPOINT_PAGES = 1000 }; /* SQLite's default wal_autocheckpoint */

static void claim_path(const char *db_file, char *out, size_t n)
{
    snprintf(out, n, "%s-import", db_file ? db_file : "");
}

/* True when another open file (another process, normally) holds the claim. */
static bool checkpoints_claimed(const char *db_file)
{
    if (!db_file || !*db_file)
        return false;
    char path[4096];
    claim_path(db_file, path, sizeof path);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false; /* the usual case: no import has run here */
    bool held = flock(fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK;
    close(fd); /* drops our shared lock, if we got it */
    return held;
}

static int wal_hook(void *arg, sqlite3 *h, const char *name, int frames)
{
    (void)arg;
    if (frames < AUTO_CHECKPOINT_PAGES || checkpoints_claimed(sqlite3_db_filename(h, name)))
        return SQLITE_OK;
    sqlite3_wal_checkpoint_v2(h, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
    return SQLITE_OK;
}

static int claim_fd = -1;

int db_checkpoints_claim(db *d)
{
    sqlite3 *h = db_sqlite_handle(d);
    if (!h)
        return 0; /* PostgreSQL checkpoints by itself */
    if (claim_fd >= 0)
        return 0;
    char path[4096];
    claim_path(sqlite3_db_filename(h, "main"), path, sizeof path);
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return -1;
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        close(fd);
        return -1;
    }
    claim_fd = fd;
    return 0;
}

void db_checkpoints_release(db *d)
{
    if (claim_fd < 0)
        return;
    sqlite3 *h = db_sqlite_handle(d);
    if (h) {
        char path[4096];
        claim_path(sqlite3_db_filename(h, "main"), path, sizeof path);
        unlink(path);
    }
    close(claim_fd);
    claim_fd = -1;
}

/* Each connection's page cache: VANPHONG_CACHE_MB (default 32 MiB, 1 to 1024). SQLite's own
 * default, 2 MB, let a search at 1M documents re-read the same b-tree and doclist pages from
 * the kernel statement after statement: a quarter of its time was pread copying pages the
 * cache had just evicted (perf, session 10); 32 MiB took that to a twentieth. The cache fills
 * only as pages are read, so an idle server or a short command pays nothing; a busy server
 * holds at most this much per thread (RSS under load: docs/OPERATIONS.md). */
static const char *cache_pragma(void)
{
    static char sql[48];
    static int once;
    if (!once) { /* a benign race: every thread computes the same text */
        const char *e = getenv("VANPHONG_CACHE_MB");
        long mb = e && *e ? strtol(e, NULL, 10) : 32;
        if (mb < 1 || mb > 1024)
            mb = 32;
        snprintf(sql, sizeof sql, "PRAGMA cache_size=-%ld", mb * 1024);
        once = 1;
    }
    return sql;
}

static int sq_open(const char *path, db **db_r, char **err_r)
{
    sq_db *x = calloc(1, sizeof *x);
    if (!x)
        abort();
    db *d = &x->base;
    db_base_init(d, &db_sqlite_driver, path);
    /* One connection per thread (db.h), so SQLite's own mutexes are wasted work. */
    int rc = sqlite3_open_v2(
        path, &x->h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        if (err_r &&
            asprintf(err_r, "%s: %s", path, x->h ? sqlite3_errmsg(x->h) : sqlite3_errstr(rc)) < 0)
            *err_r = NULL;
        db_close(&d);
        return -1;
    }
    sqlite3_extended_result_codes(x->h, 1);
    /* The busy timeout first: switching to WAL itself needs a lock another process may hold. */
    sqlite3_busy_handler(x->h, busy_poll, NULL);
    if (pragma(x->h, "PRAGMA journal_mode=WAL", err_r) < 0 ||
        pragma(x->h, "PRAGMA foreign_keys=ON", err_r) < 0 ||
        pragma(x->h, "PRAGMA synchronous=FULL", err_r) < 0) {
        db_close(&d);
        return -1;
    }
    /* Replaces SQLite's default checkpoint hook (same threshold); PRAGMA wal_autocheckpoint
     * still installs the default one (the import's "= 0"). */
    sqlite3_wal_hook(x->h, wal_hook, NULL);
    if (pragma(x->h, cache_pragma(), err_r) < 0) {
        db_close(&d);
        return -1;
    }
    if (db_run_open_hooks(x->h) != 0) {
        if (err_r &&
            asprintf(err_r, "%s: a connection hook failed: %s", path, sqlite3_errmsg(x->h)) < 0)
            *err_r = NULL;
        db_close(&d);
        return -1;
    }
    *db_r = d;
    return 0;
}

static void sq_stmt_free(db_stmt *s)
{
    sqlite3_finalize(SQS(s)->st);
    free(s);
}

static void sq_close(db *d)
{
    if (SQ(d)->h)
        sqlite3_close_v2(SQ(d)->h);
    free(d);
}

static db_stmt *sq_stmt_get(db *d, const db_query *q)
{
    sq_stmt *s = (sq_stmt *)db_cache_find(d, q);
    if (s) {
        sqlite3_reset(s->st);
        sqlite3_clear_bindings(s->st);
        s->bind_rc = SQLITE_OK;
        return &s->base;
    }
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v3(SQ(d)->h, q->sqlite, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
    if (rc != SQLITE_OK || !st) {
        db_set_error(d, "prepare %s: %s", q->name, sqlite3_errmsg(SQ(d)->h));
        fprintf(stderr, "vanphong: %s\n", d->err);
        sqlite3_finalize(st);
        return NULL;
    }
    s = calloc(1, sizeof *s);
    if (!s)
        abort();
    s->base.drv = &db_sqlite_driver;
    s->base.d = d;
    s->base.q = q;
    s->st = st;
    db_cache_put(d, q, &s->base);
    return &s->base;
}

/* ---- binding: a failed bind (index out of range, out of memory) is remembered and makes
 * the next db_step fail, so callers check once. ---- */

static void bind_rc(db_stmt *s, int rc)
{
    if (rc != SQLITE_OK && SQS(s)->bind_rc == SQLITE_OK)
        SQS(s)->bind_rc = rc;
}

static void sq_bind_int(db_stmt *s, int idx, int64_t v)
{
    bind_rc(s, sqlite3_bind_int64(SQS(s)->st, idx, v));
}

static void sq_bind_double(db_stmt *s, int idx, double v)
{
    bind_rc(s, sqlite3_bind_double(SQS(s)->st, idx, v));
}

static void sq_bind_textn(db_stmt *s, int idx, const char *v, size_t n)
{
    bind_rc(s, sqlite3_bind_text64(SQS(s)->st, idx, v, n, SQLITE_TRANSIENT, SQLITE_UTF8));
}

static void sq_bind_blob(db_stmt *s, int idx, const void *p, size_t n)
{
    bind_rc(s, sqlite3_bind_blob64(SQS(s)->st, idx, p, n, SQLITE_TRANSIENT));
}

static void sq_bind_null(db_stmt *s, int idx)
{
    bind_rc(s, sqlite3_bind_null(SQS(s)->st, idx));
}

/* ---- stepping ---- */

static int sq_step(db_stmt *s)
{
    sq_stmt *x = SQS(s);
    if (x->bind_rc != SQLITE_OK) {
        db_set_error(s->d, "bind %s: %s", s->q->name, sqlite3_errstr(x->bind_rc));
        return DB_ERROR;
    }
    int rc = sqlite3_step(x->st);
    if (rc == SQLITE_ROW)
        return DB_ROW;
    if (rc == SQLITE_DONE) {
        /* Finished statements release their read snapshot at once, so a forgotten reset
         * never pins the WAL. */
        sqlite3_reset(x->st);
        return DB_DONE;
    }
    int r = db_map_rc(s->d, sqlite3_extended_errcode(SQ(s->d)->h), s->q->name);
    sqlite3_reset(x->st);
    return r;
}

static int sq_col_count(db_stmt *s)
{
    return sqlite3_column_count(SQS(s)->st);
}

static int64_t sq_col_int(db_stmt *s, int col)
{
    return sqlite3_column_int64(SQS(s)->st, col);
}

static double sq_col_double(db_stmt *s, int col)
{
    return sqlite3_column_double(SQS(s)->st, col);
}

static const char *sq_col_text(db_stmt *s, int col)
{
    return (const char *)sqlite3_column_text(SQS(s)->st, col);
}

static const void *sq_col_blob(db_stmt *s, int col, size_t *n_r)
{
    const void *p = sqlite3_column_blob(SQS(s)->st, col);
    if (n_r)
        *n_r = (size_t)sqlite3_column_bytes(SQS(s)->st, col);
    return p;
}

static bool sq_col_null(db_stmt *s, int col)
{
    return sqlite3_column_type(SQS(s)->st, col) == SQLITE_NULL;
}

static void sq_reset(db_stmt *s)
{
    sqlite3_reset(SQS(s)->st);
}

static void sq_reset_all(db *d)
{
    sqlite3 *h = SQ(d)->h;
    for (sqlite3_stmt *st = sqlite3_next_stmt(h, NULL); st; st = sqlite3_next_stmt(h, st))
        if (sqlite3_stmt_busy(st))
            sqlite3_reset(st);
}

static int sq_exec(db_stmt *s)
{
    int rc = sq_step(s);
    if (rc == DB_ROW) {
        sqlite3_reset(SQS(s)->st);
        return DB_DONE;
    }
    return rc;
}

/* ---- transactions ---- */

static int run_simple(db *d, const db_query *q)
{
    db_stmt *s = sq_stmt_get(d, q);
    if (!s)
        return DB_ERROR;
    return sq_exec(s);
}

static int sq_begin_write(db *d)
{
    return run_simple(d, &q_begin_immediate);
}

static int sq_begin_read(db *d)
{
    return run_simple(d, &q_begin_deferred);
}

static bool sq_in_tx(db *d)
{
    return sqlite3_get_autocommit(SQ(d)->h) == 0;
}

static void sq_rollback(db *d)
{
    /* Pending readers would make ROLLBACK fail; nothing should survive a rollback anyway. */
    sq_reset_all(d);
    run_simple(d, &q_rollback);
}

static int sq_commit(db *d)
{
    int rc = run_simple(d, &q_commit);
    if (rc != DB_DONE) {
        /* The message of the failed COMMIT is what the caller reports; keep it. */
        char saved[sizeof d->err];
        memcpy(saved, d->err, sizeof saved);
        if (sq_in_tx(d))
            sq_rollback(d);
        memcpy(d->err, saved, sizeof saved);
        return rc;
    }
    return 0;
}

static int64_t sq_last_id(db *d)
{
    return sqlite3_last_insert_rowid(SQ(d)->h);
}

static int sq_changes(db *d)
{
    return sqlite3_changes(SQ(d)->h);
}

static const char *sq_errmsg(db *d)
{
    return d->err[0] ? d->err : sqlite3_errmsg(SQ(d)->h);
}

static int sq_exec_script(db *d, const char *sql, char **err_r)
{
    char *msg = NULL;
    int rc = sqlite3_exec(SQ(d)->h, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        int r = db_map_rc(d, sqlite3_extended_errcode(SQ(d)->h), "script");
        if (err_r && asprintf(err_r, "%s", msg ? msg : d->err) < 0)
            *err_r = NULL;
        sqlite3_free(msg);
        return r;
    }
    return 0;
}

static void *sq_handle(db *d)
{
    return SQ(d)->h;
}

const struct db_driver db_sqlite_driver = {
    .kind = DB_KIND_SQLITE,
    .name = "sqlite",
    .open = sq_open,
    .close = sq_close,
    .stmt_free = sq_stmt_free,
    .revive = NULL,
    .stmt_get = sq_stmt_get,
    .bind_int = sq_bind_int,
    .bind_double = sq_bind_double,
    .bind_textn = sq_bind_textn,
    .bind_blob = sq_bind_blob,
    .bind_null = sq_bind_null,
    .step = sq_step,
    .col_count = sq_col_count,
    .col_int = sq_col_int,
    .col_double = sq_col_double,
    .col_text = sq_col_text,
    .col_blob = sq_col_blob,
    .col_null = sq_col_null,
    .reset = sq_reset,
    .reset_all = sq_reset_all,
    .exec = sq_exec,
    .begin_write = sq_begin_write,
    .begin_read = sq_begin_read,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .in_tx = sq_in_tx,
    .last_id = sq_last_id,
    .changes = sq_changes,
    .errmsg = sq_errmsg,
    .exec_script = sq_exec_script,
    .backup = sq_backup,
    .check = sq_check,
    .sqlite_handle = sq_handle,
};
