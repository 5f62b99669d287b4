/* Report types and their versioned forms (reporting.h): reading, JSON export, validated save. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "base/i18n.h"
#include "catalog/vocab.h"
#include "org/org.h"
#include "reporting/reporting_impl.h"
#include "rules/rules.h"
#include "web/dates.h"
#include "web/params.h"
#include "workdays/workdays.h"

const char *const rep_ind_type_codes[] = {"integer", "decimal", "percent", "text",
                                          "yesno",   "choice",  NULL};
const char *const rep_agg_codes[] = {"sum", "avg", "min", "max", "last", "none", NULL};
static const char *const cycle_codes[] = {"month", "quarter",  "q1",    "half", "nine",
                                          "year",  "thematic", "adhoc", NULL};

const char *rep_ind_type_label(int t)
{
    static const char *const l[] = {N_("Số nguyên"), N_("Số thập phân"),
                                    N_("Tỷ lệ %"),   N_("Văn bản"),
                                    N_("Có/Không"),  N_("Chọn trong danh sách")};
    return t >= 0 && t <= IND_CHOICE ? _(l[t]) : "";
}

const char *rep_agg_label(int a)
{
    static const char *const l[] = {N_("Cộng"),     N_("Trung bình"),  N_("Nhỏ nhất"),
                                    N_("Lớn nhất"), N_("Kỳ gần nhất"), N_("Không tổng hợp")};
    return a >= 0 && a <= AGG_NONE ? _(l[a]) : "";
}

static const db_query q_types = {
    "rep.types",
    "SELECT t.id, t.code, t.name, t.legal_basis, t.cycles, t.cutoff_day, t.due_kind, t.due_value,"
    " t.due_by_level, t.levels, t.recipient_unit_id, u.name, t.effective_from, t.effective_to,"
    " t.secrecy FROM report_types t JOIN units u ON u.id = t.recipient_unit_id"
    " WHERE (?1 IS NULL OR t.id = ?1) AND (?2 IS NULL OR t.code = ?2) ORDER BY t.code",
    NULL,
};
static const db_query q_forms = {
    "rep.forms",
    "SELECT id, version, from_period, definition FROM report_forms WHERE type_id = ?1"
    " AND (?2 IS NULL OR id = ?2) AND (?3 IS NULL OR from_period <= ?3)"
    " ORDER BY version DESC LIMIT ?4",
    NULL,
};
static const db_query q_ind_get = {
    "rep.ind_get", "SELECT id FROM report_indicators WHERE type_id = ?1 AND code = ?2", NULL};
static const db_query q_ind_add = {
    "rep.ind_add", "INSERT INTO report_indicators (type_id, code) VALUES (?1, ?2)", NULL};
static const db_query q_type_insert = {
    "rep.type_insert",
    "INSERT INTO report_types (code, name, legal_basis, cycles, cutoff_day, due_kind, due_value,"
    " due_by_level, levels, recipient_unit_id, effective_from, effective_to, created_at,"
    " updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)",
    NULL,
};
static const db_query q_type_update = {
    "rep.type_update",
    "UPDATE report_types SET code = ?1, name = ?2, legal_basis = ?3, cycles = ?4, cutoff_day = ?5,"
    " due_kind = ?6, due_value = ?7, due_by_level = ?8, levels = ?9, recipient_unit_id = ?10,"
    " effective_from = ?11, effective_to = ?12, updated_at = ?13 WHERE id = ?14",
    NULL,
};
static const db_query q_type_secrecy = {"rep.type_secrecy",
                                        "UPDATE report_types SET secrecy = ?1 WHERE id = ?2", NULL};
static const db_query q_code_used = {
    "rep.code_used", "SELECT id FROM report_types WHERE code = ?1 AND id <> ?2", NULL};
static const db_query q_form_insert = {
    "rep.form_insert",
    "INSERT INTO report_forms (type_id, version, from_period, definition, created_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5)",
    NULL,
};

char *rep_dump(json_t *j)
{
    return json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
}

static const char **str_array(ctx *c, const char *json, int *n_r)
{
    json_t *j = json_loads(json ? json : "[]", 0, NULL);
    size_t n = json_is_array(j) ? json_array_size(j) : 0;
    const char **v = arena_alloc(c->a, (n + 1) * sizeof *v);
    int k = 0;
    for (size_t i = 0; i < n; i++)
        if (json_is_string(json_array_get(j, i)))
            v[k++] = arena_strdup(c->a, json_string_value(json_array_get(j, i)));
    json_decref(j);
    *n_r = k;
    return v;
}

static int load_types(ctx *c, int64_t id, const char *code, rep_type **rows_r)
{
    db_stmt *s = db_stmt_get(c->db, &q_types);
    if (!s)
        return -1;
    if (id > 0)
        db_bind_int(s, 1, id);
    db_bind_text(s, 2, code);
    int n = 0, cap = 8, rc;
    rep_type *v = arena_alloc(c->a, (size_t)cap * sizeof *v);
    while ((rc = db_step(s)) == DB_ROW) {
        ARENA_GROW(c->a, v, n, cap);
        rep_type *t = &v[n++];
        memset(t, 0, sizeof *t);
        t->id = db_col_int(s, 0);
        t->code = arena_strdup(c->a, db_col_text(s, 1));
        t->name = arena_strdup(c->a, db_col_text(s, 2));
        t->legal_basis = arena_strdup(c->a, db_col_text(s, 3));
        t->cycles = str_array(c, db_col_text(s, 4), &t->n_cycles);
        t->cutoff_day = (int)db_col_int(s, 5);
        t->due_kind = arena_strdup(c->a, db_col_text(s, 6));
        t->due_value = (int)db_col_int(s, 7);
        t->due_by_level = arena_strdup(c->a, db_col_text(s, 8));
        t->levels = str_array(c, db_col_text(s, 9), &t->n_levels);
        t->recipient_unit_id = db_col_int(s, 10);
        t->recipient_name = arena_strdup(c->a, db_col_text(s, 11));
        t->effective_from = arena_strdup(c->a, db_col_text(s, 12));
        t->effective_to = arena_strdup(c->a, db_col_text(s, 13));
        t->secrecy = (int)db_col_int(s, 14);
    }
    db_reset(s);
    *rows_r = v;
    return rc == DB_DONE ? n : -1;
}

int rep_types(ctx *c, rep_type **rows_r)
{
    return load_types(c, 0, NULL, rows_r);
}

const rep_type *rep_type_get(ctx *c, int64_t id)
{
    rep_type *v;
    return id > 0 && load_types(c, id, NULL, &v) == 1 ? v : NULL;
}

const rep_type *rep_type_by_code(ctx *c, const char *code)
{
    rep_type *v;
    return code && load_types(c, 0, code, &v) == 1 ? v : NULL;
}

bool rep_may_admin(ctx *c)
{
    return c->user && c->user->role == ROLE_ADMIN;
}

static bool code_ok(const char *s, size_t max)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > max || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
        return false;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && s[i] != '_' && s[i] != '-')
            return false;
    return true;
}

static bool ind_code_ok(const char *s)
{
    if (!code_ok(s, 40) || strchr(s, '-'))
        return false;
    static const char *const kw[] = {"and", "or", "not", "required_if", NULL};
    for (int i = 0; kw[i]; i++)
        if (strcasecmp(s, kw[i]) == 0)
            return false;
    return true;
}

static int code_index(const char *const *codes, const char *s)
{
    for (int i = 0; s && codes[i]; i++)
        if (strcmp(codes[i], s) == 0)
            return i;
    return -1;
}

const rep_indicator *rep_form_find(const rep_form *f, const char *code)
{
    for (int i = 0; i < f->n_ind; i++)
        if (strcmp(f->ind[i].code, code) == 0)
            return &f->ind[i];
    return NULL;
}

static const char *fld(ctx *c, const char *prefix, const char *what, int i, const char *member)
{
    return arena_printf(c->a, "%s.%s[%d]%s%s", prefix, what, i, member ? "." : "",
                        member ? member : "");
}

static void parse_ind(ctx *c, json_t *x, bool section, const char *prefix, int i, rep_indicator *d,
                      web_err *e)
{
    const char *what = section ? "sections" : "indicators";
    if (!json_is_object(x)) {
        web_err_add(e, 422, "invalid_input", fld(c, prefix, what, i, NULL),
                    _("Mỗi chỉ tiêu phải là một đối tượng JSON."));
        return;
    }
    d->section = section;
    d->code = json_text(c, x, "code");
    d->name = json_text(c, x, "name");
    d->unit = json_text(c, x, "unit");
    d->source = json_text(c, x, "source");
    if (d->source && !*d->source)
        d->source = NULL;
    if (d->source && !rep_source_ref_ok(d->source))
        web_err_add(e, 422, "invalid_input", fld(c, prefix, what, i, "source"),
                    arena_printf(c->a,
                                 _("Nguồn số liệu của chỉ tiêu thứ %d phải có dạng "
                                   "«nguồn:MÃ», ví dụ «petitions:TD_SO_LUOT_TIEP»."),
                                 i + 1));
    if (!ind_code_ok(d->code))
        web_err_add(e, 422, "invalid_input", fld(c, prefix, what, i, "code"),
                    arena_printf(c->a,
                                 _("Mã chỉ tiêu thứ %d không hợp lệ: chữ cái, chữ số và dấu _, "
                                   "bắt đầu bằng chữ cái, tối đa 40 ký tự."),
                                 i + 1));
    if (!d->name || !*d->name || strlen(d->name) > REP_MAX_NAME)
        web_err_add(e, 422, "invalid_input", fld(c, prefix, what, i, "name"),
                    arena_printf(c->a, _("Chỉ tiêu thứ %d thiếu tên (tối đa %d ký tự)."), i + 1,
                                 REP_MAX_NAME));
    json_t *req = json_object_get(x, "required");
    d->required = json_is_true(req);
    if (section) {
        d->source = NULL; /* narrative text: no source gives it */
        d->type = IND_TEXT;
        d->agg = AGG_NONE;
        return;
    }
    const char *type = json_text(c, x, "type");
    d->type = code_index(rep_ind_type_codes, type ? type : "integer");
    if (d->type < 0) {
        web_err_add(e, 422, "invalid_input", fld(c, prefix, what, i, "type"),
                    arena_printf(c->a,
                                 _("Kiểu của chỉ tiêu %s không hợp lệ; chỉ nhận integer, decimal, "
                                   "percent, text, yesno, choice."),
                                 d->code ? d->code : ""));
        d->type = IND_INTEGER;
    }
    const char *agg = json_text(c, x, "aggregation");
    int dflt = d->type == IND_TEXT || d->type == IND_CHOICE ? AGG_NONE
               : d->type == IND_PERCENT                     ? AGG_AVG
                                                            : AGG_SUM;
    d->agg = agg ? code_index(rep_agg_codes, agg) : dflt;
    if (d->agg < 0) {
        web_err_add(e, 422, "invalid_input", fld(c, prefix, what, i, "aggregation"),
                    _("Cách tổng hợp không hợp lệ; chỉ nhận sum, avg, min, max, last, none."));
        d->agg = dflt;
    }
    if ((d->type == IND_TEXT || d->type == IND_CHOICE) && d->agg != AGG_NONE && d->agg != AGG_LAST)
        web_err_add(
            e, 422, "invalid_input", fld(c, prefix, what, i, "aggregation"),
            _("Chỉ tiêu dạng chữ hoặc lựa chọn chỉ tổng hợp được theo «none» hoặc «last»."));
    d->formula = json_text(c, x, "formula");
    if (d->formula && !*d->formula)
        d->formula = NULL;
    if (d->formula) {
        char err[256];
        if (d->type > IND_PERCENT)
            web_err_add(e, 422, "invalid_input", fld(c, prefix, what, i, "formula"),
                        _("Chỉ tiêu tự tính phải có kiểu số (số nguyên, số thập phân, tỷ lệ phần trăm)."));
        else if (d->source)
            web_err_add(e, 422, "invalid_input", fld(c, prefix, what, i, "formula"),
                        _("Chỉ tiêu tự tính không lấy số liệu từ nguồn: bỏ nguồn hoặc công thức."));
        else if (!(d->fparsed = rexpr_parse(c->a, d->formula, err, sizeof err)))
            web_err_add(e, 422, "invalid_input", fld(c, prefix, what, i, "formula"),
                        arena_printf(c->a, _("Công thức của chỉ tiêu thứ %d: %s"), i + 1, err));
    }
    json_t *ch = json_object_get(x, "choices");
    if (d->type == IND_CHOICE) {
        size_t n = json_is_array(ch) ? json_array_size(ch) : 0;
        if (n == 0 || n > REP_MAX_CHOICES)
            web_err_add(e, 422, "invalid_input", fld(c, prefix, what, i, "choices"),
                        _("Chỉ tiêu lựa chọn cần danh sách lựa chọn (1 đến 50 mục)."));
        d->choices = arena_alloc(c->a, (n + 1) * sizeof *d->choices);
        for (size_t k = 0; k < n; k++) {
            const char *v = json_string_value(json_array_get(ch, k));
            if (v && *v)
                d->choices[d->n_choices++] = arena_strdup(c->a, v);
        }
    }
}

