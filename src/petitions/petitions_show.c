/* A letter's page: its record, the deadlines with the rule each came from, the identity
 * (pseudonym for everyone but the handler and the assigning head of a denunciation; opened on
 * request and audited), the extensions, the scans and the forms of the next steps. */
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "petitions/petitions_impl.h"
#include "petitions/petitions_web_impl.h"
#include "web/errors.h"
#include "web/forms.h"
#include "web/layout.h"
#include "web/respond.h"

#define B pet_B

static void dd(ctx *c, const char *label, const char *value)
{
    if (value && *value)
        html_printf(B(c), "<dt>%s</dt><dd>%s</dd>", label, value);
}

static void field(ctx *c, const char *key, const char *name, const char *label, const char *type,
                  const char *value, bool required)
{
    form_field_html(c, key,
                    &(form_field){.name = name,
                                  .label = label,
                                  .type = type,
                                  .value = value,
                                  .required = required,
                                  .id = arena_printf(c->a, "%s-%s", strrchr(key, '/') + 1, name),
                                  .rows = 3});
}

static const char *open_form(ctx *c, int64_t id, const char *act, const char *title, bool multipart)
{
    const char *key = arena_printf(c->a, "/petitions/%lld/%s", (long long)id, act);
    html_printf(B(c),
                "<details class=\"panel no-print\" id=\"act-%s\"%s><summary>%s</summary><form "
                "class=\"form\" method=\"post\" action=\"%s\"%s>",
                act, form_failed(c, key) ? " open" : "", title, key,
                multipart ? " enctype=\"multipart/form-data\"" : "");
    form_csrf(c);
    return key;
}

static void close_form(ctx *c, const char *button)
{
    html_printf(B(c),
                "<div class=\"actions\"><button type=\"submit\">%s</button></div></form></details>",
                button);
}

/* Where a deadline comes from, in words: "30 ngày lịch — Luật Tố cáo 2018, Điều 30". */
static const char *rule_words(ctx *c, const petition *p, const char *stage, const char *date)
{
    pet_rule r;
    if (!date ||
        !pet_rule_find(c, p->kind, p->party_related, p->complexity, p->remote, stage, date, &r))
        return "";
    return arena_printf(c->a, _("%d %s — %s"), r.days,
                        strcmp(r.day_kind, "working") == 0 ? _("ngày làm việc") : _("ngày lịch"),
                        r.source);
}

static void identity_block(ctx *c, const petition *p)
{
    html_printf(B(c), "<section class=\"panel\" id=\"identity\"><h2>%s</h2>", _("Người viết đơn"));
    bool want = req_query(c->rq, "identity") != NULL;
    if (!p->may_identity) {
        html_printf(B(c), "<p><strong>%s</strong></p><p class=\"hint\">%s</p>", p->pseudonym,
                    _("Danh tính người tố cáo được bảo vệ: chỉ người được giao xử lý và lãnh đạo "
                      "đã giao được xem."));
    } else if (p->protected_kind && !want) {
        html_printf(B(c),
                    "<p><strong>%s</strong></p><p class=\"no-print\"><a class=\"button "
                    "secondary\" href=\"/petitions/%lld?identity=1#identity\">%s</a></p><p "
                    "class=\"hint\">%s</p>",
                    p->pseudonym, (long long)p->id, _("Xem danh tính"),
                    _("Mỗi lần xem danh tính người tố cáo đều được ghi nhật ký."));
    } else {
        web_err e = {0};
        const pet_ident *w = pet_identity(c, p->id, &e);
        if (!w) {
            page_alert(c, "error", web_err_message(&e));
        } else {
            html_raw(B(c), "<dl class=\"props\">");
            dd(c, _("Họ tên"), *w->name ? w->name : _("(nặc danh)"));
            dd(c, _("Địa chỉ"), w->address);
            dd(c, _("Số CMND/CCCD"), w->id_no);
            html_raw(B(c), "</dl>");
        }
    }
    int scans = pet_scan_count(c, p->id);
    if (scans > 0) {
        html_printf(B(c), "<p>%s: %d.", _("Bản quét đơn"), scans);
        if (p->may_identity)
            for (int i = 1; i <= scans; i++)
                html_printf(B(c), " <a href=\"/petitions/%lld/scans/%d\">%s %d</a>",
                            (long long)p->id, i, _("Xem bản"), i);
        html_raw(B(c), "</p>");
        /* The text read from the scans shows the writer's words (and name): the same two
         * people only, and for a protected letter only once the identity was opened. */
        if (p->may_identity && (!p->protected_kind || want)) {
            const char **texts;
            int nt = pet_scan_texts(c, p->id, &texts);
            for (int i = 0; i < nt; i++)
                html_printf(B(c),
                            "<details class=\"scan-text\"><summary>%s %d</summary><pre>%s</pre>"
                            "</details>",
                            _("Chữ đọc được từ bản quét"), i + 1, texts[i]);
        }
    }
    html_raw(B(c), "</section>");
}

