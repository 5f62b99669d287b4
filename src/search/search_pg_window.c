/* The scan of a search on PostgreSQL by windows of rowids, newest first (issue 16).
 *
 * The scan wants the newest SEARCH_COUNT_MAX + 1 visible matches. SQLite's FTS5 reads its
 * doclists newest first and stops there; a GIN index has no order, so the plans before this
 * one either walked search_fts backwards by primary key testing `@@` on each row (reading,
 * detoasting, the vector of every row passed over: the office leader's phrase at 1,000,000
 * documents, 781 ms) or read every match the index gave and sorted them (the ward clerk's
 * common words: tens of thousands of rows, 0.5–1 s).
 *
 * Here every document's folded vector carries the tag of its window of rowids ("\x01w<n>",
 * search_pg_window rowids each) and of its block of SEARCH_PG_BLOCK windows ("\x01b<n>"), and
 * the tags of SQLite's search_tags.h (units, users, year, month, kind, type: pg/064's
 * search_tags_of). The GIN index is asked for the query AND the newest window's tags (AND the
 * scope's units and her own tag, AND the filters' tags), then the windows before it, as many
 * as the matches seen so far say the rest needs (four times the last when none was seen):
 * each answer holds only the matches of its window, so a common word reads a couple of
 * thousand rows however large the office, and a rare one a few index look-ups. A query of plain
 * words (no phrase, no weight) needs no recheck, so no vector is read at all; a phrase rechecks the
 * rows of its windows only. The rows found are then tested by the filters and the whole visibility
 * rule by primary key, and ranked (the newest SEARCH_RANK_CANDIDATES) by a third statement: same
 * rows, order and cut as search.pg_scan (test_search_pg compares them for every fixture user). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/strbuf.h"
#include "org/org.h"
#include "search/fts5_vi.h"
#include "search/search_pg.h"
#include "search/search_pg_sql.h"
#include "search/search_tags.h"

int search_pg_window = SEARCH_PG_WINDOW;

/* Past this many units the tags' OR costs the GIN index more than it saves (search_pg.c). */
#define WINDOW_UNITS_MAX 32
/* A window is at most this many times as wide as the one after it (newer), and as wide as the
 * visible matches per rowid seen so far say the rows still wanted need, times the margin: a
 * window too narrow costs another statement (a millisecond or two), one too wide the rows it
 * reads past the cut (a phrase rechecks each one's vector: ~5 µs). */
#define WINDOW_GROWTH 4
#define WINDOW_MARGIN 1.2
/* The rest of the index in one statement once the matches per rowid seen so far say it holds
 * at most the rows still wanted (and a few): a rare word's windows cost a GIN look-up each for
 * nothing (at 1,000,000 documents five statements, 25 ms, for 17 hits), and a caller with
 * few documents never fills a window. Not twice them: a word is not spread evenly over the
 * years, and a rest taken wrongly reads every match left where windows kept wrongly cost a
 * statement or two — the ward clerk's "chuyển đổi số" at 1M had 20 in the newest 6,145
 * rowids, 3,226 left by that density where 7,144 were: one window, then a rest of 160 ms.
 * At most REST_ROWS_MAX rows are read that way. */
#define REST_ROWS_MAX (8 * (search_scan_max + 1))

static const db_query q_top = {
    "search.pg_top",
    "SELECT coalesce(max(rowid), 0) FROM search_fts",
    NULL,
};

/* The rowids of one window's matches: the GIN index alone answers (no ORDER BY, so the planner
 * is never tempted by the primary key's order). */
static const db_query q_window = {
    "search.pg_window",
    "SELECT rowid FROM search_fts WHERE folded @@ CAST(?1 AS tsquery)",
    NULL,
};

/* The same, a phrase of marked words tested on the exact column (search_pg_scan_windows' qw):
 * the GIN index answers ?1, the phrase's words ANDed, which needs no recheck; ts_match_vq (a
 * function, which the planner never takes to an index) tests the phrase ?2 on the row's exact
 * vector — a quarter of the folded one's size, most of them kept in the row itself, where the
 * folded vector is read from its TOAST table. */
