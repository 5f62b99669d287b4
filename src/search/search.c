/* The search service: permission-filtered matching, bounded ranking, snippets, facets.
 * Contract in search.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/i18n.h"
#include "base/strbuf.h"
#include "catalog/vocab.h"
#include "incoming/incoming.h"
#include "outgoing/outgoing.h"
#include "org/org.h"
#include "search/search.h"
#include "search/search_pg.h"
#include "search/search_scan.h"
#include "search/search_sql.h"
#include "search/search_tags.h"

int search_scan_max = SEARCH_COUNT_MAX;
int search_plan = SEARCH_PLAN_AUTO;

/* ---- the statements ----------------------------------------------------------------------- */

/* bm25's column weights: the number, subject and issuer weigh more than the body; the tags
 * column none (fts5_vi.h). */
#define SEARCH_WEIGHTS "10.0, 4.0, 6.0, 3.0, 2.0, 1.0, 0.0"

/* The newest SEARCH_COUNT_MAX + 1 visible matches in index order, with what the facets and
 * the date order need. One pass gives the total, every facet, the candidates ranked for
 * relevance (the first SEARCH_RANK_CANDIDATES, scored in the pass itself by vi_rank: ?16 the
 * user's query, ?17 how many) and the rows a date-sorted page is cut from: a broad term at 1M
 * documents would otherwise cost a pass over hundreds of thousands of rows for each of them,
 * and a second walk of the candidates' range cost the ward clerk's phrase 1.9 ms. */
static const db_query q_scan = {
    "search.scan",
    "SELECT search_fts.rowid, d.kind, d.doc_type, d.year, d.unit_id, d.sort_date,"
    " vi_rank(search_fts, ?16, ?17, " SEARCH_WEIGHTS ")" SEARCH_FROM_WHERE
    " ORDER BY search_fts.rowid DESC LIMIT ?15",
    NULL,
};

/* Matches older than the scanned ones, newest first (pages past the scan). */
static const db_query q_older = {
    "search.older",
    "SELECT search_fts.rowid" SEARCH_FROM_WHERE " AND search_fts.rowid < ?17"
    " ORDER BY search_fts.rowid DESC LIMIT ?15 OFFSET ?16",
    DB_PG_REPLAN,
};

/* Date order past the scan, or when the scan was cut: every match sorted (costly for a broad
 * term; only for pages beyond the scanned rows). */
static const db_query q_by_date = {
    "search.by_date",
    "SELECT search_fts.rowid" SEARCH_FROM_WHERE
    " ORDER BY d.sort_date DESC, d.id DESC LIMIT ?15 OFFSET ?16",
    DB_PG_REPLAN,
};

/* Visible documents older in the index than the scan (id < ?17) but dated on or after ?16
 * (after the last date of a date-sorted page): the only ones that could belong on that page.
 * Found through the date index; each is then tested against the query alone (q_match_one). ?6 is
 * bound for every statement of this file and unused here. */
static const db_query q_dated_after = {
    "search.dated_after",
    "SELECT d.id, d.sort_date FROM search_docs d WHERE d.sort_date > ?16 AND d.id < ?17 AND ?6 IS "
    "NOT NULL" SEARCH_FILTERS " AND " SEARCH_VISIBLE
    " ORDER BY d.sort_date DESC, d.id DESC LIMIT ?15",
    DB_PG_REPLAN,
};

static const db_query q_match_one = {
    "search.match_one",
    "SELECT 1 FROM search_fts WHERE search_fts MATCH ?1 AND rowid = ?2",
    NULL,
};

/* Scores of the candidates: hits spelled as typed, then bm25 with the number, subject and
 * issuer weighing more than the body. One scan of the matches in the candidates' rowid range
 * (?3..?4, a range FTS5 seeks to); the costly functions run only for the candidates, whose
 * membership is tested on an in-memory list (a "rowid IN" constraint on the FTS table itself
 * would re-run the whole query once per candidate). */
static const db_query q_score = {
    "search.score",
    "SELECT rowid, vi_exact(search_fts, ?1), vi_bm25(search_fts, " SEARCH_WEIGHTS ")"
    " FROM search_fts WHERE search_fts MATCH ?1 AND rowid BETWEEN ?3 AND ?4"
    " AND +rowid IN (SELECT value FROM json_each(?2))",
    NULL,
};

/* What a hit shows (read_hit reads them in this order); the scored statements add vi_exact
 * and vi_bm25 after them. */
#define HIT_COLUMNS                                                                                \
    "search_fts.rowid, d.kind, d.doc_id, d.secrecy, d.urgency, d.doc_type, d.issued_date,"         \
    " search_fts.code, search_fts.subject, search_fts.issuer, search_fts.doc_type,"                \
    " vi_snippet(search_fts, char(1), char(2), '…', 24)"

