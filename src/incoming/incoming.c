/* Văn bản đến: registration with the arrival number, the visibility rule, reading and
 * listing. Routing lives in routing.c, the electronic queue in inbox.c. */
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
                 int64_t assignment_id, const char *text, const char *old_due, const char *new_due,
                 const char *at)
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

bool incoming_may_assign(ctx *c, const incoming *r)
{
    return c->user && role_is_leader(c->user->role) && r->status &&
           strcmp(r->status, "recalled") != 0 && strcmp(r->status, "done") != 0 &&
           org_unit_in_scope(c, r->unit_id);
}

/* ---- reading ---------------------------------------------------------------------------- */

#define IN_COLS                                                                                    \
    "i.id, i.unit_id, un.name, i.year, i.arrival_number, i.arrival_date, i.arrived_at,"            \
    " i.channel, i.inbox_id, i.issuer_unit_id, i.issuer_name, i.code, i.code_norm,"                \
    " i.doc_type, COALESCE(dt.name, i.doc_type), i.issued_date, i.subject, i.signer, i.pages,"     \
    " i.secrecy, i.urgency, i.due_date, i.notes, i.duplicate_of, i.duplicate_reason,"              \
    " i.status, i.lead_unit_id, i.lead_user_id, COALESCE(lus.name, lun.name), i.deadline,"         \
    " i.routed_at, i.done_at, i.reply_code, i.progress, i.registered_by, rb.name"
#define IN_FROM                                                                                    \
    " FROM incoming i JOIN units un ON un.id = i.unit_id"                                          \
    " LEFT JOIN doc_types dt ON dt.code = i.doc_type"                                              \
    " LEFT JOIN users lus ON lus.id = i.lead_user_id"                                              \
    " LEFT JOIN units lun ON lun.id = i.lead_unit_id"                                              \
    " LEFT JOIN users rb ON rb.id = i.registered_by"

static const db_query q_get = {
    "incoming.get",
    "SELECT " IN_COLS IN_FROM " WHERE i.id = ?5 AND " IN_VISIBLE_SQL,
    NULL,
};

static const char *col_str(ctx *c, db_stmt *s, int i)
{
    return arena_strdup(c->a, db_col_text(s, i));
}

static void row_read(ctx *c, db_stmt *s, incoming *r, const char *today)
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
        row_read(c, s, r, web_today(c));
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

/* ---- the list ---------------------------------------------------------------------------
 *
 * A filter written `?N IS NULL OR …` is one no index can serve, so each filter that narrows a
 * million records to a page has a statement whose WHERE clause an index can start from, and
 * incoming_list picks the statement in C:
 *
 *  - dates: always a range on arrival_date (an absent bound is bound as the widest value), so
 *    a year walks only that year;
 *  - "mine" and "overdue": from their indexes (assignments by person/unit; incoming by status
 *    and deadline), the sort kept off the date index (+i.arrival_date) so SQLite sorts the few
 *    rows instead (a home page at 100,000 documents took 250 ms before);
 *  - the caller's scope: a ward clerk sees one register in seven, so walking every register
 *    newest first and testing each row wastes six rows in seven (and a rejected row costs an
 *    assignment look-up). Instead each unit of the scope that holds records is walked on
 *    (unit_id, arrival_date) and the walks are merged newest first in C, and the few records
 *    visible from outside the scope (assigned to the caller or a unit in scope, secret ones
 *    the caller registered) come from their own indexes. The same walk serves a unit filter.
 *    Only the committee-wide roles, and scopes with more registers than IN_MERGE_MAX, walk
 *    the single date index (there nearly every row is visible).
 * The visibility rule itself is IN_VISIBLE_SQL, unchanged, in every statement: the start
 * points only choose which rows are tested. */
/* The widest bounds: arrival dates are "YYYY-MM-DD", so every one lies between these. */
#define IN_DATE_MIN ""
#define IN_DATE_MAX "9999-12-31"
#define IN_DATES " AND i.arrival_date >= ?5 AND i.arrival_date <= ?6"
#define IN_DATES_FEW " AND +i.arrival_date >= ?5 AND +i.arrival_date <= ?6"
#define IN_TEXT_MATCH                                                                              \
    "(instr(i.subject, ?7) > 0 OR instr(i.code, ?7) > 0 OR instr(i.issuer_name, ?7) > 0"           \
    " OR CAST(i.arrival_number AS TEXT) = ?7)"
#define IN_FILTERS_NOTEXT " AND (?8 IS NULL OR i.status = ?8) AND (?9 < 0 OR i.urgency = ?9)"
#define IN_FILTERS " AND (?7 IS NULL OR " IN_TEXT_MATCH ")" IN_FILTERS_NOTEXT
#define IN_UNIT_ANY " AND (?10 = 0 OR i.unit_id = ?10)"
#define IN_OVERDUE_ANY " AND (?11 IS NULL OR (i.status = 'assigned' AND i.deadline < ?11))"
#define IN_OVERDUE_ONLY " AND i.status = 'assigned' AND i.deadline < ?11"
#define IN_MINE_ANY                                                                                \
    " AND (?12 = 0 OR EXISTS (SELECT 1 FROM incoming_assignments ma WHERE ma.incoming_id ="        \
    " i.id AND ma.status = 'open' AND (ma.to_user_id = ?1 OR (?13 = 1 AND ma.to_unit_id ="         \
    " ?14))))"
