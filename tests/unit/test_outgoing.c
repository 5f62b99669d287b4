/* The outgoing flow through the services: draft → approve → sign → issue (number, dispatch to
 * the recipient's queue) → recall; forbidden transitions change nothing; a failed issue
 * consumes no number; secrecy hides a document (and its trace in lists) from those outside;
 * Tối mật goes on paper only; replacement links both ways. */
#include "test_outgoing_fixture.h"

#include "catalog/catalog.h"
#include "catalog/vocab.h"
#include "exchange/exchange.h"
#include "outgoing/outgoing.h"

static const db_query q_seq_rows = {"t.seq_rows", "SELECT count(*) FROM number_seq", NULL};
static const db_query q_paper = {
    "t.paper", "SELECT count(*) FROM outgoing_recipients WHERE method = 'paper'", NULL};
static const db_query q_versions = {
    "t.versions", "SELECT count(*) FROM outgoing_versions WHERE outgoing_id = 1", NULL};
static const db_query q_audits = {
    "t.audits", "SELECT count(*) FROM audit_log WHERE action LIKE 'outgoing.%'", NULL};
static const db_query q_drop_terms = {"t.drop_terms", "DELETE FROM terms", NULL};
static const db_query q_add_term = {
    "t.add_term",
    "INSERT INTO terms (unit_id, name, starts_on) VALUES (1, 'Nhiệm kỳ 2025–2030', '2025-09-29')",
    NULL};

static int64_t draft(struct fx *f, int who, int secrecy, const char *subject)
{
    out_recipient_in rec[2] = {{.unit_id = U_WARD}, {.name = "Báo Cần Thơ"}};
    out_draft in = {.register_id = 1,
                    .doc_type = "cong_van",
                    .subject = subject,
                    .body = "Kính gửi…",
                    .secrecy = secrecy,
                    .recipients = rec,
                    .n_recipients = 2};
    const char *err = NULL;
    int status = 0;
    int64_t id = outgoing_create(&f->c[who], &in, &err, &status);
    if (id < 0)
        fail_msg("create: %d %s", status, err);
    return id;
}

static void approve_sign(struct fx *f, int64_t id)
{
    const char *err;
    int status;
    assert_int_equal(outgoing_approve(&f->c[P_OFFICE], id, NULL, &err, &status), 0);
    assert_int_equal(outgoing_sign(&f->c[P_OFFICE], id, &err, &status), 0);
}

