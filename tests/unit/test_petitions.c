/* Petitions (issue 15): deadlines computed from the dated rule table (working and calendar
 * days), the denouncer's identity sealed at rest and opened only for the handler and the head
 * who assigned the case (each view audited, the audit without the name), the cap on
 * extensions, refused input that saves nothing, reception under delegation, and the report's
 * figures. */
#include "test_outgoing_fixture.h"

#include "jobs/jobs.h"
#include "petitions/petitions.h"

static const db_query q_count = {"t.pet_count", "SELECT count(*) FROM petitions", NULL};
static const db_query q_views = {
    "t.pet_views", "SELECT count(*) FROM audit_log WHERE action = 'petition.identity_view'", NULL};
static const db_query q_audit_name = {
    "t.pet_audit_name",
    "SELECT count(*) FROM audit_log WHERE coalesce(after_json, '') LIKE '%Bí Mật%' OR "
    "coalesce(before_json, '') LIKE '%Bí Mật%'",
    NULL};
static const db_query q_notes_name = {
    "t.pet_notes_name", "SELECT count(*) FROM notifications WHERE text LIKE '%Bí Mật%'", NULL};
static const db_query q_notes = {"t.pet_notes",
                                 "SELECT count(*) FROM notifications WHERE user_id = 5", NULL};
static const db_query q_remind_notes = {
    "t.pet_remind_notes",
    "SELECT count(*) FROM notifications WHERE kind LIKE 'petitions.%' AND doc_id = ?1 AND "
    "kind <> 'petitions.assigned'",
    NULL};
static const db_query q_entries = {"t.pet_entries", "SELECT count(*) FROM reception_entries", NULL};

#define NAME "Trần Văn Bí Mật"
#define IDNO "092088123456"

static int64_t reg(struct fx *f, const char *kind, const char *cx, const char *name,
                   const char *id_no)
{
    pet_input in = {.received_on = "2026-03-02",
                    .channel = "direct",
                    .matter = "Tố cáo cán bộ địa chính phường nhận tiền",
                    .summary = "Nội dung tóm tắt không ghi tên người tố cáo.",
                    .kind = kind,
                    .complexity = cx,
                    .n_persons = 1,
                    .who = {name, "Số 12, phường Ninh Kiều", id_no}};
    web_err e = {0};
    int64_t id = pet_register(&f->c[P_CLERK], &in, &e);
    if (id < 0)
        fail_msg("register: %s", web_err_message(&e));
    return id;
}

static void screen_accept(struct fx *f, int64_t id, const char *on)
{
    web_err e = {0};
    assert_int_equal(pet_screen(&f->c[P_CLERK], id, "eligible", NULL, &e), 0);
    assert_int_equal(pet_assign(&f->c[P_LEADER], id, 5 /* chuyenvien */, &e), 0);
    if (pet_accept(&f->c[P_SPEC], id, on, "01/TB-VPTU", &e) != 0)
        fail_msg("accept: %s", web_err_message(&e));
}

static void test_deadlines_from_rules(void **state)
{
    struct fx *f = *state;
    int64_t kn = reg(f, "complaint", "normal", "Lê Thị Khiếu", "");
    const petition *p = pet_get(&f->c[P_CLERK], kn);
    assert_non_null(p);
    /* Luật Khiếu nại Art. 27: 10 calendar days; TT 05/2021: 10 working days to screen. */
    assert_string_equal(p->due_accept, "2026-03-12");
    assert_string_equal(p->due_screen, "2026-03-16");
    int64_t tc = reg(f, "denunciation", "normal", NAME, IDNO);
    p = pet_get(&f->c[P_CLERK], tc);
    /* Luật Tố cáo Art. 24: 7 working days. */
    assert_string_equal(p->due_screen, "2026-03-11");
    screen_accept(f, kn, "2026-03-02");
    p = pet_get(&f->c[P_SPEC], kn);
    assert_string_equal(p->due_resolve, "2026-04-01"); /* 30 calendar days */
    /* A mixed letter is handled as a complaint: complex → 45 days. */
    int64_t mx = reg(f, "mixed", "complex", "Võ Văn Hỗn", "");
    screen_accept(f, mx, "2026-03-02");
    p = pet_get(&f->c[P_SPEC], mx);
    assert_string_equal(p->due_resolve, "2026-04-16");
    assert_true(p->protected_kind);
    /* A rule row with a later effective date changes letters of its time only. */
    pet_rule r = {.kind = "complaint",
                  .party = "*",
                  .complexity = "normal",
                  .remote = "no",
                  .stage = "resolve",
                  .days = 20,
                  .day_kind = "working",
                  .max_count = 0,
                  .effective_from = "2026-03-03",
                  .source = "Thử nghiệm"};
    web_err e = {0};
    assert_int_equal(pet_rule_save(&f->c[P_LEADER], &r, &e), -1);
    assert_int_equal(e.status, 403);
    e = (web_err){0};
    assert_true(pet_rule_save(&f->c[P_ADMIN], &r, &e) > 0);
    pet_rule got;
    assert_true(pet_rule_find(&f->c[P_CLERK], "complaint", false, "normal", false, "resolve",
                              "2026-03-02", &got));
    assert_int_equal(got.days, 30);
    assert_true(pet_rule_find(&f->c[P_CLERK], "complaint", false, "normal", false, "resolve",
                              "2026-03-05", &got));
    assert_int_equal(got.days, 20);
    assert_string_equal(got.day_kind, "working");
}

