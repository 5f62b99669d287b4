/* Pages of the Huy hiệu Đảng cycle: /awards (the candidates and cases of an occasion, the
 * job's button, a case by hand), /awards/cases/{id} (a case and the form of its next step),
 * /awards/proposal (the list of Mẫu 4, 4A or 4B-HHĐ, printable and xlsx). The rules are the
 * service's (awards.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "awards/awards.h"
#include "awards/awards_web_impl.h"
#include "base/i18n.h"
#include "http/router.h"
#include "org/org.h"
#include "registers/registers.h"
#include "web/dates.h"
#include "web/errors.h"
#include "web/forms.h"
#include "web/layout.h"
#include "web/params.h"
#include "web/respond.h"

#define B (&c->rs->body)
#define NEW_KEY "/awards/cases"

static const db_query q_members = {
    "awards.member_choice",
    "SELECT m.id, m.full_name, u.name, m.status FROM party_members m JOIN units u ON u.id ="
    " m.unit_id WHERE m.status IN ('active', 'deceased') AND m.unit_id IN (SELECT value FROM"
    " json_each(?1)) ORDER BY m.full_name, m.id LIMIT 500",
    NULL};

const char *aw_in(ctx *c, json_t *j, const char *name)
{
    if (!c->is_api)
        return req_form(c->rq, name);
    json_t *v = json_object_get(j, name);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

int64_t aw_in_int(ctx *c, json_t *j, const char *name)
{
    if (!c->is_api) {
        const char *s = req_form(c->rq, name);
        char *end;
        long long v = s && *s ? strtoll(s, &end, 10) : 0;
        return s && *s && !*end ? (int64_t)v : 0;
    }
    json_t *v = json_object_get(j, name);
    return json_is_integer(v) ? (int64_t)json_integer_value(v) : 0;
}

const char *aw_gift_text(ctx *c, const badge_case *b)
{
    if (b->gift_amount >= 0)
        return arena_printf(c->a, "%s đ", web_number(c, b->gift_amount));
    if (b->decision_on)
        return _("Chưa tính được: chưa nhập hệ số quà cho mốc này");
    return "";
}

static const char *vn(ctx *c, const char *iso)
{
    return iso ? web_date_vn(c, iso) : "";
}

void aw_cases_xlsx(ctx *c, const char *title, const char *file, const badge_case *v, int n)
{
    static const char *headers[] = {
        "STT",        "Họ và tên",     "Đơn vị",         "Ngày vào Đảng",
        "Mốc (năm)",  "Đủ tuổi Đảng",  "Hình thức",      "Xét sớm",
        "Trạng thái", "Số quyết định", "Số Huy hiệu",    "Tiền quà",
        "Ngày trao",  "Lý do cấp lại", "Quyết định gốc", "Ngày từ trần"};
    const int nc = 16;
    const char **cells = arena_alloc(c->a, (size_t)(n * nc + 1) * sizeof *cells);
    for (int i = 0; i < n; i++) {
        const badge_case *b = &v[i];
        const char **r = cells + i * nc;
        r[0] = arena_printf(c->a, "%d", i + 1);
        r[1] = b->member_name;
        r[2] = b->unit_name;
        r[3] = vn(c, b->admitted_on);
        r[4] = arena_printf(c->a, "%d", b->milestone);
        r[5] = vn(c, b->due_date);
        r[6] = awards_kind_label(b->kind);
        r[7] = strcmp(b->early, "none") == 0 ? "" : b->early_reason;
        r[8] = awards_status_label(b->status);
        r[9] = b->decision_no ? b->decision_no : "";
        r[10] = b->badge_no ? b->badge_no : "";
        r[11] = aw_gift_text(c, b);
        r[12] = vn(c, b->ceremony_on);
        r[13] = awards_reissue_reason_label(b->reissue_reason);
        r[14] = b->original_decision_no ? arena_printf(c->a, "%s (%s)", b->original_decision_no,
                                                       vn(c, b->original_decision_on))
                                        : "";
        r[15] = vn(c, b->died_on);
    }
    export_table(c, "xlsx", file, title, nc, headers, n, cells);
}

static const char *early_label(const char *e)
{
    if (strcmp(e, "illness") == 0)
        return _("Sớm vì bệnh nặng");
    if (strcmp(e, "posthumous") == 0)
        return _("Sớm (truy tặng)");
    return "";
}

void aw_cases_table(ctx *c, const badge_case *v, int n)
{
    if (n == 0) {
        html_printf(B, "<p class=\"empty\">%s</p>", _("Chưa có hồ sơ nào."));
        return;
    }
    html_printf(B,
                "<div class=\"table-wrap\"><table class=\"list cards\" id=\"badge-cases\"><thead>"
                "<tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
                "<th>%s</th></tr></thead><tbody>",
                _("Họ và tên"), _("Đơn vị"), _("Ngày vào Đảng"), _("Mốc"), _("Đủ tuổi Đảng"),
                _("Hình thức"), _("Trạng thái"));
    for (int i = 0; i < n; i++) {
        const badge_case *b = &v[i];
        html_printf(B,
                    "<tr><td data-label=\"%s\"><a href=\"/awards/cases/%lld\">%s</a></td>"
                    "<td data-label=\"%s\">%s</td><td class=\"date\" data-label=\"%s\">%s</td>"
                    "<td class=\"num\" data-label=\"%s\">%d %s</td>"
                    "<td class=\"date\" data-label=\"%s\">%s</td><td data-label=\"%s\">%s %s</td>"
                    "<td data-label=\"%s\"><span class=\"mark %s\">%s</span></td></tr>",
                    _("Họ và tên"), (long long)b->id, b->member_name, _("Đơn vị"), b->unit_name,
                    _("Ngày vào Đảng"), vn(c, b->admitted_on), _("Mốc"), b->milestone, _("năm"),
                    _("Đủ tuổi Đảng"), vn(c, b->due_date), _("Hình thức"),
                    awards_kind_label(b->kind), early_label(b->early), _("Trạng thái"),
                    strcmp(b->status, "presented") == 0 ? "mark-done" : "mark-due",
                    awards_status_label(b->status));
    }
    html_raw(B, "</tbody></table></div>");
}

static const char *fv(ctx *c, const char *key, const char *name, const char *dflt)
{
    const char *v = form_val(c, key, name, dflt);
    return v ? v : dflt;
}

static void select_html(ctx *c, const char *key, const char *name, const char *label,
                        const char *const *codes, const char *const *labels, const char *dflt)
{
    const char *cur = fv(c, key, name, dflt);
    html_printf(B,
                "<div class=\"field%s\"><label for=\"f-%s\">%s</label><select id=\"f-%s\" "
                "name=\"%s\"",
                form_err(c, key, name) ? " has-error" : "", name, label, name, name);
    form_aria_html(c, key, name, arena_printf(c->a, "f-%s", name));
    html_raw(B, ">");
    for (int i = 0; codes[i]; i++)
        html_printf(B, "<option value=\"%s\"%s>%s</option>", codes[i],
                    cur && strcmp(cur, codes[i]) == 0 ? " selected" : "", labels[i]);
    html_raw(B, "</select>");
    form_err_html(c, key, name, arena_printf(c->a, "f-%s", name));
    html_raw(B, "</div>");
}

/* To the badge history of a member: where a reissue or a posthumous award starts. */
static void member_pick(ctx *c)
{
    db_stmt *s = db_stmt_get(c->db, &q_members);
    if (!s)
        return;
    html_printf(B,
                "<form method=\"get\" action=\"/awards/member\" class=\"filters no-print\" "
                "id=\"member-pick\"><label>%s <select name=\"member_id\"><option value=\"\">%s"
                "</option>",
                _("Lịch sử Huy hiệu của đảng viên"), _("— chọn —"));
    db_bind_text(s, 1, org_scope_json(c));
    while (db_step(s) == DB_ROW)
        html_printf(B, "<option value=\"%s\">%s (%s)%s</option>", db_col_text(s, 0),
                    db_col_text(s, 1), db_col_text(s, 2),
                    strcmp(db_col_text(s, 3), "deceased") == 0 ? _(" — đã từ trần") : "");
    db_reset(s);
    html_printf(B,
                "</select></label> <button type=\"submit\" class=\"secondary\">%s</button>"
                "</form>",
                _("Xem"));
}