rep_form *rep_form_parse(ctx *c, json_t *def, const char *prefix, web_err *e)
{
    int before = e->n;
    if (!json_is_object(def)) {
        web_err_add(e, 422, "invalid_input", prefix, _("Thiếu biểu mẫu (form) của loại báo cáo."));
        return NULL;
    }
    rep_form *f = arena_alloc(c->a, sizeof *f);
    json_t *inds = json_object_get(def, "indicators"), *secs = json_object_get(def, "sections"),
           *rules = json_object_get(def, "rules");
    size_t ni = json_is_array(inds) ? json_array_size(inds) : 0;
    size_t ns = json_is_array(secs) ? json_array_size(secs) : 0;
    size_t nr = json_is_array(rules) ? json_array_size(rules) : 0;
    if (ni + ns == 0 || ni + ns > REP_MAX_INDICATORS) {
        web_err_add(e, 422, "invalid_input", arena_printf(c->a, "%s.indicators", prefix),
                    arena_printf(c->a, _("Biểu mẫu cần từ 1 đến %d chỉ tiêu và phần thuyết minh."),
                                 REP_MAX_INDICATORS));
        return NULL;
    }
    if (nr > REP_MAX_RULES) {
        web_err_add(e, 422, "invalid_input", arena_printf(c->a, "%s.rules", prefix),
                    arena_printf(c->a, _("Tối đa %d quy tắc kiểm tra."), REP_MAX_RULES));
        return NULL;
    }
    f->ind = arena_alloc(c->a, (ni + ns) * sizeof *f->ind);
    for (size_t i = 0; i < ni; i++)
        parse_ind(c, json_array_get(inds, i), false, prefix, (int)i, &f->ind[f->n_ind++], e);
    for (size_t i = 0; i < ns; i++)
        parse_ind(c, json_array_get(secs, i), true, prefix, (int)i, &f->ind[f->n_ind++], e);
    for (int i = 0; i < f->n_ind; i++)
        for (int k = 0; k < i; k++)
            if (f->ind[i].code && f->ind[k].code && strcmp(f->ind[i].code, f->ind[k].code) == 0)
                web_err_add(e, 422, "invalid_input", arena_printf(c->a, "%s.indicators", prefix),
                            arena_printf(c->a, _("Mã chỉ tiêu %s bị trùng."), f->ind[i].code));
    /* A formula names typed numeric indicators of the form: not itself, not another computed
     * one (so no chain and no cycle to resolve), not text. */
    for (int i = 0; i < f->n_ind; i++) {
        if (!f->ind[i].fparsed)
            continue;
        const char **codes;
        int n = rexpr_codes(c->a, f->ind[i].fparsed, &codes);
        for (int k = 0; k < n; k++) {
            const rep_indicator *o = rep_form_find(f, codes[k]);
            const char *why = !o                      ? _("không có trong biểu mẫu")
                              : o == &f->ind[i]       ? _("là chính chỉ tiêu này")
                              : o->formula            ? _("cũng là chỉ tiêu tự tính")
                              : o->type > IND_PERCENT ? _("không phải chỉ tiêu số")
                                                      : NULL;
            if (why)
                web_err_add(e, 422, "invalid_input", fld(c, prefix, "indicators", i, "formula"),
                            arena_printf(c->a, _("Công thức của chỉ tiêu %s nhắc đến %s: %s."),
                                         f->ind[i].code, codes[k], why));
        }
    }
    f->rules = arena_alloc(c->a, (nr + 1) * sizeof *f->rules);
    for (size_t i = 0; i < nr; i++) {
        json_t *x = json_array_get(rules, i);
        rep_rule *r = &f->rules[f->n_rules++];
        const char *field = fld(c, prefix, "rules", (int)i, NULL);
        r->expr = json_is_object(x) ? json_text(c, x, "expr") : NULL;
        r->message = json_is_object(x) ? json_text(c, x, "message") : NULL;
        if (!r->message || !*r->message)
            web_err_add(e, 422, "invalid_input", field,
                        arena_printf(c->a, _("Quy tắc thứ %d thiếu thông báo lỗi tiếng Việt."),
                                     (int)i + 1));
        char err[256];
        r->parsed = rexpr_parse(c->a, r->expr, err, sizeof err);
        if (!r->parsed) {
            web_err_add(e, 422, "invalid_input", field,
                        arena_printf(c->a, _("Quy tắc thứ %d: %s"), (int)i + 1, err));
            continue;
        }
        const char **codes;
        int n = rexpr_codes(c->a, r->parsed, &codes);
        for (int k = 0; k < n; k++) {
            const rep_indicator *ind = rep_form_find(f, codes[k]);
            if (!ind)
                web_err_add(e, 422, "invalid_input", field,
                            arena_printf(c->a,
                                         _("Quy tắc thứ %d nhắc đến chỉ tiêu %s không có "
                                           "trong biểu mẫu."),
                                         (int)i + 1, codes[k]));
        }
    }
    return e->n > before ? NULL : f;
}