#define IN_MINE_ONLY                                                                               \
    " AND ?12 = 1 AND i.id IN (SELECT ma.incoming_id FROM incoming_assignments ma"                 \
    " WHERE ma.to_user_id = ?1 AND ma.status = 'open' UNION ALL SELECT ma.incoming_id"             \
    " FROM incoming_assignments ma WHERE ?13 = 1 AND ma.to_unit_id = ?14 AND ma.status = 'open')"
/* Records of units outside ?17 (the units walked) that the rule can still show: a superset,
 * each tested by IN_VISIBLE_SQL. Outside the scope a record is visible only through an
 * assignment (to the caller, or to a unit in scope) or, when secret, as its registrar. */
#define IN_OUTSIDE                                                                                 \
    " WHERE i.id IN (SELECT va.incoming_id FROM incoming_assignments va WHERE va.to_user_id = ?1"  \
    " UNION ALL SELECT va.incoming_id FROM incoming_assignments va"                                \
    " WHERE va.to_unit_id IN (SELECT value FROM json_each(?3))"                                    \
    " UNION ALL SELECT r.id FROM incoming r WHERE r.registered_by = ?1 AND r.secrecy > 0"          \
    " AND r.unit_id NOT IN (SELECT value FROM json_each(?17)))"                                    \
    " AND i.unit_id NOT IN (SELECT value FROM json_each(?17))"
#define IN_ORDER " ORDER BY i.arrival_date DESC, i.id DESC"
#define IN_ORDER_FEW " ORDER BY +i.arrival_date DESC, i.id DESC"
#define IN_PAGE_LIMIT " LIMIT ?15 OFFSET ?16"

static const db_query q_list = {
    "incoming.list",
    "SELECT " IN_COLS IN_FROM " WHERE " IN_VISIBLE_SQL IN_DATES IN_FILTERS IN_UNIT_ANY
        IN_OVERDUE_ANY IN_MINE_ANY IN_ORDER IN_PAGE_LIMIT,
    NULL,
};
static const db_query q_list_mine = {
    "incoming.list_mine",
    "SELECT " IN_COLS IN_FROM " WHERE " IN_VISIBLE_SQL IN_DATES_FEW IN_FILTERS IN_UNIT_ANY
        IN_OVERDUE_ANY IN_MINE_ONLY IN_ORDER_FEW IN_PAGE_LIMIT,
    NULL,
};
static const db_query q_list_overdue = {
    "incoming.list_overdue",
    "SELECT " IN_COLS IN_FROM " WHERE " IN_VISIBLE_SQL IN_DATES_FEW IN_FILTERS IN_UNIT_ANY
        IN_OVERDUE_ONLY IN_MINE_ANY IN_ORDER_FEW IN_PAGE_LIMIT,
    NULL,
};
/* One register (?10) newest first, stepped only as far as the merge needs (?15 = offset +
 * limit). IN_MERGE_MAX copies: a statement is cached per db_query, and the merge keeps one
 * cursor open per register. */
#define IN_MERGE_MAX 12
#define IN_UNIT_WALK                                                                               \
    {                                                                                              \
        "incoming.list_unit",                                                                      \
            "SELECT " IN_COLS IN_FROM " WHERE i.unit_id = ?10" IN_DATES                            \
            " AND " IN_VISIBLE_SQL IN_FILTERS IN_OVERDUE_ANY IN_MINE_ANY IN_ORDER " LIMIT ?15",    \
            NULL,                                                                                  \
    }
static const db_query q_list_unit[IN_MERGE_MAX] = {
    IN_UNIT_WALK, IN_UNIT_WALK, IN_UNIT_WALK, IN_UNIT_WALK, IN_UNIT_WALK, IN_UNIT_WALK,
    IN_UNIT_WALK, IN_UNIT_WALK, IN_UNIT_WALK, IN_UNIT_WALK, IN_UNIT_WALK, IN_UNIT_WALK,
};
static const db_query q_list_outside = {
    "incoming.list_outside",
    "SELECT " IN_COLS IN_FROM IN_OUTSIDE IN_DATES_FEW
    " AND " IN_VISIBLE_SQL IN_FILTERS IN_UNIT_ANY IN_OVERDUE_ANY IN_MINE_ANY IN_ORDER_FEW
    " LIMIT ?15",
    NULL,
};

/* Counting every visible record costs a scan of all of them (seconds at a million); a page
 * needs to know only whether there are many. Each count stops at ?15 = IN_COUNT_CAP + 1. */
#define IN_COUNT(where) "SELECT count(*) FROM (SELECT 1 FROM incoming i" where " LIMIT ?15)"
static const db_query q_count = {
    "incoming.count",
    IN_COUNT(" WHERE " IN_VISIBLE_SQL IN_DATES IN_FILTERS IN_UNIT_ANY IN_OVERDUE_ANY IN_MINE_ANY),
    NULL,
};
static const db_query q_count_mine = {
    "incoming.count_mine",
    IN_COUNT(
        " WHERE " IN_VISIBLE_SQL IN_DATES_FEW IN_FILTERS IN_UNIT_ANY IN_OVERDUE_ANY IN_MINE_ONLY),
    NULL,
};
static const db_query q_count_overdue = {
    "incoming.count_overdue",
    IN_COUNT(
        " WHERE " IN_VISIBLE_SQL IN_DATES_FEW IN_FILTERS IN_UNIT_ANY IN_OVERDUE_ONLY IN_MINE_ANY),
    NULL,
};
static const db_query q_count_units = {
    "incoming.count_units",
    IN_COUNT(" WHERE i.unit_id IN (SELECT value FROM json_each(?17))" IN_DATES
             " AND " IN_VISIBLE_SQL IN_FILTERS IN_OVERDUE_ANY IN_MINE_ANY),
    NULL,
};
static const db_query q_count_outside = {
    "incoming.count_outside",
    IN_COUNT(IN_OUTSIDE IN_DATES_FEW
             " AND " IN_VISIBLE_SQL IN_FILTERS IN_UNIT_ANY IN_OVERDUE_ANY IN_MINE_ANY),
    NULL,
};
/* With a text filter the count must test the text of every record in range (a ward's 150,000
 * records: 200 ms), so it tests at most in_text_examine of them (?15) and counts the matches
 * among those: past that the total is "at least". Same start points as the counts above. */
