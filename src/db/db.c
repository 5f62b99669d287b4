/* The store contract's front (db.h): chooses the driver from the open target, forwards every
 * call through the connection's driver table, and holds what both drivers share — the
 * per-thread connection, the statement cache and the error counters.
 *
 * The hot path (db_stmt_get, db_bind_*, db_step, db_col_*) costs one indirect call more than
 * calling SQLite directly; the statement and connection carry their driver table in their
 * first word, so there is no lookup (bench: docs/POSTGRESQL.md, "The dispatch"). */
#include "db/db_impl.h"
#include "db/pg.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CACHE_MIN_CAP 64

/* ---- choosing the driver ---- */

bool db_target_is_pg(const char *t)
{
    if (!t)
        return false;
    if (strncmp(t, "postgresql://", 13) == 0 || strncmp(t, "postgres://", 11) == 0)
        return true;
    /* A libpq keyword string: "key=value" pairs; a file path never starts with one of these
     * keywords followed by '=' (a data directory's file is …/vanphong.db). */
    static const char *const keys[] = {
        "host=", "hostaddr=", "dbname=", "user=", "port=", "service=", "application_name=", NULL};
    for (const char *p = t; *p;) {
        while (*p == ' ')
            p++;
        for (int i = 0; keys[i]; i++)
            if (strncmp(p, keys[i], strlen(keys[i])) == 0)
                return true;
        p = strchr(p, ' ');
        if (!p)
            break;
    }
    return false;
}

char *db_target_redacted(const char *t)
{
    char *r = strdup(t ? t : "");
    if (!r)
        abort();
    /* scheme://user:SECRET@host… */
    char *s = strstr(r, "://");
    if (s) {
        char *u = s + 3, *at = strchr(u, '@'), *slash = strchr(u, '/');
        char *colon = at ? memchr(u, ':', (size_t)(at - u)) : NULL;
        if (at && (!slash || at < slash) && colon) {
            char *out = NULL;
            if (asprintf(&out, "%.*s:***%s", (int)(colon - r), r, at) < 0)
                abort();
            free(r);
            r = out;
        }
    }
    /* password=SECRET (up to the next space; a quoted value to its closing quote) */
    char *p = strstr(r, "password=");
    if (p) {
        char *v = p + 9, *end = v;
        if (*v == '\'') {
            end = strchr(v + 1, '\'');
            end = end ? end + 1 : v + strlen(v);
        } else {
            end = strchr(v, ' ');
            if (!end)
                end = v + strlen(v);
        }
        char *out = NULL;
        if (asprintf(&out, "%.*s***%s", (int)(v - r), r, end) < 0)
            abort();
        free(r);
        r = out;
    }
    return r;
}

enum db_kind db_kind_of(db *d)
{
    return d->drv->kind;
}

int db_open(const char *path, db **db_r, char **err_r)
{
    *db_r = NULL;
    if (err_r)
        *err_r = NULL;
    const struct db_driver *drv = db_target_is_pg(path) ? &db_pg_driver : &db_sqlite_driver;
    return drv->open(path, db_r, err_r);
}

void db_base_init(db *d, const struct db_driver *drv, const char *path)
{
    d->drv = drv;
    d->path = strdup(path);
    if (!d->path)
        abort();
}

void db_close(db **dbp)
{
    if (!dbp || !*dbp)
        return;
    db *d = *dbp;
    for (size_t i = 0; i < d->cache_cap; i++)
        if (d->cache[i].q)
            d->drv->stmt_free(d->cache[i].s);
    free(d->cache);
    d->cache = NULL;
    d->cache_cap = d->cache_n = 0;
    db_memo_free(d);
    char *path = d->path;
    d->drv->close(d); /* frees d */
    free(path);
    *dbp = NULL;
}

/* ---- errors ---- */

/* Failures since start, by kind, for /metrics: counted without a lock (any thread). */
static atomic_ullong n_full, n_busy, n_error;

void db_count_error(int code)
{
    if (code == DB_FULL)
        atomic_fetch_add_explicit(&n_full, 1, memory_order_relaxed);
    else if (code == DB_BUSY)
        atomic_fetch_add_explicit(&n_busy, 1, memory_order_relaxed);
    else if (code == DB_ERROR)
        atomic_fetch_add_explicit(&n_error, 1, memory_order_relaxed);
}

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
    if (d) {
        if (d->drv->revive)
            d->drv->revive(d);
        return d;
    }
    char *err = NULL;
    if (!thread_db_path) {
        fprintf(stderr, "vanphong: db_thread() before db_thread_init()\n");
        abort();
    }
    const struct db_driver *drv =
        db_target_is_pg(thread_db_path) ? &db_pg_driver : &db_sqlite_driver;
    if ((drv->open_thread ? drv->open_thread : drv->open)(thread_db_path, &d, &err) < 0) {
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

/* ---- statement cache: open addressing keyed by the db_query's address. A module's
 * statements are static, so the address is a stable identity and lookup costs one hash probe,
 * no strcmp. ---- */

static size_t slot_of(const db_query *q, size_t cap)
{
    uint64_t h = (uint64_t)(uintptr_t)q;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return (size_t)h & (cap - 1);
}

void db_cache_put(db *d, const db_query *q, db_stmt *s)
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
    d->prepares++;
}