static const db_query q_window_exact = {
    "search.pg_window_exact",
    "SELECT rowid FROM search_fts WHERE folded @@ CAST(?1 AS tsquery)"
    " AND ts_match_vq(exact, CAST(?2 AS tsquery))",
    NULL,
};

/* The rows of ?15 (a JSON array of ids) that pass the filters and the visibility rule. */
static const db_query q_window_rows = {
    "search.pg_window_rows",
    "SELECT d.id, d.kind, d.doc_type, d.year, d.unit_id, d.sort_date FROM search_docs d"
    " WHERE d.id = " PG_IDS("?15") " AND ?6 IS NOT NULL" PG_FILTERS " AND " SEARCH_VISIBLE,
    NULL,
};

/* The newest and the oldest document of year ?1 (search_docs_year: two index look-ups). */
static const db_query q_year_ends = {
    "search.pg_year_ends",
    "SELECT (SELECT id FROM search_docs WHERE year = ?1 ORDER BY id DESC LIMIT 1),"
    " (SELECT id FROM search_docs WHERE year = ?1 ORDER BY id LIMIT 1)",
    NULL,
};

/* Every match left at once, when the windows seen say there are few (at most ?2 rows: more
 * and the answer is dropped, the windows go on — a bitmap gives them in no useful order). */
static const db_query q_rest = {
    "search.pg_rest",
    "SELECT rowid FROM search_fts WHERE folded @@ CAST(?1 AS tsquery) LIMIT ?2",
    NULL,
};
static const db_query q_rest_exact = {
    "search.pg_rest_exact",
    "SELECT rowid FROM search_fts WHERE folded @@ CAST(?1 AS tsquery)"
    " AND ts_match_vq(exact, CAST(?3 AS tsquery)) LIMIT ?2",
    NULL,
};

/* The exact hit and ts_rank of the rows of ?3 (the scan's newest SEARCH_RANK_CANDIDATES). */
static const db_query q_rank = {
    "search.pg_rank",
    "SELECT rowid, CASE WHEN CAST(?2 AS tsquery) IS NOT NULL AND exact @@ CAST(?2 AS tsquery)"
    " THEN 1 ELSE 0 END, ts_rank(folded, CAST(?1 AS tsquery))"
    " FROM search_fts WHERE rowid = " PG_IDS("?3"),
    NULL,
};
/* The same ranked on the exact vector, for a query of exact keys (search_pg_shape): the rank
 * is the same, and the folded vector (4 KB at 1,000,000 documents, in TOAST) is not read —
 * the exact one (1.1 KB) is, for the exact hit, anyway. */
static const db_query q_rank_exact = {
    "search.pg_rank_exact",
    "SELECT rowid, CASE WHEN CAST(?2 AS tsquery) IS NOT NULL AND exact @@ CAST(?2 AS tsquery)"
    " THEN 1 ELSE 0 END, ts_rank(exact, CAST(?1 AS tsquery))"
    " FROM search_fts WHERE rowid = " PG_IDS("?3"),
    NULL,
};

/* "('\x01w12' | '\x01b0' …)": the windows lo..hi, whole blocks by their block's tag. */
static void window_tags(strbuf *b, int64_t lo, int64_t hi)
{
    sb_addc(b, '(');
    for (int64_t w = hi, n = 0; w >= lo; n++) {
        if (n)
            sb_adds(b, " | ");
        if ((w + 1) % SEARCH_PG_BLOCK == 0 && w - (SEARCH_PG_BLOCK - 1) >= lo) {
            search_tag_write_int(b, &search_tags_tsquery, 'b', w / SEARCH_PG_BLOCK);
            w -= SEARCH_PG_BLOCK;
        } else {
            search_tag_write_int(b, &search_tags_tsquery, 'w', w);
            w--;
        }
    }
    sb_addc(b, ')');
}

/* Past this many years a date range's ends are not looked up. */
#define YEARS_MAX 10

