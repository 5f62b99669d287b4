/* outgoing_routes(): every page and API call of the outgoing side, and the picker of
 * recipient units. */
#include "files/files.h"
#include "catalog/catalog.h"
#include "outgoing/outgoing.h"
#include "outgoing/outgoing_impl.h"
#include "audit/audit.h"
#include "web/records.h"
#include "audit/audit.h"

/* Active units of the tree (units table of 001_org.sql), in the tree's order. */
static const db_query q_units = {
    "outgoing.recipient_units",
    "SELECT id, name FROM units WHERE valid_to IS NULL OR valid_to >= date('now', '+7 hours') "
    "ORDER BY sort_order, id",
    NULL,
};

void outgoing_units_each(ctx *c, unit_pick_cb cb, void *arg)
{
    db_stmt *s = db_stmt_get(c->db, &q_units);
    int n = 0, cap = 1000;
    int64_t *ids = arena_alloc(c->a, sizeof *ids * (size_t)cap);
    const char **names = arena_alloc(c->a, sizeof *names * (size_t)cap);
    while (s && n < cap && db_step(s) == DB_ROW) {
        ids[n] = db_col_int(s, 0);
        names[n] = arena_strdup(c->a, db_col_text(s, 1));
        n++;
    }
    if (s)
        db_reset(s);
    for (int i = 0; i < n; i++)
        cb(c, ids[i], names[i], arg);
}

static int record_visible_out(ctx *c, int64_t id, int *secrecy_r)
{
    const outgoing *o = outgoing_get(c, id);
    if (!o)
        return 0;
    *secrecy_r = o->secrecy;
    return 1;
}

/* The audit trail's resolver (audit.h): an outgoing row (subject, versions, notes, recall
 * reason, attachment filenames) shows its contents to whoever may see the document. */
static bool audit_sees_outgoing(ctx *c, const audit_row *row)
{
    return outgoing_may_see(c, row->entity_id);
}

void outgoing_init(void)
{
    record_kind_register("out", record_visible_out);
    audit_register_entity("outgoing", audit_sees_outgoing);
    outgoing_reply_init();
}

void outgoing_routes(void)
{
    outgoing_web_routes();
    outgoing_api_routes();
    outgoing_update_routes();
}
