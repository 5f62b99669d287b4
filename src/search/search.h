#ifndef VP_SEARCH_H
#define VP_SEARCH_H
/* Full-text search over incoming and outgoing documents (issue 4, VI-TEXT.md).
 *
 * What is indexed: each document's number and notation, issuer, summary (trích yếu), signer and
 * type name, plus the outgoing draft body and the text of its attachments (extract.c, run as
 * sandboxed child processes by the job queue, jobs/jobs.h). Tables: migration 020_search.sql
 * (search_docs: filter and permission columns kept in step by triggers; search_files: text per
 * attachment) and the FTS5 table search_fts (tokenize='vi', created by search_schema_ensure).
 *
 * Freshness: triggers mark a document dirty in the same transaction as its change; the job
 * workers rebuild dirty rows within a second, and every search first rebuilds up to
 * SEARCH_SYNC_INLINE dirty rows itself, so a document just registered is found at once.
 * Attachment text follows when its extraction job has run.
 *
 * Permissions: every result, count, snippet and facet is filtered in SQL by the same rules as
 * incoming_may_see() / outgoing_may_see() (scope of units, secrecy, people involved); the page
 * of results is re-checked with those functions before it is returned.
 *
 * One scan: the newest SEARCH_COUNT_MAX visible matches (in index order, i.e. registration
 * order) give the total, the facets, the relevance candidates and the rows a date-sorted page
 * is cut from; past that the total reads "more than". Ranking: for sort=relevance the
 * SEARCH_RANK_CANDIDATES newest of them are ranked by vi_exact() (hits spelled as typed first)
 * then vi_bm25(); older matches follow in index order. For a broad term that keeps the cost
 * bounded (DESIGN.md: bm25 over every match of a broad term costs seconds at 1M documents);
 * `ranked_all` says whether every match was ranked. sort=date is exact: documents older in the
 * index than the scan but dated after the page's last row are looked up through the date
 * index and merged.
 *
 * A caller who may see only a small share of the documents (a commune's clerk: at most
 * SEARCH_SCOPE_SHARE per cent, 5,000 documents) is served from her candidates instead — the
 * documents of her scope's units and those reached by assignment, a secret registration or a
 * part in an outgoing one, read through indexes and merged with the index's rowids
 * (search_scope.c, issue 17): the cost then follows what she may see, not the whole corpus.
 * Same rows, order, cut and facets as the index scan (test_search.c compares the two). */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "web/ctx.h"

#define SEARCH_MAX_QUERY 500       /* bytes of the query text */
#define SEARCH_MAX_TERMS 32        /* words and phrases in one query */
#define SEARCH_RANK_CANDIDATES 500 /* measured: vi_exact re-reads each row (≈0.1 ms a row) */
#define SEARCH_COUNT_MAX 2000 /* visible matches scanned: total, facets, candidates, date order */
#define SEARCH_PAGE 20
extern int search_scan_max; /* SEARCH_COUNT_MAX; a test lowers it to reach the cut scan */
/* How the matches are scanned (search.c, "the scoped scan"): SEARCH_PLAN_AUTO serves a caller
 * who sees a few per cent of the documents from her candidates first, else ANDs her scope and
 * the filters to the query as tags (search_tags.h), else walks the index; SEARCH_PLAN_INDEX
 * always walks the index (bench-search --plan-all); SEARCH_PLAN_SCOPED takes the candidates
 * whatever their number and SEARCH_PLAN_TAGS the tags whenever it can (tests comparing the
 * plans). */
enum search_plan { SEARCH_PLAN_INDEX = 0, SEARCH_PLAN_AUTO, SEARCH_PLAN_SCOPED, SEARCH_PLAN_TAGS };
extern int search_plan;
#define SEARCH_MAX_PAGE 100
#define SEARCH_MAX_OFFSET 10000
#define SEARCH_SYNC_INLINE 200                /* dirty rows a search rebuilds before it runs */
#define SEARCH_SYNC_BATCH 500                 /* dirty rows per write transaction of the indexer */
#define SEARCH_MAX_DOC_TEXT (8 * 1024 * 1024) /* body text of one document */

