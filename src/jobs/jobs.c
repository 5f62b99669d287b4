/* The durable job queue and its worker threads. Contract in jobs.h. */
#include "jobs/jobs.h"
#include "jobs/jobs_impl.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/clock.h"

enum { MAX_KINDS = 32, MAX_IDLE = 32 };

typedef struct job_kind {
    const char *kind;
    job_fn run;
    job_fail_fn failed;
} job_kind;
static job_kind kinds[MAX_KINDS];
static int n_kinds;
static job_idle_fn idle_hooks[MAX_IDLE];
static int n_idle;
static job_idle_fn tick_hooks[MAX_IDLE];
static int n_tick;
static pthread_mutex_t reg_lock = PTHREAD_MUTEX_INITIALIZER;

void jobs_register(const char *kind, job_fn run, job_fail_fn failed)
{
    pthread_mutex_lock(&reg_lock);
    for (int i = 0; i < n_kinds; i++)
        if (strcmp(kinds[i].kind, kind) == 0) {
            pthread_mutex_unlock(&reg_lock);
            return;
        }
    if (n_kinds == MAX_KINDS) {
        /* A kind dropped here would leave its jobs queued for ever: say so at start-up. */
        fprintf(stderr, "vanphong: too many job kinds (src/jobs/jobs.c MAX_KINDS)\n");
        abort();
    }
    kinds[n_kinds++] = (job_kind){kind, run, failed};
    pthread_mutex_unlock(&reg_lock);
}

void jobs_add_idle(job_idle_fn fn)
{
    pthread_mutex_lock(&reg_lock);
    bool have = false;
    for (int i = 0; i < n_idle; i++)
        have |= idle_hooks[i] == fn;
    if (!have && n_idle == MAX_IDLE) {
        /* A hook dropped here is a reminder or a delivery that silently never happens. */
        fprintf(stderr, "vanphong: too many idle hooks (src/jobs/jobs.c MAX_IDLE)\n");
        abort();
    }
    if (!have)
        idle_hooks[n_idle++] = fn;
    pthread_mutex_unlock(&reg_lock);
}

void jobs_add_tick(job_idle_fn fn)
{
    jobs_add_idle(fn);
    pthread_mutex_lock(&reg_lock);
    bool have = false;
    for (int i = 0; i < n_tick; i++)
        have |= tick_hooks[i] == fn;
    if (!have && n_tick < MAX_IDLE) /* n_tick <= n_idle: jobs_add_idle aborted otherwise */
        tick_hooks[n_tick++] = fn;
    pthread_mutex_unlock(&reg_lock);
}

void jobs_run_ticks(void)
{
    job_idle_fn hooks[MAX_IDLE];
    pthread_mutex_lock(&reg_lock);
    int n = n_tick;
    memcpy(hooks, tick_hooks, sizeof hooks);
    pthread_mutex_unlock(&reg_lock);
    db *d = db_thread();
    for (int i = 0; i < n; i++)
        hooks[i](d);
}

/* ---- the queue ------------------------------------------------------------------------- */

static const db_query q_enqueue = {
    "jobs.enqueue",
    "INSERT INTO jobs (kind, payload) VALUES (?1, ?2)",
    NULL,
};

int64_t jobs_enqueue(db *d, const char *kind, const char *payload)
{
    db_stmt *s = db_stmt_get(d, &q_enqueue);
    if (!s)
        return -1;
    db_bind_text(s, 1, kind);
    db_bind_text(s, 2, payload);
    if (db_exec(s) != DB_DONE)
        return -1;
    return db_last_id(d);
}

static const db_query q_done_inline = {
    "jobs.done_inline",
    "UPDATE jobs SET state = 'done', updated_at = ?3 WHERE kind = ?1 AND payload = ?2"
    " AND state = 'queued'",
    NULL,
};

int jobs_done_in_tx(db *d, const char *kind, const char *payload)
{
    char now[32];
    clock_iso(clock_now(), now, sizeof now);
    db_stmt *s = db_stmt_get(d, &q_done_inline);
    if (!s)
        return -1;
    db_bind_text(s, 1, kind);
    db_bind_text(s, 2, payload);
    db_bind_text(s, 3, now);
    if (db_exec(s) != DB_DONE)
        return -1;
    return db_changes(d) > 0 ? 1 : 0;
}

/* The claim (claim() below). On SQLite it runs under the one writer's lock. On PostgreSQL it
 * runs in db_begin_write_rows, beside other writers on every node: each row it takes is
 * locked with FOR UPDATE SKIP LOCKED, so two workers never take the same job and neither
 * waits for the other; the lease (locked_at) is what a killed node leaves behind. */

