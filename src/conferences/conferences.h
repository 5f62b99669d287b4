#ifndef VP_CONFERENCES_H
#define VP_CONFERENCES_H
/* Hội nghị (DOMAIN-2.md §2): conferences that study and disseminate resolutions (học tập,
 * quán triệt, triển khai), reviews (sơ kết, tổng kết), committee (BCH) and standing-committee
 * (BTV) meetings. A conference links the documents it studies, carries materials with their
 * secrecy, its connection points (điểm cầu), its invited units with their electronic answers
 * (attend / decline with reason / send a substitute), check-in on the day, attendance by
 * category per unit, and each unit's study-results report. The invitation (giấy mời), the
 * minutes (biên bản) and the conclusion notice (thông báo kết luận) are outgoing documents
 * (outgoing.h) drafted from the conference and issued through the existing flow.
 *
 * Tables (migration 032_conferences.sql), written only here: conferences, conference_subjects,
 * conference_materials, conference_endpoints, conference_invitees, conference_attendance,
 * conference_study_reports. Other modules read conferences (id, unit_id, title, kind,
 * starts_at, ends_at, venue).
 *
 * Clocks, on the working-day calendar (workdays.h), with their numbers as rule keys (rules.h):
 * the invitation goes out conferences.invite_lead_days working days before the start (a later
 * one needs a stated reason; one dated after the start is refused); the conclusion notice is due
 * conferences.conclusion_days working days after the end (a reminder to the office, then the
 * overdue list); the study report conferences.study_report_days after the end.
 *
 * Permissions, checked here:
 *   see     — the conference's unit in scope (the organiser's side), or an invited unit or a
 *             connection point's unit in scope (the participants). Else 404.
 *   manage  — clerk, specialist, office- or committee-leader with the conference's unit in
 *             scope: create, link documents, materials, invitees, points, invitation, check-in,
 *             minutes, conclusion notice, cancel.
 *   answer  — for an invited unit: anyone but admin and specialists with that unit in scope
 *             (its unit account, clerk, leaders; the office may record an answer by phone);
 *             they also record the unit's attendance and submit its study report.
 *   materials — non-secret to whoever sees the conference; Mật to the organiser's clerks and
 *             leaders, the one who added it, and leaders of invited units (secrecy_leader_may_see);
 *             Tối mật and Tuyệt mật never leave the organiser's side (secrecy_paper_only).
 * Every change: validate → db_begin_write → change → audit_log → db_commit. */
#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "web/ctx.h"
#include "web/errors.h"

#define CONF_MAX_TITLE 500
#define CONF_MAX_TEXT 4000 /* venue, participants, content, what to prepare, reasons */
#define CONF_MAX_INVITEES 2000
#define CONF_MAX_LIST 500
#define CONF_MAX_COUNT 1000000 /* head counts */

extern const char *const conf_kind_codes[];     /* QUAN_TRIET … KHAC, NULL-terminated */
extern const char *const conf_mode_codes[];     /* TRUC_TIEP, TRUC_TUYEN, KET_HOP */
extern const char *const conf_status_codes[];   /* DU_KIEN … HUY */
extern const char *const conf_response_codes[]; /* attend, decline, substitute */
const char *conf_kind_label(const char *code);
const char *conf_mode_label(const char *code);
const char *conf_status_label(const char *code);
const char *conf_response_label(const char *code); /* "Chưa trả lời" for NULL */

typedef struct conference {
    int64_t id, unit_id, chair_user_id, programme_item_id, created_by;
    int64_t office_unit_id; /* the organiser's office (org_register_unit), which prepares it */
    const char *title, *kind, *mode, *starts_at, *ends_at, *venue, *participants, *content,
        *prepare;
    const char *stored_status; /* as written; conf_status() gives the one shown */
    int64_t invitation_id, minutes_id, conclusion_id;
    const char *invitation_date, *late_reason, *conclusion_due, *study_report_due;
    int lead_days; /* -1 before the invitation */
    const char *unit_name, *chair_name;
} conference;

/* The status shown: HUY when cancelled, else by the clock and the documents — DA_KET_THUC after
 * the end (or once minutes exist), DANG_DIEN_RA between start and end, DA_MOI once the
 * invitation is issued, else DU_KIEN. */
