/* The list of modules that serve pages and API calls, in the order their routes are tried
 * (a literal path before a pattern that would also match it). Adding a module = one line here
 * and its include. */
#include "app/app.h"
#include "budget/budget.h"
#include "archives/archives.h"
#include "audit/audit.h"
#include "auth/auth.h"
#include "catalog/catalog.h"
#include "conferences/conferences.h"
#include "docgen/docgen.h"
#include "dashboard/dashboard.h"
#include "dossiers/dossiers.h"
#include "facilities/facilities.h"
#include "filters/filters.h"
#include "edxml/edxml.h"
#include "edxml/edxml_peers.h"
#include "followup/followup.h"
#include "awards/awards.h"
#include "training/training.h"
#include "members/members.h"
#include "partyfees/partyfees.h"
#include "peers/peers.h"
#include "files/files.h"
#include "incoming/incoming.h"
#include "notify/notify.h"
#include "org/org.h"
#include "outgoing/outgoing.h"
#include "programmes/programmes.h"
#include "petitions/petitions.h"
#include "registers/registers.h"
#include "reporting/reporting.h"
#include "search/search.h"
#include "signing/signing.h"
#include "schedule/schedule.h"
#include "tasks/tasks.h"
#include "web/layout.h"
#include "workdays/workdays.h"

void app_init(void)
{
    incoming_init();
    tasks_init();
    outgoing_init();
    search_init();
    dossier_init();
    workdays_init();
    programmes_init();
    conferences_init();
    schedule_init();
    followup_init();
    reporting_init();
    petitions_init();
    facilities_init();
    budget_init();
    awards_init();
    archives_init();
    members_init();
    partyfees_init();
    docgen_init();
    peers_init();
    signing_init();
    /* Ký số signs the Party-layout PDF, rendered with the number it is about to take. */
    signing_renderer_set(docgen_pdf_as);
    edxml_init();
    edxml_peers_init();
}

void app_routes(void)
{
    layout_routes();
    auth_routes();
    org_routes();
    audit_routes();
    catalog_routes();
    attach_routes();
    notify_routes();
    incoming_routes();
    tasks_routes();
    outgoing_routes();
    dossier_routes();
    registers_routes();
    dashboard_routes();
    search_routes();
    filters_routes();
    docgen_routes();
    peers_routes();
    signing_routes();
    edxml_routes();
    ops_routes();
    facilities_routes();
    budget_routes();
    awards_routes();
    training_routes();
    archives_routes();
    members_routes();
    partyfees_routes();
    workdays_routes();
    programmes_routes();
    conferences_routes();
    schedule_routes();
    followup_routes();
    reporting_routes();
    petitions_routes();
}
