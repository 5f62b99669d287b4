/* Wiring of the reporting regime (reporting.h): its rule keys, the daily tick as an idle hook
 * of the job workers, its routes. */
#include "base/i18n.h"
#include "jobs/jobs.h"
#include "notify/notify.h"
#include "reporting/reporting_impl.h"
#include "rules/rules.h"

/* Every default number of DOMAIN-2 §4 is a rule with its source: ND 09/2019 for the state
 * analogue, a provincial practice or "mặc định" where no Party rule was found. */
static const rule_def r_cutoff = {"reporting.cutoff_day",
                                  RULE_INT,
                                  "14",
                                  1,
                                  28,
                                  NULL,
                                  N_("Ngày chốt số liệu báo cáo (ngày trong tháng)"),
                                  "NĐ 09/2019/NĐ-CP Điều 12 (tương tự)"};
static const rule_def r_due = {"reporting.due_day",
                               RULE_INT,
                               "25",
                               2,
                               31,
                               NULL,
                               N_("Hạn nộp báo cáo lên cấp trên cùng (ngày của tháng cuối kỳ)"),
                               "NĐ 09/2019/NĐ-CP Điều 13 (tương tự)"};
static const rule_def r_due_commune = {"reporting.due_day_commune",
                                       RULE_INT,
                                       "18",
                                       2,
                                       31,
                                       NULL,
                                       N_("Hạn nộp báo cáo của cấp xã (ngày của tháng cuối kỳ)"),
                                       "Chưa có quy định của Đảng; mặc định, sửa được"};
static const rule_def r_unit_days = {
    "reporting.unit_due_workdays",
    RULE_INT,
    "2",
    1,
    30,
    NULL,
    N_("Hạn nộp của đơn vị (số ngày làm việc sau ngày chốt số liệu)"),
    "QĐ 01/2023/QĐ-UBND tỉnh Khánh Hòa (tương tự)"};
static const rule_def r_gap = {"reporting.min_gap_workdays",
                               RULE_INT,
                               "1",
                               0,
                               10,
                               NULL,
                               N_("Số ngày làm việc tối thiểu giữa ngày chốt số liệu và hạn nộp"),
                               "NĐ 09/2019/NĐ-CP Điều 8 khoản 5"};
static const rule_def r_remind = {"reporting.remind_before_workdays",
                                  RULE_INT,
                                  "2",
                                  0,
                                  20,
                                  NULL,
                                  N_("Nhắc nộp báo cáo trước hạn (ngày làm việc)"),
                                  "Mặc định"};

static int idle_tick(db *d)
{
    return rep_tick(d, NULL, false) > 0 ? 1 : 0;
}

void reporting_init(void)
{
    audit_register_entity("report", rep_audit_may_see);
    /* A reminder or a return opens the report; the office's late list opens the type's
     * completeness matrix. */
    notify_link_register("reporting", "/reports/");
    notify_link_register("reptype", "/reports/types/");
    rules_declare(&r_cutoff);
    rules_declare(&r_due);
    rules_declare(&r_due_commune);
    rules_declare(&r_unit_days);
    rules_declare(&r_gap);
    rules_declare(&r_remind);
    jobs_add_tick(idle_tick);
}

void reporting_routes(void)
{
    reporting_web_routes();
    reporting_admin_routes();
    reporting_api_routes();
}