#define IN_COUNT_TEXT(where)                                                                       \
    "SELECT count(*), coalesce(sum(m), 0) FROM (SELECT " IN_TEXT_MATCH                             \
    " AS m FROM incoming i" where " LIMIT ?15)"
static const db_query q_count_text = {
    "incoming.count_text",
    IN_COUNT_TEXT(
        " WHERE " IN_VISIBLE_SQL IN_DATES IN_FILTERS_NOTEXT IN_UNIT_ANY IN_OVERDUE_ANY IN_MINE_ANY),
    NULL,
};
static const db_query q_count_units_text = {
    "incoming.count_units_text",
    IN_COUNT_TEXT(" WHERE i.unit_id IN (SELECT value FROM json_each(?17))" IN_DATES
                  " AND " IN_VISIBLE_SQL IN_FILTERS_NOTEXT IN_OVERDUE_ANY IN_MINE_ANY),
    NULL,
};
static const db_query q_count_outside_text = {
    "incoming.count_outside_text",
    IN_COUNT_TEXT(IN_OUTSIDE IN_DATES_FEW
                  " AND " IN_VISIBLE_SQL IN_FILTERS_NOTEXT IN_UNIT_ANY IN_OVERDUE_ANY IN_MINE_ANY),
    NULL,
};
int in_text_examine = IN_TEXT_EXAMINE;

/* The scope's share of the newest IN_SAMPLE records in the date range, read from the index
 * alone: picks between the merge (a small share) and the single date walk (most rows
 * visible: one cursor reads fewer pages than several interleaved ones). */
#define IN_SAMPLE 256
static const db_query q_scope_share = {
    "incoming.scope_share",
    "SELECT count(*), coalesce(sum(s.unit_id IN (SELECT value FROM json_each(?3))), 0)"
    " FROM (SELECT i.unit_id FROM incoming i WHERE i.arrival_date >= ?1 AND i.arrival_date <= ?2"
    " ORDER BY i.arrival_date DESC, i.id DESC LIMIT ?4) s",
    NULL,
};
static const db_query q_unit_has_rows = {
    "incoming.unit_has_rows",
    "SELECT 1 FROM incoming WHERE unit_id = ?1 LIMIT 1",
    NULL,
};

static void list_bind(ctx *c, db_stmt *s, const in_filter *f, const char *today,
                      const char *units_json)
{
    docs_vis_bind(c, s);
    db_bind_text(s, 5, f->from && *f->from ? f->from : IN_DATE_MIN);
    db_bind_text(s, 6, f->to && *f->to ? f->to : IN_DATE_MAX);
    db_bind_text(s, 7, f->q && *f->q ? f->q : NULL);
    db_bind_text(s, 8, f->status && *f->status ? f->status : NULL);
    db_bind_int(s, 9, f->urgency);
    db_bind_int(s, 10, f->unit_id);
    db_bind_text(s, 11, f->overdue_only ? today : NULL);
    db_bind_int(s, 12, f->mine ? 1 : 0);
    enum role r = c->user->role;
    db_bind_int(s, 13, role_is_leader(r) || r == ROLE_UNIT ? 1 : 0);
    db_bind_int(s, 14, c->user->unit_id);
    if (units_json) /* only the statements that name ?17 may bind it */
        db_bind_text(s, 17, units_json);
}

/* How the list is read: one statement (global, mine, overdue) or merged register walks. */
typedef struct list_plan {
    const db_query *count, *rows; /* single statement; rows NULL for the merge */
    int64_t units[IN_MERGE_MAX];  /* merge: the registers walked */
    int n_units;
    bool outside;           /* merge: also the records visible from outside them */
    const char *units_json; /* ?17: the units walked (merge), or the scope's (outside) */
} list_plan;

static const char *ids_json(ctx *c, const int64_t *ids, int n)
{
    strbuf sb = STRBUF_INIT;
    sb_add_ids(&sb, ids, n);
    const char *s = arena_strdup(c->a, sb_str(&sb));
    sb_free(&sb);
    return s;
}