/* Jobs left running by a dead process (locked_at older than the stale limit: the lease) go
 * back. */
static const db_query q_unstale = {
    "jobs.unstale",
    "UPDATE jobs SET state = 'queued', locked_by = NULL, locked_at = NULL,"
    " last_error = 'interrupted', updated_at = ?1"
    " WHERE state = 'running' AND locked_at < ?2",
    "UPDATE jobs SET state = 'queued', locked_by = NULL, locked_at = NULL,"
    " last_error = 'interrupted', updated_at = $1 WHERE id IN (SELECT id FROM jobs"
    " WHERE state = 'running' AND locked_at < $2 FOR UPDATE SKIP LOCKED)",
};

static const db_query q_next = {
    "jobs.next",
    "SELECT id, kind, payload, attempts, max_attempts FROM jobs"
    " WHERE state = 'queued' AND run_after <= ?1 ORDER BY run_after, id LIMIT 1",
    "SELECT id, kind, payload, attempts, max_attempts FROM jobs"
    " WHERE state = 'queued' AND run_after <= $1 ORDER BY run_after, id LIMIT 1"
    " FOR UPDATE SKIP LOCKED",
};

static const db_query q_claim = {
    "jobs.claim",
    "UPDATE jobs SET state = 'running', attempts = attempts + 1, locked_by = ?2,"
    " locked_at = ?3, updated_at = ?3 WHERE id = ?1 AND state = 'queued'",
    NULL,
};

static const db_query q_done = {
    "jobs.done",
    "UPDATE jobs SET state = 'done', locked_by = NULL, locked_at = NULL, last_error = NULL,"
    " updated_at = ?2 WHERE id = ?1",
    NULL,
};

/* A job interrupted by shutdown goes back without counting the attempt. */
static const db_query q_requeue = {
    "jobs.requeue",
    "UPDATE jobs SET state = 'queued', attempts = max(attempts - 1, 0), locked_by = NULL,"
    " locked_at = NULL, updated_at = ?2 WHERE id = ?1",
    NULL,
};

static const db_query q_retry = {
    "jobs.retry",
    "UPDATE jobs SET state = ?2, locked_by = NULL, locked_at = NULL, last_error = ?3,"
    " run_after = ?4, updated_at = ?5 WHERE id = ?1",
    NULL,
};

typedef struct claimed {
    int64_t id;
    char kind[32];
    char *payload;
    int attempts, max_attempts;
} claimed;

static void iso_at(int64_t t, char buf[32])
{
    clock_iso(t, buf, 32);
}

/* Anything to claim? A read, so idle workers never take the write lock. */
static const db_query q_any = {
    "jobs.any",
    "SELECT 1 FROM jobs WHERE (state = 'queued' AND run_after <= ?1)"
    " OR (state = 'running' AND locked_at < ?2) LIMIT 1",
    NULL,
};

/* Claims the oldest ready job. 1 claimed, 0 none, -1 store error. */
static int claim(db *d, const char *worker, claimed *out)
{
    char now[32], stale[32];
    int64_t t = clock_now();
    iso_at(t, now);
    iso_at(t - JOBS_STALE_S, stale);
    db_stmt *a = db_stmt_get(d, &q_any);
    if (!a)
        return -1;
    db_bind_text(a, 1, now);
    db_bind_text(a, 2, stale);
    int any = db_step(a);
    db_reset(a);
    if (any == DB_DONE)
        return 0;
    if (db_begin_write_rows(d) != 0)
        return -1;
    db_stmt *s = db_stmt_get(d, &q_unstale);
    if (!s)
        goto fail;
    db_bind_text(s, 1, now);
    db_bind_text(s, 2, stale);
    if (db_exec(s) != DB_DONE)
        goto fail;
    s = db_stmt_get(d, &q_next);
    if (!s)
        goto fail;
    db_bind_text(s, 1, now);
    int r = db_step(s);
    if (r == DB_DONE) {
        db_reset(s);
        db_rollback(d);
        return 0;
    }
    if (r != DB_ROW)
        goto fail;
    out->id = db_col_int(s, 0);
    snprintf(out->kind, sizeof out->kind, "%s", db_col_text(s, 1) ? db_col_text(s, 1) : "");
    out->payload = strdup(db_col_text(s, 2) ? db_col_text(s, 2) : "");
    if (!out->payload)
        abort();
    out->attempts = (int)db_col_int(s, 3) + 1;
    out->max_attempts = (int)db_col_int(s, 4);
    db_reset(s);
    s = db_stmt_get(d, &q_claim);
    if (!s)
        goto fail_free;
    db_bind_int(s, 1, out->id);
    db_bind_text(s, 2, worker);
    db_bind_text(s, 3, now);
    if (db_exec(s) != DB_DONE)
        goto fail_free;
    if (db_changes(d) != 1) { /* never under a row lock; kept as the claim's own proof */
        free(out->payload);
        out->payload = NULL;
        db_rollback(d);
        return 0;
    }
    if (db_commit(d) != 0)
        goto fail_free;
    return 1;
fail_free:
    free(out->payload);
    out->payload = NULL;
fail:
    db_rollback(d);
    return -1;
}

