/* The "vi" FTS5 tokenizer and the vi_exact() ranking function. Contracts in fts5_vi.h. */
#include "search/fts5_vi.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "text/vi.h"

/* Key buffers on the stack cover tokens up to this many bytes; longer ones use the heap. */
enum { KEY_STACK = 256 };

/* The most words of a query vi_exact() remembers; later ones never count as exact. */
enum { QUERY_KEYS_MAX = 64 };

/* Columns of vi_bm25()'s weights (and vi_rank()'s). */
enum { BM25_MAX_COLS = 16 };

struct vi_tokenizer {
    bool merge_yi; /* folded keys merge final y into i (lý = lí) */
};

static int tok_create(void *user, const char **argv, int argc, Fts5Tokenizer **out)
{
    bool merge_yi = true;
    for (int i = 0; i < argc; i += 2) {
        if (i + 1 < argc && strcmp(argv[i], "yi_merge") == 0 &&
            (strcmp(argv[i + 1], "0") == 0 || strcmp(argv[i + 1], "1") == 0))
            merge_yi = argv[i + 1][0] == '1';
        else
            return SQLITE_ERROR; /* unknown option: refuse rather than index differently */
    }
    struct vi_tokenizer *t = sqlite3_malloc(sizeof *t);
    if (!t)
        return SQLITE_NOMEM;
    t->merge_yi = merge_yi;
    *out = (Fts5Tokenizer *)t;
    return SQLITE_OK;
}

static void tok_delete(Fts5Tokenizer *t)
{
    sqlite3_free(t);
}

/* Finds the next token in s[*pos..n) as [*start_r, *end_r) and moves *pos past it; false at
 * the end. Invalid UTF-8 bytes separate tokens like punctuation does. */
static bool next_token(const char *s, int n, int *pos, int *start_r, int *end_r)
{
    const utf8proc_uint8_t *u = (const utf8proc_uint8_t *)s;
    int i = *pos, start = -1;
    while (i < n) {
        if (u[i] < 0x80) {
            /* ASCII, most of any text: letters and digits, no table lookup (the same answer
             * as utf8proc's categories; ASCII has no combining marks) */
            unsigned char b = u[i];
            bool part = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9');
            if (part && start < 0)
                start = i;
            else if (!part && start >= 0)
                break;
            i++;
            continue;
        }
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate(u + i, n - i, &c);
        bool part = k > 0 && (start < 0 ? vi_cp_token_start(c) : vi_cp_token_part(c));
        if (k <= 0)
            k = 1;
        if (part && start < 0)
            start = i;
        else if (!part && start >= 0)
            break;
        i += (int)k;
    }
    *pos = i;
    if (start < 0)
        return false;
    *start_r = start;
    *end_r = i;
    return true;
}

/* The same boundaries for the PostgreSQL index (search_pg.h), so both stores see the same
 * tokens. */
bool fts5_vi_next_token(const char *s, int n, int *pos, int *start_r, int *end_r)
{
    return next_token(s, n, pos, start_r, end_r);
}

/* Two key buffers big enough for a token of n bytes. */
struct keybufs {
    char *exact, *folded;
    size_t size;
    char *heap;
    char stack[2][KEY_STACK];
};

static int keybufs_init(struct keybufs *kb, int n)
{
    kb->size = VI_KEY_SIZE(n);
    kb->heap = NULL;
    if (kb->size <= KEY_STACK) {
        kb->size = KEY_STACK;
        kb->exact = kb->stack[0];
        kb->folded = kb->stack[1];
        return SQLITE_OK;
    }
    kb->heap = sqlite3_malloc64(2 * kb->size);
    if (!kb->heap)
        return SQLITE_NOMEM;
    kb->exact = kb->heap;
    kb->folded = kb->heap + kb->size;
    return SQLITE_OK;
}

typedef int (*token_cb)(void *, int, const char *, int, int, int);

