/* The cost of the store's driver dispatch on the hot path (db_stmt_get, db_bind_*, db_step,
 * db_col_*, db_reset): a point lookup by primary key, repeated, on an SQLite file. Built and
 * run by bench/db_dispatch.sh against the current tree and against a tree before the
 * dispatch (a commit), so the two figures differ only by db.c's forwarding. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db/db.h"

static const db_query q_make = {"b.make", "SELECT 1", NULL};
static const db_query q_ins = {"b.ins", "INSERT INTO t(id, v, s) VALUES (?1, ?2, ?3)", NULL};
static const db_query q_get = {"b.get", "SELECT v, s FROM t WHERE id = ?1", NULL};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 2000000;
    char dir[] = "/tmp/vp-dispatch-XXXXXX", path[64];
    if (!mkdtemp(dir))
        return 1;
    snprintf(path, sizeof path, "%s/b.db", dir);
    db *d = NULL;
    char *err = NULL;
    if (db_open(path, &d, &err) != 0 ||
        db_exec_script(d, "CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER, s TEXT)", &err) != 0)
        return fprintf(stderr, "%s\n", err), 1;
    (void)q_make;
    db_begin_write(d);
    for (int i = 1; i <= 1000; i++) {
        db_stmt *s = db_stmt_get(d, &q_ins);
        db_bind_int(s, 1, i);
        db_bind_int(s, 2, i * 7);
        db_bind_text(s, 3, "Văn phòng Thành ủy");
        db_exec(s);
    }
    db_commit(d);
    int64_t sum = 0;
    /* One read transaction: without it every lookup opens and closes a WAL snapshot, whose
     * cost (and noise) would hide the calls being measured. */
    db_begin_read(d);
    double t0 = now_s();
    for (long i = 0; i < n; i++) {
        db_stmt *s = db_stmt_get(d, &q_get);
        db_bind_int(s, 1, 1 + i % 1000);
        if (db_step(s) == DB_ROW)
            sum += db_col_int(s, 0) + (int64_t)strlen(db_col_text(s, 1));
        db_reset(s);
    }
    double t = now_s() - t0;
    db_rollback(d);
    printf("{\"bench\":\"db_dispatch\",\"lookups\":%ld,\"ns_per_lookup\":%.1f,\"check\":%lld}\n", n,
           t * 1e9 / n, (long long)sum);
    db_close(&d);
    unlink(path);
    rmdir(dir);
    return 0;
}
