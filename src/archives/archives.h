#ifndef VP_ARCHIVES_H
#define VP_ARCHIVES_H
/* Lưu trữ (DOMAIN-2.md §6): the retention catalogue, hand-over of closed dossiers to the agency
 * archive (lưu trữ hiện hành) and on to the historical archive, legal holds, disposal through a
 * valuation council and the head's decision with tombstones, secrecy-aware scanning, export
 * metadata and the reading room.
 *
 * Tables (037_archives.sql): retention_schedule, archive_batches, archive_batch_dossiers,
 * archive_records, legal_holds, destruction_cases, destruction_case_dossiers,
 * archive_tombstones, archive_access, scan_approvals; dossier_headings.retention_code.
 *
 * Who is "the archive": no new role. The archivist is the clerk (văn thư) or the office-leader
 * (Chánh VP) of the committee office — an account whose scope reaches the root unit. The
 * archivist builds batches, accepts them, places and lifts holds, proposes disposal and grants
 * reading-room access. The head's decision on disposal is taken by the role named by the rule
 * archives.decide_role (default committee-leader); the extra approval of a case with secret
 * dossiers is always a committee-leader's.
 *
 * The one hold check: archives_held() — every path that destroys (execute a case, and nothing
 * else destroys) calls it inside the destroying transaction. */
#include <stdbool.h>
#include <stdint.h>

#include "web/ctx.h"

typedef struct ar_result {
    const char *err; /* Vietnamese */
    const char *field;
    int status;
} ar_result;

typedef struct ar_retention {
    int64_t id;
    const char *scheme, *code, *heading, *effective_from, *effective_to;
    int years; /* 0 = Vĩnh viễn */
} ar_retention;

typedef struct ar_dossier {
    int64_t id, unit_id, batch_id;
    const char *code, *title, *unit_name, *closed_on, *due, *deposited_on, *state;
    int year, retention_years, doc_count;
    bool held, overdue;
} ar_dossier;

typedef struct ar_batch {
    int64_t id, unit_id;
    const char *to_archive, *status, *created_at, *accepted_on, *unit_name;
    int n_dossiers;
} ar_batch;

bool archives_is_archivist(ctx *c);

/* Catalogue. */
int archives_retention_list(ctx *c, ar_retention **rows_r);
int64_t archives_retention_add(ctx *c, const ar_retention *in, ar_result *r);
/* Points a dossier heading at a catalogue code (the unit's manager or the archivist). */
int archives_heading_set_code(ctx *c, int64_t heading_id, const char *code, ar_result *r);

/* Due to be handed over (closed, not deposited) in the caller's scope, by due date; overdue
 * ones first. due = 31/12 of (closing year + archives.handover_years). */
int archives_due_list(ctx *c, bool overdue_only, ar_dossier **rows_r);
/* In the agency archive and permanent, due to the historical archive (deposit year +
 * archives.historical_years). */
int archives_historical_due(ctx *c, ar_dossier **rows_r);

int64_t archives_batch_create(ctx *c, const char *to_archive, const int64_t *dossier_ids, int n,
                              const char *note, ar_result *r);
int archives_batch_accept(ctx *c, int64_t batch_id, ar_result *r);
int archives_batch_list(ctx *c, ar_batch **rows_r);
/* The biên bản giao nhận and the list as plain text (what the batch page prints twice). */
const char *archives_batch_minutes(ctx *c, int64_t batch_id);

/* True when a dossier has been accepted by the archive: read-only for its unit. */
bool archives_dossier_deposited(db *d, int64_t dossier_id);

/* Holds. */
int64_t archives_hold_place(ctx *c, int64_t dossier_id, const char *reason, ar_result *r);
int archives_hold_lift(ctx *c, int64_t hold_id, const char *reason, ar_result *r);
bool archives_held(db *d, int64_t dossier_id);

/* Disposal. Eligible: in the archive, not permanent, closing year + retention < this year. */
int archives_disposal_candidates(ctx *c, ar_dossier **rows_r);
/* council: JSON array of {name, position}; at least 3 members. */
int64_t archives_case_propose(ctx *c, const int64_t *dossier_ids, int n, const char *council_json,
                              int64_t proposal_doc_id, ar_result *r);
int archives_case_approve_secret(ctx *c, int64_t case_id, ar_result *r);
int archives_case_decide(ctx *c, int64_t case_id, bool approve, int64_t decision_doc_id,
                         ar_result *r);
/* Destroys the files, writes tombstones and the minutes. Refused (409) when any dossier is
 * under a hold — nothing is destroyed then. Returns the number of dossiers destroyed. */
int archives_case_execute(ctx *c, int64_t case_id, ar_result *r);

typedef struct ar_tombstone {
    int64_t dossier_id, case_id;
    int64_t minutes_doc_id, decision_doc_id; /* outgoing documents, 0 if none */
    const char *code, *title, *destroyed_at, *destroyed_by;
    int year, files;
} ar_tombstone;
/* What was destroyed, newest first (the archivist and the deciding leaders; else 0 rows). */
int archives_tombstones(ctx *c, ar_tombstone **rows_r);

/* Reading room. */
int archives_search(ctx *c, const char *q, int limit, ar_dossier **rows_r);
int64_t archives_access_request(ctx *c, int64_t dossier_id, const char *reason, ar_result *r);
int archives_access_grant(ctx *c, int64_t request_id, bool grant, const char *until, ar_result *r);
/* Whether the caller may read an archived dossier's documents now. */
bool archives_may_read(ctx *c, int64_t dossier_id);

