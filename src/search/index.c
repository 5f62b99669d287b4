/* The indexer: the FTS5 table, rebuilding dirty documents, the extraction job. Contracts in
 * search.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "files/files.h"
#include "base/clock.h"
#include "base/strbuf.h"
#include "files/blob.h"
#include "jobs/jobs.h"
#include "search/fts5_vi.h"
#include "search/index.h"
#include "search/search.h"
#include "search/search_pg.h"
#include "search/search_tags.h"

/* Weights of the columns for bm25 (search.c) follow this order. tags: the document's filter
 * and scope tags (search_tags.h), never matched by a typed query.
 * Prefix indexes of 2, 3 and 4 characters: FTS5 answers a prefix of one of these lengths from
 * one list, read lazily like a word's, so a scope's tags skip through it. Any other prefix
 * makes FTS5 merge the lists of every word starting with it, over the whole index, before the
 * first row (thủy* at 1M: 3 ms a statement, and a search runs three or four). Vietnamese
 * syllables are one to seven letters; a prefix of five or more letters nearly names the
 * syllable and is left to the merge. */
#define FTS_PREFIX "prefix='2 3 4'"
#define FTS_COLUMNS                                                                                \
    "code, issuer, subject, signer, doc_type, body, tags, tokenize='vi', " FTS_PREFIX

static const char fts_ddl[] =
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(" FTS_COLUMNS ");";

/* An index written before the tags column (schema 059 and older) or before the 4-character
 * prefix index is rebuilt from its own content in one transaction: the text is not extracted
 * again, only tokenized (5 to 8 minutes a million documents, once). */
static const char fts_upgrade[] =
    "CREATE VIRTUAL TABLE search_fts_next USING fts5(" FTS_COLUMNS ");"
    "INSERT INTO search_fts_next (rowid, code, issuer, subject, signer, doc_type, body, tags)"
    " SELECT c.id, c.c0, c.c1, c.c2, c.c3, c.c4, c.c5, " SEARCH_TAGS_OF_D
    " FROM search_fts_content c JOIN search_docs d ON d.id = c.id;"
    "DROP TABLE search_fts;"
    "ALTER TABLE search_fts_next RENAME TO search_fts;";

/* 1 when the table exists, and whether it has the tags column and today's prefix indexes. */
static const db_query q_has_fts = {
    "search.has_fts",
    "SELECT (SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'search_fts'),"
    " (SELECT count(*) FROM pragma_table_info('search_fts') WHERE name = 'tags')"
    " * (SELECT instr(sql, ?1) > 0 FROM sqlite_master WHERE name = 'search_fts')",
    NULL,
};

/* Whether search_fts exists (*has_r) and has today's layout (*current_r). */
static int fts_layout(db *d, bool *has_r, bool *current_r)
{
    db_stmt *s = db_stmt_get(d, &q_has_fts);
    if (!s)
        return -1;
    db_bind_text(s, 1, FTS_PREFIX);
    int r = db_step(s);
    *has_r = r == DB_ROW && db_col_int(s, 0) > 0;
    *current_r = r == DB_ROW && db_col_int(s, 1) > 0;
    db_reset(s);
    return r == DB_ROW ? 0 : -1;
}

static int fts_script(db *d, const char *sql, const char *what)
{
    char *err = NULL;
    if (db_exec_script(d, sql, &err) == 0)
        return 0;
    fprintf(stderr, "vanphong: search: %s: %s\n", what, err ? err : db_errmsg(d));
    free(err);
    return -1;
}

/* A script on PostgreSQL; nothing on SQLite. 0 or -1. */
static int pg_script(db *d, const char *sql)
{
    if (!search_is_pg(d))
        return 0;
    char *err = NULL;
    int rc = db_exec_script(d, sql, &err);
    free(err);
    return rc == 0 ? 0 : -1;
}

int search_bulk_begin(db *d)
{
    return pg_script(d, "DROP INDEX IF EXISTS search_fts_exact;"
                        " DROP INDEX IF EXISTS search_fts_folded;");
}

int search_bulk_end(db *d)
{
    /* the names and definitions of pg/020_search.sql */
    return pg_script(d,
                     "CREATE INDEX IF NOT EXISTS search_fts_exact ON search_fts USING gin (exact);"
                     " CREATE INDEX IF NOT EXISTS search_fts_folded ON search_fts"
                     " USING gin (folded); ANALYZE search_fts;");
}

