/* Pages of the digital signatures: /admin/signing (keys and trust), the signature marks and the
 * Ký số forms on the documents' pages (record sections), and their POSTs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "catalog/catalog.h"
#include "files/files.h"
#include "http/router.h"
#include "outgoing/outgoing.h"
#include "signing/signing.h"
#include "signing/signing_impl.h"
#include "web/dates.h"
#include "web/errors.h"
#include "web/forms.h"
#include "web/layout.h"
#include "web/records.h"
#include "web/respond.h"

#define B(c) (&(c)->rs->body)

static const char *date_of(ctx *c, const char *iso)
{
    return web_date_vn(c, iso ? arena_strndup(c->a, iso, 10) : "");
}

static const char *kind_label(const char *kind, bool has_key)
{
    return strcmp(kind, "ca") == 0 ? _("Tổ chức cấp tin cậy (CA)")
           : has_key               ? _("Người ký")
                                   : _("Người ký (USB token, chỉ chứng thư)");
}

static void cred_table(ctx *c)
{
    sig_credential *v;
    int n = signing_credentials(c, &v);
    if (n == 0) {
        page_alert(c, "warn", _("Chưa nạp chứng thư số nào."));
        return;
    }
    html_printf(B(c),
                "<div class=\"table-wrap\"><table class=\"signing-creds\"><thead><tr><th>%s</th>"
                "<th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
                _("Loại"), _("Tài khoản"), _("Chủ thể"), _("Tổ chức cấp"), _("Hiệu lực"),
                _("Thao tác"));
    for (int i = 0; i < n; i++) {
        html_printf(B(c),
                    "<tr class=\"%s\"><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
                    "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
                    "<td data-label=\"%s\" class=\"date\">%s – %s",
                    v[i].expired ? "sig-expired" : "", _("Loại"),
                    kind_label(v[i].kind, v[i].has_key), _("Tài khoản"), v[i].user_name,
                    _("Chủ thể"), v[i].subject, _("Tổ chức cấp"), v[i].issuer, _("Hiệu lực"),
                    date_of(c, v[i].not_before), date_of(c, v[i].not_after));
        if (v[i].expired)
            html_printf(B(c), " <span class=\"mark sig-invalid\">%s</span>", _("Đã hết hạn"));
        bool ca = strcmp(v[i].kind, "ca") == 0, key = !ca && v[i].has_key;
        const char *ask =
            key  ? _("Gỡ khóa và chứng thư của người ký này khỏi kho khóa? Người ký sẽ không ký số "
                      "được bằng khóa này nữa; các chữ ký đã thực hiện vẫn được lưu.")
            : ca ? _("Gỡ tổ chức cấp này khỏi danh sách tin cậy? Chữ ký do chứng thư của tổ chức "
                     "này cấp sẽ không còn được coi là tin cậy ở các lần kiểm tra sau; kết quả "
                     "kiểm tra đã lưu vẫn giữ nguyên.")
                 : _("Gỡ chứng thư USB token của người ký này? Bản PDF ký bằng token đó sẽ không "
                     "được nhận nữa; các chữ ký đã thực hiện vẫn được lưu.");
        html_printf(B(c),
                    "</td><td data-label=\"%s\"><form class=\"inline sig-remove\" "
                    "method=\"post\" action=\"/admin/signing/credentials/%lld/remove\">",
                    _("Thao tác"), (long long)v[i].id);
        form_csrf(c);
        html_printf(
            B(c), "<button class=\"danger\" data-confirm=\"%s\">%s</button></form></td></tr>", ask,
            key  ? _("Gỡ khóa")
            : ca ? _("Gỡ CA")
                 : _("Gỡ chứng thư"));
    }
    html_raw(B(c), "</tbody></table></div>");
}

/* The removed credentials: the history signatures already made refer to. */
static void removed_table(ctx *c)
{
    sig_credential *v;
    int n = signing_removed_credentials(c, &v);
    if (n == 0)
        return;
    html_printf(B(c),
                "<section class=\"panel\"><h2>%s</h2><div class=\"table-wrap\"><table "
                "class=\"signing-removed\"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
                "<th>%s</th></tr></thead><tbody>",
                _("Chứng thư đã gỡ"), _("Loại"), _("Tài khoản"), _("Chủ thể"), _("Ngày gỡ"),
                _("Người gỡ"));
    for (int i = 0; i < n; i++)
        html_printf(B(c),
                    "<tr><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
                    "<td data-label=\"%s\">%s</td><td data-label=\"%s\" class=\"date\">%s</td>"
                    "<td data-label=\"%s\">%s</td></tr>",
                    _("Loại"), kind_label(v[i].kind, v[i].has_key), _("Tài khoản"), v[i].user_name,
                    _("Chủ thể"), v[i].subject, _("Ngày gỡ"), date_of(c, v[i].removed_at),
                    _("Người gỡ"), v[i].removed_by);
    html_raw(B(c), "</tbody></table></div></section>");
}

