/* Search on PostgreSQL: the tsvectors of a document, the query as a tsquery, and the search
 * itself. Contracts in search_pg.h; search.h's behaviour is the same on both stores. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "incoming/incoming.h"
#include "org/org.h"
#include "outgoing/outgoing.h"
#include "search/fts5_vi.h"
#include "search/search_pg.h"
#include "search/search_pg_sql.h"
#include "search/search_scan.h"
#include "search/search_sql.h"
#include "text/vi.h"

bool search_is_pg(db *d)
{
    return db_sqlite_handle(d) == NULL;
}

/* ---- the document's vectors ------------------------------------------------------------- */

static const char weight_of[6] = {'A', 'C', 'B', 'D', 'D', 'D'};

typedef struct prefix2 {
    /* SEARCH_PG_PREFIX_MARK and a key's first 2 to SEARCH_PG_PREFIX_MAX characters (NFC: a
     * Vietnamese letter is 3 bytes at most; a longer character leaves the key out) */
    char v[1 + 3 * SEARCH_PG_PREFIX_MAX + 1];
} prefix2;

/* p = the mark and the first `chars` characters of key k; false when k has fewer. */
static bool prefix_of(const char *k, int chars, prefix2 *p)
{
    size_t i = 0;
    int seen = 0;
    for (; k[i]; i++)
        if (((unsigned char)k[i] & 0xC0) != 0x80 && ++seen > chars)
            break;
    if (seen < chars || i + 2 > sizeof p->v)
        return false;
    p->v[0] = SEARCH_PG_PREFIX_MARK;
    memcpy(p->v + 1, k, i);
    p->v[i + 1] = 0;
    return true;
}

/* How many characters key k has, up to SEARCH_PG_PREFIX_MAX + 1. */
static int key_chars(const char *k)
{
    int n = 0;
    for (; *k && n <= SEARCH_PG_PREFIX_MAX; k++)
        n += ((unsigned char)*k & 0xC0) != 0x80;
    return n;
}

static int prefix_cmp(const void *a, const void *b)
{
    return strcmp(((const prefix2 *)a)->v, ((const prefix2 *)b)->v);
}

/* Adds key k's prefixes of 2 to SEARCH_PG_PREFIX_MAX characters to pre[*np…] (room for
 * SEARCH_PG_PREFIX_MAX - 1 of them). */
static void prefixes_of(const char *k, prefix2 *pre, int *np)
{
    for (int c = 2; c <= SEARCH_PG_PREFIX_MAX; c++)
        if (prefix_of(k, c, &pre[*np]))
            ++*np;
        else
            break;
}

void search_pg_vectors(const char *const cols[6], const size_t lens[6], const char *tags,
                       char **exact_r, char **folded_r)
{
    strbuf ex = STRBUF_INIT, fo = STRBUF_INIT;
    int pos = 0, np = 0, cap = 256;
    prefix2 *pre = malloc((size_t)cap * sizeof *pre);
    if (!pre)
        abort();
    for (int c = 0; c < 6 && pos < SEARCH_PG_MAX_POS; c++) {
        const char *s = cols[c] ? cols[c] : "";
        int n = (int)lens[c], at = 0, start, end;
        pos++; /* the gap: no phrase across two columns */
        while (pos < SEARCH_PG_MAX_POS && fts5_vi_next_token(s, n, &at, &start, &end)) {
            size_t tn = (size_t)(end - start);
            char *e = malloc(VI_KEY_SIZE(tn)), *f = malloc(VI_KEY_SIZE(tn));
            if (!e || !f)
                abort();
            int ne, nf;
            /* PostgreSQL refuses a lexeme of 2 KB or more (the whole row would fail, and the
             * document stay dirty for ever): such a "word" (base64, a hash) is not indexed */
            if (vi_keys(s + start, tn, true, e, &ne, f, &nf, VI_KEY_SIZE(tn)) == 0 && ne > 0 &&
                ne < SEARCH_PG_MAX_KEY) {
                pos++;
                /* keys are letters, digits and marks: nothing to quote inside '…' */
                sb_printf(&ex, "'%s':%d%c ", e, pos, weight_of[c]);
                sb_printf(&fo, "'%s':%d%c ", e, pos, weight_of[c]);
                if (nf > 0 && strcmp(e, f) != 0)
                    sb_printf(&fo, "'%s':%d%c ", f, pos, weight_of[c]);
                if (np + 2 * SEARCH_PG_PREFIX_MAX > cap) {
                    cap *= 2;
                    pre = realloc(pre, (size_t)cap * sizeof *pre);
                    if (!pre)
                        abort();
                }
                prefixes_of(e, pre, &np);
                if (nf > 0)
                    prefixes_of(f, pre, &np);
            }
            free(e);
            free(f);
        }
    }
    /* each key's first 2, 3 and 4 characters once, without a position (search_pg.h) */
    qsort(pre, (size_t)np, sizeof *pre, prefix_cmp);
    for (int i = 0; i < np; i++)
        if (i == 0 || strcmp(pre[i].v, pre[i - 1].v) != 0)
            sb_printf(&fo, "'%s' ", pre[i].v);
    free(pre);
    for (const char *t = tags ? tags : ""; *t;) {
        while (*t == ' ')
            t++;
        size_t n = strcspn(t, " ");
        /* a tag is FTS5_VI_TAG, a letter and an id or a code: never a quote or a backslash,
         * which the tsvector text would need escaped — such a one is left out */
        if (n > 1 && n < SEARCH_PG_MAX_KEY && t[0] == FTS5_VI_TAG && !memchr(t, '\'', n) &&
            !memchr(t, '\\', n))
            sb_printf(&fo, "'%.*s' ", (int)n, t);
        t += n;
    }
    *exact_r = sb_steal(&ex);
    *folded_r = sb_steal(&fo);
    if (!*exact_r || !*folded_r)
        abort();
}