static int emit(const struct vi_tokenizer *t, int flags, const char *tok, int n, int start, int end,
                void *ctx, token_cb xToken)
{
    struct keybufs kb;
    int rc = keybufs_init(&kb, n);
    if (rc != SQLITE_OK)
        return rc;
    if (flags & FTS5_TOKENIZE_QUERY) {
        if (vi_has_marks(tok, (size_t)n)) {
            int ne = vi_exact_key(tok, (size_t)n, kb.exact, kb.size);
            rc = ne < 0 ? SQLITE_ERROR : xToken(ctx, 0, kb.exact, ne, start, end);
        } else {
            int nf = vi_folded_key(tok, (size_t)n, t->merge_yi, kb.folded, kb.size);
            rc = nf < 0 ? SQLITE_ERROR : xToken(ctx, 0, kb.folded, nf, start, end);
            if (rc == SQLITE_OK && (flags & FTS5_TOKENIZE_PREFIX) && t->merge_yi) {
                /* "ly*": the merged key "li" finds lý/lí, the plain one finds "lyon". */
                int nu = vi_folded_key(tok, (size_t)n, false, kb.exact, kb.size);
                if (nu < 0)
                    rc = SQLITE_ERROR;
                else if (nu != nf || memcmp(kb.exact, kb.folded, (size_t)nf) != 0)
                    rc = xToken(ctx, FTS5_TOKEN_COLOCATED, kb.exact, nu, start, end);
            }
        }
    } else {
        int ne, nf;
        if (vi_keys(tok, (size_t)n, t->merge_yi, kb.exact, &ne, kb.folded, &nf, kb.size) < 0)
            rc = SQLITE_ERROR;
        else
            rc = xToken(ctx, 0, kb.exact, ne, start, end);
        if (rc == SQLITE_OK && (ne != nf || memcmp(kb.exact, kb.folded, (size_t)ne) != 0))
            rc = xToken(ctx, FTS5_TOKEN_COLOCATED, kb.folded, nf, start, end);
    }
    sqlite3_free(kb.heap);
    return rc;
}

/* A tag list (fts5_vi.h): each space-separated run is a token as it is, FTS5_VI_TAG included
 * (a query's phrase "\x01u34" gives the same bytes). */
static int tag_tokenize(void *ctx, const char *text, int n, token_cb xToken)
{
    int rc = SQLITE_OK;
    for (int i = 0; i < n && rc == SQLITE_OK;) {
        while (i < n && text[i] == ' ')
            i++;
        int start = i;
        while (i < n && text[i] != ' ')
            i++;
        if (i > start)
            rc = xToken(ctx, 0, text + start, i - start, start, i);
    }
    return rc;
}

static int tok_tokenize(Fts5Tokenizer *tokenizer, void *ctx, int flags, const char *text, int n,
                        token_cb xToken)
{
    const struct vi_tokenizer *t = (const struct vi_tokenizer *)tokenizer;
    if (n > 0 && text[0] == FTS5_VI_TAG)
        return tag_tokenize(ctx, text, n, xToken);
    int pos = 0, start, end, rc = SQLITE_OK;
    while (rc == SQLITE_OK && next_token(text, n, &pos, &start, &end))
        rc = emit(t, flags, text + start, end - start, start, end, ctx, xToken);
    return rc;
}

/* ---- vi_exact() ---------------------------------------------------------------------- */

/* The words of the query string as typed: exact keys, and whether each is a prefix. */
struct query_keys {
    int n;
    bool all_marked; /* every hit is exact: no need to re-read the rows */
    struct {
        char *key;
        int len;
        bool prefix;
    } k[QUERY_KEYS_MAX];
};

static void query_keys_free(void *p)
{
    struct query_keys *q = p;
    for (int i = 0; i < q->n; i++)
        sqlite3_free(q->k[i].key);
    sqlite3_free(q);
}

static bool is_operator(const char *s, int n)
{
    /* FTS5 operators are upper-case barewords; they are syntax, not words to look for. */
    return (n == 3 && (memcmp(s, "AND", 3) == 0 || memcmp(s, "NOT", 3) == 0)) ||
           (n == 2 && memcmp(s, "OR", 2) == 0) || (n == 4 && memcmp(s, "NEAR", 4) == 0);
}