int search_schema_ensure(db *d)
{
    if (search_is_pg(d))
        return 0; /* a plain table of the PostgreSQL schema (pg/020_search.sql) */
    bool has, current;
    if (fts_layout(d, &has, &current) != 0)
        return -1;
    if (has && current)
        return 0;
    if (!has)
        return fts_script(d, fts_ddl, "cannot create search_fts");
    fprintf(stderr, "vanphong: search: rebuilding the index in today's layout (once)…\n");
    int64_t t0 = clock_now_ms();
    if (db_begin_write(d) != 0)
        return -1;
    /* another process may have done it while this one waited for the lock */
    if (fts_layout(d, &has, &current) != 0) {
        db_rollback(d);
        return -1;
    }
    if (!current && fts_script(d, fts_upgrade, "cannot rebuild the index") != 0) {
        db_rollback(d);
        return -1;
    }
    if (db_commit(d) != 0)
        return -1;
    fprintf(stderr, "vanphong: search: index rebuilt in %lld ms\n",
            (long long)(clock_now_ms() - t0));
    return 0;
}

/* ---- rebuilding dirty rows ------------------------------------------------------------------ */

static const db_query q_dirty = {
    "search.dirty",
    /* newest first: with a backlog (a fresh demo, an import) the search's inline sync still
     * indexes the document registered a moment ago, which is the one the clerk looks for */
    "SELECT id, kind, doc_id, gone, " SEARCH_TAGS_OF_D
    " FROM search_docs d WHERE dirty = 1 ORDER BY id DESC LIMIT ?1",
    /* PostgreSQL: lexemes of the folded vector (search_pg.h), the same as SQLite's from
     * pg/064's function; rebuild() adds the windows' */
    "SELECT id, kind, doc_id, gone, search_tags_of(d) FROM search_docs d WHERE dirty = 1"
    " ORDER BY id DESC LIMIT $1",
};

static const db_query q_in_text = {
    "search.in_text",
    "SELECT i.code, i.issuer_name, i.subject, i.signer, COALESCE(dt.name, i.doc_type), ''"
    " FROM incoming i LEFT JOIN doc_types dt ON dt.code = i.doc_type WHERE i.id = ?1",
    NULL,
};

static const db_query q_out_text = {
    "search.out_text",
    "SELECT o.notation, un.name, o.subject, COALESCE(su.name, ds.name),"
    " COALESCE(dt.name, o.doc_type), o.body"
    " FROM outgoing o LEFT JOIN units un ON un.id = o.unit_id"
    " LEFT JOIN users su ON su.id = o.signed_by LEFT JOIN users ds ON ds.id = o.signer_id"
    " LEFT JOIN doc_types dt ON dt.code = o.doc_type WHERE o.id = ?1",
    NULL,
};

static const db_query q_file_texts = {
    "search.file_texts",
    "SELECT text FROM search_files WHERE doc_kind = ?1 AND doc_id = ?2 AND state = 'done'"
    " AND text <> '' ORDER BY attachment_id",
    NULL,
};

static const db_query q_fts_delete = {
    "search.fts_delete", "DELETE FROM search_fts WHERE rowid = ?1",
    "DELETE FROM search_fts WHERE rowid = $1", /* a plain column there (pg/020_search.sql) */
};

static const db_query q_fts_insert = {
    "search.fts_insert",
    "INSERT INTO search_fts (rowid, code, issuer, subject, signer, doc_type, body, tags)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?10)",
    /* the two keys of search_pg.h, in tsvector text form from the app's normaliser */
    "INSERT INTO search_fts (rowid, code, issuer, subject, signer, doc_type, body, exact, folded)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, CAST($8 AS tsvector), CAST($9 AS tsvector))",
};

static const db_query q_doc_clean = {
    "search.doc_clean",
    "UPDATE search_docs SET dirty = 0, indexed_at = ?2 WHERE id = ?1",
    NULL,
};

static const db_query q_doc_drop = {
    "search.doc_drop",
    "DELETE FROM search_docs WHERE id = ?1",
    NULL,
};

typedef struct dirty_row {
    int64_t id, doc_id;
    char kind[4];
    bool gone;
    char *tags; /* SEARCH_TAGS_OF_D (heap) */
} dirty_row;