static int list_plan_make(ctx *c, const in_filter *f, list_plan *p)
{
    memset(p, 0, sizeof *p);
    if (f->mine || f->overdue_only) {
        p->count = f->mine ? &q_count_mine : &q_count_overdue;
        p->rows = f->mine ? &q_list_mine : &q_list_overdue;
        return 0;
    }
    if (f->unit_id > 0) { /* one register: the rule tests each of its rows */
        p->units[p->n_units++] = f->unit_id;
        p->units_json = ids_json(c, p->units, 1);
        return 0;
    }
    int64_t *ids = NULL;
    bool all = false;
    int n = org_scope_unit_ids(c, &ids, &all);
    if (!all) {
        const char *scope = org_scope_json(c);
        if (n > 1) {
            /* a third or more of the newest records in scope: walk the dates (asked first: a
             * committee-wide scope then needs no look-up per register) */
            db_stmt *s = db_stmt_get(c->db, &q_scope_share);
            if (!s)
                return -1;
            db_bind_text(s, 1, f->from && *f->from ? f->from : IN_DATE_MIN);
            db_bind_text(s, 2, f->to && *f->to ? f->to : IN_DATE_MAX);
            db_bind_text(s, 3, scope);
            db_bind_int(s, 4, IN_SAMPLE);
            int64_t seen = 0, mine = 0;
            if (db_step(s) == DB_ROW) {
                seen = db_col_int(s, 0);
                mine = db_col_int(s, 1);
            }
            db_reset(s);
            if (seen > 0 && mine * 3 >= seen)
                goto dates;
        }
        db_stmt *s = db_stmt_get(c->db, &q_unit_has_rows);
        if (!s)
            return -1;
        for (int i = 0; i < n && p->n_units <= IN_MERGE_MAX; i++) {
            db_bind_int(s, 1, ids[i]);
            int rc = db_step(s);
            db_reset(s);
            if (rc < 0)
                return -1;
            if (rc == DB_ROW && p->n_units < IN_MERGE_MAX)
                p->units[p->n_units] = ids[i];
            if (rc == DB_ROW)
                p->n_units++;
        }
        if (p->n_units <= IN_MERGE_MAX) {
            p->outside = true;
            p->units_json = scope;
            return 0;
        }
    }
dates:
    memset(p, 0, sizeof *p);
    p->count = &q_count;
    p->rows = &q_list;
    return 0;
}

int in_list_statements(const db_query *const **qs_r)
{
    static const db_query *const qs[] = {
        &q_list,
        &q_list_unit[0],
        &q_list_outside,
        &q_count,
        &q_count_units,
        &q_count_outside,
        &q_list_mine,
        &q_count_mine,
        &q_list_overdue,
        &q_count_overdue,
        &q_scope_share,
        &q_count_text,
        &q_count_units_text,
        &q_count_outside_text,
    };
    *qs_r = qs;
    return (int)(sizeof qs / sizeof qs[0]);
}

static int64_t count_one(ctx *c, const db_query *q, const in_filter *f, const char *today,
                         const char *units_json, int64_t cap)
{
    db_stmt *s = db_stmt_get(c->db, q);
    if (!s)
        return -1;
    list_bind(c, s, f, today, units_json);
    db_bind_int(s, 15, cap);
    int rc = db_step(s);
    int64_t n = rc == DB_ROW ? db_col_int(s, 0) : -1;
    db_reset(s);
    return n;
}

/* A text-filtered count over at most *budget records (see IN_COUNT_TEXT): the matches, or -1;
 * *budget is what remains, negative once the records went past it. */
static int64_t count_text(ctx *c, const db_query *q, const in_filter *f, const char *today,
                          const char *units_json, int64_t *budget)
{
    db_stmt *s = db_stmt_get(c->db, q);
    if (!s)
        return -1;
    list_bind(c, s, f, today, units_json);
    db_bind_int(s, 15, *budget + 1);
    int rc = db_step(s);
    int64_t seen = rc == DB_ROW ? db_col_int(s, 0) : -1;
    int64_t n = rc == DB_ROW ? db_col_int(s, 1) : -1;
    db_reset(s);
    *budget -= seen;
    return n;
}

static int64_t list_count(ctx *c, const in_filter *f, const list_plan *p, const char *today,
                          bool *partial_r)
{
    int64_t cap = IN_COUNT_CAP + 1;
    *partial_r = false;
    if (f->q && *f->q && (!p->rows || p->count == &q_count)) {
        int64_t budget = in_text_examine, n;
        if (p->rows) {
            n = count_text(c, &q_count_text, f, today, NULL, &budget);
        } else {
            n = count_text(c, &q_count_units_text, f, today, p->units_json, &budget);
            if (n >= 0 && budget >= 0 && p->outside) {
                int64_t m = count_text(c, &q_count_outside_text, f, today, p->units_json, &budget);
                n = m < 0 ? -1 : n + m;
            }
        }
        *partial_r = budget < 0;
        return n;
    }
    if (p->rows)
        return count_one(c, p->count, f, today, NULL, cap);
    int64_t n = count_one(c, &q_count_units, f, today, p->units_json, cap);
    if (n >= 0 && n < cap && p->outside) {
        int64_t m = count_one(c, &q_count_outside, f, today, p->units_json, cap - n);
        n = m < 0 ? -1 : n + m;
    }
    return n;
}

/* Merges the register walks (and the outside records) newest first: skips offset rows, reads
 * limit. Each cursor is stepped only when its row is taken, so the cost is offset + limit rows
 * whatever share of the table the scope holds. */