static bool file_has(const char *path, const char *needle)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return false;
    size_t cap = 1 << 20, n = 0, k = strlen(needle);
    char *buf = malloc(cap);
    size_t r;
    while ((r = fread(buf + n, 1, cap - n, fp)) > 0) {
        n += r;
        if (n == cap)
            buf = realloc(buf, cap *= 2);
    }
    fclose(fp);
    bool found = false;
    for (size_t i = 0; i + k <= n && !found; i++)
        found = memcmp(buf + i, needle, k) == 0;
    free(buf);
    return found;
}

static void test_denouncer_protected(void **state)
{
    struct fx *f = *state;
    int64_t id = reg(f, "denunciation", "normal", NAME, IDNO);
    web_err e = {0};
    /* Before assignment nobody may open it — not even the clerk who typed it. */
    assert_null(pet_identity(&f->c[P_CLERK], id, &e));
    assert_int_equal(e.status, 403);
    assert_int_equal(pet_assign(&f->c[P_LEADER], id, 5, &e), 0);
    const petition *p = pet_get(&f->c[P_CLERK], id);
    assert_non_null(p);
    assert_false(p->may_identity);
    assert_non_null(strstr(p->pseudonym, "Người tố cáo"));
    /* Handler and assigning head see it; another leader and the clerk do not. */
    e = (web_err){0};
    const pet_ident *w = pet_identity(&f->c[P_SPEC], id, &e);
    assert_non_null(w);
    assert_string_equal(w->name, NAME);
    assert_string_equal(w->id_no, IDNO);
    e = (web_err){0};
    assert_non_null(pet_identity(&f->c[P_LEADER], id, &e));
    e = (web_err){0};
    assert_null(pet_identity(&f->c[P_OFFICE], id, &e));
    assert_int_equal(e.status, 403);
    e = (web_err){0};
    assert_null(pet_identity(&f->c[P_CLERK], id, &e));
    /* A specialist of another unit does not even see the case; admin neither. */
    assert_null(pet_get(&f->c[P_SPEC2], id));
    assert_null(pet_get(&f->c[P_ADMIN], id));
    /* Each view is audited, without the name; the notification carries no name either. */
    assert_int_equal(fx_value(f, &q_views), 2);
    assert_int_equal(fx_value(f, &q_audit_name), 0);
    assert_int_equal(fx_value(f, &q_notes_name), 0);
    assert_true(fx_value(f, &q_notes) >= 1);
    /* A copied database file reveals neither the name nor the ID number (SQLite's file and
     * its WAL; on PostgreSQL the store is not a file of the data directory). */
    if (!test_store_pg()) {
        char wal[300];
        snprintf(wal, sizeof wal, "%s-wal", f->dbpath);
        assert_false(file_has(f->dbpath, NAME));
        assert_false(file_has(wal, NAME));
        assert_false(file_has(f->dbpath, IDNO));
        assert_false(file_has(wal, IDNO));
    }
    /* The key lives outside the database, beside it. */
    char key[160];
    snprintf(key, sizeof key, "%s/keys/petitions.key", f->dir);
    assert_int_equal(access(key, R_OK), 0);
    /* The list shows the pseudonym only. */
    pet_filter fl = {.limit = 50};
    petition *rows;
    int64_t total;
    int n = pet_list(&f->c[P_LEADER], &fl, &rows, &total);
    assert_true(n >= 1);
    for (int i = 0; i < n; i++)
        assert_null(strstr(rows[i].pseudonym, "Bí Mật"));
}