/* The page's hits in one scan of the matches in their rowid range (see q_score):
 * \x01 and \x02 mark the match in the snippet, escaped around later. */
static const db_query q_hits = {
    "search.hits",
    "SELECT " HIT_COLUMNS ", vi_exact(search_fts, ?1), vi_bm25(search_fts, " SEARCH_WEIGHTS ")"
    " FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid"
    " WHERE search_fts MATCH ?1 AND search_fts.rowid BETWEEN ?3 AND ?4"
    " AND +search_fts.rowid IN (SELECT value FROM json_each(?2))",
    NULL,
};

/* The same without the scores, for a page whose rows were all ranked (page_by_relevance has
 * their scores): vi_bm25 would estimate each phrase's document frequency again (a walk of up
 * to 2,000 of its matches, once a statement: 1 ms for a phrase at 1M). */
static const db_query q_hits_plain = {
    "search.hits_plain",
    "SELECT " HIT_COLUMNS " FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid"
    " WHERE search_fts MATCH ?1 AND search_fts.rowid BETWEEN ?3 AND ?4"
    " AND +search_fts.rowid IN (SELECT value FROM json_each(?2))",
    NULL,
};

/* One hit by rowid: for a page whose rows lie far apart in the index (date order), where a
 * scan of the range between them would pass over thousands of matches. */
static const db_query q_hit_one = {
    "search.hit_one",
    "SELECT " HIT_COLUMNS ", vi_exact(search_fts, ?1), vi_bm25(search_fts, " SEARCH_WEIGHTS ")"
    " FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid"
    " WHERE search_fts MATCH ?1 AND search_fts.rowid = ?2",
    NULL,
};

static const db_query q_hit_one_plain = {
    "search.hit_one_plain",
    "SELECT " HIT_COLUMNS " FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid"
    " WHERE search_fts MATCH ?1 AND search_fts.rowid = ?2",
    NULL,
};

static const db_query q_type_name = {
    "search.type_name",
    "SELECT name FROM doc_types WHERE code = ?1",
    NULL,
};

static const db_query q_unit_name = {
    "search.unit_name",
    "SELECT name, valid_from, valid_to FROM units WHERE id = ?1",
    NULL,
};

/* ---- binding ------------------------------------------------------------------------------- */

void search_bind_visibility(ctx *c, db_stmt *s)
{
    int64_t *ids = NULL;
    bool all = false;
    if (c->user)
        org_scope_unit_ids(c, &ids, &all);
    db_bind_int(s, 1, c->user ? c->user->id : -1);
    db_bind_int(s, 2, c->user && all ? 1 : 0);
    db_bind_text(s, 3, org_scope_json(c));
    db_bind_int(s, 4, c->user && secrecy_leader_may_see(c) ? 1 : 0);
    db_bind_int(s, 5, c->user && c->user->role == ROLE_CLERK ? 1 : 0);
}

static void bind_opt_text(db_stmt *s, int i, const char *v)
{
    if (v && *v)
        db_bind_text(s, i, v);
    else
        db_bind_null(s, i);
}

void search_bind_all(ctx *c, db_stmt *s, const char *match, const search_filter *f)
{
    search_bind_visibility(c, s);
    db_bind_text(s, 6, match);
    bind_opt_text(s, 7, f->kind);
    bind_opt_text(s, 8, f->doc_type);
    if (f->unit_id > 0)
        db_bind_int(s, 9, f->unit_id);
    else
        db_bind_null(s, 9);
    bind_opt_text(s, 10, f->from);
    bind_opt_text(s, 11, f->to);
    if (f->secrecy >= 0)
        db_bind_int(s, 12, f->secrecy);
    else
        db_bind_null(s, 12);
    bind_opt_text(s, 13, f->status);
    if (f->year > 0)
        db_bind_int(s, 14, f->year);
    else
        db_bind_null(s, 14);
}

/* ---- facets ---------------------------------------------------------------------------------- */

typedef struct facet_acc {
    search_facet *v;
    int n, cap;
} facet_acc;

static void facet_add(ctx *c, facet_acc *acc, const char *key, int64_t count)
{
    for (int i = 0; i < acc->n; i++)
        if (strcmp(acc->v[i].key, key) == 0) {
            acc->v[i].count += count;
            return;
        }
    if (acc->n == acc->cap) {
        int cap = acc->cap ? acc->cap * 2 : 16;
        search_facet *nv = arena_alloc(c->a, (size_t)cap * sizeof *nv);
        if (acc->n)
            memcpy(nv, acc->v, (size_t)acc->n * sizeof *nv);
        acc->v = nv;
        acc->cap = cap;
    }
    acc->v[acc->n++] = (search_facet){arena_strdup(c->a, key), NULL, count};
}

