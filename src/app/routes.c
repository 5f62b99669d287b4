/* The list of modules that serve pages and API calls. Adding a module = one line here. */
#include "app/app.h"
#include "audit/audit.h"
#include "auth/auth.h"
#include "incoming/incoming.h"
#include "outgoing/outgoing.h"
#include "web/layout.h"
#include "org/org.h"
#include "search/search.h"

void app_routes(void)
{
    layout_routes();
    auth_routes();
    org_routes();
    audit_routes();
    incoming_routes();
    outgoing_routes();
    search_routes();
}
