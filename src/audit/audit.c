/* Writing and browsing the audit trail (audit.h). */
#include "audit/audit.h"

#include <assert.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit_impl.h"
#include "base/clock.h"

/* The id is given, not left to SQLite: it is part of the hash, computed before the insert. */
static const db_query q_insert = {
    "audit.insert",
    "INSERT INTO audit_log(at, actor_id, actor_login, action, entity, entity_id, before_json,"
    " after_json, ip, id, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
    " ?12)",
    NULL};

/* One statement for every filter combination: an absent filter binds NULL and drops out.
 * ?2 matches an exact action, or every action under a prefix ending in '.'. */
#define AUDIT_WHERE                                                                                \
    " WHERE (?1 IS NULL OR actor_login = ?1)"                                                      \
    " AND (?2 IS NULL OR action = ?2 OR (substr(?2, length(?2)) = '.' AND substr(action, 1,"       \
    " length(?2)) = ?2))"                                                                          \
    " AND (?3 IS NULL OR entity = ?3) AND (?4 = 0 OR entity_id = ?4)"                              \
    " AND (?5 IS NULL OR at >= ?5) AND (?6 IS NULL OR at < ?6)"

static const db_query q_count = {"audit.count", "SELECT count(*) FROM audit_log" AUDIT_WHERE, NULL};
static const db_query q_page = {
    "audit.page",
    "SELECT id, at, actor_id, actor_login, action, entity, entity_id, before_json, after_json, ip"
    " FROM audit_log" AUDIT_WHERE " ORDER BY id DESC LIMIT ?7 OFFSET ?8",
    NULL};

/* The resolvers of audit_register_entity: a handful of document entities, so a short array
 * searched by name. Filled at start-up, read-only while serving. */
#define AUDIT_MAX_RESOLVERS 32

static struct resolver {
    const char *entity;
    audit_may_see_fn may_see;
} resolvers[AUDIT_MAX_RESOLVERS];
static int n_resolvers;

void audit_register_entity(const char *entity, audit_may_see_fn may_see)
{
    for (int i = 0; i < n_resolvers; i++)
        if (strcmp(resolvers[i].entity, entity) == 0) {
            resolvers[i].may_see = may_see;
            return;
        }
    if (n_resolvers == AUDIT_MAX_RESOLVERS) {
        fprintf(stderr, "audit_register_entity: more than %d entities; raise AUDIT_MAX_RESOLVERS\n",
                AUDIT_MAX_RESOLVERS);
        abort();
    }
    resolvers[n_resolvers++] = (struct resolver){entity, may_see};
}

static audit_may_see_fn resolver_for(const char *entity)
{
    for (int i = 0; i < n_resolvers; i++)
        if (strcmp(resolvers[i].entity, entity) == 0)
            return resolvers[i].may_see;
    return NULL;
}

/* Hides the contents of the rows whose record the viewer may not see. One resolver call per
 * row with content, inside the listing's snapshot; the viewing context shares the arena, so
 * a resolver that loads the viewer's unit scope does it once for the whole page. */
static void redact(db *d, arena *a, const user *viewer, audit_row *rows, int n)
{
    ctx vc = {.a = a, .db = d, .user = viewer};
    for (int i = 0; i < n; i++) {
        audit_row *r = &rows[i];
        if (!r->before_json && !r->after_json)
            continue;
        audit_may_see_fn may_see = resolver_for(r->entity);
        if (may_see && !may_see(&vc, r)) {
            r->before_json = r->after_json = NULL;
            r->redacted = true;
        }
    }
}

/* The client address of the request this thread is serving (audit_set_ip). */
static _Thread_local char current_ip[64];

void audit_set_ip(const char *ip)
{
    snprintf(current_ip, sizeof current_ip, "%s", ip ? ip : "");
}

int audit_log(db *d, const user *actor, const char *action, const char *entity, int64_t entity_id,
              const char *before_json, const char *after_json)
{
    assert(db_in_tx(d));
    char now[32];
    clock_iso(clock_now(), now, sizeof now);
    audit_chain_fields f = {
        .at = now,
        .has_actor = actor && actor->id > 0,
        .actor_id = actor && actor->id > 0 ? actor->id : 0,
        /* The login is copied so the row reads the same whatever happens to the account. */
        .actor_login = actor && actor->login ? actor->login : "(cli)",
        .action = action,
        .entity = entity ? entity : "",
        .entity_id = entity_id,
        .before_json = before_json,
        .after_json = after_json,
        .ip = current_ip[0] ? current_ip : NULL,
    };
    char prev[AUDIT_HASH_HEX], hash[AUDIT_HASH_HEX];
    int rc = audit_chain_tip(d, &f.id, prev);
    if (rc != 0)
        return rc;
    f.prev_hash = prev[0] ? prev : NULL;
    audit_chain_hash(&f, hash);
    db_stmt *s = db_stmt_get(d, &q_insert);
    if (!s)
        return DB_ERROR;
    db_bind_text(s, 1, f.at);
    if (f.has_actor)
        db_bind_int(s, 2, f.actor_id);
    else
        db_bind_null(s, 2);
    db_bind_text(s, 3, f.actor_login);
    db_bind_text(s, 4, f.action);
    db_bind_text(s, 5, f.entity);
    db_bind_int(s, 6, f.entity_id);
    db_bind_text(s, 7, f.before_json);
    db_bind_text(s, 8, f.after_json);
    db_bind_text(s, 9, f.ip);
    db_bind_int(s, 10, f.id);
    db_bind_text(s, 11, f.prev_hash);
    db_bind_text(s, 12, hash);
    rc = db_exec(s);
    return rc == DB_DONE ? 0 : rc;
}

