/* Pages of the work programmes: the list with the new-programme form, a programme in the
 * programme layout (print, xlsx), its actions and item forms (programmes.h). */
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "http/router.h"
#include "org/org.h"
#include "programmes/programmes.h"
#include "programmes/programmes_impl.h"
#include "programmes/programmes_web.h"
#include "web/dates.h"
#include "web/errors.h"
#include "web/forms.h"
#include "web/layout.h"
#include "web/params.h"
#include "web/respond.h"

static void item_edit_forms(ctx *c, const programme *p, const prog_item *it);
static bool item_from_form(ctx *c, const char *to, item_in *in);

strbuf *pw_body(ctx *c)
{
    return &c->rs->body;
}
#define B(c) pw_body(c)

int pw_this_year(ctx *c)
{
    return atoi(web_today(c));
}

const char *pw_period_label(ctx *c, const programme *p)
{
    static const char *const roman[] = {"", "I", "II", "III", "IV"};
    if (strcmp(p->kind, "TOAN_KHOA") == 0)
        return arena_printf(c->a, _("Nhiệm kỳ %d–%d"), p->year, p->year + p->period);
    if (strcmp(p->kind, "QUY") == 0 && p->period >= 1 && p->period <= 4)
        return arena_printf(c->a, _("Quý %s/%d"), roman[p->period], p->year);
    if (strcmp(p->kind, "THANG") == 0)
        return arena_printf(c->a, _("Tháng %d/%d"), p->period, p->year);
    if (strcmp(p->kind, "TUAN") == 0)
        return arena_printf(c->a, _("Tuần %d/%d"), p->period, p->year);
    return arena_printf(c->a, _("Năm %d"), p->year);
}

const char *pw_item_time(ctx *c, const prog_item *it)
{
    if (it->planned_date)
        return web_date_vn(c, it->planned_date);
    if (it->planned_month)
        return arena_printf(c->a, _("Tháng %d"), it->planned_month);
    return "";
}

/* A <select> of codes with their labels, the typed value kept after a refusal. */
void pw_select(ctx *c, const char *key, const char *name, const char *label,
               const char *const *codes, const char *(*lab)(const char *), const char *dflt,
               const char *id)
{
    const char *v = form_val(c, key, name, dflt);
    html_printf(B(c),
                "<div class=\"field%s\"><label for=\"%s\">%s</label><select id=\"%s\" name=\"%s\"",
                form_err(c, key, name) ? " has-error" : "", id, label, id, name);
    form_aria_html(c, key, name, id);
    html_raw(B(c), ">");
    for (int i = 0; codes[i]; i++)
        html_printf(B(c), "<option value=\"%s\"%s>%s</option>", codes[i],
                    v && strcmp(v, codes[i]) == 0 ? " selected" : "", lab(codes[i]));
    html_raw(B(c), "</select>");
    form_err_html(c, key, name, id);
    html_raw(B(c), "</div>");
}

/* A <select> of the active units (id), "" first when optional. */
static void unit_select(ctx *c, const char *key, const char *name, const char *label,
                        const char *id, bool multiple, const char *hint, const int64_t *dflt,
                        int n_dflt)
{
    /* The item's own units until a refused post of this form brings back what was typed. */
    bool typed = form_failed(c, key);
    org_choice *u;
    int n = org_choice_units(c, &u);
    html_printf(
        B(c), "<div class=\"field%s\"><label for=\"%s\">%s</label><select id=\"%s\" name=\"%s\"%s",
        form_err(c, key, name) ? " has-error" : "", id, label, id, name,
        multiple ? " multiple size=\"5\"" : "");
    form_aria_html(c, key, name, id);
    html_raw(B(c), ">");
    if (!multiple)
        html_printf(B(c), "<option value=\"\">%s</option>", _("— Chọn —"));
    const char *v =
        form_val(c, key, name,
                 n_dflt > 0 && !multiple ? arena_printf(c->a, "%lld", (long long)dflt[0]) : NULL);
    for (int i = 0; i < n; i++) {
        const char *sid = arena_printf(c->a, "%lld", (long long)u[i].id);
        bool was = false;
        for (int k = 0; !typed && k < n_dflt; k++)
            was |= dflt[k] == u[i].id;
        bool sel =
            multiple ? (typed ? form_has(c, key, name, sid) : was) : (v && strcmp(v, sid) == 0);
        html_printf(B(c), "<option value=\"%s\"%s>%s</option>", sid, sel ? " selected" : "",
                    u[i].name);
    }
    html_raw(B(c), "</select>");
    form_err_html(c, key, name, id);
    if (hint)
        html_printf(B(c), "<span class=\"hint\">%s</span>", hint);
    html_raw(B(c), "</div>");
}

/* ---- the list ---------------------------------------------------------------------------- */

