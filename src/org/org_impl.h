#ifndef VP_ORG_IMPL_H
#define VP_ORG_IMPL_H
/* Inside the org module: helpers shared by unit.c, scope.c, staff.c, the pages, the API and
 * the demo seed. Pure C over the store; no HTTP here. */
#include <jansson.h>

#include "org/org.h"

/* Adds an error (field may be NULL). The first error's status is the one reported. */
void org_err_add(org_err *e, int status, const char *field, const char *message);
void org_err_clear(org_err *e);

/* Current UTC time as ISO text (>= 21 bytes). */
void org_now_iso(char *buf, size_t n);
/* Today's Vietnam date "YYYY-MM-DD". */
void org_today(char buf[16]);
/* The calendar day after `date` ("YYYY-MM-DD") into buf; copies date if unparsable. */
void org_next_day(const char *date, char buf[16]);

/* Trims ASCII white space at both ends (arena copy); NULL stays NULL, "" stays "". */
const char *org_trim(arena *a, const char *s);

/* Dumps j compactly (malloc'd, caller frees) and drops the reference; NULL for NULL. */
char *org_json_take(json_t *j);

/* Is `ancestor` the unit itself or one of its ancestors? Walks parent links (bounded). */
bool org_is_ancestor_or_self(db *d, int64_t unit_id, int64_t ancestor);
/* Depth of a unit (a root is 0), -1 if absent. */
int org_unit_depth(db *d, int64_t unit_id);

/* Routes of the pages (web_unit.c, web_staff.c) and the API (api.c). */
void org_unit_pages(void);
void org_staff_pages(void);
void org_api_routes(void);

#endif
