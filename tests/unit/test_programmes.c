/* Work programmes (programmes.h): periods of each kind (ISO weeks included), which bodies a
 * level has, the bad input the issue names (a dissolved lead unit, a body the level lacks)
 * refused with nothing saved, the way draft → submit → approve → issue through the outgoing
 * flow (status read from the outgoing record), a quarter picked from the annual programme,
 * postponing with a reason followed by the source item, carrying over with history, the
 * overdue view and its rule key, and who may do what. */
#include "test_outgoing_fixture.h"

#include "outgoing/outgoing.h"
#include "programmes/programmes.h"
#include "rules/rules.h"

static const db_query q_items = {"t.items", "SELECT count(*) FROM programme_items", NULL};
static const db_query q_progs = {"t.progs", "SELECT count(*) FROM programmes", NULL};

static int64_t mk(struct fx *f, int who, int64_t unit, const char *body, const char *kind,
                  int year, int period, web_err *e)
{
    prog_new in = {.unit_id = unit, .body = body, .kind = kind, .year = year, .period = period};
    memset(e, 0, sizeof *e);
    return prog_create(&f->c[who], &in, e);
}

static int64_t add(struct fx *f, int64_t pid, const char *title, int64_t lead, int month,
                   web_err *e)
{
    item_in in = {.title = title,
                  .doc_form = "BC",
                  .deciding_body = "BTV",
                  .lead_unit_id = lead,
                  .planned_month = month};
    memset(e, 0, sizeof *e);
    return prog_item_add(&f->c[P_SPEC], pid, &in, e);
}

static void test_periods(void **state)
{
    struct fx *f = *state;
    web_err e;
    int64_t q2 = mk(f, P_SPEC, U_TU, "BTV", "QUY", 2026, 2, &e);
    assert_true(q2 > 0);
    const programme *p = prog_get(&f->c[P_SPEC], q2);
    assert_string_equal(p->start_date, "2026-04-01");
    assert_string_equal(p->end_date, "2026-06-30");
    assert_string_equal(p->title, "Chương trình công tác quý II năm 2026 của Ban Thường vụ "
                                  "Thành ủy Cần Thơ");
    /* ISO week 1 of 2026 begins on Monday 29/12/2025; 2026 has 53 weeks, 2027 has 52. */
    int64_t w1 = mk(f, P_SPEC, U_TU, "TT", "TUAN", 2026, 1, &e);
    assert_string_equal(prog_get(&f->c[P_SPEC], w1)->start_date, "2025-12-29");
    assert_true(mk(f, P_SPEC, U_TU, "TT", "TUAN", 2026, 53, &e) > 0);
    assert_int_equal(mk(f, P_SPEC, U_TU, "TT", "TUAN", 2027, 53, &e), -1);
    assert_string_equal(web_err_field(&e, "period") ? "period" : "", "period");
    int64_t whole = mk(f, P_SPEC, U_TU, "BCH", "TOAN_KHOA", 2025, 0, &e);
    assert_string_equal(prog_get(&f->c[P_SPEC], whole)->end_date, "2030-12-31");
    assert_int_equal(mk(f, P_SPEC, U_TU, "BTV", "THANG", 2026, 13, &e), -1);
    /* A kind the body does not hold at this level. */
    assert_int_equal(mk(f, P_SPEC, U_TU, "TT", "NAM", 2026, 0, &e), -1);
    assert_non_null(web_err_field(&e, "kind"));
}

static void test_bodies_and_bad_input(void **state)
{
    struct fx *f = *state;
    web_err e;
    int64_t n0 = fx_value(f, &q_progs);
    /* The Ban Tổ chức (an advisory body, level BAN) has no BTV: a clear message, nothing saved. */
    assert_int_equal(mk(f, P_SPEC2, U_BTC, "BTV", "NAM", 2026, 0, &e), -1);
    assert_int_equal(e.status, 400);
    assert_non_null(strstr(web_err_field(&e, "body"), "không có Ban Thường vụ"));
    assert_int_equal(fx_value(f, &q_progs), n0);
    prog_body *b;
    assert_int_equal(prog_bodies(&f->c[P_SPEC], U_BTC, &b), 0);
    assert_int_equal(prog_bodies(&f->c[P_SPEC], U_WARD, &b), 3);
    /* Who drafts: the office of the committee, not its leader, not another committee's. */
    assert_int_equal(mk(f, P_LEADER, U_TU, "BTV", "NAM", 2026, 0, &e), -1);
    assert_int_equal(e.status, 403);
    assert_int_equal(mk(f, P_WARD_CLERK, U_TU, "BTV", "NAM", 2026, 0, &e), -1);
    assert_int_equal(e.status, 404);
    assert_int_equal(mk(f, P_ADMIN, U_TU, "BTV", "NAM", 2026, 0, &e), -1);
    int64_t p = mk(f, P_SPEC, U_TU, "BTV", "NAM", 2026, 0, &e);
    assert_true(p > 0);
    /* An item assigned to a dissolved unit. */
    db_exec_script(f->d, "UPDATE units SET valid_to = '2026-01-31' WHERE id = 3", NULL);
    assert_int_equal(add(f, p, "Đề án tổ chức bộ máy", U_BTC, 4, &e), -1);
    assert_non_null(strstr(web_err_field(&e, "lead_unit_id"), "đã giải thể (ngày 31/01/2026)"));
    /* Several faults at once: each named, nothing saved. */
    item_in bad = {.title = " ", .doc_form = "XX", .deciding_body = "BTV", .lead_unit_id = U_VPTU,
                   .planned_date = "2027-01-05"};
    memset(&e, 0, sizeof e);
    assert_int_equal(prog_item_add(&f->c[P_SPEC], p, &bad, &e), -1);
    assert_non_null(web_err_field(&e, "title"));
    assert_non_null(web_err_field(&e, "doc_form"));
    assert_non_null(web_err_field(&e, "planned_date"));
    assert_int_equal(fx_value(f, &q_items), 0);
}