/* ---- the query ---------------------------------------------------------------------------- */

/* What the builder learns beside the tsquery text: the text again with each phrase's parts
 * ANDed, and whether any key is other than an exact key (search_pg_shape). */
typedef struct {
    strbuf q, words;
    bool phrase, folded, neg;
} tsq_build;

static void tsq_adds(tsq_build *b, const char *s)
{
    sb_adds(&b->q, s);
    sb_adds(&b->words, s);
}

/* One quoted string of the MATCH expression (its parts separated by spaces, search query.c)
 * as a tsquery phrase: each part by the key FTS5's tokenizer would pick. */
static void phrase(tsq_build *b, const char *s, size_t n, bool prefix, bool exact, char weight)
{
    int at = 0, start, end, parts = 0;
    strbuf ph = STRBUF_INIT, pw = STRBUF_INIT;
    char w[3] = {0};
    if (weight)
        w[0] = weight;
    while (fts5_vi_next_token(s, (int)n, &at, &start, &end)) {
        size_t tn = (size_t)(end - start);
        const char *t = s + start;
        bool last =
            (size_t)at >= n || !fts5_vi_next_token(s, (int)n, &(int){at}, &(int){0}, &(int){0});
        char *k = malloc(VI_KEY_SIZE(tn)), *u = malloc(VI_KEY_SIZE(tn));
        if (!k || !u)
            abort();
        bool marked = exact || vi_has_marks(t, tn);
        b->folded |= !marked;
        int nk = marked ? vi_exact_key(t, tn, k, VI_KEY_SIZE(tn))
                        : vi_folded_key(t, tn, true, k, VI_KEY_SIZE(tn));
        prefix2 p2, u2;
        int kc = nk > 0 ? key_chars(k) : 0;
        if (nk > 0 && prefix && last && parts == 0 && !weight && !exact && kc >= 2 &&
            kc <= SEARCH_PG_PREFIX_MAX && prefix_of(k, kc, &p2)) {
            /* a lone word of two to four characters and a star: the vectors' lexeme of those
             * characters, one GIN entry where 'th':* unions every word starting so (u: y kept
             * apart from i, as many characters as k) */
            int nu = !marked ? vi_folded_key(t, tn, false, u, VI_KEY_SIZE(tn)) : -1;
            parts++;
            b->folded = true; /* a prefix lexeme is in the folded vector only */
            if (nu > 0 && strcmp(u, k) != 0 && prefix_of(u, key_chars(u), &u2))
                sb_printf(&ph, "('%s' | '%s')", p2.v, u2.v);
            else
                sb_printf(&ph, "'%s'", p2.v);
            sb_add(&pw, ph.buf, ph.len);
        } else if (nk > 0) {
            const char *star = prefix && last ? "*" : "";
            /* "'key'", "'key':*", "'key':C", "'key':*C" */
            const char *colon = *star || *w ? ":" : "";
            size_t from = ph.len;
            if (parts++) {
                sb_adds(&ph, " <-> ");
                sb_adds(&pw, " & ");
                from = ph.len;
            }
            int nu = !marked && *star ? vi_folded_key(t, tn, false, u, VI_KEY_SIZE(tn)) : -1;
            if (nu > 0 && strcmp(u, k) != 0) /* "ly*": lý (li) and lyon */
                sb_printf(&ph, "('%s'%s%s%s | '%s'%s%s%s)", k, colon, star, w, u, colon, star, w);
            else
                sb_printf(&ph, "'%s'%s%s%s", k, colon, star, w);
            sb_add(&pw, ph.buf + from, ph.len - from);
        }
        free(k);
        free(u);
    }
    if (parts == 0) { /* cannot happen for a parsed query: match nothing rather than all */
        tsq_adds(b, "'\x01'");
    } else if (parts == 1) {
        sb_add(&b->q, ph.buf, ph.len);
        sb_add(&b->words, pw.buf, pw.len);
    } else {
        b->phrase = true;
        sb_addc(&b->q, '(');
        sb_add(&b->q, ph.buf, ph.len);
        sb_addc(&b->q, ')');
        sb_addc(&b->words, '(');
        sb_add(&b->words, pw.buf, pw.len);
        sb_addc(&b->words, ')');
    }
    sb_free(&ph);
    sb_free(&pw);
}