static int list_merge(ctx *c, const in_filter *f, const list_plan *p, const char *today, int limit,
                      int offset, incoming *rows)
{
    db_stmt *cur[IN_MERGE_MAX + 1];
    int live[IN_MERGE_MAX + 1], k = 0, n = 0, skip = offset, rc = 0;
    for (int i = 0; i <= p->n_units && rc == 0; i++) {
        if (i == p->n_units && !p->outside)
            break;
        db_stmt *s = db_stmt_get(c->db, i < p->n_units ? &q_list_unit[i] : &q_list_outside);
        if (!s) {
            rc = -1;
            break;
        }
        list_bind(c, s, f, today, i < p->n_units ? NULL : p->units_json);
        if (i < p->n_units)
            db_bind_int(s, 10, p->units[i]);
        db_bind_int(s, 15, (int64_t)offset + limit);
        cur[k] = s;
        live[k] = db_step(s);
        if (live[k] < 0)
            rc = -1;
        k++;
    }
    while (rc == 0 && n < limit) {
        int best = -1;
        for (int i = 0; i < k; i++) {
            if (live[i] != DB_ROW)
                continue;
            if (best < 0) {
                best = i;
                continue;
            }
            /* arrival_date (column 5) DESC, id (column 0) DESC */
            int d = strcmp(db_col_text(cur[i], 5), db_col_text(cur[best], 5));
            if (d > 0 || (d == 0 && db_col_int(cur[i], 0) > db_col_int(cur[best], 0)))
                best = i;
        }
        if (best < 0)
            break;
        if (skip > 0)
            skip--;
        else
            row_read(c, cur[best], &rows[n++], today);
        live[best] = db_step(cur[best]);
        if (live[best] < 0)
            rc = -1;
    }
    for (int i = 0; i < k; i++)
        db_reset(cur[i]);
    return rc < 0 ? -1 : n;
}

int incoming_list(ctx *c, const in_filter *f, incoming **rows_r, int64_t *total_r)
{
    return incoming_list_ex(c, f, rows_r, total_r, NULL);
}

int incoming_list_ex(ctx *c, const in_filter *f, incoming **rows_r, int64_t *total_r,
                     bool *partial_r)
{
    bool partial = false;
    *rows_r = NULL;
    *total_r = 0;
    if (partial_r)
        *partial_r = false;
    if (!c->user)
        return 0;
    const char *today = web_today(c);
    int limit = f->limit > 0 ? f->limit : IN_PAGE;
    if (limit > IN_MAX_PAGE)
        limit = IN_MAX_PAGE;
    int offset = f->offset > 0 ? f->offset : 0;
    list_plan p;
    if (list_plan_make(c, f, &p) != 0)
        return -1;
    /* The count and the page from one snapshot, so a registration in between cannot make them
     * disagree (the merge also reads several statements). */
    bool own_tx = !db_in_tx(c->db) && db_begin_read(c->db) == 0;
    int64_t total = list_count(c, f, &p, today, &partial);
    incoming *rows = arena_alloc(c->a, (size_t)limit * sizeof *rows);
    int n = -1;
    if (total < 0) {
        n = -1;
    } else if (p.rows) {
        db_stmt *s = db_stmt_get(c->db, p.rows);
        if (s) {
            list_bind(c, s, f, today, NULL);
            db_bind_int(s, 15, limit);
            db_bind_int(s, 16, offset);
            int rc = DB_DONE;
            n = 0;
            while (n < limit && (rc = db_step(s)) == DB_ROW)
                row_read(c, s, &rows[n++], today);
            db_reset(s);
            /* A failed step must not pass for the end of the list (clang-tidy: rc was never
             * read). */
            if (rc < 0)
                n = -1;
        }
    } else {
        n = list_merge(c, f, &p, today, limit, offset, rows);
    }
    if (own_tx)
        db_rollback(c->db);
    if (n < 0)
        return -1;
    *total_r = total;
    *rows_r = rows;
    if (partial_r)
        *partial_r = partial;
    return n;
}

/* ---- registration ----------------------------------------------------------------------- */

static const db_query q_unit_name = {
    "incoming.unit_name",
    "SELECT name FROM units WHERE id = ?1",
    NULL,
};
static const db_query q_next_number = {
    "incoming.next_number",
    "INSERT INTO arrival_counters (unit_id, year, last_number) VALUES (?1, ?2, 1)"
    " ON CONFLICT (unit_id, year) DO UPDATE SET last_number = last_number + 1"
    " RETURNING last_number",
    NULL,
};
static const db_query q_duplicate = {
    "incoming.duplicate",
    "SELECT i.id FROM incoming i WHERE i.unit_id = ?5 AND i.code_norm = ?6"
    " AND i.issued_date = ?7 AND ((?8 > 0 AND i.issuer_unit_id = ?8)"
    " OR lower(i.issuer_name) = lower(?9)) AND " IN_VISIBLE_SQL " ORDER BY i.id LIMIT 1",
    NULL,
};
static const db_query q_insert = {
    "incoming.insert",
    "INSERT INTO incoming (unit_id, year, arrival_number, arrival_date, arrived_at, channel,"
    " inbox_id, issuer_unit_id, issuer_name, code, code_norm, doc_type, issued_date, subject,"
    " signer, pages, secrecy, urgency, due_date, notes, duplicate_of, duplicate_reason,"
    " status, registered_by, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
    " ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, 'registered', ?23,"
    " ?5, ?5)",
    NULL,
};

static const char *unit_name(ctx *c, int64_t id)
{
    db_stmt *s = db_stmt_get(c->db, &q_unit_name);
    if (!s)
        return NULL;
    db_bind_int(s, 1, id);
    const char *name = db_step(s) == DB_ROW ? col_str(c, s, 0) : NULL;
    db_reset(s);
    return name;
}

static const char *trimmed(ctx *c, const char *v, const char *field, const char *label, size_t max,
                           bool required, web_err *e)
{
    const char *err = NULL;
    const char *out = field_text(c, v, label, max, required, &err);
    if (err)
        web_err_add(e, 400, "invalid_input", field, err);
    return out;
}