static job_fn find_run(const char *kind, job_fail_fn *failed_r)
{
    job_fn fn = NULL;
    *failed_r = NULL;
    pthread_mutex_lock(&reg_lock);
    for (int i = 0; i < n_kinds; i++)
        if (strcmp(kinds[i].kind, kind) == 0) {
            fn = kinds[i].run;
            *failed_r = kinds[i].failed;
        }
    pthread_mutex_unlock(&reg_lock);
    return fn;
}

/* Records the outcome; retried writes so a busy database does not lose it. */
static void finish(db *d, const claimed *j, int rc, const char *err)
{
    char now[32], later[32];
    int64_t t = clock_now();
    iso_at(t, now);
    iso_at(t + (int64_t)JOBS_RETRY_DELAY_S * j->attempts, later);
    bool interrupted = rc != 0 && jobs_exec_cancelled();
    bool final = rc != 0 && !interrupted && (rc == -2 || j->attempts >= j->max_attempts);
    for (int tries = 0; tries < 5; tries++) {
        if (db_begin_write(d) != 0) {
            usleep(100000);
            continue;
        }
        db_stmt *s;
        if (interrupted) {
            s = db_stmt_get(d, &q_requeue);
            if (s) {
                db_bind_int(s, 1, j->id);
                db_bind_text(s, 2, now);
            }
        } else if (rc == 0) {
            s = db_stmt_get(d, &q_done);
            if (s) {
                db_bind_int(s, 1, j->id);
                db_bind_text(s, 2, now);
            }
        } else {
            s = db_stmt_get(d, &q_retry);
            if (s) {
                db_bind_int(s, 1, j->id);
                db_bind_text(s, 2, final ? "failed" : "queued");
                db_bind_textn(s, 3, err ? err : "error",
                              strnlen(err ? err : "error", JOBS_MAX_ERROR));
                db_bind_text(s, 4, final ? now : later);
                db_bind_text(s, 5, now);
            }
        }
        if (s && db_exec(s) == DB_DONE && db_commit(d) == 0)
            break;
        db_rollback(d);
        usleep(100000);
    }
    if (final) {
        job_fail_fn failed;
        find_run(j->kind, &failed);
        if (failed)
            failed(d, j->payload, err ? err : "error");
    }
}

/* Claims and runs one job. 1 ran one, 0 none ready, -1 store error. */
static int run_one(db *d, const char *worker, const char *data_dir)
{
    claimed j = {0};
    int r = claim(d, worker, &j);
    if (r <= 0)
        return r;
    job_fail_fn failed;
    job_fn fn = find_run(j.kind, &failed);
    char *err = NULL;
    int rc;
    if (!fn) {
        rc = -1;
        if (asprintf(&err, "unknown job kind '%s'", j.kind) < 0)
            abort();
        j.attempts = j.max_attempts; /* no point retrying */
    } else {
        rc = fn(d, j.payload, data_dir, &err);
    }
    finish(d, &j, rc, err);
    free(err);
    free(j.payload);
    return 1;
}

static int run_idle(db *d)
{
    job_idle_fn hooks[MAX_IDLE];
    pthread_mutex_lock(&reg_lock);
    int n = n_idle;
    memcpy(hooks, idle_hooks, sizeof hooks);
    pthread_mutex_unlock(&reg_lock);
    int done = 0;
    for (int i = 0; i < n; i++) {
        int k = hooks[i](d);
        if (k > 0)
            done += k;
    }
    return done;
}

int jobs_run_pending(int max, const char *data_dir)
{
    db *d = db_thread();
    int ran = 0;
    while (ran < max && run_one(d, "cli", data_dir) == 1)
        ran++;
    while (run_idle(d) > 0)
        ;
    return ran;
}

/* ---- worker threads ---------------------------------------------------------------------- */