static void h_list(ctx *c)
{
    int64_t year = pw_this_year(c);
    query_int(c, "year", 1930, 2099, &year);
    const char *body = req_query(c->rq, "body"), *kind = req_query(c->rq, "kind");
    if (!prog_code_in(body, prog_body_codes))
        body = NULL;
    if (!prog_code_in(kind, prog_kind_codes))
        kind = NULL;
    page_begin(c, _("Chương trình công tác"), "programmes");
    pw_subnav(c, "list");
    html_printf(B(c),
                "<form method=\"get\" action=\"/programmes\" class=\"table-tools no-print\">"
                "<label>%s <input type=\"number\" name=\"year\" value=\"%d\" min=\"1930\" "
                "max=\"2099\"></label> <label>%s <select name=\"body\"><option value=\"\">%s"
                "</option>",
                _("Năm"), (int)year, _("Cơ quan"), _("Tất cả"));
    for (int i = 0; prog_body_codes[i]; i++)
        html_printf(B(c), "<option value=\"%s\"%s>%s</option>", prog_body_codes[i],
                    body && !strcmp(body, prog_body_codes[i]) ? " selected" : "",
                    prog_body_label(prog_body_codes[i]));
    html_printf(B(c),
                "</select></label> <label>%s <select name=\"kind\"><option value=\"\">%s"
                "</option>",
                _("Loại"), _("Tất cả"));
    for (int i = 0; prog_kind_codes[i]; i++)
        html_printf(B(c), "<option value=\"%s\"%s>%s</option>", prog_kind_codes[i],
                    kind && !strcmp(kind, prog_kind_codes[i]) ? " selected" : "",
                    prog_kind_label(prog_kind_codes[i]));
    html_printf(B(c), "</select></label> <button>%s</button></form>", _("Xem"));
    programme *ps;
    prog_filter f = {.body = body, .kind = kind, .year = (int)year};
    int n = prog_list(c, &f, &ps);
    html_printf(B(c),
                "<div class=\"table-wrap\"><table id=\"programme-list\" class=\"cards\"><thead><tr>"
                "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>"
                "<tbody>",
                _("Chương trình"), _("Cơ quan"), _("Kỳ"), _("Phiên bản"), _("Số nội dung"),
                _("Trạng thái"));
    for (int i = 0; i < n; i++)
        html_printf(B(c),
                    "<tr><td data-label=\"%s\"><a href=\"/programmes/%lld\">%s</a></td>"
                    "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
                    "<td data-label=\"%s\" class=\"num\">%d</td><td data-label=\"%s\" "
                    "class=\"num\">%d</td><td data-label=\"%s\">%s</td></tr>",
                    _("Chương trình"), (long long)ps[i].id, ps[i].title, _("Cơ quan"),
                    prog_body_label(ps[i].body), _("Kỳ"), pw_period_label(c, &ps[i]),
                    _("Phiên bản"), ps[i].version, _("Số nội dung"), ps[i].n_items, _("Trạng thái"),
                    prog_status_label(ps[i].status));
    if (n == 0)
        html_printf(B(c), "<tr><td colspan=\"6\" class=\"empty\">%s</td></tr>",
                    _("Chưa có chương trình nào trong năm này."));
    html_raw(B(c), "</tbody></table></div>");

    int64_t own = c->user ? org_scope_anchor(c->db, c->user->unit_id) : 0;
    if (own > 0 && prog_may_draft(c, own)) {
        const char *k = "/programmes";
        html_printf(B(c),
                    "<section class=\"panel no-print\" id=\"programme-new\"><h2>%s</h2>"
                    "<form class=\"form\" method=\"post\" action=\"/programmes\">",
                    _("Lập chương trình mới"));
        form_csrf(c);
        html_printf(B(c), "<input type=\"hidden\" name=\"unit_id\" value=\"%lld\">",
                    (long long)own);
        pw_select(c, k, "body", _("Cơ quan"), prog_body_codes, prog_body_label, "BTV", "p-body");
        pw_select(c, k, "kind", _("Loại chương trình"), prog_kind_codes, prog_kind_label, "NAM",
                  "p-kind");
        form_field_html(c, k,
                        &(form_field){.name = "year",
                                      .label = _("Năm"),
                                      .type = "number",
                                      .value = arena_printf(c->a, "%d", pw_this_year(c)),
                                      .id = "p-year",
                                      .required = true});
        form_field_html(c, k,
                        &(form_field){.name = "period",
                                      .label = _("Kỳ (quý, tháng, tuần; số năm của nhiệm kỳ)"),
                                      .type = "number",
                                      .value = "0",
                                      .id = "p-period",
                                      .hint = _("Để 0 với chương trình năm.")});
        form_field_html(c, k,
                        &(form_field){.name = "title",
                                      .label = _("Tên chương trình"),
                                      .id = "p-title",
                                      .hint = _("Để trống: đặt tên theo cơ quan và kỳ.")});
        html_printf(B(c), "<div class=\"actions\"><button>%s</button></div></form></section>",
                    _("Lập chương trình"));
    }
    page_end(c);
}

