#ifndef VP_AWARDS_WEB_IMPL_H
#define VP_AWARDS_WEB_IMPL_H
/* Shared by the pages and the API of awards/ (private). */
#include <jansson.h>

#include "awards/awards.h"

json_t *awards_case_json(ctx *c, const badge_case *b);
json_t *awards_comm_json(const commendation *k);
/* A member of the body: the form field on a page, the JSON member in the API. */
const char *aw_in(ctx *c, json_t *j, const char *name);
int64_t aw_in_int(ctx *c, json_t *j, const char *name);
/* The xlsx of a list of cases (the candidates list, the proposal list of a form). */
void aw_cases_xlsx(ctx *c, const char *title, const char *file, const badge_case *v, int n);
const char *aw_gift_text(ctx *c, const badge_case *b);
/* The table of cases (the list of an occasion, a member's history). */
void aw_cases_table(ctx *c, const badge_case *v, int n);
/* The picker of an issued outgoing document: a GET search form (doc_q) to put before the
 * step's form, and the select named outgoing_id inside it (form `key`), offering documents
 * issued on or after `from` (NULL: any; a badge decision comes after its proposal). */
void aw_outgoing_search(ctx *c, const char *action, const char *anchor);
void aw_outgoing_select(ctx *c, const char *key, const char *from);

#endif
