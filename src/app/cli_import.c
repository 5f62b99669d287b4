/* `vanphong import --data DIR FILE.jsonl`: bulk registration of incoming documents (a migration
 * from an older system, or the benchmark corpus of bench/gen.c), many per write transaction.
 *
 * Every line goes through incoming_register_in_tx — the same validation, arrival numbering,
 * trace event, audit row and attachment store as a clerk's registration — so numbers, audit and
 * the search index stay right; only the transaction is shared by a batch (one fsync per batch
 * instead of per document: that is what makes 100,000s of documents an affair of minutes). A
 * line that fails rolls back to its own savepoint and is reported; the rest of the batch stays.
 *
 * A line's "arrived_at" (unix seconds, ascending) is the historical moment of registration: the
 * clock is set to it while the line is registered, so arrival dates, years and gap-free
 * numbers per unit and year are those of the old register.
 *
 * Two threads (DESIGN.md: ≥ 1,000 documents/s with text; one core could not do it). A reader
 * thread parses the lines, writes each attachment to DIR/tmp with its SHA-256, classifies it
 * (attach_sniff: attach_add later takes that verdict for the very same file) and extracts the
 * text of plain-text files — the work that needs no database — and already links the file into
 * the blob store. The main thread registers the lines in order, records the text it was handed
 * (search_file_done_in_tx: the extraction job is marked done) and indexes the slice's
 * documents, all in the slice's transaction. After the lines, the jobs left (other file types,
 * text the reader could not extract) run here and the index is brought up to date.
 *
 * A clerk never waits long behind an import (issue 17): the write lock is held for short
 * slices — a transaction commits once it has been open --slice-ms (default IMPORT_SLICE_MS) or
 * holds --batch lines, whichever comes first — and between two slices the import pauses for
 * IMPORT_PAUSE_US, long enough for a waiting connection's busy handler (db/sqlite.c polls
 * every millisecond) to take the lock. Nothing slow happens under the lock: the blobs a slice
 * references were linked by the reader and made durable by one blob_defer_sync (syncfs) BEFORE
 * the slice began; the slice only takes lines whose blobs that sync covered. The end of the
 * slice leaves room for its own indexing: registration stops once the time spent plus the
 * measured indexing cost of its lines reaches the slice. Each line is still registered whole or
 * not at all (its savepoint), so a stopped import restarts from the same file: the lines
 * already in are refused as duplicates. */
#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <fcntl.h>
#include <jansson.h>
#include <sodium.h>
#include <sqlite3.h>

#include "web/errors.h"
#include "base/config.h"
#include "base/args.h"
#include "app/app.h"
#include "app/cli.h"
#include "auth/auth.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "db/db.h"
#include "files/files.h"
#include "files/blob.h"
#include "incoming/incoming.h"
#include "jobs/jobs.h"
#include "org/org.h"
#include "search/index.h"
#include "search/search.h"

static const char import_help[] = N_(
    "cách dùng: vanphong import --data DIR [--batch N] [--slice-ms MS] [--no-index] FILE.jsonl\n"
    "\n"
    "Vào sổ các văn bản đến, mỗi dòng một đối tượng JSON, nhiều nhất N dòng một giao dịch\n"
    "(mặc định 1000) và mỗi giao dịch không quá MS mili giây (--slice-ms, mặc định 30) để văn\n"
    "thư đang vào sổ không phải chờ:\n"
    "  {\"clerk\":\"vanthu\", \"unit_n\":3, \"arrived_at\":1717200000, \"issuer_name\":\"…\",\n"
    "   \"code\":\"12/KH-UBND\", \"doc_type\":\"ke_hoach\", \"issued_date\":\"2024-05-30\",\n"
    "   \"subject\":\"…\", \"signer\":\"…\", \"pages\":3, \"secrecy\":\"none\", "
    "\"urgency\":\"normal\",\n"
    "   \"due_date\":null, \"notes\":null,\n"
    "   \"file\":{\"name\":\"x.txt\", \"type\":\"text/plain\", \"text\":\"…\"}}\n"
    "clerk: tài khoản vào sổ (văn thư hoặc lãnh đạo văn phòng); unit_n chọn đơn vị nhận trong\n"
    "số các đơn vị mà tài khoản đó được vào sổ (0 = đơn vị của chính nó); arrived_at (giây unix,\n"
    "tăng dần) là thời điểm vào sổ. Tệp đính kèm dạng văn bản thuần được trích xuất và mỗi văn\n"
    "bản được lập chỉ mục ngay khi vào sổ; sau đó chạy các việc trích xuất của những tệp đính\n"
    "kèm khác (--no-index bỏ qua trích xuất và chỉ mục). In ra số lượng và tốc độ.\n");

