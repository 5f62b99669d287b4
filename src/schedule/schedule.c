/* The weekly calendar's events: who may do what, validation, create, change, cancel, clashes
 * (schedule.h). Weeks, publication and amendments are in schedule_week.c. */
#include "schedule/schedule.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "org/org.h"
#include "schedule/schedule_impl.h"
#include "web/respond.h"
#include "workdays/workdays.h"

const char *const sched_sessions[] = {"sang", "chieu", "toi", NULL};
const char *const sched_visibilities[] = {"public", "internal", "private", NULL};

const char *sched_session_label(const char *code)
{
    if (code && strcmp(code, "sang") == 0)
        return _("Sáng");
    if (code && strcmp(code, "chieu") == 0)
        return _("Chiều");
    return _("Tối");
}

const char *sched_visibility_label(const char *code)
{
    if (code && strcmp(code, "public") == 0)
        return _("Công khai");
    if (code && strcmp(code, "private") == 0)
        return _("Riêng của lãnh đạo (người khác thấy «Bận»)");
    return _("Nội bộ");
}

/* ---- weeks and dates ---- */

int sched_iso_week(const char *date, int *year_r, int *week_r)
{
    int y, m, d;
    if (!date || clock_parse_date(date, &y, &m, &d) != 0)
        return -1;
    int64_t n = clock_days_from_civil(y, m, d);
    int wd = (int)(((n % 7) + 7 + 3) % 7) + 1; /* 1970-01-01 was a Thursday (4) */
    int64_t thursday = n + (4 - wd);
    /* The ISO year is the year of that Thursday. */
    int ty = y + (thursday < clock_days_from_civil(y, 1, 1) ? -1 : 0) +
             (thursday >= clock_days_from_civil(y + 1, 1, 1) ? 1 : 0);
    *year_r = ty;
    *week_r = (int)((thursday - clock_days_from_civil(ty, 1, 1)) / 7) + 1;
    return 0;
}

int sched_week_monday(int year, int week, char out[11])
{
    if (year < 1930 || year > 2099 || week < 1 || week > 53)
        return -1;
    int64_t jan4 = clock_days_from_civil(year, 1, 4);
    int wd = (int)(((jan4 % 7) + 7 + 3) % 7) + 1;
    int64_t monday = jan4 - (wd - 1) + (int64_t)(week - 1) * 7;
    char base[11] = "1970-01-01";
    if (workdays_date_add(base, (int)monday, out) != 0)
        return -1;
    int y2, w2;
    if (sched_iso_week(out, &y2, &w2) != 0 || y2 != year || w2 != week)
        return -1; /* week 53 of a year that has 52 */
    return 0;
}

int sched_parse_week(const char *s, int *year_r, int *week_r)
{
    if (!s)
        return -1;
    if (strlen(s) == 10 && s[4] == '-')
        return sched_iso_week(s, year_r, week_r);
    int y = 0, w = 0, used = 0;
    if (strlen(s) < 7 || sscanf(s, "%4d-W%2d%n", &y, &w, &used) != 2 || s[used] != 0)
        return -1;
    char m[11];
    if (sched_week_monday(y, w, m) != 0)
        return -1;
    *year_r = y;
    *week_r = w;
    return 0;
}

const char *sched_now_iso(ctx *c)
{
    char buf[32];
    clock_iso(clock_now(), buf, sizeof buf);
    return arena_strdup(c->a, buf);
}

/* ---- who ---- */

int64_t sched_home_unit(ctx *c)
{
    return c->user ? org_scope_anchor(c->db, c->user->unit_id) : 0;
}

bool sched_may_draft(ctx *c, int64_t unit_id)
{
    if (!c->user || unit_id <= 0)
        return false;
    enum role r = c->user->role;
    return (r == ROLE_CLERK || r == ROLE_SPECIALIST || r == ROLE_OFFICE_LEADER) &&
           sched_home_unit(c) == unit_id;
}

bool sched_may_publish(ctx *c, int64_t unit_id)
{
    if (!c->user || unit_id <= 0)
        return false;
    enum role r = c->user->role;
    return (r == ROLE_OFFICE_LEADER || r == ROLE_COMMITTEE_LEADER) && sched_home_unit(c) == unit_id;
}