/* The signer's account: every active account but the administrators'. */
static void user_select(ctx *c, const char *key, const char *id_attr)
{
    user_row *users;
    int st = 0;
    int nu = auth_user_list(c->db, c->a, c->user, &users, &st);
    const char *want = form_val(c, key, "user_id", "");
    html_printf(B(c),
                "<div class=\"field%s\"><label for=\"%s\">%s</label><select "
                "name=\"user_id\" id=\"%s\" required",
                form_err(c, key, "user_id") ? " has-error" : "", id_attr, _("Người ký"), id_attr);
    form_aria_html(c, key, "user_id", id_attr);
    html_printf(B(c), "><option value=\"\">%s</option>", _("— Chọn tài khoản —"));
    for (int i = 0; i < nu; i++) {
        if (users[i].disabled || strcmp(users[i].role, "admin") == 0)
            continue;
        const char *id = arena_printf(c->a, "%lld", (long long)users[i].id);
        html_printf(B(c), "<option value=\"%s\"%s>%s (%s)</option>", id,
                    strcmp(want, id) == 0 ? " selected" : "", users[i].name, users[i].login);
    }
    html_raw(B(c), "</select>");
    form_err_html(c, key, "user_id", id_attr);
    html_raw(B(c), "</div>");
}

static void h_admin(ctx *c)
{
    if (!c->user || c->user->role != ROLE_ADMIN) {
        respond_error(c, 403, "forbidden", _("Chỉ quản trị hệ thống quản lý chữ ký số."));
        return;
    }
    page_begin(c, _("Chữ ký số"), "signing");
    html_printf(B(c), "<p class=\"hint\">%s</p>",
                _("Chứng thư số và khóa của người ký, chứng thư của tổ chức cung cấp dịch vụ "
                  "tin cậy. Khóa được giữ trong kho khóa của hệ thống, không hiển thị lại; mật "
                  "khẩu không được lưu."));
    cred_table(c);

    const char *k1 = "/admin/signing/signer";
    html_printf(B(c),
                "<section class=\"panel\"><h2>%s</h2><form class=\"form\" method=\"post\" "
                "action=\"%s\" enctype=\"multipart/form-data\">",
                _("Nạp chứng thư và khóa của người ký (PKCS#12)"), k1);
    form_csrf(c);
    user_select(c, k1, "sig-user");
    form_field_html(c, k1,
                    &(form_field){.name = "file",
                                  .label = _("Tệp PKCS#12 (.p12, .pfx)"),
                                  .type = "file",
                                  .id = "sig-p12",
                                  .required = true});
    form_field_html(c, k1,
                    &(form_field){.name = "password",
                                  .label = _("Mật khẩu của tệp"),
                                  .type = "password",
                                  .id = "sig-pw",
                                  .hint = _("Chỉ dùng để mở tệp, không được lưu.")});
    html_printf(B(c), "<div class=\"actions\"><button>%s</button></div></form></section>",
                _("Nạp chứng thư người ký"));

    const char *k3 = "/admin/signing/token-cert";
    html_printf(B(c),
                "<section class=\"panel\"><h2>%s</h2><p class=\"hint\">%s</p><form "
                "class=\"form\" method=\"post\" action=\"%s\" enctype=\"multipart/form-data\">",
                _("Đăng ký chứng thư của người ký bằng USB token"),
                _("Khóa nằm trên USB token của người ký, không nạp vào hệ thống; chứng thư dùng "
                  "để đối chiếu bản PDF người ký tải lên."),
                k3);
    form_csrf(c);
    user_select(c, k3, "sig-token-user");
    form_field_html(c, k3,
                    &(form_field){.name = "file",
                                  .label = _("Tệp chứng thư của người ký (PEM hoặc DER)"),
                                  .type = "file",
                                  .id = "sig-token-cert",
                                  .required = true});
    html_printf(B(c), "<div class=\"actions\"><button>%s</button></div></form></section>",
                _("Đăng ký chứng thư"));

    const char *k2 = "/admin/signing/ca";
    html_printf(B(c),
                "<section class=\"panel\"><h2>%s</h2><form class=\"form\" method=\"post\" "
                "action=\"%s\" enctype=\"multipart/form-data\">",
                _("Nạp chứng thư tổ chức cấp tin cậy (CA)"), k2);
    form_csrf(c);
    form_field_html(c, k2,
                    &(form_field){.name = "file",
                                  .label = _("Tệp chứng thư (PEM hoặc DER)"),
                                  .type = "file",
                                  .id = "sig-ca",
                                  .required = true});
    html_printf(B(c), "<div class=\"actions\"><button>%s</button></div></form></section>",
                _("Nạp chứng thư CA"));
    removed_table(c);
    page_end(c);
}

