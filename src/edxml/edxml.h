#ifndef VP_EDXML_H
#define VP_EDXML_H
/* edXML packages (QCVN 102:2016/BTTTT, DOMAIN.md §4): an issued document as it travels to
 * another installation or system, and the status messages that come back.
 *
 *   build    edxml_build: an issued outgoing document → the envelope (MessageHeader, trace,
 *            Business, manifest, base64 attachments with their SHA-256) for one recipient
 *            organ; edxml_build_status: a StatusCode package.
 *   receive  edxml_receive: validate (well-formed, namespace, required header fields,
 *            attachment hashes), refuse a duplicate/replayed DocumentId or an unknown sender,
 *            then land the document in the electronic queue (exchange.h inbox) exactly like an
 *            in-process delivery — or apply a business message (recall/update/replace).
 *            edxml_receive_status: a status from a recipient onto the sent package's row.
 *   by file  edxml_export / edxml_import (edxml_web.c): the same for a clerk, downloading an
 *            .edxml for a chosen organ, uploading one on the queue page or through the API.
 *
 * Tables (migration 050_edxml.sql): edxml_packages (every package seen, both directions),
 * edxml_organs (outside organs known here), edxml_requests (business requests on a registered
 * document, answered 15/16); inbox.from_name and inbox.due_date for packages from outside.
 *
 * Secrecy (DOMAIN.md §3, QĐ 217-QĐ/TW): Tối mật and Tuyệt mật never leave electronically and
 * never arrive so; a Mật document only over a channel configured as encrypted.
 *
 * The transport (peers/) calls edxml_build / edxml_receive / edxml_build_status /
 * edxml_receive_status with db only: no user (actor NULL in the audit trail). */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/strbuf.h"
#include "db/db.h"
#include "web/ctx.h"
#include "web/errors.h"

#define EDXML_NS "http://www.mic.gov.vn/TBT/QCVN_102_2016"
#define EDXML_MAX_BYTES (64 * 1024 * 1024) /* a whole package (base64 of 50 MB files) */
#define EDXML_MAX_FILES 32                 /* attachments of one package */
#define EDXML_MAX_TEXT 20000               /* one header text field (Content may be long) */

enum edxml_business { EDXML_NEW = 0, EDXML_RECALL = 1, EDXML_UPDATE = 2, EDXML_REPLACE = 3 };

/* StatusCode values (DOMAIN.md §4). */
#define EDXML_ARRIVED "01"
#define EDXML_REFUSED "02"
#define EDXML_ACCEPTED "03"
#define EDXML_WAITING "04"
#define EDXML_IN_PROGRESS "05"
#define EDXML_DONE "06"
#define EDXML_RECALLED "13"
#define EDXML_AGREE "15"
#define EDXML_DISAGREE "16"

/* ---- the package as data (edxml_parse.c, edxml_write.c: no database) ---------------------- */

typedef struct edxml_organ {
    const char *organ_id, *name, *in_charge, *address, *email, *phone, *fax, *website;
} edxml_organ;

typedef struct edxml_file {
    const char *content_id, *name, *mime, *description;
    char sha256[65]; /* hex of the bytes */
    const unsigned char *data;
    size_t size;
} edxml_file;

typedef struct edxml_ref {
    const char *organ_id, *code, *date, *document_id;
} edxml_ref;

typedef struct edxml_trace {
    const char *organ_id, *timestamp;
} edxml_trace;

typedef struct edxml_doc {
    edxml_organ from;
    edxml_organ *to;
    int n_to;
    const char *document_id;
    const char *code_number, *code_notation; /* "05", "CV/VPTU" */
    const char *place, *date;                /* PromulgationInfo; date "YYYY-MM-DD" */
    int type;                                /* DocumentType/Type [unverified codes] */
    const char *type_name, *type_detail;     /* TypeName; TypeDetail: our doc_types code */
    const char *subject, *content;
    const char *signer_competence, *signer_position, *signer_name;
    const char *due_date; /* "YYYY-MM-DD" or NULL */
    const char **places;  /* ToPlaces/Place */
    int n_places;
    int priority;         /* 0 thường … 4 hỏa tốc hẹn giờ (= enum urgency) */
    int secrecy;          /* OtherInfo/Secret: enum secrecy */
    int steering;         /* 1 not a directive, 2 directive, 3 report on a directive */
    int copies, pages;    /* PromulgationAmount, PageAmount (0 = not given) */
    const char *sphere;   /* SphereOfPromulgation */
    const char *typer;    /* TyperNotation */
    edxml_ref *responses; /* ResponseFor */
    int n_responses;
    edxml_trace *trace;
    int n_trace;
    int business;                               /* enum edxml_business */
    const char *business_reason, *business_ref; /* the target DocumentId (business != 0) */
    edxml_file *files;
    int n_files;
} edxml_doc;

typedef struct edxml_status {
    edxml_ref response_for; /* the document the status is about */
    edxml_organ from;
    const char *code; /* "01" … "16" */
    const char *description, *timestamp, *staff;
} edxml_status;

/* Serialises a document package (libxml2 xmlTextWriter: every text escaped by the writer).
 * 0, or -1 with *err_r (static English text for logs). */
int edxml_write_doc(const edxml_doc *p, strbuf *out, const char **err_r);
int edxml_write_status(const edxml_status *s, strbuf *out, const char **err_r);

/* Parses and checks a package: well-formed XML without a DTD, the edXML namespace, the
 * required header fields, every manifest reference present with its attachment, each
 * attachment's SHA-256 equal to its declared hash. Strings and bytes in a. Returns 1 for a
 * document (*doc_r), 2 for a status (*status_r), or -1 with *err_r (Vietnamese, static or in
 * a). No database: the fuzz target calls it. */