const char *conf_status(ctx *c, const conference *k);

typedef struct conf_input {
    int64_t unit_id; /* 0 = the scope anchor of the caller's unit */
    const char *title, *kind, *mode, *starts_at, *ends_at, *venue, *participants, *content,
        *prepare;
    int64_t chair_user_id, programme_item_id;
    const int64_t *invitees; /* units invited (may be none yet) */
    int n_invitees;
} conf_input;

/* Each returns the new id / 0, or -1 with e filled (field named for a refused input). */
int64_t conf_create(ctx *c, const conf_input *in, web_err *e);
/* The conference's own fields (not its unit, invitees or programme item); until the invitation
 * exists (409 after). */
int conf_update(ctx *c, int64_t id, const conf_input *in, web_err *e);
int conf_cancel(ctx *c, int64_t id, web_err *e);
int conf_subject_add(ctx *c, int64_t id, const char *doc_kind, int64_t doc_id, web_err *e);
int conf_invitee_add(ctx *c, int64_t id, int64_t unit_id, web_err *e);
/* Adds or updates a connection point (host, expected head count); actual < 0 leaves it. */
int conf_endpoint_set(ctx *c, int64_t id, int64_t unit_id, const char *host, int expected,
                      int actual, web_err *e);
/* A material: title, secrecy (enum secrecy), and a file (may be NULL: a paper material). */
int64_t conf_material_add(ctx *c, int64_t id, const char *title, int secrecy,
                          const http_upload *file, web_err *e);

/* "Tạo giấy mời": an outgoing draft (type giay_moi, recipients the invited units, the body
 * written from the conference) linked as the invitation. date = the planned sending date
 * (NULL = today). Refused (field "date") when it falls after the start; a reason is required
 * (field "reason") when it leaves fewer working days than conferences.invite_lead_days. */
int64_t conf_invite(ctx *c, int64_t id, const char *date, const char *reason, web_err *e);
/* "Điều chỉnh giấy mời": once the invitation exists (until the minutes), the conference's
 * fields change with a stated reason (field "reason") and the invitation follows: still a
 * draft, a new version of it; already issued, a new giay_moi draft replacing it (replaces_id:
 * issuing it marks the old one replaced), linked as the invitation — and when the start moved,
 * the invited units' answers are cleared to be given again. Returns the invitation's id. */
int64_t conf_reinvite(ctx *c, int64_t id, const conf_input *in, const char *reason, web_err *e);
/* "Lập biên bản": a bien_ban draft whose body records who came, who was absent with or without
 * reason and who sent a substitute, with the head counts. Starts the conclusion clock. */
int64_t conf_minutes(ctx *c, int64_t id, web_err *e);
/* "Soạn thông báo kết luận": a thong_bao draft, due conferences.conclusion_days working days
 * after the end. */
int64_t conf_conclusion(ctx *c, int64_t id, web_err *e);

/* An invited unit's answer: response "attend" | "decline" (reason required) | "substitute"
 * (the substitute's name required). */
int conf_answer(ctx *c, int64_t id, int64_t unit_id, const char *response, const char *reason,
                const char *substitute, web_err *e);
/* Check-in of an invited unit on the day (the organiser); undo = false clears it. */
int conf_checkin(ctx *c, int64_t id, int64_t unit_id, bool in, web_err *e);

typedef struct conf_attendance {
    int64_t unit_id;
    const char *unit_name;
    int64_t parent_id; /* the unit's parent, for the roll-up */
    int membership, committee_members, party_members, non_members, absent_with_reason,
        absent_without_reason;
    bool recorded;
} conf_attendance;
/* Attendance by category of one invited unit (organiser or the unit). party_members counts
 * every Party member present, committee members included; at most membership. */
int conf_attendance_set(ctx *c, int64_t id, const conf_attendance *a, web_err *e);

typedef struct conf_study {
    int64_t unit_id;
    int members_total, members_attended, mass_attendance, essays;
    const char *action_plan_kind; /* "in" | "out" | NULL */
    int64_t action_plan_id;
    const char *note;
} conf_study;
int conf_study_submit(ctx *c, int64_t id, const conf_study *r, web_err *e);

