/* Errors of a service call, for both kinds of answer (web/errors.h). */
#include "web/errors.h"

#include <string.h>

#include "base/i18n.h"
#include "web/forms.h"
#include "web/layout.h"
#include "web/respond.h"

void web_err_db(ctx *c, web_err *e)
{
    if (db_failed_full(c->db))
        web_err_add(e, 507, "insufficient_storage", NULL,
                    _("Máy chủ hết chỗ lưu trữ: thay đổi chưa được lưu. Hãy báo quản trị viên."));
    else
        web_err_add(e, 500, "internal", NULL, _(WEB_MSG_DB));
}

int web_err_rollback(ctx *c, web_err *e)
{
    db_rollback(c->db);
    web_err_db(c, e);
    return -1;
}

void web_err_add(web_err *e, int status, const char *code, const char *field, const char *msg)
{
    if (!e->status) {
        e->status = status;
        e->code = code;
    }
    if (e->n < WEB_MAX_ERRORS) {
        e->e[e->n].field = field;
        e->e[e->n].message = msg;
        e->n++;
    }
}

const char *web_err_message(const web_err *e)
{
    return e->n ? e->e[0].message : _("Đã có lỗi. Hãy thử lại.");
}

const char *web_err_field(const web_err *e, const char *field)
{
    for (int i = 0; i < e->n; i++)
        if (e->e[i].field && strcmp(e->e[i].field, field) == 0)
            return e->e[i].message;
    return NULL;
}

void web_err_respond(ctx *c, const web_err *e)
{
    int status = e->status ? e->status : 500;
    if (status == 404) {
        respond_not_found(c);
        return;
    }
    const char *code = e->code ? e->code : "internal";
    const char *msg = web_err_message(e);
    if (!c->is_api) {
        respond_error(c, status, code, msg);
        return;
    }
    json_t *err = json_pack("{s:s, s:s}", "code", code, "message", msg);
    if (e->n && e->e[0].field)
        json_object_set_new(err, "field", json_string(e->e[0].field));
    if (e->existing_id)
        json_object_set_new(err, "existing_id", json_integer(e->existing_id));
    if (e->n > 1) {
        json_t *all = json_array();
        for (int i = 0; i < e->n; i++)
            json_array_append_new(
                all, json_pack("{s:s?, s:s}", "field", e->e[i].field, "message", e->e[i].message));
        json_object_set_new(err, "errors", all);
    }
    respond_json(c, respond_api_status(status, code), json_pack("{s:o}", "error", err));
}

/* A refused input goes back to the form's page with what was typed and the messages beside
 * their fields (web/forms.h), never as the green flash of a success. */
static void refused(ctx *c, const char *back, const web_err *e)
{
    form_fail(c, e);
    form_keep(c, back);
    respond_redirect(c, back);
}

static bool is_refusal(int status)
{
    return status == 400 || status == 409 || status == 413 || status == 415 || status == 422;
}

void web_after_post_status(ctx *c, const char *back, int rc, int status, const char *err,
                           const char *ok)
{
    web_after_post_field(c, back, rc, status, err, NULL, ok);
}

void web_after_post_field(ctx *c, const char *back, int rc, int status, const char *err,
                          const char *field, const char *ok)
{
    if (rc >= 0) {
        page_flash_set(c, ok);
        respond_redirect(c, back);
        return;
    }
    if (!err)
        err = _("Đã có lỗi. Hãy thử lại.");
    if (is_refusal(status)) {
        web_err e = {0};
        web_err_add(&e, status, "invalid_input", field, err);
        refused(c, back, &e);
        return;
    }
    switch (status) {
    case 404:
        respond_not_found(c);
        return;
    case 403:
        respond_error(c, 403, "forbidden", err);
        return;
    default:
        respond_error(c, status >= 500 ? status : 500, "internal", err);
        return;
    }
}

void web_after_post(ctx *c, const char *back, int rc, const web_err *e, const char *ok)
{
    if (rc != 0 && is_refusal(e->status))
        refused(c, back, e);
    else if (rc != 0)
        web_after_post_status(c, back, -1, e->status, web_err_message(e), ok);
    else
        web_after_post_status(c, back, 0, 0, NULL, ok);
}