static void h_create(ctx *c)
{
    web_err e = {0};
    int64_t unit_id = form_id(c, "unit_id"), year = 0, period = 0;
    form_range(c, "year", 1930, 2099, &year, &e);
    form_range(c, "period", 0, 53, &period, &e);
    if (e.n) {
        web_after_post(c, "/programmes", -1, &e, NULL);
        return;
    }
    prog_new in = {.unit_id = unit_id,
                   .body = req_form(c->rq, "body"),
                   .kind = req_form(c->rq, "kind"),
                   .year = (int)year,
                   .period = (int)period,
                   .title = req_form(c->rq, "title")};
    int64_t id = prog_create(c, &in, &e);
    web_after_post(c,
                   id > 0 ? arena_printf(c->a, "/programmes/%lld", (long long)id) : "/programmes",
                   id > 0 ? 0 : -1, &e, _("Đã lập chương trình (dự thảo)."));
}

/* ---- one programme ------------------------------------------------------------------------- */

static void url_arg(ctx *c, strbuf *sb, const char *s)
{
    (void)c;
    url_encode(sb, s ? s : "");
}

/* The links to the rooms that take an item further (conferences, follow-up, the weekly
 * schedule). */
static void item_links(ctx *c, const prog_item *it)
{
    strbuf t = STRBUF_INIT;
    url_arg(c, &t, it->title);
    const char *enc = arena_strdup(c->a, sb_str(&t));
    sb_free(&t);
    html_printf(B(c),
                "<ul class=\"links item-links no-print\"><li><a href=\"/conferences/new?item=%lld"
                "&amp;title=%s\">%s</a></li><li><a href=\"/followup/new?item=%lld&amp;title=%s\">"
                "%s</a></li><li><a href=\"/schedule/new?item=%lld&amp;content=%s&amp;day=%s\">%s"
                "</a></li>"
                "<li><a href=\"/programmes/items/%lld\">%s</a></li></ul>",
                (long long)it->id, enc, _("Tạo hội nghị"), (long long)it->id, enc,
                _("Giao nhiệm vụ"), (long long)it->id, enc,
                it->planned_date ? it->planned_date : "", _("Đưa vào lịch tuần"), (long long)it->id,
                _("Lịch sử"));
}

static void item_forms(ctx *c, const programme *p, const prog_item *it, programme *targets, int nt)
{
    if (!prog_is_live(p) || it->carried_to_item_id || prog_item_done(it->status))
        return;
    if (prog_may_set_item(c, p, it, "DANG_CHUAN_BI")) {
        const char *k = arena_printf(c->a, "/programmes/items/%lld/status", (long long)it->id);
        html_printf(
            B(c),
            "<details class=\"no-print item-act\"><summary>%s</summary><form class=\"form\" "
            "method=\"post\" action=\"%s\">",
            _("Cập nhật trạng thái"), k);
        form_csrf(c);
        pw_select(c, k, "status", _("Trạng thái"), item_status_codes, item_status_label, it->status,
                  arena_printf(c->a, "st-%lld", (long long)it->id));
        form_field_html(c, k,
                        &(form_field){.name = "reason",
                                      .label = _("Lý do (khi hoãn hoặc không thực hiện)"),
                                      .id = arena_printf(c->a, "rs-%lld", (long long)it->id)});
        form_field_html(c, k,
                        &(form_field){.name = "result_outgoing_id",
                                      .label = _("Văn bản kết quả (số hiệu trong hệ thống)"),
                                      .type = "number",
                                      .id = arena_printf(c->a, "rd-%lld", (long long)it->id),
                                      .hint = _("Khi đã thông qua: văn bản đi đã ban hành.")});
        html_printf(B(c), "<div class=\"actions\"><button>%s</button></div></form>", _("Lưu"));
        if (prog_may_draft(c, p->unit_id) && nt > 0) {
            const char *ck = arena_printf(c->a, "/programmes/items/%lld/carry", (long long)it->id);
            const char *sid = arena_printf(c->a, "ct-%lld", (long long)it->id);
            html_printf(B(c),
                        "<form class=\"form\" method=\"post\" action=\"%s\"><div class=\"field%s\">"
                        "<label for=\"%s\">%s</label><select id=\"%s\" name=\"target_id\"",
                        ck, form_err(c, ck, "target_id") ? " has-error" : "", sid,
                        _("Chuyển sang chương trình kỳ sau"), sid);
            form_aria_html(c, ck, "target_id", sid);
            html_raw(B(c), ">");
            for (int i = 0; i < nt; i++)
                html_printf(B(c), "<option value=\"%lld\">%s</option>", (long long)targets[i].id,
                            targets[i].title);
            html_raw(B(c), "</select>");
            form_err_html(c, ck, "target_id", sid);
            html_raw(B(c), "</div>");
            form_csrf(c);
            html_printf(B(c),
                        "<div class=\"actions\"><button class=\"secondary\">%s</button></div>"
                        "</form>",
                        _("Chuyển kỳ sau"));
        }
        html_raw(B(c), "</details>");
    }
}

