#ifndef VP_DOCS_H
#define VP_DOCS_H
/* Shared vocabulary of the documents module (văn bản đến / văn bản đi), DOMAIN.md §1–§4.
 *
 * Files: incoming*.c, inbox.c, notify.c, dashboard.c, followup.c — the incoming side;
 * outgoing*.c, numbering.c, catalog.c, blob.c, attach.c, dossier.c, export.c — the outgoing
 * side and the shared stores. Each side exposes its routes: incoming_routes(),
 * outgoing_routes(). */
#include <stdbool.h>
#include <stdint.h>

#include "web/ctx.h"
#include "base/strbuf.h"

/* Độ mật. Codes in the API: none, mat, toi_mat, tuyet_mat. */
enum secrecy { SECRECY_NONE = 0, SECRECY_MAT, SECRECY_TOI_MAT, SECRECY_TUYET_MAT };
/* Độ khẩn; the numeric values are edXML's Priority codes (DOMAIN.md §4).
 * API codes: normal, khan, thuong_khan, hoa_toc, hoa_toc_hen_gio. */
enum urgency {
    URGENCY_NORMAL = 0,
    URGENCY_KHAN = 1,
    URGENCY_THUONG_KHAN = 2,
    URGENCY_HOA_TOC = 3,
    URGENCY_HOA_TOC_HEN_GIO = 4,
};

/* The API codes in enum order, NULL-terminated (for params.h's enum readers). */
extern const char *const secrecy_codes[];
extern const char *const urgency_codes[];
const char *secrecy_code(enum secrecy s);
int secrecy_from_code(const char *s);      /* -1 when unknown */
const char *secrecy_label(enum secrecy s); /* "Thường", "Mật", "Tối mật", "Tuyệt mật" */
const char *urgency_code(enum urgency u);
int urgency_from_code(const char *s);
const char *urgency_label(enum urgency u); /* "Thường", "Khẩn", "Thượng khẩn", "Hỏa tốc", … */
/* Thượng khẩn and above stand out in every list and notify at once. */
bool urgency_is_urgent(enum urgency u);
/* The marks written after a document's title in every list and page: its secrecy, its
 * urgency (Hỏa tốc stands out from the other urgent ones) and, when set, "Quá hạn". */
void docs_marks_html(strbuf *b, int secrecy, int urgency, bool overdue);
/* Tối mật and Tuyệt mật never travel electronically (QĐ 217/337, DOMAIN.md §3). */
bool secrecy_paper_only(enum secrecy s);

/* Secrecy rule (issue 3): a secret document is visible only to those it was routed to, the
 * clerk who registered it (or the drafter/approver/signer of an outgoing one) and leaders whose
 * role allows it — committee-leader and office-leader within their unit scope. The admin role
 * is technical and does not see secret documents. Everyone else gets 404 and sees no trace in
 * lists, counts, dashboards, notifications, search or the API. */
bool secrecy_leader_may_see(const ctx *c);

/* Binds ?1..?4 of a visibility statement (incoming.h IN_VISIBLE_SQL and the statements that
 * follow the same convention): ?1 the user id, ?2 1 when the caller's scope is every unit, ?3
 * the scope's unit ids as a JSON array, ?4 1 when the caller's role may see secret documents.
 * Anonymous callers bind a scope that matches nothing. */
void docs_vis_bind(ctx *c, db_stmt *s);

#endif