/* Scanning: approve a Mật/Tối mật document for upload (committee-leader or office-leader). */
int archives_scan_approve(ctx *c, const char *doc_kind, int64_t doc_id, const char *note,
                          ar_result *r);

/* Export metadata (TT 05/2025/TT-BNV fields) of one archived dossier, JSON with files and their
 * SHA-256; NULL if absent or not readable. */
void *archives_export_json(ctx *c, int64_t dossier_id); /* json_t * */
/* Writes an export package of one archived dossier into out_dir (created; must not exist), in
 * the shape of a BagIt bag: bagit.txt, metadata.json and metadata.xml (TT 05/2025 fields),
 * data/<n>-<filename> (the files, copied from the blob store), manifest-sha256.txt (every
 * payload file with its SHA-256) and tagmanifest-sha256.txt. A plain folder: whoever needs one
 * file runs tar or zip on it. 0, or -1 with *err_r (static English text). */
int archives_export_package(db *d, int64_t dossier_id, const char *blob_dir, const char *out_dir,
                            const char **err_r);
/* vanphong check: verifies every archived file against its checksum; prints failures to
 * stderr; returns the number of bad files (or -1). */
int archives_fixity_check(db *d, const char *blob_dir, int *checked_r);

/* A disposal case as its page reads it (archives_decision.c). */
typedef struct ar_case {
    int64_t id, decision_doc_id;
    const char *status, *council, *created_at, *decided_at, *executed_at, *minutes;
    const char *decision_label; /* the decision's notation once issued, else its status label */
    bool secret, secret_ok, decision_issued;
    int n_dossiers;
} ar_case;
/* Cases, newest first (the archivist and the deciding leaders; else 0 rows). */
int archives_case_list(ctx *c, ar_case **rows_r);
/* 0 with the case and its dossiers, or -1 (absent or not the caller's to see). */
int archives_case_get(ctx *c, int64_t id, ar_case *k, ar_dossier **rows_r, int *n_r);
/* "Tạo quyết định hủy": an outgoing quyet_dinh draft listing the case's dossiers, linked to the
 * case as its decision document. The case is executed only once that document is issued. */
int64_t archives_case_decision_draft(ctx *c, int64_t case_id, ar_result *r);
bool archives_decision_issued(ctx *c, int64_t doc_id);
/* The export of a whole hand-over batch: JSON {batch_id, dossiers:[export json…]}, or NULL. */
void *archives_batch_export_json(ctx *c, int64_t batch_id); /* json_t * */
/* out_dir (created) holds one package per dossier, each in the layout of
 * archives_export_package, in folders <n>-<code>, and batch.json naming them. */
int archives_export_batch(db *d, int64_t batch_id, const char *blob_dir, const char *out_dir,
                          const char **err_r);

/* ---- issue 19, the remaining gaps (archives_holds.c, archives_fixity.c) ---- */
typedef struct ar_hold {
    int64_t id, dossier_id;
    const char *code, *title, *reason, *placed_by, *placed_at;
    const char *lifted_by, *lifted_at, *lift_reason; /* NULL while in force */
} ar_hold;
typedef struct ar_file {
    const char *filename, *sha256;
    int64_t size;
    int pages; /* -1 not counted yet (the fixity job counts it) */
} ar_file;
/* Who may place a hold (archives_hold_place) and who may lift one (archives_hold_lift). */
bool archives_may_hold(ctx *c);
bool archives_may_lift(ctx *c);
/* One dossier as the archive sees it (archivist or deciding leader): 0, or -1. */
int archives_dossier_view(ctx *c, int64_t dossier_id, ar_dossier *out);
/* dossier_id 0: the holds in force; else every hold of that dossier, in force first. */
int archives_holds_list(ctx *c, int64_t dossier_id, ar_hold **rows_r);
/* The dossier's files with SHA-256 and page count. */
int archives_dossier_files(ctx *c, int64_t dossier_id, ar_file **rows_r);

typedef struct ar_fixity_run {
    int64_t id;
    const char *started_at, *finished_at, *failed; /* failed: JSON [{sha256, filename, code}] */
    int checked, failures;
} ar_fixity_run;
/* The runs of the scheduled fixity check, newest first (archivist or deciding leader). */
int archives_fixity_runs(ctx *c, int limit, ar_fixity_run **rows_r);
/* Queues a run now (the archivist): the job "archives_fixity". */
int archives_fixity_request(ctx *c, ar_result *r);
/* The job itself: checks every archived file's SHA-256, counts missing page counts, records
 * the run and notifies the archivists (clerks and office-leaders of the root unit) of any
 * failure. Returns the failures, or -1. */
int archives_fixity_run(db *d, const char *blob_dir, int *checked_r);
/* The page count of a blob: pdfinfo for a PDF, 1 for an image, the IFDs of a TIFF; -1 none to
 * count or unreadable; -2 the blob is missing. */
int archives_count_pages(const char *blob_dir, const char *sha256, const char *mime);

/* "Lập biên bản tiêu hủy": a bien_ban draft of the outgoing flow in the decision's register,
 * listing the decision, the council, the dossiers destroyed and those kept under a hold; linked
 * to the executed case (done on execution; again from the case page if that failed). */
int64_t archives_case_minutes_draft(ctx *c, int64_t case_id, ar_result *r);
/* The case's minutes document, 0 if none yet. */
int64_t archives_case_minutes_doc(db *d, int64_t case_id);

void archives_routes(void);
void archives_init(void);

#endif
