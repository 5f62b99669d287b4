/* The reporting regime: the validation-rule language (parsing, errors, missing values,
 * required_if), ND 09 periods and due dates on the working-day calendar, type definitions
 * refused as a whole, submission with its checks (nothing half-saved), return and acceptance,
 * the aggregate and the completeness of a small office. */
#include "test_outgoing_fixture.h"

#include <math.h>

#include <jansson.h>
#include <sodium.h>

#include "catalog/vocab.h"
#include "reporting/reporting_impl.h"

/* ---- the rule language ---------------------------------------------------------------- */

typedef struct codeval {
    const char *code;
    double v;
} codeval;

static bool look(void *arg, const char *code, double *num_r)
{
    for (const codeval *p = arg; p->code; p++)
        if (strcmp(p->code, code) == 0) {
            *num_r = p->v;
            return true;
        }
    return false;
}

static bool holds(arena *a, const char *text, const codeval *vals)
{
    char err[256];
    rexpr *e = rexpr_parse(a, text, err, sizeof err);
    if (!e)
        fail_msg("parse %s: %s", text, err);
    return rexpr_holds(e, look, (void *)vals);
}

static void test_expr(void **state)
{
    (void)state;
    arena *a = arena_new();
    const codeval v[] = {{"A", 3},   {"B", 4},   {"C", 7}, {"P", 0.1},
                         {"Q", 0.2}, {"R", 0.3}, {NULL, 0}};
    assert_true(holds(a, "A <= B", v));
    assert_false(holds(a, "A > B", v));
    assert_true(holds(a, "A + B = C", v));
    assert_true(holds(a, "A + B == C and C - A = B", v));
    assert_true(holds(a, "P + Q = R", v)); /* decimals add up within the tolerance */
    assert_true(holds(a, "A * 2 + 1 = C", v));
    assert_true(holds(a, "-A + 10 = C", v));
    assert_true(holds(a, "(A + B) * 2 = 14", v));
    assert_true(holds(a, "A + B * 2 = 11", v)); /* precedence */
    assert_true(holds(a, "A < B or A > C", v));
    assert_false(holds(a, "A < B && A > C", v));
    assert_true(holds(a, "not A > B", v));
    assert_true(holds(a, "!(A > B)", v));
    assert_true(holds(a, "A != B and A <> B", v));
    assert_true(holds(a, "C / 7 = 1", v));
    assert_true(holds(a, "AND_X >= 0 Or A = 3", v)); /* keywords are whole words */
    /* Missing values: the rule cannot be judged and holds … */
    assert_true(holds(a, "X > 100", v));
    assert_true(holds(a, "A + X = 0", v));
    assert_true(holds(a, "A / 0 = 1", v)); /* division by zero is missing */
    /* … but and/or decide with the side they have. */
    assert_false(holds(a, "X > 1 and A > B", v));
    assert_true(holds(a, "X > 1 or A < B", v));
    /* required_if: the value must be present when the condition holds. */
    assert_false(holds(a, "required_if(X, A < B)", v));
    assert_true(holds(a, "required_if(X, A > B)", v));
    assert_true(holds(a, "required_if(C, A < B)", v));
    assert_true(holds(a, "required_if(X, Y > 1)", v)); /* condition cannot be judged */
    const char **codes;
    rexpr *e = rexpr_parse(a, "A + B = C and required_if(D, A > 1) and A > 0", (char[200]){0}, 200);
    assert_non_null(e);
    assert_int_equal(rexpr_codes(a, e, &codes), 4);
    assert_string_equal(codes[0], "A");
    assert_string_equal(codes[3], "D");
    arena_free(&a);
}

static void test_expr_errors(void **state)
{
    (void)state;
    arena *a = arena_new();
    char err[256];
    static const char *const bad[] = {"",
                                      "   ",
                                      "A <=",
                                      "A + ",
                                      "(A > 1",
                                      "A > 1)",
                                      "A >> 1",
                                      "1 2",
                                      "and",
                                      "A = = 1",
                                      "required_if(1, A)",
                                      "required_if(A A)",
                                      "A # 1",
                                      "A > 1 B",
                                      NULL};
    for (int i = 0; bad[i]; i++) {
        assert_null(rexpr_parse(a, bad[i], err, sizeof err));
        assert_true(strlen(err) > 5);
    }
    assert_null(rexpr_parse(a, "A <=", err, sizeof err));
    assert_non_null(strstr(err, "vị trí 5"));
    /* Depth is bounded: a fuzzer's thousand parentheses end in a message, not a crash. */
    char deep[900];
    memset(deep, '(', 400);
    strcpy(deep + 400, "A");
    assert_null(rexpr_parse(a, deep, err, sizeof err));
    assert_non_null(strstr(err, "lồng nhau"));
    char nots[900] = "";
    for (int i = 0; i < 150; i++)
        strcat(nots, "- ");
    strcat(nots, "A > 1");
    assert_null(rexpr_parse(a, nots, err, sizeof err));
    char longtext[REXPR_MAX_TEXT + 10];
    memset(longtext, '1', sizeof longtext - 1);
    longtext[sizeof longtext - 1] = 0;
    assert_null(rexpr_parse(a, longtext, err, sizeof err));
    arena_free(&a);
}