static void new_case_form(ctx *c, const char *occasion)
{
    html_printf(
        B, "<section class=\"panel no-print\" id=\"new-case\"><h2>%s</h2><p class=\"hint\">%s</p>",
        _("Lập hồ sơ ngoài danh sách"),
        _("Xét sớm vì bệnh nặng: phải ghi rõ lý do. Cấp lại hoặc truy tặng: mở lịch sử Huy "
          "hiệu của đảng viên (ô chọn phía trên)."));
    html_printf(B, "<form method=\"post\" action=\"%s\" class=\"form\">", NEW_KEY);
    form_csrf(c);
    db_stmt *s = db_stmt_get(c->db, &q_members);
    const char *cur = fv(c, NEW_KEY, "member_id", "");
    html_printf(B,
                "<div class=\"field%s\"><label for=\"f-member_id\">%s</label><select "
                "id=\"f-member_id\" name=\"member_id\" required",
                form_err(c, NEW_KEY, "member_id") ? " has-error" : "", _("Đảng viên"));
    form_aria_html(c, NEW_KEY, "member_id", "f-member_id");
    html_printf(B, "><option value=\"\">%s</option>", _("— chọn —"));
    if (s) {
        db_bind_text(s, 1, org_scope_json(c));
        while (db_step(s) == DB_ROW) {
            const char *id = db_col_text(s, 0);
            html_printf(B, "<option value=\"%s\"%s>%s (%s)%s</option>", id,
                        strcmp(id, cur) == 0 ? " selected" : "", db_col_text(s, 1),
                        db_col_text(s, 2),
                        strcmp(db_col_text(s, 3), "deceased") == 0 ? _(" — đã từ trần") : "");
        }
        db_reset(s);
    }
    html_raw(B, "</select>");
    form_err_html(c, NEW_KEY, "member_id", "f-member_id");
    html_raw(B, "</div>");
    form_field_html(c, NEW_KEY,
                    &(form_field){.name = "milestone",
                                  .label = _("Mốc tuổi Đảng (năm)"),
                                  .type = "number",
                                  .value = "30",
                                  .required = true});
    /* A reissue or a posthumous award starts from the member's badge history, where the
     * original award or the date of death is at hand; here: an award, early for illness. */
    html_raw(B, "<input type=\"hidden\" name=\"kind\" value=\"award\">");
    static const char *const earlies[] = {"none", "illness", NULL};
    const char *el[] = {_("Không xét sớm"), _("Bệnh nặng"), NULL};
    select_html(c, NEW_KEY, "early", _("Xét sớm"), earlies, el, "none");
    form_field_html(
        c, NEW_KEY,
        &(form_field){
            .name = "early_reason", .label = _("Lý do xét sớm"), .type = "textarea", .rows = 2});
    form_field_html(c, NEW_KEY,
                    &(form_field){.name = "occasion_date",
                                  .label = _("Ngày trao (dịp)"),
                                  .type = "date",
                                  .value = occasion,
                                  .required = true});
    html_printf(B,
                "<div class=\"actions\"><button type=\"submit\">%s</button></div></form></section>",
                _("Lập hồ sơ"));
}

