/* Operator maintenance on the SQLite store: the online backup and the integrity check
 * (db.h db_backup, db_check). */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/sqlite_impl.h"

/* Pages copied per backup step: short steps keep each call brief; a 1 GB file still needs
 * only a few hundred of them. */
#define BACKUP_STEP_PAGES 1024

static const db_query q_snapshot = {"db.snapshot", "SELECT count(*) FROM sqlite_schema", NULL};
static const db_query q_integrity = {"db.integrity_check", "PRAGMA integrity_check", NULL};
static const db_query q_fk_check = {"db.foreign_key_check", "PRAGMA foreign_key_check", NULL};

static int fail(char **err_r, const char *what, const char *msg)
{
    if (err_r && asprintf(err_r, "%s: %s", what, msg ? msg : "?") < 0)
        *err_r = NULL;
    return -1;
}

static int fsync_path(const char *path, int dir)
{
    int fd = open(path, (dir ? O_RDONLY | O_DIRECTORY : O_RDWR) | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

/* The copy is taken inside one read transaction on the source connection: in WAL mode that
 * is a fixed snapshot which writers do not disturb, so the backup neither restarts under a
 * busy server nor mixes two states, while still being copied in steps. The destination is
 * a temporary file beside the target, fsynced and renamed, so a crash never leaves a
 * half-written file under the backup's name. */
int sq_backup(db *d, const char *to, char **err_r)
{
    if (db_in_tx(d))
        return fail(err_r, "backup", "the connection is inside a transaction");
    char *tmp = NULL;
    if (asprintf(&tmp, "%s.tmp-%ld", to, (long)getpid()) < 0)
        abort();
    unlink(tmp);
    sqlite3 *dst = NULL;
    int ok = 0;
    if (sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        fail(err_r, tmp, dst ? sqlite3_errmsg(dst) : "cannot open");
        goto done;
    }
    if (db_begin_read(d) != 0) {
        fail(err_r, "backup", db_errmsg(d));
        goto done;
    }
    db_stmt *s = db_stmt_get(d, &q_snapshot);
    if (!s || db_step(s) != DB_ROW) {
        fail(err_r, "backup", db_errmsg(d));
        db_rollback(d);
        goto done;
    }
    db_reset(s); /* the snapshot stays: the BEGIN above holds it until commit */
    sqlite3_backup *b = sqlite3_backup_init(dst, "main", SQ(d)->h, "main");
    if (!b) {
        fail(err_r, "backup", sqlite3_errmsg(dst));
        db_rollback(d);
        goto done;
    }
    int rc;
    do {
        rc = sqlite3_backup_step(b, BACKUP_STEP_PAGES);
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
            sqlite3_sleep(20);
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    sqlite3_backup_finish(b);
    db_rollback(d); /* ends the read snapshot */
    if (rc != SQLITE_DONE) {
        fail(err_r, "backup", sqlite3_errstr(rc));
        goto done;
    }
    if (sqlite3_close(dst) != SQLITE_OK) {
        fail(err_r, tmp, "close failed");
        dst = NULL;
        goto done;
    }
    dst = NULL;
    if (fsync_path(tmp, 0) < 0 || rename(tmp, to) < 0) {
        fail(err_r, to, strerror(errno));
        goto done;
    }
    char *dcopy = strdup(to);
    fsync_path(dirname(dcopy), 1);
    free(dcopy);
    ok = 1;
done:
    if (dst)
        sqlite3_close(dst);
    if (!ok)
        unlink(tmp);
    free(tmp);
    return ok ? 0 : -1;
}

int sq_check(db *d, char **err_r)
{
    char *report = NULL;
    size_t rlen = 0;
    FILE *out = open_memstream(&report, &rlen);
    int sound = 1;
    db_stmt *s = db_stmt_get(d, &q_integrity);
    if (!s) {
        fprintf(out, "integrity_check: %s\n", db_errmsg(d));
        sound = 0;
    } else {
        int rc;
        while ((rc = db_step(s)) == DB_ROW) {
            const char *line = db_col_text(s, 0);
            if (!line || strcmp(line, "ok") != 0) {
                fprintf(out, "integrity: %s\n", line ? line : "?");
                sound = 0;
            }
        }
        if (rc < 0) {
            fprintf(out, "integrity_check: %s\n", db_errmsg(d));
            sound = 0;
        }
    }
    s = db_stmt_get(d, &q_fk_check);
    if (!s) {
        fprintf(out, "foreign_key_check: %s\n", db_errmsg(d));
        sound = 0;
    } else {
        int rc;
        /* Rows: table, rowid, parent table, foreign key index. */
        while ((rc = db_step(s)) == DB_ROW) {
            const char *t = db_col_text(s, 0), *p = db_col_text(s, 2);
            fprintf(out, "foreign key: %s row %lld refers to a missing %s row\n", t ? t : "?",
                    (long long)db_col_int(s, 1), p ? p : "?");
            sound = 0;
        }
        if (rc < 0) {
            fprintf(out, "foreign_key_check: %s\n", db_errmsg(d));
            sound = 0;
        }
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