/* The rowids a year or date filter can match lie between *lo_r and *hi_r: the oldest and the
 * newest document of its years (year is sort_date's: 020_search.sql). 1 when the filter has
 * years and they hold documents, 0 when it has none (the whole index), 2 when its years hold
 * no document at all; -1 on a store failure. */
static int year_ends(ctx *c, const search_filter *f, int64_t *lo_r, int64_t *hi_r)
{
    int y0 = 0, y1 = 0, m, d;
    if (f->from && *f->from && f->to && *f->to && clock_parse_date(f->from, &y0, &m, &d) == 0 &&
        clock_parse_date(f->to, &y1, &m, &d) == 0) {
        if (f->year > 0)
            y0 = y0 > f->year ? y0 : (int)f->year, y1 = y1 < f->year ? y1 : (int)f->year;
    } else if (f->year > 0) {
        y0 = y1 = (int)f->year;
    }
    if (y1 <= 0 || y1 - y0 >= YEARS_MAX)
        return 0;
    if (y1 < y0)
        return 2; /* the year outside the dates: nothing can match */
    int64_t lo = -1, hi = -1;
    for (int y = y0; y <= y1; y++) {
        db_stmt *s = db_stmt_get(c->db, &q_year_ends);
        if (!s)
            return -1;
        db_bind_int(s, 1, y);
        int r = db_step(s);
        if (r == DB_ROW && !db_col_null(s, 0)) {
            int64_t a = db_col_int(s, 1), b = db_col_int(s, 0);
            lo = lo < 0 || a < lo ? a : lo;
            hi = b > hi ? b : hi;
        }
        db_reset(s);
        if (r != DB_ROW)
            return -1;
    }
    if (hi < 0)
        return 2;
    *lo_r = lo, *hi_r = hi;
    return 1;
}

static int id_desc(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? 1 : x > y ? -1 : 0;
}

static int row_desc(const void *a, const void *b)
{
    return id_desc(&((const scan_row *)a)->rowid, &((const scan_row *)b)->rowid);
}

/* ids[0..n) as a JSON array, in the arena */
static const char *ids_json(ctx *c, const int64_t *ids, int n)
{
    strbuf b = STRBUF_INIT;
    sb_add_ids(&b, ids, n);
    const char *r = arena_strdup(c->a, sb_str(&b));
    sb_free(&b);
    return r;
}

typedef struct ids {
    int64_t *v;
    int n, cap;
} ids;

static void ids_add(ctx *c, ids *l, int64_t id)
{
    if (l->cap == 0) {
        l->cap = 256;
        l->v = arena_alloc(c->a, (size_t)l->cap * sizeof *l->v);
    }
    ARENA_GROW(c->a, l->v, l->n, l->cap);
    l->v[l->n++] = id;
}

/* Reads every rowid statement s gives (column 0) into l. 0 or -1. */
static int read_ids(ctx *c, db_stmt *s, ids *l)
{
    int r;
    while ((r = db_step(s)) == DB_ROW)
        ids_add(c, l, db_col_int(s, 0));
    db_reset(s);
    return r == DB_DONE ? 0 : -1;
}

/* The visible rows of ids[0..n) (newest first), appended to sc up to the cut. 0 or -1. */
static int add_visible(ctx *c, const char *q, const search_filter *f, const int64_t *v, int n,
                       scan *sc, int *cap)
{
    if (n == 0)
        return 0;
    db_stmt *s = db_stmt_get(c->db, &q_window_rows);
    if (!s)
        return -1;
    search_bind_all(c, s, q, f);
    db_bind_text(s, 15, ids_json(c, v, n));
    int first = sc->n, r;
    while ((r = db_step(s)) == DB_ROW) {
        ARENA_GROW(c->a, sc->v, sc->n, *cap);
        search_scan_row_read(c, s, &sc->v[sc->n++]);
    }
    db_reset(s);
    if (r != DB_DONE)
        return -1;
    /* newest first within the window; every row of an older window is older */
    qsort(sc->v + first, (size_t)(sc->n - first), sizeof *sc->v, row_desc);
    if (sc->n > search_scan_max) {
        sc->n = search_scan_max;
        sc->cut = true;
    }
    return 0;
}

