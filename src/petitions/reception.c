/* Citizen reception (petitions.h): the heads and their quota (KL 215-KL/TW: a provincial head
 * at least 1 day a month, a commune head at least 2 — rules keys, not constants), delegation,
 * reception days, and the reception register (sổ tiếp công dân). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "org/org.h"
#include "petitions/petitions_impl.h"
#include "rules/rules.h"
#include "web/params.h"
#include "workdays/workdays.h"

static const db_query q_heads = {
    "reception.heads",
    "SELECT h.id, h.unit_id, h.user_id, h.level, u.name, un.name, (SELECT count(DISTINCT day) "
    "FROM reception_sessions s WHERE s.head_id = h.id AND s.held = 1 AND s.kind <> 'regular' AND "
    "s.day BETWEEN ?2 AND ?3), (SELECT count(DISTINCT day) FROM reception_sessions s WHERE "
    "s.head_id = h.id AND s.held = 1 AND s.kind <> 'regular' AND s.day BETWEEN ?4 AND ?5) FROM "
    "reception_heads h JOIN users u ON u.id = h.user_id JOIN units un ON un.id = h.unit_id WHERE "
    "h.active = 1 AND h.unit_id IN (SELECT value FROM json_each(?1)) ORDER BY h.level DESC, "
    "un.name",
    NULL};
static const db_query q_head_get = {
    "reception.head_get", "SELECT unit_id, user_id FROM reception_heads WHERE id = ?1", NULL};
static const db_query q_head_dup = {
    "reception.head_dup", "SELECT 1 FROM reception_heads WHERE unit_id = ?1 AND user_id = ?2",
    NULL};
static const db_query q_head_add = {
    "reception.head_add",
    "INSERT INTO reception_heads (unit_id, user_id, level) VALUES (?1, ?2, ?3)", NULL};
static const db_query q_deleg_add = {
    "reception.deleg_add",
    "INSERT INTO reception_delegations (head_id, delegate_id, date_from, date_to, decision, "
    "created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    NULL};
static const db_query q_deleg_for = {
    "reception.deleg_for",
    "SELECT id FROM reception_delegations WHERE head_id = ?1 AND delegate_id = ?2 AND "
    "date_from <= ?3 AND date_to >= ?3 ORDER BY id DESC LIMIT 1",
    NULL};
static const db_query q_session_add = {
    "reception.session_add",
    "INSERT INTO reception_sessions (head_id, day, session, kind, receiver_id, delegation_id, "
    "venue, note, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    NULL};
#define S_COLS                                                                                     \
    "s.id, s.head_id, s.receiver_id, coalesce(s.delegation_id, 0), s.day, s.session, s.kind, "     \
    "s.venue, s.note, hu.name, ru.name, s.held, (SELECT count(*) FROM reception_entries e WHERE "  \
    "e.session_id = s.id), h.unit_id"
#define S_FROM                                                                                     \
    " FROM reception_sessions s JOIN reception_heads h ON h.id = s.head_id JOIN users hu ON "      \
    "hu.id = h.user_id JOIN users ru ON ru.id = s.receiver_id"
static const db_query q_sessions = {
    "reception.sessions",
    "SELECT " S_COLS S_FROM " WHERE h.unit_id IN (SELECT value FROM json_each(?1)) AND s.day "
    "BETWEEN ?2 AND ?3 ORDER BY s.day DESC, s.session LIMIT 1000",
    NULL};
static const db_query q_session_get = {"reception.session_get",
                                       "SELECT " S_COLS S_FROM " WHERE s.id = ?1", NULL};
static const db_query q_session_held = {
    "reception.session_held", "UPDATE reception_sessions SET held = 1 WHERE id = ?1", NULL};
static const db_query q_entry_next = {
    "reception.entry_next",
    "SELECT coalesce(max(stt), 0) + 1 FROM reception_entries WHERE unit_id = ?1 AND year = ?2",
    NULL};
static const db_query q_entry_add = {
    "reception.entry_add",
    "INSERT INTO reception_entries (unit_id, year, stt, session_id, day, reception_kind, "
    "pseudonym, ident, content, kind, n_people, prior_agency, handling, follow_up, note, source, "
    "receiver_id, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
    "?12, ?13, ?14, ?15, ?16, ?17, ?17, ?18)",
    NULL};
/* The register: units in scope (?1) for leaders and clerks, else the caller's own entries (?2)
 * or, for a unit account, its unit (?3). */
