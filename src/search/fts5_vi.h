#ifndef VP_SEARCH_FTS5_VI_H
#define VP_SEARCH_FTS5_VI_H
/* The "vi" FTS5 tokenizer: Vietnamese search keys for SQLite full-text search (VI-TEXT.md).
 *
 *   CREATE VIRTUAL TABLE t USING fts5(body, tokenize='vi');
 *   CREATE VIRTUAL TABLE t USING fts5(body, tokenize='vi yi_merge 0');   -- lý ≠ lí
 *
 * Tokens are runs of Unicode letters and digits, with the combining marks that follow them
 * (NFD text stays one token); everything else separates. Byte offsets point into the original
 * text, so highlight() and snippet() show it as stored, diacritics and case intact.
 * Document numbers need no special case: "36-HD/VPTW" is the tokens 36 hd vptw, so each part
 * is found alone and the quoted phrase "36-HD/VPTW" finds the whole. Separators are not
 * indexed, so the phrase "123/CV-TU" also finds "123-CV/TU" (search/docno.h tells the two
 * formats apart when it matters).
 *
 * Indexing: each token gives its exact key (vi_exact_key) and, when different, its folded key
 * (vi_folded_key, y/i merge on unless yi_merge 0) at the same position, flagged
 * FTS5_TOKEN_COLOCATED — about twice the postings of a plain index.
 * Querying (rule 7): a term with any Vietnamese mark or đ gives only its exact key, so "đảng"
 * finds Đảng/ĐẢNG/NFD đảng and never "đang"; a term without marks gives only its folded key,
 * so "dang" finds dang, Đảng, đang, đăng …. Prefix terms (ngu*) follow the same rule; an
 * unmarked prefix ending in a y that the merge would turn into i ("ly*") also tries the
 * unmerged spelling, so it finds both "lý" (key li) and "lyon".
 *
 * Ranking, exact before folded. Under rule 7 every hit of a marked term is exact already, so
 * bm25 alone is right for it. A term without marks matches exact and folded spellings through
 * the same folded key, and no index-only score can tell them apart. The auxiliary function
 *
 *   vi_exact(t, :query)   -- :query is the same string as the MATCH argument
 *
 * tells them apart: it returns how many of the query's phrases have, in this row, a hit whose
 * words are spelled as typed (same exact key: "dang" for a document saying "dang", but not
 * for one saying "Đảng"). Rank with
 *
 *   SELECT … FROM t WHERE t MATCH :query ORDER BY vi_exact(t, :query) DESC, bm25(t)
 *
 * so literal hits come first and bm25 orders each group. vi_exact re-reads the text of each
 * row it scores (as highlight() does), which costs far more than bm25 per row: apply it to a
 * bounded candidate set (DESIGN.md: broad terms must not rank every match). When every word
 * of the query carries marks it answers without re-reading. It needs the table's own content
 * (not contentless).
 *
 *   vi_bm25(t, w0, w1, …)                  -- bm25(t, w0, w1, …) with a bounded IDF
 *
 * The built-in bm25() learns each phrase's document frequency by reading its whole doclist
 * once per statement: 30-50 ms for a common word at 1M documents, whatever LIMIT says.
 * vi_bm25 counts the first 2,000 matches and extrapolates from the rowid span they cover;
 * below that it equals bm25() exactly. A column of weight 0 is left out of the document
 * lengths as well (bm25() counts it there): the tags column below is not text.
 *
 *   vi_rank(t, :query, n, w0, w1, …)      -- "exact bm25" for the statement's first n rows
 *
 * Both of the above in one call, for the first n rows the statement returns (NULL past them):
 * the search scan ranks its newest candidates as it reads them (search.c). A hit in a column
 * of weight 0 is not counted as an exact phrase, so the MATCH may hold tags ANDed to :query.
 *
 *   vi_snippet(t, open, close, ellipsis, n) -- snippet(t, -1, open, close, ellipsis, n)
 *
 * A window of n tokens (at most 64) of the column with the most hits, a quarter of it before
 * the first hit of the window that covers the most, adjacent hit tokens in one mark. It reads
 * the text only up to the window's end; snippet() tokenizes every column whole.
 *
 * Tags. A text that starts with FTS5_VI_TAG (a control byte) is a list of tags, not words:
 * every space-separated run is one token, kept byte for byte, marker included. The search
 * index writes such a list in a column of its own (the owning unit, year, month, type and
 * register of each document: search/index.c) and the scan ANDs `"\x01u34" OR …` to the
 * user's query (search/search_tags.c), so FTS5 intersects the doclists before a row is read.
 * No typed query can reach a tag: query.c refuses control characters, and every other text
 * gives keys of letters and digits only. */
#include <stdbool.h>

#define FTS5_VI_TAG '\x01'

#include <sqlite3.h>

/* Registers the "vi" tokenizer and the vi_exact(), vi_bm25(), vi_rank() and vi_snippet() auxiliary
 * functions on db (per connection:
 * call it right after sqlite3_open). Returns 0, or -1 if db has no FTS5 or registration
 * failed (sqlite3_errmsg(db) may say more). */
int fts5_vi_register(sqlite3 *db);

/* The tokenizer's token boundaries, for the PostgreSQL index (search_pg.h): the next token of
 * s[*pos..n) as [*start_r, *end_r), *pos moved past it; false at the end. */
bool fts5_vi_next_token(const char *s, int n, int *pos, int *start_r, int *end_r);

#endif
