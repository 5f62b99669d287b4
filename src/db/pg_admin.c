/* Operator maintenance on PostgreSQL (db.h db_backup, db_check; pg.h db_pg_restore): a backup
 * is PostgreSQL's own logical dump (pg_dump --format=custom), read back whole by pg_restore
 * --list before it takes its name; a restore is pg_restore into an empty database; the check
 * is connectivity, a query and migrations current. */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "db/pg.h"
#include "db/pg_impl.h"

static void set_err(char **err_r, const char *fmt, const char *a, const char *b)
{
    if (err_r && asprintf(err_r, fmt, a, b) < 0)
        *err_r = NULL;
}

/* The connection's own parameters as a libpq keyword string for the tools (pg_dump and
 * pg_restore read a password the same way the driver does: PGPASSFILE or ~/.pgpass; db_open
 * refuses one in the target, so there is none to leave out but the check costs nothing). */
static char *conninfo_of(PGconn *c)
{
    PQconninfoOption *o = PQconninfo(c);
    if (!o)
        return NULL;
    char *s = NULL;
    size_t n = 0;
    bool first = true;
    FILE *f = open_memstream(&s, &n);
    for (PQconninfoOption *p = o; p->keyword; p++) {
        if (!p->val || !*p->val || strcmp(p->keyword, "password") == 0)
            continue;
        fprintf(f, "%s%s='", first ? "" : " ", p->keyword);
        first = false;
        for (const char *v = p->val; *v; v++) {
            if (*v == '\'' || *v == '\\')
                fputc('\\', f);
            fputc(*v, f);
        }
        fputc('\'', f);
    }
    fclose(f);
    PQconninfoFree(o);
    return s;
}

/* Runs a PostgreSQL client tool (found on PATH) and waits; its stdout is dropped when quiet,
 * its stderr is the operator's. 0 when it exits 0. */
static int run_tool(char *const argv[], bool quiet)
{
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        if (quiet) {
            int fd = open("/dev/null", O_WRONLY);
            if (fd >= 0)
                dup2(fd, 1);
        }
        execvp(argv[0], argv);
        fprintf(stderr, "%s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

static int fsync_path(const char *path)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

int pg_backup(db *d, const char *to, char **err_r)
{
    char *ci = conninfo_of(PGD(d)->c);
    if (!ci) {
        set_err(err_r, "%s%s", "backup: PostgreSQL: no connection parameters", "");
        return -1;
    }
    char *tmp = NULL, *dbarg = NULL;
    int rc = -1;
    if (asprintf(&tmp, "%s.part", to) < 0 || asprintf(&dbarg, "--dbname=%s", ci) < 0) {
        tmp = dbarg = NULL;
        goto out;
    }
    /* One consistent snapshot of the whole database while the nodes keep writing (pg_dump's
     * own transaction); no owner or grants, so it restores under any role. */
    char *dump[] = {
        "pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", tmp, dbarg, NULL};
    if (run_tool(dump, false) != 0) {
        set_err(err_r, "backup: pg_dump failed (%s)%s", to, "");
        goto out;
    }
    chmod(tmp, 0600);
    /* Read back: pg_restore lists the archive's every entry or fails on a cut file. */
    char *list[] = {"pg_restore", "--list", tmp, NULL};
    if (run_tool(list, true) != 0) {
        set_err(err_r, "backup: pg_restore --list cannot read the dump %s%s", tmp, "");
        goto out;
    }
    if (fsync_path(tmp) != 0 || rename(tmp, to) != 0) {
        set_err(err_r, "backup: %s: %s", to, strerror(errno));
        goto out;
    }
    rc = 0;
out:
    if (rc != 0 && tmp)
        unlink(tmp);
    free(tmp);
    free(dbarg);
    free(ci);
    return rc;
}

int db_pg_restore(db *d, const char *dump, char **err_r)
{
    if (!db_is_pg(d)) {
        set_err(err_r, "%s%s", "restore: not a PostgreSQL database", "");
        return -1;
    }
    PGconn *c = PGD(d)->c;
    /* Never over data: any table, view or sequence already in the schema refuses. */
    PGresult *r = PQexec(c, "SELECT count(*) FROM pg_class k JOIN pg_namespace n ON n.oid ="
                            " k.relnamespace WHERE n.nspname = current_schema()");
    bool empty = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 &&
                 strcmp(PQgetvalue(r, 0, 0), "0") == 0;
    bool answered = PQresultStatus(r) == PGRES_TUPLES_OK;
    PQclear(r);
    if (!answered) {
        set_err(err_r, "restore: PostgreSQL: %s%s", PQerrorMessage(c), "");
        return -1;
    }
    if (!empty) {
        set_err(err_r, "%s%s", "restore: the PostgreSQL database is not empty", "");
        return 1;
    }
    char *ci = conninfo_of(c), *dbarg = NULL;
    if (!ci || asprintf(&dbarg, "--dbname=%s", ci) < 0) {
        free(ci);
        set_err(err_r, "%s%s", "restore: PostgreSQL: no connection parameters", "");
        return -1;
    }
    /* All or nothing: one transaction, stopping at the first error. */
    char *argv[] = {"pg_restore",           "--no-owner", "--no-privileges", "--exit-on-error",
                    "--single-transaction", dbarg,        (char *)dump,      NULL};
    int rc = run_tool(argv, false);
    free(dbarg);
    free(ci);
    if (rc != 0)
        set_err(err_r, "restore: pg_restore failed (%s)%s", dump, "");
    return rc == 0 ? 0 : -1;
}

int pg_check(db *d, char **err_r)
{
    char *report = NULL;
    size_t rlen = 0;
    FILE *out = open_memstream(&report, &rlen);
    int sound = 1;
    PGconn *c = PGD(d)->c;
    if (PQstatus(c) != CONNECTION_OK) {
        fprintf(out, "PostgreSQL: not connected: %s", PQerrorMessage(c));
        sound = 0;
    } else {
        PGresult *r = PQexec(c, "SELECT 1");
        if (PQresultStatus(r) != PGRES_TUPLES_OK) {
            fprintf(out, "PostgreSQL: SELECT 1: %s", PQresultErrorMessage(r));
            sound = 0;
        }
        PQclear(r);
        char *pending = NULL;
        if (sound && db_migrations_pending(d, &pending) > 0) {
            fprintf(out, "%s", pending ? pending : "migrations pending\n");
            sound = 0;
        }
        free(pending);
    }
    fclose(out);
    if (sound) {
        free(report);
        return 0;
    }
    if (err_r)
        *err_r = report;
    else
        free(report);
    return -1;
}
