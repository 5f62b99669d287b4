/* The panels of a conference's page and their forms: the document picker, materials, the
 * invitation form, invited units with their answers and check-in, connection points,
 * attendance by category with the roll-up, the minutes and conclusion buttons, the study
 * reports. Rules in the services; this file only draws. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "catalog/vocab.h"
#include "conferences/conf_impl.h"
#include "conferences/conf_web.h"
#include "conferences/conferences.h"
#include "org/org.h"
#include "search/search.h"
#include "web/dates.h"
#include "web/forms.h"
#include "web/layout.h"

#define B conf_B

static const char *key_of(ctx *c, int64_t id, const char *what)
{
    return arena_printf(c->a, "/conferences/%lld/%s", (long long)id, what);
}

static void form_open(ctx *c, int64_t id, const char *what, const char *html_id)
{
    html_printf(B(c),
                "<form class=\"form no-print\" method=\"post\" action=\"/conferences/%lld/%s\" "
                "id=\"%s\">",
                (long long)id, what, html_id);
    form_csrf(c);
}

static void form_close(ctx *c, const char *button)
{
    html_printf(B(c), "<div class=\"actions\"><button>%s</button></div></form>", button);
}

static void number_field(ctx *c, const char *key, const char *name, const char *label,
                         const char *id, int value)
{
    form_field_html(c, key,
                    &(form_field){.name = name,
                                  .label = label,
                                  .type = "number",
                                  .id = id,
                                  .value = arena_printf(c->a, "%d", value)});
}

int64_t conf_my_unit(ctx *c, const conference *k)
{
    if (!c->user)
        return 0;
    int64_t own = c->user->unit_id, anchor = org_scope_anchor(c->db, own);
    if (conf_may_answer(c, k, own))
        return own;
    if (anchor != own && conf_may_answer(c, k, anchor))
        return anchor;
    return 0;
}

/* ---- documents and materials ------------------------------------------------------------- */

void conf_doc_picker(ctx *c, int64_t id)
{
    const char *find = req_query(c->rq, "find");
    html_printf(B(c),
                "<form class=\"filters no-print\" id=\"conf-pick\" method=\"get\" "
                "action=\"/conferences/%lld#conf-subjects\"><label>%s <input type=\"search\" "
                "name=\"find\" maxlength=\"500\" value=\"%s\"></label> <button>%s</button></form>",
                (long long)id, _("Tìm văn bản (số, ký hiệu hoặc trích yếu) để gắn vào hội nghị"),
                find ? find : "", _("Tìm"));
    if (!find || !*find)
        return;
    search_filter f = {0};
    f.q = find;
    f.secrecy = -1;
    f.limit = 20;
    search_result r;
    int status = 0;
    const char *code = NULL, *err = NULL;
    if (search_run(c, &f, &r, &status, &code, &err) != 0 || r.n_hits == 0) {
        html_printf(B(c), "<p class=\"empty\">%s</p>",
                    err ? err : _("Không tìm thấy văn bản nào; hãy thử số ký hiệu hoặc vài từ."));
        return;
    }
    html_printf(B(c),
                "<div class=\"table-wrap\"><table id=\"conf-pick-hits\"><thead><tr><th>%s</th>"
                "<th>%s</th><th></th></tr></thead><tbody>",
                _("Số, ký hiệu"), _("Trích yếu"));
    for (int i = 0; i < r.n_hits; i++) {
        const search_hit *h = &r.hits[i];
        bool out = strcmp(h->kind, "out") == 0;
        html_printf(B(c),
                    "<tr><td class=\"docno\">%s</td><td>%s</td><td><form method=\"post\" "
                    "action=\"/conferences/%lld/subjects\" class=\"inline\"><input "
                    "type=\"hidden\" name=\"doc_kind\" value=\"%s\"><input type=\"hidden\" "
                    "name=\"doc_id\" value=\"%lld\">",
                    h->code, h->subject, (long long)id, out ? "out" : "in", (long long)h->id);
        form_csrf(c);
        html_printf(B(c), "<button class=\"secondary\">%s</button></form></td></tr>",
                    _("Gắn vào hội nghị"));
    }
    html_raw(B(c), "</tbody></table></div>");
}