/* ---- periods ---------------------------------------------------------------------------- */

static void test_periods(void **state)
{
    struct fx *f = *state;
    rep_period p;
    assert_int_equal(rep_period_parse("2026-11", 14, &p), 0);
    assert_string_equal(p.data_from, "2026-10-15");
    assert_string_equal(p.cutoff, "2026-11-14");
    assert_int_equal(rep_period_parse("2026-01", 14, &p), 0);
    assert_string_equal(p.data_from, "2025-12-15");
    assert_int_equal(rep_period_parse("2026-Q1", 14, &p), 0);
    assert_string_equal(p.data_from, "2025-12-15");
    assert_string_equal(p.cutoff, "2026-03-14");
    assert_int_equal(rep_period_parse("2026-Q3", 14, &p), 0);
    assert_string_equal(p.data_from, "2026-06-15");
    assert_string_equal(p.cutoff, "2026-09-14");
    assert_int_equal(rep_period_parse("2026-H1", 14, &p), 0);
    assert_string_equal(p.cutoff, "2026-06-14");
    assert_int_equal(rep_period_parse("2026-N9", 14, &p), 0);
    assert_string_equal(p.data_from, "2025-12-15");
    assert_string_equal(p.cutoff, "2026-09-14");
    assert_int_equal(rep_period_parse("2026", 14, &p), 0);
    assert_string_equal(p.cycle, "year");
    assert_string_equal(p.cutoff, "2026-12-14");
    assert_int_equal(rep_period_parse("2026-CD1", 14, &p), 0);
    assert_string_equal(p.cycle, "thematic");
    static const char *const bad[] = {"2026-13",  "2026-00", "26-11", "2026-Q5", "2026-H2",
                                      "2026-11x", "abcd",    "",      "2026-CD", NULL};
    for (int i = 0; bad[i]; i++)
        assert_int_equal(rep_period_parse(bad[i], 14, &p), -1);
    assert_string_equal(rep_period_label(f->a, "2026-Q3"), "Quý III/2026");
    assert_string_equal(rep_period_label(f->a, "2026-11"), "Tháng 11/2026");
    assert_string_equal(rep_period_label(f->a, "2026-H1"), "6 tháng đầu năm 2026");
    const char **keys;
    assert_int_equal(rep_periods_of_year(f->a, "month", 2026, &keys), 12);
    assert_int_equal(rep_periods_of_year(f->a, "quarter", 2026, &keys), 4);
    assert_string_equal(keys[3], "2026-Q4");

    /* Due dates: a day of the last month moved to the next working day; per level; or N working
     * days after the cut-off across a holiday. */
    rep_type t = {
        .due_kind = "day", .due_value = 25, .due_by_level = "{\"XA\": 18}", .cutoff_day = 14};
    char due[11];
    assert_int_equal(rep_period_parse("2026-04", 14, &p), 0);
    assert_int_equal(rep_due_date(f->d, &t, &p, "TINH", due), 0);
    assert_string_equal(due, "2026-04-28"); /* 25/4 Saturday, 26 Sunday, 27 Giỗ Tổ day off */
    assert_int_equal(rep_due_date(f->d, &t, &p, "XA", due), 0);
    assert_string_equal(due, "2026-04-20"); /* 18/4 Saturday → Monday 20 */
    assert_int_equal(rep_period_parse("2026-02", 14, &p), 0);
    t = (rep_type){.due_kind = "workdays", .due_value = 2, .due_by_level = "{}", .cutoff_day = 14};
    assert_int_equal(rep_due_date(f->d, &t, &p, "XA", due), 0);
    assert_string_equal(due, "2026-02-24"); /* Tết: 14/2 → 23, 24 February */
}