int rep_form_bind_ids(ctx *c, int64_t type_id, rep_form *f, bool create)
{
    for (int i = 0; i < f->n_ind; i++) {
        db_stmt *s = db_stmt_get(c->db, &q_ind_get);
        if (!s)
            return -1;
        db_bind_int(s, 1, type_id);
        db_bind_text(s, 2, f->ind[i].code);
        f->ind[i].id = db_step(s) == DB_ROW ? db_col_int(s, 0) : 0;
        db_reset(s);
        if (f->ind[i].id || !create)
            continue;
        s = db_stmt_get(c->db, &q_ind_add);
        if (!s)
            return -1;
        db_bind_int(s, 1, type_id);
        db_bind_text(s, 2, f->ind[i].code);
        if (db_exec(s) != DB_DONE)
            return -1;
        f->ind[i].id = db_last_id(c->db);
    }
    return 0;
}

const rep_form *rep_form_for(ctx *c, int64_t type_id, const char *period_key, int64_t form_id)
{
    db_stmt *s = db_stmt_get(c->db, &q_forms);
    if (!s)
        return NULL;
    db_bind_int(s, 1, type_id);
    if (form_id > 0)
        db_bind_int(s, 2, form_id);
    rep_period p;
    const char *month = NULL;
    if (form_id <= 0 && period_key && rep_period_parse(period_key, 14, &p) == 0)
        month = arena_printf(c->a, "%04d-%02d", p.year, p.last_month);
    db_bind_text(s, 3, month);
    db_bind_int(s, 4, 1);
    rep_form *f = NULL;
    json_t *def = NULL;
    if (db_step(s) == DB_ROW) {
        f = arena_alloc(c->a, sizeof *f);
        f->id = db_col_int(s, 0);
        f->version = (int)db_col_int(s, 1);
        f->from_period = arena_strdup(c->a, db_col_text(s, 2));
        def = json_loads(db_col_text(s, 3), 0, NULL);
    }
    db_reset(s);
    if (!f)
        return NULL;
    web_err e = {0};
    rep_form *parsed = rep_form_parse(c, def, "form", &e);
    json_decref(def);
    if (!parsed)
        return NULL;
    parsed->id = f->id;
    parsed->version = f->version;
    parsed->from_period = f->from_period;
    if (rep_form_bind_ids(c, type_id, parsed, false) != 0)
        return NULL;
    return parsed;
}

