#ifndef VP_MEMBERS_H
#define VP_MEMBERS_H
/* Party members (đảng viên, issue 20): as much of each member as đảng phí and the Party badge
 * need — name, date of birth, admission and official dates, the Party organisation (unit),
 * fee category and basis, retired/student — entered one by one or imported from a CSV
 * spreadsheet with per-row errors, moved between organisations with history.
 *
 * Tables: party_members, party_member_moves (036_members.sql) and the fee columns of
 * 038_partyfees.sql, written only here. Other rooms (partyfees, awards) read them by column.
 *
 * Personal data: read by admin, committee-leader, office-leader, clerk and unit accounts whose
 * scope holds the member's unit (org_unit_in_scope); never by specialists; never indexed in
 * the document search. Written by admin, office-leader, clerk and unit accounts in scope.
 * Every change is audited in its transaction ("members.*"). */
#include <stdbool.h>
#include <stdint.h>

#include "web/ctx.h"
#include "web/errors.h"

#define MEMBER_NAME_MAX 200
#define MEMBER_NOTE_MAX 1000
#define MEMBER_IMPORT_MAX_ROWS 5000

typedef struct member {
    int64_t id, unit_id;
    const char *unit_name, *full_name, *birth_date, *gender, *id_number, *admitted_on, *official_on,
        *party_card_no, *status, *status_on, *note, *fee_category;
    bool retired, student;
    int64_t fee_basis;
    int wage_region;
} member;

/* The fee categories (party_members.fee_category), NULL-terminated, and their labels. */
extern const char *const member_fee_categories[];
const char *member_fee_category_label(const char *code);
const char *member_status_label(const char *code);

bool members_may_read(ctx *c, int64_t unit_id);
bool members_may_write(ctx *c, int64_t unit_id);

/* The members of unit_id (0: every unit in the caller's scope), active ones unless all;
 * q filters on the name. Arena rows; count or -1. */
int members_list(ctx *c, int64_t unit_id, bool all, const char *q, member **rows_r);
/* One member, NULL when absent or out of the caller's scope. */
const member *members_get(ctx *c, int64_t id);

/* Creates (id 0) or updates a member from in (unit_id is only read on create: a move is
 * members_move). Validates everything first; one transaction with its audit row. */
int64_t members_save(ctx *c, int64_t id, const member *in, web_err *e);
/* Moves a member to to_unit on moved_on (both units in the caller's write scope). */
int members_move(ctx *c, int64_t id, int64_t to_unit, const char *moved_on, const char *note,
                 web_err *e);
typedef struct member_move {
    const char *from_name, *to_name, *moved_on, *note;
} member_move;
int members_moves(ctx *c, int64_t id, member_move **rows_r);

/* CSV import (UTF-8, comma or semicolon; header row; see docs/api.md): every row checked
 * first; any bad row and nothing is saved, each error names its row. Returns the rows
 * imported, or -1 with the errors (field "row N") in e. */
int members_import_csv(ctx *c, int64_t unit_id, const char *csv, size_t len, web_err *e);
/* The same from an uploaded file: an xlsx workbook (its first sheet; the header row may sit
 * under a merged title; errors name the sheet's rows) or else CSV text. */
int members_import_file(ctx *c, int64_t unit_id, const char *data, size_t len, web_err *e);

/* Status changes (member_status_events, 045): retirement (fee basis → the pension given in
 * fee_basis, required), student, work or study abroad (fee category NUOC_NGOAI), return home
 * (the category before), transfer out, death, striking off. Written by whoever may write the
 * member (members_may_write: the chi bộ's clerk or unit account in scope); the date neither
 * after today nor before the admission (field "happened_on"); dd/mm/yyyy or yyyy-mm-dd.
 * fee_basis -1: unchanged. Returns the event's id or -1 with e. */
extern const char *const member_event_kinds[];
const char *member_event_label(const char *kind);
typedef struct member_event {
    int64_t id, fee_basis;
    const char *kind, *on, *decision_no, *note, *by;
} member_event;
int64_t members_status_add(ctx *c, int64_t id, const char *kind, const char *on,
                           const char *decision_no, int64_t fee_basis, const char *note,
                           web_err *e);
int members_status_history(ctx *c, int64_t id, member_event **rows_r);

/* Discipline (khiển trách, cảnh cáo, cách chức) with its decision number and date, into
 * member_disciplines, which awards/ reads for the badge wait. Same writers and date rule
 * (field "decided_on"). */
extern const char *const member_discipline_forms[];
const char *member_discipline_label(const char *form);
typedef struct member_discipline {
    int64_t id;
    const char *form, *on, *decision_no, *note, *by;
} member_discipline;
int64_t members_discipline_add(ctx *c, int64_t id, const char *form, const char *on,
                               const char *decision_no, const char *note, web_err *e);
int members_disciplines(ctx *c, int64_t id, member_discipline **rows_r);

void members_init(void);
void members_routes(void);

#endif