static void test_flow(void **state)
{
    struct fx *f = *state;
    const char *err = NULL, *notation, *note;
    int status = 0;
    long number;
    int64_t id = draft(f, P_SPEC, 0, "Về việc tổ chức học tập Nghị quyết");
    /* A new version keeps the old one. */
    assert_int_equal(outgoing_save_version(&f->c[P_SPEC], id, "Về việc học tập Nghị quyết",
                                           "Nội dung mới", &err, &status),
                     0);
    assert_int_equal(fx_value(f, &q_versions), 2);
    assert_true(outgoing_comment(&f->c[P_OFFICE], id, "Đề nghị bổ sung thời gian.", &err, &status) >
                0);
    /* Forbidden: issuing an unapproved draft, approval by a non-leader, signing before
     * approval. Nothing changes. */
    assert_int_equal(outgoing_issue(&f->c[P_CLERK], id, &number, &notation, &note, &err, &status),
                     -1);
    assert_int_equal(status, 409);
    assert_int_equal(outgoing_approve(&f->c[P_SPEC], id, NULL, &err, &status), -1);
    assert_int_equal(status, 403);
    assert_int_equal(outgoing_sign(&f->c[P_OFFICE], id, &err, &status), -1);
    assert_int_equal(status, 409);
    assert_int_equal(fx_value(f, &q_seq_rows), 0);
    assert_int_equal(outgoing_get(&f->c[P_SPEC], id)->status, OUT_DRAFT);

    assert_int_equal(outgoing_approve(&f->c[P_OFFICE], id, "Đồng ý", &err, &status), 0);
    /* Editing after approval is refused. */
    assert_int_equal(outgoing_save_version(&f->c[P_SPEC], id, "x", "y", &err, &status), -1);
    assert_int_equal(status, 409);
    /* Only the register's signer role (or a committee leader) signs. */
    assert_int_equal(outgoing_sign(&f->c[P_CLERK], id, &err, &status), -1);
    assert_int_equal(status, 403);
    assert_int_equal(outgoing_sign(&f->c[P_OFFICE], id, &err, &status), 0);
    /* Only a clerk issues. */
    assert_int_equal(outgoing_issue(&f->c[P_OFFICE], id, &number, &notation, &note, &err, &status),
                     -1);
    assert_int_equal(status, 403);
    assert_int_equal(outgoing_issue(&f->c[P_CLERK], id, &number, &notation, &note, &err, &status),
                     0);
    assert_int_equal(number, 1);
    assert_string_equal(notation, "01-CV/VPTU");
    assert_null(note);
    /* Issuing twice is refused; the number stays. */
    assert_int_equal(outgoing_issue(&f->c[P_CLERK], id, &number, &notation, &note, &err, &status),
                     -1);
    assert_int_equal(status, 409);

    /* The ward unit has it in its queue, status 01 (arrived). */
    const char *code, *label;
    assert_int_equal(inbox_status(f->d, id, U_WARD, &code, &label), 0);
    assert_string_equal(code, INBOX_ARRIVED);
    json_t *st = outgoing_recipients_json(&f->c[P_CLERK], id);
    assert_int_equal(json_array_size(st), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(st, 0), "method")),
                        "electronic");
    assert_string_equal(json_string_value(json_object_get(json_array_get(st, 0), "status_code")),
                        "01");
    assert_string_equal(json_string_value(json_object_get(json_array_get(st, 1), "method")),
                        "post");
    json_decref(st);

    /* Recall keeps the number; the recipient's copy goes to status 13. */
    assert_int_equal(outgoing_recall(&f->c[P_CLERK], id, "", &err, &status), -1);
    assert_int_equal(status, 400);
    assert_int_equal(outgoing_recall(&f->c[P_CLERK], id, "Sai nội dung", &err, &status), 0);
    const outgoing *o = outgoing_get(&f->c[P_CLERK], id);
    assert_int_equal(o->status, OUT_RECALLED);
    assert_string_equal(o->notation, "01-CV/VPTU");
    assert_int_equal(inbox_status(f->d, id, U_WARD, &code, &label), 0);
    assert_string_equal(code, INBOX_RECALLED);
    /* The next document takes 02: a recalled number is never reused. */
    int64_t id2 = draft(f, P_SPEC, 0, "Văn bản thứ hai");
    approve_sign(f, id2);
    assert_int_equal(outgoing_issue(&f->c[P_CLERK], id2, &number, &notation, &note, &err, &status),
                     0);
    assert_string_equal(notation, "02-CV/VPTU");
    assert_true(fx_value(f, &q_audits) >= 8);
}

static void test_failed_issue_consumes_nothing(void **state)
{
    struct fx *f = *state;
    const char *err, *notation, *note;
    int status;
    long number;
    assert_int_equal(db_exec(db_stmt_get(f->d, &q_drop_terms)), DB_DONE);
    int64_t id = draft(f, P_SPEC, 0, "Kế hoạch tổ chức hội nghị");
    approve_sign(f, id);
    /* No committee term covers today: the issue fails with a clear message. */
    assert_int_equal(outgoing_issue(&f->c[P_CLERK], id, &number, &notation, &note, &err, &status),
                     -1);
    assert_int_equal(status, 409);
    assert_non_null(strstr(err, "nhiệm kỳ"));
    assert_int_equal(fx_value(f, &q_seq_rows), 0);
    assert_int_equal(outgoing_get(&f->c[P_CLERK], id)->status, OUT_SIGNED);
    assert_null(outgoing_get(&f->c[P_CLERK], id)->notation);
    assert_int_equal(db_exec(db_stmt_get(f->d, &q_add_term)), DB_DONE);
    assert_int_equal(outgoing_issue(&f->c[P_CLERK], id, &number, &notation, &note, &err, &status),
                     0);
    assert_string_equal(notation, "01-CV/VPTU");
}

static void count_cb(ctx *c, const outgoing *o, void *arg)
{
    (*(int *)arg)++;
}

static int list_count(struct fx *f, int who)
{
    int n = 0;
    out_filter flt = {0};
    outgoing_list(&f->c[who], &flt, count_cb, &n);
    return n;
}

