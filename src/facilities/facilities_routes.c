/* The facilities' start-up: the calendar's room guard, the audit resolvers, the routes. */
#include "audit/audit.h"
#include "facilities/fac_impl.h"
#include "facilities/facilities.h"

void fac_register_guard(void); /* fac_bookings.c */

static bool asset_may_see(ctx *c, const audit_row *row)
{
    return fac_asset_get(c, row->entity_id) != NULL;
}

static bool booking_may_see(ctx *c, const audit_row *row)
{
    return fac_booking_get(c, row->entity_id) != NULL;
}

void facilities_init(void)
{
    /* A room held twice is refused for calendar events as for bookings: one rule. */
    fac_register_guard();
}

void facilities_routes(void)
{
    audit_register_entity("facility_asset", asset_may_see);
    audit_register_entity("facility_booking", booking_may_see);
    fac_asset_pages();
    fac_booking_pages();
    fac_api();
}
