/* The PostgreSQL driver of the store contract (db.h, through db.c's driver table), on libpq.
 *
 * One connection per thread, as on SQLite. A statement's text is the db_query's `pg` text or,
 * when that is NULL, the SQLite text translated mechanically (pg_sql.c). It is prepared on the
 * server lazily, at its first db_step, with the parameter types the bind calls gave (int →
 * int8, double → float8, blob → bytea in binary, text → left to the server), and re-prepared
 * under another name when a later call binds other types. Results are fetched whole
 * (PQexecPrepared), not in single-row mode: the services interleave statements on one
 * connection (a loop over one statement's rows running others), which single-row mode
 * forbids, and the lists they read are paged.
 *
 * Writers take one advisory lock inside the write transaction, so writes are serialised
 * across every node as SQLite serialises them in one file (docs/POSTGRESQL.md). A lost
 * connection answers DB_ERROR and is re-established at the next db_thread()/db_stmt_get()
 * outside a transaction; its prepared statements are forgotten then. */
#include "db/pg_impl.h"

#include <ctype.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/i18n.h"
#include "db/pg.h"
#include "db/pg_sql.h"

#define VP_STR_(x) #x
#define VP_STR(x) VP_STR_(x)

#define OID_INT8 20
#define OID_FLOAT8 701
#define OID_BYTEA 17
#define OID_TEXT 25

/* The writers' lock: any constant, the same on every node ("vanp"). */
#define WRITER_LOCK_KEY 1986096752
/* How long a writer waits for the lock (SQLite's busy timeout is 5 s; nodes queue longer). */
#define WRITER_LOCK_WAIT "10s"

/* ---- errors ---- */

static void chomp(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == ' '))
        s[--n] = 0;
}

static bool link_lost(const char *state)
{
    /* 08: connection exception; 57P01-57P03: the server is shutting down or cannot connect. */
    return state && (strncmp(state, "08", 2) == 0 || strncmp(state, "57P0", 4) == 0);
}

int pg_map_error(db *d, PGresult *res, const char *what)
{
    PGconn *c = PGD(d)->c;
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    char msg[512];
    snprintf(msg, sizeof msg, "%s",
             res && PQresultErrorMessage(res)[0] ? PQresultErrorMessage(res)
             : c                                 ? PQerrorMessage(c)
                                                 : "no connection");
    chomp(msg);
    d->last_full = false;
    if (!c || PQstatus(c) == CONNECTION_BAD || link_lost(state)) {
        db_count_error(DB_ERROR);
        db_set_error(d, "%s (%s: %s)",
                     _("Mất kết nối tới cơ sở dữ liệu PostgreSQL; sẽ kết nối lại ở yêu cầu sau."),
                     what, msg);
        return DB_ERROR;
    }
    if (state && strncmp(state, "23", 2) == 0) {
        db_set_error(d, "%s: %s", what, msg);
        return DB_CONSTRAINT;
    }
    if (state && strncmp(state, "53", 2) == 0) {
        d->last_full = true;
        db_count_error(DB_FULL);
        db_set_error(d, "%s (%s: %s)",
                     _("Không ghi được dữ liệu: ổ đĩa đầy hoặc lỗi đọc ghi. Thay đổi chưa được "
                       "lưu."),
                     what, msg);
        return DB_FULL;
    }
    if (state && (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
                  strcmp(state, "55P03") == 0)) {
        db_count_error(DB_BUSY);
        db_set_error(d, "%s: %s", what, msg);
        return DB_BUSY;
    }
    db_count_error(DB_ERROR);
    db_set_error(d, "%s: %s%s%s", what, msg, state ? " SQLSTATE " : "", state ? state : "");
    return DB_ERROR;
}

/* ---- connections ---- */

/* A password in the target would end up in process lists and logs: refused (libpq reads it
 * from PGPASSFILE or ~/.pgpass). */
static bool has_password(const char *t)
{
    if (strstr(t, "password="))
        return true;
    const char *s = strstr(t, "://");
    if (!s)
        return false;
    s += 3;
    const char *at = strchr(s, '@'), *slash = strchr(s, '/');
    if (!at || (slash && slash < at))
        return false;
    const char *colon = memchr(s, ':', (size_t)(at - s));
    return colon != NULL;
}

