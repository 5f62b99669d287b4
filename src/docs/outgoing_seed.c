/* Demo data of the outgoing side for `init --demo` (DOMAIN.md §10), run after org_demo_seed:
 * committee terms of the Thành ủy, number registers for the city office and for every
 * commune-level committee. Clearly demo data; dates of terms are [inferred] from the congress
 * dates in DOMAIN.md §0 (1st Congress of the merged city, 26–28/9/2025). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "docs/outgoing.h"

static const db_query q_has_registers = {"seed.has_registers", "SELECT 1 FROM registers LIMIT 1",
                                         NULL};
/* Reads the org tree written by org_demo_seed (units table, 001_org.sql). */
static const db_query q_unit_by_abbr = {
    "seed.unit_by_abbr",
    "SELECT id FROM units WHERE abbr = ?1 AND valid_to IS NULL ORDER BY id LIMIT 1", NULL};
static const db_query q_root_active = {
    "seed.root_active",
    "SELECT id FROM units WHERE level = 'TINH' AND valid_to IS NULL ORDER BY id LIMIT 1", NULL};
static const db_query q_communes = {
    "seed.communes",
    "SELECT id, abbr, name FROM units WHERE level = 'XA' AND valid_to IS NULL ORDER BY id", NULL};
static const db_query q_term = {
    "seed.term", "INSERT INTO terms (unit_id, name, starts_on, ends_on) VALUES (?1, ?2, ?3, ?4)",
    NULL};
static const db_query q_register = {
    "seed.register",
    "INSERT INTO registers (unit_id, term_unit_id, name, policy, issuer_abbr, signer_role) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    NULL};

static int64_t one_id(db *d, const db_query *q, const char *arg)
{
    db_stmt *s = db_stmt_get(d, q);
    if (!s)
        return 0;
    if (arg)
        db_bind_text(s, 1, arg);
    int64_t id = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
    db_reset(s);
    return id;
}

static int add_term(db *d, int64_t unit, const char *name, const char *from, const char *to)
{
    db_stmt *s = db_stmt_get(d, &q_term);
    if (!s)
        return -1;
    db_bind_int(s, 1, unit);
    db_bind_text(s, 2, name);
    db_bind_text(s, 3, from);
    db_bind_text(s, 4, to);
    return db_exec(s) == DB_DONE ? 0 : -1;
}

static int add_register(db *d, int64_t unit, int64_t term_unit, const char *name,
                        const char *policy, const char *abbr, const char *signer_role)
{
    db_stmt *s = db_stmt_get(d, &q_register);
    if (!s)
        return -1;
    db_bind_int(s, 1, unit);
    db_bind_int(s, 2, term_unit);
    db_bind_text(s, 3, name);
    db_bind_text(s, 4, policy);
    db_bind_text(s, 5, abbr);
    db_bind_text(s, 6, signer_role);
    return db_exec(s) == DB_DONE ? 0 : -1;
}

typedef struct commune {
    int64_t id;
    char *abbr, *name;
} commune;

int docs_demo_seed(db *d, char **err_r)
{
    *err_r = NULL;
    if (one_id(d, &q_has_registers, NULL))
        return 0; /* already seeded */
    int64_t tu = one_id(d, &q_root_active, NULL);
    int64_t vptu = one_id(d, &q_unit_by_abbr, "VPTU");
    if (!tu || !vptu) {
        *err_r = strdup("docs demo seed: the demo org tree (Thành ủy, VPTU) is missing");
        return -1;
    }
    if (db_begin_write(d) != 0) {
        *err_r = strdup("docs demo seed: database busy");
        return -1;
    }
    int rc = 0;
    rc |= add_term(d, tu, "Nhiệm kỳ 2020–2025", "2020-10-17", "2025-09-28");
    rc |= add_term(d, tu, "Nhiệm kỳ 2025–2030", "2025-09-29", NULL);
    /* The office numbers in the name of the Thành ủy's office, following the committee's
     * terms; its documents are signed by the committee leaders. */
    rc |= add_register(d, vptu, tu, "Sổ văn bản đi Văn phòng Thành ủy", "party", "VPTU",
                       "office-leader");
    rc |= add_register(d, tu, tu, "Sổ văn bản đi Thành ủy", "party", "TU", "committee-leader");
    commune v[64];
    int n = 0;
    db_stmt *s = db_stmt_get(d, &q_communes);
    while (s && n < 64 && db_step(s) == DB_ROW) {
        v[n].id = db_col_int(s, 0);
        v[n].abbr = strdup(db_col_text(s, 1));
        v[n].name = strdup(db_col_text(s, 2));
        n++;
    }
    if (s)
        db_reset(s);
    for (int i = 0; i < n; i++) {
        /* Commune-level committees were formed on 1/7/2025 (DOMAIN.md §0). */
        char name[400];
        snprintf(name, sizeof name, "Sổ văn bản đi %s", v[i].name);
        rc |= add_term(d, v[i].id, "Nhiệm kỳ 2025–2030", "2025-07-01", NULL);
        rc |= add_register(d, v[i].id, v[i].id, name, "party", v[i].abbr, "committee-leader");
        free(v[i].abbr);
        free(v[i].name);
    }
    if (rc == 0)
        rc = audit_log(d, NULL, "docs.demo_seed", "registers", 0, NULL, NULL);
    if (rc != 0 || db_commit(d) != 0) {
        db_rollback(d);
        *err_r = strdup("docs demo seed: could not write terms and registers");
        return -1;
    }
    return 0;
}
