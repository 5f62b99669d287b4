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

/* ---- form pieces shared by the pages (web_form.c) ---- */

/* <div class="field"> with a label, an input, the error beside it (from e, by name) and an
 * optional hint. type: "text", "date", "number", "email", "tel". value may be NULL. */
void org_field(ctx *c, const org_err *e, const char *name, const char *label, const char *type,
               const char *value, int maxlength, bool required, const char *hint);
void org_textarea(ctx *c, const org_err *e, const char *name, const char *label, const char *value,
                  const char *hint);
/* A select over fixed codes; labels[i] shows codes[i]; selected may be NULL. With none_label a
 * first empty option is offered. */
void org_select(ctx *c, const org_err *e, const char *name, const char *label,
                const char *const *codes, const char *const *labels, int n, const char *selected,
                const char *none_label);
/* A select over the units the user sees (active only), indented by depth; 0 = none. */
void org_unit_select(ctx *c, const org_err *e, const char *name, const char *label,
                     int64_t selected, const char *none_label, int64_t exclude_subtree);
/* A date typed as dd/mm/yyyy or YYYY-MM-DD, as "YYYY-MM-DD" (arena); other text unchanged,
 * so the service reports it; NULL/"" → NULL. */
const char *org_form_date(ctx *c, const char *v);
/* A form field trimmed; NULL when absent or empty. */
const char *org_form(ctx *c, const char *name);
/* "YYYY-MM-DD" shown as dd/mm/yyyy (arena); "" for NULL. */
const char *org_date_vn(ctx *c, const char *iso);
/* Reads a positive id from a form or query value; 0 when absent or malformed. */
int64_t org_parse_id(const char *s);

/* Routes of the pages (web_unit.c, web_staff.c) and the API (api.c). */
void org_unit_pages(void);
void org_staff_pages(void);
void org_api_routes(void);

/* The unit tree kept in memory on PostgreSQL (tree.c), answering as org.is_ancestor,
 * org.office_parent and org.office_of do; false: not available now, ask the statements. */
bool org_tree_anchor(db *d, int64_t unit_id, int64_t *anchor_r);
bool org_tree_is_ancestor(db *d, int64_t unit_id, int64_t ancestor, bool *is_r);
bool org_tree_office_of(db *d, int64_t unit_id, int64_t *office_r);

#endif