bool sched_may_read(ctx *c, int64_t unit_id)
{
    if (!c->user || unit_id <= 0)
        return false;
    return sched_home_unit(c) == unit_id || org_unit_in_scope(c, unit_id);
}

static bool takes_part(const sched_event *ev, int64_t user_id)
{
    if (ev->chair_user_id == user_id)
        return true;
    for (int i = 0; i < ev->n_people; i++)
        if (ev->people[i] == user_id)
            return true;
    return false;
}

bool sched_event_readable_as(ctx *c, const sched_event *ev, bool published, bool office,
                             bool reader)
{
    if (!c->user)
        return false;
    if (!published)
        return office;
    if (office || takes_part(ev, c->user->id))
        return true;
    if (strcmp(ev->visibility, "public") == 0)
        return true;
    if (strcmp(ev->visibility, "internal") == 0)
        return reader;
    return false; /* private: "Bận" to the others who read the calendar */
}

bool sched_event_readable(ctx *c, const sched_event *ev, bool published)
{
    if (!c->user)
        return false;
    bool office = sched_may_draft(c, ev->unit_id) || sched_may_publish(c, ev->unit_id);
    return sched_event_readable_as(c, ev, published, office, sched_may_read(c, ev->unit_id));
}

/* ---- reading ---- */

static const db_query q_people = {
    "schedule.people", "SELECT user_id FROM schedule_event_people WHERE event_id = ?1 ORDER BY 1",
    NULL};
static const db_query q_get = {"schedule.get",
                               "SELECT " SCHED_EV_COLS SCHED_EV_FROM "WHERE e.id = ?1", NULL};

static const char *dup(ctx *c, db_stmt *s, int col)
{
    const char *t = db_col_text(s, col);
    return t ? arena_strdup(c->a, t) : NULL;
}

void sched_read_event(ctx *c, db_stmt *s, sched_event *ev)
{
    memset(ev, 0, sizeof *ev);
    ev->id = db_col_int(s, 0);
    ev->unit_id = db_col_int(s, 1);
    ev->chair_user_id = db_col_int(s, 2);
    ev->room_id = db_col_int(s, 3);
    ev->preparing_unit_id = db_col_int(s, 4);
    ev->programme_item_id = db_col_int(s, 5);
    ev->conference_id = db_col_int(s, 6);
    ev->created_by = db_col_int(s, 7);
    ev->day = dup(c, s, 8);
    ev->session = dup(c, s, 9);
    ev->start_time = dup(c, s, 10);
    ev->end_time = dup(c, s, 11);
    ev->content = dup(c, s, 12);
    ev->participants = dup(c, s, 13);
    ev->venue = dup(c, s, 14);
    ev->visibility = dup(c, s, 15);
    ev->status = dup(c, s, 16);
    ev->uid = dup(c, s, 17);
    ev->updated_at = dup(c, s, 18);
    ev->iso_year = (int)db_col_int(s, 19);
    ev->iso_week = (int)db_col_int(s, 20);
    ev->revision = (int)db_col_int(s, 21);
    ev->amended = db_col_int(s, 22) != 0;
    ev->chair_name = dup(c, s, 23);
    ev->room_name = dup(c, s, 24);
    ev->preparing_unit_name = dup(c, s, 25);
}

void sched_load_people(ctx *c, sched_event *ev)
{
    db_stmt *s = db_stmt_get(c->db, &q_people);
    int cap = 8;
    ev->people = arena_alloc(c->a, sizeof *ev->people * (size_t)cap);
    ev->n_people = 0;
    if (!s)
        return;
    db_bind_int(s, 1, ev->id);
    while (db_step(s) == DB_ROW) {
        ARENA_GROW(c->a, ev->people, ev->n_people, cap);
        ev->people[ev->n_people++] = db_col_int(s, 0);
    }
    db_reset(s);
}

/* The event whatever the caller may see (NULL when absent). */
static sched_event *load(ctx *c, int64_t id)
{
    db_stmt *s = db_stmt_get(c->db, &q_get);
    if (!s)
        return NULL;
    db_bind_int(s, 1, id);
    sched_event *ev = NULL;
    if (db_step(s) == DB_ROW) {
        ev = arena_alloc(c->a, sizeof *ev);
        sched_read_event(c, s, ev);
    }
    db_reset(s);
    if (ev)
        sched_load_people(c, ev);
    return ev;
}

