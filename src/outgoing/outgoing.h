#ifndef VP_OUTGOING_H
#define VP_OUTGOING_H
/* Văn bản đi: drafts with versions and comments → approval (office leader) → signing (the
 * register's authorised signer) → issuing, which assigns the number (numbering.h) and
 * dispatches to the recipients; then recall (thu hồi) and replacement (DOMAIN.md §2.1).
 *
 * Tables (migration 012_outgoing.sql): outgoing (the current state of each document),
 * outgoing_versions (every saved subject/body, never overwritten), outgoing_comments,
 * outgoing_recipients (units in the tree or outside bodies, with the dispatch method
 * 'electronic' | 'paper' | 'post' and when it went), outgoing_events (the document's trace).
 *
 * States: draft → approved → signed → issued (→ recalled). A new version is allowed only in
 * draft. Forbidden transitions answer 409 with a Vietnamese message and change nothing.
 * Inside draft, "Trình" submits it to a chosen leader (submitted_to; it stays a draft that
 * leader sees and is told of); "Trả lại" (return) sends a submitted draft or an approved
 * document back to draft with the leader's comment. The drafter is notified of every step
 * taken by someone else: return, approval, signing, issue.
 * A draft may answer an incoming record (reply_to_id, "Soạn văn bản trả lời"): issuing it
 * closes that record's follow-up (tasks.h routing_close_by_reply) in the same transaction.
 *
 * Permissions, checked here (never in pages):
 *   see      — outgoing_may_see(): non-secret: anyone whose scope holds the register's unit,
 *              plus the drafter/approver/signer; secret: only the drafter, approver, signer,
 *              the designated signer, clerks in scope and leaders per secrecy_leader_may_see
 *              in scope. Not visible = 404 everywhere, and no trace in lists or counts.
 *   draft    — any role but admin, with the register's unit in scope.
 *   approve  — office-leader or committee-leader in scope.
 *   sign     — in scope, and the designated signer if one was named (a leader whose scope
 *              holds the register's unit, checked when the draft names it), else a user
 *              whose role is the register's signer_role.
 *   issue    — a clerk (văn thư) in scope; recall — clerk or leader in scope.
 * Every change: db_begin_write → change → audit_log → db_commit. */
#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "catalog/catalog.h"
#include "web/ctx.h"
#include "web/errors.h"

enum out_status { OUT_DRAFT = 0, OUT_APPROVED, OUT_SIGNED, OUT_ISSUED, OUT_RECALLED };
const char *out_status_code(enum out_status s); /* draft, approved, signed, issued, recalled */
const char *out_status_label(enum out_status s);

#define OUT_MAX_SUBJECT 2000
#define OUT_MAX_BODY (256 * 1024)
#define OUT_MAX_RECIPIENTS 200
#define OUT_MAX_COPIES 10000          /* số lượng bản of one document */
#define OUT_MAX_RECIPIENT_COPIES 1000 /* … sent to one recipient */
#define OUT_MAX_PAGE 500              /* list rows per request */
#define OUT_MAX_OFFSET 1000000
#define OUT_MAX_COMMENT 4000
#define OUT_DEFAULT_DOC_TYPE "cong_van" /* a new draft's type until the drafter picks one */

typedef struct out_recipient_in {
    int64_t unit_id;      /* > 0: a unit in the tree */
    const char *name;     /* else an outside body, as text */
    int copies;           /* paper copies (số lượng bản), default 1 */
    bool want_electronic; /* the caller insisted on electronic sending */
} out_recipient_in;

typedef struct out_draft {
    int64_t register_id;
    const char *doc_type; /* catalog code */
    const char *subject;  /* trích yếu */
    const char *body;
    int secrecy, urgency;
    int64_t signer_id;        /* 0 = any authorised signer */
    int64_t replaces_id;      /* issued document this one replaces, 0 if none */
    int64_t reply_to_id;      /* incoming record this one answers (trả lời), 0 if none */
    const char *file_copy_to; /* Đơn vị/người nhận bản lưu */
    int copies;               /* số lượng bản */
    out_recipient_in *recipients;
    int n_recipients;
} out_draft;

