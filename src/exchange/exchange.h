#ifndef VP_EXCHANGE_H
#define VP_EXCHANGE_H
/* The electronic incoming queue of each unit (hàng chờ văn bản điện tử đến): outgoing
 * documents issued to a unit in the tree land here at once, for that unit's clerk to register
 * (incoming_register_from_inbox) or refuse. The sender reads the recipient's status as an
 * edXML StatusCode (DOMAIN.md §4).
 *
 * Table inbox (migration 011_incoming.sql, 023_flow.sql): one row per (outgoing_id,
 * to_unit_id), holding a copy of the document's header, body and signer as issued, the status
 * code, and the incoming record created when the clerk registers it; inbox_files (023) the
 * files it carried, on the sender's blobs.
 *
 * inbox_deliver, inbox_status and inbox_recall are called by the outgoing side INSIDE its own write
 * transaction (db_begin_write … db_commit): they never begin, commit or roll back, and write no
 * audit row of their own (the caller's audit row covers the change). They return 0, or -1 on a
 * store error (the caller rolls back). */
#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"
#include "web/ctx.h"
#include "web/errors.h"

/* edXML status codes as the sender sees them. */
#define INBOX_ARRIVED "01"     /* đã đến: in the queue, not yet registered */
#define INBOX_REFUSED "02"     /* từ chối tiếp nhận */
#define INBOX_ACCEPTED "03"    /* đã tiếp nhận: registered, given an arrival number */
#define INBOX_WAITING "04"     /* chờ phân công: registered and presented to the leader */
#define INBOX_IN_PROGRESS "05" /* đã phân công, đang xử lý */
#define INBOX_DONE "06"        /* đã xử lý xong */
#define INBOX_RECALLED "13"    /* thu hồi */

#define INBOX_MAX_REASON 4000 /* bytes of a refusal's reason */

/* An issued document as it travels: its header, its text and signer, as issued. */
typedef struct inbox_doc {
    int64_t outgoing_id, from_unit_id;
    const char *code;        /* số và ký hiệu as issued: "05-CV/VPTU" */
    const char *subject;     /* trích yếu */
    const char *doc_type;    /* a catalog code */
    const char *issued_date; /* "YYYY-MM-DD" */
    const char *body;        /* nội dung, "" when the document has only its files */
    const char *signer;      /* the signer's name, NULL when unknown */
    int secrecy, urgency;    /* enum secrecy / enum urgency of catalog/vocab.h */
} inbox_doc;

/* Puts an issued outgoing document into to_unit_id's queue with status 01, with its body,
 * signer and the files it has now (the attachments of ("out", outgoing_id): the signed file,
 * annexes) listed in inbox_files on the same blobs, and notifies the clerks (văn thư) of that
 * unit (urgent documents say so in the notification). Delivering the same (outgoing_id,
 * to_unit_id) twice is a no-op. Inside the caller's write transaction. */
int inbox_deliver(ctx *c, const inbox_doc *doc, int64_t to_unit_id);

/* The files delivered with queue row inbox_id, oldest first (caller has checked that c->user
 * may see the row or the record registered from it); strings valid during the call. Returns
 * the count or -1. */
typedef void (*inbox_file_cb)(ctx *c, int64_t file_id, const char *filename, const char *mime,
                              int64_t size, void *arg);
int inbox_files_each(ctx *c, int64_t inbox_id, inbox_file_cb cb, void *arg);
/* File file_id of those delivered with queue row inbox_id (same check as inbox_files_each):
 * 0 with its blob, filename and mime (arena strings), 1 when the row has no such file, -1 on a
 * store error. */
int inbox_file_get(ctx *c, int64_t inbox_id, int64_t file_id, const char **sha256_r,
                   const char **filename_r, const char **mime_r);
/* Gives the record registered from queue row inbox_id an attachment row for each delivered
 * file, on the same blob (files.h attach_link). Inside the registration's transaction; returns
 * the number of files or -1 (the caller rolls back). */
