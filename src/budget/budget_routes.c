/* The module's routes, its rule keys and its audit resolver (budget.h). */
#include <stdatomic.h>
#include <stdbool.h>

#include "audit/audit.h"
#include "base/i18n.h"
#include "budget/budget.h"
#include "budget/budget_impl.h"
#include "budget/budget_web.h"
#include "rules/rules.h"

/* DOMAIN-2 §7 "keep configurable: the budget calendar"; no Party calendar was found, so the
 * state budget calendar is the default [unverified]. Dates as MMDD numbers. */
static const rule_def r_estimate_due = {
    .key = "budget.estimate_due_mmdd",
    .type = RULE_INT,
    .dflt = "720",
    .min = 101,
    .max = 1231,
    .label = N_("Hạn gửi dự toán năm sau (tháng, ngày dạng MMDD, của năm trước năm ngân sách)"),
    .source = N_("Lịch ngân sách nhà nước (Luật NSNN 2015, Điều 44: trước 20/7) làm mặc định "
                 "[chưa xác minh cho cơ quan đảng]"),
};
static const rule_def r_settle_due = {
    .key = "budget.settlement_due_mmdd",
    .type = RULE_INT,
    .dflt = "1001",
    .min = 101,
    .max = 1231,
    .label = N_("Hạn gửi quyết toán năm (MMDD, của năm sau năm ngân sách)"),
    .source = N_("Lịch ngân sách nhà nước (TT 137/2017/TT-BTC, tương tự) làm mặc định "
                 "[chưa xác minh cho cơ quan đảng]"),
};
/* Over the estimate: the state rules forbid spending beyond it, but offices record the
 * voucher and settle later; the default warns, an office that wants a hard stop refuses. */
static const rule_def r_overspend = {
    .key = "budget.overspend",
    .type = RULE_TEXT,
    .dflt = "warn",
    .choices = "warn,refuse",
    .label = N_("Khoản chi vượt dự toán của mục: cảnh báo (warn) hay từ chối (refuse)"),
    .source = N_("Mặc định của hệ thống [chưa xác minh]"),
};

static bool audit_may_see(ctx *c, const audit_row *row)
{
    return budget_get(c, row->entity_id) != NULL;
}

/* The catalogue is the installation's: any signed-in reader of the budget sees its history. */
static bool audit_may_see_line(ctx *c, const audit_row *row)
{
    return c->user != NULL;
}

static bool audit_may_see_spending(ctx *c, const audit_row *row)
{
    return bud_spend_visible(c, row->entity_id);
}

void budget_init(void)
{
    static atomic_bool done;
    if (atomic_exchange(&done, true))
        return;
    rules_declare(&r_estimate_due);
    rules_declare(&r_settle_due);
    rules_declare(&r_overspend);
}

void budget_routes(void)
{
    audit_register_entity("budget", audit_may_see);
    audit_register_entity("budget_spending", audit_may_see_spending);
    audit_register_entity("budget_line", audit_may_see_line);
    bw_routes();
    bw_lines_routes();
    bw_lines_api_routes();
    bw_report_routes();
    bw_api_routes();
}
