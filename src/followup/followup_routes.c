/* followup_routes (pages, API, home section) and followup_init (rule keys, the reminder
 * sweep as an idle job). */
#include <stdatomic.h>

#include "audit/audit.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "db/db.h"
#include "followup/followup.h"
#include "followup/followup_impl.h"
#include "followup/followup_web_impl.h"
#include "jobs/jobs.h"
#include "notify/notify.h"
#include "rules/rules.h"
#include "web/layout.h"
#include "web/records.h"

void followup_web_routes(void);
void followup_api_routes(void);

/* Every default here is a rule value an office changes from a date on (rules.h), never a
 * constant of the code: DOMAIN-2.md §3 "keep configurable". */
static const rule_def r_remind = {
    "followup.remind_working_days",
    RULE_INT,
    "3",
    0,
    30,
    NULL,
    N_("Nhắc hạn nhiệm vụ trước hạn (ngày làm việc)"),
    N_("Mặc định; QĐ 42/2014/QĐ-TTg (tương tự) không ấn định số ngày")};
/* Who may move a deadline: the body that concluded set it, so by default only the Thường
 * trực (committee-leader) moves it — the VPCP analogue (QĐ 42/2014, QĐ 23/2018) has the
 * office propose and the assigning leader decide. An office that delegates this to its Chánh
 * Văn phòng sets "office-leader" (committee-leaders keep the power). */
static const rule_def r_extend = {
    "followup.extend_role",
    RULE_TEXT,
    "committee-leader",
    0,
    0,
    "office-leader,committee-leader",
    N_("Người quyết định gia hạn nhiệm vụ"),
    N_("QĐ 42/2014/QĐ-TTg, QĐ 23/2018/QĐ-TTg (tương tự): người giao quyết định")};
static const rule_def r_period = {"followup.report_period",
                                  RULE_TEXT,
                                  "year",
                                  0,
                                  0,
                                  "month,quarter,year",
                                  N_("Kỳ mặc định của báo cáo theo dõi nhiệm vụ"),
                                  N_("Mặc định [chưa xác minh]")};
static const rule_def r_ongoing = {
    "followup.ongoing_report_months",
    RULE_INT,
    "0",
    0,
    12,
    NULL,
    N_("Nhiệm vụ thường xuyên báo cáo định kỳ (tháng; 0 = không bắt buộc)"),
    N_("Mặc định [chưa xác minh]")};

/* The sweep runs when the workers are idle, at most once a minute: it is idempotent (a
 * reminder sent is recorded), so running it again only costs a query. */
static int remind_idle(db *d)
{
    static _Atomic int64_t last;
    int64_t now = clock_now(), prev = atomic_load(&last);
    if (now - prev < 60 || !atomic_compare_exchange_strong(&last, &prev, now))
        return 0;
    int n = followup_remind_sweep(d, NULL);
    return n > 0 ? n : 0;
}

void followup_init(void)
{
    static atomic_bool done;
    if (atomic_exchange(&done, true))
        return; /* app_init runs again in tests: one idle hook is enough */
    rules_declare(&r_remind);
    rules_declare(&r_extend);
    rules_declare(&r_period);
    rules_declare(&r_ongoing);
    db_add_open_hook(fu_sql_open_hook);
    record_section_register("out.dossier", fu_doc_section);
    record_section_register("in.dossier", fu_doc_section);
    record_section_register("programme.item", fu_item_section);
    jobs_add_tick(remind_idle);
}

void followup_routes(void)
{
    followup_web_routes();
    followup_api_routes();
    notify_link_register("followup", "/followup/"); /* a task's notices open the task */
    home_section_add(fu_home_section);
    audit_register_entity("followup", followup_audit_may_see);
}
