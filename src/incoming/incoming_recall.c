/* A recall by the sender (thu hồi, DOMAIN.md §2.1) as it reaches a record registered from the
 * electronic queue: exchange/ calls this through inbox_on_recall, inside its transaction. */
#include "incoming/incoming_impl.h"

#include "exchange/exchange.h"
#include "notify/notify.h"

static const db_query q_recall_incoming = {
    "incoming.recall",
    "UPDATE incoming SET status = 'recalled', updated_at = ?2 WHERE id = ?1",
    NULL,
};
static const db_query q_recall_assignments = {
    "incoming.recall_assignments",
    "UPDATE incoming_assignments SET status = 'cancelled' WHERE incoming_id = ?1"
    " AND status IN ('open', 'passed') RETURNING to_user_id, to_unit_id",
    NULL,
};

static int on_recall(db *d, int64_t incoming_id, const char *text, const char *now)
{
    int result = 0, rc;
    db_stmt *s;
    /* Soft withdrawal (DOMAIN.md §2.1): the record keeps its arrival number in the
     * register, leaves every to-do list, and its handlers are told. */
    if (!(s = db_stmt_get(d, &q_recall_incoming)))
        result = -1;
    else {
        db_bind_int(s, 1, incoming_id);
        db_bind_text(s, 2, now);
        if (db_exec(s) != DB_DONE)
            result = -1;
    }
    if (result >= 0 && (s = db_stmt_get(d, &q_recall_assignments))) {
        db_bind_int(s, 1, incoming_id);
        int64_t users[64], units[64];
        int nu = 0, nn = 0;
        while ((rc = db_step(s)) == DB_ROW) {
            if (!db_col_null(s, 0) && nu < 64)
                users[nu++] = db_col_int(s, 0);
            else if (!db_col_null(s, 1) && nn < 64)
                units[nn++] = db_col_int(s, 1);
        }
        db_reset(s);
        if (rc != DB_DONE)
            result = -1;
        for (int k = 0; result >= 0 && k < nu; k++)
            if (notify_user(d, users[k], NOTIFY_RECALLED, "in", incoming_id, text))
                result = -1;
        for (int k = 0; result >= 0 && k < nn; k++)
            if (notify_unit_role(d, units[k], ROLE_OFFICE_LEADER, NOTIFY_RECALLED, "in",
                                 incoming_id, text))
                result = -1;
    }
    if (result >= 0 &&
        incoming_event_add(d, incoming_id, 0, "recall", 0, text, NULL, NULL, now) != 0)
        result = -1;
    return result;
}

void incoming_recall_init(void)
{
    inbox_on_recall(on_recall);
}
