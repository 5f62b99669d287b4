/* The badge history of a member (/awards/members/{id}) with the two flows that start from it:
 * "Cấp lại" a presented badge (lost or damaged, naming the original decision) and "Truy tặng"
 * for a deceased member; and the picker of an issued outgoing document (the decision of the
 * standing committee, a commendation decision) shared by the case and commendation pages. The
 * rules are the service's (awards.h); these pages only offer the choices. */
#include <stdio.h>
#include <string.h>

#include "awards/awards.h"
#include "awards/awards_web_impl.h"
#include "base/i18n.h"
#include "http/router.h"
#include "org/org.h"
#include "outgoing/outgoing.h"
#include "rules/rules.h"
#include "web/dates.h"
#include "web/forms.h"
#include "web/layout.h"
#include "web/respond.h"

#define B (&c->rs->body)

static const db_query q_member = {
    "awards.member_page",
    "SELECT m.unit_id, m.full_name, u.name, m.admitted_on, m.status, m.status_on FROM"
    " party_members m JOIN units u ON u.id = m.unit_id WHERE m.id = ?1",
    NULL};

static const char *vn(ctx *c, const char *iso)
{
    return iso && *iso ? web_date_vn(c, iso) : "";
}

const char *awards_reissue_reason_label(const char *r)
{
    if (r && strcmp(r, "lost") == 0)
        return _("Bị mất");
    if (r && strcmp(r, "damaged") == 0)
        return _("Bị hư hỏng");
    return "";
}

/* ---- the outgoing picker ---- */

typedef struct pick {
    int64_t cur;
    int n;
} pick;

static void pick_cb(ctx *c, const outgoing *o, void *arg)
{
    pick *p = arg;
    if (o->status != OUT_ISSUED || !o->notation || !o->issued_date)
        return;
    p->n++;
    html_printf(B, "<option value=\"%lld\"%s>%s — %s (%s)</option>", (long long)o->id,
                o->id == p->cur ? " selected" : "", o->notation, o->subject, vn(c, o->issued_date));
}

void aw_outgoing_search(ctx *c, const char *action, const char *anchor)
{
    const char *q = req_query(c->rq, "doc_q");
    html_printf(B,
                "<form method=\"get\" action=\"%s#%s\" class=\"filters no-print doc-search\">"
                "<label>%s <input type=\"search\" name=\"doc_q\" value=\"%s\" "
                "placeholder=\"%s\"></label> <button class=\"secondary doc-search-go\">%s"
                "</button></form>",
                action, anchor, _("Tìm văn bản đã phát hành"), q ? q : "",
                _("Số, ký hiệu hoặc trích yếu"), _("Tìm"));
}

void aw_outgoing_select(ctx *c, const char *key, const char *from)
{
    const char *q = req_query(c->rq, "doc_q");
    const char *cur = form_val(c, key, "outgoing_id", "");
    pick p = {.cur = cur && *cur ? strtoll(cur, NULL, 10) : 0};
    html_printf(B,
                "<div class=\"field%s\"><label for=\"f-outgoing_id\">%s</label><select "
                "id=\"f-outgoing_id\" name=\"outgoing_id\"",
                form_err(c, key, "outgoing_id") ? " has-error" : "",
                _("Văn bản quyết định (sổ văn bản đi)"));
    form_aria_html(c, key, "outgoing_id", "f-outgoing_id");
    html_printf(B, "><option value=\"\">%s</option>", _("— không chọn: nhập số bằng tay —"));
    out_filter f = {.status = "issued", .q = q && *q ? q : NULL, .from = from, .limit = 50};
    outgoing_list(c, &f, pick_cb, &p);
    html_raw(B, "</select>");
    form_err_html(c, key, "outgoing_id", "f-outgoing_id");
    html_printf(B, "<p class=\"hint\">%s</p></div>",
                p.n ? _("Chọn văn bản thì số và ngày quyết định lấy theo văn bản.")
                    : _("Không có văn bản đã phát hành khớp với từ tìm."));
}

/* ---- the member's page ---- */

