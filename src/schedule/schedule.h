#ifndef VP_SCHEDULE_H
#define VP_SCHEDULE_H
/* The leaders' weekly calendar (lịch công tác tuần, DOMAIN-2 §1): events of a committee's
 * calendar by day and session (sáng/chiều/tối), drafted by its office during the week and
 * published for the next week as a numbered, frozen snapshot ("tuần 49/2026, bản số 1");
 * each later change to a published week adds the next version, marks the event "điều chỉnh"
 * and notifies the chair, the participants and the preparing unit. Clashes (a leader in two
 * places) are warned, never silently accepted; a room held twice is refused (facilities/). Meeting
 * rooms. Calendar feeds (RFC 5545) behind revocable token URLs.
 *
 * Tables (033_schedule.sql), written only here: rooms, schedule_events,
 * schedule_event_people, schedule_weeks, schedule_feeds. Programme items and conferences are
 * other rooms' records: only their ids are kept (plain links), never read.
 *
 * Whose calendar: a unit's — the committee (the scope anchor, org_scope_anchor) whose
 * leaders the events are about; the Văn phòng's staff work on their committee's calendar.
 * Who:
 *   draft and edit  — clerk, specialist and office-leader whose anchor is the calendar's unit;
 *   publish         — office-leader (Chánh Văn phòng sends the calendar) or committee-leader
 *                     of that unit;
 *   read            — drafts (unpublished weeks): only those who draft or publish; a published
 *                     week: everyone whose anchor is the unit or who has it in scope sees its
 *                     public and internal events, public events also any signed-in account;
 *                     a private event (riêng của lãnh đạo) is shown in full to its chair, its
 *                     participants and the office, and as "Bận" (busy, no detail) to others.
 * Every change is audited in its transaction. The publication weekday is a rule
 * ("schedule.publish_weekday", default Friday). */
#include <stdbool.h>
#include <stdint.h>

#include "base/strbuf.h"
#include "web/ctx.h"
#include "web/errors.h"

#define SCHED_CONTENT_MAX 2000
#define SCHED_TEXT_MAX 1000 /* participants, venue */
#define SCHED_NOTE_MAX 500  /* an amendment note */
#define SCHED_MAX_PEOPLE 50
#define SCHED_FEED_WEEKS_BACK 8 /* a feed carries published weeks from this many weeks ago on */
#define SCHED_ROOM_NAME_MAX 200

typedef struct sched_event {
    int64_t id, unit_id, chair_user_id, room_id, preparing_unit_id, programme_item_id,
        conference_id, created_by;
    const char *day, *session, *start_time, *end_time, *content, *participants, *venue;
    const char *visibility, *status, *uid, *updated_at;
    int iso_year, iso_week, revision;
    bool amended;
    const char *chair_name, *room_name, *preparing_unit_name; /* "" when none */
    int64_t *people;                                          /* participating users */
    int n_people;
    bool busy_only; /* a private event the viewer may not read: shown as "Bận" */
    bool clash;     /* lists: shares a leader or a room with another event at that time */
} sched_event;

/* What the office types. Texts are trimmed and bounded by the service. */
typedef struct sched_input {
    int64_t unit_id; /* 0: the caller's calendar */
    const char *day, *session, *start_time, *end_time, *content, *participants, *venue;
    const char *visibility; /* NULL: "internal" */
    int64_t chair_user_id, room_id, preparing_unit_id, programme_item_id, conference_id;
    const int64_t *people;
    int n_people;
    const char *note; /* the amendment note, for a change to a published week */
} sched_input;

/* A clash found when saving: a message naming the leader or room and the other event. */
typedef struct sched_clash {
    int64_t other_id;
    const char *message;
} sched_clash;

typedef struct sched_week {
    int64_t unit_id;
    int iso_year, iso_week;
    const char *monday, *sunday; /* YYYY-MM-DD */
    int version;                 /* 0: not published (a draft) */
    const char *published_at, *published_by_name, *first_published_at, *note;
} sched_week;

typedef struct sched_filter {
    int64_t leader_id;         /* only events this user chairs or takes part in */
    int64_t preparing_unit_id; /* only events this unit prepares */
} sched_filter;

/* Session codes "sang", "chieu", "toi" and their labels "Sáng", "Chiều", "Tối". */
extern const char *const sched_sessions[];
const char *sched_session_label(const char *code);
extern const char *const sched_visibilities[]; /* "public", "internal", "private" */
const char *sched_visibility_label(const char *code);

/* ---- weeks and dates (pure) ---- */
/* The ISO year and week of date; 0 or -1 for a malformed date. */
int sched_iso_week(const char *date, int *year_r, int *week_r);
/* The Monday of ISO week (year, week) into out; 0 or -1 (week out of range). */
int sched_week_monday(int year, int week, char out[11]);
/* "2026-W49" or a date "2026-12-03" → ISO year/week; 0 or -1. */
int sched_parse_week(const char *s, int *year_r, int *week_r);