static void stmt_clear_result(db_stmt *s);
static void stmt_forget(db_stmt *s);

/* NOTICEs ("relation already exists, skipping") are chatter; warnings are worth a line. */
static void quiet_notices(void *arg, const char *message)
{
    (void)arg;
    if (strncmp(message, "NOTICE", 6) != 0 && strncmp(message, "DEBUG", 5) != 0 &&
        strncmp(message, "INFO", 4) != 0)
        fprintf(stderr, "vanphong: PostgreSQL: %s", message);
}

static int session_setup(PGconn *c)
{
    PQsetNoticeProcessor(c, quiet_notices, NULL);
    /* Text in and out is UTF-8 whatever the server's locale; times are UTC as in the app.
     * No JIT: the visibility rule's hashed subqueries make the planner's estimate of a page's
     * aggregation (the dashboard at 100,000 documents) pass jit_above_cost, and compiling its
     * 111 expressions took 110 ms of a 160 ms statement that runs in 45 ms without (a search at
     * 100,000 documents: 6.9 s of 8.1 s, make bench BACKEND=pg) — the
     * statements here read thousands of rows, never the millions JIT pays off on. */
    if (PQsetClientEncoding(c, "UTF8") != 0)
        return -1;
    PGresult *r = PQexec(c, "SET TIME ZONE 'UTC'; SET jit = off");
    int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    PQclear(r);
    return ok ? 0 : -1;
}

static int pg_connect(const char *target, bool keep_down, db **db_r, char **err_r)
{
    if (has_password(target)) {
        if (err_r && asprintf(err_r, "%s",
                              _("Chuỗi kết nối PostgreSQL không được chứa mật khẩu: hãy đặt mật "
                                "khẩu trong tệp PGPASSFILE hoặc ~/.pgpass.")) < 0)
            *err_r = NULL;
        return -1;
    }
    pg_db *x = calloc(1, sizeof *x);
    if (!x)
        abort();
    db *d = &x->base;
    db_base_init(d, &db_pg_driver, target);
    x->c = PQconnectdb(target);
    if (x->c && PQstatus(x->c) != CONNECTION_OK && keep_down) {
        /* A worker thread started while the server is away: its statements answer DB_ERROR
         * and the next db_thread()/db_stmt_get() tries again. */
        char msg[512];
        snprintf(msg, sizeof msg, "%s", PQerrorMessage(x->c));
        chomp(msg);
        fprintf(stderr, "vanphong: PostgreSQL unreachable, retrying at the next request: %s\n",
                msg);
        *db_r = d;
        return 0;
    }
    if (!x->c || PQstatus(x->c) != CONNECTION_OK || session_setup(x->c) != 0) {
        char msg[512];
        snprintf(msg, sizeof msg, "%s", x->c ? PQerrorMessage(x->c) : "out of memory");
        chomp(msg);
        if (err_r && asprintf(err_r, "PostgreSQL: %s", msg) < 0)
            *err_r = NULL;
        db_close(&d);
        return -1;
    }
    *db_r = d;
    return 0;
}

static int pg_open(const char *target, db **db_r, char **err_r)
{
    return pg_connect(target, false, db_r, err_r);
}

static int pg_open_thread(const char *target, db **db_r, char **err_r)
{
    return pg_connect(target, true, db_r, err_r);
}

static void pg_close(db *d)
{
    if (PGD(d)->c)
        PQfinish(PGD(d)->c);
    free(PGD(d)->id_tables);
    free(d);
}

/* Re-establishes a lost connection, outside a transaction only: statements of a transaction
 * whose link died must keep failing until the caller rolls back, never run in autocommit. */
static void pg_revive(db *d)
{
    pg_db *x = PGD(d);
    if (x->tx_open || PQstatus(x->c) == CONNECTION_OK)
        return;
    db_cache_each(d, stmt_forget);
    PQreset(x->c);
    x->last_table[0] = 0;
    x->last_id_known = false;
    if (PQstatus(x->c) == CONNECTION_OK && session_setup(x->c) == 0) {
        x->resets++;
        fprintf(stderr, "vanphong: PostgreSQL connection re-established\n");
    }
}

