#ifndef VP_SCHEDULE_IMPL_H
#define VP_SCHEDULE_IMPL_H
/* Shared between the files of schedule/ only. */
#include <jansson.h>

#include "db/db.h"
#include "schedule/schedule.h"

/* The columns every event read takes, in read_event's order (alias e). */
#define SCHED_EV_COLS                                                                              \
    "e.id, e.unit_id, coalesce(e.chair_user_id, 0), coalesce(e.room_id, 0), "                      \
    "coalesce(e.preparing_unit_id, 0), coalesce(e.programme_item_id, 0), "                         \
    "coalesce(e.conference_id, 0), e.created_by, e.day, e.session, e.start_time, e.end_time, "     \
    "e.content, e.participants, e.venue, e.visibility, e.status, e.uid, e.updated_at, "            \
    "e.iso_year, e.iso_week, e.revision, e.amended, coalesce(cu.name, ''), "                       \
    "coalesce(r.name, ''), coalesce(pu.name, '')"
#define SCHED_EV_FROM                                                                              \
    " FROM schedule_events e LEFT JOIN users cu ON cu.id = e.chair_user_id "                       \
    "LEFT JOIN rooms r ON r.id = e.room_id LEFT JOIN units pu ON pu.id = e.preparing_unit_id "

/* Reads one row of SCHED_EV_COLS into *ev (arena strings) and its participants. */
void sched_read_event(ctx *c, db_stmt *s, sched_event *ev);
/* Loads ev->people (arena). */
void sched_load_people(ctx *c, sched_event *ev);
/* Whether the viewer (c->user) may read the event in full, given the unit's rights. */
bool sched_event_readable(ctx *c, const sched_event *ev, bool published);
/* The same with the caller's rights on the event's calendar already known (lists ask once). */
bool sched_event_readable_as(ctx *c, const sched_event *ev, bool published, bool office,
                             bool reader);
/* Whether the week is published (its latest version, 0 when not). */
int sched_week_version(db *d, int64_t unit_id, int iso_year, int iso_week);
/* Inside the caller's write transaction: when the week is published, its next version with
 * the snapshot of its events now and `note`, and the notices about event ev (NULL: none).
 * 0, or -1 on a store error. */
int sched_amend_tx(ctx *c, int64_t unit_id, int iso_year, int iso_week, const char *note,
                   const sched_event *ev);
/* The week's events as a JSON array (the frozen snapshot; everything, for the record). */
json_t *sched_snapshot(ctx *c, int64_t unit_id, int iso_year, int iso_week);
/* Marks clashes among the n events of a list (same day, overlapping, a shared leader or
 * room). */
void sched_mark_clashes(sched_event *v, int n);
/* Two events overlap in time (same day assumed). */
bool sched_overlap(const sched_event *a, const sched_event *b);
/* "2026-12-03T02:00:00Z" now. */
const char *sched_now_iso(ctx *c);

/* ---- shared by the page files ---- */
#include "org/org.h"
const char *sched_vn_date(ctx *c, const char *iso);      /* dd/mm/yyyy */
const char *sched_vn_stamp(ctx *c, const char *iso_utc); /* dd/mm/yyyy HH:MM, Vietnam */
void sched_week_of_request(ctx *c, int *y, int *w);      /* ?week= or ?date=, else this week */
int64_t sched_unit_of_request(ctx *c);                   /* ?unit= when readable, else own */
/* The people of a calendar (accounts anchored at unit_id), for filters and the form. */
int sched_people_of(ctx *c, int64_t unit_id, org_choice **rows_r);
void sched_web_routes(void);   /* schedule_web.c */
void sched_form_routes(void);  /* schedule_form.c */
void sched_extra_routes(void); /* schedule_feeds_web.c: rooms, feeds, /ical */
void sched_api_routes(void);   /* schedule_api.c */

#endif