static void test_secrecy(void **state)
{
    struct fx *f = *state;
    int64_t pub = draft(f, P_SPEC, 0, "Thông báo thường");
    int64_t sec = draft(f, P_CLERK, SECRECY_MAT, "Báo cáo mật");
    /* The drafter, the unit's clerks and leaders in scope see the secret draft. */
    assert_non_null(outgoing_get(&f->c[P_CLERK], sec));
    assert_non_null(outgoing_get(&f->c[P_OFFICE], sec));
    assert_non_null(outgoing_get(&f->c[P_LEADER], sec));
    /* A specialist of the same unit who took no part, another unit's specialist, a unit
     * account and the admin do not: not found, and not counted. */
    assert_null(outgoing_get(&f->c[P_SPEC], sec));
    assert_false(outgoing_may_see(&f->c[P_SPEC], sec));
    assert_null(outgoing_get(&f->c[P_SPEC2], sec));
    assert_null(outgoing_get(&f->c[P_SPEC2], pub)); /* out of unit scope */
    assert_null(outgoing_get(&f->c[P_ADMIN], sec));
    assert_int_equal(list_count(f, P_SPEC), 1);
    assert_int_equal(list_count(f, P_SPEC2), 0);
    assert_int_equal(list_count(f, P_CLERK), 2);
    /* Acting on it from outside answers 404, like a document that does not exist. */
    const char *err;
    int status;
    assert_int_equal(outgoing_comment(&f->c[P_SPEC2], sec, "?", &err, &status), -1);
    assert_int_equal(status, 404);
    assert_int_equal(outgoing_approve(&f->c[P_SPEC], sec, NULL, &err, &status), -1);
    assert_int_equal(status, 404);
}

static void test_top_secret_paper_only(void **state)
{
    struct fx *f = *state;
    const char *err, *notation, *note;
    int status;
    long number;
    /* Asking for electronic sending of a Tối mật document is refused with the reason. */
    out_recipient_in rec[1] = {{.unit_id = U_WARD, .want_electronic = true}};
    out_draft in = {.register_id = 1,
                    .doc_type = "bao_cao",
                    .subject = "Báo cáo tối mật",
                    .secrecy = SECRECY_TOI_MAT,
                    .recipients = rec,
                    .n_recipients = 1};
    assert_int_equal(outgoing_create(&f->c[P_CLERK], &in, &err, &status), -1);
    assert_int_equal(status, 409);
    assert_non_null(strstr(err, "không được gửi qua mạng"));
    /* Without insisting, it is issued and recorded as a paper dispatch; the ward's queue
     * stays empty. */
    int64_t id = draft(f, P_CLERK, SECRECY_TOI_MAT, "Báo cáo tối mật");
    approve_sign(f, id);
    assert_int_equal(outgoing_issue(&f->c[P_CLERK], id, &number, &notation, &note, &err, &status),
                     0);
    assert_non_null(note);
    assert_non_null(strstr(note, "chuyển bản giấy"));
    assert_int_equal(fx_value(f, &q_paper), 2);
    const char *code, *label;
    assert_int_equal(inbox_status(f->d, id, U_WARD, &code, &label), 1);
}

static void test_replacement(void **state)
{
    struct fx *f = *state;
    const char *err, *notation, *note;
    int status;
    long number;
    int64_t old = draft(f, P_SPEC, 0, "Kế hoạch (có sai sót)");
    approve_sign(f, old);
    assert_int_equal(outgoing_issue(&f->c[P_CLERK], old, &number, &notation, &note, &err, &status),
                     0);
    out_draft in = {.register_id = 1,
                    .doc_type = "cong_van",
                    .subject = "Kế hoạch (thay thế)",
                    .replaces_id = old};
    int64_t nw = outgoing_create(&f->c[P_SPEC], &in, &err, &status);
    assert_true(nw > 0);
    approve_sign(f, nw);
    assert_int_equal(outgoing_issue(&f->c[P_CLERK], nw, &number, &notation, &note, &err, &status),
                     0);
    assert_int_equal(outgoing_get(&f->c[P_CLERK], old)->replaced_by_id, nw);
    assert_int_equal(outgoing_get(&f->c[P_CLERK], nw)->replaces_id, old);
    /* A document already replaced cannot be replaced again. */
    assert_int_equal(outgoing_create(&f->c[P_SPEC], &in, &err, &status), -1);
    assert_int_equal(status, 409);
}