/* PREP_AHEAD: lines the reader thread may have ready (parsed, written, classified) before
 * the main thread registers them — enough to ride out a commit, little memory. */
enum {
    IMPORT_BATCH = 1000,
    IMPORT_MAX_USERS = 32,
    IMPORT_MAX_UNITS_ON = 256, /* units of one clerk a line may pick among on its day */
    PREP_AHEAD = 1024,
    INDEX_STEP = 500,
    IMPORT_SLICE_MS = 30,   /* the longest a slice holds the write lock (plus one line) */
    IMPORT_PAUSE_US = 2000, /* between slices: 2 polls of a waiting busy handler */
    CHECKPOINT_MS = 1000    /* between two checkpoints of the import's own */
};

static const db_query q_user_id = {"import.user_id", "SELECT id FROM users WHERE login = ?1", NULL};
static const db_query q_savepoint = {"import.savepoint", "SAVEPOINT import_line", NULL};
static const db_query q_release = {"import.release", "RELEASE import_line", NULL};
static const db_query q_rollback_to = {"import.rollback_to", "ROLLBACK TO import_line", NULL};
/* The import acknowledges once, at the end: its transactions need not each wait for an fsync
 * of the WAL; the final checkpoint writes everything into the database file and fsyncs it
 * before the command says "imported". Blobs are durable before the batch referencing them
 * commits (blob_defer_sync), as always. */
/* On PostgreSQL none of it applies: every commit is durable when it returns (synchronous_commit
 * stays on, so the import's "imported" needs no final step) and the server checkpoints by
 * itself; the texts there do nothing, and the checkpoint answers "not busy" (0). */
static const db_query q_sync_normal = {"import.sync_normal", "PRAGMA synchronous = NORMAL",
                                       "SELECT 1"};
static const db_query q_sync_full = {"import.sync_full", "PRAGMA synchronous = FULL", "SELECT 1"};
static const db_query q_checkpoint = {"import.checkpoint", "PRAGMA wal_checkpoint(TRUNCATE)",
                                      "SELECT 0"};
/* Hundreds of short slices a minute: SQLite's automatic checkpoint (every 1,000 WAL pages, run
 * by whichever connection commits) would fsync the database file every few slices — in the
 * import's wall time, or in the waiting clerk's request when hers is the commit that crosses
 * the mark. The import turns it off for itself and checkpoints once a second between slices
 * (PASSIVE: no lock a clerk needs), so the WAL never holds more than a second of import. */
static const db_query q_no_autocheckpoint = {"import.no_autocheckpoint",
                                             "PRAGMA wal_autocheckpoint = 0", "SELECT 1"};
/* SQLite's page cache is 2 MB per connection by default: enough for a small office, but at a
 * million documents the import's inserts land all over indexes and the FTS segments of
 * hundreds of MB, and each page read again costs a system call and its checksum-free copy. The
 * import's one connection gets 256 MB (released when it exits). */
static const db_query q_cache_size = {"import.cache_size", "PRAGMA cache_size = -262144",
                                      "SELECT 1"};
static const db_query q_checkpoint_passive = {"import.checkpoint_passive",
                                              "PRAGMA wal_checkpoint(PASSIVE)", "SELECT 0"};
static const db_query q_attachment = {
    "import.attachment",
    "SELECT id FROM attachments WHERE doc_kind = 'in' AND doc_id = ?1 AND sha256 = ?2"
    " ORDER BY id DESC LIMIT 1",
    NULL};

/* A registering clerk and the units she may register for. */
typedef struct clerk {
    const char *login;
    const user *u;
    int64_t *units;
    const char **from, **to; /* each unit's valid_from / valid_to ("YYYY-MM-DD"; to NULL) */
    int n_units;
} clerk;

static int run_q(db *d, const db_query *q)
{
    db_stmt *s = db_stmt_get(d, q);
    return s && db_exec(s) == DB_DONE ? 0 : -1;
}

