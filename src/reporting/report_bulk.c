/* Bulk values from a unit's own system (reporting.h rep_bulk): rows grouped by instance, each
 * instance saved whole through rep_save or not at all. */
#include <string.h>

#include "base/i18n.h"
#include "reporting/reporting_impl.h"
#include "web/params.h"

static const db_query q_find = {
    "rep.find",
    "SELECT id FROM report_instances WHERE type_id = ?1 AND period = ?2 AND unit_id = ?3", NULL};

static void row_err(json_t *errs, int row, const char *field, const char *msg)
{
    json_array_append_new(
        errs, json_pack("{s:i, s:s?, s:s}", "row", row, "field", field, "message", msg));
}

int rep_bulk(ctx *c, json_t *payload, json_t **result_r, web_err *e)
{
    memset(e, 0, sizeof *e);
    *result_r = NULL;
    const char *code = json_text(c, payload, "type");
    const rep_type *t = code ? rep_type_by_code(c, code) : NULL;
    if (!t) {
        web_err_add(e, 422, "invalid_input", "type", _("Không tìm thấy loại báo cáo theo mã."));
        return -1;
    }
    json_t *rows = json_object_get(payload, "rows");
    size_t n = json_is_array(rows) ? json_array_size(rows) : 0;
    if (n == 0 || n > REP_MAX_BULK_ROWS) {
        web_err_add(e, 422, "invalid_input", "rows",
                    arena_printf(c->a, _("«rows» cần từ 1 đến %d dòng."), REP_MAX_BULK_ROWS));
        return -1;
    }
    bool submit = json_is_true(json_object_get(payload, "submit"));
    json_t *errs = json_array(), *saved = json_array();
    int64_t *inst = arena_alloc(c->a, n * sizeof *inst);
    bool *done = arena_alloc(c->a, n * sizeof *done);
    static const char *const members[] = {"unit_id", "period", "indicator", "value", NULL};
    /* Each row's instance; a row that names none is its own error. */
    for (size_t i = 0; i < n; i++) {
        json_t *r = json_array_get(rows, i);
        int64_t unit_id = 0;
        const char *period = json_is_object(r) ? json_text(c, r, "period") : NULL;
        const char *ind = json_is_object(r) ? json_text(c, r, "indicator") : NULL;
        web_err pe = {0};
        if (!json_is_object(r) || !params_members(c, r, "rows", members, &pe) ||
            json_member_int(r, "unit_id", 1, INT64_MAX, &unit_id) != PARAM_OK || !period || !ind) {
            row_err(errs, (int)i, NULL,
                    _("Mỗi dòng cần unit_id, period, indicator và value (không có trường khác)."));
            inst[i] = -1;
            continue;
        }
        db_stmt *s = db_stmt_get(c->db, &q_find);
        if (!s) {
            json_decref(errs);
            json_decref(saved);
            web_err_db(c, e);
            return -1;
        }
        db_bind_int(s, 1, t->id);
        db_bind_text(s, 2, period);
        db_bind_int(s, 3, unit_id);
        inst[i] = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
        db_reset(s);
        if (inst[i] == 0) {
            row_err(errs, (int)i, "period",
                    _("Kỳ báo cáo chưa mở cho đơn vị này (không có báo cáo phải nộp)."));
            inst[i] = -1;
        }
    }
    /* Instance by instance: its rows as one values object; any bad row keeps it unsaved. */
    for (size_t i = 0; i < n; i++) {
        if (done[i] || inst[i] == 0)
            continue;
        int64_t id = inst[i];
        json_t *values = json_object();
        bool bad = id < 0;
        for (size_t k = i; k < n; k++) {
            if (inst[k] != id)
                continue;
            done[k] = true;
            json_t *r = json_array_get(rows, k);
            const char *ind = json_text(c, r, "indicator");
            if (id > 0 && json_object_get(values, ind)) {
                row_err(errs, (int)k, "indicator", _("Chỉ tiêu này xuất hiện hai lần."));
                bad = true;
            } else if (id > 0)
                json_object_set(values, ind, json_object_get(r, "value"));
        }
        if (id < 0 || bad) {
            json_decref(values);
            continue;
        }
        rep_submission sub = {.values = values, .submit = submit};
        web_err se;
        if (rep_save(c, id, &sub, &se) == 0)
            json_array_append_new(saved, json_integer(id));
        else
            for (int m = 0; m < se.n; m++) {
                /* The message goes to the row of its indicator, else to the group's first row. */
                int row = (int)i;
                for (size_t k = i; se.e[m].field && k < n; k++)
                    if (inst[k] == id && strcmp(json_text(c, json_array_get(rows, k), "indicator"),
                                                se.e[m].field) == 0)
                        row = (int)k;
                row_err(errs, row, se.e[m].field, se.e[m].message);
            }
        json_decref(values);
    }
    int failed = json_array_size(errs) > 0;
    *result_r = json_pack("{s:o, s:o}", "saved", saved, "errors", errs);
    return failed;
}
