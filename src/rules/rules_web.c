/* Rule values on a page and in the API (rules.h): /admin/rules lists every declared key with
 * its label, the value in force today, the default and where it comes from, and the dated
 * history; the administrator sets a value from a date (POST /admin/rules, back here with the
 * message in red beside the field). GET /api/v1/rules (every signed-in user: the values shape
 * deadlines they see), POST /api/v1/rules (administrator). */
#include <stdio.h>
#include <string.h>

#include "base/i18n.h"
#include "http/router.h"
#include "rules/rules.h"
#include "web/dates.h"
#include "web/errors.h"
#include "web/forms.h"
#include "web/layout.h"
#include "web/params.h"
#include "web/respond.h"

#define B(c) (&(c)->rs->body)

static bool may_view(const ctx *c)
{
    return c->user && (c->user->role == ROLE_ADMIN || c->user->role == ROLE_OFFICE_LEADER);
}

static const char *weekday_name(int64_t v)
{
    static const char *const names[] = {N_("thứ Hai"), N_("thứ Ba"),  N_("thứ Tư"),  N_("thứ Năm"),
                                        N_("thứ Sáu"), N_("thứ Bảy"), N_("Chủ nhật")};
    return v >= 1 && v <= 7 ? _(names[v - 1]) : "";
}

/* A value as a reader understands it: a weekday by name, a number as is. */
static const char *value_words(const rule_def *d, const char *v)
{
    if (d->type == RULE_WEEKDAY && v && v[0] >= '1' && v[0] <= '7' && !v[1])
        return weekday_name(v[0] - '0');
    return v ? v : "";
}

/* The anchor and form id of a key: its dots become dashes. */
static const char *key_id(ctx *c, const char *key)
{
    char *s = arena_strdup(c->a, key);
    for (char *p = s; *p; p++)
        if (*p == '.' || *p == '_')
            *p = '-';
    return s;
}

static void value_control(ctx *c, const rule_def *d, const char *fkey, const char *id,
                          const char *cur)
{
    const char *v = form_val(c, fkey, "value", cur);
    if (d->type == RULE_INT) {
        html_printf(B(c),
                    "<input id=\"%s\" name=\"value\" type=\"number\" inputmode=\"numeric\" "
                    "min=\"%lld\" max=\"%lld\" value=\"%s\" required",
                    id, (long long)d->min, (long long)d->max, v ? v : "");
        form_aria_html(c, fkey, "value", id);
        html_raw(B(c), ">");
        return;
    }
    html_printf(B(c), "<select id=\"%s\" name=\"value\"", id);
    form_aria_html(c, fkey, "value", id);
    html_raw(B(c), ">");
    if (d->type == RULE_WEEKDAY) {
        for (int w = 1; w <= 7; w++)
            html_printf(B(c), "<option value=\"%d\"%s>%s</option>", w,
                        v && v[0] == '0' + w && !v[1] ? " selected" : "", weekday_name(w));
    } else {
        for (const char *p = d->choices ? d->choices : ""; *p;) {
            const char *comma = strchr(p, ',');
            size_t w = comma ? (size_t)(comma - p) : strlen(p);
            const char *opt = arena_strndup(c->a, p, w);
            html_printf(B(c), "<option value=\"%s\"%s>%s</option>", opt,
                        v && strcmp(v, opt) == 0 ? " selected" : "", opt);
            if (!comma)
                break;
            p = comma + 1;
        }
    }
    html_raw(B(c), "</select>");
}