static void h_index(ctx *c)
{
    char next[11];
    const char *occasion = req_query(c->rq, "occasion");
    const char *status = req_query(c->rq, "status");
    if (occasion && !*occasion)
        occasion = NULL;
    if (status && !*status)
        status = NULL;
    if (occasion && !param_date(occasion)) {
        respond_error(c, 400, "invalid_parameter", _("Ngày dịp trao không hợp lệ."));
        return;
    }
    awards_target_occasion(c->db, web_today(c), next);
    badge_case *v;
    int n = awards_case_list(c, occasion, status, NULL, &v);
    if (n < 0) {
        respond_error(c, 500, "internal", _(WEB_MSG_DB));
        return;
    }
    const char *fmt = req_query(c->rq, "format");
    if (fmt && strcmp(fmt, "xlsx") == 0) {
        aw_cases_xlsx(c, _("Danh sách đảng viên đến hạn xét tặng Huy hiệu Đảng"), "huy-hieu-dang",
                      v, n);
        return;
    }
    page_begin(c, _("Huy hiệu Đảng"), "awards");
    html_printf(B,
                "<nav class=\"tabs no-print\"><a href=\"/awards\" aria-current=\"page\">%s</a> "
                "<a href=\"/awards/commendations\">%s</a> <a href=\"/training\">%s</a></nav>",
                _("Huy hiệu Đảng"), _("Khen thưởng"), _("Đào tạo, bồi dưỡng"));
    html_printf(B, "<p>%s <strong id=\"next-occasion\">%s</strong>.</p>",
                _("Dịp trao đang chuẩn bị:"), vn(c, next));
    if (awards_may_write(c->user)) {
        html_raw(B, "<form method=\"post\" action=\"/awards/sweep\" class=\"inline no-print\">");
        form_csrf(c);
        html_printf(B, "<button type=\"submit\" id=\"sweep\">%s</button></form>",
                    _("Lập danh sách đảng viên đến hạn"));
    }
    html_printf(B,
                "<form method=\"get\" action=\"/awards\" class=\"filters no-print\"><label>%s "
                "<input type=\"date\" name=\"occasion\" value=\"%s\"></label> <label>%s <select "
                "name=\"status\"><option value=\"\">%s</option>",
                _("Dịp trao"), occasion ? occasion : "", _("Trạng thái"), _("Tất cả"));
    static const char *const sts[] = {"candidate", "reviewed",  "proposed",
                                      "decided",   "presented", NULL};
    for (int i = 0; sts[i]; i++)
        html_printf(B, "<option value=\"%s\"%s>%s</option>", sts[i],
                    status && strcmp(status, sts[i]) == 0 ? " selected" : "",
                    awards_status_label(sts[i]));
    html_printf(B,
                "</select></label> <button type=\"submit\" class=\"secondary\">%s</button></form>",
                _("Lọc"));
    member_pick(c);
    const char *occ = occasion ? occasion : next;
    html_printf(
        B,
        "<p class=\"no-print\"><a href=\"/awards?occasion=%s&amp;status=%s&amp;format=xlsx\">%s</a>"
        " · <a href=\"/awards/proposal?occasion=%s&amp;form=4\">%s</a>"
        " · <a href=\"/awards/proposal?occasion=%s&amp;form=4A\">%s</a>"
        " · <a href=\"/awards/proposal?occasion=%s&amp;form=4B\">%s</a></p>",
        occasion ? occasion : "", status ? status : "", _("Tải Excel"), occ,
        _("Danh sách Mẫu 4-HHĐ"), occ, _("Mẫu 4A-HHĐ (cấp lại)"), occ, _("Mẫu 4B-HHĐ (truy tặng)"));
    aw_cases_table(c, v, n);
    if (awards_may_write(c->user))
        new_case_form(c, next);
    page_end(c);
}

