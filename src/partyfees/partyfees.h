#ifndef VP_PARTYFEES_H
#define VP_PARTYFEES_H
/* Đảng phí (DOMAIN-2 §7, Quy định 01-QĐ/TW): each member's monthly due from their fee
 * category and basis (1 % of the BHXH salary or benefit, 0.5 % of the pension, a share of the
 * regional minimum wage, a fixed amount for students), exemptions and reductions (30/50/70/
 * 100 %, at most partyfees.max_reduction_months months, with the decision; members of 50
 * years' Party age exempt), payments (Cổng DVCQG or cash), the flag at 3 unpaid months of a
 * calendar year, each organisation's monthly report (submitting it closes the month: a later
 * payment is refused), the report aggregated up the tree, and the share each level keeps and
 * passes up from the retention table, with the transfer recorded.
 *
 * Every rate, minimum wage and ratio is a row of fee_rates / fee_min_wages / fee_retention
 * with effective dates (038_partyfees.sql), edited by the administrator; every other number is
 * a rule key (rules.h): partyfees.round_unit, partyfees.max_reduction_months,
 * partyfees.unpaid_flag_months, partyfees.exempt_party_age_years.
 *
 * Rounding: amounts are integer đồng; a percentage of an amount is rounded half up to the
 * rule partyfees.round_unit (default 1 đồng). Never floating point.
 *
 * Who: the members' readers (members_may_read) read; admin, office-leader, clerk and unit
 * accounts in scope record payments, exemptions, reports and transfers; only the
 * administrator edits the rate tables. Every change is audited in its transaction. */
#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"
#include "web/ctx.h"
#include "web/errors.h"

/* x * num / den rounded half up to a multiple of unit (x, num ≥ 0). */
int64_t pf_round_share(int64_t x, int64_t num, int64_t den, int64_t unit);

/* A member's due for month ("YYYY-MM") before and after reductions, from the tables in force
 * on the month's first day. *reduction_r: the percentage applied (0, 30, 50, 70, 100). -1
 * when no rate is in force for the category (the month is before the rules). */
typedef struct pf_due {
    int64_t base, due;
    int reduction;
    bool no_rate;
} pf_due;
pf_due pf_member_due(db *d, int64_t member_id, const char *month);

typedef struct pf_line {
    int64_t member_id;
    const char *full_name, *fee_category, *channel, *paid_on;
    int64_t due, paid;
    int reduction;
    int unpaid_months; /* in the calendar year of the month, up to it */
    bool flagged;      /* unpaid_months ≥ partyfees.unpaid_flag_months */
} pf_line;
typedef struct pf_sheet {
    int64_t unit_id;
    const char *unit_name, *month;
    bool closed;
    const char *submitted_at;
    int members, paid_members, exempt_members;
    int64_t due_total, paid_total;
    /* members working or studying abroad (fee category NUOC_NGOAI), counted apart as the
     * monthly report asks (DOMAIN-2 §7), with their dues and payments (in the totals too) */
    int abroad_members;
    int64_t abroad_due, abroad_paid;
    pf_line *lines;
} pf_sheet;
/* The month of an organisation's own members. -1 (403/404 in e) when not allowed. */
int pf_sheet_get(ctx *c, int64_t unit_id, const char *month, pf_sheet *out, web_err *e);

int pf_pay(ctx *c, int64_t member_id, const char *month, int64_t amount, const char *channel,
           const char *paid_on, web_err *e);
int64_t pf_exempt(ctx *c, int64_t member_id, int pct, const char *from_month, const char *to_month,
                  const char *decision, const char *reason, web_err *e);
int pf_submit(ctx *c, int64_t unit_id, const char *month, web_err *e);

/* The monthly report aggregated up the tree: one row for the unit's own members, one per
 * child subtree. */
typedef struct pf_agg {
    int64_t unit_id;
    const char *name;
    bool own;
    int units, units_reported, members, paid_members, exempt_members;
    int abroad_members; /* of members, those abroad (fee category NUOC_NGOAI), as reported */
    int64_t due, paid;
    int64_t kept, passed_up; /* the month's transfers: kept in the subtree, passed up by its top */
} pf_agg;
int pf_tree_report(ctx *c, int64_t unit_id, const char *month, pf_agg **rows_r, web_err *e);
/* The same without a request (the bench): rows into the arena. */
int pf_tree_report_db(db *d, arena *a, int64_t unit_id, const char *month, pf_agg **rows_r);

typedef struct pf_transfer {
    int64_t id, from_unit_id, to_unit_id;
    const char *from_name, *to_name, *month, *channel, *recorded_at;
    int64_t collected, retained, passed_up;
    int keep_pct;
} pf_transfer;
/* Records the unit's transfer for month: collected = its members' payments + what the units
 * below passed up to it; it keeps keep_pct (fee_retention for its kind) and passes the rest
 * to its parent. Once per unit and month; the month's report must be submitted. */
int64_t pf_transfer_record(ctx *c, int64_t unit_id, const char *month, const char *channel,
                           web_err *e);
int pf_transfers(ctx *c, int64_t unit_id, const char *month, pf_transfer **rows_r);

/* Exemptions of a member, and their months' dues (a year). */
typedef struct pf_exemption {
    int64_t id;
    int pct;
    const char *from_month, *to_month, *decision, *reason;
} pf_exemption;
int pf_exemptions(ctx *c, int64_t member_id, pf_exemption **rows_r);

/* The rate tables. kind: "rate" (key = category; value = rate_bp or, for a FIXED basis, the
 * amount), "wage" (key = region 1–4; value = đồng), "retention" (key = org kind; value = %).
 * A new value from effective_from closes the row in force the day before. Admin only. */
typedef struct pf_rate_row {
    const char *kind, *key, *basis, *effective_from, *effective_to, *source;
    int64_t value;
} pf_rate_row;
int pf_rates(ctx *c, pf_rate_row **rows_r);
int pf_rate_set(ctx *c, const char *kind, const char *key, int64_t value,
                const char *effective_from, const char *source, web_err *e);

/* Payments imported from CSV (columns member_id, thang, so_tien, hinh_thuc, ngay_nop): all
 * rows checked first, each error naming its row; nothing saved when one is bad. */
int pf_import_payments(ctx *c, const char *csv, size_t len, web_err *e);
/* The same from an uploaded file: an xlsx workbook (first sheet, header row found under a
 * title; errors name the sheet's rows) or else CSV text. */
int pf_import_payments_file(ctx *c, const char *data, size_t len, web_err *e);

bool pf_month_valid(const char *m); /* "YYYY-MM", 1930-01 … 2099-12 */
const char *pf_channel_label(const char *code);
const char *pf_money(ctx *c, int64_t v); /* "1.234.000" */

void partyfees_init(void);
void partyfees_routes(void);

#endif