static int facet_cmp(const void *a, const void *b)
{
    const search_facet *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return strcmp(x->key, y->key);
}

static int year_cmp(const void *a, const void *b)
{
    return -strcmp(((const search_facet *)a)->key, ((const search_facet *)b)->key);
}

static const char *name_of(ctx *c, const db_query *q, const char *key, bool int_key)
{
    db_stmt *s = db_stmt_get(c->db, q);
    if (!s)
        return key;
    if (int_key)
        db_bind_int(s, 1, strtoll(key, NULL, 10));
    else
        db_bind_text(s, 1, key);
    const char *name = key;
    if (db_step(s) == DB_ROW && db_col_text(s, 0))
        name = arena_strdup(c->a, db_col_text(s, 0));
    db_reset(s);
    return name;
}

/* Unit facets by name, told apart when a name was used twice: a dissolved unit and its
 * successor of the same name (the old and the merged Thành ủy) read "… (đến 30/06/2025)" and
 * "… (từ 01/07/2025)". A dissolved unit is always dated; an active one only when its name
 * collides with another entry of the facet. */
static void unit_labels(ctx *c, search_facet *v, int n)
{
    const char **from = arena_alloc(c->a, sizeof *from * (size_t)(n > 0 ? n : 1));
    const char **to = arena_alloc(c->a, sizeof *to * (size_t)(n > 0 ? n : 1));
    for (int i = 0; i < n; i++) {
        v[i].label = v[i].key;
        from[i] = to[i] = NULL;
        db_stmt *s = db_stmt_get(c->db, &q_unit_name);
        if (!s)
            continue;
        db_bind_int(s, 1, strtoll(v[i].key, NULL, 10));
        if (db_step(s) == DB_ROW && db_col_text(s, 0)) {
            v[i].label = arena_strdup(c->a, db_col_text(s, 0));
            from[i] = db_col_text(s, 1) ? arena_strdup(c->a, db_col_text(s, 1)) : NULL;
            to[i] = db_col_text(s, 2) ? arena_strdup(c->a, db_col_text(s, 2)) : NULL;
        }
        db_reset(s);
    }
    const char **name = arena_alloc(c->a, sizeof *name * (size_t)(n > 0 ? n : 1));
    for (int i = 0; i < n; i++)
        name[i] = v[i].label;
    for (int i = 0; i < n; i++) {
        char date[16] = "";
        if (to[i]) {
            clock_date_vn(to[i], date, sizeof date);
            v[i].label = arena_printf(c->a, _("%s (đến %s)"), name[i], date);
            continue;
        }
        bool twin = false;
        for (int j = 0; j < n && !twin; j++)
            twin = j != i && strcmp(name[i], name[j]) == 0;
        if (twin && from[i]) {
            clock_date_vn(from[i], date, sizeof date);
            v[i].label = arena_printf(c->a, _("%s (từ %s)"), name[i], date);
        }
    }
}

int search_scan_index(ctx *c, const char *match, const char *query, const search_filter *f,
                      scan *sc)
{
    db_stmt *s = db_stmt_get(c->db, &q_scan);
    if (!s)
        return -1;
    search_bind_all(c, s, match, f);
    db_bind_int(s, 15, search_scan_max + 1);
    db_bind_text(s, 16, query);
    db_bind_int(s, 17, f->sort == SEARCH_SORT_DATE ? 0 : SEARCH_RANK_CANDIDATES);
    int cap = 256, r;
    memset(sc, 0, sizeof *sc);
    sc->v = arena_alloc(c->a, (size_t)cap * sizeof *sc->v);
    while ((r = db_step(s)) == DB_ROW) {
        if (sc->n == search_scan_max) {
            sc->cut = true;
            continue;
        }
        ARENA_GROW(c->a, sc->v, sc->n, cap);
        scan_row *w = &sc->v[sc->n++];
        search_scan_row_read(c, s, w);
        const char *rank = db_col_text(s, 6);
        char *end = NULL;
        w->ranked = rank != NULL;
        w->exact = rank ? (int)strtol(rank, &end, 10) : 0;
        w->bm25 = rank ? strtod(end, NULL) : 0;
    }
    db_reset(s);
    return r == DB_DONE ? 0 : -1;
}

void search_scan_row_read(ctx *c, db_stmt *s, scan_row *w)
{
    *w = (scan_row){0};
    w->rowid = db_col_int(s, 0);
    w->kind = arena_strdup(c->a, db_col_text(s, 1) ? db_col_text(s, 1) : "");
    w->doc_type = arena_strdup(c->a, db_col_text(s, 2) ? db_col_text(s, 2) : "");
    w->year = db_col_int(s, 3);
    w->unit_id = db_col_int(s, 4);
    w->sort_date = arena_strdup(c->a, db_col_text(s, 5) ? db_col_text(s, 5) : "");
}