static int query_keys_parse(const char *q, int qn, struct query_keys **out)
{
    struct query_keys *qk = sqlite3_malloc(sizeof *qk);
    if (!qk)
        return SQLITE_NOMEM;
    qk->n = 0;
    qk->all_marked = true;
    int pos = 0, start, end;
    while (qk->n < QUERY_KEYS_MAX && next_token(q, qn, &pos, &start, &end)) {
        int after = end;
        while (after < qn && q[after] == ' ')
            after++;
        /* "body:" is a column filter; a column name is not a word to look for. */
        if (is_operator(q + start, end - start) || (after < qn && q[after] == ':'))
            continue;
        int n = end - start;
        char *key = sqlite3_malloc64(VI_KEY_SIZE(n));
        if (!key) {
            query_keys_free(qk);
            return SQLITE_NOMEM;
        }
        int len = vi_exact_key(q + start, (size_t)n, key, VI_KEY_SIZE(n));
        if (len < 0) {
            sqlite3_free(key);
            continue;
        }
        qk->k[qk->n].key = key;
        qk->k[qk->n].len = len;
        /* "ngu*" bare, or "ngu"* as query.c writes it: the star after the closing quote
         * belongs to the phrase's last word */
        int star = after < qn && q[after] == '"' ? after + 1 : after;
        qk->k[qk->n].prefix = star < qn && q[star] == '*';
        qk->all_marked = qk->all_marked && vi_has_marks(q + start, (size_t)n);
        qk->n++;
    }
    *out = qk;
    return SQLITE_OK;
}

static bool query_keys_has(const struct query_keys *qk, const char *key, int len)
{
    for (int i = 0; i < qk->n; i++) {
        int kl = qk->k[i].len;
        if ((kl == len || (qk->k[i].prefix && kl < len)) && memcmp(qk->k[i].key, key, kl) == 0)
            return true;
    }
    return false;
}

/* One re-read of a column: which hit positions (bits set in want) are spelled as typed.
 * The boundaries are next_token's, the tokenizer's own (one position per token: the folded
 * key is colocated), so the n-th token found is position n. Only a token at a hit position
 * is normalised: the tokenizer would have normalised every word up to the last hit (most of
 * vi_exact's cost, 2-3 times what the rest of the ranking costs on a 500-row candidate set). */
static int reread_column(const struct query_keys *qk, const char *text, int n,
                         const unsigned char *want, unsigned char *exact, int max_pos)
{
    int p = 0, start, end, rc = SQLITE_OK;
    for (int pos = 0; pos <= max_pos && next_token(text, n, &p, &start, &end); pos++) {
        if (!(want[pos / 8] & (1u << (pos % 8))))
            continue;
        int len = end - start;
        char stack[KEY_STACK], *key = stack;
        size_t size = VI_KEY_SIZE(len);
        if (size > sizeof stack && !(key = sqlite3_malloc64(size))) {
            rc = SQLITE_NOMEM;
            break;
        }
        int kl = vi_exact_key(text + start, (size_t)len, key, size);
        if (kl < 0)
            rc = SQLITE_ERROR;
        else if (query_keys_has(qk, key, kl))
            exact[pos / 8] |= (unsigned char)(1u << (pos % 8));
        if (key != stack)
            sqlite3_free(key);
        if (rc != SQLITE_OK)
            break;
    }
    return rc;
}

struct hit {
    int phrase, col, off, size;
};

static int hit_cmp(const void *a, const void *b)
{
    const struct hit *x = a, *y = b;
    return x->col != y->col ? (x->col > y->col) - (x->col < y->col)
                            : (x->off > y->off) - (x->off < y->off);
}