static json_t *form_def_json(const rep_form *f)
{
    json_t *inds = json_array(), *secs = json_array(), *rules = json_array();
    for (int i = 0; i < f->n_ind; i++) {
        const rep_indicator *d = &f->ind[i];
        json_t *x =
            json_pack("{s:s, s:s, s:b}", "code", d->code, "name", d->name, "required", d->required);
        if (d->section) {
            json_array_append_new(secs, x);
            continue;
        }
        json_object_set_new(x, "type", json_string(rep_ind_type_codes[d->type]));
        json_object_set_new(x, "aggregation", json_string(rep_agg_codes[d->agg]));
        if (d->unit && *d->unit)
            json_object_set_new(x, "unit", json_string(d->unit));
        if (d->source)
            json_object_set_new(x, "source", json_string(d->source));
        if (d->formula)
            json_object_set_new(x, "formula", json_string(d->formula));
        if (d->type == IND_CHOICE) {
            json_t *ch = json_array();
            for (int k = 0; k < d->n_choices; k++)
                json_array_append_new(ch, json_string(d->choices[k]));
            json_object_set_new(x, "choices", ch);
        }
        json_array_append_new(inds, x);
    }
    for (int i = 0; i < f->n_rules; i++)
        json_array_append_new(rules, json_pack("{s:s, s:s}", "expr", f->rules[i].expr, "message",
                                               f->rules[i].message));
    return json_pack("{s:o, s:o, s:o}", "indicators", inds, "sections", secs, "rules", rules);
}