int inbox_files_attach(ctx *c, int64_t inbox_id, int64_t incoming_id);
/* The body delivered with queue row inbox_id, into the arena ("" when none or no such row). For
 * the page of the record registered from it; the caller has checked that c->user may see that
 * record. */
const char *inbox_body(ctx *c, int64_t inbox_id);

/* The status at the recipient: *code_r one of the INBOX_* codes, *label_r its Vietnamese
 * label (static strings, valid for the program's life). Once registered, the status follows
 * the incoming record: 04 registered and awaiting the leaders' routing (03 while given back to
 * the clerk), 05 routed/in progress, 06 done. Returns 0, 1 when the document was never delivered to
 * that unit, -1 on store error. */
int inbox_status(db *d, int64_t outgoing_id, int64_t to_unit_id, const char **code_r,
                 const char **label_r);

/* The steps a delivery went through at the recipient, in order (01, 03, 04, 05, 06 as far as
 * reached, then 02 or 13 when it ended so), each with its time from the records ("" when the
 * record keeps none): the sender's timeline. Registration passes 03 (đã tiếp nhận) and leaves
 * the record with the leaders to route (04 chờ phân công, the incoming register's own word
 * for a registered record); routing is 05, completion 06. Returns the count (<= max), -1. */
typedef struct inbox_step {
    const char *code, *label; /* static */
    char at[32];              /* ISO time, "" unknown */
} inbox_step;
int inbox_timeline(db *d, int64_t outgoing_id, int64_t to_unit_id, inbox_step *v, int max);
/* The place of a code in the order 01, 03, 04, 05, 06 (0..4), -1 for any other code; the code
 * at a place (NULL past the end); the Vietnamese label of any INBOX_* code (NULL unknown). */
int inbox_status_rank(const char *code);
const char *inbox_status_at_rank(int rank);
const char *inbox_status_label(const char *code);

/* Recall (thu hồi, DOMAIN.md §2.1): every queue row of the outgoing document gets status 13;
 * an incoming record registered from it is withdrawn from handling (soft: it stays in the
 * register with its arrival number, marked recalled, and leaves every "to do" list); the
 * receiving unit's clerks and the record's handlers are notified. Returns the number of
 * recipients touched (>= 0), or -1. */
int inbox_recall(db *d, int64_t outgoing_id);

/* What a recall does to the record a recipient registered from the queue (withdrawal from
 * the register's to-do lists, its handlers told, a trace event). The module that owns those
 * records (incoming/) sets it at start-up; inbox_recall calls it inside its transaction for
 * each registered copy. 0 or -1 (the recall is rolled back). */
typedef int (*inbox_recall_fn)(db *d, int64_t incoming_id, const char *text, const char *now);
void inbox_on_recall(inbox_recall_fn fn);

/* The queue as the receiving unit's pages show it. */
typedef struct inbox_row {
    int64_t id, outgoing_id, to_unit_id, from_unit_id, incoming_id;
    const char *code, *subject, *doc_type, *issued_date, *status, *arrived_at, *from_name, *to_name,
        *refused_reason, *body, *signer; /* signer NULL when unknown */
    const char *due_date; /* hạn trả lời set by the sender (edXML DueDate), NULL when none */
    int secrecy, urgency;
} inbox_row;
/* Queue rows of the units the caller may register for (clerks, office-leaders), waiting ones
 * first; secret rows only to clerks and leaders. Returns the count or -1. */
int inbox_list(ctx *c, bool waiting_only, inbox_row **rows_r);
/* What the navigation and the home page show of the queue: the count of rows waiting to be
 * registered, from an aggregate (every page draws it: reading the rows with their bodies to
 * count them was a third of a register page), and the first `limit` of them. -1 on error. */
