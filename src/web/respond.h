#ifndef VP_RESPOND_H
#define VP_RESPOND_H
/* Shared ways to answer: redirects, JSON, errors in Vietnamese. */
#include <jansson.h>

#include "web/ctx.h"

void respond_redirect(ctx *c, const char *location); /* 303 See Other */
/* Sends `j` as JSON with status; steals the reference to j. */
void respond_json(ctx *c, int status, json_t *j);
/* The status of an API error: a refused value (code invalid_input) is 422 Unprocessable
 * Content wherever it was found — services say 400, which pages keep; 400 stays for what is
 * not a request for anything (malformed JSON, an unknown or malformed query parameter). */
int respond_api_status(int status, const char *code);
/* API error: {"error":{"code":code,"message":message}} with respond_api_status(status). */
void respond_api_error(ctx *c, int status, const char *code, const char *message);
/* API error with the code that goes with the status (400 invalid_input, 403 forbidden, 404
 * not_found, 409 conflict, 413 too_large, 415 unsupported_type, 500 internal, 503 busy); err
 * NULL says "Yêu cầu không hợp lệ.". */
void respond_api_fail(ctx *c, int status, const char *err);
/* The stable API code of a service's refusal status (the table respond_api_fail uses). */
const char *respond_code_for(int status);
/* Error for pages or API, picked by c->is_api. For pages, a full page with the message. */
void respond_error(ctx *c, int status, const char *code, const char *message);
/* 404 that reveals nothing (used also for documents the user may not see). */
void respond_not_found(ctx *c);
void respond_forbidden(ctx *c);

/* Parses the request body as a JSON object (API writes). NULL after answering 400 itself. */
json_t *request_json(ctx *c);

/* Reads a form/JSON-independent, trimmed, UTF-8-validated text field with a byte limit.
 * Returns the value (arena), NULL if absent/empty; sets *err_r to a Vietnamese message naming
 * `label` when invalid or too long. */
const char *field_text(ctx *c, const char *value, const char *label, size_t max, bool required,
                       const char **err_r);

#endif
