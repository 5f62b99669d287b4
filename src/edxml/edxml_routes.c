/* edxml_init (the rule key, libxml2 set up once) and edxml_routes (pages and API). */
#include <stdatomic.h>

#include <libxml/parser.h>

#include "audit/audit.h"
#include "edxml/edxml.h"
#include "edxml/edxml_impl.h"

void edxml_init(void)
{
    static atomic_bool done;
    if (atomic_exchange(&done, true))
        return;
    /* libxml2's global state is set up once, before worker threads parse packages. */
    xmlInitParser();
    edxml_rules_declare();
}

void edxml_routes(void)
{
    edxml_web_routes();
    edxml_api_routes();
    edxml_organs_routes();
}
