/* The search service: permission-filtered matching, bounded ranking, snippets, facets.
 * Contract in search.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/i18n.h"
#include "base/strbuf.h"
#include "docs/docs.h"
#include "docs/incoming.h"
#include "docs/outgoing.h"
#include "org/org.h"
#include "search/search.h"
#include "search/search_sql.h"

/* ---- the statements ----------------------------------------------------------------------- */

/* One row per (kind, type, year, unit) with its count: the total and every facet in one pass
 * over the newest SEARCH_COUNT_MAX + 1 visible matches (a broad term at 1M documents would
 * otherwise cost a pass over hundreds of thousands of rows on every search). */
static const db_query q_facets = {
    "search.facets",
    "SELECT kind, doc_type, year, unit_id, count(*) FROM (SELECT d.kind, d.doc_type, d.year,"
    " d.unit_id" SEARCH_FROM_WHERE " ORDER BY search_fts.rowid DESC LIMIT ?15)"
    " GROUP BY kind, doc_type, year, unit_id",
    NULL,
};

/* The newest visible matches (by index order): the candidates ranked for relevance. */
static const db_query q_candidates = {
    "search.candidates",
    "SELECT search_fts.rowid" SEARCH_FROM_WHERE " ORDER BY search_fts.rowid DESC LIMIT ?15",
    NULL,
};

/* Matches older than the candidate set, newest first (relevance pages past the ranked part). */
static const db_query q_older = {
    "search.older",
    "SELECT search_fts.rowid" SEARCH_FROM_WHERE " AND search_fts.rowid < ?17"
    " ORDER BY search_fts.rowid DESC LIMIT ?15 OFFSET ?16",
    NULL,
};

static const db_query q_by_date = {
    "search.by_date",
    "SELECT search_fts.rowid" SEARCH_FROM_WHERE
    " ORDER BY d.sort_date DESC, d.id DESC LIMIT ?15 OFFSET ?16",
    NULL,
};

/* Scores of the candidates: hits spelled as typed, then bm25 with the number, subject and
 * issuer weighing more than the body. One scan of the matches in the candidates' rowid range
 * (?3..?4, a range FTS5 seeks to); the costly functions run only for the candidates, whose
 * membership is tested on an in-memory list (a "rowid IN" constraint on the FTS table itself
 * would re-run the whole query once per candidate). */
static const db_query q_score = {
    "search.score",
    "SELECT rowid, vi_exact(search_fts, ?1), bm25(search_fts, 10.0, 4.0, 6.0, 3.0, 2.0, 1.0)"
    " FROM search_fts WHERE search_fts MATCH ?1 AND rowid BETWEEN ?3 AND ?4"
    " AND +rowid IN (SELECT value FROM json_each(?2))",
    NULL,
};

/* The page's hits in one scan of the matches in their rowid range (see q_score):
 * \x01 and \x02 mark the match in the snippet, escaped around later. */
static const db_query q_hits = {
    "search.hits",
    "SELECT search_fts.rowid, d.kind, d.doc_id, d.secrecy, d.urgency, d.doc_type,"
    " d.issued_date, search_fts.code, search_fts.subject, search_fts.issuer,"
    " search_fts.doc_type, snippet(search_fts, -1, char(1), char(2), '…', 24),"
    " vi_exact(search_fts, ?1), bm25(search_fts, 10.0, 4.0, 6.0, 3.0, 2.0, 1.0)"
    " FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid"
    " WHERE search_fts MATCH ?1 AND search_fts.rowid BETWEEN ?3 AND ?4"
    " AND +search_fts.rowid IN (SELECT value FROM json_each(?2))",
    NULL,
};

static const db_query q_type_name = {
    "search.type_name",
    "SELECT name FROM doc_types WHERE code = ?1",
    NULL,
};

static const db_query q_unit_name = {
    "search.unit_name",
    "SELECT name FROM units WHERE id = ?1",
    NULL,
};

/* ---- binding ------------------------------------------------------------------------------- */

