/* Pages of the outgoing side: /outgoing (list), /outgoing/new, /outgoing/{id} and its POST
 * actions. Every rule is decided by the services; pages only show the buttons that will work
 * and report the service's message. */
#include <stdlib.h>
#include <string.h>

#include "filters/filters.h"
#include "web/errors.h"
#include "web/forms.h"
#include "web/pager.h"
#include "web/params.h"
#include "web/respond.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "files/files.h"
#include "catalog/catalog.h"
#include "catalog/vocab.h"
#include "outgoing/outgoing.h"
#include "outgoing/outgoing_impl.h"
#include "web/layout.h"
#include "http/router.h"
#include "web/records.h"

static strbuf *B(ctx *c)
{
    return &c->rs->body;
}

static const char *vn_date(ctx *c, const char *iso)
{
    if (!iso || !*iso)
        return "";
    char buf[24];
    if (strlen(iso) > 10) {
        int64_t t = clock_parse_iso(iso);
        if (t >= 0) {
            clock_vn_datetime(t, buf, sizeof buf);
            return arena_strdup(c->a, buf);
        }
    }
    clock_date_vn(iso, buf, sizeof buf);
    return arena_strdup(c->a, buf);
}

/* The body as paragraphs, one per line: a monospace <pre> renders Vietnamese tone marks
 * badly in many fonts. */
static void body_paragraphs(ctx *c, const char *body)
{
    html_raw(B(c), "<div class=\"draft-body\">");
    const char *p = body ? body : "";
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (len && p[len - 1] == '\r')
            len--;
        html_printf(B(c), "<p>%s</p>", arena_strndup(c->a, p, len));
        if (!nl)
            break;
        p = nl + 1;
    }
    html_raw(B(c), "</div>");
}

/* ---- list ---- */

static void list_row(ctx *c, const outgoing *o, void *arg)
{
    int *n = arg;
    (*n)++;
    html_printf(B(c), "<tr class=\"%s\"><td>%s</td><td class=\"date\">%s</td><td>%s</td>",
                urgency_is_urgent(o->urgency) ? "urgent" : "", o->notation ? o->notation : "—",
                o->issued_date ? vn_date(c, o->issued_date) : vn_date(c, o->created_at),
                catalog_doc_type_name(c, o->doc_type));
    html_printf(B(c), "<td><a href=\"/outgoing/%lld\">%s</a>", (long long)o->id, o->subject);
    docs_marks_html(B(c), o->secrecy, o->urgency, false);
    html_printf(B(c), "</td><td>%s</td></tr>", out_status_label(o->status));
}

static void h_list(ctx *c)
{
    out_filter f = {0};
    f.status = req_query(c->rq, "status");
    f.q = req_query(c->rq, "q");
    f.from = req_query(c->rq, "from");
    f.to = req_query(c->rq, "to");
    int64_t page_r = 1;
    query_int(c, "page", 1, 1000000, &page_r); /* a page number it cannot read: the first */
    int page = (int)page_r;
    f.limit = 50;
    f.offset = (page - 1) * 50;
    page_begin(c, _("Văn bản đi"), "outgoing");
    filters_bar_html(c, "outgoing", "/outgoing");
    html_printf(B(c),
                "<div class=\"table-tools no-print\"><a class=\"button\" href=\"/outgoing/new\">"
                "%s</a> <a href=\"/registers/outgoing\">%s</a>"
                "<form method=\"get\" action=\"/outgoing\" class=\"filters\">"
                "<label>%s <input name=\"q\" value=\"%s\"></label> ",
                _("Soạn văn bản mới"), _("Sổ đăng ký văn bản đi"), _("Tìm"), f.q ? f.q : "");
    html_printf(B(c), "<label>%s <select name=\"status\"><option value=\"\">%s</option>",
                _("Trạng thái"), _("Tất cả"));
    for (int s = OUT_DRAFT; s <= OUT_RECALLED; s++)
        html_printf(B(c), "<option value=\"%s\"%s>%s</option>", out_status_code(s),
                    f.status && strcmp(f.status, out_status_code(s)) == 0 ? " selected" : "",
                    out_status_label(s));
    html_printf(B(c),
                "</select></label> <label>%s <input type=\"date\" name=\"from\" value=\"%s\">"
                "</label> <label>%s <input type=\"date\" name=\"to\" value=\"%s\"></label> "
                "<button>%s</button></form></div>",
                _("Từ ngày"), f.from ? f.from : "", _("Đến ngày"), f.to ? f.to : "", _("Lọc"));
    html_printf(B(c),
                "<div class=\"table-wrap\"><table id=\"outgoing-list\"><thead><tr><th>%s</th>"
                "<th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
                _("Số, ký hiệu"), _("Ngày"), _("Loại"), _("Trích yếu"), _("Trạng thái"));
    int n = 0;
    outgoing_list(c, &f, list_row, &n);
    if (n == 0)
        html_printf(B(c), "<tr><td colspan=\"5\" class=\"empty\">%s</td></tr>",
                    _("Không có văn bản nào."));
    html_raw(B(c), "</tbody></table></div>");
    static const char *const keep[] = {"q", "status", "from", "to", NULL};
    page_pager(
        c, &(pager){
               .path = "/outgoing", .keep = keep, .param = "page", .page = page, .more = n == 50});
    page_end(c);
}

/* ---- new draft ---- */

#define NEW_KEY "/outgoing/new" /* the draft form's key (web/forms.h) */

typedef struct draft_form {
    int64_t register_id, replaces_id, signer_id, reply_to_id;
    const char *subject;   /* prefilled for a reply */
    const char **unit_ids; /* prefilled recipient unit ids as text */
    int n_units;
} draft_form;