/* ---- the query language (query.c): a pure function over bytes ---------------------------
 *
 *   words            thuy loi          both words (each word's key chosen by the tokenizer:
 *                                      marked → exact, unmarked → folded)
 *   "phrase"         "văn phòng"       the syllables in this order, adjacent
 *   prefix*          ngu*  vpt*
 *   -exclusion       -"dự thảo" -nháp
 *   OR               dang OR doan      (upper case; between the phrases around it: a b OR c d
 *                    chuyển đổi số OR sạt lở = (a AND b) OR (c AND d), looser than AND)
 *   ( … )            (a OR b) c
 * A word holding separators (36-HD/VPTW, 123/QĐ-UBND, e-mail) becomes the phrase of its parts.
 * Invalid: over SEARCH_MAX_QUERY bytes, broken UTF-8, control characters, an unbalanced quote
 * or parenthesis, a lone "-", nothing to search (only operators or punctuation), only
 * exclusions, OR without a term on each side, more than SEARCH_MAX_TERMS terms. */
typedef struct search_query {
    char *match;       /* the FTS5 MATCH expression (malloc'd); NULL when the query is invalid */
    const char *error; /* untranslated Vietnamese message id (wrap in _()) when invalid */
    int n_terms;       /* words and phrases, exclusions included */
} search_query;

/* Parses q[0..n). Returns 0 and sets out->match, or -1 and sets out->error. Never reads past
 * n; q need not be NUL-terminated. Release with search_query_free. */
int search_query_parse(const char *q, size_t n, search_query *out);
void search_query_free(search_query *sq);

/* ---- searching -------------------------------------------------------------------------- */

enum search_sort { SEARCH_SORT_RELEVANCE = 0, SEARCH_SORT_DATE };

typedef struct search_filter {
    const char *q;         /* the query text (required) */
    const char *kind;      /* "in" | "out" | NULL (register: incoming or outgoing) */
    const char *doc_type;  /* doc_types.code or NULL */
    const char *issuer;    /* words that must appear in the issuer field, or NULL */
    int64_t unit_id;       /* owning unit, 0 = any visible */
    const char *from, *to; /* issued (or created) date range "YYYY-MM-DD", inclusive */
    int secrecy;           /* -1 = any, else enum secrecy */
    const char *status;    /* the document's status code, or NULL */
    int year;              /* 0 = any */
    enum search_sort sort;
    int limit, offset; /* limit 0 → SEARCH_PAGE, capped at SEARCH_MAX_PAGE */
} search_filter;

typedef struct search_hit {
    int64_t id;       /* the document's id in its table */
    const char *kind; /* "in" | "out" */
    const char *code, *subject, *issuer, *doc_type, *doc_type_name, *issued_date;
    int secrecy, urgency;
    const char *snippet_html; /* escaped text with <mark>…</mark> around the matches */
    double score;             /* higher is better: exact-spelling hits, then bm25 */
    bool exact;               /* at least one hit spelled as typed */
} search_hit;

typedef struct search_facet {
    const char *key;   /* "in", "cong_van", "2026", "12" (unit id) */
    const char *label; /* Vietnamese label */
    int64_t count;
} search_facet;

typedef struct search_result {
    int64_t total;     /* visible matches, at most SEARCH_COUNT_MAX */
    bool total_capped; /* more than SEARCH_COUNT_MAX: total and facets cover the newest ones */
    search_hit *hits;
    int n_hits;
    bool ranked_all; /* every match was ranked (false: only the newest candidates) */
    search_facet *by_kind, *by_type, *by_year, *by_unit;
    int n_kind, n_type, n_year, n_unit;
    int64_t elapsed_ms;
} search_result;

/* Runs a search for c->user (arena memory). Returns 0; -1 with *status_r 400 and *err_r (a
 * translated message) for an invalid query or filter ("invalid_query" / "invalid_input" in
 * *code_r), 401 for an anonymous caller, 500 on a store failure. */
int search_run(ctx *c, const search_filter *f, search_result *out, int *status_r,
               const char **code_r, const char **err_r);

/* ---- indexing state (for the document pages) -------------------------------------------- */

typedef struct search_state {
    const char *state; /* "queued" | "indexed" | "failed" */
    const char *error; /* for failed: the first failing file's reason (Vietnamese), else NULL */
    int files, files_pending, files_failed;
} search_state;

/* The indexing state of a document c->user may see ("in" / "out"). 0, or -1 when the document
 * does not exist or is not visible. Strings in c->a. */
