#ifndef VP_MEMBERS_IMPL_H
#define VP_MEMBERS_IMPL_H
/* Private to members/: shared between the service, the import and the pages. */
#include "members/members.h"

const char *mem_now(ctx *c);
void mem_validate(ctx *c, const member *in, member *out, const char *prefix, web_err *e);
int64_t mem_write_tx(ctx *c, int64_t id, int64_t unit_id, const member *m);
/* "dd/mm/yyyy" or "yyyy-mm-dd" → "yyyy-mm-dd" in the arena; "" stays ""; anything else is
 * returned as typed (the validation then refuses it). */
const char *mem_date_in(ctx *c, const char *s);
/* "yyyy-mm-dd" → "dd/mm/yyyy" ("" for NULL or ""). */
const char *mem_date_out(ctx *c, const char *s);
void members_web_routes(void);
void members_status_routes(void);
void members_lists_routes(void);
/* The member page's status and discipline sections (members_status_web.c). */
void members_status_panels(ctx *c, const member *m);
void members_api_routes(void);

#endif