/* ---- a type, a period, a report ----------------------------------------------------------- */

static const char type_json[] =
    "{\"code\":\"BC_T\",\"name\":\"Báo cáo thử\",\"cycles\":[\"month\",\"quarter\"],"
    "\"levels\":[\"XA\"],\"recipient_unit_id\":2,\"effective_from\":\"2026-01-01\","
    "\"cutoff_day\":14,\"due\":{\"kind\":\"day\",\"value\":25,\"by_level\":{\"XA\":20}},"
    "\"form\":{\"from_period\":\"2026-01\",\"indicators\":["
    "{\"code\":\"A\",\"name\":\"Chỉ tiêu A\",\"type\":\"integer\",\"required\":true},"
    "{\"code\":\"B\",\"name\":\"Chỉ tiêu B\",\"type\":\"integer\"},"
    "{\"code\":\"R\",\"name\":\"Tỷ lệ\",\"type\":\"percent\",\"aggregation\":\"avg\"},"
    "{\"code\":\"K\",\"name\":\"Có sự cố\",\"type\":\"yesno\"}],"
    "\"sections\":[{\"code\":\"GT\",\"name\":\"Giải trình\"}],"
    "\"rules\":[{\"expr\":\"B <= A\",\"message\":\"B không vượt A.\"},"
    "{\"expr\":\"required_if(GT, K = 1)\",\"message\":\"Có sự cố thì giải trình.\"}]}}";

static int64_t make_type(struct fx *f, const char *patch_key, json_t *patch_val, web_err *e)
{
    json_t *j = json_loads(type_json, 0, NULL);
    assert_non_null(j);
    if (patch_key)
        json_object_set_new(j, patch_key, patch_val);
    int64_t id = rep_type_save(&f->c[P_ADMIN], 0, j, e);
    json_decref(j);
    return id;
}

/* A file as the HTTP layer leaves an upload: in the tmp folder with its SHA-256. */
static http_upload upload(struct fx *f, const char *name, const char *data)
{
    static char paths[2][128];
    static int k;
    char *path = paths[k++ % 2];
    snprintf(path, 128, "%s/up-XXXXXX", f->tmp);
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    size_t n = strlen(data);
    assert_int_equal(write(fd, data, n), (ssize_t)n);
    close(fd);
    http_upload u = {.field = "file", .filename = name, .tmp_path = path, .size = (int64_t)n};
    unsigned char dg[32];
    crypto_hash_sha256(dg, (const unsigned char *)data, n);
    sodium_bin2hex(u.sha256_hex, sizeof u.sha256_hex, dg, sizeof dg);
    return u;
}

static const db_query q_att = {"t.att", "SELECT count(*) FROM attachments WHERE doc_kind = 'in'",
                               NULL};
static const db_query q_types = {"t.types", "SELECT count(*) FROM report_types", NULL};
static const db_query q_vals = {"t.vals", "SELECT count(*) FROM report_values", NULL};
static const db_query q_incoming = {"t.in", "SELECT count(*) FROM incoming", NULL};

static void test_type_refused(void **state)
{
    struct fx *f = *state;
    web_err e;
    assert_int_equal(make_type(f, "due", json_pack("{s:s, s:i}", "kind", "day", "value", 14), &e),
                     -1);
    assert_int_equal(e.status, 422);
    assert_string_equal(e.e[0].field, "due");
    assert_non_null(strstr(e.e[0].message, "trước hoặc trùng ngày chốt"));
    assert_int_equal(
        make_type(f, "due", json_pack("{s:s, s:i}", "kind", "workdays", "value", 0), &e), -1);
    assert_non_null(strstr(web_err_message(&e), "ít nhất 1 ngày làm việc"));
    assert_int_equal(make_type(f, "levels", json_pack("[s]", "LANG"), &e), -1);
    assert_int_equal(make_type(f, "cycles", json_pack("[s]", "weekly"), &e), -1);
    assert_int_equal(fx_value(f, &q_types), 0);
    /* Not the administrator: refused before anything is read. */
    json_t *j = json_loads(type_json, 0, NULL);
    assert_int_equal(rep_type_save(&f->c[P_CLERK], 0, j, &e), -1);
    assert_int_equal(e.status, 403);
    json_decref(j);
    /* A good one, then the same code again. */
    assert_true(make_type(f, NULL, NULL, &e) > 0);
    assert_int_equal(make_type(f, NULL, NULL, &e), -1);
    assert_int_equal(e.status, 409);
    assert_int_equal(fx_value(f, &q_types), 1);
}

