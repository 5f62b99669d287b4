/* Indexing state of documents, retries and the status page's data. Contracts in search.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "incoming/incoming.h"
#include "outgoing/outgoing.h"
#include "jobs/jobs.h"
#include "search/search.h"
#include "search/search_sql.h"

static bool doc_visible(ctx *c, const char *kind, int64_t id)
{
    if (!c->user || !kind || id <= 0)
        return false;
    if (strcmp(kind, "in") == 0)
        return incoming_may_see(c, id);
    if (strcmp(kind, "out") == 0)
        return outgoing_may_see(c, id);
    return false;
}

static const db_query q_doc_dirty = {
    "search.doc_dirty",
    "SELECT dirty FROM search_docs WHERE kind = ?1 AND doc_id = ?2",
    NULL,
};

static const db_query q_doc_files = {
    "search.doc_files",
    "SELECT count(*), coalesce(sum(state = 'queued'), 0), coalesce(sum(state = 'failed'), 0),"
    " (SELECT error FROM search_files WHERE doc_kind = ?1 AND doc_id = ?2 AND state = 'failed'"
    " ORDER BY attachment_id LIMIT 1)"
    " FROM search_files WHERE doc_kind = ?1 AND doc_id = ?2",
    NULL,
};

int search_index_state(ctx *c, const char *kind, int64_t id, search_state *st)
{
    memset(st, 0, sizeof *st);
    if (!doc_visible(c, kind, id))
        return -1;
    bool dirty = true;
    db_stmt *s = db_stmt_get(c->db, &q_doc_dirty);
    if (!s)
        return -1;
    db_bind_text(s, 1, kind);
    db_bind_int(s, 2, id);
    if (db_step(s) == DB_ROW)
        dirty = db_col_int(s, 0) != 0;
    db_reset(s);
    s = db_stmt_get(c->db, &q_doc_files);
    if (!s)
        return -1;
    db_bind_text(s, 1, kind);
    db_bind_int(s, 2, id);
    if (db_step(s) == DB_ROW) {
        st->files = (int)db_col_int(s, 0);
        st->files_pending = (int)db_col_int(s, 1);
        st->files_failed = (int)db_col_int(s, 2);
        st->error = arena_strdup(c->a, db_col_text(s, 3));
    }
    db_reset(s);
    st->state = st->files_failed > 0             ? "failed"
                : dirty || st->files_pending > 0 ? "queued"
                                                 : "indexed";
    return 0;
}

const char *search_state_label(const char *state)
{
    if (state && strcmp(state, "indexed") == 0)
        return _("Đã lập chỉ mục");
    if (state && strcmp(state, "failed") == 0)
        return _("Lỗi trích xuất văn bản");
    return _("Đang chờ lập chỉ mục");
}

bool search_may_manage(ctx *c)
{
    return c->user && (c->user->role == ROLE_ADMIN || c->user->role == ROLE_CLERK ||
                       c->user->role == ROLE_OFFICE_LEADER);
}

/* ---- retry -------------------------------------------------------------------------------------
 */

static const db_query q_requeue_files = {
    "search.requeue_files",
    "UPDATE search_files SET state = 'queued', error = NULL, updated_at = ?3"
    " WHERE doc_kind = ?1 AND doc_id = ?2",
    NULL,
};

/* Every attachment of the document gets a fresh job (an existing queued one is kept). */
static const db_query q_requeue_jobs = {
    "search.requeue_jobs",
    "INSERT INTO jobs (kind, payload) SELECT 'extract', CAST(a.id AS TEXT) FROM attachments a"
    " WHERE a.doc_kind = ?1 AND a.doc_id = ?2 AND NOT EXISTS (SELECT 1 FROM jobs j"
    " WHERE j.kind = 'extract' AND j.payload = CAST(a.id AS TEXT)"
    " AND j.state IN ('queued', 'running'))",
    NULL,
};

static const db_query q_files_missing = {
    "search.files_missing",
    "INSERT OR IGNORE INTO search_files (attachment_id, doc_kind, doc_id, sha256, state)"
    " SELECT id, doc_kind, doc_id, sha256, 'queued' FROM attachments"
    " WHERE doc_kind = ?1 AND doc_id = ?2",
    NULL,
};

static const db_query q_mark = {
    "search.mark",
    "UPDATE search_docs SET dirty = 1 WHERE kind = ?1 AND doc_id = ?2",
    NULL,
};

