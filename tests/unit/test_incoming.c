/* Incoming documents (incoming.h, inbox.h, notify.h): registration and its checks, arrival
 * numbers across a year boundary, duplicates, secrecy and unit scope (404 and no trace in
 * lists or dashboard), routing → pass-on → progress → extension → overdue → done with a
 * controlled clock, forbidden transitions, the electronic queue's edXML statuses and recall,
 * the 10-column register and the 7-column follow-up book. */
#include "registers/registers.h"
#include "dashboard/dashboard.h"
#include "tasks/tasks.h"
#include "test_outgoing_fixture.h"

#include "exchange/exchange.h"
#include "incoming/incoming_impl.h"
#include "incoming/incoming.h"
#include "notify/notify.h"

#define DAY 86400

static int64_t reg(struct fx *f, int who, const char *code, const char *secrecy,
                   const char *urgency, int64_t *number_r)
{
    in_new in = {
        .issuer_name = "Ủy ban nhân dân thành phố Cần Thơ",
        .code = code,
        .doc_type = "cong_van",
        .issued_date = "2026-02-27",
        .subject = "Về việc triển khai công tác chuyển đổi số",
        .secrecy = secrecy,
        .urgency = urgency,
    };
    web_err e;
    int64_t n = 0;
    int64_t id = incoming_register(&f->c[who], &in, &n, &e);
    if (id < 0)
        print_message("register: %d %s %s\n", e.status, e.code, web_err_message(&e));
    if (number_r)
        *number_r = n;
    return id;
}

static void test_register_and_checks(void **state)
{
    struct fx *f = *state;
    int64_t n1, n2;
    int64_t id1 = reg(f, P_CLERK, "123/UBND-VP", NULL, NULL, &n1);
    int64_t id2 = reg(f, P_CLERK, "36-HD/VPTW", "none", "khan", &n2);
    assert_true(id1 > 0 && id2 > 0);
    assert_int_equal(n1, 1);
    assert_int_equal(n2, 2);
    const incoming *r = incoming_get(&f->c[P_CLERK], id2, false);
    assert_non_null(r);
    assert_string_equal(r->code, "36-HD/VPTW");
    assert_string_equal(r->arrival_date, "2026-03-02");
    assert_string_equal(r->status, "registered");

    /* Another unit has its own sequence. */
    int64_t nw;
    assert_true(reg(f, P_WARD_CLERK, "05-CV/VPTU", NULL, NULL, &nw) > 0);
    assert_int_equal(nw, 1);

    /* A specialist may not register. */
    in_new in = {.issuer_name = "X",
                 .code = "1/UBND",
                 .doc_type = "cong_van",
                 .issued_date = "2026-02-01",
                 .subject = "S"};
    web_err e;
    int64_t n;
    assert_int_equal(incoming_register(&f->c[P_SPEC], &in, &n, &e), -1);
    assert_int_equal(e.status, 403);

    /* Bad input: each field named, nothing written, no number consumed. */
    in_new bad = {.code = "không phải số",
                  .doc_type = "khong_co",
                  .issued_date = "2026-03-05",
                  .subject = "",
                  .secrecy = "bi_mat"};
    assert_int_equal(incoming_register(&f->c[P_CLERK], &bad, &n, &e), -1);
    assert_int_equal(e.status, 400);
    assert_non_null(web_err_field(&e, "issuer_name"));
    assert_non_null(web_err_field(&e, "code"));
    assert_non_null(web_err_field(&e, "doc_type"));
    assert_non_null(web_err_field(&e, "issued_date")); /* in the future */
    assert_non_null(web_err_field(&e, "subject"));
    assert_non_null(web_err_field(&e, "secrecy"));
    int64_t n3;
    assert_true(reg(f, P_CLERK, "124/UBND-VP", NULL, NULL, &n3) > 0);
    assert_int_equal(n3, 3);
}