static void prop(ctx *c, const char *label, const char *value)
{
    html_printf(B, "<dt>%s</dt><dd>%s</dd>", label, value ? value : "");
}

static void step_form(ctx *c, const badge_case *b)
{
    const char *path, *title, *button;
    if (strcmp(b->status, "candidate") == 0) {
        path = "review", title = _("Chi bộ xét"), button = _("Ghi kết quả chi bộ xét");
    } else if (strcmp(b->status, "reviewed") == 0) {
        path = "propose", title = _("Đưa vào danh sách đề nghị"),
        button = _("Đề nghị Ban Thường vụ");
    } else if (strcmp(b->status, "proposed") == 0) {
        path = "decide", title = _("Quyết định tặng Huy hiệu"), button = _("Ghi quyết định");
    } else if (strcmp(b->status, "decided") == 0) {
        path = "ceremony", title = _("Lễ trao Huy hiệu"), button = _("Ghi ngày trao");
    } else
        return;
    if (!awards_may_write(c->user) && !(c->user->role == ROLE_UNIT && strcmp(path, "review") == 0))
        return;
    const char *key = arena_printf(c->a, "/awards/cases/%lld/%s", (long long)b->id, path);
    html_printf(B, "<section class=\"panel no-print\" id=\"step\"><h2>%s</h2>", title);
    if (strcmp(path, "decide") == 0)
        aw_outgoing_search(c, arena_printf(c->a, "/awards/cases/%lld", (long long)b->id), "step");
    html_printf(B, "<form method=\"post\" action=\"%s\" class=\"form\">", key);
    form_csrf(c);
    const char *today = web_today(c);
    if (strcmp(path, "review") == 0) {
        form_field_html(c, key,
                        &(form_field){.name = "review_on",
                                      .label = _("Ngày chi bộ xét"),
                                      .type = "date",
                                      .value = today,
                                      .required = true});
        form_field_html(
            c, key,
            &(form_field){
                .name = "review_note", .label = _("Ý kiến chi bộ"), .type = "textarea", .rows = 2});
    } else if (strcmp(path, "propose") == 0) {
        html_printf(B, "<p>%s %s-HHĐ</p>", _("Danh sách theo Mẫu"), awards_form_of(b->kind));
        form_field_html(c, key,
                        &(form_field){.name = "proposed_on",
                                      .label = _("Ngày đề nghị"),
                                      .type = "date",
                                      .value = today,
                                      .required = true});
    } else if (strcmp(path, "decide") == 0) {
        aw_outgoing_select(c, key, b->proposed_on);
        form_field_html(c, key,
                        &(form_field){.name = "decision_no",
                                      .label = _("Số quyết định"),
                                      .hint = _("Ví dụ: 1234-QĐ/TU")});
        form_field_html(c, key,
                        &(form_field){.name = "decision_on",
                                      .label = _("Ngày quyết định"),
                                      .type = "date",
                                      .value = today,
                                      .required = true});
        form_field_html(c, key,
                        &(form_field){.name = "decided_by",
                                      .label = _("Cơ quan quyết định"),
                                      .value = _("Ban Thường vụ Thành ủy")});
        form_field_html(
            c, key, &(form_field){.name = "badge_no", .label = _("Số Huy hiệu"), .required = true});
    } else {
        form_field_html(c, key,
                        &(form_field){.name = "ceremony_on",
                                      .label = _("Ngày trao"),
                                      .type = "date",
                                      .value = b->occasion_date,
                                      .required = true});
    }
    html_printf(B,
                "<div class=\"actions\"><button type=\"submit\">%s</button></div></form></section>",
                button);
}