static const db_query q_entries = {
    "reception.entries",
    "SELECT e.id, e.unit_id, coalesce(e.session_id, 0), e.receiver_id, coalesce(e.petition_id, "
    "0), e.year, e.stt, e.n_people, e.day, e.reception_kind, e.pseudonym, e.content, e.kind, "
    "e.prior_agency, e.handling, e.follow_up, e.note, e.source, ru.name, e.ident, "
    "coalesce(hu.user_id, 0) FROM reception_entries e JOIN users ru ON ru.id = e.receiver_id "
    "LEFT JOIN reception_sessions s ON s.id = e.session_id LEFT JOIN reception_heads hu ON hu.id "
    "= s.head_id WHERE (e.unit_id IN (SELECT value FROM json_each(?1)) OR e.receiver_id = ?2 OR "
    "e.unit_id = ?3) AND e.day BETWEEN ?4 AND ?5 ORDER BY e.year, e.unit_id, e.stt LIMIT ?6",
    NULL};

static bool leads_or_clerk(const user *u)
{
    return u->role == ROLE_COMMITTEE_LEADER || u->role == ROLE_OFFICE_LEADER ||
           u->role == ROLE_CLERK;
}

bool rec_may_manage(ctx *c)
{
    return c->user && (leads_or_clerk(c->user) || c->user->role == ROLE_ADMIN);
}

