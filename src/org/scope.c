/* The unit-scope rule (org.h) and the tree walks it needs.
 *
 * Every account is anchored to its unit; no role sees the whole table. Committee-leader,
 * office-leader, clerk and admin see their anchor and the units below it; specialist and unit
 * accounts their own unit only. The anchor is the account's unit, except that a committee's
 * office (văn phòng cấp ủy, abbreviated VP…: VPTU, VPHU, VPĐU) is the committee's working
 * apparatus: its people register, route and follow documents for the whole committee, so their
 * anchor is the committee the office serves (the office's parent). So the city's Thường trực
 * sees the city committee and every ward below it; a ward's Thường trực sees the ward and what
 * is below it, never a sibling ward or the city above.
 *
 * admin is a technical role: it manages units, staff and accounts, and its scope is the same
 * anchored subtree (the city office's admin manages the city tree, a ward's admin the ward).
 * Secret documents stay refused to admin whatever its scope (secrecy_leader_may_see,
 * catalog/vocab.h), and it drafts, approves and signs nothing (outgoing/).
 *
 * The walk goes up from the unit asked about (a handful of primary-key lookups), so a check
 * costs the same on a tree of ten units or ten thousand. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "db/stamp.h"
#include "base/strbuf.h"
#include "org/org_impl.h"

/* Recursion is bounded by depth so a corrupted parent loop cannot spin forever. */
static const db_query q_is_ancestor = {
    "org.is_ancestor",
    "WITH RECURSIVE up(id, parent_id, depth) AS ("
    " SELECT id, parent_id, 0 FROM units WHERE id = ?1"
    " UNION ALL SELECT u.id, u.parent_id, up.depth + 1 FROM units u JOIN up ON u.id = up.parent_id"
    " WHERE up.depth < 64)"
    " SELECT 1 FROM up WHERE id = ?2 LIMIT 1",
    NULL};
static const db_query q_depth = {
    "org.depth",
    "WITH RECURSIVE up(id, parent_id, depth) AS ("
    " SELECT id, parent_id, 0 FROM units WHERE id = ?1"
    " UNION ALL SELECT u.id, u.parent_id, up.depth + 1 FROM units u JOIN up ON u.id = up.parent_id"
    " WHERE up.depth < 64)"
    " SELECT max(depth) FROM up",
    NULL};
static const db_query q_subtree = {
    "org.subtree",
    "WITH RECURSIVE sub(id, depth) AS (SELECT ?1, 0"
    " UNION ALL SELECT u.id, sub.depth + 1 FROM units u JOIN sub ON u.parent_id = sub.id"
    " WHERE sub.depth < 64)"
    " SELECT DISTINCT id FROM sub",
    NULL};
/* The active root first: the dissolved roots (old provincial committees) stay in the table. */
static const db_query q_root = {"org.root",
                                "SELECT id FROM units WHERE parent_id IS NULL"
                                " ORDER BY valid_to IS NOT NULL, valid_to DESC, sort_order, id"
                                " LIMIT 1",
                                NULL};

bool org_is_ancestor_or_self(db *d, int64_t unit_id, int64_t ancestor)
{
    if (unit_id <= 0 || ancestor <= 0)
        return false;
    if (unit_id == ancestor)
        return true;
    bool is;
    if (org_tree_is_ancestor(d, unit_id, ancestor, &is))
        return is;
    db_stmt *s = db_stmt_get(d, &q_is_ancestor);
    if (!s)
        return false;
    db_bind_int(s, 1, unit_id);
    db_bind_int(s, 2, ancestor);
    bool found = db_step(s) == DB_ROW;
    db_reset(s);
    return found;
}

int org_unit_depth(db *d, int64_t unit_id)
{
    db_stmt *s = db_stmt_get(d, &q_depth);
    if (!s)
        return -1;
    db_bind_int(s, 1, unit_id);
    int depth = -1;
    if (db_step(s) == DB_ROW && !db_col_null(s, 0))
        depth = (int)db_col_int(s, 0);
    db_reset(s);
    return depth;
}

static const db_query q_office_parent = {
    "org.office_parent",
    "SELECT parent_id FROM units WHERE id = ?1 AND parent_id IS NOT NULL"
    " AND substr(abbr, 1, 2) = 'VP'",
    NULL};

/* The unit whose subtree an account sees: the committee when the user's unit is that
 * committee's office, else the user's own unit. */
