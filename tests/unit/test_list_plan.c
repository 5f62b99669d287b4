/* The register lists must not sort the whole table for each page (make bench measured it):
 * their ORDER BY is answered by an index, which SQLite's query plan shows as no
 * "USE TEMP B-TREE FOR ORDER BY" step. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/db.h"

/* The shape of incoming.c's q_list: optional filters written as "?N IS NULL OR …", which no
 * index can serve, so only the ORDER BY can pick the access path. */
static const db_query q_plan_incoming = {
    "t.plan_incoming",
    "EXPLAIN QUERY PLAN SELECT i.id, i.subject FROM incoming i WHERE (?1 IS NULL OR"
    " i.arrival_date >= ?1) AND (?2 IS NULL OR i.status = ?2)"
    " ORDER BY i.arrival_date DESC, i.id DESC LIMIT 50",
    NULL,
};

static void incoming_list_uses_an_index(void **state)
{
    (void)state;
    char dir[] = "/tmp/vp-test-plan-XXXXXX", path[64];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/vanphong.db", dir);
    db *d = NULL;
    char *err = NULL;
    assert_int_equal(db_open(path, &d, &err), 0);
    assert_int_equal(db_migrate(d, &err), 0);
    db_stmt *s = db_stmt_get(d, &q_plan_incoming);
    assert_non_null(s);
    int sorts = 0;
    while (db_step(s) == DB_ROW) {
        const char *detail = db_col_text(s, 3);
        if (detail && strstr(detail, "TEMP B-TREE"))
            sorts++;
    }
    db_reset(s);
    assert_int_equal(sorts, 0);
    db_close(&d);
    char cmd[96];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(incoming_list_uses_an_index)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
