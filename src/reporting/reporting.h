#ifndef VP_REPORTING_H
#define VP_REPORTING_H
/* The reporting regime (chế độ thông tin, báo cáo; DOMAIN-2.md §4): every unit of the tree owes
 * its committee periodic reports; the office opens them, chases the late ones, checks them,
 * returns them for correction, accepts them (the accepted report is registered as an incoming
 * document at the receiving office) and synthesises them into a draft of its own report upward.
 *
 * Report types, their forms (indicators, narrative sections, validation rules — report_expr.h)
 * and their deadlines are data: the administrator edits them (pages, API, JSON export/import);
 * a new form version applies from a period on and old periods keep theirs. Periods follow
 * ND 09/2019 (data from the 15th of the previous month to the 14th; 6- and 9-month periods;
 * thematic and ad hoc ones with dates set by the requester); deadlines count working days on
 * the one calendar (workdays.h); every default number is a rule key (rules.h, "reporting.*").
 *
 * Tables (migration 035_reporting.sql), written only here: report_types, report_forms,
 * report_indicators, report_instances, report_values, report_events, report_reminders. Every
 * change is audited in its own transaction ("report_type.save", "report.save", "report.submit",
 * "report.return", "report.accept", "report.synthesis"). Scope: a unit sees its own reports;
 * the receiving office sees the units below it (org_unit_in_scope); figures are aggregated
 * over the caller's subtree only. The module reads units and unit_successors (org.h) and
 * writes other modules' records only through their services: incoming_register_in_tx on
 * acceptance, outgoing_create for the synthesis draft. */
#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "reporting/report_expr.h"
#include "web/ctx.h"
#include "web/errors.h"

#define REP_MAX_INDICATORS 200 /* indicators and sections of one form */
#define REP_MAX_RULES 100
#define REP_MAX_CHOICES 50
#define REP_MAX_TEXT 20000 /* bytes of one narrative section */
#define REP_MAX_NAME 300
#define REP_MAX_COMMENT 4000
#define REP_MAX_BULK_ROWS 100000 /* rows of one bulk payload */
#define REP_MAX_PERIODS 36       /* columns of a completeness matrix */

enum rep_ind_type { IND_INTEGER, IND_DECIMAL, IND_PERCENT, IND_TEXT, IND_BOOL, IND_CHOICE };
enum rep_agg { AGG_SUM, AGG_AVG, AGG_MIN, AGG_MAX, AGG_LAST, AGG_NONE };
extern const char *const rep_ind_type_codes[]; /* integer, decimal, percent, text, yesno, choice */
extern const char *const rep_agg_codes[];      /* sum, avg, min, max, last, none */
const char *rep_ind_type_label(int t);
const char *rep_agg_label(int a);

/* An indicator (chỉ tiêu) or, with section set, a narrative section (phần thuyết minh: text,
 * never aggregated). */
typedef struct rep_indicator {
    int64_t id; /* report_indicators.id */
    const char *code, *name, *unit;
    /* Where a figure may be taken from, "source:CODE" (e.g. "petitions:TD_SO_LUOT_TIEP"):
     * data of the form, edited by the administrator with the rest of it; NULL when typed. */
    const char *source;
    /* A computed indicator: its value is the formula over other indicators of the form
     * ("NAM + NU"), worked out by the server on every save; NULL when typed. */
    const char *formula;
    rexpr *fparsed;
    int type, agg;
    bool required, section;
    const char **choices;
    int n_choices;
} rep_indicator;

typedef struct rep_rule {
    const char *expr, *message;
    rexpr *parsed;
} rep_rule;

typedef struct rep_form {
    int64_t id;
    int version;
    const char *from_period; /* "YYYY-MM" */
    rep_indicator *ind;
    int n_ind;
    rep_rule *rules;
    int n_rules;
} rep_form;

typedef struct rep_type {
    int64_t id, recipient_unit_id;
    const char *code, *name, *legal_basis, *recipient_name;
    const char **cycles; /* month, quarter, q1, half, nine, year, thematic, adhoc */
    int n_cycles;
    int cutoff_day;
    const char *due_kind; /* "day" | "workdays" */
    int due_value;
    const char *due_by_level; /* JSON object {"XA": 18} */
    const char **levels;
    int n_levels;
    const char *effective_from, *effective_to;
    int secrecy; /* catalog/vocab.h enum secrecy; its reports carry it (migration 043) */
} rep_type;

/* ---- periods (report_periods.c) ---------------------------------------------------------- */

