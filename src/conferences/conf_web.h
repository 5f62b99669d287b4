#ifndef VP_CONF_WEB_H
#define VP_CONF_WEB_H
/* Private to conferences/: the pieces the conference's page is built from, shared between
 * conferences_web.c (the pages), conf_panels_web.c (the panels and their forms) and
 * conf_posts_web.c (the forms' POSTs). */
#include "base/strbuf.h"
#include "conferences/conferences.h"

strbuf *conf_B(ctx *c);                        /* the response body */
const char *conf_when(ctx *c, const char *at); /* "15/12/2026 08:00" */

void conf_doc_picker(ctx *c, int64_t id);
void conf_material_form(ctx *c, int64_t id);
void conf_invitation_form(ctx *c, const conference *k);
void conf_docs_buttons(ctx *c, const conference *k);
void conf_invitees_panel(ctx *c, const conference *k, bool manage);
void conf_endpoints_panel(ctx *c, const conference *k, bool manage);
void conf_attendance_panel(ctx *c, const conference *k, bool manage);
void conf_study_panel(ctx *c, const conference *k);

/* The invited unit the caller answers for on the page: its own unit or its scope's anchor
 * when invited and answerable, else 0. */
int64_t conf_my_unit(ctx *c, const conference *k);

void conf_pages(void); /* GET pages and the home section */
void conf_posts(void); /* the forms' POSTs and the material download */
void conf_api(void);   /* /api/v1/conferences… */

#endif