/* Counts the phrases with an exact hit in the current row; *count_r, SQLite result code. */
/* weight: when not NULL, hits in a column of weight 0 (the tags) do not count. */
static int count_exact(const Fts5ExtensionApi *api, Fts5Context *fts, const struct query_keys *qk,
                       const double *weight, int *count_r)
{
    int nphrase = api->xPhraseCount(fts), ninst = 0, rc;
    *count_r = 0;
    if ((rc = api->xInstCount(fts, &ninst)) != SQLITE_OK || ninst == 0 || nphrase == 0)
        return rc;
    struct hit *hits = sqlite3_malloc64((size_t)ninst * sizeof *hits);
    unsigned char *found = sqlite3_malloc(nphrase);
    if (!hits || !found) {
        sqlite3_free(hits);
        sqlite3_free(found);
        return SQLITE_NOMEM;
    }
    memset(found, 0, (size_t)nphrase);
    int kept = 0;
    for (int i = 0; i < ninst && rc == SQLITE_OK; i++) {
        struct hit *h = &hits[kept];
        rc = api->xInst(fts, i, &h->phrase, &h->col, &h->off);
        h->size = rc == SQLITE_OK ? api->xPhraseSize(fts, h->phrase) : 0;
        if (!weight || h->col < 0 || h->col >= BM25_MAX_COLS || weight[h->col] != 0.0)
            kept++;
    }
    ninst = kept;
    if (rc == SQLITE_OK && qk->all_marked) {
        for (int i = 0; i < ninst; i++)
            found[hits[i].phrase] = 1;
    } else if (rc == SQLITE_OK) {
        qsort(hits, (size_t)ninst, sizeof *hits, hit_cmp);
        for (int i = 0; i < ninst && rc == SQLITE_OK;) {
            int col = hits[i].col, j = i, max_pos = 0;
            for (; j < ninst && hits[j].col == col; j++)
                if (hits[j].off + hits[j].size - 1 > max_pos)
                    max_pos = hits[j].off + hits[j].size - 1;
            const char *text = NULL;
            int n = 0;
            rc = api->xColumnText(fts, col, &text, &n);
            size_t nbits = (size_t)max_pos / 8 + 1;
            unsigned char *bits = sqlite3_malloc64(2 * nbits), *want = NULL;
            if (rc == SQLITE_OK && !bits)
                rc = SQLITE_NOMEM;
            if (rc == SQLITE_OK) {
                want = bits + nbits;
                memset(bits, 0, 2 * nbits);
                for (int h = i; h < j; h++)
                    for (int p = hits[h].off; p < hits[h].off + hits[h].size; p++)
                        want[p / 8] |= (unsigned char)(1u << (p % 8));
                if (text)
                    rc = reread_column(qk, text, n, want, bits, max_pos);
                for (int h = i; h < j && rc == SQLITE_OK; h++) {
                    bool all = true;
                    for (int p = hits[h].off; p < hits[h].off + hits[h].size && all; p++)
                        all = bits[p / 8] & (1u << (p % 8));
                    if (all)
                        found[hits[h].phrase] = 1;
                }
            }
            sqlite3_free(bits);
            i = j;
        }
    }
    for (int p = 0; p < nphrase; p++)
        *count_r += found[p];
    sqlite3_free(hits);
    sqlite3_free(found);
    return rc;
}

static void vi_exact_fn(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
                        int argc, sqlite3_value **argv)
{
    if (argc != 1) {
        sqlite3_result_error(ctx, "vi_exact: use vi_exact(<table>, <query>)", -1);
        return;
    }
    /* The query string is parsed once per statement and kept with the query. */
    struct query_keys *qk = api->xGetAuxdata(fts, 0);
    int rc = SQLITE_OK;
    if (!qk) {
        const char *q = (const char *)sqlite3_value_text(argv[0]);
        int qn = sqlite3_value_bytes(argv[0]);
        rc = query_keys_parse(q ? q : "", q ? qn : 0, &qk);
        if (rc == SQLITE_OK)
            rc = api->xSetAuxdata(fts, qk, query_keys_free); /* frees qk on failure too */
    }
    int count = 0;
    if (rc == SQLITE_OK)
        rc = count_exact(api, fts, qk, NULL, &count);
    if (rc != SQLITE_OK)
        sqlite3_result_error_code(ctx, rc);
    else
        sqlite3_result_int(ctx, count);
}

/* ---- vi_snippet() -------------------------------------------------------------------- */

/* How many of the row's first hits are tried as the start of the snippet window. */
enum { SNIPPET_TRY = 32 };

/* Writes text[a, b) into the result buffer. */
static int snip_add(sqlite3_str *out, const char *p, int n)
{
    if (n > 0)
        sqlite3_str_append(out, p, n);
    return sqlite3_str_errcode(out);
}