static bool num_is(json_t *vals, const char *code, double v)
{
    json_t *x = json_object_get(vals, code);
    return x && fabs(json_number_value(x) - v) < 1e-9;
}

static void test_cycle(void **state)
{
    struct fx *f = *state;
    web_err e;
    int64_t type = make_type(f, NULL, NULL, &e);
    assert_true(type > 0);
    /* The clock: 2 March 2026. February's report is due on the 20th, in Tết: the 23rd. */
    ctx *clerk = &f->c[P_CLERK], *ward = &f->c[P_UNIT], *other = &f->c[P_SPEC2];
    assert_int_equal(rep_open_period(ward, type, "2026-02", NULL, NULL, &e), -1);
    assert_int_equal(e.status, 403);
    assert_int_equal(rep_open_period(clerk, type, "2026-02", NULL, NULL, &e), 1);
    assert_int_equal(rep_open_period(clerk, type, "2026-02", NULL, NULL, &e), 0); /* idempotent */
    assert_int_equal(rep_open_period(clerk, type, "2026-03", NULL, NULL, &e), 1);
    rep_filter fl = {.type_id = type, .period = "2026-02"};
    rep_instance *rows;
    assert_int_equal(rep_list(ward, &fl, &rows), 1);
    const rep_instance *r = &rows[0];
    assert_string_equal(r->due_date, "2026-02-23"); /* 20/2 is within Tết */
    assert_string_equal(rep_status(ward, r), "overdue");
    assert_int_equal(rep_list(other, &fl, &rows), 0); /* another unit's specialist */
    assert_null(rep_get(other, r->id));
    int64_t id = r->id;

    /* Wrong type and broken rules: nothing saved. */
    json_t *v = json_pack("{s:s, s:i}", "A", "mười", "B", 2);
    rep_submission s = {.values = v, .submit = true};
    assert_int_equal(rep_save(ward, id, &s, &e), -1);
    assert_string_equal(e.e[0].field, "A");
    json_decref(v);
    v = json_pack("{s:i, s:i, s:b}", "A", 2, "B", 5, "K", 1);
    s.values = v;
    assert_int_equal(rep_save(ward, id, &s, &e), -1);
    assert_int_equal(e.n, 2);
    assert_string_equal(e.e[0].message, "B không vượt A.");
    assert_string_equal(e.e[1].message, "Có sự cố thì giải trình.");
    json_decref(v);
    assert_int_equal(fx_value(f, &q_vals), 0);
    /* The clerk of the city may not fill the ward's report. */
    v = json_pack("{s:i}", "A", 5);
    s.values = v;
    assert_int_equal(rep_save(clerk, id, &s, &e), -1);
    assert_int_equal(e.status, 403);
    json_decref(v);

    /* Good values, submitted late (due 23/2), with a number the register can read. */
    v = json_pack("{s:s, s:i, s:s, s:b, s:s}", "A", "1.200", "B", 900, "R", "87,5", "K", 1, "GT",
                  "Có vụ khiếu nại đông người.");
    /* A file that is not a PDF or Word document is refused, and nothing is saved. */
    http_upload txt = upload(f, "bao-cao.txt", "chỉ là văn bản thường");
    s = (rep_submission){.values = v,
                         .submit = true,
                         .doc_code = "07-BC/ĐU",
                         .doc_date = "2026-03-01",
                         .file = &txt};
    assert_int_equal(rep_save(ward, id, &s, &e), -1);
    assert_int_equal(e.status, 415);
    assert_int_equal(fx_value(f, &q_vals), 0);
    http_upload pdf = upload(f, "bao-cao.pdf",
                             "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n"
                             "trailer << /Root 1 0 R >>\n%%EOF\n");
    s.file = &pdf;
    assert_int_equal(rep_save(ward, id, &s, &e), 0);
    json_decref(v);
    r = rep_get(ward, id);
    assert_string_equal(r->status, "submitted");
    assert_string_equal(rep_timeliness(r), "late");
    assert_int_equal(rep_save(ward, id, &(rep_submission){.submit = true}, &e), -1);
    assert_int_equal(e.status, 409);
    /* The home page's "chờ kiểm tra" count is rep_may_review over the submitted reports, for
     * every role: the receiving clerk has this one, the ward that sent it none. */
    for (int p = 0; p < P_N; p++) {
        rep_filter sf = {.status = "submitted", .limit = 200};
        rep_instance *sub;
        int ns = rep_list(&f->c[p], &sf, &sub), want = 0;
        for (int i = 0; i < ns; i++)
            want += rep_may_review(&f->c[p], &sub[i]);
        assert_int_equal(rep_review_waiting_count(&f->c[p]), want);
    }
    assert_int_equal(rep_review_waiting_count(clerk), 1);
    assert_int_equal(rep_review_waiting_count(ward), 0);

    /* Returned (comment required), corrected, accepted: registered as incoming at VPTU. */
    assert_int_equal(rep_return(clerk, id, "", &e), -1);
    assert_int_equal(rep_return(ward, id, "x", &e), -1);
    assert_int_equal(rep_return(clerk, id, "Tỷ lệ chưa đúng.", &e), 0);
    assert_string_equal(rep_get(ward, id)->status, "returned");
    v = json_pack("{s:f}", "R", 90.0);
    s = (rep_submission){.values = v, .submit = true};
    assert_int_equal(rep_save(ward, id, &s, &e), 0);
    json_decref(v);
    int64_t before = fx_value(f, &q_incoming);
    assert_int_equal(rep_accept(clerk, id, &e), 0);
    assert_int_equal(fx_value(f, &q_incoming), before + 1);
    assert_int_equal(fx_value(f, &q_att), 1); /* the signed file, on the incoming record */
    r = rep_get(clerk, id);
    assert_string_equal(r->status, "accepted");
    assert_true(r->incoming_id > 0);
    const rep_form *form = rep_form_for(clerk, type, NULL, r->form_id);
    assert_non_null(form);
    json_t *vals = rep_values_json(clerk, r, form);
    assert_true(num_is(vals, "A", 1200) && num_is(vals, "B", 900) && num_is(vals, "R", 90));
    assert_true(json_is_true(json_object_get(vals, "K")));
    json_decref(vals);
    rep_event *ev;
    assert_int_equal(rep_events(clerk, id, &ev), 4);
    assert_string_equal(ev[1].kind, "return");

    /* March is not open before its cut-off (14/3). */
    fl.period = "2026-03";
    assert_int_equal(rep_list(ward, &fl, &rows), 1);
    assert_string_equal(rep_status(ward, &rows[0]), "not_due");
    v = json_pack("{s:i}", "A", 1);
    s = (rep_submission){.values = v};
    assert_int_equal(rep_save(ward, rows[0].id, &s, &e), -1);
    assert_string_equal(e.code, "period_not_open");
    json_decref(v);

    /* The aggregate and the completeness as the city sees them. */
    const char *periods[] = {"2026-02", "2026-03"};
    rep_aggregate ag;
    assert_int_equal(rep_aggregate_run(clerk, type, 0, periods, 2, true, &ag, &e), 0);
    assert_int_equal(ag.counts[0], 1);
    assert_int_equal(ag.counts[1], 0);
    assert_true(fabs(ag.values[0] - 1200) < 1e-9);
    assert_true(isnan(ag.values[ag.n_ind + 0]));
    rep_matrix m;
    assert_int_equal(rep_completeness(clerk, type, "month", 2026, &m, &e), 0);
    assert_int_equal(m.n_units, 1);
    assert_int_equal(m.n_periods, 12);
    assert_string_equal(m.cells[1].status, "accepted");
    assert_string_equal(m.cells[1].timely, "late");
    assert_string_equal(m.cells[2].status, "not_due");
    assert_int_equal(m.cells[0].id, 0);

    /* The synthesis: a draft of the office with the figures; the report is now included. */
    int64_t out = rep_synthesis(clerk, type, "2026-02", &e);
    assert_true(out > 0);
    assert_string_equal(rep_get(clerk, id)->status, "included");
    assert_int_equal(rep_synthesis(ward, type, "2026-02", &e), -1);
    assert_int_equal(e.status, 403);
}

