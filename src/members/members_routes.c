/* members_routes (pages, API, audit visibility) and members_init. */
#include "audit/audit.h"
#include "members/members.h"
#include "members/members_impl.h"

/* The audit trail shows a member's entries only to whoever may read the member. */
static bool member_audit_may_see(ctx *c, const audit_row *row)
{
    return members_get(c, row->entity_id) != NULL;
}

void members_init(void) {}

void members_routes(void)
{
    audit_register_entity("party_member", member_audit_may_see);
    members_web_routes();
    members_status_routes();
    members_lists_routes();
    members_api_routes();
}