/* The field a message of the imports belongs beside. */
static const char *import_field(const char *err)
{
    if (err && (strcmp(err, _("Hãy chọn tài khoản người ký.")) == 0))
        return "user_id";
    if (err && (strcmp(err, _("Mật khẩu quá dài.")) == 0 || strstr(err, _("sai mật khẩu")) != NULL))
        return "password";
    return "file";
}

static void h_admin_signer(ctx *c)
{
    const http_upload *u = req_upload(c->rq, "file");
    int64_t uid = 0;
    const char *s = req_form(c->rq, "user_id");
    if (s)
        uid = strtoll(s, NULL, 10);
    const char *err = NULL;
    int status = 0;
    int64_t id = signing_import_signer(c, uid, u && u->size > 0 ? u->tmp_path : NULL,
                                       req_form(c->rq, "password"), &err, &status);
    web_after_post_field(c, "/admin/signing", id < 0 ? -1 : 0, status, err, import_field(err),
                         _("Đã nạp chứng thư của người ký."));
}

static void h_admin_token_cert(ctx *c)
{
    const http_upload *u = req_upload(c->rq, "file");
    int64_t uid = 0;
    const char *s = req_form(c->rq, "user_id");
    if (s)
        uid = strtoll(s, NULL, 10);
    const char *err = NULL;
    int status = 0;
    int64_t id =
        signing_register_token_cert(c, uid, u && u->size > 0 ? u->tmp_path : NULL, &err, &status);
    web_after_post_field(c, "/admin/signing", id < 0 ? -1 : 0, status, err, import_field(err),
                         _("Đã đăng ký chứng thư của người ký."));
}

static void h_admin_ca(ctx *c)
{
    const http_upload *u = req_upload(c->rq, "file");
    const char *err = NULL;
    int status = 0;
    int64_t id = signing_import_ca(c, u && u->size > 0 ? u->tmp_path : NULL, &err, &status);
    web_after_post_field(c, "/admin/signing", id < 0 ? -1 : 0, status, err, "file",
                         _("Đã nạp chứng thư của tổ chức cấp."));
}

static void h_admin_remove(ctx *c)
{
    const char *err = NULL;
    int status = 0;
    int rc = signing_remove_credential(c, req_param_id(c->rq, "id"), &err, &status);
    web_after_post_status(c, "/admin/signing", rc, status, err, _("Đã gỡ chứng thư số."));
}

/* ---- the marks on a document's page ---- */

typedef struct marks {
    int files, valid, pending;
} marks;

static const char *mark_class(sig_status s)
{
    return s == SIG_VALID      ? "sig-valid"
           : s == SIG_UNSIGNED ? "sig-ref"
           : s == SIG_PENDING  ? "sig-pending"
                               : "sig-invalid";
}

static void mark_row(ctx *c, const attachment *a, void *arg)
{
    marks *m = arg;
    m->files++;
    if (strcmp(a->mime, "application/pdf") != 0)
        return;
    sig_result r;
    if (!signing_result(c->db, c->a, a->sha256, &r))
        signing_pending(&r); /* its "signature_check" job has not run yet */
    if (r.status == SIG_VALID)
        m->valid++;
    if (r.status == SIG_PENDING)
        m->pending++;
    html_printf(B(c), "<li class=\"sig-mark %s\"><span class=\"sig-file\">%s</span> %s</li>",
                mark_class(r.status), a->filename, signing_mark(c, &r));
}