static const db_query q_inst = {"t.inst", "SELECT count(*) FROM report_instances", NULL};
static const db_query q_notes = {"t.notes", "SELECT count(*) FROM notifications", NULL};
/* Every reminder names its record: the report (a unit's reminder) or the type (the late list). */
static const db_query q_notes_unlinked = {
    "t.notes_unlinked",
    "SELECT count(*) FROM notifications WHERE (kind LIKE 'reporting.%' OR kind LIKE 'reptype.%')"
    " AND (doc_id IS NULL OR doc_id <= 0)",
    NULL};
static const db_query q_notes_late = {
    "t.notes_late", "SELECT count(*) FROM notifications WHERE kind = 'reptype.overdue'", NULL};
static const db_query q_late = {"t.late",
                                "SELECT count(*) FROM report_reminders WHERE kind = 'late'", NULL};

/* The daily tick opens the current periods by itself and reminds: the late list reaches the
 * office once, however often the tick runs. */
static void test_tick(void **state)
{
    struct fx *f = *state;
    web_err e;
    assert_true(make_type(f, NULL, NULL, &e) > 0);
    assert_int_equal(fx_value(f, &q_inst), 0);
    int64_t notes = fx_value(f, &q_notes);
    /* 2 March 2026: February (due 23/2) is late, March and the first quarter are open. */
    assert_true(rep_tick(f->d, "2026-03-02", true) > 0);
    assert_int_equal(fx_value(f, &q_inst), 3);
    assert_int_equal(fx_value(f, &q_late), 1);
    assert_true(fx_value(f, &q_notes) > notes);
    notes = fx_value(f, &q_notes);
    assert_int_equal(rep_tick(f->d, "2026-03-02", false), 0); /* once a day */
    assert_int_equal(rep_tick(f->d, "2026-03-02", true), 0);  /* nothing new to say */
    assert_int_equal(fx_value(f, &q_notes), notes);
    /* 18 March: two working days before the due date of March (20/3) the ward is reminded. */
    assert_true(rep_tick(f->d, "2026-03-18", true) > 0);
    assert_true(fx_value(f, &q_notes) > notes);
    assert_true(fx_value(f, &q_notes_late) > 0);
    assert_int_equal(fx_value(f, &q_notes_unlinked), 0);
}

