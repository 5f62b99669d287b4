#ifndef VP_PROGRAMMES_H
#define VP_PROGRAMMES_H
/* Chương trình công tác (DOMAIN-2 §1): the work programmes of a committee's bodies — the BCH
 * (whole term, annual), the BTV (annual, quarterly, monthly), the Thường trực (weekly) — with
 * their items (content, form of the resulting document, deciding body, lead and coordinating
 * units, preparer, planned month or date, status), versions and the history of every item.
 *
 * Tables (030_programmes.sql), written only here: programme_bodies (which bodies a level has
 * and the kinds each holds, as data with effective dates), programmes, programme_items,
 * programme_item_units (coordinating units), programme_item_events (an item's history).
 *
 * Flow: the office drafts (DU_THAO) → its office-leader submits (TRINH) → the approver
 * approves (DA_DUYET; the rule "programmes.approver_role", committee-leader by default) →
 * "Ban hành" makes an outgoing draft of type chuong_trinh through outgoing_create, which the
 * existing flow numbers, signs and issues; the programme reads BAN_HANH once that document is
 * issued (never stored twice). A revision is a new version (DIEU_CHINH until approved, then
 * the revised one is HET_HIEU_LUC). A quarterly or monthly programme is built from an approved
 * annual (or quarterly) one by picking items; an item not done is carried over to a later
 * programme of the same body; both keep the link (origin_item_id) and the history.
 *
 * Who, checked here:
 *   read    — whoever has the programme's unit in scope (org_unit_in_scope), and the office
 *             staff of that unit (clerk, specialist, office-leader whose scope anchor is it).
 *   draft, add items, revise, derive, carry — the office staff of the owning unit.
 *   submit  — its office-leader. approve — the approver role, in scope.
 *   issue   — its clerk or office-leader.
 *   item status — the office staff and leaders in scope; the lead unit's own accounts may
 *             mark their item "in preparation" or "submitted".
 *   lead unit view — a unit's own accounts, and whoever has that unit in scope.
 * Every change: db_begin_write → change → audit_log → db_commit, nothing half-saved. */
#include <stdbool.h>
#include <stdint.h>

#include "web/ctx.h"
#include "web/errors.h"

#define PROG_MAX_TITLE 1000
#define PROG_MAX_ITEM_TITLE 2000
#define PROG_MAX_REASON 2000
#define PROG_MAX_COOP 20  /* coordinating units of one item */
#define PROG_MAX_PICK 500 /* items picked into one derived programme */
#define PROG_MAX_LIST 500 /* rows of a view */

extern const char *const prog_body_codes[];      /* BCH, BTV, TT */
extern const char *const prog_kind_codes[];      /* TOAN_KHOA, NAM, QUY, THANG, TUAN */
extern const char *const prog_status_codes[];    /* DU_THAO … HET_HIEU_LUC */
extern const char *const item_status_codes[];    /* KE_HOACH … HUY */
extern const char *const item_form_codes[];      /* NQ, CT, KL, QD, … KHAC */
const char *prog_body_label(const char *code);   /* "Ban Thường vụ" */
const char *prog_kind_label(const char *code);   /* "Năm", "Quý" */
const char *prog_status_label(const char *code); /* "Dự thảo" */
const char *item_status_label(const char *code); /* "Đang chuẩn bị" */
const char *item_form_label(const char *code);   /* "Nghị quyết" */

typedef struct programme {
    int64_t id, unit_id, parent_id, supersedes_id, outgoing_id, created_by;
    const char *unit_name, *body, *kind, *title;
    int year, period, version;
    const char *start_date, *end_date;
    const char *stored_status;     /* as stored */
    const char *status;            /* as read: BAN_HANH once the issuing document is issued */
    const char *outgoing_notation; /* "12-CTr/TU" once issued, else NULL */
    const char *created_at, *approved_at;
    int n_items;
} programme;

typedef struct prog_item {
    int64_t id, programme_id, lead_unit_id, preparer_user_id, result_outgoing_id;
    int64_t origin_item_id, carried_to_item_id;
    int seq, planned_month;
    const char *title, *doc_form, *deciding_body, *planned_date, *due_date, *status;
    const char *status_reason, *origin_kind, *note;
    const char *lead_unit_name, *preparer_name, *result_notation;
    const char *coop_names; /* "Ban Tổ chức; Ủy ban Kiểm tra" or "" */
    int64_t *coop_ids;
    int n_coop;
    const char *programme_title; /* lists across programmes */
    int64_t programme_unit_id;
} prog_item;