void pw_items_table(ctx *c, const programme *p, prog_item *items, int n, bool actions)
{
    /* Later programmes of the same body take carried items. */
    programme *all = NULL, *targets = NULL;
    int nt = 0;
    if (actions && prog_is_live(p) && prog_may_draft(c, p->unit_id)) {
        prog_filter f = {.unit_id = p->unit_id, .body = p->body};
        int na = prog_list(c, &f, &all);
        targets = arena_alloc(c->a, sizeof *targets * (size_t)(na + 1));
        for (int i = 0; i < na; i++)
            if (all[i].id != p->id && strcmp(all[i].start_date, p->start_date) > 0 &&
                strcmp(all[i].stored_status, "HET_HIEU_LUC") != 0 &&
                strcmp(all[i].stored_status, "TRINH") != 0)
                targets[nt++] = all[i];
    }
    html_printf(B(c),
                "<div class=\"table-wrap landscape\"><table id=\"programme-items\" "
                "class=\"programme-table cards\"><thead><tr><th>%s</th><th>%s</th><th>%s</th>"
                "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th class=\"no-print\">%s</th>"
                "</tr></thead><tbody>",
                _("STT"), _("Nội dung"), _("Hình thức văn bản"), _("Cơ quan chủ trì"),
                _("Cơ quan phối hợp"), _("Thời gian"), _("Cấp quyết định"), _("Trạng thái"));
    for (int i = 0; i < n; i++) {
        const prog_item *it = &items[i];
        html_printf(B(c),
                    "<tr id=\"item-%lld\" data-status=\"%s\"><td data-label=\"%s\" class=\"num\">%d"
                    "</td><td data-label=\"%s\">%s",
                    (long long)it->id, it->status, _("STT"), i + 1, _("Nội dung"), it->title);
        if (it->origin_kind && !strcmp(it->origin_kind, "carry"))
            html_printf(B(c), " <span class=\"mark mark-due\">%s</span>", _("Chuyển từ kỳ trước"));
        html_printf(
            B(c),
            "</td><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
            "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
            "<td data-label=\"%s\">%s</td><td data-label=\"%s\" class=\"no-print item-state\">"
            "<span class=\"item-status\">%s</span>",
            _("Hình thức văn bản"), item_form_label(it->doc_form), _("Cơ quan chủ trì"),
            it->lead_unit_name, _("Cơ quan phối hợp"), it->coop_names, _("Thời gian"),
            pw_item_time(c, it), _("Cấp quyết định"), prog_body_label(it->deciding_body),
            _("Trạng thái"), item_status_label(it->status));
        if (it->status_reason)
            html_printf(B(c), "<br><small>%s: %s</small>", _("Lý do"), it->status_reason);
        if (it->result_outgoing_id)
            html_printf(B(c), "<br><a href=\"/outgoing/%lld\">%s %s</a>",
                        (long long)it->result_outgoing_id, _("Văn bản kết quả"),
                        it->result_notation ? it->result_notation : "");
        if (it->carried_to_item_id)
            html_printf(B(c), "<br><a href=\"/programmes/items/%lld\">%s</a>",
                        (long long)it->carried_to_item_id, _("Đã chuyển sang kỳ sau"));
        if (actions) {
            item_links(c, it);
            item_forms(c, p, it, targets, nt);
            if (prog_is_draft(p->stored_status) && prog_may_draft(c, p->unit_id))
                item_edit_forms(c, p, it);
        }
        html_raw(B(c), "</td></tr>");
    }
    if (n == 0)
        html_printf(B(c), "<tr><td colspan=\"8\" class=\"empty\">%s</td></tr>",
                    _("Chương trình chưa có nội dung."));
    html_raw(B(c), "</tbody></table></div>");
}

static void action_button(ctx *c, const programme *p, const char *act, const char *label,
                          const char *cls)
{
    html_printf(B(c), "<form method=\"post\" action=\"/programmes/%lld/%s\" class=\"inline\">",
                (long long)p->id, act);
    form_csrf(c);
    html_printf(B(c), "<button class=\"%s\">%s</button></form>", cls, label);
}

