/* Pages of the conferences: the list with the office head's due list (/conferences), the new
 * conference form (/conferences/new, ?item= from a programme item), the conference's page
 * (/conferences/{id}) with its panels, and the home section. The forms' POSTs are in
 * conf_posts_web.c; the rules in conferences.c, conf_docs.c, conf_attend.c. */
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/i18n.h"
#include "catalog/vocab.h"
#include "followup/followup.h"
#include "conferences/conf_impl.h"
#include "conferences/conf_web.h"
#include "conferences/conferences.h"
#include "org/org.h"
#include "outgoing/outgoing.h"
#include "programmes/programmes.h"
#include "web/dates.h"
#include "web/forms.h"
#include "web/layout.h"
#include "web/params.h"
#include "web/records.h"
#include "web/respond.h"
#include "http/router.h"

strbuf *conf_B(ctx *c)
{
    return &c->rs->body;
}
#define B conf_B

/* "15/12/2026 08:00" of a "YYYY-MM-DD HH:MM". */
const char *conf_when(ctx *c, const char *at)
{
    if (!at || strlen(at) < 16)
        return "";
    return arena_printf(c->a, "%s %.5s", web_date_vn(c, arena_strndup(c->a, at, 10)), at + 11);
}

static const char *url_arg(ctx *c, const char *s)
{
    strbuf b = STRBUF_INIT;
    url_encode(&b, s ? s : "");
    const char *r = arena_strdup(c->a, sb_str(&b));
    sb_free(&b);
    return r;
}

static void status_mark(ctx *c, const conference *k)
{
    const char *st = conf_status(c, k);
    html_printf(B(c), "<span class=\"mark conf-%s\">%s</span>",
                strcmp(st, "HUY") == 0 ? "cancelled" : "status", conf_status_label(st));
}

/* ---- the list ---------------------------------------------------------------------------- */

static void due_panel(ctx *c)
{
    conf_due *d;
    int n = conf_conclusions_due(c, &d);
    if (n == 0)
        return;
    html_printf(B(c),
                "<section class=\"panel\" id=\"conf-due\"><h2>%s</h2><div class=\"table-wrap\">"
                "<table><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>"
                "<tbody>",
                _("Thông báo kết luận hội nghị chưa ban hành"), _("Hội nghị"), _("Kết thúc"),
                _("Hạn thông báo kết luận"), _("Tình trạng"));
    for (int i = 0; i < n; i++) {
        const conference *k = d[i].k;
        html_printf(B(c),
                    "<tr class=\"%s\"><td><a href=\"/conferences/%lld\">%s</a></td><td "
                    "class=\"date\">%s</td><td class=\"date\">%s</td><td>",
                    d[i].overdue ? "overdue" : "", (long long)k->id, k->title,
                    conf_when(c, k->ends_at), web_date_vn(c, k->conclusion_due));
        if (d[i].overdue)
            html_printf(B(c), "<span class=\"mark mark-overdue\">%s</span>",
                        arena_printf(c->a, _("Quá hạn %d ngày làm việc"), d[i].days_late));
        else
            html_printf(B(c), "%s", _("Trong hạn"));
        html_raw(B(c), "</td></tr>");
    }
    html_raw(B(c), "</tbody></table></div></section>");
}