static const clerk *clerk_get(ctx *c, clerk *tab, int *n, const char *login)
{
    for (int i = 0; i < *n; i++)
        if (strcmp(tab[i].login, login) == 0)
            return &tab[i];
    if (*n >= IMPORT_MAX_USERS)
        return NULL;
    db_stmt *s = db_stmt_get(c->db, &q_user_id);
    if (!s)
        return NULL;
    db_bind_text(s, 1, login);
    int64_t id = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
    db_reset(s);
    const user *u = id ? auth_user_load(c, id) : NULL;
    if (!u)
        return NULL;
    clerk *k = &tab[(*n)++];
    k->login = arena_strdup(c->a, login);
    k->u = u;
    const user *saved = c->user;
    c->user = u;
    memset(&c->scope, 0, sizeof c->scope); /* the scope cache is per user */
    bool all = false;
    int64_t *ids = NULL;
    int nu = org_scope_unit_ids(c, &ids, &all);
    c->user = saved;
    /* Only the units registration accepts for her (the scope list may hold units the
     * registration rule does not, e.g. dissolved ones). */
    size_t cap = (size_t)(nu > 0 ? nu : 1);
    k->units = arena_alloc(c->a, cap * sizeof *k->units);
    k->from = arena_alloc(c->a, cap * sizeof *k->from);
    k->to = arena_alloc(c->a, cap * sizeof *k->to);
    k->n_units = 0;
    c->user = u;
    for (int i = 0; !all && i < nu; i++)
        if (ids[i] == u->unit_id || org_unit_in_scope(c, ids[i])) {
            const unit *un = org_unit_get(c, ids[i]);
            k->from[k->n_units] = un ? un->valid_from : NULL;
            k->to[k->n_units] = un ? un->valid_to : NULL;
            k->units[k->n_units++] = ids[i];
        }
    c->user = saved;
    memset(&c->scope, 0, sizeof c->scope);
    return k;
}

/* The n-th (modulo) of k's units that exist on `date`: a line's unit_n picks among the units
 * of its day, so history is registered where it arrived — never into a unit after its
 * dissolution (which registration refuses) nor before it was founded. 0 when none. */
static int64_t clerk_unit_on(const clerk *k, const char *date, int64_t n)
{
    int64_t on[IMPORT_MAX_UNITS_ON];
    int m = 0;
    for (int i = 0; i < k->n_units && m < IMPORT_MAX_UNITS_ON; i++)
        if ((!k->from[i] || strcmp(k->from[i], date) <= 0) &&
            (!k->to[i] || strcmp(date, k->to[i]) <= 0))
            on[m++] = k->units[i];
    return m ? on[n % m] : 0;
}

static const char *jstr(json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

/* One line as the reader thread hands it over. Strings malloc'd (freed by prep_clear). */
typedef struct prep {
    unsigned long lineno;
    json_t *o;        /* the parsed object; NULL with jerr for a line that is not one */
    char *jerr;       /* parse error */
    int n_ups;        /* 0, or 1 with up (written to DIR/tmp) */
    bool file_failed; /* the line has a file that could not be written */
    http_upload up;
    char *text;         /* extracted text when the file is plain text, else NULL (a job will) */
    const char *method; /* static, with text */
    unsigned long seq;  /* its place in the reader's queue (reader.tail when handed over) */
    bool stored;        /* its file is linked into the blob store (durable at the next sync) */
} prep;

static void prep_clear(prep *p)
{
    json_decref(p->o);
    free(p->jerr);
    if (p->n_ups) {
        unlink(p->up.tmp_path); /* moved into the store on success; a leftover otherwise */
        free((char *)p->up.tmp_path);
        free((char *)p->up.filename);
        free((char *)p->up.content_type);
    }
    free(p->text);
    memset(p, 0, sizeof *p);
}

static char *xstrdup(const char *s)
{
    char *r = strdup(s);
    if (!r)
        abort();
    return r;
}

/* Writes the line's file into DIR/tmp as an upload would arrive (made durable with the
 * batch's blobs by blob_defer_sync); fills u. 0 or -1. */
static int file_upload(json_t *f, http_upload *u, unsigned long seq)
{
    const char *text = jstr(f, "text");
    if (!text)
        return -1;
    size_t n = strlen(text);
    char *path = NULL;
    if (asprintf(&path, "%s/import-%ld-%lu.tmp", config.tmp_dir, (long)getpid(), seq) < 0)
        abort();
    FILE *fp = fopen(path, "wb");
    if (!fp) {
        free(path);
        return -1;
    }
    int ok = fwrite(text, 1, n, fp) == n;
    ok = (fclose(fp) == 0) && ok;
    if (!ok) {
        unlink(path);
        free(path);
        return -1;
    }
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)text, n);
    sodium_bin2hex(u->sha256_hex, sizeof u->sha256_hex, h, sizeof h);
    u->field = "file";
    u->filename = xstrdup(jstr(f, "name") ? jstr(f, "name") : "vanban.txt");
    u->content_type = xstrdup(jstr(f, "type") ? jstr(f, "type") : "text/plain");
    u->tmp_path = path;
    u->size = (int64_t)n;
    return 0;
}

/* The reader thread's part of a line: parse, write the file and make its blob's directories
 * (new inodes cost the most on a filesystem full of freshly deleted ones), classify it,
 * extract its text
 * when libmagic calls it plain text (attach_add will store it as text/plain: the verdict is
 * remembered for this file). An extraction that fails is left to the job, which records why. */