/* The person who prepares the item's papers (optional), by name. */
static void preparer_select(ctx *c, const char *key, const char *id, int64_t dflt)
{
    org_choice *people;
    int n = org_choice_people(c, 0, &people);
    const char *v = form_val(c, key, "preparer_user_id",
                             dflt > 0 ? arena_printf(c->a, "%lld", (long long)dflt) : NULL);
    html_printf(B(c),
                "<div class=\"field%s\"><label for=\"%s\">%s</label><select id=\"%s\" "
                "name=\"preparer_user_id\"",
                form_err(c, key, "preparer_user_id") ? " has-error" : "", id, _("Người chuẩn bị"),
                id);
    form_aria_html(c, key, "preparer_user_id", id);
    html_printf(B(c), "><option value=\"\">%s</option>", _("— Chọn —"));
    for (int i = 0; i < n; i++) {
        const char *sid = arena_printf(c->a, "%lld", (long long)people[i].id);
        html_printf(B(c), "<option value=\"%s\"%s>%s</option>", sid,
                    v && strcmp(v, sid) == 0 ? " selected" : "", people[i].name);
    }
    html_raw(B(c), "</select>");
    form_err_html(c, key, "preparer_user_id", id);
    html_raw(B(c), "</div>");
}

/* The fields of an item: empty for a new one, the item's own when editing (it); ids are
 * prefixed so that the new-item form and the edit forms of a page never share one. */
static void item_fields(ctx *c, const programme *p, const char *k, const prog_item *it,
                        const char *px)
{
#define ID(s) arena_printf(c->a, "%s-%s", px, s)
    form_field_html(c, k,
                    &(form_field){.name = "title",
                                  .label = _("Nội dung"),
                                  .type = "textarea",
                                  .rows = 3,
                                  .id = ID("title"),
                                  .value = it ? it->title : NULL,
                                  .required = true});
    pw_select(c, k, "doc_form", _("Hình thức văn bản"), item_form_codes, item_form_label,
              it ? it->doc_form : "NQ", ID("form"));
    pw_select(c, k, "deciding_body", _("Cấp quyết định"), prog_body_codes, prog_body_label,
              it ? it->deciding_body : p->body, ID("body"));
    unit_select(c, k, "lead_unit_id", _("Cơ quan chủ trì"), ID("lead"), false, NULL,
                it ? &it->lead_unit_id : NULL, it ? 1 : 0);
    unit_select(c, k, "coop_unit_ids", _("Cơ quan phối hợp"), ID("coop"), true,
                _("Giữ Ctrl để chọn nhiều cơ quan."), it ? it->coop_ids : NULL,
                it ? it->n_coop : 0);
    preparer_select(c, k, ID("prep"), it ? it->preparer_user_id : 0);
    form_field_html(c, k,
                    &(form_field){.name = "planned_month",
                                  .label = _("Tháng dự kiến"),
                                  .type = "number",
                                  .id = ID("month"),
                                  .value = it && it->planned_month
                                               ? arena_printf(c->a, "%d", it->planned_month)
                                               : NULL});
    form_field_html(c, k,
                    &(form_field){.name = "planned_date",
                                  .label = _("Ngày dự kiến"),
                                  .type = "date",
                                  .id = ID("date"),
                                  .value = it ? it->planned_date : NULL});
#undef ID
}

static void add_item_form(ctx *c, const programme *p)
{
    const char *k = arena_printf(c->a, "/programmes/%lld/items", (long long)p->id);
    html_printf(B(c),
                "<section class=\"panel no-print\" id=\"item-new\"><h2>%s</h2><form class=\"form\" "
                "method=\"post\" action=\"%s\">",
                _("Thêm nội dung"), k);
    form_csrf(c);
    item_fields(c, p, k, NULL, "i");
    html_printf(B(c), "<div class=\"actions\"><button>%s</button></div></form></section>",
                _("Thêm nội dung"));
}

/* A draft's item: edit it in place, or take it out. Opened by itself when its edit failed. */
static void item_edit_forms(ctx *c, const programme *p, const prog_item *it)
{
    const char *k = arena_printf(c->a, "/programmes/items/%lld/edit", (long long)it->id);
    html_printf(B(c),
                "<details class=\"no-print item-act item-edit\"%s><summary>%s</summary><form "
                "class=\"form\" method=\"post\" action=\"%s\">",
                form_failed(c, k) ? " open" : "", _("Sửa nội dung"), k);
    form_csrf(c);
    item_fields(c, p, k, it, arena_printf(c->a, "e%lld", (long long)it->id));
    html_printf(B(c), "<div class=\"actions\"><button>%s</button></div></form>", _("Lưu"));
    html_printf(B(c),
                "<form method=\"post\" action=\"/programmes/items/%lld/delete\" "
                "class=\"inline\" data-confirm=\"%s\">",
                (long long)it->id, _("Bỏ nội dung này khỏi dự thảo chương trình?"));
    form_csrf(c);
    html_printf(B(c), "<button class=\"danger\">%s</button></form></details>",
                _("Bỏ khỏi chương trình"));
}