typedef struct prog_new {
    int64_t unit_id;
    const char *body, *kind, *title, *note;
    int year, period;
} prog_new;

typedef struct item_in {
    const char *title, *doc_form, *deciding_body, *planned_date, *note;
    int64_t lead_unit_id, preparer_user_id;
    int planned_month;
    const int64_t *coop_ids;
    int n_coop;
} item_in;

/* Each write returns the new id or 0, or -1 with e filled (field names the input). */
int64_t prog_create(ctx *c, const prog_new *in, web_err *e);
int64_t prog_item_add(ctx *c, int64_t programme_id, const item_in *in, web_err *e);
/* A draft's item edited (the same checks as adding) or taken out (the items after it move up;
 * refused with 409 when something already points at it); only while the programme is a draft,
 * by its office. */
int prog_item_update(ctx *c, int64_t item_id, const item_in *in, web_err *e);
int prog_item_delete(ctx *c, int64_t item_id, web_err *e);
int prog_submit(ctx *c, int64_t id, web_err *e);
/* The approver sends a submitted programme back to its drafters, with a reason (audited):
 * it becomes a draft (or a revision in draft) again. */
int prog_return(ctx *c, int64_t id, const char *reason, web_err *e);
int prog_approve(ctx *c, int64_t id, web_err *e);
/* The outgoing draft's id (CTr, the programme as its body). */
int64_t prog_issue(ctx *c, int64_t id, web_err *e);
/* A new version of an approved programme, with its items copied (DIEU_CHINH). */
int64_t prog_revise(ctx *c, int64_t id, web_err *e);
/* A quarterly/monthly programme of the same unit and body built from an approved one. */
int64_t prog_derive(ctx *c, int64_t parent_id, const char *kind, int period,
                    const int64_t *item_ids, int n, web_err *e);
/* Status of an item; HOAN and HUY need a reason; result_outgoing_id (0 = none) only with
 * DA_THONG_QUA, a document the caller may see. A picked item's source follows its status. */
int prog_item_status(ctx *c, int64_t item_id, const char *status, const char *reason,
                     int64_t result_outgoing_id, web_err *e);
/* Carries an item not done into a later programme of the same unit and body. */
int64_t prog_item_carry(ctx *c, int64_t item_id, int64_t target_id, web_err *e);

/* NULL when absent or not visible. */
const programme *prog_get(ctx *c, int64_t id);
const prog_item *prog_item_get(ctx *c, int64_t item_id); /* its programme visible */
int prog_items(ctx *c, int64_t programme_id, prog_item **list_r);
typedef struct prog_filter {
    int64_t unit_id; /* 0: every visible unit */
    const char *body, *kind;
    int year; /* 0: any */
} prog_filter;
int prog_list(ctx *c, const prog_filter *f, programme **list_r);
/* Items of approved or issued programmes led or coordinated by unit_id due between from and
 * to (inclusive dates), the items picked into a derived programme shown once (the derived
 * one). NULL/-1 and 0 when the caller may not see the unit's items. */
int prog_lead_items(ctx *c, int64_t unit_id, const char *from, const char *to, prog_item **list_r);
bool prog_may_see_unit_items(ctx *c, int64_t unit_id);
/* Items not done whose due date has passed (or whose papers are late: not yet submitted
 * "programmes.item_lead_days" working days before it), in programmes the caller may read. */
int prog_overdue(ctx *c, prog_item **list_r);
/* The item's history, its origins' first (oldest first). */
typedef struct prog_event {
    int64_t item_id;
    const char *at, *actor_name, *action, *from_status, *to_status, *reason, *programme_title;
} prog_event;
int prog_item_history(ctx *c, int64_t item_id, prog_event **list_r);

/* Role tests the pages use to show only the actions that will work. */
bool prog_may_draft(ctx *c, int64_t unit_id);
bool prog_may_submit(ctx *c, const programme *p);
bool prog_may_approve(ctx *c, const programme *p);
bool prog_may_issue(ctx *c, const programme *p);
bool prog_may_set_item(ctx *c, const programme *p, const prog_item *it, const char *status);
/* Bodies a unit's level has on a date, with the kinds allowed ("NAM,QUY,THANG"). */
typedef struct prog_body {
    const char *body, *name, *kinds;
} prog_body;
int prog_bodies(ctx *c, int64_t unit_id, prog_body **list_r);
bool prog_item_done(const char *status); /* adopted or dropped */

void programmes_routes(void); /* /programmes…, /api/v1/programmes… */
void programmes_init(void);   /* rule keys, the audit resolver */

#endif
