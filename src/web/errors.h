#ifndef VP_WEB_ERRORS_H
#define VP_WEB_ERRORS_H
/* What went wrong in a service call, collected field by field so that a page can show each
 * message in red beside its field and the API can answer {"error":{"code","message","field",
 * "errors":[…]}} from the same record. Services fill one; handlers answer with it. */
#include <stdint.h>

#include "web/ctx.h"

/* What went wrong: status 400 invalid input (field names the input), 404 not found or not
 * visible, 403 visible but not allowed, 409 conflict (code "duplicate" with existing_id, or
 * "invalid_state"), 500 store failure. Messages are Vietnamese (static or arena strings). */
#define WEB_MAX_ERRORS 12
typedef struct web_err {
    int status;
    const char *code;    /* "invalid_input", "not_found", "forbidden", "duplicate", … */
    int64_t existing_id; /* for "duplicate": the visible record already registered */
    int n;
    struct {
        const char *field, *message;
    } e[WEB_MAX_ERRORS];
} web_err;
const char *web_err_message(const web_err *e);                  /* the first message */
const char *web_err_field(const web_err *e, const char *field); /* message for field or NULL */

/* Records a message (field may be NULL) and sets status/code if unset. */
void web_err_add(web_err *e, int status, const char *code, const char *field, const char *msg);
#define WEB_MSG_DB "Không ghi được dữ liệu. Hãy thử lại."
/* A failed write: 507 insufficient_storage with a clear message when the disk is full (the
 * user must know the change was not saved and why), otherwise 500 internal. */
void web_err_db(ctx *c, web_err *e);
/* The end of a service's write that failed in the store: rolls the transaction back, records
 * the failure as web_err_db does and returns -1 (`return web_err_rollback(c, e);`). */
int web_err_rollback(ctx *c, web_err *e);
/* Answers with e: 404 reveals nothing; pages get the error page, the API the JSON error with
 * every field's message. */
void web_err_respond(ctx *c, const web_err *e);
/* The end of a form's POST from a record's page: back to `back` (303) with the flash `ok`;
 * a refused input (400, 409, 413, 415, 422) goes back with its typed values and its messages
 * in red beside their fields (web/forms.h: form_fail, form_keep); a record
 * the caller may not see answers 404 and a forbidden action 403 with the error page (never a
 * redirect that looks like success); anything else the error page. rc < 0 means refused with
 * status and err (services that report that way); web_after_post takes a web_err. */
void web_after_post_status(ctx *c, const char *back, int rc, int status, const char *err,
                           const char *ok);
/* The same for a service that names no field: its message goes beside `field` (NULL: the
 * summary at the top only). */
void web_after_post_field(ctx *c, const char *back, int rc, int status, const char *err,
                          const char *field, const char *ok);
void web_after_post(ctx *c, const char *back, int rc, const web_err *e, const char *ok);

#endif