static json_t *str_array_json(const char **v, int n)
{
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, json_string(v[i]));
    return a;
}

json_t *rep_type_json(ctx *c, const rep_type *t, bool with_forms)
{
    json_t *by = json_loads(t->due_by_level ? t->due_by_level : "{}", 0, NULL);
    json_t *j = json_pack(
        "{s:I, s:s, s:s, s:s, s:o, s:i, s:{s:s, s:i, s:o}, s:o, s:I, s:s, s:s, s:s?}", "id",
        (json_int_t)t->id, "code", t->code, "name", t->name, "legal_basis", t->legal_basis,
        "cycles", str_array_json(t->cycles, t->n_cycles), "cutoff_day", t->cutoff_day, "due",
        "kind", t->due_kind, "value", t->due_value, "by_level", by ? by : json_object(), "levels",
        str_array_json(t->levels, t->n_levels), "recipient_unit_id",
        (json_int_t)t->recipient_unit_id, "recipient_name", t->recipient_name, "effective_from",
        t->effective_from, "effective_to", t->effective_to);
    json_object_set_new(j, "secrecy", json_string(secrecy_code((enum secrecy)t->secrecy)));
    if (!with_forms)
        return j;
    db_stmt *s = db_stmt_get(c->db, &q_forms);
    json_t *forms = json_array();
    if (s) {
        db_bind_int(s, 1, t->id);
        db_bind_int(s, 4, 1000);
        while (db_step(s) == DB_ROW) {
            json_t *def = json_loads(db_col_text(s, 3), 0, NULL);
            if (!def)
                continue;
            json_object_set_new(def, "version", json_integer(db_col_int(s, 1)));
            json_object_set_new(def, "from_period", json_string(db_col_text(s, 2)));
            json_array_insert_new(forms, 0, def);
        }
        db_reset(s);
    }
    json_object_set_new(j, "forms", forms);
    /* "form" is the current version, in the shape a save takes: export → edit → import. */
    size_t n = json_array_size(forms);
    if (n)
        json_object_set(j, "form", json_array_get(forms, n - 1));
    return j;
}

static bool month_key(const char *s)
{
    return s && strlen(s) == 7 && isdigit((unsigned char)s[0]) && s[4] == '-' && atoi(s + 5) >= 1 &&
           atoi(s + 5) <= 12;
}

/* The due rule against the cut-off: a due day on or before the cut-off day, or fewer working
 * days between them than reporting.min_gap_workdays (ND 09 Art. 8.5: at least one). */