void search_facets_of_scan(ctx *c, const scan *sc, search_result *out)
{
    facet_acc kind = {0}, type = {0}, year = {0}, units = {0};
    for (int i = 0; i < sc->n; i++) {
        const scan_row *w = &sc->v[i];
        char buf[32];
        facet_add(c, &kind, w->kind, 1);
        facet_add(c, &type, w->doc_type, 1);
        snprintf(buf, sizeof buf, "%lld", (long long)w->year);
        facet_add(c, &year, buf, 1);
        snprintf(buf, sizeof buf, "%lld", (long long)w->unit_id);
        facet_add(c, &units, buf, 1);
    }
    out->total = sc->n;
    out->total_capped = sc->cut;
    if (out->total == 0)
        return;
    if (kind.n > 1)
        qsort(kind.v, (size_t)kind.n, sizeof *kind.v, facet_cmp);
    if (type.n > 1)
        qsort(type.v, (size_t)type.n, sizeof *type.v, facet_cmp);
    if (year.n > 1)
        qsort(year.v, (size_t)year.n, sizeof *year.v, year_cmp);
    if (units.n > 1)
        qsort(units.v, (size_t)units.n, sizeof *units.v, facet_cmp);
    for (int i = 0; i < kind.n; i++)
        kind.v[i].label = strcmp(kind.v[i].key, "in") == 0 ? _("Văn bản đến") : _("Văn bản đi");
    for (int i = 0; i < type.n; i++)
        type.v[i].label = name_of(c, &q_type_name, type.v[i].key, false);
    for (int i = 0; i < year.n; i++)
        year.v[i].label = year.v[i].key;
    unit_labels(c, units.v, units.n);
    out->by_kind = kind.v, out->n_kind = kind.n;
    out->by_type = type.v, out->n_type = type.n;
    out->by_year = year.v, out->n_year = year.n;
    out->by_unit = units.v, out->n_unit = units.n;
}

/* ---- ranking ----------------------------------------------------------------------------------
 */

typedef struct scored {
    int64_t rowid;
    int exact;
    double bm25;
} scored;

static int scored_cmp(const void *a, const void *b)
{
    const scored *x = a, *y = b;
    if (x->exact != y->exact)
        return x->exact > y->exact ? -1 : 1;
    if (x->bm25 != y->bm25)
        return x->bm25 < y->bm25 ? -1 : 1;
    return x->rowid > y->rowid ? -1 : x->rowid < y->rowid;
}

/* Collects rowids from a bound statement. */
static int collect(db_stmt *s, int64_t *ids, int max)
{
    int n = 0, r;
    while (n < max && (r = db_step(s)) == DB_ROW)
        ids[n++] = db_col_int(s, 0);
    db_reset(s);
    return n;
}

/* Rows of the page past the scanned ones (offsets beyond SEARCH_COUNT_MAX), newest first. */
static int older_than_scan(ctx *c, const char *match, const search_filter *f, const scan *sc,
                           int skip, int max, int64_t *page)
{
    db_stmt *s = db_stmt_get(c->db, &q_older);
    if (!s)
        return -1;
    search_bind_all(c, s, match, f);
    db_bind_int(s, 15, max);
    db_bind_int(s, 16, skip);
    db_bind_int(s, 17, sc->v[sc->n - 1].rowid);
    return collect(s, page, max);
}

/* The page's rowids for sort=relevance; returns the count or -1. The newest
 * SEARCH_RANK_CANDIDATES scanned rows are ranked; older ones follow in index order. */
