/* Văn bản đến: the visibility rule, reading one record, its trace events and its JSON. The
 * list is incoming_list.c, registration incoming_register.c, the handling shown on the page
 * incoming_trace.c; routing lives in tasks/, the electronic queue in exchange/. */
#include "web/dates.h"
#include "web/errors.h"
#include "incoming/incoming.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "web/respond.h"
#include "audit/audit.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "files/files.h"
#include "catalog/catalog.h"
#include "catalog/vocab.h"
#include "incoming/incoming_impl.h"
#include "exchange/exchange.h"
#include "notify/notify.h"
#include "org/org.h"
#include "docno/docno.h"

static const db_query q_event_add = {
    "incoming.event_add",
    "INSERT INTO incoming_events (incoming_id, at, actor_id, kind, assignment_id, text, old_due,"
    " new_due) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    NULL,
};

int incoming_event_add(db *d, int64_t incoming_id, int64_t actor_id, const char *kind,
                       int64_t assignment_id, const char *text, const char *old_due,
                       const char *new_due, const char *at)
{
    db_stmt *s = db_stmt_get(d, &q_event_add);
    if (!s)
        return -1;
    db_bind_int(s, 1, incoming_id);
    db_bind_text(s, 2, at);
    if (actor_id > 0)
        db_bind_int(s, 3, actor_id);
    else
        db_bind_null(s, 3);
    db_bind_text(s, 4, kind);
    if (assignment_id > 0)
        db_bind_int(s, 5, assignment_id);
    else
        db_bind_null(s, 5);
    db_bind_text(s, 6, text);
    db_bind_text(s, 7, old_due);
    db_bind_text(s, 8, new_due);
    return db_exec(s) == DB_DONE ? 0 : -1;
}

/* ---- visibility ------------------------------------------------------------------------- */

static const db_query q_may_see = {
    "incoming.may_see",
    "SELECT 1 FROM incoming i WHERE i.id = ?5 AND " IN_VISIBLE_SQL,
    NULL,
};

bool incoming_may_see(ctx *c, int64_t id)
{
    if (!c->user || id <= 0)
        return false;
    db_stmt *s = db_stmt_get(c->db, &q_may_see);
    if (!s)
        return false;
    docs_vis_bind(c, s);
    db_bind_int(s, 5, id);
    bool ok = db_step(s) == DB_ROW;
    db_reset(s);
    return ok;
}

bool incoming_may_register(ctx *c)
{
    return c->user && (c->user->role == ROLE_CLERK || c->user->role == ROLE_OFFICE_LEADER);
}

/* A leader routes the documents of their own committee's register (its office's included, and
 * the registers passed to it by succession): a ward's arrivals wait for the ward's leaders,
 * even where the city's leaders may read them. */
bool incoming_may_assign(ctx *c, const incoming *r)
{
    return c->user && role_is_leader(c->user->role) && r->status &&
           strcmp(r->status, "recalled") != 0 && strcmp(r->status, "done") != 0 &&
           org_unit_in_scope(c, r->unit_id) &&
           !org_register_below(c->db, r->unit_id, c->user->unit_id);
}

/* ---- reading ---------------------------------------------------------------------------- */

static const db_query q_get = {
    "incoming.get",
    "SELECT " IN_COLS IN_FROM " WHERE i.id = ?5 AND " IN_VISIBLE_SQL,
    DB_PG_SQLITE "SELECT " IN_COLS_PG IN_FROM_PG " WHERE i.id = ?5 AND " IN_VISIBLE_SQL,
};

static const char *col_str(ctx *c, db_stmt *s, int i)
{
    return arena_strdup(c->a, db_col_text(s, i));
}

void in_row_read(ctx *c, db_stmt *s, incoming *r, const char *today)
{
    int k = 0;
    r->id = db_col_int(s, k++);
    r->unit_id = db_col_int(s, k++);
    r->unit_name = col_str(c, s, k++);
    r->year = (int)db_col_int(s, k++);
    r->arrival_number = db_col_int(s, k++);
    r->arrival_date = col_str(c, s, k++);
    r->arrived_at = col_str(c, s, k++);
    r->channel = col_str(c, s, k++);
    r->inbox_id = db_col_int(s, k++);
    r->issuer_unit_id = db_col_int(s, k++);
    r->issuer_name = col_str(c, s, k++);
    r->code = col_str(c, s, k++);
    r->code_norm = col_str(c, s, k++);
    r->doc_type = col_str(c, s, k++);
    r->doc_type_name = col_str(c, s, k++);
    r->issued_date = col_str(c, s, k++);
    r->subject = col_str(c, s, k++);
    r->signer = col_str(c, s, k++);
    r->pages = (int)db_col_int(s, k++);
    r->secrecy = (int)db_col_int(s, k++);
    r->urgency = (int)db_col_int(s, k++);
    r->due_date = col_str(c, s, k++);
    r->notes = col_str(c, s, k++);
    r->duplicate_of = db_col_int(s, k++);
    r->duplicate_reason = col_str(c, s, k++);
    r->status = col_str(c, s, k++);
    r->lead_unit_id = db_col_int(s, k++);
    r->lead_user_id = db_col_int(s, k++);
    r->lead_name = col_str(c, s, k++);
    r->deadline = col_str(c, s, k++);
    r->routed_at = col_str(c, s, k++);
    r->done_at = col_str(c, s, k++);
    r->reply_code = col_str(c, s, k++);
    r->progress = col_str(c, s, k++);
    r->registered_by = db_col_int(s, k++);
    r->registered_by_name = col_str(c, s, k++);
    r->overdue =
        strcmp(r->status, "assigned") == 0 && r->deadline && strcmp(r->deadline, today) < 0;
}