/* A commune merged into the ward on 1/7/2025, under a district merged into the city: its May
 * report is owed by it and counts up to the city through the successors; August is the
 * ward's. History is not rewritten. */
static void test_merged(void **state)
{
    struct fx *f = *state;
    char *err = NULL;
    if (db_exec_script(f->d,
                       "INSERT INTO units (id, parent_id, name, abbr, level, valid_from, valid_to,"
                       " created_at, updated_at) VALUES (5, NULL, 'Huyện ủy cũ', 'HU', 'HUYEN',"
                       " '2010-01-01', '2025-06-30', 'x', 'x'), (6, 5, 'Đảng ủy xã cũ', 'ĐU', 'XA',"
                       " '2010-01-01', '2025-06-30', 'x', 'x');"
                       "INSERT INTO unit_successors (unit_id, successor_id, kind, effective_date,"
                       " created_at) VALUES (6, 4, 'merge', '2025-07-01', 'x'),"
                       " (5, 1, 'merge', '2025-07-01', 'x');",
                       &err) != 0)
        fail_msg("seed: %s", err);
    json_t *j = json_loads(type_json, 0, NULL);
    json_object_set_new(j, "effective_from", json_string("2025-01-01"));
    json_object_set_new(json_object_get(j, "form"), "from_period", json_string("2025-01"));
    web_err e;
    int64_t type = rep_type_save(&f->c[P_ADMIN], 0, j, &e);
    json_decref(j);
    assert_true(type > 0);
    ctx *clerk = &f->c[P_CLERK];
    assert_int_equal(rep_open_period(clerk, type, "2025-05", NULL, NULL, &e), 1);
    assert_int_equal(rep_open_period(clerk, type, "2025-08", NULL, NULL, &e), 1);
    if (db_exec_script(f->d,
                       "UPDATE report_instances SET status = 'accepted' WHERE unit_id IN (4, 6);"
                       "INSERT INTO report_values (instance_id, indicator_id, num)"
                       " SELECT i.id, n.id, CASE i.unit_id WHEN 6 THEN 40 ELSE 70 END"
                       " FROM report_instances i JOIN report_indicators n ON n.type_id = i.type_id"
                       " AND n.code = 'A';",
                       &err) != 0)
        fail_msg("values: %s", err);
    assert_int_equal(rep_repack(f->d, type), 2);
    const char *periods[] = {"2025-05", "2025-08"};
    rep_aggregate ag;
    assert_int_equal(rep_aggregate_run(clerk, type, 0, periods, 2, true, &ag, &e), 0);
    assert_int_equal(ag.counts[0], 1);
    assert_int_equal(ag.counts[1], 1);
    assert_true(fabs(ag.values[0] - 40) < 1e-9);
    assert_true(fabs(ag.values[ag.n_ind] - 70) < 1e-9);
    /* By child: August in the ward's row; May in the total only (its branch is gone). */
    for (int k = 0; k < ag.n_children; k++)
        if (ag.child_ids[k] == U_WARD) {
            assert_true(isnan(ag.child_values[((size_t)k * 2 + 0) * ag.n_ind]));
            assert_true(fabs(ag.child_values[((size_t)k * 2 + 1) * ag.n_ind] - 70) < 1e-9);
        }
}