static void prep_line(ctx *c, const char *line, unsigned long lineno, prep *p)
{
    memset(p, 0, sizeof *p);
    p->lineno = lineno;
    json_error_t je;
    p->o = json_loads(line, 0, &je);
    if (!json_is_object(p->o)) {
        json_decref(p->o);
        p->o = NULL;
        p->jerr = xstrdup(je.text);
        return;
    }
    json_t *f = json_object_get(p->o, "file");
    if (!json_is_object(f))
        return;
    if (file_upload(f, &p->up, lineno) != 0) {
        p->file_failed = true;
        return;
    }
    p->n_ups = 1;
    const char *berr;
    blob_prepare(config.blob_dir, p->up.sha256_hex,
                 &berr); /* blob_put tries again if this failed */
    /* The blob goes into the store now, through a second name of the file (blob_put consumes
     * it): the main thread syncs it before the slice that references it, outside the lock.
     * attach_add later finds it there (same content) and only drops the upload's name. */
    char *twin = NULL;
    if (asprintf(&twin, "%s.b", p->up.tmp_path) < 0)
        abort();
    if (link(p->up.tmp_path, twin) == 0)
        p->stored = blob_put(config.blob_dir, twin, p->up.sha256_hex, &berr) == 0;
    unlink(twin);
    free(twin);
    const char *mime = attach_sniff(c, p->up.tmp_path);
    if (mime && strcmp(mime, "text/plain") == 0) {
        char *err = NULL;
        if (files_extract(p->up.tmp_path, mime, config.tmp_dir, &p->text, &p->method, &err) != 0) {
            free(p->text);
            p->text = NULL;
        }
        free(err);
    }
}

/* The reader thread and the queue of prepared lines between it and the main thread. */
typedef struct reader {
    FILE *in;
    pthread_mutex_t lock;
    pthread_cond_t ready, room;
    prep ring[PREP_AHEAD];
    unsigned long head, tail; /* taken, put */
    bool eof, stop;
} reader;

static void *reader_main(void *arg)
{
    reader *r = arg;
    ctx c = {.a = arena_new()};
    char *line = NULL;
    size_t cap = 0;
    unsigned long lineno = 0;
    for (;;) {
        ssize_t k = getline(&line, &cap, r->in);
        if (k <= 0)
            break;
        lineno++;
        if (line[0] == '\n' || line[0] == '#')
            continue;
        prep p;
        prep_line(&c, line, lineno, &p);
        if (lineno % 1024 == 0) { /* attach_sniff's strings: nothing keeps them */
            arena_free(&c.a);
            c.a = arena_new();
        }
        pthread_mutex_lock(&r->lock);
        while (r->tail - r->head == PREP_AHEAD && !r->stop)
            pthread_cond_wait(&r->room, &r->lock);
        if (r->stop) {
            pthread_mutex_unlock(&r->lock);
            prep_clear(&p);
            break;
        }
        p.seq = r->tail;
        r->ring[r->tail % PREP_AHEAD] = p;
        r->tail++;
        pthread_cond_signal(&r->ready);
        pthread_mutex_unlock(&r->lock);
    }
    free(line);
    arena_free(&c.a);
    pthread_mutex_lock(&r->lock);
    r->eof = true;
    pthread_cond_signal(&r->ready);
    pthread_mutex_unlock(&r->lock);
    return NULL;
}

/* The next prepared line into *p; false at the end. */
static bool reader_next(reader *r, prep *p)
{
    pthread_mutex_lock(&r->lock);
    while (r->head == r->tail && !r->eof)
        pthread_cond_wait(&r->ready, &r->lock);
    bool got = r->head != r->tail;
    if (got) {
        *p = r->ring[r->head % PREP_AHEAD];
        r->head++;
        pthread_cond_signal(&r->room);
    }
    pthread_mutex_unlock(&r->lock);
    return got;
}

/* How many lines the reader has handed over so far: their blobs were put before. */
static unsigned long reader_tail(reader *r)
{
    pthread_mutex_lock(&r->lock);
    unsigned long t = r->tail;
    pthread_mutex_unlock(&r->lock);
    return t;
}

/* Stops the reader early (an error) and frees what it had ready. */
static void reader_stop(reader *r)
{
    pthread_mutex_lock(&r->lock);
    r->stop = true;
    pthread_cond_signal(&r->room);
    pthread_mutex_unlock(&r->lock);
}

/* The attachment just registered for document id, and its text recorded when the reader
 * extracted it. 0 or -1. */
static int record_text(db *d, int64_t id, const prep *p, int *inline_r)
{
    db_stmt *s = db_stmt_get(d, &q_attachment);
    if (!s)
        return -1;
    db_bind_int(s, 1, id);
    db_bind_text(s, 2, p->up.sha256_hex);
    int64_t aid = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
    db_reset(s);
    if (aid <= 0)
        return -1;
    if (search_file_done_in_tx(d, aid, "in", id, p->up.sha256_hex, p->method, p->text) != 0)
        return -1;
    (*inline_r)++;
    return 0;
}