static void reissue_form(ctx *c, int64_t member_id, const badge_case *o, const char *next)
{
    const char *fk = arena_printf(c->a, "reissue-%lld", (long long)o->id);
    const char *key = arena_printf(c->a, "/awards/cases#%s", fk);
    html_printf(B,
                "<section class=\"panel no-print reissue\" id=\"%s\"><h2>%s %d %s</h2>"
                "<p>%s <strong>%s</strong> %s %s · %s <strong>%s</strong></p>",
                fk, _("Cấp lại Huy hiệu"), o->milestone, _("năm tuổi Đảng"), _("Quyết định gốc:"),
                o->decision_no ? o->decision_no : "", _("ngày"), vn(c, o->decision_on),
                _("số Huy hiệu"), o->badge_no ? o->badge_no : "");
    html_raw(B, "<form method=\"post\" action=\"/awards/cases\" class=\"form\">");
    form_csrf(c);
    form_key_input(c, fk);
    html_printf(B,
                "<input type=\"hidden\" name=\"member_id\" value=\"%lld\"><input type=\"hidden\" "
                "name=\"kind\" value=\"reissue\"><input type=\"hidden\" name=\"milestone\" "
                "value=\"%d\"><input type=\"hidden\" name=\"original_case_id\" value=\"%lld\">",
                (long long)member_id, o->milestone, (long long)o->id);
    const char *cur = form_val(c, key, "reissue_reason", "");
    const char *id = arena_printf(c->a, "f-reason-%lld", (long long)o->id);
    html_printf(B,
                "<div class=\"field%s\"><label for=\"%s\">%s</label><select id=\"%s\" "
                "name=\"reissue_reason\"",
                form_err(c, key, "reissue_reason") ? " has-error" : "", id, _("Lý do cấp lại"), id);
    form_aria_html(c, key, "reissue_reason", id);
    html_printf(B,
                "><option value=\"\">%s</option><option value=\"lost\"%s>%s</option>"
                "<option value=\"damaged\"%s>%s</option></select>",
                _("— chọn —"), strcmp(cur, "lost") == 0 ? " selected" : "",
                awards_reissue_reason_label("lost"), strcmp(cur, "damaged") == 0 ? " selected" : "",
                awards_reissue_reason_label("damaged"));
    form_err_html(c, key, "reissue_reason", id);
    html_raw(B, "</div>");
    form_field_html(c, key,
                    &(form_field){.name = "occasion_date",
                                  .label = _("Ngày trao (dịp)"),
                                  .type = "date",
                                  .value = next,
                                  .id = arena_printf(c->a, "f-occ-%lld", (long long)o->id),
                                  .required = true});
    html_printf(B,
                "<div class=\"actions\"><button type=\"submit\">%s</button></div></form></section>",
                _("Lập hồ sơ cấp lại"));
}

static void posthumous_form(ctx *c, int64_t member_id, const char *died, const char *next)
{
    const char *key = "/awards/cases#posthumous";
    html_printf(B,
                "<section class=\"panel no-print\" id=\"posthumous\"><h2>%s</h2><p class=\"hint\">"
                "%s</p>",
                _("Truy tặng Huy hiệu Đảng"),
                arena_printf(c->a,
                             _("Truy tặng khi đảng viên đã đủ mốc tuổi Đảng, hoặc từ trần trước "
                               "khi đủ mốc không quá %lld tháng (Mẫu 4B-HHĐ)."),
                             (long long)rules_int(c->db, "awards.early_posthumous_months", next)));
    html_raw(B, "<form method=\"post\" action=\"/awards/cases\" class=\"form\">");
    form_csrf(c);
    form_key_input(c, "posthumous");
    html_printf(B,
                "<input type=\"hidden\" name=\"member_id\" value=\"%lld\"><input type=\"hidden\" "
                "name=\"kind\" value=\"posthumous\">",
                (long long)member_id);
    form_field_html(c, key,
                    &(form_field){.name = "milestone",
                                  .label = _("Mốc tuổi Đảng (năm)"),
                                  .type = "number",
                                  .id = "f-post-milestone",
                                  .required = true});
    form_field_html(c, key,
                    &(form_field){.name = "died_on",
                                  .label = _("Ngày từ trần"),
                                  .type = "date",
                                  .value = died,
                                  .id = "f-died_on",
                                  .hint = died ? _("Theo hồ sơ đảng viên.") : NULL,
                                  .required = true});
    form_field_html(c, key,
                    &(form_field){.name = "occasion_date",
                                  .label = _("Ngày trao (dịp)"),
                                  .type = "date",
                                  .value = next,
                                  .id = "f-post-occasion",
                                  .required = true});
    form_field_html(c, key,
                    &(form_field){.name = "early_reason",
                                  .label = _("Ghi chú"),
                                  .type = "textarea",
                                  .id = "f-post-note",
                                  .rows = 2});
    html_printf(B,
                "<div class=\"actions\"><button type=\"submit\">%s</button></div></form></section>",
                _("Lập hồ sơ truy tặng"));
}

