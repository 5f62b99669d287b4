#ifndef VP_FOLLOWUP_WEB_IMPL_H
#define VP_FOLLOWUP_WEB_IMPL_H
/* Private to followup/'s pages: helpers the page files share. */
#include "base/strbuf.h"
#include "followup/followup.h"

static inline strbuf *fu_body(ctx *c)
{
    return &c->rs->body;
}
/* The status as a mark: <span class="mark …">label</span>. */
void fu_status_mark(ctx *c, enum fu_status s, bool awaiting);
/* The default period of the report: the rule "followup.report_period" (month, quarter, year)
 * around today. */
void fu_default_period(ctx *c, const char **from_r, const char **to_r);
/* Reads the filter of a list or report from the query: from, to, asof, by, lead_unit_id,
 * leader_id, month, bucket, q, due_until. False after answering 400. */
bool fu_query_filter(ctx *c, fu_filter *f, const char **bucket_r, bool list_defaults);
/* The query string that reproduces f (for links), with bucket/key replaced. */
const char *fu_filter_query(ctx *c, const fu_filter *f, const char *bucket);

void fu_h_report(ctx *c);
void fu_h_overdue(ctx *c);
void fu_home_section(ctx *c);
void fu_doc_section(ctx *c, const char *place, int64_t doc_id);
void fu_item_section(ctx *c, const char *place, int64_t item_id);

#endif