/* The window [w0, w0 + len) of column col: its text between the first and last token, hit
 * tokens wrapped in open … close (a run of hit tokens is one mark), ellipsis where the column
 * goes on. Walks the tokens only as far as the window's end. */
static int snip_window(const char *text, int n, int w0, int len, const unsigned char *hit,
                       const char *open, const char *close, const char *ellipsis, sqlite3_str *out)
{
    int p = 0, start, end, tok = 0, last_end = -1;
    bool marking = false;
    while (tok < w0 + len && next_token(text, n, &p, &start, &end)) {
        int t = tok++;
        if (t < w0)
            continue;
        bool h = hit[t - w0];
        if (last_end < 0) {
            if (w0 > 0)
                snip_add(out, ellipsis, (int)strlen(ellipsis));
        } else {
            if (marking && !h) {
                snip_add(out, close, (int)strlen(close));
                marking = false;
            }
            snip_add(out, text + last_end, start - last_end);
        }
        if (h && !marking) {
            snip_add(out, open, (int)strlen(open));
            marking = true;
        }
        snip_add(out, text + start, end - start);
        last_end = end;
    }
    if (marking)
        snip_add(out, close, (int)strlen(close));
    if (last_end >= 0 && next_token(text, n, &p, &start, &end))
        snip_add(out, ellipsis, (int)strlen(ellipsis));
    return sqlite3_str_errcode(out);
}

/* vi_snippet(t, open, close, ellipsis, ntokens): like snippet(t, -1, …) — a window of about
 * ntokens tokens of the column with the most hits (ties go to the later column, the body),
 * placed to cover the most hits — but it reads the text only up to the window instead of
 * tokenizing every column whole, which at a few hundred KB of attachment text a row made
 * snippets the costliest part of a search page. */
static void vi_snippet_fn(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
                          int argc, sqlite3_value **argv)
{
    if (argc != 4) {
        sqlite3_result_error(ctx, "vi_snippet: use vi_snippet(<table>, open, close, …, n)", -1);
        return;
    }
    const char *open = (const char *)sqlite3_value_text(argv[0]);
    const char *close = (const char *)sqlite3_value_text(argv[1]);
    const char *ellipsis = (const char *)sqlite3_value_text(argv[2]);
    int len = sqlite3_value_int(argv[3]);
    open = open ? open : "";
    close = close ? close : "";
    ellipsis = ellipsis ? ellipsis : "";
    if (len < 1 || len > 64)
        len = 24;
    int ninst = 0, ncol = api->xColumnCount(fts), rc = api->xInstCount(fts, &ninst);
    if (rc != SQLITE_OK || ncol < 1) {
        sqlite3_result_error_code(ctx, rc != SQLITE_OK ? rc : SQLITE_ERROR);
        return;
    }
    /* the column with the most hits */
    int counts[16] = {0}, col = ncol - 1;
    for (int i = 0; i < ninst; i++) {
        int ph, c, off;
        if (api->xInst(fts, i, &ph, &c, &off) == SQLITE_OK && c >= 0 && c < 16)
            counts[c]++;
    }
    for (int c = ncol - 1; c >= 0 && c < 16; c--)
        if (counts[c] > counts[col])
            col = c;
    /* the hits of that column, in order (xInst lists them by column, then offset) */
    int offs[SNIPPET_TRY * 2], sizes[SNIPPET_TRY * 2], nh = 0;
    for (int i = 0; i < ninst && nh < SNIPPET_TRY * 2; i++) {
        int ph, c, off;
        if (api->xInst(fts, i, &ph, &c, &off) == SQLITE_OK && c == col) {
            offs[nh] = off;
            sizes[nh++] = api->xPhraseSize(fts, ph);
        }
    }
    /* the window start (a quarter of it as context before a hit) covering the most hits */
    int w0 = 0, best = -1, before = len / 4;
    for (int i = 0; i < nh && i < SNIPPET_TRY; i++) {
        int s0 = offs[i] > before ? offs[i] - before : 0, covered = 0;
        for (int j = i; j < nh; j++)
            if (offs[j] + sizes[j] <= s0 + len)
                covered++;
        if (covered > best) {
            best = covered;
            w0 = s0;
        }
    }
    unsigned char hit[64] = {0};
    for (int j = 0; j < nh; j++)
        for (int k = 0; k < sizes[j]; k++)
            if (offs[j] + k >= w0 && offs[j] + k < w0 + len)
                hit[offs[j] + k - w0] = 1;
    const char *text = NULL;
    int n = 0;
    if ((rc = api->xColumnText(fts, col, &text, &n)) != SQLITE_OK) {
        sqlite3_result_error_code(ctx, rc);
        return;
    }
    sqlite3_str *out = sqlite3_str_new(NULL);
    rc = text ? snip_window(text, n, w0, len, hit, open, close, ellipsis, out) : SQLITE_OK;
    int outn = sqlite3_str_length(out);
    char *res = sqlite3_str_finish(out);
    if (rc != SQLITE_OK)
        sqlite3_result_error_code(ctx, rc);
    else if (res)
        sqlite3_result_text(ctx, res, outn, sqlite3_free);
    else
        sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
    if (rc != SQLITE_OK)
        sqlite3_free(res);
}