static void h_case(ctx *c)
{
    const badge_case *b = awards_case_get(c, req_param_id(c->rq, "id"));
    if (!b) {
        respond_not_found(c);
        return;
    }
    page_begin(
        c, arena_printf(c->a, _("Huy hiệu %d năm tuổi Đảng — %s"), b->milestone, b->member_name),
        "awards");
    html_printf(B,
                "<p class=\"no-print\"><a href=\"/awards?occasion=%s\">%s</a> · <a "
                "href=\"/awards/members/%lld\" id=\"member-history\">%s</a></p>",
                b->occasion_date, _("← Danh sách dịp trao"), (long long)b->member_id,
                _("Lịch sử Huy hiệu của đảng viên"));
    html_raw(B, "<dl class=\"props\" id=\"case-props\">");
    prop(c, _("Đảng viên"), b->member_name);
    prop(c, _("Đơn vị"), b->unit_name);
    prop(c, _("Ngày vào Đảng"), vn(c, b->admitted_on));
    prop(c, _("Mốc"), arena_printf(c->a, "%d %s", b->milestone, _("năm")));
    prop(c, _("Đủ tuổi Đảng ngày"), vn(c, b->due_date));
    prop(c, _("Hình thức"),
         arena_printf(c->a, "%s (%s %s-HHĐ)", awards_kind_label(b->kind), _("Mẫu"),
                      awards_form_of(b->kind)));
    if (strcmp(b->early, "none") != 0)
        prop(c, early_label(b->early), b->early_reason);
    if (b->reissue_reason) {
        prop(c, _("Lý do cấp lại"), awards_reissue_reason_label(b->reissue_reason));
        html_printf(B, "<dt>%s</dt><dd><a href=\"/awards/cases/%lld\">%s %s %s</a> (%s %s)</dd>",
                    _("Quyết định gốc"), (long long)b->original_case_id,
                    b->original_decision_no ? b->original_decision_no : "", _("ngày"),
                    vn(c, b->original_decision_on), _("số Huy hiệu"),
                    b->original_badge_no ? b->original_badge_no : "");
    }
    if (b->died_on)
        prop(c, _("Ngày từ trần"), vn(c, b->died_on));
    prop(c, _("Dịp trao"), vn(c, b->occasion_date));
    prop(c, _("Trạng thái"), awards_status_label(b->status));
    if (b->review_on)
        prop(c, _("Chi bộ xét ngày"),
             arena_printf(c->a, "%s %s", vn(c, b->review_on), b->review_note));
    if (b->proposed_on)
        prop(c, _("Đề nghị ngày"), vn(c, b->proposed_on));
    if (b->decision_no) {
        prop(c, _("Quyết định"),
             arena_printf(c->a, "%s %s %s (%s)", b->decision_no, _("ngày"), vn(c, b->decision_on),
                          b->decided_by));
        if (b->decision_outgoing_id)
            html_printf(B,
                        "<dt>%s</dt><dd><a href=\"/outgoing/%lld\" id=\"decision-doc\">%s %s"
                        "</a></dd>",
                        _("Văn bản quyết định"), (long long)b->decision_outgoing_id, _("Số"),
                        b->decision_no);
        prop(c, _("Số Huy hiệu"), b->badge_no);
        prop(c, _("Tiền quà tặng"), aw_gift_text(c, b));
    }
    if (b->ceremony_on)
        prop(c, _("Ngày trao"), vn(c, b->ceremony_on));
    html_raw(B, "</dl>");
    step_form(c, b);
    page_end(c);
}

