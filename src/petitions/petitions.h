#ifndef VP_PETITIONS_H
#define VP_PETITIONS_H
/* Citizen reception and petitions (tiếp công dân, đơn thư — DOMAIN-2.md §5): the heads'
 * reception days and their delegation, the reception register (sổ tiếp công dân), the letters
 * (khiếu nại, tố cáo, kiến nghị, phản ánh, hỗn hợp) with their classification, screening,
 * handling, legal deadlines computed from a dated rule table, extensions, result and closure,
 * the overdue list with reminders, and the period report.
 *
 * Tables (migration 034_petitions.sql), written only here: petition_rules, petitions,
 * petition_extensions, petition_files, petition_reminders, reception_heads,
 * reception_delegations, reception_sessions, reception_entries.
 *
 * Protecting denouncers. The identity of a writer (name, address, ID number) and the scans of
 * a letter are sealed with crypto_secretbox under a key kept in <data_dir>/keys/petitions.key
 * (0600, created on first use), never in the database file. Of a denunciation (or a mixed
 * letter, which carries one) only the assigned handler and the head who assigned it may open
 * them; every opening is audited ("petition.identity_view") with the petition's id only.
 * Everyone else — lists, registers, exports, reports, notifications, the audit trail — sees the
 * pseudonym ("Người tố cáo TC-2026-0007"). Nothing here is indexed by search/.
 *
 * Who sees a petition: committee-leader, office-leader and clerk with its unit in scope; a
 * specialist the ones assigned to them; a unit account its own unit's; admin none (admin
 * keeps the rule table and the heads). Who registers: clerk and leaders. Who assigns: leaders.
 * Who handles: the handler and leaders in scope. Every change is audited in its transaction
 * and nothing is half-saved. Records the caller may not see answer 404. */
#include <stdbool.h>
#include <stdint.h>

#include "audit/audit.h"
#include "web/ctx.h"
#include "web/errors.h"

#define PET_MAX_TEXT 4000              /* bytes of a summary, guidance, result */
#define PET_MAX_SHORT 300              /* bytes of a name, address, matter, organisation */
#define PET_MAX_SCAN (8 * 1024 * 1024) /* bytes of one sealed scan */

extern const char *const pet_kinds[]; /* complaint denunciation recommendation reflection mixed */
extern const char *const pet_channels[];     /* direct post transferred electronic */
extern const char *const pet_complexities[]; /* normal complex especially */
extern const char *const
    pet_screenings[]; /* eligible anonymous multiple_signers no_new_evidence outside_competence */
extern const char *const pet_statuses[];
extern const char *const pet_stages[]; /* screen accept resolve extend transfer */
const char *pet_kind_label(const char *kind);
const char *pet_channel_label(const char *ch);
const char *pet_complexity_label(const char *cx);
const char *pet_screening_label(const char *s);
const char *pet_status_label(const char *s);
const char *pet_stage_label(const char *s);
const char *pet_handling_label(const char *h);       /* accept return transfer */
const char *pet_reception_kind_label(const char *k); /* regular scheduled unscheduled */

/* ---- identity sealing (pet_crypto.c) ---------------------------------------------------- */
/* Seals n bytes into a malloc'd nonce||box (*out_n bytes); NULL when the key cannot be had. */
unsigned char *pet_seal(const void *p, size_t n, size_t *out_n);
/* Opens a sealed blob; malloc'd plaintext (NUL-terminated, *out_n without it) or NULL. */
char *pet_open(const void *box, size_t n, size_t *out_n);
/* Keyed hash (hex, 32 chars into out >= 33) of a folded text: repeats without identity. */
void pet_keyed_hash(const char *text, char out[33]);
/* Vietnam's ID number forms: 9 digits (CMND) or 12 digits (CCCD). Empty is valid. */
bool pet_id_valid(const char *s);

/* ---- the deadline rule table (pet_rules.c) ---------------------------------------------- */
typedef struct pet_rule {
    int64_t id;
    const char *kind, *party, *complexity, *remote, *stage, *day_kind;
    int days, max_count;
    const char *effective_from, *effective_to, *source;
} pet_rule;
/* The rule in force on date for a letter of this classification at this stage (mixed counts
 * as a complaint); false when none applies. Arena strings. */
