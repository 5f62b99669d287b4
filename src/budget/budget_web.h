#ifndef VP_BUDGET_WEB_H
#define VP_BUDGET_WEB_H
/* Private to budget/: what its page files share. */
#include "budget/budget.h"

const char *bw_money(ctx *c, int64_t v); /* "1.500.000" */
void bw_subnav(ctx *c, int year, const char *here);
void bw_routes(void);
void bw_report_routes(void);
void bw_api_routes(void);

#endif