/* The list of a form: Mẫu 4A-HHĐ names the reason and the original decision of each reissue,
 * Mẫu 4B-HHĐ the date of death of each posthumous award; Mẫu 4 is the plain list. */
static void proposal_table(ctx *c, const char *form, const badge_case *v, int n)
{
    if (strcmp(form, "4") == 0 || n == 0) {
        aw_cases_table(c, v, n);
        return;
    }
    bool re = strcmp(form, "4A") == 0;
    html_printf(B,
                "<div class=\"table-wrap\"><table class=\"list cards\" id=\"proposal-%s\"><thead>"
                "<tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
                "<th>%s</th></tr></thead><tbody>",
                form, _("STT"), _("Họ và tên"), _("Đơn vị"), _("Mốc"),
                re ? _("Lý do cấp lại") : _("Ngày vào Đảng"),
                re ? _("Quyết định gốc") : _("Ngày từ trần"), _("Trạng thái"));
    for (int i = 0; i < n; i++) {
        const badge_case *b = &v[i];
        const char *c5 =
            re ? awards_reissue_reason_label(b->reissue_reason) : vn(c, b->admitted_on);
        const char *c6 =
            re ? arena_printf(c->a, "%s %s %s, %s %s",
                              b->original_decision_no ? b->original_decision_no : "", _("ngày"),
                              vn(c, b->original_decision_on), _("số Huy hiệu"),
                              b->original_badge_no ? b->original_badge_no : "")
               : vn(c, b->died_on);
        html_printf(B,
                    "<tr><td class=\"num\" data-label=\"%s\">%d</td><td data-label=\"%s\"><a "
                    "href=\"/awards/cases/%lld\">%s</a></td><td data-label=\"%s\">%s</td>"
                    "<td class=\"num\" data-label=\"%s\">%d %s</td><td data-label=\"%s\">%s</td>"
                    "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td></tr>",
                    _("STT"), i + 1, _("Họ và tên"), (long long)b->id, b->member_name, _("Đơn vị"),
                    b->unit_name, _("Mốc"), b->milestone, _("năm"),
                    re ? _("Lý do cấp lại") : _("Ngày vào Đảng"), c5,
                    re ? _("Quyết định gốc") : _("Ngày từ trần"), c6, _("Trạng thái"),
                    awards_status_label(b->status));
    }
    html_raw(B, "</tbody></table></div>");
}

static void h_proposal(ctx *c)
{
    const char *occasion = req_query(c->rq, "occasion");
    const char *form = req_query(c->rq, "form");
    if (!form || (strcmp(form, "4") && strcmp(form, "4A") && strcmp(form, "4B")))
        form = "4";
    if (!occasion || !param_date(occasion)) {
        respond_error(c, 400, "invalid_parameter", _("Hãy chọn dịp trao."));
        return;
    }
    badge_case *v, *w;
    int n = awards_case_list(c, occasion, NULL, form, &v);
    if (n < 0) {
        respond_error(c, 500, "internal", _(WEB_MSG_DB));
        return;
    }
    /* The list carries the cases the office proposed (and those decided since). */
    w = arena_alloc(c->a, (size_t)(n + 1) * sizeof *w);
    int m = 0;
    for (int i = 0; i < n; i++)
        if (strcmp(v[i].status, "candidate") && strcmp(v[i].status, "reviewed"))
            w[m++] = v[i];
    const char *title = arena_printf(
        c->a, _("Danh sách đề nghị tặng Huy hiệu Đảng (Mẫu %s-HHĐ) dịp %s"), form, vn(c, occasion));
    const char *fmt = req_query(c->rq, "format");
    if (fmt && strcmp(fmt, "xlsx") == 0) {
        aw_cases_xlsx(c, title, "danh-sach-de-nghi-huy-hieu", w, m);
        return;
    }
    page_begin(c, title, "awards");
    html_printf(
        B,
        "<p class=\"no-print\"><a href=\"/awards?occasion=%s\">%s</a> · <a "
        "href=\"/awards/proposal?occasion=%s&amp;form=%s&amp;format=xlsx\">%s</a> · <button "
        "type=\"button\" class=\"secondary\" data-print>%s</button></p>",
        occasion, _("← Danh sách dịp trao"), occasion, form, _("Tải Excel"), _("In"));
    proposal_table(c, form, w, m);
    page_end(c);
}

