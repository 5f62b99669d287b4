/* The PostgreSQL driver's extras beyond db.h (db/pg.h), apart from the driver proper (pg.c):
 * what tools (`vanphong sql-pg-report`), tests and the caches' versions (db/stamp.c,
 * db/memo.c) ask of a PostgreSQL connection. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/pg.h"
#include "db/pg_impl.h"

#define OID_TEXT 25

bool db_is_pg(db *d)
{
    return d && d->drv == &db_pg_driver;
}

int db_pg_resets(db *d)
{
    return db_is_pg(d) ? PGD(d)->resets : 0;
}

int db_pg_server_prepares(db *d)
{
    return db_is_pg(d) ? PGD(d)->server_prepares : 0;
}

bool db_pg_own_writes(db *d, uint64_t *n_r)
{
    if (!db_is_pg(d) || (PGD(d)->tx_open && PGD(d)->tx_write))
        return false;
    *n_r = PGD(d)->own_writes;
    return true;
}

bool db_pg_stamp(db *d, int64_t *xmax_r, int64_t *hash_r)
{
    pg_db *pd = PGD(d);
    if (!db_is_pg(d) || (pd->tx_open && pd->tx_write) || PQstatus(pd->c) != CONNECTION_OK)
        return false;
    PGresult *r = PQexec(pd->c, "SELECT pg_current_snapshot()::text");
    bool ok = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1;
    if (ok) {
        /* xmin:xmax:xip,… — FNV-1a over the whole text; xmax alone as the version. */
        const char *v = PQgetvalue(r, 0, 0), *colon = strchr(v, ':');
        uint64_t h = 1469598103934665603ULL;
        for (const char *p = v; *p; p++)
            h = (h ^ (unsigned char)*p) * 1099511628211ULL;
        *xmax_r = colon ? strtoll(colon + 1, NULL, 10) : 0;
        *hash_r = (int64_t)h;
    }
    PQclear(r);
    return ok;
}

int db_pg_try_prepare(db *d, const char *sql, char sqlstate[6])
{
    memset(sqlstate, 0, 6);
    pg_db *pd = PGD(d);
    PGresult *r = PQprepare(pd->c, "vp_try", sql, 0, NULL);
    const char *st0 = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    if (PQresultStatus(r) != PGRES_COMMAND_OK && st0 &&
        (strcmp(st0, "42P18") == 0 || strcmp(st0, "42P08") == 0)) {
        /* As the driver does (prepare_variant): undetermined parameters are text. */
        int np = pg_count_params(sql);
        Oid *types = calloc((size_t)(np ? np : 1), sizeof *types);
        if (!types)
            abort();
        for (int i = 0; i < np; i++)
            types[i] = OID_TEXT;
        PQclear(r);
        r = PQprepare(pd->c, "vp_try", sql, np, types);
        free(types);
    }
    int rc = 0;
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        const char *st = PQresultErrorField(r, PG_DIAG_SQLSTATE);
        if (st)
            snprintf(sqlstate, 6, "%.5s", st);
        pg_map_error(d, r, "prepare");
        rc = -1;
    } else {
        PGresult *r2 = PQexec(pd->c, "DEALLOCATE vp_try");
        PQclear(r2);
    }
    PQclear(r);
    return rc;
}
