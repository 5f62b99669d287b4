#ifndef VP_PG_SQL_H
#define VP_PG_SQL_H
/* The mechanical SQLite → PostgreSQL translation of a statement's text, used by the
 * PostgreSQL driver when a db_query has no hand-written `pg` text (db.h), and by the report
 * of what still needs one (vanphong sql-pg-report). A pure function: no connection, no state.
 *
 * Rules (each in pg_sql.c, tested in tests/unit/test_pg_sql.c): ?N → $N (a bare ? takes the
 * next number); IFNULL → COALESCE; GROUP_CONCAT(x[, sep]) → string_agg((x)::text, sep);
 * INSERT OR IGNORE → INSERT … ON CONFLICT DO NOTHING; date/datetime/time/strftime/julianday
 * with 'now', a column or a parameter and interval modifiers → to_char/extract over a
 * timestamp; LIKE → ILIKE (SQLite's LIKE folds ASCII case); two-argument min/max → LEAST/
 * GREATEST; instr → strpos; total(x) → COALESCE(sum(x), 0); IS ?N → IS NOT DISTINCT FROM;
 * CAST(… AS INTEGER/REAL) → BIGINT/DOUBLE PRECISION; == → =; sqlite_schema/sqlite_master →
 * a subquery over information_schema and pg_indexes; last_insert_rowid() → lastval(); a
 * derived table without alias gets one; IN (SELECT value FROM json_each(?N)) →
 * json_array_elements_text (bigint for an …id column); sum/max/min/avg of a comparison → of
 * its ::int; SQLite's unary +column → column. docs/POSTGRESQL.md has the table.
 * String literals, quoted identifiers and comments are copied untouched. What cannot be
 * translated mechanically (FTS5 MATCH, bm25, snippet, rowid, PRAGMA, INSERT OR REPLACE, json_*,
 * printf, 'localtime', …) is copied as is and named in *warn_r. */

/* Returns the PostgreSQL text (malloc'd). *nparams_r (may be NULL) gets the highest parameter
 * number; *warn_r (may be NULL) gets NULL, or a malloc'd "; "-separated list of what was left
 * untranslated. */
char *pg_sql_translate(const char *sqlite_sql, int *nparams_r, char **warn_r);

#endif
