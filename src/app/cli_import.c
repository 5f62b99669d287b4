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
 * numbers per unit and year are those of the old register. After the lines, the attachments'
 * text extraction jobs run here and the search index is brought up to date in batches. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>

#include "app/app.h"
#include "app/cli.h"
#include "auth/auth.h"
#include "base/clock.h"
#include "db/db.h"
#include "docs/incoming.h"
#include "jobs/jobs.h"
#include "org/org.h"
#include "search/search.h"

static const char import_help[] =
    "usage: vanphong import --data DIR [--batch N] [--no-index] FILE.jsonl\n"
    "\n"
    "Registers incoming documents, one JSON object a line, N a transaction (default 1000):\n"
    "  {\"clerk\":\"vanthu\", \"unit_n\":3, \"arrived_at\":1717200000, \"issuer_name\":\"…\",\n"
    "   \"code\":\"12/QĐ-UBND\", \"doc_type\":\"quyet_dinh\", \"issued_date\":\"2024-05-30\",\n"
    "   \"subject\":\"…\", \"signer\":\"…\", \"pages\":3, \"secrecy\":\"none\", "
    "\"urgency\":\"normal\",\n"
    "   \"due_date\":null, \"notes\":null,\n"
    "   \"file\":{\"name\":\"x.txt\", \"type\":\"text/plain\", \"text\":\"…\"}}\n"
    "clerk: the registering login (a clerk or office-leader); unit_n picks the receiving unit\n"
    "among the units the clerk may register for (0 = the clerk's own); arrived_at (unix\n"
    "seconds, ascending) is when it was registered. Then runs the attachments' text extraction\n"
    "and updates the search index (--no-index skips both). Prints counts and rates.\n";

enum { IMPORT_BATCH = 1000, IMPORT_MAX_USERS = 32 };

static const db_query q_user_id = {"import.user_id", "SELECT id FROM users WHERE login = ?1", NULL};
static const db_query q_savepoint = {"import.savepoint", "SAVEPOINT import_line", NULL};
static const db_query q_release = {"import.release", "RELEASE import_line", NULL};
static const db_query q_rollback_to = {"import.rollback_to", "ROLLBACK TO import_line", NULL};
/* The import acknowledges once, at the end: its many small transactions (one per extraction
 * job, per index batch) need not each wait for an fsync of the WAL; the final checkpoint
 * writes everything into the database file and fsyncs it before the command says "imported"
 * (blobs are fsynced one by one by blob_put as always). */
static const db_query q_sync_normal = {"import.sync_normal", "PRAGMA synchronous = NORMAL", NULL};
static const db_query q_sync_full = {"import.sync_full", "PRAGMA synchronous = FULL", NULL};
static const db_query q_checkpoint = {"import.checkpoint", "PRAGMA wal_checkpoint(TRUNCATE)", NULL};

/* A registering clerk and the units she may register for. */
typedef struct clerk {
    const char *login;
    const user *u;
    int64_t *units;
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
    k->units = arena_alloc(c->a, (size_t)(nu > 0 ? nu : 1) * sizeof *k->units);
    k->n_units = 0;
    c->user = u;
    for (int i = 0; !all && i < nu; i++)
        if (ids[i] == u->unit_id || org_unit_in_scope(c, ids[i]))
            k->units[k->n_units++] = ids[i];
    c->user = saved;
    memset(&c->scope, 0, sizeof c->scope);
    return k;
}

static const char *jstr(json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

/* Writes the line's file into DIR/tmp as an upload would arrive (fsynced by blob_put's
 * rename path); fills u. 0 or -1. */
static int file_upload(ctx *c, json_t *f, http_upload *u, unsigned long seq)
{
    const char *text = jstr(f, "text");
    if (!text)
        return -1;
    size_t n = strlen(text);
    char *path = arena_printf(c->a, "%s/import-%ld-%lu.tmp", app.tmp_dir, (long)getpid(), seq);
    FILE *fp = fopen(path, "wb");
    if (!fp)
        return -1;
    int ok = fwrite(text, 1, n, fp) == n;
    ok = (fclose(fp) == 0) && ok;
    if (!ok)
        return -1;
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)text, n);
    sodium_bin2hex(u->sha256_hex, sizeof u->sha256_hex, h, sizeof h);
    u->field = "file";
    u->filename = jstr(f, "name") ? arena_strdup(c->a, jstr(f, "name")) : "vanban.txt";
    u->content_type = jstr(f, "type") ? arena_strdup(c->a, jstr(f, "type")) : "text/plain";
    u->tmp_path = path;
    u->size = (int64_t)n;
    return 0;
}

