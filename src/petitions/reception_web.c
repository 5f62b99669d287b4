/* Pages of citizen reception: /reception (the heads against their monthly and quarterly quota,
 * the reception days with "Đưa vào lịch tuần", delegation) and /reception/register (sổ tiếp
 * công dân: the paper book on A4 landscape with its header on every page, and xlsx). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "http/router.h"
#include "org/org.h"
#include "petitions/petitions_impl.h"
#include "petitions/petitions_web_impl.h"
#include "registers/registers.h"
#include "web/errors.h"
#include "web/forms.h"
#include "web/layout.h"
#include "web/params.h"
#include "web/respond.h"

#define B pet_B

static const char *rkind_l(const char *k)
{
    return pet_reception_kind_label(k);
}
static const char *level_l(const char *k)
{
    return strcmp(k, "province") == 0 ? _("Cấp tỉnh") : _("Cấp xã");
}
static const char *session_l(const char *k)
{
    return strcmp(k, "afternoon") == 0 ? _("chiều") : _("sáng");
}

static void month_of(ctx *c, const char **from_r, const char **to_r)
{
    char today[11];
    pet_today(today);
    const char *m = req_query(c->rq, "month"); /* YYYY-MM */
    char buf[11];
    if (m && strlen(m) == 7) {
        snprintf(buf, sizeof buf, "%s-01", m);
        if (!param_date(buf))
            snprintf(buf, sizeof buf, "%.7s-01", today);
    } else {
        snprintf(buf, sizeof buf, "%.7s-01", today);
    }
    int y = atoi(buf), mo = atoi(buf + 5);
    static const int md[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int last = md[mo - 1] + (mo == 2 && y % 4 == 0);
    *from_r = arena_strdup(c->a, buf);
    *to_r = arena_printf(c->a, "%.8s%02d", buf, last);
}

