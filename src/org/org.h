#ifndef VP_ORG_H
#define VP_ORG_H
/* The office tree (units with validity dates and successor links), the staff directory, and
 * the unit-scope rule every module uses to decide what a user may see.
 *
 * Scope rule (org/scope.c): every account is anchored to its unit. Committee-leader,
 * office-leader, clerk and admin see their anchor and the units below it, where the anchor is
 * the committee when the account belongs to that committee's office (VP…), else the account's
 * own unit; specialist and unit accounts see their own unit only. Never a sibling or a parent.
 * Records of dissolved units follow their successors. Services call org_unit_in_scope() before
 * reading or writing anything tied to a unit. */
#include <stdbool.h>
#include <stdint.h>

#include "web/ctx.h"

typedef struct unit {
    int64_t id, parent_id;             /* parent 0 = root */
    const char *name;                  /* "Văn phòng Thành ủy Cần Thơ" */
    const char *abbr;                  /* used in document numbers: "VPTU", "TU", "QU", "ĐU" */
    const char *level;                 /* TW, TINH, HUYEN, XA, CO_SO, CHI_BO, BAN (advisory body) */
    const char *organ_id;              /* 13-character agency code, may be NULL */
    const char *valid_from, *valid_to; /* "YYYY-MM-DD"; valid_to NULL while active */
    int64_t sort_order;                /* among siblings, then id; |sort_order| ≤ UNIT_SORT_MAX */
} unit;

/* Loads a unit (arena strings); NULL if it does not exist. No scope check. */
const unit *org_unit_get(ctx *c, int64_t id);
bool org_unit_active(const unit *u); /* valid_to NULL or in the future (Vietnam date) */
/* May c->user see records of unit_id? False for anonymous users. */
bool org_unit_in_scope(ctx *c, int64_t unit_id);
/* Same rule for an arbitrary user (used by services that act on behalf of another user). */
bool org_user_unit_in_scope(db *d, const user *u, int64_t unit_id);
/* The unit whose subtree an account of unit_id sees: the committee a committee office
 * (abbreviation VP…) serves, else unit_id itself. */
int64_t org_scope_anchor(db *d, int64_t unit_id);
/* The register (sổ) an account of unit_id keeps and reads first: that of its anchor's office
 * (the committee's VP… child, where its clerks register), else the anchor's own. The lists'
 * default filter and the home page's counts. 0 for no unit. */
int64_t org_register_unit(db *d, int64_t unit_id);
/* Whether unit_id's records belong to a register kept below user_unit_id's committee: the
 * unit's scope anchor is another unit inside the subtree of the user's anchor (a ward under the
 * city). Such a register is read from above but routed by its own leaders. Records of a
 * dissolved unit passed on by succession are not "below". */
bool org_register_below(db *d, int64_t unit_id, int64_t user_unit_id);
/* The root unit id (the committee office at the top of the tree), 0 if the tree is empty. */
int64_t org_root_unit(db *d);

/* Writes the demo office (DOMAIN.md §10): units of both periods, staff, one login per role.
 * Prints the generated logins and passwords to stdout once. Runs in one transaction. */
int org_demo_seed(db *d, char **err_r);

void org_routes(void); /* /org/…, /api/v1/units, /api/v1/staff */

/* ---- errors of the org services --------------------------------------------------------- */

#define ORG_MAX_ERRORS 8

/* What went wrong, for pages (each message beside its field) and the API (the first one).
 * status: 400 invalid input, 403 not allowed, 404 not found or out of scope, 409 conflict,
 * 500 store failure. Messages are Vietnamese (gettext), static or arena strings. */
typedef struct org_err {
    int status;
    int n;
    struct {
        const char *field; /* form field name ("name", "parent_id", …) or NULL */
        const char *message;
    } e[ORG_MAX_ERRORS];
} org_err;

const char *org_err_code(const org_err *e);    /* "invalid_input", "forbidden", … */
const char *org_err_message(const org_err *e); /* first message */
const char *org_err_field(const org_err *e, const char *field); /* message for field or NULL */

/* ---- units ---------------------------------------------------------------------------- */

#define UNIT_NAME_MAX 300
#define UNIT_ABBR_MAX 30
#define UNIT_ORGAN_ID_LEN 13
#define UNIT_NOTE_MAX 1000
#define UNIT_MAX_DEPTH 32 /* a deeper tree is refused: it cannot be a real hierarchy */

bool org_level_valid(const char *level);
const char *org_level_label(const char *level); /* "Cấp tỉnh" …; the code if unknown */
#define UNIT_SORT_MAX 1000000                   /* room for any hand ordering, far from overflow */
extern const char *const org_levels[];          /* NULL-terminated, in hierarchy order */
bool org_successor_kind_valid(const char *kind);
const char *org_successor_kind_label(const char *kind);

/* A create or a PATCH. NULL (or set_* false) = unchanged; on create name, abbr, level and
 * valid_from are required (valid_from defaults to today). Dissolving: valid_to, optionally
 * with successor_id (0 = none) and successor_kind (default "merge") and note. */
typedef struct unit_change {
    const char *name, *abbr, *level, *valid_from;
    bool set_parent;
    int64_t parent_id; /* 0 = a root */
    bool set_organ_id;
    const char *organ_id; /* NULL or "" clears */
    bool set_sort_order;
    int64_t sort_order;
    const char *valid_to;
    int64_t successor_id;
    const char *successor_kind, *note;
} unit_change;

