#ifndef VP_DOCGEN_IMPL_H
#define VP_DOCGEN_IMPL_H
/* Private to docgen: the model of one document (everything the layout prints, already in its
 * final words) and the styles in force. */
#include <stdbool.h>
#include <stdint.h>

#include "base/arena.h"
#include "db/db.h"
#include "base/strbuf.h"
#include "docgen/docgen.h"

/* The elements of the layout, in the order the admin page lists them. */
enum dg_el {
    DG_HEADER,
    DG_SUPERIOR,
    DG_ISSUER,
    DG_NUMBER,
    DG_PLACE_DATE,
    DG_PLACE,
    DG_TYPE_NAME,
    DG_SUMMARY,
    DG_CV_SUMMARY,
    DG_BODY,
    DG_AUTHORITY,
    DG_POSITION,
    DG_SIGNER_NAME,
    DG_RECIPIENTS_TITLE,
    DG_RECIPIENTS,
    DG_SECRECY,
    DG_URGENCY,
    DG_DRAFT_MARK,
    DG_TYPIST,
    DG_N_EL
};
extern const char *const dg_el_codes[DG_N_EL];
extern const char *const dg_el_labels[DG_N_EL]; /* N_() Vietnamese */

typedef struct dg_style {
    double font_pt, space_before, space_after, indent_mm;
    bool bold, italic, upper, underline, verified;
    const char *align; /* left, center, right, justify */
    const char *text;  /* fixed words or NULL */
    const char *effective_from, *source;
} dg_style;

typedef struct dg_page {
    double top, bottom, left, right; /* mm */
    bool verified;
    const char *effective_from, *source;
} dg_page;

typedef struct dg_layout {
    dg_style el[DG_N_EL];
    dg_page page;
} dg_layout;

/* The styles in force on date (rows with the latest effective_from not after it; an element
 * with no row yet takes its earliest). 0 or -1. */
int dg_layout_load(db *d, arena *a, const char *date, dg_layout *out);

typedef struct dg_model {
    int64_t id;
    bool issued; /* has a number (issued or recalled) */
    const char *status;
    const char *doc_type, *type_name, *type_abbr;
    bool is_cong_van;
    const char *superior; /* "" when the unit has no parent */
    const char *issuer;
    const char *number_line; /* "Số 36-HD/TU" or "Số    -HD/TU" */
    const char *date;        /* "YYYY-MM-DD": issued date, or today for a draft */
    const char *date_line;   /* place, date — "" on a draft without a date? no: always shown */
    const char *subject;
    const char **paras; /* body paragraphs */
    int n_paras;
    const char *secrecy, *urgency; /* labels, NULL when none */
    docgen_sign_block sign;
    bool has_signer;
    const char **recipients; /* names of the recipients, in order */
    int n_recipients;
    const char *file_copy; /* Đơn vị/người nhận bản lưu, "" when none */
    const char *typist;    /* "NVA-30b" */
    int copies;
    int secrecy_level, urgency_level;
    /* For the check. */
    const char *notation;
    int64_t register_id;
    long number;
    const char *seq_period;
    bool body_empty;
} dg_model;

/* Loads the model of a document, with *as (may be NULL) in place of the row's number, date and
 * signer. 0, -1 when absent (or a database error). */
int dg_model_load(db *d, arena *a, int64_t id, const docgen_as *as, dg_model *m);
/* The "Nơi nhận" lines as printed: "- Name," each, then "- Lưu Văn phòng." (arena). */
const char **dg_recipient_lines(arena *a, const dg_model *m, const dg_layout *l, int *n_r);
void dg_model_rules(void);
/* UTF-8 upper case (Vietnamese letters included), arena string. */
const char *dg_upper(arena *a, const char *s);
/* The text of an element as printed: upper-cased when its style says so. */
const char *dg_text(arena *a, const dg_style *st, const char *s);

/* The model with its date line and the layout in force on its date (docgen.c). 0 or -1. */
int dg_load(db *d, arena *a, int64_t id, dg_model *m, dg_layout *l);
/* The renderers (docgen_pdf.c, docgen_docx.c) on a loaded model. */
int dg_render_pdf(const dg_model *m, const dg_layout *l, strbuf *out, char **err_r);
int dg_render_docx(const dg_model *m, const dg_layout *l, strbuf *out, char **err_r);
/* A plain PDF from cairo (before ghostscript), used by the bench and tests too. */
int dg_render_cairo(const dg_model *m, const dg_layout *l, strbuf *out, int *pages_r);

/* docgen_web.c / docgen_api.c / docgen_layout_web.c */
void dg_web_routes(void);
void dg_api_routes(void);
void dg_layout_routes(void);
void dg_html_routes(void);
/* The document as HTML at A4 width into the page (docgen_html.c). */
struct ctx;
void dg_html_paper(struct ctx *c, int64_t id);
/* Saves one element's style from effective_from on (admin, audited). 0 or -1 with *err_r,
 * *field_r. */
struct ctx;
int dg_layout_set(struct ctx *c, const char *element, const dg_style *st, const char **err_r,
                  const char **field_r);
int dg_page_set(struct ctx *c, const dg_page *p, const char **err_r, const char **field_r);
int dg_el_from_code(const char *code);
/* The signing authority chosen for a document (docgen_options.c). */
extern const char *const dg_authority_codes[]; /* auto none tm kt tl tuq, NULL-terminated */
const char *dg_authority_label(int a);
enum docgen_authority dg_authority_of(db *d, int64_t id);
int dg_set_authority(struct ctx *c, int64_t id, const char *code, const char **err_r,
                     int *status_r);

#endif