static bool unit_selected(ctx *c, const draft_form *st, int64_t id)
{
    if (form_failed(c, NEW_KEY))
        return form_has(c, NEW_KEY, "to_unit", arena_printf(c->a, "%lld", (long long)id));
    for (int i = 0; i < st->n_units; i++)
        if (strtoll(st->unit_ids[i], NULL, 10) == id) /* echo of the form's own checkboxes */
            return true;
    return false;
}

static void unit_option(ctx *c, int64_t id, const char *name, void *arg)
{
    const draft_form *st = arg;
    html_printf(B(c),
                "<label class=\"check\"><input type=\"checkbox\" name=\"to_unit\" value=\"%lld\""
                "%s> %s</label>",
                (long long)id, unit_selected(c, st, id) ? " checked" : "", name);
}

/* Outside bodies reachable electronically through a configured connection between
 * installations (issue 18): offered by name; chosen ones become outside recipients. */
static void peer_picks(ctx *c)
{
    const char **names = NULL;
    int n = outgoing_outside && outgoing_outside->names ? outgoing_outside->names(c, &names) : 0;
    if (n <= 0)
        return;
    html_printf(B(c),
                "<fieldset class=\"field\" id=\"to_peer\"><legend>%s</legend>"
                "<div class=\"unit-picks\">",
                _("Cơ quan nhận qua kết nối liên thông"));
    for (int i = 0; i < n; i++)
        html_printf(
            B(c),
            "<label class=\"check\"><input type=\"checkbox\" name=\"to_peer\" "
            "value=\"%s\"%s> %s</label>",
            names[i],
            form_failed(c, NEW_KEY) && form_has(c, NEW_KEY, "to_peer", names[i]) ? " checked" : "",
            names[i]);
    html_printf(B(c), "</div><span class=\"hint\">%s</span></fieldset>",
                _("Gửi gói tin edXML đến hệ thống của cơ quan đó; văn bản Mật chỉ qua kết nối "
                  "đã mã hóa, Tối mật, Tuyệt mật chỉ chuyển bản giấy."));
}

/* A select's opening on the draft form: label, <select> with its aria when its field is
 * refused. The caller writes the options, then select_end. */
static void select_begin(ctx *c, const char *name, const char *label)
{
    html_printf(B(c),
                "<div class=\"field%s\"><label for=\"%s\">%s</label><select id=\"%s\" "
                "name=\"%s\"",
                form_err(c, NEW_KEY, name) ? " has-error" : "", name, label, name, name);
    form_aria_html(c, NEW_KEY, name, name);
    html_raw(B(c), ">");
}

static void select_end(ctx *c, const char *name)
{
    html_raw(B(c), "</select>");
    form_err_html(c, NEW_KEY, name, name);
    html_raw(B(c), "</div>");
}

/* The typed value of a field when the form was refused ("" when it was not sent), else dflt. */
static const char *chosen(ctx *c, const char *name, const char *dflt)
{
    const char *v = form_val(c, NEW_KEY, name, dflt);
    return v ? v : "";
}

static const char *id_text(ctx *c, int64_t id)
{
    return id > 0 ? arena_printf(c->a, "%lld", (long long)id) : "";
}

/* Người ký: the leaders whose scope holds the caller's unit (a draft is made for a register of
 * that unit); empty = whoever the register's signing role allows. */
static void signer_field(ctx *c, int64_t selected)
{
    out_leader *v;
    int n = outgoing_leaders(c, c->user->unit_id, &v);
    const char *want = chosen(c, "signer_id", id_text(c, selected));
    select_begin(c, "signer_id", _("Người ký"));
    html_printf(B(c), "<option value=\"\">%s</option>", _("— lãnh đạo có thẩm quyền ký theo sổ —"));
    for (int i = 0; i < n; i++)
        html_printf(B(c), "<option value=\"%lld\"%s>%s — %s</option>", (long long)v[i].id,
                    strcmp(want, id_text(c, v[i].id)) == 0 ? " selected" : "", v[i].name,
                    role_label(v[i].role));
    select_end(c, "signer_id");
}

