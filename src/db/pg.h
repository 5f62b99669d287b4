#ifndef VP_DB_PG_H
#define VP_DB_PG_H
/* The PostgreSQL driver's few extras beyond db.h, for tools (vanphong sql-pg-report) and
 * tests. Services never need them. */
#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"

/* The open target as it may be shown in messages and logs: a password in a URI's user part or
 * a password= keyword is replaced by "***" (malloc'd). db_open refuses such targets anyway;
 * this keeps the refusal itself from echoing the secret. */
char *db_target_redacted(const char *target);
/* True when the connection is a PostgreSQL one. */
bool db_is_pg(db *d);
/* Prepares `sql` (PostgreSQL text) under a throw-away name and deallocates it. 0 when the
 * server accepts it; else -1, the SQLSTATE in sqlstate (6 bytes) and the message in
 * db_errmsg(d). */
int db_pg_try_prepare(db *d, const char *sql, char sqlstate[6]);
/* The stamp of what the connection sees (db/stamp.h) on PostgreSQL: the current snapshot
 * (pg_current_snapshot(): xmin, xmax and the transactions in progress) — equal snapshots see
 * the same committed data, on every node. *xmax_r gets its xmax and *hash_r a hash of all of
 * it. False inside a write transaction (its own changes may be rolled back) or on an error. */
bool db_pg_stamp(db *d, int64_t *xmax_r, int64_t *hash_r);
/* Restores a dump made by db_backup on PostgreSQL (pg_dump --format=custom) into the database
 * of d, which must be empty: pg_restore in one transaction, stopping at the first error. 0 when
 * restored; 1 when the database is not empty (nothing done); -1 on an error (*err_r). */
int db_pg_restore(db *d, const char *dump, char **err_r);
/* The memo's half of the version on PostgreSQL (db/memo.c): how many write transactions (and
 * autocommit writes) this connection has committed, in *n_r. False on SQLite and inside a write
 * transaction, whose uncommitted changes no version can describe. */
bool db_pg_own_writes(db *d, uint64_t *n_r);
/* Reconnections and server-side prepares of this connection so far (tests). */
int db_pg_resets(db *d);
int db_pg_server_prepares(db *d);

#endif