typedef struct outgoing {
    int64_t id, register_id, unit_id;
    const char *doc_type, *subject, *body;
    int secrecy, urgency;
    enum out_status status;
    int version;
    int64_t drafted_by, approved_by, signed_by, issued_by, signer_id;
    const char *drafter_name, *approver_name, *signer_name;
    const char *created_at, *approved_at, *signed_at, *issued_at, *recalled_at;
    long number;             /* 0 until issued */
    const char *notation;    /* NULL until issued */
    const char *issued_date; /* "YYYY-MM-DD" */
    int64_t replaces_id, replaced_by_id;
    const char *recall_reason;
    const char *file_copy_to;
    int copies;
    int64_t submitted_to;                         /* trình: the leader it waits for, 0 */
    const char *submitted_at, *submitted_to_name; /* NULL / "" when not submitted */
    int64_t reply_to_id;                          /* the incoming record it answers, 0 */
} outgoing;

/* Each returns 0 (or the new id) or -1 with *err_r (Vietnamese) and *status_r. */
int64_t outgoing_create(ctx *c, const out_draft *in, const char **err_r, int *status_r);
/* The field of the draft form (register_id, doc_type, subject, body, secrecy, urgency,
 * to_unit, outside, signer_id) a message of outgoing_create is about, or NULL. */
const char *outgoing_err_field(const char *err);
int outgoing_save_version(ctx *c, int64_t id, const char *subject, const char *body,
                          const char **err_r, int *status_r);
int64_t outgoing_comment(ctx *c, int64_t id, const char *text, const char **err_r, int *status_r);
int outgoing_approve(ctx *c, int64_t id, const char *note, const char **err_r, int *status_r);
int outgoing_sign(ctx *c, int64_t id, const char **err_r, int *status_r);
/* Ký số (signing/): INSIDE the caller's write transaction, takes the number as outgoing_issue
 * does (today, numbering_allocate) and marks the approved document signed by c->user with it, so
 * the number and date are on the page before the signature; outgoing_issue keeps that number.
 * Checks outgoing_may_sign (403) and the state (409). 0, or -1 with *err_r and *status_r; the
 * caller rolls back on failure, which gives the number back. */
int outgoing_sign_numbered(ctx *c, int64_t id, long *number_r, const char **notation_r,
                           const char **err_r, int *status_r);
/* Trình: submits a draft to leader_id — an active office- or committee-leader whose scope holds
 * the document's unit — who is notified. The drafter, or whoever may edit the draft; 0 or -1
 * (400 not such a leader, 409 not a draft). */
int outgoing_submit(ctx *c, int64_t id, int64_t leader_id, const char **err_r, int *status_r);
/* Trả lại: back to draft (an approval is undone) with the comment, kept among the comments;
 * the drafter is notified. A leader who may approve it, the leader it was submitted to, or
 * (approved) the one who may sign it; a submitted draft or an approved document. 0 or -1. */
int outgoing_return(ctx *c, int64_t id, const char *comment, const char **err_r, int *status_r);
/* A check a draft must pass before it is submitted: docgen's format check, registered from
 * docgen_init (outgoing sits beside docgen and may not include it). The guard returns NULL
 * to let it pass, or the refusal (the submission answers 400/422 with it). */
typedef const char *(*outgoing_submit_guard_fn)(ctx *c, int64_t id);
void outgoing_set_submit_guard(outgoing_submit_guard_fn fn);
/* The same check's findings one by one, for the draft's page to show each beside the field it
 * names (red errors, amber warnings) and for a refused submission (422) to name every field:
 * field is subject, body, recipients, signer_id, secrecy, number, date or doc_type. Registered
 * by docgen_init like the guard; without it a draft has no findings. Returns the count (arena
 * array in *v_r), 0 when none. */
typedef struct out_finding {
    const char *field, *message;
    bool error; /* blocks submission; else a warning */
} out_finding;
typedef int (*outgoing_findings_fn)(ctx *c, int64_t id, out_finding **v_r);
void outgoing_set_findings(outgoing_findings_fn fn);
int outgoing_findings(ctx *c, int64_t id, out_finding **v_r);
/* May c->user return this document now (pages show the form only then)? */
bool outgoing_may_return(ctx *c, const outgoing *o);
/* The leaders a draft of unit_id can be submitted to or signed by: active office- and
 * committee-leaders whose scope holds unit_id, by name. Returns the count (arena). */
typedef struct out_leader {
    int64_t id;
    const char *name, *unit_name;
    enum role role;
} out_leader;
int outgoing_leaders(ctx *c, int64_t unit_id, out_leader **rows_r);
/* Assigns the number (today's Vietnam date), dispatches: units in the tree get it in their
 * incoming queue (inbox_deliver) unless the document is Tối mật/Tuyệt mật, in which case every
 * recipient gets a paper dispatch and *note_r explains why; outside bodies are listed for the
 * post. A failure rolls everything back: no number is consumed. */
