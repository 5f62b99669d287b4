/* The wiring of the reporting regime to its sources (reporting.h "sources of figures"): the
 * registry, the "source" of an indicator as data of the form (validated, exported, remapped by
 * the administrator), and the prefill — the mapped indicators take the source's figures in
 * the indicator's type, the others keep what was saved, nothing is written, only the
 * reporting unit and only while the report is open or returned. Then the real wiring: the
 * seeded citizen-reception type names the petitions source, which petitions_init registers. */
#include "test_outgoing_fixture.h"

#include <math.h>

#include <jansson.h>

#include "petitions/petitions.h"
#include "reporting/reporting.h"

static int fake_calls;
static int64_t fake_unit, fake_ref;
static char fake_from[11], fake_to[11];

static int fake_fill(ctx *c, int64_t unit_id, const char *from, const char *to, int64_t ref,
                     json_t *out, web_err *e)
{
    (void)c;
    (void)e;
    fake_calls++;
    fake_unit = unit_id;
    fake_ref = ref;
    snprintf(fake_from, sizeof fake_from, "%s", from);
    snprintf(fake_to, sizeof fake_to, "%s", to);
    json_object_set_new(out, "X", json_integer(7));
    json_object_set_new(out, "Y", json_real(91.6666));
    json_object_set_new(out, "Z", json_integer(1));
    json_object_set_new(out, "W", json_real(4.6)); /* rounded into an integer indicator */
    return 0;
}

static int other_fill(ctx *c, int64_t unit_id, const char *from, const char *to, int64_t ref,
                      json_t *out, web_err *e)
{
    (void)c, (void)unit_id, (void)from, (void)to, (void)ref;
    json_object_set_new(out, "X", json_integer(99));
    (void)e;
    return 0;
}

static const rep_source fake = {"fake", "Lấy số liệu thử", fake_fill, NULL};
static const rep_source fake2 = {"fake", "Lấy số liệu thử", other_fill, NULL};
static const rep_source unused = {"unused", "Không dùng", other_fill, NULL};

static void test_registry(void **state)
{
    (void)state;
    reporting_source_register(&unused);
    reporting_source_register(&fake2);
    assert_ptr_equal(reporting_source_find("fake"), &fake2);
    reporting_source_register(&fake); /* the same name replaces */
    assert_ptr_equal(reporting_source_find("fake"), &fake);
    assert_ptr_equal(reporting_source_find("unused"), &unused);
    assert_null(reporting_source_find("nothing"));
    assert_null(reporting_source_find(NULL));
    assert_true(rep_source_ref_ok("petitions:TD_SO_LUOT_TIEP"));
    assert_true(rep_source_ref_ok("conferences:members_total"));
    assert_false(rep_source_ref_ok("petitions"));
    assert_false(rep_source_ref_ok(":X"));
    assert_false(rep_source_ref_ok("petitions:"));
    assert_false(rep_source_ref_ok("Petitions:X"));
    assert_false(rep_source_ref_ok("pet itions:X"));
    assert_false(rep_source_ref_ok("petitions:X-Y"));
    assert_false(rep_source_ref_ok("petitions:X:Y"));
}

static const char type_json[] =
    "{\"code\":\"BC_NGUON\",\"name\":\"Báo cáo lấy số liệu\",\"cycles\":[\"month\"],"
    "\"levels\":[\"XA\"],\"recipient_unit_id\":2,\"effective_from\":\"2026-01-01\","
    "\"cutoff_day\":14,\"due\":{\"kind\":\"day\",\"value\":25},"
    "\"form\":{\"from_period\":\"2026-01\",\"indicators\":["
    "{\"code\":\"A\",\"name\":\"Chỉ tiêu A\",\"type\":\"integer\",\"source\":\"fake:X\"},"
    "{\"code\":\"B\",\"name\":\"Chỉ tiêu B\",\"type\":\"integer\"},"
    "{\"code\":\"R\",\"name\":\"Tỷ lệ\",\"type\":\"percent\",\"source\":\"fake:Y\"},"
    "{\"code\":\"K\",\"name\":\"Có kế hoạch\",\"type\":\"yesno\",\"source\":\"fake:Z\"},"
    "{\"code\":\"N\",\"name\":\"Làm tròn\",\"type\":\"integer\",\"source\":\"fake:W\"},"
    "{\"code\":\"M\",\"name\":\"Không có trong nguồn\",\"type\":\"integer\","
    "\"source\":\"fake:NONE\"}],"
    "\"sections\":[{\"code\":\"GT\",\"name\":\"Giải trình\"}],\"rules\":[]}}";

static const db_query q_types = {"t.types", "SELECT count(*) FROM report_types", NULL};
static const db_query q_vals = {"t.vals", "SELECT count(*) FROM report_values", NULL};