void conf_material_form(ctx *c, int64_t id)
{
    const char *key = key_of(c, id, "materials");
    html_printf(B(c),
                "<details class=\"no-print\"%s><summary>%s</summary><form class=\"form\" "
                "method=\"post\" enctype=\"multipart/form-data\" action=\"%s\" "
                "id=\"conf-material-form\">",
                form_failed(c, key) ? " open" : "", _("Thêm tài liệu"), key);
    form_csrf(c);
    form_field_html(
        c, key,
        &(form_field){
            .name = "title", .label = _("Tên tài liệu"), .id = "m-title", .required = true});
    /* A refused form without the field gives NULL: the default then. */
    const char *sv = form_val(c, key, "secrecy", "none");
    if (!sv)
        sv = "none";
    html_printf(B(c),
                "<div class=\"field\"><label for=\"m-secrecy\">%s</label><select "
                "id=\"m-secrecy\" name=\"secrecy\">",
                _("Độ mật"));
    for (int i = 0; secrecy_codes[i]; i++)
        html_printf(B(c), "<option value=\"%s\"%s>%s</option>", secrecy_codes[i],
                    strcmp(sv, secrecy_codes[i]) == 0 ? " selected" : "",
                    secrecy_label((enum secrecy)i));
    html_raw(B(c), "</select></div>");
    form_field_html(c, key,
                    &(form_field){.name = "file",
                                  .label = _("Tệp"),
                                  .type = "file",
                                  .id = "m-file",
                                  .hint = _("Để trống nếu là tài liệu giấy phát tại hội nghị.")});
    html_printf(B(c), "<div class=\"actions\"><button>%s</button></div></form></details>",
                _("Thêm tài liệu"));
}

/* ---- the invitation ---------------------------------------------------------------------- */

void conf_invitation_form(ctx *c, const conference *k)
{
    const char *key = key_of(c, k->id, "invitation");
    html_printf(B(c), "<p class=\"hint\">%s</p>",
                _("Giấy mời được tạo thành dự thảo văn bản đi (gửi các đơn vị được mời), rồi "
                  "trình ký và phát hành theo quy trình văn bản đi."));
    form_open(c, k->id, "invitation", "conf-invite-form");
    form_field_html(c, key,
                    &(form_field){.name = "date",
                                  .label = _("Ngày gửi giấy mời"),
                                  .type = "date",
                                  .id = "i-date",
                                  .value = web_today(c)});
    form_field_html(c, key,
                    &(form_field){.name = "reason",
                                  .label = _("Lý do gửi muộn (nếu gửi sát ngày hội nghị)"),
                                  .type = "textarea",
                                  .id = "i-reason",
                                  .rows = 2});
    form_err_html(c, key, "invitees", "i-date");
    form_close(c, _("Tạo giấy mời"));
}

void conf_docs_buttons(ctx *c, const conference *k)
{
    html_raw(B(c), "<div class=\"actions no-print\">");
    if (!k->minutes_id) {
        html_printf(B(c),
                    "<form method=\"post\" action=\"/conferences/%lld/minutes\" "
                    "class=\"inline\">",
                    (long long)k->id);
        form_csrf(c);
        html_printf(B(c), "<button class=\"secondary\">%s</button></form> ", _("Lập biên bản"));
    }
    if (!k->conclusion_id) {
        html_printf(B(c),
                    "<form method=\"post\" action=\"/conferences/%lld/conclusion\" "
                    "class=\"inline\">",
                    (long long)k->id);
        form_csrf(c);
        html_printf(B(c), "<button class=\"secondary\">%s</button></form>",
                    _("Soạn thông báo kết luận"));
    }
    html_raw(B(c), "</div>");
}

/* ---- invited units ----------------------------------------------------------------------- */