static int page_by_relevance(ctx *c, const char *match, const search_filter *f, int limit,
                             int offset, int64_t *page, bool *ranked_all_r, const scan *sc,
                             scored *known, bool *known_r)
{
    *known_r = false;
    int n = sc->n < SEARCH_RANK_CANDIDATES ? sc->n : SEARCH_RANK_CANDIDATES;
    *ranked_all_r = !sc->cut && sc->n <= n;
    if (n == 0)
        return 0;
    /* score the candidates */
    strbuf ids = STRBUF_INIT;
    sb_addc(&ids, '[');
    for (int i = 0; i < n; i++)
        sb_printf(&ids, "%s%lld", i ? "," : "", (long long)sc->v[i].rowid);
    sb_addc(&ids, ']');
    scored *sv = arena_alloc(c->a, (size_t)n * sizeof *sv);
    int k = 0;
    bool in_scan = true; /* the scan ranked them already (vi_rank), unless it came otherwise */
    for (int i = 0; i < n && in_scan; i++)
        in_scan = sc->v[i].ranked;
    if (in_scan) {
        for (; k < n; k++)
            sv[k] = (scored){sc->v[k].rowid, sc->v[k].exact, sc->v[k].bm25};
        sb_free(&ids);
        goto sort;
    }
    db_stmt *s = db_stmt_get(c->db, &q_score);
    if (!s) {
        sb_free(&ids);
        return -1;
    }
    db_bind_text(s, 1, match);
    db_bind_text(s, 2, sb_str(&ids));
    db_bind_int(s, 3, sc->v[n - 1].rowid);
    db_bind_int(s, 4, sc->v[0].rowid);
    while (k < n && db_step(s) == DB_ROW) {
        sv[k].rowid = db_col_int(s, 0);
        sv[k].exact = (int)db_col_int(s, 1);
        sv[k].bm25 = db_col_double(s, 2);
        k++;
    }
    db_reset(s);
    sb_free(&ids);
sort:
    if (k > 0)
        qsort(sv, (size_t)k, sizeof *sv, scored_cmp);
    int got = 0;
    for (int i = offset; i < k && got < limit; i++) {
        known[got] = sv[i];
        page[got++] = sv[i].rowid;
    }
    int ranked = got;
    /* past the ranked candidates: the scanned rows in index order, then older ones */
    for (int i = offset > n ? offset : n; i < sc->n && got < limit; i++)
        page[got++] = sc->v[i].rowid;
    if (got < limit && sc->cut) {
        int skip = offset > sc->n ? offset - sc->n : 0;
        int more = older_than_scan(c, match, f, sc, skip, limit - got, page + got);
        if (more < 0)
            return -1;
        got += more;
    }
    *known_r = got > 0 && got == ranked; /* every row of the page was ranked */
    return got;
}

/* Date order (newest first, then newest id): sort_date DESC, rowid DESC. */
static int by_date_cmp(const void *a, const void *b)
{
    const scan_row *x = a, *y = b;
    int d = strcmp(y->sort_date, x->sort_date);
    if (d)
        return d;
    return x->rowid < y->rowid ? 1 : x->rowid > y->rowid ? -1 : 0;
}

/* The page's rowids for sort=date; the count or -1. When every match was scanned the scan
 * sorted is the answer. When the scan was cut, a document older in the index than the scan
 * (a backdated registration, say) could still belong on the page by its date: the documents
 * dated after the page's last date are looked up through the date index (few, for a page of
 * recent dates), tested against the query and merged; if there are too many to test, every
 * match is sorted by SQL instead. So the order is always exact. */
static int page_by_date(ctx *c, const char *match, const search_filter *f, int limit, int offset,
                        int64_t *page, const scan *sc)
{
    if (sc->n == 0)
        return 0;
    scan_row *v = arena_alloc(c->a, (size_t)sc->n * sizeof *v);
    memcpy(v, sc->v, (size_t)sc->n * sizeof *v);
    qsort(v, (size_t)sc->n, sizeof *v, by_date_cmp);
    if (!sc->cut || offset + limit > sc->n) {
        if (sc->cut) /* beyond the scan: the full sort */
            goto full;
        int got = 0;
        for (int i = offset; i < sc->n && got < limit; i++)
            page[got++] = v[i].rowid;
        return got;
    }
    /* the page's last date, then the older-in-index documents dated after it (one dated
     * the same day sorts after the page: its id is smaller than every scanned one) */
    enum { DATED_AFTER_MAX = 200 };
    const char *last = v[offset + limit - 1].sort_date;
    db_stmt *s = db_stmt_get(c->db, &q_dated_after);
    if (!s)
        return -1;
    search_bind_all(c, s, match, f);
    db_bind_int(s, 15, DATED_AFTER_MAX + 1);
    db_bind_text(s, 16, last);
    db_bind_int(s, 17, sc->v[sc->n - 1].rowid);
    scan_row *later = arena_alloc(c->a, (DATED_AFTER_MAX + 1) * sizeof *later);
    int nl = 0, r;
    while (nl <= DATED_AFTER_MAX && (r = db_step(s)) == DB_ROW) {
        later[nl].rowid = db_col_int(s, 0);
        later[nl].sort_date = arena_strdup(c->a, db_col_text(s, 1) ? db_col_text(s, 1) : "");
        nl++;
    }
    db_reset(s);
    if (nl > DATED_AFTER_MAX)
        goto full;
    /* the ones that match the query join the sorted rows (the page can only move up) */
    db_stmt *m = db_stmt_get(c->db, &q_match_one);
    if (!m)
        return -1;
    scan_row *all = arena_alloc(c->a, (size_t)(sc->n + nl) * sizeof *all);
    memcpy(all, v, (size_t)sc->n * sizeof *all);
    int na = sc->n;
    for (int i = 0; i < nl; i++) {
        db_bind_text(m, 1, match);
        db_bind_int(m, 2, later[i].rowid);
        r = db_step(m);
        db_reset(m);
        if (r == DB_ROW)
            all[na++] = later[i];
        else if (r != DB_DONE)
            return -1;
    }
    if (na > sc->n)
        qsort(all, (size_t)na, sizeof *all, by_date_cmp);
    int got = 0;
    for (int i = offset; i < na && got < limit; i++)
        page[got++] = all[i].rowid;
    return got;
full:;
    db_stmt *q = db_stmt_get(c->db, &q_by_date);
    if (!q)
        return -1;
    search_bind_all(c, q, match, f);
    db_bind_int(q, 15, limit);
    db_bind_int(q, 16, offset);
    return collect(q, page, limit);
}