static bool date_ok(const char *s)
{
    int y, m, d;
    return s && strlen(s) == 10 && clock_parse_date(s, &y, &m, &d) == 0;
}

/* The validated registration, ready to insert. */
typedef struct in_valid {
    int64_t unit_id, issuer_unit_id, inbox_id;
    const char *issuer_name, *code, *code_norm, *doc_type, *issued_date, *subject, *signer, *notes,
        *due_date, *duplicate_reason, *channel;
    int pages, secrecy, urgency;
} in_valid;

static int validate(ctx *c, const in_new *in, in_valid *v, web_err *e)
{
    memset(v, 0, sizeof *v);
    if (!incoming_may_register(c)) {
        web_err_add(e, 403, "forbidden", NULL,
                   _("Chỉ văn thư hoặc lãnh đạo văn phòng được vào sổ văn bản đến."));
        return -1;
    }
    v->unit_id = in->unit_id > 0 ? in->unit_id : c->user->unit_id;
    if (v->unit_id != c->user->unit_id && !org_unit_in_scope(c, v->unit_id)) {
        web_err_add(e, 404, "not_found", "unit_id", _("Không tìm thấy đơn vị nhận."));
        return -1;
    }
    in_new d = *in;
    v->channel = in->channel && strcmp(in->channel, "electronic") == 0 ? "electronic" : "paper";
    if (in->inbox_id > 0) {
        const inbox_row *q = inbox_get(c, in->inbox_id);
        if (!q) {
            web_err_add(e, 404, "not_found", "inbox_id",
                       _("Không tìm thấy văn bản trong hàng chờ."));
            return -1;
        }
        if (strcmp(q->status, "01") != 0 || q->incoming_id) {
            web_err_add(e, 409, "invalid_state", "inbox_id",
                       _("Văn bản này đã được vào sổ, bị từ chối hoặc đã bị thu hồi."));
            return -1;
        }
        v->inbox_id = q->id;
        v->unit_id = q->to_unit_id;
        v->channel = "electronic";
        if (!d.issuer_unit_id && !(d.issuer_name && *d.issuer_name))
            d.issuer_unit_id = q->from_unit_id;
        if (!d.code || !*d.code)
            d.code = q->code;
        if (!d.doc_type || !*d.doc_type)
            d.doc_type = q->doc_type;
        if (!d.issued_date || !*d.issued_date)
            d.issued_date = q->issued_date;
        if (!d.subject || !*d.subject)
            d.subject = q->subject;
        if (!d.secrecy || !*d.secrecy)
            d.secrecy = secrecy_code(q->secrecy);
        if (!d.urgency || !*d.urgency)
            d.urgency = urgency_code(q->urgency);
    }
    if (d.issuer_unit_id > 0) {
        v->issuer_unit_id = d.issuer_unit_id;
        v->issuer_name = unit_name(c, d.issuer_unit_id);
        if (!v->issuer_name)
            web_err_add(e, 400, "invalid_input", "issuer_unit_id",
                       _("Cơ quan ban hành không có trong danh mục đơn vị."));
    } else {
        v->issuer_name =
            trimmed(c, d.issuer_name, "issuer_name", _("Cơ quan ban hành"), IN_MAX_ISSUER, true, e);
    }
    v->code = trimmed(c, d.code, "code", _("Số, ký hiệu"), IN_MAX_CODE, true, e);
    if (v->code) {
        struct docno dn;
        char *perr = NULL;
        if (docno_parse(v->code, &dn, &perr) != 0) {
            web_err_add(e, 400, "invalid_input", "code",
                       perr ? arena_strdup(c->a, perr) : _("Không đọc được số, ký hiệu văn bản."));
        } else {
            v->code_norm = arena_strdup(c->a, dn.text_normalised);
        }
        free(perr);
    }
    v->doc_type = trimmed(c, d.doc_type, "doc_type", _("Loại văn bản"), 64, true, e);
    if (v->doc_type && !catalog_doc_type_exists(c->db, v->doc_type))
        web_err_add(e, 400, "invalid_input", "doc_type", _("Loại văn bản không có trong danh mục."));
    const char *today = web_today(c);
    v->issued_date = trimmed(c, d.issued_date, "issued_date", _("Ngày tháng văn bản"), 10, true, e);
    if (v->issued_date) {
        if (!date_ok(v->issued_date))
            web_err_add(e, 400, "invalid_input", "issued_date",
                       _("Ngày tháng văn bản phải có dạng YYYY-MM-DD."));
        else if (strcmp(v->issued_date, today) > 0)
            web_err_add(e, 400, "invalid_input", "issued_date",
                       _("Ngày tháng văn bản không thể ở tương lai."));
    }
    v->subject = trimmed(c, d.subject, "subject", _("Trích yếu"), IN_MAX_SUBJECT, true, e);
    v->signer = trimmed(c, d.signer, "signer", _("Người ký"), IN_MAX_SIGNER, false, e);
    v->notes = trimmed(c, d.notes, "notes", _("Ghi chú"), IN_MAX_NOTE, false, e);
    v->duplicate_reason = trimmed(c, d.duplicate_reason, "duplicate_reason",
                                  _("Lý do vào sổ trùng"), IN_MAX_NOTE, false, e);
    if (d.pages < 0 || d.pages > 999)
        web_err_add(e, 400, "invalid_input", "pages", _("Số trang phải từ 1 đến 999."));
    v->pages = d.pages;
    v->secrecy = d.secrecy && *d.secrecy ? secrecy_from_code(d.secrecy) : SECRECY_NONE;
    if (v->secrecy < 0)
        web_err_add(e, 400, "invalid_input", "secrecy",
                   _("Độ mật phải là một trong: none, mat, toi_mat, tuyet_mat."));
    v->urgency = d.urgency && *d.urgency ? urgency_from_code(d.urgency) : URGENCY_NORMAL;
    if (v->urgency < 0)
        web_err_add(e, 400, "invalid_input", "urgency",
                   _("Độ khẩn phải là một trong: normal, khan, thuong_khan, hoa_toc, "
                     "hoa_toc_hen_gio."));
    if (d.due_date && *d.due_date) {
        if (!date_ok(d.due_date))
            web_err_add(e, 400, "invalid_input", "due_date",
                       _("Hạn giải quyết phải có dạng YYYY-MM-DD."));
        else
            v->due_date = arena_strdup(c->a, d.due_date);
    }
    return e->n ? -1 : 0;
}

