#ifndef VP_PG_IMPL_H
#define VP_PG_IMPL_H
/* Private to the PostgreSQL driver (pg.c, pg_admin.c) and its unit tests. */
#include <libpq-fe.h>

#include "db/db_impl.h"

#define PG_MAX_VARIANTS 4

/* One server-side prepared statement: its name and the parameter types it was prepared with
 * (0 = left to the server). */
struct pg_variant {
    char name[24];
    Oid *types;
};

typedef struct pg_stmt {
    struct db_stmt base;
    char *sql;             /* the PostgreSQL text (hand-written or translated) */
    char insert_table[64]; /* "INSERT INTO t…": t, for db_last_id; "" otherwise */
    bool returns_id;       /* the driver appended "RETURNING id": its row is db_last_id's */
    bool replan;           /* DB_PG_REPLAN: run unnamed, planned with the values each time */
    int np;                /* parameters: the highest $N */
    char **vals;
    int *lens, *fmts;
    size_t *caps;
    Oid *types;
    bool *isnull;
    int bind_err; /* a bind out of range since db_stmt_get; db_step reports it */
    struct pg_variant var[PG_MAX_VARIANTS];
    int nvar;
    PGresult *res; /* the whole result of the last execution, NULL when none */
    int row, nrows;
    unsigned char **blobs; /* decoded bytea of the current row, by column */
    size_t *blob_lens;
    int nblobs;
} pg_stmt;

typedef struct pg_db {
    struct db base;
    PGconn *c;
    unsigned long name_seq; /* prepared statement names on this connection */
    int server_prepares;    /* PQprepare calls: tests prove the cache is used */
    int changes;
    bool tx_open;        /* between db_begin_* and db_commit/db_rollback, even if the link died */
    bool tx_write;       /* the open transaction is db_begin_write's */
    int resets;          /* reconnections so far */
    uint64_t own_writes; /* commits of writes by this connection (db_pg_own_writes: the memo) */
    char last_table[64]; /* the table of the last INSERT run, for db_last_id */
    int64_t last_id;     /* its id, when that INSERT returned it (returns_id) */
    bool last_id_known;
    char *id_tables; /* "|t1|t2|…|": tables whose primary key is an integer id (NULL: unread) */
} pg_db;

#define PGD(d) ((pg_db *)(d))
#define PGS(s) ((pg_stmt *)(s))

/* Maps a failed result (or a NULL one: the connection) onto DB_* with a message naming
 * `what`. Clears nothing. */
int pg_map_error(db *d, PGresult *res, const char *what);
/* The highest $N of a PostgreSQL text, outside literals. */
int pg_count_params(const char *sql);

/* pg_last_id.c: an INSERT's table (and " RETURNING id" when its primary key is an integer id),
 * when pg.c builds the statement; the id it wrote, when it has run; db_last_id. */
void pg_insert_prepare(pg_stmt *x, pg_db *pd);
void pg_insert_done(pg_db *pd, pg_stmt *x, PGresult *r);
int64_t pg_last_id(db *d);

int pg_backup(db *d, const char *to, char **err_r);
int pg_check(db *d, char **err_r);

#endif
