#ifndef VP_DOCGEN_H
#define VP_DOCGEN_H
/* The document itself: an outgoing document (draft or issued) rendered in the Party layout of
 * 36-HD/VPTW (DOMAIN.md §1.3) as PDF/A-2b (cairo + pango on A4 with Liberation Serif, made
 * PDF/A by ghostscript) and as DOCX (WordprocessingML zipped with libzip), the format check of
 * drafts, the print preview and the layout as data.
 *
 * Owns tables docgen_layout (the size and style of each element, with effective dates) and
 * docgen_page (margins), migration 048; writes nothing else. Reads outgoing, registers, units,
 * users, staff and doc_types to build the model of one document. Never changes a document:
 * rendering and checking are reads. The layout is edited by the admin (audited "layout.set").
 *
 * docgen_pdf/docgen_docx/docgen_check take a db, not a user: the callers (pages, API, the
 * signer) decide who may see the document first (outgoing_may_see). */
#include <stdbool.h>
#include <stdint.h>

#include "base/strbuf.h"
#include "db/db.h"
#include "web/ctx.h"

/* The document as it stands now, as PDF/A-2b bytes appended to out. 0, or -1 with *err_r
 * (malloc'd Vietnamese message; caller frees). */
int docgen_pdf(db *d, int64_t outgoing_id, strbuf *out, char **err_r);
/* What the document WILL carry once signed: Ký số renders the page before it takes the number,
 * outside the write lock (signing.h), so the number, notation, issue date and signer are given
 * here instead of read from the row. */
typedef struct docgen_as {
    long number;
    const char *notation;    /* "05-CV/VPTU" */
    const char *issued_date; /* "YYYY-MM-DD" */
    int64_t signer_id;       /* the user who signs; 0 = the row's */
} docgen_as;
/* docgen_pdf with *as in place of the row's number, date and signer (as NULL = docgen_pdf). */
int docgen_pdf_as(db *d, int64_t outgoing_id, const docgen_as *as, strbuf *out, char **err_r);
/* The same document as DOCX bytes. 0 or -1 with *err_r (malloc'd). */
int docgen_docx(db *d, int64_t outgoing_id, strbuf *out, char **err_r);

/* One finding of the format check: the field it is about (subject, body, recipients, number,
 * signer, secrecy, doc_type, date), a Vietnamese message, and whether it blocks submission
 * (error) or only warns. */
typedef struct docgen_issue {
    const char *field;
    const char *message;
    bool error;
} docgen_issue;
/* Checks the document (arena strings in a). Returns the number of findings (array in a), or
 * -1 when the document does not exist. */
int docgen_check(db *d, arena *a, int64_t outgoing_id, docgen_issue **issues_r);
/* The findings that block submission, joined into one message (arena), or NULL when none. */
const char *docgen_check_blocking(db *d, arena *a, int64_t outgoing_id);

/* The date line of a document: "Cần Thơ, ngày 03 tháng 12 năm 2026" for date "2026-12-03",
 * with the leading zero of days and months below the rule values docgen.day_zero_below and
 * docgen.month_zero_below in force on that date. Arena string; NULL for a bad date. */
const char *docgen_date_line(db *d, arena *a, const char *place, const char *date);

/* The signing authority block (element 7 of 36-HD/VPTW). */
enum docgen_authority {
    DG_AUTH_AUTO = 0, /* from the register's unit, the signer's role and position */
    DG_AUTH_NONE,     /* the head of the body signs in own name */
    DG_AUTH_TM,       /* T/M: for a collective body (Ban Thường vụ) */
    DG_AUTH_KT,       /* K/T: a deputy for the head */
    DG_AUTH_TL,       /* T/L: the office head on the body's order */
    DG_AUTH_TUQ,      /* TUQ.: by the head's authorisation */
};
typedef struct docgen_sign_in {
    const char *unit_level;  /* units.level of the register's unit: "TINH", "BAN", … */
    const char *signer_role; /* role code of the signer */
    const char *position;    /* staff.position, NULL when unknown */
    const char *name;        /* the signer's name */
    enum docgen_authority authority;
} docgen_sign_in;
typedef struct docgen_sign_block {
    const char *authority; /* "T/M BAN THƯỜNG VỤ", "" when none */
    const char *position;  /* "PHÓ BÍ THƯ THƯỜNG TRỰC" */
    const char *name;      /* "Nguyễn Văn Hùng" */
} docgen_sign_block;
void docgen_sign(arena *a, const docgen_sign_in *in, docgen_sign_block *out);

/* Layout admin: the rows in force and the history (docgen_layout.c). */
bool docgen_may_edit_layout(const user *u);

/* Start-up: rule keys, the "out.files" page section. Idempotent. */
void docgen_init(void);
/* /outgoing/{id}/print, /outgoing/{id}/document.pdf|.docx, /admin/layout, the API. */
void docgen_routes(void);

#endif