static void h_member(ctx *c)
{
    int64_t mid = req_param_id(c->rq, "id");
    db_stmt *s = db_stmt_get(c->db, &q_member);
    if (!s) {
        respond_error(c, 500, "internal", _(WEB_MSG_DB));
        return;
    }
    db_bind_int(s, 1, mid);
    int64_t uid = 0;
    const char *name = NULL, *uname = NULL, *admitted = NULL, *status = NULL, *status_on = NULL;
    if (db_step(s) == DB_ROW) {
        uid = db_col_int(s, 0);
        name = arena_strdup(c->a, db_col_text(s, 1));
        uname = arena_strdup(c->a, db_col_text(s, 2));
        admitted = arena_strdup(c->a, db_col_text(s, 3));
        status = arena_strdup(c->a, db_col_text(s, 4));
        status_on = arena_strdup(c->a, db_col_text(s, 5));
    }
    db_reset(s);
    /* Member data is personal: another unit's member is "not found", as elsewhere. */
    if (!uid || !org_unit_in_scope(c, uid)) {
        respond_not_found(c);
        return;
    }
    badge_case *v;
    int n = awards_member_cases(c, mid, &v);
    if (n < 0) {
        respond_error(c, 500, "internal", _(WEB_MSG_DB));
        return;
    }
    char next[11];
    awards_target_occasion(c->db, web_today(c), next);
    bool dead = strcmp(status, "deceased") == 0;
    page_begin(c, arena_printf(c->a, _("Lịch sử Huy hiệu Đảng — %s"), name), "awards");
    html_printf(B, "<p class=\"no-print\"><a href=\"/awards\">%s</a></p>", _("← Huy hiệu Đảng"));
    html_printf(B,
                "<dl class=\"props\" id=\"member-props\"><dt>%s</dt><dd>%s</dd><dt>%s</dt>"
                "<dd>%s</dd><dt>%s</dt><dd>%s</dd></dl>",
                _("Đơn vị"), uname, _("Ngày vào Đảng"), vn(c, admitted), _("Tình trạng"),
                dead
                    ? arena_printf(
                          c->a, "%s %s", _("Đã từ trần"),
                          status_on ? arena_printf(c->a, "%s %s", _("ngày"), vn(c, status_on)) : "")
                : strcmp(status, "active") == 0 ? _("Đang sinh hoạt")
                                                : _("Không còn sinh hoạt tại đảng bộ"));
    aw_cases_table(c, v, n);
    if (awards_may_write(c->user)) {
        if (strcmp(status, "active") == 0)
            for (int i = 0; i < n; i++)
                if (strcmp(v[i].status, "presented") == 0)
                    reissue_form(c, mid, &v[i], next);
        if (dead)
            posthumous_form(c, mid, status_on, next);
    }
    page_end(c);
}

/* The member picker of /awards: a GET form to the member's page. */
static void h_member_pick(ctx *c)
{
    const char *id = req_query(c->rq, "member_id");
    long long v = id && *id ? strtoll(id, NULL, 10) : 0;
    if (v <= 0) {
        respond_redirect(c, "/awards");
        return;
    }
    respond_redirect(c, arena_printf(c->a, "/awards/members/%lld", v));
}

void awards_member_routes(void)
{
    route_add("GET", "/awards/members/{id}", h_member, 0);
    route_add("GET", "/awards/member", h_member_pick, 0);
}
