/* In-app notifications (notify.h). Rows are written inside the change that causes them; the
 * time-based ones (due soon, overdue) are created when the user next looks, so no background
 * worker is needed; reading re-checks that the user may still see the document. */
#include "web/dates.h"
#include "notify/notify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/stamp.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "web/records.h"

static const db_query q_insert = {
    "notify.insert",
    "INSERT INTO notifications (user_id, kind, doc_kind, doc_id, text, created_at)"
    " VALUES (?1, ?2, ?3, ?4, substr(?5, 1, 500), ?6)",
    NULL,
};
static const db_query q_insert_role = {
    "notify.insert_role",
    "INSERT INTO notifications (user_id, kind, doc_kind, doc_id, text, created_at)"
    " SELECT id, ?3, ?4, ?5, substr(?6, 1, 500), ?7 FROM users WHERE unit_id = ?1"
    " AND role = ?2 AND disabled = 0",
    NULL,
};

int notify_user(db *d, int64_t user_id, const char *kind, const char *doc_kind, int64_t doc_id,
                const char *text)
{
    char now[32];
    clock_iso(clock_now(), now, sizeof now);
    db_stmt *s = db_stmt_get(d, &q_insert);
    if (!s)
        return -1;
    db_bind_int(s, 1, user_id);
    db_bind_text(s, 2, kind);
    db_bind_text(s, 3, doc_kind);
    db_bind_int(s, 4, doc_id);
    db_bind_text(s, 5, text ? text : "");
    db_bind_text(s, 6, now);
    return db_exec(s) == DB_DONE ? 0 : -1;
}

int notify_unit_role(db *d, int64_t unit_id, enum role role, const char *kind, const char *doc_kind,
                     int64_t doc_id, const char *text)
{
    char now[32];
    clock_iso(clock_now(), now, sizeof now);
    db_stmt *s = db_stmt_get(d, &q_insert_role);
    if (!s)
        return -1;
    db_bind_int(s, 1, unit_id);
    db_bind_text(s, 2, role_code(role));
    db_bind_text(s, 3, kind);
    db_bind_text(s, 4, doc_kind);
    db_bind_int(s, 5, doc_id);
    db_bind_text(s, 6, text ? text : "");
    db_bind_text(s, 7, now);
    return db_exec(s) == DB_DONE ? 0 : -1;
}

/* Open shares held by the user (?1), or by their unit (?2) when they head it (?3 = 1), whose
 * deadline is before ?4 (overdue) or up to ?5 (due soon). ?6 is the kind written, ?7 the
 * translated prefix, ?8 the time. ref de-duplicates: one notification per share and kind. */
#define DUE_SHARES                                                                                 \
    " FROM incoming_assignments a JOIN incoming i ON i.id = a.incoming_id"                         \
    " WHERE a.status = 'open' AND i.status = 'assigned' AND a.due_date IS NOT NULL"                \
    " AND (a.to_user_id = ?1 OR (?3 = 1 AND a.to_unit_id = ?2))"                                   \
    " AND ((?6 = 'overdue' AND a.due_date < ?4) OR (?6 = 'due_soon' AND a.due_date >= ?4"          \
    " AND a.due_date <= ?5))"

static const db_query q_due_missing = {
    "notify.due_missing",
    "SELECT 1" DUE_SHARES " AND NOT EXISTS (SELECT 1 FROM notifications n WHERE"
    " n.user_id = ?1 AND n.ref = 'a:' || a.id || ':' || ?6) AND ?7 = ?7 AND ?8 = ?8 LIMIT 1",
    NULL,
};
static const db_query q_due_insert = {
    "notify.due_insert",
    "INSERT OR IGNORE INTO notifications (user_id, kind, doc_kind, doc_id, text, ref,"
    " created_at) SELECT ?1, ?6, 'in', i.id, substr(?7 || ' ' || i.code || ' — ' || i.subject"
    " || ' (' || substr(a.due_date, 9, 2) || '/' || substr(a.due_date, 6, 2) || '/' ||"
    " substr(a.due_date, 1, 4) || ')', 1, 500), 'a:' || a.id || ':' || ?6, ?8" DUE_SHARES,
    NULL,
};