static void marks_html(ctx *c, const char *kind, int64_t id)
{
    marks m = {0};
    html_raw(B(c), "<ul class=\"sig-marks\">");
    attach_list(c, kind, id, mark_row, &m);
    /* DOMAIN.md §3: an electronic document without a valid signature is for reference only. */
    if (m.files > 0 && m.valid == 0 && m.pending == 0)
        html_printf(B(c), "<li class=\"sig-mark sig-ref\"><strong>%s</strong></li>",
                    _("Chỉ có giá trị tham khảo (văn bản điện tử chưa có chữ ký số hợp lệ)."));
    html_raw(B(c), "</ul>");
}

static void in_section(ctx *c, const char *kind, int64_t id)
{
    (void)kind;
    marks_html(c, "in", id);
}

static void out_section(ctx *c, const char *kind, int64_t id)
{
    (void)kind;
    marks_html(c, "out", id);
    const outgoing *o = outgoing_get(c, id);
    const doc_register *reg = o ? catalog_register_get(c, o->register_id) : NULL;
    if (!o || !reg || !outgoing_may_sign(c, o, reg) ||
        (o->status != OUT_APPROVED && o->status != OUT_SIGNED))
        return;
    if (o->status == OUT_APPROVED) {
        const char *k = arena_printf(c->a, "/outgoing/%lld/sign-digital", (long long)id);
        html_printf(B(c), "<form class=\"form no-print sig-sign\" method=\"post\" action=\"%s\">",
                    k);
        form_csrf(c);
        html_printf(B(c),
                    "<p class=\"hint\">%s</p><div class=\"actions\"><button data-confirm=\"%s\">"
                    "%s</button></div></form>",
                    _("Ký số bằng chứng thư của đồng chí trong hệ thống: hệ thống cấp số, ngày "
                      "ban hành lên văn bản rồi ký."),
                    _("Ký số văn bản này? Văn bản được cấp số ngay và không sửa được nữa."),
                    _("Ký số"));
    }
    const char *k = arena_printf(c->a, "/outgoing/%lld/signed-file", (long long)id);
    html_printf(B(c),
                "<details%s class=\"no-print\"><summary>%s</summary><form class=\"form\" "
                "method=\"post\" action=\"%s\" enctype=\"multipart/form-data\">",
                form_failed(c, k) ? " open" : "", _("Tải lên bản PDF đã ký bằng USB token"), k);
    form_csrf(c);
    form_field_html(c, k,
                    &(form_field){.name = "file",
                                  .label = _("Tệp PDF đã ký số"),
                                  .type = "file",
                                  .id = "sig-upload",
                                  .required = true,
                                  .hint = _("Chữ ký được kiểm tra trước khi nhận tệp.")});
    html_printf(B(c), "<div class=\"actions\"><button>%s</button></div></form></details>",
                _("Kiểm tra và đính kèm"));
}

static void h_sign(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    const char *err = NULL;
    int status = 0;
    int64_t aid = signing_sign_outgoing(c, id, &err, &status);
    web_after_post_status(c, arena_printf(c->a, "/outgoing/%lld", (long long)id), aid < 0 ? -1 : 0,
                          status, err, _("Đã ký số văn bản."));
}

static void h_signed_file(ctx *c)
{
    int64_t id = req_param_id(c->rq, "id");
    const char *err = NULL;
    int status = 0;
    int64_t aid = signing_attach_signed(c, id, req_upload(c->rq, "file"), &err, &status);
    web_after_post_field(c, arena_printf(c->a, "/outgoing/%lld", (long long)id), aid < 0 ? -1 : 0,
                         status, err, "file", _("Đã kiểm tra chữ ký và đính kèm bản đã ký."));
}

void signing_routes(void)
{
    route_add("GET", "/admin/signing", h_admin, 0);
    route_add("POST", "/admin/signing/signer", h_admin_signer, 0);
    route_add("POST", "/admin/signing/ca", h_admin_ca, 0);
    route_add("POST", "/admin/signing/token-cert", h_admin_token_cert, 0);
    route_add("POST", "/admin/signing/credentials/{id}/remove", h_admin_remove, 0);
    route_add("POST", "/outgoing/{id}/sign-digital", h_sign, 0);
    route_add("POST", "/outgoing/{id}/signed-file", h_signed_file, 0);
    record_section_register("out.files", out_section);
    record_section_register("in.files", in_section);
    signing_api_routes();
}

void signing_init(void)
{
    signing_verify_init();
}