static void answer_form(ctx *c, const conference *k, int64_t unit_id)
{
    const char *key = key_of(c, k->id, "answer");
    html_printf(B(c), "<h3>%s</h3>", _("Trả lời giấy mời của đơn vị"));
    form_open(c, k->id, "answer", "conf-answer-form");
    html_printf(B(c), "<input type=\"hidden\" name=\"unit_id\" value=\"%lld\">",
                (long long)unit_id);
    const char *r = form_val(c, key, "response", "attend");
    if (!r)
        r = "";
    html_printf(B(c), "<fieldset class=\"field%s\" id=\"a-response\"><legend>%s</legend>",
                form_err(c, key, "response") ? " has-error" : "", _("Trả lời"));
    for (int i = 0; conf_response_codes[i]; i++)
        html_printf(B(c),
                    "<label class=\"check\"><input type=\"radio\" name=\"response\" "
                    "value=\"%s\"%s> %s</label>",
                    conf_response_codes[i],
                    strcmp(r, conf_response_codes[i]) == 0 ? " checked" : "",
                    conf_response_label(conf_response_codes[i]));
    form_err_html(c, key, "response", "a-response");
    html_raw(B(c), "</fieldset>");
    form_field_html(c, key,
                    &(form_field){.name = "reason", .label = _("Lý do vắng"), .id = "a-reason"});
    form_field_html(c, key,
                    &(form_field){.name = "substitute",
                                  .label = _("Người dự thay (họ tên, chức vụ)"),
                                  .id = "a-substitute"});
    form_close(c, _("Gửi trả lời"));
}

void conf_invitees_panel(ctx *c, const conference *k, bool manage)
{
    conf_invitee *iv;
    int n = conf_invitees(c, k->id, &iv);
    bool organiser = conf_is_organiser(c, k);
    int answered = 0, checked = 0;
    for (int i = 0; i < n; i++) {
        answered += iv[i].response != NULL;
        checked += iv[i].checked_in_at != NULL;
    }
    html_printf(B(c), "<section class=\"panel\" id=\"conf-invitees\"><h2>%s</h2><p>%s</p>",
                _("Đơn vị được mời"),
                arena_printf(c->a, _("%d đơn vị được mời; %d đã trả lời; %d đã điểm danh."), n,
                             answered, checked));
    html_printf(B(c),
                "<div class=\"table-wrap\"><table id=\"conf-invitee-list\"><thead><tr><th>%s</th>"
                "<th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
                _("Đơn vị"), _("Trả lời"), _("Lý do / người dự thay"), _("Điểm danh"));
    for (int i = 0; i < n; i++) {
        /* A participant sees its own line; the organiser sees every unit. */
        if (!organiser && !org_unit_in_scope(c, iv[i].unit_id))
            continue;
        html_printf(B(c), "<tr data-unit=\"%lld\"><td>%s</td><td>%s</td><td>%s</td><td>",
                    (long long)iv[i].unit_id, iv[i].unit_name, conf_response_label(iv[i].response),
                    iv[i].substitute ? iv[i].substitute
                    : iv[i].reason   ? iv[i].reason
                                     : "");
        if (iv[i].checked_in_at)
            html_printf(B(c), "<span class=\"mark mark-done\">%s</span>", _("Có mặt"));
        if (manage) {
            html_printf(B(c),
                        " <form method=\"post\" action=\"/conferences/%lld/checkin\" "
                        "class=\"inline no-print\"><input type=\"hidden\" name=\"unit_id\" "
                        "value=\"%lld\"><input type=\"hidden\" name=\"in\" value=\"%s\">",
                        (long long)k->id, (long long)iv[i].unit_id,
                        iv[i].checked_in_at ? "0" : "1");
            form_csrf(c);
            html_printf(B(c), "<button class=\"secondary\">%s</button></form>",
                        iv[i].checked_in_at ? _("Bỏ điểm danh") : _("Điểm danh"));
        }
        html_raw(B(c), "</td></tr>");
    }
    html_raw(B(c), "</tbody></table></div>");
    int64_t mine = conf_my_unit(c, k);
    if (mine && !k->minutes_id && strcmp(k->stored_status, "HUY") != 0)
        answer_form(c, k, mine);
    if (manage) {
        const char *key = key_of(c, k->id, "invitees");
        html_printf(B(c), "<details class=\"no-print\"%s><summary>%s</summary>",
                    form_failed(c, key) ? " open" : "", _("Mời thêm đơn vị"));
        form_open(c, k->id, "invitees", "conf-invitee-form");
        html_printf(B(c),
                    "<div class=\"field\"><label for=\"v-unit\">%s</label><select "
                    "id=\"v-unit\" name=\"unit_id\">",
                    _("Đơn vị"));
        unit *us;
        int *depth;
        int nu = org_unit_list(c, false, &us, &depth);
        for (int i = 0; i < nu; i++)
            if (us[i].id != k->unit_id)
                html_printf(B(c), "<option value=\"%lld\">%s</option>", (long long)us[i].id,
                            us[i].name);
        html_raw(B(c), "</select>");
        form_err_html(c, key, "unit_id", "v-unit");
        html_raw(B(c), "</div>");
        form_close(c, _("Mời"));
        html_raw(B(c), "</details>");
    }
    html_raw(B(c), "</section>");
}