/* Registers one prepared line inside the open transaction. 0 or -1 (message printed). */
static int import_line(ctx *c, ctx *kc, clerk *tab, int *n_clerks, const prep *p, bool index,
                       int *inline_r)
{
    json_t *o = p->o;
    unsigned long lineno = p->lineno;
    const char *login = jstr(o, "clerk");
    const clerk *k = clerk_get(kc, tab, n_clerks, login ? login : "vanthu");
    if (!k) {
        fprintf(stderr, _("dòng %lu: không có tài khoản vào sổ này (clerk)\n"), lineno);
        return -1;
    }
    if (p->file_failed) {
        fprintf(stderr, _("dòng %lu: không ghi được tệp đính kèm vào %s\n"), lineno,
                config.tmp_dir);
        return -1;
    }
    /* The scope cache of the ctx (org_scope_unit_ids) belongs to one user and one arena:
     * lines alternate clerks and batches replace the arena. */
    if (c->user != k->u)
        memset(&c->scope, 0, sizeof c->scope);
    c->user = k->u;
    in_new in = {0};
    int64_t un = json_integer_value(json_object_get(o, "unit_n"));
    int64_t at = json_integer_value(json_object_get(o, "arrived_at"));
    if (un > 0 && k->n_units > 0) {
        char day[32];
        if (at > 0) {
            clock_iso(at + VN_UTC_OFFSET, day, sizeof day); /* the Vietnam date of the arrival */
            day[10] = 0;
        } else {
            clock_vn_today(day, sizeof day);
        }
        in.unit_id = clerk_unit_on(k, day, un);
    }
    in.issuer_name = jstr(o, "issuer_name");
    in.code = jstr(o, "code");
    in.doc_type = jstr(o, "doc_type");
    in.issued_date = jstr(o, "issued_date");
    in.subject = jstr(o, "subject");
    in.signer = jstr(o, "signer");
    in.notes = jstr(o, "notes");
    in.pages = (int)json_integer_value(json_object_get(o, "pages"));
    in.secrecy = jstr(o, "secrecy");
    in.urgency = jstr(o, "urgency");
    in.due_date = jstr(o, "due_date");
    in.duplicate_reason = jstr(o, "duplicate_reason");
    in.channel = jstr(o, "channel");
    clock_set_fake(at > 0 ? at : 0);
    int64_t number = 0;
    web_err e;
    int64_t id = incoming_register_in_tx(c, &in, p->n_ups ? &p->up : NULL, p->n_ups, &number, &e);
    clock_set_fake(0);
    if (id < 0) {
        const char *field = e.n ? e.e[0].field : NULL;
        fprintf(stderr, _("dòng %lu: %s%s%s\n"), lineno, field ? field : "", field ? ": " : "",
                web_err_message(&e));
        return -1;
    }
    if (index && p->n_ups && p->text && record_text(c->db, id, p, inline_r) != 0) {
        fprintf(stderr, _("dòng %lu: không lưu được văn bản của tệp đính kèm: %s\n"), lineno,
                db_errmsg(c->db));
        return -1;
    }
    return 0;
}

/* The end of a slice: its documents indexed, its blobs durable, then the commit — in that
 * order, so nothing is committed before its file is on disk. The blobs were normally synced
 * before the slice began (need_sync false); a line whose early store failed put its blob
 * inside the slice and needs the sync here. 0 or -1 (message printed). */
static int batch_commit(db *d, bool index, bool need_sync, int64_t *indexed_r)
{
    int n = 0;
    while (index && (n = search_sync_in_tx(d, INDEX_STEP)) > 0)
        *indexed_r += n;
    if (n < 0) {
        fprintf(stderr, _("vanphong import: lập chỉ mục: %s\n"), db_errmsg(d));
        return -1;
    }
    const char *berr = NULL;
    if (need_sync && blob_defer_sync(config.blob_dir, &berr) != 0) {
        fprintf(stderr, _("vanphong import: kho tệp đính kèm: %s\n"), berr);
        return -1;
    }
    if (db_commit(d) != 0) {
        fprintf(stderr, _("vanphong import: ghi giao dịch: %s\n"), db_errmsg(d));
        return -1;
    }
    return 0;
}

static double mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Commits a slice of n lines and updates the measured indexing cost of a line
 * (a moving average), which tells the next slices when to stop registering. 0 or -1. */
/* Where the registration time went (printed on stderr at the end): slices, their commit and
 * indexing, the blob syncs and the pauses. */
