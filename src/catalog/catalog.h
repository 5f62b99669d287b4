#ifndef VP_CATALOG_H
#define VP_CATALOG_H
/* Editable catalogues of the documents module (DOMAIN.md §1.1–§1.2), kept as data because the
 * exact abbreviation tables of 399-QĐ/TW and 36-HD/VPTW could not be verified:
 *
 *   doc_types  — thể loại văn bản with their Party and state abbreviations (NQ, QĐ, CV…);
 *   terms      — nhiệm kỳ cấp ủy (committee terms) that Party numbering restarts on;
 *   registers  — sổ văn bản đi: a unit's number register with its numbering policy.
 *
 * Tables (migration 010_catalog.sql):
 *   doc_types(code TEXT PRIMARY KEY, name, abbr_party, abbr_state, sort_order)
 *     abbr_state NULL = the state form carries no type (công văn: "12/UBND").
 *   terms(id, unit_id, name, starts_on, ends_on)   dates "YYYY-MM-DD", ends_on inclusive,
 *     NULL while the term runs.
 *   registers(id, unit_id, term_unit_id, name, policy 'party'|'state', issuer_abbr,
 *     signer_role, active)
 *     term_unit_id: the committee whose terms the Party sequence follows (the Thành ủy for the
 *     VPTU register); signer_role: "committee-leader" or "office-leader" (who may sign).
 *
 * Reads need no permission (the catalogues are public inside the office); writes are for the
 * admin role and audited. Strings returned live in c->a. */
#include <stdbool.h>
#include <stdint.h>

#include "web/ctx.h"

enum register_policy {
    POLICY_PARTY = 0, /* per type per committee term, secret documents in the same sequence */
    POLICY_STATE = 1, /* per year (ND 30 Art. 15), secret documents in a separate sequence */
};

typedef struct doc_type {
    const char *code;       /* "cong_van" — the API's doc_type value */
    const char *name;       /* "Công văn" */
    const char *abbr_party; /* "CV" */
    const char *abbr_state; /* NULL when the state form has no type code */
    int sort_order;
} doc_type;

typedef struct term {
    int64_t id, unit_id;
    const char *name;      /* "Nhiệm kỳ 2020–2025" */
    const char *starts_on; /* "YYYY-MM-DD" */
    const char *ends_on;   /* NULL while running */
} term;

typedef struct doc_register {
    int64_t id, unit_id, term_unit_id;
    const char *name; /* "Sổ văn bản đi Văn phòng Thành ủy" */
    enum register_policy policy;
    const char *issuer_abbr; /* "VPTU", "TU", "UBND" */
    const char *signer_role; /* role code allowed to sign its documents */
    bool active;
} doc_register;

bool catalog_doc_type_exists(db *d, const char *code);
/* NULL when unknown. */
const doc_type *catalog_doc_type_get(ctx *c, const char *code);
/* All types in sort order; returns the count (array in c->a). */
int catalog_doc_types(ctx *c, doc_type **list_r);
/* Display name of a type code, or the code itself when unknown. */
const char *catalog_doc_type_name(ctx *c, const char *code);

/* The term of `unit_id` containing the date "YYYY-MM-DD"; 0 when none does (Party numbering
 * then refuses to issue, with a clear message). */
int64_t catalog_term_for_date(db *d, int64_t unit_id, const char *date);
int catalog_terms(ctx *c, int64_t unit_id /* 0 = all */, term **list_r);

const doc_register *catalog_register_get(ctx *c, int64_t id);
/* Registers the user may number with (units in scope), active ones first. */
int catalog_registers(ctx *c, doc_register **list_r);
/* The first active register of a unit, 0 if none. */
int64_t catalog_register_of_unit(db *d, int64_t unit_id);

/* Admin edits; each returns 0 (or the new id) or -1 with *err_r and *status_r. Audited. */
int catalog_doc_type_save(ctx *c, const char *code, const char *name, const char *abbr_party,
                          const char *abbr_state, int sort_order, const char **err_r,
                          int *status_r);
int64_t catalog_term_add(ctx *c, int64_t unit_id, const char *name, const char *starts_on,
                         const char *ends_on, const char **err_r, int *status_r);
int64_t catalog_register_add(ctx *c, int64_t unit_id, int64_t term_unit_id, const char *name,
                             enum register_policy policy, const char *issuer_abbr,
                             const char *signer_role, const char **err_r, int *status_r);

/* /admin/catalog page and its POST handlers; registered by outgoing_routes(). */
void catalog_routes(void);

#endif
