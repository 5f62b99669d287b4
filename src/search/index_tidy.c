/* Keeping the FTS5 index in few segments (SQLite only). Contract in search.h.
 *
 * FTS5 writes each indexing transaction as a new segment (b-tree) and merges them when four
 * pile up on a level. After a bulk load the 1M office had twelve, and every term of every
 * statement then walks twelve b-trees merged on the fly: a look-up of one row by a phrase cost
 * 0.20 ms against 0.03 in one segment, and the ward clerk's searches 10-40 % more (sort_date
 * 11 → 7 ms, phrase 19.4 → 17.0, unaccented 15.3 → 13.1: docs/perf/ward.md, session 13).
 *
 * So a level is merged as soon as it holds two segments (FTS5's 'merge' command with usermerge
 * 2), SEARCH_TIDY_PAGES pages a write transaction (at most 30 ms on this machine), so a
 * clerk registering meanwhile waits at most one of them: by the server's idle workers, and by
 * the import and the reindex when they end. After a load that was most of the index, the whole
 * index is merged into one segment the same way: one step with a negative count puts the
 * segments of that moment on one level and starts merging them, and the positive steps carry
 * that merge on.
 *
 * Only the first step is negative: measured, when every step was (each one re-levels every
 * segment, a clerk's new ones included), with a clerk registering meanwhile the index reached
 * 1,048 segments in 2,000 steps and her registrations waited up to 30 s. Two segments search
 * nearly as fast as one (docs/perf/ward.md). */
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>

#include "base/clock.h"
#include "search/search.h"
#include "search/search_pg.h"

/* The structure record of the index (FTS5's on-disk format, fts5_index.c): a 4-byte cookie,
 * in newer versions a 4-byte marker 0xff000001, then the varints nLevel, nSegment. */
static const db_query q_structure = {
    "search.structure",
    "SELECT block FROM search_fts_data WHERE id = 10",
    NULL,
};

static const db_query q_usermerge = {
    "search.usermerge",
    "INSERT INTO search_fts (search_fts, rank) VALUES ('usermerge', 2)",
    NULL,
};

static const db_query q_merge = {
    "search.merge",
    "INSERT INTO search_fts (search_fts, rank) VALUES ('merge', ?1)",
    NULL,
};

static int varint(const unsigned char *p, size_t n, size_t *pos, int64_t *v_r)
{
    uint64_t v = 0;
    for (int i = 0; i < 9; i++) {
        if (*pos >= n)
            return -1;
        unsigned char c = p[(*pos)++];
        if (i == 8) {
            v = (v << 8) | c;
            break;
        }
        v = (v << 7) | (c & 0x7f);
        if (!(c & 0x80))
            break;
    }
    *v_r = (int64_t)v;
    return 0;
}

int search_segments(db *d)
{
    if (search_is_pg(d))
        return 0;
    db_stmt *s = db_stmt_get(d, &q_structure);
    if (!s)
        return -1;
    int r = db_step(s), segments = -1;
    size_t n = 0;
    const unsigned char *p = r == DB_ROW ? db_col_blob(s, 0, &n) : NULL;
    size_t pos = 4;
    if (p && n >= 8 && p[4] == 0xff && p[5] == 0 && p[6] == 0 && p[7] == 1)
        pos = 8;
    int64_t levels, segs;
    if (p && varint(p, n, &pos, &levels) == 0 && varint(p, n, &pos, &segs) == 0 && segs >= 0 &&
        segs < 1000000)
        segments = (int)segs;
    else if (r == DB_DONE)
        segments = 0; /* an empty index has no structure record yet */
    db_reset(s);
    return segments;
}

/* One transaction of merging; 1 when it merged something, 0 when there was nothing to merge,
 * -1 on failure. */
