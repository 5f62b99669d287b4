#ifndef VP_CLI_H
#define VP_CLI_H
/* The CLI commands (operators' scripts rely on these exact forms). Each takes argc/argv
 * after the command word, prints help on --help, errors on stderr, returns the exit code. */
int cli_init(int argc, char **argv);   /* app/cli_init.c: init --data DIR [--demo|--office …] */
int cli_serve(int argc, char **argv);  /* app/cli_serve.c: serve --data DIR [--listen A:P] */
int cli_http(int argc, char **argv);   /* app/cli_serve.c: http --data DIR */
int cli_user(int argc, char **argv);   /* app/cli_user.c: user add|list|disable|… */
int cli_token(int argc, char **argv);  /* app/cli_user.c: token create|list|revoke */
int cli_backup(int argc, char **argv); /* app/cli_admin.c: backup --data DIR --to DIR/|FILE */
int cli_check(int argc, char **argv);  /* app/cli_admin.c: check --data DIR */
int cli_migrate(int argc, char **argv); /* app/cli_db.c: migrate --data DIR [--db URL] */
/* app/cli_db.c: sql-pg-report --statements FILE [--db URL] */
int cli_sql_pg_report(int argc, char **argv);
/* app/cli_restore.c: restore --from BACKUP --data DIR (an empty DIR), then check */
int cli_restore(int argc, char **argv);
/* app/cli_copy_pg.c: copy-to-pg --data DIR --to URL (an SQLite office into PostgreSQL) */
int cli_copy_to_pg(int argc, char **argv);
int cli_import(int argc, char **argv); /* app/cli_import.c: import --data DIR FILE.jsonl */
int cli_bench_search(int argc, char **argv);   /* app/cli_bench.c: bench-search --data DIR … */
int cli_bench_edxml(int argc, char **argv); /* app/cli_bench_edxml.c: bench-edxml */
int cli_bench_workdays(int argc, char **argv); /* app/cli_bench_workdays.c: bench-workdays */
int cli_bench_docgen(int argc, char **argv);   /* app/cli_bench_docgen.c: bench-docgen */
int cli_bench_signing(int argc, char **argv);  /* app/cli_bench_signing.c: bench-signing */
int cli_bench_programmes(int argc, char **argv); /* app/cli_bench_programmes.c */
int cli_bench_conferences(int argc, char **argv); /* app/cli_bench_conferences.c */
int cli_bench_followup(int argc, char **argv); /* app/cli_bench_followup.c */
int cli_bench_reporting(int argc, char **argv); /* app/cli_bench_reporting.c */
int cli_bench_petitions(int argc, char **argv); /* app/cli_bench_petitions.c */
int cli_bench_budget(int argc, char **argv); /* app/cli_bench_budget.c */
int cli_bench_awards(int argc, char **argv); /* app/cli_bench_awards.c */
int cli_bench_archives(int argc, char **argv); /* app/cli_bench_archives.c */
int cli_archive_export(int argc, char **argv); /* app/cli_archive.c */
int cli_bench_partyfees(int argc, char **argv); /* app/cli_bench_partyfees.c */
int cli_bench_memstatus(int argc, char **argv); /* app/cli_bench_memstatus.c */
int cli_peer_key(int argc, char **argv);     /* app/cli_peers.c: peer-key --data DIR */
int cli_bench_peers(int argc, char **argv);  /* app/cli_bench_peers.c */
int cli_routes(int argc, char **argv);         /* app/cli_routes.c: routes (the route table) */

/* app/cli_bench_schedule.c: bench-schedule [--years Y] [--busy N] [--runs N] */
int cli_bench_schedule(int argc, char **argv);
/* app/cli_bench_facilities.c: bench-facilities [--rooms R] [--years Y] [--runs N] */
int cli_bench_facilities(int argc, char **argv);

/* `vanphong reindex --data DIR`: marks every document dirty and rebuilds the index in
 * batches of SEARCH_SYNC_BATCH short transactions (safe while the server runs), with a
 * progress bar on stderr. --files also re-extracts every attachment (queued jobs). */
int cli_reindex(int argc, char **argv); /* app/cli_reindex.c */

#endif
