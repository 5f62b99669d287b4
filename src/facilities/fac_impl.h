#ifndef VP_FAC_IMPL_H
#define VP_FAC_IMPL_H
/* Shared between the files of facilities/ only. */
#include "facilities/facilities.h"

bool fac_in_list(const char *s, const char *const *codes);
const char *fac_now(ctx *c); /* "2026-12-03T02:00:00Z" */
/* "dd/mm/yyyy HH:MM" of a booking stamp "YYYY-MM-DD HH:MM". */
const char *fac_vn_stamp(ctx *c, const char *stamp);
/* "1.250.000.000" (dots every three digits, as Vietnamese amounts are written). */
const char *fac_money(ctx *c, int64_t v);

void fac_asset_pages(void);   /* facilities_web.c */
void fac_booking_pages(void); /* fac_bookings_web.c */
void fac_api(void);           /* facilities_api.c */

#endif