static void test_extensions_capped(void **state)
{
    struct fx *f = *state;
    int64_t id = reg(f, "denunciation", "especially", NAME, IDNO);
    screen_accept(f, id, "2026-03-02");
    web_err e = {0};
    assert_int_equal(pet_extend(&f->c[P_SPEC], id, NULL, "41/QĐ-TU", "Cần xác minh", &e), 0);
    assert_string_equal(pet_get(&f->c[P_SPEC], id)->due_resolve, "2026-05-01");
    assert_int_equal(pet_extend(&f->c[P_SPEC], id, NULL, "42/QĐ-TU", "Cần xác minh", &e), 0);
    assert_string_equal(pet_get(&f->c[P_SPEC], id)->due_resolve, "2026-05-31");
    e = (web_err){0};
    assert_int_equal(pet_extend(&f->c[P_SPEC], id, NULL, "43/QĐ-TU", "Lần ba", &e), -1);
    assert_int_equal(e.status, 409);
    assert_non_null(strstr(web_err_message(&e), "tối đa 2 lần"));
    const petition *p = pet_get(&f->c[P_SPEC], id);
    assert_int_equal(p->extensions, 2);
    pet_extension *x;
    assert_int_equal(pet_extensions(&f->c[P_SPEC], id, &x), 2);
    /* A normal denunciation may not be extended at all. */
    int64_t n2 = reg(f, "denunciation", "normal", "Người Khác", "");
    screen_accept(f, n2, "2026-03-02");
    e = (web_err){0};
    assert_int_equal(pet_extend(&f->c[P_SPEC], n2, NULL, "1/QĐ", "Lý do", &e), -1);
    assert_int_equal(e.status, 409);
}

static void test_bad_input_saves_nothing(void **state)
{
    struct fx *f = *state;
    int64_t before = fx_value(f, &q_count);
    pet_input in = {.received_on = "2026-03-02",
                    .channel = "direct",
                    .matter = "Việc",
                    .summary = "Tóm tắt",
                    .kind = "complaint",
                    .who = {"Tên", "", "12345"}};
    web_err e = {0};
    assert_int_equal(pet_register(&f->c[P_CLERK], &in, &e), -1);
    assert_int_equal(e.status, 400);
    assert_string_equal(web_err_field(&e, "id_no"), "Số CMND/CCCD phải gồm 9 hoặc 12 chữ số.");
    assert_int_equal(fx_value(f, &q_count), before);
    /* A specialist may not register letters. */
    e = (web_err){0};
    in.who.id_no = "";
    assert_int_equal(pet_register(&f->c[P_SPEC], &in, &e), -1);
    assert_int_equal(e.status, 403);
    /* A resolution dated before acceptance is refused; the case stays accepted. */
    clock_set_fake(FX_NOW + 10 * 86400);
    int64_t id = reg(f, "complaint", "normal", "Phan Văn Đúng", "");
    screen_accept(f, id, "2026-03-05");
    e = (web_err){0};
    assert_int_equal(pet_result(&f->c[P_SPEC], id, "2026-03-04", "5/KL", "x", &e), -1);
    assert_non_null(web_err_field(&e, "result_on"));
    assert_string_equal(pet_get(&f->c[P_SPEC], id)->status, "accepted");
    /* Accepting without screening eligible is refused. */
    int64_t id2 = reg(f, "complaint", "normal", "Phan Văn Hai", "");
    e = (web_err){0};
    assert_int_equal(pet_assign(&f->c[P_LEADER], id2, 5, &e), 0);
    assert_int_equal(pet_accept(&f->c[P_SPEC], id2, NULL, "1/TB", &e), -1);
    assert_int_equal(e.status, 409);
    e = (web_err){0};
    assert_int_equal(pet_result(&f->c[P_SPEC], id, "2026-03-10", "5/KL", "Đã trả lời", &e), 0);
    assert_int_equal(pet_close(&f->c[P_SPEC], id, &e), 0);
}

