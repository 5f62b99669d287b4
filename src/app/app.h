#ifndef VP_APP_H
#define VP_APP_H
/* The composition root: opening a data directory and wiring every module into the program.
 * Nothing includes app/ (make check-layers). */

/* Sets `config` (base/config.h) from the data directory, creates its folders, registers the
 * modules' database hooks, opens the calling thread's connection, applies migrations, hands
 * the front ends their handler and registers routes. 0 or -1 with *err_r (malloc'd). With
 * must_exist, fails when the data directory has no database (serve, http, backup, check). */
int app_open(const char *data_dir, int must_exist, char **err_r);

/* The database: `--db URL` given to a command (app_set_db_url), else the environment's
 * VP_DB_URL, else the SQLite file DATA/vanphong.db. A URL is a PostgreSQL connection string
 * (postgresql://… or host=… dbname=…) and never holds a password (db_open refuses one: libpq
 * reads it from PGPASSFILE or ~/.pgpass). The data directory still holds blobs, keys and the
 * NSS database either way. app_db_path returns a malloc'd string. */
void app_set_db_url(const char *url);
char *app_db_path(const char *data_dir);
/* True when the database is not the data directory's SQLite file. */
int app_db_is_url(void);

/* Registers every module's start-up hooks — record kinds and page sections (web/records.h),
 * job kinds, the recall of registered copies — so that modules below a capability can reach
 * it (app/routes.c). Idempotent; app_open calls it, and so do tests that open a database
 * themselves. */
void app_init(void);
/* Registers every module's routes (app/routes.c). */
void app_routes(void);
/* GET /readyz and GET /metrics (app/ops.c). */
void ops_routes(void);

#endif