/* ---- reading ---------------------------------------------------------------------------- */

/* NULL when absent or not visible (arena strings). */
const conference *conf_get(ctx *c, int64_t id);
/* The organiser's side: the conference's unit or its office in scope. */
bool conf_is_organiser(ctx *c, const conference *k);
bool conf_may_manage(ctx *c, const conference *k);
bool conf_may_answer(ctx *c, const conference *k, int64_t unit_id);
/* May the caller create a conference of its unit (the create form and button)? */
bool conf_may_create(ctx *c);

typedef struct conf_filter {
    const char *from, *to; /* start date range, inclusive; NULL = open */
    const char *kind;      /* NULL = every kind */
    int limit, offset;
} conf_filter;
/* Visible conferences, newest start first; the count (arena rows), *total_r all matches. */
int conf_list(ctx *c, const conf_filter *f, conference **rows_r, int64_t *total_r);

typedef struct conf_doc {
    const char *doc_kind;
    int64_t doc_id;
    const char *code, *subject; /* as the caller may see them ("" when not visible) */
    bool visible;
} conf_doc;
int conf_subjects(ctx *c, int64_t id, conf_doc **rows_r);

typedef struct conf_material {
    int64_t id;
    const char *title, *filename, *mime, *sha256;
    int secrecy;
    int64_t size;
} conf_material;
/* The materials the caller is cleared for; *hidden_r (may be NULL) counts the others. */
int conf_materials(ctx *c, int64_t id, conf_material **rows_r, int *hidden_r);
/* One material the caller may open (for the download), NULL otherwise. */
const conf_material *conf_material_get(ctx *c, int64_t conf_id, int64_t material_id);

typedef struct conf_invitee {
    int64_t unit_id, parent_id;
    const char *unit_name, *response, *reason, *substitute, *responded_at, *checked_in_at;
} conf_invitee;
int conf_invitees(ctx *c, int64_t id, conf_invitee **rows_r);

typedef struct conf_endpoint {
    int64_t unit_id;
    const char *unit_name, *host;
    int expected, actual; /* actual -1 = not reported */
} conf_endpoint;
int conf_endpoints(ctx *c, int64_t id, conf_endpoint **rows_r);

/* The attendance roll-up: one row per invited unit (recorded or not), then one per parent unit
 * (a group row: unit_id = the parent, its children's sums) and the total (unit_id 0). pct =
 * party_members / membership × 100, -1 when the membership is unknown. */
typedef struct conf_rollup_row {
    conf_attendance a;
    bool group, total;
    double pct;
} conf_rollup_row;
int conf_rollup(ctx *c, int64_t id, conf_rollup_row **rows_r);
/* The same from the database alone (bench, no permission check). */
int conf_rollup_db(db *d, arena *a, int64_t id, conf_rollup_row **rows_r);

typedef struct conf_report_row {
    int64_t unit_id;
    const char *unit_name, *submitted_at, *action_plan_kind, *note;
    int members_total, members_attended, mass_attendance, essays;
    int64_t action_plan_id;
    double pct;
} conf_report_row;
int conf_study_reports(ctx *c, int64_t id, conf_report_row **rows_r);

/* Conferences in the caller's scope (organiser side) whose conclusion notice is due and not
 * issued: overdue first; for the office head's list. */
typedef struct conf_due {
    const conference *k;
    bool overdue;
    int days_late; /* working days past the due date */
} conf_due;
int conf_conclusions_due(ctx *c, conf_due **rows_r);

/* Sends the conclusion-notice reminders that are due (one working day before the due date, to
 * the clerks and leaders of the organising office), once each. The jobs idle hook and tests
 * call it; returns how many were sent. */
int conf_remind(db *d);

/* A percentage as the reader writes it, two decimals: "91,67%" ("91.67%" in English); "" when
 * pct < 0 (unknown). Arena string. */
const char *conf_pct(ctx *c, double pct);

json_t *conf_json(ctx *c, const conference *k, bool full);

/* Pages, API, the home section. */
void conferences_routes(void);
/* Rule keys, the audit resolver, the reminder idle hook. */
void conferences_init(void);

#endif
