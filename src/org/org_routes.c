/* Everything the org module serves: pages of the tree and of the staff directory, and the
 * JSON API. Literal paths (/org/units/new) are registered before {id} patterns. */
#include "org/org_impl.h"

void org_routes(void)
{
    org_unit_pages();
    org_staff_pages();
    org_api_routes();
}