/* Admin only. Validates (parent exists, is active, in no cycle; abbreviation present; level
 * known; organ_id exactly 13 characters and unique; dates valid), writes the unit and its
 * audit row ("unit.create" / "unit.update" / "unit.dissolve", before/after JSON) in one
 * transaction. Create returns the new id, update 0; -1 with *e filled. */
int64_t org_unit_create(ctx *c, const unit_change *in, org_err *e);
int org_unit_update(ctx *c, int64_t id, const unit_change *in, org_err *e);
/* The same create inside the caller's open write transaction, without the role check: for
 * callers that have authorized otherwise (`vanphong init` creating the root unit together
 * with the first administrator). On failure the transaction is rolled back. */
int64_t org_unit_create_tx(ctx *c, const unit_change *in, org_err *e);

/* Units the user may see, into the arena, ordered parent-first then sort_order, id: roots
 * first, then every unit after its parent (a pre-order walk, so pages draw it as a tree).
 * depth_r (may be NULL) gets each unit's depth in the returned forest. Returns the count. */
int org_unit_list(ctx *c, bool include_dissolved, unit **rows_r, int **depth_r);
/* Ancestors of a unit, root first, the unit itself last. Returns the count (0: not found). */
int org_unit_path(ctx *c, int64_t id, const unit ***path_r);

/* A successor link: unit_id (dissolved) → successor_id, with the names of both. */
typedef struct unit_link {
    int64_t unit_id, successor_id;
    const char *unit_name, *successor_name, *kind, *effective_date, *note;
} unit_link;
/* Links where unit_id is either side (0 = every link), oldest first. Returns the count. */
int org_unit_links(ctx *c, int64_t unit_id, unit_link **rows_r);

/* JSON of a unit (new reference): {id, parent_id|null, name, abbr, level, organ_id,
 * valid_from, valid_to, sort_order, active}. */
struct json_t;
struct json_t *org_unit_json(const unit *u);

/* The unit ids the user may see, into the arena, for services that filter lists in SQL.
 * Returns the count (0 for anonymous users). *all_r is false: every scope is anchored, so no
 * account sees every unit. */
int org_scope_unit_ids(ctx *c, int64_t **ids_r, bool *all_r);
/* The same ids as a JSON array ("[3,7,12]", "[]" for all or none), built once per request:
 * the SQL visibility rules take the scope as json_each(?N), and a page binds it to a dozen
 * statements. */
const char *org_scope_json(ctx *c);

/* ---- staff ---------------------------------------------------------------------------- */

#define STAFF_NAME_MAX 200
#define STAFF_TEXT_MAX 300
#define STAFF_MAX_ITEMS 50 /* courses, domains or areas of one person */

typedef struct staff_course {
    const char *name, *place;
    int year; /* 0 = unknown */
} staff_course;

typedef struct staff_area {
    int64_t unit_id;       /* 0 when the area is free text */
    const char *unit_name; /* NULL when unit_id is 0 */
    const char *text;      /* NULL when unit_id is set */
} staff_area;

/* A person of the directory (cán bộ). Lists (courses, domains, areas) are filled by
 * org_staff_get only; org_staff_list leaves them empty. */
typedef struct staff_member {
    int64_t id, unit_id;
    const char *unit_name, *full_name, *position, *gender /* "nam", "nu" or NULL */;
    const char *phone, *email, *degree, *political_theory;
    int birth_year; /* 0 = unknown */
    bool active;
    staff_course *courses;
    int n_courses;
    const char **domains;
    int n_domains;
    staff_area *areas;
    int n_areas;
} staff_member;

bool org_political_theory_valid(const char *s); /* Sơ cấp, Trung cấp, Cao cấp, Cử nhân */
extern const char *const org_political_theories[]; /* NULL-terminated */

/* Staff the user may see (their unit in scope), active only unless include_inactive, in
 * Vietnamese name order (vi_name_cmp: given name, surname, middle). unit_id 0 = all units;
 * q (may be NULL) keeps people whose name, position, degree or unit contains it, compared
 * without marks or case. Rows in the arena. Returns the count. */
int org_staff_list(ctx *c, int64_t unit_id, const char *q, bool include_inactive,
                   staff_member **rows_r);
/* One person with courses, domains and areas; NULL if absent or out of scope. */
const staff_member *org_staff_get(ctx *c, int64_t id);
/* Admin only. Creates (id 0) or replaces a person: every scalar field of *in (unit_id,
 * full_name required) and the lists (courses, domains, areas) as given. Audited with
 * before/after JSON ("staff.create" / "staff.update"). Returns the id, or -1 with *e. */
int64_t org_staff_save(ctx *c, int64_t id, const staff_member *in, org_err *e);
struct json_t *org_staff_json(const staff_member *s, bool full);

/* Choices for forms that name units or people (org/choice.c): every active unit; the active
 * people (not admin or unit accounts) of one unit (0 = all), named "Name (Unit)". Arena rows;
 * the count or -1. */
typedef struct org_choice {
    int64_t id, unit_id;
    const char *name;
} org_choice;
int org_choice_units(ctx *c, org_choice **rows_r);
int org_choice_people(ctx *c, int64_t unit_id, org_choice **rows_r);

#endif
