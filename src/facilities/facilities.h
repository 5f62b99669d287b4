#ifndef VP_FACILITIES_H
#define VP_FACILITIES_H
/* Facilities (quản trị tài sản, phòng họp, xe): assets of a committee (equipment, vehicles,
 * furniture…) with code, location, responsible person, value in đồng, purchase, status and
 * disposal; hand-overs with their record (biên bản bàn giao); bookings of meeting rooms and
 * vehicles, for calendar events, conferences or on their own.
 *
 * One list of meeting rooms: schedule's `rooms` (read through schedule.h). A room or a vehicle
 * held twice at overlapping times is REFUSED with a message naming the other holder — a
 * booking here, or a calendar event (facilities registers schedule's room guard, so the
 * calendar refuses too).
 *
 * Tables (040_facilities.sql), written only here: facility_assets, facility_handovers,
 * facility_bookings. Read across: schedule_events (day, hours, room) when checking a room.
 *
 * Whose: a committee's (the scope anchor of the caller's unit). Who:
 *   read           — anyone whose anchor is the unit or who has it in scope;
 *   manage assets  — admin, office-leader, clerk, unit (a ward's own office) of that anchor;
 *   book           — those, and specialists; cancel — the booker or a manager.
 * Every change is audited in its transaction. */
#include <stdbool.h>
#include <stdint.h>

#include "web/ctx.h"
#include "web/errors.h"

#define FAC_TEXT_MAX 500
#define FAC_NAME_MAX 300
#define FAC_CODE_MAX 40

extern const char *const fac_kinds[];    /* equipment vehicle furniture it other */
extern const char *const fac_statuses[]; /* in_use in_store repair disposed */
const char *fac_kind_label(const char *code);
const char *fac_status_label(const char *code);

typedef struct fac_asset {
    int64_t id, unit_id, responsible_user_id, quantity, value, seats;
    const char *code, *name, *kind, *location, *unit_of_measure, *purchase_date, *plate;
    const char *status, *disposal_date, *disposal_reason, *responsible_name, *updated_at;
} fac_asset;

typedef struct fac_asset_input {
    const char *code, *name, *kind, *location, *unit_of_measure, *purchase_date, *plate, *status;
    int64_t responsible_user_id, quantity, value, seats;
} fac_asset_input;

typedef struct fac_handover {
    int64_t id, asset_id, from_user_id, to_user_id;
    const char *handed_on, *condition, *location, *note, *from_name, *to_name, *created_at;
    const char *asset_code, *asset_name;
} fac_handover;

typedef struct fac_booking {
    int64_t id, unit_id, room_id, vehicle_id, event_id, conference_id, booked_by;
    const char *starts_at, *ends_at, *purpose, *driver, *destination, *status;
    const char *resource_name, *booked_by_name;
    bool from_calendar; /* a calendar event holding a room (week view), not a booking */
} fac_booking;

typedef struct fac_booking_input {
    int64_t room_id, vehicle_id, event_id, conference_id;
    const char *starts_at, *ends_at; /* "YYYY-MM-DD HH:MM" (a 'T' is accepted) */
    const char *purpose, *driver, *destination;
} fac_booking_input;

typedef struct fac_filter {
    const char *kind, *status, *q;
} fac_filter;

/* ---- who ---- */
int64_t fac_home_unit(ctx *c);
bool fac_may_read(ctx *c, int64_t unit_id);
bool fac_may_manage(ctx *c, int64_t unit_id);
bool fac_may_book(ctx *c, int64_t unit_id);

/* ---- assets (facilities.c) ---- */
/* Validates everything first (messages per field in e, nothing saved), then saves with its
 * audit row. The id, or -1 with e. */
int64_t fac_asset_create(ctx *c, const fac_asset_input *in, web_err *e);
int fac_asset_update(ctx *c, int64_t id, const fac_asset_input *in, web_err *e);
/* Thanh lý: status disposed, with date and reason. */
int fac_asset_dispose(ctx *c, int64_t id, const char *date, const char *reason, web_err *e);
const fac_asset *fac_asset_get(ctx *c, int64_t id); /* NULL: absent or not readable */
int fac_assets(ctx *c, int64_t unit_id, const fac_filter *f, fac_asset **list_r);
/* Hand-over: the asset passes to to_user_id (its new responsible person). The id or -1. */
int64_t fac_handover_create(ctx *c, int64_t asset_id, int64_t to_user_id, const char *date,
                            const char *condition, const char *location, const char *note,
                            web_err *e);
int fac_handovers(ctx *c, int64_t asset_id, fac_handover **list_r);
const fac_handover *fac_handover_get(ctx *c, int64_t id);

/* ---- bookings (fac_bookings.c) ---- */
/* Refused (409, field room_id/vehicle_id) when the room or vehicle is held at an overlapping
 * time, with a message naming the other holder. The id or -1 with e. */
int64_t fac_booking_create(ctx *c, const fac_booking_input *in, web_err *e);
int fac_booking_cancel(ctx *c, int64_t id, web_err *e);
const fac_booking *fac_booking_get(ctx *c, int64_t id);
/* Bookings and calendar events holding the unit's rooms and vehicles from `from` to `to`
 * (dates, inclusive), by start. */
int fac_bookings_between(ctx *c, int64_t unit_id, const char *from, const char *to,
                         fac_booking **list_r);
/* NULL when the room is free from starts_at to ends_at (except booking skip_booking and
 * calendar event skip_event), else the message naming the holder. */
const char *fac_room_conflict(ctx *c, int64_t room_id, const char *starts_at, const char *ends_at,
                              int64_t skip_booking, int64_t skip_event);
const char *fac_vehicle_conflict(ctx *c, int64_t vehicle_id, const char *starts_at,
                                 const char *ends_at, int64_t skip_booking);
/* "YYYY-MM-DD HH:MM" from a date and an hour; NULL when malformed. */
const char *fac_stamp(ctx *c, const char *day, const char *hhmm);

void facilities_routes(void);
void facilities_init(void); /* registers schedule's room guard and the audit resolver */

#endif
