/* The incoming register list (sổ đăng ký văn bản đến as a page): every role's visible
 * records, newest first, from an index for dates and scope (incoming.h incoming_list). */
#include "incoming/incoming_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit/audit.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "catalog/catalog.h"
#include "catalog/vocab.h"
#include "docno/docno.h"
#include "exchange/exchange.h"
#include "files/files.h"
#include "notify/notify.h"
#include "org/org.h"
#include "web/dates.h"
#include "web/errors.h"
#include "web/params.h"
#include "web/respond.h"

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
/* ?18: the lead handling unit as the dashboard groups it: the unit, else the lead person's. */
#define IN_FILTERS_NOTEXT                                                                          \
    " AND (?8 IS NULL OR i.status = ?8) AND (?9 < 0 OR i.urgency = ?9)"                            \
    " AND (?18 = 0 OR COALESCE(i.lead_unit_id, (SELECT lu.unit_id FROM users lu"                   \
    " WHERE lu.id = i.lead_user_id)) = ?18)"
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
    DB_PG_SQLITE "SELECT " IN_COLS_PG IN_FROM_PG " WHERE " IN_VISIBLE_SQL IN_DATES IN_FILTERS
        IN_UNIT_ANY IN_OVERDUE_ANY IN_MINE_ANY IN_ORDER IN_PAGE_LIMIT,
};
static const db_query q_list_mine = {
    "incoming.list_mine",
    "SELECT " IN_COLS IN_FROM " WHERE " IN_VISIBLE_SQL IN_DATES_FEW IN_FILTERS IN_UNIT_ANY
        IN_OVERDUE_ANY IN_MINE_ONLY IN_ORDER_FEW IN_PAGE_LIMIT,
    DB_PG_SQLITE "SELECT " IN_COLS_PG IN_FROM_PG " WHERE " IN_VISIBLE_SQL IN_DATES_FEW IN_FILTERS
        IN_UNIT_ANY IN_OVERDUE_ANY IN_MINE_ONLY IN_ORDER_FEW IN_PAGE_LIMIT,
};
static const db_query q_list_overdue = {
    "incoming.list_overdue",
    "SELECT " IN_COLS IN_FROM " WHERE " IN_VISIBLE_SQL IN_DATES_FEW IN_FILTERS IN_UNIT_ANY
        IN_OVERDUE_ONLY IN_MINE_ANY IN_ORDER_FEW IN_PAGE_LIMIT,
    DB_PG_SQLITE "SELECT " IN_COLS_PG IN_FROM_PG " WHERE " IN_VISIBLE_SQL IN_DATES_FEW IN_FILTERS
        IN_UNIT_ANY IN_OVERDUE_ONLY IN_MINE_ANY IN_ORDER_FEW IN_PAGE_LIMIT,
};
/* One register (?10) newest first, stepped only as far as the merge needs (?15 = offset +
 * limit). IN_MERGE_MAX copies: a statement is cached per db_query, and the merge keeps one
 * cursor open per register. */
#define IN_MERGE_MAX 12
/* ?19: past a deep page's skipped rows (list_skip), the walk resumes after the last of them:
 * ?6 is then its date and ?19 its id; INT64_MAX otherwise (no bound). */
#define IN_AFTER " AND (i.arrival_date < ?6 OR i.id < ?19)"
#define IN_UNIT_WALK                                                                               \
    {                                                                                              \
        "incoming.list_unit",                                                                      \
            "SELECT " IN_COLS IN_FROM " WHERE i.unit_id = ?10" IN_DATES IN_AFTER                   \
            " AND " IN_VISIBLE_SQL IN_FILTERS IN_OVERDUE_ANY IN_MINE_ANY IN_ORDER " LIMIT ?15",    \
            DB_PG_SQLITE                                                                           \
            "SELECT " IN_COLS_PG IN_FROM_PG " WHERE i.unit_id = ?10" IN_DATES IN_AFTER             \
            " AND " IN_VISIBLE_SQL IN_FILTERS IN_OVERDUE_ANY IN_MINE_ANY IN_ORDER " LIMIT ?15",    \
    }