static void test_cycle(void **state)
{
    struct fx *f = *state;
    web_err e;
    int64_t p = mk(f, P_SPEC, U_TU, "BTV", "NAM", 2026, 0, &e);
    int64_t i1 = add(f, p, "Kết luận về công tác dân vận", U_BTC, 1, &e);
    int64_t i2 = add(f, p, "Báo cáo quý I", U_VPTU, 3, &e);
    int64_t i3 = add(f, p, "Nghị quyết chuyển đổi số", U_WARD, 5, &e);
    assert_true(i1 > 0 && i2 > 0 && i3 > 0);
    /* submit: the office leader only; approve: the committee leader (the rule's default) */
    memset(&e, 0, sizeof e);
    assert_int_equal(prog_submit(&f->c[P_SPEC], p, &e), -1);
    assert_int_equal(e.status, 403);
    memset(&e, 0, sizeof e);
    assert_int_equal(prog_submit(&f->c[P_OFFICE], p, &e), 0);
    memset(&e, 0, sizeof e);
    assert_int_equal(prog_approve(&f->c[P_OFFICE], p, &e), -1);
    memset(&e, 0, sizeof e);
    assert_int_equal(prog_approve(&f->c[P_LEADER], p, &e), 0);
    assert_string_equal(prog_get(&f->c[P_SPEC], p)->status, "DA_DUYET");
    /* items can no longer be added */
    assert_int_equal(add(f, p, "Muộn", U_VPTU, 6, &e), -1);
    assert_int_equal(e.status, 409);

    /* overdue: item 1 (due 31/01) has passed; item 2 (31/03) only once the papers' lead time
     * (programmes.item_lead_days, working days) reaches it */
    prog_item *od;
    assert_int_equal(prog_overdue(&f->c[P_OFFICE], &od), 1);
    assert_int_equal(od[0].id, i1);
    char msg[256];
    assert_int_equal(rules_set(f->d, &f->users[P_ADMIN], "programmes.item_lead_days", "25",
                               "2026-01-01", "thử", msg, sizeof msg),
                     0);
    assert_int_equal(prog_overdue(&f->c[P_OFFICE], &od), 2);
    assert_int_equal(prog_overdue(&f->c[P_UNIT], &od), 0); /* not the ward's programme */

    /* a quarter picked from the annual programme */
    int64_t ids[] = {i1, i2};
    memset(&e, 0, sizeof e);
    int64_t q1 = prog_derive(&f->c[P_SPEC], p, "QUY", 1, ids, 2, &e);
    assert_true(q1 > 0);
    memset(&e, 0, sizeof e);
    assert_int_equal(prog_derive(&f->c[P_SPEC], p, "QUY", 1, ids, 1, &e), -1);
    assert_int_equal(e.status, 409);
    memset(&e, 0, sizeof e);
    assert_int_equal(prog_submit(&f->c[P_OFFICE], q1, &e), 0);
    assert_int_equal(prog_approve(&f->c[P_LEADER], q1, &e), 0);
    prog_item *qi;
    assert_int_equal(prog_items(&f->c[P_SPEC], q1, &qi), 2);
    /* picked items are followed in the quarter, not twice */
    assert_int_equal(prog_overdue(&f->c[P_OFFICE], &od), 2);
    assert_int_equal(od[0].programme_id, q1);

    /* postpone: a reason is required; the annual item follows */
    memset(&e, 0, sizeof e);
    assert_int_equal(prog_item_status(&f->c[P_SPEC], qi[0].id, "HOAN", "", 0, &e), -1);
    assert_non_null(web_err_field(&e, "reason"));
    memset(&e, 0, sizeof e);
    assert_int_equal(prog_item_status(&f->c[P_SPEC], qi[0].id, "HOAN", "Chờ số liệu", 0, &e), 0);
    assert_string_equal(prog_item_get(&f->c[P_SPEC], i1)->status, "HOAN");
    assert_string_equal(prog_item_get(&f->c[P_SPEC], i1)->status_reason, "Chờ số liệu");
    /* the lead unit reports preparation, not adoption */
    memset(&e, 0, sizeof e);
    const prog_item *x = prog_item_get(&f->c[P_SPEC], qi[1].id);
    assert_int_equal(x->lead_unit_id, U_VPTU);
    assert_int_equal(prog_item_status(&f->c[P_UNIT], i3, "DANG_CHUAN_BI", NULL, 0, &e), 0);
    memset(&e, 0, sizeof e);
    assert_int_equal(prog_item_status(&f->c[P_UNIT], i3, "DA_THONG_QUA", NULL, 0, &e), -1);
    assert_int_equal(e.status, 403);
    /* the ward sees the item it leads, not the programme */
    prog_item *li;
    assert_int_equal(prog_lead_items(&f->c[P_UNIT], U_WARD, "2026-01-01", "2026-12-31", &li), 1);
    assert_null(prog_get(&f->c[P_UNIT], p));
    assert_int_equal(prog_lead_items(&f->c[P_UNIT], U_BTC, "2026-01-01", "2026-12-31", &li), -1);

    /* carry the postponed item over to the second quarter, with its history */
    int64_t one[] = {i3};
    memset(&e, 0, sizeof e);
    int64_t q2 = prog_derive(&f->c[P_SPEC], p, "QUY", 2, one, 1, &e);
    assert_true(q2 > 0);
    memset(&e, 0, sizeof e);
    int64_t moved = prog_item_carry(&f->c[P_SPEC], qi[0].id, q2, &e);
    assert_true(moved > 0);
    const prog_item *m = prog_item_get(&f->c[P_SPEC], moved);
    assert_string_equal(m->status, "KE_HOACH");
    assert_string_equal(m->origin_kind, "carry");
    assert_int_equal(m->planned_month, 0); /* January is not in the second quarter */
    assert_string_equal(m->due_date, "2026-06-30");
    prog_event *ev;
    int ne = prog_item_history(&f->c[P_SPEC], moved, &ev);
    assert_true(ne >= 5);
    assert_string_equal(ev[0].action, "add");
    bool saw_reason = false;
    for (int i = 0; i < ne; i++)
        saw_reason |= ev[i].reason && strcmp(ev[i].reason, "Chờ số liệu") == 0;
    assert_true(saw_reason);
    memset(&e, 0, sizeof e);
    assert_int_equal(prog_item_carry(&f->c[P_SPEC], qi[0].id, q2, &e), -1);
    assert_int_equal(e.status, 409);
    memset(&e, 0, sizeof e);
    assert_int_equal(prog_item_status(&f->c[P_SPEC], qi[0].id, "DA_THONG_QUA", NULL, 0, &e), -1);
    assert_int_equal(e.status, 409);

    /* issue: the committee has no outgoing register yet — refused; then through the flow */
    memset(&e, 0, sizeof e);
    assert_int_equal(prog_issue(&f->c[P_CLERK], p, &e), -1);
    assert_int_equal(e.status, 409);
    db_exec_script(f->d,
                   "INSERT INTO registers (id, unit_id, term_unit_id, name, policy, issuer_abbr, "
                   "signer_role) VALUES (9, 1, 1, 'Sổ Thành ủy', 'party', 'TU', "
                   "'committee-leader')",
                   NULL);
    memset(&e, 0, sizeof e);
    assert_int_equal(prog_issue(&f->c[P_SPEC], p, &e), -1); /* a specialist does not issue */
    memset(&e, 0, sizeof e);
    int64_t oid = prog_issue(&f->c[P_CLERK], p, &e);
    assert_true(oid > 0);
    const outgoing *o = outgoing_get(&f->c[P_CLERK], oid);
    assert_string_equal(o->doc_type, "chuong_trinh");
    assert_non_null(strstr(o->body, "Kết luận về công tác dân vận"));
    assert_string_equal(prog_get(&f->c[P_SPEC], p)->status, "DA_DUYET");
    const char *err, *notation, *note;
    int st;
    long num;
    assert_int_equal(outgoing_approve(&f->c[P_OFFICE], oid, NULL, &err, &st), 0);
    assert_int_equal(outgoing_sign(&f->c[P_LEADER], oid, &err, &st), 0);
    assert_int_equal(outgoing_issue(&f->c[P_CLERK], oid, &num, &notation, &note, &err, &st), 0);
    const programme *pp = prog_get(&f->c[P_SPEC], p);
    assert_string_equal(pp->status, "BAN_HANH");
    assert_non_null(strstr(pp->outgoing_notation, "CTr/TU"));

    /* a revision: on its approval the old version stops applying */
    memset(&e, 0, sizeof e);
    int64_t v2 = prog_revise(&f->c[P_SPEC], p, &e);
    assert_true(v2 > 0);
    assert_int_equal(prog_get(&f->c[P_SPEC], v2)->version, 2);
    assert_int_equal(prog_submit(&f->c[P_OFFICE], v2, &e), 0);
    assert_int_equal(prog_approve(&f->c[P_LEADER], v2, &e), 0);
    assert_string_equal(prog_get(&f->c[P_SPEC], p)->status, "HET_HIEU_LUC");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_periods, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_bodies_and_bad_input, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_cycle, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