static void new_form(ctx *c, const draft_form *st)
{
    page_begin(c, _("Soạn văn bản đi"), "outgoing");
    html_raw(B(c), "<form class=\"form\" method=\"post\" action=\"/outgoing/new\" data-draft>");
    form_csrf(c);
    if (st->reply_to_id > 0)
        html_printf(B(c), "<input type=\"hidden\" name=\"reply_to_id\" value=\"%lld\">",
                    (long long)st->reply_to_id);
    if (st->replaces_id > 0) {
        const outgoing *old = outgoing_get(c, st->replaces_id);
        html_printf(B(c),
                    "<input type=\"hidden\" name=\"replaces_id\" value=\"%lld\"><p class=\"hint\">"
                    "%s %s</p>",
                    (long long)st->replaces_id, _("Văn bản thay thế cho"),
                    old && old->notation ? old->notation : "");
    }
    if (st->reply_to_id > 0)
        reply_to_hint(c, st->reply_to_id);
    doc_register *regs;
    int nr = catalog_registers(c, &regs);
    const char *reg = chosen(c, "register_id", id_text(c, st->register_id));
    select_begin(c, "register_id", _("Sổ văn bản"));
    for (int i = 0; i < nr; i++)
        if (regs[i].active)
            html_printf(B(c), "<option value=\"%lld\"%s>%s (%s)</option>", (long long)regs[i].id,
                        strcmp(reg, id_text(c, regs[i].id)) == 0 ? " selected" : "", regs[i].name,
                        regs[i].issuer_abbr);
    select_end(c, "register_id");
    doc_type *types;
    int nt = catalog_doc_types(c, &types);
    /* A new draft is a công văn unless the drafter picks another type (issue 12). */
    const char *want = chosen(c, "doc_type", OUT_DEFAULT_DOC_TYPE);
    select_begin(c, "doc_type", _("Loại văn bản"));
    for (int i = 0; i < nt; i++)
        html_printf(B(c), "<option value=\"%s\"%s>%s</option>", types[i].code,
                    strcmp(want, types[i].code) == 0 ? " selected" : "", types[i].name);
    select_end(c, "doc_type");
    form_field_html(c, NEW_KEY,
                    &(form_field){.name = "subject",
                                  .label = _("Trích yếu"),
                                  .type = "textarea",
                                  .value = st->subject,
                                  .id = "subject",
                                  .required = true,
                                  .rows = 2});
    form_field_html(c, NEW_KEY,
                    &(form_field){.name = "body",
                                  .label = _("Nội dung dự thảo"),
                                  .type = "textarea",
                                  .id = "body",
                                  .rows = 12});
    const char *sec = chosen(c, "secrecy", secrecy_code(SECRECY_NONE));
    select_begin(c, "secrecy", _("Độ mật"));
    for (int i = SECRECY_NONE; i <= SECRECY_TUYET_MAT; i++)
        html_printf(B(c), "<option value=\"%s\"%s>%s</option>", secrecy_code(i),
                    strcmp(sec, secrecy_code(i)) == 0 ? " selected" : "", secrecy_label(i));
    select_end(c, "secrecy");
    const char *urg = chosen(c, "urgency", urgency_code(URGENCY_NORMAL));
    select_begin(c, "urgency", _("Độ khẩn"));
    for (int i = URGENCY_NORMAL; i <= URGENCY_HOA_TOC_HEN_GIO; i++)
        html_printf(B(c), "<option value=\"%s\"%s>%s</option>", urgency_code(i),
                    strcmp(urg, urgency_code(i)) == 0 ? " selected" : "", urgency_label(i));
    select_end(c, "urgency");
    signer_field(c, st->signer_id);
    html_printf(B(c), "<fieldset class=\"field%s\" id=\"to_unit\"",
                form_err(c, NEW_KEY, "to_unit") ? " has-error" : "");
    form_aria_html(c, NEW_KEY, "to_unit", "to_unit");
    html_printf(B(c), "><legend>%s</legend><div class=\"unit-picks\">",
                _("Nơi nhận trong hệ thống"));
    outgoing_units_each(c, unit_option, (void *)st);
    html_raw(B(c), "</div>");
    form_err_html(c, NEW_KEY, "to_unit", "to_unit");
    html_printf(B(c), "<span class=\"hint\">%s</span></fieldset>",
                _("Văn bản Tối mật, Tuyệt mật chỉ chuyển bản giấy."));
    peer_picks(c);
    form_field_html(c, NEW_KEY,
                    &(form_field){.name = "outside",
                                  .label = _("Nơi nhận ngoài hệ thống"),
                                  .type = "textarea",
                                  .id = "outside",
                                  .rows = 3,
                                  .hint = _("Mỗi dòng một cơ quan; gửi qua bưu điện.")});
    form_field_html(c, NEW_KEY,
                    &(form_field){.name = "file_copy_to",
                                  .label = _("Đơn vị/người nhận bản lưu"),
                                  .id = "file_copy_to"});
    html_printf(B(c), "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>",
                _("Lưu dự thảo"));
    page_end(c);
}

static void h_new(ctx *c)
{
    if (!c->user || c->user->role == ROLE_ADMIN) {
        respond_error(c, 403, "forbidden", _("Tài khoản này không soạn văn bản đi."));
        return;
    }
    draft_form st = {0};
    if (form_failed(c, NEW_KEY)) {
        /* Refused: the hidden ids come back with the typed values, not in the address. */
        param_int(chosen(c, "replaces_id", ""), 1, INT64_MAX, &st.replaces_id);
        param_int(chosen(c, "reply_to_id", ""), 1, INT64_MAX, &st.reply_to_id);
    } else {
        query_int(c, "replaces", 1, INT64_MAX, &st.replaces_id);
        query_int(c, "reply_to", 1, INT64_MAX, &st.reply_to_id);
        reply_to_prefill(c, &st.reply_to_id, &st.subject, &st.unit_ids, &st.n_units);
    }
    new_form(c, &st);
}