static void h_reception(ctx *c)
{
    const char *from, *to;
    month_of(c, &from, &to);
    rec_head *h;
    int nh = rec_heads(c, from, &h);
    page_begin(c, _("Tiếp công dân"), "petitions");
    pet_links_bar(c);
    int y = atoi(from), m = atoi(from + 5);
    html_printf(B(c),
                "<p class=\"links no-print\"><a href=\"/reception?month=%04d-%02d\">« %s</a> · <a "
                "href=\"/reception?month=%04d-%02d\">%s »</a></p>",
                m == 1 ? y - 1 : y, m == 1 ? 12 : m - 1, _("Tháng trước"), m == 12 ? y + 1 : y,
                m == 12 ? 1 : m + 1, _("Tháng sau"));
    html_printf(B(c), "<section class=\"panel\" id=\"quota\"><h2>%s %02d/%04d</h2>",
                _("Người đứng đầu tiếp công dân — tháng"), m, y);
    html_printf(B(c),
                "<div class=\"table-wrap\"><table class=\"list\"><thead><tr><th>%s</th><th>%s</th>"
                "<th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
                _("Người đứng đầu"), _("Cấp ủy"), _("Cấp"), _("Ngày đã tiếp trong tháng"),
                _("Ngày đã tiếp trong quý"), _("Đánh giá"));
    for (int i = 0; i < nh; i++) {
        bool low = h[i].held_month < h[i].quota || h[i].held_quarter < h[i].quota_quarter;
        html_printf(
            B(c),
            "<tr%s><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td><td "
            "data-label=\"%s\">%s</td><td class=\"num\" data-label=\"%s\">%d / %d</td><td "
            "class=\"num\" data-label=\"%s\">%d / %d</td><td data-label=\"%s\">%s</td></tr>",
            low ? " class=\"overdue\"" : "", _("Người đứng đầu"), h[i].name, _("Cấp ủy"),
            h[i].unit_name, _("Cấp"), level_l(h[i].level), _("Ngày đã tiếp trong tháng"),
            h[i].held_month, h[i].quota, _("Ngày đã tiếp trong quý"), h[i].held_quarter,
            h[i].quota_quarter, _("Đánh giá"),
            low ? _("Chưa đủ số ngày tiếp theo quy định") : _("Đạt"));
    }
    if (nh == 0)
        html_printf(B(c), "<tr><td colspan=\"6\">%s</td></tr>", _("Chưa khai báo người đứng đầu."));
    html_raw(B(c), "</tbody></table></div></section>");

    rec_session *s;
    int ns = rec_sessions(c, from, to, &s);
    html_printf(B(c), "<section class=\"panel\" id=\"sessions\"><h2>%s</h2>",
                _("Lịch tiếp công dân"));
    html_printf(B(c),
                "<div class=\"table-wrap\"><table class=\"list\"><thead><tr><th>%s</th><th>%s</th>"
                "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th class=\"no-print\">%s</th></tr>"
                "</thead><tbody>",
                _("Ngày"), _("Loại"), _("Người đứng đầu"), _("Người tiếp"), _("Địa điểm"),
                _("Lượt tiếp"), _("Thao tác"));
    for (int i = 0; i < ns; i++) {
        const char *content =
            arena_printf(c->a, "%s %s: %s%s%s", _("Tiếp công dân"), rkind_l(s[i].kind),
                         s[i].receiver_name, *s[i].venue ? " — " : "", s[i].venue);
        html_printf(
            B(c),
            "<tr><td class=\"date\" data-label=\"%s\">%s (%s)</td><td data-label=\"%s\">%s</td>"
            "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%s%s</td><td "
            "data-label=\"%s\">%s</td><td class=\"num\" data-label=\"%s\">%d</td><td "
            "class=\"no-print\" data-label=\"%s\"><a href=\"/schedule/new?content=",
            _("Ngày"), pet_vn_date(c, s[i].day), session_l(s[i].session), _("Loại"),
            rkind_l(s[i].kind), _("Người đứng đầu"), s[i].head_name, _("Người tiếp"),
            s[i].receiver_name, s[i].delegation_id ? _(" (được ủy quyền)") : "", _("Địa điểm"),
            s[i].venue, _("Lượt tiếp"), s[i].entries, _("Thao tác"));
        /* Percent-encoding leaves only unreserved characters: safe inside the attribute. */
        url_encode(B(c), content);
        html_printf(B(c), "&amp;day=%s&amp;session=", s[i].day);
        url_encode(B(c), strcmp(s[i].session, "afternoon") == 0 ? "chiều" : "sáng");
        html_printf(B(c), "\">%s</a>", _("Đưa vào lịch tuần"));
        if (!s[i].held && rec_may_manage(c)) {
            html_printf(
                B(c),
                "<form method=\"post\" class=\"inline\" action=\"/reception/sessions/%lld/held\">",
                (long long)s[i].id);
            form_csrf(c);
            html_printf(B(c), "<button type=\"submit\" class=\"secondary\">%s</button></form>",
                        _("Đã tiếp"));
        } else if (s[i].held) {
            html_printf(B(c), " <span class=\"mark mark-done\">%s</span>", _("Đã tiếp"));
        }
        html_raw(B(c), "</td></tr>");
    }
    if (ns == 0)
        html_printf(B(c), "<tr><td colspan=\"7\">%s</td></tr>",
                    _("Chưa có buổi tiếp nào trong tháng."));
    html_raw(B(c), "</tbody></table></div></section>");

    if (rec_may_manage(c) && c->user->role != ROLE_ADMIN && nh > 0) {
        static const char *const kinds[] = {"scheduled", "unscheduled", "regular", NULL};
        static const char *const sessions[] = {"morning", "afternoon", NULL};
        const char *k = "/reception/sessions";
        html_printf(B(c),
                    "<details class=\"panel no-print\" id=\"new-session\"%s><summary>%s</summary>"
                    "<form class=\"form\" method=\"post\" action=\"/reception/sessions\">",
                    form_failed(c, k) ? " open" : "", _("Lên lịch tiếp công dân"));
        form_csrf(c);
        html_printf(B(c),
                    "<div class=\"field\"><label for=\"s-head\">%s</label><select id=\"s-head\" "
                    "name=\"head_id\">",
                    _("Người đứng đầu"));
        for (int i = 0; i < nh; i++)
            html_printf(B(c), "<option value=\"%lld\">%s — %s</option>", (long long)h[i].id,
                        h[i].name, h[i].unit_name);
        html_raw(B(c), "</select></div>");
        form_field_html(c, k,
                        &(form_field){.name = "day",
                                      .label = _("Ngày tiếp"),
                                      .type = "date",
                                      .required = true,
                                      .id = "s-day"});
        pet_select(c, k, "session", _("Buổi"), sessions, session_l, "morning", false);
        pet_select(c, k, "kind", _("Loại tiếp"), kinds, rkind_l, "scheduled", false);
        pet_people_select(c, k, "receiver_id", _("Người trực tiếp tiếp (để trống: người đứng đầu)"),
                          0);
        form_field_html(c, k,
                        &(form_field){.name = "venue", .label = _("Địa điểm"), .id = "s-venue"});
        html_printf(
            B(c),
            "<div class=\"actions\"><button type=\"submit\">%s</button></div></form></details>",
            _("Lên lịch"));

        k = "/reception/delegations";
        html_printf(
            B(c),
            "<details class=\"panel no-print\" id=\"new-delegation\"%s><summary>%s</summary>"
            "<form class=\"form\" method=\"post\" action=\"/reception/delegations\">",
            form_failed(c, k) ? " open" : "", _("Ủy quyền tiếp công dân"));
        form_csrf(c);
        html_printf(B(c),
                    "<div class=\"field\"><label for=\"d-head\">%s</label><select id=\"d-head\" "
                    "name=\"head_id\">",
                    _("Người đứng đầu ủy quyền"));
        for (int i = 0; i < nh; i++)
            html_printf(B(c), "<option value=\"%lld\">%s — %s</option>", (long long)h[i].id,
                        h[i].name, h[i].unit_name);
        html_raw(B(c), "</select></div>");
        pet_people_select(c, k, "delegate_id", _("Người được ủy quyền"), 0);
        form_field_html(c, k,
                        &(form_field){.name = "date_from",
                                      .label = _("Từ ngày"),
                                      .type = "date",
                                      .required = true,
                                      .id = "d-from"});
        form_field_html(c, k,
                        &(form_field){.name = "date_to",
                                      .label = _("Đến ngày"),
                                      .type = "date",
                                      .required = true,
                                      .id = "d-to"});
        form_field_html(c, k,
                        &(form_field){.name = "decision",
                                      .label = _("Văn bản ủy quyền"),
                                      .required = true,
                                      .id = "d-decision"});
        html_printf(
            B(c),
            "<div class=\"actions\"><button type=\"submit\">%s</button></div></form></details>",
            _("Ghi nhận ủy quyền"));
    }
    if (c->user->role == ROLE_ADMIN || c->user->role == ROLE_COMMITTEE_LEADER) {
        static const char *const levels[] = {"province", "commune", NULL};
        const char *k = "/reception/heads";
        html_printf(
            B(c),
            "<details class=\"panel no-print\" id=\"new-head\"%s><summary>%s</summary><form "
            "class=\"form\" method=\"post\" action=\"/reception/heads\">",
            form_failed(c, k) ? " open" : "", _("Khai báo người đứng đầu tiếp dân"));
        form_csrf(c);
        org_choice *units;
        int nu = org_choice_units(c, &units);
        html_printf(B(c),
                    "<div class=\"field\"><label for=\"h-unit\">%s</label><select id=\"h-unit\" "
                    "name=\"unit_id\">",
                    _("Cấp ủy"));
        for (int i = 0; i < nu; i++)
            if (org_unit_in_scope(c, units[i].id))
                html_printf(B(c), "<option value=\"%lld\">%s</option>", (long long)units[i].id,
                            units[i].name);
        html_raw(B(c), "</select></div>");
        pet_people_select(c, k, "user_id", _("Người đứng đầu"), 0);
        pet_select(c, k, "level", _("Cấp"), levels, level_l, "commune", false);
        html_printf(
            B(c),
            "<div class=\"actions\"><button type=\"submit\">%s</button></div></form></details>",
            _("Khai báo"));
    }
    page_end(c);
}