/* ---- the hits ----------------------------------------------------------------------------------
 */

/* Escapes the snippet text and turns the \x01 … \x02 sentinels into <mark> … </mark>. */
static const char *snippet_html(ctx *c, const char *raw)
{
    strbuf sb = STRBUF_INIT;
    strbuf part = STRBUF_INIT;
    bool open = false;
    for (const char *p = raw ? raw : "";; p++) {
        if (*p == 0 || *p == '\x01' || *p == '\x02') {
            html_escape(&sb, sb_str(&part));
            sb_reset(&part);
            if (*p == 0)
                break;
            if (*p == '\x01' && !open) {
                html_raw(&sb, "<mark>");
                open = true;
            } else if (*p == '\x02' && open) {
                html_raw(&sb, "</mark>");
                open = false;
            }
            continue;
        }
        sb_addc(&part, *p);
    }
    if (open)
        html_raw(&sb, "</mark>");
    const char *r = arena_strdup(c->a, sb_str(&sb));
    sb_free(&sb);
    sb_free(&part);
    return r;
}

static bool hit_visible(ctx *c, const char *kind, int64_t id)
{
    return strcmp(kind, "in") == 0 ? incoming_may_see(c, id) : outgoing_may_see(c, id);
}

/* A hit's row of q_hits or q_hit_one; of the _plain ones (no score columns) when known is
 * the ranking's score of it. */
static void read_hit(ctx *c, db_stmt *s, search_hit *h, const scored *known)
{
    h->kind = strcmp(db_col_text(s, 1) ? db_col_text(s, 1) : "", "in") == 0 ? "in" : "out";
    h->id = db_col_int(s, 2);
    h->secrecy = (int)db_col_int(s, 3);
    h->urgency = (int)db_col_int(s, 4);
    h->doc_type = arena_strdup(c->a, db_col_text(s, 5));
    h->issued_date = arena_strdup(c->a, db_col_text(s, 6));
    h->code = arena_strdup(c->a, db_col_text(s, 7) ? db_col_text(s, 7) : "");
    h->subject = arena_strdup(c->a, db_col_text(s, 8) ? db_col_text(s, 8) : "");
    h->issuer = arena_strdup(c->a, db_col_text(s, 9) ? db_col_text(s, 9) : "");
    h->doc_type_name = arena_strdup(c->a, db_col_text(s, 10) ? db_col_text(s, 10) : "");
    h->snippet_html = snippet_html(c, db_col_text(s, 11));
    int exact = known ? known->exact : (int)db_col_int(s, 12);
    h->exact = exact > 0;
    /* bm25 is negative, better when lower: score = exact phrases + a 0..1 share of bm25 */
    double b = -(known ? known->bm25 : db_col_double(s, 13));
    h->score = (double)exact + (b > 0 ? b / (1.0 + b) : 0.0);
}

/* Loads the hits of page[0..n) in page order into out->hits (visible ones only). 0 or -1. */
/* Reads the page's hits one rowid at a time (q_hit_one); 0 or -1. */
static int hits_one_by_one(ctx *c, const char *match, const int64_t *page, int n, search_hit *got,
                           bool *have, const scored *known)
{
    db_stmt *s = db_stmt_get(c->db, known ? &q_hit_one_plain : &q_hit_one);
    if (!s)
        return -1;
    for (int i = 0; i < n; i++) {
        db_bind_text(s, 1, match);
        db_bind_int(s, 2, page[i]);
        int r = db_step(s);
        if (r == DB_ROW) {
            read_hit(c, s, &got[i], known ? &known[i] : NULL);
            have[i] = true;
        }
        db_reset(s);
        if (r != DB_ROW && r != DB_DONE)
            return -1;
    }
    return 0;
}