/* Rebuilds one document's FTS row; adds the bytes of text it indexed to *bytes. 0 or -1. */
static int rebuild(db *d, const dirty_row *r, const char *now, size_t *bytes)
{
    db_stmt *s = db_stmt_get(d, &q_fts_delete);
    if (!s)
        return -1;
    db_bind_int(s, 1, r->id);
    if (db_exec(s) != DB_DONE)
        return -1;
    bool in = strcmp(r->kind, "in") == 0;
    db_stmt *t = r->gone ? NULL : db_stmt_get(d, in ? &q_in_text : &q_out_text);
    if (!r->gone && !t)
        return -1;
    if (!t || (db_bind_int(t, 1, r->doc_id), db_step(t)) != DB_ROW) {
        if (t)
            db_reset(t);
        s = db_stmt_get(d, &q_doc_drop);
        if (!s)
            return -1;
        db_bind_int(s, 1, r->id);
        return db_exec(s) == DB_DONE ? 0 : -1;
    }
    /* copy the columns: the statements below reset t */
    char *cols[6];
    for (int i = 0; i < 6; i++) {
        const char *v = db_col_text(t, i);
        cols[i] = strdup(v ? v : "");
        if (!cols[i])
            abort();
    }
    db_reset(t);
    strbuf body = STRBUF_INIT;
    sb_adds(&body, cols[5]);
    db_stmt *f = db_stmt_get(d, &q_file_texts);
    int rc = -1;
    if (!f)
        goto out;
    db_bind_text(f, 1, r->kind);
    db_bind_int(f, 2, r->doc_id);
    while (db_step(f) == DB_ROW && body.len < SEARCH_MAX_DOC_TEXT) {
        const char *txt = db_col_text(f, 0);
        if (body.len)
            sb_addc(&body, '\n');
        sb_adds(&body, txt);
    }
    db_reset(f);
    s = db_stmt_get(d, &q_fts_insert);
    if (!s)
        goto out;
    db_bind_int(s, 1, r->id);
    for (int i = 0; i < 5; i++)
        db_bind_text(s, 2 + i, cols[i]);
    db_bind_textn(s, 7, sb_str(&body), body.len);
    *bytes += body.len;
    for (int i = 0; i < 5; i++)
        *bytes += strlen(cols[i]);
    if (!search_is_pg(d))
        db_bind_text(s, 10, r->tags);
    if (search_is_pg(d)) {
        const char *const texts[6] = {cols[0], cols[1], cols[2], cols[3], cols[4], sb_str(&body)};
        size_t lens[6];
        for (int i = 0; i < 5; i++)
            lens[i] = strlen(cols[i]);
        lens[5] = body.len;
        char *ex, *fo, *tags;
        int64_t w = r->id / search_pg_window;
        if (asprintf(&tags, "%s %cw%lld %cb%lld", r->tags, FTS5_VI_TAG, (long long)w, FTS5_VI_TAG,
                     (long long)(w / SEARCH_PG_BLOCK)) < 0)
            abort();
        search_pg_vectors(texts, lens, tags, &ex, &fo);
        free(tags);
        db_bind_text(s, 8, ex);
        db_bind_text(s, 9, fo);
        free(ex);
        free(fo);
    }
    if (db_exec(s) != DB_DONE)
        goto out;
    s = db_stmt_get(d, &q_doc_clean);
    if (!s)
        goto out;
    db_bind_int(s, 1, r->id);
    db_bind_text(s, 2, now);
    rc = db_exec(s) == DB_DONE ? 0 : -1;
out:
    for (int i = 0; i < 6; i++)
        free(cols[i]);
    sb_free(&body);
    return rc;
}

/* Rebuilds up to max dirty rows inside the open write transaction; with bounded, stops once
 * the rows done hold SEARCH_SYNC_TX_BYTES of text or took SEARCH_SYNC_TX_MS (after the first
 * row: one document is the least a transaction can do). Returns how many, or -1. */
static int sync_rows(db *d, int max, bool bounded)
{
    db_stmt *s = db_stmt_get(d, &q_dirty);
    if (!s)
        return -1;
    db_bind_int(s, 1, max);
    dirty_row *rows = malloc((size_t)max * sizeof *rows);
    if (!rows)
        abort();
    int n = 0;
    while (n < max && db_step(s) == DB_ROW) {
        rows[n].id = db_col_int(s, 0);
        snprintf(rows[n].kind, sizeof rows[n].kind, "%s",
                 db_col_text(s, 1) ? db_col_text(s, 1) : "");
        rows[n].doc_id = db_col_int(s, 2);
        rows[n].gone = db_col_int(s, 3) != 0;
        rows[n].tags = strdup(db_col_text(s, 4) ? db_col_text(s, 4) : "");
        if (!rows[n].tags)
            abort();
        n++;
    }
    db_reset(s);
    char now[32];
    clock_iso(clock_now(), now, sizeof now);
    int64_t t0 = clock_now_ms();
    size_t bytes = 0;
    int done = 0;
    bool failed = false;
    while (done < n) {
        if (rebuild(d, &rows[done], now, &bytes) != 0) {
            failed = true;
            break;
        }
        done++;
        if (bounded && (bytes >= SEARCH_SYNC_TX_BYTES || clock_now_ms() - t0 >= SEARCH_SYNC_TX_MS))
            break;
    }
    for (int i = 0; i < n; i++)
        free(rows[i].tags);
    free(rows);
    return failed ? -1 : done;
}

