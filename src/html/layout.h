#ifndef VP_LAYOUT_H
#define VP_LAYOUT_H
/* The frame every page shares: left navigation by module, the top bar with the acting unit,
 * the search box ("/" focuses it) and the notification badge. Pages write their content with
 * html_printf(&c->rs->body, …) between page_begin and page_end. */
#include "app/ctx.h"

/* nav: which navigation entry is current ("home", "incoming", "outgoing", "dossiers",
 * "tasks", "reports", "org", "admin", "search"). Sets status 200 and the content type. */
void page_begin(ctx *c, const char *title, const char *nav);
void page_end(ctx *c);

/* A hidden input carrying the session's CSRF token; every POST form must include it. */
void form_csrf(ctx *c);
/* A flash message shown once on the next page (stored in the session). */
void page_flash_set(ctx *c, const char *message);
/* Shows a Vietnamese error message box (escaped). */
void page_alert(ctx *c, const char *kind, const char *message); /* kind: "error", "ok", "warn" */

/* Modules can contribute to the home page ("what waits for me"): each registers a function
 * that writes a section. Called in registration order. */
typedef void (*home_section_fn)(ctx *c);
void home_section_add(home_section_fn fn);
/* Notification count for the top bar badge; the docs module provides it (0 until then). */
typedef int (*badge_fn)(ctx *c);
void layout_set_badge(badge_fn fn);

void layout_routes(void); /* "/", "/assets/...", "/healthz" */

#endif
