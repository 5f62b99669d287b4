/* The scoped scan (issue 17): contract in search_scan.h. */
#include <stdlib.h>
#include <string.h>

#include "org/org.h"
#include "search/search_scan.h"
#include "search/search_sql.h"

/* ---- the scoped scan: a clerk of a small unit (issue 17) -----------------------------------
 *
 * q_scan walks the matches newest first and tests each against the visibility rule until it
 * has SEARCH_COUNT_MAX visible ones. For a caller who sees a small share of the corpus (a ward
 * clerk: 2-3 % of it) nearly every match is someone else's, so it read and rejected tens of
 * thousands of search_docs rows — the cost grew with the whole corpus, not with what she may
 * see. Here the documents she could possibly see come first, from indexes: those of the units
 * of her scope (search_docs_unit) and the few reached otherwise (a live assignment to her or a
 * unit in scope, a secret document she registered, an outgoing one she drafted, approved,
 * signed or issued) — a superset of SEARCH_VISIBLE, branch by branch. The index is then read
 * for rowids only, within the candidates' rowid range, merged with them, and only the
 * candidates that match are tested against the filters and the full visibility rule (the same
 * SQL as q_scan). Same rows, same order, same cut as q_scan. */
/* Measured on the bench corpus: reading a candidate costs about what q_scan spends on a few
 * dozen matches, so the candidates pay only when the scope holds a few per cent of the
 * documents; past SEARCH_SCOPE_SHARE per cent (or SEARCH_SCOPE_DRIVE_MAX documents) q_scan
 * runs as before. */
#define SEARCH_SCOPE_DRIVE_MAX 5000
#define SEARCH_SCOPE_SHARE 3

/* Units in all, to tell a small scope from one that covers most of the office (q_scan then,
 * without counting its documents), and the size of the index (its highest id). */
static const db_query q_units_total = {
    "search.units_total",
    "SELECT (SELECT count(*) FROM units), (SELECT coalesce(max(id), 0) FROM search_docs)",
    NULL,
};

/* How many documents the scope's units hold, up to ?2 (a covering index range per unit). */
static const db_query q_scope_count = {
    "search.scope_count",
    "SELECT count(*) FROM (SELECT 1 FROM search_docs WHERE unit_id IN"
    " (SELECT value FROM json_each(?1)) LIMIT ?2)",
    /* the ids as an array the planner sees (search_pg.c PG_IDS): an index range, not a scan */
    "SELECT count(*) FROM (SELECT 1 FROM search_docs WHERE unit_id ="
    " ANY (CAST(string_to_array(btrim(CAST($1 AS TEXT), '[] '), ',') AS BIGINT[])) LIMIT $2) x",
};

/* Every document the caller could see, newest first: a superset of SEARCH_VISIBLE, branch by
 * branch (the units of the scope; a live assignment to her or to a unit in scope; a secret
 * incoming one she registered; an outgoing one she drafted, approved, signed or issued).
 * CROSS JOIN keeps the assignment and outgoing branches driven by their own rows. */
static const db_query q_candidates = {
    "search.candidates",
    "SELECT id FROM search_docs WHERE unit_id IN (SELECT value FROM json_each(?2))"
    " UNION SELECT sd.id FROM incoming_assignments va CROSS JOIN search_docs sd"
    " ON sd.kind = 'in' AND sd.doc_id = va.incoming_id"
    " WHERE va.to_user_id = ?1 AND va.status <> 'cancelled'"
    " UNION SELECT sd.id FROM incoming_assignments va CROSS JOIN search_docs sd"
    " ON sd.kind = 'in' AND sd.doc_id = va.incoming_id"
    " WHERE va.to_unit_id IN (SELECT value FROM json_each(?2)) AND va.status <> 'cancelled'"
    " UNION SELECT sd.id FROM incoming i CROSS JOIN search_docs sd ON sd.kind = 'in'"
    " AND sd.doc_id = i.id WHERE i.registered_by = ?1 AND i.secrecy > 0"
    " UNION SELECT sd.id FROM outgoing o CROSS JOIN search_docs sd ON sd.kind = 'out'"
    " AND sd.doc_id = o.id WHERE o.drafted_by = ?1 OR o.approved_by = ?1 OR o.signed_by = ?1"
    " OR o.signer_id = ?1 OR o.issued_by = ?1"
    " ORDER BY 1 DESC",
    NULL,
};