/* A connection the server closed while it sat idle (PostgreSQL restarted, a fail-over,
 * pg_terminate_backend) still says CONNECTION_OK until libpq reads from it, so each idle
 * thread's first statement after a restart failed — a login refused on a server that was back.
 * Reading what is pending (the server's goodbye, then the end of the stream) marks it lost, and
 * pg_revive reconnects at once. One poll() with no wait, at a request's or transaction's start
 * (db_thread, db_begin_*), not at every statement. */
static void pg_revive_checked(db *d)
{
    pg_db *x = PGD(d);
    if (!x->tx_open && x->c && PQstatus(x->c) == CONNECTION_OK &&
        PQtransactionStatus(x->c) == PQTRANS_IDLE) {
        struct pollfd p = {.fd = PQsocket(x->c), .events = POLLIN};
        for (int i = 0; i < 4 && p.fd >= 0 && poll(&p, 1, 0) == 1; i++)
            if (!PQconsumeInput(x->c) || PQstatus(x->c) != CONNECTION_OK)
                break;
    }
    pg_revive(d);
}

/* ---- statements ---- */

int pg_count_params(const char *sql)
{
    int maxp = 0;
    for (const char *p = sql; *p; p++) {
        if (*p == '\'') {
            for (p++; *p && !(*p == '\'' && p[1] != '\''); p++)
                if (*p == '\'')
                    p++;
            if (!*p)
                break;
        } else if (*p == '$' && isdigit((unsigned char)p[1])) {
            int n = (int)strtol(p + 1, NULL, 10);
            if (n > maxp)
                maxp = n;
        }
    }
    return maxp;
}

static void stmt_clear_result(db_stmt *s)
{
    pg_stmt *x = PGS(s);
    for (int i = 0; i < x->nblobs; i++)
        if (x->blobs[i]) {
            PQfreemem(x->blobs[i]);
            x->blobs[i] = NULL;
        }
    if (x->res) {
        PQclear(x->res);
        x->res = NULL;
    }
    x->row = x->nrows = 0;
}

/* The server forgot every prepared statement (a new connection). */
static void stmt_forget(db_stmt *s)
{
    pg_stmt *x = PGS(s);
    stmt_clear_result(s);
    for (int i = 0; i < x->nvar; i++)
        free(x->var[i].types);
    x->nvar = 0;
}

static void clear_binds(pg_stmt *x)
{
    for (int i = 0; i < x->np; i++) {
        x->isnull[i] = true;
        x->types[i] = 0;
        x->fmts[i] = 0;
        x->lens[i] = 0;
    }
    x->bind_err = 0;
}

static void pg_stmt_free(db_stmt *s)
{
    pg_stmt *x = PGS(s);
    stmt_forget(s);
    for (int i = 0; i < x->np; i++)
        free(x->vals[i]);
    free(x->vals), free(x->lens), free(x->fmts), free(x->caps), free(x->types), free(x->isnull);
    free(x->blobs), free(x->blob_lens);
    free(x->sql);
    free(x);
}

static db_stmt *pg_stmt_get(db *d, const db_query *q)
{
    pg_revive(d);
    pg_stmt *x = (pg_stmt *)db_cache_find(d, q);
    if (x) {
        stmt_clear_result(&x->base);
        clear_binds(x);
        return &x->base;
    }
    x = calloc(1, sizeof *x);
    if (!x)
        abort();
    x->base.drv = &db_pg_driver;
    x->base.d = d;
    x->base.q = q;
    const char *pg = q->pg;
    if (pg && strncmp(pg, DB_PG_REPLAN, sizeof DB_PG_REPLAN - 1) == 0) {
        x->replan = true;
        pg += sizeof DB_PG_REPLAN - 1;
        if (!*pg)
            pg = NULL;
    }
    if (pg && strncmp(pg, DB_PG_SQLITE, sizeof DB_PG_SQLITE - 1) == 0) {
        x->sql = pg_sql_translate(pg + sizeof DB_PG_SQLITE - 1, &x->np, NULL);
    } else if (pg) {
        x->sql = strdup(pg);
        x->np = pg_count_params(pg);
    } else {
        x->sql = pg_sql_translate(q->sqlite, &x->np, NULL);
    }
    pg_insert_prepare(x, PGD(d));
    size_t n = (size_t)(x->np ? x->np : 1);
    x->vals = calloc(n, sizeof *x->vals);
    x->lens = calloc(n, sizeof *x->lens);
    x->fmts = calloc(n, sizeof *x->fmts);
    x->caps = calloc(n, sizeof *x->caps);
    x->types = calloc(n, sizeof *x->types);
    x->isnull = calloc(n, sizeof *x->isnull);
    if (!x->sql || !x->vals || !x->lens || !x->fmts || !x->caps || !x->types || !x->isnull)
        abort();
    clear_binds(x);
    db_cache_put(d, q, &x->base);
    return &x->base;
}