/* Matches of the scan between the page's lowest and highest rowid: what a scan of that range
 * passes over (a guess from below when the scan was cut). */
static int matches_between(const scan *sc, int64_t lo, int64_t hi)
{
    int k = 0;
    for (int i = 0; i < sc->n; i++)
        k += sc->v[i].rowid >= lo && sc->v[i].rowid <= hi;
    return k;
}

/* Whether the page's n hits are read one rowid at a time rather than by one walk of the
 * matches between them. A walk passes over everybody's matches in the range (more than the
 * scan's when the scan was tagged: density); a look-up seeks each term in each segment of the
 * index. Measured at 1M (session 13): a look-up costs what walking 55 matches of a phrase or
 * 250 of words costs in an index of one segment (0.03 ms; 0.20 in twelve segments). A
 * date-sorted page spreads over the whole index. */
static bool hits_by_lookup(ctx *c, const char *match, const scan *sc, int64_t lo, int64_t hi, int n)
{
    if (sc->cut && lo < sc->v[sc->n - 1].rowid)
        return true;
    double walked = matches_between(sc, lo, hi);
    if (sc->density * (double)(hi - lo + 1) > walked)
        walked = sc->density * (double)(hi - lo + 1);
    int segments = search_segments(c->db);
    /* a phrase of two words or more: a quoted string with a space (query.c's output) */
    bool phrase = false;
    for (const char *p = strchr(match, '"'); p && !phrase;) {
        const char *e = strchr(p + 1, '"');
        if (!e)
            break;
        phrase = memchr(p + 1, ' ', (size_t)(e - p - 1)) != NULL;
        p = strchr(e + 1, '"');
    }
    return walked > (phrase ? 55.0 : 250.0) * (segments > 1 ? segments : 1) * n;
}

static int load_hits(ctx *c, const char *match, const int64_t *page, int n, const scan *sc,
                     const scored *known, search_result *out)
{
    out->hits = arena_alloc(c->a, (size_t)(n > 0 ? n : 1) * sizeof *out->hits);
    if (n == 0)
        return 0;
    search_hit *got = arena_alloc(c->a, (size_t)n * sizeof *got);
    bool *have = arena_alloc(c->a, (size_t)n * sizeof *have);
    int64_t lo = page[0], hi = page[0];
    for (int i = 0; i < n; i++) {
        lo = page[i] < lo ? page[i] : lo;
        hi = page[i] > hi ? page[i] : hi;
    }
    if (hits_by_lookup(c, match, sc, lo, hi, n)) {
        if (hits_one_by_one(c, match, page, n, got, have, known) != 0)
            return -1;
        goto check;
    }
    strbuf ids = STRBUF_INIT;
    sb_add_ids(&ids, page, n);
    db_stmt *s = db_stmt_get(c->db, known ? &q_hits_plain : &q_hits);
    if (!s) {
        sb_free(&ids);
        return -1;
    }
    db_bind_text(s, 1, match);
    db_bind_text(s, 2, sb_str(&ids));
    db_bind_int(s, 3, lo);
    db_bind_int(s, 4, hi);
    int r;
    while ((r = db_step(s)) == DB_ROW) {
        int64_t rowid = db_col_int(s, 0);
        for (int i = 0; i < n; i++)
            if (page[i] == rowid && !have[i]) {
                read_hit(c, s, &got[i], known ? &known[i] : NULL);
                have[i] = true;
                break;
            }
    }
    db_reset(s);
    sb_free(&ids);
    if (r != DB_DONE)
        return -1;
check:
    for (int i = 0; i < n; i++) {
        if (!have[i])
            continue;
        /* defence in depth: the SQL rule mirrors incoming_may_see/outgoing_may_see; never
         * show a hit those functions refuse */
        if (!hit_visible(c, got[i].kind, got[i].id)) {
            fprintf(stderr, "vanphong: search: %s %lld matched the SQL rule but not may_see\n",
                    got[i].kind, (long long)got[i].id);
            continue;
        }
        out->hits[out->n_hits++] = got[i];
    }
    return 0;
}

/* ---- the entry point ----------------------------------------------------------------------------
 */

static int invalid(int *status_r, const char **code_r, const char **err_r, const char *code,
                   const char *msg)
{
    *status_r = 400;
    *code_r = code;
    *err_r = msg;
    return -1;
}