/* A store failure that is not a full disk: a clear 500, nothing half-written. */
static void test_store_failure(void **state)
{
    struct fx *f = *state;
    char *err = NULL;
    assert_int_equal(test_store_refuse_inserts(f->d, "t_refuse", "incoming",
                                               "CREATE TEMP TRIGGER t_refuse BEFORE INSERT ON "
                                               "incoming BEGIN SELECT RAISE(ABORT, 'refused'); END",
                                               &err),
                     0);
    in_new in = {.issuer_name = "Thành ủy",
                 .code = "7-CV/TU",
                 .doc_type = "cong_van",
                 .issued_date = "2026-02-27",
                 .subject = "Thử lỗi ghi"};
    web_err e;
    int64_t n = 0;
    assert_true(incoming_register(&f->c[P_CLERK], &in, &n, &e) < 0);
    assert_int_equal(e.status, 500);
    assert_string_equal(e.code, "internal");
    assert_int_equal(test_store_drop_trigger(f->d, "t_refuse", "incoming", &err), 0);
    assert_true(reg(f, P_CLERK, "7-CV/TU", NULL, NULL, &n) > 0);
    assert_int_equal(n, 1); /* the failed one took no number */
}

static void test_duplicate(void **state)
{
    struct fx *f = *state;
    int64_t id = reg(f, P_CLERK, "Số: 123/QĐ-UBND", NULL, NULL, NULL);
    assert_true(id > 0);
    in_new in = {.issuer_name = "Ủy ban nhân dân thành phố Cần Thơ",
                 .code = "123/qđ-ubnd",
                 .doc_type = "cong_van",
                 .issued_date = "2026-02-27",
                 .subject = "Bản thứ hai"};
    web_err e;
    int64_t n;
    assert_int_equal(incoming_register(&f->c[P_CLERK], &in, &n, &e), -1);
    assert_int_equal(e.status, 409);
    assert_string_equal(e.code, "duplicate");
    assert_int_equal(e.existing_id, id);
    in.duplicate_reason = "Bản gửi lại qua đường bưu điện";
    int64_t id2 = incoming_register(&f->c[P_CLERK], &in, &n, &e);
    assert_true(id2 > 0);
    assert_int_equal(n, 2);
    const incoming *r = incoming_get(&f->c[P_CLERK], id2, false);
    assert_int_equal(r->duplicate_of, id);
}

/* The duplicate check names only a record the clerk may see: the office leader's secret
 * registration of the same document stays hidden from her (she registers hers without a
 * reason), and her own copy, the second of the two, is the one a third attempt names. */
static void test_duplicate_hidden(void **state)
{
    struct fx *f = *state;
    int64_t secret = reg(f, P_OFFICE, "55-CV/TU", "mat", NULL, NULL);
    assert_true(secret > 0);
    assert_false(incoming_may_see(&f->c[P_CLERK], secret));
    int64_t mine = reg(f, P_CLERK, "55-CV/TU", NULL, NULL, NULL);
    assert_true(mine > 0);
    in_new in = {.issuer_name = "Ủy ban nhân dân thành phố Cần Thơ",
                 .code = "55-cv/tu",
                 .doc_type = "cong_van",
                 .issued_date = "2026-02-27",
                 .subject = "Lần thứ ba"};
    web_err e;
    int64_t n;
    assert_int_equal(incoming_register(&f->c[P_CLERK], &in, &n, &e), -1);
    assert_int_equal(e.status, 409);
    assert_int_equal(e.existing_id, mine);
    /* The office leader sees both and is told of the first. */
    assert_int_equal(incoming_register(&f->c[P_OFFICE], &in, &n, &e), -1);
    assert_int_equal(e.existing_id, secret);
}

static void test_year_boundary(void **state)
{
    struct fx *f = *state;
    /* 2026-12-31 23:30 in Vietnam (16:30 UTC). */
    clock_set_fake(1798734600);
    int64_t n;
    in_new in = {.issuer_name = "Tỉnh ủy",
                 .code = "01-CV/TU",
                 .doc_type = "cong_van",
                 .issued_date = "2026-12-30",
                 .subject = "Cuối năm"};
    web_err e;
    assert_true(incoming_register(&f->c[P_CLERK], &in, &n, &e) > 0);
    assert_int_equal(n, 1);
    in.code = "02-CV/TU";
    assert_true(incoming_register(&f->c[P_CLERK], &in, &n, &e) > 0);
    assert_int_equal(n, 2);
    /* 00:30 on 1 January 2027 in Vietnam is still 2026 in UTC: the Vietnam year counts. */
    clock_set_fake(1798738200);
    in.code = "03-CV/TU";
    int64_t id = incoming_register(&f->c[P_CLERK], &in, &n, &e);
    assert_true(id > 0);
    assert_int_equal(n, 1);
    const incoming *r = incoming_get(&f->c[P_CLERK], id, false);
    assert_int_equal(r->year, 2027);
    assert_string_equal(r->arrival_date, "2027-01-01");
}