char *search_pg_tsquery(const char *match, bool exact, char weight, search_pg_shape *shape)
{
    tsq_build b = {STRBUF_INIT, STRBUF_INIT, false, false, false};
    const char *p = match ? match : "";
    int neg_depth = -1, depth = 0, phrases = 0;
    bool neg_next = false; /* exact: the operand after NOT is left out */
    while (*p) {
        if (*p == ' ') {
            p++;
        } else if (*p == '"') {
            const char *e = strchr(p + 1, '"');
            if (!e)
                break;
            bool prefix = e[1] == '*';
            bool skip = exact && (neg_next || neg_depth >= 0);
            if (!skip) {
                if (exact && phrases++)
                    tsq_adds(&b, " | ");
                phrase(&b, p + 1, (size_t)(e - p - 1), prefix, exact, exact ? 0 : weight);
            }
            neg_next = false;
            p = e + 1 + prefix;
        } else if (*p == '(') {
            if (exact && neg_next && neg_depth < 0)
                neg_depth = depth;
            neg_next = false;
            depth++;
            if (!exact)
                tsq_adds(&b, "(");
            p++;
        } else if (*p == ')') {
            depth--;
            if (exact && neg_depth == depth)
                neg_depth = -1;
            if (!exact)
                tsq_adds(&b, ")");
            p++;
        } else if (strncmp(p, "AND", 3) == 0) {
            if (!exact)
                tsq_adds(&b, " & ");
            p += 3;
        } else if (strncmp(p, "OR", 2) == 0) {
            if (!exact)
                tsq_adds(&b, " | ");
            p += 2;
        } else if (strncmp(p, "NOT", 3) == 0) {
            /* FTS5's binary "a NOT b" is a & !b; NOT binds tightest in both */
            if (!exact)
                tsq_adds(&b, " & !");
            b.neg = true;
            neg_next = true;
            p += 3;
        } else {
            p++; /* query.c writes nothing else */
        }
    }
    if (shape) {
        shape->exact_keys = !b.folded && !weight;
        /* under a NOT the words ANDed would drop rows: NOT of them is narrower than NOT of
         * the phrase, so a query with a NOT keeps the recheck */
        shape->words = shape->exact_keys && b.phrase && !b.neg ? sb_steal(&b.words) : NULL;
    }
    sb_free(&b.words);
    if (exact && phrases == 0) {
        sb_free(&b.q);
        return NULL;
    }
    char *r = sb_steal(&b.q);
    if (!r)
        abort();
    return r;
}

/* ---- the statements ----------------------------------------------------------------------- */

/* PostgreSQL only. Written in the SQLite dialect on purpose: the driver's translation
 * (db/pg_sql.h) turns the visibility rule and filters of search_sql.h into their $N form, so
 * the rule that test_search.c checks against incoming_may_see/outgoing_may_see exists once.
 * Bound: ?1..?14 as search_bind_all (?6 the tsquery on folded), ?15 limit, ?16 the exact-
 * column tsquery (NULL: no positive phrase). */
#define PG_FROM_WHERE                                                                              \
    " FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid"                               \
    " WHERE search_fts.folded @@ CAST(?6 AS tsquery)" PG_FILTERS " AND " SEARCH_VISIBLE

#define PG_EXACT                                                                                   \
    "CASE WHEN CAST(?16 AS tsquery) IS NOT NULL AND search_fts.exact @@ CAST(?16 AS tsquery)"      \
    " THEN 1 ELSE 0 END"