int search_index_state(ctx *c, const char *kind, int64_t id, search_state *st);
const char *search_state_label(const char *state); /* "Đang chờ lập chỉ mục", … */

/* Requeues a document: marks it dirty and re-runs the extraction of every attachment (failed
 * ones included, attempts reset). Allowed for admins, clerks and office-leaders who may see the
 * document; audited ("search.reindex"). 0, or -1 with *status_r 403/404/500. */
int search_reindex_doc(ctx *c, const char *kind, int64_t id, int *status_r);

/* Failed extractions the caller may see (newest first), for /search/status. */
typedef struct search_failure {
    int64_t attachment_id, doc_id;
    const char *kind, *code, *subject, *filename, *error, *updated_at;
} search_failure;
int search_failures(ctx *c, search_failure **rows_r, int max);
/* Counts for the status page: documents waiting, jobs queued/running/failed. */
typedef struct search_stats {
    int64_t docs, docs_dirty, files_queued, files_failed, jobs_queued, jobs_running;
} search_stats;
int search_stats_get(ctx *c, search_stats *st);
bool search_may_manage(ctx *c); /* admins, clerks, office-leaders: status page and retry */

/* ---- the indexer (index.c) --------------------------------------------------------------- */

/* Creates search_fts if missing (the connection must have the "vi" tokenizer). 0 or -1. */
int search_schema_ensure(db *d);
/* Rebuilds up to max dirty documents in one write transaction. Returns how many, or -1. */
int search_sync(db *d, int max);
/* Around a rebuild of the whole index with the server stopped (reindex --exclusive): on
 * PostgreSQL, begin drops the vectors' two GIN indexes and end builds them again (IF NOT
 * EXISTS: an interrupted rebuild is mended by the next one) — kept up row by row, they made a
 * million documents' rebuild 330 documents/s. Nothing on SQLite. 0 or -1. */
int search_bulk_begin(db *d);
int search_bulk_end(db *d);
/* The FTS5 index's segments (index_tidy.c; SQLite only, 0 on PostgreSQL): how many there are
 * (-1 on failure), and merging every level that holds two or more — whole: first the whole
 * index into one segment —, SEARCH_TIDY_PAGES pages a write transaction, at most max_steps
 * transactions (0: until none is left). Returns the transactions that merged something, or
 * -1. search_tidy_idle is the job workers' idle share: one step, at most every
 * SEARCH_TIDY_IDLE_MS and after SEARCH_TIDY_QUIET_MS without anybody else's write, when there
 * are more than SEARCH_TIDY_SEGMENTS. search_tidy_whole_after: whether a load of that many
 * documents (an import) is most of the index, so that merging it whole is worth its cost. */
#define SEARCH_TIDY_PAGES 200
#define SEARCH_TIDY_SEGMENTS 4
#define SEARCH_TIDY_IDLE_MS 200
#define SEARCH_TIDY_QUIET_MS 1000
int search_segments(db *d);
int search_tidy(db *d, bool whole, int max_steps);
int search_tidy_idle(db *d);
bool search_tidy_whole_after(db *d, int64_t loaded);
/* Job handler for 'extract' (payload: attachment id): extracts the file's text in a sandboxed
 * child process, stores it in search_files and marks the document dirty. 0 done; -1 with
 * *err_r (malloc'd, Vietnamese) when the file cannot be read; the job is then retried and ends
 * failed. */
int search_extract_job(db *d, const char *payload, const char *data_dir, char **err_r);
/* Records the final failure of an extraction job on its file (state failed, error). */
void search_extract_failed(db *d, const char *payload, const char *error);

/* Routes: GET /search, GET /search/status, POST /search/reindex/{kind}/{id},
 * GET /api/v1/search, GET /api/v1/search/state/{kind}/{id},
 * POST /api/v1/search/reindex/{kind}/{id}. */
/* Writes the document's indexing state (queued / indexed / failed with the reason) as one
 * line, with a retry button for those who may manage the index; document pages call it. */
void search_state_html(ctx *c, const char *kind, int64_t id);

void search_routes(void);
/* Start-up hooks: the extraction job and the idle indexer (jobs.h), the index state line of a
 * document's page (web/records.h). Idempotent; app_init calls it. */
void search_init(void);

#endif
