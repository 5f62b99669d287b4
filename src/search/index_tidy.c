/* Keeping the FTS5 index in few segments (SQLite only). Contract in search.h.
 *
 * FTS5 writes each indexing transaction as a new segment (b-tree) and merges them when four
 * pile up on a level. After a bulk load the 1M office had twelve, and every term of every
 * statement then walks twelve b-trees merged on the fly: a look-up of one row by a phrase cost
 * 0.20 ms against 0.03 in one segment, and the ward clerk's searches 10-40 % more (sort_date
 * 11 → 7 ms, phrase 19.4 → 17.0, unaccented 15.3 → 13.1: docs/perf/ward.md, session 13).
 *
 * So: after a bulk load (import, reindex) the whole index is merged into one segment, and at
 * other times the idle workers merge a level as soon as it holds two. Both go through FTS5's
 * own 'merge' command, SEARCH_TIDY_PAGES pages a write transaction (about 28 ms at 1M on this
 * machine), so a clerk registering meanwhile waits at most one of them. */
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>

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
static int merge_step(db *d, bool full)
{
    sqlite3 *h = db_sqlite_handle(d);
    if (db_begin_write(d) != 0)
        return -1;
    /* usermerge 2 (kept in the table's config): a positive merge takes a level of two */
    db_stmt *u = db_stmt_get(d, &q_usermerge);
    if (!u || db_exec(u) != DB_DONE)
        goto fail;
    db_stmt *s = db_stmt_get(d, &q_merge);
    if (!s)
        goto fail;
    db_bind_int(s, 1, full ? -SEARCH_TIDY_PAGES : SEARCH_TIDY_PAGES);
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

int search_tidy(db *d, bool full, int max_steps)
{
    if (search_is_pg(d))
        return 0;
    if (search_schema_ensure(d) != 0)
        return -1;
    int steps = 0;
    while (max_steps <= 0 || steps < max_steps) {
        if (full && search_segments(d) <= 1)
            break;
        int r = merge_step(d, full);
        if (r < 0)
            return -1;
        if (r == 0)
            break;
        steps++;
    }
    return steps;
}

/* The segment count at which the idle merge last found nothing to do: not asked again until
 * the count changes (a positive merge leaves at most one segment a level, and there may be
 * more levels than SEARCH_TIDY_SEGMENTS). */
static _Atomic int idle_settled = -1;

static const db_query q_rows = {
    "search.rows",
    "SELECT count(*) FROM search_docs",
    NULL,
};

bool search_tidy_full_after(db *d, int64_t loaded)
{
    db_stmt *s = db_stmt_get(d, &q_rows);
    if (!s)
        return false;
    int64_t rows = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
    db_reset(s);
    return loaded > 0 && loaded * 2 >= rows;
}

int search_tidy_idle(db *d)
{
    if (search_is_pg(d))
        return 0;
    int n = search_segments(d);
    if (n <= SEARCH_TIDY_SEGMENTS || n == atomic_load(&idle_settled))
        return 0;
    int r = search_tidy(d, false, 1);
    if (r == 0)
        atomic_store(&idle_settled, n);
    return r > 0 ? r : 0;
}
