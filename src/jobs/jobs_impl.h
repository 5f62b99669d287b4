#ifndef VP_JOBS_IMPL_H
#define VP_JOBS_IMPL_H
/* Internals of jobs/, shared with its tests only. Other modules use jobs.h. */
#include "db/db.h"

/* The hourly purge of finished jobs (jobs.c purge_done): ?1 the cut-off time, ?2 the chunk.
 * Its plan must seek the partial index jobs_done (migration 062), never read every finished
 * job's row (tests/unit/test_jobs.c). */
extern const db_query jobs_q_purge;

#endif