/* The matches' rowids alone, newest first, within the candidates' range: no join, no rule. */
static const db_query q_match_ids = {
    "search.match_ids",
    "SELECT rowid FROM search_fts WHERE search_fts MATCH ?1 AND rowid BETWEEN ?2 AND ?3"
    " ORDER BY rowid DESC",
    NULL,
};

/* A matching candidate's filter and permission columns. */
static const db_query q_doc_row = {
    "search.doc_row",
    "SELECT kind, doc_type, year, unit_id, sort_date, secrecy, status FROM search_docs"
    " WHERE id = ?1",
    NULL,
};

/* A candidate that is not simply "not secret, of a unit in scope" goes through the filters
 * and the full visibility rule of q_scan. */
static const db_query q_scan_one = {
    "search.scan_one",
    "SELECT 1 FROM search_docs d WHERE d.id = ?15 AND ?6 IS NOT NULL" SEARCH_FILTERS
    " AND " SEARCH_VISIBLE,
    NULL,
};

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* SEARCH_FILTERS in C, for a row q_doc_row read (the same NULL-means-any as bind_all). */
static bool filters_pass(const search_filter *f, db_stmt *r)
{
    const char *kind = db_col_text(r, 0), *type = db_col_text(r, 1);
    const char *date = db_col_text(r, 4), *status = db_col_text(r, 6);
    if (f->kind && *f->kind && strcmp(kind ? kind : "", f->kind) != 0)
        return false;
    if (f->doc_type && *f->doc_type && strcmp(type ? type : "", f->doc_type) != 0)
        return false;
    if (f->unit_id > 0 && db_col_int(r, 3) != f->unit_id)
        return false;
    if (f->from && *f->from && strcmp(date ? date : "", f->from) < 0)
        return false;
    if (f->to && *f->to && strcmp(date ? date : "", f->to) > 0)
        return false;
    if (f->secrecy >= 0 && db_col_int(r, 5) != f->secrecy)
        return false;
    if (f->status && *f->status && strcmp(status ? status : "", f->status) != 0)
        return false;
    if (f->year > 0 && db_col_int(r, 2) != f->year)
        return false;
    return true;
}

/* 1 when the caller's scope holds few documents (at most SEARCH_SCOPE_SHARE per cent of the
 * index and SEARCH_SCOPE_DRIVE_MAX): her candidates are then the cheaper drive; 0 when not (or
 * search_plan says otherwise), -1 on a store failure. */
static int scope_small(ctx *c, int n_units)
{
    if (search_plan == SEARCH_PLAN_SCOPED)
        return 1;
    db_stmt *s = db_stmt_get(c->db, &q_units_total);
    if (!s)
        return -1;
    int64_t total = 0, size = 0;
    if (db_step(s) == DB_ROW) {
        total = db_col_int(s, 0);
        size = db_col_int(s, 1);
    }
    db_reset(s);
    if ((int64_t)n_units * 2 > total)
        return 0;
    int64_t most = size * SEARCH_SCOPE_SHARE / 100;
    if (most > SEARCH_SCOPE_DRIVE_MAX)
        most = SEARCH_SCOPE_DRIVE_MAX;
    if (!(s = db_stmt_get(c->db, &q_scope_count)))
        return -1;
    db_bind_text(s, 1, org_scope_json(c));
    db_bind_int(s, 2, most + 1);
    int r = db_step(s);
    int64_t n_docs = r == DB_ROW ? db_col_int(s, 0) : most + 1;
    db_reset(s);
    if (r != DB_ROW)
        return -1;
    return n_docs <= most;
}

int search_scope_is_small(ctx *c)
{
    int64_t *scope = NULL;
    bool all = false;
    int n_units = org_scope_unit_ids(c, &scope, &all);
    if (all || n_units <= 0)
        return 0;
    return scope_small(c, n_units);
}

/* The candidates, newest first, into *ids_r (arena); their count, 0 when q_scan is the better
 * plan (a scope over most units or holding many documents), -1 on a store failure. */
