#ifndef VP_WEB_PARAMS_H
#define VP_WEB_PARAMS_H
/* The one parser of declared parameters — query, form and JSON — for every handler. A value is
 * absent, well-formed and in range, or bad: nothing in between is guessed ("27abc" is bad, not
 * 27; " 5" is bad; a JSON number where text is wanted is bad). Bounds are the caller's. */
#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "web/ctx.h"

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

#endif