/* The approver sends a submitted programme back, with the reason the office must read. */
static void return_form(ctx *c, const programme *p)
{
    const char *k = arena_printf(c->a, "/programmes/%lld/return", (long long)p->id);
    html_printf(B(c),
                "<details class=\"no-print\" id=\"programme-return\"%s><summary>%s</summary>"
                "<form class=\"form\" method=\"post\" action=\"%s\">",
                form_failed(c, k) ? " open" : "", _("Trả lại để sửa"), k);
    form_csrf(c);
    form_field_html(c, k,
                    &(form_field){.name = "reason",
                                  .label = _("Lý do trả lại"),
                                  .type = "textarea",
                                  .rows = 3,
                                  .id = "ret-reason",
                                  .required = true});
    html_printf(B(c),
                "<div class=\"actions\"><button class=\"secondary\">%s</button></div>"
                "</form></details>",
                _("Trả lại"));
}

static void derive_form(ctx *c, const programme *p, prog_item *items, int n)
{
    const char *k = arena_printf(c->a, "/programmes/%lld/derive", (long long)p->id);
    html_printf(B(c),
                "<section class=\"panel no-print\" id=\"derive\"><h2>%s</h2><form class=\"form\" "
                "method=\"post\" action=\"%s\">",
                _("Lập chương trình quý, tháng từ chương trình này"), k);
    form_csrf(c);
    static const char *const kinds[] = {"QUY", "THANG", NULL};
    pw_select(c, k, "kind", _("Loại"), kinds, prog_kind_label,
              strcmp(p->kind, "QUY") == 0 ? "THANG" : "QUY", "d-kind");
    form_field_html(c, k,
                    &(form_field){.name = "period",
                                  .label = _("Quý hoặc tháng"),
                                  .type = "number",
                                  .id = "d-period",
                                  .required = true});
    html_printf(B(c), "<fieldset class=\"field%s\" id=\"d-items\"><legend>%s</legend>",
                form_err(c, k, "item_ids") ? " has-error" : "", _("Chọn nội dung đưa vào"));
    for (int i = 0; i < n; i++) {
        if (prog_item_done(items[i].status) || items[i].carried_to_item_id)
            continue;
        const char *sid = arena_printf(c->a, "%lld", (long long)items[i].id);
        html_printf(B(c),
                    "<label class=\"check\"><input type=\"checkbox\" name=\"item_ids\" "
                    "value=\"%s\"%s> %d. %s (%s)</label>",
                    sid, form_has(c, k, "item_ids", sid) ? " checked" : "", i + 1, items[i].title,
                    pw_item_time(c, &items[i]));
    }
    form_err_html(c, k, "item_ids", "d-items");
    html_printf(B(c),
                "</fieldset><div class=\"actions\"><button>%s</button></div></form>"
                "</section>",
                _("Lập chương trình"));
}

static void h_show(ctx *c)
{
    const programme *p = prog_get(c, req_param_id(c->rq, "id"));
    if (!p) {
        respond_not_found(c);
        return;
    }
    prog_item *items;
    int n = prog_items(c, p->id, &items);
    page_begin(c, p->title, "programmes");
    pw_subnav(c, NULL);
    html_printf(B(c),
                "<div class=\"print-head\"><p class=\"print-unit\">%s</p><p class=\"print-title\">"
                "%s</p></div>",
                p->unit_name, p->title);
    html_printf(B(c),
                "<dl class=\"props no-print\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>"
                "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd id=\"programme-status\">%s</dd><dt>%s</dt>"
                "<dd>%d</dd>",
                _("Cấp ủy"), p->unit_name, _("Cơ quan"), prog_body_label(p->body), _("Kỳ"),
                pw_period_label(c, p), _("Trạng thái"), prog_status_label(p->status),
                _("Phiên bản"), p->version);
    if (p->parent_id)
        html_printf(B(c), "<dt>%s</dt><dd><a href=\"/programmes/%lld\">%s</a></dd>", _("Lập từ"),
                    (long long)p->parent_id, _("Chương trình gốc"));
    if (p->supersedes_id)
        html_printf(B(c), "<dt>%s</dt><dd><a href=\"/programmes/%lld\">%s</a></dd>",
                    _("Điều chỉnh từ"), (long long)p->supersedes_id, _("Phiên bản trước"));
    if (p->outgoing_id)
        html_printf(B(c), "<dt>%s</dt><dd><a href=\"/outgoing/%lld\">%s</a></dd>",
                    _("Văn bản ban hành"), (long long)p->outgoing_id,
                    p->outgoing_notation ? p->outgoing_notation : _("Dự thảo văn bản đi"));
    html_raw(B(c), "</dl><div class=\"actions no-print\" id=\"programme-actions\">");
    html_printf(B(c),
                "<button type=\"button\" class=\"secondary\" data-print "
                "id=\"print-btn\">%s</button><a class=\"button secondary\" "
                "href=\"/programmes/%lld/xlsx\">%s</a>",
                _("In chương trình"), (long long)p->id, _("Tải Excel"));
    if (prog_is_draft(p->stored_status) && prog_may_submit(c, p) && n > 0)
        action_button(c, p, "submit", _("Trình duyệt"), "");
    if (!strcmp(p->stored_status, "TRINH") && prog_may_approve(c, p))
        action_button(c, p, "approve", _("Duyệt chương trình"), "");
    if (!strcmp(p->stored_status, "DA_DUYET") && !p->outgoing_id && prog_may_issue(c, p))
        action_button(c, p, "issue", _("Ban hành (lập văn bản đi)"), "secondary");
    if (prog_is_live(p) && prog_may_draft(c, p->unit_id))
        action_button(c, p, "revise", _("Lập bản điều chỉnh"), "secondary");
    html_raw(B(c), "</div>");
    if (!strcmp(p->stored_status, "TRINH") && prog_may_approve(c, p))
        return_form(c, p);
    pw_items_table(c, p, items, n, true);
    if (prog_is_draft(p->stored_status) && prog_may_draft(c, p->unit_id))
        add_item_form(c, p);
    if (prog_is_live(p) && prog_may_draft(c, p->unit_id) &&
        (!strcmp(p->kind, "NAM") || !strcmp(p->kind, "QUY")))
        derive_form(c, p, items, n);
    page_end(c);
}