static void check_due(ctx *c, rep_type *t, json_t *by, web_err *e)
{
    int gap = (int)rules_int(c->db, "reporting.min_gap_workdays", t->effective_from);
    bool days = strcmp(t->due_kind, "day") == 0;
    json_t *v;
    const char *level;
    int vals[16], n = 0;
    vals[n++] = t->due_value;
    json_object_foreach(by, level, v)
    {
        if (!json_is_integer(v) || !org_level_valid(level)) {
            web_err_add(e, 422, "invalid_input", "due.by_level",
                        _("Hạn nộp theo cấp: mỗi cấp (XA, HUYEN…) một số nguyên."));
            return;
        }
        if (n < 16)
            vals[n++] = (int)json_integer_value(v);
    }
    for (int i = 0; i < n; i++) {
        if (days && (vals[i] < 1 || vals[i] > 31)) {
            web_err_add(e, 422, "invalid_input", "due", _("Ngày hạn nộp phải từ 1 đến 31."));
            return;
        }
        if (days && vals[i] <= t->cutoff_day) {
            web_err_add(e, 422, "invalid_input", "due",
                        arena_printf(c->a,
                                     _("Hạn nộp (ngày %d) không được trước hoặc trùng ngày chốt "
                                       "số liệu (ngày %d)."),
                                     vals[i], t->cutoff_day));
            return;
        }
        if (!days && (vals[i] < gap || vals[i] > 60)) {
            web_err_add(e, 422, "invalid_input", "due",
                        arena_printf(c->a,
                                     _("Giữa ngày chốt số liệu và hạn nộp phải có ít nhất %d ngày "
                                       "làm việc (và không quá 60)."),
                                     gap));
            return;
        }
    }
    if (!days)
        return;
    /* A day rule: every month of the first year must leave the gap on the calendar. */
    int y = atoi(t->effective_from);
    for (int m = 1; m <= 12; m++) {
        rep_period p;
        if (rep_period_parse(arena_printf(c->a, "%04d-%02d", y, m), t->cutoff_day, &p) != 0)
            break;
        for (int k = 0; k < t->n_levels; k++) {
            char due[11];
            if (rep_due_date(c->db, t, &p, t->levels[k], due) != 0 ||
                workdays_between(c->db, p.cutoff, due) < gap) {
                web_err_add(e, 422, "invalid_input", "due",
                            arena_printf(c->a,
                                         _("Giữa ngày chốt số liệu và hạn nộp phải có ít nhất %d "
                                           "ngày làm việc (kỳ tháng %d/%d không đủ)."),
                                         gap, m, y));
                return;
            }
        }
    }
}

static const char *dump_str_array(ctx *c, json_t *a)
{
    char *s = rep_dump(a);
    const char *r = arena_strdup(c->a, s ? s : "[]");
    free(s);
    return r;
}

