/* The report type as a form, field by field (reporting_impl.h): the administrator's page draws
 * the type's fields, its due rule and its form's rows (indicators, narrative sections, check
 * rules) as inputs named after the very fields rep_type_save names in its errors
 * ("form.indicators[2].code"), so each refusal lands in red beside its input; the posted form
 * is turned back into the type JSON the service takes. Blank rows are skipped (a row left empty
 * is how one adds nothing), so the service's row numbers are mapped back to the page's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "catalog/vocab.h"
#include "org/org.h"
#include "reporting/reporting_impl.h"
#include "web/forms.h"
#include "web/layout.h"

static strbuf *B(ctx *c)
{
    return &c->rs->body;
}

static const char *const cycles[] = {"month", "quarter",  "q1",    "half", "nine",
                                     "year",  "thematic", "adhoc", NULL};

static const char *cycle_label(int i)
{
    static const char *const l[] = {N_("Tháng"),   N_("Quý"), N_("Quý I"),     N_("6 tháng"),
                                    N_("9 tháng"), N_("Năm"), N_("Chuyên đề"), N_("Đột xuất")};
    return _(l[i]);
}

/* The three kinds of row: their field prefix, their members, their hidden count. */
enum { ROW_IND, ROW_SEC, ROW_RULE, ROW_KINDS };
static const char *const row_prefix[] = {"form.indicators", "form.sections", "form.rules"};
static const char *const row_count[] = {"n_ind", "n_sec", "n_rule"};
static const char *const ind_members[] = {"code",     "name",   "type",    "unit",    "aggregation",
                                          "required", "source", "choices", "formula", NULL};
static const char *const sec_members[] = {"code", "name", "required", NULL};
static const char *const rule_members[] = {"expr", "message", NULL};
static const char *const *const row_members[] = {ind_members, sec_members, rule_members};

static const char *rname(ctx *c, int kind, int i, const char *member)
{
    return arena_printf(c->a, "%s[%d].%s", row_prefix[kind], i, member);
}

static const char *rid(ctx *c, int kind, int i, const char *member)
{
    static const char *const k[] = {"ind", "sec", "rule"};
    return arena_printf(c->a, "rt-%s-%d-%s", k[kind], i, member);
}

/* ---- drawing ---- */

static const char *jstr(json_t *x, const char *key)
{
    const char *s = json_string_value(json_object_get(x, key));
    return s ? s : "";
}

/* The value of a row's member: typed when the form failed, else from the stored definition. */
static const char *row_val(ctx *c, const char *key, int kind, int i, const char *m, json_t *x)
{
    const char *dflt = "";
    if (x && strcmp(m, "choices") == 0) {
        json_t *ch = json_object_get(x, "choices");
        for (size_t k = 0; k < json_array_size(ch); k++)
            dflt = arena_printf(c->a, "%s%s%s", dflt, k ? "; " : "",
                                json_string_value(json_array_get(ch, k)));
    } else if (x && strcmp(m, "required") == 0)
        dflt = json_is_true(json_object_get(x, "required")) ? "1" : "";
    else if (x)
        dflt = jstr(x, m);
    if (form_failed(c, key)) {
        const char *v = form_val(c, key, rname(c, kind, i, m), NULL);
        return v ? v : "";
    }
    return dflt;
}

static void cell_input(ctx *c, const char *key, int kind, int i, const char *m, const char *label,
                       const char *value, const char *cls)
{
    const char *n = rname(c, kind, i, m), *id = rid(c, kind, i, m);
    html_printf(B(c),
                "<div class=\"rt-cell %s%s\"><label for=\"%s\">%s</label><input type=\"text\" "
                "id=\"%s\" name=\"%s\" value=\"%s\"",
                cls, form_err(c, key, n) ? " has-error" : "", id, label, id, n, value);
    form_aria_html(c, key, n, id);
    html_raw(B(c), ">");
    form_err_html(c, key, n, id);
    html_raw(B(c), "</div>");
}

