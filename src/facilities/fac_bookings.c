/* Bookings of meeting rooms and vehicles: the one conflict rule (a room or a vehicle held at
 * overlapping times is refused, naming the holder), the week's bookings, and the guard the
 * calendar calls before saving an event that takes a room. */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "audit/audit.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "conferences/conferences.h"
#include "db/db.h"
#include "facilities/fac_impl.h"
#include "facilities/facilities.h"
#include "schedule/schedule.h"
#include "web/params.h"
#include "web/respond.h"

/* A booking lasts at most this long: it bounds the conflict search (an index range) and
 * catches a mistyped year. A month is longer than any trip or conference. */
#define FAC_MAX_DAYS 31

/* When a calendar event has no hours, its session is taken as the office's working hours of
 * that session (Decision 45/2018: morning and afternoon; evening for the rare night meeting).
 * An event with a start and no end lasts an hour: the hour + 1 written out (the start is before
 * 23:00 there, so no day is crossed), the same text on both stores — PostgreSQL has no time
 * arithmetic on a bare "HH:MM" text, which SQLite's strftime accepted. */
#define EV_START                                                                                   \
    "e.day || ' ' || coalesce(e.start_time, CASE e.session WHEN 'sang' THEN '07:30' "              \
    "WHEN 'chieu' THEN '13:30' ELSE '18:00' END)"
#define EV_END                                                                                     \
    "e.day || ' ' || coalesce(e.end_time, CASE WHEN e.start_time IS NULL THEN CASE e.session "     \
    "WHEN 'sang' THEN '11:30' WHEN 'chieu' THEN '17:00' ELSE '21:00' END "                         \
    "WHEN e.start_time >= '23:00' THEN '23:59' ELSE printf('%02d', CAST(substr(e.start_time, 1, "  \
    "2) AS INTEGER) + 1) || substr(e.start_time, 3, 3) END)"

const char *fac_vn_stamp(ctx *c, const char *st)
{
    if (!st || strlen(st) < 16)
        return st ? st : "";
    return arena_printf(c->a, "%.2s/%.2s/%.4s %.5s", st + 8, st + 5, st, st + 11);
}

const char *fac_money(ctx *c, int64_t v)
{
    char d[32], out[48];
    snprintf(d, sizeof d, "%lld", (long long)(v < 0 ? -v : v));
    size_t n = strlen(d), o = 0;
    if (v < 0)
        out[o++] = '-';
    for (size_t i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0)
            out[o++] = '.';
        out[o++] = d[i];
    }
    out[o] = 0;
    return arena_strdup(c->a, out);
}

/* Days since 1970-01-01 of "YYYY-MM-DD…". */
static long day_number(const char *s)
{
    int y = 0, m = 0, d = 0;
    if (sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3)
        return 0;
    return (long)clock_days_from_civil(y, m, d);
}

static bool valid_hhmm(const char *s)
{
    return s && strlen(s) == 5 && s[0] >= '0' && s[0] <= '2' && s[1] >= '0' && s[1] <= '9' &&
           s[2] == ':' && s[3] >= '0' && s[3] <= '5' && s[4] >= '0' && s[4] <= '9' &&
           (s[0] < '2' || s[1] <= '3');
}

const char *fac_stamp(ctx *c, const char *day, const char *hhmm)
{
    if (!day || !param_date(day) || !valid_hhmm(hhmm))
        return NULL;
    return arena_printf(c->a, "%s %s", day, hhmm);
}

/* "YYYY-MM-DD HH:MM" or with a 'T' (the API, datetime-local); NULL when malformed. */
static const char *norm_stamp(ctx *c, const char *s)
{
    if (!s || strlen(s) != 16 || (s[10] != ' ' && s[10] != 'T'))
        return NULL;
    char day[11];
    memcpy(day, s, 10);
    day[10] = 0;
    return fac_stamp(c, day, s + 11);
}

/* ---- conflicts ---- */

