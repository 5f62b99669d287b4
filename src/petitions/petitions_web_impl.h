#ifndef VP_PETITIONS_WEB_H
#define VP_PETITIONS_WEB_H
/* Private to petitions/: the pages' shared pieces and the route groups of each file. */
#include "base/strbuf.h"
#include "web/ctx.h"

strbuf *pet_B(ctx *c);
void pet_links_bar(ctx *c);
/* A select of codes with their labels; the typed value of a refused form wins. */
void pet_select(ctx *c, const char *key, const char *name, const char *label,
                const char *const *codes, const char *(*labeler)(const char *), const char *dflt,
                bool with_empty);
/* A select of the active people in the caller's scope. */
void pet_people_select(ctx *c, const char *key, const char *name, const char *label,
                       int64_t chosen);

/* The report period from ?period=month|q1|h1|9m|year&year=&month= (or custom from/to); false
 * after answering 400. */
bool pet_period(ctx *c, const char **from_r, const char **to_r, const char **label_r);

void pet_web_routes(void);   /* petitions_web.c */
void pet_pages_routes(void); /* pet_pages.c: rules, report */
void reception_routes(void); /* reception_web.c */
void pet_api_routes(void);   /* petitions_api.c */

#endif