static int64_t anchor_of(db *d, int64_t unit_id, bool *ok_r)
{
    int64_t anchor;
    if (org_tree_anchor(d, unit_id, &anchor))
        return anchor;
    db_stmt *s = db_stmt_get(d, &q_office_parent);
    if (!s) {
        *ok_r = false;
        return unit_id;
    }
    db_bind_int(s, 1, unit_id);
    int rc = db_step(s);
    anchor = rc == DB_ROW ? db_col_int(s, 0) : unit_id;
    db_reset(s);
    if (rc != DB_ROW && rc != DB_DONE)
        *ok_r = false;
    return anchor;
}

int64_t org_scope_anchor(db *d, int64_t unit_id)
{
    bool ok = true;
    return anchor_of(d, unit_id, &ok);
}

/* The committee's office: the active child whose abbreviation starts with VP (the lowest id
 * when, oddly, there are several). */
static const db_query q_office_of = {
    "org.office_of",
    "SELECT id FROM units WHERE parent_id = ?1 AND substr(abbr, 1, 2) = 'VP' AND valid_to IS NULL"
    " ORDER BY id LIMIT 1",
    NULL};

int64_t org_register_unit(db *d, int64_t unit_id)
{
    if (unit_id <= 0)
        return 0;
    int64_t anchor = org_scope_anchor(d, unit_id), office;
    if (org_tree_office_of(d, anchor, &office))
        return office > 0 ? office : anchor;
    db_stmt *s = db_stmt_get(d, &q_office_of);
    if (!s)
        return anchor;
    db_bind_int(s, 1, anchor);
    office = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
    db_reset(s);
    return office > 0 ? office : anchor;
}

bool org_register_below(db *d, int64_t unit_id, int64_t user_unit_id)
{
    int64_t theirs = org_scope_anchor(d, unit_id), mine = org_scope_anchor(d, user_unit_id);
    return theirs != mine && org_is_ancestor_or_self(d, theirs, mine);
}

/* The rule itself, on a role and the user's unit: the roles that see their anchor's subtree
 * (the others see their own unit only). */
static bool role_sees_subtree(enum role r)
{
    return r == ROLE_ADMIN || r == ROLE_COMMITTEE_LEADER || r == ROLE_OFFICE_LEADER ||
           r == ROLE_CLERK;
}

/* The rule on the living tree only. An account without a unit sees nothing. */
static bool base_in_scope(db *d, const user *u, int64_t unit_id)
{
    if (u->unit_id <= 0)
        return false;
    if (unit_id == u->unit_id)
        return u->role != ROLE_NONE;
    if (role_sees_subtree(u->role))
        return org_is_ancestor_or_self(d, unit_id, org_scope_anchor(d, u->unit_id));
    return false;
}

/* Records of a dissolved unit pass to its successor (DOMAIN.md §0, §8): a unit is also in scope
 * when it, or a unit above it, led through successor links (merge, split, rename, transfer) to
 * a unit in scope. So the ward committee's clerk reads the old district committee's records,
 * and the merged city office reads the old city committee's. */
static const db_query q_successors_of_branch = {
    "org.successors_of_branch",
    "WITH RECURSIVE up(id, depth) AS (SELECT ?1, 0"
    " UNION ALL SELECT u.parent_id, up.depth + 1 FROM units u JOIN up ON u.id = up.id"
    " WHERE u.parent_id IS NOT NULL AND up.depth < 64),"
    " succ(id, depth) AS (SELECT us.successor_id, 1 FROM unit_successors us"
    " WHERE us.unit_id IN (SELECT id FROM up)"
    " UNION SELECT us.successor_id, succ.depth + 1 FROM unit_successors us"
    " JOIN succ ON us.unit_id = succ.id WHERE succ.depth < 16)"
    " SELECT DISTINCT id FROM succ",
    NULL};
/* The list form of the same rule: predecessors of the units in scope (?1, a JSON array), and
 * everything below those predecessors. */
static const db_query q_inherited = {
    "org.inherited_units",
    "WITH RECURSIVE pred(id, depth) AS (SELECT us.unit_id, 1 FROM unit_successors us"
    " WHERE us.successor_id IN (SELECT value FROM json_each(?1))"
    " UNION SELECT us.unit_id, pred.depth + 1 FROM unit_successors us"
    " JOIN pred ON us.successor_id = pred.id WHERE pred.depth < 16),"
    " sub(id, depth) AS (SELECT id, 0 FROM pred"
    " UNION SELECT u.id, sub.depth + 1 FROM units u JOIN sub ON u.parent_id = sub.id"
    " WHERE sub.depth < 64)"
    " SELECT DISTINCT id FROM sub",
    NULL};

