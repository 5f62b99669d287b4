#ifndef VP_SQLITE_IMPL_H
#define VP_SQLITE_IMPL_H
/* Private to the SQLite driver (sqlite.c, maintain.c) and its unit tests: the shapes behind
 * the opaque db and db_stmt of db.h on SQLite. Nothing else includes this. */
#include <sqlite3.h>

#include "db/db_impl.h"

typedef struct sq_stmt {
    struct db_stmt base;
    sqlite3_stmt *st;
    int bind_rc; /* first failed bind since db_stmt_get; db_step reports it */
} sq_stmt;

typedef struct sq_db {
    struct db base;
    sqlite3 *h;
} sq_db;

#define SQ(d) ((sq_db *)(d))
#define SQS(s) ((sq_stmt *)(s))

/* Maps an SQLite result code to DB_* and records a message naming `what`. */
int db_map_rc(db *d, int rc, const char *what);

int sq_backup(db *d, const char *to, char **err_r);
int sq_check(db *d, char **err_r);

#endif
