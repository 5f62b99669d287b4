/* Weeks of the calendar: the week's events as a viewer sees them, publication as a numbered
 * frozen snapshot, amendments (the next version, its notices), the publication reminder, and
 * the meeting rooms (schedule.h). */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "audit/audit.h"
#include "auth/auth.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "jobs/jobs.h"
#include "notify/notify.h"
#include "org/org.h"
#include "rules/rules.h"
#include "schedule/schedule.h"
#include "schedule/schedule_impl.h"
#include "web/respond.h"
#include "workdays/workdays.h"

static const db_query q_version = {
    "schedule.week_version",
    "SELECT coalesce(max(version), 0) FROM schedule_weeks WHERE unit_id = ?1 AND iso_year = ?2 "
    "AND iso_week = ?3",
    NULL};
static const db_query q_week_events = {
    "schedule.week_events",
    "SELECT " SCHED_EV_COLS SCHED_EV_FROM
    "WHERE e.unit_id = ?1 AND e.iso_year = ?2 AND e.iso_week = ?3 ORDER BY e.day, "
    "CASE e.session WHEN 'sang' THEN 1 WHEN 'chieu' THEN 2 ELSE 3 END, "
    "coalesce(e.start_time, ''), e.id",
    NULL};
static const db_query q_week_add = {
    "schedule.week_add",
    "INSERT INTO schedule_weeks (unit_id, iso_year, iso_week, version, published_at, "
    "published_by, snapshot, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    NULL};
static const db_query q_versions = {
    "schedule.versions",
    "SELECT w.version, w.published_at, coalesce(u.name, ''), w.note FROM schedule_weeks w "
    "LEFT JOIN users u ON u.id = w.published_by WHERE w.unit_id = ?1 AND w.iso_year = ?2 AND "
    "w.iso_week = ?3 ORDER BY w.version DESC",
    NULL};

int sched_week_version(db *d, int64_t unit_id, int iso_year, int iso_week)
{
    db_stmt *s = db_stmt_get(d, &q_version);
    if (!s)
        return 0;
    db_bind_int(s, 1, unit_id);
    db_bind_int(s, 2, iso_year);
    db_bind_int(s, 3, iso_week);
    int v = db_step(s) == DB_ROW ? (int)db_col_int(s, 0) : 0;
    db_reset(s);
    return v;
}

/* Every event of the week, whoever looks (arena). */
static int week_all(ctx *c, int64_t unit_id, int y, int w, sched_event **list_r)
{
    db_stmt *s = db_stmt_get(c->db, &q_week_events);
    int n = 0, cap = 32;
    sched_event *v = arena_alloc(c->a, sizeof *v * (size_t)cap);
    if (s) {
        db_bind_int(s, 1, unit_id);
        db_bind_int(s, 2, y);
        db_bind_int(s, 3, w);
        while (db_step(s) == DB_ROW) {
            ARENA_GROW(c->a, v, n, cap);
            sched_read_event(c, s, &v[n++]);
        }
        db_reset(s);
    }
    for (int i = 0; i < n; i++)
        sched_load_people(c, &v[i]);
    *list_r = v;
    return n;
}

json_t *sched_snapshot(ctx *c, int64_t unit_id, int iso_year, int iso_week)
{
    sched_event *v;
    int n = week_all(c, unit_id, iso_year, iso_week, &v);
    json_t *a = json_array();
    for (int i = 0; i < n; i++) {
        json_t *people = json_array();
        for (int k = 0; k < v[i].n_people; k++)
            json_array_append_new(people, json_integer(v[i].people[k]));
        json_array_append_new(
            a,
            json_pack("{s:I, s:s, s:s, s:s, s:s*, s:s*, s:s, s:s*, s:s*, s:s*, s:s*, s:s*, "
                      "s:s, s:s, s:i, s:b, s:o}",
                      "id", (json_int_t)v[i].id, "uid", v[i].uid, "day", v[i].day, "session",
                      v[i].session, "start_time", v[i].start_time, "end_time", v[i].end_time,
                      "content", v[i].content, "chair", *v[i].chair_name ? v[i].chair_name : NULL,
                      "participants", v[i].participants, "room",
                      *v[i].room_name ? v[i].room_name : NULL, "venue", v[i].venue,
                      "preparing_unit", *v[i].preparing_unit_name ? v[i].preparing_unit_name : NULL,
                      "visibility", v[i].visibility, "status", v[i].status, "revision",
                      v[i].revision, "amended", v[i].amended, "people", people));
        json_t *o = json_array_get(a, json_array_size(a) - 1);
        json_object_set_new(o, "chair_user_id", json_integer(v[i].chair_user_id));
        json_object_set_new(o, "preparing_unit_id", json_integer(v[i].preparing_unit_id));
    }
    return a;
}

static int add_version(ctx *c, int64_t unit_id, int y, int w, int version, const char *note)
{
    json_t *snap = sched_snapshot(c, unit_id, y, w);
    char *text = json_dumps(snap, JSON_COMPACT);
    json_decref(snap);
    db_stmt *s = db_stmt_get(c->db, &q_week_add);
    if (!s || !text) {
        free(text);
        return -1;
    }
    db_bind_int(s, 1, unit_id);
    db_bind_int(s, 2, y);
    db_bind_int(s, 3, w);
    db_bind_int(s, 4, version);
    db_bind_text(s, 5, sched_now_iso(c));
    db_bind_int(s, 6, c->user->id);
    db_bind_text(s, 7, text);
    db_bind_text(s, 8, note);
    free(text);
    return db_exec(s) == DB_DONE ? 0 : -1;
}

int sched_amend_tx(ctx *c, int64_t unit_id, int iso_year, int iso_week, const char *note,
                   const sched_event *ev)
{
    int v = sched_week_version(c->db, unit_id, iso_year, iso_week);
    if (v <= 0)
        return 0;
    if (add_version(c, unit_id, iso_year, iso_week, v + 1, note) != 0)
        return -1;
    if (!ev)
        return 0;
    const char *text = arena_printf(c->a, _("Lịch công tác tuần %d/%d điều chỉnh (bản số %d): %s"),
                                    iso_week, iso_year, v + 1, note);
    /* The chair and the participants, once each, never the one who made the change. */
    int64_t done[SCHED_MAX_PEOPLE + 2];
    int nd = 0;
    int64_t who[SCHED_MAX_PEOPLE + 1];
    int nw = 0;
    if (ev->chair_user_id)
        who[nw++] = ev->chair_user_id;
    for (int i = 0; i < ev->n_people && nw < SCHED_MAX_PEOPLE + 1; i++)
        who[nw++] = ev->people[i];
    for (int i = 0; i < nw; i++) {
        bool seen = who[i] == c->user->id;
        for (int k = 0; k < nd; k++)
            seen = seen || done[k] == who[i];
        if (seen)
            continue;
        done[nd++] = who[i];
        if (notify_user(c->db, who[i], "schedule." NOTIFY_INFO, NULL, ev->id, text) != 0)
            return -1;
    }
    /* The preparing unit hears through its office-leaders (who see that it is prepared). */
    if (ev->preparing_unit_id && notify_unit_role(c->db, ev->preparing_unit_id, ROLE_OFFICE_LEADER,
                                                  "schedule." NOTIFY_INFO, NULL, ev->id, text) != 0)
        return -1;
    return 0;
}

/* Keeps, in place, the events of v the caller may see (private ones of others as "Bận")
 * and that pass f; the count kept. */
static int keep_visible(ctx *c, sched_event *v, int n, const sched_filter *f, bool published,
                        bool office, bool reader)
{
    int m = 0;
    for (int i = 0; i < n; i++) {
        sched_event *ev = &v[i];
        if (f && f->leader_id) {
            bool part = ev->chair_user_id == f->leader_id;
            for (int k = 0; k < ev->n_people; k++)
                part = part || ev->people[k] == f->leader_id;
            if (!part)
                continue;
        }
        if (f && f->preparing_unit_id && ev->preparing_unit_id != f->preparing_unit_id)
            continue;
        if (!sched_event_readable_as(c, ev, published, office, reader)) {
            if (!published || strcmp(ev->visibility, "private") != 0 || !reader)
                continue;
            if (strcmp(ev->status, "active") != 0)
                continue;
            /* "Bận": the time is shown, nothing else. */
            sched_event busy = {.id = 0,
                                .unit_id = ev->unit_id,
                                .day = ev->day,
                                .session = ev->session,
                                .start_time = ev->start_time,
                                .end_time = ev->end_time,
                                .content = _("Bận"),
                                .visibility = ev->visibility,
                                .status = ev->status,
                                .uid = ev->uid,
                                .updated_at = ev->updated_at,
                                .iso_year = ev->iso_year,
                                .iso_week = ev->iso_week,
                                .revision = ev->revision,
                                .chair_name = "",
                                .room_name = "",
                                .preparing_unit_name = "",
                                .busy_only = true};
            v[m++] = busy;
            continue;
        }
        v[m++] = *ev;
    }
    return m;
}

int sched_week_events(ctx *c, int64_t unit_id, int iso_year, int iso_week, const sched_filter *f,
                      sched_event **list_r)
{
    *list_r = NULL;
    bool reader = sched_may_read(c, unit_id);
    bool office = sched_may_draft(c, unit_id) || sched_may_publish(c, unit_id);
    if (!reader && !office)
        return 0;
    bool published = sched_week_version(c->db, unit_id, iso_year, iso_week) > 0;
    sched_event *v;
    int n = week_all(c, unit_id, iso_year, iso_week, &v);
    sched_mark_clashes(v, n);
    *list_r = v;
    return keep_visible(c, v, n, f, published, office, reader);
}

void sched_week_get(ctx *c, int64_t unit_id, int iso_year, int iso_week, sched_week *w)
{
    memset(w, 0, sizeof *w);
    w->unit_id = unit_id;
    w->iso_year = iso_year;
    w->iso_week = iso_week;
    char mon[11] = "", sun[11] = "";
    if (sched_week_monday(iso_year, iso_week, mon) == 0)
        workdays_date_add(mon, 6, sun);
    w->monday = arena_strdup(c->a, mon);
    w->sunday = arena_strdup(c->a, sun);
    sched_week *v;
    int n = sched_week_versions(c, unit_id, iso_year, iso_week, &v);
    if (n > 0) {
        w->version = v[0].version;
        w->published_at = v[0].published_at;
        w->published_by_name = v[0].published_by_name;
        w->note = v[0].note;
        w->first_published_at = v[n - 1].published_at;
    }
}

int sched_week_versions(ctx *c, int64_t unit_id, int iso_year, int iso_week, sched_week **list_r)
{
    db_stmt *s = db_stmt_get(c->db, &q_versions);
    int n = 0, cap = 8;
    sched_week *v = arena_alloc(c->a, sizeof *v * (size_t)cap);
    if (s) {
        db_bind_int(s, 1, unit_id);
        db_bind_int(s, 2, iso_year);
        db_bind_int(s, 3, iso_week);
        while (db_step(s) == DB_ROW) {
            ARENA_GROW(c->a, v, n, cap);
            sched_week *x = &v[n++];
            memset(x, 0, sizeof *x);
            x->unit_id = unit_id;
            x->iso_year = iso_year;
            x->iso_week = iso_week;
            x->version = (int)db_col_int(s, 0);
            x->published_at = arena_strdup(c->a, db_col_text(s, 1));
            x->published_by_name = arena_strdup(c->a, db_col_text(s, 2));
            x->note = arena_strdup(c->a, db_col_text(s, 3));
        }
        db_reset(s);
    }
    *list_r = v;
    return n;
}

int sched_week_publish(ctx *c, int64_t unit_id, int iso_year, int iso_week, web_err *e)
{
    if (!sched_may_publish(c, unit_id)) {
        web_err_add(e, sched_may_read(c, unit_id) ? 403 : 404,
                    sched_may_read(c, unit_id) ? "forbidden" : "not_found", NULL,
                    _("Chỉ Chánh Văn phòng hoặc Thường trực cấp ủy được phát hành lịch tuần."));
        return -1;
    }
    char mon[11];
    if (sched_week_monday(iso_year, iso_week, mon) != 0) {
        web_err_add(e, 400, "invalid_input", "week", _("Tuần không hợp lệ."));
        return -1;
    }
    if (db_begin_write(c->db) != 0) {
        web_err_add(e, 503, "busy", NULL, _("Cơ sở dữ liệu đang bận, vui lòng thử lại."));
        return -1;
    }
    if (sched_week_version(c->db, unit_id, iso_year, iso_week) > 0) {
        db_rollback(c->db);
        web_err_add(e, 409, "invalid_state", NULL,
                    _("Lịch tuần này đã phát hành; mỗi thay đổi sau đó là một bản điều chỉnh."));
        return -1;
    }
    if (add_version(c, unit_id, iso_year, iso_week, 1, NULL) != 0)
        return web_err_rollback(c, e);
    if (audit_commit(c->db, c->user, "schedule.publish", "schedule_week", unit_id,
                     json_pack("{s:i, s:i, s:i}", "iso_year", iso_year, "iso_week", iso_week,
                               "version", 1)) != 0) {
        web_err_db(c, e);
        return -1;
    }
    return 0;
}

static const rule_def rule_weekday = {
    .key = "schedule.publish_weekday",
    .type = RULE_WEEKDAY,
    .dflt = "5",
    .min = 1,
    .max = 7,
    .label = N_("Ngày phát hành lịch công tác tuần sau (thứ trong tuần)"),
    .source = N_("NĐ 138/2016/NĐ-CP Điều 21.4 (tương tự; gửi vào thứ Sáu tuần trước)"),
};

/* ---- the reminder that next week's calendar is not out yet ---- */

/* The units that keep a calendar: they have events, or published a week before. */
static const db_query q_cal_units = {
    "schedule.cal_units",
    "SELECT unit_id FROM schedule_events UNION SELECT unit_id FROM schedule_weeks", NULL};
/* Those who publish a calendar: office and committee leaders (their unit's anchor decides
 * whose calendar it is, as sched_may_publish does). */
static const db_query q_publishers = {
    "schedule.publishers",
    "SELECT id, unit_id FROM users WHERE role IN (?1, ?2) AND disabled = 0 ORDER BY id", NULL};
static const db_query q_told = {
    "schedule.told",
    "SELECT 1 FROM notifications WHERE user_id = ?1 AND kind = 'schedweek." NOTIFY_DUE_SOON "'"
    " AND doc_id = ?2 AND created_at >= ?3 LIMIT 1",
    NULL};

int sched_publication_remind(db *d, const char *today)
{
    int weekday = (int)rules_int(d, "schedule.publish_weekday", today);
    char next[11], monday[11];
    int y, w;
    if (workdays_iso_weekday(today) < weekday || workdays_date_add(today, 7, next) != 0 ||
        sched_iso_week(next, &y, &w) != 0 ||
        workdays_date_add(today, 1 - workdays_iso_weekday(today), monday) != 0)
        return 0;
    int64_t units[64];
    int nu = 0;
    db_stmt *s = db_stmt_get(d, &q_cal_units);
    while (s && nu < 64 && db_step(s) == DB_ROW)
        units[nu++] = db_col_int(s, 0);
    if (s)
        db_reset(s);
    struct who {
        int64_t id, anchor;
    } who[256];
    int nw = 0;
    if ((s = db_stmt_get(d, &q_publishers)) != NULL) {
        db_bind_text(s, 1, role_code(ROLE_OFFICE_LEADER));
        db_bind_text(s, 2, role_code(ROLE_COMMITTEE_LEADER));
        while (nw < 256 && db_step(s) == DB_ROW) {
            who[nw].id = db_col_int(s, 0);
            who[nw].anchor = db_col_int(s, 1); /* the unit for now, anchored below */
            nw++;
        }
        db_reset(s);
    }
    for (int i = 0; i < nw; i++)
        who[i].anchor = org_scope_anchor(d, who[i].anchor);
    int sent = 0;
    char since[32];
    snprintf(since, sizeof since, "%sT00:00:00Z", monday); /* once a week per person */
    for (int u = 0; u < nu; u++) {
        if (sched_week_version(d, units[u], y, w) > 0)
            continue;
        const char *text = NULL;
        char buf[200];
        for (int i = 0; i < nw; i++) {
            if (who[i].anchor != units[u])
                continue;
            db_stmt *t = db_stmt_get(d, &q_told);
            if (!t)
                return sent;
            db_bind_int(t, 1, who[i].id);
            db_bind_int(t, 2, units[u]);
            db_bind_text(t, 3, since);
            bool told = db_step(t) == DB_ROW;
            db_reset(t);
            if (told)
                continue;
            if (!text) {
                snprintf(buf, sizeof buf, _("Lịch công tác tuần %d/%d chưa phát hành."), w, y);
                text = buf;
            }
            if (db_begin_write(d) != 0)
                return sent;
            if (notify_user(d, who[i].id, "schedweek." NOTIFY_DUE_SOON, NULL, units[u], text) !=
                    0 ||
                db_commit(d) != 0) {
                db_rollback(d);
                return sent;
            }
            sent++;
        }
    }
    return sent;
}

/* Looked at from the workers' idle time, at most once a minute. */
static int remind_idle(db *d)
{
    static _Atomic int64_t last;
    int64_t now = clock_now(), prev = atomic_load(&last);
    if (now - prev < 60 || !atomic_compare_exchange_strong(&last, &prev, now))
        return 0;
    char today[16];
    clock_vn_today(today, sizeof today);
    sched_publication_remind(d, today);
    return 0;
}

void schedule_init(void)
{
    rules_declare(&rule_weekday);
    jobs_add_tick(remind_idle);
    /* The reminder opens the unit's calendar, which shows the warning and next week's link. */
    notify_link_register("schedweek", "/schedule?unit=");
}

bool sched_publication_due(ctx *c, int64_t unit_id, int *year_r, int *week_r)
{
    char today[16], next[11];
    clock_vn_today(today, sizeof today);
    if (workdays_date_add(today, 7, next) != 0 || sched_iso_week(next, year_r, week_r) != 0)
        return false;
    int weekday = (int)rules_int(c->db, "schedule.publish_weekday", today);
    return workdays_iso_weekday(today) >= weekday &&
           sched_week_version(c->db, unit_id, *year_r, *week_r) == 0;
}

/* ---- rooms ---- */

static const db_query q_rooms = {
    "schedule.rooms",
    "SELECT id, unit_id, name, coalesce(capacity, 0), active FROM rooms WHERE unit_id = ?1 AND "
    "active = 1 ORDER BY name",
    NULL};
static const db_query q_room_add = {
    "schedule.room_add",
    "INSERT INTO rooms (unit_id, name, capacity, created_at) VALUES (?1, ?2, nullif(?3, 0), ?4)",
    NULL};

int sched_rooms(ctx *c, int64_t unit_id, sched_room **list_r)
{
    db_stmt *s = db_stmt_get(c->db, &q_rooms);
    int n = 0, cap = 16;
    sched_room *v = arena_alloc(c->a, sizeof *v * (size_t)cap);
    if (s && sched_may_read(c, unit_id)) {
        db_bind_int(s, 1, unit_id);
        while (db_step(s) == DB_ROW) {
            ARENA_GROW(c->a, v, n, cap);
            v[n].id = db_col_int(s, 0);
            v[n].unit_id = db_col_int(s, 1);
            v[n].name = arena_strdup(c->a, db_col_text(s, 2));
            v[n].capacity = (int)db_col_int(s, 3);
            v[n].active = db_col_int(s, 4) != 0;
            n++;
        }
    }
    if (s)
        db_reset(s);
    *list_r = v;
    return n;
}

int64_t sched_room_add(ctx *c, int64_t unit_id, const char *name, int capacity, web_err *e)
{
    if (unit_id <= 0)
        unit_id = sched_home_unit(c);
    if (!sched_may_draft(c, unit_id)) {
        web_err_add(e, 403, "forbidden", NULL, _("Chỉ văn phòng của cấp ủy quản lý phòng họp."));
        return -1;
    }
    const char *err = NULL;
    const char *nm = field_text(c, name, _("Tên phòng"), SCHED_ROOM_NAME_MAX, true, &err);
    if (err)
        web_err_add(e, 400, "invalid_input", "name", err);
    if (capacity < 0 || capacity > 5000)
        web_err_add(e, 400, "invalid_input", "capacity", _("Sức chứa không hợp lệ (0–5000)."));
    if (e->n)
        return -1;
    if (db_begin_write(c->db) != 0) {
        web_err_add(e, 503, "busy", NULL, _("Cơ sở dữ liệu đang bận, vui lòng thử lại."));
        return -1;
    }
    db_stmt *s = db_stmt_get(c->db, &q_room_add);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, unit_id);
    db_bind_text(s, 2, nm);
    db_bind_int(s, 3, capacity);
    db_bind_text(s, 4, sched_now_iso(c));
    int rc = db_exec(s);
    if (rc == DB_CONSTRAINT) {
        db_rollback(c->db);
        web_err_add(e, 409, "duplicate", "name", _("Đã có phòng họp tên này."));
        return -1;
    }
    if (rc != DB_DONE)
        return web_err_rollback(c, e);
    int64_t id = db_last_id(c->db);
    if (audit_commit(c->db, c->user, "schedule.room_add", "room", id,
                     json_pack("{s:s, s:i}", "name", nm, "capacity", capacity)) != 0) {
        web_err_db(c, e);
        return -1;
    }
    return id;
}