int inbox_waiting_count(ctx *c);
int inbox_waiting_first(ctx *c, int limit, inbox_row **rows_r);
/* One row the caller may register (NULL otherwise). */
const inbox_row *inbox_get(ctx *c, int64_t id);
/* Whether the caller may see the document a queue row copies: the row is theirs to register,
 * or they may see the outgoing document. For the audit trail, whose inbox.refuse rows carry
 * the refusal reason of possibly secret documents. */
bool inbox_doc_may_see(ctx *c, int64_t id);
/* Refuses a waiting row (status 02) with a reason; audited. 0 or -1 with *e. */
int inbox_refuse(ctx *c, int64_t id, const char *reason, web_err *e);
/* Links the queue row to its new incoming record (inside the registration's transaction). */
int inbox_link(db *d, int64_t inbox_id, int64_t incoming_id);

/* ---- the sender's update (edXML business 2; exchange_update.c, migration 055) -------------
 *
 * A corrected header of a delivered document: NULL leaves a field as it is, "" clears it. */
typedef struct inbox_file_in inbox_file_in;
typedef struct inbox_change {
    const char *subject;        /* trích yếu */
    const char *due_date;       /* hạn trả lời, "YYYY-MM-DD" */
    const char *signer;         /* người ký */
    const inbox_file_in *files; /* the document's files now: those the copy lacks are added */
    int n_files;
} inbox_change;
/* Applies ch to queue row inbox_id (inside the caller's write transaction): the row's copy,
 * a history row (who, why, what changed: shown by inbox_updates_html), and — when a record was
 * registered from it — the record through the hook incoming/ sets (which keeps its own trace
 * and tells its handler); a row still waiting tells its unit's clerks. 0 applied, 1 nothing to
 * do (no change, refused or recalled copy), -1 store error. */
int inbox_apply_update(db *d, int64_t inbox_id, const char *from_name, const char *reason,
                       const inbox_change *ch);
/* The same for every open copy of an outgoing document delivered in the tree; returns the
 * number of open copies (0: it reached nobody electronically here), or -1. */
int inbox_update_delivered(db *d, int64_t outgoing_id, const char *from_name, const char *reason,
                           const inbox_change *ch);
/* What an update does to a registered record (incoming/ sets it at start-up): text is the
 * Vietnamese account of the change for its trace and its handler. 0 or -1. */
typedef int (*inbox_update_fn)(db *d, int64_t incoming_id, const inbox_change *ch, const char *text,
                               const char *now);
void inbox_on_update(inbox_update_fn fn);
/* The updates queue row inbox_id received, as a panel (nothing when none); the caller has
 * checked that c->user may see the row or its record. Returns how many. */
int inbox_updates_html(ctx *c, int64_t inbox_id);

/* ---- documents from outside the tree (exchange_land.c) --------------------------------------
 *
 * A document that arrived as an edXML package (edxml/) has no outgoing row here: doc->outgoing_id
 * carries a negative key (-edxml_packages.id) that keeps (outgoing_id, to_unit_id) unique and lets
 * inbox_status/inbox_recall address it like any delivery. from_name is the sender as carried. */
struct inbox_file_in {
    const char *sha256, *filename, *mime;
    int64_t size;
};
/* Lands the document in to_unit_id's queue (status 01) with its files (blobs already stored)
 * and notifies the unit's clerks, like inbox_deliver. Inside the caller's write transaction.
 * Returns the queue row id, or -1. */
int64_t inbox_land(db *d, const inbox_doc *doc, int64_t to_unit_id, const char *from_name,
                   const char *due_date, const inbox_file_in *files, int n_files);
/* An update (edXML business 2) of a row still waiting: its header, text and files replaced.
 * 0, 1 when the row is no longer waiting, -1. Inside the caller's write transaction. */
int inbox_update_waiting(db *d, int64_t inbox_id, const inbox_doc *doc, const char *due_date,
                         const inbox_file_in *files, int n_files);

#endif
