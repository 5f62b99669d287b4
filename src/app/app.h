#ifndef VP_APP_H
#define VP_APP_H
/* Process-wide configuration, set once at start-up before any thread starts. */

struct app_config {
    const char *data_dir; /* ./data by default */
    const char *db_path;  /* data_dir/vanphong.db */
    const char *blob_dir; /* data_dir/blobs */
    const char *tmp_dir;  /* data_dir/tmp: uploads stream here, then rename into blobs */
};

extern struct app_config app;

/* Sets `app` from the data directory, creates its folders, opens the calling thread's
 * connection, applies migrations, registers routes. 0 or -1 with *err_r (malloc'd). With
 * must_exist, fails when the data directory has no database (serve, http, backup, check). */
int app_open(const char *data_dir, int must_exist, char **err_r);

/* Registers every module's routes (app/routes.c). */
void app_routes(void);

/* Hooks run on every new database connection (e.g. registering the FTS5 tokenizer). */
typedef int (*db_open_hook)(void *sqlite_handle);
void app_add_db_hook(db_open_hook fn);
int app_run_db_hooks(void *sqlite_handle);

/* Parses the usual "--data DIR" style options: returns the value following `name` in argv,
 * or NULL. */
const char *cli_opt(int argc, char **argv, const char *name);
int cli_has(int argc, char **argv, const char *name);

#endif