static void test_reception_delegation_and_report(void **state)
{
    struct fx *f = *state;
    web_err e = {0};
    int64_t head = rec_head_add(&f->c[P_LEADER], U_TU, 2, "province", &e);
    assert_true(head > 0);
    /* The Chánh Văn phòng may not receive on the head's behalf without a delegation. */
    e = (web_err){0};
    assert_int_equal(rec_session_add(&f->c[P_CLERK], head, "2026-03-02", "morning", "scheduled", 3,
                                     "Trụ sở", "", &e),
                     -1);
    assert_non_null(web_err_field(&e, "receiver_id"));
    assert_non_null(strstr(web_err_field(&e, "receiver_id"), "không được ủy quyền"));
    e = (web_err){0};
    assert_true(
        rec_delegate(&f->c[P_LEADER], head, 3, "2026-03-01", "2026-03-31", "12-GUQ/TU", &e) > 0);
    e = (web_err){0};
    int64_t s = rec_session_add(&f->c[P_CLERK], head, "2026-03-02", "morning", "scheduled", 3,
                                "Trụ sở", "", &e);
    assert_true(s > 0);
    rec_entry_input in = {.session_id = s,
                          .content = "Khiếu nại về đất",
                          .kind = "denunciation",
                          .n_people = 8,
                          .handling = "accept",
                          .who = {NAME, "Địa chỉ", "12"}};
    int64_t before = fx_value(f, &q_entries);
    e = (web_err){0};
    assert_int_equal(rec_entry_add(&f->c[P_OFFICE], &in, &e), -1);
    assert_non_null(web_err_field(&e, "id_no"));
    assert_int_equal(fx_value(f, &q_entries), before);
    in.who.id_no = IDNO;
    e = (web_err){0};
    assert_true(rec_entry_add(&f->c[P_OFFICE], &in, &e) > 0);
    assert_int_equal(rec_session_held(&f->c[P_CLERK], s, &e), 0);
    /* The register: the receiver sees the denouncer; the clerk sees the pseudonym. */
    rec_entry *x;
    assert_int_equal(rec_entries(&f->c[P_OFFICE], "2026-01-01", "2026-12-31", &x), 1);
    assert_non_null(x[0].who);
    assert_int_equal(rec_entries(&f->c[P_CLERK], "2026-01-01", "2026-12-31", &x), 1);
    assert_null(x[0].who);
    /* Quota: one day held this month meets the provincial head's 1 day. */
    rec_head *h;
    assert_int_equal(rec_heads(&f->c[P_LEADER], "2026-03-15", &h), 1);
    assert_int_equal(h[0].held_month, 1);
    assert_int_equal(h[0].quota, 1);
    /* Report values. */
    reg(f, "complaint", "normal", "A", "");
    reg(f, "denunciation", "normal", "B", "");
    pet_value *v;
    int n = petitions_report_values(&f->c[P_LEADER], 0, "2026-01-01", "2026-12-31", &v);
    int64_t tong = -1, tc = -1, luot = -1, nguoi = -1, ngay = -1, doan = -1;
    for (int i = 0; i < n; i++) {
        if (!strcmp(v[i].code, "DON_TONG"))
            tong = v[i].value;
        if (!strcmp(v[i].code, "DON_TO_CAO"))
            tc = v[i].value;
        if (!strcmp(v[i].code, "TD_SO_LUOT_TIEP"))
            luot = v[i].value;
        if (!strcmp(v[i].code, "TD_SO_NGUOI"))
            nguoi = v[i].value;
        if (!strcmp(v[i].code, "TD_SO_NGAY_TIEP"))
            ngay = v[i].value;
        if (!strcmp(v[i].code, "TD_DOAN_DONG_NGUOI"))
            doan = v[i].value;
    }
    assert_int_equal(tong, 2);
    assert_int_equal(tc, 1);
    assert_int_equal(luot, 1);
    assert_int_equal(nguoi, 8);
    assert_int_equal(ngay, 1);
    assert_int_equal(doan, 1);
}

static void test_transfer_drafts_letter(void **state)
{
    struct fx *f = *state;
    int64_t id = reg(f, "denunciation", "normal", NAME, IDNO);
    web_err e = {0};
    assert_int_equal(pet_screen(&f->c[P_CLERK], id, "outside_competence", "Thuộc UBND", &e), 0);
    int64_t out = 0;
    if (pet_transfer(&f->c[P_CLERK], id, "UBND thành phố Cần Thơ", &out, &e) != 0)
        fail_msg("transfer: %s", web_err_message(&e));
    assert_true(out > 0);
    const petition *p = pet_get(&f->c[P_CLERK], id);
    assert_string_equal(p->status, "transferred");
    assert_int_equal(p->outgoing_id, out);
    e = (web_err){0};
    assert_int_equal(pet_close(&f->c[P_LEADER], id, &e), 0);
}

