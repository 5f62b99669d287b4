/* The Huy hiệu Đảng cases: the candidates job and the steps of a case (awards.h). */
#include "awards/awards.h"

#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "audit/audit.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "org/org.h"
#include "rules/rules.h"
#include "web/dates.h"
#include "web/params.h"
#include "workdays/workdays.h"

void awards_rules_declare(void);

/* One milestone at a time, so the range on party_members(admitted_on) is an index scan: a
 * member reaching N years on or before the occasion, and not more than a year before it (a
 * missed sweep still catches them), without a case for N and with no discipline wait running
 * on the occasion date. */
static const db_query q_sweep = {
    "awards.sweep",
    "INSERT INTO badge_cases (member_id, unit_id, milestone_years, due_date, kind, early,"
    " occasion_date, status, created_at, updated_at)"
    " SELECT m.id, m.unit_id, ?1, date(m.admitted_on, '+' || ?1 || ' years'), 'award', 'none',"
    " ?2, 'candidate', ?3, ?3 FROM party_members m"
    " WHERE m.status = 'active' AND m.admitted_on <= date(?2, '-' || ?1 || ' years')"
    " AND m.admitted_on > date(?2, '-' || ?1 || ' years', '-12 months')"
    " AND NOT EXISTS (SELECT 1 FROM badge_cases b WHERE b.member_id = m.id"
    "   AND b.milestone_years = ?1 AND b.kind <> 'reissue')"
    " AND NOT EXISTS (SELECT 1 FROM member_disciplines x WHERE x.member_id = m.id AND ("
    "   (x.form = 'warning' AND date(x.decided_on, '+' || ?4 || ' months') > ?2) OR"
    "   (x.form = 'dismissal' AND date(x.decided_on, '+' || ?5 || ' months') > ?2)))",
    NULL};

const char *awards_target_occasion(db *d, const char *today, char *buf)
{
    int64_t lead = rules_int(d, "awards.lead_days", today);
    char from[11];
    if (workdays_date_add(today, (int)lead, from) != 0)
        return awards_next_occasion(d, today, buf);
    return awards_next_occasion(d, from, buf);
}

int awards_sweep(db *d, const user *actor, const char *today)
{
    char occ[11], now[40];
    awards_target_occasion(d, today, occ);
    clock_iso(clock_now(), now, sizeof now);
    int64_t first = rules_int(d, "awards.milestone_first", occ);
    int64_t last = rules_int(d, "awards.milestone_last", occ);
    if (db_begin_write(d) != 0)
        return -1;
    int total = 0;
    for (int64_t n = first; n <= last; n++) {
        if (!awards_is_milestone(d, (int)n, occ))
            continue;
        db_stmt *s = db_stmt_get(d, &q_sweep);
        if (!s)
            goto fail;
        db_bind_int(s, 1, n);
        db_bind_text(s, 2, occ);
        db_bind_text(s, 3, now);
        db_bind_int(s, 4, rules_int(d, "awards.wait_months_warning", occ));
        db_bind_int(s, 5, rules_int(d, "awards.wait_months_dismissal", occ));
        if (db_exec(s) != DB_DONE)
            goto fail;
        total += db_changes(d);
    }
    if (total == 0) {
        db_rollback(d);
        return 0;
    }
    if (audit_commit(d, actor, "badge.sweep", "badge", 0,
                     json_pack("{s:s, s:i}", "occasion", occ, "created", total)) != 0)
        return -1;
    return total;
fail:
    db_rollback(d);
    return -1;
}

bool awards_may_write(const user *u)
{
    return u &&
           (u->role == ROLE_ADMIN || u->role == ROLE_OFFICE_LEADER || u->role == ROLE_SPECIALIST);
}

const char *awards_form_of(const char *kind)
{
    if (kind && strcmp(kind, "reissue") == 0)
        return "4A";
    if (kind && strcmp(kind, "posthumous") == 0)
        return "4B";
    return "4";
}

const char *awards_status_label(const char *s)
{
    if (!s)
        return "";
    if (strcmp(s, "candidate") == 0)
        return _("Đến hạn, chờ chi bộ xét");
    if (strcmp(s, "reviewed") == 0)
        return _("Chi bộ đã xét");
    if (strcmp(s, "proposed") == 0)
        return _("Đã đề nghị");
    if (strcmp(s, "decided") == 0)
        return _("Đã có quyết định");
    if (strcmp(s, "presented") == 0)
        return _("Đã trao");
    return s;
}

const char *awards_kind_label(const char *k)
{
    if (k && strcmp(k, "reissue") == 0)
        return _("Cấp lại");
    if (k && strcmp(k, "posthumous") == 0)
        return _("Truy tặng");
    return _("Tặng");
}

#define CASE_COLS                                                                                  \
    "b.id, b.member_id, b.unit_id, m.full_name, u.name, m.admitted_on, m.status,"                  \
    " b.milestone_years, b.due_date, b.kind, b.early, b.early_reason, b.occasion_date, b.status,"  \
    " b.review_on, b.review_note, b.list_form, b.proposed_on, b.decision_no, b.decision_on,"       \
    " b.decided_by, b.badge_no, b.ceremony_on, b.gift_tenths, b.base_salary, b.gift_amount,"       \
    " coalesce(b.decision_outgoing_id, 0), b.reissue_reason, coalesce(b.original_case_id, 0),"     \
    " b.died_on, ob.decision_no, ob.decision_on, ob.badge_no, m.status_on"                         \
    " FROM badge_cases b JOIN party_members m ON m.id = b.member_id JOIN units u ON u.id = "       \
    "b.unit_id LEFT JOIN badge_cases ob ON ob.id = b.original_case_id"