/* The exact hit and ts_rank of the scan's newest ?17 rows (SEARCH_RANK_CANDIDATES, as on
 * SQLite: search.h); 0 for the older ones, which follow in index order. CASE calls neither
 * function past them, so their vectors (the body's keys, TOASTed) are never read: ranking
 * every one of 2,001 rows read 2,001 vectors. */
#define PG_RANKED                                                                                  \
    " CASE WHEN row_number() OVER (ORDER BY s.rowid DESC) <= ?17"                                  \
    " AND CAST(?16 AS tsquery) IS NOT NULL AND f.exact @@ CAST(?16 AS tsquery) THEN 1 ELSE 0 END," \
    " CASE WHEN row_number() OVER (ORDER BY s.rowid DESC) <= ?17"                                  \
    " THEN ts_rank(f.folded, CAST(?6 AS tsquery)) ELSE 0 END"

/* The newest SEARCH_COUNT_MAX + 1 visible matches, with their exact hit and ts_rank (the
 * stand-in for bm25; weights D C B A as ts_rank's default {0.1, 0.2, 0.4, 1.0}).
 * The exact hit and ts_rank are computed in the outer query, on the rows the LIMIT keeps: in
 * the SELECT of the scan itself PostgreSQL computed both (each detoasting the document's
 * vectors) for EVERY match before the sort cut it — 28,757 rows for "kế hoạch" at 100,000
 * documents, most of that search's time (EXPLAIN ANALYZE in docs/SCALING.md). */
static const db_query q_pg_scan = {
    "search.pg_scan",
    "SELECT s.rowid, s.kind, s.doc_type, s.year, s.unit_id, s.sort_date," PG_RANKED
    " FROM (SELECT search_fts.rowid AS rowid, d.kind AS kind, d.doc_type AS doc_type,"
    " d.year AS year, d.unit_id AS unit_id, d.sort_date AS sort_date" PG_FROM_WHERE
    " ORDER BY search_fts.rowid DESC LIMIT ?15) s JOIN search_fts f ON f.rowid = s.rowid"
    " ORDER BY s.rowid DESC",
    DB_PG_REPLAN,
};

/* The same scan driven by the caller's candidates when her scope is small (a commune clerk:
 * a few thousand documents of a million). The plain scan leaves the plan to PostgreSQL, which
 * either walks search_fts backwards by rowid testing `@@` on each row until 2,001 of hers
 * pass — the whole table when she has few matches: 0 hits in 1.7 s at 100,000 documents — or
 * reads every match of the GIN index and sorts them. Here her candidates (the superset of
 * SEARCH_VISIBLE that search_scope.c's q_candidates reads, branch by branch, from indexes) are
 * materialised first and each is tested against the query by primary key: the cost follows her
 * documents, not the corpus. Same rows, order and cut as q_pg_scan (test_search_pg compares
 * them). ?1 her id, ?3 her scope's units as JSON (search_bind_visibility). */
/* Every document the caller could see: a superset of SEARCH_VISIBLE (search_scope.c's
 * q_candidates, branch by branch). */
#define PG_CANDIDATES                                                                              \
    "SELECT id FROM search_docs WHERE unit_id = " PG_IDS("?3") " UNION " PG_OTHER_CANDIDATES

static const db_query q_pg_scan_scoped = {
    "search.pg_scan_scoped",
    "WITH cand(id) AS MATERIALIZED (" PG_CANDIDATES ")"
    " SELECT s.rowid, s.kind, s.doc_type, s.year, s.unit_id, s.sort_date," PG_RANKED
    " FROM (SELECT search_fts.rowid AS rowid, d.kind AS kind, d.doc_type AS doc_type,"
    " d.year AS year, d.unit_id AS unit_id, d.sort_date AS sort_date"
    " FROM cand JOIN search_fts ON search_fts.rowid = cand.id"
    " JOIN search_docs d ON d.id = cand.id"
    " WHERE search_fts.folded @@ CAST(?6 AS tsquery)" PG_FILTERS " AND " SEARCH_VISIBLE
    " ORDER BY search_fts.rowid DESC LIMIT ?15) s JOIN search_fts f ON f.rowid = s.rowid"
    " ORDER BY s.rowid DESC",
    DB_PG_REPLAN,
};

/* 1 when every document is indexed (its vector carries its tags), 0 when some wait. */
static const db_query q_pg_none_dirty = {
    "search.pg_none_dirty",
    "SELECT NOT EXISTS (SELECT 1 FROM search_docs WHERE dirty = 1)",
    NULL,
};