static int64_t count_visible(struct fx *f, int who)
{
    in_filter flt = {.urgency = -1};
    incoming *rows;
    int64_t total;
    assert_true(incoming_list(&f->c[who], &flt, &rows, &total) >= 0);
    return total;
}

static int dash_received(struct fx *f, int who)
{
    dash_row *rows;
    int n = dashboard_by_unit(&f->c[who], "2026-01-01", "2026-12-31", &rows);
    int sum = 0;
    for (int i = 0; i < n; i++)
        sum += rows[i].received;
    return sum;
}

static void test_secrecy_scope(void **state)
{
    struct fx *f = *state;
    int64_t open_id = reg(f, P_CLERK, "10-CV/TU", NULL, NULL, NULL);
    int64_t secret = reg(f, P_CLERK, "11-CV/TU", "mat", NULL, NULL);
    assert_true(open_id > 0 && secret > 0);
    /* The registering clerk and the office leader see both. */
    assert_non_null(incoming_get(&f->c[P_CLERK], secret, false));
    assert_non_null(incoming_get(&f->c[P_OFFICE], secret, false));
    assert_non_null(incoming_get(&f->c[P_LEADER], secret, false));
    assert_int_equal(count_visible(f, P_OFFICE), 2);
    /* A specialist of the same unit sees the ordinary one only. */
    assert_non_null(incoming_get(&f->c[P_SPEC], open_id, false));
    assert_null(incoming_get(&f->c[P_SPEC], secret, false));
    assert_int_equal(count_visible(f, P_SPEC), 1);
    /* A specialist of another unit sees nothing at all, and counts nothing. */
    assert_false(incoming_may_see(&f->c[P_SPEC2], secret));
    assert_false(incoming_may_see(&f->c[P_SPEC2], open_id));
    assert_int_equal(count_visible(f, P_SPEC2), 0);
    /* The admin is technical: no secret documents. */
    assert_null(incoming_get(&f->c[P_ADMIN], secret, false));
    /* The dashboard counts what the viewer may see. */
    assert_int_equal(dash_received(f, P_OFFICE), 2);
    assert_int_equal(dash_received(f, P_UNIT), 0);
    /* Routed to chuyenvien2, the document becomes visible to them (and only them). */
    in_assign a = {.lead = {.user_id = 7}, .due_date = "2026-03-10", .instruction = "Xem xét"};
    web_err e;
    assert_int_equal(routing_assign(&f->c[P_OFFICE], secret, &a, &e), 0);
    assert_non_null(incoming_get(&f->c[P_SPEC2], secret, false));
    assert_null(incoming_get(&f->c[P_SPEC], secret, false));
    /* Opening a secret document is audited. */
    assert_non_null(incoming_get(&f->c[P_SPEC2], secret, true));
    static const db_query q = {
        "t.audit_open", "SELECT count(*) FROM audit_log WHERE action = 'doc.open_secret'", NULL};
    assert_int_equal(fx_value(f, &q), 1);
    /* The specialist's notification of it exists; another user's list never shows it. */
    notification *ns;
    assert_true(notify_list(&f->c[P_SPEC2], 10, &ns) >= 1);
    assert_int_equal(notify_list(&f->c[P_SPEC], 10, &ns), 0);
}

