/* The anchored scope across the capabilities (org/scope.c): a ward's committee
 * leader (thuongtruc.binhthuy, Đảng ủy phường Bình Thủy) reads and acts on its
 * own ward only — the city office's documents are absent from its record pages,
 * lists, registers, search, dossiers, dashboard and notifications, and every
 * write on them is refused — while the city's committee leader still reads and
 * acts on them. Routing targets and designated signers must lie within the
 * acting person's scope. Every count a viewer is shown equals the list it
 * describes. */
#include "test_outgoing_fixture.h"

#include "auth/auth.h"
#include "dashboard/dashboard.h"
#include "dossiers/dossiers.h"
#include "incoming/incoming.h"
#include "notify/notify.h"
#include "org/org.h"
#include "outgoing/outgoing.h"
#include "registers/registers.h"
#include "search/fts5_vi.h"
#include "search/search.h"
#include "tasks/tasks.h"

static int64_t reg_in(struct fx *f, int who, const char *code, const char *subject,
                      const char *secrecy, const char *urgency)
{
    in_new in = {
        .issuer_name = "Văn phòng Trung ương Đảng",
        .code = code,
        .doc_type = "cong_van",
        .issued_date = "2026-02-27",
        .subject = subject,
        .secrecy = secrecy,
        .urgency = urgency,
    };
    web_err e;
    int64_t n = 0;
    int64_t id = incoming_register(&f->c[who], &in, &n, &e);
    if (id < 0)
        fail_msg("register %s: %d %s %s", code, e.status, e.code, web_err_message(&e));
    return id;
}

static int64_t draft_out(struct fx *f, int who, int64_t register_id, const char *subject,
                         int secrecy, int64_t signer_id, const char **err_r, int *status_r)
{
    out_draft in = {.register_id = register_id,
                    .doc_type = "cong_van",
                    .subject = subject,
                    .body = "Kính gửi…",
                    .secrecy = secrecy,
                    .signer_id = signer_id};
    return outgoing_create(&f->c[who], &in, err_r, status_r);
}

static int64_t list_total(struct fx *f, int who, bool mine)
{
    in_filter flt = {.urgency = -1, .mine = mine};
    incoming *rows;
    int64_t total = -1;
    assert_true(incoming_list(&f->c[who], &flt, &rows, &total) >= 0);
    return total;
}

static void count_out(ctx *c, const outgoing *o, void *arg)
{
    (*(int *)arg)++;
}

static int out_total(struct fx *f, int who)
{
    int n = 0;
    outgoing_list(&f->c[who], NULL, count_out, &n);
    return n;
}