int search_sync(db *d, int max)
{
    if (max <= 0)
        return 0;
    if (search_schema_ensure(d) != 0)
        return -1;
    /* a cheap look before taking the write lock */
    db_stmt *s = db_stmt_get(d, &q_dirty);
    if (!s)
        return -1;
    db_bind_int(s, 1, 1);
    int r = db_step(s);
    db_reset(s);
    if (r != DB_ROW)
        return r == DB_DONE ? 0 : -1;
    /* The tokenizer runs inside the FTS insert, so under the write lock: the transaction is
     * bounded by text and time, not by rows alone (500 documents carrying megabytes of
     * attachment text held the lock past a login's busy timeout). */
    if (db_begin_write(d) != 0)
        return -1;
    int n = sync_rows(d, max, true);
    if (n < 0)
        goto fail;
    if (db_commit(d) != 0)
        return -1;
    return n;
fail:
    fprintf(stderr, "vanphong: search: indexing failed: %s\n", db_errmsg(d));
    db_rollback(d);
    return -1;
}

int search_sync_in_tx(db *d, int max)
{
    if (max <= 0)
        return 0;
    return sync_rows(d, max, false);
}

/* ---- the extraction job ------------------------------------------------------------------- */

static const db_query q_attachment = {
    "search.attachment",
    "SELECT sha256, mime, doc_kind, doc_id FROM attachments WHERE id = ?1",
    NULL,
};

static const db_query q_same_content = {
    "search.same_content",
    "SELECT text, method FROM search_files WHERE sha256 = ?1 AND state = 'done'"
    " AND attachment_id <> ?2 LIMIT 1",
    NULL,
};

static const db_query q_file_done = {
    "search.file_done",
    "INSERT INTO search_files (attachment_id, doc_kind, doc_id, sha256, state, method, text,"
    " error, updated_at) VALUES (?1, ?2, ?3, ?4, 'done', ?5, ?6, NULL, ?7)"
    " ON CONFLICT (attachment_id) DO UPDATE SET state = 'done', method = excluded.method,"
    " text = excluded.text, error = NULL, updated_at = excluded.updated_at",
    NULL,
};

static const db_query q_file_failed = {
    "search.file_failed",
    "UPDATE search_files SET state = 'failed', error = ?2, text = NULL, updated_at = ?3"
    " WHERE attachment_id = ?1",
    NULL,
};

static const db_query q_mark_dirty = {
    "search.mark_dirty",
    "UPDATE search_docs SET dirty = 1 WHERE kind = ?1 AND doc_id = ?2",
    NULL,
};

static const db_query q_file_doc = {
    "search.file_doc",
    "SELECT doc_kind, doc_id FROM search_files WHERE attachment_id = ?1",
    NULL,
};

static int mark_dirty(db *d, const char *kind, int64_t doc_id)
{
    db_stmt *s = db_stmt_get(d, &q_mark_dirty);
    if (!s)
        return -1;
    db_bind_text(s, 1, kind);
    db_bind_int(s, 2, doc_id);
    return db_exec(s) == DB_DONE ? 0 : -1;
}

/* The extracted text of attachment aid recorded, and its document marked for the indexer;
 * inside the caller's write transaction. 0 or -1. */
static int store_text(db *d, int64_t aid, const char *kind, int64_t doc_id, const char *sha,
                      const char *method, const char *text)
{
    char now[32];
    clock_iso(clock_now(), now, sizeof now);
    db_stmt *s = db_stmt_get(d, &q_file_done);
    if (!s)
        return -1;
    db_bind_int(s, 1, aid);
    db_bind_text(s, 2, kind);
    db_bind_int(s, 3, doc_id);
    db_bind_text(s, 4, sha);
    db_bind_text(s, 5, method);
    db_bind_text(s, 6, text);
    db_bind_text(s, 7, now);
    return db_exec(s) == DB_DONE && mark_dirty(d, kind, doc_id) == 0 ? 0 : -1;
}