static void rule_html(ctx *c, const rule_def *d, bool edit)
{
    char now[256];
    rules_text(c->db, d->key, web_today(c), now, sizeof now);
    const char *id = key_id(c, d->key);
    html_printf(B(c),
                "<section class=\"panel rule\" id=\"rule-%s\"><h2>%s</h2><dl class=\"props\">"
                "<dt>%s</dt><dd class=\"rule-now\"><strong>%s</strong></dd><dt>%s</dt><dd>%s</dd>"
                "<dt>%s</dt><dd>%s</dd></dl>",
                id, _(d->label), _("Giá trị đang áp dụng hôm nay"), value_words(d, now),
                _("Mặc định"), value_words(d, d->dflt), _("Nguồn của mặc định"),
                d->source ? _(d->source) : "");
    rule_value_row *h;
    int nh = rules_history(c->db, c->a, d->key, &h);
    if (nh > 0) {
        html_printf(B(c),
                    "<div class=\"table-wrap\"><table class=\"rule-history\"><thead><tr><th>%s"
                    "</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
                    _("Giá trị"), _("Từ ngày"), _("Đến ngày"), _("Căn cứ"));
        for (int i = 0; i < nh; i++) {
            bool void_row =
                *h[i].effective_to && strcmp(h[i].effective_to, h[i].effective_from) < 0;
            if (void_row)
                continue; /* replaced before it began: never in force */
            html_printf(B(c),
                        "<tr><td>%s</td><td class=\"date\">%s</td><td class=\"date\">%s</td>"
                        "<td>%s</td></tr>",
                        value_words(d, h[i].value), web_date_vn(c, h[i].effective_from),
                        *h[i].effective_to ? web_date_vn(c, h[i].effective_to) : _("nay"),
                        h[i].source);
        }
        html_raw(B(c), "</tbody></table></div>");
    }
    if (edit) {
        const char *fkey = arena_printf(c->a, "/admin/rules#%s", d->key);
        const char *vid = arena_printf(c->a, "v-%s", id);
        html_printf(B(c),
                    "<form class=\"form no-print\" method=\"post\" action=\"/admin/rules\">"
                    "<input type=\"hidden\" name=\"key\" value=\"%s\">",
                    d->key);
        form_csrf(c);
        form_key_input(c, d->key);
        html_printf(B(c), "<div class=\"field%s\"><label for=\"%s\">%s</label>",
                    form_err(c, fkey, "value") ? " has-error" : "", vid, _("Giá trị mới"));
        value_control(c, d, fkey, vid, now);
        form_err_html(c, fkey, "value", vid);
        html_raw(B(c), "</div>");
        form_field_html(c, fkey,
                        &(form_field){.name = "effective_from",
                                      .label = _("Áp dụng từ ngày"),
                                      .type = "date",
                                      .value = web_today(c),
                                      .id = arena_printf(c->a, "f-%s", id),
                                      .required = true});
        form_field_html(c, fkey,
                        &(form_field){.name = "source",
                                      .label = _("Căn cứ"),
                                      .id = arena_printf(c->a, "s-%s", id)});
        html_printf(B(c), "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>",
                    _("Đặt giá trị"));
    }
    html_raw(B(c), "</section>");
}

static void h_page(ctx *c)
{
    if (!may_view(c)) {
        respond_error(c, 403, "forbidden",
                      _("Chỉ quản trị hệ thống và lãnh đạo văn phòng xem được tham số nghiệp vụ."));
        return;
    }
    const rule_def *const *defs;
    int n = rules_defs(&defs);
    page_begin(c, _("Tham số nghiệp vụ"), "rules");
    html_printf(B(c), "<p class=\"hint\">%s <a href=\"/admin/workdays\">%s</a></p>",
                _("Các con số và lựa chọn do quy định đặt ra, có hiệu lực theo ngày: hồ sơ "
                  "trước ngày thay đổi vẫn theo giá trị cũ."),
                _("Lịch ngày làm việc"));
    if (n == 0)
        page_alert(c, "warn", _("Chưa có tham số nào được khai báo."));
    for (int i = 0; i < n; i++)
        rule_html(c, defs[i], rules_may_set(c->user));
    page_end(c);
}

/* Checks and sets; the message goes to the field it concerns. 0 or -1 with e filled. */
static int set_value(ctx *c, const char *key, const char *value, const char *from,
                     const char *source, web_err *e)
{
    char err[400];
    if (!rules_may_set(c->user)) {
        web_err_add(e, 403, "forbidden", NULL,
                    _("Chỉ quản trị hệ thống mới đặt được tham số nghiệp vụ."));
        return -1;
    }
    if (!key || !rules_def(key)) {
        web_err_add(e, 400, "invalid_input", "key", _("Không có tham số này."));
        return -1;
    }
    if (!rules_valid(key, value ? value : "", err, sizeof err))
        web_err_add(e, 400, "invalid_input", "value", arena_strdup(c->a, err));
    if (!from || !param_date(from))
        web_err_add(e, 400, "invalid_input", "effective_from",
                    _("Ngày áp dụng phải có dạng YYYY-MM-DD."));
    if (source && strlen(source) > 200)
        web_err_add(e, 400, "invalid_input", "source", _("Căn cứ quá dài."));
    if (e->n)
        return -1;
    if (rules_set(c->db, c->user, key, value, from, source, err, sizeof err) != 0) {
        web_err_add(e, 500, "internal", NULL, arena_strdup(c->a, err));
        return -1;
    }
    return 0;
}