const sched_event *sched_event_get(ctx *c, int64_t id)
{
    sched_event *ev = load(c, id);
    if (!ev)
        return NULL;
    bool published = sched_week_version(c->db, ev->unit_id, ev->iso_year, ev->iso_week) > 0;
    return sched_event_readable(c, ev, published) ? ev : NULL;
}

/* ---- clashes ---- */

static int minutes(const char *hhmm)
{
    if (!hhmm || strlen(hhmm) != 5)
        return -1;
    return atoi(hhmm) * 60 + atoi(hhmm + 3);
}

bool sched_overlap(const sched_event *a, const sched_event *b)
{
    if (strcmp(a->day, b->day) != 0)
        return false;
    int as = minutes(a->start_time), bs = minutes(b->start_time);
    if (as < 0 || bs < 0) /* no hour: the same session is the same time */
        return strcmp(a->session, b->session) == 0;
    /* Without an end, an event is taken to last an hour. */
    int ae = minutes(a->end_time), be = minutes(b->end_time);
    if (ae < 0)
        ae = as + 60;
    if (be < 0)
        be = bs + 60;
    return as < be && bs < ae;
}

static int64_t shared_person(const sched_event *a, const sched_event *b)
{
    if (a->chair_user_id && takes_part(b, a->chair_user_id))
        return a->chair_user_id;
    for (int i = 0; i < a->n_people; i++)
        if (takes_part(b, a->people[i]))
            return a->people[i];
    return 0;
}

void sched_mark_clashes(sched_event *v, int n)
{
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++) {
            if (strcmp(v[i].status, "active") != 0 || strcmp(v[j].status, "active") != 0)
                continue;
            if (!sched_overlap(&v[i], &v[j]))
                continue;
            if (shared_person(&v[i], &v[j]) || (v[i].room_id && v[i].room_id == v[j].room_id))
                v[i].clash = v[j].clash = true;
        }
}

static const db_query q_day = {
    "schedule.day",
    "SELECT " SCHED_EV_COLS SCHED_EV_FROM
    "WHERE e.day = ?1 AND e.status = 'active' AND e.id <> ?2 ORDER BY e.start_time, e.id",
    NULL};

int sched_event_clashes(ctx *c, const sched_event *ev, sched_clash **clashes_r)
{
    *clashes_r = NULL;
    db_stmt *s = db_stmt_get(c->db, &q_day);
    if (!s)
        return 0;
    db_bind_text(s, 1, ev->day);
    db_bind_int(s, 2, ev->id);
    int n = 0, cap = 16;
    sched_event *v = arena_alloc(c->a, sizeof *v * (size_t)cap);
    while (db_step(s) == DB_ROW) {
        ARENA_GROW(c->a, v, n, cap);
        sched_read_event(c, s, &v[n++]);
    }
    db_reset(s);
    int m = 0;
    sched_clash *out = arena_alloc(c->a, sizeof *out * (size_t)(2 * n + 1));
    for (int i = 0; i < n; i++) {
        sched_load_people(c, &v[i]);
        if (!sched_overlap(ev, &v[i]))
            continue;
        /* The other event is named only to whoever may read it. */
        bool pub = sched_week_version(c->db, v[i].unit_id, v[i].iso_year, v[i].iso_week) > 0;
        const char *what = sched_event_readable(c, &v[i], pub) ? v[i].content : _("(lịch riêng)");
        const char *when = v[i].start_time ? v[i].start_time : sched_session_label(v[i].session);
        int64_t who = shared_person(ev, &v[i]);
        if (who && m < 2 * n) {
            const user *u = auth_user_load(c, who);
            out[m].other_id = v[i].id;
            out[m++].message =
                arena_printf(c->a, _("Trùng lịch: đồng chí %s đã có lịch «%s» (%s) cùng lúc."),
                             u ? u->name : "?", what, when);
        }
        if (ev->room_id && ev->room_id == v[i].room_id) {
            out[m].other_id = v[i].id;
            out[m++].message = arena_printf(c->a, _("Trùng phòng: %s đã được đặt cho «%s» (%s)."),
                                            v[i].room_name, what, when);
        }
    }
    *clashes_r = out;
    return m;
}