static const db_query q_room_conflict = {
    "facilities.room_conflict",
    "SELECT 'b', b.starts_at, b.ends_at, b.purpose, coalesce(u.name, ''), r.name "
    "FROM facility_bookings b JOIN rooms r ON r.id = b.room_id LEFT JOIN users u ON u.id = "
    "b.booked_by WHERE b.room_id = ?1 AND b.status = 'active' AND b.id <> ?4 "
    "AND b.starts_at < ?3 AND b.starts_at > datetime(?2, '-31 days') AND b.ends_at > ?2 "
    "UNION ALL SELECT e.visibility, " EV_START ", " EV_END ", e.content, '', r.name "
    "FROM schedule_events e JOIN rooms r ON r.id = e.room_id WHERE e.room_id = ?1 "
    "AND e.status = 'active' AND e.id <> ?5 AND e.day BETWEEN substr(?2, 1, 10) AND "
    "substr(?3, 1, 10) AND " EV_START " < ?3 AND " EV_END " > ?2 LIMIT 1",
    NULL};

const char *fac_room_conflict(ctx *c, int64_t room_id, const char *from, const char *to,
                              int64_t skip_booking, int64_t skip_event)
{
    db_stmt *s = db_stmt_get(c->db, &q_room_conflict);
    if (!s)
        return _("Không kiểm tra được lịch phòng, vui lòng thử lại.");
    db_bind_int(s, 1, room_id);
    db_bind_text(s, 2, from);
    db_bind_text(s, 3, to);
    db_bind_int(s, 4, skip_booking);
    db_bind_int(s, 5, skip_event);
    const char *msg = NULL;
    if (db_step(s) == DB_ROW) {
        const char *kind = db_col_text(s, 0);
        const char *what = db_col_text(s, 3);
        const char *when = arena_printf(c->a, _("từ %s đến %s"), fac_vn_stamp(c, db_col_text(s, 1)),
                                        fac_vn_stamp(c, db_col_text(s, 2)));
        if (strcmp(kind, "b") == 0)
            msg = arena_printf(c->a, _("%s đã được đặt %s cho «%s» (người đặt: %s)."),
                               db_col_text(s, 5), when, what, db_col_text(s, 4));
        else
            msg = arena_printf(c->a, _("%s đã được dành %s cho lịch công tác «%s»."),
                               db_col_text(s, 5), when,
                               strcmp(kind, "private") == 0 ? _("(lịch riêng)") : what);
    }
    db_reset(s);
    return msg;
}

static const db_query q_vehicle_conflict = {
    "facilities.vehicle_conflict",
    "SELECT b.starts_at, b.ends_at, b.purpose, coalesce(u.name, ''), a.name, a.plate "
    "FROM facility_bookings b JOIN facility_assets a ON a.id = b.vehicle_id LEFT JOIN users u "
    "ON u.id = b.booked_by WHERE b.vehicle_id = ?1 AND b.status = 'active' AND b.id <> ?4 "
    "AND b.starts_at < ?3 AND b.starts_at > datetime(?2, '-31 days') AND b.ends_at > ?2 LIMIT 1",
    NULL};

const char *fac_vehicle_conflict(ctx *c, int64_t vehicle_id, const char *from, const char *to,
                                 int64_t skip_booking)
{
    db_stmt *s = db_stmt_get(c->db, &q_vehicle_conflict);
    if (!s)
        return _("Không kiểm tra được lịch xe, vui lòng thử lại.");
    db_bind_int(s, 1, vehicle_id);
    db_bind_text(s, 2, from);
    db_bind_text(s, 3, to);
    db_bind_int(s, 4, skip_booking);
    const char *msg = NULL;
    if (db_step(s) == DB_ROW)
        msg =
            arena_printf(c->a, _("Xe %s (%s) đã được đặt từ %s đến %s cho «%s» (người đặt: %s)."),
                         db_col_text(s, 4), db_col_text(s, 5), fac_vn_stamp(c, db_col_text(s, 0)),
                         fac_vn_stamp(c, db_col_text(s, 1)), db_col_text(s, 2), db_col_text(s, 3));
    db_reset(s);
    return msg;
}