/* Registration inside an open write transaction. Returns the id or -1 (e filled; the caller
 * rolls back). */
static int64_t register_tx(ctx *c, const in_valid *v, int64_t *number_r, web_err *e)
{
    db_stmt *s = db_stmt_get(c->db, &q_duplicate);
    if (!s)
        goto dberr;
    docs_vis_bind(c, s);
    db_bind_int(s, 5, v->unit_id);
    db_bind_text(s, 6, v->code_norm);
    db_bind_text(s, 7, v->issued_date);
    db_bind_int(s, 8, v->issuer_unit_id);
    db_bind_text(s, 9, v->issuer_name);
    int64_t dup = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
    db_reset(s);
    if (dup && !v->duplicate_reason) {
        e->existing_id = dup;
        web_err_add(e, 409, "duplicate", "duplicate_reason",
                   _("Văn bản này (cùng cơ quan ban hành, số, ký hiệu và ngày) đã được vào sổ. "
                     "Nếu vẫn cần vào sổ, hãy ghi lý do."));
        return -1;
    }
    char today[16];
    clock_vn_today(today, sizeof today);
    int year = atoi(today);
    s = db_stmt_get(c->db, &q_next_number);
    if (!s)
        goto dberr;
    db_bind_int(s, 1, v->unit_id);
    db_bind_int(s, 2, year);
    if (db_step(s) != DB_ROW) {
        db_reset(s);
        goto dberr;
    }
    int64_t number = db_col_int(s, 0);
    db_reset(s);
    const char *now = web_now_iso(c);
    s = db_stmt_get(c->db, &q_insert);
    if (!s)
        goto dberr;
    db_bind_int(s, 1, v->unit_id);
    db_bind_int(s, 2, year);
    db_bind_int(s, 3, number);
    db_bind_text(s, 4, today);
    db_bind_text(s, 5, now);
    db_bind_text(s, 6, v->channel);
    if (v->inbox_id)
        db_bind_int(s, 7, v->inbox_id);
    else
        db_bind_null(s, 7);
    if (v->issuer_unit_id)
        db_bind_int(s, 8, v->issuer_unit_id);
    else
        db_bind_null(s, 8);
    db_bind_text(s, 9, v->issuer_name);
    db_bind_text(s, 10, v->code);
    db_bind_text(s, 11, v->code_norm);
    db_bind_text(s, 12, v->doc_type);
    db_bind_text(s, 13, v->issued_date);
    db_bind_text(s, 14, v->subject);
    db_bind_text(s, 15, v->signer);
    if (v->pages > 0)
        db_bind_int(s, 16, v->pages);
    else
        db_bind_null(s, 16);
    db_bind_int(s, 17, v->secrecy);
    db_bind_int(s, 18, v->urgency);
    db_bind_text(s, 19, v->due_date);
    db_bind_text(s, 20, v->notes);
    if (dup)
        db_bind_int(s, 21, dup);
    else
        db_bind_null(s, 21);
    db_bind_text(s, 22, dup ? v->duplicate_reason : NULL);
    db_bind_int(s, 23, c->user->id);
    if (db_exec(s) != DB_DONE)
        goto dberr;
    int64_t id = db_last_id(c->db);
    const char *text =
        arena_printf(c->a, _("Vào sổ đến số %lld (%s)"), (long long)number,
                     strcmp(v->channel, "paper") == 0 ? _("bản giấy") : _("điện tử"));
    if (incoming_event_add(c->db, id, c->user->id, "register", 0, text, NULL, NULL, now) != 0)
        goto dberr;
    if (v->inbox_id && inbox_link(c->db, v->inbox_id, id) != 0)
        goto dberr;
    /* Urgent documents are presented at once (ND 30 Art. 22): the receiving unit's leaders
     * hear of them now, not at the next look at the list. */
    if (urgency_is_urgent(v->urgency)) {
        const char *msg = arena_printf(c->a, _("%s đến: %s — %s"), urgency_label(v->urgency),
                                       v->code, v->subject);
        if (notify_unit_role(c->db, v->unit_id, ROLE_OFFICE_LEADER, NOTIFY_URGENT, "in", id, msg) ||
            notify_unit_role(c->db, v->unit_id, ROLE_COMMITTEE_LEADER, NOTIFY_URGENT, "in", id,
                             msg))
            goto dberr;
    }
    json_t *after =
        json_pack("{s:I, s:I, s:s, s:s, s:s, s:i, s:i}", "arrival_number", (json_int_t)number,
                  "unit_id", (json_int_t)v->unit_id, "code", v->code, "issuer", v->issuer_name,
                  "channel", v->channel, "secrecy", v->secrecy, "urgency", v->urgency);
    char *aj = json_dumps(after, JSON_COMPACT);
    json_decref(after);
    int rc = audit_log(c->db, c->user, dup ? "incoming.register_duplicate" : "incoming.register",
                       "incoming", id, NULL, aj);
    free(aj);
    if (rc != 0)
        goto dberr;
    *number_r = number;
    return id;
dberr:
    web_err_db(c, e);
    return -1;
}

