#ifndef VP_PF_IMPL_H
#define VP_PF_IMPL_H
/* Private to partyfees/. */
#include "partyfees/partyfees.h"

const char *pf_now(ctx *c);
bool pf_month_closed(db *d, int64_t unit_id, const char *month);
/* The current month in Vietnam, "YYYY-MM". */
const char *pf_this_month(ctx *c);
/* "2026-03" → "03/2026" */
const char *pf_month_out(ctx *c, const char *m);
void pf_web_routes(void);
void pf_web2_routes(void);
void pf_api_routes(void);

#endif
