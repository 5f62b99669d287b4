/* Operator maintenance on PostgreSQL (db.h db_backup, db_check): backups are PostgreSQL's own
 * tools' job; the check is connectivity, a query and migrations current. */
#include <stdio.h>
#include <stdlib.h>

#include "db/pg_impl.h"

int pg_backup(db *d, const char *to, char **err_r)
{
    if (err_r && asprintf(err_r, "%s",
                          "backup: the database is PostgreSQL: use pg_dump (or pg_basebackup) "
                          "for it, and copy the data directory's blobs and keys beside it") < 0)
        *err_r = NULL;
    return -1;
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