static void month_bounds(const char *day, char from[11], char to[11], bool quarter)
{
    int y = 0, m = 0, d = 0;
    clock_parse_date(day, &y, &m, &d);
    int m0 = quarter ? ((m - 1) / 3) * 3 + 1 : m, m1 = quarter ? m0 + 2 : m;
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int last = mdays[m1 - 1] + (m1 == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
    snprintf(from, 11, "%04d-%02d-01", y, m0);
    snprintf(to, 11, "%04d-%02d-%02d", y, m1, last);
}

int rec_heads(ctx *c, const char *day, rec_head **rows_r)
{
    char today[11];
    pet_today(today);
    const char *at = day && param_date(day) ? day : today;
    char mf[11], mt[11], qf[11], qt[11];
    month_bounds(at, mf, mt, false);
    month_bounds(at, qf, qt, true);
    int n = 0, cap = 8;
    rec_head *v = arena_alloc(c->a, cap * sizeof *v);
    db_stmt *s = c->user ? db_stmt_get(c->db, &q_heads) : NULL;
    if (s) {
        db_bind_text(s, 1, org_scope_json(c));
        db_bind_text(s, 2, mf);
        db_bind_text(s, 3, mt);
        db_bind_text(s, 4, qf);
        db_bind_text(s, 5, qt);
        while (db_step(s) == DB_ROW) {
            ARENA_GROW(c->a, v, n, cap);
            rec_head *h = &v[n++];
            h->id = db_col_int(s, 0);
            h->unit_id = db_col_int(s, 1);
            h->user_id = db_col_int(s, 2);
            h->level = arena_strdup(c->a, db_col_text(s, 3));
            h->name = arena_strdup(c->a, db_col_text(s, 4));
            h->unit_name = arena_strdup(c->a, db_col_text(s, 5));
            h->held_month = (int)db_col_int(s, 6);
            h->held_quarter = (int)db_col_int(s, 7);
        }
        db_reset(s);
    }
    for (int i = 0; i < n; i++) {
        v[i].quota = (int)rules_int(c->db,
                                    strcmp(v[i].level, "province") == 0 ? PET_KEY_QUOTA_PROVINCE
                                                                        : PET_KEY_QUOTA_COMMUNE,
                                    at);
        v[i].quota_quarter = 3 * v[i].quota;
    }
    *rows_r = v;
    return n;
}

static int64_t fail(web_err *e, int status, const char *code, const char *field, const char *msg)
{
    web_err_add(e, status, code, field, msg);
    return -1;
}

static bool head_get(ctx *c, int64_t head_id, int64_t *unit_r, int64_t *user_r)
{
    db_stmt *s = db_stmt_get(c->db, &q_head_get);
    bool found = false;
    if (s) {
        db_bind_int(s, 1, head_id);
        if (db_step(s) == DB_ROW) {
            *unit_r = db_col_int(s, 0);
            *user_r = db_col_int(s, 1);
            found = true;
        }
        db_reset(s);
    }
    return found && org_unit_in_scope(c, *unit_r);
}

/* Begin, one insert through `bind`, audit, commit: the new id or -1. */
static int64_t insert_audited(ctx *c, const db_query *q, void (*bind)(db_stmt *, const void *),
                              const void *arg, const char *action, const char *entity,
                              json_t *after, web_err *e)
{
    if (db_begin_write(c->db) != 0) {
        json_decref(after);
        return fail(e, 503, "busy", NULL, _(PET_MSG_BUSY));
    }
    db_stmt *s = db_stmt_get(c->db, q);
    if (!s) {
        json_decref(after);
        return web_err_rollback(c, e);
    }
    bind(s, arg);
    if (db_exec(s) != DB_DONE) {
        json_decref(after);
        return web_err_rollback(c, e);
    }
    int64_t id = db_last_id(c->db);
    if (audit_commit(c->db, c->user, action, entity, id, after) != 0) {
        web_err_db(c, e);
        return -1;
    }
    return id;
}

struct head_in {
    int64_t unit_id, user_id;
    const char *level;
};
static void bind_head(db_stmt *s, const void *arg)
{
    const struct head_in *h = arg;
    db_bind_int(s, 1, h->unit_id);
    db_bind_int(s, 2, h->user_id);
    db_bind_text(s, 3, h->level);
}

int64_t rec_head_add(ctx *c, int64_t unit_id, int64_t user_id, const char *level, web_err *e)
{
    if (!c->user || (c->user->role != ROLE_ADMIN && c->user->role != ROLE_COMMITTEE_LEADER))
        return fail(e, 403, "forbidden", NULL,
                    _("Chỉ quản trị hoặc Thường trực cấp ủy khai báo người đứng đầu tiếp dân."));
    if (unit_id <= 0 || !org_unit_in_scope(c, unit_id))
        web_err_add(e, 400, "invalid_input", "unit_id", _("Hãy chọn cấp ủy trong phạm vi."));
    const user *u = user_id > 0 ? auth_user_load(c, user_id) : NULL;
    if (!u || u->role == ROLE_UNIT || u->role == ROLE_ADMIN)
        web_err_add(e, 400, "invalid_input", "user_id", _("Hãy chọn người đứng đầu."));
    if (!level || (strcmp(level, "province") != 0 && strcmp(level, "commune") != 0))
        web_err_add(e, 400, "invalid_input", "level", _("Hãy chọn cấp tỉnh hoặc cấp xã."));
    if (e->n)
        return -1;
    db_stmt *d = db_stmt_get(c->db, &q_head_dup);
    bool dup = false;
    if (d) {
        db_bind_int(d, 1, unit_id);
        db_bind_int(d, 2, user_id);
        dup = db_step(d) == DB_ROW;
        db_reset(d);
    }
    if (dup)
        return fail(e, 409, "duplicate", "user_id",
                    _("Người này đã được khai báo là người đứng đầu của cấp ủy."));
    struct head_in h = {unit_id, user_id, level};
    return insert_audited(c, &q_head_add, bind_head, &h, "reception.head_add", "reception_head",
                          json_pack("{s:I, s:I, s:s}", "unit_id", (json_int_t)unit_id, "user_id",
                                    (json_int_t)user_id, "level", level),
                          e);
}

struct deleg_in {
    int64_t head_id, delegate_id, by;
    const char *from, *to, *decision, *now;
};
static void bind_deleg(db_stmt *s, const void *arg)
{
    const struct deleg_in *d = arg;
    db_bind_int(s, 1, d->head_id);
    db_bind_int(s, 2, d->delegate_id);
    db_bind_text(s, 3, d->from);
    db_bind_text(s, 4, d->to);
    db_bind_text(s, 5, d->decision);
    db_bind_int(s, 6, d->by);
    db_bind_text(s, 7, d->now);
}

int64_t rec_delegate(ctx *c, int64_t head_id, int64_t delegate_id, const char *from, const char *to,
                     const char *decision, web_err *e)
{
    int64_t head_unit = 0, head_user = 0;
    if (!c->user || !head_get(c, head_id, &head_unit, &head_user))
        return fail(e, 404, "not_found", NULL, _("Không tìm thấy người đứng đầu."));
    if (c->user->id != head_user && c->user->role != ROLE_COMMITTEE_LEADER &&
        c->user->role != ROLE_OFFICE_LEADER)
        return fail(e, 403, "forbidden", NULL,
                    _("Chỉ người đứng đầu hoặc lãnh đạo ghi nhận việc ủy quyền tiếp dân."));
    const user *d = delegate_id > 0 ? auth_user_load(c, delegate_id) : NULL;
    if (!d || delegate_id == head_user || d->role == ROLE_UNIT || d->role == ROLE_ADMIN ||
        !org_user_unit_in_scope(c->db, c->user, d->unit_id))
        web_err_add(e, 400, "invalid_input", "delegate_id",
                    _("Hãy chọn người được ủy quyền (phó bí thư, ủy viên ban thường vụ hoặc "
                      "trưởng ban) khác người đứng đầu."));
    if (!from || !param_date(from))
        web_err_add(e, 400, "invalid_input", "date_from", _("Từ ngày không hợp lệ."));
    if (!to || !param_date(to) || (from && strcmp(to, from) < 0))
        web_err_add(e, 400, "invalid_input", "date_to",
                    _("Đến ngày phải hợp lệ và không trước từ ngày."));
    const char *dec =
        pet_text(c, decision, "decision", _("Văn bản ủy quyền"), PET_MAX_SHORT, true, e);
    if (e->n)
        return -1;
    char now[32];
    clock_iso(clock_now(), now, sizeof now);
    struct deleg_in in = {head_id, delegate_id, c->user->id, from, to, dec, now};
    return insert_audited(c, &q_deleg_add, bind_deleg, &in, "reception.delegate", "reception_head",
                          json_pack("{s:I, s:I, s:s, s:s, s:s}", "head_id", (json_int_t)head_id,
                                    "delegate_id", (json_int_t)delegate_id, "from", from, "to", to,
                                    "decision", dec),
                          e);
}

struct session_in {
    int64_t head_id, receiver_id, delegation_id, by;
    const char *day, *session, *kind, *venue, *note, *now;
};
static void bind_session(db_stmt *s, const void *arg)
{
    const struct session_in *x = arg;
    db_bind_int(s, 1, x->head_id);
    db_bind_text(s, 2, x->day);
    db_bind_text(s, 3, x->session);
    db_bind_text(s, 4, x->kind);
    db_bind_int(s, 5, x->receiver_id);
    if (x->delegation_id > 0)
        db_bind_int(s, 6, x->delegation_id);
    db_bind_text(s, 7, x->venue);
    db_bind_text(s, 8, x->note);
    db_bind_int(s, 9, x->by);
    db_bind_text(s, 10, x->now);
}

int64_t rec_session_add(ctx *c, int64_t head_id, const char *day, const char *session,
                        const char *kind, int64_t receiver_id, const char *venue, const char *note,
                        web_err *e)
{
    int64_t head_unit = 0, head_user = 0;
    if (!c->user || !head_get(c, head_id, &head_unit, &head_user))
        return fail(e, 404, "not_found", "head_id", _("Không tìm thấy người đứng đầu."));
    if (!leads_or_clerk(c->user))
        return fail(e, 403, "forbidden", NULL,
                    _("Chỉ lãnh đạo hoặc văn thư lập lịch tiếp công dân."));
    static const char *const kinds[] = {"scheduled", "unscheduled", "regular", NULL};
    static const char *const sessions[] = {"morning", "afternoon", NULL};
    if (!day || !param_date(day))
        web_err_add(e, 400, "invalid_input", "day", _("Ngày tiếp không hợp lệ."));
    const char *ses = session && *session ? session : "morning";
    if (pet_index(sessions, ses) < 0)
        web_err_add(e, 400, "invalid_input", "session", _("Hãy chọn buổi sáng hoặc chiều."));
    if (pet_index(kinds, kind) < 0)
        web_err_add(e, 400, "invalid_input", "kind",
                    _("Hãy chọn loại tiếp: định kỳ, đột xuất hoặc thường xuyên."));
    const char *v = pet_text(c, venue, "venue", _("Địa điểm"), PET_MAX_SHORT, false, e);
    const char *n = pet_text(c, note, "note", _("Ghi chú"), PET_MAX_TEXT, false, e);
    int64_t rid = receiver_id > 0 ? receiver_id : head_user, deleg = 0;
    if (!e->n && rid != head_user) {
        /* Anyone else receives only under a recorded delegation covering the day (11-QĐi/TW:
         * a deputy secretary, a BTV member or a head of a ban). Regular reception is the
         * receiving officers' daily work and needs none. */
        db_stmt *s = db_stmt_get(c->db, &q_deleg_for);
        if (s) {
            db_bind_int(s, 1, head_id);
            db_bind_int(s, 2, rid);
            db_bind_text(s, 3, day);
            if (db_step(s) == DB_ROW)
                deleg = db_col_int(s, 0);
            db_reset(s);
        }
        const user *r = auth_user_load(c, rid);
        if (!r)
            web_err_add(e, 400, "invalid_input", "receiver_id", _("Không tìm thấy người tiếp."));
        else if (!deleg && strcmp(kind, "regular") != 0)
            web_err_add(e, 400, "invalid_input", "receiver_id",
                        arena_printf(c->a,
                                     _("%s không phải người đứng đầu và không được ủy quyền tiếp "
                                       "công dân ngày %s."),
                                     r->name, pet_vn_date(c, day)));
    }
    if (e->n)
        return -1;
    char now[32];
    clock_iso(clock_now(), now, sizeof now);
    struct session_in in = {head_id, rid,  deleg,      c->user->id, day,
                            ses,     kind, v ? v : "", n ? n : "",  now};
    return insert_audited(
        c, &q_session_add, bind_session, &in, "reception.session_add", "reception_session",
        json_pack("{s:I, s:s, s:s, s:s, s:I}", "head_id", (json_int_t)head_id, "day", day,
                  "session", ses, "kind", kind, "receiver_id", (json_int_t)rid),
        e);
}

static void session_read(ctx *c, db_stmt *s, rec_session *x)
{
    x->id = db_col_int(s, 0);
    x->head_id = db_col_int(s, 1);
    x->receiver_id = db_col_int(s, 2);
    x->delegation_id = db_col_int(s, 3);
    x->day = arena_strdup(c->a, db_col_text(s, 4));
    x->session = arena_strdup(c->a, db_col_text(s, 5));
    x->kind = arena_strdup(c->a, db_col_text(s, 6));
    x->venue = arena_strdup(c->a, db_col_text(s, 7));
    x->note = arena_strdup(c->a, db_col_text(s, 8));
    x->head_name = arena_strdup(c->a, db_col_text(s, 9));
    x->receiver_name = arena_strdup(c->a, db_col_text(s, 10));
    x->held = db_col_int(s, 11) != 0;
    x->entries = (int)db_col_int(s, 12);
}

const rec_session *rec_session_get(ctx *c, int64_t id)
{
    if (!c->user)
        return NULL;
    db_stmt *s = db_stmt_get(c->db, &q_session_get);
    if (!s)
        return NULL;
    db_bind_int(s, 1, id);
    rec_session *x = NULL;
    if (db_step(s) == DB_ROW) {
        int64_t owner = db_col_int(s, 13);
        x = arena_alloc(c->a, sizeof *x);
        session_read(c, s, x);
        if (!org_unit_in_scope(c, owner))
            x = NULL;
    }
    db_reset(s);
    return x;
}

int rec_sessions(ctx *c, const char *from, const char *to, rec_session **rows_r)
{
    int n = 0, cap = 16;
    rec_session *v = arena_alloc(c->a, cap * sizeof *v);
    db_stmt *s = c->user ? db_stmt_get(c->db, &q_sessions) : NULL;
    if (s) {
        db_bind_text(s, 1, org_scope_json(c));
        db_bind_text(s, 2, from);
        db_bind_text(s, 3, to);
        while (db_step(s) == DB_ROW) {
            ARENA_GROW(c->a, v, n, cap);
            session_read(c, s, &v[n++]);
        }
        db_reset(s);
    }
    *rows_r = v;
    return n;
}

int rec_session_held(ctx *c, int64_t id, web_err *e)
{
    const rec_session *x = rec_session_get(c, id);
    if (!x)
        return (int)fail(e, 404, "not_found", NULL, _("Không tìm thấy buổi tiếp."));
    if (!leads_or_clerk(c->user) && c->user->id != x->receiver_id)
        return (int)fail(e, 403, "forbidden", NULL, _("Bạn không được cập nhật buổi tiếp này."));
    if (db_begin_write(c->db) != 0)
        return (int)fail(e, 503, "busy", NULL, _(PET_MSG_BUSY));
    db_stmt *s = db_stmt_get(c->db, &q_session_held);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, id);
    if (db_exec(s) != DB_DONE)
        return web_err_rollback(c, e);
    if (audit_commit(c->db, c->user, "reception.session_held", "reception_session", id,
                     json_pack("{s:s}", "day", x->day)) != 0) {
        web_err_db(c, e);
        return -1;
    }
    return 0;
}

