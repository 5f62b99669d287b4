#ifndef VP_LAYOUT_H
#define VP_LAYOUT_H
/* The frame every page shares: left navigation by module, the top bar with the acting unit,
 * the search box ("/" focuses it) and the notification badge. Pages write their content with
 * html_printf(&c->rs->body, …) between page_begin and page_end. */
#include "web/ctx.h"

/* nav: which navigation entry is current ("home", "incoming", "outgoing", "dossiers", "schedule",
 * "tasks", "reports", "org", "admin", "audit", "search"; NULL for none). Sets status 200, the
 * content type and Cache-Control: no-store, writes the frame and then <h1>title</h1> (so pages
 * start with their content, not another h1), then the pending flash message. With c->user
 * NULL (login page) the frame has no navigation, search or account links.
 *
 * Classes of assets/app.css for page content: tables inside <div class="table-wrap"> get
 * sticky headers (td.num, td.date); marks <span class="mark mark-hoatoc|mark-urgent|
 * mark-overdue|mark-express|mark-due|mark-done|mark-secret"> (secret shows a lock),
 * <tr class="overdue">; forms <form class="form"> with <div class="field [has-error]"><label>
 * <input><span class="error">…</span><span class="hint">…</span></div> and
 * <div class="actions"> for buttons (button.secondary, button.danger; data-confirm="…" asks
 * first; a form with data-draft is submitted by Ctrl+S); <section class="panel"><h2> for home
 * sections; <dl class="props"> for record details; <ul class="tree"> for trees; add class
 * "landscape" to a register's wrapper to print it on A4 landscape; "no-print" hides. */
void page_begin(ctx *c, const char *title, const char *nav);
void page_end(ctx *c);

/* A page's body below the frame, memoised per session (its forms carry the session's CSRF
 * token), address and day while the database is unchanged (db.h db_memo_get_text): any commit
 * anywhere renders it again on the next request, so nothing is shown stale. Only for pages
 * whose body depends on nothing else (no clock finer than the day, no cookie: a page with a
 * refused form waiting (FORM_COOKIE) is never memoised). Use:
 *     page_memo m;
 *     if (page_memo_hit(c, &m, title, nav)) return;   // answered: frame + memo
 *     page_begin(c, title, nav); page_memo_mark(c, &m);
 *     … the body …
 *     page_memo_store(c, &m); page_end(c); */
typedef struct page_memo {
    const char *key; /* NULL: not memoised */
    uint64_t version;
    size_t from;
} page_memo;
bool page_memo_hit(ctx *c, page_memo *m, const char *title, const char *nav);
void page_memo_mark(ctx *c, page_memo *m);
void page_memo_store(ctx *c, page_memo *m);
/* The same with the page's title kept beside the body, for a page that learns its title from
 * the record it reads: page_memo_hit(c, &m, NULL, nav) then answers before the record is read,
 * and page_memo_store_titled stores both. */
void page_memo_store_titled(ctx *c, page_memo *m, const char *title);

/* A hidden input carrying the session's CSRF token; every POST form must include it. */
void form_csrf(ctx *c);
/* A flash message shown once on the next page (a short-lived HttpOnly cookie "vp_flash",
 * shown and cleared by the next page_begin); call before respond_redirect. */
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

/* A count beside a navigation entry (key as for page_begin's nav: "incoming", "tasks"): what
 * waits there for the user, the same number as the list the entry opens shows for it; 0 shows
 * nothing. title says what is counted. Registered at start-up, at most one per key. */
typedef int (*nav_count_fn)(ctx *c);
void layout_nav_count_add(const char *key, nav_count_fn fn, const char *title);

void layout_routes(void); /* "/", "/assets/...", "/healthz" */

#endif