/* Registers one parsed line inside the open transaction. 0 or -1 (message printed). */
static int import_line(ctx *c, ctx *kc, clerk *tab, int *n_clerks, json_t *o, unsigned long lineno)
{
    const char *login = jstr(o, "clerk");
    const clerk *k = clerk_get(kc, tab, n_clerks, login ? login : "vanthu");
    if (!k) {
        fprintf(stderr, "line %lu: unknown clerk\n", lineno);
        return -1;
    }
    /* The scope cache of the ctx (org_scope_unit_ids) belongs to one user and one arena:
     * lines alternate clerks and batches replace the arena. */
    if (c->user != k->u)
        memset(&c->scope, 0, sizeof c->scope);
    c->user = k->u;
    in_new in = {0};
    int64_t un = json_integer_value(json_object_get(o, "unit_n"));
    if (un > 0 && k->n_units > 0)
        in.unit_id = k->units[un % k->n_units];
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
    http_upload up = {0};
    int n_ups = 0;
    json_t *f = json_object_get(o, "file");
    if (json_is_object(f)) {
        if (file_upload(c, f, &up, lineno) != 0) {
            fprintf(stderr, "line %lu: cannot write the attachment to %s\n", lineno, app.tmp_dir);
            return -1;
        }
        n_ups = 1;
    }
    int64_t at = json_integer_value(json_object_get(o, "arrived_at"));
    clock_set_fake(at > 0 ? at : 0);
    int64_t number = 0;
    in_err e;
    int64_t id = incoming_register_in_tx(c, &in, n_ups ? &up : NULL, n_ups, &number, &e);
    clock_set_fake(0);
    if (n_ups)
        unlink(up.tmp_path); /* moved into the store on success; a leftover otherwise */
    if (id < 0) {
        const char *field = e.n ? e.e[0].field : NULL;
        fprintf(stderr, "line %lu: %s%s%s\n", lineno, field ? field : "", field ? ": " : "",
                in_err_message(&e));
        return -1;
    }
    return 0;
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
    while ((n = search_sync(d, SEARCH_SYNC_BATCH)) > 0) {
        done += n;
        if (done % 20000 < SEARCH_SYNC_BATCH)
            fprintf(stderr, "\rindexed %lld", (long long)done);
    }
    fputc('\n', stderr);
    *t_index = clock_now_ms() - t0;
    *indexed_r = done;
    return n < 0 ? -1 : 0;
}

static const char *last_arg(int argc, char **argv)
{
    for (int i = argc - 1; i >= 1; i--) {
        if (argv[i][0] == '-')
            return NULL;
        if (i > 1 && (strcmp(argv[i - 1], "--data") == 0 || strcmp(argv[i - 1], "--batch") == 0))
            return NULL;
        return argv[i];
    }
    return NULL;
}