int search_extract_job(db *d, const char *payload, const char *data_dir, char **err_r)
{
    *err_r = NULL;
    int64_t aid = payload ? strtoll(payload, NULL, 10) : 0;
    db_stmt *s = db_stmt_get(d, &q_attachment);
    if (!s || aid <= 0)
        return -2;
    db_bind_int(s, 1, aid);
    if (db_step(s) != DB_ROW) {
        db_reset(s);
        return 0; /* the attachment is gone: nothing to do */
    }
    char sha[65], mime[128], kind[4];
    snprintf(sha, sizeof sha, "%s", db_col_text(s, 0) ? db_col_text(s, 0) : "");
    snprintf(mime, sizeof mime, "%s", db_col_text(s, 1) ? db_col_text(s, 1) : "");
    snprintf(kind, sizeof kind, "%s", db_col_text(s, 2) ? db_col_text(s, 2) : "");
    int64_t doc_id = db_col_int(s, 3);
    db_reset(s);

    char *text = NULL;
    const char *method = NULL;
    s = db_stmt_get(d, &q_same_content);
    if (s) {
        db_bind_text(s, 1, sha);
        db_bind_int(s, 2, aid);
        if (db_step(s) == DB_ROW) {
            const char *t = db_col_text(s, 0);
            const char *m = db_col_text(s, 1);
            text = strdup(t ? t : "");
            method = m && strcmp(m, "ocr") == 0 ? "ocr" : "copy";
            if (!text)
                abort();
        }
        db_reset(s);
    }
    if (!text) {
        char blob_dir[4096], tmp_dir[4096], path[4200];
        snprintf(blob_dir, sizeof blob_dir, "%s/blobs", data_dir ? data_dir : ".");
        snprintf(tmp_dir, sizeof tmp_dir, "%s/tmp", data_dir ? data_dir : ".");
        if (!blob_sha_valid(sha)) {
            if (asprintf(err_r, "Tệp đính kèm không hợp lệ.") < 0)
                abort();
            return -2;
        }
        blob_path(blob_dir, sha, path, sizeof path);
        if (files_extract(path, mime, tmp_dir, &text, &method, err_r) != 0)
            return jobs_exec_cancelled() ? -1 : -2;
    }
    int rc = -1;
    if (db_begin_write(d) != 0)
        goto out;
    if (store_text(d, aid, kind, doc_id, sha, method, text) != 0 || db_commit(d) != 0)
        goto out_rb;
    rc = 0;
    goto out;
out_rb:
    db_rollback(d);
    if (asprintf(err_r, "Không ghi được văn bản trích xuất: %s", db_errmsg(d)) < 0)
        abort();
out:
    free(text);
    return rc;
}

int search_file_done_in_tx(db *d, int64_t aid, const char *kind, int64_t doc_id, const char *sha,
                           const char *method, const char *text)
{
    char payload[24];
    snprintf(payload, sizeof payload, "%lld", (long long)aid);
    if (store_text(d, aid, kind, doc_id, sha, method, text) != 0)
        return -1;
    return jobs_done_in_tx(d, "extract", payload) < 0 ? -1 : 0;
}

void search_extract_failed(db *d, const char *payload, const char *error)
{
    int64_t aid = payload ? strtoll(payload, NULL, 10) : 0;
    char now[32];
    clock_iso(clock_now(), now, sizeof now);
    for (int tries = 0; tries < 5; tries++) {
        if (db_begin_write(d) != 0)
            continue;
        db_stmt *s = db_stmt_get(d, &q_file_failed);
        if (!s)
            goto again;
        db_bind_int(s, 1, aid);
        db_bind_text(s, 2, error);
        db_bind_text(s, 3, now);
        if (db_exec(s) != DB_DONE)
            goto again;
        s = db_stmt_get(d, &q_file_doc);
        if (!s)
            goto again;
        db_bind_int(s, 1, aid);
        if (db_step(s) == DB_ROW) {
            char kind[4];
            snprintf(kind, sizeof kind, "%s", db_col_text(s, 0) ? db_col_text(s, 0) : "");
            int64_t doc_id = db_col_int(s, 1);
            db_reset(s);
            if (mark_dirty(d, kind, doc_id) != 0)
                goto again;
        } else {
            db_reset(s);
        }
        if (db_commit(d) == 0)
            return;
    again:
        db_rollback(d);
    }
}