/* ---- the register ------------------------------------------------------------------------ */

int64_t rec_entry_add(ctx *c, const rec_entry_input *in, web_err *e)
{
    if (!c->user || c->user->role == ROLE_ADMIN || c->user->role == ROLE_UNIT)
        return fail(e, 403, "forbidden", NULL,
                    _("Chỉ cán bộ tiếp công dân, văn thư hoặc lãnh đạo ghi sổ tiếp công dân."));
    static const char *const rkinds[] = {"regular", "scheduled", "unscheduled", NULL};
    static const char *const handlings[] = {"accept", "return", "transfer", NULL};
    const rec_session *ses = NULL;
    if (in->session_id > 0 && !(ses = rec_session_get(c, in->session_id)))
        web_err_add(e, 400, "invalid_input", "session_id", _("Không tìm thấy buổi tiếp."));
    const char *day = ses ? ses->day : in->day;
    char today[11];
    pet_today(today);
    if (!day || !param_date(day))
        web_err_add(e, 400, "invalid_input", "day", _("Ngày tiếp không hợp lệ."));
    else if (strcmp(day, today) > 0)
        web_err_add(e, 400, "invalid_input", "day", _("Ngày tiếp không được sau hôm nay."));
    const char *rk = ses ? ses->kind : in->reception_kind;
    if (pet_index(rkinds, rk) < 0)
        web_err_add(e, 400, "invalid_input", "reception_kind", _("Hãy chọn loại tiếp dân."));
    if (pet_index(pet_kinds, in->kind) < 0)
        web_err_add(e, 400, "invalid_input", "kind", _("Hãy chọn phân loại đơn, vụ việc."));
    if (pet_index(handlings, in->handling) < 0)
        web_err_add(e, 400, "invalid_input", "handling", _("Hãy chọn hướng xử lý."));
    if (in->n_people < 1 || in->n_people > 100000)
        web_err_add(e, 400, "invalid_input", "n_people", _("Số người phải từ 1 đến 100.000."));
    const char *content =
        pet_text(c, in->content, "content", _("Nội dung vụ việc"), PET_MAX_TEXT, true, e);
    pet_ident w = {pet_text(c, in->who.name, "name", _("Họ tên"), PET_MAX_SHORT, true, e),
                   pet_text(c, in->who.address, "address", _("Địa chỉ"), PET_MAX_SHORT, false, e),
                   pet_text(c, in->who.id_no, "id_no", _("Số CMND/CCCD"), 20, false, e)};
    if (!pet_id_valid(w.id_no))
        web_err_add(e, 400, "invalid_input", "id_no", _("Số CMND/CCCD phải gồm 9 hoặc 12 chữ số."));
    const char *prior = pet_text(c, in->prior_agency, "prior_agency", _("Cơ quan đã giải quyết"),
                                 PET_MAX_SHORT, false, e);
    const char *follow =
        pet_text(c, in->follow_up, "follow_up", _("Theo dõi kết quả"), PET_MAX_TEXT, false, e);
    const char *note = pet_text(c, in->note, "note", _("Ghi chú"), PET_MAX_TEXT, false, e);
    const char *src = pet_text(c, in->source, "source", _("Nguồn"), PET_MAX_SHORT, false, e);
    if (e->n)
        return -1;
    int64_t unit_id = org_scope_anchor(c->db, c->user->unit_id);
    int year = day ? atoi(day) : 0; /* validated above */
    size_t box_n = 0;
    unsigned char *box = pet_ident_seal(&w, &box_n);
    if (!box)
        return fail(e, 500, "internal", NULL,
                    _("Không mở được khóa mã hóa danh tính (thư mục keys của dữ liệu)."));
    if (db_begin_write(c->db) != 0) {
        free(box);
        return fail(e, 503, "busy", NULL, _(PET_MSG_BUSY));
    }
    db_stmt *q = db_stmt_get(c->db, &q_entry_next);
    int64_t stt = -1;
    if (q) {
        db_bind_int(q, 1, unit_id);
        db_bind_int(q, 2, year);
        stt = db_step(q) == DB_ROW ? db_col_int(q, 0) : -1;
        db_reset(q);
    }
    db_stmt *s = db_stmt_get(c->db, &q_entry_add);
    if (stt < 0 || !s) {
        free(box);
        return web_err_rollback(c, e);
    }
    char now[32];
    clock_iso(clock_now(), now, sizeof now);
    const char *pseudo =
        arena_printf(c->a, _("Công dân (sổ tiếp, STT %lld/%d)"), (long long)stt, year);
    db_bind_int(s, 1, unit_id);
    db_bind_int(s, 2, year);
    db_bind_int(s, 3, stt);
    if (ses)
        db_bind_int(s, 4, ses->id);
    db_bind_text(s, 5, day);
    db_bind_text(s, 6, rk);
    db_bind_text(s, 7, pseudo);
    db_bind_blob(s, 8, box, box_n);
    db_bind_text(s, 9, content);
    db_bind_text(s, 10, in->kind);
    db_bind_int(s, 11, in->n_people);
    db_bind_text(s, 12, prior ? prior : "");
    db_bind_text(s, 13, in->handling);
    db_bind_text(s, 14, follow ? follow : "");
    db_bind_text(s, 15, note ? note : "");
    db_bind_text(s, 16, src ? src : "");
    db_bind_int(s, 17, c->user->id);
    db_bind_text(s, 18, now);
    int rc = db_exec(s);
    free(box);
    if (rc != DB_DONE)
        return web_err_rollback(c, e);
    int64_t id = db_last_id(c->db);
    if (audit_commit(c->db, c->user, "reception.entry_add", "reception_entry", id,
                     json_pack("{s:I, s:s, s:s, s:s, s:i}", "stt", (json_int_t)stt, "day", day,
                               "pseudonym", pseudo, "kind", in->kind, "n_people", in->n_people)) !=
        0) {
        web_err_db(c, e);
        return -1;
    }
    return id;
}