const incoming *incoming_get(ctx *c, int64_t id, bool audit_open)
{
    if (!c->user || id <= 0)
        return NULL;
    db_stmt *s = db_stmt_get(c->db, &q_get);
    if (!s)
        return NULL;
    docs_vis_bind(c, s);
    db_bind_int(s, 5, id);
    incoming *r = NULL;
    if (db_step(s) == DB_ROW) {
        r = arena_alloc(c->a, sizeof *r);
        in_row_read(c, s, r, web_today(c));
    }
    db_reset(s);
    /* Every opening of a secret document is on the record (issue 3, "Secrecy"). */
    if (r && audit_open && r->secrecy > 0 && db_begin_write(c->db) == 0) {
        if (audit_log(c->db, c->user, "doc.open_secret", "incoming", id, NULL, NULL) == 0)
            db_commit(c->db);
        else
            db_rollback(c->db);
    }
    return r;
}

/* ---- opened ---------------------------------------------------------------------------- */

static const db_query q_read_has = {
    "incoming.read_has",
    "SELECT 1 FROM incoming_reads WHERE user_id = ?1 AND incoming_id = ?2",
    NULL,
};
static const db_query q_read_add = {
    "incoming.read_add",
    "INSERT OR IGNORE INTO incoming_reads (user_id, incoming_id, read_at) VALUES (?1, ?2, ?3)",
    NULL,
};
static const db_query q_read_of = {
    "incoming.read_of",
    "SELECT incoming_id FROM incoming_reads WHERE user_id = ?1"
    " AND incoming_id IN (SELECT value FROM json_each(?2))",
    NULL,
};

int incoming_mark_opened(ctx *c, int64_t id)
{
    if (!c->user || id <= 0)
        return -1;
    db_stmt *s = db_stmt_get(c->db, &q_read_has);
    if (!s)
        return -1;
    db_bind_int(s, 1, c->user->id);
    db_bind_int(s, 2, id);
    bool seen = db_step(s) == DB_ROW;
    db_reset(s);
    if (seen) /* the common case: a read, no write transaction */
        return 0;
    if (db_begin_write(c->db) != 0)
        return -1;
    s = db_stmt_get(c->db, &q_read_add);
    if (!s) {
        db_rollback(c->db);
        return -1;
    }
    db_bind_int(s, 1, c->user->id);
    db_bind_int(s, 2, id);
    db_bind_text(s, 3, web_now_iso(c));
    if (db_exec(s) != DB_DONE) {
        db_rollback(c->db);
        return -1;
    }
    return db_commit(c->db) == 0 ? 0 : -1;
}

int incoming_opened(ctx *c, const incoming *rows, int n, bool *opened_r)
{
    if (n <= 0)
        return 0;
    int64_t *ids = arena_alloc(c->a, (size_t)n * sizeof *ids);
    for (int i = 0; i < n; i++) {
        ids[i] = rows[i].id;
        opened_r[i] = c->user && rows[i].registered_by == c->user->id;
    }
    if (!c->user)
        return 0;
    strbuf sb = STRBUF_INIT;
    sb_add_ids(&sb, ids, n);
    db_stmt *s = db_stmt_get(c->db, &q_read_of);
    if (!s) {
        sb_free(&sb);
        return -1;
    }
    db_bind_int(s, 1, c->user->id);
    db_bind_text(s, 2, sb_str(&sb));
    int rc;
    while ((rc = db_step(s)) == DB_ROW) {
        int64_t id = db_col_int(s, 0);
        for (int i = 0; i < n; i++)
            if (ids[i] == id)
                opened_r[i] = true;
    }
    db_reset(s);
    sb_free(&sb);
    return rc == DB_DONE ? 0 : -1;
}