/* ---- who ---- */
int64_t sched_home_unit(ctx *c); /* the calendar the caller works on (its scope anchor) */
bool sched_may_draft(ctx *c, int64_t unit_id);
bool sched_may_publish(ctx *c, int64_t unit_id);
bool sched_may_read(ctx *c, int64_t unit_id);

/* ---- events ---- */
/* Validates everything first (a clear Vietnamese message per field in e, nothing saved),
 * then saves with its audit row, and — when the event's week is published — the week's next
 * version and the notices, all in one transaction. Clashes found are returned (arena) but do
 * not refuse the save. Returns the id, or -1 with e. */
int64_t sched_event_create(ctx *c, const sched_input *in, sched_clash **clashes_r, int *n_r,
                           web_err *e);
int sched_event_update(ctx *c, int64_t id, const sched_input *in, sched_clash **clashes_r, int *n_r,
                       web_err *e);
/* Cancels (STATUS:CANCELLED in the feeds; the revision rises). 0 or -1 with e. */
int sched_event_cancel(ctx *c, int64_t id, const char *note, web_err *e);
/* The event, NULL when absent or not readable in full by the caller. */
const sched_event *sched_event_get(ctx *c, int64_t id);
/* The clashes of one saved event against the others of its day (arena). */
int sched_event_clashes(ctx *c, const sched_event *ev, sched_clash **clashes_r);

/* The week's events the caller may see (private ones of others as busy_only), by day, then
 * session and time; clash marks set. Count, or 0 when the caller may not read the unit. */
int sched_week_events(ctx *c, int64_t unit_id, int iso_year, int iso_week, const sched_filter *f,
                      sched_event **list_r);
/* The week's state (version 0: a draft) into *w. */
void sched_week_get(ctx *c, int64_t unit_id, int iso_year, int iso_week, sched_week *w);
/* The versions of a published week, newest first (arena). */
int sched_week_versions(ctx *c, int64_t unit_id, int iso_year, int iso_week, sched_week **list_r);
/* The events of published version `version` as they were sent (the frozen snapshot), as the
 * caller may see them (private ones of others as "Bận"); -1 when there is no such version or
 * the caller may not read the calendar. */
int sched_week_snapshot(ctx *c, int64_t unit_id, int iso_year, int iso_week, int version,
                        sched_event **list_r);
/* Publishes the week: version 1 with its snapshot. 409 when already published. */
int sched_week_publish(ctx *c, int64_t unit_id, int iso_year, int iso_week, web_err *e);
/* The week the office should publish next (the week after today's) and whether it is due:
 * today is on or after the publication weekday (rule) and that week is not published. */
bool sched_publication_due(ctx *c, int64_t unit_id, int *year_r, int *week_r);
/* From the publication weekday on, tells each office or committee leader of a unit that keeps
 * a calendar, once a week, that next week's calendar is not published (kind
 * "schedweek.due_soon", doc_id the unit). Run from the workers' idle time. Returns how many were
 * told. today "YYYY-MM-DD". */
int sched_publication_remind(db *d, const char *today);

/* ---- rooms ---- */
typedef struct sched_room {
    int64_t id, unit_id;
    const char *name;
    int capacity;
    bool active;
} sched_room;
int sched_rooms(ctx *c, int64_t unit_id, sched_room **list_r); /* the unit's active rooms */
int64_t sched_room_add(ctx *c, int64_t unit_id, const char *name, int capacity, web_err *e);
/* The room guard (facilities/ registers it at start-up): NULL when the room is free on `day`
 * for the event (`event_id`, 0 when new) at its session and hours, else the message naming
 * what holds it. A held room refuses the save (409 on room_id). */
typedef const char *(*sched_room_guard_fn)(ctx *c, int64_t room_id, const char *day,
                                           const char *session, const char *start_time,
                                           const char *end_time, int64_t event_id);
void sched_set_room_guard(sched_room_guard_fn fn);

/* ---- feeds (schedule_ical.c) ---- */
typedef struct sched_feed {
    int64_t id, unit_id;
    const char *kind, *created_at, *revoked_at;
} sched_feed;
extern const char *const sched_feed_kinds[]; /* "person", "unit", "public" */
const char *sched_feed_kind_label(const char *kind);
/* A new feed of the caller's for unit_id (0: the caller's calendar): the token (arena, shown
 * once; the URL is /ical/<token>.ics). Returns the id, or -1 with e. */
int64_t sched_feed_create(ctx *c, const char *kind, int64_t unit_id, const char **token_r,
                          web_err *e);
int sched_feeds(ctx *c, sched_feed **list_r); /* the caller's feeds, newest first */
int sched_feed_revoke(ctx *c, int64_t id, web_err *e);
/* The calendar of the feed whose token is `token` into out, as its owner may see it now.
 * 0, or -1 when the token is unknown or revoked (the caller answers 404). c->user is NULL
 * (the request is anonymous); c->a and c->db are used. */
int sched_ical(ctx *c, const char *token, strbuf *out);

/* Routes (/schedule…, /api/v1/schedule…, /ical/{token}), the home section. */
void schedule_routes(void);
/* Declares the rule keys. */
void schedule_init(void);

/* The demo calendar (demo/demo_schedule.c) needs nothing else. */

#endif