int outgoing_issue(ctx *c, int64_t id, long *number_r, const char **notation_r, const char **note_r,
                   const char **err_r, int *status_r);
/* Thu hồi: the number stays taken; recipients' copies are recalled (status 13). */
int outgoing_recall(ctx *c, int64_t id, const char *reason, const char **err_r, int *status_r);
/* Adds an attachment (multipart upload) to a document that is not issued yet. */
int64_t outgoing_attach(ctx *c, int64_t id, const http_upload *u, const char **err_r,
                        int *status_r);

/* Secrecy and scope rule above, for c->user. */
bool outgoing_may_see(ctx *c, int64_t id);
/* Loads a document the user may see (arena strings); NULL when absent or not visible. */
const outgoing *outgoing_get(ctx *c, int64_t id);

typedef struct out_filter {
    const char *status;    /* code or NULL */
    const char *from, *to; /* issued/created date range "YYYY-MM-DD", inclusive */
    const char *q;         /* substring of subject or notation */
    int limit, offset;
} out_filter;
typedef void (*outgoing_cb)(ctx *c, const outgoing *o, void *arg);
/* Visible documents, newest first; returns the count listed. outgoing_list_total also counts
 * every visible match into *total_r (it reads them all: the API's lists carry their total). */
int outgoing_list(ctx *c, const out_filter *f, outgoing_cb cb, void *arg);
int outgoing_list_total(ctx *c, const out_filter *f, outgoing_cb cb, void *arg, int64_t *total_r);
extern const char *const out_status_codes[]; /* draft … recalled, NULL-terminated */

/* JSON views used by the API (and tests). */
json_t *outgoing_json(ctx *c, const outgoing *o, bool full);
/* [{unit_id?, name, method, copies, sent_at, status_code, status_label, timeline: [{code,
 * label, at}] (electronic only: each status the document passed through there, in order)}] */
json_t *outgoing_recipients_json(ctx *c, int64_t id);

/* Demo data for `init --demo`, after org_demo_seed: the terms of Thành ủy Cần Thơ (2020–2025,
 * 2025–2030), Party registers for VPTU, the Thành ủy and each commune-level committee, and 60
 * issued documents of the office from 2024 on (dispatched on paper or by post, so no unit's
 * incoming queue is filled). Idempotent: does nothing when registers exist. 0 or -1 with
 * *err_r (malloc'd). */
int docs_demo_seed(db *d, char **err_r);

/* Demo data for `init --demo`, after docs_demo_seed (DOMAIN.md §10): incoming documents of
 * both periods with their routing, deadlines met, missed and pending, secret and urgent ones,
 * electronic queues, drafts waiting for leaders and dossiers, all made through the incoming,
 * outgoing and dossier services and dated relative to today (docs/demo_in.c). Does nothing
 * when incoming documents exist. 0 or -1 with *err_r (malloc'd). */
int docs_demo_incoming_seed(db *d, char **err_r);
int demo_memstatus_seed(db *d, char **err_r);
int demo_peers_seed(db *d, char **err_r);      /* demo/demo_peers.c: organ id, one peer */
int demo_signing_seed(db *d, char **err_r);    /* demo/demo_signing.c: keys, a signed công văn */
int demo_edxml_seed(db *d, char **err_r);      /* demo/demo_edxml.c: edXML */
int demo_facilities_seed(db *d, char **err_r); /* demo/demo_facilities.c: assets, rooms, cars */
int demo_awards_seed(db *d, char **err_r); /* demo/demo_awards.c: badges, commendations, training */
int demo_archives_seed(db *d, char **err_r);
int demo_partyfees_seed(db *d, char **err_r);  /* demo/demo_partyfees.c: members, đảng phí */
int demo_programmes_seed(db *d, char **err_r); /* work programmes (demo/demo_programmes.c) */
/* Demo conferences of the Thành ủy (demo/demo_conferences.c), after the incoming documents. */
int demo_conferences_seed(db *d, char **err_r);
int demo_schedule_seed(db *d, char **err_r); /* demo/demo_schedule.c: the weekly calendar */
int demo_followup_seed(db *d, char **err_r); /* demo/demo_followup.c: a year of follow-up */
/* The reporting regime's demo (demo/demo_reporting.c): report types and two years of reports. */
int demo_reporting_seed(db *d, char **err_r);
int demo_petitions_seed(db *d, char **err_r);
int demo_budget_seed(db *d, char **err_r); /* demo/demo_budget.c: a year of the Party budget */
int demo_docgen_seed(db *d, char **err_r); /* demo/demo_docgen.c: drafts for the layout check */