/* ---- validation ---- */

static bool valid_hhmm(const char *s)
{
    return s && strlen(s) == 5 && s[0] >= '0' && s[0] <= '2' && s[1] >= '0' && s[1] <= '9' &&
           s[2] == ':' && s[3] >= '0' && s[3] <= '5' && s[4] >= '0' && s[4] <= '9' &&
           minutes(s) < 24 * 60;
}

static bool in_list(const char *s, const char *const *codes)
{
    for (int i = 0; s && codes[i]; i++)
        if (strcmp(s, codes[i]) == 0)
            return true;
    return false;
}

static const db_query q_room = {"schedule.room", "SELECT unit_id, active FROM rooms WHERE id = ?1",
                                NULL};

static bool room_ok(ctx *c, int64_t room_id, int64_t unit_id)
{
    db_stmt *s = db_stmt_get(c->db, &q_room);
    if (!s)
        return false;
    db_bind_int(s, 1, room_id);
    bool ok = db_step(s) == DB_ROW && db_col_int(s, 0) == unit_id && db_col_int(s, 1) == 1;
    db_reset(s);
    return ok;
}

static sched_room_guard_fn room_guard;

void sched_set_room_guard(sched_room_guard_fn fn)
{
    room_guard = fn;
}

/* The validated event of `in` into *ev (arena); false with the messages in e. */
static bool validate(ctx *c, const sched_input *in, int64_t unit_id, sched_event *ev, web_err *e,
                     int64_t event_id)
{
    const char *err = NULL;
    ev->unit_id = unit_id;
    if (!in->day || !*in->day)
        web_err_add(e, 400, "invalid_input", "day", _("Ngày là bắt buộc."));
    else if (clock_parse_date(in->day, &(int){0}, &(int){0}, &(int){0}) != 0 ||
             strlen(in->day) != 10 || strcmp(in->day, "1930-01-01") < 0 ||
             strcmp(in->day, "2099-12-31") > 0)
        web_err_add(e, 400, "invalid_input", "day", _("Ngày không hợp lệ (dd/mm/yyyy)."));
    else {
        ev->day = in->day;
        sched_iso_week(in->day, &ev->iso_year, &ev->iso_week);
    }
    ev->start_time = in->start_time && *in->start_time ? in->start_time : NULL;
    ev->end_time = in->end_time && *in->end_time ? in->end_time : NULL;
    if (ev->start_time && !valid_hhmm(ev->start_time))
        web_err_add(e, 400, "invalid_input", "start_time",
                    _("Giờ bắt đầu không hợp lệ (giờ:phút, ví dụ 08:00)."));
    if (ev->end_time && !valid_hhmm(ev->end_time))
        web_err_add(e, 400, "invalid_input", "end_time",
                    _("Giờ kết thúc không hợp lệ (giờ:phút, ví dụ 11:30)."));
    else if (ev->end_time && !ev->start_time)
        web_err_add(e, 400, "invalid_input", "start_time",
                    _("Có giờ kết thúc thì phải có giờ bắt đầu."));
    else if (ev->end_time && valid_hhmm(ev->start_time) &&
             minutes(ev->end_time) <= minutes(ev->start_time))
        web_err_add(e, 400, "invalid_input", "end_time", _("Giờ kết thúc phải sau giờ bắt đầu."));
    if (in->session && *in->session) {
        if (!in_list(in->session, sched_sessions))
            web_err_add(e, 400, "invalid_input", "session",
                        _("Buổi phải là sáng, chiều hoặc tối."));
        ev->session = in->session;
    } else if (ev->start_time && valid_hhmm(ev->start_time)) {
        int m = minutes(ev->start_time); /* the session follows the hour when not chosen */
        ev->session = m < 12 * 60 ? "sang" : m < 18 * 60 ? "chieu" : "toi";
    } else
        web_err_add(e, 400, "invalid_input", "session", _("Hãy chọn buổi (sáng, chiều, tối)."));
    ev->content = field_text(c, in->content, _("Nội dung"), SCHED_CONTENT_MAX, true, &err);
    if (err)
        web_err_add(e, 400, "invalid_input", "content", err);
    ev->participants =
        field_text(c, in->participants, _("Thành phần"), SCHED_TEXT_MAX, false, &err);
    if (err)
        web_err_add(e, 400, "invalid_input", "participants", err);
    ev->venue = field_text(c, in->venue, _("Địa điểm"), SCHED_TEXT_MAX, false, &err);
    if (err)
        web_err_add(e, 400, "invalid_input", "venue", err);
    ev->visibility = in->visibility && *in->visibility ? in->visibility : "internal";
    if (!in_list(ev->visibility, sched_visibilities))
        web_err_add(e, 400, "invalid_input", "visibility",
                    _("Phạm vi phải là công khai, nội bộ hoặc riêng."));
    ev->chair_user_id = in->chair_user_id;
    if (in->chair_user_id > 0) {
        const user *u = auth_user_load(c, in->chair_user_id);
        if (!u || org_scope_anchor(c->db, u->unit_id) != unit_id)
            web_err_add(e, 400, "invalid_input", "chair_user_id",
                        _("Người chủ trì phải là một người của cấp ủy này."));
    }
    if (in->n_people < 0 || in->n_people > SCHED_MAX_PEOPLE)
        web_err_add(e, 400, "invalid_input", "people", _("Quá nhiều người tham dự được chọn."));
    else {
        ev->people = arena_alloc(c->a, sizeof *ev->people * (size_t)(in->n_people + 1));
        for (int i = 0; i < in->n_people; i++) {
            const user *u = auth_user_load(c, in->people[i]);
            if (!u || org_scope_anchor(c->db, u->unit_id) != unit_id) {
                web_err_add(e, 400, "invalid_input", "people",
                            _("Người tham dự phải là người của cấp ủy này."));
                break;
            }
            bool seen = in->people[i] == in->chair_user_id;
            for (int j = 0; j < ev->n_people; j++)
                seen = seen || ev->people[j] == in->people[i];
            if (!seen)
                ev->people[ev->n_people++] = in->people[i];
        }
    }
    ev->room_id = in->room_id;
    if (in->room_id > 0 && !room_ok(c, in->room_id, unit_id))
        web_err_add(e, 400, "invalid_input", "room_id", _("Phòng họp không hợp lệ."));
    else if (in->room_id > 0 && room_guard && !e->n) {
        /* A room held twice is refused, not warned (issue 20): one room, one meeting. */
        const char *held = room_guard(c, in->room_id, ev->day, ev->session, ev->start_time,
                                      ev->end_time, event_id);
        if (held)
            web_err_add(e, 409, "conflict", "room_id", held);
    }
    ev->preparing_unit_id = in->preparing_unit_id;
    if (in->preparing_unit_id > 0) {
        const unit *u = org_unit_get(c, in->preparing_unit_id);
        if (!u || !org_unit_active(u))
            web_err_add(e, 400, "invalid_input", "preparing_unit_id",
                        _("Đơn vị chuẩn bị không hợp lệ."));
    }
    ev->programme_item_id = in->programme_item_id > 0 ? in->programme_item_id : 0;
    ev->conference_id = in->conference_id > 0 ? in->conference_id : 0;
    if (in->note && strlen(in->note) > SCHED_NOTE_MAX)
        web_err_add(e, 400, "invalid_input", "note", _("Ghi chú điều chỉnh dài quá 500 ký tự."));
    return e->n == 0;
}

