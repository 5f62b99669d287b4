/* Calendar feeds (schedule.h): tokens that are the credential of a subscription URL, and the
 * iCalendar text (RFC 5545) a phone calendar reads from it.
 *
 * Why each detail: phone calendars refresh a subscription every few hours and key events by
 * UID, so the UID never changes across versions; they ignore a cancellation unless SEQUENCE
 * rises, so SEQUENCE is the event's revision (every change raises it) and a cancelled event
 * stays in the feed as STATUS:CANCELLED; a feed without a time zone shows shifted times, so
 * every time carries TZID=Asia/Ho_Chi_Minh with its VTIMEZONE (no daylight saving since 1975).
 * Lines end in CRLF and are folded at 75 octets without splitting a UTF-8 character. The
 * feed is computed as its owner may see the calendar now: an event the owner may not read is
 * absent, a private one of another leader is "Bận"; revoking the token makes the URL 404.
 * Not page code: writes text/calendar, never HTML. */
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
#include "schedule/schedule.h"
#include "schedule/schedule_impl.h"
#include "workdays/workdays.h"

const char *const sched_feed_kinds[] = {"person", "unit", "public", NULL};

const char *sched_feed_kind_label(const char *kind)
{
    if (kind && strcmp(kind, "person") == 0)
        return _("Lịch của tôi (tôi chủ trì hoặc tham dự)");
    if (kind && strcmp(kind, "public") == 0)
        return _("Lịch công khai của cấp ủy");
    return _("Lịch công tác của cấp ủy");
}

static void token_hash(const char *token, char hex[65])
{
    unsigned char h[32];
    crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
    sodium_bin2hex(hex, 65, h, sizeof h);
}

static const db_query q_feed_add = {
    "schedule.feed_add",
    "INSERT INTO schedule_feeds (token_hash, user_id, unit_id, kind, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5)",
    NULL};
static const db_query q_feeds = {
    "schedule.feeds",
    "SELECT id, unit_id, kind, created_at, revoked_at FROM schedule_feeds WHERE user_id = ?1 "
    "ORDER BY id DESC LIMIT 100",
    NULL};
static const db_query q_feed_get = {
    "schedule.feed_get", "SELECT user_id, revoked_at FROM schedule_feeds WHERE id = ?1", NULL};
static const db_query q_feed_revoke = {
    "schedule.feed_revoke",
    "UPDATE schedule_feeds SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL", NULL};
static const db_query q_feed_by_hash = {
    "schedule.feed_by_hash",
    "SELECT user_id, unit_id, kind FROM schedule_feeds WHERE token_hash = ?1 AND "
    "revoked_at IS NULL",
    NULL};