static int scope_candidates(ctx *c, const int64_t *units, int n_units, int64_t **ids_r)
{
    (void)units;
    int small = scope_small(c, n_units);
    if (small <= 0)
        return small;
    db_stmt *s;
    if (!(s = db_stmt_get(c->db, &q_candidates)))
        return -1;
    db_bind_int(s, 1, c->user->id);
    db_bind_text(s, 2, org_scope_json(c));
    int cap = 1024, n = 0, r;
    int64_t *v = arena_alloc(c->a, (size_t)cap * sizeof *v);
    while ((r = db_step(s)) == DB_ROW) {
        ARENA_GROW(c->a, v, n, cap);
        v[n++] = db_col_int(s, 0);
    }
    db_reset(s);
    if (r != DB_DONE)
        return -1;
    *ids_r = v;
    return n;
}

/* One matching candidate: the scan row when it passes the filters and may be seen. 1 seen,
 * 0 not, -1 store failure. */
static int candidate_row(ctx *c, const char *match, const search_filter *f, const int64_t *units,
                         int n_units, int64_t rowid, scan_row *w)
{
    db_stmt *r = db_stmt_get(c->db, &q_doc_row);
    if (!r)
        return -1;
    db_bind_int(r, 1, rowid);
    int rc = db_step(r);
    if (rc != DB_ROW) {
        db_reset(r);
        return rc == DB_DONE ? 0 : -1;
    }
    int seen = filters_pass(f, r) ? 1 : 0;
    int64_t owner = db_col_int(r, 3);
    if (seen && !(db_col_int(r, 5) == 0 &&
                  bsearch(&owner, units, (size_t)n_units, sizeof *units, cmp_i64))) {
        /* secret, or reached other than through the scope: the whole rule decides */
        db_stmt *one = db_stmt_get(c->db, &q_scan_one);
        if (!one) {
            db_reset(r);
            return -1;
        }
        search_bind_all(c, one, match, f);
        db_bind_int(one, 15, rowid);
        int r1 = db_step(one);
        db_reset(one);
        if (r1 != DB_ROW && r1 != DB_DONE) {
            db_reset(r);
            return -1;
        }
        seen = r1 == DB_ROW;
    }
    if (seen) {
        w->rowid = rowid;
        w->kind = arena_strdup(c->a, db_col_text(r, 0) ? db_col_text(r, 0) : "");
        w->doc_type = arena_strdup(c->a, db_col_text(r, 1) ? db_col_text(r, 1) : "");
        w->year = db_col_int(r, 2);
        w->unit_id = owner;
        w->sort_date = arena_strdup(c->a, db_col_text(r, 4) ? db_col_text(r, 4) : "");
    }
    db_reset(r);
    return seen;
}

int search_scan_scoped(ctx *c, const char *match, const search_filter *f, scan *sc)
{
    int64_t *scope = NULL;
    bool all = false;
    int n_units = org_scope_unit_ids(c, &scope, &all);
    if (all || n_units <= 0)
        return 0;
    int64_t *units = arena_alloc(c->a, (size_t)n_units * sizeof *units);
    memcpy(units, scope, (size_t)n_units * sizeof *units);
    qsort(units, (size_t)n_units, sizeof *units, cmp_i64);
    int64_t *cand = NULL;
    int nc = scope_candidates(c, units, n_units, &cand);
    if (nc <= 0 && !cand)
        return nc;
    memset(sc, 0, sizeof *sc);
    int cap = 256;
    sc->v = arena_alloc(c->a, (size_t)cap * sizeof *sc->v);
    if (nc == 0)
        return 1;
    db_stmt *m = db_stmt_get(c->db, &q_match_ids);
    if (!m)
        return -1;
    db_bind_text(m, 1, match);
    db_bind_int(m, 2, cand[nc - 1]);
    db_bind_int(m, 3, cand[0]);
    int k = 0, r;
    bool ok = true;
    while ((r = db_step(m)) == DB_ROW) {
        int64_t rowid = db_col_int(m, 0);
        while (k < nc && cand[k] > rowid)
            k++;
        if (k == nc)
            break;
        if (cand[k] != rowid)
            continue;
        scan_row w = {0}; /* not ranked: page_by_relevance scores the candidates */
        int seen = candidate_row(c, match, f, units, n_units, rowid, &w);
        if (seen < 0) {
            ok = false;
            break;
        }
        if (!seen)
            continue;
        if (sc->n == search_scan_max) {
            sc->cut = true;
            break;
        }
        ARENA_GROW(c->a, sc->v, sc->n, cap);
        sc->v[sc->n++] = w;
    }
    bool done = ok && (r == DB_ROW || r == DB_DONE);
    db_reset(m);
    return done ? 1 : -1;
}
