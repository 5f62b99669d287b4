#ifndef VP_DASHBOARD_H
#define VP_DASHBOARD_H
/* The leaders' dashboard (/reports): documents received, in progress, done on time or late and
 * overdue, per handling unit and per person, counted with the same visibility rule as the
 * lists they link to. Reads the documents; writes no table. */
#include <stdbool.h>
#include <stdint.h>

#include "web/ctx.h"

/* Leaders' dashboard: per handling unit and per person, for documents arrived in [from, to]. */
typedef struct dash_row {
    int64_t id; /* unit or user id; 0 = not yet routed */
    const char *name;
    int received, in_progress, done_on_time, done_late, overdue;
} dash_row;
int dashboard_by_unit(ctx *c, const char *from, const char *to, dash_row **rows_r);
int dashboard_by_person(ctx *c, const char *from, const char *to, dash_row **rows_r);
/* Leaders, clerks, and unit accounts (which stand for a ward's standing board where it has no
 * leader account of its own). */
bool dashboard_may_see(ctx *c);

void dashboard_routes(void); /* /reports, /api/v1/reports */

#endif