/* ---- binding ---- */

/* The buffer of parameter idx holding n bytes, or NULL when idx is out of range. */
static char *slot(db_stmt *s, int idx, size_t n)
{
    pg_stmt *x = PGS(s);
    if (idx < 1 || idx > x->np) {
        if (!x->bind_err)
            x->bind_err = idx ? idx : -1;
        return NULL;
    }
    int i = idx - 1;
    if (x->caps[i] < n + 1) {
        size_t cap = n + 1 < 32 ? 32 : n + 1;
        free(x->vals[i]);
        x->vals[i] = malloc(cap);
        if (!x->vals[i])
            abort();
        x->caps[i] = cap;
    }
    x->isnull[i] = false;
    return x->vals[i];
}

static void set_param(db_stmt *s, int idx, Oid type, int fmt, int len)
{
    PGS(s)->types[idx - 1] = type;
    PGS(s)->fmts[idx - 1] = fmt;
    PGS(s)->lens[idx - 1] = len;
}

static void pg_bind_int(db_stmt *s, int idx, int64_t v)
{
    char *b = slot(s, idx, 24);
    if (!b)
        return;
    snprintf(b, 24, "%lld", (long long)v);
    set_param(s, idx, OID_INT8, 0, 0);
}

static void pg_bind_double(db_stmt *s, int idx, double v)
{
    char *b = slot(s, idx, 32);
    if (!b)
        return;
    snprintf(b, 32, "%.17g", v);
    set_param(s, idx, OID_FLOAT8, 0, 0);
}

static void pg_bind_textn(db_stmt *s, int idx, const char *v, size_t n)
{
    /* PostgreSQL text cannot hold NUL: the value ends at the first one, as C callers expect. */
    const char *z = memchr(v, 0, n);
    if (z)
        n = (size_t)(z - v);
    char *b = slot(s, idx, n);
    if (!b)
        return;
    memcpy(b, v, n);
    b[n] = 0;
    set_param(s, idx, 0, 0, 0);
}

static void pg_bind_blob(db_stmt *s, int idx, const void *p, size_t n)
{
    char *b = slot(s, idx, n);
    if (!b)
        return;
    memcpy(b, p, n);
    set_param(s, idx, OID_BYTEA, 1, (int)n);
}

static void pg_bind_null(db_stmt *s, int idx)
{
    if (!slot(s, idx, 0))
        return;
    PGS(s)->isnull[idx - 1] = true;
    set_param(s, idx, 0, 0, 0);
}

/* ---- preparing and stepping ---- */

/* A prepared variant whose types fit the bound ones: NULL fits any type, and a text value
 * (bound as 0, the server's choice) fits a parameter prepare_variant typed as text — one a
 * NULL left undetermined at the first prepare (`?7 IS NULL OR …`). Without that, each call
 * alternating NULL and a text there prepared a new variant, and past PG_MAX_VARIANTS every one
 * was dropped: the home page's list statements were prepared and planned afresh on every
 * request. */
static struct pg_variant *variant_for(pg_stmt *x)
{
    for (int v = 0; v < x->nvar; v++) {
        bool fits = true;
        for (int i = 0; i < x->np && fits; i++)
            fits = x->isnull[i] || x->var[v].types[i] == x->types[i] ||
                   (x->var[v].types[i] == 0 && x->types[i] != OID_BYTEA) ||
                   (x->var[v].types[i] == OID_TEXT && x->types[i] == 0);
        if (fits)
            return &x->var[v];
    }
    return NULL;
}