static struct {
    long slices, syncs;
    double commit_ms, sync_ms, pause_ms, longest_ms, checkpoint_ms;
} st;

static int slice_end(db *d, bool index, bool need_sync, unsigned long n, double *index_ms_r,
                     int64_t *indexed_r)
{
    double ti = mono_ms();
    if (batch_commit(d, index, need_sync, indexed_r) != 0)
        return -1;
    st.slices++;
    st.commit_ms += mono_ms() - ti;
    if (index && n > 0) {
        double per = (mono_ms() - ti) / (double)n;
        *index_ms_r = 0.8 * *index_ms_r + 0.2 * per;
    }
    return 0;
}

/* The gap between two slices: a clerk's registration waiting on the lock takes it now. */
static void pause_between_slices(void)
{
    double t = mono_ms();
    struct timespec ts = {0, IMPORT_PAUSE_US * 1000L};
    nanosleep(&ts, NULL);
    st.pause_ms += mono_ms() - t;
}

/* Extraction jobs of the new attachments, then the dirty search rows, in short batches. */
static int index_all(db *d, const char *data, int64_t *t_extract, int64_t *t_index, int *jobs_r,
                     int64_t *indexed_r)
{
    int64_t t0 = clock_now_ms();
    *jobs_r = jobs_run_pending(100000000, data);
    *t_extract = clock_now_ms() - t0;
    t0 = clock_now_ms();
    if (search_schema_ensure(d) != 0)
        return -1;
    int64_t done = 0;
    int n;
    cli_progress pr;
    cli_progress_start(&pr, _("đã lập chỉ mục"), 0);
    while ((n = search_sync(d, SEARCH_SYNC_BATCH)) > 0) {
        done += n;
        cli_progress_update(&pr, done);
    }
    cli_progress_end(&pr, done);
    *indexed_r = done;
    if (n < 0)
        return -1;
    *t_index = clock_now_ms() - t0;
    return 0;
}

/* The index's levels merged after the load (search.h: whole when the load was most of the
 * index, else each level of two segments; a short
 * write transaction at a time with the registration's pause between, so a clerk registering
 * meanwhile gets her turn). A failure (the lock busy for too long) loses nothing: the index is
 * whole, only less merged, and the server's idle workers go on. */
static void tidy_index(db *d, int64_t loaded, int64_t *t_index)
{
    int64_t t0 = clock_now_ms();
    bool whole = search_tidy_whole_after(d, loaded);
    int r, steps = 0;
    double longest = 0;
    for (;;) {
        double ts = mono_ms();
        if ((r = search_tidy(d, whole && steps == 0, 1)) <= 0)
            break;
        longest = mono_ms() - ts > longest ? mono_ms() - ts : longest;
        steps++;
        pause_between_slices();
    }
    /* bench/run.sh shows this line; the same in every language, like the summary below */
    fprintf(stderr,
            "vanphong import: index merged in %d steps (longest %.0f ms), %d segments, %.1f s%s\n",
            steps, longest, search_segments(d), (clock_now_ms() - t0) / 1000.0,
            r < 0 ? " (stopped: the server's workers go on)" : "");
    *t_index += clock_now_ms() - t0;
}

/* The final checkpoint (durable before acknowledged). A server running beside the import
 * (issue 17: it no longer has to be stopped) may hold a reader on the WAL for a moment, and
 * the TRUNCATE checkpoint then answers busy: tried again for a while; if the server's readers
 * never let it finish, the WAL itself is fsynced — every committed frame is then durable and
 * the server's own checkpoints copy it into the database file. 0 or -1. */
static int final_checkpoint(db *d)
{
    for (int i = 0; i < 40; i++) {
        db_stmt *cp = db_stmt_get(d, &q_checkpoint);
        if (!cp)
            return -1;
        int r = db_step(cp);
        int busy = r == DB_ROW ? (int)db_col_int(cp, 0) : -1;
        db_reset(cp);
        if (busy == 0)
            return 0;
        if (busy < 0)
            return -1;
        struct timespec ts = {0, 50 * 1000000L};
        nanosleep(&ts, NULL);
    }
    const char *path = sqlite3_db_filename(db_sqlite_handle(d), "main");
    char wal[4096];
    snprintf(wal, sizeof wal, "%s-wal", path ? path : "");
    int fd = open(wal, O_RDONLY | O_CLOEXEC);
    int rc = fd >= 0 && fsync(fd) == 0 ? 0 : -1;
    if (fd >= 0)
        close(fd);
    return rc;
}