/* BEGIN IMMEDIATE waits on the busy timeout; under a burst of clerks a few more tries keep a
 * registration from failing just because others were writing. */
static int begin_write_retry(db *d)
{
    int rc = DB_BUSY;
    for (int i = 0; i < 20 && (rc = db_begin_write(d)) == DB_BUSY; i++)
        ;
    return rc;
}

int64_t incoming_register_in_tx(ctx *c, const in_new *in, const http_upload *ups, int n_ups,
                                int64_t *arrival_number_r, web_err *e)
{
    memset(e, 0, sizeof *e);
    *arrival_number_r = 0;
    if (!c->user) {
        web_err_add(e, 404, "not_found", NULL, _("Không tìm thấy."));
        return -1;
    }
    in_valid v;
    if (validate(c, in, &v, e) != 0)
        return -1;
    int64_t number = 0;
    int64_t id = register_tx(c, &v, &number, e);
    for (int i = 0; id > 0 && i < n_ups; i++) {
        const char *err = NULL;
        int status = 500;
        if (attach_add(c, "in", id, &ups[i], &err, &status) < 0) {
            web_err_add(e, status,
                       status == 413   ? "too_large"
                       : status == 415 ? "unsupported_type"
                       : status == 400 ? "invalid_input"
                                       : "internal",
                       "file", err ? err : _(WEB_MSG_DB));
            id = -1;
        }
    }
    if (id > 0)
        *arrival_number_r = number;
    return id;
}

int64_t incoming_register_with_files(ctx *c, const in_new *in, const http_upload *ups, int n_ups,
                                     int64_t *arrival_number_r, web_err *e)
{
    memset(e, 0, sizeof *e);
    *arrival_number_r = 0;
    if (!c->user) {
        web_err_add(e, 404, "not_found", NULL, _("Không tìm thấy."));
        return -1;
    }
    if (begin_write_retry(c->db) != 0) {
        web_err_db(c, e);
        return -1;
    }
    int64_t number = 0;
    int64_t id = incoming_register_in_tx(c, in, ups, n_ups, &number, e);
    if (id < 0) {
        db_rollback(c->db);
        return -1;
    }
    if (db_commit(c->db) != 0) {
        web_err_db(c, e);
        return -1;
    }
    *arrival_number_r = number;
    return id;
}

int64_t incoming_register(ctx *c, const in_new *in, int64_t *arrival_number_r, web_err *e)
{
    return incoming_register_with_files(c, in, NULL, 0, arrival_number_r, e);
}

/* The registering clerk, leaders who may route it, and its current holders may add files. */
static bool may_change(ctx *c, const incoming *r)
{
    if (r->registered_by == c->user->id || incoming_may_assign(c, r))
        return true;
    in_assignment *as;
    int n = incoming_assignments(c, r->id, &as);
    for (int i = 0; i < n; i++)
        if (as[i].mine)
            return true;
    return false;
}

int64_t incoming_attach(ctx *c, int64_t id, const http_upload *u, web_err *e)
{
    memset(e, 0, sizeof *e);
    const incoming *r = incoming_get(c, id, false);
    if (!r) {
        web_err_add(e, 404, "not_found", NULL, _("Không tìm thấy văn bản."));
        return -1;
    }
    if (!may_change(c, r)) {
        web_err_add(e, 403, "forbidden", NULL, _("Bạn không được thêm tệp cho văn bản này."));
        return -1;
    }
    if (!u) {
        web_err_add(e, 400, "invalid_input", "file", _("Chưa chọn tệp."));
        return -1;
    }
    if (begin_write_retry(c->db) != 0) {
        web_err_db(c, e);
        return -1;
    }
    const char *err = NULL;
    int status = 500;
    int64_t aid = attach_add(c, "in", id, u, &err, &status);
    if (aid < 0) {
        db_rollback(c->db);
        web_err_add(e, status,
                   status == 413   ? "too_large"
                   : status == 415 ? "unsupported_type"
                   : status == 400 ? "invalid_input"
                                   : "internal",
                   "file", err ? err : _(WEB_MSG_DB));
        return -1;
    }
    const char *now = web_now_iso(c);
    const char *text = arena_printf(c->a, _("Thêm tệp: %s"), u->filename ? u->filename : "");
    json_t *after =
        json_pack("{s:I, s:s?}", "attachment_id", (json_int_t)aid, "filename", u->filename);
    char *aj = json_dumps(after, JSON_COMPACT);
    json_decref(after);
    int rc = incoming_event_add(c->db, id, c->user->id, "attach", 0, text, NULL, NULL, now);
    if (rc == 0)
        rc = audit_log(c->db, c->user, "incoming.attach", "incoming", id, NULL, aj);
    free(aj);
    if (rc != 0 || db_commit(c->db) != 0) {
        db_rollback(c->db);
        web_err_db(c, e);
        return -1;
    }
    return aid;
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
    return j;
}