/* The exact hit and ts_rank of the scan's newest SEARCH_RANK_CANDIDATES rows. 0 or -1. */
static int rank(ctx *c, const char *q, const char *qe, bool exact_keys, scan *sc)
{
    int n = sc->n < SEARCH_RANK_CANDIDATES ? sc->n : SEARCH_RANK_CANDIDATES;
    if (n == 0)
        return 0;
    int64_t *v = arena_alloc(c->a, (size_t)n * sizeof *v);
    for (int i = 0; i < n; i++)
        v[i] = sc->v[i].rowid;
    db_stmt *s = db_stmt_get(c->db, exact_keys ? &q_rank_exact : &q_rank);
    if (!s)
        return -1;
    db_bind_text(s, 1, q);
    if (qe)
        db_bind_text(s, 2, qe);
    else
        db_bind_null(s, 2);
    db_bind_text(s, 3, ids_json(c, v, n));
    int r;
    while ((r = db_step(s)) == DB_ROW) {
        int64_t id = db_col_int(s, 0);
        /* sc->v[0..n) is newest first: a binary search by rowid */
        int lo = 0, hi = n - 1;
        while (lo <= hi) {
            int mid = (lo + hi) / 2;
            if (sc->v[mid].rowid == id) {
                sc->v[mid].ranked = true;
                sc->v[mid].exact = (int)db_col_int(s, 1);
                sc->v[mid].bm25 = db_col_double(s, 2);
                break;
            }
            if (sc->v[mid].rowid > id)
                lo = mid + 1;
            else
                hi = mid - 1;
        }
    }
    db_reset(s);
    return r == DB_DONE ? 0 : -1;
}

