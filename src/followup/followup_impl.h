#ifndef VP_FOLLOWUP_IMPL_H
#define VP_FOLLOWUP_IMPL_H
/* Private to followup/: the task row's columns, the visibility rule in SQL, small helpers
 * shared by the service files. */
#include "followup/followup.h"

/* The columns fu_row_task reads, in order; t is followup_tasks. */
#define FU_TASK_COLS                                                                               \
    "t.id, t.unit_id, coalesce(t.source_id, 0), coalesce(t.leader_user_id, 0), t.lead_unit_id, "   \
    "t.created_by, coalesce(t.completion_outgoing_id, 0), coalesce(t.reported_by, 0), "            \
    "coalesce(t.confirmed_by, 0), coalesce(t.cancelled_by, 0), t.source_kind, t.source_title, "    \
    "t.source_clause, t.content, t.assigned_by, t.due_date, t.original_due, t.created_at, "        \
    "t.assigned_on, t.completed_on, t.completion_note, t.completion_filename, t.reported_at, "     \
    "t.confirmed_on, t.cancelled_on, t.cancel_reason, t.priority, t.secrecy, "                     \
    "(SELECT name FROM units WHERE id = t.unit_id), (SELECT name FROM units WHERE id = "           \
    "t.lead_unit_id), (SELECT name FROM users WHERE id = t.leader_user_id), "                      \
    "t.completion_sha256 IS NOT NULL, EXISTS (SELECT 1 FROM followup_extensions x WHERE "          \
    "x.task_id = t.id AND x.status = 'pending')"
#define FU_TASK_NCOLS 33

/* Who may see a task (the unary + keeps SQLite from turning the OR into one index search per
 * unit of the scope: one pass over the report's covering index is cheaper), for statements that
 * bind ?S (the scope as JSON), ?K (1 when the caller sees secret tasks by role), ?U (the caller's
 * id), ?V (the caller's unit): the macro takes the four placeholders. */
#define FU_VISIBLE(S, K, U, V)                                                                     \
    "(+t.unit_id IN (SELECT value FROM json_each(" S                                               \
    ")) OR +t.lead_unit_id IN (SELECT value FROM "                                                 \
    "json_each(" S ")) OR EXISTS (SELECT 1 FROM followup_task_units x WHERE x.task_id = t.id "     \
    "AND x.unit_id IN (SELECT value FROM json_each(" S ")))) AND (t.secrecy = 0 OR " K " = 1 OR "  \
    "t.created_by = " U " OR t.lead_unit_id = " V ")"

/* The deadline in force on the as-of day A: the last extension approved by then, else the
 * first deadline (most tasks never moved: no lookup for them). */
#define FU_DUE_ASOF(A)                                                                             \
    "(CASE WHEN t.due_date IS t.original_due THEN t.due_date ELSE coalesce((SELECT e.new_due "     \
    "FROM followup_extensions e WHERE e.task_id = t.id AND e.status = 'approved' AND "             \
    "e.decided_on <= " A " ORDER BY e.decided_on DESC, e.id DESC LIMIT 1), t.original_due) END)"

void fu_row_task(ctx *c, db_stmt *s, fu_task *t);
/* Registers fu_status() on the connection once (the first read of a thread's connection). */
int fu_sql_ready(db *d);
/* The same on a connection being opened (db_add_open_hook). */
int fu_sql_open_hook(void *sqlite_handle);
bool fu_sees_secret(const ctx *c);
const char *fu_today(ctx *c);
/* Trimmed copy in the arena, NULL when empty. */
const char *fu_trim(ctx *c, const char *s);
/* Stores an uploaded file in the blob store; its sniffed type and cleaned name. 0 or -1 with
 * the message in e (field). */
int fu_store_upload(ctx *c, const http_upload *u, const char *field, const char **mime_r,
                    const char **name_r, web_err *e);
/* A unit to assign to: exists, lies in the caller's committee tree, active — else a message
 * (naming the successor of a dissolved unit) into e under field. */
bool fu_check_unit(ctx *c, int64_t unit_id, const char *field, web_err *e);
/* A deadline: a date on a working day; else a message under field and, for a day off, the
 * next working day in suggestion. */
bool fu_check_due(ctx *c, const char *due, const char *field, char suggestion[11], web_err *e);

#endif