static pthread_t threads[JOBS_MAX_THREADS];
static int n_threads;
static atomic_bool stopping;
static pthread_mutex_t wake_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake_cond = PTHREAD_COND_INITIALIZER;
static char *worker_data_dir;

void jobs_wake(void)
{
    pthread_mutex_lock(&wake_lock);
    pthread_cond_broadcast(&wake_cond);
    pthread_mutex_unlock(&wake_lock);
}

/* Finished jobs are kept a while for the status page, then dropped. */
#define JOBS_KEEP_DONE_S (7 * 24 * 3600)
/* In chunks: after a bulk import there are 100,000s of done jobs, and one DELETE of them all
 * held the write lock for seconds. */
enum { PURGE_CHUNK = 500 };
/* INDEXED BY: with the state an equality of jobs_ready, SQLite's planner prefers that index,
 * and reads every finished job's row for its age. */
const db_query jobs_q_purge = {
    "jobs.purge",
    "DELETE FROM jobs WHERE id IN (SELECT id FROM jobs INDEXED BY jobs_done WHERE state = 'done'"
    " AND updated_at < ?1 LIMIT ?2)",
    "DELETE FROM jobs WHERE id IN (SELECT id FROM jobs WHERE state = 'done' AND updated_at < $1"
    " LIMIT $2)",
};

static void purge_done(db *d)
{
    char before[32];
    iso_at(clock_now() - JOBS_KEEP_DONE_S, before);
    for (;;) {
        if (db_begin_write(d) != 0)
            return;
        db_stmt *s = db_stmt_get(d, &jobs_q_purge);
        if (!s)
            break;
        db_bind_text(s, 1, before);
        db_bind_int(s, 2, PURGE_CHUNK);
        if (db_exec(s) != DB_DONE)
            break;
        int n = db_changes(d);
        if (db_commit(d) != 0 || n < PURGE_CHUNK || atomic_load(&stopping))
            return;
        jobs_wait_turn();
    }
    db_rollback(d);
}

/* Sleeps up to ms unless the workers are told to stop (an enqueue may end it early). */
static void pause_ms(int ms)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_nsec += (long)ms * 1000000L;
    ts.tv_sec += ts.tv_nsec / 1000000000L;
    ts.tv_nsec %= 1000000000L;
    pthread_mutex_lock(&wake_lock);
    if (!atomic_load(&stopping))
        pthread_cond_timedwait(&wake_cond, &wake_lock, &ts);
    pthread_mutex_unlock(&wake_lock);
}

void jobs_wait_turn(void)
{
    const int64_t period = JOBS_SLICE_MS + JOBS_YIELD_MS;
    int64_t t;
    while (!atomic_load(&stopping) && (t = clock_now_ms() % period) >= JOBS_SLICE_MS)
        pause_ms((int)(period - t));
}

static void *worker(void *arg)
{
    char name[64];
    snprintf(name, sizeof name, "%ld:%d", (long)getpid(), (int)(intptr_t)arg);
    db *d = db_thread();
    int64_t last_purge = 0;
    while (!atomic_load(&stopping)) {
        jobs_wait_turn();
        if (atomic_load(&stopping))
            break;
        if ((intptr_t)arg == 0 && clock_now_ms() - last_purge > 3600 * 1000) {
            purge_done(d);
            last_purge = clock_now_ms();
        }
        int r = run_one(d, name, worker_data_dir);
        if (r == 1)
            continue;
        if (run_idle(d) > 0)
            continue;
        pause_ms(JOBS_POLL_MS);
    }
    db_thread_close();
    return NULL;
}

int jobs_start(int nthreads, const char *data_dir)
{
    if (n_threads > 0)
        return 0;
    if (nthreads < 1)
        nthreads = 1;
    if (nthreads > JOBS_MAX_THREADS)
        nthreads = JOBS_MAX_THREADS;
    free(worker_data_dir);
    worker_data_dir = strdup(data_dir ? data_dir : ".");
    if (!worker_data_dir)
        abort();
    atomic_store(&stopping, false);
    for (int i = 0; i < nthreads; i++) {
        if (pthread_create(&threads[i], NULL, worker, (void *)(intptr_t)i) != 0) {
            jobs_stop();
            return -1;
        }
        n_threads = i + 1;
    }
    return 0;
}

void jobs_stop(void)
{
    if (n_threads == 0)
        return;
    atomic_store(&stopping, true);
    jobs_exec_cancel(true);
    jobs_wake();
    for (int i = 0; i < n_threads; i++)
        pthread_join(threads[i], NULL);
    n_threads = 0;
    jobs_exec_cancel(false);
}
