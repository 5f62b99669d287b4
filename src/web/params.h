#ifndef VP_WEB_PARAMS_H
#define VP_WEB_PARAMS_H
/* The one parser of declared parameters — query, form and JSON — for every handler. A value is
 * absent, well-formed and in range, or bad: nothing in between is guessed ("27abc" is bad, not
 * 27; " 5" is bad; a JSON number where text is wanted is bad). Bounds are the caller's. */
#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "web/ctx.h"
#include "web/errors.h"

enum { PARAM_BAD = -1, PARAM_OK = 0, PARAM_ABSENT = 1 };

/* s as a whole decimal integer (optional '-' only when lo < 0) in [lo, hi] into *out.
 * PARAM_ABSENT for NULL or "" (*out untouched), PARAM_BAD otherwise. */
int param_int(const char *s, int64_t lo, int64_t hi, int64_t *out);
/* The same for the query string's or the form's field `name`. */
int query_int(ctx *c, const char *name, int64_t lo, int64_t hi, int64_t *out);
int form_int(ctx *c, const char *name, int64_t lo, int64_t hi, int64_t *out);
/* A positive id in the form, 0 when absent or malformed (for forms whose service reports a
 * missing choice itself). */
int64_t form_id(ctx *c, const char *name);

/* The period ?from=&to= (YYYY-MM-DD, both inclusive): `from` defaults to 1 January of this
 * year (Vietnam), `to` to default_to (NULL: 31 December of this year). False after answering
 * 400 itself: a malformed date, or from after to. */
bool query_period(ctx *c, const char *default_to, const char **from_r, const char **to_r);

/* JSON members: a string (copied into the arena) or NULL when absent or null; *bad_r set when
 * present with another type. An integer (or a string of digits, as forms send) in [lo, hi]:
 * PARAM_OK, PARAM_ABSENT (absent or null) or PARAM_BAD. */
const char *json_member_str(ctx *c, json_t *j, const char *key, bool *bad_r);
int json_member_int(json_t *j, const char *key, int64_t lo, int64_t hi, int64_t *out);
/* Shorthands for optional members: the string or NULL (any other type is NULL); the integer,
 * or 0 when absent or malformed (for ids and counts whose service reports a missing value). */
const char *json_text(ctx *c, json_t *j, const char *key);
int64_t json_int(json_t *j, const char *key);

/* ---- What a handler accepts --------------------------------------------------------------
 * Every API handler declares the query parameters it reads — and, for a JSON body, the
 * top-level members — as a NULL-terminated list (NULL: none). Anything else is a caller's
 * mistake it must hear about, not a silent no-op: 400 unknown_parameter naming it. Pages are
 * lenient (their links and forms carry extra keys): for them the checks pass. */

/* False after answering 400 unknown_parameter for the first query parameter not in names. */
bool params_check(ctx *c, const char *const *names);
/* An API write that takes multipart/form-data (a file): a JSON body is the caller's mistake —
 * its members not in `members` (may be NULL) are refused as on every write (400
 * unknown_parameter), else 400 invalid_input with `hint` (what to send); then the query
 * parameters are checked as params_check(c, NULL). False after answering. */
bool params_multipart(ctx *c, const char *const *members, const char *hint);
/* The JSON body of an API write: an object whose members are all in `members`, with no query
 * parameters. NULL after answering 400 (invalid_json, unknown_parameter). The object lives
 * as long as the request (the caller does not decref it). params_json_optional: the same, but
 * an empty body is {} (approve, sign, mark read). */
json_t *params_json(ctx *c, const char *const *members);
json_t *params_json_optional(ctx *c, const char *const *members);
/* The members of a nested object (a recipient, a routing target): false after adding 422
 * invalid_input for `field` (e.g. "recipients") to e when one is not in members. */
bool params_members(ctx *c, json_t *obj, const char *field, const char *const *members, web_err *e);

/* ---- Values that report -------------------------------------------------------------------
 * Each returns PARAM_OK (value in *out), PARAM_ABSENT (absent, JSON null, or an empty query
 * value; *out untouched) or PARAM_BAD after adding an error to e that names the field and
 * what it accepts. Body members (json_member_*, form_*) are 400 invalid_input, which the API
 * answers as 422 (respond.h); query parameters (query_*) are 400 invalid_parameter: a wrong
 * address, not a refused value. */

/* The earliest and latest dates any input may carry. 1930-01-01: the Communist Party of
 * Viet Nam was founded on 3 February 1930, and its committees' archives register documents
 * from then on (1945-09-02, the state's founding, would refuse Party documents older than
 * the state). 2099-12-31: far enough for any deadline, near enough to catch a typed year. */
#define PARAM_DATE_MIN "1930-01-01"
#define PARAM_DATE_MAX "2099-12-31"
/* s is exactly YYYY-MM-DD, a calendar date within [PARAM_DATE_MIN, PARAM_DATE_MAX]. */
bool param_date(const char *s);

/* One of codes (NULL-terminated); *out is its index. A non-string, "" or an unknown code is
 * bad; the message lists the codes. */
int json_member_enum(ctx *c, json_t *j, const char *key, const char *const *codes, int *out,
                     web_err *e);
int form_enum(ctx *c, const char *name, const char *const *codes, int *out, web_err *e);
int query_enum(ctx *c, const char *name, const char *const *codes, int *out, web_err *e);
/* An integer in [lo, hi]: a JSON integer, or a string of digits (as forms send). Ids are
 * [1, INT64_MAX]. */
int json_member_range(ctx *c, json_t *j, const char *key, int64_t lo, int64_t hi, int64_t *out,
                      web_err *e);
int json_member_id(ctx *c, json_t *j, const char *key, int64_t *out, web_err *e);
int form_range(ctx *c, const char *name, int64_t lo, int64_t hi, int64_t *out, web_err *e);
int query_range(ctx *c, const char *name, int64_t lo, int64_t hi, int64_t *out, web_err *e);
int query_id(ctx *c, const char *name, int64_t *out, web_err *e);
/* A date (param_date), as a JSON string or a query value; copied into the arena. */
int json_member_date(ctx *c, json_t *j, const char *key, const char **out, web_err *e);
int query_date(ctx *c, const char *name, const char **out, web_err *e);
/* Text: a JSON string (copied into the arena; the service trims and bounds it). A number,
 * boolean, array or object is bad. */
int json_member_text(ctx *c, json_t *j, const char *key, const char **out, web_err *e);
/* A flag: JSON true/false (or 0/1); in a query "1"/"true" or "0"/"false". */
int json_member_bool(ctx *c, json_t *j, const char *key, bool *out, web_err *e);
int query_bool(ctx *c, const char *name, bool *out, web_err *e);
/* limit and offset of a list: limit in [1, max] (default dflt), offset in [0, max_offset]. */
void query_page(ctx *c, int dflt, int max, int max_offset, int *limit_r, int *offset_r, web_err *e);

#endif