bool pet_rule_find(ctx *c, const char *kind, bool party, const char *complexity, bool remote,
                   const char *stage, const char *date, pet_rule *out);
/* from + rule's days (working: workdays_add; calendar: workdays_date_add) into out. */
int pet_rule_due(ctx *c, const pet_rule *r, const char *from, char out[11]);
int pet_rules_list(ctx *c, pet_rule **rows_r);
/* Admin: a new row (id 0) or a change of one; validated, audited ("petition_rule.save"). */
int64_t pet_rule_save(ctx *c, const pet_rule *in, web_err *e);

/* ---- petitions (petitions.c) ------------------------------------------------------------ */
typedef struct pet_ident {
    const char *name, *address, *id_no;
} pet_ident;

typedef struct pet_input {
    const char *received_on, *channel, *source_org, *matter, *summary, *kind, *complexity;
    bool party_related, remote;
    int n_persons;
    pet_ident who; /* empty name = anonymous */
    int64_t reception_entry_id;
} pet_input;

typedef struct petition {
    int64_t id, unit_id, handler_id, assigned_by, repeat_of, outgoing_id, reception_entry_id;
    int year, number, n_persons, extensions, max_extensions;
    const char *code; /* "TC-2026-0007" */
    const char *received_on, *channel, *source_org, *matter, *summary, *kind, *complexity;
    bool party_related, remote, protected_kind, may_identity;
    const char *pseudonym, *screening, *screening_reason, *screened_on, *status;
    const char *accepted_on, *decision_no, *transferred_to, *guidance;
    const char *due_screen, *due_accept, *due_resolve;
    const char *result_on, *result_doc, *result_text, *closed_on;
    const char *handler_name, *unit_name, *created_at;
    bool overdue;
} petition;

bool pet_may_register(ctx *c);
bool pet_may_assign(ctx *c, const petition *p);
bool pet_may_handle(ctx *c, const petition *p);
/* Registers a letter (deadlines computed, repeats linked). New id or -1 with e filled. */
int64_t pet_register(ctx *c, const pet_input *in, web_err *e);
/* NULL when absent or not visible. */
const petition *pet_get(ctx *c, int64_t id);
/* The identity, only for who may see it (audited view); NULL otherwise (e: 404/403). */
const pet_ident *pet_identity(ctx *c, int64_t id, web_err *e);

int pet_classify(ctx *c, int64_t id, const char *kind, bool party, const char *complexity,
                 bool remote, web_err *e);
int pet_screen(ctx *c, int64_t id, const char *outcome, const char *reason, web_err *e);
int pet_assign(ctx *c, int64_t id, int64_t handler_id, web_err *e);
int pet_accept(ctx *c, int64_t id, const char *on, const char *decision_no, web_err *e);
int pet_return(ctx *c, int64_t id, const char *guidance, web_err *e);
/* Transfer: records the body and drafts the outgoing letter (outgoing_create) from the
 * petition without the identity; *outgoing_id_r the draft. */
int pet_transfer(ctx *c, int64_t id, const char *to, int64_t *outgoing_id_r, web_err *e);
int pet_file(ctx *c, int64_t id, const char *reason, web_err *e);
int pet_extend(ctx *c, int64_t id, const char *decided_on, const char *decision_no,
               const char *reason, web_err *e);
int pet_result(ctx *c, int64_t id, const char *on, const char *doc, const char *text, web_err *e);
int pet_close(ctx *c, int64_t id, web_err *e);
/* A scan (sealed); 0 or -1. */
int64_t pet_scan_add(ctx *c, int64_t id, const http_upload *u, web_err *e);
/* The n-th scan (1-based, file_id) for who may see the identity (audited); malloc'd bytes,
 * NULL otherwise. */
void *pet_scan_get(ctx *c, int64_t id, int64_t file_id, size_t *n_r, const char **mime_r,
                   web_err *e);
int pet_scan_count(ctx *c, int64_t id);
/* The text read from each scan (job "petition_ocr": pdftotext, or OCR for an image), in order,
 * into the arena; a note in place of a text not read yet or unreadable. The caller has checked
 * that c->user may see the identity (the text carries the writer's name). */
int pet_scan_texts(ctx *c, int64_t id, const char ***texts_r);