/* ---- vi_bm25() ----------------------------------------------------------------------- */

/* Matches of one phrase counted exactly for its IDF; past this many the rest is estimated. */
enum { IDF_SAMPLE = 2000 };

struct bm25_data {
    int nphrase;
    double avgdl;
    double *idf;
};

struct df_count {
    int64_t n, first, last;
};

static int df_cb(const Fts5ExtensionApi *api, Fts5Context *fts, void *p)
{
    struct df_count *d = p;
    int64_t r = api->xRowid(fts);
    if (d->n++ == 0)
        d->first = r;
    d->last = r;
    return d->n >= IDF_SAMPLE ? SQLITE_DONE : SQLITE_OK;
}

/* Per statement: the average row size and each phrase's IDF. The built-in bm25() counts a
 * phrase's rows by reading its whole doclist — at 1M documents 30-50 ms for a common word,
 * paid by every query that ranks. Here the first IDF_SAMPLE matches are counted and the rest
 * extrapolated from the rowid span they cover (rowids follow registration, so a word's rows
 * spread over the whole range): exact for selective words, within a few per cent for common
 * ones, whose IDF is near zero either way. */
/* Tokens of the columns that count (weight not 0: a column of tags is not text, fts5_vi.h),
 * in the whole table (row < 0) or the current row. */
static int counted_size(const Fts5ExtensionApi *api, Fts5Context *fts, const double *weight,
                        bool whole, sqlite3_int64 *n_r)
{
    int ncol = api->xColumnCount(fts), rc = SQLITE_OK;
    bool all = true;
    for (int c = 0; c < ncol && c < BM25_MAX_COLS; c++)
        all = all && weight[c] != 0.0;
    if (all) {
        int n = 0;
        rc = whole ? api->xColumnTotalSize(fts, -1, n_r) : api->xColumnSize(fts, -1, &n);
        if (!whole)
            *n_r = n;
        return rc;
    }
    *n_r = 0;
    for (int c = 0; c < ncol && rc == SQLITE_OK; c++) {
        if (c < BM25_MAX_COLS && weight[c] == 0.0)
            continue;
        sqlite3_int64 t = 0;
        int n = 0;
        rc = whole ? api->xColumnTotalSize(fts, c, &t) : api->xColumnSize(fts, c, &n);
        *n_r += whole ? t : n;
    }
    return rc;
}

