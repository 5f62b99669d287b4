#ifndef VP_AWARDS_H
#define VP_AWARDS_H
/* Awards (issue 20, DOMAIN-2 §8): the Huy hiệu Đảng cycle and Party commendations.
 *
 * A badge case goes candidate → reviewed (chi bộ) → proposed (on the list of Mẫu 4, 4A or
 * 4B-HHĐ by kind) → decided (the provincial BTV's decision: number, date, badge number, gift)
 * → presented (ceremony date). The candidates job (awards_sweep, an idle job) creates the
 * candidate cases of the next occasion; an early (illness), posthumous or reissue case is
 * created by hand and must give its reason. Every milestone, window, wait, occasion, lead
 * time, gift multiple and the base salary is a rule value (rules.h, keys "awards.*") with
 * effective dates. Members are read from party_members (members/ owns them).
 *
 * Reading needs the case's unit in the user's scope; writing needs admin, office-leader or
 * specialist (the chi bộ review also a unit account) and the unit in scope. Every change is
 * audited in its transaction ("badge.*", "commendation.create"). */
#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"
#include "web/ctx.h"
#include "web/errors.h"

#define AWARDS_MAX_LIST 2000

typedef struct badge_case {
    int64_t id, member_id, unit_id;
    const char *member_name, *unit_name, *admitted_on, *member_status;
    int milestone;
    const char *due_date, *kind, *early, *early_reason, *occasion_date, *status;
    const char *review_on, *review_note, *list_form, *proposed_on;
    const char *decision_no, *decision_on, *decided_by, *badge_no, *ceremony_on;
    int64_t gift_tenths, base_salary, gift_amount; /* -1 = not set */
    int64_t decision_outgoing_id;                  /* 0 = none */
    /* A reissue: lost or damaged, and the presented case it replaces (its decision and badge
     * number); a posthumous award: the date of death it was judged on. */
    const char *reissue_reason, *died_on, *member_died_on;
    int64_t original_case_id; /* 0 = none */
    const char *original_decision_no, *original_decision_on, *original_badge_no;
} badge_case;

typedef struct badge_in {
    int64_t member_id;
    int milestone;
    const char *kind;  /* award, reissue, posthumous */
    const char *early; /* none, illness, posthumous */
    const char *early_reason, *occasion_date;
    /* reissue: the presented case of the same member it replaces and why (lost, damaged) */
    int64_t original_case_id;
    const char *reissue_reason;
    /* posthumous: the date of death (the member record's when it has one) */
    const char *died_on;
} badge_in;

/* The first occasion date on or after `from` (rules awards.occasion_1..4, MMDD), into buf
 * (>= 11 bytes). */
const char *awards_next_occasion(db *d, const char *from, char *buf);
/* The occasion the job prepares on `today`: the first on or after today + lead days. */
const char *awards_target_occasion(db *d, const char *today, char *buf);
/* The candidates job: for the target occasion, a candidate case for every active member who
 * reaches a milestone by that date (and not more than a year before), has no case for it and
 * waits for no discipline. Audited once ("badge.sweep"). Returns the cases created or -1. */
int awards_sweep(db *d, const user *actor, const char *today);
/* Whether `years` is a milestone in force on date. */
bool awards_is_milestone(db *d, int years, const char *date);
/* The gift multiple (tenths) of a milestone on date; 0 = not entered. */
int64_t awards_gift_tenths(db *d, int years, const char *date);

bool awards_may_write(const user *u);
/* Cases in scope of an occasion (NULL: all) and status (NULL: all). Count or -1. */
int awards_case_list(ctx *c, const char *occasion, const char *status, const char *form,
                     badge_case **rows_r);
const badge_case *awards_case_get(ctx *c, int64_t id);
/* Every case of a member in scope (the badge history), newest first. Count or -1. */
int awards_member_cases(ctx *c, int64_t member_id, badge_case **rows_r);
const char *awards_reissue_reason_label(const char *r);
int64_t awards_case_create(ctx *c, const badge_in *in, web_err *e);
int awards_case_review(ctx *c, int64_t id, const char *on, const char *note, web_err *e);
int awards_case_propose(ctx *c, int64_t id, const char *on, web_err *e);
/* outgoing_id > 0: the decision is an issued outgoing document the user may see (its notation
 * and date are the decision's number and date, whatever was typed). */
int awards_case_decide(ctx *c, int64_t id, const char *no, const char *on, const char *by,
                       const char *badge_no, int64_t outgoing_id, web_err *e);
int awards_case_ceremony(ctx *c, int64_t id, const char *on, web_err *e);
/* A discipline that delays badges (reprimand, warning, dismissal). */
int64_t awards_discipline_add(ctx *c, int64_t member_id, const char *form, const char *on,
                              web_err *e);

const char *awards_status_label(const char *status);
const char *awards_kind_label(const char *kind);
const char *awards_form_of(const char *kind); /* "4", "4A", "4B" */

/* ---- commendations ---- */
typedef struct commendation {
    int64_t id, unit_id, member_id;
    const char *target, *unit_name, *member_name, *form, *basis, *reason;
    int year;
    const char *proposal_no, *decision_no, *decision_on, *decided_by;
    /* > 0: the decision is an issued outgoing document the user may see (its notation and
     * date are the decision's, whatever was typed); 0 = none */
    int64_t decision_outgoing_id;
} commendation;
int awards_comm_list(ctx *c, int year, commendation **rows_r);
int64_t awards_comm_create(ctx *c, const commendation *in, web_err *e);
const char *awards_comm_form_label(const char *form);
const char *awards_comm_basis_label(const char *basis);
extern const char *const awards_comm_forms[];
extern const char *const awards_comm_bases[];

void awards_init(void);
void awards_routes(void);

#endif