static void h_new_post(ctx *c)
{
    web_err e = {0};
    out_draft in = {0};
    int secrecy = 0, urgency = 0;
    form_range(c, "register_id", 1, INT64_MAX, &in.register_id, &e);
    form_range(c, "replaces_id", 1, INT64_MAX, &in.replaces_id, &e);
    form_range(c, "signer_id", 1, INT64_MAX, &in.signer_id, &e);
    form_range(c, "reply_to_id", 1, INT64_MAX, &in.reply_to_id, &e);
    in.doc_type = req_form(c->rq, "doc_type");
    in.subject = req_form(c->rq, "subject");
    in.body = req_form(c->rq, "body");
    in.file_copy_to = req_form(c->rq, "file_copy_to");
    form_enum(c, "secrecy", secrecy_codes, &secrecy, &e);
    form_enum(c, "urgency", urgency_codes, &urgency, &e);
    in.secrecy = secrecy;
    in.urgency = urgency;
    in.recipients = arena_alloc(c->a, sizeof *in.recipients * (OUT_MAX_RECIPIENTS + 1));
    for (size_t i = 0; i < c->rq->form.n && in.n_recipients < OUT_MAX_RECIPIENTS; i++) {
        if (strcmp(c->rq->form.v[i].name, "to_unit") != 0)
            continue;
        int64_t uid = 0;
        if (param_int(c->rq->form.v[i].value, 1, INT64_MAX, &uid) != PARAM_OK)
            web_err_add(&e, 400, "invalid_input", "to_unit", _("Nơi nhận không hợp lệ."));
        in.recipients[in.n_recipients++].unit_id = uid;
    }
    /* Outside bodies reached through a connection between installations, by name. */
    for (size_t i = 0; i < c->rq->form.n && in.n_recipients < OUT_MAX_RECIPIENTS; i++)
        if (strcmp(c->rq->form.v[i].name, "to_peer") == 0 && *c->rq->form.v[i].value)
            in.recipients[in.n_recipients++].name = c->rq->form.v[i].value;
    /* Outside bodies: one per line. */
    const char *p = req_form(c->rq, "outside");
    while (p && *p && in.n_recipients <= OUT_MAX_RECIPIENTS) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        while (len && (p[len - 1] == '\r' || p[len - 1] == ' '))
            len--;
        while (len && *p == ' ') {
            p++;
            len--;
        }
        if (len)
            in.recipients[in.n_recipients++].name = arena_strndup(c->a, p, len);
        p = nl ? nl + 1 : NULL;
    }
    if (e.n) {
        web_after_post(c, NEW_KEY, -1, &e, NULL);
        return;
    }
    const char *err;
    int status;
    int64_t id = outgoing_create(c, &in, &err, &status);
    if (id < 0) {
        web_after_post_field(c, NEW_KEY, -1, status, err, outgoing_err_field(err), NULL);
        return;
    }
    out_finding *fv;
    int nf = outgoing_findings(c, id, &fv), nerr = 0;
    for (int i = 0; i < nf; i++)
        nerr += fv[i].error;
    page_flash_set(c, nerr ? _("Đã lưu dự thảo. Dự thảo còn lỗi thể thức, ghi bên cạnh từng mục; "
                               "sửa trước khi trình.")
                           : _("Đã lưu dự thảo."));
    respond_redirect(c, arena_printf(c->a, "/outgoing/%lld", (long long)id));
}

/* ---- one document ---- */

static void version_row(ctx *c, int v, const char *subject, const char *body, int64_t by,
                        const char *at, void *arg)
{
    html_printf(B(c), "<details><summary>%s %d — %s, %s</summary><p><strong>%s</strong></p>",
                _("Phiên bản"), v, outgoing_user_name(c, by), vn_date(c, at), subject);
    body_paragraphs(c, body);
    html_raw(B(c), "</details>");
}

static void comment_row(ctx *c, int v, const char *body, int64_t by, const char *at, void *arg)
{
    html_printf(B(c), "<li><strong>%s</strong> <small>(%s %d, %s)</small><br>%s</li>",
                outgoing_user_name(c, by), _("phiên bản"), v, vn_date(c, at), body);
}

