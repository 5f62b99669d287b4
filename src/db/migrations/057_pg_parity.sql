-- Issue 16 (the HTTP suite on PostgreSQL): nothing changes in the SQLite schema. The number is
-- recorded so that both stores keep the same migration list; its PostgreSQL twin
-- (pg/057_pg_parity.sql) adds what SQLite provides by itself:
-- - fu_status(), follow-up's status rule in SQL: on SQLite a C function registered on each
--   connection (followup.c, fu_sql_open_hook), on PostgreSQL a SQL function;
-- - edxml_organs.id: on SQLite an organ's public id (its URL) is the implicit rowid, which
--   PostgreSQL has not.
SELECT 1;