bool org_user_unit_in_scope(db *d, const user *u, int64_t unit_id)
{
    if (!u || unit_id <= 0 || u->role == ROLE_NONE)
        return false;
    if (base_in_scope(d, u, unit_id))
        return true;
    db_stmt *s = db_stmt_get(d, &q_successors_of_branch);
    if (!s)
        return false;
    db_bind_int(s, 1, unit_id);
    int64_t succ[64];
    int n = 0;
    while (n < 64 && db_step(s) == DB_ROW)
        succ[n++] = db_col_int(s, 0);
    db_reset(s);
    for (int i = 0; i < n; i++)
        if (base_in_scope(d, u, succ[i]))
            return true;
    return false;
}

bool org_unit_in_scope(ctx *c, int64_t unit_id)
{
    return org_user_unit_in_scope(c->db, c->user, unit_id);
}

/* *ok_r turns false when a statement failed (the list may then be short: never cache it). */
static int scope_unit_ids(ctx *c, int64_t **ids_r, bool *all_r, bool *ok_r)
{
    *ids_r = NULL;
    *all_r = false;
    const user *u = c->user;
    if (!u || u->role == ROLE_NONE || u->unit_id <= 0)
        return 0;
    if (!role_sees_subtree(u->role)) {
        int64_t *one = arena_alloc(c->a, sizeof *one);
        one[0] = u->unit_id;
        *ids_r = one;
        return 1;
    }
    db_stmt *s = db_stmt_get(c->db, &q_subtree);
    if (!s) {
        *ok_r = false;
        return 0;
    }
    db_bind_int(s, 1, anchor_of(c->db, u->unit_id, ok_r));
    size_t n = 0, cap = 16;
    int64_t *ids = arena_alloc(c->a, cap * sizeof *ids);
    int rc;
    while ((rc = db_step(s)) == DB_ROW) {
        ARENA_GROW(c->a, ids, n, cap);
        ids[n++] = db_col_int(s, 0);
    }
    db_reset(s);
    if (rc != DB_DONE)
        *ok_r = false;
    *ids_r = ids;
    return (int)n;
}

static int cmp_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* The living-tree scope plus the dissolved units whose records passed into it. */
static int scope_with_inherited(ctx *c, int64_t **ids_r, bool *all_r, bool *ok_r)
{
    *ok_r = true;
    int64_t *base;
    int n = scope_unit_ids(c, &base, all_r, ok_r);
    *ids_r = base;
    if (*all_r || n <= 0)
        return n;
    strbuf json = STRBUF_INIT;
    sb_add_ids(&json, base, n);
    db_stmt *s = db_stmt_get(c->db, &q_inherited);
    if (!s) {
        sb_free(&json);
        *ok_r = false;
        return n;
    }
    db_bind_text(s, 1, sb_str(&json));
    size_t total = (size_t)n, cap = (size_t)n + 16;
    int64_t *ids = arena_alloc(c->a, cap * sizeof *ids);
    memcpy(ids, base, (size_t)n * sizeof *ids);
    int rc;
    while ((rc = db_step(s)) == DB_ROW) {
        ARENA_GROW(c->a, ids, total, cap);
        ids[total++] = db_col_int(s, 0);
    }
    db_reset(s);
    sb_free(&json);
    if (rc != DB_DONE)
        *ok_r = false;
    qsort(ids, total, sizeof *ids, cmp_id);
    size_t k = 0;
    for (size_t i = 0; i < total; i++)
        if (k == 0 || ids[k - 1] != ids[i])
            ids[k++] = ids[i];
    *ids_r = ids;
    return (int)k;
}

/* ---- the scope cache -------------------------------------------------------------------
 *
 * The two recursive walks above cost more than the rest of a home page's queries together, and
 * their answer changes only when units or successor links do. So each thread keeps the answers
 * it computed, keyed by (role class, unit), with the database stamp taken before computing them
 * (app/dbstamp.h): any change committed anywhere since, or a write transaction open now, and
 * the answer is computed afresh. The cache is per thread (one connection per thread, db.h), so no
 * locks; it never outlives the stamp check, so it holds nothing the database does not. */
#define SCOPE_CACHE_SLOTS 16

typedef struct scope_entry {
    int64_t unit_id;
    bool subtree; /* office-leader/clerk (the subtree) or specialist/unit (the unit) */
    int n;
    int64_t *ids; /* malloc'd */
} scope_entry;

typedef struct scope_cache {
    db_stamp stamp; /* when every entry was computed */
    scope_entry e[SCOPE_CACHE_SLOTS];
    int n, next;
    bool keyed; /* the thread-exit destructor is registered */
} scope_cache;

