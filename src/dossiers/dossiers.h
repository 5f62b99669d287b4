#ifndef VP_DOSSIER_H
#define VP_DOSSIER_H
/* Hồ sơ công việc (ND 30 Art. 28–31, Phụ lục V; DOMAIN.md §2.3): the unit's yearly dossier plan
 * (danh mục hồ sơ), opening dossiers, filing documents, closing, and the hand-over warning.
 *
 * Tables (013_files.sql): dossier_headings (Roman-numbered major headings, Arabic-numbered
 * sub-headings), dossiers (a plan entry; opened → closed), dossier_docs.
 *   dossier number (code) = two-digit ordinal within the unit's year + "." + heading abbr,
 *   e.g. "03.TH"; retention: NULL = Vĩnh viễn, else N years; hand-over due = closing date +
 *   1 year; the warning shows from 30 days before it (DOSSIER_WARN_DAYS).
 *
 * Permissions: anyone with the unit in scope sees the plan (documents inside a dossier are
 * listed only when the caller may see them); the plan is edited by the unit's clerk and
 * leaders; a dossier is opened, filled and closed by its responsible person, the clerk or a
 * leader. Every change is audited in its transaction. */
#include <stdbool.h>
#include <stdint.h>

#include "audit/audit.h"
#include "web/ctx.h"

#define DOSSIER_WARN_DAYS 30

typedef struct dossier {
    int64_t id, unit_id, heading_id, responsible_id;
    int year, ordinal;
    const char *code, *title;
    int retention_years; /* 0 = Vĩnh viễn */
    const char *status;  /* planned, open, closed */
    const char *opened_on, *closed_on, *handover_due;
    const char *heading_title;
    int doc_count; /* documents filed that the caller may see (dossier_docs_each) */
} dossier;

typedef struct dossier_heading {
    int64_t id, parent_id;
    int ordinal;
    const char *numeral; /* "I", "II" for major headings, "1", "2" below */
    const char *title, *abbr;
} dossier_heading;

/* "I", "IV", "XII" (1..3999) into c->a. */
const char *dossier_roman(ctx *c, int n);
const char *dossier_retention_label(ctx *c, int years); /* "Vĩnh viễn" or "10 năm" */

int64_t dossier_heading_add(ctx *c, int64_t unit_id, int year, int64_t parent_id, const char *title,
                            const char *abbr, const char **err_r, int *status_r);
int64_t dossier_plan_add(ctx *c, int64_t heading_id, const char *title, int retention_years,
                         int64_t responsible_id, const char **err_r, int *status_r);
int dossier_open(ctx *c, int64_t id, const char **err_r, int *status_r);
int dossier_close(ctx *c, int64_t id, const char **err_r, int *status_r);
/* Files a document (doc_kind "in"|"out") the caller may see into an open dossier. */
int dossier_file(ctx *c, int64_t id, const char *doc_kind, int64_t doc_id, const char **err_r,
                 int *status_r);

/* NULL when absent or out of scope. */
const dossier *dossier_get(ctx *c, int64_t id);
/* Headings of a unit's year plan in order (major then its sub-headings). */
int dossier_headings(ctx *c, int64_t unit_id, int year, dossier_heading **list_r);
/* The plan entries of a unit's year, in code order. */
int dossier_list(ctx *c, int64_t unit_id, int year, dossier **list_r);
/* Closed dossiers in the caller's scope whose hand-over falls due within DOSSIER_WARN_DAYS
 * (or is overdue). */
int dossier_due_soon(ctx *c, dossier **list_r);

typedef void (*dossier_doc_cb)(ctx *c, const char *doc_kind, int64_t doc_id, int ordinal,
                               void *arg);
/* Documents filed in the dossier that the caller may see, in filing order; cb may be NULL
 * (count only). Returns the count. */
int dossier_docs_each(ctx *c, int64_t id, dossier_doc_cb cb, void *arg);

bool dossier_may_manage(ctx *c, int64_t unit_id); /* edit the plan */

/* The audit trail's resolver for entity "dossier" (audit.h): a plan entry's rows to whoever
 * has its unit in scope (dossier.heading_add rows carry a heading's id: its unit); a filing
 * (dossier.file) only to whoever may also see the document filed, as the dossier's page
 * lists it. */
bool dossier_audit_may_see(ctx *c, const audit_row *row);

void dossier_routes(void); /* /dossiers, /dossiers/{id}, /api/v1/dossiers…, home section */
/* Registers "Đưa vào hồ sơ" in the document pages' places "in.dossier" and "out.dossier". */
void dossier_init(void);

#endif