int rec_entries(ctx *c, const char *from, const char *to, rec_entry **rows_r)
{
    int n = 0, cap = 32;
    rec_entry *v = arena_alloc(c->a, cap * sizeof *v);
    *rows_r = v; /* set again below: the array may grow */
    if (!c->user || c->user->role == ROLE_ADMIN)
        return 0;
    db_stmt *s = db_stmt_get(c->db, &q_entries);
    if (!s)
        return 0;
    db_bind_text(s, 1, leads_or_clerk(c->user) ? org_scope_json(c) : "[]");
    db_bind_int(s, 2, c->user->id);
    db_bind_int(s, 3, c->user->role == ROLE_UNIT ? c->user->unit_id : 0);
    db_bind_text(s, 4, from);
    db_bind_text(s, 5, to);
    db_bind_int(s, 6, 20000);
    int shown = 0;
    while (db_step(s) == DB_ROW) {
        ARENA_GROW(c->a, v, n, cap);
        rec_entry *x = &v[n++];
        memset(x, 0, sizeof *x);
        x->id = db_col_int(s, 0);
        x->unit_id = db_col_int(s, 1);
        x->session_id = db_col_int(s, 2);
        x->receiver_id = db_col_int(s, 3);
        x->petition_id = db_col_int(s, 4);
        x->year = (int)db_col_int(s, 5);
        x->stt = (int)db_col_int(s, 6);
        x->n_people = (int)db_col_int(s, 7);
        x->day = arena_strdup(c->a, db_col_text(s, 8));
        x->reception_kind = arena_strdup(c->a, db_col_text(s, 9));
        x->pseudonym = arena_strdup(c->a, db_col_text(s, 10));
        x->content = arena_strdup(c->a, db_col_text(s, 11));
        x->kind = arena_strdup(c->a, db_col_text(s, 12));
        x->prior_agency = arena_strdup(c->a, db_col_text(s, 13));
        x->handling = arena_strdup(c->a, db_col_text(s, 14));
        x->follow_up = arena_strdup(c->a, db_col_text(s, 15));
        x->note = arena_strdup(c->a, db_col_text(s, 16));
        x->source = arena_strdup(c->a, db_col_text(s, 17));
        x->receiver_name = arena_strdup(c->a, db_col_text(s, 18));
        /* A denouncer's identity opens only for who received them and the session's head;
         * others' for whoever reads the register. */
        bool may = !pet_protected_kind(x->kind) || c->user->id == x->receiver_id ||
                   c->user->id == db_col_int(s, 20);
        if (may && !db_col_null(s, 19)) {
            size_t bn = 0;
            const void *b = db_col_blob(s, 19, &bn);
            x->who = pet_ident_open(c, b, bn);
            if (x->who && pet_protected_kind(x->kind))
                shown++;
        }
    }
    db_reset(s);
    *rows_r = v;
    /* Showing a denouncer's identity is a view like any other: on the trail, without it. */
    if (shown && db_begin_write(c->db) == 0 &&
        audit_commit(c->db, c->user, "reception.identity_view", "reception_entry", 0,
                     json_pack("{s:i, s:s, s:s}", "shown", shown, "from", from, "to", to)) != 0)
        db_rollback(c->db);
    return n;
}