/* A period of a cycle: key "2026-11", "2026-Q3", "2026-H1", "2026-N9", "2026", or for thematic
 * and ad hoc reports "2026-CD1" / "2026-DX1"; the data window from the (cutoff_day + 1)th of
 * the month before it starts to the cutoff_day-th of its last month (ND 09 Art. 12). */
typedef struct rep_period {
    char key[16];
    char cycle[12];
    char data_from[11], cutoff[11];
    int year, last_month;
} rep_period;
/* Parses key for a type's cutoff day: 0, or -1 for a malformed key. */
int rep_period_parse(const char *key, int cutoff_day, rep_period *p);
/* Vietnamese label: "Tháng 11/2026", "Quý III/2026", "6 tháng đầu năm 2026"… (arena). */
const char *rep_period_label(arena *a, const char *key);
/* The period keys of a cycle that end in year (arena array); the count. */
int rep_periods_of_year(arena *a, const char *cycle, int year, const char ***keys_r);
/* The due date of period p for a unit of level: by the type's due rule (a day of the period's
 * last month moved to the next working day, or N working days after the cut-off), into out.
 * 0 or -1. */
int rep_due_date(db *d, const rep_type *t, const rep_period *p, const char *level, char out[11]);

/* ---- types and forms (report_types.c) ---------------------------------------------------- */

/* Every type (arena); the count or -1. */
int rep_types(ctx *c, rep_type **rows_r);
const rep_type *rep_type_get(ctx *c, int64_t id);
const rep_type *rep_type_by_code(ctx *c, const char *code);
/* The form version in force for a period key (or by id when form_id > 0); NULL if none. */
const rep_form *rep_form_for(ctx *c, int64_t type_id, const char *period_key, int64_t form_id);
/* The whole type as JSON (its fields and every form version): what export gives and import
 * takes. */
json_t *rep_type_json(ctx *c, const rep_type *t, bool with_forms);
/* Administrator only. Creates (id 0) or updates a type from its JSON: the fields, and "form"
 * (indicators, sections, rules, from_period) which becomes a new version when it differs from
 * the last one. Validates everything first (cycle codes, levels, a due date before the
 * cut-off, less than reporting.min_gap_workdays between them, rule syntax and codes, a
 * recipient unit) and writes nothing on any error. Returns the id or -1 with *e (field
 * names like "due", "form.rules[1]"). */
int64_t rep_type_save(ctx *c, int64_t id, json_t *j, web_err *e);
bool rep_may_admin(ctx *c);

/* ---- instances (report_instances.c) ------------------------------------------------------ */

typedef struct rep_instance {
    int64_t id, type_id, form_id, unit_id, submitted_by, reviewed_by, incoming_id;
    const char *period, *data_from, *cutoff, *due_date, *status, *unit_name, *type_name;
    const char *first_submitted_at, *submitted_at, *reviewed_at, *review_comment;
    const char *doc_code, *doc_date, *file_name, *file_sha256, *file_mime;
    int64_t file_size;
    int secrecy; /* its type's secrecy level */
} rep_instance;

/* The shown status: not_due (open, before the cut-off), waiting, overdue (open past the due
 * date), submitted, returned, accepted, included; and its Vietnamese label. */
const char *rep_status(ctx *c, const rep_instance *r);
const char *rep_status_label(const char *status);
/* "on_time" | "late" | NULL (not submitted) from first_submitted_at and due_date. */
const char *rep_timeliness(const rep_instance *r);

/* Opens the instances of one period of a type for every obligated unit (its level listed,
 * valid on the cut-off date, under the recipient's committee): no-op for those that exist.
 * Thematic and ad hoc periods take cutoff and due (else NULL). Audited ("report.open"). The
 * number opened, or -1 with *e. Office leaders and clerks of the recipient, and the
 * administrator, may open. */
int rep_open_period(ctx *c, int64_t type_id, const char *key, const char *cutoff, const char *due,
                    web_err *e);
/* The daily tick (an idle hook of the job workers and `vanphong reports-tick`): opens the
 * current period of every periodic type and sends the reminders that are due (before the due
 * date by reporting.remind_before_workdays, on it, and the late list to the receiving office).
 * Runs at most once per day per process unless force. Returns what it did or -1. */
int rep_tick(db *d, const char *today, bool force);