void pet_show(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    const petition *p = pet_get(c, id);
    if (!p) {
        respond_not_found(c);
        return;
    }
    page_begin(c, arena_printf(c->a, _("Đơn số %s"), p->code), "petitions");
    pet_links_bar(c);
    html_raw(B(c), "<dl class=\"props\">");
    dd(c, _("Loại đơn"), pet_kind_label(p->kind));
    dd(c, _("Trạng thái"), pet_status_label(p->status));
    dd(c, _("Ngày nhận"), pet_vn_date(c, p->received_on));
    dd(c, _("Nguồn đơn"), pet_channel_label(p->channel));
    dd(c, _("Cơ quan chuyển đến"), p->source_org);
    dd(c, _("Vụ việc"), p->matter);
    dd(c, _("Nội dung tóm tắt"), p->summary);
    dd(c, _("Mức độ"), pet_complexity_label(p->complexity));
    dd(c, _("Liên quan đảng viên, tổ chức đảng"), p->party_related ? _("Có") : _("Không"));
    dd(c, _("Vùng sâu, vùng xa"), p->remote ? _("Có") : _("Không"));
    dd(c, _("Số người đứng đơn"), arena_printf(c->a, "%d", p->n_persons));
    dd(c, _("Phân loại, xử lý đơn"),
       p->screening ? pet_screening_label(p->screening) : _("Chưa phân loại"));
    dd(c, _("Lý do"), p->screening_reason);
    dd(c, _("Người xử lý"), p->handler_name);
    dd(c, _("Ngày thụ lý"), pet_vn_date(c, p->accepted_on));
    dd(c, _("Số quyết định thụ lý"), p->decision_no);
    dd(c, _("Hướng dẫn / lý do"), p->guidance);
    dd(c, _("Chuyển đến"), p->transferred_to);
    dd(c, _("Ngày có kết quả"), pet_vn_date(c, p->result_on));
    dd(c, _("Văn bản kết quả"), p->result_doc);
    dd(c, _("Kết quả"), p->result_text);
    dd(c, _("Ngày kết thúc"), pet_vn_date(c, p->closed_on));
    html_raw(B(c), "</dl>");
    if (p->repeat_of)
        html_printf(B(c), "<p class=\"mark mark-due\">%s <a href=\"/petitions/%lld\">%s</a></p>",
                    _("Đơn tái diễn (cùng người, cùng vụ việc) với"), (long long)p->repeat_of,
                    _("đơn trước"));
    if (strcmp(p->kind, "mixed") == 0)
        page_alert(c, "warn",
                   _("Đơn vừa khiếu nại vừa tố cáo: được xử lý như đơn khiếu nại; hướng dẫn người "
                     "viết đơn tách nội dung tố cáo thành đơn riêng, ký tên, ghi rõ địa chỉ."));
    if (p->outgoing_id)
        html_printf(B(c), "<p><a href=\"/outgoing/%lld\">%s</a></p>", (long long)p->outgoing_id,
                    _("Công văn chuyển đơn"));

    html_printf(B(c), "<section class=\"panel\" id=\"deadlines\"><h2>%s</h2><ul>", _("Thời hạn"));
    if (p->due_screen)
        html_printf(B(c), "<li>%s: <strong>%s</strong> (%s)</li>", _("Phân loại, xử lý đơn"),
                    pet_vn_date(c, p->due_screen), rule_words(c, p, "screen", p->received_on));
    if (p->due_accept)
        html_printf(B(c), "<li>%s: <strong>%s</strong> (%s)</li>", _("Thụ lý"),
                    pet_vn_date(c, p->due_accept), rule_words(c, p, "accept", p->received_on));
    if (p->due_resolve)
        html_printf(B(c), "<li>%s: <strong>%s</strong> (%s)%s</li>", _("Giải quyết"),
                    pet_vn_date(c, p->due_resolve), rule_words(c, p, "resolve", p->accepted_on),
                    p->extensions ? _(" — đã gồm các lần gia hạn") : "");
    if (p->overdue)
        html_printf(B(c), "<li><span class=\"mark mark-overdue\">%s</span></li>", _("Quá hạn"));
    html_raw(B(c), "</ul>");
    pet_extension *ex;
    int nx = pet_extensions(c, p->id, &ex);
    if (nx > 0) {
        html_printf(
            B(c),
            "<div class=\"table-wrap\"><table class=\"list\"><thead><tr><th>%s</th><th>%s</th>"
            "<th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
            _("Lần"), _("Ngày quyết định"), _("Số quyết định"), _("Lý do"), _("Hạn cũ"),
            _("Hạn mới"));
        for (int i = 0; i < nx; i++)
            html_printf(B(c),
                        "<tr><td data-label=\"%s\">%d</td><td data-label=\"%s\">%s</td><td "
                        "data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td><td "
                        "data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td></tr>",
                        _("Lần"), ex[i].ordinal, _("Ngày quyết định"),
                        pet_vn_date(c, ex[i].decided_on), _("Số quyết định"), ex[i].decision_no,
                        _("Lý do"), ex[i].reason, _("Hạn cũ"), pet_vn_date(c, ex[i].due_before),
                        _("Hạn mới"), pet_vn_date(c, ex[i].due_after));
        html_raw(B(c), "</tbody></table></div>");
    }
    html_raw(B(c), "</section>");

    identity_block(c, p);

    bool handle = pet_may_handle(c, p);
    bool clerk = c->user->role == ROLE_CLERK;
    const char *k;
    if (strcmp(p->status, "received") == 0 && (handle || clerk)) {
        k = open_form(c, p->id, "classify", _("Phân loại lại"), false);
        pet_select(c, k, "kind", _("Loại đơn"), pet_kinds, pet_kind_label, p->kind, false);
        pet_select(c, k, "complexity", _("Mức độ"), pet_complexities, pet_complexity_label,
                   p->complexity, false);
        html_printf(B(c),
                    "<div class=\"field\"><label><input type=\"checkbox\" name=\"party_related\" "
                    "value=\"1\"%s> %s</label><label><input type=\"checkbox\" name=\"remote\" "
                    "value=\"1\"%s> %s</label></div>",
                    p->party_related ? " checked" : "", _("Liên quan đảng viên, tổ chức đảng"),
                    p->remote ? " checked" : "", _("Vùng sâu, vùng xa"));
        close_form(c, _("Phân loại"));
        k = open_form(c, p->id, "screen", _("Kết quả phân loại, xử lý đơn"), false);
        pet_select(c, k, "screening", _("Kết quả"), pet_screenings, pet_screening_label,
                   p->screening ? p->screening : "eligible", false);
        field(c, k, "screening_reason", _("Lý do"), "textarea", p->screening_reason, false);
        close_form(c, _("Ghi kết quả"));
    }
    if (pet_may_assign(c, p) && strcmp(p->status, "closed") != 0) {
        k = open_form(c, p->id, "assign", _("Giao xử lý"), false);
        pet_people_select(c, k, "handler_id", _("Người xử lý"), p->handler_id);
        close_form(c, _("Giao"));
    }
    if (strcmp(p->status, "received") == 0 && handle) {
        k = open_form(c, p->id, "accept", _("Thụ lý"), false);
        field(c, k, "accepted_on", _("Ngày thụ lý"), "date", NULL, true);
        field(c, k, "decision_no", _("Số quyết định/thông báo thụ lý"), "text", NULL, true);
        close_form(c, _("Thụ lý"));
    }
    if (strcmp(p->status, "received") == 0 && (handle || clerk)) {
        k = open_form(c, p->id, "return", _("Trả lại đơn và hướng dẫn"), false);
        field(c, k, "guidance", _("Nội dung hướng dẫn"), "textarea", NULL, true);
        close_form(c, _("Trả lại"));
        k = open_form(c, p->id, "transfer", _("Chuyển đơn đến cơ quan có thẩm quyền"), false);
        field(c, k, "transferred_to", _("Cơ quan có thẩm quyền"), "text", NULL, true);
        close_form(c, _("Chuyển đơn và soạn công văn"));
        k = open_form(c, p->id, "file", _("Lưu đơn"), false);
        field(c, k, "guidance", _("Lý do lưu đơn"), "textarea", NULL, true);
        close_form(c, _("Lưu đơn"));
    }
    if (strcmp(p->status, "accepted") == 0 && handle) {
        if (p->max_extensions > p->extensions) {
            k = open_form(c, p->id, "extend",
                          arena_printf(c->a, _("Gia hạn (đã gia hạn %d/%d lần)"), p->extensions,
                                       p->max_extensions),
                          false);
            field(c, k, "decided_on", _("Ngày quyết định gia hạn"), "date", NULL, true);
            field(c, k, "decision_no", _("Số quyết định gia hạn"), "text", NULL, true);
            field(c, k, "reason", _("Lý do gia hạn"), "textarea", NULL, true);
            close_form(c, _("Gia hạn"));
        }
        k = open_form(c, p->id, "result", _("Kết quả giải quyết"), false);
        field(c, k, "result_on", _("Ngày giải quyết"), "date", NULL, true);
        field(c, k, "result_doc", _("Văn bản kết quả"), "text", NULL, true);
        field(c, k, "result_text", _("Kết quả"), "textarea", NULL, false);
        close_form(c, _("Ghi kết quả"));
    }
    if (handle && strcmp(p->status, "received") != 0 && strcmp(p->status, "accepted") != 0 &&
        strcmp(p->status, "closed") != 0) {
        k = open_form(c, p->id, "close", _("Kết thúc đơn"), false);
        close_form(c, _("Kết thúc"));
    }
    if ((handle || (clerk && p->may_identity)) && strcmp(p->status, "closed") != 0) {
        k = open_form(c, p->id, "scans", _("Thêm bản quét đơn (mã hóa)"), true);
        field(c, k, "file", _("Tệp PDF hoặc ảnh"), "file", NULL, true);
        close_form(c, _("Tải lên"));
    }
    page_end(c);
}