/* ---- a published version as it was sent ---- */

static const db_query q_snapshot = {
    "schedule.snapshot",
    "SELECT snapshot FROM schedule_weeks WHERE unit_id = ?1 AND iso_year = ?2 AND iso_week = ?3 "
    "AND version = ?4",
    NULL};

static const char *jtext(ctx *c, json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? arena_strdup(c->a, s) : NULL;
}

int sched_week_snapshot(ctx *c, int64_t unit_id, int iso_year, int iso_week, int version,
                        sched_event **list_r)
{
    *list_r = NULL;
    bool reader = sched_may_read(c, unit_id);
    bool office = sched_may_draft(c, unit_id) || sched_may_publish(c, unit_id);
    if (!reader && !office)
        return -1;
    db_stmt *s = db_stmt_get(c->db, &q_snapshot);
    if (!s)
        return -1;
    db_bind_int(s, 1, unit_id);
    db_bind_int(s, 2, iso_year);
    db_bind_int(s, 3, iso_week);
    db_bind_int(s, 4, version);
    json_t *a = db_step(s) == DB_ROW ? json_loads(db_col_text(s, 0), 0, NULL) : NULL;
    db_reset(s);
    if (!json_is_array(a)) {
        json_decref(a);
        return -1;
    }
    int n = (int)json_array_size(a);
    sched_event *v = arena_alloc(c->a, sizeof *v * (size_t)(n + 1));
    for (int i = 0; i < n; i++) {
        json_t *o = json_array_get(a, (size_t)i);
        sched_event *ev = &v[i];
        ev->id = json_integer_value(json_object_get(o, "id"));
        ev->unit_id = unit_id;
        ev->iso_year = iso_year;
        ev->iso_week = iso_week;
        ev->chair_user_id = json_integer_value(json_object_get(o, "chair_user_id"));
        ev->preparing_unit_id = json_integer_value(json_object_get(o, "preparing_unit_id"));
        ev->uid = jtext(c, o, "uid");
        ev->day = jtext(c, o, "day");
        ev->session = jtext(c, o, "session");
        ev->start_time = jtext(c, o, "start_time");
        ev->end_time = jtext(c, o, "end_time");
        ev->content = jtext(c, o, "content");
        ev->participants = jtext(c, o, "participants");
        ev->venue = jtext(c, o, "venue");
        ev->visibility = jtext(c, o, "visibility");
        ev->status = jtext(c, o, "status");
        ev->revision = (int)json_integer_value(json_object_get(o, "revision"));
        ev->amended = json_is_true(json_object_get(o, "amended"));
        const char *chair = jtext(c, o, "chair"), *room = jtext(c, o, "room");
        const char *prep = jtext(c, o, "preparing_unit");
        ev->chair_name = chair ? chair : "";
        ev->room_name = room ? room : "";
        ev->preparing_unit_name = prep ? prep : "";
        ev->updated_at = "";
        json_t *p = json_object_get(o, "people");
        ev->n_people = 0;
        ev->people = arena_alloc(c->a, sizeof *ev->people * (json_array_size(p) + 1));
        for (size_t k = 0; k < json_array_size(p); k++)
            ev->people[ev->n_people++] = json_integer_value(json_array_get(p, k));
        if (!ev->day || !ev->session || !ev->content || !ev->visibility || !ev->status) {
            json_decref(a);
            return -1; /* not a snapshot this module wrote */
        }
    }
    json_decref(a);
    *list_r = v;
    return keep_visible(c, v, n, NULL, true, office, reader);
}