/* The calendar's guard: an event's session and hours as a span, then the same rule. */
static const char *room_guard(ctx *c, int64_t room_id, const char *day, const char *session,
                              const char *start, const char *end, int64_t event_id)
{
    const char *s0 = start, *s1 = end;
    if (!s0) {
        bool am = session && strcmp(session, "sang") == 0;
        bool pm = session && strcmp(session, "chieu") == 0;
        s0 = am ? "07:30" : pm ? "13:30" : "18:00";
        s1 = am ? "11:30" : pm ? "17:00" : "21:00";
    } else if (!s1) {
        int m = (s0[0] - '0') * 600 + (s0[1] - '0') * 60 + (s0[3] - '0') * 10 + (s0[4] - '0') + 60;
        s1 = m >= 24 * 60 ? "23:59" : arena_printf(c->a, "%02d:%02d", m / 60, m % 60);
    }
    const char *from = fac_stamp(c, day, s0), *to = fac_stamp(c, day, s1);
    if (!from || !to)
        return NULL; /* the calendar reports its own malformed hours */
    return fac_room_conflict(c, room_id, from, to, 0, event_id);
}

void fac_register_guard(void)
{
    sched_set_room_guard(room_guard);
}

/* ---- bookings ---- */

#define BK_COLS                                                                                    \
    "b.id, b.unit_id, coalesce(b.room_id, 0), coalesce(b.vehicle_id, 0), coalesce(b.event_id, "    \
    "0), "                                                                                         \
    "coalesce(b.conference_id, 0), b.booked_by, b.starts_at, b.ends_at, b.purpose, b.driver, "     \
    "b.destination, b.status, coalesce(r.name, a.name || ' (' || a.plate || ')'), "                \
    "coalesce(u.name, ''), 0 FROM facility_bookings b LEFT JOIN rooms r ON r.id = b.room_id "      \
    "LEFT JOIN facility_assets a ON a.id = b.vehicle_id LEFT JOIN users u ON u.id = b.booked_by "

static const char *dup(ctx *c, db_stmt *s, int col)
{
    const char *t = db_col_text(s, col);
    return t ? arena_strdup(c->a, t) : "";
}

static void read_booking(ctx *c, db_stmt *s, fac_booking *b)
{
    b->id = db_col_int(s, 0);
    b->unit_id = db_col_int(s, 1);
    b->room_id = db_col_int(s, 2);
    b->vehicle_id = db_col_int(s, 3);
    b->event_id = db_col_int(s, 4);
    b->conference_id = db_col_int(s, 5);
    b->booked_by = db_col_int(s, 6);
    b->starts_at = dup(c, s, 7);
    b->ends_at = dup(c, s, 8);
    b->purpose = dup(c, s, 9);
    b->driver = dup(c, s, 10);
    b->destination = dup(c, s, 11);
    b->status = dup(c, s, 12);
    b->resource_name = dup(c, s, 13);
    b->booked_by_name = dup(c, s, 14);
    b->from_calendar = db_col_int(s, 15) != 0;
}

static const db_query q_booking = {"facilities.booking", "SELECT " BK_COLS "WHERE b.id = ?1", NULL};

const fac_booking *fac_booking_get(ctx *c, int64_t id)
{
    db_stmt *s = db_stmt_get(c->db, &q_booking);
    if (!s)
        return NULL;
    db_bind_int(s, 1, id);
    fac_booking *b = NULL;
    if (db_step(s) == DB_ROW) {
        b = arena_alloc(c->a, sizeof *b);
        read_booking(c, s, b);
    }
    db_reset(s);
    return b && fac_may_read(c, b->unit_id) ? b : NULL;
}

static const db_query q_between = {
    "facilities.between",
    "SELECT " BK_COLS "WHERE b.unit_id = ?1 AND b.status = 'active' AND b.starts_at < ?3 "
    "AND b.starts_at > datetime(?2, '-31 days') AND b.ends_at > ?2 "
    "UNION ALL SELECT e.id, e.unit_id, e.room_id, 0, e.id, coalesce(e.conference_id, 0), "
    "e.created_by, " EV_START ", " EV_END ", CASE WHEN e.visibility = 'private' THEN '' "
    "ELSE e.content END, '', '', e.status, r.name, coalesce(u.name, ''), 1 "
    "FROM schedule_events e JOIN rooms r ON r.id = e.room_id LEFT JOIN users u "
    "ON u.id = e.created_by WHERE r.unit_id = ?1 AND e.status = 'active' "
    "AND e.day BETWEEN substr(?2, 1, 10) AND substr(?3, 1, 10) ORDER BY 8, 14",
    NULL};