void conf_endpoints_panel(ctx *c, const conference *k, bool manage)
{
    if (strcmp(k->mode, "TRUC_TIEP") == 0)
        return;
    conf_endpoint *ep;
    int n = conf_endpoints(c, k->id, &ep);
    int expected = 0, actual = 0;
    html_printf(B(c),
                "<section class=\"panel\" id=\"conf-endpoints\"><h2>%s</h2><div "
                "class=\"table-wrap\"><table><thead><tr><th>%s</th><th>%s</th><th>%s</th>"
                "<th>%s</th></tr></thead><tbody>",
                _("Điểm cầu"), _("Đơn vị"), _("Điểm cầu"), _("Dự kiến"), _("Có mặt"));
    for (int i = 0; i < n; i++) {
        expected += ep[i].expected;
        actual += ep[i].actual > 0 ? ep[i].actual : 0;
        html_printf(B(c),
                    "<tr><td>%s</td><td>%s</td><td class=\"num\">%d</td><td "
                    "class=\"num\">%s</td></tr>",
                    ep[i].unit_name, ep[i].host, ep[i].expected,
                    ep[i].actual >= 0 ? arena_printf(c->a, "%d", ep[i].actual) : "");
    }
    html_printf(B(c),
                "<tr class=\"total\"><td>%s</td><td>%s</td><td class=\"num\">%d</td><td "
                "class=\"num\">%d</td></tr></tbody></table></div>",
                _("Cộng"), arena_printf(c->a, _("%d điểm cầu"), n), expected, actual);
    if (manage) {
        const char *key = key_of(c, k->id, "endpoints");
        html_printf(B(c), "<details class=\"no-print\"%s><summary>%s</summary>",
                    form_failed(c, key) ? " open" : "", _("Thêm, cập nhật điểm cầu"));
        form_open(c, k->id, "endpoints", "conf-endpoint-form");
        html_printf(B(c),
                    "<div class=\"field\"><label for=\"e-unit\">%s</label><select "
                    "id=\"e-unit\" name=\"unit_id\">",
                    _("Đơn vị"));
        unit *us;
        int *depth;
        int nu = org_unit_list(c, false, &us, &depth);
        for (int i = 0; i < nu; i++)
            html_printf(B(c), "<option value=\"%lld\">%s</option>", (long long)us[i].id,
                        us[i].name);
        html_raw(B(c), "</select>");
        form_err_html(c, key, "unit_id", "e-unit");
        html_raw(B(c), "</div>");
        form_field_html(
            c, key,
            &(form_field){.name = "host", .label = _("Điểm cầu (phòng họp)"), .id = "e-host"});
        number_field(c, key, "expected", _("Số người dự kiến"), "e-expected", 0);
        form_field_html(c, key,
                        &(form_field){.name = "actual",
                                      .label = _("Số người có mặt"),
                                      .type = "number",
                                      .id = "e-actual"});
        form_close(c, _("Lưu điểm cầu"));
        html_raw(B(c), "</details>");
    }
    html_raw(B(c), "</section>");
}

