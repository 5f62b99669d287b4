#ifndef VP_INCOMING_IMPL_H
#define VP_INCOMING_IMPL_H
/* Internals shared by the files of incoming/ only. Other modules use incoming.h. */
#include "incoming/incoming.h"

/* The register list's statements (incoming.c), for the query-plan test that keeps each of
 * them on its index (tests/unit/test_list_plan.c). Returns how many. */
int in_list_statements(const db_query *const **qs_r);

/* Sets exchange's recall hook (incoming_recall.c); incoming_routes() calls it. */
void incoming_recall_init(void);

/* Route groups, called by incoming_routes(). */
void incoming_api_routes(void);
void incoming_web_routes(void);
void incoming_home_routes(void);

#endif