int cli_import(int argc, char **argv)
{
    static const char *const values[] = {"--data", "--batch", "--slice-ms", NULL};
    static const char *const flags[] = {"--no-index", NULL};
    static const cli_spec spec = {"vanphong import", import_help, values, flags, 0, 1};
    int parsed = cli_parse(argc, argv, &spec);
    if (parsed >= 0)
        return parsed;
    const char *data = cli_opt(argc, argv, "--data"), *file = cli_arg(argc, argv, &spec, 0);
    const char *bs = cli_opt(argc, argv, "--batch");
    int batch = bs ? atoi(bs) : IMPORT_BATCH;
    const char *sm = cli_opt(argc, argv, "--slice-ms");
    int slice_ms = sm ? atoi(sm) : IMPORT_SLICE_MS;
    if (!data || !file || batch <= 0 || slice_ms <= 0) {
        fputs(_(import_help), stderr);
        return 2;
    }
    FILE *in = strcmp(file, "-") == 0 ? stdin : fopen(file, "r");
    if (!in) {
        perror(file);
        return 1;
    }
    char *err = NULL;
    if (app_open(data, 1, &err) != 0) {
        fprintf(stderr, "vanphong import: %s\n", err ? err : _("không mở được thư mục dữ liệu"));
        free(err);
        return 1;
    }
    db *d = db_thread();
    run_q(d, &q_sync_normal);
    run_q(d, &q_no_autocheckpoint);
    run_q(d, &q_cache_size);
    /* The server's commits leave the checkpoints to us while we run (db/sqlite.c): a clerk's
     * registration no longer copies our pages into the database file. A second import
     * running at once holds it already, and checkpoints as we do. */
    db_checkpoints_claim(d);
    bool index = !cli_has(argc, argv, "--no-index");
    if (search_schema_ensure(d) != 0) {
        fprintf(stderr, "vanphong import: %s\n", db_errmsg(d));
        if (in != stdin)
            fclose(in);
        return 1;
    }
    arena *keep = arena_new(); /* the clerks, for the whole run */
    ctx kc = {.a = keep, .db = d, .data_dir = data};
    clerk clerks[IMPORT_MAX_USERS];
    int n_clerks = 0;
    ctx c = {.a = arena_new(), .db = d, .data_dir = data};
    unsigned long ok = 0, bad = 0, in_batch = 0;
    int inline_text = 0;
    int64_t indexed = 0;
    int64_t t0 = clock_now_ms();
    int rc = 0;
    reader *rd = calloc(1, sizeof *rd);
    if (!rd)
        abort();
    rd->in = in;
    pthread_mutex_init(&rd->lock, NULL);
    pthread_cond_init(&rd->ready, NULL);
    pthread_cond_init(&rd->room, NULL);
    pthread_t rt;
    if (pthread_create(&rt, NULL, reader_main, rd) != 0) {
        fputs(_("vanphong import: không khởi động được luồng đọc\n"), stderr);
        return 1;
    }
    blob_defer_begin();
    prep p;
    cli_progress reg;
    cli_progress_start(&reg, _("đã vào sổ"), 0);
    unsigned long durable_upto = 0; /* lines whose blobs the last sync covered */
    bool in_tx = false, need_sync = false;
    double slice_t0 = 0, index_ms_per_line = 0.2; /* measured as the import goes */
    double last_checkpoint = mono_ms();
    while (reader_next(rd, &p)) {
        /* A line whose blob the last sync did not cover: end the slice, sync outside it. */
        if (p.n_ups && p.stored && p.seq >= durable_upto) {
            if (in_tx &&
                slice_end(d, index, need_sync, in_batch, &index_ms_per_line, &indexed) != 0) {
                prep_clear(&p);
                rc = 1;
                break;
            }
            if (in_tx) {
                in_tx = false;
                in_batch = 0;
                need_sync = false;
                arena_free(&c.a);
                c.a = arena_new();
                memset(&c.scope, 0, sizeof c.scope);
            }
            unsigned long upto = reader_tail(rd);
            const char *berr = NULL;
            double ts0 = mono_ms();
            int src = blob_defer_sync(config.blob_dir, &berr);
            st.syncs++;
            st.sync_ms += mono_ms() - ts0;
            if (src != 0) {
                fprintf(stderr, _("vanphong import: kho tệp đính kèm: %s\n"), berr);
                prep_clear(&p);
                rc = 1;
                break;
            }
            durable_upto = upto;
        }
        if (!in_tx) {
            if (db_begin_write(d) != 0) {
                fprintf(stderr, "vanphong import: %s\n", db_errmsg(d));
                prep_clear(&p);
                rc = 1;
                break;
            }
            in_tx = true;
            slice_t0 = mono_ms();
        }
        if (p.n_ups && !p.stored)
            need_sync = true; /* attach_add puts this blob now: sync before this commit */
        if (!p.o) {
            fprintf(stderr, _("dòng %lu: %s\n"), p.lineno, p.jerr);
            bad++;
        } else if (run_q(d, &q_savepoint) != 0) {
            fprintf(stderr, "vanphong import: %s\n", db_errmsg(d));
            prep_clear(&p);
            rc = 1;
            break;
        } else {
            int r = import_line(&c, &kc, clerks, &n_clerks, &p, index, &inline_text);
            if (r == 0) {
                ok++;
                run_q(d, &q_release);
            } else {
                bad++;
                run_q(d, &q_rollback_to);
                run_q(d, &q_release);
            }
        }
        prep_clear(&p);
        ++in_batch;
        /* the slice is full when its lines plus their indexing would pass the slice time */
        double spent = mono_ms() - slice_t0 + (index ? in_batch * index_ms_per_line : 0);
        if (in_batch >= (unsigned long)batch || spent >= slice_ms) {
            double held = mono_ms() - slice_t0;
            if (held > st.longest_ms)
                st.longest_ms = held;
            if (slice_end(d, index, need_sync, in_batch, &index_ms_per_line, &indexed) != 0) {
                rc = 1;
                break;
            }
            in_tx = false;
            in_batch = 0;
            need_sync = false;
            arena_free(&c.a);
            c.a = arena_new();
            memset(&c.scope, 0, sizeof c.scope);
            cli_progress_update(&reg, (int64_t)ok);
            pause_between_slices();
            if (mono_ms() - last_checkpoint >= CHECKPOINT_MS) {
                double tc = mono_ms();
                db_stmt *cs = db_stmt_get(d, &q_checkpoint_passive);
                if (cs) {
                    while (db_step(cs) == DB_ROW)
                        ;
                    db_reset(cs);
                }
                last_checkpoint = mono_ms();
                st.checkpoint_ms += last_checkpoint - tc;
            }
        }
    }
    if (rc == 0 && in_tx &&
        slice_end(d, index, need_sync, in_batch, &index_ms_per_line, &indexed) != 0)
        rc = 1;
    if (rc == 0)
        in_tx = false;
    cli_progress_end(&reg, (int64_t)ok);
    if (rc != 0) {
        if (in_tx)
            db_rollback(d);
        reader_stop(rd);
        while (reader_next(rd, &p))
            prep_clear(&p);
    }
    pthread_join(rt, NULL);
    blob_defer_end();
    pthread_mutex_destroy(&rd->lock);
    pthread_cond_destroy(&rd->ready);
    pthread_cond_destroy(&rd->room);
    free(rd);
    if (in != stdin)
        fclose(in);
    int64_t t_reg = clock_now_ms() - t0, t_extract = 0, t_index = 0, indexed_after = 0;
    int jobs = 0;
    fputc('\n', stderr);
    if (rc == 0 && index && index_all(d, data, &t_extract, &t_index, &jobs, &indexed_after) != 0) {
        fprintf(stderr, _("vanphong import: lập chỉ mục: %s\n"), db_errmsg(d));
        rc = 1;
    }
    if (rc == 0 && index)
        tidy_index(d, indexed + indexed_after, &t_index);
    /* Durable before acknowledged: the checkpoint copies the WAL into the database file and
     * fsyncs it (synchronous FULL again for it). */
    int64_t t1 = clock_now_ms();
    run_q(d, &q_sync_full);
    if (final_checkpoint(d) != 0) {
        fprintf(stderr, _("vanphong import: checkpoint cuối: %s\n"), db_errmsg(d));
        rc = 1;
    }
    db_checkpoints_release(d);
    t_index += clock_now_ms() - t1;
    int64_t total = t_reg + t_extract + t_index;
    /* bench/run.sh reads this line ("registration … s (… docs/s)", "overall … docs/s"): the same
     * in every language. */
    fprintf(stderr,
            "vanphong import: %ld write slices (commit and index %.1f s, longest before its commit "
            "%.0f ms), %ld blob syncs %.1f s, pauses %.1f s, checkpoints %.1f s\n",
            st.slices, st.commit_ms / 1000, st.longest_ms, st.syncs, st.sync_ms / 1000,
            st.pause_ms / 1000, st.checkpoint_ms / 1000);
    printf("imported %lu documents (%lu refused) in %.1f s: registration %.1f s (%.0f docs/s), "
           "%d text extractions %.1f s, index of %lld documents %.1f s; overall %.0f docs/s\n",
           ok, bad, total / 1000.0, t_reg / 1000.0, t_reg ? ok * 1000.0 / t_reg : 0.0,
           inline_text + jobs, t_extract / 1000.0, (long long)(indexed + indexed_after),
           t_index / 1000.0, total ? ok * 1000.0 / total : 0.0);
    arena_free(&c.a);
    arena_free(&keep);
    return rc ? rc : (bad ? 3 : 0);
}