static void test_routing_overdue(void **state)
{
    struct fx *f = *state;
    int64_t id = reg(f, P_CLERK, "20-CV/TU", NULL, "thuong_khan", NULL);
    web_err e;
    /* Completing an unassigned document is refused. */
    in_step done = {.action = IN_DONE, .note = "Xong"};
    assert_int_equal(routing_step(&f->c[P_SPEC], id, &done, &e), -1);
    assert_int_equal(e.status, 409);
    assert_string_equal(e.code, "invalid_state");
    /* A clerk may not route. */
    in_assign a = {.lead = {.unit_id = U_BTC},
                   .co = {{.user_id = 5}},
                   .n_co = 1,
                   .due_date = "2026-03-05",
                   .instruction = "Ban Tổ chức chủ trì"};
    assert_int_equal(routing_assign(&f->c[P_CLERK], id, &a, &e), -1);
    assert_int_equal(e.status, 403);
    /* A deadline in the past is refused. */
    a.due_date = "2026-03-01";
    assert_int_equal(routing_assign(&f->c[P_OFFICE], id, &a, &e), -1);
    assert_non_null(web_err_field(&e, "due_date"));
    a.due_date = "2026-03-05";
    assert_int_equal(routing_assign(&f->c[P_OFFICE], id, &a, &e), 0);
    const incoming *r = incoming_get(&f->c[P_OFFICE], id, false);
    assert_string_equal(r->status, "assigned");
    assert_string_equal(r->deadline, "2026-03-05");
    /* The specialist (co-handler) records progress. */
    in_step prog = {.action = IN_PROGRESS, .note = "Đã tổng hợp số liệu"};
    assert_int_equal(routing_step(&f->c[P_SPEC], id, &prog, &e), 0);
    /* The unit assigned (Ban Tổ chức) passes its share to chuyenvien2 — but only a head of
     * that unit may; the city committee leader (scope: the city tree) can. */
    in_assignment *as;
    int na = incoming_assignments(&f->c[P_LEADER], id, &as);
    assert_int_equal(na, 2);
    int64_t lead_share = strcmp(as[0].kind, "lead") == 0 ? as[0].id : as[1].id;
    in_assign pass = {.from_assignment_id = lead_share, .lead = {.user_id = 7}};
    assert_int_equal(routing_assign(&f->c[P_SPEC], id, &pass, &e), -1);
    assert_int_equal(routing_assign(&f->c[P_LEADER], id, &pass, &e), 0);
    r = incoming_get(&f->c[P_SPEC2], id, false);
    assert_non_null(r);
    assert_int_equal(r->lead_user_id, 7);
    /* The urgent document notified its handler at once. */
    notification *ns;
    int nn = notify_list(&f->c[P_SPEC2], 10, &ns);
    bool urgent = false;
    for (int i = 0; i < nn; i++)
        urgent = urgent || strcmp(ns[i].kind, NOTIFY_URGENT) == 0;
    assert_true(urgent);
    /* Extension: reason required, never to a day off (issue 13), then moved to 03-09. */
    in_step ext = {.action = IN_EXTEND, .new_due_date = "2026-03-08", .reason = "Thử"};
    assert_int_equal(routing_step(&f->c[P_OFFICE], id, &ext, &e), -1);
    assert_string_equal(web_err_field(&e, "new_due_date"),
                        "Ngày 08/03/2026 là ngày nghỉ (Chủ nhật). Hãy chọn một ngày làm việc: "
                        "ngày làm việc kế tiếp là 09/03/2026.");
    ext = (in_step){.action = IN_EXTEND, .new_due_date = "2026-03-09"};
    assert_int_equal(routing_step(&f->c[P_OFFICE], id, &ext, &e), -1);
    assert_non_null(web_err_field(&e, "reason"));
    ext.reason = "Chờ số liệu của các phường";
    assert_int_equal(routing_step(&f->c[P_SPEC2], id, &ext, &e), -1);
    assert_int_equal(e.status, 403);
    assert_int_equal(routing_step(&f->c[P_OFFICE], id, &ext, &e), 0);
    r = incoming_get(&f->c[P_OFFICE], id, false);
    assert_string_equal(r->deadline, "2026-03-09");
    na = incoming_assignments(&f->c[P_OFFICE], id, &as);
    for (int i = 0; i < na; i++)
        if (strcmp(as[i].status, "open") == 0)
            assert_string_equal(as[i].due_date, "2026-03-09");
    assert_false(r->overdue);
    /* 03-07: due soon. 03-10: overdue, listed, notified once. */
    clock_set_fake(FX_NOW + 5 * DAY);
    assert_true(notify_unread_count(&f->c[P_SPEC2]) >= 2);
    clock_set_fake(FX_NOW + 8 * DAY);
    r = incoming_get(&f->c[P_OFFICE], id, false);
    assert_true(r->overdue);
    in_filter ov = {.urgency = -1, .overdue_only = true};
    incoming *rows;
    int64_t total;
    incoming_list(&f->c[P_OFFICE], &ov, &rows, &total);
    assert_int_equal(total, 1);
    ov.mine = true;
    incoming_list(&f->c[P_SPEC2], &ov, &rows, &total);
    assert_int_equal(total, 1);
    notify_refresh(&f->c[P_SPEC2]);
    notify_refresh(&f->c[P_SPEC2]);
    static const db_query q = {"t.overdue_notes",
                               "SELECT count(*) FROM notifications WHERE user_id = 7 AND"
                               " kind = 'overdue'",
                               NULL};
    assert_int_equal(fx_value(f, &q), 1);
    dash_row *d;
    int nd = dashboard_by_person(&f->c[P_LEADER], "2026-03-01", "2026-03-31", &d);
    assert_int_equal(nd, 1);
    assert_int_equal(d[0].overdue, 1);
    /* Done (late), with the reply's number; the trace holds every step. */
    in_step fin = {.action = IN_DONE, .note = "Đã báo cáo", .reply_code = "45-BC/BTCTU"};
    assert_int_equal(routing_step(&f->c[P_SPEC2], id, &fin, &e), 0);
    r = incoming_get(&f->c[P_OFFICE], id, false);
    assert_string_equal(r->status, "done");
    assert_string_equal(r->reply_code, "45-BC/BTCTU");
    nd = dashboard_by_person(&f->c[P_LEADER], "2026-03-01", "2026-03-31", &d);
    assert_int_equal(d[0].done_late, 1);
    assert_int_equal(d[0].overdue, 0);
    in_event *ev;
    int ne = incoming_trace(&f->c[P_OFFICE], id, &ev);
    /* The extension moved the lead's share and the co-handler's, which had the same deadline:
     * one trace event each (issue 12, item 5). */
    const char *kinds[] = {"register", "assign", "progress", "pass", "extend", "extend", "done"};
    assert_int_equal(ne, 7);
    for (int i = 0; i < ne; i++)
        assert_string_equal(ev[i].kind, kinds[i]);
    /* Nothing more after done. */
    assert_int_equal(routing_step(&f->c[P_SPEC2], id, &prog, &e), -1);
    assert_int_equal(e.status, 409);
}

