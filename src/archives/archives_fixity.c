/* The scheduled fixity check of the archive (issue 19): a durable job "archives_fixity" reads
 * every archived file through SHA-256 (its name in the blob store), counts the pages of files
 * not yet counted, records the run and notifies the archivists of a missing or altered file.
 * An idle hook queues the job when the last run is older than archives.fixity_days: the
 * schedule lives in the database (the runs), so a restart neither skips nor repeats a run. */
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "archives/archives.h"
#include "archives/archives_impl.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "files/blob.h"
#include "jobs/jobs.h"
#include "notify/notify.h"
#include "org/org.h"
#include "rules/rules.h"

#define FIXITY_KIND "archives_fixity"

static const db_query q_files = {
    "archives.fixity_files",
    "SELECT a.sha256, min(a.filename), min(a.mime), min(d.code), max(p.sha256 IS NOT NULL) "
    "FROM archive_records r JOIN dossiers d ON d.id = r.dossier_id JOIN dossier_docs x ON "
    "x.dossier_id = r.dossier_id JOIN attachments a ON a.doc_kind = x.doc_kind AND a.doc_id = "
    "x.doc_id LEFT JOIN archive_file_pages p ON p.sha256 = a.sha256 WHERE r.state <> "
    "'destroyed' GROUP BY a.sha256 ORDER BY a.sha256",
    NULL};
static const db_query q_run_add = {"archives.fixity_add",
                                   "INSERT INTO archive_fixity_runs (started_at, finished_at, "
                                   "checked, failures, failed) VALUES (?1, ?2, ?3, ?4, ?5)",
                                   NULL};
static const db_query q_pages_add = {
    "archives.pages_add",
    "INSERT OR REPLACE INTO archive_file_pages (sha256, pages) VALUES (?1, ?2)",
    "INSERT INTO archive_file_pages (sha256, pages) VALUES ($1, $2) ON CONFLICT (sha256) DO "
    "UPDATE SET pages = excluded.pages"};
static const db_query q_runs = {"archives.fixity_runs",
                                "SELECT id, started_at, finished_at, checked, failures, failed "
                                "FROM archive_fixity_runs ORDER BY id DESC LIMIT ?1",
                                NULL};
static const db_query q_due = {
    "archives.fixity_due",
    "SELECT coalesce((SELECT max(started_at) FROM archive_fixity_runs), ''), EXISTS (SELECT 1 "
    "FROM jobs WHERE kind = '" FIXITY_KIND "' AND payload = '' AND state IN ('queued', "
    "'running')) OR NOT EXISTS (SELECT 1 FROM archive_records)",
    NULL}; /* the second column: no run is wanted (one is queued, or nothing is archived yet) */

/* ---- page counts ------------------------------------------------------------------------ */

