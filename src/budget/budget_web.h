#ifndef VP_BUDGET_WEB_H
#define VP_BUDGET_WEB_H
/* Private to budget/: what its page files share. */
#include "budget/budget.h"

const char *bw_money(ctx *c, int64_t v); /* "1.500.000" */
void bw_subnav(ctx *c, int year, const char *here);
void bw_routes(void);
void bw_report_routes(void);
void bw_api_routes(void);
void bw_lines_routes(void);
void bw_lines_api_routes(void);
struct json_t;
struct json_t *bw_line_row_json(const budget_line_row *l);

#endif
