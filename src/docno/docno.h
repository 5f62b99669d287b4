#ifndef VP_SEARCH_DOCNO_H
#define VP_SEARCH_DOCNO_H
/* Document number and notation ("số, ký hiệu văn bản") as printed on a document.
 *
 * Two formats exist (DOMAIN.md §1.2) and a register holds both, since Party offices receive
 * state documents:
 *   Party  <number>-<TYPE>/<ISSUER>          Số 36-HD/VPTW, 05-CV/VPTU, 08-QĐi/TW, 24-BS/UBKTTU
 *   State  <number>[/<year>]/<TYPE>-<ISSUER>  Số: 123/QĐ-UBND, 30/2020/NĐ-CP
 *          <number>[/<year>]/<ISSUER>[-<UNIT>] 123/UBND-VP (state công văn carry no type),
 *                                             59/2020/QH14
 * In the state format the first part after the slash is the type only when it is a known type
 * abbreviation (NĐ 30/2020 Phụ lục III, plus NĐ, TT, TTLT, NQLT and the Party ones); otherwise
 * the whole rest is the issuer.
 *
 * The parser tolerates what people type and paste: a leading "Số", "Số:", "So", any case,
 * NFD, spaces around - and /, typographic dashes (– — ‐ −) and slashes (∕ ⁄), a trailing full
 * stop. It normalises: numbers below 10 get their leading zero (36-HD/VPTW §II.1.3 and NĐ
 * 30/2020 write "05"); known abbreviations take their official case (QĐi, CTr, TTr, TTg);
 * any other abbreviation is upper-cased. */

/* Party or state order of the parts. */
enum docno_form {
    DOCNO_PARTY = 1, /* 36-HD/VPTW: number, hyphen, type, slash, issuer */
    DOCNO_STATE = 2, /* 123/QĐ-UBND: number, slash, type, hyphen, issuer */
};

/* Sizes of the text fields, NUL included; longer parts are a parse error. */
enum { DOCNO_TYPE_MAX = 16, DOCNO_ISSUER_MAX = 64, DOCNO_TEXT_MAX = 96 };

/* A parsed number and notation. Plain value: nothing to free. */
struct docno {
    enum docno_form form;
    int number;                           /* 1 … 9999999 */
    int year;                             /* state form "30/2020/NĐ-CP": 2020; else 0 */
    char type_abbr[DOCNO_TYPE_MAX];       /* "HD", "QĐ", "QĐi"; "" for a state công văn */
    char issuer_abbr[DOCNO_ISSUER_MAX];   /* "VPTW", "UBND", "UBND-VP", "BTC-BNV", "QH14" */
    char text_normalised[DOCNO_TEXT_MAX]; /* "36-HD/VPTW", "123/QĐ-UBND", "05-CV/VPTU" */
};

/* Parses s (UTF-8, NUL-terminated) into *out. Returns 0; or -1 with *out zeroed and, when
 * err_r is not NULL, *err_r set to a malloc'd Vietnamese message for the user ("Không đọc
 * được số, ký hiệu văn bản: "…" (lý do)"), caller frees. On success *err_r is set to NULL. */
int docno_parse(const char *s, struct docno *out, char **err_r);

/* The normalised text of a number: "36-HD/VPTW" (Party), "123/QĐ-UBND" or "123/UBND-VP"
 * (state, type_abbr NULL or ""). The abbreviations are used as given. Returns a malloc'd
 * string, caller frees; NULL if number < 1, issuer_abbr is empty, or a Party number lacks its
 * type. */
char *docno_format(enum docno_form form, int number, const char *type_abbr,
                   const char *issuer_abbr);

/* The same with a year for the state form ("30/2020/NĐ-CP"); year 0 means none. The Party
 * form has no year: NULL if one is given. */
char *docno_format_year(enum docno_form form, int number, int year, const char *type_abbr,
                        const char *issuer_abbr);

#endif