static void h_list(ctx *c)
{
    web_err e = {0};
    const char *from = NULL, *to = NULL;
    int kind = -1;
    query_date(c, "from", &from, &e);
    query_date(c, "to", &to, &e);
    query_enum(c, "kind", conf_kind_codes, &kind, &e);
    int limit = 50, offset = 0;
    query_page(c, 50, CONF_MAX_LIST, 100000, &limit, &offset, &e);
    page_begin(c, _("Hội nghị"), NULL);
    if (e.n)
        page_alert(c, "error", web_err_message(&e));
    if (conf_may_create(c))
        html_printf(B(c),
                    "<div class=\"actions no-print\"><a class=\"button\" "
                    "href=\"/conferences/new\">%s</a></div>",
                    _("Tạo hội nghị"));
    due_panel(c);
    html_printf(B(c),
                "<form method=\"get\" action=\"/conferences\" class=\"filters no-print\">"
                "<label>%s <input type=\"date\" name=\"from\" value=\"%s\"></label> "
                "<label>%s <input type=\"date\" name=\"to\" value=\"%s\"></label> "
                "<label>%s <select name=\"kind\"><option value=\"\">%s</option>",
                _("Từ ngày"), from ? from : "", _("Đến ngày"), to ? to : "", _("Loại"),
                _("Tất cả"));
    for (int i = 0; conf_kind_codes[i]; i++)
        html_printf(B(c), "<option value=\"%s\"%s>%s</option>", conf_kind_codes[i],
                    i == kind ? " selected" : "", conf_kind_label(conf_kind_codes[i]));
    html_printf(B(c), "</select></label> <button>%s</button></form>", _("Lọc"));
    conference *rows;
    int64_t total = 0;
    conf_filter f = {.from = from,
                     .to = to,
                     .kind = kind >= 0 ? conf_kind_codes[kind] : NULL,
                     .limit = limit,
                     .offset = offset};
    int n = conf_list(c, &f, &rows, &total);
    html_printf(B(c),
                "<div class=\"table-wrap\"><table id=\"conf-list\"><thead><tr><th>%s</th>"
                "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
                _("Thời gian"), _("Hội nghị"), _("Loại"), _("Hình thức"), _("Đơn vị tổ chức"),
                _("Trạng thái"));
    for (int i = 0; i < n; i++) {
        html_printf(B(c),
                    "<tr><td class=\"date\">%s</td><td><a href=\"/conferences/%lld\">%s</a>"
                    "</td><td>%s</td><td>%s</td><td>%s</td><td>",
                    conf_when(c, rows[i].starts_at), (long long)rows[i].id, rows[i].title,
                    conf_kind_label(rows[i].kind), conf_mode_label(rows[i].mode),
                    rows[i].unit_name);
        status_mark(c, &rows[i]);
        html_raw(B(c), "</td></tr>");
    }
    if (n == 0)
        html_printf(B(c), "<tr><td colspan=\"6\" class=\"empty\">%s</td></tr>",
                    _("Chưa có hội nghị nào."));
    html_raw(B(c), "</tbody></table></div>");
    if (total > n)
        html_printf(B(c), "<p class=\"hint\">%s</p>",
                    arena_printf(c->a, _("Hiển thị %d trong %lld hội nghị."), n, (long long)total));
    page_end(c);
}

/* ---- the new conference ------------------------------------------------------------------ */

#define NEW_KEY "/conferences"