static void due_bind(ctx *c, db_stmt *s, const char *kind, const char *prefix, const char *now)
{
    enum role r = c->user->role;
    db_bind_int(s, 1, c->user->id);
    db_bind_int(s, 2, c->user->unit_id);
    db_bind_int(s, 3, role_is_leader(r) || r == ROLE_UNIT ? 1 : 0);
    db_bind_text(s, 4, web_today(c));
    db_bind_text(s, 5, web_date_add(c, web_today(c), NOTIFY_DUE_SOON_DAYS));
    db_bind_text(s, 6, kind);
    db_bind_text(s, 7, prefix);
    db_bind_text(s, 8, now);
}

int notify_refresh(ctx *c)
{
    if (!c->user)
        return 0;
    static const char *const kinds[] = {NOTIFY_OVERDUE, NOTIFY_DUE_SOON};
    const char *prefixes[] = {_("Quá hạn:"), _("Sắp đến hạn:")};
    const char *now = web_now_iso(c);
    bool missing = false;
    /* A read first: the write transaction (and its fsync) happens only when something new is
     * due, not on every page view. */
    for (int k = 0; k < 2 && !missing; k++) {
        db_stmt *s = db_stmt_get(c->db, &q_due_missing);
        if (!s)
            return -1;
        due_bind(c, s, kinds[k], prefixes[k], now);
        missing = db_step(s) == DB_ROW;
        db_reset(s);
    }
    if (!missing)
        return 0;
    if (db_begin_write(c->db) != 0)
        return -1;
    for (int k = 0; k < 2; k++) {
        db_stmt *s = db_stmt_get(c->db, &q_due_insert);
        if (!s || (due_bind(c, s, kinds[k], prefixes[k], now), db_exec(s)) != DB_DONE) {
            db_rollback(c->db);
            return -1;
        }
    }
    return db_commit(c->db) == 0 ? 0 : -1;
}

static const db_query q_list = {
    "notify.list",
    "SELECT id, doc_id, kind, doc_kind, text, created_at, read_at FROM notifications"
    " WHERE user_id = ?1 AND (?2 = 0 OR read_at IS NULL) ORDER BY id DESC LIMIT ?3",
    NULL,
};

/* A notification about a document the user can no longer see says nothing at all. */
static bool visible(ctx *c, const char *doc_kind, int64_t doc_id)
{
    if (!doc_kind || doc_id <= 0)
        return true;
    return record_visible(c, doc_kind, doc_id, NULL);
}

static int read_rows(ctx *c, bool unread, int limit, notification **rows_r)
{
    *rows_r = NULL;
    if (!c->user)
        return 0;
    db_stmt *s = db_stmt_get(c->db, &q_list);
    if (!s)
        return -1;
    db_bind_int(s, 1, c->user->id);
    db_bind_int(s, 2, unread ? 1 : 0);
    db_bind_int(s, 3, limit * 2 + 20);
    int cap = limit * 2 + 20, n = 0;
    notification *v = arena_alloc(c->a, (size_t)cap * sizeof *v);
    int rc = DB_ROW;
    while (n < cap && (rc = db_step(s)) == DB_ROW) {
        notification *x = &v[n++];
        x->id = db_col_int(s, 0);
        x->doc_id = db_col_int(s, 1);
        x->kind = arena_strdup(c->a, db_col_text(s, 2));
        x->doc_kind = arena_strdup(c->a, db_col_text(s, 3));
        x->text = arena_strdup(c->a, db_col_text(s, 4));
        x->created_at = arena_strdup(c->a, db_col_text(s, 5));
        x->read_at = arena_strdup(c->a, db_col_text(s, 6));
    }
    db_reset(s);
    if (rc != DB_ROW && rc != DB_DONE)
        return -1; /* a short list is not the list (and the badge would cache it) */
    int m = 0;
    for (int i = 0; i < n && m < limit; i++)
        if (visible(c, v[i].doc_kind, v[i].doc_id))
            v[m++] = v[i];
    *rows_r = v;
    return m;
}

