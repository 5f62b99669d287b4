#ifndef VP_BUDGET_IMPL_H
#define VP_BUDGET_IMPL_H
/* Private to budget/: the helpers its service files share. */
#include <jansson.h>

#include "budget/budget.h"

int bud_fail(web_err *e, int status, const char *field, const char *msg);
int bud_begin(ctx *c, web_err *e);
/* Audit row and commit; -1 (rolled back, e filled) on failure. */
int bud_commit(ctx *c, const char *action, const char *entity, int64_t id, json_t *after,
               web_err *e);
/* The line of id in force at some day of year, or NULL. */
const budget_line *bud_line_in_year(ctx *c, int year, int64_t id);
/* The approved estimate of (unit, year), or 0. */
int64_t bud_live_estimate(ctx *c, int64_t unit_id, int year);
/* The approved estimate's amount of a line and what was spent on it so far. */
void bud_line_state(ctx *c, int64_t unit_id, int year, int64_t line_id, int64_t *estimate_r,
                    int64_t *spent_r);
int bud_today_year(ctx *c);
/* May the caller see spending entry id (its organisation in scope)? The audit trail asks. */
bool bud_spend_visible(ctx *c, int64_t id);

#endif
