#ifndef VP_TEST_STORE_H
#define VP_TEST_STORE_H
/* The office's store for a unit-test fixture. Without a PostgreSQL URL in the environment it is
 * the SQLite file DIR/vanphong.db, as the fixtures always had. With VP_TEST_DB_URL (else
 * VP_DB_URL) naming a PostgreSQL server (`sh scripts/test-pg.sh build --unit`), it is a
 * database of the test process's own on that server, as fresh for each fixture as a new file:
 *
 *   - a template is migrated once through the driver (db_migrate: the pg/ migrations) — once
 *     for the whole run when VP_TEST_DB_TEMPLATE names it, else once per process;
 *   - the process's first fixture gets vp_u<pid>, a copy of it (CREATE DATABASE … TEMPLATE);
 *   - every later fixture gets the same database put back to the freshly migrated state
 *     (vp_seed.reset(), below) — a CREATE DATABASE per fixture costs over a second here;
 *   - the database is dropped when the process exits.
 *
 * The URL of a database is the given one with its dbname replaced (a URI's path, or a keyword
 * string's `dbname=`, where the last one counts). The target string goes wherever the SQLite
 * path went (db_open, db_thread_init, config.db_path). Header-only: include it once per test
 * binary, after cmocka.h. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/db.h"

/* The PostgreSQL server the unit suite runs on, or NULL for SQLite. Read once: a test may
 * point VP_DB_URL at its own database afterwards (test_store_env). */
static inline const char *test_store_url(void)
{
    static bool looked;
    static char *url;
    if (!looked) {
        looked = true;
        const char *u = getenv("VP_TEST_DB_URL");
        if (!u || !*u)
            u = getenv("VP_DB_URL");
        if (u && *u && (strncmp(u, "postgres", 8) == 0 || strchr(u, '=')))
            url = strdup(u);
    }
    return url;
}

static inline bool test_store_pg(void)
{
    return test_store_url() != NULL;
}

/* The URL of database NAME on the server of BASE. */
static inline void test_store_url_for(const char *base, const char *name, char *out, size_t n)
{
    const char *s = strstr(base, "://");
    if (!s) {
        snprintf(out, n, "%s dbname=%s", base, name);
        return;
    }
    const char *q = strchr(s + 3, '?');
    const char *slash = strchr(s + 3, '/');
    if (slash && q && q < slash)
        slash = NULL; /* a '/' in the parameters, no path */
    const char *end = slash ? slash : (q ? q : base + strlen(base));
    snprintf(out, n, "%.*s/%s%s", (int)(end - base), base, name, q ? q : "");
}

/* Runs one statement on the server's own database (CREATE/DROP DATABASE cannot run in the
 * database they name). 0 or -1 with *err_r. */
static inline int test_store_admin(const char *sql, char **err_r)
{
    db *adm = NULL;
    if (db_open(test_store_url(), &adm, err_r) != 0)
        return -1;
    int rc = db_exec_script(adm, sql, err_r);
    db_close(&adm);
    return rc;
}

/* Run in the template once migrated: a copy of every row the migrations seeded (schema
 * vp_seed) and vp_seed.reset(), which puts the database back to that state — every table
 * emptied, the seeds put back, every identity after its largest id — in one round trip,
 * without firing triggers or checking references (session_replication_role; the test
 * cluster's user is its superuser). A table a test created itself is emptied too; a trigger
 * or function it created stays: such a test drops it (test_audit). */
static const char test_store_seed_sql[] =
    "CREATE SCHEMA vp_seed;"
    "DO $$ DECLARE r record; n bigint; BEGIN"
    " FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP"
    "  EXECUTE format('SELECT count(*) FROM public.%I', r.tablename) INTO n;"
    "  IF n > 0 THEN EXECUTE format('CREATE TABLE vp_seed.%I AS SELECT * FROM public.%I',"
    "   r.tablename, r.tablename); END IF;"
    " END LOOP; END $$;"
    "CREATE FUNCTION vp_seed.refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
    " RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = '23000'; END $$;"
    "CREATE FUNCTION vp_seed.reset() RETURNS void LANGUAGE plpgsql AS $$"
    " DECLARE r record; BEGIN"
    " FOR r IN SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
    "  JOIN pg_proc p ON p.oid = t.tgfoid"
    "  WHERE p.proname = 'refuse' AND p.pronamespace = 'vp_seed'::regnamespace LOOP"
    "  EXECUTE format('DROP TRIGGER %I ON public.%I', r.tgname, r.relname);"
    " END LOOP;"
    " SET LOCAL session_replication_role = replica;"
    " FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP"
    "  EXECUTE format('DELETE FROM public.%I', r.tablename);"
    " END LOOP;"
    " FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = 'vp_seed' LOOP"
    "  EXECUTE format('INSERT INTO public.%I SELECT * FROM vp_seed.%I', r.tablename,"
    "   r.tablename);"
    " END LOOP;"
    " PERFORM vp_identity_resync();"
    " END $$;";