/* ---- writing ---- */

static const db_query q_insert = {
    "schedule.insert",
    "INSERT INTO schedule_events (unit_id, day, iso_year, iso_week, session, start_time, "
    "end_time, content, chair_user_id, participants, room_id, venue, preparing_unit_id, "
    "programme_item_id, conference_id, visibility, uid, created_by, created_at, updated_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, nullif(?9, 0), ?10, nullif(?11, 0), ?12, "
    "nullif(?13, 0), nullif(?14, 0), nullif(?15, 0), ?16, ?17, ?18, ?19, ?19)",
    NULL};
static const db_query q_update = {
    "schedule.update",
    "UPDATE schedule_events SET day = ?2, iso_year = ?3, iso_week = ?4, session = ?5, "
    "start_time = ?6, end_time = ?7, content = ?8, chair_user_id = nullif(?9, 0), "
    "participants = ?10, room_id = nullif(?11, 0), venue = ?12, "
    "preparing_unit_id = nullif(?13, 0), programme_item_id = nullif(?14, 0), "
    "conference_id = nullif(?15, 0), visibility = ?16, revision = revision + 1, "
    "amended = amended OR ?17, updated_at = ?18 WHERE id = ?1 AND status = 'active'",
    /* PostgreSQL: amended is an integer flag, not a boolean; OR spelled out. */
    "UPDATE schedule_events SET day = $2, iso_year = $3, iso_week = $4, session = $5, "
    "start_time = $6, end_time = $7, content = $8, chair_user_id = nullif($9, 0), "
    "participants = $10, room_id = nullif($11, 0), venue = $12, "
    "preparing_unit_id = nullif($13, 0), programme_item_id = nullif($14, 0), "
    "conference_id = nullif($15, 0), visibility = $16, revision = revision + 1, "
    "amended = CASE WHEN amended <> 0 OR $17 <> 0 THEN 1 ELSE 0 END, updated_at = $18 "
    "WHERE id = $1 AND status = 'active'"};