db_stmt *db_cache_find(db *d, const db_query *q)
{
    if (!d->cache_cap)
        return NULL;
    for (size_t j = slot_of(q, d->cache_cap); d->cache[j].q; j = (j + 1) & (d->cache_cap - 1))
        if (d->cache[j].q == q)
            return d->cache[j].s;
    return NULL;
}

void db_cache_each(db *d, void (*fn)(db_stmt *s))
{
    for (size_t i = 0; i < d->cache_cap; i++)
        if (d->cache[i].q)
            fn(d->cache[i].s);
}

int db_prepare_count(db *d)
{
    return d->prepares;
}

/* ---- forwarding ---- */

db_stmt *db_stmt_get(db *d, const db_query *q)
{
    return d->drv->stmt_get(d, q);
}

void db_bind_int(db_stmt *s, int idx, int64_t v)
{
    s->drv->bind_int(s, idx, v);
}

void db_bind_double(db_stmt *s, int idx, double v)
{
    s->drv->bind_double(s, idx, v);
}

void db_bind_text(db_stmt *s, int idx, const char *v)
{
    if (!v)
        s->drv->bind_null(s, idx);
    else
        s->drv->bind_textn(s, idx, v, strlen(v));
}

void db_bind_textn(db_stmt *s, int idx, const char *v, size_t n)
{
    if (!v)
        s->drv->bind_null(s, idx);
    else
        s->drv->bind_textn(s, idx, v, n);
}

void db_bind_blob(db_stmt *s, int idx, const void *p, size_t n)
{
    s->drv->bind_blob(s, idx, p ? p : "", n);
}

void db_bind_null(db_stmt *s, int idx)
{
    s->drv->bind_null(s, idx);
}

int db_step(db_stmt *s)
{
    return s->drv->step(s);
}

int db_col_count(db_stmt *s)
{
    return s->drv->col_count(s);
}

int64_t db_col_int(db_stmt *s, int col)
{
    return s->drv->col_int(s, col);
}

double db_col_double(db_stmt *s, int col)
{
    return s->drv->col_double(s, col);
}

const char *db_col_text(db_stmt *s, int col)
{
    return s->drv->col_text(s, col);
}

const void *db_col_blob(db_stmt *s, int col, size_t *n_r)
{
    return s->drv->col_blob(s, col, n_r);
}

bool db_col_null(db_stmt *s, int col)
{
    return s->drv->col_null(s, col);
}

void db_reset(db_stmt *s)
{
    if (s)
        s->drv->reset(s);
}

void db_reset_all(db *d)
{
    d->drv->reset_all(d);
}

int db_exec(db_stmt *s)
{
    return s->drv->exec(s);
}

int db_begin_write(db *d)
{
    if (db_in_tx(d)) {
        db_set_error(d, "db_begin_write: a transaction is already open");
        return DB_ERROR;
    }
    d->last_full = false;
    return d->drv->begin_write(d);
}

bool db_lost(db *d)
{
    return d && d->drv->lost && d->drv->lost(d);
}

int db_begin_write_rows(db *d)
{
    if (db_in_tx(d)) {
        db_set_error(d, "db_begin_write_rows: a transaction is already open");
        return DB_ERROR;
    }
    d->last_full = false;
    return d->drv->begin_write_rows ? d->drv->begin_write_rows(d) : d->drv->begin_write(d);
}

int db_begin_read(db *d)
{
    if (db_in_tx(d)) {
        db_set_error(d, "db_begin_read: a transaction is already open");
        return DB_ERROR;
    }
    return d->drv->begin_read(d);
}

int db_commit(db *d)
{
    return d->drv->commit(d);
}

void db_rollback(db *d)
{
    if (!d || !db_in_tx(d))
        return;
    d->drv->rollback(d);
}

bool db_in_tx(db *d)
{
    return d->drv->in_tx(d);
}

bool db_failed_full(db *d)
{
    return d && d->last_full;
}

int64_t db_last_id(db *d)
{
    return d->drv->last_id(d);
}

int db_changes(db *d)
{
    return d->drv->changes(d);
}

const char *db_errmsg(db *d)
{
    return d->drv->errmsg(d);
}

const char *db_path(db *d)
{
    return d->path;
}

int db_exec_script(db *d, const char *sql, char **err_r)
{
    return d->drv->exec_script(d, sql, err_r);
}

int db_backup(db *d, const char *to, char **err_r)
{
    return d->drv->backup(d, to, err_r);
}

int db_check(db *d, char **err_r)
{
    return d->drv->check(d, err_r);
}

void *db_sqlite_handle(db *d)
{
    return d->drv->sqlite_handle ? d->drv->sqlite_handle(d) : NULL;
}