static void h_session_post(ctx *c)
{
    web_err e = {0};
    int64_t id = rec_session_add(c, form_id(c, "head_id"), req_form(c->rq, "day"),
                                 req_form(c->rq, "session"), req_form(c->rq, "kind"),
                                 form_id(c, "receiver_id"), req_form(c->rq, "venue"),
                                 req_form(c->rq, "note"), &e);
    const char *day = req_form(c->rq, "day");
    const char *back = id > 0 && day && strlen(day) >= 7
                           ? arena_printf(c->a, "/reception?month=%.7s", day)
                           : "/reception";
    web_after_post(c, back, id > 0 ? 0 : -1, &e, _("Đã lên lịch tiếp công dân."));
}

static void h_delegation_post(ctx *c)
{
    web_err e = {0};
    int64_t id = rec_delegate(c, form_id(c, "head_id"), form_id(c, "delegate_id"),
                              req_form(c->rq, "date_from"), req_form(c->rq, "date_to"),
                              req_form(c->rq, "decision"), &e);
    web_after_post(c, "/reception", id > 0 ? 0 : -1, &e, _("Đã ghi nhận ủy quyền."));
}

static void h_head_post(ctx *c)
{
    web_err e = {0};
    int64_t id =
        rec_head_add(c, form_id(c, "unit_id"), form_id(c, "user_id"), req_form(c->rq, "level"), &e);
    web_after_post(c, "/reception", id > 0 ? 0 : -1, &e, _("Đã khai báo người đứng đầu."));
}