typedef struct pet_extension {
    int ordinal, days;
    const char *day_kind, *decided_on, *decision_no, *reason, *due_before, *due_after;
} pet_extension;
int pet_extensions(ctx *c, int64_t id, pet_extension **rows_r);

typedef struct pet_filter {
    const char *kind, *status, *from, *to, *q; /* q: in code, matter or summary */
    bool overdue, mine;
    int limit, offset;
} pet_filter;
/* Visible petitions, newest first; *total_r the count matching. */
int pet_list(ctx *c, const pet_filter *f, petition **rows_r, int64_t *total_r);

/* ---- reception (reception.c) ------------------------------------------------------------ */
typedef struct rec_head {
    int64_t id, unit_id, user_id;
    const char *level, *name, *unit_name;
    int quota; /* days a month, from the rules keys */
    int held_month, held_quarter, quota_quarter;
} rec_head;
typedef struct rec_session {
    int64_t id, head_id, receiver_id, delegation_id;
    const char *day, *session, *kind, *venue, *note, *head_name, *receiver_name;
    bool held;
    int entries;
} rec_session;
typedef struct rec_entry {
    int64_t id, unit_id, session_id, receiver_id, petition_id;
    int year, stt, n_people;
    const char *day, *reception_kind, *pseudonym, *content, *kind, *prior_agency, *handling,
        *follow_up, *note, *source, *receiver_name;
    const pet_ident *who; /* NULL unless the caller may see it */
} rec_entry;
typedef struct rec_entry_input {
    int64_t session_id;
    const char *day, *reception_kind, *content, *kind, *prior_agency, *handling, *follow_up, *note,
        *source;
    int n_people;
    pet_ident who;
} rec_entry_input;

int rec_heads(ctx *c, const char *day, rec_head **rows_r);
int64_t rec_head_add(ctx *c, int64_t unit_id, int64_t user_id, const char *level, web_err *e);
int64_t rec_delegate(ctx *c, int64_t head_id, int64_t delegate_id, const char *from, const char *to,
                     const char *decision, web_err *e);
int64_t rec_session_add(ctx *c, int64_t head_id, const char *day, const char *session,
                        const char *kind, int64_t receiver_id, const char *venue, const char *note,
                        web_err *e);
int rec_session_held(ctx *c, int64_t id, web_err *e);
int rec_sessions(ctx *c, const char *from, const char *to, rec_session **rows_r);
const rec_session *rec_session_get(ctx *c, int64_t id);
int64_t rec_entry_add(ctx *c, const rec_entry_input *in, web_err *e);
/* The register for [from, to] (visible units), STT order. */
int rec_entries(ctx *c, const char *from, const char *to, rec_entry **rows_r);
bool rec_may_manage(ctx *c);

/* ---- reports, overdue, reminders (pet_report.c) ----------------------------------------- */
/* The citizen-reception report's figures for unit_id (0 = the caller's anchor and below) and
 * [from, to], as code → value pairs (codes documented in docs/api.md "## Petitions"). The
 * reporting module calls it for its "tiếp công dân" report type. Returns the count of pairs;
 * codes are static strings, values in *values_r. */
typedef struct pet_value {
    const char *code, *label;
    int64_t value;
} pet_value;
int petitions_report_values(ctx *c, int64_t unit_id, const char *from, const char *to,
                            pet_value **values_r);
/* Receptions held by whom in [from, to]: each head of the caller's scope with the days they
 * (or their delegates) received citizens, of which delegated, and the visits and people of
 * those sessions. Arena rows; the count. */
typedef struct pet_head_figure {
    const char *name, *unit_name, *level;
    int days, delegated, visits, people;
} pet_head_figure;
int petitions_report_heads(ctx *c, const char *from, const char *to, pet_head_figure **rows_r);
/* Sends due reminders (before / on / after each deadline, offsets from rules keys) to the
 * handler, or the unit's leaders when unassigned; texts carry the code and pseudonym only.
 * Returns how many were sent. Opens its own write transaction. */
int pet_remind(db *d, const char *today);

void petitions_routes(void);
/* Rules keys, the record kind "pet", the audit resolvers, the reminder job. */
void petitions_init(void);

#endif
