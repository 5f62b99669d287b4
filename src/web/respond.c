/* Shared ways to answer (app/respond.h): redirects, JSON, Vietnamese errors as JSON for the
 * API and as full pages for the browser, the JSON body reader and the text-field validator. */
#include "web/respond.h"

#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "web/forms.h"
#include "web/layout.h"
#include "http/request.h"

void respond_redirect(ctx *c, const char *location)
{
    c->rs->status = 303;
    resp_header(c->a, c->rs, "Location", location);
    resp_header(c->a, c->rs, "Cache-Control", "no-store");
    resp_header(c->a, c->rs, "Content-Type", "text/plain; charset=utf-8");
    sb_reset(&c->rs->body);
}

void respond_json(ctx *c, int status, json_t *j)
{
    sb_reset(&c->rs->body);
    char *s = j ? json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
    json_decref(j);
    c->rs->status = s ? status : 500;
    sb_adds(&c->rs->body,
            s ? s : "{\"error\":{\"code\":\"internal\",\"message\":\"\"}}"); /* not html: JSON */
    free(s);
    sb_addc(&c->rs->body, '\n');
    resp_header(c->a, c->rs, "Content-Type", "application/json; charset=utf-8");
    resp_header(c->a, c->rs, "Cache-Control", "no-store");
}

int respond_api_status(int status, const char *code)
{
    return status == 400 && code && strcmp(code, "invalid_input") == 0 ? 422 : status;
}

void respond_api_error(ctx *c, int status, const char *code, const char *message)
{
    respond_json(c, respond_api_status(status, code),
                 json_pack("{s:{s:s, s:s}}", "error", "code", code ? code : "error", "message",
                           message ? message : ""));
}

static const char *title_for(int status)
{
    switch (status) {
    case 400:
        return _("Yêu cầu không hợp lệ");
    case 401:
        return _("Cần đăng nhập");
    case 403:
        return _("Không có quyền");
    case 404:
        return _("Không tìm thấy");
    case 405:
        return _("Phương thức không được hỗ trợ");
    case 409:
        return _("Xung đột dữ liệu");
    case 413:
        return _("Dữ liệu quá lớn");
    case 414:
    case 431:
        return _("Yêu cầu quá dài");
    case 507:
        return _("Máy chủ hết chỗ lưu trữ");
    default:
        return status >= 500 ? _("Lỗi máy chủ") : _("Không thực hiện được");
    }
}

void respond_error(ctx *c, int status, const char *code, const char *message)
{
    if (c->is_api) {
        respond_api_error(c, status, code, message);
        return;
    }
    /* Whatever a handler half-wrote gives way to the error page. */
    sb_reset(&c->rs->body);
    if (c->rs->file_fd >= 0) {
        resp_free(c->rs);
        resp_init(c->rs);
    }
    page_begin(c, title_for(status), NULL);
    page_alert(c, "error", message);
    /* Never a dead end: back to the page the request came from (when on this site and not
     * this same address), and home. */
    const char *back = form_referer_path(c);
    html_raw(&c->rs->body, "<p class=\"way-back no-print\">");
    if (back && strcmp(back, c->rq->path) != 0)
        html_printf(&c->rs->body, "<a href=\"%s\">%s</a> · ", back, _("Quay lại trang trước"));
    html_printf(&c->rs->body, "<a href=\"%s\">%s</a></p>", c->user ? "/" : "/login",
                c->user ? _("Về trang chủ") : _("Đăng nhập"));
    page_end(c);
    c->rs->status = status;
    resp_header(c->a, c->rs, "Cache-Control", "no-store");
}

void respond_not_found(ctx *c)
{
    /* The title says "not found"; the message says what that may mean, without telling
     * whether a record the caller may not see exists. */
    respond_error(c, 404, "not_found",
                  _("Địa chỉ này không có hoặc bạn không có quyền xem. Hãy kiểm tra lại đường dẫn "
                    "hoặc tìm văn bản từ danh sách."));
}

void respond_forbidden(ctx *c)
{
    respond_error(c, 403, "forbidden", _("Bạn không có quyền thực hiện việc này."));
}

json_t *request_json(ctx *c)
{
    const http_req *rq = c->rq;
    if (!rq->body || rq->body_len == 0) {
        respond_api_error(c, 400, "invalid_json", _("Thiếu dữ liệu JSON trong yêu cầu."));
        return NULL;
    }
    json_error_t e;
    json_t *j = json_loadb(rq->body, rq->body_len, JSON_REJECT_DUPLICATES, &e);
    if (!j) {
        respond_api_error(c, 400, "invalid_json",
                          arena_printf(c->a, _("Dữ liệu JSON không hợp lệ (dòng %d, cột %d)."),
                                       e.line, e.column));
        return NULL;
    }
    if (!json_is_object(j)) {
        json_decref(j);
        respond_api_error(c, 400, "invalid_json", _("Dữ liệu JSON phải là một đối tượng {…}."));
        return NULL;
    }
    return j;
}

const char *field_text(ctx *c, const char *value, const char *label, size_t max, bool required,
                       const char **err_r)
{
    *err_r = NULL;
    const char *s = value ? value : "";
    size_t n = strlen(s);
    while (n > 0 && strchr(" \t\r\n", s[0]))
        s++, n--;
    while (n > 0 && strchr(" \t\r\n", s[n - 1]))
        n--;
    if (n == 0) {
        if (required)
            *err_r = arena_printf(c->a, _("Trường «%s» là bắt buộc."), label);
        return NULL;
    }
    if (!utf8_valid(s, n)) {
        *err_r = arena_printf(c->a, _("Trường «%s» không phải văn bản UTF-8 hợp lệ."), label);
        return NULL;
    }
    /* Browsers send textarea line ends as CRLF: keep them as LF, refuse other controls. */
    char *out = arena_alloc(c->a, n + 1);
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '\r' && i + 1 < n && s[i + 1] == '\n')
            continue;
        if ((ch < 0x20 && ch != '\n' && ch != '\t') || ch == 0x7F) {
            *err_r =
                arena_printf(c->a, _("Trường «%s» chứa ký tự điều khiển không hợp lệ."), label);
            return NULL;
        }
        out[o++] = (char)ch;
    }
    out[o] = 0;
    if (o > max) {
        *err_r = arena_printf(c->a, _("Trường «%s» dài quá %zu ký tự."), label, max);
        return NULL;
    }
    return out;
}

const char *respond_code_for(int status)
{
    switch (status) {
    case 403:
        return "forbidden";
    case 404:
        return "not_found";
    case 409:
        return "conflict";
    case 413:
        return "too_large";
    case 415:
        return "unsupported_type";
    case 503:
        return "busy";
    case 500:
        return "internal";
    default:
        return "invalid_input";
    }
}

void respond_api_fail(ctx *c, int status, const char *err)
{
    respond_api_error(c, status, respond_code_for(status), err ? err : _("Yêu cầu không hợp lệ."));
}