/* 1 when the vectors' tags can be trusted (no row waits for the indexer), 0 not, -1 store. */
static int tags_current(ctx *c)
{
    db_stmt *s = db_stmt_get(c->db, &q_pg_none_dirty);
    if (!s)
        return -1;
    int r = db_step(s);
    int current = r == DB_ROW && db_col_int(s, 0) != 0;
    db_reset(s);
    return r == DB_ROW ? current : -1;
}

/* Rows past the scan: index order older than ?19 (?18 = 0), or every match by date (?18 =
 * 1), from offset ?17. */
static const db_query q_pg_page = {
    "search.pg_page",
    "SELECT search_fts.rowid, " PG_EXACT PG_FROM_WHERE " AND search_fts.rowid < ?19"
    " ORDER BY CASE WHEN ?18 = 1 THEN d.sort_date END DESC, search_fts.rowid DESC"
    " LIMIT ?15 OFFSET ?17",
    NULL,
};

/* The page's hits at once (?1 their rowids as JSON, in any order): the texts for the list
 * and the snippet (the body cut: a snippet needs its start). Hand-written for PostgreSQL; the
 * SQLite text is never run (search.c's q_hits serves SQLite). One statement for the page, not
 * one a hit: twenty round trips were 2–3 ms of a search. */
static const db_query q_pg_hits = {
    "search.pg_hits",
    "SELECT f.rowid, d.kind, d.doc_id, d.secrecy, d.urgency, d.doc_type, d.issued_date, f.code,"
    " f.subject, f.issuer, f.doc_type, f.signer, substr(f.body, 1, 100000), 0, 0.0"
    " FROM search_fts f JOIN search_docs d ON d.id = f.rowid"
    " WHERE f.rowid IN (SELECT value FROM json_each(?1))",
    "SELECT f.rowid, d.kind, d.doc_id, d.secrecy, d.urgency, d.doc_type, d.issued_date, f.code,"
    " f.subject, f.issuer, f.doc_type, f.signer, substr(f.body, 1, 100000),"
    " CASE WHEN $3::tsquery IS NOT NULL AND f.exact @@ $3::tsquery THEN 1 ELSE 0 END,"
    " ts_rank(f.folded, $2::tsquery)"
    " FROM search_fts f JOIN search_docs d ON d.id = f.rowid WHERE f.rowid = ANY ("
    "CAST(string_to_array(btrim($1::text, '[] '), ',') AS bigint[]))",
};

/* ---- the snippet: the app's own keys, as vi_snippet does on SQLite ------------------------ */

typedef struct qkey {
    char *key;
    bool exact, prefix;
} qkey;

typedef struct qkeys {
    qkey v[2 * SEARCH_MAX_TERMS * 8];
    int n;
} qkeys;

static void qkeys_of(const char *match, qkeys *qk)
{
    qk->n = 0;
    for (const char *p = match; p && (p = strchr(p, '"'));) {
        const char *e = strchr(p + 1, '"');
        if (!e)
            break;
        bool prefix = e[1] == '*';
        int at = 0, start, end, n = (int)(e - p - 1);
        while (fts5_vi_next_token(p + 1, n, &at, &start, &end) &&
               qk->n < (int)(sizeof qk->v / sizeof qk->v[0])) {
            size_t tn = (size_t)(end - start);
            const char *t = p + 1 + start;
            char *k = malloc(VI_KEY_SIZE(tn));
            if (!k)
                abort();
            bool ex = vi_has_marks(t, tn);
            int nk = ex ? vi_exact_key(t, tn, k, VI_KEY_SIZE(tn))
                        : vi_folded_key(t, tn, true, k, VI_KEY_SIZE(tn));
            if (nk <= 0) {
                free(k);
                continue;
            }
            qk->v[qk->n++] = (qkey){k, ex, prefix && at >= n};
        }
        p = e + 1;
    }
}

static void qkeys_free(qkeys *qk)
{
    for (int i = 0; i < qk->n; i++)
        free(qk->v[i].key);
    qk->n = 0;
}

static bool key_hit(const qkeys *qk, const char *e, const char *f)
{
    for (int i = 0; i < qk->n; i++) {
        const char *k = qk->v[i].exact ? e : f;
        size_t kn = strlen(qk->v[i].key);
        if (qk->v[i].prefix ? strncmp(k, qk->v[i].key, kn) == 0 : strcmp(k, qk->v[i].key) == 0)
            return true;
    }
    return false;
}

enum { SNIP_TOKENS = 24, SNIP_MAX_HITS = 4096 };