/* The menu's queue count (kept by the triggers of migration 059) equals, for every role, the
 * waiting rows the queue page lists; returns the ward clerk's. */
static int waiting_counts_match(struct fx *f)
{
    for (int p = 0; p < P_N; p++) {
        inbox_row *rows;
        int listed = inbox_list(&f->c[p], true, &rows);
        int counted = inbox_waiting_count(&f->c[p]);
        if (listed != counted)
            fail_msg("%s: %d waiting rows listed, %d counted", f->c[p].user->login, listed,
                     counted);
    }
    return inbox_waiting_count(&f->c[P_WARD_CLERK]);
}

static void test_inbox(void **state)
{
    struct fx *f = *state;
    assert_int_equal(db_begin_write(f->d), 0);
    const inbox_doc doc = {.outgoing_id = 77,
                           .from_unit_id = U_VPTU,
                           .code = "05-CV/VPTU",
                           .subject = "Về việc báo cáo quý I",
                           .doc_type = "cong_van",
                           .issued_date = "2026-03-01",
                           .body = "Kính gửi…",
                           .signer = "Nguyễn Văn A",
                           .urgency = 3};
    /* Twice: the second delivery of the same document to the same unit is a no-op. */
    assert_int_equal(inbox_deliver(&f->c[P_OFFICE], &doc, U_WARD), 0);
    assert_int_equal(inbox_deliver(&f->c[P_OFFICE], &doc, U_WARD), 0);
    assert_int_equal(db_commit(f->d), 0);
    const char *code, *label;
    assert_int_equal(inbox_status(f->d, 77, U_WARD, &code, &label), 0);
    assert_string_equal(code, "01");
    assert_int_equal(inbox_status(f->d, 77, U_BTC, &code, &label), 1);
    /* The ward's clerk was told (urgent), and sees one waiting row; VPTU's clerk sees none. */
    assert_int_equal(notify_unread_count(&f->c[P_WARD_CLERK]), 1);
    inbox_row *rows;
    inbox_row *none;
    assert_int_equal(inbox_list(&f->c[P_CLERK], true, &none), 0);
    assert_int_equal(inbox_list(&f->c[P_WARD_CLERK], true, &rows), 1);
    assert_int_equal(waiting_counts_match(f), 1);
    in_new in = {.inbox_id = rows[0].id};
    web_err e;
    int64_t n;
    int64_t id = incoming_register(&f->c[P_WARD_CLERK], &in, &n, &e);
    if (id < 0)
        print_message("inbox register: %d %s\n", e.status, web_err_message(&e));
    assert_true(id > 0);
    const incoming *r = incoming_get(&f->c[P_WARD_CLERK], id, false);
    assert_int_equal(waiting_counts_match(f), 0); /* registered: no longer waiting */
    assert_string_equal(r->channel, "electronic");
    assert_string_equal(r->code, "05-CV/VPTU");
    assert_int_equal(r->issuer_unit_id, U_VPTU);
    assert_int_equal(inbox_status(f->d, 77, U_WARD, &code, &label), 0);
    /* Registered: accepted (03) and now with the leaders to route (04 chờ phân công). */
    assert_string_equal(code, "04");
    assert_string_equal(label, "Chờ phân công");
    {
        inbox_step st[8];
        assert_int_equal(inbox_timeline(f->d, 77, U_WARD, st, 8), 3);
        assert_string_equal(st[0].code, "01");
        assert_string_equal(st[1].code, "03");
        assert_string_equal(st[2].code, "04");
        assert_true(st[0].at[0] && st[1].at[0]);
    }
    /* Registering it twice is refused. */
    assert_int_equal(incoming_register(&f->c[P_WARD_CLERK], &in, &n, &e), -1);
    assert_int_equal(e.status, 409);
    in_assign a = {.lead = {.user_id = 6}};
    /* The ward's register is routed by the ward's leaders; the city's leaders read it only. */
    assert_false(incoming_may_assign(&f->c[P_LEADER], incoming_get(&f->c[P_LEADER], id, false)));
    assert_int_equal(routing_assign(&f->c[P_LEADER], id, &a, &e), -1);
    assert_int_equal(e.status, 403);
    assert_int_equal(routing_assign(&f->c[P_WARD_LEADER], id, &a, &e), 0);
    inbox_status(f->d, 77, U_WARD, &code, &label);
    assert_string_equal(code, "05");
    {
        /* The sender's timeline: every step once, in order, routing dated. */
        inbox_step st[8];
        assert_int_equal(inbox_timeline(f->d, 77, U_WARD, st, 8), 4);
        assert_string_equal(st[2].code, "04");
        assert_string_equal(st[3].code, "05");
        assert_string_equal(st[3].label, "Đã phân công, đang xử lý");
        assert_true(st[3].at[0] != 0);
    }
    {
        /* The sender's update reaches the registered record: header, trace, history; the
         * same update again changes nothing (1). */
        static const db_query q_row = {"t.inbox_row_of",
                                       "SELECT id FROM inbox WHERE outgoing_id = 77", NULL};
        db_stmt *qs = db_stmt_get(f->d, &q_row);
        assert_int_equal(db_step(qs), DB_ROW);
        int64_t qid = db_col_int(qs, 0);
        db_reset(qs);
        inbox_change ch = {.subject = "Về việc sửa đổi (cập nhật)", .due_date = "2026-04-30"};
        assert_int_equal(db_begin_write(f->d), 0);
        assert_int_equal(inbox_apply_update(f->d, qid, "Văn phòng Thành ủy", "Đính chính", &ch), 0);
        assert_int_equal(inbox_apply_update(f->d, qid, "Văn phòng Thành ủy", "Lần hai", &ch), 1);
        assert_int_equal(db_commit(f->d), 0);
        const incoming *u = incoming_get(&f->c[P_WARD_CLERK], id, false);
        assert_string_equal(u->subject, "Về việc sửa đổi (cập nhật)");
        assert_string_equal(u->due_date, "2026-04-30");
    }
    /* Recall: status 13, the record withdrawn from handling, the handler told. */
    assert_int_equal(db_begin_write(f->d), 0);
    assert_int_equal(inbox_recall(f->d, 77), 1);
    assert_int_equal(db_commit(f->d), 0);
    inbox_status(f->d, 77, U_WARD, &code, &label);
    assert_string_equal(code, "13");
    {
        inbox_step st[8];
        int k = inbox_timeline(f->d, 77, U_WARD, st, 8);
        assert_int_equal(k, 5);
        assert_string_equal(st[k - 1].code, "13");
        /* A recalled copy takes no update. */
        static const db_query q_row2 = {"t.inbox_row_of2",
                                        "SELECT id FROM inbox WHERE outgoing_id = 77", NULL};
        db_stmt *qs = db_stmt_get(f->d, &q_row2);
        assert_int_equal(db_step(qs), DB_ROW);
        int64_t qid = db_col_int(qs, 0);
        db_reset(qs);
        inbox_change ch = {.subject = "Sau thu hồi"};
        assert_int_equal(db_begin_write(f->d), 0);
        assert_int_equal(inbox_apply_update(f->d, qid, "X", "Y", &ch), 1);
        assert_int_equal(db_commit(f->d), 0);
    }
    r = incoming_get(&f->c[P_WARD_CLERK], id, false);
    assert_string_equal(r->status, "recalled");
    in_step p = {.action = IN_PROGRESS, .note = "x"};
    assert_int_equal(routing_step(&f->c[P_UNIT], id, &p, &e), -1);
    assert_int_equal(e.status, 409);
    notification *ns;
    assert_true(notify_list(&f->c[P_UNIT], 10, &ns) >= 1);
    assert_string_equal(ns[0].kind, NOTIFY_RECALLED);
}