static int exec_kind_id(db *d, const db_query *q, const char *kind, int64_t id, const char *now)
{
    db_stmt *s = db_stmt_get(d, q);
    if (!s)
        return -1;
    db_bind_text(s, 1, kind);
    db_bind_int(s, 2, id);
    if (now)
        db_bind_text(s, 3, now);
    return db_exec(s) == DB_DONE ? 0 : -1;
}

int search_reindex_doc(ctx *c, const char *kind, int64_t id, int *status_r)
{
    *status_r = 200;
    if (!doc_visible(c, kind, id)) {
        *status_r = 404;
        return -1;
    }
    if (!search_may_manage(c)) {
        *status_r = 403;
        return -1;
    }
    char now[32];
    clock_iso(clock_now(), now, sizeof now);
    if (db_begin_write(c->db) != 0) {
        *status_r = 500;
        return -1;
    }
    if (exec_kind_id(c->db, &q_files_missing, kind, id, NULL) != 0 ||
        exec_kind_id(c->db, &q_requeue_files, kind, id, now) != 0 ||
        exec_kind_id(c->db, &q_requeue_jobs, kind, id, NULL) != 0 ||
        exec_kind_id(c->db, &q_mark, kind, id, NULL) != 0 ||
        audit_log(c->db, c->user, "search.reindex",
                  strcmp(kind, "in") == 0 ? "incoming" : "outgoing", id, NULL, NULL) != 0 ||
        db_commit(c->db) != 0) {
        db_rollback(c->db);
        *status_r = 500;
        return -1;
    }
    jobs_wake();
    return 0;
}

/* ---- the status page ------------------------------------------------------------------------ */

static const db_query q_failures = {
    "search.failures",
    "SELECT sf.attachment_id, d.kind, d.doc_id, COALESCE(search_fts.code, ''),"
    " COALESCE(search_fts.subject, ''), a.filename, sf.error, sf.updated_at"
    " FROM search_files sf JOIN search_docs d ON d.kind = sf.doc_kind AND d.doc_id = sf.doc_id"
    " JOIN attachments a ON a.id = sf.attachment_id"
    " LEFT JOIN search_fts ON search_fts.rowid = d.id"
    " WHERE sf.state = 'failed' AND " SEARCH_VISIBLE " ORDER BY sf.updated_at DESC LIMIT ?6",
    NULL,
};

int search_failures(ctx *c, search_failure **rows_r, int max)
{
    *rows_r = NULL;
    if (!c->user || max <= 0)
        return 0;
    if (search_schema_ensure(c->db) != 0)
        return -1;
    db_stmt *s = db_stmt_get(c->db, &q_failures);
    if (!s)
        return -1;
    search_bind_visibility(c, s);
    db_bind_int(s, 6, max);
    search_failure *rows = arena_alloc(c->a, (size_t)max * sizeof *rows);
    int n = 0;
    while (n < max && db_step(s) == DB_ROW) {
        search_failure *f = &rows[n++];
        f->attachment_id = db_col_int(s, 0);
        f->kind = arena_strdup(c->a, db_col_text(s, 1));
        f->doc_id = db_col_int(s, 2);
        f->code = arena_strdup(c->a, db_col_text(s, 3));
        f->subject = arena_strdup(c->a, db_col_text(s, 4));
        f->filename = arena_strdup(c->a, db_col_text(s, 5));
        f->error = arena_strdup(c->a, db_col_text(s, 6));
        f->updated_at = arena_strdup(c->a, db_col_text(s, 7));
    }
    db_reset(s);
    *rows_r = rows;
    return n;
}

static const db_query q_stats = {
    "search.stats",
    "SELECT (SELECT count(*) FROM search_docs), (SELECT count(*) FROM search_docs WHERE dirty = 1),"
    " (SELECT count(*) FROM search_files WHERE state = 'queued'),"
    " (SELECT count(*) FROM search_files WHERE state = 'failed'),"
    " (SELECT count(*) FROM jobs WHERE state = 'queued'),"
    " (SELECT count(*) FROM jobs WHERE state = 'running')",
    NULL,
};

int search_stats_get(ctx *c, search_stats *st)
{
    memset(st, 0, sizeof *st);
    db_stmt *s = db_stmt_get(c->db, &q_stats);
    if (!s)
        return -1;
    if (db_step(s) == DB_ROW) {
        st->docs = db_col_int(s, 0);
        st->docs_dirty = db_col_int(s, 1);
        st->files_queued = db_col_int(s, 2);
        st->files_failed = db_col_int(s, 3);
        st->jobs_queued = db_col_int(s, 4);
        st->jobs_running = db_col_int(s, 5);
    }
    db_reset(s);
    return 0;
}
