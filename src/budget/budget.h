#ifndef VP_BUDGET_H
#define VP_BUDGET_H
/* The Party budget (DOMAIN-2.md §7 "Budget"): yearly estimates (dự toán) and settlements
 * (quyết toán) per organisation, by line of a catalogue with effective dates; spending entered
 * against the approved estimate; the annual finance report (estimate, spent, settled per line
 * and per organisation, aggregated up the tree for the units in scope).
 *
 * Way of an estimate or a settlement: DU_THAO (the office drafts) → TRINH (the office leader
 * submits) → DA_DUYET (a committee leader approves) and the office then makes the approving
 * decision (quyết định) through outgoing_create, the existing flow that numbers, signs and
 * issues it. A revision is a new version; its approval retires the one it revises. A settlement
 * is built from the spending, after the year has ended.
 *
 * Amounts are whole đồng (int64), never floating point. Tables (039_budget.sql), written only
 * here, every change audited in its transaction: budget_lines (the catalogue, kept on its page;
 * 046 adds parent and kind), budgets, budget_amounts, budget_spending, budget_spend_totals (046,
 * kept by triggers on budget_spending), budget_line_names (046: a renamed line's former name
 * for the years before the rename).
 *
 * Permissions (service layer):
 *   see     — the organisation in the caller's scope (org_unit_in_scope): own unit and below.
 *   enter   — clerk, specialist, office-leader with the organisation in scope: draft,
 *             amounts, spending, settlement, the decision document (clerk, office-leader).
 *   submit  — the office-leader among them, or the organisation's own committee account
 *             (role unit) for a committee below that keeps no office-leader account.
 *   approve — a committee-leader with the organisation in scope.
 * Rule keys (budget_routes.c): budget.overspend (warn|refuse), budget.estimate_due_mmdd,
 * budget.settlement_due_mmdd. */
#include <stdbool.h>
#include <stdint.h>

#include "web/ctx.h"
#include "web/errors.h"

#define BUDGET_MAX_LINES 64
#define BUDGET_MAX_AMOUNT 1000000000000000LL /* 10^15 đồng: far above any Party budget */
#define BUDGET_MAX_NOTE 2000

typedef struct budget_line {
    int64_t id;
    const char *code, *name, *grp, *valid_from, *valid_to, *source;
} budget_line;

/* Lines in force at some day of year (catalogue order); arena. Count or -1. */
int budget_lines_of_year(ctx *c, int year, budget_line **rows_r);
const char *budget_grp_label(const char *grp);

/* The catalogue as kept on its page (budget_lines.c): every line, retired ones too. */
typedef struct budget_line_row {
    int64_t id, parent_id;
    const char *code, *name, *grp, *kind, *parent_name, *valid_from, *valid_to, *source;
    int uses; /* amounts and spending entries on it */
} budget_line_row;
typedef struct budget_line_in {
    const char *code, *name, *grp /* THUONG_XUYEN|DAC_THU */, *kind /* CHI|THU */;
    const char *valid_from /* a new line only */, *source;
    int64_t parent_id;  /* 0: none */
    int name_from_year; /* an edit's new name applies from this year (0: this year); the years
                           before keep the former name */
} budget_line_in;
/* Who keeps the catalogue: the administrator, the office leader and clerk of the top
 * committee's office (one catalogue for the installation). */
bool budget_may_manage_lines(ctx *c);
const char *budget_line_kind_label(const char *kind);
/* Every line (id 0) or the one of id. Count or -1. */
int budget_lines_all(ctx *c, int64_t id, budget_line_row **rows_r);
/* Adds (id 0) or edits a line; a duplicate code is refused (409). Audited. The id or -1. */
int64_t budget_line_save(ctx *c, int64_t id, const budget_line_in *in, web_err *e);
/* Retires a line from date `from` (its last day in force is the day before): years before keep
 * it. Refused (409) while a draft, submitted or approved budget of a year it would no longer
 * cover holds an amount on it. 0 or -1. */
int budget_line_retire(ctx *c, int64_t id, const char *from, web_err *e);

typedef struct budget {
    int64_t id, unit_id, supersedes_id, outgoing_id;
    int year, version;
    const char *kind, *status, *note, *created_at, *submitted_at, *approved_at;
    const char *unit_name, *outgoing_notation;
    int64_t total;
} budget;