/* ---- JSON ------------------------------------------------------------------------------- */

json_t *incoming_json(ctx *c, const incoming *r, bool full)
{
    json_t *j = json_pack(
        "{s:I, s:I, s:s?, s:i, s:I, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?,"
        " s:s, s:s, s:s, s:s?, s:s?, s:s?, s:b}",
        "id", (json_int_t)r->id, "unit_id", (json_int_t)r->unit_id, "unit_name", r->unit_name,
        "year", r->year, "arrival_number", (json_int_t)r->arrival_number, "arrival_date",
        r->arrival_date, "channel", r->channel, "issuer_name", r->issuer_name, "code", r->code,
        "code_normalised", r->code_norm, "doc_type", r->doc_type, "doc_type_name", r->doc_type_name,
        "issued_date", r->issued_date, "subject", r->subject, "signer", r->signer, "secrecy",
        secrecy_code(r->secrecy), "urgency", urgency_code(r->urgency), "status", r->status,
        "due_date", r->due_date, "deadline", r->deadline, "lead_name", r->lead_name, "overdue",
        r->overdue);
    json_object_set_new(j, "issuer_unit_id",
                        r->issuer_unit_id ? json_integer(r->issuer_unit_id) : json_null());
    json_object_set_new(j, "pages", r->pages ? json_integer(r->pages) : json_null());
    json_object_set_new(j, "lead_unit_id",
                        r->lead_unit_id ? json_integer(r->lead_unit_id) : json_null());
    json_object_set_new(j, "lead_user_id",
                        r->lead_user_id ? json_integer(r->lead_user_id) : json_null());
    json_object_set_new(j, "routed_at", r->routed_at ? json_string(r->routed_at) : json_null());
    json_object_set_new(j, "done_at", r->done_at ? json_string(r->done_at) : json_null());
    json_object_set_new(j, "reply_code", r->reply_code ? json_string(r->reply_code) : json_null());
    json_object_set_new(j, "progress", r->progress ? json_string(r->progress) : json_null());
    json_object_set_new(j, "urgent", json_boolean(urgency_is_urgent(r->urgency)));
    if (r->duplicate_of) {
        json_object_set_new(j, "duplicate_of", json_integer(r->duplicate_of));
        json_object_set_new(j, "duplicate_reason",
                            json_string(r->duplicate_reason ? r->duplicate_reason : ""));
    }
    if (!full)
        return j;
    json_object_set_new(j, "notes", r->notes ? json_string(r->notes) : json_null());
    json_object_set_new(j, "registered_by",
                        json_string(r->registered_by_name ? r->registered_by_name : ""));
    in_assignment *as;
    int n = incoming_assignments(c, r->id, &as);
    json_t *arr = json_array();
    for (int i = 0; i < n; i++) {
        json_t *a = json_pack("{s:I, s:s, s:s?, s:s?, s:s?, s:s, s:s?, s:s?, s:b}", "id",
                              (json_int_t)as[i].id, "kind", as[i].kind, "to_name", as[i].to_name,
                              "due_date", as[i].due_date, "instruction", as[i].instruction,
                              "status", as[i].status, "assigned_at", as[i].assigned_at, "done_at",
                              as[i].done_at, "overdue", as[i].overdue);
        json_object_set_new(a, "to_unit_id",
                            as[i].to_unit_id ? json_integer(as[i].to_unit_id) : json_null());
        json_object_set_new(a, "to_user_id",
                            as[i].to_user_id ? json_integer(as[i].to_user_id) : json_null());
        json_object_set_new(a, "parent_id",
                            as[i].parent_id ? json_integer(as[i].parent_id) : json_null());
        json_array_append_new(arr, a);
    }
    json_object_set_new(j, "assignments", arr);
    in_event *ev;
    n = incoming_trace(c, r->id, &ev);
    arr = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(arr, json_pack("{s:s, s:s?, s:s, s:s?, s:s?, s:s?}", "at", ev[i].at,
                                             "actor", ev[i].actor_name, "kind", ev[i].kind, "text",
                                             ev[i].text, "old_due", ev[i].old_due, "new_due",
                                             ev[i].new_due));
    json_object_set_new(j, "trace", arr);
    json_object_set_new(j, "attachments", attach_json(c, "in", r->id));
    if (r->inbox_id)
        json_object_set_new(j, "body", json_string(inbox_body(c, r->inbox_id)));
    return j;
}

static incoming_reply_fn reply_hook;

void incoming_on_reply(incoming_reply_fn fn)
{
    reply_hook = fn;
}

int incoming_reply_issued(ctx *c, int64_t id, const char *reply_code)
{
    return reply_hook ? reply_hook(c, id, reply_code) : 0;
}
