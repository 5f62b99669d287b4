/* tasks_routes(): every page and API call of tasks/, and the handling panel it adds to an
 * incoming record's page. */
#include "tasks/tasks_impl.h"

void tasks_routes(void)
{
    tasks_web_routes();
    routing_web_routes();
    routing_api_routes();
    delegation_web_routes();
}