const char *budget_kind_label(const char *kind);
const char *budget_status_label(const char *status);
extern const char *const budget_kinds[]; /* DU_TOAN, QUYET_TOAN */

/* A budget the caller may see, else NULL. */
const budget *budget_get(ctx *c, int64_t id);
/* Budgets visible to the caller for year (0 = all), unit (0 = all in scope). Count or -1. */
int budget_list(ctx *c, int year, int64_t unit_id, budget **rows_r);
/* The amounts of a budget by line id (arena array aligned with lines of its year). */
typedef struct budget_amount {
    int64_t line_id, amount;
    const char *line_name;
} budget_amount;
int budget_amounts(ctx *c, int64_t budget_id, budget_amount **rows_r);

bool budget_may_enter(ctx *c, int64_t unit_id);
bool budget_may_submit(ctx *c, const budget *b);
bool budget_may_approve(ctx *c, const budget *b);

/* Parses an amount typed on a page ("1.500.000", "1500000"): 0 and *out, or -1 (negative, a
 * fraction, not a number). */
int budget_parse_amount(const char *s, int64_t *out);

/* Creates a draft estimate (unit, year) with amounts (line id → amount, n pairs). New id or -1
 * with e filled. Nothing is written on a refusal. */
int64_t budget_create_estimate(ctx *c, int64_t unit_id, int year, const int64_t *line_ids,
                               const int64_t *amounts, int n, const char *note, web_err *e);
/* Replaces the amounts of a draft. 0 or -1. */
int budget_set_amounts(ctx *c, int64_t id, const int64_t *line_ids, const int64_t *amounts, int n,
                       web_err *e);
int budget_submit(ctx *c, int64_t id, web_err *e);
int budget_approve(ctx *c, int64_t id, web_err *e);
/* The approving decision as an outgoing draft (quyết định): its id or -1. */
int64_t budget_issue(ctx *c, int64_t id, web_err *e);
/* A new draft version of an approved budget (amounts copied; a settlement's recomputed from
 * the spending). New id or -1. */
int64_t budget_revise(ctx *c, int64_t id, web_err *e);
/* The settlement of (unit, year) from the spending; refused before the year has ended. */
int64_t budget_settle(ctx *c, int64_t unit_id, int year, web_err *e);

typedef struct budget_spend {
    int64_t id, unit_id, line_id, amount;
    int year;
    bool over;
    const char *spent_on, *voucher_no, *note, *line_name, *unit_name;
} budget_spend;
typedef struct budget_spend_in {
    int64_t unit_id, line_id, amount;
    const char *spent_on, *voucher_no, *note;
} budget_spend_in;
/* Records a spending entry against the approved estimate of its year. New id or -1. *warn_r
 * (may be NULL) gets a Vietnamese warning when the line went over its estimate (rule
 * budget.overspend = warn; with refuse the entry is refused, 422). */
int64_t budget_spend_add(ctx *c, const budget_spend_in *in, const char **warn_r, web_err *e);
int budget_spending(ctx *c, int64_t unit_id, int year, budget_spend **rows_r);

/* The report: per line and per organisation of the subtree of root (in the caller's scope). */
typedef struct budget_fig {
    int64_t estimate, spent, settled;
} budget_fig;
typedef struct budget_report_line {
    int64_t line_id;
    const char *name;
    budget_fig f;
} budget_report_line;
typedef struct budget_report_unit {
    int64_t unit_id, parent_id;
    const char *name;
    int depth;
    budget_fig own, tree; /* its own budget; with every unit below it */
} budget_report_unit;
typedef struct budget_report {
    int year;
    int64_t root_id;
    budget_report_line *lines;
    int n_lines;
    budget_report_unit *units;
    int n_units;
    budget_fig total;
} budget_report;
int budget_report_build(ctx *c, int year, int64_t root_id, budget_report *r, web_err *e);
/* The report's root when none is asked: the caller's committee, or their own unit when the
 * committee is outside their scope (a specialist). */
int64_t budget_report_default_root(ctx *c);

/* The budget calendar of year: the estimate submission date (year before) and the settlement
 * date (year after), from the rule keys. Arena strings "YYYY-MM-DD". */
void budget_calendar(ctx *c, int year, const char **estimate_due_r, const char **settle_due_r);

void budget_init(void);
void budget_routes(void);

#endif