static uint32_t rd32(const unsigned char *p, bool le)
{
    return le ? (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24
              : (uint32_t)p[3] | (uint32_t)p[2] << 8 | (uint32_t)p[1] << 16 | (uint32_t)p[0] << 24;
}

/* A TIFF's pages are its chain of IFDs: header, then each IFD's entry count and next offset. */
static int tiff_pages(int fd, int64_t size)
{
    unsigned char h[8];
    if (pread(fd, h, 8, 0) != 8)
        return -1;
    bool le = h[0] == 'I';
    uint32_t off = rd32(h + 4, le);
    int n = 0;
    while (off && off + 2 <= size && n < 10000) {
        unsigned char c2[2], nx[4];
        if (pread(fd, c2, 2, off) != 2)
            return -1;
        unsigned cnt = le ? (unsigned)(c2[0] | c2[1] << 8) : (unsigned)(c2[1] | c2[0] << 8);
        if (pread(fd, nx, 4, (off_t)off + 2 + 12 * (off_t)cnt) != 4)
            return -1;
        n++;
        uint32_t next = rd32(nx, le);
        if (next <= off) /* a loop or the end */
            break;
        off = next;
    }
    return n ? n : -1;
}

int archives_count_pages(const char *blob_dir, const char *sha256, const char *mime)
{
    int64_t size;
    int fd = blob_open(blob_dir, sha256, &size);
    if (fd < 0)
        return -2;
    unsigned char m[4] = {0};
    ssize_t k = pread(fd, m, 4, 0);
    int pages = -1;
    if (k == 4 && memcmp(m, "%PDF", 4) == 0) {
        char path[1024];
        blob_path(blob_dir, sha256, path, sizeof path);
        const char *argv[] = {"pdfinfo", path, NULL};
        exec_limits lim = EXEC_DEFAULT_LIMITS;
        lim.wall_s = 30;
        strbuf out = {0};
        char *err = NULL;
        if (jobs_exec(argv, NULL, &lim, &out, NULL, &err) == 0 && out.buf) {
            const char *p = strstr(out.buf, "\nPages:");
            if (!p && strncmp(out.buf, "Pages:", 6) == 0)
                p = out.buf - 1;
            if (p)
                pages = atoi(p + 7);
        }
        free(err);
        sb_free(&out);
    } else if (k == 4 && (memcmp(m, "II*", 4) == 0 || memcmp(m, "MM\0*", 4) == 0)) {
        pages = tiff_pages(fd, size);
    } else if (mime && strncmp(mime, "image/", 6) == 0) {
        pages = 1;
    }
    close(fd);
    return pages;
}

/* ---- the run ---------------------------------------------------------------------------- */

static int fixity_run(db *d, const char *blob_dir, bool pages_only, int *checked_r);

typedef struct fx_file {
    char *sha, *filename, *mime, *code;
    bool counted;
} fx_file;

static void now_iso(char *buf, size_t n)
{
    clock_iso(clock_now(), buf, n);
}

int archives_fixity_run(db *d, const char *blob_dir, int *checked_r)
{
    return fixity_run(d, blob_dir, false, checked_r);
}

/* pages_only: count the pages of files not yet counted, no hashing, no run recorded (after a
 * batch is accepted). */
static int fixity_run(db *d, const char *blob_dir, bool pages_only, int *checked_r)
{
    char started[32], finished[32];
    now_iso(started, sizeof started);
    db_stmt *s = db_stmt_get(d, &q_files);
    if (!s)
        return -1;
    size_t n = 0, cap = 64;
    fx_file *v = malloc(sizeof *v * cap);
    while (v && db_step(s) == DB_ROW) {
        if (n == cap) {
            fx_file *w = realloc(v, sizeof *v * (cap *= 2));
            if (!w)
                break;
            v = w;
        }
        v[n++] =
            (fx_file){strdup(db_col_text(s, 0)), strdup(db_col_text(s, 1)),
                      strdup(db_col_text(s, 2)), strdup(db_col_text(s, 3)), db_col_int(s, 4) != 0};
    }
    db_reset(s);
    /* Reading and hashing happen outside any transaction (jobs.h): the write is short. */
    json_t *failed = json_array();
    int *pages = calloc(n ? n : 1, sizeof *pages);
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        pages[i] = -2; /* not tried */
        if (pages_only) {
            if (!v[i].counted)
                pages[i] = archives_count_pages(blob_dir, v[i].sha, v[i].mime);
        } else if (!ar_blob_ok(blob_dir, v[i].sha)) {
            bad++;
            json_array_append_new(failed, json_pack("{s:s, s:s, s:s}", "sha256", v[i].sha,
                                                    "filename", v[i].filename, "code", v[i].code));
        } else if (!v[i].counted) {
            pages[i] = archives_count_pages(blob_dir, v[i].sha, v[i].mime);
        }
    }
    now_iso(finished, sizeof finished);
    char *fj = json_dumps(failed, JSON_COMPACT);
    json_decref(failed);
    int rc = -1;
    if (db_begin_write(d) != 0)
        goto out;
    int64_t run = 0;
    if (pages_only)
        goto count;
    if (!(s = db_stmt_get(d, &q_run_add)))
        goto rollback;
    db_bind_text(s, 1, started);
    db_bind_text(s, 2, finished);
    db_bind_int(s, 3, (int64_t)n);
    db_bind_int(s, 4, bad);
    db_bind_text(s, 5, fj ? fj : "[]");
    if (db_exec(s) != DB_DONE)
        goto rollback;
    run = db_last_id(d);
count:
    for (size_t i = 0; i < n; i++) {
        if (pages[i] == -2)
            continue;
        if (!(s = db_stmt_get(d, &q_pages_add)))
            goto rollback;
        db_bind_text(s, 1, v[i].sha);
        if (pages[i] < 0)
            db_bind_null(s, 2); /* no pages to count: tried once, not again */
        else
            db_bind_int(s, 2, pages[i]);
        if (db_exec(s) != DB_DONE)
            goto rollback;
    }
    if (bad) {
        char text[NOTIFY_TEXT_MAX];
        snprintf(text, sizeof text,
                 _("Kiểm tra toàn vẹn kho lưu trữ: %d tệp bị thiếu hoặc bị thay đổi (trong %zu "
                   "tệp đã kiểm tra)."),
                 bad, n);
        /* The archivists (archives.h): the clerks and office-leaders of the committee and of
         * its office, whose scope reaches the root. */
        int64_t units[2] = {org_root_unit(d), 0};
        units[1] = org_register_unit(d, units[0]);
        for (int k = 0; k < 2; k++) {
            if (units[k] <= 0 || (k == 1 && units[1] == units[0]))
                continue;
            if (notify_unit_role(d, units[k], ROLE_CLERK, "archives.fixity", NULL, run, text) !=
                    0 ||
                notify_unit_role(d, units[k], ROLE_OFFICE_LEADER, "archives.fixity", NULL, run,
                                 text) != 0)
                goto rollback;
        }
    }
    if (db_commit(d) != 0)
        goto out;
    rc = bad;
    if (checked_r)
        *checked_r = (int)n;
    goto out;
rollback:
    db_rollback(d);
out:
    for (size_t i = 0; i < n; i++)
        free(v[i].sha), free(v[i].filename), free(v[i].mime), free(v[i].code);
    free(v);
    free(pages);
    free(fj);
    return rc;
}