static void after(ctx *c, const char *back, int64_t rc, web_err *e, const char *ok)
{
    web_after_post(c, back, rc < 0 ? -1 : 0, e, ok);
}

static void h_sweep_page(ctx *c)
{
    if (!awards_may_write(c->user)) {
        respond_forbidden(c);
        return;
    }
    int n = awards_sweep(c->db, c->user, web_today(c));
    if (n < 0) {
        respond_error(c, 500, "internal", _(WEB_MSG_DB));
        return;
    }
    page_flash_set(c, arena_printf(c->a, _("Đã lập danh sách: %d đảng viên mới đến hạn."), n));
    respond_redirect(c, "/awards");
}

static void h_create_page(ctx *c)
{
    badge_in in = {.member_id = aw_in_int(c, NULL, "member_id"),
                   .milestone = (int)aw_in_int(c, NULL, "milestone"),
                   .kind = aw_in(c, NULL, "kind"),
                   .early = aw_in(c, NULL, "early"),
                   .early_reason = aw_in(c, NULL, "early_reason"),
                   .occasion_date = aw_in(c, NULL, "occasion_date"),
                   .original_case_id = aw_in_int(c, NULL, "original_case_id"),
                   .reissue_reason = aw_in(c, NULL, "reissue_reason"),
                   .died_on = aw_in(c, NULL, "died_on")};
    web_err e;
    int64_t id = awards_case_create(c, &in, &e);
    if (id > 0) {
        page_flash_set(c, _("Đã lập hồ sơ Huy hiệu."));
        respond_redirect(c, arena_printf(c->a, "/awards/cases/%lld", (long long)id));
        return;
    }
    /* A reissue or a posthumous award is refused back onto the member's page it came from. */
    const char *fk = req_form(c->rq, FORM_KEY_FIELD);
    const char *back = fk && *fk && in.member_id > 0
                           ? arena_printf(c->a, "/awards/members/%lld", (long long)in.member_id)
                           : "/awards";
    after(c, back, id, &e, NULL);
}

static void h_step_page(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    const char *step = req_param(c->rq, "step");
    web_err e = {0};
    int rc;
    if (strcmp(step, "review") == 0)
        rc = awards_case_review(c, id, aw_in(c, NULL, "review_on"), aw_in(c, NULL, "review_note"),
                                &e);
    else if (strcmp(step, "propose") == 0)
        rc = awards_case_propose(c, id, aw_in(c, NULL, "proposed_on"), &e);
    else if (strcmp(step, "decide") == 0)
        rc = awards_case_decide(c, id, aw_in(c, NULL, "decision_no"), aw_in(c, NULL, "decision_on"),
                                aw_in(c, NULL, "decided_by"), aw_in(c, NULL, "badge_no"),
                                aw_in_int(c, NULL, "outgoing_id"), &e);
    else if (strcmp(step, "ceremony") == 0)
        rc = awards_case_ceremony(c, id, aw_in(c, NULL, "ceremony_on"), &e);
    else {
        respond_not_found(c);
        return;
    }
    after(c, arena_printf(c->a, "/awards/cases/%lld", (long long)id), rc, &e,
          _("Đã ghi bước của hồ sơ."));
}

void awards_comm_web_routes(void);
void awards_api_routes(void);
void awards_member_routes(void);

void awards_routes(void)
{
    route_add("GET", "/awards", h_index, 0);
    route_add("POST", "/awards/sweep", h_sweep_page, 0);
    route_add("POST", "/awards/cases", h_create_page, 0);
    route_add("GET", "/awards/cases/{id}", h_case, 0);
    route_add("POST", "/awards/cases/{id}/{step}", h_step_page, 0);
    route_add("GET", "/awards/proposal", h_proposal, 0);
    awards_comm_web_routes();
    awards_api_routes();
    awards_member_routes();
}