/* The statement's bm25_data, computed (the caller keeps it: sqlite3_free). */
static int bm25_data_new(const Fts5ExtensionApi *api, Fts5Context *fts, const double *weight,
                         struct bm25_data **out)
{
    struct bm25_data *d;
    int nphrase = api->xPhraseCount(fts);
    sqlite3_int64 nrow = 0, ntok = 0;
    int rc = api->xRowCount(fts, &nrow);
    if (rc == SQLITE_OK)
        rc = counted_size(api, fts, weight, true, &ntok);
    if (rc != SQLITE_OK)
        return rc;
    d = sqlite3_malloc64(sizeof *d + (size_t)(nphrase > 0 ? nphrase : 1) * sizeof(double));
    if (!d)
        return SQLITE_NOMEM;
    d->nphrase = nphrase;
    d->avgdl = nrow > 0 ? (double)ntok / (double)nrow : 1.0;
    d->idf = (double *)(d + 1);
    for (int i = 0; i < nphrase && rc == SQLITE_OK; i++) {
        struct df_count c = {0, 0, 0};
        rc = api->xQueryPhrase(fts, i, &c, df_cb);
        double df = (double)c.n;
        if (rc == SQLITE_OK && c.n >= IDF_SAMPLE) {
            int64_t span = c.last > c.first ? c.last - c.first + 1 : c.first - c.last + 1;
            df = (double)c.n * (double)nrow / (double)(span > 0 ? span : 1);
            if (df > (double)nrow)
                df = (double)nrow;
        }
        double idf = log(((double)nrow - df + 0.5) / (df + 0.5));
        d->idf[i] = idf > 1e-6 ? idf : 1e-6;
    }
    if (rc == SQLITE_OK)
        *out = d;
    else
        sqlite3_free(d);
    return rc;
}

/* The same, kept with the statement for vi_bm25. */
static int bm25_data_get(const Fts5ExtensionApi *api, Fts5Context *fts, const double *weight,
                         struct bm25_data **out)
{
    struct bm25_data *d = api->xGetAuxdata(fts, 0);
    int rc = SQLITE_OK;
    if (!d && (rc = bm25_data_new(api, fts, weight, &d)) == SQLITE_OK)
        rc = api->xSetAuxdata(fts, d, sqlite3_free); /* frees d on failure too */
    if (rc == SQLITE_OK)
        *out = d;
    return rc;
}

/* vi_bm25(t, w0, w1, …): the Okapi BM25 of the built-in bm25() (k1 1.2, b 0.75, per-column
 * weights, negative: lower is better) with the bounded IDF of bm25_data_get. */
/* The row's score under d (negative: lower is better); SQLite result code. */
static int bm25_score(const Fts5ExtensionApi *api, Fts5Context *fts, const double *weight,
                      const struct bm25_data *d, double *score_r)
{
    const double k1 = 1.2, b = 0.75;
    int ninst = 0, ncol = api->xColumnCount(fts);
    int rc = api->xInstCount(fts, &ninst);
    double freq_stack[16],
        *freq = d->nphrase > 16 ? sqlite3_malloc64((size_t)d->nphrase * sizeof *freq) : freq_stack;
    if (rc == SQLITE_OK && !freq)
        rc = SQLITE_NOMEM;
    if (rc == SQLITE_OK) {
        memset(freq, 0, (size_t)d->nphrase * sizeof *freq);
        for (int i = 0; i < ninst && rc == SQLITE_OK; i++) {
            int ph, col, off;
            rc = api->xInst(fts, i, &ph, &col, &off);
            if (rc == SQLITE_OK && ph >= 0 && ph < d->nphrase && col >= 0 && col < ncol)
                freq[ph] += col < BM25_MAX_COLS ? weight[col] : 1.0;
        }
    }
    sqlite3_int64 dl = 0;
    if (rc == SQLITE_OK)
        rc = counted_size(api, fts, weight, false, &dl);
    if (rc == SQLITE_OK) {
        double score = 0.0, norm = k1 * (1 - b + b * (double)dl / d->avgdl);
        for (int i = 0; i < d->nphrase; i++)
            score += d->idf[i] * (freq[i] * (k1 + 1.0)) / (freq[i] + norm);
        *score_r = -1.0 * score;
    }
    if (freq && freq != freq_stack)
        sqlite3_free(freq);
    return rc;
}

static void weights_of(int argc, sqlite3_value **argv, double *weight)
{
    for (int c = 0; c < BM25_MAX_COLS; c++)
        weight[c] = c < argc ? sqlite3_value_double(argv[c]) : 1.0;
}

static void vi_bm25_fn(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
                       int argc, sqlite3_value **argv)
{
    double weight[BM25_MAX_COLS], score = 0;
    weights_of(argc, argv, weight);
    struct bm25_data *d = NULL;
    int rc = bm25_data_get(api, fts, weight, &d);
    if (rc == SQLITE_OK)
        rc = bm25_score(api, fts, weight, d, &score);
    if (rc == SQLITE_OK)
        sqlite3_result_double(ctx, score);
    else
        sqlite3_result_error_code(ctx, rc);
}