static const db_query q_cancel = {
    "schedule.cancel",
    "UPDATE schedule_events SET status = 'cancelled', revision = revision + 1, "
    "amended = amended OR ?2, updated_at = ?3 WHERE id = ?1 AND status = 'active'",
    "UPDATE schedule_events SET status = 'cancelled', revision = revision + 1, "
    "amended = CASE WHEN amended <> 0 OR $2 <> 0 THEN 1 ELSE 0 END, updated_at = $3 "
    "WHERE id = $1 AND status = 'active'"};
static const db_query q_people_clear = {
    "schedule.people_clear", "DELETE FROM schedule_event_people WHERE event_id = ?1", NULL};
static const db_query q_people_add = {
    "schedule.people_add", "INSERT INTO schedule_event_people (event_id, user_id) VALUES (?1, ?2)",
    NULL};

static void bind_fields(db_stmt *s, const sched_event *ev)
{
    db_bind_text(s, 2, ev->day);
    db_bind_int(s, 3, ev->iso_year);
    db_bind_int(s, 4, ev->iso_week);
    db_bind_text(s, 5, ev->session);
    db_bind_text(s, 6, ev->start_time);
    db_bind_text(s, 7, ev->end_time);
    db_bind_text(s, 8, ev->content);
    db_bind_int(s, 9, ev->chair_user_id);
    db_bind_text(s, 10, ev->participants);
    db_bind_int(s, 11, ev->room_id);
    db_bind_text(s, 12, ev->venue);
    db_bind_int(s, 13, ev->preparing_unit_id);
    db_bind_int(s, 14, ev->programme_item_id);
    db_bind_int(s, 15, ev->conference_id);
    db_bind_text(s, 16, ev->visibility);
}

static int save_people(ctx *c, const sched_event *ev)
{
    db_stmt *s = db_stmt_get(c->db, &q_people_clear);
    if (!s)
        return -1;
    db_bind_int(s, 1, ev->id);
    if (db_exec(s) != DB_DONE)
        return -1;
    for (int i = 0; i < ev->n_people; i++) {
        s = db_stmt_get(c->db, &q_people_add);
        if (!s)
            return -1;
        db_bind_int(s, 1, ev->id);
        db_bind_int(s, 2, ev->people[i]);
        if (db_exec(s) != DB_DONE)
            return -1;
    }
    return 0;
}

static json_t *event_audit(const sched_event *ev)
{
    return json_pack("{s:s, s:s, s:s*, s:s*, s:s, s:s, s:I}", "day", ev->day, "session",
                     ev->session, "start_time", ev->start_time, "end_time", ev->end_time, "content",
                     ev->content, "visibility", ev->visibility, "unit_id", (json_int_t)ev->unit_id);
}