int64_t sched_feed_create(ctx *c, const char *kind, int64_t unit_id, const char **token_r,
                          web_err *e)
{
    *token_r = NULL;
    if (unit_id <= 0)
        unit_id = sched_home_unit(c);
    bool known = false;
    for (int i = 0; kind && sched_feed_kinds[i]; i++)
        known = known || strcmp(kind, sched_feed_kinds[i]) == 0;
    if (!known) {
        web_err_add(e, 400, "invalid_input", "kind",
                    _("Loại lịch phải là: lịch của tôi, lịch của cấp ủy hoặc lịch công khai."));
        return -1;
    }
    if (!sched_may_read(c, unit_id)) {
        web_err_add(e, 404, "not_found", "unit_id", _("Không tìm thấy lịch của đơn vị này."));
        return -1;
    }
    unsigned char r[32];
    char token[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
    char hash[65];
    if (sodium_init() < 0) {
        web_err_add(e, 500, "internal", NULL, _("Không tạo được đường dẫn lịch."));
        return -1;
    }
    randombytes_buf(r, sizeof r);
    sodium_bin2base64(token, sizeof token, r, sizeof r, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    token_hash(token, hash);
    if (db_begin_write(c->db) != 0) {
        web_err_add(e, 503, "busy", NULL, _("Cơ sở dữ liệu đang bận, vui lòng thử lại."));
        return -1;
    }
    db_stmt *s = db_stmt_get(c->db, &q_feed_add);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_text(s, 1, hash);
    db_bind_int(s, 2, c->user->id);
    db_bind_int(s, 3, unit_id);
    db_bind_text(s, 4, kind);
    db_bind_text(s, 5, sched_now_iso(c));
    if (db_exec(s) != DB_DONE)
        return web_err_rollback(c, e);
    int64_t id = db_last_id(c->db);
    if (audit_commit(c->db, c->user, "schedule.feed_create", "schedule_feed", id,
                     json_pack("{s:s, s:I}", "kind", kind, "unit_id", (json_int_t)unit_id)) != 0) {
        web_err_db(c, e);
        return -1;
    }
    *token_r = arena_strdup(c->a, token);
    return id;
}

int sched_feeds(ctx *c, sched_feed **list_r)
{
    db_stmt *s = db_stmt_get(c->db, &q_feeds);
    int n = 0, cap = 8;
    sched_feed *v = arena_alloc(c->a, sizeof *v * (size_t)cap);
    if (s && c->user) {
        db_bind_int(s, 1, c->user->id);
        while (db_step(s) == DB_ROW) {
            ARENA_GROW(c->a, v, n, cap);
            v[n].id = db_col_int(s, 0);
            v[n].unit_id = db_col_int(s, 1);
            v[n].kind = arena_strdup(c->a, db_col_text(s, 2));
            v[n].created_at = arena_strdup(c->a, db_col_text(s, 3));
            v[n].revoked_at = arena_strdup(c->a, db_col_text(s, 4));
            n++;
        }
    }
    if (s)
        db_reset(s);
    *list_r = v;
    return n;
}

int sched_feed_revoke(ctx *c, int64_t id, web_err *e)
{
    db_stmt *s = db_stmt_get(c->db, &q_feed_get);
    int64_t owner = 0;
    bool revoked = false;
    if (s) {
        db_bind_int(s, 1, id);
        if (db_step(s) == DB_ROW) {
            owner = db_col_int(s, 0);
            revoked = !db_col_null(s, 1);
        }
        db_reset(s);
    }
    /* Only the owner revokes: another's feed is not found (its existence is not told). */
    if (!c->user || owner != c->user->id) {
        web_err_add(e, 404, "not_found", NULL, _("Không tìm thấy đường dẫn lịch."));
        return -1;
    }
    if (revoked) {
        web_err_add(e, 409, "invalid_state", NULL, _("Đường dẫn lịch này đã bị thu hồi."));
        return -1;
    }
    if (db_begin_write(c->db) != 0) {
        web_err_add(e, 503, "busy", NULL, _("Cơ sở dữ liệu đang bận, vui lòng thử lại."));
        return -1;
    }
    s = db_stmt_get(c->db, &q_feed_revoke);
    if (!s)
        return web_err_rollback(c, e);
    db_bind_int(s, 1, id);
    db_bind_text(s, 2, sched_now_iso(c));
    if (db_exec(s) != DB_DONE)
        return web_err_rollback(c, e);
    if (audit_commit(c->db, c->user, "schedule.feed_revoke", "schedule_feed", id, NULL) != 0) {
        web_err_db(c, e);
        return -1;
    }
    return 0;
}

/* ---- the iCalendar text ---- */

/* One content line: folded at 75 octets (a continuation starts with a space), never inside
 * a UTF-8 sequence, ended by CRLF. */
static void ical_line(strbuf *out, const char *line)
{
    size_t n = strlen(line), col = 0;
    for (size_t i = 0; i < n;) {
        size_t len = 1;
        unsigned char ch = (unsigned char)line[i];
        if (ch >= 0xF0)
            len = 4;
        else if (ch >= 0xE0)
            len = 3;
        else if (ch >= 0xC0)
            len = 2;
        if (i + len > n)
            len = n - i;
        if (col + len > 75) {
            sb_add(out, "\r\n ", 3);
            col = 1;
        }
        sb_add(out, line + i, len);
        col += len;
        i += len;
    }
    sb_add(out, "\r\n", 2);
}

/* NAME:value with the value escaped as TEXT (backslash, comma, semicolon, newline). */
static void ical_text(strbuf *out, const char *name, const char *value)
{
    strbuf b = {0};
    sb_adds(&b, name); /* not html: iCalendar */
    sb_addc(&b, ':');
    for (const char *p = value ? value : ""; *p; p++) {
        if (*p == '\\' || *p == ',' || *p == ';') {
            sb_addc(&b, '\\');
            sb_addc(&b, *p);
        } else if (*p == '\n') {
            sb_add(&b, "\\n", 2);
        } else if (*p != '\r') {
            sb_addc(&b, *p);
        }
    }
    ical_line(out, sb_str(&b));
    sb_free(&b);
}

/* "20261203T020000Z" from an ISO UTC stamp "2026-12-03T02:00:00Z". */
static void ical_stamp(const char *iso, char out[17])
{
    snprintf(out, 17, "%.4s%.2s%.2sT%.2s%.2s%.2sZ", iso, iso + 5, iso + 8, iso + 11, iso + 14,
             iso + 17);
}

/* Hours a session stands for when an event has no hour of its own: the office's usual blocks
 * (a display convention of the feed, not a rule of the trade). */
static void session_block(const char *session, const char **start, const char **end)
{
    if (strcmp(session, "sang") == 0)
        *start = "07:30", *end = "11:30";
    else if (strcmp(session, "chieu") == 0)
        *start = "13:30", *end = "17:00";
    else
        *start = "19:00", *end = "21:00";
}

static void ical_time(strbuf *out, const char *name, const char *day, const char *hhmm)
{
    char line[96];
    snprintf(line, sizeof line, "%s;TZID=Asia/Ho_Chi_Minh:%.4s%.2s%.2sT%.2s%.2s00", name, day,
             day + 5, day + 8, hhmm, hhmm + 3);
    ical_line(out, line);
}

static void ical_event(ctx *c, strbuf *out, const sched_event *ev)
{
    char stamp[17], line[160];
    ical_line(out, "BEGIN:VEVENT");
    snprintf(line, sizeof line, "UID:%s", ev->uid);
    ical_line(out, line);
    ical_stamp(ev->updated_at, stamp);
    snprintf(line, sizeof line, "DTSTAMP:%s", stamp);
    ical_line(out, line);
    snprintf(line, sizeof line, "LAST-MODIFIED:%s", stamp);
    ical_line(out, line);
    snprintf(line, sizeof line, "SEQUENCE:%d", ev->revision);
    ical_line(out, line);
    const char *start = ev->start_time, *end = ev->end_time;
    if (!start) {
        session_block(ev->session, &start, &end);
    } else if (!end) {
        int m = atoi(start) * 60 + atoi(start + 3) + 60;
        if (m >= 24 * 60)
            m = 24 * 60 - 1;
        end = arena_printf(c->a, "%02d:%02d", m / 60, m % 60);
    }
    ical_time(out, "DTSTART", ev->day, start);
    ical_time(out, "DTEND", ev->day, end);
    if (ev->busy_only) {
        ical_text(out, "SUMMARY", _("Bận"));
        ical_line(out, "CLASS:CONFIDENTIAL");
        ical_line(out, "TRANSP:OPAQUE");
    } else {
        ical_text(out, "SUMMARY",
                  ev->amended ? arena_printf(c->a, "[%s] %s", _("Điều chỉnh"), ev->content)
                              : ev->content);
        const char *loc = *ev->room_name ? ev->room_name : ev->venue;
        if (*ev->room_name && ev->venue && *ev->venue)
            loc = arena_printf(c->a, "%s, %s", ev->room_name, ev->venue);
        if (loc && *loc)
            ical_text(out, "LOCATION", loc);
        strbuf d = {0};
        if (*ev->chair_name)
            sb_printf(&d, "%s: %s\n", _("Chủ trì"), ev->chair_name); /* not html: iCalendar */
        if (ev->participants)
            sb_printf(&d, "%s: %s\n", _("Thành phần"), ev->participants); /* not html */
        if (*ev->preparing_unit_name)
            sb_printf(&d, "%s: %s\n", _("Chuẩn bị"), ev->preparing_unit_name); /* not html */
        if (ev->amended)
            sb_printf(&d, "%s\n", _("Lịch đã điều chỉnh sau khi phát hành.")); /* not html */
        if (d.len)
            ical_text(out, "DESCRIPTION", sb_str(&d));
        sb_free(&d);
        ical_line(out, strcmp(ev->visibility, "public") == 0 ? "CLASS:PUBLIC" : "CLASS:PRIVATE");
    }
    ical_line(out, strcmp(ev->status, "cancelled") == 0 ? "STATUS:CANCELLED" : "STATUS:CONFIRMED");
    ical_line(out, "END:VEVENT");
}

static const db_query q_feed_weeks = {
    "schedule.feed_weeks",
    "SELECT DISTINCT w.unit_id, w.iso_year, w.iso_week FROM schedule_weeks w WHERE "
    "w.version = 1 AND (w.iso_year > ?2 OR (w.iso_year = ?2 AND w.iso_week >= ?3)) AND "
    "(w.unit_id = ?1 OR (?4 = 1 AND EXISTS (SELECT 1 FROM schedule_events e LEFT JOIN "
    "schedule_event_people p ON p.event_id = e.id WHERE e.unit_id = w.unit_id AND "
    "e.iso_year = w.iso_year AND e.iso_week = w.iso_week AND (e.chair_user_id = ?5 OR "
    "p.user_id = ?5)))) ORDER BY w.iso_year, w.iso_week LIMIT 520",
    NULL};

int sched_ical(ctx *c, const char *token, strbuf *out)
{
    if (!token || strlen(token) < 20 || strlen(token) > 100)
        return -1;
    char hash[65];
    token_hash(token, hash);
    db_stmt *s = db_stmt_get(c->db, &q_feed_by_hash);
    if (!s)
        return -1;
    db_bind_text(s, 1, hash);
    int64_t owner = 0, unit_id = 0;
    const char *kind = NULL;
    if (db_step(s) == DB_ROW) {
        owner = db_col_int(s, 0);
        unit_id = db_col_int(s, 1);
        kind = arena_strdup(c->a, db_col_text(s, 2));
    }
    db_reset(s);
    const user *u = owner ? auth_user_load(c, owner) : NULL;
    if (!u)
        return -1;
    c->user = u; /* the feed is what its owner may see */
    bool person = strcmp(kind, "person") == 0, pub = strcmp(kind, "public") == 0;
    char today[16], from[11];
    clock_vn_today(today, sizeof today);
    int fy = 0, fw = 0;
    if (workdays_date_add(today, -7 * SCHED_FEED_WEEKS_BACK, from) != 0 ||
        sched_iso_week(from, &fy, &fw) != 0)
        return -1;
    ical_line(out, "BEGIN:VCALENDAR");
    ical_line(out, "VERSION:2.0");
    ical_line(out, "PRODID:-//vanphong//Lich cong tac tuan//VI");
    ical_line(out, "CALSCALE:GREGORIAN");
    ical_line(out, "METHOD:PUBLISH");
    const unit *un = org_unit_get(c, unit_id);
    ical_text(out, "X-WR-CALNAME",
              person ? arena_printf(c->a, "%s — %s", _("Lịch công tác"), u->name)
                     : arena_printf(c->a, "%s — %s", _("Lịch công tác"), un ? un->name : ""));
    ical_line(out, "X-WR-TIMEZONE:Asia/Ho_Chi_Minh");
    ical_line(out, "REFRESH-INTERVAL;VALUE=DURATION:PT1H");
    ical_line(out, "X-PUBLISHED-TTL:PT1H");
    ical_line(out, "BEGIN:VTIMEZONE");
    ical_line(out, "TZID:Asia/Ho_Chi_Minh");
    ical_line(out, "BEGIN:STANDARD");
    ical_line(out, "DTSTART:19700101T000000");
    ical_line(out, "TZOFFSETFROM:+0700");
    ical_line(out, "TZOFFSETTO:+0700");
    ical_line(out, "TZNAME:ICT");
    ical_line(out, "END:STANDARD");
    ical_line(out, "END:VTIMEZONE");
    /* The weeks: published ones of the calendar, or, for a person, of every calendar they
     * take part in. */
    s = db_stmt_get(c->db, &q_feed_weeks);
    int n = 0, cap = 64;
    struct wk {
        int64_t unit;
        int y, w;
    } *weeks = arena_alloc(c->a, sizeof *weeks * (size_t)cap);
    if (s) {
        db_bind_int(s, 1, person ? 0 : unit_id);
        db_bind_int(s, 2, fy);
        db_bind_int(s, 3, fw);
        db_bind_int(s, 4, person);
        db_bind_int(s, 5, owner);
        while (db_step(s) == DB_ROW) {
            ARENA_GROW(c->a, weeks, n, cap);
            weeks[n].unit = db_col_int(s, 0);
            weeks[n].y = (int)db_col_int(s, 1);
            weeks[n].w = (int)db_col_int(s, 2);
            n++;
        }
        db_reset(s);
    }
    sched_filter f = {.leader_id = person ? owner : 0};
    for (int i = 0; i < n; i++) {
        sched_event *ev;
        int m = sched_week_events(c, weeks[i].unit, weeks[i].y, weeks[i].w, &f, &ev);
        for (int k = 0; k < m; k++) {
            if (pub && (ev[k].busy_only || strcmp(ev[k].visibility, "public") != 0))
                continue;
            ical_event(c, out, &ev[k]);
        }
    }
    ical_line(out, "END:VCALENDAR");
    return 0;
}
