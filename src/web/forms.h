#ifndef VP_FORMS_H
#define VP_FORMS_H
/* A form that failed: what was typed stays in the fields and what is wrong is said in red
 * beside each field, the same way on every form (DESIGN.md "The look of it").
 *
 * The mechanism. A POST that is refused (400, 409, 413, 415, 422) goes back to the page it
 * came from with a 303, as a success does, and carries its field errors and typed values
 * across the redirect in a short-lived server-side stash keyed by a random id (the HttpOnly
 * cookie vp_form, FORM_STASH_TTL_S, taken once by the next page). Why not re-render the page
 * from the POST: most forms live on a record's page composed by several rooms (the
 * document's page with the handling panel of tasks/ and the files of files/); re-rendering
 * it from each handler would make every handler know every page, and the browser would sit
 * on the POST's address where a reload posts again. With the stash, the page that owns a
 * form renders it as usual and asks this module, field by field, for the typed value and the
 * message. A page that answers its own POST (the registration form, which must keep a chosen
 * scan through the duplicate warning) records the failure in the request with form_fail and
 * uses the same helpers; either way page_begin shows the red summary at the top.
 *
 * A form is known by its key: the path it posts to, plus "#" and its hidden field _form when
 * one path takes several forms (FORM_KEY_FIELD). Stashed: the text fields, never the CSRF
 * token, a password or a file (a file is kept only where a page asks, form_upload_keep).
 * A stash belongs to the user who made it; one made by a request whose session had expired
 * (form_keep_expired) is claimed by whoever logs in next in that browser within the TTL. The
 * stash lives in the process's memory: a restart forgets it, which costs the typed text of a
 * form refused in the seconds around the restart. */
#include <stdbool.h>

#include "web/ctx.h"
#include "web/errors.h"

#define FORM_STASH_TTL_S 900              /* long enough to log in again after an expired session */
#define FORM_STASH_SLOTS 256              /* oldest dropped first when full */
#define FORM_STASH_MAX_BYTES (256 * 1024) /* one form's stashed values */
#define FORM_KEY_FIELD "_form"
#define FORM_COOKIE "vp_form"

/* The failed form of this request or the one kept for this page; fields private to forms.c. */
typedef struct form_state form_state;

/* Records that this request's form failed with e (e may be NULL: nothing wrong, the values
 * only — an expired session). The posted text fields are copied; the key is the request's
 * path (and _form). */
void form_fail(ctx *c, const web_err *e);
/* Keeps this request's failed form (form_fail) for the page `back` (a local path) when this
 * browser next shows it: a stash entry and the vp_form cookie. Call before
 * respond_redirect(c, back). */
void form_keep(ctx *c, const char *back);
/* For a write whose session had expired: keeps the posted text fields, unowned, for the page
 * shown after the next login, and says so there. Only for a form posted from this site
 * (Origin or Referer on this host): another site cannot fill someone's form. */
void form_keep_expired(ctx *c);
/* The local path ("/incoming/5") of a Referer on this host, or NULL. */
const char *form_referer_path(ctx *c);

/* Taken from the stash on the first call of a page (page_begin calls it), once. */
const form_state *form_current(ctx *c);
bool form_failed(ctx *c, const char *key); /* this form failed (or came back after login) */
/* The typed value of `name` in the form `key` when it failed, else dflt. */
const char *form_val(ctx *c, const char *key, const char *name, const char *dflt);
/* Whether the failed form `key` carried name=value (multiple selects, checkboxes). */
bool form_has(ctx *c, const char *key, const char *name, const char *value);
/* The message for `name` in the failed form `key`, or NULL. */
const char *form_err(ctx *c, const char *key, const char *name);
/* page_begin's summary: every message of the failed form in a red box (or, after an expired
 * session, the notice that the typed text was put back). */
void form_summary(ctx *c);

/* One field: label, control, its red message beside it (aria-describedby) and a hint. The
 * value shown is the typed one when the form failed, else `value`. */
typedef struct form_field {
    const char *name, *label;
    const char *type;  /* "text", "date", "number", "textarea", "file" (NULL: "text") */
    const char *value; /* the value when the form did not fail */
    const char *id;    /* the control's id; NULL: "f-<name>" (two forms on one page: set it) */
    const char *hint;
    bool required, multiple;
    int rows; /* textarea */
} form_field;
void form_field_html(ctx *c, const char *key, const form_field *f);
/* Writes the hidden FORM_KEY_FIELD naming one of several forms posting to one path. */
void form_key_input(ctx *c, const char *name);
/* Inside a control's tag being written: aria-invalid and aria-describedby naming "<id>-err"
 * when its field carries a message, else nothing. */
void form_aria_html(ctx *c, const char *key, const char *name, const char *id);
/* The red message of `name` with id "<id>-err", when there is one. */
void form_err_html(ctx *c, const char *key, const char *name, const char *id);

/* A file kept across a refusal (the duplicate warning): moved out of the request's
 * temporary files under a random token bound to the user, for FORM_STASH_TTL_S. Returns the
 * token (arena) or NULL. form_upload_take gives it back as an upload the request cleans up
 * (0) or -1 when the token is unknown, expired or another user's. */
const char *form_upload_keep(ctx *c, const http_upload *u);
int form_upload_take(ctx *c, const char *token, http_upload *out);

#endif
