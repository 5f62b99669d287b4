/* Operator maintenance commands: `vanphong backup` (an online, consistent copy, verified) and
 * `vanphong check` (integrity, foreign keys, migrations at the latest version). app/cli.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/args.h"
#include "app/app.h"
#include "app/cli.h"
#include "audit/audit.h"
#include "base/arena.h"
#include "base/i18n.h"
#include "db/db.h"

static const char backup_help[] =
    "usage: vanphong backup --data DIR --to FILE\n"
    "\n"
    "Copies the database of DIR to FILE while the server keeps running (SQLite's online backup\n"
    "of one consistent snapshot), writes it through a temporary file that is fsynced and\n"
    "renamed, then verifies the copy with an integrity check. Attachment blobs (DIR/blobs) are\n"
    "plain files: copy them with rsync or tar after the database.\n"
    "Exit status 0 when the copy is written and sound.\n";

static const char check_help[] =
    "usage: vanphong check --data DIR\n"
    "\n"
    "Checks the database of DIR: SQLite's integrity check, every foreign key, that all\n"
    "migrations this binary carries are applied, and the audit trail's hash chain (every\n"
    "entry's hash recomputed and linked to the one before; the first broken entry is named\n"
    "by id, time and action). Changes nothing. Prints how many audit entries were verified\n"
    "and the last hash (keep it elsewhere to notice later truncation), then \"ok\" and exits\n"
    "0 when sound; otherwise prints the problems and exits 1.\n";

int cli_backup(int argc, char **argv)
{
    static const char *const values[] = {"--data", "--to", NULL};
    static const char *const flags[] = {NULL};
    static const cli_spec spec = {"vanphong backup", backup_help, values, flags, 0, 0};
    int parsed = cli_parse(argc, argv, &spec);
    if (parsed >= 0)
        return parsed;
    const char *data = cli_opt(argc, argv, "--data"), *to = cli_opt(argc, argv, "--to");
    if (!data || !to) {
        fputs(backup_help, stderr);
        return 2;
    }
    char *err = NULL;
    if (app_open(data, 1, &err) != 0) {
        fprintf(stderr, "vanphong backup: %s\n", err ? err : "cannot open the data directory");
        free(err);
        return 1;
    }
    if (db_backup(db_thread(), to, &err) != 0) {
        fprintf(stderr, "vanphong backup: %s\n", err ? err : "failed");
        free(err);
        return 1;
    }
    db *copy = NULL;
    if (db_open(to, &copy, &err) != 0) {
        fprintf(stderr, "vanphong backup: cannot open the copy: %s\n", err ? err : "?");
        free(err);
        return 1;
    }
    int rc = db_check(copy, &err);
    db_close(&copy);
    if (rc != 0) {
        fprintf(stderr, "vanphong backup: the copy %s is not sound:\n%s", to, err ? err : "");
        free(err);
        return 1;
    }
    struct stat st;
    long long size = stat(to, &st) == 0 ? (long long)st.st_size : -1;
    printf("backup %s: %lld bytes, integrity ok\n", to, size);
    return 0;
}

/* The audit trail's hash chain (audit.h). Needs the chain's columns, so only runs on a
 * database with every migration applied. 0 when intact. */
static int check_audit_chain(db *d)
{
    arena *a = arena_new();
    audit_chain_report r;
    int rc = audit_chain_verify(d, a, &r);
    if (rc == 0)
        printf(_("nhật ký: %lld mục đã kiểm, chuỗi băm nguyên vẹn; băm cuối: %s\n"),
               (long long)r.verified, r.head[0] ? r.head : "-");
    else if (rc == 1)
        printf(_("nhật ký bị can thiệp: mục #%lld (%s, %s): %s; %lld mục trước đó nguyên vẹn\n"),
               (long long)r.broken_id, r.broken_at ? r.broken_at : "?",
               r.broken_action ? r.broken_action : "?", r.reason, (long long)r.verified);
    else
        printf(_("nhật ký: không đọc được để kiểm chuỗi băm: %s\n"), db_errmsg(d));
    arena_free(&a);
    return rc == 0 ? 0 : -1;
}

int cli_check(int argc, char **argv)
{
    static const char *const values[] = {"--data", NULL};
    static const char *const flags[] = {NULL};
    static const cli_spec spec = {"vanphong check", check_help, values, flags, 0, 0};
    int parsed = cli_parse(argc, argv, &spec);
    if (parsed >= 0)
        return parsed;
    const char *data = cli_opt(argc, argv, "--data");
    if (!data) {
        fputs(check_help, stderr);
        return 2;
    }
    /* Not app_open: that would apply pending migrations, and this command must report them
     * and change nothing. */
    char *path = NULL;
    if (asprintf(&path, "%s/vanphong.db", data) < 0)
        abort();
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "vanphong check: no database at %s\n", path);
        free(path);
        return 1;
    }
    db *d = NULL;
    char *err = NULL;
    if (db_open(path, &d, &err) != 0) {
        fprintf(stderr, "vanphong check: %s\n", err ? err : "cannot open");
        free(err);
        free(path);
        return 1;
    }
    free(path);
    int sound = 1;
    if (db_check(d, &err) != 0) {
        fputs(err ? err : "integrity check failed\n", stdout);
        free(err);
        sound = 0;
    }
    char *pending = NULL;
    if (db_migrations_pending(d, &pending) > 0) {
        fputs(pending, stdout);
        sound = 0;
    } else if (check_audit_chain(d) != 0) {
        sound = 0;
    }
    free(pending);
    db_close(&d);
    if (sound)
        puts("ok");
    return sound ? 0 : 1;
}