/* Reads the type's fields from j into t (defaults from the rule keys), collecting errors. */
static void read_type(ctx *c, const rep_type *old, json_t *j, rep_type *t, json_t **by_r,
                      const char **cycles_r, const char **levels_r, web_err *e)
{
    memset(t, 0, sizeof *t);
    const char *today = web_today(c);
    t->code = json_text(c, j, "code");
    t->name = json_text(c, j, "name");
    t->legal_basis = json_text(c, j, "legal_basis");
    t->effective_from = json_text(c, j, "effective_from");
    t->effective_to = json_text(c, j, "effective_to");
    if (old) {
        t->code = t->code ? t->code : old->code;
        t->name = t->name ? t->name : old->name;
        t->legal_basis = t->legal_basis ? t->legal_basis : old->legal_basis;
        t->effective_from = t->effective_from ? t->effective_from : old->effective_from;
        if (!json_object_get(j, "effective_to"))
            t->effective_to = old->effective_to;
    }
    if (!t->legal_basis)
        t->legal_basis = "";
    /* The secrecy level: one of the catalogue's codes; absent keeps the old one (or thường). */
    t->secrecy = old ? old->secrecy : SECRECY_NONE;
    json_t *sec = json_object_get(j, "secrecy");
    if (sec) {
        int lv = json_is_string(sec) ? secrecy_from_code(json_string_value(sec)) : -1;
        if (lv < 0)
            web_err_add(e, 422, "invalid_input", "secrecy",
                        _("Độ mật phải là một trong: none (thường), mat (mật), toi_mat (tối mật), "
                          "tuyet_mat (tuyệt mật)."));
        else if (secrecy_paper_only((enum secrecy)lv))
            /* As for documents (DOMAIN.md §3): Tối mật and Tuyệt mật never travel over the
             * network, and a report type exists to be filled and sent through the system. */
            web_err_add(e, 422, "invalid_input", "secrecy",
                        _("Báo cáo Tối mật, Tuyệt mật không được gửi, nhận qua mạng: hãy gửi bản "
                          "giấy theo quy định bảo vệ bí mật nhà nước; trên hệ thống chỉ lập loại "
                          "báo cáo Thường hoặc Mật."));
        else
            t->secrecy = lv;
    }
    if (!t->effective_from)
        t->effective_from = today;
    if (!code_ok(t->code, 40))
        web_err_add(e, 422, "invalid_input", "code",
                    _("Mã loại báo cáo: chữ cái, chữ số, dấu _ hoặc -, tối đa 40 ký tự."));
    if (!t->name || !*t->name || strlen(t->name) > REP_MAX_NAME)
        web_err_add(e, 422, "invalid_input", "name",
                    _("Hãy nhập tên loại báo cáo (tối đa 300 ký tự)."));
    if (strlen(t->legal_basis) > 1000)
        web_err_add(e, 422, "invalid_input", "legal_basis", _("Căn cứ pháp lý quá dài."));
    if (!param_date(t->effective_from))
        web_err_add(e, 422, "invalid_input", "effective_from", _("Ngày áp dụng không hợp lệ."));
    if (t->effective_to &&
        (!param_date(t->effective_to) || strcmp(t->effective_to, t->effective_from) < 0))
        web_err_add(e, 422, "invalid_input", "effective_to",
                    _("Ngày hết hiệu lực phải là một ngày từ ngày áp dụng trở đi."));
    json_t *cy = json_object_get(j, "cycles");
    if (!cy && old) {
        cy = json_array();
        for (int i = 0; i < old->n_cycles; i++)
            json_array_append_new(cy, json_string(old->cycles[i]));
        json_object_set_new(j, "cycles", cy);
    }
    size_t nc = json_is_array(cy) ? json_array_size(cy) : 0;
    bool cy_ok = nc > 0 && nc <= 8;
    for (size_t i = 0; cy_ok && i < nc; i++)
        cy_ok = code_index(cycle_codes, json_string_value(json_array_get(cy, i))) >= 0;
    if (!cy_ok)
        web_err_add(e, 422, "invalid_input", "cycles",
                    _("Kỳ báo cáo: một hoặc nhiều trong month, quarter, q1, half, nine, year, "
                      "thematic, adhoc."));
    *cycles_r = cy_ok ? dump_str_array(c, cy) : "[]";
    json_t *lv = json_object_get(j, "levels");
    if (!lv && old) {
        lv = json_array();
        for (int i = 0; i < old->n_levels; i++)
            json_array_append_new(lv, json_string(old->levels[i]));
        json_object_set_new(j, "levels", lv);
    }
    size_t nl = json_is_array(lv) ? json_array_size(lv) : 0;
    bool lv_ok = nl > 0 && nl <= 8;
    for (size_t i = 0; lv_ok && i < nl; i++)
        lv_ok = org_level_valid(json_string_value(json_array_get(lv, i)));
    if (!lv_ok)
        web_err_add(e, 422, "invalid_input", "levels",
                    _("Cấp phải báo cáo: một hoặc nhiều cấp đơn vị (TINH, HUYEN, XA, CO_SO, "
                      "CHI_BO, BAN)."));
    *levels_r = lv_ok ? dump_str_array(c, lv) : "[]";
    t->levels = str_array(c, *levels_r, &t->n_levels);
    t->cycles = str_array(c, *cycles_r, &t->n_cycles);
    int64_t v;
    json_t *cd = json_object_get(j, "cutoff_day");
    t->cutoff_day =
        old ? old->cutoff_day : (int)rules_int(c->db, "reporting.cutoff_day", t->effective_from);
    if (cd) {
        if (json_member_int(j, "cutoff_day", 1, 28, &v) != PARAM_OK)
            web_err_add(e, 422, "invalid_input", "cutoff_day",
                        _("Ngày chốt số liệu phải từ 1 đến 28."));
        else
            t->cutoff_day = (int)v;
    }
    json_t *due = json_object_get(j, "due");
    t->due_kind = old ? old->due_kind : "day";
    t->due_value =
        old ? old->due_value : (int)rules_int(c->db, "reporting.due_day", t->effective_from);
    json_t *by = old ? json_loads(old->due_by_level, 0, NULL) : NULL;
    if (due) {
        const char *kind = json_text(c, due, "kind");
        if (!json_is_object(due) || !kind ||
            (strcmp(kind, "day") != 0 && strcmp(kind, "workdays") != 0))
            web_err_add(e, 422, "invalid_input", "due",
                        _("Hạn nộp: «kind» là day (ngày trong tháng) hoặc workdays (số ngày làm "
                          "việc sau ngày chốt)."));
        else
            t->due_kind = kind;
        if (json_is_object(due) && json_member_int(due, "value", 0, 60, &v) == PARAM_OK)
            t->due_value = (int)v;
        else if (json_is_object(due) && json_object_get(due, "value"))
            web_err_add(e, 422, "invalid_input", "due", _("Hạn nộp: «value» là một số nguyên."));
        json_t *b = json_is_object(due) ? json_object_get(due, "by_level") : NULL;
        if (b) {
            json_decref(by);
            by = json_incref(b);
        }
    }
    if (!json_is_object(by)) {
        json_decref(by);
        by = json_object();
    }
    char *bs = rep_dump(by);
    t->due_by_level = arena_strdup(c->a, bs ? bs : "{}");
    free(bs);
    *by_r = by;
    t->recipient_unit_id = old ? old->recipient_unit_id : 0;
    if (json_object_get(j, "recipient_unit_id"))
        json_member_int(j, "recipient_unit_id", 1, INT64_MAX, &t->recipient_unit_id);
    /* By default the office of the administrator's own committee receives. */
    if (t->recipient_unit_id <= 0 && c->user)
        t->recipient_unit_id = org_register_unit(c->db, org_scope_anchor(c->db, c->user->unit_id));
    if (t->recipient_unit_id <= 0)
        t->recipient_unit_id = org_root_unit(c->db);
    if (!org_unit_get(c, t->recipient_unit_id))
        web_err_add(e, 422, "invalid_input", "recipient_unit_id", _("Không tìm thấy đơn vị nhận."));
}

static int form_changed(ctx *c, int64_t type_id, json_t *def, const char *from, int *version_r,
                        web_err *e)
{
    *version_r = 1;
    db_stmt *s = db_stmt_get(c->db, &q_forms);
    if (!s)
        return -1;
    db_bind_int(s, 1, type_id);
    db_bind_int(s, 4, 1);
    int changed = 1;
    if (db_step(s) == DB_ROW) {
        *version_r = (int)db_col_int(s, 1) + 1;
        json_t *old = json_loads(db_col_text(s, 3), 0, NULL);
        changed = !json_equal(old, def);
        if (changed && strcmp(from, db_col_text(s, 2)) < 0)
            web_err_add(e, 422, "invalid_input", "form.from_period",
                        arena_printf(c->a,
                                     _("Phiên bản mới của biểu mẫu phải áp dụng từ kỳ %s trở về "
                                       "sau (kỳ cũ giữ biểu mẫu cũ)."),
                                     db_col_text(s, 2)));
        json_decref(old);
    }
    db_reset(s);
    return changed;
}