/* Builds database NAME: created from template0, migrated through the driver, the seeds kept
 * for vp_seed.reset(). */
static inline int test_store_build(const char *name, char **err_r)
{
    char sql[160], target[512];
    snprintf(sql, sizeof sql, "CREATE DATABASE %s TEMPLATE template0", name);
    if (test_store_admin(sql, err_r) != 0)
        return -1;
    test_store_url_for(test_store_url(), name, target, sizeof target);
    db *d = NULL;
    if (db_open(target, &d, err_r) != 0)
        return -1;
    int rc = db_migrate(d, err_r);
    if (rc == 0)
        rc = db_exec_script(d, test_store_seed_sql, err_r);
    db_close(&d);
    return rc;
}

static char test_store_db[64]; /* this process's database, once made */

static inline void test_store_drop_db(void)
{
    char sql[128], *err = NULL;
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", test_store_db);
    if (test_store_admin(sql, &err) != 0)
        fprintf(stderr, "test_store: %s: %s\n", sql, err ? err : "?");
    free(err);
}

/* The template this process copies: VP_TEST_DB_TEMPLATE's database, built by the first
 * process that needs it (under a temporary name, then renamed, so that no process copies a
 * half-built one; scripts/test-pg.sh --unit names one for the whole run, which saves every
 * binary the migrations), else a template of the process's own. */
static inline int test_store_template(char *name, size_t n, char **err_r)
{
    const char *shared = getenv("VP_TEST_DB_TEMPLATE");
    if (!shared || !*shared) {
        snprintf(name, n, "vp_u%ld_t", (long)getpid());
        return test_store_build(name, err_r);
    }
    snprintf(name, n, "%s", shared);
    char sql[256], target[512];
    test_store_url_for(test_store_url(), name, target, sizeof target);
    db *probe = NULL;
    if (db_open(target, &probe, err_r) == 0) { /* built already */
        db_close(&probe);
        return 0;
    }
    free(*err_r);
    *err_r = NULL;
    char tmp[96];
    snprintf(tmp, sizeof tmp, "%s_%ld", name, (long)getpid());
    if (test_store_build(tmp, err_r) != 0)
        return -1;
    snprintf(sql, sizeof sql, "ALTER DATABASE %s RENAME TO %s", tmp, name);
    if (test_store_admin(sql, err_r) != 0) { /* another process was first: use its own */
        free(*err_r);
        *err_r = NULL;
        snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", tmp);
        test_store_admin(sql, err_r);
        free(*err_r);
        *err_r = NULL;
    }
    return 0;
}

/* Opens and migrates the fixture's store: DIR/vanphong.db on SQLite; on PostgreSQL the
 * process's database vp_u<pid>, copied from the migrated template at the first fixture and
 * put back to the freshly migrated state (vp_seed.reset) at every later one — as fresh as a new
 * database for the test, at a fraction of the cost (a CREATE DATABASE copies every file of the
 * template: over a second here, for each of some 250 fixtures). TARGET (N bytes) receives what
 * db_open and db_thread_init take for it. 0, or -1 with *err_r. */
static inline int test_store_open(const char *dir, char *target, size_t n, db **d_r, char **err_r)
{
    if (!test_store_pg()) {
        snprintf(target, n, "%s/vanphong.db", dir);
        if (db_open(target, d_r, err_r) != 0)
            return -1;
        return db_migrate(*d_r, err_r);
    }
    bool fresh = false;
    if (!test_store_db[0]) {
        char tmpl[64], sql[192];
        if (test_store_template(tmpl, sizeof tmpl, err_r) != 0)
            return -1;
        snprintf(test_store_db, sizeof test_store_db, "vp_u%ld", (long)getpid());
        snprintf(sql, sizeof sql, "CREATE DATABASE %s TEMPLATE %s", test_store_db, tmpl);
        if (test_store_admin(sql, err_r) != 0) {
            test_store_db[0] = '\0';
            return -1;
        }
        atexit(test_store_drop_db);
        if (!getenv("VP_TEST_DB_TEMPLATE") || !*getenv("VP_TEST_DB_TEMPLATE")) {
            snprintf(sql, sizeof sql, "DROP DATABASE %s", tmpl); /* the process's own */
            test_store_admin(sql, err_r);
            free(*err_r);
            *err_r = NULL;
        }
        fresh = true;
    }
    test_store_url_for(test_store_url(), test_store_db, target, n);
    if (db_open(target, d_r, err_r) != 0)
        return -1;
    if (!fresh && db_exec_script(*d_r, "SELECT vp_seed.reset()", err_r) != 0) {
        db_close(d_r);
        return -1;
    }
    return 0;
}