int cli_import(int argc, char **argv)
{
    if (cli_has(argc, argv, "--help") || cli_has(argc, argv, "-h")) {
        fputs(import_help, stdout);
        return 0;
    }
    const char *data = cli_opt(argc, argv, "--data"), *file = last_arg(argc, argv);
    const char *bs = cli_opt(argc, argv, "--batch");
    int batch = bs ? atoi(bs) : IMPORT_BATCH;
    if (!data || !file || batch <= 0) {
        fputs(import_help, stderr);
        return 2;
    }
    FILE *in = strcmp(file, "-") == 0 ? stdin : fopen(file, "r");
    if (!in) {
        perror(file);
        return 1;
    }
    char *err = NULL;
    if (app_open(data, 1, &err) != 0) {
        fprintf(stderr, "vanphong import: %s\n", err ? err : "cannot open the data directory");
        free(err);
        return 1;
    }
    db *d = db_thread();
    run_q(d, &q_sync_normal);
    arena *keep = arena_new(); /* the clerks, for the whole run */
    ctx kc = {.a = keep, .db = d, .data_dir = data};
    clerk clerks[IMPORT_MAX_USERS];
    int n_clerks = 0;
    ctx c = {.a = arena_new(), .db = d, .data_dir = data};
    char *line = NULL;
    size_t cap = 0;
    unsigned long lineno = 0, ok = 0, bad = 0, in_batch = 0;
    int64_t t0 = clock_now_ms();
    int rc = 0;
    while (getline(&line, &cap, in) > 0) {
        lineno++;
        if (line[0] == '\n' || line[0] == '#')
            continue;
        if (in_batch == 0 && db_begin_write(d) != 0) {
            fprintf(stderr, "vanphong import: %s\n", db_errmsg(d));
            rc = 1;
            break;
        }
        json_error_t je;
        json_t *o = json_loads(line, 0, &je);
        if (!json_is_object(o)) {
            fprintf(stderr, "line %lu: %s\n", lineno, je.text);
            bad++;
        } else if (run_q(d, &q_savepoint) != 0) {
            fprintf(stderr, "vanphong import: %s\n", db_errmsg(d));
            json_decref(o);
            rc = 1;
            break;
        } else {
            int r = import_line(&c, &kc, clerks, &n_clerks, o, lineno);
            if (r == 0) {
                ok++;
                run_q(d, &q_release);
            } else {
                bad++;
                run_q(d, &q_rollback_to);
                run_q(d, &q_release);
            }
        }
        json_decref(o);
        if (++in_batch >= (unsigned long)batch) {
            if (db_commit(d) != 0) {
                fprintf(stderr, "vanphong import: commit: %s\n", db_errmsg(d));
                rc = 1;
                break;
            }
            in_batch = 0;
            arena_free(&c.a);
            c.a = arena_new();
            memset(&c.scope, 0, sizeof c.scope);
            if (lineno % 20000 < (unsigned long)batch)
                fprintf(stderr, "\rregistered %lu", ok);
        }
    }
    if (rc == 0 && in_batch > 0 && db_commit(d) != 0) {
        fprintf(stderr, "vanphong import: commit: %s\n", db_errmsg(d));
        rc = 1;
    }
    if (rc != 0)
        db_rollback(d);
    free(line);
    if (in != stdin)
        fclose(in);
    int64_t t_reg = clock_now_ms() - t0, t_extract = 0, t_index = 0, indexed = 0;
    int jobs = 0;
    fputc('\n', stderr);
    if (rc == 0 && !cli_has(argc, argv, "--no-index") &&
        index_all(d, data, &t_extract, &t_index, &jobs, &indexed) != 0) {
        fprintf(stderr, "vanphong import: indexing: %s\n", db_errmsg(d));
        rc = 1;
    }
    /* Durable before acknowledged: the checkpoint copies the WAL into the database file and
     * fsyncs it (synchronous FULL again for it). */
    int64_t t1 = clock_now_ms();
    run_q(d, &q_sync_full);
    db_stmt *cp = db_stmt_get(d, &q_checkpoint);
    if (!cp || db_step(cp) != DB_ROW || db_col_int(cp, 0) != 0) {
        fprintf(stderr, "vanphong import: final checkpoint: %s\n", db_errmsg(d));
        rc = 1;
    }
    if (cp)
        db_reset(cp);
    t_index += clock_now_ms() - t1;
    int64_t total = t_reg + t_extract + t_index;
    printf("imported %lu documents (%lu refused) in %.1f s: registration %.1f s (%.0f docs/s), "
           "%d text extractions %.1f s, index of %lld documents %.1f s; overall %.0f docs/s\n",
           ok, bad, total / 1000.0, t_reg / 1000.0, t_reg ? ok * 1000.0 / t_reg : 0.0, jobs,
           t_extract / 1000.0, (long long)indexed, t_index / 1000.0,
           total ? ok * 1000.0 / total : 0.0);
    arena_free(&c.a);
    arena_free(&keep);
    return rc ? rc : (bad ? 3 : 0);
}