/* ---- vi_rank() ------------------------------------------------------------------------ */

struct rank_state {
    int calls;
    struct query_keys *qk;
    struct bm25_data *bm;
};

static void rank_state_free(void *p)
{
    struct rank_state *st = p;
    if (st->qk)
        query_keys_free(st->qk);
    sqlite3_free(st->bm);
    sqlite3_free(st);
}

/* vi_rank(t, query, n, w0, w1, …): vi_exact(t, query) and vi_bm25(t, w0, …) of the statement's
 * first n rows as the text "exact bm25" (bm25 to 17 digits), NULL past them. Hits in a column
 * of weight 0 (the tags) do not count as exact phrases either: the scan (search.c) ranks its
 * newest candidates in the same pass, its MATCH being the query AND the caller's tags. */
static void vi_rank_fn(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
                       int argc, sqlite3_value **argv)
{
    if (argc < 2) {
        sqlite3_result_error(ctx, "vi_rank: use vi_rank(<table>, <query>, <n>, <weights>…)", -1);
        return;
    }
    struct rank_state *st = api->xGetAuxdata(fts, 0);
    int rc = SQLITE_OK;
    if (!st) {
        if (!(st = sqlite3_malloc(sizeof *st))) {
            sqlite3_result_error_nomem(ctx);
            return;
        }
        memset(st, 0, sizeof *st);
        const char *q = (const char *)sqlite3_value_text(argv[0]);
        int qn = sqlite3_value_bytes(argv[0]);
        rc = query_keys_parse(q ? q : "", q ? qn : 0, &st->qk);
        int rs = api->xSetAuxdata(fts, st, rank_state_free); /* frees st on failure too */
        if (rc == SQLITE_OK)
            rc = rs;
        if (rc != SQLITE_OK) {
            sqlite3_result_error_code(ctx, rc);
            return;
        }
    }
    if (st->calls++ >= sqlite3_value_int(argv[1])) {
        sqlite3_result_null(ctx);
        return;
    }
    double weight[BM25_MAX_COLS], score = 0;
    weights_of(argc - 2, argv + 2, weight);
    int exact = 0;
    if (!st->bm)
        rc = bm25_data_new(api, fts, weight, &st->bm);
    if (rc == SQLITE_OK)
        rc = count_exact(api, fts, st->qk, weight, &exact);
    if (rc == SQLITE_OK)
        rc = bm25_score(api, fts, weight, st->bm, &score);
    if (rc != SQLITE_OK) {
        sqlite3_result_error_code(ctx, rc);
        return;
    }
    char out[64];
    int n = snprintf(out, sizeof out, "%d %.17g", exact, score);
    sqlite3_result_text(ctx, out, n, SQLITE_TRANSIENT);
}

/* ---- registration -------------------------------------------------------------------- */

static fts5_api *fts5_api_of(sqlite3 *db)
{
    fts5_api *api = NULL;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
        return NULL;
    sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
    sqlite3_step(st);
    sqlite3_finalize(st);
    return api;
}

int fts5_vi_register(sqlite3 *db)
{
    static fts5_tokenizer tokenizer = {tok_create, tok_delete, tok_tokenize};
    fts5_api *api = fts5_api_of(db);
    if (!api || api->iVersion < 2)
        return -1;
    if (api->xCreateTokenizer(api, "vi", NULL, &tokenizer, NULL) != SQLITE_OK)
        return -1;
    if (api->xCreateFunction(api, "vi_exact", NULL, vi_exact_fn, NULL) != SQLITE_OK)
        return -1;
    if (api->xCreateFunction(api, "vi_snippet", NULL, vi_snippet_fn, NULL) != SQLITE_OK)
        return -1;
    if (api->xCreateFunction(api, "vi_bm25", NULL, vi_bm25_fn, NULL) != SQLITE_OK)
        return -1;
    if (api->xCreateFunction(api, "vi_rank", NULL, vi_rank_fn, NULL) != SQLITE_OK)
        return -1;
    return 0;
}