static void row_tools(ctx *c)
{
    html_printf(B(c),
                "<div class=\"rt-tools\"><button type=\"button\" class=\"secondary\" "
                "data-row-up aria-label=\"%s\">↑</button><button type=\"button\" "
                "class=\"secondary\" data-row-down aria-label=\"%s\">↓</button><button "
                "type=\"button\" class=\"secondary\" data-row-del>%s</button></div>",
                _("Chuyển lên"), _("Chuyển xuống"), _("Bỏ dòng"));
}

static void ind_row(ctx *c, const char *key, int i, json_t *x)
{
    html_raw(B(c), "<li class=\"rt-row\" data-row>");
    cell_input(c, key, ROW_IND, i, "code", _("Mã"), row_val(c, key, ROW_IND, i, "code", x),
               "rt-code");
    cell_input(c, key, ROW_IND, i, "name", _("Tên chỉ tiêu"),
               row_val(c, key, ROW_IND, i, "name", x), "rt-name");
    const char *n = rname(c, ROW_IND, i, "type"), *id = rid(c, ROW_IND, i, "type");
    const char *cur = row_val(c, key, ROW_IND, i, "type", x);
    html_printf(B(c),
                "<div class=\"rt-cell%s\"><label for=\"%s\">%s</label><select id=\"%s\" "
                "name=\"%s\"",
                form_err(c, key, n) ? " has-error" : "", id, _("Kiểu"), id, n);
    form_aria_html(c, key, n, id);
    html_raw(B(c), ">");
    for (int k = 0; rep_ind_type_codes[k]; k++)
        html_printf(B(c), "<option value=\"%s\"%s>%s</option>", rep_ind_type_codes[k],
                    strcmp(cur, rep_ind_type_codes[k]) == 0 ? " selected" : "",
                    rep_ind_type_label(k));
    html_raw(B(c), "</select>");
    form_err_html(c, key, n, id);
    html_raw(B(c), "</div>");
    cell_input(c, key, ROW_IND, i, "unit", _("Đơn vị tính"), row_val(c, key, ROW_IND, i, "unit", x),
               "rt-unit");
    n = rname(c, ROW_IND, i, "aggregation");
    id = rid(c, ROW_IND, i, "aggregation");
    cur = row_val(c, key, ROW_IND, i, "aggregation", x);
    html_printf(B(c),
                "<div class=\"rt-cell%s\"><label for=\"%s\">%s</label><select id=\"%s\" "
                "name=\"%s\"",
                form_err(c, key, n) ? " has-error" : "", id, _("Tổng hợp"), id, n);
    form_aria_html(c, key, n, id);
    html_printf(B(c), "><option value=\"\">%s</option>", _("Theo kiểu chỉ tiêu"));
    for (int k = 0; rep_agg_codes[k]; k++)
        html_printf(B(c), "<option value=\"%s\"%s>%s</option>", rep_agg_codes[k],
                    strcmp(cur, rep_agg_codes[k]) == 0 ? " selected" : "", rep_agg_label(k));
    html_raw(B(c), "</select>");
    form_err_html(c, key, n, id);
    html_raw(B(c), "</div>");
    n = rname(c, ROW_IND, i, "required");
    id = rid(c, ROW_IND, i, "required");
    html_printf(B(c),
                "<div class=\"rt-cell rt-check\"><label><input type=\"checkbox\" id=\"%s\" "
                "name=\"%s\" value=\"1\"%s> %s</label></div>",
                id, n, *row_val(c, key, ROW_IND, i, "required", x) ? " checked" : "",
                _("Bắt buộc"));
    cell_input(c, key, ROW_IND, i, "source", _("Nguồn số liệu (nếu có)"),
               row_val(c, key, ROW_IND, i, "source", x), "rt-source");
    cell_input(c, key, ROW_IND, i, "choices", _("Các lựa chọn, cách nhau bằng dấu ;"),
               row_val(c, key, ROW_IND, i, "choices", x), "rt-choices");
    cell_input(c, key, ROW_IND, i, "formula", _("Công thức tính (chỉ tiêu tự tính)"),
               row_val(c, key, ROW_IND, i, "formula", x), "rt-expr");
    row_tools(c);
    html_raw(B(c), "</li>");
}