int search_pg_scan_windows(ctx *c, const char *q, const char *qe, const search_pg_shape *shape,
                           const search_filter *f, bool scoped, bool small, scan *sc)
{
    /* a phrase of marked words: its words to the index, the phrase to the exact column */
    const char *qw = shape ? shape->words : NULL, *gin_q = qw ? qw : q;
    int64_t *units = NULL;
    bool all = false;
    int n_units = scoped ? org_scope_unit_ids(c, &units, &all) : 0;
    scoped = scoped && !all && n_units > 0 && n_units <= WINDOW_UNITS_MAX;

    db_stmt *s = db_stmt_get(c->db, &q_top);
    if (!s)
        return -1;
    int r = db_step(s);
    int64_t top = r == DB_ROW ? db_col_int(s, 0) : 0;
    db_reset(s);
    if (r != DB_ROW)
        return -1;

    /* the query's fixed part: the scope's tags and the filters'. Every branch of the rule
     * that can show a document to a caller of a few units is one of "u<a unit of her scope>"
     * (owning or assigned) or "p<her id>" (assigned, registered, a part in an outgoing one):
     * search_tags_of, pg/064 — as SQLite's search_tags.h. */
    strbuf fixed = STRBUF_INIT;
    if (scoped) {
        sb_adds(&fixed, " & (");
        for (int i = 0; i < n_units; i++) {
            search_tag_write_int(&fixed, &search_tags_tsquery, 'u', units[i]);
            sb_adds(&fixed, " | ");
        }
        search_tag_write_int(&fixed, &search_tags_tsquery, 'p', c->user ? c->user->id : -1);
        sb_addc(&fixed, ')');
    }
    search_tag_filters(&fixed, &search_tags_tsquery, f);

    int cap = 256, rc = 0;
    sc->v = arena_alloc(c->a, (size_t)cap * sizeof *sc->v);
    /* a year or dates: the windows of their documents only — a dated query's matches may all
     * lie far back, and windows widened from the newest found nothing for long (at 1,000,000
     * documents a 2024 filter read 100 windows to reach them: 95 ms) */
    int64_t lo_id = 0, hi_id = 0;
    int ends = year_ends(c, f, &lo_id, &hi_id);
    if (ends < 0 || ends == 2) {
        sb_free(&fixed);
        return ends < 0 ? -1 : 0;
    }
    if (ends == 1 && hi_id < top)
        top = hi_id;
    int64_t bottom = ends == 1 ? lo_id / search_pg_window : 0;
    /* the newest window is filling: with less than half of it written, the one before too */
    int64_t hi = top / search_pg_window,
            width = top % search_pg_window < search_pg_window / 2 ? 2 : 1;
    int64_t matches = 0; /* the index's matches in the windows read */
    /* a scope of a few documents (search_scope_is_small) never fills a window: all at once;
     * likewise when the windows read say the rest is small (REST_ROWS_MAX) */
    bool rest = small;
    bool dated = f->year > 0 || (f->from && *f->from) || (f->to && *f->to);
    strbuf b = STRBUF_INIT;
    while (hi >= bottom && !sc->cut) {
        int64_t lo = rest ? bottom : (hi - width + 1 > bottom ? hi - width + 1 : bottom);
        sb_reset(&b);
        sb_printf(&b, "(%s)", gin_q);
        if (!rest) {
            sb_adds(&b, " & ");
            window_tags(&b, lo, hi);
        }
        sb_add(&b, fixed.buf ? fixed.buf : "", fixed.len);
        ids cand = {0};
        s = db_stmt_get(c->db, qw ? (rest ? &q_rest_exact : &q_window_exact)
                                  : (rest ? &q_rest : &q_window));
        if (!s) {
            rc = -1;
            break;
        }
        db_bind_text(s, 1, sb_str(&b));
        if (rest)
            db_bind_int(s, 2, REST_ROWS_MAX + 1);
        if (qw)
            db_bind_text(s, rest ? 3 : 2, q);
        if (read_ids(c, s, &cand) != 0) {
            rc = -1;
            break;
        }
        if (rest && cand.n > REST_ROWS_MAX) {
            /* more than it looked: back to windows, four times the last */
            rest = false;
            width *= WINDOW_GROWTH;
            continue;
        }
        /* newest first; a rest holds the windows already read too: dropped */
        if (cand.n > 1) /* an empty list's array is NULL, which qsort may not take */
            qsort(cand.v, (size_t)cand.n, sizeof *cand.v, id_desc);
        int from = 0;
        while (rest && from < cand.n && cand.v[from] >= (hi + 1) * search_pg_window)
            from++;
        matches += cand.n - from;
        /* a slice at a time: the rows still wanted and a quarter more (the rule lets most
         * through), so a window wider than needed costs no row test */
        for (int at = from; at < cand.n && !sc->cut && rc == 0;) {
            int want = search_scan_max + 1 - sc->n, k = want + want / 4 + 16;
            if (k > cand.n - at)
                k = cand.n - at;
            if (add_visible(c, q, f, cand.v + at, k, sc, &cap) != 0)
                rc = -1;
            at += k;
        }
        if (rc != 0 || rest)
            break;
        hi = lo - 1;
        /* the next window (WINDOW_MARGIN) */
        int64_t seen = top - lo * search_pg_window + 1, want = search_scan_max + 1 - sc->n;
        int64_t next = width * WINDOW_GROWTH;
        if (sc->n > 0) {
            double rows = (double)want * (double)seen / (double)sc->n * WINDOW_MARGIN;
            int64_t w = (int64_t)(rows / search_pg_window) + 1;
            if (w < next)
                next = w;
        }
        width = next;
        /* the rest at once: the index's matches per rowid say it holds few — or none were
         * seen and no date narrows the query (a rare word; a date filter's matches may all
         * lie further back) */
        double left =
            (double)matches / (double)seen * (double)((hi + 1 - bottom) * search_pg_window);
        rest = matches > 0 ? left <= (double)want + 64 : !dated;
    }
    sb_free(&b);
    sb_free(&fixed);
    if (rc == 0)
        rc = rank(c, q, qe, shape && shape->exact_keys, sc);
    return rc;
}
