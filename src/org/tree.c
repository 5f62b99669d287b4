/* The unit tree in memory, for the look-ups the scope rule makes per record (org_impl.h
 * org_tree_*): a page checks each listed record's register against the user's (anchor, is
 * it below) — 35 to 80 one-row statements on a home or document page. On PostgreSQL each is a
 * round trip with its planning, so there the whole table (id, parent, office or not, live or
 * not: a few hundred rows even for a province) is read once and kept per thread while the
 * database stamp (db/stamp.h: on PostgreSQL the snapshot read once per request) is unchanged;
 * any commit anywhere, or a write transaction open now, and the statements answer as before.
 * On SQLite a look-up is an in-process call as cheap as the stamp, so nothing changes there. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "db/pg.h"
#include "db/stamp.h"
#include "org/org_impl.h"

/* More units than this: the statements, not a copy (never reached by a real office). */
#define TREE_MAX 20000

static const db_query q_tree = {
    "org.tree",
    "SELECT id, coalesce(parent_id, 0),"
    " CASE WHEN substr(abbr, 1, 2) = 'VP' THEN 1 ELSE 0 END,"
    " CASE WHEN valid_to IS NULL THEN 1 ELSE 0 END FROM units ORDER BY id",
    NULL};

typedef struct tree_unit {
    int64_t id, parent; /* parent 0: none */
    bool office, live;  /* abbreviation VP…; valid_to IS NULL */
} tree_unit;

typedef struct tree_cache {
    db_stamp stamp;
    tree_unit *u; /* malloc'd, by id */
    int n;
    bool loaded, keyed;
} tree_cache;

static _Thread_local tree_cache tl_tree;
static pthread_key_t tree_key;
static pthread_once_t tree_key_once = PTHREAD_ONCE_INIT;

static void tree_thread_end(void *p)
{
    tree_cache *t = p;
    free(t->u);
    t->u = NULL;
    t->loaded = false;
}

static void tree_key_init(void)
{
    if (pthread_key_create(&tree_key, tree_thread_end) != 0)
        abort();
}

static bool tree_load(db *d, tree_cache *t)
{
    t->loaded = false;
    t->n = 0;
    db_stmt *s = db_stmt_get(d, &q_tree);
    if (!s)
        return false;
    int rc;
    while ((rc = db_step(s)) == DB_ROW) {
        if (!t->u && !(t->u = malloc(TREE_MAX * sizeof *t->u)))
            break;
        if (t->n == TREE_MAX)
            break;
        t->u[t->n++] = (tree_unit){db_col_int(s, 0), db_col_int(s, 1), db_col_int(s, 2) != 0,
                                   db_col_int(s, 3) != 0};
    }
    db_reset(s);
    if (rc != DB_DONE) /* an error, or more units than TREE_MAX */
        return false;
    t->loaded = true;
    return true;
}

/* The thread's copy of the tree as the database is now; NULL: ask the statements. */
static tree_cache *tree_for(db *d)
{
    if (!d || !db_is_pg(d))
        return NULL;
    db_stamp now;
    if (!db_stamp_take(d, &now))
        return NULL;
    tree_cache *t = &tl_tree;
    if (!t->keyed) {
        pthread_once(&tree_key_once, tree_key_init);
        pthread_setspecific(tree_key, t);
        t->keyed = true;
    }
    if (!t->loaded || !db_stamp_same(&now, &t->stamp)) {
        if (!tree_load(d, t))
            return NULL;
        t->stamp = now;
    }
    return t;
}

static const tree_unit *find(const tree_cache *t, int64_t id)
{
    int lo = 0, hi = t->n - 1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        if (t->u[mid].id == id)
            return &t->u[mid];
        if (t->u[mid].id < id)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return NULL;
}

bool org_tree_anchor(db *d, int64_t unit_id, int64_t *anchor_r)
{
    tree_cache *t = tree_for(d);
    if (!t)
        return false;
    const tree_unit *u = find(t, unit_id);
    *anchor_r = u && u->parent != 0 && u->office ? u->parent : unit_id;
    return true;
}

bool org_tree_is_ancestor(db *d, int64_t unit_id, int64_t ancestor, bool *is_r)
{
    tree_cache *t = tree_for(d);
    if (!t)
        return false;
    /* As org.is_ancestor's walk: from the unit (when it exists) up through existing parents,
     * 64 steps at most. */
    *is_r = false;
    const tree_unit *u = find(t, unit_id);
    for (int depth = 0; u && depth <= 64; depth++) {
        if (u->id == ancestor) {
            *is_r = true;
            break;
        }
        u = u->parent ? find(t, u->parent) : NULL;
    }
    return true;
}

bool org_tree_office_of(db *d, int64_t unit_id, int64_t *office_r)
{
    tree_cache *t = tree_for(d);
    if (!t)
        return false;
    *office_r = 0; /* the lowest id first: the table is in id order */
    for (int i = 0; i < t->n; i++)
        if (t->u[i].parent == unit_id && t->u[i].office && t->u[i].live) {
            *office_r = t->u[i].id;
            break;
        }
    return true;
}