/* Secrecy (issue 14): a Mật type's reports are seen by the ward that writes them and the
 * leaders; the office's specialist and clerk, and the administrator, get nothing — no row, no
 * report, no aggregate — and only the status of the cell in the completeness matrix. */
static void test_secrecy(void **state)
{
    struct fx *f = *state;
    web_err e;
    /* A level outside the catalogue is refused as a whole. */
    assert_int_equal(make_type(f, "secrecy", json_string("bi_mat"), &e), -1);
    assert_string_equal(e.e[0].field, "secrecy");
    assert_int_equal(fx_value(f, &q_types), 0);
    int64_t type = make_type(f, "secrecy", json_string("mat"), &e);
    assert_true(type > 0);
    assert_int_equal(rep_type_get(&f->c[P_ADMIN], type)->secrecy, SECRECY_MAT);
    ctx *clerk = &f->c[P_CLERK], *ward = &f->c[P_UNIT];
    assert_int_equal(rep_open_period(clerk, type, "2026-02", NULL, NULL, &e), 1);
    rep_filter fl = {.type_id = type, .period = "2026-02"};
    rep_instance *rows;
    assert_int_equal(rep_list(ward, &fl, &rows), 1);
    int64_t id = rows[0].id;
    json_t *v = json_pack("{s:i, s:i}", "A", 12, "B", 3);
    rep_submission s = {.values = v, .submit = true};
    assert_int_equal(rep_save(ward, id, &s, &e), 0);
    json_decref(v);
    /* The rule itself. */
    assert_true(rep_secret_cleared(ward, 0, 999, 0));
    assert_true(rep_secret_cleared(&f->c[P_OFFICE], SECRECY_MAT, U_WARD, 0));
    assert_true(rep_secret_cleared(&f->c[P_LEADER], SECRECY_MAT, U_WARD, 0));
    assert_true(rep_secret_cleared(ward, SECRECY_MAT, U_WARD, 0));
    assert_false(rep_secret_cleared(&f->c[P_SPEC], SECRECY_MAT, U_WARD, 0));
    assert_false(rep_secret_cleared(clerk, SECRECY_MAT, U_WARD, 0));
    assert_false(rep_secret_cleared(&f->c[P_ADMIN], SECRECY_MAT, U_WARD, 0));
    assert_true(rep_secret_cleared(clerk, SECRECY_MAT, U_WARD, f->users[P_CLERK].id));
    /* Through the service. */
    assert_non_null(rep_get(ward, id));
    assert_non_null(rep_get(&f->c[P_OFFICE], id));
    assert_null(rep_get(&f->c[P_SPEC], id));
    assert_null(rep_get(clerk, id));
    assert_null(rep_get(&f->c[P_ADMIN], id));
    assert_int_equal(rep_list(clerk, &fl, &rows), 0);
    assert_int_equal(rep_list(&f->c[P_OFFICE], &fl, &rows), 1);
    const char *periods[] = {"2026-02"};
    rep_aggregate ag;
    assert_int_equal(rep_aggregate_run(clerk, type, 0, periods, 1, false, &ag, &e), -1);
    assert_int_equal(e.status, 404);
    assert_int_equal(rep_aggregate_run(&f->c[P_OFFICE], type, 0, periods, 1, false, &ag, &e), 0);
    assert_true(fabs(ag.values[0] - 12) < 1e-9);
    rep_matrix m;
    assert_int_equal(rep_completeness(clerk, type, "month", 2026, &m, &e), 0);
    bool seen = false;
    for (int k = 0; k < m.n_units * m.n_periods; k++)
        if (m.cells[k].id == id) {
            seen = true;
            assert_true(m.cells[k].hidden);
            assert_string_equal(m.cells[k].status, "submitted");
        }
    assert_true(seen);
    assert_int_equal(rep_completeness(&f->c[P_OFFICE], type, "month", 2026, &m, &e), 0);
    for (int k = 0; k < m.n_units * m.n_periods; k++)
        assert_false(m.cells[k].hidden);
    /* The audit trail: the submission's values are redacted for the administrator. */
    audit_register_entity("report", rep_audit_may_see);
    arena *a = arena_new();
    audit_row *ar;
    int64_t total;
    int st;
    audit_filter af = {.action = "report.submit", .entity = "report", .entity_id = id};
    assert_int_equal(audit_list(f->d, a, &f->users[P_ADMIN], &af, &ar, &total, &st), 1);
    assert_true(ar[0].redacted);
    assert_null(ar[0].after_json);
    arena_free(&a);
    /* Back to normal: the clerk sees it again (so it was the secrecy that hid it). */
    json_t *j = json_pack("{s:s}", "secrecy", "none");
    assert_int_equal(rep_type_save(&f->c[P_ADMIN], type, j, &e), type);
    json_decref(j);
    assert_non_null(rep_get(clerk, id));
}