int64_t rep_type_save(ctx *c, int64_t id, json_t *j, web_err *e)
{
    memset(e, 0, sizeof *e);
    if (!rep_may_admin(c)) {
        web_err_add(e, 403, "forbidden", NULL, _("Chỉ quản trị viên được sửa loại báo cáo."));
        return -1;
    }
    const rep_type *old = NULL;
    if (id > 0 && !(old = rep_type_get(c, id))) {
        web_err_add(e, 404, "not_found", NULL, _("Không tìm thấy loại báo cáo."));
        return -1;
    }
    if (!json_is_object(j)) {
        web_err_add(e, 400, "invalid_json", NULL, _("Nội dung phải là một đối tượng JSON."));
        return -1;
    }
    rep_type t;
    json_t *by = NULL;
    const char *cycles, *levels;
    read_type(c, old, j, &t, &by, &cycles, &levels, e);
    if (!e->n)
        check_due(c, &t, by, e);
    json_decref(by);
    json_t *fj = json_object_get(j, "form");
    rep_form *form = NULL;
    json_t *def = NULL;
    const char *from = NULL;
    if (fj || !old) {
        form = rep_form_parse(c, fj, "form", e);
        from = fj ? json_text(c, fj, "from_period") : NULL;
        if (!from)
            from = arena_strndup(c->a, t.effective_from ? t.effective_from : "", 7);
        if (!month_key(from))
            web_err_add(e, 422, "invalid_input", "form.from_period",
                        _("Kỳ bắt đầu áp dụng biểu mẫu phải có dạng YYYY-MM."));
        if (form)
            def = form_def_json(form);
    }
    if (e->n) {
        json_decref(def);
        return -1;
    }
    if (db_begin_write(c->db) != 0) {
        json_decref(def);
        web_err_db(c, e);
        return -1;
    }
    db_stmt *s = db_stmt_get(c->db, &q_code_used);
    if (!s)
        goto dberr;
    db_bind_text(s, 1, t.code);
    db_bind_int(s, 2, id);
    bool used = db_step(s) == DB_ROW;
    db_reset(s);
    if (used) {
        db_rollback(c->db);
        json_decref(def);
        web_err_add(e, 409, "duplicate", "code", _("Đã có loại báo cáo mang mã này."));
        return -1;
    }
    s = db_stmt_get(c->db, id > 0 ? &q_type_update : &q_type_insert);
    if (!s)
        goto dberr;
    db_bind_text(s, 1, t.code);
    db_bind_text(s, 2, t.name);
    db_bind_text(s, 3, t.legal_basis);
    db_bind_text(s, 4, cycles);
    db_bind_int(s, 5, t.cutoff_day);
    db_bind_text(s, 6, t.due_kind);
    db_bind_int(s, 7, t.due_value);
    db_bind_text(s, 8, t.due_by_level);
    db_bind_text(s, 9, levels);
    db_bind_int(s, 10, t.recipient_unit_id);
    db_bind_text(s, 11, t.effective_from);
    db_bind_text(s, 12, t.effective_to);
    db_bind_text(s, 13, web_now_iso(c));
    if (id > 0)
        db_bind_int(s, 14, id);
    if (db_exec(s) != DB_DONE)
        goto dberr;
    if (id <= 0)
        id = db_last_id(c->db);
    s = db_stmt_get(c->db, &q_type_secrecy);
    if (!s)
        goto dberr;
    db_bind_int(s, 1, t.secrecy);
    db_bind_int(s, 2, id);
    if (db_exec(s) != DB_DONE)
        goto dberr;
    int version = 0;
    if (def) {
        int changed = form_changed(c, id, def, from, &version, e);
        if (changed < 0)
            goto dberr;
        if (e->n) {
            db_rollback(c->db);
            json_decref(def);
            return -1;
        }
        if (changed) {
            char *ds = rep_dump(def);
            s = db_stmt_get(c->db, &q_form_insert);
            if (!s || !ds) {
                free(ds);
                goto dberr;
            }
            db_bind_int(s, 1, id);
            db_bind_int(s, 2, version);
            db_bind_text(s, 3, from);
            db_bind_text(s, 4, ds);
            db_bind_text(s, 5, web_now_iso(c));
            free(ds);
            if (db_exec(s) != DB_DONE || rep_form_bind_ids(c, id, form, true) != 0)
                goto dberr;
        } else
            version = 0;
    }
    json_t *after =
        json_pack("{s:s, s:s, s:i, s:s}", "code", t.code, "name", t.name, "form_version", version,
                  "secrecy", secrecy_code((enum secrecy)t.secrecy));
    json_decref(def);
    def = NULL;
    if (audit_commit(c->db, c->user, "report_type.save", "report_type", id, after) != 0) {
        web_err_db(c, e);
        return -1;
    }
    return id;
dberr:
    json_decref(def);
    return web_err_rollback(c, e);
}
