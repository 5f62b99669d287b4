/* db_last_id on PostgreSQL: the id of the row the last INSERT statement wrote, as SQLite's
 * last_insert_rowid — never one a trigger wrote (the search index's triggers insert into
 * search_docs and jobs after every document and attachment). pg.c calls pg_insert_prepare when
 * it builds a statement and pg_insert_done when an INSERT has run. */
#include "db/pg_impl.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The table of an "INSERT INTO t" text (db_last_id asks for t's id sequence). */
static void insert_table(const char *sql, char *out, size_t n)
{
    out[0] = 0;
    while (isspace((unsigned char)*sql))
        sql++;
    if (strncasecmp(sql, "INSERT", 6) != 0)
        return;
    const char *p = strcasestr(sql, " INTO ");
    if (!p)
        return;
    p += 6;
    while (isspace((unsigned char)*p))
        p++;
    size_t k = 0;
    while (p[k] && (isalnum((unsigned char)p[k]) || p[k] == '_' || p[k] == '.') && k + 1 < n)
        k++;
    memcpy(out, p, k);
    out[k] = 0;
}

/* The tables whose primary key is one integer column `id` — SQLite's rowid alias, so that the
 * row an INSERT returns is what last_insert_rowid would have said. Read once a connection (and
 * again after a script: a migration may add a table). When the catalogue cannot be read (a
 * transaction an earlier error aborted), "" this time and a new try at the next statement:
 * db_last_id then asks the sequence as before. */
static const char *id_tables(pg_db *pd)
{
    if (pd->id_tables)
        return pd->id_tables;
    PGresult *r = PQexec(pd->c, "SELECT '|' || string_agg(c.relname, '|') || '|' FROM pg_index i"
                                " JOIN pg_class c ON c.oid = i.indrelid JOIN pg_attribute a ON"
                                " a.attrelid = c.oid AND a.attnum = i.indkey[0]"
                                " WHERE i.indisprimary AND i.indnatts = 1 AND a.attname = 'id'"
                                " AND a.atttypid IN (20, 21, 23) AND pg_table_is_visible(c.oid)");
    bool ok = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 && !PQgetisnull(r, 0, 0);
    if (ok && !(pd->id_tables = strdup(PQgetvalue(r, 0, 0))))
        abort();
    PQclear(r);
    return ok ? pd->id_tables : "";
}

/* An INSERT into such a table without a RETURNING of its own gets " RETURNING id": db_last_id
 * then costs nothing, where asking the sequence took three more round trips (a savepoint,
 * currval, its release) after every insert — 13,000 for an import of 10,000 documents. Only
 * for an INSERT that begins the text (not one inside a WITH) and has no RETURNING. */
static void append_returning(pg_stmt *x, pg_db *pd)
{
    char key[72];
    if (!x->insert_table[0] || strchr(x->insert_table, '.') ||
        strcasestr(x->sql, "RETURNING") != NULL)
        return;
    snprintf(key, sizeof key, "|%s|", x->insert_table);
    if (!strstr(id_tables(pd), key))
        return;
    size_t n = strlen(x->sql);
    while (n > 0 && (isspace((unsigned char)x->sql[n - 1]) || x->sql[n - 1] == ';'))
        n--;
    char *sql = NULL;
    if (asprintf(&sql, "%.*s RETURNING id", (int)n, x->sql) < 0)
        abort();
    free(x->sql);
    x->sql = sql;
    x->returns_id = true;
}

void pg_insert_prepare(pg_stmt *x, pg_db *pd)
{
    insert_table(x->sql, x->insert_table, sizeof x->insert_table);
    append_returning(x, pd);
}

void pg_insert_done(pg_db *pd, pg_stmt *x, PGresult *r)
{
    if (!x->insert_table[0])
        return;
    memcpy(pd->last_table, x->insert_table, sizeof pd->last_table);
    /* The last row returned, as last_insert_rowid names the last row inserted; none (ON
     * CONFLICT DO NOTHING skipped it) leaves the previous value, as SQLite does. */
    if (x->returns_id && PQntuples(r) > 0) {
        pd->last_id = strtoll(PQgetvalue(r, PQntuples(r) - 1, 0), NULL, 10);
        pd->last_id_known = true;
    } else if (!x->returns_id) {
        pd->last_id_known = false;
    }
}

/* One value from a query that may fail; inside a transaction under a savepoint, so that the
 * failure does not abort it. */
static bool query_int(pg_db *pd, const char *sql, const char *param, int64_t *v_r)
{
    bool sp = pd->tx_open;
    if (sp)
        PQclear(PQexec(pd->c, "SAVEPOINT vp_last_id"));
    PGresult *r =
        PQexecParams(pd->c, sql, param ? 1 : 0, NULL, param ? &param : NULL, NULL, NULL, 0);
    bool ok = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 && !PQgetisnull(r, 0, 0);
    if (ok)
        *v_r = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
    PQclear(r);
    if (sp)
        PQclear(PQexec(pd->c, ok ? "RELEASE vp_last_id"
                                 : "ROLLBACK TO SAVEPOINT vp_last_id; RELEASE vp_last_id"));
    return ok;
}

int64_t pg_last_id(db *d)
{
    pg_db *pd = PGD(d);
    int64_t id = 0;
    if (pd->last_id_known)
        return pd->last_id;
    /* SQLite's last_insert_rowid is the row of the last INSERT statement, never one a trigger
     * inserted: so the current value of that table's id sequence, not lastval() (which a
     * trigger's insert into another table would move). lastval() only for a table without
     * an id sequence. currval fails in a session that has not used the sequence (an explicit
     * id): a savepoint keeps a transaction alive. */
    if (pd->last_table[0] &&
        query_int(pd, "SELECT currval(pg_get_serial_sequence($1, 'id'))", pd->last_table, &id))
        return id;
    if (query_int(pd, "SELECT lastval()", NULL, &id))
        return id;
    return 0;
}
