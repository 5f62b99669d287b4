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

/* The position rules as data (training_requirements): each in force from effective_from up
 * to effective_to (exclusive; NULL = still in force). */
typedef struct training_rule {
    int64_t id;
    const char *position, *kind, *level, *effective_from, *effective_to, *note;
} training_rule;
/* Every rule, in force first then by position. Count or -1. */
int training_rules(ctx *c, training_rule **rows_r);
const training_rule *training_rule_get(ctx *c, int64_t id);
/* Edits a rule (admin): the same checks as adding; a clash with another rule of the same
 * position, kind and date is refused (409). 0 or -1 with e. */
int training_rule_edit(ctx *c, int64_t id, const training_rule *in, web_err *e);
/* Retires a rule from `on` (admin): it stays in the lists of earlier dates. 0 or -1 with e. */
int training_rule_retire(ctx *c, int64_t id, const char *on, web_err *e);

void training_routes(void);

#endif