static void after(ctx *c, const char *to, int64_t rc, web_err *e, const char *ok)
{
    web_after_post(c, to, rc < 0 ? -1 : 0, e, ok);
}

static const char *back_to(ctx *c, int64_t id)
{
    return arena_printf(c->a, "/programmes/%lld", (long long)id);
}

/* The form's repeated field `name` as ids (positive integers; others are skipped and make
 * the result NULL with *bad_r). */
int64_t *pw_form_ids(ctx *c, const char *name, int max, int *n_r, bool *bad_r)
{
    int64_t *v = arena_alloc(c->a, sizeof *v * (size_t)(max + 1));
    int n = 0;
    *bad_r = false;
    for (size_t i = 0; i < c->rq->form.n; i++) {
        if (strcmp(c->rq->form.v[i].name, name) != 0 || !*c->rq->form.v[i].value)
            continue;
        int64_t x;
        if (param_int(c->rq->form.v[i].value, 1, INT64_MAX, &x) != PARAM_OK) {
            *bad_r = true;
            continue;
        }
        if (n <= max)
            v[n++] = x;
    }
    *n_r = n;
    return v;
}

static void h_item_add(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    item_in in;
    if (!item_from_form(c, back_to(c, id), &in))
        return;
    web_err e = {0};
    after(c, back_to(c, id), prog_item_add(c, id, &in, &e), &e, _("Đã thêm nội dung."));
}

/* The item's fields from the posted form; false (answer sent back to `to`) on a bad number. */
static bool item_from_form(ctx *c, const char *to, item_in *in)
{
    int64_t month = 0;
    web_err e = {0};
    form_range(c, "planned_month", 1, 12, &month, &e);
    int n = 0;
    bool bad;
    int64_t *coop = pw_form_ids(c, "coop_unit_ids", PROG_MAX_COOP, &n, &bad);
    if (bad)
        web_err_add(&e, 400, "invalid_input", "coop_unit_ids", _("Cơ quan phối hợp không hợp lệ."));
    if (e.n) {
        after(c, to, -1, &e, NULL);
        return false;
    }
    *in = (item_in){.title = req_form(c->rq, "title"),
                    .doc_form = req_form(c->rq, "doc_form"),
                    .deciding_body = req_form(c->rq, "deciding_body"),
                    .lead_unit_id = form_id(c, "lead_unit_id"),
                    .preparer_user_id = form_id(c, "preparer_user_id"),
                    .planned_month = (int)month,
                    .planned_date = req_form(c->rq, "planned_date"),
                    .note = req_form(c->rq, "note"),
                    .coop_ids = coop,
                    .n_coop = n};
    return true;
}

static void h_item_edit(ctx *c)
{
    int64_t item = req_param_id(c->rq, "id");
    const prog_item *it = prog_item_get(c, item);
    const char *to = it ? back_to(c, it->programme_id) : "/programmes";
    item_in in;
    if (!item_from_form(c, to, &in))
        return;
    web_err e = {0};
    after(c, it ? arena_printf(c->a, "%s#item-%lld", to, (long long)item) : to,
          prog_item_update(c, item, &in, &e), &e, _("Đã sửa nội dung."));
}