static const db_query q_list = {
    "awards.list",
    "SELECT " CASE_COLS " WHERE (?1 IS NULL OR b.occasion_date = ?1) AND (?2 IS NULL OR"
    " b.status = ?2) AND (?3 IS NULL OR b.kind = ?3) AND b.unit_id IN (SELECT value FROM"
    " json_each(?4)) AND (?5 = 0 OR b.member_id = ?5) ORDER BY b.occasion_date DESC, "
    "b.milestone_years DESC, m.full_name LIMIT 2000",
    NULL};
static const db_query q_get = {"awards.get", "SELECT " CASE_COLS " WHERE b.id = ?1", NULL};

static const char *dup(ctx *c, db_stmt *s, int i)
{
    return arena_strdup(c->a, db_col_text(s, i));
}

static void read_case(ctx *c, db_stmt *s, badge_case *b)
{
    b->id = db_col_int(s, 0);
    b->member_id = db_col_int(s, 1);
    b->unit_id = db_col_int(s, 2);
    b->member_name = dup(c, s, 3);
    b->unit_name = dup(c, s, 4);
    b->admitted_on = dup(c, s, 5);
    b->member_status = dup(c, s, 6);
    b->milestone = (int)db_col_int(s, 7);
    b->due_date = dup(c, s, 8);
    b->kind = dup(c, s, 9);
    b->early = dup(c, s, 10);
    b->early_reason = dup(c, s, 11);
    b->occasion_date = dup(c, s, 12);
    b->status = dup(c, s, 13);
    b->review_on = dup(c, s, 14);
    b->review_note = dup(c, s, 15);
    b->list_form = dup(c, s, 16);
    b->proposed_on = dup(c, s, 17);
    b->decision_no = dup(c, s, 18);
    b->decision_on = dup(c, s, 19);
    b->decided_by = dup(c, s, 20);
    b->badge_no = dup(c, s, 21);
    b->ceremony_on = dup(c, s, 22);
    b->gift_tenths = db_col_null(s, 23) ? -1 : db_col_int(s, 23);
    b->base_salary = db_col_null(s, 24) ? -1 : db_col_int(s, 24);
    b->gift_amount = db_col_null(s, 25) ? -1 : db_col_int(s, 25);
    b->decision_outgoing_id = db_col_int(s, 26);
    b->reissue_reason = dup(c, s, 27);
    b->original_case_id = db_col_int(s, 28);
    b->died_on = dup(c, s, 29);
    b->original_decision_no = dup(c, s, 30);
    b->original_decision_on = dup(c, s, 31);
    b->original_badge_no = dup(c, s, 32);
    b->member_died_on = dup(c, s, 33);
}

static int case_list(ctx *c, const char *occasion, const char *status, const char *form,
                     int64_t member_id, badge_case **rows_r);

/* form: "4", "4A", "4B" or NULL, as the kind of the proposal list. */
int awards_case_list(ctx *c, const char *occasion, const char *status, const char *form,
                     badge_case **rows_r)
{
    return case_list(c, occasion, status, form, 0, rows_r);
}

int awards_member_cases(ctx *c, int64_t member_id, badge_case **rows_r)
{
    return case_list(c, NULL, NULL, NULL, member_id > 0 ? member_id : -1, rows_r);
}

static int case_list(ctx *c, const char *occasion, const char *status, const char *form,
                     int64_t member_id, badge_case **rows_r)
{
    *rows_r = NULL;
    const char *kind = NULL;
    if (form)
        kind = strcmp(form, "4A") == 0   ? "reissue"
               : strcmp(form, "4B") == 0 ? "posthumous"
                                         : "award";
    db_stmt *s = db_stmt_get(c->db, &q_list);
    if (!s)
        return -1;
    db_bind_text(s, 1, occasion);
    db_bind_text(s, 2, status);
    db_bind_text(s, 3, kind);
    db_bind_text(s, 4, org_scope_json(c));
    db_bind_int(s, 5, member_id);
    int n = 0, cap = 16, rc;
    badge_case *v = arena_alloc(c->a, (size_t)cap * sizeof *v);
    while ((rc = db_step(s)) == DB_ROW) {
        ARENA_GROW(c->a, v, n, cap);
        read_case(c, s, &v[n++]);
    }
    db_reset(s);
    *rows_r = v;
    return rc == DB_DONE ? n : -1;
}

const badge_case *awards_case_get(ctx *c, int64_t id)
{
    db_stmt *s = db_stmt_get(c->db, &q_get);
    if (!s)
        return NULL;
    db_bind_int(s, 1, id);
    badge_case *b = NULL;
    if (db_step(s) == DB_ROW) {
        b = arena_alloc(c->a, sizeof *b);
        read_case(c, s, b);
    }
    db_reset(s);
    if (b && !org_unit_in_scope(c, b->unit_id))
        return NULL;
    return b;
}

json_t *awards_case_json(const badge_case *b);