/* Pages, API, catalogue, attachments, dossiers and the outgoing register. */
void outgoing_routes(void);

/* Appends an event to the document's trace (inside the caller's transaction); 0 or -1. */
int outgoing_event(ctx *c, int64_t id, const char *action, const char *note);
/* A user's display name, "" when unknown. */
const char *outgoing_user_name(ctx *c, int64_t user_id);

/* Role tests used by the flow, the pages and the task list (to show only the buttons that will
 * work). */
bool outgoing_may_approve(ctx *c, const outgoing *o);
bool outgoing_may_sign(ctx *c, const outgoing *o, const doc_register *reg);
bool outgoing_may_issue(ctx *c, const outgoing *o);
bool outgoing_may_recall(ctx *c, const outgoing *o);
bool outgoing_may_edit(ctx *c, const outgoing *o);

/* "Gửi cập nhật" (edXML business 2): an issued document's corrected header — subject (trích
 * yếu), reply_due (hạn trả lời, "YYYY-MM-DD", "" clears it), signer (người ký); NULL leaves a
 * field; file an added attachment — with a reason (required), sent to every recipient it reached
 * electronically, inside the tree (exchange.h inbox_update_delivered) and outside (the hooks'
 * update). Clerks and leaders of the issuing unit's scope. Fields subject, reply_due, signer,
 * reason; 409 when recalled, not issued or never sent electronically; audited "outgoing.update". 0
 * or -1. */
typedef struct out_update {
    const char *subject, *reply_due, *signer, *reason;
    const http_upload *file; /* an added attachment (field "file"), NULL none */
} out_update;
int outgoing_send_update(ctx *c, int64_t id, const out_update *in, web_err *e);

/* The recipient of issued document outgoing_id answered it (the sender's wait for that
 * recipient ends; migration 055 outgoing_replies): recipient is "unit:<id>" for a unit of the
 * tree or the outside body's name as listed in the recipients; reply_inbox_id the reply as it
 * reached the sender's queue (0 none). Writes the answer once (the same reply twice is a no-op),
 * a trace event "reply_in" and a notification to the drafter. Inside the caller's write
 * transaction. Called by the issue of a reply inside the tree and by edxml/ for a reply from
 * another installation (ResponseFor). 0 or -1. */
int outgoing_reply_arrived(db *d, int64_t outgoing_id, const char *recipient,
                           const char *reply_code, const char *reply_subject,
                           int64_t reply_inbox_id);
/* The answer of recipient (as above) to outgoing_id into *code_r, *at_r, *inbox_r (arena
 * strings of c), or 0 when none yet; 1 when answered, -1. */
int outgoing_reply_of(ctx *c, int64_t outgoing_id, const char *recipient, const char **code_r,
                      const char **subject_r, const char **at_r, int64_t *inbox_r,
                      int64_t *incoming_r);

/* Start-up hooks: the record kind "out" (web/records.h). Idempotent; app_init calls it. */
void outgoing_init(void);

/* Outside recipients reached through another installation (issue 18: edxml/ over peers/, a
 * higher floor's module sets these at start-up; without them outside bodies go by post). */
typedef struct outgoing_outside_hooks {
    /* At issue, inside its transaction, for an outside recipient by name: 0 sent
     * electronically, 1 not reachable electronically (post), 2 refused with *refused_r (the
     * issue is refused 422, nothing kept), -1 store error. */
    int (*dispatch)(ctx *c, int64_t outgoing_id, int secrecy, int64_t replaces_id, const char *name,
                    const char **refused_r);
    /* The status at an outside recipient sent electronically: 0 with code and label, 1 none. */
    int (*status)(ctx *c, int64_t outgoing_id, const char *name, const char **code_r,
                  const char **label_r);
    /* At recall, inside its transaction: the recall travels to the outside recipients. */
    int (*recall)(ctx *c, int64_t outgoing_id, const char *reason);
    /* Names of outside bodies reachable electronically, offered by the recipient picker; count
     * or -1. */
    int (*names)(ctx *c, const char ***names_r);
    /* The statuses heard from an outside recipient, in order: appends {code, label, at} to
     * arr. 0, or -1. */
    int (*timeline)(ctx *c, int64_t outgoing_id, const char *name, json_t *arr);
    /* At an update (outgoing_send_update), inside its transaction: the update package to each
     * outside organ the document reached; the number of organs (0 none), or -1. */
    int (*update)(ctx *c, int64_t outgoing_id, const char *reason);
} outgoing_outside_hooks;
void outgoing_on_outside(const outgoing_outside_hooks *h);

#endif
