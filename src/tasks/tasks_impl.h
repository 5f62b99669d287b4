#ifndef VP_TASKS_IMPL_H
#define VP_TASKS_IMPL_H
/* Shared between the files of tasks/ only. */
#include "tasks/tasks.h"

/* Route groups, called by tasks_routes() (tasks_routes.c). */
void tasks_web_routes(void);   /* /tasks, /api/v1/tasks (tasks_web.c) */
void routing_web_routes(void); /* the handling forms and panel (routing_web.c) */
void routing_api_routes(void); /* the handling API (routing_api.c) */

#endif
