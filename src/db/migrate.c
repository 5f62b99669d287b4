/* Schema migrations (db.h db_migrate): the embedded src/db/migrations/NNN_name.sql files (on
 * PostgreSQL src/db/migrations/pg/NNN_name.sql: the same numbers and names), in number order,
 * each applied once in its own write transaction and recorded in schema_version (the same
 * table on both). Several processes may start at once (serve + a CLI command, or several
 * nodes): the version is re-checked inside the write transaction — which on PostgreSQL holds
 * the writers' advisory lock — so a migration never runs twice. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/embed.h"
#include "db/db_impl.h"

#define MIGRATION_PREFIX "src/db/migrations/"
#define MIGRATION_PREFIX_PG "src/db/migrations/pg/"
#define MIGRATION_SUFFIX ".sql"

static const char schema_version_ddl[] = "CREATE TABLE IF NOT EXISTS schema_version ("
                                         " version INTEGER PRIMARY KEY,"
                                         " name TEXT NOT NULL,"
                                         " applied_at TEXT NOT NULL"
                                         ") STRICT;";
static const char schema_version_ddl_pg[] = "CREATE TABLE IF NOT EXISTS schema_version ("
                                            " version BIGINT PRIMARY KEY,"
                                            " name TEXT NOT NULL,"
                                            " applied_at TEXT NOT NULL"
                                            ")";

static const db_query q_version_applied = {"db.version_applied",
                                           "SELECT 1 FROM schema_version WHERE version = ?1", NULL};
static const db_query q_version_record = {
    "db.version_record",
    "INSERT INTO schema_version(version, name, applied_at) VALUES (?1, ?2, ?3)", NULL};

static const db_query q_has_version_table = {
    "db.has_version_table",
    "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_version'",
    "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema()"
    " AND table_name = 'schema_version'"};

static int by_path(const void *a, const void *b)
{
    const struct embedded_file *const *x = a, *const *y = b;
    return strcmp((*x)->path, (*y)->path);
}

int db_migration_list(const struct embedded_file ***files_r, size_t *n_r)
{
    return db_migration_list_in(MIGRATION_PREFIX, files_r, n_r);
}

/* The files directly in the folder `prefix` (subfolders are other dialects). */
int db_migration_list_in(const char *prefix, const struct embedded_file ***files_r, size_t *n_r)
{
    size_t n = 0;
    for (const struct embedded_file *f = embedded_files; f->path; f++)
        n++;
    const struct embedded_file **v = calloc(n + 1, sizeof *v);
    if (!v)
        abort();
    size_t k = 0, plen = strlen(prefix), slen = strlen(MIGRATION_SUFFIX);
    for (const struct embedded_file *f = embedded_files; f->path; f++) {
        size_t len = strlen(f->path);
        if (len > plen + slen && strncmp(f->path, prefix, plen) == 0 &&
            strcmp(f->path + len - slen, MIGRATION_SUFFIX) == 0 && !strchr(f->path + plen, '/'))
            v[k++] = f;
    }
    qsort(v, k, sizeof *v, by_path);
    *files_r = v;
    *n_r = k;
    return 0;
}

int64_t db_migration_version(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (*base < '0' || *base > '9')
        return -1;
    char *end;
    long long v = strtoll(base, &end, 10);
    return *end == '_' || *end == '.' ? v : -1;
}

/* 1 applied, 0 not, or a DB_* error. */
static int is_applied(db *d, int64_t version)
{
    db_stmt *s = db_stmt_get(d, &q_version_applied);
    if (!s)
        return DB_ERROR;
    db_bind_int(s, 1, version);
    int rc = db_step(s);
    db_reset(s);
    return rc == DB_ROW ? 1 : rc;
}