static int64_t make_type(struct fx *f, const char *bad_source, web_err *e)
{
    json_t *j = json_loads(type_json, 0, NULL);
    assert_non_null(j);
    if (bad_source) {
        json_t *ind = json_array_get(json_object_get(json_object_get(j, "form"), "indicators"), 2);
        json_object_set_new(ind, "source", json_string(bad_source));
    }
    int64_t id = rep_type_save(&f->c[P_ADMIN], 0, j, e);
    json_decref(j);
    return id;
}

static bool num_is(json_t *vals, const char *code, double v)
{
    json_t *x = json_object_get(vals, code);
    return json_is_number(x) && fabs(json_number_value(x) - v) < 1e-9;
}

static void test_prefill(void **state)
{
    struct fx *f = *state;
    reporting_source_register(&fake);
    web_err e;
    /* A malformed source is refused with the rest of the type: nothing saved. */
    assert_int_equal(make_type(f, "fake-Y", &e), -1);
    assert_int_equal(e.status, 422);
    assert_string_equal(e.e[0].field, "form.indicators[2].source");
    assert_int_equal(fx_value(f, &q_types), 0);
    int64_t type = make_type(f, NULL, &e);
    assert_true(type > 0);
    /* The source is part of the form's JSON (export / import). */
    const rep_type *t = rep_type_get(&f->c[P_ADMIN], type);
    json_t *tj = rep_type_json(&f->c[P_ADMIN], t, true);
    json_t *ind0 = json_array_get(json_object_get(json_object_get(tj, "form"), "indicators"), 0);
    assert_string_equal(json_string_value(json_object_get(ind0, "source")), "fake:X");
    json_decref(tj);

    ctx *clerk = &f->c[P_CLERK], *ward = &f->c[P_UNIT], *other = &f->c[P_SPEC2];
    assert_int_equal(rep_open_period(clerk, type, "2026-02", NULL, NULL, &e), 1);
    rep_filter fl = {.type_id = type, .period = "2026-02"};
    rep_instance *rows;
    assert_int_equal(rep_list(ward, &fl, &rows), 1);
    int64_t id = rows[0].id;
    const rep_form *form = rep_form_for(ward, type, NULL, rows[0].form_id);
    const rep_source **src;
    assert_int_equal(rep_form_sources(ward, form, &src), 1); /* "unused" is named by none */
    assert_ptr_equal(src[0], &fake);

    /* B typed and saved first: the prefill keeps it. */
    json_t *v = json_pack("{s:i, s:i}", "A", 1, "B", 5);
    rep_submission s = {.values = v};
    assert_int_equal(rep_save(ward, id, &s, &e), 0);
    json_decref(v);
    int64_t saved = fx_value(f, &q_vals);

    json_t *vals, *filled;
    const rep_instance *r = rep_get(ward, id);
    assert_int_equal(rep_prefill(ward, r, "fake", 0, &vals, &filled, &e), 0);
    assert_int_equal(fake_calls, 1);
    assert_int_equal(fake_unit, U_WARD);
    assert_int_equal(fake_ref, 0);
    assert_string_equal(fake_from, r->data_from); /* the report's own data window */
    assert_string_equal(fake_to, r->cutoff);
    assert_true(num_is(vals, "A", 7));
    assert_true(json_is_integer(json_object_get(vals, "A")));
    assert_true(num_is(vals, "B", 5));
    assert_true(num_is(vals, "R", 91.67));
    assert_true(json_is_true(json_object_get(vals, "K")));
    assert_true(num_is(vals, "N", 5));
    assert_null(json_object_get(vals, "M")); /* the source has no NONE */
    assert_int_equal(json_array_size(filled), 4);
    assert_string_equal(json_string_value(json_array_get(filled, 0)), "A");
    json_decref(vals);
    json_decref(filled);
    assert_int_equal(fx_value(f, &q_vals), saved); /* nothing written */

    /* A source the form does not name; not the reporting unit; not visible. */
    assert_int_equal(rep_prefill(ward, r, "unused", 0, &vals, &filled, &e), -1);
    assert_int_equal(e.status, 422);
    assert_string_equal(e.e[0].field, "source");
    assert_int_equal(rep_prefill(ward, r, "nothing", 0, &vals, &filled, &e), -1);
    assert_int_equal(e.status, 422);
    assert_int_equal(rep_prefill(clerk, rep_get(clerk, id), "fake", 0, &vals, &filled, &e), -1);
    assert_int_equal(e.status, 403);
    assert_null(rep_get(other, id));
    assert_int_equal(fake_calls, 1);

    /* Submitted: no more prefill (409) until it is returned. */
    v = json_pack("{s:i, s:i}", "A", 7, "B", 5);
    s = (rep_submission){.values = v, .submit = true};
    assert_int_equal(rep_save(ward, id, &s, &e), 0);
    json_decref(v);
    assert_int_equal(rep_prefill(ward, rep_get(ward, id), "fake", 0, &vals, &filled, &e), -1);
    assert_int_equal(e.status, 409);
    assert_int_equal(rep_return(clerk, id, "Kiểm tra lại tỷ lệ.", &e), 0);
    assert_int_equal(rep_prefill(ward, rep_get(ward, id), "fake", 3, &vals, &filled, &e), 0);
    assert_int_equal(fake_ref, 3);
    json_decref(vals);
    json_decref(filled);

    /* The mapping is data: the administrator remaps A to Z in a new form version. */
    json_t *j = json_loads(type_json, 0, NULL);
    json_t *form_j = json_object_get(j, "form");
    json_object_set_new(form_j, "from_period", json_string("2026-03"));
    json_object_set_new(json_array_get(json_object_get(form_j, "indicators"), 0), "source",
                        json_string("fake:Z"));
    json_object_del(j, "code");
    assert_int_equal(rep_type_save(&f->c[P_ADMIN], type, j, &e), type);
    json_decref(j);
    assert_int_equal(rep_open_period(clerk, type, "2026-03", NULL, NULL, &e), 1);
    fl.period = "2026-03";
    assert_int_equal(rep_list(ward, &fl, &rows), 1);
    assert_int_equal(rep_prefill(ward, &rows[0], "fake", 0, &vals, &filled, &e), 0);
    assert_true(num_is(vals, "A", 1));
    json_decref(vals);
    json_decref(filled);
}