static void row_read(ctx *c, db_stmt *s, notification *x)
{
    x->id = db_col_int(s, 0);
    x->doc_id = db_col_int(s, 1);
    x->kind = arena_strdup(c->a, db_col_text(s, 2));
    x->doc_kind = arena_strdup(c->a, db_col_text(s, 3));
    x->text = arena_strdup(c->a, db_col_text(s, 4));
    x->created_at = arena_strdup(c->a, db_col_text(s, 5));
    x->read_at = arena_strdup(c->a, db_col_text(s, 6));
}

int notify_page(ctx *c, bool unread, int offset, int limit, notification **rows_r, int64_t *total_r)
{
    *rows_r = NULL;
    *total_r = 0;
    if (!c->user)
        return 0;
    notify_refresh(c);
    if (limit <= 0)
        limit = NOTIFY_PAGE;
    if (offset < 0)
        offset = 0;
    db_stmt *s = db_stmt_get(c->db, &q_list);
    if (!s)
        return -1;
    db_bind_int(s, 1, c->user->id);
    db_bind_int(s, 2, unread ? 1 : 0);
    db_bind_int(s, 3, NOTIFY_KEEP_MAX);
    notification *v = arena_alloc(c->a, (size_t)limit * sizeof *v);
    int n = 0, rc;
    notification x;
    /* Visibility is decided per row (record_visible), so the page is cut after the test. */
    while ((rc = db_step(s)) == DB_ROW) {
        row_read(c, s, &x);
        if (!visible(c, x.doc_kind, x.doc_id))
            continue;
        if (*total_r >= offset && n < limit)
            v[n++] = x;
        (*total_r)++;
    }
    db_reset(s);
    if (rc != DB_DONE)
        return -1;
    *rows_r = v;
    return n;
}

static const db_query q_get = {
    "notify.get",
    "SELECT id, doc_id, kind, doc_kind, text, created_at, read_at FROM notifications"
    " WHERE id = ?1 AND user_id = ?2",
    NULL,
};

const notification *notify_get(ctx *c, int64_t id)
{
    if (!c->user || id <= 0)
        return NULL;
    db_stmt *s = db_stmt_get(c->db, &q_get);
    if (!s)
        return NULL;
    db_bind_int(s, 1, id);
    db_bind_int(s, 2, c->user->id);
    notification *x = NULL;
    if (db_step(s) == DB_ROW) {
        x = arena_alloc(c->a, sizeof *x);
        row_read(c, s, x);
    }
    db_reset(s);
    if (x && !visible(c, x->doc_kind, x->doc_id))
        return NULL;
    return x;
}

#define MAX_LINKS 32
static struct {
    const char *room, *prefix;
} links[MAX_LINKS];
static int n_links;

void notify_link_register(const char *room, const char *path_prefix)
{
    for (int i = 0; i < n_links; i++)
        if (strcmp(links[i].room, room) == 0)
            return;
    if (n_links == MAX_LINKS) {
        /* A room left out would send its notices to the list instead of their record. */
        fprintf(stderr, "vanphong: too many notice rooms (src/notify/notify.c MAX_LINKS)\n");
        abort();
    }
    links[n_links].room = room;
    links[n_links].prefix = path_prefix;
    n_links++;
}