static void h_item_delete(ctx *c)
{
    int64_t item = req_param_id(c->rq, "id");
    const prog_item *it = prog_item_get(c, item);
    web_err e = {0};
    after(c, it ? back_to(c, it->programme_id) : "/programmes", prog_item_delete(c, item, &e), &e,
          _("Đã bỏ nội dung khỏi dự thảo chương trình."));
}

static void h_return(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    web_err e = {0};
    after(c, back_to(c, id), prog_return(c, id, req_form(c->rq, "reason"), &e), &e,
          _("Đã trả lại chương trình để văn phòng sửa."));
}

static void h_submit(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    web_err e = {0};
    after(c, back_to(c, id), prog_submit(c, id, &e), &e, _("Đã trình chương trình."));
}

static void h_approve(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    web_err e = {0};
    after(c, back_to(c, id), prog_approve(c, id, &e), &e, _("Đã duyệt chương trình."));
}

static void h_issue(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    web_err e = {0};
    int64_t oid = prog_issue(c, id, &e);
    after(c, oid > 0 ? arena_printf(c->a, "/outgoing/%lld", (long long)oid) : back_to(c, id), oid,
          &e, _("Đã lập dự thảo văn bản ban hành chương trình; tiếp tục duyệt, ký, ban hành."));
}

static void h_revise(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    web_err e = {0};
    int64_t nid = prog_revise(c, id, &e);
    after(c, back_to(c, nid > 0 ? nid : id), nid, &e, _("Đã lập bản điều chỉnh."));
}

static void h_derive(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id"), period = 0;
    web_err e = {0};
    form_range(c, "period", 1, 12, &period, &e);
    int n = 0;
    bool bad;
    int64_t *ids = pw_form_ids(c, "item_ids", PROG_MAX_PICK, &n, &bad);
    if (bad)
        web_err_add(&e, 400, "invalid_input", "item_ids", _("Nội dung được chọn không hợp lệ."));
    if (e.n) {
        after(c, back_to(c, id), -1, &e, NULL);
        return;
    }
    int64_t nid = prog_derive(c, id, req_form(c->rq, "kind"), (int)period, ids, n, &e);
    after(c, back_to(c, nid > 0 ? nid : id), nid, &e,
          _("Đã lập chương trình kỳ từ các nội dung đã chọn."));
}

static void h_item_status(ctx *c)
{
    int64_t item = req_param_id(c->rq, "id"), result = 0;
    web_err e = {0};
    const prog_item *it = prog_item_get(c, item);
    const char *to = it ? back_to(c, it->programme_id) : "/programmes";
    const char *from = req_form(c->rq, "back");
    if (from && !strcmp(from, "lead"))
        to = "/programmes/lead";
    form_range(c, "result_outgoing_id", 1, INT64_MAX, &result, &e);
    if (e.n) {
        after(c, to, -1, &e, NULL);
        return;
    }
    after(
        c, to,
        prog_item_status(c, item, req_form(c->rq, "status"), req_form(c->rq, "reason"), result, &e),
        &e, _("Đã cập nhật trạng thái nội dung."));
}

static void h_item_carry(ctx *c)
{
    int64_t item = req_param_id(c->rq, "id");
    web_err e = {0};
    const prog_item *it = prog_item_get(c, item);
    int64_t nid = prog_item_carry(c, item, form_id(c, "target_id"), &e);
    after(c, it ? back_to(c, it->programme_id) : "/programmes", nid, &e,
          _("Đã chuyển nội dung sang kỳ sau."));
}

void pw_routes(void)
{
    route_add("GET", "/programmes", h_list, 0);
    route_add("POST", "/programmes", h_create, 0);
    pw_views_routes(); /* literal paths under /programmes before /programmes/{id} */
    route_add("GET", "/programmes/{id}", h_show, 0);
    route_add("POST", "/programmes/{id}/items", h_item_add, 0);
    route_add("POST", "/programmes/{id}/submit", h_submit, 0);
    route_add("POST", "/programmes/{id}/return", h_return, 0);
    route_add("POST", "/programmes/items/{id}/edit", h_item_edit, 0);
    route_add("POST", "/programmes/items/{id}/delete", h_item_delete, 0);
    route_add("POST", "/programmes/{id}/approve", h_approve, 0);
    route_add("POST", "/programmes/{id}/issue", h_issue, 0);
    route_add("POST", "/programmes/{id}/revise", h_revise, 0);
    route_add("POST", "/programmes/{id}/derive", h_derive, 0);
    route_add("POST", "/programmes/items/{id}/status", h_item_status, 0);
    route_add("POST", "/programmes/items/{id}/carry", h_item_carry, 0);
}