/* A one-page PDF with a text layer (what a scanner with OCR or a typed letter gives). */
static void write_pdf(const char *path, const char *words)
{
    char content[200], buf[2048];
    snprintf(content, sizeof content, "BT /F1 18 Tf 20 60 Td (%s) Tj ET", words);
    const char *objs[5];
    char o4[400];
    objs[0] = "<< /Type /Catalog /Pages 2 0 R >>";
    objs[1] = "<< /Type /Pages /Kids [3 0 R] /Count 1 >>";
    objs[2] = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 400 144] /Contents 4 0 R "
              "/Resources << /Font << /F1 5 0 R >> >> >>";
    snprintf(o4, sizeof o4, "<< /Length %zu >>\nstream\n%s\nendstream", strlen(content), content);
    objs[3] = o4;
    objs[4] = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";
    size_t n = (size_t)snprintf(buf, sizeof buf, "%%PDF-1.4\n"), off[5];
    for (int i = 0; i < 5; i++) {
        off[i] = n;
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%d 0 obj\n%s\nendobj\n", i + 1, objs[i]);
    }
    size_t xref = n;
    n += (size_t)snprintf(buf + n, sizeof buf - n, "xref\n0 6\n0000000000 65535 f \n");
    for (int i = 0; i < 5; i++)
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%010zu 00000 n \n", off[i]);
    n += (size_t)snprintf(buf + n, sizeof buf - n,
                          "trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n", xref);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    fwrite(buf, 1, n, fp);
    fclose(fp);
}

static void test_scan_sealed_and_read(void **state)
{
    struct fx *f = *state;
    int64_t id = reg(f, "denunciation", "normal", NAME, IDNO);
    web_err e = {0};
    assert_int_equal(pet_assign(&f->c[P_LEADER], id, 5, &e), 0);
    char path[160];
    snprintf(path, sizeof path, "%s/tmp/scan-upload.pdf", f->dir);
    write_pdf(path, "DON TO CAO KIN DAO SO BAY");
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    http_upload u = {.field = "file", .filename = "don.pdf", .tmp_path = path, .size = st.st_size};
    e = (web_err){0};
    if (pet_scan_add(&f->c[P_SPEC], id, &u, &e) <= 0)
        fail_msg("scan: %s", web_err_message(&e));
    /* The scan (the handwriting) opens for the handler only, never for the clerk. */
    size_t n = 0;
    const char *mime = NULL;
    e = (web_err){0};
    assert_null(pet_scan_get(&f->c[P_CLERK], id, 1, &n, &mime, &e));
    assert_int_equal(e.status, 403);
    e = (web_err){0};
    void *bytes = pet_scan_get(&f->c[P_SPEC], id, 1, &n, &mime, &e);
    assert_non_null(bytes);
    assert_int_equal(n, (size_t)st.st_size);
    assert_string_equal(mime, "application/pdf");
    free(bytes);
    /* The job reads its text; the text is sealed in the database like the scan. */
    db_thread_init(f->dbpath);
    assert_int_equal(jobs_run_pending(10, f->dir), 1);
    db_thread_close();
    const char **texts;
    assert_int_equal(pet_scan_texts(&f->c[P_SPEC], id, &texts), 1);
    assert_non_null(strstr(texts[0], "KIN DAO SO BAY"));
    if (!test_store_pg()) { /* the SQLite file, its WAL folded in */
        db_exec_script(f->d, "PRAGMA wal_checkpoint(TRUNCATE);", NULL);
        assert_false(file_has(f->dbpath, "KIN DAO"));
        assert_false(file_has(f->dbpath, "%PDF-1.4"));
    }
}

static int64_t notes_of(struct fx *f, int64_t id)
{
    db_stmt *s = db_stmt_get(f->d, &q_remind_notes);
    assert_non_null(s);
    db_bind_int(s, 1, id);
    assert_int_equal(db_step(s), DB_ROW);
    int64_t n = db_col_int(s, 0);
    db_reset(s);
    return n;
}

/* The reminder sweep (run from the workers' idle time): a letter near its deadline tells its
 * handler once, with the letter's id so the notice opens it, and never names the writer. */
static void test_reminders(void **state)
{
    struct fx *f = *state;
    int64_t id = reg(f, "complaint", "normal", NAME, IDNO);
    screen_accept(f, id, "2026-03-02"); /* resolve by 01/04/2026 */
    assert_int_equal(notes_of(f, id), 0);
    assert_true(pet_remind(f->d, "2026-03-31") > 0); /* the day before */
    int64_t sent = notes_of(f, id);
    assert_true(sent > 0);
    assert_int_equal(pet_remind(f->d, "2026-03-31"), 0); /* once */
    assert_int_equal(notes_of(f, id), sent);
    assert_true(pet_remind(f->d, "2026-04-02") > 0); /* overdue: told again, once */
    assert_true(notes_of(f, id) > sent);
    assert_int_equal(fx_value(f, &q_notes_name), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_deadlines_from_rules, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_denouncer_protected, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_extensions_capped, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_bad_input_saves_nothing, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_reception_delegation_and_report, fx_setup,
                                        fx_teardown),
        cmocka_unit_test_setup_teardown(test_transfer_drafts_letter, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_scan_sealed_and_read, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_reminders, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
