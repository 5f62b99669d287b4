#ifndef VP_CLOCK_H
#define VP_CLOCK_H
/* Time. Stored as UTC (unix seconds, or ISO-8601 "YYYY-MM-DDTHH:MM:SSZ" text in the database);
 * shown in Asia/Ho_Chi_Minh (UTC+7, no DST) as dd/mm/yyyy, or yyyy-mm-dd when the process
 * language (i18n_lang) is English — the same width, so buffer sizes hold for both.
 *
 * The clock is controllable for tests of deadlines and expiry: when the environment variable
 * VANPHONG_FAKE_NOW holds unix seconds (only honoured when VANPHONG_TEST=1), clock_now()
 * returns it; clock_set_offset() shifts the clock in unit tests. */
#include <stdint.h>
#include <stddef.h>

#define VN_UTC_OFFSET (7 * 3600)

int64_t clock_now(void);          /* unix seconds, UTC */
int64_t clock_now_ms(void);       /* monotonic milliseconds, for measuring */
void clock_set_fake(int64_t now); /* unit tests: 0 = real clock */

/* "2026-11-29T05:50:38Z" into buf (>= 21 bytes). */
void clock_iso(int64_t t, char *buf, size_t n);
/* dd/mm/yyyy (English: yyyy-mm-dd) in Vietnam time into buf (>= 11 bytes). */
void clock_vn_date(int64_t t, char *buf, size_t n);
/* dd/mm/yyyy HH:MM (English: yyyy-mm-dd HH:MM) in Vietnam time into buf (>= 17 bytes). */
void clock_vn_datetime(int64_t t, char *buf, size_t n);
/* Today's date in Vietnam time as "YYYY-MM-DD" (>= 11 bytes). */
void clock_vn_today(char *buf, size_t n);
/* Parses "YYYY-MM-DD" (a calendar date, validated) into y/m/d; 0 or -1. */
int clock_parse_date(const char *s, int *y, int *m, int *d);
/* Days from 1970-01-01 to y-m-d of the proleptic Gregorian calendar, any year: the one copy of
 * that arithmetic (schedule's ISO weeks, the working-day calendar, room bookings). */
int64_t clock_days_from_civil(int64_t y, int m, int d);
/* "YYYY-MM-DD" → "dd/mm/yyyy" (English: unchanged, yyyy-mm-dd) into buf (>= 11); copies input
 * unchanged if unparsable. */
void clock_date_vn(const char *iso, char *buf, size_t n);
/* Parses ISO "YYYY-MM-DDTHH:MM:SSZ" to unix seconds; -1 if malformed. */
int64_t clock_parse_iso(const char *s);

#endif