static void h_held_post(ctx *c)
{
    web_err e = {0};
    int rc = rec_session_held(c, req_param_id(c->rq, "id"), &e);
    web_after_post(c, "/reception", rc, &e, _("Đã ghi nhận buổi tiếp."));
}

/* ---- the register ---------------------------------------------------------------------------- */

#define REG_COLS 14
static const char *const reg_headers[REG_COLS] = {N_("STT"),
                                                  N_("Ngày tiếp"),
                                                  N_("Họ tên – Địa chỉ – CMND/CCCD"),
                                                  N_("Nội dung vụ việc"),
                                                  N_("Phân loại đơn / Số người"),
                                                  N_("Cơ quan đã giải quyết"),
                                                  N_("Thụ lý để giải quyết"),
                                                  N_("Trả lại đơn và hướng dẫn"),
                                                  N_("Chuyển đến cơ quan có thẩm quyền"),
                                                  N_("Theo dõi kết quả giải quyết"),
                                                  N_("Ghi chú"),
                                                  N_("Nguồn"),
                                                  N_("Cán bộ tiếp"),
                                                  N_("Loại tiếp dân")};

static const char *who_cell(ctx *c, const rec_entry *x)
{
    if (!x->who)
        return x->pseudonym;
    return arena_printf(c->a, "%s – %s – %s", x->who->name, x->who->address,
                        *x->who->id_no ? x->who->id_no : "…");
}