/* ---- attendance by category -------------------------------------------------------------- */

static const char *pct_text(ctx *c, double pct)
{
    return conf_pct(c, pct);
}

void conf_attendance_panel(ctx *c, const conference *k, bool manage)
{
    conf_rollup_row *rows;
    int n = conf_rollup(c, k->id, &rows);
    bool organiser = conf_is_organiser(c, k);
    html_printf(B(c),
                "<section class=\"panel\" id=\"conf-attendance\"><h2>%s</h2><div "
                "class=\"table-wrap\"><table id=\"conf-rollup\"><thead><tr><th>%s</th><th>%s</th>"
                "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>"
                "</thead><tbody>",
                _("Điểm danh theo thành phần"), _("Đơn vị"), _("Tổng số đảng viên"),
                _("Cấp ủy viên có mặt"), _("Đảng viên có mặt"), _("Quần chúng"), _("Vắng có lý do"),
                _("Vắng không lý do"), _("Tỷ lệ đảng viên dự"));
    for (int i = 0; i < n; i++) {
        const conf_rollup_row *r = &rows[i];
        if (!organiser && (r->group || r->total || !org_unit_in_scope(c, r->a.unit_id)))
            continue;
        const char *name = r->total   ? _("Toàn hội nghị")
                           : r->group ? arena_printf(c->a, _("Cộng %s"), r->a.unit_name)
                                      : r->a.unit_name;
        html_printf(B(c),
                    "<tr class=\"%s\" data-unit=\"%lld\"><td>%s</td><td class=\"num\">%d</td><td "
                    "class=\"num\">%d</td><td class=\"num\">%d</td><td class=\"num\">%d</td><td "
                    "class=\"num\">%d</td><td class=\"num\">%d</td><td class=\"num pct\">%s</td>"
                    "</tr>",
                    r->total   ? "total"
                    : r->group ? "group"
                               : "",
                    (long long)r->a.unit_id, name, r->a.membership, r->a.committee_members,
                    r->a.party_members, r->a.non_members, r->a.absent_with_reason,
                    r->a.absent_without_reason, pct_text(c, r->pct));
    }
    html_raw(B(c), "</tbody></table></div>");
    int64_t mine = conf_my_unit(c, k);
    if ((manage || mine) && strcmp(k->stored_status, "HUY") != 0) {
        const char *key = key_of(c, k->id, "attendance");
        html_printf(B(c), "<details class=\"no-print\"%s><summary>%s</summary>",
                    form_failed(c, key) || !manage ? " open" : "", _("Ghi số liệu điểm danh"));
        form_open(c, k->id, "attendance", "conf-attendance-form");
        if (manage) {
            conf_invitee *iv;
            int ni = conf_invitees(c, k->id, &iv);
            html_printf(B(c),
                        "<div class=\"field\"><label for=\"t-unit\">%s</label><select "
                        "id=\"t-unit\" name=\"unit_id\">",
                        _("Đơn vị"));
            for (int i = 0; i < ni; i++)
                html_printf(B(c), "<option value=\"%lld\">%s</option>", (long long)iv[i].unit_id,
                            iv[i].unit_name);
            html_raw(B(c), "</select></div>");
        } else {
            html_printf(B(c), "<input type=\"hidden\" name=\"unit_id\" value=\"%lld\">",
                        (long long)mine);
        }
        number_field(c, key, "membership", _("Tổng số đảng viên của đơn vị"), "t-membership", 0);
        number_field(c, key, "committee_members", _("Cấp ủy viên có mặt"), "t-committee", 0);
        number_field(c, key, "party_members", _("Đảng viên có mặt (kể cả cấp ủy viên)"), "t-party",
                     0);
        number_field(c, key, "non_members", _("Quần chúng dự"), "t-non", 0);
        number_field(c, key, "absent_with_reason", _("Đảng viên vắng có lý do"), "t-excused", 0);
        number_field(c, key, "absent_without_reason", _("Đảng viên vắng không lý do"),
                     "t-unexcused", 0);
        form_close(c, _("Lưu điểm danh"));
        html_raw(B(c), "</details>");
    }
    html_raw(B(c), "</section>");
}