static int prepare_variant(pg_stmt *x, struct pg_variant **v_r)
{
    db *d = x->base.d;
    pg_db *pd = PGD(d);
    if (x->nvar == PG_MAX_VARIANTS) { /* rare: start again rather than grow without bound */
        for (int i = 0; i < x->nvar; i++) {
            char sql[48];
            snprintf(sql, sizeof sql, "DEALLOCATE %s", x->var[i].name);
            PQclear(PQexec(pd->c, sql));
            free(x->var[i].types);
        }
        x->nvar = 0;
    }
    struct pg_variant *v = &x->var[x->nvar];
    size_t n = (size_t)(x->np ? x->np : 1);
    v->types = calloc(n, sizeof *v->types);
    if (!v->types)
        abort();
    for (int i = 0; i < x->np; i++)
        v->types[i] = x->isnull[i] ? 0 : x->types[i];
    snprintf(v->name, sizeof v->name, "vp%lu", ++pd->name_seq);
    /* A failed PREPARE inside a transaction would abort it: there it runs under a savepoint
     * (once per statement and connection, so the extra round trips do not matter). */
    bool sp = pd->tx_open;
    if (sp)
        PQclear(PQexec(pd->c, "SAVEPOINT vp_prepare"));
    PGresult *r = PQprepare(pd->c, v->name, x->sql, x->np, v->types);
    pd->server_prepares++;
    const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    if (PQresultStatus(r) != PGRES_COMMAND_OK && state &&
        (strcmp(state, "42883") == 0 || strcmp(state, "42804") == 0)) {
        /* A number bound where the SQL compares with text (SQLite does not mind): let the
         * server choose every type but bytea; the values are sent as text anyway. */
        PQclear(r);
        if (sp)
            PQclear(PQexec(pd->c, "ROLLBACK TO SAVEPOINT vp_prepare"));
        for (int i = 0; i < x->np; i++)
            if (v->types[i] != OID_BYTEA)
                v->types[i] = 0;
        r = PQprepare(pd->c, v->name, x->sql, x->np, v->types);
        pd->server_prepares++;
    }
    /* "could not determine the data type of $N" (`?1 IS NULL OR x = ?1`: PostgreSQL types a
     * parameter at its first use, and IS NULL gives none; or a number the SQL never uses):
     * the parameter the server names is tried as text, which is what SQLite would have
     * compared, then — when text meets a number ("bigint = text") — as int8. One parameter at
     * a time, so that the others keep the types the server infers from their columns. */
    int guessed = 0;
    for (int tries = 0; tries < 2 * x->np + 2; tries++) {
        state =
            PQresultStatus(r) == PGRES_COMMAND_OK ? NULL : PQresultErrorField(r, PG_DIAG_SQLSTATE);
        if (!state)
            break;
        int k = 0;
        if (strcmp(state, "42P18") == 0 || strcmp(state, "42P08") == 0) {
            const char *m = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
            const char *at = m ? strstr(m, "parameter $") : NULL;
            k = at ? atoi(at + 11) : 0;
            if (k < 1 || k > x->np || v->types[k - 1] == OID_INT8)
                break;
            v->types[k - 1] = v->types[k - 1] == 0 ? OID_TEXT : OID_INT8;
            guessed = k;
        } else if ((strcmp(state, "42883") == 0 || strcmp(state, "42804") == 0) && guessed &&
                   v->types[guessed - 1] == OID_TEXT) {
            v->types[guessed - 1] = OID_INT8;
        } else {
            break;
        }
        PQclear(r);
        if (sp)
            PQclear(PQexec(pd->c, "ROLLBACK TO SAVEPOINT vp_prepare"));
        r = PQprepare(pd->c, v->name, x->sql, x->np, v->types);
        pd->server_prepares++;
    }
    if (sp)
        PQclear(PQexec(pd->c, PQresultStatus(r) == PGRES_COMMAND_OK
                                  ? "RELEASE vp_prepare"
                                  : "ROLLBACK TO SAVEPOINT vp_prepare; RELEASE vp_prepare"));
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        char what[200];
        snprintf(what, sizeof what, "prepare %s", x->base.q->name);
        int rc = pg_map_error(d, r, what);
        PQclear(r);
        free(v->types);
        v->types = NULL;
        if (rc == DB_ERROR && PQstatus(pd->c) == CONNECTION_OK)
            fprintf(stderr, "vanphong: %s\n", d->err);
        return rc;
    }
    PQclear(r);
    x->nvar++;
    *v_r = v;
    return 0;
}

