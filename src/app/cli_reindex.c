/* `vanphong reindex --data DIR [--files] [--run-jobs] [--exclusive]`: rebuilds the search
 * index in short batches, with a progress bar on stderr, safe to run while the server serves:
 * each batch waits for the background's turn (jobs_wait_turn), so a login or a registration
 * never queues behind a run of batches. --exclusive (server stopped) skips the waits and, on
 * PostgreSQL, builds the GIN indexes once at the end instead of row by row
 * (search_bulk_begin/end: a million documents 330 → ~1,300 a second). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "base/config.h"
#include "base/args.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "app/cli.h"
#include "db/db.h"
#include "jobs/jobs.h"
#include "search/search.h"

static const char reindex_help[] = N_(
    "cách dùng: vanphong reindex --data DIR [--files] [--run-jobs] [--exclusive]\n"
    "  Lập lại chỉ mục toàn văn của mọi văn bản theo từng lô 500, mỗi lô một giao dịch ngắn (máy\n"
    "  chủ có thể vẫn chạy: giữa các lô nó có chỗ để ghi). --files trích xuất lại văn bản của mọi\n"
    "  tệp đính kèm (xếp thành việc nền cho các luồng của máy chủ); --run-jobs chạy các việc đó\n"
    "  ngay tại đây. --exclusive: máy chủ đã dừng, không nghỉ giữa các lô.\n");

enum { MARK_BATCH = 5000 };

static const db_query q_max_id = {
    "search.cli_max_id",
    "SELECT coalesce(max(id), 0) FROM search_docs",
    NULL,
};

static const db_query q_mark_range = {
    "search.cli_mark_range",
    "UPDATE search_docs SET dirty = 1 WHERE id > ?1 AND id <= ?2",
    NULL,
};

static const db_query q_count_dirty = {
    "search.cli_count_dirty",
    "SELECT count(*) FROM search_docs WHERE dirty = 1",
    NULL,
};

/* Documents without a search row (none normally: triggers and the migration add them). */
static const db_query q_missing_in = {
    "search.cli_missing_in",
    "INSERT INTO search_docs (kind, doc_id, unit_id, secrecy, urgency, doc_type, issued_date,"
    " sort_date, year, status, dirty) SELECT 'in', i.id, i.unit_id, i.secrecy, i.urgency,"
    " i.doc_type, i.issued_date, i.issued_date, CAST(substr(i.issued_date, 1, 4) AS INTEGER),"
    " i.status, 1 FROM incoming i WHERE NOT EXISTS (SELECT 1 FROM search_docs d"
    " WHERE d.kind = 'in' AND d.doc_id = i.id)",
    NULL,
};

static const db_query q_missing_out = {
    "search.cli_missing_out",
    "INSERT INTO search_docs (kind, doc_id, unit_id, secrecy, urgency, doc_type, issued_date,"
    " sort_date, year, status, dirty) SELECT 'out', o.id, o.unit_id, o.secrecy, o.urgency,"
    " o.doc_type, o.issued_date, COALESCE(o.issued_date, substr(o.created_at, 1, 10)),"
    " CAST(substr(COALESCE(o.issued_date, o.created_at), 1, 4) AS INTEGER), o.status, 1"
    " FROM outgoing o WHERE NOT EXISTS (SELECT 1 FROM search_docs d"
    " WHERE d.kind = 'out' AND d.doc_id = o.id)",
    NULL,
};

static const db_query q_files_requeue = {
    "search.cli_files_requeue",
    "UPDATE search_files SET state = 'queued', error = NULL",
    NULL,
};

static const db_query q_files_jobs = {
    "search.cli_files_jobs",
    "INSERT INTO jobs (kind, payload) SELECT 'extract', CAST(a.id AS TEXT) FROM attachments a"
    " WHERE NOT EXISTS (SELECT 1 FROM jobs j WHERE j.kind = 'extract'"
    " AND j.payload = CAST(a.id AS TEXT) AND j.state IN ('queued', 'running'))",
    NULL,
};

static int64_t scalar(db *d, const db_query *q)
{
    db_stmt *s = db_stmt_get(d, q);
    if (!s)
        return -1;
    int64_t v = db_step(s) == DB_ROW ? db_col_int(s, 0) : -1;
    db_reset(s);
    return v;
}