/* ---- study-results reports --------------------------------------------------------------- */

void conf_study_panel(ctx *c, const conference *k)
{
    if (strcmp(k->kind, "QUAN_TRIET") != 0 && strcmp(k->kind, "TRIEN_KHAI") != 0)
        return;
    conf_report_row *r;
    int n = conf_study_reports(c, k->id, &r);
    html_printf(B(c),
                "<section class=\"panel\" id=\"conf-study\"><h2>%s</h2><div "
                "class=\"table-wrap\"><table id=\"conf-study-list\"><thead><tr><th>%s</th>"
                "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>"
                "</thead><tbody>",
                _("Báo cáo kết quả học tập, quán triệt"), _("Đơn vị"), _("Tổng số đảng viên"),
                _("Đảng viên tham gia"), _("Tỷ lệ"), _("Lượt quần chúng"), _("Bài thu hoạch"),
                _("Ngày gửi"));
    int total = 0, attended = 0, mass = 0, essays = 0;
    for (int i = 0; i < n; i++) {
        total += r[i].members_total;
        attended += r[i].members_attended;
        mass += r[i].mass_attendance;
        essays += r[i].essays;
        char day[16] = "";
        snprintf(day, sizeof day, "%.10s", r[i].submitted_at ? r[i].submitted_at : "");
        html_printf(B(c),
                    "<tr data-unit=\"%lld\"><td>%s</td><td class=\"num\">%d</td><td "
                    "class=\"num\">%d</td><td class=\"num pct\">%s</td><td class=\"num\">%d"
                    "</td><td class=\"num\">%d</td><td class=\"date\">%s</td></tr>",
                    (long long)r[i].unit_id, r[i].unit_name, r[i].members_total,
                    r[i].members_attended, conf_pct(c, r[i].pct), r[i].mass_attendance, r[i].essays,
                    web_date_vn(c, day));
    }
    if (n > 1)
        html_printf(B(c),
                    "<tr class=\"total\"><td>%s</td><td class=\"num\">%d</td><td class=\"num\">"
                    "%d</td><td class=\"num pct\">%s</td><td class=\"num\">%d</td><td "
                    "class=\"num\">%d</td><td></td></tr>",
                    _("Cộng"), total, attended,
                    total > 0 ? conf_pct(c, 100.0 * attended / total) : "", mass, essays);
    if (n == 0)
        html_printf(B(c), "<tr><td colspan=\"7\" class=\"empty\">%s</td></tr>",
                    _("Chưa có đơn vị nào gửi báo cáo."));
    html_raw(B(c), "</tbody></table></div>");
    int64_t mine = conf_my_unit(c, k);
    if (mine && strcmp(k->stored_status, "HUY") != 0) {
        const char *key = key_of(c, k->id, "study-report");
        html_printf(B(c), "<h3>%s</h3>", _("Gửi báo cáo kết quả của đơn vị"));
        form_open(c, k->id, "study-report", "conf-study-form");
        html_printf(B(c), "<input type=\"hidden\" name=\"unit_id\" value=\"%lld\">",
                    (long long)mine);
        number_field(c, key, "members_total", _("Tổng số đảng viên"), "s-total", 0);
        number_field(c, key, "members_attended", _("Số đảng viên tham gia học tập"), "s-attended",
                     0);
        number_field(c, key, "mass_attendance", _("Lượt quần chúng tham gia"), "s-mass", 0);
        number_field(c, key, "essays", _("Số bài thu hoạch"), "s-essays", 0);
        form_field_html(c, key,
                        &(form_field){.name = "note",
                                      .label = _("Chương trình, kế hoạch hành động và ghi chú"),
                                      .type = "textarea",
                                      .id = "s-note",
                                      .rows = 3});
        form_close(c, _("Gửi báo cáo"));
    }
    html_raw(B(c), "</section>");
}