static void test_bad_input(void **state)
{
    struct fx *f = *state;
    const char *err;
    int status;
    out_draft in = {.register_id = 1, .doc_type = "cong_van", .subject = ""};
    assert_int_equal(outgoing_create(&f->c[P_SPEC], &in, &err, &status), -1);
    assert_int_equal(status, 400);
    in.subject = "x";
    in.doc_type = "khong_co";
    assert_int_equal(outgoing_create(&f->c[P_SPEC], &in, &err, &status), -1);
    in.doc_type = "cong_van";
    in.register_id = 3; /* the ward's register: out of a VPTU specialist's scope */
    assert_int_equal(outgoing_create(&f->c[P_SPEC], &in, &err, &status), -1);
    in.register_id = 1;
    assert_int_equal(outgoing_create(&f->c[P_ADMIN], &in, &err, &status), -1);
    assert_int_equal(status, 403);
    out_recipient_in rec[1] = {{.unit_id = 999}};
    in.recipients = rec;
    in.n_recipients = 1;
    assert_int_equal(outgoing_create(&f->c[P_SPEC], &in, &err, &status), -1);
    assert_int_equal(status, 400);
}

static const db_query q_clear = {"t.clear", "DELETE FROM registers", NULL};
static const db_query q_clear_terms = {"t.clear_terms", "DELETE FROM terms", NULL};
static const db_query q_out_count = {"t.out_count", "SELECT count(*) FROM outgoing", NULL};
static const db_query q_reg_count = {"t.reg_count", "SELECT count(*) FROM registers", NULL};
/* The first công văn of the 2025–2030 term starts again at 01. */
static const db_query q_new_term_first = {
    "t.new_term_first",
    "SELECT notation FROM outgoing WHERE doc_type = 'cong_van' AND issued_date >= '2025-09-29' "
    "ORDER BY issued_date LIMIT 1",
    NULL};

static void test_demo_seed(void **state)
{
    struct fx *f = *state;
    assert_int_equal(db_exec(db_stmt_get(f->d, &q_clear)), DB_DONE);
    assert_int_equal(db_exec(db_stmt_get(f->d, &q_clear_terms)), DB_DONE);
    char *err = NULL;
    assert_int_equal(docs_demo_seed(f->d, &err), 0);
    assert_int_equal(fx_value(f, &q_out_count), 60);
    assert_int_equal(fx_value(f, &q_reg_count), 3); /* VPTU, TU, the ward */
    db_stmt *s = db_stmt_get(f->d, &q_new_term_first);
    assert_int_equal(db_step(s), DB_ROW);
    assert_string_equal(db_col_text(s, 0), "01-CV/VPTU");
    db_reset(s);
    assert_int_equal(docs_demo_seed(f->d, &err), 0); /* idempotent */
    assert_int_equal(fx_value(f, &q_out_count), 60);
}

/* Every timestamp of a document and its trace comes from the controllable clock (clock.h), not
 * from SQLite's wall clock: the demo office writes its history with a moved clock, and deadline
 * tests run on a fixed one. */
static const db_query q_stamps = {
    "t.stamps",
    "SELECT (SELECT count(*) FROM outgoing WHERE created_at <> ?1 OR updated_at <> ?1)"
    " + (SELECT count(*) FROM outgoing_versions WHERE created_at <> ?1)"
    " + (SELECT count(*) FROM outgoing_recipients WHERE created_at <> ?1)"
    " + (SELECT count(*) FROM outgoing_comments WHERE created_at <> ?1)"
    " + (SELECT count(*) FROM outgoing_events WHERE created_at <> ?1),"
    " (SELECT count(*) FROM outgoing_events) + (SELECT count(*) FROM outgoing_comments)",
    NULL};

static void test_timestamps_follow_the_clock(void **state)
{
    struct fx *f = *state;
    int64_t id = draft(f, P_SPEC, 0, "Về việc thử đồng hồ");
    const char *err;
    int status;
    assert_true(outgoing_comment(&f->c[P_OFFICE], id, "Sửa câu đầu.", &err, &status) > 0);
    assert_int_equal(
        outgoing_save_version(&f->c[P_SPEC], id, "Về việc thử đồng hồ", "Bản 2", &err, &status), 0);
    db_stmt *s = db_stmt_get(f->d, &q_stamps);
    assert_non_null(s);
    db_bind_text(s, 1, "2026-03-02T03:00:00Z"); /* FX_NOW, far from the wall clock */
    assert_int_equal(db_step(s), DB_ROW);
    assert_int_equal(db_col_int(s, 0), 0);
    assert_true(db_col_int(s, 1) >= 3);
    db_reset(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_flow, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_failed_issue_consumes_nothing, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_secrecy, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_top_secret_paper_only, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_replacement, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_bad_input, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_demo_seed, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_timestamps_follow_the_clock, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