static int apply_one(db *d, const struct embedded_file *f, int64_t version, char **err_r)
{
    const char *name = strrchr(f->path, '/') + 1;
    char *msg = NULL;
    int rc = db_begin_write(d);
    if (rc != 0)
        goto fail;
    rc = is_applied(d, version);
    if (rc == 1) { /* another process got there first */
        db_rollback(d);
        return 0;
    }
    if (rc < 0)
        goto fail;
    if ((rc = db_exec_script(d, (const char *)f->data, &msg)) != 0)
        goto fail;
    char now[32];
    clock_iso(clock_now(), now, sizeof now);
    db_stmt *s = db_stmt_get(d, &q_version_record);
    if (!s) {
        rc = DB_ERROR;
        goto fail;
    }
    db_bind_int(s, 1, version);
    db_bind_text(s, 2, name);
    db_bind_text(s, 3, now);
    if ((rc = db_exec(s)) != DB_DONE)
        goto fail;
    if ((rc = db_commit(d)) != 0)
        goto fail;
    return 0;
fail:
    if (err_r && asprintf(err_r, "migration %s: %s", name, msg ? msg : db_errmsg(d)) < 0)
        *err_r = NULL;
    free(msg);
    db_rollback(d);
    return -1;
}

/* The dialect's migrations; on PostgreSQL an empty list is an error (a build without the
 * src/db/migrations/pg files cannot create a schema there). */
static int list_for(db *d, const struct embedded_file ***v_r, size_t *n_r, char **err_r)
{
    bool pg = db_kind_of(d) == DB_KIND_PG;
    db_migration_list_in(pg ? MIGRATION_PREFIX_PG : MIGRATION_PREFIX, v_r, n_r);
    if (pg && *n_r == 0) {
        free(*v_r);
        if (err_r && asprintf(err_r,
                              "PostgreSQL: this build embeds no migrations for it (%s*.sql "
                              "is empty); rebuild with the PostgreSQL schema files\n",
                              MIGRATION_PREFIX_PG) < 0)
            *err_r = NULL;
        return -1;
    }
    return 0;
}

int db_migrate(db *d, char **err_r)
{
    const struct embedded_file **v;
    size_t n;
    if (list_for(d, &v, &n, err_r) < 0)
        return -1;
    if (db_exec_script(d, db_kind_of(d) == DB_KIND_PG ? schema_version_ddl_pg : schema_version_ddl,
                       err_r) != 0) {
        free(v);
        return -1;
    }
    int64_t prev = -1;
    for (size_t i = 0; i < n; i++) {
        int64_t version = db_migration_version(v[i]->path);
        if (version <= 0 || version == prev) {
            if (err_r && asprintf(err_r, "migration %s: the name must start with a unique number",
                                  v[i]->path) < 0)
                *err_r = NULL;
            free(v);
            return -1;
        }
        prev = version;
        int rc = is_applied(d, version);
        if (rc < 0) {
            if (err_r && asprintf(err_r, "schema_version: %s", db_errmsg(d)) < 0)
                *err_r = NULL;
            free(v);
            return -1;
        }
        if (rc == 0 && apply_one(d, v[i], version, err_r) < 0) {
            free(v);
            return -1;
        }
    }
    free(v);
    return 0;
}

int db_migrations_pending(db *d, char **report_r)
{
    const struct embedded_file **v;
    size_t n;
    char *lerr = NULL;
    if (list_for(d, &v, &n, &lerr) < 0) {
        if (report_r)
            *report_r = lerr;
        else
            free(lerr);
        return 1;
    }
    char *report = NULL;
    size_t rlen = 0;
    FILE *out = open_memstream(&report, &rlen);
    int pending = 0;
    /* A database never migrated has no version table: everything is pending. */
    db_stmt *s = db_stmt_get(d, &q_has_version_table);
    int has_table = s && db_step(s) == DB_ROW;
    db_reset(s);
    for (size_t i = 0; i < n; i++) {
        int64_t version = db_migration_version(v[i]->path);
        int rc = has_table ? is_applied(d, version) : 0;
        if (rc != 1) {
            pending++;
            fprintf(out, "migration not applied: %s\n", strrchr(v[i]->path, '/') + 1);
        }
    }
    fclose(out);
    free(v);
    if (report_r)
        *report_r = report;
    else
        free(report);
    return pending;
}