static void sec_row(ctx *c, const char *key, int i, json_t *x)
{
    html_raw(B(c), "<li class=\"rt-row\" data-row>");
    cell_input(c, key, ROW_SEC, i, "code", _("Mã"), row_val(c, key, ROW_SEC, i, "code", x),
               "rt-code");
    cell_input(c, key, ROW_SEC, i, "name", _("Tên phần thuyết minh"),
               row_val(c, key, ROW_SEC, i, "name", x), "rt-name");
    html_printf(B(c),
                "<div class=\"rt-cell rt-check\"><label><input type=\"checkbox\" id=\"%s\" "
                "name=\"%s\" value=\"1\"%s> %s</label></div>",
                rid(c, ROW_SEC, i, "required"), rname(c, ROW_SEC, i, "required"),
                *row_val(c, key, ROW_SEC, i, "required", x) ? " checked" : "", _("Bắt buộc"));
    row_tools(c);
    html_raw(B(c), "</li>");
}

static void rule_row(ctx *c, const char *key, int i, json_t *x)
{
    /* The service names the rule itself ("form.rules[2]"): its message sits under the row. */
    const char *whole = arena_printf(c->a, "%s[%d]", row_prefix[ROW_RULE], i);
    const char *eid = rid(c, ROW_RULE, i, "expr");
    html_printf(B(c), "<li class=\"rt-row%s\" data-row>",
                form_err(c, key, whole) ? " has-error" : "");
    const char *n = rname(c, ROW_RULE, i, "expr");
    html_printf(B(c),
                "<div class=\"rt-cell rt-expr%s\"><label for=\"%s\">%s</label><input "
                "type=\"text\" id=\"%s\" name=\"%s\" value=\"%s\"",
                form_err(c, key, whole) ? " has-error" : "", eid, _("Công thức"), eid, n,
                row_val(c, key, ROW_RULE, i, "expr", x));
    form_aria_html(c, key, whole, eid);
    html_raw(B(c), ">");
    form_err_html(c, key, whole, eid);
    html_raw(B(c), "</div>");
    cell_input(c, key, ROW_RULE, i, "message", _("Thông báo khi sai"),
               row_val(c, key, ROW_RULE, i, "message", x), "rt-name");
    row_tools(c);
    html_raw(B(c), "</li>");
}

static int rows_shown(ctx *c, const char *key, int kind, size_t stored, int blank)
{
    if (form_failed(c, key)) {
        const char *v = form_val(c, key, row_count[kind], NULL);
        int n = v ? atoi(v) : 0;
        return n < 1 ? 1 : n > REP_MAX_INDICATORS ? REP_MAX_INDICATORS : n;
    }
    return (int)stored + blank;
}

static void rows_block(ctx *c, const char *key, int kind, json_t *arr, int blank, const char *title,
                       const char *hint)
{
    static const char *const lid[] = {"rt-ind", "rt-sec", "rt-rule"};
    int n = rows_shown(c, key, kind, json_array_size(arr), blank);
    html_printf(B(c), "<fieldset class=\"rt-rows\"><legend>%s</legend><p class=\"hint\">%s</p>",
                title, hint);
    /* Messages about the rows as a whole: too many, none, a duplicated code. */
    form_err_html(c, key, kind == ROW_IND ? "form.indicators" : row_prefix[kind], lid[kind]);
    html_printf(B(c), "<input type=\"hidden\" name=\"%s\" value=\"%d\" data-row-count>",
                row_count[kind], n);
    html_printf(B(c), "<ol class=\"rt-list\" id=\"%s\" data-rows>", lid[kind]);
    for (int i = 0; i < n; i++) {
        json_t *x = json_array_get(arr, (size_t)i);
        if (kind == ROW_IND)
            ind_row(c, key, i, x);
        else if (kind == ROW_SEC)
            sec_row(c, key, i, x);
        else
            rule_row(c, key, i, x);
    }
    html_printf(B(c),
                "</ol><button type=\"button\" class=\"secondary\" data-row-add=\"%s\" "
                "id=\"%s-add\">%s</button></fieldset>",
                lid[kind], lid[kind], _("Thêm dòng"));
}

