/* The tagged scan (issue 17): contract in search_tags.h.
 *
 * q_scan (search.c) walks the matches newest first and tests each row against the filters and
 * the visibility rule until SEARCH_COUNT_MAX pass. A ward clerk sees one ward's documents, 15 %
 * of the bench's corpus: for every match of hers the walk read six or seven rows of other
 * units, from disk at a million documents, and a search filtered by a year or a quarter read
 * every match of the corpus. Here the same statement runs with the scope ("u<unit>" for each
 * unit of it, "p<her id>") and the filters ANDed to the MATCH as tags, so FTS5 skips through
 * the doclists to the rows that can pass, and the rows it returns are still tested by the
 * statement's full rule. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/strbuf.h"
#include "org/org.h"
#include "search/fts5_vi.h"
#include "search/search_tags.h"

/* Past this many units the OR of their doclists costs more than the rows it saves (FTS5
 * advances every branch of an OR for each step of the AND). */
#define TAG_UNITS_MAX 32
/* A query with fewer matches than this in the whole index is answered by q_scan as it is: it
 * reads those few rows, where the tags' doclists (a whole unit's documents) would cost more
 * to seek through (measured at 1M: a 6-hit query 4.7 ms plain, 9.1 ms tagged). */
#define TAG_PROBE 500

/* How many matches the query has, up to ?2: the index alone, no row read. */
static const db_query q_probe = {
    "search.tag_probe",
    "SELECT count(*), min(rowid), max(rowid) FROM (SELECT rowid FROM search_fts"
    " WHERE search_fts MATCH ?1 LIMIT ?2)",
    NULL,
};

const search_tag_syntax search_tags_fts5 = {'"', " AND ", " OR "};
const search_tag_syntax search_tags_tsquery = {'\'', " & ", " | "};

void search_tag_write(strbuf *b, const search_tag_syntax *s, char kind, const char *value)
{
    sb_addc(b, s->quote);
    sb_addc(b, FTS5_VI_TAG);
    sb_addc(b, kind);
    for (const char *p = value; *p; p++)
        sb_addc(b, *p == ' ' ? '_' : *p);
    sb_addc(b, s->quote);
}

void search_tag_write_int(strbuf *b, const search_tag_syntax *s, char kind, int64_t v)
{
    char num[24];
    snprintf(num, sizeof num, "%lld", (long long)v);
    search_tag_write(b, s, kind, num);
}

bool search_tag_months(const char *from, const char *to, int *first_r, int *last_r)
{
    int y0, m0, d0, y1, m1, d1;
    if (!from || !*from || !to || !*to || clock_parse_date(from, &y0, &m0, &d0) != 0 ||
        clock_parse_date(to, &y1, &m1, &d1) != 0)
        return false;
    *first_r = y0 * 12 + m0 - 1, *last_r = y1 * 12 + m1 - 1;
    return *last_r >= *first_r && *last_r - *first_r + 1 <= SEARCH_TAG_MONTHS_MAX;
}

/* A value that can be written between either syntax's quotes as it is. */
static bool quotable(const char *v)
{
    return v && *v && !strpbrk(v, "\"'\\");
}

void search_tag_filters(strbuf *b, const search_tag_syntax *s, const search_filter *f)
{
    if (f->unit_id > 0) {
        sb_adds(b, s->and_);
        search_tag_write_int(b, s, 'u', f->unit_id);
    }
    if (f->year > 0) {
        sb_adds(b, s->and_);
        search_tag_write_int(b, s, 'y', f->year);
    }
    if (quotable(f->kind)) {
        sb_adds(b, s->and_);
        search_tag_write(b, s, 'k', f->kind);
    }
    if (quotable(f->doc_type)) {
        sb_adds(b, s->and_);
        search_tag_write(b, s, 't', f->doc_type);
    }
    int first, last;
    if (!search_tag_months(f->from, f->to, &first, &last))
        return;
    sb_adds(b, s->and_);
    sb_addc(b, '(');
    for (int k = first; k <= last; k++) {
        char ym[24];
        snprintf(ym, sizeof ym, "%04d%02d", k / 12, k % 12 + 1);
        if (k > first)
            sb_adds(b, s->or_);
        search_tag_write(b, s, 'm', ym);
    }
    sb_addc(b, ')');
}

/* 1 when match has at least TAG_PROBE matches, 0 when fewer, -1 on a store failure.
 * *density_r: the first TAG_PROBE's matches per rowid (how many of everybody's matches a walk
 * of a rowid range passes over: load_hits in search.c). The first in rowid order, the oldest:
 * FTS5 walks a doclist backwards at a cost (newest first, the probe took 0.6 ms more at 1M). */
static int broad(ctx *c, const char *match, double *density_r)
{
    *density_r = 0;
    db_stmt *s = db_stmt_get(c->db, &q_probe);
    if (!s)
        return -1;
    db_bind_text(s, 1, match);
    db_bind_int(s, 2, TAG_PROBE);
    int r = db_step(s);
    int64_t n = r == DB_ROW ? db_col_int(s, 0) : -1;
    if (n > 1)
        *density_r = (double)n / (double)(db_col_int(s, 2) - db_col_int(s, 1) + 1);
    db_reset(s);
    return n < 0 ? -1 : n >= TAG_PROBE;
}

int search_scan_tagged(ctx *c, const char *match, const search_filter *f, scan *sc)
{
    int64_t *units = NULL;
    bool all = false;
    int n_units = org_scope_unit_ids(c, &units, &all);
    bool scoped = !all && n_units > 0 && n_units <= TAG_UNITS_MAX;
    strbuf b = STRBUF_INIT;
    sb_addc(&b, '(');
    sb_adds(&b, match);
    sb_addc(&b, ')');
    if (scoped) {
        sb_adds(&b, " AND (");
        for (int i = 0; i < n_units; i++) {
            search_tag_write_int(&b, &search_tags_fts5, 'u', units[i]);
            sb_adds(&b, " OR ");
        }
        search_tag_write_int(&b, &search_tags_fts5, 'p', c->user->id);
        sb_addc(&b, ')');
    }
    size_t plain = b.len;
    search_tag_filters(&b, &search_tags_fts5, f);
    if (!scoped && b.len == plain) {
        sb_free(&b);
        return 0; /* nothing to tag: q_scan as it is */
    }
    char *tagged = arena_strdup(c->a, sb_str(&b));
    sb_free(&b);
    double density = 0;
    int wide = search_plan == SEARCH_PLAN_TAGS ? 1 : broad(c, match, &density);
    if (wide <= 0)
        return wide; /* a few matches (or a failure): q_scan reads them as fast */
    if (search_scan_index(c, tagged, match, f, sc) != 0)
        return -1;
    sc->density = density;
    return 1;
}
