#ifndef VP_PROGRAMMES_WEB_H
#define VP_PROGRAMMES_WEB_H
/* Private to programmes/: what the page files share. */
#include "base/strbuf.h"
#include "programmes/programmes.h"

strbuf *pw_body(ctx *c);
int pw_this_year(ctx *c);
const char *pw_period_label(ctx *c, const programme *p); /* "Quý II/2026" */
const char *pw_item_time(ctx *c, const prog_item *it);   /* "15/03/2026", "Tháng 3" */
void pw_select(ctx *c, const char *key, const char *name, const char *label,
               const char *const *codes, const char *(*lab)(const char *), const char *dflt,
               const char *id);
/* The programme layout's table; actions: the item links and forms (not on the print). */
void pw_items_table(ctx *c, const programme *p, prog_item *items, int n, bool actions);
int64_t *pw_form_ids(ctx *c, const char *name, int max, int *n_r, bool *bad_r);
/* The links between the module's pages ("list", "lead", "overdue" or NULL). */
void pw_subnav(ctx *c, const char *current);
void pw_routes(void);       /* programmes_web.c */
void pw_views_routes(void); /* programmes_views.c */
void pw_api_routes(void);   /* programmes_api.c */
void pw_home_section(ctx *c);

#endif
