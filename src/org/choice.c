/* Choices for forms that name units or people (routing, registration): every active unit and
 * the active people of one unit (org.h). */
#include "org/org_impl.h"

#include "web/dates.h"

static const db_query q_units_all = {
    "org.choice_units",
    "SELECT id, name FROM units WHERE valid_to IS NULL OR valid_to >= ?1"
    " ORDER BY sort_order, id",
    NULL,
};
static const db_query q_people_all = {
    "org.choice_people",
    "SELECT u.id, u.name, u.unit_id, n.name, u.role FROM users u JOIN units n ON"
    " n.id = u.unit_id WHERE u.disabled = 0 AND u.role NOT IN ('admin', 'unit')"
    " AND (?1 = 0 OR u.unit_id = ?1) ORDER BY n.sort_order, n.id, u.name",
    NULL,
};

int org_choice_units(ctx *c, org_choice **rows_r)
{
    *rows_r = NULL;
    db_stmt *s = db_stmt_get(c->db, &q_units_all);
    if (!s)
        return -1;
    db_bind_text(s, 1, web_today(c));
    int n = 0, cap = 32;
    org_choice *v = arena_alloc(c->a, (size_t)cap * sizeof *v);
    while (db_step(s) == DB_ROW) {
        ARENA_GROW(c->a, v, n, cap);
        v[n].id = db_col_int(s, 0);
        v[n].name = arena_strdup(c->a, db_col_text(s, 1));
        n++;
    }
    db_reset(s);
    *rows_r = v;
    return n;
}

int org_choice_people(ctx *c, int64_t unit_id, org_choice **rows_r)
{
    *rows_r = NULL;
    db_stmt *s = db_stmt_get(c->db, &q_people_all);
    if (!s)
        return -1;
    db_bind_int(s, 1, unit_id);
    int n = 0, cap = 32;
    org_choice *v = arena_alloc(c->a, (size_t)cap * sizeof *v);
    while (db_step(s) == DB_ROW) {
        ARENA_GROW(c->a, v, n, cap);
        v[n].id = db_col_int(s, 0);
        v[n].name = arena_printf(c->a, "%s (%s)", db_col_text(s, 1), db_col_text(s, 3));
        v[n].unit_id = db_col_int(s, 2);
        n++;
    }
    db_reset(s);
    *rows_r = v;
    return n;
}