/* Start of a Vietnam calendar day (plus `days`) as a UTC ISO time; -1 if malformed. */
static int vn_day_start(const char *date, int days, char out[32])
{
    int y, m, dd;
    if (clock_parse_date(date, &y, &m, &dd) < 0)
        return -1;
    char iso[32];
    snprintf(iso, sizeof iso, "%04d-%02d-%02dT00:00:00Z", y, m, dd);
    int64_t t = clock_parse_iso(iso);
    clock_iso(t - VN_UTC_OFFSET + (int64_t)days * 86400, out, 32);
    return 0;
}

static const char *blank_null(const char *s)
{
    return s && *s ? s : NULL;
}

static void bind_filter(db_stmt *s, const audit_filter *f, const char *from, const char *to)
{
    db_bind_text(s, 1, blank_null(f->actor));
    db_bind_text(s, 2, blank_null(f->action));
    db_bind_text(s, 3, blank_null(f->entity));
    db_bind_int(s, 4, f->entity_id);
    db_bind_text(s, 5, from);
    db_bind_text(s, 6, to);
}

int audit_list(db *d, arena *a, const user *actor, const audit_filter *f, audit_row **rows_r,
               int64_t *total_r, int *status_r)
{
    *rows_r = NULL;
    *total_r = 0;
    if (!actor || actor->role != ROLE_ADMIN) {
        *status_r = 403;
        return -1;
    }
    char from[32], to[32];
    if ((blank_null(f->from) && vn_day_start(f->from, 0, from) < 0) ||
        (blank_null(f->to) && vn_day_start(f->to, 1, to) < 0)) {
        *status_r = 400;
        return -1;
    }
    const char *from_p = blank_null(f->from) ? from : NULL;
    const char *to_p = blank_null(f->to) ? to : NULL;
    int limit = f->limit <= 0 ? AUDIT_PAGE : f->limit > AUDIT_MAX_PAGE ? AUDIT_MAX_PAGE : f->limit;
    int offset = f->offset < 0 ? 0 : f->offset;

    /* Count and page from one snapshot, so "total" agrees with the rows shown. */
    bool own_tx = !db_in_tx(d);
    if (own_tx && db_begin_read(d) != 0) {
        *status_r = 500;
        return -1;
    }
    int n = -1;
    db_stmt *s = db_stmt_get(d, &q_count);
    if (!s)
        goto done;
    bind_filter(s, f, from_p, to_p);
    if (db_step(s) != DB_ROW)
        goto done;
    *total_r = db_col_int(s, 0);
    db_reset(s);
    if (!(s = db_stmt_get(d, &q_page)))
        goto done;
    bind_filter(s, f, from_p, to_p);
    db_bind_int(s, 7, limit);
    db_bind_int(s, 8, offset);
    audit_row *rows = arena_alloc(a, (size_t)limit * sizeof *rows);
    int rc, k = 0;
    while ((rc = db_step(s)) == DB_ROW) {
        audit_row *r = &rows[k++];
        r->id = db_col_int(s, 0);
        r->at = arena_strdup(a, db_col_text(s, 1));
        r->actor_id = db_col_int(s, 2);
        r->actor_login = arena_strdup(a, db_col_text(s, 3));
        r->action = arena_strdup(a, db_col_text(s, 4));
        r->entity = arena_strdup(a, db_col_text(s, 5));
        r->entity_id = db_col_int(s, 6);
        r->before_json = arena_strdup(a, db_col_text(s, 7));
        r->after_json = arena_strdup(a, db_col_text(s, 8));
        r->ip = arena_strdup(a, db_col_text(s, 9));
    }
    if (rc < 0)
        goto done;
    db_reset(s);
    redact(d, a, actor, rows, k);
    *rows_r = rows;
    n = k;
done:
    if (own_tx)
        db_rollback(d);
    *status_r = n < 0 ? 500 : 200;
    return n;
}

void audit_web_routes(void); /* web.c */
void audit_api_routes(void); /* api.c */

void audit_routes(void)
{
    audit_web_routes();
    audit_api_routes();
}

int audit_commit(db *d, const user *actor, const char *action, const char *entity,
                 int64_t entity_id, json_t *after)
{
    char *txt = after ? json_dumps(after, JSON_COMPACT) : NULL;
    json_decref(after);
    int rc = audit_log(d, actor, action, entity, entity_id, NULL, txt);
    free(txt);
    if (rc == 0)
        rc = db_commit(d);
    else
        db_rollback(d);
    return rc;
}