static void note_changes(pg_db *pd, pg_stmt *x, PGresult *r)
{
    const char *cmd = PQcmdStatus(r);
    if (strncmp(cmd, "INSERT", 6) == 0)
        pg_insert_done(pd, x, r);
    if (strncmp(cmd, "INSERT", 6) == 0 || strncmp(cmd, "UPDATE", 6) == 0 ||
        strncmp(cmd, "DELETE", 6) == 0 || strncmp(cmd, "MERGE", 5) == 0) {
        pd->changes = atoi(PQcmdTuples(r));
        if (!pd->tx_open) /* autocommit: committed now */
            pd->own_writes++;
    }
}

static int pg_step(db_stmt *s)
{
    pg_stmt *x = PGS(s);
    db *d = s->d;
    pg_db *pd = PGD(d);
    if (x->res) {
        for (int i = 0; i < x->nblobs; i++)
            if (x->blobs[i]) {
                PQfreemem(x->blobs[i]);
                x->blobs[i] = NULL;
            }
        if (++x->row < x->nrows)
            return DB_ROW;
        stmt_clear_result(s);
        return DB_DONE;
    }
    if (x->bind_err) {
        db_set_error(d, "bind %s: parameter %d out of range (1..%d)", s->q->name, x->bind_err,
                     x->np);
        return DB_ERROR;
    }
    if (PQstatus(pd->c) != CONNECTION_OK)
        return pg_map_error(d, NULL, s->q->name);
    struct pg_variant *v = variant_for(x);
    int rc;
    if (!v && (rc = prepare_variant(x, &v)) != 0)
        return rc;
    const char *const *vals = (const char *const *)x->vals;
    const char **pv = NULL;
    if (x->np) {
        pv = calloc((size_t)x->np, sizeof *pv);
        if (!pv)
            abort();
        for (int i = 0; i < x->np; i++)
            pv[i] = x->isnull[i] ? NULL : vals[i];
    }
    /* The prepared variant gave the parameters' types; a DB_PG_REPLAN statement then runs as
     * the unnamed statement, which the server plans with these values. */
    PGresult *r = x->replan ? PQexecParams(pd->c, x->sql, x->np, v->types, pv, x->lens, x->fmts, 0)
                            : PQexecPrepared(pd->c, v->name, x->np, pv, x->lens, x->fmts, 0);
    free(pv);
    ExecStatusType st = PQresultStatus(r);
    if (st == PGRES_TUPLES_OK) {
        note_changes(pd, x, r);
        if (PQntuples(r) == 0 || x->returns_id) {
            PQclear(r);
            return DB_DONE;
        }
        x->res = r;
        x->nrows = PQntuples(r);
        x->row = 0;
        int nf = PQnfields(r);
        if (nf > x->nblobs) {
            free(x->blobs), free(x->blob_lens);
            x->blobs = calloc((size_t)nf, sizeof *x->blobs);
            x->blob_lens = calloc((size_t)nf, sizeof *x->blob_lens);
            if (!x->blobs || !x->blob_lens)
                abort();
            x->nblobs = nf;
        }
        return DB_ROW;
    }
    if (st == PGRES_COMMAND_OK) {
        note_changes(pd, x, r);
        PQclear(r);
        return DB_DONE;
    }
    rc = pg_map_error(d, r, s->q->name);
    const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    /* The server dropped the plan (a schema change, or a statement unknown to it): prepare
     * again at the next step. */
    if (state && (strcmp(state, "26000") == 0 || strcmp(state, "0A000") == 0))
        stmt_forget(s);
    PQclear(r);
    return rc;
}

