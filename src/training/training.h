#ifndef VP_TRAINING_H
#define VP_TRAINING_H
/* Training records of the office staff (issue 20): courses of political theory, state
 * management, IT, foreign language… with level, certificate, dates and provider
 * (training_records, migration 042, a table of its own beside org's short staff_courses), the
 * position rules of who must have which kind (training_requirements, data with effective
 * dates) and the list of who is due, and counts by unit. Scope: the staff's unit
 * (org_unit_in_scope); writing: admin, office-leader, specialist. Audited ("training.*"). */
#include <stdint.h>

#include "web/ctx.h"
#include "web/errors.h"

typedef struct training_record {
    int64_t id, staff_id, unit_id;
    const char *staff_name, *unit_name, *position, *kind, *name, *level, *certificate;
    const char *started_on, *ended_on, *provider;
} training_record;

typedef struct training_due {
    int64_t staff_id;
    const char *staff_name, *unit_name, *position, *kind, *level;
} training_due;

extern const char *const training_kinds[];
const char *training_kind_label(const char *kind);
bool training_may_write(const user *u);
/* Records in scope (unit_id 0 = every unit in scope; kind NULL = all). Count or -1. */
int training_list(ctx *c, int64_t unit_id, const char *kind, training_record **rows_r);
int64_t training_create(ctx *c, const training_record *in, web_err *e);
/* Staff in scope whose position requires a kind (in force on date) they have no record of. */
int training_due_list(ctx *c, const char *date, training_due **rows_r);
/* A requirement: position needs kind (level) from effective_from. Admin only. */
int64_t training_requirement_add(ctx *c, const char *position, const char *kind, const char *level,
                                 const char *effective_from, web_err *e);

void training_routes(void);

#endif