static int64_t search_total(struct fx *f, int who, const char *q, int *hits_r)
{
    search_filter flt = {.q = q, .secrecy = -1, .limit = 100};
    search_result r;
    int status;
    const char *code, *err;
    if (search_run(&f->c[who], &flt, &r, &status, &code, &err) != 0)
        fail_msg("search «%s»: %d %s %s", q, status, code, err);
    if (hits_r)
        *hits_r = r.n_hits;
    return r.total;
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

static int docs_n;
static void count_doc(ctx *c, const char *kind, int64_t id, int ord, void *arg)
{
    docs_n++;
}

/* An open dossier of unit_id for 2026, planned by `who`. */
static int64_t open_dossier(struct fx *f, int who, int64_t unit_id, const char *abbr)
{
    const char *err;
    int status;
    int64_t h =
        dossier_heading_add(&f->c[who], unit_id, 2026, 0, "Công tác tổng hợp", abbr, &err, &status);
    if (h < 0)
        fail_msg("heading: %d %s", status, err);
    int64_t d = dossier_plan_add(&f->c[who], h, "Văn bản của Trung ương", 10, 0, &err, &status);
    if (d < 0)
        fail_msg("plan: %d %s", status, err);
    assert_int_equal(dossier_open(&f->c[who], d, &err, &status), 0);
    return d;
}

/* Signers and routing targets: people who may see the document, inside the
 * actor's scope. */
static void test_targets_in_scope(void **state)
{
    struct fx *f = *state;
    const char *err;
    int status;
    web_err e;
    /* The city office's register: a ward leader or a specialist cannot be named
     * its signer. */
    assert_int_equal(draft_out(f, P_OFFICE, 1, "Công văn", 0, 9, &err, &status), -1);
    assert_int_equal(status, 400);
    assert_non_null(strstr(err, "signer_id"));
    assert_int_equal(draft_out(f, P_OFFICE, 1, "Công văn", 0, 5, &err, &status), -1);
    assert_int_equal(status, 400);
    assert_true(draft_out(f, P_OFFICE, 1, "Công văn", 0, 2, &err, &status) > 0);
    /* The ward's register: its own leader, or the city's (whose scope holds the
     * ward). */
    assert_true(draft_out(f, P_WARD_CLERK, 3, "Công văn phường", 0, 9, &err, &status) > 0);
    int64_t up = draft_out(f, P_WARD_CLERK, 3, "Báo cáo mật phường", 1, 2, &err, &status);
    assert_true(up > 0);
    assert_non_null(outgoing_get(&f->c[P_LEADER], up)); /* the named signer sees it */

    /* Routing by the ward leader: the ward and its people, nothing of the city.
     */
    in_new in = {.issuer_name = "Thành ủy Cần Thơ",
                 .code = "40-CV/TU",
                 .doc_type = "cong_van",
                 .issued_date = "2026-02-27",
                 .subject = "Về việc kiểm tra",
                 .secrecy = "mat"};
    int64_t n;
    int64_t ward_doc = incoming_register(&f->c[P_WARD_CLERK], &in, &n, &e);
    assert_true(ward_doc > 0);
    in_assign a = {.lead = {.unit_id = U_BTC}, .due_date = "2026-03-10"};
    assert_int_equal(routing_assign(&f->c[P_WARD_LEADER], ward_doc, &a, &e), -1);
    assert_int_equal(e.status, 400);
    assert_non_null(web_err_field(&e, "lead"));
    a.lead = (in_target){.user_id = 7}; /* a specialist of the city's Ban Tổ chức */
    assert_int_equal(routing_assign(&f->c[P_WARD_LEADER], ward_doc, &a, &e), -1);
    assert_non_null(web_err_field(&e, "lead"));
    a.lead = (in_target){.unit_id = U_WARD};
    a.co[0] = (in_target){.user_id = 5};
    a.n_co = 1;
    assert_int_equal(routing_assign(&f->c[P_WARD_LEADER], ward_doc, &a, &e), -1);
    assert_non_null(web_err_field(&e, "co"));
    a.co[0] = (in_target){.user_id = 1}; /* the admin handles no documents */
    assert_int_equal(routing_assign(&f->c[P_WARD_LEADER], ward_doc, &a, &e), -1);
    assert_non_null(web_err_field(&e, "co"));
    assert_null(incoming_get(&f->c[P_SPEC2], ward_doc, false)); /* nothing was written */
    a.co[0] = (in_target){.user_id = 8};
    assert_int_equal(routing_assign(&f->c[P_WARD_LEADER], ward_doc, &a, &e), 0);
    /* The city leader routes the city's secret document to a person of the ward:
     * in its scope, and the routing opens the document to that person. */
    int64_t city_doc = reg_in(f, P_CLERK, "41-CV/VPTW", "Về công tác nội chính", "mat", NULL);
    assert_null(incoming_get(&f->c[P_UNIT], city_doc, false));
    in_assign b = {.lead = {.user_id = 6}, .due_date = "2026-03-10"};
    assert_int_equal(routing_assign(&f->c[P_LEADER], city_doc, &b, &e), 0);
    assert_non_null(incoming_get(&f->c[P_UNIT], city_doc, false));
}

static int setup(void **state)
{
    (void)fx_value;
    fx_setup(state);
    struct fx *f = *state;
    if (!test_store_pg()) /* SQLite's FTS5 tokenizer; PostgreSQL's index is plain tables */
        assert_int_equal(fts5_vi_register(db_sqlite_handle(f->d)), 0);
    return 0;
}

/* The scope rule itself: each account's own committee and the units below it.
 */
static void test_rule(void **state)
{
    struct fx *f = *state;
    const user *city = &f->users[P_LEADER], *ward = &f->users[P_WARD_LEADER];
    const user *admin = &f->users[P_ADMIN];
    for (int64_t u = U_TU; u <= U_WARD; u++) {
        assert_true(org_user_unit_in_scope(f->d, city, u));
        assert_true(org_user_unit_in_scope(f->d, admin, u)); /* the city's admin: the city tree */
    }
    assert_true(org_user_unit_in_scope(f->d, ward, U_WARD));
    assert_false(org_user_unit_in_scope(f->d, ward, U_TU));   /* the parent */
    assert_false(org_user_unit_in_scope(f->d, ward, U_VPTU)); /* siblings */
    assert_false(org_user_unit_in_scope(f->d, ward, U_BTC));
    /* An admin of the ward manages the ward only. */
    user ward_admin = {.id = 50, .role = ROLE_ADMIN, .unit_id = U_WARD};
    assert_true(org_user_unit_in_scope(f->d, &ward_admin, U_WARD));
    assert_false(org_user_unit_in_scope(f->d, &ward_admin, U_VPTU));
    /* A leader of the city office works for the city committee: its anchor is the
     * committee. */
    user office_cl = {.id = 51, .role = ROLE_COMMITTEE_LEADER, .unit_id = U_VPTU};
    assert_true(org_user_unit_in_scope(f->d, &office_cl, U_WARD));
    /* The list form says the same: no account sees "every unit". */
    int64_t *ids;
    bool all = true;
    assert_int_equal(org_scope_unit_ids(&f->c[P_WARD_LEADER], &ids, &all), 1);
    assert_false(all);
    assert_int_equal(ids[0], U_WARD);
}

/* Reads: record page, list, registers and their export rows, search, dashboard,
 * tasks, dossiers and notifications. */
static void test_ward_leader_reads(void **state)
{
    struct fx *f = *state;
    int64_t secret =
        reg_in(f, P_CLERK, "12-CV/VPTW", "Kế hoạch bảo vệ nội bộ", "tuyet_mat", "hoa_toc");
    int64_t open = reg_in(f, P_CLERK, "13-CV/VPTW", "Kế hoạch học tập nghị quyết", NULL, NULL);
    /* The city leader reads both; the ward leader neither (404 on the record). */
    assert_non_null(incoming_get(&f->c[P_LEADER], secret, false));
    assert_non_null(incoming_get(&f->c[P_LEADER], open, false));
    assert_null(incoming_get(&f->c[P_WARD_LEADER], secret, false));
    assert_null(incoming_get(&f->c[P_WARD_LEADER], open, false));
    assert_int_equal(list_total(f, P_LEADER, false), 2);
    assert_int_equal(list_total(f, P_WARD_LEADER, false), 0);
    /* The registers (and so their json/csv/xlsx exports, built from the same
     * rows). */
    const char **cells;
    assert_int_equal(
        incoming_register_rows(&f->c[P_LEADER], U_VPTU, "2026-01-01", "2026-12-31", &cells), 2);
    assert_int_equal(
        incoming_register_rows(&f->c[P_WARD_LEADER], U_VPTU, "2026-01-01", "2026-12-31", &cells),
        0);
    /* Search. */
    assert_int_equal(search_total(f, P_LEADER, "ke hoach", NULL), 2);
    assert_int_equal(search_total(f, P_WARD_LEADER, "ke hoach", NULL), 0);
    /* Dashboard. */
    assert_int_equal(dash_received(f, P_LEADER), 2);
    assert_int_equal(dash_received(f, P_WARD_LEADER), 0);
    /* Routed to the Ban Tổ chức: the city's tasks, not the ward's. */
    in_assign a = {.lead = {.unit_id = U_BTC}, .due_date = "2026-03-10"};
    web_err e;
    assert_int_equal(routing_assign(&f->c[P_LEADER], secret, &a, &e), 0);
    assert_int_equal(list_total(f, P_WARD_LEADER, true), 0);
    /* Dossiers of the city office, with the secret document filed. */
    int64_t d = open_dossier(f, P_CLERK, U_VPTU, "TH");
    const char *err;
    int status;
    assert_int_equal(dossier_file(&f->c[P_CLERK], d, "in", secret, &err, &status), 0);
    assert_non_null(dossier_get(&f->c[P_LEADER], d));
    assert_null(dossier_get(&f->c[P_WARD_LEADER], d));
    dossier *ds;
    assert_int_equal(dossier_list(&f->c[P_WARD_LEADER], U_VPTU, 2026, &ds), 0);
    /* Notifications: nothing of the city reaches the ward's leader. */
    notification *ns;
    assert_int_equal(notify_list(&f->c[P_WARD_LEADER], 50, &ns), 0);
    assert_int_equal(notify_unread_count(&f->c[P_WARD_LEADER]), 0);
    /* Outgoing: the city's drafts and their register. */
    int64_t out = draft_out(f, P_CLERK, 1, "Báo cáo mật", 1, 0, &err, &status);
    assert_true(out > 0);
    assert_non_null(outgoing_get(&f->c[P_LEADER], out));
    assert_null(outgoing_get(&f->c[P_WARD_LEADER], out));
    assert_int_equal(out_total(f, P_WARD_LEADER), 0);
}

/* Writes: routing, outgoing approve/sign/issue/recall and drafting in another
 * unit's register, dossiers (file, close). */
static void test_ward_leader_writes(void **state)
{
    struct fx *f = *state;
    const char *err, *notation, *note;
    int status;
    long number;
    web_err e;
    int64_t in_secret = reg_in(f, P_CLERK, "14-CV/VPTW", "Về công tác bảo vệ", "mat", NULL);
    int64_t in_open = reg_in(f, P_CLERK, "15-CV/VPTW", "Về công tác tuyên truyền", NULL, NULL);
    /* Routing the city's documents: not found for the ward leader. */
    in_assign a = {.lead = {.unit_id = U_WARD}, .due_date = "2026-03-10"};
    assert_int_equal(routing_assign(&f->c[P_WARD_LEADER], in_secret, &a, &e), -1);
    assert_int_equal(e.status, 404);
    assert_int_equal(routing_assign(&f->c[P_WARD_LEADER], in_open, &a, &e), -1);
    assert_int_equal(e.status, 404);
    in_step ext = {.action = IN_EXTEND, .new_due_date = "2026-03-20", .reason = "x"};
    assert_int_equal(routing_step(&f->c[P_WARD_LEADER], in_open, &ext, &e), -1);
    assert_int_equal(e.status, 404);
    /* Drafting in the city office's register. */
    assert_int_equal(draft_out(f, P_WARD_LEADER, 1, "Dự thảo", 0, 0, &err, &status), -1);
    assert_true(status == 400 || status == 403 || status == 404);
    /* The city's Mật document: approve, sign, issue, recall — all refused to the
     * ward leader, each done by the city's people. */
    int64_t out = draft_out(f, P_CLERK, 1, "Công văn mật", 1, 0, &err, &status);
    assert_true(out > 0);
    assert_int_equal(outgoing_approve(&f->c[P_WARD_LEADER], out, NULL, &err, &status), -1);
    assert_int_equal(status, 404);
    assert_int_equal(outgoing_approve(&f->c[P_LEADER], out, NULL, &err, &status), 0);
    assert_int_equal(outgoing_sign(&f->c[P_WARD_LEADER], out, &err, &status), -1);
    assert_int_equal(status, 404);
    assert_int_equal(outgoing_sign(&f->c[P_LEADER], out, &err, &status), 0);
    assert_int_equal(
        outgoing_issue(&f->c[P_WARD_LEADER], out, &number, &notation, &note, &err, &status), -1);
    assert_int_equal(status, 404);
    assert_int_equal(outgoing_issue(&f->c[P_CLERK], out, &number, &notation, &note, &err, &status),
                     0);
    assert_int_equal(outgoing_recall(&f->c[P_WARD_LEADER], out, "Sai sót", &err, &status), -1);
    assert_int_equal(status, 404);
    assert_int_equal(outgoing_recall(&f->c[P_LEADER], out, "Sai sót", &err, &status), 0);
    /* The ward's own register: the ward leader drafts, approves and signs there.
     */
    int64_t own = draft_out(f, P_WARD_LEADER, 3, "Công văn của phường", 0, 0, &err, &status);
    assert_true(own > 0);
    assert_int_equal(outgoing_approve(&f->c[P_WARD_LEADER], own, NULL, &err, &status), 0);
    assert_int_equal(outgoing_sign(&f->c[P_WARD_LEADER], own, &err, &status), 0);
    /* Dossiers: the ward's own dossier takes no city document; the city's dossier
     * cannot be filed into or closed by the ward leader. */
    int64_t ward_d = open_dossier(f, P_WARD_LEADER, U_WARD, "TH");
    assert_int_equal(dossier_file(&f->c[P_WARD_LEADER], ward_d, "in", in_secret, &err, &status),
                     -1);
    assert_int_equal(status, 404);
    assert_int_equal(dossier_file(&f->c[P_WARD_LEADER], ward_d, "out", out, &err, &status), -1);
    assert_int_equal(status, 404);
    assert_int_equal(dossier_file(&f->c[P_WARD_LEADER], ward_d, "out", own, &err, &status), 0);
    int64_t city_d = open_dossier(f, P_CLERK, U_VPTU, "TH");
    assert_int_equal(dossier_file(&f->c[P_WARD_LEADER], city_d, "out", own, &err, &status), -1);
    assert_int_equal(status, 404);
    assert_int_equal(dossier_close(&f->c[P_WARD_LEADER], city_d, &err, &status), -1);
    assert_int_equal(status, 404);
    assert_int_equal(dossier_close(&f->c[P_LEADER], city_d, &err, &status), 0);
}

/* Accounts: a unit is required, must exist, be active and lie in the creating
 * admin's scope. */
static void test_account_anchor(void **state)
{
    struct fx *f = *state;
    const char *err;
    int status;
    const char *pw = "Mật-khẩu-đủ-dài-2026";
    const user *admin = &f->users[P_ADMIN];
    assert_int_equal(auth_user_create(f->d, admin, "khong.donvi", "Không Đơn Vị",
                                      ROLE_COMMITTEE_LEADER, 0, pw, &err, &status),
                     -1);
    assert_int_equal(status, 404);
    assert_int_equal(auth_user_create(f->d, NULL, "khong.donvi", "Không Đơn Vị", ROLE_ADMIN, 0, pw,
                                      &err, &status),
                     -1);
    assert_int_equal(
        auth_user_create(f->d, admin, "la.donvi", "Lạ Đơn Vị", ROLE_CLERK, 999, pw, &err, &status),
        -1);
    assert_int_equal(status, 404);
    char *dberr = NULL;
    assert_int_equal(
        db_exec_script(f->d, "UPDATE units SET valid_to = '2026-01-01' WHERE id = 3", &dberr), 0);
    assert_int_equal(auth_user_create(f->d, admin, "giai.the", "Giải Thể", ROLE_SPECIALIST, U_BTC,
                                      pw, &err, &status),
                     -1);
    assert_int_equal(status, 400);
    /* The ward's admin creates accounts of the ward, not of the city. */
    assert_int_equal(db_exec_script(f->d,
                                    "INSERT INTO users (id, login, name, role, unit_id,"
                                    " password_hash, created_at, updated_at) VALUES (50,"
                                    " 'quantri.binhthuy', 'Quản trị phường', 'admin', 4, 'x',"
                                    " 'x', 'x')",
                                    &dberr),
                     0);
    user ward_admin = {.id = 50, .role = ROLE_ADMIN, .unit_id = U_WARD};
    assert_int_equal(auth_user_create(f->d, &ward_admin, "thanhpho.moi", "Thành Phố Mới",
                                      ROLE_COMMITTEE_LEADER, U_VPTU, pw, &err, &status),
                     -1);
    assert_int_equal(status, 404);
    /* Nor does it place or edit units, or people, outside the ward. */
    ctx wc = {.a = f->a, .db = f->d, .user = &ward_admin, .data_dir = f->dir};
    org_err oe;
    unit_change uc = {.name = "Chi bộ mới",
                      .abbr = "CB",
                      .level = "CHI_BO",
                      .set_parent = true,
                      .parent_id = U_VPTU};
    assert_int_equal(org_unit_create(&wc, &uc, &oe), -1);
    assert_non_null(org_err_field(&oe, "parent_id"));
    uc.parent_id = 0;
    assert_int_equal(org_unit_create(&wc, &uc, &oe), -1);
    assert_non_null(org_err_field(&oe, "parent_id"));
    uc.parent_id = U_WARD;
    assert_true(org_unit_create(&wc, &uc, &oe) > 0);
    unit_change rename = {.name = "Văn phòng khác"};
    assert_int_equal(org_unit_update(&wc, U_VPTU, &rename, &oe), -1);
    assert_int_equal(oe.status, 404);
    staff_member sm = {.unit_id = U_VPTU, .full_name = "Người Ngoài", .active = true};
    assert_int_equal(org_staff_save(&wc, 0, &sm, &oe), -1);
    assert_int_equal(oe.status, 404);
    if (auth_user_create(f->d, &ward_admin, "phuong.moi", "Phường Mới", ROLE_COMMITTEE_LEADER,
                         U_WARD, pw, &err, &status) < 0)
        fail_msg("ward account: %d %s", status, err);
    assert_true(auth_user_create(f->d, admin, "thanhpho.moi", "Thành Phố Mới",
                                 ROLE_COMMITTEE_LEADER, U_VPTU, pw, &err, &status) > 0);
}

static int64_t facet_sum(const search_facet *v, int n)
{
    int64_t sum = 0;
    for (int i = 0; i < n; i++)
        sum += v[i].count;
    return sum;
}

/* Every count a viewer is shown equals the list it describes, for viewers who
 * may not see the secret documents: the specialist of the same office and the
 * ward's leader. */
static void test_counts_match_lists(void **state)
{
    struct fx *f = *state;
    const char *err;
    int status;
    int64_t secret = reg_in(f, P_CLERK, "16-CV/VPTW", "Kế hoạch mật", "mat", "hoa_toc");
    int64_t open = reg_in(f, P_CLERK, "17-CV/VPTW", "Kế hoạch công khai", NULL, NULL);
    int64_t out_secret = draft_out(f, P_CLERK, 1, "Kế hoạch mật đi", 1, 0, &err, &status);
    int64_t out_open = draft_out(f, P_CLERK, 1, "Kế hoạch đi", 0, 0, &err, &status);
    assert_true(out_secret > 0 && out_open > 0);
    /* Both routed to the office as a unit, so its people hold shares of both. */
    in_assign a = {.lead = {.unit_id = U_VPTU}, .due_date = "2026-03-04"};
    web_err e;
    assert_int_equal(routing_assign(&f->c[P_OFFICE], secret, &a, &e), 0);
    assert_int_equal(routing_assign(&f->c[P_OFFICE], open, &a, &e), 0);
    /* A dossier of the office, its specialist responsible, holding all four
     * documents. */
    const char *abbr = "TH";
    int64_t h =
        dossier_heading_add(&f->c[P_CLERK], U_VPTU, 2026, 0, "Tổng hợp", abbr, &err, &status);
    int64_t d = dossier_plan_add(&f->c[P_CLERK], h, "Kế hoạch năm", 10, 5, &err, &status);
    assert_true(d > 0);
    assert_int_equal(dossier_open(&f->c[P_CLERK], d, &err, &status), 0);
    assert_int_equal(dossier_file(&f->c[P_CLERK], d, "in", secret, &err, &status), 0);
    assert_int_equal(dossier_file(&f->c[P_CLERK], d, "in", open, &err, &status), 0);
    assert_int_equal(dossier_file(&f->c[P_CLERK], d, "out", out_secret, &err, &status), 0);
    assert_int_equal(dossier_file(&f->c[P_CLERK], d, "out", out_open, &err, &status), 0);

    const int viewers[] = {P_CLERK, P_SPEC, P_WARD_LEADER, P_LEADER};
    const int expect_docs[] = {4, 2, -1, 4}; /* -1: the dossier itself is out of scope */
    for (size_t k = 0; k < sizeof viewers / sizeof viewers[0]; k++) {
        int who = viewers[k];
        /* Dossier: "(n văn bản)" on the page, in the plan list and in the API. */
        const dossier *dd = dossier_get(&f->c[who], d);
        if (expect_docs[k] < 0) {
            assert_null(dd);
        } else {
            docs_n = 0;
            dossier_docs_each(&f->c[who], d, count_doc, NULL);
            assert_int_equal(docs_n, expect_docs[k]);
            assert_int_equal(dd->doc_count, docs_n);
            dossier *ds;
            int nd = dossier_list(&f->c[who], U_VPTU, 2026, &ds);
            assert_int_equal(nd, 1);
            assert_int_equal(ds[0].doc_count, docs_n);
        }
        /* Search: the total, and each facet, against the hits. */
        int hits;
        int64_t total = search_total(f, who, "ke hoach", &hits);
        assert_int_equal(total, hits);
        search_filter flt = {.q = "ke hoach", .secrecy = -1, .limit = 100};
        search_result r;
        const char *code;
        assert_int_equal(search_run(&f->c[who], &flt, &r, &status, &code, &err), 0);
        assert_int_equal(facet_sum(r.by_kind, r.n_kind), r.n_hits);
        assert_int_equal(facet_sum(r.by_year, r.n_year), r.n_hits);
        assert_int_equal(facet_sum(r.by_unit, r.n_unit), r.n_hits);
        assert_int_equal(facet_sum(r.by_type, r.n_type), r.n_hits);
        /* The incoming list's total and its rows; the dashboard's received against
         * the list. */
        in_filter lf = {.urgency = -1, .limit = 100};
        incoming *rows;
        int64_t ltotal;
        int n = incoming_list(&f->c[who], &lf, &rows, &ltotal);
        assert_int_equal(n, ltotal);
        if (dashboard_may_see(&f->c[who]))
            assert_int_equal(dash_received(f, who), ltotal);
        /* "Mine" (home and /tasks) against its rows. */
        in_filter mf = {.urgency = -1, .mine = true, .status = "assigned", .limit = 100};
        n = incoming_list(&f->c[who], &mf, &rows, &ltotal);
        assert_int_equal(n, ltotal);
        /* The badge against the unread notifications listed. */
        notification *ns;
        int nn = notify_list(&f->c[who], 99, &ns), unread = 0;
        for (int i = 0; i < nn; i++)
            unread += ns[i].read_at == NULL;
        assert_int_equal(notify_unread_count(&f->c[who]), unread);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_rule, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_ward_leader_reads, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_ward_leader_writes, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_account_anchor, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_targets_in_scope, setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_counts_match_lists, setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