/* The real wiring: petitions_init registers "petitions"; the seeded citizen-reception type maps
 * its eight indicators to it; an empty book gives zeros, the unit's own. */
static void test_petitions_wired(void **state)
{
    struct fx *f = *state;
    reporting_init();
    petitions_init();
    const rep_source *p = reporting_source_find("petitions");
    assert_non_null(p);
    assert_null(p->refs);
    char *err = NULL;
    assert_int_equal(rep_seed_types(&f->c[P_ADMIN], &err), 0);
    const rep_type *t = rep_type_by_code(&f->c[P_ADMIN], "BC_TIEP_DAN");
    assert_non_null(t);
    const rep_form *form = rep_form_for(&f->c[P_ADMIN], t->id, "2026-02", 0);
    assert_non_null(form);
    static const char *const mapped[][2] = {{"LUOT_TIEP", "petitions:TD_SO_LUOT_TIEP"},
                                            {"SO_NGUOI", "petitions:TD_SO_NGUOI"},
                                            {"DOAN_DONG_NGUOI", "petitions:TD_DOAN_DONG_NGUOI"},
                                            {"BI_THU_TIEP", "petitions:TD_DINH_KY"},
                                            {"DON_NHAN", "petitions:DON_TONG"},
                                            {"DON_DU_DIEU_KIEN", "petitions:DON_THU_LY"},
                                            {"DON_DA_GIAI_QUYET", "petitions:DON_DA_GIAI_QUYET"},
                                            {"DON_TON", "petitions:DON_TON"}};
    for (size_t i = 0; i < sizeof mapped / sizeof mapped[0]; i++) {
        const rep_indicator *d = NULL;
        for (int k = 0; k < form->n_ind; k++)
            if (strcmp(form->ind[k].code, mapped[i][0]) == 0)
                d = &form->ind[k];
        assert_non_null(d);
        assert_non_null(d->source);
        assert_string_equal(d->source, mapped[i][1]);
    }
    const rep_type *st = rep_type_by_code(&f->c[P_ADMIN], "BC_HOC_TAP_NQ");
    assert_non_null(st);
    web_err e;
    assert_true(rep_open_period(&f->c[P_CLERK], t->id, "2026-02", NULL, NULL, &e) >= 1);
    rep_filter fl = {.type_id = t->id, .period = "2026-02"};
    rep_instance *rows;
    assert_int_equal(rep_list(&f->c[P_UNIT], &fl, &rows), 1);
    json_t *vals, *filled;
    assert_int_equal(rep_prefill(&f->c[P_UNIT], &rows[0], "petitions", 0, &vals, &filled, &e), 0);
    assert_int_equal(json_array_size(filled), 8);
    assert_true(num_is(vals, "LUOT_TIEP", 0));
    assert_true(num_is(vals, "DON_TON", 0));
    json_decref(vals);
    json_decref(filled);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_registry),
        cmocka_unit_test_setup_teardown(test_prefill, fx_setup, fx_teardown),
        cmocka_unit_test_setup_teardown(test_petitions_wired, fx_setup, fx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