int fac_bookings_between(ctx *c, int64_t unit_id, const char *from, const char *to,
                         fac_booking **list_r)
{
    *list_r = NULL;
    if (!fac_may_read(c, unit_id))
        return 0;
    db_stmt *s = db_stmt_get(c->db, &q_between);
    if (!s)
        return 0;
    db_bind_int(s, 1, unit_id);
    db_bind_text(s, 2, arena_printf(c->a, "%s 00:00", from));
    db_bind_text(s, 3, arena_printf(c->a, "%s 23:59", to));
    int n = 0, cap = 32;
    fac_booking *v = arena_alloc(c->a, sizeof *v * (size_t)cap);
    while (db_step(s) == DB_ROW) {
        ARENA_GROW(c->a, v, n, cap);
        read_booking(c, s, &v[n]);
        if (v[n].from_calendar && !*v[n].purpose)
            v[n].purpose = _("(lịch riêng)");
        n++;
    }
    db_reset(s);
    *list_r = v;
    return n;
}

static bool room_of(ctx *c, int64_t room_id, int64_t unit_id)
{
    sched_room *r;
    int n = sched_rooms(c, unit_id, &r);
    for (int i = 0; i < n; i++)
        if (r[i].id == room_id)
            return true;
    return false;
}

static const db_query q_ins = {
    "facilities.booking_ins",
    "INSERT INTO facility_bookings (unit_id, room_id, vehicle_id, starts_at, ends_at, purpose, "
    "driver, destination, event_id, conference_id, booked_by, created_at) VALUES (?1, "
    "nullif(?2, 0), nullif(?3, 0), ?4, ?5, ?6, coalesce(?7, ''), coalesce(?8, ''), "
    "nullif(?9, 0), nullif(?10, 0), ?11, ?12)",
    NULL};

