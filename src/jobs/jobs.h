#ifndef VP_JOBS_H
#define VP_JOBS_H
/* Background jobs: a durable queue in the database (table jobs, migration 020_search.sql) and
 * worker threads that run them; plus the sandbox that runs untrusted work (text extraction,
 * OCR) in child processes with CPU, memory, time and output limits.
 *
 * A job is (kind, payload text). Enqueue it in the same write transaction as the change that
 * calls for it (triggers do this for attachments), so a committed change never lacks its job.
 * A worker claims the oldest ready job in a short write transaction (queued → running,
 * locked_by/at), runs the kind's handler outside any transaction, then records done; on error
 * the job returns to queued with last_error and a growing run_after (JOBS_RETRY_DELAY_S ×
 * attempts) until max_attempts, then ends failed and the kind's fail hook records it where
 * users see it. A job left running by a dead process is taken back after JOBS_STALE_S.
 *
 * Between jobs the workers also call the idle hooks (the search indexer's catch-up).
 *
 * Interactive writes come first. Every write transaction of a worker is short: claiming a job,
 * recording its result, indexing a bounded batch (search_sync stops at SEARCH_SYNC_TX_BYTES of
 * text or SEARCH_SYNC_TX_MS), purging a chunk of old jobs — each its own BEGIN IMMEDIATE …
 * COMMIT, with extraction and OCR outside any transaction. Short is not enough: back-to-back
 * short transactions leave a writer waiting in SQLite's busy handler (which looks again only
 * every 1…100 ms) no gap to take the lock in. So the workers start work only in the first
 * JOBS_SLICE_MS of every JOBS_SLICE_MS + JOBS_YIELD_MS of the clock, all threads in step: in
 * the rest no worker begins anything, and a login or a registration that waits finds the lock
 * free within one period. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/strbuf.h"
#include "db/db.h"

#define JOBS_MAX_THREADS 8
#define JOBS_POLL_MS 500 /* a worker with nothing to do looks again after this */
#define JOBS_RETRY_DELAY_S 30
#define JOBS_STALE_S (15 * 60) /* a running job older than this is taken back */
#define JOBS_MAX_ERROR 1000    /* bytes of last_error kept */
#define JOBS_SLICE_MS 100      /* workers may start work in this part of each period… */
#define JOBS_YIELD_MS                                                                              \
    150 /* …not in this one: > a batch's SEARCH_SYNC_TX_MS + SQLite's 100 ms step */

/* Returns when the clock is in the background's part of the period (JOBS_SLICE_MS of every
 * JOBS_SLICE_MS + JOBS_YIELD_MS, the same for every process: the monotonic clock is the
 * system's). Other background writers (vanphong reindex) call it before each batch too. */
void jobs_wait_turn(void);

/* Runs one job. 0 = done; -1 = failed this attempt (retried later); -2 = failed for good (the
 * input itself is bad: no retry). *err_r a malloc'd Vietnamese message (may be NULL). Called on a
 * worker thread with that thread's connection, outside any transaction. */
typedef int (*job_fn)(db *d, const char *payload, const char *data_dir, char **err_r);
/* Called (outside any transaction) when a job has failed for the last time. */
typedef void (*job_fail_fn)(db *d, const char *payload, const char *error);
/* Called when there is no job: does a bounded piece of work, returns how much (0 = idle). */
typedef int (*job_idle_fn)(db *d);

/* Registers a kind before jobs start (later calls are ignored once workers run). The built-in
 * kinds ('extract' → search_extract_job) are registered by jobs_start/jobs_run_pending. */
void jobs_register(const char *kind, job_fn run, job_fail_fn failed);
void jobs_add_idle(job_idle_fn fn);
/* Registers a clock-driven sweep (reminders, opening the current report periods, the awards
 * list, the fixity schedule): an idle hook that jobs_run_ticks also runs once at start-up. Such
 * a hook throttles itself (once a minute, an hour, a day) and must stay cheap on a large
 * office: `serve` waits for it before it says it listens. Queue drains (search, deliveries
 * to peers, which may wait on the network) stay plain idle hooks. */
void jobs_add_tick(job_idle_fn fn);
/* Runs every tick once on the calling thread's connection. `serve` calls it before it starts the
 * workers and prints "listening": the sweeps have then done the start time's work before any
 * request can change the state, instead of at a first idle moment that comes before or after
 * a client's first requests depending on how busy the machine is. */
void jobs_run_ticks(void);

/* Enqueues a job inside the caller's write transaction. Returns the id or -1. */
int64_t jobs_enqueue(db *d, const char *kind, const char *payload);

/* Marks the queued job (kind, payload) done inside the caller's write transaction: for a bulk
 * writer that did the job's work itself in the same transaction (vanphong import extracts
 * plain-text attachments as it registers them). 1 marked, 0 none queued, -1 error. */
int jobs_done_in_tx(db *d, const char *kind, const char *payload);

/* Starts nthreads (1..JOBS_MAX_THREADS) worker threads on the database the process opened
 * (db_thread_init), each with its own connection. 0 or -1. */
int jobs_start(int nthreads, const char *data_dir);
/* Asks the workers to stop, waits for the running jobs to end (their children are killed by
 * their time limits at worst), joins the threads. NULL-safe to call when not started. */
void jobs_stop(void);
/* Wakes the workers now (after an enqueue in this process). */
void jobs_wake(void);

/* Runs up to max ready jobs on the calling thread's connection (db_thread()), then the idle
 * hooks until they have nothing left (tests, CLI). data_dir as for jobs_start. Returns the
 * number of jobs run. */
int jobs_run_pending(int max, const char *data_dir);

/* ---- the sandbox (exec.c) ----------------------------------------------------------------- */

typedef struct exec_limits {
    int cpu_s;         /* RLIMIT_CPU seconds */
    int wall_s;        /* wall-clock limit; the child (and its process group) is killed */
    size_t mem_bytes;  /* RLIMIT_AS */
    size_t file_bytes; /* RLIMIT_FSIZE: the most any file the child writes may hold */
    size_t out_max;    /* stdout kept; beyond it the child is killed and *truncated_r set */
} exec_limits;

/* Default limits for extraction and OCR of one file or page. */
#define EXEC_DEFAULT_LIMITS                                                                        \
    {                                                                                              \
        60, 120, (size_t)1024 * 1024 * 1024, (size_t)512 * 1024 * 1024, (size_t)4 * 1024 * 1024    \
    }

/* Runs argv[0] (an absolute path, or a name looked up on PATH before forking) with argv, in a
 * new process group, stdin from /dev/null, stdout captured into out, stderr captured (at most
 * 4 KB) for the error message, in working directory cwd (NULL = unchanged), with
 * OMP_THREAD_LIMIT=1, LC_ALL=C.UTF-8 and nothing else of the environment but PATH and HOME.
 * Returns 0 when the child exited 0; -1 otherwise with *err_r (malloc'd English detail for
 * logs and the job's error: "timed out after 120 s", "killed by signal 9", "exit 1: …").
 * *truncated_r (may be NULL) is set when the output hit out_max (the child was killed; the
 * output kept is still returned with 0 if nothing else went wrong). Thread-safe. */
int jobs_exec(const char *const argv[], const char *cwd, const exec_limits *lim, strbuf *out,
              bool *truncated_r, char **err_r);
/* While on, every running and future jobs_exec child is killed at once and the call fails
 * with "cancelled" (jobs_stop turns it on so a shutdown never waits for an OCR run). */
void jobs_exec_cancel(bool on);
bool jobs_exec_cancelled(void);

#endif
