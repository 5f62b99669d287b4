/* docgen_routes (pages, downloads, API) and docgen_init (rule keys of the date line and of
 * the check, the submit guard on outgoing drafts). */
#include <stdatomic.h>
#include <string.h>

#include "base/i18n.h"
#include "docgen/docgen.h"
#include "docgen/docgen_impl.h"
#include "outgoing/outgoing.h"
#include "rules/rules.h"

/* Whether the format check's errors stop a draft from going to the leader. On by default
 * (the brief of issue 18); an office piloting the check may set "khong" for a while. */
static const rule_def r_block = {"docgen.check_blocks_submit",
                                 RULE_TEXT,
                                 "co",
                                 0,
                                 0,
                                 "co,khong",
                                 N_("Lỗi thể thức chặn việc trình dự thảo (co/khong)"),
                                 N_("Mặc định của hệ thống")};

static const char *submit_guard(ctx *c, int64_t id)
{
    char buf[256];
    const char *v = rules_text(c->db, r_block.key, NULL, buf, sizeof buf);
    if (v && !strcmp(v, "khong"))
        return NULL;
    return docgen_check_blocking(c->db, c->a, id);
}

static int findings(ctx *c, int64_t id, out_finding **v_r)
{
    docgen_issue *v;
    int n = docgen_check(c->db, c->a, id, &v);
    if (n <= 0)
        return 0;
    out_finding *w = arena_alloc(c->a, sizeof *w * (size_t)n);
    for (int i = 0; i < n; i++)
        w[i] = (out_finding){v[i].field, v[i].message, v[i].error};
    *v_r = w;
    return n;
}

void docgen_init(void)
{
    static atomic_bool done;
    if (atomic_exchange(&done, true))
        return;
    dg_model_rules();
    rules_declare(&r_block);
    outgoing_set_submit_guard(submit_guard);
    outgoing_set_findings(findings);
}

void docgen_routes(void)
{
    dg_web_routes();
    dg_api_routes();
    dg_layout_routes();
    dg_html_routes();
}
