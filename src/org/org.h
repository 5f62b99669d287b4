#ifndef VP_ORG_H
#define VP_ORG_H
/* The office tree (units with validity dates and successor links), the staff directory, and
 * the unit-scope rule every module uses to decide what a user may see.
 *
 * Scope rule: admin and committee-leader see every unit; office-leader and clerk see their
 * own unit and the units below it; specialist and unit accounts see their own unit only.
 * Services call org_unit_in_scope() before reading or writing anything tied to a unit. */
#include <stdbool.h>
#include <stdint.h>

#include "app/ctx.h"

typedef struct unit {
    int64_t id, parent_id; /* parent 0 = root */
    const char *name;      /* "Văn phòng Thành ủy Cần Thơ" */
    const char *abbr;      /* used in document numbers: "VPTU", "TU", "QU", "ĐU" */
    const char *level;     /* TW, TINH, HUYEN, XA, CO_SO, CHI_BO, BAN (advisory body) */
    const char *organ_id;  /* 13-character agency code, may be NULL */
    const char *valid_from, *valid_to; /* "YYYY-MM-DD"; valid_to NULL while active */
} unit;

/* Loads a unit (arena strings); NULL if it does not exist. No scope check. */
const unit *org_unit_get(ctx *c, int64_t id);
bool org_unit_active(const unit *u); /* valid_to NULL or in the future (Vietnam date) */
/* May c->user see records of unit_id? False for anonymous users. */
bool org_unit_in_scope(ctx *c, int64_t unit_id);
/* Same rule for an arbitrary user (used by services that act on behalf of another user). */
bool org_user_unit_in_scope(db *d, const user *u, int64_t unit_id);
/* The root unit id (the committee office at the top of the tree), 0 if the tree is empty. */
int64_t org_root_unit(db *d);

/* Writes the demo office (DOMAIN.md §10): units of both periods, staff, one login per role.
 * Prints the generated logins and passwords to stdout once. Runs in one transaction. */
int org_demo_seed(db *d, char **err_r);

void org_routes(void); /* /org/…, /admin/users, /api/v1/units, /api/v1/staff */

#endif