const char *notify_href(ctx *c, const notification *x)
{
    const char *dot = x->doc_kind ? NULL : strchr(x->kind, '.');
    for (int i = 0; dot && x->doc_id > 0 && i < n_links; i++)
        if (strlen(links[i].room) == (size_t)(dot - x->kind) &&
            strncmp(x->kind, links[i].room, (size_t)(dot - x->kind)) == 0)
            return arena_printf(c->a, "%s%lld", links[i].prefix, (long long)x->doc_id);
    if (x->doc_kind && x->doc_id > 0)
        return arena_printf(c->a, "/%s/%lld",
                            strcmp(x->doc_kind, "in") == 0 ? "incoming" : "outgoing",
                            (long long)x->doc_id);
    if (strcmp(x->kind, NOTIFY_ARRIVED) == 0 || strcmp(x->kind, NOTIFY_URGENT) == 0)
        return "/incoming/inbox";
    return "/notifications";
}

int notify_list(ctx *c, int limit, notification **rows_r)
{
    notify_refresh(c);
    return read_rows(c, false, limit > 0 ? limit : 50, rows_r);
}

/* The badge is on every page and costs a walk over the user's notifications plus a visibility
 * check per unread one, yet changes only when the database does or the day turns (the due-soon
 * and overdue ones are created by date). So each thread keeps the counts it computed with the
 * database stamp taken after the refresh (app/dbstamp.h), keyed by who asks and the date; any
 * change committed anywhere since and the count is computed afresh. */
#define BADGE_CACHE_SLOTS 32

typedef struct badge_entry {
    int64_t user_id, unit_id;
    enum role role;
    char today[16];
    int count;
} badge_entry;

static _Thread_local struct {
    db_stamp stamp;
    badge_entry e[BADGE_CACHE_SLOTS];
    int n, next;
} tl_badge;

static badge_entry *badge_find(const user *u, const char *today)
{
    for (int i = 0; i < tl_badge.n; i++) {
        badge_entry *e = &tl_badge.e[i];
        if (e->user_id == u->id && e->unit_id == u->unit_id && e->role == u->role &&
            strcmp(e->today, today) == 0)
            return e;
    }
    return NULL;
}

static void badge_put(const db_stamp *stamp, const user *u, const char *today, int count)
{
    if (!db_stamp_same(stamp, &tl_badge.stamp)) {
        tl_badge.n = tl_badge.next = 0;
        tl_badge.stamp = *stamp;
    }
    badge_entry *e = badge_find(u, today);
    if (!e) {
        if (tl_badge.n < BADGE_CACHE_SLOTS) {
            e = &tl_badge.e[tl_badge.n++];
        } else {
            e = &tl_badge.e[tl_badge.next];
            tl_badge.next = (tl_badge.next + 1) % BADGE_CACHE_SLOTS;
        }
    }
    *e = (badge_entry){.user_id = u->id, .unit_id = u->unit_id, .role = u->role, .count = count};
    snprintf(e->today, sizeof e->today, "%s", today);
}

int notify_unread_count(ctx *c)
{
    if (!c->user)
        return 0;
    const char *today = web_today(c);
    db_stamp now;
    if (db_stamp_take(c->db, &now) && db_stamp_same(&now, &tl_badge.stamp)) {
        const badge_entry *e = badge_find(c->user, today);
        if (e)
            return e->count;
    }
    bool refreshed = notify_refresh(c) == 0;
    bool stamped = db_stamp_take(c->db, &now);
    notification *v;
    int n = read_rows(c, true, 99, &v);
    if (n < 0)
        return 0;
    if (refreshed && stamped)
        badge_put(&now, c->user, today, n);
    return n;
}

static const db_query q_mark = {
    "notify.mark",
    "UPDATE notifications SET read_at = ?3 WHERE user_id = ?1 AND (?2 = 0 OR id = ?2)"
    " AND read_at IS NULL",
    NULL,
};

int notify_mark_read(ctx *c, int64_t id)
{
    if (!c->user)
        return -1;
    if (db_begin_write(c->db) != 0)
        return -1;
    db_stmt *s = db_stmt_get(c->db, &q_mark);
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
