#ifndef VP_NOTIFY_H
#define VP_NOTIFY_H
/* In-app notifications (thông báo): a new assignment, a deadline in N days, an overdue
 * assignment, an urgent arrival, a document in the unit's electronic queue, a recall.
 *
 * Table notifications (migration 011_incoming.sql): user_id, kind, doc_kind ("in" | "out"),
 * doc_id, text, created_at, read_at. Reading them (notify_list, the top-bar badge) re-checks
 * that the user may still see the document, so a secret document never leaks through a
 * notification, even after its routing changed.
 *
 * notify_user and notify_unit_role only insert rows: call them INSIDE the caller's write
 * transaction, so a notification exists exactly when the change that caused it committed.
 * They return 0, or -1 on a store error. */
#include <stdbool.h>
#include <stdint.h>

#include "web/ctx.h"

/* Kinds. */
#define NOTIFY_ASSIGNED "assigned" /* you were given a document to handle */
#define NOTIFY_DUE_SOON "due_soon" /* deadline within NOTIFY_DUE_SOON_DAYS */
#define NOTIFY_OVERDUE "overdue"   /* deadline passed */
#define NOTIFY_URGENT "urgent"     /* a Thượng khẩn / Hỏa tốc document arrived for you */
#define NOTIFY_ARRIVED "arrived"   /* a document is waiting in your unit's queue */
#define NOTIFY_RECALLED "recalled" /* a document was recalled by its sender */
#define NOTIFY_INFO "info"         /* anything else (progress, extension, completion) */

#define NOTIFY_DUE_SOON_DAYS 3
#define NOTIFY_TEXT_MAX 500 /* longer texts are cut at a character boundary */

/* One notification for one user. doc_kind "in" | "out" | NULL (no document), doc_id 0 when
 * none. text is stored as given (cut to NOTIFY_TEXT_MAX bytes). */
int notify_user(db *d, int64_t user_id, const char *kind, const char *doc_kind, int64_t doc_id,
                const char *text);

/* The same notification for every active account of unit_id with the given role (e.g. the
 * clerks of a receiving unit). Returns 0 even when nobody has that role. */
int notify_unit_role(db *d, int64_t unit_id, enum role role, const char *kind, const char *doc_kind,
                     int64_t doc_id, const char *text);

/* A room whose notices concern its own records, not documents (a follow-up task, a calendar
 * event), names their kind "<room>.<kind>" ("followup.overdue": the part after the dot keeps
 * its meaning, e.g. for the marks), leaves doc_kind NULL and puts the record's id in doc_id;
 * and registers at start-up where such a notice leads: path_prefix + id ("/followup/"). */
void notify_link_register(const char *room, const char *path_prefix);

/* ---- reading (the acting user's own notifications) ------------------------------------- */

typedef struct notification {
    int64_t id, doc_id;
    const char *kind, *doc_kind, *text, *created_at, *read_at; /* read_at NULL when unread */
} notification;

/* Creates the time-based notifications that are due (deadline in NOTIFY_DUE_SOON_DAYS days,
 * overdue) for c->user's open assignments, once per assignment and kind. Called on reading,
 * so no background worker is needed; uses clock_now(). Opens its own write transaction. */
int notify_refresh(ctx *c);
/* The newest notifications of c->user that they may still see, at most `limit`, into the
 * arena. Returns the count (>= 0) or -1. */
int notify_list(ctx *c, int limit, notification **rows_r);
/* One page of the list (/notifications): c->user's notifications they may still see, newest
 * first, only the unread ones when unread; rows [offset, offset + limit) into the arena and
 * *total_r the count of all of them (the newest NOTIFY_KEEP_MAX are looked at). Returns the
 * rows on the page (>= 0) or -1. */
#define NOTIFY_PAGE 30
#define NOTIFY_KEEP_MAX 2000
int notify_page(ctx *c, bool unread, int offset, int limit, notification **rows_r,
                int64_t *total_r);
/* c->user's own notification id, when they may still see its document; NULL otherwise (the
 * caller answers 404). Arena strings. */
const notification *notify_get(ctx *c, int64_t id);
/* Where a notification leads: its document's page, the electronic queue for an arrival
 * without a registered document, else the list. Arena string. */
const char *notify_href(ctx *c, const notification *x);
/* Unread notifications of c->user that they may still see (the top-bar badge). */
int notify_unread_count(ctx *c);
/* Marks one (id > 0) or all (id 0) of c->user's notifications read. 0 or -1. */
int notify_mark_read(ctx *c, int64_t id);

/* Pages (/notifications, /notifications/{id}/open, POST /notifications/read), the API
 * (/api/v1/notifications…) and the top-bar bell (layout_set_badge). */
void notify_routes(void);

#endif