static int exec_tx(db *d, const db_query *q)
{
    if (db_begin_write(d) != 0)
        return -1;
    db_stmt *s = db_stmt_get(d, q);
    if (!s || db_exec(s) != DB_DONE) {
        db_rollback(d);
        return -1;
    }
    return db_commit(d);
}

int cli_reindex(int argc, char **argv)
{
    static const char *const values[] = {"--data", NULL};
    static const char *const flags[] = {"--exclusive", "--files", "--run-jobs", NULL};
    static const cli_spec spec = {"vanphong reindex", reindex_help, values, flags, 0, 0};
    int parsed = cli_parse(argc, argv, &spec);
    if (parsed >= 0)
        return parsed;
    const char *data = cli_opt(argc, argv, "--data");
    if (!data) {
        fputs(_(reindex_help), stderr);
        return 2;
    }
    char *err = NULL;
    if (app_open(data, 1, &err) != 0) {
        fprintf(stderr, "vanphong reindex: %s\n", err ? err : _("không mở được thư mục dữ liệu"));
        free(err);
        return 1;
    }
    db *d = db_thread();
    if (search_schema_ensure(d) != 0 || exec_tx(d, &q_missing_in) != 0 ||
        exec_tx(d, &q_missing_out) != 0) {
        fprintf(stderr, "vanphong reindex: %s\n", db_errmsg(d));
        return 1;
    }
    int64_t max_id = scalar(d, &q_max_id);
    bool yield = !cli_has(argc, argv, "--exclusive");
    for (int64_t lo = 0; lo < max_id; lo += MARK_BATCH) {
        if (yield)
            jobs_wait_turn();
        if (db_begin_write(d) != 0)
            goto fail;
        db_stmt *s = db_stmt_get(d, &q_mark_range);
        if (!s)
            goto fail;
        db_bind_int(s, 1, lo);
        db_bind_int(s, 2, lo + MARK_BATCH);
        if (db_exec(s) != DB_DONE || db_commit(d) != 0)
            goto fail;
    }
    if (cli_has(argc, argv, "--files") &&
        (exec_tx(d, &q_files_requeue) != 0 || exec_tx(d, &q_files_jobs) != 0))
        goto fail;
    if (!yield && search_bulk_begin(d) != 0)
        goto fail;
    int64_t total = scalar(d, &q_count_dirty), done = 0;
    cli_progress pr;
    cli_progress_start(&pr, _("đã lập chỉ mục"), total);
    int failures = 0;
    for (;;) {
        if (yield)
            jobs_wait_turn();
        int n = search_sync(d, SEARCH_SYNC_BATCH);
        if (n < 0) {
            /* busy with the server: wait a moment and go on */
            if (++failures > 50)
                goto fail;
            usleep(200000);
            continue;
        }
        failures = 0;
        if (n == 0)
            break;
        done += n;
        cli_progress_update(&pr, done < total ? done : total);
    }
    cli_progress_end(&pr, total);
    if (!yield && search_bulk_end(d) != 0)
        goto fail;
    /* every document was written again: the index merged whole (search.h), a short
     * transaction at a time, the server's writers let in between */
    bool whole = true;
    for (int r; (r = search_tidy(d, whole, 1)) != 0;) {
        if (r < 0) {
            if (++failures > 50)
                goto fail;
            usleep(200000);
            continue;
        }
        failures = 0;
        whole = false;
        if (yield)
            jobs_wait_turn();
    }
    if (cli_has(argc, argv, "--run-jobs")) {
        int ran = jobs_run_pending(1000000, data);
        fprintf(stderr, _("vanphong reindex: đã chạy %d việc trích xuất\n"), ran);
    }
    /* Read by tests and scripts: the same in every language. */
    printf("reindexed %lld documents in %.1f s\n", (long long)total,
           (double)(clock_now_ms() - pr.t0_ms) / 1000.0);
    return 0;
fail:
    db_rollback(d);
    if (!yield)
        search_bulk_end(d);
    fprintf(stderr, "\nvanphong reindex: %s\n", db_errmsg(d));
    return 1;
}