/* Hits of one text: token byte ranges and whether each is a hit; returns the hit count. */
static int text_hits(const char *s, const qkeys *qk, int *starts, int *ends, bool *hit, int max,
                     int *ntok_r)
{
    int n = (int)strlen(s), at = 0, start, end, k = 0, hits = 0;
    while (k < max && fts5_vi_next_token(s, n, &at, &start, &end)) {
        size_t tn = (size_t)(end - start);
        char *e = malloc(VI_KEY_SIZE(tn)), *f = malloc(VI_KEY_SIZE(tn));
        if (!e || !f)
            abort();
        int ne, nf;
        bool h =
            vi_keys(s + start, tn, true, e, &ne, f, &nf, VI_KEY_SIZE(tn)) == 0 && key_hit(qk, e, f);
        free(e);
        free(f);
        starts[k] = start, ends[k] = end, hit[k] = h;
        hits += h;
        k++;
    }
    *ntok_r = k;
    return hits;
}

/* Escaped text of the column with the most hits: a window of SNIP_TOKENS tokens a quarter
 * before its first hit, hits in <mark> — a run of hit tokens in one mark, with what lies
 * between them, as vi_snippet does on SQLite ("<mark>tham nhũng</mark>"). */
static const char *snippet(ctx *c, const char *const texts[], int n_texts, const qkeys *qk)
{
    int *st = malloc(SNIP_MAX_HITS * sizeof *st), *en = malloc(SNIP_MAX_HITS * sizeof *en);
    bool *hit = malloc(SNIP_MAX_HITS * sizeof *hit);
    if (!st || !en || !hit)
        abort();
    int best = -1, best_hits = 0, ntok = 0;
    for (int i = 0; i < n_texts; i++) {
        int nt, h = text_hits(texts[i], qk, st, en, hit, SNIP_MAX_HITS, &nt);
        if (h > best_hits)
            best = i, best_hits = h;
    }
    if (best < 0)
        best = 0;
    const char *s = texts[best];
    text_hits(s, qk, st, en, hit, SNIP_MAX_HITS, &ntok);
    int first = 0;
    while (first < ntok && !hit[first])
        first++;
    if (first == ntok)
        first = 0;
    int w0 = first - SNIP_TOKENS / 4 > 0 ? first - SNIP_TOKENS / 4 : 0;
    int w1 = w0 + SNIP_TOKENS < ntok ? w0 + SNIP_TOKENS : ntok;
    strbuf sb = STRBUF_INIT;
    if (w0 > 0)
        sb_adds(&sb, "…");
    for (int k = w0; k < w1; k++) {
        if (k > w0) {
            char *gap = arena_strndup(c->a, s + en[k - 1], (size_t)(st[k] - en[k - 1]));
            html_escape(&sb, gap);
        }
        if (hit[k] && !(k > w0 && hit[k - 1]))
            html_raw(&sb, "<mark>");
        html_escape(&sb, arena_strndup(c->a, s + st[k], (size_t)(en[k] - st[k])));
        if (hit[k] && !(k + 1 < w1 && hit[k + 1]))
            html_raw(&sb, "</mark>");
    }
    if (w1 < ntok)
        sb_adds(&sb, "…");
    const char *r = arena_strdup(c->a, sb_str(&sb));
    sb_free(&sb);
    free(st);
    free(en);
    free(hit);
    return r;
}

/* ---- the search ----------------------------------------------------------------------------- */

typedef struct pg_row {
    int64_t rowid;
    int exact;
    double rank;
    const char *sort_date;
} pg_row;

static int rank_cmp(const void *a, const void *b)
{
    const pg_row *x = a, *y = b;
    if (x->exact != y->exact)
        return x->exact > y->exact ? -1 : 1;
    if (x->rank != y->rank)
        return x->rank > y->rank ? -1 : 1;
    return x->rowid > y->rowid ? -1 : x->rowid < y->rowid;
}

static int date_cmp(const void *a, const void *b)
{
    const pg_row *x = a, *y = b;
    int d = strcmp(y->sort_date, x->sort_date);
    if (d)
        return d;
    return x->rowid < y->rowid ? 1 : x->rowid > y->rowid ? -1 : 0;
}

/* The full query (and the issuer's terms on weight C), the exact-column query, and what
 * search_pg_tsquery tells of the full one (nothing with an issuer, whose terms are folded keys
 * on weight C: never for the exact column). */