static void h_post(ctx *c)
{
    const char *key = req_form(c->rq, "key");
    web_err e = {0};
    int rc = set_value(c, key, req_form(c->rq, "value"), req_form(c->rq, "effective_from"),
                       req_form(c->rq, "source"), &e);
    const char *back = "/admin/rules";
    if (rc == 0 && key && rules_def(key)) /* a refusal goes back to the path the form is kept for */
        back = arena_printf(c->a, "/admin/rules#rule-%s", key_id(c, key));
    web_after_post(c, back, rc, &e, _("Đã đặt giá trị mới cho tham số."));
}

static json_t *rule_json(ctx *c, const rule_def *d)
{
    char now[256];
    rules_text(c->db, d->key, web_today(c), now, sizeof now);
    static const char *const types[] = {"int", "weekday", "choice"};
    json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "key", d->key, "label", _(d->label),
                          "type", types[d->type], "value", now, "default", d->dflt ? d->dflt : "",
                          "default_source", d->source ? _(d->source) : "");
    if (d->type == RULE_INT) {
        json_object_set_new(j, "min", json_integer(d->min));
        json_object_set_new(j, "max", json_integer(d->max));
    }
    if (d->type == RULE_TEXT)
        json_object_set_new(j, "choices", json_string(d->choices ? d->choices : ""));
    rule_value_row *h;
    int nh = rules_history(c->db, c->a, d->key, &h);
    json_t *arr = json_array();
    for (int i = 0; i < nh; i++)
        json_array_append_new(arr, json_pack("{s:s, s:s, s:s?, s:s, s:s}", "value", h[i].value,
                                             "effective_from", h[i].effective_from, "effective_to",
                                             *h[i].effective_to ? h[i].effective_to : NULL,
                                             "source", h[i].source, "updated_at",
                                             h[i].updated_at ? h[i].updated_at : ""));
    json_object_set_new(j, "history", arr);
    return j;
}

static void h_api_list(ctx *c)
{
    static const char *const params[] = {"key", NULL};
    if (!params_check(c, params))
        return;
    const char *key = req_query(c->rq, "key");
    const rule_def *const *defs;
    int n = rules_defs(&defs);
    json_t *items = json_array();
    for (int i = 0; i < n; i++)
        if (!key || !*key || strcmp(key, defs[i]->key) == 0)
            json_array_append_new(items, rule_json(c, defs[i]));
    if (key && *key && json_array_size(items) == 0) {
        json_decref(items);
        respond_api_error(c, 404, "not_found", _("Không có tham số này."));
        return;
    }
    respond_json(c, 200, json_pack("{s:s, s:o}", "date", web_today(c), "items", items));
}

static void h_api_set(ctx *c)
{
    static const char *const members[] = {"key", "value", "effective_from", "source", NULL};
    json_t *j = params_json(c, members);
    if (!j)
        return;
    web_err e = {0};
    const char *key = NULL, *value = NULL, *from = NULL, *source = NULL;
    json_member_text(c, j, "key", &key, &e);
    /* A number is as good as its digits: {"value": 5}. */
    json_t *v = json_object_get(j, "value");
    if (json_is_integer(v))
        value = arena_printf(c->a, "%lld", (long long)json_integer_value(v));
    else
        json_member_text(c, j, "value", &value, &e);
    json_member_date(c, j, "effective_from", &from, &e);
    json_member_text(c, j, "source", &source, &e);
    if (!e.n && !from)
        from = web_today(c);
    if (e.n || set_value(c, key, value, from, source, &e) != 0) {
        web_err_respond(c, &e);
        return;
    }
    respond_json(c, 200, rule_json(c, rules_def(key)));
}

void rules_routes(void)
{
    route_add("GET", "/admin/rules", h_page, 0);
    route_add("POST", "/admin/rules", h_post, 0);
    route_add("GET", "/api/v1/rules", h_api_list, ROUTE_API);
    route_add("POST", "/api/v1/rules", h_api_set, ROUTE_API);
}