static bool valid_col(pg_stmt *x, int col)
{
    return x->res && col >= 0 && col < PQnfields(x->res) && x->row < x->nrows;
}

static int pg_col_count(db_stmt *s)
{
    return PGS(s)->res ? PQnfields(PGS(s)->res) : 0;
}

static const char *pg_col_text(db_stmt *s, int col)
{
    pg_stmt *x = PGS(s);
    if (!valid_col(x, col) || PQgetisnull(x->res, x->row, col))
        return NULL;
    return PQgetvalue(x->res, x->row, col);
}

static int64_t pg_col_int(db_stmt *s, int col)
{
    const char *v = pg_col_text(s, col);
    if (!v)
        return 0;
    if (v[0] == 't' && !v[1]) /* booleans read as SQLite's 0/1 */
        return 1;
    if (v[0] == 'f' && !v[1])
        return 0;
    if (strpbrk(v, ".eE"))
        return (int64_t)strtod(v, NULL);
    return strtoll(v, NULL, 10);
}

static double pg_col_double(db_stmt *s, int col)
{
    const char *v = pg_col_text(s, col);
    return v ? strtod(v, NULL) : 0.0;
}

static const void *pg_col_blob(db_stmt *s, int col, size_t *n_r)
{
    pg_stmt *x = PGS(s);
    const char *v = pg_col_text(s, col);
    if (!v) {
        if (n_r)
            *n_r = 0;
        return NULL;
    }
    if (PQftype(x->res, col) != OID_BYTEA) {
        if (n_r)
            *n_r = (size_t)PQgetlength(x->res, x->row, col);
        return v;
    }
    if (!x->blobs[col]) {
        /* bytea comes as text, \x hex: decoded once per row and column. */
        x->blobs[col] = PQunescapeBytea((const unsigned char *)v, &x->blob_lens[col]);
        if (!x->blobs[col])
            abort();
    }
    if (n_r)
        *n_r = x->blob_lens[col];
    return x->blobs[col];
}

static bool pg_col_null(db_stmt *s, int col)
{
    pg_stmt *x = PGS(s);
    return !valid_col(x, col) || PQgetisnull(x->res, x->row, col);
}

static void pg_reset(db_stmt *s)
{
    stmt_clear_result(s);
}

static void pg_reset_all(db *d)
{
    db_cache_each(d, stmt_clear_result);
}

static int pg_exec(db_stmt *s)
{
    int rc = pg_step(s);
    if (rc == DB_ROW) {
        stmt_clear_result(s);
        return DB_DONE;
    }
    return rc;
}

/* ---- transactions ---- */

/* Runs a command string (several statements allowed): 0 or a DB_* error. */
static int run(db *d, const char *sql, const char *what)
{
    PGresult *r = PQexec(PGD(d)->c, sql);
    ExecStatusType st = PQresultStatus(r);
    int rc = 0;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
        rc = pg_map_error(d, r, what);
    PQclear(r);
    return rc;
}

static int pg_begin_write(db *d)
{
    pg_revive_checked(d);
    /* One writer at a time across every node: the services read "max + 1" or a counter row
     * inside the write transaction and rely on nobody else writing meanwhile, as on SQLite
     * (BEGIN IMMEDIATE). READ COMMITTED after the lock sees every earlier commit. */
    int rc = run(d,
                 "BEGIN ISOLATION LEVEL READ COMMITTED; SET LOCAL lock_timeout = '" WRITER_LOCK_WAIT
                 "'; SELECT pg_advisory_xact_lock(" VP_STR(WRITER_LOCK_KEY) ")",
                 "begin write");
    if (rc != 0) {
        run(d, "ROLLBACK", "rollback");
        return rc;
    }
    PGD(d)->tx_open = true;
    PGD(d)->tx_write = true;
    return 0;
}

/* Row locks only (db.h db_begin_write_rows): no advisory lock, so a job claim on one node never
 * waits for a registration on another; FOR UPDATE SKIP LOCKED keeps two claimers apart. */