static const char *event_label(const char *a)
{
    static const struct {
        const char *code, *label;
    } t[] = {
        {"draft", N_("Tạo dự thảo")},
        {"version", N_("Lưu phiên bản mới")},
        {"comment", N_("Góp ý")},
        {"approve", N_("Phê duyệt")},
        {"sign", N_("Ký ban hành")},
        {"issue", N_("Cấp số, phát hành")},
        {"recall", N_("Thu hồi")},
        {"attach", N_("Đính kèm tệp")},
        {"replaced", N_("Bị thay thế bởi")},
        {"submit", N_("Trình")},
        {"return", N_("Trả lại")},
        {"reply_in", N_("Nhận văn bản trả lời từ cơ quan nhận")},
        {"update", N_("Gửi cập nhật đến nơi nhận")},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (strcmp(a, t[i].code) == 0)
            return _(t[i].label);
    return a;
}

static void event_row(ctx *c, const char *action, const char *note, int64_t by, const char *at,
                      void *arg)
{
    html_printf(B(c), "<li><span class=\"date\">%s</span> — %s: %s", vn_date(c, at),
                outgoing_user_name(c, by), event_label(action));
    if (note)
        html_printf(B(c), " <em>%s</em>", note);
    html_raw(B(c), "</li>");
}

/* Each status the document passed through at a recipient, oldest first (edXML codes, DOMAIN.md
 * §4), with its date when known. */
static void status_timeline(ctx *c, json_t *tl)
{
    if (json_array_size(tl) < 2)
        return;
    html_printf(B(c), "<ol class=\"status-timeline\" aria-label=\"%s\">",
                _("Các bước tại nơi nhận"));
    size_t i;
    json_t *st;
    json_array_foreach(tl, i, st)
    {
        const char *at = json_string_value(json_object_get(st, "at"));
        html_printf(B(c), "<li data-code=\"%s\">%s", json_string_value(json_object_get(st, "code")),
                    json_string_value(json_object_get(st, "label")));
        if (at && *at)
            html_printf(B(c), " <span class=\"date\">%s</span>", vn_date(c, at));
        html_raw(B(c), "</li>");
    }
    html_raw(B(c), "</ol>");
}

/* The recipient answered (outgoing_reply_arrived): the sender's wait is over; the reply as it
 * reached the sender's register or queue. */
static void reply_mark(ctx *c, json_t *rep)
{
    if (!rep)
        return;
    json_int_t rec = json_integer_value(json_object_get(rep, "incoming_id")),
               in = json_integer_value(json_object_get(rep, "inbox_id"));
    const char *code = json_string_value(json_object_get(rep, "code"));
    html_printf(B(c), "<p class=\"reply-mark\">%s: ", _("Đã trả lời"));
    if (rec)
        html_printf(B(c), "<a href=\"/incoming/%lld\">%s</a>", (long long)rec, code);
    else if (in)
        html_printf(B(c), "<a href=\"/incoming/inbox/%lld\">%s</a>", (long long)in, code);
    else
        html_printf(B(c), "%s", code);
    html_printf(B(c), " <span class=\"date\">%s</span></p>",
                vn_date(c, json_string_value(json_object_get(rep, "at"))));
}

static void recipients_table(ctx *c, int64_t id)
{
    json_t *arr = outgoing_recipients_json(c, id);
    html_printf(B(c),
                "<div class=\"table-wrap\"><table id=\"recipients\"><thead><tr><th>%s</th>"
                "<th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
                _("Nơi nhận"), _("Hình thức"), _("Ngày chuyển"), _("Tình trạng tại nơi nhận"));
    size_t i;
    json_t *r;
    json_array_foreach(arr, i, r)
    {
        const char *m = json_string_value(json_object_get(r, "method"));
        const char *ml = !m                             ? "—"
                         : strcmp(m, "electronic") == 0 ? _("Điện tử")
                         : strcmp(m, "paper") == 0      ? _("Bản giấy")
                                                        : _("Bưu điện");
        const char *st = json_string_value(json_object_get(r, "status_label"));
        const char *sc = json_string_value(json_object_get(r, "status_code"));
        html_printf(B(c), "<tr><td>%s</td><td>%s</td><td class=\"date\">%s</td><td>",
                    json_string_value(json_object_get(r, "name")), ml,
                    vn_date(c, json_string_value(json_object_get(r, "sent_at"))));
        if (sc)
            html_printf(B(c), "<span class=\"status\" data-code=\"%s\" title=\"%s\">%s</span>", sc,
                        sc, st ? st : "");
        else
            html_printf(B(c), "%s", st ? st : "—");
        status_timeline(c, json_object_get(r, "timeline"));
        reply_mark(c, json_object_get(r, "reply"));
        html_raw(B(c), "</td></tr>");
    }
    if (json_array_size(arr) == 0)
        html_printf(B(c), "<tr><td colspan=\"4\" class=\"empty\">%s</td></tr>",
                    _("Chưa có nơi nhận."));
    html_raw(B(c), "</tbody></table></div>");
    json_decref(arr);
}

static void action_button(ctx *c, int64_t id, const char *action, const char *label,
                          const char *confirm)
{
    html_printf(B(c), "<form method=\"post\" action=\"/outgoing/%lld/%s\" class=\"inline\">",
                (long long)id, action);
    form_csrf(c);
    if (confirm)
        html_printf(B(c),
                    "<button type=\"submit\" name=\"go\" value=\"1\" data-confirm=\"%s\">"
                    "%s</button></form>",
                    confirm, label);
    else
        html_printf(B(c), "<button type=\"submit\" name=\"go\" value=\"1\">%s</button></form>",
                    label);
}

/* The format check's findings on a draft (outgoing_findings), shown beside the fields they
 * name: errors in red, warnings in amber. Loaded once per page. */
typedef struct findings {
    out_finding *v;
    int n;
} findings;

static bool has_finding(const findings *f, const char *field)
{
    for (int i = 0; f && i < f->n; i++)
        if (!strcmp(f->v[i].field, field))
            return true;
    return false;
}

static void finding_html(ctx *c, const findings *f, const char *field)
{
    for (int i = 0; f && i < f->n; i++)
        if (!strcmp(f->v[i].field, field))
            html_printf(B(c),
                        "<span class=\"out-finding %s\" data-field=\"%s\" role=\"%s\">"
                        "<strong>%s</strong> %s</span>",
                        f->v[i].error ? "out-error" : "out-warn", field,
                        f->v[i].error ? "alert" : "note", f->v[i].error ? _("Lỗi:") : _("Lưu ý:"),
                        f->v[i].message);
}

/* Trình (to a chosen leader) for whoever may edit a draft; Trả lại (with a comment) for the
 * leader it waits for. */
static void review_forms(ctx *c, const outgoing *o)
{
    if (o->status == OUT_DRAFT && outgoing_may_edit(c, o)) {
        out_leader *v;
        int n = outgoing_leaders(c, o->unit_id, &v);
        html_printf(B(c),
                    "<form class=\"form inline-form no-print\" id=\"submit-form\" method=\"post\" "
                    "action=\"/outgoing/%lld/submit\">",
                    (long long)o->id);
        form_csrf(c);
        html_printf(B(c),
                    "<div class=\"field\"><label for=\"submit-to\">%s</label><select "
                    "id=\"submit-to\" name=\"to\" required><option value=\"\">%s</option>",
                    o->submitted_to ? _("Trình lại lãnh đạo") : _("Trình lãnh đạo"),
                    _("— chọn lãnh đạo —"));
        for (int i = 0; i < n; i++)
            html_printf(B(c), "<option value=\"%lld\"%s>%s — %s</option>", (long long)v[i].id,
                        v[i].id == (o->submitted_to ? o->submitted_to : o->signer_id) ? " selected"
                                                                                      : "",
                        v[i].name, role_label(v[i].role));
        html_printf(B(c),
                    "</select></div><div class=\"actions\"><button type=\"submit\">%s</button>"
                    "</div></form>",
                    _("Trình"));
    }
    if (outgoing_may_return(c, o)) {
        html_printf(B(c),
                    "<form class=\"form no-print\" id=\"return-form\" method=\"post\" "
                    "action=\"/outgoing/%lld/return\">",
                    (long long)o->id);
        form_csrf(c);
        html_printf(B(c),
                    "<div class=\"field\"><label for=\"return-comment\">%s</label><textarea "
                    "id=\"return-comment\" name=\"comment\" rows=\"3\" required></textarea></div>"
                    "<div class=\"actions\"><button type=\"submit\" class=\"secondary\">%s</button>"
                    "</div></form>",
                    _("Ý kiến khi trả lại"), _("Trả lại"));
    }
}

static void h_show(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    const outgoing *o = outgoing_get(c, id);
    if (!o) {
        respond_not_found(c);
        return;
    }
    if (outgoing_audit_open(c, o) != 0) {
        respond_error(c, 503, "busy", _("Không ghi được nhật ký truy cập; vui lòng thử lại."));
        return;
    }
    const doc_register *reg = catalog_register_get(c, o->register_id);
    findings fnd = {0}, *F = NULL;
    if (o->status == OUT_DRAFT && outgoing_may_edit(c, o)) {
        fnd.n = outgoing_findings(c, id, &fnd.v);
        F = &fnd;
    }
    const char *title = o->notation ? arena_printf(c->a, "%s %s", _("Văn bản đi"), o->notation)
                                    : _("Dự thảo văn bản đi");
    page_begin(c, title, "outgoing");
    html_raw(B(c), "<dl class=\"props\">");
    html_printf(B(c), "<dt>%s</dt><dd id=\"status\">%s", _("Trạng thái"),
                out_status_label(o->status));
    if (o->status == OUT_DRAFT && o->submitted_to)
        html_printf(B(c), " <span id=\"submitted\">— %s %s (%s)</span>", _("đã trình"),
                    o->submitted_to_name, vn_date(c, o->submitted_at));
    html_raw(B(c), "</dd>");
    if (!o->notation && (has_finding(F, "number") || has_finding(F, "date"))) {
        html_printf(B(c), "<dt>%s</dt><dd>", _("Số, ký hiệu"));
        finding_html(c, F, "number");
        finding_html(c, F, "date");
        html_raw(B(c), "</dd>");
    }
    if (o->reply_to_id)
        reply_to_dd(c, o->reply_to_id);
    if (o->notation) {
        html_printf(B(c), "<dt>%s</dt><dd id=\"notation\">%s", _("Số, ký hiệu"), o->notation);
        finding_html(c, F, "number");
        html_printf(B(c), "</dd><dt>%s</dt><dd>%s", _("Ngày ban hành"), vn_date(c, o->issued_date));
        finding_html(c, F, "date");
        html_raw(B(c), "</dd>");
    }
    html_printf(B(c), "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s", _("Sổ"),
                reg ? reg->name : "", _("Loại"), catalog_doc_type_name(c, o->doc_type),
                _("Trích yếu"), o->subject);
    docs_marks_html(B(c), o->secrecy, o->urgency, false);
    finding_html(c, F, "subject");
    finding_html(c, F, "doc_type");
    finding_html(c, F, "secrecy");
    html_printf(B(c), "</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%d</dd>", _("Người soạn"),
                o->drafter_name, _("Phiên bản"), o->version);
    if (o->approved_by)
        html_printf(B(c), "<dt>%s</dt><dd>%s (%s)</dd>", _("Người phê duyệt"), o->approver_name,
                    vn_date(c, o->approved_at));
    if (o->signed_by || o->signer_id || has_finding(F, "signer_id")) {
        html_printf(B(c), "<dt>%s</dt><dd id=\"signer\">%s%s", _("Người ký"),
                    o->signer_name ? o->signer_name : "",
                    o->signed_by || !o->signer_id ? "" : _(" (chưa ký)"));
        finding_html(c, F, "signer_id");
        html_raw(B(c), "</dd>");
    }
    if (o->replaces_id)
        html_printf(B(c), "<dt>%s</dt><dd><a href=\"/outgoing/%lld\">#%lld</a></dd>",
                    _("Thay thế văn bản"), (long long)o->replaces_id, (long long)o->replaces_id);
    if (o->replaced_by_id)
        html_printf(B(c), "<dt>%s</dt><dd><a href=\"/outgoing/%lld\">#%lld</a></dd>",
                    _("Bị thay thế bởi"), (long long)o->replaced_by_id,
                    (long long)o->replaced_by_id);
    if (o->recall_reason)
        html_printf(B(c), "<dt>%s</dt><dd>%s (%s)</dd>", _("Lý do thu hồi"), o->recall_reason,
                    vn_date(c, o->recalled_at));
    html_raw(B(c), "</dl>");

    html_raw(B(c), "<div class=\"actions no-print\" id=\"doc-actions\">");
    if (o->status == OUT_DRAFT && outgoing_may_approve(c, o))
        action_button(c, id, "approve", _("Phê duyệt"), NULL);
    if (o->status == OUT_APPROVED && outgoing_may_sign(c, o, reg))
        action_button(c, id, "sign", _("Ký ban hành"),
                      _("Ký ban hành văn bản này? Sau khi ký, văn bản không sửa được nữa và "
                        "chuyển văn thư cấp số, phát hành."));
    if (o->status == OUT_SIGNED && outgoing_may_issue(c, o))
        action_button(c, id, "issue", _("Cấp số và phát hành"),
                      _("Cấp số và phát hành văn bản này? Số đã cấp không thu lại được."));
    html_raw(B(c), "</div>");
    review_forms(c, o);

    html_printf(B(c), "<section class=\"panel\" id=\"recipients-panel\"><h2>%s</h2>", _("Nơi nhận"));
    finding_html(c, F, "recipients");
    recipients_table(c, id);
    html_raw(B(c), "</section>");

    html_printf(B(c), "<section class=\"panel\"><h2>%s</h2>", _("Nội dung"));
    body_paragraphs(c, o->body);
    if (outgoing_may_edit(c, o)) {
        const char *vkey = arena_printf(c->a, "/outgoing/%lld/version", (long long)id);
        html_printf(B(c),
                    "<details%s id=\"edit-draft\"><summary>%s</summary><form class=\"form\" "
                    "method=\"post\" action=\"%s\" data-draft>",
                    form_failed(c, vkey) || has_finding(F, "subject") || has_finding(F, "body")
                        ? " open"
                        : "",
                    _("Sửa dự thảo (lưu phiên bản mới)"), vkey);
        form_csrf(c);
        form_field_html(c, vkey,
                        &(form_field){.name = "subject",
                                      .label = _("Trích yếu"),
                                      .type = "textarea",
                                      .id = "v-subject",
                                      .value = o->subject,
                                      .rows = 2,
                                      .required = true});
        finding_html(c, F, "subject");
        form_field_html(c, vkey,
                        &(form_field){.name = "body",
                                      .label = _("Nội dung"),
                                      .type = "textarea",
                                      .id = "v-body",
                                      .value = o->body,
                                      .rows = 12});
        finding_html(c, F, "body");
        html_printf(B(c), "<div class=\"actions\"><button>%s</button></div></form></details>",
                    _("Lưu phiên bản"));
    }
    html_raw(B(c), "</section>");

    html_printf(B(c), "<section class=\"panel\"><h2>%s</h2>", _("Tệp đính kèm"));
    attach_html_list(c, "out", id);
    record_sections_html(c, "out.files", id);
    if (o->status != OUT_ISSUED && o->status != OUT_RECALLED && c->user->role != ROLE_ADMIN) {
        const char *akey = arena_printf(c->a, "/outgoing/%lld/attach", (long long)id);
        html_printf(B(c),
                    "<form class=\"form no-print\" method=\"post\" action=\"%s\""
                    " enctype=\"multipart/form-data\">",
                    akey);
        form_csrf(c);
        form_field_html(
            c, akey,
            &(form_field){.name = "file",
                          .label = _("Thêm tệp"),
                          .type = "file",
                          .id = "file",
                          .required = true,
                          .hint = _("PDF, ảnh, DOC/DOCX, ODT, XLS/XLSX, TXT; tối đa 50 MB.")});
        html_printf(B(c), "<div class=\"actions\"><button>%s</button></div></form>", _("Tải lên"));
    }
    html_raw(B(c), "</section>");
    record_sections_html(c, "out.dossier", id);

    html_printf(B(c), "<section class=\"panel\"><h2>%s</h2><ul class=\"comments\">", _("Góp ý"));
    outgoing_comments_each(c, id, comment_row, NULL);
    html_raw(B(c), "</ul>");
    if (c->user->role != ROLE_ADMIN) {
        const char *ckey = arena_printf(c->a, "/outgoing/%lld/comment", (long long)id);
        html_printf(B(c), "<form class=\"form no-print\" method=\"post\" action=\"%s\">", ckey);
        form_csrf(c);
        form_field_html(c, ckey,
                        &(form_field){.name = "text",
                                      .label = _("Ý kiến góp ý"),
                                      .type = "textarea",
                                      .id = "comment",
                                      .required = true});
        html_printf(B(c),
                    "<div class=\"actions\"><button class=\"secondary\">%s</button></div></form>",
                    _("Gửi góp ý"));
    }
    html_raw(B(c), "</section>");

    outgoing_update_panel(c, o);
    if (o->status == OUT_ISSUED && outgoing_may_recall(c, o)) {
        html_printf(B(c),
                    "<section class=\"panel no-print\"><h2>%s</h2><form class=\"form\" "
                    "method=\"post\" action=\"/outgoing/%lld/recall\">",
                    _("Thu hồi"), (long long)id);
        form_csrf(c);
        form_field_html(
            c, arena_printf(c->a, "/outgoing/%lld/recall", (long long)id),
            &(form_field){
                .name = "reason", .label = _("Lý do thu hồi"), .id = "reason", .required = true});
        html_printf(B(c),
                    "<div class=\"actions\"><button "
                    "class=\"danger\" data-confirm=\"%s\">%s</button> <a href=\"/outgoing/new?"
                    "replaces=%lld\">%s</a></div></form></section>",
                    _("Thu hồi văn bản này? Số văn bản vẫn được giữ."), _("Thu hồi"), (long long)id,
                    _("Soạn văn bản thay thế"));
    }

    html_printf(B(c), "<section class=\"panel\"><h2>%s</h2>", _("Các phiên bản"));
    outgoing_versions_each(c, id, version_row, NULL);
    html_printf(B(c), "</section><section class=\"panel\"><h2>%s</h2><ul class=\"trace\">",
                _("Quá trình xử lý"));
    outgoing_events_each(c, id, event_row, NULL);
    html_raw(B(c), "</ul></section>");
    page_end(c);
}

/* POST actions: the service decides; the page reports and goes back to the document. */
static void back_field(ctx *c, int64_t id, int rc, const char *ok, const char *err, int status,
                       const char *field)
{
    web_after_post_field(c, arena_printf(c->a, "/outgoing/%lld", (long long)id), rc, status, err,
                         field, ok);
}

static void back(ctx *c, int64_t id, int rc, const char *ok, const char *err, int status)
{
    back_field(c, id, rc, ok, err, status, NULL);
}

static void h_approve(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    const char *err = NULL;
    int status = 0;
    int rc = outgoing_approve(c, id, req_form(c->rq, "note"), &err, &status);
    back(c, id, rc, _("Đã phê duyệt dự thảo."), err, status);
}

static void h_sign(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    const char *err = NULL;
    int status = 0;
    int rc = outgoing_sign(c, id, &err, &status);
    back(c, id, rc, _("Đã ký văn bản."), err, status);
}

static void h_issue(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    const char *err = NULL, *notation = NULL, *note = NULL;
    int status = 0;
    long number;
    int rc = outgoing_issue(c, id, &number, &notation, &note, &err, &status);
    const char *ok =
        rc == 0 ? arena_printf(c->a, _("Đã phát hành văn bản số %s."), notation) : NULL;
    if (rc == 0 && note)
        ok = arena_printf(c->a, "%s %s", ok, note);
    back(c, id, rc, ok, err, status);
}

static void h_submit(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    const char *err = NULL;
    int status = 0;
    int64_t to = 0;
    web_err e = {0};
    form_range(c, "to", 1, INT64_MAX, &to, &e);
    int rc = outgoing_submit(c, id, to, &err, &status);
    if (rc != 0 && status == 422) {
        /* Refused by the format check: every error goes back beside its field (the page shows
         * them from the check itself; the summary at the top lists them). */
        out_finding *v;
        int n = outgoing_findings(c, id, &v);
        web_err fe = {0};
        for (int i = 0; i < n && fe.n < WEB_MAX_ERRORS; i++)
            if (v[i].error)
                web_err_add(&fe, 422, "invalid_input", v[i].field, v[i].message);
        if (fe.n) {
            web_after_post(c, arena_printf(c->a, "/outgoing/%lld", (long long)id), -1, &fe, NULL);
            return;
        }
    }
    back(c, id, rc, _("Đã trình dự thảo."), err, status);
}

static void h_return(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    const char *err = NULL;
    int status = 0;
    int rc = outgoing_return(c, id, req_form(c->rq, "comment"), &err, &status);
    back(c, id, rc, _("Đã trả lại dự thảo."), err, status);
}

static void h_recall(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    const char *err = NULL;
    int status = 0;
    int rc = outgoing_recall(c, id, req_form(c->rq, "reason"), &err, &status);
    back_field(c, id, rc, _("Đã thu hồi văn bản."), err, status, "reason");
}

static void h_version(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    const char *err = NULL;
    int status = 0;
    int rc = outgoing_save_version(c, id, req_form(c->rq, "subject"), req_form(c->rq, "body"), &err,
                                   &status);
    back_field(c, id, rc, _("Đã lưu phiên bản mới."), err, status,
               status == 413 ? "body" : "subject");
}

static void h_comment(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    const char *err = NULL;
    int status = 0;
    int rc = outgoing_comment(c, id, req_form(c->rq, "text"), &err, &status) < 0 ? -1 : 0;
    back_field(c, id, rc, _("Đã gửi góp ý."), err, status, "text");
}

static void h_attach(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    const http_upload *u = req_upload(c->rq, "file");
    const char *err = _("Chưa chọn tệp đính kèm.");
    int status = 400;
    int rc = u ? (outgoing_attach(c, id, u, &err, &status) < 0 ? -1 : 0) : -1;
    if (!u && !outgoing_may_see(c, id))
        status = 404;
    back_field(c, id, rc, _("Đã đính kèm tệp."), err, status, "file");
}

/* ---- home: outgoing documents waiting for the user's step ---- */

typedef struct waiting {
    const char *status;
    int n;
} waiting;

static void waiting_row(ctx *c, const outgoing *o, void *arg)
{
    waiting *w = arg;
    const doc_register *reg = NULL;
    bool mine = false;
    if (o->status == OUT_DRAFT)
        mine = outgoing_may_approve(c, o);
    else if (o->status == OUT_APPROVED)
        mine = (reg = catalog_register_get(c, o->register_id)) && outgoing_may_sign(c, o, reg);
    else if (o->status == OUT_SIGNED)
        mine = outgoing_may_issue(c, o);
    if (!mine || w->n >= 10)
        return;
    if (w->n++ == 0)
        html_printf(B(c), "<section class=\"panel\" id=\"home-outgoing\"><h2>%s</h2><ul>",
                    _("Văn bản đi chờ tôi xử lý"));
    html_printf(B(c), "<li><a href=\"/outgoing/%lld\">%s</a> — %s", (long long)o->id, o->subject,
                o->status == OUT_DRAFT      ? _("chờ phê duyệt")
                : o->status == OUT_APPROVED ? _("chờ ký")
                                            : _("chờ cấp số, phát hành"));
    docs_marks_html(B(c), o->secrecy, o->urgency, false);
    html_raw(B(c), "</li>");
}

static void home_waiting(ctx *c)
{
    if (!c->user || c->user->role == ROLE_ADMIN || c->user->role == ROLE_SPECIALIST ||
        c->user->role == ROLE_UNIT)
        return;
    waiting w = {0};
    static const char *const statuses[] = {"signed", "approved", "draft"};
    for (int i = 0; i < 3; i++) {
        out_filter f = {.status = statuses[i], .limit = 200};
        outgoing_list(c, &f, waiting_row, &w);
    }
    if (w.n)
        html_raw(B(c), "</ul></section>");
}

void outgoing_web_routes(void)
{
    home_section_add(home_waiting);
    route_add("GET", "/outgoing", h_list, 0);
    route_add("GET", "/outgoing/new", h_new, 0);
    route_add("POST", "/outgoing/new", h_new_post, 0);
    route_add("GET", "/outgoing/{id}", h_show, 0);
    route_add("POST", "/outgoing/{id}/approve", h_approve, 0);
    route_add("POST", "/outgoing/{id}/sign", h_sign, 0);
    route_add("POST", "/outgoing/{id}/submit", h_submit, 0);
    route_add("POST", "/outgoing/{id}/return", h_return, 0);
    route_add("POST", "/outgoing/{id}/issue", h_issue, 0);
    route_add("POST", "/outgoing/{id}/recall", h_recall, 0);
    route_add("POST", "/outgoing/{id}/version", h_version, 0);
    route_add("POST", "/outgoing/{id}/comment", h_comment, 0);
    route_add("POST", "/outgoing/{id}/attach", h_attach, 0);
}