static int fixity_job(db *d, const char *payload, const char *data_dir, char **err_r)
{
    char blobs[1024];
    snprintf(blobs, sizeof blobs, "%s/blobs", data_dir);
    if (fixity_run(d, blobs, payload && strcmp(payload, "pages") == 0, NULL) < 0) {
        *err_r = strdup(_("Không ghi được kết quả kiểm tra toàn vẹn kho lưu trữ."));
        return -1;
    }
    return 0; /* failures found are the run's result, not the job's */
}

/* Queues the job inside a write transaction of its own unless one is waiting already. */
static int enqueue(db *d)
{
    if (db_begin_write(d) != 0)
        return -1;
    db_stmt *s = db_stmt_get(d, &q_due);
    int pending = 1;
    if (s && db_step(s) == DB_ROW)
        pending = (int)db_col_int(s, 1);
    if (s)
        db_reset(s);
    if (!s || (!pending && jobs_enqueue(d, FIXITY_KIND, "") < 0)) {
        db_rollback(d);
        return -1;
    }
    return db_commit(d) == 0 ? !pending : -1;
}

/* At most once a minute: is the last run older than archives.fixity_days? */
static int fixity_idle(db *d)
{
    static _Atomic int64_t last;
    int64_t now = clock_now(), prev = atomic_load(&last);
    if (now - prev < 60 || !atomic_compare_exchange_strong(&last, &prev, now))
        return 0;
    char today[16], cutoff[32];
    clock_vn_today(today, sizeof today);
    int64_t days = rules_int(d, "archives.fixity_days", today);
    if (days <= 0)
        return 0; /* 0 turns the schedule off */
    clock_iso(now - days * 86400, cutoff, sizeof cutoff);
    db_stmt *s = db_stmt_get(d, &q_due);
    if (!s)
        return 0;
    bool due = false;
    if (db_step(s) == DB_ROW)
        due = !db_col_int(s, 1) && strcmp(db_col_text(s, 0), cutoff) < 0;
    db_reset(s);
    if (!due)
        return 0;
    if (enqueue(d) > 0)
        jobs_wake();
    return 0;
}

int archives_fixity_request(ctx *c, ar_result *r)
{
    if (!archives_is_archivist(c))
        return ar_fail(r, 403, NULL, _("Chỉ bộ phận lưu trữ yêu cầu kiểm tra toàn vẹn."));
    int rc = enqueue(c->db);
    if (rc < 0)
        return ar_fail(r, 503, NULL, _(AR_MSG_BUSY));
    if (rc > 0)
        jobs_wake();
    return 0;
}

int archives_fixity_runs(ctx *c, int limit, ar_fixity_run **rows_r)
{
    *rows_r = NULL;
    if (!archives_may_hold(c))
        return 0;
    db_stmt *s = db_stmt_get(c->db, &q_runs);
    if (!s)
        return -1;
    db_bind_int(s, 1, limit);
    int n = 0, cap = 8;
    ar_fixity_run *v = arena_alloc(c->a, sizeof *v * (size_t)cap);
    while (db_step(s) == DB_ROW) {
        ARENA_GROW(c->a, v, n, cap);
        v[n++] = (ar_fixity_run){.id = db_col_int(s, 0),
                                 .started_at = arena_strdup(c->a, db_col_text(s, 1)),
                                 .finished_at = arena_strdup(c->a, db_col_text(s, 2)),
                                 .checked = (int)db_col_int(s, 3),
                                 .failures = (int)db_col_int(s, 4),
                                 .failed = arena_strdup(c->a, db_col_text(s, 5))};
    }
    db_reset(s);
    *rows_r = v;
    return n;
}

static const rule_def r_fixity = {"archives.fixity_days",
                                  RULE_INT,
                                  "7",
                                  0,
                                  365,
                                  NULL,
                                  N_("Chu kỳ kiểm tra toàn vẹn tệp lưu trữ (ngày; 0 = tắt)"),
                                  N_("Mặc định; Luật Lưu trữ 2024 về bảo quản tài liệu số "
                                     "[chưa xác minh]")};

void archives_fixity_init(void)
{
    rules_declare(&r_fixity);
    jobs_register(FIXITY_KIND, fixity_job, NULL);
    jobs_add_tick(fixity_idle);
    notify_link_register("archives", "/archives/fixity?run=");
}