static int pg_begin_write_rows(db *d)
{
    pg_revive_checked(d);
    int rc = run(
        d, "BEGIN ISOLATION LEVEL READ COMMITTED; SET LOCAL lock_timeout = '" WRITER_LOCK_WAIT "'",
        "begin write");
    if (rc != 0) {
        run(d, "ROLLBACK", "rollback");
        return rc;
    }
    PGD(d)->tx_open = true;
    PGD(d)->tx_write = true;
    return 0;
}

static bool pg_lost(db *d)
{
    return !PGD(d)->c || PQstatus(PGD(d)->c) != CONNECTION_OK;
}

static int pg_begin_read(db *d)
{
    pg_revive_checked(d);
    int rc = run(d, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", "begin read");
    if (rc == 0) {
        PGD(d)->tx_open = true;
        PGD(d)->tx_write = false;
    }
    return rc;
}

static bool pg_in_tx(db *d)
{
    return PGD(d)->tx_open;
}

static void pg_rollback(db *d)
{
    pg_reset_all(d);
    PGD(d)->tx_open = false;
    if (PQstatus(PGD(d)->c) == CONNECTION_OK && PQtransactionStatus(PGD(d)->c) != PQTRANS_IDLE) {
        char saved[sizeof d->err];
        memcpy(saved, d->err, sizeof saved);
        run(d, "ROLLBACK", "rollback");
        memcpy(d->err, saved, sizeof saved);
    }
}

static int pg_commit(db *d)
{
    pg_reset_all(d);
    PGresult *r = PQexec(PGD(d)->c, "COMMIT");
    int rc = 0;
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        rc = pg_map_error(d, r, "commit");
    } else if (strcmp(PQcmdStatus(r), "ROLLBACK") == 0) {
        /* A statement of the transaction failed earlier: PostgreSQL rolled it all back. */
        db_count_error(DB_ERROR);
        db_set_error(d, "commit: the transaction was rolled back after an earlier error (%s)",
                     d->err[0] ? d->err : "?");
        rc = DB_ERROR;
    }
    PQclear(r);
    if (rc == 0 && PGD(d)->tx_write)
        PGD(d)->own_writes++;
    PGD(d)->tx_open = false;
    if (rc != 0)
        pg_rollback(d);
    return rc;
}

static int pg_changes(db *d)
{
    return PGD(d)->changes;
}

static const char *pg_errmsg(db *d)
{
    return d->err[0] ? d->err : PQerrorMessage(PGD(d)->c);
}

static int pg_exec_script(db *d, const char *sql, char **err_r)
{
    int rc = run(d, sql, "script");
    PGD(d)->own_writes++;    /* a script may write, whatever its outcome */
    free(PGD(d)->id_tables); /* and add a table: read the list again */
    PGD(d)->id_tables = NULL;
    if (rc != 0 && err_r && asprintf(err_r, "%s", d->err) < 0)
        *err_r = NULL;
    return rc;
}

static void *pg_handle(db *d)
{
    return NULL;
}

const struct db_driver db_pg_driver = {
    .kind = DB_KIND_PG,
    .name = "pg",
    .open = pg_open,
    .open_thread = pg_open_thread,
    .close = pg_close,
    .stmt_free = pg_stmt_free,
    .revive = pg_revive_checked,
    .stmt_get = pg_stmt_get,
    .bind_int = pg_bind_int,
    .bind_double = pg_bind_double,
    .bind_textn = pg_bind_textn,
    .bind_blob = pg_bind_blob,
    .bind_null = pg_bind_null,
    .step = pg_step,
    .col_count = pg_col_count,
    .col_int = pg_col_int,
    .col_double = pg_col_double,
    .col_text = pg_col_text,
    .col_blob = pg_col_blob,
    .col_null = pg_col_null,
    .reset = pg_reset,
    .reset_all = pg_reset_all,
    .exec = pg_exec,
    .begin_write = pg_begin_write,
    .begin_read = pg_begin_read,
    .begin_write_rows = pg_begin_write_rows,
    .lost = pg_lost,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .in_tx = pg_in_tx,
    .last_id = pg_last_id,
    .changes = pg_changes,
    .errmsg = pg_errmsg,
    .exec_script = pg_exec_script,
    .backup = pg_backup,
    .check = pg_check,
    .sqlite_handle = pg_handle,
};
