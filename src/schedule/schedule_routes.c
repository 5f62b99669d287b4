/* The weekly calendar's routes (schedule.h): pages, form, rooms and feeds, API. */
#include "audit/audit.h"
#include "notify/notify.h"
#include "schedule/schedule.h"
#include "schedule/schedule_impl.h"

/* The audit trail shows an event's contents only to whoever may read the event. */
static bool event_audit_may_see(ctx *c, const audit_row *row)
{
    return sched_event_get(c, row->entity_id) != NULL;
}

void schedule_routes(void)
{
    audit_register_entity("schedule_event", event_audit_may_see);
    sched_web_routes();
    notify_link_register("schedule", "/schedule/events/"); /* an amendment opens its event */
    sched_form_routes();
    sched_extra_routes();
    sched_api_routes();
}