static _Thread_local scope_cache tl_cache;

/* The entries' lists are malloc'd: freed when the thread ends (server workers stop with the
 * server; a leak checker would otherwise see them lost with the thread). */
static pthread_key_t cache_key;
static pthread_once_t cache_key_once = PTHREAD_ONCE_INIT;

static void cache_clear(scope_cache *sc)
{
    for (int i = 0; i < sc->n; i++)
        free(sc->e[i].ids);
    sc->n = sc->next = 0;
}

static void cache_thread_end(void *p)
{
    cache_clear(p);
}

static void cache_key_init(void)
{
    if (pthread_key_create(&cache_key, cache_thread_end) != 0)
        abort();
}

/* The thread's cache, emptied unless the database is unchanged since it was filled; NULL when
 * nothing may be cached now. */
static scope_cache *cache_for(db *d)
{
    db_stamp now;
    if (!db_stamp_take(d, &now))
        return NULL;
    scope_cache *sc = &tl_cache;
    if (!sc->keyed) {
        pthread_once(&cache_key_once, cache_key_init);
        pthread_setspecific(cache_key, sc);
        sc->keyed = true;
    }
    if (!db_stamp_same(&now, &sc->stamp)) {
        cache_clear(sc);
        sc->stamp = now;
    }
    return sc;
}

static scope_entry *cache_find(scope_cache *sc, int64_t unit_id, bool subtree)
{
    for (int i = 0; i < sc->n; i++)
        if (sc->e[i].unit_id == unit_id && sc->e[i].subtree == subtree)
            return &sc->e[i];
    return NULL;
}

static void cache_put(scope_cache *sc, int64_t unit_id, bool subtree, const int64_t *ids, int n)
{
    int64_t *copy = malloc((size_t)(n > 0 ? n : 1) * sizeof *copy);
    if (!copy)
        return;
    if (n > 0)
        memcpy(copy, ids, (size_t)n * sizeof *copy);
    scope_entry *e;
    if (sc->n < SCOPE_CACHE_SLOTS) {
        e = &sc->e[sc->n++];
    } else {
        e = &sc->e[sc->next];
        sc->next = (sc->next + 1) % SCOPE_CACHE_SLOTS;
        free(e->ids);
    }
    e->unit_id = unit_id;
    e->subtree = subtree;
    e->n = n;
    e->ids = copy;
}

/* scope_with_inherited through the cache. The database is asked whether anything changed
 * before the cache is read, and the answer is recomputed after any change. */
static int scope_cached(ctx *c, int64_t **ids_r, bool *all_r)
{
    const user *u = c->user;
    scope_cache *sc = NULL;
    if (u && u->role != ROLE_NONE)
        sc = cache_for(c->db);
    bool ok;
    if (!sc)
        return scope_with_inherited(c, ids_r, all_r, &ok);
    bool subtree = role_sees_subtree(u->role);
    const scope_entry *e = cache_find(sc, u->unit_id, subtree);
    if (e) {
        *all_r = false;
        *ids_r = arena_alloc(c->a, (size_t)(e->n > 0 ? e->n : 1) * sizeof **ids_r);
        if (e->n > 0)
            memcpy(*ids_r, e->ids, (size_t)e->n * sizeof **ids_r);
        return e->n;
    }
    int n = scope_with_inherited(c, ids_r, all_r, &ok);
    if (ok && !*all_r)
        cache_put(sc, u->unit_id, subtree, *ids_r, n);
    return n;
}

int org_scope_unit_ids(ctx *c, int64_t **ids_r, bool *all_r)
{
    if (!c->scope.loaded) {
        c->scope.n = scope_cached(c, &c->scope.ids, &c->scope.all);
        c->scope.loaded = true;
    }
    *ids_r = c->scope.ids;
    *all_r = c->scope.all;
    return c->scope.n;
}

const char *org_scope_json(ctx *c)
{
    if (c->scope.json && c->scope.loaded)
        return c->scope.json;
    int64_t *ids = NULL;
    bool all = false;
    int n = c->user ? org_scope_unit_ids(c, &ids, &all) : 0;
    strbuf sb = STRBUF_INIT;
    sb_add_ids(&sb, ids, n);
    const char *json = arena_strdup(c->a, sb_str(&sb));
    sb_free(&sb);
    if (c->scope.loaded)
        c->scope.json = json;
    return json;
}

int64_t org_root_unit(db *d)
{
    db_stmt *s = db_stmt_get(d, &q_root);
    if (!s)
        return 0;
    int64_t id = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
    db_reset(s);
    return id;
}