/* Instances the caller may see, filtered (0/NULL = any), newest period first (arena). */
typedef struct rep_filter {
    int64_t type_id, unit_id;
    const char *period, *status;
    int limit, offset;
} rep_filter;
int rep_list(ctx *c, const rep_filter *f, rep_instance **rows_r);
/* One instance the caller may see; NULL otherwise (404). */
const rep_instance *rep_get(ctx *c, int64_t id);
bool rep_may_submit(ctx *c, const rep_instance *r);
/* Secrecy (issue 14, "as for documents", catalog/vocab.h secrecy_leader_may_see): a report of a
 * secret type, its values, file, history, template and export are seen only by the cleared —
 * the committee and office leaders within their scope (as for a secret document), the
 * reporting unit's own accounts (its authors, like a document's drafter) and whoever reviewed
 * it (like the clerk who registered a document). The administrator, a technical role, and the
 * office's specialists and clerks are not cleared: 404, no trace in lists. In the completeness
 * matrix they still see that the unit reported (the status colour) but no link to its figures;
 * the aggregate and the synthesis of a secret type are for cleared leaders only. */
bool rep_secret_cleared(ctx *c, int secrecy, int64_t unit_id, int64_t reviewed_by);
/* Whether the caller may see the figures aggregated over a type (its secrecy). */
bool rep_type_figures_cleared(ctx *c, const rep_type *t);
bool rep_may_review(ctx *c, const rep_instance *r);
/* How many submitted reports (of the newest 200) the caller may review: rep_may_review on
 * each, with the caller's anchor and each type's recipient asked once (the home page). */
int rep_review_waiting_count(ctx *c);

/* The values of an instance: code → value (numbers as JSON numbers, text as strings, yes/no as
 * booleans). A new reference. */
json_t *rep_values_json(ctx *c, const rep_instance *r, const rep_form *f);

/* Saves values (an object code → value; strings are parsed by the indicator's type: "1.234,5"
 * Vietnamese or "1234.5") as a draft, and with submit also checks mandatory values and the
 * form's rules and submits (with doc_code/doc_date of the signed report and its file as
 * http_upload, each may be NULL). Every error goes to *e by field (the indicator's code);
 * nothing is saved on any error. Submitting twice without a return answers 409. 0 or -1. */
typedef struct rep_submission {
    json_t *values;
    bool submit;
    const char *doc_code, *doc_date;
    const http_upload *file;
} rep_submission;
int rep_save(ctx *c, int64_t id, const rep_submission *s, web_err *e);
/* The receiving office: accept (registers the report as an incoming document at the office,
 * with the unit as issuer, its number, date and file) or return with a comment (required).
 * 0 or -1 with *e. */
int rep_accept(ctx *c, int64_t id, web_err *e);
int rep_return(ctx *c, int64_t id, const char *comment, web_err *e);

/* The report's form as an .xlsx template (report_xlsx.c) into path: sheet "Báo cáo" (code,
 * indicator, unit, value; the values saved so far) and the hidden sheet "_meta" (type code,
 * form version, unit id, period). 0 or -1. */
int rep_template_xlsx(ctx *c, const rep_instance *r, const rep_form *f, const char *path);
/* Reads a filled template and saves it (as a draft, or submits) through rep_save: an extra
 * sheet, shifted columns or rows, another report's template, a wrong value or a broken rule
 * are each a Vietnamese message naming its cell ("Báo cáo!D5: …") under field "file"; nothing
 * is saved on any error. 0 or -1 with *e. */
int rep_upload_xlsx(ctx *c, int64_t id, const http_upload *u, bool submit, web_err *e);

/* The history of an instance, oldest first. */
typedef struct rep_event {
    const char *at, *kind, *note, *actor_name;
} rep_event;
int rep_events(ctx *c, int64_t id, rep_event **rows_r);

/* Bulk values from a unit's own system: {"type": code, "rows": [{"unit_id", "period",
 * "indicator", "value"}], "submit": bool}. Rows are grouped by instance; an instance whose
 * rows all pass is saved (and submitted), one with any bad row saves nothing. *result_r gets
 * {"saved":[ids], "errors":[{"row", "field", "message"}]}. 0 when every row passed, 1 when
 * some did not (422), -1 with *e for a bad payload. */
int rep_bulk(ctx *c, json_t *payload, json_t **result_r, web_err *e);

/* ---- completeness and aggregation (report_analysis.c) ------------------------------------ */

/* The completeness matrix: units (rows) × periods (columns) of a type, in the caller's scope
 * (root: 0 = the caller's anchor). Cells index rows*n_periods + col: the instance's shown status
 * and timeliness, or NULL when no instance was opened. */
typedef struct rep_cell {
    int64_t id;
    const char *status, *timely;
    bool hidden; /* a secret report the caller is not cleared for: status only, no link */
} rep_cell;
typedef struct rep_matrix {
    int n_units, n_periods;
    int64_t *unit_ids;
    const char **unit_names, **periods;
    rep_cell *cells;
} rep_matrix;
int rep_completeness(ctx *c, int64_t type_id, const char *cycle, int year, rep_matrix *m,
                     web_err *e);