static void text_in(ctx *c, const char *key, const char *name, const char *label, const char *type,
                    const char *value, const char *hint)
{
    form_field f = {.name = name,
                    .label = label,
                    .type = type,
                    .value = value,
                    .hint = hint,
                    .id = arena_printf(c->a, "rt-%s", name)};
    form_field_html(c, key, &f);
}

static void checks(ctx *c, const char *key, const char *name, const char *legend,
                   const char *const *codes, const char **have, int n_have, bool cycle)
{
    html_printf(B(c), "<fieldset class=\"rt-checks%s\" id=\"rt-%s\"><legend>%s</legend>",
                form_err(c, key, name) ? " has-error" : "", name, legend);
    for (int i = 0; codes[i]; i++) {
        const char *n = arena_printf(c->a, "%s.%s", name, codes[i]);
        bool on = false;
        if (form_failed(c, key))
            on = form_val(c, key, n, NULL) != NULL;
        else
            for (int k = 0; k < n_have; k++)
                on = on || strcmp(have[k], codes[i]) == 0;
        html_printf(B(c), "<label><input type=\"checkbox\" name=\"%s\" value=\"1\"%s> %s</label>",
                    n, on ? " checked" : "", cycle ? cycle_label(i) : org_level_label(codes[i]));
    }
    form_err_html(c, key, name, arena_printf(c->a, "rt-%s", name));
    html_raw(B(c), "</fieldset>");
}

static void select_open(ctx *c, const char *key, const char *name, const char *label)
{
    html_printf(B(c),
                "<div class=\"field%s\"><label for=\"rt-%s\">%s</label><select id=\"rt-%s\" "
                "name=\"%s\"",
                form_err(c, key, name) ? " has-error" : "", name, label, name, name);
    form_aria_html(c, key, name, arena_printf(c->a, "rt-%s", name));
    html_raw(B(c), ">");
}

static void select_close(ctx *c, const char *key, const char *name)
{
    html_raw(B(c), "</select>");
    form_err_html(c, key, name, arena_printf(c->a, "rt-%s", name));
    html_raw(B(c), "</div>");
}

/* The due rule's exceptions by level (due.by_level): one small number per level, empty for
 * "as above" (ND 09: communes may report earlier than the levels above them). */
static void by_level_html(ctx *c, const char *key, const rep_type *t)
{
    json_t *by = t && t->due_by_level ? json_loads(t->due_by_level, 0, NULL) : NULL;
    html_printf(B(c),
                "<fieldset class=\"rt-checks rt-bylevel%s\" id=\"rt-due-by-level\"><legend>%s"
                "</legend>",
                form_err(c, key, "due.by_level") ? " has-error" : "",
                _("Hạn riêng theo cấp (để trống: như trên)"));
    for (int i = 0; org_levels[i]; i++) {
        const char *n = arena_printf(c->a, "due.by_level.%s", org_levels[i]);
        json_t *v = json_object_get(by, org_levels[i]);
        const char *dflt =
            json_is_integer(v) ? arena_printf(c->a, "%lld", (long long)json_integer_value(v)) : "";
        html_printf(B(c),
                    "<label>%s <input type=\"number\" min=\"0\" max=\"60\" name=\"%s\" "
                    "id=\"rt-by-%s\" value=\"%s\"></label>",
                    org_level_label(org_levels[i]), n, org_levels[i], form_val(c, key, n, dflt));
    }
    json_decref(by);
    form_err_html(c, key, "due.by_level", "rt-due-by-level");
    html_raw(B(c), "</fieldset>");
}