static void test_registers(void **state)
{
    struct fx *f = *state;
    int64_t id = reg(f, P_CLERK, "36-HD/VPTW", NULL, NULL, NULL);
    in_assign a = {.lead = {.user_id = 5}, .due_date = "2026-03-12"};
    web_err e;
    assert_int_equal(routing_assign(&f->c[P_OFFICE], id, &a, &e), 0);
    const char **cells;
    int n = incoming_register_rows(&f->c[P_CLERK], 0, "2026-01-01", "2026-12-31", &cells);
    assert_int_equal(n, 1);
    assert_string_equal(cells[0], "02/03/2026");
    assert_string_equal(cells[1], "1");
    assert_string_equal(cells[2], "Ủy ban nhân dân thành phố Cần Thơ");
    assert_string_equal(cells[3], "36-HD/VPTW");
    assert_string_equal(cells[4], "27/02/2026");
    assert_string_equal(cells[5], "Công văn: Về việc triển khai công tác chuyển đổi số");
    assert_string_equal(cells[6], "Phạm Văn Bình");
    assert_string_equal(cells[7], "02/03/2026");
    n = followup_rows(&f->c[P_CLERK], 0, "2026-01-01", "2026-12-31", &cells);
    assert_int_equal(n, 1);
    assert_string_equal(cells[0], "1");
    assert_string_equal(cells[1], "Công văn số 36-HD/VPTW ngày 27/02/2026 của Ủy ban nhân dân "
                                  "thành phố Cần Thơ");
    assert_string_equal(cells[3], "12/03/2026");
    assert_string_equal(cells[4], "Đang xử lý");
    /* Another period is empty. */
    assert_int_equal(incoming_register_rows(&f->c[P_CLERK], 0, "2025-01-01", "2025-12-31", &cells),
                     0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_register_and_checks, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_store_failure, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_duplicate, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_duplicate_hidden, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_year_boundary, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_secrecy_scope, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_routing_overdue, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_inbox, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_registers, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