static const db_query q_list_unit[IN_MERGE_MAX] = {
    IN_UNIT_WALK, IN_UNIT_WALK, IN_UNIT_WALK, IN_UNIT_WALK, IN_UNIT_WALK, IN_UNIT_WALK,
    IN_UNIT_WALK, IN_UNIT_WALK, IN_UNIT_WALK, IN_UNIT_WALK, IN_UNIT_WALK, IN_UNIT_WALK,
};
static const db_query q_list_outside = {
    "incoming.list_outside",
    "SELECT " IN_COLS IN_FROM IN_OUTSIDE IN_DATES_FEW IN_AFTER
    " AND " IN_VISIBLE_SQL IN_FILTERS IN_UNIT_ANY IN_OVERDUE_ANY IN_MINE_ANY IN_ORDER_FEW
    " LIMIT ?15",
    DB_PG_SQLITE
    "SELECT " IN_COLS_PG IN_FROM_PG IN_OUTSIDE IN_DATES_FEW IN_AFTER
    " AND " IN_VISIBLE_SQL IN_FILTERS IN_UNIT_ANY IN_OVERDUE_ANY IN_MINE_ANY IN_ORDER_FEW
    " LIMIT ?15",
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
/* The count of the plain list (no text, lead-unit, overdue or "mine" filter: the register as
 * it opens, and its status and urgency filters) from the list indexes alone. The statements
 * above name columns those indexes lack (subject, deadline, lead_*, registered_by), so SQLite
 * read the table row of every record counted: 1,001 row look-ups, a quarter of a register page
 * (perf, docs/perf/pages-before.txt). IN_VISIBLE_IDX_SQL is IN_VISIBLE_SQL with its one such
 * column, `i.registered_by = ?1` (a secret record the caller registered), asked of the partial
 * index incoming_secret_registrar instead, so incoming_list_unit / incoming_list_date cover the
 * whole count. test_incoming_list checks both forms count the same records. */
#define IN_SECRET_MINE                                                                             \
    "i.id IN (SELECT r.id FROM incoming r WHERE r.registered_by = ?1 AND r.secrecy > 0)"
#define IN_VISIBLE_IDX_SQL                                                                         \
    "((i.secrecy = 0 AND (" IN_SCOPE_SQL(                                                          \
        "i.unit_id") " OR EXISTS (SELECT 1 FROM"                                                   \
                     " incoming_assignments va WHERE va.incoming_id = i.id AND va.status <> "      \
                     "'cancelled' AND"                                                             \
                     " (va.to_user_id = ?1 OR " IN_SCOPE_SQL(                                      \
                         "va.to_unit_id") ")))) OR (i.secrecy > 0 AND (" IN_SECRET_MINE            \
                                          " OR EXISTS (SELECT 1 FROM incoming_assignments va "     \
                                          "WHERE va.incoming_id ="                                 \
                                          " i.id AND va.status <> 'cancelled' AND va.to_user_id "  \
                                          "= ?1) OR (?4 = 1 AND (" IN_SCOPE_SQL(                   \
                                              "i.unit_id") " OR EXISTS (SELECT 1 FROM "            \
                                                           "incoming_assignments va WHERE"         \
                                                           " va.incoming_id = i.id AND va.status " \
                                                           "<> 'cancelled' AND va.to_unit_id IS "  \
                                                           "NOT NULL AND " IN_SCOPE_SQL(           \
                                                               "va.to_unit_id") "))))))"
#define IN_FILTERS_IDX " AND (?8 IS NULL OR i.status = ?8) AND (?9 < 0 OR i.urgency = ?9)"
static const db_query q_count_plain = {
    "incoming.count_plain",
    IN_COUNT(" WHERE " IN_VISIBLE_IDX_SQL IN_DATES IN_FILTERS_IDX IN_UNIT_ANY),
    NULL,
};
static const db_query q_count_units_plain = {
    "incoming.count_units_plain",
    IN_COUNT(" WHERE i.unit_id IN (SELECT value FROM json_each(?17))" IN_DATES
             " AND " IN_VISIBLE_IDX_SQL IN_FILTERS_IDX),
    NULL,
};
static const db_query q_count_outside_plain = {
    "incoming.count_outside_plain",
    IN_COUNT(IN_OUTSIDE IN_DATES_FEW " AND " IN_VISIBLE_IDX_SQL IN_FILTERS_IDX IN_UNIT_ANY),
    NULL,
};

/* A deep page of the plain list (offset 950 at page 20) stepped 1,000 full rows of the merge to
 * skip 950: a table row (and the joins) per skipped record, read from disk at a million records
 * (25 ms). The skip reads the keys alone, from incoming_list_unit (IN_VISIBLE_IDX_SQL: the same
 * rule, asked of the indexes as the plain counts do), and the page's walks resume after the
 * last skipped key (IN_AFTER). test_incoming_list compares every page with the reference. */
#define IN_KEY_WALK                                                                                \
    {                                                                                              \
        "incoming.key_unit",                                                                       \
            "SELECT i.id, i.arrival_date FROM incoming i WHERE i.unit_id = ?10" IN_DATES           \
            " AND " IN_VISIBLE_IDX_SQL IN_FILTERS_IDX IN_ORDER " LIMIT ?15",                       \
            NULL,                                                                                  \
    }
static const db_query q_key_unit[IN_MERGE_MAX] = {
    IN_KEY_WALK, IN_KEY_WALK, IN_KEY_WALK, IN_KEY_WALK, IN_KEY_WALK, IN_KEY_WALK,
    IN_KEY_WALK, IN_KEY_WALK, IN_KEY_WALK, IN_KEY_WALK, IN_KEY_WALK, IN_KEY_WALK,
};

/* The plain count with no dates, from the counts the triggers of migration 059 keep per
 * register, secrecy class, status and urgency (incoming_counts): no record is read to count the
 * register as it opens. The visibility rule (IN_VISIBLE_SQL) shows whole every record of a
 * register in the caller's scope that is not secret, and the secret ones too when the caller
 * may see secret records of the scope (?4); q_count_kept sums those. Every other visible record
 * is one of the few reached by an assignment to the caller or to a unit in scope, or a secret
 * one the caller registered: q_count_kept_rest counts those of them the rule shows, one by one
 * (stopping at ?15), and leaves out the ones already summed. test_incoming_list compares both
 * with a reference built record by record, for every role. */
#define IN_KEPT_WHOLE(u, secret)                                                                   \
    "((?2 = 1 OR " u " IN (SELECT value FROM json_each(?3))) AND (" secret " OR ?4 = 1))"
static const db_query q_count_kept = {
    "incoming.count_kept",
    "SELECT coalesce(sum(k.n), 0) FROM incoming_counts k WHERE " IN_KEPT_WHOLE(
        "k.unit_id",
        "k.secret = 0") " AND (?8 IS NULL OR k.status = ?8)"
                        " AND (?9 < 0 OR k.urgency = ?9) AND (?10 = 0 OR k.unit_id = ?10)",
    NULL,
};
static const db_query q_count_kept_rest = {
    "incoming.count_kept_rest",
    IN_COUNT(" WHERE i.id IN (SELECT va.incoming_id FROM incoming_assignments va"
             " WHERE va.to_user_id = ?1 UNION ALL SELECT va.incoming_id FROM incoming_assignments"
             " va WHERE ?2 = 0 AND va.to_unit_id IN (SELECT value FROM json_each(?3))"
             " UNION ALL SELECT r.id FROM incoming r WHERE r.registered_by = ?1 AND r.secrecy > 0)"
             " AND NOT " IN_KEPT_WHOLE(
                 "i.unit_id", "i.secrecy = 0") " AND " IN_VISIBLE_SQL IN_FILTERS_IDX IN_UNIT_ANY),
    NULL,
};

/* With a text filter the count must test the text of every record in range (a ward's 150,000
 * records: 200 ms), so it tests at most in_text_examine of them (?15) and counts the matches
 * among those: past that the total is "at least". Same start points as the counts above.
 * The match is summed as 0/1 by CASE: SQLite's comparisons are integers, PostgreSQL's booleans
 * have no sum. */
#define IN_COUNT_TEXT(where)                                                                       \
    "SELECT count(*), coalesce(sum(m), 0) FROM (SELECT CASE WHEN " IN_TEXT_MATCH                   \
    " THEN 1 ELSE 0 END AS m FROM incoming i" where " LIMIT ?15)"
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
    db_bind_int(s, 18, f->lead_unit_id);
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
        /* With a text filter the walk tests rows until a page of matches is found, often every
         * row in range: the merge tests only the scope's, the date walk the whole corpus's (a
         * commune clerk whose few records are the newest: 280 ms at 100,000 for 9 matches).
         * The newest records' share says nothing about where the matches lie, so it is not
         * asked. */
        if (n > 1 && !(f->q && *f->q)) {
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
        &q_count_plain,
        &q_count_units_plain,
        &q_count_outside_plain,
        &q_count_kept,
        &q_count_kept_rest,
        &q_key_unit[0],
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

/* The filters the plain counts know (see q_count_plain); the others must be absent. */
static bool plain_filter(const in_filter *f)
{
    return !(f->q && *f->q) && f->lead_unit_id == 0 && !f->overdue_only && !f->mine;
}

static int64_t count_plain(ctx *c, const db_query *q, const in_filter *f, const char *units_json,
                           int64_t cap)
{
    db_stmt *s = db_stmt_get(c->db, q);
    if (!s)
        return -1;
    docs_vis_bind(c, s);
    db_bind_text(s, 5, f->from && *f->from ? f->from : IN_DATE_MIN);
    db_bind_text(s, 6, f->to && *f->to ? f->to : IN_DATE_MAX);
    db_bind_text(s, 8, f->status && *f->status ? f->status : NULL);
    db_bind_int(s, 9, f->urgency);
    if (q != &q_count_units_plain)
        db_bind_int(s, 10, f->unit_id);
    db_bind_int(s, 15, cap);
    if (q != &q_count_plain)
        db_bind_text(s, 17, units_json);
    int rc = db_step(s);
    int64_t n = rc == DB_ROW ? db_col_int(s, 0) : -1;
    db_reset(s);
    return n;
}

/* The plain count with no dates from the kept counts (q_count_kept), capped like the others. */
static int64_t count_kept(ctx *c, const in_filter *f, int64_t cap)
{
    db_stmt *s = db_stmt_get(c->db, &q_count_kept);
    if (!s)
        return -1;
    /* the inputs docs_vis_bind gives the rule, but ?1 (the caller), which this sum never needs */
    int64_t *ids = NULL;
    bool all = false;
    org_scope_unit_ids(c, &ids, &all);
    db_bind_int(s, 2, all ? 1 : 0);
    db_bind_text(s, 3, org_scope_json(c));
    db_bind_int(s, 4, secrecy_leader_may_see(c) ? 1 : 0);
    db_bind_text(s, 8, f->status && *f->status ? f->status : NULL);
    db_bind_int(s, 9, f->urgency);
    db_bind_int(s, 10, f->unit_id);
    int rc = db_step(s);
    int64_t n = rc == DB_ROW ? db_col_int(s, 0) : -1;
    db_reset(s);
    if (n < 0 || n >= cap)
        return n < 0 ? -1 : cap;
    s = db_stmt_get(c->db, &q_count_kept_rest);
    if (!s)
        return -1;
    docs_vis_bind(c, s);
    db_bind_text(s, 8, f->status && *f->status ? f->status : NULL);
    db_bind_int(s, 9, f->urgency);
    db_bind_int(s, 10, f->unit_id);
    db_bind_int(s, 15, cap - n);
    rc = db_step(s);
    int64_t m = rc == DB_ROW ? db_col_int(s, 0) : -1;
    db_reset(s);
    return m < 0 ? -1 : n + m;
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

static int64_t list_count_run(ctx *c, const in_filter *f, const list_plan *p, const char *today,
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
    bool plain = plain_filter(f);
    if (plain && !(f->from && *f->from) && !(f->to && *f->to))
        return count_kept(c, f, cap);
    if (p->rows && plain && p->count == &q_count)
        return count_plain(c, &q_count_plain, f, NULL, cap);
    if (p->rows)
        return count_one(c, p->count, f, today, NULL, cap);
    int64_t n = plain ? count_plain(c, &q_count_units_plain, f, p->units_json, cap)
                      : count_one(c, &q_count_units, f, today, p->units_json, cap);
    if (n >= 0 && n < cap && p->outside) {
        int64_t m = plain ? count_plain(c, &q_count_outside_plain, f, p->units_json, cap - n)
                          : count_one(c, &q_count_outside, f, today, p->units_json, cap - n);
        n = m < 0 ? -1 : n + m;
    }
    return n;
}

/* Everything the count depends on: the visibility rule's inputs (docs_vis_bind, ?13, ?14), the
 * filter, today (overdue), the plan and the text budget. */
static const char *count_key(ctx *c, const in_filter *f, const list_plan *p, const char *today)
{
    int64_t *ids = NULL;
    bool all = false;
    org_scope_unit_ids(c, &ids, &all);
    enum role r = c->user->role;
    return arena_printf(
        c->a, "in.count|%s|%lld|%d|%s|%d|%d|%lld|%s|%s|%s|%s|%d|%lld|%lld|%d|%d|%s|%s|%d|%d",
        p->count ? p->count->name : "merge", (long long)c->user->id, all ? 1 : 0, org_scope_json(c),
        secrecy_leader_may_see(c) ? 1 : 0, role_is_leader(r) || r == ROLE_UNIT ? 1 : 0,
        (long long)c->user->unit_id, f->from ? f->from : "", f->to ? f->to : "", f->q ? f->q : "",
        f->status ? f->status : "", f->urgency, (long long)f->unit_id, (long long)f->lead_unit_id,
        f->overdue_only ? 1 : 0, f->mine ? 1 : 0, today, p->units_json ? p->units_json : "",
        p->outside ? 1 : 0, in_text_examine);
}

/* The count, memoised per connection while the database is unchanged (db_memo_get): a register
 * page's count walks up to 1,001 index entries and the same users ask the same counts page
 * after page; any commit anywhere makes the next request count again. */
static int64_t list_count(ctx *c, const in_filter *f, const list_plan *p, const char *today,
                          bool *partial_r)
{
    const char *key = count_key(c, f, p, today);
    int64_t v;
    uint64_t version;
    if (db_memo_get(c->db, key, &v, &version)) {
        *partial_r = (v & 1) != 0;
        return v >> 1;
    }
    int64_t n = list_count_run(c, f, p, today, partial_r);
    if (n >= 0)
        db_memo_put(c->db, key, n * 2 + (*partial_r ? 1 : 0), version);
    return n;
}

/* Merges the register walks (and the outside records) newest first: skips offset rows, reads
 * limit. Each cursor is stepped only when its row is taken, so the cost is offset + limit rows
 * whatever share of the table the scope holds. */
/* The newest-first merge key of a cursor: arrival_date and id at these columns. */
static int merge_newest(db_stmt *const *cur, const int *live, const int *date_col, int k)
{
    int best = -1;
    for (int i = 0; i < k; i++) {
        if (live[i] != DB_ROW)
            continue;
        if (best < 0) {
            best = i;
            continue;
        }
        int d = strcmp(db_col_text(cur[i], date_col[i]), db_col_text(cur[best], date_col[best]));
        if (d > 0 || (d == 0 && db_col_int(cur[i], 0) > db_col_int(cur[best], 0)))
            best = i;
    }
    return best;
}

/* Skips the first `offset` rows of a plain list's merge by their keys (q_key_unit; the few
 * outside records by their full walk) and gives the last skipped key: 1, 0 when the list
 * holds no more than `offset` rows, -1 on a store failure. */
static int list_skip(ctx *c, const in_filter *f, const list_plan *p, const char *today, int offset,
                     const char **date_r, int64_t *id_r)
{
    db_stmt *cur[IN_MERGE_MAX + 1];
    int live[IN_MERGE_MAX + 1], col[IN_MERGE_MAX + 1], k = 0, rc = 0, skipped = 0;
    for (int i = 0; i <= p->n_units && rc == 0; i++) {
        if (i == p->n_units && !p->outside)
            break;
        bool outside = i == p->n_units;
        db_stmt *s = db_stmt_get(c->db, outside ? &q_list_outside : &q_key_unit[i]);
        if (!s) {
            rc = -1;
            break;
        }
        if (outside) {
            list_bind(c, s, f, today, p->units_json);
            db_bind_int(s, 19, INT64_MAX);
        } else {
            docs_vis_bind(c, s);
            db_bind_text(s, 5, f->from && *f->from ? f->from : IN_DATE_MIN);
            db_bind_text(s, 6, f->to && *f->to ? f->to : IN_DATE_MAX);
            db_bind_text(s, 8, f->status && *f->status ? f->status : NULL);
            db_bind_int(s, 9, f->urgency);
            db_bind_int(s, 10, p->units[i]);
        }
        db_bind_int(s, 15, offset);
        cur[k] = s;
        col[k] = outside ? 5 : 1;
        live[k] = db_step(s);
        if (live[k] < 0)
            rc = -1;
        k++;
    }
    while (rc == 0 && skipped < offset) {
        int best = merge_newest(cur, live, col, k);
        if (best < 0)
            break;
        if (++skipped == offset) {
            *date_r = arena_strdup(c->a, db_col_text(cur[best], col[best]));
            *id_r = db_col_int(cur[best], 0);
        }
        live[best] = db_step(cur[best]);
        if (live[best] < 0)
            rc = -1;
    }
    for (int i = 0; i < k; i++)
        db_reset(cur[i]);
    return rc < 0 ? -1 : skipped == offset;
}

static int list_merge(ctx *c, const in_filter *f, const list_plan *p, const char *today, int limit,
                      int offset, incoming *rows)
{
    db_stmt *cur[IN_MERGE_MAX + 1];
    int live[IN_MERGE_MAX + 1], col[IN_MERGE_MAX + 1], k = 0, n = 0, skip = offset, rc = 0;
    const char *after_date = NULL;
    int64_t after_id = INT64_MAX;
    if (offset > 0 && plain_filter(f)) {
        int more = list_skip(c, f, p, today, offset, &after_date, &after_id);
        if (more <= 0)
            return more;
        skip = 0;
    }
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
        if (after_date)
            db_bind_text(s, 6, after_date);
        db_bind_int(s, 19, after_id);
        db_bind_int(s, 15, (int64_t)skip + limit);
        cur[k] = s;
        col[k] = 5;
        live[k] = db_step(s);
        if (live[k] < 0)
            rc = -1;
        k++;
    }
    while (rc == 0 && n < limit) {
        /* arrival_date (column 5) DESC, id (column 0) DESC */
        int best = merge_newest(cur, live, col, k);
        if (best < 0)
            break;
        if (skip > 0)
            skip--;
        else
            in_row_read(c, cur[best], &rows[n++], today);
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
                in_row_read(c, s, &rows[n++], today);
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

const char *const in_statuses[] = {"registered", "assigned", "done", "recalled", NULL};

int in_filter_from_query(ctx *c, in_filter *f, web_err *e)
{
    *f = (in_filter){.q = req_query(c->rq, "q"), .urgency = -1, .limit = IN_PAGE};
    int n = e->n, st = -1;
    bool overdue = false, mine = false;
    query_date(c, "from", &f->from, e);
    query_date(c, "to", &f->to, e);
    if (query_enum(c, "status", in_statuses, &st, e) == PARAM_OK)
        f->status = in_statuses[st];
    query_enum(c, "urgency", urgency_codes, &f->urgency, e);
    query_id(c, "unit_id", &f->unit_id, e);
    query_id(c, "lead_unit_id", &f->lead_unit_id, e);
    query_bool(c, "overdue", &overdue, e);
    query_bool(c, "mine", &mine, e);
    f->overdue_only = overdue;
    f->mine = mine;
    return e->n > n ? -1 : 0;
}
