#ifndef VP_WORKDAYS_H
#define VP_WORKDAYS_H
/* The working-day calendar (lịch ngày làm việc): one answer, for the whole system, to "is this
 * date a working day" and "what date is N working days after that one". Every deadline counted
 * in working days asks here — the invitation lead time and the conclusion-notice clock of
 * conferences, follow-up reminders, routing deadlines, the reporting and petition deadlines.
 *
 * Tables workday_weeks (the weekly days off by effective dates) and workday_days (holidays,
 * compensatory days off, weekend days worked in a swap), migration 027_workdays.sql, written
 * only here; each change is audited ("workday.set", "workday.clear", "workday.seed") in its own
 * transaction.
 * Dates are Vietnam calendar dates "YYYY-MM-DD". The module knows no other module's tables. */
#include <stdbool.h>
#include <stddef.h>

#include "db/db.h"
#include "web/ctx.h"
#include "web/errors.h"

#define WORKDAY_MAX_NAME 200 /* bytes of a day's name or source */
#define WORKDAY_SCAN 400     /* calendar days searched for a working day before giving up */

/* True when date (YYYY-MM-DD) is a working day: not a weekly day off of the pattern in force,
 * not a holiday or day off — or a weekend day worked in a swap. False for a malformed date. */
bool workdays_is_working(db *d, const char *date);
/* Why date is not a working day: the holiday's name, "Thứ Bảy", "Chủ nhật"; NULL for a working
 * day. Copied into buf (>= WORKDAY_MAX_NAME + 1 bytes). */
const char *workdays_reason(db *d, const char *date, char *buf, size_t n);
/* date itself when it is a working day, else the first working day after it, into out
 * (>= 11 bytes). 0, or -1 for a malformed date or none within WORKDAY_SCAN days. */
int workdays_next(db *d, const char *date, char out[11]);
/* The working day n working days after date (n > 0) or before it (n < 0), counting from the
 * day after (before) date whatever date itself is; n = 0 is workdays_next. 0 or -1. */
int workdays_add(db *d, const char *date, int n, char out[11]);
/* Working days in (from, to]: 0 when to <= from. -1 for a malformed date. */
int workdays_between(db *d, const char *from, const char *to);

/* Calendar arithmetic on "YYYY-MM-DD" (no calendar data): the date n days after date into out
 * (>= 11 bytes), 0 or -1; the ISO weekday (1 Monday … 7 Sunday), or 0 for a malformed date. */
int workdays_date_add(const char *date, int n, char out[11]);
int workdays_iso_weekday(const char *date);

/* ---- The calendar as data, edited by the administrator (workdays_edit.c) -----------------
 * Who: the administrator edits; the administrator and the office leader (Chánh Văn phòng,
 * who answers for the office's deadlines) view the page. Every other role reads the calendar
 * only through the deadlines it shapes and through GET /api/v1/workdays. */
typedef struct workday_row {
    const char *day, *kind, *name, *source, *updated_at; /* kind: holiday, off, work */
    bool verified;
} workday_row;
typedef struct workday_week {
    const char *effective_from, *effective_to, *weekend, *note;
} workday_week;

bool workdays_may_view(const ctx *c);
bool workdays_may_edit(const ctx *c);
/* The rows of workday_days in [from, to] by date (arena). Count or -1. */
int workdays_list(ctx *c, const char *from, const char *to, workday_row **rows_r);
/* The weekly patterns, oldest first (arena). Count or -1. */
int workdays_weeks(ctx *c, workday_week **rows_r);
/* Sets (adds or replaces) the row of in->day; admin only (403), every field checked first
 * (400 naming it), audited "workday.set" in the same transaction. 0 or -1. */
int workdays_set(ctx *c, const workday_row *in, web_err *e);
/* Removes the row of day (404 when there is none); admin only; audited "workday.clear". */
int workdays_clear(ctx *c, const char *day, web_err *e);
/* For a year with no rows: the holidays of fixed solar dates (1/1, 30/4, 1/5, 2/9 and its
 * adjacent day) with a compensatory day for each falling on a weekly day off, all unverified;
 * Tết and Giỗ Tổ (lunar) are left to be entered. 409 when the year has rows. Audited
 * "workday.seed". The number of rows written, or -1. */
int workdays_seed_year(ctx *c, int year, web_err *e);
/* For a deadline the user typed: when date is not a working day, a Vietnamese message naming
 * the day and why ("Ngày 02/09/2026 là ngày nghỉ (Quốc khánh)…") into msg (>= 400 bytes) and
 * the next working day into suggestion; true. False for a working (or malformed) date. */
bool workdays_refuse(db *d, const char *date, char *msg, size_t n, char suggestion[11]);

/* Module start-up (rule keys) and routes: /admin/workdays, /admin/rules and their API. */
void workdays_init(void);
void workdays_routes(void);

#endif
