#include "db/db_impl.h"
#include <stdio.h>
static int pg_open(const char *t, db **d, char **e)
{
    (void)t;
    (void)d;
    if (e)
        *e = NULL;
    return -1;
}
const struct db_driver db_pg_driver = {.kind = DB_KIND_PG, .name = "pg", .open = pg_open};