static void h_register(ctx *c)
{
    const char *from, *to;
    if (!query_period(c, NULL, &from, &to))
        return;
    rec_entry *x;
    int n = rec_entries(c, from, to, &x);
    const char *format = req_query(c->rq, "format");
    if (format && *format) {
        const char *headers[REG_COLS];
        for (int i = 0; i < REG_COLS; i++)
            headers[i] = _(reg_headers[i]);
        const char **cells = arena_alloc(c->a, (size_t)(n > 0 ? n : 1) * REG_COLS * sizeof *cells);
        for (int i = 0; i < n; i++) {
            const char **r = &cells[i * REG_COLS];
            r[0] = arena_printf(c->a, "%d", x[i].stt);
            r[1] = pet_vn_date(c, x[i].day);
            r[2] = who_cell(c, &x[i]);
            r[3] = x[i].content;
            r[4] = arena_printf(c->a, "%s / %d", pet_kind_label(x[i].kind), x[i].n_people);
            r[5] = x[i].prior_agency;
            r[6] = strcmp(x[i].handling, "accept") == 0 ? "x" : "";
            r[7] = strcmp(x[i].handling, "return") == 0 ? "x" : "";
            r[8] = strcmp(x[i].handling, "transfer") == 0 ? "x" : "";
            r[9] = x[i].follow_up;
            r[10] = x[i].note;
            r[11] = x[i].source;
            r[12] = x[i].receiver_name;
            r[13] = pet_reception_kind_label(x[i].reception_kind);
        }
        export_table(c, format, "so-tiep-cong-dan", _("SỔ TIẾP CÔNG DÂN"), REG_COLS, headers, n,
                     cells);
        return;
    }
    page_begin(c, _("Sổ tiếp công dân"), "petitions");
    pet_links_bar(c);
    html_printf(
        B(c),
        "<form class=\"form filters no-print\" method=\"get\" action=\"/reception/register\">"
        "<div class=\"field\"><label for=\"r-from\">%s</label><input id=\"r-from\" "
        "type=\"date\" name=\"from\" value=\"%s\"></div><div class=\"field\"><label "
        "for=\"r-to\">%s</label><input id=\"r-to\" type=\"date\" name=\"to\" "
        "value=\"%s\"></div><div class=\"actions\"><button type=\"submit\">%s</button> <a "
        "href=\"/reception/register?from=%s&amp;to=%s&amp;format=xlsx\">%s</a> <button "
        "type=\"button\" class=\"secondary\" data-print>%s</button></div></form>",
        _("Từ ngày"), from, _("Đến ngày"), to, _("Xem"), from, to, _("Tải Excel (xlsx)"),
        _("In sổ (A4 ngang)"));
    /* The paper book: A4 landscape, the header row repeated on every printed page (thead). */
    html_printf(
        B(c),
        "<div class=\"table-wrap landscape\"><table class=\"list register rec-register\">"
        "<thead><tr><th rowspan=\"2\">%s</th><th rowspan=\"2\">%s</th><th rowspan=\"2\">%s</th>"
        "<th rowspan=\"2\">%s</th><th rowspan=\"2\">%s</th><th rowspan=\"2\">%s</th><th "
        "colspan=\"3\">%s</th><th rowspan=\"2\">%s</th><th rowspan=\"2\">%s</th><th "
        "rowspan=\"2\">%s</th><th rowspan=\"2\">%s</th><th rowspan=\"2\">%s</th></tr><tr>"
        "<th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
        _(reg_headers[0]), _(reg_headers[1]), _(reg_headers[2]), _(reg_headers[3]),
        _(reg_headers[4]), _(reg_headers[5]), _("Hướng xử lý"), _(reg_headers[9]),
        _(reg_headers[10]), _(reg_headers[11]), _(reg_headers[12]), _(reg_headers[13]),
        _(reg_headers[6]), _(reg_headers[7]), _(reg_headers[8]));
    for (int i = 0; i < n; i++) {
        html_printf(
            B(c),
            "<tr><td class=\"num\" data-label=\"%s\">%d</td><td class=\"date\" "
            "data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td><td "
            "data-label=\"%s\">%s</td><td data-label=\"%s\">%s / %d</td><td "
            "data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td><td "
            "data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td><td "
            "data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td><td "
            "data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td><td "
            "data-label=\"%s\">%s</td></tr>",
            _(reg_headers[0]), x[i].stt, _(reg_headers[1]), pet_vn_date(c, x[i].day),
            _(reg_headers[2]), who_cell(c, &x[i]), _(reg_headers[3]), x[i].content,
            _(reg_headers[4]), pet_kind_label(x[i].kind), x[i].n_people, _(reg_headers[5]),
            x[i].prior_agency, _(reg_headers[6]), strcmp(x[i].handling, "accept") == 0 ? "✓" : "",
            _(reg_headers[7]), strcmp(x[i].handling, "return") == 0 ? "✓" : "", _(reg_headers[8]),
            strcmp(x[i].handling, "transfer") == 0 ? "✓" : "", _(reg_headers[9]), x[i].follow_up,
            _(reg_headers[10]), x[i].note, _(reg_headers[11]), x[i].source, _(reg_headers[12]),
            x[i].receiver_name, _(reg_headers[13]), pet_reception_kind_label(x[i].reception_kind));
    }
    if (n == 0)
        html_printf(B(c), "<tr><td colspan=\"14\">%s</td></tr>", _("Chưa có lượt tiếp nào."));
    html_raw(B(c), "</tbody></table></div>");

    if (c->user->role != ROLE_ADMIN && c->user->role != ROLE_UNIT) {
        static const char *const rkinds[] = {"regular", "scheduled", "unscheduled", NULL};
        static const char *const handlings[] = {"accept", "return", "transfer", NULL};
        const char *k = "/reception/entries";
        char today[11];
        pet_today(today);
        html_printf(B(c),
                    "<details class=\"panel no-print\" id=\"new-entry\"%s><summary>%s</summary>"
                    "<form class=\"form\" method=\"post\" action=\"/reception/entries\">",
                    form_failed(c, k) ? " open" : "", _("Ghi sổ lượt tiếp"));
        form_csrf(c);
        rec_session *s;
        int ns = rec_sessions(c, from, to, &s);
        html_printf(B(c),
                    "<div class=\"field\"><label for=\"e-session\">%s</label><select "
                    "id=\"e-session\" name=\"session_id\"><option value=\"\">%s</option>",
                    _("Buổi tiếp"), _("— Tiếp thường xuyên (không theo buổi) —"));
        for (int i = 0; i < ns; i++)
            html_printf(B(c), "<option value=\"%lld\">%s — %s (%s)</option>", (long long)s[i].id,
                        pet_vn_date(c, s[i].day), s[i].receiver_name, rkind_l(s[i].kind));
        html_raw(B(c), "</select></div>");
        form_field_html(c, k,
                        &(form_field){.name = "day",
                                      .label = _("Ngày tiếp"),
                                      .type = "date",
                                      .value = today,
                                      .id = "e-day"});
        pet_select(c, k, "reception_kind", _("Loại tiếp dân"), rkinds, rkind_l, "regular", false);
        form_field_html(c, k,
                        &(form_field){.name = "name",
                                      .label = _("Họ tên (người đại diện nếu đông người)"),
                                      .required = true,
                                      .id = "e-name"});
        form_field_html(c, k,
                        &(form_field){.name = "address", .label = _("Địa chỉ"), .id = "e-address"});
        form_field_html(c, k,
                        &(form_field){.name = "id_no",
                                      .label = _("Số CMND/CCCD"),
                                      .hint = _("9 hoặc 12 chữ số."),
                                      .id = "e-idno"});
        form_field_html(c, k,
                        &(form_field){.name = "content",
                                      .label = _("Nội dung vụ việc"),
                                      .type = "textarea",
                                      .rows = 3,
                                      .required = true,
                                      .id = "e-content"});
        pet_select(c, k, "kind", _("Phân loại"), pet_kinds, pet_kind_label, "complaint", false);
        form_field_html(c, k,
                        &(form_field){.name = "n_people",
                                      .label = _("Số người"),
                                      .type = "number",
                                      .value = "1",
                                      .id = "e-people"});
        form_field_html(c, k,
                        &(form_field){.name = "prior_agency",
                                      .label = _("Cơ quan đã giải quyết"),
                                      .id = "e-prior"});
        pet_select(c, k, "handling", _("Hướng xử lý"), handlings, pet_handling_label, "accept",
                   false);
        form_field_html(
            c, k,
            &(form_field){.name = "follow_up", .label = _("Theo dõi kết quả"), .id = "e-follow"});
        form_field_html(c, k,
                        &(form_field){.name = "source", .label = _("Nguồn"), .id = "e-source"});
        form_field_html(c, k, &(form_field){.name = "note", .label = _("Ghi chú"), .id = "e-note"});
        html_printf(
            B(c),
            "<div class=\"actions\"><button type=\"submit\">%s</button></div></form></details>",
            _("Ghi sổ"));
    }
    page_end(c);
}