static int merge_step(db *d, int pages)
{
    sqlite3 *h = db_sqlite_handle(d);
    if (db_begin_write(d) != 0)
        return -1;
    /* usermerge 2 (kept in the table's config): a level of two is merged */
    db_stmt *u = db_stmt_get(d, &q_usermerge);
    if (!u || db_exec(u) != DB_DONE)
        goto fail;
    db_stmt *s = db_stmt_get(d, &q_merge);
    if (!s)
        goto fail;
    db_bind_int(s, 1, pages);
    /* the command's own row counts one change; pages written count the rest */
    int before = sqlite3_total_changes(h);
    if (db_exec(s) != DB_DONE)
        goto fail;
    int changed = sqlite3_total_changes(h) - before > 1;
    if (db_commit(d) != 0)
        return -1;
    return changed;
fail:
    fprintf(stderr, "vanphong: search: merging the index failed: %s\n", db_errmsg(d));
    db_rollback(d);
    return -1;
}

int search_tidy(db *d, bool whole, int max_steps)
{
    if (search_is_pg(d))
        return 0;
    if (search_schema_ensure(d) != 0)
        return -1;
    int steps = 0;
    if (whole && search_segments(d) > 1) {
        /* a negative count puts today's segments on one level and starts merging them; the
         * positive steps below carry that merge on and leave later segments where they are */
        int r = merge_step(d, -SEARCH_TIDY_PAGES);
        if (r < 0)
            return -1;
        steps += r;
    }
    while (max_steps <= 0 || steps < max_steps) {
        int r = merge_step(d, SEARCH_TIDY_PAGES);
        if (r < 0)
            return -1;
        if (r == 0)
            break;
        steps++;
    }
    return steps;
}

static const db_query q_rows = {
    "search.rows",
    "SELECT count(*) FROM search_docs",
    NULL,
};

bool search_tidy_whole_after(db *d, int64_t loaded)
{
    db_stmt *s = db_stmt_get(d, &q_rows);
    if (!s)
        return false;
    int64_t rows = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
    db_reset(s);
    return loaded > 0 && loaded * 2 >= rows;
}

/* The segment count at which the idle merge last found nothing to do: not asked again until
 * the count changes (a merge leaves at most one segment a level, and there may be more levels
 * than SEARCH_TIDY_SEGMENTS). And the time of the last step: the idle workers take one at most
 * every SEARCH_TIDY_IDLE_MS, and only once nobody else has written for SEARCH_TIDY_QUIET_MS
 * (an import writing slice after slice, a clerk registering: measured, idle merges between an
 * import's slices took a clerk's registrations from 62 to 75-89 ms p99). The data version is
 * the connection's own (SQLITE_FCNTL_DATA_VERSION: every commit to the file, this connection's
 * too), so it is kept per worker thread, and read again after each step of ours. */
static _Atomic int idle_settled = -1;
static _Atomic int64_t idle_last_ms;
static _Thread_local unsigned int quiet_version;
static _Thread_local int64_t quiet_since;

static unsigned int data_version(db *d)
{
    unsigned int v = 0;
    sqlite3_file_control(db_sqlite_handle(d), "main", SQLITE_FCNTL_DATA_VERSION, &v);
    return v;
}

int search_tidy_idle(db *d)
{
    if (search_is_pg(d))
        return 0;
    int64_t now = clock_now_ms();
    if (now - atomic_load(&idle_last_ms) < SEARCH_TIDY_IDLE_MS)
        return 0;
    int n = search_segments(d); /* a read: the data version is current after it */
    unsigned int v = data_version(d);
    if (v != quiet_version || quiet_since == 0) {
        quiet_version = v;
        quiet_since = now;
        return 0;
    }
    if (now - quiet_since < SEARCH_TIDY_QUIET_MS || n <= SEARCH_TIDY_SEGMENTS ||
        n == atomic_load(&idle_settled))
        return 0;
    atomic_store(&idle_last_ms, now);
    int r = search_tidy(d, false, 1);
    if (r == 0)
        atomic_store(&idle_settled, n);
    quiet_version = data_version(d); /* our own step is not somebody else's write */
    return r > 0 ? r : 0;
}
