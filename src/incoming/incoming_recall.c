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

/* The sender's update (edXML business 2) of a registered record: its header follows the
 * corrected one, the trace says what changed and why, and whoever holds it now is told — the
 * lead handler, else the unit's leaders who route it. */
static const db_query q_update_incoming = {
    "incoming.sender_update",
    "UPDATE incoming SET subject = COALESCE(NULLIF(?2, ''), subject),"
    " due_date = CASE WHEN ?3 IS NULL THEN due_date WHEN ?3 = '' THEN NULL ELSE ?3 END,"
    " signer = CASE WHEN ?4 IS NULL THEN signer WHEN ?4 = '' THEN NULL ELSE ?4 END,"
    " updated_at = ?5 WHERE id = ?1 AND status <> 'recalled'"
    " RETURNING lead_user_id, lead_unit_id, unit_id",
    NULL,
};

static int on_update(db *d, int64_t incoming_id, const inbox_change *ch, const char *text,
                     const char *now)
{
    db_stmt *s = db_stmt_get(d, &q_update_incoming);
    if (!s)
        return -1;
    db_bind_int(s, 1, incoming_id);
    db_bind_text(s, 2, ch->subject);
    db_bind_text(s, 3, ch->due_date);
    db_bind_text(s, 4, ch->signer);
    db_bind_text(s, 5, now);
    int rc = db_step(s);
    int64_t handler = rc == DB_ROW && !db_col_null(s, 0) ? db_col_int(s, 0) : 0;
    int64_t lead_unit = rc == DB_ROW && !db_col_null(s, 1) ? db_col_int(s, 1) : 0;
    int64_t unit = rc == DB_ROW ? db_col_int(s, 2) : 0;
    if (rc == DB_ROW)
        rc = db_step(s);
    db_reset(s);
    if (rc != DB_DONE)
        return -1;
    if (!unit)
        return 0; /* recalled meanwhile: nothing to correct */
    if (incoming_event_add(d, incoming_id, 0, "sender_update", 0, text, NULL, NULL, now) != 0)
        return -1;
    if (handler)
        return notify_user(d, handler, NOTIFY_INFO, "in", incoming_id, text) ? -1 : 0;
    return notify_unit_role(d, lead_unit ? lead_unit : unit, ROLE_OFFICE_LEADER, NOTIFY_INFO, "in",
                            incoming_id, text)
               ? -1
               : 0;
}

void incoming_recall_init(void)
{
    inbox_on_recall(on_recall);
    inbox_on_update(on_update);
}