/* A computed indicator (its "formula"): refused when the formula is bad or names what it may
 * not (itself, another computed one, a text, an unknown code); worked out on every save, a
 * typed value for it overwritten, missing while an input is. */
static int64_t computed_type(struct fx *f, const char *formula, const char *ctype, web_err *e)
{
    json_t *j = json_loads(type_json, 0, NULL);
    json_t *inds = json_object_get(json_object_get(j, "form"), "indicators");
    json_array_append_new(inds, json_pack("{s:s, s:s, s:s, s:s}", "code", "C", "name", "Tổng",
                                          "type", ctype, "formula", formula));
    json_array_append_new(inds, json_pack("{s:s, s:s, s:s, s:s}", "code", "D", "name", "Gấp đôi",
                                          "type", "decimal", "formula", "A * 2"));
    int64_t id = rep_type_save(&f->c[P_ADMIN], 0, j, e);
    json_decref(j);
    return id;
}

static void test_computed(void **state)
{
    struct fx *f = *state;
    web_err e;
    static const struct {
        const char *formula, *type, *says;
    } bad[] = {{"A + ", "integer", "Công thức của chỉ tiêu thứ 5"},
               {"A + X", "integer", "nhắc đến X: không có trong biểu mẫu"},
               {"A + C", "integer", "là chính chỉ tiêu này"},
               {"A + D", "integer", "cũng là chỉ tiêu tự tính"},
               {"A + K", "integer", "không phải chỉ tiêu số"},
               {"A + B", "text", "phải có kiểu số"}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(computed_type(f, bad[i].formula, bad[i].type, &e), -1);
        assert_int_equal(e.status, 422);
        assert_string_equal(e.e[0].field, "form.indicators[4].formula");
        if (!strstr(e.e[0].message, bad[i].says))
            fail_msg("%s: %s", bad[i].formula, e.e[0].message);
    }
    assert_int_equal(fx_value(f, &q_types), 0);
    int64_t type = computed_type(f, "A + B", "integer", &e);
    assert_true(type > 0);
    ctx *clerk = &f->c[P_CLERK], *ward = &f->c[P_UNIT];
    assert_int_equal(rep_open_period(clerk, type, "2026-02", NULL, NULL, &e), 1);
    rep_filter fl = {.type_id = type, .period = "2026-02"};
    rep_instance *rows;
    assert_int_equal(rep_list(ward, &fl, &rows), 1);
    int64_t id = rows[0].id;
    json_t *v = json_pack("{s:i, s:i, s:i}", "A", 7, "B", 5, "C", 100);
    rep_submission s = {.values = v};
    assert_int_equal(rep_save(ward, id, &s, &e), 0);
    json_decref(v);
    const rep_instance *r = rep_get(ward, id);
    const rep_form *form = rep_form_for(ward, type, NULL, r->form_id);
    assert_non_null(form);
    json_t *vals = rep_values_json(ward, r, form);
    assert_true(num_is(vals, "C", 12)); /* A + B, not the 100 typed */
    assert_true(num_is(vals, "D", 14));
    json_decref(vals);
    /* B cleared: C cannot be worked out, D still can */
    v = json_pack("{s:i, s:n}", "A", 7, "B");
    s.values = v;
    assert_int_equal(rep_save(ward, id, &s, &e), 0);
    json_decref(v);
    vals = rep_values_json(ward, rep_get(ward, id), form);
    assert_null(json_object_get(vals, "C"));
    assert_true(num_is(vals, "D", 14));
    json_decref(vals);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_expr),
        cmocka_unit_test(test_expr_errors),
        cmocka_unit_test_setup_teardown(test_periods, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_type_refused, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_cycle, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_computed, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_tick, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_merged, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_secrecy, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