static void h_entry_post(ctx *c)
{
    web_err e = {0};
    int64_t np = 1;
    if (form_range(c, "n_people", 1, 100000, &np, &e) == PARAM_ABSENT)
        np = 1;
    rec_entry_input in = {
        .session_id = form_id(c, "session_id"),
        .day = req_form(c->rq, "day"),
        .reception_kind = req_form(c->rq, "reception_kind"),
        .content = req_form(c->rq, "content"),
        .kind = req_form(c->rq, "kind"),
        .prior_agency = req_form(c->rq, "prior_agency"),
        .handling = req_form(c->rq, "handling"),
        .follow_up = req_form(c->rq, "follow_up"),
        .note = req_form(c->rq, "note"),
        .source = req_form(c->rq, "source"),
        .n_people = (int)np,
        .who = {req_form(c->rq, "name"), req_form(c->rq, "address"), req_form(c->rq, "id_no")}};
    int64_t id = e.n ? -1 : rec_entry_add(c, &in, &e);
    web_after_post(c, "/reception/register", id > 0 ? 0 : -1, &e, _("Đã ghi sổ tiếp công dân."));
}

void reception_routes(void)
{
    route_add("GET", "/reception", h_reception, 0);
    route_add("POST", "/reception/heads", h_head_post, 0);
    route_add("POST", "/reception/sessions", h_session_post, 0);
    route_add("POST", "/reception/sessions/{id}/held", h_held_post, 0);
    route_add("POST", "/reception/delegations", h_delegation_post, 0);
    route_add("GET", "/reception/register", h_register, 0);
    route_add("POST", "/reception/entries", h_entry_post, 0);
}