void rep_type_form_html(ctx *c, const char *key, const rep_type *t, json_t *def, const char *button)
{
    char num[32];
    html_printf(B(c), "<form class=\"form rt-form\" method=\"post\" action=\"%s\" id=\"rt-form\">",
                key);
    form_csrf(c);
    html_printf(B(c), "<fieldset><legend>%s</legend>", _("Thông tin chung"));
    text_in(c, key, "code", _("Mã loại báo cáo"), "text", t ? t->code : "",
            _("Chữ cái, chữ số, dấu _ hoặc -, ví dụ BC_DAN_VAN."));
    text_in(c, key, "name", _("Tên loại báo cáo"), "text", t ? t->name : "", NULL);
    form_field lb = {.name = "legal_basis",
                     .label = _("Căn cứ pháp lý"),
                     .type = "textarea",
                     .rows = 2,
                     .value = t ? t->legal_basis : "",
                     .id = "rt-legal_basis"};
    form_field_html(c, key, &lb);
    const char *sec =
        form_val(c, key, "secrecy", secrecy_code(t ? (enum secrecy)t->secrecy : SECRECY_NONE));
    select_open(c, key, "secrecy", _("Độ mật"));
    /* Only Thường and Mật: Tối mật, Tuyệt mật never travel over the network (the service). */
    for (int s = SECRECY_NONE; s <= SECRECY_MAT; s++)
        html_printf(B(c), "<option value=\"%s\"%s>%s</option>", secrecy_code((enum secrecy)s),
                    strcmp(sec, secrecy_code((enum secrecy)s)) == 0 ? " selected" : "",
                    secrecy_label((enum secrecy)s));
    select_close(c, key, "secrecy");
    html_raw(B(c), "</fieldset>");

    html_printf(B(c), "<fieldset><legend>%s</legend>", _("Kỳ, cấp và nơi nhận"));
    checks(c, key, "cycles", _("Kỳ báo cáo"), cycles, t ? t->cycles : NULL, t ? t->n_cycles : 0,
           true);
    checks(c, key, "levels", _("Cấp phải báo cáo"), org_levels, t ? t->levels : NULL,
           t ? t->n_levels : 0, false);
    snprintf(num, sizeof num, "%lld", t ? (long long)t->recipient_unit_id : 0LL);
    /* copied: num is reused below for each option */
    const char *rec = arena_strdup(c->a, form_val(c, key, "recipient_unit_id", num));
    select_open(c, key, "recipient_unit_id", _("Đơn vị nhận báo cáo"));
    html_printf(B(c), "<option value=\"\">%s</option>", _("Văn phòng cấp ủy của quản trị viên"));
    unit *u;
    int *depth;
    int nu = org_unit_list(c, false, &u, &depth);
    for (int i = 0; i < nu; i++) {
        snprintf(num, sizeof num, "%lld", (long long)u[i].id);
        html_printf(B(c), "<option value=\"%s\"%s>%s%s</option>", num,
                    strcmp(rec, num) == 0 ? " selected" : "",
                    depth[i] > 0 ? arena_printf(c->a, "%*s", depth[i] * 2, "— ") : "", u[i].name);
    }
    select_close(c, key, "recipient_unit_id");
    html_raw(B(c), "</fieldset>");

    html_printf(B(c), "<fieldset><legend>%s</legend>", _("Hiệu lực, chốt số liệu và hạn nộp"));
    text_in(c, key, "effective_from", _("Áp dụng từ ngày"), "date", t ? t->effective_from : "",
            _("Để trống: từ hôm nay."));
    text_in(c, key, "effective_to", _("Hết hiệu lực từ ngày"), "date",
            t && t->effective_to ? t->effective_to : "", _("Để trống nếu còn áp dụng."));
    snprintf(num, sizeof num, "%d", t ? t->cutoff_day : 0);
    text_in(c, key, "cutoff_day", _("Ngày chốt số liệu (trong tháng)"), "number", t ? num : "",
            _("Từ 1 đến 28; để trống: theo quy định chung."));
    const char *kind = form_val(c, key, "due_kind", t ? t->due_kind : "day");
    select_open(c, key, "due_kind", _("Cách tính hạn nộp"));
    html_printf(B(c), "<option value=\"day\"%s>%s</option><option value=\"workdays\"%s>%s</option>",
                strcmp(kind, "day") == 0 ? " selected" : "", _("Ngày cố định trong tháng cuối kỳ"),
                strcmp(kind, "workdays") == 0 ? " selected" : "",
                _("Số ngày làm việc sau ngày chốt"));
    select_close(c, key, "due_kind");
    snprintf(num, sizeof num, "%d", t ? t->due_value : 0);
    text_in(c, key, "due_value", _("Ngày hoặc số ngày làm việc"), "number", t ? num : "", NULL);
    /* The service judges the rule as a whole ("due"): its message goes under the value. */
    form_err_html(c, key, "due", "rt-due");
    by_level_html(c, key, t);
    html_raw(B(c), "</fieldset>");

    html_printf(B(c), "<fieldset><legend>%s</legend>", _("Biểu mẫu"));
    text_in(c, key, "form.from_period", _("Biểu mẫu áp dụng từ kỳ (tháng)"), "month",
            def ? jstr(def, "from_period") : "",
            _("Biểu mẫu thay đổi với kỳ mới thành một phiên bản mới; kỳ cũ giữ biểu mẫu cũ."));
    html_raw(B(c), "</fieldset>");
    rows_block(c, key, ROW_IND, def ? json_object_get(def, "indicators") : NULL, t ? 1 : 3,
               _("Chỉ tiêu"),
               _("Mỗi dòng một chỉ tiêu; dòng để trống được bỏ qua. Mã dùng trong công thức. Chỉ "
                 "tiêu có công thức tính (ví dụ «NAM + NU») do hệ thống tự tính, đơn vị không "
                 "nhập."));
    rows_block(c, key, ROW_SEC, def ? json_object_get(def, "sections") : NULL, 1,
               _("Phần thuyết minh"), _("Các phần viết bằng lời của báo cáo."));
    rows_block(c, key, ROW_RULE, def ? json_object_get(def, "rules") : NULL, 1,
               _("Công thức kiểm tra"),
               _("Quan hệ giữa các chỉ tiêu mà số liệu phải thỏa, ví dụ «TONG = NAM + NU», "
                 "«DA_GIAI_QUYET <= DA_NHAN», «required_if(GIAI_TRINH, TY_LE < 50)»."));
    html_printf(B(c), "<button type=\"submit\" id=\"rt-form-save\">%s</button></form>", button);
}