/* Aggregation of a type over the caller's subtree (root unit, 0 = anchor) for periods: each
 * indicator by its rule over the submitted/accepted/included reports of units under root
 * (units keep their values; a dissolved unit's reports count under the branch that held it).
 * values[p * n_ind + i], with counts (reports counted) per period; NaN where nothing counts.
 * Rows per child unit when by_child: child_values[(k * n_periods + p) * n_ind + i]. */
typedef struct rep_aggregate {
    int n_ind, n_periods, n_children;
    const rep_indicator *ind;
    const char **periods;
    double *values;
    int *counts;
    int64_t *child_ids;
    const char **child_names;
    double *child_values;
} rep_aggregate;
int rep_aggregate_run(ctx *c, int64_t type_id, int64_t root, const char **periods, int n_periods,
                      bool by_child, rep_aggregate *out, web_err *e);

/* Rebuilds the packed numeric values (report_instances.num_pack) of every report of a type from
 * report_values, in one transaction: after values were written outside the service (bulk
 * loads, the bench). The number of reports or -1. */
int rep_repack(db *d, int64_t type_id);

/* The synthesis (báo cáo tổng hợp): a draft outgoing document of the caller's office, through
 * outgoing_create, whose body carries the aggregated figures of period, the change against the
 * previous period and the same period of the year before, and the units that did not report or
 * reported late; the included reports are marked "included". Returns the draft's id or -1. */
int64_t rep_synthesis(ctx *c, int64_t type_id, const char *period, web_err *e);

/* ---- sources of figures (report_sources.c) ---------------------------------------------- */

/* Another module's figures that fill a form (the reception book and letters, the study reports
 * of a conference). The module registers its source from its X_init, so reporting never
 * includes it; which source code fills which indicator is the form's data (rep_indicator
 * .source), never code here. */
typedef struct rep_source_ref {
    int64_t id;
    const char *label; /* Vietnamese, shown in the picker (arena) */
    bool in_period;    /* falls in the report's data window: the default pick */
} rep_source_ref;
typedef struct rep_source {
    const char *name; /* "petitions": the part before ':' in rep_indicator.source */
    const char *button; /* msgid of the button ("Lấy số liệu từ …"), translated when shown */
    /* Puts the source's figures for unit_id and the data window [from, to] into out (an object
     * code → JSON number). ref picks one record where the source has several (a conference),
     * 0 = the source's default for the window. Reads as the caller (its scope rules apply).
     * 0, or -1 with *e (404 for a ref the caller may not see, 422 when there is nothing). */
    int (*fill)(ctx *c, int64_t unit_id, const char *from, const char *to, int64_t ref, json_t *out,
                web_err *e);
    /* Optional: the records to pick from (arena rows, newest first); the count. */
    int (*refs)(ctx *c, int64_t unit_id, const char *from, const char *to, rep_source_ref **rows_r);
} rep_source;
#define REP_MAX_SOURCES 16
/* Registers (or replaces, by name) a source; s must outlive the process (a static). */
void reporting_source_register(const rep_source *s);
/* NULL when no module registered that name. */
const rep_source *reporting_source_find(const char *name);
/* Whether s is a well-formed reference "name:CODE" (name: a-z, 0-9, _; CODE: A-Z, a-z, 0-9,
 * _). The form accepts a name not registered (yet): the module may come later. */
bool rep_source_ref_ok(const char *s);
/* The registered sources a form's indicators name, in the form's order (arena); the count. */
int rep_form_sources(ctx *c, const rep_form *f, const rep_source ***rows_r);
/* Fills a report from a source: the report's saved values with every indicator mapped to the
 * source replaced by its figure for the report's unit and data window (yes/no: non-zero is
 * "có"; integers rounded). Nothing is saved: the user reviews, saves and submits. Only who may
 * submit the report, while it is open or returned (409 otherwise); a source the form does not
 * name is 422 on "source". *values_r (new reference) and *filled_r (new reference: the codes
 * filled). 0 or -1 with *e. */
int rep_prefill(ctx *c, const rep_instance *r, const char *source, int64_t ref, json_t **values_r,
                json_t **filled_r, web_err *e);

/* ---- wiring ------------------------------------------------------------------------------ */

/* Seeds the built-in types (commune work report, citizen-reception report, study-results
 * report of a resolution) with recipient the committee at the root, unless present. 0 or -1. */
int rep_seed_types(ctx *c, char **err_r);
void reporting_init(void);   /* rule keys, audit labels, the daily tick */
void reporting_routes(void); /* /reports…, /admin/report-types…, /api/v1/reports… */

#endif
