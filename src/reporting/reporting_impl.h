#ifndef VP_REPORTING_IMPL_H
#define VP_REPORTING_IMPL_H
/* Private to src/reporting/: what the service files share. */
#include "audit/audit.h"
#include "reporting/reporting.h"

/* The form definition JSON (indicators, sections, rules) parsed into the arena; NULL with a
 * message per field in *e when invalid (prefix names the field: "form"). Indicator ids are
 * left 0. */
rep_form *rep_form_parse(ctx *c, json_t *def, const char *prefix, web_err *e);
/* Sets each indicator's id from report_indicators (creating missing rows when create; inside
 * the caller's write transaction). 0 or -1. */
int rep_form_bind_ids(ctx *c, int64_t type_id, rep_form *f, bool create);
const rep_indicator *rep_form_find(const rep_form *f, const char *code);

/* One packed numeric value (report_instances.num_pack). */
typedef struct rep_packed {
    int64_t indicator_id;
    double value;
} rep_packed;

/* A JSON value as text for the audit trail and the store (malloc'd by jansson; caller frees). */
char *rep_dump(json_t *j);
/* Appends an event of an instance inside the caller's transaction. 0 or -1. */
int rep_event_add(ctx *c, int64_t instance_id, const char *kind, const char *note);

/* The unit tree as the module needs it (arena): id, parent, level, validity, name. */
typedef struct rep_unit {
    int64_t id, parent_id;
    int64_t successor_id; /* a dissolved unit's successor (merge, rename, transfer), 0 if none */
    const char *name, *level, *valid_from, *valid_to;
} rep_unit;
int rep_units_load(ctx *c, rep_unit **rows_r);
/* Index of id in rows (sorted by id), -1 if absent. */
int rep_unit_find(const rep_unit *rows, int n, int64_t id);
/* Whether unit idx lies under (or is) root, following parent links — and, from a dissolved unit
 * with no parent on the way (the old committee at the top of a merged tree), its successor: the
 * units of the tree before a merger count under the tree after it, history kept. */
bool rep_unit_under(const rep_unit *rows, int n, int idx, int64_t root);
/* The next unit up from idx by that rule (parent, else successor), or -1. */
int rep_unit_up(const rep_unit *rows, int n, int idx);

/* The committee whose office receives a type's reports (the recipient's scope anchor). */
int64_t rep_recipient_anchor(ctx *c, const rep_type *t);

/* Opens the current period of every periodic type (the daily tick; no user). Count or -1. */
int rep_open_current(ctx *c, const char *today);

/* ---- shared by the pages and the API ---- */

json_t *rep_instance_json(ctx *c, const rep_instance *r);
/* [{"name", "label", "refs"?: [{"id", "label", "in_period"}]}]: the sources the form names. */
json_t *rep_sources_json(ctx *c, const rep_instance *r, const rep_form *f);
/* Reporting rates of a matrix (DHIS2's reporting-rate summary): expected = cells whose due
 * date has passed or that were submitted; on time, late, missing among them. */
typedef struct rep_rates {
    int expected, on_time, late, missing;
} rep_rates;
void rep_matrix_rates(const rep_matrix *m, rep_rates *r);
/* One row's or one column's rates: row >= 0 for a unit, col >= 0 for a period. */
void rep_matrix_rates_of(const rep_matrix *m, int row, int col, rep_rates *r);
/* The periods a query names: period=K (repeated) or from=K&to=K of one cycle, else the last 12
 * months; into the arena; the count. */
int rep_query_periods(ctx *c, const char ***periods_r);
void reporting_api_routes(void);
/* The audit trail's resolver for "report" rows (secret reports redacted for the uncleared). */
bool rep_audit_may_see(ctx *c, const audit_row *row);
/* The status as a coloured label (and "late" when it was). */
void rep_status_html(ctx *c, const char *status, const char *timely);
void reporting_web_routes(void);
void reporting_admin_routes(void);

/* The administrator's type form, field by field (reporting_type_form.c). The page's rows of
 * indicators, sections and rules (0, 1, 2) that were not blank, in order: map[kind][k] is the
 * page row of the service's k-th. */
typedef struct rep_type_form_map {
    int *map[3];
    int n[3];
} rep_type_form_map;
/* Draws the form posting to key (t and def — the current form version — NULL for a new type);
 * a failed post comes back with its typed rows and each message beside its input. */
void rep_type_form_html(ctx *c, const char *key, const rep_type *t, json_t *def,
                        const char *button);
/* The posted form as the type JSON rep_type_save takes (caller decrefs). */
json_t *rep_type_form_read(ctx *c, rep_type_form_map *m);
/* Renames the service's row fields ("form.rules[0]") to the page's rows. */
void rep_type_form_remap(ctx *c, web_err *e, const rep_type_form_map *m);

#endif