static void select_codes(ctx *c, const char *key, const char *name, const char *label,
                         const char *const *codes, const char *(*lab)(const char *),
                         const char *dflt)
{
    const char *v = form_val(c, key, name, dflt);
    const char *id = arena_printf(c->a, "f-%s", name);
    html_printf(B(c),
                "<div class=\"field%s\"><label for=\"%s\">%s</label><select id=\"%s\" "
                "name=\"%s\"",
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

/* "YYYY-MM-DD HH:MM" as a datetime-local field wants it. */
static const char *local_input(ctx *c, const char *at)
{
    if (!at || strlen(at) < 16)
        return NULL;
    char *v = arena_strdup(c->a, at);
    v[10] = 'T';
    return v;
}

/* The form of a new conference (k NULL: posts to /conferences, with the invited units) or of
 * an existing one's fields (posts to /conferences/{id}/edit), typed values kept on refusal. */
static void conference_form(ctx *c, const conference *k, int64_t item, const char *title)
{
    const char *key = k ? arena_printf(c->a, "/conferences/%lld/edit", (long long)k->id) : NEW_KEY;
    html_printf(B(c), "<form class=\"form\" method=\"post\" action=\"%s\" id=\"conf-form\">", key);
    form_csrf(c);
    if (!k) {
        const char *it =
            form_val(c, key, "item", item ? arena_printf(c->a, "%lld", (long long)item) : "");
        html_printf(B(c), "<input type=\"hidden\" name=\"item\" value=\"%s\">", it ? it : "");
        if (it && *it)
            html_printf(B(c), "<p class=\"hint\">%s</p>",
                        _("Hội nghị được tạo từ một mục của chương trình công tác."));
    }
    if (k && k->invitation_id)
        /* An amendment: what changed goes out as an amended invitation, with its reason. */
        form_field_html(
            c, key,
            &(form_field){.name = "reason",
                          .label = _("Lý do điều chỉnh giấy mời"),
                          .type = "textarea",
                          .rows = 2,
                          .required = true,
                          .hint = _("Giấy mời đã tạo sẽ được điều chỉnh (còn dự thảo) "
                                    "hoặc thay thế bằng giấy mời điều chỉnh (đã ban "
                                    "hành); đổi giờ họp thì các đơn vị xác nhận lại.")});
    form_field_html(c, key,
                    &(form_field){.name = "title",
                                  .label = _("Tên hội nghị"),
                                  .value = k ? k->title : title,
                                  .required = true});
    select_codes(c, key, "kind", _("Loại hội nghị"), conf_kind_codes, conf_kind_label,
                 k ? k->kind : "QUAN_TRIET");
    select_codes(c, key, "mode", _("Hình thức"), conf_mode_codes, conf_mode_label,
                 k ? k->mode : "TRUC_TIEP");
    form_field_html(c, key,
                    &(form_field){.name = "starts_at",
                                  .label = _("Bắt đầu"),
                                  .type = "datetime-local",
                                  .value = k ? local_input(c, k->starts_at) : NULL,
                                  .required = true});
    form_field_html(c, key,
                    &(form_field){.name = "ends_at",
                                  .label = _("Kết thúc"),
                                  .type = "datetime-local",
                                  .value = k ? local_input(c, k->ends_at) : NULL,
                                  .required = true});
    form_field_html(
        c, key,
        &(form_field){.name = "venue", .label = _("Địa điểm"), .value = k ? k->venue : NULL});
    /* The chair: a leader by name. */
    const char *ch = form_val(c, key, "chair_user_id",
                              k ? arena_printf(c->a, "%lld", (long long)k->chair_user_id) : "0");
    html_printf(B(c),
                "<div class=\"field\"><label for=\"f-chair\">%s</label><select id=\"f-chair\" "
                "name=\"chair_user_id\"><option value=\"0\">%s</option>",
                _("Chủ trì"), _("(chưa chọn)"));
    out_leader *ls;
    int nl = outgoing_leaders(c, k ? k->unit_id : c->user->unit_id, &ls);
    for (int i = 0; i < nl; i++)
        html_printf(B(c), "<option value=\"%lld\"%s>%s — %s</option>", (long long)ls[i].id,
                    ch && strtoll(ch, NULL, 10) == ls[i].id ? " selected" : "", ls[i].name,
                    ls[i].unit_name);
    html_raw(B(c), "</select></div>");
    form_field_html(c, key,
                    &(form_field){.name = "participants",
                                  .label = _("Thành phần mời"),
                                  .type = "textarea",
                                  .value = k ? k->participants : NULL,
                                  .rows = 2});
    form_field_html(c, key,
                    &(form_field){.name = "content",
                                  .label = _("Nội dung"),
                                  .type = "textarea",
                                  .value = k ? k->content : NULL,
                                  .rows = 3});
    form_field_html(c, key,
                    &(form_field){.name = "prepare",
                                  .label = _("Đề nghị chuẩn bị"),
                                  .type = "textarea",
                                  .value = k ? k->prepare : NULL,
                                  .rows = 2});
    if (!k) {
        html_printf(B(c), "<fieldset class=\"field%s\" id=\"invitees\"><legend>%s</legend>",
                    form_err(c, key, "invitees") ? " has-error" : "", _("Đơn vị được mời"));
        form_err_html(c, key, "invitees", "invitees");
        html_raw(B(c), "<div class=\"unit-picks\">");
        unit *us;
        int *depth;
        int nu = org_unit_list(c, false, &us, &depth);
        int64_t anchor = org_scope_anchor(c->db, c->user->unit_id);
        for (int i = 0; i < nu; i++) {
            if (us[i].id == anchor)
                continue;
            const char *v = arena_printf(c->a, "%lld", (long long)us[i].id);
            html_printf(B(c),
                        "<label class=\"check\"><input type=\"checkbox\" name=\"invitees\" "
                        "value=\"%s\"%s> %s</label>",
                        v, form_has(c, key, "invitees", v) ? " checked" : "", us[i].name);
        }
        html_raw(B(c), "</div></fieldset>");
    }
    html_printf(B(c), "<div class=\"actions\"><button>%s</button></div></form>",
                k ? _("Lưu thay đổi") : _("Tạo hội nghị"));
}

static void h_new(ctx *c)
{
    if (!conf_may_create(c)) {
        respond_forbidden(c);
        return;
    }
    int64_t item = 0;
    query_int(c, "item", 1, INT64_MAX, &item);
    page_begin(c, _("Tạo hội nghị"), NULL);
    conference_form(c, NULL, item, req_query(c->rq, "title"));
    page_end(c);
}

static void h_edit(ctx *c)
{
    const conference *k = conf_get(c, req_param_id(c->rq, "id"));
    if (!k) {
        respond_not_found(c);
        return;
    }
    if (!conf_may_manage(c, k)) {
        respond_forbidden(c);
        return;
    }
    page_begin(c,
               arena_printf(c->a, "%s: %s",
                            k->invitation_id ? _("Điều chỉnh giấy mời") : _("Sửa hội nghị"),
                            k->title),
               NULL);
    if (k->minutes_id)
        page_alert(c, "warn", _("Hội nghị đã có biên bản; không điều chỉnh giấy mời."));
    else
        conference_form(c, k, 0, NULL);
    page_end(c);
}

/* ---- the conference's page --------------------------------------------------------------- */

static void props(ctx *c, const conference *k)
{
    html_printf(B(c),
                "<dl class=\"props\" id=\"conf-props\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s"
                "</dd><dt>%s</dt><dd>%s – %s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>"
                "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd id=\"conf-status\">",
                _("Loại"), conf_kind_label(k->kind), _("Hình thức"), conf_mode_label(k->mode),
                _("Thời gian"), conf_when(c, k->starts_at), conf_when(c, k->ends_at), _("Địa điểm"),
                k->venue, _("Đơn vị tổ chức"), k->unit_name, _("Chủ trì"),
                k->chair_name ? k->chair_name : "", _("Trạng thái"));
    status_mark(c, k);
    html_raw(B(c), "</dd>");
    if (*k->participants)
        html_printf(B(c), "<dt>%s</dt><dd>%s</dd>", _("Thành phần"), k->participants);
    if (*k->content)
        html_printf(B(c), "<dt>%s</dt><dd class=\"pre-line\">%s</dd>", _("Nội dung"), k->content);
    if (*k->prepare)
        html_printf(B(c), "<dt>%s</dt><dd>%s</dd>", _("Đề nghị chuẩn bị"), k->prepare);
    if (k->programme_item_id) {
        /* Back to the item it was made for, when the caller may read its programme. */
        const prog_item *it = prog_item_get(c, k->programme_item_id);
        if (it)
            html_printf(B(c),
                        "<dt>%s</dt><dd>%s: <a href=\"/programmes/items/%lld\" "
                        "id=\"conf-item\">%s</a></dd>",
                        _("Nguồn"), _("Mục chương trình công tác"), (long long)it->id, it->title);
        else
            html_printf(B(c), "<dt>%s</dt><dd>%s</dd>", _("Nguồn"), _("Mục chương trình công tác"));
    }
    html_raw(B(c), "</dl>");
}

/* Links to the rooms built beside this one: the follow-up of the conclusion and the weekly
 * calendar (their pages read these parameters: the calendar's session codes are "sang" and
 * "chieu", and the event keeps the programme item too). */
static void links_out(ctx *c, const conference *k)
{
    if (!conf_may_manage(c, k))
        return;
    html_raw(B(c), "<div class=\"actions no-print\" id=\"conf-links\">");
    int hour = atoi(k->starts_at + 11);
    /* html_printf knows no precision: the day and the hour are cut here. */
    html_printf(B(c),
                "<a class=\"button secondary\" href=\"/schedule/new?conference=%lld&amp;content=%s"
                "&amp;day=%s&amp;session=%s&amp;start=%s&amp;venue=%s%s\">%s</a> ",
                (long long)k->id, url_arg(c, k->title), arena_strndup(c->a, k->starts_at, 10),
                hour < 12 ? "sang" : "chieu", arena_strndup(c->a, k->starts_at + 11, 5),
                url_arg(c, k->venue),
                k->programme_item_id
                    ? arena_printf(c->a, "&item=%lld",
                                   (long long)k->programme_item_id) /* escaped by html_printf */
                    : "",
                _("Đưa vào lịch tuần"));
    /* The hall or a room for it, booked in facilities/ (refused when held). */
    html_printf(B(c),
                "<a class=\"button secondary\" href=\"/facilities/bookings/new?conference=%lld\">"
                "%s</a> ",
                (long long)k->id, _("Đặt phòng"));
    /* No title: the form then names the source by the notice's own number and subject. */
    if (k->conclusion_id)
        html_printf(B(c),
                    "<a class=\"button secondary\" href=\"/followup/new?conference=%lld&amp;"
                    "outgoing=%lld\">%s</a>",
                    (long long)k->id, (long long)k->conclusion_id,
                    _("Giao nhiệm vụ theo kết luận"));
    html_raw(B(c), "</div>");
}

/* The tasks given from the conclusion (its notice as the source, or the conference itself),
 * so the page leads on to how they are going. Only the ones the caller may see. */
static void tasks_panel(ctx *c, const conference *k)
{
    fu_task *a = NULL, *b = NULL;
    int na = k->conclusion_id ? followup_of_source(c, "outgoing", k->conclusion_id, 50, &a) : 0;
    int nb = followup_of_source(c, "conference", k->id, 50, &b);
    if (na <= 0 && nb <= 0)
        return;
    html_printf(B(c), "<section class=\"panel\" id=\"conf-tasks\"><h2>%s</h2><ul class=\"links\">",
                _("Nhiệm vụ theo kết luận"));
    for (int pass = 0; pass < 2; pass++) {
        const fu_task *t = pass ? b : a;
        for (int i = 0; i < (pass ? nb : na); i++)
            html_printf(B(c), "<li><a href=\"/followup/%lld\">%s</a> — %s: %s</li>",
                        (long long)t[i].id, t[i].content, t[i].lead_unit_name,
                        followup_status_label(t[i].status));
    }
    html_raw(B(c), "</ul></section>");
}

static void subjects_panel(ctx *c, const conference *k, bool manage)
{
    conf_doc *d;
    int n = conf_subjects(c, k->id, &d);
    html_printf(B(c), "<section class=\"panel\" id=\"conf-subjects\"><h2>%s</h2>",
                _("Văn bản được học tập, quán triệt"));
    int shown = 0;
    html_raw(B(c), "<ul class=\"links\">");
    for (int i = 0; i < n; i++) {
        if (!d[i].visible)
            continue;
        shown++;
        html_printf(B(c), "<li><a href=\"/%s/%lld\"><span class=\"docno\">%s</span></a> %s</li>",
                    strcmp(d[i].doc_kind, "in") == 0 ? "incoming" : "outgoing",
                    (long long)d[i].doc_id, *d[i].code ? d[i].code : _("(không số)"), d[i].subject);
    }
    html_raw(B(c), "</ul>");
    if (shown == 0)
        html_printf(B(c), "<p class=\"empty\">%s</p>", _("Chưa gắn văn bản nào."));
    if (manage)
        conf_doc_picker(c, k->id);
    html_raw(B(c), "</section>");
}

static void materials_panel(ctx *c, const conference *k, bool manage)
{
    conf_material *m;
    int hidden = 0, n = conf_materials(c, k->id, &m, &hidden);
    html_printf(B(c), "<section class=\"panel\" id=\"conf-materials\"><h2>%s</h2><ul>",
                _("Tài liệu hội nghị"));
    for (int i = 0; i < n; i++) {
        html_raw(B(c), "<li>");
        if (m[i].sha256)
            html_printf(B(c), "<a href=\"/conferences/%lld/materials/%lld\">%s</a>",
                        (long long)k->id, (long long)m[i].id, m[i].title);
        else
            html_printf(B(c), "%s <small>(%s)</small>", m[i].title, _("bản giấy"));
        if (m[i].secrecy > 0)
            html_printf(B(c), " <span class=\"mark mark-secret\">%s</span>",
                        secrecy_label((enum secrecy)m[i].secrecy));
        html_raw(B(c), "</li>");
    }
    html_raw(B(c), "</ul>");
    if (n == 0 && hidden == 0)
        html_printf(B(c), "<p class=\"empty\">%s</p>", _("Chưa có tài liệu."));
    if (hidden > 0)
        html_printf(B(c), "<p class=\"hint\" id=\"conf-withheld\">%s</p>",
                    arena_printf(c->a,
                                 _("%d tài liệu mật không hiển thị: bạn chưa được phép tiếp cận "
                                   "mức mật đó."),
                                 hidden));
    if (manage)
        conf_material_form(c, k->id);
    html_raw(B(c), "</section>");
}

static void invitation_panel(ctx *c, const conference *k, bool manage)
{
    html_printf(B(c), "<section class=\"panel\" id=\"conf-invitation\"><h2>%s</h2>", _("Giấy mời"));
    if (k->invitation_id) {
        const char *date = NULL;
        int issued = conf_doc_issued(c->db, k->invitation_id, &date, c->a);
        html_printf(B(c), "<p><a href=\"/outgoing/%lld\">%s</a> — %s</p>",
                    (long long)k->invitation_id, _("Giấy mời (văn bản đi)"),
                    issued == 1 ? arena_printf(c->a, _("đã ban hành ngày %s"), web_date_vn(c, date))
                                : _("đang dự thảo, trình ký"));
        if (k->lead_days >= 0)
            html_printf(
                B(c), "<p>%s</p>",
                arena_printf(c->a, _("Gửi trước hội nghị %d ngày làm việc."), k->lead_days));
        if (k->late_reason)
            html_printf(B(c), "<p><span class=\"mark mark-due\">%s</span> %s</p>", _("Gửi muộn"),
                        k->late_reason);
    } else if (manage) {
        conf_invitation_form(c, k);
    } else {
        html_printf(B(c), "<p class=\"empty\">%s</p>", _("Chưa có giấy mời."));
    }
    html_raw(B(c), "</section>");
}

static void docs_panel(ctx *c, const conference *k, bool manage)
{
    html_printf(B(c), "<section class=\"panel\" id=\"conf-docs\"><h2>%s</h2><ul>",
                _("Biên bản và thông báo kết luận"));
    if (k->minutes_id)
        html_printf(B(c), "<li><a href=\"/outgoing/%lld\">%s</a></li>", (long long)k->minutes_id,
                    _("Biên bản hội nghị"));
    if (k->conclusion_id) {
        const char *date = NULL;
        int issued = conf_doc_issued(c->db, k->conclusion_id, &date, c->a);
        html_printf(B(c), "<li><a href=\"/outgoing/%lld\">%s</a> — %s", (long long)k->conclusion_id,
                    _("Thông báo kết luận"),
                    issued == 1 ? arena_printf(c->a, _("ban hành ngày %s"), web_date_vn(c, date))
                                : _("đang dự thảo"));
        if (issued == 1 && k->conclusion_due && strcmp(date, k->conclusion_due) > 0)
            html_printf(B(c), " <span class=\"mark mark-overdue\">%s</span>", _("Ban hành muộn"));
        html_raw(B(c), "</li>");
    }
    html_raw(B(c), "</ul>");
    if (k->conclusion_due)
        html_printf(B(c), "<p id=\"conf-conclusion-due\">%s</p>",
                    arena_printf(c->a, _("Hạn ban hành thông báo kết luận: %s."),
                                 web_date_vn(c, k->conclusion_due)));
    if (k->study_report_due)
        html_printf(B(c), "<p>%s</p>",
                    arena_printf(c->a, _("Hạn báo cáo kết quả học tập, quán triệt: %s."),
                                 web_date_vn(c, k->study_report_due)));
    if (manage)
        conf_docs_buttons(c, k);
    html_raw(B(c), "</section>");
}

static void h_show(ctx *c)
{
    const conference *k = conf_get(c, req_param_id(c->rq, "id"));
    if (!k) {
        respond_not_found(c);
        return;
    }
    bool manage = conf_may_manage(c, k) && strcmp(k->stored_status, "HUY") != 0;
    page_begin(c, k->title, NULL);
    props(c, k);
    if (manage && !k->minutes_id)
        html_printf(B(c), "<p class=\"no-print\"><a href=\"/conferences/%lld/edit\">%s</a></p>",
                    (long long)k->id,
                    k->invitation_id ? _("Điều chỉnh giấy mời") : _("Sửa thông tin hội nghị"));
    links_out(c, k);
    tasks_panel(c, k);
    subjects_panel(c, k, manage);
    materials_panel(c, k, manage);
    invitation_panel(c, k, manage);
    conf_invitees_panel(c, k, manage);
    conf_endpoints_panel(c, k, manage);
    conf_attendance_panel(c, k, manage);
    docs_panel(c, k, manage);
    conf_study_panel(c, k);
    if (manage && !k->minutes_id) {
        html_printf(B(c),
                    "<form method=\"post\" action=\"/conferences/%lld/cancel\" class=\"actions "
                    "no-print\">",
                    (long long)k->id);
        form_csrf(c);
        html_printf(B(c), "<button class=\"danger\" data-confirm=\"%s\">%s</button></form>",
                    _("Hủy hội nghị này?"), _("Hủy hội nghị"));
    }
    page_end(c);
}

/* ---- home: the conferences of the coming days ------------------------------------------ */

static void home(ctx *c)
{
    if (!c->user)
        return;
    conference *rows;
    const char *today = web_today(c);
    conf_filter f = {.from = today, .to = web_date_add(c, today, 14), .limit = 10};
    int n = conf_list(c, &f, &rows, NULL);
    /* The office head's clock: conclusion notices past their due date. */
    conf_due *due;
    int nd = conf_conclusions_due(c, &due), overdue = 0;
    for (int i = 0; i < nd; i++)
        overdue += due[i].overdue;
    if (n == 0 && overdue == 0)
        return;
    html_printf(B(c), "<section class=\"panel\" id=\"home-conferences\"><h2>%s</h2>",
                _("Hội nghị"));
    if (overdue > 0) {
        html_printf(B(c), "<p><strong>%s</strong></p><ul id=\"home-conf-overdue\">",
                    _("Thông báo kết luận quá hạn"));
        for (int i = 0; i < nd; i++)
            if (due[i].overdue)
                html_printf(B(c),
                            "<li><a href=\"/conferences/%lld\">%s</a> <span class=\"mark "
                            "mark-overdue\">%s</span></li>",
                            (long long)due[i].k->id, due[i].k->title,
                            arena_printf(c->a, _("Quá hạn %d ngày làm việc"), due[i].days_late));
        html_raw(B(c), "</ul>");
    }
    if (n > 0) {
        html_printf(B(c), "<p><strong>%s</strong></p><ul>", _("Hội nghị sắp tới"));
        for (int i = n - 1; i >= 0; i--)
            html_printf(B(c), "<li><a href=\"/conferences/%lld\">%s</a> — %s</li>",
                        (long long)rows[i].id, rows[i].title, conf_when(c, rows[i].starts_at));
        html_raw(B(c), "</ul>");
    }
    html_printf(B(c), "<p><a href=\"/conferences\">%s</a></p></section>", _("Tất cả hội nghị"));
}

/* On a programme item's page: the conferences made for it, or for its copy picked into a
 * quarter's or month's programme; only the ones the caller may see. */
static const db_query q_of_item = {
    "conf.of_item",
    "SELECT id FROM conferences WHERE programme_item_id = ?1 OR programme_item_id IN (SELECT id "
    "FROM programme_items WHERE origin_item_id = ?1) ORDER BY starts_at, id LIMIT 20",
    NULL};

static void item_section(ctx *c, const char *kind, int64_t item_id)
{
    (void)kind;
    db_stmt *s = db_stmt_get(c->db, &q_of_item);
    if (!s)
        return;
    db_bind_int(s, 1, item_id);
    int64_t ids[20];
    int n = 0;
    while (n < 20 && db_step(s) == DB_ROW)
        ids[n++] = db_col_int(s, 0);
    db_reset(s);
    int shown = 0;
    for (int i = 0; i < n; i++) {
        const conference *k = conf_get(c, ids[i]);
        if (!k)
            continue;
        if (!shown++)
            html_printf(B(c),
                        "<section class=\"panel\" id=\"item-conferences\"><h2>%s</h2><ul "
                        "class=\"links\">",
                        _("Hội nghị"));
        html_printf(B(c), "<li><a href=\"/conferences/%lld\">%s</a> — %s</li>", (long long)k->id,
                    k->title, conf_when(c, k->starts_at));
    }
    if (shown)
        html_raw(B(c), "</ul></section>");
}

void conf_pages(void)
{
    record_section_register("programme.item", item_section);
    route_add("GET", "/conferences", h_list, 0);
    route_add("GET", "/conferences/new", h_new, 0);
    route_add("GET", "/conferences/{id}", h_show, 0);
    route_add("GET", "/conferences/{id}/edit", h_edit, 0);
    home_section_add(home);
}