static const char *new_uid(ctx *c)
{
    unsigned char r[12];
    char hex[25];
    if (sodium_init() < 0)
        return NULL;
    randombytes_buf(r, sizeof r);
    sodium_bin2hex(hex, sizeof hex, r, sizeof r);
    return arena_printf(c->a, "%s@vanphong", hex);
}

/* The default amendment note: what changed, in words. */
static const char *auto_note(ctx *c, const char *what, const sched_event *ev)
{
    char d[16];
    clock_date_vn(ev->day, d, sizeof d);
    return arena_printf(c->a, "%s: %s %s — %s", what, sched_session_label(ev->session), d,
                        ev->content);
}

int64_t sched_event_create(ctx *c, const sched_input *in, sched_clash **clashes_r, int *n_r,
                           web_err *e)
{
    *clashes_r = NULL;
    *n_r = 0;
    int64_t unit_id = in->unit_id > 0 ? in->unit_id : sched_home_unit(c);
    if (!sched_may_draft(c, unit_id)) {
        web_err_add(e, 403, "forbidden", NULL,
                    _("Chỉ văn phòng của cấp ủy được soạn lịch công tác tuần."));
        return -1;
    }
    sched_event ev = {0};
    if (!validate(c, in, unit_id, &ev, e, 0))
        return -1;
    ev.uid = new_uid(c);
    ev.status = "active";
    const char *now = sched_now_iso(c);
    if (!ev.uid || db_begin_write(c->db) != 0) {
        web_err_add(e, 503, "busy", NULL, _("Cơ sở dữ liệu đang bận, vui lòng thử lại."));
        return -1;
    }
    bool published = sched_week_version(c->db, unit_id, ev.iso_year, ev.iso_week) > 0;
    db_stmt *s = db_stmt_get(c->db, &q_insert);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, unit_id);
    bind_fields(s, &ev);
    db_bind_text(s, 17, ev.uid);
    db_bind_int(s, 18, c->user->id);
    db_bind_text(s, 19, now);
    if (db_exec(s) != DB_DONE)
        return web_err_rollback(c, e);
    ev.id = db_last_id(c->db);
    if (save_people(c, &ev) != 0)
        return web_err_rollback(c, e);
    if (published) {
        /* A new event in a published week is itself an amendment. */
        static const db_query q_mark = {
            "schedule.mark_amended", "UPDATE schedule_events SET amended = 1 WHERE id = ?1", NULL};
        s = db_stmt_get(c->db, &q_mark);
        if (!s)
            return web_err_rollback(c, e);
        db_bind_int(s, 1, ev.id);
        ev.amended = true;
        if (db_exec(s) != DB_DONE ||
            sched_amend_tx(c, unit_id, ev.iso_year, ev.iso_week,
                           in->note && *in->note ? in->note : auto_note(c, _("Bổ sung"), &ev),
                           &ev) != 0)
            return web_err_rollback(c, e);
    }
    if (audit_commit(c->db, c->user, "schedule.create", "schedule_event", ev.id,
                     event_audit(&ev)) != 0) {
        web_err_db(c, e);
        return -1;
    }
    *n_r = sched_event_clashes(c, &ev, clashes_r);
    return ev.id;
}