/* ---- reading ---- */

static const char *field(ctx *c, const char *name)
{
    const char *v = req_form(c->rq, name);
    return v ? v : "";
}

static bool blank(const char *s)
{
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
            return false;
    return true;
}

static int count_of(ctx *c, int kind)
{
    int n = atoi(field(c, row_count[kind]));
    return n < 0 ? 0 : n > REP_MAX_INDICATORS + 1 ? REP_MAX_INDICATORS + 1 : n;
}

static json_t *number_or_text(const char *s)
{
    char *end;
    long v = strtol(s, &end, 10);
    return *s && !*end ? json_integer(v) : json_string(s);
}

static json_t *choices_json(const char *s)
{
    json_t *a = json_array();
    while (s && *s) {
        const char *e = strchr(s, ';');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        while (n && (*s == ' ' || *s == '\n' || *s == '\r'))
            s++, n--;
        while (n && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\r'))
            n--;
        if (n)
            json_array_append_new(a, json_stringn(s, n));
        s = e ? e + 1 : NULL;
    }
    return a;
}

json_t *rep_type_form_read(ctx *c, rep_type_form_map *m)
{
    memset(m, 0, sizeof *m);
    json_t *j = json_object();
    json_object_set_new(j, "code", json_string(field(c, "code")));
    json_object_set_new(j, "name", json_string(field(c, "name")));
    json_object_set_new(j, "legal_basis", json_string(field(c, "legal_basis")));
    json_object_set_new(j, "secrecy", json_string(field(c, "secrecy")));
    json_t *cy = json_array(), *lv = json_array();
    for (int i = 0; cycles[i]; i++)
        if (req_form(c->rq, arena_printf(c->a, "cycles.%s", cycles[i])))
            json_array_append_new(cy, json_string(cycles[i]));
    for (int i = 0; org_levels[i]; i++)
        if (req_form(c->rq, arena_printf(c->a, "levels.%s", org_levels[i])))
            json_array_append_new(lv, json_string(org_levels[i]));
    json_object_set_new(j, "cycles", cy);
    json_object_set_new(j, "levels", lv);
    if (!blank(field(c, "recipient_unit_id")))
        json_object_set_new(j, "recipient_unit_id", number_or_text(field(c, "recipient_unit_id")));
    if (!blank(field(c, "effective_from")))
        json_object_set_new(j, "effective_from", json_string(field(c, "effective_from")));
    json_object_set_new(j, "effective_to",
                        blank(field(c, "effective_to")) ? json_null()
                                                        : json_string(field(c, "effective_to")));
    if (!blank(field(c, "cutoff_day")))
        json_object_set_new(j, "cutoff_day", number_or_text(field(c, "cutoff_day")));
    json_t *due = json_object();
    json_object_set_new(due, "kind", json_string(field(c, "due_kind")));
    if (!blank(field(c, "due_value")))
        json_object_set_new(due, "value", number_or_text(field(c, "due_value")));
    /* always sent, so that emptying every level clears the exceptions */
    json_t *by = json_object();
    for (int i = 0; org_levels[i]; i++) {
        const char *v = field(c, arena_printf(c->a, "due.by_level.%s", org_levels[i]));
        if (!blank(v))
            json_object_set_new(by, org_levels[i], number_or_text(v));
    }
    json_object_set_new(due, "by_level", by);
    json_object_set_new(j, "due", due);

    json_t *form = json_object();
    if (!blank(field(c, "form.from_period")))
        json_object_set_new(form, "from_period", json_string(field(c, "form.from_period")));
    for (int kind = 0; kind < ROW_KINDS; kind++) {
        json_t *arr = json_array();
        int n = count_of(c, kind);
        m->map[kind] = arena_alloc(c->a, sizeof(int) * (size_t)(n + 1));
        for (int i = 0; i < n; i++) {
            bool any = false;
            for (int k = 0; row_members[kind][k]; k++)
                if (strcmp(row_members[kind][k], "type") != 0 &&
                    strcmp(row_members[kind][k], "required") != 0 &&
                    !blank(field(c, rname(c, kind, i, row_members[kind][k]))))
                    any = true;
            if (!any)
                continue; /* a row left empty adds nothing */
            json_t *x = json_object();
            for (int k = 0; row_members[kind][k]; k++) {
                const char *mb = row_members[kind][k];
                const char *v = field(c, rname(c, kind, i, mb));
                if (strcmp(mb, "required") == 0)
                    json_object_set_new(x, mb, json_boolean(!blank(v)));
                else if (strcmp(mb, "choices") == 0) {
                    if (strcmp(field(c, rname(c, kind, i, "type")), "choice") == 0)
                        json_object_set_new(x, mb, choices_json(v));
                } else if (!blank(v) || strcmp(mb, "code") == 0 || strcmp(mb, "name") == 0 ||
                           kind == ROW_RULE)
                    json_object_set_new(x, mb, json_string(v));
            }
            m->map[kind][m->n[kind]++] = i;
            json_array_append_new(arr, x);
        }
        static const char *const keys[] = {"indicators", "sections", "rules"};
        json_object_set_new(form, keys[kind], arr);
    }
    json_object_set_new(j, "form", form);
    return j;
}

void rep_type_form_remap(ctx *c, web_err *e, const rep_type_form_map *m)
{
    for (int k = 0; k < e->n; k++) {
        const char *f = e->e[k].field;
        if (!f)
            continue;
        for (int kind = 0; kind < ROW_KINDS; kind++) {
            size_t pl = strlen(row_prefix[kind]);
            if (strncmp(f, row_prefix[kind], pl) != 0 || f[pl] != '[')
                continue;
            char *end;
            long i = strtol(f + pl + 1, &end, 10);
            if (*end != ']' || i < 0 || i >= m->n[kind])
                continue;
            e->e[k].field =
                arena_printf(c->a, "%s[%d]%s", row_prefix[kind], m->map[kind][i], end + 1);
        }
    }
}