/* For a test that runs the commands (`init`, `import`, `check`) on a data directory: they take
 * the store from VP_DB_URL when it is set. On PostgreSQL, points VP_DB_URL at a fresh EMPTY
 * database (as an operator's new database would be; dropped when the process exits); on SQLite
 * the environment is left as it is. */
static char test_store_env_db[64];

static inline void test_store_drop_env_db(void)
{
    char sql[128], *err = NULL;
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", test_store_env_db);
    if (test_store_admin(sql, &err) != 0)
        fprintf(stderr, "test_store: %s: %s\n", sql, err ? err : "?");
    free(err);
}

static inline void test_store_env(void)
{
    if (!test_store_pg())
        return;
    char sql[160], target[512], *err = NULL;
    if (!test_store_env_db[0]) {
        snprintf(test_store_env_db, sizeof test_store_env_db, "vp_u%ld_env", (long)getpid());
        atexit(test_store_drop_env_db);
    }
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", test_store_env_db);
    if (test_store_admin(sql, &err) != 0)
        fprintf(stderr, "test_store: %s: %s\n", sql, err ? err : "?");
    snprintf(sql, sizeof sql, "CREATE DATABASE %s TEMPLATE template0", test_store_env_db);
    if (test_store_admin(sql, &err) != 0) {
        fprintf(stderr, "test_store: %s: %s\n", sql, err ? err : "?");
        abort();
    }
    test_store_url_for(test_store_url(), test_store_env_db, target, sizeof target);
    setenv("VP_DB_URL", target, 1);
}

/* After rows inserted with explicit ids (a fixture's seed): on PostgreSQL every identity
 * continues after its column's largest value (vp_identity_resync, pg/001), as SQLite's rowid
 * always does. Nothing on SQLite. */
static inline void test_store_resync(db *d)
{
    char *err = NULL;
    if (test_store_pg() && db_exec_script(d, "SELECT vp_identity_resync()", &err) != 0) {
        fprintf(stderr, "test_store: vp_identity_resync: %s\n", err ? err : "?");
        abort();
    }
    free(err);
}

/* Closes the fixture's store; on PostgreSQL also the calling thread's connection (a test's
 * db_thread_init points it at the same database), so that the next fixture starts alone. The
 * database itself is dropped when the process exits. */
static inline void test_store_close(db **d, const char *target)
{
    db_close(d);
    if (test_store_pg())
        db_thread_close();
}

/* A trigger NAME refusing every INSERT into TABLE, as a failing store would: on SQLite the
 * test's own SQLITE_TEXT (CREATE [TEMP] TRIGGER … RAISE(ABORT, …), a constraint error); on
 * PostgreSQL a trigger calling vp_seed.refuse, which raises a constraint error (SQLSTATE 23000)
 * too. The next fixture's reset drops it if the test did not. 0 or -1 with *err_r. */
static inline int test_store_refuse_inserts(db *d, const char *name, const char *table,
                                            const char *sqlite_text, char **err_r)
{
    if (!test_store_pg())
        return db_exec_script(d, sqlite_text, err_r);
    char sql[256];
    snprintf(sql, sizeof sql,
             "CREATE TRIGGER %s BEFORE INSERT ON %s FOR EACH ROW EXECUTE FUNCTION"
             " vp_seed.refuse('refused')",
             name, table);
    return db_exec_script(d, sql, err_r);
}

static inline int test_store_drop_trigger(db *d, const char *name, const char *table, char **err_r)
{
    char sql[160];
    if (test_store_pg())
        snprintf(sql, sizeof sql, "DROP TRIGGER %s ON %s", name, table);
    else
        snprintf(sql, sizeof sql, "DROP TRIGGER %s", name);
    return db_exec_script(d, sql, err_r);
}

/* A test about SQLite itself (its file, PRAGMAs, FTS5, the backup API): skipped, with the
 * reason, when the suite runs on PostgreSQL. */
#define TEST_SQLITE_ONLY(why)                                                                      \
    do {                                                                                           \
        if (test_store_pg()) {                                                                     \
            print_message("skipped on PostgreSQL: %s\n", why);                                     \
            skip();                                                                                \
        }                                                                                          \
    } while (0)

#endif