int search_run(ctx *c, const search_filter *f, search_result *out, int *status_r,
               const char **code_r, const char **err_r)
{
    memset(out, 0, sizeof *out);
    *status_r = 200;
    *code_r = NULL;
    *err_r = NULL;
    int64_t t0 = clock_now_ms();
    if (!c->user) {
        *status_r = 401;
        *code_r = "unauthorized";
        *err_r = _("Hãy đăng nhập.");
        return -1;
    }
    const char *q = f->q ? f->q : "";
    search_query sq;
    if (search_query_parse(q, strlen(q), &sq) != 0)
        return invalid(status_r, code_r, err_r, "invalid_query", _(sq.error));
    char *match = sq.match;
    if (f->issuer && *f->issuer) {
        search_query iq;
        if (search_query_parse(f->issuer, strlen(f->issuer), &iq) != 0) {
            search_query_free(&sq);
            return invalid(status_r, code_r, err_r, "invalid_input",
                           _("Cơ quan ban hành cần tìm không hợp lệ."));
        }
        char *m = arena_printf(c->a, "(%s) AND issuer : (%s)", sq.match, iq.match);
        search_query_free(&iq);
        search_query_free(&sq);
        match = m;
    } else {
        match = arena_strdup(c->a, sq.match);
        search_query_free(&sq);
    }
    int y, m, d;
    if ((f->from && *f->from && clock_parse_date(f->from, &y, &m, &d) != 0) ||
        (f->to && *f->to && clock_parse_date(f->to, &y, &m, &d) != 0))
        return invalid(status_r, code_r, err_r, "invalid_input",
                       _("Ngày không hợp lệ: hãy dùng dạng YYYY-MM-DD."));
    if (f->kind && *f->kind && strcmp(f->kind, "in") != 0 && strcmp(f->kind, "out") != 0)
        return invalid(status_r, code_r, err_r, "invalid_input",
                       _("Loại sổ không hợp lệ (in hoặc out)."));
    if (f->year != 0 && (f->year < 1900 || f->year > 2200))
        return invalid(status_r, code_r, err_r, "invalid_input", _("Năm không hợp lệ."));
    int limit = f->limit > 0 ? f->limit : SEARCH_PAGE;
    if (limit > SEARCH_MAX_PAGE)
        limit = SEARCH_MAX_PAGE;
    int offset = f->offset > 0 ? f->offset : 0;
    if (offset > SEARCH_MAX_OFFSET)
        return invalid(status_r, code_r, err_r, "invalid_input",
                       _("Trang kết quả quá xa; hãy thu hẹp điều kiện tìm."));

    /* a document registered a moment ago is found at once: up to SEARCH_SYNC_INLINE dirty rows,
     * in as many bounded transactions as they take (one stops after SEARCH_SYNC_TX_MS, which
     * on a loaded machine left the newest documents unfound) */
    for (int n, left = SEARCH_SYNC_INLINE; left > 0 && (n = search_sync(c->db, left)) > 0;)
        left -= n;
    if (search_is_pg(c->db)) {
        /* PostgreSQL: tsvectors instead of FTS5 (search_pg.h), the same result */
        if (search_pg_run(c, f, limit, offset, out) != 0)
            goto store;
        out->elapsed_ms = clock_now_ms() - t0;
        return 0;
    }
    if (search_schema_ensure(c->db) != 0)
        goto store;

    scan sc;
    /* a small scope from its candidates; else the scope and filters as tags; else the walk */
    int scoped = search_plan == SEARCH_PLAN_AUTO || search_plan == SEARCH_PLAN_SCOPED
                     ? search_scan_scoped(c, match, f, &sc)
                     : 0;
    if (scoped == 0 && (search_plan == SEARCH_PLAN_AUTO || search_plan == SEARCH_PLAN_TAGS))
        scoped = search_scan_tagged(c, match, f, &sc);
    if (scoped < 0 || (scoped == 0 && search_scan_index(c, match, match, f, &sc) != 0))
        goto store;
    search_facets_of_scan(c, &sc, out);
    int64_t *page = arena_alloc(c->a, (size_t)limit * sizeof *page);
    scored *known = arena_alloc(c->a, (size_t)limit * sizeof *known);
    bool all_known = false;
    int n = 0;
    out->ranked_all = true;
    if (f->sort == SEARCH_SORT_DATE)
        n = page_by_date(c, match, f, limit, offset, page, &sc);
    else
        n = page_by_relevance(c, match, f, limit, offset, page, &out->ranked_all, &sc, known,
                              &all_known);
    if (n < 0)
        goto store;
    if (load_hits(c, match, page, n, &sc, all_known ? known : NULL, out) != 0)
        goto store;
    out->elapsed_ms = clock_now_ms() - t0;
    return 0;
store:
    fprintf(stderr, "vanphong: search failed: %s\n", db_errmsg(c->db));
    db_reset_all(c->db);
    *status_r = 500;
    *code_r = "internal";
    *err_r = _("Lỗi khi tìm kiếm. Hãy thử lại.");
    return -1;
}