int sched_event_update(ctx *c, int64_t id, const sched_input *in, sched_clash **clashes_r, int *n_r,
                       web_err *e)
{
    *clashes_r = NULL;
    *n_r = 0;
    const sched_event *old = sched_event_get(c, id);
    if (!old) {
        web_err_add(e, 404, "not_found", NULL, _("Không tìm thấy sự kiện."));
        return -1;
    }
    if (!sched_may_draft(c, old->unit_id)) {
        web_err_add(e, 403, "forbidden", NULL,
                    _("Chỉ văn phòng của cấp ủy được sửa lịch công tác tuần."));
        return -1;
    }
    if (strcmp(old->status, "active") != 0) {
        web_err_add(e, 409, "invalid_state", NULL, _("Sự kiện đã bị hủy, không sửa được."));
        return -1;
    }
    sched_event ev = {0};
    if (!validate(c, in, old->unit_id, &ev, e, id))
        return -1;
    ev.id = id;
    ev.uid = old->uid;
    ev.status = "active";
    if (db_begin_write(c->db) != 0) {
        web_err_add(e, 503, "busy", NULL, _("Cơ sở dữ liệu đang bận, vui lòng thử lại."));
        return -1;
    }
    bool old_pub = sched_week_version(c->db, old->unit_id, old->iso_year, old->iso_week) > 0;
    bool new_pub = sched_week_version(c->db, old->unit_id, ev.iso_year, ev.iso_week) > 0;
    db_stmt *s = db_stmt_get(c->db, &q_update);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, id);
    bind_fields(s, &ev);
    db_bind_int(s, 17, old_pub || new_pub);
    db_bind_text(s, 18, sched_now_iso(c));
    if (db_exec(s) != DB_DONE)
        return web_err_rollback(c, e);
    if (db_changes(c->db) != 1) {
        db_rollback(c->db);
        web_err_add(e, 409, "invalid_state", NULL, _("Sự kiện vừa được người khác thay đổi."));
        return -1;
    }
    if (save_people(c, &ev) != 0)
        return web_err_rollback(c, e);
    ev.amended = old_pub || new_pub;
    const char *note = in->note && *in->note ? in->note : auto_note(c, _("Điều chỉnh"), &ev);
    if (old_pub && sched_amend_tx(c, old->unit_id, old->iso_year, old->iso_week, note, &ev) != 0)
        return web_err_rollback(c, e);
    if (new_pub && (ev.iso_year != old->iso_year || ev.iso_week != old->iso_week) &&
        sched_amend_tx(c, old->unit_id, ev.iso_year, ev.iso_week, note, &ev) != 0)
        return web_err_rollback(c, e);
    json_t *after = event_audit(&ev);
    json_object_set_new(after, "amended", json_boolean(ev.amended));
    if (audit_commit(c->db, c->user, "schedule.update", "schedule_event", id, after) != 0) {
        web_err_db(c, e);
        return -1;
    }
    *n_r = sched_event_clashes(c, &ev, clashes_r);
    return 0;
}

int sched_event_cancel(ctx *c, int64_t id, const char *note, web_err *e)
{
    const sched_event *old = sched_event_get(c, id);
    if (!old) {
        web_err_add(e, 404, "not_found", NULL, _("Không tìm thấy sự kiện."));
        return -1;
    }
    if (!sched_may_draft(c, old->unit_id)) {
        web_err_add(e, 403, "forbidden", NULL,
                    _("Chỉ văn phòng của cấp ủy được sửa lịch công tác tuần."));
        return -1;
    }
    if (strcmp(old->status, "active") != 0) {
        web_err_add(e, 409, "invalid_state", NULL, _("Sự kiện đã bị hủy."));
        return -1;
    }
    if (note && strlen(note) > SCHED_NOTE_MAX) {
        web_err_add(e, 400, "invalid_input", "note", _("Ghi chú điều chỉnh dài quá 500 ký tự."));
        return -1;
    }
    if (db_begin_write(c->db) != 0) {
        web_err_add(e, 503, "busy", NULL, _("Cơ sở dữ liệu đang bận, vui lòng thử lại."));
        return -1;
    }
    bool pub = sched_week_version(c->db, old->unit_id, old->iso_year, old->iso_week) > 0;
    db_stmt *s = db_stmt_get(c->db, &q_cancel);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, id);
    db_bind_int(s, 2, pub);
    db_bind_text(s, 3, sched_now_iso(c));
    if (db_exec(s) != DB_DONE)
        return web_err_rollback(c, e);
    if (db_changes(c->db) != 1) {
        db_rollback(c->db);
        web_err_add(e, 409, "invalid_state", NULL, _("Sự kiện vừa được người khác thay đổi."));
        return -1;
    }
    if (pub && sched_amend_tx(c, old->unit_id, old->iso_year, old->iso_week,
                              note && *note ? note : auto_note(c, _("Hủy"), old), old) != 0)
        return web_err_rollback(c, e);
    if (audit_commit(c->db, c->user, "schedule.cancel", "schedule_event", id,
                     json_pack("{s:s*}", "note", note)) != 0) {
        web_err_db(c, e);
        return -1;
    }
    return 0;
}