int64_t fac_booking_create(ctx *c, const fac_booking_input *in, web_err *e)
{
    int64_t unit_id = fac_home_unit(c);
    if (!fac_may_book(c, unit_id)) {
        web_err_add(e, 403, "forbidden", NULL, _("Chỉ cán bộ văn phòng được đặt phòng họp và xe."));
        return -1;
    }
    const char *err = NULL;
    bool room = in->room_id > 0, car = in->vehicle_id > 0;
    if (room == car)
        web_err_add(e, 400, "invalid_input", "room_id",
                    _("Hãy chọn một phòng họp hoặc một xe (chỉ một)."));
    else if (room && !room_of(c, in->room_id, unit_id))
        web_err_add(e, 400, "invalid_input", "room_id", _("Phòng họp không hợp lệ."));
    else if (car) {
        const fac_asset *a = fac_asset_get(c, in->vehicle_id);
        if (!a || a->unit_id != unit_id || strcmp(a->kind, "vehicle") != 0 ||
            strcmp(a->status, "disposed") == 0 || strcmp(a->status, "repair") == 0)
            web_err_add(e, 400, "invalid_input", "vehicle_id",
                        _("Xe không hợp lệ (không có, đã thanh lý hoặc đang sửa chữa)."));
    }
    const char *from = norm_stamp(c, in->starts_at), *to = norm_stamp(c, in->ends_at);
    if (!from)
        web_err_add(e, 400, "invalid_input", "starts_at",
                    _("Thời gian bắt đầu không hợp lệ (ngày và giờ:phút)."));
    if (!to)
        web_err_add(e, 400, "invalid_input", "ends_at",
                    _("Thời gian kết thúc không hợp lệ (ngày và giờ:phút)."));
    else if (from && strcmp(to, from) <= 0)
        web_err_add(e, 400, "invalid_input", "ends_at",
                    _("Thời gian kết thúc phải sau thời gian bắt đầu."));
    else if (from && day_number(to) - day_number(from) > FAC_MAX_DAYS)
        web_err_add(e, 400, "invalid_input", "ends_at", _("Một lần đặt không quá 31 ngày."));
    const char *purpose =
        field_text(c, in->purpose, _("Nội dung sử dụng"), FAC_TEXT_MAX, true, &err);
    if (err)
        web_err_add(e, 400, "invalid_input", "purpose", err);
    const char *driver = field_text(c, in->driver, _("Lái xe"), FAC_NAME_MAX, false, &err);
    if (err)
        web_err_add(e, 400, "invalid_input", "driver", err);
    const char *dest = field_text(c, in->destination, _("Nơi đến"), FAC_TEXT_MAX, false, &err);
    if (err)
        web_err_add(e, 400, "invalid_input", "destination", err);
    if (in->event_id > 0 && !sched_event_get(c, in->event_id))
        web_err_add(e, 400, "invalid_input", "event_id", _("Sự kiện lịch công tác không hợp lệ."));
    if (in->conference_id > 0 && !conf_get(c, in->conference_id))
        web_err_add(e, 400, "invalid_input", "conference_id", _("Hội nghị không hợp lệ."));
    if (e->n)
        return -1;
    if (db_begin_write(c->db) != 0) {
        web_err_add(e, 503, "busy", NULL, _("Cơ sở dữ liệu đang bận, vui lòng thử lại."));
        return -1;
    }
    /* Checked inside the write transaction: two bookings cannot both pass. */
    const char *held = room ? fac_room_conflict(c, in->room_id, from, to, 0, 0)
                            : fac_vehicle_conflict(c, in->vehicle_id, from, to, 0);
    if (held) {
        db_rollback(c->db);
        web_err_add(e, 409, "conflict", room ? "room_id" : "vehicle_id", held);
        return -1;
    }
    db_stmt *s = db_stmt_get(c->db, &q_ins);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, unit_id);
    db_bind_int(s, 2, room ? in->room_id : 0);
    db_bind_int(s, 3, car ? in->vehicle_id : 0);
    db_bind_text(s, 4, from);
    db_bind_text(s, 5, to);
    db_bind_text(s, 6, purpose);
    db_bind_text(s, 7, driver);
    db_bind_text(s, 8, dest);
    db_bind_int(s, 9, in->event_id);
    db_bind_int(s, 10, in->conference_id);
    db_bind_int(s, 11, c->user->id);
    db_bind_text(s, 12, fac_now(c));
    if (db_exec(s) != DB_DONE)
        return web_err_rollback(c, e);
    int64_t id = db_last_id(c->db);
    if (audit_commit(c->db, c->user, "facilities.book", "facility_booking", id,
                     json_pack("{s:I, s:I, s:s, s:s, s:s}", "room_id",
                               (json_int_t)(room ? in->room_id : 0), "vehicle_id",
                               (json_int_t)(car ? in->vehicle_id : 0), "starts_at", from, "ends_at",
                               to, "purpose", purpose)) != 0) {
        web_err_db(c, e);
        return -1;
    }
    return id;
}

static const db_query q_cancel = {
    "facilities.booking_cancel",
    "UPDATE facility_bookings SET status = 'cancelled', cancelled_at = ?2 WHERE id = ?1 AND "
    "status = 'active'",
    NULL};

int fac_booking_cancel(ctx *c, int64_t id, web_err *e)
{
    const fac_booking *b = fac_booking_get(c, id);
    if (!b) {
        web_err_add(e, 404, "not_found", NULL, _("Không tìm thấy lượt đặt."));
        return -1;
    }
    if (!(fac_may_manage(c, b->unit_id) || (c->user && c->user->id == b->booked_by))) {
        web_err_add(e, 403, "forbidden", NULL,
                    _("Chỉ người đặt hoặc văn phòng được hủy lượt đặt này."));
        return -1;
    }
    if (strcmp(b->status, "active") != 0) {
        web_err_add(e, 409, "invalid_state", NULL, _("Lượt đặt đã hủy."));
        return -1;
    }
    if (db_begin_write(c->db) != 0) {
        web_err_add(e, 503, "busy", NULL, _("Cơ sở dữ liệu đang bận, vui lòng thử lại."));
        return -1;
    }
    db_stmt *s = db_stmt_get(c->db, &q_cancel);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, id);
    db_bind_text(s, 2, fac_now(c));
    if (db_exec(s) != DB_DONE)
        return web_err_rollback(c, e);
    if (audit_commit(c->db, c->user, "facilities.cancel", "facility_booking", id,
                     json_pack("{s:s}", "purpose", b->purpose)) != 0) {
        web_err_db(c, e);
        return -1;
    }
    return 0;
}