void search_bind_visibility(ctx *c, db_stmt *s)
{
    int64_t *ids = NULL;
    bool all = false;
    int n = c->user ? org_scope_unit_ids(c, &ids, &all) : 0;
    strbuf sb = STRBUF_INIT;
    sb_addc(&sb, '[');
    for (int i = 0; i < n; i++)
        sb_printf(&sb, "%s%lld", i ? "," : "", (long long)ids[i]);
    sb_addc(&sb, ']');
    db_bind_int(s, 1, c->user ? c->user->id : -1);
    db_bind_int(s, 2, c->user && all ? 1 : 0);
    db_bind_text(s, 3, sb_str(&sb));
    db_bind_int(s, 4, c->user && secrecy_leader_may_see(c) ? 1 : 0);
    db_bind_int(s, 5, c->user && c->user->role == ROLE_CLERK ? 1 : 0);
    sb_free(&sb);
}

static void bind_opt_text(db_stmt *s, int i, const char *v)
{
    if (v && *v)
        db_bind_text(s, i, v);
    else
        db_bind_null(s, i);
}

static void bind_all(ctx *c, db_stmt *s, const char *match, const search_filter *f)
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

static int load_facets(ctx *c, const char *match, const search_filter *f, search_result *out)
{
    db_stmt *s = db_stmt_get(c->db, &q_facets);
    if (!s)
        return -1;
    bind_all(c, s, match, f);
    db_bind_int(s, 15, SEARCH_COUNT_MAX + 1);
    facet_acc kind = {0}, type = {0}, year = {0}, units = {0};
    int r;
    while ((r = db_step(s)) == DB_ROW) {
        int64_t n = db_col_int(s, 4);
        out->total += n;
        char buf[32];
        facet_add(c, &kind, db_col_text(s, 0) ? db_col_text(s, 0) : "", n);
        facet_add(c, &type, db_col_text(s, 1) ? db_col_text(s, 1) : "", n);
        snprintf(buf, sizeof buf, "%lld", (long long)db_col_int(s, 2));
        facet_add(c, &year, buf, n);
        snprintf(buf, sizeof buf, "%lld", (long long)db_col_int(s, 3));
        facet_add(c, &units, buf, n);
    }
    db_reset(s);
    if (r != DB_DONE)
        return -1;
    if (out->total > SEARCH_COUNT_MAX) {
        out->total_capped = true;
        out->total = SEARCH_COUNT_MAX;
    }
    if (out->total == 0)
        return 0;
    /* Rows counted zero leave a facet empty (v NULL), which qsort must not get. */
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
    for (int i = 0; i < units.n; i++)
        units.v[i].label = name_of(c, &q_unit_name, units.v[i].key, true);
    out->by_kind = kind.v, out->n_kind = kind.n;
    out->by_type = type.v, out->n_type = type.n;
    out->by_year = year.v, out->n_year = year.n;
    out->by_unit = units.v, out->n_unit = units.n;
    return 0;
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

/* The page's rowids for sort=relevance; returns the count or -1. */
static int page_by_relevance(ctx *c, const char *match, const search_filter *f, int limit,
                             int offset, int64_t *page, bool *ranked_all_r, int64_t total)
{
    db_stmt *s = db_stmt_get(c->db, &q_candidates);
    if (!s)
        return -1;
    bind_all(c, s, match, f);
    db_bind_int(s, 15, SEARCH_RANK_CANDIDATES);
    int64_t *cand = arena_alloc(c->a, SEARCH_RANK_CANDIDATES * sizeof *cand);
    int n = collect(s, cand, SEARCH_RANK_CANDIDATES);
    *ranked_all_r = total <= n;
    if (n == 0)
        return 0;
    /* score the candidates */
    strbuf ids = STRBUF_INIT;
    sb_addc(&ids, '[');
    for (int i = 0; i < n; i++)
        sb_printf(&ids, "%s%lld", i ? "," : "", (long long)cand[i]);
    sb_addc(&ids, ']');
    scored *sc = arena_alloc(c->a, (size_t)n * sizeof *sc);
    int k = 0;
    s = db_stmt_get(c->db, &q_score);
    if (!s) {
        sb_free(&ids);
        return -1;
    }
    db_bind_text(s, 1, match);
    db_bind_text(s, 2, sb_str(&ids));
    db_bind_int(s, 3, cand[n - 1]);
    db_bind_int(s, 4, cand[0]);
    while (k < n && db_step(s) == DB_ROW) {
        sc[k].rowid = db_col_int(s, 0);
        sc[k].exact = (int)db_col_int(s, 1);
        sc[k].bm25 = db_col_double(s, 2);
        k++;
    }
    db_reset(s);
    sb_free(&ids);
    if (k > 0)
        qsort(sc, (size_t)k, sizeof *sc, scored_cmp);
    int got = 0;
    for (int i = offset; i < k && got < limit; i++)
        page[got++] = sc[i].rowid;
    if (got < limit && !*ranked_all_r) {
        /* past the ranked candidates: older matches by index order */
        s = db_stmt_get(c->db, &q_older);
        if (!s)
            return -1;
        bind_all(c, s, match, f);
        db_bind_int(s, 15, limit - got);
        db_bind_int(s, 16, offset > k ? offset - k : 0);
        db_bind_int(s, 17, cand[n - 1]);
        got += collect(s, page + got, limit - got);
    }
    return got;
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

static void read_hit(ctx *c, db_stmt *s, search_hit *h)
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
    h->exact = db_col_int(s, 12) > 0;
    /* bm25 is negative, better when lower: score = exact phrases + a 0..1 share of bm25 */
    double b = -db_col_double(s, 13);
    h->score = (double)db_col_int(s, 12) + (b > 0 ? b / (1.0 + b) : 0.0);
}

/* Loads the hits of page[0..n) in page order into out->hits (visible ones only). 0 or -1. */
static int load_hits(ctx *c, const char *match, const int64_t *page, int n, search_result *out)
{
    out->hits = arena_alloc(c->a, (size_t)(n > 0 ? n : 1) * sizeof *out->hits);
    if (n == 0)
        return 0;
    int64_t lo = page[0], hi = page[0];
    strbuf ids = STRBUF_INIT;
    sb_addc(&ids, '[');
    for (int i = 0; i < n; i++) {
        sb_printf(&ids, "%s%lld", i ? "," : "", (long long)page[i]);
        lo = page[i] < lo ? page[i] : lo;
        hi = page[i] > hi ? page[i] : hi;
    }
    sb_addc(&ids, ']');
    db_stmt *s = db_stmt_get(c->db, &q_hits);
    if (!s) {
        sb_free(&ids);
        return -1;
    }
    db_bind_text(s, 1, match);
    db_bind_text(s, 2, sb_str(&ids));
    db_bind_int(s, 3, lo);
    db_bind_int(s, 4, hi);
    search_hit *got = arena_alloc(c->a, (size_t)n * sizeof *got);
    bool *have = arena_alloc(c->a, (size_t)n * sizeof *have);
    int r;
    while ((r = db_step(s)) == DB_ROW) {
        int64_t rowid = db_col_int(s, 0);
        for (int i = 0; i < n; i++)
            if (page[i] == rowid && !have[i]) {
                read_hit(c, s, &got[i]);
                have[i] = true;
                break;
            }
    }
    db_reset(s);
    sb_free(&ids);
    if (r != DB_DONE)
        return -1;
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

    /* a document registered a moment ago is found at once */
    search_sync(c->db, SEARCH_SYNC_INLINE);
    if (search_schema_ensure(c->db) != 0)
        goto store;

    if (load_facets(c, match, f, out) != 0)
        goto store;
    int64_t *page = arena_alloc(c->a, (size_t)limit * sizeof *page);
    int n = 0;
    out->ranked_all = true;
    if (out->total > 0) {
        if (f->sort == SEARCH_SORT_DATE) {
            db_stmt *s = db_stmt_get(c->db, &q_by_date);
            if (!s)
                goto store;
            bind_all(c, s, match, f);
            db_bind_int(s, 15, limit);
            db_bind_int(s, 16, offset);
            n = collect(s, page, limit);
        } else {
            n = page_by_relevance(c, match, f, limit, offset, page, &out->ranked_all, out->total);
            if (n < 0)
                goto store;
        }
    }
    if (load_hits(c, match, page, n, out) != 0)
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
