#ifndef VP_WEB_DATES_H
#define VP_WEB_DATES_H
/* Dates for handlers and services, allocated in the request's arena. Dates are "YYYY-MM-DD"
 * in Vietnam time (Asia/Ho_Chi_Minh); instants are UTC ISO-8601 text. */
#include "web/ctx.h"

/* Today in Vietnam, "YYYY-MM-DD". */
const char *web_today(ctx *c);
/* Now, UTC ISO-8601 ("2026-11-29T05:50:38Z"). */
const char *web_now_iso(ctx *c);
/* date + days, "YYYY-MM-DD"; NULL for a malformed date. */
const char *web_date_add(ctx *c, const char *date, int days);
/* "YYYY-MM-DD" → "dd/mm/yyyy" (English: yyyy-mm-dd, clock.h); NULL and "" give "". */
const char *web_date_vn(ctx *c, const char *iso);
/* A count as the reader's language groups it: 1.234 in Vietnamese, 1,234 in English
 * (i18n_number), in the arena. */
const char *web_number(ctx *c, int64_t v);

#endif