static int queries(ctx *c, const search_filter *f, const char **q_r, const char **qe_r,
                   search_pg_shape *shape, const char **match_r)
{
    search_query sq, iq;
    if (search_query_parse(f->q, strlen(f->q), &sq) != 0)
        return -1;
    char *t = search_pg_tsquery(sq.match, false, 0, shape);
    char *e = search_pg_tsquery(sq.match, true, 0, NULL);
    *q_r = arena_strdup(c->a, t);
    *qe_r = arena_strdup(c->a, e);
    if (shape->words) {
        char *w = shape->words;
        shape->words = arena_strdup(c->a, w);
        free(w);
    }
    *match_r = arena_strdup(c->a, sq.match);
    free(t);
    free(e);
    search_query_free(&sq);
    if (f->issuer && *f->issuer) {
        if (search_query_parse(f->issuer, strlen(f->issuer), &iq) != 0)
            return -1;
        char *w = search_pg_tsquery(iq.match, false, 'C', NULL);
        *q_r = arena_printf(c->a, "(%s) & (%s)", *q_r, w);
        *shape = (search_pg_shape){0};
        free(w);
        search_query_free(&iq);
    }
    return 0;
}

static void bind_page(ctx *c, db_stmt *s, const char *q, const char *qe, const search_filter *f)
{
    search_bind_all(c, s, q, f);
    db_bind_text(s, 16, qe);
}