int edxml_parse(arena *a, const void *xml, size_t n, edxml_doc **doc_r, edxml_status **status_r,
                const char **err_r);

/* SHA-256 of n bytes as 64 lower-case hex digits (the manifest's Hash). */
void edxml_sha256_hex(const void *p, size_t n, char hex[65]);

/* ---- with the database ------------------------------------------------------------------- */

/* The envelope of issued outgoing document outgoing_id for organ to_organ_id (a unit's
 * organ_id or a known outside organ), with business (enum edxml_business; the referenced
 * DocumentId is the document it replaces for replace, itself otherwise), recorded in
 * edxml_packages ('out'). Refused (−1, *err_r malloc'd Vietnamese, caller frees): not issued
 * (recall: not recalled), Tối mật/Tuyệt mật always, Mật unless encrypted_channel, no organ id
 * for the issuing unit, unknown recipient organ. Writes one row: inside the caller's write
 * transaction (the transport's outbox insert, so both commit together) or alone. */
int edxml_build_ex(db *d, int64_t outgoing_id, const char *to_organ_id, int business,
                   bool encrypted_channel, int64_t user_id, strbuf *out, char **err_r);
/* edxml_build_ex with the Business reason (BusinessDocReason) of a recall/update/replace. */
int edxml_build_reason(db *d, int64_t outgoing_id, const char *to_organ_id, int business,
                       bool encrypted_channel, int64_t user_id, const char *reason, strbuf *out,
                       char **err_r);
/* The same over a channel the transport vouches for: encrypted when the recipient organ is
 * marked encrypted in edxml_organs. */
int edxml_build(db *d, int64_t outgoing_id, const char *to_organ_id, int business, strbuf *out,
                char **err_r);
/* The DocumentId this installation gives an issued document (unverified form, DOMAIN.md §4:
 * "OrganId,YYYY-MM-DD,Number/Notation"), into buf; 0 or -1 when not issued or no organ id. */
int edxml_document_id(db *d, int64_t outgoing_id, char *buf, size_t n);

typedef struct edxml_result {
    /* in */
    bool encrypted_channel; /* the package came over an encrypted channel */
    const user *actor;      /* who uploaded it (audit), NULL for the transport */
    int64_t unit_id;        /* > 0: an upload by that unit's clerk: a To organ must be it */
    /* out */
    char status[3];        /* the edXML status to send back: 01 landed, 02 refused, 13/15 … */
    char message[600];     /* Vietnamese reason (refusal) or what was done */
    int http;              /* 200/201, or 400/409/422 for a refusal (the API answer) */
    char document_id[256]; /* of the package, when it could be read */
    int64_t package_id, inbox_id;
} edxml_result;

/* Receives a document package (from_organ_id: the authenticated sender, or NULL when the
 * package came by file — then its From must be a known organ). Validates (edxml_parse), refuses
 * duplicates/replays, unknown senders and recipients not here, Tối mật/Tuyệt mật, Mật without
 * an encrypted channel; lands a new document in the queue of the recipient unit (status 01, the
 * files in the blob store, clerks notified); applies recall (13 while queued)/update/replace,
 * or records a request for the clerk when the target is registered. One transaction; a refusal
 * writes only its edxml_packages row and an audit entry. Opens and commits its own write
 * transactions: never call it inside one. A status package given here is passed to
 * edxml_receive_status. Returns 0 (landed/applied), 1 (refused, r->status "02"), -1 on a
 * store error. */
int edxml_receive(db *d, const char *from_organ_id, const void *xml, size_t n, edxml_result *r);

/* A status package about document_id (one we received from to_organ_id), code one of the
 * EDXML_* codes, description optional; recorded (one row, inside the caller's transaction or
 * alone). 0 or -1 (*err_r malloc'd). */
int edxml_build_status(db *d, const char *document_id, const char *to_organ_id, const char *code,
                       const char *description, strbuf *out, char **err_r);
/* The status (01 … 06, 13) a document received from from_organ is at now, as the receiving
 * side should report it (03 once registered, 05 once assigned, …; inbox_status of its queue
 * row): for the transport to send status packages as the record moves. *code_r is static.
 * 0, 1 when no such package landed, -1. */
int edxml_received_status(db *d, const char *document_id, const char *from_organ,
                          const char **code_r);
/* A status from a recipient about a package we sent: recorded and set on the sent row (its
 * own transaction). 0, 1 (not about a package we sent, or malformed), -1 store error. */
int edxml_receive_status(db *d, const void *xml, size_t n);

/* ---- for the pages (edxml_web.c) ---------------------------------------------------------- */

/* Export for a clerk/leader who may see the document: edxml_build_ex with a file channel
 * (encrypted only when rule edxml.file_channel_encrypted is 1). Audited. */
int edxml_export(ctx *c, int64_t outgoing_id, const char *to_organ_id, strbuf *out, web_err *e);
/* Import by a clerk (their unit's queue) from an uploaded file. r->http and r->message say
 * the outcome; returns as edxml_receive. */
int edxml_import(ctx *c, const char *path, edxml_result *r);

/* A pending business request of a registered document: agree (15: recall applied to the
 * record) or refuse (16). The answer package is recorded for the sender. 0 or -1 with *e. */
int edxml_request_decide(ctx *c, int64_t request_id, bool agree, const char *note, web_err *e);

void edxml_init(void);
void edxml_routes(void);

#endif