int search_pg_run(ctx *c, const search_filter *f, int limit, int offset, search_result *out)
{
    const char *q, *qe, *match;
    search_pg_shape shape = {0};
    if (queries(c, f, &q, &qe, &shape, &match) != 0)
        return -1;
    int small = search_plan == SEARCH_PLAN_AUTO || search_plan == SEARCH_PLAN_SCOPED
                    ? search_scope_is_small(c)
                    : 0;
    if (small < 0)
        return -1;
    /* The windows (search_pg_window.c) for everybody while the tags can be trusted, with her
     * units' tags for a scope of a few units. Except a prefix in a small scope: its GIN answer
     * holds every word it starts (`th:*` 35 → 460 ms tagged, at 1,000,000 documents), where
     * her candidates tested one by one cost what her documents number (q_pg_scan_scoped). */
    bool prefix = strstr(q, "':*") != NULL;
    int current =
        search_plan == SEARCH_PLAN_AUTO || search_plan == SEARCH_PLAN_TAGS ? tags_current(c) : 0;
    if (current < 0)
        return -1;
    bool windows = current && !(small && prefix && search_plan == SEARCH_PLAN_AUTO);
    scan sc = {0};
    pg_row *rows = arena_alloc(c->a, (size_t)(search_scan_max + 1) * sizeof *rows);
    int r;
    if (windows) {
        if (search_pg_scan_windows(c, q, qe, &shape, f, true, small > 0, &sc) != 0)
            return -1;
        for (int i = 0; i < sc.n; i++)
            rows[i] = (pg_row){sc.v[i].rowid, sc.v[i].exact, sc.v[i].bm25, sc.v[i].sort_date};
    } else {
        db_stmt *s = db_stmt_get(c->db, small ? &q_pg_scan_scoped : &q_pg_scan);
        if (!s)
            return -1;
        bind_page(c, s, q, qe, f);
        db_bind_int(s, 15, search_scan_max + 1);
        db_bind_int(s, 17, SEARCH_RANK_CANDIDATES);
        int cap = 256;
        sc.v = arena_alloc(c->a, (size_t)cap * sizeof *sc.v);
        while ((r = db_step(s)) == DB_ROW) {
            if (sc.n == search_scan_max) {
                sc.cut = true;
                continue;
            }
            ARENA_GROW(c->a, sc.v, sc.n, cap);
            scan_row *w = &sc.v[sc.n];
            search_scan_row_read(c, s, w);
            rows[sc.n] =
                (pg_row){w->rowid, (int)db_col_int(s, 6), db_col_double(s, 7), w->sort_date};
            sc.n++;
        }
        db_reset(s);
        if (r != DB_DONE)
            return -1;
    }
    search_facets_of_scan(c, &sc, out);

    /* the page: the scan's newest SEARCH_RANK_CANDIDATES ranked, the older ones after them in
     * index order (search.h, as on SQLite), or every scanned row by date; past a cut scan,
     * SQL gives the rest */
    int64_t *page = arena_alloc(c->a, (size_t)limit * sizeof *page);
    int got = 0;
    bool by_date = f->sort == SEARCH_SORT_DATE;
    int ranked = sc.n < SEARCH_RANK_CANDIDATES ? sc.n : SEARCH_RANK_CANDIDATES;
    out->ranked_all = !sc.cut && sc.n <= ranked;
    if (by_date && sc.n > 1)
        qsort(rows, (size_t)sc.n, sizeof *rows, date_cmp);
    else if (!by_date && ranked > 1)
        qsort(rows, (size_t)ranked, sizeof *rows, rank_cmp);
    if (by_date && sc.cut) {
        /* a cut scan sorted by date is not the date order of every match */
        got = 0;
    } else {
        for (int i = offset; i < sc.n && got < limit; i++)
            page[got++] = rows[i].rowid;
    }
    if (sc.cut && got < limit) {
        db_stmt *p = db_stmt_get(c->db, &q_pg_page);
        if (!p)
            return -1;
        bind_page(c, p, q, qe, f);
        db_bind_int(p, 15, limit - got);
        int skip = by_date ? offset : (offset > sc.n ? offset - sc.n : 0);
        db_bind_int(p, 17, skip);
        db_bind_int(p, 18, by_date ? 1 : 0);
        db_bind_int(p, 19, by_date ? INT64_MAX : sc.v[sc.n - 1].rowid);
        while (got < limit && (r = db_step(p)) == DB_ROW)
            page[got++] = db_col_int(p, 0);
        db_reset(p);
    }

    /* the hits */
    out->hits = arena_alloc(c->a, (size_t)(got > 0 ? got : 1) * sizeof *out->hits);
    qkeys *qk = malloc(sizeof *qk);
    if (!qk)
        abort();
    qkeys_of(match, qk);
    db_stmt *h = db_stmt_get(c->db, &q_pg_hits);
    if (!h) {
        qkeys_free(qk);
        free(qk);
        return -1;
    }
    /* each row where its rowid stands on the page */
    search_hit *at = arena_alloc(c->a, (size_t)(got > 0 ? got : 1) * sizeof *at);
    const char *(*texts)[6] = arena_alloc(c->a, (size_t)(got > 0 ? got : 1) * sizeof *texts);
    bool *seen = arena_alloc(c->a, (size_t)(got > 0 ? got : 1) * sizeof *seen);
    memset(seen, 0, (size_t)(got > 0 ? got : 1) * sizeof *seen);
    strbuf ids = STRBUF_INIT;
    sb_add_ids(&ids, page, got);
    db_bind_text(h, 1, sb_str(&ids));
    db_bind_text(h, 2, q);
    db_bind_text(h, 3, qe);
    sb_free(&ids);
    int rc = 0;
    while (got > 0 && (r = db_step(h)) == DB_ROW) {
        int64_t rowid = db_col_int(h, 0);
        int i = 0;
        while (i < got && (page[i] != rowid || seen[i]))
            i++;
        if (i == got)
            continue;
        seen[i] = true;
        search_hit *x = &at[i];
        *x = (search_hit){0};
        x->kind = strcmp(db_col_text(h, 1) ? db_col_text(h, 1) : "", "in") == 0 ? "in" : "out";
        x->id = db_col_int(h, 2);
        x->secrecy = (int)db_col_int(h, 3);
        x->urgency = (int)db_col_int(h, 4);
        x->doc_type = arena_strdup(c->a, db_col_text(h, 5));
        x->issued_date = arena_strdup(c->a, db_col_text(h, 6));
        for (int k = 0; k < 6; k++)
            texts[i][k] = arena_strdup(c->a, db_col_text(h, 7 + k) ? db_col_text(h, 7 + k) : "");
        x->code = texts[i][0], x->subject = texts[i][1], x->issuer = texts[i][2];
        x->doc_type_name = texts[i][3];
        x->exact = db_col_int(h, 13) > 0;
        double b = db_col_double(h, 14);
        x->score = (double)x->exact + (b > 0 ? b / (1.0 + b) : 0.0);
    }
    db_reset(h);
    if (got > 0 && r != DB_DONE)
        rc = -1;
    for (int i = 0; i < got && rc == 0; i++) {
        if (!seen[i])
            continue;
        search_hit x = at[i];
        /* the subject first, as the list shows it; then the body, code, issuer, signer */
        const char *order[6] = {texts[i][1], texts[i][5], texts[i][0],
                                texts[i][2], texts[i][4], texts[i][3]};
        x.snippet_html = snippet(c, order, 6, qk);
        /* defence in depth, as on SQLite */
        bool ok = strcmp(x.kind, "in") == 0 ? incoming_may_see(c, x.id) : outgoing_may_see(c, x.id);
        if (ok)
            out->hits[out->n_hits++] = x;
    }
    qkeys_free(qk);
    free(qk);
    return rc;
}
